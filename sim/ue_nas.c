/* ue_nas.c — the USIM for ngsim's UEs. */
#include "sim/ue_nas.h"

#include <stdio.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/crypto/aka.h"
#include "lib/crypto/ct.h"
#include "lib/crypto/kdf.h"
#include "lib/crypto/suci.h"

int usim_nas_keys(const uint8_t kamf[32], int nea, int nia, uint8_t kint[16], uint8_t kenc[16])
{
	int rc = kdf_alg_key(kamf, KDF_N_NAS_INT, (uint8_t)nia, kint);
	if (rc == 0)
		rc = kdf_alg_key(kamf, KDF_N_NAS_ENC, (uint8_t)nea, kenc);
	return rc;
}

static uint64_t sqn48(const uint8_t s[6])
{
	uint64_t v = 0;
	for (int i = 0; i < 6; i++)
		v = v << 8 | s[i];
	return v;
}

static void sqn_bytes(uint64_t v, uint8_t s[6])
{
	for (int i = 5; i >= 0; i--) {
		s[i] = (uint8_t)v;
		v >>= 8;
	}
}

int usim_challenge(struct sim *s, struct sim_ue *ue, const uint8_t rand[16], const uint8_t autn[16],
		   const uint8_t *abba, size_t abba_len, uint8_t ngksi, int force,
		   uint8_t res_star[16], uint8_t auts[14])
{
	const struct sim_ue_cfg *g = sim_ue_cfg(s, ue);
	const uint8_t *opc = s->group_opc[ue->group];
	uint8_t sqn[6], res[8], ck[16], ik[16], sqn_ms[6];
	int rc;

	if (force == AUTHF_MAC)
		return USIM_MAC_FAIL;
	rc = aka_ue_authenticate(g->k, opc, rand, autn, sqn, res, ck, ik);
	if (rc == -E_MAC)
		return USIM_MAC_FAIL;
	if (rc < 0)
		return rc;
	/* TS 33.501 6.1.3.2 and Annex A.2: the AMF separation bit (bit 0 of the
	 * AMF field in AUTN) must be 1 for 5G. */
	if (!(autn[6] & 0x80)) {
		rc = USIM_NON_5G;
		goto out;
	}
	/* TS 33.102 6.3.3 and Annex C.2: the SQN must be fresh. */
	if (force == AUTHF_SYNCH || (g->sqn_check == 0 && sqn48(sqn) <= ue->sqn_ms)) {
		sqn_bytes(ue->sqn_ms, sqn_ms);
		rc = aka_ue_auts(g->k, opc, rand, sqn_ms, auts);
		if (rc == 0)
			rc = USIM_SYNCH_FAIL;
		goto out;
	}
	ue->sqn_ms = sqn48(sqn);

	char snn[KDF_SNN_MAX + 1], imsi[16];
	uint8_t kausf[32], kseaf[32];
	const struct sim_gnb_cfg *gc = &s->cfg->gnbs[ue->gnb];
	int snn_len = kdf_snn(&gc->plmn, snn, sizeof(snn));
	if (snn_len < 0) {
		rc = snn_len;
		goto out;
	}
	sim_ue_imsi(s, ue, imsi);
	rc = kdf_res_star(ck, ik, snn, (size_t)snn_len, rand, res, 8, res_star);
	if (rc == 0)
		rc = kdf_kausf(ck, ik, snn, (size_t)snn_len, autn, kausf);
	if (rc == 0)
		rc = kdf_kseaf(kausf, snn, (size_t)snn_len, kseaf);
	if (rc == 0)
		rc = kdf_kamf(kseaf, imsi, strlen(imsi), abba, abba_len, ue->pending_kamf);
	crypto_wipe(kausf, sizeof(kausf));
	crypto_wipe(kseaf, sizeof(kseaf));
	if (rc == 0) {
		ue->has_pending = true;
		ue->pending_ngksi = ngksi;
		rc = USIM_OK;
	}
out:
	crypto_wipe(ck, sizeof(ck));
	crypto_wipe(ik, sizeof(ik));
	crypto_wipe(res, sizeof(res));
	return rc;
}

int usim_suci(struct sim *s, const struct sim_ue *ue, uint32_t seq, struct nas_mobile_id *id,
	      uint8_t *out_buf, size_t cap)
{
	const struct sim_ue_cfg *g = sim_ue_cfg(s, ue);
	char imsi[16];
	struct plmn home;

	sim_ue_imsi(s, ue, imsi);
	home.mcc = (uint16_t)((imsi[0] - '0') * 100 + (imsi[1] - '0') * 10 + (imsi[2] - '0'));
	home.mnc_len = (uint8_t)g->mnc_len;
	home.mnc = (uint16_t)((imsi[3] - '0') * 10 + (imsi[4] - '0'));
	if (home.mnc_len == 3)
		home.mnc = (uint16_t)(home.mnc * 10 + (imsi[5] - '0'));
	const char *msin = imsi + 3 + home.mnc_len;

	if (g->scheme == SUCI_SCHEME_NULL)
		return nas_id_suci_null(id, &home, g->routing, msin);

	uint8_t pub[33], bcd[8], eph[32], in[8];
	int publen = hex_decode(pub, sizeof(pub), g->hn_pub);
	int blen = suci_msin_to_bcd(msin, bcd, sizeof(bcd));
	if (publen < 0 || blen < 0)
		return -E_INVAL;
	/* Ephemeral private key: KDF(process secret, UE number || seq). */
	for (int i = 0; i < 4; i++) {
		in[i] = (uint8_t)(ue->num >> (24 - 8 * i));
		in[4 + i] = (uint8_t)(seq >> (24 - 8 * i));
	}
	struct kdf_param p = { in, sizeof(in) };
	int rc = kdf_generic(s->suci_seed, sizeof(s->suci_seed), 0x7F, &p, 1, eph);
	if (rc < 0)
		return rc;
	int n = suci_conceal((enum suci_scheme)g->scheme, pub, (size_t)publen, eph, bcd,
			     (size_t)blen, out_buf, cap);
	crypto_wipe(eph, sizeof(eph));
	if (n < 0)
		return n;
	memset(id, 0, sizeof(*id));
	id->type = NAS_ID_SUCI;
	id->suci.supi_fmt = NAS_SUPI_IMSI;
	id->suci.plmn = home;
	snprintf(id->suci.routing, sizeof(id->suci.routing), "%s", g->routing);
	id->suci.scheme = (uint8_t)g->scheme;
	id->suci.hnpki = (uint8_t)g->hn_key_id;
	id->suci.out = (struct nas_buf){ out_buf, (uint16_t)n };
	return 0;
}
