/* ngap-handler.c — NGAP PDUs received from gNBs: decoding, the error
 * handling of TS 38.413 10, the interface management procedures (8.7) and
 * the UE-associated messages that carry NAS or manage the UE context. */
#include <inttypes.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "nf/amf/ctx.h"

#define IE_AMF_UE_NGAP_ID 10
#define IE_RAN_UE_NGAP_ID 85

/* The UE NGAP IDs a (partly) decoded PDU carries, if any. */
static void pdu_ids(const struct ngap_pdu *pdu, const uint64_t **amf_id, const uint32_t **ran_id)
{
	*amf_id = pdu->msg != NGAP_MSG_NONE ? ngap_ie_find(pdu, IE_AMF_UE_NGAP_ID) : NULL;
	*ran_id = pdu->msg != NGAP_MSG_NONE ? ngap_ie_find(pdu, IE_RAN_UE_NGAP_ID) : NULL;
}

/* TS 38.413 10: answers a PDU that could not be (fully) decoded. */
static void on_decode_error(struct amf *amf, struct amf_gnb *gnb, const struct ngap_pdu *pdu,
			    int rc, const struct ngap_err *err)
{
	struct ngap_CriticalityDiagnostics cd;
	struct ngap_CriticalityDiagnostics_IE_List l;
	struct ngap_CriticalityDiagnostics_IE_Item items[NGAP_DIAG_MAX];
	uint32_t proc;
	enum ngap_TriggeringMessage trig;
	enum ngap_Criticality crit;
	struct ngap_Cause c;
	const uint64_t *amf_id = NULL;
	const uint32_t *ran_id = NULL;

	metric_inc(amf->m.ngap_decode_err);
	LOG_RL(LOG_NOTICE, gnb->ctx,
	       "NGAP decode: %s (proc %d dir %u, ie %" PRId32 ", type %s, octet %zu)", err_str(rc),
	       err->proc, err->dir, err->ie == NGAP_IE_NONE ? -1 : (int32_t)err->ie,
	       err->type ? err->type : "-", err->off);
	/* Never answer an ERROR INDICATION with one (no loops between peers). */
	if (err->proc == NGAP_PROC_ErrorIndication)
		return;
	amf_ngap_diag(&cd, &l, items, NGAP_DIAG_MAX, &proc, &trig, &crit, err);
	switch (rc) {
	case -E_UNKNOWN_IE:
	case -E_MISSING_IE:
		/* 10.3.4.2 / 10.3.5: IEs with criticality reject not comprehended
		 * or missing: reject the procedure, reporting them. */
		c = amf_cause(NGAP_Cause_PR_protocol,
			      NGAP_CauseProtocol_abstract_syntax_error_reject);
		if (err->proc == NGAP_PROC_NGSetup && err->dir == 1) {
			amf_ngap_send_setup_failure(amf, gnb, &c, &cd);
			return;
		}
		if (err->proc == NGAP_PROC_RANConfigurationUpdate && err->dir == 1) {
			amf_ngap_send_ran_cfg_failure(amf, gnb, &c);
			return;
		}
		pdu_ids(pdu, &amf_id, &ran_id);
		break;
	case -E_UNSUPP:
		/* 10.3.4.1: procedure code or message type not comprehended:
		 * reject -> report; ignore and notify -> report; ignore -> nothing. */
		if (err->crit == NGAP_Criticality_ignore)
			return;
		c = amf_cause(NGAP_Cause_PR_protocol,
			      err->crit == NGAP_Criticality_notify
				      ? NGAP_CauseProtocol_abstract_syntax_error_ignore_and_notify
				      : NGAP_CauseProtocol_abstract_syntax_error_reject);
		break;
	default:
		/* 10.2: transfer syntax error. */
		c = amf_cause(NGAP_Cause_PR_protocol, NGAP_CauseProtocol_transfer_syntax_error);
		break;
	}
	amf_ngap_send_error_ind(amf, gnb, amf_id, ran_id, &c, &cd);
}

/* 10.3.4.2: IEs with criticality notify were skipped: tell the sender. */
static void notify_skipped(struct amf *amf, struct amf_gnb *gnb, const struct ngap_pdu *pdu,
			   const struct ngap_err *err)
{
	struct ngap_err n = *err;
	n.n_diag = 0;
	for (unsigned i = 0; i < err->n_diag; i++)
		if (err->diag[i].crit == NGAP_Criticality_notify)
			n.diag[n.n_diag++] = err->diag[i];
	if (!n.n_diag || pdu->proc == NGAP_PROC_ErrorIndication)
		return;
	struct ngap_CriticalityDiagnostics cd;
	struct ngap_CriticalityDiagnostics_IE_List l;
	struct ngap_CriticalityDiagnostics_IE_Item items[NGAP_DIAG_MAX];
	uint32_t proc;
	enum ngap_TriggeringMessage trig;
	enum ngap_Criticality crit;
	const uint64_t *amf_id;
	const uint32_t *ran_id;
	amf_ngap_diag(&cd, &l, items, NGAP_DIAG_MAX, &proc, &trig, &crit, &n);
	pdu_ids(pdu, &amf_id, &ran_id);
	struct ngap_Cause c = amf_cause(NGAP_Cause_PR_protocol,
					NGAP_CauseProtocol_abstract_syntax_error_ignore_and_notify);
	amf_ngap_send_error_ind(amf, gnb, amf_id, ran_id, &c, &cd);
}

static int classify(const struct ngap_pdu *pdu)
{
	switch (pdu->msg) {
	case NGAP_MSG_NGSetupRequest: return NGAP_EV_SETUP_REQ;
	case NGAP_MSG_NGReset: return NGAP_EV_RESET;
	case NGAP_MSG_RANConfigurationUpdate: return NGAP_EV_RAN_CFG_UPD;
	case NGAP_MSG_ErrorIndication: return NGAP_EV_ERROR_IND;
	case NGAP_MSG_InitialUEMessage:
	case NGAP_MSG_UplinkNASTransport:
	case NGAP_MSG_InitialContextSetupResponse:
	case NGAP_MSG_InitialContextSetupFailure:
	case NGAP_MSG_UEContextReleaseRequest:
	case NGAP_MSG_UEContextReleaseComplete:
	case NGAP_MSG_NASNonDeliveryIndication:
	case NGAP_MSG_UERadioCapabilityInfoIndication: return NGAP_EV_UE_MSG;
	default:
		/* A class 2 UE-associated message we do not implement (location
		 * report, RRC inactive report, ...): no answer exists; the UE
		 * handler logs and ignores it. Anything else is not expected. */
		if (pdu->dir == 1 && ngap_msg_lookup(2, pdu->proc) == NGAP_MSG_NONE &&
		    ngap_ie_find(pdu, IE_AMF_UE_NGAP_ID))
			return NGAP_EV_UE_MSG;
		return NGAP_EV_OTHER;
	}
}

void amf_ngap_rx(struct amf *amf, struct amf_gnb *gnb, uint16_t stream, const uint8_t *buf,
		 size_t len)
{
	struct ngap_pdu pdu;
	struct ngap_err err;

	arena_reset(&amf->arena);
	log_hex(gnb->ctx, "NGAP rx", buf, len);
	int rc = ngap_decode(&pdu, buf, len, &amf->arena, &err);
	if (rc < 0) {
		on_decode_error(amf, gnb, &pdu, rc, &err);
		arena_reset(&amf->arena);
		return;
	}
	LOG(LOG_TRACE, gnb->ctx, "rx %s", ngap_msg_name(pdu.msg));
	fsm_dispatch(&gnb->ngap, classify(&pdu), &pdu);
	/* Handlers never free the gNB (only the association's end does). */
	if (err.n_diag)
		notify_skipped(amf, gnb, &pdu, &err);
	arena_reset(&amf->arena);
}

void amf_ngap_not_compatible(struct amf *amf, struct amf_gnb *gnb, const struct ngap_pdu *pdu)
{
	struct ngap_CriticalityDiagnostics cd;
	uint32_t proc = pdu->proc;
	enum ngap_TriggeringMessage trig =
		(enum ngap_TriggeringMessage)(pdu->dir ? pdu->dir - 1 : 0);
	enum ngap_Criticality crit =
		pdu->crit <= 2 ? (enum ngap_Criticality)pdu->crit : NGAP_Criticality_reject;
	const uint64_t *amf_id;
	const uint32_t *ran_id;

	if (pdu->msg == NGAP_MSG_ErrorIndication)
		return;
	LOG_RL(LOG_NOTICE, gnb->ctx, "%s not compatible with state %s", ngap_msg_name(pdu->msg),
	       fsm_state_name(&gnb->ngap));
	memset(&cd, 0, sizeof(cd));
	cd.procedureCode = &proc;
	cd.triggeringMessage = &trig;
	cd.procedureCriticality = &crit;
	pdu_ids(pdu, &amf_id, &ran_id);
	struct ngap_Cause c =
		amf_cause(NGAP_Cause_PR_protocol,
			  NGAP_CauseProtocol_message_not_compatible_with_receiver_state);
	/* 10.4: a class 1 initiating message with a failure message gets it. */
	if (pdu->msg == NGAP_MSG_RANConfigurationUpdate) {
		amf_ngap_send_ran_cfg_failure(amf, gnb, &c);
		return;
	}
	amf_ngap_send_error_ind(amf, gnb, amf_id, ran_id, &c, &cd);
}

/* ---- interface management (8.7) ---- */

/* Keeps the supported TAs of list that this AMF serves, with the slices the
 * AMF supports too. Returns 0, or the NG Setup failure cause. */
static int match_tas(struct amf *amf, struct amf_gnb *gnb, const struct ngap_SupportedTAList *list,
		     struct ngap_Cause *cause)
{
	bool plmn_ok = false, tai_ok = false;
	uint8_t n = 0;
	struct amf_gnb_ta tas[AMF_GNB_MAX_TAS];

	for (uint32_t i = 0; i < list->n; i++) {
		const struct ngap_SupportedTAItem *it = &list->v[i];
		uint32_t tac = (uint32_t)it->tAC.buf[0] << 16 | (uint32_t)it->tAC.buf[1] << 8 |
			       it->tAC.buf[2];
		for (uint32_t j = 0; j < it->broadcastPLMNList.n; j++) {
			const struct ngap_BroadcastPLMNItem *b = &it->broadcastPLMNList.v[j];
			struct tai t = { .tac = tac };
			if (ngap_plmn_get(&t.plmn, &b->pLMNIdentity) < 0)
				continue;
			for (unsigned k = 0; k < amf->n_tais; k++)
				if (plmn_eq(&amf->tais[k].plmn, &t.plmn))
					plmn_ok = true;
			if (!amf_tai_served(amf, &t))
				continue;
			tai_ok = true;
			if (n == AMF_GNB_MAX_TAS)
				continue;
			struct amf_gnb_ta *ta = &tas[n];
			memset(ta, 0, sizeof(*ta));
			ta->tai = t;
			for (uint32_t s = 0; s < b->tAISliceSupportList.n; s++) {
				struct s_nssai sn;
				ngap_snssai_get(&sn, &b->tAISliceSupportList.v[s].s_NSSAI);
				if (amf_slice_supported(amf, &sn) && ta->n_slices < AMF_MAX_SLICES)
					ta->slices[ta->n_slices++] = sn;
			}
			if (ta->n_slices)
				n++;
		}
	}
	/* TS 38.413 8.7.1.3 / TS 23.501 5.15.8: the AMF rejects a gNB that serves
	 * none of its PLMNs / TAs, or none of its slices there. */
	if (!plmn_ok || !tai_ok) {
		*cause = amf_cause(NGAP_Cause_PR_misc, NGAP_CauseMisc_unknown_PLMN_or_SNPN);
		return -E_NOTFOUND;
	}
	if (n == 0) {
		*cause = amf_cause(NGAP_Cause_PR_radioNetwork,
				   NGAP_CauseRadioNetwork_slice_not_supported);
		return -E_NOTFOUND;
	}
	memcpy(gnb->tas, tas, sizeof(tas[0]) * n);
	gnb->n_tas = n;
	return 0;
}

static void set_name(struct amf_gnb *gnb, const struct ngap_octets *name)
{
	size_t n = name->len < sizeof(gnb->name) - 1 ? name->len : sizeof(gnb->name) - 1;
	for (size_t i = 0; i < n; i++) /* PrintableString; keep logs and JSON clean anyway */
		gnb->name[i] = name->p[i] >= 0x20 && name->p[i] < 0x7f ? (char)name->p[i] : '?';
	gnb->name[n] = 0;
}

void amf_ngap_on_setup(struct amf *amf, struct amf_gnb *gnb, const struct ngap_pdu *pdu)
{
	const struct ngap_NGSetupRequest *m = &pdu->u.NGSetupRequest;
	struct ngap_Cause cause;

	if (m->GlobalRANNodeID.present != NGAP_GlobalRANNodeID_PR_globalGNB_ID ||
	    m->GlobalRANNodeID.u.globalGNB_ID.gNB_ID.present != NGAP_GNB_ID_PR_gNB_ID) {
		LOG_RL(LOG_NOTICE, gnb->ctx, "NG Setup from a node that is not a gNB: rejected");
		cause = amf_cause(NGAP_Cause_PR_protocol, NGAP_CauseProtocol_semantic_error);
		goto fail;
	}
	const struct ngap_GlobalGNB_ID *g = &m->GlobalRANNodeID.u.globalGNB_ID;
	const struct ngap_GNB_ID_gNB_ID *id = &g->gNB_ID.u.gNB_ID;
	if (ngap_plmn_get(&gnb->plmn, &g->pLMNIdentity) < 0) {
		cause = amf_cause(NGAP_Cause_PR_misc, NGAP_CauseMisc_unknown_PLMN_or_SNPN);
		goto fail;
	}
	uint32_t v = 0;
	for (unsigned i = 0; i < 4; i++)
		v = v << 8 | id->buf[i];
	gnb->gnb_id_bits = (uint8_t)id->len;
	gnb->gnb_id = id->len >= 22 && id->len <= 32 ? v >> (32 - id->len) : v;
	gnb->has_id = true;
	amf_gnb_set_ctx(gnb);
	if (m->RANNodeName)
		set_name(gnb, m->RANNodeName);
	if (match_tas(amf, gnb, &m->SupportedTAList, &cause) < 0)
		goto fail;
	/* 8.7.1.1: a repeated NG Setup erases the UE-associated connections like
	 * an NG Reset would. */
	if (gnb->ngap.state == NGAP_ST_READY && gnb->n_ues) {
		LOG_RL(LOG_INFO, gnb->ctx, "NG Setup again: releasing %u UE connections",
		       gnb->n_ues);
		for (uint32_t i = 0; i < amf->ues.cap && gnb->n_ues; i++) {
			if (!(amf->ues.gen[i] & 1))
				continue;
			struct amf_ue *ue =
				(struct amf_ue *)(amf->ues.mem + (size_t)i * amf->ues.elem_size);
			if (!ue->zombie && ue->connected &&
			    handle_eq(ue->gnb, pool_handle(&amf->gnbs, gnb)))
				amf_gmm_conn_lost(amf, ue);
		}
	}
	amf_ngap_send_setup_response(amf, gnb);
	fsm_transition(&gnb->ngap, NGAP_ST_READY);
	LOG_RL(LOG_INFO, gnb->ctx, "NG Setup done: %s, %u TA%s served",
	       gnb->name[0] ? gnb->name : "(no name)", gnb->n_tas, gnb->n_tas == 1 ? "" : "s");
	amf_status_refresh(amf);
	return;
fail:
	LOG_RL(LOG_NOTICE, gnb->ctx, "NG Setup rejected (cause %d/%d)", (int)cause.present,
	       (int)cause.u.misc);
	amf_ngap_send_setup_failure(amf, gnb, &cause, NULL);
	if (gnb->ngap.state == NGAP_ST_READY)
		fsm_transition(&gnb->ngap, NGAP_ST_WAIT_SETUP);
	amf_status_refresh(amf);
}

void amf_ngap_on_reset(struct amf *amf, struct amf_gnb *gnb, const struct ngap_pdu *pdu)
{
	const struct ngap_NGReset *m = &pdu->u.NGReset;

	if (m->ResetType.present == NGAP_ResetType_PR_partOfNG_Interface) {
		const struct ngap_UE_associatedLogicalNG_connectionList *l =
			&m->ResetType.u.partOfNG_Interface;
		LOG_RL(LOG_INFO, gnb->ctx, "NG Reset of %u UE connection%s", l->n,
		       l->n == 1 ? "" : "s");
		for (uint32_t i = 0; i < l->n; i++) {
			struct amf_ue *ue = NULL;
			if (l->v[i].aMF_UE_NGAP_ID)
				ue = amf_ue_by_ngap_id(amf, *l->v[i].aMF_UE_NGAP_ID);
			if (!ue && l->v[i].rAN_UE_NGAP_ID)
				ue = amf_ue_by_ran(amf, gnb, *l->v[i].rAN_UE_NGAP_ID);
			if (ue && handle_eq(ue->gnb, pool_handle(&amf->gnbs, gnb)))
				amf_gmm_conn_lost(amf, ue);
		}
		amf_ngap_send_reset_ack(amf, gnb, l);
		return;
	}
	/* 8.7.2.2: reset of the whole interface: every UE connection of the gNB. */
	LOG_RL(LOG_INFO, gnb->ctx, "NG Reset (all): releasing %u UE connection%s", gnb->n_ues,
	       gnb->n_ues == 1 ? "" : "s");
	for (uint32_t i = 0; i < amf->ues.cap && gnb->n_ues; i++) {
		if (!(amf->ues.gen[i] & 1))
			continue;
		struct amf_ue *ue =
			(struct amf_ue *)(amf->ues.mem + (size_t)i * amf->ues.elem_size);
		if (!ue->zombie && ue->connected &&
		    handle_eq(ue->gnb, pool_handle(&amf->gnbs, gnb)))
			amf_gmm_conn_lost(amf, ue);
	}
	amf_ngap_send_reset_ack(amf, gnb, NULL);
}

void amf_ngap_on_ran_cfg_update(struct amf *amf, struct amf_gnb *gnb, const struct ngap_pdu *pdu)
{
	const struct ngap_RANConfigurationUpdate *m = &pdu->u.RANConfigurationUpdate;
	struct ngap_Cause cause;

	/* 8.7.3.2/8.7.3.3: the new TA list replaces the old one if we can serve it. */
	if (m->SupportedTAList && match_tas(amf, gnb, m->SupportedTAList, &cause) < 0) {
		LOG_RL(LOG_NOTICE, gnb->ctx, "RAN Configuration Update rejected: no TA served");
		amf_ngap_send_ran_cfg_failure(amf, gnb, &cause);
		return;
	}
	if (m->RANNodeName)
		set_name(gnb, m->RANNodeName);
	LOG_RL(LOG_INFO, gnb->ctx, "RAN Configuration Update: %u TA%s served", gnb->n_tas,
	       gnb->n_tas == 1 ? "" : "s");
	amf_ngap_send_ran_cfg_ack(amf, gnb);
	amf_status_refresh(amf);
}

void amf_ngap_on_error_ind(struct amf *amf, struct amf_gnb *gnb, const struct ngap_pdu *pdu)
{
	const struct ngap_ErrorIndication *m = &pdu->u.ErrorIndication;

	metric_inc(amf->m.ngap_err_ind_rx);
	LOG_RL(LOG_NOTICE, gnb->ctx,
	       "ERROR INDICATION: cause %d/%d, AMF UE %" PRId64 ", RAN UE %" PRId64,
	       m->Cause ? (int)m->Cause->present : -1, m->Cause ? (int)m->Cause->u.misc : -1,
	       m->AMF_UE_NGAP_ID ? (int64_t)*m->AMF_UE_NGAP_ID : -1,
	       m->RAN_UE_NGAP_ID ? (int64_t)*m->RAN_UE_NGAP_ID : -1);
	/* 8.7.4: the receiver takes the report into account; if it concerns a UE
	 * the gNB does not know (unknown local id), that connection is gone. */
	if (m->AMF_UE_NGAP_ID && m->Cause && m->Cause->present == NGAP_Cause_PR_radioNetwork &&
	    (m->Cause->u.radioNetwork == NGAP_CauseRadioNetwork_unknown_local_UE_NGAP_ID ||
	     m->Cause->u.radioNetwork == NGAP_CauseRadioNetwork_inconsistent_remote_UE_NGAP_ID)) {
		struct amf_ue *ue = amf_ue_by_ngap_id(amf, *m->AMF_UE_NGAP_ID);
		if (ue && handle_eq(ue->gnb, pool_handle(&amf->gnbs, gnb)))
			amf_gmm_conn_lost(amf, ue);
	}
}

/* ---- UE-associated messages ---- */

static void update_tai(struct amf_ue *ue, const struct ngap_UserLocationInformation *uli)
{
	if (uli->present == NGAP_UserLocationInformation_PR_userLocationInformationNR)
		ngap_tai_get(&ue->tai, &uli->u.userLocationInformationNR.tAI);
}

/* TS 38.413 10.6: an id we do not know, or that does not match. */
static void unknown_ue(struct amf *amf, struct amf_gnb *gnb, const struct ngap_pdu *pdu,
		       const uint64_t *amf_id, const uint32_t *ran_id, bool inconsistent)
{
	uint32_t proc = pdu->proc;
	enum ngap_TriggeringMessage trig = (enum ngap_TriggeringMessage)(pdu->dir - 1);
	enum ngap_Criticality crit = (enum ngap_Criticality)(pdu->crit <= 2 ? pdu->crit : 0);
	struct ngap_CriticalityDiagnostics cd = { &proc, &trig, &crit, NULL };
	struct ngap_Cause c =
		amf_cause(NGAP_Cause_PR_radioNetwork,
			  inconsistent ? NGAP_CauseRadioNetwork_inconsistent_remote_UE_NGAP_ID
				       : NGAP_CauseRadioNetwork_unknown_local_UE_NGAP_ID);
	LOG_RL(LOG_NOTICE, gnb->ctx, "%s for %s UE (AMF UE %" PRId64 ", RAN UE %" PRId64 ")",
	       ngap_msg_name(pdu->msg), inconsistent ? "an inconsistent" : "an unknown",
	       amf_id ? (int64_t)*amf_id : -1, ran_id ? (int64_t)*ran_id : -1);
	amf_ngap_send_error_ind(amf, gnb, amf_id, ran_id, &c, &cd);
}

static void on_initial_ue(struct amf *amf, struct amf_gnb *gnb, const struct ngap_pdu *pdu)
{
	const struct ngap_InitialUEMessage *m = &pdu->u.InitialUEMessage;
	uint32_t ran_id = m->RAN_UE_NGAP_ID;
	uint32_t tmsi = 0;
	bool is_reg = false;

	struct amf_ue *old = amf_ue_by_ran(amf, gnb, ran_id);
	if (old) {
		/* The gNB reuses a RAN UE NGAP ID we still hold: that connection is
		 * gone on its side (10.6 case: the new message wins). */
		LOG_RL(LOG_NOTICE, old->ctx,
		       "RAN UE NGAP ID reused by the gNB: old connection dropped");
		amf_gmm_conn_lost(amf, old);
	}
	struct amf_ue *ue = amf_nas_find_ue(amf, m->NAS_PDU.p, m->NAS_PDU.len, &tmsi, &is_reg);
	if (!ue && m->FiveG_S_TMSI) {
		const struct ngap_FiveG_S_TMSI *s = m->FiveG_S_TMSI;
		uint32_t t = (uint32_t)s->fiveG_TMSI.buf[0] << 24 |
			     (uint32_t)s->fiveG_TMSI.buf[1] << 16 |
			     (uint32_t)s->fiveG_TMSI.buf[2] << 8 | s->fiveG_TMSI.buf[3];
		ue = amf_ue_by_tmsi(amf, t);
	}
	if (ue && ue->connected) {
		/* The UE came back on a new connection before the old one was
		 * released (radio link failure): drop the old one. */
		struct ngap_Cause c =
			amf_cause(NGAP_Cause_PR_radioNetwork,
				  NGAP_CauseRadioNetwork_release_due_to_cn_detected_mobility);
		amf_ngap_send_ue_release(amf, ue, &c);
		amf_ue_detach(amf, ue);
	}
	if (!ue)
		ue = amf_ue_new(amf);
	if (!ue) {
		/* Even the congestion reserve is used up: nothing UE-associated can
		 * be sent; tell the gNB (TS 38.413 8.7.4). */
		struct ngap_Cause c =
			amf_cause(NGAP_Cause_PR_misc, NGAP_CauseMisc_control_processing_overload);
		metric_inc(amf->m.congestion);
		LOG_RL(LOG_WARN, gnb->ctx, "no UE context free: INITIAL UE MESSAGE refused");
		amf_ngap_send_error_ind(amf, gnb, NULL, &ran_id, &c, NULL);
		return;
	}
	if (amf_ue_attach(amf, ue, gnb, ran_id) < 0) {
		if (ue->gmm.state == GMM_DEREGISTERED && !ue->supi[0])
			amf_ue_release(amf, ue);
		return;
	}
	update_tai(ue, &m->UserLocationInformation);
	amf_nas_rx(amf, ue, m->NAS_PDU.p, m->NAS_PDU.len, true);
}

static struct amf_ue *find_ue(struct amf *amf, struct amf_gnb *gnb, const struct ngap_pdu *pdu,
			      bool quiet)
{
	const uint64_t *amf_id;
	const uint32_t *ran_id;
	pdu_ids(pdu, &amf_id, &ran_id);
	if (!amf_id)
		return NULL;
	struct amf_ue *ue = amf_ue_by_ngap_id(amf, *amf_id);
	if (!ue || !handle_eq(ue->gnb, pool_handle(&amf->gnbs, gnb))) {
		if (!quiet)
			unknown_ue(amf, gnb, pdu, amf_id, ran_id, false);
		return NULL;
	}
	if (ran_id && *ran_id != ue->ran_ue_ngap_id) {
		if (!quiet)
			unknown_ue(amf, gnb, pdu, amf_id, ran_id, true);
		return NULL;
	}
	return ue;
}

void amf_ngap_on_ue_msg(struct amf *amf, struct amf_gnb *gnb, const struct ngap_pdu *pdu)
{
	struct amf_ue *ue;

	switch (pdu->msg) {
	case NGAP_MSG_InitialUEMessage: on_initial_ue(amf, gnb, pdu); return;
	case NGAP_MSG_UplinkNASTransport:
		if (!(ue = find_ue(amf, gnb, pdu, false)))
			return;
		update_tai(ue, &pdu->u.UplinkNASTransport.UserLocationInformation);
		amf_nas_rx(amf, ue, pdu->u.UplinkNASTransport.NAS_PDU.p,
			   pdu->u.UplinkNASTransport.NAS_PDU.len, false);
		return;
	case NGAP_MSG_InitialContextSetupResponse:
		if ((ue = find_ue(amf, gnb, pdu, false)))
			LOG(LOG_DEBUG, ue->ctx, "UE context set up in the gNB");
		return;
	case NGAP_MSG_InitialContextSetupFailure: {
		if (!(ue = find_ue(amf, gnb, pdu, false)))
			return;
		/* 8.3.1.3: the gNB could not set the context up: release the connection. */
		LOG_RL(LOG_NOTICE, ue->ctx, "INITIAL CONTEXT SETUP FAILURE: releasing");
		ue->ctx_in_ran = false;
		struct ngap_Cause c = pdu->u.InitialContextSetupFailure.Cause;
		amf_ngap_send_ue_release(amf, ue, &c);
		return;
	}
	case NGAP_MSG_UEContextReleaseRequest: {
		if (!(ue = find_ue(amf, gnb, pdu, false)))
			return;
		/* 8.3.2.2: answer with UE CONTEXT RELEASE COMMAND. */
		LOG(LOG_DEBUG, ue->ctx, "UE CONTEXT RELEASE REQUEST");
		struct ngap_Cause c = pdu->u.UEContextReleaseRequest.Cause;
		amf_ngap_send_ue_release(amf, ue, &c);
		return;
	}
	case NGAP_MSG_UEContextReleaseComplete:
		/* A complete for a connection we already dropped is harmless. */
		if ((ue = find_ue(amf, gnb, pdu, true)))
			amf_gmm_conn_lost(amf, ue);
		return;
	case NGAP_MSG_NASNonDeliveryIndication:
		if ((ue = find_ue(amf, gnb, pdu, false)))
			LOG_RL(LOG_NOTICE, ue->ctx, "NAS NON DELIVERY INDICATION");
		return;
	default:
		if ((ue = find_ue(amf, gnb, pdu, true)))
			LOG(LOG_DEBUG, ue->ctx, "%s ignored", ngap_msg_name(pdu->msg));
		return;
	}
}
