#include "lib/core/cfg.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "lib/core/err.h"

struct walk {
	const char *file; /* name for messages */
	yaml_document_t *doc; /* parsed document */
	struct cfg_err *err; /* where the message goes */
	char path[256]; /* dotted key path of the current node */
};

static int fail(struct walk *w, const yaml_node_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(struct walk *w, const yaml_node_t *n, const char *fmt, ...)
{
	char what[320];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(w->err->msg, sizeof(w->err->msg), "%s:%zu: %s: %s", w->file,
		 n ? (size_t)n->start_mark.line + 1 : (size_t)1, w->path[0] ? w->path : "(top)",
		 what);
	/* One line: values quoted in the message may hold newlines (block or
	 * multi-line scalars, "\n" escapes) and other control characters. */
	for (char *c = w->err->msg; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	return -E_CONFIG;
}

static const char *scalar(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

static int parse_int(const char *s, int64_t *v)
{
	char *end;

	errno = 0;
	if (!*s)
		return -E_INVAL;
	long long x = strtoll(s, &end, 0);
	if (errno || *end)
		return -E_INVAL;
	*v = x;
	return 0;
}

static int parse_duration(const char *s, int64_t *ms)
{
	char *end;

	errno = 0;
	if (!isdigit((unsigned char)*s))
		return -E_INVAL;
	long long x = strtoll(s, &end, 10);
	if (errno)
		return -E_INVAL;
	long long mult;
	if (strcmp(end, "ms") == 0)
		mult = 1;
	else if (strcmp(end, "s") == 0)
		mult = 1000;
	else if (strcmp(end, "m") == 0 || strcmp(end, "min") == 0)
		mult = 60000;
	else if (strcmp(end, "h") == 0)
		mult = 3600000;
	else
		return -E_INVAL;
	if (x > INT64_MAX / mult)
		return -E_INVAL;
	*ms = x * mult;
	return 0;
}

static int load_map(struct walk *w, const yaml_node_t *n, const struct cfg_field *fields,
		    uint8_t *base);
static int load_value(struct walk *w, const yaml_node_t *n, const struct cfg_field *f,
		      uint8_t *dst);

static int want_scalar(struct walk *w, const yaml_node_t *n, const char *what)
{
	if (n->type != YAML_SCALAR_NODE)
		return fail(w, n, "expected %s, got a %s", what,
			    n->type == YAML_MAPPING_NODE ? "mapping" : "list");
	return 0;
}

static int load_snssai(struct walk *w, const yaml_node_t *n, struct s_nssai *out)
{
	struct {
		int64_t sst;
		char sd[16];
	} tmp = { -1, "" };
	static const struct cfg_field fs[] = {
		{ .key = "sst", .type = CFG_INT, .off = 0, .min = 0, .max = 255, .required = true },
		{ .key = "sd", .type = CFG_STR, .off = sizeof(int64_t), .size = 16 },
		CFG_FIELD_END,
	};
	if (n->type != YAML_MAPPING_NODE)
		return fail(w, n, "expected a mapping {sst: N, sd: \"hex\"}");
	int rc = load_map(w, n, fs, (uint8_t *)&tmp);
	if (rc < 0)
		return rc;
	out->sst = (uint8_t)tmp.sst;
	out->has_sd = tmp.sd[0] != 0;
	out->sd = 0;
	if (out->has_sd) {
		uint8_t b[3];
		if (strlen(tmp.sd) != 6 || hex_decode(b, 3, tmp.sd) != 3)
			return fail(w, n, "sd must be 6 hex digits, got \"%s\"", tmp.sd);
		out->sd = (uint32_t)b[0] << 16 | (uint32_t)b[1] << 8 | b[2];
	}
	return 0;
}

static int load_plmn(struct walk *w, const yaml_node_t *n, struct plmn *out)
{
	if (n->type == YAML_SCALAR_NODE) {
		if (plmn_parse(out, scalar(n)) < 0)
			return fail(w, n, "bad PLMN \"%s\" (want MCC-MNC, e.g. \"001-01\")",
				    scalar(n));
		return 0;
	}
	struct {
		char mcc[8];
		char mnc[8];
	} tmp = { "", "" };
	static const struct cfg_field fs[] = {
		{ .key = "mcc", .type = CFG_STR, .off = 0, .size = 8, .required = true },
		{ .key = "mnc", .type = CFG_STR, .off = 8, .size = 8, .required = true },
		CFG_FIELD_END,
	};
	if (n->type != YAML_MAPPING_NODE)
		return fail(w, n, "expected \"MCC-MNC\" or {mcc: \"001\", mnc: \"01\"}");
	int rc = load_map(w, n, fs, (uint8_t *)&tmp);
	if (rc < 0)
		return rc;
	char s[20];
	snprintf(s, sizeof(s), "%s-%s", tmp.mcc, tmp.mnc);
	if (strlen(tmp.mcc) != 3 || plmn_parse(out, s) < 0)
		return fail(w, n,
			    "bad PLMN mcc \"%s\" mnc \"%s\" (3 digits, 2 or 3 digits; quote them)",
			    tmp.mcc, tmp.mnc);
	return 0;
}

static int load_list(struct walk *w, const yaml_node_t *n, const struct cfg_field *f, uint8_t *base)
{
	uint32_t *count = (uint32_t *)(base + f->count_off);
	uint8_t *arr = base + f->off;
	size_t plen = strlen(w->path);

	if (n->type != YAML_SEQUENCE_NODE)
		return fail(w, n, "expected a list");
	size_t k = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	if (k > f->max_items)
		return fail(w, n, "too many items (%zu, at most %u)", k, f->max_items);
	*count = 0;
	for (size_t i = 0; i < k; i++) {
		yaml_node_t *item = yaml_document_get_node(w->doc, n->data.sequence.items.start[i]);
		snprintf(w->path + plen, sizeof(w->path) - plen, "[%zu]", i);
		if (f->init)
			f->init(arr + i * f->size);
		else
			memset(arr + i * f->size, 0, f->size);
		int rc = load_value(w, item, &f->sub[0], arr + i * f->size);
		if (rc < 0)
			return rc;
		*count = (uint32_t)(i + 1);
	}
	w->path[plen] = 0;
	return 0;
}

static int load_value(struct walk *w, const yaml_node_t *n, const struct cfg_field *f, uint8_t *dst)
{
	int64_t v;
	int rc;

	if (!n)
		return fail(w, NULL, "missing value");
	switch (f->type) {
	case CFG_STR:
		if ((rc = want_scalar(w, n, "a string")) < 0)
			return rc;
		if (strlen(scalar(n)) >= f->size)
			return fail(w, n, "too long (at most %zu characters)", f->size - 1);
		strcpy((char *)dst, scalar(n));
		return 0;
	case CFG_INT:
		if ((rc = want_scalar(w, n, "an integer")) < 0)
			return rc;
		if (parse_int(scalar(n), &v) < 0)
			return fail(w, n, "not an integer: \"%s\"", scalar(n));
		if (v < f->min || v > f->max)
			return fail(w, n, "%lld out of range [%lld, %lld]", (long long)v,
				    (long long)f->min, (long long)f->max);
		memcpy(dst, &v, sizeof(v));
		return 0;
	case CFG_DURATION:
		if ((rc = want_scalar(w, n, "a duration")) < 0)
			return rc;
		if (parse_duration(scalar(n), &v) < 0)
			return fail(w, n, "bad duration \"%s\" (want e.g. 500ms, 30s, 5m, 1h)",
				    scalar(n));
		if (v < f->min || v > f->max)
			return fail(w, n, "%s out of range [%lldms, %lldms]", scalar(n),
				    (long long)f->min, (long long)f->max);
		memcpy(dst, &v, sizeof(v));
		return 0;
	case CFG_BOOL: {
		if ((rc = want_scalar(w, n, "true or false")) < 0)
			return rc;
		const char *s = scalar(n);
		bool b;
		if (!strcasecmp(s, "true") || !strcasecmp(s, "yes") || !strcasecmp(s, "on"))
			b = true;
		else if (!strcasecmp(s, "false") || !strcasecmp(s, "no") || !strcasecmp(s, "off"))
			b = false;
		else
			return fail(w, n, "expected true or false, got \"%s\"", s);
		memcpy(dst, &b, sizeof(b));
		return 0;
	}
	case CFG_IP:
		if ((rc = want_scalar(w, n, "an IP address")) < 0)
			return rc;
		if (ip_parse((struct ip_addr *)dst, scalar(n)) < 0)
			return fail(w, n, "bad IP address \"%s\"", scalar(n));
		return 0;
	case CFG_PREFIX:
		if ((rc = want_scalar(w, n, "an address prefix")) < 0)
			return rc;
		if (ip_prefix_parse((struct ip_prefix *)dst, scalar(n)) < 0)
			return fail(w, n,
				    "bad prefix \"%s\" (want e.g. 10.45.0.0/16, host bits zero)",
				    scalar(n));
		return 0;
	case CFG_PORT: {
		if ((rc = want_scalar(w, n, "a port number")) < 0)
			return rc;
		int64_t lo = f->max ? f->min : 1, hi = f->max ? f->max : 65535;
		if (parse_int(scalar(n), &v) < 0 || v < lo || v > hi)
			return fail(w, n, "bad port \"%s\" (%lld..%lld)", scalar(n), (long long)lo,
				    (long long)hi);
		uint16_t p = (uint16_t)v;
		memcpy(dst, &p, sizeof(p));
		return 0;
	}
	case CFG_PLMN: return load_plmn(w, n, (struct plmn *)dst);
	case CFG_SNSSAI: return load_snssai(w, n, (struct s_nssai *)dst);
	case CFG_HEX: {
		if ((rc = want_scalar(w, n, "a hex string")) < 0)
			return rc;
		const char *s = scalar(n);
		if (strlen(s) != 2 * f->size || hex_decode(dst, f->size, s) != (int)f->size)
			return fail(w, n, "want %zu hex digits, got \"%.40s\"", 2 * f->size,
				    strlen(s) > 64 ? "(too long)" : s);
		return 0;
	}
	case CFG_ENUM: {
		if ((rc = want_scalar(w, n, "a name")) < 0)
			return rc;
		for (int i = 0; f->names[i]; i++) {
			if (strcmp(f->names[i], scalar(n)) == 0) {
				memcpy(dst, &i, sizeof(i));
				return 0;
			}
		}
		char opts[200] = "";
		for (int i = 0; f->names[i]; i++) {
			size_t l = strlen(opts);
			snprintf(opts + l, sizeof(opts) - l, "%s%s", i ? ", " : "", f->names[i]);
		}
		return fail(w, n, "unknown value \"%s\" (one of: %s)", scalar(n), opts);
	}
	case CFG_MAP:
		if (n->type != YAML_MAPPING_NODE)
			return fail(w, n, "expected a mapping");
		return load_map(w, n, f->sub, dst);
	case CFG_LIST:
		/* dst is the array; the count lives at the same base as the array's
		 * struct, so load_list needs the enclosing base: handled by caller. */
		return fail(w, n, "internal: list outside a mapping");
	case CFG_END: break;
	}
	return fail(w, n, "internal: unknown field type");
}

static int load_map(struct walk *w, const yaml_node_t *n, const struct cfg_field *fields,
		    uint8_t *base)
{
	size_t plen = strlen(w->path);
	size_t nf = 0;

	while (fields[nf].type != CFG_END)
		nf++;
	/* Which fields were seen; fixed cap keeps this off the heap. */
	bool seen[128] = { false };
	if (nf > 128)
		return fail(w, n, "internal: schema too large");

	for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top;
	     pr++) {
		yaml_node_t *kn = yaml_document_get_node(w->doc, pr->key);
		yaml_node_t *vn = yaml_document_get_node(w->doc, pr->value);
		if (!kn || kn->type != YAML_SCALAR_NODE)
			return fail(w, kn, "keys must be plain strings");
		const char *key = scalar(kn);
		snprintf(w->path + plen, sizeof(w->path) - plen, "%s%s", plen ? "." : "", key);
		size_t i;
		for (i = 0; i < nf; i++)
			if (strcmp(fields[i].key, key) == 0)
				break;
		if (i == nf) {
			char opts[240] = "";
			for (size_t j = 0; j < nf; j++) {
				size_t l = strlen(opts);
				snprintf(opts + l, sizeof(opts) - l, "%s%s", j ? ", " : "",
					 fields[j].key);
			}
			return fail(w, kn, "unknown key (known here: %s)", opts);
		}
		if (seen[i])
			return fail(w, kn, "key given twice");
		seen[i] = true;
		if (!vn ||
		    (vn->type == YAML_SCALAR_NODE && vn->data.scalar.length == 0 &&
		     vn->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && fields[i].type != CFG_STR))
			return fail(w, kn, "missing value");
		int rc = fields[i].type == CFG_LIST
				 ? load_list(w, vn, &fields[i], base)
				 : load_value(w, vn, &fields[i], base + fields[i].off);
		if (rc < 0)
			return rc;
		if (fields[i].type == CFG_MAP && fields[i].check) {
			const char *sub = NULL;
			const char *why = fields[i].check(base + fields[i].off, &sub);
			if (why) {
				if (sub) {
					size_t l = strlen(w->path);
					snprintf(w->path + l, sizeof(w->path) - l, ".%s", sub);
				}
				return fail(w, vn, "%s", why);
			}
		}
		w->path[plen] = 0;
	}
	for (size_t i = 0; i < nf; i++) {
		if (fields[i].required && !seen[i]) {
			snprintf(w->path + plen, sizeof(w->path) - plen, "%s%s", plen ? "." : "",
				 fields[i].key);
			return fail(w, n, "required key missing");
		}
	}
	return 0;
}

static int load_parser(const char *name, yaml_parser_t *parser, const struct cfg_field *fields,
		       void *obj, struct cfg_err *err)
{
	struct walk w = { .file = name, .err = err };
	yaml_document_t doc;
	int rc;

	if (!yaml_parser_load(parser, &doc)) {
		snprintf(err->msg, sizeof(err->msg), "%s:%zu: (yaml): %s%s%s", name,
			 (size_t)parser->problem_mark.line + 1,
			 parser->problem ? parser->problem : "syntax error",
			 parser->context ? " " : "", parser->context ? parser->context : "");
		return -E_CONFIG;
	}
	w.doc = &doc;
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	if (!root) {
		rc = 0; /* empty file: all defaults */
	} else if (root->type != YAML_MAPPING_NODE) {
		rc = fail(&w, root, "the file must be a mapping of keys");
	} else {
		rc = load_map(&w, root, fields, obj);
	}
	/* A second document in the stream is a mistake worth naming. */
	if (rc == 0 && root) {
		yaml_document_t more;
		if (yaml_parser_load(parser, &more)) {
			if (yaml_document_get_root_node(&more))
				rc = fail(&w, yaml_document_get_root_node(&more),
					  "more than one YAML document in the file");
			yaml_document_delete(&more);
		}
	}
	yaml_document_delete(&doc);
	return rc;
}

int cfg_load_str(const char *name, const char *text, size_t len, const struct cfg_field *fields,
		 void *obj, struct cfg_err *err)
{
	yaml_parser_t parser;

	if (!yaml_parser_initialize(&parser)) {
		snprintf(err->msg, sizeof(err->msg), "%s: out of memory", name);
		return -E_CONFIG;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	int rc = load_parser(name, &parser, fields, obj, err);
	yaml_parser_delete(&parser);
	return rc;
}

int cfg_load(const char *path, const struct cfg_field *fields, void *obj, struct cfg_err *err)
{
	yaml_parser_t parser;
	FILE *f = fopen(path, "rb");

	if (!f) {
		snprintf(err->msg, sizeof(err->msg), "%s:0: (file): cannot open: %s", path,
			 strerror(errno));
		return -E_CONFIG;
	}
	if (!yaml_parser_initialize(&parser)) {
		fclose(f);
		snprintf(err->msg, sizeof(err->msg), "%s: out of memory", path);
		return -E_CONFIG;
	}
	yaml_parser_set_input_file(&parser, f);
	int rc = load_parser(path, &parser, fields, obj, err);
	yaml_parser_delete(&parser);
	fclose(f);
	return rc;
}

static void dump_indent(FILE *out, int depth)
{
	for (int i = 0; i < depth; i++)
		fputs("  ", out);
}

/* Length of the UTF-8 sequence at s and its code point, or 0 if malformed. */
static size_t utf8_seq(const unsigned char *s, uint32_t *cp)
{
	size_t n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 0;
	if (n == 0 || s[0] > 0xf4)
		return 0;
	uint32_t v = s[0] & (0x3f >> (n - 1));
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3f);
	}
	*cp = v;
	return n;
}

/* Scalars are written plain only when YAML reads them back as the same
 * text: letters, digits and "._/-:@", starting with a letter, '.' or '/'
 * (not an indicator such as '-', ':' or '@'), not ending in ':' (a mapping
 * key), and not a word YAML 1.1 would take for a boolean or null. Anything
 * else is double-quoted with escapes for '"', '\\', control characters and
 * the characters YAML folds as line breaks or does not allow in a stream
 * (YAML 1.2 5.1, 5.7), so every string loads back unchanged. */
static void dump_str(FILE *out, const char *s)
{
	size_t len = strlen(s);
	bool plain =
		len && (isalpha((unsigned char)*s) || *s == '.' || *s == '/') && s[len - 1] != ':';
	for (const char *c = s; *c && plain; c++)
		if (!(isalnum((unsigned char)*c) || strchr("._/-:@", *c)))
			plain = false;
	if (plain && (!strcasecmp(s, "true") || !strcasecmp(s, "false") || !strcasecmp(s, "yes") ||
		      !strcasecmp(s, "no") || !strcasecmp(s, "on") || !strcasecmp(s, "off") ||
		      !strcasecmp(s, "null")))
		plain = false;
	if (plain) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (const unsigned char *c = (const unsigned char *)s; *c;) {
		uint32_t cp;
		size_t n;
		if (*c == '"' || *c == '\\') {
			fputc('\\', out);
			fputc(*c++, out);
		} else if (*c < 0x20 || *c == 0x7f) {
			fprintf(out, "\\x%02x", *c++);
		} else if (*c < 0x80) {
			fputc(*c++, out);
		} else if ((n = utf8_seq(c, &cp)) != 0) {
			/* C1 controls (NEL among them), BOM, LS/PS, non-characters */
			if (cp < 0xa0 || cp == 0xfeff || cp == 0x2028 || cp == 0x2029 ||
			    (cp >= 0xfffe && cp <= 0xffff))
				fprintf(out, "\\u%04x", (unsigned)cp);
			else
				fwrite(c, 1, n, out);
			c += n;
		} else {
			/* not UTF-8 (never from a loaded file): as a code point */
			fprintf(out, "\\x%02x", *c++);
		}
	}
	fputc('"', out);
}

static void dump_fields(FILE *out, const struct cfg_field *fields, const uint8_t *base, int depth);

static void dump_value(FILE *out, const struct cfg_field *f, const uint8_t *p, int depth)
{
	char buf[160];
	int64_t v;

	switch (f->type) {
	case CFG_STR: dump_str(out, (const char *)p); break;
	case CFG_INT:
		memcpy(&v, p, sizeof(v));
		fprintf(out, "%lld", (long long)v);
		break;
	case CFG_DURATION:
		memcpy(&v, p, sizeof(v));
		if (v % 3600000 == 0 && v)
			fprintf(out, "%lldh", (long long)(v / 3600000));
		else if (v % 60000 == 0 && v)
			fprintf(out, "%lldm", (long long)(v / 60000));
		else if (v % 1000 == 0)
			fprintf(out, "%llds", (long long)(v / 1000));
		else
			fprintf(out, "%lldms", (long long)v);
		break;
	case CFG_BOOL: {
		bool b;
		memcpy(&b, p, sizeof(b));
		fputs(b ? "true" : "false", out);
		break;
	}
	case CFG_IP: dump_str(out, ip_str((const struct ip_addr *)p, buf, sizeof(buf))); break;
	case CFG_PREFIX: {
		const struct ip_prefix *pf = (const struct ip_prefix *)p;
		char a[64];
		snprintf(buf, sizeof(buf), "%s/%u", ip_str(&pf->addr, a, sizeof(a)), pf->len);
		dump_str(out, buf);
		break;
	}
	case CFG_PORT: {
		uint16_t port;
		memcpy(&port, p, sizeof(port));
		fprintf(out, "%u", port);
		break;
	}
	case CFG_PLMN: {
		const struct plmn *pl = (const struct plmn *)p;
		fprintf(out, pl->mnc_len == 3 ? "\"%03u-%03u\"" : "\"%03u-%02u\"", pl->mcc % 1000u,
			pl->mnc % 1000u);
		break;
	}
	case CFG_SNSSAI: {
		const struct s_nssai *s = (const struct s_nssai *)p;
		if (s->has_sd)
			fprintf(out, "{sst: %u, sd: \"%06x\"}", s->sst, s->sd & 0xffffffu);
		else
			fprintf(out, "{sst: %u}", s->sst);
		break;
	}
	case CFG_HEX:
		if (2 * f->size + 1 <= sizeof(buf)) {
			hex_encode(buf, p, f->size);
			fprintf(out, "\"%s\"", buf);
		}
		break;
	case CFG_ENUM: {
		int i;
		memcpy(&i, p, sizeof(i));
		fputs(i >= 0 && f->names[i] ? f->names[i] : "?", out);
		break;
	}
	case CFG_MAP:
		fputc('\n', out);
		dump_fields(out, f->sub, p, depth + 1);
		return;
	case CFG_LIST:
	case CFG_END: break;
	}
	fputc('\n', out);
}

static void dump_fields(FILE *out, const struct cfg_field *fields, const uint8_t *base, int depth)
{
	for (const struct cfg_field *f = fields; f->type != CFG_END; f++) {
		if (f->help) {
			dump_indent(out, depth);
			fprintf(out, "# %s\n", f->help);
		}
		dump_indent(out, depth);
		fprintf(out, "%s:", f->key);
		if (f->type == CFG_LIST) {
			uint32_t n;
			memcpy(&n, base + f->count_off, sizeof(n));
			if (n == 0) {
				fputs(" []\n", out);
				continue;
			}
			fputc('\n', out);
			for (uint32_t i = 0; i < n; i++) {
				const uint8_t *item = base + f->off + i * f->size;
				dump_indent(out, depth + 1);
				if (f->sub[0].type == CFG_MAP) {
					/* "- " then the map's keys, the first on the dash line. */
					fputs("-\n", out);
					dump_fields(out, f->sub[0].sub, item, depth + 2);
				} else {
					fputs("- ", out);
					dump_value(out, &f->sub[0], item, depth + 1);
				}
			}
			continue;
		}
		if (f->type != CFG_MAP)
			fputc(' ', out);
		dump_value(out, f, base + f->off, depth);
	}
}

void cfg_dump(FILE *out, const struct cfg_field *fields, const void *obj)
{
	dump_fields(out, fields, obj, 0);
}
