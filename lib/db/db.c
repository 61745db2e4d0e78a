/* db.c — backend dispatch, thread ownership, SQN arithmetic, wiping. */
#include "lib/db/db.h"

#include <string.h>

#include "lib/core/err.h"
#include "lib/db/db_backend.h"

/* Every public entry runs only on the connection's own thread. */
#define OWNED(db)                                                                                  \
	do {                                                                                       \
		if (!(db))                                                                         \
			return -E_INVAL;                                                           \
		if (!pthread_equal((db)->owner, pthread_self()))                                   \
			return -E_STATE;                                                           \
	} while (0)

int db_open(struct db **out, const struct db_opts *opts)
{
	const struct db_ops *ops;
	const char *path;

	*out = NULL;
	if (!opts || !opts->uri || !opts->uri[0])
		return -E_INVAL;
	if (opts->ind_bits > 10)
		return -E_RANGE;
	if (strncmp(opts->uri, "sqlite:", 7) == 0) {
		ops = &db_sqlite_ops;
		path = opts->uri + 7;
	} else if (strncmp(opts->uri, "postgresql:", 11) == 0 ||
		   strncmp(opts->uri, "postgres:", 9) == 0) {
		return -E_UNSUPP; /* planned: db_postgres.c behind the same table */
	} else if (strstr(opts->uri, "://")) {
		return -E_UNSUPP;
	} else {
		ops = &db_sqlite_ops;
		path = opts->uri;
	}
	if (!path[0])
		return -E_INVAL;
	struct db *db = NULL;
	int rc = ops->open(&db, path, opts);
	if (rc < 0)
		return rc;
	db->ops = ops;
	db->owner = pthread_self();
	db->ind_bits = opts->ind_bits ? opts->ind_bits : DB_IND_BITS_DEFAULT;
	db->sqn_delta = opts->sqn_delta ? opts->sqn_delta : DB_SQN_DELTA_DEFAULT;
	*out = db;
	return 0;
}

void db_close(struct db *db)
{
	if (db)
		db->ops->close(db);
}

const char *db_backend_name(const struct db *db)
{
	return db ? db->ops->name : "";
}

const char *db_errmsg(const struct db *db)
{
	return db ? db->err : "";
}

int db_schema_version(struct db *db)
{
	OWNED(db);
	return db->ops->schema_version(db);
}

int db_sub_add(struct db *db, const struct db_sub *sub)
{
	const char *f;
	char fb[48];

	OWNED(db);
	if (db->in_bulk)
		return -E_STATE;
	int rc = db_sub_check(sub, &f, fb, sizeof(fb));
	return rc < 0 ? rc : db->ops->sub_add(db, sub);
}

int db_sub_put(struct db *db, const struct db_sub *sub)
{
	const char *f;
	char fb[48];

	OWNED(db);
	if (db->in_bulk)
		return -E_STATE;
	int rc = db_sub_check(sub, &f, fb, sizeof(fb));
	return rc < 0 ? rc : db->ops->sub_put(db, sub);
}

int db_sub_get(struct db *db, const char *supi, struct db_sub *out)
{
	OWNED(db);
	if (!supi || db_supi_valid(supi) < 0)
		return -E_INVAL;
	return db->ops->sub_get(db, supi, out);
}

int db_sub_del(struct db *db, const char *supi)
{
	OWNED(db);
	if (db->in_bulk)
		return -E_STATE;
	if (!supi || db_supi_valid(supi) < 0)
		return -E_INVAL;
	return db->ops->sub_del(db, supi);
}

int64_t db_sub_count(struct db *db)
{
	OWNED(db);
	return db->ops->sub_count(db);
}

int db_sub_list(struct db *db, const char *after, uint64_t offset, uint64_t limit, db_sub_cb cb,
		void *arg)
{
	OWNED(db);
	if (!cb)
		return -E_INVAL;
	return db->ops->sub_list(db, after, offset, limit, cb, arg);
}

int db_bulk_begin(struct db *db)
{
	OWNED(db);
	if (db->in_bulk)
		return -E_STATE;
	int rc = db->ops->bulk_begin(db);
	if (rc == 0)
		db->in_bulk = true;
	return rc;
}

int db_bulk_add(struct db *db, const struct db_sub *sub)
{
	const char *f;
	char fb[48];

	OWNED(db);
	if (!db->in_bulk)
		return -E_STATE;
	int rc = db_sub_check(sub, &f, fb, sizeof(fb));
	return rc < 0 ? rc : db->ops->bulk_add(db, sub);
}

int db_bulk_commit(struct db *db)
{
	OWNED(db);
	if (!db->in_bulk)
		return -E_STATE;
	db->in_bulk = false;
	return db->ops->bulk_commit(db);
}

void db_bulk_abort(struct db *db)
{
	if (!db || !pthread_equal(db->owner, pthread_self()) || !db->in_bulk)
		return;
	db->in_bulk = false;
	db->ops->bulk_abort(db);
}

int db_auth_next(struct db *db, const char *supi, struct db_auth *out)
{
	int rc1 = 0;

	OWNED(db);
	if (!supi || !out)
		return -E_INVAL;
	int rc = db_auth_next_many(db, &supi, 1, out, &rc1);
	return rc < 0 ? rc : rc1;
}

int db_auth_next_many(struct db *db, const char *const *supis, size_t n, struct db_auth *out,
		      int *rcs)
{
	OWNED(db);
	if (db->in_bulk)
		return -E_STATE;
	if ((!supis || !out || !rcs) && n)
		return -E_INVAL;
	for (size_t i = 0; i < n; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		rcs[i] = supis[i] && db_supi_valid(supis[i]) == 0 ? 0 : -E_INVAL;
	}
	return n ? db->ops->auth_next_many(db, supis, n, out, rcs) : 0;
}

int db_auth_get(struct db *db, const char *supi, struct db_auth *out)
{
	OWNED(db);
	if (!supi || !out || db_supi_valid(supi) < 0)
		return -E_INVAL;
	memset(out, 0, sizeof(*out));
	return db->ops->auth_get(db, supi, out);
}

int db_auth_resync(struct db *db, const char *supi, uint64_t sqn_ms)
{
	OWNED(db);
	if (db->in_bulk)
		return -E_STATE;
	if (!supi || db_supi_valid(supi) < 0)
		return -E_INVAL;
	if (sqn_ms > DB_SQN_MAX)
		return -E_RANGE;
	return db->ops->auth_resync(db, supi, sqn_ms);
}

int db_auth_update_many(struct db *db, const char *const *supis, size_t n, db_auth_update_cb cb,
			void *arg, int *rcs)
{
	OWNED(db);
	if (db->in_bulk)
		return -E_STATE;
	if (((!supis || !rcs) && n) || !cb)
		return -E_INVAL;
	for (size_t i = 0; i < n; i++)
		rcs[i] = supis[i] && db_supi_valid(supis[i]) == 0 ? 0 : -E_INVAL;
	if (!n)
		return 0;
	int rc = db->ops->auth_update_many(db, supis, n, cb, arg, rcs);
	if (rc < 0)
		for (size_t i = 0; i < n; i++)
			if (rcs[i] == 0)
				rcs[i] = rc;
	return rc;
}

/* TS 33.102 C.3.2 (profile 2, not time-based): SQN = SEQ || IND; for each new
 * vector SEQ_HE is incremented by 1 and IND by 1 modulo 2^a (a = ind_bits), so
 * consecutive vectors land in different slots of the USIM's SEQ array. */
uint64_t db_sqn_next(uint64_t sqn, unsigned ind_bits)
{
	uint64_t ind_mask = (UINT64_C(1) << ind_bits) - 1;
	uint64_t seq_mask = DB_SQN_MAX >> ind_bits;
	uint64_t seq = ((sqn & DB_SQN_MAX) >> ind_bits) + 1;
	uint64_t ind = (sqn + 1) & ind_mask;

	return ((seq & seq_mask) << ind_bits) | ind;
}

/* TS 33.102 C.2.1: the USIM accepts SEQ only if SEQ > SEQ_MS and
 * SEQ - SEQ_MS <= Δ (wrap-around protection). Used by the resync decision
 * of 6.3.5: keep SQN_HE when the next SQN from it would be accepted. */
bool db_sqn_acceptable(uint64_t sqn_he, uint64_t sqn_ms, unsigned ind_bits, uint64_t delta)
{
	uint64_t seq_next = db_sqn_next(sqn_he, ind_bits) >> ind_bits;
	uint64_t seq_ms = (sqn_ms & DB_SQN_MAX) >> ind_bits;

	return seq_next > seq_ms && seq_next - seq_ms <= delta;
}

void db_sub_wipe(struct db_sub *sub)
{
	if (sub)
		explicit_bzero(sub, sizeof(*sub));
}

void db_auth_wipe(struct db_auth *a)
{
	if (a)
		explicit_bzero(a, sizeof(*a));
}
