/* models/common.h — TS 29.571 common data types the services share:
 * PlmnId, Snssai, ProblemDetails, DateTime, NfInstanceId (UUID), and the
 * NF type and status enumerations of TS 29.510 6.1.6.3.
 *
 * Decoders take the enclosing JSON pointer `at` for error messages and
 * follow lib/sbi/sbi_json.h's conventions. Encoders return a new reference
 * or NULL when out of memory.
 */
#ifndef NGCORE_SBI_MODELS_COMMON_H
#define NGCORE_SBI_MODELS_COMMON_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "lib/core/ids.h"
#include "lib/sbi/sbi_json.h"

/* PlmnId {"mcc": "001", "mnc": "01"} (TS 29.571 5.4.4.3). */
int sbi_plmn_decode(struct plmn *p, const json_t *j, const char *at, struct sbi_jerr *e);
json_t *sbi_plmn_encode(const struct plmn *p);

/* Snssai / ExtSnssai {"sst": 1, "sd": "010203"} (TS 29.571 5.4.4.2). */
int sbi_snssai_decode(struct s_nssai *s, const json_t *j, const char *at, struct sbi_jerr *e);
json_t *sbi_snssai_encode(const struct s_nssai *s);

/* Decodes an array of at most max items of PlmnId / Snssai into out,
 * setting *n. More items than max is OPTIONAL/MANDATORY_IE_INCORRECT. */
int sbi_plmn_list_decode(struct plmn *out, uint8_t max, uint8_t *n, const json_t *arr,
			 const char *at, bool mandatory, struct sbi_jerr *e);
int sbi_snssai_list_decode(struct s_nssai *out, uint8_t max, uint8_t *n, const json_t *arr,
			   const char *at, bool mandatory, struct sbi_jerr *e);

#define SBI_MAX_INVALID_PARAMS 4

/* ProblemDetails (TS 29.571 5.2.4.1, RFC 7807). */
struct sbi_problem {
	char type[128]; /* URI, "" when absent */
	char title[64]; /* short summary, "" when absent */
	int status; /* HTTP status, 0 when absent */
	char detail[256]; /* human-readable explanation */
	char instance[128]; /* URI of the occurrence */
	char cause[64]; /* TS 29.500 5.2.7 cause, "" when absent */
	struct {
		char param[128]; /* JSON pointer, "query NAME", "header NAME" or "{var}" */
		char reason[128]; /* why it is invalid */
	} invalid[SBI_MAX_INVALID_PARAMS]; /* invalidParams */
	unsigned n_invalid; /* entries in invalid */
};

json_t *sbi_problem_encode(const struct sbi_problem *p);
int sbi_problem_decode(struct sbi_problem *p, const json_t *j, struct sbi_jerr *e);

/* NFType (TS 29.510 6.1.6.3.3). A string outside the enumeration is kept
 * as SBI_NF_OTHER (the type is extensible). */
enum sbi_nf_type {
	SBI_NF_OTHER = 0,
	SBI_NF_NRF,
	SBI_NF_UDM,
	SBI_NF_AMF,
	SBI_NF_SMF,
	SBI_NF_AUSF,
	SBI_NF_NEF,
	SBI_NF_PCF,
	SBI_NF_SMSF,
	SBI_NF_NSSF,
	SBI_NF_UDR,
	SBI_NF_LMF,
	SBI_NF_GMLC,
	SBI_NF_5G_EIR,
	SBI_NF_SEPP,
	SBI_NF_UPF,
	SBI_NF_N3IWF,
	SBI_NF_AF,
	SBI_NF_UDSF,
	SBI_NF_BSF,
	SBI_NF_CHF,
	SBI_NF_NWDAF,
	SBI_NF_PCSCF,
	SBI_NF_CBCF,
	SBI_NF_HSS,
	SBI_NF_UCMF,
	SBI_NF_SOR_AF,
	SBI_NF_SPAF,
	SBI_NF_MME,
	SBI_NF_SCSAS,
	SBI_NF_SCEF,
	SBI_NF_SCP,
	SBI_NF_NSSAAF,
	SBI_NF_ICSCF,
	SBI_NF_SCSCF,
	SBI_NF_DRA,
	SBI_NF_IMS_AS,
	SBI_NF_AANF,
	SBI_NF_5G_DDNMF,
	SBI_NF_NSACF,
	SBI_NF_MFAF,
	SBI_NF_EASDF,
	SBI_NF_DCCF,
	SBI_NF_MB_SMF,
	SBI_NF_TSCTSF,
	SBI_NF_ADRF,
	SBI_NF_GBA_BSF,
	SBI_NF_CEF,
	SBI_NF_MB_UPF,
	SBI_NF_NSWOF,
	SBI_NF_PKMF,
	SBI_NF_MNPF,
	SBI_NF_SMS_GMSC,
	SBI_NF_SMS_IWMSC,
	SBI_NF_MBSF,
	SBI_NF_MBSTF,
	SBI_NF_PANF,
	SBI_NF_TYPE__N,
};

/* "AMF"...; "" for SBI_NF_OTHER. */
const char *sbi_nf_type_name(enum sbi_nf_type t);
/* The enumerated type named s, or SBI_NF_OTHER. */
enum sbi_nf_type sbi_nf_type_parse(const char *s);

/* NFStatus (TS 29.510 6.1.6.3.2) — also used for NFServiceStatus. */
enum sbi_nf_status {
	SBI_NF_REGISTERED,
	SBI_NF_SUSPENDED,
	SBI_NF_UNDISCOVERABLE,
	SBI_NF_STATUS_OTHER, /* a value this release does not know */
};
const char *sbi_nf_status_name(enum sbi_nf_status s);
enum sbi_nf_status sbi_nf_status_parse(const char *s);

/* DateTime (RFC 3339, UTC, "2026-11-26T10:00:00Z"). Format writes out[32]:
 * always 4 year digits; instants outside years 0000..9999 (which RFC 3339
 * cannot write) are clamped to its first or last second. */
void sbi_datetime_format(time_t t, char out[32]);
/* Accepts fractional seconds and a Z or +hh:mm offset. 0 or -E_INVAL (also
 * when the offset moves the instant outside years 0000..9999 UTC). */
int sbi_datetime_parse(const char *s, time_t *t);

/* NfInstanceId: a random (version 4) UUID in lower case, out[37]. */
int sbi_uuid_v4(char out[37]);
/* True for the 8-4-4-4-12 hex form of RFC 4122. */
bool sbi_uuid_valid(const char *s);

#endif
