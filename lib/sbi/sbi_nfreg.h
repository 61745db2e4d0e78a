/* sbi_nfreg.h — the NF side of Nnrf_NFManagement (TS 29.510 5.2.2): an NF
 * registers its profile with the NRF, sends heartbeats at the interval the
 * NRF grants, registers again when the NRF has lost it (404 to a heartbeat,
 * e.g. after an NRF restart) or cannot be reached (with back-off), and
 * deregisters when it stops.
 *
 *            START                 201/200
 *   IDLE ------------> REGISTERING --------> REGISTERED --+ T_HEARTBEAT: PATCH
 *     ^                  |      ^              |    ^      | 204/200: stay
 *     | stop             | fail |  T_RETRY     |    +------+
 *     |                  v      |              | 404 -> REGISTERING
 *     +------------ BACKOFF ----+  <-----------+ no answer / error
 *
 * One machine per NF, on lib/fsm, on the NF's loop; it sends through the
 * NF's sbi_client.
 */
#ifndef NGCORE_SBI_NFREG_H
#define NGCORE_SBI_NFREG_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/core/cfg.h"
#include "lib/ev/ev.h"
#include "lib/sbi/models/nnrf.h"
#include "lib/sbi/sbi_client.h"

struct sbi_nfreg;

struct sbi_nfreg_cfg {
	char nrf_uri[128]; /* NRF apiRoot, "http://127.0.0.1:7777"; "" = do not register */
	int64_t heartbeat_s; /* heartBeatTimer proposed to the NRF (it may grant another) */
	int64_t retry_min_ms; /* first back-off delay while the NRF is unreachable */
	int64_t retry_max_ms; /* back-off cap */
};

/* heartbeat (seconds), retry_min, retry_max (durations) — nrf_uri comes from
 * the process-wide core_cfg. */
extern const struct cfg_field sbi_nfreg_cfg_fields[];
/* 10 s heartbeat proposal, back-off 1 s doubling to 30 s. */
void sbi_nfreg_cfg_defaults(struct sbi_nfreg_cfg *c, const char *nrf_uri);

/* Told whenever the registration is won (true) or lost (false). */
typedef void (*sbi_nfreg_cb)(void *arg, bool registered);

/* A machine for profile (encoded now; later changes go through
 * sbi_nfreg_update). cb may be NULL. NULL when out of memory or the
 * NRF URI is malformed. */
struct sbi_nfreg *sbi_nfreg_new(struct ev_loop *loop, struct sbi_client *client,
				const struct sbi_nfreg_cfg *cfg,
				const struct sbi_nf_profile *profile, sbi_nfreg_cb cb, void *arg,
				const char *ctx);
/* Starts registering (no-op without an NRF URI). */
void sbi_nfreg_start(struct sbi_nfreg *r);
/* Replaces the profile and registers it again (NFUpdate by PUT, TS 29.510 5.2.2.3.1). */
int sbi_nfreg_update(struct sbi_nfreg *r, const struct sbi_nf_profile *profile);
/* Stops; when registered, sends the DELETE (deregistration, TS 29.510
 * 5.2.2.4) through the client — run sbi_client_drain() to get it out
 * before the loop ends. */
void sbi_nfreg_stop(struct sbi_nfreg *r);
/* Frees r; answers still in flight for it are dropped. */
void sbi_nfreg_free(struct sbi_nfreg *r);

bool sbi_nfreg_registered(const struct sbi_nfreg *r);
/* "IDLE", "REGISTERING", "REGISTERED", "BACKOFF". */
const char *sbi_nfreg_state(const struct sbi_nfreg *r);
/* The heartbeat interval in use (seconds; granted by the NRF once registered). */
uint32_t sbi_nfreg_heartbeat(const struct sbi_nfreg *r);

struct sbi_nfreg_stats {
	uint64_t registrations; /* successful registrations (first and again) */
	uint64_t heartbeats; /* heartbeats answered 2xx */
	uint64_t hb_not_found; /* heartbeats answered 404 (NRF lost us) */
	uint64_t failures; /* requests without a usable answer */
};
void sbi_nfreg_get_stats(const struct sbi_nfreg *r, struct sbi_nfreg_stats *st);

#endif
