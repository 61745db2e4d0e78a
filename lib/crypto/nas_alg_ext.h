/* nas_alg_ext.h — additions to the fixed nas_alg.h interface: constant-time
 * MAC verification, and 128-NEA/NIA over bit-length messages (TS 33.501 D.2, D.3).
 *
 * nas_alg.h covers the byte-aligned messages NAS and PDCP carry. The _bits
 * variants take LENGTH in bits, as the algorithms and the 3GPP test data
 * (TS 33.401 Annex C, TS 35.217, TS 35.223) define it. Bits of the last byte
 * beyond LENGTH are not part of the message: nia_mac_bits() ignores them and
 * nea_crypt_bits() leaves them unchanged.
 */
#ifndef NGCORE_CRYPTO_NAS_ALG_EXT_H
#define NGCORE_CRYPTO_NAS_ALG_EXT_H

#include <stddef.h>
#include <stdint.h>

#include "lib/crypto/nas_alg.h"

/* Recomputes the MAC of msg[0..len) and compares it with mac[4] in constant
 * time. 0 when it matches, -E_MAC when not, or nia_mac()'s errors.
 * NIA0 gives no integrity, so with NAS_ALG_0 any MAC is accepted; whether
 * NIA0 is acceptable at all is the caller's decision (TS 33.501 5.5.2). */
int nia_check(enum nas_alg alg, const uint8_t key[16], uint32_t count, uint8_t bearer, uint8_t dir,
	      const uint8_t *msg, size_t len, const uint8_t mac[4]);

/* Largest message the ZUC based algorithms accept (libipsec-mb limit). */
#define NAS_ALG3_MAX_BYTES 65504u

/* MAC over the first nbits bits of msg into mac[4]. 0, -E_INVAL (unknown
 * alg, bearer > 31, dir > 1, length beyond the algorithm's limit) or -E_CRYPTO. */
int nia_mac_bits(enum nas_alg alg, const uint8_t key[16], uint32_t count, uint8_t bearer,
		 uint8_t dir, const uint8_t *msg, uint64_t nbits, uint8_t mac[4]);

/* Ciphers the first nbits bits of buf in place. Same errors as nia_mac_bits(). */
int nea_crypt_bits(enum nas_alg alg, const uint8_t key[16], uint32_t count, uint8_t bearer,
		   uint8_t dir, uint8_t *buf, uint64_t nbits);

/* 128-NIA2 computed by this library's own bit-level AES-CMAC (SP 800-38B)
 * rather than OpenSSL's byte-level EVP_MAC; used for non-byte-aligned
 * lengths, and by the tests to cross-check the two. */
int nia2_mac_bits_own(const uint8_t key[16], uint32_t count, uint8_t bearer, uint8_t dir,
		      const uint8_t *msg, uint64_t nbits, uint8_t mac[4]);

#endif
