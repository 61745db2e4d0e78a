/* udp.h — datagram sockets with batched I/O (recvmmsg/sendmmsg) on lib/ev.
 *
 * A struct net_udp lives in the caller's object. When the socket is
 * readable the loop reads up to `batch` datagrams with one recvmmsg() and
 * hands them over in one callback; the packet buffers belong to the net_udp
 * and are valid until the callback returns. Sending takes one datagram or a
 * batch (one sendmmsg()). IPv4 or IPv6 (an IPv6 socket bound to :: also
 * takes IPv4, reported as plain IPv4 addresses). Sockets are non-blocking.
 *
 * net_udp_attach() drives an existing datagram-like descriptor (a raw IP
 * socket, for instance) with the same batched receive path.
 */
#ifndef NGCORE_NET_UDP_H
#define NGCORE_NET_UDP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/ev/ev.h"
#include "lib/net/addr.h"

#define NET_UDP_BATCH_MAX 64 /* most datagrams read or written per system call */

struct net_udp;

/* One datagram. On receive, data points into the net_udp's buffers. */
struct net_udp_pkt {
	struct net_addr peer; /* source (receive) or destination (send) */
	uint8_t *data; /* payload */
	size_t len; /* payload length */
};

/* Called once per received batch of n >= 1 datagrams. The callback may send,
 * and may close the socket (net_udp_close); it must not free the struct
 * net_udp itself before returning (defer that with ev_defer). */
typedef void (*net_udp_rx_cb)(struct net_udp *u, struct net_udp_pkt *pkts, unsigned n, void *user);

struct net_udp_cfg {
	struct net_addr bind; /* local address and port (port 0: the kernel picks) */
	bool reuseport; /* SO_REUSEPORT: one socket per worker on the same port */
	bool v6only; /* IPV6_V6ONLY on an IPv6 socket (default: dual-stack) */
	unsigned batch; /* datagrams per recvmmsg, 1..NET_UDP_BATCH_MAX; 0 = 32 */
	size_t max_len; /* largest datagram accepted; 0 = 2048; longer ones are dropped */
	int rcvbuf; /* SO_RCVBUF bytes; 0 = system default */
	int sndbuf; /* SO_SNDBUF bytes; 0 = system default */
};

struct net_udp_stats {
	uint64_t rx_pkts; /* datagrams handed to the callback */
	uint64_t rx_batches; /* callbacks made */
	uint64_t rx_trunc; /* datagrams dropped: longer than max_len */
	uint64_t rx_errors; /* recvmmsg failures other than EAGAIN */
	uint64_t tx_pkts; /* datagrams the kernel accepted */
	uint64_t tx_again; /* datagrams refused: socket buffer full */
	uint64_t tx_errors; /* datagrams refused for another reason */
};

struct net_udp {
	int fd; /* the socket; -1 when closed */
	int family; /* the socket's address family */
	struct ev_loop *loop; /* loop the watcher is on */
	struct ev_io io; /* read watcher */
	net_udp_rx_cb cb; /* batch callback */
	void *user; /* its argument */
	unsigned batch; /* datagrams per recvmmsg */
	size_t max_len; /* buffer size per datagram */
	uint8_t *bufs; /* batch * (max_len + 1) bytes */
	struct mmsghdr *msgs; /* batch receive headers */
	struct iovec *iov; /* one iovec per datagram */
	struct net_udp_pkt *pkts; /* what the callback sees */
	struct net_udp_stats stats; /* counters */
};

/* Opens, configures and binds a UDP socket, and starts reading on loop.
 * Returns 0, -E_INVAL (bad cfg), -E_NOMEM or -E_IO (errno says why). */
int net_udp_open(struct net_udp *u, struct ev_loop *loop, const struct net_udp_cfg *cfg,
		 net_udp_rx_cb cb, void *user);
/* Same receive machinery for fd (made non-blocking; owned from now on, closed
 * by net_udp_close even on failure). cfg may be NULL; only batch and max_len
 * are used. */
int net_udp_attach(struct net_udp *u, struct ev_loop *loop, int fd, const struct net_udp_cfg *cfg,
		   net_udp_rx_cb cb, void *user);
/* Stops reading, closes the socket and frees the buffers. Idempotent. */
void net_udp_close(struct net_udp *u);

/* Sends one datagram. 0, -E_AGAIN (socket buffer full), -E_IO. */
int net_udp_send(struct net_udp *u, const struct net_addr *to, const void *data, size_t len);
/* Sends n datagrams with sendmmsg, in order. Returns how many the kernel
 * took (pkts[0..ret-1]; the rest were refused and counted in stats), or
 * -E_IO if the first one failed for a reason other than a full buffer. */
int net_udp_send_batch(struct net_udp *u, const struct net_udp_pkt *pkts, unsigned n);
/* The bound local address (getsockname). 0 or -E_IO. */
int net_udp_local(const struct net_udp *u, struct net_addr *out);

#endif
