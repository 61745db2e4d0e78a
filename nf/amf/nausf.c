/* nausf.c — the AMF (SEAF) as a client of Nausf_UEAuthentication
 * (TS 29.509 5.2.2.2.2, 5G AKA; TS 33.501 6.1.3.2):
 *
 *   POST {ausf}/nausf-auth/v1/ue-authentications          AuthenticationInfo
 *        <- 201 UEAuthenticationCtx {authType 5G_AKA, 5gAuthData {rand, autn, hxresStar},
 *                                    _links {"5g-aka": {href}}}
 *   PUT  {href}  (.../{authCtxId}/5g-aka-confirmation)    ConfirmationData {resStar}
 *        <- 200 ConfirmationDataResponse {authResult, supi, kseaf}
 *
 * Resynchronisation (TS 33.501 6.1.3.3.2): a new POST with
 * resynchronizationInfo {rand, auts}.
 */
#include <string.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/crypto/ct.h"
#include "lib/sbi/models/aka_models.h"
#include "nf/amf/sbi-path.h"

/* 5GMM cause for an AUSF/UDM error answer (TS 29.509 6.1.7.3, TS 29.503
 * 6.3.7.3): an unknown subscriber gets the configured cause. */
int amf_sbi_status_cause(struct amf *amf, const struct sbi_resp *r)
{
	if (r->err)
		return 17; /* #17 network failure: nobody answered */
	const char *cause = sbi_nf_resp_cause(r);
	switch (r->status) {
	case 404:
		if (!cause[0] || strcmp(cause, "USER_NOT_FOUND") == 0 ||
		    strcmp(cause, "CONTEXT_NOT_FOUND") == 0 || strcmp(cause, "DATA_NOT_FOUND") == 0)
			return (int)amf->cfg->unknown_subscriber_cause;
		return 17;
	case 403:
		if (strcmp(cause, "SERVING_NETWORK_NOT_AUTHORIZED") == 0)
			return 73; /* #73 serving network not authorized */
		if (strcmp(cause, "AUTHENTICATION_REJECTED") == 0)
			return AMF_RC_AUTH_REJECT;
		return 7; /* #7 5GS services not allowed */
	case 501: return 9; /* protection scheme not supported: identity cannot be derived */
	default: return 17;
	}
}

static void on_authenticate(void *arg, uint64_t cookie, const struct sbi_resp *r)
{
	struct amf *amf = arg;
	struct amf_ue *ue = amf_ue_by_txn(amf, cookie);
	struct amf_ausf_av av;
	struct sbi_ue_auth_ctx ctx;
	struct sbi_jerr e;

	if (!ue)
		return; /* the UE moved on or is gone: answer dropped by design */
	memset(&av, 0, sizeof(av));
	memset(&e, 0, sizeof(e));
	if (r->err || r->status != 201) {
		av.rc = amf_sbi_status_cause(amf, r);
		LOG_RL(LOG_NOTICE, ue->ctx, "AUSF authentication: %s%d %s",
		       r->err ? "no answer: " : "status ", r->err ? r->err : r->status,
		       sbi_nf_resp_cause(r));
		goto out;
	}
	const json_t *j = sbi_resp_json(r);
	const char *type = json_string_value(json_object_get(j, "authType"));
	if (!type || strcmp(type, "5G_AKA") != 0 || sbi_ue_auth_ctx_decode(&ctx, j, &e) < 0) {
		/* EAP-AKA' is not offered by this AMF (TS 33.501 6.1.3.1). */
		LOG_RL(LOG_WARN, ue->ctx, "AUSF answer unusable (authType %s%s%s): rejecting",
		       type ? type : "missing", e.param[0] ? ", " : "", e.param);
		av.rc = 17;
		goto out;
	}
	memcpy(av.rand, ctx.rand, 16);
	memcpy(av.autn, ctx.autn, 16);
	memcpy(av.hxres_star, ctx.hxres_star, 16);
	if (ctx.confirm_href[0] == '/') /* relative reference: against the apiRoot that answered */
		snprintf(av.confirm_uri, sizeof(av.confirm_uri), "%s%s", r->root ? r->root : "",
			 ctx.confirm_href);
	else
		snprintf(av.confirm_uri, sizeof(av.confirm_uri), "%s", ctx.confirm_href);
out:
	ue->txn = 0;
	fsm_dispatch(&ue->gmm, GMM_EV_AUSF_AV, &av);
}

int amf_ausf_authenticate(struct amf *amf, struct amf_ue *ue, const uint8_t *auts)
{
	struct sbi_ausf_auth_info info;

	memset(&info, 0, sizeof(info));
	snprintf(info.supi_or_suci, sizeof(info.supi_or_suci), "%s",
		 ue->suci[0] ? ue->suci : ue->supi);
	snprintf(info.serving_network_name, sizeof(info.serving_network_name), "%s", amf->snn);
	if (auts) {
		/* TS 33.501 6.1.3.3.2: RAND of the failed challenge and the AUTS. */
		info.has_resync = true;
		memcpy(info.resync.rand, ue->rand, 16);
		memcpy(info.resync.auts, auts, 14);
	}
	json_t *b = sbi_ausf_auth_info_encode(&info);
	if (!b)
		return -E_NOMEM;
	return amf_sbi_send(amf, SBI_NF_AUSF, "nausf-auth", amf->cfg->ausf_uri, SBI_POST,
			    "/nausf-auth/v1/ue-authentications", b, on_authenticate,
			    amf_ue_txn(amf, ue));
}

static void on_confirm(void *arg, uint64_t cookie, const struct sbi_resp *r)
{
	struct amf *amf = arg;
	struct amf_ue *ue = cookie ? amf_ue_by_txn(amf, cookie) : NULL;
	struct amf_ausf_confirm c;
	struct sbi_confirmation_resp cr;
	struct sbi_jerr e;

	if (!ue)
		return;
	memset(&c, 0, sizeof(c));
	memset(&cr, 0, sizeof(cr));
	if (r->err || r->status != 200) {
		c.rc = amf_sbi_status_cause(amf, r);
		if (!r->err && r->status >= 400 && r->status < 500)
			c.rc = AMF_RC_AUTH_REJECT; /* the AUSF refused the RES* */
		LOG_RL(LOG_NOTICE, ue->ctx, "AUSF confirmation: %s%d %s",
		       r->err ? "no answer: " : "status ", r->err ? r->err : r->status,
		       sbi_nf_resp_cause(r));
		goto out;
	}
	if (sbi_confirmation_resp_decode(&cr, sbi_resp_json(r), &e) < 0) {
		LOG_RL(LOG_WARN, ue->ctx, "AUSF confirmation unusable: %s %s", e.param, e.reason);
		c.rc = 17;
		goto out;
	}
	c.success = cr.result == SBI_AUTH_SUCCESS;
	if (c.success && (!cr.has_kseaf || !cr.supi[0] || strlen(cr.supi) >= sizeof(c.supi))) {
		LOG_RL(LOG_WARN, ue->ctx, "AUSF confirmation without a usable supi/kseaf");
		c.rc = 17;
		goto out;
	}
	snprintf(c.supi, sizeof(c.supi), "%s", cr.supi);
	memcpy(c.kseaf, cr.kseaf, sizeof(c.kseaf));
out:
	crypto_wipe(&cr, sizeof(cr));
	ue->txn = 0;
	fsm_dispatch(&ue->gmm, GMM_EV_AUSF_CONFIRM, &c);
	crypto_wipe(c.kseaf, sizeof(c.kseaf));
}

static void on_confirm_quiet(void *arg, uint64_t cookie, const struct sbi_resp *r)
{
}

int amf_ausf_confirm(struct amf *amf, struct amf_ue *ue, const uint8_t res_star[16], bool quiet)
{
	struct sbi_confirmation_data cd;

	if (!ue->confirm_uri[0])
		return -E_STATE;
	memcpy(cd.res_star, res_star, 16);
	json_t *b = sbi_confirmation_data_encode(&cd);
	if (!b)
		return -E_NOMEM;
	/* The href is an absolute URI (TS 29.509 6.1.3.2.3.1). */
	struct sbi_request rq;
	memset(&rq, 0, sizeof(rq));
	rq.method = SBI_PUT;
	rq.uri = ue->confirm_uri;
	rq.json = b;
	int rc = quiet ? sbi_client_send(amf->nf.client, &rq, on_confirm_quiet, amf, 0)
		       : sbi_client_send(amf->nf.client, &rq, on_confirm, amf, amf_ue_txn(amf, ue));
	json_decref(b);
	return rc;
}
