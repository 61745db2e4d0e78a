/* hist.c — log-linear latency histogram (see hist.h). */
#include "sim/hist.h"

#include <math.h>

static unsigned bucket_of(uint64_t v)
{
	if (v < HIST_SUB)
		return (unsigned)v;
	unsigned top = 63u - (unsigned)__builtin_clzll(v); /* >= HIST_SUB_BITS */
	unsigned shift = top - HIST_SUB_BITS; /* bits dropped */
	unsigned m = (unsigned)(v >> shift) & (HIST_SUB - 1); /* bits below the top */
	return (shift + 1) * HIST_SUB + m;
}

/* Largest value that falls into bucket i. */
static uint64_t bucket_hi(unsigned i)
{
	if (i < HIST_SUB)
		return i;
	unsigned shift = i / HIST_SUB - 1, m = i % HIST_SUB;
	uint64_t lo = ((uint64_t)HIST_SUB + m) << shift;
	return lo + (((uint64_t)1 << shift) - 1);
}

void hist_add(struct hist *h, uint64_t v)
{
	if (h->count == 0 || v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
	h->count++;
	h->sum += v;
	h->b[bucket_of(v)]++;
}

uint64_t hist_quantile(const struct hist *h, double q)
{
	if (h->count == 0)
		return 0;
	if (q <= 0)
		return h->min;
	uint64_t rank = (uint64_t)ceil(q * (double)h->count);
	if (rank < 1)
		rank = 1;
	if (rank >= h->count)
		return h->max;
	uint64_t seen = 0;
	for (unsigned i = 0; i < HIST_BUCKETS; i++) {
		seen += h->b[i];
		if (seen >= rank) {
			uint64_t hi = bucket_hi(i);
			return hi < h->max ? hi : h->max;
		}
	}
	return h->max;
}
