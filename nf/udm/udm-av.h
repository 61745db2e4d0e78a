/* udm-av.h — what the UDM/ARPF/SIDF compute, as pure functions (no I/O, no
 * state): SUCI de-concealment to a SUPI (TS 33.501 6.12.2), the SQN a new
 * vector uses including resynchronisation (TS 33.102 6.3.5, Annex C), and
 * the 5G HE AKA vector (TS 33.501 6.1.3.2, Annex A.2, A.4). Unit-tested
 * with known answers on their own. */
#ifndef NGCORE_UDM_AV_H
#define NGCORE_UDM_AV_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/crypto/suci.h"
#include "lib/sbi/models/aka_models.h"

/* What to answer when a supiOrSuci cannot be resolved. */
struct udm_id_err {
	int status; /* HTTP status */
	const char *cause; /* TS 29.503 6.3.7.3 application error, or NULL */
	const char *detail; /* one line */
};

/* Resolves supiOrSuci to a SUPI ("imsi-<digits>") in supi[cap]: an IMSI SUPI
 * as it is, a SUCI de-concealed with ks (null scheme needs no key; profiles
 * A/B need ks, which may be NULL). Sets *was_suci. 0, or -1 with *e:
 *   400 MANDATORY_IE_INCORRECT   not a SUPI/SUCI string
 *   404 USER_NOT_FOUND           a SUPI type this UDM does not serve (nai, gci, ...)
 *   403 INVALID_HN_PUBLIC_KEY_IDENTIFIER  no private key for the key id
 *   403 INVALID_SCHEME_OUTPUT    MAC tag wrong, output too short or malformed
 *   501 UNSUPPORTED_PROTECTION_SCHEME     scheme other than null, A, B */
int udm_resolve_supi(const struct hn_keys *ks, const char *supi_or_suci, char *supi, size_t cap,
		     bool *was_suci, struct udm_id_err *e);

/* Outcome of the SQN decision for one vector. */
enum udm_resync {
	UDM_RESYNC_NONE, /* no resynchronizationInfo: next SQN from SQN_HE */
	UDM_RESYNC_KEPT, /* AUTS valid, SQN_HE acceptable to the USIM: kept */
	UDM_RESYNC_RESET, /* AUTS valid, SQN_HE not acceptable: reset to SQN_MS */
	UDM_RESYNC_MAC_FAILURE, /* MAC-S wrong: SQN_HE kept (TS 33.102 6.3.5 step 3) */
};

/* The SQN_HE the next vector is generated from: sqn_he, or SQN_MS recovered
 * from rs->auts (aka_hn_resync) when the USIM would not accept the SQN
 * following sqn_he (db_sqn_acceptable with ind_bits and delta, TS 33.102
 * C.2.1). rs NULL: no resynchronisation. Writes *base; returns the outcome,
 * or a negative E_* code (crypto failure). */
int udm_sqn_base(const uint8_t k[16], const uint8_t opc[16], const struct sbi_resync_info *rs,
		 uint64_t sqn_he, unsigned ind_bits, uint64_t delta, uint64_t *base);

/* The 5G HE AV for K, OPc, AMF, SQN, serving network name and RAND:
 * AUTN (TS 33.102 6.3.2), XRES* (A.4), K_AUSF (A.2). supi is copied into
 * out->supi. out holds keys: the caller wipes it. 0 or -E_CRYPTO/-E_INVAL. */
int udm_he_av(const uint8_t k[16], const uint8_t opc[16], const uint8_t amf[2], uint64_t sqn,
	      const char *snn, const uint8_t rand[16], const char *supi,
	      struct sbi_udm_auth_info_result *out);

/* OPc for a subscription: encOpcKey, or derived from OP (TS 35.206 4.1). */
int udm_opc(const struct sbi_auth_subscription *s, uint8_t opc[16]);

#endif
