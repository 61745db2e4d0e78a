/* main.c — the AUSF NF: configuration, start and stop. Its service is in
 * ausf-handler.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/crypto/ct.h"
#include "nf/ausf/ausf-ctx.h"
#include "nf/ausf/ausf.h"

static const struct cfg_field plmn_item[] = {
	{ .type = CFG_PLMN, .size = sizeof(struct plmn) },
};

static const struct cfg_field ausf_fields[] = {
	SBI_NF_CFG_FIELDS(struct ausf_cfg, base),
	CFG_F_STR("udm_uri", struct ausf_cfg, udm_uri),
	CFG_F_DURATION("ctx_ttl", struct ausf_cfg, ctx_ttl_ms, 1000, 3600000),
	CFG_F_INT("max_contexts", struct ausf_cfg, max_contexts, 16, 4000000),
	CFG_F_LIST("serving_plmns", struct ausf_cfg, serving_plmns, n_serving_plmns, plmn_item),
	CFG_FIELD_END,
};

static void ausf_defaults(void *cfg, const struct core_cfg *core)
{
	struct ausf_cfg *c = cfg;
	memset(c, 0, sizeof(*c));
	sbi_nf_cfg_defaults(&c->base, 7779, core);
	c->ctx_ttl_ms = 30000;
	c->max_contexts = 131072;
}

static const char *ausf_check(const void *cfg, const char **key)
{
	const struct ausf_cfg *c = cfg;
	const char *why = sbi_nf_cfg_check_uri(c->udm_uri, "udm_uri", key);
	return why ? why : sbi_nf_cfg_check(&c->base, key);
}

static const char *const ausf_services[] = { "nausf-auth", NULL };

static void ausf_free(struct ev_loop *loop, void *arg)
{
	struct ausf *a = arg;
	ausf_fini_ctxs(a);
	hmap_fini(&a->by_id);
	pool_fini(&a->ctxs);
	free(a);
}

static int ausf_start(struct nf_env *env)
{
	const struct ausf_cfg *c = env->cfg;
	struct ausf *a = calloc(1, sizeof(*a));
	int rc;

	if (!a)
		return -E_NOMEM;
	a->cfg = c;
	if ((rc = pool_init(&a->ctxs, "ausf-ctx", sizeof(struct ausf_ctx),
			    (uint32_t)c->max_contexts)) < 0 ||
	    (rc = hmap_init(&a->by_id, 1024)) < 0)
		goto err;
	a->ctxs.wipe = true; /* contexts hold XRES* and K_AUSF */
	a->udm = (struct sbi_nf_peer){ SBI_NF_UDM, "nudm-ueau", c->udm_uri };
	static const char *const res[] = { "success", "failure", "expired" };
	sbi_nf_counters(a->m_result, 3, "ngcore_ausf_auth_results_total",
			"5G AKA authentications by result", "result", res);
	a->m_ctxs = metric_gauge("ngcore_ausf_contexts", "AUSF authentication contexts", NULL);
	if ((rc = sbi_nf_init(&a->nf, env, &c->base, SBI_NF_AUSF, ausf_services, "ausf")) < 0 ||
	    (rc = sbi_nf_serve(&a->nf, ausf_routes, a)) < 0)
		goto err;
	env->state = a;
	LOG(LOG_INFO, "ausf", "UDM: %s%s%s; contexts live %lld ms",
	    a->nf.disc ? "NRF discovery" : "no NRF", c->udm_uri[0] ? ", then " : "", c->udm_uri,
	    (long long)c->ctx_ttl_ms);
	return 0;
err:
	hmap_fini(&a->by_id);
	pool_fini(&a->ctxs);
	free(a);
	return rc;
}

static void ausf_stop(struct nf_env *env)
{
	struct ausf *a = env->state;
	if (!a)
		return;
	sbi_nf_fini(&a->nf);
	ausf_fini_ctxs(a); /* timers stopped now, before the loop ends */
	if (ev_defer(a->nf.loop, ausf_free, a) < 0)
		ausf_free(a->nf.loop, a);
	env->state = NULL;
	crypto_thread_release();
}

const struct nf_ops ausf_nf_ops = {
	.name = "ausf",
	.summary = "AUSF: Nausf UE authentication (5G AKA)",
	.fields = ausf_fields,
	.cfg_size = sizeof(struct ausf_cfg),
	.defaults = ausf_defaults,
	.check = ausf_check,
	.start = ausf_start,
	.stop = ausf_stop,
};
