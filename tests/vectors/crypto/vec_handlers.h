/* vec_handlers.h — vector types beyond nea/nia, one run function each. */
#ifndef NGCORE_TESTS_VECTORS_CRYPTO_VEC_HANDLERS_H
#define NGCORE_TESTS_VECTORS_CRYPTO_VEC_HANDLERS_H

#include <stdbool.h>
#include <stdint.h>

#include "vec.h"

bool bits_eq(const uint8_t *a, const uint8_t *b, uint64_t nbits);

#define VEC_MORE_HANDLERS

#endif
