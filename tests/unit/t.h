/* t.h — the unit-test harness: named cases, checks that report file:line and
 * carry on, and a summary line. A test program exits 1 if any check failed.
 *
 *   static void buf_rejects_short_read(void) { ... CHECK(r.err == -E_SHORT); }
 *   int main(void) { RUN(buf_rejects_short_read); return t_done(); }
 */
#ifndef NGCORE_TESTS_T_H
#define NGCORE_TESTS_T_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int t_failed; /* checks failed in this program */
static int t_checks; /* checks run */
static int t_cases; /* cases run */
static const char *t_case = "";

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		t_checks++;                                                                        \
		if (!(cond)) {                                                                     \
			t_failed++;                                                                \
			fprintf(stderr, "%s:%d: %s: CHECK(%s) failed\n", __FILE__, __LINE__,       \
				t_case, #cond);                                                    \
		}                                                                                  \
	} while (0)

#define CHECK_EQ(a, b)                                                                             \
	do {                                                                                       \
		long long t_a_ = (long long)(a), t_b_ = (long long)(b);                            \
		t_checks++;                                                                        \
		if (t_a_ != t_b_) {                                                                \
			t_failed++;                                                                \
			fprintf(stderr, "%s:%d: %s: %s == %lld, expected %s == %lld\n", __FILE__,  \
				__LINE__, t_case, #a, t_a_, #b, t_b_);                             \
		}                                                                                  \
	} while (0)

#define CHECK_MEM(a, b, n)                                                                         \
	do {                                                                                       \
		t_checks++;                                                                        \
		if (memcmp((a), (b), (n)) != 0) {                                                  \
			t_failed++;                                                                \
			fprintf(stderr, "%s:%d: %s: %s differs from %s\n", __FILE__, __LINE__,     \
				t_case, #a, #b);                                                   \
			t_hexdiff((const uint8_t *)(a), (const uint8_t *)(b), (n));                \
		}                                                                                  \
	} while (0)

#define CHECK_STR(a, b)                                                                            \
	do {                                                                                       \
		const char *t_sa_ = (a), *t_sb_ = (b);                                             \
		t_checks++;                                                                        \
		if (!t_sa_ || !t_sb_ || strcmp(t_sa_, t_sb_) != 0) {                               \
			t_failed++;                                                                \
			fprintf(stderr, "%s:%d: %s: %s == \"%s\", expected \"%s\"\n", __FILE__,    \
				__LINE__, t_case, #a, t_sa_ ? t_sa_ : "(null)",                    \
				t_sb_ ? t_sb_ : "(null)");                                         \
		}                                                                                  \
	} while (0)

#define RUN(fn)                                                                                    \
	do {                                                                                       \
		t_case = #fn;                                                                      \
		t_cases++;                                                                         \
		fn();                                                                              \
	} while (0)

static inline void t_hexdiff(const uint8_t *a, const uint8_t *b, size_t n)
{
	fprintf(stderr, "  got:      ");
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "%02x", a[i]);
	fprintf(stderr, "\n  expected: ");
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "%02x", b[i]);
	fprintf(stderr, "\n");
}

/* Decodes hex (spaces allowed) into out; returns the byte count or -1. */
static inline int t_unhex(uint8_t *out, size_t cap, const char *hex)
{
	size_t n = 0;
	int hi = -1;
	for (const char *c = hex; *c; c++) {
		int v;
		if (*c >= '0' && *c <= '9')
			v = *c - '0';
		else if ((*c | 0x20) >= 'a' && (*c | 0x20) <= 'f')
			v = (*c | 0x20) - 'a' + 10;
		else if (*c == ' ' || *c == '\n' || *c == '\t' || *c == ':')
			continue;
		else
			return -1;
		if (hi < 0) {
			hi = v;
		} else {
			if (n >= cap)
				return -1;
			out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	return hi < 0 ? (int)n : -1;
}

static inline int t_done(void)
{
	printf("%d cases, %d checks, %d failed\n", t_cases, t_checks, t_failed);
	return t_failed ? 1 : 0;
}

#endif
