/* fuzz_cfg_check.h — what the configuration fuzz targets share: an abort
 * with a message on a failed check, the shape of a loader error, and
 * cfg_dump into a string. */
#ifndef NGCORE_TESTS_FUZZ_CONFIG_CHECK_H
#define NGCORE_TESTS_FUZZ_CONFIG_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "lib/core/cfg.h"

/* cfg.h: "NAME:LINE: KEY: what is wrong", one terminated line. */
static inline void fuzz_cfg_err_sane(const struct cfg_err *e, const char *name)
{
	FUZZ_CHECK(memchr(e->msg, 0, sizeof(e->msg)) != NULL, "message not terminated");
	size_t n = strlen(name);
	FUZZ_CHECK(strncmp(e->msg, name, n) == 0 && e->msg[n] == ':', "message \"%s\"", e->msg);
	FUZZ_CHECK(strchr(e->msg, '\n') == NULL, "message of more than one line: \"%s\"", e->msg);
}

/* cfg_dump into a malloc'd string. */
static inline char *fuzz_cfg_dump(const struct cfg_field *fields, const void *obj)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	FUZZ_CHECK(f != NULL, "open_memstream");
	cfg_dump(f, fields, obj);
	FUZZ_CHECK(fclose(f) == 0 && buf != NULL, "dump");
	return buf;
}

#endif
