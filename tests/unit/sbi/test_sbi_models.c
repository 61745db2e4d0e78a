/* Unit tests of lib/sbi's pure parts: URIs and query strings, the TS 29.500
 * cause table, JSON Patch (the examples of RFC 6902 Appendix A) and JSON
 * Pointer (RFC 6901 section 5), and the Nnrf / common models: decode ->
 * check -> encode -> decode, unknown members ignored, missing mandatory
 * members named by JSON pointer. */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/core/err.h"
#include "lib/sbi/json_patch.h"
#include "lib/sbi/models/common.h"
#include "lib/sbi/models/nnrf.h"
#include "lib/sbi/sbi_disc.h"
#include "lib/sbi/sbi_msg.h"
#include "lib/sbi/sbi_uri.h"
#include "tests/unit/t.h"

static json_t *J(const char *txt)
{
	json_error_t e;
	json_t *j = json_loads(txt, JSON_DECODE_ANY, &e);
	if (!j)
		fprintf(stderr, "bad test JSON: %s: %s\n", txt, e.text);
	return j;
}

static void uri_parse_splits_root_and_path(void)
{
	struct sbi_uri u;
	CHECK_EQ(sbi_uri_parse(&u, "http://10.0.0.1:7777/nnrf-nfm/v1/nf-instances?x=1"), 0);
	CHECK(!u.tls);
	CHECK_STR(u.host, "10.0.0.1");
	CHECK_EQ(u.port, 7777);
	CHECK_STR(u.authority, "10.0.0.1:7777");
	CHECK_STR(u.root, "http://10.0.0.1:7777");
	CHECK_STR(u.path, "/nnrf-nfm/v1/nf-instances?x=1");
	CHECK_EQ(sbi_uri_parse(&u, "https://[2001:db8::1]/p"), 0);
	CHECK(u.tls);
	CHECK_STR(u.host, "2001:db8::1");
	CHECK_EQ(u.port, 443);
	CHECK_STR(u.root, "https://[2001:db8::1]:443");
	CHECK_EQ(sbi_uri_parse(&u, "http://nrf.example"), 0);
	CHECK_STR(u.path, "");
	CHECK_EQ(u.port, 80);
}

static void uri_parse_rejects_bad_uris(void)
{
	struct sbi_uri u;
	CHECK_EQ(sbi_uri_parse(&u, "ftp://x/"), -E_INVAL);
	CHECK_EQ(sbi_uri_parse(&u, "http://"), -E_INVAL);
	CHECK_EQ(sbi_uri_parse(&u, "http://h:0/"), -E_INVAL);
	CHECK_EQ(sbi_uri_parse(&u, "http://h:65536/"), -E_INVAL);
	CHECK_EQ(sbi_uri_parse(&u, "http://h:12a/"), -E_INVAL);
	CHECK_EQ(sbi_uri_parse(&u, "http://user@h/"), -E_INVAL);
	CHECK_EQ(sbi_uri_parse(&u, "http://[::1/"), -E_INVAL);
}

/* RFC 3986 3.2.2: brackets hold an IPv6 address. Anything else in them was
 * taken (the fuzz finding: "http://[[ab]:80/x" gave host "[ab" and a root
 * "http://[ab:80" that sbi_uri_parse refuses), and every root built from an
 * accepted URI parses again to the same host and port. */
static void uri_brackets_hold_only_ipv6_addresses(void)
{
	static const char *const bad[] = {
		"http://[[ab]:80/x", "http://[ab]:80/x",  "http://[ab]/",
		"http://[]/",	     "http://[1.2.3.4]/", "http://[fe80::1%25eth0]/",
		"http://[v1.x]/",    "http://[::1]x/",	  "http://[2001:db8::1::2]/",
	};
	struct sbi_uri u, v;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK_EQ(sbi_uri_parse(&u, bad[i]), -E_INVAL);
	static const char *const good[] = {
		"http://[::1]:8080/x", "https://[2001:DB8::a]/",  "http://[::ffff:10.0.0.1]:1",
		"http://10.0.0.1/p",   "http://nrf.example:7777",
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		CHECK_EQ(sbi_uri_parse(&u, good[i]), 0);
		CHECK_EQ(sbi_uri_parse(&v, u.root), 0);
		CHECK_STR(v.host, u.host);
		CHECK_EQ(v.port, u.port);
		CHECK_STR(v.root, u.root);
	}
	CHECK_EQ(sbi_uri_parse(&u, "http://[::ffff:10.0.0.1]:1"), 0);
	CHECK_STR(u.host, "::ffff:10.0.0.1");
	CHECK_STR(u.root, "http://[::ffff:10.0.0.1]:1");
}

static void query_params_are_percent_decoded(void)
{
	char v[128];
	const char *q = "target-nf-type=AUSF&snssais=%5B%7B%22sst%22%3A1%7D%5D&flag&x=a%2Fb";
	CHECK_EQ(sbi_query_get(q, "target-nf-type", v, sizeof(v)), 0);
	CHECK_STR(v, "AUSF");
	CHECK_EQ(sbi_query_get(q, "snssais", v, sizeof(v)), 0);
	CHECK_STR(v, "[{\"sst\":1}]");
	CHECK_EQ(sbi_query_get(q, "flag", v, sizeof(v)), 0);
	CHECK_STR(v, "");
	CHECK_EQ(sbi_query_get(q, "x", v, sizeof(v)), 0);
	CHECK_STR(v, "a/b");
	CHECK_EQ(sbi_query_get(q, "nope", v, sizeof(v)), -E_NOTFOUND);
	CHECK_EQ(sbi_query_get("a=%zz", "a", v, sizeof(v)), -E_INVAL);
	CHECK_EQ(sbi_query_get("a=%00", "a", v, sizeof(v)), -E_INVAL);
	CHECK_EQ(sbi_query_get("a=%4", "a", v, sizeof(v)), -E_INVAL);
	CHECK_EQ(sbi_query_get("a=abcdef", "a", v, 4), -E_NOSPC);
	char enc[64];
	CHECK_EQ(sbi_pct_encode(enc, sizeof(enc), "[{\"a\":1}] x"), 27);
	CHECK_STR(enc, "%5B%7B%22a%22%3A1%7D%5D%20x");
	size_t pos = 0;
	char n[32];
	int count = 0;
	while (sbi_query_next(q, &pos, n, sizeof(n), v, sizeof(v)) == 0)
		count++;
	CHECK_EQ(count, 4);
}

/* sbi_pct_encode into a buffer too small: what it leaves is the start of the
 * full encoding, cut before the first character that does not fit whole (the
 * fuzz finding: "http://hostname/p" in 6 bytes left "http" then a stale byte
 * before the NUL at cap - 1). */
static void pct_encode_truncates_at_a_whole_character(void)
{
	const char *full = "http%3A%2F%2Fhostname%2Fp";
	char out[16];
	for (size_t cap = 1; cap <= sizeof(out); cap++) {
		memset(out, '#', sizeof(out));
		CHECK_EQ(sbi_pct_encode(out, cap, "http://hostname/p"), strlen(full));
		size_t got = strnlen(out, cap);
		CHECK(got < cap);
		CHECK(memcmp(out, full, got) == 0);
		/* whole characters only: got falls on a character boundary of full */
		size_t i = 0;
		while (i < got)
			i += full[i] == '%' ? 3 : 1;
		CHECK_EQ(i, got);
		/* as long as possible: the next whole character would not fit */
		CHECK(got + (full[got] == '%' ? 3 : 1) >= cap);
	}
	memset(out, '#', sizeof(out));
	CHECK_EQ(sbi_pct_encode(out, 6, "http://hostname/p"), strlen(full));
	CHECK_STR(out, "http");
	CHECK_EQ(sbi_pct_encode(out, 7, "a/b"), 5);
	CHECK_STR(out, "a%2Fb");
	CHECK_EQ(sbi_pct_encode(out, 5, "a/b"), 5);
	CHECK_STR(out, "a%2F");
	CHECK_EQ(sbi_pct_encode(out, 4, "a/b"), 5);
	CHECK_STR(out, "a");
	out[0] = 'z';
	CHECK_EQ(sbi_pct_encode(out, 0, "a/b"), 5);
	CHECK_EQ(out[0], 'z');
}

static void cause_table_follows_ts29500(void)
{
	CHECK_EQ(sbi_cause_status(SBI_CAUSE_INVALID_API), 400);
	CHECK_EQ(sbi_cause_status(SBI_CAUSE_MANDATORY_IE_MISSING), 400);
	CHECK_EQ(sbi_cause_status(SBI_CAUSE_MODIFICATION_NOT_ALLOWED), 403);
	CHECK_EQ(sbi_cause_status(SBI_CAUSE_RESOURCE_URI_STRUCTURE_NOT_FOUND), 404);
	CHECK_EQ(sbi_cause_status(SBI_CAUSE_INCORRECT_LENGTH), 411);
	CHECK_EQ(sbi_cause_status(SBI_CAUSE_NF_CONGESTION_RISK), 429);
	CHECK_EQ(sbi_cause_status(SBI_CAUSE_SYSTEM_FAILURE), 500);
	CHECK_EQ(sbi_cause_status(SBI_CAUSE_NF_CONGESTION), 503);
	CHECK_EQ(sbi_cause_status(SBI_CAUSE_TIMED_OUT_REQUEST), 504);
	CHECK_STR(sbi_cause_name(SBI_CAUSE_SUBSCRIPTION_NOT_FOUND), "SUBSCRIPTION_NOT_FOUND");
	CHECK_EQ(sbi_cause_parse("INVALID_MSG_FORMAT"), SBI_CAUSE_INVALID_MSG_FORMAT);
	CHECK_EQ(sbi_cause_parse("NO_SUCH_CAUSE"), SBI_CAUSE_NONE);
	for (int c = 1; c < SBI_CAUSE__N; c++)
		CHECK_EQ(sbi_cause_parse(sbi_cause_name((enum sbi_cause)c)), c);
}

static void media_types_ignore_case_and_parameters(void)
{
	CHECK(sbi_ct_is_json("application/json"));
	CHECK(sbi_ct_is_json("Application/JSON; charset=utf-8"));
	CHECK(sbi_ct_is_json("application/problem+json"));
	CHECK(sbi_ct_is_json("application/json-patch+json"));
	CHECK(!sbi_ct_is_json("text/plain"));
	CHECK(!sbi_ct_is_json("application/jsonx"));
	CHECK(!sbi_ct_is_json(NULL));
	CHECK(sbi_ct_is(" application/json-patch+json ;x=1", SBI_CT_JSON_PATCH));
}

/* One RFC 6902 Appendix A example: doc + patch -> expected (NULL: error). */
static void patch_case(const char *name, const char *doc, const char *patch, const char *want)
{
	json_t *d = J(doc), *p = J(patch), *w = want ? J(want) : NULL;
	json_t *orig = json_deep_copy(d);
	struct json_patch_err e;
	int rc = json_patch_apply(&d, p, &e);
	if (want) {
		CHECK_EQ(rc, 0);
		if (!json_equal(d, w)) {
			char *got = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
			fprintf(stderr, "  %s: got %s\n", name, got);
			free(got);
			CHECK(0);
		}
	} else {
		CHECK_EQ(rc, -E_INVAL);
		CHECK(json_equal(d, orig)); /* atomic: untouched on failure */
	}
	json_decref(d);
	json_decref(p);
	json_decref(orig);
	if (w)
		json_decref(w);
}

static void *no_malloc(size_t n)
{
	(void)n;
	return NULL;
}

/* Out of memory before the first operation (copying the document) is
 * reported like any other failure: e says why (the NRF's PATCH handlers
 * print it), and the document is untouched. */
static void json_patch_fills_the_error_when_out_of_memory(void)
{
	json_t *doc = J("{\"a\":[1,2,3]}");
	json_t *patch = J("[{\"op\":\"remove\",\"path\":\"/a\"}]");
	json_t *orig = doc;
	struct json_patch_err pe;
	memset(&pe, 'X', sizeof(pe));
	json_malloc_t m;
	json_free_t f;
	json_get_alloc_funcs(&m, &f);
	json_set_alloc_funcs(no_malloc, f);
	int rc = json_patch_apply(&doc, patch, &pe);
	json_set_alloc_funcs(m, f);
	CHECK_EQ(rc, -E_NOMEM);
	CHECK(doc == orig);
	CHECK(memchr(pe.reason, 0, sizeof(pe.reason)) != NULL);
	CHECK_STR(pe.reason, "out of memory");
	CHECK_EQ(pe.index, -1);
	CHECK_EQ(json_array_size(json_object_get(doc, "a")), 3);
	json_decref(patch);
	json_decref(doc);
}

/* "copy" of the whole document into itself doubles it per operation, or
 * nests it one level deeper: a small PATCH must not exhaust memory or CPU. */
static void json_patch_refuses_growth_bombs(void)
{
	char buf[8192];
	size_t n = 0;
	struct json_patch_err e;

	n += (size_t)snprintf(buf + n, sizeof(buf) - n, "[");
	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n,
				      "%s{\"op\":\"copy\",\"from\":\"\",\"path\":\"/x%d\"}",
				      i ? "," : "", i);
	snprintf(buf + n, sizeof(buf) - n, "]");
	json_t *doc = json_pack("{si}", "a", 1);
	json_t *p = json_loads(buf, 0, NULL);
	CHECK(p != NULL);
	CHECK_EQ(json_patch_apply(&doc, p, &e), -E_INVAL);
	CHECK(strstr(e.reason, "too large") != NULL);
	CHECK_EQ(json_object_size(doc), 1); /* untouched */
	json_decref(p);

	/* Nesting: copy the root under /a, over and over. */
	n = (size_t)snprintf(buf, sizeof(buf), "[");
	for (int i = 0; i < 100; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n,
				      "%s{\"op\":\"copy\",\"from\":\"\",\"path\":\"/a\"}",
				      i ? "," : "");
	snprintf(buf + n, sizeof(buf) - n, "]");
	p = json_loads(buf, 0, NULL);
	CHECK_EQ(json_patch_apply(&doc, p, &e), -E_INVAL);
	CHECK(strstr(e.reason, "too deep") != NULL);
	json_decref(p);

	/* Too many operations, however small. */
	json_t *many = json_array();
	for (int i = 0; i < 300; i++)
		json_array_append_new(many, json_pack("{ssss}", "op", "test", "path", "/a"));
	CHECK_EQ(json_patch_apply(&doc, many, &e), -E_INVAL);
	CHECK(strstr(e.reason, "too many") != NULL);
	json_decref(many);

	/* An ordinary heartbeat-sized patch still applies. */
	p = json_loads("[{\"op\":\"replace\",\"path\":\"/a\",\"value\":2},"
		       "{\"op\":\"add\",\"path\":\"/load\",\"value\":50}]",
		       0, NULL);
	CHECK_EQ(json_patch_apply(&doc, p, &e), 0);
	CHECK_EQ(json_integer_value(json_object_get(doc, "load")), 50);
	json_decref(p);
	json_decref(doc);
}

static void json_patch_passes_rfc6902_appendix_a(void)
{
	patch_case("A.1", "{\"foo\":\"bar\"}",
		   "[{\"op\":\"add\",\"path\":\"/baz\",\"value\":\"qux\"}]",
		   "{\"baz\":\"qux\",\"foo\":\"bar\"}");
	patch_case("A.2", "{\"foo\":[\"bar\",\"baz\"]}",
		   "[{\"op\":\"add\",\"path\":\"/foo/1\",\"value\":\"qux\"}]",
		   "{\"foo\":[\"bar\",\"qux\",\"baz\"]}");
	patch_case("A.3", "{\"baz\":\"qux\",\"foo\":\"bar\"}",
		   "[{\"op\":\"remove\",\"path\":\"/baz\"}]", "{\"foo\":\"bar\"}");
	patch_case("A.4", "{\"foo\":[\"bar\",\"qux\",\"baz\"]}",
		   "[{\"op\":\"remove\",\"path\":\"/foo/1\"}]", "{\"foo\":[\"bar\",\"baz\"]}");
	patch_case("A.5", "{\"baz\":\"qux\",\"foo\":\"bar\"}",
		   "[{\"op\":\"replace\",\"path\":\"/baz\",\"value\":\"boo\"}]",
		   "{\"baz\":\"boo\",\"foo\":\"bar\"}");
	patch_case("A.6",
		   "{\"foo\":{\"bar\":\"baz\",\"waldo\":\"fred\"},\"qux\":{\"corge\":\"grault\"}}",
		   "[{\"op\":\"move\",\"from\":\"/foo/waldo\",\"path\":\"/qux/thud\"}]",
		   "{\"foo\":{\"bar\":\"baz\"},\"qux\":{\"corge\":\"grault\",\"thud\":\"fred\"}}");
	patch_case("A.7", "{\"foo\":[\"all\",\"grass\",\"cows\",\"eat\"]}",
		   "[{\"op\":\"move\",\"from\":\"/foo/1\",\"path\":\"/foo/3\"}]",
		   "{\"foo\":[\"all\",\"cows\",\"eat\",\"grass\"]}");
	patch_case("A.8", "{\"baz\":\"qux\",\"foo\":[\"a\",2,\"c\"]}",
		   "[{\"op\":\"test\",\"path\":\"/baz\",\"value\":\"qux\"},"
		   "{\"op\":\"test\",\"path\":\"/foo/1\",\"value\":2}]",
		   "{\"baz\":\"qux\",\"foo\":[\"a\",2,\"c\"]}");
	patch_case("A.9", "{\"baz\":\"qux\"}",
		   "[{\"op\":\"test\",\"path\":\"/baz\",\"value\":\"bar\"}]", NULL);
	patch_case("A.10", "{\"foo\":\"bar\"}",
		   "[{\"op\":\"add\",\"path\":\"/child\",\"value\":{\"grandchild\":{}}}]",
		   "{\"foo\":\"bar\",\"child\":{\"grandchild\":{}}}");
	patch_case("A.11", "{\"foo\":\"bar\"}",
		   "[{\"op\":\"add\",\"path\":\"/baz\",\"value\":\"qux\",\"xyz\":123}]",
		   "{\"foo\":\"bar\",\"baz\":\"qux\"}");
	patch_case("A.12", "{\"foo\":\"bar\"}",
		   "[{\"op\":\"add\",\"path\":\"/baz/bat\",\"value\":\"qux\"}]", NULL);
	patch_case("A.14", "{\"/\":9,\"~1\":10}",
		   "[{\"op\":\"test\",\"path\":\"/~01\",\"value\":10}]", "{\"/\":9,\"~1\":10}");
	patch_case("A.15", "{\"/\":9,\"~1\":10}",
		   "[{\"op\":\"test\",\"path\":\"/~01\",\"value\":\"10\"}]", NULL);
	patch_case("A.16", "{\"foo\":[\"bar\"]}",
		   "[{\"op\":\"add\",\"path\":\"/foo/-\",\"value\":[\"abc\",\"def\"]}]",
		   "{\"foo\":[\"bar\",[\"abc\",\"def\"]]}");
	/* Beyond the appendix: a failing op leaves earlier ones undone. */
	patch_case("atomic", "{\"a\":1}",
		   "[{\"op\":\"replace\",\"path\":\"/a\",\"value\":2},"
		   "{\"op\":\"remove\",\"path\":\"/nope\"}]",
		   NULL);
	patch_case("replace-missing", "{\"a\":1}",
		   "[{\"op\":\"replace\",\"path\":\"/b\",\"value\":2}]", NULL);
	patch_case("copy", "{\"a\":{\"x\":1}}",
		   "[{\"op\":\"copy\",\"from\":\"/a\",\"path\":\"/b\"}]",
		   "{\"a\":{\"x\":1},\"b\":{\"x\":1}}");
	patch_case("move-into-child", "{\"a\":{\"b\":1}}",
		   "[{\"op\":\"move\",\"from\":\"/a\",\"path\":\"/a/c\"}]", NULL);
	patch_case("not-array", "{}", "{\"op\":\"add\"}", NULL);
	patch_case("bad-op", "{}", "[{\"op\":\"frob\",\"path\":\"/a\"}]", NULL);
	patch_case("leading-zero", "{\"a\":[1,2]}", "[{\"op\":\"remove\",\"path\":\"/a/01\"}]",
		   NULL);
}

static void json_pointer_resolves_rfc6901_examples(void)
{
	json_t *d = J("{\"foo\":[\"bar\",\"baz\"],\"\":0,\"a/b\":1,\"c%d\":2,\"e^f\":3,\"g|h\":4,"
		      "\"i\\\\j\":5,\"k\\\"l\":6,\" \":7,\"m~n\":8}");
	CHECK(json_pointer_get(d, "") == d);
	CHECK_STR(json_string_value(json_pointer_get(d, "/foo/0")), "bar");
	CHECK_EQ(json_integer_value(json_pointer_get(d, "/")), 0);
	CHECK_EQ(json_integer_value(json_pointer_get(d, "/a~1b")), 1);
	CHECK_EQ(json_integer_value(json_pointer_get(d, "/c%d")), 2);
	CHECK_EQ(json_integer_value(json_pointer_get(d, "/e^f")), 3);
	CHECK_EQ(json_integer_value(json_pointer_get(d, "/g|h")), 4);
	CHECK_EQ(json_integer_value(json_pointer_get(d, "/i\\j")), 5);
	CHECK_EQ(json_integer_value(json_pointer_get(d, "/k\"l")), 6);
	CHECK_EQ(json_integer_value(json_pointer_get(d, "/ ")), 7);
	CHECK_EQ(json_integer_value(json_pointer_get(d, "/m~0n")), 8);
	CHECK(json_pointer_get(d, "/foo/2") == NULL);
	CHECK(json_pointer_get(d, "foo") == NULL);
	CHECK(json_pointer_get(d, "/m~2n") == NULL);
	json_decref(d);
}

static const char *profile_json =
	"{\"nfInstanceId\":\"4947a69a-f61b-4bc1-b9da-47c9c5d14b64\",\"nfType\":\"AUSF\","
	"\"nfStatus\":\"REGISTERED\",\"heartBeatTimer\":10,"
	"\"plmnList\":[{\"mcc\":\"001\",\"mnc\":\"01\"},{\"mcc\":\"310\",\"mnc\":\"260\"}],"
	"\"sNssais\":[{\"sst\":1},{\"sst\":1,\"sd\":\"010203\"}],"
	"\"ipv4Addresses\":[\"10.200.0.2\"],\"priority\":5,\"capacity\":100,"
	"\"allowedNfTypes\":[\"AMF\",\"SMF\"],"
	"\"ausfInfo\":{\"groupId\":\"g1\"},\"someFutureMember\":[1,2,3],"
	"\"nfServices\":[{\"serviceInstanceId\":\"0\",\"serviceName\":\"nausf-auth\","
	"\"versions\":[{\"apiVersionInUri\":\"v1\",\"apiFullVersion\":\"1.2.2\"}],"
	"\"scheme\":\"http\",\"nfServiceStatus\":\"REGISTERED\","
	"\"ipEndPoints\":[{\"ipv4Address\":\"10.200.0.2\",\"transport\":\"TCP\",\"port\":8001}]}]}";

static void nf_profile_decodes_and_round_trips(void)
{
	struct sbi_nf_profile p, q;
	struct sbi_jerr e;
	json_t *j = J(profile_json);
	CHECK_EQ(sbi_nf_profile_decode(&p, j, &e), 0);
	CHECK_STR(p.nf_instance_id, "4947a69a-f61b-4bc1-b9da-47c9c5d14b64");
	CHECK_EQ(p.nf_type, SBI_NF_AUSF);
	CHECK_EQ(p.nf_status, SBI_NF_REGISTERED);
	CHECK_EQ(p.heartbeat_timer, 10);
	CHECK_EQ(p.n_plmns, 2);
	CHECK_EQ(p.plmns[1].mcc, 310);
	CHECK_EQ(p.plmns[1].mnc, 260);
	CHECK_EQ(p.plmns[1].mnc_len, 3);
	CHECK_EQ(p.n_snssais, 2);
	CHECK(p.snssais[1].has_sd);
	CHECK_EQ(p.snssais[1].sd, 0x010203);
	CHECK_EQ(p.n_ipv4, 1);
	CHECK_EQ(p.priority, 5);
	CHECK_EQ(p.load, -1);
	CHECK_EQ(p.allowed_nf_types, (1ull << SBI_NF_AMF) | (1ull << SBI_NF_SMF));
	CHECK_EQ(p.n_services, 1);
	CHECK_STR(p.services[0].service_name, "nausf-auth");
	CHECK_EQ(p.services[0].eps[0].port, 8001);
	CHECK(p.extra && json_object_get(p.extra, "ausfInfo"));
	CHECK(json_object_get(p.extra, "someFutureMember") != NULL);
	char root[128];
	CHECK_EQ(sbi_nf_profile_api_root(&p, "nausf-auth", root, sizeof(root)), 0);
	CHECK_STR(root, "http://10.200.0.2:8001");
	CHECK_EQ(sbi_nf_profile_api_root(&p, "nudm-sdm", root, sizeof(root)), -E_NOTFOUND);

	json_t *enc = sbi_nf_profile_encode(&p);
	CHECK(enc != NULL);
	CHECK(json_object_get(enc, "nfServiceList") != NULL);
	CHECK(json_equal(json_object_get(enc, "ausfInfo"), json_object_get(j, "ausfInfo")));
	CHECK_EQ(sbi_nf_profile_decode(&q, enc, &e), 0);
	CHECK_STR(q.nf_instance_id, p.nf_instance_id);
	CHECK_EQ(q.n_plmns, p.n_plmns);
	CHECK_EQ(q.n_services, 1);
	CHECK_STR(q.services[0].versions[0].full, "1.2.2");
	CHECK_EQ(q.allowed_nf_types, p.allowed_nf_types);
	json_t *enc2 = sbi_nf_profile_encode(&q);
	CHECK(json_equal(enc, enc2));
	json_decref(enc);
	json_decref(enc2);
	json_decref(j);
	sbi_nf_profile_fini(&p);
	sbi_nf_profile_fini(&q);
}

static void expect_error(const char *txt, enum sbi_cause cause, const char *param)
{
	struct sbi_nf_profile p;
	struct sbi_jerr e;
	json_t *j = J(txt);
	CHECK(sbi_nf_profile_decode(&p, j, &e) < 0);
	CHECK_EQ(e.cause, cause);
	CHECK_STR(e.param, param);
	sbi_nf_profile_fini(&p);
	json_decref(j);
}

static void nf_profile_names_missing_or_wrong_members(void)
{
	expect_error("{\"nfInstanceId\":\"4947a69a-f61b-4bc1-b9da-47c9c5d14b64\",\"nfStatus\":"
		     "\"REGISTERED\",\"ipv4Addresses\":[\"10.0.0.1\"]}",
		     SBI_CAUSE_MANDATORY_IE_MISSING, "/nfType");
	expect_error("{\"nfType\":\"AMF\",\"nfStatus\":\"REGISTERED\"}",
		     SBI_CAUSE_MANDATORY_IE_MISSING, "/nfInstanceId");
	expect_error(
		"{\"nfInstanceId\":\"not-a-uuid\",\"nfType\":\"AMF\",\"nfStatus\":\"REGISTERED\","
		"\"ipv4Addresses\":[\"10.0.0.1\"]}",
		SBI_CAUSE_MANDATORY_IE_INCORRECT, "/nfInstanceId");
	expect_error("{\"nfInstanceId\":\"4947a69a-f61b-4bc1-b9da-47c9c5d14b64\",\"nfType\":7,"
		     "\"nfStatus\":\"REGISTERED\",\"ipv4Addresses\":[\"10.0.0.1\"]}",
		     SBI_CAUSE_MANDATORY_IE_INCORRECT, "/nfType");
	expect_error(
		"{\"nfInstanceId\":\"4947a69a-f61b-4bc1-b9da-47c9c5d14b64\",\"nfType\":\"AMF\","
		"\"nfStatus\":\"REGISTERED\"}",
		SBI_CAUSE_MANDATORY_IE_MISSING, "/ipv4Addresses");
	expect_error(
		"{\"nfInstanceId\":\"4947a69a-f61b-4bc1-b9da-47c9c5d14b64\",\"nfType\":\"AMF\","
		"\"nfStatus\":\"REGISTERED\",\"ipv4Addresses\":[\"10.0.0.1\"],"
		"\"plmnList\":[{\"mcc\":\"001\",\"mnc\":\"1\"}]}",
		SBI_CAUSE_MANDATORY_IE_INCORRECT, "/plmnList/0/mnc");
	expect_error(
		"{\"nfInstanceId\":\"4947a69a-f61b-4bc1-b9da-47c9c5d14b64\",\"nfType\":\"AMF\","
		"\"nfStatus\":\"REGISTERED\",\"ipv4Addresses\":[\"10.0.0.1\"],"
		"\"nfServices\":[{\"serviceInstanceId\":\"a\",\"serviceName\":\"namf-comm\","
		"\"versions\":[{\"apiVersionInUri\":\"v1\",\"apiFullVersion\":\"1\"}],"
		"\"scheme\":\"ftp\",\"nfServiceStatus\":\"REGISTERED\"}]}",
		SBI_CAUSE_MANDATORY_IE_INCORRECT, "/nfServices/0/scheme");
	expect_error(
		"{\"nfInstanceId\":\"4947a69a-f61b-4bc1-b9da-47c9c5d14b64\",\"nfType\":\"AMF\","
		"\"nfStatus\":\"REGISTERED\",\"ipv4Addresses\":[\"10.0.0.1\"],"
		"\"nfServices\":[{\"serviceInstanceId\":\"a\",\"serviceName\":\"namf-comm\","
		"\"scheme\":\"http\",\"nfServiceStatus\":\"REGISTERED\"}]}",
		SBI_CAUSE_MANDATORY_IE_MISSING, "/nfServices/0/versions");
	expect_error(
		"{\"nfInstanceId\":\"4947a69a-f61b-4bc1-b9da-47c9c5d14b64\",\"nfType\":\"AMF\","
		"\"nfStatus\":\"REGISTERED\",\"ipv4Addresses\":[\"10.0.0.1\"],"
		"\"sNssais\":[{\"sst\":300}]}",
		SBI_CAUSE_MANDATORY_IE_INCORRECT, "/sNssais/0/sst");
	expect_error("[]", SBI_CAUSE_INVALID_MSG_FORMAT, "/");
}

static void nf_profile_accepts_service_map_and_unknown_type(void)
{
	struct sbi_nf_profile p;
	struct sbi_jerr e;
	json_t *j = J("{\"nfInstanceId\":\"4947a69a-f61b-4bc1-b9da-47c9c5d14b64\","
		      "\"nfType\":\"VENDOR_X\",\"nfStatus\":\"REGISTERED\",\"fqdn\":\"x.example\","
		      "\"nfServiceList\":{\"s1\":{\"serviceInstanceId\":\"s1\","
		      "\"serviceName\":\"nx-svc\",\"versions\":[{\"apiVersionInUri\":\"v2\","
		      "\"apiFullVersion\":\"2.0.0\"}],\"scheme\":\"https\","
		      "\"nfServiceStatus\":\"REGISTERED\",\"apiPrefix\":\"/pre\"}}}");
	CHECK_EQ(sbi_nf_profile_decode(&p, j, &e), 0);
	CHECK_EQ(p.nf_type, SBI_NF_OTHER);
	CHECK_STR(p.nf_type_str, "VENDOR_X");
	CHECK_EQ(p.n_services, 1);
	CHECK(p.services[0].https);
	char root[128];
	CHECK_EQ(sbi_nf_profile_api_root(&p, "nx-svc", root, sizeof(root)), 0);
	CHECK_STR(root, "https://x.example/pre");
	json_t *enc = sbi_nf_profile_encode(&p);
	CHECK_STR(json_string_value(json_object_get(enc, "nfType")), "VENDOR_X");
	json_decref(enc);
	json_decref(j);
	sbi_nf_profile_fini(&p);
}

static void common_types_decode_and_encode(void)
{
	struct plmn pl;
	struct s_nssai s;
	struct sbi_jerr e;
	json_t *j = J("{\"mcc\":\"001\",\"mnc\":\"01\"}");
	CHECK_EQ(sbi_plmn_decode(&pl, j, "/p", &e), 0);
	CHECK_EQ(pl.mcc, 1);
	CHECK_EQ(pl.mnc_len, 2);
	json_t *enc = sbi_plmn_encode(&pl);
	CHECK(json_equal(enc, j));
	json_decref(enc);
	json_decref(j);
	j = J("{\"mcc\":\"01\",\"mnc\":\"01\"}");
	CHECK(sbi_plmn_decode(&pl, j, "/p", &e) < 0);
	CHECK_STR(e.param, "/p/mcc");
	json_decref(j);
	j = J("{\"sst\":1,\"sd\":\"ABCDEF\"}");
	CHECK_EQ(sbi_snssai_decode(&s, j, "", &e), 0);
	CHECK_EQ(s.sd, 0xabcdef);
	enc = sbi_snssai_encode(&s);
	CHECK_STR(json_string_value(json_object_get(enc, "sd")), "abcdef");
	json_decref(enc);
	json_decref(j);
	j = J("{\"sst\":1,\"sd\":\"ABCDE\"}");
	CHECK(sbi_snssai_decode(&s, j, "", &e) < 0);
	CHECK_EQ(e.cause, SBI_CAUSE_OPTIONAL_IE_INCORRECT);
	json_decref(j);

	struct sbi_problem p = { .status = 400 }, q;
	snprintf(p.cause, sizeof(p.cause), "MANDATORY_IE_MISSING");
	snprintf(p.invalid[0].param, sizeof(p.invalid[0].param), "/nfType");
	p.n_invalid = 1;
	enc = sbi_problem_encode(&p);
	CHECK_EQ(sbi_problem_decode(&q, enc, &e), 0);
	CHECK_EQ(q.status, 400);
	CHECK_STR(q.cause, "MANDATORY_IE_MISSING");
	CHECK_EQ(q.n_invalid, 1);
	CHECK_STR(q.invalid[0].param, "/nfType");
	json_decref(enc);

	time_t t;
	char buf[32];
	CHECK_EQ(sbi_datetime_parse("2026-11-26T10:00:00Z", &t), 0);
	sbi_datetime_format(t, buf);
	CHECK_STR(buf, "2026-11-26T10:00:00Z");
	time_t t2;
	CHECK_EQ(sbi_datetime_parse("2026-11-26T12:00:00.250+02:00", &t2), 0);
	CHECK_EQ(t2, t);
	CHECK_EQ(sbi_datetime_parse("2026-11-26 10:00:00Z", &t), -E_INVAL);
	CHECK_EQ(sbi_datetime_parse("2026-13-26T10:00:00Z", &t), -E_INVAL);

	char id[37];
	CHECK_EQ(sbi_uuid_v4(id), 0);
	CHECK(sbi_uuid_valid(id));
	CHECK_EQ(id[14], '4');
	CHECK(!sbi_uuid_valid("4947a69a-f61b-4bc1-b9da-47c9c5d14b6"));
	CHECK(!sbi_uuid_valid("4947a69a-f61b-4bc1-b9da-47c9c5d14b6g"));
}

/* RFC 3339 writes years 0000..9999 in 4 digits. The fuzz findings: year 30
 * was formatted as "30-01-01T..." and "9999-12-31T23:59:59-01:00" (year 10000
 * in UTC) as "10000-...", both refused by the parser, so an NRF's own
 * SubscriptionData answer did not decode. */
static void datetime_round_trips_only_years_rfc3339_can_write(void)
{
	char buf[32];
	time_t t, t2;
	CHECK_EQ(sbi_datetime_parse("0030-01-01T00:00:00Z", &t), 0);
	sbi_datetime_format(t, buf);
	CHECK_STR(buf, "0030-01-01T00:00:00Z");
	CHECK_EQ(sbi_datetime_parse(buf, &t2), 0);
	CHECK_EQ(t2, t);
	CHECK_EQ(sbi_datetime_parse("0000-01-01T00:00:00Z", &t), 0);
	sbi_datetime_format(t, buf);
	CHECK_STR(buf, "0000-01-01T00:00:00Z");
	CHECK_EQ(sbi_datetime_parse("9999-12-31T23:59:59Z", &t), 0);
	sbi_datetime_format(t, buf);
	CHECK_STR(buf, "9999-12-31T23:59:59Z");
	/* an offset or a leap second that leaves 0000..9999 in UTC is refused */
	t = 7;
	CHECK_EQ(sbi_datetime_parse("9999-12-31T23:59:59-01:00", &t), -E_INVAL);
	CHECK_EQ(sbi_datetime_parse("9999-12-31T23:59:60Z", &t), -E_INVAL);
	CHECK_EQ(sbi_datetime_parse("0000-01-01T00:30:00+01:00", &t), -E_INVAL);
	CHECK_EQ(t, 7);
	CHECK_EQ(sbi_datetime_parse("9999-12-31T23:59:59+01:00", &t), 0);
	sbi_datetime_format(t, buf);
	CHECK_STR(buf, "9999-12-31T22:59:59Z");
	/* instants no DateTime can write are clamped to the first or last one */
	sbi_datetime_format((time_t)INT64_MAX, buf);
	CHECK_STR(buf, "9999-12-31T23:59:59Z");
	sbi_datetime_format((time_t)INT64_MIN, buf);
	CHECK_STR(buf, "0000-01-01T00:00:00Z");
	/* every year boundary of the range formats and parses back */
	for (int y = 0; y <= 9999; y += 1111) {
		char in[32];
		snprintf(in, sizeof(in), "%04d-06-15T12:34:56Z", y);
		CHECK_EQ(sbi_datetime_parse(in, &t), 0);
		sbi_datetime_format(t, buf);
		CHECK_STR(buf, in);
	}
}

static void subscription_and_notification_models(void)
{
	struct sbi_subscription s;
	struct sbi_jerr e;
	json_t *j = J("{\"nfStatusNotificationUri\":\"http://10.0.0.2:80/notify\","
		      "\"reqNfType\":\"AMF\",\"subscrCond\":{\"nfType\":\"AUSF\"},"
		      "\"reqNotifEvents\":[\"NF_REGISTERED\",\"NF_DEREGISTERED\"],"
		      "\"validityTime\":\"2030-01-01T00:00:00Z\"}");
	CHECK_EQ(sbi_subscription_decode(&s, j, &e), 0);
	CHECK_EQ(s.cond, SBI_COND_NF_TYPE);
	CHECK_STR(s.cond_value, "AUSF");
	CHECK_EQ(s.req_nf_type, SBI_NF_AMF);
	CHECK_EQ(s.req_notif_events, 3);
	CHECK(s.validity_time > 0);
	json_decref(j);
	j = J("{\"reqNfType\":\"AMF\"}");
	CHECK(sbi_subscription_decode(&s, j, &e) < 0);
	CHECK_STR(e.param, "/nfStatusNotificationUri");
	json_decref(j);
	j = J("{\"nfStatusNotificationUri\":\"http://a/n\",\"subscrCond\":{\"amfSetId\":\"001\"}}");
	CHECK_EQ(sbi_subscription_decode(&s, j, &e), 0);
	CHECK_EQ(s.cond, SBI_COND_OTHER);
	sbi_subscription_fini(&s);
	json_decref(j);

	json_t *prof = J(profile_json);
	json_t *n = sbi_notification_encode(
		SBI_NOTIF_NF_REGISTERED,
		"http://nrf/nnrf-nfm/v1/nf-instances/4947a69a-f61b-4bc1-b9da-47c9c5d14b64", prof);
	struct sbi_notification nd;
	CHECK_EQ(sbi_notification_decode(&nd, n, &e), 0);
	CHECK_EQ(nd.event, SBI_NOTIF_NF_REGISTERED);
	CHECK_STR(nd.nf_instance_id, "4947a69a-f61b-4bc1-b9da-47c9c5d14b64");
	CHECK(nd.nf_profile != NULL);
	json_decref(n);
	n = J("{\"event\":\"NF_REGISTERED\",\"nfInstanceUri\":\"http://nrf/x\"}");
	CHECK(sbi_notification_decode(&nd, n, &e) < 0);
	CHECK_STR(e.param, "/nfProfile");
	json_decref(n);
	json_decref(prof);
}

/* A subscrCond this release does not evaluate is kept as received and encoded
 * back unchanged (the fuzz finding: {"amfSetId":"1"} was dropped on encoding,
 * widening the subscription to every NF). Kinds with a conditionType, or
 * naming an NF group list, are never read as an NfTypeCond. */
static void subscription_keeps_conditions_it_does_not_evaluate(void)
{
	static const char *const conds[] = {
		"{\"amfSetId\":\"1\"}",
		"{\"amfRegionId\":\"ab\",\"amfSetId\":\"3f0\"}",
		("{\"conditionType\":\"NF_GROUP_LIST_COND\",\"nfType\":\"UDM\","
		 "\"nfGroupIdList\":[\"g1\"]}"),
		"{\"nfType\":\"UDM\",\"nfGroupIdList\":[\"g1\"]}",
		"{\"nfType\":\"UDM\",\"nfGroupId\":\"g1\"}",
		"{\"conditionType\":\"SERVICE_NAME_LIST_COND\",\"serviceNameList\":[\"nudm-sdm\"]}",
		"{\"futureCond\":{\"deep\":[1,{\"x\":null}]}}",
		"{}",
	};
	struct sbi_jerr e;
	for (size_t i = 0; i < sizeof(conds) / sizeof(conds[0]); i++) {
		char txt[256];
		snprintf(txt, sizeof(txt),
			 "{\"nfStatusNotificationUri\":\"http://a/n\",\"subscrCond\":%s}",
			 conds[i]);
		json_t *j = J(txt);
		struct sbi_subscription s, b;
		CHECK_EQ(sbi_subscription_decode(&s, j, &e), 0);
		CHECK_EQ(s.cond, SBI_COND_OTHER);
		CHECK_STR(s.cond_value, "");
		CHECK(json_equal(s.cond_other, json_object_get(j, "subscrCond")));
		json_t *enc = sbi_subscription_encode(&s);
		CHECK(enc != NULL);
		CHECK(json_equal(json_object_get(enc, "subscrCond"),
				 json_object_get(j, "subscrCond")));
		CHECK_EQ(sbi_subscription_decode(&b, enc, &e), 0);
		CHECK_EQ(b.cond, SBI_COND_OTHER);
		CHECK(json_equal(b.cond_other, s.cond_other));
		/* the encoding holds a copy: changing it leaves s as decoded */
		json_object_set_new(json_object_get(enc, "subscrCond"), "added", json_true());
		CHECK(json_equal(s.cond_other, json_object_get(j, "subscrCond")));
		sbi_subscription_fini(&b);
		sbi_subscription_fini(&s);
		CHECK(s.cond_other == NULL);
		json_decref(enc);
		json_decref(j);
	}
	/* the kinds evaluated here still decode as before, with no JSON kept */
	json_t *j = J("{\"nfStatusNotificationUri\":\"http://a/n\","
		      "\"subscrCond\":{\"serviceName\":\"nudm-sdm\"}}");
	struct sbi_subscription s;
	CHECK_EQ(sbi_subscription_decode(&s, j, &e), 0);
	CHECK_EQ(s.cond, SBI_COND_SERVICE_NAME);
	CHECK_STR(s.cond_value, "nudm-sdm");
	CHECK(s.cond_other == NULL);
	/* a condition it cannot write is refused, not left out */
	s.cond = SBI_COND_OTHER;
	CHECK(sbi_subscription_encode(&s) == NULL);
	sbi_subscription_fini(&s);
	json_decref(j);
}

static void discovery_query_string_encodes_json_parameters(void)
{
	char q[512];
	struct s_nssai sn = { 1, true, 0x010203 };
	struct plmn pl = { 1, 1, 2 };
	struct sbi_disc_query dq = { .target = SBI_NF_UDM,
				     .requester = SBI_NF_AUSF,
				     .service = "nudm-ueau",
				     .snssai = &sn,
				     .dnn = "internet",
				     .target_plmn = &pl };
	CHECK_EQ(sbi_disc_query_string(&dq, q, sizeof(q)), 0);
	char v[128];
	CHECK_EQ(sbi_query_get(q, "target-nf-type", v, sizeof(v)), 0);
	CHECK_STR(v, "UDM");
	CHECK_EQ(sbi_query_get(q, "requester-nf-type", v, sizeof(v)), 0);
	CHECK_STR(v, "AUSF");
	CHECK_EQ(sbi_query_get(q, "snssais", v, sizeof(v)), 0);
	CHECK_STR(v, "[{\"sst\":1,\"sd\":\"010203\"}]");
	CHECK_EQ(sbi_query_get(q, "target-plmn-list", v, sizeof(v)), 0);
	CHECK_STR(v, "[{\"mcc\":\"001\",\"mnc\":\"01\"}]");
	CHECK_EQ(sbi_disc_query_string(&dq, q, 40), -E_NOSPC);
}

/* Mutated profiles (deterministic byte flips, cuts and splices): whatever
 * parses must decode or fail with a named member, never crash (run under
 * ASan/UBSan in the sanitizer tier). */
static void mutated_profiles_never_crash_the_decoders(void)
{
	uint32_t x = 12345;
	size_t len = strlen(profile_json);
	char *buf = malloc(len * 2 + 1);
	int parsed = 0, decoded = 0, named = 0;
	for (int round = 0; round < 20000; round++) {
		memcpy(buf, profile_json, len + 1);
		size_t n = len;
		for (int k = 0; k < 1 + round % 4; k++) {
			x = x * 1103515245u + 12345u;
			size_t at = (x >> 8) % n;
			switch ((x >> 4) % 4) {
			case 0: buf[at] = (char)(x >> 16); break; /* flip a byte */
			case 1:
				n = at;
				buf[n] = 0;
				break; /* cut */
			case 2:
				buf[at] = "{}[]\",:0-e"[(x >> 16) % 11];
				break; /* structural char */
			default:
				memmove(buf + at, buf + at + 1, n - at);
				n--;
				break; /* delete */
			}
			if (n == 0)
				break;
		}
		struct sbi_jerr e;
		json_t *j = sbi_json_parse(buf, n, &e);
		if (!j)
			continue;
		parsed++;
		struct sbi_nf_profile p;
		if (sbi_nf_profile_decode(&p, j, &e) == 0) {
			decoded++;
			json_t *enc = sbi_nf_profile_encode(&p);
			CHECK(enc != NULL);
			json_decref(enc);
		} else {
			named += e.param[0] == '/';
		}
		sbi_nf_profile_fini(&p);
		struct sbi_subscription sd;
		sbi_subscription_decode(&sd, j, &e);
		sbi_subscription_fini(&sd);
		struct sbi_notification nd;
		sbi_notification_decode(&nd, j, &e);
		struct sbi_problem pd;
		sbi_problem_decode(&pd, j, &e);
		json_t *doc = json_pack("{si}", "a", 1);
		struct json_patch_err pe;
		json_patch_apply(&doc, j, &pe);
		json_decref(doc);
		json_decref(j);
	}
	free(buf);
	CHECK(parsed > 100);
	CHECK(decoded > 10);
	CHECK_EQ(named, parsed - decoded);
}

int main(void)
{
	RUN(uri_parse_splits_root_and_path);
	RUN(uri_parse_rejects_bad_uris);
	RUN(uri_brackets_hold_only_ipv6_addresses);
	RUN(query_params_are_percent_decoded);
	RUN(pct_encode_truncates_at_a_whole_character);
	RUN(cause_table_follows_ts29500);
	RUN(media_types_ignore_case_and_parameters);
	RUN(json_patch_passes_rfc6902_appendix_a);
	RUN(json_patch_refuses_growth_bombs);
	RUN(json_patch_fills_the_error_when_out_of_memory);
	RUN(json_pointer_resolves_rfc6901_examples);
	RUN(nf_profile_decodes_and_round_trips);
	RUN(nf_profile_names_missing_or_wrong_members);
	RUN(nf_profile_accepts_service_map_and_unknown_type);
	RUN(common_types_decode_and_encode);
	RUN(datetime_round_trips_only_years_rfc3339_can_write);
	RUN(subscription_and_notification_models);
	RUN(subscription_keeps_conditions_it_does_not_evaluate);
	RUN(discovery_query_string_encodes_json_parameters);
	RUN(mutated_profiles_never_crash_the_decoders);
	return t_done();
}
