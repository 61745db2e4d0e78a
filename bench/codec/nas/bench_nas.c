/* bench_nas — NAS codec and NAS security rates for two messages the core
 * handles on every UE: a Registration request (UE -> AMF, unprotected by the
 * AMF) and a PDU session establishment accept (SMF -> UE, protected by the
 * AMF inside a DL NAS transport). Printed beside memcpy of the same octets
 * measured in the same run: the machine's ceiling for touching a message once.
 * Figures, not pass/fail.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench/bench.h"
#include "lib/codec/nas/nas.h"
#include "lib/codec/nas/nas_sec.h"
#include "lib/core/err.h"
#include "lib/crypto/nas_alg.h"

#define MIN_SECONDS 0.3

/* Calls of fn per second (CLOCK_MONOTONIC). */
static double rate(int (*fn)(void *), void *arg)
{
	return bench_rate_on(CLOCK_MONOTONIC, fn, arg, MIN_SECONDS);
}

struct job {
	struct nas_msg msg; /* the message to encode */
	uint8_t plain[512]; /* its encoding */
	int plain_len; /* octets */
	uint8_t out[600]; /* scratch */
	uint8_t arena_mem[8192]; /* decode arena storage */
	struct arena arena; /* decode arena */
	struct nas_sec_ctx tx, rx; /* sender and receiver contexts */
	uint8_t ring[1024][600]; /* protected messages with consecutive COUNTs */
	int ring_len; /* their length */
	int next; /* next ring slot to unprotect */
	volatile uint8_t sink; /* keeps memcpy from being optimised out */
};

static int op_memcpy(void *arg)
{
	struct job *j = arg;
	memcpy(j->out, j->plain, (size_t)j->plain_len);
	j->sink ^= j->out[j->plain_len - 1];
	return 0;
}

static int op_encode(void *arg)
{
	struct job *j = arg;
	return nas_encode(&j->msg, j->out, sizeof(j->out), NULL);
}

static int op_decode(void *arg)
{
	struct job *j = arg;
	struct nas_msg m;
	arena_reset(&j->arena);
	return nas_decode(&m, j->plain, (size_t)j->plain_len, &j->arena, NULL);
}

static int op_protect(void *arg)
{
	struct job *j = arg;
	uint32_t *c = j->tx.role == NAS_ROLE_UE ? &j->tx.ul_count : &j->tx.dl_count;
	*c &= 0xFFFF; /* stay clear of the 24-bit limit over long runs */
	return nas_protect(&j->tx, NAS_SHT_INTEG_CIPH, j->plain, (size_t)j->plain_len, j->out,
			   sizeof(j->out));
}

static int op_unprotect(void *arg)
{
	struct job *j = arg;
	if (j->next == 1024) {
		j->next = 0; /* start the ring over with a fresh receiver COUNT */
		j->rx.ul_count = j->rx.dl_count = 0;
	}
	return nas_unprotect(&j->rx, j->ring[j->next++], (size_t)j->ring_len, j->out,
			     sizeof(j->out), NULL);
}

static void setup_sec(struct job *j, enum nas_sec_role sender)
{
	static const uint8_t kint[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
	static const uint8_t kenc[16] = { 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 };
	struct nas_ksi k = { 0, 1 };
	enum nas_sec_role receiver = sender == NAS_ROLE_UE ? NAS_ROLE_NETWORK : NAS_ROLE_UE;
	nas_sec_init(&j->tx, sender, k, kint, kenc, NAS_ALG_2, NAS_ALG_2);
	nas_sec_init(&j->rx, receiver, k, kint, kenc, NAS_ALG_2, NAS_ALG_2);
	for (int i = 0; i < 1024; i++)
		j->ring_len = nas_protect(&j->tx, NAS_SHT_INTEG_CIPH, j->plain,
					  (size_t)j->plain_len, j->ring[i], sizeof(j->ring[i]));
	if (j->ring_len < 0) {
		fprintf(stderr, "bench_nas: protect failed\n");
		exit(1);
	}
}

static void run(const char *name, struct job *j)
{
	double ref = rate(op_memcpy, j);
	double enc = rate(op_encode, j);
	double dec = rate(op_decode, j);
	double pro = rate(op_protect, j);
	double unp = rate(op_unprotect, j);
	printf("%-34s %4d B  encode %7.2f M/s  decode %7.2f M/s  protect %6.2f M/s  "
	       "unprotect %6.2f M/s  | memcpy %7.2f M/s\n",
	       name, j->plain_len, enc / 1e6, dec / 1e6, pro / 1e6, unp / 1e6, ref / 1e6);
}

static struct job reg, pdu;

int main(void)
{
	/* Registration request as a UE sends it first: SUCI, capabilities, NSSAI. */
	struct nas_reg_req *r = &reg.msg.reg_req;
	nas_msg_init(&reg.msg, NAS_REG_REQ);
	r->reg_type = (struct nas_reg_type){ NAS_REG_INITIAL, true };
	r->ngksi.ksi = NAS_KSI_NONE;
	nas_id_suci_null(&r->mobile_id, &(struct plmn){ 1, 1, 2 }, "0", "0000000001");
	NAS_SET(*r, mm_cap, ((struct nas_octets){ 1, { 0x07 } }));
	NAS_SET(*r, ue_sec_cap, ((struct nas_ue_sec_cap){ 0xf0, 0xf0, true, 0xf0, 0xf0 }));
	r->has_requested_nssai = true;
	r->requested_nssai.n = 2;
	r->requested_nssai.e[0].s = (struct s_nssai){ 1, false, 0 };
	r->requested_nssai.e[1].s = (struct s_nssai){ 1, true, 0x010203 };
	NAS_SET(*r, last_tai, ((struct tai){ { 1, 1, 2 }, 1 }));
	NAS_SET(*r, ue_status, 0x00);

	/* PDU session establishment accept: default rule, AMBR, IPv4, flow, DNS/MTU, DNN. */
	static struct nas_pf_comp all = { .type = NAS_PF_MATCH_ALL };
	static struct nas_pkt_filter pf = { NAS_PF_BIDIR, 1, 1, &all };
	static struct nas_qos_rule rule = { .id = 1,
					    .op = NAS_QR_CREATE,
					    .dqr = true,
					    .n_pf = 1,
					    .pf = &pf,
					    .has_precedence = true,
					    .precedence = 255,
					    .has_qfi = true,
					    .qfi = 1 };
	static struct nas_qos_flow flow = {
		.qfi = 1, .op = NAS_QF_CREATE, .e_bit = true, .has_5qi = true, .fiveqi = 9
	};
	static struct nas_pco_opt opts[3];
	struct ip_addr dns;
	ip_parse(&dns, "8.8.8.8");
	opts[0] = nas_pco_addr(NAS_PCO_DNS_IPV4, &dns);
	ip_parse(&dns, "1.1.1.1");
	opts[1] = nas_pco_addr(NAS_PCO_DNS_IPV4, &dns);
	opts[2] = nas_pco_u16(NAS_PCO_IPV4_MTU, 1400);
	struct nas_pdu_est_acc *a = &pdu.msg.pdu_est_acc;
	nas_msg_init(&pdu.msg, NAS_PDU_EST_ACC);
	pdu.msg.psi = 1;
	pdu.msg.pti = 1;
	a->pdu_type = NAS_PDU_IPV4;
	a->ssc_mode = 1;
	a->qos_rules = (struct nas_qos_rules){ 1, &rule };
	a->ambr.dl = nas_bitrate_from_kbps(1000000);
	a->ambr.ul = nas_bitrate_from_kbps(1000000);
	a->has_pdu_addr = true;
	a->pdu_addr.type = NAS_PDU_IPV4;
	memcpy(a->pdu_addr.ipv4, "\x0a\x2d\x00\x02", 4);
	NAS_SET(*a, snssai, ((struct nas_snssai){ { 1, false, 0 }, false, { 0 } }));
	NAS_SET(*a, qos_flows, ((struct nas_qos_flows){ 1, &flow }));
	NAS_SET(*a, epco, ((struct nas_epco){ 0, 3, opts }));
	a->has_dnn = true;
	strcpy(a->dnn.s, "internet");

	struct job *jobs[2] = { &reg, &pdu };
	for (int i = 0; i < 2; i++) {
		jobs[i]->plain_len =
			nas_encode(&jobs[i]->msg, jobs[i]->plain, sizeof(jobs[i]->plain), NULL);
		if (jobs[i]->plain_len < 0) {
			fprintf(stderr, "bench_nas: encode failed\n");
			return 1;
		}
		arena_init(&jobs[i]->arena, jobs[i]->arena_mem, sizeof(jobs[i]->arena_mem), 0);
	}

	printf("NAS codec and protection (128-NIA2 + 128-NEA2), one core\n");
	setup_sec(&reg, NAS_ROLE_UE); /* the AMF unprotects it */
	run("Registration request", &reg);
	setup_sec(&pdu, NAS_ROLE_NETWORK);
	run("PDU session establishment accept", &pdu);
	/* As the AMF sends it: inside a DL NAS transport. */
	static struct job dl;
	nas_msg_init(&dl.msg, NAS_DL_NAS_TRANSPORT);
	dl.msg.dl_nas.payload_type = NAS_PAYLOAD_N1_SM;
	dl.msg.dl_nas.payload = (struct nas_buf){ pdu.plain, (uint16_t)pdu.plain_len };
	NAS_SET(dl.msg.dl_nas, psi, 1);
	dl.plain_len = nas_encode(&dl.msg, dl.plain, sizeof(dl.plain), NULL);
	arena_init(&dl.arena, dl.arena_mem, sizeof(dl.arena_mem), 0);
	setup_sec(&dl, NAS_ROLE_NETWORK);
	run("  in DL NAS transport", &dl);
	nas_sec_fini(&reg.tx);
	nas_sec_fini(&reg.rx);
	nas_sec_fini(&pdu.tx);
	nas_sec_fini(&pdu.rx);
	nas_sec_fini(&dl.tx);
	nas_sec_fini(&dl.rx);
	return 0;
}
