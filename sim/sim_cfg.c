/* sim_cfg.c — ngsim's YAML schema, defaults and cross-checks. */
#include "lib/core/ids.h"
#include "sim/sim_cfg.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/core/log.h"

const char *const sim_action_names[] = {
	[ACT_NG_SETUP] = "ng_setup",
	[ACT_REGISTER] = "register",
	[ACT_DEREGISTER] = "deregister",
	[ACT_RELEASE] = "release",
	[ACT_SERVICE] = "service_request",
	[ACT_BREAK] = "break_association",
	[ACT_NG_RESET] = "ng_reset",
	[ACT_WAIT] = "wait",
	NULL,
};

const char *const sim_outcome_names[] = {
	[OUT_ANY] = "default",
	[OUT_NONE] = "nothing",
	[OUT_NG_SETUP_RESPONSE] = "ng_setup_response",
	[OUT_NG_SETUP_FAILURE] = "ng_setup_failure",
	[OUT_NG_RESET_ACK] = "ng_reset_acknowledge",
	[OUT_ASSOC_DOWN] = "association_down",
	[OUT_REG_ACCEPT] = "registration_accept",
	[OUT_REG_REJECT] = "registration_reject",
	[OUT_AUTH_REJECT] = "authentication_reject",
	[OUT_DEREG_ACCEPT] = "deregistration_accept",
	[OUT_DEREGISTERED] = "deregistered",
	[OUT_NW_DEREG] = "deregistration_request",
	[OUT_SERVICE_ACCEPT] = "service_accept",
	[OUT_SERVICE_REJECT] = "service_reject",
	[OUT_RELEASED] = "released",
	[OUT_ERROR] = "error",
	[OUT_TIMEOUT] = "timeout",
	NULL,
};

static const char *const level_names[] = { "trace", "debug", "info", "notice",
					   "warn",  "error", "off",  NULL };
static const char *const scheme_names[] = { "null", "profile-a", "profile-b", NULL };
static const char *const sqn_check_names[] = { "strict", "off", NULL };
static const char *const reg_type_names[] = { "initial", "mobility", "periodic", NULL };
static const char *const ident_names[] = { "auto", "suci", "guti", NULL };
static const char *const authf_names[] = { "none", "mac", "synch", NULL };

static const struct cfg_field int_tac_item[] = {
	{ .type = CFG_INT, .min = 0, .max = 0xFFFFFF },
};
static const struct cfg_field alg_item[] = {
	{ .type = CFG_INT, .min = 0, .max = 7 },
};
static const struct cfg_field snssai_item[] = {
	{ .type = CFG_SNSSAI },
};

static const struct cfg_field amf_fields[] = {
	CFG_F_IP("address", struct sim_amf_cfg, ip),
	CFG_F_PORT("port", struct sim_amf_cfg, port),
	CFG_FIELD_END,
};
static const struct cfg_field amf_item[] = {
	{ .type = CFG_MAP, .sub = amf_fields },
};

static const struct cfg_field gnb_fields[] = {
	CFG_F_STR("name", struct sim_gnb_cfg, name),
	CFG_F_INT("id", struct sim_gnb_cfg, id, 0, 0xFFFFFFFFll),
	CFG_F_INT("id_bits", struct sim_gnb_cfg, id_bits, 22, 32),
	CFG_F_PLMN("plmn", struct sim_gnb_cfg, plmn),
	CFG_F_LIST("tacs", struct sim_gnb_cfg, tacs, n_tacs, int_tac_item),
	CFG_F_LIST("slices", struct sim_gnb_cfg, slices, n_slices, snssai_item),
	CFG_F_LIST("amfs", struct sim_gnb_cfg, amfs, n_amfs, amf_item),
	CFG_F_IP("n3_address", struct sim_gnb_cfg, n3),
	CFG_F_INT("paging_drx", struct sim_gnb_cfg, paging_drx, 32, 256),
	CFG_FIELD_END,
};
static const struct cfg_field gnb_item[] = {
	{ .type = CFG_MAP, .sub = gnb_fields },
};

static const struct cfg_field ue_fields[] = {
	CFG_F_STR("imsi", struct sim_ue_cfg, imsi),
	CFG_F_INT("count", struct sim_ue_cfg, count, 1, SIM_UE_MAX),
	CFG_F_INT("mnc_len", struct sim_ue_cfg, mnc_len, 2, 3),
	CFG_F_HEX("k", struct sim_ue_cfg, k),
	CFG_F_HEX("opc", struct sim_ue_cfg, opc),
	CFG_F_HEX("op", struct sim_ue_cfg, op),
	CFG_F_HEX("amf_field", struct sim_ue_cfg, amf_field),
	CFG_F_INT("sqn", struct sim_ue_cfg, sqn, 0, 0xFFFFFFFFFFFFll),
	CFG_F_ENUM("sqn_check", struct sim_ue_cfg, sqn_check, sqn_check_names),
	CFG_F_ENUM("suci_scheme", struct sim_ue_cfg, scheme, scheme_names),
	CFG_F_STR("hn_public_key", struct sim_ue_cfg, hn_pub),
	CFG_F_INT("hn_key_id", struct sim_ue_cfg, hn_key_id, 0, 255),
	CFG_F_STR("routing_indicator", struct sim_ue_cfg, routing),
	CFG_F_LIST("nssai", struct sim_ue_cfg, nssai, n_nssai, snssai_item),
	CFG_F_LIST("nea", struct sim_ue_cfg, nea, n_nea, alg_item),
	CFG_F_LIST("nia", struct sim_ue_cfg, nia, n_nia, alg_item),
	CFG_F_STR("imeisv", struct sim_ue_cfg, imeisv),
	CFG_F_INT("gnb", struct sim_ue_cfg, gnb, 0, SIM_MAX_GNBS - 1),
	CFG_F_STR("dnn", struct sim_ue_cfg, dnn),
	CFG_FIELD_END,
};
static const struct cfg_field ue_item[] = {
	{ .type = CFG_MAP, .sub = ue_fields },
};

/* A UE group written in the file starts zeroed (fixup() fills the rest),
 * except the AMF field: "0000" is a value a file may set, so its default
 * 8000 (separation bit set, TS 33.501 6.1.3.2 / Annex A) goes in first. */
static void ue_item_init(void *item)
{
	struct sim_ue_cfg *u = item;
	memset(u, 0, sizeof(*u));
	u->amf_field[0] = 0x80;
}

static const struct cfg_field step_fields[] = {
	CFG_F_ENUM("action", struct sim_step, action, sim_action_names),
	CFG_F_INT("gnb", struct sim_step, gnb, 0, SIM_MAX_GNBS - 1),
	CFG_F_INT("ue", struct sim_step, ue, 0, SIM_UE_MAX - 1),
	CFG_F_INT("count", struct sim_step, count, 1, SIM_UE_MAX),
	CFG_F_BOOL("all", struct sim_step, all),
	CFG_F_ENUM("expect", struct sim_step, expect, sim_outcome_names),
	CFG_F_INT("cause", struct sim_step, cause, 0, 999),
	CFG_F_DURATION("timeout", struct sim_step, timeout_ms, 1, 3600000),
	CFG_F_ENUM("type", struct sim_step, reg_type, reg_type_names),
	CFG_F_ENUM("identity", struct sim_step, identity, ident_names),
	CFG_F_ENUM("auth_failure", struct sim_step, auth_failure, authf_names),
	CFG_F_BOOL("switch_off", struct sim_step, switch_off),
	CFG_F_INT("tac", struct sim_step, tac, 0, 0xFFFFFF),
	CFG_F_LIST("nea", struct sim_step, nea, n_nea, alg_item),
	CFG_F_LIST("nia", struct sim_step, nia, n_nia, alg_item),
	CFG_F_LIST("allowed_nssai", struct sim_step, allowed, n_allowed, snssai_item),
	CFG_F_STR("name", struct sim_step, name),
	CFG_FIELD_END,
};
static const struct cfg_field step_item[] = {
	{ .type = CFG_MAP, .sub = step_fields },
};

static const struct cfg_field log_fields[] = {
	CFG_F_ENUM("level", struct sim_cfg, log_level, level_names),
	CFG_F_STR("file", struct sim_cfg, log_file),
	CFG_FIELD_END,
};

static const struct cfg_field timer_fields[] = {
	CFG_F_DURATION("t3510", struct sim_cfg, t3510_ms, 100, 600000),
	CFG_F_DURATION("t3517", struct sim_cfg, t3517_ms, 100, 600000),
	CFG_F_DURATION("t3521", struct sim_cfg, t3521_ms, 100, 600000),
	CFG_F_DURATION("ng_setup", struct sim_cfg, ng_setup_timeout_ms, 100, 600000),
	CFG_FIELD_END,
};

static const struct cfg_field root_fields[] = {
	{ .key = "log",
	  .type = CFG_MAP,
	  .off = 0,
	  .sub = log_fields,
	  .help = "log level and file" },
	{ .key = "timers",
	  .type = CFG_MAP,
	  .off = 0,
	  .sub = timer_fields,
	  .help = "UE and gNB guard timers" },
	CFG_F_LIST("gnbs", struct sim_cfg, gnbs, n_gnbs, gnb_item),
	{ .key = "ues",
	  .type = CFG_LIST,
	  .off = offsetof(struct sim_cfg, ues),
	  .size = sizeof(((struct sim_cfg *)0)->ues[0]),
	  .count_off = offsetof(struct sim_cfg, n_ues),
	  .max_items = sizeof(((struct sim_cfg *)0)->ues) / sizeof(((struct sim_cfg *)0)->ues[0]),
	  .sub = ue_item,
	  .init = ue_item_init },
	CFG_F_LIST("steps", struct sim_cfg, steps, n_steps, step_item),
	CFG_F_BOOL("auto_setup", struct sim_cfg, auto_setup),
	CFG_F_DURATION("step_timeout", struct sim_cfg, step_timeout_ms, 1, 3600000),
	CFG_FIELD_END,
};

/* The file's root: the top-level `sctp` map serves every gNB (usrsctp is
 * process-wide, so one set of settings is all it can have anyway). */
struct sim_cfg_file {
	struct sim_cfg c; /* everything but sctp */
	struct net_sctp_cfg sctp; /* sctp settings for every gNB */
};

void sim_cfg_default_gnb(struct sim_gnb_cfg *g)
{
	memset(g, 0, sizeof(*g));
	snprintf(g->name, sizeof(g->name), "ngsim-gnb");
	g->id = 1;
	g->id_bits = 32;
	g->plmn = (struct plmn){ 1, 1, 2 }; /* DESIGN.md: PLMN 001/01, TAC 1, SST 1 */
	g->tacs[0] = 1;
	g->n_tacs = 1;
	g->slices[0] = (struct s_nssai){ .sst = 1 };
	g->n_slices = 1;
	ip_parse(&g->amfs[0].ip, "127.0.0.1");
	g->amfs[0].port = NET_SCTP_PORT_NGAP;
	g->n_amfs = 1;
	ip_parse(&g->n3, "127.0.0.1");
	g->paging_drx = 128;
	net_sctp_cfg_defaults(&g->sctp);
}

void sim_cfg_default_ues(struct sim_ue_cfg *u)
{
	memset(u, 0, sizeof(*u));
	snprintf(u->imsi, sizeof(u->imsi), "001010000000001");
	u->count = 1;
	u->mnc_len = 2;
	/* TS 35.208 test set 1 K/OPc: a default for labs, never for real SIMs. */
	hex_decode(u->k, 16, "465b5ce8b199b49faa5f0a2ee238a6bc");
	hex_decode(u->opc, 16, "cd63cb71954a9f4e48a5994e37a02baf");
	u->amf_field[0] = 0x80;
	u->scheme = 0;
	snprintf(u->routing, sizeof(u->routing), "0");
	u->nssai[0] = (struct s_nssai){ .sst = 1 };
	u->n_nssai = 1;
	for (int i = 0; i < 4; i++) {
		u->nea[i] = i;
		u->nia[i] = i;
	}
	u->n_nea = u->n_nia = 4;
	snprintf(u->imeisv, sizeof(u->imeisv), "3569380356438091");
	snprintf(u->dnn, sizeof(u->dnn), "internet");
}

void sim_cfg_defaults(struct sim_cfg *c)
{
	memset(c, 0, sizeof(*c));
	c->log_level = LOG_NOTICE;
	c->auto_setup = true;
	c->step_timeout_ms = 10000;
	c->t3510_ms = 15000; /* TS 24.501 10.2 */
	c->t3517_ms = 15000;
	c->t3521_ms = 15000;
	c->ng_setup_timeout_ms = 5000;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* List items arrive zeroed: fill what the file left out, then check what
 * the schema cannot (relations between keys). */
static int fixup(struct sim_cfg *c, const struct net_sctp_cfg *sctp, const char *name,
		 struct cfg_err *err)
{
#define BAD(...)                                                                                   \
	do {                                                                                       \
		snprintf(err->msg, sizeof(err->msg), __VA_ARGS__);                                 \
		return -E_CONFIG;                                                                  \
	} while (0)
	if (c->n_gnbs == 0) {
		sim_cfg_default_gnb(&c->gnbs[0]);
		c->n_gnbs = 1;
	}
	for (uint32_t i = 0; i < c->n_gnbs; i++) {
		struct sim_gnb_cfg *g = &c->gnbs[i];
		if (!g->name[0])
			snprintf(g->name, sizeof(g->name), "ngsim-gnb%u", i + 1);
		if (!g->id_bits)
			g->id_bits = 32;
		if (!g->id)
			g->id = i + 1;
		if (g->id_bits < 32 && (uint64_t)g->id >> g->id_bits)
			BAD("%s: gnbs[%u].id: %lld does not fit in id_bits %lld", name, i,
			    (long long)g->id, (long long)g->id_bits);
		if (!g->plmn.mnc_len)
			g->plmn = (struct plmn){ 1, 1, 2 };
		if (!g->n_tacs) {
			g->tacs[0] = 1;
			g->n_tacs = 1;
		}
		if (!g->n_slices) {
			g->slices[0] = (struct s_nssai){ .sst = 1 };
			g->n_slices = 1;
		}
		if (!g->n_amfs) {
			ip_parse(&g->amfs[0].ip, "127.0.0.1");
			g->n_amfs = 1;
		}
		for (uint32_t a = 0; a < g->n_amfs; a++) {
			if (!g->amfs[a].ip.family)
				BAD("%s: gnbs[%u].amfs[%u].address: missing", name, i, a);
			if (!g->amfs[a].port)
				g->amfs[a].port = NET_SCTP_PORT_NGAP;
		}
		if (!g->n3.family)
			ip_parse(&g->n3, "127.0.0.1");
		if (!g->paging_drx)
			g->paging_drx = 128;
		if (g->paging_drx != 32 && g->paging_drx != 64 && g->paging_drx != 128 &&
		    g->paging_drx != 256)
			BAD("%s: gnbs[%u].paging_drx: must be 32, 64, 128 or 256", name, i);
		g->sctp = *sctp;
	}
	if (c->n_ues == 0) {
		sim_cfg_default_ues(&c->ues[0]);
		c->n_ues = 1;
	}
	uint64_t total = 0;
	for (uint32_t i = 0; i < c->n_ues; i++) {
		struct sim_ue_cfg *u = &c->ues[i];
		if (!u->imsi[0])
			BAD("%s: ues[%u].imsi: missing", name, i);
		if (!str_digits(u->imsi, 6, 15))
			BAD("%s: ues[%u].imsi: must be 6 to 15 digits", name, i);
		if (!u->count)
			u->count = 1;
		if (!u->mnc_len)
			u->mnc_len = 2;
		if (all_zero(u->k, 16))
			BAD("%s: ues[%u].k: missing", name, i);
		bool has_opc = !all_zero(u->opc, 16), has_op = !all_zero(u->op, 16);
		if (has_opc == has_op)
			BAD("%s: ues[%u]: exactly one of opc and op is needed", name, i);
		if (u->scheme != 0) {
			size_t need = u->scheme == 1 ? 64 : 66;
			uint8_t tmp[33];
			if (strlen(u->hn_pub) != need ||
			    hex_decode(tmp, sizeof(tmp), u->hn_pub) < 0)
				BAD("%s: ues[%u].hn_public_key: %s needs %zu hex digits", name, i,
				    u->scheme == 1 ? "profile-a" : "profile-b", need);
		}
		if (!u->routing[0])
			snprintf(u->routing, sizeof(u->routing), "0");
		if (!str_digits(u->routing, 1, 4))
			BAD("%s: ues[%u].routing_indicator: 1 to 4 digits", name, i);
		if (!u->n_nssai) {
			u->nssai[0] = (struct s_nssai){ .sst = 1 };
			u->n_nssai = 1;
		}
		if (!u->n_nea) {
			for (int a = 0; a < 4; a++)
				u->nea[a] = a;
			u->n_nea = 4;
		}
		if (!u->n_nia) {
			for (int a = 0; a < 4; a++)
				u->nia[a] = a;
			u->n_nia = 4;
		}
		if (!u->imeisv[0])
			snprintf(u->imeisv, sizeof(u->imeisv), "3569380356438091");
		if (!str_digits(u->imeisv, 16, 16))
			BAD("%s: ues[%u].imeisv: 16 digits", name, i);
		if (u->gnb >= c->n_gnbs)
			BAD("%s: ues[%u].gnb: no gNB %lld (there are %u)", name, i,
			    (long long)u->gnb, c->n_gnbs);
		if (!u->dnn[0])
			snprintf(u->dnn, sizeof(u->dnn), "internet");
		/* IMSIs of the range must keep their length. */
		size_t len = strlen(u->imsi);
		unsigned long long first = strtoull(u->imsi, NULL, 10), lim = 1;
		for (size_t d = 0; d < len; d++)
			lim *= 10;
		if (first + (unsigned long long)u->count > lim)
			BAD("%s: ues[%u].count: the IMSI range passes %zu digits", name, i, len);
		total += (uint64_t)u->count;
	}
	if (total > SIM_UE_MAX)
		BAD("%s: ues: %llu UEs, at most %u", name, (unsigned long long)total, SIM_UE_MAX);
	for (uint32_t i = 0; i < c->n_steps; i++) {
		struct sim_step *s = &c->steps[i];
		if (!s->timeout_ms)
			s->timeout_ms = c->step_timeout_ms;
		if (s->gnb >= c->n_gnbs)
			BAD("%s: steps[%u].gnb: no gNB %lld", name, i, (long long)s->gnb);
		if (s->all) {
			s->ue = 0;
			s->count = (int64_t)total;
		}
		if (!s->count)
			s->count = 1;
		if ((uint64_t)s->ue + (uint64_t)s->count > total)
			BAD("%s: steps[%u].ue: UEs %lld..%lld do not exist (%llu configured)", name,
			    i, (long long)s->ue, (long long)(s->ue + s->count - 1),
			    (unsigned long long)total);
	}
	return 0;
#undef BAD
}

static int load_common(struct sim_cfg *c, const char *name, const char *path, const char *text,
		       struct cfg_err *err)
{
	static struct cfg_field fields[16];
	size_t n = 0;
	while (root_fields[n].type != CFG_END)
		n++;
	memcpy(fields, root_fields, n * sizeof(fields[0]));
	fields[n] = (struct cfg_field){ .key = "sctp",
					.type = CFG_MAP,
					.off = 0,
					.sub = net_sctp_cfg_fields,
					.check = net_sctp_cfg_check };
	fields[n + 1] = (struct cfg_field)CFG_FIELD_END;

	sim_cfg_defaults(c);
	struct sim_cfg_file *f = calloc(1, sizeof(*f));
	if (!f) {
		snprintf(err->msg, sizeof(err->msg), "%s: out of memory", name);
		return -E_CONFIG;
	}
	f->c = *c;
	net_sctp_cfg_defaults(&f->sctp);
	/* Offsets in root_fields are relative to struct sim_cfg, which starts
	 * struct sim_cfg_file; the sctp map is placed at its member. */
	fields[n].off = offsetof(struct sim_cfg_file, sctp);
	int rc = path ? cfg_load(path, fields, f, err)
		      : cfg_load_str(name, text, strlen(text), fields, f, err);
	if (rc == 0) {
		*c = f->c;
		rc = fixup(c, &f->sctp, name, err);
	}
	free(f);
	return rc;
}

int sim_cfg_load(struct sim_cfg *c, const char *path, struct cfg_err *err)
{
	return load_common(c, path, path, NULL, err);
}

int sim_cfg_load_str(struct sim_cfg *c, const char *name, const char *text, struct cfg_err *err)
{
	return load_common(c, name, NULL, text, err);
}

uint64_t sim_cfg_ue_total(const struct sim_cfg *c)
{
	uint64_t t = 0;
	for (uint32_t i = 0; i < c->n_ues; i++)
		t += (uint64_t)c->ues[i].count;
	return t;
}
