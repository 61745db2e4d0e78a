/* udm.h — the UDM: Nudm_UEAuthentication (ARPF/SIDF), Nudm_UECM and
 * Nudm_SDM, with every datum kept at the UDR. See README.md.
 *
 * Configuration section:
 *   udm:
 *     sbi: {addr: 127.0.0.1, port: 7780}  # and the other keys of nf/common/sbi-nf.h
 *     udr_uri: ""          # UDR apiRoot tried after (or without) NRF discovery
 *     hn_keys: ""          # home network key list (lib/crypto hn_keys_load_list)
 *     sqn_delta: 268435456 # Δ of TS 33.102 C.2.1 for the resynchronisation decision
 *     ind_bits: 5          # IND bits when the UDR reports no indLength
 *     max_jobs: 16384      # requests in progress
 *     cas_retries: 8       # SQN compare-and-set attempts per vector
 */
#ifndef NGCORE_UDM_UDM_H
#define NGCORE_UDM_UDM_H

#include <stdint.h>

#include "lib/core/nf.h"
#include "nf/common/sbi-nf.h"

struct udm_cfg {
	struct sbi_nf_cfg base; /* sbi, client, nrf, instance_id */
	char udr_uri[160]; /* static UDR apiRoot, "" = discovery only */
	char hn_keys[256]; /* key list file, "" = null scheme only */
	int64_t sqn_delta; /* Δ, TS 33.102 C.2.1 */
	int64_t ind_bits; /* IND bits, TS 33.102 C.1.1 (when the UDR says nothing) */
	int64_t max_jobs; /* requests in progress at once */
	int64_t cas_retries; /* SQN compare-and-set attempts per vector */
};

extern const struct nf_ops udm_nf_ops;

#endif
