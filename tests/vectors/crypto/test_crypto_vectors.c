/* test_crypto_vectors — runs every vector in the files named on the command
 * line (tests/vectors/crypto/, format in README.md) through lib/crypto.
 * Each vector also gets the negative checks that fit it: a flipped bit in a
 * MAC or in the message must be rejected, decryption must give the input back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/crypto/ct.h"
#include "vec_handlers.h"

static const struct handler {
	const char *type;
	void (*run)(const struct vec *v);
} handlers[] = {
	{ "nea", run_nea },
	{ "nia", run_nia },
	{ "milenage", run_milenage },
	{ "kdf", run_kdf },
	{ "kausf", run_kausf },
	{ "res_star", run_res_star },
	{ "hres_star", run_hres_star },
	{ "kseaf", run_kseaf },
	{ "kamf", run_kamf },
	{ "alg_key", run_alg_key },
	{ "kgnb", run_kgnb },
	{ "nh", run_nh },
	{ "kng_ran_star", run_kng_ran_star },
	{ "kamf_prime", run_kamf_prime },
	{ "auts", run_auts },
	{ "suci", run_suci },
};

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s VECTOR-FILE...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		struct vec_file vf;
		int ran = 0;
		if (vec_load(&vf, argv[i]) < 0) {
			vec_errors++;
			continue;
		}
		vec_set_data(&vf);
		for (int j = 0; j < vf.n; j++) {
			const struct vec *v = &vf.v[j];
			const struct handler *h = NULL;
			if (strcmp(v->type, "data") == 0)
				continue;
			for (size_t k = 0; k < sizeof(handlers) / sizeof(handlers[0]); k++)
				if (strcmp(handlers[k].type, v->type) == 0)
					h = &handlers[k];
			if (!h) {
				vec_report(v, "unknown vector type");
				vec_errors++;
				continue;
			}
			t_case = v->name;
			t_cases++;
			h->run(v);
			ran++;
		}
		printf("%s: %d vectors\n", argv[i], ran);
		if (ran == 0) {
			fprintf(stderr, "%s: no vectors\n", argv[i]);
			vec_errors++;
		}
		vec_free(&vf);
	}
	crypto_thread_release();
	if (vec_errors) {
		fprintf(stderr, "%d malformed vectors or fields\n", vec_errors);
		t_failed += vec_errors;
	}
	printf("%d vectors, %d checks, %d failed\n", t_cases, t_checks, t_failed);
	return t_failed ? 1 : 0;
}
