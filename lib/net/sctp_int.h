/* sctp_int.h — what lib/net/sctp.c shares with its backends
 * (sctp_usrsctp.c, sctp_kernel.c). Not for use outside lib/net.
 *
 * The stacks' headers (usrsctp.h, netinet/sctp.h) define the same names with
 * different values, so each backend translates its notifications into the
 * neutral calls below, and sctp.c keeps the association table.
 */
#ifndef NGCORE_NET_SCTP_INT_H
#define NGCORE_NET_SCTP_INT_H

#include "lib/core/hash.h"
#include "lib/core/pool.h"
#include "lib/net/sctp.h"

struct socket;

enum sctp_astate {
	AS_CONNECTING, /* connect() issued, COMM_UP not seen yet */
	AS_UP, /* established */
	AS_CLOSING, /* SHUTDOWN sent or received */
	AS_DOWN, /* reported down, being freed */
};

struct net_sctp_assoc {
	struct net_sctp *ep; /* owning endpoint */
	uint32_t id; /* the stack's sctp_assoc_t */
	enum sctp_astate state; /* where the association is */
	struct net_sctp_assoc_info info; /* what up/restart report */
	bool want_writable; /* a send returned -E_AGAIN */
	struct ev_timer t_shutdown; /* ABORT when SHUTDOWN takes too long */
	void *peer; /* usrsctp: the transport peer (AF_CONN address) */
};

/* Backend operations (nginx-style table). All return 0 or -E_*. */
struct net_sctp_ops {
	const char *name;
	int (*open)(struct net_sctp *ep);
	/* Releases the socket; every association still there is aborted. */
	void (*close)(struct net_sctp *ep);
	int (*listen)(struct net_sctp *ep, const struct net_addr *local);
	/* Starts an association; sets *id and, for usrsctp, *peer. */
	int (*connect)(struct net_sctp *ep, const struct net_addr *peer, uint32_t *id,
		       void **tpeer);
	/* Sends a message (flags 0) or a bare SCTP_EOF / SCTP_ABORT. */
	int (*send)(struct net_sctp *ep, uint32_t id, uint16_t sid, uint32_t ppid, const void *data,
		    size_t len, unsigned flags);
	/* Peer's primary address (real IP and SCTP port) and transport peer. */
	int (*peer_addr)(struct net_sctp *ep, uint32_t id, struct net_addr *out, void **tpeer);
	/* The association left the table (drop the transport peer reference). */
	void (*assoc_gone)(struct net_sctp *ep, struct net_sctp_assoc *a);
};

#define SCTP_SEND_EOF	0x1u /* graceful shutdown of the association */
#define SCTP_SEND_ABORT 0x2u /* abort the association */

struct net_sctp {
	struct ev_loop *loop; /* loop all callbacks run on */
	struct net_sctp_cfg cfg; /* settings (copy) */
	struct net_sctp_cbs cbs; /* application callbacks (copy) */
	void *user; /* their argument */
	enum net_sctp_backend backend; /* resolved backend */
	const struct net_sctp_ops *ops; /* its operations */
	struct pool assocs; /* struct net_sctp_assoc */
	struct hmap by_id; /* sctp_assoc_t -> packed handle */
	struct net_sctp_stats stats; /* counters */
	int busy; /* nesting depth of backend->callback dispatch */
	bool dead; /* net_sctp_free called while busy */
	bool closing; /* net_sctp_close in progress */
	bool close_scheduled; /* close_finish is queued (ev_defer) */
	bool listening; /* listen() done */
	bool bound; /* the socket has a local port */
	uint32_t nwant; /* associations waiting for writable */
	ev_call_cb close_done; /* net_sctp_close's completion */
	void *close_arg; /* its argument */
	uint8_t *rbuf; /* partial-message reassembly */
	size_t rlen; /* bytes in rbuf */
	size_t rcap; /* rbuf capacity */
	bool rdrop; /* the message being reassembled is too long */
	char ctx[64]; /* log context "sctp[usrsctp :38412]" */
	/* kernel backend */
	int fd; /* one-to-many socket, or -1 */
	struct ev_io io; /* its watcher */
	/* usrsctp backend */
	struct socket *so; /* usrsctp socket */
	bool pending; /* on the usrsctp drain list */
	struct net_sctp *next_pending; /* drain list link */
	struct net_sctp *next_ep; /* list of all usrsctp endpoints */
};

extern const struct net_sctp_ops net_sctp_usrsctp_ops;
#ifdef NGCORE_HAVE_KERNEL_SCTP
extern const struct net_sctp_ops net_sctp_kernel_ops;
bool net_sctp_kernel_available(void);
#endif
/* usrsctp: binds the process-wide stack to loop with the transport of cfg. */
int net_sctp_usrsctp_prepare(struct ev_loop *loop, const struct net_sctp_cfg *cfg, bool udp);
uint16_t net_sctp_usrsctp_udp_port(void);
int net_sctp_usrsctp_fini(void);

/* Backend -> common. Calls between sctp_enter and sctp_leave may run
 * application callbacks; sctp_leave returns false if ep was freed. */
void sctp_enter(struct net_sctp *ep);
bool sctp_leave(struct net_sctp *ep);

enum sctp_nev {
	NEV_COMM_UP, /* SCTP_COMM_UP */
	NEV_RESTART, /* SCTP_RESTART */
	NEV_COMM_LOST, /* SCTP_COMM_LOST */
	NEV_SHUTDOWN_COMP, /* SCTP_SHUTDOWN_COMP */
	NEV_CANT_START, /* SCTP_CANT_STR_ASSOC */
	NEV_PEER_SHUTDOWN, /* SCTP_SHUTDOWN_EVENT: the peer sent SHUTDOWN */
	NEV_SEND_FAILED, /* a message could not be delivered */
	NEV_DRY, /* SCTP_SENDER_DRY_EVENT: everything sent was acknowledged */
};
/* peer_abort: an ABORT chunk came with COMM_LOST / CANT_START. */
void sctp_on_event(struct net_sctp *ep, enum sctp_nev ev, uint32_t id, uint16_t in_streams,
		   uint16_t out_streams, bool peer_abort);
/* A piece of a user message; eor marks its last piece. */
void sctp_on_data(struct net_sctp *ep, uint32_t id, uint16_t sid, uint32_t ppid_host,
		  const uint8_t *data, size_t len, bool eor);
/* The socket has room again: tell associations waiting for it. */
void sctp_on_writable(struct net_sctp *ep);

#endif
