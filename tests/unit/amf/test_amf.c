/* test_amf.c — the AMF's NGAP and GMM state machines against fake peers
 * (amf_harness.h): a test gNB/UE doing real 5G AKA and NAS security, and a
 * fake AUSF/UDM over HTTP/2. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/crypto/kdf.h"
#include "lib/crypto/nas_alg.h"
#include "lib/sbi/sbi_client.h"
#include "nf/amf/amf.h"
#include "tests/unit/amf/amf_harness.h"
#include "tests/unit/t.h"

static const uint8_t K[16] = { 0x46, 0x5b, 0x5c, 0xe8, 0xb1, 0x99, 0xb4, 0x9f,
			       0xaa, 0x5f, 0x0a, 0x2e, 0xe2, 0x38, 0xa6, 0xbc };
static const uint8_t OPC[16] = { 0xcd, 0x63, 0xcb, 0x71, 0x95, 0x4a, 0x9f, 0x4e,
				 0x48, 0xa5, 0x99, 0x4e, 0x37, 0xa0, 0x2b, 0xaf };
static const struct s_nssai SST1 = { .sst = 1 };

/* AMF up, gNB associated and set up, one subscriber "0000000001". */
static void up(void (*tune)(struct amf_cfg *c))
{
	h_start(tune);
	h_assoc_up();
	CHECK(h_ng_setup(1, &SST1));
	h_add_sub("0000000001", K, OPC, 0);
}

/* The next PDU that carries NAS (skipping others); false if none. */
static bool next_nas(struct h_rx *rx, struct h_ue *ue, int ms)
{
	while (h_next(rx, ue, ms))
		if (rx->has_nas)
			return true;
	return false;
}

/* Waits for a PDU of type msg; false if another came first or none. */
static bool expect_pdu(struct h_rx *rx, struct h_ue *ue, enum ngap_msg msg, int ms)
{
	return h_next(rx, ue, ms) && rx->pdu.msg == msg;
}

/* ---- NGAP interface management ---- */

static void ng_setup_accepted_for_served_tai_and_slice(void)
{
	struct h_rx rx;
	h_start(NULL);
	h_assoc_up();
	CHECK(h_ng_setup(1, &SST1));
	CHECK_EQ(h_metric("ngcore_amf_gnbs_connected", ""), 1);
	CHECK_EQ(h_amf->n_gnbs_ready, 1);
	/* Setting up again is allowed (TS 38.413 8.7.1.1). */
	CHECK(h_ng_setup(1, &SST1));
	CHECK_EQ(h_amf->n_gnbs_ready, 1);
	CHECK(!h_next(&rx, NULL, 20));
	h_stop();
}

static void ng_setup_failure_causes(void)
{
	struct h_rx rx;
	static const uint8_t bad_tac[] = {
		/* TESTING.md's NGSetupRequest with TAC 000002 instead of 000001 */
		0x00, 0x15, 0x00, 0x37, 0x00, 0x00, 0x04, 0x00, 0x1b, 0x00, 0x09, 0x00,
		0x00, 0xf1, 0x10, 0x50, 0x00, 0x00, 0x00, 0x01, 0x00, 0x52, 0x40, 0x0a,
		0x03, 0x80, 0x67, 0x6e, 0x62, 0x2d, 0x74, 0x65, 0x73, 0x74, 0x00, 0x66,
		0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0xf1, 0x10, 0x00,
		0x00, 0x10, 0x08, 0x01, 0x02, 0x03, 0x00, 0x15, 0x40, 0x01, 0x40
	};
	h_start(NULL);
	h_assoc_up();
	h_send_raw(bad_tac, sizeof(bad_tac));
	CHECK(expect_pdu(&rx, NULL, NGAP_MSG_NGSetupFailure, 100));
	CHECK_EQ(rx.pdu.u.NGSetupFailure.Cause.present, NGAP_Cause_PR_misc);
	CHECK_EQ(rx.pdu.u.NGSetupFailure.Cause.u.misc, NGAP_CauseMisc_unknown_PLMN_or_SNPN);
	CHECK(rx.pdu.u.NGSetupFailure.TimeToWait != NULL);
	/* Served TAC, but only a slice the AMF does not support. */
	struct s_nssai s5 = { .sst = 5 };
	CHECK(!h_ng_setup_rx(1, &s5, &rx));
	CHECK_EQ(rx.pdu.msg, NGAP_MSG_NGSetupFailure);
	CHECK_EQ(rx.pdu.u.NGSetupFailure.Cause.present, NGAP_Cause_PR_radioNetwork);
	CHECK_EQ(rx.pdu.u.NGSetupFailure.Cause.u.radioNetwork,
		 NGAP_CauseRadioNetwork_slice_not_supported);
	CHECK_EQ(h_amf->n_gnbs_ready, 0);
	CHECK_EQ(h_metric("ngcore_amf_gnbs_connected", ""), 0);
	h_stop();
}

static void ng_setup_without_mandatory_ie_fails_with_diagnostics(void)
{
	struct h_rx rx;
	/* The NGSetupRequest above without its SupportedTAList (id 102). */
	static const uint8_t no_tal[] = { 0x00, 0x15, 0x00, 0x23, 0x00, 0x00, 0x03, 0x00,
					  0x1b, 0x00, 0x09, 0x00, 0x00, 0xf1, 0x10, 0x50,
					  0x00, 0x00, 0x00, 0x01, 0x00, 0x52, 0x40, 0x0a,
					  0x03, 0x80, 0x67, 0x6e, 0x62, 0x2d, 0x74, 0x65,
					  0x73, 0x74, 0x00, 0x15, 0x40, 0x01, 0x40 };
	h_start(NULL);
	h_assoc_up();
	h_send_raw(no_tal, sizeof(no_tal));
	CHECK(expect_pdu(&rx, NULL, NGAP_MSG_NGSetupFailure, 100));
	const struct ngap_NGSetupFailure *f = &rx.pdu.u.NGSetupFailure;
	CHECK_EQ(f->Cause.present, NGAP_Cause_PR_protocol);
	CHECK_EQ(f->Cause.u.protocol, NGAP_CauseProtocol_abstract_syntax_error_reject);
	CHECK(f->CriticalityDiagnostics && f->CriticalityDiagnostics->iEsCriticalityDiagnostics);
	if (f->CriticalityDiagnostics && f->CriticalityDiagnostics->iEsCriticalityDiagnostics) {
		const struct ngap_CriticalityDiagnostics_IE_List *l =
			f->CriticalityDiagnostics->iEsCriticalityDiagnostics;
		CHECK_EQ(l->n, 1);
		CHECK_EQ(l->v[0].iE_ID, 102);
		CHECK_EQ(l->v[0].typeOfError, NGAP_TypeOfError_missing);
		CHECK(f->CriticalityDiagnostics->procedureCode &&
		      *f->CriticalityDiagnostics->procedureCode == NGAP_PROC_NGSetup);
	}
	CHECK_EQ(h_metric("ngcore_amf_ngap_decode_errors_total", ""), 1);
	h_stop();
}

static void malformed_ngap_gets_error_indication_and_amf_keeps_serving(void)
{
	struct h_rx rx;
	static const uint8_t junk[] = { 0x00, 0x15, 0x00, 0x37, 0x00, 0x00 };
	static const uint8_t unknown_proc[] = { 0x00, 0xfe, 0x00, 0x03, 0x00, 0x00, 0x00 };
	h_start(NULL);
	h_assoc_up();
	h_send_raw(junk, sizeof(junk));
	CHECK(expect_pdu(&rx, NULL, NGAP_MSG_ErrorIndication, 100));
	CHECK(rx.pdu.u.ErrorIndication.Cause &&
	      rx.pdu.u.ErrorIndication.Cause->present == NGAP_Cause_PR_protocol &&
	      rx.pdu.u.ErrorIndication.Cause->u.protocol ==
		      NGAP_CauseProtocol_transfer_syntax_error);
	/* An unknown procedure with criticality reject: abstract syntax error. */
	h_send_raw(unknown_proc, sizeof(unknown_proc));
	CHECK(expect_pdu(&rx, NULL, NGAP_MSG_ErrorIndication, 100));
	CHECK(rx.pdu.u.ErrorIndication.Cause &&
	      rx.pdu.u.ErrorIndication.Cause->present == NGAP_Cause_PR_protocol &&
	      rx.pdu.u.ErrorIndication.Cause->u.protocol ==
		      NGAP_CauseProtocol_abstract_syntax_error_reject);
	CHECK(rx.pdu.u.ErrorIndication.CriticalityDiagnostics &&
	      rx.pdu.u.ErrorIndication.CriticalityDiagnostics->procedureCode &&
	      *rx.pdu.u.ErrorIndication.CriticalityDiagnostics->procedureCode == 0xfe);
	/* And it still sets the gNB up. */
	CHECK(h_ng_setup(1, &SST1));
	h_stop();
}

static void ue_message_before_ng_setup_is_not_compatible(void)
{
	struct h_rx rx;
	struct h_ue ue;
	struct nas_msg m;
	h_start(NULL);
	h_assoc_up();
	h_ue_init(&ue, "0000000001", K, OPC, 1);
	h_reg_req(&ue, &m, NAS_REG_INITIAL, false, false);
	h_ue_send(&ue, &m, 0, true);
	CHECK(expect_pdu(&rx, NULL, NGAP_MSG_ErrorIndication, 100));
	CHECK(rx.pdu.u.ErrorIndication.Cause &&
	      rx.pdu.u.ErrorIndication.Cause->u.protocol ==
		      NGAP_CauseProtocol_message_not_compatible_with_receiver_state);
	CHECK_EQ(h_amf->ues.used, 0);
	h_stop();
}

static void ran_configuration_update_acknowledged(void)
{
	struct h_rx rx;
	struct ngap_pdu pdu;
	char name[] = "renamed";
	struct ngap_octets nm = { (const uint8_t *)name, strlen(name) };
	up(NULL);
	memset(&pdu, 0, sizeof(pdu));
	pdu.msg = NGAP_MSG_RANConfigurationUpdate;
	pdu.u.RANConfigurationUpdate.RANNodeName = &nm;
	h_send_pdu(&pdu);
	CHECK(expect_pdu(&rx, NULL, NGAP_MSG_RANConfigurationUpdateAcknowledge, 100));
	h_stop();
}

static void unknown_amf_ue_ngap_id_gets_error_indication(void)
{
	struct h_rx rx;
	struct h_ue ue;
	struct nas_msg m;
	up(NULL);
	h_ue_init(&ue, "0000000001", K, OPC, 5);
	ue.amf_id = 12345;
	nas_msg_init(&m, NAS_REG_COMPLETE);
	h_ue_send(&ue, &m, 0, false);
	CHECK(expect_pdu(&rx, NULL, NGAP_MSG_ErrorIndication, 100));
	CHECK(rx.pdu.u.ErrorIndication.Cause &&
	      rx.pdu.u.ErrorIndication.Cause->present == NGAP_Cause_PR_radioNetwork &&
	      rx.pdu.u.ErrorIndication.Cause->u.radioNetwork ==
		      NGAP_CauseRadioNetwork_unknown_local_UE_NGAP_ID);
	CHECK(rx.pdu.u.ErrorIndication.RAN_UE_NGAP_ID &&
	      *rx.pdu.u.ErrorIndication.RAN_UE_NGAP_ID == 5);
	h_stop();
}

static void unimplemented_class2_ignored_unexpected_response_reported(void)
{
	struct h_rx rx;
	struct ngap_pdu pdu;
	struct plmn p = { 1, 1, 2 };
	struct tai t = { p, 1 };
	up(NULL);
	memset(&pdu, 0, sizeof(pdu));
	pdu.msg = NGAP_MSG_RRCInactiveTransitionReport; /* class 2: no answer exists */
	pdu.u.RRCInactiveTransitionReport.AMF_UE_NGAP_ID = 77;
	pdu.u.RRCInactiveTransitionReport.RAN_UE_NGAP_ID = 7;
	pdu.u.RRCInactiveTransitionReport.UserLocationInformation.present =
		NGAP_UserLocationInformation_PR_userLocationInformationNR;
	struct ngap_UserLocationInformationNR *nr =
		&pdu.u.RRCInactiveTransitionReport.UserLocationInformation.u
			 .userLocationInformationNR;
	ngap_plmn_set(&nr->nR_CGI.pLMNIdentity, &p);
	ngap_tai_set(&nr->tAI, &t);
	h_send_pdu(&pdu);
	CHECK(!h_next(&rx, NULL, 50));
	/* A response to a procedure the AMF never started (TS 38.413 10.4). */
	memset(&pdu, 0, sizeof(pdu));
	pdu.msg = NGAP_MSG_NGResetAcknowledge;
	h_send_pdu(&pdu);
	CHECK(expect_pdu(&rx, NULL, NGAP_MSG_ErrorIndication, 100));
	CHECK(rx.pdu.u.ErrorIndication.Cause &&
	      rx.pdu.u.ErrorIndication.Cause->u.protocol ==
		      NGAP_CauseProtocol_message_not_compatible_with_receiver_state);
	h_stop();
}

/* ---- registration ---- */

static void registration_with_suci_completes_with_kgnb_and_guti(void)
{
	struct h_ue ue;
	struct h_rx rx;
	up(NULL);
	h_ue_init(&ue, "0000000001", K, OPC, 1);
	CHECK_EQ(h_register(&ue), 0);
	CHECK(ue.has_guti);
	CHECK(ue.got_kgnb);
	/* TS 33.501 A.9 with the UL NAS COUNT of SECURITY MODE COMPLETE (0). */
	uint8_t kgnb[32];
	kdf_kgnb(ue.kamf, 0, KDF_ACCESS_3GPP, kgnb);
	CHECK_MEM(ue.kgnb, kgnb, 32);
	/* CONFIGURATION UPDATE COMMAND with the network name follows. */
	CHECK(next_nas(&rx, &ue, 200));
	CHECK_EQ(rx.nas.type, NAS_CONF_UPDATE_CMD);
	CHECK(rx.mac_ok);
	CHECK(rx.nas.conf_update_cmd.has_full_name);
	h_run(20);
	CHECK_EQ(h_amf->ues_in_state[GMM_REGISTERED], 1);
	CHECK_EQ(h_metric("ngcore_amf_registrations_attempted_total", ""), 1);
	CHECK_EQ(h_metric("ngcore_amf_registrations_succeeded_total", ""), 1);
	CHECK_EQ(h_metric("ngcore_amf_ues", "state=\"REGISTERED\""), 1);
	CHECK_EQ(H.auth_requests, 1);
	CHECK_EQ(H.confirms, 1);
	CHECK_EQ(H.uecm_puts, 1);
	CHECK_EQ(H.am_gets, 1);
	CHECK_EQ(H.nssai_gets, 0);
	struct amf_ue *u = amf_ue_by_supi(h_amf, "imsi-001010000000001");
	CHECK(u != NULL);
	if (u) {
		CHECK_STR(u->pei, "imeisv-3534900698733190");
		CHECK_EQ(u->n_allowed, 1);
		CHECK_EQ(u->ambr_dl, 2000000000);
	}
	h_stop();
}

static void registration_accept_carries_area_slices_and_t3512(void)
{
	struct h_ue ue;
	struct h_rx rx;
	struct nas_msg m;
	up(NULL);
	h_ue_init(&ue, "0000000001", K, OPC, 1);
	ue.req[0] = SST1;
	ue.req[1] = (struct s_nssai){ .sst = 9 }; /* neither supported nor subscribed */
	ue.n_req = 2;
	h_reg_req(&ue, &m, NAS_REG_INITIAL, false, false);
	ue.initial_plain = true;
	h_ue_send(&ue, &m, 0, true);
	bool accepted = false;
	while (!accepted && next_nas(&rx, &ue, 2000)) {
		if (rx.nas.type == NAS_AUTH_REQ)
			h_ue_auth(&ue, &rx.nas.auth_req);
		else if (rx.nas.type == NAS_SMC)
			CHECK_EQ(h_ue_smc(&ue, &rx), 0);
		else
			accepted = rx.nas.type == NAS_REG_ACC;
	}
	CHECK(accepted);
	CHECK_EQ(rx.pdu.msg, NGAP_MSG_InitialContextSetupRequest);
	CHECK(rx.mac_ok);
	CHECK_EQ(rx.sht, NAS_SHT_INTEG_CIPH);
	const struct nas_reg_acc *a = &rx.nas.reg_acc;
	CHECK(a->has_guti && a->has_tai_list && a->has_allowed_nssai && a->has_t3512 && a->has_nfs);
	CHECK_EQ(a->tai_list.n_tai, 1);
	CHECK_EQ(a->tai_list.tai[0].tac, 1);
	CHECK_EQ(a->allowed_nssai.n, 1);
	CHECK_EQ(a->allowed_nssai.e[0].s.sst, 1);
	CHECK(a->has_rejected_nssai && a->rejected_nssai.n == 1 &&
	      a->rejected_nssai.e[0].s.sst == 9);
	CHECK_EQ(a->t3512.unit, NAS_T3_10MIN); /* 54 min -> 5 x 10 min (rounded down) */
	CHECK_EQ(a->t3512.value, 5);
	h_stop();
}

static void unknown_subscriber_rejected_with_configured_cause(void)
{
	struct h_ue ue;
	up(NULL);
	h_ue_init(&ue, "0000000099", K, OPC, 1);
	CHECK_EQ(h_register(&ue), 7);
	CHECK_EQ(h_metric("ngcore_amf_registrations_failed_total", "cause=\"7\""), 1);
	h_stop();
}

static void cause3(struct amf_cfg *c)
{
	c->unknown_subscriber_cause = 3;
}

static void unknown_subscriber_cause_3_when_configured(void)
{
	struct h_ue ue;
	up(cause3);
	h_ue_init(&ue, "0000000099", K, OPC, 1);
	CHECK_EQ(h_register(&ue), 3);
	h_stop();
}

static void wrong_k_gets_authentication_reject(void)
{
	struct h_ue ue;
	struct h_rx rx;
	uint8_t bad[16];
	memcpy(bad, K, 16);
	bad[0] ^= 1;
	up(NULL);
	h_ue_init(&ue, "0000000001", bad, OPC, 1);
	CHECK_EQ(h_register(&ue), 1000); /* MAC failure #20 -> AUTHENTICATION REJECT */
	CHECK_EQ(H.confirms, 0);
	CHECK(expect_pdu(&rx, &ue, NGAP_MSG_UEContextReleaseCommand, 200));
	h_ue_release_complete(&ue);
	h_run(20);
	CHECK_EQ(h_amf->ues.used, 0);
	CHECK_EQ(h_metric("ngcore_amf_registrations_failed_total", "cause=\"auth_reject\""), 1);
	h_stop();
}

static void sqn_out_of_range_resynchronises_then_registers(void)
{
	struct h_ue ue;
	up(NULL);
	h_ue_init(&ue, "0000000001", K, OPC, 1);
	ue.sqn_ms = 5000; /* the network starts at 0: every SQN looks stale */
	CHECK_EQ(h_register(&ue), 0);
	CHECK_EQ(H.resyncs, 1);
	CHECK_EQ(H.auth_requests, 2);
	h_stop();
}

static void ue_offering_only_nia0_rejected_without_authentication(void)
{
	struct h_ue ue;
	up(NULL);
	h_ue_init(&ue, "0000000001", K, OPC, 1);
	ue.nia = NAS_ALG_BIT(0);
	CHECK_EQ(h_register(&ue), 23);
	CHECK_EQ(H.auth_requests, 0);
	h_stop();
}

static void guti_reregistration_from_idle_skips_authentication(void)
{
	struct h_ue ue;
	struct h_rx rx;
	struct nas_msg m;
	up(NULL);
	h_ue_init(&ue, "0000000001", K, OPC, 1);
	CHECK_EQ(h_register(&ue), 0);
	h_flush();
	CHECK(h_ue_go_idle(&ue));
	h_run(10);
	CHECK_EQ(h_amf->n_connected, 0);
	CHECK_EQ(h_amf->ues_in_state[GMM_REGISTERED], 1);
	/* Initial registration with the 5G-GUTI, integrity protected, the whole
	 * message ciphered in the NAS message container (TS 24.501 4.4.6). */
	uint32_t old_tmsi = ue.tmsi;
	ue.ran_id = 2;
	struct nas_msg full;
	uint8_t c[512];
	ue.req[0] = SST1;
	ue.n_req = 1;
	h_reg_req(&ue, &full, NAS_REG_INITIAL, true, true);
	int n = nas_encode(&full, c, sizeof(c), NULL);
	CHECK(n > 0);
	nea_crypt((enum nas_alg)ue.sec.nea, ue.sec.k_enc, ue.sec.ul_count, 0, NAS_DIR_UL, c,
		  (size_t)n);
	h_reg_req(&ue, &m, NAS_REG_INITIAL, true, false);
	m.reg_req.has_nas_msg = true;
	m.reg_req.nas_msg = (struct nas_buf){ c, (uint16_t)n };
	uint32_t reg_count = ue.sec.ul_count;
	h_ue_send(&ue, &m, NAS_SHT_INTEG, true);
	CHECK(next_nas(&rx, &ue, 2000));
	CHECK_EQ(rx.nas.type, NAS_REG_ACC);
	CHECK_EQ(rx.pdu.msg, NGAP_MSG_InitialContextSetupRequest);
	CHECK(rx.nas.reg_acc.has_guti && rx.nas.reg_acc.guti.guti.tmsi != old_tmsi);
	uint8_t kgnb[32];
	kdf_kgnb(ue.kamf, reg_count, KDF_ACCESS_3GPP, kgnb);
	CHECK_MEM(ue.kgnb, kgnb, 32);
	CHECK_EQ(H.auth_requests, 1); /* only the first registration */
	struct nas_msg done;
	nas_msg_init(&done, NAS_REG_COMPLETE);
	h_ue_send(&ue, &done, NAS_SHT_INTEG_CIPH, false);
	h_run(20);
	CHECK_EQ(h_amf->ues_in_state[GMM_REGISTERED], 1);
	CHECK_EQ(h_amf->ues.used, 1);
	CHECK_EQ(h_metric("ngcore_amf_registrations_succeeded_total", ""), 2);
	h_stop();
}

static void unknown_guti_triggers_identity_procedure(void)
{
	struct h_ue ue;
	struct h_rx rx;
	struct nas_msg m;
	up(NULL);
	h_ue_init(&ue, "0000000001", K, OPC, 1);
	ue.guami = h_amf->guami;
	ue.tmsi = 0xdeadbeef; /* ours in form, unknown to the AMF */
	h_reg_req(&ue, &m, NAS_REG_INITIAL, true, false);
	h_ue_send(&ue, &m, 0, true);
	CHECK(next_nas(&rx, &ue, 200));
	CHECK_EQ(rx.nas.type, NAS_IDENTITY_REQ);
	CHECK_EQ(rx.nas.identity_req.id_type, NAS_ID_SUCI);
	struct nas_msg id;
	struct plmn p = { 1, 1, 2 };
	nas_msg_init(&id, NAS_IDENTITY_RESP);
	nas_id_suci_null(&id.identity_resp.mobile_id, &p, "0", ue.msin);
	h_ue_send(&ue, &id, 0, false);
	CHECK(next_nas(&rx, &ue, 2000));
	CHECK_EQ(rx.nas.type, NAS_AUTH_REQ);
	h_stop();
}

static void t3560_retransmits_authentication_request_then_releases(void)
{
	struct h_ue ue;
	struct h_rx rx;
	struct nas_msg m;
	unsigned auth_reqs = 0;
	bool released = false;
	up(NULL);
	h_ue_init(&ue, "0000000001", K, OPC, 1);
	h_reg_req(&ue, &m, NAS_REG_INITIAL, false, false);
	h_ue_send(&ue, &m, 0, true);
	while (!released && h_next(&rx, &ue, 1000)) {
		if (rx.has_nas && rx.nas.type == NAS_AUTH_REQ)
			auth_reqs++;
		released = rx.pdu.msg == NGAP_MSG_UEContextReleaseCommand;
	}
	CHECK_EQ(auth_reqs, 5); /* first + 4 retransmissions (TS 24.501 5.4.1.3.7 a) */
	CHECK(released);
	h_ue_release_complete(&ue);
	h_run(20);
	CHECK_EQ(h_amf->ues.used, 0);
	h_stop();
}

static void t3570_retransmits_identity_request_then_releases(void)
{
	struct h_ue ue;
	struct h_rx rx;
	struct nas_msg m;
	unsigned id_reqs = 0;
	bool released = false;
	up(NULL);
	h_ue_init(&ue, "0000000001", K, OPC, 1);
	ue.guami = h_amf->guami;
	ue.tmsi = 0x01020304; /* unknown 5G-GUTI: identity procedure */
	h_reg_req(&ue, &m, NAS_REG_INITIAL, true, false);
	h_ue_send(&ue, &m, 0, true);
	while (!released && h_next(&rx, &ue, 1000)) {
		if (rx.has_nas && rx.nas.type == NAS_IDENTITY_REQ)
			id_reqs++;
		released = rx.pdu.msg == NGAP_MSG_UEContextReleaseCommand;
	}
	CHECK_EQ(id_reqs, 5); /* TS 24.501 5.4.3.6: abort on the fifth expiry */
	CHECK(released);
	CHECK_EQ(H.auth_requests, 0);
	h_stop();
}

static void ue_deregistration_accepted_and_security_context_kept(void)
{
	struct h_ue ue;
	struct h_rx rx;
	struct nas_msg m;
	up(NULL);
	h_ue_init(&ue, "0000000001", K, OPC, 1);
	CHECK_EQ(h_register(&ue), 0);
	h_flush();
	nas_msg_init(&m, NAS_DEREG_REQ_UE);
	m.dereg_req_ue.dereg_type.access = NAS_ACCESS_3GPP;
	m.dereg_req_ue.ngksi = ue.sec.ksi;
	nas_id_guti(&m.dereg_req_ue.mobile_id, &ue.guami, ue.tmsi);
	h_ue_send(&ue, &m, NAS_SHT_INTEG_CIPH, false);
	CHECK(next_nas(&rx, &ue, 200));
	CHECK_EQ(rx.nas.type, NAS_DEREG_ACC_UE);
	CHECK(rx.mac_ok);
	CHECK(expect_pdu(&rx, &ue, NGAP_MSG_UEContextReleaseCommand, 200));
	CHECK_EQ(rx.pdu.u.UEContextReleaseCommand.Cause.present, NGAP_Cause_PR_nas);
	CHECK_EQ(rx.pdu.u.UEContextReleaseCommand.Cause.u.nas, NGAP_CauseNas_deregister);
	h_ue_release_complete(&ue);
	h_run(20);
	/* The context stays (dereg_keep): a registration with the 5G-GUTI is
	 * verified with it and needs no new AKA. */
	CHECK_EQ(h_amf->ues.used, 1);
	CHECK_EQ(h_amf->ues_in_state[GMM_DEREGISTERED], 1);
	CHECK_EQ(h_metric("ngcore_amf_deregistrations_total", ""), 1);
	ue.ran_id = 9;
	h_reg_req(&ue, &m, NAS_REG_INITIAL, true, false);
	h_ue_send(&ue, &m, NAS_SHT_INTEG, true);
	CHECK(next_nas(&rx, &ue, 1000));
	CHECK_EQ(rx.nas.type, NAS_REG_ACC);
	CHECK_EQ(H.auth_requests, 1);
	CHECK_EQ(H.uecm_puts, 2);
	h_stop();
}

static void no_keep(struct amf_cfg *c)
{
	c->timers.dereg_keep_ms = 0;
}

static void deregistered_context_freed_when_not_kept(void)
{
	struct h_ue ue;
	struct h_rx rx;
	struct nas_msg m;
	up(no_keep);
	h_ue_init(&ue, "0000000001", K, OPC, 1);
	CHECK_EQ(h_register(&ue), 0);
	h_flush();
	nas_msg_init(&m, NAS_DEREG_REQ_UE);
	m.dereg_req_ue.dereg_type.access = NAS_ACCESS_3GPP;
	m.dereg_req_ue.ngksi = ue.sec.ksi;
	nas_id_guti(&m.dereg_req_ue.mobile_id, &ue.guami, ue.tmsi);
	h_ue_send(&ue, &m, NAS_SHT_INTEG_CIPH, false);
	CHECK(expect_pdu(&rx, &ue, NGAP_MSG_DownlinkNASTransport, 200));
	CHECK(expect_pdu(&rx, &ue, NGAP_MSG_UEContextReleaseCommand, 200));
	h_ue_release_complete(&ue);
	h_run(20);
	CHECK_EQ(h_amf->ues.used, 0);
	h_stop();
}

static void switch_off_deregistration_gets_no_accept(void)
{
	struct h_ue ue;
	struct h_rx rx;
	struct nas_msg m;
	up(NULL);
	h_ue_init(&ue, "0000000001", K, OPC, 1);
	CHECK_EQ(h_register(&ue), 0);
	h_flush();
	nas_msg_init(&m, NAS_DEREG_REQ_UE);
	m.dereg_req_ue.dereg_type = (struct nas_dereg_type){ true, false, NAS_ACCESS_3GPP };
	m.dereg_req_ue.ngksi = ue.sec.ksi;
	nas_id_guti(&m.dereg_req_ue.mobile_id, &ue.guami, ue.tmsi);
	h_ue_send(&ue, &m, NAS_SHT_INTEG_CIPH, false);
	CHECK(expect_pdu(&rx, &ue, NGAP_MSG_UEContextReleaseCommand, 200));
	h_ue_release_complete(&ue);
	h_run(20);
	CHECK_EQ(h_amf->ues_in_state[GMM_DEREGISTERED], 1);
	CHECK_EQ(h_amf->n_connected, 0);
	h_stop();
}

struct post_result {
	int status; /* HTTP status, -1 before the answer */
};

static void on_post(void *arg, uint64_t cookie, const struct sbi_resp *r)
{
	struct post_result *p = arg;
	p->status = r->err ? 0 : r->status;
}

static void network_deregistration_from_udm_notification(void)
{
	struct h_ue ue;
	struct h_rx rx;
	up(NULL);
	h_ue_init(&ue, "0000000001", K, OPC, 1);
	CHECK_EQ(h_register(&ue), 0);
	h_flush();
	CHECK(strstr(H.dereg_cb, "/namf-callback/v1/imsi-001010000000001/dereg-notify") != NULL);
	struct sbi_client_cfg cc;
	sbi_client_cfg_defaults(&cc);
	struct sbi_client *cl = sbi_client_new(h_loop, &cc, "test");
	json_t *b = json_pack("{ss ss}", "deregReason", "SUBSCRIPTION_WITHDRAWN", "accessType",
			      "3GPP_ACCESS");
	struct sbi_request rq = { .method = SBI_POST, .uri = H.dereg_cb, .json = b };
	struct post_result pr = { -1 };
	CHECK_EQ(sbi_client_send(cl, &rq, on_post, &pr, 1), 0);
	json_decref(b);
	CHECK(next_nas(&rx, &ue, 1000));
	CHECK_EQ(rx.nas.type, NAS_DEREG_REQ_NW);
	CHECK(!rx.nas.dereg_req_nw.dereg_type.rereg_required);
	h_run(20);
	CHECK_EQ(pr.status, 204);
	struct nas_msg acc;
	nas_msg_init(&acc, NAS_DEREG_ACC_NW);
	h_ue_send(&ue, &acc, NAS_SHT_INTEG_CIPH, false);
	CHECK(expect_pdu(&rx, &ue, NGAP_MSG_UEContextReleaseCommand, 200));
	h_ue_release_complete(&ue);
	h_run(20);
	CHECK_EQ(h_amf->ues_in_state[GMM_REGISTERED], 0);
	CHECK_EQ(h_amf->n_connected, 0);
	sbi_client_free(cl);
	h_stop();
}

static void t3522_retransmits_network_deregistration(void)
{
	struct h_ue ue;
	struct h_rx rx;
	up(NULL);
	h_ue_init(&ue, "0000000001", K, OPC, 1);
	CHECK_EQ(h_register(&ue), 0);
	h_flush();
	struct amf_ue *u = amf_ue_by_supi(h_amf, "imsi-001010000000001");
	CHECK(u != NULL);
	if (u)
		amf_gmm_nw_dereg(h_amf, u, true);
	unsigned reqs = 0;
	bool released = false;
	while (!released && h_next(&rx, &ue, 1000)) {
		if (rx.has_nas && rx.nas.type == NAS_DEREG_REQ_NW) {
			reqs++;
			CHECK(rx.nas.dereg_req_nw.dereg_type.rereg_required || reqs > 1);
		}
		released = rx.pdu.msg == NGAP_MSG_UEContextReleaseCommand;
	}
	CHECK_EQ(reqs, 5);
	CHECK(released);
	h_stop();
}

static void max1(struct amf_cfg *c)
{
	c->max_ues = 1;
}

static void congestion_rejects_with_22_and_t3346(void)
{
	struct h_ue a, b;
	struct h_rx rx;
	struct nas_msg m;
	up(max1);
	h_ue_init(&a, "0000000001", K, OPC, 1);
	CHECK_EQ(h_register(&a), 0);
	h_flush();
	h_ue_init(&b, "0000000002", K, OPC, 2);
	h_reg_req(&b, &m, NAS_REG_INITIAL, false, false);
	h_ue_send(&b, &m, 0, true);
	CHECK(next_nas(&rx, &b, 200));
	CHECK_EQ(rx.nas.type, NAS_REG_REJ);
	CHECK_EQ(rx.nas.reg_rej.cause, 22);
	CHECK(rx.nas.reg_rej.has_t3346);
	CHECK_EQ(H.auth_requests, 1);
	CHECK_EQ(h_metric("ngcore_amf_congestion_rejects_total", ""), 1);
	CHECK(expect_pdu(&rx, &b, NGAP_MSG_UEContextReleaseCommand, 200));
	h_ue_release_complete(&b);
	h_run(20);
	CHECK_EQ(h_amf->ues.used, 1);
	h_stop();
}

static void kept_context_evicted_before_congestion(void)
{
	struct h_ue a, b;
	struct h_rx rx;
	struct nas_msg m;
	up(max1);
	h_add_sub("0000000002", K, OPC, 0);
	h_ue_init(&a, "0000000001", K, OPC, 1);
	CHECK_EQ(h_register(&a), 0);
	h_flush();
	nas_msg_init(&m, NAS_DEREG_REQ_UE);
	m.dereg_req_ue.dereg_type = (struct nas_dereg_type){ true, false, NAS_ACCESS_3GPP };
	m.dereg_req_ue.ngksi = a.sec.ksi;
	nas_id_guti(&m.dereg_req_ue.mobile_id, &a.guami, a.tmsi);
	h_ue_send(&a, &m, NAS_SHT_INTEG_CIPH, false);
	CHECK(expect_pdu(&rx, &a, NGAP_MSG_UEContextReleaseCommand, 200));
	h_ue_release_complete(&a);
	h_run(20);
	CHECK_EQ(h_amf->ues_in_state[GMM_DEREGISTERED], 1); /* kept */
	/* The only context is a kept one: a new UE takes its place. */
	h_ue_init(&b, "0000000002", K, OPC, 2);
	CHECK_EQ(h_register(&b), 0);
	CHECK_EQ(h_metric("ngcore_amf_congestion_rejects_total", ""), 0);
	CHECK(amf_ue_by_supi(h_amf, "imsi-001010000000001") == NULL);
	h_stop();
}

static void unsupported_slices_rejected_with_62(void)
{
	struct h_ue ue;
	up(NULL);
	H.sub_nssai[0] = (struct s_nssai){ .sst = 5 }; /* subscribed to a slice we lack */
	h_ue_init(&ue, "0000000001", K, OPC, 1);
	ue.req[0] = (struct s_nssai){ .sst = 5 };
	ue.n_req = 1;
	CHECK_EQ(h_register(&ue), 62);
	h_stop();
}

static void nssai_fetched_separately_when_am_data_has_none(void)
{
	struct h_ue ue;
	up(NULL);
	H.nssai_in_am = false;
	h_ue_init(&ue, "0000000001", K, OPC, 1);
	CHECK_EQ(h_register(&ue), 0);
	CHECK_EQ(H.nssai_gets, 1);
	h_stop();
}

static void periodic_update_accepted_without_new_guti(void)
{
	struct h_ue ue;
	struct h_rx rx;
	struct nas_msg m;
	up(NULL);
	h_ue_init(&ue, "0000000001", K, OPC, 1);
	CHECK_EQ(h_register(&ue), 0);
	h_flush();
	CHECK(h_ue_go_idle(&ue));
	ue.ran_id = 3;
	h_reg_req(&ue, &m, NAS_REG_PERIODIC, true, false);
	h_ue_send(&ue, &m, NAS_SHT_INTEG, true);
	CHECK(next_nas(&rx, &ue, 1000));
	CHECK_EQ(rx.nas.type, NAS_REG_ACC);
	CHECK_EQ(rx.pdu.msg, NGAP_MSG_DownlinkNASTransport);
	CHECK(!rx.nas.reg_acc.has_guti);
	h_run(20);
	CHECK_EQ(h_amf->ues_in_state[GMM_REGISTERED], 1);
	CHECK_EQ(H.auth_requests, 1);
	CHECK_EQ(H.uecm_puts, 1);
	h_stop();
}

static void fast_implicit(struct amf_cfg *c)
{
	c->timers.mobile_reachable_ms = 150;
	c->timers.implicit_dereg_ms = 150;
}

static void implicit_deregistration_after_mobile_reachable_timer(void)
{
	struct h_ue ue;
	up(fast_implicit);
	h_ue_init(&ue, "0000000001", K, OPC, 1);
	CHECK_EQ(h_register(&ue), 0);
	h_flush();
	CHECK(h_ue_go_idle(&ue));
	h_run(100);
	CHECK_EQ(h_amf->ues.used, 1);
	h_run(500);
	CHECK_EQ(h_amf->ues.used, 0);
	CHECK_EQ(h_metric("ngcore_amf_deregistrations_total", ""), 1);
	h_stop();
}

/* ---- NAS errors ---- */

static void malformed_nas_gets_status_with_codec_cause(void)
{
	struct h_ue ue;
	struct h_rx rx;
	struct nas_msg m;
	struct nas_err err;
	/* A registration request cut after its mandatory mobile identity length. */
	static const uint8_t bad[] = { 0x7e, 0x00, 0x41, 0x79, 0x00, 0x0d, 0x01 };
	up(NULL);
	CHECK(nas_decode(&m, bad, sizeof(bad), NULL, &err) < 0);
	h_ue_init(&ue, "0000000001", K, OPC, 1);
	h_ue_send_initial(&ue, bad, sizeof(bad));
	CHECK(next_nas(&rx, &ue, 200));
	CHECK_EQ(rx.nas.type, NAS_5GMM_STATUS);
	CHECK_EQ(rx.nas.mm_status.cause, err.cause);
	CHECK(err.cause != 0);
	CHECK_EQ(h_metric("ngcore_amf_nas_decode_errors_total", ""), 1);
	/* The AMF goes on serving: the same UE registers. */
	h_flush();
	h_ue_init(&ue, "0000000001", K, OPC, 2);
	CHECK_EQ(h_register(&ue), 0);
	h_stop();
}

static void downlink_only_message_type_gets_status_97(void)
{
	struct h_ue ue;
	struct h_rx rx;
	struct nas_msg m;
	up(NULL);
	h_ue_init(&ue, "0000000001", K, OPC, 1);
	CHECK_EQ(h_register(&ue), 0);
	h_flush();
	nas_msg_init(&m, NAS_AUTH_REJ); /* network-to-UE only (TS 24.501 7.4) */
	h_ue_send(&ue, &m, NAS_SHT_INTEG_CIPH, false);
	CHECK(next_nas(&rx, &ue, 200));
	CHECK_EQ(rx.nas.type, NAS_5GMM_STATUS);
	CHECK_EQ(rx.nas.mm_status.cause, 97);
	CHECK(rx.mac_ok);
	/* A message type that does not exist: the codec's #97. */
	static const uint8_t unknown[] = { 0x7e, 0x00, 0x99 };
	uint8_t prot[64];
	int n = nas_protect(&ue.sec, NAS_SHT_INTEG_CIPH, unknown, sizeof(unknown), prot,
			    sizeof(prot));
	CHECK(n > 0);
	h_ue_send_ul(&ue, prot, (size_t)n);
	CHECK(next_nas(&rx, &ue, 200));
	CHECK_EQ(rx.nas.type, NAS_5GMM_STATUS);
	CHECK_EQ(rx.nas.mm_status.cause, 97);
	CHECK_EQ(h_amf->ues_in_state[GMM_REGISTERED], 1);
	h_stop();
}

static void unexpected_message_gets_status_98(void)
{
	struct h_ue ue;
	struct h_rx rx;
	struct nas_msg m;
	up(NULL);
	h_ue_init(&ue, "0000000001", K, OPC, 1);
	h_reg_req(&ue, &m, NAS_REG_INITIAL, false, false);
	h_ue_send(&ue, &m, 0, true);
	CHECK(next_nas(&rx, &ue, 2000));
	CHECK_EQ(rx.nas.type, NAS_AUTH_REQ);
	nas_msg_init(&m, NAS_SMC_REJ); /* no SMC running */
	m.smc_rej.cause = 24;
	h_ue_send(&ue, &m, 0, false);
	CHECK(next_nas(&rx, &ue, 200));
	CHECK_EQ(rx.nas.type, NAS_5GMM_STATUS);
	CHECK_EQ(rx.nas.mm_status.cause, 98);
	h_stop();
}

static void unprotected_message_after_secure_exchange_is_discarded(void)
{
	struct h_ue ue;
	struct h_rx rx;
	struct nas_msg m;
	up(NULL);
	h_ue_init(&ue, "0000000001", K, OPC, 1);
	CHECK_EQ(h_register(&ue), 0);
	h_flush();
	nas_msg_init(&m, NAS_DEREG_REQ_UE);
	m.dereg_req_ue.dereg_type.access = NAS_ACCESS_3GPP;
	m.dereg_req_ue.ngksi.ksi = 7;
	nas_id_guti(&m.dereg_req_ue.mobile_id, &ue.guami, ue.tmsi);
	h_ue_send(&ue, &m, 0, false); /* plain: TS 24.501 4.4.4.3 says discard */
	CHECK(!h_next(&rx, &ue, 100));
	CHECK_EQ(h_amf->ues_in_state[GMM_REGISTERED], 1);
	CHECK_EQ(h_metric("ngcore_amf_nas_discarded_total", ""), 1);
	h_stop();
}

/* ---- N2 events ---- */

static void association_loss_releases_the_gnbs_ues(void)
{
	struct h_ue a, b;
	struct h_rx rx;
	struct nas_msg m;
	up(NULL);
	h_ue_init(&a, "0000000001", K, OPC, 1);
	CHECK_EQ(h_register(&a), 0);
	h_flush();
	h_add_sub("0000000002", K, OPC, 0);
	h_ue_init(&b, "0000000002", K, OPC, 2);
	h_reg_req(&b, &m, NAS_REG_INITIAL, false, false);
	h_ue_send(&b, &m, 0, true);
	CHECK(next_nas(&rx, &b, 2000)); /* b is in AUTHENTICATING */
	CHECK_EQ(h_amf->n_connected, 2);
	h_assoc_down();
	h_run(20);
	CHECK_EQ(h_amf->n_connected, 0);
	CHECK_EQ(h_amf->ues.used, 1); /* a stays registered (CM-IDLE), b is forgotten */
	CHECK_EQ(h_amf->ues_in_state[GMM_REGISTERED], 1);
	CHECK_EQ(h_metric("ngcore_amf_gnbs_connected", ""), 0);
	h_stop();
}

static void ng_reset_releases_connections_and_is_acknowledged(void)
{
	struct h_ue a;
	struct h_rx rx;
	struct ngap_pdu pdu;
	up(NULL);
	h_ue_init(&a, "0000000001", K, OPC, 1);
	CHECK_EQ(h_register(&a), 0);
	h_flush();
	memset(&pdu, 0, sizeof(pdu));
	pdu.msg = NGAP_MSG_NGReset;
	pdu.u.NGReset.Cause = amf_cause(NGAP_Cause_PR_misc, NGAP_CauseMisc_om_intervention);
	pdu.u.NGReset.ResetType.present = NGAP_ResetType_PR_nG_Interface;
	h_send_pdu(&pdu);
	CHECK(expect_pdu(&rx, NULL, NGAP_MSG_NGResetAcknowledge, 100));
	CHECK_EQ(h_amf->n_connected, 0);
	CHECK_EQ(h_amf->ues_in_state[GMM_REGISTERED], 1);
	h_stop();
}

static void service_request_from_idle_gets_accept_in_context_setup(void)
{
	struct h_ue ue;
	struct h_rx rx;
	struct nas_msg m;
	up(NULL);
	h_ue_init(&ue, "0000000001", K, OPC, 1);
	CHECK_EQ(h_register(&ue), 0);
	h_flush();
	CHECK(h_ue_go_idle(&ue));
	ue.ran_id = 4;
	nas_msg_init(&m, NAS_SERVICE_REQ);
	m.service_req.ngksi = ue.sec.ksi;
	m.service_req.stmsi.type = NAS_ID_STMSI;
	m.service_req.stmsi.stmsi.set = ue.guami.set;
	m.service_req.stmsi.stmsi.pointer = ue.guami.pointer;
	m.service_req.stmsi.stmsi.tmsi = ue.tmsi;
	h_ue_send(&ue, &m, NAS_SHT_INTEG, true);
	CHECK(next_nas(&rx, &ue, 500));
	CHECK_EQ(rx.nas.type, NAS_SERVICE_ACC);
	CHECK_EQ(rx.pdu.msg, NGAP_MSG_InitialContextSetupRequest);
	h_stop();
}

/* ---- robustness ---- */

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return n ? (uint32_t)(rng % n) : 0;
}

static size_t mutate(uint8_t *b, size_t len, size_t cap)
{
	unsigned k = 1 + rnd(4);
	for (unsigned i = 0; i < k && len; i++) {
		switch (rnd(5)) {
		case 0: b[rnd((uint32_t)len)] ^= (uint8_t)(1u << rnd(8)); break;
		case 1: b[rnd((uint32_t)len)] = (uint8_t)rnd(256); break;
		case 2: len = rnd((uint32_t)len) + 1; break; /* truncate */
		case 3: /* duplicate a slice */
			if (len < cap / 2) {
				size_t at = rnd((uint32_t)len), n = 1 + rnd((uint32_t)(len - at));
				memmove(b + at + n, b + at, len - at);
				len += n;
			}
			break;
		default: b[rnd((uint32_t)len)] = (uint8_t)(0xff * rnd(2)); break;
		}
	}
	return len;
}

static void mutated_ngap_and_nas_never_stop_the_amf(void)
{
	const struct h_rec *recs;
	struct h_ue ue;
	uint8_t buf[4096];
	up(NULL);
	/* Valid traffic of a whole registration, recorded as the gNB sent it. */
	h_record(true);
	h_ng_setup(1, &SST1);
	h_ue_init(&ue, "0000000001", K, OPC, 1);
	CHECK_EQ(h_register(&ue), 0);
	h_ue_go_idle(&ue);
	h_record(false);
	unsigned n = h_recorded(&recs);
	CHECK(n >= 6);
	/* NGAP: whole PDUs mutated. */
	for (unsigned i = 0; i < 20000 && n; i++) {
		const struct h_rec *r = &recs[rnd(n)];
		memcpy(buf, r->data, r->len);
		h_send_raw(buf, mutate(buf, r->len, sizeof(buf)));
		if (i % 200 == 0) {
			h_run(2);
			h_flush();
		}
	}
	h_run(50);
	h_flush();
	/* NAS: valid NGAP around mutated NAS, initial and uplink, on fresh
	 * connections and on a registered UE's. */
	static const uint8_t
		seeds[][24] = {
			{ 0x7e, 0x00, 0x41, 0x79, 0x00, 0x0d, 0x01, 0x00, 0xf1, 0x10, 0x00, 0x00,
			  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x2e, 0x02, 0xe0, 0x60 },
			{ 0x7e, 0x00, 0x57, 0x2d, 0x10, 1,  2,	3,  4,	5, 6,
			  7,	8,    9,    10,	  11,	12, 13, 14, 15, 16 },
			{ 0x7e, 0x00, 0x59, 0x15, 0x30, 0x0e, 1,  2,  3,  4,
			  5,	6,    7,    8,	  9,	10,   11, 12, 13, 14 },
			{ 0x7e, 0x00, 0x45, 0x01, 0x00, 0x0b, 0xf2, 0x00, 0xf1, 0x10, 0x01, 0x00,
			  0x40, 1, 2, 3, 4 },
			{ 0x7e, 0x01, 0x11, 0x22, 0x33, 0x44, 0x05, 0x7e, 0x00, 0x43 },
			{ 0x7e, 0x04, 0x11, 0x22, 0x33, 0x44, 0x00, 0x7e, 0x00, 0x5e },
			{ 0x2e, 0x01, 0x01, 0xc1, 0xff, 0xff, 0x91 },
		};
	struct h_ue x;
	h_ue_init(&x, "0000000001", K, OPC, 1000);
	for (unsigned i = 0; i < 20000; i++) {
		size_t l = sizeof(seeds[0]);
		const uint8_t *s = seeds[rnd(sizeof(seeds) / sizeof(seeds[0]))];
		while (l > 3 && s[l - 1] == 0)
			l--;
		memcpy(buf, s, l);
		l = mutate(buf, l, 64);
		x.ran_id = 1000 + rnd(64);
		h_ue_send_initial(&x, buf, l);
		if (i % 200 == 0) {
			h_run(2);
			h_flush();
		}
	}
	h_run(400); /* release guards of the connections nobody answered */
	h_flush();
	fprintf(stderr,
		"  mutations: %lld NGAP decode errors, %lld NAS decode errors, %lld 5GMM STATUS, "
		"%lld ERROR INDICATIONs, %lld registrations attempted\n",
		(long long)h_metric("ngcore_amf_ngap_decode_errors_total", ""),
		(long long)h_metric("ngcore_amf_nas_decode_errors_total", ""),
		(long long)h_metric("ngcore_amf_nas_status_sent_total", ""),
		(long long)h_metric("ngcore_amf_ngap_error_indications_sent_total", ""),
		(long long)h_metric("ngcore_amf_registrations_attempted_total", ""));
	CHECK(h_metric("ngcore_amf_ngap_decode_errors_total", "") > 0);
	CHECK(h_metric("ngcore_amf_nas_decode_errors_total", "") > 0);
	/* Still serving: a gNB sets up and a UE registers. */
	CHECK(h_ng_setup(1, &SST1));
	h_add_sub("0000000002", K, OPC, 0);
	struct h_ue y;
	h_ue_init(&y, "0000000002", K, OPC, 5000);
	CHECK_EQ(h_register(&y), 0);
	h_stop();
}

/* ---- configuration ---- */

static int load(const char *yaml, struct amf_cfg *c, struct cfg_err *err)
{
	const struct cfg_field root[] = {
		{ .key = "amf",
		  .type = CFG_MAP,
		  .off = 0,
		  .sub = amf_nf_ops.fields,
		  .check = amf_nf_ops.check },
		CFG_FIELD_END,
	};
	amf_cfg_defaults(c, NULL);
	return cfg_load_str("t.yaml", yaml, strlen(yaml), root, c, err);
}

static void config_errors_name_file_line_and_key(void)
{
	struct amf_cfg c;
	struct cfg_err err;
	CHECK_EQ(load("amf:\n  name: amf1\n", &c, &err), 0);
	CHECK_STR(c.name, "amf1");
	CHECK_EQ(load("amf:\n  integrity: [NIA2, NIA0]\n", &c, &err), -E_CONFIG);
	CHECK(strstr(err.msg, "t.yaml:2: amf.integrity:") == err.msg);
	CHECK_EQ(load("amf:\n  unknown_subscriber_cause: 5\n", &c, &err), -E_CONFIG);
	CHECK(strstr(err.msg, "amf.unknown_subscriber_cause") != NULL);
	CHECK_EQ(load("amf:\n  ciphering: [NEA9]\n", &c, &err), -E_CONFIG);
	CHECK(strstr(err.msg, "t.yaml:2: amf.ciphering[0]") == err.msg);
	CHECK_EQ(load("amf:\n  timers:\n    t3560: 5ms\n", &c, &err), -E_CONFIG);
	CHECK(strstr(err.msg, "t.yaml:3: amf.timers.t3560") == err.msg);
	CHECK_EQ(load("amf:\n  tacs:\n    - 1\n    - 1\n", &c, &err), -E_CONFIG);
	CHECK(strstr(err.msg, "amf.tacs") != NULL);
	CHECK_EQ(load("amf:\n  slices: []\n", &c, &err), -E_CONFIG);
	CHECK(strstr(err.msg, "amf.slices") != NULL);
	CHECK_EQ(load("amf:\n  network_name: {full: \"caf\xc3\xa9\", short: x}\n", &c, &err),
		 -E_CONFIG);
	CHECK(strstr(err.msg, "amf.network_name.full") != NULL);
	CHECK_EQ(load("amf:\n  n2: {addr: 10.0.0.1, port: 38412, sctp: {backend: usrsctp-udp}}\n"
		      "  tacs: [7, 8]\n  slices: [{sst: 1, sd: \"010203\"}]\n",
		      &c, &err),
		 0);
	CHECK_EQ(c.n_tacs, 2);
	CHECK_EQ(c.tacs[1], 8);
	CHECK_EQ(c.slices[0].sd, 0x010203);
}

static void gprs_timer_codings(void)
{
	struct nas_gprs_timer t = amf_gprs_timer3(54 * 60 * 1000);
	CHECK_EQ(t.unit, NAS_T3_10MIN);
	CHECK_EQ(t.value, 5);
	t = amf_gprs_timer3(60 * 1000);
	CHECK_EQ(t.unit, NAS_T3_2S);
	CHECK_EQ(t.value, 30);
	t = amf_gprs_timer3(0);
	CHECK_EQ(t.unit, NAS_T_DEACTIVATED);
	t = amf_gprs_timer2(10 * 60 * 1000);
	CHECK_EQ(t.unit, NAS_T_1MIN);
	CHECK_EQ(t.value, 10);
	t = amf_gprs_timer2(30 * 1000);
	CHECK_EQ(t.unit, NAS_T_2S);
	CHECK_EQ(t.value, 15);
}

int main(void)
{
	log_set_level(getenv("AMF_TEST_LOG") ? LOG_DEBUG : LOG_OFF);
	RUN(ng_setup_accepted_for_served_tai_and_slice);
	RUN(ng_setup_failure_causes);
	RUN(ng_setup_without_mandatory_ie_fails_with_diagnostics);
	RUN(malformed_ngap_gets_error_indication_and_amf_keeps_serving);
	RUN(ue_message_before_ng_setup_is_not_compatible);
	RUN(ran_configuration_update_acknowledged);
	RUN(unknown_amf_ue_ngap_id_gets_error_indication);
	RUN(unimplemented_class2_ignored_unexpected_response_reported);
	RUN(registration_with_suci_completes_with_kgnb_and_guti);
	RUN(registration_accept_carries_area_slices_and_t3512);
	RUN(unknown_subscriber_rejected_with_configured_cause);
	RUN(unknown_subscriber_cause_3_when_configured);
	RUN(wrong_k_gets_authentication_reject);
	RUN(sqn_out_of_range_resynchronises_then_registers);
	RUN(ue_offering_only_nia0_rejected_without_authentication);
	RUN(guti_reregistration_from_idle_skips_authentication);
	RUN(unknown_guti_triggers_identity_procedure);
	RUN(t3560_retransmits_authentication_request_then_releases);
	RUN(t3570_retransmits_identity_request_then_releases);
	RUN(ue_deregistration_accepted_and_security_context_kept);
	RUN(deregistered_context_freed_when_not_kept);
	RUN(switch_off_deregistration_gets_no_accept);
	RUN(network_deregistration_from_udm_notification);
	RUN(t3522_retransmits_network_deregistration);
	RUN(congestion_rejects_with_22_and_t3346);
	RUN(kept_context_evicted_before_congestion);
	RUN(unsupported_slices_rejected_with_62);
	RUN(nssai_fetched_separately_when_am_data_has_none);
	RUN(periodic_update_accepted_without_new_guti);
	RUN(implicit_deregistration_after_mobile_reachable_timer);
	RUN(malformed_nas_gets_status_with_codec_cause);
	RUN(downlink_only_message_type_gets_status_97);
	RUN(unexpected_message_gets_status_98);
	RUN(unprotected_message_after_secure_exchange_is_discarded);
	RUN(association_loss_releases_the_gnbs_ues);
	RUN(ng_reset_releases_connections_and_is_acknowledged);
	RUN(service_request_from_idle_gets_accept_in_context_setup);
	RUN(mutated_ngap_and_nas_never_stop_the_amf);
	RUN(config_errors_name_file_line_and_key);
	RUN(gprs_timer_codings);
	return t_done();
}
