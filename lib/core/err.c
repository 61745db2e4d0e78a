#include "lib/core/err.h"

static const char *const names[E__COUNT] = {
	[E_OK] = "ok",
	[E_NOMEM] = "out of memory",
	[E_NOSPC] = "no space in output buffer",
	[E_SHORT] = "input truncated",
	[E_RANGE] = "value out of range",
	[E_INVAL] = "invalid",
	[E_NOTFOUND] = "not found",
	[E_EXIST] = "already exists",
	[E_PROTO] = "protocol error",
	[E_UNSUPP] = "not supported",
	[E_STATE] = "not permitted in this state",
	[E_MAC] = "integrity check failed",
	[E_REPLAY] = "replayed sequence number",
	[E_SYNC] = "sequence number out of range",
	[E_MISSING_IE] = "mandatory IE missing",
	[E_UNKNOWN_IE] = "unknown IE",
	[E_IO] = "I/O error",
	[E_AGAIN] = "try again",
	[E_TIMEOUT] = "timed out",
	[E_CONFIG] = "configuration error",
	[E_CRYPTO] = "crypto library error",
	[E_CONGESTION] = "congestion",
	[E_CANCELED] = "canceled",
};

const char *err_str(int rc)
{
	if (rc < 0)
		rc = -rc;
	if (rc >= E__COUNT || !names[rc])
		return "E_?";
	return names[rc];
}
