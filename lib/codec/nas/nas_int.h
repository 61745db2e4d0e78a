/* nas_int.h — internals shared by the NAS codec's files (not for callers).
 *
 * Every message is described once by a table of struct nas_ie_def rows that
 * follow the spec's message tables (TS 24.501 §8) in order; one engine
 * (nas_msg.c) decodes and encodes all of them, and one codec per IE value
 * type (nas_ie.c) handles the value part.
 */
#ifndef NGCORE_CODEC_NAS_INT_H
#define NGCORE_CODEC_NAS_INT_H

#include "lib/codec/nas/nas.h"
#include "lib/core/buf.h"

/* IE formats of TS 24.007 11.2.1. */
enum nas_fmt {
	NAS_F_V_LO, /* mandatory half octet in bits 4..1 (the octet is kept for the next row) */
	NAS_F_V_HI, /* mandatory half octet in bits 8..5 (consumes the octet) */
	NAS_F_SPARE_HI, /* spare half octet in bits 8..5 (consumes the octet) */
	NAS_F_V, /* mandatory fixed-length value */
	NAS_F_LV, /* mandatory, 1-octet length */
	NAS_F_LVE, /* mandatory, 2-octet length */
	NAS_F_TV1, /* optional type 1: IEI in bits 8..5, value in bits 4..1 */
	NAS_F_TV, /* optional type 3: IEI then fixed-length value */
	NAS_F_TLV, /* optional type 4 */
	NAS_F_TLVE, /* optional type 6 */
};

/* IE value types (one codec each in nas_ie.c). */
enum nas_vt {
	NAS_VT_U8, /* uint8_t: one octet */
	NAS_VT_HALF, /* uint8_t: four bits */
	NAS_VT_KSI, /* struct nas_ksi (half) */
	NAS_VT_REGTYPE, /* struct nas_reg_type (half) */
	NAS_VT_DEREGTYPE, /* struct nas_dereg_type (half) */
	NAS_VT_SECALGS, /* struct nas_sec_algs */
	NAS_VT_TIMER, /* struct nas_gprs_timer */
	NAS_VT_IPMDR, /* struct nas_ipmdr */
	NAS_VT_MAXPF, /* uint16_t */
	NAS_VT_PSIMAP, /* uint16_t: PSI/EBI bitmap of 2..32 octets */
	NAS_VT_BUF, /* struct nas_buf */
	NAS_VT_OCTETS, /* struct nas_octets */
	NAS_VT_FIX16, /* uint8_t[16] */
	NAS_VT_FIX14, /* uint8_t[14] */
	NAS_VT_MOBID, /* struct nas_mobile_id */
	NAS_VT_NSSAI, /* struct nas_nssai */
	NAS_VT_SNSSAI, /* struct nas_snssai */
	NAS_VT_REJNSSAI, /* struct nas_rejected_nssai */
	NAS_VT_TAI, /* struct tai */
	NAS_VT_TAILIST, /* struct nas_tai_list */
	NAS_VT_PLMN, /* struct plmn */
	NAS_VT_PLMNLIST, /* struct nas_plmn_list */
	NAS_VT_UESECCAP, /* struct nas_ue_sec_cap */
	NAS_VT_REACTERR, /* struct nas_psi_causes */
	NAS_VT_AMBR, /* struct nas_session_ambr */
	NAS_VT_PDUADDR, /* struct nas_pdu_addr */
	NAS_VT_QOSRULES, /* struct nas_qos_rules */
	NAS_VT_QOSFLOWS, /* struct nas_qos_flows */
	NAS_VT_EPCO, /* struct nas_epco */
	NAS_VT_DNN, /* struct nas_dnn */
	NAS_VT__COUNT
};

/* Per-decode state an IE codec may use. */
struct nas_dctx {
	struct arena *a; /* list storage; NULL if the caller gave none */
	uint8_t cause; /* a more specific cause than #96 for the failing IE (e.g. #84) */
};

struct nas_vt_ops {
	/* Decodes the value in r (exactly the IE's value octets) into out.
	 * Returns 0 or a negative E_* code. Half-octet types get a one-octet r
	 * holding the four bits. */
	int (*dec)(struct nas_dctx *d, struct rd *r, void *out);
	/* Encodes in into w. Returns 0 or -E_INVAL for a value that cannot be coded. */
	int (*enc)(struct wr *w, const void *in);
	/* Compares two values; NULL means memcmp over size. */
	bool (*eq)(const void *a, const void *b);
	uint16_t size; /* sizeof the C value type */
};

extern const struct nas_vt_ops nas_vt_ops[NAS_VT__COUNT];

/* One row of a message table. */
struct nas_ie_def {
	uint8_t iei; /* IEI (TV1: IEI nibble in bits 8..5, e.g. 0xC0); 0 for mandatory */
	uint8_t fmt; /* enum nas_fmt */
	uint8_t vt; /* enum nas_vt */
	uint16_t min; /* minimum value length in octets (length column less T and L) */
	uint16_t max; /* maximum value length */
	uint16_t off; /* offset of the value in the message struct */
	int32_t has_off; /* offset of the presence flag, -1 for mandatory IEs */
	uint16_t size; /* sizeof the field (checked against the type in tests) */
	const char *name; /* IE name from the spec's table */
};

struct nas_msg_def {
	uint8_t epd; /* NAS_EPD_* */
	uint8_t type; /* message type */
	const char *name; /* message name */
	const struct nas_ie_def *ies; /* rows, mandatory first, in the spec's order */
	uint8_t n_ies; /* rows */
	uint16_t body_size; /* sizeof the message's struct */
};

/* Looks up a message definition; NULL if unknown. */
const struct nas_msg_def *nas_msg_def_find(uint8_t epd, uint8_t type);
/* All definitions (for tests). */
const struct nas_msg_def *nas_msg_defs(size_t *n);

#endif
