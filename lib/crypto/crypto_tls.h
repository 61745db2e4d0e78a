/* crypto_tls.h — per-thread library contexts shared by lib/crypto (internal).
 *
 * Every hot path (NEA/NIA, Milenage, KDFs, ECIES) reuses one set of OpenSSL
 * contexts and one libipsec-mb manager per thread, created on first use and
 * released when the thread exits (or by crypto_thread_release()). Nothing here
 * holds a key between calls: callers re-key a context on every operation, and
 * contexts that held key material are reset before returning.
 */
#ifndef NGCORE_CRYPTO_TLS_H
#define NGCORE_CRYPTO_TLS_H

#include <stddef.h>
#include <stdint.h>

#include <intel-ipsec-mb.h>
#include <openssl/evp.h>

struct crypto_tls {
	IMB_MGR *mb; /* libipsec-mb manager (SNOW 3G, ZUC) */
	EVP_CIPHER *aes_ecb; /* fetched AES-128-ECB */
	EVP_CIPHER *aes_ctr; /* fetched AES-128-CTR */
	EVP_CIPHER_CTX *ecb; /* AES-128-ECB encryption context, padding off */
	EVP_CIPHER_CTX *ctr; /* AES-128-CTR context */
	EVP_MAC *cmac_alg; /* fetched CMAC */
	EVP_MAC *hmac_alg; /* fetched HMAC */
	EVP_MAC_CTX *cmac; /* CMAC context, cipher AES-128-CBC preset */
	EVP_MAC_CTX *hmac; /* HMAC context, digest SHA256 preset */
	EVP_MD *sha256; /* fetched SHA-256 */
	EVP_MD_CTX *md; /* digest context */
	EVP_KDF_CTX *x963; /* ANSI X9.63 KDF, digest SHA256 preset; NULL if absent */
};

/* Returns this thread's contexts, creating them on first use; NULL if
 * OpenSSL or libipsec-mb could not allocate them. */
struct crypto_tls *crypto_tls_get(void);

/* AES-128 encryption of whole 16-byte blocks with the cached ECB context:
 * out = E_key(in) for n blocks. 0 or -E_CRYPTO. */
int crypto_aes128_ecb(const uint8_t key[16], const uint8_t *in, uint8_t *out, size_t nblocks);

/* Keys this thread's ECB context once, then encrypts single blocks with it
 * (Milenage runs six blocks under one K). 0 or -E_CRYPTO. */
int crypto_aes128_ecb_key(const uint8_t key[16]);
int crypto_aes128_ecb_block(const uint8_t in[16], uint8_t out[16]);

/* HMAC-SHA-256 over the concatenation of up to three parts (NULL parts are
 * skipped) into out[32]. 0 or -E_CRYPTO. */
int crypto_hmac_sha256(const uint8_t *key, size_t key_len, const uint8_t *a, size_t a_len,
		       const uint8_t *b, size_t b_len, uint8_t out[32]);

/* AES-128-CTR with a full 128-bit initial counter block (big-endian
 * increment of the whole block, as TS 33.401 B.1.3 and SEC 1 use). */
int crypto_aes128_ctr(const uint8_t key[16], const uint8_t icb[16], const uint8_t *in, uint8_t *out,
		      size_t len);

/* AES-128-CTR whose counter is the low 32 bits of the block (NIST SP 800-38A
 * B.1 with m = 32, as TS 33.501 C.3.4.0 prescribes for ECIES). */
int crypto_aes128_ctr32(const uint8_t key[16], const uint8_t icb[16], const uint8_t *in,
			uint8_t *out, size_t len);

/* SHA-256 of a || b (b may be NULL) into out[32]. 0 or -E_CRYPTO. */
int crypto_sha256(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len, uint8_t out[32]);

/* ANSI X9.63 KDF with SHA-256 (SEC 1 3.6.1): out[0..out_len) from Z and
 * SharedInfo. 0 or -E_CRYPTO. */
int crypto_x963_kdf(const uint8_t *z, size_t z_len, const uint8_t *info, size_t info_len,
		    uint8_t *out, size_t out_len);
/* The same over plain SHA-256 calls: the fallback when the provider has no
 * X963KDF (and the tests' cross-check of the two). */
int crypto_x963_kdf_plain(const uint8_t *z, size_t z_len, const uint8_t *info, size_t info_len,
			  uint8_t *out, size_t out_len);

#endif
