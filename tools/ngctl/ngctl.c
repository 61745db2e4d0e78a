/* ngctl — operator CLI for ngcore: subscribers, status and metrics through
 * the management REST API (nf/mgmt). See tools/ngctl/README.md.
 *
 * Exit status: 0 done; 1 the API refused (4xx/5xx, message on stderr);
 * 2 usage error; 3 the API could not be reached.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tools/ngctl/http.h"

#define DEFAULT_API "http://127.0.0.1:9090"
#define API	    "/api/v1"

static bool json_out; /* --json: print the API's JSON instead of tables */

static void usage(FILE *out)
{
	fprintf(out,
		"usage: ngctl [--api URL] [--json] [--timeout S] COMMAND ...\n"
		"\n"
		"  subscriber add --imsi IMSI --k HEX (--opc HEX | --op HEX) [--amf HEX] [--sqn "
		"HEX]\n"
		"                 [--sst N [--sd HEX]]... [--dnn NAME]... [--ambr-ul RATE]\n"
		"                 [--ambr-dl RATE] [--msisdn DIGITS]\n"
		"  subscriber list [--offset N] [--limit N] [--all]\n"
		"  subscriber show IMSI\n"
		"  subscriber update IMSI [the options of add]   (--sst/--sd/--dnn replace all "
		"slices)\n"
		"  subscriber delete IMSI\n"
		"  subscriber import FILE.csv [--partial]\n"
		"  status\n"
		"  metrics\n"
		"\n"
		"  --api URL      management API (default $NGCTL_API or " DEFAULT_API ")\n"
		"  --json         print JSON (for scripts) instead of tables\n"
		"  --timeout S    give up after S seconds (default 600)\n"
		"IMSI: 15 digits or imsi-<15 digits>. RATE: \"100 Mbps\" (bps, Kbps, Mbps, Gbps,\n"
		"Tbps) or bit/s. Exit: 0 ok, 1 refused by the API, 2 usage, 3 API unreachable.\n");
}

__attribute__((format(printf, 1, 2))) static int die_usage(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "ngctl: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see ngctl --help)\n");
	return 2;
}

/* Prints the API's error as one line; returns the exit status. */
static int api_error(const char *what, const struct http_rsp *r)
{
	json_error_t je;
	json_t *o = json_loadb(r->body, r->len, 0, &je);
	const char *msg = json_string_value(json_object_get(o, "error"));
	const char *field = json_string_value(json_object_get(o, "field"));
	json_t *line = json_object_get(o, "line");

	fprintf(stderr, "ngctl: %s: HTTP %ld: ", what, r->status);
	if (json_is_integer(line))
		fprintf(stderr, "line %" JSON_INTEGER_FORMAT ": ", json_integer_value(line));
	if (msg)
		fprintf(stderr, "%s", msg);
	else
		fprintf(stderr, "%.*s", (int)strcspn(r->body, "\n"), r->body);
	if (field)
		fprintf(stderr, " [field %s]", field);
	if (json_is_integer(line))
		fprintf(stderr, "; nothing imported");
	fprintf(stderr, "\n");
	json_decref(o);
	return 1;
}

/* One request; on success *out holds the parsed JSON body (if any). */
static int call(const char *what, const char *method, const char *path, json_t *body, json_t **out,
		long *status)
{
	char err[512];
	struct http_rsp r;
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	const char *ctype = !body			   ? NULL
			    : strcmp(method, "PATCH") == 0 ? "application/merge-patch+json"
							   : "application/json";

	int rc = http_do(method, path, ctype, text, text ? strlen(text) : 0, NULL, 0, &r, err,
			 sizeof(err));
	if (text) {
		explicit_bzero(text, strlen(text)); /* it may carry K/OPc */
		free(text);
	}
	if (rc < 0) {
		fprintf(stderr, "ngctl: %s\n", err);
		return 3;
	}
	if (status)
		*status = r.status;
	if (r.status >= 400) {
		rc = api_error(what, &r);
		http_rsp_free(&r);
		return rc;
	}
	if (out) {
		json_error_t je;
		*out = r.len ? json_loadb(r.body, r.len, 0, &je) : NULL;
		if (r.len && !*out) {
			fprintf(stderr, "ngctl: %s: the API answered invalid JSON\n", what);
			http_rsp_free(&r);
			return 1;
		}
	}
	http_rsp_free(&r);
	return 0;
}

static void print_json(json_t *o)
{
	char *s = json_dumps(o, JSON_INDENT(2));
	if (s)
		printf("%s\n", s);
	free(s);
}

/* ---- subscriber rendering ---- */

static const char *str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "-";
}

/* "1/010203:internet,ims 2:iot" */
static void slices_str(json_t *sub, char *out, size_t n)
{
	size_t i, d;
	json_t *sl, *dn;
	size_t w = 0;

	out[0] = 0;
	json_array_foreach(json_object_get(sub, "slices"), i, sl)
	{
		const char *sd = json_string_value(json_object_get(sl, "sd"));
		w += (size_t)snprintf(out + w, w < n ? n - w : 0,
				      "%s%" JSON_INTEGER_FORMAT "%s%s:", i ? " " : "",
				      json_integer_value(json_object_get(sl, "sst")), sd ? "/" : "",
				      sd ? sd : "");
		json_array_foreach(json_object_get(sl, "dnns"), d, dn) w += (size_t)snprintf(
			out + w, w < n ? n - w : 0, "%s%s", d ? "," : "", str(dn, "dnn"));
	}
	if (w >= n && n > 4)
		memcpy(out + n - 4, "...", 4);
}

static void list_header(void)
{
	printf("%-21s %-4s %-12s %-21s %-24s %s\n", "SUPI", "AMF", "SQN", "AMBR UL/DL", "SLICES",
	       "MSISDN");
}

static void list_row(json_t *s)
{
	char sl[256], ambr[64];
	json_t *a = json_object_get(s, "ambr");
	snprintf(ambr, sizeof(ambr), "%s / %s", str(a, "uplink"), str(a, "downlink"));
	slices_str(s, sl, sizeof(sl));
	printf("%-21s %-4s %-12s %-21s %-24s %s\n", str(s, "supi"), str(s, "amf"), str(s, "sqn"),
	       ambr, sl, str(s, "msisdn"));
}

static void show_sub(json_t *s)
{
	json_t *a = json_object_get(s, "ambr");
	size_t i, d;
	json_t *sl, *dn;

	printf("supi      %s\n", str(s, "supi"));
	printf("k         %s (write-only)\n", str(s, "k"));
	if (json_object_get(s, "opc"))
		printf("opc       %s (write-only)\n", str(s, "opc"));
	else
		printf("op        %s (write-only)\n", str(s, "op"));
	printf("amf       %s\n", str(s, "amf"));
	printf("sqn       %s\n", str(s, "sqn"));
	printf("ambr      uplink %s, downlink %s\n", str(a, "uplink"), str(a, "downlink"));
	printf("msisdn    %s\n", str(s, "msisdn"));
	json_array_foreach(json_object_get(s, "slices"), i, sl)
	{
		const char *sd = json_string_value(json_object_get(sl, "sd"));
		printf("slice     sst %" JSON_INTEGER_FORMAT "%s%s\n",
		       json_integer_value(json_object_get(sl, "sst")), sd ? " sd " : "",
		       sd ? sd : "");
		json_array_foreach(json_object_get(sl, "dnns"), d, dn)
		{
			json_t *arp = json_object_get(dn, "arp");
			printf("  dnn     %-16s 5qi %-3" JSON_INTEGER_FORMAT
			       " arp %" JSON_INTEGER_FORMAT "%s%s\n",
			       str(dn, "dnn"), json_integer_value(json_object_get(dn, "5qi")),
			       json_integer_value(json_object_get(arp, "priority")),
			       json_is_true(json_object_get(arp, "preempt_cap")) ? " may-preempt"
										 : "",
			       json_is_true(json_object_get(arp, "preempt_vuln")) ? " preemptable"
										  : "");
		}
	}
}

/* ---- subscriber commands ---- */

/* IMSI or SUPI as given -> an escaped path segment; NULL (message printed) if unusable. */
static char *supi_path(const char *what, const char *id)
{
	char path[256];
	char *e = http_escape(id);
	if (!e) {
		fprintf(stderr, "ngctl: %s: out of memory\n", what);
		return NULL;
	}
	snprintf(path, sizeof(path), API "/subscribers/%s", e);
	free(e);
	return strdup(path);
}

/* Parses the options of add/update into a JSON object. Returns 0 or 2. */
static int sub_options(int argc, char **argv, bool add, json_t *o)
{
	static const struct option opts[] = {
		{ "imsi", required_argument, NULL, 'i' },
		{ "k", required_argument, NULL, 'k' },
		{ "opc", required_argument, NULL, 'c' },
		{ "op", required_argument, NULL, 'o' },
		{ "amf", required_argument, NULL, 'a' },
		{ "sqn", required_argument, NULL, 'q' },
		{ "sst", required_argument, NULL, 's' },
		{ "sd", required_argument, NULL, 'd' },
		{ "dnn", required_argument, NULL, 'n' },
		{ "ambr-ul", required_argument, NULL, 'u' },
		{ "ambr-dl", required_argument, NULL, 'w' },
		{ "msisdn", required_argument, NULL, 'm' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	json_t *slices = json_array(), *dnns = json_array(), *ambr = json_object(), *last = NULL;
	int c, rc = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		switch (c) {
		case 'i':
			if (!add) {
				rc = die_usage("subscriber update: the IMSI is the first argument, "
					       "not --imsi");
				goto out;
			}
			json_object_set_new(o, "supi", json_string(optarg));
			break;
		case 'k': json_object_set_new(o, "k", json_string(optarg)); break;
		case 'c': json_object_set_new(o, "opc", json_string(optarg)); break;
		case 'o': json_object_set_new(o, "op", json_string(optarg)); break;
		case 'a': json_object_set_new(o, "amf", json_string(optarg)); break;
		case 'q': json_object_set_new(o, "sqn", json_string(optarg)); break;
		case 'm': json_object_set_new(o, "msisdn", json_string(optarg)); break;
		case 'u': json_object_set_new(ambr, "uplink", json_string(optarg)); break;
		case 'w': json_object_set_new(ambr, "downlink", json_string(optarg)); break;
		case 'j': json_out = true; break;
		case 's': {
			char *end;
			errno = 0;
			long v = strtol(optarg, &end, 10);
			if (*end || end == optarg || errno) {
				rc = die_usage("--sst: \"%s\" is not a number", optarg);
				goto out;
			}
			last = json_pack("{s:I}", "sst", (json_int_t)v);
			json_array_append_new(slices, last);
			break;
		}
		case 'd':
			if (!last) {
				rc = die_usage("--sd %s: give it after the --sst it belongs to",
					       optarg);
				goto out;
			}
			json_object_set_new(last, "sd", json_string(optarg));
			break;
		case 'n': json_array_append_new(dnns, json_string(optarg)); break;
		default: rc = 2; goto out;
		}
	}
	if (optind < argc) {
		rc = die_usage("unexpected argument \"%s\"", argv[optind]);
		goto out;
	}
	if (json_array_size(dnns) && !json_array_size(slices))
		json_array_append_new(slices, json_pack("{s:i}", "sst", 1));
	size_t i;
	json_t *sl;
	json_array_foreach(slices, i, sl) if (json_array_size(dnns))
		json_object_set(sl, "dnns", dnns);
	if (json_array_size(slices))
		json_object_set(o, "slices", slices);
	if (json_object_size(ambr))
		json_object_set(o, "ambr", ambr);
	if (add && !json_object_get(o, "supi"))
		rc = die_usage("subscriber add: --imsi is required");
	else if (add && !json_object_get(o, "k"))
		rc = die_usage("subscriber add: --k is required");
	else if (add && !json_object_get(o, "opc") && !json_object_get(o, "op"))
		rc = die_usage("subscriber add: --opc or --op is required");
out:
	json_decref(slices);
	json_decref(dnns);
	json_decref(ambr);
	return rc;
}

static int sub_add_update(int argc, char **argv, bool add)
{
	const char *what = add ? "subscriber add" : "subscriber update";
	json_t *o = json_object(), *res = NULL;
	char *path = NULL;
	int rc;

	if (!add) {
		if (argc < 2 || argv[1][0] == '-') {
			json_decref(o);
			return die_usage("subscriber update: give the IMSI first");
		}
		if (!(path = supi_path(what, argv[1]))) {
			json_decref(o);
			return 1;
		}
		argc--;
		argv++;
	}
	rc = sub_options(argc, argv, add, o);
	if (rc == 0 && !add && json_object_size(o) == 0)
		rc = die_usage("subscriber update: nothing to change");
	if (rc == 0)
		rc = call(what, add ? "POST" : "PATCH", add ? API "/subscribers" : path, o, &res,
			  NULL);
	if (rc == 0) {
		if (json_out)
			print_json(res);
		else
			printf("%s %s\n", str(res, "supi"), add ? "added" : "updated");
	}
	/* o holds K/OPc as given: wipe the strings before freeing */
	const char *secrets[] = { "k", "opc", "op" };
	for (int i = 0; i < 3; i++) {
		json_t *s = json_object_get(o, secrets[i]);
		if (json_is_string(s))
			explicit_bzero((char *)json_string_value(s), json_string_length(s));
	}
	json_decref(o);
	json_decref(res);
	free(path);
	return rc;
}

static int sub_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "offset", required_argument, NULL, 'o' },
		{ "limit", required_argument, NULL, 'l' },
		{ "all", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long offset = 0, limit = 100;
	bool all = false, limit_set = false;
	int c;
	char *end;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			offset = strtoul(optarg, &end, 10);
			if (*end || optarg[0] == '-')
				return die_usage("--offset: \"%s\" is not a number", optarg);
			break;
		case 'l':
			limit = strtoul(optarg, &end, 10);
			if (*end || optarg[0] == '-')
				return die_usage("--limit: \"%s\" is not a number", optarg);
			limit_set = true;
			break;
		case 'a': all = true; break;
		case 'j': json_out = true; break;
		default: return 2;
		}
	}
	if (optind < argc)
		return die_usage("unexpected argument \"%s\"", argv[optind]);
	if (all && !limit_set)
		limit = 1000;

	char path[512], after[64] = "";
	json_t *items_all = json_array();
	long long shown = 0, total = 0;
	bool first = true;
	int rc = 0;
	for (;;) {
		json_t *res = NULL;
		if (after[0])
			snprintf(path, sizeof(path), API "/subscribers?after=%s&limit=%lu", after,
				 limit);
		else
			snprintf(path, sizeof(path), API "/subscribers?offset=%lu&limit=%lu",
				 offset, limit);
		if ((rc = call("subscriber list", "GET", path, NULL, &res, NULL)))
			break;
		json_t *items = json_object_get(res, "items");
		total = json_integer_value(json_object_get(res, "total"));
		size_t i;
		json_t *s;
		if (!json_out && first)
			list_header();
		first = false;
		json_array_foreach(items, i, s)
		{
			if (json_out)
				json_array_append(items_all, s);
			else
				list_row(s);
			shown++;
		}
		const char *next = json_string_value(json_object_get(res, "next_after"));
		bool more = all && next && json_array_size(items) == limit;
		if (more)
			snprintf(after, sizeof(after), "%s", next);
		json_decref(res);
		if (!more)
			break;
	}
	if (rc == 0) {
		if (json_out) {
			json_t *o = json_pack("{s:I, s:o}", "total", (json_int_t)total, "items",
					      items_all);
			items_all = NULL;
			print_json(o);
			json_decref(o);
		} else {
			printf("%lld of %lld subscribers\n", shown, total);
		}
	}
	json_decref(items_all);
	return rc;
}

static int sub_show_delete(int argc, char **argv, bool del)
{
	const char *what = del ? "subscriber delete" : "subscriber show";
	const char *id = NULL;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json_out = true;
		else if (argv[i][0] == '-' || id)
			return die_usage("unexpected argument \"%s\"", argv[i]);
		else
			id = argv[i];
	}
	if (!id)
		return die_usage("%s: give the IMSI", what);
	char *path = supi_path(what, id);
	if (!path)
		return 1;
	json_t *res = NULL;
	int rc = call(what, del ? "DELETE" : "GET", path, NULL, &res, NULL);
	free(path);
	if (rc == 0) {
		if (del && json_out)
			printf("{\"deleted\": \"%s\"}\n", id);
		else if (del)
			printf("%s deleted\n", id);
		else if (json_out)
			print_json(res);
		else
			show_sub(res);
	}
	json_decref(res);
	return rc;
}

static int sub_import(int argc, char **argv)
{
	const char *file = NULL;
	bool partial = false;
	char err[512], path[128];

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--partial") == 0)
			partial = true;
		else if (strcmp(argv[i], "--json") == 0)
			json_out = true;
		else if ((argv[i][0] == '-' && argv[i][1]) || file)
			return die_usage("unexpected argument \"%s\"", argv[i]);
		else
			file = argv[i];
	}
	if (!file)
		return die_usage("subscriber import: give the CSV file");
	FILE *f = strcmp(file, "-") == 0 ? stdin : fopen(file, "rb");
	struct stat st;
	if (!f || fstat(fileno(f), &st) < 0 || (f != stdin && !S_ISREG(st.st_mode))) {
		fprintf(stderr, "ngctl: subscriber import: cannot read %s: %s\n", file,
			f ? "not a regular file" : strerror(errno));
		if (f && f != stdin)
			fclose(f);
		return 2;
	}
	if (f == stdin && !S_ISREG(st.st_mode)) {
		fprintf(stderr, "ngctl: subscriber import: stdin must be a file (ngctl ... import "
				"- < FILE)\n");
		return 2;
	}
	snprintf(path, sizeof(path), API "/subscribers/import%s", partial ? "?partial=1" : "");
	struct http_rsp r;
	int rc = http_do("POST", path, "text/csv", NULL, 0, f, (long long)st.st_size, &r, err,
			 sizeof(err));
	if (f != stdin)
		fclose(f);
	if (rc < 0) {
		fprintf(stderr, "ngctl: %s\n", err);
		return 3;
	}
	if (r.status >= 400) {
		rc = api_error("subscriber import", &r);
		http_rsp_free(&r);
		return rc;
	}
	json_error_t je;
	json_t *o = json_loadb(r.body, r.len, 0, &je);
	http_rsp_free(&r);
	if (!o) {
		fprintf(stderr, "ngctl: subscriber import: the API answered invalid JSON\n");
		return 1;
	}
	json_int_t failed = json_integer_value(json_object_get(o, "failed"));
	if (json_out) {
		print_json(o);
	} else {
		printf("imported %" JSON_INTEGER_FORMAT
		       " subscribers from %s (%" JSON_INTEGER_FORMAT " lines)\n",
		       json_integer_value(json_object_get(o, "imported")), file,
		       json_integer_value(json_object_get(o, "lines")));
	}
	if (failed) {
		json_t *fe = json_object_get(o, "first_error");
		const char *field = json_string_value(json_object_get(fe, "field"));
		fprintf(stderr,
			"ngctl: subscriber import: %" JSON_INTEGER_FORMAT
			" lines failed; first: line %" JSON_INTEGER_FORMAT ": %s%s%s%s\n",
			failed, json_integer_value(json_object_get(fe, "line")), str(fe, "error"),
			field ? " [field " : "", field ? field : "", field ? "]" : "");
	}
	json_decref(o);
	return failed ? 1 : 0;
}

/* ---- status, metrics ---- */

static void print_value(json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	printf("%s", s ? s : "?");
	free(s);
}

static void show_provider(const char *name, json_t *p)
{
	const char *key;
	json_t *v;

	printf("\n%s\n", name);
	json_object_foreach(p, key, v)
	{
		if (strcmp(key, "gnbs") == 0 && json_is_array(v)) {
			size_t i;
			json_t *g;
			printf("  gNBs connected: %zu\n", json_array_size(v));
			if (json_array_size(v))
				printf("    %-16s %-16s %-40s %s\n", "ID", "NAME", "ADDRESS",
				       "UEs");
			json_array_foreach(v, i, g)
			{
				json_t *id = json_object_get(g, "id"),
				       *ues = json_object_get(g, "ues");
				char idb[64];
				if (json_is_string(id))
					snprintf(idb, sizeof(idb), "%s", json_string_value(id));
				else
					snprintf(idb, sizeof(idb), "%" JSON_INTEGER_FORMAT,
						 json_integer_value(id));
				printf("    %-16s %-16s %-40s %" JSON_INTEGER_FORMAT "\n", idb,
				       str(g, "name"), str(g, "addr"), json_integer_value(ues));
			}
		} else if (strcmp(key, "ues") == 0 && json_is_object(v)) {
			const char *st;
			json_t *n;
			printf("  UEs per state:\n");
			json_object_foreach(v, st, n) printf("    %-24s %" JSON_INTEGER_FORMAT "\n",
							     st, json_integer_value(n));
		} else {
			printf("  %s: ", key);
			print_value(v);
			printf("\n");
		}
	}
}

static int cmd_status(void)
{
	json_t *o = NULL;
	int rc = call("status", "GET", API "/status", NULL, &o, NULL);
	if (rc)
		return rc;
	if (json_out) {
		print_json(o);
		json_decref(o);
		return 0;
	}
	json_t *store = json_object_get(o, "store"), *nfs = json_object_get(o, "nfs");
	printf("version      %s\n", str(o, "version"));
	printf("uptime       %" JSON_INTEGER_FORMAT " s\n",
	       json_integer_value(json_object_get(o, "uptime_s")));
	printf("NFs running  ");
	size_t i;
	json_t *n;
	json_array_foreach(nfs, i, n) printf("%s%s", i ? ", " : "", json_string_value(n));
	printf("\n");
	printf("store        %s (schema %" JSON_INTEGER_FORMAT "), %" JSON_INTEGER_FORMAT
	       " subscribers%s\n",
	       str(store, "backend"), json_integer_value(json_object_get(store, "schema")),
	       json_integer_value(json_object_get(store, "subscribers")),
	       json_is_true(json_object_get(store, "importing")) ? ", import in progress" : "");
	const char *name;
	json_t *p;
	json_object_foreach(json_object_get(o, "providers"), name, p) show_provider(name, p);
	json_decref(o);
	return 0;
}

static int cmd_metrics(void)
{
	char err[512];
	struct http_rsp r;
	if (http_do("GET", "/metrics", NULL, NULL, 0, NULL, 0, &r, err, sizeof(err)) < 0) {
		fprintf(stderr, "ngctl: %s\n", err);
		return 3;
	}
	int rc = 0;
	if (r.status >= 400)
		rc = api_error("metrics", &r);
	else
		fwrite(r.body, 1, r.len, stdout);
	http_rsp_free(&r);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "api", required_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *api = getenv("NGCTL_API");
	long timeout = 600;
	int c;

	if (!api || !*api)
		api = DEFAULT_API;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'a': api = optarg; break;
		case 'j': json_out = true; break;
		case 't': {
			char *end;
			timeout = strtol(optarg, &end, 10);
			if (*end || timeout < 1)
				return die_usage("--timeout: \"%s\" is not a number of seconds",
						 optarg);
			break;
		}
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	if (strncmp(api, "http://", 7) != 0 && strncmp(api, "https://", 8) != 0)
		return die_usage("--api: \"%s\" must start with http:// or https://", api);
	if (http_init(api, timeout) < 0) {
		fprintf(stderr, "ngctl: cannot initialise libcurl\n");
		return 3;
	}
	char **av = argv + optind;
	int ac = argc - optind, rc;
	if (strcmp(av[0], "status") == 0 && ac == 1) {
		rc = cmd_status();
	} else if (strcmp(av[0], "metrics") == 0 && ac == 1) {
		rc = cmd_metrics();
	} else if (strcmp(av[0], "subscriber") == 0 || strcmp(av[0], "sub") == 0) {
		const char *sc = ac > 1 ? av[1] : "";
		if (strcmp(sc, "add") == 0)
			rc = sub_add_update(ac - 1, av + 1, true);
		else if (strcmp(sc, "update") == 0)
			rc = sub_add_update(ac - 1, av + 1, false);
		else if (strcmp(sc, "list") == 0)
			rc = sub_list(ac - 1, av + 1);
		else if (strcmp(sc, "show") == 0)
			rc = sub_show_delete(ac - 1, av + 1, false);
		else if (strcmp(sc, "delete") == 0)
			rc = sub_show_delete(ac - 1, av + 1, true);
		else if (strcmp(sc, "import") == 0)
			rc = sub_import(ac - 1, av + 1);
		else
			rc = die_usage("subscriber: unknown command \"%s\"", sc);
	} else {
		rc = die_usage("unknown command \"%s\"", av[0]);
	}
	http_fini();
	return rc;
}
