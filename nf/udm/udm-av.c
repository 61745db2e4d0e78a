#include "lib/core/ids.h"
#include "nf/udm/udm-av.h"

#include <stdio.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/crypto/aka.h"
#include "lib/crypto/ct.h"
#include "lib/crypto/kdf.h"
#include "lib/crypto/milenage.h"
#include "lib/db/db.h"

static int id_err(struct udm_id_err *e, int status, const char *cause, const char *detail)
{
	e->status = status;
	e->cause = cause;
	e->detail = detail;
	return -1;
}

int udm_resolve_supi(const struct hn_keys *ks, const char *id, char *supi, size_t cap,
		     bool *was_suci, struct udm_id_err *e)
{
	*was_suci = false;
	if (strncmp(id, "imsi-", 5) == 0) {
		/* TS 23.003 2.2: at most 15 digits (TS 29.571 Supi: 5..15). */
		if (!str_digits(id + 5, 5, 15))
			return id_err(e, 400, "MANDATORY_IE_INCORRECT", "malformed IMSI SUPI");
		if (strlen(id) >= cap)
			return id_err(e, 400, "MANDATORY_IE_INCORRECT", "SUPI too long");
		snprintf(supi, cap, "%s", id);
		return 0;
	}
	if (strncmp(id, "suci-", 5) != 0) {
		/* nai-, gci-, gli-: valid SUPI types this UDM holds no one of. */
		if (strncmp(id, "nai-", 4) == 0 || strncmp(id, "gci-", 4) == 0 ||
		    strncmp(id, "gli-", 4) == 0)
			return id_err(e, 404, "USER_NOT_FOUND", "no subscriber of that SUPI type");
		return id_err(e, 400, "MANDATORY_IE_INCORRECT", "neither a SUPI nor a SUCI");
	}
	*was_suci = true;
	/* A NULL ring still serves the null scheme. */
	int rc = suci_str_to_supi(ks, id, supi, cap);
	if (rc >= 0)
		return 0;
	switch (rc) {
	case -E_UNSUPP:
		/* TS 29.503 6.3.7.3: a protection scheme (or SUPI type) the HPLMN lacks. */
		return id_err(e, 501, "UNSUPPORTED_PROTECTION_SCHEME",
			      "protection scheme not supported");
	case -E_NOTFOUND:
		return id_err(e, 403, "INVALID_HN_PUBLIC_KEY_IDENTIFIER",
			      "no home network key with that identifier");
	case -E_MAC:
	case -E_SHORT:
		return id_err(e, 403, "INVALID_SCHEME_OUTPUT", "SUCI cannot be de-concealed");
	default: return id_err(e, 400, "MANDATORY_IE_INCORRECT", "malformed SUCI");
	}
}

int udm_sqn_base(const uint8_t k[16], const uint8_t opc[16], const struct sbi_resync_info *rs,
		 uint64_t sqn_he, unsigned ind_bits, uint64_t delta, uint64_t *base)
{
	uint8_t ms[6];
	*base = sqn_he;
	if (!rs)
		return UDM_RESYNC_NONE;
	/* TS 33.102 6.3.5: SQN_MS = Conc(SQN_MS) xor f5*(RAND), MAC-S checked. */
	int rc = aka_hn_resync(k, opc, rs->rand, rs->auts, ms);
	if (rc == -E_MAC)
		return UDM_RESYNC_MAC_FAILURE; /* step 3: SQN_HE not reset */
	if (rc < 0)
		return rc;
	uint64_t sqn_ms = 0;
	for (int i = 0; i < 6; i++)
		sqn_ms = sqn_ms << 8 | ms[i];
	crypto_wipe(ms, sizeof(ms));
	/* Steps 2-5 (and C.3.4): keep SQN_HE when the next SQN generated from it
	 * is in the USIM's window, else reset SQN_HE to SQN_MS. */
	if (db_sqn_acceptable(sqn_he, sqn_ms, ind_bits, delta))
		return UDM_RESYNC_KEPT;
	*base = sqn_ms;
	return UDM_RESYNC_RESET;
}

int udm_he_av(const uint8_t k[16], const uint8_t opc[16], const uint8_t amf[2], uint64_t sqn,
	      const char *snn, const uint8_t rand[16], const char *supi,
	      struct sbi_udm_auth_info_result *out)
{
	struct aka_av av;
	uint8_t s[6];
	size_t snn_len = strlen(snn);
	int rc;

	memset(out, 0, sizeof(*out));
	for (int i = 0; i < 6; i++)
		s[i] = (uint8_t)(sqn >> (40 - 8 * i));
	/* TS 33.501 6.1.3.2 step 2: the ARPF creates a 5G HE AV. */
	if ((rc = aka_av_generate(k, opc, rand, s, amf, &av)) < 0 ||
	    (rc = kdf_res_star(av.ck, av.ik, snn, snn_len, rand, av.xres, sizeof(av.xres),
			       out->xres_star)) < 0 ||
	    (rc = kdf_kausf(av.ck, av.ik, snn, snn_len, av.sqn_xor_ak, out->kausf)) < 0) {
		aka_av_wipe(&av);
		crypto_wipe(out, sizeof(*out));
		return rc;
	}
	memcpy(out->rand, rand, 16);
	memcpy(out->autn, av.autn, 16);
	snprintf(out->supi, sizeof(out->supi), "%s", supi ? supi : "");
	aka_av_wipe(&av);
	return 0;
}

int udm_opc(const struct sbi_auth_subscription *s, uint8_t opc[16])
{
	if (s->has_opc) {
		memcpy(opc, s->opc, 16);
		return 0;
	}
	if (s->has_op)
		return milenage_opc(s->k, s->op, opc);
	return -E_INVAL;
}
