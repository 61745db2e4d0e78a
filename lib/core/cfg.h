/* cfg.h — YAML configuration with a typed schema.
 *
 * A schema is a table of cfg_field describing where each key lands in a C
 * struct and what it may hold. The caller fills the struct with defaults,
 * then cfg_load() overrides what the file sets. Any problem yields -E_CONFIG
 * and one line in err->msg:  "FILE:LINE: KEY: what is wrong"
 * (KEY is the dotted path, list items as key[3]). Unknown keys, duplicate
 * keys, wrong types, out-of-range numbers, bad IP addresses, prefixes, PLMNs,
 * ports, hex strings and enum values are all rejected.
 *
 *   static const struct cfg_field amf_fields[] = {
 *       CFG_F_INT("t3512", struct amf_cfg, t3512, 0, 65535),
 *       CFG_F_PLMN("plmn", struct amf_cfg, plmn),
 *       CFG_END
 *   };
 */
#ifndef NGCORE_CORE_CFG_H
#define NGCORE_CORE_CFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/core/ids.h"

enum cfg_type {
	CFG_END = 0, /* terminates a field table */
	CFG_STR, /* char[size] */
	CFG_INT, /* int64_t within [min, max] */
	CFG_BOOL, /* bool: true/false/yes/no/on/off */
	CFG_IP, /* struct ip_addr (IPv4 or IPv6) */
	CFG_PREFIX, /* struct ip_prefix "a.b.c.d/n" */
	CFG_PORT, /* uint16_t 1..65535 (min..max when max is set: CFG_F_PORT0 allows 0) */
	CFG_PLMN, /* struct plmn: "001-01", or {mcc: "001", mnc: "01"} */
	CFG_HEX, /* uint8_t[size]: exactly 2*size hex digits */
	CFG_ENUM, /* int: index of the value in names[] */
	CFG_DURATION, /* int64_t milliseconds: "500ms", "30s", "5m", "1h" */
	CFG_MAP, /* nested struct described by sub[] */
	CFG_LIST, /* array of up to max_items items of `size` bytes; sub[0] describes an item */
	CFG_SNSSAI, /* struct s_nssai: {sst: 1, sd: "010203"} */
};

struct cfg_field {
	const char *key; /* YAML key (NULL for a list item's schema) */
	enum cfg_type type; /* what the value is */
	size_t off; /* offset of the value in the enclosing struct */
	size_t size; /* STR buffer size, HEX byte count, LIST item size */
	int64_t min, max; /* INT and DURATION bounds (inclusive) */
	const char *const *names; /* ENUM values, NULL-terminated */
	const struct cfg_field *sub; /* MAP fields; LIST item schema (one field, off 0) */
	size_t count_off; /* LIST: offset of the uint32_t item count */
	uint32_t max_items; /* LIST: capacity of the array */
	bool required; /* the key must appear */
	/* MAP (and the root, via cfg_load's fields[0] of type CFG_MAP if wanted):
	 * cross-field check after the map is loaded; returns NULL or what is wrong
	 * and may set *key to the offending member's name. */
	const char *(*check)(const void *obj, const char **key);
	/* LIST: fills one item with its defaults before the file's keys are
	 * loaded over it (NULL: the item starts zeroed). */
	void (*init)(void *item);
	const char *help; /* one line for documentation */
};

struct cfg_err {
	char msg[512]; /* "FILE:LINE: KEY: what is wrong" */
};

#define CFG_FIELD_END                                                                              \
	{                                                                                          \
		0                                                                                  \
	}

#define CFG_F_STR(k, T, m)                                                                         \
	{                                                                                          \
		.key = k, .type = CFG_STR, .off = offsetof(T, m), .size = sizeof(((T *)0)->m)      \
	}
#define CFG_F_INT(k, T, m, lo, hi)                                                                 \
	{                                                                                          \
		.key = k, .type = CFG_INT, .off = offsetof(T, m), .min = lo, .max = hi             \
	}
#define CFG_F_BOOL(k, T, m)                                                                        \
	{                                                                                          \
		.key = k, .type = CFG_BOOL, .off = offsetof(T, m)                                  \
	}
#define CFG_F_IP(k, T, m)                                                                          \
	{                                                                                          \
		.key = k, .type = CFG_IP, .off = offsetof(T, m)                                    \
	}
#define CFG_F_PREFIX(k, T, m)                                                                      \
	{                                                                                          \
		.key = k, .type = CFG_PREFIX, .off = offsetof(T, m)                                \
	}
#define CFG_F_PORT(k, T, m)                                                                        \
	{                                                                                          \
		.key = k, .type = CFG_PORT, .off = offsetof(T, m)                                  \
	}
/* A port where 0 means "the kernel picks one". */
#define CFG_F_PORT0(k, T, m)                                                                       \
	{                                                                                          \
		.key = k, .type = CFG_PORT, .off = offsetof(T, m), .min = 0, .max = 65535          \
	}
#define CFG_F_PLMN(k, T, m)                                                                        \
	{                                                                                          \
		.key = k, .type = CFG_PLMN, .off = offsetof(T, m)                                  \
	}
#define CFG_F_SNSSAI(k, T, m)                                                                      \
	{                                                                                          \
		.key = k, .type = CFG_SNSSAI, .off = offsetof(T, m)                                \
	}
#define CFG_F_HEX(k, T, m)                                                                         \
	{                                                                                          \
		.key = k, .type = CFG_HEX, .off = offsetof(T, m), .size = sizeof(((T *)0)->m)      \
	}
#define CFG_F_ENUM(k, T, m, nm)                                                                    \
	{                                                                                          \
		.key = k, .type = CFG_ENUM, .off = offsetof(T, m), .names = nm                     \
	}
#define CFG_F_DURATION(k, T, m, lo, hi)                                                            \
	{                                                                                          \
		.key = k, .type = CFG_DURATION, .off = offsetof(T, m), .min = lo, .max = hi        \
	}
#define CFG_F_MAP(k, T, m, fields)                                                                 \
	{                                                                                          \
		.key = k, .type = CFG_MAP, .off = offsetof(T, m), .sub = fields                    \
	}
/* A list: member m is an array, member cnt a uint32_t; item describes one element at off 0. */
#define CFG_F_LIST(k, T, m, cnt, item)                                                             \
	{                                                                                          \
		.key = k, .type = CFG_LIST, .off = offsetof(T, m), .size = sizeof(((T *)0)->m[0]), \
		.count_off = offsetof(T, cnt),                                                     \
		.max_items = sizeof(((T *)0)->m) / sizeof(((T *)0)->m[0]), .sub = item             \
	}

/* Loads path into obj according to fields (the root mapping).
 * Returns 0, or -E_CONFIG with err->msg set (also for an unreadable file). */
int cfg_load(const char *path, const struct cfg_field *fields, void *obj, struct cfg_err *err);
/* Same, from a string (name is used in messages). */
int cfg_load_str(const char *name, const char *text, size_t len, const struct cfg_field *fields,
		 void *obj, struct cfg_err *err);

/* Writes obj as YAML that cfg_load() reads back to the same values, one key
 * per line with the field's help as a comment where it has one. Secrets
 * (CFG_HEX fields) are written as they are: dump only configuration. */
void cfg_dump(FILE *out, const struct cfg_field *fields, const void *obj);

#endif
