/* sbi_server.h — the HTTP/2 server every NF's SBI runs on (TS 29.500 5).
 *
 * One server per NF, on the NF's lib/ev loop: h2c with prior knowledge, or
 * TLS 1.3 (ALPN h2) when a certificate and key are configured; one nghttp2
 * session per connection; many concurrent streams per connection.
 *
 * Requests are routed by method and path template:
 *
 *   sbi_server_route(srv, SBI_PUT, "/nnrf-nfm/v1/nf-instances/{nfInstanceID}",
 *                    nrf_handle_register, nrf, 0);
 *
 * The server itself answers, with application/problem+json and the
 * TS 29.500 5.2.7.2 cause, what no handler should see:
 *   - unknown API name/version                 400 INVALID_API
 *   - known API, unknown resource path         404 RESOURCE_URI_STRUCTURE_NOT_FOUND
 *   - known path, method not routed            405 (Allow: lists the methods)
 *   - body larger than max_body                413
 *   - body with a non-JSON media type          415
 *   - JSON that does not parse                 400 INVALID_MSG_FORMAT
 *   - PUT/POST/PATCH without a body            400 INVALID_MSG_FORMAT
 *   - no request slot free                     503 NF_CONGESTION
 *
 * Answering: a handler answers inside its call (sbi_respond*), or keeps
 * sbi_req_handle(req) and answers later — e.g. after its own client call
 * completes — through sbi_server_find(), which returns NULL once the stream
 * or its connection is gone (the answer is then simply not sent).
 * Every request is answered at most once.
 */
#ifndef NGCORE_SBI_SERVER_H
#define NGCORE_SBI_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "lib/core/cfg.h"
#include "lib/core/ids.h"
#include "lib/core/pool.h"
#include "lib/ev/ev.h"
#include "lib/sbi/sbi_json.h"
#include "lib/sbi/sbi_msg.h"

struct sbi_server;

/* Configuration section of an NF's SBI server (YAML keys in sbi_server_cfg_fields). */
struct sbi_server_cfg {
	struct ip_addr addr; /* listen address */
	uint16_t port; /* listen port (0 = any, for tests) */
	char tls_cert[256]; /* PEM certificate chain; "" = h2c (no TLS) */
	char tls_key[256]; /* PEM private key for tls_cert */
	int64_t max_body; /* request body limit in bytes (413 above) */
	int64_t max_streams; /* SETTINGS_MAX_CONCURRENT_STREAMS per connection */
	int64_t max_conns; /* connections served at once */
	int64_t max_requests; /* requests in progress over all connections */
};

/* addr, port, tls_cert, tls_key, max_body, max_streams, max_connections,
 * max_requests — for CFG_F_MAP("sbi", struct X, sbi, sbi_server_cfg_fields). */
extern const struct cfg_field sbi_server_cfg_fields[];
/* 127.0.0.1:port, h2c, 1 MiB bodies, 1000 streams, 1024 conns, 4096 requests. */
void sbi_server_cfg_defaults(struct sbi_server_cfg *c, uint16_t port);
/* Cross-field check (cert and key together): NULL or what is wrong. */
const char *sbi_server_cfg_check(const struct sbi_server_cfg *c, const char **key);

#define SBI_MAX_PARAMS	8 /* template variables per route */
#define SBI_MAX_HEADERS 32 /* request headers kept per request */

/* A request as a handler sees it. Pointers stay valid while the request
 * exists; body and json only during the handler call. */
struct sbi_req {
	struct sbi_server *server; /* the server it came to */
	enum sbi_method method; /* parsed :method */
	const char *path; /* :path before '?', as received */
	const char *query; /* after '?' ("" when none), still encoded */
	const char *authority; /* :authority ("" when absent) */
	const char *params[SBI_MAX_PARAMS]; /* template variables, percent-decoded */
	unsigned nparams; /* entries in params */
	const char *content_type; /* NULL when absent */
	const uint8_t *body; /* request body (NULL when empty) */
	size_t body_len; /* its length */
	json_t *json; /* body parsed (JSON media types), borrowed */
	int priority; /* 3gpp-Sbi-Message-Priority 0..31, -1 absent (TS 29.500 5.2.3.2.2) */
	const char *target_apiroot; /* 3gpp-Sbi-Target-apiRoot or NULL (TS 29.500 5.2.3.2.4) */
	const char *callback; /* 3gpp-Sbi-Callback or NULL (TS 29.500 5.2.3.2.5) */
	const struct sbi_header *hdrs; /* every header received (lower-case names) */
	unsigned nhdrs; /* entries in hdrs */
	const char *ctx; /* log prefix: "nrf sbi[10.0.0.2:40000 #13]" */
};

typedef void (*sbi_handler_cb)(struct sbi_req *req, void *arg);

#define SBI_ROUTE_RAW		0x1 /* any media type; body not parsed (multipart, binary) */
#define SBI_ROUTE_BODY_OPTIONAL 0x2 /* PUT/POST/PATCH may come without a body */

/* A server for loop; NULL when out of memory or TLS files do not load
 * (logged). name prefixes logs and metrics ("nrf"). */
struct sbi_server *sbi_server_new(struct ev_loop *loop, const struct sbi_server_cfg *cfg,
				  const char *name);
/* Adds a route. tmpl segments in braces are variables matching one segment;
 * they land in req->params in order. 0, -E_INVAL or -E_NOMEM. */
int sbi_server_route(struct sbi_server *s, enum sbi_method m, const char *tmpl, sbi_handler_cb cb,
		     void *arg, unsigned flags);
/* Binds and listens. 0 or -E_IO (logged: address in use, ...). */
int sbi_server_start(struct sbi_server *s);
/* The port listened on (after start; useful with port 0). */
uint16_t sbi_server_port(const struct sbi_server *s);
/* Graceful end: stops accepting, sends GOAWAY (NO_ERROR) on every
 * connection; streams in progress still get their answers. */
void sbi_server_shutdown(struct sbi_server *s);
/* Shuts down if not yet done, writes what it can without blocking, closes
 * every connection. Memory is released at the loop's next safe point. */
void sbi_server_free(struct sbi_server *s);

/* Handle of req for answering later. */
struct handle sbi_req_handle(const struct sbi_req *req);
/* The request h names, or NULL if its stream or connection is gone. */
struct sbi_req *sbi_server_find(struct sbi_server *s, struct handle h);
/* A request header (name in lower case), or NULL. */
const char *sbi_req_header(const struct sbi_req *req, const char *name);

/* Adds a response header (before answering); 0, -E_NOSPC or -E_STATE. */
int sbi_respond_header(struct sbi_req *req, const char *name, const char *value);
/* Answers with status and an optional body (copied; ct may be NULL when
 * len is 0). 0, -E_STATE (already answered) or -E_NOMEM. */
int sbi_respond(struct sbi_req *req, int status, const char *ct, const void *body, size_t len);
/* Same, taking body (malloc'd; freed by the server, also on error). */
int sbi_respond_take(struct sbi_req *req, int status, const char *ct, void *body, size_t len);
/* Answers with a JSON body (reference stolen; NULL = no body) as ct
 * (NULL = application/json). */
int sbi_respond_json(struct sbi_req *req, int status, json_t *body, const char *ct);
/* Answers application/problem+json with cause (status 0 = the cause's
 * own), an invalidParams entry when param is set, and detail. */
int sbi_respond_problem(struct sbi_req *req, int status, enum sbi_cause cause, const char *param,
			const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Answers 400 from a decoder's error (cause, invalidParams, detail). */
int sbi_respond_jerr(struct sbi_req *req, const struct sbi_jerr *e);

struct sbi_server_stats {
	uint64_t conns_accepted; /* connections accepted */
	uint64_t conns_open; /* connections now open */
	uint64_t requests; /* requests received */
	uint64_t answered; /* answers submitted */
	uint64_t problems; /* answers with status >= 400 */
	uint64_t dropped_answers; /* late answers for gone streams (via find) */
	uint64_t refused; /* refused for lack of request slots or connections */
};
void sbi_server_get_stats(const struct sbi_server *s, struct sbi_server_stats *st);

#endif
