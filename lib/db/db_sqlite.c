/* db_sqlite.c — the SQLite backend of the subscriber store.
 *
 * One file in WAL mode; every connection runs with synchronous=FULL, so a
 * COMMIT has reached the disk (the WAL is fsync'd) before it returns — the
 * property db_auth_next relies on. Writers take the lock with BEGIN
 * IMMEDIATE and wait busy_timeout_ms for each other. Statements are prepared
 * once per connection. The schema and its history are in `migrations`
 * below; PRAGMA user_version records how far a file has come.
 */
#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/db/db_backend.h"

/* Schema history: migrations[v] takes a file from user_version v to v + 1.
 * Never edit a step once released; append a new one. */
static const char *const migrations[] = {
	/* 0 -> 1: credentials, slices, DNNs */
	"CREATE TABLE subscriber ("
	"  id INTEGER PRIMARY KEY,"
	"  supi TEXT NOT NULL UNIQUE,"
	"  k BLOB NOT NULL CHECK (length(k) = 16),"
	"  opc BLOB CHECK (opc IS NULL OR length(opc) = 16),"
	"  op BLOB CHECK (op IS NULL OR length(op) = 16),"
	"  amf INTEGER NOT NULL CHECK (amf BETWEEN 0 AND 65535),"
	"  sqn INTEGER NOT NULL CHECK (sqn BETWEEN 0 AND 281474976710655),"
	"  ambr_ul INTEGER NOT NULL CHECK (ambr_ul > 0),"
	"  ambr_dl INTEGER NOT NULL CHECK (ambr_dl > 0),"
	"  CHECK ((opc IS NULL) <> (op IS NULL))"
	");"
	"CREATE TABLE slice ("
	"  sub_id INTEGER NOT NULL REFERENCES subscriber(id) ON DELETE CASCADE,"
	"  idx INTEGER NOT NULL,"
	"  sst INTEGER NOT NULL CHECK (sst BETWEEN 0 AND 255),"
	"  sd INTEGER CHECK (sd IS NULL OR sd BETWEEN 0 AND 16777214),"
	"  PRIMARY KEY (sub_id, idx)"
	") WITHOUT ROWID;"
	"CREATE TABLE slice_dnn ("
	"  sub_id INTEGER NOT NULL REFERENCES subscriber(id) ON DELETE CASCADE,"
	"  slice_idx INTEGER NOT NULL,"
	"  idx INTEGER NOT NULL,"
	"  dnn TEXT NOT NULL,"
	"  PRIMARY KEY (sub_id, slice_idx, idx)"
	") WITHOUT ROWID;",
	/* 1 -> 2: MSISDN, and default QoS (5QI, ARP) per DNN */
	"ALTER TABLE subscriber ADD COLUMN msisdn TEXT;"
	"CREATE INDEX subscriber_msisdn ON subscriber(msisdn) WHERE msisdn IS NOT NULL;"
	"ALTER TABLE slice_dnn ADD COLUMN qi5 INTEGER NOT NULL DEFAULT 9"
	"  CHECK (qi5 BETWEEN 1 AND 255);"
	"ALTER TABLE slice_dnn ADD COLUMN arp_level INTEGER NOT NULL DEFAULT 8"
	"  CHECK (arp_level BETWEEN 1 AND 15);"
	"ALTER TABLE slice_dnn ADD COLUMN arp_preempt_cap INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE slice_dnn ADD COLUMN arp_preempt_vuln INTEGER NOT NULL DEFAULT 1;",
};

#define SCHEMA_VERSION ((int)(sizeof(migrations) / sizeof(migrations[0])))

#define SUB_COLS "id, supi, k, opc, op, amf, sqn, ambr_ul, ambr_dl, msisdn"

enum stmt_id {
	ST_INS_SUB,
	ST_INS_SLICE,
	ST_INS_DNN,
	ST_GET_SUB,
	ST_GET_SLICES,
	ST_GET_DNNS,
	ST_UPD_SUB,
	ST_DEL_SUB,
	ST_DEL_SLICES,
	ST_DEL_DNNS,
	ST_COUNT,
	ST_LIST,
	ST_AUTH_GET,
	ST_SET_SQN,
	ST__COUNT
};

static const char *const stmt_sql[ST__COUNT] = {
	[ST_INS_SUB] =
		"INSERT INTO subscriber (supi, k, opc, op, amf, sqn, ambr_ul, ambr_dl, msisdn)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[ST_INS_SLICE] = "INSERT INTO slice (sub_id, idx, sst, sd) VALUES (?1, ?2, ?3, ?4)",
	[ST_INS_DNN] =
		"INSERT INTO slice_dnn (sub_id, slice_idx, idx, dnn, qi5, arp_level,"
		" arp_preempt_cap, arp_preempt_vuln) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[ST_GET_SUB] = "SELECT " SUB_COLS " FROM subscriber WHERE supi = ?1",
	[ST_GET_SLICES] = "SELECT idx, sst, sd FROM slice WHERE sub_id = ?1 ORDER BY idx",
	[ST_GET_DNNS] =
		"SELECT slice_idx, idx, dnn, qi5, arp_level, arp_preempt_cap,"
		" arp_preempt_vuln FROM slice_dnn WHERE sub_id = ?1 ORDER BY slice_idx, idx",
	[ST_UPD_SUB] = "UPDATE subscriber SET k = ?2, opc = ?3, op = ?4, amf = ?5, sqn = ?6,"
		       " ambr_ul = ?7, ambr_dl = ?8, msisdn = ?9 WHERE id = ?1",
	[ST_DEL_SUB] = "DELETE FROM subscriber WHERE id = ?1",
	[ST_DEL_SLICES] = "DELETE FROM slice WHERE sub_id = ?1",
	[ST_DEL_DNNS] = "DELETE FROM slice_dnn WHERE sub_id = ?1",
	[ST_COUNT] = "SELECT count(*) FROM subscriber",
	[ST_LIST] = "SELECT " SUB_COLS " FROM subscriber WHERE supi > ?1 ORDER BY supi"
		    " LIMIT ?2 OFFSET ?3",
	[ST_AUTH_GET] = "SELECT id, k, opc, op, amf, sqn FROM subscriber WHERE supi = ?1",
	[ST_SET_SQN] = "UPDATE subscriber SET sqn = ?2 WHERE id = ?1",
};

struct sq {
	struct db base; /* must be first: db.c's view */
	sqlite3 *h; /* the connection */
	sqlite3_stmt *st[ST__COUNT]; /* prepared once */
};

static struct sq *SQ(struct db *db)
{
	return (struct sq *)db;
}

/* Maps an SQLite result to an E_* code and keeps the message for logs. */
static int sq_err(struct sq *s, int rc)
{
	snprintf(s->base.err, sizeof(s->base.err), "%s", sqlite3_errmsg(s->h));
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return -E_AGAIN;
	case SQLITE_CONSTRAINT:
		if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
			return -E_EXIST;
		return -E_INVAL;
	case SQLITE_NOMEM: return -E_NOMEM;
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
	case SQLITE_CANTOPEN:
	default: return -E_IO;
	}
}

static int sq_exec(struct sq *s, const char *sql)
{
	int rc = sqlite3_exec(s->h, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : sq_err(s, rc);
}

static void sq_done(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st); /* drop pointers to the caller's secrets */
}

static int sq_begin(struct sq *s)
{
	return sq_exec(s, "BEGIN IMMEDIATE");
}

static int sq_commit(struct sq *s)
{
	int rc = sq_exec(s, "COMMIT");
	if (rc < 0)
		sqlite3_exec(s->h, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

static void sq_rollback(struct sq *s)
{
	if (!sqlite3_get_autocommit(s->h))
		sqlite3_exec(s->h, "ROLLBACK", NULL, NULL, NULL);
}

static int user_version(struct sq *s, int *v)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->h, "PRAGMA user_version", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sq_err(s, rc);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : sq_err(s, rc);
}

/* Brings the file to SCHEMA_VERSION in one transaction. */
static int migrate(struct sq *s)
{
	int v, rc;
	char sql[64];

	if ((rc = sq_begin(s)) < 0)
		return rc;
	if ((rc = user_version(s, &v)) < 0)
		goto err;
	if (v > SCHEMA_VERSION) {
		snprintf(s->base.err, sizeof(s->base.err),
			 "schema version %d is newer than this build's %d", v, SCHEMA_VERSION);
		rc = -E_UNSUPP;
		goto err;
	}
	if (v == SCHEMA_VERSION) {
		sq_rollback(s);
		return 0;
	}
	for (; v < SCHEMA_VERSION; v++)
		if ((rc = sq_exec(s, migrations[v])) < 0)
			goto err;
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", SCHEMA_VERSION);
	if ((rc = sq_exec(s, sql)) < 0)
		goto err;
	return sq_commit(s);
err:
	sq_rollback(s);
	return rc;
}

/* Switches the file to WAL and checks that it took (it does not on file
 * systems without shared memory). */
static int set_wal(struct sq *s)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->h, "PRAGMA journal_mode = WAL", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sq_err(s, rc);
	rc = sqlite3_step(st);
	const unsigned char *mode = rc == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
	bool wal = mode && strcmp((const char *)mode, "wal") == 0;
	if (rc != SQLITE_ROW)
		rc = sq_err(s, rc);
	else if (!wal)
		snprintf(s->base.err, sizeof(s->base.err), "journal_mode WAL refused (got %s)",
			 mode ? (const char *)mode : "?");
	sqlite3_finalize(st);
	return rc < 0 ? rc : wal ? 0 : -E_IO;
}

static void sq_free(struct sq *s)
{
	for (int i = 0; i < ST__COUNT; i++)
		sqlite3_finalize(s->st[i]);
	sqlite3_close(s->h);
	free(s);
}

static void sq_close(struct db *db)
{
	sq_free(SQ(db));
}

static int sq_open(struct db **out, const char *path, const struct db_opts *o)
{
	struct sq *s = calloc(1, sizeof(*s));
	int rc, flags = SQLITE_OPEN_NOMUTEX |
			(o->read_only ? SQLITE_OPEN_READONLY
				      : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);

	if (!s)
		return -E_NOMEM;
	rc = sqlite3_open_v2(path, &s->h, flags, NULL);
	if (rc != SQLITE_OK) {
		rc = s->h ? sq_err(s, rc) : -E_NOMEM;
		goto err;
	}
	sqlite3_extended_result_codes(s->h, 1);
	sqlite3_busy_timeout(s->h, o->busy_timeout_ms ? (int)o->busy_timeout_ms : 5000);
	/* WAL: readers never block the writer (the UDM reads while the API
	 * imports). synchronous=FULL: every COMMIT fsyncs the WAL, so it is
	 * durable when COMMIT returns. secure_delete: deleted keys are
	 * overwritten in the file, not left in free pages. */
	if (!o->read_only && (rc = set_wal(s)) < 0)
		goto err;
	if ((rc = sq_exec(s, "PRAGMA synchronous = FULL;"
			     "PRAGMA foreign_keys = ON;"
			     "PRAGMA secure_delete = ON")) < 0)
		goto err;
	if (o->read_only) {
		int v = 0;
		if ((rc = user_version(s, &v)) < 0)
			goto err;
		if (v != SCHEMA_VERSION) {
			rc = -E_UNSUPP;
			goto err;
		}
	} else if ((rc = migrate(s)) < 0) {
		goto err;
	}
	for (int i = 0; i < ST__COUNT; i++) {
		int r = sqlite3_prepare_v3(s->h, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
					   &s->st[i], NULL);
		if (r != SQLITE_OK) {
			rc = sq_err(s, r);
			goto err;
		}
	}
	*out = &s->base;
	return 0;
err:
	sq_free(s);
	return rc;
}

static int sq_schema_version(struct db *db)
{
	int v = 0;
	int rc = user_version(SQ(db), &v);
	return rc < 0 ? rc : v;
}

/* ---- rows <-> struct db_sub ---- */

/* Inserts the slice and DNN rows of sub under id. */
static int put_children(struct sq *s, int64_t id, const struct db_sub *sub)
{
	int rc;

	for (unsigned i = 0; i < sub->n_slices; i++) {
		const struct db_slice *sl = &sub->slices[i];
		sqlite3_stmt *st = s->st[ST_INS_SLICE];
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, (int)i);
		sqlite3_bind_int(st, 3, sl->s_nssai.sst);
		if (sl->s_nssai.has_sd)
			sqlite3_bind_int64(st, 4, sl->s_nssai.sd);
		else
			sqlite3_bind_null(st, 4);
		rc = sqlite3_step(st);
		sq_done(st);
		if (rc != SQLITE_DONE)
			return sq_err(s, rc);
		for (unsigned d = 0; d < sl->n_dnns; d++) {
			const struct db_dnn *dn = &sl->dnns[d];
			st = s->st[ST_INS_DNN];
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_int(st, 2, (int)i);
			sqlite3_bind_int(st, 3, (int)d);
			sqlite3_bind_text(st, 4, dn->dnn, -1, SQLITE_STATIC);
			sqlite3_bind_int(st, 5, dn->qi5);
			sqlite3_bind_int(st, 6, dn->arp_level);
			sqlite3_bind_int(st, 7, dn->arp_preempt_cap);
			sqlite3_bind_int(st, 8, dn->arp_preempt_vuln);
			rc = sqlite3_step(st);
			sq_done(st);
			if (rc != SQLITE_DONE)
				return sq_err(s, rc);
		}
	}
	return 0;
}

/* Binds the subscriber columns ?2..?9 shared by INSERT (after supi) and UPDATE. */
static void bind_sub(sqlite3_stmt *st, const struct db_sub *sub)
{
	sqlite3_bind_blob(st, 2, sub->k, 16, SQLITE_STATIC);
	if (sub->op_kind == DB_OPC) {
		sqlite3_bind_blob(st, 3, sub->op, 16, SQLITE_STATIC);
		sqlite3_bind_null(st, 4);
	} else {
		sqlite3_bind_null(st, 3);
		sqlite3_bind_blob(st, 4, sub->op, 16, SQLITE_STATIC);
	}
	sqlite3_bind_int(st, 5, sub->amf);
	sqlite3_bind_int64(st, 6, (int64_t)sub->sqn);
	sqlite3_bind_int64(st, 7, (int64_t)sub->ambr_ul);
	sqlite3_bind_int64(st, 8, (int64_t)sub->ambr_dl);
	if (sub->msisdn[0])
		sqlite3_bind_text(st, 9, sub->msisdn, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 9);
}

/* Inserts one subscriber inside the caller's transaction. */
static int insert_sub(struct sq *s, const struct db_sub *sub)
{
	sqlite3_stmt *st = s->st[ST_INS_SUB];

	sqlite3_bind_text(st, 1, sub->supi, -1, SQLITE_STATIC);
	bind_sub(st, sub);
	int rc = sqlite3_step(st);
	sq_done(st);
	if (rc != SQLITE_DONE)
		return sq_err(s, rc);
	return put_children(s, sqlite3_last_insert_rowid(s->h), sub);
}

static int copy_blob(sqlite3_stmt *st, int col, uint8_t out[16])
{
	if (sqlite3_column_type(st, col) != SQLITE_BLOB || sqlite3_column_bytes(st, col) != 16)
		return -E_IO;
	memcpy(out, sqlite3_column_blob(st, col), 16);
	return 0;
}

/* Fills the subscriber-row part of out from a SUB_COLS row; returns its id. */
static int row_to_sub(struct sq *s, sqlite3_stmt *st, struct db_sub *out, int64_t *id)
{
	const unsigned char *t;

	*id = sqlite3_column_int64(st, 0);
	t = sqlite3_column_text(st, 1);
	snprintf(out->supi, sizeof(out->supi), "%s", t ? (const char *)t : "");
	if (copy_blob(st, 2, out->k) < 0)
		goto bad;
	if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
		out->op_kind = DB_OPC;
		if (copy_blob(st, 3, out->op) < 0)
			goto bad;
	} else {
		out->op_kind = DB_OP;
		if (copy_blob(st, 4, out->op) < 0)
			goto bad;
	}
	out->amf = (uint16_t)sqlite3_column_int(st, 5);
	out->sqn = (uint64_t)sqlite3_column_int64(st, 6) & DB_SQN_MAX;
	out->ambr_ul = (uint64_t)sqlite3_column_int64(st, 7);
	out->ambr_dl = (uint64_t)sqlite3_column_int64(st, 8);
	t = sqlite3_column_text(st, 9);
	snprintf(out->msisdn, sizeof(out->msisdn), "%s", t ? (const char *)t : "");
	return 0;
bad:
	snprintf(s->base.err, sizeof(s->base.err), "subscriber %s: malformed key column",
		 out->supi);
	return -E_IO;
}

/* Reads the slices and DNNs of subscriber id into out. */
static int get_children(struct sq *s, int64_t id, struct db_sub *out)
{
	sqlite3_stmt *st = s->st[ST_GET_SLICES];
	int rc;

	out->n_slices = 0;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int idx = sqlite3_column_int(st, 0);
		if (idx < 0 || idx >= DB_MAX_SLICES || idx != out->n_slices)
			continue; /* written by something else: ignore */
		struct db_slice *sl = &out->slices[out->n_slices++];
		memset(sl, 0, sizeof(*sl));
		sl->s_nssai.sst = (uint8_t)sqlite3_column_int(st, 1);
		if (sqlite3_column_type(st, 2) != SQLITE_NULL) {
			sl->s_nssai.has_sd = true;
			sl->s_nssai.sd = (uint32_t)sqlite3_column_int64(st, 2) & 0xffffff;
		}
	}
	sq_done(st);
	if (rc != SQLITE_DONE)
		return sq_err(s, rc);

	st = s->st[ST_GET_DNNS];
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int si = sqlite3_column_int(st, 0), di = sqlite3_column_int(st, 1);
		if (si < 0 || si >= out->n_slices || di < 0 || di >= DB_MAX_DNNS)
			continue;
		struct db_slice *sl = &out->slices[si];
		if (di != sl->n_dnns)
			continue;
		struct db_dnn *dn = &sl->dnns[sl->n_dnns++];
		const unsigned char *t = sqlite3_column_text(st, 2);
		snprintf(dn->dnn, sizeof(dn->dnn), "%s", t ? (const char *)t : "");
		dn->qi5 = (uint8_t)sqlite3_column_int(st, 3);
		dn->arp_level = (uint8_t)sqlite3_column_int(st, 4);
		dn->arp_preempt_cap = sqlite3_column_int(st, 5) != 0;
		dn->arp_preempt_vuln = sqlite3_column_int(st, 6) != 0;
	}
	sq_done(st);
	return rc == SQLITE_DONE ? 0 : sq_err(s, rc);
}

/* Looks up supi; fills out (if not NULL) and *id. */
static int find_sub(struct sq *s, const char *supi, struct db_sub *out, int64_t *id)
{
	sqlite3_stmt *st = s->st[ST_GET_SUB];
	struct db_sub tmp;
	int rc;

	sqlite3_bind_text(st, 1, supi, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = row_to_sub(s, st, out ? out : &tmp, id);
	else
		rc = rc == SQLITE_DONE ? -E_NOTFOUND : sq_err(s, rc);
	sq_done(st);
	if (!out)
		explicit_bzero(&tmp, sizeof(tmp));
	return rc;
}

static int delete_children(struct sq *s, int64_t id)
{
	int ids[] = { ST_DEL_DNNS, ST_DEL_SLICES };
	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *st = s->st[ids[i]];
		sqlite3_bind_int64(st, 1, id);
		int rc = sqlite3_step(st);
		sq_done(st);
		if (rc != SQLITE_DONE)
			return sq_err(s, rc);
	}
	return 0;
}

/* ---- subscriber operations ---- */

static int sq_sub_add(struct db *db, const struct db_sub *sub)
{
	struct sq *s = SQ(db);
	int rc = sq_begin(s);
	if (rc < 0)
		return rc;
	if ((rc = insert_sub(s, sub)) < 0) {
		sq_rollback(s);
		return rc;
	}
	return sq_commit(s);
}

static int sq_sub_put(struct db *db, const struct db_sub *sub)
{
	struct sq *s = SQ(db);
	int64_t id;
	int rc = sq_begin(s);

	if (rc < 0)
		return rc;
	if ((rc = find_sub(s, sub->supi, NULL, &id)) < 0)
		goto err;
	sqlite3_stmt *st = s->st[ST_UPD_SUB];
	sqlite3_bind_int64(st, 1, id);
	bind_sub(st, sub);
	rc = sqlite3_step(st);
	sq_done(st);
	if (rc != SQLITE_DONE) {
		rc = sq_err(s, rc);
		goto err;
	}
	if ((rc = delete_children(s, id)) < 0 || (rc = put_children(s, id, sub)) < 0)
		goto err;
	return sq_commit(s);
err:
	sq_rollback(s);
	return rc;
}

static int sq_sub_get(struct db *db, const char *supi, struct db_sub *out)
{
	struct sq *s = SQ(db);
	int64_t id;

	memset(out, 0, sizeof(*out));
	/* Two reads: one read transaction keeps them consistent. */
	bool own = sqlite3_get_autocommit(s->h);
	int rc = own ? sq_exec(s, "BEGIN") : 0;
	if (rc < 0)
		return rc;
	rc = find_sub(s, supi, out, &id);
	if (rc == 0)
		rc = get_children(s, id, out);
	if (own)
		sq_rollback(s);
	if (rc < 0)
		db_sub_wipe(out);
	return rc;
}

static int sq_sub_del(struct db *db, const char *supi)
{
	struct sq *s = SQ(db);
	int64_t id;
	int rc = sq_begin(s);

	if (rc < 0)
		return rc;
	if ((rc = find_sub(s, supi, NULL, &id)) < 0 || (rc = delete_children(s, id)) < 0)
		goto err;
	sqlite3_stmt *st = s->st[ST_DEL_SUB];
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	sq_done(st);
	if (rc != SQLITE_DONE) {
		rc = sq_err(s, rc);
		goto err;
	}
	return sq_commit(s);
err:
	sq_rollback(s);
	return rc;
}

static int64_t sq_sub_count(struct db *db)
{
	struct sq *s = SQ(db);
	sqlite3_stmt *st = s->st[ST_COUNT];
	int rc = sqlite3_step(st);
	int64_t n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : sq_err(s, rc);
	sq_done(st);
	return n;
}

static int sq_sub_list(struct db *db, const char *after, uint64_t offset, uint64_t limit,
		       db_sub_cb cb, void *arg)
{
	struct sq *s = SQ(db);
	sqlite3_stmt *st = s->st[ST_LIST];
	struct db_sub *sub = malloc(sizeof(*sub));
	int rc, n = 0, stop = 0;

	if (!sub)
		return -E_NOMEM;
	bool own = sqlite3_get_autocommit(s->h);
	if (own && (rc = sq_exec(s, "BEGIN")) < 0) {
		free(sub);
		return rc;
	}
	sqlite3_bind_text(st, 1, after ? after : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, limit && limit <= INT64_MAX ? (int64_t)limit : -1);
	sqlite3_bind_int64(st, 3, offset <= INT64_MAX ? (int64_t)offset : INT64_MAX);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id;
		memset(sub, 0, sizeof(*sub));
		int r = row_to_sub(s, st, sub, &id);
		if (r == 0)
			r = get_children(s, id, sub);
		if (r < 0) {
			rc = r;
			break;
		}
		n++;
		stop = cb(sub, arg);
		if (stop)
			break;
	}
	sq_done(st);
	if (own)
		sq_rollback(s);
	db_sub_wipe(sub);
	free(sub);
	if (stop)
		return stop;
	if (rc < 0)
		return rc;
	return rc == SQLITE_DONE ? n : sq_err(s, rc);
}

static int sq_bulk_begin(struct db *db)
{
	return sq_begin(SQ(db));
}

/* One subscriber inside the bulk transaction; a failure undoes only this
 * one (a savepoint), so the caller may go on or abort. */
static int sq_bulk_add(struct db *db, const struct db_sub *sub)
{
	struct sq *s = SQ(db);
	int rc = sq_exec(s, "SAVEPOINT bulk_one");

	if (rc < 0)
		return rc;
	rc = insert_sub(s, sub);
	if (rc < 0) {
		char keep[sizeof(s->base.err)];
		memcpy(keep, s->base.err, sizeof(keep));
		sqlite3_exec(s->h, "ROLLBACK TO bulk_one", NULL, NULL, NULL);
		memcpy(s->base.err, keep, sizeof(keep));
	}
	sqlite3_exec(s->h, "RELEASE bulk_one", NULL, NULL, NULL);
	return rc;
}

static int sq_bulk_commit(struct db *db)
{
	return sq_commit(SQ(db));
}

static void sq_bulk_abort(struct db *db)
{
	sq_rollback(SQ(db));
}

/* ---- authentication ---- */

static int auth_read(struct sq *s, const char *supi, struct db_auth *out, int64_t *id)
{
	sqlite3_stmt *st = s->st[ST_AUTH_GET];
	int rc;

	sqlite3_bind_text(st, 1, supi, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		rc = copy_blob(st, 1, out->k);
		if (sqlite3_column_type(st, 2) != SQLITE_NULL) {
			out->op_kind = DB_OPC;
			rc = rc ? rc : copy_blob(st, 2, out->op);
		} else {
			out->op_kind = DB_OP;
			rc = rc ? rc : copy_blob(st, 3, out->op);
		}
		int amf = sqlite3_column_int(st, 4);
		out->amf[0] = (uint8_t)(amf >> 8);
		out->amf[1] = (uint8_t)amf;
		out->sqn = (uint64_t)sqlite3_column_int64(st, 5) & DB_SQN_MAX;
		if (rc < 0)
			snprintf(s->base.err, sizeof(s->base.err),
				 "subscriber %s: malformed key column", supi);
	} else {
		rc = rc == SQLITE_DONE ? -E_NOTFOUND : sq_err(s, rc);
	}
	sq_done(st);
	if (rc < 0)
		db_auth_wipe(out);
	return rc;
}

static int set_sqn(struct sq *s, int64_t id, uint64_t sqn)
{
	sqlite3_stmt *st = s->st[ST_SET_SQN];
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, (int64_t)sqn);
	int rc = sqlite3_step(st);
	sq_done(st);
	return rc == SQLITE_DONE ? 0 : sq_err(s, rc);
}

/* TS 33.102 6.3.2 / C.3.2: SQN_HE advanced and committed (synchronous=FULL:
 * on disk) before any vector built from it can leave the UDM. */
static int sq_auth_next_many(struct db *db, const char *const *supis, size_t n, struct db_auth *out,
			     int *rcs)
{
	struct sq *s = SQ(db);
	int rc = sq_begin(s);

	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		int64_t id;
		if (rcs[i] < 0)
			continue;
		rc = auth_read(s, supis[i], &out[i], &id);
		if (rc == -E_NOTFOUND || rc == -E_IO) {
			rcs[i] = rc; /* this one only */
			continue;
		}
		if (rc < 0)
			goto err;
		out[i].sqn = db_sqn_next(out[i].sqn, db->ind_bits);
		if ((rc = set_sqn(s, id, out[i].sqn)) < 0)
			goto err;
	}
	if ((rc = sq_commit(s)) < 0)
		goto err;
	return 0;
err:
	sq_rollback(s);
	for (size_t i = 0; i < n; i++)
		db_auth_wipe(&out[i]);
	return rc;
}

static int sq_auth_get(struct db *db, const char *supi, struct db_auth *out)
{
	int64_t id;
	return auth_read(SQ(db), supi, out, &id);
}

/* TS 33.102 6.3.5: if the next SQN generated from SQN_HE would be accepted by
 * the USIM, SQN_HE is kept; otherwise SQN_HE is set to SQN_MS. */
static int sq_auth_resync(struct db *db, const char *supi, uint64_t sqn_ms)
{
	struct sq *s = SQ(db);
	struct db_auth a;
	int64_t id;
	int rc = sq_begin(s);

	if (rc < 0)
		return rc;
	rc = auth_read(s, supi, &a, &id);
	uint64_t sqn_he = a.sqn;
	db_auth_wipe(&a);
	if (rc < 0)
		goto err;
	if (db_sqn_acceptable(sqn_he, sqn_ms, db->ind_bits, db->sqn_delta)) {
		sq_rollback(s);
		return 0;
	}
	if ((rc = set_sqn(s, id, sqn_ms)) < 0 || (rc = sq_commit(s)) < 0)
		goto err;
	return 1;
err:
	sq_rollback(s);
	return rc;
}

/* Compare-and-set of SQN_HE for many subscribers in one IMMEDIATE
 * transaction and one durable COMMIT (group commit for the UDR). */
static int sq_auth_update_many(struct db *db, const char *const *supis, size_t n,
			       db_auth_update_cb cb, void *arg, int *rcs)
{
	struct sq *s = SQ(db);
	int rc = sq_begin(s);

	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		struct db_auth a;
		int64_t id;
		if (rcs[i] < 0)
			continue;
		memset(&a, 0, sizeof(a));
		rc = auth_read(s, supis[i], &a, &id);
		if (rc == -E_NOTFOUND || rc == -E_IO) {
			rcs[i] = rc; /* this one only */
			continue;
		}
		if (rc < 0)
			goto err;
		uint64_t old = a.sqn;
		int w = cb(i, &a, arg);
		uint64_t sqn = a.sqn;
		db_auth_wipe(&a);
		if (w < 0) {
			rcs[i] = w;
			continue;
		}
		if (w == 0 || sqn == old)
			continue;
		if (sqn > DB_SQN_MAX) {
			rcs[i] = -E_RANGE;
			continue;
		}
		if ((rc = set_sqn(s, id, sqn)) < 0)
			goto err;
	}
	if ((rc = sq_commit(s)) < 0)
		goto err;
	return 0;
err:
	sq_rollback(s);
	return rc;
}

const struct db_ops db_sqlite_ops = {
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.schema_version = sq_schema_version,
	.sub_add = sq_sub_add,
	.sub_put = sq_sub_put,
	.sub_get = sq_sub_get,
	.sub_del = sq_sub_del,
	.sub_count = sq_sub_count,
	.sub_list = sq_sub_list,
	.bulk_begin = sq_bulk_begin,
	.bulk_add = sq_bulk_add,
	.bulk_commit = sq_bulk_commit,
	.bulk_abort = sq_bulk_abort,
	.auth_next_many = sq_auth_next_many,
	.auth_get = sq_auth_get,
	.auth_resync = sq_auth_resync,
	.auth_update_many = sq_auth_update_many,
};
