/* nas_samples.c — see nas_samples.h. Values are chosen so that each IE
 * carries something recognisable (no all-zero fields), and opaque IEs carry
 * contents that are well-formed for their own specification, so that
 * Wireshark dissects them without complaint.
 */
#include "tests/unit/nas/nas_samples.h"

#include <string.h>

#define B(a) ((struct nas_buf){ (a), (uint16_t)sizeof(a) })

static const struct plmn plmn_001_01 = { 1, 1, 2 };
static const struct plmn plmn_310_410 = { 310, 410, 3 };

/* Opaque IE contents, each valid for its own coding. */
static const uint8_t abba[] = { 0x00, 0x00 };
static const uint8_t eap_success[] = { 0x03, 0x07, 0x00, 0x04 };
/* EAP-Request/AKA'-Challenge header only (RFC 5448): code 1, id 9, len 8, type 50, subtype 1. */
static const uint8_t eap_req[] = { 0x01, 0x09, 0x00, 0x08, 0x32, 0x01, 0x00, 0x00 };
static const uint8_t eps_detach_acc[] = { 0x07, 0x46 }; /* EMM DETACH ACCEPT */
static const uint8_t ladn_ind[] = { 0x04, 0x03, 'i', 'o', 't' }; /* one DNN: "iot" */
/* LADN: DNN "iot" + TAI list (one PLMN, TAC 1). */
static const uint8_t ladn_info[] = { 0x04, 0x03, 'i',  'o',  't',  0x07, 0x00,
				     0x00, 0xf1, 0x10, 0x00, 0x00, 0x01 };
static const uint8_t codecs[] = { 0x04, 0x02, 0x60, 0x04 }; /* UMTS: AMR, AMR-WB */
static const uint8_t radio_cap_id[] = { 0x21, 0x43, 0x65 };
static const uint8_t paging_restr[] = { 0x03, 0x02, 0x00 }; /* except PSI 1 */
static const uint8_t nid[] = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab };
static const uint8_t emerg_numbers[] = { 0x03, 0x1f, 0x11, 0xf2 }; /* "112", all categories */
static const uint8_t service_area[] = { 0x00, 0x00, 0xf1, 0x10, 0x00, 0x00, 0x07 };
static const uint8_t wait_range[] = { 0x21, 0x25 };
static const uint8_t disaster_plmns[] = { 0x13, 0x00, 0x14 };
static const uint8_t tz_time[] = { 0x42, 0x11, 0x62, 0x01, 0x32, 0x54, 0x80 };
static const uint8_t net_name[] = {
	0x80, 0x6e, 0x67, 0x63, 0x6f, 0x72, 0x65
}; /* GSM 7-bit "ngcore" */
static const uint8_t n1_sm_est_req[] = { 0x2e, 0x01, 0x01, 0xc1, 0xff, 0xff, 0x91, 0xa1 };
static const uint8_t rate_ctrl[] = { 0x00, 0x10 };
static const uint8_t dstt_mac[] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
static const uint8_t residence[] = { 1, 0, 0, 0, 0, 0, 0, 0 };
static const uint8_t iphc[] = { 0x01, 0x00, 0x0f };
static const uint8_t add_info[] = { 0x5a };
static const uint8_t dn_req[] = { 'u', 's', 'e', 'r', '@', 'd', 'n' };
static const uint8_t sor[] = { 0x05, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
			       0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f };

/* A Registration request in a NAS message container (plain, initial). */
static const uint8_t inner_reg_req[] = { 0x7e, 0x00, 0x41, 0x71, 0x00, 0x0b, 0xf2, 0x00, 0xf1,
					 0x10, 0x01, 0x00, 0x41, 0x12, 0x34, 0x56, 0x78 };

static const struct guami guami1 = { { 1, 1, 2 }, 0xca, 0x3fe, 0x01 };
static const struct tai tai1 = { { 1, 1, 2 }, 1 };

static void suci(struct nas_mobile_id *id)
{
	nas_id_suci_null(id, &plmn_001_01, "678", "0000000001");
}

static struct nas_snssai snssai(uint8_t sst, uint32_t sd)
{
	struct nas_snssai s = { 0 };
	s.s.sst = sst;
	if (sd != 0xFFFFFFFF) {
		s.s.has_sd = true;
		s.s.sd = sd;
	}
	return s;
}

static struct nas_gprs_timer tmr(uint8_t unit, uint8_t v)
{
	return (struct nas_gprs_timer){ unit, v };
}

static struct nas_octets oct1(uint8_t a)
{
	struct nas_octets o = { 1, { a } };
	return o;
}

static struct nas_octets oct2(uint8_t a, uint8_t b)
{
	struct nas_octets o = { 2, { a, b } };
	return o;
}

/* EPCO with DNS IPv4, IPv6, MTU and P-CSCF (network to UE). */
static struct nas_pco_opt epco_dl[4];
static struct nas_epco epco_network(void)
{
	struct ip_addr a;
	ip_parse(&a, "8.8.8.8");
	epco_dl[0] = nas_pco_addr(NAS_PCO_DNS_IPV4, &a);
	ip_parse(&a, "2001:4860:4860::8888");
	epco_dl[1] = nas_pco_addr(NAS_PCO_DNS_IPV6, &a);
	epco_dl[2] = nas_pco_u16(NAS_PCO_IPV4_MTU, 1400);
	ip_parse(&a, "10.45.0.2");
	epco_dl[3] = nas_pco_addr(NAS_PCO_PCSCF_IPV4, &a);
	return (struct nas_epco){ .proto = 0, .n = 4, .opt = epco_dl };
}

/* EPCO requesting DNS, MTU and P-CSCF (UE to network: empty containers). */
static struct nas_pco_opt epco_ul[4] = {
	{ .id = NAS_PCO_DNS_IPV4 },
	{ .id = NAS_PCO_DNS_IPV6 },
	{ .id = NAS_PCO_IPV4_MTU },
	{ .id = NAS_PCO_PCSCF_IPV4 },
};
static struct nas_epco epco_ue(void)
{
	return (struct nas_epco){ .proto = 0, .n = 4, .opt = epco_ul };
}

/* QoS: a default rule matching everything and a rule for UDP port 5060. */
static struct nas_pf_comp pf_all[] = { { .type = NAS_PF_MATCH_ALL } };
static struct nas_pf_comp pf_sip[] = {
	{ .type = NAS_PF_IPV4_REMOTE, .v = { 10, 45, 0, 2, 255, 255, 255, 255 } },
	{ .type = NAS_PF_PROTO, .v = { 17 } },
	{ .type = NAS_PF_REMOTE_PORT, .v = { 0x13, 0xc4 } },
};
static struct nas_pkt_filter pfs_default[] = { { NAS_PF_BIDIR, 1, 1, pf_all } };
static struct nas_pkt_filter pfs_sip[] = { { NAS_PF_BIDIR, 2, 3, pf_sip } };
static struct nas_qos_rule rules[] = {
	{ .id = 1,
	  .op = NAS_QR_CREATE,
	  .dqr = true,
	  .n_pf = 1,
	  .pf = pfs_default,
	  .has_precedence = true,
	  .precedence = 255,
	  .has_qfi = true,
	  .qfi = 1 },
	{ .id = 2,
	  .op = NAS_QR_CREATE,
	  .dqr = false,
	  .n_pf = 1,
	  .pf = pfs_sip,
	  .has_precedence = true,
	  .precedence = 10,
	  .has_qfi = true,
	  .qfi = 2 },
};
static struct nas_qos_flow flows[] = {
	{ .qfi = 1, .op = NAS_QF_CREATE, .e_bit = true, .has_5qi = true, .fiveqi = 9 },
	{ .qfi = 2,
	  .op = NAS_QF_CREATE,
	  .e_bit = true,
	  .has_5qi = true,
	  .fiveqi = 1,
	  .has_gfbr_ul = true,
	  .gfbr_ul = { 1, 128 },
	  .has_gfbr_dl = true,
	  .gfbr_dl = { 1, 128 },
	  .has_mfbr_ul = true,
	  .mfbr_ul = { 1, 256 },
	  .has_mfbr_dl = true,
	  .mfbr_dl = { 1, 256 },
	  .has_avg_window = true,
	  .avg_window = 2000,
	  .n_ebi = 1,
	  .ebi = { 6 } },
};

/* ---- 5GMM ---- */

static void b_reg_req(struct nas_msg *m)
{
	struct nas_reg_req *r = &m->reg_req;
	nas_msg_init(m, NAS_REG_REQ);
	r->reg_type = (struct nas_reg_type){ NAS_REG_INITIAL, true };
	r->ngksi = (struct nas_ksi){ 0, NAS_KSI_NONE };
	suci(&r->mobile_id);
	NAS_SET(*r, noncurrent_ngksi, (struct nas_ksi){ 1, 2 });
	NAS_SET(*r, mm_cap, oct1(0x07));
	NAS_SET(*r, ue_sec_cap, (struct nas_ue_sec_cap){ 0xe0, 0x60, true, 0xe0, 0x60 });
	r->has_requested_nssai = true;
	r->requested_nssai.n = 2;
	r->requested_nssai.e[0] = snssai(1, 0xFFFFFFFF);
	r->requested_nssai.e[1] = snssai(2, 0x010203);
	NAS_SET(*r, last_tai, tai1);
	NAS_SET(*r, s1_ue_net_cap, oct2(0xf0, 0xf0));
	NAS_SET(*r, ul_data_status, 0x0022);
	NAS_SET(*r, pdu_status, 0x0026);
	NAS_SET(*r, mico, 0x02);
	NAS_SET(*r, ue_status, 0x01);
	r->has_add_guti = true;
	nas_id_guti(&r->add_guti, &guami1, 0x12345678);
	NAS_SET(*r, allowed_pdu_status, 0x0004);
	NAS_SET(*r, usage_setting, 0x01);
	NAS_SET(*r, drx, 0x03);
	NAS_SET(*r, eps_nas_msg, B(eps_detach_acc));
	NAS_SET(*r, ladn_ind, B(ladn_ind));
	NAS_SET(*r, payload_type, NAS_PAYLOAD_N1_SM);
	NAS_SET(*r, payload, B(n1_sm_est_req));
	NAS_SET(*r, slicing_ind, 0x02);
	NAS_SET(*r, update_type, 0x01);
	NAS_SET(*r, ms_cm2, ((struct nas_octets){ 3, { 0x57, 0x58, 0xa6 } }));
	NAS_SET(*r, codecs, B(codecs));
	NAS_SET(*r, nas_msg, B(inner_reg_req));
	NAS_SET(*r, eps_bearer_status, 0x0020);
	NAS_SET(*r, edrx, oct1(0x25));
	NAS_SET(*r, t3324, tmr(NAS_T3_1MIN, 3));
	NAS_SET(*r, radio_cap_id, B(radio_cap_id));
	r->has_mapped_nssai = true;
	r->mapped_nssai.n = 1;
	r->mapped_nssai.e[0] = snssai(1, 0xFFFFFFFF);
	NAS_SET(*r, add_info_req, 0x01);
	NAS_SET(*r, n5gc, 0x01);
	NAS_SET(*r, nb_drx, 0x02);
	NAS_SET(*r, ue_req_type, 0x01);
	NAS_SET(*r, paging_restr, B(paging_restr));
	NAS_SET(*r, nid, B(nid));
	NAS_SET(*r, disaster_plmn, plmn_310_410);
	NAS_SET(*r, t3512, tmr(NAS_T3_1H, 1));
}

/* A typical first Registration request (what a UE sends with no context). */
static void b_reg_req_min(struct nas_msg *m)
{
	struct nas_reg_req *r = &m->reg_req;
	nas_msg_init(m, NAS_REG_REQ);
	r->reg_type = (struct nas_reg_type){ NAS_REG_INITIAL, true };
	r->ngksi = (struct nas_ksi){ 0, NAS_KSI_NONE };
	suci(&r->mobile_id);
	NAS_SET(*r, mm_cap, oct1(0x01));
	NAS_SET(*r, ue_sec_cap, (struct nas_ue_sec_cap){ 0xf0, 0x70, false, 0, 0 });
	r->has_requested_nssai = true;
	r->requested_nssai.n = 1;
	r->requested_nssai.e[0] = snssai(1, 0xFFFFFFFF);
}

static const uint8_t ecies_a_out[32 + 5 + 8] = {
	0xb2, 0xe9, 0x2f, 0x83, 0x6e, 0x55, 0xa8, 0x69, 0x9e, 0x50, 0x41, 0xb0, 0x6c, 0x1a, 0xb6,
	0x47, 0x5d, 0x65, 0x0d, 0xc6, 0x8e, 0xdd, 0x5e, 0x34, 0x2e, 0x56, 0xbb, 0x2c, 0x4f, 0x43,
	0x5e, 0x23, 0x46, 0xa8, 0x28, 0x10, 0x84, 0xd5, 0x6f, 0x73, 0xe8, 0x9e, 0xe6, 0x41, 0x17
};
static const uint8_t ecies_b_out[33 + 5 + 8] = { 0x03, 0x9a, 0xab, 0x8a, 0x6b, 0x1c, 0xb6, 0xfc,
						 0x89, 0x73, 0x65, 0x58, 0x17, 0x8c, 0xca, 0xad,
						 0x43, 0x7a, 0xed, 0x7c, 0x2b, 0x2e, 0x76, 0x31,
						 0x4d, 0x2c, 0x19, 0x55, 0xfa, 0x91, 0x7e, 0x8c,
						 0x25, 0x46, 0xa8, 0x28, 0x10, 0x84, 0xd5, 0x6f,
						 0x73, 0xe8, 0x9e, 0xe6, 0x41, 0x17 };

static void b_reg_req_profile_a(struct nas_msg *m)
{
	b_reg_req_min(m);
	struct nas_suci *s = &m->reg_req.mobile_id.suci;
	s->scheme = NAS_SCHEME_PROFILE_A;
	s->hnpki = 1;
	s->msin[0] = 0;
	s->out = B(ecies_a_out);
}

static void b_reg_req_profile_b(struct nas_msg *m)
{
	b_reg_req_min(m);
	struct nas_suci *s = &m->reg_req.mobile_id.suci;
	s->plmn = plmn_310_410;
	strcpy(s->routing, "0");
	s->scheme = NAS_SCHEME_PROFILE_B;
	s->hnpki = 2;
	s->msin[0] = 0;
	s->out = B(ecies_b_out);
}

static void b_reg_req_guti(struct nas_msg *m)
{
	struct nas_reg_req *r = &m->reg_req;
	nas_msg_init(m, NAS_REG_REQ);
	r->reg_type = (struct nas_reg_type){ NAS_REG_MOBILITY, false };
	r->ngksi = (struct nas_ksi){ 0, 3 };
	nas_id_guti(&r->mobile_id, &guami1, 0xc0ffee01);
	NAS_SET(*r, ue_sec_cap, (struct nas_ue_sec_cap){ 0xf0, 0x70, false, 0, 0 });
}

static void b_reg_acc(struct nas_msg *m)
{
	struct nas_reg_acc *r = &m->reg_acc;
	static struct nas_psi_cause rerr[] = { { 5, 92 }, { 6, 43 } };
	nas_msg_init(m, NAS_REG_ACC);
	r->result = NAS_RR_3GPP | NAS_RR_SMS_ALLOWED;
	r->has_guti = true;
	nas_id_guti(&r->guti, &guami1, 0x00000001);
	r->has_eplmns = true;
	r->eplmns.n = 2;
	r->eplmns.plmn[0] = plmn_310_410;
	r->eplmns.plmn[1] = (struct plmn){ 1, 2, 2 };
	r->has_tai_list = true;
	nas_tai_list_add(&r->tai_list, &tai1);
	nas_tai_list_add(&r->tai_list, &(struct tai){ { 1, 1, 2 }, 2 });
	nas_tai_list_add(&r->tai_list, &(struct tai){ plmn_310_410, 0x00abcd });
	r->has_allowed_nssai = true;
	r->allowed_nssai.n = 2;
	r->allowed_nssai.e[0] = snssai(1, 0xFFFFFFFF);
	r->allowed_nssai.e[1] = snssai(2, 0x010203);
	r->has_rejected_nssai = true;
	r->rejected_nssai.n = 1;
	r->rejected_nssai.e[0].cause = 1;
	r->rejected_nssai.e[0].s = (struct s_nssai){ 3, true, 0x000001 };
	r->has_configured_nssai = true;
	r->configured_nssai.n = 3;
	r->configured_nssai.e[0] = snssai(1, 0xFFFFFFFF);
	r->configured_nssai.e[1] = snssai(2, 0x010203);
	r->configured_nssai.e[2] = snssai(1, 0x000007);
	r->configured_nssai.e[2].has_mapped = true;
	r->configured_nssai.e[2].mapped = (struct s_nssai){ 1, true, 0x000008 };
	NAS_SET(*r, nfs, ((struct nas_octets){ 2, { NAS_NFS0_IMS_VOPS_3GPP, 0x00 } }));
	NAS_SET(*r, pdu_status, 0x0006);
	NAS_SET(*r, react_result, 0x0004);
	NAS_SET(*r, react_err, ((struct nas_psi_causes){ 2, rerr }));
	NAS_SET(*r, ladn_info, B(ladn_info));
	NAS_SET(*r, mico, 0x01);
	NAS_SET(*r, slicing_ind, 0x01);
	NAS_SET(*r, service_area, B(service_area));
	NAS_SET(*r, t3512, nas_timer3_from_secs(3240));
	NAS_SET(*r, n3gpp_dereg, tmr(NAS_T_1MIN, 9));
	NAS_SET(*r, t3502, tmr(NAS_T_6MIN, 2));
	NAS_SET(*r, emerg_numbers, B(emerg_numbers));
	NAS_SET(*r, eap, B(eap_success));
	NAS_SET(*r, nssai_incl_mode, 0x01);
	NAS_SET(*r, drx, 0x02);
	NAS_SET(*r, n3gpp_policies, 0x01);
	NAS_SET(*r, eps_bearer_status, 0x0060);
	NAS_SET(*r, edrx, oct1(0x25));
	NAS_SET(*r, t3447, tmr(NAS_T3_10MIN, 2));
	NAS_SET(*r, t3448, tmr(NAS_T_2S, 10));
	NAS_SET(*r, t3324, tmr(NAS_T3_1MIN, 5));
	NAS_SET(*r, radio_cap_id, B(radio_cap_id));
	NAS_SET(*r, radio_cap_del, 0x01);
	r->has_pending_nssai = true;
	r->pending_nssai.n = 1;
	r->pending_nssai.e[0] = snssai(4, 0x0000ff);
	NAS_SET(*r, trunc_stmsi, 0x23);
	NAS_SET(*r, nb_drx, 0x03);
	NAS_SET(*r, add_req_result, 0x01);
	NAS_SET(*r, disaster_roam_wait, B(wait_range));
	NAS_SET(*r, disaster_return_wait, B(wait_range));
	NAS_SET(*r, disaster_plmns, B(disaster_plmns));
	r->has_forbid_roam = true;
	nas_tai_list_add(&r->forbid_roam, &(struct tai){ plmn_310_410, 7 });
	r->has_forbid_regional = true;
	nas_tai_list_add(&r->forbid_regional, &(struct tai){ plmn_310_410, 8 });
}

static void b_reg_acc_min(struct nas_msg *m)
{
	struct nas_reg_acc *r = &m->reg_acc;
	nas_msg_init(m, NAS_REG_ACC);
	r->result = NAS_RR_3GPP;
	r->has_guti = true;
	nas_id_guti(&r->guti, &guami1, 0xfedcba98);
	r->has_tai_list = true;
	/* A consecutive-TAC partial list of 4 TAIs. */
	r->tai_list.n_part = 1;
	r->tai_list.part[0].type = NAS_TAIL_CONSECUTIVE;
	r->tai_list.part[0].first = 0;
	r->tai_list.part[0].n = 4;
	r->tai_list.n_tai = 4;
	for (unsigned i = 0; i < 4; i++)
		r->tai_list.tai[i] = (struct tai){ plmn_001_01, 0x10 + i };
	r->has_allowed_nssai = true;
	r->allowed_nssai.n = 1;
	r->allowed_nssai.e[0] = snssai(1, 0xFFFFFFFF);
	NAS_SET(*r, t3512, nas_timer3_from_secs(3600));
}

static void b_reg_complete(struct nas_msg *m)
{
	nas_msg_init(m, NAS_REG_COMPLETE);
	NAS_SET(m->reg_complete, sor, B(sor));
}

static void b_reg_rej(struct nas_msg *m)
{
	struct nas_reg_rej *r = &m->reg_rej;
	nas_msg_init(m, NAS_REG_REJ);
	r->cause = 62;
	NAS_SET(*r, t3346, tmr(NAS_T_1MIN, 15));
	NAS_SET(*r, t3502, tmr(NAS_T_6MIN, 2));
	NAS_SET(*r, eap, B(eap_success));
	r->has_rejected_nssai = true;
	r->rejected_nssai.n = 2;
	r->rejected_nssai.e[0].cause = 0;
	r->rejected_nssai.e[0].s = (struct s_nssai){ 1, false, 0 };
	r->rejected_nssai.e[1].cause = 2;
	r->rejected_nssai.e[1].s = (struct s_nssai){ 2, true, 0x0a0b0c };
	NAS_SET(*r, disaster_return_wait, B(wait_range));
	NAS_SET(*r, lower_bound, tmr(NAS_T3_30S, 4));
	r->has_forbid_roam = true;
	nas_tai_list_add(&r->forbid_roam, &tai1);
}

static void b_ul_nas(struct nas_msg *m)
{
	struct nas_ul_nas_transport *u = &m->ul_nas;
	nas_msg_init(m, NAS_UL_NAS_TRANSPORT);
	u->payload_type = NAS_PAYLOAD_N1_SM;
	u->payload = B(n1_sm_est_req);
	NAS_SET(*u, psi, 1);
	NAS_SET(*u, old_psi, 2);
	NAS_SET(*u, req_type, NAS_REQ_INITIAL);
	NAS_SET(*u, snssai, snssai(1, 0x000001));
	u->has_dnn = true;
	strcpy(u->dnn.s, "internet");
	NAS_SET(*u, add_info, B(add_info));
	NAS_SET(*u, ma_pdu_info, 0x01);
	NAS_SET(*u, rel_assist, 0x01);
}

static void b_dl_nas(struct nas_msg *m)
{
	struct nas_dl_nas_transport *d = &m->dl_nas;
	nas_msg_init(m, NAS_DL_NAS_TRANSPORT);
	d->payload_type = NAS_PAYLOAD_N1_SM;
	d->payload = B(n1_sm_est_req);
	NAS_SET(*d, psi, 1);
	NAS_SET(*d, add_info, B(add_info));
	NAS_SET(*d, cause, 90);
	NAS_SET(*d, backoff, tmr(NAS_T3_30S, 2));
	NAS_SET(*d, lower_bound, tmr(NAS_T3_2S, 5));
}

static void b_dereg_req_ue(struct nas_msg *m)
{
	struct nas_dereg_req_ue *d = &m->dereg_req_ue;
	nas_msg_init(m, NAS_DEREG_REQ_UE);
	d->dereg_type = (struct nas_dereg_type){ true, false, NAS_ACCESS_3GPP };
	d->ngksi = (struct nas_ksi){ 0, 2 };
	nas_id_guti(&d->mobile_id, &guami1, 0x01020304);
}

static void b_dereg_acc_ue(struct nas_msg *m)
{
	nas_msg_init(m, NAS_DEREG_ACC_UE);
}

static void b_dereg_req_nw(struct nas_msg *m)
{
	struct nas_dereg_req_nw *d = &m->dereg_req_nw;
	nas_msg_init(m, NAS_DEREG_REQ_NW);
	d->dereg_type = (struct nas_dereg_type){ false, true, NAS_ACCESS_BOTH };
	NAS_SET(*d, cause, 10);
	NAS_SET(*d, t3346, tmr(NAS_T_1MIN, 3));
	d->has_rejected_nssai = true;
	d->rejected_nssai.n = 1;
	d->rejected_nssai.e[0].s = (struct s_nssai){ 1, false, 0 };
	NAS_SET(*d, disaster_return_wait, B(wait_range));
	NAS_SET(*d, lower_bound, tmr(NAS_T3_1MIN, 1));
	d->has_forbid_regional = true;
	nas_tai_list_add(&d->forbid_regional, &tai1);
}

static void b_dereg_acc_nw(struct nas_msg *m)
{
	nas_msg_init(m, NAS_DEREG_ACC_NW);
}

static void b_service_req(struct nas_msg *m)
{
	struct nas_service_req *s = &m->service_req;
	nas_msg_init(m, NAS_SERVICE_REQ);
	s->ngksi = (struct nas_ksi){ 0, 1 };
	s->service_type = 1;
	s->stmsi.type = NAS_ID_STMSI;
	s->stmsi.stmsi.set = 0x3fe;
	s->stmsi.stmsi.pointer = 1;
	s->stmsi.stmsi.tmsi = 0xabcdef01;
	NAS_SET(*s, ul_data_status, 0x0002);
	NAS_SET(*s, pdu_status, 0x0002);
	NAS_SET(*s, allowed_pdu_status, 0x0002);
	NAS_SET(*s, nas_msg, B(inner_reg_req));
	NAS_SET(*s, ue_req_type, 0x01);
	NAS_SET(*s, paging_restr, B(paging_restr));
}

static void b_service_acc(struct nas_msg *m)
{
	struct nas_service_acc *s = &m->service_acc;
	static struct nas_psi_cause rerr[] = { { 3, 92 } };
	nas_msg_init(m, NAS_SERVICE_ACC);
	NAS_SET(*s, pdu_status, 0x000a);
	NAS_SET(*s, react_result, 0x0008);
	NAS_SET(*s, react_err, ((struct nas_psi_causes){ 1, rerr }));
	NAS_SET(*s, eap, B(eap_success));
	NAS_SET(*s, t3448, tmr(NAS_T_1MIN, 2));
	NAS_SET(*s, add_req_result, 0x01);
	s->has_forbid_roam = true;
	nas_tai_list_add(&s->forbid_roam, &tai1);
}

static void b_service_rej(struct nas_msg *m)
{
	struct nas_service_rej *s = &m->service_rej;
	nas_msg_init(m, NAS_SERVICE_REJ);
	s->cause = 9;
	NAS_SET(*s, pdu_status, 0x0000);
	NAS_SET(*s, t3346, tmr(NAS_T_2S, 30));
	NAS_SET(*s, eap, B(eap_success));
	NAS_SET(*s, t3448, tmr(NAS_T_1MIN, 1));
	NAS_SET(*s, disaster_return_wait, B(wait_range));
	NAS_SET(*s, lower_bound, tmr(NAS_T3_2S, 9));
}

static void b_conf_update_cmd(struct nas_msg *m)
{
	struct nas_conf_update_cmd *c = &m->conf_update_cmd;
	nas_msg_init(m, NAS_CONF_UPDATE_CMD);
	NAS_SET(*c, conf_update_ind, 0x01);
	c->has_guti = true;
	nas_id_guti(&c->guti, &guami1, 0x55667788);
	c->has_tai_list = true;
	nas_tai_list_add(&c->tai_list, &tai1);
	c->has_allowed_nssai = true;
	c->allowed_nssai.n = 1;
	c->allowed_nssai.e[0] = snssai(1, 0xFFFFFFFF);
	NAS_SET(*c, service_area, B(service_area));
	NAS_SET(*c, full_name, B(net_name));
	NAS_SET(*c, short_name, B(net_name));
	NAS_SET(*c, tz, 0x40);
	NAS_SET(*c, tz_time, B(tz_time));
	NAS_SET(*c, dst, 0x01);
	NAS_SET(*c, ladn_info, B(ladn_info));
	NAS_SET(*c, mico, 0x01);
	NAS_SET(*c, slicing_ind, 0x01);
	c->has_configured_nssai = true;
	c->configured_nssai.n = 1;
	c->configured_nssai.e[0] = snssai(2, 0x010203);
	c->has_rejected_nssai = true;
	c->rejected_nssai.n = 1;
	c->rejected_nssai.e[0].s = (struct s_nssai){ 3, false, 0 };
	NAS_SET(*c, sms_ind, 0x01);
	NAS_SET(*c, t3447, tmr(NAS_T3_1H, 2));
	NAS_SET(*c, radio_cap_id, B(radio_cap_id));
	NAS_SET(*c, radio_cap_del, 0x01);
	NAS_SET(*c, reg_result, NAS_RR_3GPP);
	NAS_SET(*c, trunc_stmsi, 0x44);
	NAS_SET(*c, add_conf_ind, 0x01);
	NAS_SET(*c, disaster_roam_wait, B(wait_range));
	NAS_SET(*c, disaster_return_wait, B(wait_range));
	NAS_SET(*c, disaster_plmns, B(disaster_plmns));
	NAS_SET(*c, priority_ind, 0x01);
}

static void b_conf_update_complete(struct nas_msg *m)
{
	nas_msg_init(m, NAS_CONF_UPDATE_COMPLETE);
}

static const uint8_t rand1[16] = { 0x23, 0x55, 0x3c, 0xbe, 0x96, 0x37, 0xa8, 0x9d,
				   0x21, 0x8a, 0xe6, 0x4d, 0xae, 0x47, 0xbf, 0x35 };
static const uint8_t autn1[16] = { 0x55, 0xf3, 0x28, 0xb4, 0x35, 0x07, 0x80, 0x00,
				   0xa4, 0x0f, 0x9c, 0x1e, 0x5a, 0x7d, 0x3c, 0x1f };

static void b_auth_req(struct nas_msg *m)
{
	struct nas_auth_req *a = &m->auth_req;
	nas_msg_init(m, NAS_AUTH_REQ);
	a->ngksi = (struct nas_ksi){ 0, 1 };
	a->abba = B(abba);
	a->has_rand = true;
	memcpy(a->rand, rand1, 16);
	a->has_autn = true;
	memcpy(a->autn, autn1, 16);
}

static void b_auth_req_eap(struct nas_msg *m)
{
	struct nas_auth_req *a = &m->auth_req;
	nas_msg_init(m, NAS_AUTH_REQ);
	a->ngksi = (struct nas_ksi){ 0, 4 };
	a->abba = B(abba);
	NAS_SET(*a, eap, B(eap_req));
}

static void b_auth_resp(struct nas_msg *m)
{
	struct nas_auth_resp *a = &m->auth_resp;
	nas_msg_init(m, NAS_AUTH_RESP);
	a->has_res = true;
	for (int i = 0; i < 16; i++)
		a->res[i] = (uint8_t)(0xa0 + i);
}

static void b_auth_resp_eap(struct nas_msg *m)
{
	nas_msg_init(m, NAS_AUTH_RESP);
	NAS_SET(m->auth_resp, eap, B(eap_req));
}

static void b_auth_rej(struct nas_msg *m)
{
	nas_msg_init(m, NAS_AUTH_REJ);
	NAS_SET(m->auth_rej, eap, B(eap_success));
}

static void b_auth_fail(struct nas_msg *m)
{
	struct nas_auth_fail *a = &m->auth_fail;
	nas_msg_init(m, NAS_AUTH_FAIL);
	a->cause = 21;
	a->has_auts = true;
	for (int i = 0; i < 14; i++)
		a->auts[i] = (uint8_t)(0x10 + i);
}

static void b_auth_result(struct nas_msg *m)
{
	struct nas_auth_result *a = &m->auth_result;
	nas_msg_init(m, NAS_AUTH_RESULT);
	a->ngksi = (struct nas_ksi){ 0, 5 };
	a->eap = B(eap_success);
	NAS_SET(*a, abba, B(abba));
}

static void b_identity_req(struct nas_msg *m)
{
	nas_msg_init(m, NAS_IDENTITY_REQ);
	m->identity_req.id_type = NAS_ID_SUCI;
}

static void b_identity_resp(struct nas_msg *m)
{
	nas_msg_init(m, NAS_IDENTITY_RESP);
	suci(&m->identity_resp.mobile_id);
}

static void b_identity_resp_imei(struct nas_msg *m)
{
	nas_msg_init(m, NAS_IDENTITY_RESP);
	m->identity_resp.mobile_id.type = NAS_ID_IMEI;
	strcpy(m->identity_resp.mobile_id.digits, "490154203237518");
}

static void b_identity_resp_mac(struct nas_msg *m)
{
	nas_msg_init(m, NAS_IDENTITY_RESP);
	m->identity_resp.mobile_id.type = NAS_ID_MAC;
	memcpy(m->identity_resp.mobile_id.mac.addr, "\x02\x11\x22\x33\x44\x55", 6);
	m->identity_resp.mobile_id.mac.mauri = true;
}

static void b_notification(struct nas_msg *m)
{
	nas_msg_init(m, NAS_NOTIFICATION);
	m->notification.access = NAS_ACCESS_N3GPP;
}

static void b_notification_resp(struct nas_msg *m)
{
	nas_msg_init(m, NAS_NOTIFICATION_RESP);
	NAS_SET(m->notification_resp, pdu_status, 0x0012);
}

static void b_smc(struct nas_msg *m)
{
	struct nas_smc *s = &m->smc;
	nas_msg_init(m, NAS_SMC);
	s->algs = (struct nas_sec_algs){ 0, 2 };
	s->ngksi = (struct nas_ksi){ 0, 1 };
	s->replayed_cap = (struct nas_ue_sec_cap){ 0xe0, 0x60, true, 0xe0, 0x60 };
	NAS_SET(*s, imeisv_req, 0x01);
	NAS_SET(*s, eps_algs, 0x02);
	NAS_SET(*s, add_sec_info, 0x02);
	NAS_SET(*s, abba, B(abba));
	NAS_SET(*s, s1_sec_cap, oct2(0xe0, 0x60));
}

static void b_smc_complete(struct nas_msg *m)
{
	struct nas_smc_complete *s = &m->smc_complete;
	nas_msg_init(m, NAS_SMC_COMPLETE);
	s->has_imeisv = true;
	s->imeisv.type = NAS_ID_IMEISV;
	strcpy(s->imeisv.digits, "4370816125816151");
	NAS_SET(*s, nas_msg, B(inner_reg_req));
}

static void b_smc_rej(struct nas_msg *m)
{
	nas_msg_init(m, NAS_SMC_REJ);
	m->smc_rej.cause = 23;
}

static void b_mm_status(struct nas_msg *m)
{
	nas_msg_init(m, NAS_5GMM_STATUS);
	m->mm_status.cause = 96;
}

static void b_cp_service_req(struct nas_msg *m)
{
	struct nas_cp_service_req *c = &m->cp_service_req;
	nas_msg_init(m, NAS_CP_SERVICE_REQ);
	c->cp_service_type = 0x01;
	c->ngksi = (struct nas_ksi){ 0, 2 };
	NAS_SET(*c, psi, 5);
	NAS_SET(*c, pdu_status, 0x0020);
	NAS_SET(*c, rel_assist, 0x02);
	NAS_SET(*c, ul_data_status, 0x0020);
	NAS_SET(*c, allowed_pdu_status, 0x0020);
	NAS_SET(*c, ue_req_type, 0x01);
}

static void b_nssaa_cmd(struct nas_msg *m)
{
	nas_msg_init(m, NAS_NSSAA_CMD);
	m->nssaa.snssai = snssai(1, 0x000101);
	m->nssaa.eap = B(eap_req);
}

static void b_nssaa_complete(struct nas_msg *m)
{
	nas_msg_init(m, NAS_NSSAA_COMPLETE);
	m->nssaa.snssai = snssai(1, 0x000101);
	m->nssaa.eap = B(eap_req);
}

static void b_nssaa_result(struct nas_msg *m)
{
	nas_msg_init(m, NAS_NSSAA_RESULT);
	m->nssaa.snssai = snssai(1, 0xFFFFFFFF);
	m->nssaa.eap = B(eap_success);
}

/* ---- 5GSM ---- */

static void sm_hdr(struct nas_msg *m, uint8_t type)
{
	nas_msg_init(m, type);
	m->psi = 5;
	m->pti = 7;
}

static void b_pdu_est_req(struct nas_msg *m)
{
	struct nas_pdu_est_req *p = &m->pdu_est_req;
	sm_hdr(m, NAS_PDU_EST_REQ);
	p->ipmdr = (struct nas_ipmdr){ 0xff, 0xff };
	NAS_SET(*p, pdu_type, NAS_PDU_IPV4V6);
	NAS_SET(*p, ssc_mode, 1);
	NAS_SET(*p, sm_cap, oct1(0x01));
	NAS_SET(*p, max_pf, 16);
	NAS_SET(*p, always_on, 0x01);
	NAS_SET(*p, dn_req, B(dn_req));
	NAS_SET(*p, epco, epco_ue());
	NAS_SET(*p, dstt_mac, B(dstt_mac));
	NAS_SET(*p, dstt_residence, B(residence));
	NAS_SET(*p, ehc, 0x01);
	p->has_suggested_ifid = true;
	p->suggested_ifid.type = NAS_PDU_IPV6;
	memcpy(p->suggested_ifid.ifid, "\x00\x00\x00\x00\x00\x00\x00\x01", 8);
}

static void b_pdu_est_acc(struct nas_msg *m)
{
	struct nas_pdu_est_acc *p = &m->pdu_est_acc;
	sm_hdr(m, NAS_PDU_EST_ACC);
	p->pdu_type = NAS_PDU_IPV4;
	p->ssc_mode = 1;
	p->qos_rules = (struct nas_qos_rules){ 2, rules };
	p->ambr.dl = nas_bitrate_from_kbps(1000000);
	p->ambr.ul = nas_bitrate_from_kbps(500000);
	NAS_SET(*p, cause, 50);
	p->has_pdu_addr = true;
	p->pdu_addr.type = NAS_PDU_IPV4;
	memcpy(p->pdu_addr.ipv4, "\x0a\x2d\x00\x07", 4);
	NAS_SET(*p, rq_timer, tmr(NAS_T_1MIN, 1));
	NAS_SET(*p, snssai, snssai(1, 0x000001));
	NAS_SET(*p, always_on, 0x01);
	NAS_SET(*p, eap, B(eap_success));
	NAS_SET(*p, qos_flows, ((struct nas_qos_flows){ 2, flows }));
	NAS_SET(*p, epco, epco_network());
	p->has_dnn = true;
	strcpy(p->dnn.s, "internet");
	NAS_SET(*p, sm_nfs, oct1(0x01));
	NAS_SET(*p, rate_ctrl, B(rate_ctrl));
	NAS_SET(*p, cp_only, 0x01);
	NAS_SET(*p, iphc, B(iphc));
	NAS_SET(*p, ehc, 0x02);
}

static void b_pdu_est_acc_v4v6(struct nas_msg *m)
{
	struct nas_pdu_est_acc *p = &m->pdu_est_acc;
	sm_hdr(m, NAS_PDU_EST_ACC);
	p->pdu_type = NAS_PDU_IPV4V6;
	p->ssc_mode = 1;
	p->qos_rules = (struct nas_qos_rules){ 1, rules };
	p->ambr.dl = (struct nas_bitrate){ 6, 100 };
	p->ambr.ul = (struct nas_bitrate){ 6, 50 };
	p->has_pdu_addr = true;
	p->pdu_addr.type = NAS_PDU_IPV4V6;
	memcpy(p->pdu_addr.ifid, "\x12\x34\x56\x78\x9a\xbc\xde\xf0", 8);
	memcpy(p->pdu_addr.ipv4, "\x0a\x2d\x00\x08", 4);
	p->pdu_addr.has_smf_ll = true;
	memcpy(p->pdu_addr.smf_ll, "\xfe\x80\0\0\0\0\0\0\0\0\0\0\0\0\0\x01", 16);
	NAS_SET(*p, snssai, snssai(1, 0xFFFFFFFF));
	p->has_dnn = true;
	strcpy(p->dnn.s, "ims.mnc001.mcc001.gprs");
}

static void b_pdu_est_rej(struct nas_msg *m)
{
	struct nas_pdu_est_rej *p = &m->pdu_est_rej;
	sm_hdr(m, NAS_PDU_EST_REJ);
	p->cause = 27;
	NAS_SET(*p, backoff, tmr(NAS_T3_1MIN, 5));
	NAS_SET(*p, allowed_ssc, 0x01);
	NAS_SET(*p, eap, B(eap_success));
	NAS_SET(*p, congestion, 0x01);
	NAS_SET(*p, epco, epco_network());
	NAS_SET(*p, reattempt, 0x01);
}

static void b_pdu_auth_cmd(struct nas_msg *m)
{
	sm_hdr(m, NAS_PDU_AUTH_CMD);
	m->pdu_auth.eap = B(eap_req);
	NAS_SET(m->pdu_auth, epco, epco_network());
}

static void b_pdu_auth_complete(struct nas_msg *m)
{
	sm_hdr(m, NAS_PDU_AUTH_COMPLETE);
	m->pdu_auth.eap = B(eap_req);
	NAS_SET(m->pdu_auth, epco, epco_ue());
}

static void b_pdu_auth_result(struct nas_msg *m)
{
	sm_hdr(m, NAS_PDU_AUTH_RESULT);
	NAS_SET(m->pdu_auth_result, eap, B(eap_success));
	NAS_SET(m->pdu_auth_result, epco, epco_network());
}

static void b_pdu_mod_req(struct nas_msg *m)
{
	struct nas_pdu_mod_req *p = &m->pdu_mod_req;
	static struct nas_pkt_filter del[] = { { 0, 2, 0, NULL } };
	static struct nas_qos_rule req[] = {
		{ .id = 2, .op = NAS_QR_DELETE_PF, .n_pf = 1, .pf = del },
		{ .id = 3,
		  .op = NAS_QR_CREATE,
		  .n_pf = 1,
		  .pf = pfs_sip,
		  .has_precedence = true,
		  .precedence = 20,
		  .has_qfi = true,
		  .segregation = true,
		  .qfi = 0 },
	};
	sm_hdr(m, NAS_PDU_MOD_REQ);
	NAS_SET(*p, sm_cap, oct1(0x01));
	NAS_SET(*p, cause, 36);
	NAS_SET(*p, max_pf, 64);
	NAS_SET(*p, always_on, 0x01);
	NAS_SET(*p, ipmdr, ((struct nas_ipmdr){ 0x00, 0xff }));
	NAS_SET(*p, qos_rules, ((struct nas_qos_rules){ 2, req }));
	NAS_SET(*p, qos_flows, ((struct nas_qos_flows){ 1, flows + 1 }));
	NAS_SET(*p, epco, epco_ue());
	NAS_SET(*p, ehc, 0x01);
}

static void b_pdu_mod_rej(struct nas_msg *m)
{
	struct nas_pdu_mod_rej *p = &m->pdu_mod_rej;
	sm_hdr(m, NAS_PDU_MOD_REJ);
	p->cause = 37;
	NAS_SET(*p, backoff, tmr(NAS_T3_10MIN, 1));
	NAS_SET(*p, congestion, 0x02);
	NAS_SET(*p, epco, epco_network());
	NAS_SET(*p, reattempt, 0x02);
}

static void b_pdu_mod_cmd(struct nas_msg *m)
{
	struct nas_pdu_mod_cmd *p = &m->pdu_mod_cmd;
	static struct nas_qos_rule mod[] = {
		{ .id = 1, .op = NAS_QR_MODIFY, .has_precedence = true, .precedence = 254 },
		{ .id = 2, .op = NAS_QR_DELETE },
	};
	static struct nas_qos_flow fl[] = { { .qfi = 2, .op = NAS_QF_DELETE } };
	sm_hdr(m, NAS_PDU_MOD_CMD);
	NAS_SET(*p, cause, 39);
	p->has_ambr = true;
	p->ambr.dl = nas_bitrate_from_kbps(2000000);
	p->ambr.ul = nas_bitrate_from_kbps(1000000);
	NAS_SET(*p, rq_timer, tmr(NAS_T_2S, 30));
	NAS_SET(*p, always_on, 0x01);
	NAS_SET(*p, qos_rules, ((struct nas_qos_rules){ 2, mod }));
	NAS_SET(*p, qos_flows, ((struct nas_qos_flows){ 1, fl }));
	NAS_SET(*p, epco, epco_network());
	NAS_SET(*p, iphc, B(iphc));
	NAS_SET(*p, rate_ctrl, B(rate_ctrl));
	NAS_SET(*p, ehc, 0x01);
}

static void b_pdu_mod_complete(struct nas_msg *m)
{
	sm_hdr(m, NAS_PDU_MOD_COMPLETE);
	NAS_SET(m->pdu_mod_complete, epco, epco_ue());
}

static void b_pdu_mod_cmd_rej(struct nas_msg *m)
{
	sm_hdr(m, NAS_PDU_MOD_CMD_REJ);
	m->pdu_mod_cmd_rej.cause = 84;
	NAS_SET(m->pdu_mod_cmd_rej, epco, epco_ue());
}

static void b_pdu_rel_req(struct nas_msg *m)
{
	sm_hdr(m, NAS_PDU_REL_REQ);
	NAS_SET(m->pdu_rel_req, cause, 36);
	NAS_SET(m->pdu_rel_req, epco, epco_ue());
}

static void b_pdu_rel_rej(struct nas_msg *m)
{
	sm_hdr(m, NAS_PDU_REL_REJ);
	m->pdu_rel_rej.cause = 43;
	NAS_SET(m->pdu_rel_rej, epco, epco_network());
}

static void b_pdu_rel_cmd(struct nas_msg *m)
{
	struct nas_pdu_rel_cmd *p = &m->pdu_rel_cmd;
	sm_hdr(m, NAS_PDU_REL_CMD);
	p->cause = 36;
	NAS_SET(*p, backoff, tmr(NAS_T3_1MIN, 2));
	NAS_SET(*p, eap, B(eap_success));
	NAS_SET(*p, congestion, 0x01);
	NAS_SET(*p, epco, epco_network());
	NAS_SET(*p, access, NAS_ACCESS_3GPP);
}

static void b_pdu_rel_complete(struct nas_msg *m)
{
	sm_hdr(m, NAS_PDU_REL_COMPLETE);
	NAS_SET(m->pdu_rel_complete, cause, 36);
	NAS_SET(m->pdu_rel_complete, epco, epco_ue());
}

static void b_sm_status(struct nas_msg *m)
{
	sm_hdr(m, NAS_5GSM_STATUS);
	m->sm_status.cause = 81;
}

/* Service-level-AA container: one service-level device ID parameter (9.11.2.10). */
static const uint8_t slaa[] = { 0x10, 0x00, 0x04, 'u', 'a', 'v', '1' };

static void b_sla_cmd(struct nas_msg *m)
{
	sm_hdr(m, NAS_SLA_CMD);
	m->sla.slaa = B(slaa);
}

static void b_sla_complete(struct nas_msg *m)
{
	sm_hdr(m, NAS_SLA_COMPLETE);
	m->sla.slaa = B(slaa);
}

#define S(name, ...)                                                                               \
	{                                                                                          \
#name, b_##name, __VA_ARGS__                                                       \
	}

const struct nas_sample nas_samples[] = {
	S(reg_req,
	  "nas_5gs.mm.message_type=0x41;nas_5gs.mm.5gs_reg_type=1;nas_5gs.mm.for=1;"
	  "nas_5gs.mm.suci.routing_indicator=678;nas_5gs.mm.suci.msin=0000000001;"
	  "nas_5gs.mm.suci.scheme_id=0;e212.mcc=1;nas_5gs.mm.sst=2;nas_5gs.mm.mm_sd=0x010203;"
	  "nas_5gs.tac=1;nas_5gs.5g_tmsi=0x12345678;nas_5gs.mm.pld_cont_type=1;"
	  "nas_5gs.sm.message_type=0xc1;nas_5gs.cmn.dnn=iot;nas_5gs.mm.ue_usage_setting=1;"
	  "nas_5gs.mm.drx_value=3;nas_5gs.mm.nb_n1_drx_value=2"),
	S(reg_req_min, "nas_5gs.mm.message_type=0x41;nas_5gs.mm.suci.msin=0000000001;"
		       "nas_5gs.mm.sst=1;nas_5gs.mm.nas_key_set_id.h1=7"),
	S(reg_req_profile_a, "nas_5gs.mm.suci.scheme_id=1;nas_5gs.mm.suci.pki=1;"
			     "nas_5gs.mm.suci.scheme_output.mac_tag=0xd56f73e89ee64117"),
	S(reg_req_profile_b, "nas_5gs.mm.suci.scheme_id=2;nas_5gs.mm.suci.pki=2;e212.mcc=310;"
			     "e212.mnc=410;nas_5gs.mm.suci.routing_indicator=0"),
	S(reg_req_guti, "nas_5gs.mm.5gs_reg_type=2;nas_5gs.mm.type_id=2;nas_5gs.amf_region_id=0xca;"
			"nas_5gs.amf_set_id=0x3fe;nas_5gs.amf_pointer=1;nas_5gs.5g_tmsi=0xc0ffee01;"
			"nas_5gs.mm.nas_key_set_id.h1=3"),
	S(reg_acc,
	  "nas_5gs.mm.message_type=0x42;nas_5gs.mm.reg_res.res=1;nas_5gs.mm.reg_res.sms_all=1;"
	  "nas_5gs.5g_tmsi=1;e212.mcc=310;nas_5gs.tac=0x00abcd;nas_5gs.mm.sst=2;"
	  "nas_5gs.mm.mm_sd=0x010203;nas_5gs.mm.mapped_hplmn_sst=1;"
	  "nas_5gs.nw_feat_sup.vops_3gpp=1;nas_5gs.mm.rej_s_nssai.cause=1"),
	S(reg_acc_min, "nas_5gs.mm.reg_res.res=1;nas_5gs.5g_tmsi=0xfedcba98;nas_5gs.mm.tal_t_li=1;"
		       "nas_5gs.mm.tal_num_e=3;nas_5gs.tac=0x10"),
	S(reg_complete, "nas_5gs.mm.message_type=0x43"),
	S(reg_rej, "nas_5gs.mm.message_type=0x44;nas_5gs.mm.5gmm_cause=62"),
	S(ul_nas,
	  "nas_5gs.mm.message_type=0x67;nas_5gs.mm.pld_cont_type=1;nas_5gs.pdu_session_id=1;"
	  "nas_5gs.mm.req_type=1;nas_5gs.cmn.dnn=internet;nas_5gs.mm.sst=1;nas_5gs.mm.mm_sd=1;"
	  "nas_5gs.sm.message_type=0xc1"),
	S(dl_nas, "nas_5gs.mm.message_type=0x68;nas_5gs.pdu_session_id=1;nas_5gs.mm.5gmm_cause=90"),
	S(dereg_req_ue,
	  "nas_5gs.mm.message_type=0x45;nas_5gs.mm.switch_off=1;nas_5gs.mm.acc_type=1;"
	  "nas_5gs.5g_tmsi=0x01020304"),
	S(dereg_acc_ue, "nas_5gs.mm.message_type=0x46"),
	S(dereg_req_nw,
	  "nas_5gs.mm.message_type=0x47;nas_5gs.mm.re_reg_req=1;nas_5gs.mm.acc_type=3;"
	  "nas_5gs.mm.5gmm_cause=10"),
	S(dereg_acc_nw, "nas_5gs.mm.message_type=0x48"),
	S(service_req,
	  "nas_5gs.mm.message_type=0x4c;nas_5gs.mm.serv_type=1;nas_5gs.amf_set_id=0x3fe;"
	  "nas_5gs.5g_tmsi=0xabcdef01;nas_5gs.mm.nas_key_set_id=1"),
	S(service_acc, "nas_5gs.mm.message_type=0x4e"),
	S(service_rej, "nas_5gs.mm.message_type=0x4d;nas_5gs.mm.5gmm_cause=9"),
	S(conf_update_cmd, "nas_5gs.mm.message_type=0x54;nas_5gs.mm.conf_upd_ind.ack=1;"
			   "nas_5gs.5g_tmsi=0x55667788;nas_5gs.mm.sst=2"),
	S(conf_update_complete, "nas_5gs.mm.message_type=0x55"),
	S(auth_req, "nas_5gs.mm.message_type=0x56;nas_5gs.mm.nas_key_set_id=1;"
		    "gsm_a.dtap.rand=23553cbe9637a89d218ae64dae47bf35;"
		    "nas_5gs.mm.abba_contents=0x0000"),
	S(auth_req_eap, "nas_5gs.mm.message_type=0x56;eap.code=1;eap.type=50"),
	S(auth_resp, "nas_5gs.mm.message_type=0x57"),
	S(auth_resp_eap, "nas_5gs.mm.message_type=0x57;eap.code=1"),
	S(auth_rej, "nas_5gs.mm.message_type=0x58;eap.code=3"),
	S(auth_fail, "nas_5gs.mm.message_type=0x59;nas_5gs.mm.5gmm_cause=21"),
	S(auth_result, "nas_5gs.mm.message_type=0x5a;eap.code=3"),
	S(identity_req, "nas_5gs.mm.message_type=0x5b;nas_5gs.mm.type_id=1"),
	S(identity_resp, "nas_5gs.mm.message_type=0x5c;nas_5gs.mm.suci.msin=0000000001"),
	S(identity_resp_imei, "nas_5gs.mm.type_id=3;nas_5gs.mm.imei=490154203237518"),
	S(identity_resp_mac,
	  "nas_5gs.mm.type_id=6;nas_5gs.mm.mac_addr=02:11:22:33:44:55;nas_5gs.mm.mauri=1"),
	S(notification, "nas_5gs.mm.message_type=0x65;nas_5gs.cmn.acc_type=2"),
	S(notification_resp, "nas_5gs.mm.message_type=0x66"),
	S(smc,
	  "nas_5gs.mm.message_type=0x5d;nas_5gs.mm.nas_sec_algo_enc=0;nas_5gs.mm.nas_sec_algo_ip=2;"
	  "nas_5gs.mm.nas_key_set_id=1;nas_5gs.mm.hdp=0;nas_5gs.mm.rinmr=1"),
	S(smc_complete, "nas_5gs.mm.message_type=0x5e;nas_5gs.mm.imeisv=4370816125816151"),
	S(smc_rej, "nas_5gs.mm.message_type=0x5f;nas_5gs.mm.5gmm_cause=23"),
	S(mm_status, "nas_5gs.mm.message_type=0x64;nas_5gs.mm.5gmm_cause=96"),
	S(cp_service_req, "nas_5gs.mm.message_type=0x4f;nas_5gs.pdu_session_id=5"),
	S(nssaa_cmd, "nas_5gs.mm.message_type=0x50;nas_5gs.mm.sst=1;nas_5gs.mm.mm_sd=0x000101"),
	S(nssaa_complete, "nas_5gs.mm.message_type=0x51;nas_5gs.mm.sst=1"),
	S(nssaa_result, "nas_5gs.mm.message_type=0x52;nas_5gs.mm.sst=1;eap.code=3"),
	S(pdu_est_req,
	  "nas_5gs.sm.message_type=0xc1;nas_5gs.pdu_session_id=5;nas_5gs.proc_trans_id=7;"
	  "nas_5gs.sm.pdu_session_type=3;nas_5gs.sm.sc_mode=1;"
	  "nas_5gs.sm.int_prot_max_data_rate_ul=0xff;nas_5gs.sm.max_nb_sup_pkt_flt.nb=16"),
	S(pdu_est_acc,
	  "nas_5gs.sm.message_type=0xc2;nas_5gs.sm.pdu_ses_type=1;"
	  "nas_5gs.sm.pdu_addr_inf_ipv4=10.45.0.7;nas_5gs.sm.qos_rule_id=2;"
	  "nas_5gs.sm.qos_rule_precedence=10;nas_5gs.sm.qfi=2;nas_5gs.sm.5qi=9;"
	  "nas_5gs.sm.5qi=1;nas_5gs.sm.gfbr_ul=128;nas_5gs.sm.averaging_window=2000;"
	  "nas_5gs.sm.eps_bearer_id=6;nas_5gs.sm.unit_for_session_ambr_dl=3;"
	  "nas_5gs.sm.session_ambr_dl=62500;nas_5gs.sm.session_ambr_ul=31250;"
	  "nas_5gs.cmn.dnn=internet;nas_5gs.sm.5gsm_cause=50;gsm_a.gm.sm.pco_pid=0x000d;"
	  "gsm_a.gm.sm.pco.dns.ipv4=8.8.8.8;gsm_a.gm.sm.pco.ipv4_link_mtu_size=1400;"
	  "nas_5gs.sm.pkt_flt_dir=3;nas_5gs.single_port_number=5060"),
	S(pdu_est_acc_v4v6, "nas_5gs.sm.pdu_ses_type=3;nas_5gs.sm.pdu_addr_inf_ipv4=10.45.0.8;"
			    "nas_5gs.sm.si6lla=1;nas_5gs.cmn.dnn=ims.mnc001.mcc001.gprs"),
	S(pdu_est_rej, "nas_5gs.sm.message_type=0xc3;nas_5gs.sm.5gsm_cause=27"),
	S(pdu_auth_cmd, "nas_5gs.sm.message_type=0xc5;eap.code=1"),
	S(pdu_auth_complete, "nas_5gs.sm.message_type=0xc6"),
	S(pdu_auth_result, "nas_5gs.sm.message_type=0xc7;eap.code=3"),
	S(pdu_mod_req, "nas_5gs.sm.message_type=0xc9;nas_5gs.sm.5gsm_cause=36;nas_5gs.sm.rop=5;"
		       "nas_5gs.sm.segregation=1"),
	S(pdu_mod_rej, "nas_5gs.sm.message_type=0xca;nas_5gs.sm.5gsm_cause=37"),
	S(pdu_mod_cmd,
	  "nas_5gs.sm.message_type=0xcb;nas_5gs.sm.rop=6;nas_5gs.sm.qos_rule_precedence=254;"
	  "nas_5gs.sm.session_ambr_dl=31250"),
	S(pdu_mod_complete, "nas_5gs.sm.message_type=0xcc"),
	S(pdu_mod_cmd_rej, "nas_5gs.sm.message_type=0xcd;nas_5gs.sm.5gsm_cause=84"),
	S(pdu_rel_req, "nas_5gs.sm.message_type=0xd1;nas_5gs.sm.5gsm_cause=36"),
	S(pdu_rel_rej, "nas_5gs.sm.message_type=0xd2;nas_5gs.sm.5gsm_cause=43"),
	S(pdu_rel_cmd, "nas_5gs.sm.message_type=0xd3;nas_5gs.sm.5gsm_cause=36"),
	S(pdu_rel_complete, "nas_5gs.sm.message_type=0xd4"),
	S(sm_status, "nas_5gs.sm.message_type=0xd6;nas_5gs.sm.5gsm_cause=81"),
	/* Wireshark 4.0 predates these (Rel-17): it checks the header only. */
	S(sla_cmd, "nas_5gs.pdu_session_id=5;nas_5gs.proc_trans_id=7"),
	S(sla_complete, "nas_5gs.pdu_session_id=5;nas_5gs.proc_trans_id=7"),
};

const size_t nas_n_samples = sizeof(nas_samples) / sizeof(nas_samples[0]);
