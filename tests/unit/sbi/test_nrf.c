/* The NRF (nf/nrf) and the NF side of lib/sbi (registration state machine,
 * discovery cache) against each other on one loop: registration and
 * replacement, heartbeats (JSON Patch) and their expiry, discovery filters,
 * status subscriptions and notifications, re-registration after an NRF
 * restart, back-off while the NRF is away, deregistration at stop. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/sbi/models/common.h"
#include "lib/sbi/sbi_disc.h"
#include "lib/sbi/sbi_nfreg.h"
#include "nf/nrf/nrf.h"
#include "tests/unit/t.h"

#define ID_AUSF	 "4947a69a-f61b-4bc1-b9da-47c9c5d14b64"
#define ID_AUSF2 "5947a69a-f61b-4bc1-b9da-47c9c5d14b65"
#define ID_SMF	 "6947a69a-f61b-4bc1-b9da-47c9c5d14b66"
#define ID_AMF	 "7947a69a-f61b-4bc1-b9da-47c9c5d14b67"

struct env {
	struct ev_loop *loop; /* the one loop */
	struct nrf_ctx *nrf; /* NRF under test */
	struct sbi_client *cl; /* test client */
	char root[64]; /* NRF apiRoot */
};

struct answer {
	int done; /* callbacks */
	int err; /* last err */
	int status; /* last status */
	json_t *json; /* last JSON body (owned) */
	char location[256]; /* last location header */
};

static void on_resp(void *arg, uint64_t cookie, const struct sbi_resp *r)
{
	struct answer *a = arg;
	a->done++;
	a->err = r->err;
	a->status = r->status;
	if (a->json)
		json_decref(a->json);
	json_t *j = sbi_resp_json(r);
	a->json = j ? json_incref(j) : NULL;
	const char *l = sbi_resp_header(r, "location");
	snprintf(a->location, sizeof(a->location), "%s", l ? l : "");
}

static void run_until(struct ev_loop *loop, const int *flag, int want, int ms)
{
	uint64_t end = ev_clock_ns() + (uint64_t)ms * 1000000u;
	while (*flag < want && ev_clock_ns() < end)
		ev_run_once(loop, 5);
}

static void run_for(struct ev_loop *loop, int ms)
{
	uint64_t end = ev_clock_ns() + (uint64_t)ms * 1000000u;
	while (ev_clock_ns() < end)
		ev_run_once(loop, 5);
}

static struct nrf_ctx *start_nrf(struct ev_loop *loop, uint16_t port, int64_t hb_s,
				 int64_t grace_ms, int64_t validity_s)
{
	struct nrf_cfg cfg;
	struct plmn plmn = { 1, 1, 2 };
	nrf_cfg_defaults(&cfg);
	cfg.sbi.port = port;
	cfg.heartbeat_s = hb_s;
	cfg.heartbeat_grace_ms = grace_ms;
	cfg.validity_s = validity_s;
	struct nrf_ctx *n = nrf_ctx_new(loop, &cfg, &plmn);
	if (n && nrf_ctx_start(n) < 0) {
		nrf_ctx_free(n);
		return NULL;
	}
	return n;
}

static void env_init(struct env *e, int64_t hb_s, int64_t grace_ms, int64_t validity_s)
{
	e->loop = ev_loop_new("t");
	e->nrf = start_nrf(e->loop, 0, hb_s, grace_ms, validity_s);
	e->cl = sbi_client_new(e->loop, NULL, "test");
	snprintf(e->root, sizeof(e->root), "http://127.0.0.1:%u",
		 e->nrf ? sbi_server_port(nrf_ctx_server(e->nrf)) : 1);
}

static void env_fini(struct env *e)
{
	sbi_client_free(e->cl);
	nrf_ctx_free(e->nrf);
	ev_run_once(e->loop, 0);
	ev_loop_free(e->loop);
}

static int call(struct env *e, enum sbi_method m, const char *path, json_t *body, const char *ct,
		struct answer *a)
{
	struct sbi_request rq = {
		.method = m, .nroots = 1, .path = path, .json = body, .content_type = ct
	};
	rq.roots[0] = e->root;
	int want = a->done + 1;
	int rc = sbi_client_send(e->cl, &rq, on_resp, a, 0);
	if (rc == 0)
		run_until(e->loop, &a->done, want, 3000);
	return a->done == want ? a->status : -1;
}

static json_t *profile(const char *id, const char *type, const char *svc, int port)
{
	json_t *p = json_pack("{sssssss[s]}", "nfInstanceId", id, "nfType", type, "nfStatus",
			      "REGISTERED", "ipv4Addresses", "127.0.0.1");
	if (svc)
		json_object_set_new(p, "nfServices",
				    json_pack("[{sssss[{ssss}]sssss[{sssi}]}]", "serviceInstanceId",
					      "1", "serviceName", svc, "versions",
					      "apiVersionInUri", "v1", "apiFullVersion", "1.0.0",
					      "scheme", "http", "nfServiceStatus", "REGISTERED",
					      "ipEndPoints", "ipv4Address", "127.0.0.1", "port",
					      port));
	return p;
}

static int reg(struct env *e, json_t *p, struct answer *a)
{
	char path[128];
	snprintf(path, sizeof(path), "/nnrf-nfm/v1/nf-instances/%s",
		 json_string_value(json_object_get(p, "nfInstanceId")));
	int st = call(e, SBI_PUT, path, p, NULL, a);
	json_decref(p);
	return st;
}

static size_t found(struct answer *a)
{
	return a->json ? json_array_size(json_object_get(a->json, "nfInstances")) : 9999;
}

static const char *cause(struct answer *a)
{
	const char *c = a->json ? json_string_value(json_object_get(a->json, "cause")) : NULL;
	return c ? c : "";
}

static void register_then_discover_with_filters(void)
{
	struct env e;
	struct answer a = { 0 };
	env_init(&e, 10, 5000, 60);
	CHECK(e.nrf != NULL);
	CHECK_EQ(reg(&e, profile(ID_AUSF, "AUSF", "nausf-auth", 8001), &a), 201);
	CHECK_EQ(json_integer_value(json_object_get(a.json, "heartBeatTimer")), 10);
	CHECK(strstr(a.location, "/nnrf-nfm/v1/nf-instances/" ID_AUSF) != NULL);
	/* A second AUSF with a slice, a PLMN, a priority and allowedNfTypes. */
	json_t *p2 = profile(ID_AUSF2, "AUSF", "nausf-auth", 8002);
	json_object_set_new(p2, "sNssais", json_pack("[{siss}]", "sst", 1, "sd", "010203"));
	json_object_set_new(p2, "plmnList", json_pack("[{ssss}]", "mcc", "310", "mnc", "260"));
	json_object_set_new(p2, "priority", json_integer(1));
	json_object_set_new(p2, "allowedNfTypes", json_pack("[s]", "AMF"));
	CHECK_EQ(reg(&e, p2, &a), 201);
	/* An SMF serving DNN "internet". */
	json_t *p3 = profile(ID_SMF, "SMF", "nsmf-pdusession", 8003);
	json_object_set_new(p3, "smfInfo",
			    json_pack("{s[{s{si}s[{ss}]}]}", "sNssaiSmfInfoList", "sNssai", "sst",
				      1, "dnnSmfInfoList", "dnn", "internet"));
	CHECK_EQ(reg(&e, p3, &a), 201);
	CHECK_EQ(nrf_ctx_nf_count(e.nrf), 3);

	const char *d = "/nnrf-disc/v1/nf-instances?target-nf-type=AUSF&requester-nf-type=AMF";
	CHECK_EQ(call(&e, SBI_GET, d, NULL, NULL, &a), 200);
	CHECK_EQ(found(&a), 2);
	CHECK_EQ(json_integer_value(json_object_get(a.json, "validityPeriod")), 60);
	/* Lowest priority value first. */
	json_t *first = json_array_get(json_object_get(a.json, "nfInstances"), 0);
	CHECK_STR(json_string_value(json_object_get(first, "nfInstanceId")), ID_AUSF2);
	/* allowedNfTypes: an SMF may not discover AUSF2. */
	CHECK_EQ(call(&e, SBI_GET,
		      "/nnrf-disc/v1/nf-instances?target-nf-type=AUSF&requester-nf-type=SMF", NULL,
		      NULL, &a),
		 200);
	CHECK_EQ(found(&a), 1);
	/* Slice: sst 1 sd 010203 -> AUSF2 lists it, AUSF lists none (serves all). */
	CHECK_EQ(call(&e, SBI_GET,
		      "/nnrf-disc/v1/nf-instances?target-nf-type=AUSF&requester-nf-type=AMF"
		      "&snssais=%5B%7B%22sst%22%3A1%2C%22sd%22%3A%22010203%22%7D%5D",
		      NULL, NULL, &a),
		 200);
	CHECK_EQ(found(&a), 2);
	CHECK_EQ(call(&e, SBI_GET,
		      "/nnrf-disc/v1/nf-instances?target-nf-type=AUSF&requester-nf-type=AMF"
		      "&snssais=%5B%7B%22sst%22%3A2%7D%5D",
		      NULL, NULL, &a),
		 200);
	CHECK_EQ(found(&a), 1);
	/* PLMN: 310-260 only AUSF2; 001-01 only AUSF (no plmnList = the NRF's PLMN). */
	CHECK_EQ(call(&e, SBI_GET,
		      "/nnrf-disc/v1/nf-instances?target-nf-type=AUSF&requester-nf-type=AMF"
		      "&target-plmn-list=%5B%7B%22mcc%22%3A%22310%22%2C%22mnc%22%3A%22260%22%7D%5D",
		      NULL, NULL, &a),
		 200);
	CHECK_EQ(found(&a), 1);
	CHECK_EQ(call(&e, SBI_GET,
		      "/nnrf-disc/v1/nf-instances?target-nf-type=AUSF&requester-nf-type=AMF"
		      "&target-plmn-list=%5B%7B%22mcc%22%3A%22001%22%2C%22mnc%22%3A%2201%22%7D%5D",
		      NULL, NULL, &a),
		 200);
	CHECK_EQ(found(&a), 1);
	/* Services, DNN, limit. */
	CHECK_EQ(call(&e, SBI_GET,
		      "/nnrf-disc/v1/nf-instances?target-nf-type=AUSF&requester-nf-type=AMF"
		      "&service-names=nudm-sdm,nausf-auth&limit=1",
		      NULL, NULL, &a),
		 200);
	CHECK_EQ(found(&a), 1);
	CHECK_EQ(call(&e, SBI_GET,
		      "/nnrf-disc/v1/nf-instances?target-nf-type=AUSF&requester-nf-type=AMF"
		      "&service-names=nudm-sdm",
		      NULL, NULL, &a),
		 200);
	CHECK_EQ(found(&a), 0);
	CHECK_EQ(call(&e, SBI_GET,
		      "/nnrf-disc/v1/"
		      "nf-instances?target-nf-type=SMF&requester-nf-type=AMF&dnn=internet",
		      NULL, NULL, &a),
		 200);
	CHECK_EQ(found(&a), 1);
	CHECK_EQ(call(&e, SBI_GET,
		      "/nnrf-disc/v1/nf-instances?target-nf-type=SMF&requester-nf-type=AMF&dnn=ims",
		      NULL, NULL, &a),
		 200);
	CHECK_EQ(found(&a), 0);
	/* Bad queries. */
	CHECK_EQ(call(&e, SBI_GET, "/nnrf-disc/v1/nf-instances?requester-nf-type=AMF", NULL, NULL,
		      &a),
		 400);
	CHECK_STR(cause(&a), "MANDATORY_QUERY_PARAM_MISSING");
	CHECK_EQ(call(&e, SBI_GET,
		      "/nnrf-disc/v1/nf-instances?target-nf-type=AUSF&requester-nf-type=AMF"
		      "&snssais=notjson",
		      NULL, NULL, &a),
		 400);
	CHECK_STR(cause(&a), "OPTIONAL_QUERY_PARAM_INCORRECT");
	CHECK_EQ(
		call(&e, SBI_GET,
		     "/nnrf-disc/v1/nf-instances?target-nf-type=AUSF&requester-nf-type=AMF&limit=0",
		     NULL, NULL, &a),
		400);

	/* NFManagement read and list. */
	CHECK_EQ(call(&e, SBI_GET, "/nnrf-nfm/v1/nf-instances/" ID_SMF, NULL, NULL, &a), 200);
	CHECK_STR(json_string_value(json_object_get(a.json, "nfType")), "SMF");
	CHECK(json_object_get(a.json, "smfInfo") != NULL);
	CHECK_EQ(call(&e, SBI_GET, "/nnrf-nfm/v1/nf-instances?nf-type=AUSF", NULL, NULL, &a), 200);
	CHECK_EQ(json_integer_value(json_object_get(a.json, "totalItemCount")), 2);
	CHECK_EQ(json_array_size(json_object_get(json_object_get(a.json, "_links"), "item")), 2);
	CHECK_EQ(call(&e, SBI_GET, "/nnrf-nfm/v1/nf-instances/" ID_AMF, NULL, NULL, &a), 404);

	/* The body's id must be the URI's; a missing member is named. */
	json_t *bad = profile(ID_AMF, "AMF", NULL, 0);
	CHECK_EQ(call(&e, SBI_PUT, "/nnrf-nfm/v1/nf-instances/" ID_AUSF, bad, NULL, &a), 400);
	CHECK_STR(cause(&a), "MANDATORY_IE_INCORRECT");
	json_object_del(bad, "nfType");
	CHECK_EQ(call(&e, SBI_PUT, "/nnrf-nfm/v1/nf-instances/" ID_AMF, bad, NULL, &a), 400);
	CHECK_STR(cause(&a), "MANDATORY_IE_MISSING");
	json_t *ip = json_array_get(json_object_get(a.json, "invalidParams"), 0);
	CHECK_STR(json_string_value(json_object_get(ip, "param")), "/nfType");
	CHECK_EQ(call(&e, SBI_PUT, "/nnrf-nfm/v1/nf-instances/" ID_AMF, bad, "application/jsonx",
		      &a),
		 415);
	json_decref(bad);
	if (a.json)
		json_decref(a.json);
	env_fini(&e);
}

static void heartbeat_patch_answers_204_and_404(void)
{
	struct env e;
	struct answer a = { 0 };
	env_init(&e, 10, 5000, 60);
	CHECK_EQ(reg(&e, profile(ID_AUSF, "AUSF", "nausf-auth", 8001), &a), 201);
	json_t *hb = json_pack("[{ssssss}]", "op", "replace", "path", "/nfStatus", "value",
			       "REGISTERED");
	const char *path = "/nnrf-nfm/v1/nf-instances/" ID_AUSF;
	CHECK_EQ(call(&e, SBI_PATCH, path, hb, SBI_CT_JSON_PATCH, &a), 204);
	CHECK_EQ(call(&e, SBI_PATCH, path, hb, SBI_CT_JSON, &a), 415);
	CHECK_EQ(
		call(&e, SBI_PATCH, "/nnrf-nfm/v1/nf-instances/" ID_AMF, hb, SBI_CT_JSON_PATCH, &a),
		404);
	json_decref(hb);
	/* A real change: 200 with the new profile. */
	json_t *pr = json_pack("[{sssssi}]", "op", "add", "path", "/priority", "value", 7);
	CHECK_EQ(call(&e, SBI_PATCH, path, pr, SBI_CT_JSON_PATCH, &a), 200);
	CHECK_EQ(json_integer_value(json_object_get(a.json, "priority")), 7);
	json_decref(pr);
	/* nfType cannot change; nor may a patch remove a mandatory member. */
	json_t *ty = json_pack("[{ssssss}]", "op", "replace", "path", "/nfType", "value", "UDM");
	CHECK_EQ(call(&e, SBI_PATCH, path, ty, SBI_CT_JSON_PATCH, &a), 403);
	CHECK_STR(cause(&a), "MODIFICATION_NOT_ALLOWED");
	json_decref(ty);
	json_t *rm = json_pack("[{ssss}]", "op", "remove", "path", "/nfStatus");
	CHECK_EQ(call(&e, SBI_PATCH, path, rm, SBI_CT_JSON_PATCH, &a), 400);
	CHECK_STR(cause(&a), "MANDATORY_IE_MISSING");
	json_decref(rm);
	json_t *bogus = json_pack("[{ssss}]", "op", "remove", "path", "/nothing");
	CHECK_EQ(call(&e, SBI_PATCH, path, bogus, SBI_CT_JSON_PATCH, &a), 400);
	json_decref(bogus);
	CHECK_EQ(call(&e, SBI_DELETE, path, NULL, NULL, &a), 204);
	CHECK_EQ(call(&e, SBI_DELETE, path, NULL, NULL, &a), 404);
	CHECK_EQ(nrf_ctx_nf_count(e.nrf), 0);
	/* UUIDs compare without case: registered in upper case, found in lower. */
	CHECK_EQ(reg(&e, profile("4947A69A-F61B-4BC1-B9DA-47C9C5D14B64", "AUSF", NULL, 0), &a),
		 201);
	hb = json_pack("[{ssssss}]", "op", "replace", "path", "/nfStatus", "value", "REGISTERED");
	CHECK_EQ(call(&e, SBI_PATCH, path, hb, SBI_CT_JSON_PATCH, &a), 204);
	json_decref(hb);
	CHECK_EQ(call(&e, SBI_DELETE, path, NULL, NULL, &a), 204);
	if (a.json)
		json_decref(a.json);
	env_fini(&e);
}

/* A notification receiver: an NF's own server. */
struct notif {
	int n; /* notifications received */
	char events[16][24]; /* their events, in order */
	char ids[16][40]; /* their NF instance ids */
	bool had_profile[16]; /* nfProfile present */
	bool callback_hdr; /* 3gpp-Sbi-Callback seen on every one */
};

static void h_notify(struct sbi_req *req, void *arg)
{
	struct notif *nt = arg;
	struct sbi_notification n;
	struct sbi_jerr e;
	if (sbi_notification_decode(&n, req->json, &e) < 0) {
		sbi_respond_jerr(req, &e);
		return;
	}
	if (nt->n < 16) {
		snprintf(nt->events[nt->n], 24, "%s", sbi_notif_event_name(n.event));
		snprintf(nt->ids[nt->n], 40, "%s", n.nf_instance_id);
		nt->had_profile[nt->n] = n.nf_profile != NULL;
	}
	if (nt->n == 0)
		nt->callback_hdr = true;
	nt->callback_hdr &=
		req->callback && strcmp(req->callback, "Nnrf_NFManagement_NFStatusNotify") == 0;
	nt->n++;
	sbi_respond(req, 204, NULL, NULL, 0);
}

static struct sbi_server *notif_server(struct ev_loop *loop, struct notif *nt)
{
	struct sbi_server_cfg cfg;
	sbi_server_cfg_defaults(&cfg, 0);
	struct sbi_server *s = sbi_server_new(loop, &cfg, "nf");
	sbi_server_route(s, SBI_POST, "/nnotify/v1/nrf", h_notify, nt, 0);
	sbi_server_start(s);
	return s;
}

static void subscriptions_get_registered_changed_deregistered(void)
{
	struct env e;
	struct answer a = { 0 };
	struct notif nt = { 0 };
	env_init(&e, 10, 5000, 60);
	struct sbi_server *ns = notif_server(e.loop, &nt);
	char uri[128];
	snprintf(uri, sizeof(uri), "http://127.0.0.1:%u/nnotify/v1/nrf", sbi_server_port(ns));
	json_t *sub = json_pack("{sss{ss}ss}", "nfStatusNotificationUri", uri, "subscrCond",
				"nfType", "AUSF", "reqNfType", "AMF");
	CHECK_EQ(call(&e, SBI_POST, "/nnrf-nfm/v1/subscriptions", sub, NULL, &a), 201);
	json_decref(sub);
	const char *sid = json_string_value(json_object_get(a.json, "subscriptionId"));
	char sid_path[96];
	snprintf(sid_path, sizeof(sid_path), "/nnrf-nfm/v1/subscriptions/%s", sid ? sid : "x");
	CHECK(json_object_get(a.json, "validityTime") != NULL);
	CHECK(strstr(a.location, sid_path) != NULL);

	CHECK_EQ(reg(&e, profile(ID_AUSF, "AUSF", "nausf-auth", 8001), &a), 201);
	run_until(e.loop, &nt.n, 1, 2000);
	CHECK_EQ(reg(&e, profile(ID_AMF, "AMF", "namf-comm", 8004), &a),
		 201); /* not AUSF: no notification */
	json_t *p = profile(ID_AUSF, "AUSF", "nausf-auth", 8001);
	json_object_set_new(p, "priority", json_integer(3));
	CHECK_EQ(reg(&e, p, &a), 200);
	run_until(e.loop, &nt.n, 2, 2000);
	/* The same profile again is no change: no notification. */
	p = profile(ID_AUSF, "AUSF", "nausf-auth", 8001);
	json_object_set_new(p, "priority", json_integer(3));
	CHECK_EQ(reg(&e, p, &a), 200);
	CHECK_EQ(call(&e, SBI_DELETE, "/nnrf-nfm/v1/nf-instances/" ID_AUSF, NULL, NULL, &a), 204);
	run_until(e.loop, &nt.n, 3, 2000);
	run_for(e.loop, 50);
	CHECK_EQ(nt.n, 3);
	CHECK_STR(nt.events[0], "NF_REGISTERED");
	CHECK_STR(nt.events[1], "NF_PROFILE_CHANGED");
	CHECK_STR(nt.events[2], "NF_DEREGISTERED");
	CHECK_STR(nt.ids[0], ID_AUSF);
	CHECK(nt.had_profile[0] && nt.had_profile[1] && !nt.had_profile[2]);
	CHECK(nt.callback_hdr);

	/* TS 29.510 5.2.2.5.3: a PATCH moves validityTime; a failing one is a 400
	 * naming the operation, and leaves the subscription as it was. */
	char soon[32];
	sbi_datetime_format(time(NULL) + 30, soon);
	json_t *sp =
		json_pack("[{ssssss}]", "op", "replace", "path", "/validityTime", "value", soon);
	CHECK_EQ(call(&e, SBI_PATCH, sid_path, sp, SBI_CT_JSON_PATCH, &a), 200);
	CHECK_STR(json_string_value(json_object_get(a.json, "validityTime")), soon);
	json_decref(sp);
	sp = json_pack("[{ssssss}]", "op", "test", "path", "/validityTime", "value", "x");
	CHECK_EQ(call(&e, SBI_PATCH, sid_path, sp, SBI_CT_JSON_PATCH, &a), 400);
	CHECK_STR(cause(&a), "MANDATORY_IE_INCORRECT");
	const char *detail = json_string_value(json_object_get(a.json, "detail"));
	CHECK(detail && strncmp(detail, "patch operation 0: ", 19) == 0);
	json_decref(sp);
	sp = json_pack("[{ssssss}]", "op", "test", "path", "/validityTime", "value", soon);
	CHECK_EQ(call(&e, SBI_PATCH, sid_path, sp, SBI_CT_JSON_PATCH, &a), 200);
	json_decref(sp);
	CHECK_EQ(call(&e, SBI_DELETE, sid_path, NULL, NULL, &a), 204);
	CHECK_EQ(call(&e, SBI_DELETE, sid_path, NULL, NULL, &a), 404);
	CHECK_STR(cause(&a), "SUBSCRIPTION_NOT_FOUND");
	CHECK_EQ(reg(&e, profile(ID_AUSF, "AUSF", "nausf-auth", 8001), &a), 201);
	run_for(e.loop, 50);
	CHECK_EQ(nt.n, 3);
	/* Bad subscriptions. */
	json_t *bad = json_pack("{ss}", "nfStatusNotificationUri", "ftp://x/");
	CHECK_EQ(call(&e, SBI_POST, "/nnrf-nfm/v1/subscriptions", bad, NULL, &a), 400);
	json_decref(bad);
	bad = json_pack("{ss}", "reqNfType", "AMF");
	CHECK_EQ(call(&e, SBI_POST, "/nnrf-nfm/v1/subscriptions", bad, NULL, &a), 400);
	CHECK_STR(cause(&a), "MANDATORY_IE_MISSING");
	json_decref(bad);
	/* Conditions this NRF does not evaluate: 501, never a wider subscription
	 * (an NF group list was taken as "every AUSF"). */
	bad = json_pack("{sss{ss}}", "nfStatusNotificationUri", uri, "subscrCond", "amfSetId",
			"3f0");
	CHECK_EQ(call(&e, SBI_POST, "/nnrf-nfm/v1/subscriptions", bad, NULL, &a), 501);
	json_decref(bad);
	bad = json_pack("{sss{sssss[s]}}", "nfStatusNotificationUri", uri, "subscrCond",
			"conditionType", "NF_GROUP_LIST_COND", "nfType", "AUSF", "nfGroupIdList",
			"g1");
	CHECK_EQ(call(&e, SBI_POST, "/nnrf-nfm/v1/subscriptions", bad, NULL, &a), 501);
	json_decref(bad);
	CHECK_EQ(call(&e, SBI_DELETE, "/nnrf-nfm/v1/nf-instances/" ID_AUSF, NULL, NULL, &a), 204);
	run_for(e.loop, 50);
	CHECK_EQ(nt.n, 3);
	if (a.json)
		json_decref(a.json);
	sbi_server_free(ns);
	env_fini(&e);
}

static void silent_nf_is_removed_and_subscribers_told(void)
{
	struct env e;
	struct answer a = { 0 };
	struct notif nt = { 0 };
	env_init(&e, 1, 100, 60); /* heartbeat 1 s, grace 100 ms */
	struct sbi_server *ns = notif_server(e.loop, &nt);
	char uri[128];
	snprintf(uri, sizeof(uri), "http://127.0.0.1:%u/nnotify/v1/nrf", sbi_server_port(ns));
	json_t *sub = json_pack("{ss}", "nfStatusNotificationUri", uri);
	CHECK_EQ(call(&e, SBI_POST, "/nnrf-nfm/v1/subscriptions", sub, NULL, &a), 201);
	json_decref(sub);
	CHECK_EQ(reg(&e, profile(ID_AUSF, "AUSF", "nausf-auth", 8001), &a), 201);
	CHECK_EQ(reg(&e, profile(ID_SMF, "SMF", "nsmf-pdusession", 8003), &a), 201);
	/* The SMF keeps beating, the AUSF says nothing. */
	json_t *hb = json_pack("[{ssssss}]", "op", "replace", "path", "/nfStatus", "value",
			       "REGISTERED");
	for (int i = 0; i < 3; i++) {
		run_for(e.loop, 500);
		CHECK_EQ(call(&e, SBI_PATCH, "/nnrf-nfm/v1/nf-instances/" ID_SMF, hb,
			      SBI_CT_JSON_PATCH, &a),
			 204);
	}
	json_decref(hb);
	CHECK_EQ(nrf_ctx_nf_count(e.nrf), 1);
	CHECK_EQ(call(&e, SBI_GET, "/nnrf-nfm/v1/nf-instances/" ID_AUSF, NULL, NULL, &a), 404);
	run_until(e.loop, &nt.n, 3, 2000);
	CHECK_EQ(nt.n, 3);
	CHECK_STR(nt.events[2], "NF_DEREGISTERED");
	CHECK_STR(nt.ids[2], ID_AUSF);
	if (a.json)
		json_decref(a.json);
	sbi_server_free(ns);
	env_fini(&e);
}

/* ---- NF side: registration machine ---------------------------------- */

struct regwatch {
	int up, down; /* registered / lost callbacks */
};

static void on_reg(void *arg, bool registered)
{
	struct regwatch *w = arg;
	if (registered)
		w->up++;
	else
		w->down++;
}

static void nf_profile(struct sbi_nf_profile *p, const char *id, enum sbi_nf_type t)
{
	sbi_nf_profile_init(p);
	snprintf(p->nf_instance_id, sizeof(p->nf_instance_id), "%s", id);
	p->nf_type = t;
	p->nf_status = SBI_NF_REGISTERED;
	ip_parse(&p->ipv4[0], "127.0.0.1");
	p->n_ipv4 = 1;
	struct sbi_nf_service *s = &p->services[0];
	snprintf(s->service_instance_id, sizeof(s->service_instance_id), "0");
	snprintf(s->service_name, sizeof(s->service_name), "nausf-auth");
	snprintf(s->versions[0].in_uri, sizeof(s->versions[0].in_uri), "v1");
	snprintf(s->versions[0].full, sizeof(s->versions[0].full), "1.2.2");
	s->n_versions = 1;
	s->status = SBI_NF_REGISTERED;
	s->eps[0].addr = p->ipv4[0];
	s->eps[0].port = 8001;
	s->n_eps = 1;
	s->priority = s->capacity = -1;
	p->n_services = 1;
}

static void nf_registers_beats_and_reregisters_after_nrf_restart(void)
{
	struct ev_loop *loop = ev_loop_new("t");
	struct nrf_ctx *nrf = start_nrf(loop, 0, 1, 2000, 60);
	CHECK(nrf != NULL);
	uint16_t port = sbi_server_port(nrf_ctx_server(nrf));
	struct sbi_client *cl = sbi_client_new(loop, NULL, "nf");
	struct sbi_nfreg_cfg rc;
	char uri[64];
	snprintf(uri, sizeof(uri), "http://127.0.0.1:%u", port);
	sbi_nfreg_cfg_defaults(&rc, uri);
	rc.heartbeat_s = 30; /* asked; the NRF grants 1 s */
	rc.retry_min_ms = 50;
	rc.retry_max_ms = 200;
	struct sbi_nf_profile p;
	nf_profile(&p, ID_AUSF, SBI_NF_AUSF);
	struct regwatch w = { 0 };
	struct sbi_nfreg *r = sbi_nfreg_new(loop, cl, &rc, &p, on_reg, &w, "ausf nfreg");
	CHECK(r != NULL);
	sbi_nfreg_start(r);
	run_until(loop, &w.up, 1, 2000);
	CHECK(sbi_nfreg_registered(r));
	CHECK_EQ(sbi_nfreg_heartbeat(r), 1);
	CHECK_EQ(nrf_ctx_nf_count(nrf), 1);
	run_for(loop, 2300);
	struct sbi_nfreg_stats st;
	sbi_nfreg_get_stats(r, &st);
	CHECK(st.heartbeats >= 2);
	CHECK_EQ(nrf_ctx_nf_count(nrf), 1); /* kept alive by the heartbeats */

	/* The NRF restarts on the same port and knows nothing. */
	nrf_ctx_free(nrf);
	ev_run_once(loop, 0);
	nrf = start_nrf(loop, port, 1, 2000, 60);
	CHECK(nrf != NULL);
	uint64_t end = ev_clock_ns() + 4000000000ull;
	while ((!nrf || nrf_ctx_nf_count(nrf) == 0 || !sbi_nfreg_registered(r)) &&
	       ev_clock_ns() < end)
		ev_run_once(loop, 5);
	CHECK(nrf && nrf_ctx_nf_count(nrf) == 1);
	CHECK(sbi_nfreg_registered(r));
	sbi_nfreg_get_stats(r, &st);
	CHECK_EQ(st.registrations, 2);
	/* The old connection ended (GOAWAY/close) and the first heartbeat to the
	 * new NRF got 404, or failed and went through back-off. */
	CHECK(st.hb_not_found + st.failures >= 1);
	CHECK(w.up == 2 && w.down == 1);

	/* Stop: the deregistration (DELETE) reaches the NRF. (ngcore runs the
	 * NF on its own thread and drains its client; here NRF and NF share
	 * the loop, so the loop runs.) */
	sbi_nfreg_stop(r);
	CHECK(!sbi_nfreg_registered(r));
	CHECK_EQ(w.down, 2);
	run_for(loop, 100);
	CHECK_EQ(nrf_ctx_nf_count(nrf), 0);
	sbi_nfreg_free(r);
	sbi_nf_profile_fini(&p);
	sbi_client_free(cl);
	nrf_ctx_free(nrf);
	ev_run_once(loop, 0);
	ev_loop_free(loop);
}

static void nf_backs_off_while_nrf_is_away_then_registers(void)
{
	struct ev_loop *loop = ev_loop_new("t");
	/* Learn a free port from an NRF we stop at once. */
	struct nrf_ctx *probe = start_nrf(loop, 0, 10, 5000, 60);
	uint16_t port = probe ? sbi_server_port(nrf_ctx_server(probe)) : 1;
	nrf_ctx_free(probe);
	ev_run_once(loop, 0);
	struct sbi_client *cl = sbi_client_new(loop, NULL, "nf");
	struct sbi_nfreg_cfg rc;
	char uri[64];
	snprintf(uri, sizeof(uri), "http://127.0.0.1:%u", port);
	sbi_nfreg_cfg_defaults(&rc, uri);
	rc.retry_min_ms = 50;
	rc.retry_max_ms = 200;
	struct sbi_nf_profile p;
	nf_profile(&p, ID_AMF, SBI_NF_AMF);
	struct regwatch w = { 0 };
	struct sbi_nfreg *r = sbi_nfreg_new(loop, cl, &rc, &p, on_reg, &w, "amf nfreg");
	sbi_nfreg_start(r);
	run_for(loop, 700);
	struct sbi_nfreg_stats st;
	sbi_nfreg_get_stats(r, &st);
	CHECK(!sbi_nfreg_registered(r));
	/* 50 + 100 + 200 + 200 ms of back-off fit in 700 ms: several tries, not hundreds. */
	CHECK(st.failures >= 3 && st.failures <= 8);
	struct nrf_ctx *nrf = start_nrf(loop, port, 10, 5000, 60);
	CHECK(nrf != NULL);
	run_until(loop, &w.up, 1, 2000);
	CHECK(sbi_nfreg_registered(r));
	CHECK_EQ(nrf ? nrf_ctx_nf_count(nrf) : 0, 1);
	sbi_nfreg_free(r);
	sbi_nf_profile_fini(&p);
	sbi_client_free(cl);
	nrf_ctx_free(nrf);
	ev_run_once(loop, 0);
	ev_loop_free(loop);
}

/* ---- NF side: discovery helper -------------------------------------- */

struct disc_got {
	int n; /* callbacks */
	int rc; /* last rc */
	unsigned nf; /* NFs found */
	bool cached; /* from the cache */
	char root[128]; /* first apiRoot */
};

static void on_disc(void *arg, uint64_t cookie, int rc, const struct sbi_disc_result *r)
{
	struct disc_got *g = arg;
	g->n++;
	g->rc = rc;
	g->nf = r ? r->n : 0;
	g->cached = r && r->cached;
	snprintf(g->root, sizeof(g->root), "%s", r && r->nroots ? r->roots[0] : "");
}

static void discovery_cache_honours_validity_period(void)
{
	struct env e;
	struct answer a = { 0 };
	env_init(&e, 10, 5000, 1); /* validityPeriod 1 s */
	CHECK_EQ(reg(&e, profile(ID_AUSF, "AUSF", "nausf-auth", 8001), &a), 201);
	struct sbi_disc *d = sbi_disc_new(e.loop, e.cl, e.root, "amf disc");
	struct sbi_disc_query q = { .target = SBI_NF_AUSF,
				    .requester = SBI_NF_AMF,
				    .service = "nausf-auth" };
	struct disc_got g = { 0 };
	CHECK_EQ(sbi_disc_find(d, &q, on_disc, &g, 1), 0);
	CHECK_EQ(g.n, 0); /* never inside the call */
	run_until(e.loop, &g.n, 1, 2000);
	CHECK_EQ(g.rc, 0);
	CHECK_EQ(g.nf, 1);
	CHECK(!g.cached);
	CHECK_STR(g.root, "http://127.0.0.1:8001");
	CHECK_EQ(sbi_disc_find(d, &q, on_disc, &g, 2), 0);
	CHECK_EQ(g.n, 1);
	run_until(e.loop, &g.n, 2, 2000);
	CHECK(g.cached);
	struct sbi_disc_stats ds;
	sbi_disc_get_stats(d, &ds);
	CHECK_EQ(ds.nrf_queries, 1);
	CHECK_EQ(ds.cache_hits, 1);
	run_for(e.loop, 1100);
	CHECK_EQ(sbi_disc_find(d, &q, on_disc, &g, 3), 0);
	run_until(e.loop, &g.n, 3, 2000);
	CHECK(!g.cached);
	sbi_disc_get_stats(d, &ds);
	CHECK_EQ(ds.nrf_queries, 2);
	/* Invalidation by instance (after NF_DEREGISTERED) empties the cache. */
	sbi_disc_invalidate(d, ID_AUSF);
	q.target = SBI_NF_UDM;
	CHECK_EQ(sbi_disc_find(d, &q, on_disc, &g, 4), 0);
	run_until(e.loop, &g.n, 4, 2000);
	CHECK_EQ(g.rc, -E_NOTFOUND);
	/* A lookup in flight when the helper is freed never calls back. */
	CHECK_EQ(sbi_disc_find(d, &q, on_disc, &g, 5), 0);
	sbi_disc_free(d);
	run_for(e.loop, 100);
	CHECK_EQ(g.n, 4);
	if (a.json)
		json_decref(a.json);
	env_fini(&e);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	log_set_level(LOG_ERROR);
	RUN(register_then_discover_with_filters);
	RUN(heartbeat_patch_answers_204_and_404);
	RUN(subscriptions_get_registered_changed_deregistered);
	RUN(silent_nf_is_removed_and_subscribers_told);
	RUN(nf_registers_beats_and_reregisters_after_nrf_restart);
	RUN(nf_backs_off_while_nrf_is_away_then_registers);
	RUN(discovery_cache_honours_validity_period);
	return t_done();
}
