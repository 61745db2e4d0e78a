#include "lib/core/buf.h"

int rd_sub(struct rd *r, size_t n, struct rd *sub)
{
	size_t at = r->base + r->off;
	const uint8_t *q = rd_take(r, n);
	rd_init(sub, q, q ? n : 0);
	sub->base = at;
	if (!q)
		sub->err = r->err;
	return r->err;
}

int rd_lv8(struct rd *r, struct rd *sub)
{
	size_t n = rd_u8(r);
	return rd_sub(r, n, sub);
}

int rd_lv16(struct rd *r, struct rd *sub)
{
	size_t n = rd_u16(r);
	return rd_sub(r, n, sub);
}

int rd_tlv8(struct rd *r, uint8_t *type, struct rd *sub)
{
	*type = rd_u8(r);
	return rd_lv8(r, sub);
}

int rd_tlv16(struct rd *r, uint8_t *type, struct rd *sub)
{
	*type = rd_u8(r);
	return rd_lv16(r, sub);
}

uint32_t rd_bits(struct rd *r, unsigned n)
{
	uint32_t v = 0;

	if (r->err)
		return 0;
	if (n > 32) {
		rd_fail(r, -E_INVAL);
		return 0;
	}
	/* Check the whole span first so a failed read consumes nothing. */
	if (((size_t)r->bit + n + 7) / 8 > r->len - r->off) {
		rd_fail(r, -E_SHORT);
		return 0;
	}
	while (n) {
		unsigned avail = 8 - r->bit;
		unsigned take = n < avail ? n : avail;
		unsigned shift = avail - take;
		uint32_t chunk = (uint32_t)(r->p[r->off] >> shift) & ((1u << take) - 1);

		v = (v << take) | chunk;
		n -= take;
		r->bit += take;
		if (r->bit == 8) {
			r->bit = 0;
			r->off++;
		}
	}
	return v;
}

void rd_align(struct rd *r)
{
	if (r->bit && !r->err) {
		r->bit = 0;
		r->off++;
	}
}

size_t wr_len8_begin(struct wr *w)
{
	size_t mark = w->off;
	wr_u8(w, 0);
	return mark;
}

void wr_len8_end(struct wr *w, size_t mark)
{
	if (w->err)
		return;
	size_t n = w->off - mark - 1;
	if (n > 0xff) {
		wr_fail(w, -E_RANGE);
		return;
	}
	w->p[mark] = (uint8_t)n;
}

size_t wr_len16_begin(struct wr *w)
{
	size_t mark = w->off;
	wr_u16(w, 0);
	return mark;
}

void wr_len16_end(struct wr *w, size_t mark)
{
	if (w->err)
		return;
	size_t n = w->off - mark - 2;
	if (n > 0xffff) {
		wr_fail(w, -E_RANGE);
		return;
	}
	w->p[mark] = (uint8_t)(n >> 8);
	w->p[mark + 1] = (uint8_t)n;
}

void wr_bits(struct wr *w, uint32_t v, unsigned n)
{
	if (w->err)
		return;
	if (n > 32) {
		wr_fail(w, -E_INVAL);
		return;
	}
	if (((size_t)w->bit + n + 7) / 8 > w->cap - w->off) {
		wr_fail(w, -E_NOSPC);
		return;
	}
	while (n) {
		unsigned room = 8 - w->bit;
		unsigned put = n < room ? n : room;
		uint32_t chunk = (v >> (n - put)) & ((1u << put) - 1);

		if (w->bit == 0)
			w->p[w->off] = 0;
		w->p[w->off] |= (uint8_t)(chunk << (room - put));
		n -= put;
		w->bit += put;
		if (w->bit == 8) {
			w->bit = 0;
			w->off++;
		}
	}
}

void wr_align(struct wr *w)
{
	if (w->bit && !w->err) {
		w->bit = 0;
		w->off++;
	}
}
