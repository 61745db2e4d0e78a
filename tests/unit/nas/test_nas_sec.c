/* test_nas_sec.c — NAS message protection: protect/unprotect in both
 * directions with every NEA/NIA pair, known answers computed outside ngcore,
 * COUNT estimation from the SN, replay rejection, COUNT overflow, key wiping.
 */
#include <string.h>

#include "lib/codec/nas/nas_sec.h"
#include "lib/core/err.h"
#include "lib/crypto/nas_alg.h"
#include "tests/unit/t.h"

static const uint8_t kint[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
static const uint8_t kenc[16] = { 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31 };
/* Registration accept with a 5G-GUTI. */
static const uint8_t reg_acc[] = { 0x7e, 0x00, 0x42, 0x01, 0x01, 0x77, 0x00, 0x0b, 0xf2, 0x00,
				   0xf1, 0x10, 0xca, 0xff, 0x81, 0x00, 0x00, 0x00, 0x01 };

static void pair(struct nas_sec_ctx *amf, struct nas_sec_ctx *ue, uint8_t nia, uint8_t nea)
{
	struct nas_ksi k = { 0, 1 };
	CHECK_EQ(nas_sec_init(amf, NAS_ROLE_NETWORK, k, kint, kenc, nia, nea), 0);
	CHECK_EQ(nas_sec_init(ue, NAS_ROLE_UE, k, kint, kenc, nia, nea), 0);
}

/* Both directions, every algorithm pair, both protected header types. */
static void protect_unprotect_every_algorithm_pair(void)
{
	for (uint8_t nia = 0; nia <= 3; nia++) {
		for (uint8_t nea = 0; nea <= 3; nea++) {
			struct nas_sec_ctx amf, ue;
			uint8_t prot[64], plain[64];
			struct nas_unprot_info info;
			pair(&amf, &ue, nia, nea);
			for (uint8_t sht = NAS_SHT_INTEG; sht <= NAS_SHT_INTEG_CIPH; sht++) {
				int n = nas_protect(&amf, sht, reg_acc, sizeof(reg_acc), prot,
						    sizeof(prot));
				CHECK_EQ(n, (int)sizeof(reg_acc) + 7);
				if (sht == NAS_SHT_INTEG_CIPH && nea != 0)
					CHECK(memcmp(prot + 7, reg_acc, sizeof(reg_acc)) != 0);
				int p = nas_unprotect(&ue, prot, (size_t)n, plain, sizeof(plain),
						      &info);
				CHECK_EQ(p, (int)sizeof(reg_acc));
				CHECK_MEM(plain, reg_acc, sizeof(reg_acc));
				CHECK(info.mac_ok);
				CHECK_EQ(info.sht, sht);
				/* And back uplink. */
				n = nas_protect(&ue, sht, reg_acc, sizeof(reg_acc), prot,
						sizeof(prot));
				p = nas_unprotect(&amf, prot, (size_t)n, plain, sizeof(plain),
						  &info);
				CHECK_EQ(p, (int)sizeof(reg_acc));
				CHECK_MEM(plain, reg_acc, sizeof(reg_acc));
			}
			CHECK_EQ(amf.dl_count, 2);
			CHECK_EQ(amf.ul_count, 2);
			CHECK_EQ(ue.ul_count, 2);
			CHECK_EQ(ue.dl_count, 2);
			nas_sec_fini(&amf);
			nas_sec_fini(&ue);
		}
	}
}

/* Known answers computed with Python's "cryptography" package (AES-CTR and
 * AES-CMAC over COUNT||BEARER||DIRECTION||0^26, TS 33.401 B.1.3/B.2.3):
 * downlink, COUNT 0x000105, 128-NIA2 and 128-NEA2. */
static void protect_matches_independent_aes_vectors(void)
{
	struct nas_sec_ctx amf, ue;
	uint8_t want[64], prot[64], plain[64];
	int wl =
		t_unhex(want, sizeof(want), "7e02c8a2ac980571e27596292f93429e954c7fab1dc31eab0111");

	pair(&amf, &ue, NAS_ALG_2, NAS_ALG_2);
	amf.dl_count = 0x105;
	ue.dl_count = 0x100;
	int n = nas_protect(&amf, NAS_SHT_INTEG_CIPH, reg_acc, sizeof(reg_acc), prot, sizeof(prot));
	CHECK_EQ(n, wl);
	CHECK_MEM(prot, want, (size_t)wl);
	CHECK_EQ(nas_unprotect(&ue, want, (size_t)wl, plain, sizeof(plain), NULL),
		 (int)sizeof(reg_acc));
	CHECK_MEM(plain, reg_acc, sizeof(reg_acc));
	CHECK_EQ(ue.dl_count, 0x106);

	/* Uplink, integrity only, COUNT 3: 7e01 MAC 03 7e005e. */
	wl = t_unhex(want, sizeof(want), "7e01e1e0178d037e005e");
	amf.ul_count = 3;
	CHECK_EQ(nas_unprotect(&amf, want, (size_t)wl, plain, sizeof(plain), NULL), 3);
	CHECK_EQ(amf.ul_count, 4);
}

/* TS 33.501 6.4.3.1: lost messages and SN wrap-around are followed. */
static void unprotect_estimates_count_across_gaps_and_wrap(void)
{
	struct nas_sec_ctx amf, ue;
	uint8_t prot[64], plain[64];
	struct nas_unprot_info info;
	int n = 0;

	pair(&amf, &ue, NAS_ALG_2, NAS_ALG_2);
	amf.dl_count = 250;
	ue.dl_count = 250;
	/* Ten messages sent, only the last one arrives: SN went 250 -> 3 (wrapped). */
	for (int i = 0; i < 10; i++)
		n = nas_protect(&amf, NAS_SHT_INTEG_CIPH, reg_acc, sizeof(reg_acc), prot,
				sizeof(prot));
	CHECK_EQ(prot[6], 3);
	CHECK_EQ(nas_unprotect(&ue, prot, (size_t)n, plain, sizeof(plain), &info),
		 (int)sizeof(reg_acc));
	CHECK_EQ(info.count, 259);
	CHECK_EQ(ue.dl_count, 260);
	CHECK_MEM(plain, reg_acc, sizeof(reg_acc));
}

/* Each COUNT is accepted once (TS 33.501 6.4.3.1 replay protection). */
static void unprotect_rejects_replayed_message(void)
{
	struct nas_sec_ctx amf, ue;
	uint8_t prot[64], old[64], plain[64];
	struct nas_unprot_info info;

	pair(&amf, &ue, NAS_ALG_1, NAS_ALG_1);
	int n = nas_protect(&ue, NAS_SHT_INTEG, reg_acc, sizeof(reg_acc), old, sizeof(old));
	CHECK_EQ(nas_unprotect(&amf, old, (size_t)n, plain, sizeof(plain), &info),
		 (int)sizeof(reg_acc));
	CHECK_EQ(amf.ul_count, 1);
	/* The same message again. */
	CHECK_EQ(nas_unprotect(&amf, old, (size_t)n, plain, sizeof(plain), &info), -E_REPLAY);
	CHECK_EQ(info.count, 0);
	CHECK_EQ(amf.ul_count, 1);
	/* Newer messages still pass; the old one still does not. */
	int m = nas_protect(&ue, NAS_SHT_INTEG, reg_acc, sizeof(reg_acc), prot, sizeof(prot));
	CHECK_EQ(nas_unprotect(&amf, prot, (size_t)m, plain, sizeof(plain), NULL),
		 (int)sizeof(reg_acc));
	CHECK_EQ(nas_unprotect(&amf, old, (size_t)n, plain, sizeof(plain), NULL), -E_REPLAY);
	CHECK_EQ(nas_unprotect(&amf, prot, (size_t)m, plain, sizeof(plain), NULL), -E_REPLAY);
	CHECK_EQ(amf.ul_count, 2);
}

static void unprotect_rejects_tampering_and_wrong_direction(void)
{
	struct nas_sec_ctx amf, ue;
	uint8_t prot[64], bad[64], plain[64];
	struct nas_unprot_info info;

	pair(&amf, &ue, NAS_ALG_3, NAS_ALG_3);
	int n = nas_protect(&amf, NAS_SHT_INTEG_CIPH, reg_acc, sizeof(reg_acc), prot, sizeof(prot));
	for (int at = 2; at < n; at++) {
		memcpy(bad, prot, (size_t)n);
		bad[at] ^= 0x01;
		int rc = nas_unprotect(&ue, bad, (size_t)n, plain, sizeof(plain), &info);
		CHECK(rc == -E_MAC || rc == -E_REPLAY);
		CHECK(!info.mac_ok);
	}
	CHECK_EQ(ue.dl_count, 0);
	/* The AMF's own downlink message is not a valid uplink one. */
	CHECK_EQ(nas_unprotect(&amf, prot, (size_t)n, plain, sizeof(plain), NULL), -E_MAC);
	/* A different key fails too. */
	struct nas_sec_ctx other;
	uint8_t k2[16] = { 1 };
	CHECK_EQ(nas_sec_init(&other, NAS_ROLE_UE, (struct nas_ksi){ 0, 1 }, k2, kenc, 3, 3), 0);
	CHECK_EQ(nas_unprotect(&other, prot, (size_t)n, plain, sizeof(plain), NULL), -E_MAC);
	/* The genuine one still passes. */
	CHECK_EQ(nas_unprotect(&ue, prot, (size_t)n, plain, sizeof(plain), NULL),
		 (int)sizeof(reg_acc));
}

/* With NIA0 there is no MAC to check (TS 33.501 D.1). */
static void nia0_accepts_any_mac(void)
{
	struct nas_sec_ctx amf, ue;
	uint8_t prot[64], plain[64];

	pair(&amf, &ue, NAS_ALG_0, NAS_ALG_0);
	int n = nas_protect(&amf, NAS_SHT_INTEG_CIPH, reg_acc, sizeof(reg_acc), prot, sizeof(prot));
	CHECK_MEM(prot + 2, "\0\0\0\0", 4);
	CHECK_MEM(prot + 7, reg_acc, sizeof(reg_acc)); /* NEA0 leaves it readable */
	prot[3] = 0x55;
	CHECK_EQ(nas_unprotect(&ue, prot, (size_t)n, plain, sizeof(plain), NULL),
		 (int)sizeof(reg_acc));
}

/* TS 24.501 4.4.3.1: the 24-bit NAS COUNT must not wrap. */
static void count_overflow_is_refused(void)
{
	struct nas_sec_ctx amf, ue;
	uint8_t prot[64], plain[64];

	pair(&amf, &ue, NAS_ALG_2, NAS_ALG_0);
	CHECK(!nas_sec_needs_rekey(&amf));
	amf.dl_count = NAS_COUNT_MAX;
	CHECK(nas_sec_needs_rekey(&amf));
	int n = nas_protect(&amf, NAS_SHT_INTEG, reg_acc, sizeof(reg_acc), prot, sizeof(prot));
	CHECK_EQ(n, (int)sizeof(reg_acc) + 7);
	CHECK_EQ(nas_protect(&amf, NAS_SHT_INTEG, reg_acc, sizeof(reg_acc), prot, sizeof(prot)),
		 -E_RANGE);
	/* The receiver at the top: an SN below it would need COUNT 2^24. */
	ue.dl_count = NAS_COUNT_MAX;
	CHECK_EQ(nas_unprotect(&ue, prot, (size_t)n, plain, sizeof(plain), NULL),
		 (int)sizeof(reg_acc));
	CHECK_EQ(nas_unprotect(&ue, prot, (size_t)n, plain, sizeof(plain), NULL), -E_RANGE);
}

static void unprotect_refuses_malformed_input(void)
{
	struct nas_sec_ctx amf, ue;
	uint8_t in[64], plain[64];
	int n;

	pair(&amf, &ue, NAS_ALG_2, NAS_ALG_2);
	n = t_unhex(in, sizeof(in), "7e004301");
	CHECK_EQ(nas_unprotect(&amf, in, (size_t)n, plain, sizeof(plain), NULL), -E_PROTO);
	n = t_unhex(in, sizeof(in), "7e0500000000007e0043");
	CHECK_EQ(nas_unprotect(&amf, in, (size_t)n, plain, sizeof(plain), NULL), -E_PROTO);
	n = t_unhex(in, sizeof(in), "2e0100000000007e0043");
	CHECK_EQ(nas_unprotect(&amf, in, (size_t)n, plain, sizeof(plain), NULL), -E_PROTO);
	n = t_unhex(in, sizeof(in), "7e01000000000007");
	CHECK_EQ(nas_unprotect(&amf, in, (size_t)n, plain, sizeof(plain), NULL), -E_SHORT);
	n = t_unhex(in, sizeof(in), "7e0100000000007e0043");
	CHECK_EQ(nas_unprotect(&amf, in, (size_t)n, plain, 2, NULL), -E_NOSPC);
	CHECK_EQ(nas_protect(&amf, 0, reg_acc, sizeof(reg_acc), in, sizeof(in)), -E_INVAL);
	CHECK_EQ(nas_protect(&amf, 5, reg_acc, sizeof(reg_acc), in, sizeof(in)), -E_INVAL);
	CHECK_EQ(nas_protect(&amf, 1, reg_acc, sizeof(reg_acc), in, 10), -E_NOSPC);
	CHECK_EQ(amf.dl_count, 0);
	struct nas_sec_ctx bad;
	CHECK_EQ(nas_sec_init(&bad, NAS_ROLE_UE, (struct nas_ksi){ 0, 1 }, kint, kenc, 4, 0),
		 -E_INVAL);
}

/* Encode-and-protect in one pass; the result decodes (integrity only) or
 * unprotects and decodes (ciphered). */
static void protect_msg_then_decode(void)
{
	struct nas_sec_ctx amf, ue;
	struct nas_msg m, d;
	struct nas_err err;
	uint8_t prot[128], plain[128];

	pair(&amf, &ue, NAS_ALG_2, NAS_ALG_2);
	nas_msg_init(&m, NAS_SMC);
	m.smc.algs = (struct nas_sec_algs){ NAS_ALG_2, NAS_ALG_2 };
	m.smc.ngksi.ksi = 1;
	m.smc.replayed_cap = (struct nas_ue_sec_cap){ 0xf0, 0x70, false, 0, 0 };
	int n = nas_protect_msg(&amf, NAS_SHT_INTEG_NEW, &m, prot, sizeof(prot), &err);
	CHECK(n > 7);
	CHECK_EQ(nas_decode(&d, prot, (size_t)n, NULL, &err), 0);
	CHECK_EQ(d.sht, NAS_SHT_INTEG_NEW);
	CHECK_EQ(d.type, NAS_SMC);
	CHECK_EQ(d.sec.sn, 0);
	CHECK_EQ(d.smc.algs.nia, 2);

	n = nas_protect_msg(&amf, NAS_SHT_INTEG_CIPH, &m, prot, sizeof(prot), &err);
	CHECK_EQ(nas_decode(&d, prot, (size_t)n, NULL, &err), -E_UNSUPP);
	CHECK_EQ(d.sht, NAS_SHT_INTEG_CIPH);
	CHECK_EQ(d.sec.sn, 1);
	ue.dl_count = 1;
	int p = nas_unprotect(&ue, prot, (size_t)n, plain, sizeof(plain), NULL);
	CHECK(p > 0);
	CHECK_EQ(nas_decode(&d, plain, (size_t)p, NULL, &err), 0);
	CHECK(nas_msg_eq(&d, &m));
}

/* Deciphering in place: out = in + 7. */
static void unprotect_in_place(void)
{
	struct nas_sec_ctx amf, ue;
	uint8_t buf[64];

	pair(&amf, &ue, NAS_ALG_2, NAS_ALG_2);
	int n = nas_protect(&amf, NAS_SHT_INTEG_CIPH, reg_acc, sizeof(reg_acc), buf, sizeof(buf));
	int p = nas_unprotect(&ue, buf, (size_t)n, buf + 7, sizeof(buf) - 7, NULL);
	CHECK_EQ(p, (int)sizeof(reg_acc));
	CHECK_MEM(buf + 7, reg_acc, sizeof(reg_acc));
	/* And protecting in place, from a message already at buf + 7. */
	memcpy(buf + 7, reg_acc, sizeof(reg_acc));
	n = nas_protect_inplace(&ue, NAS_SHT_INTEG_CIPH, buf, sizeof(reg_acc));
	CHECK_EQ(n, (int)sizeof(reg_acc) + 7);
	p = nas_unprotect(&amf, buf, (size_t)n, buf, sizeof(buf), NULL);
	CHECK_EQ(p, (int)sizeof(reg_acc));
	CHECK_MEM(buf, reg_acc, sizeof(reg_acc));
}

static void fini_wipes_keys(void)
{
	struct nas_sec_ctx c;
	static const uint8_t zero[sizeof(c)];
	CHECK_EQ(nas_sec_init(&c, NAS_ROLE_NETWORK, (struct nas_ksi){ 0, 2 }, kint, kenc, 2, 2), 0);
	CHECK(memcmp(c.k_int, kint, 16) == 0);
	nas_sec_fini(&c);
	CHECK_MEM(&c, zero, sizeof(c));
	struct nas_sec_ctx *h =
		nas_sec_new(NAS_ROLE_UE, (struct nas_ksi){ 0, 2 }, kint, kenc, 1, 1);
	CHECK(h != NULL);
	nas_sec_free(h);
	CHECK(nas_sec_new(NAS_ROLE_UE, (struct nas_ksi){ 0, 9 }, kint, kenc, 1, 1) == NULL);
}

int main(void)
{
	RUN(protect_unprotect_every_algorithm_pair);
	RUN(protect_matches_independent_aes_vectors);
	RUN(unprotect_estimates_count_across_gaps_and_wrap);
	RUN(unprotect_rejects_replayed_message);
	RUN(unprotect_rejects_tampering_and_wrong_direction);
	RUN(nia0_accepts_any_mac);
	RUN(count_overflow_is_refused);
	RUN(unprotect_refuses_malformed_input);
	RUN(protect_msg_then_decode);
	RUN(unprotect_in_place);
	RUN(fini_wipes_keys);
	return t_done();
}
