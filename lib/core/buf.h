/* buf.h — bounds-checked byte reader and writer.
 *
 * Both carry a sticky error: the first read past the end (or write past the
 * capacity) sets ->err to -E_SHORT (-E_NOSPC) and every later call returns 0
 * and does nothing. A decoder reads all fields, then checks ->err once;
 * nothing can ever touch memory outside [p, p+len).
 *
 *   reader                          writer
 *   +---------------------------+   +------------------------------+
 *   |<-- off -->|<- remaining ->|   |<-- off -->|<--- room ------->|
 *   p                        p+len  p                           p+cap
 *
 * Integers are big-endian (network order). Bit reads/writes go MSB first and
 * may be mixed with byte calls only at a byte boundary (rd_align/wr_align);
 * a byte call at a non-zero bit position sets -E_INVAL.
 */
#ifndef NGCORE_CORE_BUF_H
#define NGCORE_CORE_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lib/core/err.h"

struct rd {
	const uint8_t *p; /* first readable byte */
	size_t len; /* readable bytes from p */
	size_t off; /* next byte to read */
	size_t base; /* offset of p in the outermost message (for error reports) */
	unsigned bit; /* bits of p[off] already consumed by bit reads (0..7) */
	int err; /* 0, or the first error as a negative E_* code */
};

struct wr {
	uint8_t *p; /* caller's buffer */
	size_t cap; /* its size */
	size_t off; /* bytes written (the partial byte of a bit write not counted) */
	unsigned bit; /* bits already written into p[off] (0..7) */
	int err; /* 0, or the first error as a negative E_* code */
};

static inline void rd_init(struct rd *r, const void *p, size_t len)
{
	r->p = p;
	r->len = p ? len : 0;
	r->off = 0;
	r->base = 0;
	r->bit = 0;
	r->err = 0;
}

static inline void wr_init(struct wr *w, void *p, size_t cap)
{
	w->p = p;
	w->cap = p ? cap : 0;
	w->off = 0;
	w->bit = 0;
	w->err = 0;
}

/* Sets the sticky error if none is set yet; returns it. */
static inline int rd_fail(struct rd *r, int rc)
{
	if (!r->err)
		r->err = rc;
	return r->err;
}

static inline int wr_fail(struct wr *w, int rc)
{
	if (!w->err)
		w->err = rc;
	return w->err;
}

/* Bytes not yet read (0 after an error). */
static inline size_t rd_left(const struct rd *r)
{
	return r->err ? 0 : r->len - r->off;
}

/* Absolute offset of the next byte, for error reports. */
static inline size_t rd_pos(const struct rd *r)
{
	return r->base + r->off;
}

/* Absolute bit offset of the next bit. */
static inline size_t rd_bitpos(const struct rd *r)
{
	return (r->base + r->off) * 8 + r->bit;
}

/* Returns a pointer to the next n bytes and consumes them, or NULL. */
static inline const uint8_t *rd_take(struct rd *r, size_t n)
{
	if (r->err)
		return NULL;
	if (r->bit) {
		rd_fail(r, -E_INVAL);
		return NULL;
	}
	if (n > r->len - r->off) {
		rd_fail(r, -E_SHORT);
		return NULL;
	}
	const uint8_t *q = r->p + r->off;
	r->off += n;
	return q;
}

static inline uint8_t rd_u8(struct rd *r)
{
	const uint8_t *q = rd_take(r, 1);
	return q ? q[0] : 0;
}

static inline uint16_t rd_u16(struct rd *r)
{
	const uint8_t *q = rd_take(r, 2);
	return q ? (uint16_t)(q[0] << 8 | q[1]) : 0;
}

static inline uint32_t rd_u24(struct rd *r)
{
	const uint8_t *q = rd_take(r, 3);
	return q ? (uint32_t)q[0] << 16 | (uint32_t)q[1] << 8 | q[2] : 0;
}

static inline uint32_t rd_u32(struct rd *r)
{
	const uint8_t *q = rd_take(r, 4);
	return q ? (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 | q[3] : 0;
}

static inline uint64_t rd_u64(struct rd *r)
{
	uint64_t hi = rd_u32(r);
	return hi << 32 | rd_u32(r);
}

/* Copies n bytes into dst (zero-filled on error). Returns 0 or the error. */
static inline int rd_copy(struct rd *r, void *dst, size_t n)
{
	const uint8_t *q = rd_take(r, n);
	if (!q) {
		memset(dst, 0, n);
		return r->err;
	}
	memcpy(dst, q, n);
	return 0;
}

static inline void rd_skip(struct rd *r, size_t n)
{
	(void)rd_take(r, n);
}

/* Makes sub a reader over the next n bytes and consumes them from r. */
int rd_sub(struct rd *r, size_t n, struct rd *sub);
/* 1-byte length then value: sub covers the value. */
int rd_lv8(struct rd *r, struct rd *sub);
/* 2-byte length then value. */
int rd_lv16(struct rd *r, struct rd *sub);
/* 1-byte type, 1-byte length, value. */
int rd_tlv8(struct rd *r, uint8_t *type, struct rd *sub);
/* 1-byte type, 2-byte length, value (TLV-E of TS 24.007 11.2.1.1.4). */
int rd_tlv16(struct rd *r, uint8_t *type, struct rd *sub);

/* Reads n bits (0..32), most significant first. */
uint32_t rd_bits(struct rd *r, unsigned n);
/* Skips to the next byte boundary. */
void rd_align(struct rd *r);

/* Returns a pointer to n writable bytes and counts them as written, or NULL. */
static inline uint8_t *wr_put(struct wr *w, size_t n)
{
	if (w->err)
		return NULL;
	if (w->bit) {
		wr_fail(w, -E_INVAL);
		return NULL;
	}
	if (n > w->cap - w->off) {
		wr_fail(w, -E_NOSPC);
		return NULL;
	}
	uint8_t *q = w->p + w->off;
	w->off += n;
	return q;
}

static inline void wr_u8(struct wr *w, uint8_t v)
{
	uint8_t *q = wr_put(w, 1);
	if (q)
		q[0] = v;
}

static inline void wr_u16(struct wr *w, uint16_t v)
{
	uint8_t *q = wr_put(w, 2);
	if (q) {
		q[0] = (uint8_t)(v >> 8);
		q[1] = (uint8_t)v;
	}
}

static inline void wr_u24(struct wr *w, uint32_t v)
{
	uint8_t *q = wr_put(w, 3);
	if (q) {
		q[0] = (uint8_t)(v >> 16);
		q[1] = (uint8_t)(v >> 8);
		q[2] = (uint8_t)v;
	}
}

static inline void wr_u32(struct wr *w, uint32_t v)
{
	uint8_t *q = wr_put(w, 4);
	if (q) {
		q[0] = (uint8_t)(v >> 24);
		q[1] = (uint8_t)(v >> 16);
		q[2] = (uint8_t)(v >> 8);
		q[3] = (uint8_t)v;
	}
}

static inline void wr_u64(struct wr *w, uint64_t v)
{
	wr_u32(w, (uint32_t)(v >> 32));
	wr_u32(w, (uint32_t)v);
}

static inline void wr_bytes(struct wr *w, const void *src, size_t n)
{
	uint8_t *q = wr_put(w, n);
	if (q && n)
		memcpy(q, src, n);
}

/* Length-prefixed writing: reserve the length field, write the value, then
 * patch. wr_len_end sets -E_RANGE when the value does not fit the field.
 *   size_t m = wr_len8_begin(w); ...value...; wr_len8_end(w, m);
 */
size_t wr_len8_begin(struct wr *w);
void wr_len8_end(struct wr *w, size_t mark);
size_t wr_len16_begin(struct wr *w);
void wr_len16_end(struct wr *w, size_t mark);

/* Writes the low n bits (0..32) of v, most significant first. */
void wr_bits(struct wr *w, uint32_t v, unsigned n);
/* Pads with zero bits to the next byte boundary. */
void wr_align(struct wr *w);
/* Bytes used including a partial last byte. */
static inline size_t wr_len(const struct wr *w)
{
	return w->off + (w->bit ? 1 : 0);
}

#endif
