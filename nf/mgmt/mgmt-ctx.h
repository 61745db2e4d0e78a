/* mgmt-ctx.h — the management NF's state and its internal interfaces. */
#ifndef NGCORE_MGMT_CTX_H
#define NGCORE_MGMT_CTX_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/core/metrics.h"
#include "lib/db/db.h"
#include "lib/ev/ev.h"

struct MHD_Daemon;
struct MHD_Connection;

#define MGMT_JSON_MAX	  (64 * 1024) /* largest JSON request body */
#define MGMT_PAGE_DEFAULT 100 /* list page size when ?limit is absent */
#define MGMT_PAGE_MAX	  1000 /* largest ?limit */

struct mgmt {
	struct ev_loop *loop; /* the NF's loop (MHD runs on it) */
	struct MHD_Daemon *httpd; /* the HTTP server, external epoll mode */
	struct ev_io io; /* MHD's epoll fd */
	struct ev_timer timer; /* MHD's next timeout */
	struct db *db; /* this thread's store connection */
	struct db_opts db_opts; /* how to open more (imports) */
	char db_uri[300]; /* the store's URI */
	uint64_t import_max; /* CSV body limit, bytes */
	bool importing; /* an import holds the store's write lock */
	int64_t started; /* time(NULL) at start */
	struct metric *m_subs; /* gauge: subscribers in the store */
};

/* An API error: HTTP status, the JSON member at fault ("" if none), what is wrong. */
struct mgmt_err {
	unsigned status; /* 4xx/5xx */
	char field[48]; /* e.g. "slices[0].sd" */
	char msg[200]; /* one line for the operator */
};

/* Sets *e (printf-style message); returns -1 for `return mgmt_fail(...)`. */
int mgmt_fail(struct mgmt_err *e, unsigned status, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Maps a lib/db code to an API error about field. */
int mgmt_fail_db(struct mgmt_err *e, int rc, const char *field);

/* ---- JSON <-> struct db_sub (mgmt-json.c) ---- */

/* The subscriber as the API shows it: K, OPc and OP are never returned,
 * only "set" (README.md, "Secrets"). New reference. */
json_t *mgmt_sub_to_json(const struct db_sub *sub);
/* Applies obj's members to *sub. full (POST, PUT): k and exactly one of
 * opc/op are required; otherwise (PATCH, RFC 7396) only what is present
 * changes and null removes an optional member. 0 or -1 with *e set. */
int mgmt_sub_from_json(struct db_sub *sub, json_t *obj, bool full, struct mgmt_err *e);

/* ---- CSV import (mgmt-csv.c) ---- */

struct mgmt_import;
/* Starts an import on its own store connection (one transaction). partial:
 * commit the good lines and report the bad ones; otherwise all or nothing.
 * NULL with *e set on failure. */
struct mgmt_import *mgmt_import_new(struct mgmt *m, bool partial, struct mgmt_err *e);
/* Feeds the next bytes of the body. */
void mgmt_import_feed(struct mgmt_import *im, const char *data, size_t len);
/* Ends the body: commits (or not) and returns the JSON answer and its
 * status; frees im. */
json_t *mgmt_import_finish(struct mgmt_import *im, unsigned *status);
/* Drops an unfinished import (client went away); frees im. */
void mgmt_import_abort(struct mgmt_import *im);
/* Parses one CSV line (no line end) against the header's columns into sub;
 * exposed for the unit tests. cols/n from mgmt_csv_header. */
int mgmt_csv_header(const char *line, int *cols, int *n, struct mgmt_err *e);
int mgmt_csv_line(const char *line, const int *cols, int n, struct db_sub *sub, struct mgmt_err *e);
#define MGMT_CSV_MAX_COLS 16

/* Refreshes the subscriber gauge. */
void mgmt_count_subs(struct mgmt *m);

#endif
