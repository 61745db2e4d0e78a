#include "lib/fsm/fsm.h"

#include <string.h>

#include "lib/core/err.h"
#include "lib/core/log.h"

void fsm_init(struct fsm *f, const struct fsm_def *def, int initial, struct ev_loop *loop,
	      void *priv, const char *ctx)
{
	memset(f, 0, sizeof(*f));
	f->def = def;
	f->state = initial;
	f->loop = loop;
	f->priv = priv;
	f->ctx = ctx;
}

void fsm_fini(struct fsm *f)
{
	fsm_timer_stop(f);
}

const char *fsm_state_name(const struct fsm *f)
{
	if (f->state < 0 || f->state >= f->def->nstates || !f->def->states[f->state].name)
		return "?";
	return f->def->states[f->state].name;
}

const char *fsm_event_name(const struct fsm *f, int event)
{
	if (event < 0 || event >= f->def->nevents || !f->def->event_names ||
	    !f->def->event_names[event])
		return "?";
	return f->def->event_names[event];
}

int fsm_dispatch(struct fsm *f, int event, void *data)
{
	if (event < 0 || event >= f->def->nevents || event >= FSM_MAX)
		return -E_INVAL;
	const struct fsm_state *s = &f->def->states[f->state];
	if (!(s->events & EV(event)) || !s->handler) {
		f->unexpected++;
		LOG_RL(LOG_NOTICE, f->ctx, "%s: event %s not permitted in %s", f->def->name,
		       fsm_event_name(f, event), s->name);
		if (f->def->unexpected)
			f->def->unexpected(f, event, data);
		return -E_STATE;
	}
	LOG(LOG_TRACE, f->ctx, "%s: %s in %s", f->def->name, fsm_event_name(f, event), s->name);
	s->handler(f, event, data);
	return 0;
}

static void timer_cb(struct ev_loop *loop, struct ev_timer *t)
{
	struct fsm *f = t->data;

	f->expiries++;
	const struct fsm_timer *td = &f->def->timers[f->timer_id];
	LOG(LOG_INFO, f->ctx, "%s expired (%u/%u)", td->name, f->expiries, td->max_retx + 1u);
	fsm_dispatch(f, f->def->timeout_event, NULL);
}

void fsm_timer_start(struct fsm *f, int id)
{
	if (id <= 0 || id >= f->def->ntimers)
		return;
	if (id != f->timer_id)
		f->expiries = 0;
	f->timer_id = id;
	ev_timer_start(f->loop, &f->timer, f->def->timers[id].ms, timer_cb, f);
}

void fsm_timer_stop(struct fsm *f)
{
	if (f->loop)
		ev_timer_stop(f->loop, &f->timer);
	f->timer_id = 0;
	f->expiries = 0;
}

bool fsm_timer_exhausted(const struct fsm *f)
{
	if (f->timer_id <= 0 || f->timer_id >= f->def->ntimers)
		return true;
	return f->expiries > f->def->timers[f->timer_id].max_retx;
}

int fsm_transition(struct fsm *f, int next)
{
	const struct fsm_state *cur = &f->def->states[f->state];

	if (next < 0 || next >= f->def->nstates || !(cur->next & ST(next))) {
		LOG(LOG_ERROR, f->ctx, "%s: transition %s -> %s not in the table", f->def->name,
		    cur->name,
		    next >= 0 && next < f->def->nstates ? f->def->states[next].name : "?");
		return -E_STATE;
	}
	int prev = f->state;
	if (cur->on_exit)
		cur->on_exit(f, next);
	fsm_timer_stop(f);
	f->state = next;
	f->transitions++;
	LOG(LOG_DEBUG, f->ctx, "%s: %s -> %s", f->def->name, cur->name, f->def->states[next].name);
	const struct fsm_state *ns = &f->def->states[next];
	if (ns->on_enter)
		ns->on_enter(f, prev);
	/* on_enter may have moved on already; arm only if still here. */
	if (f->state == next && ns->timer && !ev_timer_armed(&f->timer))
		fsm_timer_start(f, ns->timer);
	return 0;
}
