/* aka.h — authentication vectors, AUTN check and resynchronisation on top of
 * MILENAGE (TS 33.102 6.3; TS 33.501 6.1.3.2, 6.1.3.3).
 *
 * The UDM/ARPF calls aka_av_generate() and, on an AUTS from the UE,
 * aka_hn_resync(); the simulated UE (ngsim) calls aka_ue_authenticate() and
 * aka_ue_auts(). SQN freshness policy (TS 33.102 Annex C) stays with the
 * caller. All buffers are the caller's; errors are 0 / -E_MAC / -E_CRYPTO.
 *
 *   AUTN = SQN ^ AK (6) | AMF (2) | MAC-A (8)
 *   AUTS = SQN_MS ^ AK* (6) | MAC-S (8),  MAC-S = f1*(SQN_MS, RAND, AMF = 0x0000)
 */
#ifndef NGCORE_CRYPTO_AKA_H
#define NGCORE_CRYPTO_AKA_H

#include <stdint.h>

#define AKA_AUTN_LEN 16
#define AKA_AUTS_LEN 14

struct aka_av {
	uint8_t rand[16]; /* RAND, chosen by the caller */
	uint8_t autn[16]; /* AUTN */
	uint8_t xres[8]; /* XRES = f2 (64 bits with MILENAGE) */
	uint8_t ck[16]; /* CK = f3 */
	uint8_t ik[16]; /* IK = f4 */
	uint8_t sqn_xor_ak[6]; /* SQN ^ AK, the first 6 octets of AUTN (input of K_AUSF) */
};

/* Home side: fills av for K, OPc, RAND, SQN and AMF (TS 33.102 6.3.2). */
int aka_av_generate(const uint8_t k[16], const uint8_t opc[16], const uint8_t rand[16],
		    const uint8_t sqn[6], const uint8_t amf[2], struct aka_av *av);

/* Wipes every key and response in av. */
void aka_av_wipe(struct aka_av *av);

/* UE side (TS 33.102 6.3.3): recovers SQN from AUTN and checks MAC-A.
 * 0 with sqn/res/ck/ik filled (any may be NULL), or -E_MAC when MAC-A is
 * wrong (outputs then zeroed). */
int aka_ue_authenticate(const uint8_t k[16], const uint8_t opc[16], const uint8_t rand[16],
			const uint8_t autn[16], uint8_t sqn[6], uint8_t res[8], uint8_t ck[16],
			uint8_t ik[16]);

/* UE side, synchronisation failure: AUTS for SQN_MS (TS 33.102 6.3.3). */
int aka_ue_auts(const uint8_t k[16], const uint8_t opc[16], const uint8_t rand[16],
		const uint8_t sqn_ms[6], uint8_t auts[14]);

/* Home side, resynchronisation (TS 33.102 6.3.5): SQN_MS = Conc ^ f5*(RAND),
 * then MAC-S checked with f1* and AMF = 0x0000. 0 with sqn_ms filled, or
 * -E_MAC when MAC-S does not match (sqn_ms zeroed). */
int aka_hn_resync(const uint8_t k[16], const uint8_t opc[16], const uint8_t rand[16],
		  const uint8_t auts[14], uint8_t sqn_ms[6]);

#endif
