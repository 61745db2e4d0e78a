/* udm-ctx.h — the UDM's state and the jobs its requests become (one
 * instance per NF thread; everything here runs on that thread). */
#ifndef NGCORE_UDM_CTX_H
#define NGCORE_UDM_CTX_H

#include <jansson.h>

#include "lib/core/hash.h"
#include "lib/core/metrics.h"
#include "lib/core/pool.h"
#include "lib/crypto/suci.h"
#include "lib/sbi/models/aka_models.h"
#include "nf/common/sbi-nf.h"
#include "nf/udm/udm.h"

#define UDM_UEAU_API "/nudm-ueau/v1" /* TS 29.503 6.3.1 */
#define UDM_UECM_API "/nudm-uecm/v1" /* TS 29.503 6.2.1 */
#define UDM_SDM_API  "/nudm-sdm/v2" /* TS 29.503 6.1.1 */
#define UDM_UDR_API  "/nudr-dr/v2" /* TS 29.504 6.1.1 */

/* What a job does once the UDR answered. */
enum udm_job_kind {
	UDM_JOB_GEN_AUTH, /* generate-auth-data: GET, compare-and-set PATCH, vector */
	UDM_JOB_AUTH_EVENT, /* auth-events POST -> authentication-status PUT */
	UDM_JOB_AUTH_EVENT_DEL, /* auth-events DELETE -> authentication-status DELETE */
	UDM_JOB_UECM_PUT, /* amf-3gpp-access PUT -> context-data PUT */
	UDM_JOB_UECM_GET, /* amf-3gpp-access GET -> context-data GET */
	UDM_JOB_SDM_AM, /* am-data -> provisioned-data/am-data */
	UDM_JOB_SDM_NSSAI, /* nssai -> am-data's nssai */
	UDM_JOB_SDM_SMF_SEL, /* smf-select-data -> smf-selection-subscription-data */
	UDM_JOB_SDM_SM, /* sm-data -> sm-data */
};

/* Steps of UDM_JOB_GEN_AUTH. */
enum udm_gen_step {
	UDM_GEN_GET, /* reading the authentication subscription */
	UDM_GEN_PATCH, /* compare-and-set of the new SQN at the UDR */
};

/* One request in progress (pool "udm-jobs", wiped on free: K and OPc pass
 * through it between the UDR's answers). */
struct udm_job {
	enum udm_job_kind kind; /* what it does */
	const char *op; /* metrics label */
	struct handle self; /* its own handle (cookie of its SBI calls) */
	struct handle req; /* the request to answer */
	char supi[64]; /* the SUPI (after de-concealment) */
	bool holds_supi; /* runs as its SUPI's serialised job */
	struct handle next; /* GEN_AUTH of the same SUPI queued behind this one */
	struct handle last; /* last of that queue (set on the running job) */
	enum udm_gen_step step; /* GEN_AUTH: where it is */
	unsigned attempts; /* GEN_AUTH: compare-and-set rounds */
	bool was_suci; /* GEN_AUTH: asked by SUCI (answer carries the SUPI) */
	char snn[SBI_SNN_MAX]; /* GEN_AUTH / AUTH_EVENT: serving network name */
	bool has_resync; /* GEN_AUTH: resynchronizationInfo given */
	struct sbi_resync_info resync; /* GEN_AUTH: RAND and AUTS */
	uint8_t k[16]; /* GEN_AUTH: K (secret) */
	uint8_t opc[16]; /* GEN_AUTH: OPc (secret) */
	uint8_t amf[2]; /* GEN_AUTH: AMF field */
	uint64_t sqn_he; /* GEN_AUTH: SQN_HE read */
	uint64_t sqn_new; /* GEN_AUTH: SQN being set */
	int resync_result; /* GEN_AUTH: enum udm_resync */
	char root[160]; /* the UDR apiRoot that answered the GET */
	json_t *body; /* body to send on or echo (a reference), or NULL */
	char id[40]; /* AUTH_EVENT: authEventId; SDM: servingPlmnId ("" = home) */
};

struct udm {
	struct sbi_nf nf; /* server, client, NRF registration */
	const struct udm_cfg *cfg; /* configuration */
	struct hn_keys *keys; /* home network private keys (SIDF) */
	struct pool jobs; /* struct udm_job */
	struct hmap busy; /* SUPI -> running GEN_AUTH job (packed handle) */
	struct sbi_nf_peer udr; /* the UDR: discovery + fallback */
	uint64_t next_event_id; /* authEventId counter */
	int (*rand_fn)(uint8_t out[16]); /* RAND source; NULL = getrandom (tests fix it) */
	struct metric *m_cas_conflicts; /* compare-and-set answered 409 */
	struct metric *m_resync[4]; /* resynchronisations by enum udm_resync */
	struct metric *m_suci; /* vectors asked by SUCI */
	struct metric *m_jobs; /* gauge: jobs in progress */
};

/* udm-handler.c: the routes (handlers take the struct udm). */
extern const struct sbi_nf_route udm_routes[];
/* udm-handler.c: drops every job (at stop). */
void udm_fini_jobs(struct udm *u);

#endif
