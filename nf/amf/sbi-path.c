/* sbi-path.c — how the AMF reaches the AUSF and the UDM: the instances the
 * NRF names (TS 29.510 5.3.2.2, cached by lib/sbi), then the configured
 * apiRoot (nf/common sbi_nf_peer_roots), each an alternative the client
 * tries in turn (TS 29.500 6.10). */
#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "nf/amf/sbi-path.h"

/* A request waiting for the apiRoots to send it to. */
struct amf_call {
	struct amf_call *next; /* amf->calls list */
	struct amf_call **pprev; /* the link pointing here */
	struct amf *amf; /* owner */
	uint64_t cookie; /* caller's cookie */
	enum sbi_method method; /* request method */
	char path[320]; /* path after the apiRoot */
	json_t *body; /* body (owned), or NULL */
	sbi_resp_cb cb; /* completion */
	int err; /* failure to report from the deferred call */
};

static void call_free(struct amf_call *c)
{
	*c->pprev = c->next;
	if (c->next)
		c->next->pprev = c->pprev;
	json_decref(c->body);
	free(c);
}

void amf_sbi_forget(struct amf *amf)
{
	while (amf->calls)
		call_free(amf->calls);
}

static void fail_deferred(struct ev_loop *loop, void *arg)
{
	struct amf_call *c = arg;
	struct sbi_resp r;
	memset(&r, 0, sizeof(r));
	r.err = c->err;
	c->cb(c->amf, c->cookie, &r);
	call_free(c);
}

static void on_roots(void *arg, uint64_t cookie, const char *const *roots, unsigned n)
{
	struct amf_call *c = arg;
	struct sbi_request rq;

	if (n > 0) {
		memset(&rq, 0, sizeof(rq));
		rq.method = c->method;
		for (unsigned i = 0; i < n && i < SBI_MAX_ROOTS; i++)
			rq.roots[rq.nroots++] = roots[i];
		rq.path = c->path;
		rq.json = c->body;
		if (sbi_client_send(c->amf->nf.client, &rq, c->cb, c->amf, c->cookie) == 0) {
			call_free(c);
			return;
		}
		c->err = -E_NOMEM;
	} else {
		LOG_RL(LOG_WARN, "amf sbi", "no NF instance known for %s", c->path);
		c->err = -E_NOTFOUND;
	}
	/* The answer comes from the loop, never from inside the caller's call
	 * (sbi_nf_peer_roots answers at once when there is no NRF). */
	if (ev_defer(c->amf->loop, fail_deferred, c) < 0)
		call_free(c); /* out of memory: the UE's procedure times out instead */
}

int amf_sbi_send(struct amf *amf, enum sbi_nf_type target, const char *service,
		 const char *static_root, enum sbi_method m, const char *path, json_t *body,
		 sbi_resp_cb cb, uint64_t cookie)
{
	if (!amf->nf_up) {
		json_decref(body);
		return -E_STATE;
	}
	struct amf_call *c = calloc(1, sizeof(*c));
	if (!c) {
		json_decref(body);
		return -E_NOMEM;
	}
	c->amf = amf;
	c->cookie = cookie;
	c->method = m;
	snprintf(c->path, sizeof(c->path), "%s", path);
	c->body = body;
	c->cb = cb;
	c->next = amf->calls;
	c->pprev = &amf->calls;
	if (amf->calls)
		amf->calls->pprev = &c->next;
	amf->calls = c;
	struct sbi_nf_peer p = { target, service, static_root };
	int rc = sbi_nf_peer_roots(&amf->nf, &p, on_roots, c, cookie);
	if (rc < 0)
		call_free(c);
	return rc;
}

int amf_hex_member(const json_t *o, const char *key, uint8_t *out, size_t n)
{
	const char *s = json_string_value(json_object_get(o, key));
	if (!s || strlen(s) != 2 * n || hex_decode(out, n, s) != (int)n)
		return -E_INVAL;
	return 0;
}
