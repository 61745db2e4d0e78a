/* fuzz_suci_keys.c — the home network key files an operator gives the UDM
 * (lib/crypto/suci.h): a private key file (PEM "PRIVATE KEY" / "EC PRIVATE
 * KEY", or 64 hex digits) and a key list ("KEY-ID SCHEME FILE" lines).
 *
 * Input: a mode byte, then the file's bytes, written to a private
 * directory that also holds the TS 33.501 C.4 test keys as a.hex, a.pem,
 * b.hex, b.pem and b8.pem, for lists to name.
 *   'A' / 'B' the bytes as a profile A / B key file: hn_keys_load_file;
 *       an accepted key must give a public key that conceals and
 *       de-conceals (the key works);
 *   'L' the bytes as a key list: hn_keys_load_list; the count it returns
 *       is the number of keys the ring then holds, an error names a line
 *       inside the file. Lists naming paths with '/' are skipped (a list
 *       may name any file on the host: not for a fuzzer to read).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/core/err.h"
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

static char dir[128], input[160];

/* The TS 33.501 C.4.3 / C.4.4 home network keys (tests/unit/crypto/keys). */
static const struct {
	const char *name;
	const char *text;
} key_files[] = {
	{ "a.hex", "c53c22208b61860b06c62e5406a7b330\nc2b577aa5558981510d128247d38bd1d\n" },
	{ "b.hex", "F1AB1074477EBCC7F554EA1C5FC368B1 616730155E0041AC447D6301975FECDA" },
	{ "a.pem", "-----BEGIN PRIVATE KEY-----\n"
		   "MC4CAQAwBQYDK2VuBCIEIMU8IiCLYYYLBsYuVAanszDCtXeqVViYFRDRKCR9OL0d\n"
		   "-----END PRIVATE KEY-----\n" },
	{ "b.pem", "-----BEGIN EC PRIVATE KEY-----\n"
		   "MHcCAQEEIPGrEHRHfrzH9VTqHF/DaLFhZzAVXgBBrER9YwGXX+zaoAoGCCqGSM49\n"
		   "AwEHoUQDQgAEctpxl2I0zoM6aQdCWGe4LgdNRO+QfftLPiHBwiVuvNFafe1S/LsJ\n"
		   "ek7SUOA2x7nIxwBMTu3E8GjNe/jT+QDjtA==\n"
		   "-----END EC PRIVATE KEY-----\n" },
	{ "b8.pem", "-----BEGIN PRIVATE KEY-----\n"
		    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg8asQdEd+vMf1VOoc\n"
		    "X8NosWFnMBVeAEGsRH1jAZdf7NqhRANCAARy2nGXYjTOgzppB0JYZ7guB01E75B9\n"
		    "+0s+IcHCJW680Vp97VL8uwl6TtJQ4DbHucjHAExO7cTwaM17+NP5AOO0\n"
		    "-----END PRIVATE KEY-----\n" },
};

static void write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	FUZZ_CHECK(f != NULL, "%s: %s", path, strerror(errno));
	FUZZ_CHECK(fwrite(p, 1, n, f) == n && fclose(f) == 0, "%s: write", path);
}

static void cleanup(void)
{
	char p[200];
	for (size_t i = 0; i < sizeof(key_files) / sizeof(key_files[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, key_files[i].name);
		unlink(p);
	}
	unlink(input);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(dir, sizeof(dir), "%s/ngcore-fuzz-keys-%d", base, (int)getpid());
	snprintf(input, sizeof(input), "%s/input", dir);
	return 0;
}

/* The directory exists only while an input runs, so that no run (however
 * it ends) leaves it behind for long. */
static void setup(void)
{
	char p[200];
	FUZZ_CHECK(mkdir(dir, 0700) == 0 || errno == EEXIST, "%s: %s", dir, strerror(errno));
	for (size_t i = 0; i < sizeof(key_files) / sizeof(key_files[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, key_files[i].name);
		write_file(p, key_files[i].text, strlen(key_files[i].text));
	}
}

/* The key (scheme, kid) in ks works: conceal to its public key, de-conceal. */
static void key_works(const struct hn_keys *ks, enum suci_scheme scheme, uint8_t kid)
{
	uint8_t pub[SUCI_B_PUB_LEN], out[64], back[16];
	static const uint8_t msin[5] = { 0x00, 0x01, 0x20, 0x80, 0xf6 }; /* C.4 "001002086" */
	int pl = hn_keys_public(ks, kid, scheme, pub, sizeof(pub));
	FUZZ_CHECK(pl == (scheme == SUCI_SCHEME_PROFILE_A ? SUCI_A_PUB_LEN : SUCI_B_PUB_LEN),
		   "public key of %d/%u: %d", scheme, kid, pl);
	int n = suci_conceal(scheme, pub, (size_t)pl, NULL, msin, sizeof(msin), out, sizeof(out));
	FUZZ_CHECK(n > 0, "conceal: %d", n);
	int m = suci_deconceal(ks, scheme, kid, out, (size_t)n, back, sizeof(back));
	FUZZ_CHECK(m == (int)sizeof(msin) && memcmp(back, msin, sizeof(msin)) == 0,
		   "a loaded key does not de-conceal what its public key concealed: %d", m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 8192)
		return 0;
	struct hn_keys *ks = hn_keys_new();
	FUZZ_CHECK(ks != NULL, "hn_keys_new");
	setup();
	if (data[0] == 'L') {
		if (memchr(data, '/', size))
			goto out;
		write_file(input, data + 1, size - 1);
		int line = -1;
		int rc = hn_keys_load_list(ks, input, &line);
		if (rc >= 0) {
			FUZZ_CHECK(line == 0, "success with error line %d", line);
			int found = 0;
			for (int kid = 0; kid < 256; kid++)
				for (int s = SUCI_SCHEME_PROFILE_A; s <= SUCI_SCHEME_PROFILE_B;
				     s++) {
					uint8_t pub[SUCI_B_PUB_LEN];
					if (hn_keys_public(ks, (uint8_t)kid, (enum suci_scheme)s,
							   pub, sizeof(pub)) > 0) {
						found++;
						key_works(ks, (enum suci_scheme)s, (uint8_t)kid);
					}
				}
			FUZZ_CHECK(found == rc, "list added %d keys, the ring holds %d", rc, found);
		} else {
			int lines = 1;
			for (size_t i = 1; i < size; i++)
				lines += data[i] == '\n';
			FUZZ_CHECK(line >= 0 && line <= lines, "error on line %d of %d", line,
				   lines);
		}
	} else {
		enum suci_scheme scheme =
			data[0] == 'B' ? SUCI_SCHEME_PROFILE_B : SUCI_SCHEME_PROFILE_A;
		write_file(input, data + 1, size - 1);
		if (hn_keys_load_file(ks, 9, scheme, input) == 0)
			key_works(ks, scheme, 9);
	}
out:
	hn_keys_free(ks);
	cleanup();
	return 0;
}
