/* sbi-path.h — the AMF's SBI requests: to a configured apiRoot or to the
 * instances the NRF returns (sbi-path.c), and small JSON helpers for the
 * Nausf/Nudm answers. */
#ifndef NGCORE_AMF_SBI_PATH_H
#define NGCORE_AMF_SBI_PATH_H

#include <jansson.h>

#include "lib/sbi/models/common.h"
#include "nf/amf/ctx.h"

/* Sends method path with body (reference stolen) to the target's instances
 * found through the NRF, then static_root ("" or NULL: none). cb(amf,
 * cookie, rsp) runs later on the loop, exactly once, also when no instance
 * is known (rsp->err -E_NOTFOUND). 0, or -E_NOMEM/-E_STATE (cb not called). */
int amf_sbi_send(struct amf *amf, enum sbi_nf_type target, const char *service,
		 const char *static_root, enum sbi_method m, const char *path, json_t *body,
		 sbi_resp_cb cb, uint64_t cookie);
/* The 5GMM cause (or AMF_RC_AUTH_REJECT) for an AUSF/UDM answer that is
 * an error or no answer at all (nausf.c). */
int amf_sbi_status_cause(struct amf *amf, const struct sbi_resp *r);
/* Frees requests still waiting for their apiRoots (at stop, after the
 * sbi_nf is gone; their callbacks never run). */
void amf_sbi_forget(struct amf *amf);
/* Decodes the hex string member key of o into exactly n bytes; 0 or -E_INVAL. */
int amf_hex_member(const json_t *o, const char *key, uint8_t *out, size_t n);

#endif
