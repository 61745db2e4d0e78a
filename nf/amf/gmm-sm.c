/* gmm-sm.c — the per-UE GMM machine (TS 24.501 5.4 common procedures,
 * 5.5 registration and de-registration), network side.
 *
 *  REG REQ (SUCI, or known UE failing integrity)        REG REQ, 5G-GUTI unknown
 *  DEREGISTERED ------------------------------+  +----------------------> IDENTIFYING (T3570)
 *     |  ^                                    v  |                           | IDENTITY RESPONSE
 *     |  |                          AUTH_WAIT_AUSF <-------------------------+
 *     |  | reject/abort                  | 201: AUTHENTICATION REQUEST      ^ #21: resync via AUSF
 *     |  |                               v                                  |
 *     |  +------------------------ AUTHENTICATING (T3560) -------------------+
 *     |                                | AUTHENTICATION RESPONSE, HRES* == HXRES*
 *     |                                v
 *     |                           AUTH_CONFIRM --AUTHENTICATION_SUCCESS--> SECURITY_MODE (T3560)
 *     | REG REQ, integrity ok                                                 | SMC COMPLETE
 *     +-------------------------------> WAIT_UDM <-----------------------------+
 *                                          | UECM registration, SDM am-data (nssai)
 *                                          v
 *                        WAIT_REG_COMPLETE (T3550) --REG COMPLETE--> REGISTERED
 *                                                                     |  ^  | network de-registration
 *                                                  periodic/mobility  +--+  v
 *                                                  update                DEREG_INITIATED (T3522)
 *
 * Every state takes REGISTRATION REQUEST (a new one restarts the procedure,
 * 5.5.1.2.8), DE-REGISTRATION REQUEST, 5GMM STATUS and CONN_LOST. A NAS
 * message a state does not permit gets 5GMM STATUS #98 (TS 24.501 7.3).
 * Handlers take decoded messages (struct gmm_rx) and never parse.
 */
#include <inttypes.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/crypto/ct.h"
#include "lib/crypto/kdf.h"
#include "lib/crypto/nas_alg.h"
#include "nf/amf/ctx.h"

static const char *const gmm_state_names[GMM__N] = {
	[GMM_DEREGISTERED] = "DEREGISTERED",
	[GMM_IDENTIFYING] = "IDENTIFYING",
	[GMM_AUTH_WAIT_AUSF] = "AUTH_WAIT_AUSF",
	[GMM_AUTHENTICATING] = "AUTHENTICATING",
	[GMM_AUTH_CONFIRM] = "AUTH_CONFIRM",
	[GMM_SECURITY_MODE] = "SECURITY_MODE",
	[GMM_WAIT_UDM] = "WAIT_UDM",
	[GMM_WAIT_REG_COMPLETE] = "WAIT_REG_COMPLETE",
	[GMM_REGISTERED] = "REGISTERED",
	[GMM_DEREG_INITIATED] = "DEREG_INITIATED",
};

static const char *const gmm_event_names[GMM_EV__N] = {
	[GMM_EV_REG_REQ] = "REGISTRATION_REQUEST",
	[GMM_EV_ID_RESP] = "IDENTITY_RESPONSE",
	[GMM_EV_AUTH_RESP] = "AUTHENTICATION_RESPONSE",
	[GMM_EV_AUTH_FAIL] = "AUTHENTICATION_FAILURE",
	[GMM_EV_SMC_COMPLETE] = "SECURITY_MODE_COMPLETE",
	[GMM_EV_SMC_REJECT] = "SECURITY_MODE_REJECT",
	[GMM_EV_REG_COMPLETE] = "REGISTRATION_COMPLETE",
	[GMM_EV_DEREG_REQ] = "DEREGISTRATION_REQUEST",
	[GMM_EV_DEREG_ACC] = "DEREGISTRATION_ACCEPT",
	[GMM_EV_STATUS] = "5GMM_STATUS",
	[GMM_EV_UL_NAS] = "UL_NAS_TRANSPORT",
	[GMM_EV_OTHER_NAS] = "OTHER_NAS",
	[GMM_EV_TIMEOUT] = "TIMEOUT",
	[GMM_EV_AUSF_AV] = "AUSF_AUTH_ANSWER",
	[GMM_EV_AUSF_CONFIRM] = "AUSF_CONFIRM_ANSWER",
	[GMM_EV_UDM_DONE] = "UDM_DONE",
	[GMM_EV_NW_DEREG] = "NETWORK_DEREGISTRATION",
	[GMM_EV_CONN_LOST] = "CONNECTION_LOST",
};

const char *amf_gmm_state_name(int s)
{
	return s >= 0 && s < GMM__N ? gmm_state_names[s] : "?";
}

#define UE_OF(f) ((struct amf_ue *)(f)->priv)

/* ---- outcomes ---- */

static void release_conn(struct amf_ue *ue, enum ngap_CauseNas nas_cause)
{
	struct ngap_Cause c = amf_cause(NGAP_Cause_PR_nas, nas_cause);
	if (ue->connected)
		amf_ngap_send_ue_release(ue->amf, ue, &c);
}

/* After a reject the UE deletes its context (TS 24.501 5.4.1.3.5,
 * 5.5.1.2.5): so do we, once the rejecting message has been sent. */
static void forget_security(struct amf_ue *ue)
{
	ue->sec_valid = false;
	ue->uecm_registered = false;
}

/* Ends the registration with REGISTRATION REJECT (TS 24.501 5.5.1.2.5) and
 * releases the NAS signalling connection; the context is freed once the
 * connection is gone. */
static void reg_reject(struct amf_ue *ue, uint8_t cause)
{
	struct amf *amf = ue->amf;
	LOG_RL(LOG_NOTICE, ue->ctx, "registration rejected: #%u %s", cause,
	       nas_cause_name(NAS_EPD_5GMM, cause));
	amf_nas_send_reg_reject(amf, ue, cause, cause == 22);
	amf_count_reg_failed(amf, ue, cause);
	ue->txn = 0;
	forget_security(ue);
	fsm_transition(&ue->gmm, GMM_DEREGISTERED);
	release_conn(ue, NGAP_CauseNas_unspecified);
}

/* AUTHENTICATION REJECT (5.4.1.3.5): the UE is not authenticated. */
static void auth_reject(struct amf_ue *ue)
{
	struct amf *amf = ue->amf;
	LOG_RL(LOG_NOTICE, ue->ctx, "authentication rejected");
	amf_nas_send_auth_reject(amf, ue);
	amf_count_reg_failed(amf, ue, 0);
	ue->txn = 0;
	forget_security(ue);
	fsm_transition(&ue->gmm, GMM_DEREGISTERED);
	release_conn(ue, NGAP_CauseNas_authentication_failure);
}

/* The procedure cannot go on (timer exhausted, SMC rejected, connection
 * gone): keep an earlier registration if there was one, else forget the UE. */
static void abort_proc(struct amf_ue *ue, uint8_t count_cause)
{
	struct amf *amf = ue->amf;
	amf_count_reg_failed(amf, ue, count_cause);
	ue->txn = 0;
	nas_sec_fini(&ue->sec_new);
	ue->sec_new_valid = false;
	if (ue->sec_valid && ue->uecm_registered && ue->n_allowed) {
		fsm_transition(&ue->gmm, GMM_REGISTERED);
		if (ue->connected)
			release_conn(ue, NGAP_CauseNas_unspecified);
		else
			fsm_timer_start(&ue->gmm, GMM_T_MOBILE_REACHABLE);
		return;
	}
	fsm_transition(&ue->gmm, GMM_DEREGISTERED);
	if (ue->connected)
		release_conn(ue, NGAP_CauseNas_unspecified);
	else
		amf_ue_release(amf, ue);
}

/* Local de-registration: no message to the UE (implicit, 5.3.7, or after
 * the network procedure gave up). */
static void local_dereg(struct amf_ue *ue, const char *why)
{
	struct amf *amf = ue->amf;
	LOG_RL(LOG_INFO, ue->ctx, "de-registered (%s)", why);
	metric_inc(amf->m.deregistrations);
	ue->txn = 0;
	fsm_transition(&ue->gmm, GMM_DEREGISTERED);
	if (ue->connected)
		release_conn(ue, NGAP_CauseNas_deregister);
	else
		amf_ue_release(amf, ue);
}

/* ---- procedure steps ---- */

static int choose_nia(const struct amf *amf, const struct amf_ue *ue)
{
	/* TS 33.501 5.5.2 / 6.7.2: NIA0 only for emergency (not offered here):
	 * the first configured algorithm the UE supports, never NIA0. */
	for (uint32_t i = 0; i < amf->cfg->n_integrity; i++) {
		int a = amf->cfg->integrity[i];
		if (a != 0 && (ue->ue_sec_cap.nia & NAS_ALG_BIT(a)))
			return a;
	}
	return -1;
}

static int choose_nea(const struct amf *amf, const struct amf_ue *ue)
{
	for (uint32_t i = 0; i < amf->cfg->n_ciphering; i++) {
		int a = amf->cfg->ciphering[i];
		/* 5G-EA0 is mandatory in every UE (TS 33.501 5.11.1.1). */
		if (a == 0 || (ue->ue_sec_cap.nea & NAS_ALG_BIT(a)))
			return a;
	}
	return -1;
}

static void start_auth(struct amf_ue *ue, const uint8_t *auts)
{
	int rc = amf_ausf_authenticate(ue->amf, ue, auts);
	if (rc < 0) {
		reg_reject(ue, 17); /* #17 network failure */
		return;
	}
	fsm_transition(&ue->gmm, GMM_AUTH_WAIT_AUSF);
}

static void start_identification(struct amf_ue *ue)
{
	ue->identified = true;
	fsm_transition(&ue->gmm, GMM_IDENTIFYING);
	amf_nas_send_identity_req(ue->amf, ue);
}

static void start_udm(struct amf_ue *ue)
{
	if (amf_udm_register(ue->amf, ue) < 0) {
		reg_reject(ue, 17);
		return;
	}
	fsm_transition(&ue->gmm, GMM_WAIT_UDM);
}

static void start_smc(struct amf_ue *ue)
{
	struct amf *amf = ue->amf;
	uint8_t kint[16], kenc[16];
	int nia = choose_nia(amf, ue), nea = choose_nea(amf, ue);

	if (nia < 0 || nea < 0) {
		reg_reject(ue, 23); /* #23 UE security capabilities mismatch */
		return;
	}
	/* TS 33.501 A.8: K_NASint / K_NASenc from the new K_AMF. */
	if (kdf_alg_key(ue->kamf_new, KDF_N_NAS_INT, (uint8_t)nia, kint) < 0 ||
	    kdf_alg_key(ue->kamf_new, KDF_N_NAS_ENC, (uint8_t)nea, kenc) < 0 ||
	    nas_sec_init(&ue->sec_new, NAS_ROLE_NETWORK, (struct nas_ksi){ 0, ue->ksi_new }, kint,
			 kenc, (uint8_t)nia, (uint8_t)nea) < 0) {
		crypto_wipe(kint, sizeof(kint));
		crypto_wipe(kenc, sizeof(kenc));
		reg_reject(ue, 111);
		return;
	}
	crypto_wipe(kint, sizeof(kint));
	crypto_wipe(kenc, sizeof(kenc));
	ue->sec_new_valid = true;
	LOG(LOG_DEBUG, ue->ctx, "security mode: NIA%d NEA%d", nia, nea);
	fsm_transition(&ue->gmm, GMM_SECURITY_MODE);
	amf_nas_send_smc(amf, ue);
}

static bool in_list(const struct s_nssai *l, unsigned n, const struct s_nssai *s)
{
	for (unsigned i = 0; i < n; i++)
		if (s_nssai_eq(&l[i], s))
			return true;
	return false;
}

/* The allowed NSSAI (TS 24.501 5.5.1.2.4, TS 23.501 5.15.5.2.1): requested
 * S-NSSAIs that are subscribed and supported by the AMF and in the UE's TA;
 * the subscribed defaults when none of those is left. No subscription data
 * means every S-NSSAI the AMF supports is subscribed. */
static void compute_nssai(struct amf_ue *ue)
{
	struct amf *amf = ue->amf;
	struct amf_gnb *gnb = ue->connected ? amf_gnb_get(amf, ue->gnb) : NULL;
	const struct amf_gnb_ta *ta = NULL;

	if (gnb)
		for (unsigned i = 0; i < gnb->n_tas; i++)
			if (gnb->tas[i].tai.tac == ue->tai.tac &&
			    plmn_eq(&gnb->tas[i].tai.plmn, &ue->tai.plmn))
				ta = &gnb->tas[i];
	ue->n_allowed = 0;
	ue->n_rejected = 0;
	for (unsigned i = 0; i < ue->n_req_nssai; i++) {
		const struct s_nssai *s = &ue->req_nssai[i];
		bool ok = amf_slice_supported(amf, s) &&
			  (!ue->n_subscribed || in_list(ue->subscribed, ue->n_subscribed, s)) &&
			  (!ta || in_list(ta->slices, ta->n_slices, s));
		if (ok)
			ue->allowed[ue->n_allowed++] = *s;
		else if (ue->n_rejected < AMF_MAX_SLICES)
			ue->rejected[ue->n_rejected++] = *s;
	}
	if (ue->n_allowed)
		return;
	for (unsigned i = 0; i < (ue->n_subscribed ? ue->n_subscribed : amf->n_slices); i++) {
		const struct s_nssai *s = ue->n_subscribed ? &ue->subscribed[i] : &amf->slices[i];
		bool dflt = !ue->n_subscribed || (ue->subscribed_default & (1u << i));
		if (dflt && amf_slice_supported(amf, s) &&
		    (!ta || in_list(ta->slices, ta->n_slices, s)))
			ue->allowed[ue->n_allowed++] = *s;
	}
}

static void reg_done(struct amf_ue *ue)
{
	struct amf *amf = ue->amf;
	if (ue->reg_counted) {
		metric_inc(amf->m.reg_succeeded);
		ue->reg_counted = false;
	}
	LOG_RL(LOG_INFO, ue->ctx, "registered (5G-TMSI %08" PRIx32 ")", ue->tmsi);
	fsm_transition(&ue->gmm, GMM_REGISTERED);
	/* 5.5.1.2.4 / 5.5.1.3.4: without a follow-on request the network
	 * releases the NAS signalling connection once the procedure is over. */
	if (!ue->follow_on && amf->cfg->release_after_registration)
		release_conn(ue, NGAP_CauseNas_normal_release);
}

static void send_accept(struct amf_ue *ue)
{
	struct amf *amf = ue->amf;

	compute_nssai(ue);
	if (!ue->n_allowed) {
		reg_reject(ue, 62); /* #62 no network slices available */
		return;
	}
	/* 5.5.1.2.4: a new 5G-GUTI on initial registration, or when the UE came
	 * with an identity other than our 5G-GUTI. */
	bool with_guti =
		ue->reg_type == NAS_REG_INITIAL || !ue->has_guti || ue->id_type != NAS_ID_GUTI;
	if (with_guti && amf_ue_new_tmsi(amf, ue) < 0) {
		reg_reject(ue, 22);
		return;
	}
	/* Initial registration: the gNB gets the UE context (K_gNB) with the
	 * accept; updates only when the UE wants to stay connected. */
	bool with_ics = ue->reg_type == NAS_REG_INITIAL || ue->follow_on;
	ue->guti_in_accept = with_guti;
	if (with_guti) {
		fsm_transition(&ue->gmm, GMM_WAIT_REG_COMPLETE);
		amf_nas_send_reg_accept(amf, ue, true, with_ics);
		return;
	}
	amf_nas_send_reg_accept(amf, ue, false, with_ics);
	reg_done(ue);
}

/* Builds the SUCI string of TS 29.571 (Suci) from a decoded SUCI. */
static int suci_string(char *out, size_t cap, const struct nas_suci *s)
{
	char p[8], mcc[4], mnc[4];
	if (s->supi_fmt != NAS_SUPI_IMSI)
		return -E_UNSUPP;
	plmn_str(&s->plmn, p);
	memcpy(mcc, p, 3);
	mcc[3] = 0;
	snprintf(mnc, sizeof(mnc), "%s", p + 3);
	int n;
	if (s->scheme == NAS_SCHEME_NULL) {
		n = snprintf(out, cap, "suci-0-%s-%s-%s-0-0-%s", mcc, mnc, s->routing, s->msin);
	} else {
		if (!s->out.p || s->out.len == 0 || (size_t)s->out.len * 2 + 32 > cap)
			return -E_NOSPC;
		n = snprintf(out, cap, "suci-0-%s-%s-%s-%x-%u-", mcc, mnc, s->routing, s->scheme,
			     s->hnpki);
		if (n < 0)
			return -E_INVAL;
		hex_encode(out + n, s->out.p, s->out.len);
		n += 2 * s->out.len;
	}
	return n > 0 && (size_t)n < cap ? 0 : -E_NOSPC;
}

static void take_reg_params(struct amf_ue *ue, const struct nas_reg_req *r)
{
	ue->reg_type = r->reg_type.value;
	ue->follow_on = r->reg_type.follow_on;
	ue->ue_ksi = r->ngksi;
	ue->id_type = r->mobile_id.type;
	if (r->has_ue_sec_cap) {
		ue->ue_sec_cap = r->ue_sec_cap;
		ue->has_sec_cap = true;
	}
	if (r->has_requested_nssai) {
		ue->n_req_nssai = 0;
		for (unsigned i = 0; i < r->requested_nssai.n && i < AMF_MAX_SLICES; i++)
			ue->req_nssai[ue->n_req_nssai++] = r->requested_nssai.e[i].s;
	}
}

/* 4.4.6: the whole REGISTRATION REQUEST, ciphered with the NAS COUNT of
 * the integrity-protected message that carries it. */
static void take_container(struct amf_ue *ue, struct nas_buf c, uint32_t count)
{
	uint8_t plain[1024];
	struct nas_msg m;
	struct arena a;
	uint8_t ab[2048];

	if (c.len == 0 || c.len > sizeof(plain))
		return;
	memcpy(plain, c.p, c.len);
	if (nea_crypt((enum nas_alg)ue->sec.nea, ue->sec.k_enc, count, ue->sec.bearer, NAS_DIR_UL,
		      plain, c.len) < 0)
		return;
	arena_init(&a, ab, sizeof(ab), sizeof(ab));
	if (nas_decode(&m, plain, c.len, &a, NULL) == 0 && m.type == NAS_REG_REQ)
		take_reg_params(ue, &m.reg_req);
	else
		LOG_RL(LOG_NOTICE, ue->ctx, "NAS message container unusable: ignored");
	arena_fini(&a);
	crypto_wipe(plain, sizeof(plain));
}

/* REGISTRATION REQUEST, in any state (5.5.1.2.2, 5.5.1.3.2; a new request
 * during a registration restarts it, 5.5.1.2.8 e). */
static void on_reg_req(struct amf_ue *ue, const struct gmm_rx *rx)
{
	struct amf *amf = ue->amf;
	const struct nas_reg_req *r = &rx->msg->reg_req;

	fsm_timer_stop(&ue->gmm);
	ue->txn = 0; /* answers to an earlier procedure are dropped */
	if (!ue->reg_counted) {
		metric_inc(amf->m.reg_attempted);
		ue->reg_counted = true;
	}
	if (ue->congestion) {
		/* 5.5.1.2.5 / TS 23.501 5.19.7: no context free: #22 with T3346. */
		metric_inc(amf->m.congestion);
		reg_reject(ue, 22);
		return;
	}
	ue->n_req_nssai = 0;
	take_reg_params(ue, r);
	ue->reg_verified = rx->mac_ok;
	ue->identified = false;
	ue->resyncs = 0;
	nas_sec_fini(&ue->sec_new);
	ue->sec_new_valid = false;

	if (ue->reg_type != NAS_REG_INITIAL && ue->reg_type != NAS_REG_MOBILITY &&
	    ue->reg_type != NAS_REG_PERIODIC) {
		reg_reject(ue, 111); /* emergency, SNPN onboarding, disaster roaming: not offered */
		return;
	}
	if (ue->connected && !amf_tai_served(amf, &ue->tai)) {
		reg_reject(ue, 15); /* #15 no suitable cells in tracking area */
		return;
	}
	if (rx->mac_ok && ue->sec_valid) {
		/* 4.4.4.3: integrity verified with the current context: the
		 * secure exchange is established, no authentication needed. */
		ue->secured = true;
		if (r->has_nas_msg)
			take_container(ue, r->nas_msg, rx->count);
		if (ue->reg_type != NAS_REG_INITIAL && ue->uecm_registered && ue->n_allowed)
			send_accept(ue);
		else
			start_udm(ue);
		return;
	}
	/* 8.2.6.4: the UE security capability is mandatory here (conditional IE). */
	if (!ue->has_sec_cap) {
		reg_reject(ue, 100);
		return;
	}
	if (choose_nia(amf, ue) < 0) {
		/* A UE offering only NIA0 (or nothing we configured). */
		reg_reject(ue, 23);
		return;
	}
	switch (r->mobile_id.type) {
	case NAS_ID_SUCI:
		if (suci_string(ue->suci, sizeof(ue->suci), &r->mobile_id.suci) < 0) {
			reg_reject(ue, 9); /* #9 UE identity cannot be derived */
			return;
		}
		amf_ue_set_ctx(ue);
		start_auth(ue, NULL);
		return;
	case NAS_ID_GUTI:
		if (ue->supi[0]) { /* our 5G-GUTI, context known: authenticate it */
			ue->suci[0] = 0;
			start_auth(ue, NULL);
			return;
		}
		start_identification(ue); /* 5.4.3: 5G-GUTI unknown */
		return;
	default: start_identification(ue); return;
	}
}

static void on_dereg_req(struct amf_ue *ue, const struct gmm_rx *rx)
{
	struct amf *amf = ue->amf;
	const struct nas_dereg_req_ue *d = &rx->msg->dereg_req_ue;

	if (!rx->mac_ok && ue->sec_valid) {
		/* A context exists and the request is not verified by it: someone
		 * else may be using the 5G-GUTI; keep the registration. */
		metric_inc(amf->m.nas_discarded);
		LOG_RL(LOG_NOTICE, ue->ctx, "DEREGISTRATION REQUEST failing integrity: ignored");
		return;
	}
	fsm_timer_stop(&ue->gmm);
	ue->txn = 0;
	if (ue->gmm.state == GMM_REGISTERED || ue->gmm.state == GMM_DEREG_INITIATED)
		metric_inc(amf->m.deregistrations);
	LOG_RL(LOG_INFO, ue->ctx, "de-registration by the UE%s",
	       d->dereg_type.switch_off ? " (switch off)" : "");
	/* 5.5.2.2.2: DEREGISTRATION ACCEPT unless the UE is switching off. */
	if (!d->dereg_type.switch_off)
		amf_nas_send_dereg_accept(amf, ue);
	amf_count_reg_failed(amf, ue, 111);
	ue->uecm_registered = false;
	fsm_transition(&ue->gmm, GMM_DEREGISTERED);
	release_conn(ue, NGAP_CauseNas_deregister);
}

/* Handles what every state handles the same way. Returns true if done. */
static bool common(struct amf_ue *ue, int ev, void *data)
{
	const struct gmm_rx *rx = data;
	switch (ev) {
	case GMM_EV_REG_REQ: on_reg_req(ue, rx); return true;
	case GMM_EV_DEREG_REQ: on_dereg_req(ue, rx); return true;
	case GMM_EV_STATUS:
		/* 5.4.? / 7: received 5GMM STATUS: logged; no state change. */
		LOG_RL(LOG_NOTICE, ue->ctx, "5GMM STATUS from the UE: #%u %s",
		       rx->msg->mm_status.cause,
		       nas_cause_name(NAS_EPD_5GMM, rx->msg->mm_status.cause));
		return true;
	default: return false;
	}
}

/* ---- state handlers ---- */

static void st_deregistered(struct fsm *f, int ev, void *data)
{
	struct amf_ue *ue = UE_OF(f);
	if (common(ue, ev, data))
		return;
	if (ev == GMM_EV_CONN_LOST) {
		/* A UE that de-registered keeps its 5G-GUTI and NAS security
		 * context; so does the AMF for a while (TS 23.502 4.2.2.3.2), and
		 * a later registration with that 5G-GUTI needs no new AKA. */
		if (ue->sec_valid && ue->supi[0] && ue->has_guti &&
		    ue->amf->cfg->timers.dereg_keep_ms > 0) {
			fsm_timer_start(f, GMM_T_DEREG_KEEP);
			amf_ue_kept(ue->amf, ue);
		} else
			amf_ue_release(ue->amf, ue);
	} else if (ev == GMM_EV_TIMEOUT) {
		if (!ue->connected)
			amf_ue_release(ue->amf, ue);
	} else if (ev == GMM_EV_OTHER_NAS) {
		const struct gmm_rx *rx = data;
		if (rx->msg->type == NAS_SERVICE_REQ) {
			/* 5.6.1.5: a UE we do not know: #9, it registers again. */
			struct nas_msg m;
			nas_msg_init(&m, NAS_SERVICE_REJ);
			m.service_rej.cause = 9;
			amf_nas_send(ue->amf, ue, &m);
			release_conn(ue, NGAP_CauseNas_unspecified);
		} else {
			amf_nas_send_status(ue->amf, ue, NAS_CAUSE_MSG_TYPE_INCOMPAT);
		}
	}
	/* NW_DEREG: nothing registered, nothing to do. */
}

static void st_identifying(struct fsm *f, int ev, void *data)
{
	struct amf_ue *ue = UE_OF(f);
	if (common(ue, ev, data))
		return;
	switch (ev) {
	case GMM_EV_ID_RESP: {
		const struct gmm_rx *rx = data;
		const struct nas_mobile_id *id = &rx->msg->identity_resp.mobile_id;
		if (id->type != NAS_ID_SUCI ||
		    suci_string(ue->suci, sizeof(ue->suci), &id->suci) < 0) {
			reg_reject(ue, 9);
			return;
		}
		amf_ue_set_ctx(ue);
		start_auth(ue, NULL);
		return;
	}
	case GMM_EV_TIMEOUT:
		/* 5.4.3.6: T3570 retransmission, abort on the fifth expiry. */
		if (fsm_timer_exhausted(f)) {
			abort_proc(ue, 111);
			return;
		}
		amf_nas_send_identity_req(ue->amf, ue);
		fsm_timer_start(f, GMM_T3570);
		return;
	case GMM_EV_CONN_LOST: abort_proc(ue, 111); return;
	}
}

static uint8_t next_ksi(const struct amf_ue *ue)
{
	/* A ngKSI different from the UE's current one (TS 24.501 5.4.1.3.2). */
	uint8_t cur = ue->sec_valid ? ue->sec.ksi.ksi : ue->ue_ksi.ksi;
	return cur >= 6 ? 0 : (uint8_t)(cur + 1);
}

static void st_auth_wait_ausf(struct fsm *f, int ev, void *data)
{
	struct amf_ue *ue = UE_OF(f);
	if (common(ue, ev, data))
		return;
	switch (ev) {
	case GMM_EV_AUSF_AV: {
		const struct amf_ausf_av *av = data;
		if (av->rc == AMF_RC_AUTH_REJECT) {
			auth_reject(ue);
			return;
		}
		if (av->rc) {
			reg_reject(ue, (uint8_t)av->rc);
			return;
		}
		memcpy(ue->rand, av->rand, 16);
		memcpy(ue->autn, av->autn, 16);
		memcpy(ue->hxres_star, av->hxres_star, 16);
		snprintf(ue->confirm_uri, sizeof(ue->confirm_uri), "%s", av->confirm_uri);
		ue->ksi_new = next_ksi(ue);
		fsm_transition(f, GMM_AUTHENTICATING);
		amf_nas_send_auth_req(ue->amf, ue);
		return;
	}
	case GMM_EV_CONN_LOST: abort_proc(ue, 111); return;
	}
}

static void on_auth_resp(struct amf_ue *ue, const struct nas_auth_resp *r)
{
	uint8_t hres[16];

	if (!r->has_res || kdf_hres_star(ue->rand, r->res, hres) < 0 ||
	    !ct_eq(hres, ue->hxres_star, sizeof(hres))) {
		/* TS 33.501 6.1.3.2.2 / TS 24.501 5.4.1.3.7 c: RES* wrong. With a
		 * 5G-GUTI the UE may be someone else: ask for the SUCI once. */
		LOG_RL(LOG_NOTICE, ue->ctx, "RES* does not match HXRES*");
		if (r->has_res)
			amf_ausf_confirm(ue->amf, ue, r->res, true);
		if (ue->id_type == NAS_ID_GUTI && !ue->identified) {
			start_identification(ue);
			return;
		}
		auth_reject(ue);
		return;
	}
	if (amf_ausf_confirm(ue->amf, ue, r->res, false) < 0) {
		reg_reject(ue, 17);
		return;
	}
	fsm_transition(&ue->gmm, GMM_AUTH_CONFIRM);
}

static void on_auth_fail(struct amf_ue *ue, const struct nas_auth_fail *a)
{
	switch (a->cause) {
	case 21: /* synch failure: 5.4.1.3.7 f, TS 33.501 6.1.3.3: resync via AUSF/UDM */
		if (!a->has_auts || ue->resyncs >= 2) {
			auth_reject(ue);
			return;
		}
		ue->resyncs++;
		LOG_RL(LOG_INFO, ue->ctx, "synch failure: resynchronising through the AUSF");
		start_auth(ue, a->auts);
		return;
	case 20: /* MAC failure: 5.4.1.3.7 c */
	case 26: /* non-5G authentication unacceptable: 5.4.1.3.7 d */
		LOG_RL(LOG_NOTICE, ue->ctx, "authentication failure #%u %s", a->cause,
		       nas_cause_name(NAS_EPD_5GMM, a->cause));
		if (ue->id_type == NAS_ID_GUTI && !ue->identified) {
			start_identification(ue);
			return;
		}
		auth_reject(ue);
		return;
	default:
		LOG_RL(LOG_NOTICE, ue->ctx, "authentication failure with cause #%u", a->cause);
		abort_proc(ue, a->cause);
		return;
	}
}

static void st_authenticating(struct fsm *f, int ev, void *data)
{
	struct amf_ue *ue = UE_OF(f);
	const struct gmm_rx *rx = data;
	if (common(ue, ev, data))
		return;
	switch (ev) {
	case GMM_EV_AUTH_RESP: on_auth_resp(ue, &rx->msg->auth_resp); return;
	case GMM_EV_AUTH_FAIL: on_auth_fail(ue, &rx->msg->auth_fail); return;
	case GMM_EV_TIMEOUT:
		/* 5.4.1.3.7 a: T3560 retransmission, abort on the fifth expiry. */
		if (fsm_timer_exhausted(f)) {
			abort_proc(ue, 111);
			return;
		}
		amf_nas_send_auth_req(ue->amf, ue);
		fsm_timer_start(f, GMM_T3560);
		return;
	case GMM_EV_CONN_LOST: abort_proc(ue, 111); return;
	}
}

static void st_auth_confirm(struct fsm *f, int ev, void *data)
{
	struct amf_ue *ue = UE_OF(f);
	struct amf *amf = ue->amf;
	if (common(ue, ev, data))
		return;
	if (ev == GMM_EV_CONN_LOST) {
		abort_proc(ue, 111);
		return;
	}
	if (ev != GMM_EV_AUSF_CONFIRM)
		return;
	struct amf_ausf_confirm *c = data;
	if (c->rc == AMF_RC_AUTH_REJECT) {
		auth_reject(ue);
		return;
	}
	if (c->rc) {
		reg_reject(ue, (uint8_t)c->rc);
		return;
	}
	if (!c->success || strncmp(c->supi, "imsi-", 5) != 0) {
		auth_reject(ue);
		return;
	}
	/* A context under the same SUPI (older registration) is superseded. */
	struct amf_ue *old = amf_ue_by_supi(amf, c->supi);
	if (old && old != ue) {
		LOG_RL(LOG_INFO, old->ctx, "superseded by a new registration");
		if (old->connected)
			release_conn(old, NGAP_CauseNas_normal_release);
		old->txn = 0;
		fsm_transition(&old->gmm, GMM_DEREGISTERED);
		if (!old->connected) {
			amf_ue_release(amf, old);
		} else {
			/* Freed once its connection is released; the SUPI is ours now. */
			hmap_del(&amf->ue_by_supi, old->supi, strlen(old->supi));
			old->supi[0] = 0;
		}
	}
	if (amf_ue_set_supi(amf, ue, c->supi) < 0) {
		reg_reject(ue, 22);
		return;
	}
	/* TS 33.501 A.7: K_AMF from K_SEAF, the SUPI digits and ABBA. */
	static const uint8_t abba[2] = { 0, 0 };
	const char *digits = c->supi + 5;
	if (kdf_kamf(c->kseaf, digits, strlen(digits), abba, sizeof(abba), ue->kamf_new) < 0) {
		reg_reject(ue, 111);
		return;
	}
	start_smc(ue);
}

static void on_smc_complete(struct amf_ue *ue, const struct nas_smc_complete *c)
{
	/* 5.4.2.4: the new context becomes the current one. */
	nas_sec_fini(&ue->sec);
	ue->sec = ue->sec_new;
	memcpy(ue->kamf, ue->kamf_new, sizeof(ue->kamf));
	crypto_wipe(ue->kamf_new, sizeof(ue->kamf_new));
	crypto_wipe(&ue->sec_new, sizeof(ue->sec_new));
	ue->sec_new_valid = false;
	ue->sec_valid = true;
	ue->secured = true;
	if (c->has_imeisv && c->imeisv.type == NAS_ID_IMEISV)
		snprintf(ue->pei, sizeof(ue->pei), "imeisv-%s", c->imeisv.digits);
	if (c->has_nas_msg) {
		/* 4.4.6: the complete initial message, with its non-cleartext IEs. */
		struct nas_msg m;
		struct arena a;
		uint8_t ab[2048];
		arena_init(&a, ab, sizeof(ab), sizeof(ab));
		if (nas_decode(&m, c->nas_msg.p, c->nas_msg.len, &a, NULL) == 0 &&
		    m.type == NAS_REG_REQ)
			take_reg_params(ue, &m.reg_req);
		else
			LOG_RL(LOG_NOTICE, ue->ctx,
			       "NAS message container of SMC COMPLETE unusable: ignored");
		arena_fini(&a);
	}
	start_udm(ue);
}

static void st_security_mode(struct fsm *f, int ev, void *data)
{
	struct amf_ue *ue = UE_OF(f);
	const struct gmm_rx *rx = data;
	if (common(ue, ev, data))
		return;
	switch (ev) {
	case GMM_EV_SMC_COMPLETE: on_smc_complete(ue, &rx->msg->smc_complete); return;
	case GMM_EV_SMC_REJECT:
		/* 5.4.2.5: abort the procedure that started the SMC. */
		LOG_RL(LOG_NOTICE, ue->ctx, "SECURITY MODE REJECT #%u", rx->msg->smc_rej.cause);
		abort_proc(ue, rx->msg->smc_rej.cause);
		return;
	case GMM_EV_TIMEOUT:
		/* 5.4.2.7 b: T3560 retransmission, abort on the fifth expiry. */
		if (fsm_timer_exhausted(f)) {
			abort_proc(ue, 111);
			return;
		}
		amf_nas_send_smc(ue->amf, ue);
		fsm_timer_start(f, GMM_T3560);
		return;
	case GMM_EV_CONN_LOST: abort_proc(ue, 111); return;
	}
}

static void st_wait_udm(struct fsm *f, int ev, void *data)
{
	struct amf_ue *ue = UE_OF(f);
	if (common(ue, ev, data))
		return;
	switch (ev) {
	case GMM_EV_UDM_DONE: {
		const struct amf_udm_result *r = data;
		if (r->rc) {
			reg_reject(ue, (uint8_t)r->rc);
			return;
		}
		send_accept(ue);
		return;
	}
	case GMM_EV_CONN_LOST: abort_proc(ue, 111); return;
	}
}

static void st_wait_reg_complete(struct fsm *f, int ev, void *data)
{
	struct amf_ue *ue = UE_OF(f);
	const struct gmm_rx *rx = data;
	if (common(ue, ev, data))
		return;
	switch (ev) {
	case GMM_EV_REG_COMPLETE:
		amf_nas_send_conf_update(ue->amf, ue);
		reg_done(ue);
		return;
	case GMM_EV_UL_NAS: amf_nas_send_dl_transport_err(ue->amf, ue, &rx->msg->ul_nas); return;
	case GMM_EV_TIMEOUT:
		/* 5.5.1.2.8 d: T3550 retransmission; on the fifth expiry the
		 * procedure ends and the new 5G-GUTI stays valid. */
		if (fsm_timer_exhausted(f)) {
			LOG_RL(LOG_NOTICE, ue->ctx, "no REGISTRATION COMPLETE: registered anyway");
			reg_done(ue);
			return;
		}
		amf_nas_send_reg_accept(ue->amf, ue, true, false);
		fsm_timer_start(f, GMM_T3550);
		return;
	case GMM_EV_NW_DEREG: local_dereg(ue, "network"); return;
	case GMM_EV_CONN_LOST:
		/* The UE has the accept (or will register again): keep it. */
		reg_done(ue);
		if (!ue->zombie && ue->gmm.state == GMM_REGISTERED && !ue->connected)
			fsm_timer_start(f, GMM_T_MOBILE_REACHABLE);
		return;
	}
}

static void on_service_req(struct amf_ue *ue, const struct gmm_rx *rx)
{
	struct nas_msg m;
	/* 5.6.1.4: verified with the current context: accept, and the gNB gets
	 * the UE context; else 5.6.1.5 #9. */
	if (!rx->mac_ok || !ue->sec_valid) {
		nas_msg_init(&m, NAS_SERVICE_REJ);
		m.service_rej.cause = 9;
		amf_nas_send(ue->amf, ue, &m);
		release_conn(ue, NGAP_CauseNas_unspecified);
		return;
	}
	ue->secured = true;
	compute_nssai(ue);
	nas_msg_init(&m, NAS_SERVICE_ACC);
	uint8_t buf[AMF_NAS_MAX];
	int n = amf_nas_encode(ue->amf, ue, &m, buf, sizeof(buf));
	if (n > 0)
		amf_ngap_send_ics(ue->amf, ue, buf, (size_t)n);
}

static void st_registered(struct fsm *f, int ev, void *data)
{
	struct amf_ue *ue = UE_OF(f);
	const struct gmm_rx *rx = data;
	if (common(ue, ev, data))
		return;
	switch (ev) {
	case GMM_EV_UL_NAS: amf_nas_send_dl_transport_err(ue->amf, ue, &rx->msg->ul_nas); return;
	case GMM_EV_OTHER_NAS:
		fsm_timer_stop(f);
		if (rx->msg->type == NAS_SERVICE_REQ)
			on_service_req(ue, rx);
		else if (rx->msg->type != NAS_CONF_UPDATE_COMPLETE)
			amf_nas_send_status(ue->amf, ue, NAS_CAUSE_MSG_TYPE_INCOMPAT);
		return;
	case GMM_EV_TIMEOUT:
		/* 5.3.7: mobile reachable timer, then implicit de-registration. */
		if (f->timer_id == GMM_T_MOBILE_REACHABLE) {
			fsm_timer_start(f, GMM_T_IMPLICIT_DEREG);
			return;
		}
		local_dereg(ue, "implicit");
		return;
	case GMM_EV_NW_DEREG: {
		const struct amf_nw_dereg *d = data;
		if (!ue->connected) {
			/* No paging here: a UE in CM-IDLE is de-registered locally. */
			local_dereg(ue, "network, UE idle");
			return;
		}
		metric_inc(ue->amf->m.deregistrations);
		fsm_transition(f, GMM_DEREG_INITIATED);
		amf_nas_send_dereg_req(ue->amf, ue, d->rereg_required, d->cause);
		return;
	}
	case GMM_EV_CONN_LOST: fsm_timer_start(f, GMM_T_MOBILE_REACHABLE); return;
	}
}

static void st_dereg_initiated(struct fsm *f, int ev, void *data)
{
	struct amf_ue *ue = UE_OF(f);
	if (ev == GMM_EV_REG_REQ) {
		/* 5.5.2.3.5: an initial registration aborts the de-registration;
		 * a periodic or mobility update is ignored, ours goes on. */
		const struct gmm_rx *rx = data;
		if (rx->msg->reg_req.reg_type.value != NAS_REG_INITIAL)
			return;
	}
	if (common(ue, ev, data))
		return;
	switch (ev) {
	case GMM_EV_DEREG_ACC:
		LOG_RL(LOG_INFO, ue->ctx, "de-registered by the network");
		fsm_transition(f, GMM_DEREGISTERED);
		release_conn(ue, NGAP_CauseNas_deregister);
		return;
	case GMM_EV_TIMEOUT:
		/* 5.5.2.3.4: T3522 retransmission; local de-registration on the
		 * fifth expiry. */
		if (fsm_timer_exhausted(f)) {
			local_dereg(ue, "no DEREGISTRATION ACCEPT");
			return;
		}
		amf_nas_send_dereg_req(ue->amf, ue, false, 0);
		fsm_timer_start(f, GMM_T3522);
		return;
	case GMM_EV_CONN_LOST: local_dereg(ue, "connection lost during de-registration"); return;
	}
}

/* ---- table ---- */

/* Keeps the per-state counts (metrics, status) on every transition. */
static void count_enter(struct fsm *f, int prev)
{
	struct amf_ue *ue = UE_OF(f);
	struct amf *amf = ue->amf;
	if (amf->ues_in_state[prev])
		amf->ues_in_state[prev]--;
	amf->ues_in_state[f->state]++;
	metric_set(amf->m.ues_state[prev], amf->ues_in_state[prev]);
	metric_set(amf->m.ues_state[f->state], amf->ues_in_state[f->state]);
}

/* TS 24.501 7.3/7.4: a NAS message the state does not expect gets 5GMM
 * STATUS #98; late SBI answers and timers are dropped. */
static void unexpected(struct fsm *f, int ev, void *data)
{
	struct amf_ue *ue = UE_OF(f);
	if (ev <= GMM_EV_OTHER_NAS && data && ue->connected)
		amf_nas_send_status(ue->amf, ue, NAS_CAUSE_MSG_TYPE_INCOMPAT);
}

#define NAS_COMMON                                                                                 \
	(EV(GMM_EV_REG_REQ) | EV(GMM_EV_DEREG_REQ) | EV(GMM_EV_STATUS) | EV(GMM_EV_CONN_LOST))
#define OUT_ANY                                                                                    \
	(ST(GMM_DEREGISTERED) | ST(GMM_REGISTERED) | ST(GMM_IDENTIFYING) |                         \
	 ST(GMM_AUTH_WAIT_AUSF) | ST(GMM_WAIT_UDM) | ST(GMM_WAIT_REG_COMPLETE))

static const struct fsm_state gmm_states[GMM__N] = {
	[GMM_DEREGISTERED] = { "DEREGISTERED", st_deregistered,
			       .events = NAS_COMMON | EV(GMM_EV_OTHER_NAS) | EV(GMM_EV_NW_DEREG) |
					 EV(GMM_EV_TIMEOUT),
			       .next = OUT_ANY, .on_enter = count_enter },
	[GMM_IDENTIFYING] = { "IDENTIFYING", st_identifying, .timer = GMM_T3570,
			      .events = NAS_COMMON | EV(GMM_EV_ID_RESP) | EV(GMM_EV_TIMEOUT),
			      .next = OUT_ANY, .on_enter = count_enter },
	[GMM_AUTH_WAIT_AUSF] = { "AUTH_WAIT_AUSF", st_auth_wait_ausf,
				 .events = NAS_COMMON | EV(GMM_EV_AUSF_AV),
				 .next = OUT_ANY | ST(GMM_AUTHENTICATING),
				 .on_enter = count_enter },
	[GMM_AUTHENTICATING] = { "AUTHENTICATING", st_authenticating, .timer = GMM_T3560,
				 .events = NAS_COMMON | EV(GMM_EV_AUTH_RESP) |
					   EV(GMM_EV_AUTH_FAIL) | EV(GMM_EV_TIMEOUT),
				 .next = OUT_ANY | ST(GMM_AUTH_CONFIRM), .on_enter = count_enter },
	[GMM_AUTH_CONFIRM] = { "AUTH_CONFIRM", st_auth_confirm,
			       .events = NAS_COMMON | EV(GMM_EV_AUSF_CONFIRM),
			       .next = OUT_ANY | ST(GMM_SECURITY_MODE), .on_enter = count_enter },
	[GMM_SECURITY_MODE] = { "SECURITY_MODE", st_security_mode, .timer = GMM_T3560,
				.events = NAS_COMMON | EV(GMM_EV_SMC_COMPLETE) |
					  EV(GMM_EV_SMC_REJECT) | EV(GMM_EV_TIMEOUT),
				.next = OUT_ANY, .on_enter = count_enter },
	[GMM_WAIT_UDM] = { "WAIT_UDM", st_wait_udm, .events = NAS_COMMON | EV(GMM_EV_UDM_DONE),
			   .next = OUT_ANY, .on_enter = count_enter },
	[GMM_WAIT_REG_COMPLETE] = { "WAIT_REG_COMPLETE", st_wait_reg_complete, .timer = GMM_T3550,
				    .events = NAS_COMMON | EV(GMM_EV_REG_COMPLETE) |
					      EV(GMM_EV_UL_NAS) | EV(GMM_EV_TIMEOUT) |
					      EV(GMM_EV_NW_DEREG),
				    .next = OUT_ANY, .on_enter = count_enter },
	[GMM_REGISTERED] = { "REGISTERED", st_registered,
			     .events = NAS_COMMON | EV(GMM_EV_UL_NAS) | EV(GMM_EV_OTHER_NAS) |
				       EV(GMM_EV_TIMEOUT) | EV(GMM_EV_NW_DEREG),
			     .next = OUT_ANY | ST(GMM_DEREG_INITIATED), .on_enter = count_enter },
	[GMM_DEREG_INITIATED] = { "DEREG_INITIATED", st_dereg_initiated, .timer = GMM_T3522,
				  .events = NAS_COMMON | EV(GMM_EV_DEREG_ACC) | EV(GMM_EV_TIMEOUT),
				  .next = OUT_ANY, .on_enter = count_enter },
};

void amf_gmm_def_init(struct amf *amf)
{
	const struct amf_timers_cfg *t = &amf->cfg->timers;
	uint8_t rtx = (uint8_t)t->max_retx;
	int64_t reach =
		t->mobile_reachable_ms ? t->mobile_reachable_ms : t->t3512_ms + 4 * 60 * 1000;

	amf->gmm_timers[GMM_T_NONE] = (struct fsm_timer){ "none", 0, 0 };
	amf->gmm_timers[GMM_T3550] = (struct fsm_timer){ "T3550", (uint32_t)t->t3550_ms, rtx };
	amf->gmm_timers[GMM_T3560] = (struct fsm_timer){ "T3560", (uint32_t)t->t3560_ms, rtx };
	amf->gmm_timers[GMM_T3570] = (struct fsm_timer){ "T3570", (uint32_t)t->t3570_ms, rtx };
	amf->gmm_timers[GMM_T3522] = (struct fsm_timer){ "T3522", (uint32_t)t->t3522_ms, rtx };
	amf->gmm_timers[GMM_T_MOBILE_REACHABLE] =
		(struct fsm_timer){ "mobile-reachable",
				    (uint32_t)(reach > UINT32_MAX ? UINT32_MAX : reach), 0 };
	amf->gmm_timers[GMM_T_IMPLICIT_DEREG] =
		(struct fsm_timer){ "implicit-dereg", (uint32_t)t->implicit_dereg_ms, 0 };
	amf->gmm_timers[GMM_T_DEREG_KEEP] = (struct fsm_timer){
		"dereg-keep",
		(uint32_t)(t->dereg_keep_ms > UINT32_MAX ? UINT32_MAX : t->dereg_keep_ms), 0
	};
	amf->gmm_def = (struct fsm_def){
		.name = "gmm",
		.states = gmm_states,
		.nstates = GMM__N,
		.event_names = gmm_event_names,
		.nevents = GMM_EV__N,
		.timers = amf->gmm_timers,
		.ntimers = GMM_T__N,
		.timeout_event = GMM_EV_TIMEOUT,
		.unexpected = unexpected,
	};
}
