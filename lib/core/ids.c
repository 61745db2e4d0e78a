#include "lib/core/ids.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"

void plmn_to_bytes(const struct plmn *p, uint8_t out[3])
{
	unsigned c1 = p->mcc / 100 % 10, c2 = p->mcc / 10 % 10, c3 = p->mcc % 10;
	unsigned n1, n2, n3;

	if (p->mnc_len == 3) {
		n1 = p->mnc / 100 % 10;
		n2 = p->mnc / 10 % 10;
		n3 = p->mnc % 10;
	} else {
		n1 = p->mnc / 10 % 10;
		n2 = p->mnc % 10;
		n3 = 0xf;
	}
	out[0] = (uint8_t)(c2 << 4 | c1);
	out[1] = (uint8_t)(n3 << 4 | c3);
	out[2] = (uint8_t)(n2 << 4 | n1);
}

int plmn_from_bytes(struct plmn *p, const uint8_t in[3])
{
	unsigned c1 = in[0] & 15, c2 = in[0] >> 4, c3 = in[1] & 15;
	unsigned n3 = in[1] >> 4, n1 = in[2] & 15, n2 = in[2] >> 4;

	if (c1 > 9 || c2 > 9 || c3 > 9 || n1 > 9 || n2 > 9 || (n3 > 9 && n3 != 15))
		return -E_INVAL;
	p->mcc = (uint16_t)(c1 * 100 + c2 * 10 + c3);
	if (n3 == 15) {
		p->mnc = (uint16_t)(n1 * 10 + n2);
		p->mnc_len = 2;
	} else {
		p->mnc = (uint16_t)(n1 * 100 + n2 * 10 + n3);
		p->mnc_len = 3;
	}
	return 0;
}

bool plmn_eq(const struct plmn *a, const struct plmn *b)
{
	return a->mcc == b->mcc && a->mnc == b->mnc && a->mnc_len == b->mnc_len;
}

int plmn_parse(struct plmn *p, const char *s)
{
	char d[7];
	size_t n = 0;

	for (const char *c = s; *c; c++) {
		if (*c == '-' && c - s == 3)
			continue;
		if (!isdigit((unsigned char)*c) || n >= 6)
			return -E_INVAL;
		d[n++] = *c;
	}
	if (n != 5 && n != 6)
		return -E_INVAL;
	p->mcc = (uint16_t)((d[0] - '0') * 100 + (d[1] - '0') * 10 + (d[2] - '0'));
	p->mnc = 0;
	for (size_t i = 3; i < n; i++)
		p->mnc = (uint16_t)(p->mnc * 10 + (d[i] - '0'));
	p->mnc_len = (uint8_t)(n - 3);
	return 0;
}

void plmn_str(const struct plmn *p, char out[8])
{
	if (p->mnc_len == 3)
		snprintf(out, 8, "%03u%03u", p->mcc % 1000u, p->mnc % 1000u);
	else
		snprintf(out, 8, "%03u%02u", p->mcc % 1000u, p->mnc % 100u);
}

bool s_nssai_eq(const struct s_nssai *a, const struct s_nssai *b)
{
	return a->sst == b->sst && a->has_sd == b->has_sd && (!a->has_sd || a->sd == b->sd);
}

int ip_parse(struct ip_addr *a, const char *s)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, a->a) == 1) {
		a->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, a->a) == 1) {
		a->family = AF_INET6;
		return 0;
	}
	return -E_INVAL;
}

size_t ip_len(const struct ip_addr *a)
{
	return a->family == AF_INET ? 4 : a->family == AF_INET6 ? 16 : 0;
}

int ip_prefix_parse(struct ip_prefix *p, const char *s)
{
	char buf[64];
	const char *slash = strchr(s, '/');
	char *end;

	if (!slash || (size_t)(slash - s) >= sizeof(buf))
		return -E_INVAL;
	memcpy(buf, s, (size_t)(slash - s));
	buf[slash - s] = 0;
	if (ip_parse(&p->addr, buf) < 0 || !isdigit((unsigned char)slash[1]))
		return -E_INVAL;
	unsigned long len = strtoul(slash + 1, &end, 10);
	if (*end || len > ip_len(&p->addr) * 8)
		return -E_INVAL;
	p->len = (uint8_t)len;
	for (size_t bit = len; bit < ip_len(&p->addr) * 8; bit++)
		if (p->addr.a[bit / 8] & (0x80 >> (bit % 8)))
			return -E_INVAL;
	return 0;
}

const char *ip_str(const struct ip_addr *a, char *out, size_t n)
{
	if (!a->family || !inet_ntop(a->family, a->a, out, (socklen_t)n))
		snprintf(out, n, "-");
	return out;
}

bool str_digits(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s);
	if (n < min || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int hex_decode(uint8_t *out, size_t cap, const char *hex)
{
	size_t n = strlen(hex);

	if (n % 2)
		return -E_INVAL;
	if (n / 2 > cap)
		return -E_NOSPC;
	for (size_t i = 0; i < n / 2; i++) {
		int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -E_INVAL;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return (int)(n / 2);
}

void hex_encode(char *out, const void *in, size_t n)
{
	static const char hx[] = "0123456789abcdef";
	const uint8_t *b = in;

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hx[b[i] >> 4];
		out[2 * i + 1] = hx[b[i] & 15];
	}
	out[2 * n] = 0;
}
