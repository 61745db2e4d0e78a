#include "lib/sbi/sbi_nfreg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/fsm/fsm.h"
#include "lib/sbi/sbi_uri.h"

enum { R_IDLE, R_REGISTERING, R_REGISTERED, R_BACKOFF, R__N };
enum {
	X_START,
	X_REG_OK,
	X_REG_FAIL,
	X_HB_OK,
	X_HB_NOT_FOUND,
	X_HB_FAIL,
	X_HB_TIMER,
	X_TIMEOUT,
	X__N
};
enum { T_NONE, T_RETRY, T__N };

/* What an answer belongs to: the kind in the top byte of the cookie, the
 * registration epoch below it (answers from an older epoch are dropped). */
enum { K_REGISTER = 1, K_HEARTBEAT = 2, K_DEREGISTER = 3 };

struct sbi_nfreg {
	struct fsm fsm; /* the machine */
	struct fsm_def def; /* per instance: its timers vary */
	struct fsm_timer timers[T__N]; /* T_RETRY (back-off, its period varies) */
	struct ev_timer hb_timer; /* heartbeat period (a plain timer: no log per beat) */
	struct ev_loop *loop; /* NF's loop */
	struct sbi_client *client; /* NF's client */
	struct sbi_nfreg_cfg cfg; /* configuration */
	json_t *profile; /* profile registered (owned) */
	char id[40]; /* nfInstanceId */
	char uri[256]; /* {nrf}/nnrf-nfm/v1/nf-instances/{id} */
	uint32_t heartbeat_s; /* interval in use */
	uint32_t backoff_ms; /* next back-off delay */
	uint32_t epoch; /* bumped on each registration attempt */
	bool hb_in_flight; /* a heartbeat awaits its answer */
	bool registered; /* last told to cb */
	sbi_nfreg_cb cb; /* state-change callback */
	void *arg; /* its argument */
	struct sbi_nfreg_stats st; /* counters */
	char ctx[64]; /* log prefix "amf nfreg" */
};

const struct cfg_field sbi_nfreg_cfg_fields[] = {
	CFG_F_INT("heartbeat", struct sbi_nfreg_cfg, heartbeat_s, 1, 3600),
	CFG_F_DURATION("retry_min", struct sbi_nfreg_cfg, retry_min_ms, 10, 600000),
	CFG_F_DURATION("retry_max", struct sbi_nfreg_cfg, retry_max_ms, 10, 3600000),
	CFG_FIELD_END,
};

void sbi_nfreg_cfg_defaults(struct sbi_nfreg_cfg *c, const char *nrf_uri)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->nrf_uri, sizeof(c->nrf_uri), "%s", nrf_uri ? nrf_uri : "");
	c->heartbeat_s = 10;
	c->retry_min_ms = 1000;
	c->retry_max_ms = 30000;
}

static void tell(struct sbi_nfreg *r, bool registered)
{
	if (r->registered == registered)
		return;
	r->registered = registered;
	if (r->cb)
		r->cb(r->arg, registered);
}

static void on_answer(void *arg, uint64_t cookie, const struct sbi_resp *rsp);

static int nfreg_send(struct sbi_nfreg *r, int kind)
{
	struct sbi_request rq = { .uri = r->uri };
	json_t *patch = NULL;
	switch (kind) {
	case K_REGISTER:
		rq.method = SBI_PUT;
		rq.json = r->profile;
		break;
	case K_HEARTBEAT:
		/* TS 29.510 5.2.2.3.2: a heartbeat is a PATCH replacing nfStatus. */
		rq.method = SBI_PATCH;
		patch = json_pack("[{ssssss}]", "op", "replace", "path", "/nfStatus", "value",
				  "REGISTERED");
		if (!patch)
			return -E_NOMEM;
		rq.json = patch;
		rq.content_type = SBI_CT_JSON_PATCH;
		break;
	default: rq.method = SBI_DELETE; break;
	}
	uint64_t cookie = (uint64_t)kind << 56 | r->epoch;
	int rc = sbi_client_send(r->client, &rq, on_answer, r, cookie);
	if (patch)
		json_decref(patch);
	return rc;
}

/* ---- states --------------------------------------------------------- */

static void registering_enter(struct fsm *f, int prev)
{
	struct sbi_nfreg *r = f->priv;
	r->epoch++;
	r->hb_in_flight = false;
	LOG(LOG_DEBUG, r->ctx, "registering with %s", r->cfg.nrf_uri);
	if (nfreg_send(r, K_REGISTER) < 0)
		fsm_transition(f, R_BACKOFF);
}

static void hb_timer_cb(struct ev_loop *loop, struct ev_timer *t)
{
	struct sbi_nfreg *r = t->data;
	fsm_dispatch(&r->fsm, X_HB_TIMER, NULL);
}

static void registered_enter(struct fsm *f, int prev)
{
	struct sbi_nfreg *r = f->priv;
	r->backoff_ms = (uint32_t)r->cfg.retry_min_ms;
	ev_timer_start(r->loop, &r->hb_timer, r->heartbeat_s * 1000ull, hb_timer_cb, r);
	tell(r, true);
}

static void registered_exit(struct fsm *f, int next)
{
	struct sbi_nfreg *r = f->priv;
	ev_timer_stop(r->loop, &r->hb_timer);
}

static void backoff_enter(struct fsm *f, int prev)
{
	struct sbi_nfreg *r = f->priv;
	tell(r, false);
	r->timers[T_RETRY].ms = r->backoff_ms;
	LOG(LOG_INFO, r->ctx, "NRF %s not reachable or refused us: retrying in %u ms",
	    r->cfg.nrf_uri, r->backoff_ms);
	uint64_t next = (uint64_t)r->backoff_ms * 2;
	uint64_t cap = (uint64_t)r->cfg.retry_max_ms;
	r->backoff_ms = (uint32_t)(next > cap ? cap : next);
}

static void idle_h(struct fsm *f, int ev, void *data)
{
	fsm_transition(f, R_REGISTERING);
}

static void registering_h(struct fsm *f, int ev, void *data)
{
	struct sbi_nfreg *r = f->priv;
	if (ev == X_REG_OK) {
		r->st.registrations++;
		LOG(LOG_INFO, r->ctx, "registered with the NRF (heartbeat %u s)", r->heartbeat_s);
		fsm_transition(f, R_REGISTERED);
	} else {
		r->st.failures++;
		fsm_transition(f, R_BACKOFF);
	}
}

static void registered_h(struct fsm *f, int ev, void *data)
{
	struct sbi_nfreg *r = f->priv;
	switch (ev) {
	case X_HB_TIMER:
		/* Periodic: re-arm first, then send (one heartbeat in flight at most). */
		ev_timer_start(r->loop, &r->hb_timer, r->heartbeat_s * 1000ull, hb_timer_cb, r);
		if (!r->hb_in_flight && nfreg_send(r, K_HEARTBEAT) == 0)
			r->hb_in_flight = true;
		break;
	case X_HB_OK: r->st.heartbeats++; break;
	case X_HB_NOT_FOUND:
		/* TS 29.510 5.2.2.3.2: the NRF no longer knows us (e.g. it restarted
		 * or expired us): register again. */
		r->st.hb_not_found++;
		LOG(LOG_NOTICE, r->ctx, "NRF answered 404 to a heartbeat: registering again");
		tell(r, false);
		fsm_transition(f, R_REGISTERING);
		break;
	default: /* X_HB_FAIL */
		r->st.failures++;
		fsm_transition(f, R_BACKOFF);
		break;
	}
}

static void backoff_h(struct fsm *f, int ev, void *data)
{
	fsm_transition(f, R_REGISTERING);
}

static void unexpected(struct fsm *f, int ev, void *data)
{
	/* Late answers of an abandoned exchange: nothing to answer. */
}

static const struct fsm_state states[R__N] = {
	[R_IDLE] = { "IDLE", idle_h, .events = EV(X_START), .next = ST(R_REGISTERING) },
	[R_REGISTERING] = { "REGISTERING", registering_h, .events = EV(X_REG_OK) | EV(X_REG_FAIL),
			    .next = ST(R_REGISTERED) | ST(R_BACKOFF) | ST(R_IDLE),
			    .on_enter = registering_enter },
	[R_REGISTERED] = { "REGISTERED", registered_h,
			   .events = EV(X_HB_TIMER) | EV(X_HB_OK) | EV(X_HB_NOT_FOUND) |
				     EV(X_HB_FAIL),
			   .next = ST(R_REGISTERING) | ST(R_BACKOFF) | ST(R_IDLE),
			   .on_enter = registered_enter, .on_exit = registered_exit },
	[R_BACKOFF] = { "BACKOFF", backoff_h, .events = EV(X_TIMEOUT),
			.next = ST(R_REGISTERING) | ST(R_IDLE), .timer = T_RETRY,
			.on_enter = backoff_enter },
};

static const char *const event_names[X__N] = {
	"START", "REG_OK", "REG_FAIL", "HB_OK", "HB_NOT_FOUND", "HB_FAIL", "HB_TIMER", "TIMEOUT",
};

/* ---- answers -------------------------------------------------------- */

static void on_answer(void *arg, uint64_t cookie, const struct sbi_resp *rsp)
{
	struct sbi_nfreg *r = arg;
	int kind = (int)(cookie >> 56);
	uint32_t epoch = (uint32_t)cookie;
	if (kind == K_DEREGISTER)
		return;
	if (epoch != r->epoch)
		return; /* an answer to an attempt we have given up */
	if (rsp->err)
		LOG_RL(LOG_INFO, r->ctx, "NRF %s: no answer (%s)", r->cfg.nrf_uri,
		       err_str(rsp->err));
	if (kind == K_REGISTER) {
		/* TS 29.510 5.2.2.2.2: 201 Created, or 200 OK replacing a profile. */
		if (!rsp->err && (rsp->status == 201 || rsp->status == 200)) {
			json_t *hb = json_object_get(sbi_resp_json(rsp), "heartBeatTimer");
			if (json_is_integer(hb) && json_integer_value(hb) > 0 &&
			    json_integer_value(hb) <= 3600)
				r->heartbeat_s = (uint32_t)json_integer_value(hb);
			fsm_dispatch(&r->fsm, X_REG_OK, NULL);
		} else {
			if (!rsp->err)
				LOG_RL(LOG_NOTICE, r->ctx, "NRF refused the registration: %d",
				       rsp->status);
			fsm_dispatch(&r->fsm, X_REG_FAIL, NULL);
		}
		return;
	}
	r->hb_in_flight = false;
	if (!rsp->err && (rsp->status == 204 || rsp->status == 200))
		fsm_dispatch(&r->fsm, X_HB_OK, NULL);
	else if (!rsp->err && rsp->status == 404)
		fsm_dispatch(&r->fsm, X_HB_NOT_FOUND, NULL);
	else
		fsm_dispatch(&r->fsm, X_HB_FAIL, NULL);
}

/* ---- API ------------------------------------------------------------ */

static int set_profile(struct sbi_nfreg *r, const struct sbi_nf_profile *p)
{
	json_t *j = sbi_nf_profile_encode(p);
	if (!j)
		return -E_NOMEM;
	/* The interval we ask for (TS 29.510 6.1.6.2.2 heartBeatTimer). */
	json_object_set_new(j, "heartBeatTimer", json_integer(r->cfg.heartbeat_s));
	if (r->profile)
		json_decref(r->profile);
	r->profile = j;
	return 0;
}

struct sbi_nfreg *sbi_nfreg_new(struct ev_loop *loop, struct sbi_client *client,
				const struct sbi_nfreg_cfg *cfg,
				const struct sbi_nf_profile *profile, sbi_nfreg_cb cb, void *arg,
				const char *ctx)
{
	struct sbi_nfreg *r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->loop = loop;
	r->client = client;
	r->cfg = *cfg;
	if (r->cfg.heartbeat_s <= 0)
		r->cfg.heartbeat_s = 10;
	if (r->cfg.retry_min_ms <= 0)
		r->cfg.retry_min_ms = 1000;
	if (r->cfg.retry_max_ms < r->cfg.retry_min_ms)
		r->cfg.retry_max_ms = r->cfg.retry_min_ms;
	r->cb = cb;
	r->arg = arg;
	r->heartbeat_s = (uint32_t)r->cfg.heartbeat_s;
	r->backoff_ms = (uint32_t)r->cfg.retry_min_ms;
	snprintf(r->ctx, sizeof(r->ctx), "%s", ctx ? ctx : "nfreg");
	snprintf(r->id, sizeof(r->id), "%s", profile->nf_instance_id);
	if (r->cfg.nrf_uri[0]) {
		struct sbi_uri u;
		size_t l = strlen(r->cfg.nrf_uri);
		while (l && r->cfg.nrf_uri[l - 1] == '/')
			r->cfg.nrf_uri[--l] = 0;
		if (sbi_uri_parse(&u, r->cfg.nrf_uri) < 0) {
			LOG(LOG_ERROR, r->ctx, "nrf_uri \"%s\" is not an http(s) URI",
			    r->cfg.nrf_uri);
			free(r);
			return NULL;
		}
		snprintf(r->uri, sizeof(r->uri), "%s/nnrf-nfm/v1/nf-instances/%s", r->cfg.nrf_uri,
			 r->id);
	}
	if (set_profile(r, profile) < 0) {
		free(r);
		return NULL;
	}
	r->timers[T_RETRY] = (struct fsm_timer){ "T_RETRY", r->backoff_ms, 255 };
	r->def = (struct fsm_def){
		.name = "nfreg",
		.states = states,
		.nstates = R__N,
		.event_names = event_names,
		.nevents = X__N,
		.timers = r->timers,
		.ntimers = T__N,
		.timeout_event = X_TIMEOUT,
		.unexpected = unexpected,
	};
	fsm_init(&r->fsm, &r->def, R_IDLE, loop, r, r->ctx);
	return r;
}

void sbi_nfreg_start(struct sbi_nfreg *r)
{
	if (!r->cfg.nrf_uri[0]) {
		LOG(LOG_INFO, r->ctx, "no nrf_uri: not registering with an NRF");
		return;
	}
	fsm_dispatch(&r->fsm, X_START, NULL);
}

int sbi_nfreg_update(struct sbi_nfreg *r, const struct sbi_nf_profile *profile)
{
	int rc = set_profile(r, profile);
	if (rc < 0)
		return rc;
	if (r->fsm.state == R_REGISTERED)
		fsm_transition(&r->fsm, R_REGISTERING);
	return 0;
}

void sbi_nfreg_stop(struct sbi_nfreg *r)
{
	bool was = r->fsm.state == R_REGISTERED;
	r->epoch++; /* every answer in flight is now stale */
	if (r->fsm.state != R_IDLE)
		fsm_transition(&r->fsm, R_IDLE);
	fsm_timer_stop(&r->fsm);
	if (was) {
		LOG(LOG_INFO, r->ctx, "deregistering from the NRF");
		nfreg_send(r, K_DEREGISTER);
	}
	tell(r, false);
}

void sbi_nfreg_free(struct sbi_nfreg *r)
{
	if (!r)
		return;
	fsm_fini(&r->fsm);
	ev_timer_stop(r->loop, &r->hb_timer);
	sbi_client_forget(r->client, r);
	if (r->profile)
		json_decref(r->profile);
	free(r);
}

bool sbi_nfreg_registered(const struct sbi_nfreg *r)
{
	return r->fsm.state == R_REGISTERED;
}

const char *sbi_nfreg_state(const struct sbi_nfreg *r)
{
	return fsm_state_name(&r->fsm);
}

uint32_t sbi_nfreg_heartbeat(const struct sbi_nfreg *r)
{
	return r->heartbeat_s;
}

void sbi_nfreg_get_stats(const struct sbi_nfreg *r, struct sbi_nfreg_stats *st)
{
	*st = r->st;
}
