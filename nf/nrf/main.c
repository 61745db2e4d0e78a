/* main.c — the NRF as an ngcore NF: its configuration section, defaults,
 * and start/stop on its own loop thread (lib/core/nf.h). */
#include <stddef.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "nf/nrf/ctx.h"

static const char *sbi_check(const void *obj, const char **key)
{
	return sbi_server_cfg_check(obj, key);
}

static const struct cfg_field nrf_fields[] = {
	{ .key = "sbi",
	  .type = CFG_MAP,
	  .off = offsetof(struct nrf_cfg, sbi),
	  .sub = sbi_server_cfg_fields,
	  .check = sbi_check,
	  .help = "Nnrf server: addr, port, tls_cert, tls_key, limits" },
	CFG_F_MAP("client", struct nrf_cfg, client, sbi_client_cfg_fields),
	CFG_F_INT("heartbeat", struct nrf_cfg, heartbeat_s, 1, 3600),
	CFG_F_DURATION("heartbeat_grace", struct nrf_cfg, heartbeat_grace_ms, 0, 3600000),
	CFG_F_INT("validity", struct nrf_cfg, validity_s, 0, 86400),
	CFG_F_INT("max_nfs", struct nrf_cfg, max_nfs, 1, 1000000),
	CFG_F_INT("max_subscriptions", struct nrf_cfg, max_subscriptions, 1, 1000000),
	CFG_F_DURATION("subscription_validity", struct nrf_cfg, subscription_validity_ms, 1000,
		       365ll * 86400 * 1000),
	CFG_FIELD_END,
};

void nrf_cfg_defaults(struct nrf_cfg *c)
{
	memset(c, 0, sizeof(*c));
	/* src/config.c's default nrf_uri is http://127.0.0.1:7777. */
	sbi_server_cfg_defaults(&c->sbi, 7777);
	sbi_client_cfg_defaults(&c->client);
	c->heartbeat_s = 10;
	c->heartbeat_grace_ms = 5000;
	c->validity_s = 60;
	c->max_nfs = 1024;
	c->max_subscriptions = 1024;
	c->subscription_validity_ms = 86400ll * 1000;
}

static void defaults(void *cfg, const struct core_cfg *core)
{
	nrf_cfg_defaults(cfg);
}

static int start(struct nf_env *env)
{
	struct nrf_ctx *ctx = nrf_ctx_new(env->loop, env->cfg, &env->core->plmn);
	if (!ctx)
		return -E_NOMEM;
	int rc = nrf_ctx_start(ctx);
	if (rc < 0) {
		nrf_ctx_free(ctx);
		return rc;
	}
	env->state = ctx;
	return 0;
}

static void stop(struct nf_env *env)
{
	nrf_ctx_free(env->state);
	env->state = NULL;
}

const struct nf_ops nrf_nf_ops = {
	.name = "nrf",
	.summary = "NF Repository Function: NF registration, discovery, status notifications",
	.fields = nrf_fields,
	.cfg_size = sizeof(struct nrf_cfg),
	.defaults = defaults,
	.start = start,
	.stop = stop,
};
