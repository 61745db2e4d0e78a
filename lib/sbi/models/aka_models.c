#include "lib/sbi/models/aka_models.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/sbi/models/common.h"

int sbi_jget_hex(const json_t *o, const char *at, const char *key, bool mandatory, uint8_t *out,
		 size_t n, struct sbi_jerr *e)
{
	char s[130];
	if (2 * n + 1 > sizeof(s))
		return -E_INVAL;
	int rc = sbi_jget_str(o, at, key, mandatory, s, sizeof(s), e);
	if (rc != 0)
		return rc;
	if (strlen(s) != 2 * n || hex_decode(out, n, s) != (int)n) {
		char why[64];
		snprintf(why, sizeof(why), "must be %zu hex digits", 2 * n);
		return sbi_jerr_set(e,
				    mandatory ? SBI_CAUSE_MANDATORY_IE_INCORRECT
					      : SBI_CAUSE_OPTIONAL_IE_INCORRECT,
				    at, key, why);
	}
	return 0;
}

int sbi_jset_hex(json_t *o, const char *key, const uint8_t *in, size_t n)
{
	char s[130];
	if (2 * n + 1 > sizeof(s))
		return -E_INVAL;
	hex_encode(s, in, n);
	json_t *v = json_string(s);
	explicit_bzero(s, sizeof(s));
	return v && json_object_set_new(o, key, v) == 0 ? 0 : -E_NOMEM;
}

void sbi_serving_network_name(const struct plmn *p, char out[SBI_SNN_MAX])
{
	/* TS 24.501 9.12.1 / TS 33.501 6.1.1.4: MNC padded to 3 digits. */
	snprintf(out, SBI_SNN_MAX, "5G:mnc%03u.mcc%03u.3gppnetwork.org", p->mnc % 1000u,
		 p->mcc % 1000u);
}

int sbi_serving_network_name_parse(const char *snn, struct plmn *p)
{
	static const char tail[] = ".3gppnetwork.org";
	unsigned v[2] = { 0, 0 };
	if (!snn || strncmp(snn, "5G:mnc", 6) != 0)
		return -E_INVAL;
	const char *s = snn + 6;
	for (int f = 0; f < 2; f++) {
		for (int i = 0; i < 3; i++, s++) {
			if (*s < '0' || *s > '9')
				return -E_INVAL;
			v[f] = v[f] * 10 + (unsigned)(*s - '0');
		}
		if (f == 0) {
			if (strncmp(s, ".mcc", 4) != 0)
				return -E_INVAL;
			s += 4;
		}
	}
	if (strcmp(s, tail) != 0)
		return -E_INVAL;
	p->mnc = (uint16_t)v[0];
	p->mcc = (uint16_t)v[1];
	p->mnc_len = 3;
	return 0;
}

static int get_resync(const json_t *j, const char *at, bool *has, struct sbi_resync_info *r,
		      struct sbi_jerr *e)
{
	json_t *o;
	char p[160];
	int rc = sbi_jget_object(j, at, "resynchronizationInfo", false, &o, e);
	if (rc < 0)
		return rc;
	*has = rc == 0;
	if (!*has)
		return 0;
	sbi_jpath(p, sizeof(p), at, "resynchronizationInfo", 0);
	if ((rc = sbi_jget_hex(o, p, "rand", true, r->rand, 16, e)) < 0)
		return rc;
	return sbi_jget_hex(o, p, "auts", true, r->auts, 14, e);
}

static int set_resync(json_t *j, const struct sbi_resync_info *r)
{
	json_t *o = json_object();
	if (!o || json_object_set_new(j, "resynchronizationInfo", o) < 0)
		return -E_NOMEM;
	if (sbi_jset_hex(o, "rand", r->rand, 16) < 0 || sbi_jset_hex(o, "auts", r->auts, 14) < 0)
		return -E_NOMEM;
	return 0;
}

static json_t *fail_free(json_t *j)
{
	json_decref(j);
	return NULL;
}

/* ---- Nausf ---- */

int sbi_ausf_auth_info_decode(struct sbi_ausf_auth_info *v, const json_t *j, struct sbi_jerr *e)
{
	int rc;
	memset(v, 0, sizeof(*v));
	if ((rc = sbi_jget_str(j, "", "supiOrSuci", true, v->supi_or_suci, sizeof(v->supi_or_suci),
			       e)) < 0)
		return rc;
	if ((rc = sbi_jget_str(j, "", "servingNetworkName", true, v->serving_network_name,
			       sizeof(v->serving_network_name), e)) < 0)
		return rc;
	return get_resync(j, "", &v->has_resync, &v->resync, e);
}

json_t *sbi_ausf_auth_info_encode(const struct sbi_ausf_auth_info *v)
{
	json_t *j = json_pack("{ssss}", "supiOrSuci", v->supi_or_suci, "servingNetworkName",
			      v->serving_network_name);
	if (j && v->has_resync && set_resync(j, &v->resync) < 0)
		return fail_free(j);
	return j;
}

int sbi_ue_auth_ctx_decode(struct sbi_ue_auth_ctx *v, const json_t *j, struct sbi_jerr *e)
{
	char type[32];
	json_t *av, *links, *l;
	int rc;

	memset(v, 0, sizeof(*v));
	if ((rc = sbi_jget_str(j, "", "authType", true, type, sizeof(type), e)) < 0)
		return rc;
	if (strcmp(type, "5G_AKA") != 0)
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_INCORRECT, "", "authType",
				    "only 5G_AKA is supported");
	if ((rc = sbi_jget_object(j, "", "5gAuthData", true, &av, e)) < 0)
		return rc;
	if ((rc = sbi_jget_hex(av, "/5gAuthData", "rand", true, v->rand, 16, e)) < 0 ||
	    (rc = sbi_jget_hex(av, "/5gAuthData", "autn", true, v->autn, 16, e)) < 0 ||
	    (rc = sbi_jget_hex(av, "/5gAuthData", "hxresStar", true, v->hxres_star, 16, e)) < 0)
		return rc;
	if ((rc = sbi_jget_object(j, "", "_links", true, &links, e)) < 0)
		return rc;
	if ((rc = sbi_jget_object(links, "/_links", "5g-aka", true, &l, e)) < 0)
		return rc;
	if ((rc = sbi_jget_str(l, "/_links/5g-aka", "href", true, v->confirm_href,
			       sizeof(v->confirm_href), e)) < 0)
		return rc;
	rc = sbi_jget_str(j, "", "servingNetworkName", false, v->serving_network_name,
			  sizeof(v->serving_network_name), e);
	return rc < 0 ? rc : 0;
}

json_t *sbi_ue_auth_ctx_encode(const struct sbi_ue_auth_ctx *v)
{
	json_t *av = json_object();
	json_t *j = json_pack("{sss{s{ss}}}", "authType", "5G_AKA", "_links", "5g-aka", "href",
			      v->confirm_href);
	if (!j || !av || json_object_set_new(j, "5gAuthData", av) < 0) {
		json_decref(av);
		return fail_free(j);
	}
	if (sbi_jset_hex(av, "rand", v->rand, 16) < 0 ||
	    sbi_jset_hex(av, "autn", v->autn, 16) < 0 ||
	    sbi_jset_hex(av, "hxresStar", v->hxres_star, 16) < 0 ||
	    sbi_jset_str(j, "servingNetworkName", v->serving_network_name) < 0)
		return fail_free(j);
	return j;
}

int sbi_confirmation_data_decode(struct sbi_confirmation_data *v, const json_t *j,
				 struct sbi_jerr *e)
{
	memset(v, 0, sizeof(*v));
	int rc = sbi_jget_hex(j, "", "resStar", true, v->res_star, 16, e);
	return rc < 0 ? rc : 0;
}

json_t *sbi_confirmation_data_encode(const struct sbi_confirmation_data *v)
{
	json_t *j = json_object();
	if (!j || sbi_jset_hex(j, "resStar", v->res_star, 16) < 0)
		return fail_free(j);
	return j;
}

static const char *const auth_result_names[] = {
	[SBI_AUTH_SUCCESS] = "AUTHENTICATION_SUCCESS",
	[SBI_AUTH_FAILURE] = "AUTHENTICATION_FAILURE",
	[SBI_AUTH_ONGOING] = "AUTHENTICATION_ONGOING",
};

int sbi_confirmation_resp_decode(struct sbi_confirmation_resp *v, const json_t *j,
				 struct sbi_jerr *e)
{
	char r[40];
	int rc;

	memset(v, 0, sizeof(*v));
	if ((rc = sbi_jget_str(j, "", "authResult", true, r, sizeof(r), e)) < 0)
		return rc;
	size_t i;
	for (i = 0; i < 3; i++)
		if (strcmp(r, auth_result_names[i]) == 0)
			break;
	if (i == 3)
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_INCORRECT, "", "authResult",
				    "unknown AuthResult");
	v->result = (enum sbi_auth_result)i;
	if ((rc = sbi_jget_str(j, "", "supi", false, v->supi, sizeof(v->supi), e)) < 0)
		return rc;
	if ((rc = sbi_jget_hex(j, "", "kseaf", false, v->kseaf, 32, e)) < 0)
		return rc;
	v->has_kseaf = rc == 0;
	if (v->result == SBI_AUTH_SUCCESS && !v->has_kseaf)
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_MISSING, "", "kseaf",
				    "required with AUTHENTICATION_SUCCESS");
	return 0;
}

json_t *sbi_confirmation_resp_encode(const struct sbi_confirmation_resp *v)
{
	json_t *j = json_pack("{ss}", "authResult", auth_result_names[v->result]);
	if (!j || sbi_jset_str(j, "supi", v->supi) < 0 ||
	    (v->has_kseaf && sbi_jset_hex(j, "kseaf", v->kseaf, 32) < 0))
		return fail_free(j);
	return j;
}

/* ---- Nudm ---- */

int sbi_udm_auth_info_req_decode(struct sbi_udm_auth_info_req *v, const json_t *j,
				 struct sbi_jerr *e)
{
	int rc;
	memset(v, 0, sizeof(*v));
	if ((rc = sbi_jget_str(j, "", "servingNetworkName", true, v->serving_network_name,
			       sizeof(v->serving_network_name), e)) < 0)
		return rc;
	if ((rc = sbi_jget_str(j, "", "ausfInstanceId", true, v->ausf_instance_id,
			       sizeof(v->ausf_instance_id), e)) < 0)
		return rc;
	return get_resync(j, "", &v->has_resync, &v->resync, e);
}

json_t *sbi_udm_auth_info_req_encode(const struct sbi_udm_auth_info_req *v)
{
	json_t *j = json_pack("{ssss}", "servingNetworkName", v->serving_network_name,
			      "ausfInstanceId", v->ausf_instance_id);
	if (j && v->has_resync && set_resync(j, &v->resync) < 0)
		return fail_free(j);
	return j;
}

int sbi_udm_auth_info_result_decode(struct sbi_udm_auth_info_result *v, const json_t *j,
				    struct sbi_jerr *e)
{
	char type[32];
	json_t *av;
	int rc;

	memset(v, 0, sizeof(*v));
	if ((rc = sbi_jget_str(j, "", "authType", true, type, sizeof(type), e)) < 0)
		return rc;
	if (strcmp(type, "5G_AKA") != 0)
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_INCORRECT, "", "authType",
				    "only 5G_AKA is supported");
	if ((rc = sbi_jget_object(j, "", "authenticationVector", true, &av, e)) < 0)
		return rc;
	if ((rc = sbi_jget_str(av, "/authenticationVector", "avType", true, type, sizeof(type),
			       e)) < 0)
		return rc;
	if (strcmp(type, "5G_HE_AKA") != 0)
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_INCORRECT, "/authenticationVector",
				    "avType", "expected 5G_HE_AKA");
	if ((rc = sbi_jget_hex(av, "/authenticationVector", "rand", true, v->rand, 16, e)) < 0 ||
	    (rc = sbi_jget_hex(av, "/authenticationVector", "autn", true, v->autn, 16, e)) < 0 ||
	    (rc = sbi_jget_hex(av, "/authenticationVector", "xresStar", true, v->xres_star, 16,
			       e)) < 0 ||
	    (rc = sbi_jget_hex(av, "/authenticationVector", "kausf", true, v->kausf, 32, e)) < 0)
		return rc;
	rc = sbi_jget_str(j, "", "supi", false, v->supi, sizeof(v->supi), e);
	return rc < 0 ? rc : 0;
}

json_t *sbi_udm_auth_info_result_encode(const struct sbi_udm_auth_info_result *v)
{
	json_t *av = json_pack("{ss}", "avType", "5G_HE_AKA");
	json_t *j = json_pack("{ss}", "authType", "5G_AKA");
	if (!j || !av || json_object_set_new(j, "authenticationVector", av) < 0) {
		json_decref(av);
		return fail_free(j);
	}
	if (sbi_jset_hex(av, "rand", v->rand, 16) < 0 ||
	    sbi_jset_hex(av, "autn", v->autn, 16) < 0 ||
	    sbi_jset_hex(av, "xresStar", v->xres_star, 16) < 0 ||
	    sbi_jset_hex(av, "kausf", v->kausf, 32) < 0 || sbi_jset_str(j, "supi", v->supi) < 0)
		return fail_free(j);
	return j;
}

int sbi_auth_event_decode(struct sbi_auth_event *v, const json_t *j, struct sbi_jerr *e)
{
	int rc;
	memset(v, 0, sizeof(*v));
	if ((rc = sbi_jget_str(j, "", "nfInstanceId", true, v->nf_instance_id,
			       sizeof(v->nf_instance_id), e)) < 0 ||
	    (rc = sbi_jget_bool(j, "", "success", true, &v->success, e)) < 0 ||
	    (rc = sbi_jget_str(j, "", "timeStamp", true, v->time_stamp, sizeof(v->time_stamp), e)) <
		    0 ||
	    (rc = sbi_jget_str(j, "", "authType", true, v->auth_type, sizeof(v->auth_type), e)) <
		    0 ||
	    (rc = sbi_jget_str(j, "", "servingNetworkName", true, v->serving_network_name,
			       sizeof(v->serving_network_name), e)) < 0 ||
	    (rc = sbi_jget_bool(j, "", "authRemovalInd", false, &v->auth_removal_ind, e)) < 0)
		return rc;
	time_t t;
	if (sbi_datetime_parse(v->time_stamp, &t) < 0)
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_INCORRECT, "", "timeStamp",
				    "not an RFC 3339 date-time");
	return 0;
}

json_t *sbi_auth_event_encode(const struct sbi_auth_event *v)
{
	json_t *j = json_pack("{sssbssssss}", "nfInstanceId", v->nf_instance_id, "success",
			      v->success, "timeStamp", v->time_stamp, "authType",
			      v->auth_type[0] ? v->auth_type : "5G_AKA", "servingNetworkName",
			      v->serving_network_name);
	if (j && v->auth_removal_ind && json_object_set_new(j, "authRemovalInd", json_true()) < 0)
		return fail_free(j);
	return j;
}

/* ---- Nudr AuthenticationSubscription ---- */

void sbi_sqn_format(uint64_t sqn, char out[13])
{
	snprintf(out, 13, "%012" PRIx64, sqn & UINT64_C(0xffffffffffff));
}

int sbi_sqn_parse(const char *s, uint64_t *sqn)
{
	uint8_t b[6];
	if (!s || strlen(s) != 12 || hex_decode(b, 6, s) != 6)
		return -E_INVAL;
	*sqn = 0;
	for (int i = 0; i < 6; i++)
		*sqn = *sqn << 8 | b[i];
	return 0;
}

json_t *sbi_sqn_cas_patch(uint64_t old_sqn, uint64_t new_sqn)
{
	char o[13], n[13];
	sbi_sqn_format(old_sqn, o);
	sbi_sqn_format(new_sqn, n);
	return json_pack("[{ssssss}{ssssss}]", "op", "test", "path", SBI_SQN_PTR, "value", o, "op",
			 "replace", "path", SBI_SQN_PTR, "value", n);
}

int sbi_auth_subscription_decode(struct sbi_auth_subscription *v, const json_t *j,
				 struct sbi_jerr *e)
{
	char method[32], sqn[16];
	json_t *seq, *ext;
	int rc;

	memset(v, 0, sizeof(*v));
	v->ind_length = -1;
	if ((rc = sbi_jget_str(j, "", "authenticationMethod", true, method, sizeof(method), e)) < 0)
		return rc;
	if (strcmp(method, "5G_AKA") != 0)
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_INCORRECT, "", "authenticationMethod",
				    "only 5G_AKA is supported");
	/* encPermanentKey, authenticationManagementField and sequenceNumber are
	 * optional in the schema but needed for 5G AKA (TS 33.501 6.1.3.2). */
	if ((rc = sbi_jget_hex(j, "", "encPermanentKey", true, v->k, 16, e)) < 0)
		return rc;
	if ((rc = sbi_jget_hex(j, "", "encOpcKey", false, v->opc, 16, e)) < 0)
		return rc;
	v->has_opc = rc == 0;
	if ((rc = sbi_jget_object(j, "", SBI_AUTH_VENDOR_EXT, false, &ext, e)) < 0)
		return rc;
	if (rc == 0) {
		if ((rc = sbi_jget_hex(ext, "/" SBI_AUTH_VENDOR_EXT, "encOpKey", false, v->op, 16,
				       e)) < 0)
			return rc;
		v->has_op = rc == 0;
	}
	if (!v->has_opc && !v->has_op)
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_MISSING, "", "encOpcKey",
				    "neither encOpcKey nor an OP");
	if ((rc = sbi_jget_hex(j, "", "authenticationManagementField", true, v->amf, 2, e)) < 0)
		return rc;
	if ((rc = sbi_jget_object(j, "", "sequenceNumber", true, &seq, e)) < 0)
		return rc;
	if ((rc = sbi_jget_str(seq, "/sequenceNumber", "sqn", true, sqn, sizeof(sqn), e)) < 0)
		return rc;
	if (sbi_sqn_parse(sqn, &v->sqn) < 0)
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_INCORRECT, "/sequenceNumber", "sqn",
				    "must be 12 hex digits");
	int64_t il;
	if ((rc = sbi_jget_int(seq, "/sequenceNumber", "indLength", false, 0, 47, &il, e)) < 0)
		return rc;
	if (rc == 0)
		v->ind_length = (int)il;
	return 0;
}

json_t *sbi_auth_subscription_encode(const struct sbi_auth_subscription *v)
{
	char sqn[13];
	sbi_sqn_format(v->sqn, sqn);
	json_t *j = json_pack("{sss{ssss}}", "authenticationMethod", "5G_AKA", "sequenceNumber",
			      "sqnScheme", "NON_TIME_BASED", "sqn", sqn);
	if (!j || json_object_set_new(j, "algorithmId", json_string("milenage")) < 0 ||
	    sbi_jset_hex(j, "encPermanentKey", v->k, 16) < 0 ||
	    (v->has_opc && sbi_jset_hex(j, "encOpcKey", v->opc, 16) < 0) ||
	    sbi_jset_hex(j, "authenticationManagementField", v->amf, 2) < 0)
		return fail_free(j);
	if (v->ind_length >= 0 && json_object_set_new(json_object_get(j, "sequenceNumber"),
						      "indLength", json_integer(v->ind_length)) < 0)
		return fail_free(j);
	if (v->has_op) {
		json_t *ext = json_object();
		if (!ext || json_object_set_new(j, SBI_AUTH_VENDOR_EXT, ext) < 0 ||
		    sbi_jset_hex(ext, "encOpKey", v->op, 16) < 0)
			return fail_free(j);
	}
	return j;
}
