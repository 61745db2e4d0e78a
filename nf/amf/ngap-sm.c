/* ngap-sm.c — the per-gNB NGAP machine (TS 38.413 8.7: interface management).
 *
 *   association up               NG SETUP REQUEST, accepted
 *  ----------------> WAIT_SETUP ---------------------------> READY --+
 *                       ^   | NG SETUP REQUEST, rejected:      |     | NG SETUP REQUEST
 *                       |   +- NG SETUP FAILURE (stay) -       |     | (again: 8.7.1.1,
 *                       +----------------------------------------     | UE contexts reset)
 *                          NG SETUP REQUEST rejected in READY   <----+
 *
 * In WAIT_SETUP only NG SETUP REQUEST and ERROR INDICATION are permitted:
 * NG Setup "shall be the first NGAP procedure triggered after the TNL
 * association has become operational" (8.7.1.1); anything else is answered
 * per 10.4 (message not compatible with receiver state). Association loss is
 * not an event: amf_gnb_free() ends the gNB in any state.
 */
#include "lib/core/log.h"
#include "nf/amf/ctx.h"

static const char *const ngap_event_names[NGAP_EV__N] = {
	[NGAP_EV_SETUP_REQ] = "NG_SETUP_REQUEST",
	[NGAP_EV_RESET] = "NG_RESET",
	[NGAP_EV_RAN_CFG_UPD] = "RAN_CONFIGURATION_UPDATE",
	[NGAP_EV_ERROR_IND] = "ERROR_INDICATION",
	[NGAP_EV_UE_MSG] = "UE_ASSOCIATED",
	[NGAP_EV_OTHER] = "OTHER",
};

static void st_wait_setup(struct fsm *f, int ev, void *data)
{
	struct amf_gnb *gnb = f->priv;

	if (ev == NGAP_EV_SETUP_REQ)
		amf_ngap_on_setup(gnb->amf, gnb, data);
	else if (ev == NGAP_EV_ERROR_IND)
		amf_ngap_on_error_ind(gnb->amf, gnb, data);
}

static void st_ready(struct fsm *f, int ev, void *data)
{
	struct amf_gnb *gnb = f->priv;

	switch (ev) {
	case NGAP_EV_SETUP_REQ: amf_ngap_on_setup(gnb->amf, gnb, data); break;
	case NGAP_EV_RESET: amf_ngap_on_reset(gnb->amf, gnb, data); break;
	case NGAP_EV_RAN_CFG_UPD: amf_ngap_on_ran_cfg_update(gnb->amf, gnb, data); break;
	case NGAP_EV_ERROR_IND: amf_ngap_on_error_ind(gnb->amf, gnb, data); break;
	case NGAP_EV_UE_MSG: amf_ngap_on_ue_msg(gnb->amf, gnb, data); break;
	default: amf_ngap_not_compatible(gnb->amf, gnb, data); break;
	}
}

static void ready_enter(struct fsm *f, int prev)
{
	struct amf_gnb *gnb = f->priv;
	if (prev == NGAP_ST_READY)
		return;
	gnb->amf->n_gnbs_ready++;
	metric_set(gnb->amf->m.gnbs, gnb->amf->n_gnbs_ready);
}

static void ready_exit(struct fsm *f, int next)
{
	struct amf_gnb *gnb = f->priv;
	if (next == NGAP_ST_READY || !gnb->amf->n_gnbs_ready)
		return;
	gnb->amf->n_gnbs_ready--;
	metric_set(gnb->amf->m.gnbs, gnb->amf->n_gnbs_ready);
}

/* TS 38.413 10.4: a message the state does not permit. ERROR INDICATION is
 * never answered with another one. */
static void unexpected(struct fsm *f, int ev, void *data)
{
	struct amf_gnb *gnb = f->priv;
	if (ev != NGAP_EV_ERROR_IND && data)
		amf_ngap_not_compatible(gnb->amf, gnb, data);
}

static const struct fsm_state ngap_states[NGAP_ST__N] = {
	[NGAP_ST_WAIT_SETUP] = { "WAIT_SETUP", st_wait_setup,
				 .events = EV(NGAP_EV_SETUP_REQ) | EV(NGAP_EV_ERROR_IND),
				 .next = ST(NGAP_ST_READY) },
	[NGAP_ST_READY] = { "READY", st_ready,
			    .events = EV(NGAP_EV_SETUP_REQ) | EV(NGAP_EV_RESET) |
				      EV(NGAP_EV_RAN_CFG_UPD) | EV(NGAP_EV_ERROR_IND) |
				      EV(NGAP_EV_UE_MSG) | EV(NGAP_EV_OTHER),
			    .next = ST(NGAP_ST_READY) | ST(NGAP_ST_WAIT_SETUP),
			    .on_enter = ready_enter, .on_exit = ready_exit },
};

static const struct fsm_timer ngap_timers[1] = { { "none", 0, 0 } };

const struct fsm_def amf_ngap_def = {
	.name = "ngap",
	.states = ngap_states,
	.nstates = NGAP_ST__N,
	.event_names = ngap_event_names,
	.nevents = NGAP_EV__N,
	.timers = ngap_timers,
	.ntimers = 1,
	.timeout_event = -1,
	.unexpected = unexpected,
};

void amf_ngap_sm_init(struct amf_gnb *gnb)
{
	fsm_init(&gnb->ngap, &amf_ngap_def, NGAP_ST_WAIT_SETUP, gnb->amf->loop, gnb, gnb->ctx);
}
