/* Client against server, over loopback, on one lib/ev loop (and a second
 * thread where the server must run while the client blocks): routing,
 * problem+json answers, many streams on one connection, asynchronous
 * answers, late answers dropped by handle, timeouts, retry on another
 * instance, GOAWAY on shutdown, TLS 1.3, draining at shutdown. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/core/pool.h"
#include "lib/sbi/models/common.h"
#include "lib/sbi/sbi_client.h"
#include "lib/sbi/sbi_server.h"
#include "tests/unit/t.h"

struct answer {
	int done; /* callbacks received */
	int err; /* last err */
	int status; /* last status */
	char ct[64]; /* last content type */
	char cause[64]; /* problem cause */
	int pstatus; /* problem status member */
	char allow[64]; /* allow header */
	char id[64]; /* "id" member of a JSON answer */
	char root[128]; /* root that answered */
	unsigned attempts; /* attempts made */
	uint64_t cookie; /* cookie received */
};

static void on_resp(void *arg, uint64_t cookie, const struct sbi_resp *r)
{
	struct answer *a = arg;
	a->done++;
	a->err = r->err;
	a->status = r->status;
	a->cookie = cookie;
	a->attempts = r->attempts;
	snprintf(a->root, sizeof(a->root), "%s", r->root ? r->root : "");
	snprintf(a->ct, sizeof(a->ct), "%s", r->content_type ? r->content_type : "");
	const char *al = sbi_resp_header(r, "allow");
	snprintf(a->allow, sizeof(a->allow), "%s", al ? al : "");
	a->cause[0] = a->id[0] = 0;
	a->pstatus = 0;
	json_t *j = sbi_resp_json(r);
	if (j) {
		const char *c = json_string_value(json_object_get(j, "cause"));
		snprintf(a->cause, sizeof(a->cause), "%s", c ? c : "");
		a->pstatus = (int)json_integer_value(json_object_get(j, "status"));
		const char *id = json_string_value(json_object_get(j, "id"));
		snprintf(a->id, sizeof(a->id), "%s", id ? id : "");
	}
}

static void run_until(struct ev_loop *loop, const int *flag, int want, int ms)
{
	uint64_t end = ev_clock_ns() + (uint64_t)ms * 1000000u;
	while (*flag < want && ev_clock_ns() < end)
		ev_run_once(loop, 5);
}

static void run_for(struct ev_loop *loop, int ms)
{
	uint64_t end = ev_clock_ns() + (uint64_t)ms * 1000000u;
	while (ev_clock_ns() < end)
		ev_run_once(loop, 5);
}

/* ---- handlers ------------------------------------------------------- */

static void h_get_item(struct sbi_req *req, void *arg)
{
	json_t *j = json_pack("{ss}", "id", req->params[0]);
	sbi_respond_json(req, 200, j, NULL);
}

static void h_put_item(struct sbi_req *req, void *arg)
{
	/* Echoes the body's "id" member back, 201 with a Location. */
	json_t *id = json_object_get(req->json, "id");
	if (!json_is_string(id)) {
		struct sbi_jerr e;
		sbi_jerr_set(&e, SBI_CAUSE_MANDATORY_IE_MISSING, "", "id",
			     "mandatory member missing");
		sbi_respond_jerr(req, &e);
		return;
	}
	sbi_respond_header(req, "location", "http://x/ntest/v1/items/1");
	sbi_respond_json(req, 201, json_pack("{sO}", "id", id), NULL);
}

static struct handle parked[128];
static int nparked;

static void h_async(struct sbi_req *req, void *arg)
{
	/* Answered later, from a timer: keep the handle only. */
	parked[nparked++] = sbi_req_handle(req);
}

static void h_503(struct sbi_req *req, void *arg)
{
	sbi_respond_problem(req, 0, SBI_CAUSE_NF_CONGESTION, NULL, "busy");
}

static void h_headers(struct sbi_req *req, void *arg)
{
	/* Reports what arrived as "priority|callback|target|x-extra". */
	char id[256];
	const char *x = sbi_req_header(req, "x-extra");
	snprintf(id, sizeof(id), "%d|%s|%s|%s", req->priority, req->callback ? req->callback : "",
		 req->target_apiroot ? req->target_apiroot : "", x ? x : "");
	sbi_respond_json(req, 200, json_pack("{ss}", "id", id), NULL);
}

static struct sbi_server *mk_server(struct ev_loop *loop, const char *cert, const char *key)
{
	struct sbi_server_cfg cfg;
	sbi_server_cfg_defaults(&cfg, 0);
	cfg.max_body = 4096;
	if (cert) {
		snprintf(cfg.tls_cert, sizeof(cfg.tls_cert), "%s", cert);
		snprintf(cfg.tls_key, sizeof(cfg.tls_key), "%s", key);
	}
	struct sbi_server *s = sbi_server_new(loop, &cfg, "test");
	if (!s)
		return NULL;
	sbi_server_route(s, SBI_GET, "/ntest/v1/items/{id}", h_get_item, NULL, 0);
	sbi_server_route(s, SBI_PUT, "/ntest/v1/items/{id}", h_put_item, NULL, 0);
	sbi_server_route(s, SBI_GET, "/ntest/v1/async", h_async, NULL, 0);
	sbi_server_route(s, SBI_GET, "/ntest/v1/busy", h_503, NULL, 0);
	sbi_server_route(s, SBI_GET, "/ntest/v1/headers", h_headers, NULL, 0);
	if (sbi_server_start(s) < 0) {
		sbi_server_free(s);
		return NULL;
	}
	return s;
}

static struct sbi_client *mk_client(struct ev_loop *loop, uint32_t timeout_ms, const char *ca)
{
	struct sbi_client_cfg cc;
	sbi_client_cfg_defaults(&cc);
	cc.timeout_ms = timeout_ms;
	if (ca)
		snprintf(cc.tls_ca, sizeof(cc.tls_ca), "%s", ca);
	return sbi_client_new(loop, &cc, "test");
}

static void uri_of(char *out, size_t n, struct sbi_server *s, const char *path)
{
	snprintf(out, n, "http://127.0.0.1:%u%s", sbi_server_port(s), path);
}

static int get(struct ev_loop *loop, struct sbi_client *c, const char *uri, struct answer *a)
{
	struct sbi_request rq = { .method = SBI_GET, .uri = uri };
	int want = a->done + 1;
	int rc = sbi_client_send(c, &rq, on_resp, a, 7);
	if (rc == 0)
		run_until(loop, &a->done, want, 3000);
	return rc;
}

/* ---- cases ---------------------------------------------------------- */

static void client_gets_json_with_decoded_path_variable(void)
{
	struct ev_loop *loop = ev_loop_new("t");
	struct sbi_server *s = mk_server(loop, NULL, NULL);
	struct sbi_client *c = mk_client(loop, 2000, NULL);
	struct answer a = { 0 };
	char uri[256];
	CHECK(s && c);
	uri_of(uri, sizeof(uri), s, "/ntest/v1/items/a%20b");
	CHECK_EQ(get(loop, c, uri, &a), 0);
	CHECK_EQ(a.done, 1);
	CHECK_EQ(a.err, 0);
	CHECK_EQ(a.status, 200);
	CHECK_STR(a.ct, "application/json");
	CHECK_STR(a.id, "a b");
	CHECK_EQ(a.cookie, 7);

	/* PUT with a JSON body: 201, Location, body echoed. */
	json_t *body = json_pack("{ss}", "id", "x1");
	struct sbi_request rq = { .method = SBI_PUT, .uri = uri, .json = body };
	CHECK_EQ(sbi_client_send(c, &rq, on_resp, &a, 8), 0);
	json_decref(body);
	run_until(loop, &a.done, 2, 3000);
	CHECK_EQ(a.status, 201);
	CHECK_STR(a.id, "x1");

	/* A decoder error answered by the handler names the member. */
	body = json_pack("{si}", "other", 1);
	rq.json = body;
	CHECK_EQ(sbi_client_send(c, &rq, on_resp, &a, 9), 0);
	json_decref(body);
	run_until(loop, &a.done, 3, 3000);
	CHECK_EQ(a.status, 400);
	CHECK_STR(a.cause, "MANDATORY_IE_MISSING");

	struct sbi_client_stats cs;
	sbi_client_get_stats(c, &cs);
	CHECK_EQ(cs.conns_opened, 1);
	sbi_client_free(c);
	sbi_server_free(s);
	ev_run_once(loop, 0);
	ev_loop_free(loop);
}

static void headers_reach_the_handler(void)
{
	struct ev_loop *loop = ev_loop_new("t");
	struct sbi_server *s = mk_server(loop, NULL, NULL);
	struct sbi_client *c = mk_client(loop, 2000, NULL);
	struct answer a = { 0 };
	char uri[256];
	uri_of(uri, sizeof(uri), s, "/ntest/v1/headers");
	struct sbi_header xh = { "x-extra", "yes" };
	struct sbi_request rq = { .method = SBI_GET,
				  .uri = uri,
				  .callback = "cb-name",
				  .target_apiroot = "http://10.0.0.9:80",
				  .has_priority = true,
				  .priority = 7,
				  .hdrs = &xh,
				  .nhdrs = 1 };
	CHECK_EQ(sbi_client_send(c, &rq, on_resp, &a, 1), 0);
	run_until(loop, &a.done, 1, 3000);
	CHECK_EQ(a.status, 200);
	CHECK_STR(a.id, "7|cb-name|http://10.0.0.9:80|yes");
	/* Without the headers: priority -1, nothing else. */
	struct sbi_request plain = { .method = SBI_GET, .uri = uri };
	CHECK_EQ(sbi_client_send(c, &plain, on_resp, &a, 2), 0);
	run_until(loop, &a.done, 2, 3000);
	CHECK_STR(a.id, "-1|||");
	sbi_client_free(c);
	sbi_server_free(s);
	ev_run_once(loop, 0);
	ev_loop_free(loop);
}

static void bad_requests_get_problem_json_and_server_keeps_serving(void)
{
	struct ev_loop *loop = ev_loop_new("t");
	struct sbi_server *s = mk_server(loop, NULL, NULL);
	struct sbi_client *c = mk_client(loop, 2000, NULL);
	struct answer a = { 0 };
	char uri[256];
	struct {
		enum sbi_method m;
		const char *path;
		const char *ct;
		const char *body;
		size_t body_len;
		int status;
		const char *cause;
	} cases[] = {
		{ SBI_GET, "/nfoo/v1/items/1", NULL, NULL, 0, 400, "INVALID_API" },
		{ SBI_GET, "/ntest/v2/items/1", NULL, NULL, 0, 400, "INVALID_API" },
		{ SBI_GET, "/ntest/v1/nothing", NULL, NULL, 0, 404,
		  "RESOURCE_URI_STRUCTURE_NOT_FOUND" },
		{ SBI_GET, "/ntest/v1/items/1/more", NULL, NULL, 0, 404,
		  "RESOURCE_URI_STRUCTURE_NOT_FOUND" },
		{ SBI_DELETE, "/ntest/v1/items/1", NULL, NULL, 0, 405, "" },
		{ SBI_PUT, "/ntest/v1/items/1", "application/json", "{\"id\":", 6, 400,
		  "INVALID_MSG_FORMAT" },
		{ SBI_PUT, "/ntest/v1/items/1", "application/json", "{\"id\":1,\"id\":2}", 15, 400,
		  "INVALID_MSG_FORMAT" },
		{ SBI_PUT, "/ntest/v1/items/1", "text/plain", "{\"id\":\"1\"}", 10, 415, "" },
		{ SBI_PUT, "/ntest/v1/items/1", NULL, NULL, 0, 400, "INVALID_MSG_FORMAT" },
		{ SBI_PUT, "/ntest/v1/items/1", "application/json", NULL, 5000, 413, "" },
		{ SBI_GET, "/ntest/v1/items/%zz", NULL, NULL, 0, 400, "INVALID_MSG_FORMAT" },
	};
	char *big = malloc(5000);
	memset(big, ' ', 5000);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uri_of(uri, sizeof(uri), s, cases[i].path);
		struct sbi_request rq = { .method = cases[i].m,
					  .uri = uri,
					  .content_type = cases[i].ct,
					  .body = cases[i].body ? (const void *)cases[i].body : big,
					  .body_len = cases[i].body_len };
		int want = a.done + 1;
		CHECK_EQ(sbi_client_send(c, &rq, on_resp, &a, i), 0);
		run_until(loop, &a.done, want, 3000);
		if (a.status != cases[i].status)
			fprintf(stderr, "  case %zu (%s): status %d\n", i, cases[i].path, a.status);
		CHECK_EQ(a.done, want);
		CHECK_EQ(a.status, cases[i].status);
		CHECK_STR(a.ct, "application/problem+json");
		CHECK_EQ(a.pstatus, cases[i].status);
		CHECK_STR(a.cause, cases[i].cause);
		if (cases[i].status == 405)
			CHECK_STR(a.allow, "GET, PUT");
	}
	free(big);
	/* Still serving, on the same connection. */
	uri_of(uri, sizeof(uri), s, "/ntest/v1/items/ok");
	CHECK_EQ(get(loop, c, uri, &a), 0);
	CHECK_EQ(a.status, 200);
	CHECK_STR(a.id, "ok");
	struct sbi_client_stats cs;
	sbi_client_get_stats(c, &cs);
	CHECK_EQ(cs.conns_opened, 1);
	struct sbi_server_stats ss;
	sbi_server_get_stats(s, &ss);
	CHECK_EQ(ss.conns_accepted, 1);
	sbi_client_free(c);
	sbi_server_free(s);
	ev_run_once(loop, 0);
	ev_loop_free(loop);
}

static void many_streams_share_one_connection(void)
{
	struct ev_loop *loop = ev_loop_new("t");
	struct sbi_server *s = mk_server(loop, NULL, NULL);
	struct sbi_client *c = mk_client(loop, 5000, NULL);
	static struct answer a[200];
	int done = 0;
	char uri[256];
	memset(a, 0, sizeof(a));
	for (int i = 0; i < 200; i++) {
		char p[64];
		snprintf(p, sizeof(p), "/ntest/v1/items/n%d", i);
		uri_of(uri, sizeof(uri), s, p);
		struct sbi_request rq = { .method = SBI_GET, .uri = uri };
		CHECK_EQ(sbi_client_send(c, &rq, on_resp, &a[i], (uint64_t)i), 0);
	}
	uint64_t end = ev_clock_ns() + 5000000000ull;
	while (done < 200 && ev_clock_ns() < end) {
		ev_run_once(loop, 5);
		done = 0;
		for (int i = 0; i < 200; i++)
			done += a[i].done;
	}
	CHECK_EQ(done, 200);
	int good = 0;
	for (int i = 0; i < 200; i++) {
		char want[16];
		snprintf(want, sizeof(want), "n%d", i);
		good += a[i].status == 200 && strcmp(a[i].id, want) == 0 &&
			a[i].cookie == (uint64_t)i;
	}
	CHECK_EQ(good, 200);
	struct sbi_client_stats cs;
	sbi_client_get_stats(c, &cs);
	CHECK_EQ(cs.conns_opened, 1);
	CHECK_EQ(cs.completed, 200);
	struct sbi_server_stats ss;
	sbi_server_get_stats(s, &ss);
	CHECK_EQ(ss.conns_accepted, 1);
	CHECK_EQ(ss.requests, 200);
	sbi_client_free(c);
	sbi_server_free(s);
	ev_run_once(loop, 0);
	ev_loop_free(loop);
}

static void async_answer_arrives_and_late_answer_is_dropped(void)
{
	struct ev_loop *loop = ev_loop_new("t");
	struct sbi_server *s = mk_server(loop, NULL, NULL);
	struct sbi_client *c = mk_client(loop, 300, NULL);
	struct answer a = { 0 }, b = { 0 };
	char uri[256];
	nparked = 0;
	uri_of(uri, sizeof(uri), s, "/ntest/v1/async");
	struct sbi_request rq = { .method = SBI_GET, .uri = uri };
	CHECK_EQ(sbi_client_send(c, &rq, on_resp, &a, 1), 0);
	run_for(loop, 50);
	CHECK_EQ(nparked, 1);
	CHECK_EQ(a.done, 0);
	/* The handler's deferred work completes: answer through the handle. */
	struct sbi_req *r = sbi_server_find(s, parked[0]);
	CHECK(r != NULL);
	if (r)
		CHECK_EQ(sbi_respond_json(r, 200, json_pack("{ss}", "id", "later"), NULL), 0);
	run_until(loop, &a.done, 1, 2000);
	CHECK_EQ(a.status, 200);
	CHECK_STR(a.id, "later");
	/* Answering twice is refused; after the stream closed the handle is stale. */
	CHECK(sbi_server_find(s, parked[0]) == NULL);

	/* This one times out at the client (300 ms): the client resets the
	 * stream, and the server's late answer finds nothing to answer. */
	CHECK_EQ(sbi_client_send(c, &rq, on_resp, &b, 2), 0);
	run_until(loop, &b.done, 1, 2000);
	CHECK_EQ(b.err, -E_TIMEOUT);
	run_for(loop, 50);
	CHECK_EQ(nparked, 2);
	CHECK(sbi_server_find(s, parked[1]) == NULL);
	struct sbi_server_stats ss;
	sbi_server_get_stats(s, &ss);
	CHECK_EQ(ss.dropped_answers, 2);
	struct sbi_client_stats cs;
	sbi_client_get_stats(c, &cs);
	CHECK_EQ(cs.timeouts, 1);
	sbi_client_free(c);
	sbi_server_free(s);
	ev_run_once(loop, 0);
	ev_loop_free(loop);
}

static void answer_for_a_freed_object_is_dropped_by_its_handle(void)
{
	/* The pattern every NF uses: the cookie is a pool handle; the object is
	 * freed before the answer comes; the handle no longer resolves. */
	struct ev_loop *loop = ev_loop_new("t");
	struct sbi_server *s = mk_server(loop, NULL, NULL);
	struct sbi_client *c = mk_client(loop, 2000, NULL);
	struct pool ues;
	CHECK_EQ(pool_init(&ues, "ue", 64, 4), 0);
	struct handle h1, h2;
	void *ue1 = pool_alloc(&ues, &h1);
	void *ue2 = pool_alloc(&ues, &h2);
	CHECK(ue1 && ue2);
	struct answer a1 = { 0 }, a2 = { 0 };
	char uri[256];
	uri_of(uri, sizeof(uri), s, "/ntest/v1/items/u");
	struct sbi_request rq = { .method = SBI_GET, .uri = uri };
	CHECK_EQ(sbi_client_send(c, &rq, on_resp, &a1, handle_pack(h1)), 0);
	CHECK_EQ(sbi_client_send(c, &rq, on_resp, &a2, handle_pack(h2)), 0);
	pool_free(&ues, ue1); /* UE 1 is gone before its answer */
	run_until(loop, &a2.done, 1, 2000);
	run_until(loop, &a1.done, 1, 2000);
	CHECK_EQ(a1.done, 1);
	CHECK(pool_get(&ues, handle_unpack(a1.cookie)) == NULL);
	CHECK(pool_get(&ues, handle_unpack(a2.cookie)) == ue2);
	pool_fini(&ues);
	sbi_client_free(c);
	sbi_server_free(s);
	ev_run_once(loop, 0);
	ev_loop_free(loop);
}

static int closed_port(void)
{
	/* A port nobody listens on: bind, read the number, close. */
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t l = sizeof(a);
	bind(fd, (struct sockaddr *)&a, sizeof(a));
	getsockname(fd, (struct sockaddr *)&a, &l);
	close(fd);
	return ntohs(a.sin_port);
}

static void retry_moves_to_the_next_instance(void)
{
	struct ev_loop *loop = ev_loop_new("t");
	struct sbi_server *s = mk_server(loop, NULL, NULL);
	struct sbi_server *busy = mk_server(loop, NULL, NULL);
	struct sbi_client *c = mk_client(loop, 2000, NULL);
	struct answer a = { 0 };
	char dead[64], good[64], bz[64];
	snprintf(dead, sizeof(dead), "http://127.0.0.1:%d", closed_port());
	snprintf(good, sizeof(good), "http://127.0.0.1:%u", sbi_server_port(s));
	snprintf(bz, sizeof(bz), "http://127.0.0.1:%u", sbi_server_port(busy));

	/* Instance 1 refuses connections: instance 2 answers. */
	struct sbi_request rq = { .method = SBI_GET, .nroots = 2, .path = "/ntest/v1/items/r" };
	rq.roots[0] = dead;
	rq.roots[1] = good;
	CHECK_EQ(sbi_client_send(c, &rq, on_resp, &a, 1), 0);
	run_until(loop, &a.done, 1, 3000);
	CHECK_EQ(a.status, 200);
	CHECK_EQ(a.attempts, 2);
	CHECK_STR(a.root, good);

	/* Instance 1 answers 503: instance 2 answers. */
	rq.roots[0] = bz;
	rq.path = "/ntest/v1/busy";
	struct sbi_request rq2 = rq;
	rq2.roots[1] = good;
	CHECK_EQ(sbi_client_send(c, &rq2, on_resp, &a, 2), 0);
	run_until(loop, &a.done, 2, 3000);
	/* good has no /busy route of 503: it answers from its own table. */
	CHECK_EQ(a.attempts, 2);
	CHECK_STR(a.root, good);

	/* Only dead instances: the caller gets the failure, no answer. */
	rq.roots[0] = dead;
	rq.roots[1] = dead;
	rq.path = "/ntest/v1/items/r";
	CHECK_EQ(sbi_client_send(c, &rq, on_resp, &a, 3), 0);
	run_until(loop, &a.done, 3, 3000);
	CHECK_EQ(a.err, -E_IO);
	CHECK_EQ(a.status, 0);
	CHECK_EQ(a.attempts, 2);
	struct sbi_client_stats cs;
	sbi_client_get_stats(c, &cs);
	CHECK_EQ(cs.retries, 3);
	sbi_client_free(c);
	sbi_server_free(s);
	sbi_server_free(busy);
	ev_run_once(loop, 0);
	ev_loop_free(loop);
}

static void silent_peer_connection_is_dropped_after_timeouts(void)
{
	/* A TCP listener that never speaks HTTP/2: connections come up at the
	 * TCP level and then nothing answers. */
	int lfd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t l = sizeof(a);
	CHECK_EQ(bind(lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	CHECK_EQ(listen(lfd, 8), 0);
	getsockname(lfd, (struct sockaddr *)&a, &l);
	struct ev_loop *loop = ev_loop_new("t");
	struct sbi_client *c = mk_client(loop, 100, NULL);
	char uri[128];
	snprintf(uri, sizeof(uri), "http://127.0.0.1:%u/ntest/v1/items/x", ntohs(a.sin_port));
	struct answer ans = { 0 };
	for (int i = 1; i <= 3; i++) {
		CHECK_EQ(get(loop, c, uri, &ans), 0);
		CHECK_EQ(ans.done, i);
		CHECK_EQ(ans.err, -E_TIMEOUT);
	}
	struct sbi_client_stats cs;
	sbi_client_get_stats(c, &cs);
	/* Two silent timeouts drop the connection: the third request has a new one. */
	CHECK_EQ(cs.conns_opened, 2);
	CHECK_EQ(cs.timeouts, 3);
	sbi_client_free(c);
	ev_run_once(loop, 0);
	ev_loop_free(loop);
	close(lfd);
}

static void server_survives_running_out_of_descriptors(void)
{
	struct ev_loop *loop = ev_loop_new("t");
	struct sbi_server *s = mk_server(loop, NULL, NULL);
	struct sbi_client *c = mk_client(loop, 2000, NULL);
	struct rlimit old, low;
	getrlimit(RLIMIT_NOFILE, &old);
	low = old;
	low.rlim_cur = 64;
	CHECK_EQ(setrlimit(RLIMIT_NOFILE, &low), 0);
	/* Connections wait in the backlog while this process has no
	 * descriptor left for accept(). */
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK),
				 .sin_port = htons(sbi_server_port(s)) };
	int fds[128], n = 0;
	while (n < 128) {
		int fd = socket(AF_INET, SOCK_STREAM, 0);
		if (fd < 0)
			break;
		fds[n++] = fd;
		if (connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
			break;
	}
	CHECK(n > 0 && n < 128);
	run_for(loop, 250);
	for (int i = 0; i < n; i++)
		close(fds[i]);
	setrlimit(RLIMIT_NOFILE, &old);
	struct answer ans = { 0 };
	char uri[256];
	uri_of(uri, sizeof(uri), s, "/ntest/v1/items/fd");
	CHECK_EQ(get(loop, c, uri, &ans), 0);
	CHECK_EQ(ans.status, 200);
	CHECK_STR(ans.id, "fd");
	sbi_client_free(c);
	sbi_server_free(s);
	ev_run_once(loop, 0);
	ev_loop_free(loop);
}

static void garbage_on_the_wire_closes_only_that_connection(void)
{
	struct ev_loop *loop = ev_loop_new("t");
	struct sbi_server *s = mk_server(loop, NULL, NULL);
	struct sbi_client *c = mk_client(loop, 2000, NULL);
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK),
				 .sin_port = htons(sbi_server_port(s)) };
#define JUNK(s)                                                                                    \
	{                                                                                          \
		s, sizeof(s) - 1                                                                   \
	}
	static const struct {
		const char *p;
		size_t n;
	} junk[] = {
		JUNK("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), /* HTTP/1.1, no upgrade */
		JUNK("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\xff\xff\xff\x04\x00\x00\x00\x00\x00"), /* oversized frame */
		JUNK("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09"), /* noise */
	};
#undef JUNK
	for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		int fd = socket(AF_INET, SOCK_STREAM, 0);
		CHECK_EQ(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
		CHECK_EQ(write(fd, junk[i].p, junk[i].n), (ssize_t)junk[i].n);
		run_for(loop, 30);
		/* The server ends that connection (GOAWAY and/or close). */
		char buf[256];
		ssize_t got, total = 0;
		while ((got = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0)
			total += got;
		CHECK(got == 0 || (got < 0 && total > 0));
		close(fd);
	}
	struct answer ans = { 0 };
	char uri[256];
	uri_of(uri, sizeof(uri), s, "/ntest/v1/items/alive");
	CHECK_EQ(get(loop, c, uri, &ans), 0);
	CHECK_EQ(ans.status, 200);
	struct sbi_server_stats ss;
	sbi_server_get_stats(s, &ss);
	CHECK_EQ(ss.conns_open, 1);
	sbi_client_free(c);
	sbi_server_free(s);
	ev_run_once(loop, 0);
	ev_loop_free(loop);
}

static void shutdown_sends_goaway_and_stops_accepting(void)
{
	struct ev_loop *loop = ev_loop_new("t");
	struct sbi_server *s = mk_server(loop, NULL, NULL);
	struct sbi_client *c = mk_client(loop, 1000, NULL);
	struct answer a = { 0 }, b = { 0 };
	char uri[256];
	nparked = 0;
	uri_of(uri, sizeof(uri), s, "/ntest/v1/async");
	struct sbi_request rq = { .method = SBI_GET, .uri = uri };
	CHECK_EQ(sbi_client_send(c, &rq, on_resp, &a, 1), 0);
	run_for(loop, 50);
	CHECK_EQ(nparked, 1);
	sbi_server_shutdown(s);
	run_for(loop, 50);
	struct sbi_client_stats cs;
	sbi_client_get_stats(c, &cs);
	CHECK_EQ(cs.goaway_rx, 1);
	/* The stream in progress still gets its answer after GOAWAY. */
	struct sbi_req *r = sbi_server_find(s, parked[0]);
	CHECK(r != NULL);
	if (r)
		sbi_respond(r, 204, NULL, NULL, 0);
	run_until(loop, &a.done, 1, 2000);
	CHECK_EQ(a.status, 204);
	/* New requests find no listener. */
	uri_of(uri, sizeof(uri), s, "/ntest/v1/items/x");
	CHECK_EQ(get(loop, c, uri, &b), 0);
	CHECK_EQ(b.err, -E_IO);
	sbi_client_free(c);
	sbi_server_free(s);
	ev_run_once(loop, 0);
	ev_loop_free(loop);
}

/* A self-signed P-256 certificate for 127.0.0.1 (SAN IP), written to dir. */
static int make_cert(const char *cert, const char *key)
{
	EVP_PKEY *pk = EVP_EC_gen("P-256");
	X509 *x = X509_new();
	if (!pk || !x)
		return -1;
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
	X509_gmtime_adj(X509_getm_notBefore(x), -60);
	X509_gmtime_adj(X509_getm_notAfter(x), 3600);
	X509_set_pubkey(x, pk);
	X509_NAME *n = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)"ngcore-test", -1,
				   -1, 0);
	X509_set_issuer_name(x, n);
	X509V3_CTX v3;
	X509V3_set_ctx_nodb(&v3);
	X509V3_set_ctx(&v3, x, x, NULL, NULL, 0);
	X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &v3, NID_subject_alt_name, "IP:127.0.0.1");
	X509_EXTENSION *bc =
		X509V3_EXT_conf_nid(NULL, &v3, NID_basic_constraints, "critical,CA:TRUE");
	X509_add_ext(x, ext, -1);
	X509_add_ext(x, bc, -1);
	X509_EXTENSION_free(ext);
	X509_EXTENSION_free(bc);
	X509_sign(x, pk, EVP_sha256());
	FILE *f = fopen(cert, "w");
	FILE *g = fopen(key, "w");
	int rc = f && g && PEM_write_X509(f, x) &&
				 PEM_write_PrivateKey(g, pk, NULL, NULL, 0, NULL, NULL)
			 ? 0
			 : -1;
	if (f)
		fclose(f);
	if (g)
		fclose(g);
	X509_free(x);
	EVP_PKEY_free(pk);
	return rc;
}

static void tls13_with_alpn_h2_and_verified_server(void)
{
	char dir[] = "/tmp/ngcore-sbi-tls-XXXXXX", cert[64], key[64], uri[256];
	CHECK(mkdtemp(dir) != NULL);
	snprintf(cert, sizeof(cert), "%s/cert.pem", dir);
	snprintf(key, sizeof(key), "%s/key.pem", dir);
	CHECK_EQ(make_cert(cert, key), 0);
	struct ev_loop *loop = ev_loop_new("t");
	struct sbi_server *s = mk_server(loop, cert, key);
	CHECK(s != NULL);
	struct sbi_client *c = mk_client(loop, 2000, cert);
	struct answer a = { 0 };
	snprintf(uri, sizeof(uri), "https://127.0.0.1:%u/ntest/v1/items/tls",
		 s ? sbi_server_port(s) : 1);
	CHECK_EQ(get(loop, c, uri, &a), 0);
	CHECK_EQ(a.err, 0);
	CHECK_EQ(a.status, 200);
	CHECK_STR(a.id, "tls");
	/* A client that does not trust the certificate gets no answer. */
	struct sbi_client *c2 = mk_client(loop, 2000, NULL);
	struct answer b = { 0 };
	CHECK_EQ(get(loop, c2, uri, &b), 0);
	CHECK(b.err != 0);
	CHECK_EQ(b.status, 0);
	/* h2c to a TLS port fails too (no plaintext served there). */
	struct answer d = { 0 };
	snprintf(uri, sizeof(uri), "http://127.0.0.1:%u/ntest/v1/items/tls",
		 s ? sbi_server_port(s) : 1);
	CHECK_EQ(get(loop, c, uri, &d), 0);
	CHECK(d.err != 0);
	sbi_client_free(c);
	sbi_client_free(c2);
	sbi_server_free(s);
	ev_run_once(loop, 0);
	ev_loop_free(loop);
	unlink(cert);
	unlink(key);
	rmdir(dir);
}

/* Server on its own thread, for the drain test. */
struct srv_thread {
	struct ev_loop *loop;
	struct sbi_server *s;
	pthread_t th;
};

static void stop_cb(struct ev_loop *loop, void *arg)
{
	struct srv_thread *t = arg;
	sbi_server_free(t->s);
	ev_stop(loop);
}

static void *srv_main(void *arg)
{
	struct srv_thread *t = arg;
	ev_run(t->loop);
	return NULL;
}

static void drain_completes_pending_requests_without_the_loop(void)
{
	struct srv_thread t = { .loop = ev_loop_new("srv") };
	t.s = mk_server(t.loop, NULL, NULL);
	CHECK(t.s != NULL);
	pthread_create(&t.th, NULL, srv_main, &t);
	struct ev_loop *loop = ev_loop_new("cli");
	struct sbi_client *c = mk_client(loop, 2000, NULL);
	struct answer a = { 0 };
	char uri[256];
	uri_of(uri, sizeof(uri), t.s, "/ntest/v1/items/d");
	struct sbi_request rq = { .method = SBI_GET, .uri = uri };
	for (int i = 0; i < 3; i++)
		CHECK_EQ(sbi_client_send(c, &rq, on_resp, &a, 1), 0);
	CHECK_EQ(sbi_client_drain(c, 2000), 0);
	CHECK_EQ(a.done, 3);
	CHECK_EQ(a.status, 200);
	sbi_client_free(c);
	ev_run_once(loop, 0);
	ev_loop_free(loop);
	ev_post(t.loop, stop_cb, &t);
	pthread_join(t.th, NULL);
	ev_run_once(t.loop, 0);
	ev_loop_free(t.loop);
}

static void freed_client_drops_pending_callbacks(void)
{
	struct ev_loop *loop = ev_loop_new("t");
	struct sbi_server *s = mk_server(loop, NULL, NULL);
	struct sbi_client *c = mk_client(loop, 2000, NULL);
	struct answer a = { 0 };
	char uri[256];
	nparked = 0;
	uri_of(uri, sizeof(uri), s, "/ntest/v1/async");
	struct sbi_request rq = { .method = SBI_GET, .uri = uri };
	CHECK_EQ(sbi_client_send(c, &rq, on_resp, &a, 1), 0);
	run_for(loop, 50);
	sbi_client_free(c);
	run_for(loop, 50);
	CHECK_EQ(a.done, 0);
	CHECK(sbi_server_find(s, parked[0]) == NULL); /* the connection went with the client */
	sbi_server_free(s);
	ev_run_once(loop, 0);
	ev_loop_free(loop);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	log_set_level(LOG_ERROR);
	RUN(client_gets_json_with_decoded_path_variable);
	RUN(headers_reach_the_handler);
	RUN(bad_requests_get_problem_json_and_server_keeps_serving);
	RUN(many_streams_share_one_connection);
	RUN(async_answer_arrives_and_late_answer_is_dropped);
	RUN(answer_for_a_freed_object_is_dropped_by_its_handle);
	RUN(retry_moves_to_the_next_instance);
	RUN(silent_peer_connection_is_dropped_after_timeouts);
	RUN(server_survives_running_out_of_descriptors);
	RUN(garbage_on_the_wire_closes_only_that_connection);
	RUN(shutdown_sends_goaway_and_stops_accepting);
	RUN(tls13_with_alpn_h2_and_verified_server);
	RUN(drain_completes_pending_requests_without_the_loop);
	RUN(freed_client_drops_pending_callbacks);
	return t_done();
}
