/* fake_amf — a scripted AMF for ngsim's own tests (tests/sim).
 *
 *   fake_amf --udp-port P [--port 38412] [--mode MODE] [--sqn N] [--nea A] [--nia A]
 *            [--k HEX] [--opc HEX] [--expect-registrations N] [--expect-resyncs N]
 *
 * It listens for NGAP over usrsctp's UDP encapsulation on 127.0.0.1 (its
 * own UDP port P) and plays the network side of canned exchanges: NG Setup;
 * registration with 5G AKA computed from the known K/OPc (RES* is checked
 * against XRES*, AUTS against the SQN), Security Mode Command with a real
 * NAS MAC, Initial Context Setup with Registration Accept, Registration
 * Complete; deregistration; UE context release; service request; GUTI
 * re-registration and periodic/mobility updates with the stored context.
 *
 * Its NAS security is written here on its own (lib/crypto primitives
 * only), not shared with ngsim, so a mistake on one side shows up as a MAC
 * failure on the other. Every uplink message is checked (decode, MAC,
 * COUNT, contents); each problem is a "violation". It exits when the
 * association ends: 0 if there was no violation and the expected counts
 * were met, 1 otherwise, with a summary line on stdout.
 *
 * MODE: ok | setup-fail | bad-mac | unexpected | reject | nia0 | garbage |
 *       bad-ngap | identity
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "lib/codec/nas/nas.h"
#include "lib/codec/ngap/ngap.h"
#include "lib/core/err.h"
#include "lib/core/hash.h"
#include "lib/core/log.h"
#include "lib/crypto/aka.h"
#include "lib/crypto/ct.h"
#include "lib/crypto/kdf.h"
#include "lib/crypto/milenage.h"
#include "lib/crypto/nas_alg.h"
#include "lib/crypto/suci.h"
#include "lib/ev/ev.h"
#include "lib/net/sctp.h"

#define MAX_SUBS  110000
#define MAX_CONNS 262144

enum mode {
	M_OK,
	M_SETUP_FAIL,
	M_BAD_MAC,
	M_UNEXPECTED,
	M_REJECT,
	M_NIA0,
	M_GARBAGE,
	M_BAD_NGAP,
	M_IDENTITY,
	M_PDU
};
static const char *const mode_names[] = { "ok",	      "setup-fail", "bad-mac", "unexpected",
					  "reject",   "nia0",	    "garbage", "bad-ngap",
					  "identity", "pdu",	    NULL };

/* One subscriber (kept across connections). */
struct sub {
	char supi[16]; /* IMSI digits */
	uint64_t sqn_he; /* last SQN used */
	bool has_ctx; /* security context established */
	uint8_t kamf[32]; /* K_AMF */
	uint8_t kint[16]; /* K_NASint */
	uint8_t kenc[16]; /* K_NASenc */
	int nea, nia; /* algorithms */
	uint8_t ngksi; /* ngKSI */
	uint32_t ul, dl; /* next uplink COUNT expected, next downlink COUNT */
	uint32_t tmsi; /* 5G-TMSI assigned */
	struct nas_nssai nssai; /* requested NSSAI (allowed = requested) */
};

/* One UE-associated NG connection; its index is the AMF UE NGAP ID. */
struct conn {
	bool used; /* in use */
	uint32_t ran; /* RAN UE NGAP ID */
	int sub; /* subscriber index, -1 unknown */
	uint8_t rand[16]; /* RAND of the challenge */
	uint8_t xres[16]; /* XRES* */
	uint8_t kamf_new[32]; /* K_AMF of the challenge */
	bool initial_plain; /* the Registration Request came without security */
	int auth_tries; /* challenges sent */
	uint8_t ue_nea, ue_nia; /* UE security capabilities */
	bool ics_done; /* Initial Context Setup sent on this connection */
};

static struct {
	struct ev_loop *loop;
	struct net_sctp *ep;
	struct handle assoc;
	bool had_assoc;
	int mode;
	uint8_t k[16], opc[16];
	uint64_t sqn_start;
	int nea, nia;
	struct hn_keys *hn;
	struct sub subs[MAX_SUBS];
	int n_subs;
	struct hmap by_supi; /* SUPI -> subscriber index */
	struct conn conns[MAX_CONNS];
	uint32_t next_conn;
	struct arena arena;
	unsigned violations, registrations, deregistrations, resyncs, services, releases,
		smc_rejects, auth_rejects, identities, updates, resets, error_inds, statuses,
		pdu_sessions;
	long expect_regs, expect_resyncs;
} A;

static void violation(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void violation(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "fake-amf: VIOLATION: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	A.violations++;
}

/* --- NGAP out --- */

static void send_pdu(struct ngap_pdu *pdu, uint16_t stream)
{
	uint8_t out[4096];
	struct ngap_err err;
	int n = ngap_encode(pdu, out, sizeof(out), &err);
	if (n < 0) {
		violation("cannot encode %s: %s", ngap_msg_name(pdu->msg), err_str(n));
		return;
	}
	net_sctp_send(A.ep, A.assoc, stream, NET_SCTP_PPID_NGAP, out, (size_t)n);
}

static void send_dl_nas(uint32_t amf_id, const uint8_t *nas, size_t len)
{
	struct ngap_pdu pdu = { .msg = NGAP_MSG_DownlinkNASTransport };
	pdu.u.DownlinkNASTransport.AMF_UE_NGAP_ID = amf_id;
	pdu.u.DownlinkNASTransport.RAN_UE_NGAP_ID = A.conns[amf_id].ran;
	pdu.u.DownlinkNASTransport.NAS_PDU = (struct ngap_octets){ nas, len };
	send_pdu(&pdu, 1);
}

static void send_release(uint32_t amf_id)
{
	struct ngap_pdu pdu = { .msg = NGAP_MSG_UEContextReleaseCommand };
	struct ngap_UEContextReleaseCommand *c = &pdu.u.UEContextReleaseCommand;
	c->UE_NGAP_IDs.present = NGAP_UE_NGAP_IDs_PR_uE_NGAP_ID_pair;
	c->UE_NGAP_IDs.u.uE_NGAP_ID_pair.aMF_UE_NGAP_ID = amf_id;
	c->UE_NGAP_IDs.u.uE_NGAP_ID_pair.rAN_UE_NGAP_ID = A.conns[amf_id].ran;
	c->Cause.present = NGAP_Cause_PR_nas;
	c->Cause.u.nas = NGAP_CauseNas_normal_release;
	send_pdu(&pdu, 1);
}

/* --- NAS security, written independently of ngsim (TS 33.501 6.4) --- */

static int dl_protect(struct sub *u, uint8_t sht, const uint8_t *plain, size_t n, uint8_t *out)
{
	out[0] = 0x7E;
	out[1] = sht;
	out[6] = (uint8_t)u->dl;
	memcpy(out + 7, plain, n);
	if (sht == 2 && u->nea)
		nea_crypt((enum nas_alg)u->nea, u->kenc, u->dl, 0, 1, out + 7, n);
	nia_mac((enum nas_alg)u->nia, u->kint, u->dl, 0, 1, out + 6, n + 1, out + 2);
	u->dl++;
	return (int)n + 7;
}

static void send_nas(uint32_t amf_id, const struct nas_msg *m, uint8_t sht)
{
	uint8_t plain[1024], out[1100];
	struct nas_err err;
	int n = nas_encode(m, plain, sizeof(plain), &err);
	if (n < 0) {
		violation("cannot encode NAS %s: %s", nas_msg_name(m->epd, m->type), err_str(n));
		return;
	}
	if (sht) {
		struct sub *u = &A.subs[A.conns[amf_id].sub];
		n = dl_protect(u, sht, plain, (size_t)n, out);
		send_dl_nas(amf_id, out, (size_t)n);
	} else {
		send_dl_nas(amf_id, plain, (size_t)n);
	}
}

/* Checks and deciphers an uplink protected PDU in place; returns the inner
 * plain message (or NULL after counting a violation). */
static uint8_t *ul_unprotect(struct sub *u, uint8_t *pdu, size_t len, size_t *inner_len)
{
	uint8_t sht = pdu[1] & 0x0F;
	if (len < 10) {
		violation("%s: protected uplink NAS of %zu octets", u->supi, len);
		return NULL;
	}
	uint8_t sn = pdu[6];
	uint32_t count = (u->ul & 0xFFFF00u) | sn;
	if (sn < (uint8_t)u->ul)
		count += 0x100;
	if (count != u->ul)
		violation("%s: uplink NAS COUNT %u, expected %u", u->supi, count, u->ul);
	uint8_t mac[4];
	nia_mac((enum nas_alg)u->nia, u->kint, count, 0, 0, pdu + 6, len - 6, mac);
	if (u->nia && memcmp(mac, pdu + 2, 4) != 0) {
		violation("%s: uplink NAS MAC wrong (COUNT %u, sht %u)", u->supi, count, sht);
		return NULL;
	}
	u->ul = count + 1;
	if ((sht == 2 || sht == 4) && u->nea)
		nea_crypt((enum nas_alg)u->nea, u->kenc, count, 0, 0, pdu + 7, len - 7);
	*inner_len = len - 7;
	return pdu + 7;
}

/* --- procedures --- */

static int sub_find_supi(const char *supi)
{
	uint64_t v;
	if (hmap_get(&A.by_supi, supi, strlen(supi), &v) == 0)
		return (int)v;
	if (A.n_subs == MAX_SUBS) {
		violation("more than %d subscribers", MAX_SUBS);
		return -1;
	}
	struct sub *u = &A.subs[A.n_subs];
	memset(u, 0, sizeof(*u));
	snprintf(u->supi, sizeof(u->supi), "%s", supi);
	u->sqn_he = A.sqn_start;
	u->tmsi = 0x1000u + (uint32_t)A.n_subs;
	hmap_set(&A.by_supi, supi, strlen(supi), (uint64_t)A.n_subs);
	return A.n_subs++;
}

static int sub_find_tmsi(uint32_t tmsi)
{
	int i = (int)(tmsi - 0x1000u); /* TMSIs are handed out by index */
	if (tmsi < 0x1000u || i >= A.n_subs || !A.subs[i].has_ctx)
		return -1;
	return i;
}

static int suci_to_supi(const struct nas_suci *s, char *supi)
{
	char plmn[8];
	plmn_str(&s->plmn, plmn);
	if (s->scheme == NAS_SCHEME_NULL) {
		snprintf(supi, 16, "%s%s", plmn, s->msin);
		return 0;
	}
	uint8_t bcd[16];
	char msin[21];
	int n = suci_deconceal(A.hn, (enum suci_scheme)s->scheme, s->hnpki, s->out.p, s->out.len,
			       bcd, sizeof(bcd));
	if (n < 0)
		return n;
	if (suci_msin_from_bcd(bcd, (size_t)n, msin, sizeof(msin)) < 0)
		return -E_INVAL;
	snprintf(supi, 16, "%s%s", plmn, msin);
	return 0;
}

static void start_auth(uint32_t id)
{
	struct conn *c = &A.conns[id];
	struct sub *u = &A.subs[c->sub];
	struct aka_av av;
	uint8_t sqn[6];
	char snn[64];
	int snn_len;
	struct plmn home = { 1, 1, 2 };

	u->sqn_he += 32; /* TS 33.102 C.3.2: next SEQ, same IND */
	for (int i = 0; i < 6; i++)
		sqn[i] = (uint8_t)(u->sqn_he >> (40 - 8 * i));
	RAND_bytes(c->rand, 16);
	static const uint8_t amf_field[2] = { 0x80, 0x00 };
	aka_av_generate(A.k, A.opc, c->rand, sqn, amf_field, &av);
	snn_len = kdf_snn(&home, snn, sizeof(snn));
	uint8_t kausf[32], kseaf[32];
	static const uint8_t abba[2] = { 0, 0 };
	kdf_res_star(av.ck, av.ik, snn, (size_t)snn_len, c->rand, av.xres, 8, c->xres);
	kdf_kausf(av.ck, av.ik, snn, (size_t)snn_len, av.sqn_xor_ak, kausf);
	kdf_kseaf(kausf, snn, (size_t)snn_len, kseaf);
	kdf_kamf(kseaf, u->supi, strlen(u->supi), abba, 2, c->kamf_new);
	c->auth_tries++;

	struct nas_msg m;
	nas_msg_init(&m, NAS_AUTH_REQ);
	m.auth_req.ngksi.ksi = (uint8_t)((u->ngksi + 1) % 7);
	m.auth_req.abba = (struct nas_buf){ abba, 2 };
	m.auth_req.has_rand = m.auth_req.has_autn = true;
	memcpy(m.auth_req.rand, c->rand, 16);
	memcpy(m.auth_req.autn, av.autn, 16);
	aka_av_wipe(&av);
	send_nas(id, &m, 0);
}

static void send_smc(uint32_t id)
{
	struct conn *c = &A.conns[id];
	struct sub *u = &A.subs[c->sub];

	memcpy(u->kamf, c->kamf_new, 32);
	u->ngksi = (uint8_t)((u->ngksi + 1) % 7);
	u->nea = A.mode == M_NIA0 ? 0 : A.nea;
	u->nia = A.mode == M_NIA0 ? 0 : A.nia;
	kdf_alg_key(u->kamf, KDF_N_NAS_INT, (uint8_t)u->nia, u->kint);
	kdf_alg_key(u->kamf, KDF_N_NAS_ENC, (uint8_t)u->nea, u->kenc);
	u->ul = u->dl = 0;
	u->has_ctx = true;

	struct nas_msg m;
	nas_msg_init(&m, NAS_SMC);
	m.smc.algs.nea = (uint8_t)u->nea;
	m.smc.algs.nia = (uint8_t)u->nia;
	m.smc.ngksi.ksi = u->ngksi;
	m.smc.replayed_cap.nea = c->ue_nea;
	m.smc.replayed_cap.nia = c->ue_nia;
	m.smc.has_imeisv_req = true;
	m.smc.imeisv_req = 1;
	uint8_t plain[256], out[300];
	int n = nas_encode(&m, plain, sizeof(plain), NULL);
	n = dl_protect(u, 3, plain, (size_t)n, out);
	if (A.mode == M_BAD_MAC)
		out[3] ^= 0x5A;
	send_dl_nas(id, out, (size_t)n);
}

static void send_reg_accept(uint32_t id, bool update)
{
	struct conn *c = &A.conns[id];
	struct sub *u = &A.subs[c->sub];
	struct nas_msg m;
	struct guami g = { .plmn = { 1, 1, 2 }, .region = 0xCA, .set = 0x3F8, .pointer = 1 };
	struct tai t1 = { { 1, 1, 2 }, 1 }, t2 = { { 1, 1, 2 }, 2 };

	nas_msg_init(&m, NAS_REG_ACC);
	m.reg_acc.result = NAS_RR_3GPP;
	m.reg_acc.has_guti = true;
	nas_id_guti(&m.reg_acc.guti, &g, u->tmsi);
	m.reg_acc.has_tai_list = true;
	nas_tai_list_add(&m.reg_acc.tai_list, &t1);
	nas_tai_list_add(&m.reg_acc.tai_list, &t2);
	m.reg_acc.has_allowed_nssai = true;
	m.reg_acc.allowed_nssai = u->nssai;
	if (!u->nssai.n) {
		m.reg_acc.allowed_nssai.n = 1;
		m.reg_acc.allowed_nssai.e[0].s.sst = 1;
	}
	m.reg_acc.has_t3512 = true;
	m.reg_acc.t3512 = nas_timer3_from_secs(3240);

	uint8_t plain[512], nas[600];
	int n = nas_encode(&m, plain, sizeof(plain), NULL);
	n = dl_protect(u, 2, plain, (size_t)n, nas);
	if (update || c->ics_done) { /* context already set up: DL NAS transport */
		send_dl_nas(id, nas, (size_t)n);
		return;
	}
	/* TS 38.413 8.3.1: Initial Context Setup carrying the Registration Accept. */
	struct ngap_pdu pdu = { .msg = NGAP_MSG_InitialContextSetupRequest };
	struct ngap_InitialContextSetupRequest *r = &pdu.u.InitialContextSetupRequest;
	struct ngap_AllowedNSSAI_Item items[NAS_NSSAI_MAX];
	struct ngap_SD sds[NAS_NSSAI_MAX];
	struct ngap_octets nas_pdu = { nas, (size_t)n };
	uint8_t caps[4][2] = { { 0xE0, 0 }, { 0xE0, 0 }, { 0xE0, 0 }, { 0xE0, 0 } };
	r->AMF_UE_NGAP_ID = id;
	r->RAN_UE_NGAP_ID = c->ran;
	ngap_guami_set(&r->GUAMI, &g);
	for (uint8_t i = 0; i < m.reg_acc.allowed_nssai.n; i++)
		ngap_snssai_set(&items[i].s_NSSAI, &sds[i], &m.reg_acc.allowed_nssai.e[i].s);
	r->AllowedNSSAI = (struct ngap_AllowedNSSAI){ m.reg_acc.allowed_nssai.n, items };
	r->UESecurityCapabilities.nRencryptionAlgorithms = (struct ngap_bits){ caps[0], 16 };
	r->UESecurityCapabilities.nRintegrityProtectionAlgorithms =
		(struct ngap_bits){ caps[1], 16 };
	r->UESecurityCapabilities.eUTRAencryptionAlgorithms = (struct ngap_bits){ caps[2], 16 };
	r->UESecurityCapabilities.eUTRAintegrityProtectionAlgorithms =
		(struct ngap_bits){ caps[3], 16 };
	kdf_kgnb(u->kamf, u->ul ? u->ul - 1 : 0, KDF_ACCESS_3GPP, r->SecurityKey.buf);
	r->NAS_PDU = &nas_pdu;
	c->ics_done = true;
	send_pdu(&pdu, 1);
}

static void on_reg_req(uint32_t id, const struct nas_reg_req *r, bool verified)
{
	struct conn *c = &A.conns[id];
	if (A.mode == M_REJECT) {
		struct nas_msg m;
		nas_msg_init(&m, NAS_REG_REJ);
		m.reg_rej.cause = 3;
		send_nas(id, &m, 0);
		send_release(id);
		return;
	}
	if (A.mode == M_UNEXPECTED) {
		/* Plain and allowed before security, but not in this state. */
		struct nas_msg m;
		nas_msg_init(&m, NAS_DEREG_ACC_UE);
		send_nas(id, &m, 0);
		return;
	}
	if (A.mode == M_GARBAGE) {
		static const uint8_t junk[] = { 0x7E, 0x00, 0x56 }; /* no ngKSI, no ABBA */
		send_dl_nas(id, junk, sizeof(junk));
		return;
	}
	if (A.mode == M_BAD_NGAP) {
		static const uint8_t junk[] = { 0x00, 0x04, 0x40, 0x7F, 0x12, 0x34 };
		net_sctp_send(A.ep, A.assoc, 1, NET_SCTP_PPID_NGAP, junk, sizeof(junk));
		return;
	}
	if (r->has_ue_sec_cap) {
		c->ue_nea = r->ue_sec_cap.nea;
		c->ue_nia = r->ue_sec_cap.nia;
	} else if (r->reg_type.value == NAS_REG_INITIAL) {
		violation("initial Registration request without UE security capability");
	}
	/* A UE offering no integrity algorithm but 5G-IA0: TS 24.501 5.5.1.2.8 #23. */
	if (r->has_ue_sec_cap && !(r->ue_sec_cap.nia & 0x7F)) {
		struct nas_msg m;
		nas_msg_init(&m, NAS_REG_REJ);
		m.reg_rej.cause = 23;
		send_nas(id, &m, 0);
		send_release(id);
		return;
	}
	if (verified) { /* known GUTI with a good MAC: accept with the stored context */
		A.updates += r->reg_type.value != NAS_REG_INITIAL;
		send_reg_accept(id, false);
		return;
	}
	if (r->mobile_id.type == NAS_ID_SUCI && A.mode != M_IDENTITY) {
		char supi[16];
		int rc = suci_to_supi(&r->mobile_id.suci, supi);
		if (rc < 0) {
			violation("SUCI (scheme %u) does not de-conceal: %s",
				  r->mobile_id.suci.scheme, err_str(rc));
			return;
		}
		c->sub = sub_find_supi(supi);
		if (c->sub >= 0)
			start_auth(id);
		return;
	}
	/* Unknown GUTI (or identity mode): TS 24.501 5.4.3 identification. */
	struct nas_msg m;
	nas_msg_init(&m, NAS_IDENTITY_REQ);
	m.identity_req.id_type = NAS_ID_SUCI;
	send_nas(id, &m, 0);
}

static void on_plain_nas(uint32_t id, const uint8_t *p, size_t len, bool protected_ok);

/* TS 38.413 8.2.1: PDU session 1 with one QoS flow (QFI 1, 5QI 9) and the
 * UPF's uplink tunnel 127.0.0.2 / TEID 0x00000101. */
static void send_pdu_setup(uint32_t id)
{
	struct ngap_PDUSessionResourceSetupRequestTransfer t;
	struct ngap_QosFlowSetupRequestItem qf;
	struct ip_addr upf;
	uint8_t tr[256];
	memset(&t, 0, sizeof(t));
	memset(&qf, 0, sizeof(qf));
	ip_parse(&upf, "127.0.0.2");
	t.UL_NGU_UP_TNLInformation.present = NGAP_UPTransportLayerInformation_PR_gTPTunnel;
	ngap_tla_set(&t.UL_NGU_UP_TNLInformation.u.gTPTunnel.transportLayerAddress, &upf);
	t.UL_NGU_UP_TNLInformation.u.gTPTunnel.gTP_TEID.buf[2] = 1;
	t.UL_NGU_UP_TNLInformation.u.gTPTunnel.gTP_TEID.buf[3] = 1;
	t.PDUSessionType = NGAP_PDUSessionType_ipv4;
	qf.qosFlowIdentifier = 1;
	qf.qosFlowLevelQosParameters.qosCharacteristics.present =
		NGAP_QosCharacteristics_PR_nonDynamic5QI;
	qf.qosFlowLevelQosParameters.qosCharacteristics.u.nonDynamic5QI.fiveQI = 9;
	qf.qosFlowLevelQosParameters.allocationAndRetentionPriority.priorityLevelARP = 8;
	t.QosFlowSetupRequestList = (struct ngap_QosFlowSetupRequestList){ 1, &qf };
	int n = ngap_encode_type(&ngap_type_PDUSessionResourceSetupRequestTransfer, &t, tr,
				 sizeof(tr), NULL);
	if (n < 0) {
		violation("cannot encode PDUSessionResourceSetupRequestTransfer");
		return;
	}
	struct ngap_pdu pdu = { .msg = NGAP_MSG_PDUSessionResourceSetupRequest };
	struct ngap_PDUSessionResourceSetupRequest *r = &pdu.u.PDUSessionResourceSetupRequest;
	struct ngap_PDUSessionResourceSetupItemSUReq item;
	struct ngap_SD sd;
	struct s_nssai s1 = { .sst = 1 };
	memset(&item, 0, sizeof(item));
	r->AMF_UE_NGAP_ID = id;
	r->RAN_UE_NGAP_ID = A.conns[id].ran;
	item.pDUSessionID = 1;
	ngap_snssai_set(&item.s_NSSAI, &sd, &s1);
	item.pDUSessionResourceSetupRequestTransfer = (struct ngap_octets){ tr, (size_t)n };
	r->PDUSessionResourceSetupListSUReq =
		(struct ngap_PDUSessionResourceSetupListSUReq){ 1, &item };
	send_pdu(&pdu, 1);
}

/* The gNB's answer: its N3 tunnel and the QoS flow. */
static void on_pdu_setup_response(const struct ngap_PDUSessionResourceSetupResponse *m)
{
	const struct ngap_PDUSessionResourceSetupListSURes *l = m->PDUSessionResourceSetupListSURes;
	if (!l || l->n != 1 || l->v[0].pDUSessionID != 1) {
		violation("PDU Session Resource Setup Response without session 1");
		return;
	}
	struct ngap_PDUSessionResourceSetupResponseTransfer t;
	struct ip_addr ip;
	if (ngap_decode_type(&ngap_type_PDUSessionResourceSetupResponseTransfer, &t,
			     l->v[0].pDUSessionResourceSetupResponseTransfer.p,
			     l->v[0].pDUSessionResourceSetupResponseTransfer.len, &A.arena,
			     NULL) < 0) {
		violation("PDUSessionResourceSetupResponseTransfer does not decode");
		return;
	}
	const struct ngap_UPTransportLayerInformation *up =
		&t.dLQosFlowPerTNLInformation.uPTransportLayerInformation;
	const uint8_t *teid = up->u.gTPTunnel.gTP_TEID.buf;
	char txt[64];
	if (up->present != NGAP_UPTransportLayerInformation_PR_gTPTunnel ||
	    ngap_tla_get(&ip, &up->u.gTPTunnel.transportLayerAddress) < 0 ||
	    strcmp(ip_str(&ip, txt, sizeof(txt)), "127.0.0.1") != 0 ||
	    (teid[0] | teid[1] | teid[2] | teid[3]) == 0 ||
	    t.dLQosFlowPerTNLInformation.associatedQosFlowList.n != 1 ||
	    t.dLQosFlowPerTNLInformation.associatedQosFlowList.v[0].qosFlowIdentifier != 1) {
		violation("PDU session 1: wrong N3 tunnel or QoS flow in the response");
		return;
	}
	A.pdu_sessions++;
}

/* Initial UE Message: a new connection. */
static void on_initial(const struct ngap_InitialUEMessage *m)
{
	uint32_t id = ++A.next_conn % MAX_CONNS;
	if (id == 0)
		id = ++A.next_conn % MAX_CONNS;
	struct conn *c = &A.conns[id];
	memset(c, 0, sizeof(*c));
	c->used = true;
	c->ran = m->RAN_UE_NGAP_ID;
	c->sub = -1;
	uint8_t pdu[2048];
	size_t len = m->NAS_PDU.len;
	if (len < 3 || len > sizeof(pdu)) {
		violation("Initial UE Message with NAS-PDU of %zu octets", len);
		return;
	}
	memcpy(pdu, m->NAS_PDU.p, len);
	uint8_t sht = pdu[1] & 0x0F;
	if (sht == 0) {
		c->initial_plain = true;
		on_plain_nas(id, pdu, len, false);
		return;
	}
	if (sht != 1) {
		violation("initial NAS message with security header type %u", sht);
		return;
	}
	/* Integrity protected: find the context from the identity in clear. */
	struct nas_msg nm;
	struct nas_err err;
	arena_reset(&A.arena);
	if (nas_decode(&nm, pdu, len, &A.arena, &err) < 0) {
		violation("protected initial NAS does not decode: %s", err_str(err.rc));
		return;
	}
	uint32_t tmsi = 0;
	if (nm.type == NAS_REG_REQ && nm.reg_req.mobile_id.type == NAS_ID_GUTI)
		tmsi = nm.reg_req.mobile_id.guti.tmsi;
	else if (nm.type == NAS_SERVICE_REQ)
		tmsi = nm.service_req.stmsi.stmsi.tmsi;
	else if (nm.type == NAS_DEREG_REQ_UE && nm.dereg_req_ue.mobile_id.type == NAS_ID_GUTI)
		tmsi = nm.dereg_req_ue.mobile_id.guti.tmsi;
	int si = sub_find_tmsi(tmsi);
	if (si < 0) {
		if (nm.type == NAS_REG_REQ) {
			on_reg_req(id, &nm.reg_req, false);
			return;
		}
		violation("protected initial %s for unknown 5G-TMSI %08x",
			  nas_msg_name(nm.epd, nm.type), tmsi);
		return;
	}
	c->sub = si;
	size_t in_len;
	uint8_t *inner = ul_unprotect(&A.subs[si], pdu, len, &in_len);
	if (!inner)
		return;
	if (nm.type == NAS_REG_REQ && nm.reg_req.has_nas_msg) {
		/* TS 24.501 4.4.6: the whole message, ciphered, in the container. */
		uint8_t full[1024];
		struct sub *u = &A.subs[si];
		size_t n = nm.reg_req.nas_msg.len;
		if (n > sizeof(full)) {
			violation("NAS message container too long");
			return;
		}
		memcpy(full, nm.reg_req.nas_msg.p, n);
		if (u->nea)
			nea_crypt((enum nas_alg)u->nea, u->kenc, u->ul - 1, 0, 0, full, n);
		struct nas_msg fm;
		if (nas_decode(&fm, full, n, &A.arena, &err) < 0 || fm.type != NAS_REG_REQ) {
			violation("NAS message container does not hold a Registration request");
			return;
		}
		if (fm.reg_req.has_requested_nssai)
			u->nssai = fm.reg_req.requested_nssai;
		on_reg_req(id, &fm.reg_req, true);
		return;
	}
	on_plain_nas(id, inner, in_len, true);
}

static void on_ul_protected(uint32_t id, uint8_t *pdu, size_t len)
{
	struct conn *c = &A.conns[id];
	if (c->sub < 0) {
		violation("protected uplink NAS before the UE is known");
		return;
	}
	size_t in_len;
	uint8_t *inner = ul_unprotect(&A.subs[c->sub], pdu, len, &in_len);
	if (inner)
		on_plain_nas(id, inner, in_len, true);
}

static void on_plain_nas(uint32_t id, const uint8_t *p, size_t len, bool protected_ok)
{
	struct conn *c = &A.conns[id];
	struct nas_msg m;
	struct nas_err err;
	arena_reset(&A.arena);
	int rc = nas_decode(&m, p, len, &A.arena, &err);
	if (rc < 0) {
		violation("uplink NAS does not decode: %s (IE %s)", err_str(rc),
			  err.ie ? err.ie : "-");
		return;
	}
	struct sub *u = c->sub >= 0 ? &A.subs[c->sub] : NULL;
	switch (m.type) {
	case NAS_REG_REQ:
		if (protected_ok && u && m.reg_req.mobile_id.type == NAS_ID_GUTI) {
			if (m.reg_req.has_requested_nssai)
				u->nssai = m.reg_req.requested_nssai;
			on_reg_req(id, &m.reg_req, true);
		} else {
			on_reg_req(id, &m.reg_req, false);
		}
		break;
	case NAS_IDENTITY_RESP: {
		A.identities++;
		char supi[16];
		if (m.identity_resp.mobile_id.type != NAS_ID_SUCI ||
		    suci_to_supi(&m.identity_resp.mobile_id.suci, supi) < 0) {
			violation("Identity response without a usable SUCI");
			return;
		}
		c->sub = sub_find_supi(supi);
		if (c->sub >= 0)
			start_auth(id);
		break;
	}
	case NAS_AUTH_RESP:
		if (!u || !m.auth_resp.has_res || !ct_eq(m.auth_resp.res, c->xres, 16)) {
			violation("RES* does not match XRES*");
			struct nas_msg r;
			nas_msg_init(&r, NAS_AUTH_REJ);
			send_nas(id, &r, 0);
			return;
		}
		send_smc(id);
		break;
	case NAS_AUTH_FAIL:
		if (!u)
			return;
		if (m.auth_fail.cause == 21 && m.auth_fail.has_auts && c->auth_tries < 3) {
			uint8_t sqn_ms[6];
			if (aka_hn_resync(A.k, A.opc, c->rand, m.auth_fail.auts, sqn_ms) < 0) {
				violation("AUTS MAC-S wrong");
				return;
			}
			uint64_t v = 0;
			for (int i = 0; i < 6; i++)
				v = v << 8 | sqn_ms[i];
			u->sqn_he = v; /* TS 33.102 6.3.5: SQN_HE = SQN_MS */
			A.resyncs++;
			start_auth(id);
			return;
		}
		A.auth_rejects++;
		{
			struct nas_msg r;
			nas_msg_init(&r, NAS_AUTH_REJ);
			send_nas(id, &r, 0);
			send_release(id);
		}
		break;
	case NAS_SMC_COMPLETE:
		if (!protected_ok || !u) {
			violation("Security mode complete not protected");
			return;
		}
		if (!m.smc_complete.has_imeisv)
			violation("Security mode complete without the IMEISV requested");
		if (c->initial_plain) {
			struct nas_msg fm;
			if (!m.smc_complete.has_nas_msg ||
			    nas_decode(&fm, m.smc_complete.nas_msg.p, m.smc_complete.nas_msg.len,
				       &A.arena, NULL) < 0 ||
			    fm.type != NAS_REG_REQ) {
				violation("Security mode complete without the initial Registration "
					  "request (TS 24.501 4.4.6)");
				return;
			}
			if (fm.reg_req.has_requested_nssai)
				u->nssai = fm.reg_req.requested_nssai;
			else
				violation("full Registration request without requested NSSAI");
		}
		send_reg_accept(id, false);
		break;
	case NAS_SMC_REJ:
		A.smc_rejects++;
		send_release(id);
		break;
	case NAS_REG_COMPLETE:
		if (!protected_ok)
			violation("Registration complete not protected");
		A.registrations++;
		if (A.mode == M_PDU)
			send_pdu_setup(id);
		break;
	case NAS_DEREG_REQ_UE:
		if (!protected_ok)
			violation("Deregistration request not protected");
		A.deregistrations++;
		if (!m.dereg_req_ue.dereg_type.switch_off) {
			struct nas_msg r;
			nas_msg_init(&r, NAS_DEREG_ACC_UE);
			send_nas(id, &r, 2);
		}
		send_release(id);
		break;
	case NAS_SERVICE_REQ: {
		if (!protected_ok || !u) {
			violation("Service request not protected");
			return;
		}
		A.services++;
		struct nas_msg r;
		nas_msg_init(&r, NAS_SERVICE_ACC);
		uint8_t plain[64], nas[128];
		int n = nas_encode(&r, plain, sizeof(plain), NULL);
		n = dl_protect(u, 2, plain, (size_t)n, nas);
		struct ngap_pdu pdu = { .msg = NGAP_MSG_InitialContextSetupRequest };
		struct ngap_InitialContextSetupRequest *q = &pdu.u.InitialContextSetupRequest;
		struct ngap_AllowedNSSAI_Item item;
		struct ngap_SD sd;
		struct s_nssai s1 = { .sst = 1 };
		struct ngap_octets nas_pdu = { nas, (size_t)n };
		struct guami g = {
			.plmn = { 1, 1, 2 }, .region = 0xCA, .set = 0x3F8, .pointer = 1
		};
		uint8_t caps[2] = { 0xE0, 0 };
		q->AMF_UE_NGAP_ID = id;
		q->RAN_UE_NGAP_ID = c->ran;
		ngap_guami_set(&q->GUAMI, &g);
		ngap_snssai_set(&item.s_NSSAI, &sd, &s1);
		q->AllowedNSSAI = (struct ngap_AllowedNSSAI){ 1, &item };
		q->UESecurityCapabilities.nRencryptionAlgorithms = (struct ngap_bits){ caps, 16 };
		q->UESecurityCapabilities.nRintegrityProtectionAlgorithms =
			(struct ngap_bits){ caps, 16 };
		q->UESecurityCapabilities.eUTRAencryptionAlgorithms =
			(struct ngap_bits){ caps, 16 };
		q->UESecurityCapabilities.eUTRAintegrityProtectionAlgorithms =
			(struct ngap_bits){ caps, 16 };
		kdf_kgnb(u->kamf, u->ul - 1, KDF_ACCESS_3GPP, q->SecurityKey.buf);
		q->NAS_PDU = &nas_pdu;
		send_pdu(&pdu, 1);
		break;
	}
	case NAS_5GMM_STATUS:
		A.statuses++;
		if (A.mode != M_UNEXPECTED || m.mm_status.cause != 98)
			violation("5GMM STATUS #%u from the UE", m.mm_status.cause);
		break;
	default: violation("unexpected uplink %s", nas_msg_name(m.epd, m.type));
	}
}

/* --- NGAP in --- */

static void on_ng_setup(const struct ngap_NGSetupRequest *r)
{
	if (r->GlobalRANNodeID.present != NGAP_GlobalRANNodeID_PR_globalGNB_ID ||
	    r->SupportedTAList.n == 0)
		violation("NG Setup Request without gNB ID or TAs");
	if (A.mode == M_SETUP_FAIL) {
		struct ngap_pdu pdu = { .msg = NGAP_MSG_NGSetupFailure };
		pdu.u.NGSetupFailure.Cause.present = NGAP_Cause_PR_misc;
		pdu.u.NGSetupFailure.Cause.u.misc = NGAP_CauseMisc_unknown_PLMN_or_SNPN;
		send_pdu(&pdu, 0);
		return;
	}
	struct ngap_pdu pdu = { .msg = NGAP_MSG_NGSetupResponse };
	struct ngap_NGSetupResponse *s = &pdu.u.NGSetupResponse;
	static const char name[] = "fake-amf";
	struct ngap_ServedGUAMIItem gi;
	struct ngap_PLMNSupportItem pi;
	struct ngap_SliceSupportItem si;
	struct ngap_SD sd;
	struct guami g = { .plmn = { 1, 1, 2 }, .region = 0xCA, .set = 0x3F8, .pointer = 1 };
	struct s_nssai s1 = { .sst = 1 };
	memset(&gi, 0, sizeof(gi));
	memset(&pi, 0, sizeof(pi));
	s->AMFName = (struct ngap_octets){ (const uint8_t *)name, sizeof(name) - 1 };
	ngap_guami_set(&gi.gUAMI, &g);
	s->ServedGUAMIList = (struct ngap_ServedGUAMIList){ 1, &gi };
	s->RelativeAMFCapacity = 255;
	ngap_plmn_set(&pi.pLMNIdentity, &g.plmn);
	ngap_snssai_set(&si.s_NSSAI, &sd, &s1);
	pi.sliceSupportList = (struct ngap_SliceSupportList){ 1, &si };
	s->PLMNSupportList = (struct ngap_PLMNSupportList){ 1, &pi };
	send_pdu(&pdu, 0);
}

static struct conn *conn_of(uint64_t amf_id, uint32_t ran, const char *what)
{
	if (amf_id >= MAX_CONNS || !A.conns[amf_id].used || A.conns[amf_id].ran != ran) {
		violation("%s for unknown UE (AMF %llu RAN %u)", what, (unsigned long long)amf_id,
			  ran);
		return NULL;
	}
	return &A.conns[amf_id];
}

static void sctp_data(struct net_sctp *ep, struct handle assoc, uint16_t stream, uint32_t ppid,
		      const uint8_t *data, size_t len, void *user)
{
	struct ngap_pdu pdu;
	struct ngap_err err;
	static struct arena ngap_arena;
	static bool init;
	if (!init) {
		arena_init(&ngap_arena, NULL, 0, 1 << 20);
		init = true;
	}
	arena_reset(&ngap_arena);
	if (ppid != NET_SCTP_PPID_NGAP)
		violation("PPID %u", ppid);
	int rc = ngap_decode(&pdu, data, len, &ngap_arena, &err);
	if (rc < 0) {
		violation("NGAP from ngsim does not decode: %s", err_str(rc));
		return;
	}
	switch (pdu.msg) {
	case NGAP_MSG_NGSetupRequest:
		if (stream != 0)
			violation("NG Setup Request on stream %u", stream);
		on_ng_setup(&pdu.u.NGSetupRequest);
		break;
	case NGAP_MSG_InitialUEMessage:
		if (stream == 0)
			violation("UE-associated message on stream 0");
		on_initial(&pdu.u.InitialUEMessage);
		break;
	case NGAP_MSG_UplinkNASTransport: {
		const struct ngap_UplinkNASTransport *m = &pdu.u.UplinkNASTransport;
		if (!conn_of(m->AMF_UE_NGAP_ID, m->RAN_UE_NGAP_ID, "Uplink NAS Transport"))
			return;
		uint8_t buf[2048];
		size_t n = m->NAS_PDU.len;
		if (n < 3 || n > sizeof(buf)) {
			violation("Uplink NAS of %zu octets", n);
			return;
		}
		memcpy(buf, m->NAS_PDU.p, n);
		if ((buf[1] & 0x0F) == 0)
			on_plain_nas((uint32_t)m->AMF_UE_NGAP_ID, buf, n, false);
		else
			on_ul_protected((uint32_t)m->AMF_UE_NGAP_ID, buf, n);
		break;
	}
	case NGAP_MSG_PDUSessionResourceSetupResponse:
		arena_reset(&A.arena);
		on_pdu_setup_response(&pdu.u.PDUSessionResourceSetupResponse);
		break;
	case NGAP_MSG_InitialContextSetupResponse:
		conn_of(pdu.u.InitialContextSetupResponse.AMF_UE_NGAP_ID,
			pdu.u.InitialContextSetupResponse.RAN_UE_NGAP_ID, "ICS Response");
		break;
	case NGAP_MSG_UEContextReleaseRequest: {
		const struct ngap_UEContextReleaseRequest *m = &pdu.u.UEContextReleaseRequest;
		if (conn_of(m->AMF_UE_NGAP_ID, m->RAN_UE_NGAP_ID, "UE Context Release Request"))
			send_release((uint32_t)m->AMF_UE_NGAP_ID);
		break;
	}
	case NGAP_MSG_UEContextReleaseComplete: {
		const struct ngap_UEContextReleaseComplete *m = &pdu.u.UEContextReleaseComplete;
		struct conn *c = conn_of(m->AMF_UE_NGAP_ID, m->RAN_UE_NGAP_ID, "Release Complete");
		if (c) {
			c->used = false;
			A.releases++;
		}
		break;
	}
	case NGAP_MSG_NGReset: {
		struct ngap_pdu ack = { .msg = NGAP_MSG_NGResetAcknowledge };
		A.resets++;
		for (int i = 0; i < MAX_CONNS; i++)
			A.conns[i].used = false;
		send_pdu(&ack, 0);
		break;
	}
	case NGAP_MSG_ErrorIndication:
		A.error_inds++;
		if (A.mode != M_BAD_NGAP)
			violation("Error Indication from ngsim");
		break;
	default: violation("unexpected NGAP %s", ngap_msg_name(pdu.msg));
	}
}

static void sctp_up(struct net_sctp *ep, struct handle assoc,
		    const struct net_sctp_assoc_info *info, void *user)
{
	A.assoc = assoc;
	A.had_assoc = true;
}

static void sctp_down(struct net_sctp *ep, struct handle assoc, enum net_sctp_down why, void *user)
{
	/* ngsim sets up again after break_association: wait a little for it. */
	A.assoc = HANDLE_NONE;
	if (why == NET_SCTP_DOWN_SHUTDOWN)
		ev_stop(A.loop);
}

static void on_deadline(struct ev_loop *loop, struct ev_timer *t)
{
	violation("no graceful end of the association within the time limit");
	ev_stop(loop);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "udp-port", required_argument, NULL, 'u' },
		{ "port", required_argument, NULL, 'p' },
		{ "mode", required_argument, NULL, 'm' },
		{ "sqn", required_argument, NULL, 's' },
		{ "nea", required_argument, NULL, 'E' },
		{ "nia", required_argument, NULL, 'I' },
		{ "k", required_argument, NULL, 'k' },
		{ "opc", required_argument, NULL, 'o' },
		{ "expect-registrations", required_argument, NULL, 'R' },
		{ "expect-resyncs", required_argument, NULL, 'S' },
		{ "time-limit", required_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned udp_port = 0, port = NET_SCTP_PORT_NGAP, limit = 60;
	int c;

	A.nea = 2;
	A.nia = 2;
	A.expect_regs = A.expect_resyncs = -1;
	hex_decode(A.k, 16, "465b5ce8b199b49faa5f0a2ee238a6bc");
	hex_decode(A.opc, 16, "cd63cb71954a9f4e48a5994e37a02baf");
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'u': udp_port = (unsigned)atoi(optarg); break;
		case 'p': port = (unsigned)atoi(optarg); break;
		case 'm':
			for (A.mode = 0; mode_names[A.mode] && strcmp(mode_names[A.mode], optarg);
			     A.mode++)
				;
			if (!mode_names[A.mode]) {
				fprintf(stderr, "fake-amf: unknown mode %s\n", optarg);
				return 2;
			}
			break;
		case 's': A.sqn_start = strtoull(optarg, NULL, 0); break;
		case 'E': A.nea = atoi(optarg); break;
		case 'I': A.nia = atoi(optarg); break;
		case 'k': hex_decode(A.k, 16, optarg); break;
		case 'o': hex_decode(A.opc, 16, optarg); break;
		case 'R': A.expect_regs = atol(optarg); break;
		case 'S': A.expect_resyncs = atol(optarg); break;
		case 'T': limit = (unsigned)atoi(optarg); break;
		default: return 2;
		}
	}
	if (!udp_port) {
		fprintf(stderr, "fake-amf: --udp-port is required\n");
		return 2;
	}
	log_set_level(LOG_WARN);
	arena_init(&A.arena, NULL, 0, 1 << 20);
	hmap_init(&A.by_supi, 1024);
	A.hn = hn_keys_new();
	uint8_t priv[32];
	/* TS 33.501 C.4.3 / C.4.4 home-network keys (id 1). */
	hex_decode(priv, 32, "c53c22208b61860b06c62e5406a7b330c2b577aa5558981510d128247d38bd1d");
	hn_keys_add(A.hn, 1, SUCI_SCHEME_PROFILE_A, priv, 32);
	hex_decode(priv, 32, "f1ab1074477ebcc7f554ea1c5fc368b1616730155e0041ac447d6301975fecda");
	hn_keys_add(A.hn, 1, SUCI_SCHEME_PROFILE_B, priv, 32);
	crypto_wipe(priv, sizeof(priv));

	A.loop = ev_loop_new("fake-amf");
	struct net_sctp_cfg cfg;
	net_sctp_cfg_defaults(&cfg);
	cfg.backend = NET_SCTP_USRSCTP_UDP;
	cfg.udp_local_port = (uint16_t)udp_port;
	static const struct net_sctp_cbs cbs = { .up = sctp_up,
						 .down = sctp_down,
						 .data = sctp_data };
	struct net_addr local;
	if (net_sctp_new(&A.ep, A.loop, &cfg, &cbs, NULL) < 0 ||
	    net_addr_parse(&local, "127.0.0.1", (uint16_t)port) < 0 ||
	    net_sctp_listen(A.ep, &local) < 0) {
		fprintf(stderr, "fake-amf: cannot listen\n");
		return 2;
	}
	printf("fake-amf: listening on 127.0.0.1:%u (udp %u) mode %s\n", port, udp_port,
	       mode_names[A.mode]);
	fflush(stdout);
	struct ev_timer deadline = { 0 };
	ev_timer_start(A.loop, &deadline, (uint64_t)limit * 1000, on_deadline, NULL);
	ev_signals(A.loop, NULL, NULL, NULL);
	ev_run(A.loop);
	ev_timer_stop(A.loop, &deadline);

	if (!A.had_assoc)
		violation("ngsim never connected");
	if (A.expect_regs >= 0 && A.registrations != (unsigned)A.expect_regs)
		violation("%u registrations completed, expected %ld", A.registrations,
			  A.expect_regs);
	if (A.expect_resyncs >= 0 && A.resyncs != (unsigned)A.expect_resyncs)
		violation("%u resynchronisations, expected %ld", A.resyncs, A.expect_resyncs);
	printf("fake-amf: registrations %u deregistrations %u resyncs %u services %u releases %u "
	       "identities %u updates %u smc-rejects %u auth-rejects %u resets %u "
	       "error-indications %u statuses %u pdu-sessions %u violations %u\n",
	       A.registrations, A.deregistrations, A.resyncs, A.services, A.releases, A.identities,
	       A.updates, A.smc_rejects, A.auth_rejects, A.resets, A.error_inds, A.statuses,
	       A.pdu_sessions, A.violations);
	net_sctp_free(A.ep);
	net_sctp_global_fini();
	hn_keys_free(A.hn);
	ev_loop_free(A.loop);
	arena_fini(&A.arena);
	hmap_fini(&A.by_supi);
	return A.violations ? 1 : 0;
}
