/* suci.h — SUPI concealment and de-concealment (TS 33.501 6.12, Annex C).
 *
 * Protection schemes (TS 33.501 C.1 / TS 24.501 9.11.3.4): null (0),
 * ECIES profile A (1: X25519) and profile B (2: secp256r1, compressed
 * points). The scheme output of A and B, as carried in the SUCI:
 *
 *   +---------------------------+------------------+-------------+
 *   | ephemeral public key      | ciphertext       | MAC tag     |
 *   | A: 32 octets (X25519 u)   | as long as the   | 8 octets    |
 *   | B: 33 octets (02|03 || x) | scheme input     |             |
 *   +---------------------------+------------------+-------------+
 *
 *   Z = ECDH(private, peer public)     A: X25519 (RFC 7748); B: x of the ECDH point
 *   K = X9.63-KDF-SHA-256(Z, SharedInfo1 = ephemeral public key), 64 octets
 *   EK = K[0..16)  ICB = K[16..32)  MK = K[32..64)
 *   ciphertext = AES-128-CTR(EK, ICB, input)   (32-bit counter, C.3.4.0)
 *   tag = HMAC-SHA-256(MK, ciphertext)[0..8)
 *
 * For an IMSI the scheme input is the MSIN in packed BCD, 'F' filling an odd
 * last octet (C.3.1): suci_msin_to_bcd() / suci_msin_from_bcd().
 *
 * The home network (UDM/SIDF) keeps its private keys in a struct hn_keys,
 * filled once from raw bytes or files; after that it is only read, so one
 * ring may serve many threads. Errors, as negative E_* codes:
 *   -E_NOTFOUND  no key with that identifier for that scheme
 *   -E_SHORT     scheme output too short for its scheme
 *   -E_MAC       MAC tag does not match (wrong key, tampered or corrupted)
 *   -E_INVAL     malformed ephemeral key, bad argument, bad key file
 *   -E_UNSUPP    protection scheme not supported
 *   -E_NOSPC     caller's output buffer too small
 *   -E_EXIST     key identifier already loaded for that scheme
 *   -E_IO        key file unreadable (errno says why)
 *   -E_CRYPTO    OpenSSL failure
 */
#ifndef NGCORE_CRYPTO_SUCI_H
#define NGCORE_CRYPTO_SUCI_H

#include <stddef.h>
#include <stdint.h>

enum suci_scheme {
	SUCI_SCHEME_NULL = 0, /* null-scheme: output = input */
	SUCI_SCHEME_PROFILE_A = 1, /* ECIES profile A, Curve25519 */
	SUCI_SCHEME_PROFILE_B = 2, /* ECIES profile B, secp256r1 */
};

#define SUCI_MAC_LEN	8 /* MAC tag octets */
#define SUCI_A_PUB_LEN	32 /* profile A ephemeral / home network public key */
#define SUCI_B_PUB_LEN	33 /* profile B compressed public key */
#define SUCI_PRIV_LEN	32 /* private key octets, both profiles */
#define SUCI_OVERHEAD_A (SUCI_A_PUB_LEN + SUCI_MAC_LEN)
#define SUCI_OVERHEAD_B (SUCI_B_PUB_LEN + SUCI_MAC_LEN)
#define HN_KEYS_MAX	64 /* keys one ring holds */

struct hn_keys; /* home network private keys, by (scheme, key identifier) */

/* A new, empty ring, or NULL when out of memory. */
struct hn_keys *hn_keys_new(void);
/* Frees the ring; every private key in it is wiped first. NULL is a no-op. */
void hn_keys_free(struct hn_keys *ks);

/* Adds a private key given as SUCI_PRIV_LEN raw octets (profile A: the
 * X25519 scalar as in RFC 7748; profile B: the big-endian scalar). */
int hn_keys_add(struct hn_keys *ks, uint8_t key_id, enum suci_scheme scheme, const uint8_t *priv,
		size_t len);

/* Adds the private key in a file: PEM ("PRIVATE KEY" PKCS#8 or "EC PRIVATE
 * KEY"), or 64 hex digits (whitespace allowed). The key must match the scheme
 * (X25519 for A, P-256 for B). The only function here that does I/O. */
int hn_keys_load_file(struct hn_keys *ks, uint8_t key_id, enum suci_scheme scheme,
		      const char *path);

/* Loads a key list: one key per line, "KEY-ID SCHEME FILE" with SCHEME
 * A/B (or 1/2) and FILE relative to the list's directory; '#' starts a
 * comment. Returns the number of keys added, or the first error (with
 * *err_line, if not NULL, set to its line). */
int hn_keys_load_list(struct hn_keys *ks, const char *path, int *err_line);

/* The public key to provision in USIMs for (scheme, key_id): 32 octets for
 * A, 33 (compressed) for B. Returns its length. */
int hn_keys_public(const struct hn_keys *ks, uint8_t key_id, enum suci_scheme scheme, uint8_t *out,
		   size_t cap);

/* Home network: recovers the scheme input from a scheme output. Returns the
 * plaintext length written to out. Nothing is written to out unless the MAC
 * checks. */
int suci_deconceal(const struct hn_keys *ks, enum suci_scheme scheme, uint8_t key_id,
		   const uint8_t *in, size_t len, uint8_t *out, size_t cap);

/* UE side (ngsim): conceals a scheme input for the home network public key
 * hn_pub (A: 32 octets; B: 33 compressed or 65 uncompressed). eph_priv is
 * the ephemeral private key (SUCI_PRIV_LEN octets) or NULL for a fresh random
 * one. Returns the scheme output length. */
int suci_conceal(enum suci_scheme scheme, const uint8_t *hn_pub, size_t hn_pub_len,
		 const uint8_t *eph_priv, const uint8_t *in, size_t len, uint8_t *out, size_t cap);

/* MSIN digits <-> packed BCD (C.3.1, TS 24.501 figure 9.11.3.4.3a). */
int suci_msin_to_bcd(const char *msin, uint8_t *out, size_t cap);
/* Writes the digits and a NUL; returns the digit count. -E_INVAL on a
 * non-digit nibble or a filler anywhere but the last high nibble. */
int suci_msin_from_bcd(const uint8_t *bcd, size_t len, char *out, size_t cap);

/* UDM: SUCI string (TS 29.503 SuciString, TS 23.003 2.2B) to SUPI string.
 *   "suci-0-001-01-0000-0-0-0000000001"      -> "imsi-001010000000001"
 *   "suci-0-274-012-0000-1-1-<hex output>"   -> "imsi-274012001002086"
 * IMSI-type SUCIs only (-E_UNSUPP otherwise). Returns the SUPI length. */
int suci_str_to_supi(const struct hn_keys *ks, const char *suci, char *supi, size_t cap);

#endif
