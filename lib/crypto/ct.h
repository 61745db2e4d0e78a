/* ct.h — constant-time comparison, wiping, per-thread cache release.
 *
 * Compare every MAC, RES, XRES*, HXRES* and AUTS MAC-S with ct_eq(), never
 * memcmp(): its run time depends only on n, not on where the inputs differ.
 * Wipe every buffer that held K, OPc, CK, IK or a derived key with
 * crypto_wipe() before it goes out of scope or is freed.
 */
#ifndef NGCORE_CRYPTO_CT_H
#define NGCORE_CRYPTO_CT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* True when a[0..n) equals b[0..n); time depends on n only. */
static inline bool ct_eq(const void *a, const void *b, size_t n)
{
	const volatile uint8_t *x = a, *y = b;
	uint8_t d = 0;
	for (size_t i = 0; i < n; i++)
		d |= (uint8_t)(x[i] ^ y[i]);
	return d == 0;
}

/* Zeroes p[0..n) in a way the compiler may not remove. */
static inline void crypto_wipe(void *p, size_t n)
{
	if (p && n)
		explicit_bzero(p, n);
}

/* Frees this thread's cached OpenSSL contexts and libipsec-mb manager now
 * (they are also freed when the thread exits). Safe to call at any time;
 * the next crypto call recreates them. */
void crypto_thread_release(void);

#endif
