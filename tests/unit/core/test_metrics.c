/* Unit tests of lib/core/metrics: families render once with HELP/TYPE,
 * labels distinguish members, updates from threads are not lost. */
#include <pthread.h>
#include <stdlib.h>

#include "lib/core/metrics.h"
#include "tests/unit/t.h"

static struct metric *shared;

static void *bump(void *arg)
{
	for (int i = 0; i < 100000; i++)
		metric_inc(shared);
	return NULL;
}

static void families_render_in_prometheus_format(void)
{
	struct metric *a = metric_counter("ngcore_x_total", "things", "cause=\"%d\"", 22);
	struct metric *b = metric_counter("ngcore_x_total", "things", "cause=\"%d\"", 7);
	struct metric *g = metric_gauge("ngcore_gnbs", "gNBs connected", NULL);
	CHECK(a != b);
	CHECK(metric_counter("ngcore_x_total", "things", "cause=\"%d\"", 22) == a);
	metric_add(a, 3);
	metric_inc(b);
	metric_set(g, 5);
	metric_inc(NULL); /* tolerated */
	size_t n;
	char *s = metrics_render(&n);
	CHECK(s != NULL);
	CHECK(strstr(s, "# HELP ngcore_x_total things\n# TYPE ngcore_x_total counter\n"
			"ngcore_x_total{cause=\"22\"} 3\nngcore_x_total{cause=\"7\"} 1\n") != NULL);
	CHECK(strstr(s, "# TYPE ngcore_gnbs gauge\nngcore_gnbs 5\n") != NULL);
	/* one header per family */
	CHECK(strstr(strstr(s, "# HELP ngcore_x_total") + 1, "# HELP ngcore_x_total") == NULL);
	free(s);
}

static void concurrent_increments_are_not_lost(void)
{
	pthread_t th[4];
	shared = metric_counter("ngcore_race_total", "race", NULL);
	for (int i = 0; i < 4; i++)
		pthread_create(&th[i], NULL, bump, NULL);
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	CHECK_EQ(metric_get(shared), 400000);
}

int main(void)
{
	RUN(families_render_in_prometheus_format);
	RUN(concurrent_increments_are_not_lost);
	return t_done();
}
