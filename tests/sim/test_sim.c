/* test_sim — unit tests of ngsim's pieces: latency histogram, NAS COUNT
 * estimation and NAS protection as ngsim's UEs use lib/codec/nas's nas_sec
 * (checked against the 128-NIA2/NEA2 primitives), the configuration
 * loader's checks. */
#include <stdlib.h>
#include <string.h>

#include "lib/codec/nas/nas_sec.h"
#include "lib/core/err.h"
#include "lib/crypto/nas_alg.h"
#include "sim/hist.h"
#include "sim/sim_cfg.h"
#include "tests/unit/t.h"

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static void hist_quantiles_within_bucket_error(void)
{
	static struct hist h;
	static uint64_t v[20000];
	uint64_t seed = 12345;
	memset(&h, 0, sizeof(h));
	for (int i = 0; i < 20000; i++) {
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		/* latencies from 10 us to ~100 ms, skewed */
		v[i] = 10000 + (seed >> 33) % 1000000 * ((seed >> 20) % 100 + 1);
		hist_add(&h, v[i]);
	}
	qsort(v, 20000, sizeof(v[0]), cmp_u64);
	const double qs[] = { 0.5, 0.9, 0.99 };
	for (int i = 0; i < 3; i++) {
		uint64_t exact = v[(size_t)(qs[i] * 20000) - 1];
		uint64_t got = hist_quantile(&h, qs[i]);
		CHECK(got >= exact);
		CHECK((double)got <= (double)exact * (1.0 + 1.0 / 64) + 1);
	}
	CHECK_EQ(hist_quantile(&h, 1.0), v[19999]);
	CHECK_EQ(h.max, v[19999]);
	CHECK_EQ(h.count, 20000);
}

static void hist_small_values_exact(void)
{
	static struct hist h;
	memset(&h, 0, sizeof(h));
	CHECK_EQ(hist_quantile(&h, 0.5), 0);
	for (uint64_t i = 1; i <= 50; i++)
		hist_add(&h, i);
	CHECK_EQ(hist_quantile(&h, 0.5), 25);
	CHECK_EQ(hist_quantile(&h, 0.9), 45);
	CHECK_EQ(hist_quantile(&h, 1.0), 50);
}

/* Test keys: K_NASint[i] = 7i + 1, K_NASenc[i] = 13i + 5. */
static const uint8_t k_int[16] = { 1, 8, 15, 22, 29, 36, 43, 50, 57, 64, 71, 78, 85, 92, 99, 106 };
static const uint8_t k_enc[16] = { 5,	18,  31,  44,  57,  70,	 83,  96,
				   109, 122, 135, 148, 161, 174, 187, 200 };

/* A context with 128-NIA2/NEA2 and the given next uplink/downlink COUNTs. */
static void ctx_at(struct nas_sec_ctx *c, enum nas_sec_role role, uint32_t ul, uint32_t dl)
{
	CHECK_EQ(nas_sec_init(c, role, (struct nas_ksi){ 0, 1 }, k_int, k_enc, 2, 2), 0);
	c->ul_count = ul;
	c->dl_count = dl;
}

/* The COUNT a UE expecting downlink COUNT next estimates for a message the
 * network sent with COUNT sent (only its 8-bit SN travels); the MAC only
 * verifies when the estimate is the COUNT it was sent with. */
static uint32_t ue_estimate(uint32_t next, uint32_t sent)
{
	struct nas_sec_ctx amf, ue;
	struct nas_unprot_info info;
	uint8_t plain[3] = { 0x7E, 0x00, 0x68 }, buf[16];

	ctx_at(&amf, NAS_ROLE_NETWORK, 0, sent);
	ctx_at(&ue, NAS_ROLE_UE, 0, next);
	int n = nas_protect(&amf, NAS_SHT_INTEG_CIPH, plain, sizeof(plain), buf, sizeof(buf));
	CHECK_EQ(n, 10);
	CHECK_EQ(nas_unprotect(&ue, buf, (size_t)n, buf, sizeof(buf), &info), 3);
	CHECK(info.mac_ok);
	CHECK_MEM(buf, plain, 3);
	CHECK_EQ(ue.dl_count, info.count + 1);
	return info.count;
}

static void nas_count_estimate_follows_overflow(void)
{
	CHECK_EQ(ue_estimate(0, 5), 5); /* nothing accepted yet */
	CHECK_EQ(ue_estimate(6, 6), 6); /* last accepted 5 */
	CHECK_EQ(ue_estimate(0x100, 0x100), 0x100); /* last 0xFF, SN 0 */
	CHECK_EQ(ue_estimate(0x1FF, 0x201), 0x201); /* last 0x1FE, SN 1 */
	/* a repeated SN can only be a newer message: overflow moves on */
	CHECK_EQ(ue_estimate(0x11, 0x110), 0x110); /* last 0x10, SN 0x10 */
}

/* Checks an uplink message with a network context expecting COUNT next,
 * or, with dl set, a UE context (wrong direction). Returns nas_unprotect's. */
static int verify_ul(uint32_t next, bool dl, const uint8_t *msg, size_t len)
{
	struct nas_sec_ctx c;
	uint8_t plain[64];
	ctx_at(&c, dl ? NAS_ROLE_UE : NAS_ROLE_NETWORK, next, next);
	int rc = nas_unprotect(&c, msg, len, plain, sizeof(plain), NULL);
	nas_sec_fini(&c);
	return rc;
}

static void nas_protect_matches_primitives_and_detects_tampering(void)
{
	struct nas_sec_ctx ue;
	uint8_t plain[20], out[64], ref[64], mac[4];
	for (int i = 0; i < 20; i++)
		plain[i] = (uint8_t)(0x7E + i);
	ctx_at(&ue, NAS_ROLE_UE, 0x1234, 0);
	int n = nas_protect(&ue, 2, plain, 20, out, sizeof(out));
	CHECK_EQ(n, 27);
	CHECK_EQ(out[0], 0x7E);
	CHECK_EQ(out[1], 2);
	CHECK_EQ(out[6], 0x34);
	CHECK_EQ(ue.ul_count, 0x1235);
	/* Reference: cipher octets 7.., MAC over octets 6.. (TS 33.501 6.4.3). */
	memcpy(ref + 7, plain, 20);
	ref[6] = 0x34;
	CHECK_EQ(nea_crypt(NAS_ALG_2, k_enc, 0x1234, 0, NAS_DIR_UL, ref + 7, 20), 0);
	CHECK_MEM(out + 7, ref + 7, 20);
	CHECK_EQ(nia_mac(NAS_ALG_2, k_int, 0x1234, 0, NAS_DIR_UL, ref + 6, 21, mac), 0);
	CHECK_MEM(out + 2, mac, 4);
	CHECK_EQ(verify_ul(0x1234, false, out, (size_t)n), 20);
	CHECK(verify_ul(0x1235, false, out, (size_t)n) < 0);
	CHECK(verify_ul(0x1234, true, out, (size_t)n) < 0);
	out[10] ^= 1;
	CHECK(verify_ul(0x1234, false, out, (size_t)n) < 0);
	CHECK(verify_ul(0, false, out, 5) < 0);
	CHECK_EQ(nas_protect(&ue, 2, plain, 20, out, 26), -E_NOSPC);
	CHECK_EQ(nas_protect(&ue, 5, plain, 20, out, 64), -E_INVAL);
	nas_sec_fini(&ue);
}

static void cfg_rejects_bad_values_with_the_key(void)
{
	static struct sim_cfg c;
	struct cfg_err e;
	const char *base = "ues:\n  - imsi: \"001010000000001\"\n"
			   "    k: 465b5ce8b199b49faa5f0a2ee238a6bc\n";
	char y[512];

	snprintf(y, sizeof(y), "%s    opc: cd63cb71954a9f4e48a5994e37a02baf\n", base);
	CHECK_EQ(sim_cfg_load_str(&c, "t.yaml", y, &e), 0);
	CHECK_EQ(c.n_gnbs, 1);
	CHECK_EQ(c.ues[0].count, 1);
	CHECK_EQ(c.ues[0].n_nia, 4);
	/* A group that names no AMF field gets 8000 (separation bit), as exported. */
	CHECK_EQ(c.ues[0].amf_field[0], 0x80);
	CHECK_EQ(c.ues[0].amf_field[1], 0x00);
	snprintf(y, sizeof(y),
		 "%s    opc: cd63cb71954a9f4e48a5994e37a02baf\n    amf_field: \"0000\"\n", base);
	CHECK_EQ(sim_cfg_load_str(&c, "t.yaml", y, &e), 0);
	CHECK_EQ(c.ues[0].amf_field[0], 0x00); /* an explicit 0000 is kept */

	CHECK_EQ(sim_cfg_load_str(&c, "t.yaml", base, &e), -E_CONFIG); /* no opc/op */
	CHECK(strstr(e.msg, "opc") != NULL);

	snprintf(y, sizeof(y),
		 "%s    opc: cd63cb71954a9f4e48a5994e37a02baf\n    suci_scheme: profile-a\n"
		 "    hn_public_key: 0011\n",
		 base);
	CHECK_EQ(sim_cfg_load_str(&c, "t.yaml", y, &e), -E_CONFIG);
	CHECK(strstr(e.msg, "hn_public_key") != NULL);

	snprintf(y, sizeof(y), "%s    opc: cd63cb71954a9f4e48a5994e37a02baf\n    colour: red\n",
		 base);
	CHECK_EQ(sim_cfg_load_str(&c, "t.yaml", y, &e), -E_CONFIG);
	CHECK(strstr(e.msg, "t.yaml:") != NULL && strstr(e.msg, "colour") != NULL);

	snprintf(y, sizeof(y),
		 "%s    opc: cd63cb71954a9f4e48a5994e37a02baf\nsteps:\n"
		 "  - { action: register, ue: 5 }\n",
		 base);
	CHECK_EQ(sim_cfg_load_str(&c, "t.yaml", y, &e), -E_CONFIG);
	CHECK(strstr(e.msg, "steps[0]") != NULL);

	snprintf(y, sizeof(y),
		 "%s    opc: cd63cb71954a9f4e48a5994e37a02baf\n    count: 3\nsteps:\n"
		 "  - { action: register, all: true, expect: registration_accept }\n"
		 "  - { action: frobnicate }\n",
		 base);
	CHECK_EQ(sim_cfg_load_str(&c, "t.yaml", y, &e), -E_CONFIG);
	CHECK(strstr(e.msg, "action") != NULL);

	snprintf(y, sizeof(y),
		 "%s    opc: cd63cb71954a9f4e48a5994e37a02baf\n    count: 3\nsteps:\n"
		 "  - { action: register, all: true }\n",
		 base);
	CHECK_EQ(sim_cfg_load_str(&c, "t.yaml", y, &e), 0);
	CHECK_EQ(c.steps[0].count, 3);
}

int main(void)
{
	RUN(hist_quantiles_within_bucket_error);
	RUN(hist_small_values_exact);
	RUN(nas_count_estimate_follows_overflow);
	RUN(nas_protect_matches_primitives_and_detects_tampering);
	RUN(cfg_rejects_bad_values_with_the_key);
	return t_done();
}
