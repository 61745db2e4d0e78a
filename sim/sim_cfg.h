/* sim_cfg.h — ngsim configuration: gNBs, UE groups, scenario steps.
 *
 * One YAML file in the style of the core's (lib/core/cfg.h): a `gnbs` list,
 * a `ues` list of UE groups (an IMSI range sharing K/OPc), and, for
 * `ngsim run`, a `steps` list. docs/ngsim.md describes every key.
 */
#ifndef NGCORE_SIM_SIM_CFG_H
#define NGCORE_SIM_SIM_CFG_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/core/cfg.h"
#include "lib/core/ids.h"
#include "lib/net/sctp.h"

#define SIM_MAX_GNBS   16 /* gNBs one process plays */
#define SIM_MAX_TACS   8 /* TACs per gNB */
#define SIM_MAX_SLICES 8 /* S-NSSAIs per gNB or UE group */
#define SIM_MAX_AMFS   4 /* AMF addresses per gNB */
#define SIM_MAX_GROUPS 16 /* UE groups */
#define SIM_MAX_STEPS  256 /* scenario steps */
#define SIM_UE_MAX     (1u << 20) /* UEs one process plays (RAN UE NGAP ID low bits) */

/* One AMF address. */
struct sim_amf_cfg {
	struct ip_addr ip; /* AMF N2 address */
	uint16_t port; /* SCTP port (default 38412) */
};

/* One gNB. */
struct sim_gnb_cfg {
	char name[64]; /* RAN node name sent in NG Setup */
	int64_t id; /* gNB ID (TS 38.413 9.3.1.6) */
	int64_t id_bits; /* its length in bits, 22..32 */
	struct plmn plmn; /* broadcast PLMN */
	int64_t tacs[SIM_MAX_TACS]; /* supported TACs (24 bits) */
	uint32_t n_tacs; /* entries in tacs */
	struct s_nssai slices[SIM_MAX_SLICES]; /* supported S-NSSAIs */
	uint32_t n_slices; /* entries in slices */
	struct sim_amf_cfg amfs[SIM_MAX_AMFS]; /* AMF addresses (the first that answers is used) */
	uint32_t n_amfs; /* entries in amfs */
	struct ip_addr n3; /* N3 address given in PDU session responses */
	int64_t paging_drx; /* default paging DRX: 32, 64, 128, 256 */
	struct net_sctp_cfg sctp; /* SCTP backend and settings */
};

/* A group of UEs: IMSI range sharing the USIM secrets and behaviour. */
struct sim_ue_cfg {
	char imsi[16]; /* first IMSI (MCC MNC MSIN digits) */
	int64_t count; /* UEs in the group (consecutive IMSIs) */
	int64_t mnc_len; /* MNC digits in the IMSI: 2 or 3 */
	uint8_t k[16]; /* subscriber key K */
	uint8_t opc[16]; /* OPc (or op) */
	uint8_t op[16]; /* OP; used when opc is all zero */
	uint8_t amf_field[2]; /* AMF field of AUTN sent in AUTS (TS 33.102) */
	int64_t sqn; /* SQN_MS start: highest SQN accepted so far */
	bool sqn_check; /* refuse stale SQNs with synch failure #21 */
	int scheme; /* SUCI protection scheme: null, profile-a, profile-b */
	char hn_pub[80]; /* home-network public key, hex (A: 32 B: 33 octets) */
	int64_t hn_key_id; /* home-network public key identifier */
	char routing[5]; /* routing indicator, 1..4 digits */
	struct s_nssai nssai[SIM_MAX_SLICES]; /* requested NSSAI */
	uint32_t n_nssai; /* entries in nssai */
	int64_t nea[8]; /* 5G-EA algorithms offered */
	uint32_t n_nea; /* entries in nea */
	int64_t nia[8]; /* 5G-IA algorithms offered */
	uint32_t n_nia; /* entries in nia */
	char imeisv[17]; /* IMEISV, 16 digits */
	int64_t gnb; /* index of the gNB the UEs camp on */
	char dnn[64]; /* DNN for PDU sessions */
};

/* Scenario step actions. */
enum sim_action {
	ACT_NG_SETUP, /* connect the gNB's association and run NG Setup */
	ACT_REGISTER, /* registration (initial, or the type given) */
	ACT_DEREGISTER, /* UE-initiated deregistration */
	ACT_RELEASE, /* gNB-initiated UE context release (UE goes CM-IDLE) */
	ACT_SERVICE, /* service request (from CM-IDLE) */
	ACT_BREAK, /* abort the gNB's SCTP association */
	ACT_NG_RESET, /* gNB sends NG Reset (whole interface) */
	ACT_WAIT, /* wait (for `expect`, or for `timeout` when expect is none) */
	ACT__COUNT
};
extern const char *const sim_action_names[];

/* What a step expects to see. The names are the keys' values in YAML. */
enum sim_outcome {
	OUT_ANY, /* the default for the action */
	OUT_NONE, /* nothing (wait) */
	OUT_NG_SETUP_RESPONSE,
	OUT_NG_SETUP_FAILURE,
	OUT_NG_RESET_ACK,
	OUT_ASSOC_DOWN,
	OUT_REG_ACCEPT,
	OUT_REG_REJECT,
	OUT_AUTH_REJECT,
	OUT_DEREG_ACCEPT,
	OUT_DEREGISTERED, /* switch-off: the UE is deregistered locally */
	OUT_NW_DEREG, /* network-initiated deregistration request */
	OUT_SERVICE_ACCEPT,
	OUT_SERVICE_REJECT,
	OUT_RELEASED, /* UE context released, UE in CM-IDLE */
	OUT_ERROR, /* a protocol error ngsim detected */
	OUT_TIMEOUT, /* no answer in time */
	OUT__COUNT
};
extern const char *const sim_outcome_names[];

/* Authentication failures a step can force. */
enum sim_auth_fail { AUTHF_NONE, AUTHF_MAC, AUTHF_SYNCH };

/* Registration types a step can ask for. */
enum sim_reg_kind { REGK_INITIAL, REGK_MOBILITY, REGK_PERIODIC };

/* Identities a registration can use. */
enum sim_ident { IDENT_AUTO, IDENT_SUCI, IDENT_GUTI };

/* One scenario step. */
struct sim_step {
	int action; /* enum sim_action */
	int64_t gnb; /* gNB index (gNB actions) */
	int64_t ue; /* first UE number */
	int64_t count; /* UEs from `ue` on (default 1) */
	bool all; /* every configured UE (ue, count ignored) */
	int expect; /* enum sim_outcome */
	int64_t cause; /* expected 5GMM cause, or NGAP group*100+value; 0 = any */
	int64_t timeout_ms; /* how long to wait for the outcome */
	int reg_type; /* enum sim_reg_kind */
	int identity; /* enum sim_ident */
	int auth_failure; /* enum sim_auth_fail */
	bool switch_off; /* deregistration: switch off */
	int64_t tac; /* mobility: TAC to move to; 0 = keep */
	int64_t nea[8]; /* override offered 5G-EA for this step */
	uint32_t n_nea; /* entries in nea (0 = group's) */
	int64_t nia[8]; /* override offered 5G-IA for this step */
	uint32_t n_nia; /* entries in nia (0 = group's) */
	struct s_nssai allowed[SIM_MAX_SLICES]; /* expected allowed NSSAI (registration accept) */
	uint32_t n_allowed; /* entries in allowed (0 = not checked) */
	char name[64]; /* label printed in the report */
};

/* The whole file. */
struct sim_cfg {
	int log_level; /* enum log_level */
	char log_file[256]; /* log file, empty = stderr */
	struct sim_gnb_cfg gnbs[SIM_MAX_GNBS]; /* gNBs */
	uint32_t n_gnbs; /* entries in gnbs */
	struct sim_ue_cfg ues[SIM_MAX_GROUPS]; /* UE groups */
	uint32_t n_ues; /* entries in ues */
	struct sim_step steps[SIM_MAX_STEPS]; /* scenario steps (run mode) */
	uint32_t n_steps; /* entries in steps */
	bool auto_setup; /* run: NG Setup on every gNB before the steps */
	int64_t step_timeout_ms; /* default step timeout */
	int64_t t3510_ms; /* UE registration guard timer */
	int64_t t3517_ms; /* UE service request guard timer */
	int64_t t3521_ms; /* UE deregistration timer (4 retransmissions) */
	int64_t ng_setup_timeout_ms; /* gNB NG Setup guard timer */
};

/* Loads path into *c (defaults first). Returns 0 or -E_CONFIG with a
 * "FILE:LINE: KEY: what" message in err. */
int sim_cfg_load(struct sim_cfg *c, const char *path, struct cfg_err *err);
/* Same from a string (tests). */
int sim_cfg_load_str(struct sim_cfg *c, const char *name, const char *text, struct cfg_err *err);
/* Fills the defaults; used before loading and for the built-in load config. */
void sim_cfg_defaults(struct sim_cfg *c);
/* Fills one gNB and one UE group with DESIGN.md's network identity defaults
 * (used when the file has none). */
void sim_cfg_default_gnb(struct sim_gnb_cfg *g);
void sim_cfg_default_ues(struct sim_ue_cfg *u);
/* Total UEs over every group. */
uint64_t sim_cfg_ue_total(const struct sim_cfg *c);

#endif
