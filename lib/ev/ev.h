/* ev.h — the event loop every NF and ngsim runs on: epoll for file
 * descriptors, a binary heap of timers on the monotonic clock, deferred calls,
 * signals, and a thread-safe post queue (an eventfd) for work handed over
 * from other threads.
 *
 * One loop belongs to one thread; only ev_post(), ev_stop() and ev_wakeup()
 * may be called from other threads. Callbacks run on the loop's thread.
 * Watchers (struct ev_io, struct ev_timer) live in the caller's objects;
 * stop them before freeing those objects.
 */
#ifndef NGCORE_EV_EV_H
#define NGCORE_EV_EV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ev_loop;
struct ev_io;
struct ev_timer;

#define EV_READ	 0x1u /* fd readable (EPOLLIN) */
#define EV_WRITE 0x4u /* fd writable (EPOLLOUT) */
#define EV_ERROR 0x8u /* error or hang-up reported (EPOLLERR|EPOLLHUP) */

typedef void (*ev_io_cb)(struct ev_loop *loop, struct ev_io *io, uint32_t events);
typedef void (*ev_timer_cb)(struct ev_loop *loop, struct ev_timer *t);
typedef void (*ev_call_cb)(struct ev_loop *loop, void *arg);

struct ev_io {
	int fd; /* watched descriptor */
	uint32_t events; /* EV_READ | EV_WRITE */
	ev_io_cb cb; /* called with the events that happened */
	void *data; /* caller's pointer */
	bool active; /* registered with the loop */
};

struct ev_timer {
	uint64_t expire_ns; /* monotonic deadline */
	uint32_t heap_idx; /* position in the heap + 1; 0 = not armed */
	ev_timer_cb cb; /* called once per arming, on expiry */
	void *data; /* caller's pointer */
};

/* A new loop, or NULL (out of memory, or the epoll/eventfd limit). */
struct ev_loop *ev_loop_new(const char *name);
/* Frees the loop; watchers still registered are forgotten, not called. */
void ev_loop_free(struct ev_loop *loop);
const char *ev_loop_name(const struct ev_loop *loop);

/* Runs until ev_stop(). Returns 0, or -E_IO if epoll fails. */
int ev_run(struct ev_loop *loop);
/* Makes ev_run return after the current iteration. Any thread. */
void ev_stop(struct ev_loop *loop);
/* Runs one iteration, waiting at most timeout_ms (-1: until an event). */
int ev_run_once(struct ev_loop *loop, int timeout_ms);

/* Monotonic time cached at the start of the loop iteration. */
uint64_t ev_now_ns(const struct ev_loop *loop);
uint64_t ev_now_ms(const struct ev_loop *loop);
/* Re-reads the clock (after long work inside a callback). */
void ev_now_update(struct ev_loop *loop);
/* Reads CLOCK_MONOTONIC directly. */
uint64_t ev_clock_ns(void);

/* File descriptors. The fd should be non-blocking. 0 or -E_IO. */
int ev_io_start(struct ev_loop *loop, struct ev_io *io, int fd, uint32_t events, ev_io_cb cb,
		void *data);
int ev_io_set(struct ev_loop *loop, struct ev_io *io, uint32_t events);
void ev_io_stop(struct ev_loop *loop, struct ev_io *io);

/* Timers: arms t to fire after_ms from now (re-arms if already armed).
 * Returns 0 or -E_NOMEM. Cheap at 100,000 armed timers (O(log n)). */
int ev_timer_start(struct ev_loop *loop, struct ev_timer *t, uint64_t after_ms, ev_timer_cb cb,
		   void *data);
/* Same, with the delay in nanoseconds. */
int ev_timer_start_ns(struct ev_loop *loop, struct ev_timer *t, uint64_t after_ns, ev_timer_cb cb,
		      void *data);
void ev_timer_stop(struct ev_loop *loop, struct ev_timer *t);
static inline bool ev_timer_armed(const struct ev_timer *t)
{
	return t->heap_idx != 0;
}
size_t ev_timer_count(const struct ev_loop *loop);

/* Deferred call: runs fn(arg) on this loop after the current callbacks, before
 * the loop waits again (a safe point to free objects). 0 or -E_NOMEM. */
int ev_defer(struct ev_loop *loop, ev_call_cb fn, void *arg);

/* Posts fn(arg) to run on loop's thread; callable from any thread.
 * 0 or -E_NOMEM. Calls posted before ev_loop_free are dropped, not run. */
int ev_post(struct ev_loop *loop, ev_call_cb fn, void *arg);

/* Signals: blocks SIGTERM, SIGINT, SIGHUP in the calling thread (call from
 * main before starting other threads so they inherit the mask), ignores
 * SIGPIPE, and watches them on loop. SIGTERM/SIGINT call on_stop (default:
 * ev_stop(loop)); SIGHUP calls log_reopen() and then on_hup if set.
 * Returns 0 or -E_IO. */
int ev_signals(struct ev_loop *loop, ev_call_cb on_stop, ev_call_cb on_hup, void *arg);

#endif
