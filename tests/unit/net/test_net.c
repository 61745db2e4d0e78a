/* Unit tests of lib/net's UDP and TUN parts. They run in a private network
 * namespace (unshare), so they need root; without it they fail, loudly. */
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

#include "lib/core/err.h"
#include "lib/ev/ev.h"
#include "lib/net/tun.h"
#include "lib/net/udp.h"
#include "tests/unit/t.h"

struct rx {
	unsigned pkts; /* datagrams seen */
	unsigned batches; /* callbacks */
	uint8_t first[64][8]; /* first bytes of the first 64 datagrams */
	size_t lens[64]; /* their lengths */
	struct net_addr from; /* source of the last one */
};

static void rx_cb(struct net_udp *u, struct net_udp_pkt *p, unsigned n, void *user)
{
	struct rx *r = user;
	r->batches++;
	for (unsigned i = 0; i < n; i++, r->pkts++) {
		if (r->pkts < 64) {
			memcpy(r->first[r->pkts], p[i].data, p[i].len < 8 ? p[i].len : 8);
			r->lens[r->pkts] = p[i].len;
		}
		r->from = p[i].peer;
	}
}

static void spin(struct ev_loop *loop, struct rx *r, unsigned want)
{
	for (int i = 0; i < 100 && r->pkts < want; i++)
		ev_run_once(loop, 20);
}

static void open_v4(struct net_udp *u, struct ev_loop *loop, struct rx *r, size_t max_len)
{
	struct net_udp_cfg c = { .batch = 32, .max_len = max_len };
	net_addr_parse(&c.bind, "127.0.0.1", 0);
	CHECK_EQ(net_udp_open(u, loop, &c, rx_cb, r), 0);
}

static void udp_batch_delivers_queued_datagrams_in_few_callbacks(void)
{
	struct ev_loop *loop = ev_loop_new("t");
	struct net_udp a, b;
	struct rx ra = { 0 }, rb = { 0 };
	struct net_addr dst;
	uint8_t data[100][16];
	struct net_udp_pkt pk[100];

	open_v4(&a, loop, &ra, 0);
	open_v4(&b, loop, &rb, 0);
	CHECK_EQ(net_udp_local(&a, &dst), 0);
	for (int i = 0; i < 100; i++) {
		memset(data[i], i, sizeof(data[i]));
		pk[i] = (struct net_udp_pkt){ .peer = dst,
					      .data = data[i],
					      .len = 1 + (size_t)i % 16 };
	}
	CHECK_EQ(net_udp_send_batch(&b, pk, 100), 100);
	spin(loop, &ra, 100);
	CHECK_EQ(ra.pkts, 100);
	/* All 100 were queued before the loop ran: recvmmsg takes 32 at a time. */
	CHECK(ra.batches <= 4);
	CHECK_EQ(a.stats.rx_pkts, 100);
	for (int i = 0; i < 64; i++) {
		CHECK_EQ(ra.lens[i], 1 + i % 16);
		CHECK_EQ(ra.first[i][0], i);
	}
	struct net_addr bl;
	CHECK_EQ(net_udp_local(&b, &bl), 0);
	CHECK(net_addr_eq(&ra.from, &bl));
	net_udp_close(&a);
	net_udp_close(&b);
	ev_loop_free(loop);
}

static void udp_drops_datagram_longer_than_max_len(void)
{
	struct ev_loop *loop = ev_loop_new("t");
	struct net_udp a, b;
	struct rx ra = { 0 }, rb = { 0 };
	struct net_addr dst;
	uint8_t big[200] = { 1 }, small[50] = { 2 };

	open_v4(&a, loop, &ra, 100);
	open_v4(&b, loop, &rb, 0);
	net_udp_local(&a, &dst);
	CHECK_EQ(net_udp_send(&b, &dst, big, sizeof(big)), 0);
	CHECK_EQ(net_udp_send(&b, &dst, big, 100), 0); /* exactly max_len: kept */
	CHECK_EQ(net_udp_send(&b, &dst, small, sizeof(small)), 0);
	spin(loop, &ra, 2);
	CHECK_EQ(ra.pkts, 2);
	CHECK_EQ(ra.lens[0], 100);
	CHECK_EQ(ra.lens[1], 50);
	CHECK_EQ(a.stats.rx_trunc, 1);
	net_udp_close(&a);
	net_udp_close(&b);
	ev_loop_free(loop);
}

static void udp_ipv6_socket_serves_ipv4_peers(void)
{
	struct ev_loop *loop = ev_loop_new("t");
	struct net_udp s6, c4;
	struct rx r6 = { 0 }, r4 = { 0 };
	struct net_udp_cfg c = { 0 };
	struct net_addr me, dst;

	net_addr_parse(&c.bind, "::", 0);
	CHECK_EQ(net_udp_open(&s6, loop, &c, rx_cb, &r6), 0);
	open_v4(&c4, loop, &r4, 0);
	net_udp_local(&s6, &me);
	net_addr_parse(&dst, "127.0.0.1", net_addr_port(&me));
	CHECK_EQ(net_udp_send(&c4, &dst, "ping", 4), 0);
	spin(loop, &r6, 1);
	CHECK_EQ(r6.pkts, 1);
	/* The v4-mapped source is reported as plain IPv4, and answering it works. */
	CHECK_EQ(net_addr_family(&r6.from), AF_INET);
	CHECK_EQ(net_udp_send(&s6, &r6.from, "pong", 4), 0);
	spin(loop, &r4, 1);
	CHECK_EQ(r4.pkts, 1);
	CHECK_MEM(r4.first[0], "pong", 4);

	/* Real IPv6 on ::1 too. */
	struct net_udp c6;
	struct rx rc6 = { 0 };
	net_addr_parse(&c.bind, "::1", 0);
	CHECK_EQ(net_udp_open(&c6, loop, &c, rx_cb, &rc6), 0);
	net_addr_parse(&dst, "::1", net_addr_port(&me));
	CHECK_EQ(net_udp_send(&c6, &dst, "six", 3), 0);
	spin(loop, &r6, 2);
	CHECK_EQ(r6.pkts, 2);
	CHECK_EQ(net_addr_family(&r6.from), AF_INET6);
	net_udp_close(&c6);
	net_udp_close(&s6);
	net_udp_close(&c4);
	ev_loop_free(loop);
}

static void udp_reuseport_lets_two_sockets_share_a_port(void)
{
	struct ev_loop *loop = ev_loop_new("t");
	struct net_udp a, b, c;
	struct rx r = { 0 };
	struct net_udp_cfg cfg = { .reuseport = true };
	struct net_addr me;

	net_addr_parse(&cfg.bind, "127.0.0.1", 0);
	CHECK_EQ(net_udp_open(&a, loop, &cfg, rx_cb, &r), 0);
	net_udp_local(&a, &me);
	cfg.bind = me;
	CHECK_EQ(net_udp_open(&b, loop, &cfg, rx_cb, &r), 0);
	cfg.reuseport = false;
	CHECK_EQ(net_udp_open(&c, loop, &cfg, rx_cb, &r), -E_IO);
	CHECK_EQ(errno, EADDRINUSE);
	net_udp_close(&a);
	net_udp_close(&b);
	ev_loop_free(loop);
}

static void udp_open_rejects_bad_batch(void)
{
	struct ev_loop *loop = ev_loop_new("t");
	struct net_udp a;
	struct rx r = { 0 };
	struct net_udp_cfg cfg = { .batch = NET_UDP_BATCH_MAX + 1 };

	net_addr_parse(&cfg.bind, "127.0.0.1", 0);
	CHECK_EQ(net_udp_open(&a, loop, &cfg, rx_cb, &r), -E_INVAL);
	CHECK_EQ(a.fd, -1);
	ev_loop_free(loop);
}

static void tun_multi_queue_opens_every_queue(void)
{
	struct net_tun t;

	CHECK_EQ(net_tun_open(&t, "ngt%d", 2, 0), -E_INVAL); /* two queues need MULTI_QUEUE */
	CHECK_EQ(net_tun_open(&t, "ngtmq%d", 4, NET_TUN_MULTI_QUEUE), 0);
	CHECK_EQ(t.nqueues, 4);
	CHECK(t.ifindex > 0);
	CHECK(strncmp(t.name, "ngtmq", 5) == 0);
	for (unsigned i = 0; i < 4; i++)
		CHECK(t.fds[i] >= 0);
	net_tun_close(&t);
	CHECK_EQ(if_nametoindex("ngtmq0"), 0); /* gone with its last queue */
}

static uint16_t csum(const uint8_t *p, size_t n)
{
	uint32_t s = 0;
	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static void tun_configured_interface_answers_ping(void)
{
	struct net_tun t;
	struct ip_prefix p4, p6;
	unsigned mtu = 0;
	bool up = false;

	CHECK_EQ(net_tun_open(&t, "ngtp%d", 2, NET_TUN_MULTI_QUEUE), 0);
	CHECK_EQ(net_if_set_mtu(t.name, 1400), 0);
	CHECK_EQ(net_if_get_mtu(t.name, &mtu), 0);
	CHECK_EQ(mtu, 1400);
	CHECK_EQ(ip_prefix_parse(&p4, "10.200.77.0/24"), 0);
	p4.addr.a[3] = 1; /* 10.200.77.1/24 */
	CHECK_EQ(net_if_add_addr(t.ifindex, &p4), 0);
	CHECK_EQ(net_if_add_addr(t.ifindex, &p4), 0); /* again: not an error */
	CHECK_EQ(ip_parse(&p6.addr, "fd00:200::1"), 0);
	p6.len = 64;
	CHECK_EQ(net_if_add_addr(t.ifindex, &p6), 0);
	p4.len = 33;
	CHECK_EQ(net_if_add_addr(t.ifindex, &p4), -E_INVAL);
	CHECK_EQ(net_if_set_up(t.name, true), 0);
	CHECK_EQ(net_if_is_up(t.name, &up), 0);
	CHECK(up);

	/* ICMP echo request 10.200.77.2 -> 10.200.77.1 written into queue 0
	 * (RFC 791 header, RFC 792 echo); the kernel answers through the TUN. */
	uint8_t pkt[36] = { 0x45, 0,	0,  36, 0x12, 0x34, 0,	 0,   64,  1,	0,   0,
			    10,	  200,	77, 2,	10,   200,  77,	 1,   8,   0,	0,   0,
			    0xab, 0xcd, 0,  7,	'n',  'g',  'c', 'o', 'r', 'e', '!', '!' };
	uint16_t c = csum(pkt, 20);
	pkt[10] = (uint8_t)(c >> 8);
	pkt[11] = (uint8_t)c;
	c = csum(pkt + 20, 16);
	pkt[22] = (uint8_t)(c >> 8);
	pkt[23] = (uint8_t)c;
	CHECK_EQ(write(t.fds[0], pkt, sizeof(pkt)), (ssize_t)sizeof(pkt));

	uint8_t in[2048];
	ssize_t n = -1;
	for (int tries = 0; tries < 50 && n < 0; tries++) {
		struct pollfd pf[2] = { { t.fds[0], POLLIN, 0 }, { t.fds[1], POLLIN, 0 } };
		if (poll(pf, 2, 100) <= 0)
			continue;
		for (int q = 0; q < 2 && n < 0; q++) {
			if (!(pf[q].revents & POLLIN))
				continue;
			ssize_t k = read(t.fds[q], in, sizeof(in));
			/* Skip anything else the kernel sends (IPv6 router solicitations). */
			if (k >= 36 && in[0] == 0x45 && in[9] == 1)
				n = k;
		}
	}
	CHECK_EQ(n, 36);
	CHECK_EQ(in[20], 0); /* echo reply */
	static const uint8_t addrs[8] = { 10, 200, 77, 1, 10, 200, 77, 2 };
	CHECK_MEM(in + 12, addrs, 8);
	CHECK_MEM(in + 24, pkt + 24, 12); /* id, sequence, data */
	net_tun_close(&t);
}

int main(void)
{
	if (unshare(CLONE_NEWNET) < 0) {
		fprintf(stderr,
			"test_net: FAIL: cannot create a private network namespace "
			"(unshare: %s); these tests need root\n",
			strerror(errno));
		return 1;
	}
	if (net_if_set_up("lo", true) < 0) {
		fprintf(stderr, "test_net: FAIL: cannot bring lo up\n");
		return 1;
	}
	RUN(udp_batch_delivers_queued_datagrams_in_few_callbacks);
	RUN(udp_drops_datagram_longer_than_max_len);
	RUN(udp_ipv6_socket_serves_ipv4_peers);
	RUN(udp_reuseport_lets_two_sockets_share_a_port);
	RUN(udp_open_rejects_bad_batch);
	RUN(tun_multi_queue_opens_every_queue);
	RUN(tun_configured_interface_answers_ping);
	return t_done();
}
