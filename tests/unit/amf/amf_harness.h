/* amf_harness.h — fake peers for the AMF's state-machine tests:
 *
 *   test UE + gNB (in-process)  --NGAP bytes-->  AMF (n2_tx hook back to the test)
 *   AMF --HTTP/2 on 127.0.0.1--> fake AUSF + UDM (one lib/sbi server, real 5G AKA
 *                                with MILENAGE and the TS 33.501 key hierarchy)
 *
 * The test UE does its side of 5G AKA, security mode control and NAS
 * protection with lib/crypto and the NAS codec, so every message the AMF
 * sends is checked the way a real UE would check it.
 */
#ifndef NGCORE_TESTS_AMF_HARNESS_H
#define NGCORE_TESTS_AMF_HARNESS_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/codec/nas/nas.h"
#include "lib/codec/nas/nas_sec.h"
#include "lib/codec/ngap/ngap.h"
#include "nf/amf/ctx.h"

#define H_MAX_SUBS 8

/* A subscriber of the fake AUSF/UDM. */
struct h_sub {
	char supi[24]; /* "imsi-..." */
	uint8_t k[16]; /* K */
	uint8_t opc[16]; /* OPc */
	uint64_t sqn; /* SQN_HE last used */
	bool used; /* slot in use */
};

/* Fake AUSF/UDM behaviour switches. */
struct h_core {
	struct h_sub subs[H_MAX_SUBS]; /* subscribers */
	int ausf_status; /* non-zero: answer ue-authentications with it */
	const char *ausf_cause; /* its ProblemDetails cause */
	bool nssai_in_am; /* am-data carries nssai (else only /nssai has it) */
	struct s_nssai sub_nssai[4]; /* subscribed S-NSSAIs (first is default) */
	unsigned n_sub_nssai; /* entries */
	char dereg_cb[256]; /* last deregCallbackUri registered */
	unsigned auth_requests; /* POST ue-authentications seen */
	unsigned resyncs; /* of those, with resynchronizationInfo */
	unsigned confirms; /* 5g-aka-confirmation PUTs seen */
	unsigned uecm_puts; /* UECM registrations seen */
	unsigned am_gets; /* am-data GETs */
	unsigned nssai_gets; /* nssai GETs */
};

/* A test UE on the test gNB. */
struct h_ue {
	char msin[11]; /* MSIN digits (PLMN 001/01) */
	uint8_t k[16]; /* USIM K (may differ from the network's: wrong K) */
	uint8_t opc[16]; /* USIM OPc */
	uint64_t sqn_ms; /* highest SQN accepted */
	uint8_t nea, nia; /* offered algorithms (NAS_ALG_BIT bitmaps) */
	uint32_t ran_id; /* RAN UE NGAP ID */
	bool has_amf_id; /* amf_id known */
	uint64_t amf_id; /* AMF UE NGAP ID */
	bool has_ctx; /* current NAS security context */
	struct nas_sec_ctx sec; /* it */
	uint8_t kamf[32]; /* its K_AMF */
	uint8_t kamf_new[32]; /* K_AMF from the last authentication */
	uint8_t ksi_new; /* its ngKSI */
	bool has_guti; /* 5G-GUTI known */
	struct guami guami; /* 5G-GUTI GUAMI */
	uint32_t tmsi; /* 5G-TMSI */
	uint8_t kgnb[32]; /* K_gNB from the last INITIAL CONTEXT SETUP */
	bool got_kgnb; /* one was received */
	bool initial_plain; /* the initial REGISTRATION REQUEST had cleartext IEs only */
	struct s_nssai req[4]; /* requested NSSAI */
	unsigned n_req; /* entries */
};

/* What the AMF sent, decoded. */
struct h_rx {
	struct ngap_pdu pdu; /* the NGAP PDU */
	bool has_nas; /* it carried a NAS PDU (DL NAS transport / ICS) */
	struct nas_msg nas; /* that NAS message, unprotected and decoded */
	uint8_t sht; /* its security header type */
	bool mac_ok; /* MAC verified by the UE */
	int nas_rc; /* decode / unprotect result */
	uint8_t raw[2048]; /* the NAS PDU as sent */
	size_t raw_len; /* its length */
};

extern struct h_core H; /* the fake core */
extern struct amf *h_amf; /* the AMF under test */
extern struct ev_loop *h_loop;

/* Starts an AMF with cfg adjusted by tune (may be NULL) and the fake core. */
void h_start(void (*tune)(struct amf_cfg *c));
/* Stops both, checks nothing is left behind. */
void h_stop(void);
/* Runs the loop for ms. */
void h_run(int ms);
/* Adds a subscriber "imsi-00101<msin>" with K/OPc and SQN. */
void h_add_sub(const char *msin, const uint8_t k[16], const uint8_t opc[16], uint64_t sqn);
/* A UE with that MSIN, the same K/OPc, NEA0-2 and NIA1-2 offered. */
void h_ue_init(struct h_ue *ue, const char *msin, const uint8_t k[16], const uint8_t opc[16],
	       uint32_t ran_id);

/* gNB side. */
void h_assoc_up(void);
void h_assoc_down(void);
/* Sends raw NGAP bytes from the test gNB. */
void h_send_raw(const uint8_t *buf, size_t len);
void h_send_pdu(const struct ngap_pdu *pdu);
/* NG Setup with PLMN 001/01, the TAC and one slice; true if answered with a
 * response. The _rx variant hands the answer back. */
bool h_ng_setup(uint32_t tac, const struct s_nssai *slice);
bool h_ng_setup_rx(uint32_t tac, const struct s_nssai *slice, struct h_rx *rx);
/* The next PDU the AMF sent (waits up to ms); false if none. */
bool h_next(struct h_rx *rx, struct h_ue *ue, int ms);
/* Number of PDUs queued and not read yet. */
unsigned h_pending(void);
void h_flush(void);

/* UE side. */
void h_ue_send_initial(struct h_ue *ue, const uint8_t *nas, size_t len);
void h_ue_send_ul(struct h_ue *ue, const uint8_t *nas, size_t len);
/* Encodes m (protected with sht when non-zero) and sends it initial/uplink. */
void h_ue_send(struct h_ue *ue, const struct nas_msg *m, uint8_t sht, bool initial);
/* REGISTRATION REQUEST: SUCI (null scheme) or 5G-GUTI; full or cleartext IEs. */
void h_reg_req(struct h_ue *ue, struct nas_msg *m, uint8_t reg_type, bool guti, bool full);
/* Answers an AUTHENTICATION REQUEST as the USIM would (RES*, or #20/#21). */
void h_ue_auth(struct h_ue *ue, const struct nas_auth_req *a);
/* Answers SECURITY MODE COMMAND (takes the new context into use).
 * Returns 0, or -E_MAC when the command's MAC does not verify. */
int h_ue_smc(struct h_ue *ue, const struct h_rx *rx);
/* Runs an initial registration with SUCI to REGISTRATION ACCEPT + COMPLETE;
 * returns the 5GMM cause of a reject, 0 on success, -1 otherwise. */
int h_register(struct h_ue *ue);
/* UE CONTEXT RELEASE COMPLETE for ue. */
void h_ue_release_complete(struct h_ue *ue);
/* UE CONTEXT RELEASE REQUEST (user inactivity), answers the command.
 * Returns true when the AMF sent UE CONTEXT RELEASE COMMAND. */
bool h_ue_go_idle(struct h_ue *ue);

/* Records (on) every NGAP PDU the test gNB sends, up to H_REC_MAX. */
#define H_REC_MAX 64
struct h_rec {
	uint8_t data[2048]; /* the PDU */
	size_t len; /* its length */
};
void h_record(bool on);
unsigned h_recorded(const struct h_rec **out);

/* The AMF's counter value of a metric by name and label ("" for none). */
int64_t h_metric(const char *name, const char *labels);

#endif
