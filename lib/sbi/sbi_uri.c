#include "lib/core/ids.h"
#include "lib/sbi/sbi_uri.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lib/core/err.h"

int sbi_uri_parse(struct sbi_uri *u, const char *s)
{
	memset(u, 0, sizeof(*u));
	if (!s)
		return -E_INVAL;
	const char *p;
	if (strncasecmp(s, "http://", 7) == 0) {
		p = s + 7;
	} else if (strncasecmp(s, "https://", 8) == 0) {
		u->tls = true;
		p = s + 8;
	} else {
		return -E_INVAL;
	}
	size_t alen = strcspn(p, "/?#");
	const char *auth = p, *end = p + alen;
	if (alen == 0 || memchr(auth, '@', alen))
		return -E_INVAL;
	const char *hs, *he, *colon = NULL;
	if (*auth == '[') {
		hs = auth + 1;
		he = memchr(hs, ']', (size_t)(end - hs));
		if (!he)
			return -E_INVAL;
		/* RFC 3986 3.2.2: brackets hold an IP literal; IPvFuture and zone
		 * identifiers (RFC 6874) are not taken, so it is an IPv6 address.
		 * Anything else ("[ab]", "[[ab]") would become a host this
		 * function cannot parse back from the root it builds. */
		char a6[INET6_ADDRSTRLEN];
		struct in6_addr in6;
		size_t l6 = (size_t)(he - hs);
		if (l6 >= sizeof(a6))
			return -E_INVAL;
		memcpy(a6, hs, l6);
		a6[l6] = 0;
		if (inet_pton(AF_INET6, a6, &in6) != 1)
			return -E_INVAL;
		if (he + 1 < end) {
			if (he[1] != ':')
				return -E_INVAL;
			colon = he + 1;
		}
	} else {
		hs = auth;
		colon = memchr(auth, ':', alen);
		he = colon ? colon : end;
	}
	size_t hlen = (size_t)(he - hs);
	if (hlen == 0 || hlen >= sizeof(u->host))
		return -E_INVAL;
	memcpy(u->host, hs, hlen);
	u->host[hlen] = 0;
	u->port = u->tls ? 443 : 80;
	if (colon) {
		unsigned v = 0;
		const char *d = colon + 1;
		if (d == end || end - d > 5)
			return -E_INVAL;
		for (; d < end; d++) {
			if (*d < '0' || *d > '9')
				return -E_INVAL;
			v = v * 10 + (unsigned)(*d - '0');
		}
		if (v == 0 || v > 65535)
			return -E_INVAL;
		u->port = (uint16_t)v;
	}
	bool v6 = strchr(u->host, ':') != NULL;
	snprintf(u->authority, sizeof(u->authority), "%s%s%s:%u", v6 ? "[" : "", u->host,
		 v6 ? "]" : "", u->port);
	snprintf(u->root, sizeof(u->root), "%s://%s", u->tls ? "https" : "http", u->authority);
	u->path = end;
	return 0;
}

int sbi_pct_decode(char *out, size_t cap, const char *s, size_t n)
{
	size_t o = 0;
	if (cap == 0)
		return -E_NOSPC;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '%') {
			if (i + 2 >= n)
				return -E_INVAL;
			int hi = hex_digit((unsigned char)s[i + 1]),
			    lo = hex_digit((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0)
				return -E_INVAL;
			c = (char)(hi << 4 | lo);
			if (c == 0)
				return -E_INVAL;
			i += 2;
		} else if (c == 0) {
			return -E_INVAL;
		}
		if (o + 1 >= cap)
			return -E_NOSPC;
		out[o++] = c;
	}
	out[o] = 0;
	return (int)o;
}

static bool unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

size_t sbi_pct_encode(char *out, size_t cap, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0, w = 0; /* o: length needed so far; w: bytes written to out */
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		size_t n = unreserved(*p) ? 1 : 3;
		/* Characters are written whole and in order: once one does not fit
		 * (with room left for the NUL), nothing after it is written. */
		if (w == o && o + n < cap) {
			if (n == 1) {
				out[o] = (char)*p;
			} else {
				out[o] = '%';
				out[o + 1] = hex[*p >> 4];
				out[o + 2] = hex[*p & 15];
			}
			w += n;
		}
		o += n;
	}
	if (cap)
		out[w] = 0;
	return o;
}

int sbi_query_next(const char *query, size_t *pos, char *name, size_t ncap, char *val, size_t vcap)
{
	if (!query)
		return -E_NOTFOUND;
	size_t len = strlen(query);
	while (*pos < len && query[*pos] == '&')
		(*pos)++;
	if (*pos >= len)
		return -E_NOTFOUND;
	const char *item = query + *pos;
	size_t ilen = strcspn(item, "&");
	*pos += ilen;
	const char *eq = memchr(item, '=', ilen);
	size_t nlen = eq ? (size_t)(eq - item) : ilen;
	int rc = sbi_pct_decode(name, ncap, item, nlen);
	if (rc < 0) {
		if (ncap)
			name[0] = 0;
		return rc;
	}
	if (eq)
		rc = sbi_pct_decode(val, vcap, eq + 1, ilen - nlen - 1);
	else if (vcap)
		val[0] = 0;
	else
		rc = -E_NOSPC;
	return rc < 0 ? rc : 0;
}

int sbi_query_get(const char *query, const char *name, char *out, size_t cap)
{
	char n[64];
	size_t pos = 0;
	size_t want = strlen(name);
	if (!query)
		return -E_NOTFOUND;
	size_t len = strlen(query);
	while (pos < len) {
		while (pos < len && query[pos] == '&')
			pos++;
		if (pos >= len)
			break;
		const char *item = query + pos;
		size_t ilen = strcspn(item, "&");
		pos += ilen;
		const char *eq = memchr(item, '=', ilen);
		size_t nlen = eq ? (size_t)(eq - item) : ilen;
		if (sbi_pct_decode(n, sizeof(n), item, nlen) != (int)want || memcmp(n, name, want))
			continue;
		if (!eq) {
			if (!cap)
				return -E_NOSPC;
			out[0] = 0;
			return 0;
		}
		int rc = sbi_pct_decode(out, cap, eq + 1, ilen - nlen - 1);
		return rc < 0 ? rc : 0;
	}
	return -E_NOTFOUND;
}
