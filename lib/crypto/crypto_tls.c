#include "lib/crypto/crypto_tls.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include "lib/core/err.h"
#include "lib/crypto/ct.h"

/* One set per thread; the pthread key only exists so that a thread's set is
 * released when the thread exits. */
static __thread struct crypto_tls *tls_self;
static pthread_key_t tls_key;
static pthread_once_t tls_once = PTHREAD_ONCE_INIT;
static int tls_key_ok;

static void tls_free(struct crypto_tls *t)
{
	if (!t)
		return;
	if (t->mb)
		free_mb_mgr(t->mb);
	EVP_CIPHER_CTX_free(t->ecb);
	EVP_CIPHER_CTX_free(t->ctr);
	EVP_MAC_CTX_free(t->cmac);
	EVP_MAC_CTX_free(t->hmac);
	EVP_MD_CTX_free(t->md);
	EVP_KDF_CTX_free(t->x963);
	EVP_CIPHER_free(t->aes_ecb);
	EVP_CIPHER_free(t->aes_ctr);
	EVP_MAC_free(t->cmac_alg);
	EVP_MAC_free(t->hmac_alg);
	EVP_MD_free(t->sha256);
	explicit_bzero(t, sizeof(*t));
	free(t);
}

static void tls_destructor(void *p)
{
	tls_free(p);
	tls_self = NULL;
}

static void tls_key_init(void)
{
	tls_key_ok = pthread_key_create(&tls_key, tls_destructor) == 0;
}

static struct crypto_tls *tls_new(void)
{
	struct crypto_tls *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->mb = alloc_mb_mgr(0);
	if (!t->mb)
		goto err_free;
	init_mb_mgr_auto(t->mb, NULL);
	if (imb_get_errno(t->mb) != 0)
		goto err_free;

	t->aes_ecb = EVP_CIPHER_fetch(NULL, "AES-128-ECB", NULL);
	t->aes_ctr = EVP_CIPHER_fetch(NULL, "AES-128-CTR", NULL);
	t->cmac_alg = EVP_MAC_fetch(NULL, "CMAC", NULL);
	t->hmac_alg = EVP_MAC_fetch(NULL, "HMAC", NULL);
	t->sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
	if (!t->aes_ecb || !t->aes_ctr || !t->cmac_alg || !t->hmac_alg || !t->sha256)
		goto err_free;
	t->ecb = EVP_CIPHER_CTX_new();
	t->ctr = EVP_CIPHER_CTX_new();
	t->cmac = EVP_MAC_CTX_new(t->cmac_alg);
	t->hmac = EVP_MAC_CTX_new(t->hmac_alg);
	t->md = EVP_MD_CTX_new();
	if (!t->ecb || !t->ctr || !t->cmac || !t->hmac || !t->md)
		goto err_free;
	if (!EVP_EncryptInit_ex2(t->ecb, t->aes_ecb, NULL, NULL, NULL) ||
	    !EVP_EncryptInit_ex2(t->ctr, t->aes_ctr, NULL, NULL, NULL))
		goto err_free;

	/* The MAC algorithms' fixed parameters are set once; each call only re-keys. */
	OSSL_PARAM cp[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, (char *)"AES-128-CBC", 0),
		OSSL_PARAM_construct_end(),
	};
	OSSL_PARAM hp[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0),
		OSSL_PARAM_construct_end(),
	};
	if (!EVP_MAC_CTX_set_params(t->cmac, cp) || !EVP_MAC_CTX_set_params(t->hmac, hp))
		goto err_free;

	/* X9.63 KDF from the provider when it has one; crypto_x963_kdf() falls
	 * back to SEC 1 3.6.1 over SHA-256 otherwise. */
	EVP_KDF *kdf = EVP_KDF_fetch(NULL, "X963KDF", NULL);
	if (kdf) {
		t->x963 = EVP_KDF_CTX_new(kdf);
		EVP_KDF_free(kdf);
		OSSL_PARAM kp[] = {
			OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)"SHA256",
							 0),
			OSSL_PARAM_construct_end(),
		};
		if (t->x963 && !EVP_KDF_CTX_set_params(t->x963, kp)) {
			EVP_KDF_CTX_free(t->x963);
			t->x963 = NULL;
		}
	}
	return t;

err_free:
	tls_free(t);
	return NULL;
}

struct crypto_tls *crypto_tls_get(void)
{
	if (tls_self)
		return tls_self;
	pthread_once(&tls_once, tls_key_init);
	struct crypto_tls *t = tls_new();
	if (!t)
		return NULL;
	if (tls_key_ok)
		pthread_setspecific(tls_key, t);
	tls_self = t;
	return t;
}

void crypto_thread_release(void)
{
	if (!tls_self)
		return;
	if (tls_key_ok)
		pthread_setspecific(tls_key, NULL);
	tls_free(tls_self);
	tls_self = NULL;
}

int crypto_aes128_ecb(const uint8_t key[16], const uint8_t *in, uint8_t *out, size_t nblocks)
{
	struct crypto_tls *t = crypto_tls_get();
	int outl = 0;
	if (!t || nblocks > (size_t)INT32_MAX / 16)
		return -E_CRYPTO;
	if (!EVP_EncryptInit_ex2(t->ecb, NULL, key, NULL, NULL))
		return -E_CRYPTO;
	EVP_CIPHER_CTX_set_padding(t->ecb, 0);
	if (!EVP_EncryptUpdate(t->ecb, out, &outl, in, (int)(nblocks * 16)) ||
	    (size_t)outl != nblocks * 16)
		return -E_CRYPTO;
	return 0;
}

int crypto_aes128_ctr(const uint8_t key[16], const uint8_t icb[16], const uint8_t *in, uint8_t *out,
		      size_t len)
{
	struct crypto_tls *t = crypto_tls_get();
	if (!t)
		return -E_CRYPTO;
	if (!EVP_EncryptInit_ex2(t->ctr, NULL, key, icb, NULL))
		return -E_CRYPTO;
	/* EVP lengths are int: feed huge inputs in pieces (the counter carries on). */
	while (len > 0) {
		int chunk = len > (1u << 30) ? (1 << 30) : (int)len, outl = 0;
		if (!EVP_EncryptUpdate(t->ctr, out, &outl, in, chunk) || outl != chunk)
			return -E_CRYPTO;
		in += chunk;
		out += chunk;
		len -= (size_t)chunk;
	}
	return 0;
}

int crypto_hmac_sha256(const uint8_t *key, size_t key_len, const uint8_t *a, size_t a_len,
		       const uint8_t *b, size_t b_len, uint8_t out[32])
{
	struct crypto_tls *t = crypto_tls_get();
	size_t outl = 0;
	if (!t)
		return -E_CRYPTO;
	if (!EVP_MAC_init(t->hmac, key, key_len, NULL))
		return -E_CRYPTO;
	if ((a && !EVP_MAC_update(t->hmac, a, a_len)) || (b && !EVP_MAC_update(t->hmac, b, b_len)))
		return -E_CRYPTO;
	if (!EVP_MAC_final(t->hmac, out, &outl, 32) || outl != 32)
		return -E_CRYPTO;
	return 0;
}

int crypto_aes128_ecb_key(const uint8_t key[16])
{
	struct crypto_tls *t = crypto_tls_get();
	if (!t || !EVP_EncryptInit_ex2(t->ecb, NULL, key, NULL, NULL))
		return -E_CRYPTO;
	EVP_CIPHER_CTX_set_padding(t->ecb, 0);
	return 0;
}

int crypto_aes128_ecb_block(const uint8_t in[16], uint8_t out[16])
{
	int outl = 0;
	/* only called after crypto_aes128_ecb_key() on this thread */
	if (!tls_self || !EVP_EncryptUpdate(tls_self->ecb, out, &outl, in, 16) || outl != 16)
		return -E_CRYPTO;
	return 0;
}

int crypto_aes128_ctr32(const uint8_t key[16], const uint8_t icb[16], const uint8_t *in,
			uint8_t *out, size_t len)
{
	uint8_t cb[16];
	memcpy(cb, icb, 16);
	while (len > 0) {
		/* blocks left before the low 32 bits wrap */
		uint32_t low = (uint32_t)cb[12] << 24 | (uint32_t)cb[13] << 16 |
			       (uint32_t)cb[14] << 8 | cb[15];
		uint64_t room = ((uint64_t)1 << 32) - low;
		size_t chunk = len;
		if ((uint64_t)chunk > room * 16)
			chunk = (size_t)(room * 16);
		int rc = crypto_aes128_ctr(key, cb, in, out, chunk);
		if (rc < 0)
			return rc;
		in += chunk;
		out += chunk;
		len -= chunk;
		memset(cb + 12, 0, 4); /* wrapped: the upper 96 bits stay */
	}
	return 0;
}

int crypto_sha256(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len, uint8_t out[32])
{
	struct crypto_tls *t = crypto_tls_get();
	unsigned int n = 0;
	if (!t || !EVP_DigestInit_ex2(t->md, t->sha256, NULL) ||
	    !EVP_DigestUpdate(t->md, a, a_len) || (b && !EVP_DigestUpdate(t->md, b, b_len)) ||
	    !EVP_DigestFinal_ex(t->md, out, &n) || n != 32)
		return -E_CRYPTO;
	return 0;
}

int crypto_x963_kdf_plain(const uint8_t *z, size_t z_len, const uint8_t *info, size_t info_len,
			  uint8_t *out, size_t out_len)
{
	struct crypto_tls *t = crypto_tls_get();
	if (!t)
		return -E_CRYPTO;
	/* SEC 1 3.6.1: K_i = Hash(Z || Counter_i || SharedInfo), Counter from 1 */
	for (uint32_t i = 1; out_len > 0; i++) {
		uint8_t ctr[4] = { (uint8_t)(i >> 24), (uint8_t)(i >> 16), (uint8_t)(i >> 8),
				   (uint8_t)i };
		uint8_t h[32];
		unsigned int n = 0;
		if (!EVP_DigestInit_ex2(t->md, t->sha256, NULL) ||
		    !EVP_DigestUpdate(t->md, z, z_len) || !EVP_DigestUpdate(t->md, ctr, 4) ||
		    (info_len && !EVP_DigestUpdate(t->md, info, info_len)) ||
		    !EVP_DigestFinal_ex(t->md, h, &n))
			return -E_CRYPTO;
		size_t take = out_len < 32 ? out_len : 32;
		memcpy(out, h, take);
		crypto_wipe(h, sizeof(h));
		out += take;
		out_len -= take;
	}
	return 0;
}

int crypto_x963_kdf(const uint8_t *z, size_t z_len, const uint8_t *info, size_t info_len,
		    uint8_t *out, size_t out_len)
{
	struct crypto_tls *t = crypto_tls_get();
	if (!t)
		return -E_CRYPTO;
	if (!t->x963)
		return crypto_x963_kdf_plain(z, z_len, info, info_len, out, out_len);
	OSSL_PARAM p[] = {
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, (void *)z, z_len),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, (void *)info, info_len),
		OSSL_PARAM_construct_end(),
	};
	return EVP_KDF_derive(t->x963, out, out_len, p) ? 0 : -E_CRYPTO;
}
