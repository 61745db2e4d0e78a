/* mgmt-json.c — subscribers in the API's JSON, both ways.
 *
 *   {
 *     "supi": "imsi-001010000000001",
 *     "k": "<32 hex>", "opc": "<32 hex>"   (or "op"; GET shows "set" instead)
 *     "amf": "8000", "sqn": "000000000000",
 *     "ambr": { "uplink": "1 Gbps", "downlink": "1 Gbps" },
 *     "msisdn": "491700000001",
 *     "slices": [ { "sst": 1, "sd": "010203",
 *                   "dnns": [ "internet",
 *                             { "dnn": "ims", "5qi": 5,
 *                               "arp": { "priority": 1, "preempt_cap": true,
 *                                        "preempt_vuln": false } } ] } ]
 *   }
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lib/core/err.h"
#include "nf/mgmt/mgmt-ctx.h"

/* Peer bytes end up in messages (a bad CSV header): keep them printable
 * ASCII, which is also valid UTF-8 for the JSON answer and safe in logs. */
static void printable(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			*s = '?';
}

int mgmt_fail(struct mgmt_err *e, unsigned status, const char *field, const char *fmt, ...)
{
	va_list ap;

	e->status = status;
	snprintf(e->field, sizeof(e->field), "%s", field ? field : "");
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	printable(e->field);
	printable(e->msg);
	return -1;
}

int mgmt_fail_db(struct mgmt_err *e, int rc, const char *field)
{
	switch (-rc) {
	case E_NOTFOUND: return mgmt_fail(e, 404, field, "no such subscriber");
	case E_EXIST: return mgmt_fail(e, 409, field, "subscriber already exists");
	case E_INVAL:
	case E_RANGE: return mgmt_fail(e, 400, field, "invalid value");
	case E_AGAIN: return mgmt_fail(e, 503, "", "subscriber store busy, retry");
	default: return mgmt_fail(e, 500, "", "subscriber store error: %s", err_str(rc));
	}
}

static void hex12(char out[13], uint64_t v)
{
	snprintf(out, 13, "%012" PRIx64, v & DB_SQN_MAX);
}

json_t *mgmt_sub_to_json(const struct db_sub *sub)
{
	char buf[32];
	json_t *o = json_object(), *slices = json_array(), *ambr = json_object();

	if (!o || !slices || !ambr)
		goto err;
	json_object_set_new(o, "supi", json_string(sub->supi));
	json_object_set_new(o, "k", json_string("set"));
	json_object_set_new(o, sub->op_kind == DB_OPC ? "opc" : "op", json_string("set"));
	snprintf(buf, sizeof(buf), "%04x", sub->amf);
	json_object_set_new(o, "amf", json_string(buf));
	hex12(buf, sub->sqn);
	json_object_set_new(o, "sqn", json_string(buf));
	db_bitrate_str(buf, sizeof(buf), sub->ambr_ul);
	json_object_set_new(ambr, "uplink", json_string(buf));
	db_bitrate_str(buf, sizeof(buf), sub->ambr_dl);
	json_object_set_new(ambr, "downlink", json_string(buf));
	json_object_set_new(o, "ambr", ambr);
	ambr = NULL;
	if (sub->msisdn[0])
		json_object_set_new(o, "msisdn", json_string(sub->msisdn));
	for (unsigned i = 0; i < sub->n_slices && i < DB_MAX_SLICES; i++) {
		const struct db_slice *sl = &sub->slices[i];
		json_t *js = json_object(), *dnns = json_array();
		json_object_set_new(js, "sst", json_integer(sl->s_nssai.sst));
		if (sl->s_nssai.has_sd) {
			snprintf(buf, sizeof(buf), "%06x", sl->s_nssai.sd & 0xffffff);
			json_object_set_new(js, "sd", json_string(buf));
		}
		for (unsigned d = 0; d < sl->n_dnns && d < DB_MAX_DNNS; d++) {
			const struct db_dnn *dn = &sl->dnns[d];
			json_t *jd = json_pack("{s:s, s:i, s:{s:i, s:b, s:b}}", "dnn", dn->dnn,
					       "5qi", dn->qi5, "arp", "priority", dn->arp_level,
					       "preempt_cap", dn->arp_preempt_cap, "preempt_vuln",
					       dn->arp_preempt_vuln);
			json_array_append_new(dnns, jd);
		}
		json_object_set_new(js, "dnns", dnns);
		json_array_append_new(slices, js);
	}
	json_object_set_new(o, "slices", slices);
	return o;
err:
	json_decref(o);
	json_decref(slices);
	json_decref(ambr);
	return NULL;
}

/* ---- parsing ---- */

static int get_hex16(uint8_t out[16], json_t *v, const char *name, struct mgmt_err *e)
{
	if (!json_is_string(v) || db_hex_parse(out, 16, json_string_value(v)) < 0)
		return mgmt_fail(e, 400, name, "%s: expected 32 hex digits", name);
	return 0;
}

static int get_bitrate(uint64_t *out, json_t *v, const char *name, struct mgmt_err *e)
{
	if (json_is_integer(v) && json_integer_value(v) > 0) {
		*out = (uint64_t)json_integer_value(v);
		return 0;
	}
	if (json_is_string(v) && db_bitrate_parse(out, json_string_value(v)) == 0 && *out > 0 &&
	    *out <= INT64_MAX)
		return 0;
	return mgmt_fail(e, 400, name,
			 "%s: expected a bit rate like \"100 Mbps\" (bps, Kbps, Mbps, Gbps, Tbps) "
			 "or a positive number of bit/s",
			 name);
}

static int get_dnn(struct db_dnn *dn, json_t *v, const char *at, struct mgmt_err *e)
{
	char f[64];

	if (json_is_string(v)) {
		db_dnn_defaults(dn, "");
		snprintf(f, sizeof(f), "%s.dnn", at);
		if (db_dnn_valid(json_string_value(v)) < 0)
			return mgmt_fail(e, 400, f, "%s: invalid DNN \"%.64s\" (TS 23.003 9.1)", f,
					 json_string_value(v));
		snprintf(dn->dnn, sizeof(dn->dnn), "%s", json_string_value(v));
		return 0;
	}
	if (!json_is_object(v))
		return mgmt_fail(e, 400, at, "%s: expected a DNN name or object", at);
	db_dnn_defaults(dn, "");
	dn->dnn[0] = 0;
	const char *key;
	json_t *val;
	json_object_foreach(v, key, val)
	{
		snprintf(f, sizeof(f), "%s.%s", at, key);
		if (strcmp(key, "dnn") == 0) {
			if (!json_is_string(val) || db_dnn_valid(json_string_value(val)) < 0)
				return mgmt_fail(e, 400, f, "%s: invalid DNN (TS 23.003 9.1)", f);
			snprintf(dn->dnn, sizeof(dn->dnn), "%s", json_string_value(val));
		} else if (strcmp(key, "5qi") == 0) {
			if (!json_is_integer(val) || json_integer_value(val) < 1 ||
			    json_integer_value(val) > 255)
				return mgmt_fail(e, 400, f, "%s: expected 1..255", f);
			dn->qi5 = (uint8_t)json_integer_value(val);
		} else if (strcmp(key, "arp") == 0 && json_is_object(val)) {
			const char *k2;
			json_t *v2;
			json_object_foreach(val, k2, v2)
			{
				snprintf(f, sizeof(f), "%s.arp.%s", at, k2);
				if (strcmp(k2, "priority") == 0) {
					if (!json_is_integer(v2) || json_integer_value(v2) < 1 ||
					    json_integer_value(v2) > 15)
						return mgmt_fail(
							e, 400, f,
							"%s: expected 1..15 (TS 23.501 5.7.2.2)",
							f);
					dn->arp_level = (uint8_t)json_integer_value(v2);
				} else if (strcmp(k2, "preempt_cap") == 0 && json_is_boolean(v2)) {
					dn->arp_preempt_cap = json_is_true(v2);
				} else if (strcmp(k2, "preempt_vuln") == 0 && json_is_boolean(v2)) {
					dn->arp_preempt_vuln = json_is_true(v2);
				} else {
					return mgmt_fail(e, 400, f,
							 "%s: unknown member or wrong type", f);
				}
			}
		} else {
			return mgmt_fail(e, 400, f, "%s: unknown member or wrong type", f);
		}
	}
	if (!dn->dnn[0]) {
		snprintf(f, sizeof(f), "%s.dnn", at);
		return mgmt_fail(e, 400, f, "%s: required", f);
	}
	return 0;
}

static int get_slices(struct db_sub *sub, json_t *v, struct mgmt_err *e)
{
	char f[48];

	if (!json_is_array(v) || json_array_size(v) == 0)
		return mgmt_fail(e, 400, "slices", "slices: expected a non-empty array");
	if (json_array_size(v) > DB_MAX_SLICES)
		return mgmt_fail(e, 400, "slices", "slices: at most %d", DB_MAX_SLICES);
	sub->n_slices = 0;
	size_t i;
	json_t *js;
	json_array_foreach(v, i, js)
	{
		struct db_slice *sl = &sub->slices[i];
		memset(sl, 0, sizeof(*sl));
		snprintf(f, sizeof(f), "slices[%zu]", i);
		if (!json_is_object(js))
			return mgmt_fail(e, 400, f, "%s: expected an object", f);
		json_t *sst = json_object_get(js, "sst"), *sd = json_object_get(js, "sd");
		json_t *dnns = json_object_get(js, "dnns");
		snprintf(f, sizeof(f), "slices[%zu].sst", i);
		if (!json_is_integer(sst) || db_sst_valid(json_integer_value(sst)) < 0)
			return mgmt_fail(e, 400, f, "%s: required, 0..255", f);
		sl->s_nssai.sst = (uint8_t)json_integer_value(sst);
		snprintf(f, sizeof(f), "slices[%zu].sd", i);
		if (sd && !json_is_null(sd)) {
			if (!json_is_string(sd) ||
			    db_sd_parse(&sl->s_nssai.sd, json_string_value(sd)) < 0)
				return mgmt_fail(
					e, 400, f,
					"%s: expected 6 hex digits, not ffffff (TS 23.003 28.4.2)",
					f);
			sl->s_nssai.has_sd = true;
		}
		const char *key;
		json_t *val;
		json_object_foreach(js, key, val)
		{
			if (strcmp(key, "sst") && strcmp(key, "sd") && strcmp(key, "dnns")) {
				snprintf(f, sizeof(f), "slices[%zu].%s", i, key);
				return mgmt_fail(e, 400, f, "%s: unknown member", f);
			}
		}
		if (!dnns) {
			sl->n_dnns = 1;
			db_dnn_defaults(&sl->dnns[0], "internet");
		} else {
			snprintf(f, sizeof(f), "slices[%zu].dnns", i);
			if (!json_is_array(dnns) || json_array_size(dnns) == 0 ||
			    json_array_size(dnns) > DB_MAX_DNNS)
				return mgmt_fail(e, 400, f, "%s: expected 1..%d DNNs", f,
						 DB_MAX_DNNS);
			size_t d;
			json_t *jd;
			json_array_foreach(dnns, d, jd)
			{
				snprintf(f, sizeof(f), "slices[%zu].dnns[%zu]", i, d);
				if (get_dnn(&sl->dnns[d], jd, f, e) < 0)
					return -1;
			}
			sl->n_dnns = (uint8_t)json_array_size(dnns);
		}
		sub->n_slices++;
	}
	return 0;
}

int mgmt_sub_from_json(struct db_sub *sub, json_t *obj, bool full, struct mgmt_err *e)
{
	bool have_k = false, have_opc = false, have_op = false;
	const char *key;
	json_t *v;

	if (!json_is_object(obj))
		return mgmt_fail(e, 400, "", "expected a JSON object");
	json_object_foreach(obj, key, v)
	{
		if (strcmp(key, "supi") == 0 || strcmp(key, "imsi") == 0) {
			char supi[DB_SUPI_LEN];
			if (!json_is_string(v) || db_supi_from_str(supi, json_string_value(v)) < 0)
				return mgmt_fail(e, 400, key,
						 "%s: expected \"imsi-\" and 15 digits", key);
			if (sub->supi[0] && strcmp(sub->supi, supi) != 0)
				return mgmt_fail(e, 400, key, "%s: differs from the one in the URL",
						 key);
			memcpy(sub->supi, supi, sizeof(supi));
		} else if (strcmp(key, "k") == 0) {
			if (get_hex16(sub->k, v, "k", e) < 0)
				return -1;
			have_k = true;
		} else if (strcmp(key, "opc") == 0) {
			if (get_hex16(sub->op, v, "opc", e) < 0)
				return -1;
			have_opc = true;
		} else if (strcmp(key, "op") == 0) {
			if (get_hex16(sub->op, v, "op", e) < 0)
				return -1;
			have_op = true;
		} else if (strcmp(key, "amf") == 0) {
			if (!json_is_string(v) || db_amf_parse(&sub->amf, json_string_value(v)) < 0)
				return mgmt_fail(e, 400, "amf", "amf: expected 4 hex digits");
		} else if (strcmp(key, "sqn") == 0) {
			if (json_is_integer(v) && json_integer_value(v) >= 0 &&
			    (uint64_t)json_integer_value(v) <= DB_SQN_MAX)
				sub->sqn = (uint64_t)json_integer_value(v);
			else if (!json_is_string(v) ||
				 db_sqn_parse(&sub->sqn, json_string_value(v)) < 0)
				return mgmt_fail(e, 400, "sqn",
						 "sqn: expected 1..12 hex digits (48 bits)");
		} else if (strcmp(key, "ambr") == 0) {
			if (!json_is_object(v))
				return mgmt_fail(e, 400, "ambr",
						 "ambr: expected {uplink, downlink}");
			const char *k2;
			json_t *v2;
			json_object_foreach(v, k2, v2)
			{
				if (strcmp(k2, "uplink") == 0) {
					if (get_bitrate(&sub->ambr_ul, v2, "ambr.uplink", e) < 0)
						return -1;
				} else if (strcmp(k2, "downlink") == 0) {
					if (get_bitrate(&sub->ambr_dl, v2, "ambr.downlink", e) < 0)
						return -1;
				} else {
					char f[48];
					snprintf(f, sizeof(f), "ambr.%s", k2);
					return mgmt_fail(e, 400, f, "%s: unknown member", f);
				}
			}
		} else if (strcmp(key, "msisdn") == 0) {
			if (json_is_null(v))
				sub->msisdn[0] = 0;
			else if (!json_is_string(v) || db_msisdn_valid(json_string_value(v)) < 0)
				return mgmt_fail(e, 400, "msisdn", "msisdn: expected 1..15 digits");
			else
				snprintf(sub->msisdn, sizeof(sub->msisdn), "%s",
					 json_string_value(v));
		} else if (strcmp(key, "slices") == 0) {
			if (get_slices(sub, v, e) < 0)
				return -1;
		} else {
			return mgmt_fail(e, 400, key, "%s: unknown member", key);
		}
	}
	if (have_opc && have_op)
		return mgmt_fail(e, 400, "op", "give exactly one of opc and op");
	if (have_opc)
		sub->op_kind = DB_OPC;
	if (have_op)
		sub->op_kind = DB_OP;
	if (full && !sub->supi[0])
		return mgmt_fail(e, 400, "supi", "supi: required");
	if (full && !have_k)
		return mgmt_fail(e, 400, "k", "k: required (32 hex digits)");
	if (full && !have_opc && !have_op)
		return mgmt_fail(e, 400, "opc", "opc or op: one of them is required");
	const char *field;
	char fb[48];
	if (db_sub_check(sub, &field, fb, sizeof(fb)) < 0)
		return mgmt_fail(e, 400, field, "%s: invalid value", field);
	return 0;
}
