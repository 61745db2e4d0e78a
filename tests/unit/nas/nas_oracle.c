/* nas_oracle.c — writes a tshark-check case file (tests/oracle/tshark-check):
 * every sample message as our encoder produces it, with the field values
 * Wireshark must show, plus each 5GMM sample protected by nas_protect_msg()
 * with 128-NIA2: integrity only (header type 1) and ciphered with 128-NEA0
 * (header type 2, readable by Wireshark's null-deciphering option).
 *
 *   nas_oracle CASEFILE
 */
#include <stdio.h>
#include <string.h>

#include "lib/codec/nas/nas_sec.h"
#include "lib/crypto/nas_alg.h"
#include "tests/unit/nas/nas_samples.h"

static void put_msg(FILE *f, const char *name, const uint8_t *b, int n)
{
	fprintf(f, "msg %s ", name);
	for (int i = 0; i < n; i++)
		fprintf(f, "%02x", b[i]);
	fprintf(f, "\n");
}

static void put_expect(FILE *f, const char *spec)
{
	char buf[2048];
	snprintf(buf, sizeof(buf), "%s", spec);
	for (char *tok = strtok(buf, ";"); tok; tok = strtok(NULL, ";")) {
		char *eq = strchr(tok, '=');
		if (!eq)
			continue;
		*eq = 0;
		fprintf(f, "expect %s %s\n", tok, eq + 1);
	}
}

int main(int argc, char **argv)
{
	static uint8_t buf[70000];
	static const uint8_t kint[16] = { 0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
					  0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c };
	static const uint8_t kenc[16] = { 0 };
	struct nas_sec_ctx amf;
	struct nas_msg m;
	struct nas_err err;
	FILE *f;
	int failed = 0;

	if (nas_sec_init(&amf, NAS_ROLE_NETWORK, (struct nas_ksi){ 0, 1 }, kint, kenc, NAS_ALG_2,
			 NAS_ALG_0) < 0)
		return 2;
	amf.dl_count = 0x1f0; /* the SN wraps during the run */

	if (argc != 2 || !(f = fopen(argv[1], "w"))) {
		fprintf(stderr, "usage: nas_oracle CASEFILE\n");
		return 2;
	}
	for (size_t i = 0; i < nas_n_samples; i++) {
		const struct nas_sample *s = &nas_samples[i];
		s->build(&m);
		int n = nas_encode(&m, buf, sizeof(buf), &err);
		if (n < 0) {
			fprintf(stderr, "%s: encode failed rc=%d ie=%s\n", s->name, n,
				err.ie ? err.ie : "-");
			failed++;
			continue;
		}
		put_msg(f, s->name, buf, n);
		put_expect(f, s->expect);
		if (m.epd != NAS_EPD_5GMM)
			continue;
		/* The same message security protected: header types 1 and 2 (NEA0). */
		for (uint8_t sht = NAS_SHT_INTEG; sht <= NAS_SHT_INTEG_CIPH; sht++) {
			char name[96];
			uint32_t count = amf.dl_count;
			n = nas_protect_msg(&amf, sht, &m, buf, sizeof(buf), &err);
			if (n < 0) {
				fprintf(stderr, "%s: protect failed rc=%d\n", s->name, n);
				failed++;
				continue;
			}
			snprintf(name, sizeof(name), "%s_sht%u", s->name, sht);
			put_msg(f, name, buf, n);
			fprintf(f, "expect nas_5gs.security_header_type %u\n", sht);
			fprintf(f, "expect nas_5gs.seq_no %u\n", count & 0xff);
			fprintf(f, "expect nas_5gs.msg_auth_code 0x%02x%02x%02x%02x\n", buf[2],
				buf[3], buf[4], buf[5]);
			put_expect(f, s->expect);
		}
	}
	fclose(f);
	nas_sec_fini(&amf);
	return failed ? 1 : 0;
}
