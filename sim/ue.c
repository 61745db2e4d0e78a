/* ue.c — the UE side of 5GMM (TS 24.501 5.4, 5.5, 5.6) on lib/fsm.
 *
 * Every downlink NAS message is checked before it reaches a state handler:
 * it must decode, a protected one must carry a good MAC with a sensible
 * COUNT and not be a replay (lib/codec/nas nas_unprotect in the UE role),
 * and once security is active a plain one must be one of the few
 * TS 24.501 4.4.4.2 lets through. Anything else is reported as an error
 * (OUT_ERROR) and discarded; nothing a network sends can crash ngsim.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/crypto/ct.h"
#include "lib/crypto/nas_alg.h"
#include "sim/sim.h"
#include "sim/ue_nas.h"

#define SEC_HDR 7 /* security header: EPD, SHT, MAC (4), SN (TS 24.501 9.1.1, nas_sec.h) */

enum { T_NONE, T3510, T3517, T3521, T__COUNT };

static struct fsm_timer ue_timers[T__COUNT] = {
	[T3510] = { "T3510", 15000, 0 }, /* TS 24.501 10.2: registration */
	[T3517] = { "T3517", 15000, 0 }, /* service request */
	[T3521] = { "T3521", 15000, 4 }, /* deregistration, 4 retransmissions (5.5.2.2.6) */
};

static const char *const ue_event_names[UE__EVENTS] = {
	"REGISTER",    "DEREGISTER",   "SERVICE",     "AUTH_REQ",    "AUTH_REJ",
	"AUTH_RESULT", "IDENTITY_REQ", "SMC",	      "REG_ACC",     "REG_REJ",
	"DEREG_ACC",   "DEREG_REQ_NW", "SERVICE_ACC", "SERVICE_REJ", "CONF_UPDATE",
	"DL_NAS",      "STATUS",       "OTHER",	      "RELEASED",    "TIMEOUT",
};

/* A downlink message on its way to a state handler. */
struct ue_rx {
	struct sim *s; /* the simulator */
	const struct nas_msg *m; /* decoded plain message */
	const uint8_t *raw; /* the PDU as received */
	size_t raw_len; /* its length */
	uint8_t sht; /* its security header type */
};

static void ue_handle(struct fsm *f, int ev, void *data);
static void ue_unexpected(struct fsm *f, int ev, void *data);

/* Network messages any state takes (the common procedures, TS 24.501 5.4). */
#define EV_COMMON                                                                                  \
	(EV(UE_EV_AUTH_REQ) | EV(UE_EV_AUTH_REJ) | EV(UE_EV_IDENTITY_REQ) | EV(UE_EV_SMC) |        \
	 EV(UE_EV_CONF_UPDATE) | EV(UE_EV_DL_NAS) | EV(UE_EV_STATUS) | EV(UE_EV_DEREG_REQ_NW) |    \
	 EV(UE_EV_RELEASED) | EV(UE_EV_AUTH_RESULT))

static const struct fsm_state ue_states[UE__STATES] = {
	[UE_DEREGISTERED] = { "5GMM-DEREGISTERED", ue_handle,
			      .events = EV(UE_EV_REGISTER) | EV(UE_EV_RELEASED) | EV(UE_EV_STATUS) |
					EV(UE_EV_DL_NAS),
			      .next = ST(UE_REG_INITIATED) },
	[UE_REG_INITIATED] = { "5GMM-REGISTERED-INITIATED", ue_handle, .timer = T3510,
			       .events = EV_COMMON | EV(UE_EV_REG_ACC) | EV(UE_EV_REG_REJ) |
					 EV(UE_EV_TIMEOUT),
			       .next = ST(UE_REGISTERED) | ST(UE_DEREGISTERED) },
	[UE_REGISTERED] = { "5GMM-REGISTERED", ue_handle,
			    .events = EV_COMMON | EV(UE_EV_REGISTER) | EV(UE_EV_DEREGISTER) |
				      EV(UE_EV_SERVICE),
			    .next = ST(UE_REG_INITIATED) | ST(UE_DEREG_INITIATED) |
				    ST(UE_SR_INITIATED) | ST(UE_DEREGISTERED) },
	[UE_DEREG_INITIATED] = { "5GMM-DEREGISTERED-INITIATED", ue_handle, .timer = T3521,
				 .events = EV_COMMON | EV(UE_EV_DEREG_ACC) | EV(UE_EV_TIMEOUT),
				 .next = ST(UE_DEREGISTERED) },
	[UE_SR_INITIATED] = { "5GMM-SERVICE-REQUEST-INITIATED", ue_handle, .timer = T3517,
			      .events = EV_COMMON | EV(UE_EV_SERVICE_ACC) | EV(UE_EV_SERVICE_REJ) |
					EV(UE_EV_TIMEOUT),
			      .next = ST(UE_REGISTERED) | ST(UE_DEREGISTERED) },
};

static const struct fsm_def ue_fsm = {
	.name = "5gmm",
	.states = ue_states,
	.nstates = UE__STATES,
	.event_names = ue_event_names,
	.nevents = UE__EVENTS,
	.timers = ue_timers,
	.ntimers = T__COUNT,
	.timeout_event = UE_EV_TIMEOUT,
	.unexpected = ue_unexpected,
};

static struct sim *ue_sim; /* the one simulator (fsm handlers get only the fsm) */

void ue_init(struct sim *s, struct sim_ue *ue, uint32_t num, uint16_t group)
{
	const struct sim_ue_cfg *g = &s->cfg->ues[group];
	char imsi[16];

	ue_sim = s;
	ue_timers[T3510].ms = (uint32_t)s->cfg->t3510_ms;
	ue_timers[T3517].ms = (uint32_t)s->cfg->t3517_ms;
	ue_timers[T3521].ms = (uint32_t)s->cfg->t3521_ms;
	ue->num = num;
	ue->group = group;
	ue->gnb = (uint8_t)g->gnb;
	ue->sqn_ms = (uint64_t)g->sqn;
	ue->ngksi = NAS_KSI_NONE;
	sim_ue_imsi(s, ue, imsi);
	snprintf(ue->ctx, sizeof(ue->ctx), "ue[imsi-%s]", imsi);
	fsm_init(&ue->fsm, &ue_fsm, UE_DEREGISTERED, s->loop, ue, ue->ctx);
}

void ue_fini(struct sim_ue *ue)
{
	fsm_fini(&ue->fsm);
	crypto_wipe(ue->kamf, sizeof(ue->kamf));
	crypto_wipe(ue->pending_kamf, sizeof(ue->pending_kamf));
	nas_sec_fini(&ue->sec);
}

void ue_set_amf_id(struct sim_ue *ue, uint64_t id)
{
	ue->amf_ue_id = id;
	ue->has_amf_id = true;
}

/* Ends the procedure in progress with an outcome (proc PROC_NONE when the
 * outcome is unsolicited). */
static void ue_report(struct sim *s, struct sim_ue *ue, int out, int cause,
		      const struct nas_nssai *allowed, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
static void ue_report(struct sim *s, struct sim_ue *ue, int out, int cause,
		      const struct nas_nssai *allowed, const char *fmt, ...)
{
	struct sim_event e = { .out = out,
			       .proc = ue->proc,
			       .gnb = ue->gnb,
			       .ue = ue->num,
			       .cause = cause,
			       .allowed = allowed };
	if (ue->proc != PROC_NONE)
		e.latency_ns = ev_clock_ns() - ue->proc_start_ns;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e.detail, sizeof(e.detail), fmt, ap);
	va_end(ap);
	ue->proc = PROC_NONE;
	sim_report(s, &e);
}

static void ue_fail(struct sim *s, struct sim_ue *ue, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void ue_fail(struct sim *s, struct sim_ue *ue, const char *fmt, ...)
{
	char d[160];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d, sizeof(d), fmt, ap);
	va_end(ap);
	LOG_RL(LOG_NOTICE, ue->ctx, "%s", d);
	ue_report(s, ue, OUT_ERROR, -1, NULL, "%s", d);
}

/* --- sending --- */

/* Encodes m, protects it with header type sht (0 = plain) and sends it:
 * as an Initial UE Message when the UE has no NG connection, else in an
 * Uplink NAS Transport. */
static int ue_send(struct sim *s, struct sim_ue *ue, const struct nas_msg *m, uint8_t sht,
		   bool with_stmsi)
{
	/* The plain message is encoded behind room for the security header
	 * and protected in place. */
	uint8_t out[1024 + SEC_HDR];
	struct nas_err err;
	int n = nas_encode(m, out + SEC_HDR, sizeof(out) - SEC_HDR, &err);
	if (n < 0) {
		ue_fail(s, ue, "cannot encode %s: %s (%s)", nas_msg_name(m->epd, m->type),
			err_str(n), err.ie ? err.ie : "-");
		return n;
	}
	const uint8_t *p = out + SEC_HDR;
	if (sht) {
		int rc = nas_protect_inplace(&ue->sec, sht, out, (size_t)n);
		if (rc < 0) {
			ue_fail(s, ue, "cannot protect %s: %s", nas_msg_name(m->epd, m->type),
				err_str(rc));
			return rc;
		}
		p = out;
		n = rc;
	}
	if (!ue->connected)
		return gnb_initial_ue_message(s, ue, p, (size_t)n,
					      ue->proc == PROC_SERVICE ? 4 /* mo-Data */
								       : 3 /* mo-Signalling */,
					      with_stmsi);
	return gnb_uplink_nas(s, ue, p, (size_t)n);
}

/* Header type for a message sent in the current connection. */
static uint8_t ue_sht(const struct sim_ue *ue)
{
	return ue->secured ? NAS_SHT_INTEG_CIPH : 0;
}

static bool ue_use_guti(const struct sim_ue *ue)
{
	return ue->ident == IDENT_GUTI;
}

/* Registration request: full (every IE) or cleartext IEs only (TS 24.501
 * 4.4.6). suci_buf holds a SUCI's scheme output. */
static void build_reg_req(struct sim *s, struct sim_ue *ue, bool full, struct nas_msg *m,
			  uint8_t *suci_buf, size_t cap)
{
	const struct sim_ue_cfg *g = sim_ue_cfg(s, ue);

	nas_msg_init(m, NAS_REG_REQ);
	struct nas_reg_req *r = &m->reg_req;
	r->reg_type.value = ue->reg_type;
	r->ngksi.ksi = ue->has_ctx ? ue->ngksi : NAS_KSI_NONE;
	if (ue_use_guti(ue))
		nas_id_guti(&r->mobile_id, &ue->guti_guami, ue->guti_tmsi);
	else if (usim_suci(s, ue, ue->conn_seq, &r->mobile_id, suci_buf, cap) < 0)
		LOG_RL(LOG_ERROR, ue->ctx, "SUCI concealment failed");
	r->has_ue_sec_cap = true;
	r->ue_sec_cap.nea = ue->cap_nea;
	r->ue_sec_cap.nia = ue->cap_nia;
	if (!full)
		return;
	r->has_requested_nssai = true;
	r->requested_nssai.n = (uint8_t)g->n_nssai;
	for (uint32_t i = 0; i < g->n_nssai; i++)
		r->requested_nssai.e[i].s = g->nssai[i];
	r->has_mm_cap = true;
	r->mm_cap.len = 1;
	r->mm_cap.o[0] = 0;
}

/* Service request (TS 24.501 8.2.16): cleartext IEs only. */
static void build_service_req(struct sim_ue *ue, struct nas_msg *m)
{
	nas_msg_init(m, NAS_SERVICE_REQ);
	m->service_req.ngksi.ksi = ue->ngksi;
	m->service_req.service_type = 0; /* signalling (9.11.3.50) */
	m->service_req.stmsi.type = NAS_ID_STMSI;
	m->service_req.stmsi.stmsi.set = ue->guti_guami.set;
	m->service_req.stmsi.stmsi.pointer = ue->guti_guami.pointer;
	m->service_req.stmsi.stmsi.tmsi = ue->guti_tmsi;
}

/* Sends the initial NAS message of a procedure: without a context in plain
 * with cleartext IEs only; with one integrity protected, the whole message
 * ciphered in a NAS message container when it has non-cleartext IEs; inside
 * a secured connection protected and ciphered as a whole (TS 24.501 4.4.6). */
static int send_initial(struct sim *s, struct sim_ue *ue, bool reg)
{
	struct nas_msg m;
	uint8_t suci[128], full[1024];
	struct nas_err err;

	if (!reg) {
		build_service_req(ue, &m);
		ue->initial_plain = false;
		return ue_send(s, ue, &m, NAS_SHT_INTEG, true);
	}
	if (ue->connected && ue->secured) {
		build_reg_req(s, ue, true, &m, suci, sizeof(suci));
		return ue_send(s, ue, &m, NAS_SHT_INTEG_CIPH, false);
	}
	if (!ue->has_ctx) {
		ue->initial_plain = true;
		build_reg_req(s, ue, false, &m, suci, sizeof(suci));
		return ue_send(s, ue, &m, 0, ue_use_guti(ue));
	}
	ue->initial_plain = false;
	build_reg_req(s, ue, true, &m, suci, sizeof(suci));
	int n = nas_encode(&m, full, sizeof(full), &err);
	if (n < 0) {
		ue_fail(s, ue, "cannot encode Registration request: %s", err_str(n));
		return n;
	}
	/* The container is ciphered with the COUNT of the message carrying it
	 * (nas_sec has no call for this: lib/crypto's NEA with its context). */
	int rc = nea_crypt((enum nas_alg)ue->sec.nea, ue->sec.k_enc, ue->sec.ul_count,
			   ue->sec.bearer, NAS_DIR_UL, full, (size_t)n);
	if (rc < 0)
		return rc;
	build_reg_req(s, ue, false, &m, suci, sizeof(suci));
	m.reg_req.has_nas_msg = true;
	m.reg_req.nas_msg = (struct nas_buf){ full, (uint16_t)n };
	return ue_send(s, ue, &m, NAS_SHT_INTEG, ue_use_guti(ue));
}

static uint8_t caps_bits(const int64_t *algs, uint32_t n)
{
	uint8_t b = 0;
	for (uint32_t i = 0; i < n; i++)
		b |= NAS_ALG_BIT(algs[i]);
	return b;
}

/* --- procedure starts --- */

/* After a deregistration accept or a reject the network releases the NG
 * connection (TS 24.501 5.5.2.2.2, 5.5.1.2.5): a procedure started before
 * that release sends its first message on the new connection. */
static bool wait_release(struct sim_ue *ue)
{
	if (!ue->connected || !ue->release_expected)
		return false;
	ue->start_on_release = true;
	return true;
}

int ue_register(struct sim *s, struct sim_ue *ue, int kind, int ident, int auth_fail,
		uint8_t cap_nea, uint8_t cap_nia)
{
	const struct sim_ue_cfg *g = sim_ue_cfg(s, ue);
	int want = kind == REGK_INITIAL ? UE_DEREGISTERED : UE_REGISTERED;

	if (ue->fsm.state != want || ue->proc != PROC_NONE)
		return -E_STATE;
	if (kind != REGK_INITIAL)
		ident = IDENT_GUTI;
	else if (ident == IDENT_AUTO)
		ident = ue->has_guti ? IDENT_GUTI : IDENT_SUCI;
	if (ident == IDENT_GUTI && !ue->has_guti)
		return -E_NOTFOUND;
	ue->reg_type = kind == REGK_INITIAL    ? NAS_REG_INITIAL
		       : kind == REGK_MOBILITY ? NAS_REG_MOBILITY
					       : NAS_REG_PERIODIC;
	ue->ident = (uint8_t)ident;
	ue->force_auth_fail = (uint8_t)auth_fail;
	ue->cap_nea = cap_nea ? cap_nea : caps_bits(g->nea, g->n_nea);
	ue->cap_nia = cap_nia ? cap_nia : caps_bits(g->nia, g->n_nia);
	ue->auth_fails = 0;
	ue->proc = PROC_REGISTER;
	ue->proc_start_ns = ev_clock_ns();
	fsm_transition(&ue->fsm, UE_REG_INITIATED);
	if (wait_release(ue))
		return 0;
	return send_initial(s, ue, true);
}

static int send_dereg(struct sim *s, struct sim_ue *ue)
{
	struct nas_msg m;
	uint8_t suci[128];

	nas_msg_init(&m, NAS_DEREG_REQ_UE);
	m.dereg_req_ue.dereg_type.switch_off = ue->switch_off;
	m.dereg_req_ue.dereg_type.access = NAS_ACCESS_3GPP;
	m.dereg_req_ue.ngksi.ksi = ue->has_ctx ? ue->ngksi : NAS_KSI_NONE;
	/* TS 24.501 5.5.2.2.1: the 5G-GUTI if the UE has one, else the SUCI. */
	if (ue->has_guti)
		nas_id_guti(&m.dereg_req_ue.mobile_id, &ue->guti_guami, ue->guti_tmsi);
	else
		usim_suci(s, ue, ue->conn_seq, &m.dereg_req_ue.mobile_id, suci, sizeof(suci));
	uint8_t sht = ue->connected ? ue_sht(ue) : (ue->has_ctx ? NAS_SHT_INTEG : 0);
	return ue_send(s, ue, &m, sht, ue->has_guti);
}

int ue_deregister(struct sim *s, struct sim_ue *ue, bool switch_off)
{
	if (ue->fsm.state != UE_REGISTERED || ue->proc != PROC_NONE)
		return -E_STATE;
	ue->switch_off = switch_off;
	ue->proc = PROC_DEREGISTER;
	ue->proc_start_ns = ev_clock_ns();
	if (switch_off) {
		/* TS 24.501 5.5.2.2.2: no answer is awaited after a switch-off. */
		fsm_transition(&ue->fsm, UE_DEREG_INITIATED);
		int rc = send_dereg(s, ue);
		fsm_transition(&ue->fsm, UE_DEREGISTERED);
		ue_report(s, ue, OUT_DEREGISTERED, -1, NULL, "switched off");
		return rc;
	}
	fsm_transition(&ue->fsm, UE_DEREG_INITIATED);
	if (wait_release(ue))
		return 0;
	return send_dereg(s, ue);
}

int ue_service_request(struct sim *s, struct sim_ue *ue)
{
	if (ue->fsm.state != UE_REGISTERED || ue->proc != PROC_NONE)
		return -E_STATE;
	if (ue->connected || !ue->has_guti || !ue->has_ctx)
		return -E_STATE; /* TS 24.501 5.6.1.1: from 5GMM-IDLE, with a 5G-S-TMSI */
	ue->proc = PROC_SERVICE;
	ue->proc_start_ns = ev_clock_ns();
	fsm_transition(&ue->fsm, UE_SR_INITIATED);
	if (wait_release(ue))
		return 0;
	return send_initial(s, ue, false);
}

/* --- common procedures --- */

static void send_auth_failure(struct sim *s, struct sim_ue *ue, uint8_t cause, const uint8_t *auts)
{
	struct nas_msg m;
	nas_msg_init(&m, NAS_AUTH_FAIL);
	m.auth_fail.cause = cause;
	if (auts) {
		m.auth_fail.has_auts = true;
		memcpy(m.auth_fail.auts, auts, 14);
	}
	ue->auth_fails++;
	ue_send(s, ue, &m, ue_sht(ue), false);
}

/* TS 24.501 5.4.1.3: 5G AKA challenge. */
static void on_auth_req(struct sim *s, struct sim_ue *ue, const struct nas_auth_req *a)
{
	uint8_t res_star[16], auts[14];

	if (!a->has_rand || !a->has_autn) {
		ue_fail(s, ue, "Authentication request without RAND/AUTN (EAP-AKA' not supported)");
		send_auth_failure(s, ue, 26, NULL); /* #26 non-5G authentication unacceptable */
		return;
	}
	int force = ue->force_auth_fail;
	ue->force_auth_fail = AUTHF_NONE; /* one challenge only */
	int rc = usim_challenge(s, ue, a->rand, a->autn, a->abba.p, a->abba.len, a->ngksi.ksi,
				force, res_star, auts);
	switch (rc) {
	case USIM_OK: {
		struct nas_msg m;
		nas_msg_init(&m, NAS_AUTH_RESP);
		m.auth_resp.has_res = true;
		memcpy(m.auth_resp.res, res_star, 16);
		crypto_wipe(res_star, sizeof(res_star));
		ue_send(s, ue, &m, ue_sht(ue), false);
		return;
	}
	case USIM_MAC_FAIL:
		LOG(LOG_INFO, ue->ctx, "authentication: MAC failure (#20)%s",
		    force == AUTHF_MAC ? " (forced)" : "");
		send_auth_failure(s, ue, 20, NULL);
		return;
	case USIM_SYNCH_FAIL:
		LOG(LOG_INFO, ue->ctx, "authentication: synch failure (#21)%s",
		    force == AUTHF_SYNCH ? " (forced)" : "");
		send_auth_failure(s, ue, 21, auts);
		return;
	case USIM_NON_5G:
		send_auth_failure(s, ue, 26, NULL);
		ue_fail(s, ue, "AUTN separation bit is 0: non-5G authentication (#26)");
		return;
	default: ue_fail(s, ue, "authentication: %s", err_str(rc));
	}
}

/* TS 24.501 5.4.3: identity response. */
static void on_identity_req(struct sim *s, struct sim_ue *ue, uint8_t type)
{
	const struct sim_ue_cfg *g = sim_ue_cfg(s, ue);
	struct nas_msg m;
	uint8_t suci[128];

	nas_msg_init(&m, NAS_IDENTITY_RESP);
	struct nas_mobile_id *id = &m.identity_resp.mobile_id;
	switch (type) {
	case NAS_ID_SUCI:
		if (usim_suci(s, ue, ue->conn_seq + 0x8000u, id, suci, sizeof(suci)) < 0) {
			ue_fail(s, ue, "SUCI concealment failed");
			return;
		}
		break;
	case NAS_ID_GUTI:
		if (!ue->has_guti)
			goto none;
		nas_id_guti(id, &ue->guti_guami, ue->guti_tmsi);
		break;
	case NAS_ID_IMEISV:
		id->type = NAS_ID_IMEISV;
		snprintf(id->digits, sizeof(id->digits), "%s", g->imeisv);
		break;
	case NAS_ID_IMEI: {
		/* IMEI = TAC + SNR of the IMEISV and a Luhn check digit (TS 23.003 6.2.1). */
		int sum = 0;
		id->type = NAS_ID_IMEI;
		memcpy(id->digits, g->imeisv, 14);
		for (int i = 0; i < 14; i++) {
			int d = id->digits[13 - i] - '0';
			if (i % 2 == 0)
				d = d * 2 > 9 ? d * 2 - 9 : d * 2;
			sum += d;
		}
		id->digits[14] = (char)('0' + (10 - sum % 10) % 10);
		id->digits[15] = 0;
		break;
	}
	default:
	none:
		id->type = NAS_ID_NONE;
	}
	ue_send(s, ue, &m, ue_sht(ue), false);
}

/* Why nas_unprotect() refused a downlink message, for the error report:
 * fills d[64] and returns it. */
static const char *unprotect_error(int rc, const struct nas_unprot_info *info, char d[64])
{
	switch (rc) {
	case -E_MAC: snprintf(d, 64, "MAC check failed (NAS COUNT %u)", info->count); break;
	case -E_REPLAY:
		snprintf(d, 64, "replayed message (NAS COUNT %u accepted before)", info->count);
		break;
	case -E_RANGE: snprintf(d, 64, "NAS COUNT would wrap"); break;
	case -E_NOSPC: snprintf(d, 64, "PDU too long"); break;
	default: snprintf(d, 64, "unprotect failed: %s", err_str(rc)); break;
	}
	return d;
}

static void send_smc_reject(struct sim *s, struct sim_ue *ue, uint8_t cause)
{
	struct nas_msg m;
	nas_msg_init(&m, NAS_SMC_REJ);
	m.smc_rej.cause = cause;
	ue_send(s, ue, &m, 0, false);
}

/* TS 24.501 5.4.2.3 and TS 33.501 6.7.2: security mode command. */
static void on_smc(struct sim *s, struct sim_ue *ue, const struct ue_rx *rx)
{
	const struct nas_smc *c = &rx->m->smc;
	const uint8_t *kamf;
	bool fresh;

	if (rx->sht != NAS_SHT_INTEG_NEW && rx->sht != NAS_SHT_INTEG) {
		ue_fail(s, ue, "Security mode command with security header type %u", rx->sht);
		return;
	}
	if (ue->has_pending && c->ngksi.ksi == ue->pending_ngksi) {
		kamf = ue->pending_kamf;
		fresh = true;
	} else if (ue->has_ctx && c->ngksi.ksi == ue->ngksi) {
		kamf = ue->kamf;
		fresh = false;
	} else {
		ue_fail(s, ue, "Security mode command for unknown ngKSI %u", c->ngksi.ksi);
		send_smc_reject(s, ue, 24);
		return;
	}
	/* The context the command takes into use, with the keys for the
	 * algorithms it selects (nas_sec runs 5G-EA/IA 0..3 only). */
	uint8_t kint[16], kenc[16];
	struct nas_sec_ctx next;
	int rc = usim_nas_keys(kamf, c->algs.nea, c->algs.nia, kint, kenc);
	if (rc == 0)
		rc = nas_sec_init(&next, NAS_ROLE_UE, c->ngksi, kint, kenc, c->algs.nia,
				  c->algs.nea);
	crypto_wipe(kint, sizeof(kint));
	crypto_wipe(kenc, sizeof(kenc));
	if (rc < 0) {
		ue_fail(s, ue, "Security mode command selects unusable 5G-EA%u/5G-IA%u",
			c->algs.nea, c->algs.nia);
		send_smc_reject(s, ue, 24);
		return;
	}
	/* A new context starts its NAS COUNTs at 0 (TS 33.501 6.7.2); the
	 * current one keeps them. */
	if (!fresh) {
		next.ul_count = ue->sec.ul_count;
		next.dl_count = ue->sec.dl_count;
	}
	/* The command was decoded from the PDU itself, so nas_buf is free. */
	struct nas_unprot_info info;
	rc = nas_unprotect(&next, rx->raw, rx->raw_len, s->nas_buf, sizeof(s->nas_buf), &info);
	if (rc < 0) {
		nas_sec_fini(&next);
		char why[64];
		ue_fail(s, ue, "Security mode command: %s", unprotect_error(rc, &info, why));
		return; /* TS 24.501 4.4.4.2: discard */
	}
	/* TS 24.501 5.4.2.5: replayed capabilities must match what was sent. */
	if (c->replayed_cap.nea != ue->cap_nea || c->replayed_cap.nia != ue->cap_nia ||
	    !(ue->cap_nea & NAS_ALG_BIT(c->algs.nea)) ||
	    !(ue->cap_nia & NAS_ALG_BIT(c->algs.nia))) {
		nas_sec_fini(&next);
		ue_fail(s, ue, "Security mode command: replayed UE security capabilities mismatch");
		send_smc_reject(s, ue, 23);
		return;
	}
	/* TS 33.501 5.5.2: 5G-IA0 only for emergency; this UE never accepts it. */
	if (c->algs.nia == 0) {
		nas_sec_fini(&next);
		ue_fail(s, ue, "Security mode command selects 5G-IA0 (null integrity)");
		send_smc_reject(s, ue, 24);
		return;
	}
	if (fresh) {
		memcpy(ue->kamf, ue->pending_kamf, 32);
		crypto_wipe(ue->pending_kamf, 32);
		ue->has_pending = false;
		ue->ngksi = ue->pending_ngksi;
	}
	ue->sec = next;
	nas_sec_fini(&next);
	ue->has_ctx = true;
	ue->secured = true;

	struct nas_msg m, init;
	uint8_t full[1024], suci[128];
	struct nas_err err;
	nas_msg_init(&m, NAS_SMC_COMPLETE);
	if (c->has_imeisv_req && (c->imeisv_req & 0x7) == 1) {
		m.smc_complete.has_imeisv = true;
		m.smc_complete.imeisv.type = NAS_ID_IMEISV;
		snprintf(m.smc_complete.imeisv.digits, sizeof(m.smc_complete.imeisv.digits), "%s",
			 sim_ue_cfg(s, ue)->imeisv);
	}
	bool rinmr = c->has_add_sec_info && (c->add_sec_info & 0x02);
	if ((ue->initial_plain || rinmr) &&
	    (ue->proc == PROC_REGISTER || ue->proc == PROC_SERVICE)) {
		/* TS 24.501 4.4.6 / 5.4.2.3: the entire initial NAS message. */
		if (ue->proc == PROC_REGISTER)
			build_reg_req(s, ue, true, &init, suci, sizeof(suci));
		else
			build_service_req(ue, &init);
		int n = nas_encode(&init, full, sizeof(full), &err);
		if (n > 0) {
			m.smc_complete.has_nas_msg = true;
			m.smc_complete.nas_msg = (struct nas_buf){ full, (uint16_t)n };
		}
		ue->initial_plain = false;
	}
	ue_send(s, ue, &m, NAS_SHT_INTEG_CIPH_NEW, false);
}

/* --- specific procedures --- */

static void on_reg_acc(struct sim *s, struct sim_ue *ue, const struct nas_reg_acc *a)
{
	if (ue->force_auth_fail != AUTHF_NONE) {
		ue->force_auth_fail = AUTHF_NONE;
		ue_fail(s, ue,
			"registration accepted without the authentication challenge the "
			"step wanted to fail");
	}
	if (a->has_guti) {
		if (a->guti.type != NAS_ID_GUTI) {
			ue_fail(s, ue, "Registration accept: 5G-GUTI IE holds identity type %u",
				a->guti.type);
			return;
		}
		ue->guti_guami = a->guti.guti.guami;
		ue->guti_tmsi = a->guti.guti.tmsi;
		ue->has_guti = true;
	}
	/* TS 24.501 5.5.1.2.4: acknowledge a new 5G-GUTI (and slicing info). */
	if (a->has_guti || a->has_slicing_ind) {
		struct nas_msg m;
		nas_msg_init(&m, NAS_REG_COMPLETE);
		ue_send(s, ue, &m, NAS_SHT_INTEG_CIPH, false);
	}
	ue->registered_once = true;
	fsm_transition(&ue->fsm, UE_REGISTERED);
	ue_report(s, ue, OUT_REG_ACCEPT, -1, a->has_allowed_nssai ? &a->allowed_nssai : NULL,
		  "registration accept%s", a->has_guti ? " with 5G-GUTI" : "");
}

/* TS 24.501 5.5.1.2.5: causes after which the UE forgets its identity. */
static void forget_identity(struct sim_ue *ue)
{
	ue->has_guti = false;
	ue->has_ctx = false;
	ue->has_pending = false;
	ue->ngksi = NAS_KSI_NONE;
	crypto_wipe(ue->kamf, sizeof(ue->kamf));
	nas_sec_fini(&ue->sec);
}

static void on_reg_rej(struct sim *s, struct sim_ue *ue, uint8_t cause)
{
	ue->release_expected = true;
	if (cause == 3 || cause == 6 || cause == 7 || cause == 9 || cause == 10)
		forget_identity(ue);
	fsm_transition(&ue->fsm, UE_DEREGISTERED);
	ue_report(s, ue, OUT_REG_REJECT, cause, NULL, "registration reject #%u (%s)", cause,
		  nas_cause_name(NAS_EPD_5GMM, cause));
}

static void on_auth_rej(struct sim *s, struct sim_ue *ue)
{
	/* TS 24.501 5.4.1.3.5: delete GUTI, ngKSI; 5GMM-DEREGISTERED. */
	forget_identity(ue);
	ue->release_expected = true;
	if (ue->fsm.state != UE_DEREGISTERED)
		fsm_transition(&ue->fsm, UE_DEREGISTERED);
	ue_report(s, ue, OUT_AUTH_REJECT, -1, NULL, "authentication reject after %u failure(s)",
		  ue->auth_fails);
}

static void on_dereg_req_nw(struct sim *s, struct sim_ue *ue, const struct nas_dereg_req_nw *d)
{
	struct nas_msg m;
	nas_msg_init(&m, NAS_DEREG_ACC_NW);
	ue_send(s, ue, &m, ue_sht(ue), false);
	ue->release_expected = true;
	if (ue->fsm.state != UE_DEREGISTERED)
		fsm_transition(&ue->fsm, UE_DEREGISTERED);
	ue_report(s, ue, OUT_NW_DEREG, d->has_cause ? d->cause : -1, NULL,
		  "network-initiated deregistration%s",
		  d->dereg_type.rereg_required ? " (re-registration required)" : "");
}

static void on_conf_update(struct sim *s, struct sim_ue *ue, const struct nas_conf_update_cmd *c)
{
	if (c->has_guti && c->guti.type == NAS_ID_GUTI) {
		ue->guti_guami = c->guti.guti.guami;
		ue->guti_tmsi = c->guti.guti.tmsi;
		ue->has_guti = true;
	}
	/* TS 24.501 5.4.4.2: complete when an acknowledgement is requested. */
	if (c->has_conf_update_ind && (c->conf_update_ind & 0x01)) {
		struct nas_msg m;
		nas_msg_init(&m, NAS_CONF_UPDATE_COMPLETE);
		ue_send(s, ue, &m, ue_sht(ue), false);
	}
}

static void on_released(struct sim *s, struct sim_ue *ue)
{
	int st = ue->fsm.state;

	if (ue->proc == PROC_RELEASE) {
		ue_report(s, ue, OUT_RELEASED, -1, NULL, "UE context released");
		return;
	}
	if (st == UE_REG_INITIATED || st == UE_SR_INITIATED || st == UE_DEREG_INITIATED) {
		/* Reported unless the procedure already ended with an error. */
		if (ue->proc != PROC_NONE)
			ue_fail(s, ue, "NG connection released in %s", fsm_state_name(&ue->fsm));
		/* Abort the procedure (TS 24.501 5.5.1.2.7 b, 5.6.1.7 a). */
		if (st == UE_SR_INITIATED)
			fsm_transition(&ue->fsm, UE_REGISTERED);
		else
			fsm_transition(&ue->fsm, UE_DEREGISTERED);
	}
}

static void on_timeout(struct sim *s, struct sim_ue *ue)
{
	const char *t = ue_timers[ue->fsm.timer_id].name;

	if (ue->fsm.state == UE_DEREG_INITIATED && !fsm_timer_exhausted(&ue->fsm)) {
		fsm_timer_start(&ue->fsm, T3521); /* TS 24.501 5.5.2.2.6 a: retransmit */
		send_dereg(s, ue);
		return;
	}
	int back = ue->fsm.state == UE_SR_INITIATED ? UE_REGISTERED : UE_DEREGISTERED;
	fsm_transition(&ue->fsm, back);
	ue_report(s, ue, OUT_TIMEOUT, -1, NULL, "%s expired", t);
}

static void ue_handle(struct fsm *f, int ev, void *data)
{
	struct sim_ue *ue = f->priv;
	struct sim *s = ue_sim;
	const struct ue_rx *rx = data;
	const struct nas_msg *m = rx ? rx->m : NULL;

	switch (ev) {
	case UE_EV_AUTH_REQ: on_auth_req(s, ue, &m->auth_req); break;
	case UE_EV_AUTH_REJ: on_auth_rej(s, ue); break;
	case UE_EV_AUTH_RESULT: ue_fail(s, ue, "Authentication result (EAP) not supported"); break;
	case UE_EV_IDENTITY_REQ: on_identity_req(s, ue, m->identity_req.id_type); break;
	case UE_EV_SMC: on_smc(s, ue, rx); break;
	case UE_EV_REG_ACC: on_reg_acc(s, ue, &m->reg_acc); break;
	case UE_EV_REG_REJ: on_reg_rej(s, ue, m->reg_rej.cause); break;
	case UE_EV_DEREG_ACC:
		ue->release_expected = true;
		fsm_transition(f, UE_DEREGISTERED);
		ue_report(s, ue, OUT_DEREG_ACCEPT, -1, NULL, "deregistration accept");
		break;
	case UE_EV_DEREG_REQ_NW: on_dereg_req_nw(s, ue, &m->dereg_req_nw); break;
	case UE_EV_SERVICE_ACC:
		fsm_transition(f, UE_REGISTERED);
		ue_report(s, ue, OUT_SERVICE_ACCEPT, -1, NULL, "service accept");
		break;
	case UE_EV_SERVICE_REJ: {
		uint8_t c = m->service_rej.cause;
		if (c == 9 || c == 10 || c == 3 || c == 7) {
			forget_identity(ue);
			fsm_transition(f, UE_DEREGISTERED);
		} else {
			fsm_transition(f, UE_REGISTERED);
		}
		ue_report(s, ue, OUT_SERVICE_REJECT, c, NULL, "service reject #%u (%s)", c,
			  nas_cause_name(NAS_EPD_5GMM, c));
		break;
	}
	case UE_EV_CONF_UPDATE: on_conf_update(s, ue, &m->conf_update_cmd); break;
	case UE_EV_DL_NAS:
		LOG_RL(LOG_INFO, ue->ctx, "DL NAS transport (payload type %u) ignored",
		       m->dl_nas.payload_type);
		break;
	case UE_EV_STATUS:
		ue_fail(s, ue, "5GMM STATUS #%u (%s) from the network", m->mm_status.cause,
			nas_cause_name(NAS_EPD_5GMM, m->mm_status.cause));
		break;
	case UE_EV_RELEASED: on_released(s, ue); break;
	case UE_EV_TIMEOUT: on_timeout(s, ue); break;
	default: break;
	}
}

/* A message the state does not expect: TS 24.501 7.4, 5GMM STATUS #98. */
static void ue_unexpected(struct fsm *f, int ev, void *data)
{
	struct sim_ue *ue = f->priv;
	struct sim *s = ue_sim;
	const struct ue_rx *rx = data;

	if (!rx || ev == UE_EV_TIMEOUT || ev == UE_EV_RELEASED)
		return;
	ue_fail(s, ue, "unexpected %s in %s", nas_msg_name(rx->m->epd, rx->m->type),
		fsm_state_name(f));
	if (ue->connected) {
		struct nas_msg m;
		nas_msg_init(&m, NAS_5GMM_STATUS);
		m.mm_status.cause = NAS_CAUSE_MSG_TYPE_INCOMPAT;
		ue_send(s, ue, &m, ue_sht(ue), false);
	}
}

static int event_of(uint8_t type)
{
	switch (type) {
	case NAS_AUTH_REQ: return UE_EV_AUTH_REQ;
	case NAS_AUTH_REJ: return UE_EV_AUTH_REJ;
	case NAS_AUTH_RESULT: return UE_EV_AUTH_RESULT;
	case NAS_IDENTITY_REQ: return UE_EV_IDENTITY_REQ;
	case NAS_SMC: return UE_EV_SMC;
	case NAS_REG_ACC: return UE_EV_REG_ACC;
	case NAS_REG_REJ: return UE_EV_REG_REJ;
	case NAS_DEREG_ACC_UE: return UE_EV_DEREG_ACC;
	case NAS_DEREG_REQ_NW: return UE_EV_DEREG_REQ_NW;
	case NAS_SERVICE_ACC: return UE_EV_SERVICE_ACC;
	case NAS_SERVICE_REJ: return UE_EV_SERVICE_REJ;
	case NAS_CONF_UPDATE_CMD: return UE_EV_CONF_UPDATE;
	case NAS_DL_NAS_TRANSPORT: return UE_EV_DL_NAS;
	case NAS_5GMM_STATUS: return UE_EV_STATUS;
	default: return UE_EV_OTHER;
	}
}

/* TS 24.501 4.4.4.2: plain messages a UE accepts (before security, or ever). */
static bool plain_allowed(const struct sim_ue *ue, uint8_t type)
{
	switch (type) {
	case NAS_IDENTITY_REQ:
	case NAS_AUTH_REQ:
	case NAS_AUTH_REJ:
	case NAS_REG_REJ:
	case NAS_SERVICE_REJ:
	case NAS_DEREG_ACC_UE: return true;
	default: return !ue->secured;
	}
}

void ue_nas_rx(struct sim *s, struct sim_ue *ue, const uint8_t *pdu, size_t len)
{
	struct nas_msg m;
	struct nas_err err;
	struct ue_rx rx = { .s = s, .m = &m, .raw = pdu, .raw_len = len };

	if (len < 3 || pdu[0] != NAS_EPD_5GMM) {
		ue_fail(s, ue, "downlink NAS PDU of %zu octets with EPD 0x%02x", len,
			len ? pdu[0] : 0);
		return;
	}
	rx.sht = pdu[1] & 0x0F;
	const uint8_t *inner = pdu;
	size_t inner_len = len;

	if (rx.sht > NAS_SHT_INTEG_CIPH_NEW) {
		ue_fail(s, ue, "downlink NAS PDU with security header type %u", rx.sht);
		return;
	}
	if (rx.sht != NAS_SHT_PLAIN) {
		if (len < SEC_HDR + 3) {
			ue_fail(s, ue, "protected NAS PDU of %zu octets", len);
			return;
		}
		inner = pdu + SEC_HDR;
		inner_len = len - SEC_HDR;
	}
	if (rx.sht == NAS_SHT_INTEG || rx.sht == NAS_SHT_INTEG_CIPH ||
	    rx.sht == NAS_SHT_INTEG_CIPH_NEW) {
		/* A Security mode command with header type 1 (same context, new
		 * algorithms) is checked by on_smc with the keys it selects. */
		bool smc = rx.sht == NAS_SHT_INTEG && inner[0] == NAS_EPD_5GMM && inner_len > 2 &&
			   inner[2] == NAS_SMC;
		if (!smc) {
			if (!ue->has_ctx) {
				ue_fail(s, ue, "protected NAS PDU but no security context");
				return;
			}
			struct nas_unprot_info info;
			int n = nas_unprotect(&ue->sec, pdu, len, s->nas_buf, sizeof(s->nas_buf),
					      &info);
			if (n < 0) {
				char why[64];
				ue_fail(s, ue, "downlink NAS %s", unprotect_error(n, &info, why));
				return; /* TS 24.501 4.4.4.2: discard */
			}
			inner = s->nas_buf;
			inner_len = (size_t)n;
			ue->secured = true;
		}
	}
	int rc = nas_decode(&m, inner, inner_len, &s->arena, &err);
	if (rc < 0) {
		ue_fail(s, ue, "NAS decode failed: %s (IE %s at octet %zu, cause #%u)", err_str(rc),
			err.ie ? err.ie : "-", err.off, err.cause);
		return;
	}
	if (m.epd != NAS_EPD_5GMM) {
		ue_fail(s, ue, "5GSM message outside DL NAS transport");
		return;
	}
	if (rx.sht == NAS_SHT_PLAIN && !plain_allowed(ue, m.type)) {
		ue_fail(s, ue, "unprotected %s after security activation",
			nas_msg_name(m.epd, m.type));
		return;
	}
	if (rx.sht == NAS_SHT_INTEG_NEW && m.type != NAS_SMC) {
		ue_fail(s, ue, "security header type 3 on %s", nas_msg_name(m.epd, m.type));
		return;
	}
	if (m.type == NAS_SMC && rx.sht == NAS_SHT_PLAIN) {
		ue_fail(s, ue, "unprotected Security mode command");
		return;
	}
	/* Acceptance messages must be integrity protected (TS 24.501 4.4.4.2). */
	if ((m.type == NAS_REG_ACC || m.type == NAS_SERVICE_ACC) && rx.sht == NAS_SHT_PLAIN) {
		ue_fail(s, ue, "unprotected %s", nas_msg_name(m.epd, m.type));
		return;
	}
	fsm_dispatch(&ue->fsm, event_of(m.type), &rx);
}

void ue_conn_released(struct sim *s, struct sim_ue *ue, bool assoc_lost)
{
	ue->connected = false;
	ue->secured = false;
	ue->has_amf_id = false;
	ue->ran_ue_id = 0;
	ue->release_expected = false;
	if (ue->start_on_release) {
		ue->start_on_release = false;
		if (ue->proc == PROC_REGISTER)
			send_initial(s, ue, true);
		else if (ue->proc == PROC_SERVICE)
			send_initial(s, ue, false);
		else if (ue->proc == PROC_DEREGISTER)
			send_dereg(s, ue);
		return;
	}
	if (assoc_lost && ue->proc != PROC_NONE && ue->proc != PROC_RELEASE) {
		int st = ue->fsm.state;
		ue_fail(s, ue, "NG association lost during %s", sim_proc_names[ue->proc]);
		if (st == UE_SR_INITIATED)
			fsm_transition(&ue->fsm, UE_REGISTERED);
		else if (st == UE_REG_INITIATED || st == UE_DEREG_INITIATED)
			fsm_transition(&ue->fsm, UE_DEREGISTERED);
		return;
	}
	fsm_dispatch(&ue->fsm, UE_EV_RELEASED, NULL);
}
