#include "lib/sbi/sbi_msg.h"

#include <string.h>
#include <strings.h>

static const char *const method_names[SBI_METHOD__N] = {
	[SBI_GET] = "GET",     [SBI_PUT] = "PUT",	[SBI_POST] = "POST",
	[SBI_PATCH] = "PATCH", [SBI_DELETE] = "DELETE", [SBI_OPTIONS] = "OPTIONS",
	[SBI_HEAD] = "HEAD",
};

const char *sbi_method_name(enum sbi_method m)
{
	return (unsigned)m < SBI_METHOD__N ? method_names[m] : "?";
}

enum sbi_method sbi_method_parse(const char *s, size_t n)
{
	for (int m = 0; m < SBI_METHOD__N; m++)
		if (strlen(method_names[m]) == n && memcmp(method_names[m], s, n) == 0)
			return (enum sbi_method)m;
	return SBI_METHOD_OTHER;
}

/* Length of the media type in ct, without parameters and trailing blanks. */
static size_t mt_len(const char *ct)
{
	size_t n = strcspn(ct, ";");
	while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
		n--;
	return n;
}

bool sbi_ct_is(const char *ct, const char *mt)
{
	if (!ct)
		return false;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	size_t n = mt_len(ct);
	return n == strlen(mt) && strncasecmp(ct, mt, n) == 0;
}

bool sbi_ct_is_json(const char *ct)
{
	return sbi_ct_is(ct, SBI_CT_JSON) || sbi_ct_is(ct, SBI_CT_PROBLEM) ||
	       sbi_ct_is(ct, SBI_CT_JSON_PATCH) || sbi_ct_is(ct, SBI_CT_MERGE_PATCH) ||
	       sbi_ct_is(ct, SBI_CT_HAL);
}

struct cause_info {
	const char *name; /* cause value */
	int status; /* HTTP status */
};

/* TS 29.500 Table 5.2.7.2-1. */
static const struct cause_info causes[SBI_CAUSE__N] = {
	[SBI_CAUSE_NONE] = { NULL, 500 },
	[SBI_CAUSE_INVALID_API] = { "INVALID_API", 400 },
	[SBI_CAUSE_INVALID_MSG_FORMAT] = { "INVALID_MSG_FORMAT", 400 },
	[SBI_CAUSE_INVALID_QUERY_PARAM] = { "INVALID_QUERY_PARAM", 400 },
	[SBI_CAUSE_MANDATORY_QUERY_PARAM_INCORRECT] = { "MANDATORY_QUERY_PARAM_INCORRECT", 400 },
	[SBI_CAUSE_OPTIONAL_QUERY_PARAM_INCORRECT] = { "OPTIONAL_QUERY_PARAM_INCORRECT", 400 },
	[SBI_CAUSE_MANDATORY_QUERY_PARAM_MISSING] = { "MANDATORY_QUERY_PARAM_MISSING", 400 },
	[SBI_CAUSE_MANDATORY_IE_INCORRECT] = { "MANDATORY_IE_INCORRECT", 400 },
	[SBI_CAUSE_OPTIONAL_IE_INCORRECT] = { "OPTIONAL_IE_INCORRECT", 400 },
	[SBI_CAUSE_MANDATORY_IE_MISSING] = { "MANDATORY_IE_MISSING", 400 },
	[SBI_CAUSE_UNSPECIFIED_MSG_FAILURE] = { "UNSPECIFIED_MSG_FAILURE", 400 },
	[SBI_CAUSE_INVALID_DISCOVERY_PARAM] = { "INVALID_DISCOVERY_PARAM", 400 },
	[SBI_CAUSE_MODIFICATION_NOT_ALLOWED] = { "MODIFICATION_NOT_ALLOWED", 403 },
	[SBI_CAUSE_SUBSCRIPTION_NOT_FOUND] = { "SUBSCRIPTION_NOT_FOUND", 404 },
	[SBI_CAUSE_RESOURCE_URI_STRUCTURE_NOT_FOUND] = { "RESOURCE_URI_STRUCTURE_NOT_FOUND", 404 },
	[SBI_CAUSE_RESOURCE_CONTEXT_NOT_FOUND] = { "RESOURCE_CONTEXT_NOT_FOUND", 400 },
	[SBI_CAUSE_NF_DISCOVERY_FAILURE] = { "NF_DISCOVERY_FAILURE", 400 },
	[SBI_CAUSE_INCORRECT_LENGTH] = { "INCORRECT_LENGTH", 411 },
	[SBI_CAUSE_NF_CONGESTION_RISK] = { "NF_CONGESTION_RISK", 429 },
	[SBI_CAUSE_INSUFFICIENT_RESOURCES] = { "INSUFFICIENT_RESOURCES", 500 },
	[SBI_CAUSE_UNSPECIFIED_NF_FAILURE] = { "UNSPECIFIED_NF_FAILURE", 500 },
	[SBI_CAUSE_SYSTEM_FAILURE] = { "SYSTEM_FAILURE", 500 },
	[SBI_CAUSE_NF_CONGESTION] = { "NF_CONGESTION", 503 },
	[SBI_CAUSE_TARGET_NF_NOT_REACHABLE] = { "TARGET_NF_NOT_REACHABLE", 504 },
	[SBI_CAUSE_TIMED_OUT_REQUEST] = { "TIMED_OUT_REQUEST", 504 },
};

const char *sbi_cause_name(enum sbi_cause c)
{
	return (unsigned)c < SBI_CAUSE__N ? causes[c].name : NULL;
}

int sbi_cause_status(enum sbi_cause c)
{
	return (unsigned)c < SBI_CAUSE__N ? causes[c].status : 500;
}

enum sbi_cause sbi_cause_parse(const char *s)
{
	if (!s)
		return SBI_CAUSE_NONE;
	for (int c = 1; c < SBI_CAUSE__N; c++)
		if (strcmp(causes[c].name, s) == 0)
			return (enum sbi_cause)c;
	return SBI_CAUSE_NONE;
}

const char *sbi_status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 202: return "Accepted";
	case 204: return "No Content";
	case 303: return "See Other";
	case 307: return "Temporary Redirect";
	case 308: return "Permanent Redirect";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 406: return "Not Acceptable";
	case 408: return "Request Timeout";
	case 409: return "Conflict";
	case 411: return "Length Required";
	case 412: return "Precondition Failed";
	case 413: return "Payload Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	default: return "Unknown";
	}
}
