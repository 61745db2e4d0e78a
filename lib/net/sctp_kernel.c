/* sctp_kernel.c — the kernel SCTP backend (Linux, libsctp).
 *
 * One one-to-many socket (SOCK_SEQPACKET) per endpoint, AF_INET6 when the
 * host has IPv6 (it takes IPv4 peers too), else AF_INET. Receiving uses
 * sctp_recvmsg() with struct sctp_sndrcvinfo (SCTP_EVENTS with
 * sctp_data_io_event); notifications come in band (MSG_NOTIFICATION).
 * Built only when libsctp and <netinet/sctp.h> exist (meson: sctp_dep).
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/sctp.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/net/sctp_int.h"

#define READS_PER_WAKEUP 64 /* messages read per readiness callback */

bool net_sctp_kernel_available(void)
{
	int fd = socket(AF_INET, SOCK_SEQPACKET | SOCK_CLOEXEC, IPPROTO_SCTP);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

static void notification(struct net_sctp *ep, const uint8_t *buf, size_t n)
{
	union sctp_notification sn;

	if (n < sizeof(sn.sn_header))
		return;
	memset(&sn, 0, sizeof(sn));
	memcpy(&sn, buf, n < sizeof(sn) ? n : sizeof(sn));
	switch (sn.sn_header.sn_type) {
	case SCTP_ASSOC_CHANGE: {
		const struct sctp_assoc_change *c = &sn.sn_assoc_change;
		if (n < sizeof(*c))
			return;
		/* Linux appends the causes of a received ABORT to sac_info and
		 * reports ECONNRESET or the first cause in sac_error; a timeout
		 * has neither. */
		bool peer_abort = n > sizeof(*c) || c->sac_error == ECONNRESET;
		enum sctp_nev ev;
		switch (c->sac_state) {
		case SCTP_COMM_UP: ev = NEV_COMM_UP; break;
		case SCTP_RESTART: ev = NEV_RESTART; break;
		case SCTP_COMM_LOST: ev = NEV_COMM_LOST; break;
		case SCTP_SHUTDOWN_COMP: ev = NEV_SHUTDOWN_COMP; break;
		case SCTP_CANT_STR_ASSOC: ev = NEV_CANT_START; break;
		default: return;
		}
		sctp_on_event(ep, ev, (uint32_t)c->sac_assoc_id, c->sac_inbound_streams,
			      c->sac_outbound_streams, peer_abort);
		return;
	}
	case SCTP_SHUTDOWN_EVENT:
		sctp_on_event(ep, NEV_PEER_SHUTDOWN, (uint32_t)sn.sn_shutdown_event.sse_assoc_id, 0,
			      0, false);
		return;
	case SCTP_SEND_FAILED:
		sctp_on_event(ep, NEV_SEND_FAILED, (uint32_t)sn.sn_send_failed.ssf_assoc_id, 0, 0,
			      false);
		return;
	case SCTP_SEND_FAILED_EVENT:
		sctp_on_event(ep, NEV_SEND_FAILED, (uint32_t)sn.sn_send_failed_event.ssf_assoc_id,
			      0, 0, false);
		return;
	case SCTP_SENDER_DRY_EVENT:
		sctp_on_event(ep, NEV_DRY, (uint32_t)sn.sn_sender_dry_event.sender_dry_assoc_id, 0,
			      0, false);
		return;
	default: return;
	}
}

static void k_io(struct ev_loop *loop, struct ev_io *io, uint32_t events)
{
	struct net_sctp *ep = io->data;
	static _Thread_local uint8_t buf[65536]; /* consumed before the callback returns */

	sctp_enter(ep);
	if (events & EV_WRITE) {
		ev_io_set(loop, &ep->io, EV_READ);
		sctp_on_writable(ep);
	}
	for (int i = 0; i < READS_PER_WAKEUP && !ep->dead && (events & (EV_READ | EV_ERROR)); i++) {
		struct sctp_sndrcvinfo si;
		struct sockaddr_in6 from;
		socklen_t fromlen = sizeof(from);
		int flags = 0;
		memset(&si, 0, sizeof(si));
		int n = sctp_recvmsg(ep->fd, buf, sizeof(buf), (struct sockaddr *)&from, &fromlen,
				     &si, &flags);
		if (n <= 0) {
			if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				LOG_RL(LOG_WARN, ep->ctx, "sctp_recvmsg: %s", strerror(errno));
			break;
		}
		if (flags & MSG_NOTIFICATION)
			notification(ep, buf, (size_t)n);
		else
			sctp_on_data(ep, (uint32_t)si.sinfo_assoc_id, si.sinfo_stream,
				     ntohl(si.sinfo_ppid), buf, (size_t)n, (flags & MSG_EOR) != 0);
	}
	sctp_leave(ep);
}

static int k_setopt(struct net_sctp *ep, int level, int name, const void *v, socklen_t len,
		    const char *what)
{
	if (setsockopt(ep->fd, level, name, v, len) < 0) {
		LOG(LOG_ERROR, ep->ctx, "setsockopt %s: %s", what, strerror(errno));
		return -E_IO;
	}
	return 0;
}

static int k_open(struct net_sctp *ep)
{
	const struct net_sctp_cfg *c = &ep->cfg;
	const int on = 1, off = 0;

	ep->fd = socket(AF_INET6, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_SCTP);
	if (ep->fd >= 0)
		setsockopt(ep->fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
	else
		ep->fd = socket(AF_INET, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC,
				IPPROTO_SCTP);
	if (ep->fd < 0) {
		LOG(LOG_ERROR, ep->ctx, "SCTP socket: %s", strerror(errno));
		return -E_IO;
	}
	struct sctp_event_subscribe ev;
	memset(&ev, 0, sizeof(ev));
	ev.sctp_data_io_event = 1; /* struct sctp_sndrcvinfo with each message */
	ev.sctp_association_event = 1;
	ev.sctp_send_failure_event = 1;
	ev.sctp_shutdown_event = 1;
	ev.sctp_sender_dry_event = 1;
	/* Older kernels reject a struct longer than theirs: retry with the
	 * fields up to sender_dry_event. */
	if (setsockopt(ep->fd, IPPROTO_SCTP, SCTP_EVENTS, &ev, sizeof(ev)) < 0 &&
	    k_setopt(ep, IPPROTO_SCTP, SCTP_EVENTS, &ev,
		     offsetof(struct sctp_event_subscribe, sctp_sender_dry_event) + 1,
		     "SCTP_EVENTS") < 0)
		goto err;
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
	if (k_setopt(ep, IPPROTO_SCTP, SCTP_NODELAY, &on, sizeof(on), "SCTP_NODELAY") < 0 ||
	    k_setopt(ep, IPPROTO_SCTP, SCTP_INITMSG, &im, sizeof(im), "SCTP_INITMSG") < 0 ||
	    k_setopt(ep, IPPROTO_SCTP, SCTP_RTOINFO, &rto, sizeof(rto), "SCTP_RTOINFO") < 0 ||
	    k_setopt(ep, IPPROTO_SCTP, SCTP_ASSOCINFO, &ap, sizeof(ap), "SCTP_ASSOCINFO") < 0 ||
	    k_setopt(ep, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, &pp, sizeof(pp),
		     "SCTP_PEER_ADDR_PARAMS") < 0 ||
	    k_setopt(ep, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on), "SO_REUSEADDR") < 0)
		goto err;
	int sb = (int)c->sndbuf, rb = (int)c->rcvbuf;
	if ((sb && k_setopt(ep, SOL_SOCKET, SO_SNDBUF, &sb, sizeof(sb), "SO_SNDBUF") < 0) ||
	    (rb && k_setopt(ep, SOL_SOCKET, SO_RCVBUF, &rb, sizeof(rb), "SO_RCVBUF") < 0))
		goto err;
	if (ev_io_start(ep->loop, &ep->io, ep->fd, EV_READ, k_io, ep) < 0)
		goto err;
	return 0;
err:
	close(ep->fd);
	ep->fd = -1;
	return -E_IO;
}

static void k_close(struct net_sctp *ep)
{
	if (ep->fd < 0)
		return;
	ev_io_stop(ep->loop, &ep->io);
	/* Linger 0: close aborts every association still there (RFC 6458 8.1.4). */
	struct linger l = { .l_onoff = 1, .l_linger = 0 };
	setsockopt(ep->fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	close(ep->fd);
	ep->fd = -1;
}

static int k_listen(struct net_sctp *ep, const struct net_addr *local)
{
	if (bind(ep->fd, &local->u.sa, local->len) < 0 || listen(ep->fd, 128) < 0)
		return -E_IO;
	ep->bound = true;
	return 0;
}

static int k_connect(struct net_sctp *ep, const struct net_addr *peer, uint32_t *id, void **tpeer)
{
	sctp_assoc_t aid = 0;
	struct net_addr pa = *peer;

	/* sctp_connectx returns the new association's id (RFC 6458 9.9). */
	if (sctp_connectx(ep->fd, &pa.u.sa, 1, &aid) < 0 && errno != EINPROGRESS)
		return errno == EALREADY || errno == EISCONN ? -E_EXIST : -E_IO;
	if (aid == 0) {
		errno = ENOENT;
		return -E_IO;
	}
	*id = (uint32_t)aid;
	*tpeer = NULL;
	return 0;
}

static int k_send(struct net_sctp *ep, uint32_t id, uint16_t sid, uint32_t ppid, const void *data,
		  size_t len, unsigned flags)
{
	struct sctp_sndrcvinfo si;

	memset(&si, 0, sizeof(si));
	si.sinfo_stream = sid;
	si.sinfo_ppid = htonl(ppid); /* the stack wants network order */
	si.sinfo_assoc_id = (sctp_assoc_t)id;
	if (flags & SCTP_SEND_EOF)
		si.sinfo_flags = SCTP_EOF;
	else if (flags & SCTP_SEND_ABORT)
		si.sinfo_flags = SCTP_ABORT;
	if (sctp_send(ep->fd, data, len, &si, MSG_DONTWAIT) >= 0)
		return 0;
	if (errno == EAGAIN || errno == EWOULDBLOCK) {
		ev_io_set(ep->loop, &ep->io, EV_READ | EV_WRITE);
		return -E_AGAIN;
	}
	return -E_IO;
}

static int k_peer_addr(struct net_sctp *ep, uint32_t id, struct net_addr *out, void **tpeer)
{
	struct sockaddr *addrs = NULL;
	int n = sctp_getpaddrs(ep->fd, (sctp_assoc_t)id, &addrs);
	int rc = -E_NOTFOUND;

	*tpeer = NULL;
	if (n > 0 && addrs) {
		socklen_t len = addrs->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
							     : sizeof(struct sockaddr_in);
		rc = net_addr_from_sa(out, addrs, len) < 0 ? -E_NOTFOUND : 0;
	}
	if (addrs)
		sctp_freepaddrs(addrs);
	return rc;
}

const struct net_sctp_ops net_sctp_kernel_ops = {
	.name = "kernel",
	.open = k_open,
	.close = k_close,
	.listen = k_listen,
	.connect = k_connect,
	.send = k_send,
	.peer_addr = k_peer_addr,
	.assoc_gone = NULL,
};
