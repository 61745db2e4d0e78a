/* nas_oracle.c — writes a tshark-check case file (tests/oracle/tshark-check):
 * every sample message as our encoder produces it, with the field values
 * Wireshark must show, plus security protected forms (integrity only, and
 * integrity + NEA0 "ciphering", which leaves the payload readable).
 *
 *   nas_oracle CASEFILE
 */
#include <stdio.h>
#include <string.h>

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
	struct nas_msg m;
	struct nas_err err;
	FILE *f;
	int failed = 0;

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
			m.sht = sht;
			m.sec = (struct nas_sec_hdr){ { 0x11, 0x22, 0x33, 0x44 }, (uint8_t)(i + sht) };
			n = nas_encode(&m, buf, sizeof(buf), &err);
			if (n < 0) {
				failed++;
				continue;
			}
			snprintf(name, sizeof(name), "%s_sht%u", s->name, sht);
			put_msg(f, name, buf, n);
			fprintf(f, "expect nas_5gs.security_header_type %u\n", sht);
			fprintf(f, "expect nas_5gs.seq_no %u\n", m.sec.sn);
			fprintf(f, "expect nas_5gs.msg_auth_code 0x11223344\n");
			put_expect(f, s->expect);
		}
	}
	fclose(f);
	return failed ? 1 : 0;
}
