#include "lib/sbi/models/common.h"

#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "lib/core/err.h"

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

int sbi_plmn_decode(struct plmn *p, const json_t *j, const char *at, struct sbi_jerr *e)
{
	char mcc[8], mnc[8];
	if (!json_is_object(j))
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_INCORRECT, at, NULL, "not an object");
	int rc = sbi_jget_str(j, at, "mcc", true, mcc, sizeof(mcc), e);
	if (rc < 0)
		return rc;
	rc = sbi_jget_str(j, at, "mnc", true, mnc, sizeof(mnc), e);
	if (rc < 0)
		return rc;
	size_t lc = strlen(mcc), ln = strlen(mnc);
	if (lc != 3 || !all_digits(mcc, lc))
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_INCORRECT, at, "mcc",
				    "must be 3 digits");
	if ((ln != 2 && ln != 3) || !all_digits(mnc, ln))
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_INCORRECT, at, "mnc",
				    "must be 2 or 3 digits");
	unsigned c = 0, n = 0;
	for (size_t i = 0; i < lc; i++)
		c = c * 10 + (unsigned)(mcc[i] - '0');
	for (size_t i = 0; i < ln; i++)
		n = n * 10 + (unsigned)(mnc[i] - '0');
	p->mcc = (uint16_t)c;
	p->mnc = (uint16_t)n;
	p->mnc_len = (uint8_t)ln;
	return 0;
}

json_t *sbi_plmn_encode(const struct plmn *p)
{
	char mcc[8], mnc[8];
	snprintf(mcc, sizeof(mcc), "%03u", p->mcc % 1000u);
	snprintf(mnc, sizeof(mnc), p->mnc_len == 3 ? "%03u" : "%02u", p->mnc % 1000u);
	return json_pack("{ssss}", "mcc", mcc, "mnc", mnc);
}

int sbi_snssai_decode(struct s_nssai *s, const json_t *j, const char *at, struct sbi_jerr *e)
{
	int64_t sst;
	char sd[16];
	if (!json_is_object(j))
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_INCORRECT, at, NULL, "not an object");
	int rc = sbi_jget_int(j, at, "sst", true, 0, 255, &sst, e);
	if (rc < 0)
		return rc;
	rc = sbi_jget_str(j, at, "sd", false, sd, sizeof(sd), e);
	if (rc < 0)
		return rc;
	s->sst = (uint8_t)sst;
	s->has_sd = rc == 0;
	s->sd = 0;
	if (s->has_sd) {
		uint8_t b[3];
		if (strlen(sd) != 6 || hex_decode(b, sizeof(b), sd) != 3)
			return sbi_jerr_set(e, SBI_CAUSE_OPTIONAL_IE_INCORRECT, at, "sd",
					    "must be 6 hex digits");
		s->sd = (uint32_t)b[0] << 16 | (uint32_t)b[1] << 8 | b[2];
	}
	return 0;
}

json_t *sbi_snssai_encode(const struct s_nssai *s)
{
	if (!s->has_sd)
		return json_pack("{si}", "sst", (int)s->sst);
	char sd[8];
	snprintf(sd, sizeof(sd), "%06x", s->sd & 0xffffffu);
	return json_pack("{siss}", "sst", (int)s->sst, "sd", sd);
}

int sbi_plmn_list_decode(struct plmn *out, uint8_t max, uint8_t *n, const json_t *arr,
			 const char *at, bool mandatory, struct sbi_jerr *e)
{
	char p[160];
	size_t i;
	json_t *v;
	*n = 0;
	if (json_array_size(arr) > max)
		return sbi_jerr_set(e,
				    mandatory ? SBI_CAUSE_MANDATORY_IE_INCORRECT
					      : SBI_CAUSE_OPTIONAL_IE_INCORRECT,
				    at, NULL, "too many items");
	json_array_foreach(arr, i, v)
	{
		int rc = sbi_plmn_decode(&out[i], v, sbi_jpath(p, sizeof(p), at, NULL, i), e);
		if (rc < 0)
			return rc;
		(*n)++;
	}
	return 0;
}

int sbi_snssai_list_decode(struct s_nssai *out, uint8_t max, uint8_t *n, const json_t *arr,
			   const char *at, bool mandatory, struct sbi_jerr *e)
{
	char p[160];
	size_t i;
	json_t *v;
	*n = 0;
	if (json_array_size(arr) > max)
		return sbi_jerr_set(e,
				    mandatory ? SBI_CAUSE_MANDATORY_IE_INCORRECT
					      : SBI_CAUSE_OPTIONAL_IE_INCORRECT,
				    at, NULL, "too many items");
	json_array_foreach(arr, i, v)
	{
		int rc = sbi_snssai_decode(&out[i], v, sbi_jpath(p, sizeof(p), at, NULL, i), e);
		if (rc < 0)
			return rc;
		(*n)++;
	}
	return 0;
}

json_t *sbi_problem_encode(const struct sbi_problem *p)
{
	json_t *j = json_object();
	if (!j)
		return NULL;
	int bad = sbi_jset_str(j, "type", p->type) | sbi_jset_str(j, "title", p->title);
	if (p->status)
		bad |= json_object_set_new(j, "status", json_integer(p->status));
	bad |= sbi_jset_str(j, "detail", p->detail) | sbi_jset_str(j, "instance", p->instance) |
	       sbi_jset_str(j, "cause", p->cause);
	if (p->n_invalid) {
		json_t *a = json_array();
		bad |= json_object_set_new(j, "invalidParams", a);
		for (unsigned i = 0; i < p->n_invalid && i < SBI_MAX_INVALID_PARAMS; i++) {
			json_t *ip = json_pack("{ss}", "param", p->invalid[i].param);
			if (ip && p->invalid[i].reason[0])
				bad |= sbi_jset_str(ip, "reason", p->invalid[i].reason);
			bad |= json_array_append_new(a, ip);
		}
	}
	if (bad) {
		json_decref(j);
		return NULL;
	}
	return j;
}

int sbi_problem_decode(struct sbi_problem *p, const json_t *j, struct sbi_jerr *e)
{
	memset(p, 0, sizeof(*p));
	if (!json_is_object(j))
		return sbi_jerr_set(e, SBI_CAUSE_INVALID_MSG_FORMAT, "", NULL, "not an object");
	int64_t st = 0;
	int rc;
	if ((rc = sbi_jget_str(j, "", "type", false, p->type, sizeof(p->type), e)) < 0 ||
	    (rc = sbi_jget_str(j, "", "title", false, p->title, sizeof(p->title), e)) < 0 ||
	    (rc = sbi_jget_int(j, "", "status", false, 0, 999, &st, e)) < 0 ||
	    (rc = sbi_jget_str(j, "", "detail", false, p->detail, sizeof(p->detail), e)) < 0 ||
	    (rc = sbi_jget_str(j, "", "instance", false, p->instance, sizeof(p->instance), e)) <
		    0 ||
	    (rc = sbi_jget_str(j, "", "cause", false, p->cause, sizeof(p->cause), e)) < 0)
		return rc;
	p->status = (int)st;
	json_t *a;
	rc = sbi_jget_array(j, "", "invalidParams", false, false, &a, e);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		size_t i;
		json_t *v;
		char at[64];
		json_array_foreach(a, i, v)
		{
			if (p->n_invalid == SBI_MAX_INVALID_PARAMS)
				break;
			sbi_jpath(at, sizeof(at), "/invalidParams", NULL, i);
			if (!json_is_object(v))
				return sbi_jerr_set(e, SBI_CAUSE_OPTIONAL_IE_INCORRECT, at, NULL,
						    "not an object");
			if ((rc = sbi_jget_str(v, at, "param", true, p->invalid[p->n_invalid].param,
					       sizeof(p->invalid[0].param), e)) < 0 ||
			    (rc = sbi_jget_str(v, at, "reason", false,
					       p->invalid[p->n_invalid].reason,
					       sizeof(p->invalid[0].reason), e)) < 0)
				return rc;
			p->n_invalid++;
		}
	}
	return 0;
}

static const char *const nf_type_names[SBI_NF_TYPE__N] = {
	[SBI_NF_OTHER] = "",
	[SBI_NF_NRF] = "NRF",
	[SBI_NF_UDM] = "UDM",
	[SBI_NF_AMF] = "AMF",
	[SBI_NF_SMF] = "SMF",
	[SBI_NF_AUSF] = "AUSF",
	[SBI_NF_NEF] = "NEF",
	[SBI_NF_PCF] = "PCF",
	[SBI_NF_SMSF] = "SMSF",
	[SBI_NF_NSSF] = "NSSF",
	[SBI_NF_UDR] = "UDR",
	[SBI_NF_LMF] = "LMF",
	[SBI_NF_GMLC] = "GMLC",
	[SBI_NF_5G_EIR] = "5G_EIR",
	[SBI_NF_SEPP] = "SEPP",
	[SBI_NF_UPF] = "UPF",
	[SBI_NF_N3IWF] = "N3IWF",
	[SBI_NF_AF] = "AF",
	[SBI_NF_UDSF] = "UDSF",
	[SBI_NF_BSF] = "BSF",
	[SBI_NF_CHF] = "CHF",
	[SBI_NF_NWDAF] = "NWDAF",
	[SBI_NF_PCSCF] = "PCSCF",
	[SBI_NF_CBCF] = "CBCF",
	[SBI_NF_HSS] = "HSS",
	[SBI_NF_UCMF] = "UCMF",
	[SBI_NF_SOR_AF] = "SOR_AF",
	[SBI_NF_SPAF] = "SPAF",
	[SBI_NF_MME] = "MME",
	[SBI_NF_SCSAS] = "SCSAS",
	[SBI_NF_SCEF] = "SCEF",
	[SBI_NF_SCP] = "SCP",
	[SBI_NF_NSSAAF] = "NSSAAF",
	[SBI_NF_ICSCF] = "ICSCF",
	[SBI_NF_SCSCF] = "SCSCF",
	[SBI_NF_DRA] = "DRA",
	[SBI_NF_IMS_AS] = "IMS_AS",
	[SBI_NF_AANF] = "AANF",
	[SBI_NF_5G_DDNMF] = "5G_DDNMF",
	[SBI_NF_NSACF] = "NSACF",
	[SBI_NF_MFAF] = "MFAF",
	[SBI_NF_EASDF] = "EASDF",
	[SBI_NF_DCCF] = "DCCF",
	[SBI_NF_MB_SMF] = "MB_SMF",
	[SBI_NF_TSCTSF] = "TSCTSF",
	[SBI_NF_ADRF] = "ADRF",
	[SBI_NF_GBA_BSF] = "GBA_BSF",
	[SBI_NF_CEF] = "CEF",
	[SBI_NF_MB_UPF] = "MB_UPF",
	[SBI_NF_NSWOF] = "NSWOF",
	[SBI_NF_PKMF] = "PKMF",
	[SBI_NF_MNPF] = "MNPF",
	[SBI_NF_SMS_GMSC] = "SMS_GMSC",
	[SBI_NF_SMS_IWMSC] = "SMS_IWMSC",
	[SBI_NF_MBSF] = "MBSF",
	[SBI_NF_MBSTF] = "MBSTF",
	[SBI_NF_PANF] = "PANF",
};

const char *sbi_nf_type_name(enum sbi_nf_type t)
{
	return (unsigned)t < SBI_NF_TYPE__N ? nf_type_names[t] : "";
}

enum sbi_nf_type sbi_nf_type_parse(const char *s)
{
	for (int t = 1; t < SBI_NF_TYPE__N; t++)
		if (strcmp(nf_type_names[t], s) == 0)
			return (enum sbi_nf_type)t;
	return SBI_NF_OTHER;
}

static const char *const status_names[] = { "REGISTERED", "SUSPENDED", "UNDISCOVERABLE" };

const char *sbi_nf_status_name(enum sbi_nf_status s)
{
	return (unsigned)s < 3 ? status_names[s] : "";
}

enum sbi_nf_status sbi_nf_status_parse(const char *s)
{
	for (int i = 0; i < 3; i++)
		if (strcmp(status_names[i], s) == 0)
			return (enum sbi_nf_status)i;
	return SBI_NF_STATUS_OTHER;
}

/* RFC 3339 5.6: date-fullyear is 4 digits, so DateTime carries the instants
 * 0000-01-01T00:00:00Z .. 9999-12-31T23:59:59Z and no others. */
#define DATETIME_MIN ((time_t)-62167219200)
#define DATETIME_MAX ((time_t)253402300799)
_Static_assert(sizeof(time_t) >= 8, "DateTime bounds need a 64-bit time_t");

void sbi_datetime_format(time_t t, char out[32])
{
	struct tm tm;
	if (t < DATETIME_MIN)
		t = DATETIME_MIN;
	if (t > DATETIME_MAX)
		t = DATETIME_MAX;
	gmtime_r(&t, &tm);
	/* "%04d": strftime's %Y writes year 30 as "30" (which parse refuses) */
	snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static int num(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

int sbi_datetime_parse(const char *s, time_t *t)
{
	int Y, M, D, h, m, sec;
	if (strlen(s) < 20 || num(s, 4, &Y) || s[4] != '-' || num(s + 5, 2, &M) || s[7] != '-' ||
	    num(s + 8, 2, &D) || (s[10] != 'T' && s[10] != 't') || num(s + 11, 2, &h) ||
	    s[13] != ':' || num(s + 14, 2, &m) || s[16] != ':' || num(s + 17, 2, &sec))
		return -E_INVAL;
	if (M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || m > 59 || sec > 60)
		return -E_INVAL;
	const char *p = s + 19;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return -E_INVAL;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	long off = 0;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh, om;
		if (num(p + 1, 2, &oh) || p[3] != ':' || num(p + 4, 2, &om) || oh > 23 || om > 59)
			return -E_INVAL;
		off = (oh * 3600L + om * 60L) * (*p == '+' ? 1 : -1);
		p += 6;
	} else {
		return -E_INVAL;
	}
	if (*p)
		return -E_INVAL;
	struct tm tm = { .tm_year = Y - 1900,
			 .tm_mon = M - 1,
			 .tm_mday = D,
			 .tm_hour = h,
			 .tm_min = m,
			 .tm_sec = sec };
	time_t v = timegm(&tm) - off;
	/* The offset (or second 60) can move the instant out of 0000..9999,
	 * where no DateTime can carry it back. */
	if (v < DATETIME_MIN || v > DATETIME_MAX)
		return -E_INVAL;
	*t = v;
	return 0;
}

int sbi_uuid_v4(char out[37])
{
	uint8_t b[16];
	if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b))
		return -E_IO;
	b[6] = (uint8_t)((b[6] & 0x0f) | 0x40); /* version 4 (RFC 4122 4.4) */
	b[8] = (uint8_t)((b[8] & 0x3f) | 0x80); /* variant 10 */
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
		 b[13], b[14], b[15]);
	return 0;
}

bool sbi_uuid_valid(const char *s)
{
	if (strlen(s) != 36)
		return false;
	for (int i = 0; i < 36; i++) {
		char c = s[i];
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return false;
		} else if (!((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'))) {
			return false;
		}
	}
	return true;
}
