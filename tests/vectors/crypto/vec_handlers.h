/* vec_handlers.h — the run function of each vector type, and the check
 * macro they share. Counters follow tests/unit/t.h's names. */
#ifndef NGCORE_TESTS_VECTORS_CRYPTO_VEC_HANDLERS_H
#define NGCORE_TESTS_VECTORS_CRYPTO_VEC_HANDLERS_H

#include <stdbool.h>
#include <stdint.h>

#include "vec.h"

extern int t_failed, t_checks, t_cases;
extern const char *t_case;

/* First nbits bits of a and b equal? */
bool bits_eq(const uint8_t *a, const uint8_t *b, uint64_t nbits);
/* Prints "file:line: type name: what". */
void vec_report(const struct vec *v, const char *what);

#define VCHECK(v, cond)                                                                            \
	do {                                                                                       \
		t_checks++;                                                                        \
		if (!(cond)) {                                                                     \
			t_failed++;                                                                \
			vec_report(v, #cond);                                                      \
		}                                                                                  \
	} while (0)

void run_nea(const struct vec *v);
void run_nia(const struct vec *v);
void run_milenage(const struct vec *v);
void run_kdf(const struct vec *v);
void run_kausf(const struct vec *v);
void run_res_star(const struct vec *v);
void run_hres_star(const struct vec *v);
void run_kseaf(const struct vec *v);
void run_kamf(const struct vec *v);
void run_alg_key(const struct vec *v);
void run_kgnb(const struct vec *v);
void run_nh(const struct vec *v);
void run_kng_ran_star(const struct vec *v);
void run_kamf_prime(const struct vec *v);
void run_auts(const struct vec *v);
void run_suci(const struct vec *v);

#endif
