/* main.c — the UDR NF: configuration, start and stop. Its resources are in
 * udr-handler.c, its data views in udr-data.c. The store connection belongs
 * to the UDR's thread (lib/db: one connection per thread). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "nf/udr/udr-ctx.h"
#include "nf/udr/udr.h"

static const struct cfg_field udr_fields[] = {
	SBI_NF_CFG_FIELDS(struct udr_cfg, base),
	CFG_F_STR("db", struct udr_cfg, db),
	CFG_F_INT("ind_bits", struct udr_cfg, ind_bits, 0, 10),
	CFG_F_DURATION("busy_timeout", struct udr_cfg, busy_timeout_ms, 1, 600000),
	CFG_F_INT("max_batch", struct udr_cfg, max_batch, 1, 65536),
	CFG_F_INT("max_contexts", struct udr_cfg, max_contexts, 16, 10000000),
	CFG_FIELD_END,
};

static void udr_defaults(void *cfg, const struct core_cfg *core)
{
	struct udr_cfg *c = cfg;
	memset(c, 0, sizeof(*c));
	sbi_nf_cfg_defaults(&c->base, 7781, core);
	c->db[0] = 0; /* resolved in start(): data_dir may come from the file */
	c->ind_bits = DB_IND_BITS_DEFAULT;
	c->busy_timeout_ms = 5000;
	c->max_batch = 1024;
	c->max_contexts = 1000000;
}

static const char *udr_check(const void *cfg, const char **key)
{
	const struct udr_cfg *c = cfg;
	return sbi_nf_cfg_check(&c->base, key);
}

static void udr_free(struct ev_loop *loop, void *arg)
{
	struct udr *u = arg;
	udr_fini_state(u);
	hmap_fini(&u->ue_by_supi);
	pool_fini(&u->ues);
	free(u);
}

static const char *const udr_services[] = { "nudr-dr", NULL };

static int udr_start(struct nf_env *env)
{
	const struct udr_cfg *c = env->cfg;
	struct udr *u = calloc(1, sizeof(*u));
	int rc;

	if (!u)
		return -E_NOMEM;
	u->cfg = c;
	u->ind_bits = (unsigned)c->ind_bits;
	if (c->db[0])
		snprintf(u->db_uri, sizeof(u->db_uri), "%s", c->db);
	else
		snprintf(u->db_uri, sizeof(u->db_uri), "%s/ngcore.db", env->core->data_dir);
	/* The UDR never advances SQNs itself (its UDMs do, by compare-and-set,
	 * with the indLength it reports): lib/db's own IND setting is unused. */
	struct db_opts o = { .uri = u->db_uri, .busy_timeout_ms = (uint32_t)c->busy_timeout_ms };
	if ((rc = db_open(&u->db, &o)) < 0) {
		LOG(LOG_ERROR, "udr", "db: cannot open \"%s\": %s %s", u->db_uri, err_str(rc),
		    u->db ? db_errmsg(u->db) : "");
		free(u);
		return rc;
	}
	if ((rc = pool_init(&u->ues, "udr-ues", sizeof(struct udr_ue), (uint32_t)c->max_contexts)) <
		    0 ||
	    (rc = hmap_init(&u->ue_by_supi, 1024)) < 0)
		goto err_db;
	u->m_commits =
		metric_counter("ngcore_udr_group_commits_total",
			       "Transactions committing authentication-subscription PATCHes", NULL);
	u->m_patches =
		metric_counter("ngcore_udr_patches_total",
			       "Authentication-subscription PATCHes through group commits", NULL);
	u->m_conflicts =
		metric_counter("ngcore_udr_patch_conflicts_total",
			       "PATCHes whose test failed (SQN moved by another UDM: 409)", NULL);
	u->m_contexts =
		metric_gauge("ngcore_udr_contexts",
			     "UEs with an AMF registration or auth status held in memory", NULL);
	if ((rc = sbi_nf_init(&u->nf, env, &c->base, SBI_NF_UDR, udr_services, "udr")) < 0 ||
	    (rc = sbi_nf_serve(&u->nf, udr_routes, u)) < 0)
		goto err_db;
	env->state = u;
	LOG(LOG_INFO, "udr", "store %s (schema %d, IND %u bits), group commit up to %lld",
	    u->db_uri, db_schema_version(u->db), u->ind_bits, (long long)c->max_batch);
	return 0;
err_db:
	db_close(u->db);
	hmap_fini(&u->ue_by_supi);
	pool_fini(&u->ues);
	free(u);
	return rc;
}

static void udr_stop(struct nf_env *env)
{
	struct udr *u = env->state;
	if (!u)
		return;
	udr_flush(u); /* PATCHes of this iteration: committed and answered now */
	sbi_nf_fini(&u->nf);
	db_close(u->db);
	u->db = NULL;
	/* A flush may still be deferred on this loop: free after it ran. */
	if (ev_defer(u->nf.loop, udr_free, u) < 0)
		LOG(LOG_WARN, "udr", "cannot defer the final free; leaking the UDR's state");
	env->state = NULL;
}

const struct nf_ops udr_nf_ops = {
	.name = "udr",
	.summary = "UDR: Nudr_DataRepository (authentication and subscription data) on lib/db",
	.fields = udr_fields,
	.cfg_size = sizeof(struct udr_cfg),
	.defaults = udr_defaults,
	.check = udr_check,
	.start = udr_start,
	.stop = udr_stop,
};
