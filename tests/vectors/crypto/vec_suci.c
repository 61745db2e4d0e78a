/* suci vectors (TS 33.501 C.4) with truncation, bit-flip, key-id checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/crypto/suci.h"
#include "vec_handlers.h"

#define KEY_ID 7

static void imsi_checks(const struct vec *v, const struct hn_keys *ks, int scheme,
			const uint8_t *input, size_t in_len, const uint8_t *output, size_t out_len)
{
	const char *msin = vec_opt(v, "msin");
	if (!msin)
		return;
	const char *mcc = vec_str(v, "mcc"), *mnc = vec_str(v, "mnc");
	uint8_t bcd[8];
	char digits[16], suci[512], supi[32], want[32];
	if (!mcc || !mnc)
		return;
	VCHECK(v, suci_msin_to_bcd(msin, bcd, sizeof(bcd)) == (int)in_len);
	VCHECK(v, memcmp(bcd, input, in_len) == 0);
	VCHECK(v, suci_msin_from_bcd(input, in_len, digits, sizeof(digits)) == (int)strlen(msin));
	VCHECK(v, strcmp(digits, msin) == 0);

	/* the SUCI string a UDM receives (TS 29.503 SuciString) */
	int n = snprintf(suci, sizeof(suci), "suci-0-%s-%s-0000-%d-%d-", mcc, mnc, scheme,
			 scheme ? KEY_ID : 0);
	if (scheme == 0) {
		n += snprintf(suci + n, sizeof(suci) - (size_t)n, "%s", msin);
	} else {
		for (size_t i = 0; i < out_len; i++)
			n += snprintf(suci + n, sizeof(suci) - (size_t)n, "%02x", output[i]);
	}
	snprintf(want, sizeof(want), "imsi-%s%s%s", mcc, mnc, msin);
	VCHECK(v, suci_str_to_supi(ks, suci, supi, sizeof(supi)) == (int)strlen(want));
	VCHECK(v, strcmp(supi, want) == 0);
	VCHECK(v, suci_str_to_supi(ks, suci, supi, 8) == -E_NOSPC);
	if (scheme) {
		/* a truncated string, a changed tag, a wrong key id */
		char bad[512];
		snprintf(bad, sizeof(bad), "%.*s", (int)strlen(suci) - 2, suci);
		VCHECK(v, suci_str_to_supi(ks, bad, supi, sizeof(supi)) == -E_MAC);
		snprintf(bad, sizeof(bad), "%s", suci);
		bad[strlen(bad) - 1] = bad[strlen(bad) - 1] == '0' ? '1' : '0';
		VCHECK(v, suci_str_to_supi(ks, bad, supi, sizeof(supi)) == -E_MAC);
		snprintf(bad, sizeof(bad), "suci-0-%s-%s-0000-%d-%d-%s", mcc, mnc, scheme,
			 KEY_ID + 1, strrchr(suci, '-') + 1);
		VCHECK(v, suci_str_to_supi(ks, bad, supi, sizeof(supi)) == -E_NOTFOUND);
		snprintf(bad, sizeof(bad), "suci-0-%s-%s-0000-%d-%d-", mcc, mnc, scheme, KEY_ID);
		VCHECK(v, suci_str_to_supi(ks, bad, supi, sizeof(supi)) == -E_INVAL);
	}
}

void run_suci(const struct vec *v)
{
	size_t in_len = 0, out_len = 0;
	uint8_t *input = vec_hex(v, "input", &in_len), *output = vec_hex(v, "output", &out_len);
	int scheme = (int)vec_num(v, "scheme");
	uint8_t buf[512], priv[32], eph[32], pub[65];
	struct hn_keys *ks = hn_keys_new();
	if (!input || !output || !ks || in_len > 256 || out_len > 256) {
		vec_errors++;
		goto done;
	}
	if (scheme == 0) {
		VCHECK(v, suci_conceal(0, NULL, 0, NULL, input, in_len, buf, sizeof(buf)) ==
				  (int)out_len);
		VCHECK(v, memcmp(buf, output, out_len) == 0);
		VCHECK(v,
		       suci_deconceal(ks, 0, 0, output, out_len, buf, sizeof(buf)) == (int)in_len);
		VCHECK(v, memcmp(buf, input, in_len) == 0);
		imsi_checks(v, ks, scheme, input, in_len, output, out_len);
		goto done;
	}
	size_t pub_len = scheme == 1 ? SUCI_A_PUB_LEN : SUCI_B_PUB_LEN;
	if (vec_hex_n(v, "hn_priv", priv, 32) || vec_hex_n(v, "hn_pub", pub, pub_len) ||
	    vec_hex_n(v, "eph_priv", eph, 32))
		goto done;

	/* home network key and its public half */
	VCHECK(v, hn_keys_add(ks, KEY_ID, (enum suci_scheme)scheme, priv, 32) == 0);
	VCHECK(v, hn_keys_add(ks, KEY_ID, (enum suci_scheme)scheme, priv, 32) == -E_EXIST);
	VCHECK(v, hn_keys_public(ks, KEY_ID, (enum suci_scheme)scheme, buf, sizeof(buf)) ==
			  (int)pub_len);
	VCHECK(v, memcmp(buf, pub, pub_len) == 0);

	/* de-concealment of the published output */
	memset(buf, 0, sizeof(buf));
	VCHECK(v, suci_deconceal(ks, (enum suci_scheme)scheme, KEY_ID, output, out_len, buf,
				 sizeof(buf)) == (int)in_len);
	VCHECK(v, memcmp(buf, input, in_len) == 0);
	VCHECK(v, suci_deconceal(ks, (enum suci_scheme)scheme, KEY_ID, output, out_len, buf,
				 in_len - 1) == -E_NOSPC);

	/* concealment with the published ephemeral key gives the published output */
	memset(buf, 0, sizeof(buf));
	VCHECK(v, suci_conceal((enum suci_scheme)scheme, pub, pub_len, eph, input, in_len, buf,
			       sizeof(buf)) == (int)out_len);
	VCHECK(v, memcmp(buf, output, out_len) == 0);
	if (vec_opt(v, "hn_pub_uncompressed")) {
		uint8_t un[65];
		if (vec_hex_n(v, "hn_pub_uncompressed", un, 65) == 0) {
			VCHECK(v, suci_conceal((enum suci_scheme)scheme, un, 65, eph, input, in_len,
					       buf, sizeof(buf)) == (int)out_len);
			VCHECK(v, memcmp(buf, output, out_len) == 0);
		}
	}

	/* a fresh random ephemeral key round-trips, and differs each time */
	uint8_t a[512], b[512];
	int la = suci_conceal((enum suci_scheme)scheme, pub, pub_len, NULL, input, in_len, a,
			      sizeof(a));
	int lb = suci_conceal((enum suci_scheme)scheme, pub, pub_len, NULL, input, in_len, b,
			      sizeof(b));
	VCHECK(v, la == (int)out_len && lb == (int)out_len);
	if (la == (int)out_len && lb == (int)out_len) {
		VCHECK(v, memcmp(a, b, pub_len) != 0);
		VCHECK(v, suci_deconceal(ks, (enum suci_scheme)scheme, KEY_ID, a, (size_t)la, buf,
					 sizeof(buf)) == (int)in_len);
		VCHECK(v, memcmp(buf, input, in_len) == 0);
	}

	/* every truncation fails cleanly: too short for the scheme, or MAC */
	int bad_trunc = 0;
	for (size_t n = 0; n < out_len; n++) {
		int rc = suci_deconceal(ks, (enum suci_scheme)scheme, KEY_ID, output, n, buf,
					sizeof(buf));
		int want = n <= pub_len + SUCI_MAC_LEN ? -E_SHORT : -E_MAC;
		if (rc != want) {
			fprintf(stderr, "  truncated to %zu: %d, expected %d\n", n, rc, want);
			bad_trunc++;
		}
	}
	VCHECK(v, bad_trunc == 0);

	/* every flipped bit is rejected and nothing is written out */
	int accepted = 0, wrote = 0;
	for (size_t bit = 0; bit < out_len * 8; bit++) {
		uint8_t t[512];
		memcpy(t, output, out_len);
		t[bit / 8] ^= (uint8_t)(0x80 >> (bit % 8));
		memset(buf, 0xa5, in_len);
		int rc = suci_deconceal(ks, (enum suci_scheme)scheme, KEY_ID, t, out_len, buf,
					sizeof(buf));
		if (rc >= 0 || (rc != -E_MAC && rc != -E_INVAL))
			accepted++;
		for (size_t i = 0; i < in_len; i++)
			wrote += buf[i] != 0xa5;
	}
	VCHECK(v, accepted == 0);
	VCHECK(v, wrote == 0);

	/* wrong key id, wrong scheme, unknown scheme */
	VCHECK(v, suci_deconceal(ks, (enum suci_scheme)scheme, KEY_ID + 1, output, out_len, buf,
				 sizeof(buf)) == -E_NOTFOUND);
	VCHECK(v, suci_deconceal(ks, (enum suci_scheme)(3 - scheme), KEY_ID, output, out_len, buf,
				 sizeof(buf)) == -E_NOTFOUND);
	VCHECK(v, suci_deconceal(ks, (enum suci_scheme)3, KEY_ID, output, out_len, buf,
				 sizeof(buf)) == -E_UNSUPP);
	VCHECK(v, hn_keys_public(ks, KEY_ID + 1, (enum suci_scheme)scheme, buf, sizeof(buf)) ==
			  -E_NOTFOUND);

	imsi_checks(v, ks, scheme, input, in_len, output, out_len);
done:
	hn_keys_free(ks);
	free(input);
	free(output);
}
