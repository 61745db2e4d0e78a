/* Unit tests of lib/net's SCTP API over usrsctp with UDP encapsulation on
 * loopback, both endpoints in this process (one usrsctp stack, one UDP
 * port: packets leave and come back through the kernel). Runs in a private
 * network namespace (needs root; fails loudly without). */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/ev/ev.h"
#include "lib/net/sctp.h"
#include "lib/net/tun.h"
#include "tests/unit/t.h"

#define NSTREAMS 16

struct side {
	struct net_sctp *ep; /* endpoint */
	struct handle assoc; /* last association up */
	int ups, downs, restarts; /* events seen */
	enum net_sctp_down why; /* last down reason */
	struct net_sctp_assoc_info info; /* last up info */
	unsigned rx; /* messages received */
	uint32_t next[NSTREAMS]; /* next sequence expected per stream */
	unsigned bad; /* order/content/ppid errors */
	bool echo; /* send every message back */
	bool free_on_data; /* free the endpoint from inside the data callback */
	size_t big_len; /* length of the last message */
	uint8_t *big; /* copy of the last message when long */
	int writables; /* writable callbacks */
};

static struct ev_loop *loop;
static struct net_sctp_cfg cfg;

static void on_up(struct net_sctp *ep, struct handle a, const struct net_sctp_assoc_info *info,
		  void *user)
{
	struct side *s = user;
	s->ups++;
	s->assoc = a;
	s->info = *info;
}

static void on_down(struct net_sctp *ep, struct handle a, enum net_sctp_down why, void *user)
{
	struct side *s = user;
	s->downs++;
	s->why = why;
}

static void on_restart(struct net_sctp *ep, struct handle a, const struct net_sctp_assoc_info *i,
		       void *user)
{
	((struct side *)user)->restarts++;
}

/* Message: stream (2 bytes), sequence on that stream (4 bytes), filler
 * derived from both. */
static size_t make_msg(uint8_t *b, uint16_t sid, uint32_t seq)
{
	size_t len = 6 + (seq * 7 + sid) % 90;
	b[0] = (uint8_t)(sid >> 8);
	b[1] = (uint8_t)sid;
	b[2] = (uint8_t)(seq >> 24);
	b[3] = (uint8_t)(seq >> 16);
	b[4] = (uint8_t)(seq >> 8);
	b[5] = (uint8_t)seq;
	for (size_t i = 6; i < len; i++)
		b[i] = (uint8_t)(seq + sid + i);
	return len;
}

static void on_data(struct net_sctp *ep, struct handle a, uint16_t sid, uint32_t ppid,
		    const uint8_t *d, size_t len, void *user)
{
	struct side *s = user;
	uint8_t want[128];

	s->rx++;
	s->big_len = len;
	if (s->free_on_data) {
		net_sctp_free(ep); /* deferred until the callback returns */
		s->ep = NULL;
		return;
	}
	if (len > 1000) {
		free(s->big);
		s->big = malloc(len);
		memcpy(s->big, d, len);
		return;
	}
	if (ppid != NET_SCTP_PPID_NGAP || sid >= NSTREAMS || len < 6) {
		s->bad++;
		return;
	}
	uint32_t seq = (uint32_t)d[2] << 24 | (uint32_t)d[3] << 16 | (uint32_t)d[4] << 8 | d[5];
	size_t wl = make_msg(want, sid, s->next[sid]);
	if (seq != s->next[sid] || wl != len || memcmp(want, d, len) != 0)
		s->bad++;
	s->next[sid] = seq + 1;
	if (s->echo && net_sctp_send(ep, a, sid, ppid, d, len) < 0)
		s->bad++;
}

static void on_writable(struct net_sctp *ep, struct handle a, void *user)
{
	((struct side *)user)->writables++;
}

static const struct net_sctp_cbs cbs = {
	.up = on_up,
	.down = on_down,
	.restart = on_restart,
	.data = on_data,
	.writable = on_writable,
};

static bool run_until(bool (*cond)(void *), void *arg)
{
	for (int i = 0; i < 500; i++) { /* at most ~5 s; usually a few ms */
		if (cond(arg))
			return true;
		ev_run_once(loop, 10);
	}
	return cond(arg);
}

static bool both_up(void *arg)
{
	struct side *s = arg;
	return s[0].ups > 0 && s[1].ups > 0;
}

static bool both_down(void *arg)
{
	struct side *s = arg;
	return s[0].downs > 0 && s[1].downs > 0;
}

static struct net_addr srv_addr;

/* s[0] server (listening), s[1] client connected to it. */
static void pair_up(struct side *s)
{
	memset(s, 0, 2 * sizeof(*s));
	CHECK_EQ(net_sctp_new(&s[0].ep, loop, &cfg, &cbs, &s[0]), 0);
	CHECK_EQ(net_sctp_new(&s[1].ep, loop, &cfg, &cbs, &s[1]), 0);
	CHECK_EQ(net_sctp_listen(s[0].ep, &srv_addr), 0);
	struct handle h;
	CHECK_EQ(net_sctp_connect(s[1].ep, &srv_addr, &h), 0);
	CHECK(!handle_is_none(h));
	CHECK(run_until(both_up, s));
	CHECK(handle_eq(h, s[1].assoc));
}

static void pair_free(struct side *s)
{
	net_sctp_free(s[0].ep);
	net_sctp_free(s[1].ep);
	free(s[0].big);
	free(s[1].big);
}

static bool echoed(void *arg)
{
	struct side *s = arg;
	return s[1].rx >= 2000 || s[0].bad || s[1].bad;
}

static void usrsctp_udp_carries_ordered_messages_per_stream_with_ppid(void)
{
	struct side s[2];
	uint32_t seq[NSTREAMS] = { 0 };
	uint8_t m[128];

	pair_up(s);
	CHECK_EQ(net_sctp_backend(s[0].ep), NET_SCTP_USRSCTP_UDP);
	CHECK_EQ(s[0].info.in_streams, NSTREAMS);
	CHECK_EQ(s[0].info.out_streams, NSTREAMS);
	CHECK_EQ(net_addr_port(&s[1].info.peer), 38412);
	CHECK_EQ(net_addr_family(&s[0].info.peer), AF_INET);
	CHECK(net_addr_port(&s[0].info.peer) != 0); /* the client's ephemeral SCTP port */
	CHECK(net_sctp_info(s[0].ep, s[0].assoc) != NULL);
	s[0].echo = true;
	unsigned sent = 0;
	/* 2000 messages round-robin over 16 streams, as fast as the buffer takes them. */
	for (int guard = 0; sent < 2000 && guard < 2000; guard++) {
		while (sent < 2000) {
			uint16_t sid = (uint16_t)(sent % NSTREAMS);
			size_t len = make_msg(m, sid, seq[sid]);
			int rc =
				net_sctp_send(s[1].ep, s[1].assoc, sid, NET_SCTP_PPID_NGAP, m, len);
			if (rc == -E_AGAIN)
				break;
			if (rc < 0)
				break;
			seq[sid]++;
			sent++;
		}
		if (sent < 2000 && net_sctp_info(s[1].ep, s[1].assoc) == NULL)
			break;
		ev_run_once(loop, 10);
	}
	CHECK_EQ(sent, 2000);
	CHECK(run_until(echoed, s));
	CHECK_EQ(s[0].rx, 2000);
	CHECK_EQ(s[1].rx, 2000);
	CHECK_EQ(s[0].bad, 0);
	CHECK_EQ(s[1].bad, 0);
	CHECK_EQ(net_sctp_stats(s[0].ep)->rx_msgs, 2000);
	CHECK_EQ(net_sctp_stats(s[1].ep)->tx_msgs, 2000);

	/* Graceful shutdown: both see it, the handle goes stale. */
	CHECK_EQ(net_sctp_shutdown(s[1].ep, s[1].assoc), 0);
	CHECK(run_until(both_down, s));
	CHECK_EQ(s[0].why, NET_SCTP_DOWN_SHUTDOWN);
	CHECK_EQ(s[1].why, NET_SCTP_DOWN_SHUTDOWN);
	CHECK_EQ(net_sctp_send(s[1].ep, s[1].assoc, 0, 60, m, 6), -E_NOTFOUND);
	CHECK(net_sctp_info(s[0].ep, s[0].assoc) == NULL);
	CHECK_EQ(net_sctp_assoc_count(s[0].ep), 0);
	pair_free(s);
}

static bool big_arrived(void *arg)
{
	return ((struct side *)arg)[0].big != NULL;
}

static void usrsctp_reassembles_message_longer_than_receive_buffer(void)
{
	struct side s[2];
	size_t n = 150000; /* more than the 64 KiB read buffer: partial delivery */
	uint8_t *m = malloc(n);

	for (size_t i = 0; i < n; i++)
		m[i] = (uint8_t)(i * 31 + 7);
	pair_up(s);
	CHECK_EQ(net_sctp_send(s[1].ep, s[1].assoc, 3, NET_SCTP_PPID_NGAP, m, n), 0);
	CHECK(run_until(big_arrived, s));
	CHECK_EQ(s[0].big_len, n);
	if (s[0].big && s[0].big_len == n)
		CHECK_MEM(s[0].big, m, n);
	free(m);
	pair_free(s);
}

static void usrsctp_send_checks_stream_and_state(void)
{
	struct side s[2];
	uint8_t m[8] = { 0 };

	pair_up(s);
	CHECK_EQ(net_sctp_send(s[1].ep, s[1].assoc, NSTREAMS, 60, m, 8), -E_RANGE);
	CHECK_EQ(net_sctp_send(s[1].ep, s[1].assoc, 0, 60, m, 0), -E_INVAL);
	struct handle bogus = { 7, 99 };
	CHECK_EQ(net_sctp_send(s[1].ep, bogus, 0, 60, m, 8), -E_NOTFOUND);
	CHECK_EQ(net_sctp_shutdown(s[1].ep, bogus), -E_NOTFOUND);
	/* One association per address pair (RFC 4960 5.2.1 ... 5.2.2). */
	struct handle h2;
	CHECK_EQ(net_sctp_connect(s[1].ep, &srv_addr, &h2), -E_EXIST);
	/* Another connect is CONNECTING right after the call: no sending yet. */
	struct net_addr other = srv_addr;
	net_addr_set_port(&other, 38413);
	CHECK_EQ(net_sctp_connect(s[1].ep, &other, &h2), 0);
	CHECK_EQ(net_sctp_send(s[1].ep, h2, 0, 60, m, 8), -E_STATE);
	CHECK(net_sctp_info(s[1].ep, h2) == NULL);
	pair_free(s);
}

static void usrsctp_abort_reports_aborted_here_and_peer_abort_there(void)
{
	struct side s[2];

	pair_up(s);
	CHECK_EQ(net_sctp_abort(s[1].ep, s[1].assoc), 0);
	CHECK_EQ(s[1].downs, 1); /* at once */
	CHECK_EQ(s[1].why, NET_SCTP_DOWN_ABORTED);
	CHECK(run_until(both_down, s));
	CHECK_EQ(s[0].why, NET_SCTP_DOWN_PEER_ABORT);
	pair_free(s);
}

static bool client_down(void *arg)
{
	return ((struct side *)arg)->downs > 0;
}

static void usrsctp_connect_to_closed_port_fails(void)
{
	struct side c;
	struct net_addr nowhere = srv_addr;
	struct handle h;

	memset(&c, 0, sizeof(c));
	net_addr_set_port(&nowhere, 4444);
	CHECK_EQ(net_sctp_new(&c.ep, loop, &cfg, &cbs, &c), 0);
	CHECK_EQ(net_sctp_connect(c.ep, &nowhere, &h), 0);
	CHECK(run_until(client_down, &c));
	CHECK_EQ(c.why, NET_SCTP_DOWN_CONNECT_FAIL);
	CHECK_EQ(c.ups, 0);
	net_sctp_free(c.ep);
}

static bool pressure_over(void *arg)
{
	return ((struct side *)arg)[1].writables > 0;
}

static void usrsctp_full_send_buffer_returns_again_then_writable(void)
{
	struct side s[2];
	struct net_sctp_cfg small = cfg;
	uint8_t m[1000] = { 0 };

	small.sndbuf = 16384;
	memset(s, 0, sizeof(s));
	CHECK_EQ(net_sctp_new(&s[0].ep, loop, &cfg, &cbs, &s[0]), 0);
	CHECK_EQ(net_sctp_new(&s[1].ep, loop, &small, &cbs, &s[1]), 0);
	CHECK_EQ(net_sctp_listen(s[0].ep, &srv_addr), 0);
	struct handle h;
	CHECK_EQ(net_sctp_connect(s[1].ep, &srv_addr, &h), 0);
	CHECK(run_until(both_up, s));
	int rc = 0, n = 0;
	while (n < 1000 && (rc = net_sctp_send(s[1].ep, h, 1, 60, m, sizeof(m))) == 0)
		n++;
	CHECK_EQ(rc, -E_AGAIN);
	CHECK(n > 0);
	CHECK(run_until(pressure_over, s));
	CHECK_EQ(net_sctp_send(s[1].ep, h, 1, 60, m, sizeof(m)), 0);
	pair_free(s);
}

static int closed;

static void close_done(struct ev_loop *l, void *arg)
{
	closed++;
}

static bool closed_and_down(void *arg)
{
	struct side *s = arg;
	return closed && s[1].downs;
}

static void usrsctp_close_shuts_associations_down_then_reports_done(void)
{
	struct side s[2];

	pair_up(s);
	closed = 0;
	net_sctp_close(s[0].ep, close_done, NULL);
	CHECK(run_until(closed_and_down, s));
	CHECK_EQ(closed, 1);
	CHECK_EQ(s[0].why, NET_SCTP_DOWN_SHUTDOWN);
	CHECK_EQ(s[1].why, NET_SCTP_DOWN_SHUTDOWN);
	net_sctp_free(s[1].ep); /* s[0] freed itself */
	free(s[0].big);
	free(s[1].big);
}

static void usrsctp_endpoint_freed_inside_its_callback_aborts_peer(void)
{
	struct side s[2];
	uint8_t m[8] = { 0 };

	pair_up(s);
	s[0].free_on_data = true;
	CHECK_EQ(net_sctp_send(s[1].ep, s[1].assoc, 0, 60, m, 8), 0);
	CHECK_EQ(net_sctp_send(s[1].ep, s[1].assoc, 1, 60, m, 8), 0);
	CHECK(run_until(client_down, &s[1]));
	CHECK(s[0].ep == NULL);
	CHECK_EQ(s[0].rx, 1); /* the second message was not delivered to a freed endpoint */
	CHECK_EQ(s[1].why, NET_SCTP_DOWN_PEER_ABORT);
	net_sctp_free(s[1].ep);
}

static void usrsctp_is_owned_by_one_loop_and_one_transport(void)
{
	struct ev_loop *other = ev_loop_new("other");
	struct net_sctp *ep = NULL;
	struct net_sctp_cfg raw = cfg;
	struct side s;

	CHECK_EQ(net_sctp_new(&ep, other, &cfg, &cbs, &s), -E_STATE);
	CHECK(ep == NULL);
	raw.backend = NET_SCTP_USRSCTP;
	CHECK_EQ(net_sctp_new(&ep, loop, &raw, &cbs, &s), -E_STATE);
	ev_loop_free(other);
}

static void sctp_cfg_loads_and_rejects(void)
{
	struct net_sctp_cfg c;
	struct cfg_err err;
	static const char ok[] = "backend: usrsctp-udp\nin_streams: 8\nrto_min: 100ms\n"
				 "udp_local_port: 9900\n";
	static const char bad[] = "backend: sctp\n";
	static const char bad2[] = "rto_min: 5s\nrto_max: 1s\n";
	struct cfg_field root[] = {
		{ .key = "sctp",
		  .type = CFG_MAP,
		  .off = 0,
		  .sub = net_sctp_cfg_fields,
		  .check = net_sctp_cfg_check },
		CFG_FIELD_END,
	};

	net_sctp_cfg_defaults(&c);
	CHECK_EQ(cfg_load_str("ok.yaml", ok, sizeof(ok) - 1, net_sctp_cfg_fields, &c, &err), 0);
	CHECK_EQ(c.backend, NET_SCTP_USRSCTP_UDP);
	CHECK_EQ(c.in_streams, 8);
	CHECK_EQ(c.rto_min_ms, 100);
	CHECK_EQ(c.udp_local_port, 9900);
	CHECK_EQ(cfg_load_str("bad.yaml", bad, sizeof(bad) - 1, net_sctp_cfg_fields, &c, &err),
		 -E_CONFIG);
	CHECK(strstr(err.msg, "backend") != NULL);
	static const char nested[] = "sctp:\n  rto_min: 5s\n  rto_max: 1s\n";
	net_sctp_cfg_defaults(&c);
	CHECK_EQ(cfg_load_str("n.yaml", nested, sizeof(nested) - 1, root, &c, &err), -E_CONFIG);
	CHECK(strstr(err.msg, "rto_min") != NULL);
	(void)bad2;
}

int main(void)
{
	if (unshare(CLONE_NEWNET) < 0) {
		fprintf(stderr,
			"test_sctp: FAIL: cannot create a private network namespace "
			"(unshare: %s); these tests need root\n",
			strerror(errno));
		return 1;
	}
	if (net_if_set_up("lo", true) < 0) {
		fprintf(stderr, "test_sctp: FAIL: cannot bring lo up\n");
		return 1;
	}
	log_set_level(getenv("NET_TEST_LOG") ? LOG_DEBUG : LOG_WARN);
	loop = ev_loop_new("test");
	net_sctp_cfg_defaults(&cfg);
	cfg.backend = NET_SCTP_USRSCTP_UDP;
	cfg.udp_local_port = 0; /* the kernel picks */
	cfg.hb_interval_ms = 200;
	cfg.rto_initial_ms = 100;
	cfg.rto_min_ms = 50;
	cfg.rto_max_ms = 200;
	cfg.max_retrans = 3;
	cfg.max_init_retrans = 3;
	cfg.shutdown_timeout_ms = 2000;
	/* The first endpoint binds the UDP port; clients then send to it. */
	struct net_sctp *first;
	if (net_sctp_new(&first, loop, &cfg, &cbs, NULL) < 0) {
		fprintf(stderr, "test_sctp: FAIL: cannot start usrsctp over UDP\n");
		return 1;
	}
	cfg.udp_remote_port = net_sctp_udp_port(first);
	cfg.udp_local_port = cfg.udp_remote_port;
	net_sctp_free(first);
	net_addr_parse(&srv_addr, "127.0.0.1", NET_SCTP_PORT_NGAP);

	RUN(usrsctp_udp_carries_ordered_messages_per_stream_with_ppid);
	RUN(usrsctp_reassembles_message_longer_than_receive_buffer);
	RUN(usrsctp_send_checks_stream_and_state);
	RUN(usrsctp_abort_reports_aborted_here_and_peer_abort_there);
	RUN(usrsctp_connect_to_closed_port_fails);
	RUN(usrsctp_full_send_buffer_returns_again_then_writable);
	RUN(usrsctp_close_shuts_associations_down_then_reports_done);
	RUN(usrsctp_endpoint_freed_inside_its_callback_aborts_peer);
	RUN(usrsctp_is_owned_by_one_loop_and_one_transport);
	RUN(sctp_cfg_loads_and_rejects);
	CHECK_EQ(net_sctp_global_fini(), 0);
	ev_loop_free(loop);
	return t_done();
}
