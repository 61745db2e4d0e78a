/* Unit tests of lib/db: schema and migrations, SQN policy (TS 33.102 Annex C),
 * durability of db_auth_next, resynchronisation, bulk insert, validation. */
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/core/err.h"
#include "lib/db/db.h"
#include "tests/unit/t.h"

static char dir[] = "/tmp/ngcore-dbtest-XXXXXX";
static int file_no;

/* A fresh database path in the test's directory. */
static const char *new_path(void)
{
	static char p[128];
	snprintf(p, sizeof(p), "%s/t%d.db", dir, ++file_no);
	return p;
}

static struct db *open_at(const char *path)
{
	struct db *db = NULL;
	struct db_opts o = { .uri = path };
	int rc = db_open(&db, &o);
	CHECK_EQ(rc, 0);
	return db;
}

static void make_sub(struct db_sub *s, const char *supi)
{
	db_sub_defaults(s);
	snprintf(s->supi, sizeof(s->supi), "%s", supi);
	for (int i = 0; i < 16; i++) {
		s->k[i] = (uint8_t)(0x40 + i);
		s->op[i] = (uint8_t)(0x80 + i);
	}
}

/* Reads one integer with a separate plain SQLite connection. */
static int64_t raw_int(const char *path, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	int64_t v = -1;
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return -2;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	return v;
}

static void new_store_is_created_at_latest_schema_in_wal(void)
{
	const char *p = new_path();
	struct db *db = open_at(p);
	CHECK_EQ(db_schema_version(db), 2);
	CHECK_STR(db_backend_name(db), "sqlite");
	CHECK_EQ(db_sub_count(db), 0);
	db_close(db);
	CHECK_EQ(raw_int(p, "PRAGMA user_version"), 2);
	sqlite3 *h;
	sqlite3_stmt *st;
	CHECK(sqlite3_open(p, &h) == SQLITE_OK);
	CHECK(sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK);
	CHECK(sqlite3_step(st) == SQLITE_ROW);
	CHECK_STR((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	sqlite3_close(h);
	/* Reopening an up-to-date file changes nothing. */
	db = open_at(p);
	CHECK_EQ(db_schema_version(db), 2);
	db_close(db);
}

/* The version-1 layout exactly as a version-1 build created it. */
static const char v1_schema[] =
	"CREATE TABLE subscriber (id INTEGER PRIMARY KEY, supi TEXT NOT NULL UNIQUE,"
	" k BLOB NOT NULL CHECK (length(k) = 16), opc BLOB CHECK (opc IS NULL OR length(opc) = 16),"
	" op BLOB CHECK (op IS NULL OR length(op) = 16),"
	" amf INTEGER NOT NULL CHECK (amf BETWEEN 0 AND 65535),"
	" sqn INTEGER NOT NULL CHECK (sqn BETWEEN 0 AND 281474976710655),"
	" ambr_ul INTEGER NOT NULL CHECK (ambr_ul > 0), ambr_dl INTEGER NOT NULL CHECK (ambr_dl > "
	"0),"
	" CHECK ((opc IS NULL) <> (op IS NULL)));"
	"CREATE TABLE slice (sub_id INTEGER NOT NULL REFERENCES subscriber(id) ON DELETE CASCADE,"
	" idx INTEGER NOT NULL, sst INTEGER NOT NULL CHECK (sst BETWEEN 0 AND 255),"
	" sd INTEGER CHECK (sd IS NULL OR sd BETWEEN 0 AND 16777214),"
	" PRIMARY KEY (sub_id, idx)) WITHOUT ROWID;"
	"CREATE TABLE slice_dnn (sub_id INTEGER NOT NULL REFERENCES subscriber(id) ON DELETE "
	"CASCADE,"
	" slice_idx INTEGER NOT NULL, idx INTEGER NOT NULL, dnn TEXT NOT NULL,"
	" PRIMARY KEY (sub_id, slice_idx, idx)) WITHOUT ROWID;"
	"INSERT INTO subscriber VALUES (1, 'imsi-001010000000007',"
	" x'000102030405060708090a0b0c0d0e0f', NULL, x'f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff',"
	" 32768, 4096, 2000000, 3000000);"
	"INSERT INTO slice VALUES (1, 0, 1, 66051);"
	"INSERT INTO slice_dnn VALUES (1, 0, 0, 'internet');"
	"INSERT INTO slice_dnn VALUES (1, 0, 1, 'ims');"
	"PRAGMA user_version = 1;";

static void version1_store_is_migrated_keeping_its_subscribers(void)
{
	const char *p = new_path();
	sqlite3 *h;
	CHECK(sqlite3_open(p, &h) == SQLITE_OK);
	CHECK(sqlite3_exec(h, v1_schema, NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(h);
	CHECK_EQ(raw_int(p, "PRAGMA user_version"), 1);

	struct db *db = open_at(p);
	CHECK_EQ(db_schema_version(db), 2);
	struct db_sub s;
	CHECK_EQ(db_sub_get(db, "imsi-001010000000007", &s), 0);
	CHECK_EQ(s.op_kind, DB_OP);
	CHECK_EQ(s.k[15], 0x0f);
	CHECK_EQ(s.op[0], 0xf0);
	CHECK_EQ(s.amf, 0x8000);
	CHECK_EQ(s.sqn, 4096);
	CHECK_EQ(s.ambr_ul, 2000000);
	CHECK_STR(s.msisdn, "");
	CHECK_EQ(s.n_slices, 1);
	CHECK_EQ(s.slices[0].s_nssai.sst, 1);
	CHECK(s.slices[0].s_nssai.has_sd);
	CHECK_EQ(s.slices[0].s_nssai.sd, 0x010203);
	CHECK_EQ(s.slices[0].n_dnns, 2);
	CHECK_STR(s.slices[0].dnns[1].dnn, "ims");
	/* Columns added by migration 2 take their defaults. */
	CHECK_EQ(s.slices[0].dnns[0].qi5, 9);
	CHECK_EQ(s.slices[0].dnns[0].arp_level, 8);
	CHECK(s.slices[0].dnns[0].arp_preempt_vuln);
	CHECK(!s.slices[0].dnns[0].arp_preempt_cap);
	db_sub_wipe(&s);
	/* And the new columns work. */
	struct db_sub n;
	make_sub(&n, "imsi-001010000000008");
	snprintf(n.msisdn, sizeof(n.msisdn), "4915112345678");
	CHECK_EQ(db_sub_add(db, &n), 0);
	CHECK_EQ(db_sub_get(db, "imsi-001010000000008", &s), 0);
	CHECK_STR(s.msisdn, "4915112345678");
	db_close(db);
}

static void store_with_newer_schema_is_refused(void)
{
	const char *p = new_path();
	sqlite3 *h;
	CHECK(sqlite3_open(p, &h) == SQLITE_OK);
	CHECK(sqlite3_exec(h, "CREATE TABLE x (a); PRAGMA user_version = 99;", NULL, NULL, NULL) ==
	      SQLITE_OK);
	sqlite3_close(h);
	struct db *db = NULL;
	struct db_opts o = { .uri = p };
	CHECK_EQ(db_open(&db, &o), -E_UNSUPP);
	CHECK(db == NULL);
	CHECK_EQ(raw_int(p, "PRAGMA user_version"), 99);
}

static void read_only_store_reads_and_refuses_writes(void)
{
	const char *p = new_path();
	struct db *db = open_at(p);
	struct db_sub s;
	make_sub(&s, "imsi-001010000000042");
	CHECK_EQ(db_sub_add(db, &s), 0);
	db_close(db);

	struct db_opts o = { .uri = p, .read_only = true };
	CHECK_EQ(db_open(&db, &o), 0);
	CHECK_EQ(db_sub_get(db, "imsi-001010000000042", &s), 0);
	struct db_auth a;
	CHECK_EQ(db_auth_next(db, "imsi-001010000000042", &a), -E_IO);
	CHECK_EQ(db_auth_get(db, "imsi-001010000000042", &a), 0);
	CHECK_EQ(a.sqn, 0); /* nothing was advanced */
	db_auth_wipe(&a);
	db_sub_wipe(&s);
	db_close(db);

	/* A read-only open never migrates: an old file is refused. */
	const char *old = new_path();
	sqlite3 *h;
	CHECK(sqlite3_open(old, &h) == SQLITE_OK);
	CHECK(sqlite3_exec(h, "CREATE TABLE x (a); PRAGMA user_version = 1;", NULL, NULL, NULL) ==
	      SQLITE_OK);
	sqlite3_close(h);
	o.uri = old;
	CHECK_EQ(db_open(&db, &o), -E_UNSUPP);
	CHECK_EQ(raw_int(old, "PRAGMA user_version"), 1);
}

static void unknown_backends_are_refused(void)
{
	struct db *db = NULL;
	struct db_opts o = { .uri = "postgresql://localhost/ngcore" };
	CHECK_EQ(db_open(&db, &o), -E_UNSUPP);
	o.uri = "mongodb://x";
	CHECK_EQ(db_open(&db, &o), -E_UNSUPP);
	o.uri = "";
	CHECK_EQ(db_open(&db, &o), -E_INVAL);
	o.uri = "sqlite:/nonexistent-dir/x/y.db";
	CHECK_EQ(db_open(&db, &o), -E_IO);
	o.uri = new_path();
	o.ind_bits = 11;
	CHECK_EQ(db_open(&db, &o), -E_RANGE);
}

static void sqn_next_increments_seq_and_ind(void)
{
	/* TS 33.102 C.3.2 with a = 5: SEQ + 1, IND + 1 mod 32. */
	CHECK_EQ(db_sqn_next(0, 5), (1 << 5) | 1);
	CHECK_EQ(db_sqn_next((7 << 5) | 3, 5), (8 << 5) | 4);
	/* IND wraps to 0 without carrying into SEQ. */
	CHECK_EQ(db_sqn_next((7 << 5) | 31, 5), (8 << 5) | 0);
	/* 32 vectors in a row use each IND once and raise SEQ by 32. */
	uint64_t sqn = 0;
	uint32_t seen = 0;
	for (int i = 0; i < 32; i++) {
		sqn = db_sqn_next(sqn, 5);
		seen |= 1u << (sqn & 31);
	}
	CHECK_EQ(seen, 0xffffffffu);
	CHECK_EQ(sqn >> 5, 32);
	/* SEQ wraps to 0 at the top of its 43 bits. */
	uint64_t top = ((DB_SQN_MAX >> 5) << 5) | 30;
	CHECK_EQ(db_sqn_next(top, 5), 31);
	CHECK_EQ(db_sqn_next(DB_SQN_MAX, 5), 0);
	/* Other IND lengths: a plain counter with no IND, and a = 10. */
	CHECK_EQ(db_sqn_next(41, 0), 42);
	CHECK_EQ(db_sqn_next(DB_SQN_MAX, 0), 0);
	CHECK_EQ(db_sqn_next((5 << 10) | 1023, 10), 6 << 10);
	/* Bits above 48 in the input are ignored. */
	CHECK_EQ(db_sqn_next(UINT64_C(1) << 50, 5), (1 << 5) | 1);
}

static void sqn_acceptable_follows_the_usim_window(void)
{
	uint64_t d = DB_SQN_DELTA_DEFAULT;
	/* Next SEQ from SEQ_HE=10 is 11: accepted when SEQ_MS < 11. */
	CHECK(db_sqn_acceptable(10 << 5, 9 << 5, 5, d));
	CHECK(db_sqn_acceptable(10 << 5, (10 << 5) | 31, 5, d));
	CHECK(!db_sqn_acceptable(10 << 5, 11 << 5, 5, d));
	CHECK(!db_sqn_acceptable(10 << 5, 500 << 5, 5, d));
	/* More than Δ ahead of the USIM: refused (C.2.1 wrap protection). */
	CHECK(!db_sqn_acceptable((d + 5) << 5, 1 << 5, 5, d));
	CHECK(db_sqn_acceptable((d - 1) << 5, 0, 5, d));
}

static void auth_next_commits_the_new_sqn_before_returning(void)
{
	const char *p = new_path();
	struct db *db = open_at(p);
	struct db_sub s;
	struct db_auth a;

	make_sub(&s, "imsi-001010000000001");
	s.sqn = (100 << 5) | 4;
	s.amf = 0x8001;
	CHECK_EQ(db_sub_add(db, &s), 0);
	CHECK_EQ(db_auth_next(db, "imsi-001010000000001", &a), 0);
	CHECK_EQ(a.sqn, (101 << 5) | 5);
	CHECK_MEM(a.k, s.k, 16);
	CHECK_MEM(a.op, s.op, 16);
	CHECK_EQ(a.op_kind, DB_OPC);
	CHECK_EQ(a.amf[0], 0x80);
	CHECK_EQ(a.amf[1], 0x01);
	/* Another connection (a separate SQLite handle) already sees it. */
	CHECK_EQ(raw_int(p, "SELECT sqn FROM subscriber WHERE supi = 'imsi-001010000000001'"),
		 (101 << 5) | 5);
	/* db_auth_get reads without advancing. */
	struct db_auth g;
	CHECK_EQ(db_auth_get(db, "imsi-001010000000001", &g), 0);
	CHECK_EQ(g.sqn, a.sqn);
	CHECK_EQ(db_auth_next(db, "imsi-001010000000001", &a), 0);
	CHECK_EQ(a.sqn, (102 << 5) | 6);
	db_auth_wipe(&a);
	db_auth_wipe(&g);
	uint8_t zero[sizeof(a)] = { 0 };
	CHECK_MEM(&a, zero, sizeof(a));
	CHECK_EQ(db_auth_next(db, "imsi-001010000000099", &a), -E_NOTFOUND);
	CHECK_EQ(db_auth_next(db, "imsi-00101", &a), -E_INVAL);
	db_close(db);

	/* A process that dies right after db_auth_next returned (no close, no
	 * cleanup) has still stored the SQN it was given. */
	int fds[2];
	CHECK(pipe(fds) == 0);
	pid_t pid = fork();
	if (pid == 0) {
		struct db *cdb = NULL;
		struct db_opts o = { .uri = p };
		struct db_auth ca;
		uint64_t got = 0;
		if (db_open(&cdb, &o) == 0 && db_auth_next(cdb, "imsi-001010000000001", &ca) == 0)
			got = ca.sqn;
		if (write(fds[1], &got, sizeof(got)) != sizeof(got))
			_exit(3);
		raise(SIGKILL);
		_exit(2);
	}
	uint64_t child_sqn = 0;
	CHECK(read(fds[0], &child_sqn, sizeof(child_sqn)) == sizeof(child_sqn));
	int st;
	waitpid(pid, &st, 0);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	close(fds[0]);
	close(fds[1]);
	CHECK_EQ(child_sqn, (103 << 5) | 7);
	db = open_at(p);
	CHECK_EQ(db_auth_next(db, "imsi-001010000000001", &a), 0);
	CHECK_EQ(a.sqn, (104 << 5) | 8); /* never the child's SQN again */
	db_auth_wipe(&a);
	db_close(db);
}

static void auth_next_many_advances_each_in_one_transaction(void)
{
	struct db *db = open_at(new_path());
	struct db_sub s;
	make_sub(&s, "imsi-001010000000001");
	CHECK_EQ(db_sub_add(db, &s), 0);
	make_sub(&s, "imsi-001010000000002");
	s.op_kind = DB_OP;
	s.sqn = 31;
	CHECK_EQ(db_sub_add(db, &s), 0);
	const char *supis[] = { "imsi-001010000000001", "imsi-001010000000404",
				"imsi-001010000000002", "bad", "imsi-001010000000001" };
	struct db_auth out[5];
	int rcs[5];
	CHECK_EQ(db_auth_next_many(db, supis, 5, out, rcs), 0);
	CHECK_EQ(rcs[0], 0);
	CHECK_EQ(out[0].sqn, 33);
	CHECK_EQ(rcs[1], -E_NOTFOUND);
	CHECK_EQ(rcs[2], 0);
	CHECK_EQ(out[2].sqn, 1 << 5); /* SEQ 0 -> 1, IND 31 -> 0 */
	CHECK_EQ(out[2].op_kind, DB_OP);
	CHECK_EQ(rcs[3], -E_INVAL);
	CHECK_EQ(rcs[4], 0);
	CHECK_EQ(out[4].sqn, (2 << 5) | 2); /* the same subscriber twice: two SQNs */
	for (int i = 0; i < 5; i++)
		db_auth_wipe(&out[i]);
	db_close(db);
}

/* Compare-and-set as the UDR does it for its UDMs: write new[i] only where
 * the stored SQN is still expect[i]. */
struct cas {
	uint64_t expect[6]; /* SQN the caller read */
	uint64_t want[6]; /* SQN to store */
	int calls; /* callback invocations */
};

static int cas_cb(size_t i, struct db_auth *a, void *arg)
{
	struct cas *c = arg;
	c->calls++;
	if (a->sqn != c->expect[i])
		return -E_STATE;
	if (c->want[i] == a->sqn)
		return 0;
	a->sqn = c->want[i];
	return 1;
}

static void auth_update_many_compares_and_sets_in_one_transaction(void)
{
	const char *p = new_path();
	struct db *db = open_at(p);
	struct db_sub s;
	make_sub(&s, "imsi-001010000000001");
	s.sqn = 64;
	CHECK_EQ(db_sub_add(db, &s), 0);
	make_sub(&s, "imsi-001010000000002");
	s.sqn = 7;
	CHECK_EQ(db_sub_add(db, &s), 0);
	const char *supis[] = { "imsi-001010000000001", "imsi-001010000000001",
				"imsi-001010000000404", "bad",
				"imsi-001010000000002", "imsi-001010000000002" };
	/* Two compare-and-sets of subscriber 1 from the same read: the second
	 * sees the first one's write and fails. Subscriber 2: a no-op, then a
	 * value past 48 bits. */
	struct cas c = { .expect = { 64, 64, 0, 0, 7, 7 },
			 .want = { 97, 98, 1, 1, 7, DB_SQN_MAX + 1 } };
	int rcs[6];
	CHECK_EQ(db_auth_update_many(db, supis, 6, cas_cb, &c, rcs), 0);
	CHECK_EQ(rcs[0], 0);
	CHECK_EQ(rcs[1], -E_STATE);
	CHECK_EQ(rcs[2], -E_NOTFOUND);
	CHECK_EQ(rcs[3], -E_INVAL);
	CHECK_EQ(rcs[4], 0);
	CHECK_EQ(rcs[5], -E_RANGE);
	CHECK_EQ(c.calls, 4); /* never for the unknown or malformed SUPI */
	/* Committed: a separate connection sees it. */
	CHECK_EQ(raw_int(p, "SELECT sqn FROM subscriber WHERE supi = 'imsi-001010000000001'"), 97);
	CHECK_EQ(raw_int(p, "SELECT sqn FROM subscriber WHERE supi = 'imsi-001010000000002'"), 7);
	CHECK_EQ(db_auth_update_many(db, supis, 1, NULL, &c, rcs), -E_INVAL);
	CHECK_EQ(db_auth_update_many(db, supis, 0, cas_cb, &c, rcs), 0);
	db_close(db);
}

static void resync_sets_sqn_he_to_sqn_ms_only_when_needed(void)
{
	struct db *db = open_at(new_path());
	struct db_sub s;
	struct db_auth a;
	make_sub(&s, "imsi-001010000000003");
	s.sqn = (100 << 5) | 3;
	CHECK_EQ(db_sub_add(db, &s), 0);

	/* The USIM is ahead (SEQ_MS 200): SQN_HE := SQN_MS, next is SEQ 201. */
	CHECK_EQ(db_auth_resync(db, "imsi-001010000000003", (200 << 5) | 7), 1);
	CHECK_EQ(db_auth_get(db, "imsi-001010000000003", &a), 0);
	CHECK_EQ(a.sqn, (200 << 5) | 7);
	CHECK_EQ(db_auth_next(db, "imsi-001010000000003", &a), 0);
	CHECK_EQ(a.sqn, (201 << 5) | 8);
	/* The USIM is behind (SEQ_MS 50): the next SQN from SQN_HE is fine. */
	CHECK_EQ(db_auth_resync(db, "imsi-001010000000003", 50 << 5), 0);
	CHECK_EQ(db_auth_get(db, "imsi-001010000000003", &a), 0);
	CHECK_EQ(a.sqn, (201 << 5) | 8);
	/* SQN_HE more than Δ ahead of the USIM: brought back to SQN_MS. */
	s.sqn = ((DB_SQN_DELTA_DEFAULT + 10) << 5);
	snprintf(s.supi, sizeof(s.supi), "imsi-001010000000004");
	CHECK_EQ(db_sub_add(db, &s), 0);
	CHECK_EQ(db_auth_resync(db, "imsi-001010000000004", 3 << 5), 1);
	CHECK_EQ(db_auth_next(db, "imsi-001010000000004", &a), 0);
	CHECK_EQ(a.sqn, (4 << 5) | 1);
	CHECK_EQ(db_auth_resync(db, "imsi-001010000000404", 1), -E_NOTFOUND);
	CHECK_EQ(db_auth_resync(db, "imsi-001010000000004", DB_SQN_MAX + 1), -E_RANGE);
	db_auth_wipe(&a);
	db_close(db);
}

static bool sub_equal(const struct db_sub *a, const struct db_sub *b)
{
	if (strcmp(a->supi, b->supi) || memcmp(a->k, b->k, 16) || a->op_kind != b->op_kind ||
	    memcmp(a->op, b->op, 16) || a->amf != b->amf || a->sqn != b->sqn ||
	    a->ambr_ul != b->ambr_ul || a->ambr_dl != b->ambr_dl || strcmp(a->msisdn, b->msisdn) ||
	    a->n_slices != b->n_slices)
		return false;
	for (int i = 0; i < a->n_slices; i++) {
		const struct db_slice *x = &a->slices[i], *y = &b->slices[i];
		if (!s_nssai_eq(&x->s_nssai, &y->s_nssai) || x->n_dnns != y->n_dnns)
			return false;
		for (int d = 0; d < x->n_dnns; d++)
			if (memcmp(&x->dnns[d], &y->dnns[d], sizeof(x->dnns[d])))
				return false;
	}
	return true;
}

static int list_cb(const struct db_sub *s, void *arg)
{
	char *out = arg;
	strcat(out, s->supi + 15); /* the last 5 digits */
	strcat(out, " ");
	return 0;
}

static int stop_cb(const struct db_sub *s, void *arg)
{
	(*(int *)arg)++;
	return 7;
}

static void subscribers_are_added_read_replaced_listed_and_deleted(void)
{
	struct db *db = open_at(new_path());
	struct db_sub s, g;

	make_sub(&s, "imsi-001010000000020");
	s.n_slices = 2;
	s.slices[1].s_nssai = (struct s_nssai){ .sst = 2, .has_sd = true, .sd = 0xabcdef };
	s.slices[1].n_dnns = 2;
	db_dnn_defaults(&s.slices[1].dnns[0], "iot");
	db_dnn_defaults(&s.slices[1].dnns[1], "ims");
	s.slices[1].dnns[1].qi5 = 5;
	s.slices[1].dnns[1].arp_level = 1;
	s.slices[1].dnns[1].arp_preempt_cap = true;
	s.slices[1].dnns[1].arp_preempt_vuln = false;
	snprintf(s.msisdn, sizeof(s.msisdn), "123456");
	CHECK_EQ(db_sub_add(db, &s), 0);
	CHECK_EQ(db_sub_add(db, &s), -E_EXIST);
	CHECK_EQ(db_sub_get(db, s.supi, &g), 0);
	CHECK(sub_equal(&s, &g));

	s.n_slices = 1;
	s.op_kind = DB_OP;
	s.msisdn[0] = 0;
	s.sqn = 12345;
	CHECK_EQ(db_sub_put(db, &s), 0);
	CHECK_EQ(db_sub_get(db, s.supi, &g), 0);
	CHECK(sub_equal(&s, &g));
	CHECK_EQ(g.n_slices, 1);

	for (int i = 21; i <= 25; i++) {
		make_sub(&s, "");
		snprintf(s.supi, sizeof(s.supi), "imsi-0010100000000%02d", i);
		CHECK_EQ(db_sub_add(db, &s), 0);
	}
	CHECK_EQ(db_sub_count(db), 6);
	char seen[128] = "";
	CHECK_EQ(db_sub_list(db, NULL, 0, 0, list_cb, seen), 6);
	CHECK_STR(seen, "00020 00021 00022 00023 00024 00025 ");
	seen[0] = 0;
	CHECK_EQ(db_sub_list(db, NULL, 2, 3, list_cb, seen), 3);
	CHECK_STR(seen, "00022 00023 00024 ");
	seen[0] = 0;
	CHECK_EQ(db_sub_list(db, "imsi-001010000000023", 0, 10, list_cb, seen), 2);
	CHECK_STR(seen, "00024 00025 ");
	int calls = 0;
	CHECK_EQ(db_sub_list(db, NULL, 0, 0, stop_cb, &calls), 7);
	CHECK_EQ(calls, 1);

	CHECK_EQ(db_sub_del(db, "imsi-001010000000020"), 0);
	CHECK_EQ(db_sub_del(db, "imsi-001010000000020"), -E_NOTFOUND);
	CHECK_EQ(db_sub_get(db, "imsi-001010000000020", &g), -E_NOTFOUND);
	CHECK_EQ(db_sub_put(db, &(struct db_sub){ 0 }), -E_INVAL);
	snprintf(s.supi, sizeof(s.supi), "imsi-001010000000099");
	CHECK_EQ(db_sub_put(db, &s), -E_NOTFOUND);
	CHECK_EQ(db_sub_count(db), 5);
	db_sub_wipe(&s);
	db_sub_wipe(&g);
	db_close(db);
}

static void bulk_insert_of_100000_is_one_transaction(void)
{
	const char *p = new_path();
	struct db *db = open_at(p);
	struct db_sub s;
	struct timespec t0, t1;

	make_sub(&s, "imsi-001010000000000");
	CHECK_EQ(db_bulk_begin(db), 0);
	CHECK_EQ(db_bulk_begin(db), -E_STATE);
	CHECK_EQ(db_sub_add(db, &s), -E_STATE); /* nothing else while the bulk runs */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int fails = 0;
	for (int i = 0; i < 100000; i++) {
		snprintf(s.supi, sizeof(s.supi), "imsi-0010100%08d", i);
		s.k[0] = (uint8_t)i;
		if (db_bulk_add(db, &s) != 0)
			fails++;
	}
	CHECK_EQ(fails, 0);
	/* A duplicate fails alone; the transaction goes on. */
	snprintf(s.supi, sizeof(s.supi), "imsi-0010100%08d", 5);
	CHECK_EQ(db_bulk_add(db, &s), -E_EXIST);
	/* Not visible to others before the commit. */
	CHECK_EQ(raw_int(p, "SELECT count(*) FROM subscriber"), 0);
	CHECK_EQ(db_bulk_commit(db), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("bulk insert of 100000 subscribers: %.2f s\n",
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	CHECK_EQ(db_sub_count(db), 100000);
	CHECK_EQ(raw_int(p, "SELECT count(*) FROM slice_dnn"), 100000);
	struct db_sub g;
	CHECK_EQ(db_sub_get(db, "imsi-001010000099999", &g), 0);
	CHECK_EQ(g.k[0], (uint8_t)99999);
	/* An aborted bulk leaves nothing. */
	CHECK_EQ(db_bulk_begin(db), 0);
	snprintf(s.supi, sizeof(s.supi), "imsi-001019999999999");
	CHECK_EQ(db_bulk_add(db, &s), 0);
	db_bulk_abort(db);
	CHECK_EQ(db_sub_get(db, "imsi-001019999999999", &g), -E_NOTFOUND);
	CHECK_EQ(db_sub_count(db), 100000);
	db_sub_wipe(&g);
	db_close(db);
}

static void *other_thread(void *arg)
{
	struct db *db = arg;
	struct db_auth a;
	static int rc[2];
	rc[0] = (int)db_sub_count(db);
	rc[1] = db_auth_next(db, "imsi-001010000000001", &a);
	return rc;
}

static void connection_refuses_calls_from_another_thread(void)
{
	struct db *db = open_at(new_path());
	pthread_t t;
	void *res;
	CHECK(pthread_create(&t, NULL, other_thread, db) == 0);
	pthread_join(t, &res);
	CHECK_EQ(((int *)res)[0], -E_STATE);
	CHECK_EQ(((int *)res)[1], -E_STATE);
	CHECK_EQ(db_sub_count(db), 0);
	db_close(db);
}

static void validation_names_the_bad_field(void)
{
	char supi[DB_SUPI_LEN];
	uint8_t k[16];
	uint16_t amf;
	uint64_t v;
	uint32_t sd;

	CHECK_EQ(db_supi_valid("imsi-001010000000001"), 0);
	CHECK_EQ(db_supi_valid("imsi-00101000000001"), -E_INVAL); /* 14 digits */
	CHECK_EQ(db_supi_valid("imsi-0010100000000012"), -E_INVAL); /* 16 */
	CHECK_EQ(db_supi_valid("imsi-00101000000000a"), -E_INVAL);
	CHECK_EQ(db_supi_valid("nai-001010000000001"), -E_INVAL);
	CHECK_EQ(db_supi_from_str(supi, "001010000000001"), 0);
	CHECK_STR(supi, "imsi-001010000000001");
	CHECK_EQ(db_supi_from_str(supi, "imsi-001010000000002"), 0);
	CHECK_STR(supi, "imsi-001010000000002");
	CHECK_EQ(db_supi_from_str(supi, "00101000000000"), -E_INVAL);

	CHECK_EQ(db_hex_parse(k, 16, "465B5CE8B199B49FAA5F0A2EE238A6BC"), 0);
	CHECK_EQ(k[0], 0x46);
	CHECK_EQ(k[15], 0xbc);
	CHECK_EQ(db_hex_parse(k, 16, "465B5CE8B199B49FAA5F0A2EE238A6B"), -E_INVAL);
	CHECK_EQ(db_hex_parse(k, 16, "465B5CE8B199B49FAA5F0A2EE238A6BCC0"), -E_INVAL);
	CHECK_EQ(db_hex_parse(k, 16, "465B5CE8B199B49FAA5F0A2EE238A6BX"), -E_INVAL);
	CHECK_EQ(db_amf_parse(&amf, "8000"), 0);
	CHECK_EQ(amf, 0x8000);
	CHECK_EQ(db_amf_parse(&amf, "800"), -E_INVAL);
	CHECK_EQ(db_sqn_parse(&v, "ff9bb4d0b607"), 0);
	CHECK_EQ(v, 0xff9bb4d0b607);
	CHECK_EQ(db_sqn_parse(&v, "21"), 0);
	CHECK_EQ(v, 0x21);
	CHECK_EQ(db_sqn_parse(&v, "1000000000000"), -E_INVAL); /* 49 bits */
	CHECK_EQ(db_sqn_parse(&v, ""), -E_INVAL);
	CHECK_EQ(db_sst_valid(255), 0);
	CHECK_EQ(db_sst_valid(256), -E_RANGE);
	CHECK_EQ(db_sst_valid(-1), -E_RANGE);
	CHECK_EQ(db_sd_parse(&sd, "010203"), 0);
	CHECK_EQ(sd, 0x010203);
	CHECK_EQ(db_sd_parse(&sd, "ffffff"), -E_RANGE);
	CHECK_EQ(db_sd_parse(&sd, "0102"), -E_INVAL);
	CHECK_EQ(db_dnn_valid("internet"), 0);
	CHECK_EQ(db_dnn_valid("ims.mnc001.mcc001"), 0);
	CHECK_EQ(db_dnn_valid("a-b.c"), 0);
	CHECK_EQ(db_dnn_valid(""), -E_INVAL);
	CHECK_EQ(db_dnn_valid("bad..dots"), -E_INVAL);
	CHECK_EQ(db_dnn_valid(".lead"), -E_INVAL);
	CHECK_EQ(db_dnn_valid("under_score"), -E_INVAL);
	CHECK_EQ(db_dnn_valid("x.gprs"), -E_INVAL);
	char long_dnn[80];
	memset(long_dnn, 'a', 64);
	long_dnn[64] = 0;
	CHECK_EQ(db_dnn_valid(long_dnn), -E_INVAL);
	long_dnn[63] = 0;
	CHECK_EQ(db_dnn_valid(long_dnn), 0);
	CHECK_EQ(db_msisdn_valid("491234"), 0);
	CHECK_EQ(db_msisdn_valid("+491234"), -E_INVAL);
	CHECK_EQ(db_msisdn_valid("1234567890123456"), -E_INVAL);

	CHECK_EQ(db_bitrate_parse(&v, "1 Gbps"), 0);
	CHECK_EQ(v, 1000000000);
	CHECK_EQ(db_bitrate_parse(&v, "1.5 Mbps"), 0);
	CHECK_EQ(v, 1500000);
	CHECK_EQ(db_bitrate_parse(&v, "250 Kbps"), 0);
	CHECK_EQ(v, 250000);
	CHECK_EQ(db_bitrate_parse(&v, "123456"), 0);
	CHECK_EQ(v, 123456);
	CHECK_EQ(db_bitrate_parse(&v, "1 gbps"), -E_INVAL);
	CHECK_EQ(db_bitrate_parse(&v, "1Gbps"), -E_INVAL);
	CHECK_EQ(db_bitrate_parse(&v, "1. Gbps"), -E_INVAL);
	CHECK_EQ(db_bitrate_parse(&v, "99999999999 Tbps"), -E_RANGE);
	char br[32];
	db_bitrate_str(br, sizeof(br), 1000000000);
	CHECK_STR(br, "1 Gbps");
	db_bitrate_str(br, sizeof(br), 1500000);
	CHECK_STR(br, "1500 Kbps");
	db_bitrate_str(br, sizeof(br), 7);
	CHECK_STR(br, "7 bps");

	struct db_sub s;
	const char *f = NULL;
	char fb[48];
	make_sub(&s, "imsi-001010000000001");
	CHECK_EQ(db_sub_check(&s, &f, fb, sizeof(fb)), 0);
	s.supi[6] = 'x';
	CHECK_EQ(db_sub_check(&s, &f, fb, sizeof(fb)), -E_INVAL);
	CHECK_STR(f, "supi");
	make_sub(&s, "imsi-001010000000001");
	s.n_slices = 2;
	s.slices[1] = s.slices[0];
	CHECK_EQ(db_sub_check(&s, &f, fb, sizeof(fb)), -E_INVAL);
	CHECK_STR(f, "slices[1]");
	s.slices[1].s_nssai.sst = 2;
	snprintf(s.slices[1].dnns[0].dnn, DB_DNN_LEN, "bad name");
	CHECK_EQ(db_sub_check(&s, &f, fb, sizeof(fb)), -E_INVAL);
	CHECK_STR(f, "slices[1].dnns[0].dnn");
	snprintf(s.slices[1].dnns[0].dnn, DB_DNN_LEN, "ok");
	s.slices[1].dnns[0].arp_level = 16;
	CHECK_EQ(db_sub_check(&s, &f, fb, sizeof(fb)), -E_INVAL);
	CHECK_STR(f, "slices[1].dnns[0].arp.priority");
	s.slices[1].dnns[0].arp_level = 1;
	s.ambr_dl = 0;
	CHECK_EQ(db_sub_check(&s, &f, fb, sizeof(fb)), -E_INVAL);
	CHECK_STR(f, "ambr.downlink");
	s.ambr_dl = 1;
	s.sqn = DB_SQN_MAX + 1;
	CHECK_EQ(db_sub_check(&s, &f, fb, sizeof(fb)), -E_INVAL);
	CHECK_STR(f, "sqn");
	db_sub_wipe(&s);
	uint8_t zero[sizeof(s)] = { 0 };
	CHECK_MEM(&s, zero, sizeof(s));
}

static void cleanup(void)
{
	char cmd[160];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	RUN(new_store_is_created_at_latest_schema_in_wal);
	RUN(version1_store_is_migrated_keeping_its_subscribers);
	RUN(store_with_newer_schema_is_refused);
	RUN(read_only_store_reads_and_refuses_writes);
	RUN(unknown_backends_are_refused);
	RUN(sqn_next_increments_seq_and_ind);
	RUN(sqn_acceptable_follows_the_usim_window);
	RUN(auth_next_commits_the_new_sqn_before_returning);
	RUN(auth_next_many_advances_each_in_one_transaction);
	RUN(auth_update_many_compares_and_sets_in_one_transaction);
	RUN(resync_sets_sqn_he_to_sqn_ms_only_when_needed);
	RUN(subscribers_are_added_read_replaced_listed_and_deleted);
	RUN(bulk_insert_of_100000_is_one_transaction);
	RUN(connection_refuses_calls_from_another_thread);
	RUN(validation_names_the_bad_field);
	cleanup();
	return t_done();
}
