#include "nf/common/sbi-nf.h"

#include <stdio.h>
#include <sys/socket.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/core/log.h"

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

int sbi_nf_init(struct sbi_nf *n, struct nf_env *env, const struct sbi_nf_cfg *cfg,
		enum sbi_nf_type type, const char *const *services, const char *name)
{
	memset(n, 0, sizeof(*n));
	snprintf(n->name, sizeof(n->name), "%s", name);
	n->loop = env->loop;
	n->core = env->core;
	n->cfg = cfg;
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

void sbi_nf_fini(struct sbi_nf *n)
{
	if (n->reg) {
		sbi_nfreg_stop(n->reg);
		sbi_client_drain(n->client, 500);
		sbi_nfreg_free(n->reg);
		n->reg = NULL;
	}
	if (n->disc)
		sbi_disc_free(n->disc);
	n->disc = NULL;
	if (n->server)
		sbi_server_free(n->server);
	n->server = NULL;
	if (n->client)
		sbi_client_free(n->client);
	n->client = NULL;
}
