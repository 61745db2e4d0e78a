/* 128-NEA0..3 and 128-NIA0..3 (TS 33.501 D.2, D.3; algorithms of TS 33.401
 * Annex B). SNOW 3G and ZUC from libipsec-mb, AES from OpenSSL; all contexts
 * come from the per-thread cache, so no call allocates. */
#include "lib/crypto/nas_alg.h"

#include <string.h>

#include <openssl/evp.h>

#include "lib/core/err.h"
#include "lib/crypto/crypto_tls.h"
#include "lib/crypto/ct.h"
#include "lib/crypto/nas_alg_ext.h"

/* Mask of the first r bits of a byte (r = 1..7). */
static inline uint8_t head_mask(unsigned r)
{
	return (uint8_t)(0xff00u >> r);
}

static int check_args(uint8_t bearer, uint8_t dir)
{
	return (bearer > 31 || dir > 1) ? -E_INVAL : 0;
}

/* ---- 128-NIA2 / 128-NEA2 (TS 33.401 B.2.3, B.1.3) ---- */

/* The 64-bit prefix of the CMAC input, and the upper half of the CTR block:
 * COUNT[0..31] | BEARER[0..4] | DIRECTION | 0^26. */
static void aes_prefix(uint8_t out[8], uint32_t count, uint8_t bearer, uint8_t dir)
{
	out[0] = (uint8_t)(count >> 24);
	out[1] = (uint8_t)(count >> 16);
	out[2] = (uint8_t)(count >> 8);
	out[3] = (uint8_t)count;
	out[4] = (uint8_t)(bearer << 3 | dir << 2);
	out[5] = out[6] = out[7] = 0;
}

static int nia2_evp(const uint8_t key[16], const uint8_t prefix[8], const uint8_t *msg, size_t len,
		    uint8_t mac[4])
{
	struct crypto_tls *t = crypto_tls_get();
	uint8_t full[16];
	size_t outl = 0;
	if (!t)
		return -E_CRYPTO;
	if (!EVP_MAC_init(t->cmac, key, 16, NULL) || !EVP_MAC_update(t->cmac, prefix, 8) ||
	    (len && !EVP_MAC_update(t->cmac, msg, len)) ||
	    !EVP_MAC_final(t->cmac, full, &outl, sizeof(full)) || outl != 16)
		return -E_CRYPTO;
	memcpy(mac, full, 4); /* TS 33.401 B.2.3: MACT = T[0]..T[31] */
	return 0;
}

static void dbl(uint8_t out[16], const uint8_t in[16])
{
	uint8_t carry = in[0] >> 7;
	for (int i = 0; i < 15; i++)
		out[i] = (uint8_t)(in[i] << 1 | in[i + 1] >> 7);
	out[15] = (uint8_t)(in[15] << 1) ^ (uint8_t)(carry * 0x87);
}

int nia2_mac_bits_own(const uint8_t key[16], uint32_t count, uint8_t bearer, uint8_t dir,
		      const uint8_t *msg, uint64_t nbits, uint8_t mac[4])
{
	struct crypto_tls *t = crypto_tls_get();
	uint8_t pre[8], k1[16], k2[16], x[16] = { 0 }, blk[16];
	int outl = 0, rc = -E_CRYPTO;
	if (check_args(bearer, dir) || nbits > UINT64_MAX - 64 - 127)
		return -E_INVAL;
	if (!t)
		return -E_CRYPTO;
	aes_prefix(pre, count, bearer, dir);
	if (!EVP_EncryptInit_ex2(t->ecb, NULL, key, NULL, NULL))
		return -E_CRYPTO;
	EVP_CIPHER_CTX_set_padding(t->ecb, 0);
	/* SP 800-38B 6.1: L = E(K, 0^128), K1 = dbl(L), K2 = dbl(K1). */
	if (!EVP_EncryptUpdate(t->ecb, blk, &outl, x, 16))
		goto out;
	dbl(k1, blk);
	dbl(k2, k1);

	uint64_t total = 64 + nbits; /* BLENGTH, bits */
	uint64_t nblk = total == 0 ? 1 : (total + 127) / 128;
	uint64_t mbytes = (nbits + 7) / 8;
	for (uint64_t b = 0; b < nblk; b++) {
		/* Assemble block b of PREFIX || MESSAGE, zero past the end. */
		for (unsigned i = 0; i < 16; i++) {
			uint64_t pos = b * 16 + i;
			uint8_t v = 0;
			if (pos < 8)
				v = pre[pos];
			else if (pos - 8 < mbytes)
				v = msg[pos - 8];
			blk[i] = v;
		}
		if (b == nblk - 1) {
			uint64_t last_bits = total - b * 128; /* 1..128 */
			if (last_bits == 128) {
				for (int i = 0; i < 16; i++)
					blk[i] ^= k1[i];
			} else {
				/* Keep the message bits, append a single 1 bit, then K2. */
				unsigned byte = (unsigned)(last_bits / 8),
					 r = (unsigned)(last_bits % 8);
				if (r)
					blk[byte] &= head_mask(r);
				blk[byte] = (uint8_t)(blk[byte] | (0x80u >> r));
				for (unsigned i = byte + 1; i < 16; i++)
					blk[i] = 0;
				for (int i = 0; i < 16; i++)
					blk[i] ^= k2[i];
			}
		}
		for (int i = 0; i < 16; i++)
			x[i] ^= blk[i];
		if (!EVP_EncryptUpdate(t->ecb, x, &outl, x, 16))
			goto out;
	}
	memcpy(mac, x, 4);
	rc = 0;
out:
	crypto_wipe(k1, sizeof(k1));
	crypto_wipe(k2, sizeof(k2));
	crypto_wipe(x, sizeof(x));
	crypto_wipe(blk, sizeof(blk));
	return rc;
}

static int nea2(const uint8_t key[16], uint32_t count, uint8_t bearer, uint8_t dir, uint8_t *buf,
		size_t len)
{
	uint8_t icb[16] = { 0 };
	aes_prefix(icb, count, bearer, dir); /* TS 33.401 B.1.3: T1 = prefix || 0^64 */
	return crypto_aes128_ctr(key, icb, buf, buf, len);
}

/* ---- 128-NIA1 / 128-NEA1: SNOW 3G UIA2 / UEA2 (TS 33.401 B.2.2, B.1.2) ---- */

static int nia1(const uint8_t key[16], uint32_t count, uint8_t bearer, uint8_t dir,
		const uint8_t *msg, uint64_t nbits, uint8_t mac[4])
{
	struct crypto_tls *t = crypto_tls_get();
	snow3g_key_schedule_t ks;
	uint8_t iv[16];
	if (!t)
		return -E_CRYPTO;
	/* FRESH = BEARER || 0^27 */
	if (IMB_SNOW3G_INIT_KEY_SCHED(t->mb, key, &ks) != 0 ||
	    snow3g_f9_iv_gen(count, (uint32_t)bearer << 27, dir, iv) != 0) {
		crypto_wipe(&ks, sizeof(ks));
		return -E_CRYPTO;
	}
	IMB_SNOW3G_F9_1_BUFFER(t->mb, &ks, iv, msg, nbits, mac);
	crypto_wipe(&ks, sizeof(ks));
	return 0;
}

static int nea1(const uint8_t key[16], uint32_t count, uint8_t bearer, uint8_t dir, uint8_t *buf,
		uint64_t nbits)
{
	struct crypto_tls *t = crypto_tls_get();
	snow3g_key_schedule_t ks;
	uint8_t iv[16];
	if (!t)
		return -E_CRYPTO;
	if (IMB_SNOW3G_INIT_KEY_SCHED(t->mb, key, &ks) != 0 ||
	    snow3g_f8_iv_gen(count, bearer, dir, iv) != 0) {
		crypto_wipe(&ks, sizeof(ks));
		return -E_CRYPTO;
	}
	/* Whole bytes only: libipsec-mb 1.3's bit-length F8 writes past the end
	 * of the buffer (seen by ASan with 253 bits); nea_crypt_bits() restores
	 * the bits past LENGTH afterwards. */
	IMB_SNOW3G_F8_1_BUFFER(t->mb, &ks, iv, buf, buf, (uint32_t)((nbits + 7) / 8));
	crypto_wipe(&ks, sizeof(ks));
	return 0;
}

/* ---- 128-NIA3 / 128-NEA3: ZUC EIA3 / EEA3 (TS 33.401 B.2.4, B.1.4) ---- */

static int nia3(const uint8_t key[16], uint32_t count, uint8_t bearer, uint8_t dir,
		const uint8_t *msg, uint64_t nbits, uint8_t mac[4])
{
	struct crypto_tls *t = crypto_tls_get();
	uint8_t iv[16];
	uint32_t tag = 0;
	if (!t)
		return -E_CRYPTO;
	if (zuc_eia3_iv_gen(count, bearer, dir, iv) != 0)
		return -E_CRYPTO;
	IMB_ZUC_EIA3_1_BUFFER(t->mb, key, iv, msg, (uint32_t)nbits, &tag);
	memcpy(mac, &tag, 4); /* libipsec-mb stores the tag in message byte order */
	return 0;
}

static int nea3(const uint8_t key[16], uint32_t count, uint8_t bearer, uint8_t dir, uint8_t *buf,
		size_t len)
{
	struct crypto_tls *t = crypto_tls_get();
	uint8_t iv[16];
	if (!t)
		return -E_CRYPTO;
	if (zuc_eea3_iv_gen(count, bearer, dir, iv) != 0)
		return -E_CRYPTO;
	IMB_ZUC_EEA3_1_BUFFER(t->mb, key, iv, buf, buf, (uint32_t)len);
	return 0;
}

/* ---- dispatch ---- */

/* Longest message each algorithm takes, in bits (libipsec-mb's limits for
 * SNOW 3G and ZUC; 32-bit lengths elsewhere). */
static uint64_t max_bits(enum nas_alg alg)
{
	switch (alg) {
	case NAS_ALG_1: return UINT32_MAX - 7;
	case NAS_ALG_3: return (uint64_t)NAS_ALG3_MAX_BYTES * 8;
	default: return (uint64_t)UINT32_MAX * 8;
	}
}

int nia_mac_bits(enum nas_alg alg, const uint8_t key[16], uint32_t count, uint8_t bearer,
		 uint8_t dir, const uint8_t *msg, uint64_t nbits, uint8_t mac[4])
{
	if (check_args(bearer, dir) || (unsigned)alg > NAS_ALG_3 || nbits > max_bits(alg) ||
	    (!msg && nbits))
		return -E_INVAL;
	switch (alg) {
	case NAS_ALG_0: memset(mac, 0, 4); return 0;
	case NAS_ALG_1:
		/* libipsec-mb needs at least one bit for SNOW 3G and ZUC. */
		return nbits ? nia1(key, count, bearer, dir, msg, nbits, mac) : -E_INVAL;
	case NAS_ALG_2:
		if (nbits % 8 == 0) {
			uint8_t pre[8];
			aes_prefix(pre, count, bearer, dir);
			return nia2_evp(key, pre, msg, (size_t)(nbits / 8), mac);
		}
		return nia2_mac_bits_own(key, count, bearer, dir, msg, nbits, mac);
	case NAS_ALG_3: return nbits ? nia3(key, count, bearer, dir, msg, nbits, mac) : -E_INVAL;
	}
	return -E_INVAL;
}

int nea_crypt_bits(enum nas_alg alg, const uint8_t key[16], uint32_t count, uint8_t bearer,
		   uint8_t dir, uint8_t *buf, uint64_t nbits)
{
	if (check_args(bearer, dir) || (unsigned)alg > NAS_ALG_3 || nbits > max_bits(alg) ||
	    (!buf && nbits))
		return -E_INVAL;
	if (alg == NAS_ALG_0 || nbits == 0)
		return 0;
	size_t nbytes = (size_t)((nbits + 7) / 8);
	unsigned r = (unsigned)(nbits % 8);
	uint8_t tail = r ? buf[nbytes - 1] : 0; /* bits past LENGTH are kept as they were */
	int rc = -E_INVAL;
	switch (alg) {
	case NAS_ALG_0: break;
	case NAS_ALG_1: rc = nea1(key, count, bearer, dir, buf, nbits); break;
	case NAS_ALG_2: rc = nea2(key, count, bearer, dir, buf, nbytes); break;
	case NAS_ALG_3: rc = nea3(key, count, bearer, dir, buf, nbytes); break;
	}
	if (rc == 0 && r)
		buf[nbytes - 1] = (uint8_t)((buf[nbytes - 1] & head_mask(r)) |
					    (tail & (uint8_t)~head_mask(r)));
	return rc;
}

int nia_mac(enum nas_alg alg, const uint8_t key[16], uint32_t count, uint8_t bearer, uint8_t dir,
	    const uint8_t *msg, size_t len, uint8_t mac[4])
{
	if (len > UINT64_MAX / 8)
		return -E_INVAL;
	return nia_mac_bits(alg, key, count, bearer, dir, msg, (uint64_t)len * 8, mac);
}

int nea_crypt(enum nas_alg alg, const uint8_t key[16], uint32_t count, uint8_t bearer, uint8_t dir,
	      uint8_t *buf, size_t len)
{
	if (len > UINT64_MAX / 8)
		return -E_INVAL;
	return nea_crypt_bits(alg, key, count, bearer, dir, buf, (uint64_t)len * 8);
}

int nia_check(enum nas_alg alg, const uint8_t key[16], uint32_t count, uint8_t bearer, uint8_t dir,
	      const uint8_t *msg, size_t len, const uint8_t mac[4])
{
	uint8_t want[4];
	int rc = nia_mac(alg, key, count, bearer, dir, msg, len, want);
	if (rc < 0)
		return rc;
	if (alg == NAS_ALG_0)
		return 0;
	return ct_eq(want, mac, 4) ? 0 : -E_MAC;
}
