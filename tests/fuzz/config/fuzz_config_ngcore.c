/* fuzz_config_ngcore.c — the ngcore binary's whole configuration file: the
 * root schema src/config.c builds from the shared settings and every linked
 * NF's section (config_new), loaded with cfg_load_str over the embedded
 * defaults, as `ngcore -c FILE` and `--check-config` do. No NF is started.
 *
 * Checks as in fuzz_config.c: a terminated one-line error, or a dump that
 * loads back to the same bytes and dumps to the same text (what
 * `ngcore --print-config` writes must be a valid file for it).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/log.h"
#include "src/config.h"
#include "src/nfs.h"
#include "tests/fuzz/config/fuzz_cfg_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Bytes of the blob: the shared settings and every NF section. */
static size_t blob_size(void)
{
	struct ngcore_config *c = config_new();
	FUZZ_CHECK(c != NULL, "config_new");
	size_t n = ngcore_n_nfs ? c->section_off[ngcore_n_nfs - 1] +
					  ngcore_nfs[ngcore_n_nfs - 1]->cfg_size
				: sizeof(struct core_cfg);
	config_free(c);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static size_t bytes;
	if (!bytes)
		bytes = blob_size();
	struct ngcore_config *a = config_new(), *b = config_new();
	struct cfg_err e;
	FUZZ_CHECK(a && b, "config_new");
	memset(&e, 0xa5, sizeof(e));
	if (cfg_load_str("fuzz.yaml", (const char *)data, size, a->fields, a->blob, &e) < 0) {
		fuzz_cfg_err_sane(&e, "fuzz.yaml");
		goto out;
	}
	char *t1 = fuzz_cfg_dump(a->fields, a->blob);
	int rc = cfg_load_str("dump.yaml", t1, strlen(t1), b->fields, b->blob, &e);
	FUZZ_CHECK(rc == 0, "own dump does not load: %s\n--- dump:\n%s", e.msg, t1);
	char *t2 = fuzz_cfg_dump(b->fields, b->blob);
	FUZZ_CHECK(strcmp(t1, t2) == 0, "dump(load(dump)) differs:\n%s\n---\n%s", t1, t2);
	FUZZ_CHECK(memcmp(a->blob, b->blob, bytes) == 0, "loading the dump gives other values:\n%s",
		   t1);
	free(t1);
	free(t2);
out:
	config_free(a);
	config_free(b);
	return 0;
}
