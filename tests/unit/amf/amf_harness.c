/* amf_harness.c — fake gNB/UE and fake AUSF/UDM around a real AMF (see
 * amf_harness.h). */
#include "tests/unit/amf/amf_harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/crypto/aka.h"
#include "lib/crypto/ct.h"
#include "lib/crypto/kdf.h"
#include "lib/crypto/nas_alg.h"
#include "lib/sbi/models/aka_models.h"
#include "lib/sbi/models/common.h"
#include "lib/sbi/models/sdm_models.h"
#include "lib/sbi/sbi_server.h"

struct h_core H;
struct amf *h_amf;
struct ev_loop *h_loop;

static struct amf_cfg cfg;
static struct core_cfg core;
static struct nf_env env;
static struct sbi_server *fake;
static uint16_t fake_port;

#define QMAX 1024
static struct {
	uint8_t *data; /* copy of the PDU */
	size_t len; /* its length */
} q[QMAX];
static unsigned q_head, q_tail;

static const struct handle assoc = { 7, 1 };

/* Counters are process-wide: tests see what changed since h_start. */
#define BASE_MAX 256
static struct {
	const struct metric *m; /* metric */
	int64_t v; /* its value at h_start */
} base[BASE_MAX];
static unsigned n_base;

static void base_cb(const struct metric *m, void *arg)
{
	if (n_base < BASE_MAX) {
		base[n_base].m = m;
		base[n_base++].v = metric_get(m);
	}
}

/* ---- fake AUSF + UDM ---- */

struct actx {
	bool used; /* slot in use */
	char supi[24]; /* subscriber */
	uint8_t xres_star[16]; /* expected RES* */
	uint8_t kseaf[32]; /* K_SEAF to hand out */
};
static struct actx actxs[64];
static unsigned actx_next;

static struct h_sub *find_sub(const char *id)
{
	char supi[32];
	/* "imsi-..." or a null-scheme SUCI "suci-0-001-01-<ri>-0-0-<msin>". */
	if (strncmp(id, "suci-0-", 7) == 0) {
		char mcc[4], mnc[4], ri[8], msin[16];
		unsigned scheme, key;
		if (sscanf(id, "suci-0-%3[0-9]-%3[0-9]-%7[0-9]-%u-%u-%15[0-9]", mcc, mnc, ri,
			   &scheme, &key, msin) != 6 ||
		    scheme != 0)
			return NULL;
		snprintf(supi, sizeof(supi), "imsi-%s%s%s", mcc, mnc, msin);
	} else {
		snprintf(supi, sizeof(supi), "%s", id);
	}
	for (int i = 0; i < H_MAX_SUBS; i++)
		if (H.subs[i].used && strcmp(H.subs[i].supi, supi) == 0)
			return &H.subs[i];
	return NULL;
}

static void problem(struct sbi_req *req, int status, const char *cause)
{
	struct sbi_problem p;
	memset(&p, 0, sizeof(p));
	p.status = status;
	snprintf(p.cause, sizeof(p.cause), "%s", cause);
	sbi_respond_json(req, status, sbi_problem_encode(&p), SBI_CT_PROBLEM);
}

static void sqn_bytes(uint64_t v, uint8_t out[6])
{
	for (int i = 5; i >= 0; i--, v >>= 8)
		out[i] = (uint8_t)v;
}

static uint64_t sqn_val(const uint8_t b[6])
{
	uint64_t v = 0;
	for (int i = 0; i < 6; i++)
		v = v << 8 | b[i];
	return v;
}

static void f_auth(struct sbi_req *req, void *arg)
{
	struct sbi_ausf_auth_info info;
	struct sbi_jerr e;
	H.auth_requests++;
	if (H.ausf_status) {
		problem(req, H.ausf_status, H.ausf_cause ? H.ausf_cause : "");
		return;
	}
	if (sbi_ausf_auth_info_decode(&info, req->json, &e) < 0) {
		problem(req, 400, "MANDATORY_IE_INCORRECT");
		return;
	}
	struct h_sub *s = find_sub(info.supi_or_suci);
	if (!s) {
		problem(req, 404, "USER_NOT_FOUND");
		return;
	}
	if (info.has_resync) {
		uint8_t sqn_ms[6];
		if (aka_hn_resync(s->k, s->opc, info.resync.rand, info.resync.auts, sqn_ms) < 0) {
			problem(req, 403, "AUTHENTICATION_REJECTED");
			return;
		}
		H.resyncs++;
		s->sqn = sqn_val(sqn_ms);
	}
	s->sqn++;
	uint8_t rand[16], sqn[6], amf_field[2] = { 0x80, 0x00 };
	struct aka_av av;
	if (getrandom(rand, sizeof(rand), 0) != sizeof(rand))
		memset(rand, 0x5a, sizeof(rand));
	sqn_bytes(s->sqn, sqn);
	aka_av_generate(s->k, s->opc, rand, sqn, amf_field, &av);
	const char *snn = info.serving_network_name;
	struct actx *c = &actxs[actx_next % 64];
	unsigned idx = actx_next++ % 64;
	uint8_t kausf[32];
	memset(c, 0, sizeof(*c));
	c->used = true;
	snprintf(c->supi, sizeof(c->supi), "%s", s->supi);
	kdf_res_star(av.ck, av.ik, snn, strlen(snn), rand, av.xres, 8, c->xres_star);
	kdf_kausf(av.ck, av.ik, snn, strlen(snn), av.sqn_xor_ak, kausf);
	kdf_kseaf(kausf, snn, strlen(snn), c->kseaf);
	struct sbi_ue_auth_ctx ctx;
	memset(&ctx, 0, sizeof(ctx));
	memcpy(ctx.rand, rand, 16);
	memcpy(ctx.autn, av.autn, 16);
	kdf_hres_star(rand, c->xres_star, ctx.hxres_star);
	snprintf(ctx.confirm_href, sizeof(ctx.confirm_href),
		 "http://127.0.0.1:%u/nausf-auth/v1/ue-authentications/%u/5g-aka-confirmation",
		 fake_port, idx);
	sbi_respond_json(req, 201, sbi_ue_auth_ctx_encode(&ctx), SBI_CT_HAL);
}

static void f_confirm(struct sbi_req *req, void *arg)
{
	struct sbi_confirmation_data cd;
	struct sbi_confirmation_resp r;
	struct sbi_jerr e;
	unsigned idx = (unsigned)atoi(req->params[0]);
	H.confirms++;
	if (idx >= 64 || !actxs[idx].used || sbi_confirmation_data_decode(&cd, req->json, &e) < 0) {
		problem(req, 404, "CONTEXT_NOT_FOUND");
		return;
	}
	memset(&r, 0, sizeof(r));
	if (ct_eq(cd.res_star, actxs[idx].xres_star, 16)) {
		r.result = SBI_AUTH_SUCCESS;
		snprintf(r.supi, sizeof(r.supi), "%s", actxs[idx].supi);
		r.has_kseaf = true;
		memcpy(r.kseaf, actxs[idx].kseaf, 32);
	} else {
		r.result = SBI_AUTH_FAILURE;
	}
	actxs[idx].used = false;
	sbi_respond_json(req, 200, sbi_confirmation_resp_encode(&r), NULL);
}

static void f_uecm(struct sbi_req *req, void *arg)
{
	struct sbi_amf_reg reg;
	struct sbi_jerr e;
	H.uecm_puts++;
	if (!find_sub(req->params[0])) {
		problem(req, 404, "USER_NOT_FOUND");
		return;
	}
	if (sbi_amf_reg_decode(&reg, req->json, &e) < 0) {
		problem(req, 400, "MANDATORY_IE_INCORRECT");
		return;
	}
	snprintf(H.dereg_cb, sizeof(H.dereg_cb), "%s", reg.dereg_callback_uri);
	sbi_respond_json(req, 201, sbi_amf_reg_encode(&reg), NULL);
}

static void fill_nssai(struct sbi_nssai *n)
{
	memset(n, 0, sizeof(*n));
	for (unsigned i = 0; i < H.n_sub_nssai; i++) {
		if (i == 0)
			n->dflt[n->n_dflt++] = H.sub_nssai[i];
		else
			n->single[n->n_single++] = H.sub_nssai[i];
	}
}

static void f_am_data(struct sbi_req *req, void *arg)
{
	struct sbi_am_data am;
	H.am_gets++;
	if (!find_sub(req->params[0])) {
		problem(req, 404, "USER_NOT_FOUND");
		return;
	}
	memset(&am, 0, sizeof(am));
	am.has_ambr = true;
	am.ambr.ul = 1000000000;
	am.ambr.dl = 2000000000;
	if (H.nssai_in_am && H.n_sub_nssai) {
		am.has_nssai = true;
		fill_nssai(&am.nssai);
	}
	sbi_respond_json(req, 200, sbi_am_data_encode(&am), NULL);
}

static void f_nssai(struct sbi_req *req, void *arg)
{
	struct sbi_nssai n;
	H.nssai_gets++;
	if (!find_sub(req->params[0]) || !H.n_sub_nssai) {
		problem(req, 404, "DATA_NOT_FOUND");
		return;
	}
	fill_nssai(&n);
	sbi_respond_json(req, 200, sbi_nssai_encode(&n), NULL);
}

/* ---- AMF side hooks ---- */

static int cap_tx(struct amf *amf, struct amf_gnb *gnb, uint16_t stream, const uint8_t *buf,
		  size_t len)
{
	if (q_tail - q_head >= QMAX)
		return -E_AGAIN;
	q[q_tail % QMAX].data = malloc(len);
	memcpy(q[q_tail % QMAX].data, buf, len);
	q[q_tail % QMAX].len = len;
	q_tail++;
	return 0;
}

void h_run(int ms)
{
	uint64_t end = ev_clock_ns() + (uint64_t)ms * 1000000u;
	while (ev_clock_ns() < end)
		ev_run_once(h_loop, 5);
}

void h_start(void (*tune)(struct amf_cfg *c))
{
	struct sbi_server_cfg sc;

	memset(&H, 0, sizeof(H));
	H.nssai_in_am = true;
	H.sub_nssai[0] = (struct s_nssai){ .sst = 1 };
	H.n_sub_nssai = 1;
	memset(actxs, 0, sizeof(actxs));
	q_head = q_tail = 0;
	h_loop = ev_loop_new("test");
	sbi_server_cfg_defaults(&sc, 0);
	fake = sbi_server_new(h_loop, &sc, "fakecore");
	sbi_server_route(fake, SBI_POST, "/nausf-auth/v1/ue-authentications", f_auth, NULL, 0);
	sbi_server_route(fake, SBI_PUT,
			 "/nausf-auth/v1/ue-authentications/{id}/5g-aka-confirmation", f_confirm,
			 NULL, 0);
	sbi_server_route(fake, SBI_PUT, "/nudm-uecm/v1/{supi}/registrations/amf-3gpp-access",
			 f_uecm, NULL, 0);
	sbi_server_route(fake, SBI_GET, "/nudm-sdm/v2/{supi}/am-data", f_am_data, NULL, 0);
	sbi_server_route(fake, SBI_GET, "/nudm-sdm/v2/{supi}/nssai", f_nssai, NULL, 0);
	if (sbi_server_start(fake) < 0) {
		fprintf(stderr, "fake core: cannot listen\n");
		exit(1);
	}
	fake_port = sbi_server_port(fake);

	memset(&core, 0, sizeof(core));
	core.log_level = LOG_WARN;
	core.plmn = (struct plmn){ 1, 1, 2 };
	amf_cfg_defaults(&cfg, &core);
	cfg.base.sbi.port = 0;
	snprintf(cfg.ausf_uri, sizeof(cfg.ausf_uri), "http://127.0.0.1:%u", fake_port);
	snprintf(cfg.udm_uri, sizeof(cfg.udm_uri), "http://127.0.0.1:%u", fake_port);
	cfg.timers.t3550_ms = 150;
	cfg.timers.t3560_ms = 150;
	cfg.timers.t3570_ms = 150;
	cfg.timers.t3522_ms = 150;
	cfg.timers.release_guard_ms = 300;
	cfg.max_ues = 64;
	cfg.slices[0] = (struct s_nssai){ .sst = 1 };
	cfg.slices[1] = (struct s_nssai){ .sst = 1, .has_sd = true, .sd = 0x010203 };
	cfg.n_slices = 2;
	if (tune)
		tune(&cfg);
	env = (struct nf_env){ .name = "amf", .loop = h_loop, .cfg = &cfg, .core = &core };
	if (amf_create(&env, false, &h_amf) < 0) {
		fprintf(stderr, "amf_create failed\n");
		exit(1);
	}
	h_amf->n2_tx = cap_tx;
	n_base = 0;
	metrics_foreach(base_cb, NULL);
}

void h_flush(void)
{
	while (q_head != q_tail) {
		free(q[q_head % QMAX].data);
		q_head++;
	}
}

void h_stop(void)
{
	amf_destroy(h_amf);
	h_amf = NULL;
	h_run(20);
	sbi_server_free(fake);
	h_run(20);
	h_flush();
	ev_loop_free(h_loop);
	h_loop = NULL;
}

void h_add_sub(const char *msin, const uint8_t k[16], const uint8_t opc[16], uint64_t sqn)
{
	for (int i = 0; i < H_MAX_SUBS; i++) {
		if (H.subs[i].used)
			continue;
		H.subs[i].used = true;
		snprintf(H.subs[i].supi, sizeof(H.subs[i].supi), "imsi-00101%s", msin);
		memcpy(H.subs[i].k, k, 16);
		memcpy(H.subs[i].opc, opc, 16);
		H.subs[i].sqn = sqn;
		return;
	}
}

void h_ue_init(struct h_ue *ue, const char *msin, const uint8_t k[16], const uint8_t opc[16],
	       uint32_t ran_id)
{
	memset(ue, 0, sizeof(*ue));
	snprintf(ue->msin, sizeof(ue->msin), "%s", msin);
	memcpy(ue->k, k, 16);
	memcpy(ue->opc, opc, 16);
	ue->nea = NAS_ALG_BIT(0) | NAS_ALG_BIT(1) | NAS_ALG_BIT(2);
	ue->nia = NAS_ALG_BIT(1) | NAS_ALG_BIT(2);
	ue->ran_id = ran_id;
}

/* ---- gNB side ---- */

void h_assoc_up(void)
{
	amf_n2_on_up(h_amf, assoc, 4, "127.0.0.2:38412");
}

void h_assoc_down(void)
{
	amf_n2_on_down(h_amf, assoc);
}

static struct h_rec recs[H_REC_MAX];
static unsigned n_recs;
static bool recording;

void h_record(bool on)
{
	recording = on;
	if (on)
		n_recs = 0;
}

unsigned h_recorded(const struct h_rec **out)
{
	*out = recs;
	return n_recs;
}

void h_send_raw(const uint8_t *buf, size_t len)
{
	if (recording && n_recs < H_REC_MAX && len <= sizeof(recs[0].data)) {
		memcpy(recs[n_recs].data, buf, len);
		recs[n_recs++].len = len;
	}
	amf_n2_on_data(h_amf, assoc, 0, NET_SCTP_PPID_NGAP, buf, len);
}

void h_send_pdu(const struct ngap_pdu *pdu)
{
	uint8_t buf[8192];
	struct ngap_err err;
	int n = ngap_encode(pdu, buf, sizeof(buf), &err);
	if (n < 0) {
		fprintf(stderr, "test: cannot encode %s: %s\n", ngap_msg_name(pdu->msg),
			err_str(n));
		exit(1);
	}
	h_send_raw(buf, (size_t)n);
}

bool h_ng_setup(uint32_t tac, const struct s_nssai *slice)
{
	struct h_rx rx;
	return h_ng_setup_rx(tac, slice, &rx);
}

bool h_ng_setup_rx(uint32_t tac, const struct s_nssai *slice, struct h_rx *rx)
{
	struct ngap_pdu pdu;
	struct ngap_SupportedTAItem ta;
	struct ngap_BroadcastPLMNItem bp;
	struct ngap_SliceSupportItem si;
	struct ngap_SD sd;
	struct plmn p = { 1, 1, 2 };
	char name[] = "test-gnb";

	memset(&pdu, 0, sizeof(pdu));
	memset(&ta, 0, sizeof(ta));
	memset(&bp, 0, sizeof(bp));
	memset(&si, 0, sizeof(si));
	pdu.msg = NGAP_MSG_NGSetupRequest;
	struct ngap_NGSetupRequest *m = &pdu.u.NGSetupRequest;
	m->GlobalRANNodeID.present = NGAP_GlobalRANNodeID_PR_globalGNB_ID;
	ngap_plmn_set(&m->GlobalRANNodeID.u.globalGNB_ID.pLMNIdentity, &p);
	m->GlobalRANNodeID.u.globalGNB_ID.gNB_ID.present = NGAP_GNB_ID_PR_gNB_ID;
	m->GlobalRANNodeID.u.globalGNB_ID.gNB_ID.u.gNB_ID.len = 32;
	m->GlobalRANNodeID.u.globalGNB_ID.gNB_ID.u.gNB_ID.buf[3] = 1;
	struct ngap_octets nm = { (const uint8_t *)name, strlen(name) };
	m->RANNodeName = &nm;
	ta.tAC.buf[2] = (uint8_t)tac;
	ta.tAC.buf[1] = (uint8_t)(tac >> 8);
	ta.tAC.buf[0] = (uint8_t)(tac >> 16);
	ngap_plmn_set(&bp.pLMNIdentity, &p);
	ngap_snssai_set(&si.s_NSSAI, &sd, slice);
	bp.tAISliceSupportList = (struct ngap_SliceSupportList){ 1, &si };
	ta.broadcastPLMNList = (struct ngap_BroadcastPLMNList){ 1, &bp };
	m->SupportedTAList = (struct ngap_SupportedTAList){ 1, &ta };
	m->DefaultPagingDRX = NGAP_PagingDRX_v128;
	h_send_pdu(&pdu);
	if (!h_next(rx, NULL, 100))
		return false;
	return rx->pdu.msg == NGAP_MSG_NGSetupResponse;
}

unsigned h_pending(void)
{
	return q_tail - q_head;
}

static struct arena rx_arena;
static uint8_t rx_arena_buf[32768];
static uint8_t rx_data[8192];

bool h_next(struct h_rx *rx, struct h_ue *ue, int ms)
{
	uint64_t end = ev_clock_ns() + (uint64_t)ms * 1000000u;
	while (q_head == q_tail && ev_clock_ns() < end)
		ev_run_once(h_loop, 2);
	if (q_head == q_tail)
		return false;
	size_t len = q[q_head % QMAX].len;
	memcpy(rx_data, q[q_head % QMAX].data, len);
	free(q[q_head % QMAX].data);
	q_head++;
	memset(rx, 0, sizeof(*rx));
	arena_init(&rx_arena, rx_arena_buf, sizeof(rx_arena_buf), 1 << 20);
	struct ngap_err err;
	if (ngap_decode(&rx->pdu, rx_data, len, &rx_arena, &err) < 0) {
		fprintf(stderr, "test: AMF sent an NGAP PDU that does not decode\n");
		rx->pdu.msg = NGAP_MSG_NONE;
		return true;
	}
	const struct ngap_octets *nas = NULL;
	if (rx->pdu.msg == NGAP_MSG_DownlinkNASTransport) {
		nas = &rx->pdu.u.DownlinkNASTransport.NAS_PDU;
		if (ue) {
			ue->amf_id = rx->pdu.u.DownlinkNASTransport.AMF_UE_NGAP_ID;
			ue->has_amf_id = true;
		}
	} else if (rx->pdu.msg == NGAP_MSG_InitialContextSetupRequest) {
		const struct ngap_InitialContextSetupRequest *ics =
			&rx->pdu.u.InitialContextSetupRequest;
		nas = ics->NAS_PDU;
		if (ue) {
			ue->amf_id = ics->AMF_UE_NGAP_ID;
			ue->has_amf_id = true;
			memcpy(ue->kgnb, ics->SecurityKey.buf, 32);
			ue->got_kgnb = true;
		}
	}
	if (!nas || !ue)
		return true;
	rx->has_nas = true;
	static uint8_t plain[4096];
	uint8_t *raw = rx->raw;
	if (nas->len > sizeof(rx->raw)) {
		rx->nas_rc = -E_NOSPC;
		return true;
	}
	memcpy(raw, nas->p, nas->len);
	rx->raw_len = nas->len;
	size_t n = nas->len;
	const uint8_t *buf = raw;
	rx->sht = n >= 2 && raw[0] == NAS_EPD_5GMM ? raw[1] & 0x0F : 0;
	if (rx->sht == NAS_SHT_INTEG || rx->sht == NAS_SHT_INTEG_CIPH) {
		int rc = ue->has_ctx ? nas_unprotect(&ue->sec, raw, n, plain, sizeof(plain), NULL)
				     : -E_STATE;
		rx->mac_ok = rc >= 0;
		if (rc < 0) {
			rx->nas_rc = rc;
			return true;
		}
		buf = plain;
		n = (size_t)rc;
	}
	/* SMC (header type 3) is decoded with its inner message; h_ue_smc checks the MAC. */
	rx->nas_rc = nas_decode(&rx->nas, buf, n, &rx_arena, NULL);
	return true;
}

/* ---- UE side ---- */

static void send_initial_ngap(struct h_ue *ue, const uint8_t *nas, size_t len)
{
	struct ngap_pdu pdu;
	struct plmn p = { 1, 1, 2 };
	memset(&pdu, 0, sizeof(pdu));
	pdu.msg = NGAP_MSG_InitialUEMessage;
	struct ngap_InitialUEMessage *m = &pdu.u.InitialUEMessage;
	m->RAN_UE_NGAP_ID = ue->ran_id;
	m->NAS_PDU = (struct ngap_octets){ nas, len };
	m->UserLocationInformation.present =
		NGAP_UserLocationInformation_PR_userLocationInformationNR;
	struct ngap_UserLocationInformationNR *nr =
		&m->UserLocationInformation.u.userLocationInformationNR;
	ngap_plmn_set(&nr->nR_CGI.pLMNIdentity, &p);
	nr->nR_CGI.nRCellIdentity.buf[3] = 0x10;
	struct tai t = { p, 1 };
	ngap_tai_set(&nr->tAI, &t);
	m->RRCEstablishmentCause = NGAP_RRCEstablishmentCause_mo_Signalling;
	h_send_pdu(&pdu);
}

void h_ue_send_initial(struct h_ue *ue, const uint8_t *nas, size_t len)
{
	ue->has_amf_id = false;
	send_initial_ngap(ue, nas, len);
}

void h_ue_send_ul(struct h_ue *ue, const uint8_t *nas, size_t len)
{
	struct ngap_pdu pdu;
	struct plmn p = { 1, 1, 2 };
	memset(&pdu, 0, sizeof(pdu));
	pdu.msg = NGAP_MSG_UplinkNASTransport;
	struct ngap_UplinkNASTransport *m = &pdu.u.UplinkNASTransport;
	m->AMF_UE_NGAP_ID = ue->amf_id;
	m->RAN_UE_NGAP_ID = ue->ran_id;
	m->NAS_PDU = (struct ngap_octets){ nas, len };
	m->UserLocationInformation.present =
		NGAP_UserLocationInformation_PR_userLocationInformationNR;
	struct ngap_UserLocationInformationNR *nr =
		&m->UserLocationInformation.u.userLocationInformationNR;
	ngap_plmn_set(&nr->nR_CGI.pLMNIdentity, &p);
	struct tai t = { p, 1 };
	ngap_tai_set(&nr->tAI, &t);
	h_send_pdu(&pdu);
}

void h_ue_send(struct h_ue *ue, const struct nas_msg *m, uint8_t sht, bool initial)
{
	uint8_t buf[2048];
	struct nas_err err;
	int n = sht ? nas_protect_msg(&ue->sec, sht, m, buf, sizeof(buf), &err)
		    : nas_encode(m, buf, sizeof(buf), &err);
	if (n < 0) {
		fprintf(stderr, "test UE: cannot encode %s: %s\n", nas_msg_name(m->epd, m->type),
			err_str(n));
		exit(1);
	}
	if (initial)
		h_ue_send_initial(ue, buf, (size_t)n);
	else
		h_ue_send_ul(ue, buf, (size_t)n);
}

void h_reg_req(struct h_ue *ue, struct nas_msg *m, uint8_t reg_type, bool guti, bool full)
{
	struct plmn p = { 1, 1, 2 };
	nas_msg_init(m, NAS_REG_REQ);
	struct nas_reg_req *r = &m->reg_req;
	r->reg_type.value = reg_type;
	r->ngksi.ksi = ue->has_ctx ? ue->sec.ksi.ksi : NAS_KSI_NONE;
	if (guti)
		nas_id_guti(&r->mobile_id, &ue->guami, ue->tmsi);
	else
		nas_id_suci_null(&r->mobile_id, &p, "0", ue->msin);
	r->has_ue_sec_cap = true;
	r->ue_sec_cap.nea = ue->nea;
	r->ue_sec_cap.nia = ue->nia;
	if (full && ue->n_req) {
		r->has_requested_nssai = true;
		r->requested_nssai.n = (uint8_t)ue->n_req;
		for (unsigned i = 0; i < ue->n_req; i++)
			r->requested_nssai.e[i].s = ue->req[i];
	}
}

void h_ue_auth(struct h_ue *ue, const struct nas_auth_req *a)
{
	uint8_t sqn[6], res[8], ck[16], ik[16], res_star[16], kausf[32], kseaf[32];
	char snn[KDF_SNN_MAX], supi[24];
	struct plmn p = { 1, 1, 2 };
	struct nas_msg m;
	int sl = kdf_snn(&p, snn, sizeof(snn));

	if (aka_ue_authenticate(ue->k, ue->opc, a->rand, a->autn, sqn, res, ck, ik) < 0) {
		nas_msg_init(&m, NAS_AUTH_FAIL);
		m.auth_fail.cause = 20; /* MAC failure */
		h_ue_send(ue, &m, 0, false);
		return;
	}
	uint64_t s = sqn_val(sqn);
	if (s <= ue->sqn_ms) {
		uint8_t ms[6];
		sqn_bytes(ue->sqn_ms, ms);
		nas_msg_init(&m, NAS_AUTH_FAIL);
		m.auth_fail.cause = 21; /* synch failure */
		m.auth_fail.has_auts = true;
		aka_ue_auts(ue->k, ue->opc, a->rand, ms, m.auth_fail.auts);
		h_ue_send(ue, &m, 0, false);
		return;
	}
	ue->sqn_ms = s;
	kdf_res_star(ck, ik, snn, (size_t)sl, a->rand, res, 8, res_star);
	uint8_t sqn_xor_ak[6];
	memcpy(sqn_xor_ak, a->autn, 6);
	kdf_kausf(ck, ik, snn, (size_t)sl, sqn_xor_ak, kausf);
	kdf_kseaf(kausf, snn, (size_t)sl, kseaf);
	snprintf(supi, sizeof(supi), "00101%s", ue->msin);
	kdf_kamf(kseaf, supi, strlen(supi), a->abba.p, a->abba.len, ue->kamf_new);
	ue->ksi_new = a->ngksi.ksi;
	nas_msg_init(&m, NAS_AUTH_RESP);
	m.auth_resp.has_res = true;
	memcpy(m.auth_resp.res, res_star, 16);
	h_ue_send(ue, &m, 0, false);
}

int h_ue_smc(struct h_ue *ue, const struct h_rx *rx)
{
	const struct nas_smc *c = &rx->nas.smc;
	uint8_t kint[16], kenc[16], plain[2048];
	struct nas_sec_ctx n;

	kdf_alg_key(ue->kamf_new, KDF_N_NAS_INT, c->algs.nia, kint);
	kdf_alg_key(ue->kamf_new, KDF_N_NAS_ENC, c->algs.nea, kenc);
	nas_sec_init(&n, NAS_ROLE_UE, c->ngksi, kint, kenc, c->algs.nia, c->algs.nea);
	/* The SMC's MAC must verify with the keys from our own K_AMF. */
	int rc = nas_unprotect(&n, rx->raw, rx->raw_len, plain, sizeof(plain), NULL);
	if (rc < 0)
		return rc;
	ue->sec = n;
	memcpy(ue->kamf, ue->kamf_new, 32);
	ue->has_ctx = true;
	struct nas_msg m;
	nas_msg_init(&m, NAS_SMC_COMPLETE);
	m.smc_complete.has_imeisv = true;
	m.smc_complete.imeisv.type = NAS_ID_IMEISV;
	snprintf(m.smc_complete.imeisv.digits, sizeof(m.smc_complete.imeisv.digits),
		 "3534900698733190");
	uint8_t full[512];
	bool rinmr = c->has_add_sec_info && (c->add_sec_info & 0x02);
	if (rinmr || ue->initial_plain) {
		struct nas_msg r;
		h_reg_req(ue, &r, NAS_REG_INITIAL, false, true);
		int fl = nas_encode(&r, full, sizeof(full), NULL);
		if (fl > 0) {
			m.smc_complete.has_nas_msg = true;
			m.smc_complete.nas_msg = (struct nas_buf){ full, (uint16_t)fl };
		}
	}
	h_ue_send(ue, &m, NAS_SHT_INTEG_CIPH_NEW, false);
	return 0;
}

int h_register(struct h_ue *ue)
{
	struct nas_msg m;
	struct h_rx rx;

	h_reg_req(ue, &m, NAS_REG_INITIAL, false, false);
	ue->initial_plain = true;
	h_ue_send(ue, &m, 0, true);
	for (int steps = 0; steps < 20; steps++) {
		if (!h_next(&rx, ue, 3000))
			return -1;
		if (!rx.has_nas)
			continue;
		if (rx.nas_rc < 0)
			return -1;
		switch (rx.nas.type) {
		case NAS_AUTH_REQ: h_ue_auth(ue, &rx.nas.auth_req); break;
		case NAS_SMC:
			if (h_ue_smc(ue, &rx) < 0)
				return -1;
			break;
		case NAS_IDENTITY_REQ: {
			struct nas_msg id;
			struct plmn p = { 1, 1, 2 };
			nas_msg_init(&id, NAS_IDENTITY_RESP);
			nas_id_suci_null(&id.identity_resp.mobile_id, &p, "0", ue->msin);
			h_ue_send(ue, &id, 0, false);
			break;
		}
		case NAS_REG_ACC:
			if (rx.nas.reg_acc.has_guti) {
				ue->has_guti = true;
				ue->guami = rx.nas.reg_acc.guti.guti.guami;
				ue->tmsi = rx.nas.reg_acc.guti.guti.tmsi;
				struct nas_msg c;
				nas_msg_init(&c, NAS_REG_COMPLETE);
				h_ue_send(ue, &c, NAS_SHT_INTEG_CIPH, false);
			}
			return 0;
		case NAS_REG_REJ: return rx.nas.reg_rej.cause;
		case NAS_AUTH_REJ: return 1000;
		default: return -1;
		}
	}
	return -1;
}

void h_ue_release_complete(struct h_ue *ue)
{
	struct ngap_pdu pdu;
	memset(&pdu, 0, sizeof(pdu));
	pdu.msg = NGAP_MSG_UEContextReleaseComplete;
	pdu.u.UEContextReleaseComplete.AMF_UE_NGAP_ID = ue->amf_id;
	pdu.u.UEContextReleaseComplete.RAN_UE_NGAP_ID = ue->ran_id;
	h_send_pdu(&pdu);
}

bool h_ue_go_idle(struct h_ue *ue)
{
	struct ngap_pdu pdu;
	struct h_rx rx;
	memset(&pdu, 0, sizeof(pdu));
	pdu.msg = NGAP_MSG_UEContextReleaseRequest;
	pdu.u.UEContextReleaseRequest.AMF_UE_NGAP_ID = ue->amf_id;
	pdu.u.UEContextReleaseRequest.RAN_UE_NGAP_ID = ue->ran_id;
	pdu.u.UEContextReleaseRequest.Cause =
		amf_cause(NGAP_Cause_PR_radioNetwork, NGAP_CauseRadioNetwork_user_inactivity);
	h_send_pdu(&pdu);
	bool got = false;
	while (!got && h_next(&rx, ue, 200))
		got = rx.pdu.msg == NGAP_MSG_UEContextReleaseCommand;
	h_ue_release_complete(ue);
	return got;
}

struct mfind {
	const char *name; /* wanted */
	const char *labels; /* wanted */
	int64_t v; /* found value */
};

static void mfind_cb(const struct metric *m, void *arg)
{
	struct mfind *f = arg;
	if (strcmp(m->name, f->name) != 0 || strcmp(m->labels, f->labels) != 0)
		return;
	f->v = metric_get(m);
	for (unsigned i = 0; i < n_base; i++)
		if (base[i].m == m)
			f->v -= base[i].v;
}

int64_t h_metric(const char *name, const char *labels)
{
	struct mfind f = { name, labels, 0 };
	metrics_foreach(mfind_cb, &f);
	return f.v;
}
