/* vec.h — reader for the crypto vector files (format: README.md). */
#ifndef NGCORE_TESTS_VECTORS_CRYPTO_VEC_H
#define NGCORE_TESTS_VECTORS_CRYPTO_VEC_H

#include <stddef.h>
#include <stdint.h>

#define VEC_MAX_FIELDS 40

struct vec_field {
	char *name; /* field name */
	char *value; /* value, continuation lines joined */
};

struct vec {
	char *type; /* block type, e.g. "nea" */
	char *name; /* vector name */
	const char *file; /* file it came from */
	int line; /* line of its "==" header */
	struct vec_field f[VEC_MAX_FIELDS]; /* fields in file order */
	int nf; /* fields used */
};

struct vec_file {
	struct vec *v; /* blocks in file order */
	int n; /* blocks */
};

/* Reads a file; 0 or -1 (message on stderr). */
int vec_load(struct vec_file *vf, const char *path);
void vec_free(struct vec_file *vf);

/* Field access. Missing fields print an error naming the vector and count
 * as a failed check (vec_errors). */
const char *vec_str(const struct vec *v, const char *name);
const char *vec_opt(const struct vec *v, const char *name);
uint64_t vec_num(const struct vec *v, const char *name);
/* Decodes a hex field (or a $data reference) into a malloc'd buffer; *len
 * gets its length. Returns NULL (and counts an error) when missing/bad. */
uint8_t *vec_hex(const struct vec *v, const char *name, size_t *len);
/* Like vec_hex, into a fixed buffer whose size must match exactly. */
int vec_hex_n(const struct vec *v, const char *name, uint8_t *out, size_t n);

/* Data blocks ("== data NAME") visible to $NAME references. */
void vec_set_data(const struct vec_file *vf);

extern int vec_errors;

#endif
