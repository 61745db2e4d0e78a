/* udm-handler.c — the UDM's services: Nudm_UEAuthentication (TS 29.503 6.3),
 * Nudm_UECM (6.2) and Nudm_SDM (6.1), each request a job that asks the UDR.
 *
 * generate-auth-data, per TS 33.501 6.1.3.2 and TS 33.102 Annex C:
 *
 *   resolve SUPI (SIDF) -> wait for the SUPI's previous vector (serialised
 *   per SUPI inside this UDM) -> GET authentication-subscription
 *   -> SQN_new = next(SQN_HE, or SQN_MS after a resynchronisation)
 *   -> PATCH [test sqn = SQN_HE, replace sqn = SQN_new]
 *        204: SQN_new is durable at the UDR: build the vector, answer 200
 *        409: another UDM moved the SQN first: read again (cas_retries)
 *
 * so a vector never leaves the UDM with an SQN that is not already stored,
 * and two UDMs never issue the same SQN.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/crypto/ct.h"
#include "lib/db/db.h"
#include "lib/sbi/models/common.h"
#include "lib/sbi/models/sdm_models.h"
#include "lib/sbi/sbi_uri.h"
#include "nf/udm/udm-av.h"
#include "nf/udm/udm-ctx.h"

/* Operation labels of ngcore_udm_requests_total. */
static const char OP_GEN[] = "generate_auth_data";
static const char OP_EVENT[] = "auth_event";
static const char OP_EVENT_DEL[] = "auth_event_delete";
static const char OP_UECM_PUT[] = "amf_3gpp_access_put";
static const char OP_UECM_GET[] = "amf_3gpp_access_get";
static const char OP_AM[] = "am_data";
static const char OP_NSSAI[] = "nssai";
static const char OP_SMF_SEL[] = "smf_select_data";
static const char OP_SM[] = "sm_data";
static const char OP_SDM_SUB[] = "sdm_subscription";

/* ---- answering ---- */

/* The request a job answers, or NULL when its stream is gone. */
static struct sbi_req *job_req(struct udm *u, const struct udm_job *j)
{
	return sbi_server_find(u->nf.server, j->req);
}

/* A UDR error answer passed on: 404 from the UDR keeps its cause
 * (USER_NOT_FOUND / DATA_NOT_FOUND), no answer becomes 504. */
static void relay(struct udm *u, struct udm_job *j, const struct sbi_resp *r)
{
	struct sbi_req *req = job_req(u, j);
	if (!req)
		return;
	if (r->err)
		LOG_RL(LOG_WARN, "udm", "UDR %s did not answer: %s", r->root ? r->root : "",
		       err_str(r->err));
	sbi_nf_op_relay(&u->nf, j->op, req, r, "UDR");
}

/* ---- jobs ---- */

static void start(struct udm *u, struct udm_job *j);

static struct udm_job *job_new(struct udm *u, struct sbi_req *req, enum udm_job_kind kind,
			       const char *op)
{
	struct handle h;
	struct udm_job *j = pool_alloc(&u->jobs, &h);
	if (!j) {
		sbi_nf_op_problem(&u->nf, op, req, 503, "NF_CONGESTION",
				  "too many requests in progress");
		return NULL;
	}
	j->kind = kind;
	j->op = op;
	j->self = h;
	j->req = sbi_req_handle(req);
	metric_set(u->m_jobs, u->jobs.used);
	return j;
}

/* Ends a job: starts the next vector of its SUPI, frees (and wipes) it. */
static void job_end(struct udm *u, struct udm_job *j)
{
	if (j->holds_supi) {
		struct udm_job *n = pool_get(&u->jobs, j->next);
		size_t kl = strlen(j->supi);
		if (n) {
			n->holds_supi = true;
			n->last = handle_eq(j->last, n->self) ? HANDLE_NONE : j->last;
			hmap_set(&u->busy, j->supi, kl, handle_pack(n->self));
			start(u, n);
		} else {
			hmap_del(&u->busy, j->supi, kl);
		}
	}
	json_decref(j->body);
	pool_free(&u->jobs, j); /* wipes: the pool was set up with wipe */
	metric_set(u->m_jobs, u->jobs.used);
}

/* Runs j now, or queues it behind the vector its SUPI is already getting
 * (TS 33.102 C.3: SQNs of one subscriber are issued one after another). */
static void run_serialised(struct udm *u, struct udm_job *j)
{
	uint64_t hv;
	size_t kl = strlen(j->supi);
	struct udm_job *cur;

	if (hmap_get(&u->busy, j->supi, kl, &hv) == 0 &&
	    (cur = pool_get(&u->jobs, handle_unpack(hv)))) {
		struct udm_job *tail = pool_get(&u->jobs, cur->last);
		if (tail)
			tail->next = j->self;
		else
			cur->next = j->self;
		cur->last = j->self;
		return;
	}
	if (hmap_set(&u->busy, j->supi, kl, handle_pack(j->self)) < 0) {
		struct sbi_req *req = job_req(u, j);
		if (req)
			sbi_nf_op_problem(&u->nf, j->op, req, 500, "INSUFFICIENT_RESOURCES",
					  "out of memory");
		job_end(u, j);
		return;
	}
	j->holds_supi = true;
	start(u, j);
}

/* ---- talking to the UDR ---- */

static void on_udr(void *arg, uint64_t cookie, const struct sbi_resp *r);

static int send_udr(struct udm *u, struct udm_job *j, enum sbi_method m, const char *path,
		    json_t *body, const char *ct, const char *const *roots, unsigned n)
{
	struct sbi_request rq = { .method = m, .path = path, .json = body, .content_type = ct };
	sbi_nf_request_roots(&rq, roots, n);
	return sbi_client_send(u->nf.client, &rq, on_udr, u, handle_pack(j->self));
}

/* The first UDR request of a job, once the UDR's apiRoots are known. */
static void on_roots(void *arg, uint64_t cookie, const char *const *roots, unsigned n)
{
	struct udm *u = arg;
	struct udm_job *j = pool_get(&u->jobs, handle_unpack(cookie));
	char path[400], plmn[8];
	enum sbi_method m = SBI_GET;
	json_t *body = NULL;

	if (!j)
		return;
	if (n == 0) {
		sbi_nf_op_no_peer(&u->nf, j->op, job_req(u, j), &u->udr, "udr_uri");
		job_end(u, j);
		return;
	}
	plmn_str(&u->nf.core->plmn, plmn);
	const char *leaf = NULL;
	switch (j->kind) {
	case UDM_JOB_GEN_AUTH: leaf = "authentication-data/authentication-subscription"; break;
	case UDM_JOB_AUTH_EVENT:
		m = SBI_PUT;
		body = j->body;
		leaf = "authentication-data/authentication-status";
		break;
	case UDM_JOB_AUTH_EVENT_DEL:
		m = SBI_DELETE;
		leaf = "authentication-data/authentication-status";
		break;
	case UDM_JOB_UECM_PUT:
		m = SBI_PUT;
		body = j->body;
		leaf = "context-data/amf-3gpp-access";
		break;
	case UDM_JOB_UECM_GET: leaf = "context-data/amf-3gpp-access"; break;
	case UDM_JOB_SDM_AM:
	case UDM_JOB_SDM_NSSAI: leaf = "provisioned-data/am-data"; break;
	case UDM_JOB_SDM_SMF_SEL: leaf = "provisioned-data/smf-selection-subscription-data"; break;
	case UDM_JOB_SDM_SM: leaf = "provisioned-data/sm-data"; break;
	}
	bool per_plmn = strncmp(leaf, "provisioned-data", 16) == 0;
	/* The SUPI is checked text ("imsi-" and digits), safe in a path. */
	snprintf(path, sizeof(path), UDM_UDR_API "/subscription-data/%s%s%s/%s", j->supi,
		 per_plmn ? "/" : "", per_plmn ? (j->id[0] ? j->id : plmn) : "", leaf);
	if (send_udr(u, j, m, path, body, NULL, roots, n) < 0) {
		struct sbi_req *req = job_req(u, j);
		if (req)
			sbi_nf_op_problem(&u->nf, j->op, req, 500, "INSUFFICIENT_RESOURCES",
					  "cannot send to the UDR");
		job_end(u, j);
	}
}

static void start(struct udm *u, struct udm_job *j)
{
	/* A vector nobody waits for any more (the AUSF timed out while it was
	 * queued behind its SUPI's others) would only spend an SQN. */
	if (j->kind == UDM_JOB_GEN_AUTH && j->attempts == 0 && !job_req(u, j)) {
		job_end(u, j);
		return;
	}
	j->step = UDM_GEN_GET;
	if (sbi_nf_peer_roots(&u->nf, &u->udr, on_roots, u, handle_pack(j->self)) < 0) {
		struct sbi_req *req = job_req(u, j);
		if (req)
			sbi_nf_op_problem(&u->nf, j->op, req, 500, "INSUFFICIENT_RESOURCES",
					  "out of memory");
		job_end(u, j);
	}
}

/* ---- generate-auth-data ---- */

/* UDR answered the GET: decide the SQN and compare-and-set it. */
static void gen_got_subscription(struct udm *u, struct udm_job *j, const struct sbi_resp *r)
{
	struct sbi_auth_subscription s;
	struct sbi_jerr e;
	struct sbi_req *req = job_req(u, j);
	json_t *rj = sbi_resp_json(r);

	if (r->err || r->status != 200) {
		if (!r->err && r->status == 404 && req) {
			LOG_RL(LOG_NOTICE, "udm", "ue[%s]: not a subscriber", j->supi);
			sbi_nf_op_problem(&u->nf, j->op, req, 404, "USER_NOT_FOUND",
					  "no subscriber %s", j->supi);
		} else {
			relay(u, j, r);
		}
		job_end(u, j);
		return;
	}
	if (!rj || sbi_auth_subscription_decode(&s, rj, &e) < 0) {
		LOG_RL(LOG_WARN, "udm",
		       "ue[%s]: UDR sent an unusable AuthenticationSubscription: %s", j->supi,
		       rj ? e.reason : "not JSON");
		explicit_bzero(&s, sizeof(s));
		if (req)
			sbi_nf_op_problem(&u->nf, j->op, req, 500, "SYSTEM_FAILURE",
					  "authentication subscription unusable");
		job_end(u, j);
		return;
	}
	unsigned ind = s.ind_length >= 0 ? (unsigned)s.ind_length : (unsigned)u->cfg->ind_bits;
	uint64_t base;
	int rc = udm_opc(&s, j->opc);
	memcpy(j->k, s.k, 16);
	memcpy(j->amf, s.amf, 2);
	j->sqn_he = s.sqn;
	explicit_bzero(&s, sizeof(s));
	if (rc == 0)
		rc = udm_sqn_base(j->k, j->opc, j->has_resync ? &j->resync : NULL, j->sqn_he, ind,
				  (uint64_t)u->cfg->sqn_delta, &base);
	if (rc < 0) {
		if (req)
			sbi_nf_op_problem(&u->nf, j->op, req, 500, "SYSTEM_FAILURE",
					  "crypto failure");
		job_end(u, j);
		return;
	}
	j->resync_result = rc;
	j->sqn_new = db_sqn_next(base, ind);
	snprintf(j->root, sizeof(j->root), "%s", r->root ? r->root : "");

	char path[400];
	json_t *patch = sbi_sqn_cas_patch(j->sqn_he, j->sqn_new);
	const char *roots[1] = { j->root };
	snprintf(path, sizeof(path),
		 UDM_UDR_API
		 "/subscription-data/%s/authentication-data/authentication-subscription",
		 j->supi);
	j->step = UDM_GEN_PATCH;
	rc = patch ? send_udr(u, j, SBI_PATCH, path, patch, SBI_CT_JSON_PATCH, roots, 1) : -E_NOMEM;
	json_decref(patch);
	if (rc < 0) {
		if (req)
			sbi_nf_op_problem(&u->nf, j->op, req, 500, "INSUFFICIENT_RESOURCES",
					  "cannot send to the UDR");
		job_end(u, j);
	}
}

/* UDR answered the PATCH: on 204 the new SQN is durable; build the vector. */
static void gen_patched(struct udm *u, struct udm_job *j, const struct sbi_resp *r)
{
	struct sbi_req *req;

	if (!r->err && r->status == 409) {
		metric_inc(u->m_cas_conflicts);
		if (++j->attempts < (unsigned)u->cfg->cas_retries) {
			LOG_RL(LOG_DEBUG, "udm", "ue[%s]: SQN moved by another UDM, reading again",
			       j->supi);
			start(u, j);
			return;
		}
		if ((req = job_req(u, j)))
			sbi_nf_op_problem(&u->nf, j->op, req, 503, "NF_CONGESTION",
					  "SQN contended: %u compare-and-set attempts failed",
					  j->attempts);
		job_end(u, j);
		return;
	}
	if (r->err || r->status != 204) {
		req = job_req(u, j);
		if (!r->err && r->status == 404 && req)
			sbi_nf_op_problem(&u->nf, j->op, req, 404, "USER_NOT_FOUND",
					  "no subscriber %s", j->supi);
		else
			relay(u, j, r);
		job_end(u, j);
		return;
	}
	metric_inc(u->m_resync[j->resync_result]);
	if (j->resync_result == UDM_RESYNC_MAC_FAILURE)
		LOG_RL(LOG_NOTICE, "udm", "ue[%s]: AUTS MAC-S wrong; SQN_HE kept", j->supi);
	else if (j->resync_result != UDM_RESYNC_NONE)
		LOG_RL(LOG_INFO, "udm", "ue[%s]: resynchronisation, SQN_HE %s", j->supi,
		       j->resync_result == UDM_RESYNC_RESET ? "reset to SQN_MS" : "kept");
	if (!(req = job_req(u, j))) {
		job_end(u, j); /* the AUSF is gone: the SQN is spent, never reused */
		return;
	}
	struct sbi_udm_auth_info_result av;
	uint8_t rand[16];
	int rc = u->rand_fn						     ? u->rand_fn(rand)
		 : getrandom(rand, sizeof(rand), 0) == (ssize_t)sizeof(rand) ? 0
									     : -E_IO;
	if (rc == 0)
		rc = udm_he_av(j->k, j->opc, j->amf, j->sqn_new, j->snn, rand, j->supi, &av);
	if (rc < 0) {
		sbi_nf_op_problem(&u->nf, j->op, req, 500, "SYSTEM_FAILURE",
				  "cannot generate a vector");
	} else {
		/* TS 29.503 6.3.6.2.3: supi present when the request named a SUCI;
		 * always given here (the AUSF needs it either way). */
		sbi_nf_op_json(&u->nf, j->op, req, 200, sbi_udm_auth_info_result_encode(&av));
	}
	crypto_wipe(&av, sizeof(av));
	crypto_wipe(rand, sizeof(rand));
	job_end(u, j);
}

static void h_generate(struct sbi_req *req, void *arg)
{
	struct udm *u = arg;
	struct sbi_udm_auth_info_req in;
	struct sbi_jerr e;
	struct udm_id_err ie;
	struct plmn p;
	char supi[64];
	bool was_suci;

	if (sbi_udm_auth_info_req_decode(&in, req->json, &e) < 0) {
		sbi_nf_op_jerr(&u->nf, OP_GEN, req, &e);
		return;
	}
	if (sbi_serving_network_name_parse(in.serving_network_name, &p) < 0) {
		sbi_nf_op_problem(&u->nf, OP_GEN, req, 400, "MANDATORY_IE_INCORRECT",
				  "servingNetworkName is not a 5G serving network name");
		return;
	}
	/* SIDF (TS 33.501 6.12.2): de-conceal the SUCI. */
	if (udm_resolve_supi(u->keys, req->params[0], supi, sizeof(supi), &was_suci, &ie) < 0) {
		LOG_RL(LOG_NOTICE, req->ctx, "generate-auth-data: %s", ie.detail);
		sbi_nf_op_problem(&u->nf, OP_GEN, req, ie.status, ie.cause, "%s", ie.detail);
		return;
	}
	if (was_suci)
		metric_inc(u->m_suci);
	struct udm_job *j = job_new(u, req, UDM_JOB_GEN_AUTH, OP_GEN);
	if (!j)
		return;
	snprintf(j->supi, sizeof(j->supi), "%s", supi);
	snprintf(j->snn, sizeof(j->snn), "%s", in.serving_network_name);
	j->was_suci = was_suci;
	j->has_resync = in.has_resync;
	j->resync = in.resync;
	run_serialised(u, j);
}

/* A SUPI path parameter ("imsi-..." only: auth-events, UECM and SDM take no
 * SUCI); a SUCI is refused with why. 0, or -1 when answered. */
static int take_supi(struct udm *u, const char *op, struct sbi_req *req, char supi[64],
		     const char *why)
{
	struct udm_id_err ie;
	bool was_suci;
	if (udm_resolve_supi(NULL, req->params[0], supi, 64, &was_suci, &ie) < 0 || was_suci) {
		sbi_nf_op_problem(&u->nf, op, req, was_suci ? 400 : ie.status,
				  was_suci ? "MANDATORY_IE_INCORRECT" : ie.cause, "%s",
				  was_suci ? why : ie.detail);
		return -1;
	}
	return 0;
}

/* ---- auth-events (TS 29.503 6.3.3.3), kept at the UDR's authentication-status ---- */

static void h_auth_event(struct sbi_req *req, void *arg)
{
	struct udm *u = arg;
	struct sbi_auth_event ev;
	struct sbi_jerr e;
	char supi[64];

	if (sbi_auth_event_decode(&ev, req->json, &e) < 0) {
		sbi_nf_op_jerr(&u->nf, OP_EVENT, req, &e);
		return;
	}
	if (take_supi(u, OP_EVENT, req, supi, "auth-events takes a SUPI") < 0)
		return;
	struct udm_job *j = job_new(u, req, UDM_JOB_AUTH_EVENT, OP_EVENT);
	if (!j)
		return;
	snprintf(j->supi, sizeof(j->supi), "%s", supi);
	j->body = json_incref(req->json);
	snprintf(j->id, sizeof(j->id), "%" PRIx64, ++u->next_event_id);
	start(u, j);
}

static void h_auth_event_del(struct sbi_req *req, void *arg)
{
	struct udm *u = arg;
	char supi[64];

	if (take_supi(u, OP_EVENT_DEL, req, supi, "auth-events takes a SUPI") < 0)
		return;
	struct udm_job *j = job_new(u, req, UDM_JOB_AUTH_EVENT_DEL, OP_EVENT_DEL);
	if (!j)
		return;
	snprintf(j->supi, sizeof(j->supi), "%s", supi);
	start(u, j);
}

/* ---- UECM and SDM: one UDR request each ---- */

static void forward(struct udm *u, struct sbi_req *req, enum udm_job_kind kind, const char *op)
{
	char supi[64];
	if (take_supi(u, op, req, supi, "a SUPI is needed here") < 0)
		return;
	struct udm_job *j = job_new(u, req, kind, op);
	if (!j)
		return;
	snprintf(j->supi, sizeof(j->supi), "%s", supi);
	if (req->json)
		j->body = json_incref(req->json);
	/* plmn-id query (TS 29.503 6.1.3.x): the serving PLMN, JSON PlmnId. */
	char q[128];
	if (kind >= UDM_JOB_SDM_AM && sbi_query_get(req->query, "plmn-id", q, sizeof(q)) == 0) {
		struct plmn p;
		struct sbi_jerr e;
		json_t *pj = sbi_json_parse(q, strlen(q), &e);
		int rc = pj ? sbi_plmn_decode(&p, pj, "", &e) : -E_INVAL;
		json_decref(pj);
		if (rc < 0) {
			sbi_nf_op_problem(&u->nf, op, req, 400, "INVALID_QUERY_PARAM",
					  "plmn-id is not a PlmnId");
			job_end(u, j);
			return;
		}
		plmn_str(&p, j->id);
	}
	start(u, j);
}

static void h_uecm_put(struct sbi_req *req, void *arg)
{
	struct udm *u = arg;
	struct sbi_amf_reg r;
	struct sbi_jerr e;
	if (sbi_amf_reg_decode(&r, req->json, &e) < 0) {
		sbi_nf_op_jerr(&u->nf, OP_UECM_PUT, req, &e);
		return;
	}
	forward(u, req, UDM_JOB_UECM_PUT, OP_UECM_PUT);
}

static void h_uecm_get(struct sbi_req *req, void *arg)
{
	forward(arg, req, UDM_JOB_UECM_GET, OP_UECM_GET);
}

static void h_am(struct sbi_req *req, void *arg)
{
	forward(arg, req, UDM_JOB_SDM_AM, OP_AM);
}

static void h_nssai(struct sbi_req *req, void *arg)
{
	forward(arg, req, UDM_JOB_SDM_NSSAI, OP_NSSAI);
}

static void h_smf_sel(struct sbi_req *req, void *arg)
{
	forward(arg, req, UDM_JOB_SDM_SMF_SEL, OP_SMF_SEL);
}

static void h_sm(struct sbi_req *req, void *arg)
{
	forward(arg, req, UDM_JOB_SDM_SM, OP_SM);
}

/* SDM subscriptions (TS 29.503 6.1.3.5): accepted so that an AMF's
 * subscription succeeds; subscription data changes through the management
 * API only, and no notifications are sent (README.md). */
static void h_sdm_subscribe(struct sbi_req *req, void *arg)
{
	struct udm *u = arg;
	char supi[64], root[128], loc[400], id[37];
	json_t *cb = json_object_get(req->json, "callbackReference");
	json_t *nf = json_object_get(req->json, "nfInstanceId");
	json_t *mr = json_object_get(req->json, "monitoredResourceUris");

	if (take_supi(u, OP_SDM_SUB, req, supi, "a SUPI is needed here") < 0)
		return;
	if (!json_is_string(cb) || !json_is_string(nf) || !json_is_array(mr)) {
		sbi_nf_op_problem(
			&u->nf, OP_SDM_SUB, req, 400, "MANDATORY_IE_MISSING",
			"nfInstanceId, callbackReference and monitoredResourceUris are mandatory");
		return;
	}
	if (sbi_uuid_v4(id) < 0) {
		sbi_nf_op_problem(&u->nf, OP_SDM_SUB, req, 500, "SYSTEM_FAILURE", "no randomness");
		return;
	}
	sbi_nf_api_root(&u->nf, root, sizeof(root));
	snprintf(loc, sizeof(loc), "%s" UDM_SDM_API "/%s/sdm-subscriptions/%s", root, supi, id);
	json_t *j = json_deep_copy(req->json);
	if (j)
		json_object_set_new(j, "subscriptionId", json_string(id));
	sbi_respond_header(req, "location", loc);
	sbi_nf_op_json(&u->nf, OP_SDM_SUB, req, 201, j);
}

static void h_sdm_unsubscribe(struct sbi_req *req, void *arg)
{
	struct udm *u = arg;
	sbi_nf_op_empty(&u->nf, OP_SDM_SUB, req, 204);
}

/* The UDR's answer for a forwarding job, shaped for our client. */
static void forwarded(struct udm *u, struct udm_job *j, const struct sbi_resp *r)
{
	struct sbi_req *req = job_req(u, j);
	json_t *rj = sbi_resp_json(r);
	char root[128], loc[400];

	if (!req)
		return;
	if (r->err || r->status >= 300) {
		relay(u, j, r);
		return;
	}
	sbi_nf_api_root(&u->nf, root, sizeof(root));
	switch (j->kind) {
	case UDM_JOB_AUTH_EVENT:
		/* TS 29.503 6.3.3.3.3.1: 201 with the AuthEvent and its URI. */
		snprintf(loc, sizeof(loc), "%s" UDM_UEAU_API "/%s/auth-events/%s", root, j->supi,
			 j->id);
		sbi_respond_header(req, "location", loc);
		sbi_nf_op_json(&u->nf, j->op, req, 201, json_incref(j->body));
		return;
	case UDM_JOB_AUTH_EVENT_DEL: sbi_nf_op_empty(&u->nf, j->op, req, 204); return;
	case UDM_JOB_UECM_PUT:
		/* TS 29.503 6.2.3.2.3.1: 201 + Location for a new registration, 200
		 * with the registration when it replaced one. */
		if (r->status == 201) {
			snprintf(loc, sizeof(loc),
				 "%s" UDM_UECM_API "/%s/registrations/amf-3gpp-access", root,
				 j->supi);
			sbi_respond_header(req, "location", loc);
		}
		sbi_nf_op_json(&u->nf, j->op, req, r->status == 201 ? 201 : 200,
			       json_incref(j->body));
		return;
	case UDM_JOB_SDM_NSSAI: {
		json_t *n = json_object_get(rj, "nssai");
		if (!json_is_object(n)) {
			sbi_nf_op_problem(&u->nf, j->op, req, 404, "DATA_NOT_FOUND",
					  "no subscribed NSSAI");
			return;
		}
		sbi_nf_op_json(&u->nf, j->op, req, 200, json_incref(n));
		return;
	}
	default:
		if (!rj) {
			sbi_nf_op_problem(&u->nf, j->op, req, 500, "SYSTEM_FAILURE",
					  "UDR answer is not JSON");
			return;
		}
		sbi_nf_op_json(&u->nf, j->op, req, 200, json_incref(rj));
		return;
	}
}

static void on_udr(void *arg, uint64_t cookie, const struct sbi_resp *r)
{
	struct udm *u = arg;
	struct udm_job *j = pool_get(&u->jobs, handle_unpack(cookie));
	if (!j)
		return;
	if (j->kind != UDM_JOB_GEN_AUTH) {
		forwarded(u, j, r);
		job_end(u, j);
	} else if (j->step == UDM_GEN_GET) {
		gen_got_subscription(u, j, r);
	} else {
		gen_patched(u, j, r);
	}
}

/* ---- routes ---- */

const struct sbi_nf_route udm_routes[] = {
	{ SBI_POST, UDM_UEAU_API "/{supiOrSuci}/security-information/generate-auth-data",
	  h_generate },
	{ SBI_POST, UDM_UEAU_API "/{supi}/auth-events", h_auth_event },
	{ SBI_DELETE, UDM_UEAU_API "/{supi}/auth-events/{authEventId}", h_auth_event_del },
	{ SBI_PUT, UDM_UECM_API "/{ueId}/registrations/amf-3gpp-access", h_uecm_put },
	{ SBI_GET, UDM_UECM_API "/{ueId}/registrations/amf-3gpp-access", h_uecm_get },
	{ SBI_GET, UDM_SDM_API "/{supi}/am-data", h_am },
	{ SBI_GET, UDM_SDM_API "/{supi}/nssai", h_nssai },
	{ SBI_GET, UDM_SDM_API "/{supi}/smf-select-data", h_smf_sel },
	{ SBI_GET, UDM_SDM_API "/{supi}/sm-data", h_sm },
	{ SBI_POST, UDM_SDM_API "/{ueId}/sdm-subscriptions", h_sdm_subscribe },
	{ SBI_DELETE, UDM_SDM_API "/{ueId}/sdm-subscriptions/{subscriptionId}", h_sdm_unsubscribe },
	{ 0 },
};

static void drop_job(void *obj, void *arg)
{
	struct udm *u = arg;
	struct udm_job *j = obj;
	json_decref(j->body);
	pool_free(&u->jobs, j);
}

void udm_fini_jobs(struct udm *u)
{
	if (u->jobs.mem)
		pool_foreach(&u->jobs, drop_job, u);
}
