/* Key-hierarchy vectors (kdf.txt): TS 33.220 KDF, TS 33.501 Annex A, AUTS. */
#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/crypto/aka.h"
#include "lib/crypto/kdf.h"
#include "vec_handlers.h"

void run_kdf(const struct vec *v)
{
	size_t klen = 0, plen[4] = { 0 };
	uint8_t *key = vec_hex(v, "key", &klen), *p[4] = { NULL }, out[32], want[32];
	struct kdf_param prm[4];
	size_t np = 0;
	uint8_t fc = (uint8_t)vec_num(v, "fc");
	for (int i = 0; i < 4; i++) {
		char name[4] = { 'p', (char)('0' + i), 0 };
		if (!vec_opt(v, name))
			break;
		p[i] = vec_hex(v, name, &plen[i]);
		prm[np].p = p[i];
		prm[np].len = plen[i];
		np++;
	}
	if (key && vec_hex_n(v, "out", want, 32) == 0) {
		VCHECK(v, kdf_generic(key, klen, fc, prm, np, out) == 0);
		VCHECK(v, memcmp(out, want, 32) == 0);
		VCHECK(v, kdf_generic(key, klen, (uint8_t)(fc ^ 1), prm, np, out) == 0);
		VCHECK(v, memcmp(out, want, 32) != 0);
	}
	free(key);
	for (int i = 0; i < 4; i++)
		free(p[i]);
}

void run_kausf(const struct vec *v)
{
	uint8_t ck[16], ik[16], sa[6], want[32], out[32];
	const char *snn = vec_str(v, "snn");
	if (!snn || vec_hex_n(v, "ck", ck, 16) || vec_hex_n(v, "ik", ik, 16) ||
	    vec_hex_n(v, "sqn_xor_ak", sa, 6) || vec_hex_n(v, "kausf", want, 32))
		return;
	VCHECK(v, kdf_kausf(ck, ik, snn, strlen(snn), sa, out) == 0);
	VCHECK(v, memcmp(out, want, 32) == 0);
	/* another serving network gives another K_AUSF */
	VCHECK(v, kdf_kausf(ck, ik, snn, strlen(snn) - 1, sa, out) == 0);
	VCHECK(v, memcmp(out, want, 32) != 0);
	VCHECK(v, kdf_kausf(ck, ik, snn, 0, sa, out) == -E_INVAL);
}

void run_res_star(const struct vec *v)
{
	uint8_t ck[16], ik[16], rnd[16], want[16], out[16];
	size_t rl = 0;
	const char *snn = vec_str(v, "snn");
	uint8_t *res = vec_hex(v, "res", &rl);
	if (!snn || !res || vec_hex_n(v, "ck", ck, 16) || vec_hex_n(v, "ik", ik, 16) ||
	    vec_hex_n(v, "rand", rnd, 16) || vec_hex_n(v, "res_star", want, 16)) {
		free(res);
		return;
	}
	VCHECK(v, kdf_res_star(ck, ik, snn, strlen(snn), rnd, res, rl, out) == 0);
	VCHECK(v, memcmp(out, want, 16) == 0);
	res[0] ^= 1; /* a wrong RES gives a RES* that does not match XRES* */
	VCHECK(v, kdf_res_star(ck, ik, snn, strlen(snn), rnd, res, rl, out) == 0);
	VCHECK(v, memcmp(out, want, 16) != 0);
	VCHECK(v, kdf_res_star(ck, ik, snn, strlen(snn), rnd, res, 3, out) == -E_INVAL);
	VCHECK(v, kdf_res_star(ck, ik, snn, strlen(snn), rnd, res, 17, out) == -E_INVAL);
	free(res);
}

void run_hres_star(const struct vec *v)
{
	uint8_t rnd[16], rs[16], want[16], out[16];
	if (vec_hex_n(v, "rand", rnd, 16) || vec_hex_n(v, "res_star", rs, 16) ||
	    vec_hex_n(v, "hres_star", want, 16))
		return;
	VCHECK(v, kdf_hres_star(rnd, rs, out) == 0);
	VCHECK(v, memcmp(out, want, 16) == 0);
}

void run_kseaf(const struct vec *v)
{
	uint8_t ka[32], want[32], out[32];
	const char *snn = vec_str(v, "snn");
	if (!snn || vec_hex_n(v, "kausf", ka, 32) || vec_hex_n(v, "kseaf", want, 32))
		return;
	VCHECK(v, kdf_kseaf(ka, snn, strlen(snn), out) == 0);
	VCHECK(v, memcmp(out, want, 32) == 0);
}

void run_kamf(const struct vec *v)
{
	uint8_t ks[32], abba[2], want[32], out[32];
	const char *supi = vec_str(v, "supi");
	if (!supi || vec_hex_n(v, "kseaf", ks, 32) || vec_hex_n(v, "abba", abba, 2) ||
	    vec_hex_n(v, "kamf", want, 32))
		return;
	VCHECK(v, kdf_kamf(ks, supi, strlen(supi), abba, 2, out) == 0);
	VCHECK(v, memcmp(out, want, 32) == 0);
	abba[1] ^= 1;
	VCHECK(v, kdf_kamf(ks, supi, strlen(supi), abba, 2, out) == 0);
	VCHECK(v, memcmp(out, want, 32) != 0);
	VCHECK(v, kdf_kamf(ks, supi, strlen(supi), abba, 1, out) == -E_INVAL);
}

void run_alg_key(const struct vec *v)
{
	uint8_t key[32], want[16], out[16];
	if (vec_hex_n(v, "key", key, 32) || vec_hex_n(v, "out", want, 16))
		return;
	int type = (int)vec_num(v, "type"), alg = (int)vec_num(v, "alg");
	VCHECK(v, kdf_alg_key(key, (enum kdf_alg_type)type, (uint8_t)alg, out) == 0);
	VCHECK(v, memcmp(out, want, 16) == 0);
	VCHECK(v, kdf_alg_key(key, (enum kdf_alg_type)0, (uint8_t)alg, out) == -E_INVAL);
	VCHECK(v, kdf_alg_key(key, (enum kdf_alg_type)type, 16, out) == -E_INVAL);
}

void run_kgnb(const struct vec *v)
{
	uint8_t kamf[32], want[32], out[32];
	if (vec_hex_n(v, "kamf", kamf, 32) || vec_hex_n(v, "kgnb", want, 32))
		return;
	uint32_t count = (uint32_t)vec_num(v, "ul_count");
	uint8_t access = (uint8_t)vec_num(v, "access");
	VCHECK(v, kdf_kgnb(kamf, count, access, out) == 0);
	VCHECK(v, memcmp(out, want, 32) == 0);
	VCHECK(v, kdf_kgnb(kamf, count + 1, access, out) == 0);
	VCHECK(v, memcmp(out, want, 32) != 0);
	VCHECK(v, kdf_kgnb(kamf, count, 3, out) == -E_INVAL);
}

void run_nh(const struct vec *v)
{
	uint8_t kamf[32], sync[32], want[32], out[32];
	if (vec_hex_n(v, "kamf", kamf, 32) || vec_hex_n(v, "sync", sync, 32) ||
	    vec_hex_n(v, "nh", want, 32))
		return;
	VCHECK(v, kdf_nh(kamf, sync, out) == 0);
	VCHECK(v, memcmp(out, want, 32) == 0);
}

void run_kng_ran_star(const struct vec *v)
{
	uint8_t key[32], want[32], out[32];
	if (vec_hex_n(v, "key", key, 32) || vec_hex_n(v, "out", want, 32))
		return;
	uint16_t pci = (uint16_t)vec_num(v, "pci");
	uint32_t arfcn = (uint32_t)vec_num(v, "arfcn");
	VCHECK(v, kdf_kng_ran_star(key, pci, arfcn, out) == 0);
	VCHECK(v, memcmp(out, want, 32) == 0);
	VCHECK(v, kdf_kng_ran_star(key, 1008, arfcn, out) == -E_INVAL);
}

void run_kamf_prime(const struct vec *v)
{
	uint8_t kamf[32], want[32], out[32];
	if (vec_hex_n(v, "kamf", kamf, 32) || vec_hex_n(v, "kamf_prime", want, 32))
		return;
	uint8_t dir = (uint8_t)vec_num(v, "direction");
	uint32_t count = (uint32_t)vec_num(v, "count");
	VCHECK(v, kdf_kamf_prime(kamf, dir, count, out) == 0);
	VCHECK(v, memcmp(out, want, 32) == 0);
	/* the other DIRECTION with the same COUNT is another key */
	VCHECK(v, kdf_kamf_prime(kamf, (uint8_t)(dir ^ 1), count, out) == 0);
	VCHECK(v, memcmp(out, want, 32) != 0);
	VCHECK(v, kdf_kamf_prime(kamf, 2, count, out) == -E_INVAL);
}

void run_auts(const struct vec *v)
{
	uint8_t k[16], opc[16], rnd[16], sqn_ms[6], want[14], out[14], got[6];
	if (vec_hex_n(v, "k", k, 16) || vec_hex_n(v, "opc", opc, 16) ||
	    vec_hex_n(v, "rand", rnd, 16) || vec_hex_n(v, "sqn_ms", sqn_ms, 6) ||
	    vec_hex_n(v, "auts", want, 14))
		return;
	VCHECK(v, aka_ue_auts(k, opc, rnd, sqn_ms, out) == 0);
	VCHECK(v, memcmp(out, want, 14) == 0);
	VCHECK(v, aka_hn_resync(k, opc, rnd, want, got) == 0);
	VCHECK(v, memcmp(got, sqn_ms, 6) == 0);
	/* wrong AUTS: flipped MAC-S bit, flipped Conc(SQN_MS) bit, other K */
	want[13] ^= 0x01;
	VCHECK(v, aka_hn_resync(k, opc, rnd, want, got) == -E_MAC);
	want[13] ^= 0x01;
	want[2] ^= 0x40;
	VCHECK(v, aka_hn_resync(k, opc, rnd, want, got) == -E_MAC);
	want[2] ^= 0x40;
	k[0] ^= 1;
	VCHECK(v, aka_hn_resync(k, opc, rnd, want, got) == -E_MAC);
	VCHECK(v, got[0] == 0 && got[5] == 0); /* nothing leaks on failure */
}
