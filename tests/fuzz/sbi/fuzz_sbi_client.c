/* fuzz_sbi_client.c — the SBI client's response path: what a peer NF (or a
 * man in the middle on h2c) answers reaches nghttp2, the client's stream
 * and header handling, body assembly, retries on another instance, and
 * the decoders NFs run on answers (ProblemDetails, NFProfile,
 * SearchResult).
 *
 * For each input a fresh sbi_client sends three requests to a fake peer the
 * harness listens as (127.0.0.1, any port): a GET, a POST with a JSON body,
 * and a PUT with two apiRoots (the peer twice, so a 503 retries). The peer
 * reads what the client sent, answers with the server connection preface
 * (an empty SETTINGS frame) and then the input bytes, and closes. The loop
 * runs until every request has had its callback.
 *
 * Checks: each callback runs exactly once, with an error or an HTTP status
 * 100..999; the client has nothing pending after the peer is gone; no
 * sanitizer report anywhere on the way.
 *
 * Seeds: gen_server_seeds.py --client tests/corpus/sbi_client (responses on
 * streams 1, 3 and 5: JSON, problem+json, split bodies, GOAWAY, RST_STREAM).
 */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/core/log.h"
#include "lib/sbi/models/common.h"
#include "lib/sbi/models/nnrf.h"
#include "lib/sbi/sbi_client.h"
#include "tests/fuzz/sbi/fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define NREQ 3

static struct ev_loop *loop;
static int lfd = -1;
static char root[64];
static unsigned calls[NREQ];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *lv = getenv("NGCORE_FUZZ_LOG");
	log_set_level(lv && log_level_parse(lv) >= 0 ? (enum log_level)log_level_parse(lv)
						     : LOG_OFF);
	loop = ev_loop_new("fuzz-client");
	FUZZ_CHECK(loop != NULL, "no loop");
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sa);
	FUZZ_CHECK(lfd >= 0 && bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
			   listen(lfd, 16) == 0 &&
			   getsockname(lfd, (struct sockaddr *)&sa, &len) == 0,
		   "fake peer: %s", strerror(errno));
	snprintf(root, sizeof(root), "http://127.0.0.1:%u", ntohs(sa.sin_port));
	return 0;
}

/* What an NF does with an answer. */
static void on_resp(void *arg, uint64_t cookie, const struct sbi_resp *r)
{
	FUZZ_CHECK(cookie < NREQ, "cookie %llu", (unsigned long long)cookie);
	calls[cookie]++;
	LOG(LOG_DEBUG, "fuzz", "request %llu: err %d status %d, %zu body bytes",
	    (unsigned long long)cookie, r->err, r->status, r->body_len);
	if (r->err) {
		FUZZ_CHECK(r->status == 0, "status %d with error %d", r->status, r->err);
		return;
	}
	FUZZ_CHECK(r->status >= 100 && r->status <= 999, "status %d", r->status);
	FUZZ_CHECK(r->body_len == 0 || r->body != NULL, "body length without a body");
	for (unsigned i = 0; i < r->nhdrs; i++)
		FUZZ_CHECK(r->hdrs[i].name && r->hdrs[i].value, "header %u", i);
	(void)sbi_resp_header(r, "location");
	json_t *j = sbi_resp_json(r);
	if (!j)
		return;
	struct sbi_jerr e;
	if (sbi_ct_is(r->content_type, SBI_CT_PROBLEM)) {
		struct sbi_problem p;
		(void)sbi_problem_decode(&p, j, &e);
		return;
	}
	struct sbi_nf_profile *p = malloc(sizeof(*p));
	FUZZ_CHECK(p != NULL, "out of memory");
	if (cookie == 0) {
		uint32_t validity;
		json_t *arr;
		size_t i;
		json_t *v;
		if (sbi_search_result_decode(j, &validity, &arr, &e) == 0) {
			json_array_foreach(arr, i, v)
			{
				(void)sbi_nf_profile_decode(p, v, &e);
				sbi_nf_profile_fini(p);
			}
		}
	} else {
		(void)sbi_nf_profile_decode(p, j, &e);
		sbi_nf_profile_fini(p);
	}
	free(p);
}

/* Reads what the client wrote so far (its preface and requests). */
static void peer_drain(int fd)
{
	char buf[16384];
	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}

static void peer_send(int fd, const uint8_t *p, size_t n)
{
	size_t off = 0;
	int spins = 0;
	while (off < n && spins < 1000) {
		ssize_t w = send(fd, p + off, n - off, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (w > 0) {
			off += (size_t)w;
			continue;
		}
		if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			return; /* the client already closed */
		ev_run_once(loop, 1);
		peer_drain(fd);
		spins++;
	}
}

static unsigned pending(const struct sbi_client *cl)
{
	struct sbi_client_stats st;
	sbi_client_get_stats(cl, &st);
	return (unsigned)st.pending;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sbi_client_cfg cfg;
	sbi_client_cfg_defaults(&cfg);
	cfg.timeout_ms = 2000;
	cfg.max_body = 65536;
	struct sbi_client *cl = sbi_client_new(loop, &cfg, "fuzz");
	FUZZ_CHECK(cl != NULL, "sbi_client_new");
	memset(calls, 0, sizeof(calls));

	char u0[128], u1[128];
	snprintf(u0, sizeof(u0),
		 "%s/nnrf-disc/v1/nf-instances?target-nf-type=AUSF"
		 "&requester-nf-type=AMF",
		 root);
	snprintf(u1, sizeof(u1), "%s/nnrf-nfm/v1/nf-instances/4947a69a-f61b-4bc1-b9da-47c9c5d14b64",
		 root);
	json_t *body = json_pack("{ss}", "nfStatus", "REGISTERED");
	struct sbi_request rq[NREQ] = {
		{ .method = SBI_GET, .uri = u0 },
		{ .method = SBI_POST, .uri = u1, .json = body },
		{ .method = SBI_PUT,
		  .roots = { root, root },
		  .nroots = 2,
		  .path = "/nausf-auth/v1/ue-authentications/1/5g-aka-confirmation",
		  .json = body },
	};
	for (unsigned i = 0; i < NREQ; i++)
		FUZZ_CHECK(sbi_client_send(cl, &rq[i], on_resp, NULL, i) == 0, "send %u", i);
	json_decref(body);

	/* The client connects; the fake peer accepts and reads the requests. */
	int fd = -1;
	for (int i = 0; i < 200 && fd < 0; i++) {
		ev_run_once(loop, 0);
		struct pollfd p = { .fd = lfd, .events = POLLIN };
		if (poll(&p, 1, i < 100 ? 0 : 1) == 1)
			fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	}
	FUZZ_CHECK(fd >= 0, "the client did not connect");
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	for (int i = 0; i < 4; i++) {
		ev_run_once(loop, 0);
		peer_drain(fd);
	}
	static const uint8_t settings[9] = { 0, 0, 0, 4, 0, 0, 0, 0, 0 };
	peer_send(fd, settings, sizeof(settings));
	peer_send(fd, data, size);
	for (int i = 0; i < 8; i++) {
		ev_run_once(loop, 0);
		peer_drain(fd);
	}
	/* The peer goes away; a retry may connect again: refuse those too. */
	close(fd);
	for (int i = 0; i < 400 && pending(cl); i++) {
		ev_run_once(loop, i < 200 ? 0 : 1);
		struct pollfd p = { .fd = lfd, .events = POLLIN };
		while (poll(&p, 1, 0) == 1) {
			int again = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
			if (again < 0)
				break;
			setsockopt(again, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
			close(again);
		}
	}
	FUZZ_CHECK(pending(cl) == 0, "%u requests still pending after the peer left", pending(cl));
	for (unsigned i = 0; i < NREQ; i++)
		FUZZ_CHECK(calls[i] == 1, "request %u: %u callbacks", i, calls[i]);
	sbi_client_free(cl);
	for (int i = 0; i < 4; i++)
		ev_run_once(loop, 0);
	return 0;
}
