/* ausf-ctx.h — the AUSF's state and its authentication contexts. */
#ifndef NGCORE_AUSF_CTX_H
#define NGCORE_AUSF_CTX_H

#include "lib/core/hash.h"
#include "lib/core/metrics.h"
#include "lib/core/pool.h"
#include "lib/ev/ev.h"
#include "lib/sbi/models/aka_models.h"
#include "nf/ausf/ausf.h"
#include "nf/common/sbi-nf.h"

#define AUSF_API     "/nausf-auth/v1" /* TS 29.509 6.1.1 */
#define UDM_UEAU_API "/nudm-ueau/v1" /* TS 29.503 6.3.1 */

struct ausf;

enum ausf_state {
	AUSF_WAIT_UDM, /* asked the UDM for a vector */
	AUSF_WAIT_CONFIRM, /* challenge sent; waiting for the RES* */
	AUSF_CONFIRMED, /* confirmed (kept for DELETE until it expires) */
};

/* One 5G AKA authentication (pool "ausf-ctx", wiped on free). */
struct ausf_ctx {
	struct ausf *a; /* owner (the timer's way back) */
	struct handle self; /* its handle (cookie of its SBI calls) */
	struct handle req; /* the POST being answered (AUSF_WAIT_UDM) */
	enum ausf_state state; /* where it is */
	char id[33]; /* authCtxId: 128 random bits in hex */
	char *supi_or_suci; /* as the AMF sent it (malloc'd; freed once sent to the UDM) */
	char supi[SBI_SUPI_MAX]; /* from the UDM */
	char snn[SBI_SNN_MAX]; /* serving network name */
	bool has_resync; /* resynchronizationInfo to pass on */
	struct sbi_resync_info resync; /* RAND and AUTS */
	uint8_t rand[16]; /* RAND of the challenge */
	uint8_t xres_star[16]; /* XRES* (secret until confirmed) */
	uint8_t kausf[32]; /* K_AUSF (secret) */
	bool success; /* AUSF_CONFIRMED: RES* matched */
	struct ev_timer timer; /* expiry */
};

struct ausf {
	struct sbi_nf nf; /* server, client, NRF registration */
	const struct ausf_cfg *cfg; /* configuration */
	struct pool ctxs; /* struct ausf_ctx */
	struct hmap by_id; /* authCtxId -> packed handle */
	struct sbi_nf_peer udm; /* the UDM: discovery + fallback */
	struct metric *m_result[3]; /* auth results: success, failure, expired */
	struct metric *m_ctxs; /* gauge: contexts */
};

/* ausf-handler.c: the routes (handlers take the struct ausf). */
extern const struct sbi_nf_route ausf_routes[];
/* ausf-handler.c: stops every timer, wipes and frees every context. */
void ausf_fini_ctxs(struct ausf *a);

/* ausf-handler.c, pure: whether snn names an allowed serving network
 * (TS 33.501 6.1.3.2 step 2: the AUSF checks the SEAF is entitled to it).
 * 1 allowed, 0 not, -E_INVAL not a serving network name. */
int ausf_snn_allowed(const struct ausf_cfg *c, const struct plmn *home, const char *snn);

#endif
