/* test_nas_codec.c — the NAS codec's tables, round trips of every message
 * and every IE, and the error handling of TS 24.501 §7.
 */
#include <string.h>

#include "lib/codec/nas/nas_int.h"
#include "lib/core/err.h"
#include "tests/unit/nas/nas_samples.h"
#include "tests/unit/t.h"

static uint8_t arena_mem[65536];
static struct arena ar;

static void arena_fresh(void)
{
	arena_init(&ar, arena_mem, sizeof(arena_mem), 0);
}

/* The tables follow the rules the engine relies on. */
static void tables_are_consistent(void)
{
	size_t n;
	const struct nas_msg_def *defs = nas_msg_defs(&n);
	CHECK(n >= 48);
	for (size_t i = 0; i < n; i++) {
		const struct nas_msg_def *d = &defs[i];
		bool optional_seen = false;
		CHECK(nas_msg_def_find(d->epd, d->type) == d);
		if (i)
			CHECK(defs[i - 1].type < d->type); /* sorted for the lookup */
		for (size_t j = 0; j < d->n_ies; j++) {
			const struct nas_ie_def *ie = &d->ies[j];
			if (ie->fmt == NAS_F_SPARE_HI)
				continue;
			/* The field has the size of its value type. */
			if (ie->size != nas_vt_ops[ie->vt].size) {
				fprintf(stderr, "  %s / %s: field %u, type %u\n", d->name, ie->name,
					ie->size, nas_vt_ops[ie->vt].size);
				CHECK(!"field size differs from value type");
			}
			CHECK(ie->off + ie->size <= d->body_size);
			CHECK(ie->min <= ie->max);
			if (ie->has_off < 0) {
				CHECK(!optional_seen); /* mandatory IEs come first */
			} else {
				optional_seen = true;
				CHECK((size_t)ie->has_off < d->body_size);
				CHECK(ie->iei != 0);
				if (ie->fmt == NAS_F_TV1)
					CHECK((ie->iei & 0x8F) == 0x80);
				else
					CHECK(ie->iei < 0x80);
				if (ie->fmt == NAS_F_TLVE)
					CHECK((ie->iei & 0xF0) == 0x70);
			}
			/* Optional IEIs are unique in a message, but for table 8.2.7.1.1's 0x34. */
			for (size_t k = 0; k < j; k++) {
				const struct nas_ie_def *o = &d->ies[k];
				if (o->has_off < 0 || ie->has_off < 0 || o->iei != ie->iei ||
				    (o->fmt == NAS_F_TV1) != (ie->fmt == NAS_F_TV1))
					continue;
				CHECK(d->type == NAS_REG_ACC && ie->iei == 0x34);
			}
		}
	}
}

/* Every sample message: encode -> decode -> equal -> encode -> same octets. */
static void every_sample_round_trips(void)
{
	static uint8_t b1[70000], b2[70000];
	struct nas_msg m, d;
	struct nas_err err;
	size_t n_defs;
	const struct nas_msg_def *defs = nas_msg_defs(&n_defs);
	bool seen[256] = { false };

	for (size_t i = 0; i < nas_n_samples; i++) {
		const struct nas_sample *s = &nas_samples[i];
		s->build(&m);
		int n1 = nas_encode(&m, b1, sizeof(b1), &err);
		if (n1 < 0) {
			fprintf(stderr, "  %s: encode %s ie=%s\n", s->name, err_str(n1),
				err.ie ? err.ie : "-");
			CHECK(n1 > 0);
			continue;
		}
		arena_fresh();
		int rc = nas_decode(&d, b1, (size_t)n1, &ar, &err);
		if (rc < 0)
			fprintf(stderr, "  %s: decode %s ie=%s off=%zu\n", s->name, err_str(rc),
				err.ie ? err.ie : "-", err.off);
		CHECK_EQ(rc, 0);
		CHECK_EQ(err.n_ignored, 0);
		if (!nas_msg_eq(&m, &d)) {
			fprintf(stderr, "  %s: decoded message differs\n", s->name);
			CHECK(!"decode(encode(m)) == m");
		}
		int n2 = nas_encode(&d, b2, sizeof(b2), &err);
		CHECK_EQ(n2, n1);
		if (n2 == n1)
			CHECK_MEM(b2, b1, (size_t)n1);
		seen[m.type] = true;
	}
	/* Every message type of the tables has a sample. */
	for (size_t i = 0; i < n_defs; i++) {
		if (!seen[defs[i].type]) {
			fprintf(stderr, "  no sample for %s\n", defs[i].name);
			CHECK(!"sample missing");
		}
	}
}

/* --- every IE of every message, with synthesised values --- */

static const uint8_t pattern[300] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17 };
static struct nas_pf_comp g_comp[2] = {
	{ .type = NAS_PF_IPV6_LOCAL, .v = { 0x20, 1, 0xd, 0xb8, [16] = 64 } },
	{ .type = NAS_PF_LOCAL_PORT_RANGE, .v = { 0, 80, 0, 90 } }
};
static struct nas_pkt_filter g_pf[2] = { { NAS_PF_UL, 3, 2, g_comp },
					 { NAS_PF_DL, 4, 1, g_comp + 1 } };
static struct nas_qos_rule g_rule = { .id = 9,
				      .op = NAS_QR_REPLACE_PF,
				      .n_pf = 2,
				      .pf = g_pf,
				      .has_precedence = true,
				      .precedence = 70,
				      .has_qfi = true,
				      .qfi = 5 };
static struct nas_qos_flow g_flow = { .qfi = 5,
				      .op = NAS_QF_MODIFY,
				      .has_mfbr_dl = true,
				      .mfbr_dl = { 6, 1000 },
				      .n_ebi = 2,
				      .ebi = { 5, 6 } };
static struct nas_psi_cause g_pc[3] = { { 1, 92 }, { 2, 43 }, { 15, 111 } };
static struct nas_pco_opt g_opt[2];

/* Fills out with the variant-th example of value type vt whose encoded
 * length lies in [min, max]. Returns false when there is no such variant. */
static bool synth(uint8_t vt, int variant, void *out, uint16_t min, uint16_t max)
{
	switch (vt) {
	case NAS_VT_U8: *(uint8_t *)out = (uint8_t)(0x5a + variant); return variant < 2;
	case NAS_VT_HALF: *(uint8_t *)out = (uint8_t)(variant * 7 + 2) & 15; return variant < 2;
	case NAS_VT_KSI:
		*(struct nas_ksi *)out =
			(struct nas_ksi){ (uint8_t)variant, (uint8_t)(3 + variant * 4) };
		return variant < 2;
	case NAS_VT_REGTYPE:
		*(struct nas_reg_type *)out =
			(struct nas_reg_type){ (uint8_t)(2 + variant), variant == 0 };
		return variant < 2;
	case NAS_VT_DEREGTYPE:
		*(struct nas_dereg_type *)out =
			(struct nas_dereg_type){ variant == 0, variant == 1, 3 };
		return variant < 2;
	case NAS_VT_SECALGS:
		*(struct nas_sec_algs *)out = (struct nas_sec_algs){ 1, (uint8_t)(2 + variant) };
		return variant < 2;
	case NAS_VT_TIMER:
		*(struct nas_gprs_timer *)out =
			(struct nas_gprs_timer){ (uint8_t)(variant * 5), 17 };
		return variant < 2;
	case NAS_VT_IPMDR:
		*(struct nas_ipmdr *)out = (struct nas_ipmdr){ 0, 0xff };
		return variant < 1;
	case NAS_VT_MAXPF: *(uint16_t *)out = (uint16_t)(variant ? 2047 : 17); return variant < 2;
	case NAS_VT_PSIMAP:
		*(uint16_t *)out = (uint16_t)(variant ? 0xfffe : 0x8002);
		return variant < 2;
	case NAS_VT_BUF: {
		struct nas_buf *b = out;
		uint16_t len = variant == 0 ? (min ? min : 1) : max < 40 ? max : 40;
		if (variant > 1 || len > max || len > sizeof(pattern))
			return false;
		*b = (struct nas_buf){ pattern, len };
		return true;
	}
	case NAS_VT_OCTETS: {
		struct nas_octets *o = out;
		uint16_t len = variant == 0 ? (min ? min : 1) : max < 15 ? max : 15;
		if (variant > 1 || len > max)
			return false;
		o->len = (uint8_t)len;
		memcpy(o->o, pattern, len);
		return true;
	}
	case NAS_VT_FIX16:
	case NAS_VT_FIX14:
		memcpy(out, pattern + 3, vt == NAS_VT_FIX16 ? 16 : 14);
		return variant < 1;
	case NAS_VT_MOBID: {
		struct nas_mobile_id *id = out;
		static const struct guami g = { { 999, 99, 2 }, 1, 2, 3 };
		static const struct plmn p = { 123, 456, 3 };
		memset(id, 0, sizeof(*id));
		switch (variant) {
		case 0: nas_id_suci_null(id, &p, "1234", "987654321"); return true;
		case 1: nas_id_guti(id, &g, 0xdeadbeef); return true;
		case 2:
			id->type = NAS_ID_STMSI;
			id->stmsi.set = 1023;
			id->stmsi.pointer = 63;
			id->stmsi.tmsi = 7;
			return true;
		case 3:
			id->type = NAS_ID_IMEISV;
			strcpy(id->digits, "1234567890123456");
			return true;
		case 4:
			id->type = NAS_ID_IMEI;
			strcpy(id->digits, "123456789012347");
			return true;
		case 5:
			id->type = NAS_ID_MAC;
			memcpy(id->mac.addr, pattern, 6);
			return true;
		case 6:
			id->type = NAS_ID_EUI64;
			memcpy(id->eui64, pattern, 8);
			return true;
		case 7:
			id->type = NAS_ID_SUCI;
			id->suci.supi_fmt = NAS_SUPI_NSI;
			id->suci.nai =
				(struct nas_buf){ (const uint8_t *)"type0.rid1@nai.5gc", 18 };
			return true;
		case 8:
			nas_id_suci_null(id, &p, "1", "1");
			id->suci.scheme = 7; /* operator-specific scheme: octets */
			id->suci.msin[0] = 0;
			id->suci.out = (struct nas_buf){ pattern, 20 };
			return true;
		case 9: id->type = NAS_ID_NONE; return true;
		default: return false;
		}
	}
	case NAS_VT_NSSAI: {
		struct nas_nssai *l = out;
		memset(l, 0, sizeof(*l));
		if (variant == 0) {
			l->n = 1;
			l->e[0].s.sst = 1;
			return true;
		}
		if (variant > 1)
			return false;
		for (int i = 0; i < 5; i++) {
			l->e[i].s =
				(struct s_nssai){ (uint8_t)(i + 1), i > 0, (uint32_t)i * 0x10101 };
			l->e[i].has_mapped = i >= 3;
			l->e[i].mapped = (struct s_nssai){ 9, i == 4, 0xabcdef };
		}
		l->n = 5;
		return true;
	}
	case NAS_VT_SNSSAI: {
		struct nas_snssai *s = out;
		memset(s, 0, sizeof(*s));
		s->s.sst = 0x80;
		switch (variant) {
		case 0: return true;
		case 1:
			s->has_mapped = true;
			s->mapped.sst = 2;
			return true;
		case 2:
			s->s.has_sd = true;
			s->s.sd = 0xffffff;
			return true;
		case 3:
			s->s.has_sd = true;
			s->has_mapped = true;
			s->mapped.sst = 3;
			return true;
		case 4:
			s->s.has_sd = true;
			s->s.sd = 0x123456;
			s->has_mapped = true;
			s->mapped = (struct s_nssai){ 4, true, 0x654321 };
			return true;
		default: return false;
		}
	}
	case NAS_VT_REJNSSAI: {
		struct nas_rejected_nssai *l = out;
		if (variant > 1)
			return false;
		memset(l, 0, sizeof(*l));
		l->n = (uint8_t)(1 + variant * 7);
		for (unsigned i = 0; i < l->n; i++) {
			l->e[i].cause = (uint8_t)(i % 3);
			l->e[i].s = (struct s_nssai){ (uint8_t)i, i & 1, i * 3 };
		}
		return true;
	}
	case NAS_VT_TAI:
		*(struct tai *)out = (struct tai){ { 1, 1, 2 }, 0xfffffe };
		return variant < 1;
	case NAS_VT_TAILIST: {
		struct nas_tai_list *l = out;
		memset(l, 0, sizeof(*l));
		if (variant == 0) {
			nas_tai_list_add(l, &(struct tai){ { 1, 1, 2 }, 5 });
			return true;
		}
		if (variant > 1)
			return false;
		/* 16 TAIs over all three list types. */
		l->n_part = 3;
		l->part[0].type = NAS_TAIL_ONE_PLMN, l->part[0].first = 0, l->part[0].n = 5;
		l->part[1].type = NAS_TAIL_CONSECUTIVE, l->part[1].first = 5, l->part[1].n = 8;
		l->part[2].type = NAS_TAIL_MANY_PLMN, l->part[2].first = 13, l->part[2].n = 3;
		l->n_tai = 16;
		for (unsigned i = 0; i < 16; i++)
			l->tai[i] = (struct tai){ { 1, 1, 2 }, 100 + i * (i < 5 ? 3 : 1) };
		l->tai[14].plmn = (struct plmn){ 262, 1, 2 };
		return true;
	}
	case NAS_VT_PLMN: *(struct plmn *)out = (struct plmn){ 208, 93, 2 }; return variant < 1;
	case NAS_VT_PLMNLIST: {
		struct nas_plmn_list *l = out;
		memset(l, 0, sizeof(*l));
		l->n = (uint8_t)(variant ? 15 : 1);
		for (unsigned i = 0; i < l->n; i++)
			l->plmn[i] = (struct plmn){ (uint16_t)(100 + i), (uint16_t)i,
						    (uint8_t)(2 + i % 2) };
		return variant < 2;
	}
	case NAS_VT_UESECCAP:
		*(struct nas_ue_sec_cap *)out =
			(struct nas_ue_sec_cap){ 0x80, 0x20, variant == 1, 0x80, 0x40 };
		return variant < 2;
	case NAS_VT_REACTERR:
		*(struct nas_psi_causes *)out =
			(struct nas_psi_causes){ (uint16_t)(1 + variant * 2), g_pc };
		return variant < 2;
	case NAS_VT_AMBR:
		*(struct nas_session_ambr *)out =
			(struct nas_session_ambr){ { 11, 5 }, { 1, 65535 } };
		return variant < 1;
	case NAS_VT_PDUADDR: {
		struct nas_pdu_addr *p = out;
		memset(p, 0, sizeof(*p));
		p->type = (uint8_t)(1 + variant % 3);
		memcpy(p->ipv4, pattern, 4);
		memcpy(p->ifid, pattern + 4, 8);
		p->has_smf_ll = variant >= 3;
		memcpy(p->smf_ll, pattern, 16);
		return variant < 6;
	}
	case NAS_VT_QOSRULES:
		*(struct nas_qos_rules *)out = (struct nas_qos_rules){ 1, &g_rule };
		return variant < 1;
	case NAS_VT_QOSFLOWS:
		*(struct nas_qos_flows *)out = (struct nas_qos_flows){ 1, &g_flow };
		return variant < 1;
	case NAS_VT_EPCO:
		g_opt[0] = nas_pco_u16(NAS_PCO_IPV4_MTU, 1500);
		g_opt[1] = (struct nas_pco_opt){ .id = 0xff00, .len = 30, .ext = pattern };
		*(struct nas_epco *)out =
			(struct nas_epco){ 0, (uint16_t)(variant ? 2 : 0), g_opt };
		return variant < 2;
	case NAS_VT_DNN:
		strcpy(((struct nas_dnn *)out)->s, variant ? "a.b-c.d" : "x");
		return variant < 2;
	default: return false;
	}
}

/* Sets the mandatory IEs of a message to their first synthesised value. */
static void fill_mandatory(const struct nas_msg_def *d, struct nas_msg *m)
{
	uint8_t *body = (uint8_t *)&m->auth_req;
	for (size_t j = 0; j < d->n_ies && d->ies[j].has_off < 0; j++) {
		const struct nas_ie_def *ie = &d->ies[j];
		if (ie->fmt == NAS_F_SPARE_HI)
			continue;
		for (int v = 0; synth(ie->vt, v, body + ie->off, ie->min, ie->max); v++) {
			uint8_t tmp[4096];
			struct nas_err err;
			if (nas_encode(m, tmp, sizeof(tmp), &err) >= 0 || err.ie != ie->name)
				break;
		}
	}
}

/* Each IE row of each message, alone and with every value variant, survives
 * encode -> decode -> encode; and all optional IEs of a message together. */
static void every_ie_round_trips(void)
{
	static uint8_t b1[70000], b2[70000];
	size_t n_defs;
	const struct nas_msg_def *defs = nas_msg_defs(&n_defs);
	int ies_tested = 0;

	for (size_t i = 0; i < n_defs; i++) {
		const struct nas_msg_def *d = &defs[i];
		struct nas_msg all;
		nas_msg_init(&all, d->type);
		all.psi = 3;
		all.pti = 4;
		fill_mandatory(d, &all);
		for (size_t j = 0; j < d->n_ies; j++) {
			const struct nas_ie_def *ie = &d->ies[j];
			int passed = 0;
			if (ie->fmt == NAS_F_SPARE_HI)
				continue;
			for (int v = 0;; v++) {
				struct nas_msg m = all, dec;
				struct nas_err err;
				uint8_t *body = (uint8_t *)&m.auth_req;
				if (!synth(ie->vt, v, body + ie->off, ie->min, ie->max))
					break;
				if (ie->has_off >= 0)
					*(bool *)(body + ie->has_off) = true;
				int n1 = nas_encode(&m, b1, sizeof(b1), &err);
				if (n1 < 0) {
					CHECK(err.ie == ie->name); /* only this IE may not fit */
					continue;
				}
				arena_fresh();
				int rc = nas_decode(&dec, b1, (size_t)n1, &ar, &err);
				if (rc < 0 || err.n_ignored || !nas_msg_eq(&m, &dec)) {
					fprintf(stderr, "  %s / %s variant %d: rc=%s ignored=%u\n",
						d->name, ie->name, v, err_str(rc), err.n_ignored);
					CHECK(!"IE round trip");
					continue;
				}
				int n2 = nas_encode(&dec, b2, sizeof(b2), &err);
				CHECK_EQ(n2, n1);
				if (n2 == n1)
					CHECK_MEM(b2, b1, (size_t)n1);
				passed++;
				if (ie->has_off >= 0 && passed == 1)
					all = m; /* keep one value for the all-IEs message */
			}
			if (!passed) {
				fprintf(stderr, "  %s / %s: no value round-trips\n", d->name,
					ie->name);
				CHECK(passed > 0);
			}
			ies_tested++;
		}
		/* The message with every optional IE at once. */
		struct nas_msg dec;
		struct nas_err err;
		int n1 = nas_encode(&all, b1, sizeof(b1), &err);
		CHECK(n1 > 0);
		arena_fresh();
		CHECK_EQ(nas_decode(&dec, b1, (size_t)n1, &ar, &err), 0);
		CHECK_EQ(err.n_ignored, 0);
		CHECK(nas_msg_eq(&all, &dec));
	}
	int rows = 0;
	for (size_t i = 0; i < n_defs; i++)
		for (size_t j = 0; j < defs[i].n_ies; j++)
			rows += defs[i].ies[j].fmt != NAS_F_SPARE_HI;
	CHECK_EQ(ies_tested, rows);
	CHECK(rows > 350);
}

/* --- TS 24.501 §7 --- */

static int dec(struct nas_msg *m, const char *hex, struct nas_err *err)
{
	static uint8_t b[1024];
	int n = t_unhex(b, sizeof(b), hex);
	arena_fresh();
	return nas_decode(m, b, (size_t)n, &ar, err);
}

/* 7.2: too short for the message type: ignored (no answer). */
static void too_short_message_is_ignored(void)
{
	struct nas_msg m;
	struct nas_err err;
	CHECK_EQ(dec(&m, "7e00", &err), -E_SHORT);
	CHECK_EQ(err.cause, 0);
	CHECK_EQ(dec(&m, "2e0501", &err), -E_SHORT);
	CHECK_EQ(err.cause, 0);
	CHECK_EQ(dec(&m, "", &err), -E_SHORT);
	CHECK_EQ(dec(&m, "07410000", &err), -E_PROTO); /* EPS, not 5GS */
	CHECK_EQ(err.cause, 0);
}

/* 7.4: unknown message type: #97. */
static void unknown_message_type_gets_cause_97(void)
{
	struct nas_msg m;
	struct nas_err err;
	CHECK_EQ(dec(&m, "7e0040", &err), -E_UNSUPP);
	CHECK_EQ(err.cause, NAS_CAUSE_MSG_TYPE_UNKNOWN);
	CHECK_EQ(err.epd, NAS_EPD_5GMM);
	CHECK_EQ(err.msg_type, 0x40);
	CHECK_EQ(dec(&m, "2e0101ff", &err), -E_UNSUPP);
	CHECK_EQ(err.cause, NAS_CAUSE_MSG_TYPE_UNKNOWN);
	CHECK_EQ(err.epd, NAS_EPD_5GSM);
}

/* 7.5: missing or invalid mandatory IEs: #96 naming the IE. */
static void missing_mandatory_ie_gets_cause_96(void)
{
	struct nas_msg m;
	struct nas_err err;
	/* Registration request without the 5GS mobile identity. */
	CHECK_EQ(dec(&m, "7e004179", &err), -E_MISSING_IE);
	CHECK_EQ(err.cause, NAS_CAUSE_INVALID_MANDATORY);
	CHECK_STR(err.ie, "5GS mobile identity");
	CHECK_EQ(err.off, 4);
	/* ... with a length running past the end. */
	CHECK_EQ(dec(&m, "7e004179000d0100f110", &err), -E_MISSING_IE);
	CHECK_STR(err.ie, "5GS mobile identity");
	/* Without even the registration type octet. */
	CHECK_EQ(dec(&m, "7e0041", &err), -E_MISSING_IE);
	CHECK_STR(err.ie, "5GS registration type");
	/* 5GMM status without its cause. */
	CHECK_EQ(dec(&m, "7e0064", &err), -E_MISSING_IE);
	CHECK_STR(err.ie, "5GMM cause");
	/* PDU session establishment accept missing the session AMBR. */
	CHECK_EQ(dec(&m, "2e0507c2110009010006313101 01ff01", &err), -E_MISSING_IE);
	CHECK_STR(err.ie, "Session AMBR");
}

static void invalid_mandatory_ie_gets_cause_96(void)
{
	struct nas_msg m;
	struct nas_err err;
	/* MSIN with a non-BCD digit. */
	CHECK_EQ(dec(&m, "7e004179000d0100f11021f300002143658a09", &err), -E_INVAL);
	CHECK_EQ(err.cause, NAS_CAUSE_INVALID_MANDATORY);
	CHECK_STR(err.ie, "5GS mobile identity");
	/* A 5G-GUTI one octet short. */
	CHECK_EQ(dec(&m, "7e004101000af200f110caff81123456", &err), -E_INVAL);
	CHECK_STR(err.ie, "5GS mobile identity");
	/* 5G-S-TMSI of the wrong length (table 8.2.16.1.1: exactly 7 octets). */
	CHECK_EQ(dec(&m, "7e004c110006f4ff81abcdef", &err), -E_INVAL);
	CHECK_STR(err.ie, "5G-S-TMSI");
	/* Session AMBR of 5 octets. */
	CHECK_EQ(dec(&m, "2e0507c2110009010006313101 01ff01 05 0603e80601", &err), -E_INVAL);
	CHECK_STR(err.ie, "Session AMBR");
}

/* QoS rule errors carry the 5GSM causes of 9.11.4.13 handling (#84, #45). */
static void qos_rule_errors_get_their_own_causes(void)
{
	struct nas_msg m;
	struct nas_err err;
	/* Rule operation code 7 (reserved). */
	CHECK_EQ(dec(&m, "2e0507c211 0009 010006f13101 01ff01 06 0603e80601f4", &err), -E_INVAL);
	CHECK_EQ(err.cause, NAS_CAUSE_SYNTAX_ERR_QOS);
	CHECK_STR(err.ie, "Authorized QoS rules");
	/* Packet filter component type 0x99 (reserved). */
	CHECK_EQ(dec(&m, "2e0507c211 0009 010006313101 99ff01 06 0603e80601f4", &err), -E_INVAL);
	CHECK_EQ(err.cause, NAS_CAUSE_SYNTAX_ERR_PF);
	/* Packet filter direction 0 (reserved). */
	CHECK_EQ(dec(&m, "2e0507c211 0009 010006310101 01ff01 06 0603e80601f4", &err), -E_INVAL);
	CHECK_EQ(err.cause, NAS_CAUSE_SYNTAX_ERR_PF);
	/* Rule length past the end of the IE. */
	CHECK_EQ(dec(&m, "2e0507c211 0009 010009313101 01ff01 06 0603e80601f4", &err), -E_INVAL);
	CHECK_EQ(err.cause, NAS_CAUSE_SYNTAX_ERR_QOS);
	/* "Delete" with packet filters. */
	CHECK_EQ(dec(&m, "2e0507c211 0005 0100024101 06 0603e80601f4", &err), -E_INVAL);
	CHECK_EQ(err.cause, NAS_CAUSE_SYNTAX_ERR_QOS);
}

/* 7.3: reserved PTI and PDU session identity values. */
static void reserved_pti_and_psi_get_their_causes(void)
{
	struct nas_msg m;
	struct nas_err err;
	CHECK_EQ(dec(&m, "2e05ffd624", &err), -E_RANGE);
	CHECK_EQ(err.cause, NAS_CAUSE_INVALID_PTI);
	CHECK_EQ(m.type, NAS_5GSM_STATUS); /* enough to answer with a 5GSM STATUS */
	CHECK_EQ(dec(&m, "2e1001d624", &err), -E_RANGE);
	CHECK_EQ(err.cause, NAS_CAUSE_INVALID_PSI);
	CHECK_EQ(dec(&m, "2e0001d624", &err), 0); /* PSI 0: no PDU session identity assigned */
}

/* 7.6.1: unknown IEs are skipped by their type: one octet, TLV or TLV-E. */
static void unknown_optional_ies_are_skipped(void)
{
	struct nas_msg m;
	struct nas_err err;
	/* Registration complete with an unknown TLV (0x5b), TLV-E (0x7f) and type 1 (0xd-),
	 * then the known SOR transparent container. */
	CHECK_EQ(dec(&m,
		     "7e0043 5b03aabbcc 7f0002dddd d5 7300110500010203040506070809"
		     "0a0b0c0d0e0f",
		     &err),
		 0);
	CHECK_EQ(err.n_ignored, 3);
	CHECK_EQ(err.ignored_iei, 0x5b);
	CHECK(m.reg_complete.has_sor);
	CHECK_EQ(m.reg_complete.sor.len, 17);
}

/* 7.5.1: an unknown IE encoded as "comprehension required" (IEI 0000xxxx). */
static void comprehension_required_unknown_ie_gets_cause_96(void)
{
	struct nas_msg m;
	struct nas_err err;
	CHECK_EQ(dec(&m, "7e0043 0a0100", &err), -E_UNKNOWN_IE);
	CHECK_EQ(err.cause, NAS_CAUSE_INVALID_MANDATORY);
	CHECK_EQ(err.off, 3);
}

/* 7.6.3: a repeated IE: the first is used, the rest ignored. */
static void repeated_ie_keeps_the_first(void)
{
	struct nas_msg m;
	struct nas_err err;
	CHECK_EQ(dec(&m, "7e0042 0101 5e0121 5e0105", &err), 0);
	CHECK_EQ(m.reg_acc.t3512.unit, 1);
	CHECK_EQ(m.reg_acc.t3512.value, 1);
	CHECK_EQ(err.n_ignored, 1);
	CHECK_EQ(err.ignored_iei, 0x5e);
	/* Type 1 as well. */
	CHECK_EQ(dec(&m, "7e0042 0101 b1 b2", &err), 0);
	CHECK_EQ(m.reg_acc.mico, 1);
	CHECK_EQ(err.n_ignored, 1);
}

/* 7.7.1: a syntactically incorrect optional IE is treated as absent. */
static void invalid_optional_ie_is_treated_as_absent(void)
{
	struct nas_msg m;
	struct nas_err err;
	/* UE security capability of 3 octets; requested NSSAI with an S-NSSAI length of 3. */
	CHECK_EQ(dec(&m,
		     "7e004179000d0100f11021f3000021436587 09 2e03e06080 2f04030101 01"
		     "10 01 07",
		     &err),
		 0);
	CHECK(!m.reg_req.has_ue_sec_cap);
	CHECK(!m.reg_req.has_requested_nssai);
	CHECK(m.reg_req.has_mm_cap);
	CHECK_EQ(err.n_ignored, 2);
	/* A TAI with a non-BCD MCC ("treat the TAI as deleted"). */
	CHECK_EQ(dec(&m, "7e004179000d0100f11021f300002143658709 52 a0f110000001", &err), 0);
	CHECK(!m.reg_req.has_last_tai);
	/* A truncated optional IE at the end: absent, the rest still used. */
	CHECK_EQ(dec(&m, "7e004179000d0100f11021f300002143658709 100107 2e04e060", &err), 0);
	CHECK(m.reg_req.has_mm_cap);
	CHECK(!m.reg_req.has_ue_sec_cap);
	/* Out of table order is accepted (7.6.2 lets the network be lenient). */
	CHECK_EQ(dec(&m, "7e004179000d0100f11021f300002143658709 2e02e060 100107", &err), 0);
	CHECK(m.reg_req.has_mm_cap && m.reg_req.has_ue_sec_cap);
}

/* 7.7.2: UL NAS transport with an N1 SM payload but no PDU session ID: #100. */
static void missing_conditional_psi_gets_cause_100(void)
{
	struct nas_msg m;
	struct nas_err err;
	CHECK_EQ(dec(&m, "7e0067 01 0004 2e0507d6", &err), -E_MISSING_IE);
	CHECK_EQ(err.cause, NAS_CAUSE_CONDITIONAL_IE);
	CHECK_STR(err.ie, "PDU session ID");
	CHECK_EQ(dec(&m, "7e0068 01 0004 2e0507d6", &err), -E_MISSING_IE);
	CHECK_EQ(err.cause, NAS_CAUSE_CONDITIONAL_IE);
	CHECK_EQ(dec(&m, "7e0067 02 0002 0102", &err), 0); /* SMS needs none */
}

/* Table 8.2.7.1.1 gives IEI 0x34 twice; the length tells them apart. */
static void reg_acc_iei_34_is_told_apart_by_length(void)
{
	struct nas_msg m;
	struct nas_err err;
	CHECK_EQ(dec(&m, "7e0042 0101 3404031f11f2 340101", &err), 0);
	CHECK(m.reg_acc.has_emerg_numbers);
	CHECK_EQ(m.reg_acc.emerg_numbers.len, 4);
	CHECK(m.reg_acc.has_add_req_result);
	CHECK_EQ(m.reg_acc.add_req_result, 1);
	CHECK_EQ(dec(&m, "7e0042 0101 340102", &err), 0);
	CHECK(!m.reg_acc.has_emerg_numbers);
	CHECK_EQ(m.reg_acc.add_req_result, 2);
}

/* 9.11.3.9: more than 16 TAIs: the first 16 are kept. */
static void tai_list_keeps_first_16(void)
{
	struct nas_msg m;
	struct nas_err err;
	/* Consecutive list of 16, then one more TAC in a type 00 list. */
	CHECK_EQ(dec(&m, "7e0042 0101 540e 2f00f110000100 0000f110000009", &err), 0);
	CHECK_EQ(m.reg_acc.tai_list.n_tai, 16);
	CHECK_EQ(m.reg_acc.tai_list.tai[15].tac, 0x10f);
	CHECK_EQ(m.reg_acc.tai_list.n_part, 1);
	/* A reserved list type makes the IE invalid, hence absent. */
	CHECK_EQ(dec(&m, "7e0042 0101 5407 6000f110000001", &err), 0);
	CHECK(!m.reg_acc.has_tai_list);
	CHECK_EQ(err.n_ignored, 1);
}

/* 8.2.28 / 9.3: protected messages. */
static void protected_messages_are_recognised(void)
{
	struct nas_msg m;
	struct nas_err err;
	CHECK_EQ(dec(&m, "7e02 01020304 05 7e0043", &err), -E_UNSUPP); /* ciphered */
	CHECK_EQ(m.sht, NAS_SHT_INTEG_CIPH);
	CHECK_EQ(m.sec.sn, 5);
	CHECK_EQ(dec(&m, "7e05 01020304 05 7e0043", &err), -E_PROTO); /* reserved header type */
	CHECK_EQ(err.cause, 0);
	CHECK_EQ(dec(&m, "7e01 01020304 05 2e0501d6", &err), -E_PROTO); /* 5GSM inside */
	CHECK_EQ(dec(&m, "7e01 01020304 05 7e01", &err), -E_SHORT);
	CHECK_EQ(dec(&m, "7e03 01020304 00 7e00 5d 02 01 02e060", &err), 0);
	CHECK_EQ(m.sht, NAS_SHT_INTEG_NEW);
	CHECK_EQ(m.type, NAS_SMC);
	CHECK_EQ(dec(&m, "7e01 01020304 05 7e00ee", &err), -E_UNSUPP);
	CHECK_EQ(err.cause, NAS_CAUSE_MSG_TYPE_UNKNOWN);
	CHECK_EQ(err.off, 9);
}

/* Lists need the arena; without room the message is refused (#111). */
static void list_ies_need_the_arena(void)
{
	struct nas_msg m;
	struct nas_err err;
	uint8_t b[64];
	int n = t_unhex(b, sizeof(b), "2e0507c2110009010006313101 01ff01 06 0603e80601f4");
	CHECK_EQ(nas_decode(&m, b, (size_t)n, NULL, &err), -E_NOMEM);
	CHECK_EQ(err.cause, NAS_CAUSE_PROTOCOL_ERROR);
	struct arena tiny;
	arena_init(&tiny, NULL, 0, 16);
	CHECK_EQ(nas_decode(&m, b, (size_t)n, &tiny, &err), -E_NOMEM);
	arena_fini(&tiny);
}

static void encode_reports_bad_values_and_small_buffers(void)
{
	struct nas_msg m;
	struct nas_err err;
	uint8_t b[256];

	nas_msg_init(&m, NAS_REG_REQ);
	nas_id_suci_null(&m.reg_req.mobile_id, &(struct plmn){ 1, 1, 2 }, "1", "123");
	CHECK(nas_encode(&m, b, sizeof(b), &err) > 0);
	CHECK_EQ(nas_encode(&m, b, 5, &err), -E_NOSPC);
	strcpy(m.reg_req.mobile_id.suci.routing, "12a");
	CHECK_EQ(nas_encode(&m, b, sizeof(b), &err), -E_INVAL);
	CHECK_STR(err.ie, "5GS mobile identity");
	strcpy(m.reg_req.mobile_id.suci.routing, "1");
	/* An empty requested NSSAI is below the table's minimum length. */
	m.reg_req.has_requested_nssai = true;
	CHECK_EQ(nas_encode(&m, b, sizeof(b), &err), -E_INVAL);
	CHECK_STR(err.ie, "Requested NSSAI");
	m.reg_req.has_requested_nssai = false;
	m.reg_req.ngksi.ksi = 8;
	CHECK_EQ(nas_encode(&m, b, sizeof(b), &err), -E_INVAL);
	CHECK_STR(err.ie, "ngKSI");
	CHECK_EQ(nas_msg_init(&m, 0x40), -E_INVAL);
	m.epd = NAS_EPD_5GMM;
	m.type = 0x40;
	CHECK_EQ(nas_encode(&m, b, sizeof(b), &err), -E_INVAL);
	/* Mapped SD without an SD of its own cannot be coded (9.11.2.8). */
	nas_msg_init(&m, NAS_NSSAA_CMD);
	m.nssaa.eap = (struct nas_buf){ (const uint8_t *)"\x03\x01\x00\x04", 4 };
	m.nssaa.snssai.has_mapped = true;
	m.nssaa.snssai.mapped.has_sd = true;
	CHECK_EQ(nas_encode(&m, b, sizeof(b), &err), -E_INVAL);
	CHECK_STR(err.ie, "S-NSSAI");
}

/* The STATUS answering a failed decode. */
static void status_answers_failed_decode(void)
{
	struct nas_msg m;
	struct nas_err err;
	uint8_t b[16];
	CHECK_EQ(dec(&m, "2e05ffd624", &err), -E_RANGE);
	CHECK_EQ(nas_encode_status(&m, &err, b, sizeof(b)), 5);
	CHECK_MEM(b, "\x2e\x05\xff\xd6\x51", 5); /* 5GSM STATUS #81, same PSI and PTI */
	CHECK_EQ(dec(&m, "7e004179", &err), -E_MISSING_IE);
	CHECK_EQ(nas_encode_status(&m, &err, b, sizeof(b)), 4);
	CHECK_MEM(b, "\x7e\x00\x64\x60", 4); /* 5GMM STATUS #96 */
	CHECK_EQ(dec(&m, "7e00", &err), -E_SHORT);
	CHECK_EQ(nas_encode_status(&m, &err, b, sizeof(b)), 0); /* ignored */
}

static void timers_and_bitrates_convert(void)
{
	CHECK_EQ(nas_timer3_secs(nas_timer3_from_secs(1800)), 1800);
	CHECK_EQ(nas_timer3_secs(nas_timer3_from_secs(54 * 60)), 3600); /* 54 min: not codable */
	CHECK_EQ(nas_timer3_from_secs(62).unit, NAS_T3_2S);
	CHECK_EQ(nas_timer3_secs(nas_timer3_from_secs(7 * 3600)), 7 * 3600);
	CHECK(nas_timer3_secs(nas_timer3_from_secs(61)) >= 61);
	CHECK_EQ(nas_timer3_secs((struct nas_gprs_timer){ NAS_T_DEACTIVATED, 0 }), -1);
	CHECK_EQ(nas_timer2_secs(nas_timer2_from_secs(720)), 720);
	CHECK_EQ(nas_timer2_from_secs(100000).unit, NAS_T_DEACTIVATED);
	CHECK_EQ(nas_timer2_secs((struct nas_gprs_timer){ 5, 2 }), 120); /* "as 1 minute" */
	CHECK_EQ(nas_bitrate_kbps((struct nas_bitrate){ 6, 1000 }), 1000000);
	CHECK_EQ(nas_bitrate_kbps((struct nas_bitrate){ 11, 1 }), 1000000);
	CHECK_EQ(nas_bitrate_kbps((struct nas_bitrate){ 0, 7 }), 7);
	struct nas_bitrate b = nas_bitrate_from_kbps(10000000);
	CHECK(nas_bitrate_kbps(b) >= 10000000);
	CHECK(b.value <= 0xffff);
	CHECK_STR(nas_msg_name(NAS_EPD_5GSM, NAS_PDU_EST_ACC), "PDU session establishment accept");
	CHECK_STR(nas_cause_name(NAS_EPD_5GMM, 96), "Invalid mandatory information");
	CHECK_STR(nas_cause_name(NAS_EPD_5GSM, 84), "Syntactical error in the QoS operation");
}

int main(void)
{
	RUN(tables_are_consistent);
	RUN(every_sample_round_trips);
	RUN(every_ie_round_trips);
	RUN(too_short_message_is_ignored);
	RUN(unknown_message_type_gets_cause_97);
	RUN(missing_mandatory_ie_gets_cause_96);
	RUN(invalid_mandatory_ie_gets_cause_96);
	RUN(qos_rule_errors_get_their_own_causes);
	RUN(reserved_pti_and_psi_get_their_causes);
	RUN(unknown_optional_ies_are_skipped);
	RUN(comprehension_required_unknown_ie_gets_cause_96);
	RUN(repeated_ie_keeps_the_first);
	RUN(invalid_optional_ie_is_treated_as_absent);
	RUN(missing_conditional_psi_gets_cause_100);
	RUN(reg_acc_iei_34_is_told_apart_by_length);
	RUN(tai_list_keeps_first_16);
	RUN(protected_messages_are_recognised);
	RUN(list_ies_need_the_arena);
	RUN(encode_reports_bad_values_and_small_buffers);
	RUN(status_answers_failed_decode);
	RUN(timers_and_bitrates_convert);
	return t_done();
}
