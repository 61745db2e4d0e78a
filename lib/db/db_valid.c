/* db_valid.c — subscriber defaults and validation, shared by the store and
 * the management API (which reports the field each check names). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "lib/core/ids.h"
#include "lib/core/err.h"
#include "lib/db/db.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

void db_dnn_defaults(struct db_dnn *d, const char *dnn)
{
	memset(d, 0, sizeof(*d));
	snprintf(d->dnn, sizeof(d->dnn), "%s", dnn ? dnn : "internet");
	d->qi5 = 9; /* TS 23.501 Table 5.7.4-1: non-GBR, default bearer */
	d->arp_level = 8; /* middle of 1..15 */
	d->arp_preempt_cap = false;
	d->arp_preempt_vuln = true;
}

void db_sub_defaults(struct db_sub *sub)
{
	memset(sub, 0, sizeof(*sub));
	sub->op_kind = DB_OPC;
	sub->amf = 0x8000; /* AMF separation bit set: TS 33.501 6.1.3.2 requires it for 5G */
	sub->sqn = 0;
	sub->ambr_ul = 1000000000;
	sub->ambr_dl = 1000000000;
	sub->n_slices = 1;
	sub->slices[0].s_nssai.sst = 1; /* DESIGN.md network identity defaults: SST 1 */
	sub->slices[0].n_dnns = 1;
	db_dnn_defaults(&sub->slices[0].dnns[0], "internet");
}

int db_supi_valid(const char *supi)
{
	if (!supi || strncmp(supi, "imsi-", 5) != 0)
		return -E_INVAL;
	for (int i = 0; i < DB_IMSI_DIGITS; i++)
		if (!is_digit(supi[5 + i]))
			return -E_INVAL;
	return supi[5 + DB_IMSI_DIGITS] == 0 ? 0 : -E_INVAL;
}

int db_supi_from_str(char out[DB_SUPI_LEN], const char *s)
{
	char buf[DB_SUPI_LEN];

	if (!s)
		return -E_INVAL;
	if (strncmp(s, "imsi-", 5) == 0)
		s += 5;
	if (strlen(s) != DB_IMSI_DIGITS)
		return -E_INVAL;
	snprintf(buf, sizeof(buf), "imsi-%s", s);
	if (db_supi_valid(buf) < 0)
		return -E_INVAL;
	memcpy(out, buf, sizeof(buf));
	return 0;
}

int db_hex_parse(uint8_t *out, size_t n, const char *hex)
{
	if (!hex || strlen(hex) != 2 * n || hex_decode(out, n, hex) != (int)n)
		return -E_INVAL;
	return 0;
}

int db_amf_parse(uint16_t *out, const char *hex)
{
	uint8_t b[2];

	if (db_hex_parse(b, 2, hex) < 0)
		return -E_INVAL;
	*out = (uint16_t)(b[0] << 8 | b[1]);
	return 0;
}

int db_sqn_parse(uint64_t *out, const char *hex)
{
	uint64_t v = 0;
	size_t n = hex ? strlen(hex) : 0;

	if (n == 0 || n > 12)
		return -E_INVAL;
	for (size_t i = 0; i < n; i++) {
		int d = hex_digit((unsigned char)hex[i]);
		if (d < 0)
			return -E_INVAL;
		v = v << 4 | (uint64_t)d;
	}
	*out = v;
	return 0;
}

int db_sst_valid(int64_t sst)
{
	return sst >= 0 && sst <= 255 ? 0 : -E_RANGE;
}

int db_sd_parse(uint32_t *out, const char *hex)
{
	uint8_t b[3];

	if (db_hex_parse(b, 3, hex) < 0)
		return -E_INVAL;
	uint32_t sd = (uint32_t)b[0] << 16 | (uint32_t)b[1] << 8 | b[2];
	if (sd == 0xffffff) /* TS 23.003 28.4.2: FFFFFF means "no SD" */
		return -E_RANGE;
	*out = sd;
	return 0;
}

/* TS 23.003 9.1.1: labels of alphanumerics and hyphens, separated by dots;
 * at most 63 octets for the network identifier; not ending in ".gprs". */
int db_dnn_valid(const char *dnn)
{
	size_t n = dnn ? strlen(dnn) : 0, label = 0;

	if (n == 0 || n > DB_DNN_LEN - 1)
		return -E_INVAL;
	for (size_t i = 0; i < n; i++) {
		char c = dnn[i];
		if (c == '.') {
			if (label == 0)
				return -E_INVAL;
			label = 0;
			continue;
		}
		if (!is_digit(c) && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && c != '-')
			return -E_INVAL;
		label++;
	}
	if (label == 0)
		return -E_INVAL;
	if (n >= 5 && strcasecmp(dnn + n - 5, ".gprs") == 0)
		return -E_INVAL;
	return 0;
}

int db_msisdn_valid(const char *msisdn)
{
	size_t n = msisdn ? strlen(msisdn) : 0;

	if (n == 0 || n > DB_MSISDN_LEN - 1)
		return -E_INVAL;
	for (size_t i = 0; i < n; i++)
		if (!is_digit(msisdn[i]))
			return -E_INVAL;
	return 0;
}

static const struct {
	const char *unit; /* TS 29.571 BitRate unit */
	uint64_t mult; /* bit/s per unit */
} rate_units[] = {
	{ "Tbps", 1000000000000ull }, { "Gbps", 1000000000ull }, { "Mbps", 1000000ull },
	{ "Kbps", 1000ull },	      { "bps", 1ull },
};

/* TS 29.571 5.5.2 BitRate: "^\d+(\.\d+)? (bps|Kbps|Mbps|Gbps|Tbps)$"; plain
 * digits are taken as bit/s. */
int db_bitrate_parse(uint64_t *out, const char *s)
{
	uint64_t ip = 0, frac = 0, fdiv = 1;
	const char *p = s;

	if (!s || !is_digit(*p))
		return -E_INVAL;
	for (; is_digit(*p); p++) {
		if (ip > (UINT64_MAX - 9) / 10)
			return -E_RANGE;
		ip = ip * 10 + (uint64_t)(*p - '0');
	}
	if (*p == '.') {
		p++;
		if (!is_digit(*p))
			return -E_INVAL;
		for (; is_digit(*p); p++) {
			if (fdiv >= 1000000000000ull)
				return -E_INVAL; /* finer than 1 bit/s at Tbps */
			frac = frac * 10 + (uint64_t)(*p - '0');
			fdiv *= 10;
		}
	}
	if (*p == 0) {
		if (fdiv != 1)
			return -E_INVAL;
		*out = ip;
		return 0;
	}
	if (*p != ' ')
		return -E_INVAL;
	p++;
	for (size_t i = 0; i < sizeof(rate_units) / sizeof(rate_units[0]); i++) {
		if (strcmp(p, rate_units[i].unit) != 0)
			continue;
		uint64_t m = rate_units[i].mult;
		if (ip > UINT64_MAX / m)
			return -E_RANGE;
		/* both powers of ten; a fraction finer than 1 bit/s is dropped */
		uint64_t f = fdiv <= m ? frac * (m / fdiv) : frac / (fdiv / m);
		if (ip * m > UINT64_MAX - f)
			return -E_RANGE;
		*out = ip * m + f;
		return 0;
	}
	return -E_INVAL;
}

void db_bitrate_str(char *out, size_t n, uint64_t bps)
{
	for (size_t i = 0; i < sizeof(rate_units) / sizeof(rate_units[0]); i++) {
		uint64_t m = rate_units[i].mult;
		if (bps >= m && bps % m == 0) {
			snprintf(out, n, "%" PRIu64 " %s", bps / m, rate_units[i].unit);
			return;
		}
	}
	snprintf(out, n, "%" PRIu64 " bps", bps);
}

#define FAIL(name)                                                                                 \
	do {                                                                                       \
		*field = (name);                                                                   \
		return -E_INVAL;                                                                   \
	} while (0)

int db_sub_check(const struct db_sub *sub, const char **field, char *fbuf, size_t fbuf_len)
{
	if (db_supi_valid(sub->supi) < 0)
		FAIL("supi");
	if (sub->op_kind != DB_OPC && sub->op_kind != DB_OP)
		FAIL("opc");
	if (sub->sqn > DB_SQN_MAX)
		FAIL("sqn");
	if (sub->msisdn[0] && db_msisdn_valid(sub->msisdn) < 0)
		FAIL("msisdn");
	if (sub->ambr_ul == 0 || sub->ambr_ul > INT64_MAX)
		FAIL("ambr.uplink");
	if (sub->ambr_dl == 0 || sub->ambr_dl > INT64_MAX)
		FAIL("ambr.downlink");
	if (sub->n_slices == 0 || sub->n_slices > DB_MAX_SLICES)
		FAIL("slices");
	for (unsigned i = 0; i < sub->n_slices; i++) {
		const struct db_slice *sl = &sub->slices[i];
		if (sl->s_nssai.has_sd && sl->s_nssai.sd >= 0xffffff) {
			snprintf(fbuf, fbuf_len, "slices[%u].sd", i);
			FAIL(fbuf);
		}
		for (unsigned j = 0; j < i; j++)
			if (s_nssai_eq(&sub->slices[j].s_nssai, &sl->s_nssai)) {
				snprintf(fbuf, fbuf_len, "slices[%u]", i);
				FAIL(fbuf); /* the same S-NSSAI twice */
			}
		if (sl->n_dnns == 0 || sl->n_dnns > DB_MAX_DNNS) {
			snprintf(fbuf, fbuf_len, "slices[%u].dnns", i);
			FAIL(fbuf);
		}
		for (unsigned d = 0; d < sl->n_dnns; d++) {
			const struct db_dnn *dn = &sl->dnns[d];
			const char *what = NULL;
			if (db_dnn_valid(dn->dnn) < 0)
				what = "dnn";
			else if (dn->qi5 == 0)
				what = "5qi";
			else if (dn->arp_level < 1 || dn->arp_level > 15)
				what = "arp.priority";
			for (unsigned e = 0; !what && e < d; e++)
				if (strcasecmp(sl->dnns[e].dnn, dn->dnn) == 0)
					what = "dnn";
			if (what) {
				snprintf(fbuf, fbuf_len, "slices[%u].dnns[%u].%s", i, d, what);
				FAIL(fbuf);
			}
		}
	}
	return 0;
}
