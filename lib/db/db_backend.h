/* db_backend.h — what a subscriber-store backend implements (nginx-style
 * table of functions). db.c checks the thread and the arguments, then calls
 * through db->ops; a backend only talks to its engine.
 *
 * To add a backend (e.g. PostgreSQL): write db_<name>.c with a
 * `const struct db_ops db_<name>_ops`, embed `struct db` first in its
 * connection struct, and add its URI scheme to db_open() in db.c. The
 * contract of each entry is the public function of the same name in db.h;
 * in particular auth_next must read, advance (db_sqn_next) and commit
 * durably in one transaction that locks the row against other writers
 * (SQLite: BEGIN IMMEDIATE; PostgreSQL: SELECT ... FOR UPDATE with
 * synchronous_commit = on).
 */
#ifndef NGCORE_DB_BACKEND_H
#define NGCORE_DB_BACKEND_H

#include <pthread.h>

#include "lib/db/db.h"

struct db_ops {
	const char *name; /* "sqlite" */
	/* Opens a connection for path (the URI without its scheme). */
	int (*open)(struct db **out, const char *path, const struct db_opts *opts);
	void (*close)(struct db *db);
	int (*schema_version)(struct db *db);
	int (*sub_add)(struct db *db, const struct db_sub *sub);
	int (*sub_put)(struct db *db, const struct db_sub *sub);
	int (*sub_get)(struct db *db, const char *supi, struct db_sub *out);
	int (*sub_del)(struct db *db, const char *supi);
	int64_t (*sub_count)(struct db *db);
	int (*sub_list)(struct db *db, const char *after, uint64_t offset, uint64_t limit,
			db_sub_cb cb, void *arg);
	int (*bulk_begin)(struct db *db);
	int (*bulk_add)(struct db *db, const struct db_sub *sub);
	int (*bulk_commit)(struct db *db);
	void (*bulk_abort)(struct db *db);
	int (*auth_next_many)(struct db *db, const char *const *supis, size_t n,
			      struct db_auth *out, int *rcs);
	int (*auth_get)(struct db *db, const char *supi, struct db_auth *out);
	int (*auth_resync)(struct db *db, const char *supi, uint64_t sqn_ms);
	int (*auth_update_many)(struct db *db, const char *const *supis, size_t n,
				db_auth_update_cb cb, void *arg, int *rcs);
};

/* The part of every connection db.c sees. */
struct db {
	const struct db_ops *ops; /* the backend */
	pthread_t owner; /* the thread that opened it */
	unsigned ind_bits; /* IND length in SQN */
	uint64_t sqn_delta; /* Δ for resync */
	bool in_bulk; /* between db_bulk_begin and commit/abort */
	char err[160]; /* last backend error, for logs */
};

extern const struct db_ops db_sqlite_ops;

#endif
