/* aka_client — plays the AMF (and its UE) against a running AUSF and UDM over
 * SBI, as the AMF does in a registration (TS 33.501 6.1.3.2, TS 29.509,
 * TS 29.503): 5G AKA by SUCI (null scheme) with the UE's own RES*, HRES*
 * and K_SEAF checked; a wrong RES*; a synchronisation failure resolved with
 * a UE-made AUTS; an unknown subscriber; then UECM registration and the SDM
 * data. Used by aka-e2e.sh. Exit 0 when every check passed.
 *
 *   aka_client --ausf URL --udm URL --imsi 001010000000001 --k HEX --opc HEX
 *
 * With --load N [--subs M]: N exchanges over subscribers imsi .. imsi+M-1
 * (all with the same K/OPc), 64 in flight; prints the rate and latency. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/crypto/aka.h"
#include "lib/crypto/kdf.h"
#include "lib/ev/ev.h"
#include "lib/sbi/models/aka_models.h"
#include "lib/sbi/models/sdm_models.h"
#include "lib/sbi/sbi_client.h"
#include "tests/unit/t.h"

static struct ev_loop *loop;
static struct sbi_client *cli;
static const char *ausf, *udm, *imsi;
static uint8_t K[16], OPC[16];
static const char SNN[] = "5G:mnc001.mcc001.3gppnetwork.org";

struct resp {
	int done, err, status;
	json_t *json;
	char cause[64], location[300];
};

static void on_resp(void *arg, uint64_t cookie, const struct sbi_resp *r)
{
	struct resp *a = arg;
	json_t *j = sbi_resp_json(r);
	a->done = 1;
	a->err = r->err;
	a->status = r->status;
	a->json = j ? json_incref(j) : NULL;
	const char *c = json_string_value(json_object_get(j, "cause"));
	snprintf(a->cause, sizeof(a->cause), "%s", c ? c : "");
	const char *l = sbi_resp_header(r, "location");
	snprintf(a->location, sizeof(a->location), "%s", l ? l : "");
}

static int call(struct resp *a, enum sbi_method m, const char *url, json_t *body)
{
	memset(a, 0, sizeof(*a));
	struct sbi_request rq = { .method = m, .uri = url, .json = body, .timeout_ms = 5000 };
	int rc = sbi_client_send(cli, &rq, on_resp, a, 0);
	json_decref(body);
	if (rc < 0)
		return -1;
	uint64_t end = ev_clock_ns() + 10000000000ull;
	while (!a->done && ev_clock_ns() < end)
		ev_run_once(loop, 10);
	if (a->err)
		fprintf(stderr, "%s: no answer: %s\n", url, err_str(a->err));
	return a->done && !a->err ? a->status : -1;
}

static void clear(struct resp *a)
{
	json_decref(a->json);
	a->json = NULL;
}

static int authenticate(struct resp *r, const char *id, const struct sbi_resync_info *rs)
{
	struct sbi_ausf_auth_info in;
	char u[300];
	memset(&in, 0, sizeof(in));
	snprintf(in.supi_or_suci, sizeof(in.supi_or_suci), "%s", id);
	snprintf(in.serving_network_name, sizeof(in.serving_network_name), "%s", SNN);
	if (rs) {
		in.has_resync = true;
		in.resync = *rs;
	}
	snprintf(u, sizeof(u), "%s/nausf-auth/v1/ue-authentications", ausf);
	return call(r, SBI_POST, u, sbi_ausf_auth_info_encode(&in));
}

/* The UE (USIM + ME): AUTN check, then AUTS when SEQ <= SEQ_MS, else RES*,
 * HRES* compared with HXRES*, and K_SEAF from its own K_AUSF. */
static int ue(const struct sbi_ue_auth_ctx *ch, uint64_t sqn_ms, uint8_t res_star[16],
	      uint8_t kseaf[32], struct sbi_resync_info *rs)
{
	uint8_t s[6], res[8], ck[16], ik[16], h[16], kausf[32], sqn_xor_ak[6];
	if (aka_ue_authenticate(K, OPC, ch->rand, ch->autn, s, res, ck, ik) < 0)
		return -E_MAC;
	uint64_t sqn = 0;
	for (int i = 0; i < 6; i++)
		sqn = sqn << 8 | s[i];
	if (sqn >> 5 <= sqn_ms >> 5) {
		uint8_t ms[6];
		for (int i = 0; i < 6; i++)
			ms[i] = (uint8_t)(sqn_ms >> (40 - 8 * i));
		memcpy(rs->rand, ch->rand, 16);
		aka_ue_auts(K, OPC, ch->rand, ms, rs->auts);
		return -E_SYNC;
	}
	for (int i = 0; i < 6; i++)
		sqn_xor_ak[i] = ch->autn[i];
	if (kdf_res_star(ck, ik, SNN, strlen(SNN), ch->rand, res, 8, res_star) < 0 ||
	    kdf_hres_star(ch->rand, res_star, h) < 0 ||
	    kdf_kausf(ck, ik, SNN, strlen(SNN), sqn_xor_ak, kausf) < 0 ||
	    kdf_kseaf(kausf, SNN, strlen(SNN), kseaf) < 0)
		return -E_CRYPTO;
	return memcmp(h, ch->hxres_star, 16) == 0 ? 0 : -E_MAC;
}

static int confirm(struct resp *r, const char *href, const uint8_t res_star[16])
{
	struct sbi_confirmation_data c;
	memcpy(c.res_star, res_star, 16);
	return call(r, SBI_PUT, href, sbi_confirmation_data_encode(&c));
}

static void aka_by_suci_gives_the_ues_kseaf(void)
{
	struct resp r;
	struct sbi_ue_auth_ctx ch;
	struct sbi_confirmation_resp ok;
	struct sbi_resync_info rs;
	struct sbi_jerr e;
	uint8_t res_star[16], kseaf[32];
	char suci[64], supi[32];

	/* Null-scheme SUCI: MCC 001, MNC 01, routing 0000, MSIN = the rest. */
	snprintf(suci, sizeof(suci), "suci-0-001-01-0000-0-0-%s", imsi + 5);
	snprintf(supi, sizeof(supi), "imsi-%s", imsi);
	CHECK_EQ(authenticate(&r, suci, NULL), 201);
	CHECK(r.location[0] != 0);
	CHECK_EQ(sbi_ue_auth_ctx_decode(&ch, r.json, &e), 0);
	clear(&r);
	CHECK_EQ(ue(&ch, 0, res_star, kseaf, &rs), 0);
	CHECK_EQ(confirm(&r, ch.confirm_href, res_star), 200);
	CHECK_EQ(sbi_confirmation_resp_decode(&ok, r.json, &e), 0);
	CHECK_EQ(ok.result, SBI_AUTH_SUCCESS);
	CHECK_STR(ok.supi, supi);
	CHECK_MEM(ok.kseaf, kseaf, 32);
	explicit_bzero(&ok, sizeof(ok));
	clear(&r);
}

static void wrong_res_star_is_an_authentication_failure(void)
{
	struct resp r;
	struct sbi_ue_auth_ctx ch;
	struct sbi_confirmation_resp res;
	struct sbi_jerr e;
	char supi[32];
	uint8_t bad[16] = { 1, 2, 3 };
	snprintf(supi, sizeof(supi), "imsi-%s", imsi);
	CHECK_EQ(authenticate(&r, supi, NULL), 201);
	CHECK_EQ(sbi_ue_auth_ctx_decode(&ch, r.json, &e), 0);
	clear(&r);
	CHECK_EQ(confirm(&r, ch.confirm_href, bad), 200);
	CHECK_EQ(sbi_confirmation_resp_decode(&res, r.json, &e), 0);
	CHECK_EQ(res.result, SBI_AUTH_FAILURE);
	CHECK(!res.has_kseaf);
	clear(&r);
}

static void synch_failure_then_success(void)
{
	struct resp r;
	struct sbi_ue_auth_ctx ch;
	struct sbi_confirmation_resp ok;
	struct sbi_resync_info rs;
	struct sbi_jerr e;
	uint8_t res_star[16], kseaf[32];
	char supi[32];
	uint64_t sqn_ms = (UINT64_C(123456) << 5) | 4;

	snprintf(supi, sizeof(supi), "imsi-%s", imsi);
	CHECK_EQ(authenticate(&r, supi, NULL), 201);
	CHECK_EQ(sbi_ue_auth_ctx_decode(&ch, r.json, &e), 0);
	clear(&r);
	CHECK_EQ(ue(&ch, sqn_ms, res_star, kseaf, &rs), -E_SYNC);
	CHECK_EQ(authenticate(&r, supi, &rs), 201);
	CHECK_EQ(sbi_ue_auth_ctx_decode(&ch, r.json, &e), 0);
	clear(&r);
	CHECK_EQ(ue(&ch, sqn_ms, res_star, kseaf, &rs), 0);
	CHECK_EQ(confirm(&r, ch.confirm_href, res_star), 200);
	CHECK_EQ(sbi_confirmation_resp_decode(&ok, r.json, &e), 0);
	CHECK_EQ(ok.result, SBI_AUTH_SUCCESS);
	CHECK_MEM(ok.kseaf, kseaf, 32);
	explicit_bzero(&ok, sizeof(ok));
	clear(&r);
}

static void unknown_subscriber_is_user_not_found(void)
{
	struct resp r;
	CHECK_EQ(authenticate(&r, "suci-0-001-01-0000-0-0-9999999999", NULL), 404);
	CHECK_STR(r.cause, "USER_NOT_FOUND");
	clear(&r);
}

static void registration_and_subscription_data(void)
{
	struct resp r;
	struct sbi_amf_reg reg;
	struct sbi_am_data am;
	struct sbi_nssai ns;
	struct sbi_smf_sel_data sel;
	struct sbi_jerr e;
	char u[300];

	memset(&reg, 0, sizeof(reg));
	snprintf(reg.amf_instance_id, sizeof(reg.amf_instance_id),
		 "8d0c3c8e-1c7b-4b7c-9b1f-3a6f0d1e2c3b");
	snprintf(reg.dereg_callback_uri, sizeof(reg.dereg_callback_uri),
		 "http://127.0.0.1:1/namf-callback/v1/dereg");
	reg.guami = (struct guami){ { 1, 1, 2 }, 2, 1, 0 };
	snprintf(reg.rat_type, sizeof(reg.rat_type), "NR");
	snprintf(u, sizeof(u), "%s/nudm-uecm/v1/imsi-%s/registrations/amf-3gpp-access", udm, imsi);
	int st = call(&r, SBI_PUT, u, sbi_amf_reg_encode(&reg));
	CHECK(st == 201 || st == 200);
	clear(&r);
	snprintf(u, sizeof(u), "%s/nudm-sdm/v2/imsi-%s/am-data", udm, imsi);
	CHECK_EQ(call(&r, SBI_GET, u, NULL), 200);
	CHECK_EQ(sbi_am_data_decode(&am, r.json, &e), 0);
	CHECK(am.has_ambr);
	clear(&r);
	snprintf(u, sizeof(u), "%s/nudm-sdm/v2/imsi-%s/nssai", udm, imsi);
	CHECK_EQ(call(&r, SBI_GET, u, NULL), 200);
	CHECK_EQ(sbi_nssai_decode(&ns, r.json, "", &e), 0);
	CHECK(ns.n_dflt >= 1);
	clear(&r);
	snprintf(u, sizeof(u), "%s/nudm-sdm/v2/imsi-%s/smf-select-data", udm, imsi);
	CHECK_EQ(call(&r, SBI_GET, u, NULL), 200);
	CHECK_EQ(sbi_smf_sel_data_decode(&sel, r.json, &e), 0);
	CHECK(sel.n >= 1);
	clear(&r);
}

/* ---- --load: throughput through AUSF, UDM and UDR (a figure, not a check) ---- */

#define LOAD_SLOTS 64

struct slot {
	int step; /* 0 idle, 1 POST sent, 2 PUT sent */
	uint64_t t0; /* when its exchange started */
	unsigned sub; /* subscriber index */
};

static struct slot slots[LOAD_SLOTS];
static unsigned load_total, load_subs, load_started, load_done, load_failed;
static uint64_t first_imsi;
static uint64_t *lat_us;

static void load_next(unsigned i);

static void load_resp(void *arg, uint64_t cookie, const struct sbi_resp *r)
{
	unsigned i = (unsigned)cookie;
	struct slot *s = &slots[i];
	json_t *j = sbi_resp_json(r);
	struct sbi_jerr e;

	if (s->step == 1) {
		struct sbi_ue_auth_ctx ch;
		struct sbi_resync_info rs;
		uint8_t res_star[16], kseaf[32];
		if (r->err || r->status != 201 || sbi_ue_auth_ctx_decode(&ch, j, &e) < 0 ||
		    ue(&ch, 0, res_star, kseaf, &rs) < 0) {
			if (!load_failed++)
				fprintf(stderr, "first failure: %s %d %s\n", err_str(r->err),
					r->status, json_string_value(json_object_get(j, "cause")));
			load_done++;
			s->step = 0;
			load_next(i);
			return;
		}
		struct sbi_confirmation_data c;
		memcpy(c.res_star, res_star, 16);
		json_t *b = sbi_confirmation_data_encode(&c);
		struct sbi_request rq = { .method = SBI_PUT, .uri = ch.confirm_href, .json = b };
		s->step = 2;
		if (sbi_client_send(cli, &rq, load_resp, NULL, i) < 0) {
			load_failed++;
			load_done++;
			s->step = 0;
			load_next(i);
		}
		json_decref(b);
		return;
	}
	struct sbi_confirmation_resp ok;
	if (r->err || r->status != 200 || sbi_confirmation_resp_decode(&ok, j, &e) < 0 ||
	    ok.result != SBI_AUTH_SUCCESS)
		load_failed++;
	else
		lat_us[load_done] = (ev_clock_ns() - s->t0) / 1000;
	load_done++;
	s->step = 0;
	load_next(i);
}

static void load_next(unsigned i)
{
	struct slot *s = &slots[i];
	char u[300];
	if (load_started >= load_total)
		return;
	struct sbi_ausf_auth_info in;
	memset(&in, 0, sizeof(in));
	s->sub = load_started % load_subs;
	snprintf(in.supi_or_suci, sizeof(in.supi_or_suci), "imsi-%015llu",
		 (unsigned long long)(first_imsi + s->sub));
	snprintf(in.serving_network_name, sizeof(in.serving_network_name), "%s", SNN);
	snprintf(u, sizeof(u), "%s/nausf-auth/v1/ue-authentications", ausf);
	json_t *b = sbi_ausf_auth_info_encode(&in);
	struct sbi_request rq = { .method = SBI_POST, .uri = u, .json = b };
	s->step = 1;
	s->t0 = ev_clock_ns();
	load_started++;
	if (sbi_client_send(cli, &rq, load_resp, NULL, i) < 0) {
		load_failed++;
		load_done++;
		s->step = 0;
	}
	json_decref(b);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static int run_load(void)
{
	lat_us = calloc(load_total, sizeof(*lat_us));
	if (!lat_us)
		return 1;
	uint64_t t0 = ev_clock_ns();
	for (unsigned i = 0; i < LOAD_SLOTS; i++)
		load_next(i);
	uint64_t end = t0 + 600000000000ull;
	while (load_done < load_total && ev_clock_ns() < end)
		ev_run_once(loop, 10);
	double s = (double)(ev_clock_ns() - t0) / 1e9;
	unsigned ok = load_done - load_failed;
	qsort(lat_us, ok, sizeof(*lat_us), cmp_u64);
	printf("5G AKA exchanges: %u ok, %u failed in %.2f s: %.0f/s, latency p50 %.2f ms "
	       "p99 %.2f ms (%d in flight, %u subscribers)\n",
	       ok, load_failed, s, ok / s, ok ? lat_us[ok / 2] / 1000.0 : 0,
	       ok ? lat_us[(size_t)(ok * 0.99)] / 1000.0 : 0, LOAD_SLOTS, load_subs);
	free(lat_us);
	return load_failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ausf", required_argument, NULL, 'a' }, { "udm", required_argument, NULL, 'u' },
		{ "imsi", required_argument, NULL, 'i' }, { "k", required_argument, NULL, 'k' },
		{ "opc", required_argument, NULL, 'o' },  { "load", required_argument, NULL, 'l' },
		{ "subs", required_argument, NULL, 's' }, { NULL, 0, NULL, 0 },
	};
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'a': ausf = optarg; break;
		case 'u': udm = optarg; break;
		case 'i': imsi = optarg; break;
		case 'k': t_unhex(K, 16, optarg); break;
		case 'o': t_unhex(OPC, 16, optarg); break;
		case 'l': load_total = (unsigned)strtoul(optarg, NULL, 10); break;
		case 's': load_subs = (unsigned)strtoul(optarg, NULL, 10); break;
		default: return 2;
		}
	}
	if (!ausf || !udm || !imsi || strlen(imsi) != 15) {
		fprintf(stderr, "usage: aka_client --ausf URL --udm URL --imsi 15DIGITS --k HEX "
				"--opc HEX\n");
		return 2;
	}
	log_set_level(LOG_WARN);
	struct sbi_client_cfg cc;
	sbi_client_cfg_defaults(&cc);
	loop = ev_loop_new("aka_client");
	cli = loop ? sbi_client_new(loop, &cc, "aka_client") : NULL;
	if (!cli)
		return 1;
	if (load_total) {
		first_imsi = strtoull(imsi, NULL, 10);
		if (!load_subs)
			load_subs = 1;
		int rc = run_load();
		sbi_client_free(cli);
		ev_run_once(loop, 0);
		ev_loop_free(loop);
		return rc;
	}
	RUN(aka_by_suci_gives_the_ues_kseaf);
	RUN(wrong_res_star_is_an_authentication_failure);
	RUN(synch_failure_then_success);
	RUN(unknown_subscriber_is_user_not_found);
	RUN(registration_and_subscription_data);
	sbi_client_free(cli);
	ev_run_once(loop, 0);
	ev_loop_free(loop);
	return t_done();
}
