#include "src/config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "src/nfs.h"

static const char *const level_names[] = { "trace", "debug", "info", "notice",
					   "warn",  "error", "off",  NULL };

static const struct cfg_field log_fields[] = {
	CFG_F_ENUM("level", struct core_cfg, log_level, level_names),
	CFG_F_STR("file", struct core_cfg, log_file),
	CFG_FIELD_END,
};

static const struct cfg_field nf_name_item[] = {
	{ .type = CFG_STR, .size = 16 },
};

static const struct cfg_field core_fields[] = {
	{ .key = "log",
	  .type = CFG_MAP,
	  .off = 0,
	  .sub = log_fields,
	  .help = "log level and file (default: info, stderr)" },
	CFG_F_STR("data_dir", struct core_cfg, data_dir),
	CFG_F_PLMN("plmn", struct core_cfg, plmn),
	CFG_F_STR("nrf_uri", struct core_cfg, nrf_uri),
	CFG_F_LIST("nfs", struct core_cfg, nfs, n_nfs, nf_name_item),
};

#define N_CORE_FIELDS (sizeof(core_fields) / sizeof(core_fields[0]))

static void core_defaults(struct core_cfg *c)
{
	memset(c, 0, sizeof(*c));
	c->log_level = LOG_INFO;
	snprintf(c->data_dir, sizeof(c->data_dir), "%s",
		 getuid() == 0 ? "/var/lib/ngcore" : "ngcore-data");
	c->plmn = (struct plmn){ 1, 1, 2 }; /* 001/01: DESIGN.md network identity defaults */
	snprintf(c->nrf_uri, sizeof(c->nrf_uri), "http://127.0.0.1:7777");
}

struct ngcore_config *config_new(void)
{
	struct ngcore_config *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	size_t off = (sizeof(struct core_cfg) + 15) & ~(size_t)15;
	c->section_off = calloc(ngcore_n_nfs + 1, sizeof(size_t));
	c->fields = calloc(N_CORE_FIELDS + ngcore_n_nfs + 1, sizeof(struct cfg_field));
	if (!c->section_off || !c->fields)
		goto err;
	for (size_t i = 0; i < ngcore_n_nfs; i++) {
		c->section_off[i] = off;
		off += (ngcore_nfs[i]->cfg_size + 15) & ~(size_t)15;
	}
	c->blob = calloc(1, off);
	if (!c->blob)
		goto err;
	c->core = (struct core_cfg *)c->blob;
	core_defaults(c->core);
	memcpy(c->fields, core_fields, sizeof(core_fields));
	for (size_t i = 0; i < ngcore_n_nfs; i++) {
		const struct nf_ops *o = ngcore_nfs[i];
		if (o->defaults)
			o->defaults(c->blob + c->section_off[i], c->core);
		c->fields[N_CORE_FIELDS + i] = (struct cfg_field){
			.key = o->name,
			.type = CFG_MAP,
			.off = c->section_off[i],
			.sub = o->fields,
			.check = o->check,
		};
	}
	return c;
err:
	config_free(c);
	return NULL;
}

int config_load(struct ngcore_config *c, const char *path, struct cfg_err *err)
{
	/* NF sections whose defaults follow top-level settings (nrf_uri) re-read
	 * them from env->core when they start, so the order of keys in the file
	 * does not matter. */
	return cfg_load(path, c->fields, c->blob, err);
}

const void *config_section(const struct ngcore_config *c, size_t i)
{
	return c->blob + c->section_off[i];
}

void config_free(struct ngcore_config *c)
{
	if (!c)
		return;
	free(c->blob);
	free(c->section_off);
	free(c->fields);
	free(c);
}
