/* udr.h — the UDR: Nudr_DataRepository (TS 29.504 v2, data TS 29.505) on the
 * subscriber store (lib/db). See README.md.
 *
 * Configuration section:
 *   udr:
 *     sbi: {addr: 127.0.0.1, port: 7781}  # and the other keys of nf/common/sbi-nf.h
 *     db: PATH             # subscriber store; default <data_dir>/ngcore.db
 *     ind_bits: 5          # IND length in SQN (TS 33.102 C.1.1), reported as indLength
 *     max_batch: 1024      # authentication PATCHes committed in one transaction at most
 *     max_contexts: 1000000 # UEs with AMF registration / auth status kept in memory
 */
#ifndef NGCORE_UDR_UDR_H
#define NGCORE_UDR_UDR_H

#include <stdint.h>

#include "lib/core/nf.h"
#include "nf/common/sbi-nf.h"

struct udr_cfg {
	struct sbi_nf_cfg base; /* sbi, client, nrf, instance_id */
	char db[256]; /* store URI or path; "" = <data_dir>/ngcore.db */
	int64_t ind_bits; /* IND bits in SQN, 0..10 */
	int64_t busy_timeout_ms; /* wait this long for another writer of the store */
	int64_t max_batch; /* PATCHes per group commit */
	int64_t max_contexts; /* in-memory context records */
};

extern const struct nf_ops udr_nf_ops;

#endif
