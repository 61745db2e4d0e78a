/* ids.h — 3GPP identifiers shared by the codecs, the NFs and the config.
 *
 * One definition each, so NGAP, NAS, SBI and YAML agree. Wire forms:
 *
 *   PLMN (TS 24.501 9.11.3.4 / TS 38.413 9.3.3.5), 3 octets, BCD:
 *     +---------+---------+
 *     | MCC d2  | MCC d1  |  octet 1
 *     | MNC d3  | MCC d3  |  octet 2   (MNC d3 = 0xF for a 2-digit MNC)
 *     | MNC d2  | MNC d1  |  octet 3
 *     +---------+---------+
 */
#ifndef NGCORE_CORE_IDS_H
#define NGCORE_CORE_IDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct plmn {
	uint16_t mcc; /* 0..999 */
	uint16_t mnc; /* 0..999 */
	uint8_t mnc_len; /* 2 or 3 digits */
};

struct s_nssai {
	uint8_t sst; /* slice/service type */
	bool has_sd; /* SD present */
	uint32_t sd; /* slice differentiator, 24 bits */
};

struct tai {
	struct plmn plmn; /* PLMN identity */
	uint32_t tac; /* 24-bit tracking area code */
};

struct guami {
	struct plmn plmn; /* PLMN identity */
	uint8_t region; /* AMF Region ID, 8 bits */
	uint16_t set; /* AMF Set ID, 10 bits */
	uint8_t pointer; /* AMF Pointer, 6 bits */
};

struct ip_addr {
	uint8_t family; /* AF_INET or AF_INET6; 0 = none */
	uint8_t a[16]; /* 4 or 16 bytes, network order */
};

struct ip_prefix {
	struct ip_addr addr; /* network address */
	uint8_t len; /* prefix length in bits */
};

/* PLMN <-> 3 octets of BCD. Decoding returns -E_INVAL on a non-BCD digit. */
void plmn_to_bytes(const struct plmn *p, uint8_t out[3]);
int plmn_from_bytes(struct plmn *p, const uint8_t in[3]);
bool plmn_eq(const struct plmn *a, const struct plmn *b);
/* "001-01" / "00101" / "001-001"; returns 0 or -E_INVAL. */
int plmn_parse(struct plmn *p, const char *s);
/* Writes "00101" (MCC then MNC, no separator) into out[7]. */
void plmn_str(const struct plmn *p, char out[8]);

bool s_nssai_eq(const struct s_nssai *a, const struct s_nssai *b);

/* Parses "10.0.0.1" or "2001:db8::1"; 0 or -E_INVAL. */
int ip_parse(struct ip_addr *a, const char *s);
/* Parses "10.45.0.0/16"; host bits must be zero. 0 or -E_INVAL. */
int ip_prefix_parse(struct ip_prefix *p, const char *s);
/* Writes the text form into out (at least 46 bytes); returns out. */
const char *ip_str(const struct ip_addr *a, char *out, size_t n);
size_t ip_len(const struct ip_addr *a);

/* True when s is min..max decimal digits and nothing else. */
bool str_digits(const char *s, size_t min, size_t max);

/* Value of one hex digit (either case), or -1. */
int hex_digit(int c);

/* Hex helpers: hex_decode returns bytes written or -E_INVAL/-E_NOSPC;
 * hex_encode writes 2*n lowercase digits and a NUL. */
int hex_decode(uint8_t *out, size_t cap, const char *hex);
void hex_encode(char *out, const void *in, size_t n);

#endif
