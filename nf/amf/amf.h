/* amf.h — the AMF network function (N2/NGAP toward gNBs, N1/NAS toward UEs,
 * SBI client of the AUSF and the UDM). See nf/amf/README.md. */
#ifndef NGCORE_AMF_AMF_H
#define NGCORE_AMF_AMF_H

#include "lib/core/nf.h"

extern const struct nf_ops amf_nf_ops;

#endif
