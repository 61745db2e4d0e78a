/* sbi_uri.h — URIs as SBI uses them (TS 29.501 4.4): an apiRoot
 * "{scheme}://{authority}[/{prefix}]" followed by "/{apiName}/{apiVersion}/
 * {apiSpecificResourceUriPart}", and query parameters (RFC 3986 percent
 * encoding). Pure functions, no allocation.
 */
#ifndef NGCORE_SBI_URI_H
#define NGCORE_SBI_URI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sbi_uri {
	bool tls; /* scheme https (else http) */
	char host[256]; /* host as written; an IPv6 literal without its brackets */
	uint16_t port; /* explicit port, else 80 or 443 */
	char authority[272]; /* what :authority carries: host[:port], IPv6 in brackets */
	char root[288]; /* scheme://authority, the key of a connection */
	const char *path; /* into the parsed string: path and query ("" when none) */
};

/* Parses an absolute http/https URI. 0 or -E_INVAL (other schemes,
 * user info, a bad port, an empty host, brackets around anything but an
 * IPv6 address). */
int sbi_uri_parse(struct sbi_uri *u, const char *s);

/* Decodes n bytes of percent-encoding into out (NUL-terminated); returns the
 * decoded length, -E_INVAL for a bad escape or an encoded NUL, -E_NOSPC. */
int sbi_pct_decode(char *out, size_t cap, const char *s, size_t n);

/* Encodes s for use in a path segment or query value (everything but the
 * RFC 3986 unreserved characters is escaped). Returns the length it needs
 * (without the NUL); writes at most cap bytes, always NUL-terminated if cap>0.
 * When it does not fit, out holds the longest prefix of the full encoding
 * made of whole characters (an escape is never split) — check the length. */
size_t sbi_pct_encode(char *out, size_t cap, const char *s);

/* The value of query parameter name in query ("a=1&b=2", without '?'),
 * decoded into out. 0, -E_NOTFOUND, -E_NOSPC or -E_INVAL (bad escape). A
 * parameter given without '=' has the empty value. */
int sbi_query_get(const char *query, const char *name, char *out, size_t cap);

/* Iterates over query parameters: *pos starts at 0. Returns 0 with the
 * decoded name and value, -E_NOTFOUND at the end, or -E_INVAL/-E_NOSPC
 * (iteration may continue past an error; name then holds the decoded name
 * when only the value was bad, "" when the name itself was). */
int sbi_query_next(const char *query, size_t *pos, char *name, size_t ncap, char *val, size_t vcap);

#endif
