/* ngap.h — NGAP (TS 38.413 v17.3.0) encoder and decoder.
 *
 * Every type of the NGAP ASN.1 has a C struct in the generated header
 * lib/codec/ngap/ngap_gen.h, named after it (`NGSetupRequest` ->
 * struct ngap_NGSetupRequest, hyphens become underscores). A message struct
 * has one member per IE of its IE set, named after the IE id
 * (id-AMF-UE-NGAP-ID -> AMF_UE_NGAP_ID): mandatory IEs are stored inline,
 * optional IEs are pointers (NULL = absent). Lists are { n, v }, CHOICEs are
 * { present, u }, small fixed strings are { buf } or { len, buf }.
 *
 *   Wire form of a PDU (X.691 aligned PER):
 *   +---+----+-----+------+----------+-------+--------+------------------+
 *   |ext|type| pad | proc |crit | pad| length | message: ext | count(16) | IE...
 *   | 1 | 2  |  5  |  8   | 2   |  6 | 1-2 B  |              | id(16) crit len value
 *   +---+----+-----+------+-----+----+--------+------------------+
 *
 * Decoding:
 *   struct ngap_pdu pdu; struct ngap_err err;
 *   int rc = ngap_decode(&pdu, buf, len, arena, &err);
 *   if (rc == -E_UNKNOWN_IE || rc == -E_MISSING_IE)  -> reject per TS 38.413 10.3.4/10.3.5,
 *        pdu is decoded apart from those IEs, err.diag lists them
 *   else if (rc < 0)                                  -> err.code / err.ie / err.bit
 *   else switch (pdu.msg) { case NGAP_MSG_NGSetupRequest: ... pdu.u.NGSetupRequest ... }
 *   On success err.diag lists the IEs skipped by criticality (ignore, notify).
 *
 * Encoding:
 *   struct ngap_pdu pdu = { .msg = NGAP_MSG_NGSetupResponse };
 *   struct ngap_NGSetupResponse *m = &pdu.u.NGSetupResponse;  ... fill m ...
 *   int n = ngap_encode(&pdu, out, sizeof(out), &err);     -> length or -E_*
 *
 * Decoded values point into buf and into the arena: keep both while using
 * them. The Transfer containers (OCTET STRING (CONTAINING ...)) stay opaque
 * in the messages; ngap_decode_type / ngap_encode_type with their
 * descriptors (e.g. &ngap_type_PDUSessionResourceSetupRequestTransfer)
 * convert them.
 */
#ifndef NGCORE_CODEC_NGAP_NGAP_H
#define NGCORE_CODEC_NGAP_NGAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/codec/ngap/aper.h"
#include "lib/codec/ngap/ngap_gen.h"
#include "lib/core/ids.h"
#include "lib/core/pool.h"

/* Decodes one NGAP-PDU. Returns the octets used or a negative E_* code
 * (see aper_decode); -E_UNSUPP for an unknown procedure code or a message
 * the procedure does not have (err.proc, err.dir, err.crit tell which). */
int ngap_decode(struct ngap_pdu *pdu, const uint8_t *buf, size_t len, struct arena *a,
		struct ngap_err *err);

/* Encodes pdu (pdu->msg and the member of pdu->u it selects; dir, proc and
 * crit are taken from the procedure's definition). Returns the length or a
 * negative E_* code (-E_NOSPC when cap is too small). */
int ngap_encode(const struct ngap_pdu *pdu, uint8_t *buf, size_t cap, struct ngap_err *err);

/* The same for any NGAP type, e.g. the Transfer containers the SMF handles. */
int ngap_decode_type(const struct aper_type *t, void *out, const uint8_t *buf, size_t len,
		     struct arena *a, struct ngap_err *err);
int ngap_encode_type(const struct aper_type *t, const void *in, uint8_t *buf, size_t cap,
		     struct ngap_err *err);

/* True when both PDUs carry the same message with equal values. */
bool ngap_pdu_equal(const struct ngap_pdu *a, const struct ngap_pdu *b);

/* The IE with this id in the message of pdu: a pointer to its value (typed by
 * the IE set, see ngap_gen.h), or NULL when absent or not in the message. */
const void *ngap_ie_find(const struct ngap_pdu *pdu, uint32_t id);

/* Name of a message ("NGSetupRequest"), "?" if out of range. */
const char *ngap_msg_name(enum ngap_msg m);
/* The message for (dir 1..3, procedure code), NGAP_MSG_NONE if none. */
enum ngap_msg ngap_msg_lookup(unsigned dir, unsigned proc);
/* Descriptor of a message's type, NULL if out of range. */
const struct aper_type *ngap_msg_type(enum ngap_msg m);

/* Storage for a Criticality Diagnostics IE built from a decode report. */
struct ngap_crit_diag {
	struct ngap_CriticalityDiagnostics cd; /* the IE value; points into the members below */
	uint32_t proc; /* procedureCode */
	enum ngap_TriggeringMessage trig; /* triggeringMessage */
	enum ngap_Criticality crit; /* procedureCriticality */
	struct ngap_CriticalityDiagnostics_IE_List list; /* iEsCriticalityDiagnostics */
	struct ngap_CriticalityDiagnostics_IE_Item items[NGAP_DIAG_MAX]; /* its items */
};

/* Builds the Criticality Diagnostics (TS 38.413 9.3.1.3) for the message
 * err describes: procedure code, triggering message and criticality when
 * the header was read, and the IEs to report: not understood or missing
 * with criticality reject or "ignore and notify" (10.3.4.2, 10.3.5; those
 * with criticality ignore are not reported). Returns &d->cd. */
const struct ngap_CriticalityDiagnostics *ngap_crit_diag_build(struct ngap_crit_diag *d,
							       const struct ngap_err *err);

/* Helpers between ASN.1-shaped values and lib/core/ids.h. Getters return 0 or
 * -E_INVAL (bad BCD, wrong size). */
void ngap_plmn_set(struct ngap_PLMNIdentity *out, const struct plmn *p);
int ngap_plmn_get(struct plmn *p, const struct ngap_PLMNIdentity *in);
void ngap_tai_set(struct ngap_TAI *out, const struct tai *t);
int ngap_tai_get(struct tai *t, const struct ngap_TAI *in);
/* sd_buf holds the SD when present: out->sD points to it. */
void ngap_snssai_set(struct ngap_S_NSSAI *out, struct ngap_SD *sd_buf, const struct s_nssai *s);
void ngap_snssai_get(struct s_nssai *s, const struct ngap_S_NSSAI *in);
void ngap_guami_set(struct ngap_GUAMI *out, const struct guami *g);
int ngap_guami_get(struct guami *g, const struct ngap_GUAMI *in);
/* TransportLayerAddress: 32 bits IPv4, 128 bits IPv6 (160: both, IPv4 first).
 * The setter points out at ip->a: keep ip alive while out is used. */
void ngap_tla_set(struct ngap_bits *out, const struct ip_addr *ip);
int ngap_tla_get(struct ip_addr *ip, const struct ngap_bits *in);

#endif
