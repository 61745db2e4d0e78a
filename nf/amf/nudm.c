/* nudm.c — the AMF as a client of Nudm_UECM and Nudm_SDM (TS 29.503), and
 * the callback the UDM uses to de-register a UE from this AMF:
 *
 *   PUT {udm}/nudm-uecm/v1/{supi}/registrations/amf-3gpp-access   Amf3GppAccessRegistration
 *   GET {udm}/nudm-sdm/v2/{supi}/am-data?plmn-id=...               AccessAndMobilitySubscriptionData
 *   GET {udm}/nudm-sdm/v2/{supi}/nssai?plmn-id=...                 Nssai (only if am-data had none)
 *   POST {amf}/namf-callback/v1/{supi}/dereg-notify  <- UDM       DeregistrationData
 *
 * The UECM registration and the am-data fetch run in parallel (TS 23.502
 * 4.2.2.2.2 step 14); the UE's GMM machine hears once, when all are done.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/sbi/models/sdm_models.h"
#include "lib/sbi/sbi_uri.h"
#include "nf/amf/sbi-path.h"

/* Subscribed S-NSSAIs: the defaults first (flagged), then the others. */
static void take_nssai(struct amf_ue *ue, const struct sbi_nssai *n)
{
	ue->n_subscribed = 0;
	ue->subscribed_default = 0;
	for (unsigned i = 0; i < n->n_dflt && ue->n_subscribed < AMF_MAX_SLICES; i++) {
		ue->subscribed_default |= (uint8_t)(1u << ue->n_subscribed);
		ue->subscribed[ue->n_subscribed++] = n->dflt[i];
	}
	for (unsigned i = 0; i < n->n_single && ue->n_subscribed < AMF_MAX_SLICES; i++) {
		bool dup = false;
		for (unsigned j = 0; j < ue->n_subscribed; j++)
			dup |= s_nssai_eq(&ue->subscribed[j], &n->single[i]);
		if (!dup)
			ue->subscribed[ue->n_subscribed++] = n->single[i];
	}
}

static void udm_step_done(struct amf *amf, struct amf_ue *ue, int cause);

static void plmn_query(struct amf *amf, char *out, size_t cap)
{
	char p[8], enc[96], js[48];
	plmn_str(&amf->guami.plmn, p);
	snprintf(js, sizeof(js), "{\"mcc\":\"%.3s\",\"mnc\":\"%s\"}", p, p + 3);
	sbi_pct_encode(enc, sizeof(enc), js);
	snprintf(out, cap, "plmn-id=%s", enc);
}

static void on_nssai(void *arg, uint64_t cookie, const struct sbi_resp *r)
{
	struct amf *amf = arg;
	struct amf_ue *ue = amf_ue_by_txn(amf, cookie);
	if (!ue)
		return;
	struct sbi_nssai n;
	struct sbi_jerr e;
	if (r->err || r->status != 200) {
		/* No slice data: the AMF's own slices apply (gmm-sm.c compute_nssai). */
		udm_step_done(amf, ue, r->status == 404 ? 0 : amf_sbi_status_cause(amf, r));
		return;
	}
	if (sbi_nssai_decode(&n, sbi_resp_json(r), "", &e) == 0)
		take_nssai(ue, &n);
	else
		LOG_RL(LOG_NOTICE, ue->ctx, "UDM nssai unusable: %s %s", e.param, e.reason);
	udm_step_done(amf, ue, 0);
}

static void on_am_data(void *arg, uint64_t cookie, const struct sbi_resp *r)
{
	struct amf *amf = arg;
	struct amf_ue *ue = amf_ue_by_txn(amf, cookie);
	if (!ue)
		return;
	if (r->err || r->status != 200) {
		LOG_RL(LOG_NOTICE, ue->ctx, "UDM am-data: %s%d", r->err ? "no answer: " : "status ",
		       r->err ? r->err : r->status);
		udm_step_done(amf, ue, amf_sbi_status_cause(amf, r));
		return;
	}
	struct sbi_am_data am;
	struct sbi_jerr e;
	if (sbi_am_data_decode(&am, sbi_resp_json(r), &e) < 0) {
		LOG_RL(LOG_NOTICE, ue->ctx, "UDM am-data unusable: %s %s", e.param, e.reason);
		udm_step_done(amf, ue, 17);
		return;
	}
	ue->ambr_ul = am.has_ambr ? am.ambr.ul : 0;
	ue->ambr_dl = am.has_ambr ? am.ambr.dl : 0;
	if (ue->ambr_ul > 4000000000000ull) /* NGAP BitRate bound (TS 38.413 9.3.1.4) */
		ue->ambr_ul = 4000000000000ull;
	if (ue->ambr_dl > 4000000000000ull)
		ue->ambr_dl = 4000000000000ull;
	if (am.has_nssai) {
		take_nssai(ue, &am.nssai);
	} else {
		/* Not in am-data: ask for it on its own (TS 29.503 5.2.2.2.2). */
		char path[256], q[128];
		plmn_query(amf, q, sizeof(q));
		snprintf(path, sizeof(path), "/nudm-sdm/v2/%s/nssai?%s", ue->supi, q);
		ue->udm_pending++;
		if (amf_sbi_send(amf, SBI_NF_UDM, "nudm-sdm", amf->cfg->udm_uri, SBI_GET, path,
				 NULL, on_nssai, cookie) < 0)
			ue->udm_pending--;
	}
	udm_step_done(amf, ue, 0);
}

static void on_uecm(void *arg, uint64_t cookie, const struct sbi_resp *r)
{
	struct amf *amf = arg;
	struct amf_ue *ue = amf_ue_by_txn(amf, cookie);
	if (!ue)
		return;
	if (r->err || (r->status != 201 && r->status != 200 && r->status != 204)) {
		LOG_RL(LOG_NOTICE, ue->ctx, "UDM UECM registration: %s%d",
		       r->err ? "no answer: " : "status ", r->err ? r->err : r->status);
		udm_step_done(amf, ue, amf_sbi_status_cause(amf, r));
		return;
	}
	ue->uecm_registered = true;
	udm_step_done(amf, ue, 0);
}

static void udm_step_done(struct amf *amf, struct amf_ue *ue, int cause)
{
	if (cause && !ue->udm_cause)
		ue->udm_cause = (uint8_t)(cause < 0 ? 7 : cause);
	if (ue->udm_pending)
		ue->udm_pending--;
	if (ue->udm_pending)
		return;
	struct amf_udm_result res = { ue->udm_cause };
	ue->txn = 0;
	fsm_dispatch(&ue->gmm, GMM_EV_UDM_DONE, &res);
}

int amf_udm_register(struct amf *amf, struct amf_ue *ue)
{
	char path[256], q[128];
	uint64_t cookie = amf_ue_txn(amf, ue);
	int rc;

	if (!ue->supi[0])
		return -E_STATE;
	ue->udm_pending = 2;
	ue->udm_cause = 0;

	/* TS 29.503 6.2.6.2.2 Amf3GppAccessRegistration. */
	struct sbi_amf_reg reg;
	memset(&reg, 0, sizeof(reg));
	snprintf(reg.amf_instance_id, sizeof(reg.amf_instance_id), "%s", amf->nf.instance_id);
	snprintf(reg.dereg_callback_uri, sizeof(reg.dereg_callback_uri),
		 "%s/namf-callback/v1/%s/dereg-notify", amf->self_root, ue->supi);
	reg.guami = amf->guami;
	snprintf(reg.rat_type, sizeof(reg.rat_type), "NR");
	reg.initial_registration_ind = ue->reg_type == NAS_REG_INITIAL;
	snprintf(reg.pei, sizeof(reg.pei), "%s", ue->pei);
	json_t *b = sbi_amf_reg_encode(&reg);
	if (!b)
		return -E_NOMEM;
	snprintf(path, sizeof(path), "/nudm-uecm/v1/%s/registrations/amf-3gpp-access", ue->supi);
	rc = amf_sbi_send(amf, SBI_NF_UDM, "nudm-uecm", amf->cfg->udm_uri, SBI_PUT, path, b,
			  on_uecm, cookie);
	if (rc < 0)
		return rc;

	plmn_query(amf, q, sizeof(q));
	snprintf(path, sizeof(path), "/nudm-sdm/v2/%s/am-data?%s", ue->supi, q);
	rc = amf_sbi_send(amf, SBI_NF_UDM, "nudm-sdm", amf->cfg->udm_uri, SBI_GET, path, NULL,
			  on_am_data, cookie);
	if (rc < 0)
		ue->udm_pending--; /* the UECM answer ends it, with #17 */
	if (rc < 0 && !ue->udm_cause)
		ue->udm_cause = 17;
	return 0;
}

/* ---- Nudm_UECM_DeregistrationNotification (TS 29.503 5.3.2.5.2) ---- */

static void on_dereg_notify(struct sbi_req *req, void *arg)
{
	struct amf *amf = arg;
	const char *supi = req->nparams ? req->params[0] : "";
	const char *reason = json_string_value(json_object_get(req->json, "deregReason"));

	if (!reason) {
		sbi_nf_count(&amf->nf, "dereg-notify", 400);
		sbi_respond_problem(req, 400, SBI_CAUSE_MANDATORY_IE_MISSING, "/deregReason",
				    "deregReason is mandatory");
		return;
	}
	struct amf_ue *ue = amf_ue_by_supi(amf, supi);
	if (!ue) {
		sbi_nf_count(&amf->nf, "dereg-notify", 404);
		sbi_respond_problem(req, 404, SBI_CAUSE_RESOURCE_CONTEXT_NOT_FOUND, NULL,
				    "no UE context for %s", supi);
		return;
	}
	sbi_nf_count(&amf->nf, "dereg-notify", 204);
	sbi_respond(req, 204, NULL, NULL, 0);
	LOG_RL(LOG_INFO, ue->ctx, "UDM de-registration notification: %s", reason);
	if (strcmp(reason, "UE_INITIAL_REGISTRATION") == 0 ||
	    strcmp(reason, "UE_REGISTRATION_AREA_CHANGE") == 0) {
		/* The UE registered elsewhere (TS 23.502 4.2.2.2.2 step 14d): drop it
		 * here without a NAS message, unless it is registering with us now. */
		if (ue->gmm.state == GMM_REGISTERED) {
			struct amf_nw_dereg d = { false, 0 };
			if (!ue->connected)
				fsm_dispatch(&ue->gmm, GMM_EV_NW_DEREG, &d);
		}
		return;
	}
	amf_gmm_nw_dereg(amf, ue, strcmp(reason, "REREGISTRATION_REQUIRED") == 0);
}

int amf_udm_routes(struct amf *amf)
{
	return sbi_server_route(amf->nf.server, SBI_POST, "/namf-callback/v1/{supi}/dereg-notify",
				on_dereg_notify, amf, 0);
}
