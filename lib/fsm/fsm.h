/* fsm.h — table-driven state machines (GMM per UE, NGAP per gNB, 5GSM per
 * session, PFCP per association, ngsim's UE).
 *
 * A machine is declared once as a table: per state, the events it permits,
 * the states it may move to, entry/exit actions and the protocol timer that
 * runs while in it. The engine checks every event and transition against the
 * table, logs each transition centrally, runs the timers (with retransmission
 * counts) on lib/ev, and sends any event a state does not permit to the
 * machine's `unexpected` hook, which gives the protocol's answer
 * (e.g. 5GMM STATUS #98, TS 24.501 7.4).
 *
 *   static const struct fsm_state gmm_states[] = {
 *       [GMM_DEREGISTERED] = { "DEREGISTERED", gmm_deregistered,
 *           .events = EV(GMM_EV_REG_REQ), .next = ST(GMM_AUTHENTICATING) },
 *       [GMM_AUTHENTICATING] = { "AUTHENTICATING", gmm_authenticating, .timer = T3560,
 *           .events = EV(GMM_EV_AUTH_RSP) | EV(GMM_EV_TIMEOUT),
 *           .next = ST(GMM_SECURITY_MODE) | ST(GMM_DEREGISTERED) },
 *   };
 *
 * Ownership: the fsm lives inside its owner (UE, gNB). A handler may end the
 * owner's life only by deferring the free (ev_defer); the engine does not
 * touch the fsm after a handler returns.
 */
#ifndef NGCORE_FSM_FSM_H
#define NGCORE_FSM_FSM_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/ev/ev.h"

#define EV(e)	(1ull << (e)) /* permitted-event bit */
#define ST(s)	(1ull << (s)) /* permitted-next-state bit */
#define FSM_MAX 64 /* states and events per machine */

struct fsm;

/* Handles event (data is the decoded message or other context). */
typedef void (*fsm_handler_cb)(struct fsm *f, int event, void *data);

struct fsm_state {
	const char *name; /* for logs */
	fsm_handler_cb handler; /* permitted events go here */
	uint64_t events; /* EV() bits of permitted events */
	uint64_t next; /* ST() bits of states reachable from here */
	int timer; /* timer id armed on entry (index into def->timers), 0 = none */
	void (*on_enter)(struct fsm *f, int prev); /* after the state changes */
	void (*on_exit)(struct fsm *f, int next); /* before the state changes */
};

struct fsm_timer {
	const char *name; /* "T3560" */
	uint32_t ms; /* period */
	uint8_t max_retx; /* retransmissions before the procedure is abandoned */
};

struct fsm_def {
	const char *name; /* "gmm" */
	const struct fsm_state *states; /* indexed by state */
	int nstates; /* entries in states */
	const char *const *event_names; /* indexed by event */
	int nevents; /* entries in event_names */
	const struct fsm_timer *timers; /* indexed by timer id; [0] unused */
	int ntimers; /* entries in timers */
	int timeout_event; /* event dispatched on timer expiry */
	/* An event the current state does not permit: answer per the spec. */
	void (*unexpected)(struct fsm *f, int event, void *data);
};

struct fsm {
	const struct fsm_def *def; /* the table */
	int state; /* current state */
	void *priv; /* owner object */
	const char *ctx; /* owner's log prefix (kept up to date by the owner) */
	struct ev_loop *loop; /* for timers */
	struct ev_timer timer; /* the running protocol timer */
	int timer_id; /* which one, 0 = none */
	unsigned expiries; /* expiries of timer_id since it was first armed */
	uint64_t unexpected; /* events refused (for metrics) */
	uint64_t transitions; /* transitions made */
};

/* Sets up f in state `initial` (no entry action runs). */
void fsm_init(struct fsm *f, const struct fsm_def *def, int initial, struct ev_loop *loop,
	      void *priv, const char *ctx);
/* Stops the timer. */
void fsm_fini(struct fsm *f);

/* Delivers event. Returns 0 when the state permits it (the handler ran), or
 * -E_STATE after calling def->unexpected (or -E_INVAL for an event number
 * outside the table). */
int fsm_dispatch(struct fsm *f, int event, void *data);

/* Moves to next: runs on_exit, stops the old state's timer, logs, runs
 * on_enter, arms the new state's timer. A transition the table does not
 * permit is refused with -E_STATE and logged at ERROR (a programming error). */
int fsm_transition(struct fsm *f, int next);

/* Arms timer id now (for procedures started inside a state); restarting the
 * same id keeps its expiry count, a different id resets it. */
void fsm_timer_start(struct fsm *f, int id);
void fsm_timer_stop(struct fsm *f);
/* True once the running timer has expired more than its max_retx times:
 * the handler of timeout_event should abandon the procedure. */
bool fsm_timer_exhausted(const struct fsm *f);

const char *fsm_state_name(const struct fsm *f);
const char *fsm_event_name(const struct fsm *f, int event);

#endif
