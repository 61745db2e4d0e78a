/* nas_msg.c — the message tables of TS 24.501 §8 and the one engine that
 * decodes and encodes every message from them, applying the error handling
 * of TS 24.501 §7.
 */
#include <stddef.h>
#include <string.h>

#include "lib/codec/nas/nas_int.h"

#define FSZ(S, f) ((uint16_t)sizeof(((S *)0)->f))
#define N	  0 /* the spec's "n": no maximum but the format's */

/* Lengths are written as in the spec's tables (whole IE, with T and L);
 * the macros turn them into value lengths. */
#define VMAX8(hi, o)  ((uint16_t)((hi) == N ? 255 : (hi) - (o)))
#define VMAX16(hi, o) ((uint16_t)((hi) == N || (hi) - (o) > 65535 ? 65535 : (hi) - (o)))

#define M_LO(S, f, vt, name)                                                                       \
	{                                                                                          \
		0, NAS_F_V_LO, vt, 1, 1, offsetof(S, f), -1, FSZ(S, f), name                       \
	}
#define M_HI(S, f, vt, name)                                                                       \
	{                                                                                          \
		0, NAS_F_V_HI, vt, 1, 1, offsetof(S, f), -1, FSZ(S, f), name                       \
	}
#define M_SPARE                                                                                    \
	{                                                                                          \
		0, NAS_F_SPARE_HI, NAS_VT_HALF, 0, 0, 0, -1, 0, "Spare half octet"                 \
	}
#define M_V(S, f, vt, len, name)                                                                   \
	{                                                                                          \
		0, NAS_F_V, vt, len, len, offsetof(S, f), -1, FSZ(S, f), name                      \
	}
#define M_LV(S, f, vt, lo, hi, name)                                                               \
	{                                                                                          \
		0, NAS_F_LV, vt, (lo)-1, VMAX8(hi, 1), offsetof(S, f), -1, FSZ(S, f), name         \
	}
#define M_LVE(S, f, vt, lo, hi, name)                                                              \
	{                                                                                          \
		0, NAS_F_LVE, vt, (lo)-2, VMAX16(hi, 2), offsetof(S, f), -1, FSZ(S, f), name       \
	}
#define O_TV1(iei, S, f, vt, name)                                                                 \
	{                                                                                          \
		iei, NAS_F_TV1, vt, 1, 1, offsetof(S, f), offsetof(S, has_##f), FSZ(S, f), name    \
	}
#define O_TV(iei, S, f, vt, len, name)                                                             \
	{                                                                                          \
		iei, NAS_F_TV, vt, (len)-1, (len)-1, offsetof(S, f), offsetof(S, has_##f),         \
			FSZ(S, f), name                                                            \
	}
#define O_TLV(iei, S, f, vt, lo, hi, name)                                                         \
	{                                                                                          \
		iei, NAS_F_TLV, vt, (lo)-2, VMAX8(hi, 2), offsetof(S, f), offsetof(S, has_##f),    \
			FSZ(S, f), name                                                            \
	}
#define O_TLVE(iei, S, f, vt, lo, hi, name)                                                        \
	{                                                                                          \
		iei, NAS_F_TLVE, vt, (lo)-3, VMAX16(hi, 3), offsetof(S, f), offsetof(S, has_##f),  \
			FSZ(S, f), name                                                            \
	}

/* Common rows. */
#define EAP_O(S) O_TLVE(0x78, S, eap, NAS_VT_BUF, 7, 1503, "EAP message")
#define EPCO_O(S)                                                                                  \
	O_TLVE(0x7B, S, epco, NAS_VT_EPCO, 4, 65538, "Extended protocol configuration options")
#define SLAA_O(S, iei) O_TLVE(iei, S, slaa, NAS_VT_BUF, 6, N, "Service-level-AA container")
#define FORBID_O(S)                                                                                \
	O_TLV(0x1D, S, forbid_roam, NAS_VT_TAILIST, 9, 114,                                        \
	      "Forbidden TAI(s) for the list of \"5GS forbidden tracking areas for roaming\""),    \
		O_TLV(0x1E, S, forbid_regional, NAS_VT_TAILIST, 9, 114,                            \
		      "Forbidden TAI(s) for the list of \"5GS forbidden tracking areas for "       \
		      "regional "                                                                  \
		      "provision of service\"")

/* 8.2.1 */
#define S struct nas_auth_req
static const struct nas_ie_def auth_req_ies[] = {
	M_LO(S, ngksi, NAS_VT_KSI, "ngKSI"),
	M_SPARE,
	M_LV(S, abba, NAS_VT_BUF, 3, N, "ABBA"),
	O_TV(0x21, S, rand, NAS_VT_FIX16, 17, "Authentication parameter RAND"),
	O_TLV(0x20, S, autn, NAS_VT_FIX16, 18, 18, "Authentication parameter AUTN"),
	EAP_O(S),
};
#undef S

/* 8.2.2 */
#define S struct nas_auth_resp
static const struct nas_ie_def auth_resp_ies[] = {
	O_TLV(0x2D, S, res, NAS_VT_FIX16, 18, 18, "Authentication response parameter"),
	EAP_O(S),
};
#undef S

/* 8.2.3 */
#define S struct nas_auth_result
static const struct nas_ie_def auth_result_ies[] = {
	M_LO(S, ngksi, NAS_VT_KSI, "ngKSI"),
	M_SPARE,
	M_LVE(S, eap, NAS_VT_BUF, 6, 1502, "EAP message"),
	O_TLV(0x38, S, abba, NAS_VT_BUF, 4, N, "ABBA"),
};
#undef S

/* 8.2.4 */
#define S struct nas_auth_fail
static const struct nas_ie_def auth_fail_ies[] = {
	M_V(S, cause, NAS_VT_U8, 1, "5GMM cause"),
	O_TLV(0x30, S, auts, NAS_VT_FIX14, 16, 16, "Authentication failure parameter"),
};
#undef S

/* 8.2.5 */
#define S struct nas_auth_rej
static const struct nas_ie_def auth_rej_ies[] = {
	EAP_O(S),
};
#undef S

/* 8.2.6 */
#define S struct nas_reg_req
static const struct nas_ie_def reg_req_ies[] = {
	M_LO(S, reg_type, NAS_VT_REGTYPE, "5GS registration type"),
	M_HI(S, ngksi, NAS_VT_KSI, "ngKSI"),
	M_LVE(S, mobile_id, NAS_VT_MOBID, 6, N, "5GS mobile identity"),
	O_TV1(0xC0, S, noncurrent_ngksi, NAS_VT_KSI, "Non-current native NAS key set identifier"),
	O_TLV(0x10, S, mm_cap, NAS_VT_OCTETS, 3, 15, "5GMM capability"),
	O_TLV(0x2E, S, ue_sec_cap, NAS_VT_UESECCAP, 4, 10, "UE security capability"),
	O_TLV(0x2F, S, requested_nssai, NAS_VT_NSSAI, 4, 74, "Requested NSSAI"),
	O_TV(0x52, S, last_tai, NAS_VT_TAI, 7, "Last visited registered TAI"),
	O_TLV(0x17, S, s1_ue_net_cap, NAS_VT_OCTETS, 4, 15, "S1 UE network capability"),
	O_TLV(0x40, S, ul_data_status, NAS_VT_PSIMAP, 4, 34, "Uplink data status"),
	O_TLV(0x50, S, pdu_status, NAS_VT_PSIMAP, 4, 34, "PDU session status"),
	O_TV1(0xB0, S, mico, NAS_VT_HALF, "MICO indication"),
	O_TLV(0x2B, S, ue_status, NAS_VT_U8, 3, 3, "UE status"),
	O_TLVE(0x77, S, add_guti, NAS_VT_MOBID, 14, 14, "Additional GUTI"),
	O_TLV(0x25, S, allowed_pdu_status, NAS_VT_PSIMAP, 4, 34, "Allowed PDU session status"),
	O_TLV(0x18, S, usage_setting, NAS_VT_U8, 3, 3, "UE's usage setting"),
	O_TLV(0x51, S, drx, NAS_VT_U8, 3, 3, "Requested DRX parameters"),
	O_TLVE(0x70, S, eps_nas_msg, NAS_VT_BUF, 4, N, "EPS NAS message container"),
	O_TLVE(0x74, S, ladn_ind, NAS_VT_BUF, 3, 811, "LADN indication"),
	O_TV1(0x80, S, payload_type, NAS_VT_HALF, "Payload container type"),
	O_TLVE(0x7B, S, payload, NAS_VT_BUF, 4, 65538, "Payload container"),
	O_TV1(0x90, S, slicing_ind, NAS_VT_HALF, "Network slicing indication"),
	O_TLV(0x53, S, update_type, NAS_VT_U8, 3, 3, "5GS update type"),
	O_TLV(0x41, S, ms_cm2, NAS_VT_OCTETS, 5, 5, "Mobile station classmark 2"),
	O_TLV(0x42, S, codecs, NAS_VT_BUF, 5, N, "Supported codecs"),
	O_TLVE(0x71, S, nas_msg, NAS_VT_BUF, 4, N, "NAS message container"),
	O_TLV(0x60, S, eps_bearer_status, NAS_VT_PSIMAP, 4, 4, "EPS bearer context status"),
	O_TLV(0x6E, S, edrx, NAS_VT_OCTETS, 3, 4, "Requested extended DRX parameters"),
	O_TLV(0x6A, S, t3324, NAS_VT_TIMER, 3, 3, "T3324 value"),
	O_TLV(0x67, S, radio_cap_id, NAS_VT_BUF, 3, N, "UE radio capability ID"),
	O_TLV(0x35, S, mapped_nssai, NAS_VT_NSSAI, 3, 42, "Requested mapped NSSAI"),
	O_TLV(0x48, S, add_info_req, NAS_VT_U8, 3, 3, "Additional information requested"),
	O_TLV(0x1A, S, wus, NAS_VT_BUF, 3, N, "Requested WUS assistance information"),
	O_TV1(0xA0, S, n5gc, NAS_VT_HALF, "N5GC indication"),
	O_TLV(0x30, S, nb_drx, NAS_VT_U8, 3, 3, "Requested NB-N1 mode DRX parameters"),
	O_TLV(0x29, S, ue_req_type, NAS_VT_U8, 3, 3, "UE request type"),
	O_TLV(0x28, S, paging_restr, NAS_VT_BUF, 3, 35, "Paging restriction"),
	SLAA_O(S, 0x72),
	O_TLV(0x32, S, nid, NAS_VT_BUF, 8, 8, "NID"),
	O_TLV(0x16, S, disaster_plmn, NAS_VT_PLMN, 5, 5,
	      "MS determined PLMN with disaster condition"),
	O_TLV(0x2A, S, peips, NAS_VT_BUF, 3, N, "Requested PEIPS assistance information"),
	O_TLV(0x3B, S, t3512, NAS_VT_TIMER, 3, 3, "Requested T3512 value"),
};
#undef S

/* 8.2.7 */
#define S struct nas_reg_acc
static const struct nas_ie_def reg_acc_ies[] = {
	M_LV(S, result, NAS_VT_U8, 2, 2, "5GS registration result"),
	O_TLVE(0x77, S, guti, NAS_VT_MOBID, 14, 14, "5G-GUTI"),
	O_TLV(0x4A, S, eplmns, NAS_VT_PLMNLIST, 5, 47, "Equivalent PLMNs"),
	O_TLV(0x54, S, tai_list, NAS_VT_TAILIST, 9, 114, "TAI list"),
	O_TLV(0x15, S, allowed_nssai, NAS_VT_NSSAI, 4, 74, "Allowed NSSAI"),
	O_TLV(0x11, S, rejected_nssai, NAS_VT_REJNSSAI, 4, 42, "Rejected NSSAI"),
	O_TLV(0x31, S, configured_nssai, NAS_VT_NSSAI, 4, 146, "Configured NSSAI"),
	O_TLV(0x21, S, nfs, NAS_VT_OCTETS, 3, 5, "5GS network feature support"),
	O_TLV(0x50, S, pdu_status, NAS_VT_PSIMAP, 4, 34, "PDU session status"),
	O_TLV(0x26, S, react_result, NAS_VT_PSIMAP, 4, 34, "PDU session reactivation result"),
	O_TLVE(0x72, S, react_err, NAS_VT_REACTERR, 5, 515,
	       "PDU session reactivation result error cause"),
	O_TLVE(0x79, S, ladn_info, NAS_VT_BUF, 12, 1715, "LADN information"),
	O_TV1(0xB0, S, mico, NAS_VT_HALF, "MICO indication"),
	O_TV1(0x90, S, slicing_ind, NAS_VT_HALF, "Network slicing indication"),
	O_TLV(0x27, S, service_area, NAS_VT_BUF, 6, 114, "Service area list"),
	O_TLV(0x5E, S, t3512, NAS_VT_TIMER, 3, 3, "T3512 value"),
	O_TLV(0x5D, S, n3gpp_dereg, NAS_VT_TIMER, 3, 3, "Non-3GPP de-registration timer value"),
	O_TLV(0x16, S, t3502, NAS_VT_TIMER, 3, 3, "T3502 value"),
	O_TLV(0x34, S, emerg_numbers, NAS_VT_BUF, 5, 50, "Emergency number list"),
	O_TLVE(0x7A, S, ext_emerg_numbers, NAS_VT_BUF, 7, 65538, "Extended emergency number list"),
	O_TLVE(0x73, S, sor, NAS_VT_BUF, 20, N, "SOR transparent container"),
	EAP_O(S),
	O_TV1(0xA0, S, nssai_incl_mode, NAS_VT_HALF, "NSSAI inclusion mode"),
	O_TLVE(0x76, S, op_acd, NAS_VT_BUF, 3, 8323,
	       "Operator-defined access category definitions"),
	O_TLV(0x51, S, drx, NAS_VT_U8, 3, 3, "Negotiated DRX parameters"),
	O_TV1(0xD0, S, n3gpp_policies, NAS_VT_HALF, "Non-3GPP NW policies"),
	O_TLV(0x60, S, eps_bearer_status, NAS_VT_PSIMAP, 4, 4, "EPS bearer context status"),
	O_TLV(0x6E, S, edrx, NAS_VT_OCTETS, 3, 4, "Negotiated extended DRX parameters"),
	O_TLV(0x6C, S, t3447, NAS_VT_TIMER, 3, 3, "T3447 value"),
	O_TLV(0x6B, S, t3448, NAS_VT_TIMER, 3, 3, "T3448 value"),
	O_TLV(0x6A, S, t3324, NAS_VT_TIMER, 3, 3, "T3324 value"),
	O_TLV(0x67, S, radio_cap_id, NAS_VT_BUF, 3, N, "UE radio capability ID"),
	O_TV1(0xE0, S, radio_cap_del, NAS_VT_HALF, "UE radio capability ID deletion indication"),
	O_TLV(0x39, S, pending_nssai, NAS_VT_NSSAI, 4, 146, "Pending NSSAI"),
	O_TLVE(0x74, S, ciph_key_data, NAS_VT_BUF, 34, N, "Ciphering key data"),
	O_TLVE(0x75, S, cag_info, NAS_VT_BUF, 3, N, "CAG information list"),
	O_TLV(0x1B, S, trunc_stmsi, NAS_VT_U8, 3, 3, "Truncated 5G-S-TMSI configuration"),
	O_TLV(0x1C, S, wus, NAS_VT_BUF, 3, N, "Negotiated WUS assistance information"),
	O_TLV(0x29, S, nb_drx, NAS_VT_U8, 3, 3, "Negotiated NB-N1 mode DRX parameters"),
	O_TLV(0x68, S, ext_rejected_nssai, NAS_VT_BUF, 5, 90, "Extended rejected NSSAI"),
	SLAA_O(S, 0x7B),
	O_TLV(0x33, S, peips, NAS_VT_BUF, 3, N, "Negotiated PEIPS assistance information"),
	/* Table 8.2.7.1.1 gives IEI 34 to this IE too: told apart by length. */
	O_TLV(0x34, S, add_req_result, NAS_VT_U8, 3, 3, "5GS additional request result"),
	O_TLVE(0x70, S, nssrg, NAS_VT_BUF, 7, 4099, "NSSRG information"),
	O_TLV(0x14, S, disaster_roam_wait, NAS_VT_BUF, 4, 4, "Disaster roaming wait range"),
	O_TLV(0x2C, S, disaster_return_wait, NAS_VT_BUF, 4, 4, "Disaster return wait range"),
	O_TLV(0x13, S, disaster_plmns, NAS_VT_BUF, 2, N,
	      "List of PLMNs to be used in disaster condition"),
	FORBID_O(S),
	O_TLVE(0x71, S, ext_cag_info, NAS_VT_BUF, 3, N, "Extended CAG information list"),
	O_TLVE(0x7C, S, nsag, NAS_VT_BUF, 9, 3143, "NSAG information"),
};
#undef S

/* 8.2.8 */
#define S struct nas_reg_complete
static const struct nas_ie_def reg_complete_ies[] = {
	O_TLVE(0x73, S, sor, NAS_VT_BUF, 20, 20, "SOR transparent container"),
};
#undef S

/* 8.2.9 */
#define S struct nas_reg_rej
static const struct nas_ie_def reg_rej_ies[] = {
	M_V(S, cause, NAS_VT_U8, 1, "5GMM cause"),
	O_TLV(0x5F, S, t3346, NAS_VT_TIMER, 3, 3, "T3346 value"),
	O_TLV(0x16, S, t3502, NAS_VT_TIMER, 3, 3, "T3502 value"),
	EAP_O(S),
	O_TLV(0x69, S, rejected_nssai, NAS_VT_REJNSSAI, 4, 42, "Rejected NSSAI"),
	O_TLVE(0x75, S, cag_info, NAS_VT_BUF, 3, N, "CAG information list"),
	O_TLV(0x68, S, ext_rejected_nssai, NAS_VT_BUF, 5, 90, "Extended rejected NSSAI"),
	O_TLV(0x2C, S, disaster_return_wait, NAS_VT_BUF, 4, 4, "Disaster return wait range"),
	O_TLVE(0x71, S, ext_cag_info, NAS_VT_BUF, 3, N, "Extended CAG information list"),
	O_TLV(0x3A, S, lower_bound, NAS_VT_TIMER, 3, 3, "Lower bound timer value"),
	FORBID_O(S),
};
#undef S

/* 8.2.10 */
#define S struct nas_ul_nas_transport
static const struct nas_ie_def ul_nas_ies[] = {
	M_LO(S, payload_type, NAS_VT_HALF, "Payload container type"),
	M_SPARE,
	M_LVE(S, payload, NAS_VT_BUF, 3, 65537, "Payload container"),
	O_TV(0x12, S, psi, NAS_VT_U8, 2, "PDU session ID"),
	O_TV(0x59, S, old_psi, NAS_VT_U8, 2, "Old PDU session ID"),
	O_TV1(0x80, S, req_type, NAS_VT_HALF, "Request type"),
	O_TLV(0x22, S, snssai, NAS_VT_SNSSAI, 3, 10, "S-NSSAI"),
	O_TLV(0x25, S, dnn, NAS_VT_DNN, 3, 102, "DNN"),
	O_TLV(0x24, S, add_info, NAS_VT_BUF, 3, N, "Additional information"),
	O_TV1(0xA0, S, ma_pdu_info, NAS_VT_HALF, "MA PDU session information"),
	O_TV1(0xF0, S, rel_assist, NAS_VT_HALF, "Release assistance indication"),
};
#undef S

/* 8.2.11 */
#define S struct nas_dl_nas_transport
static const struct nas_ie_def dl_nas_ies[] = {
	M_LO(S, payload_type, NAS_VT_HALF, "Payload container type"),
	M_SPARE,
	M_LVE(S, payload, NAS_VT_BUF, 3, 65537, "Payload container"),
	O_TV(0x12, S, psi, NAS_VT_U8, 2, "PDU session ID"),
	O_TLV(0x24, S, add_info, NAS_VT_BUF, 3, N, "Additional information"),
	O_TV(0x58, S, cause, NAS_VT_U8, 2, "5GMM cause"),
	O_TLV(0x37, S, backoff, NAS_VT_TIMER, 3, 3, "Back-off timer value"),
	O_TLV(0x3A, S, lower_bound, NAS_VT_TIMER, 3, 3, "Lower bound timer value"),
};
#undef S

/* 8.2.12 */
#define S struct nas_dereg_req_ue
static const struct nas_ie_def dereg_req_ue_ies[] = {
	M_LO(S, dereg_type, NAS_VT_DEREGTYPE, "De-registration type"),
	M_HI(S, ngksi, NAS_VT_KSI, "ngKSI"),
	M_LVE(S, mobile_id, NAS_VT_MOBID, 6, N, "5GS mobile identity"),
};
#undef S

/* 8.2.14 */
#define S struct nas_dereg_req_nw
static const struct nas_ie_def dereg_req_nw_ies[] = {
	M_LO(S, dereg_type, NAS_VT_DEREGTYPE, "De-registration type"),
	M_SPARE,
	O_TV(0x58, S, cause, NAS_VT_U8, 2, "5GMM cause"),
	O_TLV(0x5F, S, t3346, NAS_VT_TIMER, 3, 3, "T3346 value"),
	O_TLV(0x6D, S, rejected_nssai, NAS_VT_REJNSSAI, 4, 42, "Rejected NSSAI"),
	O_TLVE(0x75, S, cag_info, NAS_VT_BUF, 3, N, "CAG information list"),
	O_TLV(0x68, S, ext_rejected_nssai, NAS_VT_BUF, 5, 90, "Extended rejected NSSAI"),
	O_TLV(0x2C, S, disaster_return_wait, NAS_VT_BUF, 4, 4, "Disaster return wait range"),
	O_TLVE(0x71, S, ext_cag_info, NAS_VT_BUF, 3, N, "Extended CAG information list"),
	O_TLV(0x3A, S, lower_bound, NAS_VT_TIMER, 3, 3, "Lower bound timer value"),
	FORBID_O(S),
};
#undef S

/* 8.2.16 */
#define S struct nas_service_req
static const struct nas_ie_def service_req_ies[] = {
	M_LO(S, ngksi, NAS_VT_KSI, "ngKSI"),
	M_HI(S, service_type, NAS_VT_HALF, "Service type"),
	M_LVE(S, stmsi, NAS_VT_MOBID, 9, 9, "5G-S-TMSI"),
	O_TLV(0x40, S, ul_data_status, NAS_VT_PSIMAP, 4, 34, "Uplink data status"),
	O_TLV(0x50, S, pdu_status, NAS_VT_PSIMAP, 4, 34, "PDU session status"),
	O_TLV(0x25, S, allowed_pdu_status, NAS_VT_PSIMAP, 4, 34, "Allowed PDU session status"),
	O_TLVE(0x71, S, nas_msg, NAS_VT_BUF, 4, N, "NAS message container"),
	O_TLV(0x29, S, ue_req_type, NAS_VT_U8, 3, 3, "UE request type"),
	O_TLV(0x28, S, paging_restr, NAS_VT_BUF, 3, 35, "Paging restriction"),
};
#undef S

/* 8.2.17 */
#define S struct nas_service_acc
static const struct nas_ie_def service_acc_ies[] = {
	O_TLV(0x50, S, pdu_status, NAS_VT_PSIMAP, 4, 34, "PDU session status"),
	O_TLV(0x26, S, react_result, NAS_VT_PSIMAP, 4, 34, "PDU session reactivation result"),
	O_TLVE(0x72, S, react_err, NAS_VT_REACTERR, 5, 515,
	       "PDU session reactivation result error cause"),
	EAP_O(S),
	O_TLV(0x6B, S, t3448, NAS_VT_TIMER, 3, 3, "T3448 value"),
	O_TLV(0x34, S, add_req_result, NAS_VT_U8, 3, 3, "5GS additional request result"),
	FORBID_O(S),
};
#undef S

/* 8.2.18 */
#define S struct nas_service_rej
static const struct nas_ie_def service_rej_ies[] = {
	M_V(S, cause, NAS_VT_U8, 1, "5GMM cause"),
	O_TLV(0x50, S, pdu_status, NAS_VT_PSIMAP, 4, 34, "PDU session status"),
	O_TLV(0x5F, S, t3346, NAS_VT_TIMER, 3, 3, "T3346 value"),
	EAP_O(S),
	O_TLV(0x6B, S, t3448, NAS_VT_TIMER, 3, 3, "T3448 value"),
	O_TLVE(0x75, S, cag_info, NAS_VT_BUF, 3, N, "CAG information list"),
	O_TLV(0x2C, S, disaster_return_wait, NAS_VT_BUF, 4, 4, "Disaster return wait range"),
	O_TLVE(0x71, S, ext_cag_info, NAS_VT_BUF, 3, N, "Extended CAG information list"),
	O_TLV(0x3A, S, lower_bound, NAS_VT_TIMER, 3, 3, "Lower bound timer value"),
	FORBID_O(S),
};
#undef S

/* 8.2.19 */
#define S struct nas_conf_update_cmd
static const struct nas_ie_def conf_update_cmd_ies[] = {
	O_TV1(0xD0, S, conf_update_ind, NAS_VT_HALF, "Configuration update indication"),
	O_TLVE(0x77, S, guti, NAS_VT_MOBID, 14, 14, "5G-GUTI"),
	O_TLV(0x54, S, tai_list, NAS_VT_TAILIST, 9, 114, "TAI list"),
	O_TLV(0x15, S, allowed_nssai, NAS_VT_NSSAI, 4, 74, "Allowed NSSAI"),
	O_TLV(0x27, S, service_area, NAS_VT_BUF, 6, 114, "Service area list"),
	O_TLV(0x43, S, full_name, NAS_VT_BUF, 3, N, "Full name for network"),
	O_TLV(0x45, S, short_name, NAS_VT_BUF, 3, N, "Short name for network"),
	O_TV(0x46, S, tz, NAS_VT_U8, 2, "Local time zone"),
	O_TV(0x47, S, tz_time, NAS_VT_BUF, 8, "Universal time and local time zone"),
	O_TLV(0x49, S, dst, NAS_VT_U8, 3, 3, "Network daylight saving time"),
	O_TLVE(0x79, S, ladn_info, NAS_VT_BUF, 3, 1715, "LADN information"),
	O_TV1(0xB0, S, mico, NAS_VT_HALF, "MICO indication"),
	O_TV1(0x90, S, slicing_ind, NAS_VT_HALF, "Network slicing indication"),
	O_TLV(0x31, S, configured_nssai, NAS_VT_NSSAI, 4, 146, "Configured NSSAI"),
	O_TLV(0x11, S, rejected_nssai, NAS_VT_REJNSSAI, 4, 42, "Rejected NSSAI"),
	O_TLVE(0x76, S, op_acd, NAS_VT_BUF, 3, 8323,
	       "Operator-defined access category definitions"),
	O_TV1(0xF0, S, sms_ind, NAS_VT_HALF, "SMS indication"),
	O_TLV(0x6C, S, t3447, NAS_VT_TIMER, 3, 3, "T3447 value"),
	O_TLVE(0x75, S, cag_info, NAS_VT_BUF, 3, N, "CAG information list"),
	O_TLV(0x67, S, radio_cap_id, NAS_VT_BUF, 3, N, "UE radio capability ID"),
	O_TV1(0xA0, S, radio_cap_del, NAS_VT_HALF, "UE radio capability ID deletion indication"),
	O_TLV(0x44, S, reg_result, NAS_VT_U8, 3, 3, "5GS registration result"),
	O_TLV(0x1B, S, trunc_stmsi, NAS_VT_U8, 3, 3, "Truncated 5G-S-TMSI configuration"),
	O_TV1(0xC0, S, add_conf_ind, NAS_VT_HALF, "Additional configuration indication"),
	O_TLV(0x68, S, ext_rejected_nssai, NAS_VT_BUF, 5, 90, "Extended rejected NSSAI"),
	SLAA_O(S, 0x72),
	O_TLVE(0x70, S, nssrg, NAS_VT_BUF, 7, 4099, "NSSRG information"),
	O_TLV(0x14, S, disaster_roam_wait, NAS_VT_BUF, 4, 4, "Disaster roaming wait range"),
	O_TLV(0x2C, S, disaster_return_wait, NAS_VT_BUF, 4, 4, "Disaster return wait range"),
	O_TLV(0x13, S, disaster_plmns, NAS_VT_BUF, 2, N,
	      "List of PLMNs to be used in disaster condition"),
	O_TLVE(0x71, S, ext_cag_info, NAS_VT_BUF, 3, N, "Extended CAG information list"),
	O_TLV(0x1F, S, peips, NAS_VT_BUF, 3, N, "Updated PEIPS assistance information"),
	O_TLVE(0x73, S, nsag, NAS_VT_BUF, 9, 3143, "NSAG information"),
	O_TV1(0xE0, S, priority_ind, NAS_VT_HALF, "Priority indicator"),
};
#undef S

/* 8.2.21 */
#define S struct nas_identity_req
static const struct nas_ie_def identity_req_ies[] = {
	M_LO(S, id_type, NAS_VT_HALF, "Identity type"),
	M_SPARE,
};
#undef S

/* 8.2.22 */
#define S struct nas_identity_resp
static const struct nas_ie_def identity_resp_ies[] = {
	M_LVE(S, mobile_id, NAS_VT_MOBID, 3, N, "Mobile identity"),
};
#undef S

/* 8.2.23 */
#define S struct nas_notification
static const struct nas_ie_def notification_ies[] = {
	M_LO(S, access, NAS_VT_HALF, "Access type"),
	M_SPARE,
};
#undef S

/* 8.2.24 */
#define S struct nas_notification_resp
static const struct nas_ie_def notification_resp_ies[] = {
	O_TLV(0x50, S, pdu_status, NAS_VT_PSIMAP, 4, 34, "PDU session status"),
};
#undef S

/* 8.2.25 */
#define S struct nas_smc
static const struct nas_ie_def smc_ies[] = {
	M_V(S, algs, NAS_VT_SECALGS, 1, "Selected NAS security algorithms"),
	M_LO(S, ngksi, NAS_VT_KSI, "ngKSI"),
	M_SPARE,
	M_LV(S, replayed_cap, NAS_VT_UESECCAP, 3, 9, "Replayed UE security capabilities"),
	O_TV1(0xE0, S, imeisv_req, NAS_VT_HALF, "IMEISV request"),
	O_TV(0x57, S, eps_algs, NAS_VT_U8, 2, "Selected EPS NAS security algorithms"),
	O_TLV(0x36, S, add_sec_info, NAS_VT_U8, 3, 3, "Additional 5G security information"),
	EAP_O(S),
	O_TLV(0x38, S, abba, NAS_VT_BUF, 4, N, "ABBA"),
	O_TLV(0x19, S, s1_sec_cap, NAS_VT_OCTETS, 4, 7, "Replayed S1 UE security capabilities"),
};
#undef S

/* 8.2.26 */
#define S struct nas_smc_complete
static const struct nas_ie_def smc_complete_ies[] = {
	O_TLVE(0x77, S, imeisv, NAS_VT_MOBID, 12, 12, "IMEISV"),
	O_TLVE(0x71, S, nas_msg, NAS_VT_BUF, 4, N, "NAS message container"),
	O_TLVE(0x78, S, pei, NAS_VT_MOBID, 7, N, "non-IMEISV PEI"),
};
#undef S

/* 8.2.27, 8.2.29 */
#define S struct nas_mm_cause_only
static const struct nas_ie_def mm_cause_only_ies[] = {
	M_V(S, cause, NAS_VT_U8, 1, "5GMM cause"),
};
#undef S

/* 8.2.30 */
#define S struct nas_cp_service_req
static const struct nas_ie_def cp_service_req_ies[] = {
	M_LO(S, cp_service_type, NAS_VT_HALF, "Control plane service type"),
	M_HI(S, ngksi, NAS_VT_KSI, "ngKSI"),
	O_TLV(0x6F, S, ciot_data, NAS_VT_BUF, 4, 257, "CIoT small data container"),
	O_TV1(0x80, S, payload_type, NAS_VT_HALF, "Payload container type"),
	O_TLVE(0x7B, S, payload, NAS_VT_BUF, 4, 65538, "Payload container"),
	O_TV(0x12, S, psi, NAS_VT_U8, 2, "PDU session ID"),
	O_TLV(0x50, S, pdu_status, NAS_VT_PSIMAP, 4, 34, "PDU session status"),
	O_TV1(0xF0, S, rel_assist, NAS_VT_HALF, "Release assistance indication"),
	O_TLV(0x40, S, ul_data_status, NAS_VT_PSIMAP, 4, 34, "Uplink data status"),
	O_TLVE(0x71, S, nas_msg, NAS_VT_BUF, 4, N, "NAS message container"),
	O_TLV(0x24, S, add_info, NAS_VT_BUF, 3, N, "Additional information"),
	O_TLV(0x25, S, allowed_pdu_status, NAS_VT_PSIMAP, 4, 34, "Allowed PDU session status"),
	O_TLV(0x29, S, ue_req_type, NAS_VT_U8, 3, 3, "UE request type"),
	O_TLV(0x28, S, paging_restr, NAS_VT_BUF, 3, 35, "Paging restriction"),
};
#undef S

/* 8.2.31-33 */
#define S struct nas_nssaa
static const struct nas_ie_def nssaa_ies[] = {
	M_LV(S, snssai, NAS_VT_SNSSAI, 2, 5, "S-NSSAI"),
	M_LVE(S, eap, NAS_VT_BUF, 6, 1502, "EAP message"),
};
#undef S

/* 8.3.1 */
#define S struct nas_pdu_est_req
static const struct nas_ie_def pdu_est_req_ies[] = {
	M_V(S, ipmdr, NAS_VT_IPMDR, 2, "Integrity protection maximum data rate"),
	O_TV1(0x90, S, pdu_type, NAS_VT_HALF, "PDU session type"),
	O_TV1(0xA0, S, ssc_mode, NAS_VT_HALF, "SSC mode"),
	O_TLV(0x28, S, sm_cap, NAS_VT_OCTETS, 3, 15, "5GSM capability"),
	O_TV(0x55, S, max_pf, NAS_VT_MAXPF, 3, "Maximum number of supported packet filters"),
	O_TV1(0xB0, S, always_on, NAS_VT_HALF, "Always-on PDU session requested"),
	O_TLV(0x39, S, dn_req, NAS_VT_BUF, 3, 255, "SM PDU DN request container"),
	EPCO_O(S),
	O_TLV(0x66, S, iphc, NAS_VT_BUF, 5, 257, "IP header compression configuration"),
	O_TLV(0x6E, S, dstt_mac, NAS_VT_BUF, 8, 8, "DS-TT Ethernet port MAC address"),
	O_TLV(0x6F, S, dstt_residence, NAS_VT_BUF, 10, 10, "UE-DS-TT residence time"),
	O_TLVE(0x74, S, port_mgmt, NAS_VT_BUF, 8, 65538, "Port management information container"),
	O_TLV(0x1F, S, ehc, NAS_VT_U8, 3, 3, "Ethernet header compression configuration"),
	O_TLV(0x29, S, suggested_ifid, NAS_VT_PDUADDR, 11, 11, "Suggested interface identifier"),
	SLAA_O(S, 0x72),
	O_TLVE(0x70, S, mbs_req, NAS_VT_BUF, 8, 65538, "Requested MBS container"),
	O_TLV(0x34, S, pair_id, NAS_VT_U8, 3, 3, "PDU session pair ID"),
	O_TLV(0x35, S, rsn, NAS_VT_U8, 3, 3, "RSN"),
};
#undef S

/* 8.3.2 */
#define S struct nas_pdu_est_acc
static const struct nas_ie_def pdu_est_acc_ies[] = {
	M_LO(S, pdu_type, NAS_VT_HALF, "Selected PDU session type"),
	M_HI(S, ssc_mode, NAS_VT_HALF, "Selected SSC mode"),
	M_LVE(S, qos_rules, NAS_VT_QOSRULES, 6, 65538, "Authorized QoS rules"),
	M_LV(S, ambr, NAS_VT_AMBR, 7, 7, "Session AMBR"),
	O_TV(0x59, S, cause, NAS_VT_U8, 2, "5GSM cause"),
	O_TLV(0x29, S, pdu_addr, NAS_VT_PDUADDR, 7, 31, "PDU address"),
	O_TV(0x56, S, rq_timer, NAS_VT_TIMER, 2, "RQ timer value"),
	O_TLV(0x22, S, snssai, NAS_VT_SNSSAI, 3, 10, "S-NSSAI"),
	O_TV1(0x80, S, always_on, NAS_VT_HALF, "Always-on PDU session indication"),
	O_TLVE(0x75, S, mapped_eps, NAS_VT_BUF, 7, 65538, "Mapped EPS bearer contexts"),
	EAP_O(S),
	O_TLVE(0x79, S, qos_flows, NAS_VT_QOSFLOWS, 6, 65538, "Authorized QoS flow descriptions"),
	EPCO_O(S),
	O_TLV(0x25, S, dnn, NAS_VT_DNN, 3, 102, "DNN"),
	O_TLV(0x17, S, sm_nfs, NAS_VT_OCTETS, 3, 15, "5GSM network feature support"),
	O_TLV(0x18, S, rate_ctrl, NAS_VT_BUF, 4, 4, "Serving PLMN rate control"),
	O_TLVE(0x77, S, atsss, NAS_VT_BUF, 3, 65538, "ATSSS container"),
	O_TV1(0xC0, S, cp_only, NAS_VT_HALF, "Control plane only indication"),
	O_TLV(0x66, S, iphc, NAS_VT_BUF, 5, 257, "IP header compression configuration"),
	O_TLV(0x1F, S, ehc, NAS_VT_U8, 3, 3, "Ethernet header compression configuration"),
	SLAA_O(S, 0x72),
	O_TLVE(0x71, S, mbs, NAS_VT_BUF, 9, 65538, "Received MBS container"),
};
#undef S

/* 8.3.3 */
#define S struct nas_pdu_est_rej
static const struct nas_ie_def pdu_est_rej_ies[] = {
	M_V(S, cause, NAS_VT_U8, 1, "5GSM cause"),
	O_TLV(0x37, S, backoff, NAS_VT_TIMER, 3, 3, "Back-off timer value"),
	O_TV1(0xF0, S, allowed_ssc, NAS_VT_HALF, "Allowed SSC mode"),
	EAP_O(S),
	O_TLV(0x61, S, congestion, NAS_VT_U8, 3, 3, "5GSM congestion re-attempt indicator"),
	EPCO_O(S),
	O_TLV(0x1D, S, reattempt, NAS_VT_U8, 3, 3, "Re-attempt indicator"),
	SLAA_O(S, 0x72),
};
#undef S

/* 8.3.4, 8.3.5 */
#define S struct nas_pdu_auth
static const struct nas_ie_def pdu_auth_ies[] = {
	M_LVE(S, eap, NAS_VT_BUF, 6, 1502, "EAP message"),
	EPCO_O(S),
};
#undef S

/* 8.3.6 */
#define S struct nas_pdu_auth_result
static const struct nas_ie_def pdu_auth_result_ies[] = {
	EAP_O(S),
	EPCO_O(S),
};
#undef S

/* 8.3.7 */
#define S struct nas_pdu_mod_req
static const struct nas_ie_def pdu_mod_req_ies[] = {
	O_TLV(0x28, S, sm_cap, NAS_VT_OCTETS, 3, 15, "5GSM capability"),
	O_TV(0x59, S, cause, NAS_VT_U8, 2, "5GSM cause"),
	O_TV(0x55, S, max_pf, NAS_VT_MAXPF, 3, "Maximum number of supported packet filters"),
	O_TV1(0xB0, S, always_on, NAS_VT_HALF, "Always-on PDU session requested"),
	O_TV(0x13, S, ipmdr, NAS_VT_IPMDR, 3, "Integrity protection maximum data rate"),
	O_TLVE(0x7A, S, qos_rules, NAS_VT_QOSRULES, 7, 65538, "Requested QoS rules"),
	O_TLVE(0x79, S, qos_flows, NAS_VT_QOSFLOWS, 6, 65538, "Requested QoS flow descriptions"),
	O_TLVE(0x75, S, mapped_eps, NAS_VT_BUF, 7, 65538, "Mapped EPS bearer contexts"),
	EPCO_O(S),
	O_TLVE(0x74, S, port_mgmt, NAS_VT_BUF, 4, 65538, "Port management information container"),
	O_TLV(0x66, S, iphc, NAS_VT_BUF, 5, 257, "IP header compression configuration"),
	O_TLV(0x1F, S, ehc, NAS_VT_U8, 3, 3, "Ethernet header compression configuration"),
	O_TLVE(0x70, S, mbs_req, NAS_VT_BUF, 8, 65538, "Requested MBS container"),
	SLAA_O(S, 0x72),
};
#undef S

/* 8.3.8 */
#define S struct nas_pdu_mod_rej
static const struct nas_ie_def pdu_mod_rej_ies[] = {
	M_V(S, cause, NAS_VT_U8, 1, "5GSM cause"),
	O_TLV(0x37, S, backoff, NAS_VT_TIMER, 3, 3, "Back-off timer value"),
	O_TLV(0x61, S, congestion, NAS_VT_U8, 3, 3, "5GSM congestion re-attempt indicator"),
	EPCO_O(S),
	O_TLV(0x1D, S, reattempt, NAS_VT_U8, 3, 3, "Re-attempt indicator"),
};
#undef S

/* 8.3.9 */
#define S struct nas_pdu_mod_cmd
static const struct nas_ie_def pdu_mod_cmd_ies[] = {
	O_TV(0x59, S, cause, NAS_VT_U8, 2, "5GSM cause"),
	O_TLV(0x2A, S, ambr, NAS_VT_AMBR, 8, 8, "Session AMBR"),
	O_TV(0x56, S, rq_timer, NAS_VT_TIMER, 2, "RQ timer value"),
	O_TV1(0x80, S, always_on, NAS_VT_HALF, "Always-on PDU session indication"),
	O_TLVE(0x7A, S, qos_rules, NAS_VT_QOSRULES, 7, 65538, "Authorized QoS rules"),
	O_TLVE(0x75, S, mapped_eps, NAS_VT_BUF, 7, 65538, "Mapped EPS bearer contexts"),
	O_TLVE(0x79, S, qos_flows, NAS_VT_QOSFLOWS, 6, 65538, "Authorized QoS flow descriptions"),
	EPCO_O(S),
	O_TLVE(0x77, S, atsss, NAS_VT_BUF, 3, 65538, "ATSSS container"),
	O_TLV(0x66, S, iphc, NAS_VT_BUF, 5, 257, "IP header compression configuration"),
	O_TLVE(0x74, S, port_mgmt, NAS_VT_BUF, 4, 65538, "Port management information container"),
	O_TLV(0x1E, S, rate_ctrl, NAS_VT_BUF, 4, 4, "Serving PLMN rate control"),
	O_TLV(0x1F, S, ehc, NAS_VT_U8, 3, 3, "Ethernet header compression configuration"),
	O_TLVE(0x71, S, mbs, NAS_VT_BUF, 9, 65538, "Received MBS container"),
	SLAA_O(S, 0x72),
};
#undef S

/* 8.3.10 */
#define S struct nas_pdu_mod_complete
static const struct nas_ie_def pdu_mod_complete_ies[] = {
	EPCO_O(S),
	O_TLVE(0x74, S, port_mgmt, NAS_VT_BUF, 4, 65538, "Port management information container"),
};
#undef S

/* 8.3.11, 8.3.13 */
#define S struct nas_sm_cause_epco
static const struct nas_ie_def sm_cause_epco_ies[] = {
	M_V(S, cause, NAS_VT_U8, 1, "5GSM cause"),
	EPCO_O(S),
};
#undef S

/* 8.3.12, 8.3.15 */
#define S struct nas_sm_opt_cause_epco
static const struct nas_ie_def sm_opt_cause_epco_ies[] = {
	O_TV(0x59, S, cause, NAS_VT_U8, 2, "5GSM cause"),
	EPCO_O(S),
};
#undef S

/* 8.3.14 */
#define S struct nas_pdu_rel_cmd
static const struct nas_ie_def pdu_rel_cmd_ies[] = {
	M_V(S, cause, NAS_VT_U8, 1, "5GSM cause"),
	O_TLV(0x37, S, backoff, NAS_VT_TIMER, 3, 3, "Back-off timer value"),
	EAP_O(S),
	O_TLV(0x61, S, congestion, NAS_VT_U8, 3, 3, "5GSM congestion re-attempt indicator"),
	EPCO_O(S),
	O_TV1(0xD0, S, access, NAS_VT_HALF, "Access type"),
	SLAA_O(S, 0x72),
};
#undef S

/* 8.3.16 */
#define S struct nas_sm_status
static const struct nas_ie_def sm_status_ies[] = {
	M_V(S, cause, NAS_VT_U8, 1, "5GSM cause"),
};
#undef S

/* 8.3.17, 8.3.18 */
#define S struct nas_sla
static const struct nas_ie_def sla_ies[] = {
	M_LVE(S, slaa, NAS_VT_BUF, 5, N, "Service-level-AA container"),
};
#undef S

#define MM(type, name, ies, S)                                                                     \
	{                                                                                          \
		NAS_EPD_5GMM, type, name, ies, sizeof(ies) / sizeof(ies[0]), sizeof(S)             \
	}
#define MM0(type, name)                                                                            \
	{                                                                                          \
		NAS_EPD_5GMM, type, name, NULL, 0, 0                                               \
	}
#define SM(type, name, ies, S)                                                                     \
	{                                                                                          \
		NAS_EPD_5GSM, type, name, ies, sizeof(ies) / sizeof(ies[0]), sizeof(S)             \
	}

/* Sorted by message type: nas_msg_def_find() searches it by halves. */
static const struct nas_msg_def defs[] = {
	MM(NAS_REG_REQ, "Registration request", reg_req_ies, struct nas_reg_req),
	MM(NAS_REG_ACC, "Registration accept", reg_acc_ies, struct nas_reg_acc),
	MM(NAS_REG_COMPLETE, "Registration complete", reg_complete_ies, struct nas_reg_complete),
	MM(NAS_REG_REJ, "Registration reject", reg_rej_ies, struct nas_reg_rej),
	MM(NAS_DEREG_REQ_UE, "Deregistration request (UE originating)", dereg_req_ue_ies,
	   struct nas_dereg_req_ue),
	MM0(NAS_DEREG_ACC_UE, "Deregistration accept (UE originating)"),
	MM(NAS_DEREG_REQ_NW, "Deregistration request (UE terminated)", dereg_req_nw_ies,
	   struct nas_dereg_req_nw),
	MM0(NAS_DEREG_ACC_NW, "Deregistration accept (UE terminated)"),
	MM(NAS_SERVICE_REQ, "Service request", service_req_ies, struct nas_service_req),
	MM(NAS_SERVICE_REJ, "Service reject", service_rej_ies, struct nas_service_rej),
	MM(NAS_SERVICE_ACC, "Service accept", service_acc_ies, struct nas_service_acc),
	MM(NAS_CP_SERVICE_REQ, "Control plane service request", cp_service_req_ies,
	   struct nas_cp_service_req),
	MM(NAS_NSSAA_CMD, "Network slice-specific authentication command", nssaa_ies,
	   struct nas_nssaa),
	MM(NAS_NSSAA_COMPLETE, "Network slice-specific authentication complete", nssaa_ies,
	   struct nas_nssaa),
	MM(NAS_NSSAA_RESULT, "Network slice-specific authentication result", nssaa_ies,
	   struct nas_nssaa),
	MM(NAS_CONF_UPDATE_CMD, "Configuration update command", conf_update_cmd_ies,
	   struct nas_conf_update_cmd),
	MM0(NAS_CONF_UPDATE_COMPLETE, "Configuration update complete"),
	MM(NAS_AUTH_REQ, "Authentication request", auth_req_ies, struct nas_auth_req),
	MM(NAS_AUTH_RESP, "Authentication response", auth_resp_ies, struct nas_auth_resp),
	MM(NAS_AUTH_REJ, "Authentication reject", auth_rej_ies, struct nas_auth_rej),
	MM(NAS_AUTH_FAIL, "Authentication failure", auth_fail_ies, struct nas_auth_fail),
	MM(NAS_AUTH_RESULT, "Authentication result", auth_result_ies, struct nas_auth_result),
	MM(NAS_IDENTITY_REQ, "Identity request", identity_req_ies, struct nas_identity_req),
	MM(NAS_IDENTITY_RESP, "Identity response", identity_resp_ies, struct nas_identity_resp),
	MM(NAS_SMC, "Security mode command", smc_ies, struct nas_smc),
	MM(NAS_SMC_COMPLETE, "Security mode complete", smc_complete_ies, struct nas_smc_complete),
	MM(NAS_SMC_REJ, "Security mode reject", mm_cause_only_ies, struct nas_mm_cause_only),
	MM(NAS_5GMM_STATUS, "5GMM status", mm_cause_only_ies, struct nas_mm_cause_only),
	MM(NAS_NOTIFICATION, "Notification", notification_ies, struct nas_notification),
	MM(NAS_NOTIFICATION_RESP, "Notification response", notification_resp_ies,
	   struct nas_notification_resp),
	MM(NAS_UL_NAS_TRANSPORT, "UL NAS transport", ul_nas_ies, struct nas_ul_nas_transport),
	MM(NAS_DL_NAS_TRANSPORT, "DL NAS transport", dl_nas_ies, struct nas_dl_nas_transport),

	SM(NAS_PDU_EST_REQ, "PDU session establishment request", pdu_est_req_ies,
	   struct nas_pdu_est_req),
	SM(NAS_PDU_EST_ACC, "PDU session establishment accept", pdu_est_acc_ies,
	   struct nas_pdu_est_acc),
	SM(NAS_PDU_EST_REJ, "PDU session establishment reject", pdu_est_rej_ies,
	   struct nas_pdu_est_rej),
	SM(NAS_PDU_AUTH_CMD, "PDU session authentication command", pdu_auth_ies,
	   struct nas_pdu_auth),
	SM(NAS_PDU_AUTH_COMPLETE, "PDU session authentication complete", pdu_auth_ies,
	   struct nas_pdu_auth),
	SM(NAS_PDU_AUTH_RESULT, "PDU session authentication result", pdu_auth_result_ies,
	   struct nas_pdu_auth_result),
	SM(NAS_PDU_MOD_REQ, "PDU session modification request", pdu_mod_req_ies,
	   struct nas_pdu_mod_req),
	SM(NAS_PDU_MOD_REJ, "PDU session modification reject", pdu_mod_rej_ies,
	   struct nas_pdu_mod_rej),
	SM(NAS_PDU_MOD_CMD, "PDU session modification command", pdu_mod_cmd_ies,
	   struct nas_pdu_mod_cmd),
	SM(NAS_PDU_MOD_COMPLETE, "PDU session modification complete", pdu_mod_complete_ies,
	   struct nas_pdu_mod_complete),
	SM(NAS_PDU_MOD_CMD_REJ, "PDU session modification command reject", sm_cause_epco_ies,
	   struct nas_sm_cause_epco),
	SM(NAS_PDU_REL_REQ, "PDU session release request", sm_opt_cause_epco_ies,
	   struct nas_sm_opt_cause_epco),
	SM(NAS_PDU_REL_REJ, "PDU session release reject", sm_cause_epco_ies,
	   struct nas_sm_cause_epco),
	SM(NAS_PDU_REL_CMD, "PDU session release command", pdu_rel_cmd_ies, struct nas_pdu_rel_cmd),
	SM(NAS_PDU_REL_COMPLETE, "PDU session release complete", sm_opt_cause_epco_ies,
	   struct nas_sm_opt_cause_epco),
	SM(NAS_5GSM_STATUS, "5GSM status", sm_status_ies, struct nas_sm_status),
	SM(NAS_SLA_CMD, "Service-level authentication command", sla_ies, struct nas_sla),
	SM(NAS_SLA_COMPLETE, "Service-level authentication complete", sla_ies, struct nas_sla),
};

const struct nas_msg_def *nas_msg_defs(size_t *n)
{
	*n = sizeof(defs) / sizeof(defs[0]);
	return defs;
}

/* defs[] is sorted by message type (5GMM types are 0x41..0x68, 5GSM 0xC1..0xD9). */
const struct nas_msg_def *nas_msg_def_find(uint8_t epd, uint8_t type)
{
	size_t lo = 0, hi = sizeof(defs) / sizeof(defs[0]);
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (defs[mid].type < type)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < sizeof(defs) / sizeof(defs[0]) && defs[lo].type == type && defs[lo].epd == epd)
		return &defs[lo];
	return NULL;
}

const char *nas_msg_name(uint8_t epd, uint8_t type)
{
	const struct nas_msg_def *d = nas_msg_def_find(epd, type);
	return d ? d->name : "unknown message";
}

int nas_msg_init(struct nas_msg *m, uint8_t type)
{
	memset(m, 0, sizeof(*m));
	uint8_t epd = type >= 0xC0 ? NAS_EPD_5GSM : NAS_EPD_5GMM;
	if (!nas_msg_def_find(epd, type))
		return -E_INVAL;
	m->epd = epd;
	m->type = type;
	return 0;
}

/* --- decoding --- */

struct dstate {
	struct nas_err *err;
	struct nas_dctx d;
};

static int fail(struct dstate *s, int rc, uint8_t cause, const struct nas_ie_def *ie, size_t off)
{
	struct nas_err *e = s->err;
	e->rc = rc;
	e->cause = cause;
	e->iei = ie ? ie->iei : 0;
	e->ie = ie ? ie->name : NULL;
	e->off = off;
	return rc;
}

static void ignored(struct dstate *s, uint8_t iei)
{
	if (s->err->n_ignored++ == 0)
		s->err->ignored_iei = iei;
}

static bool *has_flag(void *body, const struct nas_ie_def *ie)
{
	return (bool *)((uint8_t *)body + ie->has_off);
}

/* Runs one IE codec over value octets q[0..n) at absolute offset off. */
static int dec_value(struct dstate *s, const struct nas_ie_def *ie, struct rd *v, void *body)
{
	s->d.cause = 0;
	return nas_vt_ops[ie->vt].dec(&s->d, v, (uint8_t *)body + ie->off);
}

static int dec_half_value(struct dstate *s, const struct nas_ie_def *ie, uint8_t nib, size_t off,
			  void *body)
{
	struct rd v;
	rd_init(&v, &nib, 1);
	v.base = off;
	return dec_value(s, ie, &v, body);
}

/* 7.5: the imperative part. A missing or invalid mandatory IE is reported
 * with cause #96 (or the IE's own, more precise cause). */
static int dec_mandatory(struct dstate *s, const struct nas_msg_def *md, struct rd *r, void *body,
			 size_t *next)
{
	size_t i;
	for (i = 0; i < md->n_ies && md->ies[i].has_off < 0; i++) {
		const struct nas_ie_def *ie = &md->ies[i];
		size_t at = rd_pos(r);
		struct rd v;
		int rc;

		switch (ie->fmt) {
		case NAS_F_V_LO:
			if (!rd_left(r))
				return fail(s, -E_MISSING_IE, NAS_CAUSE_INVALID_MANDATORY, ie, at);
			rc = dec_half_value(s, ie, r->p[r->off] & 15, at, body);
			break;
		case NAS_F_V_HI: {
			uint8_t o = rd_u8(r);
			if (r->err)
				return fail(s, -E_MISSING_IE, NAS_CAUSE_INVALID_MANDATORY, ie, at);
			rc = dec_half_value(s, ie, o >> 4, at, body);
			break;
		}
		case NAS_F_SPARE_HI:
			rd_u8(r);
			if (r->err)
				return fail(s, -E_MISSING_IE, NAS_CAUSE_INVALID_MANDATORY, ie, at);
			continue;
		case NAS_F_V: rd_sub(r, ie->min, &v); goto framed;
		case NAS_F_LV: rd_lv8(r, &v); goto framed;
		case NAS_F_LVE:
		default:
			rd_lv16(r, &v);
		framed:
			if (r->err)
				return fail(s, -E_MISSING_IE, NAS_CAUSE_INVALID_MANDATORY, ie, at);
			if (v.len < ie->min || v.len > ie->max)
				return fail(s, -E_INVAL, NAS_CAUSE_INVALID_MANDATORY, ie, at);
			rc = dec_value(s, ie, &v, body);
			break;
		}
		if (rc == -E_NOMEM)
			return fail(s, rc, NAS_CAUSE_PROTOCOL_ERROR, ie, at);
		if (rc < 0)
			return fail(s, -E_INVAL,
				    s->d.cause ? s->d.cause : NAS_CAUSE_INVALID_MANDATORY, ie, at);
	}
	*next = i;
	return 0;
}

/* 7.6, 7.7: the non-imperative part. Unknown IEs are skipped unless encoded
 * as "comprehension required" (IEI bits 8..5 = 0000, TS 24.007 11.2.4);
 * repeated IEs after the first and syntactically incorrect optional IEs are
 * ignored. IEs are accepted in any order (7.6.2 lets the network be lenient). */
static int dec_optional(struct dstate *s, const struct nas_msg_def *md, size_t first, struct rd *r,
			void *body)
{
	while (rd_left(r)) {
		size_t at = rd_pos(r);
		uint8_t iei = rd_u8(r);
		const struct nas_ie_def *ie = NULL;
		int rc;

		if (iei & 0x80) {
			/* Type 1 (or 2): one octet, IEI in bits 8..5. */
			for (size_t i = first; i < md->n_ies; i++)
				if (md->ies[i].fmt == NAS_F_TV1 && md->ies[i].iei == (iei & 0xF0))
					ie = &md->ies[i];
			if (!ie || *has_flag(body, ie)) {
				ignored(s, iei);
				continue;
			}
			if (dec_half_value(s, ie, iei & 15, at, body) < 0) {
				ignored(s, iei);
				continue;
			}
			*has_flag(body, ie) = true;
			continue;
		}

		const struct nas_ie_def *cand = NULL;
		for (size_t i = first; i < md->n_ies && !cand; i++)
			if (md->ies[i].fmt != NAS_F_TV1 && md->ies[i].iei == iei)
				cand = &md->ies[i];

		struct rd v;
		if (!cand) {
			if ((iei & 0xF0) == 0)
				return fail(s, -E_UNKNOWN_IE, NAS_CAUSE_INVALID_MANDATORY, NULL,
					    at);
			/* Type 6 IEIs are 0x7X for 5GMM/5GSM (TS 24.007 11.2.4); others type 4. */
			if ((iei & 0xF0) == 0x70)
				rd_lv16(r, &v);
			else
				rd_lv8(r, &v);
			ignored(s, iei);
			if (r->err)
				return 0; /* nothing after it can be found */
			continue;
		}

		if (cand->fmt == NAS_F_TV)
			rd_sub(r, cand->min, &v);
		else if (cand->fmt == NAS_F_TLV)
			rd_lv8(r, &v);
		else
			rd_lv16(r, &v);
		if (r->err) {
			/* Truncated: treated as not present (7.7.1); the message ends here. */
			ignored(s, iei);
			return 0;
		}
		/* Several rows may share an IEI (table 8.2.7.1.1): take the first
		 * whose length fits and which is not present yet. */
		for (const struct nas_ie_def *c = cand; c < md->ies + md->n_ies; c++) {
			if (c->fmt == NAS_F_TV1 || c->iei != iei)
				continue;
			if (v.len < c->min || v.len > c->max || *has_flag(body, c))
				continue;
			ie = c;
			break;
		}
		if (!ie) {
			ignored(s, iei);
			continue;
		}
		rc = dec_value(s, ie, &v, body);
		if (rc == -E_NOMEM)
			return fail(s, rc, NAS_CAUSE_PROTOCOL_ERROR, ie, at);
		if (rc < 0) {
			/* A failed value may have written part of the field: clear it. */
			memset((uint8_t *)body + ie->off, 0, ie->size);
			ignored(s, iei);
			continue;
		}
		*has_flag(body, ie) = true;
	}
	return 0;
}

/* Conditional IEs (7.7.2): the PDU session ID of UL and DL NAS transport is
 * required with an N1 SM payload (8.2.10.2, 8.2.11.2). */
static int check_conditions(struct dstate *s, const struct nas_msg *m, size_t end)
{
	static const struct nas_ie_def psi = { .iei = 0x12, .name = "PDU session ID" };
	bool missing = false;

	if (m->type == NAS_UL_NAS_TRANSPORT)
		missing = m->ul_nas.payload_type == NAS_PAYLOAD_N1_SM && !m->ul_nas.has_psi;
	else if (m->type == NAS_DL_NAS_TRANSPORT)
		missing = m->dl_nas.payload_type == NAS_PAYLOAD_N1_SM && !m->dl_nas.has_psi;
	if (missing)
		return fail(s, -E_MISSING_IE, NAS_CAUSE_CONDITIONAL_IE, &psi, end);
	return 0;
}

static int decode_plain(struct dstate *s, struct nas_msg *m, const uint8_t *buf, size_t len,
			size_t base)
{
	struct rd r;
	size_t hdr;

	rd_init(&r, buf, len);
	r.base = base;
	m->epd = buf[0];
	s->err->epd = m->epd;
	if (m->epd == NAS_EPD_5GMM) {
		/* 7.2: too short for the message type: ignore. */
		if (len < 3)
			return fail(s, -E_SHORT, 0, NULL, base + len);
		m->sht = buf[1] & 15;
		m->type = buf[2];
		hdr = 3;
	} else if (m->epd == NAS_EPD_5GSM) {
		if (len < 4)
			return fail(s, -E_SHORT, 0, NULL, base + len);
		m->psi = buf[1];
		m->pti = buf[2];
		m->type = buf[3];
		hdr = 4;
	} else {
		/* TS 24.007 11.2.3.1.1: an unknown protocol discriminator: ignore. */
		return fail(s, -E_PROTO, 0, NULL, base);
	}
	s->err->msg_type = m->type;

	const struct nas_msg_def *md = nas_msg_def_find(m->epd, m->type);
	if (!md) /* 7.4 */
		return fail(s, -E_UNSUPP, NAS_CAUSE_MSG_TYPE_UNKNOWN, NULL, base + hdr - 1);
	if (m->epd == NAS_EPD_5GSM) {
		/* 7.3.1 b, 7.3.2: reserved PTI (255) and PDU session identity (16..255). */
		if (m->pti == 0xFF)
			return fail(s, -E_RANGE, NAS_CAUSE_INVALID_PTI, NULL, base + 2);
		if (m->psi > 15)
			return fail(s, -E_RANGE, NAS_CAUSE_INVALID_PSI, NULL, base + 1);
	}

	size_t next = 0;
	void *body = &m->auth_req; /* every message body starts at the union */
	memset(body, 0, md->body_size);
	rd_skip(&r, hdr);
	int rc = dec_mandatory(s, md, &r, body, &next);
	if (rc < 0)
		return rc;
	rc = dec_optional(s, md, next, &r, body);
	if (rc < 0)
		return rc;
	return check_conditions(s, m, base + len);
}

int nas_decode(struct nas_msg *m, const uint8_t *buf, size_t len, struct arena *a,
	       struct nas_err *err)
{
	struct nas_err dummy;
	struct dstate s = { .err = err ? err : &dummy, .d = { .a = a } };

	/* The header here; the body once its type (and size) is known. */
	memset(m, 0, offsetof(struct nas_msg, auth_req));
	memset(s.err, 0, sizeof(*s.err));
	if (!buf || len < 1)
		return fail(&s, -E_SHORT, 0, NULL, 0);
	if (buf[0] == NAS_EPD_5GMM && len >= 2 && (buf[1] & 15) != NAS_SHT_PLAIN) {
		uint8_t sht = buf[1] & 15;
		s.err->epd = NAS_EPD_5GMM;
		/* 9.3: reserved security header types; 4.4.4: messages that cannot
		 * be integrity checked here are not processed. */
		if (sht > NAS_SHT_INTEG_CIPH_NEW)
			return fail(&s, -E_PROTO, 0, NULL, 1);
		if (len < 7 + 3)
			return fail(&s, -E_SHORT, 0, NULL, len);
		m->sht = sht;
		memcpy(m->sec.mac, buf + 2, 4);
		m->sec.sn = buf[6];
		if (sht == NAS_SHT_INTEG_CIPH || sht == NAS_SHT_INTEG_CIPH_NEW)
			return fail(&s, -E_UNSUPP, 0, NULL, 7); /* nas_unprotect() first */
		/* 9.9: the inner message is a plain 5GMM message. */
		if (buf[7] != NAS_EPD_5GMM || (buf[8] & 15) != NAS_SHT_PLAIN)
			return fail(&s, -E_PROTO, 0, NULL, 7);
		struct nas_sec_hdr sec = m->sec;
		int rc = decode_plain(&s, m, buf + 7, len - 7, 7);
		m->sht = sht;
		m->sec = sec;
		return rc;
	}
	return decode_plain(&s, m, buf, len, 0);
}

/* --- encoding --- */

static int efail(struct nas_err *e, int rc, const struct nas_ie_def *ie, size_t off)
{
	if (e) {
		e->rc = rc;
		e->iei = ie ? ie->iei : 0;
		e->ie = ie ? ie->name : NULL;
		e->off = off;
	}
	return rc;
}

/* Encodes one value into w, checking its length against the table. */
static int enc_value(struct wr *w, const struct nas_ie_def *ie, const void *body)
{
	size_t start = w->off;
	int rc = nas_vt_ops[ie->vt].enc(w, (const uint8_t *)body + ie->off);
	if (rc < 0)
		return w->err == -E_NOSPC ? -E_NOSPC : rc;
	size_t n = w->off - start;
	if (n < ie->min || n > ie->max)
		return -E_INVAL;
	return 0;
}

static int enc_half(const struct nas_ie_def *ie, const void *body, uint8_t *nib)
{
	uint8_t b[1];
	struct wr t;
	wr_init(&t, b, 1);
	int rc = nas_vt_ops[ie->vt].enc(&t, (const uint8_t *)body + ie->off);
	if (rc < 0 || t.off != 1 || b[0] > 15)
		return -E_INVAL;
	*nib = b[0];
	return 0;
}

static int encode_plain(const struct nas_msg *m, struct wr *w, struct nas_err *err)
{
	const struct nas_msg_def *md = nas_msg_def_find(m->epd, m->type);
	const void *body = &m->auth_req;
	uint8_t lo = 0;

	if (!md)
		return efail(err, -E_INVAL, NULL, w->off);
	wr_u8(w, m->epd);
	if (m->epd == NAS_EPD_5GMM) {
		wr_u8(w, NAS_SHT_PLAIN);
	} else {
		wr_u8(w, m->psi);
		wr_u8(w, m->pti);
	}
	wr_u8(w, m->type);

	for (size_t i = 0; i < md->n_ies; i++) {
		const struct nas_ie_def *ie = &md->ies[i];
		size_t at = w->off, mark;
		uint8_t nib;
		int rc = 0;

		if (ie->has_off >= 0 && !*(const bool *)((const uint8_t *)body + ie->has_off))
			continue;
		switch (ie->fmt) {
		case NAS_F_V_LO: rc = enc_half(ie, body, &lo); break;
		case NAS_F_V_HI:
			rc = enc_half(ie, body, &nib);
			wr_u8(w, (uint8_t)(nib << 4 | lo));
			break;
		case NAS_F_SPARE_HI: wr_u8(w, lo); break;
		case NAS_F_V: rc = enc_value(w, ie, body); break;
		case NAS_F_LV:
			mark = wr_len8_begin(w);
			rc = enc_value(w, ie, body);
			wr_len8_end(w, mark);
			break;
		case NAS_F_LVE:
			mark = wr_len16_begin(w);
			rc = enc_value(w, ie, body);
			wr_len16_end(w, mark);
			break;
		case NAS_F_TV1:
			rc = enc_half(ie, body, &nib);
			wr_u8(w, (uint8_t)(ie->iei | nib));
			break;
		case NAS_F_TV:
			wr_u8(w, ie->iei);
			rc = enc_value(w, ie, body);
			break;
		case NAS_F_TLV:
			wr_u8(w, ie->iei);
			mark = wr_len8_begin(w);
			rc = enc_value(w, ie, body);
			wr_len8_end(w, mark);
			break;
		case NAS_F_TLVE:
			wr_u8(w, ie->iei);
			mark = wr_len16_begin(w);
			rc = enc_value(w, ie, body);
			wr_len16_end(w, mark);
			break;
		}
		if (rc < 0)
			return efail(err, rc, ie, at);
		if (w->err)
			return efail(err, w->err, ie, at);
	}
	return w->err ? efail(err, w->err, NULL, w->off) : 0;
}

int nas_encode(const struct nas_msg *m, uint8_t *buf, size_t cap, struct nas_err *err)
{
	struct wr w;
	int rc;

	if (err)
		memset(err, 0, sizeof(*err));
	wr_init(&w, buf, cap);
	if (m->sht != NAS_SHT_PLAIN) {
		if (m->epd != NAS_EPD_5GMM || m->sht > NAS_SHT_INTEG_CIPH_NEW)
			return efail(err, -E_INVAL, NULL, 0);
		wr_u8(&w, NAS_EPD_5GMM);
		wr_u8(&w, m->sht);
		wr_bytes(&w, m->sec.mac, 4);
		wr_u8(&w, m->sec.sn);
	}
	rc = encode_plain(m, &w, err);
	if (rc < 0)
		return rc;
	if (w.off > INT32_MAX)
		return efail(err, -E_RANGE, NULL, 0);
	return (int)w.off;
}

bool nas_msg_eq(const struct nas_msg *a, const struct nas_msg *b)
{
	if (a->epd != b->epd || a->type != b->type || a->sht != b->sht)
		return false;
	if (a->sht && memcmp(&a->sec, &b->sec, sizeof(a->sec)))
		return false;
	if (a->epd == NAS_EPD_5GSM && (a->psi != b->psi || a->pti != b->pti))
		return false;
	const struct nas_msg_def *md = nas_msg_def_find(a->epd, a->type);
	if (!md)
		return true;
	const uint8_t *x = (const uint8_t *)&a->auth_req, *y = (const uint8_t *)&b->auth_req;
	for (size_t i = 0; i < md->n_ies; i++) {
		const struct nas_ie_def *ie = &md->ies[i];
		if (ie->fmt == NAS_F_SPARE_HI)
			continue;
		if (ie->has_off >= 0) {
			bool hx = *(const bool *)(x + ie->has_off),
			     hy = *(const bool *)(y + ie->has_off);
			if (hx != hy)
				return false;
			if (!hx)
				continue;
		}
		const struct nas_vt_ops *o = &nas_vt_ops[ie->vt];
		if (o->eq ? !o->eq(x + ie->off, y + ie->off)
			  : memcmp(x + ie->off, y + ie->off, o->size))
			return false;
	}
	return true;
}
