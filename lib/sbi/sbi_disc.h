/* sbi_disc.h — NF discovery for NF service consumers (TS 29.510 5.3.2.2):
 * asks the NRF's Nnrf_NFDiscovery for NF instances and keeps the answer for
 * its validityPeriod (TS 29.510 6.2.6.2.2), so the next lookup for the same
 * query is answered without the NRF.
 *
 *   struct sbi_disc_query q = { .target = SBI_NF_AUSF, .requester = SBI_NF_AMF,
 *                               .service = "nausf-auth" };
 *   sbi_disc_find(disc, &q, on_found, amf, handle_pack(ue_h));
 *   ...
 *   static void on_found(void *arg, uint64_t cookie, int rc, const struct sbi_disc_result *r)
 *   {   // r->roots[0..nroots) feed sbi_request.roots: retry moves to the next one
 *   }
 */
#ifndef NGCORE_SBI_DISC_H
#define NGCORE_SBI_DISC_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/core/ids.h"
#include "lib/ev/ev.h"
#include "lib/sbi/models/nnrf.h"
#include "lib/sbi/sbi_client.h"

struct sbi_disc;

struct sbi_disc_query {
	enum sbi_nf_type target; /* target-nf-type (mandatory) */
	enum sbi_nf_type requester; /* requester-nf-type (mandatory) */
	const char *service; /* service-names (one), or NULL */
	const char *requester_id; /* requester-nf-instance-id, or NULL */
	const struct s_nssai *snssai; /* snssais (one), or NULL */
	const char *dnn; /* dnn, or NULL */
	const struct plmn *target_plmn; /* target-plmn-list (one), or NULL */
};

struct sbi_disc_result {
	const struct sbi_nf_profile *profiles; /* matching NFs, by priority (lowest value first) */
	unsigned n; /* entries in profiles */
	const char *roots[SBI_MAX_ROOTS]; /* apiRoots of the query's service, in the same order */
	unsigned nroots; /* entries in roots */
	bool cached; /* answered from the cache */
};

/* rc: 0 with at least one NF, -E_NOTFOUND (none), -E_TIMEOUT/-E_IO (NRF not
 * answering) or -E_PROTO (NRF answered an error). res is valid during the call. */
typedef void (*sbi_disc_cb)(void *arg, uint64_t cookie, int rc, const struct sbi_disc_result *res);

/* A discovery helper asking the NRF at nrf_uri through client. */
struct sbi_disc *sbi_disc_new(struct ev_loop *loop, struct sbi_client *client, const char *nrf_uri,
			      const char *ctx);
/* Frees d; lookups in progress are dropped without their callbacks. */
void sbi_disc_free(struct sbi_disc *d);

/* Looks q up: from the cache when a fresh answer is there, else from the
 * NRF. cb runs later on the loop, never inside this call. 0, -E_INVAL,
 * -E_NOMEM. */
int sbi_disc_find(struct sbi_disc *d, const struct sbi_disc_query *q, sbi_disc_cb cb, void *arg,
		  uint64_t cookie);
/* Drops cached answers naming this NF instance (after NF_DEREGISTERED, or
 * when it stopped answering); NULL drops everything. */
void sbi_disc_invalidate(struct sbi_disc *d, const char *nf_instance_id);

/* Builds the discovery query string for q ("target-nf-type=AUSF&..."). 0 or -E_NOSPC. */
int sbi_disc_query_string(const struct sbi_disc_query *q, char *out, size_t cap);

struct sbi_disc_stats {
	uint64_t lookups; /* sbi_disc_find calls */
	uint64_t cache_hits; /* answered from the cache */
	uint64_t nrf_queries; /* requests sent to the NRF */
};
void sbi_disc_get_stats(const struct sbi_disc *d, struct sbi_disc_stats *st);

#endif
