/* err.h — named error codes shared by every ngcore module.
 *
 * Functions return 0 (or a length) on success and a negative E_* code on
 * failure: `return -E_SHORT;`. err_str() names a code for logs and messages.
 */
#ifndef NGCORE_CORE_ERR_H
#define NGCORE_CORE_ERR_H

enum err_code {
	E_OK = 0,
	E_NOMEM, /* allocation failed or an arena/pool limit was hit */
	E_NOSPC, /* caller's output buffer is too small */
	E_SHORT, /* input ended before a field was complete */
	E_RANGE, /* value outside its permitted range or constraint */
	E_INVAL, /* malformed input or bad argument */
	E_NOTFOUND, /* no such object */
	E_EXIST, /* object already exists */
	E_PROTO, /* protocol violation (wrong message or order) */
	E_UNSUPP, /* valid but not supported here */
	E_STATE, /* not permitted in the current state */
	E_MAC, /* integrity check (MAC, RES, tag) failed */
	E_REPLAY, /* replayed or stale sequence number */
	E_SYNC, /* sequence number out of range (resynchronise) */
	E_MISSING_IE, /* a mandatory IE is absent */
	E_UNKNOWN_IE, /* an IE the decoder does not know */
	E_IO, /* system call failed; errno says why */
	E_AGAIN, /* try again later (would block, queue full) */
	E_TIMEOUT, /* a timer expired before an answer came */
	E_CONFIG, /* configuration is wrong */
	E_CRYPTO, /* a crypto library call failed */
	E_CONGESTION, /* a pool or queue is exhausted: reject this one procedure */
	E_CANCELED, /* the operation was abandoned (object freed, shutdown) */
	E__COUNT
};

/* Returns a static name for rc (positive or negative), "E_?" if unknown. */
const char *err_str(int rc);

#endif
