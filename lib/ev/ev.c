#include "lib/ev/ev.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "lib/core/err.h"
#include "lib/core/log.h"

struct ev_call {
	ev_call_cb fn; /* what to run */
	void *arg; /* its argument */
};

/* A growable array of calls (deferred list, post queue). */
struct ev_calls {
	struct ev_call *v; /* entries */
	size_t n; /* used */
	size_t cap; /* allocated */
};

struct ev_loop {
	char name[32]; /* for logs */
	int epfd; /* epoll instance */
	int wakefd; /* eventfd: posts and ev_stop from other threads */
	struct ev_io wake_io; /* watcher of wakefd */
	int sigfd; /* signalfd, or -1 */
	struct ev_io sig_io; /* watcher of sigfd */
	ev_call_cb on_stop; /* SIGTERM/SIGINT handler */
	ev_call_cb on_hup; /* SIGHUP handler */
	void *sig_arg; /* their argument */
	_Atomic bool stop; /* ev_run should return */
	uint64_t now_ns; /* cached monotonic time */
	struct ev_timer **heap; /* min-heap of armed timers by expire_ns */
	size_t nheap; /* armed timers */
	size_t capheap; /* heap capacity */
	struct ev_calls deferred; /* ev_defer queue */
	struct ev_calls running; /* deferred calls being run (swap buffer) */
	pthread_mutex_t post_lock; /* guards posted */
	struct ev_calls posted; /* ev_post queue */
	struct ev_calls post_run; /* posted calls being run (swap buffer) */
};

uint64_t ev_clock_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int calls_push(struct ev_calls *c, ev_call_cb fn, void *arg)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		struct ev_call *v = realloc(c->v, cap * sizeof(*v));
		if (!v)
			return -E_NOMEM;
		c->v = v;
		c->cap = cap;
	}
	c->v[c->n++] = (struct ev_call){ fn, arg };
	return 0;
}

static void wake_cb(struct ev_loop *loop, struct ev_io *io, uint32_t events)
{
	uint64_t v;
	while (read(loop->wakefd, &v, sizeof(v)) < 0 && errno == EINTR)
		;
	pthread_mutex_lock(&loop->post_lock);
	struct ev_calls t = loop->posted;
	loop->posted = loop->post_run;
	loop->post_run = t;
	pthread_mutex_unlock(&loop->post_lock);
	for (size_t i = 0; i < loop->post_run.n; i++)
		loop->post_run.v[i].fn(loop, loop->post_run.v[i].arg);
	loop->post_run.n = 0;
}

struct ev_loop *ev_loop_new(const char *name)
{
	struct ev_loop *loop = calloc(1, sizeof(*loop));
	if (!loop)
		return NULL;
	snprintf(loop->name, sizeof(loop->name), "%s", name ? name : "loop");
	loop->sigfd = -1;
	loop->epfd = epoll_create1(EPOLL_CLOEXEC);
	loop->wakefd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	pthread_mutex_init(&loop->post_lock, NULL);
	if (loop->epfd < 0 || loop->wakefd < 0 ||
	    ev_io_start(loop, &loop->wake_io, loop->wakefd, EV_READ, wake_cb, NULL) < 0) {
		ev_loop_free(loop);
		return NULL;
	}
	loop->now_ns = ev_clock_ns();
	return loop;
}

void ev_loop_free(struct ev_loop *loop)
{
	if (!loop)
		return;
	if (loop->epfd >= 0)
		close(loop->epfd);
	if (loop->wakefd >= 0)
		close(loop->wakefd);
	if (loop->sigfd >= 0)
		close(loop->sigfd);
	free(loop->heap); /* armed timers are forgotten, not touched: they may be freed already */
	free(loop->deferred.v);
	free(loop->running.v);
	free(loop->posted.v);
	free(loop->post_run.v);
	pthread_mutex_destroy(&loop->post_lock);
	free(loop);
}

const char *ev_loop_name(const struct ev_loop *loop)
{
	return loop->name;
}

uint64_t ev_now_ns(const struct ev_loop *loop)
{
	return loop->now_ns;
}

uint64_t ev_now_ms(const struct ev_loop *loop)
{
	return loop->now_ns / 1000000u;
}

void ev_now_update(struct ev_loop *loop)
{
	loop->now_ns = ev_clock_ns();
}

static uint32_t to_epoll(uint32_t ev)
{
	return (ev & EV_READ ? EPOLLIN : 0) | (ev & EV_WRITE ? EPOLLOUT : 0);
}

int ev_io_start(struct ev_loop *loop, struct ev_io *io, int fd, uint32_t events, ev_io_cb cb,
		void *data)
{
	struct epoll_event e = { .events = to_epoll(events), .data.ptr = io };

	io->fd = fd;
	io->events = events;
	io->cb = cb;
	io->data = data;
	if (epoll_ctl(loop->epfd, EPOLL_CTL_ADD, fd, &e) < 0) {
		io->active = false;
		return -E_IO;
	}
	io->active = true;
	return 0;
}

int ev_io_set(struct ev_loop *loop, struct ev_io *io, uint32_t events)
{
	struct epoll_event e = { .events = to_epoll(events), .data.ptr = io };

	if (!io->active)
		return -E_STATE;
	if (io->events == events)
		return 0;
	if (epoll_ctl(loop->epfd, EPOLL_CTL_MOD, io->fd, &e) < 0)
		return -E_IO;
	io->events = events;
	return 0;
}

void ev_io_stop(struct ev_loop *loop, struct ev_io *io)
{
	if (!io->active)
		return;
	epoll_ctl(loop->epfd, EPOLL_CTL_DEL, io->fd, NULL);
	io->active = false;
}

/* Heap: heap[i]->heap_idx == i + 1. */
static void heap_set(struct ev_loop *loop, size_t i, struct ev_timer *t)
{
	loop->heap[i] = t;
	t->heap_idx = (uint32_t)(i + 1);
}

static void sift_up(struct ev_loop *loop, size_t i)
{
	struct ev_timer *t = loop->heap[i];
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (loop->heap[parent]->expire_ns <= t->expire_ns)
			break;
		heap_set(loop, i, loop->heap[parent]);
		i = parent;
	}
	heap_set(loop, i, t);
}

static void sift_down(struct ev_loop *loop, size_t i)
{
	struct ev_timer *t = loop->heap[i];
	size_t n = loop->nheap;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && loop->heap[c + 1]->expire_ns < loop->heap[c]->expire_ns)
			c++;
		if (t->expire_ns <= loop->heap[c]->expire_ns)
			break;
		heap_set(loop, i, loop->heap[c]);
		i = c;
	}
	heap_set(loop, i, t);
}

void ev_timer_stop(struct ev_loop *loop, struct ev_timer *t)
{
	if (!t->heap_idx)
		return;
	size_t i = t->heap_idx - 1;
	t->heap_idx = 0;
	struct ev_timer *last = loop->heap[--loop->nheap];
	if (i == loop->nheap)
		return;
	heap_set(loop, i, last);
	if (i > 0 && loop->heap[(i - 1) / 2]->expire_ns > last->expire_ns)
		sift_up(loop, i);
	else
		sift_down(loop, i);
}

int ev_timer_start_ns(struct ev_loop *loop, struct ev_timer *t, uint64_t after_ns, ev_timer_cb cb,
		      void *data)
{
	ev_timer_stop(loop, t);
	if (loop->nheap == loop->capheap) {
		size_t cap = loop->capheap ? loop->capheap * 2 : 64;
		struct ev_timer **h = realloc(loop->heap, cap * sizeof(*h));
		if (!h)
			return -E_NOMEM;
		loop->heap = h;
		loop->capheap = cap;
	}
	t->cb = cb;
	t->data = data;
	t->expire_ns = loop->now_ns + after_ns;
	loop->heap[loop->nheap] = t;
	sift_up(loop, loop->nheap++);
	return 0;
}

int ev_timer_start(struct ev_loop *loop, struct ev_timer *t, uint64_t after_ms, ev_timer_cb cb,
		   void *data)
{
	return ev_timer_start_ns(loop, t, after_ms * 1000000ull, cb, data);
}

size_t ev_timer_count(const struct ev_loop *loop)
{
	return loop->nheap;
}

int ev_defer(struct ev_loop *loop, ev_call_cb fn, void *arg)
{
	return calls_push(&loop->deferred, fn, arg);
}

int ev_post(struct ev_loop *loop, ev_call_cb fn, void *arg)
{
	uint64_t one = 1;

	pthread_mutex_lock(&loop->post_lock);
	int rc = calls_push(&loop->posted, fn, arg);
	pthread_mutex_unlock(&loop->post_lock);
	if (rc == 0 && write(loop->wakefd, &one, sizeof(one)) < 0 && errno != EAGAIN)
		return -E_IO;
	return rc;
}

void ev_stop(struct ev_loop *loop)
{
	uint64_t one = 1;

	atomic_store(&loop->stop, true);
	if (write(loop->wakefd, &one, sizeof(one)) < 0) {
		/* EAGAIN: the counter is already non-zero, the loop will wake. */
	}
}

static void run_timers(struct ev_loop *loop)
{
	/* A callback may re-arm its timer for "now": bound the work per pass by
	 * only firing timers that were due when the pass started. */
	uint64_t now = loop->now_ns;
	size_t budget = loop->nheap;
	while (loop->nheap && budget--) {
		struct ev_timer *t = loop->heap[0];
		if (t->expire_ns > now)
			break;
		ev_timer_stop(loop, t);
		t->cb(loop, t);
	}
}

static void run_deferred(struct ev_loop *loop)
{
	/* Calls deferred by deferred calls run in the next round, not forever. */
	for (int round = 0; round < 8 && loop->deferred.n; round++) {
		struct ev_calls t = loop->deferred;
		loop->deferred = loop->running;
		loop->running = t;
		for (size_t i = 0; i < loop->running.n; i++)
			loop->running.v[i].fn(loop, loop->running.v[i].arg);
		loop->running.n = 0;
	}
}

int ev_run_once(struct ev_loop *loop, int timeout_ms)
{
	struct epoll_event evs[64];

	run_deferred(loop);
	if (loop->nheap) {
		uint64_t now = ev_clock_ns();
		uint64_t due = loop->heap[0]->expire_ns;
		/* Round up so we never wake before the deadline and spin. */
		int64_t ms = due > now ? (int64_t)((due - now + 999999) / 1000000) : 0;
		if (timeout_ms < 0 || ms < timeout_ms)
			timeout_ms = ms > 3600000 ? 3600000 : (int)ms;
	}
	if (loop->deferred.n)
		timeout_ms = 0;
	int n = epoll_wait(loop->epfd, evs, 64, timeout_ms);
	if (n < 0 && errno != EINTR)
		return -E_IO;
	loop->now_ns = ev_clock_ns();
	for (int i = 0; i < n; i++) {
		struct ev_io *io = evs[i].data.ptr;
		uint32_t got = (evs[i].events & EPOLLIN ? EV_READ : 0) |
			       (evs[i].events & EPOLLOUT ? EV_WRITE : 0) |
			       (evs[i].events & (EPOLLERR | EPOLLHUP) ? EV_ERROR : 0);
		/* A watcher stopped by an earlier callback of this batch may have
		 * been freed: callers stop watchers and defer frees (ev_defer). */
		if (io->active)
			io->cb(loop, io, got);
	}
	run_timers(loop);
	run_deferred(loop);
	return 0;
}

int ev_run(struct ev_loop *loop)
{
	while (!atomic_load(&loop->stop)) {
		int rc = ev_run_once(loop, -1);
		if (rc < 0)
			return rc;
	}
	atomic_store(&loop->stop, false);
	return 0;
}

static void sig_cb(struct ev_loop *loop, struct ev_io *io, uint32_t events)
{
	struct signalfd_siginfo si;

	while (read(loop->sigfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGHUP) {
			if (log_reopen() < 0)
				LOG(LOG_ERROR, loop->name, "SIGHUP: cannot reopen the log file");
			else
				LOG(LOG_INFO, loop->name, "SIGHUP: log file reopened");
			if (loop->on_hup)
				loop->on_hup(loop, loop->sig_arg);
		} else {
			LOG(LOG_INFO, loop->name, "%s: stopping",
			    si.ssi_signo == SIGTERM ? "SIGTERM" : "SIGINT");
			if (loop->on_stop)
				loop->on_stop(loop, loop->sig_arg);
			else
				ev_stop(loop);
		}
	}
}

int ev_signals(struct ev_loop *loop, ev_call_cb on_stop, ev_call_cb on_hup, void *arg)
{
	sigset_t set;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0)
		return -E_IO;
	loop->sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (loop->sigfd < 0)
		return -E_IO;
	loop->on_stop = on_stop;
	loop->on_hup = on_hup;
	loop->sig_arg = arg;
	return ev_io_start(loop, &loop->sig_io, loop->sigfd, EV_READ, sig_cb, NULL);
}
