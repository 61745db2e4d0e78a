/* SUCI: ECIES profiles A and B (TS 33.501 C.3), null scheme, key ring. */
#include "lib/core/ids.h"
#include "lib/crypto/suci.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include "lib/core/err.h"
#include "lib/crypto/crypto_tls.h"
#include "lib/crypto/ct.h"

struct hn_key {
	uint8_t id; /* home network public key identifier */
	uint8_t scheme; /* enum suci_scheme */
	EVP_PKEY *pkey; /* private key (with its public half) */
	uint8_t pub[33]; /* public key as the UE gets it: A raw, B compressed */
	uint8_t pub_len; /* 32 or 33 */
};

struct hn_keys {
	struct hn_key k[HN_KEYS_MAX]; /* loaded keys, in load order */
	int n; /* keys used */
};

/* ---------------------------------------------------------------- keys */

struct hn_keys *hn_keys_new(void)
{
	return calloc(1, sizeof(struct hn_keys));
}

void hn_keys_free(struct hn_keys *ks)
{
	if (!ks)
		return;
	for (int i = 0; i < ks->n; i++)
		EVP_PKEY_free(ks->k[i].pkey); /* OpenSSL clears private key material on free */
	crypto_wipe(ks, sizeof(*ks));
	free(ks);
}

static const struct hn_key *key_find(const struct hn_keys *ks, uint8_t scheme, uint8_t id)
{
	for (int i = 0; ks && i < ks->n; i++)
		if (ks->k[i].id == id && ks->k[i].scheme == scheme)
			return &ks->k[i];
	return NULL;
}

/* P-256 point (65 octets, 04 || x || y) -> compressed (02/03 || x). */
static void p256_compress(const uint8_t un[65], uint8_t out[33])
{
	out[0] = (uint8_t)(0x02 | (un[64] & 1));
	memcpy(out + 1, un + 1, 32);
}

/* EVP_PKEY for a P-256 private scalar, with the public point computed. */
static int p256_from_priv(const uint8_t priv[32], EVP_PKEY **out)
{
	int rc = -E_CRYPTO;
	EC_GROUP *g = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
	EC_POINT *pt = NULL;
	BIGNUM *d = BN_secure_new();
	OSSL_PARAM_BLD *bld = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *pc = NULL;
	uint8_t pub[65];
	*out = NULL;
	if (!g || !d || !BN_bin2bn(priv, 32, d))
		goto out;
	/* SEC 1 3.2.1: 1 <= d <= n - 1 */
	if (BN_is_zero(d) || BN_cmp(d, EC_GROUP_get0_order(g)) >= 0) {
		rc = -E_INVAL;
		goto out;
	}
	pt = EC_POINT_new(g);
	if (!pt || !EC_POINT_mul(g, pt, d, NULL, NULL, NULL) ||
	    EC_POINT_point2oct(g, pt, POINT_CONVERSION_UNCOMPRESSED, pub, sizeof(pub), NULL) != 65)
		goto out;
	bld = OSSL_PARAM_BLD_new();
	if (!bld ||
	    !OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, d) ||
	    !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pub, sizeof(pub)))
		goto out;
	params = OSSL_PARAM_BLD_to_param(bld);
	pc = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	if (!params || !pc || EVP_PKEY_fromdata_init(pc) <= 0 ||
	    EVP_PKEY_fromdata(pc, out, EVP_PKEY_KEYPAIR, params) <= 0)
		goto out;
	rc = 0;
out:
	EVP_PKEY_CTX_free(pc);
	OSSL_PARAM_free(params); /* built from a secure BN: cleared on free */
	OSSL_PARAM_BLD_free(bld);
	EC_POINT_free(pt);
	BN_clear_free(d);
	EC_GROUP_free(g);
	return rc;
}

/* The public key of a loaded/created key in the form the scheme sends it. */
static int pub_of(EVP_PKEY *pk, uint8_t scheme, uint8_t *out, uint8_t *len)
{
	if (scheme == SUCI_SCHEME_PROFILE_A) {
		size_t n = 32;
		if (!EVP_PKEY_get_raw_public_key(pk, out, &n) || n != 32)
			return -E_CRYPTO;
		*len = 32;
		return 0;
	}
	uint8_t un[65];
	size_t n = 0;
	/* ask for the uncompressed form explicitly: a PEM key may carry either */
	if (!EVP_PKEY_get_octet_string_param(pk, OSSL_PKEY_PARAM_PUB_KEY, un, sizeof(un), &n))
		return -E_CRYPTO;
	if (n == 33 && (un[0] == 2 || un[0] == 3)) {
		memcpy(out, un, 33);
	} else if (n == 65 && un[0] == 4) {
		p256_compress(un, out);
	} else {
		return -E_INVAL;
	}
	*len = 33;
	return 0;
}

/* Checks that pk is the key type the scheme needs. */
static int key_fits(EVP_PKEY *pk, uint8_t scheme)
{
	if (scheme == SUCI_SCHEME_PROFILE_A)
		return EVP_PKEY_is_a(pk, "X25519") ? 0 : -E_INVAL;
	if (scheme == SUCI_SCHEME_PROFILE_B) {
		char grp[32];
		size_t n = 0;
		if (!EVP_PKEY_is_a(pk, "EC") ||
		    !EVP_PKEY_get_utf8_string_param(pk, OSSL_PKEY_PARAM_GROUP_NAME, grp,
						    sizeof(grp), &n))
			return -E_INVAL;
		return (strcmp(grp, "prime256v1") == 0 || strcmp(grp, "P-256") == 0) ? 0 : -E_INVAL;
	}
	return -E_UNSUPP;
}

/* Takes ownership of pk on success and on failure. */
static int key_insert(struct hn_keys *ks, uint8_t id, uint8_t scheme, EVP_PKEY *pk)
{
	int rc;
	if (!ks) {
		rc = -E_INVAL;
		goto err;
	}
	if (key_find(ks, scheme, id)) {
		rc = -E_EXIST;
		goto err;
	}
	if (ks->n == HN_KEYS_MAX) {
		rc = -E_NOSPC;
		goto err;
	}
	if ((rc = key_fits(pk, scheme)) < 0)
		goto err;
	/* A key file carries the public key beside the private one (SEC 1
	 * ECPrivateKey, PKCS#8 v2); in a corrupted file they may not match,
	 * and the ring would then publish a public key for USIMs whose SUCIs
	 * its private key cannot de-conceal. */
	EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_pkey(NULL, pk, NULL);
	int pair_ok = pc && EVP_PKEY_pairwise_check(pc) == 1;
	EVP_PKEY_CTX_free(pc);
	if (!pair_ok) {
		rc = -E_INVAL;
		goto err;
	}
	struct hn_key *k = &ks->k[ks->n];
	if ((rc = pub_of(pk, scheme, k->pub, &k->pub_len)) < 0)
		goto err;
	k->id = id;
	k->scheme = scheme;
	k->pkey = pk;
	ks->n++;
	return 0;
err:
	EVP_PKEY_free(pk);
	return rc;
}

int hn_keys_add(struct hn_keys *ks, uint8_t key_id, enum suci_scheme scheme, const uint8_t *priv,
		size_t len)
{
	EVP_PKEY *pk = NULL;
	if (!ks || !priv || len != SUCI_PRIV_LEN)
		return -E_INVAL;
	if (scheme == SUCI_SCHEME_PROFILE_A) {
		pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, priv, len);
		if (!pk)
			return -E_CRYPTO;
	} else if (scheme == SUCI_SCHEME_PROFILE_B) {
		int rc = p256_from_priv(priv, &pk);
		if (rc < 0)
			return rc;
	} else {
		return -E_UNSUPP;
	}
	return key_insert(ks, key_id, (uint8_t)scheme, pk);
}

/* Reads a whole (small) file into a malloc'd, NUL-terminated buffer. */
static int slurp(const char *path, char **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 4096, n = 0;
	char *b;
	if (!f)
		return -E_IO;
	b = malloc(cap + 1);
	if (!b) {
		fclose(f);
		return -E_NOMEM;
	}
	for (;;) {
		size_t r = fread(b + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
		if (n == cap) { /* key files are small: refuse anything large */
			crypto_wipe(b, cap);
			free(b);
			fclose(f);
			return -E_INVAL;
		}
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		crypto_wipe(b, cap);
		free(b);
		return -E_IO;
	}
	b[n] = 0;
	*buf = b;
	*len = n;
	return 0;
}

int hn_keys_load_file(struct hn_keys *ks, uint8_t key_id, enum suci_scheme scheme, const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	int rc;
	if (!ks || !path)
		return -E_INVAL;
	if (scheme != SUCI_SCHEME_PROFILE_A && scheme != SUCI_SCHEME_PROFILE_B)
		return -E_UNSUPP;
	if ((rc = slurp(path, &buf, &len)) < 0)
		return rc;
	if (strstr(buf, "-----BEGIN")) {
		BIO *bio = BIO_new_mem_buf(buf, (int)len);
		EVP_PKEY *pk = bio ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL) : NULL;
		BIO_free(bio);
		rc = pk ? key_insert(ks, key_id, (uint8_t)scheme, pk) : -E_INVAL;
	} else {
		uint8_t priv[SUCI_PRIV_LEN];
		size_t n = 0;
		int hi = -1;
		rc = 0;
		for (const char *c = buf; *c && rc == 0; c++) {
			if (isspace((unsigned char)*c))
				continue;
			int v = hex_digit((unsigned char)*c);
			if (v < 0 || n == sizeof(priv)) { /* not hex, or too long */
				rc = -E_INVAL;
				break;
			}
			if (hi < 0) {
				hi = v;
			} else {
				priv[n++] = (uint8_t)(hi << 4 | v);
				hi = -1;
			}
		}
		if (rc == 0 && (n != sizeof(priv) || hi >= 0))
			rc = -E_INVAL;
		if (rc == 0)
			rc = hn_keys_add(ks, key_id, scheme, priv, sizeof(priv));
		crypto_wipe(priv, sizeof(priv));
	}
	crypto_wipe(buf, len);
	free(buf);
	return rc;
}

int hn_keys_load_list(struct hn_keys *ks, const char *path, int *err_line)
{
	char *buf = NULL;
	size_t len = 0;
	int rc, added = 0, line = 0;
	if (err_line)
		*err_line = 0;
	if (!ks || !path)
		return -E_INVAL;
	if ((rc = slurp(path, &buf, &len)) < 0)
		return rc;
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path + 1) : 0;
	for (char *ln = buf, *next; ln && *ln; ln = next) {
		next = strchr(ln, '\n');
		if (next)
			*next++ = 0;
		line++;
		char *hash = strchr(ln, '#');
		if (hash)
			*hash = 0;
		char id_s[8], sch_s[16], file[4096];
		int nf = sscanf(ln, "%7s %15s %4095s", id_s, sch_s, file);
		if (nf <= 0)
			continue;
		char *end;
		long id = strtol(id_s, &end, 10);
		uint8_t scheme = 0;
		if (!strcmp(sch_s, "A") || !strcmp(sch_s, "a") || !strcmp(sch_s, "1"))
			scheme = SUCI_SCHEME_PROFILE_A;
		else if (!strcmp(sch_s, "B") || !strcmp(sch_s, "b") || !strcmp(sch_s, "2"))
			scheme = SUCI_SCHEME_PROFILE_B;
		if (nf != 3 || *end || id < 0 || id > 255 || !scheme) {
			rc = -E_INVAL;
			goto err;
		}
		char full[4096 + 256];
		if (file[0] == '/' || !dirlen)
			snprintf(full, sizeof(full), "%s", file);
		else
			snprintf(full, sizeof(full), "%.*s%s", (int)dirlen, path, file);
		rc = hn_keys_load_file(ks, (uint8_t)id, (enum suci_scheme)scheme, full);
		if (rc < 0)
			goto err;
		added++;
	}
	free(buf);
	return added;
err:
	if (err_line)
		*err_line = line;
	free(buf);
	return rc;
}

int hn_keys_public(const struct hn_keys *ks, uint8_t key_id, enum suci_scheme scheme, uint8_t *out,
		   size_t cap)
{
	const struct hn_key *k = key_find(ks, (uint8_t)scheme, key_id);
	if (!k)
		return -E_NOTFOUND;
	if (cap < k->pub_len)
		return -E_NOSPC;
	memcpy(out, k->pub, k->pub_len);
	return k->pub_len;
}

/* ---------------------------------------------------------------- ECIES */

/* The peer (ephemeral or home network) public key as an EVP_PKEY. */
static int peer_key(uint8_t scheme, const uint8_t *pub, size_t len, EVP_PKEY **out)
{
	*out = NULL;
	if (scheme == SUCI_SCHEME_PROFILE_A) {
		if (len != SUCI_A_PUB_LEN)
			return -E_INVAL;
		*out = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, pub, len);
		return *out ? 0 : -E_CRYPTO;
	}
	/* B: a compressed point (or, for a home network key given to the UE,
	 * an uncompressed one); decoding rejects points not on the curve. */
	if (!((len == 33 && (pub[0] == 2 || pub[0] == 3)) || (len == 65 && pub[0] == 4)))
		return -E_INVAL;
	OSSL_PARAM p[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)"prime256v1",
						 0),
		OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, (void *)pub, len),
		OSSL_PARAM_construct_end(),
	};
	EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	int ok = pc && EVP_PKEY_fromdata_init(pc) > 0 &&
		 EVP_PKEY_fromdata(pc, out, EVP_PKEY_PUBLIC_KEY, p) > 0;
	EVP_PKEY_CTX_free(pc);
	return ok ? 0 : -E_INVAL;
}

/* Z = ECDH(priv, peer): X25519 output, or the x-coordinate for P-256. */
static int ecdh(EVP_PKEY *priv, EVP_PKEY *peer, uint8_t z[32])
{
	EVP_PKEY_CTX *dc = EVP_PKEY_CTX_new(priv, NULL);
	size_t zl = 32;
	/* OpenSSL refuses an all-zero X25519 result (a low-order peer point) */
	int ok = dc && EVP_PKEY_derive_init(dc) > 0 && EVP_PKEY_derive_set_peer(dc, peer) > 0 &&
		 EVP_PKEY_derive(dc, z, &zl) > 0 && zl == 32;
	EVP_PKEY_CTX_free(dc);
	return ok ? 0 : -E_INVAL;
}

/* EK | ICB | MK from Z and the ephemeral public key (C.3.2, C.3.4). */
static int keys_of(const uint8_t z[32], const uint8_t *eph_pub, size_t eph_len, uint8_t k[64])
{
	return crypto_x963_kdf(z, 32, eph_pub, eph_len, k, 64);
}

static int tag_of(const uint8_t mk[32], const uint8_t *ct, size_t len, uint8_t tag[32])
{
	/* SharedInfo2 is empty: the MAC covers the ciphertext only */
	return crypto_hmac_sha256(mk, 32, ct, len, NULL, 0, tag);
}

int suci_deconceal(const struct hn_keys *ks, enum suci_scheme scheme, uint8_t key_id,
		   const uint8_t *in, size_t len, uint8_t *out, size_t cap)
{
	if (!in || (!out && cap))
		return -E_INVAL;
	if (scheme == SUCI_SCHEME_NULL) {
		if (len > cap)
			return -E_NOSPC;
		if (len)
			memcpy(out, in, len);
		return (int)len;
	}
	if (scheme != SUCI_SCHEME_PROFILE_A && scheme != SUCI_SCHEME_PROFILE_B)
		return -E_UNSUPP;
	if (len > INT32_MAX)
		return -E_INVAL;
	const struct hn_key *k = key_find(ks, (uint8_t)scheme, key_id);
	if (!k)
		return -E_NOTFOUND;
	size_t pub_len = scheme == SUCI_SCHEME_PROFILE_A ? SUCI_A_PUB_LEN : SUCI_B_PUB_LEN;
	if (len <= pub_len + SUCI_MAC_LEN)
		return -E_SHORT;
	size_t ct_len = len - pub_len - SUCI_MAC_LEN;
	if (ct_len > cap)
		return -E_NOSPC;
	if (scheme == SUCI_SCHEME_PROFILE_B && in[0] != 2 && in[0] != 3)
		return -E_INVAL; /* profile B always sends a compressed point */

	EVP_PKEY *peer = NULL;
	uint8_t z[32], kk[64], tag[32];
	int rc = peer_key((uint8_t)scheme, in, pub_len, &peer);
	if (rc == 0)
		rc = ecdh(k->pkey, peer, z);
	if (rc == 0)
		rc = keys_of(z, in, pub_len, kk);
	if (rc == 0)
		rc = tag_of(kk + 32, in + pub_len, ct_len, tag);
	if (rc == 0 && !ct_eq(tag, in + pub_len + ct_len, SUCI_MAC_LEN))
		rc = -E_MAC;
	if (rc == 0)
		rc = crypto_aes128_ctr32(kk, kk + 16, in + pub_len, out, ct_len);
	EVP_PKEY_free(peer);
	crypto_wipe(z, sizeof(z));
	crypto_wipe(kk, sizeof(kk));
	crypto_wipe(tag, sizeof(tag));
	return rc < 0 ? rc : (int)ct_len;
}

int suci_conceal(enum suci_scheme scheme, const uint8_t *hn_pub, size_t hn_pub_len,
		 const uint8_t *eph_priv, const uint8_t *in, size_t len, uint8_t *out, size_t cap)
{
	if (!in || !out)
		return -E_INVAL;
	if (scheme == SUCI_SCHEME_NULL) {
		if (len > cap)
			return -E_NOSPC;
		memcpy(out, in, len);
		return (int)len;
	}
	if (scheme != SUCI_SCHEME_PROFILE_A && scheme != SUCI_SCHEME_PROFILE_B)
		return -E_UNSUPP;
	size_t pub_len = scheme == SUCI_SCHEME_PROFILE_A ? SUCI_A_PUB_LEN : SUCI_B_PUB_LEN;
	if (len == 0 || len > INT32_MAX - pub_len - SUCI_MAC_LEN || !hn_pub)
		return -E_INVAL;
	if (cap < pub_len + len + SUCI_MAC_LEN)
		return -E_NOSPC;

	EVP_PKEY *eph = NULL, *peer = NULL;
	uint8_t z[32], kk[64], tag[32], priv[32], pub_len8 = 0;
	int rc = peer_key((uint8_t)scheme, hn_pub, hn_pub_len, &peer);
	if (rc < 0)
		goto out;
	if (eph_priv)
		memcpy(priv, eph_priv, 32);
	/* a fresh ephemeral key per SUCI (C.3.2); P-256 retries the rare
	 * out-of-range scalar */
	for (int tries = 0;; tries++) {
		if (!eph_priv && RAND_priv_bytes(priv, sizeof(priv)) != 1) {
			rc = -E_CRYPTO;
			goto out;
		}
		if (scheme == SUCI_SCHEME_PROFILE_A) {
			eph = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, priv, 32);
			rc = eph ? 0 : -E_CRYPTO;
		} else {
			rc = p256_from_priv(priv, &eph);
		}
		if (rc != -E_INVAL || eph_priv || tries == 8)
			break;
	}
	if (rc < 0)
		goto out;
	if ((rc = pub_of(eph, (uint8_t)scheme, out, &pub_len8)) < 0)
		goto out;
	if ((rc = ecdh(eph, peer, z)) < 0 || (rc = keys_of(z, out, pub_len, kk)) < 0)
		goto out;
	if ((rc = crypto_aes128_ctr32(kk, kk + 16, in, out + pub_len, len)) < 0)
		goto out;
	if ((rc = tag_of(kk + 32, out + pub_len, len, tag)) < 0)
		goto out;
	memcpy(out + pub_len + len, tag, SUCI_MAC_LEN);
	rc = (int)(pub_len + len + SUCI_MAC_LEN);
out:
	EVP_PKEY_free(eph);
	EVP_PKEY_free(peer);
	crypto_wipe(z, sizeof(z));
	crypto_wipe(kk, sizeof(kk));
	crypto_wipe(tag, sizeof(tag));
	crypto_wipe(priv, sizeof(priv));
	return rc;
}

/* ---------------------------------------------------------------- identities */

int suci_msin_to_bcd(const char *msin, uint8_t *out, size_t cap)
{
	size_t n = msin ? strlen(msin) : 0;
	if (n == 0 || n > 10) /* MSIN: at most 15 - 3 - 2 digits */
		return -E_INVAL;
	if ((n + 1) / 2 > cap)
		return -E_NOSPC;
	for (size_t i = 0; i < n; i++)
		if (msin[i] < '0' || msin[i] > '9')
			return -E_INVAL;
	for (size_t i = 0; i < n; i += 2) {
		uint8_t lo = (uint8_t)(msin[i] - '0');
		uint8_t hi = i + 1 < n ? (uint8_t)(msin[i + 1] - '0') : 0x0f;
		out[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	return (int)((n + 1) / 2);
}

int suci_msin_from_bcd(const uint8_t *bcd, size_t len, char *out, size_t cap)
{
	size_t n = 0;
	if (!bcd || !out || len == 0 || len > 8)
		return -E_INVAL;
	for (size_t i = 0; i < len; i++) {
		uint8_t lo = bcd[i] & 0x0f, hi = bcd[i] >> 4;
		if (lo > 9)
			return -E_INVAL;
		if (n + 1 >= cap)
			return -E_NOSPC;
		out[n++] = (char)('0' + lo);
		if (hi == 0x0f && i == len - 1)
			break;
		if (hi > 9)
			return -E_INVAL;
		if (n + 1 >= cap)
			return -E_NOSPC;
		out[n++] = (char)('0' + hi);
	}
	out[n] = 0;
	return (int)n;
}

/* Next '-'-separated field of *s into f (NUL-terminated, at most cap-1). */
static int field(const char **s, char *f, size_t cap, int last)
{
	const char *e = last ? *s + strlen(*s) : strchr(*s, '-');
	if (!e || e == *s || (size_t)(e - *s) >= cap)
		return -E_INVAL;
	memcpy(f, *s, (size_t)(e - *s));
	f[e - *s] = 0;
	*s = *e ? e + 1 : e;
	return 0;
}

int suci_str_to_supi(const struct hn_keys *ks, const char *suci, char *supi, size_t cap)
{
	char type[4], mcc[8], mnc[8], ri[8], sch[4], kid[8], msin[16], out[1024];
	const char *s = suci;
	if (!suci || !supi || strncmp(suci, "suci-", 5) != 0)
		return -E_INVAL;
	s += 5;
	if (field(&s, type, sizeof(type), 0) < 0)
		return -E_INVAL;
	if (strcmp(type, "0") != 0)
		return -E_UNSUPP; /* network specific identifiers: not here */
	if (field(&s, mcc, sizeof(mcc), 0) || field(&s, mnc, sizeof(mnc), 0) ||
	    field(&s, ri, sizeof(ri), 0) || field(&s, sch, sizeof(sch), 0) ||
	    field(&s, kid, sizeof(kid), 0) || field(&s, out, sizeof(out), 1))
		return -E_INVAL;
	if (!str_digits(mcc, 3, 3) || !str_digits(mnc, 2, 3) || !str_digits(ri, 1, 4) ||
	    !str_digits(kid, 1, 3) || strlen(sch) != 1 || !isxdigit((unsigned char)sch[0]))
		return -E_INVAL;
	int scheme = hex_digit((unsigned char)sch[0]);
	long id = strtol(kid, NULL, 10);
	if (id > 255)
		return -E_INVAL;
	if (scheme == SUCI_SCHEME_NULL) {
		/* TS 29.503: the null-scheme output is the MSIN itself, key id 0 */
		if (id != 0 || !str_digits(out, 1, 10))
			return -E_INVAL;
		snprintf(msin, sizeof(msin), "%s", out);
	} else {
		uint8_t bin[sizeof(out) / 2], plain[16];
		int bn = hex_decode(bin, sizeof(bin), out);
		if (bn < 0)
			return -E_INVAL;
		int pl = suci_deconceal(ks, (enum suci_scheme)scheme, (uint8_t)id, bin, (size_t)bn,
					plain, sizeof(plain));
		if (pl < 0)
			return pl;
		int dl = suci_msin_from_bcd(plain, (size_t)pl, msin, sizeof(msin));
		crypto_wipe(plain, sizeof(plain));
		if (dl < 0)
			return dl;
	}
	if (strlen(mcc) + strlen(mnc) + strlen(msin) > 15)
		return -E_INVAL;
	int w = snprintf(supi, cap, "imsi-%s%s%s", mcc, mnc, msin);
	if (w < 0 || (size_t)w >= cap)
		return -E_NOSPC;
	return w;
}
