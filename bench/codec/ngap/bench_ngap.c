/* bench_ngap — NGAP messages encoded and decoded per second, beside a
 * memcpy of the same octets measured in the same run (the floor of any
 * handling of those bytes). Figures, not pass/fail.
 *
 * Messages: the InitialUEMessage, InitialContextSetupRequest and
 * PDUSessionResourceSetupRequest that tests/oracle/ngap/ngap_cases.c builds
 * (a registration with NAS, the context setup after it, one PDU session
 * with its Transfer). Decoding uses one arena per message, reset each time,
 * as the AMF does. Time is this thread's CPU time, so that other work on a
 * shared machine does not count (the memcpy reference is timed the same way).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench/bench.h"
#include "lib/codec/ngap/ngap.h"
#include "tests/oracle/ngap/ngap_cases.h"

#define MIN_SECONDS 0.3

/* Calls of fn per second (CLOCK_THREAD_CPUTIME_ID). */
static double rate(int (*fn)(void *), void *arg)
{
	return bench_rate_on(CLOCK_THREAD_CPUTIME_ID, fn, arg, MIN_SECONDS);
}

struct job {
	struct ngap_pdu pdu; /* the message */
	uint8_t enc[4096]; /* its encoding */
	int len; /* its length */
	uint8_t out[4096]; /* scratch output */
	struct arena a; /* per-message arena */
	_Alignas(16) uint8_t mem[65536]; /* the arena's first chunk */
	struct ngap_pdu dec; /* decode target */
};

static volatile uint8_t sink;

static int do_encode(void *arg)
{
	struct job *j = arg;
	return ngap_encode(&j->pdu, j->out, sizeof(j->out), NULL);
}

static int do_decode(void *arg)
{
	struct job *j = arg;
	arena_reset(&j->a);
	return ngap_decode(&j->dec, j->enc, (size_t)j->len, &j->a, NULL);
}

static int do_memcpy(void *arg)
{
	struct job *j = arg;
	memcpy(j->out, j->enc, (size_t)j->len);
	sink = j->out[j->len - 1];
	return 0;
}

int main(void)
{
	static const char *const names[] = { "InitialUEMessage-registration",
					     "InitialContextSetupRequest-registration",
					     "PDUSessionResourceSetupRequest-ipv4" };
	static struct job job;
	struct arena build;

	printf("NGAP codec, messages per second (reference: memcpy of the same octets)\n");
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		const struct ngap_case *c = NULL;
		for (unsigned i = 0; i < ngap_n_cases; i++)
			if (!strcmp(ngap_cases[i].name, names[k]))
				c = &ngap_cases[i];
		arena_init(&build, NULL, 0, 0);
		memset(&job.pdu, 0, sizeof(job.pdu));
		if (!c || c->build(&job.pdu, &build) < 0) {
			fprintf(stderr, "bench_ngap: cannot build %s\n", names[k]);
			return 1;
		}
		job.len = ngap_encode(&job.pdu, job.enc, sizeof(job.enc), NULL);
		arena_init(&job.a, job.mem, sizeof(job.mem), 0);
		double enc = rate(do_encode, &job);
		double dec = rate(do_decode, &job);
		double ref = rate(do_memcpy, &job);
		printf("  %-32s %4d B  encode %6.2f M/s  decode %6.2f M/s  | memcpy %7.1f M/s"
		       "  (decode = %.1f%% of memcpy)\n",
		       ngap_msg_name(job.pdu.msg), job.len, enc / 1e6, dec / 1e6, ref / 1e6,
		       100.0 * dec / ref);
		arena_fini(&job.a);
		arena_fini(&build);
	}
	return 0;
}
