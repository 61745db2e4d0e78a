/* ue_nas.h — the UE's NAS security (TS 24.501 4.4, TS 33.501 6.4) and USIM.
 *
 *   Security protected 5GS NAS message (TS 24.501 8.2.28 / 9.1.1):
 *   +-----+---------+---------+----+----------------------------------+
 *   | EPD | sht (4) | MAC (4) | SN | plain NAS message (maybe ciphered)|
 *   +-----+---------+---------+----+----------------------------------+
 *     0       1        2..5     6    7..
 *   The MAC covers octets 6.. (SN and the message as sent), with COUNT =
 *   overflow (16 bits) || SN (8 bits), BEARER 0 (3GPP access), DIRECTION
 *   0 uplink / 1 downlink; ciphering covers octets 7.. (TS 33.501 6.4.3).
 *
 * Workaround note: lib/codec/nas has no nas_sec.h (nas_protect /
 * nas_unprotect) yet, so ngsim carries these few functions itself.
 */
#ifndef NGCORE_SIM_UE_NAS_H
#define NGCORE_SIM_UE_NAS_H

#include <stddef.h>
#include <stdint.h>

#include "sim/sim.h"

#define NAS_SEC_HDR_LEN 7 /* EPD, sht, MAC, SN */

/* Protects plain[0..n) into out: header type sht (1..4), ciphered for 2/4.
 * Returns the length (n + 7) or -E_NOSPC / -E_INVAL / -E_CRYPTO. */
int sim_nas_protect(const uint8_t kint[16], const uint8_t kenc[16], int nia, int nea,
		    uint32_t count, int dir, uint8_t sht, const uint8_t *plain, size_t n,
		    uint8_t *out, size_t cap);
/* Checks the MAC of a protected message msg[0..len). 0 or -E_MAC / -E_SHORT. */
int sim_nas_verify(const uint8_t kint[16], int nia, uint32_t count, int dir, const uint8_t *msg,
		   size_t len);
/* Deciphers (or ciphers) p[0..n) in place. 0 or a negative E_*. */
int sim_nas_cipher(const uint8_t kenc[16], int nea, uint32_t count, int dir, uint8_t *p, size_t n);

/* Estimates the full downlink COUNT for sequence number sn given the last
 * accepted COUNT (TS 24.501 4.4.3.1). seen: whether one was accepted. */
uint32_t sim_nas_count_estimate(uint32_t last, bool seen, uint8_t sn);

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
