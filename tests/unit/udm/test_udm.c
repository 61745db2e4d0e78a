/* nf/udm: the ARPF/SIDF computations with known answers (TS 35.208 test
 * set 1 and the TS 33.501 Annex A values of tests/vectors/crypto/kdf.txt,
 * computed there with the openssl command line, never by lib/crypto; SUCI
 * from TS 33.501 C.4), then a UDR and one or two UDMs running (through
 * their nf_ops) answering an SBI client that plays the AUSF and the AMF:
 * vectors with durable SQNs, resynchronisation with a UE-made AUTS, SQN
 * never reused when requests race in one UDM or across two, UECM and SDM. */
#include <stdio.h>
#include <string.h>

#include "lib/core/metrics.h"
#include "lib/crypto/aka.h"
#include "lib/crypto/kdf.h"
#include "lib/crypto/milenage.h"
#include "lib/sbi/models/aka_models.h"
#include "lib/sbi/models/sdm_models.h"
#include "nf/udm/udm-av.h"
#include "nf/udm/udm-ctx.h"
#include "nf/udm/udm.h"
#include "nf/udr/udr.h"
#include "tests/unit/t.h"
#include "tests/unit/udm/nf_harness.h"

#ifndef KEYS_DIR
#error KEYS_DIR must name tests/unit/crypto/keys
#endif

static const char SNN[] = "5G:mnc001.mcc001.3gppnetwork.org";

/* TS 35.208 4.3.1, test set 1. */
static uint8_t K[16], RAND[16], OP[16], OPC[16], SQN1[6], AMF1[2];
/* tests/vectors/crypto/kdf.txt, from the set above (mnc001 mcc001). */
static uint8_t AUTN1[16], XRES_STAR1[16], KAUSF1[32];

static void vectors(void)
{
	t_unhex(K, 16, "465b5ce8b199b49faa5f0a2ee238a6bc");
	t_unhex(RAND, 16, "23553cbe9637a89d218ae64dae47bf35");
	t_unhex(OP, 16, "cdc202d5123e20f62b6d676ac72cb318");
	t_unhex(OPC, 16, "cd63cb71954a9f4e48a5994e37a02baf");
	t_unhex(SQN1, 6, "ff9bb4d0b607");
	t_unhex(AMF1, 2, "b9b9");
	/* AUTN = SQN ^ AK (f5 aa689c648370) | AMF | MAC-A (f1 4a9ffac354dfafb3) */
	t_unhex(AUTN1, 16, "55f328b43577b9b94a9ffac354dfafb3");
	t_unhex(XRES_STAR1, 16, "f236a7417272bfb2d66d4d670733b527");
	t_unhex(KAUSF1, 32, "474698caf02cc715db2ec0726510cfee6caa5bb1a649cb01224f2e23af94de1b");
}

static uint64_t sqn_u64(const uint8_t s[6])
{
	uint64_t v = 0;
	for (int i = 0; i < 6; i++)
		v = v << 8 | s[i];
	return v;
}

/* The SQN_HE from which db_sqn_next (IND 5 bits) yields SQN1. */
static uint64_t sqn_before(uint64_t sqn)
{
	return (((sqn >> 5) - 1) << 5) | ((sqn - 1) & 31);
}

/* ---- pure ---- */

static void he_av_matches_the_independent_vectors(void)
{
	struct sbi_udm_auth_info_result av;
	CHECK_EQ(udm_he_av(K, OPC, AMF1, sqn_u64(SQN1), SNN, RAND, "imsi-001010000000001", &av), 0);
	CHECK_MEM(av.rand, RAND, 16);
	CHECK_MEM(av.autn, AUTN1, 16);
	CHECK_MEM(av.xres_star, XRES_STAR1, 16);
	CHECK_MEM(av.kausf, KAUSF1, 32);
	CHECK_STR(av.supi, "imsi-001010000000001");
	CHECK_EQ(sqn_before(sqn_u64(SQN1)) < sqn_u64(SQN1), 1);
	CHECK_EQ(db_sqn_next(sqn_before(sqn_u64(SQN1)), 5), sqn_u64(SQN1));
}

static void opc_is_derived_from_op(void)
{
	struct sbi_auth_subscription s;
	uint8_t opc[16];
	memset(&s, 0, sizeof(s));
	memcpy(s.k, K, 16);
	s.has_op = true;
	memcpy(s.op, OP, 16);
	CHECK_EQ(udm_opc(&s, opc), 0);
	CHECK_MEM(opc, OPC, 16);
	s.has_op = false;
	CHECK(udm_opc(&s, opc) < 0);
}

static void supi_resolution_follows_ts29503_errors(void)
{
	struct hn_keys *ks = hn_keys_new();
	struct udm_id_err e;
	char supi[64];
	bool suci;
	int line = 0;

	CHECK_EQ(hn_keys_load_list(ks, KEYS_DIR "/keys.list", &line), 5);
	CHECK_EQ(udm_resolve_supi(ks, "imsi-001010000000001", supi, sizeof(supi), &suci, &e), 0);
	CHECK_STR(supi, "imsi-001010000000001");
	CHECK(!suci);
	CHECK_EQ(udm_resolve_supi(NULL, "suci-0-001-01-0000-0-0-0000000001", supi, sizeof(supi),
				  &suci, &e),
		 0);
	CHECK_STR(supi, "imsi-001010000000001");
	CHECK(suci);
	/* TS 33.501 C.4.3.1 (profile A) and C.4.4.1 (profile B), key id 1. */
	CHECK_EQ(udm_resolve_supi(
			 ks,
			 "suci-0-274-012-0000-1-1-b2e92f836055a255837debf850b528997ce0201cb82"
			 "adfe4be1f587d07d8457dcb02352410cddd9e730ef3fa87",
			 supi, sizeof(supi), &suci, &e),
		 0);
	CHECK_STR(supi, "imsi-274012001002086");
	CHECK_EQ(udm_resolve_supi(
			 ks,
			 "suci-0-274-012-0000-2-1-039aab8376597021e855679a9778ea0b67396e68c66"
			 "df32c0f41e9acca2da9b9d146a33fc2716ac7dae96aa30a4d",
			 supi, sizeof(supi), &suci, &e),
		 0);
	CHECK_STR(supi, "imsi-274012001002086");
	/* A flipped bit in the MAC tag. */
	CHECK_EQ(udm_resolve_supi(
			 ks,
			 "suci-0-274-012-0000-1-1-b2e92f836055a255837debf850b528997ce0201cb82"
			 "adfe4be1f587d07d8457dcb02352410cddd9e730ef3fa86",
			 supi, sizeof(supi), &suci, &e),
		 -1);
	CHECK_EQ(e.status, 403);
	CHECK_STR(e.cause, "INVALID_SCHEME_OUTPUT");
	/* A key identifier the UDM has no key for, or no keys at all. */
	CHECK_EQ(udm_resolve_supi(ks,
				  "suci-0-274-012-0000-1-9-"
				  "b2e92f836055a255837debf850b528997ce0201cb82adfe4be1f587d07d8457d"
				  "cb02352410cddd9e730ef3fa87",
				  supi, sizeof(supi), &suci, &e),
		 -1);
	CHECK_EQ(e.status, 403);
	CHECK_STR(e.cause, "INVALID_HN_PUBLIC_KEY_IDENTIFIER");
	CHECK_EQ(udm_resolve_supi(NULL,
				  "suci-0-274-012-0000-1-1-"
				  "b2e92f836055a255837debf850b528997ce0201cb82adfe4be1f587d07d8457d"
				  "cb02352410cddd9e730ef3fa87",
				  supi, sizeof(supi), &suci, &e),
		 -1);
	CHECK_STR(e.cause, "INVALID_HN_PUBLIC_KEY_IDENTIFIER");
	CHECK_EQ(udm_resolve_supi(ks,
				  "suci-0-274-012-0000-5-1-"
				  "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
				  "0011223344556677",
				  supi, sizeof(supi), &suci, &e),
		 -1);
	CHECK_EQ(e.status, 501);
	CHECK_STR(e.cause, "UNSUPPORTED_PROTECTION_SCHEME");
	CHECK_EQ(udm_resolve_supi(ks, "nai-user@example.org", supi, sizeof(supi), &suci, &e), -1);
	CHECK_EQ(e.status, 404);
	CHECK_STR(e.cause, "USER_NOT_FOUND");
	CHECK_EQ(udm_resolve_supi(ks, "imsi-00101x", supi, sizeof(supi), &suci, &e), -1);
	CHECK_EQ(e.status, 400);
	CHECK_EQ(udm_resolve_supi(ks, "suci-0-001", supi, sizeof(supi), &suci, &e), -1);
	CHECK_EQ(e.status, 400);
	CHECK_EQ(udm_resolve_supi(ks, "hello", supi, sizeof(supi), &suci, &e), -1);
	CHECK_EQ(e.status, 400);
	hn_keys_free(ks);
}

static void resync_resets_sqn_he_only_when_the_usim_would_refuse_it(void)
{
	struct sbi_resync_info rs;
	uint8_t ms[6];
	uint64_t base, sqn_ms = (UINT64_C(5000) << 5) | 3;
	for (int i = 0; i < 6; i++)
		ms[i] = (uint8_t)(sqn_ms >> (40 - 8 * i));
	memcpy(rs.rand, RAND, 16);
	/* The UE made this AUTS (TS 33.102 6.3.3) for its SQN_MS. */
	CHECK_EQ(aka_ue_auts(K, OPC, RAND, ms, rs.auts), 0);
	CHECK_EQ(udm_sqn_base(K, OPC, &rs, 0x40, 5, DB_SQN_DELTA_DEFAULT, &base), UDM_RESYNC_RESET);
	CHECK_EQ(base, sqn_ms);
	/* SQN_HE already ahead of SQN_MS (within Δ): kept. */
	CHECK_EQ(udm_sqn_base(K, OPC, &rs, (UINT64_C(6000) << 5), 5, DB_SQN_DELTA_DEFAULT, &base),
		 UDM_RESYNC_KEPT);
	CHECK_EQ(base, UINT64_C(6000) << 5);
	/* MAC-S wrong (a flipped bit): SQN_HE kept, never SQN_MS. */
	rs.auts[13] ^= 1;
	CHECK_EQ(udm_sqn_base(K, OPC, &rs, 0x40, 5, DB_SQN_DELTA_DEFAULT, &base),
		 UDM_RESYNC_MAC_FAILURE);
	CHECK_EQ(base, 0x40);
	CHECK_EQ(udm_sqn_base(K, OPC, NULL, 0x40, 5, DB_SQN_DELTA_DEFAULT, &base), UDM_RESYNC_NONE);
	CHECK_EQ(base, 0x40);
}

/* ---- running ---- */

static struct h_nf udr, udm1, udm2;
static char udr_root[128], udm1_root[128], udm2_root[128];

static int fixed_rand(uint8_t out[16])
{
	memcpy(out, RAND, 16);
	return 0;
}

static json_t *gen_body(const char *snn, const struct sbi_resync_info *rs)
{
	struct sbi_udm_auth_info_req in;
	memset(&in, 0, sizeof(in));
	snprintf(in.serving_network_name, sizeof(in.serving_network_name), "%s", snn);
	snprintf(in.ausf_instance_id, sizeof(in.ausf_instance_id),
		 "7b4a54a5-4c35-4f7a-8f86-2bd8b0a4e5c2");
	if (rs) {
		in.has_resync = true;
		in.resync = *rs;
	}
	return sbi_udm_auth_info_req_encode(&in);
}

static int generate(struct h_resp *r, const char *root, const char *id,
		    const struct sbi_resync_info *rs)
{
	char u[600];
	snprintf(u, sizeof(u), "%s/nudm-ueau/v1/%s/security-information/generate-auth-data", root,
		 id);
	return h_call(r, SBI_POST, u, gen_body(SNN, rs), NULL);
}

/* The UE's side: checks AUTN, recovers SQN, computes RES*. */
static int ue_check(const uint8_t k[16], const uint8_t opc[16],
		    const struct sbi_udm_auth_info_result *av, uint64_t *sqn)
{
	uint8_t s[6], res[8], ck[16], ik[16], res_star[16];
	int rc = aka_ue_authenticate(k, opc, av->rand, av->autn, s, res, ck, ik);
	if (rc < 0)
		return rc;
	*sqn = sqn_u64(s);
	rc = kdf_res_star(ck, ik, SNN, strlen(SNN), av->rand, res, 8, res_star);
	return rc < 0 ? rc : memcmp(res_star, av->xres_star, 16) == 0 ? 0 : -E_MAC;
}

static void vector_for_a_known_subscriber_is_the_known_answer(void)
{
	struct h_resp r;
	struct sbi_udm_auth_info_result av;
	struct sbi_jerr e;
	struct udm *u = udm1.env.state;

	u->rand_fn = fixed_rand;
	CHECK_EQ(generate(&r, udm1_root, "imsi-001010000000001", NULL), 200);
	CHECK_EQ(sbi_udm_auth_info_result_decode(&av, r.json, &e), 0);
	CHECK_MEM(av.rand, RAND, 16);
	CHECK_MEM(av.autn, AUTN1, 16);
	CHECK_MEM(av.xres_star, XRES_STAR1, 16);
	CHECK_MEM(av.kausf, KAUSF1, 32);
	CHECK_STR(av.supi, "imsi-001010000000001");
	h_resp_clear(&r);
	u->rand_fn = NULL;
	/* The SQN in that vector was stored before it left the UDM. */
	CHECK_EQ(h_sqn("imsi-001010000000001"), (int64_t)sqn_u64(SQN1));
}

static void suci_and_op_subscribers_get_vectors_the_ue_accepts(void)
{
	struct h_resp r;
	struct sbi_udm_auth_info_result av;
	struct sbi_jerr e;
	uint64_t sqn = 0;

	CHECK_EQ(generate(&r, udm1_root, "suci-0-001-01-0000-0-0-0000000002", NULL), 200);
	CHECK_EQ(sbi_udm_auth_info_result_decode(&av, r.json, &e), 0);
	CHECK_STR(av.supi, "imsi-001010000000002");
	CHECK_EQ(ue_check(K, OPC, &av, &sqn), 0);
	CHECK_EQ(sqn, db_sqn_next(0x20, 5));
	h_resp_clear(&r);
	/* Subscriber 3 is provisioned with OP: the UDM derived OPc. */
	CHECK_EQ(generate(&r, udm1_root, "imsi-001010000000003", NULL), 200);
	CHECK_EQ(sbi_udm_auth_info_result_decode(&av, r.json, &e), 0);
	CHECK_EQ(ue_check(K, OPC, &av, &sqn), 0);
	h_resp_clear(&r);
	explicit_bzero(&av, sizeof(av));
}

static void resynchronisation_with_a_ue_made_auts_moves_sqn_past_sqn_ms(void)
{
	struct h_resp r;
	struct sbi_udm_auth_info_result av;
	struct sbi_resync_info rs;
	struct sbi_jerr e;
	uint64_t sqn_ms = (UINT64_C(900000) << 5) | 17, got = 0;
	uint8_t ms[6];

	for (int i = 0; i < 6; i++)
		ms[i] = (uint8_t)(sqn_ms >> (40 - 8 * i));
	/* The UE refused the last challenge (its SQN_MS is far ahead). */
	memcpy(rs.rand, RAND, 16);
	CHECK_EQ(aka_ue_auts(K, OPC, RAND, ms, rs.auts), 0);
	CHECK_EQ(generate(&r, udm1_root, "imsi-001010000000002", &rs), 200);
	CHECK_EQ(sbi_udm_auth_info_result_decode(&av, r.json, &e), 0);
	CHECK_EQ(ue_check(K, OPC, &av, &got), 0);
	CHECK_EQ(got, db_sqn_next(sqn_ms, 5));
	CHECK(got > sqn_ms);
	CHECK_EQ(h_sqn("imsi-001010000000002"), (int64_t)got);
	h_resp_clear(&r);
	/* An AUTS with a wrong MAC-S: SQN_HE is not reset (TS 33.102 6.3.5). */
	rs.auts[0] ^= 0x80;
	rs.auts[13] ^= 0x01;
	CHECK_EQ(generate(&r, udm1_root, "imsi-001010000000002", &rs), 200);
	CHECK_EQ(sbi_udm_auth_info_result_decode(&av, r.json, &e), 0);
	uint64_t after = 0;
	CHECK_EQ(ue_check(K, OPC, &av, &after), 0);
	CHECK_EQ(after, db_sqn_next(got, 5));
	h_resp_clear(&r);
	explicit_bzero(&av, sizeof(av));
}

static void bad_requests_get_their_ts29503_answers(void)
{
	struct h_resp r;
	char u[600];
	CHECK_EQ(generate(&r, udm1_root, "imsi-001010000009999", NULL), 404);
	CHECK_STR(r.cause, "USER_NOT_FOUND");
	CHECK_STR(r.ct, SBI_CT_PROBLEM);
	h_resp_clear(&r);
	CHECK_EQ(generate(&r, udm1_root, "suci-0-001-01-0000-1-7-00112233", NULL), 403);
	CHECK_STR(r.cause, "INVALID_HN_PUBLIC_KEY_IDENTIFIER");
	h_resp_clear(&r);
	snprintf(u, sizeof(u),
		 "%s/nudm-ueau/v1/imsi-001010000000001/security-information/generate-auth-data",
		 udm1_root);
	CHECK_EQ(h_call(&r, SBI_POST, u, gen_body("4G:whatever", NULL), NULL), 400);
	h_resp_clear(&r);
	CHECK_EQ(h_call(&r, SBI_POST, u, json_pack("{ss}", "servingNetworkName", SNN), NULL), 400);
	CHECK_STR(r.cause, "MANDATORY_IE_MISSING");
	h_resp_clear(&r);
}

/* Recovers the SQN of every answer; all must differ and be accepted. */
static void collect_sqns(struct h_resp *rs, int n, uint64_t *sqns, int *ok)
{
	*ok = 0;
	for (int i = 0; i < n; i++) {
		struct sbi_udm_auth_info_result av;
		struct sbi_jerr e;
		if (rs[i].status == 200 &&
		    sbi_udm_auth_info_result_decode(&av, rs[i].json, &e) == 0 &&
		    ue_check(K, OPC, &av, &sqns[*ok]) == 0)
			(*ok)++;
		explicit_bzero(&av, sizeof(av));
		h_resp_clear(&rs[i]);
	}
}

static int distinct(const uint64_t *v, int n)
{
	for (int i = 0; i < n; i++)
		for (int k = i + 1; k < n; k++)
			if (v[i] == v[k])
				return 0;
	return 1;
}

static void racing_requests_in_one_udm_never_share_an_sqn(void)
{
	enum { N = 24 };
	static struct h_resp rs[N];
	uint64_t sqns[N];
	char u[600];
	int64_t start = h_sqn("imsi-001010000000004");

	snprintf(u, sizeof(u),
		 "%s/nudm-ueau/v1/imsi-001010000000004/security-information/generate-auth-data",
		 udm1_root);
	for (int i = 0; i < N; i++) {
		json_t *b = gen_body(SNN, NULL);
		CHECK_EQ(h_send(&rs[i], SBI_POST, u, b, NULL), 0);
		json_decref(b);
	}
	int done = 0;
	for (int k = 0; k < 2000 && done < N; k++) {
		ev_run_once(h_loop, 5);
		done = 0;
		for (int i = 0; i < N; i++)
			done += rs[i].done;
	}
	int ok;
	collect_sqns(rs, N, sqns, &ok);
	CHECK_EQ(ok, N);
	CHECK(distinct(sqns, ok));
	uint64_t want = (uint64_t)start;
	for (int i = 0; i < N; i++)
		want = db_sqn_next(want, 5);
	CHECK_EQ(h_sqn("imsi-001010000000004"), (int64_t)want);
}

static void racing_requests_across_two_udms_never_share_an_sqn(void)
{
	enum { N = 24 };
	static struct h_resp rs[N];
	uint64_t sqns[N];
	char u1[600], u2[600];
	struct metric *conf =
		metric_counter("ngcore_udm_sqn_conflicts_total",
			       "SQN compare-and-set refused by the UDR (409): retried", NULL);
	int64_t c0 = metric_get(conf), start = h_sqn("imsi-001010000000005");

	snprintf(u1, sizeof(u1),
		 "%s/nudm-ueau/v1/imsi-001010000000005/security-information/generate-auth-data",
		 udm1_root);
	snprintf(u2, sizeof(u2),
		 "%s/nudm-ueau/v1/imsi-001010000000005/security-information/generate-auth-data",
		 udm2_root);
	for (int i = 0; i < N; i++) {
		json_t *b = gen_body(SNN, NULL);
		CHECK_EQ(h_send(&rs[i], SBI_POST, i % 2 ? u2 : u1, b, NULL), 0);
		json_decref(b);
	}
	int done = 0;
	for (int k = 0; k < 4000 && done < N; k++) {
		ev_run_once(h_loop, 5);
		done = 0;
		for (int i = 0; i < N; i++)
			done += rs[i].done;
	}
	int ok;
	collect_sqns(rs, N, sqns, &ok);
	CHECK_EQ(ok, N);
	CHECK(distinct(sqns, ok));
	uint64_t want = (uint64_t)start;
	for (int i = 0; i < N; i++)
		want = db_sqn_next(want, 5);
	CHECK_EQ(h_sqn("imsi-001010000000005"), (int64_t)want);
	/* Both UDMs read the same SQN at first: the UDR refused one of them. */
	CHECK(metric_get(conf) > c0);
}

static void auth_events_land_at_the_udr(void)
{
	struct h_resp r;
	char u[400];
	struct sbi_auth_event ev;
	memset(&ev, 0, sizeof(ev));
	snprintf(ev.nf_instance_id, sizeof(ev.nf_instance_id),
		 "7b4a54a5-4c35-4f7a-8f86-2bd8b0a4e5c2");
	ev.success = true;
	snprintf(ev.time_stamp, sizeof(ev.time_stamp), "2026-11-26T10:00:00Z");
	snprintf(ev.serving_network_name, sizeof(ev.serving_network_name), "%s", SNN);
	snprintf(u, sizeof(u), "%s/nudm-ueau/v1/imsi-001010000000001/auth-events", udm1_root);
	CHECK_EQ(h_call(&r, SBI_POST, u, sbi_auth_event_encode(&ev), NULL), 201);
	CHECK(strstr(r.location, "/nudm-ueau/v1/imsi-001010000000001/auth-events/") != NULL);
	h_resp_clear(&r);
	snprintf(u, sizeof(u),
		 "%s/nudr-dr/v2/subscription-data/imsi-001010000000001/authentication-data/"
		 "authentication-status",
		 udr_root);
	CHECK_EQ(h_call(&r, SBI_GET, u, NULL, NULL), 200);
	CHECK(json_is_true(json_object_get(r.json, "success")));
	h_resp_clear(&r);
	snprintf(u, sizeof(u), "%s/nudm-ueau/v1/imsi-001010000009999/auth-events", udm1_root);
	CHECK_EQ(h_call(&r, SBI_POST, u, sbi_auth_event_encode(&ev), NULL), 404);
	CHECK_STR(r.cause, "USER_NOT_FOUND");
	h_resp_clear(&r);
}

static void uecm_registration_and_sdm_data_come_from_the_udr(void)
{
	struct h_resp r;
	struct sbi_amf_reg reg;
	struct sbi_nssai ns;
	struct sbi_am_data am;
	struct sbi_jerr e;
	char u[400];

	memset(&reg, 0, sizeof(reg));
	snprintf(reg.amf_instance_id, sizeof(reg.amf_instance_id),
		 "8d0c3c8e-1c7b-4b7c-9b1f-3a6f0d1e2c3b");
	snprintf(reg.dereg_callback_uri, sizeof(reg.dereg_callback_uri),
		 "http://127.0.0.1:7778/namf-callback/v1/imsi-001010000000001/dereg-notify");
	reg.guami = (struct guami){ { 1, 1, 2 }, 2, 1, 0 };
	snprintf(reg.rat_type, sizeof(reg.rat_type), "NR");
	reg.initial_registration_ind = true;
	snprintf(u, sizeof(u), "%s/nudm-uecm/v1/imsi-001010000000001/registrations/amf-3gpp-access",
		 udm1_root);
	CHECK_EQ(h_call(&r, SBI_PUT, u, sbi_amf_reg_encode(&reg), NULL), 201);
	CHECK(strstr(r.location,
		     "/nudm-uecm/v1/imsi-001010000000001/registrations/amf-3gpp-access"));
	CHECK_STR(json_string_value(json_object_get(r.json, "amfInstanceId")), reg.amf_instance_id);
	h_resp_clear(&r);
	CHECK_EQ(h_call(&r, SBI_PUT, u, sbi_amf_reg_encode(&reg), NULL), 200);
	h_resp_clear(&r);
	CHECK_EQ(h_call(&r, SBI_GET, u, NULL, NULL), 200);
	struct sbi_amf_reg back;
	CHECK_EQ(sbi_amf_reg_decode(&back, r.json, &e), 0);
	CHECK_EQ(back.guami.region, 2);
	CHECK_EQ(back.guami.set, 1);
	h_resp_clear(&r);
	json_t *bad = sbi_amf_reg_encode(&reg);
	json_object_del(bad, "deregCallbackUri");
	CHECK_EQ(h_call(&r, SBI_PUT, u, bad, NULL), 400);
	h_resp_clear(&r);

	snprintf(u, sizeof(u), "%s/nudm-sdm/v2/imsi-001010000000001/am-data", udm1_root);
	CHECK_EQ(h_call(&r, SBI_GET, u, NULL, NULL), 200);
	CHECK_EQ(sbi_am_data_decode(&am, r.json, &e), 0);
	CHECK(am.has_ambr && am.ambr.dl == 1000000000);
	h_resp_clear(&r);
	snprintf(u, sizeof(u),
		 "%s/nudm-sdm/v2/imsi-001010000000001/"
		 "am-data?plmn-id=%%7B%%22mcc%%22%%3A%%22001%%22%%2C%%22mnc%%22%%3A%%2201%%22%%7D",
		 udm1_root);
	CHECK_EQ(h_call(&r, SBI_GET, u, NULL, NULL), 200);
	h_resp_clear(&r);
	snprintf(u, sizeof(u), "%s/nudm-sdm/v2/imsi-001010000000001/am-data?plmn-id=junk",
		 udm1_root);
	CHECK_EQ(h_call(&r, SBI_GET, u, NULL, NULL), 400);
	h_resp_clear(&r);
	snprintf(u, sizeof(u), "%s/nudm-sdm/v2/imsi-001010000000001/nssai", udm1_root);
	CHECK_EQ(h_call(&r, SBI_GET, u, NULL, NULL), 200);
	CHECK_EQ(sbi_nssai_decode(&ns, r.json, "", &e), 0);
	CHECK_EQ(ns.n_dflt, 1);
	CHECK_EQ(ns.dflt[0].sst, 1);
	h_resp_clear(&r);
	snprintf(u, sizeof(u), "%s/nudm-sdm/v2/imsi-001010000000001/smf-select-data", udm1_root);
	CHECK_EQ(h_call(&r, SBI_GET, u, NULL, NULL), 200);
	CHECK(json_object_get(json_object_get(r.json, "subscribedSnssaiInfos"), "1") != NULL);
	h_resp_clear(&r);
	snprintf(u, sizeof(u), "%s/nudm-sdm/v2/imsi-001010000000001/sm-data", udm1_root);
	CHECK_EQ(h_call(&r, SBI_GET, u, NULL, NULL), 200);
	h_resp_clear(&r);
	snprintf(u, sizeof(u), "%s/nudm-sdm/v2/imsi-001010000009999/am-data", udm1_root);
	CHECK_EQ(h_call(&r, SBI_GET, u, NULL, NULL), 404);
	CHECK_STR(r.cause, "USER_NOT_FOUND");
	h_resp_clear(&r);
	snprintf(u, sizeof(u), "%s/nudm-sdm/v2/imsi-001010000000001/sdm-subscriptions", udm1_root);
	CHECK_EQ(h_call(&r, SBI_POST, u,
			json_pack("{sssss[s]}", "nfInstanceId",
				  "8d0c3c8e-1c7b-4b7c-9b1f-3a6f0d1e2c3b", "callbackReference",
				  "http://127.0.0.1:7778/cb", "monitoredResourceUris",
				  "http://127.0.0.1:7780/nudm-sdm/v2/imsi-001010000000001/am-data"),
			NULL),
		 201);
	CHECK(strstr(r.location, "/sdm-subscriptions/") != NULL);
	h_resp_clear(&r);
}

static void udr_that_does_not_answer_is_an_upstream_error(void)
{
	struct h_resp r;
	struct udm *u = udm2.env.state;
	const char *saved = u->udr.fallback;
	u->udr.fallback = "http://127.0.0.1:1"; /* nothing listens there */
	CHECK_EQ(generate(&r, udm2_root, "imsi-001010000000001", NULL), 504);
	CHECK_STR(r.cause, "UPSTREAM_SERVER_ERROR");
	h_resp_clear(&r);
	u->udr.fallback = "";
	CHECK_EQ(generate(&r, udm2_root, "imsi-001010000000001", NULL), 504);
	h_resp_clear(&r);
	u->udr.fallback = saved;
}

int main(void)
{
	vectors();
	if (h_init() < 0) {
		fprintf(stderr, "cannot set up the harness\n");
		return 1;
	}
	RUN(he_av_matches_the_independent_vectors);
	RUN(opc_is_derived_from_op);
	RUN(supi_resolution_follows_ts29503_errors);
	RUN(resync_resets_sqn_he_only_when_the_usim_would_refuse_it);

	CHECK_EQ(
		h_add_sub("imsi-001010000000001", K, OPC, false, 0xb9b9, sqn_before(sqn_u64(SQN1))),
		0);
	CHECK_EQ(h_add_sub("imsi-001010000000002", K, OPC, false, 0x8000, 0x20), 0);
	CHECK_EQ(h_add_sub("imsi-001010000000003", K, OP, true, 0x8000, 0), 0);
	CHECK_EQ(h_add_sub("imsi-001010000000004", K, OPC, false, 0x8000, 0x3f), 0);
	CHECK_EQ(h_add_sub("imsi-001010000000005", K, OPC, false, 0x8000, 0x1000), 0);
	h_prepare(&udr, &udr_nf_ops);
	if (h_start(&udr) < 0)
		return 1;
	h_root(&udr, udr_root, sizeof(udr_root));
	h_prepare(&udm1, &udm_nf_ops);
	h_prepare(&udm2, &udm_nf_ops);
	snprintf(((struct udm_cfg *)udm1.cfg)->udr_uri, 160, "%s", udr_root);
	snprintf(((struct udm_cfg *)udm2.cfg)->udr_uri, 160, "%s", udr_root);
	((struct udm_cfg *)udm1.cfg)->cas_retries = 50;
	((struct udm_cfg *)udm2.cfg)->cas_retries = 50;
	if (h_start(&udm1) < 0 || h_start(&udm2) < 0)
		return 1;
	h_root(&udm1, udm1_root, sizeof(udm1_root));
	h_root(&udm2, udm2_root, sizeof(udm2_root));

	RUN(vector_for_a_known_subscriber_is_the_known_answer);
	RUN(suci_and_op_subscribers_get_vectors_the_ue_accepts);
	RUN(resynchronisation_with_a_ue_made_auts_moves_sqn_past_sqn_ms);
	RUN(bad_requests_get_their_ts29503_answers);
	RUN(racing_requests_in_one_udm_never_share_an_sqn);
	RUN(racing_requests_across_two_udms_never_share_an_sqn);
	RUN(auth_events_land_at_the_udr);
	RUN(uecm_registration_and_sdm_data_come_from_the_udr);
	RUN(udr_that_does_not_answer_is_an_upstream_error);

	h_stop(&udm2);
	h_stop(&udm1);
	h_stop(&udr);
	h_fini();
	return t_done();
}
