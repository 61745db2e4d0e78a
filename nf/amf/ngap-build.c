/* ngap-build.c — the NGAP messages the AMF sends (TS 38.413 9.2), built on
 * the stack from the AMF's and the UE's state and handed to ngap-path.c. */
#include <string.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/crypto/ct.h"
#include "lib/crypto/kdf.h"
#include "nf/amf/ctx.h"

struct ngap_Cause amf_cause(enum ngap_Cause_pr kind, int value)
{
	struct ngap_Cause c;
	memset(&c, 0, sizeof(c));
	c.present = kind;
	switch (kind) {
	case NGAP_Cause_PR_radioNetwork: c.u.radioNetwork = value; break;
	case NGAP_Cause_PR_transport: c.u.transport = value; break;
	case NGAP_Cause_PR_nas: c.u.nas = value; break;
	case NGAP_Cause_PR_protocol: c.u.protocol = value; break;
	case NGAP_Cause_PR_misc: c.u.misc = value; break;
	default:
		c.present = NGAP_Cause_PR_misc;
		c.u.misc = NGAP_CauseMisc_unspecified;
		break;
	}
	return c;
}

void amf_ngap_diag(struct ngap_CriticalityDiagnostics *cd,
		   struct ngap_CriticalityDiagnostics_IE_List *l,
		   struct ngap_CriticalityDiagnostics_IE_Item *items, size_t cap, uint32_t *proc,
		   enum ngap_TriggeringMessage *trig, enum ngap_Criticality *crit,
		   const struct ngap_err *err)
{
	memset(cd, 0, sizeof(*cd));
	/* TS 38.413 9.3.1.3: what was received, as far as it was understood. */
	if (err->proc >= 0) {
		*proc = (uint32_t)err->proc;
		cd->procedureCode = proc;
	}
	if (err->dir >= 1 && err->dir <= 3) {
		*trig = (enum ngap_TriggeringMessage)(err->dir - 1);
		cd->triggeringMessage = trig;
		*crit = err->crit <= 2 ? (enum ngap_Criticality)err->crit : NGAP_Criticality_reject;
		cd->procedureCriticality = crit;
	}
	size_t n = 0;
	for (size_t i = 0; i < err->n_diag && n < cap; i++) {
		items[n].iECriticality = err->diag[i].crit <= 2
						 ? (enum ngap_Criticality)err->diag[i].crit
						 : NGAP_Criticality_reject;
		items[n].iE_ID = err->diag[i].id;
		items[n].typeOfError = err->diag[i].missing ? NGAP_TypeOfError_missing
							    : NGAP_TypeOfError_not_understood;
		n++;
	}
	if (n) {
		l->n = (uint32_t)n;
		l->v = items;
		cd->iEsCriticalityDiagnostics = l;
	}
}

/* Slice support list of the AMF (for NG SETUP RESPONSE). */
static void slice_list(const struct amf *amf, struct ngap_SliceSupportList *l,
		       struct ngap_SliceSupportItem *items, struct ngap_SD *sds)
{
	for (unsigned i = 0; i < amf->n_slices; i++)
		ngap_snssai_set(&items[i].s_NSSAI, &sds[i], &amf->slices[i]);
	l->n = amf->n_slices;
	l->v = items;
}

int amf_ngap_send_setup_response(struct amf *amf, struct amf_gnb *gnb)
{
	struct ngap_pdu pdu;
	struct ngap_ServedGUAMIItem guami;
	struct ngap_PLMNSupportItem plmns[AMF_MAX_TAIS];
	struct ngap_SliceSupportItem slices[AMF_MAX_SLICES];
	struct ngap_SD sds[AMF_MAX_SLICES];
	struct plmn seen[AMF_MAX_TAIS];
	unsigned n_plmn = 0;

	memset(&pdu, 0, sizeof(pdu));
	memset(&guami, 0, sizeof(guami));
	memset(plmns, 0, sizeof(plmns));
	pdu.msg = NGAP_MSG_NGSetupResponse;
	struct ngap_NGSetupResponse *m = &pdu.u.NGSetupResponse;
	m->AMFName =
		(struct ngap_octets){ (const uint8_t *)amf->cfg->name, strlen(amf->cfg->name) };
	ngap_guami_set(&guami.gUAMI, &amf->guami);
	m->ServedGUAMIList = (struct ngap_ServedGUAMIList){ 1, &guami };
	m->RelativeAMFCapacity = (uint32_t)amf->cfg->relative_capacity;
	slice_list(amf, &plmns[0].sliceSupportList, slices, sds);
	/* One PLMN Support Item per PLMN served (GUAMI's, then the TAIs'). */
	seen[n_plmn++] = amf->guami.plmn;
	for (unsigned i = 0; i < amf->n_tais; i++) {
		unsigned k;
		for (k = 0; k < n_plmn; k++)
			if (plmn_eq(&seen[k], &amf->tais[i].plmn))
				break;
		if (k == n_plmn && n_plmn < AMF_MAX_TAIS)
			seen[n_plmn++] = amf->tais[i].plmn;
	}
	for (unsigned i = 0; i < n_plmn; i++) {
		ngap_plmn_set(&plmns[i].pLMNIdentity, &seen[i]);
		plmns[i].sliceSupportList = plmns[0].sliceSupportList;
	}
	m->PLMNSupportList = (struct ngap_PLMNSupportList){ n_plmn, plmns };
	return amf_ngap_send(amf, gnb, 0, &pdu);
}

int amf_ngap_send_setup_failure(struct amf *amf, struct amf_gnb *gnb, const struct ngap_Cause *c,
				const struct ngap_CriticalityDiagnostics *cd)
{
	struct ngap_pdu pdu;
	enum ngap_TimeToWait ttw = NGAP_TimeToWait_v5s;

	memset(&pdu, 0, sizeof(pdu));
	pdu.msg = NGAP_MSG_NGSetupFailure;
	pdu.u.NGSetupFailure.Cause = *c;
	/* 8.7.1.3: Time to Wait tells the gNB when it may try again. */
	pdu.u.NGSetupFailure.TimeToWait = &ttw;
	pdu.u.NGSetupFailure.CriticalityDiagnostics = (struct ngap_CriticalityDiagnostics *)cd;
	return amf_ngap_send(amf, gnb, 0, &pdu);
}

int amf_ngap_send_error_ind(struct amf *amf, struct amf_gnb *gnb, const uint64_t *amf_id,
			    const uint32_t *ran_id, const struct ngap_Cause *c,
			    const struct ngap_CriticalityDiagnostics *cd)
{
	struct ngap_pdu pdu;
	uint64_t a;
	uint32_t r;
	struct ngap_Cause cause;

	memset(&pdu, 0, sizeof(pdu));
	pdu.msg = NGAP_MSG_ErrorIndication;
	struct ngap_ErrorIndication *m = &pdu.u.ErrorIndication;
	if (amf_id) {
		a = *amf_id;
		m->AMF_UE_NGAP_ID = &a;
	}
	if (ran_id) {
		r = *ran_id;
		m->RAN_UE_NGAP_ID = &r;
	}
	if (c) {
		cause = *c;
		m->Cause = &cause;
	}
	m->CriticalityDiagnostics = (struct ngap_CriticalityDiagnostics *)cd;
	metric_inc(amf->m.ngap_err_ind_tx);
	return amf_ngap_send(amf, gnb, 0, &pdu);
}

int amf_ngap_send_reset_ack(struct amf *amf, struct amf_gnb *gnb,
			    const struct ngap_UE_associatedLogicalNG_connectionList *list)
{
	struct ngap_pdu pdu;

	memset(&pdu, 0, sizeof(pdu));
	pdu.msg = NGAP_MSG_NGResetAcknowledge;
	/* 8.7.2.2: echo the list of a partial reset. */
	pdu.u.NGResetAcknowledge.UE_associatedLogicalNG_connectionList =
		(struct ngap_UE_associatedLogicalNG_connectionList *)list;
	return amf_ngap_send(amf, gnb, 0, &pdu);
}

int amf_ngap_send_ran_cfg_ack(struct amf *amf, struct amf_gnb *gnb)
{
	struct ngap_pdu pdu;
	memset(&pdu, 0, sizeof(pdu));
	pdu.msg = NGAP_MSG_RANConfigurationUpdateAcknowledge;
	return amf_ngap_send(amf, gnb, 0, &pdu);
}

int amf_ngap_send_ran_cfg_failure(struct amf *amf, struct amf_gnb *gnb, const struct ngap_Cause *c)
{
	struct ngap_pdu pdu;
	enum ngap_TimeToWait ttw = NGAP_TimeToWait_v5s;
	memset(&pdu, 0, sizeof(pdu));
	pdu.msg = NGAP_MSG_RANConfigurationUpdateFailure;
	pdu.u.RANConfigurationUpdateFailure.Cause = *c;
	pdu.u.RANConfigurationUpdateFailure.TimeToWait = &ttw;
	return amf_ngap_send(amf, gnb, 0, &pdu);
}

int amf_ngap_send_dl_nas(struct amf *amf, struct amf_ue *ue, const uint8_t *nas, size_t len)
{
	struct ngap_pdu pdu;
	struct amf_gnb *gnb = ue->connected ? amf_gnb_get(amf, ue->gnb) : NULL;

	if (!gnb)
		return -E_STATE;
	memset(&pdu, 0, sizeof(pdu));
	pdu.msg = NGAP_MSG_DownlinkNASTransport;
	struct ngap_DownlinkNASTransport *m = &pdu.u.DownlinkNASTransport;
	m->AMF_UE_NGAP_ID = ue->amf_ue_ngap_id;
	m->RAN_UE_NGAP_ID = ue->ran_ue_ngap_id;
	m->NAS_PDU = (struct ngap_octets){ nas, len };
	return amf_ngap_send(amf, gnb, ue->stream, &pdu);
}

/* NAS UE security capability octet (bit 8 = algorithm 0) to the NGAP
 * 16-bit string (first bit = algorithm 1; TS 38.413 9.3.1.86). */
static void sec_bits(uint8_t out[2], uint8_t nas_octet)
{
	out[0] = (uint8_t)(nas_octet << 1) & 0xE0;
	out[1] = 0;
}

int amf_ngap_send_ics(struct amf *amf, struct amf_ue *ue, const uint8_t *nas, size_t len)
{
	struct ngap_pdu pdu;
	struct ngap_AllowedNSSAI_Item items[AMF_MAX_SLICES];
	struct ngap_SD sds[AMF_MAX_SLICES];
	struct ngap_UEAggregateMaximumBitRate ambr;
	struct ngap_octets nas_pdu = { nas, len };
	uint8_t nr_enc[2], nr_int[2], eu_enc[2], eu_int[2];
	struct amf_gnb *gnb = ue->connected ? amf_gnb_get(amf, ue->gnb) : NULL;
	int rc;

	if (!gnb || !ue->sec_valid)
		return -E_STATE;
	memset(&pdu, 0, sizeof(pdu));
	memset(items, 0, sizeof(items));
	pdu.msg = NGAP_MSG_InitialContextSetupRequest;
	struct ngap_InitialContextSetupRequest *m = &pdu.u.InitialContextSetupRequest;
	m->AMF_UE_NGAP_ID = ue->amf_ue_ngap_id;
	m->RAN_UE_NGAP_ID = ue->ran_ue_ngap_id;
	ngap_guami_set(&m->GUAMI, &amf->guami);
	for (unsigned i = 0; i < ue->n_allowed; i++)
		ngap_snssai_set(&items[i].s_NSSAI, &sds[i], &ue->allowed[i]);
	m->AllowedNSSAI = (struct ngap_AllowedNSSAI){ ue->n_allowed, items };
	sec_bits(nr_enc, ue->ue_sec_cap.nea);
	sec_bits(nr_int, ue->ue_sec_cap.nia);
	sec_bits(eu_enc, ue->ue_sec_cap.has_eps ? ue->ue_sec_cap.eea : ue->ue_sec_cap.nea);
	sec_bits(eu_int, ue->ue_sec_cap.has_eps ? ue->ue_sec_cap.eia : ue->ue_sec_cap.nia);
	m->UESecurityCapabilities = (struct ngap_UESecurityCapabilities){
		{ nr_enc, 16 }, { nr_int, 16 }, { eu_enc, 16 }, { eu_int, 16 }
	};
	/* TS 33.501 A.9: K_gNB from K_AMF and the uplink NAS COUNT of the last
	 * NAS message the UE sent under this context (6.9.2.1.1). */
	rc = kdf_kgnb(ue->kamf, ue->last_ul_count, KDF_ACCESS_3GPP, m->SecurityKey.buf);
	if (rc < 0)
		return rc;
	if (ue->ambr_ul || ue->ambr_dl) {
		ambr.uEAggregateMaximumBitRateDL = ue->ambr_dl;
		ambr.uEAggregateMaximumBitRateUL = ue->ambr_ul;
		m->UEAggregateMaximumBitRate = &ambr;
	}
	if (nas)
		m->NAS_PDU = &nas_pdu;
	rc = amf_ngap_send(amf, gnb, ue->stream, &pdu);
	crypto_wipe(m->SecurityKey.buf, sizeof(m->SecurityKey.buf));
	if (rc == 0)
		ue->ctx_in_ran = true;
	return rc;
}

static void release_guard_cb(struct ev_loop *loop, struct ev_timer *t)
{
	struct amf_ue *ue = t->data;
	/* No UE CONTEXT RELEASE COMPLETE: release our side anyway. */
	LOG_RL(LOG_NOTICE, ue->ctx, "no UE CONTEXT RELEASE COMPLETE: released locally");
	amf_gmm_conn_lost(ue->amf, ue);
}

int amf_ngap_send_ue_release(struct amf *amf, struct amf_ue *ue, const struct ngap_Cause *c)
{
	struct ngap_pdu pdu;
	struct amf_gnb *gnb = ue->connected ? amf_gnb_get(amf, ue->gnb) : NULL;

	if (!gnb)
		return -E_STATE;
	if (ue->releasing)
		return 0;
	memset(&pdu, 0, sizeof(pdu));
	pdu.msg = NGAP_MSG_UEContextReleaseCommand;
	struct ngap_UEContextReleaseCommand *m = &pdu.u.UEContextReleaseCommand;
	m->UE_NGAP_IDs.present = NGAP_UE_NGAP_IDs_PR_uE_NGAP_ID_pair;
	m->UE_NGAP_IDs.u.uE_NGAP_ID_pair.aMF_UE_NGAP_ID = ue->amf_ue_ngap_id;
	m->UE_NGAP_IDs.u.uE_NGAP_ID_pair.rAN_UE_NGAP_ID = ue->ran_ue_ngap_id;
	m->Cause = *c;
	int rc = amf_ngap_send(amf, gnb, ue->stream, &pdu);
	ue->releasing = true;
	ev_timer_start(amf->loop, &ue->release_guard, (uint64_t)amf->cfg->timers.release_guard_ms,
		       release_guard_cb, ue);
	return rc;
}
