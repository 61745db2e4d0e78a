/* nas_ie.h — value types of the 5GS NAS information elements (TS 24.501 §9.11).
 *
 * One C type per IE value. Decoded values that carry octet strings point into
 * the decoded buffer (struct nas_buf) or into the decode arena (lists of
 * variable length); they live as long as both. Encoders read the same
 * structs; pointers may then point anywhere the caller owns.
 *
 * IE formats (TS 24.007 §11.2): the IEI octet (T), a length octet (L) or two
 * (L-E), then the value (V). Type 1 IEs share one octet: IEI in bits 8..5,
 * value in bits 4..1. Everything below describes the value part only.
 */
#ifndef NGCORE_CODEC_NAS_IE_H
#define NGCORE_CODEC_NAS_IE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/core/ids.h"

/* An octet string of an IE kept as it is on the wire (EAP message, NAS and
 * payload containers, and the IEs this codec does not break down further). */
struct nas_buf {
	const uint8_t *p; /* first octet (into the decoded buffer, or caller memory) */
	uint16_t len; /* number of octets */
};

/* A short octet string copied inline: capability and feature-flag IEs whose
 * octets are bit fields (use the NAS_*_ masks on o[]). */
struct nas_octets {
	uint8_t len; /* octets used, 1..15 */
	uint8_t o[15]; /* o[0] is the first value octet (octet 3 of a TLV IE) */
};

/* 9.11.3.32 NAS key set identifier (type 1). */
struct nas_ksi {
	uint8_t tsc; /* type of security context: 0 native, 1 mapped */
	uint8_t ksi; /* 0..6; 7 = no key is available */
};
#define NAS_KSI_NONE 7

/* 9.11.3.7 5GS registration type (type 1). */
struct nas_reg_type {
	uint8_t value; /* NAS_REG_* */
	bool follow_on; /* FOR: follow-on request pending */
};
enum nas_reg_type_value {
	NAS_REG_INITIAL = 1,
	NAS_REG_MOBILITY = 2,
	NAS_REG_PERIODIC = 3,
	NAS_REG_EMERGENCY = 4,
	NAS_REG_SNPN_ONBOARDING = 5,
	NAS_REG_DISASTER_MOBILITY = 6,
	NAS_REG_DISASTER_INITIAL = 7,
};

/* 9.11.3.20 De-registration type (type 1). */
struct nas_dereg_type {
	bool switch_off; /* UE to network: switch off (bit 4) */
	bool rereg_required; /* network to UE: re-registration required (bit 3) */
	uint8_t access; /* NAS_ACCESS_* (bits 2..1) */
};

/* 9.11.2.1A Access type; also the access bits of the de-registration type. */
enum nas_access {
	NAS_ACCESS_3GPP = 1,
	NAS_ACCESS_N3GPP = 2,
	NAS_ACCESS_BOTH = 3,
};

/* 9.11.3.34 NAS security algorithms. */
struct nas_sec_algs {
	uint8_t nea; /* type of ciphering algorithm (bits 8..5): 0..7 = 5G-EA0..7 */
	uint8_t nia; /* type of integrity protection algorithm (bits 4..1): 0..7 */
};

/* 9.11.3.4 5GS mobile identity. */
enum nas_id_type {
	NAS_ID_NONE = 0,
	NAS_ID_SUCI = 1,
	NAS_ID_GUTI = 2,
	NAS_ID_IMEI = 3,
	NAS_ID_STMSI = 4,
	NAS_ID_IMEISV = 5,
	NAS_ID_MAC = 6,
	NAS_ID_EUI64 = 7,
};
enum nas_supi_fmt {
	NAS_SUPI_IMSI = 0,
	NAS_SUPI_NSI = 1, /* network specific identifier (NAI) */
	NAS_SUPI_GCI = 2,
	NAS_SUPI_GLI = 3,
};
enum nas_prot_scheme {
	NAS_SCHEME_NULL = 0,
	NAS_SCHEME_PROFILE_A = 1, /* ECIES, X25519 (TS 33.501 C.3.4.1) */
	NAS_SCHEME_PROFILE_B = 2, /* ECIES, P-256 compressed (TS 33.501 C.3.4.2) */
};

struct nas_suci {
	uint8_t supi_fmt; /* NAS_SUPI_*; formats other than IMSI carry only nai */
	struct plmn plmn; /* home network identifier (IMSI format) */
	char routing[5]; /* routing indicator, 1..4 decimal digits, NUL-terminated */
	uint8_t scheme; /* protection scheme id, NAS_SCHEME_* (0..15) */
	uint8_t hnpki; /* home network public key identifier (0 with the null scheme) */
	char msin[11]; /* null scheme: MSIN digits, NUL-terminated */
	struct nas_buf out; /* other schemes: the scheme output octets */
	struct nas_buf nai; /* SUPI formats NSI/GCI/GLI: the SUCI NAI (UTF-8) */
};

struct nas_mobile_id {
	uint8_t type; /* NAS_ID_* */
	union {
		struct nas_suci suci; /* NAS_ID_SUCI */
		struct {
			struct guami guami; /* PLMN, AMF region, set and pointer */
			uint32_t tmsi; /* 5G-TMSI */
		} guti; /* NAS_ID_GUTI */
		struct {
			uint16_t set; /* AMF Set ID, 10 bits */
			uint8_t pointer; /* AMF Pointer, 6 bits */
			uint32_t tmsi; /* 5G-TMSI */
		} stmsi; /* NAS_ID_STMSI */
		char digits[17]; /* NAS_ID_IMEI (15) / NAS_ID_IMEISV (16), NUL-terminated */
		struct {
			uint8_t addr[6]; /* MAC address */
			bool mauri; /* not usable as an equipment identifier */
		} mac; /* NAS_ID_MAC */
		uint8_t eui64[8]; /* NAS_ID_EUI64 */
	};
};

/* Scheme output parts of an ECIES SUCI (TS 33.501 C.3.4): views into out. */
struct nas_suci_ecies {
	struct nas_buf pub; /* ephemeral public key: 32 (A) or 33 (B) octets */
	struct nas_buf cipher; /* ciphertext of the MSIN */
	struct nas_buf mac; /* MAC tag, 8 octets */
};

/* 9.11.2.8 S-NSSAI, with the optional mapped HPLMN S-NSSAI. */
struct nas_snssai {
	struct s_nssai s; /* SST and optional SD */
	bool has_mapped; /* mapped HPLMN S-NSSAI present */
	struct s_nssai mapped; /* mapped HPLMN SST and optional SD (SD needs s.has_sd) */
};

/* 9.11.3.37 NSSAI (also 9.11.3.31B mapped NSSAI, whose entries have no mapped part). */
#define NAS_NSSAI_MAX 16
struct nas_nssai {
	uint8_t n; /* entries used */
	struct nas_snssai e[NAS_NSSAI_MAX]; /* S-NSSAI values in wire order */
};

/* 9.11.3.46 Rejected NSSAI. */
#define NAS_REJ_NSSAI_MAX 8
struct nas_rejected_nssai {
	uint8_t n; /* entries used */
	struct {
		uint8_t cause; /* 0 not available in PLMN, 1 in registration area, 2 NSSAA failed */
		struct s_nssai s; /* rejected S-NSSAI */
	} e[NAS_REJ_NSSAI_MAX];
};

/* 9.11.3.9 5GS tracking area identity list: all TAIs flat in tai[], each
 * partial list naming its slice of tai[]. Type 1 lists are expanded (TAC, TAC+1,
 * ...); the encoder writes only their first TAI and the count. */
#define NAS_TAI_MAX 16
enum nas_tai_list_type {
	NAS_TAIL_ONE_PLMN = 0, /* one PLMN, non-consecutive TACs */
	NAS_TAIL_CONSECUTIVE = 1, /* one PLMN, consecutive TACs */
	NAS_TAIL_MANY_PLMN = 2, /* TAIs of different PLMNs */
};
struct nas_tai_list {
	uint8_t n_tai; /* TAIs in tai[] */
	struct tai tai[NAS_TAI_MAX]; /* all TAIs in wire order */
	uint8_t n_part; /* partial lists */
	struct {
		uint8_t type; /* NAS_TAIL_* */
		uint8_t first; /* index of its first TAI in tai[] */
		uint8_t n; /* its number of TAIs (1..16) */
	} part[NAS_TAI_MAX];
};

/* 9.11.3.45 PLMN list. */
#define NAS_PLMN_LIST_MAX 15
struct nas_plmn_list {
	uint8_t n; /* entries used */
	struct plmn plmn[NAS_PLMN_LIST_MAX]; /* PLMN identities */
};

/* 9.11.3.54 UE security capability: bit 8 of each octet is algorithm 0. */
struct nas_ue_sec_cap {
	uint8_t nea; /* octet 3: 5G-EA0..7 supported */
	uint8_t nia; /* octet 4: 5G-IA0..7 supported */
	bool has_eps; /* octets 5 and 6 present */
	uint8_t eea; /* octet 5: EEA0..7 supported */
	uint8_t eia; /* octet 6: EIA0..7 supported */
};
#define NAS_ALG_BIT(n) ((uint8_t)(0x80u >> (n)))

/* 9.11.3.43 PDU session reactivation result error cause. */
struct nas_psi_cause {
	uint8_t psi; /* PDU session ID */
	uint8_t cause; /* 5GMM cause */
};
struct nas_psi_causes {
	uint16_t n; /* entries */
	struct nas_psi_cause *e; /* entries (arena on decode) */
};

/* 9.11.2.3/9.11.2.4/9.11.2.5 GPRS timer, GPRS timer 2 and GPRS timer 3
 * (TS 24.008 10.5.7.3, 10.5.7.4, 10.5.7.4a): one octet, unit in bits 8..6. */
struct nas_gprs_timer {
	uint8_t unit; /* timer unit code, 0..7 (meaning differs between timer 2 and 3) */
	uint8_t value; /* timer value, 0..31 */
};
enum nas_timer_unit {
	NAS_T_2S = 0, /* GPRS timer and timer 2 */
	NAS_T_1MIN = 1, /* GPRS timer and timer 2 */
	NAS_T_6MIN = 2, /* GPRS timer and timer 2 (decihours) */
	NAS_T3_10MIN = 0, /* GPRS timer 3 */
	NAS_T3_1H = 1, /* GPRS timer 3 */
	NAS_T3_10H = 2, /* GPRS timer 3 */
	NAS_T3_2S = 3, /* GPRS timer 3 */
	NAS_T3_30S = 4, /* GPRS timer 3 */
	NAS_T3_1MIN = 5, /* GPRS timer 3 */
	NAS_T3_320H = 6, /* GPRS timer 3 */
	NAS_T_DEACTIVATED = 7,
};

/* 9.11.4.7 Integrity protection maximum data rate. */
struct nas_ipmdr {
	uint8_t ul; /* uplink: 0 64 kbps, 1 NULL, 0xFF full rate */
	uint8_t dl; /* downlink: same coding */
};

/* A bit rate as unit code and value (9.11.4.14, 9.11.4.12). */
struct nas_bitrate {
	uint8_t unit; /* 1 = 1 kbps, 2 = 4 kbps ... 5 = 256 kbps, 6 = 1 Mbps ... 11 = 1 Gbps ... */
	uint16_t value; /* multiples of the unit */
};

/* 9.11.4.14 Session-AMBR. */
struct nas_session_ambr {
	struct nas_bitrate dl; /* downlink */
	struct nas_bitrate ul; /* uplink */
};

/* 9.11.4.11 PDU session type; also the type of 9.11.4.10 PDU address. */
enum nas_pdu_type {
	NAS_PDU_IPV4 = 1,
	NAS_PDU_IPV6 = 2,
	NAS_PDU_IPV4V6 = 3,
	NAS_PDU_UNSTRUCTURED = 4,
	NAS_PDU_ETHERNET = 5,
};

/* 9.11.4.10 PDU address. */
struct nas_pdu_addr {
	uint8_t type; /* NAS_PDU_IPV4, _IPV6 or _IPV4V6 */
	uint8_t ipv4[4]; /* IPv4 address (IPv4, IPv4v6) */
	uint8_t ifid[8]; /* IPv6 interface identifier (IPv6, IPv4v6) */
	bool has_smf_ll; /* SI6LLA: SMF's IPv6 link local address present */
	uint8_t smf_ll[16]; /* SMF's IPv6 link local address */
};

/* 9.11.4.13 QoS rules. */
enum nas_pf_comp_type {
	NAS_PF_MATCH_ALL = 0x01,
	NAS_PF_IPV4_REMOTE = 0x10, /* address + mask */
	NAS_PF_IPV4_LOCAL = 0x11,
	NAS_PF_IPV6_REMOTE = 0x21, /* address + prefix length */
	NAS_PF_IPV6_LOCAL = 0x23,
	NAS_PF_PROTO = 0x30,
	NAS_PF_LOCAL_PORT = 0x40,
	NAS_PF_LOCAL_PORT_RANGE = 0x41,
	NAS_PF_REMOTE_PORT = 0x50,
	NAS_PF_REMOTE_PORT_RANGE = 0x51,
	NAS_PF_SPI = 0x60,
	NAS_PF_TOS = 0x70,
	NAS_PF_FLOW_LABEL = 0x80,
	NAS_PF_DST_MAC = 0x81,
	NAS_PF_SRC_MAC = 0x82,
	NAS_PF_CTAG_VID = 0x83,
	NAS_PF_STAG_VID = 0x84,
	NAS_PF_CTAG_PCP = 0x85,
	NAS_PF_STAG_PCP = 0x86,
	NAS_PF_ETHERTYPE = 0x87,
	NAS_PF_DST_MAC_RANGE = 0x88,
	NAS_PF_SRC_MAC_RANGE = 0x89,
};
/* Value length of a component type, or -1 for a reserved type. */
int nas_pf_comp_len(uint8_t type);

struct nas_pf_comp {
	uint8_t type; /* NAS_PF_* */
	uint8_t v[17]; /* value octets as on the wire; nas_pf_comp_len(type) of them */
};

enum nas_pf_dir {
	NAS_PF_DL = 1,
	NAS_PF_UL = 2,
	NAS_PF_BIDIR = 3,
};

struct nas_pkt_filter {
	uint8_t dir; /* NAS_PF_DL/UL/BIDIR (0 in "delete packet filters" lists) */
	uint8_t id; /* packet filter identifier, 0..15 */
	uint8_t n_comp; /* components */
	struct nas_pf_comp *comp; /* components in wire order (arena on decode) */
};

enum nas_qos_rule_op {
	NAS_QR_CREATE = 1,
	NAS_QR_DELETE = 2,
	NAS_QR_ADD_PF = 3,
	NAS_QR_REPLACE_PF = 4,
	NAS_QR_DELETE_PF = 5,
	NAS_QR_MODIFY = 6, /* modify without modifying packet filters */
};

struct nas_qos_rule {
	uint8_t id; /* QoS rule identifier (QRI) */
	uint8_t op; /* NAS_QR_* */
	bool dqr; /* default QoS rule */
	uint8_t n_pf; /* packet filters, 0..15 */
	struct nas_pkt_filter *pf; /* n_pf filters (arena on decode) */
	bool has_precedence; /* precedence octet present */
	uint8_t precedence; /* QoS rule precedence */
	bool has_qfi; /* QFI octet present (needs has_precedence) */
	bool segregation; /* UE to network: segregation requested */
	uint8_t qfi; /* QoS flow identifier, 0..63 */
};

struct nas_qos_rules {
	uint16_t n; /* rules */
	struct nas_qos_rule *r; /* rules (arena on decode) */
};

/* 9.11.4.12 QoS flow descriptions. Parameters this version does not know are
 * discarded on decode (9.11.4.12: "shall be discarded"). */
enum nas_qos_flow_op {
	NAS_QF_CREATE = 1,
	NAS_QF_DELETE = 2,
	NAS_QF_MODIFY = 3,
};
struct nas_qos_flow {
	uint8_t qfi; /* QoS flow identifier */
	uint8_t op; /* NAS_QF_* */
	bool e_bit; /* E bit: parameters list included / replace all */
	bool has_5qi; /* 5QI parameter present */
	uint8_t fiveqi; /* 5QI */
	bool has_gfbr_ul, has_gfbr_dl, has_mfbr_ul, has_mfbr_dl; /* bit rate parameters present */
	struct nas_bitrate gfbr_ul; /* guaranteed flow bit rate uplink */
	struct nas_bitrate gfbr_dl; /* guaranteed flow bit rate downlink */
	struct nas_bitrate mfbr_ul; /* maximum flow bit rate uplink */
	struct nas_bitrate mfbr_dl; /* maximum flow bit rate downlink */
	bool has_avg_window; /* averaging window present */
	uint16_t avg_window; /* averaging window, ms */
	uint8_t n_ebi; /* EPS bearer identity parameters */
	uint8_t ebi[15]; /* EPS bearer identities (1..15) */
};
struct nas_qos_flows {
	uint16_t n; /* flow descriptions */
	struct nas_qos_flow *f; /* flow descriptions (arena on decode) */
};

/* 9.11.4.6 Extended protocol configuration options (TS 24.008 10.5.6.3A):
 * configuration protocol, then containers of {id(2), length(1), contents}. */
enum nas_pco_id {
	NAS_PCO_PCSCF_IPV6 = 0x0001,
	NAS_PCO_IM_CN_FLAG = 0x0002,
	NAS_PCO_DNS_IPV6 = 0x0003,
	NAS_PCO_IP_ALLOC_NAS = 0x000A,
	NAS_PCO_IPV4_DHCP = 0x000B,
	NAS_PCO_PCSCF_IPV4 = 0x000C,
	NAS_PCO_DNS_IPV4 = 0x000D,
	NAS_PCO_IPV4_MTU = 0x0010,
	NAS_PCO_IPCP = 0x8021,
	NAS_PCO_PAP = 0xC023,
	NAS_PCO_CHAP = 0xC223,
};
struct nas_pco_opt {
	uint16_t id; /* protocol or container identifier (NAS_PCO_*) */
	uint8_t len; /* contents length */
	const uint8_t *ext; /* contents when non-NULL (decode: into the buffer, if len > 16) */
	uint8_t v[16]; /* contents when ext is NULL (len <= 16) */
};
struct nas_epco {
	uint8_t proto; /* configuration protocol (0 = PPP) */
	uint16_t n; /* options */
	struct nas_pco_opt *opt; /* options in wire order (arena on decode) */
};
/* Contents of an option wherever they are kept. */
static inline const uint8_t *nas_pco_val(const struct nas_pco_opt *o)
{
	return o->ext ? o->ext : o->v;
}
/* An option holding an address (DNS, P-CSCF) or a 16-bit value (MTU). */
struct nas_pco_opt nas_pco_addr(uint16_t id, const struct ip_addr *a);
struct nas_pco_opt nas_pco_u16(uint16_t id, uint16_t v);

/* 9.11.2.1B DNN: APN labels (TS 23.003 9.1) held as a dotted string. */
struct nas_dnn {
	char s[101]; /* e.g. "internet", "ims.mnc001.mcc001.gprs"; NUL-terminated */
};

/* Bit masks over struct nas_octets o[] for the IEs the AMF and SMF read. */
#define NAS_NFS0_IMS_VOPS_3GPP	0x01 /* 9.11.3.5 octet 3 */
#define NAS_NFS0_IMS_VOPS_N3GPP 0x02
#define NAS_NFS0_EMC_MASK	0x0C
#define NAS_NFS0_EMF_MASK	0x30
#define NAS_NFS0_IWK_N26	0x40
#define NAS_NFS0_MPSI		0x80
#define NAS_MMCAP0_S1_MODE	0x01 /* 9.11.3.1 octet 3 */
#define NAS_MMCAP0_HO_ATTACH	0x02
#define NAS_MMCAP0_LPP		0x04

/* 9.11.3.6 5GS registration result (one octet). */
#define NAS_RR_3GPP	   0x01
#define NAS_RR_N3GPP	   0x02
#define NAS_RR_BOTH	   0x03
#define NAS_RR_SMS_ALLOWED 0x08
#define NAS_RR_NSSAA	   0x10
#define NAS_RR_EMERGENCY   0x20

/* 9.11.3.40 Payload container type. */
enum nas_payload_type {
	NAS_PAYLOAD_N1_SM = 1,
	NAS_PAYLOAD_SMS = 2,
	NAS_PAYLOAD_LPP = 3,
	NAS_PAYLOAD_SOR = 4,
	NAS_PAYLOAD_UE_POLICY = 5,
	NAS_PAYLOAD_UE_PARAMS = 6,
	NAS_PAYLOAD_LCS = 7,
	NAS_PAYLOAD_CIOT = 8,
	NAS_PAYLOAD_SLAA = 9,
	NAS_PAYLOAD_EVENT = 10,
	NAS_PAYLOAD_MULTIPLE = 15,
};

/* 9.11.3.47 Request type. */
enum nas_request_type {
	NAS_REQ_INITIAL = 1,
	NAS_REQ_EXISTING = 2,
	NAS_REQ_INITIAL_EMERGENCY = 3,
	NAS_REQ_EXISTING_EMERGENCY = 4,
	NAS_REQ_MODIFICATION = 5,
	NAS_REQ_MA_PDU = 6,
};

/* Helpers for timers and bit rates (no I/O). */
/* Seconds a GPRS timer 3 stands for; -1 when deactivated. */
long nas_timer3_secs(struct nas_gprs_timer t);
/* Seconds a GPRS timer or GPRS timer 2 stands for; -1 when deactivated. */
long nas_timer2_secs(struct nas_gprs_timer t);
/* The GPRS timer 3 closest to secs from above (exact where representable). */
struct nas_gprs_timer nas_timer3_from_secs(unsigned long secs);
/* The GPRS timer 2 closest to secs from above; deactivated past 31 decihours. */
struct nas_gprs_timer nas_timer2_from_secs(unsigned long secs);
/* Bit rate in kbit/s (1 Mbps = 1000 kbps); unit codes beyond 256 Pbps count as 256 Pbps. */
uint64_t nas_bitrate_kbps(struct nas_bitrate b);
/* The smallest unit that holds kbps in 16 bits (rounded up). */
struct nas_bitrate nas_bitrate_from_kbps(uint64_t kbps);

#endif
