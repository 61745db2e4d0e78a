/* nea / nia vectors: 128-NEA and 128-NIA, with negative checks. */
#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/crypto/nas_alg_ext.h"
#include "vec_handlers.h"

/* ---- nea: ciphering, both directions, bit and byte APIs ---- */
void run_nea(const struct vec *v)
{
	uint8_t key[16];
	size_t in_len = 0, out_len = 0;
	if (vec_hex_n(v, "key", key, 16))
		return;
	int alg = (int)vec_num(v, "alg");
	uint32_t count = (uint32_t)vec_num(v, "count");
	uint8_t bearer = (uint8_t)vec_num(v, "bearer"), dir = (uint8_t)vec_num(v, "dir");
	uint64_t bits = vec_num(v, "bits");
	uint8_t *in = vec_hex(v, "in", &in_len), *out = vec_hex(v, "out", &out_len);
	if (!in || !out || in_len < (bits + 7) / 8 || out_len < (bits + 7) / 8) {
		vec_report(v, "in/out shorter than bits");
		vec_errors++;
		goto done;
	}
	uint8_t *buf = malloc(in_len);
	memcpy(buf, in, in_len);
	VCHECK(v, nea_crypt_bits(alg, key, count, bearer, dir, buf, bits) == 0);
	VCHECK(v, bits_eq(buf, out, bits));
	/* bits past LENGTH are left alone */
	if (bits % 8)
		VCHECK(v, (buf[bits / 8] & (0xffu >> (bits % 8))) ==
				  (in[bits / 8] & (0xffu >> (bits % 8))));
	/* the same operation deciphers */
	VCHECK(v, nea_crypt_bits(alg, key, count, bearer, dir, buf, bits) == 0);
	VCHECK(v, bits_eq(buf, in, bits));
	if (bits % 8 == 0) {
		memcpy(buf, in, in_len);
		VCHECK(v, nea_crypt(alg, key, count, bearer, dir, buf, (size_t)(bits / 8)) == 0);
		VCHECK(v, memcmp(buf, out, (size_t)(bits / 8)) == 0);
	}
	if (alg != NAS_ALG_0) {
		/* another COUNT, BEARER or DIRECTION gives another keystream */
		memcpy(buf, in, in_len);
		VCHECK(v, nea_crypt_bits(alg, key, count + 1, bearer, dir, buf, bits) == 0);
		VCHECK(v, !bits_eq(buf, out, bits));
		memcpy(buf, in, in_len);
		VCHECK(v,
		       nea_crypt_bits(alg, key, count, bearer, (uint8_t)(dir ^ 1), buf, bits) == 0);
		VCHECK(v, !bits_eq(buf, out, bits));
	}
	free(buf);
done:
	free(in);
	free(out);
}

/* ---- nia: MAC, flipped bits rejected ---- */
void run_nia(const struct vec *v)
{
	uint8_t key[16], mac[4], got[4];
	size_t len = 0;
	if (vec_hex_n(v, "key", key, 16) || vec_hex_n(v, "mac", mac, 4))
		return;
	int alg = (int)vec_num(v, "alg");
	uint32_t count = (uint32_t)vec_num(v, "count");
	uint8_t bearer = (uint8_t)vec_num(v, "bearer"), dir = (uint8_t)vec_num(v, "dir");
	uint64_t bits = vec_num(v, "bits");
	uint8_t *msg = vec_hex(v, "msg", &len);
	if (!msg || len < (bits + 7) / 8) {
		vec_report(v, "msg shorter than bits");
		vec_errors++;
		free(msg);
		return;
	}
	VCHECK(v, nia_mac_bits(alg, key, count, bearer, dir, msg, bits, got) == 0);
	VCHECK(v, memcmp(got, mac, 4) == 0);
	if (alg == NAS_ALG_2) {
		/* the bit-level CMAC agrees with the published value too */
		memset(got, 0, 4);
		VCHECK(v, nia2_mac_bits_own(key, count, bearer, dir, msg, bits, got) == 0);
		VCHECK(v, memcmp(got, mac, 4) == 0);
	}
	if (bits % 8 == 0) {
		size_t n = (size_t)(bits / 8);
		VCHECK(v, nia_mac(alg, key, count, bearer, dir, msg, n, got) == 0);
		VCHECK(v, memcmp(got, mac, 4) == 0);
		VCHECK(v, nia_check(alg, key, count, bearer, dir, msg, n, mac) == 0);
		if (alg != NAS_ALG_0) {
			/* every single flipped MAC bit is rejected */
			int rejected = 0;
			for (int b = 0; b < 32; b++) {
				uint8_t bad[4];
				memcpy(bad, mac, 4);
				bad[b / 8] ^= (uint8_t)(0x80 >> (b % 8));
				rejected += nia_check(alg, key, count, bearer, dir, msg, n, bad) ==
					    -E_MAC;
			}
			VCHECK(v, rejected == 32);
			/* a flipped message bit is rejected */
			msg[n / 2] ^= 0x10;
			VCHECK(v, nia_check(alg, key, count, bearer, dir, msg, n, mac) == -E_MAC);
			msg[n / 2] ^= 0x10;
			/* so is a wrong COUNT or DIRECTION */
			VCHECK(v,
			       nia_check(alg, key, count ^ 1, bearer, dir, msg, n, mac) == -E_MAC);
			VCHECK(v, nia_check(alg, key, count, bearer, (uint8_t)(dir ^ 1), msg, n,
					    mac) == -E_MAC);
		}
	} else if (alg != NAS_ALG_0) {
		/* flipping the last bit inside LENGTH changes the MAC; a bit past it does not */
		size_t last = (size_t)((bits - 1) / 8);
		uint8_t inside = (uint8_t)(0x80 >> ((bits - 1) % 8));
		msg[last] ^= inside;
		VCHECK(v, nia_mac_bits(alg, key, count, bearer, dir, msg, bits, got) == 0);
		VCHECK(v, memcmp(got, mac, 4) != 0);
		msg[last] ^= inside;
		if (inside != 1) {
			msg[last] ^= 1;
			VCHECK(v, nia_mac_bits(alg, key, count, bearer, dir, msg, bits, got) == 0);
			VCHECK(v, memcmp(got, mac, 4) == 0);
			msg[last] ^= 1;
		}
	}
	free(msg);
}
