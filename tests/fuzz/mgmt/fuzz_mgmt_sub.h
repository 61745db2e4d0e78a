/* fuzz_mgmt_sub.h — what the mgmt fuzz targets share: an abort with a
 * message on a failed check, subscriber comparison, and the cross-format
 * round trip: a subscriber the API accepted, shown as the API shows it
 * (mgmt_sub_to_json, which hides K and OPc/OP), must read back through the
 * API's own JSON parser to the same subscriber. */
#ifndef NGCORE_TESTS_FUZZ_MGMT_SUB_H
#define NGCORE_TESTS_FUZZ_MGMT_SUB_H

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "lib/db/db.h"
#include "nf/mgmt/mgmt-ctx.h"

/* An API error: a 4xx/5xx status and printable, terminated text. */
static inline void fuzz_mgmt_err_sane(const struct mgmt_err *e)
{
	FUZZ_CHECK(e->status >= 400 && e->status <= 599, "status %u", e->status);
	FUZZ_CHECK(memchr(e->field, 0, sizeof(e->field)) && memchr(e->msg, 0, sizeof(e->msg)),
		   "error text not terminated");
	for (const char *c = e->msg; *c; c++)
		FUZZ_CHECK((unsigned char)*c >= 0x20 && (unsigned char)*c < 0x7f,
			   "unprintable byte 0x%02x in \"%s\"", (unsigned char)*c, e->msg);
	for (const char *c = e->field; *c; c++)
		FUZZ_CHECK((unsigned char)*c >= 0x20 && (unsigned char)*c < 0x7f,
			   "unprintable byte 0x%02x in field \"%s\"", (unsigned char)*c, e->field);
}

/* Every member the store keeps, compared as values. */
static inline void fuzz_sub_eq(const struct db_sub *a, const struct db_sub *b)
{
	FUZZ_CHECK(strcmp(a->supi, b->supi) == 0, "supi %s / %s", a->supi, b->supi);
	FUZZ_CHECK(memcmp(a->k, b->k, 16) == 0, "k differs");
	FUZZ_CHECK(a->op_kind == b->op_kind && memcmp(a->op, b->op, 16) == 0, "opc/op differs");
	FUZZ_CHECK(a->amf == b->amf, "amf %04x / %04x", a->amf, b->amf);
	FUZZ_CHECK(a->sqn == b->sqn, "sqn %llx / %llx", (unsigned long long)a->sqn,
		   (unsigned long long)b->sqn);
	FUZZ_CHECK(a->ambr_ul == b->ambr_ul, "ambr ul %llu / %llu", (unsigned long long)a->ambr_ul,
		   (unsigned long long)b->ambr_ul);
	FUZZ_CHECK(a->ambr_dl == b->ambr_dl, "ambr dl %llu / %llu", (unsigned long long)a->ambr_dl,
		   (unsigned long long)b->ambr_dl);
	FUZZ_CHECK(strcmp(a->msisdn, b->msisdn) == 0, "msisdn %s / %s", a->msisdn, b->msisdn);
	FUZZ_CHECK(a->n_slices == b->n_slices, "slices %u / %u", a->n_slices, b->n_slices);
	for (unsigned i = 0; i < a->n_slices && i < DB_MAX_SLICES; i++) {
		const struct db_slice *x = &a->slices[i], *y = &b->slices[i];
		FUZZ_CHECK(x->s_nssai.sst == y->s_nssai.sst &&
				   x->s_nssai.has_sd == y->s_nssai.has_sd &&
				   (!x->s_nssai.has_sd || x->s_nssai.sd == y->s_nssai.sd),
			   "slice %u S-NSSAI", i);
		FUZZ_CHECK(x->n_dnns == y->n_dnns, "slice %u: %u / %u DNNs", i, x->n_dnns,
			   y->n_dnns);
		for (unsigned d = 0; d < x->n_dnns && d < DB_MAX_DNNS; d++) {
			const struct db_dnn *p = &x->dnns[d], *q = &y->dnns[d];
			FUZZ_CHECK(strcmp(p->dnn, q->dnn) == 0 && p->qi5 == q->qi5 &&
					   p->arp_level == q->arp_level &&
					   p->arp_preempt_cap == q->arp_preempt_cap &&
					   p->arp_preempt_vuln == q->arp_preempt_vuln,
				   "slice %u DNN %u (%s / %s)", i, d, p->dnn, q->dnn);
		}
	}
}

/* sub was accepted: show it as GET does, read that back as a PUT of the
 * same subscriber would (K and OPc/OP are write-only: kept from sub). */
static inline void fuzz_sub_round_trip(const struct db_sub *sub)
{
	const char *field;
	char fb[48];
	FUZZ_CHECK(db_sub_check(sub, &field, fb, sizeof(fb)) == 0, "accepted but %s is invalid",
		   field);
	json_t *o = mgmt_sub_to_json(sub);
	FUZZ_CHECK(o != NULL, "mgmt_sub_to_json");
	FUZZ_CHECK(json_is_string(json_object_get(o, "k")), "k not shown as set");
	json_object_del(o, "k");
	json_object_del(o, "opc");
	json_object_del(o, "op");
	/* Through text, as a client would send it back. */
	char *txt = json_dumps(o, JSON_COMPACT);
	FUZZ_CHECK(txt != NULL, "json_dumps");
	json_error_t je;
	json_t *back = json_loads(txt, JSON_REJECT_DUPLICATES, &je);
	FUZZ_CHECK(back != NULL, "own JSON does not parse: %s", txt);
	struct db_sub *b = malloc(sizeof(*b));
	FUZZ_CHECK(b != NULL, "out of memory");
	db_sub_defaults(b);
	memcpy(b->supi, sub->supi, sizeof(b->supi));
	memcpy(b->k, sub->k, sizeof(b->k));
	memcpy(b->op, sub->op, sizeof(b->op));
	b->op_kind = sub->op_kind;
	struct mgmt_err e;
	int rc = mgmt_sub_from_json(b, back, false, &e);
	FUZZ_CHECK(rc == 0, "the API's own view is rejected: %s: %s\n%s", e.field, e.msg, txt);
	fuzz_sub_eq(sub, b);
	db_sub_wipe(b);
	free(b);
	free(txt);
	json_decref(back);
	json_decref(o);
}

#endif
