#include "lib/sbi/models/sdm_models.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/sbi/models/common.h"

static json_t *fail_free(json_t *j)
{
	json_decref(j);
	return NULL;
}

/* ---- BitRate ---- */

static const char *const rate_units[] = { "bps", "Kbps", "Mbps", "Gbps", "Tbps" };

int sbi_bitrate_parse(const char *s, uint64_t *bps)
{
	uint64_t ip = 0, frac = 0, fdiv = 1;
	const char *p = s;

	if (!s || *p < '0' || *p > '9')
		return -E_INVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (ip > (UINT64_MAX - 9) / 10)
			return -E_INVAL;
		ip = ip * 10 + (uint64_t)(*p - '0');
	}
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return -E_INVAL;
		for (; *p >= '0' && *p <= '9'; p++) {
			if (fdiv >= UINT64_C(1000000000000)) /* finer than 1 bps at Tbps: ignored */
				continue;
			frac = frac * 10 + (uint64_t)(*p - '0');
			fdiv *= 10;
		}
	}
	if (*p++ != ' ')
		return -E_INVAL;
	uint64_t mul = 1;
	size_t u;
	for (u = 0; u < 5; u++, mul *= 1000)
		if (strcmp(p, rate_units[u]) == 0)
			break;
	if (u == 5)
		return -E_INVAL;
	if (ip > UINT64_MAX / mul)
		return -E_INVAL;
	/* Both powers of ten: exact, rounding a fraction finer than 1 bit/s down. */
	uint64_t v = ip * mul, f = mul >= fdiv ? frac * (mul / fdiv) : frac / (fdiv / mul);
	if (v > UINT64_MAX - f)
		return -E_INVAL;
	*bps = v + f;
	return 0;
}

void sbi_bitrate_format(uint64_t bps, char out[32])
{
	size_t u = 0;
	while (u < 4 && bps && bps % 1000 == 0) {
		bps /= 1000;
		u++;
	}
	snprintf(out, 32, "%" PRIu64 " %s", bps, rate_units[u]);
}

int sbi_ambr_decode(struct sbi_ambr *v, const json_t *j, const char *at, struct sbi_jerr *e)
{
	char s[40];
	int rc;
	if (!json_is_object(j))
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_INCORRECT, at, NULL, "not an object");
	if ((rc = sbi_jget_str(j, at, "uplink", true, s, sizeof(s), e)) < 0)
		return rc;
	if (sbi_bitrate_parse(s, &v->ul) < 0)
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_INCORRECT, at, "uplink",
				    "not a BitRate");
	if ((rc = sbi_jget_str(j, at, "downlink", true, s, sizeof(s), e)) < 0)
		return rc;
	if (sbi_bitrate_parse(s, &v->dl) < 0)
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_INCORRECT, at, "downlink",
				    "not a BitRate");
	return 0;
}

json_t *sbi_ambr_encode(const struct sbi_ambr *v)
{
	char ul[32], dl[32];
	sbi_bitrate_format(v->ul, ul);
	sbi_bitrate_format(v->dl, dl);
	return json_pack("{ssss}", "uplink", ul, "downlink", dl);
}

void sbi_snssai_key(const struct s_nssai *s, char out[12])
{
	if (s->has_sd)
		snprintf(out, 12, "%u-%06x", s->sst, s->sd & 0xffffffu);
	else
		snprintf(out, 12, "%u", s->sst);
}

int sbi_snssai_key_parse(const char *k, struct s_nssai *s)
{
	unsigned sst = 0;
	size_t i = 0;
	for (; k[i] >= '0' && k[i] <= '9' && i < 3; i++)
		sst = sst * 10 + (unsigned)(k[i] - '0');
	if (i == 0 || sst > 255)
		return -E_INVAL;
	s->sst = (uint8_t)sst;
	s->has_sd = false;
	s->sd = 0;
	if (k[i] == 0)
		return 0;
	uint8_t b[3];
	if (k[i] != '-' || strlen(k + i + 1) != 6 || hex_decode(b, 3, k + i + 1) != 3)
		return -E_INVAL;
	s->has_sd = true;
	s->sd = (uint32_t)b[0] << 16 | (uint32_t)b[1] << 8 | b[2];
	return 0;
}

/* ---- Nssai, am-data ---- */

static json_t *snssai_array(const struct s_nssai *s, uint8_t n)
{
	json_t *a = json_array();
	for (uint8_t i = 0; a && i < n; i++)
		if (json_array_append_new(a, sbi_snssai_encode(&s[i])) < 0)
			return fail_free(a);
	return a;
}

int sbi_nssai_decode(struct sbi_nssai *v, const json_t *j, const char *at, struct sbi_jerr *e)
{
	char p[160];
	json_t *a;
	int rc;

	memset(v, 0, sizeof(*v));
	if (!json_is_object(j))
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_INCORRECT, at, NULL, "not an object");
	if ((rc = sbi_jget_array(j, at, "defaultSingleNssais", true, true, &a, e)) < 0)
		return rc;
	sbi_jpath(p, sizeof(p), at, "defaultSingleNssais", 0);
	if ((rc = sbi_snssai_list_decode(v->dflt, SBI_MAX_SNSSAIS, &v->n_dflt, a, p, true, e)) < 0)
		return rc;
	if ((rc = sbi_jget_array(j, at, "singleNssais", false, true, &a, e)) < 0)
		return rc;
	if (rc == 0) {
		sbi_jpath(p, sizeof(p), at, "singleNssais", 0);
		if ((rc = sbi_snssai_list_decode(v->single, SBI_MAX_SNSSAIS, &v->n_single, a, p,
						 false, e)) < 0)
			return rc;
	}
	return 0;
}

json_t *sbi_nssai_encode(const struct sbi_nssai *v)
{
	json_t *j = json_object();
	if (!j ||
	    json_object_set_new(j, "defaultSingleNssais", snssai_array(v->dflt, v->n_dflt)) < 0)
		return fail_free(j);
	if (v->n_single &&
	    json_object_set_new(j, "singleNssais", snssai_array(v->single, v->n_single)) < 0)
		return fail_free(j);
	return j;
}

int sbi_am_data_decode(struct sbi_am_data *v, const json_t *j, struct sbi_jerr *e)
{
	json_t *a, *o;
	int rc;

	memset(v, 0, sizeof(*v));
	if (!json_is_object(j))
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_INCORRECT, "", NULL, "not an object");
	if ((rc = sbi_jget_array(j, "", "gpsis", false, false, &a, e)) < 0)
		return rc;
	if (rc == 0 && json_array_size(a) > 0) {
		const char *g = json_string_value(json_array_get(a, 0));
		if (!g || strlen(g) >= sizeof(v->gpsi))
			return sbi_jerr_set(e, SBI_CAUSE_OPTIONAL_IE_INCORRECT, "/gpsis", "0",
					    "not a Gpsi");
		snprintf(v->gpsi, sizeof(v->gpsi), "%s", g);
	}
	if ((rc = sbi_jget_object(j, "", "subscribedUeAmbr", false, &o, e)) < 0)
		return rc;
	if (rc == 0) {
		if ((rc = sbi_ambr_decode(&v->ambr, o, "/subscribedUeAmbr", e)) < 0)
			return rc;
		v->has_ambr = true;
	}
	if ((rc = sbi_jget_object(j, "", "nssai", false, &o, e)) < 0)
		return rc;
	if (rc == 0) {
		if ((rc = sbi_nssai_decode(&v->nssai, o, "/nssai", e)) < 0)
			return rc;
		v->has_nssai = true;
	}
	return 0;
}

json_t *sbi_am_data_encode(const struct sbi_am_data *v)
{
	json_t *j = json_object();
	if (!j)
		return NULL;
	if (v->gpsi[0] && json_object_set_new(j, "gpsis", json_pack("[s]", v->gpsi)) < 0)
		return fail_free(j);
	if (v->has_ambr &&
	    json_object_set_new(j, "subscribedUeAmbr", sbi_ambr_encode(&v->ambr)) < 0)
		return fail_free(j);
	if (v->has_nssai && json_object_set_new(j, "nssai", sbi_nssai_encode(&v->nssai)) < 0)
		return fail_free(j);
	return j;
}

/* ---- smf-select-data ---- */

int sbi_smf_sel_data_decode(struct sbi_smf_sel_data *v, const json_t *j, struct sbi_jerr *e)
{
	char p[160], q[200];
	const char *key;
	json_t *m, *info, *arr, *d;
	size_t k;
	int rc;

	memset(v, 0, sizeof(*v));
	if (!json_is_object(j))
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_INCORRECT, "", NULL, "not an object");
	if ((rc = sbi_jget_object(j, "", "subscribedSnssaiInfos", false, &m, e)) < 0)
		return rc;
	if (rc == 1)
		return 0;
	if (json_object_size(m) > SBI_MAX_SNSSAIS)
		return sbi_jerr_set(e, SBI_CAUSE_OPTIONAL_IE_INCORRECT, "", "subscribedSnssaiInfos",
				    "too many S-NSSAIs");
	json_object_foreach(m, key, info)
	{
		struct sbi_snssai_info *in = &v->infos[v->n];
		sbi_jpath(p, sizeof(p), "/subscribedSnssaiInfos", key, 0);
		if (sbi_snssai_key_parse(key, &in->snssai) < 0)
			return sbi_jerr_set(e, SBI_CAUSE_OPTIONAL_IE_INCORRECT,
					    "/subscribedSnssaiInfos", key, "key is not an Snssai");
		if (!json_is_object(info))
			return sbi_jerr_set(e, SBI_CAUSE_OPTIONAL_IE_INCORRECT, p, NULL,
					    "not an object");
		if ((rc = sbi_jget_array(info, p, "dnnInfos", true, true, &arr, e)) < 0)
			return rc;
		if (json_array_size(arr) > SBI_MAX_DNNS)
			return sbi_jerr_set(e, SBI_CAUSE_OPTIONAL_IE_INCORRECT, p, "dnnInfos",
					    "too many DNNs");
		sbi_jpath(p, sizeof(p), p, "dnnInfos", 0);
		json_array_foreach(arr, k, d)
		{
			sbi_jpath(q, sizeof(q), p, NULL, k);
			if (!json_is_object(d))
				return sbi_jerr_set(e, SBI_CAUSE_OPTIONAL_IE_INCORRECT, q, NULL,
						    "not an object");
			if ((rc = sbi_jget_str(d, q, "dnn", true, in->dnns[k].dnn,
					       sizeof(in->dnns[k].dnn), e)) < 0 ||
			    (rc = sbi_jget_bool(d, q, "defaultDnnIndicator", false,
						&in->dnns[k].is_default, e)) < 0)
				return rc;
			in->n_dnns++;
		}
		v->n++;
	}
	return 0;
}

json_t *sbi_smf_sel_data_encode(const struct sbi_smf_sel_data *v)
{
	json_t *j = json_object(), *m = json_object();
	if (!j || !m || json_object_set_new(j, "subscribedSnssaiInfos", m) < 0) {
		if (j)
			return fail_free(j);
		json_decref(m);
		return NULL;
	}
	for (uint8_t i = 0; i < v->n; i++) {
		const struct sbi_snssai_info *in = &v->infos[i];
		char key[12];
		json_t *arr = json_array();
		sbi_snssai_key(&in->snssai, key);
		if (!arr || json_object_set_new(m, key, json_pack("{so}", "dnnInfos", arr)) < 0)
			return fail_free(j);
		for (uint8_t k = 0; k < in->n_dnns; k++) {
			json_t *d = json_pack("{ss}", "dnn", in->dnns[k].dnn);
			if (d && in->dnns[k].is_default &&
			    json_object_set_new(d, "defaultDnnIndicator", json_true()) < 0) {
				json_decref(d);
				d = NULL;
			}
			if (json_array_append_new(arr, d) < 0)
				return fail_free(j);
		}
	}
	return j;
}

/* ---- sm-data ---- */

static const char *const pdu_names[] = { "IPV4", "IPV6", "IPV4V6", "UNSTRUCTURED", "ETHERNET" };

static int pdu_parse(const char *s)
{
	for (int i = 0; i < 5; i++)
		if (strcmp(s, pdu_names[i]) == 0)
			return i;
	return -1;
}

static int ssc_parse(const char *s)
{
	if (strncmp(s, "SSC_MODE_", 9) == 0 && s[9] >= '1' && s[9] <= '3' && s[10] == 0)
		return s[9] - '0';
	return -1;
}

static json_t *dnn_config_encode(const struct sbi_dnn_config *c)
{
	char ssc[16];
	json_t *allowed = json_array(), *sscs = json_array();
	for (int i = 0; allowed && i < 5; i++)
		if (c->pdu_allowed & (1u << i))
			json_array_append_new(allowed, json_string(pdu_names[i]));
	for (int m = 1; sscs && m <= 3; m++)
		if (c->ssc_allowed & (1u << m)) {
			snprintf(ssc, sizeof(ssc), "SSC_MODE_%d", m);
			json_array_append_new(sscs, json_string(ssc));
		}
	snprintf(ssc, sizeof(ssc), "SSC_MODE_%u", c->ssc_default);
	json_t *j = json_pack("{s{ss}s{ss}s{sis{siss ss}}}", "pduSessionTypes",
			      "defaultSessionType", pdu_names[c->pdu_default % 5], "sscModes",
			      "defaultSscMode", ssc, "5gQosProfile", "5qi", (int)c->qi5, "arp",
			      "priorityLevel", (int)c->arp_level, "preemptCap",
			      c->arp_preempt_cap ? "MAY_PREEMPT" : "NOT_PREEMPT", "preemptVuln",
			      c->arp_preempt_vuln ? "PREEMPTABLE" : "NOT_PREEMPTABLE");
	if (!j || !allowed || !sscs) {
		json_decref(allowed);
		json_decref(sscs);
		return fail_free(j);
	}
	if (json_array_size(allowed))
		json_object_set_new(json_object_get(j, "pduSessionTypes"), "allowedSessionTypes",
				    allowed);
	else
		json_decref(allowed);
	if (json_array_size(sscs))
		json_object_set_new(json_object_get(j, "sscModes"), "allowedSscModes", sscs);
	else
		json_decref(sscs);
	if (c->has_session_ambr &&
	    json_object_set_new(j, "sessionAmbr", sbi_ambr_encode(&c->session_ambr)) < 0)
		return fail_free(j);
	return j;
}

static int dnn_config_decode(struct sbi_dnn_config *c, const json_t *j, const char *at,
			     struct sbi_jerr *e)
{
	char p[200], s[40];
	json_t *o, *arp, *arr, *x;
	size_t i;
	int rc, v;

	if (!json_is_object(j))
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_INCORRECT, at, NULL, "not an object");
	if ((rc = sbi_jget_object(j, at, "pduSessionTypes", true, &o, e)) < 0)
		return rc;
	sbi_jpath(p, sizeof(p), at, "pduSessionTypes", 0);
	if ((rc = sbi_jget_str(o, p, "defaultSessionType", false, s, sizeof(s), e)) < 0)
		return rc;
	c->pdu_default = SBI_PDU_IPV4;
	if (rc == 0) {
		if ((v = pdu_parse(s)) < 0)
			return sbi_jerr_set(e, SBI_CAUSE_OPTIONAL_IE_INCORRECT, p,
					    "defaultSessionType", "unknown PduSessionType");
		c->pdu_default = (enum sbi_pdu_type)v;
	}
	if ((rc = sbi_jget_array(o, p, "allowedSessionTypes", false, true, &arr, e)) < 0)
		return rc;
	if (rc == 0)
		json_array_foreach(arr, i, x) if (json_is_string(x) &&
						  (v = pdu_parse(json_string_value(x))) >= 0)
			c->pdu_allowed |= (uint8_t)(1u << v);
	if ((rc = sbi_jget_object(j, at, "sscModes", true, &o, e)) < 0)
		return rc;
	sbi_jpath(p, sizeof(p), at, "sscModes", 0);
	if ((rc = sbi_jget_str(o, p, "defaultSscMode", true, s, sizeof(s), e)) < 0)
		return rc;
	if ((v = ssc_parse(s)) < 0)
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_INCORRECT, p, "defaultSscMode",
				    "unknown SscMode");
	c->ssc_default = (uint8_t)v;
	if ((rc = sbi_jget_array(o, p, "allowedSscModes", false, true, &arr, e)) < 0)
		return rc;
	if (rc == 0)
		json_array_foreach(arr, i, x) if (json_is_string(x) &&
						  (v = ssc_parse(json_string_value(x))) >= 0)
			c->ssc_allowed |= (uint8_t)(1u << v);
	if ((rc = sbi_jget_object(j, at, "5gQosProfile", false, &o, e)) < 0)
		return rc;
	if (rc == 0) {
		int64_t n;
		sbi_jpath(p, sizeof(p), at, "5gQosProfile", 0);
		if ((rc = sbi_jget_int(o, p, "5qi", true, 0, 255, &n, e)) < 0)
			return rc;
		c->qi5 = (uint8_t)n;
		if ((rc = sbi_jget_object(o, p, "arp", true, &arp, e)) < 0)
			return rc;
		sbi_jpath(p, sizeof(p), p, "arp", 0);
		if ((rc = sbi_jget_int(arp, p, "priorityLevel", true, 1, 15, &n, e)) < 0)
			return rc;
		c->arp_level = (uint8_t)n;
		if ((rc = sbi_jget_str(arp, p, "preemptCap", true, s, sizeof(s), e)) < 0)
			return rc;
		c->arp_preempt_cap = strcmp(s, "MAY_PREEMPT") == 0;
		if ((rc = sbi_jget_str(arp, p, "preemptVuln", true, s, sizeof(s), e)) < 0)
			return rc;
		c->arp_preempt_vuln = strcmp(s, "PREEMPTABLE") == 0;
	}
	if ((rc = sbi_jget_object(j, at, "sessionAmbr", false, &o, e)) < 0)
		return rc;
	if (rc == 0) {
		sbi_jpath(p, sizeof(p), at, "sessionAmbr", 0);
		if ((rc = sbi_ambr_decode(&c->session_ambr, o, p, e)) < 0)
			return rc;
		c->has_session_ambr = true;
	}
	return 0;
}

int sbi_sm_data_decode(struct sbi_sm_data *v, const json_t *j, struct sbi_jerr *e)
{
	char p[160], q[200];
	const char *key;
	json_t *s, *o, *m, *c;
	size_t i;
	int rc;

	memset(v, 0, sizeof(*v));
	if (!json_is_array(j))
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_INCORRECT, "", NULL, "not an array");
	if (json_array_size(j) > SBI_MAX_SNSSAIS)
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_INCORRECT, "", NULL,
				    "too many S-NSSAIs");
	json_array_foreach(j, i, s)
	{
		struct sbi_sm_data_slice *sl = &v->slices[i];
		sbi_jpath(p, sizeof(p), "", NULL, i);
		if (!json_is_object(s))
			return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_INCORRECT, p, NULL,
					    "not an object");
		if ((rc = sbi_jget_object(s, p, "singleNssai", true, &o, e)) < 0)
			return rc;
		sbi_jpath(q, sizeof(q), p, "singleNssai", 0);
		if ((rc = sbi_snssai_decode(&sl->snssai, o, q, e)) < 0)
			return rc;
		if ((rc = sbi_jget_object(s, p, "dnnConfigurations", false, &m, e)) < 0)
			return rc;
		if (rc == 0) {
			if (json_object_size(m) > SBI_MAX_DNNS)
				return sbi_jerr_set(e, SBI_CAUSE_OPTIONAL_IE_INCORRECT, p,
						    "dnnConfigurations", "too many DNNs");
			sbi_jpath(p, sizeof(p), p, "dnnConfigurations", 0);
			json_object_foreach(m, key, c)
			{
				struct sbi_dnn_config *dc = &sl->dnns[sl->n_dnns];
				if (strlen(key) >= sizeof(dc->dnn))
					return sbi_jerr_set(e, SBI_CAUSE_OPTIONAL_IE_INCORRECT, p,
							    key, "DNN too long");
				snprintf(dc->dnn, sizeof(dc->dnn), "%s", key);
				sbi_jpath(q, sizeof(q), p, key, 0);
				if ((rc = dnn_config_decode(dc, c, q, e)) < 0)
					return rc;
				sl->n_dnns++;
			}
		}
		v->n++;
	}
	return 0;
}

json_t *sbi_sm_data_encode(const struct sbi_sm_data *v)
{
	json_t *a = json_array();
	for (uint8_t i = 0; a && i < v->n; i++) {
		const struct sbi_sm_data_slice *sl = &v->slices[i];
		json_t *m = json_object();
		json_t *s = json_pack("{sosO}", "singleNssai", sbi_snssai_encode(&sl->snssai),
				      "dnnConfigurations", m);
		json_decref(m);
		if (!s || json_array_append_new(a, s) < 0)
			return fail_free(a);
		for (uint8_t k = 0; k < sl->n_dnns; k++)
			if (json_object_set_new(m, sl->dnns[k].dnn,
						dnn_config_encode(&sl->dnns[k])) < 0)
				return fail_free(a);
	}
	return a;
}

/* ---- Guami, Amf3GppAccessRegistration ---- */

int sbi_guami_decode(struct guami *g, const json_t *j, const char *at, struct sbi_jerr *e)
{
	char p[160], id[16];
	json_t *o;
	uint8_t b[3];
	int rc;

	if (!json_is_object(j))
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_INCORRECT, at, NULL, "not an object");
	if ((rc = sbi_jget_object(j, at, "plmnId", true, &o, e)) < 0)
		return rc;
	if ((rc = sbi_plmn_decode(&g->plmn, o, sbi_jpath(p, sizeof(p), at, "plmnId", 0), e)) < 0)
		return rc;
	if ((rc = sbi_jget_str(j, at, "amfId", true, id, sizeof(id), e)) < 0)
		return rc;
	if (strlen(id) != 6 || hex_decode(b, 3, id) != 3)
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_INCORRECT, at, "amfId",
				    "must be 6 hex digits");
	/* TS 23.003 2.10.1: region (8 bits) | set (10 bits) | pointer (6 bits). */
	g->region = b[0];
	g->set = (uint16_t)((b[1] << 2) | (b[2] >> 6));
	g->pointer = b[2] & 0x3f;
	return 0;
}

json_t *sbi_guami_encode(const struct guami *g)
{
	char id[8];
	uint32_t v =
		(uint32_t)g->region << 16 | (uint32_t)(g->set & 0x3ff) << 6 | (g->pointer & 0x3fu);
	snprintf(id, sizeof(id), "%06x", v);
	return json_pack("{soss}", "plmnId", sbi_plmn_encode(&g->plmn), "amfId", id);
}

int sbi_amf_reg_decode(struct sbi_amf_reg *v, const json_t *j, struct sbi_jerr *e)
{
	json_t *o;
	int rc;

	memset(v, 0, sizeof(*v));
	if (!json_is_object(j))
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_INCORRECT, "", NULL, "not an object");
	if ((rc = sbi_jget_str(j, "", "amfInstanceId", true, v->amf_instance_id,
			       sizeof(v->amf_instance_id), e)) < 0)
		return rc;
	if (!sbi_uuid_valid(v->amf_instance_id))
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_INCORRECT, "", "amfInstanceId",
				    "not a UUID");
	if ((rc = sbi_jget_str(j, "", "deregCallbackUri", true, v->dereg_callback_uri,
			       sizeof(v->dereg_callback_uri), e)) < 0)
		return rc;
	if ((rc = sbi_jget_object(j, "", "guami", true, &o, e)) < 0 ||
	    (rc = sbi_guami_decode(&v->guami, o, "/guami", e)) < 0)
		return rc;
	if ((rc = sbi_jget_str(j, "", "ratType", true, v->rat_type, sizeof(v->rat_type), e)) < 0)
		return rc;
	if ((rc = sbi_jget_bool(j, "", "initialRegistrationInd", false,
				&v->initial_registration_ind, e)) < 0 ||
	    (rc = sbi_jget_str(j, "", "pei", false, v->pei, sizeof(v->pei), e)) < 0 ||
	    (rc = sbi_jget_str(j, "", "supi", false, v->supi, sizeof(v->supi), e)) < 0)
		return rc;
	return 0;
}

json_t *sbi_amf_reg_encode(const struct sbi_amf_reg *v)
{
	json_t *j = json_pack("{sssssoss}", "amfInstanceId", v->amf_instance_id, "deregCallbackUri",
			      v->dereg_callback_uri, "guami", sbi_guami_encode(&v->guami),
			      "ratType", v->rat_type[0] ? v->rat_type : "NR");
	if (!j || sbi_jset_str(j, "pei", v->pei) < 0 || sbi_jset_str(j, "supi", v->supi) < 0)
		return fail_free(j);
	if (v->initial_registration_ind &&
	    json_object_set_new(j, "initialRegistrationInd", json_true()) < 0)
		return fail_free(j);
	return j;
}
