/* udr-handler.c — the Nudr_DataRepository resources the UDR serves
 * (TS 29.504 v2 / TS 29.505), their answers, and the group commit of
 * authentication-subscription PATCHes.
 *
 * Group commit: a PATCH is checked, queued, and answered only after the
 * transaction holding it committed durably. Every PATCH that arrives in one
 * loop iteration (often many, over one HTTP/2 connection) goes into the same
 * IMMEDIATE transaction, flushed from an ev_defer at the end of the
 * iteration: one disk flush for all of them (db_auth_update_many).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/sbi/json_patch.h"
#include "lib/sbi/models/aka_models.h"
#include "lib/sbi/models/sdm_models.h"
#include "nf/udr/udr-ctx.h"
#include "nf/udr/udr-data.h"

/* Operation labels of ngcore_udr_requests_total. */
static const char OP_AUTH_GET[] = "auth_subscription_get";
static const char OP_AUTH_PATCH[] = "auth_subscription_patch";
static const char OP_STATUS_PUT[] = "auth_status_put";
static const char OP_STATUS_GET[] = "auth_status_get";
static const char OP_STATUS_DEL[] = "auth_status_delete";
static const char OP_AM[] = "am_data_get";
static const char OP_SMF_SEL[] = "smf_selection_data_get";
static const char OP_SM[] = "sm_data_get";
static const char OP_AMF_PUT[] = "amf_3gpp_access_put";
static const char OP_AMF_GET[] = "amf_3gpp_access_get";
static const char OP_AMF_PATCH[] = "amf_3gpp_access_patch";
static const char OP_AMF_DEL[] = "amf_3gpp_access_delete";

/* A store error as the answer it deserves: busy -> 503 (another UDR may
 * serve it), anything else -> 500. */
static void answer_db_error(struct udr *u, const char *op, struct sbi_req *req, int rc)
{
	LOG_RL(LOG_WARN, "udr", "%s: store: %s %s", op, err_str(rc), db_errmsg(u->db));
	if (rc == -E_AGAIN)
		sbi_nf_op_problem(&u->nf, op, req, 503, "NF_CONGESTION", "subscriber store busy");
	else
		sbi_nf_op_problem(&u->nf, op, req, 500, "SYSTEM_FAILURE",
				  "subscriber store failed");
}

/* ueId must name a subscriber of the store; TS 29.504 6.1.7.3: USER_NOT_FOUND. */
static int check_subscriber(struct udr *u, const char *op, struct sbi_req *req)
{
	struct db_auth a;
	int rc = db_auth_get(u->db, req->params[0], &a);
	db_auth_wipe(&a);
	if (rc == -E_NOTFOUND || rc == -E_INVAL) {
		sbi_nf_op_problem(&u->nf, op, req, 404, "USER_NOT_FOUND", "no subscriber %s",
				  req->params[0]);
		return -1;
	}
	if (rc < 0) {
		answer_db_error(u, op, req, rc);
		return -1;
	}
	return 0;
}

/* PATCH bodies must be application/json-patch+json (RFC 6902); 415 otherwise.
 * 0, or -1 when answered. */
static int check_json_patch(struct udr *u, const char *op, struct sbi_req *req)
{
	if (sbi_ct_is(req->content_type, SBI_CT_JSON_PATCH))
		return 0;
	sbi_respond_problem(req, 415, SBI_CAUSE_NONE, "header content-type", "expected %s",
			    SBI_CT_JSON_PATCH);
	sbi_nf_count(&u->nf, op, 415);
	return -1;
}

/* ---- in-memory records ---- */

static struct udr_ue *ue_find(struct udr *u, const char *supi)
{
	uint64_t h;
	if (hmap_get(&u->ue_by_supi, supi, strlen(supi), &h) < 0)
		return NULL;
	return pool_get(&u->ues, handle_unpack(h));
}

static struct udr_ue *ue_get_or_new(struct udr *u, const char *supi)
{
	struct udr_ue *ue = ue_find(u, supi);
	struct handle h;
	if (ue)
		return ue;
	if (strlen(supi) >= sizeof(ue->supi) || !(ue = pool_alloc(&u->ues, &h)))
		return NULL;
	snprintf(ue->supi, sizeof(ue->supi), "%s", supi);
	if (hmap_set(&u->ue_by_supi, ue->supi, strlen(ue->supi), handle_pack(h)) < 0) {
		pool_free(&u->ues, ue);
		return NULL;
	}
	metric_set(u->m_contexts, u->ues.used);
	return ue;
}

/* The record a PUT on ueId writes into: the subscriber must exist, the
 * record is made if need be. NULL when answered. */
static struct udr_ue *ue_for_put(struct udr *u, const char *op, struct sbi_req *req)
{
	if (check_subscriber(u, op, req) < 0)
		return NULL;
	struct udr_ue *ue = ue_get_or_new(u, req->params[0]);
	if (!ue)
		sbi_nf_op_problem(&u->nf, op, req, 500, "INSUFFICIENT_RESOURCES",
				  "no room for more UE records");
	return ue;
}

/* Frees the record once it holds nothing. */
static void ue_maybe_free(struct udr *u, struct udr_ue *ue)
{
	if (ue->amf_reg || ue->auth_status)
		return;
	hmap_del(&u->ue_by_supi, ue->supi, strlen(ue->supi));
	pool_free(&u->ues, ue);
	metric_set(u->m_contexts, u->ues.used);
}

/* ---- authentication-subscription ---- */

static void h_auth_get(struct sbi_req *req, void *arg)
{
	struct udr *u = arg;
	struct db_auth a;
	int rc = db_auth_get(u->db, req->params[0], &a);
	if (rc == -E_NOTFOUND || rc == -E_INVAL) {
		db_auth_wipe(&a);
		sbi_nf_op_problem(&u->nf, OP_AUTH_GET, req, 404, "USER_NOT_FOUND",
				  "no subscriber %s", req->params[0]);
		return;
	}
	if (rc < 0) {
		db_auth_wipe(&a);
		answer_db_error(u, OP_AUTH_GET, req, rc);
		return;
	}
	json_t *j = udr_auth_subscription(&a, u->ind_bits);
	db_auth_wipe(&a);
	sbi_nf_op_json(&u->nf, OP_AUTH_GET, req, 200, j);
}

static void flush(struct ev_loop *loop, void *arg);

static void h_auth_patch(struct sbi_req *req, void *arg)
{
	struct udr *u = arg;
	struct sbi_jerr e;

	if (check_json_patch(u, OP_AUTH_PATCH, req) < 0)
		return;
	/* TS 29.505: only the SQN (sequenceNumber) is modifiable through the
	 * UDR; credentials change through the management API. */
	int rc = udr_patch_check(req->json, "/sequenceNumber", &e);
	if (rc == -E_RANGE) {
		sbi_nf_op_problem(&u->nf, OP_AUTH_PATCH, req, 403, "MODIFICATION_NOT_ALLOWED",
				  "%s: %s", e.param, e.reason);
		return;
	}
	if (rc < 0) {
		sbi_nf_op_jerr(&u->nf, OP_AUTH_PATCH, req, &e);
		return;
	}
	if (db_supi_valid(req->params[0]) < 0) {
		sbi_nf_op_problem(&u->nf, OP_AUTH_PATCH, req, 404, "USER_NOT_FOUND",
				  "no subscriber %s", req->params[0]);
		return;
	}
	if (u->n_batch == u->cap_batch) {
		size_t cap = u->cap_batch ? u->cap_batch * 2 : 64;
		struct udr_patch *nb = realloc(u->batch, cap * sizeof(*nb));
		if (!nb) {
			sbi_nf_op_problem(&u->nf, OP_AUTH_PATCH, req, 500, "INSUFFICIENT_RESOURCES",
					  "out of memory");
			return;
		}
		u->batch = nb;
		u->cap_batch = cap;
	}
	if (!u->flush_armed) {
		if (ev_defer(u->nf.loop, flush, u) < 0) {
			sbi_nf_op_problem(&u->nf, OP_AUTH_PATCH, req, 500, "INSUFFICIENT_RESOURCES",
					  "out of memory");
			return;
		}
		u->flush_armed = true;
	}
	struct udr_patch *p = &u->batch[u->n_batch++];
	memset(p, 0, sizeof(*p));
	p->req = sbi_req_handle(req);
	snprintf(p->supi, sizeof(p->supi), "%s", req->params[0]);
	p->patch = json_incref(req->json);
}

struct commit_ctx {
	struct udr_patch *b; /* the chunk */
	unsigned ind_bits; /* IND bits, shown as indLength */
};

/* Inside the transaction, for chunk entry i: applies its patch to the SQN
 * document and hands the new SQN back to the store. */
static int apply_one(size_t i, struct db_auth *a, void *arg)
{
	struct commit_ctx *c = arg;
	struct udr_patch *p = &c->b[i];
	struct json_patch_err pe;
	json_t *doc = udr_sqn_doc(a->sqn, c->ind_bits);

	if (!doc)
		goto nomem;
	if (json_patch_apply(&doc, p->patch, &pe) < 0) {
		json_decref(doc);
		if (udr_patch_is_test(p->patch, pe.index)) {
			p->status = 409; /* another UDM moved the SQN first */
			snprintf(p->detail, sizeof(p->detail), "test failed: %s", pe.reason);
			return -E_STATE;
		}
		p->status = 400;
		snprintf(p->detail, sizeof(p->detail), "operation %d: %s", pe.index, pe.reason);
		return -E_INVAL;
	}
	uint64_t sqn;
	const char *s = json_string_value(json_pointer_get(doc, SBI_SQN_PTR));
	int rc = sbi_sqn_parse(s, &sqn);
	json_decref(doc);
	if (rc < 0) {
		p->status = 400;
		snprintf(p->detail, sizeof(p->detail), "%s must stay 12 hex digits", SBI_SQN_PTR);
		return -E_INVAL;
	}
	p->status = 204;
	if (sqn == a->sqn)
		return 0;
	a->sqn = sqn;
	return 1;
nomem:
	json_decref(doc);
	p->status = 500;
	snprintf(p->detail, sizeof(p->detail), "out of memory");
	return -E_NOMEM;
}

/* Commits batch[0..n) in one transaction and answers each PATCH. */
static void commit_chunk(struct udr *u, struct udr_patch *b, size_t n)
{
	const char **supis = malloc(n * sizeof(*supis));
	int *rcs = malloc(n * sizeof(*rcs));
	int rc = -E_NOMEM;

	if (supis && rcs) {
		for (size_t i = 0; i < n; i++)
			supis[i] = b[i].supi;
		struct commit_ctx c = { b, u->ind_bits };
		rc = db_auth_update_many(u->db, supis, n, apply_one, &c, rcs);
	}
	if (rc == 0) {
		metric_inc(u->m_commits);
		metric_add(u->m_patches, (int64_t)n);
	} else {
		LOG_RL(LOG_WARN, "udr", "group commit of %zu PATCHes failed: %s %s", n, err_str(rc),
		       u->db ? db_errmsg(u->db) : "");
	}
	for (size_t i = 0; i < n; i++) {
		struct udr_patch *p = &b[i];
		struct sbi_req *req = sbi_server_find(u->nf.server, p->req);
		int r = rc == 0 ? rcs[i] : rc;
		if (r == -E_NOTFOUND || (r == -E_INVAL && p->status == 0)) {
			p->status = 404;
			snprintf(p->detail, sizeof(p->detail), "no subscriber %s", p->supi);
		} else if (rc < 0 || r == -E_IO || r == -E_RANGE) {
			p->status = rc == -E_AGAIN ? 503 : 500;
			snprintf(p->detail, sizeof(p->detail), "subscriber store failed");
		}
		if (p->status == 409)
			metric_inc(u->m_conflicts);
		json_decref(p->patch);
		p->patch = NULL;
		if (!req)
			continue; /* the UDM is gone; what committed stays committed */
		if (p->status == 204) {
			sbi_nf_op_empty(&u->nf, OP_AUTH_PATCH, req, 204);
			continue;
		}
		const char *cause = p->status == 404   ? "USER_NOT_FOUND"
				    : p->status == 503 ? "NF_CONGESTION"
				    : p->status == 500 ? "SYSTEM_FAILURE"
				    : p->status == 400 ? "MANDATORY_IE_INCORRECT"
						       : NULL;
		if (p->status != 409)
			LOG_RL(LOG_NOTICE, req->ctx, "PATCH %s: %d %s", p->supi, p->status,
			       p->detail);
		sbi_nf_op_problem(&u->nf, OP_AUTH_PATCH, req, p->status, cause, "%s", p->detail);
	}
	free(supis);
	free(rcs);
}

void udr_flush(struct udr *u)
{
	size_t max = (size_t)u->cfg->max_batch;

	for (size_t off = 0; off < u->n_batch; off += max)
		commit_chunk(u, u->batch + off, u->n_batch - off < max ? u->n_batch - off : max);
	u->n_batch = 0;
}

static void flush(struct ev_loop *loop, void *arg)
{
	struct udr *u = arg;
	u->flush_armed = false;
	if (u->db)
		udr_flush(u);
}

/* ---- authentication-status (TS 29.505 5.2.x, AuthEvent) ---- */

static void h_status_put(struct sbi_req *req, void *arg)
{
	struct udr *u = arg;
	struct sbi_auth_event ev;
	struct sbi_jerr e;

	if (sbi_auth_event_decode(&ev, req->json, &e) < 0) {
		sbi_nf_op_jerr(&u->nf, OP_STATUS_PUT, req, &e);
		return;
	}
	struct udr_ue *ue = ue_for_put(u, OP_STATUS_PUT, req);
	if (!ue)
		return;
	json_decref(ue->auth_status);
	ue->auth_status = json_incref(req->json);
	sbi_nf_op_empty(&u->nf, OP_STATUS_PUT, req, 204);
}

static void h_status_get(struct sbi_req *req, void *arg)
{
	struct udr *u = arg;
	struct udr_ue *ue = ue_find(u, req->params[0]);
	if (!ue || !ue->auth_status) {
		sbi_nf_op_problem(&u->nf, OP_STATUS_GET, req, 404, "DATA_NOT_FOUND",
				  "no authentication status");
		return;
	}
	sbi_nf_op_json(&u->nf, OP_STATUS_GET, req, 200, json_incref(ue->auth_status));
}

static void h_status_del(struct sbi_req *req, void *arg)
{
	struct udr *u = arg;
	struct udr_ue *ue = ue_find(u, req->params[0]);
	if (ue) {
		json_decref(ue->auth_status);
		ue->auth_status = NULL;
		ue_maybe_free(u, ue);
	}
	sbi_nf_op_empty(&u->nf, OP_STATUS_DEL, req, 204);
}

/* ---- provisioned data ---- */

typedef json_t *(*view_fn)(const struct db_sub *s);

static void provisioned(struct udr *u, const char *op, struct sbi_req *req, view_fn view)
{
	struct db_sub *s;

	if (!udr_var_plmn_valid(req->params[1])) {
		sbi_nf_op_problem(&u->nf, op, req, 400, "MANDATORY_IE_INCORRECT",
				  "servingPlmnId must be MCC and MNC digits");
		return;
	}
	if (!(s = malloc(sizeof(*s)))) {
		sbi_nf_op_problem(&u->nf, op, req, 500, "INSUFFICIENT_RESOURCES", "out of memory");
		return;
	}
	int rc = db_supi_valid(req->params[0]) < 0 ? -E_NOTFOUND
						   : db_sub_get(u->db, req->params[0], s);
	if (rc == -E_NOTFOUND || rc == -E_INVAL) {
		sbi_nf_op_problem(&u->nf, op, req, 404, "USER_NOT_FOUND", "no subscriber %s",
				  req->params[0]);
	} else if (rc < 0) {
		answer_db_error(u, op, req, rc);
	} else {
		json_t *j = view(s);
		sbi_nf_op_json(&u->nf, op, req, 200, j);
	}
	db_sub_wipe(s);
	free(s);
}

static void h_am_data(struct sbi_req *req, void *arg)
{
	provisioned(arg, OP_AM, req, udr_am_data);
}

static void h_smf_sel(struct sbi_req *req, void *arg)
{
	provisioned(arg, OP_SMF_SEL, req, udr_smf_sel_data);
}

static void h_sm_data(struct sbi_req *req, void *arg)
{
	provisioned(arg, OP_SM, req, udr_sm_data);
}

/* ---- context-data/amf-3gpp-access (Amf3GppAccessRegistration) ---- */

static void h_amf_put(struct sbi_req *req, void *arg)
{
	struct udr *u = arg;
	struct sbi_amf_reg r;
	struct sbi_jerr e;

	if (sbi_amf_reg_decode(&r, req->json, &e) < 0) {
		sbi_nf_op_jerr(&u->nf, OP_AMF_PUT, req, &e);
		return;
	}
	struct udr_ue *ue = ue_for_put(u, OP_AMF_PUT, req);
	if (!ue)
		return;
	bool created = !ue->amf_reg;
	json_decref(ue->amf_reg);
	ue->amf_reg = json_incref(req->json);
	if (!created) {
		sbi_nf_op_empty(&u->nf, OP_AMF_PUT, req, 204);
		return;
	}
	char root[128], loc[400];
	sbi_nf_api_root(&u->nf, root, sizeof(root));
	snprintf(loc, sizeof(loc),
		 "%s" UDR_API "/subscription-data/%s/context-data/amf-3gpp-access", root, ue->supi);
	sbi_respond_header(req, "location", loc);
	sbi_nf_op_json(&u->nf, OP_AMF_PUT, req, 201, json_incref(req->json));
}

static void h_amf_get(struct sbi_req *req, void *arg)
{
	struct udr *u = arg;
	struct udr_ue *ue = ue_find(u, req->params[0]);
	if (!ue || !ue->amf_reg) {
		sbi_nf_op_problem(&u->nf, OP_AMF_GET, req, 404, "DATA_NOT_FOUND",
				  "no AMF registration");
		return;
	}
	sbi_nf_op_json(&u->nf, OP_AMF_GET, req, 200, json_incref(ue->amf_reg));
}

static void h_amf_patch(struct sbi_req *req, void *arg)
{
	struct udr *u = arg;
	struct udr_ue *ue = ue_find(u, req->params[0]);
	struct json_patch_err pe;
	struct sbi_amf_reg r;
	struct sbi_jerr e;

	if (check_json_patch(u, OP_AMF_PATCH, req) < 0)
		return;
	if (udr_patch_check(req->json, "", &e) < 0) {
		sbi_nf_op_jerr(&u->nf, OP_AMF_PATCH, req, &e);
		return;
	}
	if (!ue || !ue->amf_reg) {
		sbi_nf_op_problem(&u->nf, OP_AMF_PATCH, req, 404, "DATA_NOT_FOUND",
				  "no AMF registration");
		return;
	}
	json_t *doc = json_deep_copy(ue->amf_reg);
	if (!doc) {
		sbi_nf_op_problem(&u->nf, OP_AMF_PATCH, req, 500, "INSUFFICIENT_RESOURCES",
				  "out of memory");
		return;
	}
	if (json_patch_apply(&doc, req->json, &pe) < 0) {
		json_decref(doc);
		if (udr_patch_is_test(req->json, pe.index))
			sbi_nf_op_problem(&u->nf, OP_AMF_PATCH, req, 409, NULL, "test failed: %s",
					  pe.reason);
		else
			sbi_nf_op_problem(&u->nf, OP_AMF_PATCH, req, 400, "MANDATORY_IE_INCORRECT",
					  "operation %d: %s", pe.index, pe.reason);
		return;
	}
	/* The result must still be an Amf3GppAccessRegistration. */
	if (sbi_amf_reg_decode(&r, doc, &e) < 0) {
		json_decref(doc);
		sbi_nf_op_problem(&u->nf, OP_AMF_PATCH, req, 400, "MANDATORY_IE_INCORRECT",
				  "result: %s: %s", e.param, e.reason);
		return;
	}
	json_decref(ue->amf_reg);
	ue->amf_reg = doc;
	sbi_nf_op_empty(&u->nf, OP_AMF_PATCH, req, 204);
}

static void h_amf_del(struct sbi_req *req, void *arg)
{
	struct udr *u = arg;
	struct udr_ue *ue = ue_find(u, req->params[0]);
	if (ue) {
		json_decref(ue->amf_reg);
		ue->amf_reg = NULL;
		ue_maybe_free(u, ue);
	}
	sbi_nf_op_empty(&u->nf, OP_AMF_DEL, req, 204);
}

/* ---- routes ---- */

#define SUB UDR_API "/subscription-data/{ueId}"

const struct sbi_nf_route udr_routes[] = {
	{ SBI_GET, SUB "/authentication-data/authentication-subscription", h_auth_get },
	{ SBI_PATCH, SUB "/authentication-data/authentication-subscription", h_auth_patch },
	{ SBI_PUT, SUB "/authentication-data/authentication-status", h_status_put },
	{ SBI_GET, SUB "/authentication-data/authentication-status", h_status_get },
	{ SBI_DELETE, SUB "/authentication-data/authentication-status", h_status_del },
	{ SBI_GET, SUB "/{servingPlmnId}/provisioned-data/am-data", h_am_data },
	{ SBI_GET, SUB "/{servingPlmnId}/provisioned-data/smf-selection-subscription-data",
	  h_smf_sel },
	{ SBI_GET, SUB "/{servingPlmnId}/provisioned-data/sm-data", h_sm_data },
	{ SBI_PUT, SUB "/context-data/amf-3gpp-access", h_amf_put },
	{ SBI_GET, SUB "/context-data/amf-3gpp-access", h_amf_get },
	{ SBI_PATCH, SUB "/context-data/amf-3gpp-access", h_amf_patch },
	{ SBI_DELETE, SUB "/context-data/amf-3gpp-access", h_amf_del },
	{ 0 },
};

static void free_ue(void *obj, void *arg)
{
	struct udr *u = arg;
	struct udr_ue *ue = obj;
	json_decref(ue->amf_reg);
	json_decref(ue->auth_status);
	pool_free(&u->ues, ue);
}

void udr_fini_state(struct udr *u)
{
	for (size_t i = 0; i < u->n_batch; i++)
		json_decref(u->batch[i].patch);
	free(u->batch);
	u->batch = NULL;
	u->n_batch = u->cap_batch = 0;
	if (u->ues.mem)
		pool_foreach(&u->ues, free_ue, u);
}
