/* nas_alg.h — 128-NEA and 128-NIA (TS 33.501 Annex D; TS 33.401 Annex B).
 *
 * Inputs per TS 33.501 D.2/D.3: 128-bit KEY, 32-bit COUNT, 5-bit BEARER,
 * 1-bit DIRECTION (0 uplink, 1 downlink). NAS uses BEARER = 0 (3GPP access).
 * Lengths here are in bytes: NAS and the AS/PDCP uses in ngcore are byte-aligned.
 * Implemented in lib/crypto (OpenSSL for AES, libipsec-mb for SNOW 3G and ZUC).
 */
#ifndef NGCORE_CRYPTO_NAS_ALG_H
#define NGCORE_CRYPTO_NAS_ALG_H

#include <stddef.h>
#include <stdint.h>

enum nas_alg {
	NAS_ALG_0 = 0, /* 128-NEA0 / 128-NIA0: null */
	NAS_ALG_1 = 1, /* SNOW 3G based */
	NAS_ALG_2 = 2, /* AES based (CTR / CMAC) */
	NAS_ALG_3 = 3, /* ZUC based */
};

#define NAS_DIR_UL 0
#define NAS_DIR_DL 1

/* Computes the 32-bit MAC-I/NAS-MAC over msg[0..len) into mac[4].
 * NIA0 gives four zero bytes. Returns 0, -E_INVAL (unknown alg) or -E_CRYPTO. */
int nia_mac(enum nas_alg alg, const uint8_t key[16], uint32_t count, uint8_t bearer, uint8_t dir,
	    const uint8_t *msg, size_t len, uint8_t mac[4]);

/* Ciphers (or deciphers: the same operation) buf[0..len) in place.
 * NEA0 leaves buf unchanged. Returns 0, -E_INVAL or -E_CRYPTO. */
int nea_crypt(enum nas_alg alg, const uint8_t key[16], uint32_t count, uint8_t bearer, uint8_t dir,
	      uint8_t *buf, size_t len);

#endif
