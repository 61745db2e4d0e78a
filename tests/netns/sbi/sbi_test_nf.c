/* sbi_test_nf — a minimal NF for the SBI namespace test: serves
 * GET /ntest-echo/v1/hello, registers with an NRF through lib/sbi's
 * registration machine, discovers an NF of another type through lib/sbi's
 * discovery helper and calls it. It prints one line per event on stdout:
 *
 *   REGISTERED <n>             registration number n (again after NRF restarts)
 *   LOST                       registration lost (NRF gone or forgot us)
 *   PEER <n> <id> <status>     the peer answered, during registration n
 *
 * usage: sbi_test_nf --type AUSF --id UUID --listen IP:PORT --nrf URI --target UDM
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/sbi/sbi_disc.h"
#include "lib/sbi/sbi_nfreg.h"
#include "lib/sbi/sbi_server.h"

struct tnf {
	struct ev_loop *loop; /* the loop */
	struct sbi_server *srv; /* ntest-echo server */
	struct sbi_client *cl; /* client */
	struct sbi_nfreg *reg; /* registration machine */
	struct sbi_disc *disc; /* discovery helper */
	struct ev_timer tick; /* discovery retry */
	char id[40]; /* our nfInstanceId */
	enum sbi_nf_type type; /* our type */
	enum sbi_nf_type target; /* the type we look for */
	unsigned regs; /* registrations so far */
	unsigned answered_in; /* registration number of the last peer answer */
	bool busy; /* a discovery or call is in flight */
};

static void h_hello(struct sbi_req *req, void *arg)
{
	struct tnf *t = arg;
	sbi_respond_json(req, 200,
			 json_pack("{ssss}", "id", t->id, "type", sbi_nf_type_name(t->type)), NULL);
}

static void on_peer(void *arg, uint64_t cookie, const struct sbi_resp *r)
{
	struct tnf *t = arg;
	t->busy = false;
	if (cookie != t->regs)
		return; /* an answer from an earlier registration period */
	if (r->err) {
		fprintf(stderr, "peer call failed: %s\n", err_str(r->err));
		return;
	}
	const char *pid = json_string_value(json_object_get(sbi_resp_json(r), "id"));
	printf("PEER %u %s %d\n", t->regs, pid ? pid : "?", r->status);
	if (r->status == 200)
		t->answered_in = t->regs;
}

static void on_found(void *arg, uint64_t cookie, int rc, const struct sbi_disc_result *res)
{
	struct tnf *t = arg;
	if (rc < 0 || !res->nroots) {
		t->busy = false;
		return;
	}
	struct sbi_request rq = { .method = SBI_GET,
				  .path = "/ntest-echo/v1/hello",
				  .timeout_ms = 1000 };
	for (unsigned i = 0; i < res->nroots; i++)
		rq.roots[rq.nroots++] = res->roots[i];
	if (sbi_client_send(t->cl, &rq, on_peer, t, t->regs) < 0)
		t->busy = false;
}

static void tick(struct ev_loop *loop, struct ev_timer *tm)
{
	struct tnf *t = tm->data;
	ev_timer_start(loop, &t->tick, 300, tick, t);
	if (t->busy || !sbi_nfreg_registered(t->reg) || t->answered_in == t->regs)
		return;
	struct sbi_disc_query q = { .target = t->target,
				    .requester = t->type,
				    .service = "ntest-echo",
				    .requester_id = t->id };
	if (sbi_disc_find(t->disc, &q, on_found, t, 0) == 0)
		t->busy = true;
}

static void on_reg(void *arg, bool registered)
{
	struct tnf *t = arg;
	if (registered) {
		t->regs++;
		printf("REGISTERED %u\n", t->regs);
		/* Our view of the others may be stale after an NRF restart. */
		sbi_disc_invalidate(t->disc, NULL);
	} else {
		printf("LOST\n");
	}
}

static void on_stop(struct ev_loop *loop, void *arg)
{
	ev_stop(loop);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "type", required_argument, NULL, 't' },   { "id", required_argument, NULL, 'i' },
		{ "listen", required_argument, NULL, 'l' }, { "nrf", required_argument, NULL, 'n' },
		{ "target", required_argument, NULL, 'g' }, { NULL, 0, NULL, 0 },
	};
	struct tnf t = { 0 };
	const char *type = NULL, *listen = NULL, *nrf = NULL, *target = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 't': type = optarg; break;
		case 'i': snprintf(t.id, sizeof(t.id), "%s", optarg); break;
		case 'l': listen = optarg; break;
		case 'n': nrf = optarg; break;
		case 'g': target = optarg; break;
		default: return 2;
		}
	}
	if (!type || !t.id[0] || !listen || !nrf || !target || !strchr(listen, ':')) {
		fprintf(stderr, "usage: sbi_test_nf --type T --id UUID --listen IP:PORT --nrf URI "
				"--target T\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	log_set_level(LOG_INFO);
	t.type = sbi_nf_type_parse(type);
	t.target = sbi_nf_type_parse(target);
	char ip[64];
	snprintf(ip, sizeof(ip), "%.*s", (int)(strchr(listen, ':') - listen), listen);
	int port = atoi(strchr(listen, ':') + 1);

	t.loop = ev_loop_new("tnf");
	if (!t.loop || ev_signals(t.loop, on_stop, NULL, &t) < 0)
		return 1;
	struct sbi_server_cfg scfg;
	sbi_server_cfg_defaults(&scfg, (uint16_t)port);
	if (ip_parse(&scfg.addr, ip) < 0)
		return 2;
	t.srv = sbi_server_new(t.loop, &scfg, type);
	if (!t.srv ||
	    sbi_server_route(t.srv, SBI_GET, "/ntest-echo/v1/hello", h_hello, &t, 0) < 0 ||
	    sbi_server_start(t.srv) < 0)
		return 1;
	struct sbi_client_cfg ccfg;
	sbi_client_cfg_defaults(&ccfg);
	ccfg.timeout_ms = 1000;
	t.cl = sbi_client_new(t.loop, &ccfg, type);

	struct sbi_nf_profile p;
	sbi_nf_profile_init(&p);
	snprintf(p.nf_instance_id, sizeof(p.nf_instance_id), "%s", t.id);
	p.nf_type = t.type;
	p.nf_status = SBI_NF_REGISTERED;
	p.ipv4[0] = scfg.addr;
	p.n_ipv4 = 1;
	struct sbi_nf_service *s = &p.services[p.n_services++];
	snprintf(s->service_instance_id, sizeof(s->service_instance_id), "echo");
	snprintf(s->service_name, sizeof(s->service_name), "ntest-echo");
	snprintf(s->versions[0].in_uri, sizeof(s->versions[0].in_uri), "v1");
	snprintf(s->versions[0].full, sizeof(s->versions[0].full), "1.0.0");
	s->n_versions = 1;
	s->status = SBI_NF_REGISTERED;
	s->eps[0].addr = scfg.addr;
	s->eps[0].port = (uint16_t)port;
	s->n_eps = 1;
	s->priority = s->capacity = -1;

	struct sbi_nfreg_cfg rcfg;
	sbi_nfreg_cfg_defaults(&rcfg, nrf);
	rcfg.retry_min_ms = 200;
	rcfg.retry_max_ms = 1000;
	t.reg = sbi_nfreg_new(t.loop, t.cl, &rcfg, &p, on_reg, &t, type);
	t.disc = sbi_disc_new(t.loop, t.cl, nrf, type);
	if (!t.reg || !t.disc)
		return 1;
	sbi_nfreg_start(t.reg);
	ev_timer_start(t.loop, &t.tick, 300, tick, &t);
	ev_run(t.loop);

	/* Orderly end: deregister (TS 29.510 5.2.2.4) and let the DELETE out. */
	ev_timer_stop(t.loop, &t.tick);
	sbi_nfreg_stop(t.reg);
	sbi_client_drain(t.cl, 1000);
	sbi_nfreg_free(t.reg);
	sbi_disc_free(t.disc);
	sbi_client_free(t.cl);
	sbi_server_free(t.srv);
	ev_run_once(t.loop, 0);
	sbi_nf_profile_fini(&p);
	ev_loop_free(t.loop);
	printf("STOPPED\n");
	return 0;
}
