/* Unit tests of lib/ev: timers fire in deadline order and can be cancelled,
 * 100,000 armed timers stay consistent, deferred and posted calls run on the
 * loop, fds are watched, SIGTERM stops the loop and SIGHUP reopens logs. */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "lib/core/err.h"
#include "lib/ev/ev.h"
#include "tests/unit/t.h"

static int order[16];
static int norder;

static void record_cb(struct ev_loop *loop, struct ev_timer *t)
{
	order[norder++] = (int)(intptr_t)t->data;
	if (norder == 3)
		ev_stop(loop);
}

static void timers_fire_in_deadline_order(void)
{
	struct ev_loop *loop = ev_loop_new("t");
	struct ev_timer a = { 0 }, b = { 0 }, c = { 0 }, d = { 0 };

	norder = 0;
	ev_timer_start(loop, &a, 30, record_cb, (void *)3);
	ev_timer_start(loop, &b, 10, record_cb, (void *)1);
	ev_timer_start(loop, &c, 20, record_cb, (void *)2);
	ev_timer_start(loop, &d, 15, record_cb, (void *)99);
	ev_timer_stop(loop, &d); /* cancelled: never fires */
	CHECK(!ev_timer_armed(&d));
	CHECK_EQ(ev_timer_count(loop), 3);
	uint64_t t0 = ev_clock_ns();
	CHECK_EQ(ev_run(loop), 0);
	CHECK_EQ(norder, 3);
	CHECK_EQ(order[0], 1);
	CHECK_EQ(order[1], 2);
	CHECK_EQ(order[2], 3);
	/* Never early: the last one was due 30 ms after arming. */
	CHECK(ev_clock_ns() - t0 >= 30000000ull);
	CHECK_EQ(ev_timer_count(loop), 0);
	ev_loop_free(loop);
}

static void rearm_replaces_deadline(void)
{
	struct ev_loop *loop = ev_loop_new("t");
	struct ev_timer a = { 0 };

	ev_timer_start(loop, &a, 100000, record_cb, (void *)1);
	ev_timer_start(loop, &a, 5, record_cb, (void *)1);
	CHECK_EQ(ev_timer_count(loop), 1);
	norder = 2; /* the next fire stops the loop */
	ev_run(loop);
	CHECK_EQ(norder, 3);
	ev_loop_free(loop);
}

static int fired;

static void count_cb(struct ev_loop *loop, struct ev_timer *t)
{
	fired++;
}

/* Deterministic pseudo-random deadlines. */
static uint32_t rng = 12345;
static uint32_t next_rand(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 8;
}

static void heap_of_100k_timers_stays_ordered(void)
{
	enum { N = 100000 };
	struct ev_loop *loop = ev_loop_new("t");
	struct ev_timer *t = calloc(N, sizeof(*t));

	for (int i = 0; i < N; i++)
		ev_timer_start(loop, &t[i], 1000000 + next_rand() % 1000000, count_cb, NULL);
	CHECK_EQ(ev_timer_count(loop), N);
	/* Cancel every third, re-arm every fifth. */
	for (int i = 0; i < N; i += 3)
		ev_timer_stop(loop, &t[i]);
	for (int i = 0; i < N; i += 5)
		ev_timer_start(loop, &t[i], 1000000 + next_rand() % 1000000, count_cb, NULL);
	size_t armed = 0;
	for (int i = 0; i < N; i++)
		armed += ev_timer_armed(&t[i]);
	CHECK_EQ(ev_timer_count(loop), armed);
	/* Drain in order by stopping the minimum repeatedly: deadlines must be
	 * non-decreasing, which checks the heap invariant after all the churn. */
	int bad = 0;
	uint64_t last = 0;
	while (ev_timer_count(loop)) {
		uint64_t min = UINT64_MAX;
		struct ev_timer *m = NULL;
		/* The heap root is the only timer with heap_idx 1. */
		for (int i = 0; i < N && !m; i++)
			if (t[i].heap_idx == 1)
				m = &t[i];
		if (!m) {
			bad++;
			break;
		}
		min = m->expire_ns;
		if (min < last)
			bad++;
		last = min;
		ev_timer_stop(loop, m);
		if (bad || ev_timer_count(loop) < armed - 2000)
			break; /* a prefix is enough; the scan is O(N) per step */
	}
	CHECK_EQ(bad, 0);
	free(t);
	ev_loop_free(loop);
}

static int deferred_ran;

static void defer_cb(struct ev_loop *loop, void *arg)
{
	deferred_ran += (int)(intptr_t)arg;
	if (deferred_ran == 1)
		ev_defer(loop, defer_cb, (void *)10); /* a deferred call defers another */
	else
		ev_stop(loop);
}

static void deferred_calls_run_on_the_loop(void)
{
	struct ev_loop *loop = ev_loop_new("t");
	deferred_ran = 0;
	ev_defer(loop, defer_cb, (void *)1);
	ev_run(loop);
	CHECK_EQ(deferred_ran, 11);
	ev_loop_free(loop);
}

static _Atomic int posted_sum;
static pthread_t loop_thread;
static _Atomic int wrong_thread;

static void post_cb(struct ev_loop *loop, void *arg)
{
	if (!pthread_equal(pthread_self(), loop_thread))
		wrong_thread++;
	posted_sum += (int)(intptr_t)arg;
	if (posted_sum == 4 * 1000)
		ev_stop(loop);
}

static void *poster(void *arg)
{
	struct ev_loop *loop = arg;
	for (int i = 0; i < 1000; i++)
		while (ev_post(loop, post_cb, (void *)1) < 0)
			usleep(100);
	return NULL;
}

static void posts_from_threads_run_on_loop_thread(void)
{
	struct ev_loop *loop = ev_loop_new("t");
	pthread_t th[4];

	posted_sum = 0;
	loop_thread = pthread_self();
	for (int i = 0; i < 4; i++)
		pthread_create(&th[i], NULL, poster, loop);
	ev_run(loop);
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	CHECK_EQ(posted_sum, 4000);
	CHECK_EQ(wrong_thread, 0);
	ev_loop_free(loop);
}

static char got_byte;

static void pipe_cb(struct ev_loop *loop, struct ev_io *io, uint32_t ev)
{
	if (ev & EV_READ && read(io->fd, &got_byte, 1) == 1)
		ev_stop(loop);
}

static void fd_readiness_calls_back(void)
{
	struct ev_loop *loop = ev_loop_new("t");
	struct ev_io io;
	int p[2];

	CHECK_EQ(pipe(p), 0);
	CHECK_EQ(ev_io_start(loop, &io, p[0], EV_READ, pipe_cb, NULL), 0);
	CHECK_EQ(write(p[1], "x", 1), 1);
	ev_run(loop);
	CHECK_EQ(got_byte, 'x');
	ev_io_stop(loop, &io);
	CHECK_EQ(ev_io_start(loop, &io, -1, EV_READ, pipe_cb, NULL), -E_IO);
	close(p[0]);
	close(p[1]);
	ev_loop_free(loop);
}

static int hups, stops;

static void on_hup(struct ev_loop *loop, void *arg)
{
	hups++;
	kill(getpid(), SIGTERM);
}

static void on_stop(struct ev_loop *loop, void *arg)
{
	stops++;
	ev_stop(loop);
}

static void sigterm_stops_and_sighup_reopens(void)
{
	struct ev_loop *loop = ev_loop_new("t");

	CHECK_EQ(ev_signals(loop, on_stop, on_hup, NULL), 0);
	kill(getpid(), SIGHUP);
	ev_run(loop);
	CHECK_EQ(hups, 1);
	CHECK_EQ(stops, 1);
	ev_loop_free(loop);
}

int main(void)
{
	RUN(timers_fire_in_deadline_order);
	RUN(rearm_replaces_deadline);
	RUN(heap_of_100k_timers_stays_ordered);
	RUN(deferred_calls_run_on_the_loop);
	RUN(posts_from_threads_run_on_loop_thread);
	RUN(fd_readiness_calls_back);
	RUN(sigterm_stops_and_sighup_reopens);
	return t_done();
}
