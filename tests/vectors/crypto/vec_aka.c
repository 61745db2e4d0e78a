/* milenage vectors (TS 35.208 test sets), and on each set the AKA functions
 * built on MILENAGE: AV generation, UE-side AUTN check, AUTS and
 * resynchronisation, with their rejections. */
#include <string.h>

#include "lib/core/err.h"
#include "lib/crypto/aka.h"
#include "lib/crypto/milenage.h"
#include "vec_handlers.h"

void run_milenage(const struct vec *v)
{
	uint8_t k[16], rnd[16], sqn[6], amf[2], op[16], opc[16];
	uint8_t f1[8], f1s[8], f2[8], f5[6], f3[16], f4[16], f5s[6];
	if (vec_hex_n(v, "k", k, 16) || vec_hex_n(v, "rand", rnd, 16) ||
	    vec_hex_n(v, "sqn", sqn, 6) || vec_hex_n(v, "amf", amf, 2) ||
	    vec_hex_n(v, "opc", opc, 16) || vec_hex_n(v, "f1", f1, 8) ||
	    vec_hex_n(v, "f1star", f1s, 8) || vec_hex_n(v, "f2", f2, 8) ||
	    vec_hex_n(v, "f5", f5, 6) || vec_hex_n(v, "f3", f3, 16) || vec_hex_n(v, "f4", f4, 16) ||
	    vec_hex_n(v, "f5star", f5s, 6))
		return;
	if (vec_opt(v, "op")) {
		uint8_t got[16];
		if (vec_hex_n(v, "op", op, 16))
			return;
		VCHECK(v, milenage_opc(k, op, got) == 0);
		VCHECK(v, memcmp(got, opc, 16) == 0);
	}

	uint8_t mac_a[8], mac_s[8], res[8], ck[16], ik[16], ak[6], aks[6];
	VCHECK(v, milenage_f1(k, opc, rnd, sqn, amf, mac_a, mac_s) == 0);
	VCHECK(v, memcmp(mac_a, f1, 8) == 0);
	VCHECK(v, memcmp(mac_s, f1s, 8) == 0);
	VCHECK(v, milenage_f2345(k, opc, rnd, res, ck, ik, ak, aks) == 0);
	VCHECK(v, memcmp(res, f2, 8) == 0);
	VCHECK(v, memcmp(ck, f3, 16) == 0);
	VCHECK(v, memcmp(ik, f4, 16) == 0);
	VCHECK(v, memcmp(ak, f5, 6) == 0);
	VCHECK(v, memcmp(aks, f5s, 6) == 0);
	/* outputs asked for one at a time give the same values */
	memset(ck, 0, 16);
	VCHECK(v, milenage_f2345(k, opc, rnd, NULL, ck, NULL, NULL, NULL) == 0);
	VCHECK(v, memcmp(ck, f3, 16) == 0);

	/* AV: AUTN = SQN^AK | AMF | MAC-A (TS 33.102 6.3.2) from the published values */
	struct aka_av av;
	uint8_t autn[16];
	for (int i = 0; i < 6; i++)
		autn[i] = sqn[i] ^ f5[i];
	memcpy(autn + 6, amf, 2);
	memcpy(autn + 8, f1, 8);
	VCHECK(v, aka_av_generate(k, opc, rnd, sqn, amf, &av) == 0);
	VCHECK(v, memcmp(av.autn, autn, 16) == 0);
	VCHECK(v, memcmp(av.xres, f2, 8) == 0 && memcmp(av.ck, f3, 16) == 0 &&
			  memcmp(av.ik, f4, 16) == 0 && memcmp(av.sqn_xor_ak, autn, 6) == 0);
	aka_av_wipe(&av);

	/* UE side accepts the AUTN and recovers SQN, RES, CK, IK */
	uint8_t s[6];
	VCHECK(v, aka_ue_authenticate(k, opc, rnd, autn, s, res, ck, ik) == 0);
	VCHECK(v, memcmp(s, sqn, 6) == 0 && memcmp(res, f2, 8) == 0 && memcmp(ck, f3, 16) == 0 &&
			  memcmp(ik, f4, 16) == 0);
	/* ...and rejects any flipped MAC-A bit, or a changed SQN or AMF */
	int rejected = 0;
	for (int b = 0; b < 64; b++) {
		uint8_t bad[16];
		memcpy(bad, autn, 16);
		bad[8 + b / 8] ^= (uint8_t)(0x80 >> (b % 8));
		rejected += aka_ue_authenticate(k, opc, rnd, bad, s, res, ck, ik) == -E_MAC;
	}
	VCHECK(v, rejected == 64);
	autn[5] ^= 1;
	VCHECK(v, aka_ue_authenticate(k, opc, rnd, autn, s, res, ck, ik) == -E_MAC);
	autn[5] ^= 1;
	autn[6] ^= 0x80;
	VCHECK(v, aka_ue_authenticate(k, opc, rnd, autn, s, res, ck, ik) == -E_MAC);
	autn[6] ^= 0x80;

	/* Resynchronisation: AUTS = SQN_MS^AK* | f1*(SQN_MS, RAND, AMF=0000);
	 * with AMF = 0000 the published f1* does not apply, so the round trip
	 * is checked here and fixed values are in kdf.txt (type auts). */
	uint8_t auts[14], sqn_ms[6];
	VCHECK(v, aka_ue_auts(k, opc, rnd, sqn, auts) == 0);
	for (int i = 0; i < 6; i++)
		VCHECK(v, auts[i] == (uint8_t)(sqn[i] ^ f5s[i]));
	VCHECK(v, aka_hn_resync(k, opc, rnd, auts, sqn_ms) == 0);
	VCHECK(v, memcmp(sqn_ms, sqn, 6) == 0);
	rejected = 0;
	for (int b = 0; b < 64; b++) {
		uint8_t bad[14];
		memcpy(bad, auts, 14);
		bad[6 + b / 8] ^= (uint8_t)(0x80 >> (b % 8));
		rejected += aka_hn_resync(k, opc, rnd, bad, sqn_ms) == -E_MAC;
	}
	VCHECK(v, rejected == 64);
	auts[0] ^= 0x01; /* a different SQN_MS no longer matches MAC-S */
	VCHECK(v, aka_hn_resync(k, opc, rnd, auts, sqn_ms) == -E_MAC);
	auts[0] ^= 0x01;
	rnd[15] ^= 1; /* AUTS for another RAND */
	VCHECK(v, aka_hn_resync(k, opc, rnd, auts, sqn_ms) == -E_MAC);
}
