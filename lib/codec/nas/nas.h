/* nas.h — 5GS NAS message codec (TS 24.501 §8 messages, §9 IEs, §7 error rules).
 *
 * Plain 5GMM message (EPD 0x7E)        Plain 5GSM message (EPD 0x2E)
 *   +--------------------------+         +--------------------------+
 *   | EPD                      | 1       | EPD                      | 1
 *   | spare 4 | sec hdr type 4 | 2       | PDU session identity     | 2
 *   | message type             | 3       | PTI                      | 3
 *   | IEs ...                  |         | message type             | 4
 *   +--------------------------+         | IEs ...                  |
 *                                        +--------------------------+
 * Security protected 5GS NAS message (8.2.28), security header type 1..4:
 *   | EPD 0x7E | spare/sht | MAC (4) | SN (1) | plain 5GS NAS message ... |
 *
 * Decoding: nas_decode() fills a struct nas_msg. Optional IEs come with a
 * has_<field> flag. Octet strings point into buf and lists live in the arena;
 * keep both while using the result. A security protected message whose
 * payload is not ciphered (header types 1, 3) is decoded with its inner
 * message and m->sec filled; ciphered ones must go through nas_unprotect()
 * (nas_sec.h) first. On failure, err says which cause the spec prescribes
 * for the answer (TS 24.501 §7) and which IE at which offset.
 *
 * Encoding: nas_encode() writes the plain message (or, with m->sht != 0, the
 * security header with m->sec's MAC and SN in front of it: nas_protect()
 * computes real ones). Building a message:
 *
 *   struct nas_msg m;
 *   nas_msg_init(&m, NAS_AUTH_REQ);
 *   m.auth_req.ngksi.ksi = 1;
 *   m.auth_req.abba = (struct nas_buf){ abba, 2 };
 *   NAS_SET(m.auth_req, rand, ...);  -- or: m.auth_req.has_rand = true; memcpy(...)
 *   n = nas_encode(&m, buf, sizeof(buf), &err);
 */
#ifndef NGCORE_CODEC_NAS_H
#define NGCORE_CODEC_NAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/codec/nas/nas_ie.h"
#include "lib/core/pool.h"

#define NAS_EPD_5GMM 0x7E
#define NAS_EPD_5GSM 0x2E

/* 9.3 Security header type. */
enum nas_sht {
	NAS_SHT_PLAIN = 0,
	NAS_SHT_INTEG = 1, /* integrity protected */
	NAS_SHT_INTEG_CIPH = 2, /* integrity protected and ciphered */
	NAS_SHT_INTEG_NEW = 3, /* integrity protected with new context (SMC only) */
	NAS_SHT_INTEG_CIPH_NEW = 4, /* ... and ciphered with new context (SMC complete only) */
};

/* 9.7 Message types: 5GMM (table 9.7.1) and 5GSM (table 9.7.2). */
enum nas_msg_type {
	NAS_REG_REQ = 0x41,
	NAS_REG_ACC = 0x42,
	NAS_REG_COMPLETE = 0x43,
	NAS_REG_REJ = 0x44,
	NAS_DEREG_REQ_UE = 0x45, /* UE originating */
	NAS_DEREG_ACC_UE = 0x46, /* UE originating (network to UE) */
	NAS_DEREG_REQ_NW = 0x47, /* UE terminated (network to UE) */
	NAS_DEREG_ACC_NW = 0x48, /* UE terminated (UE to network) */
	NAS_SERVICE_REQ = 0x4C,
	NAS_SERVICE_REJ = 0x4D,
	NAS_SERVICE_ACC = 0x4E,
	NAS_CP_SERVICE_REQ = 0x4F,
	NAS_NSSAA_CMD = 0x50,
	NAS_NSSAA_COMPLETE = 0x51,
	NAS_NSSAA_RESULT = 0x52,
	NAS_CONF_UPDATE_CMD = 0x54,
	NAS_CONF_UPDATE_COMPLETE = 0x55,
	NAS_AUTH_REQ = 0x56,
	NAS_AUTH_RESP = 0x57,
	NAS_AUTH_REJ = 0x58,
	NAS_AUTH_FAIL = 0x59,
	NAS_AUTH_RESULT = 0x5A,
	NAS_IDENTITY_REQ = 0x5B,
	NAS_IDENTITY_RESP = 0x5C,
	NAS_SMC = 0x5D,
	NAS_SMC_COMPLETE = 0x5E,
	NAS_SMC_REJ = 0x5F,
	NAS_5GMM_STATUS = 0x64,
	NAS_NOTIFICATION = 0x65,
	NAS_NOTIFICATION_RESP = 0x66,
	NAS_UL_NAS_TRANSPORT = 0x67,
	NAS_DL_NAS_TRANSPORT = 0x68,

	NAS_PDU_EST_REQ = 0xC1,
	NAS_PDU_EST_ACC = 0xC2,
	NAS_PDU_EST_REJ = 0xC3,
	NAS_PDU_AUTH_CMD = 0xC5,
	NAS_PDU_AUTH_COMPLETE = 0xC6,
	NAS_PDU_AUTH_RESULT = 0xC7,
	NAS_PDU_MOD_REQ = 0xC9,
	NAS_PDU_MOD_REJ = 0xCA,
	NAS_PDU_MOD_CMD = 0xCB,
	NAS_PDU_MOD_COMPLETE = 0xCC,
	NAS_PDU_MOD_CMD_REJ = 0xCD,
	NAS_PDU_REL_REQ = 0xD1,
	NAS_PDU_REL_REJ = 0xD2,
	NAS_PDU_REL_CMD = 0xD3,
	NAS_PDU_REL_COMPLETE = 0xD4,
	NAS_5GSM_STATUS = 0xD6,
	NAS_SLA_CMD = 0xD8,
	NAS_SLA_COMPLETE = 0xD9,
};

/* 5GMM causes (9.11.3.2) and 5GSM causes (9.11.4.2) this codec reports. */
enum nas_cause {
	NAS_CAUSE_SEMANTIC_ERR_PF = 44, /* 5GSM: semantic errors in packet filter(s) */
	NAS_CAUSE_SYNTAX_ERR_PF = 45, /* 5GSM: syntactical error in packet filter(s) */
	NAS_CAUSE_INVALID_PSI = 43, /* 5GSM: invalid PDU session identity */
	NAS_CAUSE_INVALID_PTI = 81, /* 5GSM: invalid PTI value */
	NAS_CAUSE_SEMANTIC_ERR_QOS = 83, /* 5GSM: semantic error in the QoS operation */
	NAS_CAUSE_SYNTAX_ERR_QOS = 84, /* 5GSM: syntactical error in the QoS operation */
	NAS_CAUSE_SEMANTIC_INCORRECT = 95, /* semantically incorrect message */
	NAS_CAUSE_INVALID_MANDATORY = 96, /* invalid mandatory information */
	NAS_CAUSE_MSG_TYPE_UNKNOWN = 97, /* message type non-existent or not implemented */
	NAS_CAUSE_MSG_TYPE_INCOMPAT = 98, /* message type not compatible with protocol state */
	NAS_CAUSE_IE_UNKNOWN = 99, /* information element non-existent or not implemented */
	NAS_CAUSE_CONDITIONAL_IE = 100, /* conditional IE error */
	NAS_CAUSE_MSG_INCOMPAT = 101, /* message not compatible with the protocol state */
	NAS_CAUSE_PROTOCOL_ERROR = 111, /* protocol error, unspecified */
};

/* What a failed (or partly ignored) decode or encode reports. */
struct nas_err {
	int rc; /* 0 or the negative E_* code returned */
	uint8_t cause; /* cause to answer with (enum nas_cause); 0 = ignore the message (7.2) */
	uint8_t epd; /* EPD of the failing message (selects 5GMM STATUS or 5GSM STATUS) */
	uint8_t msg_type; /* its message type, 0 if unknown */
	uint8_t iei; /* IEI of the offending IE; 0 for a mandatory (V/LV/LV-E) IE */
	const char *ie; /* name of the IE as in the spec's tables, or NULL */
	size_t off; /* offset in the buffer where the problem was seen */
	uint16_t n_ignored; /* IEs skipped: unknown, repeated or invalid optional (7.6, 7.7.1) */
	uint8_t ignored_iei; /* the first such IEI */
};

/* Security header of a protected message (8.2.28). */
struct nas_sec_hdr {
	uint8_t mac[4]; /* message authentication code (9.8) */
	uint8_t sn; /* sequence number: 8 LSBs of NAS COUNT (9.10) */
};

/* --- 5GMM messages (8.2). has_<x> marks an optional IE as present. --- */

/* 8.2.1 Authentication request (network to UE). */
struct nas_auth_req {
	struct nas_ksi ngksi; /* ngKSI */
	struct nas_buf abba; /* ABBA (2..n octets) */
	bool has_rand; /* 0x21 RAND present */
	uint8_t rand[16]; /* authentication parameter RAND */
	bool has_autn; /* 0x20 AUTN present */
	uint8_t autn[16]; /* authentication parameter AUTN */
	bool has_eap; /* 0x78 EAP message present */
	struct nas_buf eap; /* EAP message */
};

/* 8.2.2 Authentication response (UE to network). */
struct nas_auth_resp {
	bool has_res; /* 0x2D authentication response parameter present */
	uint8_t res[16]; /* RES* */
	bool has_eap; /* 0x78 EAP message present */
	struct nas_buf eap; /* EAP message */
};

/* 8.2.3 Authentication result (network to UE). */
struct nas_auth_result {
	struct nas_ksi ngksi; /* ngKSI */
	struct nas_buf eap; /* EAP message (mandatory) */
	bool has_abba; /* 0x38 ABBA present */
	struct nas_buf abba; /* ABBA */
};

/* 8.2.4 Authentication failure (UE to network). */
struct nas_auth_fail {
	uint8_t cause; /* 5GMM cause (#20 MAC failure, #21 synch failure, #26 non-5G auth) */
	bool has_auts; /* 0x30 authentication failure parameter present */
	uint8_t auts[14]; /* AUTS (synch failure) */
};

/* 8.2.5 Authentication reject (network to UE). */
struct nas_auth_rej {
	bool has_eap; /* 0x78 EAP message present */
	struct nas_buf eap; /* EAP message */
};

/* 8.2.6 Registration request (UE to network). */
struct nas_reg_req {
	struct nas_reg_type reg_type; /* 5GS registration type */
	struct nas_ksi ngksi; /* ngKSI */
	struct nas_mobile_id mobile_id; /* 5GS mobile identity */
	bool has_noncurrent_ngksi; /* 0xC- present */
	struct nas_ksi noncurrent_ngksi; /* non-current native NAS key set identifier */
	bool has_mm_cap; /* 0x10 present */
	struct nas_octets mm_cap; /* 5GMM capability (NAS_MMCAP*) */
	bool has_ue_sec_cap; /* 0x2E present */
	struct nas_ue_sec_cap ue_sec_cap; /* UE security capability */
	bool has_requested_nssai; /* 0x2F present */
	struct nas_nssai requested_nssai; /* requested NSSAI */
	bool has_last_tai; /* 0x52 present */
	struct tai last_tai; /* last visited registered TAI */
	bool has_s1_ue_net_cap; /* 0x17 present */
	struct nas_octets s1_ue_net_cap; /* S1 UE network capability */
	bool has_ul_data_status; /* 0x40 present */
	uint16_t ul_data_status; /* uplink data status: bit i = PSI i */
	bool has_pdu_status; /* 0x50 present */
	uint16_t pdu_status; /* PDU session status: bit i = PSI i */
	bool has_mico; /* 0xB- present */
	uint8_t mico; /* MICO indication (bits 4..1) */
	bool has_ue_status; /* 0x2B present */
	uint8_t ue_status; /* UE status */
	bool has_add_guti; /* 0x77 present */
	struct nas_mobile_id add_guti; /* additional GUTI */
	bool has_allowed_pdu_status; /* 0x25 present */
	uint16_t allowed_pdu_status; /* allowed PDU session status: bit i = PSI i */
	bool has_usage_setting; /* 0x18 present */
	uint8_t usage_setting; /* UE's usage setting */
	bool has_drx; /* 0x51 present */
	uint8_t drx; /* requested 5GS DRX parameters */
	bool has_eps_nas_msg; /* 0x70 present */
	struct nas_buf eps_nas_msg; /* EPS NAS message container */
	bool has_ladn_ind; /* 0x74 present */
	struct nas_buf ladn_ind; /* LADN indication */
	bool has_payload_type; /* 0x8- present */
	uint8_t payload_type; /* payload container type */
	bool has_payload; /* 0x7B present */
	struct nas_buf payload; /* payload container */
	bool has_slicing_ind; /* 0x9- present */
	uint8_t slicing_ind; /* network slicing indication */
	bool has_update_type; /* 0x53 present */
	uint8_t update_type; /* 5GS update type */
	bool has_ms_cm2; /* 0x41 present */
	struct nas_octets ms_cm2; /* mobile station classmark 2 */
	bool has_codecs; /* 0x42 present */
	struct nas_buf codecs; /* supported codecs */
	bool has_nas_msg; /* 0x71 present */
	struct nas_buf nas_msg; /* NAS message container */
	bool has_eps_bearer_status; /* 0x60 present */
	uint16_t eps_bearer_status; /* EPS bearer context status: bit i = EBI i */
	bool has_edrx; /* 0x6E present */
	struct nas_octets edrx; /* requested extended DRX parameters */
	bool has_t3324; /* 0x6A present */
	struct nas_gprs_timer t3324; /* T3324 value (GPRS timer 3) */
	bool has_radio_cap_id; /* 0x67 present */
	struct nas_buf radio_cap_id; /* UE radio capability ID */
	bool has_mapped_nssai; /* 0x35 present */
	struct nas_nssai mapped_nssai; /* requested mapped NSSAI */
	bool has_add_info_req; /* 0x48 present */
	uint8_t add_info_req; /* additional information requested */
	bool has_wus; /* 0x1A present */
	struct nas_buf wus; /* requested WUS assistance information */
	bool has_n5gc; /* 0xA- present */
	uint8_t n5gc; /* N5GC indication */
	bool has_nb_drx; /* 0x30 present */
	uint8_t nb_drx; /* requested NB-N1 mode DRX parameters */
	bool has_ue_req_type; /* 0x29 present */
	uint8_t ue_req_type; /* UE request type */
	bool has_paging_restr; /* 0x28 present */
	struct nas_buf paging_restr; /* paging restriction */
	bool has_slaa; /* 0x72 present */
	struct nas_buf slaa; /* service-level-AA container */
	bool has_nid; /* 0x32 present */
	struct nas_buf nid; /* NID */
	bool has_disaster_plmn; /* 0x16 present */
	struct plmn disaster_plmn; /* MS determined PLMN with disaster condition */
	bool has_peips; /* 0x2A present */
	struct nas_buf peips; /* requested PEIPS assistance information */
	bool has_t3512; /* 0x3B present */
	struct nas_gprs_timer t3512; /* requested T3512 value (GPRS timer 3) */
};

/* 8.2.7 Registration accept (network to UE). */
struct nas_reg_acc {
	uint8_t result; /* 5GS registration result (NAS_RR_*) */
	bool has_guti; /* 0x77 present */
	struct nas_mobile_id guti; /* 5G-GUTI */
	bool has_eplmns; /* 0x4A present */
	struct nas_plmn_list eplmns; /* equivalent PLMNs */
	bool has_tai_list; /* 0x54 present */
	struct nas_tai_list tai_list; /* TAI list */
	bool has_allowed_nssai; /* 0x15 present */
	struct nas_nssai allowed_nssai; /* allowed NSSAI */
	bool has_rejected_nssai; /* 0x11 present */
	struct nas_rejected_nssai rejected_nssai; /* rejected NSSAI */
	bool has_configured_nssai; /* 0x31 present */
	struct nas_nssai configured_nssai; /* configured NSSAI */
	bool has_nfs; /* 0x21 present */
	struct nas_octets nfs; /* 5GS network feature support (NAS_NFS*) */
	bool has_pdu_status; /* 0x50 present */
	uint16_t pdu_status; /* PDU session status */
	bool has_react_result; /* 0x26 present */
	uint16_t react_result; /* PDU session reactivation result */
	bool has_react_err; /* 0x72 present */
	struct nas_psi_causes react_err; /* PDU session reactivation result error cause */
	bool has_ladn_info; /* 0x79 present */
	struct nas_buf ladn_info; /* LADN information */
	bool has_mico; /* 0xB- present */
	uint8_t mico; /* MICO indication */
	bool has_slicing_ind; /* 0x9- present */
	uint8_t slicing_ind; /* network slicing indication */
	bool has_service_area; /* 0x27 present */
	struct nas_buf service_area; /* service area list */
	bool has_t3512; /* 0x5E present */
	struct nas_gprs_timer t3512; /* T3512 value (GPRS timer 3) */
	bool has_n3gpp_dereg; /* 0x5D present */
	struct nas_gprs_timer n3gpp_dereg; /* non-3GPP de-registration timer (GPRS timer 2) */
	bool has_t3502; /* 0x16 present */
	struct nas_gprs_timer t3502; /* T3502 value (GPRS timer 2) */
	bool has_emerg_numbers; /* 0x34 present */
	struct nas_buf emerg_numbers; /* emergency number list */
	bool has_ext_emerg_numbers; /* 0x7A present */
	struct nas_buf ext_emerg_numbers; /* extended emergency number list */
	bool has_sor; /* 0x73 present */
	struct nas_buf sor; /* SOR transparent container */
	bool has_eap; /* 0x78 present */
	struct nas_buf eap; /* EAP message */
	bool has_nssai_incl_mode; /* 0xA- present */
	uint8_t nssai_incl_mode; /* NSSAI inclusion mode */
	bool has_op_acd; /* 0x76 present */
	struct nas_buf op_acd; /* operator-defined access category definitions */
	bool has_drx; /* 0x51 present */
	uint8_t drx; /* negotiated DRX parameters */
	bool has_n3gpp_policies; /* 0xD- present */
	uint8_t n3gpp_policies; /* non-3GPP NW policies */
	bool has_eps_bearer_status; /* 0x60 present */
	uint16_t eps_bearer_status; /* EPS bearer context status */
	bool has_edrx; /* 0x6E present */
	struct nas_octets edrx; /* negotiated extended DRX parameters */
	bool has_t3447; /* 0x6C present */
	struct nas_gprs_timer t3447; /* T3447 value (GPRS timer 3) */
	bool has_t3448; /* 0x6B present */
	struct nas_gprs_timer t3448; /* T3448 value (GPRS timer 2) */
	bool has_t3324; /* 0x6A present */
	struct nas_gprs_timer t3324; /* T3324 value (GPRS timer 3) */
	bool has_radio_cap_id; /* 0x67 present */
	struct nas_buf radio_cap_id; /* UE radio capability ID */
	bool has_radio_cap_del; /* 0xE- present */
	uint8_t radio_cap_del; /* UE radio capability ID deletion indication */
	bool has_pending_nssai; /* 0x39 present */
	struct nas_nssai pending_nssai; /* pending NSSAI */
	bool has_ciph_key_data; /* 0x74 present */
	struct nas_buf ciph_key_data; /* ciphering key data */
	bool has_cag_info; /* 0x75 present */
	struct nas_buf cag_info; /* CAG information list */
	bool has_trunc_stmsi; /* 0x1B present */
	uint8_t trunc_stmsi; /* truncated 5G-S-TMSI configuration */
	bool has_wus; /* 0x1C present */
	struct nas_buf wus; /* negotiated WUS assistance information */
	bool has_nb_drx; /* 0x29 present */
	uint8_t nb_drx; /* negotiated NB-N1 mode DRX parameters */
	bool has_ext_rejected_nssai; /* 0x68 present */
	struct nas_buf ext_rejected_nssai; /* extended rejected NSSAI */
	bool has_slaa; /* 0x7B present */
	struct nas_buf slaa; /* service-level-AA container */
	bool has_peips; /* 0x33 present */
	struct nas_buf peips; /* negotiated PEIPS assistance information */
	bool has_add_req_result; /* 0x34 (length 1) present */
	uint8_t add_req_result; /* 5GS additional request result */
	bool has_nssrg; /* 0x70 present */
	struct nas_buf nssrg; /* NSSRG information */
	bool has_disaster_roam_wait; /* 0x14 present */
	struct nas_buf disaster_roam_wait; /* disaster roaming wait range */
	bool has_disaster_return_wait; /* 0x2C present */
	struct nas_buf disaster_return_wait; /* disaster return wait range */
	bool has_disaster_plmns; /* 0x13 present */
	struct nas_buf disaster_plmns; /* list of PLMNs to be used in disaster condition */
	bool has_forbid_roam; /* 0x1D present */
	struct nas_tai_list forbid_roam; /* forbidden TAIs for roaming */
	bool has_forbid_regional; /* 0x1E present */
	struct nas_tai_list forbid_regional; /* forbidden TAIs for regional provision of service */
	bool has_ext_cag_info; /* 0x71 present */
	struct nas_buf ext_cag_info; /* extended CAG information list */
	bool has_nsag; /* 0x7C present */
	struct nas_buf nsag; /* NSAG information */
};

/* 8.2.8 Registration complete (UE to network). */
struct nas_reg_complete {
	bool has_sor; /* 0x73 present */
	struct nas_buf sor; /* SOR transparent container */
};

/* 8.2.9 Registration reject (network to UE). */
struct nas_reg_rej {
	uint8_t cause; /* 5GMM cause */
	bool has_t3346; /* 0x5F present */
	struct nas_gprs_timer t3346; /* T3346 value (GPRS timer 2) */
	bool has_t3502; /* 0x16 present */
	struct nas_gprs_timer t3502; /* T3502 value (GPRS timer 2) */
	bool has_eap; /* 0x78 present */
	struct nas_buf eap; /* EAP message */
	bool has_rejected_nssai; /* 0x69 present */
	struct nas_rejected_nssai rejected_nssai; /* rejected NSSAI */
	bool has_cag_info; /* 0x75 present */
	struct nas_buf cag_info; /* CAG information list */
	bool has_ext_rejected_nssai; /* 0x68 present */
	struct nas_buf ext_rejected_nssai; /* extended rejected NSSAI */
	bool has_disaster_return_wait; /* 0x2C present */
	struct nas_buf disaster_return_wait; /* disaster return wait range */
	bool has_ext_cag_info; /* 0x71 present */
	struct nas_buf ext_cag_info; /* extended CAG information list */
	bool has_lower_bound; /* 0x3A present */
	struct nas_gprs_timer lower_bound; /* lower bound timer value (GPRS timer 3) */
	bool has_forbid_roam; /* 0x1D present */
	struct nas_tai_list forbid_roam; /* forbidden TAIs for roaming */
	bool has_forbid_regional; /* 0x1E present */
	struct nas_tai_list forbid_regional; /* forbidden TAIs for regional provision of service */
};

/* 8.2.10 UL NAS transport (UE to network). */
struct nas_ul_nas_transport {
	uint8_t payload_type; /* payload container type (NAS_PAYLOAD_*) */
	struct nas_buf payload; /* payload container */
	bool has_psi; /* 0x12 present (conditional: N1 SM payload) */
	uint8_t psi; /* PDU session ID */
	bool has_old_psi; /* 0x59 present */
	uint8_t old_psi; /* old PDU session ID */
	bool has_req_type; /* 0x8- present */
	uint8_t req_type; /* request type (NAS_REQ_*) */
	bool has_snssai; /* 0x22 present */
	struct nas_snssai snssai; /* S-NSSAI */
	bool has_dnn; /* 0x25 present */
	struct nas_dnn dnn; /* DNN */
	bool has_add_info; /* 0x24 present */
	struct nas_buf add_info; /* additional information */
	bool has_ma_pdu_info; /* 0xA- present */
	uint8_t ma_pdu_info; /* MA PDU session information */
	bool has_rel_assist; /* 0xF- present */
	uint8_t rel_assist; /* release assistance indication */
};

/* 8.2.11 DL NAS transport (network to UE). */
struct nas_dl_nas_transport {
	uint8_t payload_type; /* payload container type */
	struct nas_buf payload; /* payload container */
	bool has_psi; /* 0x12 present (conditional: N1 SM payload) */
	uint8_t psi; /* PDU session ID */
	bool has_add_info; /* 0x24 present */
	struct nas_buf add_info; /* additional information */
	bool has_cause; /* 0x58 present */
	uint8_t cause; /* 5GMM cause */
	bool has_backoff; /* 0x37 present */
	struct nas_gprs_timer backoff; /* back-off timer value (GPRS timer 3) */
	bool has_lower_bound; /* 0x3A present */
	struct nas_gprs_timer lower_bound; /* lower bound timer value (GPRS timer 3) */
};

/* 8.2.12 De-registration request, UE originating (UE to network). */
struct nas_dereg_req_ue {
	struct nas_dereg_type dereg_type; /* de-registration type */
	struct nas_ksi ngksi; /* ngKSI */
	struct nas_mobile_id mobile_id; /* 5GS mobile identity */
};

/* 8.2.14 De-registration request, UE terminated (network to UE). */
struct nas_dereg_req_nw {
	struct nas_dereg_type dereg_type; /* de-registration type */
	bool has_cause; /* 0x58 present */
	uint8_t cause; /* 5GMM cause */
	bool has_t3346; /* 0x5F present */
	struct nas_gprs_timer t3346; /* T3346 value (GPRS timer 2) */
	bool has_rejected_nssai; /* 0x6D present */
	struct nas_rejected_nssai rejected_nssai; /* rejected NSSAI */
	bool has_cag_info; /* 0x75 present */
	struct nas_buf cag_info; /* CAG information list */
	bool has_ext_rejected_nssai; /* 0x68 present */
	struct nas_buf ext_rejected_nssai; /* extended rejected NSSAI */
	bool has_disaster_return_wait; /* 0x2C present */
	struct nas_buf disaster_return_wait; /* disaster return wait range */
	bool has_ext_cag_info; /* 0x71 present */
	struct nas_buf ext_cag_info; /* extended CAG information list */
	bool has_lower_bound; /* 0x3A present */
	struct nas_gprs_timer lower_bound; /* lower bound timer value (GPRS timer 3) */
	bool has_forbid_roam; /* 0x1D present */
	struct nas_tai_list forbid_roam; /* forbidden TAIs for roaming */
	bool has_forbid_regional; /* 0x1E present */
	struct nas_tai_list forbid_regional; /* forbidden TAIs for regional provision of service */
};

/* 8.2.16 Service request (UE to network). */
struct nas_service_req {
	struct nas_ksi ngksi; /* ngKSI */
	uint8_t service_type; /* service type (9.11.3.50) */
	struct nas_mobile_id stmsi; /* 5G-S-TMSI */
	bool has_ul_data_status; /* 0x40 present */
	uint16_t ul_data_status; /* uplink data status */
	bool has_pdu_status; /* 0x50 present */
	uint16_t pdu_status; /* PDU session status */
	bool has_allowed_pdu_status; /* 0x25 present */
	uint16_t allowed_pdu_status; /* allowed PDU session status */
	bool has_nas_msg; /* 0x71 present */
	struct nas_buf nas_msg; /* NAS message container */
	bool has_ue_req_type; /* 0x29 present */
	uint8_t ue_req_type; /* UE request type */
	bool has_paging_restr; /* 0x28 present */
	struct nas_buf paging_restr; /* paging restriction */
};

/* 8.2.17 Service accept (network to UE). */
struct nas_service_acc {
	bool has_pdu_status; /* 0x50 present */
	uint16_t pdu_status; /* PDU session status */
	bool has_react_result; /* 0x26 present */
	uint16_t react_result; /* PDU session reactivation result */
	bool has_react_err; /* 0x72 present */
	struct nas_psi_causes react_err; /* PDU session reactivation result error cause */
	bool has_eap; /* 0x78 present */
	struct nas_buf eap; /* EAP message */
	bool has_t3448; /* 0x6B present */
	struct nas_gprs_timer t3448; /* T3448 value (GPRS timer 2) */
	bool has_add_req_result; /* 0x34 present */
	uint8_t add_req_result; /* 5GS additional request result */
	bool has_forbid_roam; /* 0x1D present */
	struct nas_tai_list forbid_roam; /* forbidden TAIs for roaming */
	bool has_forbid_regional; /* 0x1E present */
	struct nas_tai_list forbid_regional; /* forbidden TAIs for regional provision of service */
};

/* 8.2.18 Service reject (network to UE). */
struct nas_service_rej {
	uint8_t cause; /* 5GMM cause */
	bool has_pdu_status; /* 0x50 present */
	uint16_t pdu_status; /* PDU session status */
	bool has_t3346; /* 0x5F present */
	struct nas_gprs_timer t3346; /* T3346 value (GPRS timer 2) */
	bool has_eap; /* 0x78 present */
	struct nas_buf eap; /* EAP message */
	bool has_t3448; /* 0x6B present */
	struct nas_gprs_timer t3448; /* T3448 value (GPRS timer 2) */
	bool has_cag_info; /* 0x75 present */
	struct nas_buf cag_info; /* CAG information list */
	bool has_disaster_return_wait; /* 0x2C present */
	struct nas_buf disaster_return_wait; /* disaster return wait range */
	bool has_ext_cag_info; /* 0x71 present */
	struct nas_buf ext_cag_info; /* extended CAG information list */
	bool has_lower_bound; /* 0x3A present */
	struct nas_gprs_timer lower_bound; /* lower bound timer value (GPRS timer 3) */
	bool has_forbid_roam; /* 0x1D present */
	struct nas_tai_list forbid_roam; /* forbidden TAIs for roaming */
	bool has_forbid_regional; /* 0x1E present */
	struct nas_tai_list forbid_regional; /* forbidden TAIs for regional provision of service */
};

/* 8.2.19 Configuration update command (network to UE). */
struct nas_conf_update_cmd {
	bool has_conf_update_ind; /* 0xD- present */
	uint8_t conf_update_ind; /* configuration update indication (ACK bit 1, RED bit 2) */
	bool has_guti; /* 0x77 present */
	struct nas_mobile_id guti; /* 5G-GUTI */
	bool has_tai_list; /* 0x54 present */
	struct nas_tai_list tai_list; /* TAI list */
	bool has_allowed_nssai; /* 0x15 present */
	struct nas_nssai allowed_nssai; /* allowed NSSAI */
	bool has_service_area; /* 0x27 present */
	struct nas_buf service_area; /* service area list */
	bool has_full_name; /* 0x43 present */
	struct nas_buf full_name; /* full name for network (TS 24.008 network name) */
	bool has_short_name; /* 0x45 present */
	struct nas_buf short_name; /* short name for network */
	bool has_tz; /* 0x46 present */
	uint8_t tz; /* local time zone */
	bool has_tz_time; /* 0x47 present */
	struct nas_buf tz_time; /* universal time and local time zone (7 octets) */
	bool has_dst; /* 0x49 present */
	uint8_t dst; /* network daylight saving time */
	bool has_ladn_info; /* 0x79 present */
	struct nas_buf ladn_info; /* LADN information */
	bool has_mico; /* 0xB- present */
	uint8_t mico; /* MICO indication */
	bool has_slicing_ind; /* 0x9- present */
	uint8_t slicing_ind; /* network slicing indication */
	bool has_configured_nssai; /* 0x31 present */
	struct nas_nssai configured_nssai; /* configured NSSAI */
	bool has_rejected_nssai; /* 0x11 present */
	struct nas_rejected_nssai rejected_nssai; /* rejected NSSAI */
	bool has_op_acd; /* 0x76 present */
	struct nas_buf op_acd; /* operator-defined access category definitions */
	bool has_sms_ind; /* 0xF- present */
	uint8_t sms_ind; /* SMS indication */
	bool has_t3447; /* 0x6C present */
	struct nas_gprs_timer t3447; /* T3447 value (GPRS timer 3) */
	bool has_cag_info; /* 0x75 present */
	struct nas_buf cag_info; /* CAG information list */
	bool has_radio_cap_id; /* 0x67 present */
	struct nas_buf radio_cap_id; /* UE radio capability ID */
	bool has_radio_cap_del; /* 0xA- present */
	uint8_t radio_cap_del; /* UE radio capability ID deletion indication */
	bool has_reg_result; /* 0x44 present */
	uint8_t reg_result; /* 5GS registration result */
	bool has_trunc_stmsi; /* 0x1B present */
	uint8_t trunc_stmsi; /* truncated 5G-S-TMSI configuration */
	bool has_add_conf_ind; /* 0xC- present */
	uint8_t add_conf_ind; /* additional configuration indication */
	bool has_ext_rejected_nssai; /* 0x68 present */
	struct nas_buf ext_rejected_nssai; /* extended rejected NSSAI */
	bool has_slaa; /* 0x72 present */
	struct nas_buf slaa; /* service-level-AA container */
	bool has_nssrg; /* 0x70 present */
	struct nas_buf nssrg; /* NSSRG information */
	bool has_disaster_roam_wait; /* 0x14 present */
	struct nas_buf disaster_roam_wait; /* disaster roaming wait range */
	bool has_disaster_return_wait; /* 0x2C present */
	struct nas_buf disaster_return_wait; /* disaster return wait range */
	bool has_disaster_plmns; /* 0x13 present */
	struct nas_buf disaster_plmns; /* list of PLMNs to be used in disaster condition */
	bool has_ext_cag_info; /* 0x71 present */
	struct nas_buf ext_cag_info; /* extended CAG information list */
	bool has_peips; /* 0x1F present */
	struct nas_buf peips; /* updated PEIPS assistance information */
	bool has_nsag; /* 0x73 present */
	struct nas_buf nsag; /* NSAG information */
	bool has_priority_ind; /* 0xE- present */
	uint8_t priority_ind; /* priority indicator */
};

/* 8.2.21 Identity request (network to UE). */
struct nas_identity_req {
	uint8_t id_type; /* 5GS identity type (NAS_ID_*) */
};

/* 8.2.22 Identity response (UE to network). */
struct nas_identity_resp {
	struct nas_mobile_id mobile_id; /* mobile identity */
};

/* 8.2.23 Notification (network to UE). */
struct nas_notification {
	uint8_t access; /* access type (NAS_ACCESS_*) */
};

/* 8.2.24 Notification response (UE to network). */
struct nas_notification_resp {
	bool has_pdu_status; /* 0x50 present */
	uint16_t pdu_status; /* PDU session status */
};

/* 8.2.25 Security mode command (network to UE). */
struct nas_smc {
	struct nas_sec_algs algs; /* selected NAS security algorithms */
	struct nas_ksi ngksi; /* ngKSI */
	struct nas_ue_sec_cap replayed_cap; /* replayed UE security capabilities */
	bool has_imeisv_req; /* 0xE- present */
	uint8_t imeisv_req; /* IMEISV request (1 = requested) */
	bool has_eps_algs; /* 0x57 present */
	uint8_t eps_algs; /* selected EPS NAS security algorithms */
	bool has_add_sec_info; /* 0x36 present */
	uint8_t add_sec_info; /* additional 5G security information (HDP bit 1, RINMR bit 2) */
	bool has_eap; /* 0x78 present */
	struct nas_buf eap; /* EAP message */
	bool has_abba; /* 0x38 present */
	struct nas_buf abba; /* ABBA */
	bool has_s1_sec_cap; /* 0x19 present */
	struct nas_octets s1_sec_cap; /* replayed S1 UE security capabilities */
};

/* 8.2.26 Security mode complete (UE to network). */
struct nas_smc_complete {
	bool has_imeisv; /* 0x77 present */
	struct nas_mobile_id imeisv; /* IMEISV */
	bool has_nas_msg; /* 0x71 present */
	struct nas_buf nas_msg; /* NAS message container */
	bool has_pei; /* 0x78 present */
	struct nas_mobile_id pei; /* non-IMEISV PEI */
};

/* 8.2.27 Security mode reject, 8.2.29 5GMM status: a cause only. */
struct nas_mm_cause_only {
	uint8_t cause; /* 5GMM cause */
};

/* 8.2.30 Control plane service request (UE to network). */
struct nas_cp_service_req {
	struct nas_ksi ngksi; /* ngKSI */
	uint8_t cp_service_type; /* control plane service type */
	bool has_ciot_data; /* 0x6F present */
	struct nas_buf ciot_data; /* CIoT small data container */
	bool has_payload_type; /* 0x8- present */
	uint8_t payload_type; /* payload container type */
	bool has_payload; /* 0x7B present */
	struct nas_buf payload; /* payload container */
	bool has_psi; /* 0x12 present */
	uint8_t psi; /* PDU session ID */
	bool has_pdu_status; /* 0x50 present */
	uint16_t pdu_status; /* PDU session status */
	bool has_rel_assist; /* 0xF- present */
	uint8_t rel_assist; /* release assistance indication */
	bool has_ul_data_status; /* 0x40 present */
	uint16_t ul_data_status; /* uplink data status */
	bool has_nas_msg; /* 0x71 present */
	struct nas_buf nas_msg; /* NAS message container */
	bool has_add_info; /* 0x24 present */
	struct nas_buf add_info; /* additional information */
	bool has_allowed_pdu_status; /* 0x25 present */
	uint16_t allowed_pdu_status; /* allowed PDU session status */
	bool has_ue_req_type; /* 0x29 present */
	uint8_t ue_req_type; /* UE request type */
	bool has_paging_restr; /* 0x28 present */
	struct nas_buf paging_restr; /* paging restriction */
};

/* 8.2.31-33 Network slice-specific authentication command/complete/result. */
struct nas_nssaa {
	struct nas_snssai snssai; /* S-NSSAI */
	struct nas_buf eap; /* EAP message */
};

/* --- 5GSM messages (8.3). --- */

/* 8.3.1 PDU session establishment request (UE to network). */
struct nas_pdu_est_req {
	struct nas_ipmdr ipmdr; /* integrity protection maximum data rate */
	bool has_pdu_type; /* 0x9- present */
	uint8_t pdu_type; /* PDU session type (NAS_PDU_*) */
	bool has_ssc_mode; /* 0xA- present */
	uint8_t ssc_mode; /* SSC mode (1..3) */
	bool has_sm_cap; /* 0x28 present */
	struct nas_octets sm_cap; /* 5GSM capability */
	bool has_max_pf; /* 0x55 present */
	uint16_t max_pf; /* maximum number of supported packet filters (11 bits) */
	bool has_always_on; /* 0xB- present */
	uint8_t always_on; /* always-on PDU session requested */
	bool has_dn_req; /* 0x39 present */
	struct nas_buf dn_req; /* SM PDU DN request container */
	bool has_epco; /* 0x7B present */
	struct nas_epco epco; /* extended protocol configuration options */
	bool has_iphc; /* 0x66 present */
	struct nas_buf iphc; /* IP header compression configuration */
	bool has_dstt_mac; /* 0x6E present */
	struct nas_buf dstt_mac; /* DS-TT Ethernet port MAC address */
	bool has_dstt_residence; /* 0x6F present */
	struct nas_buf dstt_residence; /* UE-DS-TT residence time */
	bool has_port_mgmt; /* 0x74 present */
	struct nas_buf port_mgmt; /* port management information container */
	bool has_ehc; /* 0x1F present */
	uint8_t ehc; /* Ethernet header compression configuration */
	bool has_suggested_ifid; /* 0x29 present */
	struct nas_pdu_addr suggested_ifid; /* suggested interface identifier */
	bool has_slaa; /* 0x72 present */
	struct nas_buf slaa; /* service-level-AA container */
	bool has_mbs_req; /* 0x70 present */
	struct nas_buf mbs_req; /* requested MBS container */
	bool has_pair_id; /* 0x34 present */
	uint8_t pair_id; /* PDU session pair ID */
	bool has_rsn; /* 0x35 present */
	uint8_t rsn; /* RSN */
};

/* 8.3.2 PDU session establishment accept (network to UE). */
struct nas_pdu_est_acc {
	uint8_t pdu_type; /* selected PDU session type */
	uint8_t ssc_mode; /* selected SSC mode */
	struct nas_qos_rules qos_rules; /* authorized QoS rules */
	struct nas_session_ambr ambr; /* session AMBR */
	bool has_cause; /* 0x59 present */
	uint8_t cause; /* 5GSM cause */
	bool has_pdu_addr; /* 0x29 present */
	struct nas_pdu_addr pdu_addr; /* PDU address */
	bool has_rq_timer; /* 0x56 present */
	struct nas_gprs_timer rq_timer; /* RQ timer value (GPRS timer) */
	bool has_snssai; /* 0x22 present */
	struct nas_snssai snssai; /* S-NSSAI */
	bool has_always_on; /* 0x8- present */
	uint8_t always_on; /* always-on PDU session indication */
	bool has_mapped_eps; /* 0x75 present */
	struct nas_buf mapped_eps; /* mapped EPS bearer contexts */
	bool has_eap; /* 0x78 present */
	struct nas_buf eap; /* EAP message */
	bool has_qos_flows; /* 0x79 present */
	struct nas_qos_flows qos_flows; /* authorized QoS flow descriptions */
	bool has_epco; /* 0x7B present */
	struct nas_epco epco; /* extended protocol configuration options */
	bool has_dnn; /* 0x25 present */
	struct nas_dnn dnn; /* DNN */
	bool has_sm_nfs; /* 0x17 present */
	struct nas_octets sm_nfs; /* 5GSM network feature support */
	bool has_rate_ctrl; /* 0x18 present */
	struct nas_buf rate_ctrl; /* serving PLMN rate control */
	bool has_atsss; /* 0x77 present */
	struct nas_buf atsss; /* ATSSS container */
	bool has_cp_only; /* 0xC- present */
	uint8_t cp_only; /* control plane only indication */
	bool has_iphc; /* 0x66 present */
	struct nas_buf iphc; /* IP header compression configuration */
	bool has_ehc; /* 0x1F present */
	uint8_t ehc; /* Ethernet header compression configuration */
	bool has_slaa; /* 0x72 present */
	struct nas_buf slaa; /* service-level-AA container */
	bool has_mbs; /* 0x71 present */
	struct nas_buf mbs; /* received MBS container */
};

/* 8.3.3 PDU session establishment reject (network to UE). */
struct nas_pdu_est_rej {
	uint8_t cause; /* 5GSM cause */
	bool has_backoff; /* 0x37 present */
	struct nas_gprs_timer backoff; /* back-off timer value (GPRS timer 3) */
	bool has_allowed_ssc; /* 0xF- present */
	uint8_t allowed_ssc; /* allowed SSC mode */
	bool has_eap; /* 0x78 present */
	struct nas_buf eap; /* EAP message */
	bool has_congestion; /* 0x61 present */
	uint8_t congestion; /* 5GSM congestion re-attempt indicator */
	bool has_epco; /* 0x7B present */
	struct nas_epco epco; /* extended protocol configuration options */
	bool has_reattempt; /* 0x1D present */
	uint8_t reattempt; /* re-attempt indicator */
	bool has_slaa; /* 0x72 present */
	struct nas_buf slaa; /* service-level-AA container */
};

/* 8.3.4/8.3.5 PDU session authentication command/complete. */
struct nas_pdu_auth {
	struct nas_buf eap; /* EAP message */
	bool has_epco; /* 0x7B present */
	struct nas_epco epco; /* extended protocol configuration options */
};

/* 8.3.6 PDU session authentication result (network to UE). */
struct nas_pdu_auth_result {
	bool has_eap; /* 0x78 present */
	struct nas_buf eap; /* EAP message */
	bool has_epco; /* 0x7B present */
	struct nas_epco epco; /* extended protocol configuration options */
};

/* 8.3.7 PDU session modification request (UE to network). */
struct nas_pdu_mod_req {
	bool has_sm_cap; /* 0x28 present */
	struct nas_octets sm_cap; /* 5GSM capability */
	bool has_cause; /* 0x59 present */
	uint8_t cause; /* 5GSM cause */
	bool has_max_pf; /* 0x55 present */
	uint16_t max_pf; /* maximum number of supported packet filters */
	bool has_always_on; /* 0xB- present */
	uint8_t always_on; /* always-on PDU session requested */
	bool has_ipmdr; /* 0x13 present */
	struct nas_ipmdr ipmdr; /* integrity protection maximum data rate */
	bool has_qos_rules; /* 0x7A present */
	struct nas_qos_rules qos_rules; /* requested QoS rules */
	bool has_qos_flows; /* 0x79 present */
	struct nas_qos_flows qos_flows; /* requested QoS flow descriptions */
	bool has_mapped_eps; /* 0x75 present */
	struct nas_buf mapped_eps; /* mapped EPS bearer contexts */
	bool has_epco; /* 0x7B present */
	struct nas_epco epco; /* extended protocol configuration options */
	bool has_port_mgmt; /* 0x74 present */
	struct nas_buf port_mgmt; /* port management information container */
	bool has_iphc; /* 0x66 present */
	struct nas_buf iphc; /* IP header compression configuration */
	bool has_ehc; /* 0x1F present */
	uint8_t ehc; /* Ethernet header compression configuration */
	bool has_mbs_req; /* 0x70 present */
	struct nas_buf mbs_req; /* requested MBS container */
	bool has_slaa; /* 0x72 present */
	struct nas_buf slaa; /* service-level-AA container */
};

/* 8.3.8 PDU session modification reject (network to UE). */
struct nas_pdu_mod_rej {
	uint8_t cause; /* 5GSM cause */
	bool has_backoff; /* 0x37 present */
	struct nas_gprs_timer backoff; /* back-off timer value (GPRS timer 3) */
	bool has_congestion; /* 0x61 present */
	uint8_t congestion; /* 5GSM congestion re-attempt indicator */
	bool has_epco; /* 0x7B present */
	struct nas_epco epco; /* extended protocol configuration options */
	bool has_reattempt; /* 0x1D present */
	uint8_t reattempt; /* re-attempt indicator */
};

/* 8.3.9 PDU session modification command (network to UE). */
struct nas_pdu_mod_cmd {
	bool has_cause; /* 0x59 present */
	uint8_t cause; /* 5GSM cause */
	bool has_ambr; /* 0x2A present */
	struct nas_session_ambr ambr; /* session AMBR */
	bool has_rq_timer; /* 0x56 present */
	struct nas_gprs_timer rq_timer; /* RQ timer value (GPRS timer) */
	bool has_always_on; /* 0x8- present */
	uint8_t always_on; /* always-on PDU session indication */
	bool has_qos_rules; /* 0x7A present */
	struct nas_qos_rules qos_rules; /* authorized QoS rules */
	bool has_mapped_eps; /* 0x75 present */
	struct nas_buf mapped_eps; /* mapped EPS bearer contexts */
	bool has_qos_flows; /* 0x79 present */
	struct nas_qos_flows qos_flows; /* authorized QoS flow descriptions */
	bool has_epco; /* 0x7B present */
	struct nas_epco epco; /* extended protocol configuration options */
	bool has_atsss; /* 0x77 present */
	struct nas_buf atsss; /* ATSSS container */
	bool has_iphc; /* 0x66 present */
	struct nas_buf iphc; /* IP header compression configuration */
	bool has_port_mgmt; /* 0x74 present */
	struct nas_buf port_mgmt; /* port management information container */
	bool has_rate_ctrl; /* 0x1E present */
	struct nas_buf rate_ctrl; /* serving PLMN rate control */
	bool has_ehc; /* 0x1F present */
	uint8_t ehc; /* Ethernet header compression configuration */
	bool has_mbs; /* 0x71 present */
	struct nas_buf mbs; /* received MBS container */
	bool has_slaa; /* 0x72 present */
	struct nas_buf slaa; /* service-level-AA container */
};

/* 8.3.10 PDU session modification complete (UE to network). */
struct nas_pdu_mod_complete {
	bool has_epco; /* 0x7B present */
	struct nas_epco epco; /* extended protocol configuration options */
	bool has_port_mgmt; /* 0x74 present */
	struct nas_buf port_mgmt; /* port management information container */
};

/* 8.3.11 modification command reject, 8.3.13 release reject: cause + EPCO. */
struct nas_sm_cause_epco {
	uint8_t cause; /* 5GSM cause */
	bool has_epco; /* 0x7B present */
	struct nas_epco epco; /* extended protocol configuration options */
};

/* 8.3.12 release request, 8.3.15 release complete: optional cause + EPCO. */
struct nas_sm_opt_cause_epco {
	bool has_cause; /* 0x59 present */
	uint8_t cause; /* 5GSM cause */
	bool has_epco; /* 0x7B present */
	struct nas_epco epco; /* extended protocol configuration options */
};

/* 8.3.14 PDU session release command (network to UE). */
struct nas_pdu_rel_cmd {
	uint8_t cause; /* 5GSM cause */
	bool has_backoff; /* 0x37 present */
	struct nas_gprs_timer backoff; /* back-off timer value (GPRS timer 3) */
	bool has_eap; /* 0x78 present */
	struct nas_buf eap; /* EAP message */
	bool has_congestion; /* 0x61 present */
	uint8_t congestion; /* 5GSM congestion re-attempt indicator */
	bool has_epco; /* 0x7B present */
	struct nas_epco epco; /* extended protocol configuration options */
	bool has_access; /* 0xD- present */
	uint8_t access; /* access type */
	bool has_slaa; /* 0x72 present */
	struct nas_buf slaa; /* service-level-AA container */
};

/* 8.3.16 5GSM status. */
struct nas_sm_status {
	uint8_t cause; /* 5GSM cause */
};

/* 8.3.17/8.3.18 Service-level authentication command/complete. */
struct nas_sla {
	struct nas_buf slaa; /* service-level-AA container */
};

/* A decoded (or to-be-encoded) 5GS NAS message. */
struct nas_msg {
	uint8_t epd; /* NAS_EPD_5GMM or NAS_EPD_5GSM */
	uint8_t sht; /* security header type of the outer message (NAS_SHT_*) */
	struct nas_sec_hdr sec; /* MAC and SN when sht != 0 */
	uint8_t type; /* message type (enum nas_msg_type) */
	uint8_t psi; /* 5GSM: PDU session identity (9.4) */
	uint8_t pti; /* 5GSM: procedure transaction identity (9.6) */
	union {
		struct nas_auth_req auth_req;
		struct nas_auth_resp auth_resp;
		struct nas_auth_result auth_result;
		struct nas_auth_fail auth_fail;
		struct nas_auth_rej auth_rej;
		struct nas_reg_req reg_req;
		struct nas_reg_acc reg_acc;
		struct nas_reg_complete reg_complete;
		struct nas_reg_rej reg_rej;
		struct nas_ul_nas_transport ul_nas;
		struct nas_dl_nas_transport dl_nas;
		struct nas_dereg_req_ue dereg_req_ue;
		struct nas_dereg_req_nw dereg_req_nw;
		struct nas_service_req service_req;
		struct nas_service_acc service_acc;
		struct nas_service_rej service_rej;
		struct nas_conf_update_cmd conf_update_cmd;
		struct nas_identity_req identity_req;
		struct nas_identity_resp identity_resp;
		struct nas_notification notification;
		struct nas_notification_resp notification_resp;
		struct nas_smc smc;
		struct nas_smc_complete smc_complete;
		struct nas_mm_cause_only smc_rej;
		struct nas_mm_cause_only mm_status;
		struct nas_cp_service_req cp_service_req;
		struct nas_nssaa nssaa;

		struct nas_pdu_est_req pdu_est_req;
		struct nas_pdu_est_acc pdu_est_acc;
		struct nas_pdu_est_rej pdu_est_rej;
		struct nas_pdu_auth pdu_auth;
		struct nas_pdu_auth_result pdu_auth_result;
		struct nas_pdu_mod_req pdu_mod_req;
		struct nas_pdu_mod_rej pdu_mod_rej;
		struct nas_pdu_mod_cmd pdu_mod_cmd;
		struct nas_pdu_mod_complete pdu_mod_complete;
		struct nas_sm_cause_epco pdu_mod_cmd_rej;
		struct nas_sm_opt_cause_epco pdu_rel_req;
		struct nas_sm_cause_epco pdu_rel_rej;
		struct nas_pdu_rel_cmd pdu_rel_cmd;
		struct nas_sm_opt_cause_epco pdu_rel_complete;
		struct nas_sm_status sm_status;
		struct nas_sla sla;
	};
};

/* Marks an optional IE present and sets it: NAS_SET(m.reg_acc, t3512, tmr). */
#define NAS_SET(msg, field, ...)                                                                   \
	do {                                                                                       \
		(msg).has_##field = true;                                                          \
		(msg).field = (__VA_ARGS__);                                                       \
	} while (0)

/* Zeroes m and sets the EPD and message type; 5GSM messages also take psi/pti
 * afterwards. Returns 0, or -E_INVAL for a type this codec does not know. */
int nas_msg_init(struct nas_msg *m, uint8_t type);

/* Decodes one NAS message from buf[0..len). Octet strings in m point into
 * buf; lists are allocated from a (may be NULL if the message has none).
 * On failure only m's header fields (epd, sht, sec, type, psi, pti) are
 * meaningful.
 * Returns 0 or a negative E_* code; err (may be NULL) is filled either way
 * (n_ignored counts what TS 24.501 §7.6/7.7 told us to skip). */
int nas_decode(struct nas_msg *m, const uint8_t *buf, size_t len, struct arena *a,
	       struct nas_err *err);

/* Encodes m into buf[0..cap). Returns the length, or -E_NOSPC, -E_INVAL
 * (a value that cannot be coded; err names the IE), -E_RANGE. */
int nas_encode(const struct nas_msg *m, uint8_t *buf, size_t cap, struct nas_err *err);

/* True when a and b hold the same message (same IEs, same values). */
bool nas_msg_eq(const struct nas_msg *a, const struct nas_msg *b);

/* Static names for logs: "Registration request", "#96 Invalid mandatory information". */
const char *nas_msg_name(uint8_t epd, uint8_t type);
const char *nas_cause_name(uint8_t epd, uint8_t cause);

/* Encodes the STATUS answering a failed nas_decode() (TS 24.501 7.x): a
 * 5GMM STATUS, or a 5GSM STATUS carrying the failed message's PDU session
 * identity and PTI, with err->cause. Returns the length, 0 when err says the
 * message is to be ignored (cause 0), or a negative E_* code. */
int nas_encode_status(const struct nas_msg *failed, const struct nas_err *err, uint8_t *buf,
		      size_t cap);

/* Builders the AMF and ngsim use most (a thin layer over nas_msg_init). */
/* Sets a 5G-GUTI mobile identity. */
void nas_id_guti(struct nas_mobile_id *id, const struct guami *g, uint32_t tmsi);
/* Sets a SUCI with the null scheme from an IMSI PLMN, routing indicator
 * ("0" if NULL) and MSIN digits. Returns 0 or -E_INVAL. */
int nas_id_suci_null(struct nas_mobile_id *id, const struct plmn *p, const char *routing,
		     const char *msin);
/* Splits an ECIES scheme output (profile A or B) into its parts; -E_INVAL if too short. */
int nas_suci_ecies(const struct nas_suci *s, struct nas_suci_ecies *out);
/* Appends a TAI to a TAI list (joins the last one-PLMN partial list when it can). */
int nas_tai_list_add(struct nas_tai_list *l, const struct tai *t);

#endif
