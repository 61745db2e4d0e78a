/* kdf.h — the 3GPP key derivation function (TS 33.220 B.2) and the 5G key
 * hierarchy built on it (TS 33.501 Annex A).
 *
 *   AUSF:  CK||IK --A.2--> K_AUSF --A.6--> K_SEAF         XRES* (A.4), HXRES* (A.5)
 *   AMF:   K_SEAF --A.7--> K_AMF --A.8--> K_NASint, K_NASenc
 *                          K_AMF --A.9--> K_gNB --A.10 (with K_AMF)--> NH
 *                          K_AMF --A.13--> K_AMF' (mobility)
 *   gNB:   K_gNB/NH --A.11--> K_NG-RAN*;  K_gNB --A.8--> K_RRCint/enc, K_UPint/enc
 *
 * KDF(KEY, S) = HMAC-SHA-256(KEY, S), S = FC || P0 || L0 || P1 || L1 ...,
 * each Li the two-octet big-endian length of Pi (TS 33.220 B.2.0).
 *
 * Every function writes into caller buffers, allocates nothing and returns 0,
 * -E_INVAL (bad argument: length out of range, NULL) or -E_CRYPTO. Outputs
 * are keys: wipe them (crypto_wipe) when done.
 */
#ifndef NGCORE_CRYPTO_KDF_H
#define NGCORE_CRYPTO_KDF_H

#include <stddef.h>
#include <stdint.h>

#include "lib/core/ids.h"

struct kdf_param {
	const uint8_t *p; /* Pi */
	size_t len; /* Li, at most 65535 */
};

/* Generic KDF: out[32] = HMAC-SHA-256(key, FC || P0 || L0 || ...). */
int kdf_generic(const uint8_t *key, size_t key_len, uint8_t fc, const struct kdf_param *params,
		size_t nparams, uint8_t out[32]);

/* Serving network name (TS 33.501 6.1.1.4, TS 24.501 9.12.1):
 * "5G:mnc<MNC, 3 digits>.mcc<MCC>.3gppnetwork.org". Writes it with a NUL into
 * out and returns its length (without the NUL), or -E_NOSPC / -E_INVAL. */
#define KDF_SNN_MAX 40
int kdf_snn(const struct plmn *plmn, char *out, size_t cap);

/* A.2: K_AUSF from CK, IK, serving network name and SQN ^ AK (5G AKA). */
int kdf_kausf(const uint8_t ck[16], const uint8_t ik[16], const char *snn, size_t snn_len,
	      const uint8_t sqn_xor_ak[6], uint8_t kausf[32]);

/* A.4: RES* (UE) or XRES* (ARPF): the 128 least significant bits of
 * KDF(CK||IK, 0x6B, SNN, RAND, RES). res_len 4..16. */
int kdf_res_star(const uint8_t ck[16], const uint8_t ik[16], const char *snn, size_t snn_len,
		 const uint8_t rand[16], const uint8_t *res, size_t res_len, uint8_t res_star[16]);

/* A.5: HRES* (SEAF) or HXRES* (AUSF): the 128 least significant bits of
 * SHA-256(RAND || (X)RES*). */
int kdf_hres_star(const uint8_t rand[16], const uint8_t res_star[16], uint8_t hres_star[16]);

/* A.6: K_SEAF from K_AUSF and the serving network name. */
int kdf_kseaf(const uint8_t kausf[32], const char *snn, size_t snn_len, uint8_t kseaf[32]);

/* A.7: K_AMF from K_SEAF, the SUPI as a character string (an IMSI as its
 * digits, "001010000000001", no "imsi-" prefix; a NAI as "user@realm") and
 * ABBA (0x0000 today, A.7.1). */
int kdf_kamf(const uint8_t kseaf[32], const char *supi, size_t supi_len, const uint8_t *abba,
	     size_t abba_len, uint8_t kamf[32]);

/* A.8 algorithm type distinguishers (table A.8-1). */
enum kdf_alg_type {
	KDF_N_NAS_ENC = 0x01, /* N-NAS-enc-alg */
	KDF_N_NAS_INT = 0x02, /* N-NAS-int-alg */
	KDF_N_RRC_ENC = 0x03, /* N-RRC-enc-alg */
	KDF_N_RRC_INT = 0x04, /* N-RRC-int-alg */
	KDF_N_UP_ENC = 0x05, /* N-UP-enc-alg */
	KDF_N_UP_INT = 0x06, /* N-UP-int-alg */
};

/* A.8: a 128-bit algorithm key (the 128 least significant bits of the KDF
 * output) from K_AMF (NAS keys) or K_gNB (RRC and UP keys). alg_id 0..15. */
int kdf_alg_key(const uint8_t key[32], enum kdf_alg_type type, uint8_t alg_id, uint8_t out[16]);

/* A.9 access type distinguishers (table A.9-1). */
#define KDF_ACCESS_3GPP	    0x01
#define KDF_ACCESS_NON_3GPP 0x02

/* A.9: K_gNB (access 0x01) or K_N3IWF (0x02) from K_AMF and the uplink NAS
 * COUNT of the message that triggered it. */
int kdf_kgnb(const uint8_t kamf[32], uint32_t ul_nas_count, uint8_t access_type, uint8_t kgnb[32]);

/* A.10: NH from K_AMF and SYNC-input (the fresh K_gNB for the first NH,
 * then the previous NH). */
int kdf_nh(const uint8_t kamf[32], const uint8_t sync_input[32], uint8_t nh[32]);

/* A.11: K_NG-RAN* for a target gNB cell from K_gNB or NH, the target PCI
 * (0..1007) and its ARFCN-DL (0..3279165, 3 octets). */
int kdf_kng_ran_star(const uint8_t key[32], uint16_t pci, uint32_t arfcn_dl, uint8_t out[32]);

/* A.13 DIRECTION values. */
#define KDF_KAMF_IDLE_MOBILITY 0x00 /* COUNT = UL NAS COUNT of the Registration Request */
#define KDF_KAMF_HANDOVER      0x01 /* COUNT = DL NAS COUNT */

/* A.13: K_AMF' from K_AMF in mobility (horizontal derivation). */
int kdf_kamf_prime(const uint8_t kamf[32], uint8_t direction, uint32_t count,
		   uint8_t kamf_prime[32]);

#endif
