/* sbi_json.h — typed access to jansson objects for the model decoders, with
 * an error that names the offending member as a JSON pointer, so an NF can
 * answer 400 with the TS 29.500 5.2.7.2 cause and invalidParams.
 *
 * Conventions of every decoder in lib/sbi/models: unknown members are
 * ignored (TS 29.501 5.2.9: forward compatibility); a missing mandatory
 * member fails with SBI_CAUSE_MANDATORY_IE_MISSING, a mandatory member of
 * the wrong type or value with MANDATORY_IE_INCORRECT, an optional one with
 * OPTIONAL_IE_INCORRECT. Getters return 0 when the member was read, 1 when
 * an optional member is absent, or a negative E_* code with *e filled.
 */
#ifndef NGCORE_SBI_JSON_H
#define NGCORE_SBI_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "lib/sbi/sbi_msg.h"

struct sbi_jerr {
	enum sbi_cause cause; /* what to answer with */
	char param[128]; /* JSON pointer of the member: "/nfServices/0/scheme" */
	char reason[128]; /* what is wrong with it */
};

/* Fills e; returns -E_MISSING_IE for MANDATORY_IE_MISSING, else -E_INVAL.
 * at is the pointer of the enclosing object ("" for the root), key the
 * member (NULL: the object itself). */
int sbi_jerr_set(struct sbi_jerr *e, enum sbi_cause cause, const char *at, const char *key,
		 const char *reason);

/* Builds a child pointer "at/key" (or "at/index" when key is NULL) into out. */
const char *sbi_jpath(char *out, size_t cap, const char *at, const char *key, size_t index);

int sbi_jget_str(const json_t *o, const char *at, const char *key, bool mandatory, char *out,
		 size_t cap, struct sbi_jerr *e);
int sbi_jget_int(const json_t *o, const char *at, const char *key, bool mandatory, int64_t lo,
		 int64_t hi, int64_t *out, struct sbi_jerr *e);
int sbi_jget_bool(const json_t *o, const char *at, const char *key, bool mandatory, bool *out,
		  struct sbi_jerr *e);
/* The member as an array (borrowed) in *out; "minItems: 1" when nonempty. */
int sbi_jget_array(const json_t *o, const char *at, const char *key, bool mandatory, bool nonempty,
		   json_t **out, struct sbi_jerr *e);
/* The member as an object (borrowed) in *out. */
int sbi_jget_object(const json_t *o, const char *at, const char *key, bool mandatory, json_t **out,
		    struct sbi_jerr *e);

/* Parses a JSON text (duplicate keys rejected). NULL with e set to
 * INVALID_MSG_FORMAT naming line and column on failure. */
json_t *sbi_json_parse(const void *buf, size_t len, struct sbi_jerr *e);

/* Serialises compactly into a malloc'd buffer; NULL when out of memory. */
char *sbi_json_dump(const json_t *j, size_t *len);

/* Sets key to a new string (no-op for NULL or ""); 0 or -E_NOMEM. */
int sbi_jset_str(json_t *o, const char *key, const char *val);

#endif
