/* log.h — leveled, thread-safe logging with a context prefix per object.
 *
 * Every line: "2026-11-26T10:00:00.123Z NOTICE amf gnb[1 10.0.0.2]: text".
 * The context (ctx) is a string the object keeps up to date, e.g.
 * `amf ue[imsi-001010000000001 ran=17]{AUTHENTICATING}`; NULL for none.
 * Lines triggered by peer traffic use LOG_RL: at most LOG_RL_BURST lines per
 * second per call site, then one line counting what was suppressed.
 * Each line goes out in one write(2), so threads never interleave within a line.
 */
#ifndef NGCORE_CORE_LOG_H
#define NGCORE_CORE_LOG_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

enum log_level {
	LOG_TRACE, /* hex dumps, every message */
	LOG_DEBUG, /* state transitions, procedure steps */
	LOG_INFO, /* start/stop, associations, registrations */
	LOG_NOTICE, /* peer misbehaviour, rejected input */
	LOG_WARN, /* degraded operation */
	LOG_ERROR, /* an operation failed */
	LOG_OFF, /* threshold only: log nothing */
};

/* Lines below this level are dropped before formatting. */
extern _Atomic int log_threshold;

#define LOG_RL_BURST 10 /* lines per second per LOG_RL call site */

/* Per-call-site rate-limit state (one static instance per LOG_RL). */
struct log_rl {
	_Atomic uint64_t window; /* second of the current window */
	_Atomic uint32_t count; /* lines in the window */
	_Atomic uint32_t dropped; /* lines suppressed in the previous windows */
};

void log_set_level(enum log_level lvl);
/* Parses "trace".."error"/"off"; returns the level or -E_INVAL. */
int log_level_parse(const char *s);
const char *log_level_name(enum log_level lvl);

/* Sends lines to path (appending), or to stderr when path is NULL.
 * Returns 0 or -E_IO. The path is remembered for log_reopen(). */
int log_open(const char *path);
/* Reopens the file given to log_open (after rotation; SIGHUP). */
int log_reopen(void);

void log_write(enum log_level lvl, const char *ctx, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void log_write_rl(struct log_rl *rl, enum log_level lvl, const char *ctx, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Hex dump at LOG_TRACE only. */
void log_hex(const char *ctx, const char *label, const void *p, size_t len);

#define log_on(lvl) ((int)(lvl) >= atomic_load_explicit(&log_threshold, memory_order_relaxed))

#define LOG(lvl, ctx, ...)                                                                         \
	do {                                                                                       \
		if (log_on(lvl))                                                                   \
			log_write((lvl), (ctx), __VA_ARGS__);                                      \
	} while (0)

/* Rate-limited: use for every line a peer can trigger. */
#define LOG_RL(lvl, ctx, ...)                                                                      \
	do {                                                                                       \
		static struct log_rl log_rl_site_;                                                 \
		if (log_on(lvl))                                                                   \
			log_write_rl(&log_rl_site_, (lvl), (ctx), __VA_ARGS__);                    \
	} while (0)

#endif
