/* sbi_client.h — the HTTP/2 client an NF uses to call other NFs
 * (TS 29.500 5, 6.10), on the NF's lib/ev loop, with nghttp2 directly.
 *
 * - One connection per peer (scheme://host:port), reused and multiplexed:
 *   every request to that peer is a new stream on it.
 * - A timeout per request.
 * - Retry on another instance: a request may carry several apiRoots (from
 *   discovery, in preference order); when one fails without an answer
 *   (connection refused or lost, stream refused, timeout) or answers 503 /
 *   504, the next is tried (TS 29.500 6.10.x: alternative NF instance).
 * - Completion on the loop, never inside sbi_client_send(): the callback
 *   gets the caller's 64-bit cookie, which should be a packed pool handle
 *   (handle_pack) so a late answer for an object that is gone is dropped:
 *
 *     static void on_auth(void *arg, uint64_t cookie, const struct sbi_resp *r)
 *     {
 *         struct amf *amf = arg;
 *         struct amf_ue *ue = pool_get(&amf->ues, handle_unpack(cookie));
 *         if (!ue)
 *             return;               // UE gone meanwhile: answer dropped
 *         ...
 *     }
 *     sbi_client_send(cl, &rq, on_auth, amf, handle_pack(ue_handle));
 */
#ifndef NGCORE_SBI_CLIENT_H
#define NGCORE_SBI_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "lib/core/cfg.h"
#include "lib/ev/ev.h"
#include "lib/sbi/sbi_msg.h"

struct sbi_client;

struct sbi_client_cfg {
	int64_t timeout_ms; /* per request attempt, unless the request says otherwise */
	int64_t max_body; /* response body limit in bytes */
	char tls_ca[256]; /* PEM CA file to verify https peers; "" = system store */
};

/* timeout, max_body, tls_ca — for CFG_F_MAP("client", ...). */
extern const struct cfg_field sbi_client_cfg_fields[];
/* 3 s, 4 MiB, system store. */
void sbi_client_cfg_defaults(struct sbi_client_cfg *c);

#define SBI_MAX_ROOTS 8 /* alternative apiRoots per request */

struct sbi_request {
	enum sbi_method method; /* GET, PUT, ... */
	const char *uri; /* absolute URI; or NULL and roots + path */
	const char *roots
		[SBI_MAX_ROOTS]; /* apiRoots "http://10.0.0.1:7777[/prefix]", preferred first */
	unsigned nroots; /* entries in roots */
	const char *path; /* appended to the root: "/nnrf-disc/v1/nf-instances?..." */
	json_t *json; /* body to send as JSON (borrowed), or NULL */
	const void *body; /* raw body when json is NULL */
	size_t body_len; /* its length */
	const char *content_type; /* NULL: application/json when there is a body */
	const struct sbi_header *hdrs; /* extra headers (lower-case names) */
	unsigned nhdrs; /* entries in hdrs */
	const char *callback; /* 3gpp-Sbi-Callback value, or NULL */
	const char *target_apiroot; /* 3gpp-Sbi-Target-apiRoot value, or NULL */
	bool has_priority; /* send 3gpp-Sbi-Message-Priority */
	uint8_t priority; /* its value, 0..31 */
	uint32_t timeout_ms; /* 0 = the client's default */
};

struct sbi_resp {
	int err; /* 0, or -E_TIMEOUT, -E_IO (no answer), -E_PROTO, -E_NOMEM,
					-E_CANCELED (client freed / shut down) */
	int status; /* HTTP status (0 when err) */
	const char *content_type; /* NULL when absent */
	const uint8_t *body; /* response body, NULL when empty */
	size_t body_len; /* its length */
	const struct sbi_header *hdrs; /* response headers */
	unsigned nhdrs; /* entries in hdrs */
	const char *root; /* the apiRoot that answered (or was tried last) */
	unsigned attempts; /* instances tried */
	json_t *json_; /* internal: sbi_resp_json's parse, freed after the callback */
	bool json_tried_; /* internal: parse attempted */
};

/* The body parsed as JSON when its media type is a JSON one (parsed on first
 * call, so callers that ignore bodies pay nothing); NULL otherwise or when
 * it does not parse. Borrowed: valid during the callback. */
json_t *sbi_resp_json(const struct sbi_resp *r);

/* Called once per request, on the loop, after sbi_client_send returned 0.
 * Everything in rsp is valid only during the call. */
typedef void (*sbi_resp_cb)(void *arg, uint64_t cookie, const struct sbi_resp *rsp);

/* A client for loop; NULL when out of memory. name prefixes logs/metrics. */
struct sbi_client *sbi_client_new(struct ev_loop *loop, const struct sbi_client_cfg *cfg,
				  const char *name);
/* Closes every connection; pending requests are dropped without their
 * callbacks. Memory is released at the loop's next safe point. */
void sbi_client_free(struct sbi_client *c);

/* Sends rq (everything in it is copied). 0 (cb will be called exactly
 * once) or -E_INVAL (no target, bad URI) / -E_NOMEM. */
int sbi_client_send(struct sbi_client *c, const struct sbi_request *rq, sbi_resp_cb cb, void *arg,
		    uint64_t cookie);

/* Drops the callbacks of every request still pending that was sent with
 * arg (for an object freed while its requests are in flight). */
void sbi_client_forget(struct sbi_client *c, void *arg);

/* Runs the client's own I/O (not the loop) until no request is pending or
 * timeout_ms passed; for last requests at shutdown (NF deregistration).
 * Callbacks of requests that finish run. Returns the number still pending. */
unsigned sbi_client_drain(struct sbi_client *c, uint32_t timeout_ms);

/* A response header by lower-case name, or NULL. */
const char *sbi_resp_header(const struct sbi_resp *r, const char *name);

struct sbi_client_stats {
	uint64_t requests; /* sbi_client_send calls accepted */
	uint64_t completed; /* callbacks with an HTTP status */
	uint64_t failed; /* callbacks with err != 0 */
	uint64_t retries; /* attempts on another instance */
	uint64_t timeouts; /* attempts that timed out */
	uint64_t conns_opened; /* connections started */
	uint64_t goaway_rx; /* GOAWAY frames received */
	uint64_t pending; /* requests in flight now */
};
void sbi_client_get_stats(const struct sbi_client *c, struct sbi_client_stats *st);

#endif
