/* ue_nas.h — the UE's USIM (TS 33.501 6.1.3.2) and NAS key derivation.
 *
 * NAS message protection itself (protect/unprotect, COUNT estimation,
 * replay detection) is lib/codec/nas/nas_sec.h, used in the UE role.
 */
#ifndef NGCORE_SIM_UE_NAS_H
#define NGCORE_SIM_UE_NAS_H

#include <stddef.h>
#include <stdint.h>

#include "sim/sim.h"

/* USIM side of 5G AKA (TS 33.501 6.1.3.2) for one UE. */
enum usim_result {
	USIM_OK, /* RES* computed, pending K_AMF set */
	USIM_MAC_FAIL, /* AUTN MAC wrong: 5GMM cause #20 */
	USIM_SYNCH_FAIL, /* SQN not fresh: #21 with AUTS */
	USIM_NON_5G, /* separation bit 0: #26 */
};
/* Runs the challenge: fills res_star (USIM_OK) or auts (USIM_SYNCH_FAIL).
 * force: enum sim_auth_fail. Returns enum usim_result or a negative E_*. */
int usim_challenge(struct sim *s, struct sim_ue *ue, const uint8_t rand[16], const uint8_t autn[16],
		   const uint8_t *abba, size_t abba_len, uint8_t ngksi, int force,
		   uint8_t res_star[16], uint8_t auts[14]);

/* Fills a SUCI (the group's scheme) for the UE. The ephemeral key is derived
 * from a per-process secret, the UE number and seq, so the same (ue, seq)
 * gives the same SUCI (the SMC-complete copy matches the first). out_buf
 * holds the scheme output and must outlive id. 0 or a negative E_*. */
int usim_suci(struct sim *s, const struct sim_ue *ue, uint32_t seq, struct nas_mobile_id *id,
	      uint8_t *out_buf, size_t cap);

/* Derives K_NASint/K_NASenc from kamf for the algorithms. 0 or E_*. */
int usim_nas_keys(const uint8_t kamf[32], int nea, int nia, uint8_t kint[16], uint8_t kenc[16]);

#endif
