#include "vec_handlers.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int vec_errors;
int t_failed;
int t_checks;
int t_cases;
const char *t_case = "";
static const struct vec_file *data_file;

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = 0;
	return s;
}

static char *dup_join(const char *a, const char *b)
{
	size_t la = a ? strlen(a) : 0, lb = strlen(b);
	char *r = malloc(la + lb + 2);
	if (!r)
		abort();
	if (la) {
		memcpy(r, a, la);
		r[la++] = ' ';
	}
	memcpy(r + la, b, lb + 1);
	return r;
}

int vec_load(struct vec_file *vf, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	int ln = 0;
	memset(vf, 0, sizeof(*vf));
	if (!f) {
		fprintf(stderr, "%s: cannot open\n", path);
		return -1;
	}
	struct vec *cur = NULL;
	while (fgets(line, sizeof(line), f)) {
		ln++;
		if (strlen(line) == sizeof(line) - 1) {
			fprintf(stderr, "%s:%d: line too long\n", path, ln);
			goto err;
		}
		char *s = trim(line);
		if (!*s || *s == '#')
			continue;
		if (strncmp(s, "==", 2) == 0) {
			char *t = trim(s + 2), *sp = t;
			while (*sp && !isspace((unsigned char)*sp))
				sp++;
			if (*sp)
				*sp++ = 0;
			struct vec *nv = realloc(vf->v, sizeof(*vf->v) * (size_t)(vf->n + 1));
			if (!nv)
				abort();
			vf->v = nv;
			cur = &vf->v[vf->n++];
			memset(cur, 0, sizeof(*cur));
			cur->type = strdup(t);
			cur->name = strdup(trim(sp));
			cur->file = path;
			cur->line = ln;
			if (!*cur->name) {
				fprintf(stderr, "%s:%d: block without a name\n", path, ln);
				goto err;
			}
			continue;
		}
		if (!cur) {
			fprintf(stderr, "%s:%d: text before the first block\n", path, ln);
			goto err;
		}
		char *eq = strchr(s, '=');
		if (eq) {
			*eq = 0;
			if (cur->nf == VEC_MAX_FIELDS) {
				fprintf(stderr, "%s:%d: too many fields\n", path, ln);
				goto err;
			}
			cur->f[cur->nf].name = strdup(trim(s));
			cur->f[cur->nf].value = strdup(trim(eq + 1));
			cur->nf++;
		} else {
			if (!cur->nf) {
				fprintf(stderr, "%s:%d: continuation without a field\n", path, ln);
				goto err;
			}
			char *old = cur->f[cur->nf - 1].value;
			cur->f[cur->nf - 1].value = dup_join(old, s);
			free(old);
		}
	}
	fclose(f);
	return 0;
err:
	fclose(f);
	vec_free(vf);
	return -1;
}

void vec_free(struct vec_file *vf)
{
	for (int i = 0; i < vf->n; i++) {
		struct vec *v = &vf->v[i];
		free(v->type);
		free(v->name);
		for (int j = 0; j < v->nf; j++) {
			free(v->f[j].name);
			free(v->f[j].value);
		}
	}
	free(vf->v);
	memset(vf, 0, sizeof(*vf));
}

void vec_set_data(const struct vec_file *vf)
{
	data_file = vf;
}

const char *vec_opt(const struct vec *v, const char *name)
{
	for (int i = 0; i < v->nf; i++)
		if (strcmp(v->f[i].name, name) == 0)
			return v->f[i].value;
	return NULL;
}

const char *vec_str(const struct vec *v, const char *name)
{
	const char *s = vec_opt(v, name);
	if (!s) {
		fprintf(stderr, "%s:%d: %s: missing field '%s'\n", v->file, v->line, v->name, name);
		vec_errors++;
	}
	return s;
}

uint64_t vec_num(const struct vec *v, const char *name)
{
	const char *s = vec_str(v, name);
	char *end;
	if (!s)
		return 0;
	unsigned long long n = strtoull(s, &end, 0);
	if (end == s || *end) {
		fprintf(stderr, "%s:%d: %s: '%s' is not a number\n", v->file, v->line, v->name,
			name);
		vec_errors++;
	}
	return n;
}

static const char *resolve(const struct vec *v, const char *s)
{
	if (*s != '$')
		return s;
	for (int i = 0; data_file && i < data_file->n; i++) {
		const struct vec *d = &data_file->v[i];
		if (strcmp(d->type, "data") == 0 && strcmp(d->name, s + 1) == 0)
			return vec_opt(d, "hex");
	}
	fprintf(stderr, "%s:%d: %s: no data block '%s'\n", v->file, v->line, v->name, s + 1);
	return NULL;
}

uint8_t *vec_hex(const struct vec *v, const char *name, size_t *len)
{
	const char *s = vec_str(v, name);
	if (s)
		s = resolve(v, s);
	if (!s) {
		vec_errors++;
		return NULL;
	}
	uint8_t *out = malloc(strlen(s) / 2 + 1);
	size_t n = 0;
	int hi = -1;
	if (!out)
		abort();
	for (const char *c = s; *c; c++) {
		int d;
		if (isspace((unsigned char)*c))
			continue;
		if (*c >= '0' && *c <= '9')
			d = *c - '0';
		else if ((*c | 0x20) >= 'a' && (*c | 0x20) <= 'f')
			d = (*c | 0x20) - 'a' + 10;
		else
			goto bad;
		if (hi < 0) {
			hi = d;
		} else {
			out[n++] = (uint8_t)(hi << 4 | d);
			hi = -1;
		}
	}
	if (hi >= 0)
		goto bad;
	*len = n;
	return out;
bad:
	fprintf(stderr, "%s:%d: %s: field '%s' is not hex\n", v->file, v->line, v->name, name);
	vec_errors++;
	free(out);
	return NULL;
}

int vec_hex_n(const struct vec *v, const char *name, uint8_t *out, size_t n)
{
	size_t len = 0;
	uint8_t *b = vec_hex(v, name, &len);
	if (!b)
		return -1;
	if (len != n) {
		fprintf(stderr, "%s:%d: %s: field '%s' has %zu bytes, expected %zu\n", v->file,
			v->line, v->name, name, len, n);
		vec_errors++;
		free(b);
		return -1;
	}
	memcpy(out, b, n);
	free(b);
	return 0;
}

bool bits_eq(const uint8_t *a, const uint8_t *b, uint64_t nbits)
{
	size_t full = (size_t)(nbits / 8);
	unsigned r = (unsigned)(nbits % 8);
	if (memcmp(a, b, full) != 0)
		return false;
	if (r) {
		uint8_t m = (uint8_t)(0xff00u >> r);
		return ((a[full] ^ b[full]) & m) == 0;
	}
	return true;
}

void vec_report(const struct vec *v, const char *what)
{
	fprintf(stderr, "%s:%d: %s %s: %s\n", v->file, v->line, v->type, v->name, what);
}
