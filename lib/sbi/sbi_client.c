#include "lib/sbi/sbi_client.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nghttp2/nghttp2.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/core/metrics.h"
#include "lib/sbi/sbi_conn.h"
#include "lib/sbi/sbi_json.h"
#include "lib/sbi/sbi_uri.h"

#define MAX_RESP_HEADERS      32 /* response headers kept */
#define MAX_RESP_HEADER_BYTES 16384 /* response header bytes kept */

struct cstream;

struct cconn {
	struct sbi_conn c; /* transport + session (first member) */
	struct sbi_client *cl; /* owner */
	struct cconn *prev, *next; /* client's connection list */
	char root[288]; /* scheme://authority it serves */
	struct cstream *streams; /* requests in flight on it */
	bool draining; /* GOAWAY received or ids exhausted: no new streams */
	unsigned silent; /* requests timed out in a row without any answer */
};

struct cstream {
	struct sbi_client *cl; /* owner */
	struct cconn *conn; /* connection of the current attempt, NULL otherwise */
	struct cstream *prev, *next; /* conn's list, or the done list */
	int32_t id; /* stream id of the current attempt */
	enum sbi_method method; /* request method */
	char *roots[SBI_MAX_ROOTS]; /* candidate apiRoots (or the one absolute URI) */
	unsigned nroots; /* entries in roots */
	unsigned cur; /* root of the current attempt */
	bool same_root_retry; /* REFUSED_STREAM retried once on the same root */
	char *path; /* relative path and query (NULL with an absolute URI) */
	char *ctype; /* request content-type, NULL when no body */
	uint8_t *body; /* request body */
	size_t body_len, body_off; /* length / bytes handed to nghttp2 */
	char *hb; /* extra request headers "name\0value\0..." */
	size_t hb_len; /* bytes in hb */
	unsigned nh; /* header pairs in hb */
	uint32_t timeout_ms; /* per attempt */
	struct ev_timer timer; /* attempt timeout */
	sbi_resp_cb cb; /* completion */
	void *arg; /* its argument */
	uint64_t cookie; /* caller's cookie (a packed handle) */
	int err; /* outcome of the attempt: 0 or -E_* */
	bool refused; /* the peer did not process it (REFUSED_STREAM) */
	bool ended; /* END_STREAM received */
	int status; /* :status, 0 until received */
	char *rh; /* response headers "name\0value\0..." */
	size_t rh_len, rh_cap; /* used / allocated */
	uint32_t rhoff[MAX_RESP_HEADERS][2]; /* name/value offsets in rh */
	unsigned nrh; /* response headers kept */
	uint8_t *rbody; /* response body */
	size_t rlen, rcap; /* used / allocated */
	unsigned attempts; /* attempts made */
	bool forgotten; /* sbi_client_forget: no callback, no retry */
};

struct sbi_client {
	struct ev_loop *loop; /* the NF's loop */
	struct sbi_client_cfg cfg; /* configuration */
	char ctx[48]; /* "amf sbi-client" */
	char name[16]; /* NF name (metrics) */
	SSL_CTX *tls; /* client TLS context, made on first https use */
	struct cconn *conns; /* connections */
	struct cstream *done; /* finished attempts awaiting delivery (FIFO) */
	struct cstream **done_tail; /* append point of done */
	bool deliver_pending; /* a deferred delivery is queued */
	bool freed; /* sbi_client_free called */
	struct sbi_client_stats st; /* counters */
	struct metric *m_req; /* ngcore_sbi_client_requests_total */
	struct metric *m_fail; /* ngcore_sbi_client_failures_total */
};

const struct cfg_field sbi_client_cfg_fields[] = {
	CFG_F_DURATION("timeout", struct sbi_client_cfg, timeout_ms, 10, 600000),
	CFG_F_INT("max_body", struct sbi_client_cfg, max_body, 1024, 64 << 20),
	CFG_F_STR("tls_ca", struct sbi_client_cfg, tls_ca),
	CFG_FIELD_END,
};

void sbi_client_cfg_defaults(struct sbi_client_cfg *c)
{
	memset(c, 0, sizeof(*c));
	c->timeout_ms = 3000;
	c->max_body = 4 << 20;
}

static void schedule_delivery(struct sbi_client *cl);
static int attempt(struct cstream *st);

/* ---- stream bookkeeping --------------------------------------------- */

static void unlink_conn(struct cstream *st)
{
	struct cconn *cc = st->conn;
	if (!cc)
		return;
	if (st->prev)
		st->prev->next = st->next;
	else
		cc->streams = st->next;
	if (st->next)
		st->next->prev = st->prev;
	st->prev = st->next = NULL;
	if (cc->c.h2 && st->id > 0)
		nghttp2_session_set_stream_user_data(cc->c.h2, st->id, NULL);
	st->conn = NULL;
	st->id = 0;
}

/* Ends the current attempt with err (0 when a status arrived) and queues
 * the stream for delivery (or retry) at the next safe point. */
static void finish(struct cstream *st, int err)
{
	struct sbi_client *cl = st->cl;
	ev_timer_stop(cl->loop, &st->timer);
	unlink_conn(st);
	st->err = err;
	st->next = NULL;
	*cl->done_tail = st;
	cl->done_tail = &st->next;
	schedule_delivery(cl);
}

static void reset_response(struct cstream *st)
{
	st->err = 0;
	st->refused = false;
	st->ended = false;
	st->status = 0;
	st->rh_len = 0;
	st->nrh = 0;
	st->rlen = 0;
	st->body_off = 0;
}

static void stream_free(struct cstream *st)
{
	for (unsigned i = 0; i < st->nroots; i++)
		free(st->roots[i]);
	free(st->path);
	free(st->ctype);
	free(st->body);
	free(st->hb);
	free(st->rh);
	free(st->rbody);
	free(st);
}

static int rh_add(struct cstream *st, const uint8_t *name, size_t nl, const uint8_t *val, size_t vl)
{
	if (st->nrh == MAX_RESP_HEADERS || st->rh_len + nl + vl + 2 > MAX_RESP_HEADER_BYTES)
		return 0; /* dropped: not needed by anyone */
	if (st->rh_len + nl + vl + 2 > st->rh_cap) {
		size_t cap = st->rh_cap ? st->rh_cap : 256;
		while (cap < st->rh_len + nl + vl + 2)
			cap *= 2;
		char *b = realloc(st->rh, cap);
		if (!b)
			return -E_NOMEM;
		st->rh = b;
		st->rh_cap = cap;
	}
	st->rhoff[st->nrh][0] = (uint32_t)st->rh_len;
	memcpy(st->rh + st->rh_len, name, nl);
	st->rh[st->rh_len + nl] = 0;
	st->rh_len += nl + 1;
	st->rhoff[st->nrh][1] = (uint32_t)st->rh_len;
	memcpy(st->rh + st->rh_len, val, vl);
	st->rh[st->rh_len + vl] = 0;
	st->rh_len += vl + 1;
	st->nrh++;
	return 0;
}

/* ---- delivery ------------------------------------------------------- */

static bool should_retry(struct cstream *st)
{
	if (st->forgotten)
		return false;
	if (st->err == -E_CANCELED || st->err == -E_NOMEM || st->err == -E_INVAL)
		return false;
	bool failed = st->err != 0 || st->status == 503 || st->status == 504;
	if (!failed)
		return false;
	if (st->cur + 1 < st->nroots) {
		st->cur++;
		return true;
	}
	/* Not processed by the only (or last) instance: once more on it. */
	if (st->refused && !st->same_root_retry) {
		st->same_root_retry = true;
		return true;
	}
	return false;
}

static void deliver(struct sbi_client *cl, struct cstream *st)
{
	struct sbi_header hdrs[MAX_RESP_HEADERS];
	struct sbi_resp r = {
		.err = st->err,
		.status = st->err ? 0 : st->status,
		.root = st->roots[st->cur < st->nroots ? st->cur : 0],
		.attempts = st->attempts,
	};
	if (!st->err) {
		for (unsigned i = 0; i < st->nrh; i++)
			hdrs[i] = (struct sbi_header){ st->rh + st->rhoff[i][0],
						       st->rh + st->rhoff[i][1] };
		r.hdrs = hdrs;
		r.nhdrs = st->nrh;
		r.content_type = sbi_resp_header(&r, "content-type");
		r.body = st->rlen ? st->rbody : NULL;
		r.body_len = st->rlen;
		cl->st.completed++;
	} else {
		cl->st.failed++;
		metric_inc(cl->m_fail);
	}
	cl->st.pending--;
	if (!st->forgotten)
		st->cb(st->arg, st->cookie, &r);
	if (r.json_)
		json_decref(r.json_);
	stream_free(st);
}

static void deliver_all(struct sbi_client *cl)
{
	while (cl->done) {
		struct cstream *st = cl->done;
		cl->done = st->next;
		if (!cl->done)
			cl->done_tail = &cl->done;
		st->next = NULL;
		if (cl->freed) {
			stream_free(st);
			continue;
		}
		if (should_retry(st)) {
			cl->st.retries++;
			LOG(LOG_DEBUG, cl->ctx, "retrying %s on %s", sbi_method_name(st->method),
			    st->roots[st->cur]);
			reset_response(st);
			attempt(st); /* a synchronous failure queues it again */
			continue;
		}
		deliver(cl, st);
	}
}

static void deliver_cb(struct ev_loop *loop, void *arg)
{
	struct sbi_client *cl = arg;
	cl->deliver_pending = false;
	deliver_all(cl);
}

static void schedule_delivery(struct sbi_client *cl)
{
	if (cl->deliver_pending)
		return;
	if (ev_defer(cl->loop, deliver_cb, cl) == 0)
		cl->deliver_pending = true;
	else
		LOG(LOG_ERROR, cl->ctx, "cannot defer a delivery (out of memory)");
}

static void timeout_cb(struct ev_loop *loop, struct ev_timer *t)
{
	struct cstream *st = t->data;
	struct cconn *cc = st->conn;
	st->cl->st.timeouts++;
	LOG_RL(LOG_INFO, st->cl->ctx, "%s %s%s timed out after %u ms", sbi_method_name(st->method),
	       st->roots[st->cur], st->path ? st->path : "", st->timeout_ms);
	if (cc && cc->c.h2 && st->id > 0) {
		nghttp2_submit_rst_stream(cc->c.h2, NGHTTP2_FLAG_NONE, st->id, NGHTTP2_CANCEL);
		sbi_conn_kick(&cc->c);
	}
	finish(st, -E_TIMEOUT);
	/* A connection that never came up, or that stopped answering anything
	 * (peer gone without a FIN or RST), is dropped so the next request
	 * connects afresh instead of queueing behind it. */
	if (cc && (cc->c.state != SBI_CONN_OPEN || ++cc->silent >= 2)) {
		LOG_RL(LOG_INFO, cc->cl->ctx, "connection to %s dropped: no answer", cc->root);
		sbi_conn_close(&cc->c, -E_TIMEOUT);
	}
}

/* ---- nghttp2 callbacks ---------------------------------------------- */

static int on_header(nghttp2_session *h2, const nghttp2_frame *f, const uint8_t *name, size_t nl,
		     const uint8_t *value, size_t vl, uint8_t flags, void *ud)
{
	if (f->hd.type != NGHTTP2_HEADERS)
		return 0;
	struct cstream *st = nghttp2_session_get_stream_user_data(h2, f->hd.stream_id);
	if (!st)
		return 0;
	if (nl == 7 && memcmp(name, ":status", 7) == 0) {
		int v = 0;
		for (size_t i = 0; i < vl && i < 3; i++)
			v = v * 10 + (value[i] - '0');
		/* 1xx interim answers are not the response. */
		if (v >= 200)
			st->status = v;
		return 0;
	}
	if (f->headers.cat != NGHTTP2_HCAT_RESPONSE)
		return 0;
	if (rh_add(st, name, nl, value, vl) < 0)
		return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
	return 0;
}

static int on_data_chunk(nghttp2_session *h2, uint8_t flags, int32_t id, const uint8_t *data,
			 size_t len, void *ud)
{
	struct cconn *cc = ud;
	struct cstream *st = nghttp2_session_get_stream_user_data(h2, id);
	if (!st)
		return 0;
	if (st->rlen + len > (size_t)cc->cl->cfg.max_body) {
		LOG_RL(LOG_NOTICE, cc->cl->ctx, "response from %s larger than %lld bytes", cc->root,
		       (long long)cc->cl->cfg.max_body);
		nghttp2_submit_rst_stream(h2, NGHTTP2_FLAG_NONE, id, NGHTTP2_CANCEL);
		finish(st, -E_RANGE);
		return 0;
	}
	if (st->rlen + len > st->rcap) {
		size_t cap = st->rcap ? st->rcap : 1024;
		while (cap < st->rlen + len)
			cap *= 2;
		uint8_t *b = realloc(st->rbody, cap);
		if (!b) {
			nghttp2_submit_rst_stream(h2, NGHTTP2_FLAG_NONE, id, NGHTTP2_CANCEL);
			finish(st, -E_NOMEM);
			return 0;
		}
		st->rbody = b;
		st->rcap = cap;
	}
	memcpy(st->rbody + st->rlen, data, len);
	st->rlen += len;
	return 0;
}

static int on_frame_recv(nghttp2_session *h2, const nghttp2_frame *f, void *ud)
{
	struct cconn *cc = ud;
	cc->silent = 0; /* the peer is alive */
	if (f->hd.type == NGHTTP2_GOAWAY) {
		cc->draining = true;
		cc->cl->st.goaway_rx++;
		LOG(LOG_INFO, cc->cl->ctx, "GOAWAY from %s (%s, last stream %d)", cc->root,
		    nghttp2_http2_strerror(f->goaway.error_code), f->goaway.last_stream_id);
		return 0;
	}
	if ((f->hd.type == NGHTTP2_HEADERS || f->hd.type == NGHTTP2_DATA) &&
	    (f->hd.flags & NGHTTP2_FLAG_END_STREAM)) {
		struct cstream *st = nghttp2_session_get_stream_user_data(h2, f->hd.stream_id);
		if (st)
			st->ended = true;
	}
	return 0;
}

static int on_stream_close(nghttp2_session *h2, int32_t id, uint32_t error_code, void *ud)
{
	struct cstream *st = nghttp2_session_get_stream_user_data(h2, id);
	if (!st)
		return 0; /* timed out or failed earlier */
	if (st->ended && st->status) {
		finish(st, 0);
		return 0;
	}
	st->refused = error_code == NGHTTP2_REFUSED_STREAM;
	finish(st, st->refused ? -E_AGAIN : -E_IO);
	return 0;
}

static ssize_t req_read(nghttp2_session *h2, int32_t id, uint8_t *buf, size_t len, uint32_t *flags,
			nghttp2_data_source *src, void *ud)
{
	/* Looked up by id, never through a pointer: a request that timed out
	 * while queued in nghttp2 is freed already. */
	struct cstream *st = nghttp2_session_get_stream_user_data(h2, id);
	if (!st)
		return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
	size_t n = st->body_len - st->body_off;
	if (n > len)
		n = len;
	memcpy(buf, st->body + st->body_off, n);
	st->body_off += n;
	if (st->body_off == st->body_len)
		*flags |= NGHTTP2_DATA_FLAG_EOF;
	return (ssize_t)n;
}

/* ---- connections ---------------------------------------------------- */

static void cconn_free_cb(struct ev_loop *loop, void *arg)
{
	free(arg);
}

static void cconn_on_close(struct sbi_conn *c, int err)
{
	struct cconn *cc = (struct cconn *)c;
	struct sbi_client *cl = cc->cl;
	while (cc->streams) {
		struct cstream *st = cc->streams;
		/* Never written, or lost with the connection: no answer. */
		finish(st, -E_IO);
	}
	if (cc->prev)
		cc->prev->next = cc->next;
	else
		cl->conns = cc->next;
	if (cc->next)
		cc->next->prev = cc->prev;
	LOG(LOG_DEBUG, cl->ctx, "connection to %s closed (%s)", cc->root,
	    err ? err_str(err) : "orderly");
	if (ev_defer(c->loop, cconn_free_cb, cc) < 0)
		LOG(LOG_ERROR, cl->ctx, "cannot defer a free: connection leaked");
}

static const struct sbi_conn_ops cconn_ops = { .on_close = cconn_on_close };

static nghttp2_session_callbacks *client_callbacks(void)
{
	nghttp2_session_callbacks *cbs;
	if (nghttp2_session_callbacks_new(&cbs) != 0)
		return NULL;
	nghttp2_session_callbacks_set_on_header_callback(cbs, on_header);
	nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cbs, on_data_chunk);
	nghttp2_session_callbacks_set_on_frame_recv_callback(cbs, on_frame_recv);
	nghttp2_session_callbacks_set_on_stream_close_callback(cbs, on_stream_close);
	return cbs;
}

static int resolve(const struct sbi_uri *u, struct sockaddr_storage *ss, socklen_t *len)
{
	memset(ss, 0, sizeof(*ss));
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
	if (inet_pton(AF_INET, u->host, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons(u->port);
		*len = sizeof(*a4);
		return 0;
	}
	if (inet_pton(AF_INET6, u->host, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons(u->port);
		*len = sizeof(*a6);
		return 0;
	}
	/* A name: resolved here, blocking (operators normally configure
	 * addresses; NRF profiles carry ipEndPoints). */
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res = NULL;
	if (getaddrinfo(u->host, NULL, &hints, &res) != 0 || !res)
		return -E_NOTFOUND;
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	if (ss->ss_family == AF_INET)
		a4->sin_port = htons(u->port);
	else
		a6->sin6_port = htons(u->port);
	return 0;
}

static struct cconn *conn_get(struct sbi_client *cl, const struct sbi_uri *u)
{
	for (struct cconn *cc = cl->conns; cc; cc = cc->next)
		if (!cc->draining && cc->c.state != SBI_CONN_DEAD &&
		    strcmp(cc->root, u->root) == 0 && cc->c.h2 &&
		    nghttp2_session_check_request_allowed(cc->c.h2))
			return cc;
	struct sockaddr_storage ss;
	socklen_t sl;
	if (resolve(u, &ss, &sl) < 0) {
		LOG_RL(LOG_NOTICE, cl->ctx, "cannot resolve \"%s\"", u->host);
		return NULL;
	}
	if (u->tls && !cl->tls) {
		cl->tls = sbi_tls_client_ctx(cl->cfg.tls_ca);
		if (!cl->tls)
			return NULL;
	}
	struct cconn *cc = calloc(1, sizeof(*cc));
	if (!cc)
		return NULL;
	cc->cl = cl;
	snprintf(cc->root, sizeof(cc->root), "%s", u->root);
	nghttp2_session_callbacks *cbs = client_callbacks();
	if (!cbs || nghttp2_session_client_new(&cc->c.h2, cbs, cc) != 0) {
		if (cbs)
			nghttp2_session_callbacks_del(cbs);
		free(cc);
		return NULL;
	}
	nghttp2_session_callbacks_del(cbs);
	nghttp2_settings_entry iv[] = {
		{ NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 1000 },
		{ NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 1u << 20 },
		{ NGHTTP2_SETTINGS_ENABLE_PUSH, 0 },
	};
	nghttp2_submit_settings(cc->c.h2, NGHTTP2_FLAG_NONE, iv, 3);
	nghttp2_session_set_local_window_size(cc->c.h2, NGHTTP2_FLAG_NONE, 0, 1 << 24);
	if (sbi_conn_connect(&cc->c, cl->loop, (struct sockaddr *)&ss, sl, u->tls ? cl->tls : NULL,
			     u->host, &cconn_ops) < 0) {
		nghttp2_session_del(cc->c.h2);
		free(cc);
		return NULL;
	}
	cc->next = cl->conns;
	if (cl->conns)
		cl->conns->prev = cc;
	cl->conns = cc;
	cl->st.conns_opened++;
	LOG(LOG_DEBUG, cl->ctx, "connecting to %s", cc->root);
	return cc;
}

#define NV(n, v)                                                                                   \
	(nghttp2_nv)                                                                               \
	{                                                                                          \
		(uint8_t *)(n), (uint8_t *)(v), strlen(n), strlen(v), NGHTTP2_NV_FLAG_NONE         \
	}

/* Starts the attempt on roots[cur]; on failure queues st with the error. */
static int attempt(struct cstream *st)
{
	struct sbi_client *cl = st->cl;
	struct sbi_uri u;
	char pathbuf[4096];
	st->attempts++;
	if (sbi_uri_parse(&u, st->roots[st->cur]) < 0) {
		finish(st, -E_INVAL);
		return -E_INVAL;
	}
	/* :path = the root's own prefix + the request's path. */
	int pl = snprintf(pathbuf, sizeof(pathbuf), "%s%s", u.path, st->path ? st->path : "");
	if (pl < 0 || (size_t)pl >= sizeof(pathbuf)) {
		finish(st, -E_INVAL);
		return -E_INVAL;
	}
	if (pathbuf[0] == 0)
		snprintf(pathbuf, sizeof(pathbuf), "/");
	struct cconn *cc = conn_get(cl, &u);
	if (!cc) {
		finish(st, -E_IO);
		return -E_IO;
	}
	nghttp2_nv nv[8 + 16];
	size_t n = 0;
	char lbuf[24];
	nv[n++] = NV(":method", sbi_method_name(st->method));
	nv[n++] = NV(":scheme", u.tls ? "https" : "http");
	nv[n++] = NV(":authority", u.authority);
	nv[n++] = NV(":path", pathbuf);
	if (st->body_len) {
		nv[n++] = NV("content-type", st->ctype);
		snprintf(lbuf, sizeof(lbuf), "%zu", st->body_len);
		nv[n++] = NV("content-length", lbuf);
	}
	const char *h = st->hb;
	for (unsigned i = 0; i < st->nh && n < sizeof(nv) / sizeof(nv[0]); i++) {
		const char *v = h + strlen(h) + 1;
		nv[n++] = NV(h, v);
		h = v + strlen(v) + 1;
	}
	nghttp2_data_provider prd = { .read_callback = req_read };
	int32_t id = nghttp2_submit_request(cc->c.h2, NULL, nv, n, st->body_len ? &prd : NULL, st);
	if (id < 0) {
		if (id == NGHTTP2_ERR_STREAM_ID_NOT_AVAILABLE) {
			cc->draining = true;
			st->refused = true;
			finish(st, -E_AGAIN);
			return -E_AGAIN;
		}
		LOG_RL(LOG_NOTICE, cl->ctx, "cannot submit a request: %s", nghttp2_strerror(id));
		finish(st, -E_PROTO);
		return -E_PROTO;
	}
	st->id = id;
	st->conn = cc;
	st->prev = NULL;
	st->next = cc->streams;
	if (cc->streams)
		cc->streams->prev = st;
	cc->streams = st;
	ev_timer_start(cl->loop, &st->timer, st->timeout_ms, timeout_cb, st);
	sbi_conn_kick(&cc->c);
	return 0;
}

/* ---- API ------------------------------------------------------------ */

struct sbi_client *sbi_client_new(struct ev_loop *loop, const struct sbi_client_cfg *cfg,
				  const char *name)
{
	struct sbi_client *cl = calloc(1, sizeof(*cl));
	if (!cl)
		return NULL;
	cl->loop = loop;
	if (cfg)
		cl->cfg = *cfg;
	else
		sbi_client_cfg_defaults(&cl->cfg);
	if (cl->cfg.timeout_ms <= 0)
		cl->cfg.timeout_ms = 3000;
	if (cl->cfg.max_body <= 0)
		cl->cfg.max_body = 4 << 20;
	cl->done_tail = &cl->done;
	snprintf(cl->name, sizeof(cl->name), "%s", name ? name : "sbi");
	snprintf(cl->ctx, sizeof(cl->ctx), "%s sbi-client", cl->name);
	cl->m_req = metric_counter("ngcore_sbi_client_requests_total", "SBI requests sent",
				   "nf=\"%s\"", cl->name);
	cl->m_fail = metric_counter("ngcore_sbi_client_failures_total",
				    "SBI requests that got no answer (timeout, connection)",
				    "nf=\"%s\"", cl->name);
	return cl;
}

static char *dup_str(const char *s)
{
	return s ? strdup(s) : NULL;
}

int sbi_client_send(struct sbi_client *c, const struct sbi_request *rq, sbi_resp_cb cb, void *arg,
		    uint64_t cookie)
{
	if (!rq || !cb || c->freed || (unsigned)rq->method >= SBI_METHOD__N)
		return -E_INVAL;
	if (!rq->uri && (rq->nroots == 0 || rq->nroots > SBI_MAX_ROOTS))
		return -E_INVAL;
	struct cstream *st = calloc(1, sizeof(*st));
	if (!st)
		return -E_NOMEM;
	st->cl = c;
	st->method = rq->method;
	st->cb = cb;
	st->arg = arg;
	st->cookie = cookie;
	st->timeout_ms = rq->timeout_ms ? rq->timeout_ms : (uint32_t)c->cfg.timeout_ms;
	if (rq->uri) {
		st->nroots = 1;
		if (!(st->roots[0] = strdup(rq->uri)))
			goto nomem;
	} else {
		for (unsigned i = 0; i < rq->nroots; i++) {
			if (!rq->roots[i]) {
				stream_free(st);
				return -E_INVAL;
			}
			if (!(st->roots[i] = strdup(rq->roots[i])))
				goto nomem;
			st->nroots++;
		}
		if (rq->path && !(st->path = strdup(rq->path)))
			goto nomem;
	}
	struct sbi_uri u;
	for (unsigned i = 0; i < st->nroots; i++) {
		if (sbi_uri_parse(&u, st->roots[i]) < 0) {
			stream_free(st);
			return -E_INVAL;
		}
	}
	if (rq->json) {
		st->body = (uint8_t *)sbi_json_dump(rq->json, &st->body_len);
		if (!st->body)
			goto nomem;
	} else if (rq->body_len) {
		if (!(st->body = malloc(rq->body_len)))
			goto nomem;
		memcpy(st->body, rq->body, rq->body_len);
		st->body_len = rq->body_len;
	}
	if (st->body_len &&
	    !(st->ctype = dup_str(rq->content_type ? rq->content_type : SBI_CT_JSON)))
		goto nomem;
	/* Extra headers, 3gpp-Sbi ones first (TS 29.500 5.2.3.2). */
	struct sbi_header hv[16 + 3];
	unsigned nh = 0;
	char prio[8];
	if (rq->callback)
		hv[nh++] = (struct sbi_header){ SBI_HDR_CALLBACK, rq->callback };
	if (rq->target_apiroot)
		hv[nh++] = (struct sbi_header){ SBI_HDR_TARGET_APIROOT, rq->target_apiroot };
	if (rq->has_priority) {
		snprintf(prio, sizeof(prio), "%u", rq->priority > 31 ? 31u : rq->priority);
		hv[nh++] = (struct sbi_header){ SBI_HDR_MESSAGE_PRIORITY, prio };
	}
	for (unsigned i = 0; i < rq->nhdrs && i < 16; i++)
		hv[nh++] = rq->hdrs[i];
	size_t hl = 0;
	for (unsigned i = 0; i < nh; i++)
		hl += strlen(hv[i].name) + strlen(hv[i].value) + 2;
	if (hl) {
		if (!(st->hb = malloc(hl)))
			goto nomem;
		for (unsigned i = 0; i < nh; i++) {
			size_t a = strlen(hv[i].name) + 1, b = strlen(hv[i].value) + 1;
			memcpy(st->hb + st->hb_len, hv[i].name, a);
			memcpy(st->hb + st->hb_len + a, hv[i].value, b);
			st->hb_len += a + b;
		}
		st->nh = nh;
	}
	c->st.requests++;
	c->st.pending++;
	metric_inc(c->m_req);
	attempt(st);
	return 0;
nomem:
	stream_free(st);
	return -E_NOMEM;
}

json_t *sbi_resp_json(const struct sbi_resp *r)
{
	/* The struct lives on deliver()'s stack: caching the parse is safe. */
	struct sbi_resp *m = (struct sbi_resp *)r;
	if (!m->json_tried_) {
		m->json_tried_ = true;
		if (m->body_len && sbi_ct_is_json(m->content_type))
			m->json_ = sbi_json_parse(m->body, m->body_len, NULL);
	}
	return m->json_;
}

const char *sbi_resp_header(const struct sbi_resp *r, const char *name)
{
	for (unsigned i = 0; i < r->nhdrs; i++)
		if (strcmp(r->hdrs[i].name, name) == 0)
			return r->hdrs[i].value;
	return NULL;
}

unsigned sbi_client_drain(struct sbi_client *c, uint32_t timeout_ms)
{
	uint64_t end = ev_clock_ns() + (uint64_t)timeout_ms * 1000000u;
	for (;;) {
		deliver_all(c);
		if (c->st.pending == 0 || ev_clock_ns() >= end)
			break;
		bool any = false;
		for (struct cconn *cc = c->conns, *nx; cc; cc = nx) {
			nx = cc->next;
			if (!cc->streams)
				continue;
			any = true;
			sbi_conn_flush(&cc->c);
			if (cc->c.state != SBI_CONN_DEAD)
				sbi_conn_poll_once(&cc->c, 10);
		}
		if (!any && !c->done)
			break; /* pending requests wait on nothing we can drive */
	}
	return (unsigned)c->st.pending;
}

void sbi_client_forget(struct sbi_client *c, void *arg)
{
	for (struct cconn *cc = c->conns; cc; cc = cc->next)
		for (struct cstream *st = cc->streams; st; st = st->next)
			if (st->arg == arg)
				st->forgotten = true;
	for (struct cstream *st = c->done; st; st = st->next)
		if (st->arg == arg)
			st->forgotten = true;
}

static void client_free_cb(struct ev_loop *loop, void *arg)
{
	struct sbi_client *cl = arg;
	while (cl->done) {
		struct cstream *st = cl->done;
		cl->done = st->next;
		stream_free(st);
	}
	if (cl->tls)
		SSL_CTX_free(cl->tls);
	free(cl);
}

void sbi_client_free(struct sbi_client *c)
{
	if (!c)
		return;
	c->freed = true;
	while (c->conns)
		sbi_conn_close(&c->conns->c, -E_CANCELED);
	if (ev_defer(c->loop, client_free_cb, c) < 0)
		client_free_cb(c->loop, c);
}

void sbi_client_get_stats(const struct sbi_client *c, struct sbi_client_stats *st)
{
	*st = c->st;
}
