/* fuzz_ngap.c — libFuzzer target for the NGAP decoder.
 *
 * Input: one NGAP-PDU. Checks, for any input: decoding never crashes, reads
 * out of bounds or leaks, and reports an offset inside the input; whatever
 * decodes and re-encodes decodes again to the same value, and re-encodes to
 * the same octets: decode(encode(decode(x))) == decode(x). The same input is
 * also decoded as each Transfer container the SMF handles.
 *
 * Inputs starting with 0xff (never a valid NGAP-PDU: the extension bit of
 * its CHOICE) instead drive a generator: octet 1 picks a message or
 * Transfer type, the rest every optional part, size, value and alternative
 * (tests/unit/ngap/ngap_fill.c); the value must encode, decode to itself and
 * re-encode to the same octets.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/codec/ngap/ngap.h"
#include "lib/core/err.h"
#include "tests/unit/ngap/ngap_fill.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t enc1[1 << 18], enc2[1 << 18];
static _Alignas(16) uint8_t value1[1 << 14], value2[1 << 14];
static _Alignas(16) uint8_t first_chunk[1 << 16];

static const struct aper_type *const types[] = {
	&ngap_type_NGAP_PDU,
	&ngap_type_PDUSessionResourceSetupRequestTransfer,
	&ngap_type_PDUSessionResourceSetupResponseTransfer,
	&ngap_type_PDUSessionResourceModifyRequestTransfer,
	&ngap_type_PDUSessionResourceModifyResponseTransfer,
	&ngap_type_PDUSessionResourceReleaseCommandTransfer,
	&ngap_type_PDUSessionResourceReleaseResponseTransfer,
	&ngap_type_PathSwitchRequestTransfer,
	&ngap_type_HandoverCommandTransfer,
	&ngap_type_HandoverRequestAcknowledgeTransfer,
	&ngap_type_SourceNGRANNode_ToTargetNGRANNode_TransparentContainer,
};

static void check(const struct aper_type *t, const uint8_t *data, size_t size)
{
	struct arena a;
	struct ngap_err err;

	if (t->size > sizeof(value1))
		abort();
	arena_init(&a, first_chunk, sizeof(first_chunk), 16u << 20);
	int rc = aper_decode(t, value1, data, size, &a, &err);
	if (rc < 0 && (err.code != rc || err.off > size || err.bit > size * 8))
		abort();
	if (rc > 0 && (size_t)rc > size)
		abort();
	if (rc < 0 && rc != -E_UNKNOWN_IE && rc != -E_MISSING_IE)
		goto out;
	int n = aper_encode(t, value1, enc1, sizeof(enc1), &err);
	if (n < 0)
		goto out; /* e.g. an enumeration value from a later version */
	int rc2 = aper_decode(t, value2, enc1, (size_t)n, &a, &err);
	if (rc2 != n || !aper_equal(t, value1, value2))
		abort();
	int n2 = aper_encode(t, value2, enc2, sizeof(enc2), &err);
	if (n2 != n || memcmp(enc1, enc2, (size_t)n))
		abort();
out:
	arena_fini(&a);
}

static void generate(const uint8_t *data, size_t size)
{
	size_t nt = sizeof(types) / sizeof(types[0]) - 1, nm = NGAP_MSG__COUNT - 1;
	unsigned pick = data[1] % (nm + nt);
	struct arena a;
	struct ngap_err err;

	arena_init(&a, first_chunk, sizeof(first_chunk), 16u << 20);
	struct fill f = {
		.a = &a, .full = data[2] & 1, .seed = data[2], .src = data + 3, .src_len = size - 3
	};
	const struct aper_type *t = pick < nm ? &ngap_type_NGAP_PDU : types[1 + pick - nm];
	int rc = pick < nm ? fill_pdu(&f, (struct ngap_pdu *)value1, (enum ngap_msg)(pick + 1))
			   : (memset(value1, 0, t->size), fill_value(&f, t, value1));
	if (rc)
		goto out;
	int n = aper_encode(t, value1, enc1, sizeof(enc1), &err);
	if (n < 0)
		abort(); /* the generator only makes valid values */
	if (aper_decode(t, value2, enc1, (size_t)n, &a, &err) != n ||
	    !aper_equal(t, value1, value2))
		abort();
	if (aper_encode(t, value2, enc2, sizeof(enc2), &err) != n || memcmp(enc1, enc2, (size_t)n))
		abort();
out:
	arena_fini(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size >= 3 && data[0] == 0xff) {
		generate(data, size);
		return 0;
	}
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		check(types[i], data, size);
	return 0;
}
