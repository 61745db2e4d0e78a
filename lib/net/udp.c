#include "lib/net/udp.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/core/err.h"
#include "lib/core/log.h"

#define RX_ROUNDS 4 /* recvmmsg calls per wakeup before yielding to other watchers */

static void udp_read_cb(struct ev_loop *loop, struct ev_io *io, uint32_t events)
{
	struct net_udp *u = io->data;

	for (int round = 0; round < RX_ROUNDS; round++) {
		for (unsigned i = 0; i < u->batch; i++) {
			u->iov[i].iov_base = u->bufs + i * (u->max_len + 1);
			/* One spare byte: a datagram that fills it is too long. */
			u->iov[i].iov_len = u->max_len + 1;
			u->msgs[i].msg_hdr = (struct msghdr){
				.msg_name = &u->pkts[i].peer.u,
				.msg_namelen = sizeof(u->pkts[i].peer.u),
				.msg_iov = &u->iov[i],
				.msg_iovlen = 1,
			};
		}
		int n = recvmmsg(u->fd, u->msgs, u->batch, MSG_DONTWAIT, NULL);
		if (n <= 0) {
			if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
				u->stats.rx_errors++;
				LOG_RL(LOG_WARN, "net udp", "recvmmsg: %s", strerror(errno));
			}
			return;
		}
		unsigned k = 0;
		for (int i = 0; i < n; i++) {
			struct mmsghdr *m = &u->msgs[i];
			size_t len = m->msg_len;
			if (len > u->max_len || (m->msg_hdr.msg_flags & MSG_TRUNC)) {
				u->stats.rx_trunc++;
				continue;
			}
			struct net_udp_pkt *p = &u->pkts[k];
			struct net_addr from;
			if (net_addr_from_sa(&from, (struct sockaddr *)&u->pkts[i].peer.u,
					     m->msg_hdr.msg_namelen) < 0)
				memset(&from, 0, sizeof(from));
			p->peer = from;
			p->data = u->iov[i].iov_base;
			p->len = len;
			k++;
		}
		if (k) {
			u->stats.rx_pkts += k;
			u->stats.rx_batches++;
			u->cb(u, u->pkts, k, u->user);
			if (u->fd < 0) /* closed by the callback */
				return;
		}
		if ((unsigned)n < u->batch)
			return;
	}
}

static int udp_setup(struct net_udp *u, struct ev_loop *loop, int fd, const struct net_udp_cfg *cfg,
		     net_udp_rx_cb cb, void *user)
{
	memset(u, 0, sizeof(*u));
	u->fd = fd;
	u->loop = loop;
	u->cb = cb;
	u->user = user;
	u->batch = cfg && cfg->batch ? cfg->batch : 32;
	u->max_len = cfg && cfg->max_len ? cfg->max_len : 2048;
	if (u->batch > NET_UDP_BATCH_MAX || u->max_len > 65535 + 40) {
		net_udp_close(u);
		return -E_INVAL;
	}
	u->bufs = malloc(u->batch * (u->max_len + 1));
	u->msgs = calloc(u->batch, sizeof(*u->msgs));
	u->iov = calloc(u->batch, sizeof(*u->iov));
	u->pkts = calloc(u->batch, sizeof(*u->pkts));
	if (!u->bufs || !u->msgs || !u->iov || !u->pkts) {
		net_udp_close(u);
		return -E_NOMEM;
	}
	struct sockaddr_storage me;
	socklen_t ml = sizeof(me);
	u->family = getsockname(fd, (struct sockaddr *)&me, &ml) == 0 ? me.ss_family : AF_UNSPEC;
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 ||
	    ev_io_start(loop, &u->io, fd, EV_READ, udp_read_cb, u) < 0) {
		net_udp_close(u);
		return -E_IO;
	}
	return 0;
}

int net_udp_attach(struct net_udp *u, struct ev_loop *loop, int fd, const struct net_udp_cfg *cfg,
		   net_udp_rx_cb cb, void *user)
{
	return udp_setup(u, loop, fd, cfg, cb, user);
}

int net_udp_open(struct net_udp *u, struct ev_loop *loop, const struct net_udp_cfg *cfg,
		 net_udp_rx_cb cb, void *user)
{
	int fam = net_addr_family(&cfg->bind);
	int one = 1;

	u->fd = -1;
	if (fam != AF_INET && fam != AF_INET6)
		return -E_INVAL;
	int fd = socket(fam, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -E_IO;
	int v6only = cfg->v6only;
	if ((cfg->reuseport && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) < 0) ||
	    (fam == AF_INET6 &&
	     setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof(v6only)) < 0) ||
	    (cfg->rcvbuf && setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &cfg->rcvbuf, sizeof(int)) < 0) ||
	    (cfg->sndbuf && setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &cfg->sndbuf, sizeof(int)) < 0) ||
	    bind(fd, &cfg->bind.u.sa, cfg->bind.len) < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -E_IO;
	}
	return udp_setup(u, loop, fd, cfg, cb, user);
}

void net_udp_close(struct net_udp *u)
{
	if (u->fd >= 0) {
		if (u->io.active)
			ev_io_stop(u->loop, &u->io);
		close(u->fd);
		u->fd = -1;
	}
	free(u->bufs);
	free(u->msgs);
	free(u->iov);
	free(u->pkts);
	u->bufs = NULL;
	u->msgs = NULL;
	u->iov = NULL;
	u->pkts = NULL;
}

/* A v4 destination on an IPv6 socket must be written as ::ffff:a.b.c.d. */
static const struct sockaddr *dest_for(const struct net_udp *u, const struct net_addr *to,
				       struct sockaddr_in6 *tmp, socklen_t *len)
{
	*len = to->len;
	if (to->u.sa.sa_family != AF_INET || u->family != AF_INET6)
		return &to->u.sa;
	memset(tmp, 0, sizeof(*tmp));
	tmp->sin6_family = AF_INET6;
	tmp->sin6_port = to->u.sin.sin_port;
	tmp->sin6_addr.s6_addr[10] = 0xff;
	tmp->sin6_addr.s6_addr[11] = 0xff;
	memcpy(&tmp->sin6_addr.s6_addr[12], &to->u.sin.sin_addr, 4);
	*len = sizeof(*tmp);
	return (const struct sockaddr *)tmp;
}

int net_udp_send(struct net_udp *u, const struct net_addr *to, const void *data, size_t len)
{
	struct sockaddr_in6 tmp;
	socklen_t sl;

	if (u->fd < 0)
		return -E_STATE;
	const struct sockaddr *sa = dest_for(u, to, &tmp, &sl);
	ssize_t n = sendto(u->fd, data, len, MSG_DONTWAIT, sa, sl);
	if (n >= 0) {
		u->stats.tx_pkts++;
		return 0;
	}
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS) {
		u->stats.tx_again++;
		return -E_AGAIN;
	}
	u->stats.tx_errors++;
	return -E_IO;
}

int net_udp_send_batch(struct net_udp *u, const struct net_udp_pkt *pkts, unsigned n)
{
	struct mmsghdr m[NET_UDP_BATCH_MAX];
	struct iovec iov[NET_UDP_BATCH_MAX];
	struct sockaddr_in6 tmp[NET_UDP_BATCH_MAX];
	unsigned done = 0;

	if (u->fd < 0)
		return -E_STATE;
	while (done < n) {
		unsigned k = n - done < NET_UDP_BATCH_MAX ? n - done : NET_UDP_BATCH_MAX;
		for (unsigned i = 0; i < k; i++) {
			const struct net_udp_pkt *p = &pkts[done + i];
			socklen_t sl;
			const struct sockaddr *sa = dest_for(u, &p->peer, &tmp[i], &sl);
			iov[i] = (struct iovec){ p->data, p->len };
			m[i].msg_hdr = (struct msghdr){ .msg_name = (void *)sa,
							.msg_namelen = sl,
							.msg_iov = &iov[i],
							.msg_iovlen = 1 };
		}
		int r = sendmmsg(u->fd, m, k, MSG_DONTWAIT);
		if (r <= 0) {
			/* sendmmsg reports an error only for the first datagram. */
			bool again = r == 0 || errno == EAGAIN || errno == EWOULDBLOCK ||
				     errno == ENOBUFS;
			if (again)
				u->stats.tx_again += n - done;
			else
				u->stats.tx_errors += n - done;
			return !again && done == 0 ? -E_IO : (int)done;
		}
		u->stats.tx_pkts += (unsigned)r;
		done += (unsigned)r;
	}
	return (int)done;
}

int net_udp_local(const struct net_udp *u, struct net_addr *out)
{
	struct sockaddr_in6 ss;
	socklen_t len = sizeof(ss);

	if (getsockname(u->fd, (struct sockaddr *)&ss, &len) < 0)
		return -E_IO;
	return net_addr_from_sa(out, (struct sockaddr *)&ss, len) < 0 ? -E_IO : 0;
}
