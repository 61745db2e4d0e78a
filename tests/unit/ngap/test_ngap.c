/* test_ngap.c — NGAP codec: messages written octet by octet from TS 38.413
 * and X.691, round trips of every message, and every way a peer can send
 * garbage.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/codec/ngap/ngap.h"
#include "lib/core/err.h"
#include "tests/oracle/ngap/ngap_cases.h"
#include "tests/unit/ngap/ngap_fill.h"
#include "tests/unit/t.h"

static uint8_t in[1 << 17], out[1 << 18];
static struct ngap_pdu pdu, pdu2;

/* Decodes hex into pdu, checks the whole input was used and that
 * re-encoding gives the same octets. Returns the decode result. */
static int decode_hex(const char *hex, struct arena *a, struct ngap_err *err)
{
	int n = t_unhex(in, sizeof(in), hex);
	CHECK(n > 0);
	int rc = ngap_decode(&pdu, in, (size_t)n, a, err);
	if (rc < 0)
		return rc;
	CHECK_EQ(rc, n);
	int m = ngap_encode(&pdu, out, sizeof(out), NULL);
	CHECK_EQ(m, n);
	if (m == n)
		CHECK_MEM(out, in, (size_t)n);
	return rc;
}

static bool octets_eq(const struct ngap_octets *o, const void *p, size_t n)
{
	return o->len == n && memcmp(o->p, p, n) == 0;
}

static const uint8_t nas_status[] = { 0x7e, 0x00, 0x64, 0x6f };
static const uint8_t plmn_00101[] = { 0x00, 0xf1, 0x10 };

/* ---- Messages written octet by octet (X.691 ALIGNED, TS 38.413 9.4) ---- */

/* ../shared/TESTING.md: gNB-ID 1/32 bits, PLMN 001/01, "gnb-test", TAC 1,
 * SST 1 SD 010203, paging DRX v128. */
static void ng_setup_request_known_good_decodes(void)
{
	struct arena a;
	arena_init(&a, NULL, 0, 0);
	int rc = decode_hex("00150037000004001b00090000f1105000000001005240"
			    "0a0380676e622d74657374"
			    "0066001000000000010000f110000010080102030015400140",
			    &a, NULL);
	CHECK_EQ(rc, 59);
	CHECK_EQ(pdu.msg, NGAP_MSG_NGSetupRequest);
	CHECK_EQ(pdu.dir, 1);
	CHECK_EQ(pdu.proc, NGAP_PROC_NGSetup);
	CHECK_EQ(pdu.crit, NGAP_Criticality_reject);
	const struct ngap_NGSetupRequest *m = &pdu.u.NGSetupRequest;
	CHECK_EQ(m->GlobalRANNodeID.present, NGAP_GlobalRANNodeID_PR_globalGNB_ID);
	const struct ngap_GlobalGNB_ID *g = &m->GlobalRANNodeID.u.globalGNB_ID;
	CHECK_MEM(g->pLMNIdentity.buf, plmn_00101, 3);
	CHECK_EQ(g->gNB_ID.u.gNB_ID.len, 32);
	CHECK_MEM(g->gNB_ID.u.gNB_ID.buf, ((uint8_t[]){ 0, 0, 0, 1 }), 4);
	CHECK(m->RANNodeName && octets_eq(m->RANNodeName, "gnb-test", 8));
	CHECK_EQ(m->SupportedTAList.n, 1);
	const struct ngap_SupportedTAItem *ta = &m->SupportedTAList.v[0];
	CHECK_MEM(ta->tAC.buf, ((uint8_t[]){ 0, 0, 1 }), 3);
	CHECK_EQ(ta->broadcastPLMNList.n, 1);
	const struct ngap_SliceSupportList *sl = &ta->broadcastPLMNList.v[0].tAISliceSupportList;
	CHECK_EQ(sl->n, 1);
	struct s_nssai s;
	ngap_snssai_get(&s, &sl->v[0].s_NSSAI);
	CHECK_EQ(s.sst, 1);
	CHECK(s.has_sd);
	CHECK_EQ(s.sd, 0x010203);
	CHECK_EQ(m->DefaultPagingDRX, NGAP_PagingDRX_v128);
	CHECK(m->UERetentionInformation == NULL);
	arena_fini(&a);
}

/*   40            unsuccessfulOutcome (ext 0, index 2), pad
 *   15 00         procedureCode 21, criticality reject + pad
 *   0d            open type length 13
 *   00 0002       NGSetupFailure: ext 0 + pad, 2 IEs
 *   000f 40 01 88 Cause (ignore): CHOICE index 4 (misc, 3 bits), CauseMisc ext 0,
 *                 unknown-PLMN-or-SNPN = 4 (3 bits): 100 0 100 0
 *   006b 40 01 30 TimeToWait (ignore): ext 0, v10s = 3 (3 bits): 0 011 0000 */
static void ng_setup_failure_from_octets(void)
{
	struct arena a;
	arena_init(&a, NULL, 0, 0);
	CHECK(decode_hex("4015000d000002000f400188006b400130", &a, NULL) > 0);
	CHECK_EQ(pdu.msg, NGAP_MSG_NGSetupFailure);
	CHECK_EQ(pdu.dir, 3);
	CHECK_EQ(pdu.u.NGSetupFailure.Cause.present, NGAP_Cause_PR_misc);
	CHECK_EQ(pdu.u.NGSetupFailure.Cause.u.misc, NGAP_CauseMisc_unknown_PLMN_or_SNPN);
	CHECK(pdu.u.NGSetupFailure.TimeToWait &&
	      *pdu.u.NGSetupFailure.TimeToWait == NGAP_TimeToWait_v10s);
	CHECK(pdu.u.NGSetupFailure.CriticalityDiagnostics == NULL);
	arena_fini(&a);
}

/*   20 15 00 29       successfulOutcome, NG Setup, reject, 41 octets
 *   00 0004           4 IEs
 *   0001 00 05 0100 414d46     AMFName: ext 0, length-1 = 2 in 8 bits, pad, "AMF"
 *   0060 00 08 00 00 00f110 02 0040
 *                     ServedGUAMIList: count-1 = 0 (1..256: one octet); item ext 0,
 *                     no backupAMFName, no extensions; GUAMI ext 0, no extensions, pad;
 *                     PLMN; region 02; set 1 (10 bits) + pointer 0 (6 bits)
 *   0056 40 01 ff     RelativeAMFCapacity 255 (0..255: one octet)
 *   0050 00 08 00 00f110 0000 0008
 *                     PLMNSupportList: count-1 = 0 in 4 bits, item ext 0, no ext, pad;
 *                     PLMN; slice count-1 = 0 (1..1024: two octets); item ext 0 no ext,
 *                     S-NSSAI ext 0 no SD no ext, SST 01 unaligned: 00000 00000001 000 */
static void ng_setup_response_from_octets(void)
{
	struct arena a;
	arena_init(&a, NULL, 0, 0);
	CHECK(decode_hex("20150029000004000100050100414d4600600008000000f110020040"
			 "00564001ff005000080000f11000000008",
			 &a, NULL) > 0);
	CHECK_EQ(pdu.msg, NGAP_MSG_NGSetupResponse);
	const struct ngap_NGSetupResponse *m = &pdu.u.NGSetupResponse;
	CHECK(octets_eq(&m->AMFName, "AMF", 3));
	CHECK_EQ(m->ServedGUAMIList.n, 1);
	struct guami g;
	CHECK_EQ(ngap_guami_get(&g, &m->ServedGUAMIList.v[0].gUAMI), 0);
	CHECK_EQ(g.plmn.mcc, 1);
	CHECK_EQ(g.plmn.mnc, 1);
	CHECK_EQ(g.region, 2);
	CHECK_EQ(g.set, 1);
	CHECK_EQ(g.pointer, 0);
	CHECK(m->ServedGUAMIList.v[0].backupAMFName == NULL);
	CHECK_EQ(m->RelativeAMFCapacity, 255);
	CHECK_EQ(m->PLMNSupportList.n, 1);
	const struct ngap_S_NSSAI *s = &m->PLMNSupportList.v[0].sliceSupportList.v[0].s_NSSAI;
	CHECK_EQ(s->sST.buf[0], 1);
	CHECK(s->sD == NULL);
	arena_fini(&a);
}

/*   00 0f 40 2a       initiatingMessage, Initial UE Message (15), ignore, 42 octets
 *   00 0004
 *   0055 00 02 00 01  RAN-UE-NGAP-ID 1: octet count-1 = 0 in 2 bits (0..2^32-1), pad, 01
 *   0026 00 05 04 7e00646f    NAS-PDU: length 4, octets
 *   0079 00 0f 40 00f110 000000010 0 00f110 000001
 *                     UserLocationInformation: index 1 (NR, 2 bits), ULI-NR ext 0,
 *                     no timeStamp, no ext; NR-CGI ext 0 no ext, pad; PLMN; cell
 *                     identity 36 bits aligned; TAI ext 0 no ext, pad; PLMN; TAC
 *   005a 40 01 18     RRCEstablishmentCause: ext 0, mo-Signalling = 3 in 4 bits */
static void initial_ue_message_from_octets(void)
{
	struct arena a;
	arena_init(&a, NULL, 0, 0);
	CHECK(decode_hex("000f402a0000040055000200010026000504"
			 "7e00646f0079000f4000f110000000010000f110000001005a400118",
			 &a, NULL) > 0);
	CHECK_EQ(pdu.msg, NGAP_MSG_InitialUEMessage);
	CHECK_EQ(pdu.crit, NGAP_Criticality_ignore);
	const struct ngap_InitialUEMessage *m = &pdu.u.InitialUEMessage;
	CHECK_EQ(m->RAN_UE_NGAP_ID, 1);
	CHECK(octets_eq(&m->NAS_PDU, nas_status, 4));
	CHECK_EQ(m->UserLocationInformation.present,
		 NGAP_UserLocationInformation_PR_userLocationInformationNR);
	const struct ngap_UserLocationInformationNR *nr =
		&m->UserLocationInformation.u.userLocationInformationNR;
	CHECK_MEM(nr->nR_CGI.nRCellIdentity.buf, ((uint8_t[]){ 0, 0, 0, 1, 0 }), 5);
	struct tai tai;
	CHECK_EQ(ngap_tai_get(&tai, &nr->tAI), 0);
	CHECK_EQ(tai.tac, 1);
	CHECK_EQ(tai.plmn.mcc, 1);
	CHECK(nr->timeStamp == NULL);
	CHECK_EQ(m->RRCEstablishmentCause, NGAP_RRCEstablishmentCause_mo_Signalling);
	CHECK(m->FiveG_S_TMSI == NULL && m->UEContextRequest == NULL);
	arena_fini(&a);
}

/*   00 04 40 1c       Downlink NAS Transport (4), ignore, 28 octets
 *   000a 00 06 80 0102030405   AMF-UE-NGAP-ID: octet count-1 = 4 in 3 bits
 *                              (0..2^40-1 needs 5 octets), pad, 5 octets
 *   0055 00 02 00 01  RAN-UE-NGAP-ID 1
 *   0026 00 05 04 7e00646f     NAS-PDU */
static void downlink_nas_transport_from_octets(void)
{
	struct arena a;
	arena_init(&a, NULL, 0, 0);
	CHECK(decode_hex("0004401c000003000a000680010203040500550002000100260005047e00646f", &a,
			 NULL) > 0);
	CHECK_EQ(pdu.msg, NGAP_MSG_DownlinkNASTransport);
	CHECK_EQ(pdu.u.DownlinkNASTransport.AMF_UE_NGAP_ID, 0x0102030405ull);
	CHECK_EQ(pdu.u.DownlinkNASTransport.RAN_UE_NGAP_ID, 1);
	CHECK(octets_eq(&pdu.u.DownlinkNASTransport.NAS_PDU, nas_status, 4));
	CHECK(pdu.u.DownlinkNASTransport.OldAMF == NULL);
	arena_fini(&a);
}

/*   00 2e 40 2b       Uplink NAS Transport (46), ignore, 43 octets
 *   000a 00 02 00 01  AMF-UE-NGAP-ID 1 (count-1 = 0 in 3 bits)
 *   0055 00 02 00 01, NAS-PDU as above, UserLocationInformation (ignore here) */
static void uplink_nas_transport_from_octets(void)
{
	struct arena a;
	arena_init(&a, NULL, 0, 0);
	CHECK(decode_hex("002e402b000004000a000200010055000200010026000504"
			 "7e00646f0079400f4000f110000000010000f110000001",
			 &a, NULL) > 0);
	CHECK_EQ(pdu.msg, NGAP_MSG_UplinkNASTransport);
	const struct ngap_UplinkNASTransport *m = &pdu.u.UplinkNASTransport;
	CHECK_EQ(m->AMF_UE_NGAP_ID, 1);
	CHECK_EQ(m->RAN_UE_NGAP_ID, 1);
	CHECK(octets_eq(&m->NAS_PDU, nas_status, 4));
	CHECK_EQ(m->UserLocationInformation.present,
		 NGAP_UserLocationInformation_PR_userLocationInformationNR);
	arena_fini(&a);
}

/*   00 29 00 10       UE Context Release (41) command, reject, 16 octets
 *   0072 00 04 00 07 00 09   UE-NGAP-IDs: index 0 (pair, 2 bits), pair ext 0 no ext,
 *                            AMF count-1 = 0 (3 bits), pad, 07; RAN count-1 (2 bits), 09
 *   000f 40 01 40     Cause: index 2 (nas), CauseNas ext 0, normal-release (2 bits) */
static void ue_context_release_command_from_octets(void)
{
	struct arena a;
	arena_init(&a, NULL, 0, 0);
	CHECK(decode_hex("002900100000020072000400070009000f400140", &a, NULL) > 0);
	CHECK_EQ(pdu.msg, NGAP_MSG_UEContextReleaseCommand);
	const struct ngap_UEContextReleaseCommand *m = &pdu.u.UEContextReleaseCommand;
	CHECK_EQ(m->UE_NGAP_IDs.present, NGAP_UE_NGAP_IDs_PR_uE_NGAP_ID_pair);
	CHECK_EQ(m->UE_NGAP_IDs.u.uE_NGAP_ID_pair.aMF_UE_NGAP_ID, 7);
	CHECK_EQ(m->UE_NGAP_IDs.u.uE_NGAP_ID_pair.rAN_UE_NGAP_ID, 9);
	CHECK_EQ(m->Cause.present, NGAP_Cause_PR_nas);
	CHECK_EQ(m->Cause.u.nas, NGAP_CauseNas_normal_release);
	arena_fini(&a);
}

/*   20 29 00 0f 00 0002 000a 40 02 0007 0055 40 02 0009: the complete, both ids ignore */
static void ue_context_release_complete_from_octets(void)
{
	struct arena a;
	arena_init(&a, NULL, 0, 0);
	CHECK(decode_hex("2029000f000002000a40020007005540020009", &a, NULL) > 0);
	CHECK_EQ(pdu.msg, NGAP_MSG_UEContextReleaseComplete);
	CHECK_EQ(pdu.u.UEContextReleaseComplete.AMF_UE_NGAP_ID, 7);
	CHECK_EQ(pdu.u.UEContextReleaseComplete.RAN_UE_NGAP_ID, 9);
	CHECK(pdu.u.UEContextReleaseComplete.UserLocationInformation == NULL);
	arena_fini(&a);
}

/*   00 09 40 08 00 0001 000f 40 01 62   Error Indication, Cause index 3 (protocol),
 *   CauseProtocol ext 0, abstract-syntax-error-reject = 1 in 3 bits: 011 0 001 0 */
static void error_indication_from_octets(void)
{
	struct arena a;
	arena_init(&a, NULL, 0, 0);
	CHECK(decode_hex("00094008000001000f400162", &a, NULL) > 0);
	CHECK_EQ(pdu.msg, NGAP_MSG_ErrorIndication);
	const struct ngap_ErrorIndication *m = &pdu.u.ErrorIndication;
	CHECK(m->AMF_UE_NGAP_ID == NULL && m->RAN_UE_NGAP_ID == NULL);
	CHECK(m->Cause && m->Cause->present == NGAP_Cause_PR_protocol);
	CHECK(m->Cause && m->Cause->u.protocol == NGAP_CauseProtocol_abstract_syntax_error_reject);
	arena_fini(&a);
}

/*   00 14 00 0d 00 0002
 *   000f 40 01 86     Cause: index 4 (misc), ext 0, om-intervention = 3: 100 0 011 0
 *   0058 00 01 00     ResetType: index 0 (nG-Interface), ResetAll ext 0 (one value: no bits) */
static void ng_reset_all_from_octets(void)
{
	struct arena a;
	arena_init(&a, NULL, 0, 0);
	CHECK(decode_hex("0014000d000002000f40018600580001 00", &a, NULL) > 0);
	CHECK_EQ(pdu.msg, NGAP_MSG_NGReset);
	CHECK_EQ(pdu.u.NGReset.Cause.u.misc, NGAP_CauseMisc_om_intervention);
	CHECK_EQ(pdu.u.NGReset.ResetType.present, NGAP_ResetType_PR_nG_Interface);
	CHECK_EQ(pdu.u.NGReset.ResetType.u.nG_Interface, NGAP_ResetAll_reset_all);
	arena_fini(&a);
}

/*   00 14 00 13 00 0002
 *   000f 40 02 0000   Cause: index 0 (radioNetwork), ext 0, unspecified in 6 bits (45 values)
 *   0058 00 06 40 01 60 07 00 09
 *                     ResetType: index 1 (2 bits), pad; the list is SIZE(1..65536): ub is
 *                     not below 64K, so an unconstrained length octet 01 follows; item
 *                     ext 0, AMF and RAN present, no ext: 0110, AMF count-1 (3 bits),
 *                     pad, 07; RAN count-1 (2 bits), pad, 09 */
static void ng_reset_part_from_octets(void)
{
	struct arena a;
	arena_init(&a, NULL, 0, 0);
	CHECK(decode_hex("00140013000002000f40020000005800064001600700 09", &a, NULL) > 0);
	const struct ngap_ResetType *r = &pdu.u.NGReset.ResetType;
	CHECK_EQ(pdu.u.NGReset.Cause.present, NGAP_Cause_PR_radioNetwork);
	CHECK_EQ(r->present, NGAP_ResetType_PR_partOfNG_Interface);
	CHECK_EQ(r->u.partOfNG_Interface.n, 1);
	const struct ngap_UE_associatedLogicalNG_connectionItem *it = &r->u.partOfNG_Interface.v[0];
	CHECK(it->aMF_UE_NGAP_ID && *it->aMF_UE_NGAP_ID == 7);
	CHECK(it->rAN_UE_NGAP_ID && *it->rAN_UE_NGAP_ID == 9);
	arena_fini(&a);
}

/*   20 14 00 03 00 0000   NG Reset Acknowledge with no IEs */
static void ng_reset_acknowledge_from_octets(void)
{
	struct arena a;
	arena_init(&a, NULL, 0, 0);
	CHECK(decode_hex("20140003000000", &a, NULL) > 0);
	CHECK_EQ(pdu.msg, NGAP_MSG_NGResetAcknowledge);
	CHECK(pdu.u.NGResetAcknowledge.UE_associatedLogicalNG_connectionList == NULL);
	arena_fini(&a);
}

/*   20 1c 00 18 00 0003 AMF 1, RAN 1 (ignore)
 *   0046 40 05 00 00 05 01 00
 *                     PDUSessionResourceReleasedListRelRes: count-1 (one octet), item ext 0
 *                     no ext, pad, PDU session id 5 (0..255: one octet), the Transfer as an
 *                     OCTET STRING of 1 octet: ext 0, no iE-Extensions, pad */
static void pdu_session_release_response_from_octets(void)
{
	struct arena a;
	arena_init(&a, NULL, 0, 0);
	CHECK(decode_hex("201c0018000003000a400200010055400200010046400500000501 00", &a, NULL) >
	      0);
	CHECK_EQ(pdu.msg, NGAP_MSG_PDUSessionResourceReleaseResponse);
	const struct ngap_PDUSessionResourceReleasedListRelRes *l =
		&pdu.u.PDUSessionResourceReleaseResponse.PDUSessionResourceReleasedListRelRes;
	CHECK_EQ(l->n, 1);
	CHECK_EQ(l->v[0].pDUSessionID, 5);
	const struct ngap_octets *x = &l->v[0].pDUSessionResourceReleaseResponseTransfer;
	CHECK_EQ(x->len, 1);
	struct ngap_PDUSessionResourceReleaseResponseTransfer t;
	CHECK_EQ(ngap_decode_type(&ngap_type_PDUSessionResourceReleaseResponseTransfer, &t, x->p,
				  x->len, &a, NULL),
		 1);
	CHECK(t.iE_Extensions == NULL);
	arena_fini(&a);
}

/* ---- Round trips ---- */

/* Every message of every procedure, mandatory parts only and fully
 * populated, several seeds: decode(encode(x)) == x and
 * encode(decode(b)) == b. */
static void every_message_round_trips(void)
{
	int bad = 0;
	for (int m = 1; m < NGAP_MSG__COUNT; m++) {
		for (int v = 0; v < 6; v++) {
			struct arena a;
			arena_init(&a, NULL, 0, 16u << 20);
			struct fill f = { .a = &a, .full = v > 0, .seed = (uint32_t)(m * 131 + v) };
			if (fill_pdu(&f, &pdu, (enum ngap_msg)m)) {
				bad++;
				continue;
			}
			struct ngap_err err;
			int n = ngap_encode(&pdu, out, sizeof(out), &err);
			int rc = n > 0 ? ngap_decode(&pdu2, out, (size_t)n, &a, &err) : n;
			int n2 = rc > 0 ? ngap_encode(&pdu2, in, sizeof(in), NULL) : -1;
			if (n <= 0 || rc != n || !ngap_pdu_equal(&pdu, &pdu2) || n2 != n ||
			    memcmp(in, out, (size_t)n)) {
				fprintf(stderr, "  %s seed %d: enc %d dec %d (%s ie %u %s)\n",
					ngap_msg_name((enum ngap_msg)m), v, n, rc, err_str(rc),
					err.ie, err.type ? err.type : "");
				bad++;
			}
			arena_fini(&a);
		}
	}
	CHECK_EQ(bad, 0);
}

/* The hand-built registration and PDU session messages. */
static void hand_built_cases_round_trip(void)
{
	for (unsigned i = 0; i < ngap_n_cases; i++) {
		struct arena a;
		arena_init(&a, NULL, 0, 0);
		memset(&pdu, 0, sizeof(pdu));
		CHECK_EQ(ngap_cases[i].build(&pdu, &a), 0);
		int n = ngap_encode(&pdu, out, sizeof(out), NULL);
		CHECK(n > 0);
		CHECK_EQ(ngap_decode(&pdu2, out, (size_t)n, &a, NULL), n);
		CHECK(ngap_pdu_equal(&pdu, &pdu2));
		arena_fini(&a);
	}
}

static int encode_case(const char *name, struct arena *a)
{
	for (unsigned i = 0; i < ngap_n_cases; i++)
		if (!strcmp(ngap_cases[i].name, name)) {
			memset(&pdu, 0, sizeof(pdu));
			if (ngap_cases[i].build(&pdu, a))
				return -1;
			return ngap_encode(&pdu, in, sizeof(in), NULL);
		}
	return -1;
}

/* The Transfer containers the SMF builds, through the type API. */
static void setup_request_transfer_round_trips(void)
{
	struct arena a;
	arena_init(&a, NULL, 0, 0);
	CHECK(encode_case("PDUSessionResourceSetupRequest-ipv4", &a) > 0);
	CHECK_EQ(pdu.msg, NGAP_MSG_PDUSessionResourceSetupRequest);
	const struct ngap_octets *x =
		&pdu.u.PDUSessionResourceSetupRequest.PDUSessionResourceSetupListSUReq.v[0]
			 .pDUSessionResourceSetupRequestTransfer;
	struct ngap_PDUSessionResourceSetupRequestTransfer t;
	struct ngap_err err;
	CHECK_EQ(ngap_decode_type(&ngap_type_PDUSessionResourceSetupRequestTransfer, &t, x->p,
				  x->len, &a, &err),
		 (int)x->len);
	CHECK_EQ(err.n_diag, 0);
	CHECK_EQ(t.UL_NGU_UP_TNLInformation.present, NGAP_UPTransportLayerInformation_PR_gTPTunnel);
	struct ip_addr ip;
	CHECK_EQ(ngap_tla_get(&ip, &t.UL_NGU_UP_TNLInformation.u.gTPTunnel.transportLayerAddress),
		 0);
	CHECK_EQ(ip.family, AF_INET);
	CHECK_MEM(ip.a, ((uint8_t[]){ 10, 45, 0, 1 }), 4);
	CHECK_MEM(t.UL_NGU_UP_TNLInformation.u.gTPTunnel.gTP_TEID.buf, ((uint8_t[]){ 1, 2, 3, 4 }),
		  4);
	CHECK_EQ(t.PDUSessionType, NGAP_PDUSessionType_ipv4);
	CHECK_EQ(t.QosFlowSetupRequestList.n, 1);
	CHECK_EQ(t.QosFlowSetupRequestList.v[0]
			 .qosFlowLevelQosParameters.qosCharacteristics.u.nonDynamic5QI.fiveQI,
		 9);
	CHECK(t.PDUSessionAggregateMaximumBitRate &&
	      t.PDUSessionAggregateMaximumBitRate->pDUSessionAggregateMaximumBitRateDL ==
		      1000000000);
	int n = ngap_encode_type(&ngap_type_PDUSessionResourceSetupRequestTransfer, &t, out,
				 sizeof(out), NULL);
	CHECK_EQ(n, (int)x->len);
	CHECK_MEM(out, x->p, x->len);
	arena_fini(&a);
}

/* ---- What a peer may send ---- */

/* Every prefix of a valid message is rejected with an offset inside it. */
static void truncated_messages_fail_cleanly(void)
{
	struct arena a;
	arena_init(&a, NULL, 0, 0);
	int n = encode_case("InitialContextSetupRequest-registration", &a);
	CHECK(n > 0);
	for (int len = 0; len < n; len++) {
		uint8_t *copy = malloc((size_t)len + 1);
		memcpy(copy, in, (size_t)len);
		struct ngap_err err;
		struct arena b;
		arena_init(&b, NULL, 0, 0);
		int rc = ngap_decode(&pdu2, copy, (size_t)len, &b, &err);
		CHECK(rc < 0);
		CHECK_EQ(err.code, rc);
		CHECK(err.off <= (size_t)len);
		arena_fini(&b);
		free(copy);
	}
	arena_fini(&a);
}

/* Adds an IE (id, crit, 1 octet of value) at the end of a message's
 * container: patches the container count and the open-type length. The
 * message must have a 1-octet open-type length at offset 3. */
static int add_ie(uint8_t *b, int n, uint16_t id, uint8_t crit)
{
	uint8_t ie[] = { (uint8_t)(id >> 8), (uint8_t)id, (uint8_t)(crit << 6), 0x01, 0x00 };
	memcpy(b + n, ie, sizeof(ie));
	b[3] += sizeof(ie);
	b[6] += 1; /* count, low octet */
	return n + (int)sizeof(ie);
}

/* TS 38.413 10.3.4.1: an IE not comprehended is handled by its criticality. */
static void unknown_ie_is_reported_by_criticality(void)
{
	struct arena a;
	arena_init(&a, NULL, 0, 0);
	struct ngap_err err;
	/* NGReset with an unknown IE 999, criticality ignore: decoded, reported. */
	int n = t_unhex(in, sizeof(in), "0014000d000002000f40018600580001 00");
	n = add_ie(in, n, 999, 1);
	CHECK_EQ(ngap_decode(&pdu, in, (size_t)n, &a, &err), n);
	CHECK_EQ(err.n_diag, 1);
	CHECK_EQ(err.diag[0].id, 999);
	CHECK_EQ(err.diag[0].crit, NGAP_Criticality_ignore);
	CHECK_EQ(err.diag[0].missing, 0);
	CHECK_EQ(pdu.u.NGReset.Cause.u.misc, NGAP_CauseMisc_om_intervention);

	/* ... notify: decoded, reported. */
	n = t_unhex(in, sizeof(in), "0014000d000002000f40018600580001 00");
	n = add_ie(in, n, 998, 2);
	CHECK_EQ(ngap_decode(&pdu, in, (size_t)n, &a, &err), n);
	CHECK_EQ(err.n_diag, 1);
	CHECK_EQ(err.diag[0].crit, NGAP_Criticality_notify);

	/* ... reject: the rest decoded, -E_UNKNOWN_IE naming it. */
	n = t_unhex(in, sizeof(in), "0014000d000002000f40018600580001 00");
	n = add_ie(in, n, 997, 0);
	CHECK_EQ(ngap_decode(&pdu, in, (size_t)n, &a, &err), -E_UNKNOWN_IE);
	CHECK_EQ(err.code, -E_UNKNOWN_IE);
	CHECK_EQ(err.ie, 997);
	CHECK_EQ(err.proc, NGAP_PROC_NGReset);
	CHECK_EQ(err.dir, 1);
	CHECK_EQ(err.n_diag, 1);
	CHECK_EQ(pdu.msg, NGAP_MSG_NGReset);
	CHECK_EQ(pdu.u.NGReset.ResetType.present, NGAP_ResetType_PR_nG_Interface);
	arena_fini(&a);
}

/* The report of a decode becomes the Criticality Diagnostics of the answer:
 * reject and notify IEs listed, ignore ones left out; the IE encodes. */
static void criticality_diagnostics_built_from_report(void)
{
	struct arena a;
	arena_init(&a, NULL, 0, 0);
	struct ngap_err err;
	int n = t_unhex(in, sizeof(in), "0014000d000002000f40018600580001 00");
	n = add_ie(in, n, 997, 0);
	n = add_ie(in, n, 999, 1);
	n = add_ie(in, n, 998, 2);
	CHECK_EQ(ngap_decode(&pdu, in, (size_t)n, &a, &err), -E_UNKNOWN_IE);
	CHECK_EQ(err.n_diag, 3);
	struct ngap_crit_diag d;
	const struct ngap_CriticalityDiagnostics *cd = ngap_crit_diag_build(&d, &err);
	CHECK(cd->procedureCode && *cd->procedureCode == NGAP_PROC_NGReset);
	CHECK(cd->triggeringMessage &&
	      *cd->triggeringMessage == NGAP_TriggeringMessage_initiating_message);
	CHECK(cd->procedureCriticality && *cd->procedureCriticality == NGAP_Criticality_reject);
	CHECK(cd->iEsCriticalityDiagnostics && cd->iEsCriticalityDiagnostics->n == 2);
	CHECK_EQ(cd->iEsCriticalityDiagnostics->v[0].iE_ID, 997);
	CHECK_EQ(cd->iEsCriticalityDiagnostics->v[0].typeOfError, NGAP_TypeOfError_not_understood);
	CHECK_EQ(cd->iEsCriticalityDiagnostics->v[1].iE_ID, 998);
	CHECK_EQ(cd->iEsCriticalityDiagnostics->v[1].iECriticality, NGAP_Criticality_notify);
	/* It goes into an Error Indication as is. */
	memset(&pdu2, 0, sizeof(pdu2));
	pdu2.msg = NGAP_MSG_ErrorIndication;
	pdu2.u.ErrorIndication.CriticalityDiagnostics = (struct ngap_CriticalityDiagnostics *)cd;
	CHECK(ngap_encode(&pdu2, out, sizeof(out), NULL) > 0);
	arena_fini(&a);
}

/* TS 38.413 10.3.5: a missing mandatory IE, by the IE's criticality. */
static void missing_mandatory_ie_is_reported(void)
{
	struct arena a;
	arena_init(&a, NULL, 0, 0);
	struct ngap_err err;
	/* NGReset without ResetType (criticality reject). */
	int n = t_unhex(in, sizeof(in), "00140008000001000f400186");
	CHECK_EQ(ngap_decode(&pdu, in, (size_t)n, &a, &err), -E_MISSING_IE);
	CHECK_EQ(err.ie, NGAP_ID_ResetType);
	CHECK_EQ(err.n_diag, 1);
	CHECK_EQ(err.diag[0].missing, 1);
	CHECK_EQ(err.diag[0].crit, NGAP_Criticality_reject);
	CHECK_EQ(pdu.u.NGReset.Cause.u.misc, NGAP_CauseMisc_om_intervention);
	/* NGReset without Cause (criticality ignore): decoded, reported. */
	n = t_unhex(in, sizeof(in), "00140008000001005800010 0");
	CHECK_EQ(ngap_decode(&pdu, in, (size_t)n, &a, &err), n);
	CHECK_EQ(err.n_diag, 1);
	CHECK_EQ(err.diag[0].id, NGAP_ID_Cause);
	CHECK_EQ(err.diag[0].missing, 1);
	arena_fini(&a);
}

/* TS 38.413 10.3.6: an IE twice is a falsely constructed message. */
static void duplicate_ie_is_rejected(void)
{
	struct arena a;
	arena_init(&a, NULL, 0, 0);
	struct ngap_err err;
	int n = t_unhex(in, sizeof(in), "0014000d000002000f400186000f400186");
	CHECK_EQ(ngap_decode(&pdu, in, (size_t)n, &a, &err), -E_PROTO);
	CHECK_EQ(err.ie, NGAP_ID_Cause);
	arena_fini(&a);
}

static void unknown_procedure_is_unsupported(void)
{
	struct arena a;
	arena_init(&a, NULL, 0, 0);
	struct ngap_err err;
	/* Procedure code 200 (none), criticality ignore. */
	int n = t_unhex(in, sizeof(in), "00c840 03 000000");
	CHECK_EQ(ngap_decode(&pdu, in, (size_t)n, &a, &err), -E_UNSUPP);
	CHECK_EQ(err.proc, 200);
	CHECK_EQ(err.crit, NGAP_Criticality_ignore);
	/* NG Setup has no outcome of ... a NGAP-PDU extension (ext bit 1). */
	n = t_unhex(in, sizeof(in), "80150003000000");
	CHECK_EQ(ngap_decode(&pdu, in, (size_t)n, &a, &err), -E_UNSUPP);
	/* Initial UE Message has no successful outcome. */
	n = t_unhex(in, sizeof(in), "200f4003000000");
	CHECK_EQ(ngap_decode(&pdu, in, (size_t)n, &a, &err), -E_UNSUPP);
	CHECK_EQ(err.dir, 2);
	arena_fini(&a);
}

/* Values outside their constraints: errors with the IE id, never truncation. */
static void constraint_violations_fail_encode(void)
{
	struct ngap_err err;
	memset(&pdu, 0, sizeof(pdu));
	pdu.msg = NGAP_MSG_UEContextReleaseComplete;
	pdu.u.UEContextReleaseComplete.AMF_UE_NGAP_ID = 1ull << 40; /* 0..2^40-1 */
	CHECK_EQ(ngap_encode(&pdu, out, sizeof(out), &err), -E_RANGE);
	CHECK_EQ(err.ie, NGAP_ID_AMF_UE_NGAP_ID);
	CHECK(err.bit > 0);

	char name[152];
	memset(name, 'a', sizeof(name));
	memset(&pdu, 0, sizeof(pdu));
	pdu.msg = NGAP_MSG_NGSetupResponse;
	pdu.u.NGSetupResponse.AMFName = (struct ngap_octets){ (uint8_t *)name, 151 };
	/* SIZE(1..150, ...): 151 is an extension size, encodable */
	struct arena a;
	arena_init(&a, NULL, 0, 0);
	struct ngap_ServedGUAMIItem gi = { 0 };
	struct ngap_PLMNSupportItem ps = { 0 };
	struct ngap_SliceSupportItem sl = { 0 };
	pdu.u.NGSetupResponse.ServedGUAMIList = (struct ngap_ServedGUAMIList){ 1, &gi };
	ps.sliceSupportList = (struct ngap_SliceSupportList){ 1, &sl };
	pdu.u.NGSetupResponse.PLMNSupportList = (struct ngap_PLMNSupportList){ 1, &ps };
	int n = ngap_encode(&pdu, out, sizeof(out), &err);
	CHECK(n > 0);
	CHECK_EQ(ngap_decode(&pdu2, out, (size_t)n, &a, NULL), n);
	CHECK_EQ(pdu2.u.NGSetupResponse.AMFName.len, 151);
	/* A character outside PrintableString. */
	name[3] = '_';
	CHECK_EQ(ngap_encode(&pdu, out, sizeof(out), &err), -E_RANGE);
	CHECK_EQ(err.ie, NGAP_ID_AMFName);
	/* An empty list where SIZE(1..) is required. */
	name[3] = 'a';
	pdu.u.NGSetupResponse.ServedGUAMIList.n = 0;
	CHECK_EQ(ngap_encode(&pdu, out, sizeof(out), &err), -E_RANGE);
	CHECK_EQ(err.ie, NGAP_ID_ServedGUAMIList);
	/* A list count with no items behind it. */
	pdu.u.NGSetupResponse.ServedGUAMIList = (struct ngap_ServedGUAMIList){ 1, NULL };
	CHECK_EQ(ngap_encode(&pdu, out, sizeof(out), &err), -E_INVAL);
	/* No alternative chosen. */
	memset(&pdu, 0, sizeof(pdu));
	pdu.msg = NGAP_MSG_NGSetupFailure;
	CHECK_EQ(ngap_encode(&pdu, out, sizeof(out), &err), -E_INVAL);
	CHECK_EQ(err.ie, NGAP_ID_Cause);
	/* An enumeration value that does not exist. */
	pdu.u.NGSetupFailure.Cause.present = NGAP_Cause_PR_nas;
	pdu.u.NGSetupFailure.Cause.u.nas = (enum ngap_CauseNas)77;
	CHECK_EQ(ngap_encode(&pdu, out, sizeof(out), &err), -E_RANGE);
	/* No message. */
	memset(&pdu, 0, sizeof(pdu));
	CHECK_EQ(ngap_encode(&pdu, out, sizeof(out), &err), -E_INVAL);
	arena_fini(&a);
}

static void values_outside_constraints_fail_decode(void)
{
	struct arena a;
	arena_init(&a, NULL, 0, 0);
	struct ngap_err err;
	/* RelativeAMFCapacity is fine at 255; the octet count of AMF-UE-NGAP-ID in a
	 * release complete says 8 octets (3 bits 111) where at most 5 exist. */
	int n = t_unhex(in, sizeof(in), "2029000f000002000a4002e0070055400200 09");
	CHECK_EQ(ngap_decode(&pdu, in, (size_t)n, &a, &err), -E_RANGE);
	CHECK_EQ(err.ie, NGAP_ID_AMF_UE_NGAP_ID);
	/* TimeToWait index 7 of 6 root values. */
	n = t_unhex(in, sizeof(in), "4015000d000002000f400188006b400170");
	CHECK_EQ(ngap_decode(&pdu, in, (size_t)n, &a, &err), -E_RANGE);
	CHECK_EQ(err.ie, NGAP_ID_TimeToWait);
	CHECK_EQ(err.bit, (size_t)(16 * 8 + 1)); /* the index, after the extension bit */
	arena_fini(&a);
}

/* An extensible ENUMERATED value from a later version is kept, not refused. */
static void unknown_enum_extension_is_kept(void)
{
	struct arena a;
	arena_init(&a, NULL, 0, 0);
	/* TimeToWait 0x85: extension bit, small number 0, extension index 5. */
	int n = t_unhex(in, sizeof(in), "4015000d000002000f400188006b400185");
	CHECK_EQ(ngap_decode(&pdu, in, (size_t)n, &a, NULL), n);
	CHECK(pdu.u.NGSetupFailure.TimeToWait && *pdu.u.NGSetupFailure.TimeToWait == 6 + 5);
	/* ... and not re-encoded (no name for it). */
	CHECK_EQ(ngap_encode(&pdu, out, sizeof(out), NULL), -E_RANGE);
	arena_fini(&a);
}

static void small_buffers_give_nospc(void)
{
	struct arena a;
	arena_init(&a, NULL, 0, 0);
	int n = encode_case("PDUSessionResourceSetupRequest-ipv4", &a);
	CHECK(n > 0);
	for (int cap = 0; cap < n; cap++) {
		struct ngap_err err;
		CHECK_EQ(ngap_encode(&pdu, out, (size_t)cap, &err), -E_NOSPC);
	}
	CHECK_EQ(ngap_encode(&pdu, out, (size_t)n, NULL), n);
	arena_fini(&a);
}

static void arena_limit_bounds_decode(void)
{
	struct arena a;
	arena_init(&a, NULL, 0, 0);
	int n = encode_case("NGSetupRequest-gnb-test", &a);
	struct arena tiny;
	arena_init(&tiny, NULL, 0, 32);
	struct ngap_err err;
	CHECK_EQ(ngap_decode(&pdu2, in, (size_t)n, &tiny, &err), -E_NOMEM);
	arena_fini(&tiny);
	arena_fini(&a);
}

/* A list count that the remaining octets cannot hold is refused before any
 * allocation (SupportedTAList says 256 items in 10 octets). */
static void list_counts_are_bounded_by_input(void)
{
	struct arena a;
	arena_init(&a, NULL, 0, 0);
	struct ngap_err err;
	int n = t_unhex(in, sizeof(in), "00150012000001006600 0b ff 00000000000000000000");
	int rc = ngap_decode(&pdu, in, (size_t)n, &a, &err);
	CHECK_EQ(rc, -E_SHORT);
	CHECK_EQ(err.ie, NGAP_ID_SupportedTAList);
	CHECK(a.total < 4096);
	arena_fini(&a);
}

/* X.691 11.9.3.8: lengths of 16K and more are fragmented (NAS-PDU here). */
static void long_octet_strings_fragment(void)
{
	static const size_t sizes[] = { 127, 128, 16383, 16384, 20000, 65536, 70000, 100000 };
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t len = sizes[i];
		uint8_t *nas = malloc(len);
		for (size_t k = 0; k < len; k++)
			nas[k] = (uint8_t)(k * 7 + i);
		memset(&pdu, 0, sizeof(pdu));
		pdu.msg = NGAP_MSG_DownlinkNASTransport;
		pdu.u.DownlinkNASTransport.AMF_UE_NGAP_ID = 1;
		pdu.u.DownlinkNASTransport.RAN_UE_NGAP_ID = 1;
		pdu.u.DownlinkNASTransport.NAS_PDU = (struct ngap_octets){ nas, len };
		int n = ngap_encode(&pdu, out, sizeof(out), NULL);
		CHECK(n > (int)len);
		struct arena a;
		arena_init(&a, NULL, 0, 4u << 20);
		CHECK_EQ(ngap_decode(&pdu2, out, (size_t)n, &a, NULL), n);
		CHECK(octets_eq(&pdu2.u.DownlinkNASTransport.NAS_PDU, nas, len));
		CHECK(ngap_pdu_equal(&pdu, &pdu2));
		arena_fini(&a);
		free(nas);
	}
	/* 65536 octets: the IE value opens with a fragment of 4 x 16K (0xc4)
	 * and ends with an empty final length (0x00). */
	uint8_t *nas = calloc(1, 65536);
	memset(&pdu, 0, sizeof(pdu));
	pdu.msg = NGAP_MSG_DownlinkNASTransport;
	pdu.u.DownlinkNASTransport.NAS_PDU = (struct ngap_octets){ nas, 65536 };
	int n = ngap_encode(&pdu, out, sizeof(out), NULL);
	CHECK(n > 0);
	bool seen = false;
	for (int k = 0; k + 2 < n; k++)
		if (out[k] == 0x00 && out[k + 1] == 0x26 && out[k + 2] == 0x00) {
			/* id 38, reject, then the open type: itself fragmented (0xc4),
			 * then the NAS-PDU length, also 0xc4 */
			CHECK_EQ(out[k + 3], 0xc4);
			CHECK_EQ(out[k + 4], 0xc4);
			seen = true;
			break;
		}
	CHECK(seen);
	free(nas);
}

static void ie_find_returns_values(void)
{
	struct arena a;
	arena_init(&a, NULL, 0, 0);
	CHECK(decode_hex("0004401c000003000a000680010203040500550002000100260005047e00646f", &a,
			 NULL) > 0);
	const uint64_t *amf = ngap_ie_find(&pdu, NGAP_ID_AMF_UE_NGAP_ID);
	CHECK(amf && *amf == 0x0102030405ull);
	const struct ngap_octets *nas = ngap_ie_find(&pdu, NGAP_ID_NAS_PDU);
	CHECK(nas && octets_eq(nas, nas_status, 4));
	CHECK(ngap_ie_find(&pdu, NGAP_ID_OldAMF) == NULL); /* in the set, absent */
	CHECK(ngap_ie_find(&pdu, NGAP_ID_GlobalRANNodeID) == NULL); /* not in the set */
	CHECK_STR(ngap_msg_name(pdu.msg), "DownlinkNASTransport");
	CHECK_EQ(ngap_msg_lookup(1, NGAP_PROC_DownlinkNASTransport), NGAP_MSG_DownlinkNASTransport);
	CHECK_EQ(ngap_msg_lookup(2, NGAP_PROC_DownlinkNASTransport), NGAP_MSG_NONE);
	arena_fini(&a);
}

static void id_helpers_convert(void)
{
	struct ngap_GUAMI g;
	struct guami in_g = { { 208, 93, 2 }, 0xca, 0x3fe, 0x3f }, back;
	ngap_guami_set(&g, &in_g);
	CHECK_MEM(g.pLMNIdentity.buf, ((uint8_t[]){ 0x02, 0xf8, 0x39 }), 3);
	CHECK_EQ(ngap_guami_get(&back, &g), 0);
	CHECK_EQ(back.region, 0xca);
	CHECK_EQ(back.set, 0x3fe);
	CHECK_EQ(back.pointer, 0x3f);
	CHECK(plmn_eq(&back.plmn, &in_g.plmn));
	struct ip_addr ip = { AF_INET6, { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 } }, ip2;
	struct ngap_bits tla;
	ngap_tla_set(&tla, &ip);
	CHECK_EQ(tla.len, 128);
	CHECK_EQ(ngap_tla_get(&ip2, &tla), 0);
	CHECK_MEM(ip2.a, ip.a, 16);
	tla.len = 33;
	CHECK_EQ(ngap_tla_get(&ip2, &tla), -E_INVAL);
	struct ngap_PLMNIdentity bad = { { 0xaa, 0xaa, 0xaa } };
	struct plmn p;
	CHECK_EQ(ngap_plmn_get(&p, &bad), -E_INVAL);
}

/* ---- Runtime paths NGAP itself does not use: SEQUENCE extension additions
 * and CHOICE extension alternatives (X.691 19.7, 23.8), on small types. ---- */

static const struct aper_type t_u8 = { .name = "U8",
				       .kind = APER_INT,
				       .flags = APER_F_LB | APER_F_UB,
				       .size = 4,
				       .min_bits = 8,
				       .lb = 0,
				       .ub = 255 };

struct demo_seq {
	uint32_t a; /* root component */
	uint32_t *b; /* extension addition */
	uint32_t *c; /* extension addition */
};

static const struct aper_member demo_seq_members[] = {
	{ "a", &t_u8, offsetof(struct demo_seq, a), 0 },
	{ "b", &t_u8, offsetof(struct demo_seq, b), APER_M_OPT },
	{ "c", &t_u8, offsetof(struct demo_seq, c), APER_M_OPT },
};

/* Demo ::= SEQUENCE { a INTEGER (0..255), ..., b INTEGER (0..255), c INTEGER (0..255) } */
static const struct aper_type t_demo_seq = { .name = "Demo",
					     .kind = APER_SEQ,
					     .flags = APER_F_EXT,
					     .size = sizeof(struct demo_seq),
					     .min_bits = 9,
					     .members = demo_seq_members,
					     .n = 3,
					     .n_root = 1 };

struct demo_choice {
	uint32_t present; /* 1 x, 2 y */
	union {
		uint32_t x; /* root alternative */
		uint32_t y; /* extension alternative */
	} u;
};

static const struct aper_member demo_choice_members[] = {
	{ "x", &t_u8, offsetof(struct demo_choice, u.x), 0 },
	{ "y", &t_u8, offsetof(struct demo_choice, u.y), 0 },
};

/* DemoChoice ::= CHOICE { x INTEGER (0..255), ..., y INTEGER (0..255) } */
static const struct aper_type t_demo_choice = { .name = "DemoChoice",
						.kind = APER_CHOICE,
						.flags = APER_F_EXT,
						.size = sizeof(struct demo_choice),
						.min_bits = 1,
						.members = demo_choice_members,
						.n = 2,
						.n_root = 1,
						.sel_off = offsetof(struct demo_choice, present) };

/*   80 05     extension bit 1, pad, a = 5 (one octet)
 *   02 80     additions: count-1 = 1 as a normally small number (0 000001),
 *             bitmap 01 (b absent, c present), pad
 *   01 07     c as an open type: length 1, value 7 */
static void sequence_extension_additions_round_trip(void)
{
	struct arena a;
	arena_init(&a, NULL, 0, 0);
	uint32_t seven = 7;
	struct demo_seq v = { 5, NULL, &seven }, back;
	uint8_t want[] = { 0x80, 0x05, 0x02, 0x80, 0x01, 0x07 };
	CHECK_EQ(aper_encode(&t_demo_seq, &v, out, sizeof(out), NULL), (int)sizeof(want));
	CHECK_MEM(out, want, sizeof(want));
	CHECK_EQ(aper_decode(&t_demo_seq, &back, want, sizeof(want), &a, NULL), (int)sizeof(want));
	CHECK(aper_equal(&t_demo_seq, &v, &back));
	CHECK(back.b == NULL && back.c && *back.c == 7);
	/* No addition present: the extension bit stays 0. */
	v.c = NULL;
	CHECK_EQ(aper_encode(&t_demo_seq, &v, out, sizeof(out), NULL), 2);
	CHECK_MEM(out, ((uint8_t[]){ 0x00, 0x05 }), 2);
	arena_fini(&a);
}

/*   80 05 04 c0 01 07 01 99: three additions (count-1 = 2: 0 000010), bitmap
 *   011; the third is unknown to this version and is skipped. */
static void unknown_extension_addition_is_skipped(void)
{
	struct arena a;
	arena_init(&a, NULL, 0, 0);
	uint8_t b[] = { 0x80, 0x05, 0x04, 0xc0, 0x01, 0x07, 0x01, 0x99 };
	struct demo_seq v;
	CHECK_EQ(aper_decode(&t_demo_seq, &v, b, sizeof(b), &a, NULL), (int)sizeof(b));
	CHECK_EQ(v.a, 5);
	CHECK(v.b == NULL && v.c && *v.c == 7);
	/* The bitmap claims more additions than octets remain. */
	uint8_t bad[] = { 0x80, 0x05, 0x7e, 0xc0 };
	CHECK(aper_decode(&t_demo_seq, &v, bad, sizeof(bad), &a, NULL) < 0);
	arena_fini(&a);
}

/*   00 03     x: extension bit 0, no index bits (one root alternative), pad, 3
 *   80 01 09  y: extension bit 1, index 0 as a normally small number, open type */
static void choice_extension_alternative_round_trips(void)
{
	struct arena a;
	arena_init(&a, NULL, 0, 0);
	struct demo_choice v = { 2, { .y = 9 } }, back;
	CHECK_EQ(aper_encode(&t_demo_choice, &v, out, sizeof(out), NULL), 3);
	CHECK_MEM(out, ((uint8_t[]){ 0x80, 0x01, 0x09 }), 3);
	CHECK_EQ(aper_decode(&t_demo_choice, &back, out, 3, &a, NULL), 3);
	CHECK_EQ(back.present, 2);
	CHECK_EQ(back.u.y, 9);
	v = (struct demo_choice){ 1, { .x = 3 } };
	CHECK_EQ(aper_encode(&t_demo_choice, &v, out, sizeof(out), NULL), 2);
	CHECK_MEM(out, ((uint8_t[]){ 0x00, 0x03 }), 2);
	/* An extension alternative of a later version: skipped, kept as unknown. */
	uint8_t later[] = { 0x85, 0x01, 0x42 };
	CHECK_EQ(aper_decode(&t_demo_choice, &back, later, sizeof(later), &a, NULL), 3);
	CHECK_EQ(back.present, 1 + 1 + 5);
	CHECK_EQ(aper_encode(&t_demo_choice, &back, out, sizeof(out), NULL), -E_INVAL);
	arena_fini(&a);
}

int main(void)
{
	RUN(ng_setup_request_known_good_decodes);
	RUN(ng_setup_failure_from_octets);
	RUN(ng_setup_response_from_octets);
	RUN(initial_ue_message_from_octets);
	RUN(downlink_nas_transport_from_octets);
	RUN(uplink_nas_transport_from_octets);
	RUN(ue_context_release_command_from_octets);
	RUN(ue_context_release_complete_from_octets);
	RUN(error_indication_from_octets);
	RUN(ng_reset_all_from_octets);
	RUN(ng_reset_part_from_octets);
	RUN(ng_reset_acknowledge_from_octets);
	RUN(pdu_session_release_response_from_octets);
	RUN(every_message_round_trips);
	RUN(hand_built_cases_round_trip);
	RUN(setup_request_transfer_round_trips);
	RUN(truncated_messages_fail_cleanly);
	RUN(unknown_ie_is_reported_by_criticality);
	RUN(criticality_diagnostics_built_from_report);
	RUN(missing_mandatory_ie_is_reported);
	RUN(duplicate_ie_is_rejected);
	RUN(unknown_procedure_is_unsupported);
	RUN(constraint_violations_fail_encode);
	RUN(values_outside_constraints_fail_decode);
	RUN(unknown_enum_extension_is_kept);
	RUN(small_buffers_give_nospc);
	RUN(arena_limit_bounds_decode);
	RUN(list_counts_are_bounded_by_input);
	RUN(long_octet_strings_fragment);
	RUN(ie_find_returns_values);
	RUN(id_helpers_convert);
	RUN(sequence_extension_additions_round_trip);
	RUN(unknown_extension_addition_is_skipped);
	RUN(choice_extension_alternative_round_trips);
	return t_done();
}
