/* Unit tests of lib/core/ids and the YAML loader (lib/core/cfg). */
#include <arpa/inet.h>
#include <stdlib.h>

#include "lib/core/cfg.h"
#include "lib/core/err.h"
#include "tests/unit/t.h"

static void plmn_bcd_both_mnc_lengths(void)
{
	struct plmn p = { 1, 1, 2 }, q;
	uint8_t b[3];

	plmn_to_bytes(&p, b);
	CHECK_MEM(b, "\x00\xf1\x10", 3); /* 001/01, as in TS 38.413 samples */
	CHECK_EQ(plmn_from_bytes(&q, b), 0);
	CHECK(plmn_eq(&p, &q));
	p = (struct plmn){ 310, 410, 3 };
	plmn_to_bytes(&p, b);
	CHECK_MEM(b, "\x13\x00\x14", 3);
	CHECK_EQ(plmn_from_bytes(&q, b), 0);
	CHECK(plmn_eq(&p, &q));
	CHECK_EQ(plmn_from_bytes(&q, (const uint8_t *)"\xa0\xf1\x10"), -E_INVAL);
	CHECK_EQ(plmn_parse(&q, "001-01"), 0);
	CHECK(q.mcc == 1 && q.mnc == 1 && q.mnc_len == 2);
	CHECK_EQ(plmn_parse(&q, "310410"), 0);
	CHECK(q.mcc == 310 && q.mnc == 410 && q.mnc_len == 3);
	CHECK_EQ(plmn_parse(&q, "01-01"), -E_INVAL);
	CHECK_EQ(plmn_parse(&q, "0010"), -E_INVAL);
	CHECK_EQ(plmn_parse(&q, "00x01"), -E_INVAL);
	char s[8];
	plmn_str(&(struct plmn){ 1, 1, 2 }, s);
	CHECK_STR(s, "00101");
}

static void ip_and_prefix_parse(void)
{
	struct ip_addr a;
	struct ip_prefix p;
	char s[64];

	CHECK_EQ(ip_parse(&a, "10.45.0.1"), 0);
	CHECK_EQ(a.family, AF_INET);
	CHECK_STR(ip_str(&a, s, sizeof(s)), "10.45.0.1");
	CHECK_EQ(ip_parse(&a, "2001:db8::1"), 0);
	CHECK_EQ(a.family, AF_INET6);
	CHECK_EQ(ip_parse(&a, "10.45.0.256"), -E_INVAL);
	CHECK_EQ(ip_prefix_parse(&p, "10.45.0.0/16"), 0);
	CHECK_EQ(p.len, 16);
	CHECK_EQ(ip_prefix_parse(&p, "10.45.0.1/16"), -E_INVAL);
	CHECK_EQ(ip_prefix_parse(&p, "10.45.0.0/33"), -E_INVAL);
	CHECK_EQ(ip_prefix_parse(&p, "10.45.0.0"), -E_INVAL);
	CHECK_EQ(ip_prefix_parse(&p, "2001:db8::/32"), 0);
}

static void hex_helpers(void)
{
	uint8_t b[4];
	char s[9];

	CHECK_EQ(hex_decode(b, 4, "0aFf10"), 3);
	CHECK_MEM(b, "\x0a\xff\x10", 3);
	CHECK_EQ(hex_decode(b, 4, "0g"), -E_INVAL);
	CHECK_EQ(hex_decode(b, 4, "123"), -E_INVAL);
	CHECK_EQ(hex_decode(b, 2, "010203"), -E_NOSPC);
	hex_encode(s, "\xde\xad\xbe\xef", 4);
	CHECK_STR(s, "deadbeef");
}

/* A schema exercising every type. */
struct peer {
	struct ip_addr addr;
	uint16_t port;
};

struct demo {
	char name[16];
	int64_t count;
	bool on;
	struct ip_addr ip;
	struct ip_prefix pool;
	uint16_t port;
	struct plmn plmn;
	uint8_t key[4];
	int mode;
	int64_t timeout_ms;
	struct peer peer;
	struct s_nssai slices[2];
	uint32_t n_slices;
	struct peer peers[3];
	uint32_t n_peers;
	struct {
		int64_t a;
		int64_t b;
	} pair;
	uint16_t any_port;
};

static const char *const modes[] = { "auto", "kernel", "usrsctp", NULL };

static const struct cfg_field peer_fields[] = {
	CFG_F_IP("addr", struct peer, addr),
	CFG_F_PORT("port", struct peer, port),
	CFG_FIELD_END,
};

static void peer_init(void *item)
{
	struct peer *p = item;
	memset(p, 0, sizeof(*p));
	p->port = 38412; /* a list item's default */
}

static const struct cfg_field peer_item[] = {
	{ .type = CFG_MAP, .sub = peer_fields },
};

static const struct cfg_field snssai_item[] = {
	{ .type = CFG_SNSSAI },
};

static const char *pair_check(const void *obj, const char **key)
{
	const int64_t *v = obj;
	if (v[0] > v[1]) {
		*key = "a";
		return "must not exceed b";
	}
	return NULL;
}

static const struct cfg_field pair_fields[] = {
	{ .key = "a", .type = CFG_INT, .off = 0, .min = 0, .max = 100 },
	{ .key = "b", .type = CFG_INT, .off = 8, .min = 0, .max = 100 },
	CFG_FIELD_END,
};

static const struct cfg_field demo_fields[] = {
	CFG_F_STR("name", struct demo, name),
	CFG_F_INT("count", struct demo, count, 1, 1000),
	CFG_F_BOOL("on", struct demo, on),
	CFG_F_IP("ip", struct demo, ip),
	CFG_F_PREFIX("pool", struct demo, pool),
	CFG_F_PORT("port", struct demo, port),
	CFG_F_PLMN("plmn", struct demo, plmn),
	CFG_F_HEX("key", struct demo, key),
	CFG_F_ENUM("mode", struct demo, mode, modes),
	CFG_F_DURATION("timeout", struct demo, timeout_ms, 1, 3600000),
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
	{ .key = "pair",
	  .type = CFG_MAP,
	  .off = offsetof(struct demo, pair),
	  .sub = pair_fields,
	  .check = pair_check },
	CFG_FIELD_END,
};

static int load(const char *text, struct demo *d, struct cfg_err *e)
{
	memset(d, 0, sizeof(*d));
	d->count = 5; /* a default */
	return cfg_load_str("t.yaml", text, strlen(text), demo_fields, d, e);
}

static void cfg_loads_every_type(void)
{
	struct demo d;
	struct cfg_err e = { "" };
	const char *y = "name: core1\n"
			"on: yes\n"
			"ip: 10.0.0.1\n"
			"pool: 10.45.0.0/16\n"
			"port: 38412\n"
			"plmn: {mcc: \"001\", mnc: \"01\"}\n"
			"key: 0a0b0c0d\n"
			"mode: usrsctp\n"
			"timeout: 1500ms\n"
			"peer: {addr: \"::1\", port: 80}\n"
			"slices:\n  - {sst: 1}\n  - {sst: 2, sd: \"010203\"}\n"
			"peers:\n  - addr: 1.2.3.4\n    port: 1\n"
			"pair: {a: 1, b: 2}\n";
	int rc = load(y, &d, &e);
	CHECK_EQ(rc, 0);
	if (rc)
		fprintf(stderr, "%s\n", e.msg);
	CHECK_STR(d.name, "core1");
	CHECK_EQ(d.count, 5); /* default kept */
	CHECK(d.on);
	CHECK_EQ(d.ip.family, AF_INET);
	CHECK_EQ(d.pool.len, 16);
	CHECK_EQ(d.port, 38412);
	CHECK(d.plmn.mcc == 1 && d.plmn.mnc == 1 && d.plmn.mnc_len == 2);
	CHECK_MEM(d.key, "\x0a\x0b\x0c\x0d", 4);
	CHECK_EQ(d.mode, 2);
	CHECK_EQ(d.timeout_ms, 1500);
	CHECK_EQ(d.peer.addr.family, AF_INET6);
	CHECK_EQ(d.peer.port, 80);
	CHECK_EQ(d.n_slices, 2);
	CHECK(d.slices[0].sst == 1 && !d.slices[0].has_sd);
	CHECK(d.slices[1].sst == 2 && d.slices[1].has_sd && d.slices[1].sd == 0x010203);
	CHECK_EQ(d.n_peers, 1);
	CHECK_EQ(d.peers[0].port, 1);
	CHECK_EQ(d.pair.b, 2);
}

static void cfg_list_items_start_from_their_defaults(void)
{
	struct demo d;
	struct cfg_err e = { "" };
	int rc = load("peers:\n  - addr: 1.2.3.4\n  - {addr: 5.6.7.8, port: 9}\nany_port: 0\n", &d,
		      &e);
	CHECK_EQ(rc, 0);
	CHECK_EQ(d.n_peers, 2);
	CHECK_EQ(d.peers[0].port, 38412);
	CHECK_EQ(d.peers[1].port, 9);
	CHECK_EQ(d.any_port, 0);
	CHECK_EQ(load("any_port: 65536\n", &d, &e), -E_CONFIG);
	CHECK(strstr(e.msg, "any_port: bad port \"65536\" (0..65535)") != NULL);
}

static void cfg_empty_file_keeps_defaults(void)
{
	struct demo d;
	struct cfg_err e;
	CHECK_EQ(load("", &d, &e), 0);
	CHECK_EQ(d.count, 5);
	CHECK_EQ(load("# only a comment\n", &d, &e), 0);
}

/* Each bad input must give exactly "t.yaml:LINE: KEY: <what>". */
static void cfg_errors_name_file_line_and_key(void)
{
	static const struct {
		const char *yaml;
		const char *want; /* prefix of the message */
	} cases[] = {
		{ "name: a\nbogus: 1\n", "t.yaml:2: bogus: unknown key" },
		{ "count: 0\n", "t.yaml:1: count: 0 out of range [1, 1000]" },
		{ "count: lots\n", "t.yaml:1: count: not an integer" },
		{ "on: maybe\n", "t.yaml:1: on: expected true or false" },
		{ "\nip: 10.0.0.300\n", "t.yaml:2: ip: bad IP address" },
		{ "pool: 10.45.0.1/16\n", "t.yaml:1: pool: bad prefix" },
		{ "port: 70000\n", "t.yaml:1: port: bad port" },
		{ "plmn: 1-1\n", "t.yaml:1: plmn: bad PLMN" },
		{ "plmn: {mcc: \"001\"}\n", "t.yaml:1: plmn.mnc: required key missing" },
		{ "key: 0a0b\n", "t.yaml:1: key: want 8 hex digits" },
		{ "mode: fast\n",
		  "t.yaml:1: mode: unknown value \"fast\" (one of: auto, kernel, usrsctp)" },
		{ "timeout: 30\n", "t.yaml:1: timeout: bad duration" },
		{ "peer: 3\n", "t.yaml:1: peer: expected a mapping" },
		{ "peer:\n  addr: 1.1.1.1\n  port: 0\n", "t.yaml:3: peer.port: bad port" },
		{ "slices:\n  - {sst: 1}\n  - {sst: 300}\n",
		  "t.yaml:3: slices[1].sst: 300 out of range" },
		{ "slices:\n  - {sst: 1, sd: 12}\n",
		  "t.yaml:2: slices[0]: sd must be 6 hex digits" },
		{ "slices: [{sst: 1}, {sst: 1}, {sst: 1}]\n", "t.yaml:1: slices: too many items" },
		{ "peers: {addr: 1.1.1.1}\n", "t.yaml:1: peers: expected a list" },
		{ "name: a\nname: b\n", "t.yaml:2: name: key given twice" },
		{ "name: [1, 2]\n", "t.yaml:1: name: expected a string, got a list" },
		{ "name: abcdefghijklmnopqrstuvwxyz\n", "t.yaml:1: name: too long" },
		{ "- a\n- b\n", "t.yaml:1: (top): the file must be a mapping" },
		{ "name: [a\n", "t.yaml:2: (yaml):" },
		{ "pair: {a: 5, b: 2}\n", "t.yaml:1: pair.a: must not exceed b" },
		{ "count:\n", "t.yaml:1: count: missing value" },
		{ "a: 1\n---\nb: 2\n", "t.yaml:1: a: unknown key" },
		{ "name: x\n---\nname: y\n", "t.yaml:3: (top): more than one YAML document" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct demo d;
		struct cfg_err e = { "" };
		int rc = load(cases[i].yaml, &d, &e);
		CHECK_EQ(rc, -E_CONFIG);
		if (strncmp(e.msg, cases[i].want, strlen(cases[i].want)) != 0) {
			t_failed++;
			fprintf(stderr, "case %zu: got \"%s\", want prefix \"%s\"\n", i, e.msg,
				cases[i].want);
		}
		t_checks++;
	}
}

static void cfg_missing_file_is_an_error(void)
{
	struct demo d;
	struct cfg_err e;
	CHECK_EQ(cfg_load("/nonexistent/x.yaml", demo_fields, &d, &e), -E_CONFIG);
	CHECK(strstr(e.msg, "/nonexistent/x.yaml:0: (file): cannot open") == e.msg);
}

int main(void)
{
	RUN(plmn_bcd_both_mnc_lengths);
	RUN(ip_and_prefix_parse);
	RUN(hex_helpers);
	RUN(cfg_loads_every_type);
	RUN(cfg_list_items_start_from_their_defaults);
	RUN(cfg_empty_file_keeps_defaults);
	RUN(cfg_errors_name_file_line_and_key);
	RUN(cfg_missing_file_is_an_error);
	return t_done();
}
