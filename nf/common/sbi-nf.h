/* sbi-nf.h — what every SBI NF of ngcore (AUSF, UDM, UDR, ...) sets up the
 * same way: its HTTP/2 server and client, its NF profile, its registration
 * with the NRF (lib/sbi/sbi_nfreg.h) and NF discovery (lib/sbi/sbi_disc.h).
 *
 *   start():  sbi_nf_init(&x->nf, env, &cfg->base, SBI_NF_UDM, services, "udm");
 *             sbi_nf_serve(&x->nf, udm_routes, x);   -- its routes; listen, register
 *   stop():   sbi_nf_fini(&x->nf);                   -- deregister, close
 *
 * Handlers answer through the sbi_nf_op_* calls, which also count the
 * answer in ngcore_<nf>_requests_total{op,status}.
 */
#ifndef NGCORE_NF_COMMON_SBI_NF_H
#define NGCORE_NF_COMMON_SBI_NF_H

#include "lib/core/nf.h"
#include "lib/sbi/models/nnrf.h"
#include "lib/sbi/sbi_client.h"
#include "lib/sbi/sbi_disc.h"
#include "lib/sbi/sbi_nfreg.h"
#include "lib/sbi/sbi_server.h"

/* The configuration keys every SBI NF section has. */
struct sbi_nf_cfg {
	struct sbi_server_cfg sbi; /* sbi: listen address, port, TLS, limits */
	struct sbi_client_cfg client; /* client: timeout, body limit, CA */
	struct sbi_nfreg_cfg nrf; /* nrf: heartbeat proposal, back-off */
	char instance_id[40]; /* instance_id: NF instance UUID ("" = random at start) */
};

/* Schema entries for the keys above; an NF's table starts with them:
 *   SBI_NF_CFG_FIELDS(struct udm_cfg, base), CFG_F_...(own keys), CFG_FIELD_END */
#define SBI_NF_CFG_FIELDS(T, m)                                                                    \
	{ .key = "sbi",                                                                            \
	  .type = CFG_MAP,                                                                         \
	  .off = offsetof(T, m.sbi),                                                               \
	  .sub = sbi_server_cfg_fields },                                                          \
		{ .key = "client",                                                                 \
		  .type = CFG_MAP,                                                                 \
		  .off = offsetof(T, m.client),                                                    \
		  .sub = sbi_client_cfg_fields },                                                  \
		{ .key = "nrf",                                                                    \
		  .type = CFG_MAP,                                                                 \
		  .off = offsetof(T, m.nrf),                                                       \
		  .sub = sbi_nfreg_cfg_fields },                                                   \
	{                                                                                          \
		.key = "instance_id", .type = CFG_STR, .off = offsetof(T, m.instance_id),          \
		.size = sizeof(((T *)0)->m.instance_id)                                            \
	}

/* Defaults: listen on 127.0.0.1:port, client and NRF registration defaults. */
void sbi_nf_cfg_defaults(struct sbi_nf_cfg *c, uint16_t port, const struct core_cfg *core);
/* Cross-field checks (TLS pair, instance id is a UUID): NULL or what is wrong. */
const char *sbi_nf_cfg_check(const struct sbi_nf_cfg *c, const char **key);
/* Checks a peer's static apiRoot key (uri_key, e.g. "udm_uri"): "" or an
 * http(s) apiRoot. NULL, or what is wrong with *key set to uri_key. */
const char *sbi_nf_cfg_check_uri(const char *uri, const char *uri_key, const char **key);

#define SBI_NF_MAX_SVCS	  6
#define SBI_NF_MAX_COUNTS 64 /* (operation, status) counters cached per NF */

struct metric;
struct sbi_nf_lookup;

struct sbi_nf {
	char name[16]; /* "udm": log prefix and metrics label */
	struct ev_loop *loop; /* the NF's loop */
	const struct core_cfg *core; /* process-wide settings */
	const struct sbi_nf_cfg *cfg; /* its SBI settings (= &cfg_copy) */
	struct sbi_nf_cfg cfg_copy; /* the section's settings, nrf.nrf_uri from core->nrf_uri */
	enum sbi_nf_type type; /* NF type it registers as */
	char instance_id[40]; /* NF instance id (UUID) */
	const char *services[SBI_NF_MAX_SVCS]; /* service names it offers */
	unsigned n_services; /* entries in services */
	struct sbi_server *server; /* its server (routes added by the NF) */
	struct sbi_client *client; /* its client (to other NFs and the NRF) */
	struct sbi_disc *disc; /* discovery through the NRF (NULL without an NRF) */
	struct sbi_nfreg *reg; /* registration machine (NULL without an NRF) */
	struct sbi_nf_lookup *lookups; /* discoveries in flight (freed by fini) */
	struct {
		const char *op; /* operation label (static string) */
		int status; /* HTTP status */
		struct metric *m; /* ngcore_<nf>_requests_total{op,status} */
	} counts[SBI_NF_MAX_COUNTS]; /* counter cache */
	unsigned n_counts; /* entries in counts */
};

/* Sets up server, client and discovery for env's NF. services: NULL-ended.
 * cfg is copied; the NRF is the process-wide one (env->core->nrf_uri, ""
 * = no NRF: no registration, no discovery). 0 or -E_NOMEM / -E_INVAL (logged). */
int sbi_nf_init(struct sbi_nf *n, struct nf_env *env, const struct sbi_nf_cfg *cfg,
		enum sbi_nf_type type, const char *const *services, const char *name);
/* Starts listening, then registers with the NRF. 0 or -E_IO (logged). */
int sbi_nf_listen(struct sbi_nf *n);

/* One route of an NF's table (ended by an entry with path NULL). */
struct sbi_nf_route {
	enum sbi_method m; /* method */
	const char *path; /* template: "/nudm-sdm/v2/{supi}/am-data" */
	sbi_handler_cb cb; /* handler, called with the arg of sbi_nf_serve */
};
/* Adds the routes (handlers get arg), listens and registers with the NRF.
 * On failure logs "cannot serve SBI", undoes sbi_nf_init (sbi_nf_fini) and
 * returns -E_INVAL / -E_NOMEM / -E_IO. */
int sbi_nf_serve(struct sbi_nf *n, const struct sbi_nf_route *routes, void *arg);
/* Deregisters (best effort, bounded wait), shuts the server down, frees all. */
void sbi_nf_fini(struct sbi_nf *n);

/* The apiRoot other NFs reach this NF at: "http://127.0.0.1:7780". */
void sbi_nf_api_root(const struct sbi_nf *n, char *out, size_t cap);

/* ---- answers ---- */

/* Answers application/problem+json with an application error of the
 * service's own spec (TS 29.503 6.x.7.3 "USER_NOT_FOUND", TS 29.509
 * "SERVING_NETWORK_NOT_AUTHORIZED", ...; NULL for none) and a detail line. */
int sbi_nf_problem(struct sbi_req *req, int status, const char *cause, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Passes a peer's error answer on (its status, and its ProblemDetails when
 * it sent one). A peer that gave no answer (r->err) becomes 504 with
 * UPSTREAM_SERVER_ERROR (the NF behind us failed, TS 29.509 6.1.7.3). */
int sbi_nf_relay_error(struct sbi_req *req, const struct sbi_resp *r, const char *peer);
/* The "cause" member of a problem answer, or "". */
const char *sbi_nf_resp_cause(const struct sbi_resp *r);

/* ---- answers that are counted ----
 * Each answers req and counts it with sbi_nf_count(n, op, status). */

/* A problem answer (sbi_nf_problem). */
void sbi_nf_op_problem(struct sbi_nf *n, const char *op, struct sbi_req *req, int status,
		       const char *cause, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* j (its reference is taken) as application/json; j NULL (out of memory):
 * 500 INSUFFICIENT_RESOURCES. */
void sbi_nf_op_json(struct sbi_nf *n, const char *op, struct sbi_req *req, int status, json_t *j);
/* An answer without a body (204, ...). */
void sbi_nf_op_empty(struct sbi_nf *n, const char *op, struct sbi_req *req, int status);
/* The request body failed its model's decoder: logged (rate-limited) and
 * answered with the decoder's cause (sbi_respond_jerr). */
void sbi_nf_op_jerr(struct sbi_nf *n, const char *op, struct sbi_req *req,
		    const struct sbi_jerr *e);
/* A peer's error answer passed on (sbi_nf_relay_error). */
void sbi_nf_op_relay(struct sbi_nf *n, const char *op, struct sbi_req *req,
		     const struct sbi_resp *r, const char *peer);

/* ---- metrics ---- */

/* Counts one answered request: ngcore_<nf>_requests_total{op="op",status="N"}.
 * op must be a string with static storage. */
void sbi_nf_count(struct sbi_nf *n, const char *op, int status);
/* Looks up one counter per label value: out[i] = name{label="values[i]"}. */
void sbi_nf_counters(struct metric **out, unsigned nvalues, const char *name, const char *help,
		     const char *label, const char *const *values);

/* ---- peers ---- */

/* An NF this NF calls: found through the NRF (TS 29.510 5.3.2.2), with a
 * configured apiRoot tried after the discovered ones (or alone without an
 * NRF, or when the NRF knows none). */
struct sbi_nf_peer {
	enum sbi_nf_type type; /* target-nf-type */
	const char *service; /* service-names: "nudm-ueau" */
	const char *fallback; /* static apiRoot "http://127.0.0.1:7780", or "" */
};

/* Gets the apiRoots to try for p, in order (at most SBI_MAX_ROOTS; n = 0
 * when none is known: the caller answers 504). Strings are valid during
 * the call. */
typedef void (*sbi_nf_roots_cb)(void *arg, uint64_t cookie, const char *const *roots, unsigned n);
/* Calls cb with p's apiRoots: synchronously (inside this call) when no NRF
 * is configured, else once discovery answered (from sbi_disc's cache when
 * fresh). cookie should be a packed pool handle. 0, or -E_NOMEM (cb not
 * called). */
int sbi_nf_peer_roots(struct sbi_nf *n, const struct sbi_nf_peer *p, sbi_nf_roots_cb cb, void *arg,
		      uint64_t cookie);
/* What to do when a sbi_nf_roots_cb got none: logs (rate-limited) that no
 * peer of p's type is known (uri_key: the config key of its fallback) and,
 * when req is not NULL, answers 504 UPSTREAM_SERVER_ERROR, counted under op. */
void sbi_nf_op_no_peer(struct sbi_nf *n, const char *op, struct sbi_req *req,
		       const struct sbi_nf_peer *p, const char *uri_key);
/* Puts roots[0..n) (at most SBI_MAX_ROOTS) into rq, in order. */
void sbi_nf_request_roots(struct sbi_request *rq, const char *const *roots, unsigned n);

#endif
