/* nf/ausf: a UDR, a UDM and the AUSF running (through their nf_ops, on one
 * loop) and a client playing the AMF and the UE through whole 5G AKA
 * exchanges: the known-answer exchange of TS 35.208 test set 1 with the
 * TS 33.501 Annex A values of tests/vectors/crypto/kdf.txt (computed there
 * with the openssl command line), a wrong RES*, a synchronisation failure
 * resolved with a UE-made AUTS, SUCI profile A, expiry, and the errors. */
#include <stdio.h>
#include <string.h>

#include "lib/core/metrics.h"
#include "lib/crypto/aka.h"
#include "lib/crypto/kdf.h"
#include "lib/db/db.h"
#include "lib/sbi/models/aka_models.h"
#include "nf/ausf/ausf.h"
#include "nf/udm/udm-ctx.h"
#include "nf/udm/udm.h"
#include "nf/udr/udr.h"
#include "tests/unit/t.h"
#include "tests/unit/udm/nf_harness.h"

#ifndef KEYS_DIR
#error KEYS_DIR must name tests/unit/crypto/keys
#endif

static const char SNN[] = "5G:mnc001.mcc001.3gppnetwork.org";

static uint8_t K[16], RAND[16], OPC[16], SQN1[6];
static uint8_t AUTN1[16], RES_STAR1[16], HXRES_STAR1[16], KSEAF1[32];

static void vectors(void)
{
	/* TS 35.208 4.3.1, test set 1 ... */
	t_unhex(K, 16, "465b5ce8b199b49faa5f0a2ee238a6bc");
	t_unhex(RAND, 16, "23553cbe9637a89d218ae64dae47bf35");
	t_unhex(OPC, 16, "cd63cb71954a9f4e48a5994e37a02baf");
	t_unhex(SQN1, 6, "ff9bb4d0b607");
	t_unhex(AUTN1, 16, "55f328b43577b9b94a9ffac354dfafb3");
	/* ... and kdf.txt: A.4 RES*, A.5 HRES*, A.6 K_SEAF for mnc001 mcc001. */
	t_unhex(RES_STAR1, 16, "f236a7417272bfb2d66d4d670733b527");
	t_unhex(HXRES_STAR1, 16, "20a71900b01776bfd773e8c15a825446");
	t_unhex(KSEAF1, 32, "8dff166c02edd5b177950d50cdd3fe93756cc53951856a95cb5ee9aabd35e220");
}

static uint64_t sqn_u64(const uint8_t s[6])
{
	uint64_t v = 0;
	for (int i = 0; i < 6; i++)
		v = v << 8 | s[i];
	return v;
}

static struct h_nf udr, udm, ausf;
static char udr_root[128], udm_root[128], ausf_root[128];

static int fixed_rand(uint8_t out[16])
{
	memcpy(out, RAND, 16);
	return 0;
}

static int authenticate(struct h_resp *r, const char *id, const char *snn,
			const struct sbi_resync_info *rs)
{
	struct sbi_ausf_auth_info in;
	char u[300];
	memset(&in, 0, sizeof(in));
	snprintf(in.supi_or_suci, sizeof(in.supi_or_suci), "%s", id);
	snprintf(in.serving_network_name, sizeof(in.serving_network_name), "%s", snn);
	if (rs) {
		in.has_resync = true;
		in.resync = *rs;
	}
	snprintf(u, sizeof(u), "%s/nausf-auth/v1/ue-authentications", ausf_root);
	return h_call(r, SBI_POST, u, sbi_ausf_auth_info_encode(&in), NULL);
}

static int confirm(struct h_resp *r, const char *href, const uint8_t res_star[16])
{
	struct sbi_confirmation_data c;
	memcpy(c.res_star, res_star, 16);
	return h_call(r, SBI_PUT, href, sbi_confirmation_data_encode(&c), NULL);
}

/* The UDR's authentication-status of supi, as stored after an auth-event
 * (which the AUSF sends after answering: give it a moment). */
static json_t *auth_status(const char *supi)
{
	struct h_resp r;
	char u[300];
	h_run_for(50);
	snprintf(u, sizeof(u),
		 "%s/nudr-dr/v2/subscription-data/%s/authentication-data/authentication-status",
		 udr_root, supi);
	if (h_call(&r, SBI_GET, u, NULL, NULL) != 200) {
		h_resp_clear(&r);
		return NULL;
	}
	json_t *j = json_incref(r.json);
	h_resp_clear(&r);
	return j;
}

static void known_subscriber_completes_5g_aka_with_the_known_answers(void)
{
	struct h_resp r;
	struct sbi_ue_auth_ctx ch;
	struct sbi_confirmation_resp ok;
	struct sbi_jerr e;
	struct udm *u = udm.env.state;

	u->rand_fn = fixed_rand;
	CHECK_EQ(authenticate(&r, "suci-0-001-01-0000-0-0-0000000001", SNN, NULL), 201);
	u->rand_fn = NULL;
	CHECK_STR(r.ct, SBI_CT_HAL);
	CHECK(strncmp(r.location, ausf_root, strlen(ausf_root)) == 0);
	CHECK(strstr(r.location, "/nausf-auth/v1/ue-authentications/") != NULL);
	CHECK_EQ(sbi_ue_auth_ctx_decode(&ch, r.json, &e), 0);
	CHECK_MEM(ch.rand, RAND, 16);
	CHECK_MEM(ch.autn, AUTN1, 16);
	CHECK_MEM(ch.hxres_star, HXRES_STAR1, 16);
	CHECK_STR(ch.serving_network_name, SNN);
	char want[400];
	snprintf(want, sizeof(want), "%s/5g-aka-confirmation", r.location);
	CHECK_STR(ch.confirm_href, want);
	h_resp_clear(&r);
	CHECK_EQ(h_sqn("imsi-001010000000001"), (int64_t)sqn_u64(SQN1));

	CHECK_EQ(confirm(&r, ch.confirm_href, RES_STAR1), 200);
	CHECK_EQ(sbi_confirmation_resp_decode(&ok, r.json, &e), 0);
	CHECK_EQ(ok.result, SBI_AUTH_SUCCESS);
	CHECK_STR(ok.supi, "imsi-001010000000001");
	CHECK(ok.has_kseaf);
	CHECK_MEM(ok.kseaf, KSEAF1, 32);
	explicit_bzero(&ok, sizeof(ok));
	h_resp_clear(&r);
	/* Confirmed once: the context takes no second RES*. */
	CHECK_EQ(confirm(&r, ch.confirm_href, RES_STAR1), 404);
	CHECK_STR(r.cause, "CONTEXT_NOT_FOUND");
	h_resp_clear(&r);
	/* The UDM stored the result at the UDR. */
	json_t *st = auth_status("imsi-001010000000001");
	CHECK(st != NULL);
	CHECK(json_is_true(json_object_get(st, "success")));
	CHECK_STR(json_string_value(json_object_get(st, "servingNetworkName")), SNN);
	json_decref(st);
	/* DELETE asks the UDM to remove the result (authRemovalInd). */
	char href[400];
	snprintf(href, sizeof(href), "%s", ch.confirm_href);
	CHECK_EQ(h_call(&r, SBI_DELETE, href, NULL, NULL), 204);
	h_resp_clear(&r);
	st = auth_status("imsi-001010000000001");
	CHECK(json_is_true(json_object_get(st, "authRemovalInd")));
	json_decref(st);
}

/* The UE: checks AUTN; out-of-window SQN (<= sqn_ms) -> AUTS; else RES*. */
static int ue_answer(const struct sbi_ue_auth_ctx *ch, uint64_t sqn_ms, uint8_t res_star[16],
		     struct sbi_resync_info *rs, uint64_t *sqn_out)
{
	uint8_t s[6], res[8], ck[16], ik[16], ms[6];
	int rc = aka_ue_authenticate(K, OPC, ch->rand, ch->autn, s, res, ck, ik);
	if (rc < 0)
		return rc;
	*sqn_out = sqn_u64(s);
	if (*sqn_out >> 5 <= sqn_ms >> 5) {
		for (int i = 0; i < 6; i++)
			ms[i] = (uint8_t)(sqn_ms >> (40 - 8 * i));
		memcpy(rs->rand, ch->rand, 16);
		if (aka_ue_auts(K, OPC, ch->rand, ms, rs->auts) < 0)
			return -E_CRYPTO;
		return -E_SYNC;
	}
	uint8_t h[16];
	if (kdf_res_star(ck, ik, SNN, strlen(SNN), ch->rand, res, 8, res_star) < 0 ||
	    kdf_hres_star(ch->rand, res_star, h) < 0)
		return -E_CRYPTO;
	/* TS 33.501 6.1.3.2 step 10 (SEAF): HRES* against HXRES*. */
	return memcmp(h, ch->hxres_star, 16) == 0 ? 0 : -E_MAC;
}

static void synch_failure_is_resolved_through_ausf_and_udm(void)
{
	struct h_resp r;
	struct sbi_ue_auth_ctx ch;
	struct sbi_confirmation_resp ok;
	struct sbi_resync_info rs;
	struct sbi_jerr e;
	uint8_t res_star[16];
	uint64_t sqn, sqn_ms = (UINT64_C(77777) << 5) | 9;

	CHECK_EQ(authenticate(&r, "imsi-001010000000002", SNN, NULL), 201);
	CHECK_EQ(sbi_ue_auth_ctx_decode(&ch, r.json, &e), 0);
	h_resp_clear(&r);
	/* The USIM has seen higher SQNs: synch failure (TS 24.501 #21) with AUTS. */
	CHECK_EQ(ue_answer(&ch, sqn_ms, res_star, &rs, &sqn), -E_SYNC);
	CHECK_EQ(authenticate(&r, "imsi-001010000000002", SNN, &rs), 201);
	CHECK_EQ(sbi_ue_auth_ctx_decode(&ch, r.json, &e), 0);
	h_resp_clear(&r);
	CHECK_EQ(ue_answer(&ch, sqn_ms, res_star, &rs, &sqn), 0);
	CHECK_EQ(sqn, db_sqn_next(sqn_ms, 5));
	CHECK_EQ(confirm(&r, ch.confirm_href, res_star), 200);
	CHECK_EQ(sbi_confirmation_resp_decode(&ok, r.json, &e), 0);
	CHECK_EQ(ok.result, SBI_AUTH_SUCCESS);
	explicit_bzero(&ok, sizeof(ok));
	h_resp_clear(&r);
}

static void wrong_res_star_fails_without_a_key(void)
{
	struct h_resp r;
	struct sbi_ue_auth_ctx ch;
	struct sbi_confirmation_resp res;
	struct sbi_jerr e;
	uint8_t wrong[16];

	CHECK_EQ(authenticate(&r, "imsi-001010000000003", SNN, NULL), 201);
	CHECK_EQ(sbi_ue_auth_ctx_decode(&ch, r.json, &e), 0);
	h_resp_clear(&r);
	memset(wrong, 0x5a, sizeof(wrong));
	CHECK_EQ(confirm(&r, ch.confirm_href, wrong), 200);
	CHECK_EQ(sbi_confirmation_resp_decode(&res, r.json, &e), 0);
	CHECK_EQ(res.result, SBI_AUTH_FAILURE);
	CHECK(!res.has_kseaf);
	CHECK(json_object_get(r.json, "kseaf") == NULL);
	h_resp_clear(&r);
	json_t *st = auth_status("imsi-001010000000003");
	CHECK(st != NULL && json_is_false(json_object_get(st, "success")));
	json_decref(st);
	/* A body that is no ConfirmationData, on a fresh context: 400. */
	CHECK_EQ(authenticate(&r, "imsi-001010000000003", SNN, NULL), 201);
	CHECK_EQ(sbi_ue_auth_ctx_decode(&ch, r.json, &e), 0);
	h_resp_clear(&r);
	CHECK_EQ(h_call(&r, SBI_PUT, ch.confirm_href, json_pack("{ss}", "resStar", "00"), NULL),
		 400);
	CHECK_STR(r.cause, "MANDATORY_IE_INCORRECT");
	h_resp_clear(&r);
}

static void suci_profile_a_is_deconcealed_by_the_udm(void)
{
	struct h_resp r;
	struct sbi_ue_auth_ctx ch;
	struct sbi_confirmation_resp ok;
	struct sbi_resync_info rs;
	struct sbi_jerr e;
	uint8_t res_star[16];
	uint64_t sqn;

	/* TS 33.501 C.4.3.1: imsi-274012001002086 concealed for key id 1. The
	 * UE is at home in 001/01 for this test (the AUSF checks the SNN). */
	CHECK_EQ(authenticate(
			 &r,
			 "suci-0-274-012-0000-1-1-b2e92f836055a255837debf850b528997ce0201cb82adf"
			 "e4be1f587d07d8457dcb02352410cddd9e730ef3fa87",
			 SNN, NULL),
		 201);
	CHECK_EQ(sbi_ue_auth_ctx_decode(&ch, r.json, &e), 0);
	h_resp_clear(&r);
	CHECK_EQ(ue_answer(&ch, 0, res_star, &rs, &sqn), 0);
	CHECK_EQ(confirm(&r, ch.confirm_href, res_star), 200);
	CHECK_EQ(sbi_confirmation_resp_decode(&ok, r.json, &e), 0);
	CHECK_EQ(ok.result, SBI_AUTH_SUCCESS);
	CHECK_STR(ok.supi, "imsi-274012001002086");
	explicit_bzero(&ok, sizeof(ok));
	h_resp_clear(&r);
}

static void errors_reach_the_amf_as_problem_details(void)
{
	struct h_resp r;
	char u[300];
	CHECK_EQ(authenticate(&r, "imsi-001010000009999", SNN, NULL), 404);
	CHECK_STR(r.cause, "USER_NOT_FOUND");
	CHECK_STR(r.ct, SBI_CT_PROBLEM);
	h_resp_clear(&r);
	CHECK_EQ(authenticate(
			 &r,
			 "suci-0-001-01-0000-1-9-"
			 "00112233445566778899aabbccddeeff0011223344556677889900112233445566778899",
			 SNN, NULL),
		 403);
	CHECK_STR(r.cause, "INVALID_HN_PUBLIC_KEY_IDENTIFIER");
	h_resp_clear(&r);
	CHECK_EQ(authenticate(&r, "imsi-001010000000001", "5G:mnc002.mcc208.3gppnetwork.org", NULL),
		 403);
	CHECK_STR(r.cause, "SERVING_NETWORK_NOT_AUTHORIZED");
	h_resp_clear(&r);
	CHECK_EQ(authenticate(&r, "imsi-001010000000001", "mnc001.mcc001", NULL), 400);
	h_resp_clear(&r);
	snprintf(u, sizeof(u), "%s/nausf-auth/v1/ue-authentications", ausf_root);
	CHECK_EQ(h_call(&r, SBI_POST, u, json_pack("{ss}", "servingNetworkName", SNN), NULL), 400);
	CHECK_STR(r.cause, "MANDATORY_IE_MISSING");
	h_resp_clear(&r);
	snprintf(u, sizeof(u),
		 "%s/nausf-auth/v1/ue-authentications/00112233445566778899aabbccddeeff/"
		 "5g-aka-confirmation",
		 ausf_root);
	CHECK_EQ(confirm(&r, u, RES_STAR1), 404);
	CHECK_STR(r.cause, "CONTEXT_NOT_FOUND");
	h_resp_clear(&r);
}

static void unconfirmed_context_expires_and_is_gone(void)
{
	struct h_resp r;
	struct sbi_ue_auth_ctx ch;
	struct sbi_jerr e;
	struct metric *exp =
		metric_counter("ngcore_ausf_auth_results_total", "5G AKA authentications by result",
			       "result=\"expired\"");
	h_run_for(1100); /* contexts the earlier cases left unconfirmed expire first */
	int64_t e0 = metric_get(exp);

	CHECK_EQ(authenticate(&r, "imsi-001010000000003", SNN, NULL), 201);
	CHECK_EQ(sbi_ue_auth_ctx_decode(&ch, r.json, &e), 0);
	h_resp_clear(&r);
	h_run_for(1300); /* ctx_ttl is 1 s in this test */
	CHECK_EQ(metric_get(exp) - e0, 1);
	CHECK_EQ(confirm(&r, ch.confirm_href, RES_STAR1), 404);
	CHECK_STR(r.cause, "CONTEXT_NOT_FOUND");
	h_resp_clear(&r);
}

static void udm_that_does_not_answer_is_an_upstream_error(void)
{
	struct h_resp r;
	h_stop(&udm);
	CHECK_EQ(authenticate(&r, "imsi-001010000000001", SNN, NULL), 504);
	CHECK_STR(r.cause, "UPSTREAM_SERVER_ERROR");
	h_resp_clear(&r);
}

int main(void)
{
	vectors();
	if (h_init() < 0) {
		fprintf(stderr, "cannot set up the harness\n");
		return 1;
	}
	uint64_t s1 = sqn_u64(SQN1);
	CHECK_EQ(h_add_sub("imsi-001010000000001", K, OPC, false, 0xb9b9,
			   (((s1 >> 5) - 1) << 5) | ((s1 - 1) & 31)),
		 0);
	CHECK_EQ(h_add_sub("imsi-001010000000002", K, OPC, false, 0x8000, 0x40), 0);
	CHECK_EQ(h_add_sub("imsi-001010000000003", K, OPC, false, 0x8000, 0), 0);
	CHECK_EQ(h_add_sub("imsi-274012001002086", K, OPC, false, 0x8000, 0), 0);
	h_prepare(&udr, &udr_nf_ops);
	if (h_start(&udr) < 0)
		return 1;
	h_root(&udr, udr_root, sizeof(udr_root));
	h_prepare(&udm, &udm_nf_ops);
	struct udm_cfg *uc = udm.cfg;
	snprintf(uc->udr_uri, sizeof(uc->udr_uri), "%s", udr_root);
	snprintf(uc->hn_keys, sizeof(uc->hn_keys), "%s", KEYS_DIR "/keys.list");
	if (h_start(&udm) < 0)
		return 1;
	h_root(&udm, udm_root, sizeof(udm_root));
	h_prepare(&ausf, &ausf_nf_ops);
	struct ausf_cfg *ac = ausf.cfg;
	snprintf(ac->udm_uri, sizeof(ac->udm_uri), "%s", udm_root);
	ac->ctx_ttl_ms = 1000;
	if (h_start(&ausf) < 0)
		return 1;
	h_root(&ausf, ausf_root, sizeof(ausf_root));

	RUN(known_subscriber_completes_5g_aka_with_the_known_answers);
	RUN(synch_failure_is_resolved_through_ausf_and_udm);
	RUN(wrong_res_star_fails_without_a_key);
	RUN(suci_profile_a_is_deconcealed_by_the_udm);
	RUN(errors_reach_the_amf_as_problem_details);
	RUN(unconfirmed_context_expires_and_is_gone);
	RUN(udm_that_does_not_answer_is_an_upstream_error);

	h_stop(&ausf);
	h_stop(&udr);
	h_fini();
	return t_done();
}
