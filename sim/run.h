/* run.h — `ngsim run`: scenario steps with expectations (run.c). */
#ifndef NGCORE_SIM_RUN_H
#define NGCORE_SIM_RUN_H

#include "sim/sim.h"

/* Runs the configured steps on s's loop. Prints one line per step and
 * "PASS: N steps" or "FAIL: step ...: expected X, got Y". Returns 0 (pass),
 * 1 (fail) or a negative E_* when it could not run. */
int run_scenario(struct sim *s);

#endif
