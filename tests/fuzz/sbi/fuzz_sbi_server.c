/* fuzz_sbi_server.c — the SBI server's request path end to end, where a peer
 * really reaches an NF: HTTP/2 frames (after the client connection preface)
 * into a struct sbi_server on its lib/ev loop, through nghttp2, routing,
 * header handling, body assembly, JSON parsing and the model decoders.
 *
 * One server lives for the whole run (127.0.0.1, any port, h2c). For each
 * input a TCP client connects over loopback, sends the preface and the
 * input, lets the loop run (answers, deferred answers), half-closes, and
 * finally resets the connection; the loop runs until the server has closed
 * and freed it, so no state crosses inputs except the server's counters.
 *
 * The routes mirror the NFs': NRF management (PUT/PATCH/GET/DELETE of a
 * profile, subscriptions), discovery with its query string, AUSF and UDM
 * 5G-AKA bodies, a raw route, a body-optional route, and one that answers
 * later through sbi_server_find() (after the stream may be gone).
 *
 * Seeds: tests/fuzz/sbi/gen_server_seeds.py writes well-formed frame
 * sequences (plain HPACK literals, no Huffman) into tests/corpus/sbi_server.
 */
#include <errno.h>
#include <stdbool.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/ev/ev.h"
#include "lib/sbi/json_patch.h"
#include "lib/sbi/models/aka_models.h"
#include "lib/sbi/models/nnrf.h"
#include "lib/sbi/sbi_server.h"
#include "lib/sbi/sbi_uri.h"
#include "tests/fuzz/sbi/fuzz_check.h"
#include "tests/fuzz/sbi/fuzz_h2.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static struct ev_loop *loop;
static struct sbi_server *srv;
static json_t *stored; /* the profile PUT stored, patched by PATCH (reset per input) */

#define MAX_DEFERRED 16

/* Answers deferred to the loop's next safe point. */
static struct handle deferred[MAX_DEFERRED];
static unsigned n_deferred;

/* ---- handlers ------------------------------------------------------- */

static void h_nf_put(struct sbi_req *req, void *arg)
{
	struct sbi_nf_profile *p = malloc(sizeof(*p));
	struct sbi_jerr e;
	if (!p) {
		sbi_respond_problem(req, 500, SBI_CAUSE_INSUFFICIENT_RESOURCES, NULL, "no memory");
		return;
	}
	if (sbi_nf_profile_decode(p, req->json, &e) < 0) {
		sbi_respond_jerr(req, &e);
	} else if (req->nparams != 1 || strcmp(req->params[0], p->nf_instance_id) != 0) {
		sbi_respond_problem(req, 400, SBI_CAUSE_MANDATORY_IE_INCORRECT, "/nfInstanceId",
				    "differs from the URI");
	} else {
		json_decref(stored);
		stored = sbi_nf_profile_encode(p);
		sbi_respond_header(req, "location", req->path);
		sbi_respond_json(req, 201, json_incref(stored), NULL);
	}
	sbi_nf_profile_fini(p);
	free(p);
}

static void h_nf_patch(struct sbi_req *req, void *arg)
{
	struct json_patch_err pe;
	if (!stored) {
		sbi_respond_problem(req, 404, SBI_CAUSE_NONE, NULL, "no such NF");
		return;
	}
	if (!sbi_ct_is(req->content_type, SBI_CT_JSON_PATCH)) {
		sbi_respond_problem(req, 415, SBI_CAUSE_NONE, "header content-type", "not a patch");
		return;
	}
	if (json_patch_apply(&stored, req->json, &pe) < 0) {
		sbi_respond_problem(req, 400, SBI_CAUSE_INVALID_MSG_FORMAT, NULL, "%s", pe.reason);
		return;
	}
	struct sbi_nf_profile *p = malloc(sizeof(*p));
	struct sbi_jerr e;
	if (p && sbi_nf_profile_decode(p, stored, &e) < 0)
		sbi_respond_jerr(req, &e);
	else
		sbi_respond(req, 204, NULL, NULL, 0);
	if (p)
		sbi_nf_profile_fini(p);
	free(p);
}

static void h_nf_get(struct sbi_req *req, void *arg)
{
	if (!stored)
		sbi_respond_problem(req, 404, SBI_CAUSE_NONE, NULL, "no such NF %s",
				    req->nparams ? req->params[0] : "");
	else
		sbi_respond_json(req, 200, json_incref(stored), NULL);
}

static void h_nf_delete(struct sbi_req *req, void *arg)
{
	json_decref(stored);
	stored = NULL;
	sbi_respond(req, 204, NULL, NULL, 0);
}

static void h_subscribe(struct sbi_req *req, void *arg)
{
	struct sbi_subscription s;
	struct sbi_jerr e;
	if (sbi_subscription_decode(&s, req->json, &e) < 0) {
		sbi_subscription_fini(&s);
		sbi_respond_jerr(req, &e);
		return;
	}
	struct sbi_uri u;
	if (sbi_uri_parse(&u, s.notification_uri) < 0) {
		sbi_subscription_fini(&s);
		sbi_respond_problem(req, 400, SBI_CAUSE_MANDATORY_IE_INCORRECT,
				    "/nfStatusNotificationUri", "not an http(s) URI");
		return;
	}
	snprintf(s.subscription_id, sizeof(s.subscription_id), "1");
	sbi_respond_json(req, 201, sbi_subscription_encode(&s), NULL);
	sbi_subscription_fini(&s);
}

/* Discovery (TS 29.510 6.2.3.2.3.1): every query parameter is read. */
static void h_discover(struct sbi_req *req, void *arg)
{
	char name[64], val[1024];
	size_t pos = 0;
	int rc, target = -1;
	while ((rc = sbi_query_next(req->query, &pos, name, sizeof(name), val, sizeof(val))) !=
	       -E_NOTFOUND) {
		if (rc < 0) {
			sbi_respond_problem(req, 400, SBI_CAUSE_INVALID_QUERY_PARAM, NULL,
					    "bad query parameter");
			return;
		}
		if (strcmp(name, "target-nf-type") == 0) {
			target = sbi_nf_type_parse(val);
		} else if (strcmp(name, "snssais") == 0 ||
			   strcmp(name, "requester-plmn-list") == 0) {
			struct sbi_jerr e;
			json_t *j = sbi_json_parse(val, strlen(val), &e);
			struct s_nssai sn[8];
			struct plmn pl[8];
			uint8_t n;
			if (j && json_is_array(j)) {
				if (name[0] == 's')
					(void)sbi_snssai_list_decode(sn, 8, &n, j, "query snssais",
								     false, &e);
				else
					(void)sbi_plmn_list_decode(pl, 8, &n, j, "query plmns",
								   false, &e);
			}
			json_decref(j);
		}
	}
	if (target < 0) {
		sbi_respond_problem(req, 400, SBI_CAUSE_MANDATORY_QUERY_PARAM_MISSING,
				    "query target-nf-type", "missing");
		return;
	}
	json_t *arr = json_array();
	if (stored)
		json_array_append(arr, stored);
	sbi_respond_json(req, 200, sbi_search_result_encode(10, arr), NULL);
}

static void h_ausf_auth(struct sbi_req *req, void *arg)
{
	struct sbi_ausf_auth_info a;
	struct sbi_jerr e;
	if (sbi_ausf_auth_info_decode(&a, req->json, &e) < 0) {
		sbi_respond_jerr(req, &e);
		return;
	}
	struct sbi_ue_auth_ctx c = { 0 };
	snprintf(c.confirm_href, sizeof(c.confirm_href),
		 "http://127.0.0.1/nausf-auth/v1/ue-authentications/1/5g-aka-confirmation");
	snprintf(c.serving_network_name, sizeof(c.serving_network_name), "%s",
		 a.serving_network_name);
	sbi_respond_header(req, "location", "http://127.0.0.1/nausf-auth/v1/ue-authentications/1");
	sbi_respond_json(req, 201, sbi_ue_auth_ctx_encode(&c), SBI_CT_HAL);
}

static void h_ausf_confirm(struct sbi_req *req, void *arg)
{
	struct sbi_confirmation_data d;
	struct sbi_jerr e;
	if (sbi_confirmation_data_decode(&d, req->json, &e) < 0) {
		sbi_respond_jerr(req, &e);
		return;
	}
	struct sbi_confirmation_resp r = { .result = SBI_AUTH_FAILURE };
	sbi_respond_json(req, 200, sbi_confirmation_resp_encode(&r), NULL);
}

static void h_udm_generate(struct sbi_req *req, void *arg)
{
	struct sbi_udm_auth_info_req a;
	struct sbi_jerr e;
	if (sbi_udm_auth_info_req_decode(&a, req->json, &e) < 0) {
		sbi_respond_jerr(req, &e);
		return;
	}
	struct sbi_udm_auth_info_result r = { 0 };
	snprintf(r.supi, sizeof(r.supi), "%s", req->params[0]);
	sbi_respond_json(req, 200, sbi_udm_auth_info_result_encode(&r), NULL);
}

static void h_raw(struct sbi_req *req, void *arg)
{
	for (unsigned i = 0; i < req->nhdrs; i++)
		FUZZ_CHECK(req->hdrs[i].name && req->hdrs[i].value, "header %u missing", i);
	(void)sbi_req_header(req, "content-type");
	sbi_respond(req, 200, "application/octet-stream", req->body, req->body_len);
}

static void h_optional(struct sbi_req *req, void *arg)
{
	FUZZ_CHECK(req->body_len == 0 || req->json != NULL, "JSON body not parsed");
	sbi_respond_json(req, 200, req->json ? json_incref(req->json) : NULL, NULL);
}

static void answer_deferred(struct ev_loop *l, void *arg)
{
	for (unsigned i = 0; i < n_deferred; i++) {
		struct sbi_req *req = sbi_server_find(srv, deferred[i]);
		if (req)
			sbi_respond_problem(req, 504, SBI_CAUSE_TARGET_NF_NOT_REACHABLE, NULL,
					    "late answer %u", i);
	}
	n_deferred = 0;
}

static void h_later(struct sbi_req *req, void *arg)
{
	if (n_deferred == MAX_DEFERRED) {
		sbi_respond_problem(req, 503, SBI_CAUSE_NF_CONGESTION, NULL, "busy");
		return;
	}
	if (n_deferred == 0 && ev_defer(loop, answer_deferred, NULL) < 0) {
		sbi_respond_problem(req, 500, SBI_CAUSE_SYSTEM_FAILURE, NULL, "defer");
		return;
	}
	deferred[n_deferred++] = sbi_req_handle(req);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* NGCORE_FUZZ_LOG=debug shows what the server did with an input. */
	const char *lv = getenv("NGCORE_FUZZ_LOG");
	log_set_level(lv && log_level_parse(lv) >= 0 ? (enum log_level)log_level_parse(lv)
						     : LOG_OFF);
	loop = ev_loop_new("fuzz");
	FUZZ_CHECK(loop != NULL, "no loop");
	struct sbi_server_cfg cfg;
	sbi_server_cfg_defaults(&cfg, 0);
	cfg.max_body = 65536;
	cfg.max_streams = 32;
	cfg.max_requests = 16;
	srv = sbi_server_new(loop, &cfg, "fuzz");
	FUZZ_CHECK(srv != NULL, "no server");
	static const struct {
		enum sbi_method m;
		const char *tmpl;
		sbi_handler_cb cb;
		unsigned flags;
	} routes[] = {
		{ SBI_PUT, "/nnrf-nfm/v1/nf-instances/{nfInstanceID}", h_nf_put, 0 },
		{ SBI_PATCH, "/nnrf-nfm/v1/nf-instances/{nfInstanceID}", h_nf_patch, 0 },
		{ SBI_GET, "/nnrf-nfm/v1/nf-instances/{nfInstanceID}", h_nf_get, 0 },
		{ SBI_DELETE, "/nnrf-nfm/v1/nf-instances/{nfInstanceID}", h_nf_delete, 0 },
		{ SBI_POST, "/nnrf-nfm/v1/subscriptions", h_subscribe, 0 },
		{ SBI_GET, "/nnrf-disc/v1/nf-instances", h_discover, 0 },
		{ SBI_POST, "/nausf-auth/v1/ue-authentications", h_ausf_auth, 0 },
		{ SBI_PUT, "/nausf-auth/v1/ue-authentications/{authCtxId}/5g-aka-confirmation",
		  h_ausf_confirm, 0 },
		{ SBI_POST, "/nudm-ueau/v1/{supiOrSuci}/security-information/generate-auth-data",
		  h_udm_generate, 0 },
		{ SBI_POST, "/fuzz/v1/raw/{a}/{b}/{c}", h_raw, SBI_ROUTE_RAW },
		{ SBI_POST, "/fuzz/v1/optional", h_optional, SBI_ROUTE_BODY_OPTIONAL },
		{ SBI_GET, "/fuzz/v1/later/{x}", h_later, 0 },
		{ SBI_POST, "/fuzz/v1/later/{x}", h_later, 0 },
	};
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		FUZZ_CHECK(sbi_server_route(srv, routes[i].m, routes[i].tmpl, routes[i].cb, NULL,
					    routes[i].flags) == 0,
			   "route %s", routes[i].tmpl);
	FUZZ_CHECK(sbi_server_start(srv) == 0, "server does not start");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_decref(stored);
	stored = NULL;
	fuzz_h2_exchange(loop, srv, data, size);
	json_decref(stored);
	stored = NULL;
	return 0;
}
