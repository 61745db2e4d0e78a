/* load.h — `ngsim load`: open-loop registrations with latency histograms. */
#ifndef NGCORE_SIM_LOAD_H
#define NGCORE_SIM_LOAD_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/sim.h"

struct load_opts {
	uint32_t ues; /* UEs to register (the first ones configured) */
	double rate; /* arrivals per second */
	bool deregister; /* deregister each UE after its registration accept */
	bool release; /* request UE context release after registration */
	bool json; /* print the summary as JSON */
	double timeout_s; /* give up this long after the last arrival */
};

/* Runs the load on s's loop and prints the summary. Returns 0 when every
 * procedure completed, 1 when some failed, or a negative E_*. */
int load_run(struct sim *s, const struct load_opts *o);

#endif
