/* bench_net — SCTP messages/s over usrsctp (RFC 6951 UDP encapsulation on
 * loopback, two processes) with 1 and with 16 messages in flight, printed
 * beside a UDP ping-pong between two processes measured in the same run.
 * A figure, not a pass/fail: the machine is shared and noisy.
 *
 *   bench_net [SECONDS_PER_PHASE] (default 2)
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/bench.h"
#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/ev/ev.h"
#include "lib/net/sctp.h"
#include "lib/net/udp.h"

#define MSG_LEN 100

static double phase_s = 2.0;

/* ---- echo children ------------------------------------------------------ */

static void udp_echo(struct net_udp *u, struct net_udp_pkt *p, unsigned n, void *user)
{
	net_udp_send_batch(u, p, n); /* source becomes destination */
}

static void sctp_echo(struct net_sctp *ep, struct handle a, uint16_t sid, uint32_t ppid,
		      const uint8_t *d, size_t len, void *user)
{
	net_sctp_send(ep, a, sid, ppid, d, len);
}

static struct net_sctp_cfg bench_cfg(void)
{
	struct net_sctp_cfg c;
	net_sctp_cfg_defaults(&c);
	c.backend = NET_SCTP_USRSCTP_UDP;
	c.udp_local_port = 0;
	return c;
}

/* Forks an echo server; returns its pid and the port it listens on. */
static pid_t spawn_echo(bool sctp, uint16_t *port)
{
	int fds[2];
	if (pipe(fds) < 0)
		return -1;
	pid_t pid = fork();
	if (pid != 0) {
		close(fds[1]);
		if (pid < 0 || read(fds[0], port, sizeof(*port)) != sizeof(*port)) {
			close(fds[0]);
			return -1;
		}
		close(fds[0]);
		return pid;
	}
	close(fds[0]);
	struct ev_loop *loop = ev_loop_new(sctp ? "sctp-echo" : "udp-echo");
	ev_signals(loop, NULL, NULL, NULL);
	uint16_t p = 0;
	struct net_udp u;
	struct net_sctp *ep = NULL;
	if (sctp) {
		struct net_sctp_cfg c = bench_cfg();
		struct net_sctp_cbs cbs = { .data = sctp_echo };
		struct net_addr a;
		net_addr_parse(&a, "127.0.0.1", 38412);
		if (net_sctp_new(&ep, loop, &c, &cbs, NULL) < 0 || net_sctp_listen(ep, &a) < 0)
			_exit(1);
		p = net_sctp_udp_port(ep);
	} else {
		struct net_udp_cfg c = { .batch = 32 };
		struct net_addr me;
		net_addr_parse(&c.bind, "127.0.0.1", 0);
		if (net_udp_open(&u, loop, &c, udp_echo, NULL) < 0 || net_udp_local(&u, &me) < 0)
			_exit(1);
		p = net_addr_port(&me);
	}
	if (write(fds[1], &p, sizeof(p)) != sizeof(p))
		_exit(1);
	close(fds[1]);
	ev_run(loop);
	_exit(0);
}

/* ---- the measuring side ------------------------------------------------- */

static struct {
	struct ev_loop *loop; /* client loop */
	unsigned window; /* messages kept in flight */
	unsigned inflight; /* sent, not yet echoed */
	bool sending; /* the phase is running */
	uint64_t done; /* echoes received in the phase */
	uint64_t t0; /* phase start */
	double rate; /* result */
	uint8_t msg[MSG_LEN]; /* payload */
	/* UDP */
	struct net_udp udp; /* client socket */
	struct net_addr to; /* echo server */
	/* SCTP */
	struct net_sctp *ep; /* client endpoint */
	struct handle assoc; /* association */
	bool up; /* it is up */
	unsigned sid; /* next stream */
} B;

static void fill(void)
{
	while (B.sending && B.inflight < B.window) {
		int rc;
		if (B.ep) {
			rc = net_sctp_send(B.ep, B.assoc, (uint16_t)(B.sid++ % 16),
					   NET_SCTP_PPID_NGAP, B.msg, MSG_LEN);
		} else {
			rc = net_udp_send(&B.udp, &B.to, B.msg, MSG_LEN);
		}
		if (rc < 0)
			return;
		B.inflight++;
	}
}

static void got(unsigned n)
{
	B.inflight -= n < B.inflight ? n : B.inflight;
	if (B.sending)
		B.done += n;
	if (!B.sending && B.inflight == 0)
		ev_stop(B.loop);
	fill();
}

static void udp_rx(struct net_udp *u, struct net_udp_pkt *p, unsigned n, void *user)
{
	got(n);
}

static void sctp_rx(struct net_sctp *ep, struct handle a, uint16_t sid, uint32_t ppid,
		    const uint8_t *d, size_t len, void *user)
{
	got(1);
}

static void sctp_up(struct net_sctp *ep, struct handle a, const struct net_sctp_assoc_info *i,
		    void *user)
{
	B.up = true;
	ev_stop(B.loop);
}

static void sctp_writable(struct net_sctp *ep, struct handle a, void *user)
{
	fill();
}

static void phase_end(struct ev_loop *loop, struct ev_timer *t)
{
	B.rate = bench_per_s((double)B.done, ev_clock_ns() - B.t0);
	B.sending = false;
	if (B.inflight == 0)
		ev_stop(loop);
}

static void give_up(struct ev_loop *loop, struct ev_timer *t)
{
	ev_stop(loop); /* lost messages (UDP): end the phase anyway */
}

static double measure(unsigned window)
{
	struct ev_timer t = { 0 }, g = { 0 };

	B.window = window;
	B.done = 0;
	B.sending = true;
	B.t0 = ev_clock_ns();
	ev_now_update(B.loop);
	ev_timer_start(B.loop, &t, (uint64_t)(phase_s * 1000), phase_end, NULL);
	ev_timer_start(B.loop, &g, (uint64_t)(phase_s * 1000) + 2000, give_up, NULL);
	fill();
	ev_run(B.loop);
	ev_timer_stop(B.loop, &t);
	ev_timer_stop(B.loop, &g);
	B.inflight = 0;
	return B.rate;
}

static void stop_child(pid_t pid)
{
	if (pid > 0) {
		kill(pid, SIGTERM);
		waitpid(pid, NULL, 0);
	}
}

int main(int argc, char **argv)
{
	if (argc > 1)
		phase_s = atof(argv[1]);
	if (phase_s <= 0)
		phase_s = 2.0;
	log_set_level(LOG_WARN);
	memset(B.msg, 0x5a, sizeof(B.msg));
	uint16_t uport = 0, sport = 0;
	pid_t upid = spawn_echo(false, &uport);
	pid_t spid = spawn_echo(true, &sport);
	if (upid < 0 || spid < 0) {
		fprintf(stderr, "bench_net: cannot start the echo servers\n");
		stop_child(upid);
		stop_child(spid);
		return 1;
	}
	B.loop = ev_loop_new("bench");

	/* UDP reference: the same loop, the same message size. */
	struct net_udp_cfg uc = { .batch = 32 };
	net_addr_parse(&uc.bind, "127.0.0.1", 0);
	net_addr_parse(&B.to, "127.0.0.1", uport);
	double u1 = 0, u16 = 0;
	if (net_udp_open(&B.udp, B.loop, &uc, udp_rx, NULL) == 0) {
		u1 = measure(1);
		u16 = measure(16);
		net_udp_close(&B.udp);
	}

	/* SCTP over usrsctp, UDP encapsulation to the child's port. */
	struct net_sctp_cfg c = bench_cfg();
	c.udp_remote_port = sport;
	struct net_sctp_cbs cbs = { .up = sctp_up, .data = sctp_rx, .writable = sctp_writable };
	struct net_addr srv;
	net_addr_parse(&srv, "127.0.0.1", 38412);
	double s1 = 0, s16 = 0;
	struct ev_timer g = { 0 };
	if (net_sctp_new(&B.ep, B.loop, &c, &cbs, NULL) == 0 &&
	    net_sctp_connect(B.ep, &srv, &B.assoc) == 0) {
		ev_timer_start(B.loop, &g, 5000, give_up, NULL);
		ev_run(B.loop);
		ev_timer_stop(B.loop, &g);
		if (B.up) {
			s1 = measure(1);
			s16 = measure(16);
		}
	}
	printf("net: %d-byte messages echoed by a second process over loopback, %.1f s per "
	       "figure\n",
	       MSG_LEN, phase_s);
	printf("  UDP ping-pong (reference)   1 in flight: %9.0f msg/s   16 in flight: %9.0f "
	       "msg/s\n",
	       u1, u16);
	printf("  SCTP usrsctp, UDP encaps    1 in flight: %9.0f msg/s   16 in flight: %9.0f "
	       "msg/s\n",
	       s1, s16);
	if (u1 > 0 && u16 > 0)
		printf("  SCTP / UDP                  1 in flight: %8.0f %%     16 in flight: "
		       "%8.0f %%\n",
		       100 * s1 / u1, 100 * s16 / u16);
	if (B.ep)
		net_sctp_free(B.ep);
	net_sctp_global_fini();
	ev_loop_free(B.loop);
	stop_child(upid);
	stop_child(spid);
	return s1 > 0 && u1 > 0 ? 0 : 1;
}
