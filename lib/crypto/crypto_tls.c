#include "lib/crypto/crypto_tls.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
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

int crypto_aes128_ctr(const uint8_t key[16], const uint8_t icb[16], const uint8_t *in,
		      uint8_t *out, size_t len)
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
