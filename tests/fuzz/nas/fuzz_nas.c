/* fuzz_nas.c — libFuzzer target for the NAS decoder (lib/codec/nas).
 *
 * For every input that decodes, the message must encode, the encoding must
 * decode to an equal message and encode to the same octets:
 *   decode(encode(decode(x))) == decode(x)
 * Containers holding NAS messages (payload containers with N1 SM
 * information, NAS message containers) are decoded the same way.
 * Security protected inputs also go through nas_unprotect() with a null
 * (NIA0/NEA0) context on both sides, and what comes out is checked likewise.
 * Any violation aborts, which libFuzzer (or the replay driver) reports.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/codec/nas/nas.h"
#include "lib/codec/nas/nas_sec.h"
#include "lib/core/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t enc1[70000], enc2[70000];

static void check(const uint8_t *data, size_t size, int depth);

static void fail(const char *what, const struct nas_msg *m, int rc, const struct nas_err *e)
{
	fprintf(stderr, "fuzz_nas: %s (type 0x%02x rc %d ie %s)\n", what, m->type, rc,
		e && e->ie ? e->ie : "-");
	abort();
}

static void inner(const struct nas_msg *m, int depth)
{
	const struct nas_buf *b = NULL;
	if (m->type == NAS_UL_NAS_TRANSPORT && m->ul_nas.payload_type == NAS_PAYLOAD_N1_SM)
		b = &m->ul_nas.payload;
	else if (m->type == NAS_DL_NAS_TRANSPORT && m->dl_nas.payload_type == NAS_PAYLOAD_N1_SM)
		b = &m->dl_nas.payload;
	else if (m->type == NAS_REG_REQ && m->reg_req.has_nas_msg)
		b = &m->reg_req.nas_msg;
	else if (m->type == NAS_SMC_COMPLETE && m->smc_complete.has_nas_msg)
		b = &m->smc_complete.nas_msg;
	if (b && depth < 2)
		check(b->p, b->len, depth + 1);
}

static void check(const uint8_t *data, size_t size, int depth)
{
	static uint8_t mem[3][1 << 16];
	struct arena a1, a2;
	struct nas_msg m1, m2;
	struct nas_err err;

	arena_init(&a1, mem[depth], sizeof(mem[depth]) / 2, 1 << 20);
	arena_init(&a2, mem[depth] + sizeof(mem[depth]) / 2, sizeof(mem[depth]) / 2, 1 << 20);
	int rc = nas_decode(&m1, data, size, &a1, &err);
	if (rc < 0) {
		if (rc != err.rc)
			fail("error detail disagrees with return code", &m1, rc, &err);
		goto out;
	}
	int n1 = nas_encode(&m1, enc1, sizeof(enc1), &err);
	if (n1 < 0)
		fail("decoded message does not encode", &m1, n1, &err);
	rc = nas_decode(&m2, enc1, (size_t)n1, &a2, &err);
	if (rc < 0)
		fail("encoding does not decode", &m1, rc, &err);
	if (!nas_msg_eq(&m1, &m2))
		fail("decode(encode(decode(x))) != decode(x)", &m1, 0, NULL);
	int n2 = nas_encode(&m2, enc2, sizeof(enc2), &err);
	if (n2 != n1 || memcmp(enc1, enc2, (size_t)n1) != 0)
		fail("encoding is not stable", &m1, n2, &err);
	inner(&m1, depth);
out:
	arena_fini(&a1);
	arena_fini(&a2);
}

/* Unprotects with a null context as the AMF and as the UE would, starting
 * from a receive COUNT taken from the input's last octet. */
static void unprotect(const uint8_t *data, size_t size)
{
	static const uint8_t k[16];
	static uint8_t plain[70000];
	struct nas_sec_ctx c;
	struct nas_unprot_info info;

	if (size < 2 || data[0] != NAS_EPD_5GMM || !(data[1] & 15))
		return;
	for (int role = NAS_ROLE_NETWORK; role <= NAS_ROLE_UE; role++) {
		if (nas_sec_init(&c, role, (struct nas_ksi){ 0, 0 }, k, k, 0, 0) < 0)
			abort();
		c.ul_count = c.dl_count = (uint32_t)data[size - 1] << 12;
		int n = nas_unprotect(&c, data, size, plain, sizeof(plain), &info);
		if (n >= 0) {
			if ((size_t)n != size - 7 || !info.mac_ok)
				abort();
			check(plain, (size_t)n, 1);
		}
		nas_sec_fini(&c);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check(data, size, 0);
	unprotect(data, size);
	return 0;
}
