#include "lib/sbi/sbi_conn.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "lib/core/err.h"
#include "lib/core/log.h"

#define READ_CHUNK	16384 /* bytes per recv */
#define READS_PER_EVENT 16 /* recv calls before yielding to other fds */
#define OUT_BATCH	65536 /* bytes gathered from nghttp2 before a write */

enum { RD_OK, RD_EOF };

static void sigpipe_ign(void)
{
	signal(SIGPIPE, SIG_IGN);
}

/* OpenSSL writes with write(2): a peer reset must not kill the process. The
 * ngcore binary already ignores SIGPIPE (ev_signals); tests and tools that
 * link lib/sbi and use TLS get the same here. */
static void set_sigpipe_ign(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, sigpipe_ign);
}

static void peer_name(struct sbi_conn *c, const struct sockaddr *sa)
{
	char a[INET6_ADDRSTRLEN] = "?";
	unsigned port = 0;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const void *)sa;
		inet_ntop(AF_INET, &s4->sin_addr, a, sizeof(a));
		port = ntohs(s4->sin_port);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)sa;
		inet_ntop(AF_INET6, &s6->sin6_addr, a, sizeof(a));
		port = ntohs(s6->sin6_port);
	}
	snprintf(c->peer, sizeof(c->peer), "%s:%u", a, port);
}

static void set_interest(struct sbi_conn *c)
{
	if (c->state == SBI_CONN_DEAD)
		return;
	uint32_t ev = EV_READ;
	if (c->state == SBI_CONN_CONNECTING || c->out_off < c->out_len || c->tls_want_write)
		ev |= EV_WRITE;
	ev_io_set(c->loop, &c->io, ev);
}

void sbi_conn_close(struct sbi_conn *c, int err)
{
	if (c->state == SBI_CONN_DEAD)
		return;
	c->state = SBI_CONN_DEAD;
	ev_io_stop(c->loop, &c->io);
	if (c->ssl) {
		SSL_free(c->ssl);
		c->ssl = NULL;
	}
	if (c->fd >= 0) {
		close(c->fd);
		c->fd = -1;
	}
	free(c->out);
	c->out = NULL;
	c->out_len = c->out_off = c->out_cap = 0;
	if (c->ops && c->ops->on_close)
		c->ops->on_close(c, err);
	if (c->h2) {
		nghttp2_session_del(c->h2);
		c->h2 = NULL;
	}
}

static int out_append(struct sbi_conn *c, const uint8_t *p, size_t n)
{
	if (c->out_off && c->out_off == c->out_len)
		c->out_off = c->out_len = 0;
	if (c->out_len + n > c->out_cap) {
		if (c->out_off) {
			memmove(c->out, c->out + c->out_off, c->out_len - c->out_off);
			c->out_len -= c->out_off;
			c->out_off = 0;
		}
		if (c->out_len + n > c->out_cap) {
			size_t cap = c->out_cap ? c->out_cap : 16384;
			while (cap < c->out_len + n)
				cap *= 2;
			uint8_t *o = realloc(c->out, cap);
			if (!o)
				return -E_NOMEM;
			c->out = o;
			c->out_cap = cap;
		}
	}
	memcpy(c->out + c->out_len, p, n);
	c->out_len += n;
	return 0;
}

/* Writes out[off..len). 1 = all written, 0 = would block, <0 error. */
static int out_write(struct sbi_conn *c)
{
	while (c->out_off < c->out_len) {
		size_t n = c->out_len - c->out_off;
		ssize_t w;
		if (c->ssl) {
			ERR_clear_error();
			int r = SSL_write(c->ssl, c->out + c->out_off,
					  (int)(n > INT32_MAX ? INT32_MAX : n));
			if (r <= 0) {
				int e = SSL_get_error(c->ssl, r);
				if (e == SSL_ERROR_WANT_WRITE || e == SSL_ERROR_WANT_READ)
					return 0;
				return -E_IO;
			}
			w = r;
		} else {
			w = send(c->fd, c->out + c->out_off, n, MSG_NOSIGNAL);
			if (w < 0) {
				if (errno == EINTR)
					continue;
				if (errno == EAGAIN || errno == EWOULDBLOCK)
					return 0;
				return -E_IO;
			}
		}
		c->out_off += (size_t)w;
	}
	c->out_off = c->out_len = 0;
	return 1;
}

int sbi_conn_flush(struct sbi_conn *c)
{
	if (c->state != SBI_CONN_OPEN || !c->h2)
		return 0;
	for (;;) {
		while (c->out_len - c->out_off < OUT_BATCH) {
			const uint8_t *data;
			ssize_t n = nghttp2_session_mem_send(c->h2, &data);
			if (n < 0) {
				LOG_RL(LOG_NOTICE, c->peer, "sbi: nghttp2 send: %s",
				       nghttp2_strerror((int)n));
				sbi_conn_close(c, -E_PROTO);
				return -E_PROTO;
			}
			if (n == 0)
				break;
			if (out_append(c, data, (size_t)n) < 0) {
				sbi_conn_close(c, -E_NOMEM);
				return -E_NOMEM;
			}
		}
		if (c->out_off == c->out_len)
			break;
		int rc = out_write(c);
		if (rc < 0) {
			sbi_conn_close(c, rc);
			return rc;
		}
		if (rc == 0)
			break;
	}
	if (!nghttp2_session_want_read(c->h2) && !nghttp2_session_want_write(c->h2) &&
	    c->out_off == c->out_len) {
		sbi_conn_close(c, 0);
		return 0;
	}
	set_interest(c);
	return 0;
}

static int do_read(struct sbi_conn *c)
{
	uint8_t buf[READ_CHUNK];
	for (int i = 0; i < READS_PER_EVENT; i++) {
		ssize_t n;
		if (c->ssl) {
			ERR_clear_error();
			c->tls_want_write = false;
			int r = SSL_read(c->ssl, buf, sizeof(buf));
			if (r <= 0) {
				int e = SSL_get_error(c->ssl, r);
				if (e == SSL_ERROR_WANT_READ)
					return RD_OK;
				if (e == SSL_ERROR_WANT_WRITE) {
					c->tls_want_write = true;
					return RD_OK;
				}
				if (e == SSL_ERROR_ZERO_RETURN)
					return RD_EOF;
				return -E_IO;
			}
			n = r;
		} else {
			n = recv(c->fd, buf, sizeof(buf), 0);
			if (n == 0)
				return RD_EOF;
			if (n < 0) {
				if (errno == EINTR)
					continue;
				if (errno == EAGAIN || errno == EWOULDBLOCK)
					return RD_OK;
				return -E_IO;
			}
		}
		ssize_t rv = nghttp2_session_mem_recv(c->h2, buf, (size_t)n);
		if (rv < 0) {
			LOG_RL(LOG_NOTICE, c->peer, "sbi: HTTP/2 error from peer: %s",
			       nghttp2_strerror((int)rv));
			return -E_PROTO;
		}
		/* The session may have decided to end (GOAWAY sent): stop reading. */
		if (c->state != SBI_CONN_OPEN)
			return RD_OK;
	}
	return RD_OK;
}

static bool alpn_is_h2(SSL *ssl)
{
	const unsigned char *p = NULL;
	unsigned len = 0;
	SSL_get0_alpn_selected(ssl, &p, &len);
	return len == 2 && memcmp(p, "h2", 2) == 0;
}

static void became_open(struct sbi_conn *c)
{
	c->state = SBI_CONN_OPEN;
	if (c->ops && c->ops->on_open)
		c->ops->on_open(c);
}

static void step(struct sbi_conn *c, uint32_t events)
{
	if (c->state == SBI_CONN_CONNECTING) {
		if (!(events & (EV_WRITE | EV_ERROR)))
			return;
		int err = 0;
		socklen_t len = sizeof(err);
		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 || err) {
			LOG_RL(LOG_INFO, c->peer, "sbi: connect: %s", strerror(err ? err : errno));
			sbi_conn_close(c, -E_IO);
			return;
		}
		if (c->ssl) {
			c->state = SBI_CONN_HANDSHAKE;
		} else {
			became_open(c);
			if (c->state == SBI_CONN_DEAD)
				return;
		}
	}
	if (c->state == SBI_CONN_HANDSHAKE) {
		ERR_clear_error();
		int r = SSL_do_handshake(c->ssl);
		if (r != 1) {
			int e = SSL_get_error(c->ssl, r);
			if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
				c->tls_want_write = e == SSL_ERROR_WANT_WRITE;
				set_interest(c);
				return;
			}
			char msg[160];
			ERR_error_string_n(ERR_peek_last_error(), msg, sizeof(msg));
			LOG_RL(LOG_NOTICE, c->peer, "sbi: TLS handshake failed: %s", msg);
			sbi_conn_close(c, -E_CRYPTO);
			return;
		}
		c->tls_want_write = false;
		/* TS 29.500 5.2.2: HTTP/2 over TLS is negotiated with ALPN "h2".
		 * A client must get h2; a server also serves clients that sent no
		 * ALPN (prior knowledge). */
		if (!SSL_is_server(c->ssl) && !alpn_is_h2(c->ssl)) {
			LOG_RL(LOG_NOTICE, c->peer, "sbi: server did not select ALPN h2");
			sbi_conn_close(c, -E_PROTO);
			return;
		}
		became_open(c);
		if (c->state == SBI_CONN_DEAD)
			return;
		events |= EV_READ; /* TLS may hold application data already */
	}
	if (c->state != SBI_CONN_OPEN)
		return;
	if (events & (EV_READ | EV_ERROR) || (c->tls_want_write && (events & EV_WRITE))) {
		int rc = do_read(c);
		if (c->state == SBI_CONN_DEAD)
			return;
		if (rc < 0) {
			sbi_conn_close(c, rc);
			return;
		}
		if (rc == RD_EOF) {
			sbi_conn_close(c, 0);
			return;
		}
	}
	sbi_conn_flush(c);
}

static void io_cb(struct ev_loop *loop, struct ev_io *io, uint32_t events)
{
	struct sbi_conn *c = io->data;
	c->in_io = true;
	step(c, events);
	c->in_io = false;
}

static void kick_cb(struct ev_loop *loop, void *arg)
{
	struct sbi_conn *c = arg;
	c->kick_pending = false;
	if (c->state == SBI_CONN_OPEN)
		sbi_conn_flush(c);
}

void sbi_conn_kick(struct sbi_conn *c)
{
	if (c->state == SBI_CONN_DEAD || c->in_io || c->kick_pending)
		return;
	if (ev_defer(c->loop, kick_cb, c) == 0)
		c->kick_pending = true;
}

static int setup(struct sbi_conn *c, struct ev_loop *loop, int fd, SSL_CTX *tls, bool server,
		 const struct sbi_conn_ops *ops)
{
	int one = 1;
	c->loop = loop;
	c->fd = fd;
	c->ops = ops;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (tls) {
		set_sigpipe_ign();
		c->ssl = SSL_new(tls);
		if (!c->ssl || SSL_set_fd(c->ssl, fd) != 1)
			goto err;
		SSL_set_mode(c->ssl,
			     SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
		if (server)
			SSL_set_accept_state(c->ssl);
		else
			SSL_set_connect_state(c->ssl);
	}
	uint32_t ev = c->state == SBI_CONN_CONNECTING ? EV_READ | EV_WRITE : EV_READ;
	if (ev_io_start(loop, &c->io, fd, ev, io_cb, c) < 0)
		goto err;
	return 0;
err:
	if (c->ssl)
		SSL_free(c->ssl);
	c->ssl = NULL;
	close(fd);
	c->fd = -1;
	c->state = SBI_CONN_DEAD;
	return -E_IO;
}

int sbi_conn_accept(struct sbi_conn *c, struct ev_loop *loop, int fd, SSL_CTX *tls,
		    const struct sbi_conn_ops *ops)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	if (getpeername(fd, (struct sockaddr *)&ss, &len) == 0)
		peer_name(c, (struct sockaddr *)&ss);
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) {
		close(fd);
		c->state = SBI_CONN_DEAD;
		return -E_IO;
	}
	c->state = tls ? SBI_CONN_HANDSHAKE : SBI_CONN_OPEN;
	return setup(c, loop, fd, tls, true, ops);
}

int sbi_conn_connect(struct sbi_conn *c, struct ev_loop *loop, const struct sockaddr *sa,
		     socklen_t salen, SSL_CTX *tls, const char *sni, const struct sbi_conn_ops *ops)
{
	peer_name(c, sa);
	int fd = socket(sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		c->state = SBI_CONN_DEAD;
		return -E_IO;
	}
	if (connect(fd, sa, salen) < 0 && errno != EINPROGRESS) {
		LOG_RL(LOG_INFO, c->peer, "sbi: connect: %s", strerror(errno));
		close(fd);
		c->state = SBI_CONN_DEAD;
		return -E_IO;
	}
	c->state = SBI_CONN_CONNECTING;
	int rc = setup(c, loop, fd, tls, false, ops);
	if (rc < 0 || !tls)
		return rc;
	/* Server identity: an IP literal is checked against the certificate's
	 * IP SANs, a name against its DNS SANs (and sent as SNI). */
	struct in6_addr tmp;
	X509_VERIFY_PARAM *vp = SSL_get0_param(c->ssl);
	if (inet_pton(AF_INET, sni, &tmp) == 1 || inet_pton(AF_INET6, sni, &tmp) == 1) {
		X509_VERIFY_PARAM_set1_ip_asc(vp, sni);
	} else {
		SSL_set_tlsext_host_name(c->ssl, sni);
		SSL_set1_host(c->ssl, sni);
	}
	return 0;
}

int sbi_conn_poll_once(struct sbi_conn *c, int timeout_ms)
{
	if (c->state == SBI_CONN_DEAD)
		return -E_CANCELED;
	struct pollfd p = { .fd = c->fd, .events = POLLIN };
	if (c->state == SBI_CONN_CONNECTING || c->out_off < c->out_len || c->tls_want_write)
		p.events |= POLLOUT;
	if (poll(&p, 1, timeout_ms) < 0 && errno != EINTR)
		return -E_IO;
	uint32_t ev = (p.revents & POLLIN ? EV_READ : 0) | (p.revents & POLLOUT ? EV_WRITE : 0) |
		      (p.revents & (POLLERR | POLLHUP) ? EV_ERROR : 0);
	c->in_io = true;
	step(c, ev);
	c->in_io = false;
	return c->state == SBI_CONN_DEAD ? -E_CANCELED : 0;
}

static void log_ssl_error(const char *what, const char *file)
{
	char msg[160];
	ERR_error_string_n(ERR_get_error(), msg, sizeof(msg));
	LOG(LOG_ERROR, "sbi", "TLS: %s \"%s\": %s", what, file ? file : "", msg);
}

static int alpn_select(SSL *ssl, const unsigned char **out, unsigned char *outlen,
		       const unsigned char *in, unsigned int inlen, void *arg)
{
	for (unsigned i = 0; i < inlen;) {
		unsigned n = in[i];
		if (i + 1 + n > inlen)
			break;
		if (n == 2 && memcmp(in + i + 1, "h2", 2) == 0) {
			*out = in + i + 1;
			*outlen = 2;
			return SSL_TLSEXT_ERR_OK;
		}
		i += 1 + n;
	}
	return SSL_TLSEXT_ERR_NOACK;
}

SSL_CTX *sbi_tls_server_ctx(const char *cert_file, const char *key_file)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
	if (!ctx) {
		log_ssl_error("cannot create a context", NULL);
		return NULL;
	}
	/* TLS 1.3 only on our servers (TS 33.501 13.1 profiles TLS 1.2/1.3). */
	SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
	SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION);
	if (SSL_CTX_use_certificate_chain_file(ctx, cert_file) != 1) {
		log_ssl_error("cannot load certificate", cert_file);
		goto err;
	}
	if (SSL_CTX_use_PrivateKey_file(ctx, key_file, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_check_private_key(ctx) != 1) {
		log_ssl_error("cannot load private key", key_file);
		goto err;
	}
	SSL_CTX_set_alpn_select_cb(ctx, alpn_select, NULL);
	return ctx;
err:
	SSL_CTX_free(ctx);
	return NULL;
}

SSL_CTX *sbi_tls_client_ctx(const char *ca_file)
{
	static const unsigned char alpn[] = { 2, 'h', '2' };
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	if (!ctx) {
		log_ssl_error("cannot create a context", NULL);
		return NULL;
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	int ok = ca_file && ca_file[0] ? SSL_CTX_load_verify_locations(ctx, ca_file, NULL)
				       : SSL_CTX_set_default_verify_paths(ctx);
	if (ok != 1) {
		log_ssl_error("cannot load CA certificates", ca_file);
		SSL_CTX_free(ctx);
		return NULL;
	}
	SSL_CTX_set_alpn_protos(ctx, alpn, sizeof(alpn));
	return ctx;
}
