#include "lib/sbi/sbi_server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nghttp2/nghttp2.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/core/metrics.h"
#include "lib/sbi/models/common.h"
#include "lib/sbi/sbi_conn.h"
#include "lib/sbi/sbi_uri.h"

#define MAX_SEGS	 16 /* path segments per route template */
#define MAX_HEADER_BYTES 16384 /* request header block we keep (431 above) */
#define MAX_RESP_HEADERS 8 /* extra response headers per answer */

struct route {
	enum sbi_method method; /* method served */
	char *tmpl; /* template text (segments point into it) */
	const char *segs[MAX_SEGS]; /* literal segment, or variable name */
	bool var[MAX_SEGS]; /* segment is a {variable} */
	unsigned nsegs; /* segments */
	sbi_handler_cb cb; /* handler */
	void *arg; /* its argument */
	unsigned flags; /* SBI_ROUTE_* */
	struct route *next; /* list, in registration order */
};

struct sstream;

struct sconn {
	struct sbi_conn c; /* transport + session (first member) */
	struct sbi_server *srv; /* owner */
	struct sconn *prev, *next; /* server's connection list */
	struct sstream *streams; /* requests in progress on this connection */
	bool goaway; /* GOAWAY submitted */
};

struct sstream {
	struct sbi_req req; /* what handlers see (first member) */
	struct sconn *conn; /* its connection */
	struct sstream *prev, *next; /* conn's stream list */
	int32_t id; /* HTTP/2 stream id */
	const struct route *route; /* matched route, NULL before headers end */
	bool headers_done; /* request header block complete */
	bool answered; /* response submitted */
	bool hdr_overflow; /* header block exceeded MAX_HEADER_BYTES */
	int64_t content_length; /* content-length header, -1 absent */
	char *hb; /* header storage: names, values, path copy, params */
	size_t hb_len, hb_cap; /* used / allocated */
	uint32_t hoff[SBI_MAX_HEADERS][2]; /* name/value offsets into hb */
	unsigned nh; /* headers stored */
	struct sbi_header hdrs[SBI_MAX_HEADERS]; /* resolved after the header block */
	uint8_t *body; /* request body */
	size_t body_len, body_cap; /* used / allocated */
	uint8_t *rbody; /* response body */
	size_t rlen, roff; /* its length / bytes handed to nghttp2 */
	char rh[1024]; /* extra response headers: name\0value\0... */
	size_t rh_len; /* bytes used in rh */
	uint16_t rhoff[MAX_RESP_HEADERS][2]; /* name/value offsets in rh */
	unsigned nrh; /* extra response headers */
	char ctx[112]; /* log prefix */
};

struct sbi_server {
	struct ev_loop *loop; /* the NF's loop */
	struct sbi_server_cfg cfg; /* copy of the configuration */
	char name[16]; /* NF name for logs and metrics */
	char ctx[48]; /* "nrf sbi" */
	SSL_CTX *tls; /* TLS context, NULL for h2c */
	int lfd; /* listening socket, -1 when not listening */
	struct ev_io lio; /* its watcher */
	struct ev_timer lpause; /* accept paused (out of descriptors) */
	uint16_t port; /* bound port */
	struct route *routes; /* route list */
	struct route **routes_tail; /* append point */
	struct sconn *conns; /* open connections */
	struct pool streams; /* struct sstream slots */
	bool shut; /* shutdown done */
	struct sbi_server_stats st; /* counters */
	struct metric *m_req; /* ngcore_sbi_server_requests_total */
	struct metric *m_err; /* ngcore_sbi_server_errors_total */
};

const struct cfg_field sbi_server_cfg_fields[] = {
	CFG_F_IP("addr", struct sbi_server_cfg, addr),
	CFG_F_PORT("port", struct sbi_server_cfg, port),
	CFG_F_STR("tls_cert", struct sbi_server_cfg, tls_cert),
	CFG_F_STR("tls_key", struct sbi_server_cfg, tls_key),
	CFG_F_INT("max_body", struct sbi_server_cfg, max_body, 1024, 64 << 20),
	CFG_F_INT("max_streams", struct sbi_server_cfg, max_streams, 1, 100000),
	CFG_F_INT("max_connections", struct sbi_server_cfg, max_conns, 1, 100000),
	CFG_F_INT("max_requests", struct sbi_server_cfg, max_requests, 16, 1 << 22),
	CFG_FIELD_END,
};

void sbi_server_cfg_defaults(struct sbi_server_cfg *c, uint16_t port)
{
	memset(c, 0, sizeof(*c));
	ip_parse(&c->addr, "127.0.0.1");
	c->port = port;
	c->max_body = 1 << 20;
	c->max_streams = 1000;
	c->max_conns = 1024;
	c->max_requests = 4096;
}

const char *sbi_server_cfg_check(const struct sbi_server_cfg *c, const char **key)
{
	if (!c->tls_cert[0] != !c->tls_key[0]) {
		*key = c->tls_cert[0] ? "tls_key" : "tls_cert";
		return "tls_cert and tls_key go together";
	}
	return NULL;
}

/* ---- header storage ------------------------------------------------- */

static int hb_append(struct sstream *st, const void *p, size_t n, uint32_t *off)
{
	if (st->hb_len + n + 1 > MAX_HEADER_BYTES + 4096) /* +room for path copy and params */
		return -E_NOSPC;
	if (st->hb_len + n + 1 > st->hb_cap) {
		size_t cap = st->hb_cap ? st->hb_cap : 512;
		while (cap < st->hb_len + n + 1)
			cap *= 2;
		/* p may point into hb itself (copies of the path): rebase it. */
		bool inside = st->hb && (const char *)p >= st->hb &&
			      (const char *)p < st->hb + st->hb_len;
		size_t poff = inside ? (size_t)((const char *)p - st->hb) : 0;
		char *b = realloc(st->hb, cap);
		if (!b)
			return -E_NOMEM;
		st->hb = b;
		st->hb_cap = cap;
		if (inside)
			p = b + poff;
	}
	*off = (uint32_t)st->hb_len;
	memcpy(st->hb + st->hb_len, p, n);
	st->hb[st->hb_len + n] = 0;
	st->hb_len += n + 1;
	return 0;
}

static const char *hget(const struct sstream *st, const char *name)
{
	for (unsigned i = 0; i < st->nh; i++)
		if (strcmp(st->hb + st->hoff[i][0], name) == 0)
			return st->hb + st->hoff[i][1];
	return NULL;
}

const char *sbi_req_header(const struct sbi_req *req, const char *name)
{
	for (unsigned i = 0; i < req->nhdrs; i++)
		if (strcmp(req->hdrs[i].name, name) == 0)
			return req->hdrs[i].value;
	return NULL;
}

/* ---- streams -------------------------------------------------------- */

static void stream_free(struct sbi_server *s, struct sstream *st)
{
	struct sconn *sc = st->conn;
	if (st->prev)
		st->prev->next = st->next;
	else if (sc)
		sc->streams = st->next;
	if (st->next)
		st->next->prev = st->prev;
	if (st->req.json)
		json_decref(st->req.json);
	free(st->hb);
	free(st->body);
	free(st->rbody);
	pool_free(&s->streams, st);
}

struct handle sbi_req_handle(const struct sbi_req *req)
{
	const struct sstream *st = (const struct sstream *)req;
	return pool_handle(&req->server->streams, st);
}

struct sbi_req *sbi_server_find(struct sbi_server *s, struct handle h)
{
	struct sstream *st = pool_get(&s->streams, h);
	if (!st || !st->conn || st->conn->c.state == SBI_CONN_DEAD) {
		s->st.dropped_answers++;
		return NULL;
	}
	return &st->req;
}

int sbi_respond_header(struct sbi_req *req, const char *name, const char *value)
{
	struct sstream *st = (struct sstream *)req;
	size_t ln = strlen(name) + 1, lv = strlen(value) + 1;
	if (st->answered)
		return -E_STATE;
	if (st->nrh == MAX_RESP_HEADERS || st->rh_len + ln + lv > sizeof(st->rh))
		return -E_NOSPC;
	st->rhoff[st->nrh][0] = (uint16_t)st->rh_len;
	memcpy(st->rh + st->rh_len, name, ln);
	st->rh_len += ln;
	st->rhoff[st->nrh][1] = (uint16_t)st->rh_len;
	memcpy(st->rh + st->rh_len, value, lv);
	st->rh_len += lv;
	st->nrh++;
	return 0;
}

static ssize_t resp_read(nghttp2_session *h2, int32_t id, uint8_t *buf, size_t len, uint32_t *flags,
			 nghttp2_data_source *src, void *ud)
{
	struct sstream *st = src->ptr;
	size_t n = st->rlen - st->roff;
	if (n > len)
		n = len;
	memcpy(buf, st->rbody + st->roff, n);
	st->roff += n;
	if (st->roff == st->rlen)
		*flags |= NGHTTP2_DATA_FLAG_EOF;
	return (ssize_t)n;
}

#define NV(n, v, vl)                                                                               \
	(nghttp2_nv)                                                                               \
	{                                                                                          \
		(uint8_t *)(n), (uint8_t *)(v), strlen(n), (vl), NGHTTP2_NV_FLAG_NO_COPY_NAME      \
	}

/* Takes ownership of body (malloc'd, may be NULL when len is 0). */
static int submit(struct sstream *st, int status, const char *ct, uint8_t *body, size_t len)
{
	struct sconn *sc = st->conn;
	struct sbi_server *s = sc->srv;
	if (st->answered) {
		free(body);
		return -E_STATE;
	}
	if (sc->c.state == SBI_CONN_DEAD || !sc->c.h2) {
		free(body);
		return -E_CANCELED;
	}
	char sbuf[8], lbuf[24];
	nghttp2_nv nv[3 + MAX_RESP_HEADERS];
	size_t n = 0;
	snprintf(sbuf, sizeof(sbuf), "%d", status);
	nv[n++] = NV(":status", sbuf, strlen(sbuf));
	if (len) {
		nv[n++] = NV("content-type", ct ? ct : SBI_CT_JSON, strlen(ct ? ct : SBI_CT_JSON));
		snprintf(lbuf, sizeof(lbuf), "%zu", len);
		nv[n++] = NV("content-length", lbuf, strlen(lbuf));
	}
	for (unsigned i = 0; i < st->nrh; i++) {
		const char *hv = st->rh + st->rhoff[i][1];
		nv[n++] = NV(st->rh + st->rhoff[i][0], hv, strlen(hv));
	}
	nghttp2_data_provider prd = { .source.ptr = st, .read_callback = resp_read };
	st->rbody = body;
	st->rlen = len;
	st->roff = 0;
	int rv = nghttp2_submit_response(sc->c.h2, st->id, nv, n, len ? &prd : NULL);
	if (rv != 0) {
		LOG_RL(LOG_NOTICE, st->ctx, "cannot submit response: %s", nghttp2_strerror(rv));
		return -E_PROTO;
	}
	st->answered = true;
	s->st.answered++;
	if (status >= 400) {
		s->st.problems++;
		metric_inc(s->m_err);
	}
	LOG(LOG_DEBUG, st->ctx, "%s %s -> %d", sbi_method_name(st->req.method),
	    st->req.path ? st->req.path : "?", status);
	sbi_conn_kick(&sc->c);
	return 0;
}

int sbi_respond(struct sbi_req *req, int status, const char *ct, const void *body, size_t len)
{
	uint8_t *copy = NULL;
	if (len) {
		copy = malloc(len);
		if (!copy)
			return -E_NOMEM;
		memcpy(copy, body, len);
	}
	return submit((struct sstream *)req, status, ct, copy, len);
}

int sbi_respond_take(struct sbi_req *req, int status, const char *ct, void *body, size_t len)
{
	return submit((struct sstream *)req, status, ct, body, len);
}

int sbi_respond_json(struct sbi_req *req, int status, json_t *body, const char *ct)
{
	if (!body)
		return submit((struct sstream *)req, status, NULL, NULL, 0);
	size_t len = 0;
	char *txt = sbi_json_dump(body, &len);
	json_decref(body);
	if (!txt) {
		/* Out of memory: still answer, without a body. */
		submit((struct sstream *)req, 500, NULL, NULL, 0);
		return -E_NOMEM;
	}
	return submit((struct sstream *)req, status, ct ? ct : SBI_CT_JSON, (uint8_t *)txt, len);
}

static int problem(struct sbi_req *req, int status, enum sbi_cause cause, const char *param,
		   const char *reason, const char *detail)
{
	struct sbi_problem p;
	memset(&p, 0, sizeof(p));
	p.status = status ? status : sbi_cause_status(cause);
	snprintf(p.title, sizeof(p.title), "%s", sbi_status_text(p.status));
	if (sbi_cause_name(cause))
		snprintf(p.cause, sizeof(p.cause), "%s", sbi_cause_name(cause));
	snprintf(p.detail, sizeof(p.detail), "%s", detail);
	if (param && param[0]) {
		snprintf(p.invalid[0].param, sizeof(p.invalid[0].param), "%s", param);
		snprintf(p.invalid[0].reason, sizeof(p.invalid[0].reason), "%s",
			 reason ? reason : "");
		p.n_invalid = 1;
	}
	json_t *j = sbi_problem_encode(&p);
	if (!j)
		return submit((struct sstream *)req, p.status, NULL, NULL, 0);
	return sbi_respond_json(req, p.status, j, SBI_CT_PROBLEM);
}

int sbi_respond_problem(struct sbi_req *req, int status, enum sbi_cause cause, const char *param,
			const char *fmt, ...)
{
	char detail[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	return problem(req, status, cause, param, detail, detail);
}

int sbi_respond_jerr(struct sbi_req *req, const struct sbi_jerr *e)
{
	char detail[264];
	snprintf(detail, sizeof(detail), "%s: %s", e->param, e->reason);
	enum sbi_cause c = e->cause ? e->cause : SBI_CAUSE_INVALID_MSG_FORMAT;
	return problem(req, sbi_cause_status(c), c, e->param, e->reason, detail);
}

/* ---- routing -------------------------------------------------------- */

int sbi_server_route(struct sbi_server *s, enum sbi_method m, const char *tmpl, sbi_handler_cb cb,
		     void *arg, unsigned flags)
{
	if (!tmpl || tmpl[0] != '/' || !cb || (unsigned)m >= SBI_METHOD__N)
		return -E_INVAL;
	struct route *r = calloc(1, sizeof(*r));
	if (!r || !(r->tmpl = strdup(tmpl))) {
		free(r);
		return -E_NOMEM;
	}
	unsigned nvars = 0;
	char *save = NULL;
	for (char *seg = strtok_r(r->tmpl, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
		size_t l = strlen(seg);
		if (r->nsegs == MAX_SEGS)
			goto bad;
		r->var[r->nsegs] = l > 2 && seg[0] == '{' && seg[l - 1] == '}';
		if (r->var[r->nsegs] && ++nvars > SBI_MAX_PARAMS)
			goto bad;
		r->segs[r->nsegs++] = seg;
	}
	r->method = m;
	r->cb = cb;
	r->arg = arg;
	r->flags = flags;
	*s->routes_tail = r;
	s->routes_tail = &r->next;
	return 0;
bad:
	free(r->tmpl);
	free(r);
	return -E_INVAL;
}

/* Splits path (NUL-terminated copy, modified) into segments. */
static unsigned split_path(char *path, char **segs, unsigned max, bool *overflow)
{
	unsigned n = 0;
	*overflow = false;
	char *save = NULL;
	for (char *seg = strtok_r(path, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
		if (n == max) {
			*overflow = true;
			break;
		}
		segs[n++] = seg;
	}
	return n;
}

static bool route_matches(const struct route *r, char **segs, unsigned n)
{
	if (r->nsegs != n)
		return false;
	for (unsigned i = 0; i < n; i++)
		if (!r->var[i] && strcmp(r->segs[i], segs[i]) != 0)
			return false;
	return true;
}

/* Same API (the first two segments: apiName and apiVersion, TS 29.501 4.4.1). */
static bool same_api(const struct route *r, char **segs, unsigned n)
{
	unsigned k = r->nsegs < 2 ? r->nsegs : 2;
	if (n < k)
		return false;
	for (unsigned i = 0; i < k; i++)
		if (r->var[i] || strcmp(r->segs[i], segs[i]) != 0)
			return false;
	return true;
}

/* Resolves header pointers and the request fields once the header block is
 * complete; matches the route. Answers the errors it finds itself. */
static void headers_complete(struct sstream *st)
{
	struct sbi_server *s = st->conn->srv;
	struct sbi_req *req = &st->req;
	st->headers_done = true;

	if (st->hdr_overflow) {
		problem(req, 431, SBI_CAUSE_NONE, NULL, NULL, "request header block too large");
		return;
	}
	const char *method = hget(st, ":method"), *path = hget(st, ":path");
	if (!method || !path || path[0] != '/') {
		problem(req, 400, SBI_CAUSE_INVALID_MSG_FORMAT, NULL, NULL, "bad :method or :path");
		return;
	}
	req->method = sbi_method_parse(method, strlen(method));
	/* A private copy of the path, cut at '?', to split into segments. */
	size_t plen = strcspn(path, "?");
	uint32_t poff, qoff, soff;
	/* hb may move on append: address the source by offset. */
	size_t src = (size_t)(path - st->hb);
	size_t qsrc = path[plen] == '?' ? src + plen + 1 : src + plen;
	size_t qlen = strlen(st->hb + qsrc);
	if (hb_append(st, st->hb + src, plen, &poff) < 0 ||
	    hb_append(st, st->hb + qsrc, qlen, &qoff) < 0 ||
	    hb_append(st, st->hb + src, plen, &soff) < 0) {
		problem(req, 414, SBI_CAUSE_NONE, NULL, NULL, "request URI too long");
		return;
	}
	/* hb no longer grows except for params below: resolve after those. */
	char *segs[MAX_SEGS + 1];
	bool overflow;
	unsigned n = split_path(st->hb + soff, segs, MAX_SEGS + 1, &overflow);
	size_t seg_off[MAX_SEGS + 1];
	for (unsigned i = 0; i < n; i++)
		seg_off[i] = (size_t)(segs[i] - st->hb);
	const struct route *match = NULL;
	bool path_known = false, api_known = false;
	char allow[64] = "";
	for (const struct route *r = s->routes; r; r = r->next) {
		if (!overflow && route_matches(r, segs, n)) {
			path_known = true;
			if (r->method == req->method && !match)
				match = r;
			if (!strstr(allow, sbi_method_name(r->method))) {
				size_t l = strlen(allow);
				snprintf(allow + l, sizeof(allow) - l, "%s%s", l ? ", " : "",
					 sbi_method_name(r->method));
			}
		}
		if (same_api(r, segs, n))
			api_known = true;
	}
	/* Decode template variables (before resolving pointers: hb may move). */
	uint32_t voff[SBI_MAX_PARAMS];
	unsigned nv = 0;
	bool bad_param = false;
	if (match) {
		for (unsigned i = 0; i < match->nsegs && nv < SBI_MAX_PARAMS; i++) {
			if (!match->var[i])
				continue;
			char dec[1024];
			/* hb may move on append: address segments by offset. */
			const char *seg = st->hb + seg_off[i];
			int dl = sbi_pct_decode(dec, sizeof(dec), seg, strlen(seg));
			if (dl <= 0 || hb_append(st, dec, (size_t)dl, &voff[nv]) < 0) {
				bad_param = true;
				break;
			}
			nv++;
		}
	}
	for (unsigned i = 0; i < st->nh; i++)
		st->hdrs[i] =
			(struct sbi_header){ st->hb + st->hoff[i][0], st->hb + st->hoff[i][1] };
	req->hdrs = st->hdrs;
	req->nhdrs = st->nh;
	req->path = st->hb + poff;
	req->query = st->hb + qoff;
	req->authority = hget(st, ":authority") ? hget(st, ":authority") : "";
	req->content_type = hget(st, "content-type");
	req->target_apiroot = hget(st, SBI_HDR_TARGET_APIROOT);
	req->callback = hget(st, SBI_HDR_CALLBACK);
	req->priority = -1;
	const char *prio = hget(st, SBI_HDR_MESSAGE_PRIORITY);
	if (prio) {
		char *end;
		long v = strtol(prio, &end, 10);
		if (end != prio && *end == 0 && v >= 0 && v <= 31)
			req->priority = (int)v;
	}
	for (unsigned i = 0; i < nv; i++)
		req->params[i] = st->hb + voff[i];
	req->nparams = nv;
	const char *cl = hget(st, "content-length");
	st->content_length = -1;
	if (cl) {
		char *end;
		long long v = strtoll(cl, &end, 10);
		if (end != cl && *end == 0 && v >= 0)
			st->content_length = v;
	}

	if (req->method == SBI_METHOD_OTHER || !match) {
		if (path_known) {
			sbi_respond_header(req, "allow", allow);
			problem(req, 405, SBI_CAUSE_NONE, NULL, NULL,
				"method not allowed on this resource");
		} else if (api_known) {
			problem(req, 404, SBI_CAUSE_RESOURCE_URI_STRUCTURE_NOT_FOUND, NULL, NULL,
				"no such resource");
		} else {
			problem(req, 400, SBI_CAUSE_INVALID_API, NULL, NULL,
				"unsupported API name or version");
		}
		return;
	}
	if (bad_param) {
		problem(req, 400, SBI_CAUSE_INVALID_MSG_FORMAT, NULL, NULL,
			"bad percent-encoding in the path");
		return;
	}
	st->route = match;
	if (st->content_length > s->cfg.max_body) {
		char d[64];
		snprintf(d, sizeof(d), "body larger than %lld bytes", (long long)s->cfg.max_body);
		problem(req, 413, SBI_CAUSE_NONE, NULL, NULL, d);
		return;
	}
}

static void dispatch(struct sstream *st)
{
	struct sbi_server *s = st->conn->srv;
	struct sbi_req *req = &st->req;
	const struct route *r = st->route;
	if (st->answered || !r)
		return;
	req->body = st->body_len ? st->body : NULL;
	req->body_len = st->body_len;
	if (!(r->flags & SBI_ROUTE_RAW)) {
		if (st->body_len) {
			/* TS 29.500 5.4: JSON bodies; anything else is 415. */
			if (!sbi_ct_is_json(req->content_type)) {
				sbi_respond_header(req, "accept", SBI_CT_JSON);
				problem(req, 415, SBI_CAUSE_NONE, "header content-type",
					"not a JSON media type", "unsupported media type");
				return;
			}
			struct sbi_jerr e;
			req->json = sbi_json_parse(st->body, st->body_len, &e);
			if (!req->json) {
				LOG_RL(LOG_NOTICE, st->ctx, "%s", e.reason);
				problem(req, 400, SBI_CAUSE_INVALID_MSG_FORMAT, NULL, NULL,
					e.reason);
				return;
			}
		} else if (!(r->flags & SBI_ROUTE_BODY_OPTIONAL) &&
			   (req->method == SBI_PUT || req->method == SBI_POST ||
			    req->method == SBI_PATCH)) {
			problem(req, 400, SBI_CAUSE_INVALID_MSG_FORMAT, NULL, NULL,
				"request body missing");
			return;
		}
	}
	r->cb(req, r->arg);
	if (req->json) {
		json_decref(req->json);
		req->json = NULL;
	}
	req->body = NULL;
	req->body_len = 0;
	free(st->body);
	st->body = NULL;
	st->body_len = st->body_cap = 0;
	(void)s;
}

/* ---- nghttp2 callbacks ---------------------------------------------- */

static int on_begin_headers(nghttp2_session *h2, const nghttp2_frame *f, void *ud)
{
	struct sconn *sc = ud;
	struct sbi_server *s = sc->srv;
	if (f->hd.type != NGHTTP2_HEADERS || f->headers.cat != NGHTTP2_HCAT_REQUEST)
		return 0;
	struct handle h;
	struct sstream *st = pool_alloc(&s->streams, &h);
	if (!st) {
		/* No slot: refuse the stream (the client may retry it elsewhere). */
		s->st.refused++;
		LOG_RL(LOG_WARN, s->ctx, "all %lld request slots busy: stream refused",
		       (long long)s->cfg.max_requests);
		nghttp2_submit_rst_stream(h2, NGHTTP2_FLAG_NONE, f->hd.stream_id,
					  NGHTTP2_REFUSED_STREAM);
		return 0;
	}
	st->conn = sc;
	st->id = f->hd.stream_id;
	st->req.server = s;
	st->req.priority = -1;
	st->req.ctx = st->ctx;
	snprintf(st->ctx, sizeof(st->ctx), "%s[%s #%d]", s->ctx, sc->c.peer, st->id);
	st->next = sc->streams;
	if (sc->streams)
		sc->streams->prev = st;
	sc->streams = st;
	s->st.requests++;
	metric_inc(s->m_req);
	nghttp2_session_set_stream_user_data(h2, f->hd.stream_id, st);
	return 0;
}

static int on_header(nghttp2_session *h2, const nghttp2_frame *f, const uint8_t *name,
		     size_t namelen, const uint8_t *value, size_t valuelen, uint8_t flags, void *ud)
{
	if (f->hd.type != NGHTTP2_HEADERS || f->headers.cat != NGHTTP2_HCAT_REQUEST)
		return 0; /* trailers are ignored */
	struct sstream *st = nghttp2_session_get_stream_user_data(h2, f->hd.stream_id);
	if (!st || st->hdr_overflow)
		return 0;
	if (st->nh == SBI_MAX_HEADERS)
		return 0; /* further headers are dropped (the pseudo-headers come first) */
	uint32_t no, vo;
	if (st->hb_len + namelen + valuelen + 2 > MAX_HEADER_BYTES ||
	    hb_append(st, name, namelen, &no) < 0 || hb_append(st, value, valuelen, &vo) < 0) {
		st->hdr_overflow = true;
		return 0;
	}
	st->hoff[st->nh][0] = no;
	st->hoff[st->nh][1] = vo;
	st->nh++;
	return 0;
}

static int on_data_chunk(nghttp2_session *h2, uint8_t flags, int32_t id, const uint8_t *data,
			 size_t len, void *ud)
{
	struct sconn *sc = ud;
	struct sstream *st = nghttp2_session_get_stream_user_data(h2, id);
	if (!st || st->answered)
		return 0; /* already answered (e.g. 413): the rest is discarded */
	if (st->body_len + len > (size_t)sc->srv->cfg.max_body) {
		problem(&st->req, 413, SBI_CAUSE_NONE, NULL, NULL, "request body too large");
		return 0;
	}
	if (st->body_len + len > st->body_cap) {
		size_t cap = st->body_cap ? st->body_cap : 1024;
		while (cap < st->body_len + len)
			cap *= 2;
		uint8_t *b = realloc(st->body, cap);
		if (!b) {
			problem(&st->req, 500, SBI_CAUSE_INSUFFICIENT_RESOURCES, NULL, NULL,
				"out of memory");
			return 0;
		}
		st->body = b;
		st->body_cap = cap;
	}
	memcpy(st->body + st->body_len, data, len);
	st->body_len += len;
	return 0;
}

static int on_frame_recv(nghttp2_session *h2, const nghttp2_frame *f, void *ud)
{
	if (f->hd.type != NGHTTP2_HEADERS && f->hd.type != NGHTTP2_DATA)
		return 0;
	struct sstream *st = nghttp2_session_get_stream_user_data(h2, f->hd.stream_id);
	if (!st)
		return 0;
	if (f->hd.type == NGHTTP2_HEADERS && !st->headers_done)
		headers_complete(st);
	if (f->hd.flags & NGHTTP2_FLAG_END_STREAM)
		dispatch(st);
	return 0;
}

static int on_stream_close(nghttp2_session *h2, int32_t id, uint32_t error_code, void *ud)
{
	struct sconn *sc = ud;
	struct sstream *st = nghttp2_session_get_stream_user_data(h2, id);
	if (st) {
		if (!st->answered)
			LOG(LOG_DEBUG, st->ctx, "stream closed before the answer (%s)",
			    nghttp2_http2_strerror(error_code));
		stream_free(sc->srv, st);
	}
	return 0;
}

/* ---- connections ---------------------------------------------------- */

static void sconn_free_cb(struct ev_loop *loop, void *arg)
{
	free(arg);
}

static void sconn_on_close(struct sbi_conn *c, int err)
{
	struct sconn *sc = (struct sconn *)c;
	struct sbi_server *s = sc->srv;
	while (sc->streams)
		stream_free(s, sc->streams);
	if (sc->prev)
		sc->prev->next = sc->next;
	else
		s->conns = sc->next;
	if (sc->next)
		sc->next->prev = sc->prev;
	s->st.conns_open--;
	LOG(LOG_DEBUG, s->ctx, "connection from %s closed (%s)", c->peer,
	    err ? err_str(err) : "orderly");
	if (ev_defer(c->loop, sconn_free_cb, sc) < 0)
		LOG(LOG_ERROR, s->ctx, "cannot defer a free: connection leaked");
}

static const struct sbi_conn_ops sconn_ops = { .on_close = sconn_on_close };

static nghttp2_session_callbacks *server_callbacks(void)
{
	nghttp2_session_callbacks *cbs;
	if (nghttp2_session_callbacks_new(&cbs) != 0)
		return NULL;
	nghttp2_session_callbacks_set_on_begin_headers_callback(cbs, on_begin_headers);
	nghttp2_session_callbacks_set_on_header_callback(cbs, on_header);
	nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cbs, on_data_chunk);
	nghttp2_session_callbacks_set_on_frame_recv_callback(cbs, on_frame_recv);
	nghttp2_session_callbacks_set_on_stream_close_callback(cbs, on_stream_close);
	return cbs;
}

static void new_conn(struct sbi_server *s, int fd)
{
	struct sconn *sc = calloc(1, sizeof(*sc));
	if (!sc) {
		close(fd);
		return;
	}
	sc->srv = s;
	nghttp2_session_callbacks *cbs = server_callbacks();
	nghttp2_option *opt = NULL;
	if (!cbs || nghttp2_option_new(&opt) != 0)
		goto err;
	nghttp2_option_set_max_settings(opt, 32);
	int rv = nghttp2_session_server_new2(&sc->c.h2, cbs, sc, opt);
	nghttp2_session_callbacks_del(cbs);
	cbs = NULL;
	nghttp2_option_del(opt);
	opt = NULL;
	if (rv != 0)
		goto err;
	nghttp2_settings_entry iv[] = {
		{ NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, (uint32_t)s->cfg.max_streams },
		{ NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 1u << 20 },
	};
	nghttp2_submit_settings(sc->c.h2, NGHTTP2_FLAG_NONE, iv, 2);
	nghttp2_session_set_local_window_size(sc->c.h2, NGHTTP2_FLAG_NONE, 0, 1 << 24);
	if (sbi_conn_accept(&sc->c, s->loop, fd, s->tls, &sconn_ops) < 0) {
		nghttp2_session_del(sc->c.h2);
		free(sc);
		return;
	}
	sc->next = s->conns;
	if (s->conns)
		s->conns->prev = sc;
	s->conns = sc;
	s->st.conns_accepted++;
	s->st.conns_open++;
	LOG(LOG_DEBUG, s->ctx, "connection from %s", sc->c.peer);
	sbi_conn_flush(&sc->c);
	return;
err:
	if (cbs)
		nghttp2_session_callbacks_del(cbs);
	if (opt)
		nghttp2_option_del(opt);
	free(sc);
	close(fd);
}

static void accept_cb(struct ev_loop *loop, struct ev_io *io, uint32_t events);

static void accept_resume(struct ev_loop *loop, struct ev_timer *t)
{
	struct sbi_server *s = t->data;
	if (s->lfd >= 0 && ev_io_start(loop, &s->lio, s->lfd, EV_READ, accept_cb, s) < 0)
		LOG(LOG_ERROR, s->ctx, "cannot watch the listening socket again");
}

static void accept_cb(struct ev_loop *loop, struct ev_io *io, uint32_t events)
{
	struct sbi_server *s = io->data;
	for (int i = 0; i < 64; i++) {
		int fd = accept4(s->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
			    errno == ENOMEM) {
				/* The pending connection stays readable: pause accepting
				 * rather than spin, and try again shortly. */
				LOG_RL(LOG_WARN, s->ctx, "accept: %s: pausing 100 ms",
				       strerror(errno));
				ev_io_stop(loop, &s->lio);
				ev_timer_start(loop, &s->lpause, 100, accept_resume, s);
			} else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
				LOG_RL(LOG_WARN, s->ctx, "accept: %s", strerror(errno));
			}
			return;
		}
		if (s->st.conns_open >= (uint64_t)s->cfg.max_conns) {
			s->st.refused++;
			LOG_RL(LOG_WARN, s->ctx, "%lld connections open: connection refused",
			       (long long)s->cfg.max_conns);
			close(fd);
			continue;
		}
		new_conn(s, fd);
	}
}

/* ---- server --------------------------------------------------------- */

struct sbi_server *sbi_server_new(struct ev_loop *loop, const struct sbi_server_cfg *cfg,
				  const char *name)
{
	struct sbi_server *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->loop = loop;
	s->cfg = *cfg;
	s->lfd = -1;
	s->routes_tail = &s->routes;
	snprintf(s->name, sizeof(s->name), "%s", name ? name : "sbi");
	snprintf(s->ctx, sizeof(s->ctx), "%s sbi", s->name);
	if (s->cfg.max_body <= 0)
		s->cfg.max_body = 1 << 20;
	if (s->cfg.max_streams <= 0)
		s->cfg.max_streams = 1000;
	if (s->cfg.max_conns <= 0)
		s->cfg.max_conns = 1024;
	if (s->cfg.max_requests <= 0)
		s->cfg.max_requests = 4096;
	if (pool_init(&s->streams, "sbi-requests", sizeof(struct sstream),
		      (uint32_t)s->cfg.max_requests) < 0) {
		free(s);
		return NULL;
	}
	if (cfg->tls_cert[0]) {
		s->tls = sbi_tls_server_ctx(cfg->tls_cert, cfg->tls_key);
		if (!s->tls) {
			pool_fini(&s->streams);
			free(s);
			return NULL;
		}
	}
	s->m_req = metric_counter("ngcore_sbi_server_requests_total", "SBI requests received",
				  "nf=\"%s\"", s->name);
	s->m_err = metric_counter("ngcore_sbi_server_errors_total",
				  "SBI answers with a 4xx or 5xx status", "nf=\"%s\"", s->name);
	return s;
}

int sbi_server_start(struct sbi_server *s)
{
	struct sockaddr_storage ss;
	socklen_t len;
	memset(&ss, 0, sizeof(ss));
	if (s->cfg.addr.family == AF_INET6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
		a->sin6_family = AF_INET6;
		memcpy(&a->sin6_addr, s->cfg.addr.a, 16);
		a->sin6_port = htons(s->cfg.port);
		len = sizeof(*a);
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;
		a->sin_family = AF_INET;
		memcpy(&a->sin_addr, s->cfg.addr.a, 4);
		a->sin_port = htons(s->cfg.port);
		len = sizeof(*a);
	}
	char abuf[64];
	ip_str(&s->cfg.addr, abuf, sizeof(abuf));
	int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1;
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&ss, len) < 0 || listen(fd, 1024) < 0) {
		LOG(LOG_ERROR, s->ctx, "cannot listen on %s port %u: %s", abuf, s->cfg.port,
		    strerror(errno));
		if (fd >= 0)
			close(fd);
		return -E_IO;
	}
	len = sizeof(ss);
	getsockname(fd, (struct sockaddr *)&ss, &len);
	s->port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
						 : ((struct sockaddr_in *)&ss)->sin_port);
	if (ev_io_start(s->loop, &s->lio, fd, EV_READ, accept_cb, s) < 0) {
		close(fd);
		return -E_IO;
	}
	s->lfd = fd;
	LOG(LOG_INFO, s->ctx, "listening on %s%s%s:%u (%s)",
	    s->cfg.addr.family == AF_INET6 ? "[" : "", abuf,
	    s->cfg.addr.family == AF_INET6 ? "]" : "", s->port, s->tls ? "TLS 1.3, h2" : "h2c");
	return 0;
}

uint16_t sbi_server_port(const struct sbi_server *s)
{
	return s->port;
}

void sbi_server_shutdown(struct sbi_server *s)
{
	if (s->shut)
		return;
	s->shut = true;
	if (s->lfd >= 0) {
		ev_io_stop(s->loop, &s->lio);
		ev_timer_stop(s->loop, &s->lpause);
		close(s->lfd);
		s->lfd = -1;
	}
	for (struct sconn *sc = s->conns; sc; sc = sc->next) {
		if (sc->goaway || !sc->c.h2)
			continue;
		/* TS 29.500 5.2.2 / RFC 9113 6.8: GOAWAY with the last stream we
		 * processed; streams up to it still complete. */
		nghttp2_submit_goaway(sc->c.h2, NGHTTP2_FLAG_NONE,
				      nghttp2_session_get_last_proc_stream_id(sc->c.h2),
				      NGHTTP2_NO_ERROR, NULL, 0);
		sc->goaway = true;
		sbi_conn_kick(&sc->c);
	}
}

static void server_free_cb(struct ev_loop *loop, void *arg)
{
	struct sbi_server *s = arg;
	pool_fini(&s->streams);
	free(s);
}

void sbi_server_free(struct sbi_server *s)
{
	if (!s)
		return;
	sbi_server_shutdown(s);
	while (s->conns) {
		struct sconn *sc = s->conns;
		sbi_conn_flush(&sc->c); /* best effort: the GOAWAY, answers already due */
		if (s->conns == sc)
			sbi_conn_close(&sc->c, -E_CANCELED);
	}
	while (s->routes) {
		struct route *r = s->routes;
		s->routes = r->next;
		free(r->tmpl);
		free(r);
	}
	if (s->tls)
		SSL_CTX_free(s->tls);
	s->tls = NULL;
	if (ev_defer(s->loop, server_free_cb, s) < 0)
		server_free_cb(s->loop, s);
}

void sbi_server_get_stats(const struct sbi_server *s, struct sbi_server_stats *st)
{
	*st = s->st;
}
