/* TS 33.220 B.2 KDF and the TS 33.501 Annex A derivations. */
#include "lib/crypto/kdf.h"

#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "lib/core/err.h"
#include "lib/crypto/crypto_tls.h"
#include "lib/crypto/ct.h"

int kdf_generic(const uint8_t *key, size_t key_len, uint8_t fc, const struct kdf_param *params,
		size_t nparams, uint8_t out[32])
{
	struct crypto_tls *t = crypto_tls_get();
	size_t outl = 0;
	if (!key || !out || (nparams && !params))
		return -E_INVAL;
	for (size_t i = 0; i < nparams; i++)
		if (params[i].len > 0xffff || (params[i].len && !params[i].p))
			return -E_INVAL;
	if (!t)
		return -E_CRYPTO;
	/* TS 33.220 B.2.0: S = FC || P0 || L0 || P1 || L1 || ... */
	if (!EVP_MAC_init(t->hmac, key, key_len, NULL) || !EVP_MAC_update(t->hmac, &fc, 1))
		return -E_CRYPTO;
	for (size_t i = 0; i < nparams; i++) {
		uint8_t l[2] = { (uint8_t)(params[i].len >> 8), (uint8_t)params[i].len };
		if ((params[i].len && !EVP_MAC_update(t->hmac, params[i].p, params[i].len)) ||
		    !EVP_MAC_update(t->hmac, l, 2))
			return -E_CRYPTO;
	}
	if (!EVP_MAC_final(t->hmac, out, &outl, 32) || outl != 32)
		return -E_CRYPTO;
	return 0;
}

int kdf_snn(const struct plmn *plmn, char *out, size_t cap)
{
	if (!plmn || !out || plmn->mcc > 999 || plmn->mnc > 999)
		return -E_INVAL;
	/* TS 24.501 9.12.1: a two-digit MNC gets a leading "0" */
	int n = snprintf(out, cap, "5G:mnc%03u.mcc%03u.3gppnetwork.org", (unsigned)plmn->mnc,
			 (unsigned)plmn->mcc);
	if (n < 0 || (size_t)n >= cap)
		return -E_NOSPC;
	return n;
}

static int ckik_kdf(const uint8_t ck[16], const uint8_t ik[16], uint8_t fc,
		    const struct kdf_param *p, size_t np, uint8_t out[32])
{
	uint8_t key[32];
	memcpy(key, ck, 16);
	memcpy(key + 16, ik, 16);
	int rc = kdf_generic(key, sizeof(key), fc, p, np, out);
	crypto_wipe(key, sizeof(key));
	return rc;
}

int kdf_kausf(const uint8_t ck[16], const uint8_t ik[16], const char *snn, size_t snn_len,
	      const uint8_t sqn_xor_ak[6], uint8_t kausf[32])
{
	const struct kdf_param p[] = { { (const uint8_t *)snn, snn_len }, { sqn_xor_ak, 6 } };
	if (!snn || !snn_len)
		return -E_INVAL;
	return ckik_kdf(ck, ik, 0x6A, p, 2, kausf); /* A.2 */
}

int kdf_res_star(const uint8_t ck[16], const uint8_t ik[16], const char *snn, size_t snn_len,
		 const uint8_t rand[16], const uint8_t *res, size_t res_len, uint8_t res_star[16])
{
	const struct kdf_param p[] = { { (const uint8_t *)snn, snn_len },
				       { rand, 16 },
				       { res, res_len } };
	uint8_t full[32];
	if (!snn || !snn_len || !res || res_len < 4 || res_len > 16)
		return -E_INVAL;
	int rc = ckik_kdf(ck, ik, 0x6B, p, 3, full); /* A.4 */
	if (rc == 0)
		memcpy(res_star, full + 16, 16); /* the 128 least significant bits */
	crypto_wipe(full, sizeof(full));
	return rc;
}

int kdf_hres_star(const uint8_t rand[16], const uint8_t res_star[16], uint8_t hres_star[16])
{
	uint8_t h[32];
	int rc = crypto_sha256(rand, 16, res_star, 16, h); /* A.5: SHA-256(RAND || RES*) */
	if (rc == 0)
		memcpy(hres_star, h + 16, 16);
	crypto_wipe(h, sizeof(h));
	return rc;
}

int kdf_kseaf(const uint8_t kausf[32], const char *snn, size_t snn_len, uint8_t kseaf[32])
{
	const struct kdf_param p[] = { { (const uint8_t *)snn, snn_len } };
	if (!snn || !snn_len)
		return -E_INVAL;
	return kdf_generic(kausf, 32, 0x6C, p, 1, kseaf); /* A.6 */
}

int kdf_kamf(const uint8_t kseaf[32], const char *supi, size_t supi_len, const uint8_t *abba,
	     size_t abba_len, uint8_t kamf[32])
{
	const struct kdf_param p[] = { { (const uint8_t *)supi, supi_len }, { abba, abba_len } };
	if (!supi || !supi_len || !abba || abba_len < 2)
		return -E_INVAL;
	return kdf_generic(kseaf, 32, 0x6D, p, 2, kamf); /* A.7 */
}

int kdf_alg_key(const uint8_t key[32], enum kdf_alg_type type, uint8_t alg_id, uint8_t out[16])
{
	uint8_t d = (uint8_t)type, a = alg_id, full[32];
	const struct kdf_param p[] = { { &d, 1 }, { &a, 1 } };
	/* A.8: the identity sits in the four least significant bits, the rest 0 */
	if (type < KDF_N_NAS_ENC || type > KDF_N_UP_INT || alg_id > 15)
		return -E_INVAL;
	int rc = kdf_generic(key, 32, 0x69, p, 2, full);
	if (rc == 0)
		memcpy(out, full + 16, 16); /* the 128 least significant bits */
	crypto_wipe(full, sizeof(full));
	return rc;
}

int kdf_kgnb(const uint8_t kamf[32], uint32_t ul_nas_count, uint8_t access_type, uint8_t kgnb[32])
{
	uint8_t c[4] = { (uint8_t)(ul_nas_count >> 24), (uint8_t)(ul_nas_count >> 16),
			 (uint8_t)(ul_nas_count >> 8), (uint8_t)ul_nas_count };
	const struct kdf_param p[] = { { c, 4 }, { &access_type, 1 } };
	if (access_type != KDF_ACCESS_3GPP && access_type != KDF_ACCESS_NON_3GPP)
		return -E_INVAL;
	return kdf_generic(kamf, 32, 0x6E, p, 2, kgnb); /* A.9 */
}

int kdf_nh(const uint8_t kamf[32], const uint8_t sync_input[32], uint8_t nh[32])
{
	const struct kdf_param p[] = { { sync_input, 32 } };
	return kdf_generic(kamf, 32, 0x6F, p, 1, nh); /* A.10 */
}

int kdf_kng_ran_star(const uint8_t key[32], uint16_t pci, uint32_t arfcn_dl, uint8_t out[32])
{
	uint8_t pc[2] = { (uint8_t)(pci >> 8), (uint8_t)pci };
	uint8_t ar[3] = { (uint8_t)(arfcn_dl >> 16), (uint8_t)(arfcn_dl >> 8), (uint8_t)arfcn_dl };
	const struct kdf_param p[] = { { pc, 2 }, { ar, 3 } };
	if (pci > 1007 || arfcn_dl > 3279165) /* TS 38.331 PhysCellId, ARFCN-ValueNR */
		return -E_INVAL;
	return kdf_generic(key, 32, 0x70, p, 2, out); /* A.11 */
}

int kdf_kamf_prime(const uint8_t kamf[32], uint8_t direction, uint32_t count,
		   uint8_t kamf_prime[32])
{
	uint8_t c[4] = { (uint8_t)(count >> 24), (uint8_t)(count >> 16), (uint8_t)(count >> 8),
			 (uint8_t)count };
	const struct kdf_param p[] = { { &direction, 1 }, { c, 4 } };
	if (direction != KDF_KAMF_IDLE_MOBILITY && direction != KDF_KAMF_HANDOVER)
		return -E_INVAL;
	return kdf_generic(kamf, 32, 0x72, p, 2, kamf_prime); /* A.13 */
}
