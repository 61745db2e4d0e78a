/* aka_models.h — the 5G-AKA data types the AMF, AUSF, UDM and UDR exchange
 * (registration slice), with typed JSON encode/decode:
 *
 *   AMF  --Nausf_UEAuthentication (TS 29.509)-->  AUSF
 *   AUSF --Nudm_UEAuthentication  (TS 29.503)-->  UDM
 *   UDM  --Nudr_DataRepository    (TS 29.504/29.505)--> UDR
 *
 * Decoders follow lib/sbi/sbi_json.h (unknown members ignored, missing
 * mandatory member -> MANDATORY_IE_MISSING naming it). Binary members are
 * fixed-length hex strings (TS 29.503/29.509 patterns) decoded to bytes.
 * Structs holding keys (K, OPc, K_AUSF, K_SEAF, XRES*) must be wiped with
 * explicit_bzero by their owner; encoders never log.
 */
#ifndef NGCORE_SBI_MODELS_AKA_H
#define NGCORE_SBI_MODELS_AKA_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "lib/core/ids.h"
#include "lib/sbi/sbi_json.h"

#define SBI_SUPI_MAX 64 /* supiOrSuci / supi text, "suci-..." can be long */
#define SBI_SNN_MAX  64 /* servingNetworkName "5G:mnc001.mcc001.3gppnetwork.org" */
#define SBI_SUCI_MAX 512 /* a SUCI with a profile A/B scheme output in hex */

/* Reads key as exactly n bytes of hex (upper or lower case). */
int sbi_jget_hex(const json_t *o, const char *at, const char *key, bool mandatory, uint8_t *out,
		 size_t n, struct sbi_jerr *e);
/* Sets key to the lower-case hex of n bytes; 0 or -E_NOMEM. */
int sbi_jset_hex(json_t *o, const char *key, const uint8_t *in, size_t n);

/* ResynchronizationInfo (TS 29.503 6.3.6.2.5). */
struct sbi_resync_info {
	uint8_t rand[16]; /* RAND of the failed challenge */
	uint8_t auts[14]; /* AUTS from the UE */
};

/* ---- Nausf_UEAuthentication (TS 29.509 6.1.6) ---- */

/* AuthenticationInfo: POST /nausf-auth/v1/ue-authentications. */
struct sbi_ausf_auth_info {
	char supi_or_suci[SBI_SUCI_MAX]; /* supiOrSuci (M) */
	char serving_network_name[SBI_SNN_MAX]; /* servingNetworkName (M) */
	bool has_resync; /* resynchronizationInfo present */
	struct sbi_resync_info resync; /* resynchronizationInfo (O) */
};
int sbi_ausf_auth_info_decode(struct sbi_ausf_auth_info *v, const json_t *j, struct sbi_jerr *e);
json_t *sbi_ausf_auth_info_encode(const struct sbi_ausf_auth_info *v);

/* UEAuthenticationCtx for 5G AKA (6.1.6.2.3): the challenge for the UE. */
struct sbi_ue_auth_ctx {
	uint8_t rand[16]; /* 5gAuthData.rand */
	uint8_t autn[16]; /* 5gAuthData.autn */
	uint8_t hxres_star[16]; /* 5gAuthData.hxresStar */
	char confirm_href[256]; /* _links["5g-aka"].href: where to PUT the RES* */
	char serving_network_name[SBI_SNN_MAX]; /* servingNetworkName (O) */
};
int sbi_ue_auth_ctx_decode(struct sbi_ue_auth_ctx *v, const json_t *j, struct sbi_jerr *e);
json_t *sbi_ue_auth_ctx_encode(const struct sbi_ue_auth_ctx *v);

/* ConfirmationData (6.1.6.2.5): PUT .../5g-aka-confirmation. */
struct sbi_confirmation_data {
	uint8_t res_star[16]; /* resStar (M) */
};
int sbi_confirmation_data_decode(struct sbi_confirmation_data *v, const json_t *j,
				 struct sbi_jerr *e);
json_t *sbi_confirmation_data_encode(const struct sbi_confirmation_data *v);

/* AuthResult (6.1.6.3.2). */
enum sbi_auth_result {
	SBI_AUTH_SUCCESS, /* AUTHENTICATION_SUCCESS */
	SBI_AUTH_FAILURE, /* AUTHENTICATION_FAILURE */
	SBI_AUTH_ONGOING, /* AUTHENTICATION_ONGOING */
};

/* ConfirmationDataResponse (6.1.6.2.6). */
struct sbi_confirmation_resp {
	enum sbi_auth_result result; /* authResult (M) */
	char supi[SBI_SUPI_MAX]; /* supi (C: on success), "" absent */
	bool has_kseaf; /* kseaf present (on success) */
	uint8_t kseaf[32]; /* kseaf (C) — a key: wipe it */
};
int sbi_confirmation_resp_decode(struct sbi_confirmation_resp *v, const json_t *j,
				 struct sbi_jerr *e);
json_t *sbi_confirmation_resp_encode(const struct sbi_confirmation_resp *v);

/* ---- Nudm_UEAuthentication (TS 29.503 6.3.6) ---- */

/* AuthenticationInfoRequest: POST /nudm-ueau/v1/{supiOrSuci}/security-information/generate-auth-data. */
struct sbi_udm_auth_info_req {
	char serving_network_name[SBI_SNN_MAX]; /* servingNetworkName (M) */
	char ausf_instance_id[40]; /* ausfInstanceId (M) */
	bool has_resync; /* resynchronizationInfo present */
	struct sbi_resync_info resync; /* resynchronizationInfo (O) */
};
int sbi_udm_auth_info_req_decode(struct sbi_udm_auth_info_req *v, const json_t *j,
				 struct sbi_jerr *e);
json_t *sbi_udm_auth_info_req_encode(const struct sbi_udm_auth_info_req *v);

/* AuthenticationInfoResult with a 5G HE AKA vector (6.3.6.2.3, 6.3.6.2.7). */
struct sbi_udm_auth_info_result {
	uint8_t rand[16]; /* authenticationVector.rand */
	uint8_t autn[16]; /* authenticationVector.autn */
	uint8_t xres_star[16]; /* authenticationVector.xresStar (secret until confirmed) */
	uint8_t kausf[32]; /* authenticationVector.kausf (a key: wipe it) */
	char supi[SBI_SUPI_MAX]; /* supi (C: when the request named a SUCI) */
};
int sbi_udm_auth_info_result_decode(struct sbi_udm_auth_info_result *v, const json_t *j,
				    struct sbi_jerr *e);
json_t *sbi_udm_auth_info_result_encode(const struct sbi_udm_auth_info_result *v);

/* AuthEvent (6.3.6.2.4): POST /nudm-ueau/v1/{supi}/auth-events, and what the
 * UDM stores at the UDR (PUT .../authentication-status, TS 29.505). */
struct sbi_auth_event {
	char nf_instance_id[40]; /* nfInstanceId (M): the AUSF */
	bool success; /* success (M) */
	char time_stamp[32]; /* timeStamp (M), RFC 3339 */
	char auth_type[24]; /* authType (M): "5G_AKA" ("" encodes 5G_AKA) */
	char serving_network_name[SBI_SNN_MAX]; /* servingNetworkName (M) */
	bool auth_removal_ind; /* authRemovalInd (O, default false) */
};
int sbi_auth_event_decode(struct sbi_auth_event *v, const json_t *j, struct sbi_jerr *e);
json_t *sbi_auth_event_encode(const struct sbi_auth_event *v);

/* ---- Nudr_DataRepository: AuthenticationSubscription (TS 29.505 5.2.x) ----
 *
 * GET/PATCH {apiRoot}/nudr-dr/v2/subscription-data/{ueId}/authentication-data/
 * authentication-subscription. K and OPc travel as encPermanentKey / encOpcKey
 * (no protectionParameterId: not encrypted). A subscriber provisioned with
 * OP instead of OPc carries OP in the vendor-specific member of TS 29.500
 * 6.6.3 named SBI_AUTH_VENDOR_EXT, {"encOpKey": "<32 hex>"}; the UDM derives
 * OPc = OP xor E_K(OP) (TS 35.206 4.1). encTopcKey is TUAK's TOPc, which this
 * release does not support: ignored on input, never sent. */

#define SBI_AUTH_VENDOR_EXT "vendorSpecific-urn:ngcore" /* TS 29.500 6.6.3, URN form */
#define SBI_SQN_PTR	    "/sequenceNumber/sqn" /* JSON pointer of the SQN */

struct sbi_auth_subscription {
	uint8_t k[16]; /* encPermanentKey (K, unencrypted) */
	bool has_opc; /* encOpcKey present */
	uint8_t opc[16]; /* encOpcKey (OPc) */
	bool has_op; /* SBI_AUTH_VENDOR_EXT.encOpKey present */
	uint8_t op[16]; /* OP, from which the UDM derives OPc */
	uint8_t amf[2]; /* authenticationManagementField */
	uint64_t sqn; /* sequenceNumber.sqn: SQN_HE, the last SQN issued (48 bits) */
	int ind_length; /* sequenceNumber.indLength: IND bits in SQN, -1 when absent */
};
int sbi_auth_subscription_decode(struct sbi_auth_subscription *v, const json_t *j,
				 struct sbi_jerr *e);
json_t *sbi_auth_subscription_encode(const struct sbi_auth_subscription *v);

/* The SQN as TS 29.505 SequenceNumber.sqn writes it: 12 hex digits, out[13]. */
void sbi_sqn_format(uint64_t sqn, char out[13]);
/* 12 hex digits (either case) to a 48-bit SQN; 0 or -E_INVAL. */
int sbi_sqn_parse(const char *s, uint64_t *sqn);
/* The JSON Patch (RFC 6902) a UDM sends to move SQN_HE from old to new only
 * if no one else did first: [{test old}, {replace new}] on SBI_SQN_PTR.
 * The UDR answers 204 when applied, 409 when the test failed. NULL when out
 * of memory. */
json_t *sbi_sqn_cas_patch(uint64_t old_sqn, uint64_t new_sqn);

/* The serving network name of TS 33.501 6.1.1.4: "5G:mnc001.mcc001.3gppnetwork.org". */
void sbi_serving_network_name(const struct plmn *p, char out[SBI_SNN_MAX]);
/* Parses a serving network name of a PLMN ("5G:mnc" 3 digits ".mcc" 3 digits
 * ".3gppnetwork.org", TS 24.501 9.12.1), filling *p (mnc_len 3: the name
 * does not tell 2 from 3 digits; compare with plmn mcc/mnc values). SNPN
 * names (":NID" suffix) are not supported. 0 or -E_INVAL. */
int sbi_serving_network_name_parse(const char *snn, struct plmn *p);

#endif
