/* mgmt-csv.c — POST /api/v1/subscribers/import: a CSV body parsed as it
 * arrives and inserted in one transaction on a connection of its own.
 *
 *   imsi,k,opc,amf,sqn,sst,sd,dnn,ambr_ul,ambr_dl,msisdn      <- header, any order
 *   001010000000001,465b...a6bc,cd63...2baf,8000,0,1,010203,internet,1 Gbps,2 Gbps,
 *
 * Required columns: imsi (or supi), k, and opc or op (each line fills exactly
 * one). Empty values take the defaults of POST /api/v1/subscribers. sst, sd
 * and dnn may list several values separated by ';' (sd matched to sst by
 * position, empty for none; every DNN applies to every slice). Empty lines
 * and lines starting with '#' are skipped; CR before LF is ignored.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "nf/mgmt/mgmt-ctx.h"

#define LINE_MAX_LEN 4096

enum col {
	COL_SUPI,
	COL_K,
	COL_OPC,
	COL_OP,
	COL_AMF,
	COL_SQN,
	COL_SST,
	COL_SD,
	COL_DNN,
	COL_AMBR_UL,
	COL_AMBR_DL,
	COL_MSISDN,
	COL__COUNT
};

static const char *const col_names[COL__COUNT] = {
	[COL_SUPI] = "imsi",	   [COL_K] = "k",
	[COL_OPC] = "opc",	   [COL_OP] = "op",
	[COL_AMF] = "amf",	   [COL_SQN] = "sqn",
	[COL_SST] = "sst",	   [COL_SD] = "sd",
	[COL_DNN] = "dnn",	   [COL_AMBR_UL] = "ambr_ul",
	[COL_AMBR_DL] = "ambr_dl", [COL_MSISDN] = "msisdn",
};

struct mgmt_import {
	struct mgmt *m; /* the NF */
	struct db *db; /* this import's own connection */
	bool partial; /* keep good lines when some are bad */
	char line[LINE_MAX_LEN + 1]; /* the line being assembled */
	size_t llen; /* bytes in line */
	bool overlong; /* the current line exceeded LINE_MAX_LEN */
	uint64_t lineno; /* lines completed so far */
	bool have_header; /* header line parsed */
	int cols[MGMT_CSV_MAX_COLS]; /* enum col of each field */
	int ncols; /* fields per line */
	uint64_t imported; /* subscribers inserted */
	uint64_t failed; /* bad lines */
	bool stopped; /* all-or-nothing and a line failed */
	uint64_t err_line; /* line number of the first bad line */
	struct mgmt_err err; /* what was wrong with it */
	struct db_sub sub; /* scratch (wiped after each line) */
};

/* Splits line at commas in place; trims blanks and one pair of quotes. */
static int split(char *line, char **f, int max)
{
	int n = 0;
	char *p = line;

	for (;;) {
		char *end = strchr(p, ',');
		if (end)
			*end = 0;
		if (n == max)
			return max + 1;
		while (*p == ' ' || *p == '\t')
			p++;
		size_t len = strlen(p);
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			p[--len] = 0;
		if (len >= 2 && p[0] == '"' && p[len - 1] == '"') {
			p[len - 1] = 0;
			p++;
		}
		f[n++] = p;
		if (!end)
			return n;
		p = end + 1;
	}
}

int mgmt_csv_header(const char *line, int *cols, int *n, struct mgmt_err *e)
{
	char buf[LINE_MAX_LEN + 1], *f[MGMT_CSV_MAX_COLS + 1];
	bool seen[COL__COUNT] = { false };

	snprintf(buf, sizeof(buf), "%s", line);
	int nf = split(buf, f, MGMT_CSV_MAX_COLS);
	if (nf > MGMT_CSV_MAX_COLS)
		return mgmt_fail(e, 400, "", "header: more than %d columns", MGMT_CSV_MAX_COLS);
	for (int i = 0; i < nf; i++) {
		int c;
		for (c = 0; c < COL__COUNT; c++)
			if (strcasecmp(f[i], col_names[c]) == 0)
				break;
		if (strcasecmp(f[i], "supi") == 0)
			c = COL_SUPI;
		if (c == COL__COUNT)
			return mgmt_fail(
				e, 400, f[i],
				"header: unknown column \"%.40s\" (known: imsi, k, opc, op, amf, "
				"sqn, sst, sd, dnn, ambr_ul, ambr_dl, msisdn)",
				f[i]);
		if (seen[c])
			return mgmt_fail(e, 400, f[i], "header: column \"%.40s\" twice", f[i]);
		seen[c] = true;
		cols[i] = c;
	}
	if (!seen[COL_SUPI])
		return mgmt_fail(e, 400, "imsi", "header: an imsi column is required");
	if (!seen[COL_K])
		return mgmt_fail(e, 400, "k", "header: a k column is required");
	if (!seen[COL_OPC] && !seen[COL_OP])
		return mgmt_fail(e, 400, "opc", "header: an opc or op column is required");
	*n = nf;
	return 0;
}

/* Splits a ';' list in place into at most max items; returns the count or -1. */
static int list(char *s, char **items, int max)
{
	int n = 0;
	for (char *save = NULL, *t = strtok_r(s, ";", &save); t; t = strtok_r(NULL, ";", &save)) {
		if (n == max)
			return -1;
		items[n++] = t;
	}
	return n;
}

int mgmt_csv_line(const char *line, const int *cols, int n, struct db_sub *sub, struct mgmt_err *e)
{
	char buf[LINE_MAX_LEN + 1], *f[MGMT_CSV_MAX_COLS + 1];
	char *sst = NULL, *sd = NULL, *dnn = NULL;
	bool have_opc = false, have_op = false;

	snprintf(buf, sizeof(buf), "%s", line);
	int nf = split(buf, f, MGMT_CSV_MAX_COLS);
	if (nf != n)
		return mgmt_fail(e, 400, "", "expected %d fields, found %d", n, nf);
	db_sub_defaults(sub);
	for (int i = 0; i < n; i++) {
		const char *v = f[i], *name = col_names[cols[i]];
		if (!*v && cols[i] != COL_SUPI && cols[i] != COL_K)
			continue; /* default */
		switch (cols[i]) {
		case COL_SUPI:
			if (db_supi_from_str(sub->supi, v) < 0)
				return mgmt_fail(e, 400, name, "imsi: expected 15 digits");
			break;
		case COL_K:
			if (db_hex_parse(sub->k, 16, v) < 0)
				return mgmt_fail(e, 400, name, "k: expected 32 hex digits");
			break;
		case COL_OPC:
		case COL_OP:
			if (db_hex_parse(sub->op, 16, v) < 0)
				return mgmt_fail(e, 400, name, "%s: expected 32 hex digits", name);
			if (cols[i] == COL_OPC)
				have_opc = true;
			else
				have_op = true;
			break;
		case COL_AMF:
			if (db_amf_parse(&sub->amf, v) < 0)
				return mgmt_fail(e, 400, name, "amf: expected 4 hex digits");
			break;
		case COL_SQN:
			if (db_sqn_parse(&sub->sqn, v) < 0)
				return mgmt_fail(e, 400, name, "sqn: expected 1..12 hex digits");
			break;
		case COL_SST: sst = f[i]; break;
		case COL_SD: sd = f[i]; break;
		case COL_DNN: dnn = f[i]; break;
		case COL_AMBR_UL:
		case COL_AMBR_DL: {
			uint64_t *r = cols[i] == COL_AMBR_UL ? &sub->ambr_ul : &sub->ambr_dl;
			if (db_bitrate_parse(r, v) < 0 || *r == 0 || *r > INT64_MAX)
				return mgmt_fail(e, 400, name,
						 "%s: expected a bit rate like \"100 Mbps\"", name);
			break;
		}
		case COL_MSISDN:
			if (db_msisdn_valid(v) < 0)
				return mgmt_fail(e, 400, name, "msisdn: expected 1..15 digits");
			snprintf(sub->msisdn, sizeof(sub->msisdn), "%s", v);
			break;
		}
	}
	if (have_opc == have_op)
		return mgmt_fail(e, 400, "opc", "give exactly one of opc and op");
	sub->op_kind = have_opc ? DB_OPC : DB_OP;

	char *ssts[DB_MAX_SLICES], *sds[DB_MAX_SLICES], *dnns[DB_MAX_DNNS];
	int nsst = 1, nsd = 0, ndnn = 0;
	if (sst && (nsst = list(sst, ssts, DB_MAX_SLICES)) < 1)
		return mgmt_fail(e, 400, "sst", "sst: 1..%d values separated by ';'",
				 DB_MAX_SLICES);
	if (sd) {
		/* keep empty positions: "010203;;0a0b0c" */
		char *p = sd;
		for (nsd = 0; p; nsd++) {
			if (nsd == DB_MAX_SLICES)
				return mgmt_fail(e, 400, "sd", "sd: more values than sst");
			sds[nsd] = p;
			p = strchr(p, ';');
			if (p)
				*p++ = 0;
		}
		if (nsd > nsst)
			return mgmt_fail(e, 400, "sd", "sd: more values than sst");
	}
	if (dnn && (ndnn = list(dnn, dnns, DB_MAX_DNNS)) < 1)
		return mgmt_fail(e, 400, "dnn", "dnn: 1..%d values separated by ';'", DB_MAX_DNNS);
	if (sst || sd || dnn) {
		sub->n_slices = (uint8_t)nsst;
		for (int i = 0; i < nsst; i++) {
			struct db_slice *sl = &sub->slices[i];
			memset(sl, 0, sizeof(*sl));
			sl->s_nssai.sst = 1;
			if (sst) {
				char *end;
				long v = strtol(ssts[i], &end, 10);
				if (*end || end == ssts[i] || db_sst_valid(v) < 0)
					return mgmt_fail(e, 400, "sst", "sst: expected 0..255");
				sl->s_nssai.sst = (uint8_t)v;
			}
			if (i < nsd && sds[i][0]) {
				if (db_sd_parse(&sl->s_nssai.sd, sds[i]) < 0)
					return mgmt_fail(e, 400, "sd",
							 "sd: expected 6 hex digits, not ffffff");
				sl->s_nssai.has_sd = true;
			}
			sl->n_dnns = (uint8_t)(ndnn ? ndnn : 1);
			for (int d = 0; d < sl->n_dnns; d++) {
				if (ndnn && db_dnn_valid(dnns[d]) < 0)
					return mgmt_fail(e, 400, "dnn",
							 "dnn: invalid DNN \"%.64s\"", dnns[d]);
				db_dnn_defaults(&sl->dnns[d], ndnn ? dnns[d] : "internet");
			}
		}
	}
	const char *field;
	char fb[48];
	if (db_sub_check(sub, &field, fb, sizeof(fb)) < 0) {
		/* name the CSV column, not the JSON path */
		const char *c = strncmp(field, "slices[", 7) == 0 ? (strstr(field, "dnn")  ? "dnn"
								     : strstr(field, "sd") ? "sd"
											   : "sst")
								  : field;
		return mgmt_fail(e, 400, c, "%s: invalid value", c);
	}
	return 0;
}

struct mgmt_import *mgmt_import_new(struct mgmt *m, bool partial, struct mgmt_err *e)
{
	struct mgmt_import *im = calloc(1, sizeof(*im));
	int rc;

	if (!im) {
		mgmt_fail(e, 500, "", "out of memory");
		return NULL;
	}
	im->m = m;
	im->partial = partial;
	if ((rc = db_open(&im->db, &m->db_opts)) < 0 || (rc = db_bulk_begin(im->db)) < 0) {
		LOG(LOG_ERROR, "mgmt", "import: cannot open a transaction on %s: %s %s", m->db_uri,
		    err_str(rc), im->db ? db_errmsg(im->db) : "");
		mgmt_fail_db(e, rc, "");
		db_close(im->db);
		free(im);
		return NULL;
	}
	m->importing = true;
	return im;
}

static void line_error(struct mgmt_import *im, const struct mgmt_err *e)
{
	im->failed++;
	if (im->failed == 1) {
		im->err = *e;
		im->err_line = im->lineno;
	}
	if (!im->partial)
		im->stopped = true;
}

static void do_line(struct mgmt_import *im)
{
	struct mgmt_err e;

	im->lineno++;
	if (im->stopped)
		return;
	if (im->overlong) {
		mgmt_fail(&e, 400, "", "line longer than %d bytes", LINE_MAX_LEN);
		line_error(im, &e);
		return;
	}
	if (im->llen && im->line[im->llen - 1] == '\r')
		im->llen--;
	im->line[im->llen] = 0;
	const char *p = im->line;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == 0 || *p == '#')
		return;
	if (!im->have_header) {
		if (mgmt_csv_header(im->line, im->cols, &im->ncols, &e) < 0) {
			line_error(im, &e);
			im->stopped = true; /* nothing can be read without a header */
			return;
		}
		im->have_header = true;
		return;
	}
	if (mgmt_csv_line(im->line, im->cols, im->ncols, &im->sub, &e) < 0) {
		line_error(im, &e);
	} else {
		int rc = db_bulk_add(im->db, &im->sub);
		if (rc == 0) {
			im->imported++;
		} else {
			mgmt_fail_db(&e, rc, "imsi");
			if (rc == -E_EXIST)
				snprintf(e.msg, sizeof(e.msg), "%s already exists", im->sub.supi);
			line_error(im, &e);
		}
	}
	db_sub_wipe(&im->sub);
}

void mgmt_import_feed(struct mgmt_import *im, const char *data, size_t len)
{
	while (len) {
		const char *nl = memchr(data, '\n', len);
		size_t take = nl ? (size_t)(nl - data) : len;
		if (!im->stopped) {
			if (im->llen + take > LINE_MAX_LEN) {
				im->overlong = true;
			} else {
				memcpy(im->line + im->llen, data, take);
				im->llen += take;
			}
		}
		data += take;
		len -= take;
		if (nl) {
			do_line(im);
			im->llen = 0;
			im->overlong = false;
			data++;
			len--;
		}
	}
}

static void import_free(struct mgmt_import *im)
{
	im->m->importing = false;
	db_close(im->db);
	explicit_bzero(im, sizeof(*im)); /* the line buffer held keys */
	free(im);
}

void mgmt_import_abort(struct mgmt_import *im)
{
	if (!im)
		return;
	db_bulk_abort(im->db);
	LOG_RL(LOG_NOTICE, "mgmt", "import: abandoned after %" PRIu64 " lines; nothing imported",
	       im->lineno);
	import_free(im);
}

static json_t *err_json(const struct mgmt_err *e, uint64_t line)
{
	json_t *o = json_object();
	json_object_set_new(o, "error", json_string(e->msg));
	if (e->field[0])
		json_object_set_new(o, "field", json_string(e->field));
	json_object_set_new(o, "line", json_integer((json_int_t)line));
	return o;
}

json_t *mgmt_import_finish(struct mgmt_import *im, unsigned *status)
{
	struct mgmt *m = im->m;
	json_t *o;

	if (im->llen || im->overlong)
		do_line(im); /* a last line without a line end */
	if (!im->have_header && im->failed == 0) {
		struct mgmt_err e;
		mgmt_fail(&e, 400, "", "empty CSV: expected a header line");
		line_error(im, &e);
		im->err_line = 1;
	}
	if (im->failed && (!im->partial || !im->have_header)) {
		db_bulk_abort(im->db);
		*status = im->err.status;
		o = err_json(&im->err, im->err_line);
		json_object_set_new(o, "imported", json_integer(0));
		LOG_RL(LOG_NOTICE, "mgmt", "import: line %" PRIu64 ": %s; nothing imported",
		       im->err_line, im->err.msg);
		import_free(im);
		return o;
	}
	int rc = db_bulk_commit(im->db);
	if (rc < 0) {
		struct mgmt_err e;
		mgmt_fail_db(&e, rc, "");
		*status = e.status;
		o = err_json(&e, im->lineno);
		json_object_set_new(o, "imported", json_integer(0));
		LOG(LOG_ERROR, "mgmt", "import: commit failed: %s %s", err_str(rc),
		    db_errmsg(im->db));
		import_free(im);
		return o;
	}
	*status = 200;
	o = json_object();
	json_object_set_new(o, "imported", json_integer((json_int_t)im->imported));
	json_object_set_new(o, "failed", json_integer((json_int_t)im->failed));
	json_object_set_new(o, "lines", json_integer((json_int_t)im->lineno));
	if (im->failed)
		json_object_set_new(o, "first_error", err_json(&im->err, im->err_line));
	LOG(LOG_INFO, "mgmt", "import: %" PRIu64 " subscribers imported, %" PRIu64 " lines failed",
	    im->imported, im->failed);
	import_free(im);
	mgmt_count_subs(m);
	return o;
}
