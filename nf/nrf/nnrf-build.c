/* nnrf-build.c — bodies the NRF builds: UriList (TS 29.510 6.1.6.2.44),
 * NotificationData (6.1.6.2.17), and its own apiRoot for URIs. */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/core/log.h"
#include "nf/nrf/ctx.h"

void nrf_api_root(const struct nrf_ctx *ctx, const struct sbi_req *req, char *out, size_t cap)
{
	const char *scheme = ctx->cfg.sbi.tls_cert[0] ? "https" : "http";
	if (req && req->authority && req->authority[0]) {
		snprintf(out, cap, "%s://%s", scheme, req->authority);
		return;
	}
	char a[64];
	ip_str(&ctx->cfg.sbi.addr, a, sizeof(a));
	bool v6 = ctx->cfg.sbi.addr.family == AF_INET6;
	snprintf(out, cap, "%s://%s%s%s:%u", scheme, v6 ? "[" : "", a, v6 ? "]" : "",
		 sbi_server_port(ctx->srv));
}

struct list_walk {
	json_t *items; /* Link array */
	const char *root; /* apiRoot */
	const char *type; /* nf-type filter, NULL = all */
	int64_t limit; /* 0 = no limit */
	int64_t total; /* matching NFs */
};

static void list_one(void *obj, void *arg)
{
	struct nrf_nf *nf = obj;
	struct list_walk *w = arg;
	char href[256];
	if (w->type && strcmp(w->type, nf->prof.nf_type_str) != 0)
		return;
	w->total++;
	if (w->limit && (int64_t)json_array_size(w->items) >= w->limit)
		return;
	snprintf(href, sizeof(href), "%s/nnrf-nfm/v1/nf-instances/%s", w->root, nf->id);
	json_array_append_new(w->items, json_pack("{ss}", "href", href));
}

json_t *nrf_build_uri_list(struct nrf_ctx *ctx, const char *root, const char *nf_type,
			   int64_t limit)
{
	struct list_walk w = {
		.items = json_array(), .root = root, .type = nf_type, .limit = limit
	};
	char self[256];
	if (!w.items)
		return NULL;
	pool_foreach(&ctx->nfs, list_one, &w);
	snprintf(self, sizeof(self), "%s/nnrf-nfm/v1/nf-instances", root);
	json_t *links = json_pack("{s{ss}}", "self", "href", self);
	if (!links) {
		json_decref(w.items);
		return NULL;
	}
	/* "item" is an array of at least one Link (TS 29.571 LinksValueSchema). */
	if (json_array_size(w.items))
		json_object_set_new(links, "item", w.items);
	else
		json_decref(w.items);
	return json_pack("{sosI}", "_links", links, "totalItemCount", (json_int_t)w.total);
}

json_t *nrf_build_notification(struct nrf_ctx *ctx, enum sbi_notif_event ev,
			       const struct nrf_nf *nf)
{
	char uri[256], root[160];
	nrf_api_root(ctx, NULL, root, sizeof(root));
	snprintf(uri, sizeof(uri), "%s/nnrf-nfm/v1/nf-instances/%s", root, nf->id);
	return sbi_notification_encode(ev, uri, nf->json);
}
