/* The NFs linked into this binary, in start order (the NRF first: the others
 * register with it). */
#include "src/nfs.h"

#include <stddef.h>

#include "nf/amf/amf.h"
#include "nf/ausf/ausf.h"
#include "nf/mgmt/mgmt.h"
#include "nf/nrf/nrf.h"
#include "nf/udm/udm.h"
#include "nf/udr/udr.h"

const struct nf_ops *const ngcore_nfs[] = {
	&nrf_nf_ops, &udr_nf_ops, &udm_nf_ops, &ausf_nf_ops, &amf_nf_ops, &mgmt_nf_ops,
};

const size_t ngcore_n_nfs = sizeof(ngcore_nfs) / sizeof(ngcore_nfs[0]);
