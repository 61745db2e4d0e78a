/* fuzz_sbi_json.c — sbi_json_parse, sbi_json_dump and JSON Patch (RFC 6902)
 * with JSON Pointer (RFC 6901), as an NF applies a peer's PATCH body
 * (TS 29.510 5.2.2.3: NF profile update and heartbeat) to what it stores.
 *
 * Input: the document, one NUL byte, the patch. Without a NUL the whole
 * input is one JSON text and only parse/dump is exercised.
 *
 * Checks: parse(dump(parse(x))) equals parse(x); a failed patch leaves the
 * document untouched (atomicity, json_patch.h) with a terminated reason and
 * an index inside the patch; every "path"/"from" of the patch resolves or
 * not without crashing, before and after.
 */
#include <stdint.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/sbi/json_patch.h"
#include "lib/sbi/sbi_json.h"
#include "tests/fuzz/sbi/fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Documents this large are not patched: the patch may copy them around. */
#define MAX_DOC_TEXT 4096

static json_t *parse_round_trip(const uint8_t *p, size_t n)
{
	struct sbi_jerr e;
	json_t *j = sbi_json_parse(p, n, &e);
	if (!j) {
		FUZZ_CHECK(memchr(e.reason, 0, sizeof(e.reason)) != NULL, "reason not terminated");
		FUZZ_CHECK(e.cause == SBI_CAUSE_INVALID_MSG_FORMAT, "cause %d", e.cause);
		return NULL;
	}
	size_t len;
	char *txt = sbi_json_dump(j, &len);
	FUZZ_CHECK(txt != NULL, "parsed JSON does not serialise");
	FUZZ_CHECK(strlen(txt) == len, "serialised JSON holds a NUL byte");
	json_t *back = sbi_json_parse(txt, len, &e);
	FUZZ_CHECK(back != NULL, "own serialisation does not parse: %s (%s)", e.reason, txt);
	FUZZ_CHECK(json_equal(j, back), "parse(dump(x)) != x for %s", txt);
	json_decref(back);
	free(txt);
	return j;
}

/* Looks up every path and from of the patch in doc. */
static void resolve_pointers(json_t *doc, const json_t *patch)
{
	size_t i;
	json_t *op;
	if (!json_is_array(patch))
		return;
	json_array_foreach(patch, i, op)
	{
		const char *p = json_string_value(json_object_get(op, "path"));
		const char *f = json_string_value(json_object_get(op, "from"));
		if (p)
			(void)json_pointer_get(doc, p);
		if (f)
			(void)json_pointer_get(doc, f);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t dlen = nul ? (size_t)(nul - data) : size;
	json_t *doc = parse_round_trip(data, dlen);
	if (!nul || !doc || dlen > MAX_DOC_TEXT) {
		json_decref(doc);
		return 0;
	}
	json_t *patch = parse_round_trip(nul + 1, size - dlen - 1);
	if (!patch) {
		json_decref(doc);
		return 0;
	}
	resolve_pointers(doc, patch);
	json_t *before = json_deep_copy(doc);
	FUZZ_CHECK(before != NULL, "out of memory");
	json_t *held = json_incref(doc);
	struct json_patch_err e;
	memset(&e, 0xa5, sizeof(e));
	int rc = json_patch_apply(&doc, patch, &e);
	if (rc < 0) {
		FUZZ_CHECK(rc == -E_INVAL || rc == -E_NOMEM, "rc %d", rc);
		FUZZ_CHECK(doc == held, "failed patch replaced the document");
		FUZZ_CHECK(json_equal(doc, before), "failed patch changed the document");
		FUZZ_CHECK(memchr(e.reason, 0, sizeof(e.reason)) != NULL, "reason not terminated");
		FUZZ_CHECK(e.index >= -1 &&
				   (e.index < 0 || (size_t)e.index < json_array_size(patch)),
			   "error index %d outside the patch", e.index);
	} else {
		FUZZ_CHECK(rc == 0 && doc != NULL, "rc %d", rc);
		FUZZ_CHECK(json_equal(held, before), "successful patch changed the caller's old "
						     "reference in place");
		resolve_pointers(doc, patch);
		size_t len;
		char *txt = sbi_json_dump(doc, &len);
		FUZZ_CHECK(txt != NULL, "patched document does not serialise");
		free(txt);
	}
	json_decref(held);
	json_decref(before);
	json_decref(doc);
	json_decref(patch);
	return 0;
}
