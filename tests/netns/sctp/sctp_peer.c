/* sctp_peer — one end of the netns SCTP tests (sctp-netns.sh).
 *
 *   sctp_peer server|client ADDR PORT [options]
 *     -b BACKEND     auto | kernel | usrsctp | usrsctp-udp   (default usrsctp)
 *     -n COUNT       messages the client sends (default 10000)
 *     -s STREAMS     streams used (default 16)
 *     -l PORT        usrsctp-udp: local UDP port
 *     -r PORT        usrsctp-udp: the peer's UDP port
 *     -H             hold: exchange a few messages, print "UP", then wait for
 *                    the association to go down and print "DOWN <reason>"
 *     -t SECONDS     give up after this long (default 60)
 *
 * Echo mode (default): the client sends COUNT messages round-robin over the
 * streams with PPID 60, the server checks each (order within its stream,
 * content, PPID) and sends it back, the client checks the echoes, then shuts
 * the association down. Each side exits 0 only if every message arrived
 * intact and in order and the association ended with a graceful SHUTDOWN.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/ev/ev.h"
#include "lib/net/sctp.h"

#define MAX_STREAMS 64

static struct {
	bool server; /* role */
	bool hold; /* -H */
	unsigned count; /* -n */
	unsigned streams; /* -s */
	struct ev_loop *loop; /* the loop */
	struct net_sctp *ep; /* endpoint */
	struct handle assoc; /* the association */
	bool up; /* it is up */
	unsigned sent; /* messages sent (client: originals; server: echoes) */
	unsigned rx; /* messages received */
	uint32_t tx_seq[MAX_STREAMS]; /* next sequence to send per stream */
	uint32_t rx_seq[MAX_STREAMS]; /* next sequence expected per stream */
	unsigned bad; /* messages out of order, corrupt, wrong PPID/stream */
	unsigned echo_backlog; /* server: echoes refused with -E_AGAIN, to resend */
	uint8_t (*backlog)[128]; /* their bytes */
	uint16_t *backlog_sid; /* their streams */
	size_t *backlog_len; /* their lengths */
	int status; /* exit status */
} P;

static size_t make_msg(uint8_t *b, uint16_t sid, uint32_t seq)
{
	size_t len = 8 + (seq * 13 + sid * 7) % 100;
	b[0] = 'N';
	b[1] = 'G';
	b[2] = (uint8_t)(sid >> 8);
	b[3] = (uint8_t)sid;
	b[4] = (uint8_t)(seq >> 24);
	b[5] = (uint8_t)(seq >> 16);
	b[6] = (uint8_t)(seq >> 8);
	b[7] = (uint8_t)seq;
	for (size_t i = 8; i < len; i++)
		b[i] = (uint8_t)(seq * 31 + sid * 17 + i);
	return len;
}

static void finish(int status)
{
	P.status = status;
	ev_stop(P.loop);
}

static void pump(void)
{
	uint8_t m[128];

	if (!P.up)
		return;
	if (P.server) { /* resend echoes the buffer refused, in order */
		unsigned done = 0;
		while (done < P.echo_backlog) {
			int rc = net_sctp_send(P.ep, P.assoc, P.backlog_sid[done],
					       NET_SCTP_PPID_NGAP, P.backlog[done],
					       P.backlog_len[done]);
			if (rc == -E_AGAIN)
				break;
			if (rc < 0) {
				P.bad++;
				break;
			}
			done++;
		}
		memmove(P.backlog, P.backlog + done, (P.echo_backlog - done) * sizeof(*P.backlog));
		memmove(P.backlog_sid, P.backlog_sid + done,
			(P.echo_backlog - done) * sizeof(uint16_t));
		memmove(P.backlog_len, P.backlog_len + done,
			(P.echo_backlog - done) * sizeof(size_t));
		P.echo_backlog -= done;
		return;
	}
	unsigned limit = P.hold ? 10 : P.count;
	while (P.sent < limit) {
		uint16_t sid = (uint16_t)(P.sent % P.streams);
		size_t len = make_msg(m, sid, P.tx_seq[sid]);
		int rc = net_sctp_send(P.ep, P.assoc, sid, NET_SCTP_PPID_NGAP, m, len);
		if (rc == -E_AGAIN)
			return; /* writable will call us again */
		if (rc < 0) {
			fprintf(stderr, "client: send: %s\n", err_str(rc));
			finish(1);
			return;
		}
		P.tx_seq[sid]++;
		P.sent++;
	}
}

static void on_up(struct net_sctp *ep, struct handle a, const struct net_sctp_assoc_info *info,
		  void *user)
{
	char s[NET_ADDR_STRLEN];

	if (P.up) { /* one association per test */
		net_sctp_abort(ep, a);
		return;
	}
	printf("%s: up with %s, streams in %u out %u\n", P.server ? "server" : "client",
	       net_addr_str(&info->peer, s, sizeof(s)), info->in_streams, info->out_streams);
	if (info->out_streams < P.streams || info->in_streams < P.streams) {
		fprintf(stderr, "too few streams negotiated\n");
		finish(1);
		return;
	}
	P.assoc = a;
	P.up = true;
	pump();
}

static void on_down(struct net_sctp *ep, struct handle a, enum net_sctp_down why, void *user)
{
	const char *who = P.server ? "server" : "client";

	if (!handle_eq(a, P.assoc))
		return;
	P.up = false;
	if (P.hold) {
		printf("DOWN %s\n", net_sctp_down_str(why));
		fflush(stdout);
		finish(0);
		return;
	}
	unsigned want = P.count;
	bool ok = why == NET_SCTP_DOWN_SHUTDOWN && P.rx == want && P.bad == 0 &&
		  (!P.server || P.echo_backlog == 0);
	printf("%s: association down (%s): received %u of %u, %u bad\n", who,
	       net_sctp_down_str(why), P.rx, want, P.bad);
	if (ok)
		printf("%s: OK\n", who);
	finish(ok ? 0 : 1);
}

static void on_data(struct net_sctp *ep, struct handle a, uint16_t sid, uint32_t ppid,
		    const uint8_t *d, size_t len, void *user)
{
	uint8_t want[128];

	P.rx++;
	if (ppid != NET_SCTP_PPID_NGAP || sid >= P.streams || len < 8 || len > sizeof(want)) {
		P.bad++;
		return;
	}
	size_t wl = make_msg(want, sid, P.rx_seq[sid]);
	if (wl != len || memcmp(want, d, len) != 0) {
		if (P.bad++ < 5)
			fprintf(stderr, "%s: stream %u: message %u differs or is out of order\n",
				P.server ? "server" : "client", sid, P.rx_seq[sid]);
	}
	P.rx_seq[sid]++;
	if (P.hold && P.rx == 10) {
		printf("UP\n");
		fflush(stdout);
	}
	if (P.server) { /* echo, keeping order behind anything still queued */
		int rc = P.echo_backlog ? -E_AGAIN
					: net_sctp_send(ep, a, sid, NET_SCTP_PPID_NGAP, d, len);
		if (rc == -E_AGAIN) {
			memcpy(P.backlog[P.echo_backlog], d, len);
			P.backlog_sid[P.echo_backlog] = sid;
			P.backlog_len[P.echo_backlog] = len;
			P.echo_backlog++;
		} else if (rc < 0) {
			P.bad++;
		}
		return;
	}
	if (!P.hold && P.rx == P.count)
		net_sctp_shutdown(ep, a); /* everything came back: SHUTDOWN (RFC 4960 9.2) */
}

static void on_writable(struct net_sctp *ep, struct handle a, void *user)
{
	pump();
}

static void on_timeout(struct ev_loop *loop, struct ev_timer *t)
{
	fprintf(stderr, "%s: timeout: sent %u, received %u, %u bad, association %s\n",
		P.server ? "server" : "client", P.sent, P.rx, P.bad, P.up ? "up" : "not up");
	finish(3);
}

static int usage(void)
{
	fprintf(stderr, "usage: sctp_peer server|client ADDR PORT [-b backend] [-n count] "
			"[-s streams] [-l udp-port] [-r udp-port] [-H] [-t seconds]\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct net_sctp_cfg cfg;
	struct net_addr addr;
	long timeout = 60;
	int o;

	if (argc < 4)
		return usage();
	P.server = strcmp(argv[1], "server") == 0;
	if (!P.server && strcmp(argv[1], "client") != 0)
		return usage();
	if (net_addr_parse(&addr, argv[2], (uint16_t)atoi(argv[3])) < 0)
		return usage();
	net_sctp_cfg_defaults(&cfg);
	cfg.backend = NET_SCTP_USRSCTP;
	/* Small heartbeat/RTO settings: a dead peer is noticed in about a second. */
	cfg.hb_interval_ms = 100;
	cfg.rto_initial_ms = 100;
	cfg.rto_min_ms = 50;
	cfg.rto_max_ms = 200;
	cfg.max_retrans = 3;
	cfg.max_init_retrans = 10;
	P.count = 10000;
	P.streams = 16;
	optind = 4;
	while ((o = getopt(argc, argv, "b:n:s:l:r:Ht:")) != -1) {
		switch (o) {
		case 'b':
			cfg.backend = -1;
			for (int i = 0; net_sctp_backend_names[i]; i++)
				if (strcmp(net_sctp_backend_names[i], optarg) == 0)
					cfg.backend = i;
			if (cfg.backend < 0)
				return usage();
			break;
		case 'n': P.count = (unsigned)atoi(optarg); break;
		case 's': P.streams = (unsigned)atoi(optarg); break;
		case 'l': cfg.udp_local_port = (uint16_t)atoi(optarg); break;
		case 'r': cfg.udp_remote_port = (uint16_t)atoi(optarg); break;
		case 'H': P.hold = true; break;
		case 't': timeout = atol(optarg); break;
		default: return usage();
		}
	}
	if (P.streams < 1 || P.streams > MAX_STREAMS || P.count < 1)
		return usage();
	if (P.hold)
		P.count = 10;
	cfg.in_streams = cfg.out_streams = P.streams;
	log_set_level(LOG_INFO);
	P.backlog = calloc(P.count, sizeof(*P.backlog));
	P.backlog_sid = calloc(P.count, sizeof(uint16_t));
	P.backlog_len = calloc(P.count, sizeof(size_t));
	P.loop = ev_loop_new(P.server ? "server" : "client");
	if (!P.loop || !P.backlog || !P.backlog_sid || !P.backlog_len)
		return 1;
	ev_signals(P.loop, NULL, NULL, NULL);
	const struct net_sctp_cbs cbs = {
		.up = on_up, .down = on_down, .data = on_data, .writable = on_writable
	};
	if (net_sctp_new(&P.ep, P.loop, &cfg, &cbs, NULL) < 0) {
		fprintf(stderr, "cannot create the SCTP endpoint\n");
		return 1;
	}
	printf("%s: backend %s\n", argv[1], net_sctp_backend_names[net_sctp_backend(P.ep)]);
	int rc = P.server ? net_sctp_listen(P.ep, &addr) : net_sctp_connect(P.ep, &addr, &P.assoc);
	if (rc < 0)
		return 1;
	fflush(stdout);
	struct ev_timer t = { 0 };
	ev_timer_start(P.loop, &t, (uint64_t)timeout * 1000, on_timeout, NULL);
	P.status = 4;
	ev_run(P.loop);
	const struct net_sctp_stats *st = net_sctp_stats(P.ep);
	printf("%s: stats rx %llu tx %llu tx_again %llu\n", argv[1],
	       (unsigned long long)st->rx_msgs, (unsigned long long)st->tx_msgs,
	       (unsigned long long)st->tx_again);
	ev_timer_stop(P.loop, &t);
	net_sctp_free(P.ep);
	net_sctp_global_fini();
	ev_loop_free(P.loop);
	free(P.backlog);
	free(P.backlog_sid);
	free(P.backlog_len);
	return P.status;
}
