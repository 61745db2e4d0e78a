/* Unit tests of lib/fsm: permitted events reach handlers, others reach the
 * unexpected hook, transitions outside the table are refused, entry/exit
 * actions run, and protocol timers retransmit then give up. */
#include "lib/core/err.h"
#include "lib/fsm/fsm.h"
#include "tests/unit/t.h"

enum { S_IDLE, S_WAITING, S_DONE, S__N };
enum { X_START, X_RESP, X_TIMEOUT, X__N };
enum { T_NONE, T_WAIT, T__N };

struct proc {
	struct fsm fsm; /* the machine */
	int sent; /* requests sent (first + retransmissions) */
	int answered_bad; /* unexpected-event answers */
	int entered_done; /* on_enter(DONE) calls */
	int exited_wait; /* on_exit(WAITING) calls */
	int gave_up; /* procedure abandoned */
};

static void idle_h(struct fsm *f, int ev, void *d)
{
	struct proc *p = f->priv;
	p->sent++;
	fsm_transition(f, S_WAITING);
}

static void waiting_h(struct fsm *f, int ev, void *d)
{
	struct proc *p = f->priv;
	if (ev == X_RESP) {
		fsm_transition(f, S_DONE);
		return;
	}
	/* X_TIMEOUT: retransmit until exhausted (like T3560, TS 24.501 5.4.1.3.7). */
	if (fsm_timer_exhausted(f)) {
		p->gave_up++;
		fsm_transition(f, S_IDLE);
		ev_stop(f->loop);
		return;
	}
	p->sent++;
	fsm_timer_start(f, T_WAIT);
}

static void done_enter(struct fsm *f, int prev)
{
	((struct proc *)f->priv)->entered_done++;
}

static void waiting_exit(struct fsm *f, int next)
{
	((struct proc *)f->priv)->exited_wait++;
}

static void unexpected(struct fsm *f, int ev, void *d)
{
	((struct proc *)f->priv)->answered_bad++;
}

static const struct fsm_state states[] = {
	[S_IDLE] = { "IDLE", idle_h, .events = EV(X_START), .next = ST(S_WAITING) },
	[S_WAITING] = { "WAITING", waiting_h, .events = EV(X_RESP) | EV(X_TIMEOUT),
			.next = ST(S_DONE) | ST(S_IDLE), .timer = T_WAIT, .on_exit = waiting_exit },
	[S_DONE] = { "DONE", NULL, .events = 0, .next = 0, .on_enter = done_enter },
};
static const char *const events[] = { "START", "RESP", "TIMEOUT" };
static const struct fsm_timer timers[] = { [T_WAIT] = { "TWAIT", 5, 2 } };
static const struct fsm_def def = {
	.name = "proc",
	.states = states,
	.nstates = S__N,
	.event_names = events,
	.nevents = X__N,
	.timers = timers,
	.ntimers = T__N,
	.timeout_event = X_TIMEOUT,
	.unexpected = unexpected,
};

static void permitted_path_reaches_done(void)
{
	struct ev_loop *loop = ev_loop_new("t");
	struct proc p = { 0 };

	fsm_init(&p.fsm, &def, S_IDLE, loop, &p, "proc[1]");
	CHECK_EQ(fsm_dispatch(&p.fsm, X_START, NULL), 0);
	CHECK_EQ(p.fsm.state, S_WAITING);
	CHECK(ev_timer_armed(&p.fsm.timer)); /* state timer armed on entry */
	CHECK_EQ(fsm_dispatch(&p.fsm, X_RESP, NULL), 0);
	CHECK_EQ(p.fsm.state, S_DONE);
	CHECK(!ev_timer_armed(&p.fsm.timer)); /* stopped on exit */
	CHECK_EQ(p.entered_done, 1);
	CHECK_EQ(p.exited_wait, 1);
	CHECK_STR(fsm_state_name(&p.fsm), "DONE");
	fsm_fini(&p.fsm);
	ev_loop_free(loop);
}

static void unpermitted_event_gets_the_hook(void)
{
	struct ev_loop *loop = ev_loop_new("t");
	struct proc p = { 0 };

	fsm_init(&p.fsm, &def, S_IDLE, loop, &p, "proc[2]");
	CHECK_EQ(fsm_dispatch(&p.fsm, X_RESP, NULL), -E_STATE);
	CHECK_EQ(p.answered_bad, 1);
	CHECK_EQ(p.fsm.state, S_IDLE);
	CHECK_EQ(fsm_dispatch(&p.fsm, 42, NULL), -E_INVAL);
	CHECK_EQ(fsm_dispatch(&p.fsm, -1, NULL), -E_INVAL);
	CHECK_EQ(p.fsm.unexpected, 1);
	fsm_fini(&p.fsm);
	ev_loop_free(loop);
}

static void transition_outside_table_is_refused(void)
{
	struct ev_loop *loop = ev_loop_new("t");
	struct proc p = { 0 };

	fsm_init(&p.fsm, &def, S_IDLE, loop, &p, "proc[3]");
	CHECK_EQ(fsm_transition(&p.fsm, S_DONE), -E_STATE);
	CHECK_EQ(fsm_transition(&p.fsm, 99), -E_STATE);
	CHECK_EQ(p.fsm.state, S_IDLE);
	fsm_fini(&p.fsm);
	ev_loop_free(loop);
}

static void timer_retransmits_then_gives_up(void)
{
	struct ev_loop *loop = ev_loop_new("t");
	struct proc p = { 0 };

	fsm_init(&p.fsm, &def, S_IDLE, loop, &p, "proc[4]");
	fsm_dispatch(&p.fsm, X_START, NULL);
	ev_run(loop);
	/* First send + max_retx (2) retransmissions, then abandoned on the 3rd expiry. */
	CHECK_EQ(p.sent, 3);
	CHECK_EQ(p.gave_up, 1);
	CHECK_EQ(p.fsm.state, S_IDLE);
	CHECK(!ev_timer_armed(&p.fsm.timer));
	fsm_fini(&p.fsm);
	ev_loop_free(loop);
}

int main(void)
{
	RUN(permitted_path_reaches_done);
	RUN(unpermitted_event_gets_the_hook);
	RUN(transition_outside_table_is_refused);
	RUN(timer_retransmits_then_gives_up);
	return t_done();
}
