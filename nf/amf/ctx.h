/* ctx.h — the AMF's state: configuration, gNBs (one per N2 association), UEs
 * (one GMM context each, with the UE-associated logical NG connection it
 * has while CM-CONNECTED), the lookups between them, and the prototypes the
 * AMF's files share.
 *
 * Everything here belongs to the AMF's loop thread. Objects come from pools
 * sized by configuration; across SBI answers and timers the code holds
 * handles, never pointers (STYLE.md "Memory").
 *
 *   N2 (SCTP, ngap-path.c) --> ngap-handler.c --(NAS PDU)--> gmm-handler.c
 *                                   |                            |
 *                       per-gNB NGAP machine (ngap-sm.c)   per-UE GMM machine (gmm-sm.c)
 *                                                                |
 *                                             nausf.c / nudm.c (SBI client, async)
 */
#ifndef NGCORE_AMF_CTX_H
#define NGCORE_AMF_CTX_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/codec/nas/nas.h"
#include "lib/codec/nas/nas_sec.h"
#include "lib/codec/ngap/ngap.h"
#include "lib/core/cfg.h"
#include "lib/core/hash.h"
#include "lib/core/ids.h"
#include "lib/core/metrics.h"
#include "lib/core/nf.h"
#include "lib/core/pool.h"
#include "lib/crypto/kdf.h"
#include "lib/ev/ev.h"
#include "lib/fsm/fsm.h"
#include "lib/net/sctp.h"
#include "nf/common/sbi-nf.h"

#define AMF_MAX_TAIS	       16 /* TAIs served (one TAI list, TS 24.501 9.11.3.9) */
#define AMF_MAX_SLICES	       8 /* S-NSSAIs (allowed NSSAI holds at most 8, TS 24.501 9.11.3.37) */
#define AMF_MAX_ALGS	       4 /* entries of an algorithm priority list */
#define AMF_GNB_MAX_TAS	       16 /* supported TAs kept per gNB */
#define AMF_NAS_MAX	       2048 /* longest NAS PDU the AMF builds */
#define AMF_NGAP_MAX	       8192 /* longest NGAP PDU the AMF builds */
#define AMF_CONGESTION_RESERVE 64 /* UE slots past max_ues, used only to send #22 */

/* ---- configuration (the `amf:` section; main.c holds the schema) ---- */

struct amf_guami_cfg {
	int64_t region; /* AMF Region ID, 8 bits (the PLMN is the top-level plmn) */
	int64_t set; /* AMF Set ID, 10 bits */
	int64_t pointer; /* AMF Pointer, 6 bits */
};

struct amf_n2_cfg {
	struct ip_addr addr; /* listen address */
	uint16_t port; /* SCTP port (38412, TS 38.412 7) */
	struct net_sctp_cfg sctp; /* SCTP backend and parameters */
};

struct amf_timers_cfg {
	int64_t t3512_ms; /* periodic registration update timer sent to UEs */
	int64_t t3550_ms; /* REGISTRATION ACCEPT retransmission */
	int64_t t3560_ms; /* AUTHENTICATION REQUEST / SECURITY MODE COMMAND retransmission */
	int64_t t3570_ms; /* IDENTITY REQUEST retransmission */
	int64_t t3522_ms; /* network DEREGISTRATION REQUEST retransmission */
	int64_t t3346_ms; /* back-off sent with #22 congestion */
	int64_t mobile_reachable_ms; /* 0 = T3512 + 4 min (TS 24.501 5.3.7) */
	int64_t implicit_dereg_ms; /* implicit de-registration timer after mobile reachable */
	int64_t release_guard_ms; /* UE CONTEXT RELEASE COMPLETE wait before local release */
	int64_t dereg_keep_ms; /* security context kept after de-registration (0 = none) */
	int64_t max_retx; /* retransmissions (T3550/T3560/T3570/T3522): 4 */
};

struct amf_name_cfg {
	char full[64]; /* full name for network */
	char short_[32]; /* short name for network */
};

struct amf_cfg {
	struct sbi_nf_cfg base; /* sbi (default 127.0.0.1:7778), client, nrf, instance_id */
	char name[64]; /* AMF Name in NG SETUP RESPONSE */
	struct amf_n2_cfg n2; /* N2 listener */
	char ausf_uri[128]; /* AUSF apiRoot tried after those the NRF names ("" none) */
	char udm_uri[128]; /* UDM apiRoot tried after those the NRF names ("" none) */
	struct amf_guami_cfg guami; /* served GUAMI (PLMN: the top-level plmn) */
	int64_t tacs[AMF_MAX_TAIS]; /* TACs served in the PLMN (the registration area) */
	uint32_t n_tacs; /* entries, at least 1 */
	struct s_nssai slices[AMF_MAX_SLICES]; /* supported S-NSSAIs */
	uint32_t n_slices; /* entries, at least 1 */
	int integrity[AMF_MAX_ALGS]; /* NIA priority list (0..3) */
	uint32_t n_integrity; /* entries */
	int ciphering[AMF_MAX_ALGS]; /* NEA priority list (0..3) */
	uint32_t n_ciphering; /* entries */
	struct amf_timers_cfg timers; /* NAS timers */
	int64_t unknown_subscriber_cause; /* 5GMM cause for an unknown subscriber: 3 or 7 */
	struct amf_name_cfg network_name; /* sent in CONFIGURATION UPDATE COMMAND */
	int64_t max_ues; /* UE contexts; more are rejected with #22 */
	int64_t max_gnbs; /* gNBs (N2 associations) */
	int64_t relative_capacity; /* Relative AMF Capacity (0..255) */
	bool release_after_registration; /* release the NAS signalling connection when no follow-on */
};

/* ---- GMM machine (gmm-sm.c) ---- */

enum gmm_state {
	GMM_DEREGISTERED, /* 5GMM-DEREGISTERED */
	GMM_IDENTIFYING, /* IDENTITY REQUEST sent (T3570) */
	GMM_AUTH_WAIT_AUSF, /* Nausf_UEAuthentication_Authenticate pending */
	GMM_AUTHENTICATING, /* AUTHENTICATION REQUEST sent (T3560) */
	GMM_AUTH_CONFIRM, /* 5g-aka-confirmation pending */
	GMM_SECURITY_MODE, /* SECURITY MODE COMMAND sent (T3560) */
	GMM_WAIT_UDM, /* Nudm_UECM registration and Nudm_SDM pending */
	GMM_WAIT_REG_COMPLETE, /* REGISTRATION ACCEPT sent (T3550) */
	GMM_REGISTERED, /* 5GMM-REGISTERED */
	GMM_DEREG_INITIATED, /* network DEREGISTRATION REQUEST sent (T3522) */
	GMM__N
};

enum gmm_event {
	GMM_EV_REG_REQ, /* REGISTRATION REQUEST */
	GMM_EV_ID_RESP, /* IDENTITY RESPONSE */
	GMM_EV_AUTH_RESP, /* AUTHENTICATION RESPONSE */
	GMM_EV_AUTH_FAIL, /* AUTHENTICATION FAILURE */
	GMM_EV_SMC_COMPLETE, /* SECURITY MODE COMPLETE */
	GMM_EV_SMC_REJECT, /* SECURITY MODE REJECT */
	GMM_EV_REG_COMPLETE, /* REGISTRATION COMPLETE */
	GMM_EV_DEREG_REQ, /* DEREGISTRATION REQUEST (UE originating) */
	GMM_EV_DEREG_ACC, /* DEREGISTRATION ACCEPT (UE terminated) */
	GMM_EV_STATUS, /* 5GMM STATUS from the UE */
	GMM_EV_UL_NAS, /* UL NAS TRANSPORT */
	GMM_EV_OTHER_NAS, /* any other uplink 5GMM message */
	GMM_EV_TIMEOUT, /* the running timer expired */
	GMM_EV_AUSF_AV, /* answer to the authentication request (struct amf_ausf_av) */
	GMM_EV_AUSF_CONFIRM, /* answer to the 5G AKA confirmation (struct amf_ausf_confirm) */
	GMM_EV_UDM_DONE, /* UECM registration and SDM fetch finished (struct amf_udm_result) */
	GMM_EV_NW_DEREG, /* network-initiated de-registration requested (struct amf_nw_dereg) */
	GMM_EV_CONN_LOST, /* the NG connection is gone (release, reset, association loss) */
	GMM_EV__N
};

enum gmm_timer {
	GMM_T_NONE,
	GMM_T3550,
	GMM_T3560,
	GMM_T3570,
	GMM_T3522,
	GMM_T_MOBILE_REACHABLE,
	GMM_T_IMPLICIT_DEREG,
	GMM_T_DEREG_KEEP,
	GMM_T__N
};

enum ngap_sm_state {
	NGAP_ST_WAIT_SETUP, /* association up, NG Setup not (yet) successful */
	NGAP_ST_READY, /* NG Setup done */
	NGAP_ST__N
};

enum ngap_sm_event {
	NGAP_EV_SETUP_REQ, /* NG SETUP REQUEST */
	NGAP_EV_RESET, /* NG RESET */
	NGAP_EV_RAN_CFG_UPD, /* RAN CONFIGURATION UPDATE */
	NGAP_EV_ERROR_IND, /* ERROR INDICATION */
	NGAP_EV_UE_MSG, /* any UE-associated message */
	NGAP_EV_OTHER, /* other non-UE-associated message */
	NGAP_EV__N
};

/* An uplink NAS message as the GMM handlers see it. */
struct gmm_rx {
	const struct nas_msg *msg; /* decoded plain message */
	bool mac_ok; /* integrity verified with the current or new context */
	bool protected_; /* arrived with a security header */
	bool initial; /* arrived in INITIAL UE MESSAGE */
	uint32_t count; /* its uplink NAS COUNT (when protected) */
};

/* rc of the SBI answers below: authentication is to be rejected (5.4.1.3.5). */
#define AMF_RC_AUTH_REJECT (-1)

/* GMM_EV_AUSF_AV data: the outcome of Nausf_UEAuthentication_Authenticate. */
struct amf_ausf_av {
	int rc; /* 0, the 5GMM cause to reject with, or AMF_RC_AUTH_REJECT */
	uint8_t rand[16]; /* RAND */
	uint8_t autn[16]; /* AUTN */
	uint8_t hxres_star[16]; /* HXRES* */
	char confirm_uri[256]; /* the 5g-aka link */
};

/* GMM_EV_AUSF_CONFIRM data. */
struct amf_ausf_confirm {
	int rc; /* 0 (an answer came), the 5GMM cause to reject with, or AMF_RC_AUTH_REJECT */
	bool success; /* AUTHENTICATION_SUCCESS */
	char supi[24]; /* supi from the answer */
	uint8_t kseaf[32]; /* K_SEAF (wiped by the caller after use) */
};

/* GMM_EV_UDM_DONE data. */
struct amf_udm_result {
	int rc; /* 0, or the 5GMM cause to reject with */
};

/* GMM_EV_NW_DEREG data. */
struct amf_nw_dereg {
	bool rereg_required; /* re-registration required (TS 24.501 9.11.3.20) */
	uint8_t cause; /* 5GMM cause to include, 0 = none */
};

/* ---- objects ---- */

struct amf;

/* A queued NGAP message while the association's send buffer is full. */
struct amf_txq {
	struct amf_txq *next; /* next in FIFO order */
	uint16_t stream; /* SCTP stream */
	uint32_t len; /* bytes in data */
	uint8_t data[]; /* the encoded PDU */
};

struct amf_gnb_ta {
	struct tai tai; /* supported TAI (one per broadcast PLMN) */
	uint8_t n_slices; /* entries in slices */
	struct s_nssai slices[AMF_MAX_SLICES]; /* slices supported in it */
};

struct amf_gnb {
	struct fsm ngap; /* per-gNB NGAP machine (ngap-sm.c) */
	char ctx[96]; /* log prefix: "amf gnb[001-01-1 10.0.0.2:38412]" */
	struct amf *amf; /* owner */
	struct handle assoc; /* SCTP association */
	char addr[NET_ADDR_STRLEN]; /* peer address */
	uint16_t out_streams; /* outbound streams negotiated */
	bool has_id; /* Global RAN Node ID known (NG Setup seen) */
	struct plmn plmn; /* PLMN of the Global gNB ID */
	uint32_t gnb_id; /* gNB ID */
	uint8_t gnb_id_bits; /* its length, 22..32 */
	char name[64]; /* RAN node name, "" if none */
	uint8_t n_tas; /* entries in tas */
	struct amf_gnb_ta tas[AMF_GNB_MAX_TAS]; /* supported TAs matching ours */
	uint32_t n_ues; /* UE-associated connections on this gNB */
	struct amf_txq *txq; /* messages waiting for the send buffer */
	struct amf_txq *txq_tail; /* last queued */
	size_t txq_bytes; /* bytes queued */
	uint64_t rx_msgs; /* NGAP PDUs received */
	uint64_t tx_drops; /* NGAP PDUs dropped (queue full, send error) */
};

struct amf_ue {
	struct fsm gmm; /* GMM machine (gmm-sm.c) */
	char ctx[96]; /* log prefix: "amf ue[imsi-001010000000001 ran=17]" */
	struct amf *amf; /* owner */
	uint32_t txn; /* SBI transaction expected (cookie), 0 = none */
	bool zombie; /* released; freed at the next safe point */
	bool congestion; /* context from the reserve: only rejects with #22 */
	/* identities */
	char supi[24]; /* "imsi-<digits>", "" until known */
	char suci[136]; /* SUCI string for the AUSF, "" when SUPI is used */
	char pei[28]; /* "imeisv-<16 digits>", "" until SMC complete */
	uint32_t tmsi; /* 5G-TMSI of the assigned 5G-GUTI */
	bool has_guti; /* tmsi is assigned (and in the TMSI map) */
	/* the UE-associated logical NG connection (CM-CONNECTED while connected) */
	bool connected; /* CM-CONNECTED */
	struct handle gnb; /* serving gNB */
	uint32_t ran_ue_ngap_id; /* RAN UE NGAP ID */
	uint64_t amf_ue_ngap_id; /* AMF UE NGAP ID: conn_seq << 32 | pool index */
	uint8_t conn_seq; /* bumped per connection, part of the AMF UE NGAP ID */
	uint16_t stream; /* SCTP stream for this UE */
	bool ctx_in_ran; /* INITIAL CONTEXT SETUP sent on this connection */
	bool releasing; /* UE CONTEXT RELEASE COMMAND sent */
	bool secured; /* secure NAS exchange established on this connection */
	struct tai tai; /* TAI from the last User Location Information */
	struct ev_timer release_guard; /* waits for UE CONTEXT RELEASE COMPLETE */
	/* the registration in progress */
	uint8_t reg_type; /* NAS_REG_* */
	bool follow_on; /* follow-on request pending */
	bool reg_verified; /* the REGISTRATION REQUEST passed the integrity check */
	bool reg_counted; /* counted as attempted, outcome not yet counted */
	uint8_t id_type; /* identity the UE registered with (NAS_ID_*) */
	struct nas_ksi ue_ksi; /* ngKSI the UE sent */
	bool has_sec_cap; /* ue_sec_cap received */
	struct nas_ue_sec_cap ue_sec_cap; /* UE security capability */
	uint8_t n_req_nssai; /* requested NSSAI entries */
	struct s_nssai req_nssai[AMF_MAX_SLICES]; /* requested NSSAI */
	/* authentication (TS 33.501 6.1.3.2) */
	uint8_t rand[16]; /* RAND of the running challenge */
	uint8_t autn[16]; /* AUTN of the running challenge */
	uint8_t hxres_star[16]; /* HXRES* of the running challenge */
	char confirm_uri[256]; /* AUSF 5g-aka-confirmation URI */
	uint8_t ksi_new; /* ngKSI given with the challenge */
	uint8_t resyncs; /* resynchronisations in this registration */
	bool identified; /* identity procedure already run in this registration */
	/* security */
	struct nas_sec_ctx sec; /* current 5G NAS security context */
	bool sec_valid; /* sec is a current context */
	struct nas_sec_ctx sec_new; /* context being taken into use by SMC */
	bool sec_new_valid; /* sec_new is set */
	uint8_t kamf[32]; /* K_AMF of sec */
	uint8_t kamf_new[32]; /* K_AMF of sec_new (from the last authentication) */
	uint32_t last_ul_count; /* NAS COUNT of the last verified uplink message */
	/* subscription and registration result */
	uint8_t n_subscribed; /* subscribed S-NSSAIs */
	struct s_nssai subscribed[AMF_MAX_SLICES]; /* subscribed S-NSSAIs (UDM) */
	uint8_t subscribed_default; /* bit i: subscribed[i] is a default S-NSSAI */
	uint8_t n_allowed; /* allowed NSSAI entries */
	struct s_nssai allowed[AMF_MAX_SLICES]; /* allowed NSSAI */
	uint8_t n_rejected; /* rejected S-NSSAIs (from the requested NSSAI) */
	struct s_nssai rejected[AMF_MAX_SLICES]; /* rejected S-NSSAIs */
	uint64_t ambr_ul; /* subscribed UE-AMBR uplink, bit/s (0 = none) */
	uint64_t ambr_dl; /* subscribed UE-AMBR downlink, bit/s */
	bool uecm_registered; /* Nudm_UECM registration done */
	uint8_t udm_pending; /* UDM requests in flight */
	uint8_t udm_cause; /* first failure among them (5GMM cause), 0 = none */
	bool guti_in_accept; /* the last REGISTRATION ACCEPT carried a new 5G-GUTI */
};

struct amf_metrics {
	struct metric *reg_attempted; /* REGISTRATION REQUESTs taken up */
	struct metric *reg_succeeded; /* registrations completed */
	struct metric *reg_failed[256]; /* failed registrations by 5GMM cause (lazy) */
	struct metric *gnbs; /* gNBs connected (NG Setup done) */
	struct metric *ues_state[GMM__N]; /* UEs per GMM state */
	struct metric *ues_connected; /* UEs in CM-CONNECTED */
	struct metric *ngap_decode_err; /* NGAP PDUs that failed to decode */
	struct metric *nas_decode_err; /* NAS messages that failed to decode */
	struct metric *nas_status_tx; /* 5GMM STATUS sent */
	struct metric *nas_mac_fail; /* uplink NAS messages failing the integrity check */
	struct metric *nas_discarded; /* uplink NAS messages discarded (TS 24.501 4.4.4.3) */
	struct metric *ngap_err_ind_rx; /* ERROR INDICATIONs received */
	struct metric *ngap_err_ind_tx; /* ERROR INDICATIONs sent */
	struct metric *congestion; /* registrations rejected for lack of UE contexts */
	struct metric *deregistrations; /* de-registrations (UE, network, implicit) */
};

struct amf_status_snap;
struct amf_call;

struct amf {
	struct ev_loop *loop; /* the AMF's loop */
	const struct amf_cfg *cfg; /* configuration (lives as long as the process) */
	struct guami guami; /* served GUAMI, PLMN resolved */
	struct tai tais[AMF_MAX_TAIS]; /* served TAIs, PLMN resolved */
	uint8_t n_tais; /* entries in tais */
	struct s_nssai slices[AMF_MAX_SLICES]; /* supported S-NSSAIs */
	uint8_t n_slices; /* entries in slices */
	char snn[KDF_SNN_MAX]; /* serving network name (TS 33.501 6.1.1.4) */
	int snn_len; /* its length */
	uint32_t max_ues; /* UE contexts before congestion */
	struct pool gnbs; /* struct amf_gnb */
	struct pool ues; /* struct amf_ue (max_ues + reserve) */
	struct hmap gnb_by_assoc; /* packed association handle -> gNB handle */
	struct hmap ue_by_ran; /* (gNB index, RAN UE NGAP ID) -> UE handle */
	struct hmap ue_by_supi; /* SUPI string -> UE handle */
	struct hmap ue_by_tmsi; /* 5G-TMSI -> UE handle */
	uint32_t txn_seq; /* last SBI transaction number */
	uint32_t ues_in_state[GMM__N]; /* UEs per GMM state */
	uint32_t n_connected; /* UEs in CM-CONNECTED */
	uint32_t n_gnbs_ready; /* gNBs after NG Setup */
	uint64_t *kept; /* ring of packed handles of de-registered contexts kept */
	uint32_t kept_cap; /* ring size (max_ues) */
	uint32_t kept_head, kept_n; /* oldest entry, entries (some may be stale) */
	/* N2 */
	struct net_sctp *sctp; /* N2 endpoint (NULL in tests using n2_tx) */
	/* Sends one NGAP PDU; tests replace it. 0 or -E_*. */
	int (*n2_tx)(struct amf *amf, struct amf_gnb *gnb, uint16_t stream, const uint8_t *buf,
		     size_t len);
	void *n2_tx_arg; /* for the replacement */
	/* SBI */
	struct sbi_nf nf; /* server (callbacks), client, NRF registration, discovery */
	bool nf_up; /* nf is initialised */
	struct amf_call *calls; /* requests waiting for apiRoots (sbi-path.c) */
	char self_root[96]; /* our apiRoot for callback URIs */
	/* machines with configured timer values */
	struct fsm_timer gmm_timers[GMM_T__N]; /* T3550 ... with configured periods */
	struct fsm_def gmm_def; /* GMM table with those timers */
	/* decode scratch */
	struct arena arena; /* per inbound NGAP message */
	uint8_t arena_buf[16384]; /* its first chunk */
	struct arena nas_arena; /* per inbound NAS message (inside an NGAP one) */
	uint8_t nas_arena_buf[8192]; /* its first chunk */
	struct amf_metrics m; /* metrics */
	/* status for `ngctl status` (status.h: read from the mgmt thread) */
	pthread_mutex_t st_mu; /* guards st_json */
	char *st_json; /* last snapshot */
	struct ev_timer st_timer; /* refreshes the snapshot */
	bool st_registered; /* provider registered */
	bool stopping; /* stop() in progress */
};

/* ---- main.c ---- */
/* Builds and starts an AMF for env (SBI server and client, NRF
 * registration, status provider, and the N2 listener when n2). 0 or -E_*. */
int amf_create(struct nf_env *env, bool n2, struct amf **out);
/* Stops and frees it (the memory at the loop's next safe point). */
void amf_destroy(struct amf *amf);

/* ---- ctx.c ---- */

/* Fills cfg with the embedded defaults. */
void amf_cfg_defaults(struct amf_cfg *c, const struct core_cfg *core);
/* Sets up amf from cfg (pools, maps, machines, metrics); no I/O. 0 or -E_*. */
int amf_ctx_init(struct amf *amf, struct ev_loop *loop, const struct amf_cfg *cfg,
		 const struct core_cfg *core);
/* Releases every UE and gNB (no messages). UEs released before and not yet
 * freed stay until their deferred free has run: call amf_ctx_fini() from a
 * deferred call queued after this (main.c does). */
void amf_ctx_shutdown(struct amf *amf);
/* Shuts down if not done, then frees the pools and maps. */
void amf_ctx_fini(struct amf *amf);

struct amf_gnb *amf_gnb_new(struct amf *amf, struct handle assoc);
struct amf_gnb *amf_gnb_by_assoc(struct amf *amf, struct handle assoc);
struct amf_gnb *amf_gnb_get(struct amf *amf, struct handle h);
/* Releases every UE connection of gnb locally, then frees it. */
void amf_gnb_free(struct amf *amf, struct amf_gnb *gnb);
void amf_gnb_set_ctx(struct amf_gnb *gnb);

/* A new UE context; congestion is set when it comes from the reserve.
 * NULL when even the reserve is exhausted. */
struct amf_ue *amf_ue_new(struct amf *amf);
struct amf_ue *amf_ue_get(struct amf *amf, struct handle h);
struct amf_ue *amf_ue_by_ngap_id(struct amf *amf, uint64_t amf_ue_ngap_id);
struct amf_ue *amf_ue_by_ran(struct amf *amf, const struct amf_gnb *gnb, uint32_t ran_ue_ngap_id);
struct amf_ue *amf_ue_by_supi(struct amf *amf, const char *supi);
struct amf_ue *amf_ue_by_tmsi(struct amf *amf, uint32_t tmsi);
/* Binds ue to a new NG connection (gnb, RAN UE NGAP ID); 0 or -E_NOMEM. */
int amf_ue_attach(struct amf *amf, struct amf_ue *ue, struct amf_gnb *gnb, uint32_t ran_id);
/* Forgets ue's NG connection (no message sent); the UE becomes CM-IDLE. */
void amf_ue_detach(struct amf *amf, struct amf_ue *ue);
int amf_ue_set_supi(struct amf *amf, struct amf_ue *ue, const char *supi);
/* Assigns a fresh 5G-TMSI (drops the old one). 0 or -E_NOMEM. */
int amf_ue_new_tmsi(struct amf *amf, struct amf_ue *ue);
/* Removes ue from every lookup, stops its timers, wipes its keys and frees it
 * at the next safe point. Callers must not use ue afterwards. */
void amf_ue_release(struct amf *amf, struct amf_ue *ue);
/* Notes that a de-registered ue's context is kept (evicted oldest first
 * when the pool is full, amf_ue_new). */
void amf_ue_kept(struct amf *amf, struct amf_ue *ue);
void amf_ue_set_ctx(struct amf_ue *ue);
/* A new SBI transaction for ue: the cookie to send with the request. */
uint64_t amf_ue_txn(struct amf *amf, struct amf_ue *ue);
/* The UE a cookie names if it still waits for that answer, else NULL. */
struct amf_ue *amf_ue_by_txn(struct amf *amf, uint64_t cookie);

/* Counts a failed registration with its 5GMM cause. */
void amf_count_reg_failed(struct amf *amf, struct amf_ue *ue, uint8_t cause);
/* Renders the status snapshot now. */
void amf_status_refresh(struct amf *amf);

/* ---- ngap-path.c ---- */
int amf_n2_start(struct amf *amf);
void amf_n2_stop(struct amf *amf);
/* Entry points of the N2 transport (also used by tests). */
void amf_n2_on_up(struct amf *amf, struct handle assoc, uint16_t out_streams, const char *addr);
void amf_n2_on_down(struct amf *amf, struct handle assoc);
void amf_n2_on_data(struct amf *amf, struct handle assoc, uint16_t stream, uint32_t ppid,
		    const uint8_t *data, size_t len);
/* Encodes and sends pdu to gnb on stream. 0 or -E_*. */
int amf_ngap_send(struct amf *amf, struct amf_gnb *gnb, uint16_t stream,
		  const struct ngap_pdu *pdu);
void amf_n2_flush(struct amf *amf, struct amf_gnb *gnb);

/* ---- ngap-sm.c ---- */
void amf_ngap_sm_init(struct amf_gnb *gnb);
extern const struct fsm_def amf_ngap_def;

/* ---- ngap-handler.c ---- */
/* Handles one received NGAP PDU from gnb. */
void amf_ngap_rx(struct amf *amf, struct amf_gnb *gnb, uint16_t stream, const uint8_t *buf,
		 size_t len);
void amf_ngap_on_setup(struct amf *amf, struct amf_gnb *gnb, const struct ngap_pdu *pdu);
void amf_ngap_on_reset(struct amf *amf, struct amf_gnb *gnb, const struct ngap_pdu *pdu);
void amf_ngap_on_ran_cfg_update(struct amf *amf, struct amf_gnb *gnb, const struct ngap_pdu *pdu);
void amf_ngap_on_error_ind(struct amf *amf, struct amf_gnb *gnb, const struct ngap_pdu *pdu);
void amf_ngap_on_ue_msg(struct amf *amf, struct amf_gnb *gnb, const struct ngap_pdu *pdu);
/* Answers a message the gNB's state does not permit (TS 38.413 10.4). */
void amf_ngap_not_compatible(struct amf *amf, struct amf_gnb *gnb, const struct ngap_pdu *pdu);

/* ---- ngap-build.c ---- */
int amf_ngap_send_setup_response(struct amf *amf, struct amf_gnb *gnb);
int amf_ngap_send_setup_failure(struct amf *amf, struct amf_gnb *gnb, const struct ngap_Cause *c,
				const struct ngap_CriticalityDiagnostics *cd);
/* ERROR INDICATION with cause and optional ids/diagnostics (TS 38.413 8.7.4). */
int amf_ngap_send_error_ind(struct amf *amf, struct amf_gnb *gnb, const uint64_t *amf_id,
			    const uint32_t *ran_id, const struct ngap_Cause *c,
			    const struct ngap_CriticalityDiagnostics *cd);
int amf_ngap_send_reset_ack(struct amf *amf, struct amf_gnb *gnb,
			    const struct ngap_UE_associatedLogicalNG_connectionList *list);
int amf_ngap_send_ran_cfg_ack(struct amf *amf, struct amf_gnb *gnb);
int amf_ngap_send_ran_cfg_failure(struct amf *amf, struct amf_gnb *gnb, const struct ngap_Cause *c);
/* DOWNLINK NAS TRANSPORT carrying nas to ue. */
int amf_ngap_send_dl_nas(struct amf *amf, struct amf_ue *ue, const uint8_t *nas, size_t len);
/* INITIAL CONTEXT SETUP REQUEST with K_gNB and nas (may be NULL). */
int amf_ngap_send_ics(struct amf *amf, struct amf_ue *ue, const uint8_t *nas, size_t len);
/* UE CONTEXT RELEASE COMMAND; the UE waits for the complete (release guard). */
int amf_ngap_send_ue_release(struct amf *amf, struct amf_ue *ue, const struct ngap_Cause *c);
struct ngap_Cause amf_cause(enum ngap_Cause_pr kind, int value);
/* Criticality Diagnostics for a PDU (and the IEs err lists). */
void amf_ngap_diag(struct ngap_CriticalityDiagnostics *cd,
		   struct ngap_CriticalityDiagnostics_IE_List *l,
		   struct ngap_CriticalityDiagnostics_IE_Item *items, size_t cap, uint32_t *proc,
		   enum ngap_TriggeringMessage *trig, enum ngap_Criticality *crit,
		   const struct ngap_err *err);

/* ---- gmm-sm.c ---- */
void amf_gmm_def_init(struct amf *amf);
const char *amf_gmm_state_name(int s);

/* ---- gmm-handler.c ---- */
/* Handles a NAS PDU received from ue (initial: in INITIAL UE MESSAGE). */
void amf_nas_rx(struct amf *amf, struct amf_ue *ue, const uint8_t *pdu, size_t len, bool initial);
/* The identity carried by an initial NAS message, for finding the UE. */
struct amf_ue *amf_nas_find_ue(struct amf *amf, const uint8_t *pdu, size_t len, uint32_t *tmsi_out,
			       bool *is_reg);
/* The NG connection of ue went away (release complete, reset, association loss). */
void amf_gmm_conn_lost(struct amf *amf, struct amf_ue *ue);
/* Network-initiated de-registration (UDM notification, operator). */
void amf_gmm_nw_dereg(struct amf *amf, struct amf_ue *ue, bool rereg_required);
/* Rejects a registration at once (congestion before any context): #22 + T3346. */
void amf_gmm_reject_congestion(struct amf *amf, struct amf_ue *ue);

/* ---- gmm-build.c ---- */
/* Encodes m (protected with the current context when one is in use) and
 * sends it in DOWNLINK NAS TRANSPORT. 0 or -E_*. */
int amf_nas_send(struct amf *amf, struct amf_ue *ue, const struct nas_msg *m);
/* Encodes m for ue (protected when a context is in use) into out. Length or -E_*. */
int amf_nas_encode(struct amf *amf, struct amf_ue *ue, const struct nas_msg *m, uint8_t *out,
		   size_t cap);
int amf_nas_send_status(struct amf *amf, struct amf_ue *ue, uint8_t cause);
int amf_nas_send_identity_req(struct amf *amf, struct amf_ue *ue);
int amf_nas_send_auth_req(struct amf *amf, struct amf_ue *ue);
int amf_nas_send_auth_reject(struct amf *amf, struct amf_ue *ue);
int amf_nas_send_smc(struct amf *amf, struct amf_ue *ue);
int amf_nas_send_reg_reject(struct amf *amf, struct amf_ue *ue, uint8_t cause, bool t3346);
/* REGISTRATION ACCEPT: in INITIAL CONTEXT SETUP when the gNB has no context
 * for the UE yet and with_ics, else in DOWNLINK NAS TRANSPORT. */
int amf_nas_send_reg_accept(struct amf *amf, struct amf_ue *ue, bool with_guti, bool with_ics);
int amf_nas_send_conf_update(struct amf *amf, struct amf_ue *ue);
int amf_nas_send_dereg_accept(struct amf *amf, struct amf_ue *ue);
int amf_nas_send_dereg_req(struct amf *amf, struct amf_ue *ue, bool rereg_required, uint8_t cause);
int amf_nas_send_dl_transport_err(struct amf *amf, struct amf_ue *ue,
				  const struct nas_ul_nas_transport *ul);
/* GPRS timer 3 / timer 2 codings of a duration (rounded down, saturated). */
struct nas_gprs_timer amf_gprs_timer3(int64_t ms);
struct nas_gprs_timer amf_gprs_timer2(int64_t ms);

/* ---- nausf.c ---- */
/* Nausf_UEAuthentication_Authenticate (TS 29.509 5.2.2.2.2); resync with
 * auts != NULL. The answer arrives as GMM_EV_AUSF_AV. 0 or -E_*. */
int amf_ausf_authenticate(struct amf *amf, struct amf_ue *ue, const uint8_t *auts);
/* 5G AKA confirmation (TS 29.509 5.2.2.2.2 step 2). Answer: GMM_EV_AUSF_CONFIRM.
 * quiet: the result is only recorded, no event follows. */
int amf_ausf_confirm(struct amf *amf, struct amf_ue *ue, const uint8_t res_star[16], bool quiet);

/* ---- nudm.c ---- */
/* Nudm_UECM_Registration (TS 29.503 5.3.2.2.2) and Nudm_SDM_Get am-data
 * (5.2.2.2.3), then nssai if am-data carried none. Answer: GMM_EV_UDM_DONE. */
int amf_udm_register(struct amf *amf, struct amf_ue *ue);
/* The callback route for Nudm_UECM_DeregistrationNotification. */
int amf_udm_routes(struct amf *amf);

/* ---- helpers (ctx.c) ---- */
/* "001-01-<gnb id>" */
void amf_guami_amf_id(const struct guami *g, char out[7]);
bool amf_tai_served(const struct amf *amf, const struct tai *t);
bool amf_slice_supported(const struct amf *amf, const struct s_nssai *s);

#endif
