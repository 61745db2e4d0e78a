/* nas_ie.c — codecs of the IE value parts (TS 24.501 §9.11).
 *
 * Each decoder gets a reader over exactly the value octets of one IE and
 * returns 0 or a negative E_* code; each encoder writes the value octets.
 * Decoders ignore spare bits; encoders write them as zero.
 */
#include <string.h>

#include "lib/core/ids.h"
#include "lib/codec/nas/nas_int.h"

#define UNUSED(x) (void)(x)

/* Fails a decode unless the reader is intact and fully consumed. */
static int rd_done(struct rd *r)
{
	if (r->err)
		return r->err;
	return rd_left(r) ? -E_INVAL : 0;
}

static int wr_status(struct wr *w)
{
	return w->err;
}

/* --- one octet and half octet values --- */

static int dec_u8(struct nas_dctx *d, struct rd *r, void *out)
{
	UNUSED(d);
	*(uint8_t *)out = rd_u8(r);
	return rd_done(r);
}

static int enc_u8(struct wr *w, const void *in)
{
	wr_u8(w, *(const uint8_t *)in);
	return wr_status(w);
}

static int dec_half(struct nas_dctx *d, struct rd *r, void *out)
{
	UNUSED(d);
	*(uint8_t *)out = rd_u8(r) & 0x0F;
	return rd_done(r);
}

static int enc_half(struct wr *w, const void *in)
{
	uint8_t v = *(const uint8_t *)in;
	if (v > 15)
		return -E_INVAL;
	wr_u8(w, v);
	return wr_status(w);
}

/* 9.11.3.32 */
static int dec_ksi(struct nas_dctx *d, struct rd *r, void *out)
{
	struct nas_ksi *k = out;
	uint8_t v = rd_u8(r);
	UNUSED(d);
	k->tsc = (v >> 3) & 1;
	k->ksi = v & 7;
	return rd_done(r);
}

static int enc_ksi(struct wr *w, const void *in)
{
	const struct nas_ksi *k = in;
	if (k->tsc > 1 || k->ksi > 7)
		return -E_INVAL;
	wr_u8(w, (uint8_t)(k->tsc << 3 | k->ksi));
	return wr_status(w);
}

/* 9.11.3.7 */
static int dec_regtype(struct nas_dctx *d, struct rd *r, void *out)
{
	struct nas_reg_type *t = out;
	uint8_t v = rd_u8(r);
	UNUSED(d);
	t->value = v & 7;
	t->follow_on = (v >> 3) & 1;
	return rd_done(r);
}

static int enc_regtype(struct wr *w, const void *in)
{
	const struct nas_reg_type *t = in;
	if (t->value > 7)
		return -E_INVAL;
	wr_u8(w, (uint8_t)((t->follow_on ? 8 : 0) | t->value));
	return wr_status(w);
}

/* 9.11.3.20 */
static int dec_deregtype(struct nas_dctx *d, struct rd *r, void *out)
{
	struct nas_dereg_type *t = out;
	uint8_t v = rd_u8(r);
	UNUSED(d);
	t->switch_off = (v >> 3) & 1;
	t->rereg_required = (v >> 2) & 1;
	t->access = v & 3;
	return rd_done(r);
}

static int enc_deregtype(struct wr *w, const void *in)
{
	const struct nas_dereg_type *t = in;
	if (t->access > 3)
		return -E_INVAL;
	wr_u8(w, (uint8_t)((t->switch_off ? 8 : 0) | (t->rereg_required ? 4 : 0) | t->access));
	return wr_status(w);
}

/* 9.11.3.34 */
static int dec_secalgs(struct nas_dctx *d, struct rd *r, void *out)
{
	struct nas_sec_algs *s = out;
	uint8_t v = rd_u8(r);
	UNUSED(d);
	s->nea = v >> 4;
	s->nia = v & 15;
	return rd_done(r);
}

static int enc_secalgs(struct wr *w, const void *in)
{
	const struct nas_sec_algs *s = in;
	if (s->nea > 15 || s->nia > 15)
		return -E_INVAL;
	wr_u8(w, (uint8_t)(s->nea << 4 | s->nia));
	return wr_status(w);
}

/* 9.11.2.3-5 GPRS timers: unit in bits 8..6, value in bits 5..1. */
static int dec_timer(struct nas_dctx *d, struct rd *r, void *out)
{
	struct nas_gprs_timer *t = out;
	uint8_t v = rd_u8(r);
	UNUSED(d);
	t->unit = v >> 5;
	t->value = v & 31;
	return rd_done(r);
}

static int enc_timer(struct wr *w, const void *in)
{
	const struct nas_gprs_timer *t = in;
	if (t->unit > 7 || t->value > 31)
		return -E_INVAL;
	wr_u8(w, (uint8_t)(t->unit << 5 | t->value));
	return wr_status(w);
}

/* 9.11.4.7 */
static int dec_ipmdr(struct nas_dctx *d, struct rd *r, void *out)
{
	struct nas_ipmdr *p = out;
	UNUSED(d);
	p->ul = rd_u8(r);
	p->dl = rd_u8(r);
	return rd_done(r);
}

static int enc_ipmdr(struct wr *w, const void *in)
{
	const struct nas_ipmdr *p = in;
	wr_u8(w, p->ul);
	wr_u8(w, p->dl);
	return wr_status(w);
}

/* 9.11.4.9: 11 bits over octet 1 and bits 8..6 of octet 2. */
static int dec_maxpf(struct nas_dctx *d, struct rd *r, void *out)
{
	uint8_t a = rd_u8(r), b = rd_u8(r);
	UNUSED(d);
	*(uint16_t *)out = (uint16_t)(a << 3 | b >> 5);
	return rd_done(r);
}

static int enc_maxpf(struct wr *w, const void *in)
{
	uint16_t v = *(const uint16_t *)in;
	if (v > 2047)
		return -E_INVAL;
	wr_u8(w, (uint8_t)(v >> 3));
	wr_u8(w, (uint8_t)((v & 7) << 5));
	return wr_status(w);
}

/* 9.11.3.44/9.11.3.57/9.11.3.13/9.11.3.42/9.11.3.23A: bit n of the first two
 * octets is PSI (or EBI) n; PSI 0 and any further octets are spare. */
static int dec_psimap(struct nas_dctx *d, struct rd *r, void *out)
{
	uint8_t a = rd_u8(r), b = rd_u8(r);
	UNUSED(d);
	rd_skip(r, rd_left(r));
	*(uint16_t *)out = (uint16_t)((a | b << 8) & ~1u);
	return rd_done(r);
}

static int enc_psimap(struct wr *w, const void *in)
{
	uint16_t v = *(const uint16_t *)in & (uint16_t)~1u;
	wr_u8(w, (uint8_t)v);
	wr_u8(w, (uint8_t)(v >> 8));
	return wr_status(w);
}

/* --- octet strings --- */

static int dec_buf(struct nas_dctx *d, struct rd *r, void *out)
{
	struct nas_buf *b = out;
	size_t n = rd_left(r);
	UNUSED(d);
	b->p = rd_take(r, n);
	b->len = (uint16_t)n;
	return rd_done(r);
}

static int enc_buf(struct wr *w, const void *in)
{
	const struct nas_buf *b = in;
	if (b->len && !b->p)
		return -E_INVAL;
	wr_bytes(w, b->p, b->len);
	return wr_status(w);
}

static bool eq_buf(const void *a, const void *b)
{
	const struct nas_buf *x = a, *y = b;
	return x->len == y->len && (!x->len || memcmp(x->p, y->p, x->len) == 0);
}

static int dec_octets(struct nas_dctx *d, struct rd *r, void *out)
{
	struct nas_octets *o = out;
	size_t n = rd_left(r);
	UNUSED(d);
	if (n > sizeof(o->o))
		return -E_INVAL;
	o->len = (uint8_t)n;
	rd_copy(r, o->o, n);
	return rd_done(r);
}

static int enc_octets(struct wr *w, const void *in)
{
	const struct nas_octets *o = in;
	if (o->len > sizeof(o->o))
		return -E_INVAL;
	wr_bytes(w, o->o, o->len);
	return wr_status(w);
}

static bool eq_octets(const void *a, const void *b)
{
	const struct nas_octets *x = a, *y = b;
	return x->len == y->len && memcmp(x->o, y->o, x->len) == 0;
}

static int dec_fix16(struct nas_dctx *d, struct rd *r, void *out)
{
	UNUSED(d);
	rd_copy(r, out, 16);
	return rd_done(r);
}

static int enc_fix16(struct wr *w, const void *in)
{
	wr_bytes(w, in, 16);
	return wr_status(w);
}

static int dec_fix14(struct nas_dctx *d, struct rd *r, void *out)
{
	UNUSED(d);
	rd_copy(r, out, 14);
	return rd_done(r);
}

static int enc_fix14(struct wr *w, const void *in)
{
	wr_bytes(w, in, 14);
	return wr_status(w);
}

/* --- identities --- */

static int rd_plmn(struct rd *r, struct plmn *p)
{
	const uint8_t *q = rd_take(r, 3);
	if (!q)
		return r->err;
	return plmn_from_bytes(p, q);
}

static int wr_plmn(struct wr *w, const struct plmn *p)
{
	uint8_t b[3];
	if (p->mcc > 999 || p->mnc > 999 || (p->mnc_len != 2 && p->mnc_len != 3) ||
	    (p->mnc_len == 2 && p->mnc > 99))
		return -E_INVAL;
	plmn_to_bytes(p, b);
	wr_bytes(w, b, 3);
	return 0;
}

static bool plmn_same(const struct plmn *a, const struct plmn *b)
{
	return plmn_eq(a, b);
}

/* Decodes BCD digits from q[0..n): low nibble first. A filler 0xF may only
 * end the string. Returns the digit count or -E_INVAL. */
static int bcd_digits(const uint8_t *q, size_t n, bool skip_first_low, char *out, size_t cap)
{
	size_t k = 0;
	bool ended = false;

	for (size_t i = 0; i < n; i++) {
		for (int h = 0; h < 2; h++) {
			if (i == 0 && h == 0 && skip_first_low)
				continue;
			uint8_t dgt = h ? q[i] >> 4 : q[i] & 15;
			if (dgt == 15) {
				ended = true;
				continue;
			}
			if (ended || dgt > 9 || k + 1 >= cap)
				return -E_INVAL;
			out[k++] = (char)('0' + dgt);
		}
	}
	out[k] = 0;
	return (int)k;
}

/* Writes digits as BCD, low nibble first, padding the last octet with 0xF. */
static void wr_bcd(struct wr *w, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i += 2) {
		uint8_t lo = (uint8_t)(s[i] - '0');
		uint8_t hi = i + 1 < n ? (uint8_t)(s[i + 1] - '0') : 15;
		wr_u8(w, (uint8_t)(hi << 4 | lo));
	}
}

/* 9.11.3.4 SUCI, SUPI format IMSI. */
static int dec_suci_imsi(struct rd *r, struct nas_suci *s)
{
	uint8_t ri[2];
	int rc;

	if (rd_plmn(r, &s->plmn) < 0)
		return -E_INVAL;
	if (rd_copy(r, ri, 2) < 0)
		return r->err;
	/* Routing indicator: 1..4 digits, filled with 0xF (Table 9.11.3.4.1). */
	rc = bcd_digits(ri, 2, false, s->routing, sizeof(s->routing));
	if (rc < 1)
		return -E_INVAL;
	s->scheme = rd_u8(r) & 15;
	s->hnpki = rd_u8(r);
	if (r->err)
		return r->err;
	size_t n = rd_left(r);
	const uint8_t *q = rd_take(r, n);
	if (s->scheme == NAS_SCHEME_NULL) {
		/* Null scheme: the MSIN in BCD, 0xF filler when odd. */
		if (n == 0 || n > 5)
			return -E_INVAL;
		rc = bcd_digits(q, n, false, s->msin, sizeof(s->msin));
		if (rc < 1 || (size_t)rc < 2 * n - 1)
			return -E_INVAL;
	} else {
		s->out.p = q;
		s->out.len = (uint16_t)n;
	}
	return 0;
}

static int dec_mobid(struct nas_dctx *d, struct rd *r, void *out)
{
	struct nas_mobile_id *id = out;
	uint8_t o4 = rd_u8(r);
	size_t n;
	int rc;
	UNUSED(d);

	if (r->err)
		return r->err;
	id->type = o4 & 7;
	switch (id->type) {
	case NAS_ID_NONE:
		/* "the length of mobile identity contents parameter shall be set to 1" */
		return rd_done(r);
	case NAS_ID_SUCI:
		id->suci.supi_fmt = (o4 >> 4) & 7;
		if (id->suci.supi_fmt > NAS_SUPI_GLI)
			id->suci.supi_fmt = NAS_SUPI_IMSI; /* "interpreted as IMSI" */
		if (id->suci.supi_fmt != NAS_SUPI_IMSI) {
			n = rd_left(r);
			id->suci.nai.p = rd_take(r, n);
			id->suci.nai.len = (uint16_t)n;
			return n ? rd_done(r) : -E_INVAL;
		}
		rc = dec_suci_imsi(r, &id->suci);
		return rc < 0 ? rc : rd_done(r);
	case NAS_ID_GUTI:
		if (rd_left(r) != 10)
			return -E_INVAL;
		if (rd_plmn(r, &id->guti.guami.plmn) < 0)
			return -E_INVAL;
		id->guti.guami.region = rd_u8(r);
		{
			uint16_t v = rd_u16(r);
			id->guti.guami.set = v >> 6;
			id->guti.guami.pointer = v & 63;
		}
		id->guti.tmsi = rd_u32(r);
		return rd_done(r);
	case NAS_ID_STMSI:
		if (rd_left(r) != 6)
			return -E_INVAL;
		{
			uint16_t v = rd_u16(r);
			id->stmsi.set = v >> 6;
			id->stmsi.pointer = v & 63;
		}
		id->stmsi.tmsi = rd_u32(r);
		return rd_done(r);
	case NAS_ID_IMEI:
	case NAS_ID_IMEISV: {
		/* Digit 1 sits in bits 8..5 of octet 4; odd/even in bit 4. */
		n = rd_left(r);
		if (n > 8)
			return -E_INVAL;
		uint8_t q[9];
		q[0] = o4;
		rd_copy(r, q + 1, n);
		rc = bcd_digits(q, n + 1, true, id->digits, sizeof(id->digits));
		if (rc < 1)
			return -E_INVAL;
		bool odd = (o4 >> 3) & 1;
		if ((size_t)rc != 2 * n + 1 - (odd ? 0 : 1) || (rc & 1) != odd)
			return -E_INVAL;
		if (id->type == NAS_ID_IMEI ? rc != 15 : rc != 16)
			return -E_INVAL;
		return rd_done(r);
	}
	case NAS_ID_MAC:
		id->mac.mauri = (o4 >> 3) & 1;
		if (rd_left(r) != 6)
			return -E_INVAL;
		rd_copy(r, id->mac.addr, 6);
		return rd_done(r);
	case NAS_ID_EUI64:
	default:
		if (rd_left(r) != 8)
			return -E_INVAL;
		rd_copy(r, id->eui64, 8);
		return rd_done(r);
	}
}

static int enc_mobid(struct wr *w, const void *in)
{
	const struct nas_mobile_id *id = in;
	const struct nas_suci *s = &id->suci;

	switch (id->type) {
	case NAS_ID_NONE: wr_u8(w, 0); break;
	case NAS_ID_SUCI:
		if (s->supi_fmt > NAS_SUPI_GLI)
			return -E_INVAL;
		wr_u8(w, (uint8_t)(s->supi_fmt << 4 | NAS_ID_SUCI));
		if (s->supi_fmt != NAS_SUPI_IMSI) {
			if (!s->nai.len)
				return -E_INVAL;
			return enc_buf(w, &s->nai);
		}
		if (wr_plmn(w, &s->plmn) < 0 || !str_digits(s->routing, 1, 4) || s->scheme > 15)
			return -E_INVAL;
		{
			char ri[5] = { 0 };
			size_t rl = strlen(s->routing);
			memcpy(ri, s->routing, rl);
			uint8_t d1 = (uint8_t)(ri[0] - '0');
			uint8_t d2 = rl > 1 ? (uint8_t)(ri[1] - '0') : 15;
			uint8_t d3 = rl > 2 ? (uint8_t)(ri[2] - '0') : 15;
			uint8_t d4 = rl > 3 ? (uint8_t)(ri[3] - '0') : 15;
			wr_u8(w, (uint8_t)(d2 << 4 | d1));
			wr_u8(w, (uint8_t)(d4 << 4 | d3));
		}
		wr_u8(w, s->scheme);
		wr_u8(w, s->hnpki);
		if (s->scheme == NAS_SCHEME_NULL) {
			if (!str_digits(s->msin, 1, 10))
				return -E_INVAL;
			wr_bcd(w, s->msin);
		} else {
			return enc_buf(w, &s->out);
		}
		break;
	case NAS_ID_GUTI:
		wr_u8(w, 0xF0 | NAS_ID_GUTI);
		if (wr_plmn(w, &id->guti.guami.plmn) < 0 || id->guti.guami.set > 1023 ||
		    id->guti.guami.pointer > 63)
			return -E_INVAL;
		wr_u8(w, id->guti.guami.region);
		wr_u16(w, (uint16_t)(id->guti.guami.set << 6 | id->guti.guami.pointer));
		wr_u32(w, id->guti.tmsi);
		break;
	case NAS_ID_STMSI:
		if (id->stmsi.set > 1023 || id->stmsi.pointer > 63)
			return -E_INVAL;
		wr_u8(w, 0xF0 | NAS_ID_STMSI);
		wr_u16(w, (uint16_t)(id->stmsi.set << 6 | id->stmsi.pointer));
		wr_u32(w, id->stmsi.tmsi);
		break;
	case NAS_ID_IMEI:
	case NAS_ID_IMEISV: {
		size_t n = strlen(id->digits);
		if (!str_digits(id->digits, 1, 16) || n != (id->type == NAS_ID_IMEI ? 15u : 16u))
			return -E_INVAL;
		wr_u8(w, (uint8_t)((id->digits[0] - '0') << 4 | (n & 1) << 3 | id->type));
		wr_bcd(w, id->digits + 1);
		break;
	}
	case NAS_ID_MAC:
		wr_u8(w, (uint8_t)((id->mac.mauri ? 8 : 0) | NAS_ID_MAC));
		wr_bytes(w, id->mac.addr, 6);
		break;
	case NAS_ID_EUI64:
		wr_u8(w, NAS_ID_EUI64);
		wr_bytes(w, id->eui64, 8);
		break;
	default: return -E_INVAL;
	}
	return wr_status(w);
}

static bool eq_mobid(const void *a, const void *b)
{
	const struct nas_mobile_id *x = a, *y = b;
	if (x->type != y->type)
		return false;
	switch (x->type) {
	case NAS_ID_NONE: return true;
	case NAS_ID_SUCI:
		if (x->suci.supi_fmt != y->suci.supi_fmt)
			return false;
		if (x->suci.supi_fmt != NAS_SUPI_IMSI)
			return eq_buf(&x->suci.nai, &y->suci.nai);
		if (!plmn_same(&x->suci.plmn, &y->suci.plmn) ||
		    strcmp(x->suci.routing, y->suci.routing) != 0 ||
		    x->suci.scheme != y->suci.scheme || x->suci.hnpki != y->suci.hnpki)
			return false;
		if (x->suci.scheme == NAS_SCHEME_NULL)
			return strcmp(x->suci.msin, y->suci.msin) == 0;
		return eq_buf(&x->suci.out, &y->suci.out);
	case NAS_ID_GUTI:
		return plmn_same(&x->guti.guami.plmn, &y->guti.guami.plmn) &&
		       x->guti.guami.region == y->guti.guami.region &&
		       x->guti.guami.set == y->guti.guami.set &&
		       x->guti.guami.pointer == y->guti.guami.pointer &&
		       x->guti.tmsi == y->guti.tmsi;
	case NAS_ID_STMSI:
		return x->stmsi.set == y->stmsi.set && x->stmsi.pointer == y->stmsi.pointer &&
		       x->stmsi.tmsi == y->stmsi.tmsi;
	case NAS_ID_IMEI:
	case NAS_ID_IMEISV: return strcmp(x->digits, y->digits) == 0;
	case NAS_ID_MAC:
		return x->mac.mauri == y->mac.mauri && memcmp(x->mac.addr, y->mac.addr, 6) == 0;
	default: return memcmp(x->eui64, y->eui64, 8) == 0;
	}
}

/* --- slices --- */

/* S-NSSAI contents of length n (9.11.2.8): 1 SST; 2 SST + mapped SST;
 * 4 SST + SD; 5 + mapped SST; 8 + mapped SD. */
static int rd_snssai_body(struct rd *r, size_t n, struct nas_snssai *s)
{
	memset(s, 0, sizeof(*s));
	if (n != 1 && n != 2 && n != 4 && n != 5 && n != 8)
		return -E_INVAL;
	s->s.sst = rd_u8(r);
	if (n >= 4) {
		s->s.has_sd = true;
		s->s.sd = rd_u24(r);
	}
	if (n == 2 || n >= 5) {
		s->has_mapped = true;
		s->mapped.sst = rd_u8(r);
	}
	if (n == 8) {
		s->mapped.has_sd = true;
		s->mapped.sd = rd_u24(r);
	}
	return r->err;
}

static int wr_snssai_body(struct wr *w, const struct nas_snssai *s)
{
	if ((s->s.has_sd && s->s.sd > 0xFFFFFF) ||
	    (s->has_mapped && s->mapped.has_sd && (!s->s.has_sd || s->mapped.sd > 0xFFFFFF)))
		return -E_INVAL;
	wr_u8(w, s->s.sst);
	if (s->s.has_sd)
		wr_u24(w, s->s.sd);
	if (s->has_mapped) {
		wr_u8(w, s->mapped.sst);
		if (s->mapped.has_sd)
			wr_u24(w, s->mapped.sd);
	}
	return wr_status(w);
}

static bool snssai_same(const struct nas_snssai *a, const struct nas_snssai *b)
{
	return s_nssai_eq(&a->s, &b->s) && a->has_mapped == b->has_mapped &&
	       (!a->has_mapped || s_nssai_eq(&a->mapped, &b->mapped));
}

static int dec_snssai(struct nas_dctx *d, struct rd *r, void *out)
{
	UNUSED(d);
	int rc = rd_snssai_body(r, rd_left(r), out);
	return rc < 0 ? rc : rd_done(r);
}

static int enc_snssai(struct wr *w, const void *in)
{
	return wr_snssai_body(w, in);
}

static bool eq_snssai(const void *a, const void *b)
{
	return snssai_same(a, b);
}

/* 9.11.3.37: S-NSSAI values, each length + contents. Entries past 16 are
 * ignored, as TS 24.501 says for the other bounded lists. */
static int dec_nssai(struct nas_dctx *d, struct rd *r, void *out)
{
	struct nas_nssai *l = out;
	UNUSED(d);
	while (rd_left(r) && l->n < NAS_NSSAI_MAX) {
		struct rd sub;
		if (rd_lv8(r, &sub) < 0)
			return -E_INVAL;
		if (rd_snssai_body(&sub, sub.len, &l->e[l->n]) < 0 || rd_done(&sub) < 0)
			return -E_INVAL;
		l->n++;
	}
	rd_skip(r, rd_left(r));
	return l->n ? 0 : -E_INVAL;
}

static int enc_nssai(struct wr *w, const void *in)
{
	const struct nas_nssai *l = in;
	if (l->n > NAS_NSSAI_MAX)
		return -E_INVAL;
	for (unsigned i = 0; i < l->n; i++) {
		size_t m = wr_len8_begin(w);
		if (wr_snssai_body(w, &l->e[i]) < 0)
			return -E_INVAL;
		wr_len8_end(w, m);
	}
	return wr_status(w);
}

static bool eq_nssai(const void *a, const void *b)
{
	const struct nas_nssai *x = a, *y = b;
	if (x->n != y->n)
		return false;
	for (unsigned i = 0; i < x->n; i++)
		if (!snssai_same(&x->e[i], &y->e[i]))
			return false;
	return true;
}

/* 9.11.3.46: each rejected S-NSSAI is length (bits 8..5) | cause, SST, [SD].
 * "store the first 8 rejected S-NSSAIs and ignore the remaining octets". */
static int dec_rejnssai(struct nas_dctx *d, struct rd *r, void *out)
{
	struct nas_rejected_nssai *l = out;
	UNUSED(d);
	while (rd_left(r) && l->n < NAS_REJ_NSSAI_MAX) {
		uint8_t o = rd_u8(r);
		uint8_t len = o >> 4;
		if (len != 1 && len != 4)
			return -E_INVAL;
		l->e[l->n].cause = o & 15;
		l->e[l->n].s.sst = rd_u8(r);
		if (len == 4) {
			l->e[l->n].s.has_sd = true;
			l->e[l->n].s.sd = rd_u24(r);
		}
		if (r->err)
			return r->err;
		l->n++;
	}
	rd_skip(r, rd_left(r));
	return l->n ? 0 : -E_INVAL;
}

static int enc_rejnssai(struct wr *w, const void *in)
{
	const struct nas_rejected_nssai *l = in;
	if (l->n > NAS_REJ_NSSAI_MAX)
		return -E_INVAL;
	for (unsigned i = 0; i < l->n; i++) {
		const struct s_nssai *s = &l->e[i].s;
		if (l->e[i].cause > 15 || (s->has_sd && s->sd > 0xFFFFFF))
			return -E_INVAL;
		wr_u8(w, (uint8_t)((s->has_sd ? 4 : 1) << 4 | l->e[i].cause));
		wr_u8(w, s->sst);
		if (s->has_sd)
			wr_u24(w, s->sd);
	}
	return wr_status(w);
}

static bool eq_rejnssai(const void *a, const void *b)
{
	const struct nas_rejected_nssai *x = a, *y = b;
	if (x->n != y->n)
		return false;
	for (unsigned i = 0; i < x->n; i++)
		if (x->e[i].cause != y->e[i].cause || !s_nssai_eq(&x->e[i].s, &y->e[i].s))
			return false;
	return true;
}

/* --- areas --- */

static int dec_tai(struct nas_dctx *d, struct rd *r, void *out)
{
	struct tai *t = out;
	UNUSED(d);
	if (rd_plmn(r, &t->plmn) < 0)
		return -E_INVAL; /* 9.11.3.8: a non-BCD MCC means "TAI deleted" */
	t->tac = rd_u24(r);
	return rd_done(r);
}

static int enc_tai(struct wr *w, const void *in)
{
	const struct tai *t = in;
	if (wr_plmn(w, &t->plmn) < 0 || t->tac > 0xFFFFFF)
		return -E_INVAL;
	wr_u24(w, t->tac);
	return wr_status(w);
}

static bool eq_tai(const void *a, const void *b)
{
	const struct tai *x = a, *y = b;
	return plmn_same(&x->plmn, &y->plmn) && x->tac == y->tac;
}

/* 9.11.3.9: partial lists; at most 16 TAIs are kept ("store the first 16
 * TAIs and ignore the remaining octets"). */
static int dec_tailist(struct nas_dctx *d, struct rd *r, void *out)
{
	struct nas_tai_list *l = out;
	UNUSED(d);
	while (rd_left(r) && l->n_tai < NAS_TAI_MAX) {
		uint8_t o = rd_u8(r);
		uint8_t type = (o >> 5) & 3;
		unsigned k = (o & 31) + 1u, room = NAS_TAI_MAX - l->n_tai;
		struct plmn p;

		if (k > 16)
			k = 16; /* "interpreted as 16" */
		if (type > NAS_TAIL_MANY_PLMN)
			return -E_INVAL;
		l->part[l->n_part].type = type;
		l->part[l->n_part].first = l->n_tai;
		if (type != NAS_TAIL_MANY_PLMN && rd_plmn(r, &p) < 0)
			return -E_INVAL;
		unsigned take = k < room ? k : room;
		for (unsigned j = 0; j < k; j++) {
			struct tai t;
			if (type == NAS_TAIL_MANY_PLMN) {
				if (rd_plmn(r, &t.plmn) < 0)
					return -E_INVAL;
			} else {
				t.plmn = p;
			}
			if (type == NAS_TAIL_CONSECUTIVE) {
				if (j == 0)
					t.tac = rd_u24(r);
				else
					t.tac = (l->tai[l->n_tai - 1].tac + 1) & 0xFFFFFF;
			} else {
				t.tac = rd_u24(r);
			}
			if (r->err)
				return r->err;
			if (j < take)
				l->tai[l->n_tai++] = t;
		}
		l->part[l->n_part++].n = (uint8_t)take;
	}
	rd_skip(r, rd_left(r));
	return l->n_tai ? 0 : -E_INVAL;
}

static int enc_tailist(struct wr *w, const void *in)
{
	const struct nas_tai_list *l = in;
	if (l->n_tai > NAS_TAI_MAX || l->n_part > NAS_TAI_MAX)
		return -E_INVAL;
	for (unsigned i = 0; i < l->n_part; i++) {
		unsigned type = l->part[i].type, first = l->part[i].first, n = l->part[i].n;
		if (type > NAS_TAIL_MANY_PLMN || n < 1 || n > 16 || first + n > l->n_tai)
			return -E_INVAL;
		wr_u8(w, (uint8_t)(type << 5 | (n - 1)));
		if (type != NAS_TAIL_MANY_PLMN && wr_plmn(w, &l->tai[first].plmn) < 0)
			return -E_INVAL;
		for (unsigned j = 0; j < n; j++) {
			const struct tai *t = &l->tai[first + j];
			if (t->tac > 0xFFFFFF)
				return -E_INVAL;
			if (type == NAS_TAIL_MANY_PLMN && wr_plmn(w, &t->plmn) < 0)
				return -E_INVAL;
			wr_u24(w, t->tac);
			if (type == NAS_TAIL_CONSECUTIVE)
				break;
		}
	}
	return wr_status(w);
}

static bool eq_tailist(const void *a, const void *b)
{
	const struct nas_tai_list *x = a, *y = b;
	if (x->n_tai != y->n_tai || x->n_part != y->n_part)
		return false;
	for (unsigned i = 0; i < x->n_tai; i++)
		if (!eq_tai(&x->tai[i], &y->tai[i]))
			return false;
	for (unsigned i = 0; i < x->n_part; i++)
		if (x->part[i].type != y->part[i].type || x->part[i].first != y->part[i].first ||
		    x->part[i].n != y->part[i].n)
			return false;
	return true;
}

int nas_tai_list_add(struct nas_tai_list *l, const struct tai *t)
{
	if (l->n_tai >= NAS_TAI_MAX)
		return -E_RANGE;
	if (l->n_part) {
		unsigned i = l->n_part - 1u;
		if (l->part[i].type == NAS_TAIL_ONE_PLMN &&
		    l->part[i].first + l->part[i].n == l->n_tai &&
		    plmn_eq(&l->tai[l->part[i].first].plmn, &t->plmn)) {
			l->tai[l->n_tai++] = *t;
			l->part[i].n++;
			return 0;
		}
	}
	l->part[l->n_part].type = NAS_TAIL_ONE_PLMN;
	l->part[l->n_part].first = l->n_tai;
	l->part[l->n_part].n = 1;
	l->n_part++;
	l->tai[l->n_tai++] = *t;
	return 0;
}

static int dec_plmn(struct nas_dctx *d, struct rd *r, void *out)
{
	UNUSED(d);
	if (rd_plmn(r, out) < 0)
		return -E_INVAL;
	return rd_done(r);
}

static int enc_plmn(struct wr *w, const void *in)
{
	if (wr_plmn(w, in) < 0)
		return -E_INVAL;
	return wr_status(w);
}

static bool eq_plmn(const void *a, const void *b)
{
	return plmn_same(a, b);
}

/* 9.11.3.45 */
static int dec_plmnlist(struct nas_dctx *d, struct rd *r, void *out)
{
	struct nas_plmn_list *l = out;
	UNUSED(d);
	if (rd_left(r) % 3 || rd_left(r) / 3 > NAS_PLMN_LIST_MAX)
		return -E_INVAL;
	while (rd_left(r))
		if (rd_plmn(r, &l->plmn[l->n++]) < 0)
			return -E_INVAL;
	return rd_done(r);
}

static int enc_plmnlist(struct wr *w, const void *in)
{
	const struct nas_plmn_list *l = in;
	if (l->n > NAS_PLMN_LIST_MAX)
		return -E_INVAL;
	for (unsigned i = 0; i < l->n; i++)
		if (wr_plmn(w, &l->plmn[i]) < 0)
			return -E_INVAL;
	return wr_status(w);
}

static bool eq_plmnlist(const void *a, const void *b)
{
	const struct nas_plmn_list *x = a, *y = b;
	if (x->n != y->n)
		return false;
	for (unsigned i = 0; i < x->n; i++)
		if (!plmn_same(&x->plmn[i], &y->plmn[i]))
			return false;
	return true;
}

/* 9.11.3.54: octets 3-4 always; 5-6 optional; 7-10 spare. A lone octet 5 is
 * malformed ("If octet 5 is included, then also octet 6 shall be included"). */
static int dec_ueseccap(struct nas_dctx *d, struct rd *r, void *out)
{
	struct nas_ue_sec_cap *c = out;
	size_t n = rd_left(r);
	UNUSED(d);
	if (n == 3)
		return -E_INVAL;
	c->nea = rd_u8(r);
	c->nia = rd_u8(r);
	if (n >= 4) {
		c->has_eps = true;
		c->eea = rd_u8(r);
		c->eia = rd_u8(r);
	}
	rd_skip(r, rd_left(r));
	return rd_done(r);
}

static int enc_ueseccap(struct wr *w, const void *in)
{
	const struct nas_ue_sec_cap *c = in;
	wr_u8(w, c->nea);
	wr_u8(w, c->nia);
	if (c->has_eps) {
		wr_u8(w, c->eea);
		wr_u8(w, c->eia);
	}
	return wr_status(w);
}

static bool eq_ueseccap(const void *a, const void *b)
{
	const struct nas_ue_sec_cap *x = a, *y = b;
	return x->nea == y->nea && x->nia == y->nia && x->has_eps == y->has_eps &&
	       (!x->has_eps || (x->eea == y->eea && x->eia == y->eia));
}

/* 9.11.3.43: PSI and 5GMM cause pairs. */
static int dec_reacterr(struct nas_dctx *d, struct rd *r, void *out)
{
	struct nas_psi_causes *l = out;
	size_t n = rd_left(r);
	if (n == 0 || n % 2)
		return -E_INVAL;
	if (!d->a || !(l->e = arena_alloc(d->a, n / 2 * sizeof(*l->e))))
		return -E_NOMEM;
	l->n = (uint16_t)(n / 2);
	for (unsigned i = 0; i < l->n; i++) {
		l->e[i].psi = rd_u8(r);
		l->e[i].cause = rd_u8(r);
	}
	return rd_done(r);
}

static int enc_reacterr(struct wr *w, const void *in)
{
	const struct nas_psi_causes *l = in;
	if (l->n && !l->e)
		return -E_INVAL;
	for (unsigned i = 0; i < l->n; i++) {
		wr_u8(w, l->e[i].psi);
		wr_u8(w, l->e[i].cause);
	}
	return wr_status(w);
}

static bool eq_reacterr(const void *a, const void *b)
{
	const struct nas_psi_causes *x = a, *y = b;
	return x->n == y->n && (!x->n || memcmp(x->e, y->e, x->n * sizeof(*x->e)) == 0);
}

/* --- session management --- */

static int dec_ambr(struct nas_dctx *d, struct rd *r, void *out)
{
	struct nas_session_ambr *s = out;
	UNUSED(d);
	s->dl.unit = rd_u8(r);
	s->dl.value = rd_u16(r);
	s->ul.unit = rd_u8(r);
	s->ul.value = rd_u16(r);
	return rd_done(r);
}

static int enc_ambr(struct wr *w, const void *in)
{
	const struct nas_session_ambr *s = in;
	wr_u8(w, s->dl.unit);
	wr_u16(w, s->dl.value);
	wr_u8(w, s->ul.unit);
	wr_u16(w, s->ul.value);
	return wr_status(w);
}

static bool eq_ambr(const void *a, const void *b)
{
	const struct nas_session_ambr *x = a, *y = b;
	return x->dl.unit == y->dl.unit && x->dl.value == y->dl.value && x->ul.unit == y->ul.unit &&
	       x->ul.value == y->ul.value;
}

/* 9.11.4.10 */
static int dec_pduaddr(struct nas_dctx *d, struct rd *r, void *out)
{
	struct nas_pdu_addr *p = out;
	uint8_t o = rd_u8(r);
	UNUSED(d);
	p->type = o & 7;
	p->has_smf_ll = (o >> 3) & 1;
	switch (p->type) {
	case NAS_PDU_IPV4: rd_copy(r, p->ipv4, 4); break;
	case NAS_PDU_IPV6: rd_copy(r, p->ifid, 8); break;
	case NAS_PDU_IPV4V6:
		rd_copy(r, p->ifid, 8);
		rd_copy(r, p->ipv4, 4);
		break;
	default: return -E_INVAL;
	}
	if (p->has_smf_ll)
		rd_copy(r, p->smf_ll, 16);
	return rd_done(r);
}

static int enc_pduaddr(struct wr *w, const void *in)
{
	const struct nas_pdu_addr *p = in;
	wr_u8(w, (uint8_t)((p->has_smf_ll ? 8 : 0) | p->type));
	switch (p->type) {
	case NAS_PDU_IPV4: wr_bytes(w, p->ipv4, 4); break;
	case NAS_PDU_IPV6: wr_bytes(w, p->ifid, 8); break;
	case NAS_PDU_IPV4V6:
		wr_bytes(w, p->ifid, 8);
		wr_bytes(w, p->ipv4, 4);
		break;
	default: return -E_INVAL;
	}
	if (p->has_smf_ll)
		wr_bytes(w, p->smf_ll, 16);
	return wr_status(w);
}

static bool eq_pduaddr(const void *a, const void *b)
{
	const struct nas_pdu_addr *x = a, *y = b;
	if (x->type != y->type || x->has_smf_ll != y->has_smf_ll)
		return false;
	if (x->type != NAS_PDU_IPV6 && memcmp(x->ipv4, y->ipv4, 4))
		return false;
	if (x->type != NAS_PDU_IPV4 && memcmp(x->ifid, y->ifid, 8))
		return false;
	return !x->has_smf_ll || memcmp(x->smf_ll, y->smf_ll, 16) == 0;
}

/* Table 9.11.4.13.1: packet filter component value lengths. */
int nas_pf_comp_len(uint8_t type)
{
	switch (type) {
	case NAS_PF_MATCH_ALL: return 0;
	case NAS_PF_IPV4_REMOTE:
	case NAS_PF_IPV4_LOCAL: return 8;
	case NAS_PF_IPV6_REMOTE:
	case NAS_PF_IPV6_LOCAL: return 17;
	case NAS_PF_PROTO:
	case NAS_PF_CTAG_PCP:
	case NAS_PF_STAG_PCP: return 1;
	case NAS_PF_LOCAL_PORT:
	case NAS_PF_REMOTE_PORT:
	case NAS_PF_TOS:
	case NAS_PF_CTAG_VID:
	case NAS_PF_STAG_VID:
	case NAS_PF_ETHERTYPE: return 2;
	case NAS_PF_FLOW_LABEL: return 3;
	case NAS_PF_LOCAL_PORT_RANGE:
	case NAS_PF_REMOTE_PORT_RANGE:
	case NAS_PF_SPI: return 4;
	case NAS_PF_DST_MAC:
	case NAS_PF_SRC_MAC: return 6;
	case NAS_PF_DST_MAC_RANGE:
	case NAS_PF_SRC_MAC_RANGE: return 12;
	default: return -1;
	}
}

/* Packet filter contents: components of a type octet and a fixed-size value. */
static int dec_pf_contents(struct nas_dctx *d, struct rd *r, struct nas_pkt_filter *f)
{
	struct rd probe = *r;
	size_t n = 0;

	while (rd_left(&probe)) {
		int l = nas_pf_comp_len(rd_u8(&probe));
		if (l < 0)
			return -E_INVAL;
		rd_skip(&probe, (size_t)l);
		if (probe.err)
			return -E_INVAL;
		n++;
	}
	if (n == 0 || n > 255)
		return -E_INVAL; /* "at least one" component */
	if (!d->a || !(f->comp = arena_alloc(d->a, n * sizeof(*f->comp))))
		return -E_NOMEM;
	f->n_comp = (uint8_t)n;
	for (size_t i = 0; i < n; i++) {
		f->comp[i].type = rd_u8(r);
		rd_copy(r, f->comp[i].v, (size_t)nas_pf_comp_len(f->comp[i].type));
	}
	return rd_done(r);
}

static int enc_pf_contents(struct wr *w, const struct nas_pkt_filter *f)
{
	if (f->n_comp == 0 || !f->comp)
		return -E_INVAL;
	for (unsigned i = 0; i < f->n_comp; i++) {
		int l = nas_pf_comp_len(f->comp[i].type);
		if (l < 0)
			return -E_INVAL;
		wr_u8(w, f->comp[i].type);
		wr_bytes(w, f->comp[i].v, (size_t)l);
	}
	return wr_status(w);
}

static bool pf_op_has_filters(uint8_t op)
{
	return op == NAS_QR_CREATE || op == NAS_QR_ADD_PF || op == NAS_QR_REPLACE_PF;
}

/* One QoS rule body (after identifier and length). */
static int dec_qos_rule(struct nas_dctx *d, struct rd *r, struct nas_qos_rule *q)
{
	uint8_t o = rd_u8(r);
	int rc;

	if (r->err)
		return -E_INVAL;
	q->op = o >> 5;
	q->dqr = (o >> 4) & 1;
	q->n_pf = o & 15;
	if (q->op == 0 || q->op == 7)
		return -E_INVAL; /* reserved operation codes */
	if ((q->op == NAS_QR_DELETE || q->op == NAS_QR_MODIFY) && q->n_pf)
		return -E_INVAL;
	if ((q->op == NAS_QR_ADD_PF || q->op == NAS_QR_DELETE_PF) && !q->n_pf)
		return -E_INVAL;
	if (q->n_pf) {
		if (!d->a || !(q->pf = arena_alloc(d->a, q->n_pf * sizeof(*q->pf))))
			return -E_NOMEM;
	}
	for (unsigned i = 0; i < q->n_pf; i++) {
		struct nas_pkt_filter *f = &q->pf[i];
		o = rd_u8(r);
		if (r->err)
			return -E_INVAL;
		f->id = o & 15;
		if (q->op == NAS_QR_DELETE_PF)
			continue;
		f->dir = (o >> 4) & 3;
		if (f->dir == 0) {
			d->cause = NAS_CAUSE_SYNTAX_ERR_PF;
			return -E_INVAL; /* reserved direction */
		}
		struct rd c;
		if (rd_lv8(r, &c) < 0)
			return -E_INVAL;
		rc = dec_pf_contents(d, &c, f);
		if (rc == -E_NOMEM)
			return rc;
		if (rc < 0) {
			d->cause = NAS_CAUSE_SYNTAX_ERR_PF;
			return rc;
		}
	}
	/* Precedence and QFI: absent, precedence only, or both (NOTE 1). */
	if (rd_left(r) > 2)
		return -E_INVAL;
	if (rd_left(r) >= 1) {
		q->has_precedence = true;
		q->precedence = rd_u8(r);
	}
	if (rd_left(r) == 1) {
		o = rd_u8(r);
		q->has_qfi = true;
		q->segregation = (o >> 6) & 1;
		q->qfi = o & 63;
	}
	if (q->op == NAS_QR_DELETE && q->has_precedence)
		return -E_INVAL; /* "shall not be included" for delete */
	return rd_done(r);
}

static int enc_qos_rule(struct wr *w, const struct nas_qos_rule *q)
{
	if (q->op == 0 || q->op > 6 || q->n_pf > 15 || (q->n_pf && !q->pf) ||
	    (q->has_qfi && (!q->has_precedence || q->qfi > 63)))
		return -E_INVAL;
	if ((q->op == NAS_QR_DELETE || q->op == NAS_QR_MODIFY) && q->n_pf)
		return -E_INVAL;
	wr_u8(w, (uint8_t)(q->op << 5 | (q->dqr ? 16 : 0) | q->n_pf));
	for (unsigned i = 0; i < q->n_pf; i++) {
		const struct nas_pkt_filter *f = &q->pf[i];
		if (f->id > 15)
			return -E_INVAL;
		if (q->op == NAS_QR_DELETE_PF) {
			wr_u8(w, f->id);
			continue;
		}
		if (f->dir < 1 || f->dir > 3 || !pf_op_has_filters(q->op))
			return -E_INVAL;
		wr_u8(w, (uint8_t)(f->dir << 4 | f->id));
		size_t m = wr_len8_begin(w);
		if (enc_pf_contents(w, f) < 0)
			return -E_INVAL;
		wr_len8_end(w, m);
	}
	if (q->has_precedence)
		wr_u8(w, q->precedence);
	if (q->has_qfi)
		wr_u8(w, (uint8_t)((q->segregation ? 64 : 0) | q->qfi));
	return wr_status(w);
}

/* 9.11.4.13: rules of {QRI, length (2), body}. Errors are syntactical
 * errors in the QoS operation (#84) unless a packet filter was at fault (#45). */
static int dec_qosrules(struct nas_dctx *d, struct rd *r, void *out)
{
	struct nas_qos_rules *l = out;
	struct rd probe = *r;
	size_t n = 0;
	int rc;

	while (rd_left(&probe)) {
		rd_u8(&probe);
		rd_skip(&probe, rd_u16(&probe));
		if (probe.err) {
			d->cause = NAS_CAUSE_SYNTAX_ERR_QOS;
			return -E_INVAL;
		}
		n++;
	}
	if (n == 0)
		return -E_INVAL;
	if (!d->a || !(l->r = arena_alloc(d->a, n * sizeof(*l->r))))
		return -E_NOMEM;
	l->n = (uint16_t)n;
	for (size_t i = 0; i < n; i++) {
		struct rd body;
		l->r[i].id = rd_u8(r);
		rd_lv16(r, &body);
		rc = dec_qos_rule(d, &body, &l->r[i]);
		if (rc < 0) {
			if (rc != -E_NOMEM && !d->cause)
				d->cause = NAS_CAUSE_SYNTAX_ERR_QOS;
			return rc;
		}
	}
	return rd_done(r);
}

static int enc_qosrules(struct wr *w, const void *in)
{
	const struct nas_qos_rules *l = in;
	if (l->n && !l->r)
		return -E_INVAL;
	for (unsigned i = 0; i < l->n; i++) {
		wr_u8(w, l->r[i].id);
		size_t m = wr_len16_begin(w);
		if (enc_qos_rule(w, &l->r[i]) < 0)
			return -E_INVAL;
		wr_len16_end(w, m);
	}
	return wr_status(w);
}

static bool eq_pf(const struct nas_pkt_filter *a, const struct nas_pkt_filter *b, uint8_t op)
{
	if (a->id != b->id)
		return false;
	if (op == NAS_QR_DELETE_PF)
		return true;
	if (a->dir != b->dir || a->n_comp != b->n_comp)
		return false;
	for (unsigned i = 0; i < a->n_comp; i++) {
		int l = nas_pf_comp_len(a->comp[i].type);
		if (a->comp[i].type != b->comp[i].type ||
		    (l > 0 && memcmp(a->comp[i].v, b->comp[i].v, (size_t)l)))
			return false;
	}
	return true;
}

static bool eq_qosrules(const void *a, const void *b)
{
	const struct nas_qos_rules *x = a, *y = b;
	if (x->n != y->n)
		return false;
	for (unsigned i = 0; i < x->n; i++) {
		const struct nas_qos_rule *p = &x->r[i], *q = &y->r[i];
		if (p->id != q->id || p->op != q->op || p->dqr != q->dqr || p->n_pf != q->n_pf ||
		    p->has_precedence != q->has_precedence || p->has_qfi != q->has_qfi)
			return false;
		if (p->has_precedence && p->precedence != q->precedence)
			return false;
		if (p->has_qfi && (p->qfi != q->qfi || p->segregation != q->segregation))
			return false;
		for (unsigned j = 0; j < p->n_pf; j++)
			if (!eq_pf(&p->pf[j], &q->pf[j], p->op))
				return false;
	}
	return true;
}

/* 9.11.4.12: one flow description; returns -E_INVAL on a malformed one. */
static int dec_qos_flow(struct rd *r, struct nas_qos_flow *f)
{
	uint8_t o1 = rd_u8(r), o2 = rd_u8(r), o3 = rd_u8(r);
	unsigned np;

	if (r->err)
		return -E_INVAL;
	f->qfi = o1 & 63;
	f->op = o2 >> 5;
	f->e_bit = (o3 >> 6) & 1;
	np = o3 & 63;
	if (f->op < NAS_QF_CREATE || f->op > NAS_QF_MODIFY)
		return -E_INVAL;
	for (unsigned i = 0; i < np; i++) {
		uint8_t id = rd_u8(r);
		struct rd p;
		if (rd_lv8(r, &p) < 0)
			return -E_INVAL;
		struct nas_bitrate *br = NULL;
		bool *has = NULL;
		switch (id) {
		case 0x01:
			if (p.len != 1)
				return -E_INVAL;
			if (!f->has_5qi) {
				f->has_5qi = true;
				f->fiveqi = rd_u8(&p);
			}
			break;
		case 0x02: br = &f->gfbr_ul, has = &f->has_gfbr_ul; break;
		case 0x03: br = &f->gfbr_dl, has = &f->has_gfbr_dl; break;
		case 0x04: br = &f->mfbr_ul, has = &f->has_mfbr_ul; break;
		case 0x05: br = &f->mfbr_dl, has = &f->has_mfbr_dl; break;
		case 0x06:
			if (p.len != 2)
				return -E_INVAL;
			if (!f->has_avg_window) {
				f->has_avg_window = true;
				f->avg_window = rd_u16(&p);
			}
			break;
		case 0x07:
			if (p.len != 1)
				return -E_INVAL;
			if (f->n_ebi < sizeof(f->ebi))
				f->ebi[f->n_ebi++] = rd_u8(&p) >> 4;
			break;
		default: break; /* "the corresponding parameter shall be discarded" */
		}
		if (br) {
			if (p.len != 3)
				return -E_INVAL;
			if (!*has) {
				*has = true;
				br->unit = rd_u8(&p);
				br->value = rd_u16(&p);
			}
		}
	}
	return r->err ? -E_INVAL : 0;
}

static int enc_qos_flow(struct wr *w, const struct nas_qos_flow *f)
{
	unsigned np = f->has_5qi + f->has_gfbr_ul + f->has_gfbr_dl + f->has_mfbr_ul +
		      f->has_mfbr_dl + f->has_avg_window + f->n_ebi;
	if (f->qfi > 63 || f->op < NAS_QF_CREATE || f->op > NAS_QF_MODIFY || np > 63 ||
	    f->n_ebi > sizeof(f->ebi))
		return -E_INVAL;
	wr_u8(w, f->qfi);
	wr_u8(w, (uint8_t)(f->op << 5));
	wr_u8(w, (uint8_t)((f->e_bit ? 64 : 0) | np));
	if (f->has_5qi) {
		wr_u8(w, 0x01);
		wr_u8(w, 1);
		wr_u8(w, f->fiveqi);
	}
	const struct nas_bitrate *br[4] = { &f->gfbr_ul, &f->gfbr_dl, &f->mfbr_ul, &f->mfbr_dl };
	const bool has[4] = { f->has_gfbr_ul, f->has_gfbr_dl, f->has_mfbr_ul, f->has_mfbr_dl };
	for (unsigned i = 0; i < 4; i++) {
		if (!has[i])
			continue;
		wr_u8(w, (uint8_t)(0x02 + i));
		wr_u8(w, 3);
		wr_u8(w, br[i]->unit);
		wr_u16(w, br[i]->value);
	}
	if (f->has_avg_window) {
		wr_u8(w, 0x06);
		wr_u8(w, 2);
		wr_u16(w, f->avg_window);
	}
	for (unsigned i = 0; i < f->n_ebi; i++) {
		if (f->ebi[i] > 15)
			return -E_INVAL;
		wr_u8(w, 0x07);
		wr_u8(w, 1);
		wr_u8(w, (uint8_t)(f->ebi[i] << 4));
	}
	return wr_status(w);
}

static int dec_qosflows(struct nas_dctx *d, struct rd *r, void *out)
{
	struct nas_qos_flows *l = out;
	struct rd probe = *r;
	size_t n = 0;

	/* Flow descriptions carry no length: count them by parsing. */
	while (rd_left(&probe)) {
		struct nas_qos_flow tmp = { 0 };
		if (dec_qos_flow(&probe, &tmp) < 0) {
			d->cause = NAS_CAUSE_SYNTAX_ERR_QOS;
			return -E_INVAL;
		}
		n++;
	}
	if (n == 0)
		return -E_INVAL;
	if (!d->a || !(l->f = arena_alloc(d->a, n * sizeof(*l->f))))
		return -E_NOMEM;
	l->n = (uint16_t)n;
	for (size_t i = 0; i < n; i++)
		dec_qos_flow(r, &l->f[i]);
	return rd_done(r);
}

static int enc_qosflows(struct wr *w, const void *in)
{
	const struct nas_qos_flows *l = in;
	if (l->n && !l->f)
		return -E_INVAL;
	for (unsigned i = 0; i < l->n; i++)
		if (enc_qos_flow(w, &l->f[i]) < 0)
			return -E_INVAL;
	return wr_status(w);
}

static bool flow_same(const struct nas_qos_flow *a, const struct nas_qos_flow *b)
{
#define SAME_BR(h, f)                                                                              \
	(a->h == b->h && (!a->h || (a->f.unit == b->f.unit && a->f.value == b->f.value)))
	return a->qfi == b->qfi && a->op == b->op && a->e_bit == b->e_bit &&
	       a->has_5qi == b->has_5qi && (!a->has_5qi || a->fiveqi == b->fiveqi) &&
	       SAME_BR(has_gfbr_ul, gfbr_ul) && SAME_BR(has_gfbr_dl, gfbr_dl) &&
	       SAME_BR(has_mfbr_ul, mfbr_ul) && SAME_BR(has_mfbr_dl, mfbr_dl) &&
	       a->has_avg_window == b->has_avg_window &&
	       (!a->has_avg_window || a->avg_window == b->avg_window) && a->n_ebi == b->n_ebi &&
	       memcmp(a->ebi, b->ebi, a->n_ebi) == 0;
#undef SAME_BR
}

static bool eq_qosflows(const void *a, const void *b)
{
	const struct nas_qos_flows *x = a, *y = b;
	if (x->n != y->n)
		return false;
	for (unsigned i = 0; i < x->n; i++)
		if (!flow_same(&x->f[i], &y->f[i]))
			return false;
	return true;
}

/* 9.11.4.6 (TS 24.008 10.5.6.3A): ext bit and configuration protocol, then
 * containers. */
static int dec_epco(struct nas_dctx *d, struct rd *r, void *out)
{
	struct nas_epco *e = out;
	uint8_t o = rd_u8(r);
	struct rd probe;
	size_t n = 0;

	if (r->err)
		return -E_INVAL;
	e->proto = o & 7;
	probe = *r;
	while (rd_left(&probe)) {
		rd_u16(&probe);
		rd_skip(&probe, rd_u8(&probe));
		if (probe.err)
			return -E_INVAL;
		n++;
	}
	if (n == 0)
		return rd_done(r);
	if (!d->a || !(e->opt = arena_alloc(d->a, n * sizeof(*e->opt))))
		return -E_NOMEM;
	e->n = (uint16_t)n;
	for (size_t i = 0; i < n; i++) {
		struct nas_pco_opt *p = &e->opt[i];
		p->id = rd_u16(r);
		p->len = rd_u8(r);
		if (p->len <= sizeof(p->v))
			rd_copy(r, p->v, p->len);
		else
			p->ext = rd_take(r, p->len);
	}
	return rd_done(r);
}

static int enc_epco(struct wr *w, const void *in)
{
	const struct nas_epco *e = in;
	if (e->proto > 7 || (e->n && !e->opt))
		return -E_INVAL;
	wr_u8(w, (uint8_t)(0x80 | e->proto));
	for (unsigned i = 0; i < e->n; i++) {
		const struct nas_pco_opt *p = &e->opt[i];
		if (!p->ext && p->len > sizeof(p->v))
			return -E_INVAL;
		wr_u16(w, p->id);
		wr_u8(w, p->len);
		wr_bytes(w, nas_pco_val(p), p->len);
	}
	return wr_status(w);
}

static bool eq_epco(const void *a, const void *b)
{
	const struct nas_epco *x = a, *y = b;
	if (x->proto != y->proto || x->n != y->n)
		return false;
	for (unsigned i = 0; i < x->n; i++) {
		const struct nas_pco_opt *p = &x->opt[i], *q = &y->opt[i];
		if (p->id != q->id || p->len != q->len ||
		    memcmp(nas_pco_val(p), nas_pco_val(q), p->len))
			return false;
	}
	return true;
}

struct nas_pco_opt nas_pco_addr(uint16_t id, const struct ip_addr *a)
{
	struct nas_pco_opt o = { .id = id };
	o.len = (uint8_t)ip_len(a);
	memcpy(o.v, a->a, o.len);
	return o;
}

struct nas_pco_opt nas_pco_u16(uint16_t id, uint16_t v)
{
	struct nas_pco_opt o = { .id = id, .len = 2 };
	o.v[0] = (uint8_t)(v >> 8);
	o.v[1] = (uint8_t)v;
	return o;
}

/* 9.11.2.1B DNN: length-prefixed labels (TS 23.003 9.1) <-> dotted text. */
static int dec_dnn(struct nas_dctx *d, struct rd *r, void *out)
{
	struct nas_dnn *dn = out;
	size_t k = 0;
	UNUSED(d);

	while (rd_left(r)) {
		size_t l = rd_u8(r);
		const uint8_t *q = rd_take(r, l);
		if (!q || l == 0 || k + l + 1 >= sizeof(dn->s))
			return -E_INVAL;
		if (k)
			dn->s[k++] = '.';
		for (size_t i = 0; i < l; i++) {
			if (q[i] == '.' || q[i] < 0x20 || q[i] > 0x7E)
				return -E_INVAL;
			dn->s[k++] = (char)q[i];
		}
	}
	dn->s[k] = 0;
	return k ? rd_done(r) : -E_INVAL;
}

static int enc_dnn(struct wr *w, const void *in)
{
	const struct nas_dnn *dn = in;
	const char *s = dn->s;
	size_t n = strnlen(s, sizeof(dn->s));

	if (n == 0 || n >= sizeof(dn->s))
		return -E_INVAL;
	while (*s) {
		const char *dot = strchr(s, '.');
		size_t l = dot ? (size_t)(dot - s) : strlen(s);
		if (l == 0 || l > 63)
			return -E_INVAL;
		wr_u8(w, (uint8_t)l);
		wr_bytes(w, s, l);
		s += l;
		if (*s == '.') {
			s++;
			if (!*s)
				return -E_INVAL;
		}
	}
	return wr_status(w);
}

static bool eq_dnn(const void *a, const void *b)
{
	const struct nas_dnn *x = a, *y = b;
	return strncmp(x->s, y->s, sizeof(x->s)) == 0;
}

#define OPS(name, type, eqf)                                                                       \
	{                                                                                          \
		dec_##name, enc_##name, eqf, sizeof(type)                                          \
	}

const struct nas_vt_ops nas_vt_ops[NAS_VT__COUNT] = {
	[NAS_VT_U8] = OPS(u8, uint8_t, NULL),
	[NAS_VT_HALF] = OPS(half, uint8_t, NULL),
	[NAS_VT_KSI] = OPS(ksi, struct nas_ksi, NULL),
	[NAS_VT_REGTYPE] = OPS(regtype, struct nas_reg_type, NULL),
	[NAS_VT_DEREGTYPE] = OPS(deregtype, struct nas_dereg_type, NULL),
	[NAS_VT_SECALGS] = OPS(secalgs, struct nas_sec_algs, NULL),
	[NAS_VT_TIMER] = OPS(timer, struct nas_gprs_timer, NULL),
	[NAS_VT_IPMDR] = OPS(ipmdr, struct nas_ipmdr, NULL),
	[NAS_VT_MAXPF] = OPS(maxpf, uint16_t, NULL),
	[NAS_VT_PSIMAP] = OPS(psimap, uint16_t, NULL),
	[NAS_VT_BUF] = OPS(buf, struct nas_buf, eq_buf),
	[NAS_VT_OCTETS] = OPS(octets, struct nas_octets, eq_octets),
	[NAS_VT_FIX16] = OPS(fix16, uint8_t[16], NULL),
	[NAS_VT_FIX14] = OPS(fix14, uint8_t[14], NULL),
	[NAS_VT_MOBID] = OPS(mobid, struct nas_mobile_id, eq_mobid),
	[NAS_VT_NSSAI] = OPS(nssai, struct nas_nssai, eq_nssai),
	[NAS_VT_SNSSAI] = OPS(snssai, struct nas_snssai, eq_snssai),
	[NAS_VT_REJNSSAI] = OPS(rejnssai, struct nas_rejected_nssai, eq_rejnssai),
	[NAS_VT_TAI] = OPS(tai, struct tai, eq_tai),
	[NAS_VT_TAILIST] = OPS(tailist, struct nas_tai_list, eq_tailist),
	[NAS_VT_PLMN] = OPS(plmn, struct plmn, eq_plmn),
	[NAS_VT_PLMNLIST] = OPS(plmnlist, struct nas_plmn_list, eq_plmnlist),
	[NAS_VT_UESECCAP] = OPS(ueseccap, struct nas_ue_sec_cap, eq_ueseccap),
	[NAS_VT_REACTERR] = OPS(reacterr, struct nas_psi_causes, eq_reacterr),
	[NAS_VT_AMBR] = OPS(ambr, struct nas_session_ambr, eq_ambr),
	[NAS_VT_PDUADDR] = OPS(pduaddr, struct nas_pdu_addr, eq_pduaddr),
	[NAS_VT_QOSRULES] = OPS(qosrules, struct nas_qos_rules, eq_qosrules),
	[NAS_VT_QOSFLOWS] = OPS(qosflows, struct nas_qos_flows, eq_qosflows),
	[NAS_VT_EPCO] = OPS(epco, struct nas_epco, eq_epco),
	[NAS_VT_DNN] = OPS(dnn, struct nas_dnn, eq_dnn),
};

/* --- helpers --- */

long nas_timer3_secs(struct nas_gprs_timer t)
{
	static const long mult[7] = { 600, 3600, 36000, 2, 30, 60, 1152000 };
	if (t.unit > 6)
		return -1;
	return mult[t.unit] * (long)t.value;
}

long nas_timer2_secs(struct nas_gprs_timer t)
{
	/* TS 24.008 10.5.7.3: 0 = 2 s, 1 = 1 min, 2 = decihours, 7 = deactivated;
	 * other values are interpreted as 1 min. */
	if (t.unit == 7)
		return -1;
	if (t.unit == 0)
		return 2L * t.value;
	if (t.unit == 2)
		return 360L * t.value;
	return 60L * t.value;
}

struct nas_gprs_timer nas_timer3_from_secs(unsigned long secs)
{
	/* Units in increasing size: 2 s, 30 s, 1 min, 10 min, 1 h, 10 h, 320 h. */
	static const struct {
		uint8_t unit;
		unsigned long mult;
	} u[] = { { 3, 2 },    { 4, 30 },    { 5, 60 },	    { 0, 600 },
		  { 1, 3600 }, { 2, 36000 }, { 6, 1152000 } };
	for (size_t i = 0; i < sizeof(u) / sizeof(u[0]); i++) {
		if (secs % u[i].mult == 0 && secs / u[i].mult <= 31)
			return (struct nas_gprs_timer){ u[i].unit, (uint8_t)(secs / u[i].mult) };
	}
	for (size_t i = 0; i < sizeof(u) / sizeof(u[0]); i++) {
		unsigned long v = (secs + u[i].mult - 1) / u[i].mult;
		if (v <= 31)
			return (struct nas_gprs_timer){ u[i].unit, (uint8_t)v };
	}
	return (struct nas_gprs_timer){ NAS_T_DEACTIVATED, 0 };
}

struct nas_gprs_timer nas_timer2_from_secs(unsigned long secs)
{
	static const struct {
		uint8_t unit;
		unsigned long mult;
	} u[] = { { 0, 2 }, { 1, 60 }, { 2, 360 } };
	for (size_t i = 0; i < 3; i++)
		if (secs % u[i].mult == 0 && secs / u[i].mult <= 31)
			return (struct nas_gprs_timer){ u[i].unit, (uint8_t)(secs / u[i].mult) };
	for (size_t i = 0; i < 3; i++) {
		unsigned long v = (secs + u[i].mult - 1) / u[i].mult;
		if (v <= 31)
			return (struct nas_gprs_timer){ u[i].unit, (uint8_t)v };
	}
	return (struct nas_gprs_timer){ NAS_T_DEACTIVATED, 0 };
}

/* 9.11.4.14: unit 1 = 1 kbps, 2 = 4 kbps ... 5 = 256 kbps, 6 = 1 Mbps, ...
 * 11 = 1 Gbps, 16 = 1 Tbps, 21 = 1 Pbps, 25 = 256 Pbps; 0 reads as 1 kbps and
 * codes above 25 as 256 Pbps. */
static uint64_t unit_kbps(unsigned u)
{
	uint64_t k = 1;
	u = u == 0 ? 1 : u > 25 ? 25 : u;
	for (unsigned i = 0; i < (u - 1) / 5; i++)
		k *= 1000;
	return k << (2 * ((u - 1) % 5));
}

uint64_t nas_bitrate_kbps(struct nas_bitrate b)
{
	return unit_kbps(b.unit) * b.value;
}

struct nas_bitrate nas_bitrate_from_kbps(uint64_t kbps)
{
	for (unsigned u = 1; u <= 25; u++) {
		uint64_t k = unit_kbps(u);
		uint64_t v = kbps / k + (kbps % k ? 1 : 0);
		if (v <= 0xFFFF)
			return (struct nas_bitrate){ (uint8_t)u, (uint16_t)v };
	}
	return (struct nas_bitrate){ 25, 0xFFFF };
}
