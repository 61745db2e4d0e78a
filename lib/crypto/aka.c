#include "lib/crypto/aka.h"

#include <string.h>

#include "lib/core/err.h"
#include "lib/crypto/ct.h"
#include "lib/crypto/milenage.h"

int aka_av_generate(const uint8_t k[16], const uint8_t opc[16], const uint8_t rand[16],
		    const uint8_t sqn[6], const uint8_t amf[2], struct aka_av *av)
{
	uint8_t mac_a[8], ak[6];
	int rc;
	if (rand != av->rand)
		memcpy(av->rand, rand, 16);
	rc = milenage_f1(k, opc, rand, sqn, amf, mac_a, NULL);
	if (rc == 0)
		rc = milenage_f2345(k, opc, rand, av->xres, av->ck, av->ik, ak, NULL);
	if (rc < 0) {
		aka_av_wipe(av);
		return rc;
	}
	for (int i = 0; i < 6; i++)
		av->sqn_xor_ak[i] = sqn[i] ^ ak[i];
	memcpy(av->autn, av->sqn_xor_ak, 6);
	memcpy(av->autn + 6, amf, 2);
	memcpy(av->autn + 8, mac_a, 8);
	crypto_wipe(ak, sizeof(ak));
	return 0;
}

void aka_av_wipe(struct aka_av *av)
{
	crypto_wipe(av, sizeof(*av));
}

int aka_ue_authenticate(const uint8_t k[16], const uint8_t opc[16], const uint8_t rand[16],
			const uint8_t autn[16], uint8_t sqn[6], uint8_t res[8], uint8_t ck[16],
			uint8_t ik[16])
{
	uint8_t ak[6], s[6], xres[8], xck[16], xik[16], mac_a[8];
	int rc = milenage_f2345(k, opc, rand, xres, xck, xik, ak, NULL);
	if (rc < 0)
		goto out;
	for (int i = 0; i < 6; i++)
		s[i] = autn[i] ^ ak[i];
	rc = milenage_f1(k, opc, rand, s, autn + 6, mac_a, NULL);
	if (rc < 0)
		goto out;
	if (!ct_eq(mac_a, autn + 8, 8)) {
		rc = -E_MAC;
		goto out;
	}
	if (sqn)
		memcpy(sqn, s, 6);
	if (res)
		memcpy(res, xres, 8);
	if (ck)
		memcpy(ck, xck, 16);
	if (ik)
		memcpy(ik, xik, 16);
out:
	if (rc < 0) {
		crypto_wipe(sqn, sqn ? 6 : 0);
		crypto_wipe(res, res ? 8 : 0);
		crypto_wipe(ck, ck ? 16 : 0);
		crypto_wipe(ik, ik ? 16 : 0);
	}
	crypto_wipe(ak, sizeof(ak));
	crypto_wipe(s, sizeof(s));
	crypto_wipe(xres, sizeof(xres));
	crypto_wipe(xck, sizeof(xck));
	crypto_wipe(xik, sizeof(xik));
	return rc;
}

/* TS 33.102 6.3.3: "the AMF used to calculate MAC-S assumes a dummy value of
 * all zeros so that it does not need to be transmitted in the clear". */
static const uint8_t amf_resync[2] = { 0, 0 };

int aka_ue_auts(const uint8_t k[16], const uint8_t opc[16], const uint8_t rand[16],
		const uint8_t sqn_ms[6], uint8_t auts[14])
{
	uint8_t ak_star[6];
	int rc = milenage_f2345(k, opc, rand, NULL, NULL, NULL, NULL, ak_star);
	if (rc == 0)
		rc = milenage_f1(k, opc, rand, sqn_ms, amf_resync, NULL, auts + 6);
	if (rc == 0)
		for (int i = 0; i < 6; i++)
			auts[i] = sqn_ms[i] ^ ak_star[i];
	crypto_wipe(ak_star, sizeof(ak_star));
	return rc;
}

int aka_hn_resync(const uint8_t k[16], const uint8_t opc[16], const uint8_t rand[16],
		  const uint8_t auts[14], uint8_t sqn_ms[6])
{
	uint8_t ak_star[6], s[6], mac_s[8];
	int rc = milenage_f2345(k, opc, rand, NULL, NULL, NULL, NULL, ak_star);
	if (rc < 0)
		goto out;
	for (int i = 0; i < 6; i++)
		s[i] = auts[i] ^ ak_star[i];
	rc = milenage_f1(k, opc, rand, s, amf_resync, NULL, mac_s);
	if (rc < 0)
		goto out;
	if (!ct_eq(mac_s, auts + 6, 8)) {
		rc = -E_MAC;
		goto out;
	}
	memcpy(sqn_ms, s, 6);
out:
	if (rc < 0)
		crypto_wipe(sqn_ms, 6);
	crypto_wipe(ak_star, sizeof(ak_star));
	crypto_wipe(s, sizeof(s));
	crypto_wipe(mac_s, sizeof(mac_s));
	return rc;
}
