#include "nf/udr/udr-data.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/sbi/models/aka_models.h"
#include "lib/sbi/models/sdm_models.h"

json_t *udr_auth_subscription(const struct db_auth *a, unsigned ind_bits)
{
	struct sbi_auth_subscription s;
	memset(&s, 0, sizeof(s));
	memcpy(s.k, a->k, 16);
	if (a->op_kind == DB_OPC) {
		s.has_opc = true;
		memcpy(s.opc, a->op, 16);
	} else {
		s.has_op = true;
		memcpy(s.op, a->op, 16);
	}
	memcpy(s.amf, a->amf, 2);
	s.sqn = a->sqn;
	s.ind_length = (int)ind_bits;
	json_t *j = sbi_auth_subscription_encode(&s);
	explicit_bzero(&s, sizeof(s));
	return j;
}

json_t *udr_sqn_doc(uint64_t sqn, unsigned ind_bits)
{
	char h[13];
	sbi_sqn_format(sqn, h);
	return json_pack("{s{sssssi}}", "sequenceNumber", "sqnScheme", "NON_TIME_BASED", "sqn", h,
			 "indLength", (int)ind_bits);
}

static void fill_nssai(const struct db_sub *s, struct sbi_nssai *n)
{
	memset(n, 0, sizeof(*n));
	/* TS 23.501 5.15.3: the default S-NSSAIs are used when the UE asks for
	 * none; lib/db marks slices[0] as the subscriber's default. */
	for (uint8_t i = 0; i < s->n_slices && i < SBI_MAX_SNSSAIS; i++) {
		if (i == 0)
			n->dflt[n->n_dflt++] = s->slices[i].s_nssai;
		else
			n->single[n->n_single++] = s->slices[i].s_nssai;
	}
}

json_t *udr_am_data(const struct db_sub *s)
{
	struct sbi_am_data am;
	memset(&am, 0, sizeof(am));
	if (s->msisdn[0])
		snprintf(am.gpsi, sizeof(am.gpsi), "msisdn-%s", s->msisdn);
	am.has_ambr = true;
	am.ambr.ul = s->ambr_ul;
	am.ambr.dl = s->ambr_dl;
	am.has_nssai = s->n_slices > 0;
	fill_nssai(s, &am.nssai);
	return sbi_am_data_encode(&am);
}

json_t *udr_smf_sel_data(const struct db_sub *s)
{
	struct sbi_smf_sel_data d;
	memset(&d, 0, sizeof(d));
	for (uint8_t i = 0; i < s->n_slices && i < SBI_MAX_SNSSAIS; i++) {
		const struct db_slice *sl = &s->slices[i];
		struct sbi_snssai_info *in = &d.infos[d.n++];
		in->snssai = sl->s_nssai;
		for (uint8_t k = 0; k < sl->n_dnns && k < SBI_MAX_DNNS; k++) {
			snprintf(in->dnns[k].dnn, sizeof(in->dnns[k].dnn), "%s", sl->dnns[k].dnn);
			in->dnns[k].is_default = k == 0;
			in->n_dnns++;
		}
	}
	return sbi_smf_sel_data_encode(&d);
}

json_t *udr_sm_data(const struct db_sub *s)
{
	struct sbi_sm_data *d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	for (uint8_t i = 0; i < s->n_slices && i < SBI_MAX_SNSSAIS; i++) {
		const struct db_slice *sl = &s->slices[i];
		struct sbi_sm_data_slice *o = &d->slices[d->n++];
		o->snssai = sl->s_nssai;
		for (uint8_t k = 0; k < sl->n_dnns && k < SBI_MAX_DNNS; k++) {
			const struct db_dnn *dn = &sl->dnns[k];
			struct sbi_dnn_config *c = &o->dnns[o->n_dnns++];
			snprintf(c->dnn, sizeof(c->dnn), "%s", dn->dnn);
			c->pdu_default = SBI_PDU_IPV4;
			c->pdu_allowed = 1u << SBI_PDU_IPV4 | 1u << SBI_PDU_IPV4V6;
			c->ssc_default = 1;
			c->ssc_allowed = 1u << 1;
			c->qi5 = dn->qi5;
			c->arp_level = dn->arp_level;
			c->arp_preempt_cap = dn->arp_preempt_cap;
			c->arp_preempt_vuln = dn->arp_preempt_vuln;
			c->has_session_ambr = true;
			c->session_ambr.ul = s->ambr_ul;
			c->session_ambr.dl = s->ambr_dl;
		}
	}
	json_t *j = sbi_sm_data_encode(d);
	free(d);
	return j;
}

static bool under(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);
	return strncmp(path, prefix, n) == 0 && (path[n] == 0 || path[n] == '/');
}

int udr_patch_check(const json_t *patch, const char *prefix, struct sbi_jerr *e)
{
	static const char *const ops[] = { "add", "remove", "replace", "move", "copy", "test" };
	char at[32];
	size_t i;
	json_t *op;

	if (!json_is_array(patch) || json_array_size(patch) == 0)
		return sbi_jerr_set(e, SBI_CAUSE_INVALID_MSG_FORMAT, "", NULL,
				    "a JSON Patch is a non-empty array of operations");
	json_array_foreach(patch, i, op)
	{
		char name[16], path[256], from[256];
		int rc;
		size_t k;
		snprintf(at, sizeof(at), "/%zu", i);
		if (!json_is_object(op))
			return sbi_jerr_set(e, SBI_CAUSE_INVALID_MSG_FORMAT, at, NULL,
					    "not an object");
		if ((rc = sbi_jget_str(op, at, "op", true, name, sizeof(name), e)) < 0 ||
		    (rc = sbi_jget_str(op, at, "path", true, path, sizeof(path), e)) < 0)
			return -E_INVAL;
		for (k = 0; k < 6; k++)
			if (strcmp(name, ops[k]) == 0)
				break;
		if (k == 6)
			return sbi_jerr_set(e, SBI_CAUSE_INVALID_MSG_FORMAT, at, "op",
					    "unknown operation");
		if (path[0] && path[0] != '/')
			return sbi_jerr_set(e, SBI_CAUSE_INVALID_MSG_FORMAT, at, "path",
					    "not a JSON Pointer");
		bool needs_value = k == 0 || k == 2 || k == 5;
		if (needs_value && !json_object_get(op, "value"))
			return sbi_jerr_set(e, SBI_CAUSE_INVALID_MSG_FORMAT, at, "value",
					    "missing");
		if (!under(path, prefix)) {
			sbi_jerr_set(e, SBI_CAUSE_MODIFICATION_NOT_ALLOWED, at, "path",
				     "outside the modifiable part of the resource");
			return -E_RANGE;
		}
		if (k == 3 || k == 4) {
			if (sbi_jget_str(op, at, "from", true, from, sizeof(from), e) < 0)
				return -E_INVAL;
			if (!under(from, prefix)) {
				sbi_jerr_set(e, SBI_CAUSE_MODIFICATION_NOT_ALLOWED, at, "from",
					     "outside the modifiable part of the resource");
				return -E_RANGE;
			}
		}
	}
	return 0;
}

bool udr_patch_is_test(const json_t *patch, int index)
{
	if (index < 0)
		return false;
	const char *op =
		json_string_value(json_object_get(json_array_get(patch, (size_t)index), "op"));
	return op && strcmp(op, "test") == 0;
}

bool udr_var_plmn_valid(const char *s)
{
	size_t n = strlen(s);
	if (n != 5 && n != 6)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}
