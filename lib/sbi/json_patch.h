/* json_patch.h — JSON Patch (RFC 6902) over jansson documents, with JSON
 * Pointer (RFC 6901). TS 29.500 5.4.1.2 and TS 29.510 5.2.2.3 (NF update
 * and heartbeat) carry PATCH bodies of media type application/json-patch+json.
 */
#ifndef NGCORE_SBI_JSON_PATCH_H
#define NGCORE_SBI_JSON_PATCH_H

#include <stddef.h>

#include <jansson.h>

struct json_patch_err {
	int index; /* failing operation in the patch array, -1 for the array itself */
	char reason[128]; /* what failed */
};

/* Applies every operation of patch to *doc, atomically: on success *doc is
 * replaced by the patched document (the old reference released); on failure
 * *doc is untouched. Returns 0, or -E_INVAL (malformed operation, missing
 * target, failed "test"; more than 256 operations; a result of more than
 * 65,536 values or deeper than 64 levels) / -E_NOMEM with e filled. */
int json_patch_apply(json_t **doc, const json_t *patch, struct json_patch_err *e);

/* The value ptr points to in doc (borrowed), or NULL (also for a malformed
 * pointer). "" is the whole document. */
json_t *json_pointer_get(json_t *doc, const char *ptr);

#endif
