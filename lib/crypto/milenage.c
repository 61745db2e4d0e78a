/* MILENAGE (TS 35.206 4.1), AES-128 as the kernel function E_K. */
#include "lib/crypto/milenage.h"

#include <string.h>

#include "lib/core/err.h"
#include "lib/crypto/crypto_tls.h"
#include "lib/crypto/ct.h"

/* Rotation amounts r1..r5 (bits) and the last byte of constants c1..c5
 * (TS 35.206 4.1: c1 = 0, c2 = 1, c3 = 2, c4 = 4, c5 = 8, all other bits 0). */
static const unsigned rot_bits[6] = { 0, 64, 0, 32, 64, 96 };
static const uint8_t c_last[6] = { 0, 0, 1, 2, 4, 8 };

/* out = rot(in, r) ^ c, r a multiple of 8: a cyclic left shift by r bits. */
static void rot_xor_c(uint8_t out[16], const uint8_t in[16], unsigned r, uint8_t c)
{
	unsigned s = r / 8;
	for (unsigned i = 0; i < 16; i++)
		out[i] = in[(i + s) % 16];
	out[15] ^= c;
}

static void xor16(uint8_t *o, const uint8_t *a, const uint8_t *b)
{
	for (int i = 0; i < 16; i++)
		o[i] = a[i] ^ b[i];
}

int milenage_opc(const uint8_t k[16], const uint8_t op[16], uint8_t opc[16])
{
	uint8_t e[16];
	if (crypto_aes128_ecb_key(k) < 0 || crypto_aes128_ecb_block(op, e) < 0)
		return -E_CRYPTO;
	xor16(opc, op, e);
	crypto_wipe(e, sizeof(e));
	return 0;
}

/* TEMP = E_K(RAND ^ OPc); leaves the thread's ECB context keyed with K. */
static int temp_of(const uint8_t k[16], const uint8_t opc[16], const uint8_t rand[16],
		   uint8_t temp[16])
{
	uint8_t x[16];
	xor16(x, rand, opc);
	int rc = crypto_aes128_ecb_key(k);
	if (rc == 0)
		rc = crypto_aes128_ecb_block(x, temp);
	crypto_wipe(x, sizeof(x));
	return rc;
}

int milenage_f1(const uint8_t k[16], const uint8_t opc[16], const uint8_t rand[16],
		const uint8_t sqn[6], const uint8_t amf[2], uint8_t mac_a[8], uint8_t mac_s[8])
{
	uint8_t temp[16], in1[16], x[16], out[16];
	int rc = temp_of(k, opc, rand, temp);
	if (rc < 0)
		goto out;
	memcpy(in1, sqn, 6);
	memcpy(in1 + 6, amf, 2);
	memcpy(in1 + 8, in1, 8);
	xor16(x, in1, opc);
	rot_xor_c(out, x, rot_bits[1], c_last[1]);
	xor16(x, out, temp);
	rc = crypto_aes128_ecb_block(x, out);
	if (rc < 0)
		goto out;
	xor16(out, out, opc);
	if (mac_a)
		memcpy(mac_a, out, 8);
	if (mac_s)
		memcpy(mac_s, out + 8, 8);
out:
	crypto_wipe(temp, sizeof(temp));
	crypto_wipe(x, sizeof(x));
	crypto_wipe(out, sizeof(out));
	return rc;
}

int milenage_f2345(const uint8_t k[16], const uint8_t opc[16], const uint8_t rand[16],
		   uint8_t res[8], uint8_t ck[16], uint8_t ik[16], uint8_t ak[6],
		   uint8_t ak_star[6])
{
	uint8_t temp[16], t_opc[16], x[16], out[16];
	int rc = temp_of(k, opc, rand, temp);
	if (rc < 0)
		goto out;
	xor16(t_opc, temp, opc);
	for (int i = 2; i <= 5; i++) {
		if ((i == 2 && !res && !ak) || (i == 3 && !ck) || (i == 4 && !ik) ||
		    (i == 5 && !ak_star))
			continue;
		rot_xor_c(x, t_opc, rot_bits[i], c_last[i]);
		rc = crypto_aes128_ecb_block(x, out);
		if (rc < 0)
			goto out;
		xor16(out, out, opc);
		switch (i) {
		case 2:
			if (ak)
				memcpy(ak, out, 6);
			if (res)
				memcpy(res, out + 8, 8);
			break;
		case 3: memcpy(ck, out, 16); break;
		case 4: memcpy(ik, out, 16); break;
		case 5: memcpy(ak_star, out, 6); break;
		}
	}
out:
	crypto_wipe(temp, sizeof(temp));
	crypto_wipe(t_opc, sizeof(t_opc));
	crypto_wipe(x, sizeof(x));
	crypto_wipe(out, sizeof(out));
	return rc;
}
