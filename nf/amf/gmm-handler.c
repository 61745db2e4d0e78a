/* gmm-handler.c — uplink NAS: security header processing (TS 24.501 4.4),
 * decoding with the answers of TS 24.501 7 for what does not decode, the
 * integrity rules of 4.4.4.3, and delivery to the UE's GMM machine. */
#include <inttypes.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "nf/amf/ctx.h"

/* TS 24.501 4.4.4.3: messages the AMF processes without a successful
 * integrity check, until the secure exchange is established. */
static bool allowed_unverified(const struct nas_msg *m)
{
	switch (m->type) {
	case NAS_REG_REQ:
	case NAS_AUTH_RESP:
	case NAS_AUTH_FAIL:
	case NAS_SMC_REJ:
	case NAS_DEREG_REQ_UE:
	case NAS_DEREG_ACC_NW:
	case NAS_SERVICE_REQ:
	case NAS_CP_SERVICE_REQ: return true;
	case NAS_IDENTITY_RESP: /* only when the identity asked for is the SUCI */
		return m->identity_resp.mobile_id.type == NAS_ID_SUCI;
	default: return false;
	}
}

static int classify(uint8_t type)
{
	switch (type) {
	case NAS_REG_REQ: return GMM_EV_REG_REQ;
	case NAS_IDENTITY_RESP: return GMM_EV_ID_RESP;
	case NAS_AUTH_RESP: return GMM_EV_AUTH_RESP;
	case NAS_AUTH_FAIL: return GMM_EV_AUTH_FAIL;
	case NAS_SMC_COMPLETE: return GMM_EV_SMC_COMPLETE;
	case NAS_SMC_REJ: return GMM_EV_SMC_REJECT;
	case NAS_REG_COMPLETE: return GMM_EV_REG_COMPLETE;
	case NAS_DEREG_REQ_UE: return GMM_EV_DEREG_REQ;
	case NAS_DEREG_ACC_NW: return GMM_EV_DEREG_ACC;
	case NAS_5GMM_STATUS: return GMM_EV_STATUS;
	case NAS_UL_NAS_TRANSPORT: return GMM_EV_UL_NAS;
	case NAS_SERVICE_REQ:
	case NAS_CONF_UPDATE_COMPLETE:
	case NAS_NOTIFICATION_RESP:
	case NAS_CP_SERVICE_REQ:
	case NAS_NSSAA_COMPLETE: return GMM_EV_OTHER_NAS;
	default: return -1; /* defined for the other direction only */
	}
}

void amf_nas_rx(struct amf *amf, struct amf_ue *ue, const uint8_t *pdu, size_t len, bool initial)
{
	uint8_t plain[AMF_NAS_MAX];
	const uint8_t *buf = pdu;
	size_t n = len;
	struct nas_msg m;
	struct nas_err err;
	struct gmm_rx rx = { .msg = &m, .initial = initial };

	log_hex(ue->ctx, "NAS rx", pdu, len);
	if (len >= 2 && pdu[0] == NAS_EPD_5GMM && (pdu[1] & 0x0F) != NAS_SHT_PLAIN) {
		uint8_t sht = pdu[1] & 0x0F;
		rx.protected_ = true;
		/* During SMC the UE answers with the new context (5.4.2.3). */
		struct nas_sec_ctx *ctx = ue->gmm.state == GMM_SECURITY_MODE && ue->sec_new_valid
						  ? &ue->sec_new
					  : ue->sec_valid ? &ue->sec
							  : NULL;
		if (ctx && sht <= NAS_SHT_INTEG_CIPH_NEW) {
			struct nas_unprot_info info;
			int rc = nas_unprotect(ctx, pdu, len, plain, sizeof(plain), &info);
			if (rc >= 0) {
				rx.mac_ok = true;
				rx.count = info.count;
				buf = plain;
				n = (size_t)rc;
			} else if ((rc == -E_MAC || rc == -E_REPLAY) &&
				   (sht == NAS_SHT_INTEG || sht == NAS_SHT_INTEG_NEW)) {
				/* Not ciphered: the payload is readable; 4.4.4.3 decides. */
				metric_inc(amf->m.nas_mac_fail);
				LOG_RL(LOG_NOTICE, ue->ctx, "NAS integrity check failed (%s)",
				       err_str(rc));
				if (len < 7 || len - 7 > sizeof(plain)) {
					metric_inc(amf->m.nas_discarded);
					return;
				}
				n = len - 7;
				memmove(plain, pdu + 7, n);
				buf = plain;
			} else if (rc == -E_MAC || rc == -E_REPLAY) {
				metric_inc(amf->m.nas_mac_fail);
				metric_inc(amf->m.nas_discarded);
				LOG_RL(LOG_NOTICE, ue->ctx,
				       "ciphered NAS failing the integrity check: discarded");
				return;
			}
			/* Other errors (short, reserved header type): the decoder
			 * below reports them with the right cause. */
		} else if (sht == NAS_SHT_INTEG_CIPH || sht == NAS_SHT_INTEG_CIPH_NEW) {
			/* Ciphered, and no context to decipher it with. */
			metric_inc(amf->m.nas_discarded);
			LOG_RL(LOG_NOTICE, ue->ctx,
			       "ciphered NAS without a security context: discarded");
			return;
		}
	}
	arena_reset(&amf->nas_arena);
	int rc = nas_decode(&m, buf, n, &amf->nas_arena, &err);
	if (rc < 0) {
		metric_inc(amf->m.nas_decode_err);
		LOG_RL(LOG_NOTICE, ue->ctx,
		       "NAS decode: %s (type 0x%02x, ie %s, offset %zu): cause #%u", err_str(rc),
		       err.msg_type, err.ie ? err.ie : "-", err.off, err.cause);
		/* TS 24.501 7: answer with the cause the decoder found; cause 0
		 * means the message is to be ignored (7.2, unknown EPD). */
		if (err.cause && err.epd != NAS_EPD_5GSM)
			amf_nas_send_status(amf, ue, err.cause);
		if (initial && ue->gmm.state == GMM_DEREGISTERED && !ue->supi[0] && !ue->has_guti) {
			/* Nothing to keep for a UE we could not even read. */
			struct ngap_Cause c =
				amf_cause(NGAP_Cause_PR_nas, NGAP_CauseNas_unspecified);
			amf_ngap_send_ue_release(amf, ue, &c);
		}
		return;
	}
	if (m.epd != NAS_EPD_5GMM) {
		/* A 5GSM message outside UL NAS TRANSPORT (8.3): not ours to take. */
		metric_inc(amf->m.nas_discarded);
		LOG_RL(LOG_NOTICE, ue->ctx,
		       "plain 5GSM message %s outside UL NAS TRANSPORT: ignored",
		       nas_msg_name(m.epd, m.type));
		return;
	}
	if (!rx.mac_ok && (ue->secured || !allowed_unverified(&m))) {
		/* 4.4.4.3: not integrity protected (or failing the check) and not
		 * on the list, or the secure exchange is already established. */
		metric_inc(amf->m.nas_discarded);
		LOG_RL(LOG_NOTICE, ue->ctx, "%s without a valid MAC: discarded",
		       nas_msg_name(m.epd, m.type));
		return;
	}
	if (rx.mac_ok)
		ue->last_ul_count = rx.count;
	int ev = classify(m.type);
	if (ev < 0) {
		/* 7.4: a message type not defined for this direction: #97. */
		LOG_RL(LOG_NOTICE, ue->ctx, "uplink %s: not a UE-to-network message",
		       nas_msg_name(m.epd, m.type));
		amf_nas_send_status(amf, ue, NAS_CAUSE_MSG_TYPE_UNKNOWN);
		return;
	}
	LOG(LOG_DEBUG, ue->ctx, "rx %s%s", nas_msg_name(m.epd, m.type),
	    rx.protected_ ? (rx.mac_ok ? " (integrity ok)" : " (integrity not verified)") : "");
	fsm_dispatch(&ue->gmm, ev, &rx);
}

struct amf_ue *amf_nas_find_ue(struct amf *amf, const uint8_t *pdu, size_t len, uint32_t *tmsi_out,
			       bool *is_reg)
{
	struct nas_msg m;
	const struct nas_mobile_id *id = NULL;

	*is_reg = false;
	/* Initial NAS messages are plain or integrity protected only (4.4.6):
	 * the decoder reads the inner message of header types 1 and 3. */
	if (len < 2 || pdu[0] != NAS_EPD_5GMM)
		return NULL;
	uint8_t sht = pdu[1] & 0x0F;
	if (sht == NAS_SHT_INTEG_CIPH || sht == NAS_SHT_INTEG_CIPH_NEW)
		return NULL;
	arena_reset(&amf->nas_arena);
	if (nas_decode(&m, pdu, len, &amf->nas_arena, NULL) < 0)
		return NULL;
	switch (m.type) {
	case NAS_REG_REQ:
		*is_reg = true;
		id = &m.reg_req.mobile_id;
		break;
	case NAS_DEREG_REQ_UE: id = &m.dereg_req_ue.mobile_id; break;
	case NAS_SERVICE_REQ:
		/* 5G-S-TMSI: AMF set and pointer must be ours. */
		if (m.service_req.stmsi.type == NAS_ID_STMSI &&
		    m.service_req.stmsi.stmsi.set == amf->guami.set &&
		    m.service_req.stmsi.stmsi.pointer == amf->guami.pointer) {
			*tmsi_out = m.service_req.stmsi.stmsi.tmsi;
			return amf_ue_by_tmsi(amf, *tmsi_out);
		}
		return NULL;
	default: return NULL;
	}
	if (id->type != NAS_ID_GUTI)
		return NULL;
	const struct guami *g = &id->guti.guami;
	if (!plmn_eq(&g->plmn, &amf->guami.plmn) || g->region != amf->guami.region ||
	    g->set != amf->guami.set || g->pointer != amf->guami.pointer)
		return NULL; /* another AMF's 5G-GUTI */
	*tmsi_out = id->guti.tmsi;
	return amf_ue_by_tmsi(amf, id->guti.tmsi);
}

void amf_gmm_conn_lost(struct amf *amf, struct amf_ue *ue)
{
	if (ue->zombie)
		return;
	amf_ue_detach(amf, ue);
	fsm_dispatch(&ue->gmm, GMM_EV_CONN_LOST, NULL);
}

void amf_gmm_nw_dereg(struct amf *amf, struct amf_ue *ue, bool rereg_required)
{
	struct amf_nw_dereg d = { rereg_required, 0 };
	fsm_dispatch(&ue->gmm, GMM_EV_NW_DEREG, &d);
}
