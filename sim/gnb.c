/* gnb.c — ngsim's gNB: one SCTP association to an AMF (lib/net), the NG
 * interface management machine on lib/fsm (TS 38.413 8.7), and the
 * UE-associated procedures (8.2, 8.3, 8.6).
 *
 * Every inbound PDU is decoded into the simulator's message arena; a PDU
 * that does not decode is answered with an Error Indication (TS 38.413
 * 10.3) and reported, never trusted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/codec/ngap/ngap.h"
#include "lib/core/err.h"
#include "lib/core/log.h"
#include "sim/sim.h"

enum gnb_state { GNB_IDLE, GNB_CONNECTING, GNB_SETUP, GNB_READY, GNB__STATES };
enum gnb_event {
	GNB_EV_START, /* connect and set up */
	GNB_EV_UP, /* SCTP association up */
	GNB_EV_DOWN, /* SCTP association gone */
	GNB_EV_SETUP_RSP, /* NG Setup Response */
	GNB_EV_SETUP_FAIL, /* NG Setup Failure */
	GNB_EV_TIMEOUT, /* guard timer */
	GNB__EVENTS
};
enum { GT_NONE, GT_SETUP, GT__COUNT };

/* A message waiting for SCTP send-buffer room. */
struct gnb_pending {
	struct gnb_pending *next; /* FIFO link */
	uint16_t stream; /* SCTP stream */
	size_t len; /* bytes in data */
	uint8_t data[]; /* the encoded PDU */
};

struct sim_gnb {
	struct sim *s; /* the simulator */
	int idx; /* index in the config */
	const struct sim_gnb_cfg *cfg; /* its configuration */
	struct fsm fsm; /* NG interface machine */
	char ctx[96]; /* log prefix */
	struct net_sctp *ep; /* SCTP endpoint (one per gNB: one association each) */
	struct handle assoc; /* the association */
	uint16_t out_streams; /* outbound streams negotiated */
	uint32_t amf_i; /* AMF address tried last */
	uint64_t setup_start_ns; /* NG Setup started */
	uint64_t reset_start_ns; /* NG Reset sent (0 = none pending) */
	bool has_guami; /* guami is known */
	struct guami guami; /* first served GUAMI of the AMF */
	struct gnb_pending *q_head; /* messages waiting for room */
	struct gnb_pending *q_tail; /* last of them */
	uint64_t rx_bad; /* PDUs that did not decode */
	bool closing; /* a graceful SHUTDOWN was started */
};

static struct fsm_timer gnb_timers[GT__COUNT] = {
	[GT_SETUP] = { "NG-Setup", 5000, 0 },
};
static const char *const gnb_event_names[GNB__EVENTS] = {
	"START", "SCTP_UP", "SCTP_DOWN", "SETUP_RSP", "SETUP_FAIL", "TIMEOUT",
};

static void gnb_handle(struct fsm *f, int ev, void *data);

static const struct fsm_state gnb_states[GNB__STATES] = {
	[GNB_IDLE] = { "IDLE", gnb_handle, .events = EV(GNB_EV_START) | EV(GNB_EV_DOWN),
		       .next = ST(GNB_CONNECTING) },
	[GNB_CONNECTING] = { "CONNECTING", gnb_handle, .timer = GT_SETUP,
			     .events = EV(GNB_EV_UP) | EV(GNB_EV_DOWN) | EV(GNB_EV_TIMEOUT),
			     .next = ST(GNB_SETUP) | ST(GNB_IDLE) },
	[GNB_SETUP] = { "NG-SETUP", gnb_handle, .timer = GT_SETUP,
			.events = EV(GNB_EV_SETUP_RSP) | EV(GNB_EV_SETUP_FAIL) | EV(GNB_EV_DOWN) |
				  EV(GNB_EV_TIMEOUT),
			.next = ST(GNB_READY) | ST(GNB_IDLE) },
	[GNB_READY] = { "READY", gnb_handle, .events = EV(GNB_EV_DOWN), .next = ST(GNB_IDLE) },
};

static const struct fsm_def gnb_fsm = {
	.name = "ngap",
	.states = gnb_states,
	.nstates = GNB__STATES,
	.event_names = gnb_event_names,
	.nevents = GNB__EVENTS,
	.timers = gnb_timers,
	.ntimers = GT__COUNT,
	.timeout_event = GNB_EV_TIMEOUT,
};

static void gnb_report(struct sim_gnb *g, int out, int proc, uint64_t start, int cause,
		       const char *detail)
{
	struct sim_event e = { .out = out, .proc = proc, .gnb = g->idx, .ue = -1, .cause = cause };
	if (start)
		e.latency_ns = ev_clock_ns() - start;
	snprintf(e.detail, sizeof(e.detail), "%s", detail);
	sim_report(g->s, &e);
}

/* --- sending --- */

static int gnb_send_raw(struct sim_gnb *g, uint16_t stream, const uint8_t *p, size_t n)
{
	if (g->q_head) /* keep order behind what already waits */
		goto queue;
	int rc = net_sctp_send(g->ep, g->assoc, stream, NET_SCTP_PPID_NGAP, p, n);
	if (rc != -E_AGAIN)
		return rc;
queue:;
	struct gnb_pending *q = malloc(sizeof(*q) + n);
	if (!q)
		return -E_NOMEM;
	q->next = NULL;
	q->stream = stream;
	q->len = n;
	memcpy(q->data, p, n);
	if (g->q_tail)
		g->q_tail->next = q;
	else
		g->q_head = q;
	g->q_tail = q;
	return 0;
}

static void gnb_flush(struct sim_gnb *g)
{
	while (g->q_head) {
		struct gnb_pending *q = g->q_head;
		int rc = net_sctp_send(g->ep, g->assoc, q->stream, NET_SCTP_PPID_NGAP, q->data,
				       q->len);
		if (rc == -E_AGAIN)
			return;
		g->q_head = q->next;
		if (!g->q_head)
			g->q_tail = NULL;
		free(q);
	}
}

static void gnb_drop_queue(struct sim_gnb *g)
{
	while (g->q_head) {
		struct gnb_pending *q = g->q_head;
		g->q_head = q->next;
		free(q);
	}
	g->q_tail = NULL;
}

/* Encodes and sends pdu; UE-associated PDUs go on stream 1.. by RAN UE NGAP
 * ID, the others on stream 0 (TS 38.412 7). */
static int gnb_send(struct sim_gnb *g, const struct ngap_pdu *pdu, uint32_t ran_id, bool ue_assoc)
{
	uint8_t out[4096];
	struct ngap_err err;
	int n = ngap_encode(pdu, out, sizeof(out), &err);
	if (n < 0) {
		sim_error(g->s, g->idx, -1, PROC_NONE, "gnb %d: cannot encode %s: %s (%s)", g->idx,
			  ngap_msg_name(pdu->msg), err_str(n), err.type ? err.type : "-");
		return n;
	}
	uint16_t stream = 0;
	if (ue_assoc && g->out_streams > 1)
		stream = (uint16_t)(1 + ran_id % (uint32_t)(g->out_streams - 1));
	LOG(LOG_TRACE, g->ctx, "send %s (%d octets) on stream %u", ngap_msg_name(pdu->msg), n,
	    stream);
	int rc = gnb_send_raw(g, stream, out, (size_t)n);
	if (rc < 0)
		sim_error(g->s, g->idx, -1, PROC_NONE, "gnb %d: SCTP send of %s: %s", g->idx,
			  ngap_msg_name(pdu->msg), err_str(rc));
	return rc;
}

static void set_tac(struct ngap_TAC *t, uint32_t tac)
{
	t->buf[0] = (uint8_t)(tac >> 16);
	t->buf[1] = (uint8_t)(tac >> 8);
	t->buf[2] = (uint8_t)tac;
}

/* NR user location: the gNB's cell (gNB ID, cell 1) and the UE's TAI. */
static void set_uli(struct sim_gnb *g, const struct sim_ue *ue,
		    struct ngap_UserLocationInformation *uli)
{
	struct ngap_UserLocationInformationNR *nr = &uli->u.userLocationInformationNR;
	uli->present = NGAP_UserLocationInformation_PR_userLocationInformationNR;
	ngap_plmn_set(&nr->nR_CGI.pLMNIdentity, &g->cfg->plmn);
	/* NR Cell Identity (36 bits) = gNB ID || local cell id (TS 38.300 8.2). */
	uint64_t nci = ((uint64_t)g->cfg->id << (36 - g->cfg->id_bits)) | 1u;
	uint64_t v = nci << 4; /* left-aligned in 40 bits */
	for (int i = 0; i < 5; i++)
		nr->nR_CGI.nRCellIdentity.buf[i] = (uint8_t)(v >> (32 - 8 * i));
	ngap_plmn_set(&nr->tAI.pLMNIdentity, &g->cfg->plmn);
	set_tac(&nr->tAI.tAC, gnb_ue_tac(g->s, ue));
}

static int send_ng_setup(struct sim_gnb *g)
{
	const struct sim_gnb_cfg *c = g->cfg;
	struct ngap_pdu pdu = { .msg = NGAP_MSG_NGSetupRequest };
	struct ngap_NGSetupRequest *r = &pdu.u.NGSetupRequest;
	struct ngap_SupportedTAItem tas[SIM_MAX_TACS];
	struct ngap_BroadcastPLMNItem bp[SIM_MAX_TACS];
	struct ngap_SliceSupportItem sl[SIM_MAX_SLICES];
	struct ngap_SD sd[SIM_MAX_SLICES];
	struct ngap_octets name = { (const uint8_t *)c->name, strlen(c->name) };

	memset(tas, 0, sizeof(tas));
	memset(bp, 0, sizeof(bp));
	memset(sl, 0, sizeof(sl));
	r->GlobalRANNodeID.present = NGAP_GlobalRANNodeID_PR_globalGNB_ID;
	struct ngap_GlobalGNB_ID *gid = &r->GlobalRANNodeID.u.globalGNB_ID;
	ngap_plmn_set(&gid->pLMNIdentity, &c->plmn);
	gid->gNB_ID.present = NGAP_GNB_ID_PR_gNB_ID;
	gid->gNB_ID.u.gNB_ID.len = (uint32_t)c->id_bits;
	uint32_t idv = (uint32_t)((uint64_t)c->id << (32 - c->id_bits));
	for (int i = 0; i < 4; i++)
		gid->gNB_ID.u.gNB_ID.buf[i] = (uint8_t)(idv >> (24 - 8 * i));
	if (name.len)
		r->RANNodeName = &name;
	for (uint32_t i = 0; i < c->n_slices; i++)
		ngap_snssai_set(&sl[i].s_NSSAI, &sd[i], &c->slices[i]);
	for (uint32_t t = 0; t < c->n_tacs; t++) {
		set_tac(&tas[t].tAC, (uint32_t)c->tacs[t]);
		ngap_plmn_set(&bp[t].pLMNIdentity, &c->plmn);
		bp[t].tAISliceSupportList = (struct ngap_SliceSupportList){ c->n_slices, sl };
		tas[t].broadcastPLMNList = (struct ngap_BroadcastPLMNList){ 1, &bp[t] };
	}
	r->SupportedTAList = (struct ngap_SupportedTAList){ c->n_tacs, tas };
	r->DefaultPagingDRX = c->paging_drx == 32    ? NGAP_PagingDRX_v32
			      : c->paging_drx == 64  ? NGAP_PagingDRX_v64
			      : c->paging_drx == 256 ? NGAP_PagingDRX_v256
						     : NGAP_PagingDRX_v128;
	g->setup_start_ns = ev_clock_ns();
	return gnb_send(g, &pdu, 0, false);
}

static void send_error_indication(struct sim_gnb *g, const uint64_t *amf_id, const uint32_t *ran_id,
				  int group, int value)
{
	struct ngap_pdu pdu = { .msg = NGAP_MSG_ErrorIndication };
	struct ngap_ErrorIndication *e = &pdu.u.ErrorIndication;
	struct ngap_Cause cause = { .present = (enum ngap_Cause_pr)group };
	uint64_t a = amf_id ? *amf_id : 0;
	uint32_t r = ran_id ? *ran_id : 0;

	switch (group) {
	case NGAP_Cause_PR_radioNetwork: cause.u.radioNetwork = value; break;
	case NGAP_Cause_PR_protocol: cause.u.protocol = value; break;
	default: cause.u.misc = value; break;
	}
	e->Cause = &cause;
	if (amf_id)
		e->AMF_UE_NGAP_ID = &a;
	if (ran_id)
		e->RAN_UE_NGAP_ID = &r;
	gnb_send(g, &pdu, r, ran_id != NULL);
}

/* --- the NG interface machine --- */

static void gnb_on_down(struct sim_gnb *g, const char *why);

static int gnb_connect(struct sim_gnb *g)
{
	const struct sim_amf_cfg *a = &g->cfg->amfs[g->amf_i % g->cfg->n_amfs];
	struct net_addr peer;
	char txt[NET_ADDR_STRLEN];

	if (net_addr_set(&peer, &a->ip, a->port) < 0)
		return -E_INVAL;
	LOG(LOG_INFO, g->ctx, "connecting to AMF %s", net_addr_str(&peer, txt, sizeof(txt)));
	return net_sctp_connect(g->ep, &peer, &g->assoc);
}

static void gnb_handle(struct fsm *f, int ev, void *data)
{
	struct sim_gnb *g = f->priv;
	const struct ngap_pdu *pdu = data;
	char d[160];

	switch (ev) {
	case GNB_EV_START:
		fsm_transition(f, GNB_CONNECTING);
		g->setup_start_ns = ev_clock_ns();
		if (gnb_connect(g) < 0) {
			fsm_transition(f, GNB_IDLE);
			gnb_report(g, OUT_ASSOC_DOWN, PROC_NG_SETUP, g->setup_start_ns, -1,
				   "SCTP connect failed");
		}
		break;
	case GNB_EV_UP:
		fsm_transition(f, GNB_SETUP);
		send_ng_setup(g);
		break;
	case GNB_EV_SETUP_RSP: {
		const struct ngap_NGSetupResponse *r = &pdu->u.NGSetupResponse;
		if (r->ServedGUAMIList.n > 0 &&
		    ngap_guami_get(&g->guami, &r->ServedGUAMIList.v[0].gUAMI) == 0)
			g->has_guami = true;
		fsm_transition(f, GNB_READY);
		snprintf(d, sizeof(d), "NG Setup Response from %.*s", (int)r->AMFName.len,
			 (const char *)r->AMFName.p);
		gnb_report(g, OUT_NG_SETUP_RESPONSE, PROC_NG_SETUP, g->setup_start_ns, -1, d);
		break;
	}
	case GNB_EV_SETUP_FAIL: {
		const struct ngap_Cause *c = &pdu->u.NGSetupFailure.Cause;
		int v = (int)c->present * 100 + (int)c->u.misc; /* every member is an enum */
		fsm_transition(f, GNB_IDLE);
		snprintf(d, sizeof(d), "NG Setup Failure cause %d (group %d value %d)", v,
			 (int)c->present, (int)c->u.misc);
		gnb_report(g, OUT_NG_SETUP_FAILURE, PROC_NG_SETUP, g->setup_start_ns, v, d);
		/* TS 38.413 8.7.1.3: the gNB may retry after Time to Wait; ngsim
		 * leaves that to the scenario and closes the association. */
		if (net_sctp_shutdown(g->ep, g->assoc) == 0)
			g->closing = true;
		break;
	}
	case GNB_EV_TIMEOUT:
		fsm_transition(f, GNB_IDLE);
		gnb_report(g, OUT_TIMEOUT, PROC_NG_SETUP, g->setup_start_ns, -1,
			   f->state == GNB_CONNECTING ? "SCTP association did not come up"
						      : "no answer to NG Setup Request");
		net_sctp_abort(g->ep, g->assoc);
		break;
	case GNB_EV_DOWN: gnb_on_down(g, data); break;
	}
}

/* --- UE-associated procedures --- */

static struct sim_ue *find_ue(struct sim_gnb *g, uint32_t ran_id)
{
	struct sim_ue *ue = sim_ue_get(g->s, ran_id & ((1u << SIM_RAN_ID_BITS) - 1));
	if (!ue || ue->ran_ue_id != ran_id || ue->gnb != g->idx || !ue->connected)
		return NULL;
	return ue;
}

/* The UE of a UE-associated message; answers an unknown ID with an Error
 * Indication (TS 38.413 10.6) and checks the AMF UE NGAP ID. */
static struct sim_ue *ue_of(struct sim_gnb *g, uint64_t amf_id, uint32_t ran_id, const char *what)
{
	struct sim_ue *ue = find_ue(g, ran_id);
	if (!ue) {
		sim_error(g->s, g->idx, -1, PROC_NONE, "gnb %d: %s for unknown RAN UE NGAP ID %u",
			  g->idx, what, ran_id);
		send_error_indication(g, &amf_id, &ran_id, NGAP_Cause_PR_radioNetwork,
				      NGAP_CauseRadioNetwork_unknown_local_UE_NGAP_ID);
		return NULL;
	}
	if (ue->has_amf_id && ue->amf_ue_id != amf_id) {
		sim_error(g->s, g->idx, ue->num, ue->proc,
			  "gnb %d: %s with AMF UE NGAP ID %llu, the UE has %llu", g->idx, what,
			  (unsigned long long)amf_id, (unsigned long long)ue->amf_ue_id);
		send_error_indication(g, &amf_id, &ran_id, NGAP_Cause_PR_radioNetwork,
				      NGAP_CauseRadioNetwork_inconsistent_remote_UE_NGAP_ID);
		return NULL;
	}
	ue_set_amf_id(ue, amf_id);
	return ue;
}

static void on_dl_nas(struct sim_gnb *g, const struct ngap_DownlinkNASTransport *m)
{
	struct sim_ue *ue = ue_of(g, m->AMF_UE_NGAP_ID, m->RAN_UE_NGAP_ID, "DownlinkNASTransport");
	if (ue)
		ue_nas_rx(g->s, ue, m->NAS_PDU.p, m->NAS_PDU.len);
}

/* One PDU session the AMF asks the gNB to set up (TS 38.413 8.2.1, 8.3.1):
 * the request transfer must decode; the answer carries the gNB's N3 address
 * and a TEID of its own (UE number << 8 | PDU session ID) with every QoS
 * flow requested. Returns the response transfer length, or -1 when the
 * session is refused (then ufail holds the unsuccessful transfer). */
#define PDU_MAX 16
struct pdu_out {
	uint8_t ok[PDU_MAX][128]; /* response transfers */
	uint8_t bad[PDU_MAX][16]; /* unsuccessful transfers */
};

static int pdu_setup_one(struct sim_gnb *g, struct sim_ue *ue, uint32_t psi,
			 const struct ngap_octets *req, uint8_t *ok, size_t ok_cap, uint8_t *bad,
			 size_t bad_cap, int *bad_len)
{
	struct ngap_PDUSessionResourceSetupRequestTransfer t;
	struct ngap_err err;
	static struct arena a;
	static uint8_t first[16384];
	static bool init;
	if (!init) {
		arena_init(&a, first, sizeof(first), 256 * 1024);
		init = true;
	}
	arena_reset(&a);
	int rc = ngap_decode_type(&ngap_type_PDUSessionResourceSetupRequestTransfer, &t, req->p,
				  req->len, &a, &err);
	if (rc >= 0) {
		struct ngap_PDUSessionResourceSetupResponseTransfer r;
		struct ngap_AssociatedQosFlowItem flows[16];
		uint32_t nf = t.QosFlowSetupRequestList.n < 16 ? t.QosFlowSetupRequestList.n : 16;
		uint32_t teid = ue->num << 8 | (psi & 0xFF);
		memset(&r, 0, sizeof(r));
		memset(flows, 0, sizeof(flows));
		for (uint32_t i = 0; i < nf; i++)
			flows[i].qosFlowIdentifier =
				t.QosFlowSetupRequestList.v[i].qosFlowIdentifier;
		struct ngap_UPTransportLayerInformation *up =
			&r.dLQosFlowPerTNLInformation.uPTransportLayerInformation;
		up->present = NGAP_UPTransportLayerInformation_PR_gTPTunnel;
		ngap_tla_set(&up->u.gTPTunnel.transportLayerAddress, &g->cfg->n3);
		for (int i = 0; i < 4; i++)
			up->u.gTPTunnel.gTP_TEID.buf[i] = (uint8_t)(teid >> (24 - 8 * i));
		r.dLQosFlowPerTNLInformation.associatedQosFlowList =
			(struct ngap_AssociatedQosFlowList){ nf, flows };
		rc = nf ? ngap_encode_type(&ngap_type_PDUSessionResourceSetupResponseTransfer, &r,
					   ok, ok_cap, &err)
			: -E_INVAL;
		if (rc > 0) {
			LOG(LOG_INFO, ue->ctx, "PDU session %u: N3 TEID %08x, %u QoS flow(s)", psi,
			    teid, nf);
			return rc;
		}
	}
	sim_error(g->s, g->idx, ue->num, PROC_NONE,
		  "gnb %d: PDU session %u resource setup transfer: %s", g->idx, psi, err_str(rc));
	struct ngap_PDUSessionResourceSetupUnsuccessfulTransfer u = { 0 };
	u.cause.present = NGAP_Cause_PR_protocol;
	u.cause.u.protocol = NGAP_CauseProtocol_semantic_error;
	*bad_len = ngap_encode_type(&ngap_type_PDUSessionResourceSetupUnsuccessfulTransfer, &u, bad,
				    bad_cap, NULL);
	return -1;
}

static void on_ics_request(struct sim_gnb *g, const struct ngap_InitialContextSetupRequest *m)
{
	struct sim_ue *ue =
		ue_of(g, m->AMF_UE_NGAP_ID, m->RAN_UE_NGAP_ID, "InitialContextSetupRequest");
	if (!ue)
		return;
	struct ngap_pdu pdu = { .msg = NGAP_MSG_InitialContextSetupResponse };
	struct ngap_InitialContextSetupResponse *r = &pdu.u.InitialContextSetupResponse;
	static struct pdu_out po;
	struct ngap_PDUSessionResourceSetupItemCxtRes ok[PDU_MAX];
	struct ngap_PDUSessionResourceFailedToSetupItemCxtRes bad[PDU_MAX];
	struct ngap_PDUSessionResourceSetupListCxtRes okl = { 0, ok };
	struct ngap_PDUSessionResourceFailedToSetupListCxtRes badl = { 0, bad };
	r->AMF_UE_NGAP_ID = m->AMF_UE_NGAP_ID;
	r->RAN_UE_NGAP_ID = m->RAN_UE_NGAP_ID;
	const struct ngap_PDUSessionResourceSetupListCxtReq *l =
		m->PDUSessionResourceSetupListCxtReq;
	for (uint32_t i = 0; l && i < l->n && i < PDU_MAX; i++) {
		int bl = 0;
		int n = pdu_setup_one(g, ue, l->v[i].pDUSessionID,
				      &l->v[i].pDUSessionResourceSetupRequestTransfer, po.ok[i],
				      sizeof(po.ok[i]), po.bad[i], sizeof(po.bad[i]), &bl);
		if (n > 0)
			ok[okl.n++] = (struct ngap_PDUSessionResourceSetupItemCxtRes){
				l->v[i].pDUSessionID, { po.ok[i], (size_t)n }
			};
		else
			bad[badl.n++] = (struct ngap_PDUSessionResourceFailedToSetupItemCxtRes){
				l->v[i].pDUSessionID, { po.bad[i], bl > 0 ? (size_t)bl : 0 }
			};
	}
	if (okl.n)
		r->PDUSessionResourceSetupListCxtRes = &okl;
	if (badl.n)
		r->PDUSessionResourceFailedToSetupListCxtRes = &badl;
	gnb_send(g, &pdu, ue->ran_ue_id, true);
	if (m->NAS_PDU)
		ue_nas_rx(g->s, ue, m->NAS_PDU->p, m->NAS_PDU->len);
	for (uint32_t i = 0; l && i < l->n && i < PDU_MAX; i++)
		if (l->v[i].nAS_PDU)
			ue_nas_rx(g->s, ue, l->v[i].nAS_PDU->p, l->v[i].nAS_PDU->len);
}

static void on_pdu_setup_request(struct sim_gnb *g,
				 const struct ngap_PDUSessionResourceSetupRequest *m)
{
	struct sim_ue *ue =
		ue_of(g, m->AMF_UE_NGAP_ID, m->RAN_UE_NGAP_ID, "PDUSessionResourceSetupRequest");
	if (!ue)
		return;
	struct ngap_pdu pdu = { .msg = NGAP_MSG_PDUSessionResourceSetupResponse };
	struct ngap_PDUSessionResourceSetupResponse *r = &pdu.u.PDUSessionResourceSetupResponse;
	static struct pdu_out po;
	struct ngap_PDUSessionResourceSetupItemSURes ok[PDU_MAX];
	struct ngap_PDUSessionResourceFailedToSetupItemSURes bad[PDU_MAX];
	struct ngap_PDUSessionResourceSetupListSURes okl = { 0, ok };
	struct ngap_PDUSessionResourceFailedToSetupListSURes badl = { 0, bad };
	const struct ngap_PDUSessionResourceSetupListSUReq *l =
		&m->PDUSessionResourceSetupListSUReq;
	r->AMF_UE_NGAP_ID = m->AMF_UE_NGAP_ID;
	r->RAN_UE_NGAP_ID = m->RAN_UE_NGAP_ID;
	for (uint32_t i = 0; i < l->n && i < PDU_MAX; i++) {
		int bl = 0;
		int n = pdu_setup_one(g, ue, l->v[i].pDUSessionID,
				      &l->v[i].pDUSessionResourceSetupRequestTransfer, po.ok[i],
				      sizeof(po.ok[i]), po.bad[i], sizeof(po.bad[i]), &bl);
		if (n > 0)
			ok[okl.n++] = (struct ngap_PDUSessionResourceSetupItemSURes){
				l->v[i].pDUSessionID, { po.ok[i], (size_t)n }
			};
		else
			bad[badl.n++] = (struct ngap_PDUSessionResourceFailedToSetupItemSURes){
				l->v[i].pDUSessionID, { po.bad[i], bl > 0 ? (size_t)bl : 0 }
			};
	}
	if (okl.n)
		r->PDUSessionResourceSetupListSURes = &okl;
	if (badl.n)
		r->PDUSessionResourceFailedToSetupListSURes = &badl;
	gnb_send(g, &pdu, ue->ran_ue_id, true);
	if (m->NAS_PDU)
		ue_nas_rx(g->s, ue, m->NAS_PDU->p, m->NAS_PDU->len);
	for (uint32_t i = 0; i < l->n && i < PDU_MAX; i++)
		if (l->v[i].pDUSessionNAS_PDU)
			ue_nas_rx(g->s, ue, l->v[i].pDUSessionNAS_PDU->p,
				  l->v[i].pDUSessionNAS_PDU->len);
}

static void send_release_complete(struct sim_gnb *g, struct sim_ue *ue)
{
	struct ngap_pdu pdu = { .msg = NGAP_MSG_UEContextReleaseComplete };
	struct ngap_UEContextReleaseComplete *r = &pdu.u.UEContextReleaseComplete;
	struct ngap_UserLocationInformation uli;
	memset(&uli, 0, sizeof(uli));
	r->AMF_UE_NGAP_ID = ue->amf_ue_id;
	r->RAN_UE_NGAP_ID = ue->ran_ue_id;
	set_uli(g, ue, &uli);
	r->UserLocationInformation = &uli;
	gnb_send(g, &pdu, ue->ran_ue_id, true);
}

static void on_release_command(struct sim_gnb *g, const struct ngap_UEContextReleaseCommand *m)
{
	struct sim_ue *ue = NULL;
	const struct ngap_UE_NGAP_IDs *ids = &m->UE_NGAP_IDs;

	if (ids->present == NGAP_UE_NGAP_IDs_PR_uE_NGAP_ID_pair) {
		ue = ue_of(g, ids->u.uE_NGAP_ID_pair.aMF_UE_NGAP_ID,
			   ids->u.uE_NGAP_ID_pair.rAN_UE_NGAP_ID, "UEContextReleaseCommand");
	} else if (ids->present == NGAP_UE_NGAP_IDs_PR_aMF_UE_NGAP_ID) {
		for (uint32_t i = 0; i < g->s->n_ues && !ue; i++) {
			struct sim_ue *u = sim_ue_get(g->s, i);
			if (u && u->connected && u->gnb == g->idx && u->has_amf_id &&
			    u->amf_ue_id == ids->u.aMF_UE_NGAP_ID)
				ue = u;
		}
		if (!ue) {
			uint64_t a = ids->u.aMF_UE_NGAP_ID;
			sim_error(g->s, g->idx, -1, PROC_NONE,
				  "gnb %d: UEContextReleaseCommand for unknown AMF UE NGAP ID %llu",
				  g->idx, (unsigned long long)a);
			send_error_indication(g, &a, NULL, NGAP_Cause_PR_radioNetwork,
					      NGAP_CauseRadioNetwork_unknown_local_UE_NGAP_ID);
		}
	}
	if (!ue)
		return;
	send_release_complete(g, ue);
	ue_conn_released(g->s, ue, false);
}

/* NG Reset from the AMF (TS 38.413 8.7.4.2.2): release the UE connections
 * it names (or all), then acknowledge. */
static void on_ng_reset(struct sim_gnb *g, const struct ngap_NGReset *m)
{
	struct ngap_pdu pdu = { .msg = NGAP_MSG_NGResetAcknowledge };
	bool all = m->ResetType.present == NGAP_ResetType_PR_nG_Interface;
	for (uint32_t i = 0; i < g->s->n_ues; i++) {
		struct sim_ue *u = sim_ue_get(g->s, i);
		if (!u || !u->connected || u->gnb != g->idx)
			continue;
		bool hit = all;
		if (!all && m->ResetType.present == NGAP_ResetType_PR_partOfNG_Interface) {
			const struct ngap_UE_associatedLogicalNG_connectionList *l =
				&m->ResetType.u.partOfNG_Interface;
			for (uint32_t k = 0; k < l->n && !hit; k++) {
				const struct ngap_UE_associatedLogicalNG_connectionItem *it =
					&l->v[k];
				hit = (it->rAN_UE_NGAP_ID && *it->rAN_UE_NGAP_ID == u->ran_ue_id) ||
				      (it->aMF_UE_NGAP_ID && u->has_amf_id &&
				       *it->aMF_UE_NGAP_ID == u->amf_ue_id);
			}
		}
		if (hit)
			ue_conn_released(g->s, u, true);
	}
	if (!all)
		pdu.u.NGResetAcknowledge.UE_associatedLogicalNG_connectionList =
			(struct ngap_UE_associatedLogicalNG_connectionList *)&m->ResetType.u
				.partOfNG_Interface;
	gnb_send(g, &pdu, 0, false);
	sim_error(g->s, g->idx, -1, PROC_NONE, "gnb %d: NG Reset from the AMF", g->idx);
}

static void on_error_indication(struct sim_gnb *g, const struct ngap_ErrorIndication *m)
{
	int v = m->Cause ? (int)m->Cause->present * 100 + (int)m->Cause->u.misc : -1;
	int64_t ue = -1;
	if (m->RAN_UE_NGAP_ID) {
		struct sim_ue *u = find_ue(g, *m->RAN_UE_NGAP_ID);
		if (u)
			ue = u->num;
	}
	struct sim_ue *u = ue >= 0 ? sim_ue_get(g->s, (uint32_t)ue) : NULL;
	sim_error(g->s, g->idx, ue, u ? u->proc : PROC_NONE,
		  "gnb %d: Error Indication from the AMF, cause %d", g->idx, v);
}

static void gnb_dispatch(struct sim_gnb *g, const struct ngap_pdu *pdu)
{
	bool ready = g->fsm.state == GNB_READY;

	switch (pdu->msg) {
	case NGAP_MSG_NGSetupResponse: fsm_dispatch(&g->fsm, GNB_EV_SETUP_RSP, (void *)pdu); return;
	case NGAP_MSG_NGSetupFailure: fsm_dispatch(&g->fsm, GNB_EV_SETUP_FAIL, (void *)pdu); return;
	case NGAP_MSG_ErrorIndication: on_error_indication(g, &pdu->u.ErrorIndication); return;
	default: break;
	}
	if (!ready) {
		sim_error(g->s, g->idx, -1, PROC_NONE, "gnb %d: %s before NG Setup completed",
			  g->idx, ngap_msg_name(pdu->msg));
		send_error_indication(
			g, NULL, NULL, NGAP_Cause_PR_protocol,
			NGAP_CauseProtocol_message_not_compatible_with_receiver_state);
		return;
	}
	switch (pdu->msg) {
	case NGAP_MSG_DownlinkNASTransport: on_dl_nas(g, &pdu->u.DownlinkNASTransport); break;
	case NGAP_MSG_InitialContextSetupRequest:
		on_ics_request(g, &pdu->u.InitialContextSetupRequest);
		break;
	case NGAP_MSG_UEContextReleaseCommand:
		on_release_command(g, &pdu->u.UEContextReleaseCommand);
		break;
	case NGAP_MSG_PDUSessionResourceSetupRequest:
		on_pdu_setup_request(g, &pdu->u.PDUSessionResourceSetupRequest);
		break;
	case NGAP_MSG_NGReset: on_ng_reset(g, &pdu->u.NGReset); break;
	case NGAP_MSG_NGResetAcknowledge:
		if (g->reset_start_ns) {
			gnb_report(g, OUT_NG_RESET_ACK, PROC_NG_RESET, g->reset_start_ns, -1,
				   "NG Reset Acknowledge");
			g->reset_start_ns = 0;
		} else {
			sim_error(g->s, g->idx, -1, PROC_NONE,
				  "gnb %d: NG Reset Acknowledge without NG Reset", g->idx);
		}
		break;
	case NGAP_MSG_Paging:
	case NGAP_MSG_AMFConfigurationUpdate:
	case NGAP_MSG_AMFStatusIndication:
	case NGAP_MSG_OverloadStart:
	case NGAP_MSG_OverloadStop:
		LOG_RL(LOG_INFO, g->ctx, "%s ignored", ngap_msg_name(pdu->msg));
		break;
	default:
		sim_error(g->s, g->idx, -1, PROC_NONE, "gnb %d: unexpected %s", g->idx,
			  ngap_msg_name(pdu->msg));
		break;
	}
}

/* --- SCTP callbacks --- */

static struct sim_gnb *gnb_of(void *user)
{
	return user;
}

static void sctp_up(struct net_sctp *ep, struct handle assoc,
		    const struct net_sctp_assoc_info *info, void *user)
{
	struct sim_gnb *g = gnb_of(user);
	g->assoc = assoc;
	g->out_streams = info->out_streams;
	LOG(LOG_INFO, g->ctx, "SCTP up: %u/%u streams", info->in_streams, info->out_streams);
	fsm_dispatch(&g->fsm, GNB_EV_UP, NULL);
}

static void gnb_on_down(struct sim_gnb *g, const char *why)
{
	int was = g->fsm.state;
	bool ours = g->closing; /* the end of a SHUTDOWN we started: no news */
	gnb_drop_queue(g);
	g->assoc = HANDLE_NONE;
	g->closing = false;
	g->has_guami = false;
	for (uint32_t i = 0; i < g->s->n_ues; i++) {
		struct sim_ue *u = sim_ue_get(g->s, i);
		if (u && u->connected && u->gnb == g->idx)
			ue_conn_released(g->s, u, true);
	}
	if (was != GNB_IDLE)
		fsm_transition(&g->fsm, GNB_IDLE);
	if (ours)
		return;
	gnb_report(g, OUT_ASSOC_DOWN,
		   was == GNB_CONNECTING || was == GNB_SETUP ? PROC_NG_SETUP : PROC_NONE,
		   was == GNB_CONNECTING || was == GNB_SETUP ? g->setup_start_ns : 0, -1, why);
}

static void sctp_down(struct net_sctp *ep, struct handle assoc, enum net_sctp_down why, void *user)
{
	struct sim_gnb *g = gnb_of(user);
	char d[96];
	if (!handle_eq(assoc, g->assoc))
		return;
	snprintf(d, sizeof(d), "SCTP association down: %s", net_sctp_down_str(why));
	LOG(LOG_INFO, g->ctx, "%s", d);
	fsm_dispatch(&g->fsm, GNB_EV_DOWN, d);
}

static void sctp_restart(struct net_sctp *ep, struct handle assoc,
			 const struct net_sctp_assoc_info *info, void *user)
{
	struct sim_gnb *g = gnb_of(user);
	sim_error(g->s, g->idx, -1, PROC_NONE, "gnb %d: the AMF restarted the SCTP association",
		  g->idx);
}

static void sctp_data(struct net_sctp *ep, struct handle assoc, uint16_t stream, uint32_t ppid,
		      const uint8_t *data, size_t len, void *user)
{
	struct sim_gnb *g = gnb_of(user);
	struct ngap_pdu pdu;
	struct ngap_err err;

	if (ppid != NET_SCTP_PPID_NGAP) {
		sim_error(g->s, g->idx, -1, PROC_NONE, "gnb %d: SCTP message with PPID %u", g->idx,
			  ppid);
		return;
	}
	arena_reset(&g->s->arena);
	int rc = ngap_decode(&pdu, data, len, &g->s->arena, &err);
	if (rc < 0) {
		g->rx_bad++;
		sim_error(g->s, g->idx, -1, PROC_NONE,
			  "gnb %d: NGAP decode failed: %s (IE %u, %s, octet %zu)", g->idx,
			  err_str(rc), err.ie, err.type ? err.type : "-", err.off);
		/* TS 38.413 10.2/10.3: transfer syntax or abstract syntax error. */
		send_error_indication(g, NULL, NULL, NGAP_Cause_PR_protocol,
				      rc == -E_UNKNOWN_IE || rc == -E_MISSING_IE
					      ? NGAP_CauseProtocol_abstract_syntax_error_reject
					      : NGAP_CauseProtocol_transfer_syntax_error);
		return;
	}
	LOG(LOG_TRACE, g->ctx, "received %s on stream %u", ngap_msg_name(pdu.msg), stream);
	gnb_dispatch(g, &pdu);
	arena_reset(&g->s->arena);
}

static void sctp_writable(struct net_sctp *ep, struct handle assoc, void *user)
{
	gnb_flush(gnb_of(user));
}

/* --- API --- */

int gnb_init_all(struct sim *s)
{
	const struct sim_cfg *c = s->cfg;
	static const struct net_sctp_cbs cbs = {
		.up = sctp_up,
		.down = sctp_down,
		.restart = sctp_restart,
		.data = sctp_data,
		.writable = sctp_writable,
	};

	gnb_timers[GT_SETUP].ms = (uint32_t)c->ng_setup_timeout_ms;
	s->gnbs = calloc(c->n_gnbs, sizeof(*s->gnbs));
	if (!s->gnbs)
		return -E_NOMEM;
	for (uint32_t i = 0; i < c->n_gnbs; i++) {
		struct sim_gnb *g = &s->gnbs[i];
		g->s = s;
		g->idx = (int)i;
		g->cfg = &c->gnbs[i];
		snprintf(g->ctx, sizeof(g->ctx), "ngsim gnb[%u %s]", i, g->cfg->name);
		fsm_init(&g->fsm, &gnb_fsm, GNB_IDLE, s->loop, g, g->ctx);
		int rc = net_sctp_new(&g->ep, s->loop, &g->cfg->sctp, &cbs, g);
		if (rc < 0)
			return rc;
	}
	return 0;
}

void gnb_fini_all(struct sim *s)
{
	if (!s->gnbs)
		return;
	for (uint32_t i = 0; i < s->cfg->n_gnbs; i++) {
		struct sim_gnb *g = &s->gnbs[i];
		fsm_fini(&g->fsm);
		gnb_drop_queue(g);
		if (g->ep)
			net_sctp_free(g->ep);
		g->ep = NULL;
	}
	free(s->gnbs);
	s->gnbs = NULL;
}

int gnb_start(struct sim *s, int idx)
{
	struct sim_gnb *g = &s->gnbs[idx];
	if (g->fsm.state != GNB_IDLE)
		return -E_STATE;
	return fsm_dispatch(&g->fsm, GNB_EV_START, NULL);
}

int gnb_break(struct sim *s, int idx)
{
	struct sim_gnb *g = &s->gnbs[idx];
	if (g->fsm.state == GNB_IDLE)
		return -E_STATE;
	return net_sctp_abort(g->ep, g->assoc);
}

int gnb_ng_reset(struct sim *s, int idx)
{
	struct sim_gnb *g = &s->gnbs[idx];
	if (g->fsm.state != GNB_READY)
		return -E_STATE;
	struct ngap_pdu pdu = { .msg = NGAP_MSG_NGReset };
	pdu.u.NGReset.Cause.present = NGAP_Cause_PR_misc;
	pdu.u.NGReset.Cause.u.misc = NGAP_CauseMisc_om_intervention;
	pdu.u.NGReset.ResetType.present = NGAP_ResetType_PR_nG_Interface;
	pdu.u.NGReset.ResetType.u.nG_Interface = NGAP_ResetAll_reset_all;
	/* TS 38.413 8.7.4.2.1: the gNB releases every UE-associated connection. */
	for (uint32_t i = 0; i < s->n_ues; i++) {
		struct sim_ue *u = sim_ue_get(s, i);
		if (u && u->connected && u->gnb == idx)
			ue_conn_released(s, u, true);
	}
	g->reset_start_ns = ev_clock_ns();
	return gnb_send(g, &pdu, 0, false);
}

bool gnb_ready(const struct sim *s, int idx)
{
	return s->gnbs[idx].fsm.state == GNB_READY;
}

int gnb_shutdown_all(struct sim *s)
{
	int n = 0;
	for (uint32_t i = 0; i < s->cfg->n_gnbs; i++) {
		struct sim_gnb *g = &s->gnbs[i];
		if (!g->ep || handle_is_none(g->assoc))
			continue;
		if (!g->closing) { /* once: a second SHUTDOWN request becomes an ABORT */
			if (net_sctp_shutdown(g->ep, g->assoc) < 0)
				continue;
			g->closing = true;
		}
		n++;
	}
	return n;
}

uint32_t gnb_ue_tac(const struct sim *s, const struct sim_ue *ue)
{
	const struct sim_gnb_cfg *c = &s->cfg->gnbs[ue->gnb];
	return (uint32_t)c->tacs[ue->tac_idx < c->n_tacs ? ue->tac_idx : 0];
}

int gnb_initial_ue_message(struct sim *s, struct sim_ue *ue, const uint8_t *nas, size_t len,
			   int cause, bool with_stmsi)
{
	struct sim_gnb *g = &s->gnbs[ue->gnb];
	if (g->fsm.state != GNB_READY)
		return -E_STATE;
	ue->conn_seq = (uint16_t)((ue->conn_seq + 1) & 0xFFF);
	if (ue->conn_seq == 0)
		ue->conn_seq = 1;
	ue->ran_ue_id = (uint32_t)ue->conn_seq << SIM_RAN_ID_BITS | ue->num;
	ue->connected = true;
	ue->has_amf_id = false;
	ue->secured = false;

	struct ngap_pdu pdu = { .msg = NGAP_MSG_InitialUEMessage };
	struct ngap_InitialUEMessage *m = &pdu.u.InitialUEMessage;
	struct ngap_FiveG_S_TMSI stmsi;
	enum ngap_UEContextRequest req = NGAP_UEContextRequest_requested;
	m->RAN_UE_NGAP_ID = ue->ran_ue_id;
	m->NAS_PDU = (struct ngap_octets){ nas, len };
	set_uli(g, ue, &m->UserLocationInformation);
	m->RRCEstablishmentCause = (enum ngap_RRCEstablishmentCause)cause;
	if (with_stmsi && ue->has_guti) {
		uint16_t set = (uint16_t)(ue->guti_guami.set << 6);
		stmsi.aMFSetID.buf[0] = (uint8_t)(set >> 8);
		stmsi.aMFSetID.buf[1] = (uint8_t)set;
		stmsi.aMFPointer.buf[0] = (uint8_t)(ue->guti_guami.pointer << 2);
		for (int i = 0; i < 4; i++)
			stmsi.fiveG_TMSI.buf[i] = (uint8_t)(ue->guti_tmsi >> (24 - 8 * i));
		m->FiveG_S_TMSI = &stmsi;
	}
	m->UEContextRequest = &req;
	return gnb_send(g, &pdu, ue->ran_ue_id, true);
}

int gnb_uplink_nas(struct sim *s, struct sim_ue *ue, const uint8_t *nas, size_t len)
{
	struct sim_gnb *g = &s->gnbs[ue->gnb];
	if (g->fsm.state != GNB_READY || !ue->connected)
		return -E_STATE;
	if (!ue->has_amf_id) {
		sim_error(s, g->idx, ue->num, ue->proc,
			  "ue %u: uplink NAS before the AMF UE NGAP ID is known", ue->num);
		return -E_STATE;
	}
	struct ngap_pdu pdu = { .msg = NGAP_MSG_UplinkNASTransport };
	struct ngap_UplinkNASTransport *m = &pdu.u.UplinkNASTransport;
	m->AMF_UE_NGAP_ID = ue->amf_ue_id;
	m->RAN_UE_NGAP_ID = ue->ran_ue_id;
	m->NAS_PDU = (struct ngap_octets){ nas, len };
	set_uli(g, ue, &m->UserLocationInformation);
	return gnb_send(g, &pdu, ue->ran_ue_id, true);
}

int gnb_release_request(struct sim *s, struct sim_ue *ue)
{
	struct sim_gnb *g = &s->gnbs[ue->gnb];
	if (g->fsm.state != GNB_READY || !ue->connected || !ue->has_amf_id)
		return -E_STATE;
	struct ngap_pdu pdu = { .msg = NGAP_MSG_UEContextReleaseRequest };
	struct ngap_UEContextReleaseRequest *m = &pdu.u.UEContextReleaseRequest;
	m->AMF_UE_NGAP_ID = ue->amf_ue_id;
	m->RAN_UE_NGAP_ID = ue->ran_ue_id;
	m->Cause.present = NGAP_Cause_PR_radioNetwork;
	m->Cause.u.radioNetwork = NGAP_CauseRadioNetwork_user_inactivity;
	ue->proc = PROC_RELEASE;
	ue->proc_start_ns = ev_clock_ns();
	return gnb_send(g, &pdu, ue->ran_ue_id, true);
}
