/* nf_harness.h — runs the UDR, UDM and AUSF in the test's own thread, on one
 * lib/ev loop, through their nf_ops (start/stop exactly as ngcore does), on
 * ephemeral loopback ports without an NRF; and an SBI client that plays the
 * AMF (or the UDM, toward the UDR). Shared by tests/unit/{udr,udm,ausf}.
 */
#ifndef NGCORE_TESTS_NF_HARNESS_H
#define NGCORE_TESTS_NF_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/core/nf.h"
#include "lib/db/db.h"
#include "lib/ev/ev.h"
#include "lib/sbi/sbi_client.h"
#include "nf/common/sbi-nf.h"

static struct ev_loop *h_loop; /* the loop every NF and the client run on */
static struct core_cfg h_core; /* process settings: no NRF, PLMN 001/01 */
static struct sbi_client *h_cli; /* the test's client */
static char h_dir[] = "/tmp/ngcore-nf-test-XXXXXX"; /* data dir */
static char h_db[160]; /* the store file */

struct h_nf {
	const struct nf_ops *ops; /* the NF */
	void *cfg; /* its section (defaults, then the test's changes) */
	struct nf_env env; /* what it runs with */
};

static void h_run_for(int ms)
{
	uint64_t end = ev_clock_ns() + (uint64_t)ms * 1000000u;
	while (ev_clock_ns() < end)
		ev_run_once(h_loop, 2);
}

static void h_run_until(const int *flag, int want, int ms)
{
	uint64_t end = ev_clock_ns() + (uint64_t)ms * 1000000u;
	while (*flag < want && ev_clock_ns() < end)
		ev_run_once(h_loop, 5);
}

/* Sets up the loop, client, data dir and store. 0 or -1. */
static int h_init(void)
{
	log_set_level(LOG_WARN);
	if (!mkdtemp(h_dir))
		return -1;
	memset(&h_core, 0, sizeof(h_core));
	h_core.log_level = LOG_WARN;
	snprintf(h_core.data_dir, sizeof(h_core.data_dir), "%s", h_dir);
	h_core.plmn = (struct plmn){ 1, 1, 2 };
	h_core.nrf_uri[0] = 0;
	snprintf(h_db, sizeof(h_db), "%s/ngcore.db", h_dir);
	h_loop = ev_loop_new("test");
	struct sbi_client_cfg cc;
	sbi_client_cfg_defaults(&cc);
	h_cli = h_loop ? sbi_client_new(h_loop, &cc, "test") : NULL;
	return h_cli ? 0 : -1;
}

static void h_fini(void)
{
	char cmd[200];
	sbi_client_free(h_cli);
	h_run_for(20);
	ev_loop_free(h_loop);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", h_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", h_dir);
}

/* Prepares n with ops' defaults on an ephemeral port; the caller may change
 * n->cfg before h_start. */
static void h_prepare(struct h_nf *n, const struct nf_ops *ops)
{
	memset(n, 0, sizeof(*n));
	n->ops = ops;
	n->cfg = calloc(1, ops->cfg_size);
	ops->defaults(n->cfg, &h_core);
	((struct sbi_nf_cfg *)n->cfg)->sbi.port = 0; /* every section starts with sbi_nf_cfg */
	n->env.name = ops->name;
	n->env.loop = h_loop;
	n->env.cfg = n->cfg;
	n->env.core = &h_core;
}

static int h_start(struct h_nf *n)
{
	const char *key = NULL;
	const char *why = n->ops->check ? n->ops->check(n->cfg, &key) : NULL;
	if (why) {
		fprintf(stderr, "%s config: %s: %s\n", n->ops->name, key ? key : "", why);
		return -E_CONFIG;
	}
	return n->ops->start(&n->env);
}

static void h_stop(struct h_nf *n)
{
	if (n->env.state)
		n->ops->stop(&n->env);
	h_run_for(10); /* deferred frees */
	free(n->cfg);
	n->cfg = NULL;
}

/* The NF's apiRoot (its state starts with its struct sbi_nf). */
static void h_root(const struct h_nf *n, char *out, size_t cap)
{
	sbi_nf_api_root((const struct sbi_nf *)n->env.state, out, cap);
}

/* ---- the client ---- */

struct h_resp {
	int done; /* callbacks received */
	int err; /* transport error */
	int status; /* HTTP status */
	json_t *json; /* body (a reference; h_resp_clear drops it) */
	char ct[64]; /* content type */
	char location[300]; /* location header */
	char cause[64]; /* ProblemDetails cause */
};

static void h_on_resp(void *arg, uint64_t cookie, const struct sbi_resp *r)
{
	struct h_resp *a = arg;
	a->done++;
	a->err = r->err;
	a->status = r->status;
	json_t *j = sbi_resp_json(r);
	a->json = j ? json_incref(j) : NULL;
	snprintf(a->ct, sizeof(a->ct), "%s", r->content_type ? r->content_type : "");
	const char *l = sbi_resp_header(r, "location");
	snprintf(a->location, sizeof(a->location), "%s", l ? l : "");
	const char *c = json_string_value(json_object_get(j, "cause"));
	snprintf(a->cause, sizeof(a->cause), "%s", c ? c : "");
}

static void h_resp_clear(struct h_resp *a)
{
	json_decref(a->json);
	memset(a, 0, sizeof(*a));
}

/* Sends without waiting (body borrowed, may be NULL). 0 or -E_*. */
static int h_send(struct h_resp *a, enum sbi_method m, const char *url, json_t *body,
		  const char *ct)
{
	memset(a, 0, sizeof(*a));
	struct sbi_request rq = { .method = m, .uri = url, .json = body, .content_type = ct };
	return sbi_client_send(h_cli, &rq, h_on_resp, a, 0);
}

/* Sends and runs the loop until the answer (at most 5 s). The answer's
 * status, or -1. body is consumed (decref'd). */
static int h_call(struct h_resp *a, enum sbi_method m, const char *url, json_t *body,
		  const char *ct)
{
	int rc = h_send(a, m, url, body, ct);
	json_decref(body);
	if (rc < 0)
		return -1;
	h_run_until(&a->done, 1, 5000);
	return a->done ? (a->err ? -1 : a->status) : -1;
}

/* ---- subscribers ---- */

/* Adds a subscriber to the store with K, OPc (or OP), AMF and SQN_HE. */
static int h_add_sub(const char *supi, const uint8_t k[16], const uint8_t op[16], bool is_op,
		     uint16_t amf, uint64_t sqn)
{
	struct db *db = NULL;
	struct db_opts o = { .uri = h_db };
	struct db_sub s;
	int rc = db_open(&db, &o);
	if (rc < 0)
		return rc;
	db_sub_defaults(&s);
	snprintf(s.supi, sizeof(s.supi), "%s", supi);
	memcpy(s.k, k, 16);
	memcpy(s.op, op, 16);
	s.op_kind = is_op ? DB_OP : DB_OPC;
	s.amf = amf;
	s.sqn = sqn;
	rc = db_sub_add(db, &s);
	db_sub_wipe(&s);
	db_close(db);
	return rc;
}

/* SQN_HE stored for supi, or -1. */
static int64_t h_sqn(const char *supi)
{
	struct db *db = NULL;
	struct db_opts o = { .uri = h_db };
	struct db_auth a;
	int64_t v = -1;
	if (db_open(&db, &o) < 0)
		return -1;
	if (db_auth_get(db, supi, &a) == 0)
		v = (int64_t)a.sqn;
	db_auth_wipe(&a);
	db_close(db);
	return v;
}

#endif
