#include "nf/common/sbi-nf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/core/metrics.h"
#include "lib/sbi/models/common.h"
#include "lib/sbi/sbi_uri.h"

void sbi_nf_cfg_defaults(struct sbi_nf_cfg *c, uint16_t port, const struct core_cfg *core)
{
	memset(c, 0, sizeof(*c));
	sbi_server_cfg_defaults(&c->sbi, port);
	sbi_client_cfg_defaults(&c->client);
	sbi_nfreg_cfg_defaults(&c->nrf, core ? core->nrf_uri : "");
}

const char *sbi_nf_cfg_check(const struct sbi_nf_cfg *c, const char **key)
{
	const char *why = sbi_server_cfg_check(&c->sbi, key);
	if (why) {
		*key = "sbi";
		return why;
	}
	if (c->instance_id[0] && !sbi_uuid_valid(c->instance_id)) {
		*key = "instance_id";
		return "must be a UUID (8-4-4-4-12 hex digits)";
	}
	return NULL;
}

const char *sbi_nf_cfg_check_uri(const char *uri, const char *uri_key, const char **key)
{
	struct sbi_uri u;
	if (!uri[0] || sbi_uri_parse(&u, uri) == 0)
		return NULL;
	*key = uri_key;
	return "must be an http:// or https:// apiRoot";
}

void sbi_nf_api_root(const struct sbi_nf *n, char *out, size_t cap)
{
	char a[64];
	const struct ip_addr *ad = &n->cfg->sbi.addr;
	uint16_t port = n->server ? sbi_server_port(n->server) : n->cfg->sbi.port;

	ip_str(ad, a, sizeof(a));
	snprintf(out, cap, "%s://%s%s%s:%u", n->cfg->sbi.tls_cert[0] ? "https" : "http",
		 ad->family == AF_INET6 ? "[" : "", a, ad->family == AF_INET6 ? "]" : "", port);
}

static void build_profile(const struct sbi_nf *n, struct sbi_nf_profile *p)
{
	const struct ip_addr *ad = &n->cfg->sbi.addr;

	sbi_nf_profile_init(p);
	snprintf(p->nf_instance_id, sizeof(p->nf_instance_id), "%s", n->instance_id);
	snprintf(p->nf_instance_name, sizeof(p->nf_instance_name), "ngcore-%s", n->name);
	p->nf_type = n->type;
	snprintf(p->nf_type_str, sizeof(p->nf_type_str), "%s", sbi_nf_type_name(n->type));
	p->nf_status = SBI_NF_REGISTERED;
	p->plmns[0] = n->core->plmn;
	p->n_plmns = 1;
	if (ad->family == AF_INET6)
		p->ipv6[p->n_ipv6++] = *ad;
	else
		p->ipv4[p->n_ipv4++] = *ad;
	p->priority = 1;
	p->capacity = 100;
	for (unsigned i = 0; i < n->n_services && i < SBI_NF_MAX_SERVICES; i++) {
		struct sbi_nf_service *s = &p->services[p->n_services++];
		memset(s, 0, sizeof(*s));
		snprintf(s->service_instance_id, sizeof(s->service_instance_id), "%s",
			 n->services[i]);
		snprintf(s->service_name, sizeof(s->service_name), "%s", n->services[i]);
		/* API major versions of Release 17 (TS 29.504 / 29.503: v2). */
		unsigned major = strcmp(n->services[i], "nudr-dr") == 0 ||
						 strcmp(n->services[i], "nudm-sdm") == 0
					 ? 2
					 : 1;
		snprintf(s->versions[0].in_uri, sizeof(s->versions[0].in_uri), "v%u", major);
		snprintf(s->versions[0].full, sizeof(s->versions[0].full), "%u.0.0", major);
		s->n_versions = 1;
		s->https = n->cfg->sbi.tls_cert[0] != 0;
		s->status = SBI_NF_REGISTERED;
		s->eps[0].addr = *ad;
		s->eps[0].port = sbi_server_port(n->server);
		s->n_eps = 1;
		s->priority = -1;
		s->capacity = -1;
	}
}

int sbi_nf_init(struct sbi_nf *n, struct nf_env *env, const struct sbi_nf_cfg *cfg_in,
		enum sbi_nf_type type, const char *const *services, const char *name)
{
	memset(n, 0, sizeof(*n));
	snprintf(n->name, sizeof(n->name), "%s", name);
	n->loop = env->loop;
	n->core = env->core;
	n->cfg_copy = *cfg_in;
	/* The section's defaults were set before the file was read: the NRF is
	 * whatever the top-level nrf_uri says now. */
	if (env->core)
		snprintf(n->cfg_copy.nrf.nrf_uri, sizeof(n->cfg_copy.nrf.nrf_uri), "%s",
			 env->core->nrf_uri);
	n->cfg = &n->cfg_copy;
	const struct sbi_nf_cfg *cfg = n->cfg;
	n->type = type;
	for (; services && *services && n->n_services < SBI_NF_MAX_SVCS; services++)
		n->services[n->n_services++] = *services;
	if (cfg->instance_id[0])
		snprintf(n->instance_id, sizeof(n->instance_id), "%s", cfg->instance_id);
	else if (sbi_uuid_v4(n->instance_id) < 0)
		return -E_IO;
	n->server = sbi_server_new(n->loop, &cfg->sbi, name);
	n->client = sbi_client_new(n->loop, &cfg->client, name);
	if (!n->server || !n->client) {
		LOG(LOG_ERROR, name, "cannot create the SBI server or client");
		sbi_nf_fini(n);
		return -E_NOMEM;
	}
	if (cfg->nrf.nrf_uri[0]) {
		n->disc = sbi_disc_new(n->loop, n->client, cfg->nrf.nrf_uri, name);
		if (!n->disc) {
			LOG(LOG_ERROR, name, "bad NRF URI \"%s\"", cfg->nrf.nrf_uri);
			sbi_nf_fini(n);
			return -E_INVAL;
		}
	}
	return 0;
}

int sbi_nf_listen(struct sbi_nf *n)
{
	char root[96];
	int rc = sbi_server_start(n->server);
	if (rc < 0)
		return rc;
	sbi_nf_api_root(n, root, sizeof(root));
	if (n->cfg->nrf.nrf_uri[0]) {
		struct sbi_nf_profile p;
		build_profile(n, &p);
		n->reg = sbi_nfreg_new(n->loop, n->client, &n->cfg->nrf, &p, NULL, NULL, n->name);
		sbi_nf_profile_fini(&p);
		if (!n->reg)
			return -E_NOMEM;
		sbi_nfreg_start(n->reg);
	}
	LOG(LOG_INFO, n->name, "SBI at %s, instance %s%s%s", root, n->instance_id,
	    n->cfg->nrf.nrf_uri[0] ? ", registering with " : " (no NRF)", n->cfg->nrf.nrf_uri);
	return 0;
}

int sbi_nf_serve(struct sbi_nf *n, const struct sbi_nf_route *routes, void *arg)
{
	int rc = 0;
	for (const struct sbi_nf_route *r = routes; r->path && rc == 0; r++)
		rc = sbi_server_route(n->server, r->m, r->path, r->cb, arg, 0);
	if (rc == 0)
		rc = sbi_nf_listen(n);
	if (rc < 0) {
		LOG(LOG_ERROR, n->name, "cannot serve SBI: %s", err_str(rc));
		sbi_nf_fini(n);
	}
	return rc;
}

struct sbi_nf_lookup {
	struct sbi_nf_lookup *next, *prev; /* n->lookups */
	struct sbi_nf *n; /* owner */
	sbi_nf_roots_cb cb; /* caller's callback */
	void *arg; /* its argument */
	uint64_t cookie; /* its cookie */
	char fallback[160]; /* static apiRoot, "" none */
};

static void lookup_unlink(struct sbi_nf_lookup *l)
{
	if (l->prev)
		l->prev->next = l->next;
	else
		l->n->lookups = l->next;
	if (l->next)
		l->next->prev = l->prev;
}

static void on_found(void *arg, uint64_t cookie, int rc, const struct sbi_disc_result *res)
{
	struct sbi_nf_lookup *l = arg;
	const char *roots[SBI_MAX_ROOTS];
	unsigned n = 0;

	if (rc == 0)
		for (unsigned i = 0; i < res->nroots && n < SBI_MAX_ROOTS; i++)
			roots[n++] = res->roots[i];
	else if (rc != -E_NOTFOUND)
		LOG_RL(LOG_WARN, l->n->name, "NF discovery failed: %s%s", err_str(rc),
		       l->fallback[0] ? " (using the configured URI)" : "");
	bool dup = false;
	for (unsigned i = 0; i < n; i++)
		dup |= strcmp(roots[i], l->fallback) == 0;
	if (l->fallback[0] && !dup && n < SBI_MAX_ROOTS)
		roots[n++] = l->fallback;
	lookup_unlink(l);
	l->cb(l->arg, l->cookie, roots, n);
	free(l);
}

int sbi_nf_peer_roots(struct sbi_nf *n, const struct sbi_nf_peer *p, sbi_nf_roots_cb cb, void *arg,
		      uint64_t cookie)
{
	const char *fb = p->fallback ? p->fallback : "";
	if (!n->disc) {
		const char *roots[1] = { fb };
		cb(arg, cookie, roots, fb[0] ? 1 : 0);
		return 0;
	}
	struct sbi_nf_lookup *l = calloc(1, sizeof(*l));
	if (!l)
		return -E_NOMEM;
	l->n = n;
	l->cb = cb;
	l->arg = arg;
	l->cookie = cookie;
	snprintf(l->fallback, sizeof(l->fallback), "%s", fb);
	struct sbi_disc_query q = { .target = p->type,
				    .requester = n->type,
				    .service = p->service,
				    .requester_id = n->instance_id };
	l->next = n->lookups;
	if (n->lookups)
		n->lookups->prev = l;
	n->lookups = l;
	int rc = sbi_disc_find(n->disc, &q, on_found, l, 0);
	if (rc < 0) {
		lookup_unlink(l);
		free(l);
	}
	return rc;
}

void sbi_nf_op_no_peer(struct sbi_nf *n, const char *op, struct sbi_req *req,
		       const struct sbi_nf_peer *p, const char *uri_key)
{
	const char *t = sbi_nf_type_name(p->type);
	LOG_RL(LOG_WARN, n->name, "no %s known (NRF has none, no %s configured)", t, uri_key);
	if (req)
		sbi_nf_op_problem(n, op, req, 504, "UPSTREAM_SERVER_ERROR", "no %s available", t);
}

void sbi_nf_request_roots(struct sbi_request *rq, const char *const *roots, unsigned n)
{
	for (unsigned i = 0; i < n && rq->nroots < SBI_MAX_ROOTS; i++)
		rq->roots[rq->nroots++] = roots[i];
}

int sbi_nf_problem(struct sbi_req *req, int status, const char *cause, const char *fmt, ...)
{
	struct sbi_problem p;
	va_list ap;

	memset(&p, 0, sizeof(p));
	p.status = status;
	snprintf(p.title, sizeof(p.title), "%s", sbi_status_text(status));
	if (cause)
		snprintf(p.cause, sizeof(p.cause), "%s", cause);
	va_start(ap, fmt);
	vsnprintf(p.detail, sizeof(p.detail), fmt, ap);
	va_end(ap);
	json_t *j = sbi_problem_encode(&p);
	if (!j)
		return sbi_respond(req, status, NULL, NULL, 0);
	return sbi_respond_json(req, status, j, SBI_CT_PROBLEM);
}

const char *sbi_nf_resp_cause(const struct sbi_resp *r)
{
	const char *c = json_string_value(json_object_get(sbi_resp_json(r), "cause"));
	return c ? c : "";
}

int sbi_nf_relay_error(struct sbi_req *req, const struct sbi_resp *r, const char *peer)
{
	if (r->err)
		return sbi_nf_problem(req, 504, "UPSTREAM_SERVER_ERROR", "%s did not answer: %s",
				      peer, err_str(r->err));
	json_t *j = sbi_resp_json(r);
	if (j && r->content_type && sbi_ct_is(r->content_type, SBI_CT_PROBLEM))
		return sbi_respond_json(req, r->status, json_incref(j), SBI_CT_PROBLEM);
	return sbi_nf_problem(req, r->status >= 400 ? r->status : 500,
			      r->status >= 500 ? "UPSTREAM_SERVER_ERROR" : NULL, "%s answered %d",
			      peer, r->status);
}

void sbi_nf_op_problem(struct sbi_nf *n, const char *op, struct sbi_req *req, int status,
		       const char *cause, const char *fmt, ...)
{
	char d[sizeof(((struct sbi_problem *)0)->detail)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d, sizeof(d), fmt, ap);
	va_end(ap);
	sbi_nf_problem(req, status, cause, "%s", d);
	sbi_nf_count(n, op, status);
}

void sbi_nf_op_json(struct sbi_nf *n, const char *op, struct sbi_req *req, int status, json_t *j)
{
	if (!j) {
		sbi_nf_op_problem(n, op, req, 500, "INSUFFICIENT_RESOURCES", "out of memory");
		return;
	}
	sbi_respond_json(req, status, j, NULL);
	sbi_nf_count(n, op, status);
}

void sbi_nf_op_empty(struct sbi_nf *n, const char *op, struct sbi_req *req, int status)
{
	sbi_respond(req, status, NULL, NULL, 0);
	sbi_nf_count(n, op, status);
}

void sbi_nf_op_jerr(struct sbi_nf *n, const char *op, struct sbi_req *req, const struct sbi_jerr *e)
{
	LOG_RL(LOG_NOTICE, req->ctx, "%s: %s: %s", op, e->param, e->reason);
	sbi_respond_jerr(req, e);
	/* sbi_respond_jerr answers a decoder that named no cause as invalid format */
	sbi_nf_count(n, op, sbi_cause_status(e->cause ? e->cause : SBI_CAUSE_INVALID_MSG_FORMAT));
}

void sbi_nf_op_relay(struct sbi_nf *n, const char *op, struct sbi_req *req,
		     const struct sbi_resp *r, const char *peer)
{
	sbi_nf_relay_error(req, r, peer);
	sbi_nf_count(n, op, r->err ? 504 : r->status >= 400 ? r->status : 500);
}

void sbi_nf_counters(struct metric **out, unsigned nvalues, const char *name, const char *help,
		     const char *label, const char *const *values)
{
	for (unsigned i = 0; i < nvalues; i++)
		out[i] = metric_counter(name, help, "%s=\"%s\"", label, values[i]);
}

void sbi_nf_count(struct sbi_nf *n, const char *op, int status)
{
	for (unsigned i = 0; i < n->n_counts; i++)
		if (n->counts[i].op == op && n->counts[i].status == status) {
			metric_inc(n->counts[i].m);
			return;
		}
	char name[64];
	snprintf(name, sizeof(name), "ngcore_%s_requests_total", n->name);
	struct metric *m = metric_counter(name, "SBI requests answered, by operation and status",
					  "op=\"%s\",status=\"%d\"", op, status);
	metric_inc(m);
	if (n->n_counts < SBI_NF_MAX_COUNTS) {
		n->counts[n->n_counts].op = op;
		n->counts[n->n_counts].status = status;
		n->counts[n->n_counts].m = m;
		n->n_counts++;
	}
}

void sbi_nf_fini(struct sbi_nf *n)
{
	if (n->reg) {
		sbi_nfreg_stop(n->reg);
		sbi_client_drain(n->client, 500);
		sbi_nfreg_free(n->reg);
		n->reg = NULL;
	}
	if (n->disc)
		sbi_disc_free(n->disc); /* drops the lookups' callbacks */
	n->disc = NULL;
	while (n->lookups) {
		struct sbi_nf_lookup *l = n->lookups;
		n->lookups = l->next;
		free(l);
	}
	if (n->server)
		sbi_server_free(n->server);
	n->server = NULL;
	if (n->client)
		sbi_client_free(n->client);
	n->client = NULL;
}
