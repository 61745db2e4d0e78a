#include "lib/sbi/sbi_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"

/* RFC 6901: '~' and '/' in a member name are escaped as ~0 and ~1. */
static size_t escape_key(char *out, size_t cap, const char *key)
{
	size_t o = 0;
	for (const char *k = key; *k; k++) {
		const char *rep = *k == '~' ? "~0" : *k == '/' ? "~1" : NULL;
		size_t n = rep ? 2 : 1;
		if (o + n >= cap)
			break;
		if (rep)
			memcpy(out + o, rep, 2);
		else
			out[o] = *k;
		o += n;
	}
	if (cap)
		out[o] = 0;
	return o;
}

const char *sbi_jpath(char *out, size_t cap, const char *at, const char *key, size_t index)
{
	if (key) {
		char k[96];
		escape_key(k, sizeof(k), key);
		snprintf(out, cap, "%s/%s", at ? at : "", k);
	} else {
		snprintf(out, cap, "%s/%zu", at ? at : "", index);
	}
	return out;
}

int sbi_jerr_set(struct sbi_jerr *e, enum sbi_cause cause, const char *at, const char *key,
		 const char *reason)
{
	if (e) {
		e->cause = cause;
		if (key)
			sbi_jpath(e->param, sizeof(e->param), at, key, 0);
		else
			snprintf(e->param, sizeof(e->param), "%s", at && at[0] ? at : "/");
		snprintf(e->reason, sizeof(e->reason), "%s", reason);
	}
	return cause == SBI_CAUSE_MANDATORY_IE_MISSING ? -E_MISSING_IE : -E_INVAL;
}

static int absent(const char *at, const char *key, bool mandatory, struct sbi_jerr *e)
{
	if (!mandatory)
		return 1;
	return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_MISSING, at, key, "mandatory member missing");
}

static int wrong(const char *at, const char *key, bool mandatory, struct sbi_jerr *e,
		 const char *reason)
{
	return sbi_jerr_set(
		e, mandatory ? SBI_CAUSE_MANDATORY_IE_INCORRECT : SBI_CAUSE_OPTIONAL_IE_INCORRECT,
		at, key, reason);
}

int sbi_jget_str(const json_t *o, const char *at, const char *key, bool mandatory, char *out,
		 size_t cap, struct sbi_jerr *e)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return absent(at, key, mandatory, e);
	if (!json_is_string(v))
		return wrong(at, key, mandatory, e, "not a string");
	size_t n = json_string_length(v);
	const char *s = json_string_value(v);
	if (n >= cap)
		return wrong(at, key, mandatory, e, "string too long");
	if (memchr(s, 0, n))
		return wrong(at, key, mandatory, e, "string contains NUL");
	memcpy(out, s, n);
	out[n] = 0;
	return 0;
}

int sbi_jget_int(const json_t *o, const char *at, const char *key, bool mandatory, int64_t lo,
		 int64_t hi, int64_t *out, struct sbi_jerr *e)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return absent(at, key, mandatory, e);
	if (!json_is_integer(v))
		return wrong(at, key, mandatory, e, "not an integer");
	json_int_t x = json_integer_value(v);
	if (x < lo || x > hi)
		return wrong(at, key, mandatory, e, "integer out of range");
	*out = (int64_t)x;
	return 0;
}

int sbi_jget_bool(const json_t *o, const char *at, const char *key, bool mandatory, bool *out,
		  struct sbi_jerr *e)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return absent(at, key, mandatory, e);
	if (!json_is_boolean(v))
		return wrong(at, key, mandatory, e, "not a boolean");
	*out = json_is_true(v);
	return 0;
}

int sbi_jget_array(const json_t *o, const char *at, const char *key, bool mandatory, bool nonempty,
		   json_t **out, struct sbi_jerr *e)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return absent(at, key, mandatory, e);
	if (!json_is_array(v))
		return wrong(at, key, mandatory, e, "not an array");
	if (nonempty && json_array_size(v) == 0)
		return wrong(at, key, mandatory, e, "empty array (minItems 1)");
	*out = v;
	return 0;
}

int sbi_jget_object(const json_t *o, const char *at, const char *key, bool mandatory, json_t **out,
		    struct sbi_jerr *e)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return absent(at, key, mandatory, e);
	if (!json_is_object(v))
		return wrong(at, key, mandatory, e, "not an object");
	*out = v;
	return 0;
}

json_t *sbi_json_parse(const void *buf, size_t len, struct sbi_jerr *e)
{
	json_error_t je;
	json_t *j = json_loadb(buf, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
	if (!j && e) {
		char r[128];
		snprintf(r, sizeof(r), "invalid JSON at line %d column %d: %s", je.line, je.column,
			 je.text);
		sbi_jerr_set(e, SBI_CAUSE_INVALID_MSG_FORMAT, "", NULL, r);
	}
	return j;
}

char *sbi_json_dump(const json_t *j, size_t *len)
{
	size_t n = json_dumpb(j, NULL, 0, JSON_COMPACT | JSON_ENCODE_ANY);
	if (n == 0)
		return NULL;
	char *buf = malloc(n + 1);
	if (!buf)
		return NULL;
	if (json_dumpb(j, buf, n, JSON_COMPACT | JSON_ENCODE_ANY) != n) {
		free(buf);
		return NULL;
	}
	buf[n] = 0;
	if (len)
		*len = n;
	return buf;
}

int sbi_jset_str(json_t *o, const char *key, const char *val)
{
	if (!val || !val[0])
		return 0;
	return json_object_set_new(o, key, json_string(val)) == 0 ? 0 : -E_NOMEM;
}
