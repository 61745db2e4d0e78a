/* ausf.h — the AUSF: Nausf_UEAuthentication with 5G AKA (TS 29.509, TS 33.501
 * 6.1.3.2). See README.md.
 *
 * Configuration section:
 *   ausf:
 *     sbi: {addr: 127.0.0.1, port: 7779}  # and the other keys of nf/common/sbi-nf.h
 *     udm_uri: ""            # UDM apiRoot tried after (or without) NRF discovery
 *     ctx_ttl: 30s           # an authentication context lives this long at most
 *     max_contexts: 131072   # authentication contexts at once (ctx_ttl x peak rate)
 *     serving_plmns: []      # serving networks allowed to authenticate; [] = home PLMN
 */
#ifndef NGCORE_AUSF_AUSF_H
#define NGCORE_AUSF_AUSF_H

#include <stdint.h>

#include "lib/core/ids.h"
#include "lib/core/nf.h"
#include "nf/common/sbi-nf.h"

#define AUSF_MAX_SERVING_PLMNS 16

struct ausf_cfg {
	struct sbi_nf_cfg base; /* sbi, client, nrf, instance_id */
	char udm_uri[160]; /* static UDM apiRoot, "" = discovery only */
	int64_t ctx_ttl_ms; /* authentication context lifetime */
	int64_t max_contexts; /* contexts at once */
	struct plmn serving_plmns[AUSF_MAX_SERVING_PLMNS]; /* allowed serving networks */
	uint32_t n_serving_plmns; /* entries; 0 = the home PLMN only */
};

extern const struct nf_ops ausf_nf_ops;

#endif
