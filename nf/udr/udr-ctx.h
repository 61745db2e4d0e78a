/* udr-ctx.h — the UDR's state, shared by its files (one instance per NF
 * thread; everything here runs on that thread). */
#ifndef NGCORE_UDR_CTX_H
#define NGCORE_UDR_CTX_H

#include <jansson.h>

#include "lib/core/hash.h"
#include "lib/core/metrics.h"
#include "lib/core/pool.h"
#include "lib/db/db.h"
#include "nf/common/sbi-nf.h"
#include "nf/udr/udr.h"

#define UDR_API "/nudr-dr/v2" /* TS 29.504 6.1.1: apiName and apiVersion */

/* What the UDR keeps in memory per UE (not in the store: it is lost when
 * the UDR restarts, and the AMF registers again; README.md). */
struct udr_ue {
	char supi[DB_SUPI_LEN]; /* key */
	json_t *amf_reg; /* context-data/amf-3gpp-access, or NULL */
	json_t *auth_status; /* authentication-status (AuthEvent), or NULL */
};

/* One authentication-subscription PATCH waiting for the group commit. */
struct udr_patch {
	struct handle req; /* the request, answered after the commit */
	char supi[DB_SUPI_LEN]; /* subscriber */
	json_t *patch; /* the JSON Patch (a reference) */
	int status; /* answer: 204, 409, 400, 404, 5xx */
	char detail[128]; /* problem detail when status >= 400 */
};

struct udr {
	struct sbi_nf nf; /* server, client, NRF registration */
	const struct udr_cfg *cfg; /* configuration */
	char db_uri[300]; /* the store's URI */
	struct db *db; /* the store (this thread's connection) */
	unsigned ind_bits; /* IND bits in SQN */
	struct pool ues; /* struct udr_ue */
	struct hmap ue_by_supi; /* SUPI -> packed handle in ues */
	struct udr_patch *batch; /* PATCHes of this loop iteration */
	size_t n_batch, cap_batch; /* entries and capacity of batch */
	bool flush_armed; /* a deferred flush is pending */
	struct metric *m_commits; /* group commits */
	struct metric *m_patches; /* PATCHes committed or refused in them */
	struct metric *m_conflicts; /* PATCHes whose "test" failed (409) */
	struct metric *m_contexts; /* gauge: in-memory records */
};

/* udr-handler.c: the routes (handlers take the struct udr). */
extern const struct sbi_nf_route udr_routes[];
/* udr-handler.c: commits and answers the PATCHes queued so far (the group
 * commit, normally run from an ev_defer at the end of the loop iteration). */
void udr_flush(struct udr *u);
/* udr-handler.c: frees the in-memory records and any PATCH still queued. */
void udr_fini_state(struct udr *u);

#endif
