/* nrf.h — the NRF (TS 29.510): Nnrf_NFManagement and Nnrf_NFDiscovery.
 * nrf_nf_ops is what the ngcore binary runs (`ngcore --nf nrf`); the
 * context API below is for tests and benchmarks that run an NRF on a loop
 * of their own. */
#ifndef NGCORE_NRF_NRF_H
#define NGCORE_NRF_NRF_H

#include "lib/core/ids.h"
#include "lib/core/nf.h"
#include "lib/ev/ev.h"
#include "lib/sbi/sbi_client.h"
#include "lib/sbi/sbi_server.h"

extern const struct nf_ops nrf_nf_ops;

/* The nrf: section of the configuration (keys in nf/nrf/README.md). */
struct nrf_cfg {
	struct sbi_server_cfg sbi; /* SBI server (default 127.0.0.1:7777) */
	struct sbi_client_cfg client; /* client for notifications */
	int64_t heartbeat_s; /* heartBeatTimer granted to NFs, seconds */
	int64_t heartbeat_grace_ms; /* extra time before a silent NF is removed */
	int64_t validity_s; /* validityPeriod of discovery answers, seconds */
	int64_t max_nfs; /* NF instances registered at once */
	int64_t max_subscriptions; /* subscriptions at once */
	int64_t subscription_validity_ms; /* longest validityTime granted */
};

struct nrf_ctx;

/* Fills cfg with the embedded defaults (127.0.0.1:7777, heartbeat 10 s, ...). */
void nrf_cfg_defaults(struct nrf_cfg *cfg);
/* An NRF on loop serving PLMN plmn; NULL when out of memory. */
struct nrf_ctx *nrf_ctx_new(struct ev_loop *loop, const struct nrf_cfg *cfg,
			    const struct plmn *plmn);
/* Starts listening. 0 or -E_IO. */
int nrf_ctx_start(struct nrf_ctx *ctx);
/* Its SBI server (to add routes in benchmarks, read the port in tests). */
struct sbi_server *nrf_ctx_server(struct nrf_ctx *ctx);
/* Number of registered NF instances. */
unsigned nrf_ctx_nf_count(const struct nrf_ctx *ctx);
/* GOAWAY to every peer, then frees everything (memory at the next safe point). */
void nrf_ctx_free(struct nrf_ctx *ctx);

#endif
