/* run.c — `ngsim run SCENARIO.yaml`: scripted steps with expectations.
 *
 * Steps run one after another. A step starts its action for its gNB or for
 * each of its UEs, then waits until every one of them has reported an
 * outcome (or the step's timeout passes). Each outcome is compared with the
 * step's expectation; any other report during the step — a protocol error,
 * an unsolicited message, another UE's outcome — is a failure too. The run
 * ends at the first failure, printing the step, what was expected and what
 * came instead.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "sim/hist.h"
#include "sim/run.h"

struct run {
	struct sim *s; /* the simulator */
	const struct sim_cfg *c; /* its configuration */
	int step; /* current step, -1 = automatic NG Setup */
	bool active; /* a step is waiting for outcomes */
	uint32_t first, n; /* UEs (or the gNB: first) the step covers */
	uint32_t pending; /* outcomes still awaited */
	int expect; /* enum sim_outcome awaited */
	uint8_t *done; /* per UE of the step: outcome seen */
	struct ev_timer timer; /* step timeout */
	struct hist lat; /* latencies of the step's outcomes */
	bool failed; /* the run failed */
	bool finished; /* the run is over */
	char why[640]; /* the failure */
	char label[96]; /* "step 3 (register ue 0)" */
};

static struct run R;

static bool is_gnb_action(int a)
{
	return a == ACT_NG_SETUP || a == ACT_BREAK || a == ACT_NG_RESET;
}

static int default_expect(const struct sim_step *st)
{
	switch (st->action) {
	case ACT_NG_SETUP: return OUT_NG_SETUP_RESPONSE;
	case ACT_REGISTER: return OUT_REG_ACCEPT;
	case ACT_DEREGISTER: return st->switch_off ? OUT_DEREGISTERED : OUT_DEREG_ACCEPT;
	case ACT_RELEASE: return OUT_RELEASED;
	case ACT_SERVICE: return OUT_SERVICE_ACCEPT;
	case ACT_BREAK: return OUT_ASSOC_DOWN;
	case ACT_NG_RESET: return OUT_NG_RESET_ACK;
	default: return OUT_NONE;
	}
}

static void finish(bool failed)
{
	if (R.finished)
		return;
	R.finished = true;
	R.failed = failed;
	R.active = false;
	ev_timer_stop(R.s->loop, &R.timer);
	ev_stop(R.s->loop);
}

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
	if (R.finished)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(R.why, sizeof(R.why), fmt, ap);
	va_end(ap);
	finish(true);
}

static void describe(const struct sim_event *e, char *out, size_t n)
{
	if (e->cause >= 0)
		snprintf(out, n, "%s cause %d (%s)", sim_outcome_names[e->out], e->cause,
			 e->detail);
	else
		snprintf(out, n, "%s (%s)", sim_outcome_names[e->out], e->detail);
}

static bool nssai_match(const struct sim_step *st, const struct nas_nssai *got)
{
	if (!st->n_allowed)
		return true;
	if (!got || got->n != st->n_allowed)
		return false;
	for (uint32_t i = 0; i < st->n_allowed; i++) {
		bool found = false;
		for (uint8_t k = 0; k < got->n && !found; k++)
			found = s_nssai_eq(&st->allowed[i], &got->e[k].s);
		if (!found)
			return false;
	}
	return true;
}

static void nssai_str(const struct nas_nssai *n, char *out, size_t cap)
{
	size_t o = 0;
	out[0] = 0;
	if (!n) {
		snprintf(out, cap, "none");
		return;
	}
	for (uint8_t i = 0; i < n->n && o < cap; i++) {
		if (n->e[i].s.has_sd)
			o += (size_t)snprintf(out + o, cap - o, "%s%u/%06x", i ? "," : "",
					      n->e[i].s.sst, n->e[i].s.sd);
		else
			o += (size_t)snprintf(out + o, cap - o, "%s%u", i ? "," : "",
					      n->e[i].s.sst);
	}
}

static void next_step(struct ev_loop *loop, void *arg);

static void step_done(void)
{
	const struct sim_step *st = R.step >= 0 ? &R.c->steps[R.step] : NULL;
	R.active = false;
	ev_timer_stop(R.s->loop, &R.timer);
	if (R.lat.count > 1)
		printf("%s: %u x %s (p50 %.1f ms, max %.1f ms)\n", R.label, R.n,
		       sim_outcome_names[R.expect], hist_quantile(&R.lat, 0.5) / 1e6,
		       R.lat.max / 1e6);
	else if (R.lat.count == 1)
		printf("%s: %s (%.1f ms)\n", R.label, sim_outcome_names[R.expect], R.lat.max / 1e6);
	else
		printf("%s: %s\n", R.label, st ? sim_outcome_names[R.expect] : "ok");
	fflush(stdout);
	ev_defer(R.s->loop, next_step, NULL);
}

static void observe(void *arg, const struct sim_event *e)
{
	char got[400];
	(void)arg;
	if (R.finished)
		return;
	describe(e, got, sizeof(got));
	if (!R.active) {
		fail("%s: unexpected %s for %s %lld between steps", R.label, got,
		     e->ue >= 0 ? "ue" : "gnb", (long long)(e->ue >= 0 ? e->ue : e->gnb));
		return;
	}
	const struct sim_step *st = R.step >= 0 ? &R.c->steps[R.step] : NULL;
	bool gnb_step = !st || is_gnb_action(st->action);
	uint32_t who;
	if (gnb_step) {
		if (e->gnb < 0 || e->ue >= 0) {
			fail("%s: expected %s, got %s from ue %lld", R.label,
			     sim_outcome_names[R.expect], got, (long long)e->ue);
			return;
		}
		who = (uint32_t)e->gnb;
	} else {
		if (e->ue < 0) {
			fail("%s: expected %s, got %s from gnb %d", R.label,
			     sim_outcome_names[R.expect], got, e->gnb);
			return;
		}
		who = (uint32_t)e->ue;
	}
	if (who < R.first || who >= R.first + R.n || R.done[who - R.first]) {
		fail("%s: unexpected %s for %s %u", R.label, got, gnb_step ? "gnb" : "ue", who);
		return;
	}
	if (e->out != R.expect) {
		fail("%s: expected %s, got %s", R.label, sim_outcome_names[R.expect], got);
		return;
	}
	if (st && st->cause && e->cause != st->cause) {
		fail("%s: expected %s cause %lld, got %s", R.label, sim_outcome_names[R.expect],
		     (long long)st->cause, got);
		return;
	}
	if (st && e->out == OUT_REG_ACCEPT && !nssai_match(st, e->allowed)) {
		char a[128];
		nssai_str(e->allowed, a, sizeof(a));
		fail("%s: registration accept with allowed NSSAI %s, expected %u S-NSSAI(s) "
		     "listed in the step",
		     R.label, a, st->n_allowed);
		return;
	}
	R.done[who - R.first] = 1;
	if (e->latency_ns)
		hist_add(&R.lat, e->latency_ns);
	if (--R.pending == 0)
		step_done();
}

static void on_timeout(struct ev_loop *loop, struct ev_timer *t)
{
	(void)loop;
	(void)t;
	if (!R.active)
		return;
	if (R.expect == OUT_NONE) {
		step_done();
		return;
	}
	uint32_t first_missing = 0;
	for (uint32_t i = 0; i < R.n; i++)
		if (!R.done[i]) {
			first_missing = R.first + i;
			break;
		}
	fail("%s: expected %s, got nothing within %lld ms (%u of %u outcomes missing, first: "
	     "%s %u)",
	     R.label, sim_outcome_names[R.expect],
	     (long long)(R.step >= 0 ? R.c->steps[R.step].timeout_ms : R.c->ng_setup_timeout_ms),
	     R.pending, R.n, R.step < 0 || is_gnb_action(R.c->steps[R.step].action) ? "gnb" : "ue",
	     first_missing);
}

static void arm(int64_t ms)
{
	ev_timer_start(R.s->loop, &R.timer, (uint64_t)ms, on_timeout, NULL);
}

static uint8_t caps_of(const int64_t *a, uint32_t n)
{
	uint8_t b = 0;
	for (uint32_t i = 0; i < n; i++)
		b |= NAS_ALG_BIT(a[i]);
	return b;
}

static int start_ue(const struct sim_step *st, struct sim_ue *ue)
{
	switch (st->action) {
	case ACT_REGISTER:
		if (st->reg_type == REGK_MOBILITY && st->tac) {
			const struct sim_gnb_cfg *g = &R.c->gnbs[ue->gnb];
			uint32_t i;
			for (i = 0; i < g->n_tacs; i++)
				if (g->tacs[i] == st->tac)
					break;
			if (i == g->n_tacs)
				return -E_NOTFOUND;
			ue->tac_idx = (uint8_t)i;
		}
		return ue_register(R.s, ue, st->reg_type, st->identity, st->auth_failure,
				   caps_of(st->nea, st->n_nea), caps_of(st->nia, st->n_nia));
	case ACT_DEREGISTER: return ue_deregister(R.s, ue, st->switch_off);
	case ACT_SERVICE: return ue_service_request(R.s, ue);
	case ACT_RELEASE: return gnb_release_request(R.s, ue);
	default: return 0;
	}
}

static void start_step(int i)
{
	const struct sim_step *st = &R.c->steps[i];
	bool gnb_step = is_gnb_action(st->action);

	R.step = i;
	R.expect = st->expect == OUT_ANY ? default_expect(st) : st->expect;
	memset(&R.lat, 0, sizeof(R.lat));
	if (gnb_step) {
		R.first = (uint32_t)st->gnb;
		R.n = 1;
	} else if (st->action == ACT_WAIT && R.expect == OUT_NONE) {
		R.first = 0;
		R.n = 0;
	} else {
		R.first = (uint32_t)st->ue;
		R.n = (uint32_t)st->count;
	}
	if (gnb_step)
		snprintf(R.label, sizeof(R.label), "step %d (%s%s%s gnb %u)", i + 1,
			 st->name[0] ? st->name : "", st->name[0] ? ": " : "",
			 sim_action_names[st->action], R.first);
	else if (R.n == 0)
		snprintf(R.label, sizeof(R.label), "step %d (%s%s%s)", i + 1,
			 st->name[0] ? st->name : "", st->name[0] ? ": " : "",
			 sim_action_names[st->action]);
	else if (R.n > 1)
		snprintf(R.label, sizeof(R.label), "step %d (%s%s%s ue %u..%u)", i + 1,
			 st->name[0] ? st->name : "", st->name[0] ? ": " : "",
			 sim_action_names[st->action], R.first, R.first + R.n - 1);
	else
		snprintf(R.label, sizeof(R.label), "step %d (%s%s%s ue %u)", i + 1,
			 st->name[0] ? st->name : "", st->name[0] ? ": " : "",
			 sim_action_names[st->action], R.first);
	memset(R.done, 0, R.s->n_ues > SIM_MAX_GNBS ? R.s->n_ues : SIM_MAX_GNBS);
	R.pending = R.expect == OUT_NONE ? 0 : R.n;
	R.active = true;
	arm(st->timeout_ms);

	int rc = 0;
	switch (st->action) {
	case ACT_NG_SETUP: rc = gnb_start(R.s, (int)st->gnb); break;
	case ACT_BREAK: rc = gnb_break(R.s, (int)st->gnb); break;
	case ACT_NG_RESET: rc = gnb_ng_reset(R.s, (int)st->gnb); break;
	case ACT_WAIT: break;
	default:
		for (uint32_t k = 0; k < R.n && !R.finished && rc >= 0; k++) {
			struct sim_ue *ue = sim_ue_get(R.s, R.first + k);
			rc = ue ? start_ue(st, ue) : -E_NOTFOUND;
			if (rc < 0 && ue)
				fail("%s: cannot start for ue %u in %s: %s", R.label, R.first + k,
				     fsm_state_name(&ue->fsm),
				     rc == -E_NOTFOUND && st->action == ACT_REGISTER
					     ? "no 5G-GUTI (or TAC not served)"
					     : err_str(rc));
		}
		break;
	}
	if (rc < 0 && !R.finished)
		fail("%s: cannot start: %s", R.label, err_str(rc));
}

static uint32_t auto_setup_left;

static void observe_setup(void *arg, const struct sim_event *e)
{
	char got[400];
	(void)arg;
	if (R.finished)
		return;
	describe(e, got, sizeof(got));
	if (e->out != OUT_NG_SETUP_RESPONSE || e->ue >= 0) {
		fail("NG Setup of gnb %d (before step 1): expected ng_setup_response, got %s",
		     e->gnb, got);
		return;
	}
	printf("setup gnb %d: ng_setup_response (%.1f ms)\n", e->gnb, e->latency_ns / 1e6);
	if (--auto_setup_left == 0) {
		ev_timer_stop(R.s->loop, &R.timer);
		R.s->observer = observe;
		ev_defer(R.s->loop, next_step, NULL);
	}
}

static void next_step(struct ev_loop *loop, void *arg)
{
	(void)loop;
	(void)arg;
	if (R.finished)
		return;
	int i = R.step + 1;
	if (i >= (int)R.c->n_steps) {
		finish(false);
		return;
	}
	start_step(i);
}

static void setup_timeout(struct ev_loop *loop, struct ev_timer *t)
{
	(void)loop;
	(void)t;
	fail("NG Setup (before step 1): no answer within %lld ms",
	     (long long)R.c->ng_setup_timeout_ms);
}

int run_scenario(struct sim *s)
{
	memset(&R, 0, sizeof(R));
	R.s = s;
	R.c = s->cfg;
	R.step = -1;
	snprintf(R.label, sizeof(R.label), "start");
	R.done = calloc(s->n_ues > SIM_MAX_GNBS ? s->n_ues : SIM_MAX_GNBS, 1);
	if (!R.done)
		return -E_NOMEM;
	if (R.c->auto_setup) {
		s->observer = observe_setup;
		auto_setup_left = R.c->n_gnbs;
		ev_timer_start(s->loop, &R.timer, (uint64_t)R.c->ng_setup_timeout_ms + 1000,
			       setup_timeout, NULL);
		for (uint32_t g = 0; g < R.c->n_gnbs; g++)
			gnb_start(s, (int)g);
	} else {
		s->observer = observe;
		ev_defer(s->loop, next_step, NULL);
	}
	ev_run(s->loop);
	ev_timer_stop(s->loop, &R.timer);
	s->observer = NULL;
	free(R.done);
	if (!R.finished)
		fail("interrupted");
	if (R.failed) {
		printf("FAIL: %s\n", R.why);
		return 1;
	}
	printf("PASS: %u steps\n", R.c->n_steps);
	return 0;
}
