/* ctx.c — the NRF's store of NF instances and subscriptions. */
#include "nf/nrf/ctx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/core/err.h"
#include "lib/core/log.h"

/* NF instance ids are UUIDs: compared without regard to case (RFC 4122 3). */
static size_t id_key(char out[40], const char *id)
{
	size_t n = 0;
	for (; id[n] && n < 39; n++)
		out[n] = (char)(id[n] >= 'A' && id[n] <= 'Z' ? id[n] + 32 : id[n]);
	out[n] = 0;
	return id[n] ? 0 : n;
}

struct nrf_nf *nrf_nf_find(struct nrf_ctx *ctx, const char *id)
{
	char k[40];
	uint64_t v;
	size_t n = id_key(k, id);
	if (!n || hmap_get(&ctx->nf_by_id, k, n, &v) < 0)
		return NULL;
	return pool_get(&ctx->nfs, handle_unpack(v));
}

/* Forgets nf without telling anyone. */
static void nrf_nf_drop(struct nrf_ctx *ctx, struct nrf_nf *nf)
{
	ev_timer_stop(ctx->loop, &nf->hb);
	hmap_del(&ctx->nf_by_id, nf->id, strlen(nf->id));
	sbi_nf_profile_fini(&nf->prof);
	if (nf->json)
		json_decref(nf->json);
	free(nf->text);
	pool_free(&ctx->nfs, nf);
	metric_set(ctx->m_nfs, ctx->nfs.used);
}

static void hb_expired(struct ev_loop *loop, struct ev_timer *t)
{
	struct nrf_nf *nf = t->data;
	/* TS 29.510 5.2.2.3.2: no heartbeat within heartBeatTimer (plus our
	 * grace): the NF is taken out of service; we remove it and tell the
	 * subscribers (NF_DEREGISTERED). */
	LOG(LOG_NOTICE, nf->ctx->ctx, "nf[%s %s]: no heartbeat for %lld s: removed", nf->id,
	    nf->prof.nf_type_str,
	    (long long)(nf->ctx->cfg.heartbeat_s + nf->ctx->cfg.heartbeat_grace_ms / 1000));
	metric_inc(nf->ctx->m_expired);
	nrf_nf_remove(nf, "heartbeat expired");
}

void nrf_nf_touch(struct nrf_nf *nf)
{
	uint64_t ms = (uint64_t)nf->ctx->cfg.heartbeat_s * 1000u +
		      (uint64_t)nf->ctx->cfg.heartbeat_grace_ms;
	ev_timer_start(nf->ctx->loop, &nf->hb, ms, hb_expired, nf);
}

int nrf_nf_set_json(struct nrf_nf *nf, json_t *json)
{
	size_t len;
	char *text = sbi_json_dump(json, &len);
	if (!text) {
		json_decref(json);
		return -E_NOMEM;
	}
	if (nf->json)
		json_decref(nf->json);
	free(nf->text);
	nf->json = json;
	nf->text = text;
	nf->text_len = len;
	return 0;
}

int nrf_nf_put(struct nrf_ctx *ctx, struct sbi_nf_profile *prof, json_t *json, struct nrf_nf **out,
	       bool *created)
{
	struct nrf_nf *nf = nrf_nf_find(ctx, prof->nf_instance_id);
	*created = nf == NULL;
	if (!nf) {
		struct handle h;
		char k[40];
		size_t kn = id_key(k, prof->nf_instance_id);
		if (!kn)
			return -E_INVAL;
		nf = pool_alloc(&ctx->nfs, &h);
		if (!nf)
			return -E_CONGESTION;
		if (hmap_set(&ctx->nf_by_id, k, kn, handle_pack(h)) < 0) {
			pool_free(&ctx->nfs, nf);
			return -E_NOMEM;
		}
		nf->ctx = ctx;
		memcpy(nf->id, k, kn + 1); /* lower case: the key */
		metric_set(ctx->m_nfs, ctx->nfs.used);
	}
	char *text;
	size_t len;
	if (!(text = sbi_json_dump(json, &len))) {
		if (*created)
			nrf_nf_drop(ctx, nf);
		return -E_NOMEM;
	}
	if (!*created) {
		sbi_nf_profile_fini(&nf->prof);
		json_decref(nf->json);
		free(nf->text);
	}
	nf->prof = *prof; /* takes prof->extra */
	prof->extra = NULL;
	nf->json = json;
	nf->text = text;
	nf->text_len = len;
	nf->registered_ms = ev_now_ms(ctx->loop);
	nrf_nf_touch(nf);
	*out = nf;
	return 0;
}

void nrf_nf_remove(struct nrf_nf *nf, const char *why)
{
	struct nrf_ctx *ctx = nf->ctx;
	metric_inc(ctx->m_dereg);
	LOG(LOG_INFO, ctx->ctx, "nf[%s %s]: deregistered (%s)", nf->id, nf->prof.nf_type_str, why);
	nrf_notify(ctx, SBI_NOTIF_NF_DEREGISTERED, nf);
	nrf_nf_drop(ctx, nf);
}

struct nrf_sub *nrf_sub_find(struct nrf_ctx *ctx, const char *id)
{
	uint64_t v;
	if (strlen(id) >= HMAP_KEY_MAX || hmap_get(&ctx->sub_by_id, id, strlen(id), &v) < 0)
		return NULL;
	return pool_get(&ctx->subs, handle_unpack(v));
}

static void sub_expired(struct ev_loop *loop, struct ev_timer *t)
{
	struct nrf_sub *s = t->data;
	LOG(LOG_INFO, s->ctx->ctx, "subscription %s: validity time reached: removed",
	    s->sd.subscription_id);
	nrf_sub_remove(s);
}

void nrf_sub_rearm(struct nrf_sub *s)
{
	time_t now = time(NULL);
	uint64_t ms = s->sd.validity_time > now ? (uint64_t)(s->sd.validity_time - now) * 1000u : 0;
	ev_timer_start(s->ctx->loop, &s->expiry, ms, sub_expired, s);
}

int nrf_sub_add(struct nrf_ctx *ctx, const struct sbi_subscription *sd, struct nrf_sub **out)
{
	struct handle h;
	/* Only conditions matches() evaluates are stored: no owned JSON in the pool. */
	if (sd->cond == SBI_COND_OTHER)
		return -E_INVAL;
	struct nrf_sub *s = pool_alloc(&ctx->subs, &h);
	if (!s)
		return -E_CONGESTION;
	s->ctx = ctx;
	s->sd = *sd;
	snprintf(s->sd.subscription_id, sizeof(s->sd.subscription_id), "%llu",
		 (unsigned long long)++ctx->next_sub);
	/* TS 29.510 5.2.2.5.2: the NRF sets validityTime (no later than what
	 * was asked, nor than our own limit). */
	time_t now = time(NULL);
	time_t cap = now + (time_t)(ctx->cfg.subscription_validity_ms / 1000);
	if (!s->sd.validity_time || s->sd.validity_time > cap)
		s->sd.validity_time = cap;
	if (hmap_set(&ctx->sub_by_id, s->sd.subscription_id, strlen(s->sd.subscription_id),
		     handle_pack(h)) < 0) {
		pool_free(&ctx->subs, s);
		return -E_NOMEM;
	}
	nrf_sub_rearm(s);
	*out = s;
	return 0;
}

void nrf_sub_remove(struct nrf_sub *s)
{
	struct nrf_ctx *ctx = s->ctx;
	ev_timer_stop(ctx->loop, &s->expiry);
	hmap_del(&ctx->sub_by_id, s->sd.subscription_id, strlen(s->sd.subscription_id));
	pool_free(&ctx->subs, s);
}

struct nrf_ctx *nrf_ctx_new(struct ev_loop *loop, const struct nrf_cfg *cfg,
			    const struct plmn *plmn)
{
	struct nrf_ctx *ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return NULL;
	ctx->loop = loop;
	ctx->cfg = *cfg;
	ctx->plmn = *plmn;
	snprintf(ctx->ctx, sizeof(ctx->ctx), "nrf");
	if (pool_init(&ctx->nfs, "nrf-nfs", sizeof(struct nrf_nf), (uint32_t)cfg->max_nfs) < 0 ||
	    pool_init(&ctx->subs, "nrf-subs", sizeof(struct nrf_sub),
		      (uint32_t)cfg->max_subscriptions) < 0 ||
	    hmap_init(&ctx->nf_by_id, (size_t)cfg->max_nfs) < 0 ||
	    hmap_init(&ctx->sub_by_id, (size_t)cfg->max_subscriptions) < 0)
		goto err;
	ctx->srv = sbi_server_new(loop, &cfg->sbi, "nrf");
	ctx->cl = sbi_client_new(loop, &cfg->client, "nrf");
	if (!ctx->srv || !ctx->cl || nrf_path_open(ctx) < 0)
		goto err;
	ctx->m_nfs = metric_gauge("ngcore_nrf_nf_instances", "NF instances registered", NULL);
	ctx->m_reg = metric_counter("ngcore_nrf_registrations_total", "NF registrations", NULL);
	ctx->m_dereg = metric_counter("ngcore_nrf_deregistrations_total",
				      "NF deregistrations, expiries included", NULL);
	ctx->m_expired = metric_counter("ngcore_nrf_heartbeat_expiries_total",
					"NFs removed for missed heartbeats", NULL);
	ctx->m_disc = metric_counter("ngcore_nrf_discoveries_total", "NF discovery requests", NULL);
	ctx->m_notif = metric_counter("ngcore_nrf_notifications_total",
				      "NF status notifications sent", NULL);
	ctx->m_notif_fail = metric_counter("ngcore_nrf_notification_failures_total",
					   "NF status notifications not answered 2xx", NULL);
	metric_set(ctx->m_nfs, 0);
	return ctx;
err:
	nrf_ctx_free(ctx);
	return NULL;
}

int nrf_ctx_start(struct nrf_ctx *ctx)
{
	return sbi_server_start(ctx->srv);
}

struct sbi_server *nrf_ctx_server(struct nrf_ctx *ctx)
{
	return ctx->srv;
}

unsigned nrf_ctx_nf_count(const struct nrf_ctx *ctx)
{
	return ctx->nfs.used;
}

static void drop_nf(void *obj, void *arg)
{
	nrf_nf_drop(arg, obj);
}

static void drop_sub(void *obj, void *arg)
{
	struct nrf_sub *s = obj;
	struct nrf_ctx *ctx = arg;
	ev_timer_stop(ctx->loop, &s->expiry);
	pool_free(&ctx->subs, s);
}

void nrf_ctx_free(struct nrf_ctx *ctx)
{
	if (!ctx)
		return;
	/* Peers get GOAWAY; registered NFs will register again with the next NRF. */
	sbi_server_free(ctx->srv);
	sbi_client_free(ctx->cl);
	if (ctx->nfs.mem)
		pool_foreach(&ctx->nfs, drop_nf, ctx);
	if (ctx->subs.mem)
		pool_foreach(&ctx->subs, drop_sub, ctx);
	pool_fini(&ctx->nfs);
	pool_fini(&ctx->subs);
	hmap_fini(&ctx->nf_by_id);
	hmap_fini(&ctx->sub_by_id);
	metric_set(ctx->m_nfs, 0);
	free(ctx);
}
