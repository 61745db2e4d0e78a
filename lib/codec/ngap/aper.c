/* aper.c — ASN.1 aligned PER (ITU-T X.691, ALIGNED variant) driven by the
 * descriptors of aper.h.
 *
 * Clause numbers below are those of X.691 (02/2021). Every read checks the
 * remaining bits first; every length that sizes an allocation is checked
 * against the bits left in the message (a lower bound of the encoding of
 * each item is in the descriptor); recursion follows the static nesting of
 * the types, never the input. The first failure fills struct ngap_err.
 *
 * Bit order: bit 0 of a buffer is the high bit of octet 0.
 */
#include <string.h>

#include "lib/codec/ngap/aper.h"
#include "lib/core/err.h"

#define FRAG 16384u /* 16K: fragment unit of length determinants (11.9.3.8) */

struct brd {
	const uint8_t *p; /* octets */
	size_t nbits; /* bits readable from p */
	size_t pos; /* next bit */
	size_t base; /* bit offset of p[0] in the outermost input (for reports) */
};

struct bwr {
	uint8_t *p; /* octets */
	size_t cap; /* capacity in octets */
	size_t pos; /* next bit */
	size_t base; /* bit offset of p[0] in the outermost output */
};

struct ctx {
	struct arena *a; /* decode: where values are allocated */
	struct ngap_err *err; /* report */
	uint32_t ie; /* IE id being processed, NGAP_IE_NONE outside IEs */
	int deferred; /* decode: first criticality-driven error (unknown/missing IE) */
	uint32_t deferred_ie; /* its IE id */
	bool failed; /* err is filled */
};

static int fail_at(struct ctx *c, size_t bit, const struct aper_type *t, int rc)
{
	if (!c->failed) {
		c->failed = true;
		c->err->code = rc;
		c->err->ie = c->ie;
		c->err->bit = bit;
		c->err->off = bit / 8;
		c->err->type = t ? t->name : NULL;
	}
	return rc;
}

static int rfail(struct ctx *c, const struct brd *r, const struct aper_type *t, int rc)
{
	return fail_at(c, r->base + r->pos, t, rc);
}

static int wfail(struct ctx *c, const struct bwr *w, const struct aper_type *t, int rc)
{
	return fail_at(c, w->base + w->pos, t, rc);
}

static unsigned bitlen(uint64_t v)
{
	unsigned n = 0;
	while (v) {
		n++;
		v >>= 1;
	}
	return n;
}

static unsigned bytelen(uint64_t v)
{
	unsigned n = 1;
	while (v > 0xff) {
		n++;
		v >>= 8;
	}
	return n;
}

/* ---------------------------------------------------------------------------
 * Bit reader and writer */

static size_t rd_left(const struct brd *r)
{
	return r->nbits - r->pos;
}

/* Reads n bits (0..64), most significant first. */
static inline int rd_bits(struct ctx *c, struct brd *r, unsigned n, uint64_t *v,
			  const struct aper_type *t)
{
	if (n > rd_left(r))
		return rfail(c, r, t, -E_SHORT);
	if (n > 32) {
		uint64_t hi = 0, lo = 0;
		rd_bits(c, r, n - 32, &hi, t);
		rd_bits(c, r, 32, &lo, t);
		*v = hi << 32 | lo;
		return 0;
	}
	/* The (at most 5) octets holding the bits, as one big-endian number. */
	const uint8_t *p = r->p + (r->pos >> 3);
	unsigned end = (unsigned)(r->pos & 7) + n, nb = (end + 7) >> 3;
	uint64_t x = 0;
	for (unsigned i = 0; i < nb; i++)
		x = x << 8 | p[i];
	*v = (x >> (nb * 8 - end)) & ((1ull << n) - 1);
	r->pos += n;
	return 0;
}

static void rd_align(struct brd *r)
{
	size_t a = (r->pos + 7) & ~(size_t)7;
	r->pos = a < r->nbits ? a : r->nbits;
}

/* Returns the next n octets (octet aligned) and consumes them. */
static const uint8_t *rd_octets(struct ctx *c, struct brd *r, size_t n, const struct aper_type *t)
{
	if (r->pos & 7) {
		rfail(c, r, t, -E_INVAL);
		return NULL;
	}
	if (n > rd_left(r) / 8) {
		rfail(c, r, t, -E_SHORT);
		return NULL;
	}
	const uint8_t *q = r->p + r->pos / 8;
	r->pos += n * 8;
	return q;
}

/* Writes the low n bits (0..64) of v, most significant first. The bits of
 * the current octet after the write position are kept zero, so alignment
 * pads with zeros. */
static inline int wr_bits(struct ctx *c, struct bwr *w, uint64_t v, unsigned n,
			  const struct aper_type *t)
{
	if (n > w->cap * 8 - w->pos)
		return wfail(c, w, t, -E_NOSPC);
	if (n > 32) {
		wr_bits(c, w, v >> 32, n - 32, t);
		return wr_bits(c, w, v & 0xffffffffu, 32, t);
	}
	uint8_t *p = w->p + (w->pos >> 3);
	unsigned off = (unsigned)(w->pos & 7), end = off + n, nb = (end + 7) >> 3;
	if (!nb)
		return 0;
	uint64_t x = (v & ((1ull << n) - 1)) << (nb * 8 - end);
	if (off)
		x |= (uint64_t)(p[0] & (0xff << (8 - off))) << ((nb - 1) * 8);
	for (unsigned i = nb; i-- > 0;) {
		p[i] = (uint8_t)x;
		x >>= 8;
	}
	w->pos += n;
	return 0;
}

static void wr_align(struct bwr *w)
{
	w->pos = (w->pos + 7) & ~(size_t)7;
}

/* Copies nbits bits starting at bit `from` of src into dst (from bit 0);
 * the unused low bits of the last octet are cleared. */
static void copy_bits(uint8_t *dst, const uint8_t *src, size_t from, size_t nbits)
{
	size_t nb = (nbits + 7) / 8;
	const uint8_t *s = src + from / 8;
	unsigned sh = from & 7;

	if (!nb)
		return;
	if (!sh) {
		memcpy(dst, s, nb);
	} else {
		for (size_t i = 0; i < nb; i++) {
			uint8_t b = (uint8_t)(s[i] << sh);
			if ((i + 1) * 8 < nbits + sh)
				b |= (uint8_t)(s[i + 1] >> (8 - sh));
			dst[i] = b;
		}
	}
	if (nbits & 7)
		dst[nb - 1] &= (uint8_t)(0xff << (8 - (nbits & 7)));
}

/* ---------------------------------------------------------------------------
 * Whole numbers and length determinants (clauses 11.5 – 11.9) */

/* Constrained whole number: offset from lb in 0..range-1 (11.5.7, ALIGNED).
 * range 0 stands for 2^64. */
static int rd_cwn(struct ctx *c, struct brd *r, uint64_t range, uint64_t *v,
		  const struct aper_type *t)
{
	int rc;
	size_t start = r->pos; /* range errors are reported where the number starts */

	*v = 0;
	if (range == 1)
		return 0;
	if (range && range <= 255) {
		rc = rd_bits(c, r, bitlen(range - 1), v, t);
	} else if (range == 256) {
		rd_align(r);
		rc = rd_bits(c, r, 8, v, t);
	} else if (range && range <= 65536) {
		rd_align(r);
		rc = rd_bits(c, r, 16, v, t);
	} else {
		/* 11.5.7.4: octet count as a constrained whole number 1..nb, then the octets. */
		unsigned nb = bytelen(range - 1);
		uint64_t len;
		rc = rd_bits(c, r, bitlen(nb - 1), &len, t);
		if (rc)
			return rc;
		len += 1;
		if (len > nb) {
			r->pos = start;
			return rfail(c, r, t, -E_RANGE);
		}
		rd_align(r);
		rc = rd_bits(c, r, (unsigned)len * 8, v, t);
	}
	if (rc)
		return rc;
	if (range && *v >= range) {
		r->pos = start;
		return rfail(c, r, t, -E_RANGE);
	}
	return 0;
}

static int wr_cwn(struct ctx *c, struct bwr *w, uint64_t range, uint64_t v,
		  const struct aper_type *t)
{
	if (range == 1)
		return 0;
	if (range && range <= 255)
		return wr_bits(c, w, v, bitlen(range - 1), t);
	if (range == 256) {
		wr_align(w);
		return wr_bits(c, w, v, 8, t);
	}
	if (range && range <= 65536) {
		wr_align(w);
		return wr_bits(c, w, v, 16, t);
	}
	unsigned nb = bytelen(range - 1);
	unsigned len = bytelen(v);
	int rc = wr_bits(c, w, len - 1, bitlen(nb - 1), t);
	if (rc)
		return rc;
	wr_align(w);
	return wr_bits(c, w, v, len * 8, t);
}

/* Length determinant (11.9). With ub < 64K it is a constrained whole number
 * lb..ub; otherwise the unconstrained form, where *frag is set for a
 * fragment of m * 16K items after which another length follows. */
static int rd_length(struct ctx *c, struct brd *r, bool constrained, uint64_t lb, uint64_t ub,
		     uint64_t *n, bool *frag, const struct aper_type *t)
{
	uint64_t b, b2;
	int rc;

	*frag = false;
	if (constrained && ub < 65536) {
		rc = rd_cwn(c, r, ub - lb + 1, n, t);
		*n += lb;
		return rc;
	}
	rd_align(r);
	if ((rc = rd_bits(c, r, 8, &b, t)))
		return rc;
	if (!(b & 0x80)) {
		*n = b;
	} else if (!(b & 0x40)) {
		if ((rc = rd_bits(c, r, 8, &b2, t)))
			return rc;
		*n = (b & 0x3f) << 8 | b2;
	} else {
		unsigned m = b & 0x3f;
		if (m < 1 || m > 4)
			return rfail(c, r, t, -E_INVAL);
		*n = (uint64_t)m * FRAG;
		*frag = true;
	}
	return 0;
}

/* Unconstrained length determinant for n items (n < 16K, or the piece that
 * remains after fragments). Returns the items the caller writes now: n, or
 * a fragment of m * 16K when n >= 16K (then it calls again for the rest). */
static int wr_length_piece(struct ctx *c, struct bwr *w, uint64_t n, uint64_t *now,
			   const struct aper_type *t)
{
	wr_align(w);
	if (n < 128) {
		*now = n;
		return wr_bits(c, w, n, 8, t);
	}
	if (n < FRAG) {
		*now = n;
		return wr_bits(c, w, 0x8000 | n, 16, t);
	}
	uint64_t m = n / FRAG;
	if (m > 4)
		m = 4;
	*now = m * FRAG;
	return wr_bits(c, w, 0xc0 | m, 8, t);
}

/* Normally small non-negative whole number (11.6). */
static int rd_nsnn(struct ctx *c, struct brd *r, uint64_t *v, const struct aper_type *t)
{
	uint64_t big, len;
	bool frag;
	int rc;

	if ((rc = rd_bits(c, r, 1, &big, t)))
		return rc;
	if (!big)
		return rd_bits(c, r, 6, v, t);
	if ((rc = rd_length(c, r, false, 0, 0, &len, &frag, t)))
		return rc;
	if (frag || len < 1 || len > 4)
		return rfail(c, r, t, -E_RANGE);
	rd_align(r);
	return rd_bits(c, r, (unsigned)len * 8, v, t);
}

static int wr_nsnn(struct ctx *c, struct bwr *w, uint64_t v, const struct aper_type *t)
{
	int rc;

	if (v < 64)
		return wr_bits(c, w, v, 7, t);
	if ((rc = wr_bits(c, w, 1, 1, t)))
		return rc;
	unsigned len = bytelen(v);
	uint64_t now;
	if ((rc = wr_length_piece(c, w, len, &now, t)))
		return rc;
	return wr_bits(c, w, v, len * 8, t);
}

/* ---------------------------------------------------------------------------
 * Open types (11.2): an unconstrained length and the complete encoding. */

/* Reads an open type into sub. Fragmented values are joined in the arena. */
static int rd_open(struct ctx *c, struct brd *r, struct brd *sub, const struct aper_type *t)
{
	uint64_t n;
	bool frag;
	int rc;

	if ((rc = rd_length(c, r, false, 0, 0, &n, &frag, t)))
		return rc;
	size_t start = r->pos;
	const uint8_t *q = rd_octets(c, r, n, t);
	if (!q)
		return c->err->code;
	sub->p = q;
	sub->nbits = n * 8;
	sub->pos = 0;
	sub->base = r->base + start;
	if (!frag)
		return 0;
	/* Fragmented: count the total first, then join. */
	size_t save = r->pos, total = n;
	for (;;) {
		if ((rc = rd_length(c, r, false, 0, 0, &n, &frag, t)))
			return rc;
		if (!rd_octets(c, r, n, t))
			return c->err->code;
		total += n;
		if (!frag)
			break;
	}
	uint8_t *joined = arena_alloc(c->a, total ? total : 1);
	if (!joined)
		return rfail(c, r, t, -E_NOMEM);
	memcpy(joined, q, sub->nbits / 8);
	size_t at = sub->nbits / 8;
	r->pos = save;
	for (;;) {
		rd_length(c, r, false, 0, 0, &n, &frag, t);
		q = rd_octets(c, r, n, t);
		memcpy(joined + at, q, n);
		at += n;
		if (!frag)
			break;
	}
	sub->p = joined;
	sub->nbits = total * 8;
	return 0;
}

static int enc_value(struct ctx *c, struct bwr *w, const struct aper_type *t, const void *v);

/* Encodes v as an open type: the value is written one octet ahead (room for
 * a short length), then moved when its length needs 2 octets or fragments
 * (X.691 11.9.3.8: pieces of up to 64K, each after a 1-octet header, then a
 * final length). */
static int wr_open(struct ctx *c, struct bwr *w, const struct aper_type *t, const void *v)
{
	wr_align(w);
	size_t start = w->pos / 8;
	if (w->cap - start < 1)
		return wfail(c, w, t, -E_NOSPC);
	struct bwr sub = { w->p + start + 1, w->cap - start - 1, 0, w->base + (start + 1) * 8 };
	int rc = enc_value(c, &sub, t, v);
	if (rc)
		return rc;
	wr_align(&sub);
	size_t len = sub.pos / 8;
	if (len == 0) {
		/* 11.2.2 / 11.1.3: an empty encoding is one zero octet. */
		if (sub.cap < 1)
			return wfail(c, w, t, -E_NOSPC);
		sub.p[0] = 0;
		len = 1;
	}
	uint8_t *o = w->p + start;
	size_t room = w->cap - start; /* octets available from o */
	if (len < 128) {
		o[0] = (uint8_t)len;
		w->pos = (start + 1 + len) * 8;
		return 0;
	}
	if (len < FRAG) {
		if (room < len + 2)
			return wfail(c, w, t, -E_NOSPC);
		memmove(o + 2, o + 1, len);
		o[0] = (uint8_t)(0x80 | len >> 8);
		o[1] = (uint8_t)len;
		w->pos = (start + 2 + len) * 8;
		return 0;
	}
	size_t hdrs = 0, left = len;
	while (left >= FRAG) {
		size_t m = left / FRAG > 4 ? 4 : left / FRAG;
		left -= m * FRAG;
		hdrs++;
	}
	hdrs += left < 128 ? 1 : 2;
	if (room < len + hdrs)
		return wfail(c, w, t, -E_NOSPC);
	memmove(o + hdrs, o + 1, len);
	size_t src = hdrs, dst = 0;
	left = len;
	for (;;) {
		if (left >= FRAG) {
			size_t m = left / FRAG > 4 ? 4 : left / FRAG;
			o[dst++] = (uint8_t)(0xc0 | m);
			memmove(o + dst, o + src, m * FRAG);
			dst += m * FRAG;
			src += m * FRAG;
			left -= m * FRAG;
			continue;
		}
		if (left < 128) {
			o[dst++] = (uint8_t)left;
		} else {
			o[dst++] = (uint8_t)(0x80 | left >> 8);
			o[dst++] = (uint8_t)left;
		}
		memmove(o + dst, o + src, left);
		dst += left;
		break;
	}
	w->pos = (start + dst) * 8;
	return 0;
}

/* ---------------------------------------------------------------------------
 * Decoding */

static int dec_value(struct ctx *c, struct brd *r, const struct aper_type *t, void *out);

static void diag_add(struct ctx *c, uint32_t id, unsigned crit, bool missing, bool ext)
{
	struct ngap_err *e = c->err;
	if (e->n_diag < NGAP_DIAG_MAX) {
		e->diag[e->n_diag].id = id;
		e->diag[e->n_diag].crit = (uint8_t)crit;
		e->diag[e->n_diag].missing = missing;
		e->diag[e->n_diag].ext = ext;
		e->n_diag++;
	} else if (e->diag_lost < UINT16_MAX) {
		e->diag_lost++;
	}
}

static void defer(struct ctx *c, int rc, uint32_t id)
{
	if (!c->deferred) {
		c->deferred = rc;
		c->deferred_ie = id;
	}
}

/* Storage for an optional member: allocated and linked from the parent. */
static void *opt_alloc(struct ctx *c, struct brd *r, const struct aper_type *t, void *slot)
{
	void *p = arena_alloc(c->a, t->size ? t->size : 1);
	if (!p) {
		rfail(c, r, t, -E_NOMEM);
		return NULL;
	}
	memcpy(slot, &p, sizeof(p));
	return p;
}

/* INT values travel as uint64_t bit patterns; signed types reinterpret them. */
static void put_int(const struct aper_type *t, void *out, uint64_t v)
{
	if (!out)
		return;
	if (t->flags & APER_F_BIG) {
		memcpy(out, &v, 8);
	} else if (t->flags & APER_F_SIGNED) {
		int32_t x = (int32_t)(int64_t)v;
		memcpy(out, &x, 4);
	} else {
		uint32_t x = (uint32_t)v;
		memcpy(out, &x, 4);
	}
}

static uint64_t get_int(const struct aper_type *t, const void *in)
{
	if (t->flags & APER_F_BIG) {
		uint64_t v;
		memcpy(&v, in, 8);
		return v;
	}
	if (t->flags & APER_F_SIGNED) {
		int32_t x;
		memcpy(&x, in, 4);
		return (uint64_t)(int64_t)x;
	}
	uint32_t x;
	memcpy(&x, in, 4);
	return x;
}

static bool int_lt(const struct aper_type *t, uint64_t a, uint64_t b)
{
	return (t->flags & APER_F_SIGNED) ? (int64_t)a < (int64_t)b : a < b;
}

/* Whether v is in the root (root_only) or in root plus extension values. */
static bool int_ok(const struct aper_type *t, uint64_t v, bool root_only)
{
	bool in_root = true;

	if (t->ranges) {
		in_root = false;
		for (uint32_t i = 0; i < t->n; i++)
			if (!int_lt(t, v, (uint64_t)t->ranges[i][0]) &&
			    !int_lt(t, (uint64_t)t->ranges[i][1], v))
				in_root = true;
	} else {
		if ((t->flags & APER_F_LB) && int_lt(t, v, (uint64_t)t->lb))
			in_root = false;
		if ((t->flags & APER_F_UB) && int_lt(t, t->ub, v))
			in_root = false;
	}
	if (in_root || root_only || !(t->flags & APER_F_EXT))
		return in_root;
	return !int_lt(t, v, (uint64_t)t->xlb) && !int_lt(t, t->xub, v);
}

static int dec_int(struct ctx *c, struct brd *r, const struct aper_type *t, void *out)
{
	uint64_t ext = 0, u, len, v;
	bool frag;
	int rc;
	size_t start = r->pos;

	if ((t->flags & APER_F_EXT) && (rc = rd_bits(c, r, 1, &ext, t)))
		return rc;
	if (!ext && (t->flags & APER_F_LB) && (t->flags & APER_F_UB)) {
		if ((rc = rd_cwn(c, r, t->ub - (uint64_t)t->lb + 1, &u, t)))
			return rc;
		v = (uint64_t)t->lb + u;
	} else {
		/* 11.7 semi-constrained (lb..MAX) or 11.8 unconstrained / extension value. */
		if ((rc = rd_length(c, r, false, 0, 0, &len, &frag, t)))
			return rc;
		if (frag || len < 1 || len > 8)
			return rfail(c, r, t, -E_RANGE);
		rd_align(r);
		if ((rc = rd_bits(c, r, (unsigned)len * 8, &u, t)))
			return rc;
		if (!ext && (t->flags & APER_F_LB)) {
			v = (uint64_t)t->lb + u;
			if (!(t->flags & APER_F_SIGNED) && v < u)
				return rfail(c, r, t, -E_RANGE);
			if ((t->flags & APER_F_SIGNED) && u > (uint64_t)INT64_MAX)
				return rfail(c, r, t, -E_RANGE);
		} else {
			v = u;
			if (len < 8 && (u >> (len * 8 - 1)))
				v = u | ~(uint64_t)0 << (len * 8); /* two's complement */
			if (!(t->flags & APER_F_SIGNED) && (int64_t)v < 0)
				return rfail(c, r, t, -E_RANGE);
		}
	}
	if (!int_ok(t, v, !ext)) {
		r->pos = start;
		return rfail(c, r, t, -E_RANGE);
	}
	put_int(t, out, v);
	return 0;
}

static int dec_enum(struct ctx *c, struct brd *r, const struct aper_type *t, void *out)
{
	uint64_t ext = 0, v;
	int rc;

	if ((t->flags & APER_F_EXT) && (rc = rd_bits(c, r, 1, &ext, t)))
		return rc;
	if (!ext) {
		if ((rc = rd_cwn(c, r, t->n_root, &v, t)))
			return rc;
	} else {
		/* 14.3: extension values as normally small numbers. Unknown ones are kept. */
		if ((rc = rd_nsnn(c, r, &v, t)))
			return rc;
		if (v > UINT32_MAX - t->n_root)
			return rfail(c, r, t, -E_RANGE);
		v += t->n_root;
	}
	uint32_t x = (uint32_t)v;
	if (out)
		memcpy(out, &x, 4);
	return 0;
}

/* Units of a string kind: bits per item. */
static unsigned str_unit(const struct aper_type *t)
{
	return t->kind == APER_BITS ? 1 : 8;
}

static bool char_ok(const struct aper_type *t, uint8_t ch)
{
	switch (t->alpha) {
	case 1: /* PrintableString, X.680 41.4 table 10 */
		return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		       (ch >= '0' && ch <= '9') || strchr(" '()+,-./:=?", ch) != NULL;
	case 2: /* VisibleString */ return ch >= 0x20 && ch <= 0x7e;
	case 3: /* IA5String */ return ch <= 0x7f;
	}
	return true;
}

/* Where a string value is stored: inline buffer and length, or a pointer pair. */
struct strdst {
	uint8_t *buf; /* inline buffer (NULL for pointer storage) */
	size_t cap; /* its capacity in octets */
	uint32_t *len32; /* inline length (NULL when fixed) */
	struct ngap_octets *ptr; /* pointer storage (bits use the same layout) */
};

static void str_dst(const struct aper_type *t, void *out, struct strdst *d)
{
	memset(d, 0, sizeof(*d));
	if (!out)
		return;
	if (t->flags & APER_F_INLINE) {
		if (t->flags & APER_F_FIXED) {
			d->buf = out;
		} else {
			d->len32 = out;
			d->buf = (uint8_t *)out + t->buf_off;
		}
		d->cap = t->cap;
	} else {
		d->ptr = out;
	}
}

/* BIT STRING (16), OCTET STRING (17), known-multiplier character strings (27.5). */
static int dec_string(struct ctx *c, struct brd *r, const struct aper_type *t, void *out)
{
	uint64_t ext = 0, n;
	unsigned unit = str_unit(t);
	bool frag = false, aligned;
	int rc;

	if ((t->flags & APER_F_EXT) && (rc = rd_bits(c, r, 1, &ext, t)))
		return rc;
	bool lbset = !ext && (t->flags & APER_F_LB);
	bool ubset = !ext && (t->flags & APER_F_UB);
	uint64_t lb = lbset ? (uint64_t)t->lb : 0, ub = ubset ? (uint64_t)t->ub : 0;
	size_t lenpos = r->pos;

	if (ubset && lb == ub && ub < 65536) {
		n = ub;
		/* Fixed size: no length; aligned unless it fits in 16 bits (16.9, 17.6, 27.5.6). */
		aligned = ub * unit > 16;
	} else {
		if ((rc = rd_length(c, r, ubset, lb, ub, &n, &frag, t)))
			return rc;
		/* 16.11, 17.8: aligned; 27.5.7: aligned when ub * b > 16. */
		aligned = t->kind != APER_CHARS || !ubset || ub * unit > 16;
	}
	if (aligned && n)
		rd_align(r);
	if (n > rd_left(r) / unit)
		return rfail(c, r, t, -E_SHORT);

	const uint8_t *src = r->p;
	size_t start = r->pos, total = n;
	if (frag) {
		/* 11.9.3.8: pieces of m * 16K units. Count them, then join them in the arena. */
		r->pos += n * unit;
		for (;;) {
			if ((rc = rd_length(c, r, false, 0, 0, &n, &frag, t)))
				return rc;
			if (n)
				rd_align(r);
			if (n > rd_left(r) / unit)
				return rfail(c, r, t, -E_SHORT);
			r->pos += n * unit;
			total += n;
			if (!frag)
				break;
		}
		size_t end = r->pos;
		uint8_t *joined = arena_alloc(c->a, (total * unit + 7) / 8 + 1);
		if (!joined)
			return rfail(c, r, t, -E_NOMEM);
		size_t at = 0;
		r->pos = lenpos;
		for (;;) {
			rd_length(c, r, false, 0, 0, &n, &frag, t);
			if (n)
				rd_align(r);
			copy_bits(joined + at / 8, r->p, r->pos, n * unit);
			at += n * unit;
			r->pos += n * unit;
			if (!frag)
				break;
		}
		r->pos = end;
		src = joined;
		start = 0;
	} else {
		r->pos += n * unit;
	}

	if ((lbset && total < lb) || (ubset && total > ub)) {
		r->pos = lenpos;
		return rfail(c, r, t, -E_RANGE);
	}

	struct strdst d;
	str_dst(t, out, &d);
	size_t nbits = total * unit, nbytes = (nbits + 7) / 8;
	if (d.buf) {
		if (nbytes > d.cap)
			return rfail(c, r, t, -E_RANGE);
		copy_bits(d.buf, src, start, nbits);
		if (d.len32)
			*d.len32 = (uint32_t)total;
	} else if (d.ptr) {
		if (unit == 8 && !(start & 7)) {
			d.ptr->p = src + start / 8;
		} else {
			uint8_t *q = arena_alloc(c->a, nbytes ? nbytes : 1);
			if (!q)
				return rfail(c, r, t, -E_NOMEM);
			copy_bits(q, src, start, nbits);
			d.ptr->p = q;
		}
		d.ptr->len = total;
	}
	return 0;
}

static int dec_open_raw(struct ctx *c, struct brd *r, const struct aper_type *t, void *out)
{
	struct brd sub;
	int rc = rd_open(c, r, &sub, t);
	if (rc)
		return rc;
	if (out) {
		struct ngap_octets *o = out;
		o->p = sub.p;
		o->len = sub.nbits / 8;
	}
	return 0;
}

/* Decodes an open type holding a value of type t into out. */
static int dec_in_open(struct ctx *c, struct brd *r, const struct aper_type *t, void *out)
{
	struct brd sub;
	int rc = rd_open(c, r, &sub, t);
	if (rc)
		return rc;
	return dec_value(c, &sub, t, out);
}

static const void *ie_value(const struct aper_ie *ie, const void *in);

/* Whether a decoded container holds any IE of its set. */
static bool iecont_any(const struct aper_type *t, const void *v)
{
	for (uint32_t k = 0; k < t->n; k++)
		if (ie_value(&t->ies[k], v))
			return true;
	return false;
}

static int dec_seq(struct ctx *c, struct brd *r, const struct aper_type *t, void *out)
{
	uint64_t ext = 0, bit = 0;
	int rc;
	uint8_t present[256];

	if (t->n_root > sizeof(present))
		return rfail(c, r, t, -E_INVAL);
	if ((t->flags & APER_F_EXT) && (rc = rd_bits(c, r, 1, &ext, t)))
		return rc;
	/* 19.2: one bit per OPTIONAL root component. */
	for (uint32_t i = 0; i < t->n_root; i++) {
		present[i] = 1;
		if (t->members[i].flags & APER_M_OPT) {
			if ((rc = rd_bits(c, r, 1, &bit, t)))
				return rc;
			present[i] = (uint8_t)bit;
		}
	}
	for (uint32_t i = 0; i < t->n_root; i++) {
		const struct aper_member *m = &t->members[i];
		if (!present[i])
			continue;
		void *dst = NULL;
		if (out && !(m->flags & APER_M_NOSTORE)) {
			dst = (uint8_t *)out + m->off;
			if ((m->flags & APER_M_OPT) && !(dst = opt_alloc(c, r, m->type, dst)))
				return c->err->code;
		}
		if ((rc = dec_value(c, r, m->type, dst)))
			return rc;
		/* An extension container holding only IEs we do not know reads as absent. */
		if (dst && (m->flags & APER_M_OPT) && m->type->kind == APER_IECONT &&
		    !iecont_any(m->type, dst))
			memset((uint8_t *)out + m->off, 0, sizeof(void *));
	}
	if (!ext)
		return 0;
	/* 19.7 ff.: extension additions, each an open type. */
	uint64_t nadd;
	if ((rc = rd_nsnn(c, r, &nadd, t)))
		return rc;
	nadd += 1;
	if (nadd > rd_left(r))
		return rfail(c, r, t, -E_SHORT);
	size_t bitmap = r->pos;
	r->pos += nadd;
	for (uint64_t i = 0; i < nadd; i++) {
		struct brd bm = *r;
		bm.pos = bitmap + i;
		rd_bits(c, &bm, 1, &bit, t);
		if (!bit)
			continue;
		uint32_t k = t->n_root + (uint32_t)i;
		if (i < t->n - t->n_root) {
			const struct aper_member *m = &t->members[k];
			void *dst = NULL;
			if (out && !(m->flags & APER_M_NOSTORE) &&
			    !(dst = opt_alloc(c, r, m->type, (uint8_t *)out + m->off)))
				return c->err->code;
			if ((rc = dec_in_open(c, r, m->type, dst)))
				return rc;
		} else {
			struct brd skip;
			if ((rc = rd_open(c, r, &skip, t)))
				return rc;
		}
	}
	return 0;
}

static int dec_seqof(struct ctx *c, struct brd *r, const struct aper_type *t, void *out)
{
	uint64_t ext = 0, n;
	bool frag = false;
	int rc;
	const struct aper_type *e = t->elem;

	if ((t->flags & APER_F_EXT) && (rc = rd_bits(c, r, 1, &ext, t)))
		return rc;
	bool lbset = !ext && (t->flags & APER_F_LB);
	bool ubset = !ext && (t->flags & APER_F_UB);
	uint64_t lb = lbset ? (uint64_t)t->lb : 0, ub = ubset ? (uint64_t)t->ub : 0;

	uint8_t *items = NULL;
	size_t total = 0;
	for (;;) {
		if (ubset && lb == ub && ub < 65536) {
			n = ub; /* 20.6: fixed count, no length */
		} else if ((rc = rd_length(c, r, ubset, lb, ub, &n, &frag, t))) {
			return rc;
		}
		/* Bound the allocation by what the rest of the input can hold. */
		if (e->min_bits && n > rd_left(r) / e->min_bits)
			return rfail(c, r, t, -E_SHORT);
		if (n && out) {
			uint8_t *more = arena_alloc(c->a, (total + n) * e->size);
			if (!more)
				return rfail(c, r, t, -E_NOMEM);
			if (total)
				memcpy(more, items, total * e->size);
			items = more;
		}
		for (uint64_t i = 0; i < n; i++) {
			void *dst = out ? items + (total + i) * e->size : NULL;
			if ((rc = dec_value(c, r, e, dst)))
				return rc;
		}
		total += n;
		if (!frag)
			break;
		ubset = false; /* the pieces after a fragment use the unconstrained form */
	}
	if ((lbset && total < lb) || ((t->flags & APER_F_UB) && !ext && total > (uint64_t)t->ub))
		return rfail(c, r, t, -E_RANGE);
	if (out) {
		uint32_t n32 = (uint32_t)total;
		memcpy(out, &n32, 4);
		memcpy((uint8_t *)out + 8, &items, sizeof(items));
	}
	return 0;
}

static int dec_choice(struct ctx *c, struct brd *r, const struct aper_type *t, void *out)
{
	uint64_t ext = 0, idx;
	int rc;

	if ((t->flags & APER_F_EXT) && (rc = rd_bits(c, r, 1, &ext, t)))
		return rc;
	if (!ext) {
		if ((rc = rd_cwn(c, r, t->n_root, &idx, t)))
			return rc;
	} else {
		if ((rc = rd_nsnn(c, r, &idx, t)))
			return rc;
		if (idx > UINT32_MAX - t->n_root - 1)
			return rfail(c, r, t, -E_RANGE);
		idx += t->n_root;
	}
	uint32_t sel = (uint32_t)idx + 1;
	if (out)
		memcpy((uint8_t *)out + t->sel_off, &sel, 4);
	if (idx >= t->n) {
		/* 23.8: an unknown extension alternative; skip its open type. */
		struct brd skip;
		return rd_open(c, r, &skip, t);
	}
	const struct aper_member *m = &t->members[idx];
	void *dst = out && !(m->flags & APER_M_NOSTORE) ? (uint8_t *)out + m->off : NULL;
	return ext ? dec_in_open(c, r, m->type, dst) : dec_value(c, r, m->type, dst);
}

/* ProtocolIE-Container / SingleContainer / ProtocolExtensionContainer:
 * SEQUENCE (SIZE(lb..ub)) OF SEQUENCE { id, criticality, value open type }. */
static int dec_iecont(struct ctx *c, struct brd *r, const struct aper_type *t, void *out)
{
	uint64_t n = 1, id, crit;
	bool frag;
	int rc;
	uint8_t seen[256] = { 0 };
	uint32_t next = 0; /* where the next IE is looked up first */
	bool ext = t->flags & APER_F_EXTCONT;

	if (!(t->flags & APER_F_SINGLE)) {
		if ((rc = rd_length(c, r, true, (uint64_t)t->lb, (uint64_t)t->ub, &n, &frag, t)))
			return rc;
		if (n > rd_left(r) / 32)
			return rfail(c, r, t, -E_SHORT);
	}
	for (uint64_t i = 0; i < n; i++) {
		if ((rc = rd_cwn(c, r, 65536, &id, t)) || (rc = rd_cwn(c, r, 3, &crit, t)))
			return rc;
		/* IEs usually come in the order of the set: look from after the last one. */
		uint32_t k = t->n;
		for (uint32_t j = 0; j < t->n; j++) {
			uint32_t at = next + j < t->n ? next + j : next + j - t->n;
			if (t->ies[at].id == id) {
				k = at;
				next = at + 1 < t->n ? at + 1 : 0;
				break;
			}
		}
		uint32_t saved = c->ie;
		c->ie = (uint32_t)id;
		if (k == t->n) {
			/* TS 38.413 10.3.4.1: not comprehended IE, handled by its criticality. */
			struct brd skip;
			if ((rc = rd_open(c, r, &skip, t)))
				return rc;
			diag_add(c, (uint32_t)id, (unsigned)crit, false, ext);
			if (crit == 0)
				defer(c, -E_UNKNOWN_IE, (uint32_t)id);
			c->ie = saved;
			continue;
		}
		const struct aper_ie *ie = &t->ies[k];
		if (k < sizeof(seen) && seen[k]) {
			/* TS 38.413 10.3.6: more occurrences than allowed. */
			return rfail(c, r, t, -E_PROTO);
		}
		if (k < sizeof(seen))
			seen[k] = 1;
		void *dst = NULL;
		if (out && !(ie->flags & APER_M_NOSTORE)) {
			dst = (uint8_t *)out + ie->off;
			if ((ie->flags & APER_M_OPT) && !(dst = opt_alloc(c, r, ie->type, dst)))
				return c->err->code;
		}
		if ((rc = dec_in_open(c, r, ie->type, dst)))
			return rc;
		c->ie = saved;
	}
	if (t->flags & APER_F_SINGLE)
		return 0;
	for (uint32_t k = 0; k < t->n; k++) {
		const struct aper_ie *ie = &t->ies[k];
		if ((ie->flags & APER_M_OPT) || (k < sizeof(seen) && seen[k]))
			continue;
		/* TS 38.413 10.3.5: missing mandatory IE, handled by its criticality. */
		diag_add(c, ie->id, ie->crit, true, ext);
		if (ie->crit == 0)
			defer(c, -E_MISSING_IE, ie->id);
	}
	return 0;
}

static int dec_pdu(struct ctx *c, struct brd *r, const struct aper_type *t, void *out)
{
	uint64_t ext, idx, proc, crit;
	int rc;
	struct aper_pdu_hdr *h = out;

	if ((rc = rd_bits(c, r, 1, &ext, t)))
		return rc;
	if (ext)
		return rfail(c, r, t, -E_UNSUPP);
	if ((rc = rd_cwn(c, r, 3, &idx, t)))
		return rc;
	if ((rc = rd_cwn(c, r, 256, &proc, t)) || (rc = rd_cwn(c, r, 3, &crit, t)))
		return rc;
	c->err->dir = (uint8_t)(idx + 1);
	c->err->proc = (int)proc;
	c->err->crit = (uint8_t)crit;
	h->dir = (uint8_t)(idx + 1);
	h->proc = (uint8_t)proc;
	h->crit = (uint8_t)crit;
	uint16_t msg = t->msg_index[idx][proc];
	if (!msg) {
		/* TS 38.413 10.3.4.1: unknown procedure code, or no such message in it. */
		struct brd skip;
		if ((rc = rd_open(c, r, &skip, t)))
			return rc;
		return rfail(c, r, t, -E_UNSUPP);
	}
	h->msg = msg;
	return dec_in_open(c, r, t->msgs[msg].type, (uint8_t *)out + t->u_off);
}

static int dec_value(struct ctx *c, struct brd *r, const struct aper_type *t, void *out)
{
	uint64_t b;
	int rc;

	switch (t->kind) {
	case APER_INT: return dec_int(c, r, t, out);
	case APER_ENUM: return dec_enum(c, r, t, out);
	case APER_BOOL:
		if ((rc = rd_bits(c, r, 1, &b, t)))
			return rc;
		if (out)
			*(bool *)out = b;
		return 0;
	case APER_NULL: return 0;
	case APER_BITS:
	case APER_OCTETS:
	case APER_CHARS: return dec_string(c, r, t, out);
	case APER_OPEN: return dec_open_raw(c, r, t, out);
	case APER_SEQ: return dec_seq(c, r, t, out);
	case APER_SEQOF: return dec_seqof(c, r, t, out);
	case APER_CHOICE: return dec_choice(c, r, t, out);
	case APER_IECONT: return dec_iecont(c, r, t, out);
	case APER_PDU: return out ? dec_pdu(c, r, t, out) : rfail(c, r, t, -E_INVAL);
	}
	return rfail(c, r, t, -E_INVAL);
}

int aper_decode(const struct aper_type *t, void *out, const uint8_t *buf, size_t len,
		struct arena *a, struct ngap_err *err)
{
	struct ngap_err local;
	struct ctx c = { .a = a, .err = err ? err : &local, .ie = NGAP_IE_NONE };
	struct brd r = { buf, buf ? len * 8 : 0, 0, 0 };

	memset(c.err, 0, sizeof(*c.err));
	c.err->ie = NGAP_IE_NONE;
	c.err->proc = -1;
	if (!t || !out || !a || (len && !buf) || len > (size_t)INT32_MAX)
		return fail_at(&c, 0, t, -E_INVAL);
	memset(out, 0, t->size);
	int rc = dec_value(&c, &r, t, out);
	if (rc)
		return rc;
	if (c.deferred) {
		c.err->code = c.deferred;
		c.err->ie = c.deferred_ie;
		c.err->type = t->name;
		return c.deferred;
	}
	rd_align(&r);
	return (int)(r.pos / 8 ? r.pos / 8 : (len ? 1 : 0));
}

/* ---------------------------------------------------------------------------
 * Encoding */

/* Writes nbits bits of src, from bit 0. */
static int wr_bitstr(struct ctx *c, struct bwr *w, const uint8_t *src, size_t nbits,
		     const struct aper_type *t)
{
	int rc;

	if (!(w->pos & 7)) {
		size_t whole = nbits / 8;
		if (whole > w->cap - w->pos / 8)
			return wfail(c, w, t, -E_NOSPC);
		if (whole)
			memcpy(w->p + w->pos / 8, src, whole);
		w->pos += whole * 8;
		src += whole;
		nbits -= whole * 8;
	}
	while (nbits >= 8) {
		if ((rc = wr_bits(c, w, *src++, 8, t)))
			return rc;
		nbits -= 8;
	}
	if (nbits)
		return wr_bits(c, w, (uint64_t)(*src >> (8 - nbits)), (unsigned)nbits, t);
	return 0;
}

static int enc_int(struct ctx *c, struct bwr *w, const struct aper_type *t, const void *in)
{
	uint64_t v = get_int(t, in);
	bool root = int_ok(t, v, true);
	int rc;

	if (!root && !int_ok(t, v, false))
		return wfail(c, w, t, -E_RANGE);
	if ((t->flags & APER_F_EXT) && (rc = wr_bits(c, w, !root, 1, t)))
		return rc;
	if (root && (t->flags & APER_F_LB) && (t->flags & APER_F_UB))
		return wr_cwn(c, w, t->ub - (uint64_t)t->lb + 1, v - (uint64_t)t->lb, t);
	uint64_t u, now;
	unsigned len;
	if (root && (t->flags & APER_F_LB)) {
		u = v - (uint64_t)t->lb; /* 11.7: semi-constrained */
		len = bytelen(u);
	} else if (t->flags & APER_F_SIGNED) {
		int64_t s = (int64_t)v; /* 11.8: two's complement in the fewest octets */
		u = v;
		for (len = 1; len < 8; len++) {
			int64_t lim = (int64_t)1 << (8 * len - 1);
			if (s >= -lim && s < lim)
				break;
		}
	} else {
		u = v;
		len = bytelen(u);
		if ((u >> (len * 8 - 1)) & 1)
			len++; /* keep the sign bit clear */
		if (len > 8)
			return wfail(c, w, t, -E_RANGE);
	}
	if ((rc = wr_length_piece(c, w, len, &now, t)))
		return rc;
	return wr_bits(c, w, u, len * 8, t);
}

static int enc_enum(struct ctx *c, struct bwr *w, const struct aper_type *t, const void *in)
{
	uint32_t v;
	int rc;

	memcpy(&v, in, 4);
	if (v < t->n_root) {
		if ((t->flags & APER_F_EXT) && (rc = wr_bits(c, w, 0, 1, t)))
			return rc;
		return wr_cwn(c, w, t->n_root, v, t);
	}
	if (!(t->flags & APER_F_EXT) || v >= t->n)
		return wfail(c, w, t, -E_RANGE);
	if ((rc = wr_bits(c, w, 1, 1, t)))
		return rc;
	return wr_nsnn(c, w, v - t->n_root, t);
}

/* Writes units of a string with the unconstrained length form, fragmented
 * when long (11.9.3.8): pieces of m * 16K units, then a final length. */
static int wr_pieces(struct ctx *c, struct bwr *w, const uint8_t *src, size_t n, unsigned unit,
		     const struct aper_type *t)
{
	size_t done = 0;
	uint64_t now;
	int rc;

	do {
		if ((rc = wr_length_piece(c, w, n - done, &now, t)))
			return rc;
		if (now && (rc = wr_bitstr(c, w, src + done * unit / 8, now * unit, t)))
			return rc;
		done += now;
	} while (now >= FRAG);
	return 0;
}

static int enc_string(struct ctx *c, struct bwr *w, const struct aper_type *t, const void *in)
{
	unsigned unit = str_unit(t);
	const uint8_t *src;
	size_t n;
	int rc;

	if (t->flags & APER_F_INLINE) {
		if (t->flags & APER_F_FIXED) {
			n = (size_t)t->ub;
			src = in;
		} else {
			uint32_t l;
			memcpy(&l, in, 4);
			n = l;
			src = (const uint8_t *)in + t->buf_off;
			if ((n * unit + 7) / 8 > t->cap)
				return wfail(c, w, t, -E_RANGE);
		}
	} else {
		const struct ngap_octets *o = in;
		src = o->p;
		n = o->len;
		if (n && !src)
			return wfail(c, w, t, -E_INVAL);
	}
	if (t->kind == APER_CHARS)
		for (size_t i = 0; i < n; i++)
			if (!char_ok(t, src[i]))
				return wfail(c, w, t, -E_RANGE);
	bool root = (!(t->flags & APER_F_LB) || n >= (uint64_t)t->lb) &&
		    (!(t->flags & APER_F_UB) || n <= (uint64_t)t->ub);
	if (!root && !(t->flags & APER_F_EXT))
		return wfail(c, w, t, -E_RANGE);
	if ((t->flags & APER_F_EXT) && (rc = wr_bits(c, w, !root, 1, t)))
		return rc;
	bool ubset = root && (t->flags & APER_F_UB);
	uint64_t lb = root && (t->flags & APER_F_LB) ? (uint64_t)t->lb : 0;
	uint64_t ub = ubset ? (uint64_t)t->ub : 0;
	if (ubset && lb == ub && ub < 65536) {
		if (ub * unit > 16 && n)
			wr_align(w);
		return wr_bitstr(c, w, src, n * unit, t);
	}
	if (ubset && ub < 65536) {
		if ((rc = wr_cwn(c, w, ub - lb + 1, n - lb, t)))
			return rc;
		if ((t->kind != APER_CHARS || ub * unit > 16) && n)
			wr_align(w);
		return wr_bitstr(c, w, src, n * unit, t);
	}
	return wr_pieces(c, w, src, n, unit, t);
}

static int enc_seq(struct ctx *c, struct bwr *w, const struct aper_type *t, const void *in)
{
	uint32_t last = 0; /* 1 + index of the last extension addition present */
	int rc;

	for (uint32_t i = t->n_root; i < t->n; i++) {
		const void *p = NULL;
		if (!(t->members[i].flags & APER_M_NOSTORE))
			memcpy(&p, (const uint8_t *)in + t->members[i].off, sizeof(p));
		if (p)
			last = i - t->n_root + 1;
	}
	if (t->flags & APER_F_EXT) {
		if ((rc = wr_bits(c, w, last != 0, 1, t)))
			return rc;
	}
	for (uint32_t i = 0; i < t->n_root; i++) {
		const struct aper_member *m = &t->members[i];
		if (!(m->flags & APER_M_OPT))
			continue;
		const void *p = NULL;
		if (!(m->flags & APER_M_NOSTORE))
			memcpy(&p, (const uint8_t *)in + m->off, sizeof(p));
		if ((rc = wr_bits(c, w, p != NULL, 1, t)))
			return rc;
	}
	for (uint32_t i = 0; i < t->n_root; i++) {
		const struct aper_member *m = &t->members[i];
		const void *v = (const uint8_t *)in + m->off;
		if (m->flags & APER_M_OPT) {
			if (m->flags & APER_M_NOSTORE)
				continue;
			memcpy(&v, v, sizeof(v));
			if (!v)
				continue;
		} else if (m->flags & APER_M_NOSTORE) {
			v = NULL;
		}
		if ((rc = enc_value(c, w, m->type, v)))
			return rc;
	}
	if (!last)
		return 0;
	if ((rc = wr_nsnn(c, w, last - 1, t)))
		return rc;
	for (uint32_t i = 0; i < last; i++) {
		const struct aper_member *m = &t->members[t->n_root + i];
		const void *p = NULL;
		if (!(m->flags & APER_M_NOSTORE))
			memcpy(&p, (const uint8_t *)in + m->off, sizeof(p));
		if ((rc = wr_bits(c, w, p != NULL, 1, t)))
			return rc;
	}
	for (uint32_t i = 0; i < last; i++) {
		const struct aper_member *m = &t->members[t->n_root + i];
		const void *p = NULL;
		if (!(m->flags & APER_M_NOSTORE))
			memcpy(&p, (const uint8_t *)in + m->off, sizeof(p));
		if (p && (rc = wr_open(c, w, m->type, p)))
			return rc;
	}
	return 0;
}

static int enc_seqof(struct ctx *c, struct bwr *w, const struct aper_type *t, const void *in)
{
	uint32_t n;
	const uint8_t *v;
	const struct aper_type *e = t->elem;
	int rc;

	memcpy(&n, in, 4);
	memcpy(&v, (const uint8_t *)in + 8, sizeof(v));
	if (n && !v)
		return wfail(c, w, t, -E_INVAL);
	bool root = (!(t->flags & APER_F_LB) || n >= (uint64_t)t->lb) &&
		    (!(t->flags & APER_F_UB) || n <= (uint64_t)t->ub);
	if (!root && !(t->flags & APER_F_EXT))
		return wfail(c, w, t, -E_RANGE);
	if ((t->flags & APER_F_EXT) && (rc = wr_bits(c, w, !root, 1, t)))
		return rc;
	bool ubset = root && (t->flags & APER_F_UB);
	uint64_t lb = root && (t->flags & APER_F_LB) ? (uint64_t)t->lb : 0;
	uint64_t ub = ubset ? (uint64_t)t->ub : 0;
	uint64_t done = 0, now;
	if (ubset && ub < 65536) {
		if (lb != ub && (rc = wr_cwn(c, w, ub - lb + 1, n - lb, t)))
			return rc;
		now = n;
		for (uint64_t i = 0; i < n; i++)
			if ((rc = enc_value(c, w, e, v + i * e->size)))
				return rc;
		return 0;
	}
	do {
		if ((rc = wr_length_piece(c, w, n - done, &now, t)))
			return rc;
		for (uint64_t i = done; i < done + now; i++)
			if ((rc = enc_value(c, w, e, v + i * e->size)))
				return rc;
		done += now;
	} while (now >= FRAG);
	return 0;
}

static int enc_choice(struct ctx *c, struct bwr *w, const struct aper_type *t, const void *in)
{
	uint32_t sel;
	int rc;

	memcpy(&sel, (const uint8_t *)in + t->sel_off, 4);
	if (sel == 0 || sel > t->n)
		return wfail(c, w, t, -E_INVAL);
	uint32_t idx = sel - 1;
	const struct aper_member *m = &t->members[idx];
	const void *v = (const uint8_t *)in + m->off;
	if (m->flags & APER_M_NOSTORE) {
		if (m->type->kind != APER_NULL)
			return wfail(c, w, t, -E_INVAL); /* an alternative with nothing to encode */
		v = NULL;
	}
	if (idx < t->n_root) {
		if ((t->flags & APER_F_EXT) && (rc = wr_bits(c, w, 0, 1, t)))
			return rc;
		if ((rc = wr_cwn(c, w, t->n_root, idx, t)))
			return rc;
		return enc_value(c, w, m->type, v);
	}
	if ((rc = wr_bits(c, w, 1, 1, t)) || (rc = wr_nsnn(c, w, idx - t->n_root, t)))
		return rc;
	return wr_open(c, w, m->type, v);
}

static const void *ie_value(const struct aper_ie *ie, const void *in)
{
	const void *v = (const uint8_t *)in + ie->off;
	if (ie->flags & APER_M_NOSTORE)
		return NULL;
	if (ie->flags & APER_M_OPT)
		memcpy(&v, v, sizeof(v));
	return v;
}

static int enc_iecont(struct ctx *c, struct bwr *w, const struct aper_type *t, const void *in)
{
	uint64_t n = 0;
	int rc;

	for (uint32_t k = 0; k < t->n; k++)
		if (ie_value(&t->ies[k], in))
			n++;
	if (t->flags & APER_F_SINGLE) {
		if (n != 1)
			return wfail(c, w, t, -E_INVAL);
	} else {
		if (n < (uint64_t)t->lb || n > (uint64_t)t->ub)
			return wfail(c, w, t, -E_RANGE);
		if ((rc = wr_cwn(c, w, (uint64_t)(t->ub - t->lb) + 1, n - (uint64_t)t->lb, t)))
			return rc;
	}
	for (uint32_t k = 0; k < t->n; k++) {
		const struct aper_ie *ie = &t->ies[k];
		const void *v = ie_value(ie, in);
		if (!v)
			continue;
		uint32_t saved = c->ie;
		c->ie = ie->id;
		if ((rc = wr_cwn(c, w, 65536, ie->id, t)) || (rc = wr_cwn(c, w, 3, ie->crit, t)) ||
		    (rc = wr_open(c, w, ie->type, v)))
			return rc;
		c->ie = saved;
	}
	return 0;
}

static int enc_pdu(struct ctx *c, struct bwr *w, const struct aper_type *t, const void *in)
{
	const struct aper_pdu_hdr *h = in;
	int rc;

	if (h->msg == 0 || h->msg >= t->n)
		return wfail(c, w, t, -E_INVAL);
	const struct aper_msg *m = &t->msgs[h->msg];
	c->err->dir = m->dir;
	c->err->proc = m->proc;
	c->err->crit = m->crit;
	if ((rc = wr_bits(c, w, 0, 1, t)) || (rc = wr_cwn(c, w, 3, m->dir - 1u, t)) ||
	    (rc = wr_cwn(c, w, 256, m->proc, t)) || (rc = wr_cwn(c, w, 3, m->crit, t)))
		return rc;
	return wr_open(c, w, m->type, (const uint8_t *)in + t->u_off);
}

static int enc_value(struct ctx *c, struct bwr *w, const struct aper_type *t, const void *v)
{
	if (!v && t->kind != APER_NULL && !(t->kind == APER_IECONT && !t->size))
		return wfail(c, w, t, -E_INVAL);
	switch (t->kind) {
	case APER_INT: return enc_int(c, w, t, v);
	case APER_ENUM: return enc_enum(c, w, t, v);
	case APER_BOOL: return wr_bits(c, w, *(const bool *)v ? 1 : 0, 1, t);
	case APER_NULL: return 0;
	case APER_BITS:
	case APER_OCTETS:
	case APER_CHARS: return enc_string(c, w, t, v);
	case APER_OPEN: {
		const struct ngap_octets *o = v;
		if (!o->len || !o->p)
			return wfail(c, w, t, -E_INVAL);
		return wr_pieces(c, w, o->p, o->len, 8, t);
	}
	case APER_SEQ: return enc_seq(c, w, t, v);
	case APER_SEQOF: return enc_seqof(c, w, t, v);
	case APER_CHOICE: return enc_choice(c, w, t, v);
	case APER_IECONT:
		if (!t->size)
			return wfail(c, w, t, -E_INVAL); /* nothing known to put in it */
		return enc_iecont(c, w, t, v);
	case APER_PDU: return enc_pdu(c, w, t, v);
	}
	return wfail(c, w, t, -E_INVAL);
}

int aper_encode(const struct aper_type *t, const void *in, uint8_t *buf, size_t cap,
		struct ngap_err *err)
{
	struct ngap_err local;
	struct ctx c = { .err = err ? err : &local, .ie = NGAP_IE_NONE };
	/* The length is returned as an int: larger buffers are used up to INT32_MAX. */
	struct bwr w = { buf, buf ? (cap > (size_t)INT32_MAX ? (size_t)INT32_MAX : cap) : 0, 0, 0 };

	memset(c.err, 0, sizeof(*c.err));
	c.err->ie = NGAP_IE_NONE;
	c.err->proc = -1;
	if (!t || !in)
		return fail_at(&c, 0, t, -E_INVAL);
	int rc = enc_value(&c, &w, t, in);
	if (rc)
		return rc;
	wr_align(&w);
	if (w.pos == 0) {
		/* 11.1.3: a complete encoding is at least one octet. */
		if (w.cap < 1)
			return fail_at(&c, 0, t, -E_NOSPC);
		w.p[0] = 0;
		w.pos = 8;
	}
	return (int)(w.pos / 8);
}

/* ---------------------------------------------------------------------------
 * Comparison and IE lookup */

struct strview {
	const uint8_t *p; /* first unit */
	size_t n; /* units */
};

static struct strview str_view(const struct aper_type *t, const void *v)
{
	struct strview s;
	if (t->flags & APER_F_INLINE) {
		if (t->flags & APER_F_FIXED) {
			s.p = v;
			s.n = (size_t)t->ub;
		} else {
			uint32_t l;
			memcpy(&l, v, 4);
			s.p = (const uint8_t *)v + t->buf_off;
			s.n = l;
		}
	} else {
		const struct ngap_octets *o = v;
		s.p = o->p;
		s.n = o->len;
	}
	return s;
}

static bool bits_equal(const uint8_t *a, const uint8_t *b, size_t nbits)
{
	size_t whole = nbits / 8;
	if (whole && memcmp(a, b, whole))
		return false;
	if (nbits & 7) {
		uint8_t mask = (uint8_t)(0xff << (8 - (nbits & 7)));
		return (a[whole] & mask) == (b[whole] & mask);
	}
	return true;
}

static bool opt_pair(const void *a, const void *b, uint32_t off, const void **pa, const void **pb)
{
	memcpy(pa, (const uint8_t *)a + off, sizeof(*pa));
	memcpy(pb, (const uint8_t *)b + off, sizeof(*pb));
	return (*pa == NULL) == (*pb == NULL);
}

bool aper_equal(const struct aper_type *t, const void *a, const void *b)
{
	if (!a || !b)
		return a == b;
	switch (t->kind) {
	case APER_INT: return get_int(t, a) == get_int(t, b);
	case APER_ENUM: return memcmp(a, b, 4) == 0;
	case APER_BOOL: return !*(const bool *)a == !*(const bool *)b;
	case APER_NULL: return true;
	case APER_BITS:
	case APER_OCTETS:
	case APER_CHARS:
	case APER_OPEN: {
		struct strview x =
			t->kind == APER_OPEN
				? (struct strview){ ((const struct ngap_octets *)a)->p,
						    ((const struct ngap_octets *)a)->len }
				: str_view(t, a);
		struct strview y =
			t->kind == APER_OPEN
				? (struct strview){ ((const struct ngap_octets *)b)->p,
						    ((const struct ngap_octets *)b)->len }
				: str_view(t, b);
		if (x.n != y.n)
			return false;
		if (!x.n)
			return true;
		if (!x.p || !y.p)
			return x.p == y.p;
		return bits_equal(x.p, y.p, x.n * str_unit(t));
	}
	case APER_SEQ:
		for (uint32_t i = 0; i < t->n; i++) {
			const struct aper_member *m = &t->members[i];
			const void *pa, *pb;
			if (m->flags & APER_M_NOSTORE)
				continue;
			if (m->flags & APER_M_OPT) {
				if (!opt_pair(a, b, m->off, &pa, &pb))
					return false;
			} else {
				pa = (const uint8_t *)a + m->off;
				pb = (const uint8_t *)b + m->off;
			}
			if (pa && !aper_equal(m->type, pa, pb))
				return false;
		}
		return true;
	case APER_SEQOF: {
		uint32_t na, nb;
		const uint8_t *va, *vb;
		memcpy(&na, a, 4);
		memcpy(&nb, b, 4);
		if (na != nb)
			return false;
		memcpy(&va, (const uint8_t *)a + 8, sizeof(va));
		memcpy(&vb, (const uint8_t *)b + 8, sizeof(vb));
		for (uint32_t i = 0; i < na; i++)
			if (!aper_equal(t->elem, va + (size_t)i * t->elem->size,
					vb + (size_t)i * t->elem->size))
				return false;
		return true;
	}
	case APER_CHOICE: {
		uint32_t sa, sb;
		memcpy(&sa, (const uint8_t *)a + t->sel_off, 4);
		memcpy(&sb, (const uint8_t *)b + t->sel_off, 4);
		if (sa != sb)
			return false;
		if (sa == 0 || sa > t->n)
			return true;
		const struct aper_member *m = &t->members[sa - 1];
		if (m->flags & APER_M_NOSTORE)
			return true;
		return aper_equal(m->type, (const uint8_t *)a + m->off,
				  (const uint8_t *)b + m->off);
	}
	case APER_IECONT:
		for (uint32_t k = 0; k < t->n; k++) {
			const struct aper_ie *ie = &t->ies[k];
			const void *pa, *pb;
			if (ie->flags & APER_M_NOSTORE)
				continue;
			if (ie->flags & APER_M_OPT) {
				if (!opt_pair(a, b, ie->off, &pa, &pb))
					return false;
			} else {
				pa = (const uint8_t *)a + ie->off;
				pb = (const uint8_t *)b + ie->off;
			}
			if (pa && !aper_equal(ie->type, pa, pb))
				return false;
		}
		return true;
	case APER_PDU: {
		const struct aper_pdu_hdr *ha = a, *hb = b;
		if (ha->msg != hb->msg)
			return false;
		if (ha->msg == 0 || ha->msg >= t->n)
			return true;
		return aper_equal(t->msgs[ha->msg].type, (const uint8_t *)a + t->u_off,
				  (const uint8_t *)b + t->u_off);
	}
	}
	return false;
}

const void *aper_ie_find(const struct aper_type *t, const void *value, uint32_t id)
{
	if (!t || !value)
		return NULL;
	if (t->kind == APER_SEQ && t->n == 1 && t->members[0].type->kind == APER_IECONT) {
		value = (const uint8_t *)value + t->members[0].off;
		t = t->members[0].type;
	}
	if (t->kind != APER_IECONT)
		return NULL;
	for (uint32_t k = 0; k < t->n; k++)
		if (t->ies[k].id == id)
			return ie_value(&t->ies[k], value);
	return NULL;
}
