/* fuzz_config.c — the YAML configuration loader (lib/core/cfg.h) with a
 * schema that uses every field type: strings, bounded integers, booleans,
 * IP addresses and prefixes, ports (also with 0 allowed), PLMNs (text and
 * map), hex keys, enums, durations, nested maps with a cross-field check,
 * lists of scalars, of S-NSSAIs and of maps (items starting from defaults). An operator's file reaches exactly this code.
 *
 * Input: the YAML text. Checks: a rejected file leaves one terminated
 * "NAME:LINE: KEY: what" message; an accepted one is written back with
 * cfg_dump, and that text must load again to the same struct and dump to
 * the same text (decode(encode(decode(x))) == decode(x)).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/cfg.h"
#include "lib/core/err.h"
#include "tests/fuzz/config/fuzz_cfg_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct peer {
	struct ip_addr addr; /* addr */
	uint16_t port; /* port */
	char name[12]; /* name */
};

struct range_inner {
	bool flag; /* flag */
	int64_t wait_ms; /* wait */
};

struct range {
	int64_t lo; /* lo */
	int64_t hi; /* hi (required) */
	struct range_inner inner; /* inner (map in a map) */
};

struct demo {
	char name[16]; /* name */
	uint16_t any_port; /* any_port: 0 lets the kernel choose */
	int64_t count; /* count, 1..1000 */
	int64_t delta; /* delta, negative allowed */
	bool on; /* on */
	struct ip_addr ip; /* ip */
	struct ip_prefix pool; /* pool */
	uint16_t port; /* port */
	struct plmn plmn; /* plmn */
	uint8_t key[16]; /* key (a K-sized hex value) */
	int mode; /* mode */
	int64_t timeout_ms; /* timeout */
	struct peer peer; /* peer (nested map) */
	struct s_nssai slices[4]; /* slices */
	uint32_t n_slices; /* entries in slices */
	struct peer peers[3]; /* peers (list of maps) */
	uint32_t n_peers; /* entries in peers */
	char dnns[4][24]; /* dnns (list of strings) */
	uint32_t n_dnns; /* entries in dnns */
	struct plmn plmns[3]; /* plmns (list of PLMNs) */
	uint32_t n_plmns; /* entries in plmns */
	struct range range; /* range (map with a check) */
};

static const char *const modes[] = { "auto", "kernel", "usrsctp", NULL };

static const struct cfg_field peer_fields[] = {
	CFG_F_IP("addr", struct peer, addr),
	CFG_F_PORT("port", struct peer, port),
	CFG_F_STR("name", struct peer, name),
	CFG_FIELD_END,
};

/* List items start from these defaults (cfg_field.init). */
static void peer_init(void *item)
{
	struct peer *p = item;
	memset(p, 0, sizeof(*p));
	ip_parse(&p->addr, "127.0.0.1");
	p->port = 80;
	snprintf(p->name, sizeof(p->name), "peer");
}

static const struct cfg_field peer_item[] = { { .type = CFG_MAP, .sub = peer_fields } };
static const struct cfg_field snssai_item[] = { { .type = CFG_SNSSAI } };
static const struct cfg_field dnn_item[] = { { .type = CFG_STR, .size = 24 } };
static const struct cfg_field plmn_item[] = { { .type = CFG_PLMN } };

static const struct cfg_field inner_fields[] = {
	CFG_F_BOOL("flag", struct range_inner, flag),
	CFG_F_DURATION("wait", struct range_inner, wait_ms, 0, INT64_MAX),
	CFG_FIELD_END,
};

static const char *range_check(const void *obj, const char **key)
{
	const struct range *r = obj;
	if (r->lo > r->hi) {
		*key = "lo";
		return "must not exceed hi";
	}
	return NULL;
}

static const struct cfg_field range_fields[] = {
	CFG_F_INT("lo", struct range, lo, INT64_MIN, INT64_MAX),
	{ .key = "hi",
	  .type = CFG_INT,
	  .off = offsetof(struct range, hi),
	  .min = INT64_MIN,
	  .max = INT64_MAX,
	  .required = true },
	CFG_F_MAP("inner", struct range, inner, inner_fields),
	CFG_FIELD_END,
};

static const struct cfg_field demo_fields[] = {
	{ .key = "name",
	  .type = CFG_STR,
	  .off = offsetof(struct demo, name),
	  .size = 16,
	  .help = "instance name" },
	CFG_F_INT("count", struct demo, count, 1, 1000),
	CFG_F_INT("delta", struct demo, delta, -1000000, 1000000),
	CFG_F_BOOL("on", struct demo, on),
	CFG_F_IP("ip", struct demo, ip),
	CFG_F_PREFIX("pool", struct demo, pool),
	CFG_F_PORT("port", struct demo, port),
	CFG_F_PLMN("plmn", struct demo, plmn),
	CFG_F_HEX("key", struct demo, key),
	CFG_F_ENUM("mode", struct demo, mode, modes),
	CFG_F_DURATION("timeout", struct demo, timeout_ms, 1, 86400000),
	CFG_F_MAP("peer", struct demo, peer, peer_fields),
	CFG_F_LIST("slices", struct demo, slices, n_slices, snssai_item),
	{ .key = "peers",
	  .type = CFG_LIST,
	  .off = offsetof(struct demo, peers),
	  .size = sizeof(struct peer),
	  .count_off = offsetof(struct demo, n_peers),
	  .max_items = 3,
	  .sub = peer_item,
	  .init = peer_init },
	CFG_F_PORT0("any_port", struct demo, any_port),
	CFG_F_LIST("dnns", struct demo, dnns, n_dnns, dnn_item),
	CFG_F_LIST("plmns", struct demo, plmns, n_plmns, plmn_item),
	{ .key = "range",
	  .type = CFG_MAP,
	  .off = offsetof(struct demo, range),
	  .sub = range_fields,
	  .check = range_check,
	  .help = "lo..hi" },
	CFG_FIELD_END,
};

/* Defaults as an NF would have them: every field loadable when dumped. */
static void demo_defaults(struct demo *d)
{
	memset(d, 0, sizeof(*d));
	snprintf(d->name, sizeof(d->name), "core");
	d->count = 5;
	ip_parse(&d->ip, "127.0.0.1");
	ip_prefix_parse(&d->pool, "10.45.0.0/16");
	d->port = 38412;
	/* field by field: a compound literal would copy indeterminate padding,
	 * which the memcmp below compares */
	d->plmn.mcc = 1;
	d->plmn.mnc = 1;
	d->plmn.mnc_len = 2;
	d->mode = 0;
	d->timeout_ms = 1000;
	ip_parse(&d->peer.addr, "::1");
	d->peer.port = 80;
	d->range.hi = 10;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct demo a, b;
	struct cfg_err e;
	demo_defaults(&a);
	memset(&e, 0xa5, sizeof(e));
	if (cfg_load_str("fuzz.yaml", (const char *)data, size, demo_fields, &a, &e) < 0) {
		fuzz_cfg_err_sane(&e, "fuzz.yaml");
		return 0;
	}
	char *t1 = fuzz_cfg_dump(demo_fields, &a);
	demo_defaults(&b);
	int rc = cfg_load_str("dump.yaml", t1, strlen(t1), demo_fields, &b, &e);
	FUZZ_CHECK(rc == 0, "own dump does not load: %s\n--- dump:\n%s", e.msg, t1);
	char *t2 = fuzz_cfg_dump(demo_fields, &b);
	FUZZ_CHECK(strcmp(t1, t2) == 0, "dump(load(dump)) differs:\n%s\n---\n%s", t1, t2);
	FUZZ_CHECK(memcmp(&a, &b, sizeof(a)) == 0, "loading the dump gives other values:\n%s", t1);
	free(t1);
	free(t2);
	return 0;
}
