/* ausf-handler.c — Nausf_UEAuthentication for 5G AKA (TS 29.509 6.1,
 * TS 33.501 6.1.3.2):
 *
 *   AMF  POST ue-authentications {supiOrSuci, servingNetworkName[, resync]}
 *   AUSF  -> UDM POST {supiOrSuci}/security-information/generate-auth-data
 *        <- 5G HE AV: RAND, AUTN, XRES*, K_AUSF, SUPI
 *        keeps XRES*, K_AUSF; HXRES* = SHA-256(RAND || XRES*) (A.5)
 *   AMF  <- 201 {5gAuthData: RAND, AUTN, HXRES*; _links.5g-aka.href}
 *   AMF  PUT .../{authCtxId}/5g-aka-confirmation {resStar}
 *        RES* == XRES* (constant time) -> K_SEAF (A.6), SUPI
 *   AUSF  -> UDM POST {supi}/auth-events (the result)
 *
 * Contexts expire after ctx_ttl and are wiped (keys with them).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/crypto/ct.h"
#include "lib/crypto/kdf.h"
#include "lib/sbi/models/common.h"
#include "lib/sbi/sbi_uri.h"
#include "nf/ausf/ausf-ctx.h"

static const char OP_AUTH[] = "ue_authentication";
static const char OP_CONFIRM[] = "5g_aka_confirmation";
static const char OP_DELETE[] = "5g_aka_confirmation_delete";

enum { RES_SUCCESS, RES_FAILURE, RES_EXPIRED };

int ausf_snn_allowed(const struct ausf_cfg *c, const struct plmn *home, const char *snn)
{
	struct plmn p;
	if (sbi_serving_network_name_parse(snn, &p) < 0)
		return -E_INVAL;
	if (c->n_serving_plmns == 0)
		return p.mcc == home->mcc && p.mnc == home->mnc;
	for (uint32_t i = 0; i < c->n_serving_plmns; i++)
		if (p.mcc == c->serving_plmns[i].mcc && p.mnc == c->serving_plmns[i].mnc)
			return 1;
	return 0;
}

/* ---- contexts ---- */

static void ctx_free(struct ausf *a, struct ausf_ctx *c)
{
	ev_timer_stop(a->nf.loop, &c->timer);
	free(c->supi_or_suci);
	if (c->id[0])
		hmap_del(&a->by_id, c->id, strlen(c->id));
	pool_free(&a->ctxs, c); /* wiped: the pool was set up with wipe */
	metric_set(a->m_ctxs, a->ctxs.used);
}

static void on_expire(struct ev_loop *loop, struct ev_timer *t)
{
	struct ausf_ctx *c = t->data;
	struct ausf *a = c->a;
	if (c->state == AUSF_WAIT_CONFIRM) {
		metric_inc(a->m_result[RES_EXPIRED]);
		LOG_RL(LOG_INFO, "ausf", "ue[%s]: authentication context expired unconfirmed",
		       c->supi);
	}
	ctx_free(a, c);
}

static struct ausf_ctx *ctx_find(struct ausf *a, const char *id)
{
	uint64_t h;
	if (strlen(id) >= HMAP_KEY_MAX || hmap_get(&a->by_id, id, strlen(id), &h) < 0)
		return NULL;
	return pool_get(&a->ctxs, handle_unpack(h));
}

/* ---- UE authentication: POST ue-authentications ---- */

static void on_udm_vector(void *arg, uint64_t cookie, const struct sbi_resp *r);

static void send_generate(void *arg, uint64_t cookie, const char *const *roots, unsigned n)
{
	struct ausf *a = arg;
	struct ausf_ctx *c = pool_get(&a->ctxs, handle_unpack(cookie));
	struct sbi_req *req;
	char enc[SBI_SUCI_MAX * 3], path[sizeof(enc) + 96];

	if (!c)
		return;
	if (n == 0) {
		sbi_nf_op_no_peer(&a->nf, OP_AUTH, sbi_server_find(a->nf.server, c->req), &a->udm,
				  "udm_uri");
		ctx_free(a, c);
		return;
	}
	struct sbi_udm_auth_info_req in;
	memset(&in, 0, sizeof(in));
	snprintf(in.serving_network_name, sizeof(in.serving_network_name), "%s", c->snn);
	snprintf(in.ausf_instance_id, sizeof(in.ausf_instance_id), "%s", a->nf.instance_id);
	in.has_resync = c->has_resync;
	in.resync = c->resync;
	sbi_pct_encode(enc, sizeof(enc), c->supi_or_suci);
	snprintf(path, sizeof(path), UDM_UEAU_API "/%s/security-information/generate-auth-data",
		 enc);
	free(c->supi_or_suci); /* the UDM answers with the SUPI */
	c->supi_or_suci = NULL;
	json_t *body = sbi_udm_auth_info_req_encode(&in);
	struct sbi_request rq = { .method = SBI_POST, .path = path, .json = body };
	sbi_nf_request_roots(&rq, roots, n);
	int rc = body ? sbi_client_send(a->nf.client, &rq, on_udm_vector, a, cookie) : -E_NOMEM;
	json_decref(body);
	if (rc < 0) {
		if ((req = sbi_server_find(a->nf.server, c->req)))
			sbi_nf_op_problem(&a->nf, OP_AUTH, req, 500, "INSUFFICIENT_RESOURCES",
					  "cannot reach the UDM");
		ctx_free(a, c);
	}
}

static void on_udm_vector(void *arg, uint64_t cookie, const struct sbi_resp *r)
{
	struct ausf *a = arg;
	struct ausf_ctx *c = pool_get(&a->ctxs, handle_unpack(cookie));
	struct sbi_udm_auth_info_result av;
	struct sbi_ue_auth_ctx out;
	struct sbi_jerr e;
	char root[128], loc[256];

	if (!c)
		return;
	struct sbi_req *req = sbi_server_find(a->nf.server, c->req);
	if (r->err || r->status != 200) {
		/* TS 29.509 6.1.7.3: the UDM's application errors (USER_NOT_FOUND,
		 * AUTHENTICATION_REJECTED, UNSUPPORTED_PROTECTION_SCHEME, ...) are
		 * passed on; no answer at all is UPSTREAM_SERVER_ERROR. */
		if (req)
			sbi_nf_op_relay(&a->nf, OP_AUTH, req, r, "UDM");
		if (r->err || r->status >= 500)
			LOG_RL(LOG_WARN, "ausf", "UDM failed: %s %d %s", err_str(r->err), r->status,
			       sbi_nf_resp_cause(r));
		ctx_free(a, c);
		return;
	}
	json_t *rj = sbi_resp_json(r);
	if (!rj || sbi_udm_auth_info_result_decode(&av, rj, &e) < 0) {
		LOG_RL(LOG_WARN, "ausf", "UDM sent an unusable AuthenticationInfoResult: %s",
		       rj ? e.reason : "not JSON");
		crypto_wipe(&av, sizeof(av));
		if (req)
			sbi_nf_op_problem(&a->nf, OP_AUTH, req, 500, "AV_GENERATION_PROBLEM",
					  "the UDM's vector is unusable");
		ctx_free(a, c);
		return;
	}
	if (!req) { /* the AMF gave up meanwhile */
		crypto_wipe(&av, sizeof(av));
		ctx_free(a, c);
		return;
	}
	memcpy(c->rand, av.rand, 16);
	memcpy(c->xres_star, av.xres_star, 16);
	memcpy(c->kausf, av.kausf, 32);
	if (!av.supi[0]) {
		/* TS 29.503 6.3.6.2.3: the SUPI is there when a SUCI was sent; an
		 * AUSF cannot confirm (and the AMF cannot key) without it. */
		crypto_wipe(&av, sizeof(av));
		sbi_nf_op_problem(&a->nf, OP_AUTH, req, 500, "AV_GENERATION_PROBLEM",
				  "the UDM gave no SUPI");
		ctx_free(a, c);
		return;
	}
	snprintf(c->supi, sizeof(c->supi), "%s", av.supi);
	memset(&out, 0, sizeof(out));
	memcpy(out.rand, av.rand, 16);
	memcpy(out.autn, av.autn, 16);
	crypto_wipe(&av, sizeof(av));
	/* TS 33.501 6.1.3.2 step 5 and A.5: HXRES* from RAND and XRES*. */
	if (kdf_hres_star(c->rand, c->xres_star, out.hxres_star) < 0) {
		sbi_nf_op_problem(&a->nf, OP_AUTH, req, 500, "AV_GENERATION_PROBLEM",
				  "HXRES* failed");
		ctx_free(a, c);
		return;
	}
	sbi_nf_api_root(&a->nf, root, sizeof(root));
	snprintf(loc, sizeof(loc), "%s" AUSF_API "/ue-authentications/%s", root, c->id);
	snprintf(out.confirm_href, sizeof(out.confirm_href), "%s/5g-aka-confirmation", loc);
	snprintf(out.serving_network_name, sizeof(out.serving_network_name), "%s", c->snn);
	c->state = AUSF_WAIT_CONFIRM;
	c->req = HANDLE_NONE;
	sbi_respond_header(req, "location", loc);
	json_t *j = sbi_ue_auth_ctx_encode(&out);
	if (!j) {
		sbi_nf_op_problem(&a->nf, OP_AUTH, req, 500, "INSUFFICIENT_RESOURCES",
				  "out of memory");
		ctx_free(a, c);
		return;
	}
	/* TS 29.509 6.1.3.2.3.1: 201 Created, UEAuthenticationCtx (3gppHal+json). */
	sbi_respond_json(req, 201, j, SBI_CT_HAL);
	sbi_nf_count(&a->nf, OP_AUTH, 201);
}

static void h_authenticate(struct sbi_req *req, void *arg)
{
	struct ausf *a = arg;
	struct sbi_ausf_auth_info in;
	struct sbi_jerr e;
	struct handle h;
	uint8_t rnd[16];

	if (sbi_ausf_auth_info_decode(&in, req->json, &e) < 0) {
		sbi_nf_op_jerr(&a->nf, OP_AUTH, req, &e);
		return;
	}
	int ok = ausf_snn_allowed(a->cfg, &a->nf.core->plmn, in.serving_network_name);
	if (ok < 0) {
		sbi_nf_op_problem(&a->nf, OP_AUTH, req, 400, "MANDATORY_IE_INCORRECT",
				  "servingNetworkName is not a 5G serving network name");
		return;
	}
	if (ok == 0) {
		LOG_RL(LOG_NOTICE, req->ctx, "serving network %s not authorized",
		       in.serving_network_name);
		sbi_nf_op_problem(&a->nf, OP_AUTH, req, 403, "SERVING_NETWORK_NOT_AUTHORIZED",
				  "serving network not authorized");
		return;
	}
	struct ausf_ctx *c = pool_alloc(&a->ctxs, &h);
	if (!c) {
		sbi_nf_op_problem(&a->nf, OP_AUTH, req, 503, "NF_CONGESTION",
				  "too many authentications in progress");
		return;
	}
	metric_set(a->m_ctxs, a->ctxs.used);
	c->a = a;
	c->self = h;
	c->req = sbi_req_handle(req);
	c->state = AUSF_WAIT_UDM;
	c->supi_or_suci = strdup(in.supi_or_suci);
	snprintf(c->snn, sizeof(c->snn), "%s", in.serving_network_name);
	c->has_resync = in.has_resync;
	c->resync = in.resync;
	if (!c->supi_or_suci) {
		sbi_nf_op_problem(&a->nf, OP_AUTH, req, 500, "INSUFFICIENT_RESOURCES",
				  "out of memory");
		ctx_free(a, c);
		return;
	}
	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd)) {
		sbi_nf_op_problem(&a->nf, OP_AUTH, req, 500, "SYSTEM_FAILURE", "no randomness");
		ctx_free(a, c);
		return;
	}
	hex_encode(c->id, rnd, sizeof(rnd));
	if (hmap_set(&a->by_id, c->id, strlen(c->id), handle_pack(h)) < 0 ||
	    ev_timer_start(a->nf.loop, &c->timer, (uint64_t)a->cfg->ctx_ttl_ms, on_expire, c) < 0) {
		sbi_nf_op_problem(&a->nf, OP_AUTH, req, 500, "INSUFFICIENT_RESOURCES",
				  "out of memory");
		ctx_free(a, c);
		return;
	}
	if (sbi_nf_peer_roots(&a->nf, &a->udm, send_generate, a, handle_pack(h)) < 0) {
		sbi_nf_op_problem(&a->nf, OP_AUTH, req, 500, "INSUFFICIENT_RESOURCES",
				  "out of memory");
		ctx_free(a, c);
	}
}

/* ---- auth events to the UDM (TS 29.509 5.2.2.2.2 step 4, TS 29.503 6.3.3.3) ---- */

static void on_event_answer(void *arg, uint64_t cookie, const struct sbi_resp *r)
{
	if (r->err || r->status != 201)
		LOG_RL(LOG_WARN, "ausf", "UDM auth-event not stored: %s %d %s", err_str(r->err),
		       r->status, sbi_nf_resp_cause(r));
}

static void send_event_roots(void *arg, uint64_t cookie, const char *const *roots, unsigned n,
			     bool removal)
{
	struct ausf *a = arg;
	struct ausf_ctx *c = pool_get(&a->ctxs, handle_unpack(cookie));
	struct sbi_auth_event ev;
	char enc[SBI_SUPI_MAX * 3], path[sizeof(enc) + 64];

	if (!c || n == 0)
		return;
	memset(&ev, 0, sizeof(ev));
	snprintf(ev.nf_instance_id, sizeof(ev.nf_instance_id), "%s", a->nf.instance_id);
	ev.success = c->success;
	sbi_datetime_format(time(NULL), ev.time_stamp);
	snprintf(ev.auth_type, sizeof(ev.auth_type), "5G_AKA");
	snprintf(ev.serving_network_name, sizeof(ev.serving_network_name), "%s", c->snn);
	ev.auth_removal_ind = removal;
	sbi_pct_encode(enc, sizeof(enc), c->supi);
	snprintf(path, sizeof(path), UDM_UEAU_API "/%s/auth-events", enc);
	json_t *body = sbi_auth_event_encode(&ev);
	struct sbi_request rq = { .method = SBI_POST, .path = path, .json = body };
	sbi_nf_request_roots(&rq, roots, n);
	if (!body || sbi_client_send(a->nf.client, &rq, on_event_answer, a, 0) < 0)
		LOG_RL(LOG_WARN, "ausf", "cannot send an auth-event to the UDM");
	json_decref(body);
}

static void send_event(void *arg, uint64_t cookie, const char *const *roots, unsigned n)
{
	send_event_roots(arg, cookie, roots, n, false);
}

static void send_removal(void *arg, uint64_t cookie, const char *const *roots, unsigned n)
{
	send_event_roots(arg, cookie, roots, n, true);
}

/* ---- 5g-aka-confirmation ---- */

static void h_confirm(struct sbi_req *req, void *arg)
{
	struct ausf *a = arg;
	struct ausf_ctx *c = ctx_find(a, req->params[0]);
	struct sbi_confirmation_data in;
	struct sbi_confirmation_resp out;
	struct sbi_jerr e;

	if (!c || c->state != AUSF_WAIT_CONFIRM) {
		sbi_nf_op_problem(&a->nf, OP_CONFIRM, req, 404, "CONTEXT_NOT_FOUND",
				  "no authentication context waiting for confirmation");
		return;
	}
	if (sbi_confirmation_data_decode(&in, req->json, &e) < 0) {
		sbi_nf_op_jerr(&a->nf, OP_CONFIRM, req, &e);
		return;
	}
	memset(&out, 0, sizeof(out));
	/* TS 33.501 6.1.3.2 step 11: RES* against XRES*, in constant time. */
	c->success = ct_eq(in.res_star, c->xres_star, 16);
	crypto_wipe(&in, sizeof(in));
	if (c->success) {
		out.result = SBI_AUTH_SUCCESS;
		snprintf(out.supi, sizeof(out.supi), "%s", c->supi);
		out.has_kseaf = true;
		/* A.6: K_SEAF from K_AUSF and the serving network name. */
		if (kdf_kseaf(c->kausf, c->snn, strlen(c->snn), out.kseaf) < 0) {
			sbi_nf_op_problem(&a->nf, OP_CONFIRM, req, 500, "SYSTEM_FAILURE",
					  "K_SEAF failed");
			ctx_free(a, c);
			return;
		}
	} else {
		out.result = SBI_AUTH_FAILURE;
		LOG_RL(LOG_NOTICE, "ausf", "ue[%s]: RES* does not match", c->supi);
	}
	metric_inc(a->m_result[c->success ? RES_SUCCESS : RES_FAILURE]);
	json_t *j = sbi_confirmation_resp_encode(&out);
	crypto_wipe(&out, sizeof(out));
	/* Keys are spent either way: only SUPI, SNN and the result stay. */
	crypto_wipe(c->xres_star, sizeof(c->xres_star));
	crypto_wipe(c->kausf, sizeof(c->kausf));
	c->state = AUSF_CONFIRMED;
	sbi_nf_op_json(&a->nf, OP_CONFIRM, req, 200, j);
	/* TS 33.501 6.1.3.2 step 12 / TS 29.503: tell the UDM the outcome. */
	if (sbi_nf_peer_roots(&a->nf, &a->udm, send_event, a, handle_pack(c->self)) < 0)
		LOG_RL(LOG_WARN, "ausf", "cannot send an auth-event to the UDM");
}

/* TS 29.509 6.1.3.3.3.2: DELETE asks the UDM to remove the result. */
static void h_confirm_delete(struct sbi_req *req, void *arg)
{
	struct ausf *a = arg;
	struct ausf_ctx *c = ctx_find(a, req->params[0]);

	if (!c || c->state != AUSF_CONFIRMED || !c->success) {
		sbi_nf_op_problem(&a->nf, OP_DELETE, req, 404, "CONTEXT_NOT_FOUND",
				  "no successful authentication with that id");
		return;
	}
	if (sbi_nf_peer_roots(&a->nf, &a->udm, send_removal, a, handle_pack(c->self)) < 0) {
		sbi_nf_op_problem(&a->nf, OP_DELETE, req, 500, "INSUFFICIENT_RESOURCES",
				  "out of memory");
		return;
	}
	sbi_nf_op_empty(&a->nf, OP_DELETE, req, 204);
}

const struct sbi_nf_route ausf_routes[] = {
	{ SBI_POST, AUSF_API "/ue-authentications", h_authenticate },
	{ SBI_PUT, AUSF_API "/ue-authentications/{authCtxId}/5g-aka-confirmation", h_confirm },
	{ SBI_DELETE, AUSF_API "/ue-authentications/{authCtxId}/5g-aka-confirmation",
	  h_confirm_delete },
	{ 0 },
};

static void drop_ctx(void *obj, void *arg)
{
	struct ausf *a = arg;
	struct ausf_ctx *c = obj;
	ev_timer_stop(a->nf.loop, &c->timer);
	free(c->supi_or_suci);
	pool_free(&a->ctxs, c);
}

void ausf_fini_ctxs(struct ausf *a)
{
	if (a->ctxs.mem)
		pool_foreach(&a->ctxs, drop_ctx, a);
}
