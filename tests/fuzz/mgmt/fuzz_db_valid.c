/* fuzz_db_valid.c — lib/db's validation helpers, shared by the management
 * API (operator input) and the store (what it reads back), and the SQN
 * arithmetic of TS 33.102 Annex C.
 *
 * Input: a selector byte, then text (helpers) or raw bytes (SQN, whole
 * subscriber records). Checks, beyond not crashing:
 *   - what a parser accepts satisfies its own validator and prints back to
 *     text that parses to the same value (SUPI, hex, AMF, SQN, SD, bit rate);
 *   - SQN_next stays within 48 bits and advances IND modulo 2^ind_bits;
 *   - db_sub_check never reads outside a record whose strings are
 *     terminated, and names a field when it rejects.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/db/db.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond, ...)                                                                      \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond);   \
			fprintf(stderr, __VA_ARGS__);                                              \
			fputc('\n', stderr);                                                       \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

static void text_helpers(const char *s)
{
	char supi[DB_SUPI_LEN], txt[64];
	uint8_t b[16], b2[16];
	uint16_t amf, amf2;
	uint64_t v, v2;
	uint32_t sd, sd2;

	if (db_supi_from_str(supi, s) == 0) {
		FUZZ_CHECK(db_supi_valid(supi) == 0, "\"%s\" accepted as %s, which is invalid", s,
			   supi);
		char again[DB_SUPI_LEN];
		FUZZ_CHECK(db_supi_from_str(again, supi) == 0 && strcmp(again, supi) == 0, "%s",
			   supi);
	}
	(void)db_supi_valid(s);
	for (size_t n = 0; n <= sizeof(b); n++) {
		if (db_hex_parse(b, n, s) < 0)
			continue;
		char hex[2 * sizeof(b) + 1];
		hex_encode(hex, b, n);
		FUZZ_CHECK(db_hex_parse(b2, n, hex) == 0 && memcmp(b, b2, n) == 0, "hex %s", hex);
	}
	if (db_amf_parse(&amf, s) == 0) {
		snprintf(txt, sizeof(txt), "%04x", amf);
		FUZZ_CHECK(db_amf_parse(&amf2, txt) == 0 && amf2 == amf, "amf %s", txt);
	}
	if (db_sqn_parse(&v, s) == 0) {
		FUZZ_CHECK(v <= DB_SQN_MAX, "sqn %" PRIx64 " beyond 48 bits", v);
		snprintf(txt, sizeof(txt), "%012" PRIx64, v);
		FUZZ_CHECK(db_sqn_parse(&v2, txt) == 0 && v2 == v, "sqn %s", txt);
	}
	if (db_sd_parse(&sd, s) == 0) {
		FUZZ_CHECK(sd < 0xffffff, "sd %06x", sd);
		snprintf(txt, sizeof(txt), "%06x", sd);
		FUZZ_CHECK(db_sd_parse(&sd2, txt) == 0 && sd2 == sd, "sd %s", txt);
	}
	if (db_dnn_valid(s) == 0)
		FUZZ_CHECK(strlen(s) < DB_DNN_LEN, "DNN of %zu octets", strlen(s));
	if (db_msisdn_valid(s) == 0)
		FUZZ_CHECK(strlen(s) < DB_MSISDN_LEN, "MSISDN of %zu digits", strlen(s));
	if (db_bitrate_parse(&v, s) == 0) {
		char r[64];
		db_bitrate_str(r, sizeof(r), v);
		int rc = db_bitrate_parse(&v2, r);
		FUZZ_CHECK(rc == 0 && v2 == v,
			   "\"%s\" = %" PRIu64 " bit/s prints as \"%s\" (%d, %" PRIu64 ")", s, v, r,
			   rc, v2);
	}
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static void sqn_arith(const uint8_t *p, size_t n)
{
	if (n < 17)
		return;
	unsigned ind = p[0] % 11; /* db_opts: 0..10 */
	uint64_t he = rd64(p + 1) & DB_SQN_MAX, ms = rd64(p + 9) & DB_SQN_MAX;
	uint64_t delta = n >= 25 ? rd64(p + 17) : DB_SQN_DELTA_DEFAULT;
	uint64_t nx = db_sqn_next(he, ind);
	FUZZ_CHECK(nx <= DB_SQN_MAX, "next %" PRIx64 " beyond 48 bits", nx);
	if (ind) {
		uint64_t mask = (UINT64_C(1) << ind) - 1;
		FUZZ_CHECK((nx & mask) == (((he & mask) + 1) & mask),
			   "IND of %" PRIx64 " -> %" PRIx64, he, nx);
	}
	(void)db_sqn_acceptable(he, ms, ind, delta);
	(void)db_sqn_acceptable(he, ms, ind, 0);
}

static void sub_check(const uint8_t *p, size_t n)
{
	struct db_sub sub;
	if (n < 1)
		return;
	memset(&sub, 0, sizeof(sub));
	memcpy(&sub, p, n < sizeof(sub) ? n : sizeof(sub));
	/* what the store hands over has terminated strings, a known op_kind
	 * and booleans that are 0 or 1 */
	sub.supi[DB_SUPI_LEN - 1] = 0;
	sub.msisdn[DB_MSISDN_LEN - 1] = 0;
	sub.op_kind = (enum db_op_kind)(p[0] & 1);
	for (unsigned i = 0; i < DB_MAX_SLICES; i++) {
		struct db_slice *sl = &sub.slices[i];
		memcpy(&sl->s_nssai.has_sd, &(uint8_t){ *(uint8_t *)&sl->s_nssai.has_sd & 1 }, 1);
		for (unsigned d = 0; d < DB_MAX_DNNS; d++) {
			struct db_dnn *dn = &sl->dnns[d];
			dn->dnn[DB_DNN_LEN - 1] = 0;
			memcpy(&dn->arp_preempt_cap,
			       &(uint8_t){ *(uint8_t *)&dn->arp_preempt_cap & 1 }, 1);
			memcpy(&dn->arp_preempt_vuln,
			       &(uint8_t){ *(uint8_t *)&dn->arp_preempt_vuln & 1 }, 1);
		}
	}
	const char *field = NULL;
	char fb[48];
	if (db_sub_check(&sub, &field, fb, sizeof(fb)) < 0)
		FUZZ_CHECK(field && memchr(field, 0, 48), "rejected without a field");
	db_sub_wipe(&sub);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 4096)
		return 0;
	switch (data[0]) {
	case 'S': sqn_arith(data + 1, size - 1); return 0;
	case 'R': sub_check(data + 1, size - 1); return 0;
	default: {
		char *s = malloc(size);
		FUZZ_CHECK(s != NULL, "out of memory");
		memcpy(s, data + 1, size - 1);
		s[size - 1] = 0;
		text_helpers(s);
		free(s);
		return 0;
	}
	}
}
