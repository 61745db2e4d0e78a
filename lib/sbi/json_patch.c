#include "lib/sbi/json_patch.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/core/err.h"

#define TOKEN_MAX 256

/* Bounds on what one PATCH may do. "copy" can double a document per
 * operation and nest it one level deeper each time: without these, a 2 KB
 * body exhausts memory and a 700 KB one holds the loop for minutes. */
#define PATCH_MAX_OPS	256 /* operations in one patch */
#define PATCH_MAX_NODES 65536 /* JSON values in the patched document */
#define PATCH_MAX_DEPTH 64 /* nesting of the patched document */

/* Counts the values in v (stopping once past limit) and its nesting depth. */
static size_t measure(const json_t *v, size_t limit, unsigned level, unsigned *depth)
{
	size_t n = 1;
	const char *k;
	const json_t *c;
	size_t i;

	if (level > *depth)
		*depth = level;
	if (level > PATCH_MAX_DEPTH)
		return n;
	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, c)
		{
			n += measure(c, limit, level + 1, depth);
			if (n > limit)
				return n;
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, c)
		{
			n += measure(c, limit, level + 1, depth);
			if (n > limit)
				return n;
		}
	}
	return n;
}

/* Levels a JSON pointer goes down ("" = 0, "/a/b" = 2). */
static unsigned pointer_depth(const char *ptr)
{
	unsigned d = 0;
	for (; *ptr; ptr++)
		d += *ptr == '/';
	return d;
}

/* Admits inserting v at path into a document of *nodes values: 0, or
 * -E_RANGE when the result would pass the bounds above. */
static int admit(size_t *nodes, const json_t *v, const char *path)
{
	unsigned depth = 0;
	size_t n = measure(v, PATCH_MAX_NODES, 0, &depth);
	if (n > PATCH_MAX_NODES - *nodes || pointer_depth(path) + depth > PATCH_MAX_DEPTH)
		return -E_RANGE;
	*nodes += n;
	return 0;
}

/* Copies the next reference token of ptr (after a '/') into tok, unescaping
 * ~1 and ~0 (RFC 6901 4). Returns the rest of ptr, or NULL when malformed. */
static const char *next_token(const char *ptr, char *tok)
{
	if (*ptr != '/')
		return NULL;
	ptr++;
	size_t n = 0;
	while (*ptr && *ptr != '/') {
		char c = *ptr++;
		if (c == '~') {
			if (*ptr == '0')
				c = '~';
			else if (*ptr == '1')
				c = '/';
			else
				return NULL;
			ptr++;
		}
		if (n + 1 >= TOKEN_MAX)
			return NULL;
		tok[n++] = c;
	}
	tok[n] = 0;
	return ptr;
}

/* Array index per RFC 6901 4: "0" or digits without a leading zero. */
static bool array_index(const char *tok, size_t *idx)
{
	size_t v = 0;
	if (!tok[0] || (tok[0] == '0' && tok[1]))
		return false;
	for (const char *p = tok; *p; p++) {
		if (*p < '0' || *p > '9' || v > (SIZE_MAX - 9) / 10)
			return false;
		v = v * 10 + (size_t)(*p - '0');
	}
	*idx = v;
	return true;
}

static json_t *child(json_t *v, const char *tok)
{
	size_t i;
	if (json_is_object(v))
		return json_object_get(v, tok);
	if (json_is_array(v) && array_index(tok, &i))
		return json_array_get(v, i);
	return NULL;
}

json_t *json_pointer_get(json_t *doc, const char *ptr)
{
	char tok[TOKEN_MAX];
	json_t *v = doc;
	if (!ptr)
		return NULL;
	while (*ptr) {
		ptr = next_token(ptr, tok);
		if (!ptr || !(v = child(v, tok)))
			return NULL;
	}
	return v;
}

/* Finds the parent of ptr's target and its last token. */
static int parent_of(json_t *doc, const char *ptr, json_t **parent, char *last)
{
	char tok[TOKEN_MAX];
	json_t *v = doc;
	const char *rest = ptr;
	for (;;) {
		const char *nx = next_token(rest, tok);
		if (!nx)
			return -E_INVAL;
		if (!*nx) {
			memcpy(last, tok, strlen(tok) + 1);
			*parent = v;
			return 0;
		}
		if (!(v = child(v, tok)))
			return -E_NOTFOUND;
		rest = nx;
	}
}

static int fail(struct json_patch_err *e, int index, const char *reason)
{
	if (e) {
		e->index = index;
		snprintf(e->reason, sizeof(e->reason), "%s", reason);
	}
	return -E_INVAL;
}

/* RFC 6902 4.1: add (takes the reference to val). */
static int op_add(json_t **doc, const char *path, json_t *val)
{
	char last[TOKEN_MAX];
	json_t *parent;
	if (!*path) {
		json_decref(*doc);
		*doc = val;
		return 0;
	}
	int rc = parent_of(*doc, path, &parent, last);
	if (rc < 0)
		goto err;
	if (json_is_object(parent)) {
		if (json_object_set_new(parent, last, val) < 0)
			return -E_NOMEM;
		return 0;
	}
	if (json_is_array(parent)) {
		size_t i, n = json_array_size(parent);
		if (strcmp(last, "-") == 0)
			return json_array_append_new(parent, val) < 0 ? -E_NOMEM : 0;
		if (!array_index(last, &i) || i > n) {
			rc = -E_NOTFOUND;
			goto err;
		}
		return json_array_insert_new(parent, i, val) < 0 ? -E_NOMEM : 0;
	}
	rc = -E_NOTFOUND;
err:
	json_decref(val);
	return rc;
}

/* RFC 6902 4.2: remove; the removed value is returned in *out when wanted. */
static int op_remove(json_t *doc, const char *path, json_t **out)
{
	char last[TOKEN_MAX];
	json_t *parent;
	if (!*path)
		return -E_INVAL; /* removing the whole document leaves nothing */
	int rc = parent_of(doc, path, &parent, last);
	if (rc < 0)
		return rc;
	json_t *v = child(parent, last);
	if (!v)
		return -E_NOTFOUND;
	if (out)
		*out = json_incref(v);
	if (json_is_object(parent))
		json_object_del(parent, last);
	else {
		size_t i;
		array_index(last, &i);
		json_array_remove(parent, i);
	}
	return 0;
}

static int apply_one(json_t **doc, const json_t *op, int index, size_t *nodes,
		     struct json_patch_err *e)
{
	if (!json_is_object(op))
		return fail(e, index, "operation is not an object");
	const char *name = json_string_value(json_object_get(op, "op"));
	const char *path = json_string_value(json_object_get(op, "path"));
	const char *from = json_string_value(json_object_get(op, "from"));
	json_t *value = json_object_get(op, "value");
	char msg[128];
	if (!name)
		return fail(e, index, "member \"op\" missing");
	if (!path)
		return fail(e, index, "member \"path\" missing");
	if (*path && *path != '/')
		return fail(e, index, "\"path\" is not a JSON pointer");
	int rc;
	if (strcmp(name, "add") == 0 || strcmp(name, "replace") == 0 || strcmp(name, "test") == 0) {
		if (!value)
			return fail(e, index, "member \"value\" missing");
		if (strcmp(name, "test") == 0) {
			json_t *cur = json_pointer_get(*doc, path);
			if (!cur || !json_equal(cur, value))
				return fail(e, index, "test failed");
			return 0;
		}
		if (name[0] == 'r') {
			/* RFC 6902 4.3: the target must exist. */
			if (!json_pointer_get(*doc, path))
				return fail(e, index, "replace: no such target");
			if (*path && (rc = op_remove(*doc, path, NULL)) < 0)
				return fail(e, index, "replace: cannot remove target");
		}
		if (admit(nodes, value, path) < 0)
			return fail(e, index,
				    "the patched document would be too large or too deep");
		json_t *copy = json_deep_copy(value);
		if (!copy)
			return -E_NOMEM;
		rc = op_add(doc, path, copy);
		if (rc == -E_NOMEM)
			return rc;
		if (rc < 0) {
			snprintf(msg, sizeof(msg), "%s: no such location", name);
			return fail(e, index, msg);
		}
		return 0;
	}
	if (strcmp(name, "remove") == 0) {
		rc = op_remove(*doc, path, NULL);
		return rc < 0 ? fail(e, index, "remove: no such target") : 0;
	}
	if (strcmp(name, "move") == 0 || strcmp(name, "copy") == 0) {
		if (!from)
			return fail(e, index, "member \"from\" missing");
		json_t *src = json_pointer_get(*doc, from);
		if (!src)
			return fail(e, index, "\"from\" does not exist");
		json_t *v;
		if (name[0] == 'm') {
			/* RFC 6902 4.4: not into one of its own children. */
			size_t fl = strlen(from);
			if (strncmp(path, from, fl) == 0 && path[fl] == '/')
				return fail(e, index, "move into its own child");
			if (strcmp(path, from) == 0)
				return 0;
			if ((rc = op_remove(*doc, from, &v)) < 0)
				return fail(e, index, "move: cannot remove \"from\"");
		} else {
			if (admit(nodes, src, path) < 0)
				return fail(e, index,
					    "the patched document would be too large or too deep");
			if (!(v = json_deep_copy(src)))
				return -E_NOMEM;
		}
		rc = op_add(doc, path, v);
		if (rc == -E_NOMEM)
			return rc;
		return rc < 0 ? fail(e, index, "no such location") : 0;
	}
	snprintf(msg, sizeof(msg), "unknown op \"%.40s\"", name);
	return fail(e, index, msg);
}

int json_patch_apply(json_t **doc, const json_t *patch, struct json_patch_err *e)
{
	if (!json_is_array(patch))
		return fail(e, -1, "a JSON Patch document is an array");
	if (json_array_size(patch) > PATCH_MAX_OPS)
		return fail(e, -1, "too many operations");
	size_t nodes = 0;
	if (admit(&nodes, *doc, "") < 0)
		return fail(e, -1, "the document is too large or too deep to patch");
	json_t *work = json_deep_copy(*doc);
	if (!work) {
		fail(e, -1, "out of memory");
		return -E_NOMEM;
	}
	size_t i;
	json_t *op;
	json_array_foreach(patch, i, op)
	{
		int rc = apply_one(&work, op, (int)i, &nodes, e);
		if (rc < 0) {
			if (rc == -E_NOMEM && e) {
				e->index = (int)i;
				snprintf(e->reason, sizeof(e->reason), "out of memory");
			}
			json_decref(work);
			return rc;
		}
	}
	json_decref(*doc);
	*doc = work;
	return 0;
}
