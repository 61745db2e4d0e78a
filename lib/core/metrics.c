#include "lib/core/metrics.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;
static struct metric *reg_head;

static struct metric *find_or_add(enum metric_type type, const char *name, const char *help,
				  const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));
static struct metric *find_or_add(enum metric_type type, const char *name, const char *help,
				  const char *fmt, va_list ap)
{
	char labels[96] = "";

	if (fmt)
		vsnprintf(labels, sizeof(labels), fmt, ap);
	pthread_mutex_lock(&reg_lock);
	struct metric **tail = &reg_head, *m;
	for (m = reg_head; m; tail = &m->next, m = m->next)
		if (strcmp(m->name, name) == 0 && strcmp(m->labels, labels) == 0)
			break;
	if (!m && (m = calloc(1, sizeof(*m)))) {
		snprintf(m->name, sizeof(m->name), "%s", name);
		memcpy(m->labels, labels, sizeof(labels));
		m->help = help;
		m->type = type;
		*tail = m; /* appended: a family's members stay together after the first */
	}
	pthread_mutex_unlock(&reg_lock);
	return m;
}

struct metric *metric_counter(const char *name, const char *help, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct metric *m = find_or_add(METRIC_COUNTER, name, help, fmt, ap);
	va_end(ap);
	return m;
}

struct metric *metric_gauge(const char *name, const char *help, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct metric *m = find_or_add(METRIC_GAUGE, name, help, fmt, ap);
	va_end(ap);
	return m;
}

void metrics_foreach(void (*fn)(const struct metric *m, void *arg), void *arg)
{
	pthread_mutex_lock(&reg_lock);
	struct metric *head = reg_head;
	pthread_mutex_unlock(&reg_lock);
	/* Entries are only ever appended and never freed: walking without the
	 * lock sees a consistent prefix. */
	for (struct metric *m = head; m; m = m->next)
		fn(m, arg);
}

char *metrics_render(size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	if (!f)
		return NULL;
	pthread_mutex_lock(&reg_lock);
	struct metric *head = reg_head;
	pthread_mutex_unlock(&reg_lock);
	/* One HELP/TYPE header per family: render families in first-seen order. */
	for (struct metric *m = head; m; m = m->next) {
		bool first = true;
		for (struct metric *p = head; p != m; p = p->next)
			if (strcmp(p->name, m->name) == 0) {
				first = false;
				break;
			}
		if (!first)
			continue;
		fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", m->name, m->help ? m->help : "", m->name,
			m->type == METRIC_COUNTER ? "counter" : "gauge");
		for (struct metric *q = m; q; q = q->next)
			if (strcmp(q->name, m->name) == 0)
				fprintf(f, "%s%s%s%s %lld\n", q->name, q->labels[0] ? "{" : "",
					q->labels, q->labels[0] ? "}" : "",
					(long long)metric_get(q));
	}
	fclose(f);
	if (len)
		*len = n;
	return buf;
}
