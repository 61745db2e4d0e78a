/* config.h — the whole ngcore configuration: the shared top-level settings
 * (struct core_cfg) and one section per NF, each NF describing its own. */
#ifndef NGCORE_SRC_CONFIG_H
#define NGCORE_SRC_CONFIG_H

#include "lib/core/cfg.h"
#include "lib/core/nf.h"

struct ngcore_config {
	struct core_cfg *core; /* top-level settings: the start of blob */
	uint8_t *blob; /* core + every NF section, one allocation */
	size_t *section_off; /* per NF: offset of its section in blob */
	struct cfg_field *fields; /* the root schema, built from the NFs' schemas */
};

/* Embedded defaults for every NF in the binary; NULL when out of memory. */
struct ngcore_config *config_new(void);
/* Loads path over the defaults; 0 or -E_CONFIG with err->msg set. */
int config_load(struct ngcore_config *c, const char *path, struct cfg_err *err);
/* The parsed section of NF number i (index into ngcore_nfs). */
const void *config_section(const struct ngcore_config *c, size_t i);
void config_free(struct ngcore_config *c);

#endif
