/* fuzz_config_ngcore.c — the ngcore binary's whole configuration file: the
 * root schema src/config.c builds from the shared settings and every linked
 * NF's section (config_new), loaded with cfg_load_str over the embedded
 * defaults, as `ngcore -c FILE` and `--check-config` do. No NF is started.
 *
 * Checks as in fuzz_config.c: a terminated one-line error, or a dump that
 * loads back and dumps to the same text (what `ngcore --dump-config` writes
 * must be a valid file for it). The blobs are not compared byte for byte:
 * NF defaults assign structs (src/config.c: c->plmn = (struct plmn){...}),
 * which may copy indeterminate padding.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/log.h"
#include "src/config.h"
#include "tests/fuzz/config/fuzz_cfg_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
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
	free(t1);
	free(t2);
out:
	config_free(a);
	config_free(b);
	return 0;
}
