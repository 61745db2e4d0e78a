/* test_nas_spec.c — messages written octet by octet from the tables of
 * TS 24.501 §8 and the IE codings of §9, decoded to the values the spec says
 * they carry, then encoded back to the same octets.
 */
#include <string.h>

#include "lib/codec/nas/nas.h"
#include "lib/core/err.h"
#include "tests/unit/t.h"

static uint8_t in[2048], out[2048];
static uint8_t arena_mem[16384];
static struct arena ar;
static struct nas_msg m;
static struct nas_err err;
static int in_len;

/* Decodes hex, checks success, and checks that encoding gives the same octets. */
static int load(const char *hex)
{
	arena_init(&ar, arena_mem, sizeof(arena_mem), 0);
	in_len = t_unhex(in, sizeof(in), hex);
	CHECK(in_len > 0);
	int rc = nas_decode(&m, in, (size_t)in_len, &ar, &err);
	CHECK_EQ(rc, 0);
	if (rc < 0) {
		fprintf(stderr, "  decode: %s cause=%u ie=%s off=%zu\n", err_str(rc), err.cause,
			err.ie ? err.ie : "-", err.off);
		return rc;
	}
	CHECK_EQ(err.n_ignored, 0);
	int n = nas_encode(&m, out, sizeof(out), &err);
	CHECK_EQ(n, in_len);
	if (n == in_len)
		CHECK_MEM(out, in, (size_t)n);
	return rc;
}

/* 8.2.6: initial registration with a null-scheme SUCI. */
static void reg_req_suci_null_scheme(void)
{
	if (load("7e 00 41" /* EPD 5GMM, plain, Registration request */
		 "79" /* ngKSI 7 (no key) | FOR=1, initial registration */
		 "00 0d" /* 5GS mobile identity, LV-E length 13 */
		 "01" /* SUPI format IMSI, type SUCI */
		 "00 f1 10" /* MCC 001, MNC 01 */
		 "21 f3" /* routing indicator 1,2,3 + filler */
		 "00 00" /* null scheme, HN public key id 0 */
		 "21 43 65 87 09" /* MSIN 1234567890 */
		 "10 01 07" /* 5GMM capability: S1 mode, HO attach, LPP */
		 "2e 02 e0 60" /* UE security capability: EA0-2, IA1-2 */
		 "2f 05 04 01 00 00 01")) /* requested NSSAI: SST 1 SD 000001 */
		return;
	struct nas_reg_req *r = &m.reg_req;
	CHECK_EQ(m.epd, NAS_EPD_5GMM);
	CHECK_EQ(m.type, NAS_REG_REQ);
	CHECK_EQ(r->reg_type.value, NAS_REG_INITIAL);
	CHECK(r->reg_type.follow_on);
	CHECK_EQ(r->ngksi.ksi, NAS_KSI_NONE);
	CHECK_EQ(r->mobile_id.type, NAS_ID_SUCI);
	CHECK_EQ(r->mobile_id.suci.plmn.mcc, 1);
	CHECK_EQ(r->mobile_id.suci.plmn.mnc, 1);
	CHECK_EQ(r->mobile_id.suci.plmn.mnc_len, 2);
	CHECK_STR(r->mobile_id.suci.routing, "123");
	CHECK_EQ(r->mobile_id.suci.scheme, NAS_SCHEME_NULL);
	CHECK_STR(r->mobile_id.suci.msin, "1234567890");
	CHECK(r->has_mm_cap);
	CHECK_EQ(r->mm_cap.len, 1);
	CHECK_EQ(r->mm_cap.o[0], NAS_MMCAP0_S1_MODE | NAS_MMCAP0_HO_ATTACH | NAS_MMCAP0_LPP);
	CHECK(r->has_ue_sec_cap);
	CHECK_EQ(r->ue_sec_cap.nea, NAS_ALG_BIT(0) | NAS_ALG_BIT(1) | NAS_ALG_BIT(2));
	CHECK_EQ(r->ue_sec_cap.nia, NAS_ALG_BIT(1) | NAS_ALG_BIT(2));
	CHECK(!r->ue_sec_cap.has_eps);
	CHECK(r->has_requested_nssai);
	CHECK_EQ(r->requested_nssai.n, 1);
	CHECK_EQ(r->requested_nssai.e[0].s.sst, 1);
	CHECK(r->requested_nssai.e[0].s.has_sd);
	CHECK_EQ(r->requested_nssai.e[0].s.sd, 1);
	CHECK(!r->has_last_tai);
}

/* 8.2.6: mobility registration with a 5G-GUTI. */
static void reg_req_guti_mobility(void)
{
	if (load("7e 00 41"
		 "32" /* ngKSI 3 | FOR=0, mobility updating */
		 "00 0b f2 00 f1 10 ca ff 81 12 34 56 78" /* 5G-GUTI: region ca, set 3fe, ptr 1 */
		 "52 00 f1 10 00 00 01" /* last visited registered TAI, TAC 1 */
		 "40 02 20 00" /* uplink data status: PSI 5 */
		 "50 02 26 00")) /* PDU session status: PSI 1, 2, 5 */
		return;
	struct nas_reg_req *r = &m.reg_req;
	CHECK_EQ(r->reg_type.value, NAS_REG_MOBILITY);
	CHECK(!r->reg_type.follow_on);
	CHECK_EQ(r->ngksi.ksi, 3);
	CHECK_EQ(r->mobile_id.type, NAS_ID_GUTI);
	CHECK_EQ(r->mobile_id.guti.guami.region, 0xca);
	CHECK_EQ(r->mobile_id.guti.guami.set, 0x3fe);
	CHECK_EQ(r->mobile_id.guti.guami.pointer, 1);
	CHECK_EQ(r->mobile_id.guti.tmsi, 0x12345678);
	CHECK(r->has_last_tai);
	CHECK_EQ(r->last_tai.tac, 1);
	CHECK_EQ(r->last_tai.plmn.mcc, 1);
	CHECK_EQ(r->ul_data_status, 1u << 5);
	CHECK_EQ(r->pdu_status, (1u << 1) | (1u << 2) | (1u << 5));
}

/* 8.2.7: registration accept with GUTI, TAI list, allowed NSSAI, timers. */
static void reg_acc_basic(void)
{
	if (load("7e 00 42"
		 "01 09" /* result: 3GPP access, SMS allowed */
		 "77 00 0b f2 00 f1 10 ca ff 81 00 00 00 01" /* 5G-GUTI */
		 "54 07 00 00 f1 10 00 00 01" /* TAI list: type 00, one TAC */
		 "15 02 01 01" /* allowed NSSAI: SST 1 */
		 "21 02 01 00" /* network feature support: IMS VoPS 3GPP */
		 "5e 01 21" /* T3512: 1 hour */
		 "16 01 2c")) /* T3502: 12 minutes */
		return;
	struct nas_reg_acc *r = &m.reg_acc;
	CHECK_EQ(r->result, NAS_RR_3GPP | NAS_RR_SMS_ALLOWED);
	CHECK(r->has_guti);
	CHECK_EQ(r->guti.guti.tmsi, 1);
	CHECK(r->has_tai_list);
	CHECK_EQ(r->tai_list.n_tai, 1);
	CHECK_EQ(r->tai_list.tai[0].tac, 1);
	CHECK_EQ(r->tai_list.part[0].type, NAS_TAIL_ONE_PLMN);
	CHECK_EQ(r->allowed_nssai.n, 1);
	CHECK(!r->allowed_nssai.e[0].s.has_sd);
	CHECK(r->has_nfs);
	CHECK(r->nfs.o[0] & NAS_NFS0_IMS_VOPS_3GPP);
	CHECK_EQ(nas_timer3_secs(r->t3512), 3600);
	CHECK_EQ(nas_timer2_secs(r->t3502), 720);
	CHECK(!r->has_eplmns);
}

/* 9.11.3.9: the three partial list types in one TAI list. */
static void reg_acc_tai_list_all_types(void)
{
	if (load("7e 00 42 01 01"
		 "54 1e"
		 "01 00 f1 10 00 00 01 00 00 03" /* type 00: 2 TACs of 001/01: 1, 3 */
		 "22 00 f1 10 00 00 10" /* type 01: 3 consecutive from 0x10 */
		 "41 13 00 14 00 00 07 00 f1 10 00 00 08")) /* type 10: 2 PLMNs, TAC 7, 8 */
		return;
	struct nas_tai_list *l = &m.reg_acc.tai_list;
	CHECK_EQ(l->n_part, 3);
	CHECK_EQ(l->n_tai, 7);
	CHECK_EQ(l->tai[1].tac, 3);
	CHECK_EQ(l->part[1].type, NAS_TAIL_CONSECUTIVE);
	CHECK_EQ(l->part[1].n, 3);
	CHECK_EQ(l->tai[2].tac, 0x10);
	CHECK_EQ(l->tai[4].tac, 0x12);
	CHECK_EQ(l->part[2].type, NAS_TAIL_MANY_PLMN);
	CHECK_EQ(l->tai[5].plmn.mcc, 310);
	CHECK_EQ(l->tai[5].plmn.mnc, 410);
	CHECK_EQ(l->tai[5].plmn.mnc_len, 3);
	CHECK_EQ(l->tai[5].tac, 7);
	CHECK_EQ(l->tai[6].tac, 8);
}

/* 8.2.9 */
static void reg_rej_with_t3346(void)
{
	if (load("7e 00 44 0b" /* cause #11 PLMN not allowed */
		 "5f 01 0f" /* T3346: 15 x 2 s */
		 "69 04 11 01 10 02")) /* rejected NSSAI: SST 1 (cause 1), SST 2 (cause 0) */
		return;
	CHECK_EQ(m.reg_rej.cause, 11);
	CHECK_EQ(nas_timer2_secs(m.reg_rej.t3346), 30);
	CHECK_EQ(m.reg_rej.rejected_nssai.n, 2);
	CHECK_EQ(m.reg_rej.rejected_nssai.e[0].cause, 1);
	CHECK_EQ(m.reg_rej.rejected_nssai.e[1].s.sst, 2);
	CHECK_EQ(m.reg_rej.rejected_nssai.e[1].cause, 0);
}

/* 8.2.1: 5G AKA challenge. */
static void auth_req_5g_aka(void)
{
	if (load("7e 00 56 01" /* ngKSI 1, spare */
		 "02 00 00" /* ABBA 0000 */
		 "21 23553cbe9637a89d218ae64dae47bf35" /* RAND */
		 "20 10 55f328b43507800 0a40f9c1e5a7d3c1f")) /* AUTN */
		return;
	CHECK_EQ(m.auth_req.ngksi.ksi, 1);
	CHECK_EQ(m.auth_req.abba.len, 2);
	CHECK(m.auth_req.has_rand);
	CHECK_EQ(m.auth_req.rand[0], 0x23);
	CHECK_EQ(m.auth_req.rand[15], 0x35);
	CHECK(m.auth_req.has_autn);
	CHECK_EQ(m.auth_req.autn[6], 0x80);
	CHECK(!m.auth_req.has_eap);
}

/* 8.2.2 */
static void auth_resp_res_star(void)
{
	if (load("7e 00 57 2d 10 a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"))
		return;
	CHECK(m.auth_resp.has_res);
	CHECK_EQ(m.auth_resp.res[15], 0xaf);
}

/* 8.2.4: synch failure with AUTS. */
static void auth_fail_synch(void)
{
	if (load("7e 00 59 15 30 0e 101112131415161718191a1b1c1d"))
		return;
	CHECK_EQ(m.auth_fail.cause, 21);
	CHECK(m.auth_fail.has_auts);
	CHECK_EQ(m.auth_fail.auts[13], 0x1d);
}

/* 8.2.25 */
static void smc_nia2_imeisv_requested(void)
{
	if (load("7e 00 5d"
		 "02" /* NEA0, NIA2 */
		 "01" /* ngKSI 1 */
		 "02 e0 60" /* replayed UE security capabilities */
		 "e1" /* IMEISV requested */
		 "36 01 02" /* additional 5G security information: RINMR */
		 "38 02 00 00")) /* ABBA */
		return;
	CHECK_EQ(m.smc.algs.nea, 0);
	CHECK_EQ(m.smc.algs.nia, 2);
	CHECK_EQ(m.smc.ngksi.ksi, 1);
	CHECK_EQ(m.smc.replayed_cap.nea, 0xe0);
	CHECK(m.smc.has_imeisv_req);
	CHECK_EQ(m.smc.imeisv_req, 1);
	CHECK_EQ(m.smc.add_sec_info, 2);
	CHECK(m.smc.has_abba);
}

/* 8.2.26: IMEISV and the initial message in a NAS message container. */
static void smc_complete_imeisv(void)
{
	if (load("7e 00 5e"
		 "77 00 09 45 73 80 61 21 85 61 51 f1" /* IMEISV 4370816125816151 */
		 "71 00 05 7e 00 41 01 00")) /* NAS message container */
		return;
	CHECK(m.smc_complete.has_imeisv);
	CHECK_EQ(m.smc_complete.imeisv.type, NAS_ID_IMEISV);
	CHECK_STR(m.smc_complete.imeisv.digits, "4370816125816151");
	CHECK_EQ(m.smc_complete.nas_msg.len, 5);
	CHECK_EQ(m.smc_complete.nas_msg.p[2], 0x41);
}

/* 8.2.16 */
static void service_req_data(void)
{
	if (load("7e 00 4c"
		 "11" /* ngKSI 1 | service type data */
		 "00 07 f4 ff 81 ab cd ef 01" /* 5G-S-TMSI */
		 "40 02 02 00")) /* uplink data status PSI 1 */
		return;
	CHECK_EQ(m.service_req.ngksi.ksi, 1);
	CHECK_EQ(m.service_req.service_type, 1);
	CHECK_EQ(m.service_req.stmsi.type, NAS_ID_STMSI);
	CHECK_EQ(m.service_req.stmsi.stmsi.set, 0x3fe);
	CHECK_EQ(m.service_req.stmsi.stmsi.pointer, 1);
	CHECK_EQ(m.service_req.stmsi.stmsi.tmsi, 0xabcdef01);
	CHECK_EQ(m.service_req.ul_data_status, 2);
}

/* 8.2.22: IMEI, odd number of digits. */
static void identity_resp_imei(void)
{
	if (load("7e 00 5c 00 08 4b 09 51 24 30 32 57 81"))
		return;
	CHECK_EQ(m.identity_resp.mobile_id.type, NAS_ID_IMEI);
	CHECK_STR(m.identity_resp.mobile_id.digits, "490154203237518");
}

/* 8.2.12 */
static void dereg_req_switch_off(void)
{
	if (load("7e 00 45 29 00 0b f2 00 f1 10 ca ff 81 12 34 56 78"))
		return;
	CHECK(m.dereg_req_ue.dereg_type.switch_off);
	CHECK_EQ(m.dereg_req_ue.dereg_type.access, NAS_ACCESS_3GPP);
	CHECK_EQ(m.dereg_req_ue.ngksi.ksi, 2);
	CHECK_EQ(m.dereg_req_ue.mobile_id.type, NAS_ID_GUTI);
}

/* 8.2.10 carrying 8.3.1. */
static void ul_nas_transport_pdu_est_req(void)
{
	if (load("7e 00 67"
		 "01" /* N1 SM information */
		 "00 08 2e 05 07 c1 ff ff 91 a1" /* PDU session establishment request */
		 "12 05" /* PDU session ID 5 */
		 "81" /* request type: initial request */
		 "22 01 01" /* S-NSSAI SST 1 */
		 "25 09 08 69 6e 74 65 72 6e 65 74")) /* DNN "internet" */
		return;
	struct nas_ul_nas_transport u = m.ul_nas;
	CHECK_EQ(u.payload_type, NAS_PAYLOAD_N1_SM);
	CHECK(u.has_psi);
	CHECK_EQ(u.psi, 5);
	CHECK_EQ(u.req_type, NAS_REQ_INITIAL);
	CHECK_EQ(u.snssai.s.sst, 1);
	CHECK_STR(u.dnn.s, "internet");
	/* The payload is itself a 5GSM message. */
	struct nas_msg sm;
	CHECK_EQ(nas_decode(&sm, u.payload.p, u.payload.len, &ar, &err), 0);
	CHECK_EQ(sm.epd, NAS_EPD_5GSM);
	CHECK_EQ(sm.type, NAS_PDU_EST_REQ);
	CHECK_EQ(sm.psi, 5);
	CHECK_EQ(sm.pti, 7);
	CHECK_EQ(sm.pdu_est_req.ipmdr.ul, 0xff);
	CHECK_EQ(sm.pdu_est_req.pdu_type, NAS_PDU_IPV4);
	CHECK_EQ(sm.pdu_est_req.ssc_mode, 1);
}

/* 8.3.2: default QoS rule, AMBR, IPv4 address, QoS flow, EPCO DNS, DNN. */
static void pdu_est_acc_ipv4(void)
{
	if (load("2e 05 07 c2"
		 "11" /* IPv4 | SSC mode 1 */
		 "00 09 01 00 06 31 31 01 01 ff 01" /* QoS rule 1: create, default, match-all */
		 "06 06 03 e8 06 01 f4" /* session AMBR: 1000 / 500 Mbps */
		 "29 05 01 0a 2d 00 02" /* PDU address 10.45.0.2 */
		 "22 01 01" /* S-NSSAI SST 1 */
		 "79 00 06 01 20 41 01 01 09" /* QoS flow 1: create, 5QI 9 */
		 "7b 00 08 80 00 0d 04 08 08 08 08" /* EPCO: DNS 8.8.8.8 */
		 "25 09 08 69 6e 74 65 72 6e 65 74"))
		return;
	struct nas_pdu_est_acc *a = &m.pdu_est_acc;
	CHECK_EQ(a->pdu_type, NAS_PDU_IPV4);
	CHECK_EQ(a->ssc_mode, 1);
	CHECK_EQ(a->qos_rules.n, 1);
	struct nas_qos_rule *q = &a->qos_rules.r[0];
	CHECK_EQ(q->id, 1);
	CHECK_EQ(q->op, NAS_QR_CREATE);
	CHECK(q->dqr);
	CHECK_EQ(q->n_pf, 1);
	CHECK_EQ(q->pf[0].dir, NAS_PF_BIDIR);
	CHECK_EQ(q->pf[0].n_comp, 1);
	CHECK_EQ(q->pf[0].comp[0].type, NAS_PF_MATCH_ALL);
	CHECK_EQ(q->precedence, 255);
	CHECK_EQ(q->qfi, 1);
	CHECK_EQ(nas_bitrate_kbps(a->ambr.dl), 1000000);
	CHECK_EQ(nas_bitrate_kbps(a->ambr.ul), 500000);
	CHECK_EQ(a->pdu_addr.type, NAS_PDU_IPV4);
	CHECK_MEM(a->pdu_addr.ipv4, "\x0a\x2d\x00\x02", 4);
	CHECK_EQ(a->qos_flows.n, 1);
	CHECK_EQ(a->qos_flows.f[0].fiveqi, 9);
	CHECK_EQ(a->epco.n, 1);
	CHECK_EQ(a->epco.opt[0].id, NAS_PCO_DNS_IPV4);
	CHECK_MEM(nas_pco_val(&a->epco.opt[0]), "\x08\x08\x08\x08", 4);
	CHECK_STR(a->dnn.s, "internet");
}

/* 8.3.3 */
static void pdu_est_rej_backoff(void)
{
	if (load("2e 05 07 c3 1b 37 01 a5"))
		return;
	CHECK_EQ(m.pdu_est_rej.cause, 27);
	CHECK_EQ(nas_timer3_secs(m.pdu_est_rej.backoff), 300);
}

/* 8.3.9: delete one rule, lower the other's precedence, new AMBR. */
static void pdu_mod_cmd_rules(void)
{
	if (load("2e 05 07 cb"
		 "2a 06 06 00 64 06 00 32" /* AMBR 100 / 50 Mbps */
		 "7a 00 09 02 00 01 40 01 00 02 c0 fe")) /* delete QRI 2; modify QRI 1 prec 254 */
		return;
	CHECK(m.pdu_mod_cmd.has_ambr);
	CHECK_EQ(nas_bitrate_kbps(m.pdu_mod_cmd.ambr.dl), 100000);
	CHECK_EQ(m.pdu_mod_cmd.qos_rules.n, 2);
	CHECK_EQ(m.pdu_mod_cmd.qos_rules.r[0].op, NAS_QR_DELETE);
	CHECK(!m.pdu_mod_cmd.qos_rules.r[0].has_precedence);
	CHECK_EQ(m.pdu_mod_cmd.qos_rules.r[1].op, NAS_QR_MODIFY);
	CHECK_EQ(m.pdu_mod_cmd.qos_rules.r[1].precedence, 254);
	CHECK(!m.pdu_mod_cmd.qos_rules.r[1].has_qfi);
}

/* 8.3.14 */
static void pdu_rel_cmd_regular(void)
{
	if (load("2e 05 00 d3 24"))
		return;
	CHECK_EQ(m.psi, 5);
	CHECK_EQ(m.pti, 0);
	CHECK_EQ(m.pdu_rel_cmd.cause, 36);
}

/* 8.2.11 carrying 8.3.16. */
static void dl_nas_transport_sm_status(void)
{
	if (load("7e 00 68 01 00 05 2e 05 07 d6 51 12 05"))
		return;
	CHECK_EQ(m.dl_nas.payload_type, NAS_PAYLOAD_N1_SM);
	CHECK_EQ(m.dl_nas.payload.len, 5);
	CHECK_EQ(m.dl_nas.psi, 5);
}

/* 8.2.19 */
static void conf_update_cmd_guti_tz(void)
{
	if (load("7e 00 54 d1"
		 "77 00 0b f2 00 f1 10 ca ff 81 55 66 77 88"
		 "46 40"
		 "47 42 11 62 01 32 54 80"))
		return;
	CHECK(m.conf_update_cmd.has_conf_update_ind);
	CHECK_EQ(m.conf_update_cmd.conf_update_ind, 1);
	CHECK_EQ(m.conf_update_cmd.guti.guti.tmsi, 0x55667788);
	CHECK_EQ(m.conf_update_cmd.tz, 0x40);
	CHECK_EQ(m.conf_update_cmd.tz_time.len, 7);
}

/* 8.2.23, 8.2.29 */
static void notification_and_status(void)
{
	if (load("7e 00 65 02"))
		return;
	CHECK_EQ(m.notification.access, NAS_ACCESS_N3GPP);
	if (load("7e 00 64 60"))
		return;
	CHECK_EQ(m.mm_status.cause, 96);
}

/* 8.2.28: an integrity protected Registration complete. */
static void protected_reg_complete(void)
{
	if (load("7e 01 aa bb cc dd 03 7e 00 43"))
		return;
	CHECK_EQ(m.sht, NAS_SHT_INTEG);
	CHECK_MEM(m.sec.mac, "\xaa\xbb\xcc\xdd", 4);
	CHECK_EQ(m.sec.sn, 3);
	CHECK_EQ(m.type, NAS_REG_COMPLETE);
}

/* 9.11.3.4: SUCI with ECIES profile A. */
static void suci_profile_a(void)
{
	if (load("7e 00 41 79 00 35 01 00 f1 10 f0 ff 01 01"
		 "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20" /* pub key */
		 "aabbccddee" /* ciphertext */
		 "1112131415161718")) /* MAC tag */
		return;
	struct nas_suci *s = &m.reg_req.mobile_id.suci;
	CHECK_EQ(s->scheme, NAS_SCHEME_PROFILE_A);
	CHECK_EQ(s->hnpki, 1);
	CHECK_STR(s->routing, "0");
	struct nas_suci_ecies e;
	if (nas_suci_ecies(s, &e) < 0) {
		CHECK(!"ECIES split failed");
		return;
	}
	CHECK_EQ(e.pub.len, 32);
	CHECK_EQ(e.pub.p[31], 0x20);
	CHECK_EQ(e.cipher.len, 5);
	CHECK_EQ(e.mac.len, 8);
	CHECK_EQ(e.mac.p[0], 0x11);
}

int main(void)
{
	RUN(reg_req_suci_null_scheme);
	RUN(reg_req_guti_mobility);
	RUN(reg_acc_basic);
	RUN(reg_acc_tai_list_all_types);
	RUN(reg_rej_with_t3346);
	RUN(auth_req_5g_aka);
	RUN(auth_resp_res_star);
	RUN(auth_fail_synch);
	RUN(smc_nia2_imeisv_requested);
	RUN(smc_complete_imeisv);
	RUN(service_req_data);
	RUN(identity_resp_imei);
	RUN(dereg_req_switch_off);
	RUN(ul_nas_transport_pdu_est_req);
	RUN(pdu_est_acc_ipv4);
	RUN(pdu_est_rej_backoff);
	RUN(pdu_mod_cmd_rules);
	RUN(pdu_rel_cmd_regular);
	RUN(dl_nas_transport_sm_status);
	RUN(conf_update_cmd_guti_tz);
	RUN(notification_and_status);
	RUN(protected_reg_complete);
	RUN(suci_profile_a);
	return t_done();
}
