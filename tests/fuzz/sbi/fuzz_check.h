/* fuzz_check.h — what the SBI fuzz targets share: a check that aborts with a
 * message (a round-trip mismatch is a finding, as a crash is), and field
 * comparisons of the lib/core identifier types. */
#ifndef NGCORE_TESTS_FUZZ_SBI_CHECK_H
#define NGCORE_TESTS_FUZZ_SBI_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "tests/fuzz/fuzz.h"
#include "lib/core/ids.h"

/* Same address: family and the bytes that family uses. */
static inline int fuzz_ip_eq(const struct ip_addr *a, const struct ip_addr *b)
{
	if (a->family != b->family)
		return 0;
	size_t n = a->family == AF_INET ? 4 : a->family == AF_INET6 ? 16 : 0;
	return memcmp(a->a, b->a, n) == 0;
}

#endif
