/* sbi_conn.h — internal to lib/sbi: one HTTP/2 connection, server or client
 * side, over a non-blocking TCP socket with optional TLS, driven by lib/ev.
 *
 * The owner (server or client) creates the nghttp2 session with its own
 * callbacks and embeds a struct sbi_conn in its connection object. This
 * layer moves bytes: socket -> nghttp2_session_mem_recv, and
 * nghttp2_session_mem_send -> socket, batching output and waiting for
 * EV_WRITE when the socket is full. When the connection ends (EOF, error,
 * or the session has nothing more to do) it calls ops->on_close once; the
 * owner then frees its object at a safe point (ev_defer), never at once.
 *
 *   owner (sconn / cconn)
 *   +----------------------+
 *   | struct sbi_conn c ---+--> fd (+ SSL) --> epoll (struct ev_io)
 *   |   h2 (nghttp2)       |
 *   | owner state          |
 *   +----------------------+
 */
#ifndef NGCORE_SBI_CONN_H
#define NGCORE_SBI_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include <nghttp2/nghttp2.h>
#include <openssl/ssl.h>

#include "lib/ev/ev.h"

enum sbi_conn_state {
	SBI_CONN_CONNECTING, /* client: TCP connect in progress */
	SBI_CONN_HANDSHAKE, /* TLS handshake in progress */
	SBI_CONN_OPEN, /* HTTP/2 frames flow */
	SBI_CONN_DEAD, /* closed; waiting for the owner's deferred free */
};

struct sbi_conn;

struct sbi_conn_ops {
	/* The transport is up (client: after connect and TLS); may be NULL. */
	void (*on_open)(struct sbi_conn *c);
	/* The connection is gone (err 0 = orderly end). Called once. */
	void (*on_close)(struct sbi_conn *c, int err);
};

struct sbi_conn {
	struct ev_loop *loop; /* the owner's loop */
	struct ev_io io; /* socket watcher */
	int fd; /* the socket; -1 once closed */
	SSL *ssl; /* TLS state, NULL for h2c */
	nghttp2_session *h2; /* set by the owner before the first flush */
	enum sbi_conn_state state; /* see above */
	uint8_t *out; /* output not yet written */
	size_t out_len; /* bytes in out */
	size_t out_off; /* bytes of out already written */
	size_t out_cap; /* allocated size of out */
	bool tls_want_write; /* SSL must write before it can read */
	bool in_io; /* inside the io callback (flush follows) */
	bool kick_pending; /* a deferred flush is queued */
	const struct sbi_conn_ops *ops; /* owner's hooks */
	char peer[64]; /* "10.0.0.1:34567" for logs */
};

/* Takes an accepted socket (made non-blocking here). With tls, the TLS
 * handshake runs first. 0 or -E_IO/-E_NOMEM (the fd is closed on error). */
int sbi_conn_accept(struct sbi_conn *c, struct ev_loop *loop, int fd, SSL_CTX *tls,
		    const struct sbi_conn_ops *ops);
/* Starts a non-blocking connect to sa; with tls, a TLS handshake (SNI sni,
 * ALPN h2) follows. 0 or -E_IO/-E_NOMEM. */
int sbi_conn_connect(struct sbi_conn *c, struct ev_loop *loop, const struct sockaddr *sa,
		     socklen_t salen, SSL_CTX *tls, const char *sni,
		     const struct sbi_conn_ops *ops);
/* Writes what the session wants to send (only once OPEN). Returns 0, or
 * a negative code after closing the connection. */
int sbi_conn_flush(struct sbi_conn *c);
/* Schedules a flush at the loop's next safe point (after submitting frames
 * outside the io callback). */
void sbi_conn_kick(struct sbi_conn *c);
/* Closes now: stops the watcher, closes the socket, deletes the session and
 * calls ops->on_close(err). Safe to call twice. */
void sbi_conn_close(struct sbi_conn *c, int err);
/* Blocks up to timeout_ms in poll() while the connection has output or
 * (wait_read) the session wants to read; processes I/O as the loop would.
 * For draining at shutdown only. Returns 0 or the closing error. */
int sbi_conn_poll_once(struct sbi_conn *c, int timeout_ms);

/* TLS contexts. Server: certificate chain and key files (PEM), TLS 1.3
 * only, ALPN h2. Client: ca_file (PEM) to verify servers, or NULL/"" for
 * the system store. NULL on error (logged with OpenSSL's reason). */
SSL_CTX *sbi_tls_server_ctx(const char *cert_file, const char *key_file);
SSL_CTX *sbi_tls_client_ctx(const char *ca_file);

#endif
