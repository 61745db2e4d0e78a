/* nas_sec.h — 5G NAS message protection (TS 24.501 4.4, TS 33.501 6.4).
 *
 * Security protected 5GS NAS message (8.2.28):
 *   +------+-----------+-----------+----+---------------------------------+
 *   | 0x7E | 0 | SHT   | MAC (4)   | SN | plain 5GS NAS message           |
 *   +------+-----------+-----------+----+---------------------------------+
 *     1        2         3..6        7     8..n   <- ciphered (SHT 2, 4)
 *                                   \____________ integrity (MAC) ______/
 *
 * Protect: cipher the plain message with NEA (header types 2 and 4), then
 * compute the MAC with NIA over SN || (ciphered) message; COUNT is the 24-bit
 * NAS COUNT (16-bit overflow counter, 8-bit SN) of the sending direction,
 * BEARER the NAS connection identifier (0 for 3GPP access), DIRECTION 0 for
 * uplink and 1 for downlink (TS 33.501 6.4.3, 6.4.4).
 *
 * Unprotect: estimate the sender's NAS COUNT from the 8-bit SN (TS 33.501
 * 6.4.3.1, TS 24.501 4.4.3.1): keep the overflow counter of the next
 * expected COUNT and add one if the SN is below it; check the MAC with that
 * COUNT; accept each COUNT only once (replay protection); decipher.
 *
 * Keys stay in the context; nas_sec_fini()/nas_sec_free() wipe them. Nothing
 * here logs.
 */
#ifndef NGCORE_CODEC_NAS_SEC_H
#define NGCORE_CODEC_NAS_SEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/codec/nas/nas.h"

#define NAS_COUNT_MAX	0xFFFFFFu /* NAS COUNT is 24 bits and must not wrap */
#define NAS_COUNT_REKEY 0xFFFF00u /* from here on the AMF should re-key (4.4.3.1) */

enum nas_sec_role {
	NAS_ROLE_NETWORK = 0, /* AMF: sends downlink, receives uplink */
	NAS_ROLE_UE = 1, /* UE (ngsim): sends uplink, receives downlink */
};

/* A 5G NAS security context (TS 33.501 6.3.2) as one side holds it. */
struct nas_sec_ctx {
	uint8_t role; /* enum nas_sec_role */
	struct nas_ksi ksi; /* ngKSI of this context */
	uint8_t nia; /* selected integrity algorithm (enum nas_alg, 0..3) */
	uint8_t nea; /* selected ciphering algorithm (enum nas_alg, 0..3) */
	uint8_t bearer; /* NAS connection identifier: 0 3GPP, 1 non-3GPP access */
	uint8_t k_int[16]; /* K_NASint */
	uint8_t k_enc[16]; /* K_NASenc */
	uint32_t ul_count; /* NAS COUNT of the next uplink message (24 bits) */
	uint32_t dl_count; /* NAS COUNT of the next downlink message (24 bits) */
};

/* What nas_unprotect() learnt about a message. */
struct nas_unprot_info {
	uint8_t sht; /* security header type received */
	uint8_t sn; /* sequence number received */
	uint32_t count; /* NAS COUNT estimated for it */
	bool mac_ok; /* MAC verified (always true with NIA0) */
};

/* Sets up c with fresh counters (both 0, as after a new K_AMF: 4.4.3.1).
 * Keys are copied. Returns 0 or -E_INVAL (algorithm > 3, ksi > 7). */
int nas_sec_init(struct nas_sec_ctx *c, enum nas_sec_role role, struct nas_ksi ksi,
		 const uint8_t k_int[16], const uint8_t k_enc[16], uint8_t nia, uint8_t nea);
/* Wipes the keys and everything else in c. */
void nas_sec_fini(struct nas_sec_ctx *c);
/* Heap variants: _new returns NULL on allocation failure; _free wipes. */
struct nas_sec_ctx *nas_sec_new(enum nas_sec_role role, struct nas_ksi ksi, const uint8_t k_int[16],
				const uint8_t k_enc[16], uint8_t nia, uint8_t nea);
void nas_sec_free(struct nas_sec_ctx *c);

/* True when either NAS COUNT has come close to wrapping (re-key before it does). */
bool nas_sec_needs_rekey(const struct nas_sec_ctx *c);

/* Protects the plain message plain[0..len) with header type sht (1..4) into
 * out[0..cap); the two may overlap. Uses and then advances the sending
 * direction's NAS COUNT. Returns the protected length, or -E_INVAL (sht), -E_NOSPC, -E_RANGE (the
 * NAS COUNT would wrap: a new context is needed), -E_CRYPTO. */
int nas_protect(struct nas_sec_ctx *c, uint8_t sht, const uint8_t *plain, size_t len, uint8_t *out,
		size_t cap);
/* Same, for a plain message already placed at buf[7..7+len) (buf has room
 * for the 7-octet header in front). Returns len + 7 or a negative E_* code. */
int nas_protect_inplace(struct nas_sec_ctx *c, uint8_t sht, uint8_t *buf, size_t len);
/* Encodes m and protects it in one pass (no copy). Returns the length or a
 * negative E_* code (encoding errors are described in err, which may be NULL). */
int nas_protect_msg(struct nas_sec_ctx *c, uint8_t sht, const struct nas_msg *m, uint8_t *out,
		    size_t cap, struct nas_err *err);

/* Checks and removes the protection of in[0..len): writes the plain message
 * into out[0..cap) and returns its length. Errors:
 *   -E_PROTO   not a security protected 5GMM message (plain, reserved SHT, ...)
 *   -E_SHORT   too short to hold a header and a message
 *   -E_MAC     integrity check failed
 *   -E_REPLAY  the message was accepted before (its COUNT is behind the next expected)
 *   -E_RANGE   the estimated NAS COUNT would wrap
 *   -E_NOSPC, -E_CRYPTO
 * On -E_MAC and -E_REPLAY, out still receives the payload (deciphered with the
 * estimated COUNT) and info is filled, so that the AMF can apply the cases
 * of TS 24.501 4.4.4.3 where unverified messages are processed; the
 * receiving NAS COUNT only advances on success. in and out may overlap
 * (out == in + 7 deciphers in place). info may be NULL. */
int nas_unprotect(struct nas_sec_ctx *c, const uint8_t *in, size_t len, uint8_t *out, size_t cap,
		  struct nas_unprot_info *info);

#endif
