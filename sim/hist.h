/* hist.h — latency histogram with bounded relative error (log-linear
 * buckets, HDR-histogram style): fixed memory whatever the sample count.
 *
 * A value v (nanoseconds) goes to bucket (e, m): e = position of its top
 * bit above HIST_SUB_BITS, m = the next HIST_SUB_BITS bits. Every bucket's
 * width is at most 1/2^HIST_SUB_BITS of its lower bound, so a percentile
 * read back is within 1/64 (1.6 %) of the true sample value; max is exact.
 */
#ifndef NGCORE_SIM_HIST_H
#define NGCORE_SIM_HIST_H

#include <stdint.h>

#define HIST_SUB_BITS 6
#define HIST_SUB      (1u << HIST_SUB_BITS)
#define HIST_BUCKETS  ((64 - HIST_SUB_BITS + 1) * HIST_SUB)

struct hist {
	uint64_t count; /* samples */
	uint64_t max; /* largest sample */
	uint64_t min; /* smallest sample */
	uint64_t sum; /* sum of samples (for the mean) */
	uint32_t b[HIST_BUCKETS]; /* samples per bucket */
};

void hist_add(struct hist *h, uint64_t v);
/* The value at quantile q (0..1): the upper bound of the bucket holding the
 * ceil(q*count)-th smallest sample, capped by max; 0 when empty. */
uint64_t hist_quantile(const struct hist *h, double q);

#endif
