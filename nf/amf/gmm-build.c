/* gmm-build.c — the 5GMM messages the AMF sends (TS 24.501 8.2), protected
 * as TS 24.501 4.4 requires, and the NGAP message that carries each. */
#include <string.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "nf/amf/ctx.h"

static const uint8_t abba_zero[2] = { 0, 0 }; /* TS 33.501 A.7.1: ABBA 0x0000 */

int amf_nas_encode(struct amf *amf, struct amf_ue *ue, const struct nas_msg *m, uint8_t *out,
		   size_t cap)
{
	struct nas_err err;
	int n;

	if (m->type == NAS_SMC && ue->sec_new_valid) {
		/* 4.4.5 / 5.4.2.2: SECURITY MODE COMMAND is integrity protected
		 * (not ciphered) with the new context: header type 3. */
		n = nas_protect_msg(&ue->sec_new, NAS_SHT_INTEG_NEW, m, out, cap, &err);
	} else if (ue->secured && ue->sec_valid) {
		/* 4.4.5: once the secure exchange is established every message is
		 * integrity protected and ciphered (header type 2). */
		n = nas_protect_msg(&ue->sec, NAS_SHT_INTEG_CIPH, m, out, cap, &err);
	} else {
		n = nas_encode(m, out, cap, &err);
	}
	if (n < 0)
		LOG(LOG_ERROR, ue->ctx, "NAS encode %s: %s (ie %s)", nas_msg_name(m->epd, m->type),
		    err_str(n), err.ie ? err.ie : "-");
	return n;
}

int amf_nas_send(struct amf *amf, struct amf_ue *ue, const struct nas_msg *m)
{
	uint8_t buf[AMF_NAS_MAX];
	int n = amf_nas_encode(amf, ue, m, buf, sizeof(buf));
	if (n < 0)
		return n;
	LOG(LOG_DEBUG, ue->ctx, "tx %s", nas_msg_name(m->epd, m->type));
	return amf_ngap_send_dl_nas(amf, ue, buf, (size_t)n);
}

int amf_nas_send_status(struct amf *amf, struct amf_ue *ue, uint8_t cause)
{
	struct nas_msg m;
	nas_msg_init(&m, NAS_5GMM_STATUS);
	m.mm_status.cause = cause;
	metric_inc(amf->m.nas_status_tx);
	return amf_nas_send(amf, ue, &m);
}

int amf_nas_send_identity_req(struct amf *amf, struct amf_ue *ue)
{
	struct nas_msg m;
	nas_msg_init(&m, NAS_IDENTITY_REQ);
	m.identity_req.id_type = NAS_ID_SUCI; /* 5.4.3.2 */
	return amf_nas_send(amf, ue, &m);
}

int amf_nas_send_auth_req(struct amf *amf, struct amf_ue *ue)
{
	struct nas_msg m;
	nas_msg_init(&m, NAS_AUTH_REQ);
	m.auth_req.ngksi = (struct nas_ksi){ 0, ue->ksi_new };
	m.auth_req.abba = (struct nas_buf){ abba_zero, sizeof(abba_zero) };
	m.auth_req.has_rand = true;
	memcpy(m.auth_req.rand, ue->rand, 16);
	m.auth_req.has_autn = true;
	memcpy(m.auth_req.autn, ue->autn, 16);
	return amf_nas_send(amf, ue, &m);
}

int amf_nas_send_auth_reject(struct amf *amf, struct amf_ue *ue)
{
	struct nas_msg m;
	nas_msg_init(&m, NAS_AUTH_REJ);
	return amf_nas_send(amf, ue, &m);
}

int amf_nas_send_smc(struct amf *amf, struct amf_ue *ue)
{
	struct nas_msg m;
	nas_msg_init(&m, NAS_SMC);
	m.smc.algs = (struct nas_sec_algs){ ue->sec_new.nea, ue->sec_new.nia };
	m.smc.ngksi = ue->sec_new.ksi;
	m.smc.replayed_cap = ue->ue_sec_cap; /* 5.4.2.2: replayed as received */
	NAS_SET(m.smc, imeisv_req, 1); /* IMEISV requested */
	/* 5.4.2.2: RINMR asks the UE to resend its initial message in full
	 * when we could not verify it (it may have sent cleartext IEs only). */
	if (!ue->reg_verified)
		NAS_SET(m.smc, add_sec_info, 0x02);
	m.smc.has_abba = true;
	m.smc.abba = (struct nas_buf){ abba_zero, sizeof(abba_zero) };
	return amf_nas_send(amf, ue, &m);
}

struct nas_gprs_timer amf_gprs_timer3(int64_t ms)
{
	/* TS 24.008 10.5.7.4a, finest unit first; rounded down so that the UE
	 * never waits longer than configured. */
	static const struct {
		uint8_t unit; /* unit code */
		int64_t s; /* seconds per step */
	} u[] = { { NAS_T3_2S, 2 },	   { NAS_T3_30S, 30 },	{ NAS_T3_1MIN, 60 },
		  { NAS_T3_10MIN, 600 },   { NAS_T3_1H, 3600 }, { NAS_T3_10H, 36000 },
		  { NAS_T3_320H, 1152000 } };
	int64_t s = ms / 1000;
	if (s <= 0)
		return (struct nas_gprs_timer){ NAS_T_DEACTIVATED, 0 };
	for (size_t i = 0; i < sizeof(u) / sizeof(u[0]); i++)
		if (s / u[i].s <= 31)
			return (struct nas_gprs_timer){ u[i].unit,
							(uint8_t)(s / u[i].s ? s / u[i].s : 1) };
	return (struct nas_gprs_timer){ NAS_T3_320H, 31 };
}

struct nas_gprs_timer amf_gprs_timer2(int64_t ms)
{
	/* TS 24.008 10.5.7.4: 2 s, 1 min or 6 min (decihour) steps. */
	int64_t s = ms / 1000;
	if (s <= 0)
		return (struct nas_gprs_timer){ NAS_T_DEACTIVATED, 0 };
	if (s / 2 <= 31)
		return (struct nas_gprs_timer){ NAS_T_2S, (uint8_t)(s / 2 ? s / 2 : 1) };
	if (s / 60 <= 31)
		return (struct nas_gprs_timer){ NAS_T_1MIN, (uint8_t)(s / 60) };
	return (struct nas_gprs_timer){ NAS_T_6MIN, (uint8_t)(s / 360 > 31 ? 31 : s / 360) };
}

int amf_nas_send_reg_reject(struct amf *amf, struct amf_ue *ue, uint8_t cause, bool t3346)
{
	struct nas_msg m;
	nas_msg_init(&m, NAS_REG_REJ);
	m.reg_rej.cause = cause;
	/* 5.5.1.2.5: #22 comes with the back-off timer T3346. */
	if (t3346)
		NAS_SET(m.reg_rej, t3346, amf_gprs_timer2(amf->cfg->timers.t3346_ms));
	if (cause == 62 && ue->n_rejected) {
		m.reg_rej.has_rejected_nssai = true;
		for (unsigned i = 0; i < ue->n_rejected && i < NAS_REJ_NSSAI_MAX; i++) {
			m.reg_rej.rejected_nssai.e[i].cause = 0; /* not available in the PLMN */
			m.reg_rej.rejected_nssai.e[i].s = ue->rejected[i];
			m.reg_rej.rejected_nssai.n++;
		}
	}
	return amf_nas_send(amf, ue, &m);
}

int amf_nas_send_reg_accept(struct amf *amf, struct amf_ue *ue, bool with_guti, bool with_ics)
{
	struct nas_msg m;
	uint8_t buf[AMF_NAS_MAX];

	nas_msg_init(&m, NAS_REG_ACC);
	struct nas_reg_acc *a = &m.reg_acc;
	a->result = NAS_RR_3GPP;
	if (with_guti) {
		a->has_guti = true;
		nas_id_guti(&a->guti, &amf->guami, ue->tmsi);
	}
	/* 5.3.4: the registration area is the TAI list; all our TAIs. */
	a->has_tai_list = true;
	for (unsigned i = 0; i < amf->n_tais; i++)
		nas_tai_list_add(&a->tai_list, &amf->tais[i]);
	a->has_allowed_nssai = true;
	for (unsigned i = 0; i < ue->n_allowed; i++)
		a->allowed_nssai.e[a->allowed_nssai.n++].s = ue->allowed[i];
	if (ue->n_rejected) {
		a->has_rejected_nssai = true;
		for (unsigned i = 0; i < ue->n_rejected && i < NAS_REJ_NSSAI_MAX; i++) {
			a->rejected_nssai.e[i].cause = 0;
			a->rejected_nssai.e[i].s = ue->rejected[i];
			a->rejected_nssai.n++;
		}
	}
	/* 9.11.3.5: no optional feature (IMS VoPS, EMC, ...) offered. */
	a->has_nfs = true;
	a->nfs.len = 2;
	NAS_SET(*a, t3512, amf_gprs_timer3(amf->cfg->timers.t3512_ms));
	int n = amf_nas_encode(amf, ue, &m, buf, sizeof(buf));
	if (n < 0)
		return n;
	LOG(LOG_DEBUG, ue->ctx, "tx Registration accept%s%s", with_guti ? " (new 5G-GUTI)" : "",
	    with_ics ? " in INITIAL CONTEXT SETUP" : "");
	if (with_ics && !ue->ctx_in_ran)
		return amf_ngap_send_ics(amf, ue, buf, (size_t)n);
	return amf_ngap_send_dl_nas(amf, ue, buf, (size_t)n);
}

/* TS 24.008 10.5.3.5a network name, GSM 7-bit default alphabet (the
 * configuration allows only characters that are the same as in ASCII). */
static int network_name(uint8_t *out, size_t cap, const char *name)
{
	size_t n = strlen(name);
	size_t bytes = (n * 7 + 7) / 8;
	if (n == 0 || 1 + bytes > cap)
		return -E_NOSPC;
	memset(out, 0, 1 + bytes);
	unsigned spare = (unsigned)((8 - (n * 7) % 8) % 8);
	out[0] = (uint8_t)(0x80 | spare); /* ext 1, coding scheme 000 (GSM 7), no CI */
	for (size_t i = 0; i < n; i++) {
		size_t bit = i * 7;
		uint8_t c = (uint8_t)name[i] & 0x7F;
		out[1 + bit / 8] |= (uint8_t)(c << (bit % 8));
		if (bit % 8 > 1)
			out[1 + bit / 8 + 1] |= (uint8_t)(c >> (8 - bit % 8));
	}
	return (int)(1 + bytes);
}

int amf_nas_send_conf_update(struct amf *amf, struct amf_ue *ue)
{
	struct nas_msg m;
	uint8_t full[80], shrt[48];

	nas_msg_init(&m, NAS_CONF_UPDATE_CMD);
	int n = network_name(full, sizeof(full), amf->cfg->network_name.full);
	if (n > 0)
		NAS_SET(m.conf_update_cmd, full_name, (struct nas_buf){ full, (uint16_t)n });
	n = network_name(shrt, sizeof(shrt), amf->cfg->network_name.short_);
	if (n > 0)
		NAS_SET(m.conf_update_cmd, short_name, (struct nas_buf){ shrt, (uint16_t)n });
	if (!m.conf_update_cmd.has_full_name && !m.conf_update_cmd.has_short_name)
		return 0;
	return amf_nas_send(amf, ue, &m);
}

int amf_nas_send_dereg_accept(struct amf *amf, struct amf_ue *ue)
{
	struct nas_msg m;
	nas_msg_init(&m, NAS_DEREG_ACC_UE);
	return amf_nas_send(amf, ue, &m);
}

int amf_nas_send_dereg_req(struct amf *amf, struct amf_ue *ue, bool rereg_required, uint8_t cause)
{
	struct nas_msg m;
	nas_msg_init(&m, NAS_DEREG_REQ_NW);
	m.dereg_req_nw.dereg_type =
		(struct nas_dereg_type){ false, rereg_required, NAS_ACCESS_3GPP };
	if (cause)
		NAS_SET(m.dereg_req_nw, cause, cause);
	return amf_nas_send(amf, ue, &m);
}

int amf_nas_send_dl_transport_err(struct amf *amf, struct amf_ue *ue,
				  const struct nas_ul_nas_transport *ul)
{
	struct nas_msg m;
	nas_msg_init(&m, NAS_DL_NAS_TRANSPORT);
	/* 5.4.5.2.5: no SMF here: the payload goes back with #90. */
	m.dl_nas.payload_type = ul->payload_type;
	m.dl_nas.payload = ul->payload;
	if (ul->has_psi)
		NAS_SET(m.dl_nas, psi, ul->psi);
	NAS_SET(m.dl_nas, cause, 90);
	return amf_nas_send(amf, ue, &m);
}
