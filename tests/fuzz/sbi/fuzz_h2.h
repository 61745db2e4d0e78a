/* fuzz_h2.h — drives one HTTP/2 connection into an sbi_server on a lib/ev
 * loop, for the server-side fuzz targets: a loopback TCP client sends the
 * client connection preface and the input, the loop runs (answers, deferred
 * answers), the client half-closes, then resets; the loop runs until the
 * server has closed and freed the connection. */
#ifndef NGCORE_TESTS_FUZZ_SBI_H2_H
#define NGCORE_TESTS_FUZZ_SBI_H2_H

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/ev/ev.h"
#include "lib/sbi/sbi_server.h"
#include "tests/fuzz/sbi/fuzz_check.h"

/* RFC 9113 3.4: the client connection preface, magic and an empty SETTINGS
 * frame; the input follows it (and may carry more SETTINGS). */
#define FUZZ_H2_PREFACE "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0\0\4\0\0\0\0\0"

/* Reads and drops what the server sent; 1 once the server closed its side. */
static inline int fuzz_h2_drain(int fd)
{
	char buf[16384];
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n > 0)
			continue;
		if (n == 0)
			return 1;
		return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 : 1;
	}
}

static inline uint64_t fuzz_h2_open_conns(const struct sbi_server *srv)
{
	struct sbi_server_stats st;
	sbi_server_get_stats(srv, &st);
	return st.conns_open;
}

/* One connection carrying data; checks every request was answered at most
 * once and that the server let go of the connection. */
static inline void fuzz_h2_exchange(struct ev_loop *loop, struct sbi_server *srv,
				    const uint8_t *data, size_t size)
{
	struct sbi_server_stats before, after;
	sbi_server_get_stats(srv, &before);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	FUZZ_CHECK(fd >= 0, "socket: %s", strerror(errno));
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_port = htons(sbi_server_port(srv)),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int rc = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	if (rc < 0 && errno == EINTR) {
		/* libFuzzer's timer signal interrupted it: the connect goes on */
		struct pollfd p = { .fd = fd, .events = POLLOUT };
		while (poll(&p, 1, 1000) < 0 && errno == EINTR)
			;
		int err = 0;
		socklen_t elen = sizeof(err);
		getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen);
		rc = err ? -1 : 0;
		errno = err;
	}
	FUZZ_CHECK(rc == 0, "connect: %s", strerror(errno));
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	/* Reset on close: no TIME_WAIT pile-up over millions of inputs. */
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));

	/* Written while the loop runs, so a full socket buffer never blocks. */
	const uint8_t *parts[2] = { (const uint8_t *)FUZZ_H2_PREFACE, data };
	size_t lens[2] = { sizeof(FUZZ_H2_PREFACE) - 1, size };
	for (int k = 0; k < 2; k++) {
		size_t off = 0;
		int spins = 0;
		while (off < lens[k]) {
			ssize_t w = send(fd, parts[k] + off, lens[k] - off,
					 MSG_DONTWAIT | MSG_NOSIGNAL);
			if (w > 0) {
				off += (size_t)w;
				continue;
			}
			if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				break; /* the server already closed */
			ev_run_once(loop, 1);
			fuzz_h2_drain(fd);
			if (++spins > 1000)
				break;
		}
	}
	/* Loopback delivers at once, so the loop never needs to wait. */
	bool closed = false;
	for (int i = 0; i < 4 && !closed; i++) {
		ev_run_once(loop, 0);
		closed = fuzz_h2_drain(fd);
	}
	shutdown(fd, SHUT_WR);
	for (int i = 0; i < 16 && !closed; i++) {
		ev_run_once(loop, 0);
		closed = fuzz_h2_drain(fd);
	}
	close(fd);
	for (int i = 0; i < 400 && fuzz_h2_open_conns(srv) > before.conns_open; i++)
		ev_run_once(loop, i < 200 ? 0 : 1);
	ev_run_once(loop, 0);
	FUZZ_CHECK(fuzz_h2_open_conns(srv) == before.conns_open, "server kept the connection open");
	sbi_server_get_stats(srv, &after);
	/* sbi_server.h: every request is answered at most once. */
	FUZZ_CHECK(after.answered - before.answered <= after.requests - before.requests,
		   "%llu answers for %llu requests",
		   (unsigned long long)(after.answered - before.answered),
		   (unsigned long long)(after.requests - before.requests));
}

/* ---- building requests (for targets whose input is not raw frames) ---- */

/* RFC 7541 5.1: integer with an n-bit prefix, first carrying the high bits. */
static inline size_t fuzz_hpack_int(uint8_t *o, uint8_t first, unsigned n, size_t v)
{
	size_t lim = (1u << n) - 1, k = 0;
	if (v < lim) {
		o[k++] = (uint8_t)(first | v);
		return k;
	}
	o[k++] = (uint8_t)(first | lim);
	for (v -= lim; v >= 128; v /= 128)
		o[k++] = (uint8_t)(v % 128 + 128);
	o[k++] = (uint8_t)v;
	return k;
}

/* RFC 7541 6.2.2: literal header field without indexing, new name, no
 * Huffman coding. */
static inline size_t fuzz_hpack_literal(uint8_t *o, const char *name, const void *val, size_t vlen)
{
	size_t k = 0, nl = strlen(name);
	o[k++] = 0;
	k += fuzz_hpack_int(o + k, 0, 7, nl);
	memcpy(o + k, name, nl);
	k += nl;
	k += fuzz_hpack_int(o + k, 0, 7, vlen);
	memcpy(o + k, val, vlen);
	return k + vlen;
}

static inline size_t fuzz_h2_frame_header(uint8_t *o, size_t len, uint8_t type, uint8_t flags,
					  uint32_t sid)
{
	o[0] = (uint8_t)(len >> 16);
	o[1] = (uint8_t)(len >> 8);
	o[2] = (uint8_t)len;
	o[3] = type;
	o[4] = flags;
	o[5] = (uint8_t)(sid >> 24);
	o[6] = (uint8_t)(sid >> 16);
	o[7] = (uint8_t)(sid >> 8);
	o[8] = (uint8_t)sid;
	return 9;
}

/* Appends one request on stream sid to out (HEADERS, then DATA when there
 * is a body). path may hold any bytes (plen of them). Returns the bytes
 * written, 0 when cap is too small. */
static inline size_t fuzz_h2_request(uint8_t *out, size_t cap, uint32_t sid, const char *method,
				     const void *path, size_t plen, const char *ct,
				     const void *body, size_t blen)
{
	/* header block: fixed fields, a path, a content type */
	size_t need =
		9 + 64 + strlen(method) + 16 + plen + 64 + (ct ? strlen(ct) + 16 : 0) + 9 + blen;
	if (need > cap || plen + 200 > 16384 || blen > 16384)
		return 0;
	uint8_t *hb = out + 9;
	size_t k = 0;
	k += fuzz_hpack_literal(hb + k, ":method", method, strlen(method));
	k += fuzz_hpack_literal(hb + k, ":scheme", "http", 4);
	k += fuzz_hpack_literal(hb + k, ":authority", "127.0.0.1", 9);
	k += fuzz_hpack_literal(hb + k, ":path", path, plen);
	if (ct)
		k += fuzz_hpack_literal(hb + k, "content-type", ct, strlen(ct));
	fuzz_h2_frame_header(out, k, 1 /* HEADERS */, 0x4 | (blen ? 0 : 0x1), sid);
	size_t n = 9 + k;
	if (blen) {
		n += fuzz_h2_frame_header(out + n, blen, 0 /* DATA */, 0x1, sid);
		memcpy(out + n, body, blen);
		n += blen;
	}
	return n;
}

#endif
