/* metrics.h — process-wide counters and gauges, rendered in the Prometheus
 * text format by the management endpoint (/metrics).
 *
 * Look a metric up once (at start-up, or when a new label value first
 * appears) and keep the pointer; updates are lock-free atomics, safe from
 * every NF thread. Metrics are never freed while the process runs.
 *
 *   static struct metric *rx_bad;
 *   rx_bad = metric_counter("ngcore_ngap_decode_errors_total",
 *                           "NGAP PDUs that failed to decode", NULL);
 *   metric_inc(rx_bad);
 */
#ifndef NGCORE_CORE_METRICS_H
#define NGCORE_CORE_METRICS_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

enum metric_type { METRIC_COUNTER, METRIC_GAUGE };

struct metric {
	char name[64]; /* ngcore_<nf>_<what>[_total] */
	char labels[96]; /* rendered labels: cause="22",nf="amf" (may be empty) */
	const char *help; /* one line, static storage */
	enum metric_type type; /* counter or gauge */
	_Atomic int64_t value; /* current value */
	struct metric *next; /* registry list */
};

/* Finds or creates the metric with this name and label set (labels_fmt is a
 * printf format, NULL for none). Returns NULL only when out of memory; the
 * update functions accept NULL, so callers need not check. */
struct metric *metric_counter(const char *name, const char *help, const char *labels_fmt, ...)
	__attribute__((format(printf, 3, 4)));
struct metric *metric_gauge(const char *name, const char *help, const char *labels_fmt, ...)
	__attribute__((format(printf, 3, 4)));

static inline void metric_add(struct metric *m, int64_t n)
{
	if (m)
		atomic_fetch_add_explicit(&m->value, n, memory_order_relaxed);
}

static inline void metric_inc(struct metric *m)
{
	metric_add(m, 1);
}

static inline void metric_set(struct metric *m, int64_t v)
{
	if (m)
		atomic_store_explicit(&m->value, v, memory_order_relaxed);
}

static inline int64_t metric_get(const struct metric *m)
{
	return m ? atomic_load_explicit(&m->value, memory_order_relaxed) : 0;
}

/* Renders every metric in the Prometheus text exposition format into a
 * malloc'd string (caller frees); NULL when out of memory. */
char *metrics_render(size_t *len);

/* Calls fn for every registered metric (for JSON status views). */
void metrics_foreach(void (*fn)(const struct metric *m, void *arg), void *arg);

#endif
