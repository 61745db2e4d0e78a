/* fuzz_sbi_models.c — every JSON model decoder in lib/sbi/models.
 *
 * Input: one selector byte ('a' + index into runners[]), then the JSON
 * text a peer sent.
 * Each decoder runs on it; when it accepts, the result is encoded, decoded
 * again and compared field by field with the first decode:
 * decode(encode(decode(x))) == decode(x), or abort (a finding). A rejected
 * input must leave a NUL-terminated cause parameter and reason.
 *
 * Beyond the models: the SQN compare-and-set patch the UDM sends the UDR is
 * applied to every accepted AuthenticationSubscription, and SQN texts ('n')
 * and serving network names ('o') round-trip through their parsers.
 *
 * Known normalisation, not checked: NotificationData drops nfProfile for
 * NF_DEREGISTERED when encoding (TS 29.510 6.1.6.2.17 sends none then).
 */
#include <stdint.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/sbi/models/aka_models.h"
#include "lib/sbi/models/common.h"
#include "lib/sbi/json_patch.h"
#include "lib/sbi/models/nnrf.h"
#include "lib/sbi/sbi_json.h"
#include "tests/fuzz/sbi/fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define STR_EQ(a, b, what) FUZZ_CHECK(strcmp(a, b) == 0, "%s: \"%s\" != \"%s\"", what, a, b)
#define VAL_EQ(a, b, what)                                                                         \
	FUZZ_CHECK((a) == (b), "%s: %lld != %lld", what, (long long)(a), (long long)(b))
#define MEM_EQ(a, b, n, what) FUZZ_CHECK(memcmp(a, b, n) == 0, "%s differs", what)

static void jerr_sane(const struct sbi_jerr *e)
{
	FUZZ_CHECK(memchr(e->param, 0, sizeof(e->param)) && memchr(e->reason, 0, sizeof(e->reason)),
		   "error text not terminated");
	FUZZ_CHECK(e->cause > SBI_CAUSE_NONE && e->cause < SBI_CAUSE__N, "cause %d", e->cause);
}

/* Encodes, checks the encoding is printable JSON, parses the text again. */
static json_t *reencode(json_t *enc, const char *what)
{
	FUZZ_CHECK(enc != NULL, "%s: encoder returned NULL for a decoded value", what);
	size_t len;
	char *txt = sbi_json_dump(enc, &len);
	FUZZ_CHECK(txt != NULL, "%s: encoding does not serialise", what);
	struct sbi_jerr e;
	json_t *back = sbi_json_parse(txt, len, &e);
	FUZZ_CHECK(back != NULL, "%s: own encoding does not parse: %s", what, txt);
	free(txt);
	json_decref(enc);
	return back;
}

/* ---- NFProfile ------------------------------------------------------ */

static void snssais_eq(const struct s_nssai *a, unsigned na, const struct s_nssai *b, unsigned nb,
		       const char *what)
{
	VAL_EQ(na, nb, what);
	for (unsigned i = 0; i < na; i++)
		FUZZ_CHECK(s_nssai_eq(&a[i], &b[i]) && a[i].has_sd == b[i].has_sd, "%s[%u]", what,
			   i);
}

static void service_eq(const struct sbi_nf_service *a, const struct sbi_nf_service *b)
{
	STR_EQ(a->service_instance_id, b->service_instance_id, "serviceInstanceId");
	STR_EQ(a->service_name, b->service_name, "serviceName");
	VAL_EQ(a->n_versions, b->n_versions, "versions");
	for (unsigned i = 0; i < a->n_versions; i++) {
		STR_EQ(a->versions[i].in_uri, b->versions[i].in_uri, "apiVersionInUri");
		STR_EQ(a->versions[i].full, b->versions[i].full, "apiFullVersion");
	}
	VAL_EQ(a->https, b->https, "scheme");
	VAL_EQ(a->status, b->status, "nfServiceStatus");
	STR_EQ(a->fqdn, b->fqdn, "service fqdn");
	VAL_EQ(a->n_eps, b->n_eps, "ipEndPoints");
	for (unsigned i = 0; i < a->n_eps; i++) {
		FUZZ_CHECK(fuzz_ip_eq(&a->eps[i].addr, &b->eps[i].addr), "ipEndPoints[%u] address",
			   i);
		VAL_EQ(a->eps[i].port, b->eps[i].port, "ipEndPoint port");
	}
	STR_EQ(a->api_prefix, b->api_prefix, "apiPrefix");
	VAL_EQ(a->allowed_nf_types, b->allowed_nf_types, "service allowedNfTypes");
	VAL_EQ(a->priority, b->priority, "service priority");
	VAL_EQ(a->capacity, b->capacity, "service capacity");
	snssais_eq(a->snssais, a->n_snssais, b->snssais, b->n_snssais, "service sNssais");
}

static void profile_eq(const struct sbi_nf_profile *a, const struct sbi_nf_profile *b)
{
	STR_EQ(a->nf_instance_id, b->nf_instance_id, "nfInstanceId");
	STR_EQ(a->nf_instance_name, b->nf_instance_name, "nfInstanceName");
	VAL_EQ(a->nf_type, b->nf_type, "nfType");
	STR_EQ(a->nf_type_str, b->nf_type_str, "nfType text");
	VAL_EQ(a->nf_status, b->nf_status, "nfStatus");
	VAL_EQ(a->heartbeat_timer, b->heartbeat_timer, "heartBeatTimer");
	VAL_EQ(a->n_plmns, b->n_plmns, "plmnList");
	for (unsigned i = 0; i < a->n_plmns; i++)
		FUZZ_CHECK(plmn_eq(&a->plmns[i], &b->plmns[i]) &&
				   a->plmns[i].mnc_len == b->plmns[i].mnc_len,
			   "plmnList[%u]", i);
	snssais_eq(a->snssais, a->n_snssais, b->snssais, b->n_snssais, "sNssais");
	STR_EQ(a->fqdn, b->fqdn, "fqdn");
	VAL_EQ(a->n_ipv4, b->n_ipv4, "ipv4Addresses");
	for (unsigned i = 0; i < a->n_ipv4; i++)
		FUZZ_CHECK(fuzz_ip_eq(&a->ipv4[i], &b->ipv4[i]), "ipv4Addresses[%u]", i);
	VAL_EQ(a->n_ipv6, b->n_ipv6, "ipv6Addresses");
	for (unsigned i = 0; i < a->n_ipv6; i++)
		FUZZ_CHECK(fuzz_ip_eq(&a->ipv6[i], &b->ipv6[i]), "ipv6Addresses[%u]", i);
	VAL_EQ(a->allowed_nf_types, b->allowed_nf_types, "allowedNfTypes");
	VAL_EQ(a->priority, b->priority, "priority");
	VAL_EQ(a->capacity, b->capacity, "capacity");
	VAL_EQ(a->load, b->load, "load");
	STR_EQ(a->locality, b->locality, "locality");
	VAL_EQ(a->n_services, b->n_services, "services");
	for (unsigned i = 0; i < a->n_services; i++)
		service_eq(&a->services[i], &b->services[i]);
	FUZZ_CHECK((!a->extra && !b->extra) || json_equal(a->extra, b->extra),
		   "members kept in extra differ");
}

/* Decodes j as an NFProfile; on success checks the round trip and the
 * apiRoot helper for each service. */
static void run_profile_json(const json_t *j)
{
	struct sbi_nf_profile *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	struct sbi_jerr e;
	FUZZ_CHECK(a && b, "out of memory");
	if (sbi_nf_profile_decode(a, j, &e) < 0) {
		jerr_sane(&e);
		sbi_nf_profile_fini(a);
		free(a);
		free(b);
		return;
	}
	for (unsigned i = 0; i < a->n_services; i++) {
		char root[512];
		int rc =
			sbi_nf_profile_api_root(a, a->services[i].service_name, root, sizeof(root));
		FUZZ_CHECK(rc == 0 || rc == -E_NOTFOUND || rc == -E_NOSPC, "api_root: %d", rc);
		if (rc == 0)
			FUZZ_CHECK(memchr(root, 0, sizeof(root)) != NULL, "apiRoot not terminated");
		FUZZ_CHECK(sbi_nf_profile_service(a, a->services[i].service_name) != NULL,
			   "service %u not found by its own name", i);
	}
	json_t *back = reencode(sbi_nf_profile_encode(a), "NFProfile");
	int rc = sbi_nf_profile_decode(b, back, &e);
	FUZZ_CHECK(rc == 0, "NFProfile: own encoding rejected: %s %s", e.param, e.reason);
	profile_eq(a, b);
	sbi_nf_profile_fini(a);
	sbi_nf_profile_fini(b);
	json_decref(back);
	free(a);
	free(b);
}

/* ---- Nnrf: subscriptions, notifications, search results -------------- */

static void run_subscription(const json_t *j)
{
	struct sbi_subscription a, b;
	struct sbi_jerr e;
	if (sbi_subscription_decode(&a, j, &e) < 0) {
		jerr_sane(&e);
		sbi_subscription_fini(&a);
		return;
	}
	json_t *back = reencode(sbi_subscription_encode(&a), "SubscriptionData");
	int rc = sbi_subscription_decode(&b, back, &e);
	FUZZ_CHECK(rc == 0, "SubscriptionData: own encoding rejected: %s %s", e.param, e.reason);
	STR_EQ(a.notification_uri, b.notification_uri, "nfStatusNotificationUri");
	STR_EQ(a.req_nf_instance_id, b.req_nf_instance_id, "reqNfInstanceId");
	STR_EQ(a.subscription_id, b.subscription_id, "subscriptionId");
	VAL_EQ(a.validity_time, b.validity_time, "validityTime");
	VAL_EQ(a.req_notif_events, b.req_notif_events, "reqNotifEvents");
	VAL_EQ(a.req_nf_type, b.req_nf_type, "reqNfType");
	VAL_EQ(a.cond, b.cond, "subscrCond kind");
	STR_EQ(a.cond_value, b.cond_value, "subscrCond value");
	FUZZ_CHECK((a.cond_other == NULL) == (a.cond != SBI_COND_OTHER),
		   "cond_other set for kind %d", a.cond);
	FUZZ_CHECK(json_equal(a.cond_other, b.cond_other) || !a.cond_other,
		   "subscrCond kept as received differs");
	/* what was received is what is kept */
	FUZZ_CHECK(!a.cond_other || json_equal(a.cond_other, json_object_get(j, "subscrCond")),
		   "subscrCond not kept as received");
	sbi_subscription_fini(&a);
	sbi_subscription_fini(&b);
	json_decref(back);
}

static void run_notification(const json_t *j)
{
	struct sbi_notification a, b;
	struct sbi_jerr e;
	if (sbi_notification_decode(&a, j, &e) < 0) {
		jerr_sane(&e);
		return;
	}
	/* An NF receiving it decodes the profile it carries. */
	if (a.nf_profile)
		run_profile_json(a.nf_profile);
	json_t *back = reencode(sbi_notification_encode(a.event, a.nf_instance_uri, a.nf_profile),
				"NotificationData");
	int rc = sbi_notification_decode(&b, back, &e);
	FUZZ_CHECK(rc == 0, "NotificationData: own encoding rejected: %s %s", e.param, e.reason);
	VAL_EQ(a.event, b.event, "event");
	STR_EQ(a.nf_instance_uri, b.nf_instance_uri, "nfInstanceUri");
	STR_EQ(a.nf_instance_id, b.nf_instance_id, "nfInstanceUri id");
	if (a.event != SBI_NOTIF_NF_DEREGISTERED)
		FUZZ_CHECK((!a.nf_profile && !b.nf_profile) ||
				   (a.nf_profile && b.nf_profile &&
				    json_equal(a.nf_profile, b.nf_profile)),
			   "nfProfile differs");
	json_decref(back);
}

static void run_search_result(const json_t *j)
{
	uint32_t va, vb;
	json_t *ia, *ib;
	struct sbi_jerr e;
	if (sbi_search_result_decode(j, &va, &ia, &e) < 0) {
		jerr_sane(&e);
		return;
	}
	/* The discovering NF decodes every profile of the result. */
	size_t i;
	json_t *p;
	json_array_foreach(ia, i, p) run_profile_json(p);
	json_t *back = reencode(sbi_search_result_encode(va, json_incref(ia)), "SearchResult");
	int rc = sbi_search_result_decode(back, &vb, &ib, &e);
	FUZZ_CHECK(rc == 0, "SearchResult: own encoding rejected: %s %s", e.param, e.reason);
	VAL_EQ(va, vb, "validityPeriod");
	FUZZ_CHECK(json_equal(ia, ib), "nfInstances differ");
	json_decref(back);
}

/* ---- ProblemDetails ----------------------------------------------------- */

static void run_problem(const json_t *j)
{
	struct sbi_problem a, b;
	struct sbi_jerr e;
	if (sbi_problem_decode(&a, j, &e) < 0) {
		jerr_sane(&e);
		return;
	}
	json_t *back = reencode(sbi_problem_encode(&a), "ProblemDetails");
	int rc = sbi_problem_decode(&b, back, &e);
	FUZZ_CHECK(rc == 0, "ProblemDetails: own encoding rejected: %s %s", e.param, e.reason);
	STR_EQ(a.type, b.type, "type");
	STR_EQ(a.title, b.title, "title");
	VAL_EQ(a.status, b.status, "status");
	STR_EQ(a.detail, b.detail, "detail");
	STR_EQ(a.instance, b.instance, "instance");
	STR_EQ(a.cause, b.cause, "cause");
	VAL_EQ(a.n_invalid, b.n_invalid, "invalidParams");
	for (unsigned i = 0; i < a.n_invalid; i++) {
		STR_EQ(a.invalid[i].param, b.invalid[i].param, "invalidParams param");
		STR_EQ(a.invalid[i].reason, b.invalid[i].reason, "invalidParams reason");
	}
	/* The cause a client maps back to an enum. */
	(void)sbi_cause_parse(a.cause);
	json_decref(back);
}

/* ---- 5G-AKA models ------------------------------------------------------ */

static void resync_eq(bool ha, const struct sbi_resync_info *a, bool hb,
		      const struct sbi_resync_info *b)
{
	VAL_EQ(ha, hb, "resynchronizationInfo presence");
	if (ha) {
		MEM_EQ(a->rand, b->rand, 16, "resync rand");
		MEM_EQ(a->auts, b->auts, 14, "resync auts");
	}
}

/* Decode, encode, decode again into a second struct, compare with cmp. */
#define AKA_ROUND_TRIP(T, dec, enc, cmp)                                                           \
	do {                                                                                       \
		struct T a, b;                                                                     \
		struct sbi_jerr e;                                                                 \
		if (dec(&a, j, &e) < 0) {                                                          \
			jerr_sane(&e);                                                             \
			return;                                                                    \
		}                                                                                  \
		json_t *back = reencode(enc(&a), #T);                                              \
		int rc = dec(&b, back, &e);                                                        \
		FUZZ_CHECK(rc == 0, "%s: own encoding rejected: %s %s", #T, e.param, e.reason);    \
		cmp(&a, &b);                                                                       \
		explicit_bzero(&a, sizeof(a));                                                     \
		explicit_bzero(&b, sizeof(b));                                                     \
		json_decref(back);                                                                 \
	} while (0)

static void ausf_auth_info_eq(const struct sbi_ausf_auth_info *a,
			      const struct sbi_ausf_auth_info *b)
{
	STR_EQ(a->supi_or_suci, b->supi_or_suci, "supiOrSuci");
	STR_EQ(a->serving_network_name, b->serving_network_name, "servingNetworkName");
	resync_eq(a->has_resync, &a->resync, b->has_resync, &b->resync);
}

static void ue_auth_ctx_eq(const struct sbi_ue_auth_ctx *a, const struct sbi_ue_auth_ctx *b)
{
	MEM_EQ(a->rand, b->rand, 16, "rand");
	MEM_EQ(a->autn, b->autn, 16, "autn");
	MEM_EQ(a->hxres_star, b->hxres_star, 16, "hxresStar");
	STR_EQ(a->confirm_href, b->confirm_href, "_links 5g-aka href");
	STR_EQ(a->serving_network_name, b->serving_network_name, "servingNetworkName");
}

static void confirmation_data_eq(const struct sbi_confirmation_data *a,
				 const struct sbi_confirmation_data *b)
{
	MEM_EQ(a->res_star, b->res_star, 16, "resStar");
}

static void confirmation_resp_eq(const struct sbi_confirmation_resp *a,
				 const struct sbi_confirmation_resp *b)
{
	VAL_EQ(a->result, b->result, "authResult");
	STR_EQ(a->supi, b->supi, "supi");
	VAL_EQ(a->has_kseaf, b->has_kseaf, "kseaf presence");
	if (a->has_kseaf)
		MEM_EQ(a->kseaf, b->kseaf, 32, "kseaf");
}

static void udm_auth_info_req_eq(const struct sbi_udm_auth_info_req *a,
				 const struct sbi_udm_auth_info_req *b)
{
	STR_EQ(a->serving_network_name, b->serving_network_name, "servingNetworkName");
	STR_EQ(a->ausf_instance_id, b->ausf_instance_id, "ausfInstanceId");
	resync_eq(a->has_resync, &a->resync, b->has_resync, &b->resync);
}

static void udm_auth_info_result_eq(const struct sbi_udm_auth_info_result *a,
				    const struct sbi_udm_auth_info_result *b)
{
	MEM_EQ(a->rand, b->rand, 16, "rand");
	MEM_EQ(a->autn, b->autn, 16, "autn");
	MEM_EQ(a->xres_star, b->xres_star, 16, "xresStar");
	MEM_EQ(a->kausf, b->kausf, 32, "kausf");
	STR_EQ(a->supi, b->supi, "supi");
}

static void auth_event_eq(const struct sbi_auth_event *a, const struct sbi_auth_event *b)
{
	STR_EQ(a->nf_instance_id, b->nf_instance_id, "nfInstanceId");
	VAL_EQ(a->success, b->success, "success");
	STR_EQ(a->time_stamp, b->time_stamp, "timeStamp");
	/* aka_models.h: "" encodes as 5G_AKA */
	STR_EQ(a->auth_type[0] ? a->auth_type : "5G_AKA", b->auth_type, "authType");
	STR_EQ(a->serving_network_name, b->serving_network_name, "servingNetworkName");
	VAL_EQ(a->auth_removal_ind, b->auth_removal_ind, "authRemovalInd");
}

static void auth_subscription_eq(const struct sbi_auth_subscription *a,
				 const struct sbi_auth_subscription *b)
{
	MEM_EQ(a->k, b->k, 16, "encPermanentKey");
	VAL_EQ(a->has_opc, b->has_opc, "encOpcKey presence");
	if (a->has_opc)
		MEM_EQ(a->opc, b->opc, 16, "encOpcKey");
	VAL_EQ(a->has_op, b->has_op, "encTopcKey presence");
	if (a->has_op)
		MEM_EQ(a->op, b->op, 16, "encTopcKey");
	MEM_EQ(a->amf, b->amf, 2, "authenticationManagementField");
	VAL_EQ(a->sqn, b->sqn, "sqn");
	VAL_EQ(a->ind_length, b->ind_length, "indLength");
}

/* The UDM's compare-and-set of SQN_HE at the UDR (aka_models.h): the patch
 * applies to the stored subscription when the old SQN matches, and leaves it
 * untouched when it does not. */
static void sqn_cas(const struct sbi_auth_subscription *a)
{
	uint64_t next = (a->sqn + 33) & UINT64_C(0xffffffffffff);
	json_t *doc = sbi_auth_subscription_encode(a), *held;
	json_t *ok = sbi_sqn_cas_patch(a->sqn, next), *stale = sbi_sqn_cas_patch(next, a->sqn);
	FUZZ_CHECK(doc && ok && stale, "out of memory");
	held = json_incref(doc);
	struct json_patch_err pe;
	FUZZ_CHECK(json_patch_apply(&doc, stale, &pe) < 0 || next == a->sqn,
		   "CAS patch with a stale SQN applied");
	FUZZ_CHECK(doc == held, "failed CAS replaced the document");
	FUZZ_CHECK(json_patch_apply(&doc, ok, &pe) == 0, "CAS patch refused: %s", pe.reason);
	struct sbi_auth_subscription b;
	struct sbi_jerr e;
	FUZZ_CHECK(sbi_auth_subscription_decode(&b, doc, &e) == 0, "patched subscription: %s %s",
		   e.param, e.reason);
	VAL_EQ(b.sqn, next, "SQN after CAS");
	explicit_bzero(&b, sizeof(b));
	json_decref(held);
	json_decref(doc);
	json_decref(ok);
	json_decref(stale);
}

static void run_ausf_auth_info(const json_t *j)
{
	AKA_ROUND_TRIP(sbi_ausf_auth_info, sbi_ausf_auth_info_decode, sbi_ausf_auth_info_encode,
		       ausf_auth_info_eq);
}

static void run_ue_auth_ctx(const json_t *j)
{
	AKA_ROUND_TRIP(sbi_ue_auth_ctx, sbi_ue_auth_ctx_decode, sbi_ue_auth_ctx_encode,
		       ue_auth_ctx_eq);
}

static void run_confirmation_data(const json_t *j)
{
	AKA_ROUND_TRIP(sbi_confirmation_data, sbi_confirmation_data_decode,
		       sbi_confirmation_data_encode, confirmation_data_eq);
}

static void run_confirmation_resp(const json_t *j)
{
	AKA_ROUND_TRIP(sbi_confirmation_resp, sbi_confirmation_resp_decode,
		       sbi_confirmation_resp_encode, confirmation_resp_eq);
}

static void run_udm_auth_info_req(const json_t *j)
{
	AKA_ROUND_TRIP(sbi_udm_auth_info_req, sbi_udm_auth_info_req_decode,
		       sbi_udm_auth_info_req_encode, udm_auth_info_req_eq);
}

static void run_udm_auth_info_result(const json_t *j)
{
	AKA_ROUND_TRIP(sbi_udm_auth_info_result, sbi_udm_auth_info_result_decode,
		       sbi_udm_auth_info_result_encode, udm_auth_info_result_eq);
}

static void run_auth_event(const json_t *j)
{
	AKA_ROUND_TRIP(sbi_auth_event, sbi_auth_event_decode, sbi_auth_event_encode, auth_event_eq);
}

static void auth_subscription_eq_cas(const struct sbi_auth_subscription *a,
				     const struct sbi_auth_subscription *b)
{
	auth_subscription_eq(a, b);
	sqn_cas(a);
}

static void run_auth_subscription(const json_t *j)
{
	AKA_ROUND_TRIP(sbi_auth_subscription, sbi_auth_subscription_decode,
		       sbi_auth_subscription_encode, auth_subscription_eq_cas);
}

/* A JSON string as SequenceNumber.sqn text: parse, format, parse. */
static void run_sqn_text(const json_t *j)
{
	const char *s = json_string_value(j);
	uint64_t v, w;
	char txt[13];
	if (!s || sbi_sqn_parse(s, &v) < 0)
		return;
	FUZZ_CHECK(v <= UINT64_C(0xffffffffffff), "SQN beyond 48 bits");
	sbi_sqn_format(v, txt);
	FUZZ_CHECK(sbi_sqn_parse(txt, &w) == 0 && w == v, "SQN %s", txt);
}

/* A JSON string as a serving network name (AUSF/UDM input, TS 24.501
 * 9.12.1): what parses prints back to a name that parses to the same PLMN. */
static void run_snn_text(const json_t *j)
{
	const char *s = json_string_value(j);
	struct plmn p, q;
	char snn[SBI_SNN_MAX];
	if (!s || sbi_serving_network_name_parse(s, &p) < 0)
		return;
	sbi_serving_network_name(&p, snn);
	FUZZ_CHECK(sbi_serving_network_name_parse(snn, &q) == 0 && plmn_eq(&p, &q),
		   "\"%s\" -> \"%s\"", s, snn);
}

static void (*const runners[])(const json_t *j) = {
	run_profile_json,
	run_subscription,
	run_notification,
	run_search_result,
	run_problem,
	run_ausf_auth_info,
	run_ue_auth_ctx,
	run_confirmation_data,
	run_confirmation_resp,
	run_udm_auth_info_req,
	run_udm_auth_info_result,
	run_auth_event,
	run_auth_subscription,
	run_sqn_text,
	run_snn_text,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	/* 'a' selects the first model, 'b' the second, ... (readable seeds). */
	size_t which = (uint8_t)(data[0] - 'a') % (sizeof(runners) / sizeof(runners[0]));
	struct sbi_jerr e;
	json_t *j = sbi_json_parse(data + 1, size - 1, &e);
	if (!j) {
		jerr_sane(&e);
		return 0;
	}
	runners[which](j);
	json_decref(j);
	return 0;
}
