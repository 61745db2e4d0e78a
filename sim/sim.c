/* sim.c — ngsim's process-wide state: UE pool, gNBs, outcome reporting. */
#include "sim/sim.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/crypto/ct.h"
#include "lib/crypto/milenage.h"

const char *const sim_proc_names[] = {
	[PROC_NONE] = "none",
	[PROC_NG_SETUP] = "ng_setup",
	[PROC_REGISTER] = "registration",
	[PROC_DEREGISTER] = "deregistration",
	[PROC_SERVICE] = "service_request",
	[PROC_RELEASE] = "release",
	[PROC_NG_RESET] = "ng_reset",
};

static uint8_t arena_first[64 * 1024]; /* the message arena's storage: no heap per message */

int sim_init(struct sim *s, struct ev_loop *loop, const struct sim_cfg *cfg)
{
	int rc;

	memset(s, 0, offsetof(struct sim, nas_buf));
	s->loop = loop;
	s->cfg = cfg;
	arena_init(&s->arena, arena_first, sizeof(arena_first), 1 << 20);
	if (RAND_bytes(s->suci_seed, sizeof(s->suci_seed)) != 1)
		return -E_CRYPTO;
	for (uint32_t g = 0; g < cfg->n_ues; g++) {
		const struct sim_ue_cfg *u = &cfg->ues[g];
		bool has_opc = false;
		for (int i = 0; i < 16; i++)
			has_opc |= u->opc[i] != 0;
		if (has_opc)
			memcpy(s->group_opc[g], u->opc, 16);
		else if ((rc = milenage_opc(u->k, u->op, s->group_opc[g])) < 0)
			return rc;
	}
	uint64_t total = sim_cfg_ue_total(cfg);
	if (total == 0 || total > SIM_UE_MAX)
		return -E_CONFIG;
	s->n_ues = (uint32_t)total;
	s->group_first = calloc(cfg->n_ues, sizeof(*s->group_first));
	s->ue_h = calloc(s->n_ues, sizeof(*s->ue_h));
	if (!s->group_first || !s->ue_h)
		return -E_NOMEM;
	if ((rc = pool_init(&s->ues, "ue", sizeof(struct sim_ue), s->n_ues)) < 0)
		return rc;
	s->ues.wipe = true;
	uint32_t num = 0;
	for (uint32_t g = 0; g < cfg->n_ues; g++) {
		s->group_first[g] = num;
		for (int64_t i = 0; i < cfg->ues[g].count; i++, num++) {
			struct sim_ue *ue = pool_alloc(&s->ues, &s->ue_h[num]);
			if (!ue)
				return -E_NOMEM;
			ue_init(s, ue, num, (uint16_t)g);
		}
	}
	return gnb_init_all(s);
}

static void ue_fini_cb(void *obj, void *arg)
{
	(void)arg;
	ue_fini(obj);
}

void sim_fini(struct sim *s)
{
	gnb_fini_all(s);
	if (s->ues.mem)
		pool_foreach(&s->ues, ue_fini_cb, NULL);
	pool_fini(&s->ues);
	free(s->ue_h);
	free(s->group_first);
	arena_fini(&s->arena);
	crypto_wipe(s->group_opc, sizeof(s->group_opc));
	crypto_wipe(s->suci_seed, sizeof(s->suci_seed));
	s->ue_h = NULL;
	s->group_first = NULL;
}

void sim_shutdown(struct sim *s)
{
	if (!s->gnbs)
		return;
	s->observer = NULL;
	uint64_t deadline = ev_clock_ns() + 2000000000ull;
	while (gnb_shutdown_all(s) > 0 && ev_clock_ns() < deadline)
		ev_run_once(s->loop, 20);
}

void sim_report(struct sim *s, const struct sim_event *e)
{
	if (e->out == OUT_ERROR)
		s->errors++;
	if (s->observer)
		s->observer(s->observer_arg, e);
}

void sim_error(struct sim *s, int gnb, int64_t ue, int proc, const char *fmt, ...)
{
	struct sim_event e = { .out = OUT_ERROR, .proc = proc, .gnb = gnb, .ue = ue, .cause = -1 };
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e.detail, sizeof(e.detail), fmt, ap);
	va_end(ap);
	LOG_RL(LOG_NOTICE, "ngsim", "%s", e.detail);
	sim_report(s, &e);
}

struct sim_ue *sim_ue_get(struct sim *s, uint32_t num)
{
	if (num >= s->n_ues)
		return NULL;
	return pool_get(&s->ues, s->ue_h[num]);
}

const struct sim_ue_cfg *sim_ue_cfg(const struct sim *s, const struct sim_ue *ue)
{
	return &s->cfg->ues[ue->group];
}

void sim_ue_imsi(const struct sim *s, const struct sim_ue *ue, char out[16])
{
	const struct sim_ue_cfg *g = &s->cfg->ues[ue->group];
	size_t len = strlen(g->imsi);
	unsigned long long v = strtoull(g->imsi, NULL, 10) + (ue->num - s->group_first[ue->group]);
	snprintf(out, 16, "%0*llu", (int)len, v);
}
