/* ctx.c — AMF context: defaults, pools and lookups of gNBs and UEs,
 * metrics and the status snapshot. */
#include "nf/amf/ctx.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/crypto/ct.h"
#include "lib/sbi/models/common.h"

void amf_cfg_defaults(struct amf_cfg *c, const struct core_cfg *core)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "ngcore-amf");
	ip_parse(&c->n2.addr, "127.0.0.1");
	c->n2.port = NET_SCTP_PORT_NGAP;
	net_sctp_cfg_defaults(&c->n2.sctp);
	sbi_nf_cfg_defaults(&c->base, 7778, core);
	c->guami.region = 1;
	c->guami.set = 1;
	c->guami.pointer = 0;
	c->tacs[0] = 1; /* DESIGN.md: TAC 1, SST 1 */
	c->n_tacs = 1;
	c->slices[0] = (struct s_nssai){ .sst = 1 };
	c->n_slices = 1;
	c->integrity[0] = 2; /* NIA2, NIA1, NIA3 */
	c->integrity[1] = 1;
	c->integrity[2] = 3;
	c->n_integrity = 3;
	c->ciphering[0] = 2; /* NEA2, NEA1, NEA3, NEA0 */
	c->ciphering[1] = 1;
	c->ciphering[2] = 3;
	c->ciphering[3] = 0;
	c->n_ciphering = 4;
	c->timers.t3512_ms = 54 * 60 * 1000; /* TS 24.501 10.2: default 54 min */
	c->timers.t3550_ms = 6000; /* TS 24.501 10.2 table 10.2.2 */
	c->timers.t3560_ms = 6000;
	c->timers.t3570_ms = 6000;
	c->timers.t3522_ms = 6000;
	c->timers.t3346_ms = 10 * 60 * 1000;
	c->timers.mobile_reachable_ms = 0;
	c->timers.implicit_dereg_ms = 4 * 60 * 1000;
	c->timers.release_guard_ms = 5000;
	c->timers.dereg_keep_ms = 60 * 60 * 1000;
	c->timers.max_retx = 4; /* fifth expiry aborts (TS 24.501 5.4, 5.5) */
	c->unknown_subscriber_cause = 7;
	snprintf(c->network_name.full, sizeof(c->network_name.full), "ngcore");
	snprintf(c->network_name.short_, sizeof(c->network_name.short_), "ngcore");
	c->max_ues = 100000;
	c->max_gnbs = 1024;
	c->relative_capacity = 255;
	c->release_after_registration = false;
}

/* ---- helpers ---- */

void amf_guami_amf_id(const struct guami *g, char out[7])
{
	uint32_t v =
		(uint32_t)g->region << 16 | (uint32_t)(g->set & 0x3FF) << 6 | (g->pointer & 0x3F);
	snprintf(out, 7, "%06" PRIx32, v);
}

bool amf_tai_served(const struct amf *amf, const struct tai *t)
{
	for (unsigned i = 0; i < amf->n_tais; i++)
		if (amf->tais[i].tac == t->tac && plmn_eq(&amf->tais[i].plmn, &t->plmn))
			return true;
	return false;
}

bool amf_slice_supported(const struct amf *amf, const struct s_nssai *s)
{
	for (unsigned i = 0; i < amf->n_slices; i++)
		if (s_nssai_eq(&amf->slices[i], s))
			return true;
	return false;
}

/* ---- metrics and status ---- */

static void metrics_init(struct amf *amf)
{
	struct amf_metrics *m = &amf->m;

	m->reg_attempted = metric_counter("ngcore_amf_registrations_attempted_total",
					  "Registration procedures started", NULL);
	m->reg_succeeded = metric_counter("ngcore_amf_registrations_succeeded_total",
					  "Registration procedures completed", NULL);
	m->gnbs =
		metric_gauge("ngcore_amf_gnbs_connected", "gNBs with a successful NG Setup", NULL);
	for (int s = 0; s < GMM__N; s++)
		m->ues_state[s] = metric_gauge("ngcore_amf_ues", "UE contexts per GMM state",
					       "state=\"%s\"", amf_gmm_state_name(s));
	m->ues_connected = metric_gauge("ngcore_amf_ues_connected", "UEs in CM-CONNECTED", NULL);
	m->ngap_decode_err = metric_counter("ngcore_amf_ngap_decode_errors_total",
					    "NGAP PDUs that failed to decode", NULL);
	m->nas_decode_err = metric_counter("ngcore_amf_nas_decode_errors_total",
					   "NAS messages that failed to decode", NULL);
	m->nas_status_tx = metric_counter("ngcore_amf_nas_status_sent_total",
					  "5GMM STATUS messages sent", NULL);
	m->nas_mac_fail = metric_counter("ngcore_amf_nas_mac_failures_total",
					 "Uplink NAS messages failing the integrity check", NULL);
	m->nas_discarded =
		metric_counter("ngcore_amf_nas_discarded_total",
			       "Uplink NAS messages discarded (TS 24.501 4.4.4.3)", NULL);
	m->ngap_err_ind_rx = metric_counter("ngcore_amf_ngap_error_indications_received_total",
					    "NGAP ERROR INDICATIONs received", NULL);
	m->ngap_err_ind_tx = metric_counter("ngcore_amf_ngap_error_indications_sent_total",
					    "NGAP ERROR INDICATIONs sent", NULL);
	m->congestion = metric_counter("ngcore_amf_congestion_rejects_total",
				       "Registrations rejected with #22: no UE context free", NULL);
	m->deregistrations = metric_counter("ngcore_amf_deregistrations_total",
					    "UE de-registrations (UE, network or implicit)", NULL);
	/* Reset gauges a previous start in this process may have left. */
	metric_set(m->gnbs, 0);
	metric_set(m->ues_connected, 0);
	for (int s = 0; s < GMM__N; s++)
		metric_set(m->ues_state[s], 0);
}

void amf_count_reg_failed(struct amf *amf, struct amf_ue *ue, uint8_t cause)
{
	if (ue && !ue->reg_counted)
		return;
	if (ue)
		ue->reg_counted = false;
	/* cause 0: AUTHENTICATION REJECT (no 5GMM cause goes with it). */
	if (!amf->m.reg_failed[cause] && cause == 0)
		amf->m.reg_failed[cause] = metric_counter(
			"ngcore_amf_registrations_failed_total",
			"Registration procedures failed, by 5GMM cause", "cause=\"auth_reject\"");
	else if (!amf->m.reg_failed[cause])
		amf->m.reg_failed[cause] = metric_counter(
			"ngcore_amf_registrations_failed_total",
			"Registration procedures failed, by 5GMM cause", "cause=\"%u\"", cause);
	metric_inc(amf->m.reg_failed[cause]);
}

void amf_status_refresh(struct amf *amf)
{
	json_t *root = json_object();
	json_t *gnbs = json_array();
	json_t *ues = json_object();

	if (!root || !gnbs || !ues)
		goto out;
	for (uint32_t i = 0; i < amf->gnbs.cap; i++) {
		if (!(amf->gnbs.gen[i] & 1))
			continue;
		struct amf_gnb *g =
			(struct amf_gnb *)(amf->gnbs.mem + (size_t)i * amf->gnbs.elem_size);
		char id[32] = "-", p[8];
		if (g->has_id) {
			plmn_str(&g->plmn, p);
			snprintf(id, sizeof(id), "%.3s-%s-%" PRIu32, p, p + 3, g->gnb_id);
		}
		json_t *o = json_pack("{s:s, s:s, s:s, s:i, s:s}", "id", id, "name", g->name,
				      "addr", g->addr, "ues", (json_int_t)g->n_ues, "state",
				      fsm_state_name(&g->ngap));
		if (o)
			json_array_append_new(gnbs, o);
	}
	for (int s = 0; s < GMM__N; s++)
		if (amf->ues_in_state[s])
			json_object_set_new(ues, amf_gmm_state_name(s),
					    json_integer(amf->ues_in_state[s]));
	json_object_set(root, "gnbs", gnbs);
	json_object_set(root, "ues", ues);
	json_object_set_new(root, "ues_connected", json_integer(amf->n_connected));
	char *txt = json_dumps(root, JSON_COMPACT);
	if (txt) {
		pthread_mutex_lock(&amf->st_mu);
		free(amf->st_json);
		amf->st_json = txt;
		pthread_mutex_unlock(&amf->st_mu);
	}
out:
	json_decref(gnbs);
	json_decref(ues);
	json_decref(root);
}

/* ---- gNBs ---- */

void amf_gnb_set_ctx(struct amf_gnb *gnb)
{
	char p[8];
	if (gnb->has_id) {
		plmn_str(&gnb->plmn, p);
		snprintf(gnb->ctx, sizeof(gnb->ctx), "amf gnb[%.3s-%s-%" PRIu32 " %s]", p, p + 3,
			 gnb->gnb_id, gnb->addr);
	} else {
		snprintf(gnb->ctx, sizeof(gnb->ctx), "amf gnb[%s]", gnb->addr);
	}
}

struct amf_gnb *amf_gnb_new(struct amf *amf, struct handle assoc)
{
	struct handle h;
	struct amf_gnb *gnb = pool_alloc(&amf->gnbs, &h);
	if (!gnb)
		return NULL;
	if (hmap_set_u64(&amf->gnb_by_assoc, handle_pack(assoc), handle_pack(h)) < 0) {
		pool_free(&amf->gnbs, gnb);
		return NULL;
	}
	gnb->amf = amf;
	gnb->assoc = assoc;
	snprintf(gnb->addr, sizeof(gnb->addr), "?");
	amf_gnb_set_ctx(gnb);
	amf_ngap_sm_init(gnb);
	return gnb;
}

struct amf_gnb *amf_gnb_get(struct amf *amf, struct handle h)
{
	return pool_get(&amf->gnbs, h);
}

struct amf_gnb *amf_gnb_by_assoc(struct amf *amf, struct handle assoc)
{
	uint64_t v;
	if (hmap_get_u64(&amf->gnb_by_assoc, handle_pack(assoc), &v) < 0)
		return NULL;
	return pool_get(&amf->gnbs, handle_unpack(v));
}

struct gnb_release_arg {
	struct amf *amf; /* owner */
	struct handle gnb; /* gNB going away */
};

static void release_gnb_ue(void *obj, void *arg)
{
	struct amf_ue *ue = obj;
	struct gnb_release_arg *a = arg;
	if (ue->zombie || !ue->connected || !handle_eq(ue->gnb, a->gnb))
		return;
	amf_gmm_conn_lost(a->amf, ue);
}

void amf_gnb_free(struct amf *amf, struct amf_gnb *gnb)
{
	struct gnb_release_arg a = { amf, pool_handle(&amf->gnbs, gnb) };

	/* TS 38.413 8.7.1.1 / 10: losing the association (or a new NG Setup)
	 * ends every UE-associated logical NG connection of that gNB. */
	if (gnb->n_ues)
		pool_foreach(&amf->ues, release_gnb_ue, &a);
	if (gnb->ngap.state == NGAP_ST_READY && amf->n_gnbs_ready) {
		amf->n_gnbs_ready--;
		metric_set(amf->m.gnbs, amf->n_gnbs_ready);
	}
	while (gnb->txq) {
		struct amf_txq *q = gnb->txq;
		gnb->txq = q->next;
		free(q);
	}
	fsm_fini(&gnb->ngap);
	hmap_del_u64(&amf->gnb_by_assoc, handle_pack(gnb->assoc));
	pool_free(&amf->gnbs, gnb);
	amf_status_refresh(amf);
}

/* ---- UEs ---- */

void amf_ue_set_ctx(struct amf_ue *ue)
{
	const char *id = ue->supi[0] ? ue->supi : ue->suci[0] ? ue->suci : "?";
	char tm[16] = "";
	if (!ue->supi[0] && !ue->suci[0] && ue->has_guti)
		snprintf(tm, sizeof(tm), "tmsi-%08" PRIx32, ue->tmsi), id = tm;
	if (ue->connected)
		snprintf(ue->ctx, sizeof(ue->ctx), "amf ue[%.48s ran=%" PRIu32 "]", id,
			 ue->ran_ue_ngap_id);
	else
		snprintf(ue->ctx, sizeof(ue->ctx), "amf ue[%.48s idle]", id);
}

void amf_ue_kept(struct amf *amf, struct amf_ue *ue)
{
	if (!amf->kept_cap)
		return;
	if (amf->kept_n == amf->kept_cap) { /* drop the oldest hint */
		amf->kept_head = (amf->kept_head + 1) % amf->kept_cap;
		amf->kept_n--;
	}
	amf->kept[(amf->kept_head + amf->kept_n) % amf->kept_cap] =
		handle_pack(pool_handle(&amf->ues, ue));
	amf->kept_n++;
}

static void ue_free_now(struct amf *amf, struct amf_ue *ue);

/* Frees the oldest de-registered context still kept; false if none. */
static bool evict_kept(struct amf *amf)
{
	while (amf->kept_n) {
		struct handle h = handle_unpack(amf->kept[amf->kept_head]);
		amf->kept_head = (amf->kept_head + 1) % amf->kept_cap;
		amf->kept_n--;
		struct amf_ue *ue = amf_ue_get(amf, h);
		if (ue && ue->gmm.state == GMM_DEREGISTERED && !ue->connected &&
		    ue->gmm.timer_id == GMM_T_DEREG_KEEP) {
			LOG(LOG_DEBUG, ue->ctx, "kept context evicted: UE contexts full");
			ue_free_now(amf, ue);
			return true;
		}
	}
	return false;
}

struct amf_ue *amf_ue_new(struct amf *amf)
{
	struct handle h;
	if (amf->ues.used >= amf->max_ues)
		evict_kept(amf);
	bool congestion = amf->ues.used >= amf->max_ues;
	struct amf_ue *ue = pool_alloc(&amf->ues, &h);
	if (!ue)
		return NULL;
	ue->amf = amf;
	ue->congestion = congestion;
	ue->ue_ksi.ksi = NAS_KSI_NONE;
	ue->ksi_new = NAS_KSI_NONE;
	amf_ue_set_ctx(ue);
	fsm_init(&ue->gmm, &amf->gmm_def, GMM_DEREGISTERED, amf->loop, ue, ue->ctx);
	amf->ues_in_state[GMM_DEREGISTERED]++;
	metric_set(amf->m.ues_state[GMM_DEREGISTERED], amf->ues_in_state[GMM_DEREGISTERED]);
	return ue;
}

struct amf_ue *amf_ue_get(struct amf *amf, struct handle h)
{
	struct amf_ue *ue = pool_get(&amf->ues, h);
	return ue && !ue->zombie ? ue : NULL;
}

static struct amf_ue *ue_at(struct amf *amf, uint32_t idx)
{
	if (idx >= amf->ues.cap || !(amf->ues.gen[idx] & 1))
		return NULL;
	struct amf_ue *ue = (struct amf_ue *)(amf->ues.mem + (size_t)idx * amf->ues.elem_size);
	return ue->zombie ? NULL : ue;
}

struct amf_ue *amf_ue_by_ngap_id(struct amf *amf, uint64_t id)
{
	struct amf_ue *ue = ue_at(amf, (uint32_t)id);
	if (!ue || !ue->connected || ue->amf_ue_ngap_id != id)
		return NULL;
	return ue;
}

static uint64_t ran_key(const struct amf *amf, const struct amf_gnb *gnb, uint32_t ran_id)
{
	struct handle h = pool_handle(&amf->gnbs, gnb);
	return (uint64_t)h.idx << 32 | ran_id;
}

struct amf_ue *amf_ue_by_ran(struct amf *amf, const struct amf_gnb *gnb, uint32_t ran_id)
{
	uint64_t v;
	if (hmap_get_u64(&amf->ue_by_ran, ran_key(amf, gnb, ran_id), &v) < 0)
		return NULL;
	return amf_ue_get(amf, handle_unpack(v));
}

struct amf_ue *amf_ue_by_supi(struct amf *amf, const char *supi)
{
	uint64_t v;
	if (hmap_get(&amf->ue_by_supi, supi, strlen(supi), &v) < 0)
		return NULL;
	return amf_ue_get(amf, handle_unpack(v));
}

struct amf_ue *amf_ue_by_tmsi(struct amf *amf, uint32_t tmsi)
{
	uint64_t v;
	if (hmap_get_u64(&amf->ue_by_tmsi, tmsi, &v) < 0)
		return NULL;
	return amf_ue_get(amf, handle_unpack(v));
}

int amf_ue_attach(struct amf *amf, struct amf_ue *ue, struct amf_gnb *gnb, uint32_t ran_id)
{
	struct handle h = pool_handle(&amf->ues, ue);
	if (hmap_set_u64(&amf->ue_by_ran, ran_key(amf, gnb, ran_id), handle_pack(h)) < 0)
		return -E_NOMEM;
	ue->connected = true;
	ue->gnb = pool_handle(&amf->gnbs, gnb);
	ue->ran_ue_ngap_id = ran_id;
	ue->conn_seq++;
	ue->amf_ue_ngap_id = (uint64_t)ue->conn_seq << 32 | h.idx;
	/* TS 38.412 7: UE-associated signalling off stream 0 when there are others. */
	ue->stream = gnb->out_streams > 1 ? (uint16_t)(1 + h.idx % (gnb->out_streams - 1u)) : 0;
	ue->ctx_in_ran = false;
	ue->releasing = false;
	ue->secured = false;
	gnb->n_ues++;
	amf->n_connected++;
	metric_set(amf->m.ues_connected, amf->n_connected);
	amf_ue_set_ctx(ue);
	return 0;
}

void amf_ue_detach(struct amf *amf, struct amf_ue *ue)
{
	if (!ue->connected)
		return;
	struct amf_gnb *gnb = amf_gnb_get(amf, ue->gnb);
	if (gnb) {
		uint64_t v;
		uint64_t k = ran_key(amf, gnb, ue->ran_ue_ngap_id);
		/* Only if the entry is still ours (a new connection may reuse the id). */
		if (hmap_get_u64(&amf->ue_by_ran, k, &v) == 0 &&
		    handle_eq(handle_unpack(v), pool_handle(&amf->ues, ue)))
			hmap_del_u64(&amf->ue_by_ran, k);
		if (gnb->n_ues)
			gnb->n_ues--;
	}
	ev_timer_stop(amf->loop, &ue->release_guard);
	ue->connected = false;
	ue->releasing = false;
	ue->ctx_in_ran = false;
	ue->secured = false;
	ue->gnb = HANDLE_NONE;
	if (amf->n_connected)
		amf->n_connected--;
	metric_set(amf->m.ues_connected, amf->n_connected);
	amf_ue_set_ctx(ue);
}

int amf_ue_set_supi(struct amf *amf, struct amf_ue *ue, const char *supi)
{
	struct handle h = pool_handle(&amf->ues, ue);

	if (ue->supi[0] && strcmp(ue->supi, supi) == 0)
		return 0;
	if (ue->supi[0])
		hmap_del(&amf->ue_by_supi, ue->supi, strlen(ue->supi));
	snprintf(ue->supi, sizeof(ue->supi), "%s", supi);
	if (hmap_set(&amf->ue_by_supi, ue->supi, strlen(ue->supi), handle_pack(h)) < 0) {
		ue->supi[0] = 0;
		return -E_NOMEM;
	}
	amf_ue_set_ctx(ue);
	return 0;
}

int amf_ue_new_tmsi(struct amf *amf, struct amf_ue *ue)
{
	struct handle h = pool_handle(&amf->ues, ue);

	for (int tries = 0; tries < 16; tries++) {
		uint32_t t;
		if (getrandom(&t, sizeof(t), 0) != sizeof(t))
			t = (uint32_t)(ev_clock_ns() * 2654435761u) ^ h.idx;
		/* TS 23.003 2.10.1: 0xFFFFFFFF is reserved; keep it and 0 out. */
		if (t == 0 || t == 0xFFFFFFFFu || hmap_get_u64(&amf->ue_by_tmsi, t, NULL) == 0)
			continue;
		if (hmap_set_u64(&amf->ue_by_tmsi, t, handle_pack(h)) < 0)
			return -E_NOMEM;
		if (ue->has_guti)
			hmap_del_u64(&amf->ue_by_tmsi, ue->tmsi);
		ue->tmsi = t;
		ue->has_guti = true;
		return 0;
	}
	return -E_NOMEM;
}

uint64_t amf_ue_txn(struct amf *amf, struct amf_ue *ue)
{
	if (++amf->txn_seq == 0)
		amf->txn_seq = 1;
	ue->txn = amf->txn_seq;
	return (uint64_t)pool_handle(&amf->ues, ue).idx << 32 | ue->txn;
}

struct amf_ue *amf_ue_by_txn(struct amf *amf, uint64_t cookie)
{
	struct amf_ue *ue = ue_at(amf, (uint32_t)(cookie >> 32));
	if (!ue || ue->txn == 0 || ue->txn != (uint32_t)cookie)
		return NULL;
	return ue;
}

static void ue_free_deferred(struct ev_loop *loop, void *arg)
{
	struct amf_ue *ue = arg;
	pool_free(&ue->amf->ues, ue); /* the pool wipes the slot (keys included) */
}

static void ue_detach_all(struct amf *amf, struct amf_ue *ue);

void amf_ue_release(struct amf *amf, struct amf_ue *ue)
{
	if (ue->zombie)
		return;
	ue_detach_all(amf, ue);
	if (amf->stopping || ev_defer(amf->loop, ue_free_deferred, ue) < 0)
		pool_free(&amf->ues, ue);
}

static void ue_free_now(struct amf *amf, struct amf_ue *ue)
{
	ue_detach_all(amf, ue);
	pool_free(&amf->ues, ue);
}

/* Everything but the pool slot: lookups, timers, counts, keys. */
static void ue_detach_all(struct amf *amf, struct amf_ue *ue)
{
	if (ue->reg_counted)
		amf_count_reg_failed(amf, ue, 111);
	amf_ue_detach(amf, ue);
	if (ue->supi[0])
		hmap_del(&amf->ue_by_supi, ue->supi, strlen(ue->supi));
	if (ue->has_guti) {
		uint64_t v;
		if (hmap_get_u64(&amf->ue_by_tmsi, ue->tmsi, &v) == 0 &&
		    handle_eq(handle_unpack(v), pool_handle(&amf->ues, ue)))
			hmap_del_u64(&amf->ue_by_tmsi, ue->tmsi);
	}
	fsm_fini(&ue->gmm);
	ev_timer_stop(amf->loop, &ue->release_guard);
	if (amf->ues_in_state[ue->gmm.state])
		amf->ues_in_state[ue->gmm.state]--;
	metric_set(amf->m.ues_state[ue->gmm.state], amf->ues_in_state[ue->gmm.state]);
	nas_sec_fini(&ue->sec);
	nas_sec_fini(&ue->sec_new);
	crypto_wipe(ue->kamf, sizeof(ue->kamf));
	crypto_wipe(ue->kamf_new, sizeof(ue->kamf_new));
	ue->txn = 0;
	ue->zombie = true;
}

/* ---- init / fini ---- */

static void st_tick(struct ev_loop *loop, struct ev_timer *t)
{
	struct amf *amf = t->data;
	amf_status_refresh(amf);
	ev_timer_start(loop, &amf->st_timer, 1000, st_tick, amf);
}

int amf_ctx_init(struct amf *amf, struct ev_loop *loop, const struct amf_cfg *cfg,
		 const struct core_cfg *core)
{
	int rc;

	amf->loop = loop;
	amf->cfg = cfg;
	pthread_mutex_init(&amf->st_mu, NULL);
	/* One PLMN for the whole core: the top-level `plmn` (DESIGN.md). */
	amf->guami.plmn = core ? core->plmn : (struct plmn){ 1, 1, 2 };
	amf->guami.region = (uint8_t)cfg->guami.region;
	amf->guami.set = (uint16_t)cfg->guami.set;
	amf->guami.pointer = (uint8_t)cfg->guami.pointer;
	for (uint32_t i = 0; i < cfg->n_tacs && i < AMF_MAX_TAIS; i++)
		amf->tais[amf->n_tais++] = (struct tai){ amf->guami.plmn, (uint32_t)cfg->tacs[i] };
	for (uint32_t i = 0; i < cfg->n_slices && i < AMF_MAX_SLICES; i++)
		amf->slices[amf->n_slices++] = cfg->slices[i];
	if (!amf->n_tais || !amf->n_slices)
		return -E_CONFIG;
	amf->snn_len = kdf_snn(&amf->guami.plmn, amf->snn, sizeof(amf->snn));
	if (amf->snn_len < 0)
		return amf->snn_len;

	amf->max_ues = (uint32_t)cfg->max_ues;
	if ((rc = pool_init(&amf->gnbs, "amf-gnbs", sizeof(struct amf_gnb),
			    (uint32_t)cfg->max_gnbs)) < 0)
		return rc;
	if ((rc = pool_init(&amf->ues, "amf-ues", sizeof(struct amf_ue),
			    amf->max_ues + AMF_CONGESTION_RESERVE)) < 0)
		return rc;
	amf->ues.wipe = true;
	amf->kept_cap = amf->max_ues;
	if (!(amf->kept = calloc(amf->kept_cap, sizeof(*amf->kept))))
		return -E_NOMEM;
	if ((rc = hmap_init(&amf->gnb_by_assoc, 64)) < 0 ||
	    (rc = hmap_init(&amf->ue_by_ran, 1024)) < 0 ||
	    (rc = hmap_init(&amf->ue_by_supi, 1024)) < 0 ||
	    (rc = hmap_init(&amf->ue_by_tmsi, 1024)) < 0)
		return rc;
	arena_init(&amf->arena, amf->arena_buf, sizeof(amf->arena_buf), 256 * 1024);
	arena_init(&amf->nas_arena, amf->nas_arena_buf, sizeof(amf->nas_arena_buf), 64 * 1024);
	amf_gmm_def_init(amf);
	metrics_init(amf);
	amf_status_refresh(amf);
	ev_timer_start(loop, &amf->st_timer, 1000, st_tick, amf);
	return 0;
}

static void free_ue_cb(void *obj, void *arg)
{
	struct amf_ue *ue = obj;
	if (!ue->zombie)
		amf_ue_release(arg, ue);
}

static void free_gnb_cb(void *obj, void *arg)
{
	amf_gnb_free(arg, obj);
}

void amf_ctx_shutdown(struct amf *amf)
{
	amf->stopping = true;
	ev_timer_stop(amf->loop, &amf->st_timer);
	if (amf->ues.mem)
		pool_foreach(&amf->ues, free_ue_cb, amf);
	if (amf->gnbs.mem)
		pool_foreach(&amf->gnbs, free_gnb_cb, amf);
}

void amf_ctx_fini(struct amf *amf)
{
	amf_ctx_shutdown(amf);
	hmap_fini(&amf->gnb_by_assoc);
	hmap_fini(&amf->ue_by_ran);
	hmap_fini(&amf->ue_by_supi);
	hmap_fini(&amf->ue_by_tmsi);
	pool_fini(&amf->ues);
	pool_fini(&amf->gnbs);
	free(amf->kept);
	amf->kept = NULL;
	arena_fini(&amf->arena);
	arena_fini(&amf->nas_arena);
	metric_set(amf->m.gnbs, 0);
	metric_set(amf->m.ues_connected, 0);
	for (int s = 0; s < GMM__N; s++)
		metric_set(amf->m.ues_state[s], 0);
	pthread_mutex_lock(&amf->st_mu);
	free(amf->st_json);
	amf->st_json = NULL;
	pthread_mutex_unlock(&amf->st_mu);
	pthread_mutex_destroy(&amf->st_mu);
}
