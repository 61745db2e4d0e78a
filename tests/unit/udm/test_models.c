/* lib/sbi/models aka_models and sdm_models: values the UDR, UDM, AUSF and AMF
 * exchange, decoded, checked and encoded back; the error each malformed
 * member gets (TS 29.500 5.2.7.2 cause and JSON pointer). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/sbi/models/aka_models.h"
#include "lib/sbi/models/sdm_models.h"
#include "tests/unit/t.h"

static json_t *parse(const char *s)
{
	json_error_t je;
	json_t *j = json_loads(s, 0, &je);
	if (!j)
		fprintf(stderr, "bad test JSON: %s\n", je.text);
	return j;
}

static void bitrates_parse_and_format_in_si_steps(void)
{
	uint64_t v;
	char s[32];
	CHECK_EQ(sbi_bitrate_parse("1 Gbps", &v), 0);
	CHECK_EQ(v, 1000000000);
	CHECK_EQ(sbi_bitrate_parse("1.5 Kbps", &v), 0);
	CHECK_EQ(v, 1500);
	CHECK_EQ(sbi_bitrate_parse("0.0001 Kbps", &v), 0);
	CHECK_EQ(v, 0); /* finer than 1 bit/s: rounded down */
	CHECK_EQ(sbi_bitrate_parse("2 Tbps", &v), 0);
	CHECK_EQ(v, 2000000000000);
	CHECK_EQ(sbi_bitrate_parse("100 bps", &v), 0);
	CHECK_EQ(v, 100);
	CHECK_EQ(sbi_bitrate_parse("1Gbps", &v), -E_INVAL);
	CHECK_EQ(sbi_bitrate_parse("1 gbps", &v), -E_INVAL);
	CHECK_EQ(sbi_bitrate_parse(".5 Mbps", &v), -E_INVAL);
	CHECK_EQ(sbi_bitrate_parse("1. Mbps", &v), -E_INVAL);
	CHECK_EQ(sbi_bitrate_parse("99999999999999999999 bps", &v), -E_INVAL);
	CHECK_EQ(sbi_bitrate_parse("99999999 Tbps", &v), -E_INVAL);
	sbi_bitrate_format(1000000000, s);
	CHECK_STR(s, "1 Gbps");
	sbi_bitrate_format(1500, s);
	CHECK_STR(s, "1500 bps");
	sbi_bitrate_format(0, s);
	CHECK_STR(s, "0 bps");
	sbi_bitrate_format(2000000000000000, s);
	CHECK_STR(s, "2000 Tbps");
}

static void snssai_keys_and_guami_follow_ts29571(void)
{
	struct s_nssai n;
	char k[12];
	sbi_snssai_key(&(struct s_nssai){ 1, true, 0x0a0b0c }, k);
	CHECK_STR(k, "1-0a0b0c");
	sbi_snssai_key(&(struct s_nssai){ 255, false, 0 }, k);
	CHECK_STR(k, "255");
	CHECK_EQ(sbi_snssai_key_parse("2-ABCDEF", &n), 0);
	CHECK(n.sst == 2 && n.has_sd && n.sd == 0xabcdef);
	CHECK_EQ(sbi_snssai_key_parse("256", &n), -E_INVAL);
	CHECK_EQ(sbi_snssai_key_parse("1-12345", &n), -E_INVAL);
	CHECK_EQ(sbi_snssai_key_parse("-1", &n), -E_INVAL);

	struct guami g = { { 1, 1, 2 }, 0xca, 0x3fe, 0x3f }, back;
	struct sbi_jerr e;
	json_t *j = sbi_guami_encode(&g);
	/* region 0xca, set 0x3fe (10 bits), pointer 0x3f (6 bits): ca ff bf */
	CHECK_STR(json_string_value(json_object_get(j, "amfId")), "caffbf");
	CHECK_EQ(sbi_guami_decode(&back, j, "/guami", &e), 0);
	CHECK(back.region == 0xca && back.set == 0x3fe && back.pointer == 0x3f);
	json_object_set_new(j, "amfId", json_string("cafff"));
	CHECK(sbi_guami_decode(&back, j, "/guami", &e) < 0);
	CHECK_STR(e.param, "/guami/amfId");
	json_decref(j);
}

static void serving_network_names_parse_only_plmn_names(void)
{
	struct plmn p;
	char s[SBI_SNN_MAX];
	CHECK_EQ(sbi_serving_network_name_parse("5G:mnc001.mcc001.3gppnetwork.org", &p), 0);
	CHECK(p.mcc == 1 && p.mnc == 1);
	CHECK_EQ(sbi_serving_network_name_parse("5G:mnc456.mcc123.3gppnetwork.org", &p), 0);
	CHECK(p.mcc == 123 && p.mnc == 456);
	sbi_serving_network_name(&(struct plmn){ 208, 93, 2 }, s);
	CHECK_STR(s, "5G:mnc093.mcc208.3gppnetwork.org");
	CHECK_EQ(sbi_serving_network_name_parse(s, &p), 0);
	CHECK(p.mcc == 208 && p.mnc == 93);
	CHECK(sbi_serving_network_name_parse("5G:mnc01.mcc001.3gppnetwork.org", &p) < 0);
	CHECK(sbi_serving_network_name_parse("5G:mnc001.mcc001.3gppnetwork.org:0123", &p) < 0);
	CHECK(sbi_serving_network_name_parse("mnc001.mcc001.3gppnetwork.org", &p) < 0);
	CHECK(sbi_serving_network_name_parse("5G:mnc0x1.mcc001.3gppnetwork.org", &p) < 0);
}

static void auth_subscription_carries_opc_or_op_and_ind_length(void)
{
	struct sbi_auth_subscription s, b;
	struct sbi_jerr e;
	memset(&s, 0, sizeof(s));
	memset(s.k, 0x11, 16);
	s.has_op = true;
	memset(s.op, 0x22, 16);
	s.amf[0] = 0x80;
	s.sqn = 0xfedcba987654;
	s.ind_length = 5;
	json_t *j = sbi_auth_subscription_encode(&s);
	CHECK(json_object_get(j, "encOpcKey") == NULL);
	CHECK(json_object_get(j, "encTopcKey") == NULL);
	CHECK_STR(json_string_value(
			  json_object_get(json_object_get(j, SBI_AUTH_VENDOR_EXT), "encOpKey")),
		  "22222222222222222222222222222222");
	CHECK_STR(json_string_value(json_object_get(json_object_get(j, "sequenceNumber"), "sqn")),
		  "fedcba987654");
	CHECK_EQ(sbi_auth_subscription_decode(&b, j, &e), 0);
	CHECK(b.has_op && !b.has_opc);
	CHECK_MEM(b.op, s.op, 16);
	CHECK_EQ(b.sqn, s.sqn);
	CHECK_EQ(b.ind_length, 5);
	json_decref(j);
	/* encTopcKey is TUAK's TOPc: no substitute for an OPc. */
	j = parse("{\"authenticationMethod\":\"5G_AKA\",\"encPermanentKey\":"
		  "\"11111111111111111111111111111111\",\"encTopcKey\":"
		  "\"22222222222222222222222222222222\",\"authenticationManagementField\":\"8000\","
		  "\"sequenceNumber\":{\"sqn\":\"000000000001\"}}");
	CHECK_EQ(sbi_auth_subscription_decode(&b, j, &e), -E_MISSING_IE);
	CHECK_STR(e.param, "/encOpcKey");
	json_object_set_new(j, "encOpcKey", json_string("33333333333333333333333333333333"));
	CHECK_EQ(sbi_auth_subscription_decode(&b, j, &e), 0);
	CHECK_EQ(b.ind_length, -1);
	json_object_set_new(json_object_get(j, "sequenceNumber"), "sqn", json_string("0001"));
	CHECK(sbi_auth_subscription_decode(&b, j, &e) < 0);
	CHECK_STR(e.param, "/sequenceNumber/sqn");
	json_decref(j);
	uint64_t v;
	CHECK_EQ(sbi_sqn_parse("FFFFFFFFFFFF", &v), 0);
	CHECK_EQ(v, 0xffffffffffff);
	CHECK(sbi_sqn_parse("FFFFFFFFFFFFF", &v) < 0);
	j = sbi_sqn_cas_patch(0x20, 0x41);
	CHECK_STR(json_string_value(json_object_get(json_array_get(j, 0), "op")), "test");
	CHECK_STR(json_string_value(json_object_get(json_array_get(j, 0), "value")),
		  "000000000020");
	CHECK_STR(json_string_value(json_object_get(json_array_get(j, 1), "value")),
		  "000000000041");
	json_decref(j);
	explicit_bzero(&b, sizeof(b));
}

static void auth_event_needs_its_mandatory_members(void)
{
	struct sbi_auth_event ev, b;
	struct sbi_jerr e;
	memset(&ev, 0, sizeof(ev));
	snprintf(ev.nf_instance_id, sizeof(ev.nf_instance_id),
		 "7b4a54a5-4c35-4f7a-8f86-2bd8b0a4e5c2");
	snprintf(ev.time_stamp, sizeof(ev.time_stamp), "2026-11-26T10:00:00Z");
	snprintf(ev.serving_network_name, sizeof(ev.serving_network_name),
		 "5G:mnc001.mcc001.3gppnetwork.org");
	ev.auth_removal_ind = true;
	json_t *j = sbi_auth_event_encode(&ev);
	CHECK(j != NULL);
	CHECK_STR(json_string_value(json_object_get(j, "authType")), "5G_AKA");
	CHECK_EQ(sbi_auth_event_decode(&b, j, &e), 0);
	CHECK(!b.success && b.auth_removal_ind);
	CHECK_STR(b.auth_type, "5G_AKA");
	json_object_set_new(j, "timeStamp", json_string("yesterday"));
	CHECK(sbi_auth_event_decode(&b, j, &e) < 0);
	CHECK_STR(e.param, "/timeStamp");
	json_object_del(j, "authType");
	CHECK_EQ(sbi_auth_event_decode(&b, j, &e), -E_MISSING_IE);
	json_decref(j);
}

static void subscription_data_round_trips(void)
{
	struct sbi_am_data am, am2;
	struct sbi_sm_data *sm = calloc(2, sizeof(*sm));
	struct sbi_jerr e;
	memset(&am, 0, sizeof(am));
	snprintf(am.gpsi, sizeof(am.gpsi), "msisdn-15551234");
	am.has_ambr = true;
	am.ambr = (struct sbi_ambr){ 50000000, 200000000 };
	am.has_nssai = true;
	am.nssai.dflt[am.nssai.n_dflt++] = (struct s_nssai){ 1, false, 0 };
	am.nssai.single[am.nssai.n_single++] = (struct s_nssai){ 2, true, 1 };
	json_t *j = sbi_am_data_encode(&am);
	CHECK_EQ(sbi_am_data_decode(&am2, j, &e), 0);
	CHECK_STR(am2.gpsi, "msisdn-15551234");
	CHECK(am2.has_ambr && am2.ambr.ul == 50000000 && am2.ambr.dl == 200000000);
	CHECK(am2.nssai.n_dflt == 1 && am2.nssai.n_single == 1 && am2.nssai.single[0].sd == 1);
	json_t *j2 = sbi_am_data_encode(&am2);
	CHECK(json_equal(j, j2));
	json_decref(j2);
	json_decref(j);
	/* Nssai needs a default S-NSSAI. */
	j = parse("{\"nssai\":{\"singleNssais\":[{\"sst\":1}]}}");
	CHECK_EQ(sbi_am_data_decode(&am2, j, &e), -E_MISSING_IE);
	CHECK_STR(e.param, "/nssai/defaultSingleNssais");
	json_decref(j);

	struct sbi_sm_data *a = &sm[0], *b = &sm[1];
	a->n = 1;
	a->slices[0].snssai = (struct s_nssai){ 1, false, 0 };
	a->slices[0].n_dnns = 1;
	struct sbi_dnn_config *c = &a->slices[0].dnns[0];
	snprintf(c->dnn, sizeof(c->dnn), "internet");
	c->pdu_default = SBI_PDU_IPV4V6;
	c->pdu_allowed = 1u << SBI_PDU_IPV4 | 1u << SBI_PDU_IPV4V6;
	c->ssc_default = 1;
	c->ssc_allowed = 1u << 1 | 1u << 3;
	c->qi5 = 9;
	c->arp_level = 8;
	c->arp_preempt_vuln = true;
	c->has_session_ambr = true;
	c->session_ambr = (struct sbi_ambr){ 1000, 2000 };
	j = sbi_sm_data_encode(a);
	CHECK_EQ(sbi_sm_data_decode(b, j, &e), 0);
	const struct sbi_dnn_config *d = &b->slices[0].dnns[0];
	CHECK_STR(d->dnn, "internet");
	CHECK_EQ(d->pdu_default, SBI_PDU_IPV4V6);
	CHECK_EQ(d->pdu_allowed, c->pdu_allowed);
	CHECK_EQ(d->ssc_allowed, c->ssc_allowed);
	CHECK(d->qi5 == 9 && d->arp_level == 8 && d->arp_preempt_vuln && !d->arp_preempt_cap);
	CHECK(d->has_session_ambr && d->session_ambr.dl == 2000);
	j2 = sbi_sm_data_encode(b);
	CHECK(json_equal(j, j2));
	json_decref(j2);
	json_decref(j);
	free(sm);
}

int main(void)
{
	RUN(bitrates_parse_and_format_in_si_steps);
	RUN(snssai_keys_and_guami_follow_ts29571);
	RUN(serving_network_names_parse_only_plmn_names);
	RUN(auth_subscription_carries_opc_or_op_and_ind_length);
	RUN(auth_event_needs_its_mandatory_members);
	RUN(subscription_data_round_trips);
	return t_done();
}
