/* sctp_usrsctp.c — the usrsctp backend.
 *
 * usrsctp runs in "nothreads" mode with AF_CONN sockets: the stack never
 * touches the network itself. This file owns the transport:
 *
 *   raw mode:  socket(AF_INET[6], SOCK_RAW, IPPROTO_SCTP) — real SCTP on the
 *              wire; the kernel writes the IP header, we strip it on receive.
 *   UDP mode:  a UDP socket (RFC 6951): the SCTP packet is the UDP payload.
 *
 * Every remote address (IP, plus UDP port in UDP mode) is a "peer": a slot
 * of a pool whose address is the AF_CONN address usrsctp knows that peer by
 * (struct sockaddr_conn.sconn_addr). Received packets go to
 * usrsctp_conninput(peer, ...); usrsctp's output callback gets the peer
 * back and we send to its real address. Pool memory never moves and a freed
 * slot is detected (generation even), so a late packet from usrsctp for a
 * forgotten peer is dropped, never sent through a dangling pointer.
 *
 * usrsctp's socket upcalls only mark the endpoint; the sockets are drained
 * from an ev_defer call, outside usrsctp's call stack, so application
 * callbacks may send, shut down or free at will. usrsctp_handle_timers() is
 * called from a 10 ms ev timer.
 *
 * All of this is process-wide (usrsctp has global state): one loop, on one
 * thread, owns it for the life of the process.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <usrsctp.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/net/sctp_int.h"
#include "lib/net/udp.h"

#define TICK_MS	     10 /* usrsctp_handle_timers period */
#define PEERS_MAX    4096 /* remote addresses known at once */
#define PEER_IDLE_NS 10000000000ull /* forget a peer without associations after 10 s */
#define DRAIN_MSGS   256 /* messages read per endpoint per drain round */

struct upeer {
	struct net_addr addr; /* real address; UDP port in UDP mode, 0 in raw mode */
	uint32_t refs; /* associations that use this peer */
	uint64_t last_ns; /* last packet from it, or last reference dropped */
};

/* Key of the peer map: family, address, port. */
struct upeer_key {
	uint8_t family; /* AF_INET or AF_INET6 */
	uint8_t ip[16]; /* address, zero-padded */
	uint16_t port; /* UDP port (host order), 0 in raw mode */
};

static struct {
	bool inited; /* usrsctp_init_nothreads done */
	struct ev_loop *loop; /* the loop that owns usrsctp */
	pthread_t thread; /* the thread that set it up */
	bool udp; /* transport: UDP encapsulation (else raw IP) */
	struct net_udp t4; /* IPv4 transport socket (raw or UDP) */
	struct net_udp t6; /* IPv6 transport socket, fd -1 if unavailable */
	uint16_t udp_port; /* UDP mode: the port bound */
	struct ev_timer tick; /* drives usrsctp_handle_timers */
	uint64_t last_tick_ns; /* time accounted to usrsctp so far */
	uint64_t last_sweep_ns; /* last idle-peer sweep */
	struct pool peers; /* struct upeer */
	struct hmap peer_map; /* struct upeer_key -> packed handle */
	unsigned endpoints; /* open endpoints */
	struct net_sctp *pending; /* endpoints whose sockets have something */
	struct net_sctp *all; /* every open endpoint */
	bool drain_scheduled; /* an ev_defer(drain) is queued */
	uint64_t rx_dropped; /* packets not handed to usrsctp */
	uint64_t tx_dropped; /* packets usrsctp gave us that we could not send */
	uint8_t rbuf[65536]; /* receive buffer for usrsctp_recvv */
} U = { .t4 = { .fd = -1 }, .t6 = { .fd = -1 } };

static const char *CTX = "usrsctp";

/* ---- peers -------------------------------------------------------------- */

static struct upeer *peer_check(void *addr)
{
	uint8_t *b = addr, *m = U.peers.mem;

	if (!m || !b || b < m || b >= m + (size_t)U.peers.cap * U.peers.elem_size)
		return NULL;
	size_t off = (size_t)(b - m);
	if (off % U.peers.elem_size)
		return NULL;
	return (U.peers.gen[off / U.peers.elem_size] & 1) ? addr : NULL;
}

static void peer_key(struct upeer_key *k, const struct net_addr *a)
{
	struct ip_addr ip;
	uint16_t port;

	memset(k, 0, sizeof(*k));
	net_addr_ip(a, &ip, &port);
	k->family = ip.family;
	memcpy(k->ip, ip.a, sizeof(k->ip));
	k->port = port;
}

static void peer_drop(struct upeer *p)
{
	struct upeer_key k;

	peer_key(&k, &p->addr);
	hmap_del(&U.peer_map, &k, sizeof(k));
	usrsctp_deregister_address(p);
	pool_free(&U.peers, p);
}

static uint64_t sweep_idle_ns;

static void sweep_one(void *obj, void *arg)
{
	struct upeer *p = obj;
	uint64_t now = *(uint64_t *)arg;

	if (p->refs == 0 && now - p->last_ns > sweep_idle_ns)
		peer_drop(p);
}

static void peers_sweep(uint64_t now, uint64_t idle_ns)
{
	sweep_idle_ns = idle_ns;
	pool_foreach(&U.peers, sweep_one, &now);
}

/* The peer for address a; creates it when create is set. NULL if unknown
 * (and not created) or if the table is full. */
static struct upeer *peer_find(const struct net_addr *a, bool create)
{
	struct upeer_key k;
	uint64_t v;
	struct handle h;

	peer_key(&k, a);
	if (hmap_get(&U.peer_map, &k, sizeof(k), &v) == 0)
		return pool_get(&U.peers, handle_unpack(v));
	if (!create)
		return NULL;
	struct upeer *p = pool_alloc(&U.peers, &h);
	if (!p) { /* full: forget peers idle for a second, then try once more */
		peers_sweep(ev_now_ns(U.loop), 1000000000ull);
		p = pool_alloc(&U.peers, &h);
	}
	if (!p) {
		LOG_RL(LOG_WARN, CTX, "peer table full (%u): packet dropped", PEERS_MAX);
		return NULL;
	}
	if (hmap_set(&U.peer_map, &k, sizeof(k), handle_pack(h)) < 0) {
		pool_free(&U.peers, p);
		return NULL;
	}
	p->addr = *a;
	p->last_ns = ev_now_ns(U.loop);
	/* usrsctp accepts packets only for registered AF_CONN addresses. */
	usrsctp_register_address(p);
	return p;
}

/* ---- transport ---------------------------------------------------------- */

static int u_output(void *addr, void *buf, size_t len, uint8_t tos, uint8_t set_df)
{
	struct upeer *p = peer_check(addr);

	if (!p) {
		U.tx_dropped++;
		return 0;
	}
	struct net_udp *t = net_addr_family(&p->addr) == AF_INET6 ? &U.t6 : &U.t4;
	if (t->fd < 0 || net_udp_send(t, &p->addr, buf, len) < 0)
		U.tx_dropped++; /* SCTP retransmits */
	return 0;
}

/* Only an INIT may come from an address we do not know yet (RFC 4960 8.4:
 * everything else from a stranger is out of the blue). */
static bool is_init(const uint8_t *sctp, size_t len)
{
	return len >= 12 + 4 && sctp[12] == 1;
}

static void feed(const struct net_addr *from, const uint8_t *sctp, size_t len, uint8_t ecn)
{
	if (len < 12) {
		U.rx_dropped++;
		return;
	}
	struct upeer *p = peer_find(from, is_init(sctp, len));
	if (!p) {
		U.rx_dropped++;
		return;
	}
	p->last_ns = ev_now_ns(U.loop);
	usrsctp_conninput(p, sctp, len, ecn);
}

static void raw4_rx(struct net_udp *u, struct net_udp_pkt *pkts, unsigned n, void *user)
{
	for (unsigned i = 0; i < n; i++) {
		const uint8_t *d = pkts[i].data;
		size_t len = pkts[i].len;
		/* RFC 791 3.1: version, IHL, TOS, total length, ..., protocol, source. */
		if (len < 20 || d[0] >> 4 != 4 || d[9] != IPPROTO_SCTP) {
			U.rx_dropped++;
			continue;
		}
		size_t ihl = (size_t)(d[0] & 0x0f) * 4;
		size_t tot = (size_t)d[2] << 8 | d[3];
		if (ihl < 20 || tot > len || tot < ihl) {
			U.rx_dropped++;
			continue;
		}
		struct net_addr from;
		memset(&from, 0, sizeof(from));
		from.u.sin.sin_family = AF_INET;
		memcpy(&from.u.sin.sin_addr, d + 12, 4);
		from.len = sizeof(from.u.sin);
		feed(&from, d + ihl, tot - ihl, d[1] & 3);
	}
}

static void raw6_rx(struct net_udp *u, struct net_udp_pkt *pkts, unsigned n, void *user)
{
	for (unsigned i = 0; i < n; i++) { /* IPv6 raw sockets strip the IP header */
		struct net_addr from = pkts[i].peer;
		net_addr_set_port(&from, 0);
		feed(&from, pkts[i].data, pkts[i].len, 0);
	}
}

static void udp_rx(struct net_udp *u, struct net_udp_pkt *pkts, unsigned n, void *user)
{
	for (unsigned i = 0; i < n; i++)
		feed(&pkts[i].peer, pkts[i].data, pkts[i].len, 0);
}

static int transport_open(const struct net_sctp_cfg *cfg, bool udp)
{
	struct net_udp_cfg uc = { .batch = 32, .max_len = 65535 };
	int rc;

	if (!udp) {
		int fd = socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_SCTP);
		if (fd < 0) {
			LOG(LOG_ERROR, CTX, "raw SCTP socket: %s%s", strerror(errno),
			    errno == EPERM ? " (needs CAP_NET_RAW: run as root)" : "");
			return -E_IO;
		}
		rc = net_udp_attach(&U.t4, U.loop, fd, &uc, raw4_rx, NULL);
		if (rc < 0)
			return rc;
		fd = socket(AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_SCTP);
		if (fd >= 0 && net_udp_attach(&U.t6, U.loop, fd, &uc, raw6_rx, NULL) < 0)
			U.t6.fd = -1;
		return 0;
	}
	struct ip_addr any4 = { .family = AF_INET };
	net_addr_set(&uc.bind, &any4, cfg->udp_local_port);
	rc = net_udp_open(&U.t4, U.loop, &uc, udp_rx, NULL);
	if (rc < 0) {
		LOG(LOG_ERROR, CTX, "UDP encapsulation port %u: %s", cfg->udp_local_port,
		    strerror(errno));
		return rc;
	}
	struct net_addr me;
	if (net_udp_local(&U.t4, &me) == 0)
		U.udp_port = net_addr_port(&me);
	/* IPv6 on the same port when the host has it; IPv4 works without. */
	struct ip_addr any6 = { .family = AF_INET6 };
	net_addr_set(&uc.bind, &any6, U.udp_port);
	uc.v6only = true;
	if (net_udp_open(&U.t6, U.loop, &uc, udp_rx, NULL) < 0)
		U.t6.fd = -1;
	return 0;
}

/* ---- timers and draining ------------------------------------------------ */

static void mark_pending(struct net_sctp *ep);

static void u_tick(struct ev_loop *loop, struct ev_timer *t)
{
	uint64_t now = ev_now_ns(loop);
	uint64_t ms = (now - U.last_tick_ns) / 1000000u;

	if (ms) {
		U.last_tick_ns += ms * 1000000u;
		usrsctp_handle_timers((uint32_t)(ms > 1000 ? 1000 : ms));
		/* A timer that ends an association (retransmissions or heartbeats
		 * exhausted) queues the COMM_LOST notification without a socket
		 * upcall in nothreads mode: look at every socket after timers. */
		for (struct net_sctp *ep = U.all; ep; ep = ep->next_ep)
			mark_pending(ep);
	}
	if (now - U.last_sweep_ns > 1000000000ull) {
		U.last_sweep_ns = now;
		peers_sweep(now, PEER_IDLE_NS);
	}
	ev_timer_start(loop, &U.tick, TICK_MS, u_tick, NULL);
}

static void u_drain(struct ev_loop *loop, void *arg);

static void mark_pending(struct net_sctp *ep)
{
	if (!ep->pending) {
		ep->pending = true;
		ep->next_pending = U.pending;
		U.pending = ep;
	}
	if (!U.drain_scheduled && ev_defer(U.loop, u_drain, NULL) == 0)
		U.drain_scheduled = true;
}

static void u_upcall(struct socket *so, void *arg, int flags)
{
	if (arg)
		mark_pending(arg);
}

static void notification(struct net_sctp *ep, const uint8_t *buf, size_t n)
{
	union sctp_notification sn;

	if (n < sizeof(sn.sn_header))
		return;
	memcpy(&sn, buf, n < sizeof(sn) ? n : sizeof(sn));
	switch (sn.sn_header.sn_type) {
	case SCTP_ASSOC_CHANGE: {
		const struct sctp_assoc_change *c = &sn.sn_assoc_change;
		if (n < sizeof(*c))
			return;
		/* COMM_LOST / CANT_STR_ASSOC carry the peer's ABORT chunk (type 6)
		 * when there was one (RFC 6458 6.1.1). */
		bool peer_abort = n >= sizeof(*c) + 4 && buf[sizeof(*c)] == 6;
		enum sctp_nev ev;
		switch (c->sac_state) {
		case SCTP_COMM_UP: ev = NEV_COMM_UP; break;
		case SCTP_RESTART: ev = NEV_RESTART; break;
		case SCTP_COMM_LOST: ev = NEV_COMM_LOST; break;
		case SCTP_SHUTDOWN_COMP: ev = NEV_SHUTDOWN_COMP; break;
		case SCTP_CANT_STR_ASSOC: ev = NEV_CANT_START; break;
		default: return;
		}
		sctp_on_event(ep, ev, c->sac_assoc_id, c->sac_inbound_streams,
			      c->sac_outbound_streams, peer_abort);
		return;
	}
	case SCTP_SHUTDOWN_EVENT:
		sctp_on_event(ep, NEV_PEER_SHUTDOWN, sn.sn_shutdown_event.sse_assoc_id, 0, 0,
			      false);
		return;
	case SCTP_SEND_FAILED_EVENT:
		sctp_on_event(ep, NEV_SEND_FAILED, sn.sn_send_failed_event.ssfe_assoc_id, 0, 0,
			      false);
		return;
	case SCTP_SENDER_DRY_EVENT:
		sctp_on_event(ep, NEV_DRY, sn.sn_sender_dry_event.sender_dry_assoc_id, 0, 0, false);
		return;
	default: return;
	}
}

/* Reads what the socket holds. Returns with ep possibly freed. */
static void drain_ep(struct net_sctp *ep)
{
	int i;

	sctp_enter(ep);
	for (i = 0; i < DRAIN_MSGS && !ep->dead; i++) {
		struct sockaddr_conn from;
		socklen_t fromlen = sizeof(from);
		struct sctp_rcvinfo ri;
		socklen_t infolen = sizeof(ri);
		unsigned int infotype = 0;
		int flags = 0;
		memset(&ri, 0, sizeof(ri));
		ssize_t n = usrsctp_recvv(ep->so, U.rbuf, sizeof(U.rbuf), (struct sockaddr *)&from,
					  &fromlen, &ri, &infolen, &infotype, &flags);
		if (n <= 0) {
			if (n < 0 && errno != EWOULDBLOCK && errno != EAGAIN)
				LOG_RL(LOG_WARN, ep->ctx, "usrsctp_recvv: %s", strerror(errno));
			break;
		}
		if (flags & MSG_NOTIFICATION) {
			notification(ep, U.rbuf, (size_t)n);
			continue;
		}
		if (infotype != SCTP_RECVV_RCVINFO) {
			LOG_RL(LOG_WARN, ep->ctx, "message without SCTP_RCVINFO dropped");
			continue;
		}
		sctp_on_data(ep, ri.rcv_assoc_id, ri.rcv_sid, ntohl(ri.rcv_ppid), U.rbuf, (size_t)n,
			     (flags & MSG_EOR) != 0);
	}
	if (!ep->dead) {
		if (i == DRAIN_MSGS)
			mark_pending(ep); /* more to read: give others a turn first */
		if (usrsctp_get_events(ep->so) & SCTP_EVENT_WRITE)
			sctp_on_writable(ep);
	}
	sctp_leave(ep);
}

static void u_drain(struct ev_loop *loop, void *arg)
{
	struct net_sctp *list = U.pending;

	U.drain_scheduled = false;
	U.pending = NULL;
	while (list) {
		struct net_sctp *ep = list;
		list = ep->next_pending;
		ep->next_pending = NULL;
		ep->pending = false;
		drain_ep(ep);
	}
}

/* ---- process-wide set-up ------------------------------------------------ */

int net_sctp_usrsctp_prepare(struct ev_loop *loop, const struct net_sctp_cfg *cfg, bool udp)
{
	int rc;

	if (U.inited) {
		if (U.loop != loop || !pthread_equal(U.thread, pthread_self())) {
			LOG(LOG_ERROR, CTX,
			    "usrsctp already belongs to loop \"%s\": one loop thread per process "
			    "owns "
			    "usrsctp (its state is process-global)",
			    ev_loop_name(U.loop));
			return -E_STATE;
		}
		if (U.udp != udp ||
		    (udp && cfg->udp_local_port && cfg->udp_local_port != U.udp_port)) {
			LOG(LOG_ERROR, CTX,
			    "usrsctp already runs over %s (port %u): one transport per process",
			    U.udp ? "UDP" : "raw IP", U.udp_port);
			return -E_STATE;
		}
		return 0;
	}
	U.loop = loop;
	U.thread = pthread_self();
	U.udp = udp;
	U.t4.fd = -1;
	U.t6.fd = -1;
	rc = pool_init(&U.peers, "usrsctp-peer", sizeof(struct upeer), PEERS_MAX);
	if (rc < 0)
		return rc;
	rc = hmap_init(&U.peer_map, PEERS_MAX);
	if (rc < 0)
		goto err_pool;
	rc = transport_open(cfg, udp);
	if (rc < 0)
		goto err_transport;
	/* Port 0: usrsctp opens no UDP socket of its own; we are the transport. */
	usrsctp_init_nothreads(0, u_output, NULL);
	if (!udp) {
		/* Every raw SCTP socket in a namespace sees every SCTP packet there:
		 * answer nothing out of the blue, or two stacks in one namespace
		 * abort each other's associations (TESTING.md). */
		usrsctp_sysctl_set_sctp_blackhole(2);
	}
	U.inited = true;
	U.last_tick_ns = ev_now_ns(loop);
	U.last_sweep_ns = U.last_tick_ns;
	ev_timer_start(loop, &U.tick, TICK_MS, u_tick, NULL);
	if (udp)
		LOG(LOG_INFO, CTX, "stack started over UDP encapsulation, port %u", U.udp_port);
	else
		LOG(LOG_INFO, CTX, "stack started over raw IP (protocol 132)");
	return 0;

err_transport:
	net_udp_close(&U.t4);
	net_udp_close(&U.t6);
	hmap_fini(&U.peer_map);
err_pool:
	pool_fini(&U.peers);
	U.loop = NULL;
	return rc;
}

uint16_t net_sctp_usrsctp_udp_port(void)
{
	return U.udp ? U.udp_port : 0;
}

/* After usrsctp_finish: the stack's address list is gone already. */
static void forget_all(void *obj, void *arg)
{
	pool_free(&U.peers, obj);
}

int net_sctp_usrsctp_fini(void)
{
	if (!U.inited)
		return 0;
	if (U.endpoints) {
		LOG(LOG_ERROR, CTX, "fini with %u endpoints open", U.endpoints);
		return -E_STATE;
	}
	/* Closed sockets may linger until their associations are gone. */
	int tries = 0;
	while (usrsctp_finish() != 0) {
		if (++tries > 100) {
			LOG(LOG_ERROR, CTX, "usrsctp still holds associations; not finished");
			return -E_STATE;
		}
		usrsctp_handle_timers(100);
	}
	ev_timer_stop(U.loop, &U.tick);
	net_udp_close(&U.t4);
	net_udp_close(&U.t6);
	pool_foreach(&U.peers, forget_all, NULL);
	hmap_fini(&U.peer_map);
	pool_fini(&U.peers);
	U.inited = false;
	U.loop = NULL;
	U.pending = NULL;
	U.drain_scheduled = false;
	return 0;
}

/* ---- endpoint operations ------------------------------------------------ */

static int setopt(struct net_sctp *ep, int level, int name, const void *v, socklen_t len,
		  const char *what)
{
	if (usrsctp_setsockopt(ep->so, level, name, v, len) < 0) {
		LOG(LOG_ERROR, ep->ctx, "setsockopt %s: %s", what, strerror(errno));
		return -E_IO;
	}
	return 0;
}

static int u_open(struct net_sctp *ep)
{
	const struct net_sctp_cfg *c = &ep->cfg;
	const int on = 1;
	static const uint16_t events[] = { SCTP_ASSOC_CHANGE, SCTP_SHUTDOWN_EVENT,
					   SCTP_SEND_FAILED_EVENT, SCTP_SENDER_DRY_EVENT };

	ep->so = usrsctp_socket(AF_CONN, SOCK_SEQPACKET, IPPROTO_SCTP, NULL, NULL, 0, NULL);
	if (!ep->so) {
		LOG(LOG_ERROR, ep->ctx, "usrsctp_socket: %s", strerror(errno));
		return -E_IO;
	}
	/* Blocking calls would wait for a thread that nothreads mode does not have. */
	if (usrsctp_set_non_blocking(ep->so, 1) < 0)
		goto err;
	if (setopt(ep, IPPROTO_SCTP, SCTP_RECVRCVINFO, &on, sizeof(on), "SCTP_RECVRCVINFO") < 0 ||
	    setopt(ep, IPPROTO_SCTP, SCTP_NODELAY, &on, sizeof(on), "SCTP_NODELAY") < 0)
		goto err;
	for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
		struct sctp_event e = { .se_assoc_id = SCTP_FUTURE_ASSOC,
					.se_type = events[i],
					.se_on = 1 };
		if (setopt(ep, IPPROTO_SCTP, SCTP_EVENT, &e, sizeof(e), "SCTP_EVENT") < 0)
			goto err;
	}
	struct sctp_initmsg im = {
		.sinit_num_ostreams = (uint16_t)c->out_streams,
		.sinit_max_instreams = (uint16_t)c->in_streams,
		.sinit_max_attempts = (uint16_t)c->max_init_retrans,
		.sinit_max_init_timeo = (uint16_t)(c->rto_max_ms > 65535 ? 65535 : c->rto_max_ms),
	};
	struct sctp_rtoinfo rto = { .srto_assoc_id = SCTP_FUTURE_ASSOC,
				    .srto_initial = (uint32_t)c->rto_initial_ms,
				    .srto_max = (uint32_t)c->rto_max_ms,
				    .srto_min = (uint32_t)c->rto_min_ms };
	struct sctp_assocparams ap = { .sasoc_assoc_id = SCTP_FUTURE_ASSOC,
				       .sasoc_asocmaxrxt = (uint16_t)c->max_retrans };
	struct sctp_paddrparams pp;
	memset(&pp, 0, sizeof(pp));
	pp.spp_assoc_id = SCTP_FUTURE_ASSOC;
	pp.spp_hbinterval = (uint32_t)c->hb_interval_ms;
	pp.spp_pathmaxrxt = (uint16_t)c->max_retrans;
	pp.spp_flags = SPP_HB_ENABLE;
	if (setopt(ep, IPPROTO_SCTP, SCTP_INITMSG, &im, sizeof(im), "SCTP_INITMSG") < 0 ||
	    setopt(ep, IPPROTO_SCTP, SCTP_RTOINFO, &rto, sizeof(rto), "SCTP_RTOINFO") < 0 ||
	    setopt(ep, IPPROTO_SCTP, SCTP_ASSOCINFO, &ap, sizeof(ap), "SCTP_ASSOCINFO") < 0 ||
	    setopt(ep, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, &pp, sizeof(pp),
		   "SCTP_PEER_ADDR_PARAMS") < 0)
		goto err;
	int sb = (int)c->sndbuf, rb = (int)c->rcvbuf;
	if ((sb && setopt(ep, SOL_SOCKET, SO_SNDBUF, &sb, sizeof(sb), "SO_SNDBUF") < 0) ||
	    (rb && setopt(ep, SOL_SOCKET, SO_RCVBUF, &rb, sizeof(rb), "SO_RCVBUF") < 0))
		goto err;
	usrsctp_set_upcall(ep->so, u_upcall, ep);
	U.endpoints++;
	ep->next_ep = U.all;
	U.all = ep;
	return 0;
err:
	usrsctp_close(ep->so);
	ep->so = NULL;
	return -E_IO;
}

static void u_close(struct net_sctp *ep)
{
	if (!ep->so)
		return;
	usrsctp_set_upcall(ep->so, NULL, NULL);
	if (ep->pending) { /* unlink from the drain list */
		for (struct net_sctp **pp = &U.pending; *pp; pp = &(*pp)->next_pending) {
			if (*pp == ep) {
				*pp = ep->next_pending;
				break;
			}
		}
		ep->pending = false;
	}
	for (struct net_sctp **pp = &U.all; *pp; pp = &(*pp)->next_ep) {
		if (*pp == ep) {
			*pp = ep->next_ep;
			break;
		}
	}
	/* Linger 0: close aborts every association still there (RFC 6458 8.1.4). */
	struct linger l = { .l_onoff = 1, .l_linger = 0 };
	usrsctp_setsockopt(ep->so, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	usrsctp_close(ep->so);
	ep->so = NULL;
	U.endpoints--;
}

static int bind_any(struct net_sctp *ep, uint16_t port)
{
	/* sconn_addr NULL: bound to every AF_CONN address, i.e. every peer. */
	struct sockaddr_conn sc = { .sconn_family = AF_CONN, .sconn_port = htons(port) };
	return usrsctp_bind(ep->so, (struct sockaddr *)&sc, sizeof(sc)) < 0 ? -E_IO : 0;
}

static int u_listen(struct net_sctp *ep, const struct net_addr *local)
{
	if (!net_addr_is_any(local))
		LOG(LOG_INFO, ep->ctx,
		    "usrsctp accepts on every local address; the address part "
		    "of the listen address only documents intent");
	if (ep->bound) {
		errno = EISCONN;
		return -E_STATE;
	}
	if (bind_any(ep, net_addr_port(local)) < 0 || usrsctp_listen(ep->so, 128) < 0)
		return -E_IO;
	ep->bound = true;
	return 0;
}

static int u_connect(struct net_sctp *ep, const struct net_addr *peer, uint32_t *id, void **tpeer)
{
	struct net_addr pa = *peer;

	if (!ep->bound) { /* an ephemeral port, on every AF_CONN address */
		if (bind_any(ep, 0) < 0)
			return -E_IO;
		ep->bound = true;
	}
	net_addr_set_port(&pa, U.udp ? ep->cfg.udp_remote_port : 0);
	struct upeer *p = peer_find(&pa, true);
	if (!p)
		return -E_NOMEM;
	struct sockaddr_conn sc = { .sconn_family = AF_CONN,
				    .sconn_port = htons(net_addr_port(peer)),
				    .sconn_addr = p };
	/* usrsctp_connectx knows only AF_INET/AF_INET6: connect, then ask for the id. */
	if (usrsctp_connect(ep->so, (struct sockaddr *)&sc, sizeof(sc)) < 0 && errno != EINPROGRESS)
		return errno == EALREADY || errno == EISCONN ? -E_EXIST : -E_IO;
	sctp_assoc_t aid = usrsctp_getassocid(ep->so, (struct sockaddr *)&sc);
	if (aid == 0) {
		errno = ENOENT;
		return -E_IO;
	}
	p->refs++;
	*tpeer = p;
	*id = aid;
	return 0;
}

static int u_send(struct net_sctp *ep, uint32_t id, uint16_t sid, uint32_t ppid, const void *data,
		  size_t len, unsigned flags)
{
	static const uint8_t none[1];
	struct sctp_sndinfo si;

	memset(&si, 0, sizeof(si));
	si.snd_sid = sid;
	si.snd_ppid = htonl(ppid); /* the stack wants network order */
	si.snd_assoc_id = id;
	if (flags & SCTP_SEND_EOF)
		si.snd_flags = SCTP_EOF;
	else if (flags & SCTP_SEND_ABORT)
		si.snd_flags = SCTP_ABORT;
	ssize_t n = usrsctp_sendv(ep->so, data ? data : none, len, NULL, 0, &si, sizeof(si),
				  SCTP_SENDV_SNDINFO, 0);
	if (n >= 0)
		return 0;
	if (errno == EWOULDBLOCK || errno == EAGAIN)
		return -E_AGAIN;
	return -E_IO;
}

static int u_peer_addr(struct net_sctp *ep, uint32_t id, struct net_addr *out, void **tpeer)
{
	struct sockaddr *addrs = NULL;
	int n = usrsctp_getpaddrs(ep->so, id, &addrs);
	int rc = -E_NOTFOUND;

	if (n > 0 && addrs && addrs->sa_family == AF_CONN) {
		struct sockaddr_conn sc;
		memcpy(&sc, addrs, sizeof(sc));
		struct upeer *p = peer_check(sc.sconn_addr);
		if (p) {
			*out = p->addr;
			net_addr_set_port(out, ntohs(sc.sconn_port));
			p->refs++;
			*tpeer = p;
			rc = 0;
		}
	}
	if (addrs)
		usrsctp_freepaddrs(addrs);
	return rc;
}

static void u_assoc_gone(struct net_sctp *ep, struct net_sctp_assoc *a)
{
	struct upeer *p = peer_check(a->peer);

	if (p && p->refs) {
		p->refs--;
		p->last_ns = ev_now_ns(U.loop);
	}
	a->peer = NULL;
}

const struct net_sctp_ops net_sctp_usrsctp_ops = {
	.name = "usrsctp",
	.open = u_open,
	.close = u_close,
	.listen = u_listen,
	.connect = u_connect,
	.send = u_send,
	.peer_addr = u_peer_addr,
	.assoc_gone = u_assoc_gone,
};
