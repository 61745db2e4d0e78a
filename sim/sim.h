/* sim.h — ngsim's runtime: one loop thread (usrsctp's owner), gNBs, UEs.
 *
 *   main.c ── run.c (scenario steps) / load.c (open-loop arrivals)
 *                 │ sim_report(): outcomes of procedures
 *   ue.c  ── 5GMM machine per UE (lib/fsm), USIM, NAS (ue_nas.c)
 *   gnb.c ── NGAP machine per gNB (lib/fsm), SCTP (lib/net), UE-associated NGAP
 *
 * UEs live in a pool sized for the configured count (all allocated at
 * start, one per simulated device). A gNB finds a UE from a RAN UE NGAP ID
 * through the UE's handle (never a stored pointer): the ID's low 20 bits are
 * the UE number, its high 12 bits a connection sequence, so a message for
 * an old connection is told apart from one for the current.
 */
#ifndef NGCORE_SIM_SIM_H
#define NGCORE_SIM_SIM_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/codec/nas/nas.h"
#include "lib/codec/nas/nas_sec.h"
#include "lib/core/pool.h"
#include "lib/ev/ev.h"
#include "lib/fsm/fsm.h"
#include "lib/net/sctp.h"
#include "sim/sim_cfg.h"

#define SIM_RAN_ID_BITS 20 /* low bits of a RAN UE NGAP ID: UE number */

/* Procedures ngsim measures. */
enum sim_proc {
	PROC_NONE,
	PROC_NG_SETUP,
	PROC_REGISTER,
	PROC_DEREGISTER,
	PROC_SERVICE,
	PROC_RELEASE,
	PROC_NG_RESET,
	PROC__COUNT
};
extern const char *const sim_proc_names[];

/* What a gNB or UE reports to the mode driving it (run or load). */
struct sim_event {
	int out; /* enum sim_outcome */
	int proc; /* enum sim_proc the outcome ends (PROC_NONE: unsolicited) */
	int gnb; /* gNB index, -1 none */
	int64_t ue; /* UE number, -1 none */
	int cause; /* 5GMM or NGAP cause, -1 none */
	uint64_t latency_ns; /* procedure start to outcome */
	const struct nas_nssai *allowed; /* registration accept: allowed NSSAI (NULL if absent) */
	char detail[160]; /* what happened, for reports */
};

typedef void (*sim_observer_cb)(void *arg, const struct sim_event *e);

/* 5GMM states of the UE side (TS 24.501 5.1.3.2.1). */
enum ue_state {
	UE_DEREGISTERED,
	UE_REG_INITIATED,
	UE_REGISTERED,
	UE_DEREG_INITIATED,
	UE_SR_INITIATED,
	UE__STATES
};

/* One simulated UE (pool object; about 320 bytes). */
struct sim_ue {
	struct fsm fsm; /* 5GMM machine */
	char ctx[28]; /* log prefix "ue[imsi-...]" */
	uint32_t num; /* UE number (index over all groups) */
	uint16_t group; /* index of its UE group in the config */
	uint8_t gnb; /* gNB it camps on */
	uint8_t tac_idx; /* its cell's TAC (index in the gNB's TACs) */
	uint32_t ran_ue_id; /* RAN UE NGAP ID of the current connection, 0 = none */
	uint16_t conn_seq; /* connections made (high bits of ran_ue_id) */
	bool connected; /* CM-CONNECTED (a UE-associated NG connection exists) */
	bool has_amf_id; /* amf_ue_id is known */
	uint64_t amf_ue_id; /* AMF UE NGAP ID */
	bool secured; /* NAS security active on this connection */
	bool has_ctx; /* a current native 5G NAS security context exists */
	bool has_pending; /* a new K_AMF from authentication awaits its SMC */
	bool has_guti; /* guti is valid */
	bool initial_plain; /* the initial NAS message went out without security */
	bool registered_once; /* a registration was accepted since start */
	bool release_expected; /* the network is about to release the NG connection */
	bool start_on_release; /* the procedure's first message waits for that release */
	uint8_t ngksi; /* ngKSI of the current context */
	uint8_t pending_ngksi; /* ngKSI of the pending K_AMF */
	uint8_t reg_type; /* registration type being requested (NAS_REG_*) */
	uint8_t ident; /* enum sim_ident for this registration */
	uint8_t force_auth_fail; /* enum sim_auth_fail, applied to the next challenge */
	uint8_t cap_nea, cap_nia; /* offered algorithms (NAS_ALG_BIT bitmaps) */
	bool switch_off; /* the deregistration in progress is a switch-off */
	uint8_t proc; /* enum sim_proc in progress */
	uint8_t auth_fails; /* authentication failures sent in this procedure */
	uint64_t sqn_ms; /* highest SQN accepted (48 bits) */
	uint64_t proc_start_ns; /* when the procedure in progress began */
	struct guami guti_guami; /* 5G-GUTI: GUAMI part */
	uint32_t guti_tmsi; /* 5G-GUTI: 5G-TMSI */
	uint8_t kamf[32]; /* K_AMF of the current context */
	uint8_t pending_kamf[32]; /* K_AMF from the last authentication */
	struct nas_sec_ctx sec; /* current context: keys, algorithms, NAS COUNTs (UE role) */
};

/* 5GMM events of the UE machine. */
enum ue_event {
	UE_EV_REGISTER, /* start registration */
	UE_EV_DEREGISTER, /* start deregistration */
	UE_EV_SERVICE, /* start service request */
	UE_EV_AUTH_REQ,
	UE_EV_AUTH_REJ,
	UE_EV_AUTH_RESULT,
	UE_EV_IDENTITY_REQ,
	UE_EV_SMC,
	UE_EV_REG_ACC,
	UE_EV_REG_REJ,
	UE_EV_DEREG_ACC,
	UE_EV_DEREG_REQ_NW,
	UE_EV_SERVICE_ACC,
	UE_EV_SERVICE_REJ,
	UE_EV_CONF_UPDATE,
	UE_EV_DL_NAS, /* DL NAS transport */
	UE_EV_STATUS, /* 5GMM status */
	UE_EV_OTHER, /* any other 5GMM message */
	UE_EV_RELEASED, /* the NG connection was released (CM-IDLE) */
	UE_EV_TIMEOUT,
	UE__EVENTS
};

struct sim_gnb;
struct sim;

/* The process-wide simulator. */
struct sim {
	struct ev_loop *loop; /* the one loop (usrsctp's owner) */
	const struct sim_cfg *cfg; /* configuration */
	struct sim_gnb *gnbs; /* cfg->n_gnbs gNBs */
	struct pool ues; /* UE objects */
	struct handle *ue_h; /* UE number -> handle */
	uint32_t n_ues; /* UEs */
	uint32_t *group_first; /* per group: number of its first UE */
	struct arena arena; /* per inbound message; reset after each */
	sim_observer_cb observer; /* run.c or load.c */
	void *observer_arg; /* its argument */
	uint64_t errors; /* protocol errors seen (reported as OUT_ERROR) */
	uint8_t group_opc[SIM_MAX_GROUPS][16]; /* OPc per UE group (computed from OP if given) */
	uint8_t suci_seed[32]; /* process secret for SUCI ephemeral keys */
	uint8_t nas_buf[65536]; /* scratch: a downlink NAS PDU being deciphered */
};

/* Sets up gNBs and UEs (nothing is sent yet). 0 or a negative E_*. */
int sim_init(struct sim *s, struct ev_loop *loop, const struct sim_cfg *cfg);
/* Shuts every association down gracefully (waits up to 2 s). */
void sim_shutdown(struct sim *s);
/* Aborts what is left, frees everything, wipes keys. */
void sim_fini(struct sim *s);
/* Delivers an outcome to the observer. */
void sim_report(struct sim *s, const struct sim_event *e);
/* Reports an error (OUT_ERROR) for a gNB/UE with printf-style detail. */
void sim_error(struct sim *s, int gnb, int64_t ue, int proc, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* The UE with this number, or NULL. */
struct sim_ue *sim_ue_get(struct sim *s, uint32_t num);
/* Its configuration group. */
const struct sim_ue_cfg *sim_ue_cfg(const struct sim *s, const struct sim_ue *ue);
/* Its IMSI digits into out[16]. */
void sim_ue_imsi(const struct sim *s, const struct sim_ue *ue, char out[16]);

/* gNB (gnb.c). */
int gnb_init_all(struct sim *s);
void gnb_fini_all(struct sim *s);
/* Connects and runs NG Setup; outcome OUT_NG_SETUP_RESPONSE/FAILURE. */
int gnb_start(struct sim *s, int idx);
/* Aborts the association (outcome OUT_ASSOC_DOWN). */
int gnb_break(struct sim *s, int idx);
/* Sends NG Reset for the whole interface (outcome OUT_NG_RESET_ACK). */
int gnb_ng_reset(struct sim *s, int idx);
bool gnb_ready(const struct sim *s, int idx);
/* Starts a graceful SHUTDOWN of every association; returns how many. */
int gnb_shutdown_all(struct sim *s);
/* UE-associated NGAP, called by the UE side: */
int gnb_initial_ue_message(struct sim *s, struct sim_ue *ue, const uint8_t *nas, size_t len,
			   int cause, bool with_stmsi);
int gnb_uplink_nas(struct sim *s, struct sim_ue *ue, const uint8_t *nas, size_t len);
/* gNB-initiated release: UE Context Release Request (cause user inactivity). */
int gnb_release_request(struct sim *s, struct sim_ue *ue);
/* The TAC of the UE's cell. */
uint32_t gnb_ue_tac(const struct sim *s, const struct sim_ue *ue);

/* UE (ue.c). */
void ue_init(struct sim *s, struct sim_ue *ue, uint32_t num, uint16_t group);
void ue_fini(struct sim_ue *ue);
/* Procedure starts; they report their outcome through sim_report. */
int ue_register(struct sim *s, struct sim_ue *ue, int kind, int ident, int auth_fail,
		uint8_t cap_nea, uint8_t cap_nia);
int ue_deregister(struct sim *s, struct sim_ue *ue, bool switch_off);
int ue_service_request(struct sim *s, struct sim_ue *ue);
/* A downlink NAS PDU for this UE (from DL NAS transport or ICS). */
void ue_nas_rx(struct sim *s, struct sim_ue *ue, const uint8_t *pdu, size_t len);
/* The connection was released (UE Context Release Command or association
 * loss). reported: whether the release completes a PROC_RELEASE. */
void ue_conn_released(struct sim *s, struct sim_ue *ue, bool assoc_lost);
/* The gNB got an AMF UE NGAP ID or a K_gNB for the UE. */
void ue_set_amf_id(struct sim_ue *ue, uint64_t id);

#endif
