/* main.c — the AMF's configuration section (`amf:`), its checks, and
 * start/stop on the NF's own loop (lib/core/nf.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/sbi/sbi_uri.h"
#include "nf/amf/amf.h"
#include "nf/amf/ctx.h"
#include "nf/amf/sbi-path.h"
#include "nf/mgmt/status.h"

static const char *const nia_names[] = { "NIA0", "NIA1", "NIA2", "NIA3", NULL };
static const char *const nea_names[] = { "NEA0", "NEA1", "NEA2", "NEA3", NULL };

static const struct cfg_field nia_item[] = { { .type = CFG_ENUM, .names = nia_names } };
static const struct cfg_field nea_item[] = { { .type = CFG_ENUM, .names = nea_names } };
static const struct cfg_field slice_item[] = { { .type = CFG_SNSSAI } };

static const struct cfg_field tac_item[] = { { .type = CFG_INT, .min = 0, .max = 0xFFFFFF } };

static const struct cfg_field guami_fields[] = {
	CFG_F_INT("region", struct amf_guami_cfg, region, 0, 255),
	CFG_F_INT("set", struct amf_guami_cfg, set, 0, 1023),
	CFG_F_INT("pointer", struct amf_guami_cfg, pointer, 0, 63),
	CFG_FIELD_END,
};

static const struct cfg_field n2_fields[] = {
	CFG_F_IP("addr", struct amf_n2_cfg, addr),
	CFG_F_PORT("port", struct amf_n2_cfg, port),
	{ .key = "sctp",
	  .type = CFG_MAP,
	  .off = offsetof(struct amf_n2_cfg, sctp),
	  .sub = net_sctp_cfg_fields,
	  .check = net_sctp_cfg_check },
	CFG_FIELD_END,
};

#define MIN_MS 100
#define MAX_MS (int64_t)(1000LL * 3600 * 24 * 31)
static const struct cfg_field timer_fields[] = {
	CFG_F_DURATION("t3512", struct amf_timers_cfg, t3512_ms, 0, MAX_MS),
	CFG_F_DURATION("t3550", struct amf_timers_cfg, t3550_ms, MIN_MS, 600000),
	CFG_F_DURATION("t3560", struct amf_timers_cfg, t3560_ms, MIN_MS, 600000),
	CFG_F_DURATION("t3570", struct amf_timers_cfg, t3570_ms, MIN_MS, 600000),
	CFG_F_DURATION("t3522", struct amf_timers_cfg, t3522_ms, MIN_MS, 600000),
	CFG_F_DURATION("t3346", struct amf_timers_cfg, t3346_ms, 0, 186 * 60 * 1000),
	CFG_F_DURATION("mobile_reachable", struct amf_timers_cfg, mobile_reachable_ms, 0, MAX_MS),
	CFG_F_DURATION("implicit_dereg", struct amf_timers_cfg, implicit_dereg_ms, MIN_MS, MAX_MS),
	CFG_F_DURATION("release_guard", struct amf_timers_cfg, release_guard_ms, MIN_MS, 600000),
	CFG_F_DURATION("dereg_keep", struct amf_timers_cfg, dereg_keep_ms, 0, MAX_MS),
	CFG_F_INT("max_retx", struct amf_timers_cfg, max_retx, 0, 10),
	CFG_FIELD_END,
};

static const struct cfg_field name_fields[] = {
	CFG_F_STR("full", struct amf_name_cfg, full),
	CFG_F_STR("short", struct amf_name_cfg, short_),
	CFG_FIELD_END,
};

static const struct cfg_field amf_fields[] = {
	SBI_NF_CFG_FIELDS(struct amf_cfg, base),
	CFG_F_STR("name", struct amf_cfg, name),
	{ .key = "n2", .type = CFG_MAP, .off = offsetof(struct amf_cfg, n2), .sub = n2_fields },
	CFG_F_STR("ausf_uri", struct amf_cfg, ausf_uri),
	CFG_F_STR("udm_uri", struct amf_cfg, udm_uri),
	CFG_F_MAP("guami", struct amf_cfg, guami, guami_fields),
	CFG_F_LIST("tacs", struct amf_cfg, tacs, n_tacs, tac_item),
	CFG_F_LIST("slices", struct amf_cfg, slices, n_slices, slice_item),
	CFG_F_LIST("integrity", struct amf_cfg, integrity, n_integrity, nia_item),
	CFG_F_LIST("ciphering", struct amf_cfg, ciphering, n_ciphering, nea_item),
	CFG_F_MAP("timers", struct amf_cfg, timers, timer_fields),
	CFG_F_INT("unknown_subscriber_cause", struct amf_cfg, unknown_subscriber_cause, 0, 255),
	CFG_F_MAP("network_name", struct amf_cfg, network_name, name_fields),
	CFG_F_INT("max_ues", struct amf_cfg, max_ues, 1, 10000000),
	CFG_F_INT("max_gnbs", struct amf_cfg, max_gnbs, 1, 65535),
	CFG_F_INT("relative_capacity", struct amf_cfg, relative_capacity, 0, 255),
	CFG_F_BOOL("release_after_registration", struct amf_cfg, release_after_registration),
	CFG_FIELD_END,
};

static void amf_defaults(void *cfg, const struct core_cfg *core)
{
	amf_cfg_defaults(cfg, core);
}

/* PrintableString (X.680 41.4): what an AMF Name may hold. */
static bool printable(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || strchr(" '()+,-./:=?", *s)))
			return false;
	return true;
}

/* Characters the GSM 7-bit default alphabet codes as ASCII does (TS 23.038). */
static bool gsm7_plain(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || strchr(" !\"#%&'()*+,-./:;<=>?", *s)))
			return false;
	return true;
}

static const char *dup_in(const int *v, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		for (uint32_t j = i + 1; j < n; j++)
			if (v[i] == v[j])
				return "an algorithm is listed twice";
	return NULL;
}

static const char *amf_check(const void *p, const char **key)
{
	const struct amf_cfg *c = p;
	struct sbi_uri u;
	const char *why;

	if ((why = sbi_nf_cfg_check(&c->base, key)))
		return why;
	if (!c->name[0] || !printable(c->name))
		return *key = "name", "must be 1..63 PrintableString characters (letters, digits, "
				      "space, '()+,-./:=?)";
	if (c->unknown_subscriber_cause != 3 && c->unknown_subscriber_cause != 7)
		return *key = "unknown_subscriber_cause",
		       "must be 3 (illegal UE) or 7 (5GS services not allowed)";
	if (c->n_integrity == 0)
		return *key = "integrity", "needs at least one algorithm";
	for (uint32_t i = 0; i < c->n_integrity; i++)
		if (c->integrity[i] == 0)
			return *key = "integrity", "NIA0 is never used for a normal registration "
						   "(TS 33.501 5.5.2): remove it";
	if ((why = dup_in(c->integrity, c->n_integrity)))
		return *key = "integrity", why;
	if (c->n_ciphering == 0)
		return *key = "ciphering", "needs at least one algorithm";
	if ((why = dup_in(c->ciphering, c->n_ciphering)))
		return *key = "ciphering", why;
	if (!c->network_name.full[0] || !gsm7_plain(c->network_name.full))
		return *key = "network_name.full",
		       "must be 1..63 letters, digits, space or !\"#%&'()*+,-./:;<=>?";
	if (!c->network_name.short_[0] || !gsm7_plain(c->network_name.short_))
		return *key = "network_name.short",
		       "must be 1..31 letters, digits, space or !\"#%&'()*+,-./:;<=>?";
	if (c->ausf_uri[0] && sbi_uri_parse(&u, c->ausf_uri) < 0)
		return *key = "ausf_uri", "not an http:// or https:// URI";
	if (c->udm_uri[0] && sbi_uri_parse(&u, c->udm_uri) < 0)
		return *key = "udm_uri", "not an http:// or https:// URI";
	if (c->n_tacs == 0)
		return *key = "tacs", "needs at least one TAC";
	for (uint32_t i = 0; i < c->n_tacs; i++)
		for (uint32_t j = i + 1; j < c->n_tacs; j++)
			if (c->tacs[i] == c->tacs[j])
				return *key = "tacs", "a TAC is listed twice";
	if (c->n_slices == 0)
		return *key = "slices", "needs at least one S-NSSAI";
	for (uint32_t i = 0; i < c->n_slices; i++)
		for (uint32_t j = i + 1; j < c->n_slices; j++)
			if (s_nssai_eq(&c->slices[i], &c->slices[j]))
				return *key = "slices", "an S-NSSAI is listed twice";
	if (c->timers.t3512_ms && c->timers.t3512_ms < 2000)
		return *key = "timers.t3512", "must be 0 (deactivated) or at least 2s";
	return NULL;
}

static char *status_cb(void *arg)
{
	struct amf *amf = arg;
	pthread_mutex_lock(&amf->st_mu);
	char *s = amf->st_json ? strdup(amf->st_json) : NULL;
	pthread_mutex_unlock(&amf->st_mu);
	return s;
}

static void amf_final_free(struct ev_loop *loop, void *arg)
{
	struct amf *amf = arg;
	amf_ctx_fini(amf);
	free(amf);
}

void amf_destroy(struct amf *amf)
{
	if (amf->st_registered)
		mgmt_status_unregister("amf");
	amf->st_registered = false;
	amf_n2_stop(amf);
	amf_ctx_shutdown(amf);
	if (amf->nf_up)
		sbi_nf_fini(&amf->nf);
	amf->nf_up = false;
	amf_sbi_forget(amf);
	/* UEs released earlier are freed by deferred calls already queued:
	 * free the pools after them. */
	if (ev_defer(amf->loop, amf_final_free, amf) < 0)
		amf_final_free(amf->loop, amf);
}

int amf_create(struct nf_env *env, bool n2, struct amf **out)
{
	const struct amf_cfg *cfg = env->cfg;
	struct amf *amf = calloc(1, sizeof(*amf));
	int rc;

	*out = NULL;
	if (!amf)
		return -E_NOMEM;
	if ((rc = amf_ctx_init(amf, env->loop, cfg, env->core)) < 0) {
		LOG(LOG_ERROR, "amf", "cannot set up (max_ues %lld): %s", (long long)cfg->max_ues,
		    err_str(rc));
		goto err;
	}
	if ((rc = sbi_nf_init(&amf->nf, env, &cfg->base, SBI_NF_AMF, NULL, "amf")) < 0)
		goto err;
	amf->nf_up = true;
	if ((rc = amf_udm_routes(amf)) < 0 || (rc = sbi_nf_listen(&amf->nf)) < 0)
		goto err;
	sbi_nf_api_root(&amf->nf, amf->self_root, sizeof(amf->self_root));
	if (n2 && (rc = amf_n2_start(amf)) < 0)
		goto err;
	if (mgmt_status_register("amf", status_cb, amf) == 0)
		amf->st_registered = true;
	char p[8];
	plmn_str(&amf->guami.plmn, p);
	LOG(LOG_INFO, "amf", "GUAMI %.3s-%s/%u/%u/%u, %u TAI%s, %u slice%s, up to %u UEs", p, p + 3,
	    amf->guami.region, amf->guami.set, amf->guami.pointer, amf->n_tais,
	    amf->n_tais == 1 ? "" : "s", amf->n_slices, amf->n_slices == 1 ? "" : "s",
	    amf->max_ues);
	*out = amf;
	return 0;
err:
	amf_destroy(amf);
	return rc;
}

static int amf_start(struct nf_env *env)
{
	struct amf *amf;
	int rc = amf_create(env, true, &amf);
	if (rc == 0)
		env->state = amf;
	return rc;
}

static void amf_stop(struct nf_env *env)
{
	struct amf *amf = env->state;
	if (!amf)
		return;
	amf_destroy(amf);
	env->state = NULL;
}

const struct nf_ops amf_nf_ops = {
	.name = "amf",
	.summary = "Access and Mobility Management: N2 (NGAP), N1 (NAS 5GMM), 5G AKA via AUSF/UDM",
	.fields = amf_fields,
	.cfg_size = sizeof(struct amf_cfg),
	.defaults = amf_defaults,
	.check = amf_check,
	.start = amf_start,
	.stop = amf_stop,
};
