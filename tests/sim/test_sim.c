/* test_sim — unit tests of ngsim's pieces: latency histogram, NAS COUNT
 * estimation, NAS protection against the 128-NIA2/NEA2 primitives, the
 * configuration loader's checks. */
#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/crypto/nas_alg.h"
#include "sim/hist.h"
#include "sim/sim_cfg.h"
#include "sim/ue_nas.h"
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

static void nas_count_estimate_follows_overflow(void)
{
	CHECK_EQ(sim_nas_count_estimate(0, false, 5), 5);
	CHECK_EQ(sim_nas_count_estimate(5, true, 6), 6);
	CHECK_EQ(sim_nas_count_estimate(0xFF, true, 0), 0x100);
	CHECK_EQ(sim_nas_count_estimate(0x1FE, true, 0x01), 0x201);
	/* a repeated SN can only be a newer message: overflow moves on */
	CHECK_EQ(sim_nas_count_estimate(0x10, true, 0x10), 0x110);
}

static void nas_protect_matches_primitives_and_detects_tampering(void)
{
	uint8_t kint[16], kenc[16], plain[20], out[64], ref[64], mac[4];
	for (int i = 0; i < 16; i++) {
		kint[i] = (uint8_t)(i * 7 + 1);
		kenc[i] = (uint8_t)(i * 13 + 5);
	}
	for (int i = 0; i < 20; i++)
		plain[i] = (uint8_t)(0x7E + i);
	int n = sim_nas_protect(kint, kenc, 2, 2, 0x1234, NAS_DIR_UL, 2, plain, 20, out,
				sizeof(out));
	CHECK_EQ(n, 27);
	CHECK_EQ(out[0], 0x7E);
	CHECK_EQ(out[1], 2);
	CHECK_EQ(out[6], 0x34);
	/* Reference: cipher octets 7.., MAC over octets 6.. (TS 33.501 6.4.3). */
	memcpy(ref + 7, plain, 20);
	ref[6] = 0x34;
	CHECK_EQ(nea_crypt(NAS_ALG_2, kenc, 0x1234, 0, NAS_DIR_UL, ref + 7, 20), 0);
	CHECK_MEM(out + 7, ref + 7, 20);
	CHECK_EQ(nia_mac(NAS_ALG_2, kint, 0x1234, 0, NAS_DIR_UL, ref + 6, 21, mac), 0);
	CHECK_MEM(out + 2, mac, 4);
	CHECK_EQ(sim_nas_verify(kint, 2, 0x1234, NAS_DIR_UL, out, (size_t)n), 0);
	CHECK(sim_nas_verify(kint, 2, 0x1235, NAS_DIR_UL, out, (size_t)n) < 0);
	CHECK(sim_nas_verify(kint, 2, 0x1234, NAS_DIR_DL, out, (size_t)n) < 0);
	out[10] ^= 1;
	CHECK(sim_nas_verify(kint, 2, 0x1234, NAS_DIR_UL, out, (size_t)n) < 0);
	CHECK(sim_nas_verify(kint, 2, 0, NAS_DIR_UL, out, 5) < 0);
	CHECK_EQ(sim_nas_protect(kint, kenc, 2, 2, 0, 0, 2, plain, 20, out, 26), -E_NOSPC);
	CHECK_EQ(sim_nas_protect(kint, kenc, 2, 2, 0, 0, 5, plain, 20, out, 64), -E_INVAL);
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
