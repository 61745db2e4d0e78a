/* bench_timers — lib/ev timer heap at 100,000 armed timers.
 *
 * Measures re-arm (stop + start at a new deadline) and expiry throughput with
 * 100k timers armed, the pattern of an AMF with 100k UEs each holding a
 * protocol timer. Reference, same run: sorting the same 100k deadlines with
 * qsort (a comparison-sort lower bound for keeping them ordered), per element.
 */
#include <stdio.h>
#include <stdlib.h>

#include "bench/bench.h"
#include "lib/ev/ev.h"

enum { N = 100000, ROUNDS = 20 };

static uint64_t rng = 88172645463325252ull;
static uint64_t xr(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static size_t fired;
static void fire_cb(struct ev_loop *loop, struct ev_timer *t)
{
	fired++;
}

int main(void)
{
	struct ev_loop *loop = ev_loop_new("bench");
	struct ev_timer *t = calloc(N, sizeof(*t));
	uint64_t *keys = malloc(N * sizeof(*keys));
	if (!loop || !t || !keys)
		return 1;

	for (int i = 0; i < N; i++)
		ev_timer_start_ns(loop, &t[i], 1000000000ull + xr() % 1000000000ull, fire_cb, NULL);

	uint64_t t0 = ev_clock_ns();
	for (int r = 0; r < ROUNDS; r++)
		for (int i = 0; i < N; i++)
			ev_timer_start_ns(loop, &t[xr() % N], 1000000000ull + xr() % 1000000000ull,
					  fire_cb, NULL);
	uint64_t rearm_ns = ev_clock_ns() - t0;

	/* Expiry: pull every deadline into the past, then let the loop fire all. */
	for (int i = 0; i < N; i++)
		ev_timer_start_ns(loop, &t[i], xr() % 1000, fire_cb, NULL);
	ev_now_update(loop);
	t0 = ev_clock_ns();
	while (fired < N)
		ev_run_once(loop, 1);
	uint64_t fire_ns = ev_clock_ns() - t0;

	uint64_t sort_ns = 0;
	for (int r = 0; r < 5; r++) {
		for (int i = 0; i < N; i++)
			keys[i] = xr();
		t0 = ev_clock_ns();
		bench_sort_u64(keys, N);
		sort_ns += ev_clock_ns() - t0;
	}

	double rearm = bench_per_s((double)ROUNDS * N, rearm_ns);
	double expire = bench_per_s(N, fire_ns);
	double sortr = bench_per_s(5.0 * N, sort_ns);
	printf("timer heap, %d armed timers\n", N);
	printf("  re-arm (stop+start):  %10.0f ops/s\n", rearm);
	printf("  expiry (fire):        %10.0f ops/s\n", expire);
	printf("  reference: qsort of %d deadlines: %10.0f elements/s\n", N, sortr);
	printf("  ratio re-arm / qsort-element: %.2f\n", rearm / sortr);
	free(keys);
	free(t);
	ev_loop_free(loop);
	return 0;
}
