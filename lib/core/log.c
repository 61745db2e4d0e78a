#include "lib/core/log.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "lib/core/err.h"

_Atomic int log_threshold = LOG_INFO;

static _Atomic int log_fd = STDERR_FILENO;
static pthread_mutex_t log_path_lock = PTHREAD_MUTEX_INITIALIZER;
static char log_path[4096];

static const char *const level_names[] = {
	[LOG_TRACE] = "TRACE", [LOG_DEBUG] = "DEBUG", [LOG_INFO] = "INFO", [LOG_NOTICE] = "NOTICE",
	[LOG_WARN] = "WARN",   [LOG_ERROR] = "ERROR", [LOG_OFF] = "OFF",
};

void log_set_level(enum log_level lvl)
{
	atomic_store(&log_threshold, (int)lvl);
}

const char *log_level_name(enum log_level lvl)
{
	return (unsigned)lvl <= LOG_OFF ? level_names[lvl] : "?";
}

int log_level_parse(const char *s)
{
	for (int i = LOG_TRACE; i <= LOG_OFF; i++)
		if (strcasecmp(s, level_names[i]) == 0)
			return i;
	if (strcasecmp(s, "warning") == 0)
		return LOG_WARN;
	return -E_INVAL;
}

static int open_path(const char *path)
{
	return open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
}

int log_open(const char *path)
{
	pthread_mutex_lock(&log_path_lock);
	if (!path) {
		log_path[0] = 0;
		int old = atomic_exchange(&log_fd, STDERR_FILENO);
		if (old != STDERR_FILENO)
			close(old);
		pthread_mutex_unlock(&log_path_lock);
		return 0;
	}
	int fd = open_path(path);
	if (fd < 0) {
		pthread_mutex_unlock(&log_path_lock);
		return -E_IO;
	}
	snprintf(log_path, sizeof(log_path), "%s", path);
	int old = atomic_exchange(&log_fd, fd);
	if (old != STDERR_FILENO)
		close(old);
	pthread_mutex_unlock(&log_path_lock);
	return 0;
}

int log_reopen(void)
{
	int rc = 0;

	pthread_mutex_lock(&log_path_lock);
	if (log_path[0]) {
		int fd = open_path(log_path);
		/* dup2 swaps the file under the same descriptor: writers in other
		 * threads never see a closed fd. */
		if (fd < 0 || dup2(fd, atomic_load(&log_fd)) < 0)
			rc = -E_IO;
		if (fd >= 0)
			close(fd);
	}
	pthread_mutex_unlock(&log_path_lock);
	return rc;
}

static void emit(enum log_level lvl, const char *ctx, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
static void emit(enum log_level lvl, const char *ctx, const char *fmt, va_list ap)
{
	char line[2048];
	struct timespec ts;
	struct tm tm;
	size_t n;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = strftime(line, sizeof(line), "%Y-%m-%dT%H:%M:%S", &tm);
	n += (size_t)snprintf(line + n, sizeof(line) - n, ".%03ldZ %s %s%s", ts.tv_nsec / 1000000,
			      log_level_name(lvl), ctx ? ctx : "", ctx ? ": " : "");
	if (n < sizeof(line)) {
		int k = vsnprintf(line + n, sizeof(line) - n, fmt, ap);
		if (k > 0)
			n += (size_t)k;
	}
	if (n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	ssize_t w;
	do
		w = write(atomic_load(&log_fd), line, n);
	while (w < 0 && errno == EINTR);
}

void log_write(enum log_level lvl, const char *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(lvl, ctx, fmt, ap);
	va_end(ap);
}

static void emit_plain(enum log_level lvl, const char *ctx, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void emit_plain(enum log_level lvl, const char *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(lvl, ctx, fmt, ap);
	va_end(ap);
}

void log_write_rl(struct log_rl *rl, enum log_level lvl, const char *ctx, const char *fmt, ...)
{
	struct timespec ts;
	va_list ap;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	uint64_t now = (uint64_t)ts.tv_sec;
	uint64_t win = atomic_load(&rl->window);
	if (win != now && atomic_compare_exchange_strong(&rl->window, &win, now)) {
		atomic_store(&rl->count, 0);
		uint32_t dropped = atomic_exchange(&rl->dropped, 0);
		if (dropped)
			emit_plain(lvl, ctx, "%u similar lines suppressed", dropped);
	}
	if (atomic_fetch_add(&rl->count, 1) >= LOG_RL_BURST) {
		atomic_fetch_add(&rl->dropped, 1);
		return;
	}
	va_start(ap, fmt);
	emit(lvl, ctx, fmt, ap);
	va_end(ap);
}

void log_hex(const char *ctx, const char *label, const void *p, size_t len)
{
	static const char hx[] = "0123456789abcdef";
	const uint8_t *b = p;
	char out[1024];
	size_t n = 0;

	if (!log_on(LOG_TRACE))
		return;
	for (size_t i = 0; i < len && n + 3 < sizeof(out); i++) {
		out[n++] = hx[b[i] >> 4];
		out[n++] = hx[b[i] & 15];
	}
	out[n] = 0;
	log_write(LOG_TRACE, ctx, "%s (%zu bytes): %s%s", label, len, out,
		  n / 2 < len ? "..." : "");
}
