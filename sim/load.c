/* load.c — `ngsim load --ues N --rate R`: open-loop registrations.
 *
 * UE i starts its registration at t0 + i/R whatever happened to the UEs
 * before it (open loop: a slow core builds a queue, it does not slow the
 * arrivals). A tick timer starts every UE whose time has come. Each
 * procedure's latency (first message sent to its outcome) goes into a
 * histogram; failures are counted by procedure, outcome and cause.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "sim/hist.h"
#include "sim/load.h"

#define LOAD_CAUSES 64 /* distinct failure kinds kept */

struct load_cause {
	uint8_t proc; /* enum sim_proc */
	uint8_t out; /* enum sim_outcome */
	int cause; /* cause, -1 none */
	uint64_t n; /* occurrences */
	char example[160]; /* the first one's detail */
};

struct load_proc {
	uint64_t started; /* procedures begun */
	uint64_t completed; /* procedures that reached their success outcome */
	uint64_t failed; /* the others */
	struct hist h; /* latencies of the completed ones */
};

static struct {
	struct sim *s; /* the simulator */
	const struct load_opts *o; /* options */
	uint32_t next; /* next UE to start */
	uint32_t finished; /* UEs done with every procedure */
	uint8_t *ue_done; /* per UE: finished */
	uint64_t t0; /* first arrival */
	uint64_t t_last_arrival; /* last arrival */
	uint64_t t_end; /* when the last UE finished */
	uint32_t setup_left; /* gNBs still in NG Setup */
	bool setup_failed; /* a gNB could not set up */
	bool started; /* arrivals began */
	struct ev_timer tick; /* arrival timer */
	struct ev_timer guard; /* overall deadline */
	struct load_proc p[PROC__COUNT]; /* per procedure */
	struct load_cause causes[LOAD_CAUSES]; /* failure kinds */
	uint32_t n_causes; /* entries used */
	uint64_t other_failures; /* failures past LOAD_CAUSES kinds */
	uint64_t errors; /* OUT_ERROR reports (also counted as failures) */
} L;

static void count_failure(const struct sim_event *e)
{
	for (uint32_t i = 0; i < L.n_causes; i++) {
		struct load_cause *c = &L.causes[i];
		if (c->proc == e->proc && c->out == e->out && c->cause == e->cause) {
			c->n++;
			return;
		}
	}
	if (L.n_causes == LOAD_CAUSES) {
		L.other_failures++;
		return;
	}
	struct load_cause *c = &L.causes[L.n_causes++];
	c->proc = (uint8_t)e->proc;
	c->out = (uint8_t)e->out;
	c->cause = e->cause;
	c->n = 1;
	snprintf(c->example, sizeof(c->example), "%s", e->detail);
}

static void ue_finished(uint32_t num)
{
	if (num >= L.o->ues || L.ue_done[num])
		return;
	L.ue_done[num] = 1;
	if (++L.finished == L.o->ues) {
		L.t_end = ev_clock_ns();
		ev_stop(L.s->loop);
	}
}

static void start_proc(struct sim_ue *ue, int proc)
{
	int rc;
	L.p[proc].started++;
	if (proc == PROC_DEREGISTER)
		rc = ue_deregister(L.s, ue, false);
	else if (proc == PROC_RELEASE)
		rc = gnb_release_request(L.s, ue);
	else
		rc = ue_register(L.s, ue, REGK_INITIAL, IDENT_SUCI, AUTHF_NONE, 0, 0);
	if (rc < 0) {
		struct sim_event e = { .out = OUT_ERROR, .proc = proc, .ue = ue->num, .cause = -1 };
		snprintf(e.detail, sizeof(e.detail), "cannot start: %s", err_str(rc));
		L.p[proc].failed++;
		count_failure(&e);
		ue_finished(ue->num);
	}
}

static void observe(void *arg, const struct sim_event *e)
{
	(void)arg;
	if (e->ue < 0 || (uint64_t)e->ue >= L.o->ues) {
		/* gNB events during the run: association loss ends the run. */
		if (e->out == OUT_ASSOC_DOWN || e->out == OUT_ERROR) {
			L.errors++;
			count_failure(e);
		}
		if (e->out == OUT_ASSOC_DOWN) {
			fprintf(stderr, "ngsim load: gnb %d: %s\n", e->gnb, e->detail);
			ev_stop(L.s->loop);
		}
		return;
	}
	struct sim_ue *ue = sim_ue_get(L.s, (uint32_t)e->ue);
	if (e->proc == PROC_NONE || e->proc >= PROC__COUNT) {
		if (e->out == OUT_ERROR || e->out == OUT_NW_DEREG) {
			L.errors++;
			count_failure(e);
		}
		return;
	}
	struct load_proc *p = &L.p[e->proc];
	bool ok = (e->proc == PROC_REGISTER && e->out == OUT_REG_ACCEPT) ||
		  (e->proc == PROC_DEREGISTER && e->out == OUT_DEREG_ACCEPT) ||
		  (e->proc == PROC_RELEASE && e->out == OUT_RELEASED);
	if (!ok) {
		p->failed++;
		if (e->out == OUT_ERROR)
			L.errors++;
		count_failure(e);
		ue_finished((uint32_t)e->ue);
		return;
	}
	p->completed++;
	hist_add(&p->h, e->latency_ns);
	if (e->proc == PROC_REGISTER && L.o->release && ue)
		start_proc(ue, PROC_RELEASE);
	else if ((e->proc == PROC_REGISTER || e->proc == PROC_RELEASE) && L.o->deregister && ue)
		start_proc(ue, PROC_DEREGISTER);
	else
		ue_finished((uint32_t)e->ue);
}

static void on_guard(struct ev_loop *loop, struct ev_timer *t)
{
	(void)t;
	ev_stop(loop);
}

static void on_tick(struct ev_loop *loop, struct ev_timer *t)
{
	uint64_t now = ev_clock_ns();
	double per_ns = L.o->rate / 1e9;
	/* Every UE whose arrival time (t0 + i/R) has passed starts now. */
	uint64_t due = (uint64_t)((double)(now - L.t0) * per_ns) + 1;
	if (due > L.o->ues)
		due = L.o->ues;
	while (L.next < due) {
		struct sim_ue *ue = sim_ue_get(L.s, L.next);
		if (ue)
			start_proc(ue, PROC_REGISTER);
		L.next++;
	}
	if (L.next >= L.o->ues) {
		L.t_last_arrival = now;
		ev_timer_start(loop, &L.guard, (uint64_t)(L.o->timeout_s * 1000), on_guard, NULL);
		return;
	}
	/* Sleep until the next arrival (at least 1 ms, at most 10 ms). */
	double wait_ms = ((double)L.next / L.o->rate) * 1e3 - (double)(now - L.t0) / 1e6;
	uint64_t ms = wait_ms < 1 ? 1 : wait_ms > 10 ? 10 : (uint64_t)wait_ms;
	ev_timer_start(loop, t, ms, on_tick, NULL);
}

static void observe_setup(void *arg, const struct sim_event *e)
{
	(void)arg;
	if (e->out != OUT_NG_SETUP_RESPONSE) {
		fprintf(stderr, "ngsim load: gnb %d: NG Setup failed: %s %s\n", e->gnb,
			sim_outcome_names[e->out], e->detail);
		L.setup_failed = true;
		ev_stop(L.s->loop);
		return;
	}
	if (--L.setup_left == 0) {
		L.s->observer = observe;
		L.started = true;
		L.t0 = ev_clock_ns();
		ev_timer_start(L.s->loop, &L.tick, 0, on_tick, NULL);
	}
}

static double ms(uint64_t ns)
{
	return (double)ns / 1e6;
}

static void print_text(double wall, double cpu_u, double cpu_s)
{
	const struct load_opts *o = L.o;
	double span = L.t_last_arrival > L.t0 ? (double)(L.t_last_arrival - L.t0) / 1e9 : 0;
	printf("ngsim load: %u UEs offered at %.1f/s (arrivals over %.2f s), wall %.2f s\n", o->ues,
	       o->rate, span, wall);
	printf("%-16s %9s %9s %9s %9s %9s %9s %9s\n", "procedure", "started", "completed", "failed",
	       "p50 ms", "p90 ms", "p99 ms", "max ms");
	for (int i = 1; i < PROC__COUNT; i++) {
		const struct load_proc *p = &L.p[i];
		if (!p->started)
			continue;
		printf("%-16s %9llu %9llu %9llu %9.2f %9.2f %9.2f %9.2f\n", sim_proc_names[i],
		       (unsigned long long)p->started, (unsigned long long)p->completed,
		       (unsigned long long)p->failed, ms(hist_quantile(&p->h, 0.5)),
		       ms(hist_quantile(&p->h, 0.9)), ms(hist_quantile(&p->h, 0.99)), ms(p->h.max));
	}
	const struct load_proc *r = &L.p[PROC_REGISTER];
	if (L.t_end > L.t0 && r->completed)
		printf("registrations/s: %.1f (completed over first arrival to last outcome)\n",
		       (double)r->completed / ((double)(L.t_end - L.t0) / 1e9));
	printf("ngsim cpu: user %.2f s, system %.2f s\n", cpu_u, cpu_s);
	if (L.n_causes || L.other_failures)
		printf("failures:\n");
	for (uint32_t i = 0; i < L.n_causes; i++) {
		const struct load_cause *c = &L.causes[i];
		printf("  %8llu  %s %s", (unsigned long long)c->n, sim_proc_names[c->proc],
		       sim_outcome_names[c->out]);
		if (c->cause >= 0)
			printf(" cause %d", c->cause);
		printf("  (e.g. %s)\n", c->example);
	}
	if (L.other_failures)
		printf("  %8llu  other\n", (unsigned long long)L.other_failures);
	if (L.finished < o->ues)
		printf("unfinished: %u UEs had no outcome when the run ended\n",
		       o->ues - L.finished);
}

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void print_json(double wall, double cpu_u, double cpu_s)
{
	const struct load_opts *o = L.o;
	const struct load_proc *r = &L.p[PROC_REGISTER];
	double rate = L.t_end > L.t0 && r->completed
			      ? (double)r->completed / ((double)(L.t_end - L.t0) / 1e9)
			      : 0;
	printf("{\"ues\":%u,\"rate\":%.3f,\"wall_s\":%.3f,\"cpu_user_s\":%.3f,\"cpu_sys_s\":%.3f,"
	       "\"registrations_per_s\":%.3f,\"unfinished\":%u,\"procedures\":{",
	       o->ues, o->rate, wall, cpu_u, cpu_s, rate, o->ues - L.finished);
	bool first = true;
	for (int i = 1; i < PROC__COUNT; i++) {
		const struct load_proc *p = &L.p[i];
		if (!p->started)
			continue;
		printf("%s\"%s\":{\"started\":%llu,\"completed\":%llu,\"failed\":%llu,"
		       "\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f}",
		       first ? "" : ",", sim_proc_names[i], (unsigned long long)p->started,
		       (unsigned long long)p->completed, (unsigned long long)p->failed,
		       ms(hist_quantile(&p->h, 0.5)), ms(hist_quantile(&p->h, 0.9)),
		       ms(hist_quantile(&p->h, 0.99)), ms(p->h.max));
		first = false;
	}
	printf("},\"failures\":[");
	for (uint32_t i = 0; i < L.n_causes; i++) {
		const struct load_cause *c = &L.causes[i];
		printf("%s{\"procedure\":\"%s\",\"outcome\":\"%s\",\"cause\":%d,\"count\":%llu,"
		       "\"example\":",
		       i ? "," : "", sim_proc_names[c->proc], sim_outcome_names[c->out], c->cause,
		       (unsigned long long)c->n);
		json_str(c->example);
		putchar('}');
	}
	printf("],\"other_failures\":%llu}\n", (unsigned long long)L.other_failures);
}

int load_run(struct sim *s, const struct load_opts *o)
{
	struct rusage ru0, ru1;

	memset(&L, 0, sizeof(L));
	L.s = s;
	L.o = o;
	if (o->ues == 0 || o->ues > s->n_ues || !(o->rate > 0))
		return -E_INVAL;
	L.ue_done = calloc(o->ues, 1);
	if (!L.ue_done)
		return -E_NOMEM;
	getrusage(RUSAGE_SELF, &ru0);
	uint64_t w0 = ev_clock_ns();
	s->observer = observe_setup;
	L.setup_left = s->cfg->n_gnbs;
	for (uint32_t g = 0; g < s->cfg->n_gnbs; g++)
		gnb_start(s, (int)g);
	ev_run(s->loop);
	ev_timer_stop(s->loop, &L.tick);
	ev_timer_stop(s->loop, &L.guard);
	s->observer = NULL;
	getrusage(RUSAGE_SELF, &ru1);
	double wall = (double)(ev_clock_ns() - w0) / 1e9;
	double cu = (double)(ru1.ru_utime.tv_sec - ru0.ru_utime.tv_sec) +
		    (double)(ru1.ru_utime.tv_usec - ru0.ru_utime.tv_usec) / 1e6;
	double cs = (double)(ru1.ru_stime.tv_sec - ru0.ru_stime.tv_sec) +
		    (double)(ru1.ru_stime.tv_usec - ru0.ru_stime.tv_usec) / 1e6;
	free(L.ue_done);
	if (L.setup_failed || !L.started) {
		if (!L.setup_failed)
			fprintf(stderr, "ngsim load: interrupted before NG Setup completed\n");
		return 1;
	}
	if (!L.t_end)
		L.t_end = ev_clock_ns();
	if (o->json)
		print_json(wall, cu, cs);
	else
		print_text(wall, cu, cs);
	bool all_ok = L.finished == o->ues && L.n_causes == 0 && !L.other_failures;
	for (int i = 1; i < PROC__COUNT; i++)
		all_ok = all_ok && L.p[i].failed == 0;
	return all_ok ? 0 : 1;
}
