#include "lib/sbi/sbi_disc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/sbi/sbi_uri.h"

#define CACHE_MAX 64 /* cached answers kept (oldest evicted first) */
#define QUERY_MAX 1024 /* query string length */

struct entry {
	char key[QUERY_MAX]; /* the query string */
	char service[40]; /* service the roots are for ("" none) */
	uint64_t expires_ms; /* loop time when it goes stale; 0 = not cacheable */
	struct sbi_nf_profile *profiles; /* decoded, sorted by priority */
	unsigned n; /* entries in profiles */
	char roots[SBI_MAX_ROOTS][160]; /* apiRoots of service */
	unsigned nroots; /* entries in roots */
	unsigned refs; /* cache + deliveries holding it */
	bool in_cache; /* linked in d->cache */
	struct entry *next; /* cache list, newest first */
};

struct lookup {
	struct sbi_disc *d; /* owner */
	sbi_disc_cb cb; /* caller's callback */
	void *arg; /* its argument */
	uint64_t cookie; /* its cookie */
	char key[QUERY_MAX]; /* query string */
	char service[40]; /* service of the query */
	struct entry *hit; /* cache answer to deliver (deferred) */
	bool cancelled; /* sbi_disc_free: drop */
	struct lookup *prev, *next; /* d's lookups in progress */
};

struct sbi_disc {
	struct ev_loop *loop; /* NF's loop */
	struct sbi_client *client; /* NF's client */
	char nrf[128]; /* NRF apiRoot */
	char ctx[64]; /* log prefix */
	struct entry *cache; /* cached answers, newest first */
	unsigned ncache; /* entries in cache */
	struct lookup *lookups; /* lookups in progress */
	struct sbi_disc_stats st; /* counters */
};

static void entry_put(struct entry *e)
{
	if (!e || --e->refs)
		return;
	for (unsigned i = 0; i < e->n; i++)
		sbi_nf_profile_fini(&e->profiles[i]);
	free(e->profiles);
	free(e);
}

static void cache_unlink(struct sbi_disc *d, struct entry *e)
{
	for (struct entry **p = &d->cache; *p; p = &(*p)->next) {
		if (*p == e) {
			*p = e->next;
			e->in_cache = false;
			d->ncache--;
			entry_put(e);
			return;
		}
	}
}

int sbi_disc_query_string(const struct sbi_disc_query *q, char *out, size_t cap)
{
	char enc[512], js[256];
	size_t o = 0;
	int n = snprintf(out, cap, "target-nf-type=%s&requester-nf-type=%s",
			 sbi_nf_type_name(q->target), sbi_nf_type_name(q->requester));
	if (n < 0 || (size_t)n >= cap)
		return -E_NOSPC;
	o = (size_t)n;
#define ADD(name, val)                                                                             \
	do {                                                                                       \
		if (sbi_pct_encode(enc, sizeof(enc), (val)) >= sizeof(enc))                        \
			return -E_NOSPC;                                                           \
		n = snprintf(out + o, cap - o, "&%s=%s", (name), enc);                             \
		if (n < 0 || (size_t)n >= cap - o)                                                 \
			return -E_NOSPC;                                                           \
		o += (size_t)n;                                                                    \
	} while (0)
	if (q->service)
		ADD("service-names", q->service);
	if (q->requester_id)
		ADD("requester-nf-instance-id", q->requester_id);
	if (q->snssai) {
		/* TS 29.510 6.2.3.2.3.1: snssais is a JSON array in the query. */
		if (q->snssai->has_sd)
			snprintf(js, sizeof(js), "[{\"sst\":%u,\"sd\":\"%06x\"}]", q->snssai->sst,
				 q->snssai->sd & 0xffffffu);
		else
			snprintf(js, sizeof(js), "[{\"sst\":%u}]", q->snssai->sst);
		ADD("snssais", js);
	}
	if (q->dnn)
		ADD("dnn", q->dnn);
	if (q->target_plmn) {
		snprintf(js, sizeof(js),
			 q->target_plmn->mnc_len == 3 ? "[{\"mcc\":\"%03u\",\"mnc\":\"%03u\"}]"
						      : "[{\"mcc\":\"%03u\",\"mnc\":\"%02u\"}]",
			 q->target_plmn->mcc, q->target_plmn->mnc);
		ADD("target-plmn-list", js);
	}
#undef ADD
	return 0;
}

static int cmp_priority(const void *a, const void *b)
{
	const struct sbi_nf_profile *x = a, *y = b;
	/* TS 29.510 6.1.6.2.2: lower priority values are preferred; absent last. */
	uint32_t px = x->priority < 0 ? 70000u : (uint32_t)x->priority;
	uint32_t py = y->priority < 0 ? 70000u : (uint32_t)y->priority;
	return px < py ? -1 : px > py;
}

static void deliver(struct lookup *l, struct entry *e, int rc, bool cached)
{
	struct sbi_disc_result res = { .cached = cached };
	if (e) {
		res.profiles = e->profiles;
		res.n = e->n;
		for (unsigned i = 0; i < e->nroots; i++)
			res.roots[i] = e->roots[i];
		res.nroots = e->nroots;
		if (rc == 0 && e->n == 0)
			rc = -E_NOTFOUND;
	}
	l->cb(l->arg, l->cookie, rc, e ? &res : NULL);
}

static void lookup_unlink(struct sbi_disc *d, struct lookup *l)
{
	if (l->prev)
		l->prev->next = l->next;
	else if (d->lookups == l)
		d->lookups = l->next;
	if (l->next)
		l->next->prev = l->prev;
	l->prev = l->next = NULL;
}

static void cached_cb(struct ev_loop *loop, void *arg)
{
	struct lookup *l = arg;
	if (!l->cancelled) {
		lookup_unlink(l->d, l);
		deliver(l, l->hit, 0, true);
	}
	entry_put(l->hit);
	free(l);
}

static struct entry *entry_from(struct sbi_disc *d, const json_t *arr, const char *service)
{
	struct entry *e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	e->refs = 1;
	size_t cnt = json_array_size(arr);
	e->profiles = calloc(cnt ? cnt : 1, sizeof(*e->profiles));
	if (!e->profiles) {
		free(e);
		return NULL;
	}
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
	{
		struct sbi_jerr je;
		struct sbi_nf_profile *p = &e->profiles[e->n];
		if (sbi_nf_profile_decode(p, v, &je) < 0) {
			LOG_RL(LOG_NOTICE, d->ctx, "discovery: NF profile skipped: %s: %s",
			       je.param, je.reason);
			sbi_nf_profile_fini(p);
			continue;
		}
		e->n++;
	}
	qsort(e->profiles, e->n, sizeof(*e->profiles), cmp_priority);
	snprintf(e->service, sizeof(e->service), "%s", service);
	for (unsigned k = 0; k < e->n && e->nroots < SBI_MAX_ROOTS; k++)
		if (service[0] &&
		    sbi_nf_profile_api_root(&e->profiles[k], service, e->roots[e->nroots],
					    sizeof(e->roots[0])) == 0)
			e->nroots++;
	return e;
}

static void on_nrf_answer(void *arg, uint64_t cookie, const struct sbi_resp *rsp)
{
	struct lookup *l = arg;
	struct sbi_disc *d = l->d;
	lookup_unlink(d, l);
	int rc = rsp->err;
	json_t *arr = NULL;
	uint32_t validity = 0;
	struct sbi_jerr je;
	if (!rc && rsp->status != 200) {
		LOG_RL(LOG_NOTICE, d->ctx, "discovery %s: NRF answered %d", l->key, rsp->status);
		rc = rsp->status == 404 ? -E_NOTFOUND : -E_PROTO;
	}
	json_t *body = rc ? NULL : sbi_resp_json(rsp);
	if (!rc && (!body || sbi_search_result_decode(body, &validity, &arr, &je) < 0)) {
		LOG_RL(LOG_NOTICE, d->ctx, "discovery %s: bad SearchResult", l->key);
		rc = -E_PROTO;
	}
	if (rc) {
		deliver(l, NULL, rc, false);
		free(l);
		return;
	}
	struct entry *e = entry_from(d, arr, l->service);
	if (!e) {
		deliver(l, NULL, -E_NOMEM, false);
		free(l);
		return;
	}
	snprintf(e->key, sizeof(e->key), "%s", l->key);
	if (validity) {
		/* TS 29.510 6.2.6.2.2: cached for validityPeriod seconds. */
		e->expires_ms = ev_now_ms(d->loop) + (uint64_t)validity * 1000u;
		for (struct entry *o = d->cache; o; o = o->next) {
			if (strcmp(o->key, e->key) == 0) {
				cache_unlink(d, o);
				break;
			}
		}
		if (d->ncache == CACHE_MAX) {
			struct entry *last = d->cache;
			while (last->next)
				last = last->next;
			cache_unlink(d, last);
		}
		e->refs++;
		e->in_cache = true;
		e->next = d->cache;
		d->cache = e;
		d->ncache++;
	}
	deliver(l, e, 0, false);
	entry_put(e);
	free(l);
}

int sbi_disc_find(struct sbi_disc *d, const struct sbi_disc_query *q, sbi_disc_cb cb, void *arg,
		  uint64_t cookie)
{
	if (!q || !cb || q->target == SBI_NF_OTHER || q->requester == SBI_NF_OTHER)
		return -E_INVAL;
	struct lookup *l = calloc(1, sizeof(*l));
	if (!l)
		return -E_NOMEM;
	l->d = d;
	l->cb = cb;
	l->arg = arg;
	l->cookie = cookie;
	snprintf(l->service, sizeof(l->service), "%s", q->service ? q->service : "");
	int rc = sbi_disc_query_string(q, l->key, sizeof(l->key));
	if (rc < 0) {
		free(l);
		return rc;
	}
	d->st.lookups++;
	uint64_t now = ev_now_ms(d->loop);
	for (struct entry *e = d->cache; e; e = e->next) {
		if (strcmp(e->key, l->key) != 0)
			continue;
		if (now >= e->expires_ms) {
			cache_unlink(d, e);
			break;
		}
		d->st.cache_hits++;
		e->refs++;
		l->hit = e;
		if (ev_defer(d->loop, cached_cb, l) < 0) {
			entry_put(e);
			free(l);
			return -E_NOMEM;
		}
		l->next = d->lookups;
		if (d->lookups)
			d->lookups->prev = l;
		d->lookups = l;
		return 0;
	}
	char path[QUERY_MAX + 64];
	snprintf(path, sizeof(path), "/nnrf-disc/v1/nf-instances?%s", l->key);
	struct sbi_request rq = { .method = SBI_GET, .nroots = 1, .path = path };
	rq.roots[0] = d->nrf;
	rc = sbi_client_send(d->client, &rq, on_nrf_answer, l, 0);
	if (rc < 0) {
		free(l);
		return rc;
	}
	d->st.nrf_queries++;
	l->next = d->lookups;
	if (d->lookups)
		d->lookups->prev = l;
	d->lookups = l;
	return 0;
}

void sbi_disc_invalidate(struct sbi_disc *d, const char *nf_instance_id)
{
	for (struct entry *e = d->cache, *nx; e; e = nx) {
		nx = e->next;
		bool hit = !nf_instance_id;
		for (unsigned i = 0; i < e->n && !hit; i++)
			hit = strcmp(e->profiles[i].nf_instance_id, nf_instance_id) == 0;
		if (hit)
			cache_unlink(d, e);
	}
}

struct sbi_disc *sbi_disc_new(struct ev_loop *loop, struct sbi_client *client, const char *nrf_uri,
			      const char *ctx)
{
	struct sbi_uri u;
	if (!nrf_uri || sbi_uri_parse(&u, nrf_uri) < 0)
		return NULL;
	struct sbi_disc *d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->loop = loop;
	d->client = client;
	snprintf(d->nrf, sizeof(d->nrf), "%s", nrf_uri);
	size_t l = strlen(d->nrf);
	while (l && d->nrf[l - 1] == '/')
		d->nrf[--l] = 0;
	snprintf(d->ctx, sizeof(d->ctx), "%s", ctx ? ctx : "disc");
	return d;
}

static void disc_free_cb(struct ev_loop *loop, void *arg)
{
	free(arg);
}

void sbi_disc_free(struct sbi_disc *d)
{
	if (!d)
		return;
	while (d->lookups) {
		struct lookup *l = d->lookups;
		lookup_unlink(d, l);
		l->cancelled = true;
		if (!l->hit) {
			/* In flight at the NRF: the client will not call back. */
			sbi_client_forget(d->client, l);
			free(l);
		}
		/* A cache answer waiting in ev_defer frees itself. */
	}
	while (d->cache)
		cache_unlink(d, d->cache);
	if (ev_defer(d->loop, disc_free_cb, d) < 0)
		free(d);
}

void sbi_disc_get_stats(const struct sbi_disc *d, struct sbi_disc_stats *st)
{
	*st = d->st;
}
