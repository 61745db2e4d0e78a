/* ngap_cases.c — see ngap_cases.h. Values follow DESIGN.md's defaults
 * (PLMN 001/01, TAC 1, SST 1 SD 010203). */
#include <string.h>

#include "lib/core/err.h"
#include "tests/oracle/ngap/ngap_cases.h"

#define NEW(p, a)                                                                                  \
	do {                                                                                       \
		if (!((p) = arena_alloc((a), sizeof(*(p)))))                                       \
			return -E_NOMEM;                                                           \
	} while (0)

#define NEWN(p, a, n)                                                                              \
	do {                                                                                       \
		if (!((p) = arena_alloc((a), sizeof(*(p)) * (n))))                                 \
			return -E_NOMEM;                                                           \
	} while (0)

static const struct plmn plmn_00101 = { 1, 1, 2 };

/* 5GMM Registration Request (TS 24.501 8.2.6): initial registration with
 * follow-on request, ngKSI 7, SUCI 001/01 null scheme MSIN 0000000001,
 * UE security capability 5G-EA0..3, 5G-IA0..3, EEA0..3, EIA0..3. */
static const uint8_t nas_reg_req[] = { 0x7e, 0x00, 0x41, 0x79, 0x00, 0x0d, 0x01, 0x00, 0xf1,
				       0x10, 0xf0, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
				       0x10, 0x2e, 0x04, 0xf0, 0xf0, 0xf0, 0xf0 };
/* 5GMM STATUS, cause #111 (TS 24.501 8.2.29). */
static const uint8_t nas_status[] = { 0x7e, 0x00, 0x64, 0x6f };

static struct ngap_octets oct(const void *p, size_t n)
{
	return (struct ngap_octets){ p, n };
}

static struct ngap_octets str(const char *s)
{
	return (struct ngap_octets){ (const uint8_t *)s, strlen(s) };
}

static void set_tac(struct ngap_TAC *t, uint32_t tac)
{
	t->buf[0] = (uint8_t)(tac >> 16);
	t->buf[1] = (uint8_t)(tac >> 8);
	t->buf[2] = (uint8_t)tac;
}

/* NR-CGI: PLMN 001/01, NR cell identity 0x000000010 (36 bits). */
static void set_nr_cgi(struct ngap_NR_CGI *c)
{
	ngap_plmn_set(&c->pLMNIdentity, &plmn_00101);
	static const uint8_t cell[5] = { 0x00, 0x00, 0x00, 0x01, 0x00 };
	memcpy(c->nRCellIdentity.buf, cell, 5);
}

static void set_uli_nr(struct ngap_UserLocationInformation *u)
{
	u->present = NGAP_UserLocationInformation_PR_userLocationInformationNR;
	set_nr_cgi(&u->u.userLocationInformationNR.nR_CGI);
	struct tai tai = { plmn_00101, 1 };
	ngap_tai_set(&u->u.userLocationInformationNR.tAI, &tai);
}

static int snssai(struct ngap_S_NSSAI *s, struct arena *a)
{
	struct ngap_SD *sd;
	NEW(sd, a);
	struct s_nssai v = { 1, true, 0x010203 };
	ngap_snssai_set(s, sd, &v);
	return 0;
}

/* ---- NG Setup (TS 38.413 8.7.1) */

static int ng_setup_request(struct ngap_pdu *p, struct arena *a)
{
	p->msg = NGAP_MSG_NGSetupRequest;
	struct ngap_NGSetupRequest *m = &p->u.NGSetupRequest;
	m->GlobalRANNodeID.present = NGAP_GlobalRANNodeID_PR_globalGNB_ID;
	struct ngap_GlobalGNB_ID *g = &m->GlobalRANNodeID.u.globalGNB_ID;
	ngap_plmn_set(&g->pLMNIdentity, &plmn_00101);
	g->gNB_ID.present = NGAP_GNB_ID_PR_gNB_ID;
	g->gNB_ID.u.gNB_ID.len = 32;
	memcpy(g->gNB_ID.u.gNB_ID.buf, (uint8_t[]){ 0, 0, 0, 1 }, 4);
	NEW(m->RANNodeName, a);
	*m->RANNodeName = str("gnb-test");
	struct ngap_SupportedTAItem *ta;
	struct ngap_BroadcastPLMNItem *bp;
	struct ngap_SliceSupportItem *sl;
	NEW(ta, a);
	NEW(bp, a);
	NEW(sl, a);
	set_tac(&ta->tAC, 1);
	ta->broadcastPLMNList = (struct ngap_BroadcastPLMNList){ 1, bp };
	ngap_plmn_set(&bp->pLMNIdentity, &plmn_00101);
	bp->tAISliceSupportList = (struct ngap_SliceSupportList){ 1, sl };
	if (snssai(&sl->s_NSSAI, a))
		return -E_NOMEM;
	m->SupportedTAList = (struct ngap_SupportedTAList){ 1, ta };
	m->DefaultPagingDRX = NGAP_PagingDRX_v128;
	return 0;
}

static int ng_setup_response(struct ngap_pdu *p, struct arena *a)
{
	p->msg = NGAP_MSG_NGSetupResponse;
	struct ngap_NGSetupResponse *m = &p->u.NGSetupResponse;
	m->AMFName = str("amf.ngcore");
	struct ngap_ServedGUAMIItem *gi;
	NEW(gi, a);
	struct guami g = { plmn_00101, 2, 1, 0 };
	ngap_guami_set(&gi->gUAMI, &g);
	m->ServedGUAMIList = (struct ngap_ServedGUAMIList){ 1, gi };
	m->RelativeAMFCapacity = 255;
	struct ngap_PLMNSupportItem *ps;
	struct ngap_SliceSupportItem *sl;
	NEW(ps, a);
	NEW(sl, a);
	ngap_plmn_set(&ps->pLMNIdentity, &plmn_00101);
	ps->sliceSupportList = (struct ngap_SliceSupportList){ 1, sl };
	if (snssai(&sl->s_NSSAI, a))
		return -E_NOMEM;
	m->PLMNSupportList = (struct ngap_PLMNSupportList){ 1, ps };
	return 0;
}

static int ng_setup_failure(struct ngap_pdu *p, struct arena *a)
{
	p->msg = NGAP_MSG_NGSetupFailure;
	struct ngap_NGSetupFailure *m = &p->u.NGSetupFailure;
	m->Cause.present = NGAP_Cause_PR_misc;
	m->Cause.u.misc = NGAP_CauseMisc_unknown_PLMN_or_SNPN;
	NEW(m->TimeToWait, a);
	*m->TimeToWait = NGAP_TimeToWait_v10s;
	return 0;
}

/* ---- NAS transport (TS 38.413 8.6) */

static int initial_ue_message(struct ngap_pdu *p, struct arena *a)
{
	p->msg = NGAP_MSG_InitialUEMessage;
	struct ngap_InitialUEMessage *m = &p->u.InitialUEMessage;
	m->RAN_UE_NGAP_ID = 1;
	m->NAS_PDU = oct(nas_reg_req, sizeof(nas_reg_req));
	set_uli_nr(&m->UserLocationInformation);
	m->RRCEstablishmentCause = NGAP_RRCEstablishmentCause_mo_Signalling;
	NEW(m->UEContextRequest, a);
	*m->UEContextRequest = NGAP_UEContextRequest_requested;
	return 0;
}

static int downlink_nas_transport(struct ngap_pdu *p, struct arena *a)
{
	p->msg = NGAP_MSG_DownlinkNASTransport;
	struct ngap_DownlinkNASTransport *m = &p->u.DownlinkNASTransport;
	m->AMF_UE_NGAP_ID = 0x0102030405; /* 40 bits: the 5-octet form of the length */
	m->RAN_UE_NGAP_ID = 1;
	m->NAS_PDU = oct(nas_status, sizeof(nas_status));
	return 0;
}

static int uplink_nas_transport(struct ngap_pdu *p, struct arena *a)
{
	p->msg = NGAP_MSG_UplinkNASTransport;
	struct ngap_UplinkNASTransport *m = &p->u.UplinkNASTransport;
	m->AMF_UE_NGAP_ID = 1;
	m->RAN_UE_NGAP_ID = 4294967295u;
	m->NAS_PDU = oct(nas_status, sizeof(nas_status));
	set_uli_nr(&m->UserLocationInformation);
	return 0;
}

/* ---- Initial Context Setup (TS 38.413 8.3.1) */

static const uint8_t alg_all[2] = { 0xe0, 0x00 }; /* algorithms 1, 2, 3 */

static int initial_context_setup_request(struct ngap_pdu *p, struct arena *a)
{
	p->msg = NGAP_MSG_InitialContextSetupRequest;
	struct ngap_InitialContextSetupRequest *m = &p->u.InitialContextSetupRequest;
	m->AMF_UE_NGAP_ID = 1;
	m->RAN_UE_NGAP_ID = 1;
	struct guami g = { plmn_00101, 2, 1, 0 };
	ngap_guami_set(&m->GUAMI, &g);
	struct ngap_AllowedNSSAI_Item *ai;
	NEW(ai, a);
	if (snssai(&ai->s_NSSAI, a))
		return -E_NOMEM;
	m->AllowedNSSAI = (struct ngap_AllowedNSSAI){ 1, ai };
	struct ngap_UESecurityCapabilities *sc = &m->UESecurityCapabilities;
	sc->nRencryptionAlgorithms = (struct ngap_bits){ alg_all, 16 };
	sc->nRintegrityProtectionAlgorithms = (struct ngap_bits){ alg_all, 16 };
	sc->eUTRAencryptionAlgorithms = (struct ngap_bits){ alg_all, 16 };
	sc->eUTRAintegrityProtectionAlgorithms = (struct ngap_bits){ alg_all, 16 };
	for (int i = 0; i < 32; i++)
		m->SecurityKey.buf[i] = (uint8_t)i;
	NEW(m->UEAggregateMaximumBitRate, a);
	m->UEAggregateMaximumBitRate->uEAggregateMaximumBitRateDL = 1000000000;
	m->UEAggregateMaximumBitRate->uEAggregateMaximumBitRateUL = 500000000;
	NEW(m->NAS_PDU, a);
	*m->NAS_PDU = oct(nas_status, sizeof(nas_status));
	return 0;
}

static int initial_context_setup_response(struct ngap_pdu *p, struct arena *a)
{
	p->msg = NGAP_MSG_InitialContextSetupResponse;
	p->u.InitialContextSetupResponse.AMF_UE_NGAP_ID = 1;
	p->u.InitialContextSetupResponse.RAN_UE_NGAP_ID = 1;
	return 0;
}

static int initial_context_setup_failure(struct ngap_pdu *p, struct arena *a)
{
	p->msg = NGAP_MSG_InitialContextSetupFailure;
	struct ngap_InitialContextSetupFailure *m = &p->u.InitialContextSetupFailure;
	m->AMF_UE_NGAP_ID = 1;
	m->RAN_UE_NGAP_ID = 1;
	m->Cause.present = NGAP_Cause_PR_radioNetwork;
	m->Cause.u.radioNetwork = NGAP_CauseRadioNetwork_unspecified;
	return 0;
}

/* ---- UE Context Release (TS 38.413 8.3.2, 8.3.3) */

static int ue_context_release_request(struct ngap_pdu *p, struct arena *a)
{
	p->msg = NGAP_MSG_UEContextReleaseRequest;
	struct ngap_UEContextReleaseRequest *m = &p->u.UEContextReleaseRequest;
	m->AMF_UE_NGAP_ID = 1;
	m->RAN_UE_NGAP_ID = 1;
	m->Cause.present = NGAP_Cause_PR_radioNetwork;
	m->Cause.u.radioNetwork = NGAP_CauseRadioNetwork_user_inactivity;
	return 0;
}

static int ue_context_release_command(struct ngap_pdu *p, struct arena *a)
{
	p->msg = NGAP_MSG_UEContextReleaseCommand;
	struct ngap_UEContextReleaseCommand *m = &p->u.UEContextReleaseCommand;
	m->UE_NGAP_IDs.present = NGAP_UE_NGAP_IDs_PR_uE_NGAP_ID_pair;
	m->UE_NGAP_IDs.u.uE_NGAP_ID_pair.aMF_UE_NGAP_ID = 7;
	m->UE_NGAP_IDs.u.uE_NGAP_ID_pair.rAN_UE_NGAP_ID = 9;
	m->Cause.present = NGAP_Cause_PR_nas;
	m->Cause.u.nas = NGAP_CauseNas_normal_release;
	return 0;
}

static int ue_context_release_complete(struct ngap_pdu *p, struct arena *a)
{
	p->msg = NGAP_MSG_UEContextReleaseComplete;
	p->u.UEContextReleaseComplete.AMF_UE_NGAP_ID = 7;
	p->u.UEContextReleaseComplete.RAN_UE_NGAP_ID = 9;
	return 0;
}

/* ---- PDU Session Resource Setup / Release (TS 38.413 8.2.1, 8.2.2) */

static const uint8_t upf_ip[4] = { 10, 45, 0, 1 };
static const uint8_t gnb_ip[4] = { 10, 0, 0, 2 };

/* Encodes a Transfer container into the arena. */
static int transfer(const struct aper_type *t, const void *v, struct arena *a,
		    struct ngap_octets *out)
{
	uint8_t *buf = arena_alloc(a, 4096);
	if (!buf)
		return -E_NOMEM;
	int n = ngap_encode_type(t, v, buf, 4096, NULL);
	if (n < 0)
		return n;
	*out = oct(buf, (size_t)n);
	return 0;
}

static int pdu_session_setup_request(struct ngap_pdu *p, struct arena *a)
{
	p->msg = NGAP_MSG_PDUSessionResourceSetupRequest;
	struct ngap_PDUSessionResourceSetupRequest *m = &p->u.PDUSessionResourceSetupRequest;
	m->AMF_UE_NGAP_ID = 1;
	m->RAN_UE_NGAP_ID = 1;
	struct ngap_PDUSessionResourceSetupItemSUReq *it;
	NEW(it, a);
	it->pDUSessionID = 5;
	NEW(it->pDUSessionNAS_PDU, a);
	*it->pDUSessionNAS_PDU = oct(nas_status, sizeof(nas_status));
	if (snssai(&it->s_NSSAI, a))
		return -E_NOMEM;

	struct ngap_PDUSessionResourceSetupRequestTransfer x = { 0 };
	NEW(x.PDUSessionAggregateMaximumBitRate, a);
	x.PDUSessionAggregateMaximumBitRate->pDUSessionAggregateMaximumBitRateDL = 1000000000;
	x.PDUSessionAggregateMaximumBitRate->pDUSessionAggregateMaximumBitRateUL = 500000000;
	x.UL_NGU_UP_TNLInformation.present = NGAP_UPTransportLayerInformation_PR_gTPTunnel;
	struct ngap_GTPTunnel *gt = &x.UL_NGU_UP_TNLInformation.u.gTPTunnel;
	gt->transportLayerAddress = (struct ngap_bits){ upf_ip, 32 };
	memcpy(gt->gTP_TEID.buf, (uint8_t[]){ 1, 2, 3, 4 }, 4);
	x.PDUSessionType = NGAP_PDUSessionType_ipv4;
	struct ngap_QosFlowSetupRequestItem *q;
	NEW(q, a);
	q->qosFlowIdentifier = 1;
	q->qosFlowLevelQosParameters.qosCharacteristics.present =
		NGAP_QosCharacteristics_PR_nonDynamic5QI;
	q->qosFlowLevelQosParameters.qosCharacteristics.u.nonDynamic5QI.fiveQI = 9;
	struct ngap_AllocationAndRetentionPriority *arp =
		&q->qosFlowLevelQosParameters.allocationAndRetentionPriority;
	arp->priorityLevelARP = 8;
	arp->pre_emptionCapability = NGAP_Pre_emptionCapability_shall_not_trigger_pre_emption;
	arp->pre_emptionVulnerability = NGAP_Pre_emptionVulnerability_not_pre_emptable;
	x.QosFlowSetupRequestList = (struct ngap_QosFlowSetupRequestList){ 1, q };
	int rc = transfer(&ngap_type_PDUSessionResourceSetupRequestTransfer, &x, a,
			  &it->pDUSessionResourceSetupRequestTransfer);
	if (rc)
		return rc;
	m->PDUSessionResourceSetupListSUReq =
		(struct ngap_PDUSessionResourceSetupListSUReq){ 1, it };
	return 0;
}

static int pdu_session_setup_response(struct ngap_pdu *p, struct arena *a)
{
	p->msg = NGAP_MSG_PDUSessionResourceSetupResponse;
	struct ngap_PDUSessionResourceSetupResponse *m = &p->u.PDUSessionResourceSetupResponse;
	m->AMF_UE_NGAP_ID = 1;
	m->RAN_UE_NGAP_ID = 1;
	struct ngap_PDUSessionResourceSetupListSURes *l;
	struct ngap_PDUSessionResourceSetupItemSURes *it;
	NEW(l, a);
	NEW(it, a);
	it->pDUSessionID = 5;
	struct ngap_PDUSessionResourceSetupResponseTransfer x = { 0 };
	struct ngap_QosFlowPerTNLInformation *qi = &x.dLQosFlowPerTNLInformation;
	qi->uPTransportLayerInformation.present = NGAP_UPTransportLayerInformation_PR_gTPTunnel;
	struct ngap_GTPTunnel *gt = &qi->uPTransportLayerInformation.u.gTPTunnel;
	gt->transportLayerAddress = (struct ngap_bits){ gnb_ip, 32 };
	memcpy(gt->gTP_TEID.buf, (uint8_t[]){ 0x0a, 0x0b, 0x0c, 0x0d }, 4);
	struct ngap_AssociatedQosFlowItem *af;
	NEW(af, a);
	af->qosFlowIdentifier = 1;
	qi->associatedQosFlowList = (struct ngap_AssociatedQosFlowList){ 1, af };
	int rc = transfer(&ngap_type_PDUSessionResourceSetupResponseTransfer, &x, a,
			  &it->pDUSessionResourceSetupResponseTransfer);
	if (rc)
		return rc;
	*l = (struct ngap_PDUSessionResourceSetupListSURes){ 1, it };
	m->PDUSessionResourceSetupListSURes = l;
	return 0;
}

static int pdu_session_release_command(struct ngap_pdu *p, struct arena *a)
{
	p->msg = NGAP_MSG_PDUSessionResourceReleaseCommand;
	struct ngap_PDUSessionResourceReleaseCommand *m = &p->u.PDUSessionResourceReleaseCommand;
	m->AMF_UE_NGAP_ID = 1;
	m->RAN_UE_NGAP_ID = 1;
	struct ngap_PDUSessionResourceToReleaseItemRelCmd *it;
	NEW(it, a);
	it->pDUSessionID = 5;
	struct ngap_PDUSessionResourceReleaseCommandTransfer x = { 0 };
	x.cause.present = NGAP_Cause_PR_nas;
	x.cause.u.nas = NGAP_CauseNas_normal_release;
	int rc = transfer(&ngap_type_PDUSessionResourceReleaseCommandTransfer, &x, a,
			  &it->pDUSessionResourceReleaseCommandTransfer);
	if (rc)
		return rc;
	m->PDUSessionResourceToReleaseListRelCmd =
		(struct ngap_PDUSessionResourceToReleaseListRelCmd){ 1, it };
	return 0;
}

static int pdu_session_release_response(struct ngap_pdu *p, struct arena *a)
{
	p->msg = NGAP_MSG_PDUSessionResourceReleaseResponse;
	struct ngap_PDUSessionResourceReleaseResponse *m = &p->u.PDUSessionResourceReleaseResponse;
	m->AMF_UE_NGAP_ID = 1;
	m->RAN_UE_NGAP_ID = 1;
	struct ngap_PDUSessionResourceReleasedItemRelRes *it;
	NEW(it, a);
	it->pDUSessionID = 5;
	struct ngap_PDUSessionResourceReleaseResponseTransfer x = { 0 };
	int rc = transfer(&ngap_type_PDUSessionResourceReleaseResponseTransfer, &x, a,
			  &it->pDUSessionResourceReleaseResponseTransfer);
	if (rc)
		return rc;
	m->PDUSessionResourceReleasedListRelRes =
		(struct ngap_PDUSessionResourceReleasedListRelRes){ 1, it };
	return 0;
}

/* ---- Error Indication, NG Reset (TS 38.413 8.7.5, 8.7.4) */

static int error_indication(struct ngap_pdu *p, struct arena *a)
{
	p->msg = NGAP_MSG_ErrorIndication;
	struct ngap_ErrorIndication *m = &p->u.ErrorIndication;
	NEW(m->AMF_UE_NGAP_ID, a);
	NEW(m->RAN_UE_NGAP_ID, a);
	*m->AMF_UE_NGAP_ID = 1;
	*m->RAN_UE_NGAP_ID = 1;
	NEW(m->Cause, a);
	m->Cause->present = NGAP_Cause_PR_protocol;
	m->Cause->u.protocol = NGAP_CauseProtocol_abstract_syntax_error_reject;
	struct ngap_CriticalityDiagnostics *cd;
	struct ngap_CriticalityDiagnostics_IE_Item *ie;
	NEW(cd, a);
	NEW(ie, a);
	NEW(cd->procedureCode, a);
	NEW(cd->triggeringMessage, a);
	NEW(cd->procedureCriticality, a);
	NEW(cd->iEsCriticalityDiagnostics, a);
	*cd->procedureCode = NGAP_PROC_InitialUEMessage;
	*cd->triggeringMessage = NGAP_TriggeringMessage_initiating_message;
	*cd->procedureCriticality = NGAP_Criticality_ignore;
	ie->iECriticality = NGAP_Criticality_reject;
	ie->iE_ID = NGAP_ID_UserLocationInformation;
	ie->typeOfError = NGAP_TypeOfError_missing;
	*cd->iEsCriticalityDiagnostics = (struct ngap_CriticalityDiagnostics_IE_List){ 1, ie };
	m->CriticalityDiagnostics = cd;
	return 0;
}

static int ng_reset_all(struct ngap_pdu *p, struct arena *a)
{
	p->msg = NGAP_MSG_NGReset;
	struct ngap_NGReset *m = &p->u.NGReset;
	m->Cause.present = NGAP_Cause_PR_misc;
	m->Cause.u.misc = NGAP_CauseMisc_om_intervention;
	m->ResetType.present = NGAP_ResetType_PR_nG_Interface;
	m->ResetType.u.nG_Interface = NGAP_ResetAll_reset_all;
	return 0;
}

static int ng_reset_part(struct ngap_pdu *p, struct arena *a)
{
	p->msg = NGAP_MSG_NGReset;
	struct ngap_NGReset *m = &p->u.NGReset;
	m->Cause.present = NGAP_Cause_PR_radioNetwork;
	m->Cause.u.radioNetwork = NGAP_CauseRadioNetwork_unspecified;
	m->ResetType.present = NGAP_ResetType_PR_partOfNG_Interface;
	struct ngap_UE_associatedLogicalNG_connectionItem *it;
	NEWN(it, a, 2);
	NEW(it[0].aMF_UE_NGAP_ID, a);
	NEW(it[0].rAN_UE_NGAP_ID, a);
	*it[0].aMF_UE_NGAP_ID = 7;
	*it[0].rAN_UE_NGAP_ID = 9;
	NEW(it[1].rAN_UE_NGAP_ID, a);
	*it[1].rAN_UE_NGAP_ID = 10;
	m->ResetType.u.partOfNG_Interface =
		(struct ngap_UE_associatedLogicalNG_connectionList){ 2, it };
	return 0;
}

static int ng_reset_acknowledge(struct ngap_pdu *p, struct arena *a)
{
	p->msg = NGAP_MSG_NGResetAcknowledge;
	return 0;
}

const struct ngap_case ngap_cases[] = {
	{ "NGSetupRequest-gnb-test", ng_setup_request,
	  "expect ngap.procedureCode 21\n"
	  "expect ngap.pLMNIdentity 00f110\n"
	  "expect ngap.gNB_ID 00000001\n"
	  "expect ngap.RANNodeName gnb-test\n"
	  "expect ngap.tAC 1\n"
	  "expect ngap.sST 01\n"
	  "expect ngap.sD 010203\n"
	  "expect ngap.PagingDRX 2\n"
	  "absent ngap.UERetentionInformation\n" },
	{ "NGSetupResponse-amf", ng_setup_response,
	  "expect ngap.AMFName amf.ngcore\n"
	  "expect ngap.aMFRegionID 02\n"
	  "expect ngap.aMFSetID 0040\n"
	  "expect ngap.aMFPointer 00\n"
	  "expect ngap.RelativeAMFCapacity 255\n"
	  "expect ngap.sD 010203\n"
	  "absent ngap.CriticalityDiagnostics_element\n" },
	{ "NGSetupFailure-unknown-plmn", ng_setup_failure,
	  "expect ngap.misc 4\n"
	  "expect ngap.TimeToWait 3\n" },
	{ "InitialUEMessage-registration", initial_ue_message,
	  "expect ngap.procedureCode 15\n"
	  "expect ngap.RAN_UE_NGAP_ID 1\n"
	  "expect nas_5gs.mm.message_type 0x41\n"
	  "expect ngap.NRCellIdentity 0x10\n"
	  "expect ngap.tAC 1\n"
	  "expect ngap.RRCEstablishmentCause 3\n"
	  "expect ngap.UEContextRequest 0\n"
	  "absent ngap.FiveG_S_TMSI_element\n" },
	{ "DownlinkNASTransport-40bit-amf-id", downlink_nas_transport,
	  "expect ngap.AMF_UE_NGAP_ID 4328719365\n"
	  "expect ngap.RAN_UE_NGAP_ID 1\n"
	  "expect nas_5gs.mm.message_type 0x64\n"
	  "absent ngap.MobilityRestrictionList_element\n" },
	{ "UplinkNASTransport-max-ran-id", uplink_nas_transport,
	  "expect ngap.AMF_UE_NGAP_ID 1\n"
	  "expect ngap.RAN_UE_NGAP_ID 4294967295\n"
	  "expect nas_5gs.mm.message_type 0x64\n" },
	{ "InitialContextSetupRequest-registration", initial_context_setup_request,
	  "expect ngap.procedureCode 14\n"
	  "expect ngap.aMFRegionID 02\n"
	  "expect ngap.sD 010203\n"
	  "expect ngap.nRencryptionAlgorithms e000\n"
	  "expect ngap.SecurityKey "
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n"
	  "expect ngap.uEAggregateMaximumBitRateDL 1000000000\n"
	  "expect nas_5gs.mm.message_type 0x64\n" },
	{ "InitialContextSetupResponse-empty", initial_context_setup_response,
	  "expect ngap.procedureCode 14\n"
	  "absent ngap.PDUSessionResourceSetupListCxtRes\n" },
	{ "InitialContextSetupFailure-unspecified", initial_context_setup_failure,
	  "expect ngap.radioNetwork 0\n" },
	{ "UEContextReleaseRequest-inactivity", ue_context_release_request,
	  "expect ngap.procedureCode 42\n"
	  "expect ngap.radioNetwork 20\n" },
	{ "UEContextReleaseCommand-pair", ue_context_release_command,
	  "expect ngap.procedureCode 41\n"
	  "expect ngap.AMF_UE_NGAP_ID 7\n"
	  "expect ngap.RAN_UE_NGAP_ID 9\n"
	  "expect ngap.nas 0\n" },
	{ "UEContextReleaseComplete", ue_context_release_complete,
	  "expect ngap.AMF_UE_NGAP_ID 7\n"
	  "expect ngap.RAN_UE_NGAP_ID 9\n" },
	{ "PDUSessionResourceSetupRequest-ipv4", pdu_session_setup_request,
	  "expect ngap.procedureCode 29\n"
	  "expect ngap.pDUSessionID 5\n"
	  "expect ngap.pDUSessionAggregateMaximumBitRateDL 1000000000\n"
	  "expect ngap.TransportLayerAddressIPv4 10.45.0.1\n"
	  "expect ngap.gTP_TEID 01020304\n"
	  "expect ngap.PDUSessionType 0\n"
	  "expect ngap.qosFlowIdentifier 1\n"
	  "expect ngap.fiveQI 9\n"
	  "expect ngap.priorityLevelARP 8\n"
	  "expect nas_5gs.mm.message_type 0x64\n" },
	{ "PDUSessionResourceSetupResponse-ipv4", pdu_session_setup_response,
	  "expect ngap.pDUSessionID 5\n"
	  "expect ngap.TransportLayerAddressIPv4 10.0.0.2\n"
	  "expect ngap.gTP_TEID 0a0b0c0d\n"
	  "expect ngap.qosFlowIdentifier 1\n" },
	{ "PDUSessionResourceReleaseCommand", pdu_session_release_command,
	  "expect ngap.procedureCode 28\n"
	  "expect ngap.pDUSessionID 5\n"
	  "expect ngap.nas 0\n" },
	{ "PDUSessionResourceReleaseResponse", pdu_session_release_response,
	  "expect ngap.pDUSessionID 5\n" },
	{ "ErrorIndication-missing-uli", error_indication,
	  "expect ngap.procedureCode 9\n"
	  "expect ngap.protocol 1\n"
	  "expect ngap.triggeringMessage 0\n"
	  "expect ngap.iE_ID 121\n"
	  "expect ngap.typeOfError 1\n" },
	{ "NGReset-all", ng_reset_all,
	  "expect ngap.procedureCode 20\n"
	  "expect ngap.misc 3\n"
	  "expect ngap.nG_Interface 0\n" },
	{ "NGReset-part", ng_reset_part,
	  "expect ngap.AMF_UE_NGAP_ID 7\n"
	  "expect ngap.RAN_UE_NGAP_ID 10\n" },
	{ "NGResetAcknowledge-empty", ng_reset_acknowledge, "expect ngap.procedureCode 20\n" },
};

const unsigned ngap_n_cases = sizeof(ngap_cases) / sizeof(ngap_cases[0]);
