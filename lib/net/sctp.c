/* sctp.c — the backend-independent half of lib/net's SCTP: configuration,
 * the association table (pool + id map), callbacks, shutdown timers and
 * endpoint life cycle. The stacks live in sctp_usrsctp.c and sctp_kernel.c. */
#include "lib/net/sctp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/net/sctp_int.h"

const char *const net_sctp_backend_names[] = { "auto", "kernel", "usrsctp", "usrsctp-udp", NULL };

const char *net_sctp_cfg_check(const void *obj, const char **key)
{
	const struct net_sctp_cfg *c = obj;

	if (c->rto_min_ms > c->rto_max_ms) {
		*key = "rto_min";
		return "greater than rto_max";
	}
	if (c->rto_initial_ms < c->rto_min_ms || c->rto_initial_ms > c->rto_max_ms) {
		*key = "rto_initial";
		return "outside [rto_min, rto_max]";
	}
	return NULL;
}

const struct cfg_field net_sctp_cfg_fields[] = {
	CFG_F_ENUM("backend", struct net_sctp_cfg, backend, net_sctp_backend_names),
	CFG_F_INT("in_streams", struct net_sctp_cfg, in_streams, 1, 65535),
	CFG_F_INT("out_streams", struct net_sctp_cfg, out_streams, 1, 65535),
	CFG_F_PORT("udp_local_port", struct net_sctp_cfg, udp_local_port),
	CFG_F_PORT("udp_remote_port", struct net_sctp_cfg, udp_remote_port),
	CFG_F_INT("max_assocs", struct net_sctp_cfg, max_assocs, 1, 1000000),
	CFG_F_DURATION("hb_interval", struct net_sctp_cfg, hb_interval_ms, 10, 3600000),
	CFG_F_DURATION("rto_initial", struct net_sctp_cfg, rto_initial_ms, 10, 600000),
	CFG_F_DURATION("rto_min", struct net_sctp_cfg, rto_min_ms, 10, 600000),
	CFG_F_DURATION("rto_max", struct net_sctp_cfg, rto_max_ms, 10, 600000),
	CFG_F_INT("max_retrans", struct net_sctp_cfg, max_retrans, 1, 255),
	CFG_F_INT("max_init_retrans", struct net_sctp_cfg, max_init_retrans, 1, 255),
	CFG_F_DURATION("shutdown_timeout", struct net_sctp_cfg, shutdown_timeout_ms, 10, 600000),
	CFG_F_INT("sndbuf", struct net_sctp_cfg, sndbuf, 0, 1 << 30),
	CFG_F_INT("rcvbuf", struct net_sctp_cfg, rcvbuf, 0, 1 << 30),
	CFG_FIELD_END,
};

void net_sctp_cfg_defaults(struct net_sctp_cfg *c)
{
	memset(c, 0, sizeof(*c));
	c->backend = NET_SCTP_AUTO;
	c->in_streams = 16;
	c->out_streams = 16;
	c->udp_local_port = NET_SCTP_UDP_ENCAPS_PORT;
	c->udp_remote_port = NET_SCTP_UDP_ENCAPS_PORT;
	c->max_assocs = 1024;
	/* RFC 4960 15 suggests 30 s / 1 s / 60 s / 3 s; N2 peers sit on the
	 * same site or close, so failures are found in seconds, not minutes. */
	c->hb_interval_ms = 5000;
	c->rto_initial_ms = 1000;
	c->rto_min_ms = 200;
	c->rto_max_ms = 3000;
	c->max_retrans = 5;
	c->max_init_retrans = 8;
	c->shutdown_timeout_ms = 5000;
}

const char *net_sctp_down_str(enum net_sctp_down r)
{
	switch (r) {
	case NET_SCTP_DOWN_SHUTDOWN: return "shutdown";
	case NET_SCTP_DOWN_PEER_ABORT: return "peer-abort";
	case NET_SCTP_DOWN_LOST: return "lost";
	case NET_SCTP_DOWN_ABORTED: return "aborted";
	case NET_SCTP_DOWN_CONNECT_FAIL: return "connect-failed";
	case NET_SCTP_DOWN_CLOSED: return "closed";
	}
	return "?";
}

static void ep_destroy(struct net_sctp *ep);

void sctp_enter(struct net_sctp *ep)
{
	ep->busy++;
}

bool sctp_leave(struct net_sctp *ep)
{
	if (--ep->busy == 0 && ep->dead) {
		ep_destroy(ep);
		return false;
	}
	return true;
}

static struct net_sctp_assoc *assoc_by_id(struct net_sctp *ep, uint32_t id)
{
	uint64_t v;

	if (hmap_get_u64(&ep->by_id, id, &v) < 0)
		return NULL;
	return pool_get(&ep->assocs, handle_unpack(v));
}

static void want_clear(struct net_sctp *ep, struct net_sctp_assoc *a)
{
	if (a->want_writable) {
		a->want_writable = false;
		ep->nwant--;
	}
}

static struct net_sctp_assoc *assoc_get(const struct net_sctp *ep, struct handle h)
{
	struct net_sctp_assoc *a = pool_get(&ep->assocs, h);
	return a && a->state != AS_DOWN ? a : NULL;
}

static void close_finish(struct ev_loop *loop, void *arg)
{
	struct net_sctp *ep = arg;
	ev_call_cb done = ep->close_done;
	void *darg = ep->close_arg;

	ep->dead = true;
	if (ep->busy == 0)
		ep_destroy(ep);
	if (done)
		done(loop, darg);
}

/* Queues close_finish once; the endpoint stays allocated until it runs. */
static void schedule_close(struct net_sctp *ep)
{
	if (!ep->close_scheduled && ev_defer(ep->loop, close_finish, ep) == 0)
		ep->close_scheduled = true;
}

/* Removes a from the table, tells the application, frees the slot. */
static void assoc_finish(struct net_sctp *ep, struct net_sctp_assoc *a, enum net_sctp_down why)
{
	struct handle h = pool_handle(&ep->assocs, a);
	bool was_up = a->state == AS_UP || a->state == AS_CLOSING;
	char peer[NET_ADDR_STRLEN];

	ev_timer_stop(ep->loop, &a->t_shutdown);
	want_clear(ep, a);
	hmap_del_u64(&ep->by_id, a->id);
	if (ep->ops->assoc_gone)
		ep->ops->assoc_gone(ep, a);
	a->state = AS_DOWN;
	LOG(LOG_INFO, ep->ctx, "association %u %s down: %s", a->id,
	    net_addr_str(&a->info.peer, peer, sizeof(peer)), net_sctp_down_str(why));
	/* A connect that never came up is reported too: the caller holds its handle. */
	if (ep->cbs.down && !ep->dead &&
	    (was_up || why == NET_SCTP_DOWN_CONNECT_FAIL || a->info.peer.len))
		ep->cbs.down(ep, h, why, ep->user);
	pool_free(&ep->assocs, a);
	if (ep->closing && ep->assocs.used == 0 && !ep->dead)
		schedule_close(ep);
}

static void shutdown_timeout(struct ev_loop *loop, struct ev_timer *t)
{
	struct net_sctp_assoc *a = t->data;
	struct net_sctp *ep = a->ep;

	LOG(LOG_NOTICE, ep->ctx, "association %u: SHUTDOWN not complete after %lld ms, ABORT",
	    a->id, (long long)ep->cfg.shutdown_timeout_ms);
	sctp_enter(ep);
	ep->ops->send(ep, a->id, 0, 0, NULL, 0, SCTP_SEND_ABORT);
	assoc_finish(ep, a, NET_SCTP_DOWN_ABORTED);
	sctp_leave(ep);
}

static void start_shutdown(struct net_sctp *ep, struct net_sctp_assoc *a)
{
	if (a->state == AS_CONNECTING) {
		ep->ops->send(ep, a->id, 0, 0, NULL, 0, SCTP_SEND_ABORT);
		assoc_finish(ep, a, NET_SCTP_DOWN_ABORTED);
		return;
	}
	if (a->state == AS_CLOSING)
		return; /* SHUTDOWN already sent: a second EOF would fail and turn into an ABORT */
	a->state = AS_CLOSING;
	if (!ev_timer_armed(&a->t_shutdown))
		ev_timer_start(ep->loop, &a->t_shutdown, (uint64_t)ep->cfg.shutdown_timeout_ms,
			       shutdown_timeout, a);
	if (ep->ops->send(ep, a->id, 0, 0, NULL, 0, SCTP_SEND_EOF) < 0) {
		ep->ops->send(ep, a->id, 0, 0, NULL, 0, SCTP_SEND_ABORT);
		assoc_finish(ep, a, NET_SCTP_DOWN_ABORTED);
	}
}

static void assoc_up(struct net_sctp *ep, uint32_t id, uint16_t in, uint16_t out)
{
	struct net_sctp_assoc *a = assoc_by_id(ep, id);
	struct handle h;
	char peer[NET_ADDR_STRLEN];

	if (!a) { /* server side: a new association */
		a = pool_alloc(&ep->assocs, &h);
		if (!a || hmap_set_u64(&ep->by_id, id, handle_pack(h)) < 0) {
			if (a)
				pool_free(&ep->assocs, a);
			ep->stats.assoc_refused++;
			LOG_RL(LOG_WARN, ep->ctx, "association %u refused: %u associations in use",
			       id, ep->assocs.used);
			ep->ops->send(ep, id, 0, 0, NULL, 0, SCTP_SEND_ABORT);
			return;
		}
		a->ep = ep;
		a->id = id;
		if (ep->ops->peer_addr(ep, id, &a->info.peer, &a->peer) < 0)
			LOG_RL(LOG_NOTICE, ep->ctx, "association %u: peer address unknown", id);
	} else if (a->state != AS_CONNECTING) {
		return; /* a duplicate */
	}
	h = pool_handle(&ep->assocs, a);
	a->state = AS_UP;
	a->info.in_streams = in;
	a->info.out_streams = out;
	a->info.backend_id = id;
	LOG(LOG_INFO, ep->ctx, "association %u up with %s, streams in %u out %u", id,
	    net_addr_str(&a->info.peer, peer, sizeof(peer)), in, out);
	if (ep->cbs.up)
		ep->cbs.up(ep, h, &a->info, ep->user);
	a = assoc_get(ep, h);
	if (a && ep->closing && !ep->dead)
		start_shutdown(ep, a);
}

void sctp_on_event(struct net_sctp *ep, enum sctp_nev ev, uint32_t id, uint16_t in_streams,
		   uint16_t out_streams, bool peer_abort)
{
	struct net_sctp_assoc *a;

	if (ep->dead)
		return;
	switch (ev) {
	case NEV_COMM_UP: assoc_up(ep, id, in_streams, out_streams); return;
	case NEV_RESTART:
		a = assoc_by_id(ep, id);
		if (!a)
			return;
		a->info.in_streams = in_streams;
		a->info.out_streams = out_streams;
		LOG(LOG_NOTICE, ep->ctx, "association %u: peer restarted", id);
		if (ep->cbs.restart)
			ep->cbs.restart(ep, pool_handle(&ep->assocs, a), &a->info, ep->user);
		return;
	case NEV_COMM_LOST:
	case NEV_SHUTDOWN_COMP:
	case NEV_CANT_START:
		a = assoc_by_id(ep, id);
		if (!a)
			return;
		if (ev == NEV_SHUTDOWN_COMP)
			assoc_finish(ep, a, NET_SCTP_DOWN_SHUTDOWN);
		else if (ev == NEV_CANT_START && a->state == AS_CONNECTING)
			assoc_finish(ep, a, NET_SCTP_DOWN_CONNECT_FAIL);
		else
			assoc_finish(ep, a,
				     peer_abort ? NET_SCTP_DOWN_PEER_ABORT : NET_SCTP_DOWN_LOST);
		return;
	case NEV_PEER_SHUTDOWN:
		a = assoc_by_id(ep, id);
		if (a && a->state != AS_CLOSING) {
			a->state = AS_CLOSING;
			ev_timer_start(ep->loop, &a->t_shutdown,
				       (uint64_t)ep->cfg.shutdown_timeout_ms, shutdown_timeout, a);
		}
		return;
	case NEV_SEND_FAILED:
		ep->stats.send_failed++;
		LOG_RL(LOG_NOTICE, ep->ctx, "association %u: a message could not be delivered", id);
		return;
	case NEV_DRY:
		a = assoc_by_id(ep, id);
		if (a && a->want_writable && a->state == AS_UP) {
			want_clear(ep, a);
			if (ep->cbs.writable)
				ep->cbs.writable(ep, pool_handle(&ep->assocs, a), ep->user);
		}
		return;
	}
}

void sctp_on_data(struct net_sctp *ep, uint32_t id, uint16_t sid, uint32_t ppid_host,
		  const uint8_t *data, size_t len, bool eor)
{
	if (ep->dead)
		return;
	if (!eor || ep->rlen) { /* partial delivery: gather the pieces */
		if (ep->rdrop || ep->rlen + len > NET_SCTP_MSG_MAX) {
			ep->rdrop = true;
		} else {
			if (ep->rlen + len > ep->rcap) {
				size_t cap = ep->rcap ? ep->rcap : 65536;
				while (cap < ep->rlen + len)
					cap *= 2;
				uint8_t *b = realloc(ep->rbuf, cap);
				if (!b) {
					ep->rdrop = true;
				} else {
					ep->rbuf = b;
					ep->rcap = cap;
				}
			}
			if (!ep->rdrop) {
				memcpy(ep->rbuf + ep->rlen, data, len);
				ep->rlen += len;
			}
		}
		if (!eor)
			return;
		data = ep->rbuf;
		len = ep->rlen;
		ep->rlen = 0;
		if (ep->rdrop) {
			ep->rdrop = false;
			ep->stats.rx_too_long++;
			LOG_RL(LOG_NOTICE, ep->ctx,
			       "association %u: message longer than %u bytes dropped", id,
			       NET_SCTP_MSG_MAX);
			return;
		}
	}
	struct net_sctp_assoc *a = assoc_by_id(ep, id);
	if (!a || a->state == AS_DOWN)
		return;
	ep->stats.rx_msgs++;
	ep->stats.rx_bytes += len;
	if (ep->cbs.data)
		ep->cbs.data(ep, pool_handle(&ep->assocs, a), sid, ppid_host, data, len, ep->user);
}

static void writable_one(void *obj, void *arg)
{
	struct net_sctp_assoc *a = obj;
	struct net_sctp *ep = arg;

	if (ep->dead || !a->want_writable || a->state != AS_UP)
		return;
	want_clear(ep, a);
	if (ep->cbs.writable)
		ep->cbs.writable(ep, pool_handle(&ep->assocs, a), ep->user);
}

void sctp_on_writable(struct net_sctp *ep)
{
	if (ep->nwant == 0)
		return;
	pool_foreach(&ep->assocs, writable_one, ep);
}

int net_sctp_new(struct net_sctp **out, struct ev_loop *loop, const struct net_sctp_cfg *cfg,
		 const struct net_sctp_cbs *cbs, void *user)
{
	struct net_sctp *ep = calloc(1, sizeof(*ep));
	int rc;

	*out = NULL;
	if (!ep)
		return -E_NOMEM;
	ep->loop = loop;
	ep->cfg = *cfg;
	ep->cbs = *cbs;
	ep->user = user;
	ep->fd = -1;
	const char *key = NULL;
	if (cfg->in_streams < 1 || cfg->in_streams > 65535 || cfg->out_streams < 1 ||
	    cfg->out_streams > 65535 || cfg->max_assocs < 1 || cfg->max_assocs > 1000000 ||
	    cfg->rto_min_ms < 1 || cfg->hb_interval_ms < 1 || cfg->max_retrans < 1 ||
	    cfg->max_init_retrans < 1 || cfg->shutdown_timeout_ms < 1 ||
	    net_sctp_cfg_check(cfg, &key)) {
		LOG(LOG_ERROR, "sctp", "bad settings%s%s", key ? ": " : "", key ? key : "");
		free(ep);
		return -E_CONFIG;
	}
	enum net_sctp_backend b = (enum net_sctp_backend)cfg->backend;
	if (b == NET_SCTP_AUTO) {
#ifdef NGCORE_HAVE_KERNEL_SCTP
		b = net_sctp_kernel_available() ? NET_SCTP_KERNEL : NET_SCTP_USRSCTP;
#else
		b = NET_SCTP_USRSCTP;
#endif
		LOG(LOG_INFO, "sctp", "backend auto: %s", net_sctp_backend_names[b]);
	}
	ep->backend = b;
	snprintf(ep->ctx, sizeof(ep->ctx), "sctp[%s]", net_sctp_backend_names[b]);
	switch (b) {
	case NET_SCTP_KERNEL:
#ifdef NGCORE_HAVE_KERNEL_SCTP
		ep->ops = &net_sctp_kernel_ops;
		break;
#else
		LOG(LOG_ERROR, ep->ctx,
		    "not built: libsctp or netinet/sctp.h was missing at build time");
		free(ep);
		return -E_UNSUPP;
#endif
	case NET_SCTP_USRSCTP:
	case NET_SCTP_USRSCTP_UDP:
		rc = net_sctp_usrsctp_prepare(loop, cfg, b == NET_SCTP_USRSCTP_UDP);
		if (rc < 0) {
			free(ep);
			return rc;
		}
		ep->ops = &net_sctp_usrsctp_ops;
		break;
	default: free(ep); return -E_CONFIG;
	}
	rc = pool_init(&ep->assocs, "sctp-assoc", sizeof(struct net_sctp_assoc),
		       (uint32_t)cfg->max_assocs);
	if (rc < 0)
		goto err_free;
	rc = hmap_init(&ep->by_id, (size_t)cfg->max_assocs);
	if (rc < 0)
		goto err_pool;
	rc = ep->ops->open(ep);
	if (rc < 0)
		goto err_hmap;
	*out = ep;
	return 0;

err_hmap:
	hmap_fini(&ep->by_id);
err_pool:
	pool_fini(&ep->assocs);
err_free:
	free(ep);
	return rc;
}

enum net_sctp_backend net_sctp_backend(const struct net_sctp *ep)
{
	return ep->backend;
}

int net_sctp_listen(struct net_sctp *ep, const struct net_addr *local)
{
	char s[NET_ADDR_STRLEN];

	if (ep->dead || ep->closing)
		return -E_STATE;
	int rc = ep->ops->listen(ep, local);
	if (rc < 0) {
		LOG(LOG_ERROR, ep->ctx, "listen on %s: %s (%s)", net_addr_str(local, s, sizeof(s)),
		    err_str(rc), strerror(errno));
		return rc;
	}
	ep->listening = true;
	snprintf(ep->ctx, sizeof(ep->ctx), "sctp[%s :%u]", net_sctp_backend_names[ep->backend],
		 net_addr_port(local));
	LOG(LOG_INFO, ep->ctx, "listening on %s", net_addr_str(local, s, sizeof(s)));
	return 0;
}

int net_sctp_connect(struct net_sctp *ep, const struct net_addr *peer, struct handle *out)
{
	struct handle h;
	char s[NET_ADDR_STRLEN];

	*out = HANDLE_NONE;
	if (ep->dead || ep->closing)
		return -E_STATE;
	struct net_sctp_assoc *a = pool_alloc(&ep->assocs, &h);
	if (!a)
		return -E_NOMEM;
	a->ep = ep;
	a->state = AS_CONNECTING;
	a->info.peer = *peer;
	int rc = ep->ops->connect(ep, peer, &a->id, &a->peer);
	if (rc < 0) {
		LOG(LOG_ERROR, ep->ctx, "connect to %s: %s (%s)", net_addr_str(peer, s, sizeof(s)),
		    err_str(rc), strerror(errno));
		pool_free(&ep->assocs, a);
		return rc;
	}
	if (hmap_set_u64(&ep->by_id, a->id, handle_pack(h)) < 0) {
		ep->ops->send(ep, a->id, 0, 0, NULL, 0, SCTP_SEND_ABORT);
		if (ep->ops->assoc_gone)
			ep->ops->assoc_gone(ep, a);
		pool_free(&ep->assocs, a);
		return -E_NOMEM;
	}
	a->info.backend_id = a->id;
	LOG(LOG_INFO, ep->ctx, "association %u: connecting to %s", a->id,
	    net_addr_str(peer, s, sizeof(s)));
	*out = h;
	return 0;
}

int net_sctp_send(struct net_sctp *ep, struct handle h, uint16_t stream, uint32_t ppid,
		  const void *data, size_t len)
{
	struct net_sctp_assoc *a = assoc_get(ep, h);

	if (!a)
		return -E_NOTFOUND;
	if (a->state != AS_UP)
		return -E_STATE;
	if (stream >= a->info.out_streams)
		return -E_RANGE;
	if (len == 0)
		return -E_INVAL;
	int rc = ep->ops->send(ep, a->id, stream, ppid, data, len, 0);
	if (rc == -E_AGAIN) {
		if (!a->want_writable) {
			a->want_writable = true;
			ep->nwant++;
		}
		ep->stats.tx_again++;
		return rc;
	}
	if (rc < 0)
		return rc;
	ep->stats.tx_msgs++;
	ep->stats.tx_bytes += len;
	return 0;
}

int net_sctp_shutdown(struct net_sctp *ep, struct handle h)
{
	struct net_sctp_assoc *a = assoc_get(ep, h);

	if (!a)
		return -E_NOTFOUND;
	sctp_enter(ep);
	start_shutdown(ep, a);
	sctp_leave(ep);
	return 0;
}

int net_sctp_abort(struct net_sctp *ep, struct handle h)
{
	struct net_sctp_assoc *a = assoc_get(ep, h);

	if (!a)
		return -E_NOTFOUND;
	sctp_enter(ep);
	ep->ops->send(ep, a->id, 0, 0, NULL, 0, SCTP_SEND_ABORT);
	assoc_finish(ep, a, NET_SCTP_DOWN_ABORTED);
	sctp_leave(ep);
	return 0;
}

const struct net_sctp_assoc_info *net_sctp_info(const struct net_sctp *ep, struct handle h)
{
	const struct net_sctp_assoc *a = assoc_get(ep, h);
	return a && a->state != AS_CONNECTING ? &a->info : NULL;
}

size_t net_sctp_assoc_count(const struct net_sctp *ep)
{
	return ep->assocs.used;
}

const struct net_sctp_stats *net_sctp_stats(const struct net_sctp *ep)
{
	return &ep->stats;
}

uint16_t net_sctp_udp_port(const struct net_sctp *ep)
{
	return ep->backend == NET_SCTP_USRSCTP_UDP ? net_sctp_usrsctp_udp_port() : 0;
}

static void shutdown_one(void *obj, void *arg)
{
	struct net_sctp_assoc *a = obj;
	if (a->state == AS_UP || a->state == AS_CONNECTING)
		start_shutdown(arg, a);
}

void net_sctp_close(struct net_sctp *ep, ev_call_cb done, void *arg)
{
	if (ep->closing || ep->dead)
		return;
	ep->closing = true;
	ep->close_done = done;
	ep->close_arg = arg;
	LOG(LOG_INFO, ep->ctx, "closing: %u associations to shut down", ep->assocs.used);
	sctp_enter(ep);
	pool_foreach(&ep->assocs, shutdown_one, ep);
	if (ep->assocs.used == 0)
		schedule_close(ep);
	sctp_leave(ep);
}

static void forget_one(void *obj, void *arg)
{
	struct net_sctp_assoc *a = obj;
	struct net_sctp *ep = arg;

	ev_timer_stop(ep->loop, &a->t_shutdown);
	want_clear(ep, a);
	if (ep->ops->assoc_gone)
		ep->ops->assoc_gone(ep, a);
	pool_free(&ep->assocs, a);
}

static void ep_destroy(struct net_sctp *ep)
{
	ep->ops->close(ep); /* aborts what is left */
	pool_foreach(&ep->assocs, forget_one, ep);
	hmap_fini(&ep->by_id);
	pool_fini(&ep->assocs);
	free(ep->rbuf);
	free(ep);
}

void net_sctp_free(struct net_sctp *ep)
{
	if (!ep)
		return;
	ep->dead = true;
	if (ep->close_scheduled) { /* close_finish frees it; done is not called */
		ep->close_done = NULL;
		return;
	}
	if (ep->busy == 0)
		ep_destroy(ep);
}

int net_sctp_global_fini(void)
{
	return net_sctp_usrsctp_fini();
}
