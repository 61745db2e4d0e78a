/* ctx.h — the NRF's state: configuration, the registered NF instances (with
 * their heartbeat expiry timers) and the status subscriptions. Internal to
 * nf/nrf. */
#ifndef NGCORE_NRF_CTX_H
#define NGCORE_NRF_CTX_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "lib/core/hash.h"
#include "lib/core/metrics.h"
#include "lib/core/pool.h"
#include "lib/ev/ev.h"
#include "lib/sbi/models/nnrf.h"
#include "lib/sbi/sbi_client.h"
#include "lib/sbi/sbi_server.h"
#include "nf/nrf/nrf.h"

/* One registered NF instance. */
struct nrf_nf {
	struct nrf_ctx *ctx; /* owner */
	char id[40]; /* nfInstanceId */
	struct sbi_nf_profile prof; /* typed profile, for matching */
	json_t *json; /* the profile as stored and returned */
	char *text; /* json serialised (discovery answers are built from it) */
	size_t text_len; /* its length */
	struct ev_timer hb; /* heartbeat expiry (TS 29.510 5.2.2.3.2) */
	uint64_t registered_ms; /* loop time of the (last) registration */
	uint64_t heartbeats; /* heartbeats received */
};

/* One NF status subscription (TS 29.510 5.2.2.5). */
struct nrf_sub {
	struct nrf_ctx *ctx; /* owner */
	struct sbi_subscription sd; /* what was asked (subscriptionId set) */
	struct ev_timer expiry; /* validityTime */
	uint64_t sent, failed; /* notifications sent / not answered 2xx */
};

struct nrf_ctx {
	struct ev_loop *loop; /* the NRF's loop */
	struct nrf_cfg cfg; /* configuration (copy) */
	struct plmn plmn; /* serving PLMN (for profiles without plmnList) */
	struct sbi_server *srv; /* Nnrf server */
	struct sbi_client *cl; /* notification sender */
	struct pool nfs; /* struct nrf_nf */
	struct hmap nf_by_id; /* nfInstanceId -> packed handle */
	struct pool subs; /* struct nrf_sub */
	struct hmap sub_by_id; /* subscriptionId -> packed handle */
	uint64_t next_sub; /* subscription id counter */
	char ctx[16]; /* log prefix "nrf" */
	struct metric *m_nfs; /* gauge: NF instances */
	struct metric *m_reg; /* counter: registrations */
	struct metric *m_dereg; /* counter: deregistrations (incl. expiry) */
	struct metric *m_expired; /* counter: NFs removed for missed heartbeats */
	struct metric *m_disc; /* counter: discovery requests */
	struct metric *m_notif; /* counter: notifications sent */
	struct metric *m_notif_fail; /* counter: notifications not answered 2xx */
};

/* ctx.c */
struct nrf_nf *nrf_nf_find(struct nrf_ctx *ctx, const char *id);
/* Registers or replaces (takes prof and json). *created tells which. 0,
 * -E_CONGESTION (full) or -E_NOMEM. */
int nrf_nf_put(struct nrf_ctx *ctx, struct sbi_nf_profile *prof, json_t *json, struct nrf_nf **out,
	       bool *created);
/* Replaces nf's stored profile (json taken) and its serialised text. */
int nrf_nf_set_json(struct nrf_nf *nf, json_t *json);
/* Restarts the heartbeat expiry of nf. */
void nrf_nf_touch(struct nrf_nf *nf);
/* Removes nf (notifies NF_DEREGISTERED). */
void nrf_nf_remove(struct nrf_nf *nf, const char *why);
struct nrf_sub *nrf_sub_find(struct nrf_ctx *ctx, const char *id);
/* Stores a copy of sd with a new subscriptionId and the NRF's validityTime.
 * 0, -E_INVAL (SBI_COND_OTHER: a condition the NRF does not evaluate),
 * -E_CONGESTION or -E_NOMEM. */
int nrf_sub_add(struct nrf_ctx *ctx, const struct sbi_subscription *sd, struct nrf_sub **out);
void nrf_sub_remove(struct nrf_sub *s);
void nrf_sub_rearm(struct nrf_sub *s);

/* nnrf-build.c */
/* {scheme}://{authority} this NRF is reached at (from the request). */
void nrf_api_root(const struct nrf_ctx *ctx, const struct sbi_req *req, char *out, size_t cap);
json_t *nrf_build_uri_list(struct nrf_ctx *ctx, const char *root, const char *nf_type,
			   int64_t limit);
json_t *nrf_build_notification(struct nrf_ctx *ctx, enum sbi_notif_event ev,
			       const struct nrf_nf *nf);

/* nnrf-path.c */
int nrf_path_open(struct nrf_ctx *ctx);
/* Sends ev about nf to every subscription whose condition matches. */
void nrf_notify(struct nrf_ctx *ctx, enum sbi_notif_event ev, const struct nrf_nf *nf);

/* nnrf-handler.c: request handlers, routed by nnrf-path.c */
void nrf_handle_register(struct sbi_req *req, void *arg);
void nrf_handle_update(struct sbi_req *req, void *arg);
void nrf_handle_deregister(struct sbi_req *req, void *arg);
void nrf_handle_get_nf(struct sbi_req *req, void *arg);
void nrf_handle_list(struct sbi_req *req, void *arg);
void nrf_handle_subscribe(struct sbi_req *req, void *arg);
void nrf_handle_unsubscribe(struct sbi_req *req, void *arg);
void nrf_handle_update_subscription(struct sbi_req *req, void *arg);
void nrf_handle_discover(struct sbi_req *req, void *arg);

#endif
