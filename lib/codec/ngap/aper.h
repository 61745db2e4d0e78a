/* aper.h — a table-driven ASN.1 aligned PER (X.691 ALIGNED variant) runtime.
 *
 * The generator (gen/asn1gen.py) turns each ASN.1 type of the NGAP modules
 * into a `struct aper_type` descriptor and a C struct; the functions below
 * walk a descriptor to decode bytes into the struct or encode the struct
 * into bytes. Nothing here knows NGAP except the protocol-IE container kinds
 * (id, criticality, open-type value) and the PDU kind (procedure code,
 * criticality, open-type message) shared by the 3GPP RAN protocols.
 *
 * How values are stored (per descriptor kind):
 *   INT      uint32_t / uint64_t / int32_t / int64_t chosen from the range
 *   ENUM     a C enum (4 bytes): index in declaration order, extensions last
 *   BITS     inline { [uint32_t len;] uint8_t buf[cap]; } (len in bits) for
 *            small non-extensible sizes, else struct ngap_bits
 *   OCTETS   inline { [uint32_t len;] uint8_t buf[cap]; } likewise, else
 *            struct ngap_octets (also UTF8String, OBJECT IDENTIFIER contents,
 *            and OCTET STRING (CONTAINING T), whose contents stay opaque)
 *   CHARS    struct ngap_octets (PrintableString, VisibleString: 8-bit chars)
 *   OPEN     struct ngap_octets: an undecoded open-type value
 *   SEQ      struct; OPTIONAL components and extension additions are pointers
 *   SEQOF    struct { uint32_t n; T *v; }
 *   CHOICE   struct { enum present; union u; }; present = alternative index + 1
 *   IECONT   struct with one member per IE of the IE set: mandatory IEs
 *            inline, optional ones pointers (NULL = absent)
 *   PDU      struct ngap_pdu: header (aper_pdu_hdr) then union of messages
 *
 * Decoded values live in the caller's arena or point into the input buffer
 * (aligned octet strings): keep both until done with the value.
 */
#ifndef NGCORE_CODEC_NGAP_APER_H
#define NGCORE_CODEC_NGAP_APER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/core/pool.h"

enum aper_kind {
	APER_INT,
	APER_ENUM,
	APER_BOOL,
	APER_NULL,
	APER_BITS,
	APER_OCTETS,
	APER_CHARS,
	APER_OPEN,
	APER_SEQ,
	APER_SEQOF,
	APER_CHOICE,
	APER_IECONT,
	APER_PDU,
};

/* aper_type.flags */
#define APER_F_EXT     0x0001 /* extension marker (type) or extensible constraint */
#define APER_F_LB      0x0002 /* lb is set (value range or SIZE) */
#define APER_F_UB      0x0004 /* ub is set */
#define APER_F_SIGNED  0x0008 /* INT stored signed */
#define APER_F_BIG     0x0010 /* INT stored in 8 bytes */
#define APER_F_INLINE  0x0020 /* string stored inline (buf[cap]) */
#define APER_F_FIXED   0x0040 /* inline string of fixed size: no len field */
#define APER_F_SINGLE  0x0080 /* IECONT: ProtocolIE-SingleContainer (one field, no count) */
#define APER_F_EXTCONT 0x0100 /* IECONT: ProtocolExtensionContainer */

/* aper_member.flags, aper_ie.flags */
#define APER_M_OPT     0x01 /* stored as a pointer; NULL = absent */
#define APER_M_NOSTORE 0x02 /* no storage (NULL, empty IE set): decoded and dropped */

struct aper_type;

/* A SEQUENCE component or CHOICE alternative. */
struct aper_member {
	const char *name; /* ASN.1 identifier */
	const struct aper_type *type; /* its type */
	uint32_t off; /* offset of its storage (or pointer) in the parent */
	uint32_t flags; /* APER_M_* */
};

/* One IE of an IE set (NGAP-PROTOCOL-IES / NGAP-PROTOCOL-EXTENSION object). */
struct aper_ie {
	const char *name; /* member name (the id name without "id-") */
	const struct aper_type *type; /* TYPE / EXTENSION */
	uint32_t off; /* offset of its storage (or pointer) in the container */
	uint16_t id; /* ID */
	uint8_t crit; /* CRITICALITY: 0 reject, 1 ignore, 2 notify */
	uint8_t flags; /* APER_M_*: APER_M_OPT unless PRESENCE mandatory */
};

/* One message of an elementary procedure (NGAP-ELEMENTARY-PROCEDURE object). */
struct aper_msg {
	const struct aper_type *type; /* message type */
	const char *name; /* its ASN.1 name */
	uint8_t dir; /* 1 initiating, 2 successful, 3 unsuccessful outcome */
	uint8_t proc; /* PROCEDURE CODE */
	uint8_t crit; /* CRITICALITY of the procedure */
};

/* The first members of a PDU struct (struct ngap_pdu). */
struct aper_pdu_hdr {
	uint32_t msg; /* index in aper_type.msgs, 0 = none */
	uint8_t dir; /* 1..3 (struct aper_msg) */
	uint8_t proc; /* procedure code */
	uint8_t crit; /* criticality */
};

struct aper_type {
	const char *name; /* ASN.1 type name, for error reports */
	uint8_t kind; /* enum aper_kind */
	uint8_t alpha; /* CHARS: 1 PrintableString, 2 VisibleString, 3 IA5String */
	uint16_t flags; /* APER_F_* */
	uint32_t size; /* sizeof the C representation, 0 = none */
	uint32_t min_bits; /* lower bound of any encoding, in bits */
	uint32_t n; /* members, IEs, enumerations or messages */
	uint32_t n_root; /* of those, in the extension root */
	uint32_t cap; /* inline strings: octets in buf */
	uint32_t buf_off; /* inline strings with a length: offset of buf */
	uint32_t sel_off; /* CHOICE: offset of present */
	uint32_t u_off; /* PDU: offset of the message union */
	int64_t lb; /* INT root lower bound; SIZE lower bound */
	uint64_t ub; /* INT root upper bound (signed INT: cast); SIZE upper bound */
	int64_t xlb; /* INT lower bound including extension values */
	uint64_t xub; /* INT upper bound including extension values */
	const struct aper_member *members; /* SEQ, CHOICE */
	const struct aper_ie *ies; /* IECONT */
	const struct aper_type *elem; /* SEQOF */
	const struct aper_type *contained; /* OCTETS (CONTAINING T) */
	const char *const *names; /* ENUM */
	const int64_t (*ranges)[2]; /* INT whose root is a union of n ranges, else NULL */
	const struct aper_msg *msgs; /* PDU: by message index */
	const uint16_t (*msg_index)[256]; /* PDU: [dir - 1][proc] -> message index */
};

/* A string of bits too long (or extensible) to be stored inline. */
struct ngap_bits {
	const uint8_t
		*p; /* bits, first in the high bit of p[0]; unused low bits of the last octet 0 */
	size_t len; /* number of bits */
};

/* A string of octets: OCTET STRING, character strings, open types. */
struct ngap_octets {
	const uint8_t *p; /* octets (may point into the decoded input) */
	size_t len; /* number of octets */
};

/* One IE the decoder did not understand, or a mandatory IE it did not find:
 * what a receiver reports in Criticality Diagnostics (TS 38.413 9.3.1.3). */
struct ngap_diag {
	uint32_t id; /* IE id */
	uint8_t crit; /* criticality: received (not understood) or defined (missing) */
	uint8_t missing; /* 1 = mandatory IE missing, 0 = IE not understood */
	uint8_t ext; /* 1 = in a ProtocolExtensionContainer */
};

#define NGAP_DIAG_MAX 16
#define NGAP_IE_NONE  0xffffffffu

/* What went wrong (or was skipped) while decoding or encoding. */
struct ngap_err {
	int code; /* 0 or the negative E_* code returned */
	uint32_t ie; /* innermost protocol IE id at the failure, NGAP_IE_NONE outside IEs */
	size_t bit; /* bit offset of the failure in the input (decode) or output (encode) */
	size_t off; /* the same in octets */
	const char *type; /* ASN.1 type being processed at the failure */
	int proc; /* procedure code, -1 before it was read */
	uint8_t dir; /* 1..3 message direction, 0 before it was read */
	uint8_t crit; /* criticality of the message as received */
	uint16_t n_diag; /* entries used in diag */
	uint16_t diag_lost; /* entries that did not fit in diag */
	struct ngap_diag diag[NGAP_DIAG_MAX]; /* unknown and missing IEs, in message order */
};

/* Decodes one complete encoding of t from buf[0..len) into out (t->size
 * bytes, zeroed first). Allocates from a. Returns the number of octets used,
 * or a negative E_* code with err filled (err may be NULL):
 *   -E_SHORT   input ended early          -E_RANGE   a constraint was violated
 *   -E_INVAL   malformed encoding (or len > INT32_MAX, a NULL argument)
 *   -E_NOMEM   the arena limit was hit
 *   -E_PROTO   an IE appeared twice       -E_UNSUPP  unknown procedure or PDU choice
 *   -E_UNKNOWN_IE  an IE with criticality reject was not understood
 *   -E_MISSING_IE  a mandatory IE with criticality reject was absent
 * For the last two, out is fully decoded except for those IEs; err->diag
 * lists them. On success err->diag lists the IEs that were skipped
 * (criticality ignore / notify) or missing with criticality ignore / notify. */
int aper_decode(const struct aper_type *t, void *out, const uint8_t *buf, size_t len,
		struct arena *a, struct ngap_err *err);

/* Encodes the value at in (of type t) into buf. Returns the length in octets
 * or a negative E_* code (-E_NOSPC, -E_RANGE, -E_INVAL) with err filled. */
int aper_encode(const struct aper_type *t, const void *in, uint8_t *buf, size_t cap,
		struct ngap_err *err);

/* True when two values of type t are equal (absent == absent). */
bool aper_equal(const struct aper_type *t, const void *a, const void *b);

/* Finds the IE with this id in a protocol IE container value of type t (an
 * IECONT, or a SEQ whose only component is one). Returns a pointer to its
 * value, or NULL if absent or not in the set. */
const void *aper_ie_find(const struct aper_type *t, const void *value, uint32_t id);

#endif
