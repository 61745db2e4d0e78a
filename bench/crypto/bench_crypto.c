/* bench_crypto — operations per second of lib/crypto's hot paths, printed
 * beside the machine's own plain AES-128 block rate measured in the same run
 * (EVP AES-128-ECB over a 64 KiB buffer: the ceiling any AES-based operation
 * here can approach). Figures, not pass/fail. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "bench/bench.h"
#include "lib/crypto/aka.h"
#include "lib/crypto/ct.h"
#include "lib/crypto/kdf.h"
#include "lib/crypto/milenage.h"
#include "lib/crypto/nas_alg.h"
#include "lib/crypto/suci.h"

#define MIN_SECONDS 0.25 /* each figure: calls in growing batches for at least this long */

/* ---- reference: plain AES-128 blocks ---- */
static EVP_CIPHER_CTX *ref_ctx;
static uint8_t ref_buf[65536];
static int aes_bulk(void *arg)
{
	int outl = 0;
	(void)arg;
	return EVP_EncryptUpdate(ref_ctx, ref_buf, &outl, ref_buf, sizeof(ref_buf)) ? 0 : -1;
}

/* ---- shared inputs (TS 35.208 test set 1) ---- */
static const uint8_t K[16] = { 0x46, 0x5b, 0x5c, 0xe8, 0xb1, 0x99, 0xb4, 0x9f,
			       0xaa, 0x5f, 0x0a, 0x2e, 0xe2, 0x38, 0xa6, 0xbc };
static const uint8_t OPC[16] = { 0xcd, 0x63, 0xcb, 0x71, 0x95, 0x4a, 0x9f, 0x4e,
				 0x48, 0xa5, 0x99, 0x4e, 0x37, 0xa0, 0x2b, 0xaf };
static uint8_t RAND[16] = { 0x23, 0x55, 0x3c, 0xbe, 0x96, 0x37, 0xa8, 0x9d,
			    0x21, 0x8a, 0xe6, 0x4d, 0xae, 0x47, 0xbf, 0x35 };
static const uint8_t SQN[6] = { 0xff, 0x9b, 0xb4, 0xd0, 0xb6, 0x07 };
static const uint8_t AMF[2] = { 0xb9, 0xb9 };
static const char SNN[] = "5G:mnc001.mcc001.3gppnetwork.org";
static const char SUPI[] = "001010000000001";

static int milenage_set(void *arg)
{
	uint8_t mac_a[8], mac_s[8], res[8], ck[16], ik[16], ak[6], aks[6];
	(void)arg;
	int rc = milenage_f1(K, OPC, RAND, SQN, AMF, mac_a, mac_s);
	if (rc == 0)
		rc = milenage_f2345(K, OPC, RAND, res, ck, ik, ak, aks);
	RAND[0]++;
	return rc;
}

/* One registration's keys after the AV: K_AUSF, XRES*, HXRES*, K_SEAF, K_AMF,
 * K_NASint, K_NASenc, K_gNB (TS 33.501 6.1.3.2, 6.7, 6.8). */
static int key_chain_from(const struct aka_av *av)
{
	uint8_t kausf[32], xres_star[16], hxres[16], kseaf[32], kamf[32], knasint[16], knasenc[16],
		kgnb[32];
	static const uint8_t abba[2] = { 0, 0 };
	int rc = kdf_kausf(av->ck, av->ik, SNN, sizeof(SNN) - 1, av->sqn_xor_ak, kausf);
	rc = rc ? rc
		: kdf_res_star(av->ck, av->ik, SNN, sizeof(SNN) - 1, av->rand, av->xres, 8,
			       xres_star);
	rc = rc ? rc : kdf_hres_star(av->rand, xres_star, hxres);
	rc = rc ? rc : kdf_kseaf(kausf, SNN, sizeof(SNN) - 1, kseaf);
	rc = rc ? rc : kdf_kamf(kseaf, SUPI, sizeof(SUPI) - 1, abba, 2, kamf);
	rc = rc ? rc : kdf_alg_key(kamf, KDF_N_NAS_INT, 2, knasint);
	rc = rc ? rc : kdf_alg_key(kamf, KDF_N_NAS_ENC, 2, knasenc);
	rc = rc ? rc : kdf_kgnb(kamf, 0, KDF_ACCESS_3GPP, kgnb);
	crypto_wipe(kausf, sizeof(kausf));
	crypto_wipe(kseaf, sizeof(kseaf));
	crypto_wipe(kamf, sizeof(kamf));
	crypto_wipe(knasint, sizeof(knasint));
	crypto_wipe(knasenc, sizeof(knasenc));
	crypto_wipe(kgnb, sizeof(kgnb));
	return rc;
}

static struct aka_av bench_av;
static int key_chain(void *arg)
{
	(void)arg;
	return key_chain_from(&bench_av);
}

static int av_and_key_chain(void *arg)
{
	struct aka_av av;
	(void)arg;
	RAND[1]++;
	int rc = aka_av_generate(K, OPC, RAND, SQN, AMF, &av);
	rc = rc ? rc : key_chain_from(&av);
	aka_av_wipe(&av);
	return rc;
}

struct nas_op {
	enum nas_alg alg; /* algorithm */
	int cipher; /* 1 NEA, 0 NIA */
	size_t len; /* message bytes */
	uint32_t count; /* NAS COUNT, advanced per call */
};
static uint8_t nas_buf[1500];
static int nas_run(void *arg)
{
	struct nas_op *o = arg;
	uint8_t mac[4];
	o->count++;
	if (o->cipher)
		return nea_crypt(o->alg, K, o->count, 0, 1, nas_buf, o->len);
	return nia_mac(o->alg, K, o->count, 0, 1, nas_buf, o->len, mac);
}

struct suci_op {
	struct hn_keys *ks; /* home network key ring */
	enum suci_scheme s; /* profile */
	uint8_t out[64]; /* scheme output for MSIN 0000000001 */
	int len; /* its length */
};
static int suci_run(void *arg)
{
	struct suci_op *o = arg;
	uint8_t plain[16];
	return suci_deconceal(o->ks, o->s, 1, o->out, (size_t)o->len, plain, sizeof(plain));
}

static void row(const char *name, double ops, double aes_blocks, size_t bytes)
{
	printf("  %-34s %12.0f ops/s  = %8.1f AES blocks/op", name, ops, aes_blocks / ops);
	if (bytes)
		printf("  %7.1f MB/s", ops * (double)bytes / 1e6);
	printf("\n");
}

int main(void)
{
	ref_ctx = EVP_CIPHER_CTX_new();
	if (!ref_ctx || !EVP_EncryptInit_ex2(ref_ctx, EVP_aes_128_ecb(), K, NULL, NULL))
		return 1;
	EVP_CIPHER_CTX_set_padding(ref_ctx, 0);
	double aes = bench_rate(aes_bulk, NULL, MIN_SECONDS) * (sizeof(ref_buf) / 16);

	printf("lib/crypto, one thread (reference: plain AES-128, EVP ECB over 64 KiB)\n");
	printf("  %-34s %12.0f blocks/s  %7.1f MB/s\n", "AES-128 block rate (reference)", aes,
	       aes * 16 / 1e6);

	row("Milenage set (f1,f1*,f2,f3,f4,f5,f5*)", bench_rate(milenage_set, NULL, MIN_SECONDS),
	    aes, 0);
	if (aka_av_generate(K, OPC, RAND, SQN, AMF, &bench_av) < 0)
		return 1;
	row("key chain K_AUSF..K_NAS*,K_gNB", bench_rate(key_chain, NULL, MIN_SECONDS), aes, 0);
	row("AV + key chain (one registration)", bench_rate(av_and_key_chain, NULL, MIN_SECONDS),
	    aes, 0);

	static const char *names[2][4] = {
		{ "", "NIA1 (SNOW 3G)", "NIA2 (AES-CMAC)", "NIA3 (ZUC)" },
		{ "", "NEA1 (SNOW 3G)", "NEA2 (AES-CTR)", "NEA3 (ZUC)" }
	};
	for (int cipher = 0; cipher <= 1; cipher++)
		for (int alg = 1; alg <= 3; alg++)
			for (size_t len = 64; len <= 1500; len = len == 64 ? 1500 : 1501) {
				struct nas_op o = { (enum nas_alg)alg, cipher, len, 0 };
				char name[64];
				snprintf(name, sizeof(name), "%s, %zu B", names[cipher][alg], len);
				row(name, bench_rate(nas_run, &o, MIN_SECONDS), aes, len);
			}

	static const uint8_t a_priv[32] = { 0xc5, 0x3c, 0x22, 0x20, 0x8b, 0x61, 0x86, 0x0b,
					    0x06, 0xc6, 0x2e, 0x54, 0x06, 0xa7, 0xb3, 0x30,
					    0xc2, 0xb5, 0x77, 0xaa, 0x55, 0x58, 0x98, 0x15,
					    0x10, 0xd1, 0x28, 0x24, 0x7d, 0x38, 0xbd, 0x1d };
	static const uint8_t b_priv[32] = { 0xf1, 0xab, 0x10, 0x74, 0x47, 0x7e, 0xbc, 0xc7,
					    0xf5, 0x54, 0xea, 0x1c, 0x5f, 0xc3, 0x68, 0xb1,
					    0x61, 0x67, 0x30, 0x15, 0x5e, 0x00, 0x41, 0xac,
					    0x44, 0x7d, 0x63, 0x01, 0x97, 0x5f, 0xec, 0xda };
	struct hn_keys *ks = hn_keys_new();
	if (!ks || hn_keys_add(ks, 1, SUCI_SCHEME_PROFILE_A, a_priv, 32) < 0 ||
	    hn_keys_add(ks, 1, SUCI_SCHEME_PROFILE_B, b_priv, 32) < 0)
		return 1;
	for (int s = 1; s <= 2; s++) {
		struct suci_op o = { ks, (enum suci_scheme)s, { 0 }, 0 };
		uint8_t pub[65], msin[5];
		int pl = hn_keys_public(ks, 1, o.s, pub, sizeof(pub));
		int ml = suci_msin_to_bcd("0000000001", msin, sizeof(msin));
		o.len = suci_conceal(o.s, pub, (size_t)pl, NULL, msin, (size_t)ml, o.out,
				     sizeof(o.out));
		if (pl < 0 || ml < 0 || o.len < 0)
			return 1;
		row(s == 1 ? "SUCI de-conceal, profile A" : "SUCI de-conceal, profile B",
		    bench_rate(suci_run, &o, MIN_SECONDS), aes, 0);
	}
	hn_keys_free(ks);
	aka_av_wipe(&bench_av);
	EVP_CIPHER_CTX_free(ref_ctx);
	crypto_thread_release();
	return 0;
}
