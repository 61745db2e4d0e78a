/* sdm_models.h — subscription data the AMF (and later the SMF) reads from the
 * UDM, the UDM from the UDR, and the AMF registration the UDM keeps there:
 *
 *   AMF --Nudm_SDM (TS 29.503 6.1)--> UDM: am-data, nssai, smf-select-data, sm-data
 *   AMF --Nudm_UECM (TS 29.503 6.2)--> UDM: PUT registrations/amf-3gpp-access
 *   UDM --Nudr_DataRepository (TS 29.504/29.505)--> UDR: provisioned-data, context-data
 *
 * Only the members this release fills or reads are typed; decoders follow
 * lib/sbi/sbi_json.h (unknown members ignored; missing mandatory member ->
 * MANDATORY_IE_MISSING naming it as a JSON pointer). Encoders return a new
 * reference or NULL when out of memory.
 */
#ifndef NGCORE_SBI_MODELS_SDM_H
#define NGCORE_SBI_MODELS_SDM_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "lib/core/ids.h"
#include "lib/sbi/sbi_json.h"

#define SBI_MAX_SNSSAIS 8 /* S-NSSAIs per subscriber (TS 24.501 9.11.3.37) */
#define SBI_MAX_DNNS	8 /* DNNs per S-NSSAI */
#define SBI_DNN_MAX	64 /* DNN text, at most 63 octets (TS 23.003 9.1) + NUL */
#define SBI_GPSI_MAX	32 /* "msisdn-" + 15 digits + NUL, with room */

/* ---- BitRate, Ambr (TS 29.571 5.5.2, 5.5.4.x) ---- */

/* "<n>[.<frac>] bps|Kbps|Mbps|Gbps|Tbps" (x1000 steps) to bit/s; 0 or -E_INVAL
 * (also when the value does not fit 64 bits). */
int sbi_bitrate_parse(const char *s, uint64_t *bps);
/* The shortest exact text of bps in the largest unit dividing it:
 * 1000000000 -> "1 Gbps", 1500 -> "1500 bps"; out[32]. */
void sbi_bitrate_format(uint64_t bps, char out[32]);

/* Ambr {uplink, downlink} (both mandatory). */
struct sbi_ambr {
	uint64_t ul; /* uplink, bit/s */
	uint64_t dl; /* downlink, bit/s */
};
int sbi_ambr_decode(struct sbi_ambr *v, const json_t *j, const char *at, struct sbi_jerr *e);
json_t *sbi_ambr_encode(const struct sbi_ambr *v);

/* Snssai in string form, as a map key (TS 29.571 5.4.4.2): "1" or
 * "1-010203"; out[12]. Parse: 0 or -E_INVAL. */
void sbi_snssai_key(const struct s_nssai *s, char out[12]);
int sbi_snssai_key_parse(const char *k, struct s_nssai *s);

/* ---- Nudm_SDM / Nudr provisioned data (TS 29.503 6.1.6.2) ---- */

/* Nssai (6.1.6.2.3): GET /nudm-sdm/v2/{supi}/nssai, and am-data's nssai. */
struct sbi_nssai {
	struct s_nssai dflt[SBI_MAX_SNSSAIS]; /* defaultSingleNssais (M, at least 1) */
	uint8_t n_dflt; /* entries in dflt */
	struct s_nssai single[SBI_MAX_SNSSAIS]; /* singleNssais (O): the non-default ones */
	uint8_t n_single; /* entries in single */
};
int sbi_nssai_decode(struct sbi_nssai *v, const json_t *j, const char *at, struct sbi_jerr *e);
json_t *sbi_nssai_encode(const struct sbi_nssai *v);

/* AccessAndMobilitySubscriptionData (6.1.6.2.4): GET /nudm-sdm/v2/{supi}/am-data,
 * GET /nudr-dr/v2/subscription-data/{ueId}/{servingPlmnId}/provisioned-data/am-data. */
struct sbi_am_data {
	char gpsi[SBI_GPSI_MAX]; /* gpsis[0], "msisdn-<digits>"; "" when absent */
	bool has_ambr; /* subscribedUeAmbr present */
	struct sbi_ambr ambr; /* subscribedUeAmbr: UE-AMBR (TS 23.501 5.7.2.6) */
	bool has_nssai; /* nssai present */
	struct sbi_nssai nssai; /* nssai: subscribed S-NSSAIs */
};
int sbi_am_data_decode(struct sbi_am_data *v, const json_t *j, struct sbi_jerr *e);
json_t *sbi_am_data_encode(const struct sbi_am_data *v);

/* SmfSelectionSubscriptionData (6.1.6.2.5): GET /nudm-sdm/v2/{supi}/smf-select-data. */
struct sbi_snssai_info {
	struct s_nssai snssai; /* the map key */
	uint8_t n_dnns; /* entries in dnns (at least 1) */
	struct {
		char dnn[SBI_DNN_MAX]; /* dnn (M) */
		bool is_default; /* defaultDnnIndicator */
	} dnns[SBI_MAX_DNNS]; /* dnnInfos (M) */
};
struct sbi_smf_sel_data {
	uint8_t n; /* entries in infos */
	struct sbi_snssai_info infos[SBI_MAX_SNSSAIS]; /* subscribedSnssaiInfos (O) */
};
int sbi_smf_sel_data_decode(struct sbi_smf_sel_data *v, const json_t *j, struct sbi_jerr *e);
json_t *sbi_smf_sel_data_encode(const struct sbi_smf_sel_data *v);

/* PduSessionType (TS 29.571 5.4.3.3) and SscMode (5.4.3.6): what sm-data fills. */
enum sbi_pdu_type {
	SBI_PDU_IPV4,
	SBI_PDU_IPV6,
	SBI_PDU_IPV4V6,
	SBI_PDU_UNSTRUCTURED,
	SBI_PDU_ETHERNET
};

/* DnnConfiguration (6.1.6.2.9), the members this release fills. */
struct sbi_dnn_config {
	char dnn[SBI_DNN_MAX]; /* the map key */
	enum sbi_pdu_type pdu_default; /* pduSessionTypes.defaultSessionType */
	uint8_t pdu_allowed; /* pduSessionTypes.allowedSessionTypes, bit (1 << type) */
	uint8_t ssc_default; /* sscModes.defaultSscMode, 1..3 */
	uint8_t ssc_allowed; /* sscModes.allowedSscModes, bit (1 << mode) */
	uint8_t qi5; /* 5gQosProfile.5qi */
	uint8_t arp_level; /* 5gQosProfile.arp.priorityLevel 1..15 */
	bool arp_preempt_cap; /* arp.preemptCap MAY_PREEMPT (else NOT_PREEMPT) */
	bool arp_preempt_vuln; /* arp.preemptVuln PREEMPTABLE (else NOT_PREEMPTABLE) */
	bool has_session_ambr; /* sessionAmbr present */
	struct sbi_ambr session_ambr; /* sessionAmbr */
};
/* SessionManagementSubscriptionData (6.1.6.2.8), one per S-NSSAI. */
struct sbi_sm_data_slice {
	struct s_nssai snssai; /* singleNssai (M) */
	uint8_t n_dnns; /* entries in dnns */
	struct sbi_dnn_config dnns[SBI_MAX_DNNS]; /* dnnConfigurations */
};
/* GET /nudm-sdm/v2/{supi}/sm-data: an array of the above. */
struct sbi_sm_data {
	uint8_t n; /* entries in slices */
	struct sbi_sm_data_slice slices[SBI_MAX_SNSSAIS]; /* one per subscribed S-NSSAI */
};
int sbi_sm_data_decode(struct sbi_sm_data *v, const json_t *j, struct sbi_jerr *e);
json_t *sbi_sm_data_encode(const struct sbi_sm_data *v);

/* ---- Nudm_UECM (TS 29.503 6.2.6.2.2) ---- */

/* Amf3GppAccessRegistration: PUT /nudm-uecm/v1/{ueId}/registrations/amf-3gpp-access,
 * stored by the UDR at .../subscription-data/{ueId}/context-data/amf-3gpp-access. */
struct sbi_amf_reg {
	char amf_instance_id[40]; /* amfInstanceId (M), a UUID */
	char dereg_callback_uri[256]; /* deregCallbackUri (M) */
	struct guami guami; /* guami (M) */
	char rat_type[16]; /* ratType (M): "NR" */
	bool initial_registration_ind; /* initialRegistrationInd (O) */
	char pei[40]; /* pei (O): "imeisv-..." / "imei-...", "" absent */
	char supi[64]; /* supi (O), "" absent */
};
int sbi_amf_reg_decode(struct sbi_amf_reg *v, const json_t *j, struct sbi_jerr *e);
json_t *sbi_amf_reg_encode(const struct sbi_amf_reg *v);

/* Guami {plmnId, amfId: 6 hex digits = region(8) set(10) pointer(6)} (TS 29.571 5.4.4.x). */
int sbi_guami_decode(struct guami *g, const json_t *j, const char *at, struct sbi_jerr *e);
json_t *sbi_guami_encode(const struct guami *g);

#endif
