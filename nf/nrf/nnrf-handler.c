/* nnrf-handler.c — what the NRF does with each Nnrf request: NF register,
 * update (heartbeat), deregister, read, list (TS 29.510 5.2.2), status
 * subscriptions (5.2.2.5-5.2.2.7) and discovery (5.3.2.2). Handlers take
 * decoded, validated input (the server has parsed the JSON already) and
 * answer within the call. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/sbi/json_patch.h"
#include "lib/sbi/sbi_uri.h"
#include "nf/nrf/ctx.h"

#define MAX_QUERY_ITEMS 8 /* service names, S-NSSAIs, PLMNs per discovery query */

static bool need_json(struct sbi_req *req)
{
	if (sbi_ct_is(req->content_type, SBI_CT_JSON))
		return true;
	sbi_respond_problem(req, 415, SBI_CAUSE_NONE, "header content-type", "expected %s",
			    SBI_CT_JSON);
	return false;
}

static bool need_patch(struct sbi_req *req)
{
	/* TS 29.510 6.1.3.3.3.2: PATCH bodies are JSON Patch (RFC 6902). */
	if (sbi_ct_is(req->content_type, SBI_CT_JSON_PATCH))
		return true;
	sbi_respond_problem(req, 415, SBI_CAUSE_NONE, "header content-type", "expected %s",
			    SBI_CT_JSON_PATCH);
	return false;
}

static void not_registered(struct sbi_req *req, const char *id)
{
	sbi_respond_problem(req, 404, SBI_CAUSE_NONE, "{nfInstanceID}",
			    "NF instance %s is not registered", id);
}

static void location(struct nrf_ctx *ctx, struct sbi_req *req, const char *what, const char *id)
{
	char root[160], loc[320];
	nrf_api_root(ctx, req, root, sizeof(root));
	snprintf(loc, sizeof(loc), "%s/nnrf-nfm/v1/%s/%s", root, what, id);
	sbi_respond_header(req, "location", loc);
}

/* ---- NFManagement: NF instances ------------------------------------- */

void nrf_handle_register(struct sbi_req *req, void *arg)
{
	struct nrf_ctx *ctx = arg;
	const char *id = req->params[0];
	struct sbi_nf_profile prof;
	struct sbi_jerr e;
	if (!need_json(req))
		return;
	if (sbi_nf_profile_decode(&prof, req->json, &e) < 0) {
		LOG_RL(LOG_NOTICE, req->ctx, "register %s: %s: %s", id, e.param, e.reason);
		sbi_nf_profile_fini(&prof);
		sbi_respond_jerr(req, &e);
		return;
	}
	/* TS 29.510 5.2.2.2.2: the body's nfInstanceId is the resource's. */
	if (strcasecmp(prof.nf_instance_id, id) != 0) {
		sbi_nf_profile_fini(&prof);
		sbi_respond_problem(req, 400, SBI_CAUSE_MANDATORY_IE_INCORRECT, "/nfInstanceId",
				    "nfInstanceId differs from the URI's {nfInstanceID}");
		return;
	}
	json_t *stored = json_deep_copy(req->json);
	if (!stored) {
		sbi_nf_profile_fini(&prof);
		sbi_respond_problem(req, 500, SBI_CAUSE_INSUFFICIENT_RESOURCES, NULL,
				    "out of memory");
		return;
	}
	/* TS 29.510 5.2.2.2.2: the NRF decides heartBeatTimer and returns it. */
	prof.heartbeat_timer = (uint32_t)ctx->cfg.heartbeat_s;
	json_object_set_new(stored, "heartBeatTimer", json_integer(ctx->cfg.heartbeat_s));
	struct nrf_nf *nf = nrf_nf_find(ctx, prof.nf_instance_id);
	json_t *old = nf ? json_incref(nf->json) : NULL;
	bool created;
	int rc = nrf_nf_put(ctx, &prof, stored, &nf, &created);
	if (rc < 0) {
		sbi_nf_profile_fini(&prof);
		json_decref(stored);
		if (old)
			json_decref(old);
		LOG_RL(LOG_WARN, ctx->ctx, "register %s: %s", id, err_str(rc));
		sbi_respond_problem(req, 500, SBI_CAUSE_INSUFFICIENT_RESOURCES, NULL,
				    "no room for another NF instance");
		return;
	}
	metric_inc(ctx->m_reg);
	if (created) {
		LOG(LOG_INFO, ctx->ctx, "nf[%s %s]: registered", nf->id, nf->prof.nf_type_str);
		location(ctx, req, "nf-instances", nf->id);
		sbi_respond(req, 201, SBI_CT_JSON, nf->text, nf->text_len);
		nrf_notify(ctx, SBI_NOTIF_NF_REGISTERED, nf);
	} else {
		/* TS 29.510 5.2.2.3.1: a PUT on a registered NF replaces its profile. */
		LOG(LOG_INFO, ctx->ctx, "nf[%s %s]: profile replaced", nf->id,
		    nf->prof.nf_type_str);
		sbi_respond(req, 200, SBI_CT_JSON, nf->text, nf->text_len);
		if (!old || !json_equal(old, nf->json))
			nrf_notify(ctx, SBI_NOTIF_NF_PROFILE_CHANGED, nf);
	}
	if (old)
		json_decref(old);
}

void nrf_handle_update(struct sbi_req *req, void *arg)
{
	struct nrf_ctx *ctx = arg;
	struct nrf_nf *nf = nrf_nf_find(ctx, req->params[0]);
	if (!nf) {
		/* TS 29.510 5.2.2.3.2: 404 tells the NF to register again. */
		not_registered(req, req->params[0]);
		return;
	}
	if (!need_patch(req))
		return;
	json_t *doc = json_incref(nf->json);
	struct json_patch_err pe;
	int rc = json_patch_apply(&doc, req->json, &pe);
	if (rc < 0) {
		json_decref(doc);
		char param[16];
		snprintf(param, sizeof(param), "/%d", pe.index);
		sbi_respond_problem(req, rc == -E_NOMEM ? 500 : 400,
				    rc == -E_NOMEM ? SBI_CAUSE_INSUFFICIENT_RESOURCES
						   : SBI_CAUSE_MANDATORY_IE_INCORRECT,
				    pe.index >= 0 ? param : NULL, "patch operation %d: %s",
				    pe.index, pe.reason);
		return;
	}
	struct sbi_nf_profile prof;
	struct sbi_jerr e;
	if (sbi_nf_profile_decode(&prof, doc, &e) < 0) {
		sbi_nf_profile_fini(&prof);
		json_decref(doc);
		sbi_respond_jerr(req, &e);
		return;
	}
	/* nfInstanceId and nfType are fixed for the life of a registration. */
	if (strcasecmp(prof.nf_instance_id, nf->id) != 0 ||
	    strcmp(prof.nf_type_str, nf->prof.nf_type_str) != 0) {
		sbi_nf_profile_fini(&prof);
		json_decref(doc);
		sbi_respond_problem(req, 403, SBI_CAUSE_MODIFICATION_NOT_ALLOWED,
				    strcasecmp(prof.nf_instance_id, nf->id) ? "/nfInstanceId"
									    : "/nfType",
				    "nfInstanceId and nfType cannot be changed");
		return;
	}
	prof.heartbeat_timer = (uint32_t)ctx->cfg.heartbeat_s;
	json_object_set_new(doc, "heartBeatTimer", json_integer(ctx->cfg.heartbeat_s));
	bool changed = !json_equal(doc, nf->json);
	nf->heartbeats++;
	nrf_nf_touch(nf);
	if (!changed) {
		/* A heartbeat: TS 29.510 5.2.2.3.2, 204 No Content. */
		sbi_nf_profile_fini(&prof);
		json_decref(doc);
		sbi_respond(req, 204, NULL, NULL, 0);
		return;
	}
	if (nrf_nf_set_json(nf, doc) < 0) {
		sbi_nf_profile_fini(&prof);
		sbi_respond_problem(req, 500, SBI_CAUSE_INSUFFICIENT_RESOURCES, NULL,
				    "out of memory");
		return;
	}
	sbi_nf_profile_fini(&nf->prof);
	nf->prof = prof;
	LOG(LOG_INFO, ctx->ctx, "nf[%s %s]: profile updated", nf->id, nf->prof.nf_type_str);
	sbi_respond(req, 200, SBI_CT_JSON, nf->text, nf->text_len);
	nrf_notify(ctx, SBI_NOTIF_NF_PROFILE_CHANGED, nf);
}

void nrf_handle_deregister(struct sbi_req *req, void *arg)
{
	struct nrf_ctx *ctx = arg;
	struct nrf_nf *nf = nrf_nf_find(ctx, req->params[0]);
	if (!nf) {
		not_registered(req, req->params[0]);
		return;
	}
	nrf_nf_remove(nf, "deregistered by the NF");
	sbi_respond(req, 204, NULL, NULL, 0);
}

void nrf_handle_get_nf(struct sbi_req *req, void *arg)
{
	struct nrf_ctx *ctx = arg;
	struct nrf_nf *nf = nrf_nf_find(ctx, req->params[0]);
	if (!nf) {
		not_registered(req, req->params[0]);
		return;
	}
	sbi_respond(req, 200, SBI_CT_JSON, nf->text, nf->text_len);
}

static int query_limit(struct sbi_req *req, int64_t *limit)
{
	char v[24];
	*limit = 0;
	int rc = sbi_query_get(req->query, "limit", v, sizeof(v));
	if (rc == -E_NOTFOUND)
		return 0;
	char *end;
	long long l = rc == 0 ? strtoll(v, &end, 10) : 0;
	if (rc < 0 || end == v || *end || l < 1) {
		sbi_respond_problem(req, 400, SBI_CAUSE_OPTIONAL_QUERY_PARAM_INCORRECT,
				    "query limit", "limit must be an integer >= 1");
		return -E_INVAL;
	}
	*limit = l;
	return 0;
}

void nrf_handle_list(struct sbi_req *req, void *arg)
{
	struct nrf_ctx *ctx = arg;
	char type[32], root[160];
	int64_t limit;
	int rc = sbi_query_get(req->query, "nf-type", type, sizeof(type));
	if (rc < 0 && rc != -E_NOTFOUND) {
		sbi_respond_problem(req, 400, SBI_CAUSE_OPTIONAL_QUERY_PARAM_INCORRECT,
				    "query nf-type", "bad nf-type");
		return;
	}
	if (query_limit(req, &limit) < 0)
		return;
	nrf_api_root(ctx, req, root, sizeof(root));
	json_t *j = nrf_build_uri_list(ctx, root, rc == 0 ? type : NULL, limit);
	if (!j) {
		sbi_respond_problem(req, 500, SBI_CAUSE_INSUFFICIENT_RESOURCES, NULL,
				    "out of memory");
		return;
	}
	sbi_respond_json(req, 200, j, SBI_CT_HAL);
}

/* ---- NFManagement: subscriptions ------------------------------------ */

void nrf_handle_subscribe(struct sbi_req *req, void *arg)
{
	struct nrf_ctx *ctx = arg;
	struct sbi_subscription sd;
	struct sbi_jerr e;
	struct sbi_uri u;
	if (!need_json(req))
		return;
	if (sbi_subscription_decode(&sd, req->json, &e) < 0) {
		sbi_subscription_fini(&sd);
		sbi_respond_jerr(req, &e);
		return;
	}
	if (sbi_uri_parse(&u, sd.notification_uri) < 0) {
		sbi_subscription_fini(&sd);
		sbi_respond_problem(req, 400, SBI_CAUSE_MANDATORY_IE_INCORRECT,
				    "/nfStatusNotificationUri", "not an http(s) URI");
		return;
	}
	if (sd.cond == SBI_COND_OTHER) {
		sbi_subscription_fini(&sd);
		sbi_respond_problem(req, 501, SBI_CAUSE_NONE, "/subscrCond",
				    "this NRF evaluates nfInstanceId, nfType and serviceName "
				    "conditions only");
		return;
	}
	struct nrf_sub *s;
	if (nrf_sub_add(ctx, &sd, &s) < 0) {
		sbi_respond_problem(req, 500, SBI_CAUSE_INSUFFICIENT_RESOURCES, NULL,
				    "no room for another subscription");
		return;
	}
	LOG(LOG_INFO, ctx->ctx, "subscription %s: %s for %s", s->sd.subscription_id,
	    s->sd.notification_uri, s->sd.cond == SBI_COND_NONE ? "every NF" : s->sd.cond_value);
	location(ctx, req, "subscriptions", s->sd.subscription_id);
	sbi_respond_json(req, 201, sbi_subscription_encode(&s->sd), NULL);
}

void nrf_handle_unsubscribe(struct sbi_req *req, void *arg)
{
	struct nrf_ctx *ctx = arg;
	struct nrf_sub *s = nrf_sub_find(ctx, req->params[0]);
	if (!s) {
		sbi_respond_problem(req, 0, SBI_CAUSE_SUBSCRIPTION_NOT_FOUND, "{subscriptionID}",
				    "no subscription %s", req->params[0]);
		return;
	}
	LOG(LOG_INFO, ctx->ctx, "subscription %s: removed", s->sd.subscription_id);
	nrf_sub_remove(s);
	sbi_respond(req, 204, NULL, NULL, 0);
}

void nrf_handle_update_subscription(struct sbi_req *req, void *arg)
{
	struct nrf_ctx *ctx = arg;
	struct nrf_sub *s = nrf_sub_find(ctx, req->params[0]);
	if (!s) {
		sbi_respond_problem(req, 0, SBI_CAUSE_SUBSCRIPTION_NOT_FOUND, "{subscriptionID}",
				    "no subscription %s", req->params[0]);
		return;
	}
	if (!need_patch(req))
		return;
	/* TS 29.510 5.2.2.5.3: what may change is validityTime. */
	json_t *doc = sbi_subscription_encode(&s->sd);
	struct json_patch_err pe;
	struct sbi_subscription nd;
	struct sbi_jerr e;
	if (!doc) {
		sbi_respond_problem(req, 500, SBI_CAUSE_INSUFFICIENT_RESOURCES, NULL,
				    "out of memory");
		return;
	}
	int rc = json_patch_apply(&doc, req->json, &pe);
	if (rc < 0) {
		json_decref(doc);
		sbi_respond_problem(req, rc == -E_NOMEM ? 500 : 400,
				    rc == -E_NOMEM ? SBI_CAUSE_INSUFFICIENT_RESOURCES
						   : SBI_CAUSE_MANDATORY_IE_INCORRECT,
				    NULL, "patch operation %d: %s", pe.index, pe.reason);
		return;
	}
	rc = sbi_subscription_decode(&nd, doc, &e);
	sbi_subscription_fini(&nd); /* only its validityTime is taken */
	json_decref(doc);
	if (rc < 0) {
		sbi_respond_jerr(req, &e);
		return;
	}
	time_t cap = time(NULL) + (time_t)(ctx->cfg.subscription_validity_ms / 1000);
	s->sd.validity_time = nd.validity_time && nd.validity_time < cap ? nd.validity_time : cap;
	nrf_sub_rearm(s);
	sbi_respond_json(req, 200, sbi_subscription_encode(&s->sd), NULL);
}

/* ---- NFDiscovery ----------------------------------------------------- */

struct disc_query {
	enum sbi_nf_type target_type; /* for allowedNfTypes */
	char target[32]; /* target-nf-type as text */
	enum sbi_nf_type requester; /* requester-nf-type */
	char services[MAX_QUERY_ITEMS][40]; /* service-names */
	unsigned nservices; /* entries */
	struct s_nssai snssais[MAX_QUERY_ITEMS]; /* snssais */
	uint8_t nsnssais; /* entries */
	struct plmn plmns[MAX_QUERY_ITEMS]; /* target-plmn-list */
	uint8_t nplmns; /* entries */
	char dnn[128]; /* dnn, "" absent */
	char target_id[48]; /* target-nf-instance-id, "" absent */
	int64_t limit; /* 0 = all */
};

/* Parses a JSON array query parameter value (TS 29.510 6.2.3.2.3.1:
 * content application/json). NULL when it is not one. */
static json_t *json_array_param(const char *v)
{
	json_t *j = sbi_json_parse(v, strlen(v), NULL);
	if (j && !json_is_array(j)) {
		json_decref(j);
		j = NULL;
	}
	return j;
}

static int query_incorrect(struct sbi_req *req, const char *name, bool mandatory, const char *why)
{
	char param[64];
	snprintf(param, sizeof(param), "query %s", name);
	sbi_respond_problem(req, 400,
			    mandatory ? SBI_CAUSE_MANDATORY_QUERY_PARAM_INCORRECT
				      : SBI_CAUSE_OPTIONAL_QUERY_PARAM_INCORRECT,
			    param, "%s", why);
	return -E_INVAL;
}

/* One pass over the query (SearchNFInstances, TS 29.510 6.2.3.2.3.1);
 * parameters this NRF does not evaluate are ignored. */
static int parse_discovery(struct sbi_req *req, struct disc_query *q)
{
	char name[48], v[1024], rq[32] = "";
	struct sbi_jerr e;
	size_t pos = 0;
	int rc;
	memset(q, 0, sizeof(*q));
	while ((rc = sbi_query_next(req->query, &pos, name, sizeof(name), v, sizeof(v))) !=
	       -E_NOTFOUND) {
		bool mand = !strcmp(name, "target-nf-type") || !strcmp(name, "requester-nf-type");
		if (rc < 0) {
			if (!name[0] ||
			    (!mand && strcmp(name, "service-names") && strcmp(name, "snssais") &&
			     strcmp(name, "target-plmn-list") && strcmp(name, "dnn") &&
			     strcmp(name, "target-nf-instance-id") && strcmp(name, "limit")))
				continue; /* not ours to judge */
			return query_incorrect(req, name, mand, "bad encoding or too long");
		}
		if (!strcmp(name, "target-nf-type") || !strcmp(name, "requester-nf-type")) {
			char *dst = name[0] == 't' ? q->target : rq;
			if (!v[0] || strlen(v) >= sizeof(q->target))
				return query_incorrect(req, name, true, "bad NF type");
			memcpy(dst, v, strlen(v) + 1);
		} else if (!strcmp(name, "service-names")) {
			/* style: form, explode: false -> comma-separated. */
			char *save = NULL;
			for (char *t = strtok_r(v, ",", &save); t && q->nservices < MAX_QUERY_ITEMS;
			     t = strtok_r(NULL, ",", &save))
				snprintf(q->services[q->nservices++], sizeof(q->services[0]), "%s",
					 t);
		} else if (!strcmp(name, "snssais")) {
			json_t *arr = json_array_param(v);
			rc = arr ? sbi_snssai_list_decode(q->snssais, MAX_QUERY_ITEMS, &q->nsnssais,
							  arr, "", false, &e)
				 : -E_INVAL;
			if (arr)
				json_decref(arr);
			if (rc < 0)
				return query_incorrect(req, name, false,
						       "snssais must be a JSON array of Snssai");
		} else if (!strcmp(name, "target-plmn-list")) {
			json_t *arr = json_array_param(v);
			rc = arr ? sbi_plmn_list_decode(q->plmns, MAX_QUERY_ITEMS, &q->nplmns, arr,
							"", false, &e)
				 : -E_INVAL;
			if (arr)
				json_decref(arr);
			if (rc < 0)
				return query_incorrect(
					req, name, false,
					"target-plmn-list must be a JSON array of PlmnId");
		} else if (!strcmp(name, "dnn")) {
			if (strlen(v) >= sizeof(q->dnn))
				return query_incorrect(req, name, false, "dnn too long");
			memcpy(q->dnn, v, strlen(v) + 1);
		} else if (!strcmp(name, "target-nf-instance-id")) {
			if (strlen(v) >= sizeof(q->target_id))
				return query_incorrect(req, name, false, "bad NF instance id");
			memcpy(q->target_id, v, strlen(v) + 1);
		} else if (!strcmp(name, "limit")) {
			char *end;
			long long l = strtoll(v, &end, 10);
			if (end == v || *end || l < 1)
				return query_incorrect(req, name, false,
						       "limit must be an integer >= 1");
			q->limit = l;
		}
	}
	if (!q->target[0] || !rq[0]) {
		const char *p = !q->target[0] ? "target-nf-type" : "requester-nf-type";
		char param[40];
		snprintf(param, sizeof(param), "query %s", p);
		sbi_respond_problem(req, 400, SBI_CAUSE_MANDATORY_QUERY_PARAM_MISSING, param,
				    "%s is mandatory", p);
		return -E_INVAL;
	}
	q->target_type = sbi_nf_type_parse(q->target);
	q->requester = sbi_nf_type_parse(rq);
	return 0;
}

/* dnn in an smfInfo/upfInfo: sNssai*InfoList[].dnn*InfoList[].dnn. */
static bool info_has_dnn(const json_t *info, const char *list, const char *dlist, const char *dnn)
{
	size_t i, k;
	json_t *item, *d;
	json_array_foreach(json_object_get(info, list), i, item)
	{
		json_array_foreach(json_object_get(item, dlist), k, d)
		{
			const char *v = json_string_value(json_object_get(d, "dnn"));
			if (v && (strcmp(v, dnn) == 0 || strcmp(v, "*") == 0))
				return true;
		}
	}
	return false;
}

static bool match_dnn(const struct nrf_nf *nf, const char *dnn)
{
	const json_t *smf = nf->prof.extra ? json_object_get(nf->prof.extra, "smfInfo") : NULL;
	const json_t *upf = nf->prof.extra ? json_object_get(nf->prof.extra, "upfInfo") : NULL;
	/* TS 29.510 6.2.3.2.3.1: dnn is matched against the NF's DNN lists; an
	 * NF that lists none (AUSF, UDM, ...) is not restricted by DNN. */
	if (!smf && !upf)
		return true;
	return (smf && info_has_dnn(smf, "sNssaiSmfInfoList", "dnnSmfInfoList", dnn)) ||
	       (upf && info_has_dnn(upf, "sNssaiUpfInfoList", "dnnUpfInfoList", dnn));
}

static bool match_snssai(const struct nrf_nf *nf, const struct disc_query *q)
{
	const struct sbi_nf_profile *p = &nf->prof;
	bool any = p->n_snssais > 0;
	for (unsigned k = 0; k < q->nsnssais; k++) {
		for (unsigned i = 0; i < p->n_snssais; i++)
			if (s_nssai_eq(&q->snssais[k], &p->snssais[i]))
				return true;
		for (unsigned s = 0; s < p->n_services; s++) {
			any |= p->services[s].n_snssais > 0;
			for (unsigned i = 0; i < p->services[s].n_snssais; i++)
				if (s_nssai_eq(&q->snssais[k], &p->services[s].snssais[i]))
					return true;
		}
	}
	return !any; /* an NF that names no slice serves every slice */
}

static bool match_nf(const struct nrf_ctx *ctx, const struct nrf_nf *nf, const struct disc_query *q)
{
	const struct sbi_nf_profile *p = &nf->prof;
	if (strcmp(p->nf_type_str, q->target) != 0 || p->nf_status != SBI_NF_REGISTERED)
		return false;
	if (q->target_id[0] && strcasecmp(q->target_id, nf->id) != 0)
		return false;
	/* TS 29.510 5.3.2.2.2: only NF types the profile allows may discover it. */
	if (p->allowed_nf_types &&
	    (q->requester == SBI_NF_OTHER || !(p->allowed_nf_types & (1ull << q->requester))))
		return false;
	if (q->nservices) {
		bool found = false;
		for (unsigned i = 0; i < q->nservices && !found; i++) {
			const struct sbi_nf_service *s = sbi_nf_profile_service(p, q->services[i]);
			found = s && s->status == SBI_NF_REGISTERED &&
				(!s->allowed_nf_types ||
				 (q->requester != SBI_NF_OTHER &&
				  (s->allowed_nf_types & (1ull << q->requester))));
		}
		if (!found)
			return false;
	}
	if (q->nsnssais && !match_snssai(nf, q))
		return false;
	if (q->nplmns) {
		bool found = false;
		for (unsigned k = 0; k < q->nplmns && !found; k++) {
			if (!p->n_plmns)
				found = plmn_eq(&q->plmns[k], &ctx->plmn);
			for (unsigned i = 0; i < p->n_plmns && !found; i++)
				found = plmn_eq(&q->plmns[k], &p->plmns[i]);
		}
		if (!found)
			return false;
	}
	if (q->dnn[0] && !match_dnn(nf, q->dnn))
		return false;
	return true;
}

struct disc_walk {
	const struct nrf_ctx *ctx; /* NRF */
	const struct disc_query *q; /* query */
	struct nrf_nf **found; /* matches */
	size_t n; /* entries in found */
};

static void disc_one(void *obj, void *arg)
{
	struct disc_walk *w = arg;
	if (match_nf(w->ctx, obj, w->q))
		w->found[w->n++] = obj;
}

static int by_priority(const void *a, const void *b)
{
	const struct nrf_nf *x = *(struct nrf_nf *const *)a, *y = *(struct nrf_nf *const *)b;
	uint32_t px = x->prof.priority < 0 ? 70000u : (uint32_t)x->prof.priority;
	uint32_t py = y->prof.priority < 0 ? 70000u : (uint32_t)y->prof.priority;
	return px < py ? -1 : px > py;
}

void nrf_handle_discover(struct sbi_req *req, void *arg)
{
	struct nrf_ctx *ctx = arg;
	struct disc_query q;
	metric_inc(ctx->m_disc);
	if (parse_discovery(req, &q) < 0)
		return;
	struct nrf_nf *stack[64];
	struct disc_walk w = { ctx, &q, stack, 0 };
	if (ctx->nfs.used > 64 && !(w.found = malloc(ctx->nfs.used * sizeof(*w.found)))) {
		sbi_respond_problem(req, 500, SBI_CAUSE_INSUFFICIENT_RESOURCES, NULL,
				    "out of memory");
		return;
	}
	pool_foreach(&ctx->nfs, disc_one, &w);
	/* Preferred instances first (TS 29.510 6.1.6.2.2 priority: lower is better). */
	qsort(w.found, w.n, sizeof(*w.found), by_priority);
	/* SearchResult (TS 29.510 6.2.6.2.2) built from the stored texts: no
	 * JSON encoding per request on this hot path. */
	size_t n = q.limit && (size_t)q.limit < w.n ? (size_t)q.limit : w.n;
	size_t cap = 64;
	for (size_t i = 0; i < n; i++)
		cap += w.found[i]->text_len + 1;
	char *body = malloc(cap);
	size_t len = 0;
	if (body) {
		len = (size_t)snprintf(body, cap, "{\"validityPeriod\":%lld,\"nfInstances\":[",
				       (long long)ctx->cfg.validity_s);
		for (size_t i = 0; i < n; i++) {
			if (i)
				body[len++] = ',';
			memcpy(body + len, w.found[i]->text, w.found[i]->text_len);
			len += w.found[i]->text_len;
		}
		body[len++] = ']';
		body[len++] = '}';
	}
	if (w.found != stack)
		free(w.found);
	if (!body) {
		sbi_respond_problem(req, 500, SBI_CAUSE_INSUFFICIENT_RESOURCES, NULL,
				    "out of memory");
		return;
	}
	LOG(LOG_DEBUG, req->ctx, "discovery %s by %s: %zu of %zu", q.target,
	    sbi_nf_type_name(q.requester), n, w.n);
	sbi_respond_take(req, 200, SBI_CT_JSON, body, len);
}
