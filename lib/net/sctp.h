/* sctp.h — SCTP associations for N2 (NGAP) and for ngsim, one API over two
 * backends:
 *
 *   kernel       Linux kernel SCTP through libsctp (one-to-many socket).
 *   usrsctp      the usrsctp user-space stack, real SCTP on the wire through a
 *                raw IP protocol-132 socket (needs CAP_NET_RAW).
 *   usrsctp-udp  usrsctp over RFC 6951 UDP encapsulation.
 *   auto         kernel if socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP) works
 *                and the kernel backend was built, else usrsctp (raw).
 *
 * An endpoint (struct net_sctp) is one socket: it can listen (server: one
 * association per gNB) and/or connect (client). Each association gets a
 * handle {index, generation} from a pool: hold that across events, never a
 * pointer; once the association is gone the handle goes stale and every call
 * with it returns -E_NOTFOUND.
 *
 * Events reach the application through callbacks on the loop's thread:
 * up (peer address, stream counts), down (reason), restart (the peer
 * restarted: RFC 4960 5.2.4; NGAP state must be rebuilt), data (association,
 * stream, PPID, bytes), writable (send-buffer pressure is over). PPIDs are
 * given and reported in host order (60 for NGAP); the backends convert to the
 * network order the stacks expect.
 *
 * usrsctp state is process-wide: the first usrsctp endpoint binds the stack
 * to its loop, and only that loop's thread may use usrsctp endpoints for the
 * rest of the process (another loop gets -E_STATE and a log line). Its
 * transport (raw or UDP, encapsulation port) is fixed by that first endpoint
 * too. See lib/net/README.md for the pitfalls.
 */
#ifndef NGCORE_NET_SCTP_H
#define NGCORE_NET_SCTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/core/cfg.h"
#include "lib/core/pool.h"
#include "lib/ev/ev.h"
#include "lib/net/addr.h"

#define NET_SCTP_PPID_NGAP	 60 /* TS 38.412 7: SCTP payload protocol identifier for NGAP */
#define NET_SCTP_PORT_NGAP	 38412 /* TS 38.412 7: SCTP destination port of the AMF */
#define NET_SCTP_UDP_ENCAPS_PORT 9899 /* RFC 6951 5.1: IANA port for SCTP over UDP */

enum net_sctp_backend {
	NET_SCTP_AUTO, /* kernel if available, else usrsctp */
	NET_SCTP_KERNEL, /* libsctp + kernel SCTP */
	NET_SCTP_USRSCTP, /* usrsctp over a raw protocol-132 socket */
	NET_SCTP_USRSCTP_UDP, /* usrsctp over UDP (RFC 6951) */
};

/* Names for config and logs, indexed by enum net_sctp_backend, NULL-terminated. */
extern const char *const net_sctp_backend_names[];

/* Why an association went down. */
enum net_sctp_down {
	NET_SCTP_DOWN_SHUTDOWN, /* graceful SHUTDOWN completed (either side began it) */
	NET_SCTP_DOWN_PEER_ABORT, /* the peer sent ABORT */
	NET_SCTP_DOWN_LOST, /* retransmissions/heartbeats exhausted: peer unreachable */
	NET_SCTP_DOWN_ABORTED, /* we aborted it (net_sctp_abort, shutdown timeout, no room) */
	NET_SCTP_DOWN_CONNECT_FAIL, /* a connect() never came up */
	NET_SCTP_DOWN_CLOSED, /* the endpoint was closed */
};
const char *net_sctp_down_str(enum net_sctp_down r);

/* Settings; net_sctp_cfg_defaults() fills them, net_sctp_cfg_fields loads
 * them from YAML (nest with CFG_F_MAP("sctp", ..., net_sctp_cfg_fields)). */
struct net_sctp_cfg {
	int backend; /* enum net_sctp_backend */
	int64_t in_streams; /* inbound streams we accept (1..65535) */
	int64_t out_streams; /* outbound streams we ask for (1..65535) */
	uint16_t udp_local_port; /* usrsctp-udp: our UDP port (0: the kernel picks) */
	uint16_t udp_remote_port; /* usrsctp-udp: the peer's UDP port for connect() */
	int64_t max_assocs; /* associations one endpoint holds at most */
	int64_t hb_interval_ms; /* heartbeat interval (DURATION) */
	int64_t rto_initial_ms; /* RTO.Initial (RFC 4960 15) */
	int64_t rto_min_ms; /* RTO.Min */
	int64_t rto_max_ms; /* RTO.Max */
	int64_t max_retrans; /* Association.Max.Retrans and Path.Max.Retrans */
	int64_t max_init_retrans; /* Max.Init.Retransmits */
	int64_t shutdown_timeout_ms; /* ABORT when a graceful shutdown has not completed by then */
	int64_t sndbuf; /* socket send buffer bytes (0: stack default) */
	int64_t rcvbuf; /* socket receive buffer bytes (0: stack default) */
};

/* Keys: backend (auto|kernel|usrsctp|usrsctp-udp), in_streams, out_streams,
 * udp_local_port, udp_remote_port, max_assocs, hb_interval, rto_initial,
 * rto_min, rto_max (durations such as "200ms"), max_retrans,
 * max_init_retrans, shutdown_timeout, sndbuf, rcvbuf. Nest it as
 *   { .key = "sctp", .type = CFG_MAP, .off = offsetof(T, sctp),
 *     .sub = net_sctp_cfg_fields, .check = net_sctp_cfg_check }
 * so that the RTO bounds are checked against each other. */
extern const struct cfg_field net_sctp_cfg_fields[];
/* Cross-field check (cfg_field.check): NULL, or what is wrong and *key. */
const char *net_sctp_cfg_check(const void *cfg, const char **key);
void net_sctp_cfg_defaults(struct net_sctp_cfg *cfg);

/* What the up and restart callbacks are told about an association. */
struct net_sctp_assoc_info {
	struct net_addr peer; /* peer's primary address and SCTP port */
	uint16_t in_streams; /* inbound streams negotiated */
	uint16_t out_streams; /* outbound streams negotiated */
	uint32_t backend_id; /* the stack's sctp_assoc_t, for logs */
};

struct net_sctp;

struct net_sctp_cbs {
	/* The association is established (SCTP_COMM_UP). */
	void (*up)(struct net_sctp *ep, struct handle assoc, const struct net_sctp_assoc_info *info,
		   void *user);
	/* The association is gone; its handle is stale when this returns. */
	void (*down)(struct net_sctp *ep, struct handle assoc, enum net_sctp_down why, void *user);
	/* The peer restarted the association (SCTP_RESTART); streams may differ. */
	void (*restart)(struct net_sctp *ep, struct handle assoc,
			const struct net_sctp_assoc_info *info, void *user);
	/* One complete user message; data is valid until the callback returns. */
	void (*data)(struct net_sctp *ep, struct handle assoc, uint16_t stream, uint32_t ppid,
		     const uint8_t *data, size_t len, void *user);
	/* A send returned -E_AGAIN earlier on this association and there is room
	 * again. Optional. */
	void (*writable)(struct net_sctp *ep, struct handle assoc, void *user);
};

/* Endpoint statistics. */
struct net_sctp_stats {
	uint64_t rx_msgs; /* user messages delivered */
	uint64_t rx_bytes; /* their bytes */
	uint64_t tx_msgs; /* user messages accepted by the stack */
	uint64_t tx_bytes; /* their bytes */
	uint64_t tx_again; /* sends refused: send buffer full */
	uint64_t send_failed; /* messages the stack reported undeliverable */
	uint64_t rx_too_long; /* messages dropped: longer than NET_SCTP_MSG_MAX */
	uint64_t assoc_refused; /* associations aborted: pool full */
};

#define NET_SCTP_MSG_MAX (256 * 1024) /* longest user message reassembled */

/* Creates an endpoint on loop with cfg (copied) and callbacks (copied).
 * Returns 0 and *out, or -E_UNSUPP (backend not built or not usable here),
 * -E_STATE (usrsctp is owned by another loop or set up with another
 * transport), -E_NOMEM, -E_IO, -E_CONFIG. Logs why on failure. */
int net_sctp_new(struct net_sctp **out, struct ev_loop *loop, const struct net_sctp_cfg *cfg,
		 const struct net_sctp_cbs *cbs, void *user);
/* Which backend an endpoint ended up with (never NET_SCTP_AUTO). */
enum net_sctp_backend net_sctp_backend(const struct net_sctp *ep);

/* Binds to local (address and SCTP port) and listens. 0, -E_IO, -E_STATE. */
int net_sctp_listen(struct net_sctp *ep, const struct net_addr *local);
/* Starts an association to peer (address and SCTP port); with usrsctp-udp
 * the peer's UDP port is cfg.udp_remote_port. Non-blocking: *assoc is valid
 * at once, and up or down (CONNECT_FAIL) follows. 0, -E_NOMEM, -E_EXIST (an
 * association with that peer address and port exists already), -E_IO. */
int net_sctp_connect(struct net_sctp *ep, const struct net_addr *peer, struct handle *assoc);

/* Queues one user message on stream with ppid (host order). 0, -E_NOTFOUND
 * (stale handle), -E_STATE (not up), -E_RANGE (stream >= out_streams),
 * -E_AGAIN (send buffer full: wait for writable), -E_IO. */
int net_sctp_send(struct net_sctp *ep, struct handle assoc, uint16_t stream, uint32_t ppid,
		  const void *data, size_t len);
/* Graceful SHUTDOWN (queued data is delivered first); ABORT follows after
 * cfg.shutdown_timeout_ms. down reports the end. 0 or -E_NOTFOUND. */
int net_sctp_shutdown(struct net_sctp *ep, struct handle assoc);
/* ABORT now; down(NET_SCTP_DOWN_ABORTED) is called before this returns. */
int net_sctp_abort(struct net_sctp *ep, struct handle assoc);

/* Information about a live association; NULL for a stale handle. */
const struct net_sctp_assoc_info *net_sctp_info(const struct net_sctp *ep, struct handle assoc);
size_t net_sctp_assoc_count(const struct net_sctp *ep);
const struct net_sctp_stats *net_sctp_stats(const struct net_sctp *ep);
/* usrsctp-udp: the UDP port the process's encapsulation socket is bound to. */
uint16_t net_sctp_udp_port(const struct net_sctp *ep);

/* Shuts every association down gracefully (ABORT after the timeout), then
 * frees the endpoint and calls done(loop, arg) from the loop. down is called
 * for each association. May be called from a callback. */
void net_sctp_close(struct net_sctp *ep, ev_call_cb done, void *arg);
/* Aborts every association (no callbacks) and frees the endpoint at once.
 * From inside one of its callbacks the free is deferred to a safe point. */
void net_sctp_free(struct net_sctp *ep);

/* Releases the process-wide usrsctp state (call after the last endpoint is
 * freed, at exit; lets leak checkers see a clean process). Returns 0, or
 * -E_STATE if endpoints remain or usrsctp still holds associations. */
int net_sctp_global_fini(void);

#endif
