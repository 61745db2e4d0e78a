/* nnrf-path.c — the NRF's SBI endpoints: the routes of Nnrf_NFManagement
 * and Nnrf_NFDiscovery (TS 29.510 6.1.3, 6.2.3) on its server, and the
 * NFStatusNotify requests (TS 29.510 5.2.2.6) sent through its client. */
#include <stdio.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "nf/nrf/ctx.h"

int nrf_path_open(struct nrf_ctx *ctx)
{
	static const struct {
		enum sbi_method m;
		const char *tmpl;
		sbi_handler_cb cb;
	} routes[] = {
		{ SBI_GET, "/nnrf-nfm/v1/nf-instances", nrf_handle_list },
		{ SBI_GET, "/nnrf-nfm/v1/nf-instances/{nfInstanceID}", nrf_handle_get_nf },
		{ SBI_PUT, "/nnrf-nfm/v1/nf-instances/{nfInstanceID}", nrf_handle_register },
		{ SBI_PATCH, "/nnrf-nfm/v1/nf-instances/{nfInstanceID}", nrf_handle_update },
		{ SBI_DELETE, "/nnrf-nfm/v1/nf-instances/{nfInstanceID}", nrf_handle_deregister },
		{ SBI_POST, "/nnrf-nfm/v1/subscriptions", nrf_handle_subscribe },
		{ SBI_PATCH, "/nnrf-nfm/v1/subscriptions/{subscriptionID}",
		  nrf_handle_update_subscription },
		{ SBI_DELETE, "/nnrf-nfm/v1/subscriptions/{subscriptionID}",
		  nrf_handle_unsubscribe },
		{ SBI_GET, "/nnrf-disc/v1/nf-instances", nrf_handle_discover },
	};
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		int rc = sbi_server_route(ctx->srv, routes[i].m, routes[i].tmpl, routes[i].cb, ctx,
					  0);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* TS 29.510 6.1.6.2.17-18: does nf fall under s's condition? */
static bool matches(const struct nrf_sub *s, const struct nrf_nf *nf)
{
	switch (s->sd.cond) {
	case SBI_COND_NF_INSTANCE_ID: return strcmp(s->sd.cond_value, nf->id) == 0;
	case SBI_COND_NF_TYPE: return strcmp(s->sd.cond_value, nf->prof.nf_type_str) == 0;
	case SBI_COND_SERVICE_NAME:
		return sbi_nf_profile_service(&nf->prof, s->sd.cond_value) != NULL;
	case SBI_COND_NONE: return true;
	default: return false;
	}
}

static void on_notify_answer(void *arg, uint64_t cookie, const struct sbi_resp *rsp)
{
	struct nrf_ctx *ctx = arg;
	struct nrf_sub *s = pool_get(&ctx->subs, handle_unpack(cookie));
	bool ok = !rsp->err && rsp->status >= 200 && rsp->status < 300;
	if (!ok) {
		metric_inc(ctx->m_notif_fail);
		LOG_RL(LOG_NOTICE, ctx->ctx, "notification to %s: %s %d", rsp->root,
		       rsp->err ? err_str(rsp->err) : "status", rsp->status);
	}
	if (!s)
		return; /* subscription removed meanwhile */
	if (!ok)
		s->failed++;
}

struct notify_walk {
	struct nrf_ctx *ctx; /* NRF */
	enum sbi_notif_event ev; /* what happened */
	const struct nrf_nf *nf; /* to whom */
	json_t *body; /* NotificationData, built on first use */
};

static void notify_one(void *obj, void *arg)
{
	struct nrf_sub *s = obj;
	struct notify_walk *w = arg;
	if (s->sd.req_notif_events && !(s->sd.req_notif_events & (1u << w->ev)))
		return;
	if (!matches(s, w->nf))
		return;
	/* An NF is not told about itself. */
	if (s->sd.req_nf_instance_id[0] && strcmp(s->sd.req_nf_instance_id, w->nf->id) == 0)
		return;
	if (!w->body && !(w->body = nrf_build_notification(w->ctx, w->ev, w->nf)))
		return;
	struct sbi_request rq = { .method = SBI_POST,
				  .uri = s->sd.notification_uri,
				  .json = w->body,
				  .callback = "Nnrf_NFManagement_NFStatusNotify" };
	if (sbi_client_send(w->ctx->cl, &rq, on_notify_answer, w->ctx,
			    handle_pack(pool_handle(&w->ctx->subs, s))) == 0) {
		s->sent++;
		metric_inc(w->ctx->m_notif);
	}
}

void nrf_notify(struct nrf_ctx *ctx, enum sbi_notif_event ev, const struct nrf_nf *nf)
{
	struct notify_walk w = { ctx, ev, nf, NULL };
	if (!ctx->subs.used)
		return;
	LOG(LOG_DEBUG, ctx->ctx, "nf[%s]: %s", nf->id, sbi_notif_event_name(ev));
	pool_foreach(&ctx->subs, notify_one, &w);
	if (w.body)
		json_decref(w.body);
}
