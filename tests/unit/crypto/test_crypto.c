/* Unit tests of lib/crypto beyond the published vectors: key files, argument
 * checking, per-thread contexts, the 32-bit CTR counter, identity helpers.
 * argv[1] is the directory of the test keys (keys/README.md). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/core/ids.h"
#include "lib/crypto/aka.h"
#include "lib/crypto/crypto_tls.h"
#include "lib/crypto/ct.h"
#include "lib/crypto/kdf.h"
#include "lib/crypto/milenage.h"
#include "lib/crypto/nas_alg_ext.h"
#include "lib/crypto/suci.h"
#include "tests/unit/t.h"

static const char *keydir = ".";

static const char *kpath(const char *name)
{
	static char p[4096];
	snprintf(p, sizeof(p), "%s/%s", keydir, name);
	return p;
}

static const char A_PUB[] = "5a8d38864820197c3394b92613b20b91633cbd897119273bf8e4a6f4eec0a650";
static const char B_PUB[] = "0272da71976234ce833a6907425867b82e074d44ef907dfb4b3e21c1c2256ebcd1";
/* TS 33.501 C.4.3.1 / C.4.4.1 scheme outputs for MSIN 001002086 */
static const char A_OUT[] = "b2e92f836055a255837debf850b528997ce0201cb82adfe4be1f587d07d8457d"
			    "cb02352410cddd9e730ef3fa87";
static const char B_OUT[] = "039aab8376597021e855679a9778ea0b67396e68c66df32c0f41e9acca2da9b9d1"
			    "46a33fc2716ac7dae96aa30a4d";

static void check_key(struct hn_keys *ks, uint8_t id, enum suci_scheme s, const char *pub_hex,
		      const char *out_hex)
{
	uint8_t want[33], got[65], out[64], plain[16];
	int wl = t_unhex(want, sizeof(want), pub_hex);
	CHECK_EQ(hn_keys_public(ks, id, s, got, sizeof(got)), wl);
	CHECK_MEM(got, want, (size_t)wl);
	int ol = t_unhex(out, sizeof(out), out_hex);
	CHECK_EQ(suci_deconceal(ks, s, id, out, (size_t)ol, plain, sizeof(plain)), 5);
	CHECK_MEM(plain, "\x00\x01\x20\x80\xf6", 5);
}

static void hn_keys_load_pem_and_hex_files_for_both_profiles(void)
{
	struct hn_keys *ks = hn_keys_new();
	CHECK(ks != NULL);
	CHECK_EQ(hn_keys_load_file(ks, 1, SUCI_SCHEME_PROFILE_A, kpath("hn-a.pem")), 0);
	CHECK_EQ(hn_keys_load_file(ks, 2, SUCI_SCHEME_PROFILE_A, kpath("hn-a.hex")), 0);
	CHECK_EQ(hn_keys_load_file(ks, 1, SUCI_SCHEME_PROFILE_B, kpath("hn-b-sec1.pem")), 0);
	CHECK_EQ(hn_keys_load_file(ks, 2, SUCI_SCHEME_PROFILE_B, kpath("hn-b-pkcs8.pem")), 0);
	CHECK_EQ(hn_keys_load_file(ks, 3, SUCI_SCHEME_PROFILE_B, kpath("hn-b.hex")), 0);
	check_key(ks, 1, SUCI_SCHEME_PROFILE_A, A_PUB, A_OUT);
	check_key(ks, 2, SUCI_SCHEME_PROFILE_A, A_PUB, A_OUT);
	check_key(ks, 1, SUCI_SCHEME_PROFILE_B, B_PUB, B_OUT);
	check_key(ks, 2, SUCI_SCHEME_PROFILE_B, B_PUB, B_OUT);
	check_key(ks, 3, SUCI_SCHEME_PROFILE_B, B_PUB, B_OUT);
	/* the same identifier twice for one scheme */
	CHECK_EQ(hn_keys_load_file(ks, 1, SUCI_SCHEME_PROFILE_A, kpath("hn-a.hex")), -E_EXIST);
	hn_keys_free(ks);
}

static void hn_keys_refuse_malformed_and_mistyped_key_files(void)
{
	struct hn_keys *ks = hn_keys_new();
	CHECK_EQ(hn_keys_load_file(ks, 1, SUCI_SCHEME_PROFILE_A, kpath("short.hex")), -E_INVAL);
	CHECK_EQ(hn_keys_load_file(ks, 1, SUCI_SCHEME_PROFILE_A, kpath("long.hex")), -E_INVAL);
	CHECK_EQ(hn_keys_load_file(ks, 1, SUCI_SCHEME_PROFILE_A, kpath("nothex.hex")), -E_INVAL);
	CHECK_EQ(hn_keys_load_file(ks, 1, SUCI_SCHEME_PROFILE_B, kpath("b-order.hex")), -E_INVAL);
	CHECK_EQ(hn_keys_load_file(ks, 1, SUCI_SCHEME_PROFILE_A, kpath("wrong-ed25519.pem")),
		 -E_INVAL);
	CHECK_EQ(hn_keys_load_file(ks, 1, SUCI_SCHEME_PROFILE_B, kpath("wrong-p384.pem")),
		 -E_INVAL);
	/* a profile B key offered for profile A and the other way round */
	CHECK_EQ(hn_keys_load_file(ks, 1, SUCI_SCHEME_PROFILE_A, kpath("hn-b-sec1.pem")), -E_INVAL);
	CHECK_EQ(hn_keys_load_file(ks, 1, SUCI_SCHEME_PROFILE_B, kpath("hn-a.pem")), -E_INVAL);
	CHECK_EQ(hn_keys_load_file(ks, 1, SUCI_SCHEME_PROFILE_A, kpath("no-such-file")), -E_IO);
	CHECK_EQ(hn_keys_load_file(ks, 1, SUCI_SCHEME_NULL, kpath("hn-a.hex")), -E_UNSUPP);
	uint8_t zero[32] = { 0 };
	CHECK_EQ(hn_keys_add(ks, 1, SUCI_SCHEME_PROFILE_B, zero, 32), -E_INVAL);
	CHECK_EQ(hn_keys_add(ks, 1, SUCI_SCHEME_PROFILE_A, zero, 31), -E_INVAL);
	/* nothing half-loaded */
	uint8_t pub[65];
	CHECK_EQ(hn_keys_public(ks, 1, SUCI_SCHEME_PROFILE_A, pub, sizeof(pub)), -E_NOTFOUND);
	CHECK_EQ(hn_keys_public(ks, 1, SUCI_SCHEME_PROFILE_B, pub, sizeof(pub)), -E_NOTFOUND);
	hn_keys_free(ks);
}

static void hn_key_list_loads_every_line_and_names_the_bad_one(void)
{
	struct hn_keys *ks = hn_keys_new();
	int line = -1;
	CHECK_EQ(hn_keys_load_list(ks, kpath("keys.list"), &line), 5);
	CHECK_EQ(line, 0);
	check_key(ks, 2, SUCI_SCHEME_PROFILE_A, A_PUB, A_OUT);
	check_key(ks, 3, SUCI_SCHEME_PROFILE_B, B_PUB, B_OUT);
	hn_keys_free(ks);

	ks = hn_keys_new();
	CHECK_EQ(hn_keys_load_list(ks, kpath("bad.list"), &line), -E_INVAL);
	CHECK_EQ(line, 4);
	CHECK_EQ(hn_keys_load_list(ks, kpath("missing.list"), &line), -E_IO);
	hn_keys_free(ks);
}

static void hn_key_ring_refuses_more_than_it_holds(void)
{
	struct hn_keys *ks = hn_keys_new();
	uint8_t priv[32];
	int rc = 0;
	memset(priv, 0x42, sizeof(priv));
	for (int i = 0; i < HN_KEYS_MAX && rc == 0; i++)
		rc = hn_keys_add(ks, (uint8_t)i, SUCI_SCHEME_PROFILE_A, priv, 32);
	CHECK_EQ(rc, 0);
	CHECK_EQ(hn_keys_add(ks, 200, SUCI_SCHEME_PROFILE_A, priv, 32), -E_NOSPC);
	hn_keys_free(ks);
	hn_keys_free(NULL);
}

static void suci_conceal_refuses_bad_keys_and_buffers(void)
{
	uint8_t pub[65], in[5] = { 0, 1, 0x20, 0x80, 0xf6 }, out[128];
	t_unhex(pub, sizeof(pub), B_PUB);
	/* x = 0x72da..d1 + 1 is not on the curve with either y */
	uint8_t bad[33];
	memcpy(bad, pub, 33);
	bad[32] ^= 0x01;
	int rc = suci_conceal(SUCI_SCHEME_PROFILE_B, bad, 33, NULL, in, 5, out, sizeof(out));
	CHECK(rc == -E_INVAL || rc > 0); /* some neighbours are valid x; none may crash */
	CHECK_EQ(suci_conceal(SUCI_SCHEME_PROFILE_B, pub, 32, NULL, in, 5, out, sizeof(out)),
		 -E_INVAL);
	pub[0] = 0x05;
	CHECK_EQ(suci_conceal(SUCI_SCHEME_PROFILE_B, pub, 33, NULL, in, 5, out, sizeof(out)),
		 -E_INVAL);
	t_unhex(pub, sizeof(pub), B_PUB);
	CHECK_EQ(suci_conceal(SUCI_SCHEME_PROFILE_B, pub, 33, NULL, in, 0, out, sizeof(out)),
		 -E_INVAL);
	CHECK_EQ(
		suci_conceal(SUCI_SCHEME_PROFILE_B, pub, 33, NULL, in, 5, out, SUCI_OVERHEAD_B + 4),
		-E_NOSPC);
	CHECK_EQ(suci_conceal((enum suci_scheme)7, pub, 33, NULL, in, 5, out, sizeof(out)),
		 -E_UNSUPP);
	/* a zero P-256 scalar as the ephemeral key */
	uint8_t zero[32] = { 0 };
	CHECK_EQ(suci_conceal(SUCI_SCHEME_PROFILE_B, pub, 33, zero, in, 5, out, sizeof(out)),
		 -E_INVAL);
	/* an X25519 low-order point as home network key gives an all-zero secret */
	uint8_t lo[32] = { 0 };
	CHECK_EQ(suci_conceal(SUCI_SCHEME_PROFILE_A, lo, 32, NULL, in, 5, out, sizeof(out)),
		 -E_INVAL);
}

static void suci_deconceal_refuses_uncompressed_and_invalid_points(void)
{
	struct hn_keys *ks = hn_keys_new();
	uint8_t out[64], plain[16];
	CHECK_EQ(hn_keys_load_file(ks, 1, SUCI_SCHEME_PROFILE_B, kpath("hn-b.hex")), 0);
	int n = t_unhex(out, sizeof(out), B_OUT);
	out[0] = 0x04;
	CHECK_EQ(suci_deconceal(ks, SUCI_SCHEME_PROFILE_B, 1, out, (size_t)n, plain, sizeof(plain)),
		 -E_INVAL);
	memset(out + 1, 0xff, 32); /* x >= p */
	out[0] = 0x02;
	CHECK_EQ(suci_deconceal(ks, SUCI_SCHEME_PROFILE_B, 1, out, (size_t)n, plain, sizeof(plain)),
		 -E_INVAL);
	CHECK_EQ(suci_deconceal(NULL, SUCI_SCHEME_PROFILE_B, 1, out, (size_t)n, plain,
				sizeof(plain)),
		 -E_NOTFOUND);
	hn_keys_free(ks);
}

static void suci_strings_that_are_malformed_are_refused(void)
{
	static const char *bad[] = {
		"",
		"suci",
		"suci-",
		"imsi-001010000000001",
		"suci-0",
		"suci-0-001-01-0000-0-0-",
		"suci-0-001-01-0000-0-0-12a4",
		"suci-0-001-01-0000-0-1-0000000001",
		"suci-0-01-01-0000-0-0-0000000001",
		"suci-0-001-1-0000-0-0-0000000001",
		"suci-0-001-01-00000-0-0-0000000001",
		"suci-0-001-01-0000-0-0-00000000011",
		"suci-0-001-01-0000-1-256-00",
		"suci-0-001-01-0000-1-1-0",
		"suci-0-001-01-0000-1-1-zz",
		"suci-0-001-01-0000-12-1-00",
		"suci-0-001-01-0000-1-x-00",
		"suci-0-001-01--1-1-00",
		"suci-0-0a1-01-0000-0-0-0000000001",
	};
	char supi[64];
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = suci_str_to_supi(NULL, bad[i], supi, sizeof(supi));
		if (rc >= 0)
			fprintf(stderr, "accepted: %s\n", bad[i]);
		CHECK(rc < 0);
	}
	CHECK_EQ(suci_str_to_supi(NULL, "suci-1-example.com-0-0-0-user", supi, sizeof(supi)),
		 -E_UNSUPP);
	CHECK_EQ(suci_str_to_supi(NULL, "suci-0-001-01-0000-0-0-0000000001", supi, sizeof(supi)),
		 20);
	CHECK_STR(supi, "imsi-001010000000001");
	CHECK_EQ(suci_str_to_supi(NULL, "suci-0-310-410-12-0-0-123456789", supi, sizeof(supi)), 20);
	CHECK_STR(supi, "imsi-310410123456789");
}

static void msin_bcd_round_trips_and_rejects_bad_nibbles(void)
{
	uint8_t b[8];
	char d[24];
	CHECK_EQ(suci_msin_to_bcd("0123456789", b, sizeof(b)), 5);
	CHECK_MEM(b, "\x10\x32\x54\x76\x98", 5);
	CHECK_EQ(suci_msin_from_bcd(b, 5, d, sizeof(d)), 10);
	CHECK_STR(d, "0123456789");
	CHECK_EQ(suci_msin_to_bcd("123", b, sizeof(b)), 2);
	CHECK_MEM(b, "\x21\xf3", 2);
	CHECK_EQ(suci_msin_to_bcd("12a", b, sizeof(b)), -E_INVAL);
	CHECK_EQ(suci_msin_to_bcd("", b, sizeof(b)), -E_INVAL);
	CHECK_EQ(suci_msin_to_bcd("12345678901", b, sizeof(b)), -E_INVAL);
	CHECK_EQ(suci_msin_to_bcd("1234", b, 1), -E_NOSPC);
	CHECK_EQ(suci_msin_from_bcd((const uint8_t *)"\x1a", 1, d, sizeof(d)), -E_INVAL);
	CHECK_EQ(suci_msin_from_bcd((const uint8_t *)"\xf1\x32", 2, d, sizeof(d)), -E_INVAL);
	CHECK_EQ(suci_msin_from_bcd((const uint8_t *)"\x21\x43", 2, d, 3), -E_NOSPC);
}

static void nas_alg_rejects_bad_arguments_without_touching_buffers(void)
{
	uint8_t key[16] = { 1 }, m[64], mac[4] = { 9, 9, 9, 9 }, buf[64];
	memset(m, 0x5a, sizeof(m));
	memcpy(buf, m, sizeof(buf));
	CHECK_EQ(nia_mac((enum nas_alg)4, key, 0, 0, 0, m, 8, mac), -E_INVAL);
	CHECK_EQ(nia_mac(NAS_ALG_2, key, 0, 32, 0, m, 8, mac), -E_INVAL);
	CHECK_EQ(nia_mac(NAS_ALG_2, key, 0, 0, 2, m, 8, mac), -E_INVAL);
	CHECK_EQ(nia_mac(NAS_ALG_2, key, 0, 0, 0, NULL, 8, mac), -E_INVAL);
	CHECK_MEM(mac, "\x09\x09\x09\x09", 4);
	CHECK_EQ(nea_crypt((enum nas_alg)9, key, 0, 0, 0, buf, 8), -E_INVAL);
	CHECK_EQ(nea_crypt(NAS_ALG_1, key, 0, 31, 3, buf, 8), -E_INVAL);
	CHECK_MEM(buf, m, sizeof(buf));
	/* SNOW 3G and ZUC need at least one bit; AES-CMAC takes an empty message */
	CHECK_EQ(nia_mac(NAS_ALG_1, key, 0, 0, 0, m, 0, mac), -E_INVAL);
	CHECK_EQ(nia_mac(NAS_ALG_3, key, 0, 0, 0, m, 0, mac), -E_INVAL);
	CHECK_EQ(nia_mac(NAS_ALG_2, key, 0, 0, 0, NULL, 0, mac), 0);
	CHECK_EQ(nea_crypt(NAS_ALG_3, key, 0, 0, 0, NULL, 0), 0);
	/* ZUC's length limit */
	static uint8_t big[NAS_ALG3_MAX_BYTES + 1];
	CHECK_EQ(nia_mac(NAS_ALG_3, key, 0, 0, 0, big, sizeof(big), mac), -E_INVAL);
	CHECK_EQ(nea_crypt(NAS_ALG_3, key, 0, 0, 0, big, sizeof(big)), -E_INVAL);
	CHECK_EQ(nia_mac(NAS_ALG_3, key, 0, 0, 0, big, sizeof(big) - 1, mac), 0);
	CHECK_EQ(nea_crypt(NAS_ALG_3, key, 0, 0, 0, big, sizeof(big) - 1), 0);
}

/* deterministic filler */
static uint32_t rnd_state = 12345;
static uint8_t rnd8(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (uint8_t)(rnd_state >> 16);
}

static void nia2_bit_cmac_agrees_with_openssl_on_whole_bytes(void)
{
	uint8_t key[16], m[300], a[4], b[4];
	int differ = 0;
	for (int len = 0; len <= 260; len += 1 + len / 16) {
		for (size_t i = 0; i < sizeof(key); i++)
			key[i] = rnd8();
		for (int i = 0; i < len; i++)
			m[i] = rnd8();
		uint32_t count = (uint32_t)rnd8() << 24 | rnd8();
		CHECK_EQ(nia_mac(NAS_ALG_2, key, count, 3, 1, m, (size_t)len, a), 0);
		CHECK_EQ(nia2_mac_bits_own(key, count, 3, 1, m, (uint64_t)len * 8, b), 0);
		differ += memcmp(a, b, 4) != 0;
	}
	CHECK_EQ(differ, 0);
}

static void nea_bit_api_keeps_bits_past_length(void)
{
	uint8_t key[16] = { 7 }, buf[8], orig[8];
	for (int alg = 1; alg <= 3; alg++) {
		memset(buf, 0xff, sizeof(buf));
		memcpy(orig, buf, sizeof(buf));
		CHECK_EQ(nea_crypt_bits((enum nas_alg)alg, key, 1, 2, 0, buf, 61), 0);
		CHECK_EQ(buf[7] & 0x07, 0x07); /* the 3 bits after bit 61 */
		CHECK(memcmp(buf, orig, 7) != 0);
	}
}

/* The SIMD code of the libraries is not instrumented by ASan: guard bytes
 * catch a write past the message (libipsec-mb's bit-length SNOW 3G F8 does). */
static void nea_never_writes_past_the_message(void)
{
	static const size_t lens[] = { 1,  2,  3,  7,	8,   15,  16,  17,  31,	 32,   33,
				       63, 64, 65, 100, 127, 128, 129, 255, 256, 1500, 9000 };
	uint8_t key[16] = { 0x2b, 0xd6 };
	int overruns = 0;
	for (int alg = 1; alg <= 3; alg++)
		for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
			for (unsigned r = 0; r < 8; r += 3) {
				size_t len = lens[i];
				uint64_t nbits = (uint64_t)len * 8 - r;
				uint8_t *b = malloc(len + 64);
				memset(b, 0x5c, len + 64);
				if (nea_crypt_bits((enum nas_alg)alg, key, 9, 3, 1, b, nbits) < 0)
					overruns += 1000;
				for (size_t j = len; j < len + 64; j++)
					overruns += b[j] != 0x5c;
				free(b);
			}
	CHECK_EQ(overruns, 0);
}

static void aes_ctr32_wraps_only_the_low_32_bits(void)
{
	uint8_t key[16], icb[16], in[48] = { 0 }, out[48], blk[16], ks[16];
	for (int i = 0; i < 16; i++)
		key[i] = (uint8_t)i;
	memset(icb, 0xab, 12);
	memset(icb + 12, 0xff, 4); /* low 32 bits all ones: the 2nd block wraps */
	CHECK_EQ(crypto_aes128_ctr32(key, icb, in, out, sizeof(in)), 0);
	/* block 0: E(icb); block 1: E(upper96 || 0); block 2: E(upper96 || 1) */
	for (int b = 0; b < 3; b++) {
		memcpy(blk, icb, 12);
		uint32_t c = b == 0 ? 0xffffffffu : (uint32_t)(b - 1);
		blk[12] = (uint8_t)(c >> 24);
		blk[13] = (uint8_t)(c >> 16);
		blk[14] = (uint8_t)(c >> 8);
		blk[15] = (uint8_t)c;
		CHECK_EQ(crypto_aes128_ecb(key, blk, ks, 1), 0);
		CHECK_MEM(out + 16 * b, ks, 16);
	}
}

static void x963_kdf_from_openssl_matches_the_sec1_definition(void)
{
	uint8_t z[32], info[33], a[100], b[100];
	for (int i = 0; i < 32; i++)
		z[i] = rnd8();
	for (int i = 0; i < 33; i++)
		info[i] = rnd8();
	for (size_t n = 1; n <= sizeof(a); n += 33) {
		CHECK_EQ(crypto_x963_kdf(z, 32, info, 33, a, n), 0);
		CHECK_EQ(crypto_x963_kdf_plain(z, 32, info, 33, b, n), 0);
		CHECK_MEM(a, b, n);
	}
}

struct worker {
	uint8_t key[16]; /* this thread's key */
	uint8_t want[4]; /* MAC computed beforehand on the main thread */
	uint8_t ct[64]; /* NEA2 ciphertext computed beforehand */
	int bad; /* mismatches seen */
};

static uint8_t shared_msg[64];

static void *worker_run(void *arg)
{
	struct worker *w = arg;
	for (int i = 0; i < 2000; i++) {
		uint8_t mac[4], buf[64];
		enum nas_alg alg = (enum nas_alg)(1 + i % 3);
		if (nia_mac(alg, w->key, 5, 1, 0, shared_msg, sizeof(shared_msg), mac) < 0)
			w->bad++;
		if (alg == NAS_ALG_2 && memcmp(mac, w->want, 4) != 0)
			w->bad++;
		memcpy(buf, shared_msg, sizeof(buf));
		if (nea_crypt(NAS_ALG_2, w->key, 5, 1, 0, buf, sizeof(buf)) < 0 ||
		    memcmp(buf, w->ct, sizeof(buf)) != 0)
			w->bad++;
	}
	return NULL; /* the thread's contexts are freed by its exit */
}

static void each_thread_gets_its_own_contexts(void)
{
	struct worker w[2];
	pthread_t th[2];
	for (size_t i = 0; i < sizeof(shared_msg); i++)
		shared_msg[i] = (uint8_t)i;
	for (int t = 0; t < 2; t++) {
		memset(&w[t], 0, sizeof(w[t]));
		memset(w[t].key, 0x10 * (t + 1), 16);
		CHECK_EQ(nia_mac(NAS_ALG_2, w[t].key, 5, 1, 0, shared_msg, sizeof(shared_msg),
				 w[t].want),
			 0);
		memcpy(w[t].ct, shared_msg, sizeof(shared_msg));
		CHECK_EQ(nea_crypt(NAS_ALG_2, w[t].key, 5, 1, 0, w[t].ct, sizeof(w[t].ct)), 0);
	}
	CHECK(memcmp(w[0].want, w[1].want, 4) != 0);
	for (int t = 0; t < 2; t++)
		CHECK_EQ(pthread_create(&th[t], NULL, worker_run, &w[t]), 0);
	for (int t = 0; t < 2; t++) {
		pthread_join(th[t], NULL);
		CHECK_EQ(w[t].bad, 0);
	}
}

static void released_contexts_are_recreated_on_next_use(void)
{
	uint8_t key[16] = { 3 }, m[8] = { 1, 2, 3 }, a[4], b[4];
	CHECK_EQ(nia_mac(NAS_ALG_3, key, 1, 1, 1, m, 8, a), 0);
	crypto_thread_release();
	crypto_thread_release();
	CHECK_EQ(nia_mac(NAS_ALG_3, key, 1, 1, 1, m, 8, b), 0);
	CHECK_MEM(a, b, 4);
}

static void ct_eq_compares_whole_buffers(void)
{
	uint8_t a[16] = { 0 }, b[16] = { 0 };
	CHECK(ct_eq(a, b, 16));
	b[15] = 1;
	CHECK(!ct_eq(a, b, 16));
	CHECK(ct_eq(a, b, 15));
	b[0] = 0x80;
	CHECK(!ct_eq(a, b, 1));
	CHECK(ct_eq(a, b, 0));
}

static void serving_network_name_pads_the_mnc(void)
{
	struct plmn p = { .mcc = 1, .mnc = 1, .mnc_len = 2 };
	char s[KDF_SNN_MAX];
	CHECK_EQ(kdf_snn(&p, s, sizeof(s)), 32);
	CHECK_STR(s, "5G:mnc001.mcc001.3gppnetwork.org");
	p = (struct plmn){ .mcc = 310, .mnc = 410, .mnc_len = 3 };
	CHECK_EQ(kdf_snn(&p, s, sizeof(s)), 32);
	CHECK_STR(s, "5G:mnc410.mcc310.3gppnetwork.org");
	CHECK_EQ(kdf_snn(&p, s, 32), -E_NOSPC);
	p.mcc = 1000;
	CHECK_EQ(kdf_snn(&p, s, sizeof(s)), -E_INVAL);
}

static void kdf_refuses_oversized_parameters(void)
{
	uint8_t key[32] = { 0 }, out[32];
	static uint8_t big[70000];
	struct kdf_param p = { big, sizeof(big) };
	CHECK_EQ(kdf_generic(key, 32, 0x6a, &p, 1, out), -E_INVAL);
	p.len = 0xffff;
	CHECK_EQ(kdf_generic(key, 32, 0x6a, &p, 1, out), 0);
	p.p = NULL;
	p.len = 1;
	CHECK_EQ(kdf_generic(key, 32, 0x6a, &p, 1, out), -E_INVAL);
	CHECK_EQ(kdf_kgnb(key, 0, 0, out), -E_INVAL);
}

static void aka_ue_accepts_null_outputs_and_zeroes_them_on_failure(void)
{
	uint8_t k[16], opc[16], rnd[16], sqn[6] = { 0, 0, 0, 0, 0, 0x20 }, amf[2] = { 0x80, 0 };
	uint8_t res[8], ck[16];
	struct aka_av av;
	memset(k, 1, 16);
	memset(opc, 2, 16);
	memset(rnd, 3, 16);
	CHECK_EQ(aka_av_generate(k, opc, rnd, sqn, amf, &av), 0);
	CHECK_EQ(aka_ue_authenticate(k, opc, rnd, av.autn, NULL, NULL, NULL, NULL), 0);
	av.autn[15] ^= 1;
	memset(res, 0xee, 8);
	memset(ck, 0xee, 16);
	CHECK_EQ(aka_ue_authenticate(k, opc, rnd, av.autn, NULL, res, ck, NULL), -E_MAC);
	CHECK_MEM(res, "\0\0\0\0\0\0\0\0", 8);
	aka_av_wipe(&av);
	uint8_t zero[sizeof(av)] = { 0 };
	CHECK_MEM(&av, zero, sizeof(av));
}

int main(int argc, char **argv)
{
	if (argc > 1)
		keydir = argv[1];
	RUN(hn_keys_load_pem_and_hex_files_for_both_profiles);
	RUN(hn_keys_refuse_malformed_and_mistyped_key_files);
	RUN(hn_key_list_loads_every_line_and_names_the_bad_one);
	RUN(hn_key_ring_refuses_more_than_it_holds);
	RUN(suci_conceal_refuses_bad_keys_and_buffers);
	RUN(suci_deconceal_refuses_uncompressed_and_invalid_points);
	RUN(suci_strings_that_are_malformed_are_refused);
	RUN(msin_bcd_round_trips_and_rejects_bad_nibbles);
	RUN(nas_alg_rejects_bad_arguments_without_touching_buffers);
	RUN(nia2_bit_cmac_agrees_with_openssl_on_whole_bytes);
	RUN(nea_bit_api_keeps_bits_past_length);
	RUN(nea_never_writes_past_the_message);
	RUN(aes_ctr32_wraps_only_the_low_32_bits);
	RUN(x963_kdf_from_openssl_matches_the_sec1_definition);
	RUN(each_thread_gets_its_own_contexts);
	RUN(released_contexts_are_recreated_on_next_use);
	RUN(ct_eq_compares_whole_buffers);
	RUN(serving_network_name_pads_the_mnc);
	RUN(kdf_refuses_oversized_parameters);
	RUN(aka_ue_accepts_null_outputs_and_zeroes_them_on_failure);
	crypto_thread_release();
	return t_done();
}
