/* Unit tests of lib/core/buf: no read or write can leave its buffer. */
#include "lib/core/buf.h"
#include "tests/unit/t.h"

static void reader_reads_big_endian(void)
{
	static const uint8_t b[] = {
		1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18
	};
	struct rd r;

	rd_init(&r, b, sizeof(b));
	CHECK_EQ(rd_u8(&r), 1);
	CHECK_EQ(rd_u16(&r), 0x0203);
	CHECK_EQ(rd_u24(&r), 0x040506);
	CHECK_EQ(rd_u32(&r), 0x0708090a);
	CHECK(rd_u64(&r) == 0x0b0c0d0e0f101112ull);
	CHECK_EQ(r.err, 0);
	CHECK_EQ(rd_left(&r), 0);
}

static void reader_short_read_is_sticky(void)
{
	static const uint8_t b[] = { 0xaa, 0xbb, 0xcc };
	struct rd r;

	rd_init(&r, b, sizeof(b));
	CHECK_EQ(rd_u16(&r), 0xaabb);
	CHECK_EQ(rd_u16(&r), 0); /* only one byte left */
	CHECK_EQ(r.err, -E_SHORT);
	CHECK_EQ(rd_u8(&r), 0); /* sticky: even a fitting read fails now */
	CHECK(rd_take(&r, 0) == NULL);
	CHECK_EQ(rd_left(&r), 0);
}

static void reader_rejects_huge_length(void)
{
	static const uint8_t b[] = { 0x01, 0x02 };
	struct rd r;

	rd_init(&r, b, sizeof(b));
	CHECK(rd_take(&r, SIZE_MAX) == NULL);
	CHECK_EQ(r.err, -E_SHORT);
}

static void reader_lv_and_tlv(void)
{
	/* LV(2: 11 22), TLV(t=7, len 1: 33), TLV-E(t=8, len 2: 44 55), trailing 66 */
	static const uint8_t b[] = { 2, 0x11, 0x22, 7, 1, 0x33, 8, 0, 2, 0x44, 0x55, 0x66 };
	struct rd r, s;
	uint8_t t;

	rd_init(&r, b, sizeof(b));
	CHECK_EQ(rd_lv8(&r, &s), 0);
	CHECK_EQ(s.len, 2);
	CHECK_EQ(rd_u16(&s), 0x1122);
	CHECK_EQ(s.base, 1);
	CHECK_EQ(rd_tlv8(&r, &t, &s), 0);
	CHECK_EQ(t, 7);
	CHECK_EQ(rd_u8(&s), 0x33);
	CHECK_EQ(rd_tlv16(&r, &t, &s), 0);
	CHECK_EQ(t, 8);
	CHECK_EQ(rd_u16(&s), 0x4455);
	CHECK_EQ(rd_pos(&s), 11);
	CHECK_EQ(rd_u8(&r), 0x66);
	CHECK_EQ(r.err, 0);
}

static void reader_lv_longer_than_input_fails(void)
{
	static const uint8_t b[] = { 5, 0x11, 0x22 };
	struct rd r, s;

	rd_init(&r, b, sizeof(b));
	CHECK_EQ(rd_lv8(&r, &s), -E_SHORT);
	CHECK_EQ(s.err, -E_SHORT);
	CHECK_EQ(rd_left(&s), 0);
	CHECK_EQ(rd_u8(&s), 0);
}

static void reader_bits_msb_first(void)
{
	static const uint8_t b[] = { 0xa5, 0x3c, 0xff, 0x00, 0x12, 0x34, 0x56, 0x78 };
	struct rd r;

	rd_init(&r, b, sizeof(b));
	CHECK_EQ(rd_bits(&r, 1), 1);
	CHECK_EQ(rd_bits(&r, 3), 2);
	CHECK_EQ(rd_bits(&r, 8), 0x53);
	CHECK_EQ(rd_bits(&r, 4), 0xc);
	CHECK_EQ(rd_u8(&r), 0xff); /* byte aligned again */
	CHECK_EQ(rd_bits(&r, 4), 0);
	CHECK_EQ(rd_u8(&r), 0); /* not aligned: error */
	CHECK_EQ(r.err, -E_INVAL);

	rd_init(&r, b + 4, 4);
	CHECK(rd_bits(&r, 32) == 0x12345678u);
	rd_init(&r, b, 2);
	CHECK_EQ(rd_bits(&r, 17), 0);
	CHECK_EQ(r.err, -E_SHORT);
}

static void reader_align_skips_partial_byte(void)
{
	static const uint8_t b[] = { 0x80, 0x42 };
	struct rd r;

	rd_init(&r, b, sizeof(b));
	CHECK_EQ(rd_bits(&r, 1), 1);
	rd_align(&r);
	CHECK_EQ(rd_u8(&r), 0x42);
	CHECK_EQ(r.err, 0);
}

static void writer_refuses_overflow(void)
{
	uint8_t b[5] = { 0 };
	uint8_t guard = 0x5a;
	struct wr w;

	wr_init(&w, b, 4);
	wr_u16(&w, 0x0102);
	wr_u24(&w, 0x030405); /* one byte too many */
	CHECK_EQ(w.err, -E_NOSPC);
	CHECK_EQ(w.off, 2);
	wr_u8(&w, 9);
	CHECK_EQ(w.off, 2);
	b[4] = guard;
	CHECK_EQ(b[4], 0x5a);
}

static void writer_length_backpatch(void)
{
	uint8_t b[300];
	struct wr w;

	wr_init(&w, b, sizeof(b));
	size_t m = wr_len8_begin(&w);
	wr_u16(&w, 0xbeef);
	wr_len8_end(&w, m);
	size_t m2 = wr_len16_begin(&w);
	wr_u8(&w, 0x01);
	wr_len16_end(&w, m2);
	static const uint8_t want[] = { 2, 0xbe, 0xef, 0, 1, 1 };
	CHECK_EQ(w.off, sizeof(want));
	CHECK_MEM(b, want, sizeof(want));

	wr_init(&w, b, sizeof(b));
	m = wr_len8_begin(&w);
	for (int i = 0; i < 256; i++)
		wr_u8(&w, 0);
	wr_len8_end(&w, m);
	CHECK_EQ(w.err, -E_RANGE);
}

static void writer_bits_roundtrip(void)
{
	uint8_t b[8];
	struct wr w;
	struct rd r;

	wr_init(&w, b, sizeof(b));
	wr_bits(&w, 1, 1);
	wr_bits(&w, 5, 3);
	wr_bits(&w, 0x1234, 13);
	wr_align(&w);
	wr_u8(&w, 0x77);
	CHECK_EQ(w.err, 0);
	CHECK_EQ(wr_len(&w), 4);
	rd_init(&r, b, wr_len(&w));
	CHECK_EQ(rd_bits(&r, 1), 1);
	CHECK_EQ(rd_bits(&r, 3), 5);
	CHECK_EQ(rd_bits(&r, 13), 0x1234);
	rd_align(&r);
	CHECK_EQ(rd_u8(&r), 0x77);

	wr_init(&w, b, 1);
	wr_bits(&w, 0, 9);
	CHECK_EQ(w.err, -E_NOSPC);
}

int main(void)
{
	RUN(reader_reads_big_endian);
	RUN(reader_short_read_is_sticky);
	RUN(reader_rejects_huge_length);
	RUN(reader_lv_and_tlv);
	RUN(reader_lv_longer_than_input_fails);
	RUN(reader_bits_msb_first);
	RUN(reader_align_skips_partial_byte);
	RUN(writer_refuses_overflow);
	RUN(writer_length_backpatch);
	RUN(writer_bits_roundtrip);
	return t_done();
}
