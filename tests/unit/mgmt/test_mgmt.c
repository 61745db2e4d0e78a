/* Unit tests of nf/mgmt without HTTP: JSON <-> subscriber, CSV lines, the
 * status-provider registry. */
#include <stdlib.h>

#include "lib/core/err.h"
#include "nf/mgmt/mgmt-ctx.h"
#include "nf/mgmt/status.h"
#include "tests/unit/t.h"

#define K   "465b5ce8b199b49faa5f0a2ee238a6bc"
#define OPC "cd63cb71954a9f4e48a5994e37a02baf"

static json_t *js(const char *text)
{
	json_error_t je;
	json_t *o = json_loads(text, 0, &je);
	if (!o)
		fprintf(stderr, "bad test JSON: %s\n", je.text);
	return o;
}

/* Applies text to sub (full or patch); returns the result, error in *e. */
static int apply(struct db_sub *sub, const char *text, bool full, struct mgmt_err *e)
{
	json_t *o = js(text);
	int rc = mgmt_sub_from_json(sub, o, full, e);
	json_decref(o);
	return rc;
}

static void json_add_takes_defaults_and_lists(void)
{
	struct db_sub s;
	struct mgmt_err e;

	db_sub_defaults(&s);
	CHECK_EQ(
		apply(&s,
		      "{\"supi\":\"001010000000001\",\"k\":\"" K "\",\"op\":\"" OPC "\","
		      "\"sqn\":\"ff\",\"ambr\":{\"uplink\":\"2.5 Mbps\",\"downlink\":1000},"
		      "\"slices\":[{\"sst\":1,\"sd\":\"0A0B0C\",\"dnns\":[\"internet\","
		      "{\"dnn\":\"ims\",\"5qi\":5,\"arp\":{\"priority\":2,\"preempt_cap\":true}}]},"
		      "{\"sst\":2}]}",
		      true, &e),
		0);
	CHECK_STR(s.supi, "imsi-001010000000001");
	CHECK_EQ(s.op_kind, DB_OP);
	CHECK_EQ(s.k[0], 0x46);
	CHECK_EQ(s.op[15], 0xaf);
	CHECK_EQ(s.amf, 0x8000);
	CHECK_EQ(s.sqn, 0xff);
	CHECK_EQ(s.ambr_ul, 2500000);
	CHECK_EQ(s.ambr_dl, 1000);
	CHECK_EQ(s.n_slices, 2);
	CHECK(s.slices[0].s_nssai.has_sd);
	CHECK_EQ(s.slices[0].s_nssai.sd, 0x0a0b0c);
	CHECK_EQ(s.slices[0].n_dnns, 2);
	CHECK_EQ(s.slices[0].dnns[0].qi5, 9);
	CHECK_EQ(s.slices[0].dnns[1].qi5, 5);
	CHECK_EQ(s.slices[0].dnns[1].arp_level, 2);
	CHECK(s.slices[0].dnns[1].arp_preempt_cap);
	CHECK(s.slices[0].dnns[1].arp_preempt_vuln);
	CHECK(!s.slices[1].s_nssai.has_sd);
	CHECK_STR(s.slices[1].dnns[0].dnn, "internet");
	db_sub_wipe(&s);
}

static void json_errors_name_the_field(void)
{
	static const struct {
		const char *body; /* request */
		const char *field; /* expected "field" */
	} cases[] = {
		{ "{\"k\":\"" K "\",\"opc\":\"" OPC "\"}", "supi" },
		{ "{\"supi\":\"imsi-1\",\"k\":\"" K "\",\"opc\":\"" OPC "\"}", "supi" },
		{ "{\"supi\":\"001010000000001\",\"opc\":\"" OPC "\"}", "k" },
		{ "{\"supi\":\"001010000000001\",\"k\":\"" K "\"}", "opc" },
		{ "{\"supi\":\"001010000000001\",\"k\":\"" K "1\",\"opc\":\"" OPC "\"}", "k" },
		{ "{\"supi\":\"001010000000001\",\"k\":\"" K "\",\"opc\":\"" OPC "\",\"op\":\"" OPC
		  "\"}",
		  "op" },
		{ "{\"supi\":\"001010000000001\",\"k\":\"" K "\",\"opc\":\"" OPC
		  "\",\"amf\":\"80\"}",
		  "amf" },
		{ "{\"supi\":\"001010000000001\",\"k\":\"" K "\",\"opc\":\"" OPC
		  "\",\"sqn\":\"1000000000000\"}",
		  "sqn" },
		{ "{\"supi\":\"001010000000001\",\"k\":\"" K "\",\"opc\":\"" OPC
		  "\",\"ambr\":{\"uplink\":\"fast\"}}",
		  "ambr.uplink" },
		{ "{\"supi\":\"001010000000001\",\"k\":\"" K "\",\"opc\":\"" OPC
		  "\",\"slices\":[{\"sst\":1},{\"sst\":1}]}",
		  "slices[1]" },
		{ "{\"supi\":\"001010000000001\",\"k\":\"" K "\",\"opc\":\"" OPC
		  "\",\"slices\":[{\"sst\":1,\"dnns\":[\"a_b\"]}]}",
		  "slices[0].dnns[0].dnn" },
		{ "{\"supi\":\"001010000000001\",\"k\":\"" K "\",\"opc\":\"" OPC
		  "\",\"slices\":[{\"sst\":1,\"dnns\":[{\"dnn\":\"x\",\"arp\":{\"priority\":0}}]}]"
		  "}",
		  "slices[0].dnns[0].arp.priority" },
		{ "{\"supi\":\"001010000000001\",\"k\":\"" K "\",\"opc\":\"" OPC
		  "\",\"slices\":[]}",
		  "slices" },
		{ "{\"supi\":\"001010000000001\",\"k\":\"" K "\",\"opc\":\"" OPC "\",\"color\":1}",
		  "color" },
		{ "{\"supi\":\"001010000000001\",\"k\":\"" K "\",\"opc\":\"" OPC
		  "\",\"msisdn\":\"+49\"}",
		  "msisdn" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct db_sub s;
		struct mgmt_err e = { 0 };
		db_sub_defaults(&s);
		CHECK_EQ(apply(&s, cases[i].body, true, &e), -1);
		CHECK_EQ(e.status, 400);
		CHECK_STR(e.field, cases[i].field);
		CHECK(e.msg[0] != 0);
	}
}

static void json_patch_changes_only_what_is_given(void)
{
	struct db_sub s;
	struct mgmt_err e;

	db_sub_defaults(&s);
	CHECK_EQ(apply(&s,
		       "{\"supi\":\"001010000000001\",\"k\":\"" K "\",\"opc\":\"" OPC
		       "\",\"msisdn\":\"123\"}",
		       true, &e),
		 0);
	CHECK_EQ(apply(&s, "{\"op\":\"" K "\",\"msisdn\":null,\"sqn\":33}", false, &e), 0);
	CHECK_EQ(s.op_kind, DB_OP);
	CHECK_EQ(s.op[0], 0x46);
	CHECK_EQ(s.k[0], 0x46);
	CHECK_STR(s.msisdn, "");
	CHECK_EQ(s.sqn, 33);
	CHECK_EQ(s.ambr_ul, 1000000000);
	/* a different SUPI in the body than in the URL */
	CHECK_EQ(apply(&s, "{\"supi\":\"001010000000002\"}", false, &e), -1);
	CHECK_STR(e.field, "supi");
	db_sub_wipe(&s);
}

static void json_view_never_shows_secrets(void)
{
	struct db_sub s;
	db_sub_defaults(&s);
	snprintf(s.supi, sizeof(s.supi), "imsi-001010000000001");
	memset(s.k, 0x46, 16);
	memset(s.op, 0xcd, 16);
	s.sqn = 0x21;
	json_t *o = mgmt_sub_to_json(&s);
	char *text = json_dumps(o, 0);
	json_decref(o);
	CHECK(text != NULL);
	CHECK(strstr(text, "\"k\": \"set\"") != NULL);
	CHECK(strstr(text, "\"opc\": \"set\"") != NULL);
	CHECK(strstr(text, "4646") == NULL);
	CHECK(strstr(text, "cdcd") == NULL);
	CHECK(strstr(text, "\"sqn\": \"000000000021\"") != NULL);
	CHECK(strstr(text, "\"uplink\": \"1 Gbps\"") != NULL);
	free(text);
}

static void csv_header_needs_imsi_k_and_opc_or_op(void)
{
	int cols[MGMT_CSV_MAX_COLS], n;
	struct mgmt_err e;

	CHECK_EQ(mgmt_csv_header("imsi,k,opc", cols, &n, &e), 0);
	CHECK_EQ(n, 3);
	CHECK_EQ(mgmt_csv_header(" SUPI , K , OP , sst ", cols, &n, &e), 0);
	CHECK_EQ(n, 4);
	CHECK_EQ(mgmt_csv_header("k,opc", cols, &n, &e), -1);
	CHECK_STR(e.field, "imsi");
	CHECK_EQ(mgmt_csv_header("imsi,opc", cols, &n, &e), -1);
	CHECK_STR(e.field, "k");
	CHECK_EQ(mgmt_csv_header("imsi,k", cols, &n, &e), -1);
	CHECK_STR(e.field, "opc");
	CHECK_EQ(mgmt_csv_header("imsi,k,opc,colour", cols, &n, &e), -1);
	CHECK_STR(e.field, "colour");
	CHECK_EQ(mgmt_csv_header("imsi,k,k,opc", cols, &n, &e), -1);
}

static void csv_line_parses_values_lists_and_defaults(void)
{
	int cols[MGMT_CSV_MAX_COLS], n;
	struct mgmt_err e;
	struct db_sub s;

	CHECK_EQ(mgmt_csv_header("imsi,k,opc,op,amf,sqn,sst,sd,dnn,ambr_ul,ambr_dl,msisdn", cols,
				 &n, &e),
		 0);
	CHECK_EQ(mgmt_csv_line("001010000000001," K "," OPC ",,9000,21,1;2;3,010203;;0a0b0c,"
			       "internet;ims,\"10 Mbps\",20 Mbps,4912\r",
			       cols, n, &s, &e),
		 -1); /* the CR is removed by the reader, not here: msisdn has it */
	CHECK_STR(e.field, "msisdn");
	CHECK_EQ(mgmt_csv_line("001010000000001," K "," OPC ",,9000,21,1;2;3,010203;;0a0b0c,"
			       "internet;ims,\"10 Mbps\",20 Mbps,4912",
			       cols, n, &s, &e),
		 0);
	CHECK_STR(s.supi, "imsi-001010000000001");
	CHECK_EQ(s.op_kind, DB_OPC);
	CHECK_EQ(s.amf, 0x9000);
	CHECK_EQ(s.sqn, 0x21);
	CHECK_EQ(s.ambr_ul, 10000000);
	CHECK_EQ(s.ambr_dl, 20000000);
	CHECK_STR(s.msisdn, "4912");
	CHECK_EQ(s.n_slices, 3);
	CHECK(s.slices[0].s_nssai.has_sd);
	CHECK(!s.slices[1].s_nssai.has_sd);
	CHECK_EQ(s.slices[2].s_nssai.sd, 0x0a0b0c);
	CHECK_EQ(s.slices[2].s_nssai.sst, 3);
	CHECK_EQ(s.slices[1].n_dnns, 2);
	CHECK_STR(s.slices[1].dnns[1].dnn, "ims");
	/* empty values take the defaults; OP instead of OPc */
	CHECK_EQ(mgmt_csv_line("001010000000002," K ",," OPC ",,,,,,,,", cols, n, &s, &e), 0);
	CHECK_EQ(s.op_kind, DB_OP);
	CHECK_EQ(s.amf, 0x8000);
	CHECK_EQ(s.n_slices, 1);
	CHECK_EQ(s.slices[0].s_nssai.sst, 1);
	CHECK_STR(s.slices[0].dnns[0].dnn, "internet");
	db_sub_wipe(&s);
}

static void csv_line_errors_name_the_column(void)
{
	static const struct {
		const char *line; /* data line */
		const char *field; /* column named */
	} cases[] = {
		{ "00101000000001," K "," OPC ",,,", "imsi" },
		{ "001010000000001,12," OPC ",,,", "k" },
		{ "001010000000001," K ",,,,", "opc" },
		{ "001010000000001," K "," OPC "," OPC ",,", "opc" },
		{ "001010000000001," K "," OPC ",,256,", "sst" },
		{ "001010000000001," K "," OPC ",,1,ffffff", "sd" },
		{ "001010000000001," K "," OPC ",,1,01;02", "sd" },
		{ "001010000000001," K "," OPC ",,x,", "sst" },
		{ "001010000000001," K "," OPC ",,1;1,", "sst" },
		{ "001010000000001," K "," OPC ",,", "" }, /* 5 fields for 6 columns */
	};
	int cols[MGMT_CSV_MAX_COLS], n;
	struct mgmt_err e;
	struct db_sub s;

	CHECK_EQ(mgmt_csv_header("imsi,k,opc,op,sst,sd", cols, &n, &e), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&e, 0, sizeof(e));
		CHECK_EQ(mgmt_csv_line(cases[i].line, cols, n, &s, &e), -1);
		CHECK_EQ(e.status, 400);
		CHECK_STR(e.field, cases[i].field);
	}
}

static char *status_a(void *arg)
{
	(*(int *)arg)++;
	return strdup("{\"ues\":{\"REGISTERED\":2}}");
}

static char *status_none(void *arg)
{
	return NULL;
}

static void collect(const char *name, char *json, void *arg)
{
	char *out = arg;
	strcat(out, name);
	strcat(out, "=");
	strcat(out, json ? json : "null");
	strcat(out, ";");
	free(json);
}

static void status_providers_register_collect_and_unregister(void)
{
	int calls = 0;
	char out[256] = "";

	CHECK_EQ(mgmt_status_register("amf", status_a, &calls), 0);
	CHECK_EQ(mgmt_status_register("amf", status_a, &calls), -E_EXIST);
	CHECK_EQ(mgmt_status_register("", status_a, &calls), -E_INVAL);
	CHECK_EQ(mgmt_status_register("smf", status_none, NULL), 0);
	mgmt_status_collect(collect, out);
	CHECK_STR(out, "amf={\"ues\":{\"REGISTERED\":2}};smf=null;");
	CHECK_EQ(calls, 1);
	mgmt_status_unregister("amf");
	out[0] = 0;
	mgmt_status_collect(collect, out);
	CHECK_STR(out, "smf=null;");
	mgmt_status_unregister("smf");
	mgmt_status_unregister("never-registered");
	out[0] = 0;
	mgmt_status_collect(collect, out);
	CHECK_STR(out, "");
	char name[8];
	for (int i = 0; i < MGMT_STATUS_MAX; i++) {
		snprintf(name, sizeof(name), "nf%d", i);
		CHECK_EQ(mgmt_status_register(name, status_none, NULL), 0);
	}
	CHECK_EQ(mgmt_status_register("one-more", status_none, NULL), -E_NOSPC);
	for (int i = 0; i < MGMT_STATUS_MAX; i++) {
		snprintf(name, sizeof(name), "nf%d", i);
		mgmt_status_unregister(name);
	}
}

int main(void)
{
	RUN(json_add_takes_defaults_and_lists);
	RUN(json_errors_name_the_field);
	RUN(json_patch_changes_only_what_is_given);
	RUN(json_view_never_shows_secrets);
	RUN(csv_header_needs_imsi_k_and_opc_or_op);
	RUN(csv_line_parses_values_lists_and_defaults);
	RUN(csv_line_errors_name_the_column);
	RUN(status_providers_register_collect_and_unregister);
	return t_done();
}
