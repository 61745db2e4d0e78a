/* fuzz_sbi_uri.c — lib/sbi/sbi_uri.h: absolute URIs (apiRoots, callback and
 * Location URIs a peer hands us), percent-decoding of path segments and
 * query strings, query iteration and lookup.
 *
 * Input: a selector byte and bytes treated as text ('u' URI, 'q' query
 * string, 'p' percent-decoding and encoding, 't' the same with encoding
 * into short buffers, anything else u, q and p).
 *
 * Checks:
 *   - a parsed URI's root parses again to the same scheme, host and port
 *     (root is what the client keys connections on and connects to);
 *   - pct_decode(pct_encode(s)) == s, and a truncated encoding is a prefix
 *     of the full one (sbi_pct_encode's contract);
 *   - query iteration and sbi_query_get agree on the first value of a name.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/sbi/sbi_uri.h"
#include "tests/fuzz/sbi/fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void run_uri(const char *s)
{
	struct sbi_uri u, v;
	if (sbi_uri_parse(&u, s) < 0)
		return;
	FUZZ_CHECK(u.host[0] != 0 && u.port != 0, "empty host or port 0 accepted");
	FUZZ_CHECK(u.path >= s && u.path <= s + strlen(s), "path outside the input");
	int rc = sbi_uri_parse(&v, u.root);
	FUZZ_CHECK(rc == 0, "root \"%s\" of \"%s\" does not parse", u.root, s);
	FUZZ_CHECK(v.tls == u.tls && v.port == u.port && strcmp(v.host, u.host) == 0 &&
			   strcmp(v.authority, u.authority) == 0 && strcmp(v.root, u.root) == 0,
		   "root \"%s\" parses to host \"%s\" port %u, not \"%s\" port %u", u.root, v.host,
		   v.port, u.host, u.port);
	FUZZ_CHECK(v.path[0] == 0, "root \"%s\" has a path", u.root);
}

static void run_pct(const char *s, size_t n, bool truncate)
{
	char dec[512], enc[1600], small[16];
	int dl = sbi_pct_decode(dec, sizeof(dec), s, n);
	if (dl < 0) {
		FUZZ_CHECK(dl == -E_INVAL || dl == -E_NOSPC, "rc %d", dl);
		return;
	}
	FUZZ_CHECK((size_t)dl == strlen(dec), "decoded length %d, string %zu", dl, strlen(dec));
	size_t need = sbi_pct_encode(enc, sizeof(enc), dec);
	FUZZ_CHECK(need < sizeof(enc), "3 x 511 bytes do not fit 1600");
	FUZZ_CHECK(need == strlen(enc), "encode returned %zu, wrote %zu", need, strlen(enc));
	char back[512];
	int bl = sbi_pct_decode(back, sizeof(back), enc, need);
	FUZZ_CHECK(bl == dl && memcmp(back, dec, (size_t)dl) == 0, "decode(encode(\"%s\"))", dec);
	/* Truncated output: what was written is the start of the full encoding. */
	if (!truncate)
		return;
	for (size_t cap = 1; cap <= sizeof(small); cap += 5) {
		memset(small, '#', sizeof(small));
		size_t need2 = sbi_pct_encode(small, cap, dec);
		FUZZ_CHECK(need2 == need, "needed length depends on cap");
		size_t got = strnlen(small, cap);
		FUZZ_CHECK(got < cap, "not terminated within cap %zu", cap);
		FUZZ_CHECK(memcmp(small, enc, got) == 0,
			   "truncated encoding \"%.*s\" (cap %zu) is not a prefix of \"%s\"",
			   (int)got, small, cap, enc);
	}
}

static void run_query(const char *q)
{
	char name[64], val[256], got[256];
	size_t pos = 0;
	int rc, steps = 0;
	while ((rc = sbi_query_next(q, &pos, name, sizeof(name), val, sizeof(val))) !=
	       -E_NOTFOUND) {
		FUZZ_CHECK(++steps <= 4096, "query iteration does not end");
		FUZZ_CHECK(pos <= strlen(q), "position past the end");
		if (rc < 0) {
			FUZZ_CHECK(rc == -E_INVAL || rc == -E_NOSPC, "rc %d", rc);
			continue;
		}
		/* the first parameter of that name is what query_get returns */
		int g = sbi_query_get(q, name, got, sizeof(got));
		FUZZ_CHECK(g != -E_NOTFOUND, "\"%s\" iterated but not found", name);
	}
	(void)sbi_query_get(q, "target-nf-type", got, sizeof(got));
	(void)sbi_query_get(q, "", got, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 4096)
		return 0;
	char *s = malloc(size);
	FUZZ_CHECK(s != NULL, "out of memory");
	memcpy(s, data + 1, size - 1);
	s[size - 1] = 0;
	switch (data[0]) {
	case 'u': run_uri(s); break;
	case 'q': run_query(s); break;
	case 'p': run_pct((const char *)data + 1, size - 1, false); break;
	case 't': run_pct((const char *)data + 1, size - 1, true); break;
	default:
		run_uri(s);
		run_query(s);
		run_pct((const char *)data + 1, size - 1, false);
	}
	free(s);
	return 0;
}
