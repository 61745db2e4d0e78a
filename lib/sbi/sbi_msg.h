/* sbi_msg.h — what SBI requests and answers are made of, shared by the
 * server, the client and the NFs: methods, media types, the 3gpp-Sbi
 * headers, and the protocol error causes of TS 29.500 5.2.7.2 with the HTTP
 * status each one goes with.
 */
#ifndef NGCORE_SBI_MSG_H
#define NGCORE_SBI_MSG_H

#include <stdbool.h>
#include <stddef.h>

enum sbi_method {
	SBI_GET,
	SBI_PUT,
	SBI_POST,
	SBI_PATCH,
	SBI_DELETE,
	SBI_OPTIONS,
	SBI_HEAD,
	SBI_METHOD__N,
	SBI_METHOD_OTHER = SBI_METHOD__N, /* any other token: answered 405 */
};

/* "GET", ... ("?" for SBI_METHOD_OTHER). */
const char *sbi_method_name(enum sbi_method m);
/* The method named by s[0..n), or SBI_METHOD_OTHER. */
enum sbi_method sbi_method_parse(const char *s, size_t n);

/* Media types (TS 29.500 5.4). */
#define SBI_CT_JSON	   "application/json"
#define SBI_CT_PROBLEM	   "application/problem+json"
#define SBI_CT_JSON_PATCH  "application/json-patch+json" /* RFC 6902 */
#define SBI_CT_MERGE_PATCH "application/merge-patch+json" /* RFC 7396 */
#define SBI_CT_HAL	   "application/3gppHal+json" /* TS 29.501 6.2 */

/* True for the JSON media types above (parameters such as ";charset=utf-8"
 * and letter case are ignored). */
bool sbi_ct_is_json(const char *ct);
/* True when ct (case-insensitive, parameters ignored) is the media type mt. */
bool sbi_ct_is(const char *ct, const char *mt);

/* 3gpp-Sbi headers (TS 29.500 5.2.3.2), lower case as HTTP/2 carries them. */
#define SBI_HDR_TARGET_APIROOT	 "3gpp-sbi-target-apiroot"
#define SBI_HDR_CALLBACK	 "3gpp-sbi-callback"
#define SBI_HDR_MESSAGE_PRIORITY "3gpp-sbi-message-priority"

/* A header as the server received it or the client should send it. */
struct sbi_header {
	const char *name; /* lower case */
	const char *value; /* NUL-terminated */
};

/* Protocol and application error causes of TS 29.500 Table 5.2.7.2-1. */
enum sbi_cause {
	SBI_CAUSE_NONE, /* no cause member */
	SBI_CAUSE_INVALID_API, /* 400 unknown API name or version */
	SBI_CAUSE_INVALID_MSG_FORMAT, /* 400 body is not valid JSON/not the schema */
	SBI_CAUSE_INVALID_QUERY_PARAM, /* 400 unsupported query parameter */
	SBI_CAUSE_MANDATORY_QUERY_PARAM_INCORRECT, /* 400 */
	SBI_CAUSE_OPTIONAL_QUERY_PARAM_INCORRECT, /* 400 */
	SBI_CAUSE_MANDATORY_QUERY_PARAM_MISSING, /* 400 */
	SBI_CAUSE_MANDATORY_IE_INCORRECT, /* 400 */
	SBI_CAUSE_OPTIONAL_IE_INCORRECT, /* 400 */
	SBI_CAUSE_MANDATORY_IE_MISSING, /* 400 */
	SBI_CAUSE_UNSPECIFIED_MSG_FAILURE, /* 400 */
	SBI_CAUSE_INVALID_DISCOVERY_PARAM, /* 400 */
	SBI_CAUSE_NF_DISCOVERY_FAILURE, /* 400 */
	SBI_CAUSE_RESOURCE_CONTEXT_NOT_FOUND, /* 400 context behind a callback URI gone */
	SBI_CAUSE_MODIFICATION_NOT_ALLOWED, /* 403 */
	SBI_CAUSE_SUBSCRIPTION_NOT_FOUND, /* 404 */
	SBI_CAUSE_RESOURCE_URI_STRUCTURE_NOT_FOUND, /* 404 fixed part of the URI unknown */
	SBI_CAUSE_INCORRECT_LENGTH, /* 411 */
	SBI_CAUSE_NF_CONGESTION_RISK, /* 429 */
	SBI_CAUSE_INSUFFICIENT_RESOURCES, /* 500 */
	SBI_CAUSE_UNSPECIFIED_NF_FAILURE, /* 500 */
	SBI_CAUSE_SYSTEM_FAILURE, /* 500 */
	SBI_CAUSE_NF_CONGESTION, /* 503 */
	SBI_CAUSE_TARGET_NF_NOT_REACHABLE, /* 504 */
	SBI_CAUSE_TIMED_OUT_REQUEST, /* 504 */
	SBI_CAUSE__N,
};

/* "INVALID_MSG_FORMAT", ...; NULL for SBI_CAUSE_NONE. */
const char *sbi_cause_name(enum sbi_cause c);
/* The HTTP status the cause goes with (500 for an unknown value). */
int sbi_cause_status(enum sbi_cause c);
/* The cause named s, or SBI_CAUSE_NONE. */
enum sbi_cause sbi_cause_parse(const char *s);

/* RFC 9110 reason phrase for status ("Unknown" otherwise). */
const char *sbi_status_text(int status);

#endif
