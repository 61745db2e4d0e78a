/* db.h — the subscriber store: what the UDM/UDR read for authentication and
 * subscription data, and what the management API writes.
 *
 * One interface, several backends (a table of functions, lib/db/db_backend.h):
 * SQLite today ("sqlite:PATH" or a plain path), PostgreSQL later
 * ("postgresql://..."). Callers never see which one they talk to.
 *
 * Threads: a `struct db` is one connection and belongs to the thread that
 * opened it. Each NF runs on its own thread (lib/core/nf.h), so each NF opens
 * its own connection in start() and closes it in stop(). A call from another
 * thread returns -E_STATE and does nothing.
 *
 * Secrets: K, OPc and OP travel in struct db_sub and struct db_auth. Wipe them
 * with db_sub_wipe()/db_auth_wipe() when done; nothing here logs them.
 *
 * Every function returns 0 (or a count) on success and a negative E_* code:
 * -E_NOTFOUND unknown SUPI, -E_EXIST duplicate SUPI, -E_INVAL/-E_RANGE bad
 * input (the validation helpers name the field), -E_AGAIN the store was busy
 * longer than busy_timeout_ms, -E_IO the store failed, -E_UNSUPP a backend or
 * schema this build does not know.
 */
#ifndef NGCORE_DB_DB_H
#define NGCORE_DB_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/core/ids.h"

#define DB_SUPI_LEN	     21 /* "imsi-" + 15 digits + NUL */
#define DB_IMSI_DIGITS	     15 /* the IMSI length this store accepts (TS 23.003 2.2: at most 15) */
#define DB_DNN_LEN	     64 /* DNN text, at most 63 octets (TS 23.003 9.1) + NUL */
#define DB_MSISDN_LEN	     16 /* E.164, at most 15 digits (TS 23.003 3.3) + NUL */
#define DB_MAX_SLICES	     8 /* S-NSSAIs per subscriber (TS 24.501 9.11.3.37: 8 allowed) */
#define DB_MAX_DNNS	     8 /* DNNs per S-NSSAI */
#define DB_SQN_MAX	     ((UINT64_C(1) << 48) - 1) /* SQN is 48 bits (TS 33.102 6.3.2) */
#define DB_IND_BITS_DEFAULT  5 /* length of IND in SQN (TS 33.102 Annex C: 5 bits) */
#define DB_SQN_DELTA_DEFAULT (UINT64_C(1) << 28) /* Δ: max SEQ step a USIM accepts (C.2.1) */

struct db;

/* Which operator variant a subscriber is provisioned with (TS 35.206 4.1). */
enum db_op_kind {
	DB_OPC = 0, /* OPc stored (preferred: the store never holds OP) */
	DB_OP = 1, /* OP stored; the UDM derives OPc = OP xor E_K(OP) */
};

/* Default QoS of one DNN in one slice (TS 23.501 5.7.2, TS 29.503 DnnConfiguration). */
struct db_dnn {
	char dnn[DB_DNN_LEN]; /* data network name, e.g. "internet" */
	uint8_t qi5; /* default 5QI, 1..255 (TS 23.501 5.7.4) */
	uint8_t arp_level; /* ARP priority level, 1..15 (TS 23.501 5.7.2.2) */
	bool arp_preempt_cap; /* ARP pre-emption capability: may pre-empt others */
	bool arp_preempt_vuln; /* ARP pre-emption vulnerability: may be pre-empted */
};

/* One subscribed S-NSSAI and the DNNs allowed in it. */
struct db_slice {
	struct s_nssai s_nssai; /* SST, optional SD */
	uint8_t n_dnns; /* entries in dnns */
	struct db_dnn dnns[DB_MAX_DNNS]; /* allowed DNNs; dnns[0] is the slice's default */
};

/* A subscriber as the management API and the UDR see it. */
struct db_sub {
	char supi[DB_SUPI_LEN]; /* "imsi-" + 15 digits */
	uint8_t k[16]; /* subscriber key K (secret) */
	enum db_op_kind op_kind; /* whether op holds OPc or OP */
	uint8_t op[16]; /* OPc or OP, per op_kind (secret) */
	uint16_t amf; /* AMF field of AUTN (TS 33.102 6.3.2); bit 15 = separation bit */
	uint64_t sqn; /* SQN_HE: the last SQN issued (48 bits) */
	uint64_t ambr_ul; /* subscribed UE-AMBR uplink, bit/s (TS 23.501 5.7.2.6) */
	uint64_t ambr_dl; /* subscribed UE-AMBR downlink, bit/s */
	char msisdn[DB_MSISDN_LEN]; /* optional MSISDN digits, "" = none */
	uint8_t n_slices; /* entries in slices (at least 1) */
	struct db_slice slices[DB_MAX_SLICES]; /* subscribed S-NSSAIs; slices[0] is the default */
};

/* What one authentication needs (TS 33.501 6.1.3.2): the credentials and the
 * SQN to put in the vector. */
struct db_auth {
	uint8_t k[16]; /* K (secret) */
	enum db_op_kind op_kind; /* whether op holds OPc or OP */
	uint8_t op[16]; /* OPc or OP (secret) */
	uint8_t amf[2]; /* AMF field, network order */
	uint64_t sqn; /* the SQN for this vector (already stored durably) */
};

/* How to open a store. Zeroed fields take the defaults. */
struct db_opts {
	const char *uri; /* "sqlite:PATH", "PATH", or "postgresql://..." */
	uint8_t ind_bits; /* IND length in SQN, 0..10 (0 = default 5); TS 33.102 C.1.1 */
	uint64_t sqn_delta; /* Δ for resync (0 = default 2^28); TS 33.102 C.2.1 */
	uint32_t busy_timeout_ms; /* wait this long for another writer (0 = 5000) */
	bool read_only; /* open without creating or migrating */
};

/* Opens (creating and migrating when needed) the store named by opts->uri.
 * The connection belongs to the calling thread. Returns 0 with *out set, or
 * -E_UNSUPP (unknown backend, or a schema newer than this build), -E_IO. */
int db_open(struct db **out, const struct db_opts *opts);
/* Closes the connection; NULL is fine. Same thread as db_open. */
void db_close(struct db *db);
/* The backend's name ("sqlite"). */
const char *db_backend_name(const struct db *db);
/* The schema version the store is at (PRAGMA user_version for SQLite). */
int db_schema_version(struct db *db);
/* Last backend error text for logs (never contains secrets); "" if none. */
const char *db_errmsg(const struct db *db);

/* ---- Subscribers (management API, UDR) ---- */

/* Adds sub (checked with db_sub_check first). -E_EXIST if the SUPI exists. */
int db_sub_add(struct db *db, const struct db_sub *sub);
/* Replaces the subscriber with sub->supi entirely. -E_NOTFOUND if absent. */
int db_sub_put(struct db *db, const struct db_sub *sub);
/* Reads a subscriber into *out (caller wipes it). -E_NOTFOUND if absent. */
int db_sub_get(struct db *db, const char *supi, struct db_sub *out);
/* Deletes a subscriber. -E_NOTFOUND if absent. */
int db_sub_del(struct db *db, const char *supi);
/* Number of subscribers, or a negative E_* code. */
int64_t db_sub_count(struct db *db);

/* Called once per subscriber by db_sub_list; the struct is wiped after the
 * call returns. Return 0 to go on, non-zero to stop (db_sub_list returns it). */
typedef int (*db_sub_cb)(const struct db_sub *sub, void *arg);
/* Lists subscribers in SUPI order: those after `after` (NULL: from the
 * first), skipping `offset`, at most `limit` (0: no limit). Returns the
 * number visited, or a negative E_* code, or the callback's non-zero value. */
int db_sub_list(struct db *db, const char *after, uint64_t offset, uint64_t limit, db_sub_cb cb,
		void *arg);

/* Bulk insert: db_bulk_begin opens one transaction; each db_bulk_add inserts
 * one subscriber (returning -E_EXIST/-E_INVAL for that one only; the
 * transaction stays usable); db_bulk_commit makes them all durable at once,
 * db_bulk_abort drops them. Nothing else may run on this connection between
 * begin and commit/abort. */
int db_bulk_begin(struct db *db);
int db_bulk_add(struct db *db, const struct db_sub *sub);
int db_bulk_commit(struct db *db);
void db_bulk_abort(struct db *db);

/* ---- Authentication (UDM) ---- */

/* In one IMMEDIATE transaction: reads K, OPc/OP, AMF and SQN_HE of supi,
 * advances SQN_HE per TS 33.102 C.3.2 (db_sqn_next), and commits durably
 * (the commit is on disk before this returns), then fills *out with the
 * credentials and the new SQN to use in the vector. A crash at any point
 * never lets an SQN be issued twice. The caller wipes *out. */
int db_auth_next(struct db *db, const char *supi, struct db_auth *out);
/* Same for n subscribers in one transaction (one disk flush for all): rcs[i]
 * gets each one's result (0, -E_NOTFOUND); returns 0 or the error that
 * aborted the whole transaction (then nothing was advanced). */
int db_auth_next_many(struct db *db, const char *const *supis, size_t n, struct db_auth *out,
		      int *rcs);
/* Reads the credentials and the current SQN_HE without advancing it (to
 * check MAC-S of an AUTS before resynchronising). The caller wipes *out. */
int db_auth_get(struct db *db, const char *supi, struct db_auth *out);
/* Resynchronisation (TS 33.102 6.3.5, C.3.2): sqn_ms is the SQN_MS the UE
 * sent in AUTS (MAC-S already verified by the caller). If the next SQN
 * generated from SQN_HE would not be accepted by the USIM, SQN_HE is set to
 * SQN_MS; committed durably. Returns 1 if SQN_HE changed, 0 if it was kept,
 * or a negative E_* code. The caller then calls db_auth_next. */
int db_auth_resync(struct db *db, const char *supi, uint64_t sqn_ms);

/* Called by db_auth_update_many for each subscriber found, inside the
 * transaction: *a holds its stored credentials and SQN_HE. The callback may
 * change a->sqn (the only column written back) and returns 1 to store it,
 * 0 to leave the row as it is, or a negative E_* code (put in rcs[i]; the row
 * is left as it is). *a is wiped after the call. */
typedef int (*db_auth_update_cb)(size_t i, struct db_auth *a, void *arg);
/* Read-modify-write of SQN_HE for n subscribers (the UDR's JSON Patch of
 * authentication subscriptions, compare-and-set by its UDMs) in one
 * IMMEDIATE transaction that locks out every other writer, committed
 * durably (one disk flush for all n) before it returns. rcs[i] gets each
 * one's result (0, -E_NOTFOUND, -E_INVAL, or the callback's code); returns 0
 * or the error that aborted the whole transaction (then nothing was
 * written and every rcs[i] that was 0 is set to it). */
int db_auth_update_many(struct db *db, const char *const *supis, size_t n, db_auth_update_cb cb,
			void *arg, int *rcs);

/* ---- SQN arithmetic (TS 33.102 Annex C), shared by every backend ---- */

/* SQN = SEQ || IND, IND the ind_bits least significant bits. The next SQN
 * (C.3.2, not time-based): SEQ + 1 and IND + 1 mod 2^ind_bits; SEQ wraps to 0
 * after 2^(48-ind_bits) - 1 (a USIM then answers with a synch failure, C.2.1). */
uint64_t db_sqn_next(uint64_t sqn, unsigned ind_bits);
/* True when a USIM whose highest accepted SEQ is that of sqn_ms would accept
 * the SQN generated next from sqn_he: SEQ_MS < SEQ_next <= SEQ_MS + delta. */
bool db_sqn_acceptable(uint64_t sqn_he, uint64_t sqn_ms, unsigned ind_bits, uint64_t delta);

/* ---- Wiping ---- */

/* Zero the secrets (the whole struct) with explicit_bzero. NULL is fine. */
void db_sub_wipe(struct db_sub *sub);
void db_auth_wipe(struct db_auth *a);

/* ---- Validation, shared with the management API ----
 * Each returns 0 or -E_INVAL/-E_RANGE; none of them logs. */

/* Fills a subscriber with the defaults (AMF 8000, SQN 0, AMBR 1 Gbps both
 * ways, one slice SST 1 with DNN "internet", 5QI 9, ARP 8, may be pre-empted). */
void db_sub_defaults(struct db_sub *sub);
/* Fills a DNN entry with the defaults above. */
void db_dnn_defaults(struct db_dnn *d, const char *dnn);
/* Checks the whole subscriber; on failure *field names the offending member
 * in the API's spelling ("supi", "slices[1].sd", "ambr.uplink", ...), using
 * fbuf (at least 48 bytes) when it needs an index. */
int db_sub_check(const struct db_sub *sub, const char **field, char *fbuf, size_t fbuf_len);

/* "imsi-" followed by exactly 15 digits. */
int db_supi_valid(const char *supi);
/* Accepts "imsi-<15 digits>" or the 15 digits alone; writes the SUPI. */
int db_supi_from_str(char out[DB_SUPI_LEN], const char *s);
/* Exactly 2*n hex digits into out[n]. */
int db_hex_parse(uint8_t *out, size_t n, const char *hex);
/* AMF field: exactly 4 hex digits. */
int db_amf_parse(uint16_t *out, const char *hex);
/* SQN: 1..12 hex digits (a 48-bit value). */
int db_sqn_parse(uint64_t *out, const char *hex);
/* SST: 0..255 (TS 23.003 28.4.2). */
int db_sst_valid(int64_t sst);
/* SD: exactly 6 hex digits, not FFFFFF (reserved for "no SD", TS 23.003 28.4.2). */
int db_sd_parse(uint32_t *out, const char *hex);
/* DNN: 1..63 octets of dot-separated labels of letters, digits and '-'
 * (TS 23.003 9.1.1), not ending in ".gprs". */
int db_dnn_valid(const char *dnn);
/* MSISDN: 1..15 digits. */
int db_msisdn_valid(const char *msisdn);
/* Bit rate: digits (bit/s), or TS 29.571 BitRate "<n>[.<frac>] bps|Kbps|Mbps|Gbps|Tbps". */
int db_bitrate_parse(uint64_t *out, const char *s);
/* Writes the BitRate text of bps ("1 Gbps", "1500 Kbps") into out. */
void db_bitrate_str(char *out, size_t n, uint64_t bps);

#endif
