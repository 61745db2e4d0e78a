/* nf/udr: the data views and JSON Patch checks on their own, then the UDR
 * running (through its nf_ops, on a temporary store) answering an SBI
 * client: authentication subscription GET and compare-and-set PATCH with
 * group commit, authentication status, provisioned data, AMF context. */
#include <stdio.h>
#include <string.h>

#include "lib/core/metrics.h"
#include "lib/sbi/models/aka_models.h"
#include "lib/sbi/models/sdm_models.h"
#include "nf/udr/udr-data.h"
#include "nf/udr/udr.h"
#include "tests/unit/t.h"
#include "tests/unit/udm/nf_harness.h"

static const uint8_t K[16] = { 0x46, 0x5b, 0x5c, 0xe8, 0xb1, 0x99, 0xb4, 0x9f,
			       0xaa, 0x5f, 0x0a, 0x2e, 0xe2, 0x38, 0xa6, 0xbc };
static const uint8_t OPC[16] = { 0xcd, 0x63, 0xcb, 0x71, 0x95, 0x4a, 0x9f, 0x4e,
				 0x48, 0xa5, 0x99, 0x4e, 0x37, 0xa0, 0x2b, 0xaf };

static struct h_nf udr;
static char root[128];

static void sub_with_two_slices(struct db_sub *s)
{
	db_sub_defaults(s);
	snprintf(s->supi, sizeof(s->supi), "imsi-001010000000001");
	snprintf(s->msisdn, sizeof(s->msisdn), "15551234");
	s->ambr_ul = 500000000;
	s->ambr_dl = 1000000000;
	s->n_slices = 2;
	s->slices[1] = s->slices[0];
	s->slices[1].s_nssai = (struct s_nssai){ 2, true, 0x010203 };
	s->slices[1].n_dnns = 2;
	db_dnn_defaults(&s->slices[1].dnns[1], "ims");
	s->slices[1].dnns[1].qi5 = 5;
	s->slices[1].dnns[1].arp_level = 1;
	s->slices[1].dnns[1].arp_preempt_cap = true;
	s->slices[1].dnns[1].arp_preempt_vuln = false;
}

static void am_data_view_carries_msisdn_ambr_and_default_slice(void)
{
	struct db_sub s;
	struct sbi_am_data am;
	struct sbi_jerr e;
	sub_with_two_slices(&s);
	json_t *j = udr_am_data(&s);
	CHECK(j != NULL);
	CHECK_EQ(sbi_am_data_decode(&am, j, &e), 0);
	CHECK_STR(am.gpsi, "msisdn-15551234");
	CHECK(am.has_ambr);
	CHECK_EQ(am.ambr.ul, 500000000);
	CHECK_EQ(am.ambr.dl, 1000000000);
	CHECK_STR(json_string_value(
			  json_object_get(json_object_get(j, "subscribedUeAmbr"), "downlink")),
		  "1 Gbps");
	CHECK(am.has_nssai);
	CHECK_EQ(am.nssai.n_dflt, 1);
	CHECK_EQ(am.nssai.dflt[0].sst, 1);
	CHECK(!am.nssai.dflt[0].has_sd);
	CHECK_EQ(am.nssai.n_single, 1);
	CHECK_EQ(am.nssai.single[0].sst, 2);
	CHECK_EQ(am.nssai.single[0].sd, 0x010203);
	json_decref(j);
}

static void smf_selection_and_sm_data_views_list_every_dnn(void)
{
	struct db_sub s;
	struct sbi_smf_sel_data sel;
	struct sbi_sm_data sm;
	struct sbi_jerr e;
	sub_with_two_slices(&s);
	json_t *j = udr_smf_sel_data(&s);
	CHECK(json_object_get(json_object_get(j, "subscribedSnssaiInfos"), "2-010203") != NULL);
	CHECK_EQ(sbi_smf_sel_data_decode(&sel, j, &e), 0);
	CHECK_EQ(sel.n, 2);
	for (int i = 0; i < sel.n; i++) {
		if (sel.infos[i].snssai.sst != 2)
			continue;
		CHECK_EQ(sel.infos[i].n_dnns, 2);
		CHECK_STR(sel.infos[i].dnns[0].dnn, "internet");
		CHECK(sel.infos[i].dnns[0].is_default);
		CHECK_STR(sel.infos[i].dnns[1].dnn, "ims");
		CHECK(!sel.infos[i].dnns[1].is_default);
	}
	json_decref(j);
	j = udr_sm_data(&s);
	CHECK_EQ(sbi_sm_data_decode(&sm, j, &e), 0);
	CHECK_EQ(sm.n, 2);
	CHECK_EQ(sm.slices[1].snssai.sd, 0x010203);
	CHECK_EQ(sm.slices[1].n_dnns, 2);
	const struct sbi_dnn_config *ims = NULL;
	for (int i = 0; i < sm.slices[1].n_dnns; i++)
		if (strcmp(sm.slices[1].dnns[i].dnn, "ims") == 0)
			ims = &sm.slices[1].dnns[i];
	CHECK(ims != NULL);
	if (ims) {
		CHECK_EQ(ims->qi5, 5);
		CHECK_EQ(ims->arp_level, 1);
		CHECK(ims->arp_preempt_cap);
		CHECK(!ims->arp_preempt_vuln);
		CHECK_EQ(ims->pdu_default, SBI_PDU_IPV4);
		CHECK_EQ(ims->ssc_default, 1);
		CHECK(ims->has_session_ambr);
		CHECK_EQ(ims->session_ambr.dl, 1000000000);
	}
	json_decref(j);
}

static void patch_check_keeps_to_the_sequence_number(void)
{
	struct sbi_jerr e;
	json_t *ok = sbi_sqn_cas_patch(1, 2);
	CHECK_EQ(udr_patch_check(ok, "/sequenceNumber", &e), 0);
	json_decref(ok);
	json_t *p = json_pack("[{ssss}]", "op", "replace", "path", "/encPermanentKey");
	CHECK_EQ(udr_patch_check(p, "/sequenceNumber", &e), -E_INVAL); /* no value */
	json_decref(p);
	p = json_pack("[{sssss{}}]", "op", "replace", "path", "/encPermanentKey", "value");
	CHECK_EQ(udr_patch_check(p, "/sequenceNumber", &e), -E_RANGE);
	CHECK_STR(e.param, "/0/path");
	json_decref(p);
	p = json_pack("[{sssss{}}]", "op", "replace", "path", "/sequenceNumberX", "value");
	CHECK_EQ(udr_patch_check(p, "/sequenceNumber", &e), -E_RANGE);
	json_decref(p);
	p = json_pack("[{ssssss}]", "op", "copy", "path", "/sequenceNumber/sqn", "from",
		      "/encOpcKey");
	CHECK_EQ(udr_patch_check(p, "/sequenceNumber", &e), -E_RANGE);
	CHECK_STR(e.param, "/0/from");
	json_decref(p);
	p = json_pack("[{ssss}]", "op", "frobnicate", "path", "/sequenceNumber");
	CHECK_EQ(udr_patch_check(p, "/sequenceNumber", &e), -E_INVAL);
	json_decref(p);
	p = json_array();
	CHECK_EQ(udr_patch_check(p, "", &e), -E_INVAL);
	json_decref(p);
	CHECK(udr_var_plmn_valid("00101"));
	CHECK(udr_var_plmn_valid("001001"));
	CHECK(!udr_var_plmn_valid("0010"));
	CHECK(!udr_var_plmn_valid("00101a"));
}

/* ---- the UDR running ---- */

static void url(char *out, size_t cap, const char *supi, const char *leaf)
{
	snprintf(out, cap, "%s/nudr-dr/v2/subscription-data/%s/%s", root, supi, leaf);
}

#define AUTH_SUB "authentication-data/authentication-subscription"

static void auth_subscription_get_returns_keys_sqn_and_ind_length(void)
{
	struct h_resp r;
	struct sbi_auth_subscription s;
	struct sbi_jerr e;
	char u[300];

	url(u, sizeof(u), "imsi-001010000000001", AUTH_SUB);
	CHECK_EQ(h_call(&r, SBI_GET, u, NULL, NULL), 200);
	CHECK_EQ(sbi_auth_subscription_decode(&s, r.json, &e), 0);
	CHECK_MEM(s.k, K, 16);
	CHECK(s.has_opc);
	CHECK_MEM(s.opc, OPC, 16);
	CHECK(!s.has_op);
	CHECK_EQ(s.amf[0], 0x80);
	CHECK_EQ(s.sqn, 0x20);
	CHECK_EQ(s.ind_length, 5);
	h_resp_clear(&r);

	url(u, sizeof(u), "imsi-001010000000002", AUTH_SUB);
	CHECK_EQ(h_call(&r, SBI_GET, u, NULL, NULL), 200);
	CHECK_EQ(sbi_auth_subscription_decode(&s, r.json, &e), 0);
	CHECK(!s.has_opc);
	CHECK(s.has_op); /* OP-provisioned: the UDM derives OPc */
	CHECK_MEM(s.op, OPC, 16);
	CHECK(json_object_get(r.json, "encOpcKey") == NULL);
	h_resp_clear(&r);
	explicit_bzero(&s, sizeof(s));
}

static void unknown_or_malformed_subscriber_is_user_not_found(void)
{
	struct h_resp r;
	char u[300];
	url(u, sizeof(u), "imsi-001010000009999", AUTH_SUB);
	CHECK_EQ(h_call(&r, SBI_GET, u, NULL, NULL), 404);
	CHECK_STR(r.cause, "USER_NOT_FOUND");
	CHECK_STR(r.ct, SBI_CT_PROBLEM);
	h_resp_clear(&r);
	url(u, sizeof(u), "nai-someone", AUTH_SUB);
	CHECK_EQ(h_call(&r, SBI_GET, u, NULL, NULL), 404);
	CHECK_STR(r.cause, "USER_NOT_FOUND");
	h_resp_clear(&r);
	url(u, sizeof(u), "imsi-001010000009999", AUTH_SUB);
	CHECK_EQ(h_call(&r, SBI_PATCH, u, sbi_sqn_cas_patch(0, 1), SBI_CT_JSON_PATCH), 404);
	CHECK_STR(r.cause, "USER_NOT_FOUND");
	h_resp_clear(&r);
}

static void sqn_compare_and_set_is_durable_before_204(void)
{
	struct h_resp r;
	char u[300];
	url(u, sizeof(u), "imsi-001010000000001", AUTH_SUB);
	CHECK_EQ(h_call(&r, SBI_PATCH, u, sbi_sqn_cas_patch(0x20, 0x41), SBI_CT_JSON_PATCH), 204);
	h_resp_clear(&r);
	CHECK_EQ(h_sqn("imsi-001010000000001"), 0x41); /* a separate connection sees it */
	/* The same test again: the SQN moved, so it fails and changes nothing. */
	CHECK_EQ(h_call(&r, SBI_PATCH, u, sbi_sqn_cas_patch(0x20, 0x99), SBI_CT_JSON_PATCH), 409);
	CHECK_STR(r.ct, SBI_CT_PROBLEM);
	h_resp_clear(&r);
	CHECK_EQ(h_sqn("imsi-001010000000001"), 0x41);
	/* A value that is not 12 hex digits after the patch: refused. */
	json_t *p = json_pack("[{ssssss}]", "op", "replace", "path", "/sequenceNumber/sqn", "value",
			      "12");
	CHECK_EQ(h_call(&r, SBI_PATCH, u, p, SBI_CT_JSON_PATCH), 400);
	h_resp_clear(&r);
	CHECK_EQ(h_sqn("imsi-001010000000001"), 0x41);
}

static void patch_of_keys_or_wrong_media_type_is_refused(void)
{
	struct h_resp r;
	char u[300];
	url(u, sizeof(u), "imsi-001010000000001", AUTH_SUB);
	json_t *p = json_pack("[{ssssss}]", "op", "replace", "path", "/encPermanentKey", "value",
			      "00000000000000000000000000000000");
	CHECK_EQ(h_call(&r, SBI_PATCH, u, p, SBI_CT_JSON_PATCH), 403);
	CHECK_STR(r.cause, "MODIFICATION_NOT_ALLOWED");
	h_resp_clear(&r);
	CHECK_EQ(h_call(&r, SBI_PATCH, u, sbi_sqn_cas_patch(0x41, 0x62), SBI_CT_JSON), 415);
	h_resp_clear(&r);
	CHECK_EQ(h_sqn("imsi-001010000000001"), 0x41);
}

static struct metric *m_commits, *m_patches;

static void patches_of_one_iteration_share_one_commit(void)
{
	enum { N = 40 };
	static struct h_resp rs[N];
	char u[300];
	int64_t c0 = metric_get(m_commits), p0 = metric_get(m_patches);

	/* 40 subscribers, each advanced by one compare-and-set; sent together. */
	for (int i = 0; i < N; i++) {
		char supi[32];
		snprintf(supi, sizeof(supi), "imsi-0010100000010%02d", i);
		url(u, sizeof(u), supi, AUTH_SUB);
		json_t *p = sbi_sqn_cas_patch(0, 0x21);
		CHECK_EQ(h_send(&rs[i], SBI_PATCH, u, p, SBI_CT_JSON_PATCH), 0);
		json_decref(p);
	}
	int done = 0;
	for (int k = 0; k < 500 && done < N; k++) {
		ev_run_once(h_loop, 10);
		done = 0;
		for (int i = 0; i < N; i++)
			done += rs[i].done;
	}
	CHECK_EQ(done, N);
	for (int i = 0; i < N; i++) {
		CHECK_EQ(rs[i].status, 204);
		h_resp_clear(&rs[i]);
	}
	CHECK_EQ(metric_get(m_patches) - p0, N);
	/* Fewer transactions (disk flushes) than PATCHes. */
	CHECK(metric_get(m_commits) - c0 < N);
	CHECK(metric_get(m_commits) - c0 >= 1);
	CHECK_EQ(h_sqn("imsi-001010000001039"), 0x21);
}

static void two_compare_and_sets_from_one_read_one_wins(void)
{
	struct h_resp a, b;
	char u[300];
	url(u, sizeof(u), "imsi-001010000000003", AUTH_SUB);
	json_t *p1 = sbi_sqn_cas_patch(0, 0x21), *p2 = sbi_sqn_cas_patch(0, 0x22);
	CHECK_EQ(h_send(&a, SBI_PATCH, u, p1, SBI_CT_JSON_PATCH), 0);
	CHECK_EQ(h_send(&b, SBI_PATCH, u, p2, SBI_CT_JSON_PATCH), 0);
	json_decref(p1);
	json_decref(p2);
	h_run_until(&a.done, 1, 3000);
	h_run_until(&b.done, 1, 3000);
	CHECK((a.status == 204 && b.status == 409) || (a.status == 409 && b.status == 204));
	int64_t sqn = h_sqn("imsi-001010000000003");
	CHECK(sqn == (a.status == 204 ? 0x21 : 0x22));
	h_resp_clear(&a);
	h_resp_clear(&b);
}

static void auth_status_is_stored_read_and_deleted(void)
{
	struct h_resp r;
	char u[300];
	json_t *ev =
		json_pack("{sssbssssss}", "nfInstanceId", "4ad3c0a4-6d0b-4fa5-9d3b-7a3c1c6a5d1e",
			  "success", 1, "timeStamp", "2026-11-26T10:00:00Z", "authType", "5G_AKA",
			  "servingNetworkName", "5G:mnc001.mcc001.3gppnetwork.org");
	url(u, sizeof(u), "imsi-001010000000001", "authentication-data/authentication-status");
	CHECK_EQ(h_call(&r, SBI_GET, u, NULL, NULL), 404);
	CHECK_STR(r.cause, "DATA_NOT_FOUND");
	h_resp_clear(&r);
	CHECK_EQ(h_call(&r, SBI_PUT, u, json_incref(ev), NULL), 204);
	h_resp_clear(&r);
	CHECK_EQ(h_call(&r, SBI_GET, u, NULL, NULL), 200);
	CHECK(json_equal(r.json, ev));
	h_resp_clear(&r);
	CHECK_EQ(h_call(&r, SBI_DELETE, u, NULL, NULL), 204);
	h_resp_clear(&r);
	CHECK_EQ(h_call(&r, SBI_GET, u, NULL, NULL), 404);
	h_resp_clear(&r);
	/* Not a subscriber: 404; not an AuthEvent: 400 naming the member. */
	url(u, sizeof(u), "imsi-001010000009999", "authentication-data/authentication-status");
	CHECK_EQ(h_call(&r, SBI_PUT, u, json_incref(ev), NULL), 404);
	CHECK_STR(r.cause, "USER_NOT_FOUND");
	h_resp_clear(&r);
	url(u, sizeof(u), "imsi-001010000000001", "authentication-data/authentication-status");
	json_object_del(ev, "success");
	CHECK_EQ(h_call(&r, SBI_PUT, u, ev, NULL), 400);
	CHECK_STR(r.cause, "MANDATORY_IE_MISSING");
	h_resp_clear(&r);
}

static void provisioned_data_is_served_per_serving_plmn(void)
{
	struct h_resp r;
	struct sbi_am_data am;
	struct sbi_jerr e;
	char u[300];
	url(u, sizeof(u), "imsi-001010000000001", "00101/provisioned-data/am-data");
	CHECK_EQ(h_call(&r, SBI_GET, u, NULL, NULL), 200);
	CHECK_EQ(sbi_am_data_decode(&am, r.json, &e), 0);
	CHECK(am.has_nssai && am.nssai.n_dflt == 1);
	h_resp_clear(&r);
	url(u, sizeof(u), "imsi-001010000000001",
	    "00101/provisioned-data/smf-selection-subscription-data");
	CHECK_EQ(h_call(&r, SBI_GET, u, NULL, NULL), 200);
	h_resp_clear(&r);
	url(u, sizeof(u), "imsi-001010000000001", "00101/provisioned-data/sm-data");
	CHECK_EQ(h_call(&r, SBI_GET, u, NULL, NULL), 200);
	CHECK(json_is_array(r.json));
	h_resp_clear(&r);
	url(u, sizeof(u), "imsi-001010000000001", "0x101/provisioned-data/am-data");
	CHECK_EQ(h_call(&r, SBI_GET, u, NULL, NULL), 400);
	h_resp_clear(&r);
	url(u, sizeof(u), "imsi-001010000009999", "00101/provisioned-data/am-data");
	CHECK_EQ(h_call(&r, SBI_GET, u, NULL, NULL), 404);
	CHECK_STR(r.cause, "USER_NOT_FOUND");
	h_resp_clear(&r);
}

static json_t *amf_reg(const char *rat)
{
	return json_pack("{sssss{s{ssss}ss}ss}", "amfInstanceId",
			 "8d0c3c8e-1c7b-4b7c-9b1f-3a6f0d1e2c3b", "deregCallbackUri",
			 "http://127.0.0.1:7778/namf-callback/v1/dereg", "guami", "plmnId", "mcc",
			 "001", "mnc", "01", "amfId", "020040", "ratType", rat);
}

static void amf_context_is_created_replaced_patched_and_deleted(void)
{
	struct h_resp r;
	char u[300];
	url(u, sizeof(u), "imsi-001010000000001", "context-data/amf-3gpp-access");
	CHECK_EQ(h_call(&r, SBI_GET, u, NULL, NULL), 404);
	CHECK_STR(r.cause, "DATA_NOT_FOUND");
	h_resp_clear(&r);
	CHECK_EQ(h_call(&r, SBI_PUT, u, amf_reg("NR"), NULL), 201);
	CHECK(strstr(r.location, "/context-data/amf-3gpp-access") != NULL);
	h_resp_clear(&r);
	CHECK_EQ(h_call(&r, SBI_PUT, u, amf_reg("NR"), NULL), 204);
	h_resp_clear(&r);
	json_t *p = json_pack("[{ssssss}{ssssss}]", "op", "test", "path", "/ratType", "value", "NR",
			      "op", "replace", "path", "/ratType", "value", "EUTRA");
	CHECK_EQ(h_call(&r, SBI_PATCH, u, p, SBI_CT_JSON_PATCH), 204);
	h_resp_clear(&r);
	CHECK_EQ(h_call(&r, SBI_GET, u, NULL, NULL), 200);
	CHECK_STR(json_string_value(json_object_get(r.json, "ratType")), "EUTRA");
	h_resp_clear(&r);
	p = json_pack("[{ssssss}]", "op", "test", "path", "/ratType", "value", "NR");
	CHECK_EQ(h_call(&r, SBI_PATCH, u, p, SBI_CT_JSON_PATCH), 409);
	h_resp_clear(&r);
	p = json_pack("[{ssss}]", "op", "remove", "path", "/amfInstanceId");
	CHECK_EQ(h_call(&r, SBI_PATCH, u, p, SBI_CT_JSON_PATCH), 400); /* result invalid */
	h_resp_clear(&r);
	json_t *bad = amf_reg("NR");
	json_object_del(bad, "guami");
	CHECK_EQ(h_call(&r, SBI_PUT, u, bad, NULL), 400);
	CHECK_STR(r.cause, "MANDATORY_IE_MISSING");
	h_resp_clear(&r);
	CHECK_EQ(h_call(&r, SBI_DELETE, u, NULL, NULL), 204);
	h_resp_clear(&r);
	CHECK_EQ(h_call(&r, SBI_GET, u, NULL, NULL), 404);
	h_resp_clear(&r);
	url(u, sizeof(u), "imsi-001010000009999", "context-data/amf-3gpp-access");
	CHECK_EQ(h_call(&r, SBI_PUT, u, amf_reg("NR"), NULL), 404);
	h_resp_clear(&r);
}

static void requests_are_counted_by_operation_and_status(void)
{
	struct metric *m = metric_counter("ngcore_udr_requests_total",
					  "SBI requests answered, by operation and status",
					  "op=\"auth_subscription_get\",status=\"404\"");
	CHECK(metric_get(m) >= 2);
	m = metric_counter("ngcore_udr_requests_total",
			   "SBI requests answered, by operation and status",
			   "op=\"auth_subscription_patch\",status=\"409\"");
	CHECK(metric_get(m) >= 2);
}

int main(void)
{
	if (h_init() < 0) {
		fprintf(stderr, "cannot set up the harness\n");
		return 1;
	}
	RUN(am_data_view_carries_msisdn_ambr_and_default_slice);
	RUN(smf_selection_and_sm_data_views_list_every_dnn);
	RUN(patch_check_keeps_to_the_sequence_number);

	CHECK_EQ(h_add_sub("imsi-001010000000001", K, OPC, false, 0x8000, 0x20), 0);
	CHECK_EQ(h_add_sub("imsi-001010000000002", K, OPC, true, 0x8000, 0), 0);
	CHECK_EQ(h_add_sub("imsi-001010000000003", K, OPC, false, 0x8000, 0), 0);
	for (int i = 0; i < 40; i++) {
		char supi[32];
		snprintf(supi, sizeof(supi), "imsi-0010100000010%02d", i);
		CHECK_EQ(h_add_sub(supi, K, OPC, false, 0x8000, 0), 0);
	}
	h_prepare(&udr, &udr_nf_ops);
	if (h_start(&udr) < 0) {
		fprintf(stderr, "UDR did not start\n");
		return 1;
	}
	h_root(&udr, root, sizeof(root));
	m_commits =
		metric_counter("ngcore_udr_group_commits_total",
			       "Transactions committing authentication-subscription PATCHes", NULL);
	m_patches =
		metric_counter("ngcore_udr_patches_total",
			       "Authentication-subscription PATCHes through group commits", NULL);
	RUN(auth_subscription_get_returns_keys_sqn_and_ind_length);
	RUN(unknown_or_malformed_subscriber_is_user_not_found);
	RUN(sqn_compare_and_set_is_durable_before_204);
	RUN(patch_of_keys_or_wrong_media_type_is_refused);
	RUN(patches_of_one_iteration_share_one_commit);
	RUN(two_compare_and_sets_from_one_read_one_wins);
	RUN(auth_status_is_stored_read_and_deleted);
	RUN(provisioned_data_is_served_per_serving_plmn);
	RUN(amf_context_is_created_replaced_patched_and_deleted);
	RUN(requests_are_counted_by_operation_and_status);
	h_stop(&udr);
	h_fini();
	return t_done();
}
