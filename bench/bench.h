/* bench.h — what the benchmark programs share: a clock, the rate of an
 * operation run in growing batches, per-second figures, and percentiles of
 * sorted latencies. Header only (static inline); benchmarks print figures,
 * they never assert on them.
 */
#ifndef NGCORE_BENCH_BENCH_H
#define NGCORE_BENCH_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Seconds on the monotonic clock. */
static inline double bench_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Seconds on clock c (CLOCK_MONOTONIC, or CLOCK_THREAD_CPUTIME_ID for
 * figures that should not count time the thread spent descheduled). */
static inline double bench_clock(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Runs fn(arg) in batches of 16, 32, 64, ... until min_seconds have passed on
 * clock c and returns calls per second. A call returning < 0 ends the program
 * (exit 1) after saying so on stderr. */
static inline double bench_rate_on(clockid_t c, int (*fn)(void *), void *arg, double min_seconds)
{
	long n = 16, done = 0;
	double t0 = bench_clock(c), t;
	for (;;) {
		for (long i = 0; i < n; i++)
			if (fn(arg) < 0) {
				fprintf(stderr, "operation failed\n");
				exit(1);
			}
		done += n;
		t = bench_clock(c) - t0;
		if (t >= min_seconds)
			break;
		n *= 2;
	}
	return (double)done / t;
}

/* bench_rate_on with the monotonic clock. */
static inline double bench_rate(int (*fn)(void *), void *arg, double min_seconds)
{
	return bench_rate_on(CLOCK_MONOTONIC, fn, arg, min_seconds);
}

/* count events in ns nanoseconds, per second. */
static inline double bench_per_s(double count, uint64_t ns)
{
	return count / ((double)ns / 1e9);
}

/* qsort comparator for uint64_t. */
static inline int bench_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Sorts v[0..n) ascending (for bench_quantile). */
static inline void bench_sort_u64(uint64_t *v, size_t n)
{
	qsort(v, n, sizeof(*v), bench_cmp_u64);
}

/* The q-quantile (0 <= q < 1) of sorted[0..n), n > 0: sorted[floor(n q)]. */
static inline uint64_t bench_quantile(const uint64_t *sorted, size_t n, double q)
{
	return sorted[(size_t)((double)n * q)];
}

#endif
