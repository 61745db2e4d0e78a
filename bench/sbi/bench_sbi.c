/* bench_sbi — NRF discovery over one HTTP/2 (h2c) connection, with 1 and
 * with 64 requests in flight, beside the same server answering a fixed body
 * (the very bytes of that discovery answer) in the same run: the difference
 * is the NRF's own work (query parsing, matching, JSON encoding); the fixed
 * body is the framework's ceiling on this machine.
 *
 * Server (NRF) and client run on two threads, each with its own lib/ev loop,
 * over loopback. Figures: requests/s, p50 and p99 latency.
 * BENCH_SECONDS (default 2) sets the length of each measurement.
 */
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench.h"
#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/sbi/sbi_client.h"
#include "lib/sbi/sbi_server.h"
#include "nf/nrf/nrf.h"

#define NFS	100 /* NF profiles registered before measuring */
#define TARGETS 4 /* of which AUSFs (the discovery answer) */

struct srv {
	struct ev_loop *loop; /* server loop */
	struct nrf_ctx *nrf; /* the NRF */
	pthread_t th; /* its thread */
	sem_t ready; /* posted when listening */
	uint16_t port; /* its port */
	char *fixed; /* the fixed body */
	size_t fixed_len; /* its length */
};

static void h_fixed(struct sbi_req *req, void *arg)
{
	struct srv *s = arg;
	sbi_respond(req, 200, SBI_CT_JSON, s->fixed, s->fixed_len);
}

static void *srv_main(void *arg)
{
	struct srv *s = arg;
	struct nrf_cfg cfg;
	struct plmn plmn = { 1, 1, 2 };
	nrf_cfg_defaults(&cfg);
	cfg.sbi.port = 0;
	cfg.heartbeat_s = 3600;
	s->nrf = nrf_ctx_new(s->loop, &cfg, &plmn);
	if (!s->nrf || nrf_ctx_start(s->nrf) < 0 ||
	    sbi_server_route(nrf_ctx_server(s->nrf), SBI_GET, "/nbench/v1/fixed", h_fixed, s, 0) <
		    0) {
		fprintf(stderr, "bench_sbi: cannot start the NRF\n");
		exit(1);
	}
	s->port = sbi_server_port(nrf_ctx_server(s->nrf));
	sem_post(&s->ready);
	ev_run(s->loop);
	return NULL;
}

static void srv_stop(struct ev_loop *loop, void *arg)
{
	struct srv *s = arg;
	nrf_ctx_free(s->nrf);
	ev_stop(loop);
}

struct run {
	struct ev_loop *loop; /* client loop */
	struct sbi_client *cl; /* client (one connection to the server) */
	char uri[256]; /* what to ask */
	uint64_t end_ns; /* stop sending after this */
	uint64_t *lat; /* latencies, ns */
	size_t nlat, cap; /* used / allocated */
	unsigned inflight; /* requests in flight */
	uint64_t errors; /* answers other than 200 */
	size_t body_len; /* last body length */
	bool keep; /* keep the last JSON body (setup only: parsing costs) */
	json_t *last; /* last JSON body when keep */
};

static void send_one(struct run *r);

static void on_done(void *arg, uint64_t cookie, const struct sbi_resp *rsp)
{
	struct run *r = arg;
	uint64_t now = ev_clock_ns();
	r->inflight--;
	if (rsp->err || (rsp->status != 200 && rsp->status != 201)) {
		r->errors++;
	} else {
		if (r->nlat == r->cap) {
			size_t cap = r->cap ? r->cap * 2 : 65536;
			uint64_t *l = realloc(r->lat, cap * sizeof(*l));
			if (!l)
				exit(1);
			r->lat = l;
			r->cap = cap;
		}
		r->lat[r->nlat++] = now - cookie;
		r->body_len = rsp->body_len;
	}
	if (r->keep) {
		if (r->last)
			json_decref(r->last);
		r->last = sbi_resp_json(rsp) ? json_incref(sbi_resp_json(rsp)) : NULL;
	}
	if (now < r->end_ns)
		send_one(r);
}

static void send_one(struct run *r)
{
	struct sbi_request rq = { .method = SBI_GET, .uri = r->uri, .timeout_ms = 10000 };
	if (sbi_client_send(r->cl, &rq, on_done, r, ev_clock_ns()) == 0)
		r->inflight++;
}

struct figure {
	double rps; /* requests per second */
	double p50_us; /* median latency */
	double p99_us; /* 99th percentile latency */
	uint64_t n; /* answers */
	uint64_t errors; /* failures */
};

static struct figure measure(struct ev_loop *loop, struct sbi_client *cl, const char *uri,
			     unsigned depth, double seconds)
{
	struct run r = { .loop = loop, .cl = cl };
	snprintf(r.uri, sizeof(r.uri), "%s", uri);
	/* Warm-up: a short burst, not counted. */
	r.end_ns = ev_clock_ns() + 200000000ull;
	for (unsigned i = 0; i < depth; i++)
		send_one(&r);
	while (r.inflight)
		ev_run_once(loop, 10);
	r.nlat = 0;
	r.errors = 0;
	uint64_t t0 = ev_clock_ns();
	r.end_ns = t0 + (uint64_t)(seconds * 1e9);
	for (unsigned i = 0; i < depth; i++)
		send_one(&r);
	while (r.inflight)
		ev_run_once(loop, 10);
	uint64_t t1 = ev_clock_ns();
	struct figure f = { .n = r.nlat, .errors = r.errors };
	f.rps = bench_per_s((double)r.nlat, t1 - t0);
	if (r.nlat) {
		bench_sort_u64(r.lat, r.nlat);
		f.p50_us = (double)bench_quantile(r.lat, r.nlat, 0.5) / 1e3;
		f.p99_us = (double)bench_quantile(r.lat, r.nlat, 0.99) / 1e3;
	}
	free(r.lat);
	if (r.last)
		json_decref(r.last);
	return f;
}

/* Registers NFS profiles (TARGETS of them AUSFs offering nausf-auth). */
static void populate(struct ev_loop *loop, struct sbi_client *cl, uint16_t port)
{
	static const char *const types[] = { "UDM", "UDR", "AMF", "SMF", "PCF" };
	struct run r = { .loop = loop, .cl = cl, .end_ns = 0 };
	for (int i = 0; i < NFS; i++) {
		char id[40], uri[160], ip[20];
		snprintf(id, sizeof(id), "%08x-0000-4000-8000-%012x", i + 1, i + 1);
		snprintf(uri, sizeof(uri), "http://127.0.0.1:%u/nnrf-nfm/v1/nf-instances/%s", port,
			 id);
		snprintf(ip, sizeof(ip), "10.200.%d.%d", i / 200, i % 200 + 1);
		bool ausf = i % (NFS / TARGETS) == 0;
		const char *type = ausf ? "AUSF" : types[i % 5];
		json_t *p = json_pack("{sssssss[s]s[{sisi}]s[{sssss[{ssss}]sssss[{sssi}]}]si}",
				      "nfInstanceId", id, "nfType", type, "nfStatus", "REGISTERED",
				      "ipv4Addresses", ip, "sNssais", "sst", 1, "sst", 1,
				      "nfServices", "serviceInstanceId", "1", "serviceName",
				      ausf ? "nausf-auth" : "nx-other", "versions",
				      "apiVersionInUri", "v1", "apiFullVersion", "1.2.2", "scheme",
				      "http", "nfServiceStatus", "REGISTERED", "ipEndPoints",
				      "ipv4Address", ip, "port", 8000 + i, "priority", i);
		struct sbi_request rq = { .method = SBI_PUT, .uri = uri, .json = p };
		if (!p || sbi_client_send(cl, &rq, on_done, &r, ev_clock_ns()) < 0)
			exit(1);
		r.inflight++;
		json_decref(p);
	}
	while (r.inflight)
		ev_run_once(loop, 10);
	if (r.errors) {
		fprintf(stderr, "bench_sbi: %llu registrations failed\n",
			(unsigned long long)r.errors);
		exit(1);
	}
	free(r.lat);
	if (r.last)
		json_decref(r.last);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	log_set_level(LOG_WARN);
	double secs = getenv("BENCH_SECONDS") ? atof(getenv("BENCH_SECONDS")) : 2.0;
	if (secs <= 0)
		secs = 2.0;
	struct srv s = { .loop = ev_loop_new("nrf") };
	sem_init(&s.ready, 0, 0);
	pthread_create(&s.th, NULL, srv_main, &s);
	sem_wait(&s.ready);

	struct ev_loop *loop = ev_loop_new("client");
	struct sbi_client *cl = sbi_client_new(loop, NULL, "bench");
	populate(loop, cl, s.port);

	char disc[256], fixed[128];
	snprintf(disc, sizeof(disc),
		 "http://127.0.0.1:%u/nnrf-disc/v1/nf-instances?target-nf-type=AUSF"
		 "&requester-nf-type=AMF&service-names=nausf-auth",
		 s.port);
	snprintf(fixed, sizeof(fixed), "http://127.0.0.1:%u/nbench/v1/fixed", s.port);
	/* The fixed body: exactly what the discovery answers. */
	struct run one = { .loop = loop, .cl = cl, .keep = true };
	snprintf(one.uri, sizeof(one.uri), "%s", disc);
	send_one(&one);
	while (one.inflight)
		ev_run_once(loop, 10);
	if (!one.last) {
		fprintf(stderr, "bench_sbi: discovery gave no answer\n");
		return 1;
	}
	size_t found = json_array_size(json_object_get(one.last, "nfInstances"));
	char *body = json_dumps(one.last, JSON_COMPACT);
	json_decref(one.last);
	free(one.lat);
	/* Handed to the server thread before its first fixed request. */
	s.fixed = body;
	s.fixed_len = strlen(body);

	printf("bench_sbi: %d NFs registered, discovery finds %zu AUSFs (%zu-byte answer);\n"
	       "one h2c connection over loopback, client and NRF on two threads, %.1f s each\n\n",
	       NFS, found, s.fixed_len, secs);
	printf("%-28s %9s %12s %10s %10s\n", "", "in flight", "requests/s", "p50 us", "p99 us");
	struct figure f[2][2];
	unsigned depths[2] = { 1, 64 };
	for (int d = 0; d < 2; d++) {
		f[d][0] = measure(loop, cl, fixed, depths[d], secs);
		f[d][1] = measure(loop, cl, disc, depths[d], secs);
		printf("%-28s %9u %12.0f %10.1f %10.1f\n", "fixed body (reference)", depths[d],
		       f[d][0].rps, f[d][0].p50_us, f[d][0].p99_us);
		printf("%-28s %9u %12.0f %10.1f %10.1f\n", "NRF discovery", depths[d], f[d][1].rps,
		       f[d][1].p50_us, f[d][1].p99_us);
	}
	printf("\ndiscovery / fixed body, requests/s: %.2f with 1 in flight, %.2f with 64\n",
	       f[0][1].rps / f[0][0].rps, f[1][1].rps / f[1][0].rps);
	uint64_t errors = f[0][0].errors + f[0][1].errors + f[1][0].errors + f[1][1].errors;
	struct sbi_client_stats cs;
	sbi_client_get_stats(cl, &cs);
	printf("connections opened: %llu, failed requests: %llu\n",
	       (unsigned long long)cs.conns_opened, (unsigned long long)errors);

	sbi_client_free(cl);
	ev_run_once(loop, 0);
	ev_loop_free(loop);
	ev_post(s.loop, srv_stop, &s);
	pthread_join(s.th, NULL);
	ev_run_once(s.loop, 0);
	ev_loop_free(s.loop);
	free(body);
	return errors ? 1 : 0;
}
