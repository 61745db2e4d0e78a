/* main.c — the UDM NF: configuration, start and stop. Its services are in
 * udm-handler.c, the vector and SUCI computations in udm-av.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/crypto/ct.h"
#include "lib/db/db.h"
#include "nf/udm/udm-av.h"
#include "nf/udm/udm-ctx.h"
#include "nf/udm/udm.h"

static const struct cfg_field udm_fields[] = {
	SBI_NF_CFG_FIELDS(struct udm_cfg, base),
	CFG_F_STR("udr_uri", struct udm_cfg, udr_uri),
	CFG_F_STR("hn_keys", struct udm_cfg, hn_keys),
	CFG_F_INT("sqn_delta", struct udm_cfg, sqn_delta, 1, (int64_t)DB_SQN_MAX),
	CFG_F_INT("ind_bits", struct udm_cfg, ind_bits, 0, 10),
	CFG_F_INT("max_jobs", struct udm_cfg, max_jobs, 16, 4000000),
	CFG_F_INT("cas_retries", struct udm_cfg, cas_retries, 1, 100),
	CFG_FIELD_END,
};

static void udm_defaults(void *cfg, const struct core_cfg *core)
{
	struct udm_cfg *c = cfg;
	memset(c, 0, sizeof(*c));
	sbi_nf_cfg_defaults(&c->base, 7780, core);
	c->sqn_delta = (int64_t)DB_SQN_DELTA_DEFAULT;
	c->ind_bits = DB_IND_BITS_DEFAULT;
	c->max_jobs = 16384;
	c->cas_retries = 8;
}

static const char *udm_check(const void *cfg, const char **key)
{
	const struct udm_cfg *c = cfg;
	const char *why = sbi_nf_cfg_check_uri(c->udr_uri, "udr_uri", key);
	return why ? why : sbi_nf_cfg_check(&c->base, key);
}

static const char *const udm_services[] = { "nudm-ueau", "nudm-uecm", "nudm-sdm", NULL };

static void udm_free(struct ev_loop *loop, void *arg)
{
	struct udm *u = arg;
	udm_fini_jobs(u);
	hmap_fini(&u->busy);
	pool_fini(&u->jobs);
	hn_keys_free(u->keys);
	crypto_wipe(u, sizeof(*u));
	free(u);
}

static int udm_start(struct nf_env *env)
{
	const struct udm_cfg *c = env->cfg;
	struct udm *u = calloc(1, sizeof(*u));
	int rc, line = 0;

	if (!u)
		return -E_NOMEM;
	u->cfg = c;
	if (!(u->keys = hn_keys_new())) {
		free(u);
		return -E_NOMEM;
	}
	if (c->hn_keys[0] && (rc = hn_keys_load_list(u->keys, c->hn_keys, &line)) < 0) {
		LOG(LOG_ERROR, "udm", "hn_keys: %s line %d: %s", c->hn_keys, line, err_str(rc));
		hn_keys_free(u->keys);
		free(u);
		return -E_CONFIG;
	}
	if ((rc = pool_init(&u->jobs, "udm-jobs", sizeof(struct udm_job), (uint32_t)c->max_jobs)) <
		    0 ||
	    (rc = hmap_init(&u->busy, 1024)) < 0)
		goto err;
	u->jobs.wipe = true; /* jobs carry K and OPc between the UDR's answers */
	u->udr = (struct sbi_nf_peer){ SBI_NF_UDR, "nudr-dr", c->udr_uri };
	u->m_cas_conflicts =
		metric_counter("ngcore_udm_sqn_conflicts_total",
			       "SQN compare-and-set refused by the UDR (409): retried", NULL);
	static const char *const rs[] = { "none", "kept", "reset", "mac_failure" };
	sbi_nf_counters(u->m_resync, 4, "ngcore_udm_vectors_total",
			"5G HE AKA vectors issued, by resynchronisation outcome", "resync", rs);
	u->m_suci = metric_counter("ngcore_udm_suci_deconcealed_total",
				   "generate-auth-data requests naming a SUCI, de-concealed", NULL);
	u->m_jobs = metric_gauge("ngcore_udm_jobs", "UDM requests in progress", NULL);
	if ((rc = sbi_nf_init(&u->nf, env, &c->base, SBI_NF_UDM, udm_services, "udm")) < 0 ||
	    (rc = sbi_nf_serve(&u->nf, udm_routes, u)) < 0)
		goto err;
	env->state = u;
	LOG(LOG_INFO, "udm", "UDR: %s%s%s; %s", u->nf.disc ? "NRF discovery" : "no NRF",
	    c->udr_uri[0] ? ", then " : "", c->udr_uri,
	    c->hn_keys[0] ? "SUCI null scheme and the configured keys" : "SUCI null scheme only");
	return 0;
err:
	hmap_fini(&u->busy);
	pool_fini(&u->jobs);
	hn_keys_free(u->keys);
	free(u);
	return rc;
}

static void udm_stop(struct nf_env *env)
{
	struct udm *u = env->state;
	if (!u)
		return;
	sbi_nf_fini(&u->nf); /* pending UDR answers are dropped with the client */
	if (ev_defer(u->nf.loop, udm_free, u) < 0)
		udm_free(u->nf.loop, u);
	env->state = NULL;
	crypto_thread_release();
}

const struct nf_ops udm_nf_ops = {
	.name = "udm",
	.summary = "UDM: Nudm UE authentication (5G AKA, SUCI), UE context management, "
		   "subscriber data",
	.fields = udm_fields,
	.cfg_size = sizeof(struct udm_cfg),
	.defaults = udm_defaults,
	.check = udm_check,
	.start = udm_start,
	.stop = udm_stop,
};
