/* fuzz_suci.c — SUCI de-concealment as the UDM/SIDF runs it on what a UE
 * (or an AUSF relaying it) sent: suci_str_to_supi, suci_deconceal and
 * suci_msin_from_bcd, with a home-network key ring holding the TS 33.501
 * C.4 test keys (profile A under key ids 1 and 7, profile B under 2 and 7).
 *
 * Input: a mode byte, then
 *   's' a SuciString (TS 29.503): converted with a large and a small
 *       buffer; an accepted one is concealed again (null scheme, profile A
 *       and profile B) and must convert back to the same SUPI;
 *   'd' scheme, key id, scheme output: suci_deconceal; a recovered input
 *       is concealed again and must de-conceal to the same bytes;
 *   'c' scheme, then a scheme input (at most 16 octets): concealed with
 *       the ring's public key, written as a SuciString and converted: the
 *       fuzzer chooses what the UE "encrypted", which the MAC would
 *       otherwise keep it from reaching (the BCD decoding after it);
 *   'b' packed BCD: suci_msin_from_bcd; to_bcd(from_bcd(x)) == x for the
 *       MSIN lengths to_bcd takes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/core/ids.h"
#include "lib/crypto/suci.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_CHECK(cond, ...)                                                                      \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond);   \
			fprintf(stderr, __VA_ARGS__);                                              \
			fputc('\n', stderr);                                                       \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* TS 33.501 C.4.3 (profile A) and C.4.4 (profile B) home network keys. */
static const char a_priv[] = "c53c22208b61860b06c62e5406a7b330c2b577aa5558981510d128247d38bd1d";
static const char b_priv[] = "f1ab1074477ebcc7f554ea1c5fc368b1616730155e0041ac447d6301975fecda";
/* Ephemeral keys of C.4.3.1 and C.4.4.1: concealment here is repeatable. */
static const char a_eph[] = "c80949f13ebe61af4ebdbd293ea4f942696b9e815d7e8f0096bbf6ed7de62256";
static const char b_eph[] = "99798858a1dc6a2c68637149a4b1dbfd1fdff5addd62a2142f06699ed7602529";

#define KID_A	   1 /* profile A key id; also under SHARED_KID */
#define KID_B	   2 /* profile B key id; also under SHARED_KID */
#define SHARED_KID 7

static struct hn_keys *ring;
static uint8_t pub_a[SUCI_A_PUB_LEN], pub_b[SUCI_B_PUB_LEN], eph_a[32], eph_b[32];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	uint8_t pa[32], pb[32];
	ring = hn_keys_new();
	FUZZ_CHECK(ring != NULL, "hn_keys_new");
	FUZZ_CHECK(hex_decode(pa, 32, a_priv) == 32 && hex_decode(pb, 32, b_priv) == 32 &&
			   hex_decode(eph_a, 32, a_eph) == 32 && hex_decode(eph_b, 32, b_eph) == 32,
		   "key text");
	FUZZ_CHECK(hn_keys_add(ring, KID_A, SUCI_SCHEME_PROFILE_A, pa, 32) == 0 &&
			   hn_keys_add(ring, SHARED_KID, SUCI_SCHEME_PROFILE_A, pa, 32) == 0 &&
			   hn_keys_add(ring, KID_B, SUCI_SCHEME_PROFILE_B, pb, 32) == 0 &&
			   hn_keys_add(ring, SHARED_KID, SUCI_SCHEME_PROFILE_B, pb, 32) == 0,
		   "hn_keys_add");
	FUZZ_CHECK(hn_keys_public(ring, KID_A, SUCI_SCHEME_PROFILE_A, pub_a, sizeof(pub_a)) ==
				   SUCI_A_PUB_LEN &&
			   hn_keys_public(ring, KID_B, SUCI_SCHEME_PROFILE_B, pub_b,
					  sizeof(pub_b)) == SUCI_B_PUB_LEN,
		   "hn_keys_public");
	return 0;
}

/* Conceals input under scheme (1 or 2) with the fixed ephemeral key. */
static int conceal(int scheme, const uint8_t *in, size_t len, uint8_t *out, size_t cap)
{
	return scheme == SUCI_SCHEME_PROFILE_A
		       ? suci_conceal(SUCI_SCHEME_PROFILE_A, pub_a, sizeof(pub_a), eph_a, in, len,
				      out, cap)
		       : suci_conceal(SUCI_SCHEME_PROFILE_B, pub_b, sizeof(pub_b), eph_b, in, len,
				      out, cap);
}

/* "suci-0-MCC-MNC-0000-SCHEME-KID-HEX" for a scheme output. */
static void suci_string(char *s, size_t cap, const char *mcc, const char *mnc, int scheme, int kid,
			const uint8_t *out, size_t n)
{
	int w = snprintf(s, cap, "suci-0-%s-%s-0000-%d-%d-", mcc, mnc, scheme, kid);
	FUZZ_CHECK(w > 0 && (size_t)w + 2 * n < cap, "SUCI string buffer");
	hex_encode(s + w, out, n);
}

/* The SUPI conceals again under each scheme and converts back to itself. */
static void resuci(const char *supi, size_t mnc_len)
{
	char mcc[4], mnc[4], msin[16], s[700];
	const char *d = supi + 5;
	memcpy(mcc, d, 3);
	mcc[3] = 0;
	memcpy(mnc, d + 3, mnc_len);
	mnc[mnc_len] = 0;
	snprintf(msin, sizeof(msin), "%s", d + 3 + mnc_len);
	char back[64];
	/* null scheme: the MSIN itself (TS 23.003 2.2B) */
	snprintf(s, sizeof(s), "suci-0-%s-%s-0000-0-0-%s", mcc, mnc, msin);
	int rc = suci_str_to_supi(ring, s, back, sizeof(back));
	FUZZ_CHECK(rc > 0 && strcmp(back, supi) == 0, "%s -> %s (%d), not %s", s, back, rc, supi);
	uint8_t bcd[16], out[128];
	int bl = suci_msin_to_bcd(msin, bcd, sizeof(bcd));
	FUZZ_CHECK(bl > 0, "MSIN %s to BCD: %d", msin, bl);
	for (int scheme = 1; scheme <= 2; scheme++) {
		int n = conceal(scheme, bcd, (size_t)bl, out, sizeof(out));
		FUZZ_CHECK(n > 0, "conceal: %d", n);
		suci_string(s, sizeof(s), mcc, mnc, scheme, SHARED_KID, out, (size_t)n);
		rc = suci_str_to_supi(ring, s, back, sizeof(back));
		FUZZ_CHECK(rc > 0 && strcmp(back, supi) == 0, "%s -> %s (%d), not %s", s, back, rc,
			   supi);
	}
}

static void run_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), supi[64], small[8];
	FUZZ_CHECK(s != NULL, "out of memory");
	memcpy(s, data, size);
	s[size] = 0;
	int rc = suci_str_to_supi(ring, s, supi, sizeof(supi));
	int rc2 = suci_str_to_supi(ring, s, small, sizeof(small));
	if (rc > 0) {
		FUZZ_CHECK((size_t)rc == strlen(supi), "length %d for %s", rc, supi);
		FUZZ_CHECK(strncmp(supi, "imsi-", 5) == 0 && rc <= 5 + 15, "SUPI %s", supi);
		for (const char *c = supi + 5; *c; c++)
			FUZZ_CHECK(*c >= '0' && *c <= '9', "SUPI %s", supi);
		FUZZ_CHECK(rc2 == -E_NOSPC, "small buffer: %d", rc2);
		/* the MNC length as the SuciString gave it: 2nd field after "suci-0-" */
		const char *mnc = s + 11;
		size_t mnc_len = strcspn(mnc, "-");
		FUZZ_CHECK(mnc_len == 2 || mnc_len == 3, "MNC in %s", s);
		resuci(supi, mnc_len);
	} else {
		FUZZ_CHECK(rc2 == rc || rc2 == -E_NOSPC, "small buffer changed %d into %d", rc,
			   rc2);
	}
	free(s);
}

static void run_deconceal(const uint8_t *data, size_t size)
{
	if (size < 2)
		return;
	enum suci_scheme scheme = (enum suci_scheme)(data[0] % 4);
	uint8_t kid = data[1], out[64], again[64], plain[64];
	int n = suci_deconceal(ring, scheme, kid, data + 2, size - 2, plain, sizeof(plain));
	int small = suci_deconceal(ring, scheme, kid, data + 2, size - 2, out, 4);
	if (n < 0) {
		FUZZ_CHECK(small == n || small == -E_NOSPC, "cap changed %d into %d", n, small);
		return;
	}
	FUZZ_CHECK((size_t)n <= size - 2, "plaintext longer than the scheme output");
	if (scheme == SUCI_SCHEME_NULL || n == 0)
		return;
	int m = conceal(scheme, plain, (size_t)n, out, sizeof(out));
	FUZZ_CHECK(m == (int)size - 2, "re-concealed to %d octets, not %zu", m, size - 2);
	int k = suci_deconceal(ring, scheme, SHARED_KID, out, (size_t)m, again, sizeof(again));
	FUZZ_CHECK(k == n && memcmp(again, plain, (size_t)n) == 0, "de-conceal(conceal(x))");
}

static void run_chosen(const uint8_t *data, size_t size)
{
	if (size < 2 || size - 1 > 16)
		return;
	int scheme = data[0] & 1 ? SUCI_SCHEME_PROFILE_B : SUCI_SCHEME_PROFILE_A;
	const uint8_t *in = data + 1;
	size_t n = size - 1;
	uint8_t out[64];
	int m = conceal(scheme, in, n, out, sizeof(out));
	FUZZ_CHECK(m > 0, "conceal: %d", m);
	char s[300], supi[64], msin[40];
	suci_string(s, sizeof(s), "001", data[0] & 2 ? "001" : "01", scheme,
		    scheme == SUCI_SCHEME_PROFILE_A ? KID_A : KID_B, out, (size_t)m);
	int rc = suci_str_to_supi(ring, s, supi, sizeof(supi));
	int dl = suci_msin_from_bcd(in, n, msin, sizeof(msin));
	if (rc > 0) {
		FUZZ_CHECK(dl > 0 && strcmp(supi + 5 + 3 + (data[0] & 2 ? 3 : 2), msin) == 0,
			   "SUPI %s from MSIN %s", supi, dl > 0 ? msin : "(invalid)");
	} else {
		/* rejected: the BCD is bad, or the IMSI would exceed 15 digits */
		FUZZ_CHECK(dl < 0 || 3 + (data[0] & 2 ? 3 : 2) + dl > 15,
			   "valid MSIN %s rejected: %d", msin, rc);
	}
}

static void run_bcd(const uint8_t *data, size_t size)
{
	char msin[40], tiny[4];
	uint8_t back[20];
	int n = suci_msin_from_bcd(data, size, msin, sizeof(msin));
	int t = suci_msin_from_bcd(data, size, tiny, sizeof(tiny));
	if (n < 0) {
		FUZZ_CHECK(t < 0, "small buffer accepted what a large one did not");
		return;
	}
	FUZZ_CHECK((size_t)n == strlen(msin), "length %d for %s", n, msin);
	FUZZ_CHECK(t == n || t == -E_NOSPC, "small buffer: %d", t);
	/* to_bcd takes MSINs of at most 10 digits (15 - MCC - a 2-digit MNC);
	 * from_bcd decodes up to 16, the SUPI length is checked by its caller */
	int b = suci_msin_to_bcd(msin, back, sizeof(back));
	if (n > 10) {
		FUZZ_CHECK(b == -E_INVAL, "to_bcd of %d digits: %d", n, b);
		return;
	}
	FUZZ_CHECK(b == (int)size && memcmp(back, data, size) == 0, "to_bcd(from_bcd(x)) for %s",
		   msin);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 2048)
		return 0;
	switch (data[0]) {
	case 'd': run_deconceal(data + 1, size - 1); break;
	case 'c': run_chosen(data + 1, size - 1); break;
	case 'b': run_bcd(data + 1, size - 1); break;
	default: run_string(data + 1, size - 1);
	}
	return 0;
}
