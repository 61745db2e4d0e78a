/* mgmt-handler.c — routes of the management API (README.md has the reference).
 *
 *   GET    /metrics                       Prometheus text (lib/core/metrics.h)
 *   GET    /api/v1/status                 NFs running, store, status providers
 *   GET    /api/v1/subscribers            list: ?offset=&limit= or ?after=SUPI&limit=
 *   POST   /api/v1/subscribers            add (application/json)
 *   POST   /api/v1/subscribers/import     bulk add (text/csv), one transaction
 *   GET    /api/v1/subscribers/{supi}     show (secrets masked)
 *   PUT    /api/v1/subscribers/{supi}     replace (application/json)
 *   PATCH  /api/v1/subscribers/{supi}     merge (application/merge-patch+json or json)
 *   DELETE /api/v1/subscribers/{supi}     delete
 *
 * Errors are JSON {"error": "...", "field": "k"} with 400 (bad value), 404
 * (unknown SUPI or path), 405, 409 (duplicate), 413 (body too large), 415
 * (wrong content type), 503 (an import holds the store).
 */
#include "nf/mgmt/mgmt-handler.h"

#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "nf/mgmt/mgmt-ctx.h"
#include "nf/mgmt/status.h"

#ifndef NGCORE_VERSION
#define NGCORE_VERSION "unknown"
#endif

#define API "/api/v1"

enum route {
	R_METRICS,
	R_STATUS,
	R_SUBS, /* the collection */
	R_SUB, /* one subscriber */
	R_IMPORT, /* CSV import */
};

struct req {
	enum route route; /* what was asked for */
	char supi[DB_SUPI_LEN]; /* R_SUB: normalised SUPI */
	bool done; /* a response is queued: discard the rest */
	char *body; /* JSON body so far */
	size_t len; /* bytes in body */
	struct mgmt_import *imp; /* R_IMPORT: the import in progress */
	uint64_t received; /* body bytes so far */
	uint64_t max; /* body limit for this route */
	bool too_big; /* over max: the rest is discarded, then 413 */
};

#define DISCARD_MAX (64ull << 20) /* past this much excess, drop the connection */

static void count_response(unsigned status)
{
	metric_inc(metric_counter("ngcore_mgmt_http_responses_total",
				  "HTTP responses of the management API by status code",
				  "code=\"%u\"", status));
}

static enum MHD_Result send_text(struct MHD_Connection *c, unsigned status, char *text, size_t len,
				 const char *type)
{
	struct MHD_Response *rsp = MHD_create_response_from_buffer(
		len, text, text ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (!rsp) {
		free(text);
		return MHD_NO;
	}
	if (type)
		MHD_add_response_header(rsp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	enum MHD_Result r = MHD_queue_response(c, status, rsp);
	MHD_destroy_response(rsp);
	count_response(status);
	return r;
}

/* Sends o (takes the reference) as JSON. */
static enum MHD_Result send_json(struct MHD_Connection *c, unsigned status, json_t *o,
				 const char *location)
{
	char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	if (!s)
		return send_text(c, 500, NULL, 0, NULL);
	size_t n = strlen(s);
	char *t = realloc(s, n + 2); /* a final newline for shells */
	if (t) {
		t[n++] = '\n';
		t[n] = 0;
		s = t;
	}
	struct MHD_Response *rsp = MHD_create_response_from_buffer(n, s, MHD_RESPMEM_MUST_FREE);
	if (!rsp) {
		free(s);
		return MHD_NO;
	}
	MHD_add_response_header(rsp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
	if (location)
		MHD_add_response_header(rsp, MHD_HTTP_HEADER_LOCATION, location);
	if (status == 503)
		MHD_add_response_header(rsp, MHD_HTTP_HEADER_RETRY_AFTER, "5");
	enum MHD_Result r = MHD_queue_response(c, status, rsp);
	MHD_destroy_response(rsp);
	count_response(status);
	return r;
}

static enum MHD_Result send_err(struct MHD_Connection *c, const struct mgmt_err *e)
{
	json_t *o = json_object();
	json_object_set_new(o, "error", json_string(e->msg));
	if (e->field[0])
		json_object_set_new(o, "field", json_string(e->field));
	return send_json(c, e->status, o, NULL);
}

static enum MHD_Result fail(struct req *r, struct MHD_Connection *c, unsigned status,
			    const char *field, const char *msg)
{
	struct mgmt_err e;
	mgmt_fail(&e, status, field, "%s", msg);
	r->done = true;
	return send_err(c, &e);
}

/* True when the request's media type (parameters ignored) is one of types. */
static bool content_type_is(struct MHD_Connection *c, const char *const *types)
{
	const char *ct =
		MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	if (!ct)
		return false;
	size_t n = strcspn(ct, ";");
	while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
		n--;
	for (; *types; types++)
		if (strlen(*types) == n && strncasecmp(ct, *types, n) == 0)
			return true;
	return false;
}

/* Content-Length when the client sent one; UINT64_MAX otherwise. */
static uint64_t content_length(struct MHD_Connection *c)
{
	const char *cl =
		MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	char *end;
	if (!cl)
		return UINT64_MAX;
	unsigned long long v = strtoull(cl, &end, 10);
	return *end ? UINT64_MAX : v;
}

/* Maps url + method to a route; queues the error response when there is none. */
static enum MHD_Result route(struct mgmt *m, struct req *r, struct MHD_Connection *c,
			     const char *url, const char *method)
{
	static const char *const json_types[] = { "application/json", NULL };
	static const char *const patch_types[] = { "application/merge-patch+json",
						   "application/json", NULL };
	static const char *const csv_types[] = { "text/csv", NULL };
	char path[256];
	const char *allow;
	bool get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
	bool post = strcmp(method, "POST") == 0, put = strcmp(method, "PUT") == 0;
	bool patch = strcmp(method, "PATCH") == 0, del = strcmp(method, "DELETE") == 0;

	snprintf(path, sizeof(path), "%s", url);
	size_t n = strlen(path);
	if (n > 1 && path[n - 1] == '/')
		path[--n] = 0;

	if (strcmp(path, "/metrics") == 0) {
		r->route = R_METRICS;
		allow = "GET, HEAD";
		if (!get)
			goto not_allowed;
	} else if (strcmp(path, API "/status") == 0) {
		r->route = R_STATUS;
		allow = "GET, HEAD";
		if (!get)
			goto not_allowed;
	} else if (strcmp(path, API "/subscribers") == 0) {
		r->route = R_SUBS;
		allow = "GET, HEAD, POST";
		if (!get && !post)
			goto not_allowed;
	} else if (strcmp(path, API "/subscribers/import") == 0) {
		r->route = R_IMPORT;
		allow = "POST";
		if (!post)
			goto not_allowed;
	} else if (strncmp(path, API "/subscribers/", sizeof(API "/subscribers/") - 1) == 0) {
		r->route = R_SUB;
		allow = "GET, HEAD, PUT, PATCH, DELETE";
		if (!get && !put && !patch && !del)
			goto not_allowed;
		const char *s = path + sizeof(API "/subscribers/") - 1;
		if (db_supi_from_str(r->supi, s) < 0)
			return fail(r, c, 400, "supi",
				    "supi: expected imsi- and 15 digits (or the 15 digits)");
	} else {
		return fail(r, c, 404, "", "no such resource");
	}

	bool body = post || put || patch;
	if (!body)
		return MHD_YES;
	if (m->importing)
		return fail(r, c, 503, "", "an import is in progress; retry when it is done");
	const char *const *types = r->route == R_IMPORT ? csv_types
				   : patch		? patch_types
							: json_types;
	if (!content_type_is(c, types)) {
		char msg[128];
		snprintf(msg, sizeof(msg), "Content-Type must be %s", types[0]);
		return fail(r, c, 415, "", msg);
	}
	uint64_t cl = content_length(c);
	uint64_t max = r->route == R_IMPORT ? m->import_max : MGMT_JSON_MAX;
	r->max = max;
	if (cl != UINT64_MAX && cl > max) {
		char msg[96];
		snprintf(msg, sizeof(msg), "body larger than %" PRIu64 " bytes", max);
		return fail(r, c, 413, "", msg);
	}
	if (r->route == R_IMPORT) {
		const char *partial =
			MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "partial");
		struct mgmt_err e;
		bool p = partial && (strcmp(partial, "1") == 0 || strcmp(partial, "true") == 0);
		r->imp = mgmt_import_new(m, p, &e);
		if (!r->imp) {
			r->done = true;
			return send_err(c, &e);
		}
	}
	return MHD_YES;

not_allowed:;
	char msg[160];
	snprintf(msg, sizeof(msg), "{\"error\":\"method %.16s not allowed here (allowed: %s)\"}\n",
		 method, allow);
	struct MHD_Response *rsp =
		MHD_create_response_from_buffer(strlen(msg), msg, MHD_RESPMEM_MUST_COPY);
	if (!rsp)
		return MHD_NO;
	MHD_add_response_header(rsp, MHD_HTTP_HEADER_ALLOW, allow);
	MHD_add_response_header(rsp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
	r->done = true;
	enum MHD_Result res = MHD_queue_response(c, 405, rsp);
	MHD_destroy_response(rsp);
	count_response(405);
	return res;
}

/* ---- handlers ---- */

static enum MHD_Result h_metrics(struct MHD_Connection *c)
{
	size_t len = 0;
	char *text = metrics_render(&len);
	if (!text)
		return send_text(c, 500, NULL, 0, NULL);
	return send_text(c, 200, text, len, "text/plain; version=0.0.4; charset=utf-8");
}

/* NFs running in this process: main.c names each NF thread "ngcore-NAME". */
static json_t *running_nfs(void)
{
	json_t *a = json_array();
	DIR *d = opendir("/proc/self/task");
	struct dirent *de;

	if (!d)
		return a;
	while ((de = readdir(d))) {
		char p[300], comm[32] = "";
		if (de->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "/proc/self/task/%s/comm", de->d_name);
		FILE *f = fopen(p, "r");
		if (!f)
			continue;
		if (fgets(comm, sizeof(comm), f))
			comm[strcspn(comm, "\n")] = 0;
		fclose(f);
		if (strncmp(comm, "ngcore-", 7) == 0 && comm[7])
			json_array_append_new(a, json_string(comm + 7));
	}
	closedir(d);
	return a;
}

static void add_provider(const char *name, char *text, void *arg)
{
	json_t *providers = arg;
	json_error_t je;
	json_t *v = text ? json_loads(text, 0, &je) : NULL;
	free(text);
	if (!v)
		v = json_pack("{s:s}", "error", "the provider returned no valid JSON");
	json_object_set_new(providers, name, v);
}

static enum MHD_Result h_status(struct mgmt *m, struct MHD_Connection *c)
{
	json_t *o = json_object(), *providers = json_object(), *store = json_object();

	json_object_set_new(o, "version", json_string(NGCORE_VERSION));
	json_object_set_new(o, "uptime_s", json_integer((json_int_t)(time(NULL) - m->started)));
	json_object_set_new(o, "nfs", running_nfs());
	json_object_set_new(store, "backend", json_string(db_backend_name(m->db)));
	json_object_set_new(store, "schema", json_integer(db_schema_version(m->db)));
	json_object_set_new(store, "subscribers", json_integer(db_sub_count(m->db)));
	json_object_set_new(store, "importing", json_boolean(m->importing));
	json_object_set_new(o, "store", store);
	mgmt_status_collect(add_provider, providers);
	json_object_set_new(o, "providers", providers);
	return send_json(c, 200, o, NULL);
}

/* Parses a non-negative decimal query argument; 0 if absent, -1 if bad. */
static int query_u64(struct MHD_Connection *c, const char *name, uint64_t *v)
{
	const char *s = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, name);
	char *end;
	if (!s)
		return 0;
	if (!*s || *s == '-' || *s == '+')
		return -1;
	unsigned long long x = strtoull(s, &end, 10);
	if (*end)
		return -1;
	*v = x;
	return 0;
}

static int list_cb(const struct db_sub *sub, void *arg)
{
	json_t *items = arg;
	json_array_append_new(items, mgmt_sub_to_json(sub));
	return 0;
}

static enum MHD_Result h_list(struct mgmt *m, struct req *r, struct MHD_Connection *c)
{
	uint64_t offset = 0, limit = MGMT_PAGE_DEFAULT;
	char after[DB_SUPI_LEN] = "";
	const char *a = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "after");

	if (query_u64(c, "offset", &offset) < 0)
		return fail(r, c, 400, "offset", "offset: expected a number >= 0");
	if (query_u64(c, "limit", &limit) < 0 || limit < 1 || limit > MGMT_PAGE_MAX)
		return fail(r, c, 400, "limit", "limit: expected 1..1000");
	if (a && db_supi_from_str(after, a) < 0)
		return fail(r, c, 400, "after", "after: expected a SUPI");
	json_t *items = json_array();
	int n = db_sub_list(m->db, a ? after : NULL, offset, limit, list_cb, items);
	if (n < 0) {
		struct mgmt_err e;
		json_decref(items);
		mgmt_fail_db(&e, n, "");
		return send_err(c, &e);
	}
	json_t *o = json_object();
	json_object_set_new(o, "total", json_integer(db_sub_count(m->db)));
	json_object_set_new(o, "offset", json_integer((json_int_t)offset));
	json_object_set_new(o, "limit", json_integer((json_int_t)limit));
	json_object_set_new(o, "count", json_integer(n));
	if ((uint64_t)n == limit) {
		json_t *last = json_array_get(items, json_array_size(items) - 1);
		json_object_set(o, "next_after", json_object_get(last, "supi"));
	}
	json_object_set_new(o, "items", items);
	return send_json(c, 200, o, NULL);
}

/* Parses the JSON body; NULL with the 400 queued. */
static json_t *body_json(struct req *r, struct MHD_Connection *c)
{
	json_error_t je;
	json_t *o = json_loadb(r->body ? r->body : "", r->len, JSON_REJECT_DUPLICATES, &je);
	if (!o) {
		char msg[200];
		snprintf(msg, sizeof(msg), "invalid JSON at line %d column %d: %s", je.line,
			 je.column, je.text);
		fail(r, c, 400, "", msg);
	}
	return o;
}

static enum MHD_Result h_write(struct mgmt *m, struct req *r, struct MHD_Connection *c,
			       const char *method)
{
	struct db_sub *sub = malloc(sizeof(*sub));
	struct mgmt_err e = { 0 };
	enum MHD_Result res;
	json_t *in = NULL;
	int rc = 0;
	unsigned ok = 200;
	bool post = strcmp(method, "POST") == 0, patch = strcmp(method, "PATCH") == 0;

	if (!sub)
		return fail(r, c, 500, "", "out of memory");
	if (!(in = body_json(r, c))) {
		res = MHD_YES;
		goto out;
	}
	if (patch) {
		rc = db_sub_get(m->db, r->supi, sub);
		if (rc < 0) {
			mgmt_fail_db(&e, rc, "supi");
			goto err;
		}
	} else {
		db_sub_defaults(sub);
		if (!post)
			memcpy(sub->supi, r->supi, sizeof(sub->supi));
	}
	if (mgmt_sub_from_json(sub, in, !patch, &e) < 0)
		goto err;
	if (post) {
		rc = db_sub_add(m->db, sub);
		ok = 201;
	} else {
		rc = db_sub_put(m->db, sub);
	}
	if (rc < 0) {
		mgmt_fail_db(&e, rc, "supi");
		if (rc == -E_EXIST)
			snprintf(e.msg, sizeof(e.msg), "%s already exists", sub->supi);
		if (rc == -E_IO || rc == -E_AGAIN)
			LOG_RL(LOG_ERROR, "mgmt", "%s %s: %s %s", method, sub->supi, err_str(rc),
			       db_errmsg(m->db));
		goto err;
	}
	LOG(LOG_INFO, "mgmt", "subscriber %s %s", sub->supi,
	    post    ? "added"
	    : patch ? "updated"
		    : "replaced");
	if (post)
		mgmt_count_subs(m);
	char loc[96];
	snprintf(loc, sizeof(loc), API "/subscribers/%s", sub->supi);
	res = send_json(c, ok, mgmt_sub_to_json(sub), post ? loc : NULL);
	goto out;
err:
	res = send_err(c, &e);
out:
	json_decref(in);
	db_sub_wipe(sub);
	free(sub);
	return res;
}

static enum MHD_Result h_sub(struct mgmt *m, struct req *r, struct MHD_Connection *c,
			     const char *method)
{
	struct mgmt_err e;

	if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0) {
		struct db_sub *sub = malloc(sizeof(*sub));
		if (!sub)
			return fail(r, c, 500, "", "out of memory");
		int rc = db_sub_get(m->db, r->supi, sub);
		json_t *o = rc == 0 ? mgmt_sub_to_json(sub) : NULL;
		db_sub_wipe(sub);
		free(sub);
		if (rc < 0) {
			mgmt_fail_db(&e, rc, "supi");
			return send_err(c, &e);
		}
		return send_json(c, 200, o, NULL);
	}
	if (strcmp(method, "DELETE") == 0) {
		if (m->importing)
			return fail(r, c, 503, "",
				    "an import is in progress; retry when it is done");
		int rc = db_sub_del(m->db, r->supi);
		if (rc < 0) {
			mgmt_fail_db(&e, rc, "supi");
			return send_err(c, &e);
		}
		LOG(LOG_INFO, "mgmt", "subscriber %s deleted", r->supi);
		mgmt_count_subs(m);
		return send_text(c, 204, NULL, 0, NULL);
	}
	return h_write(m, r, c, method);
}

static enum MHD_Result h_import(struct req *r, struct MHD_Connection *c)
{
	unsigned status = 500;
	json_t *o = mgmt_import_finish(r->imp, &status);
	r->imp = NULL;
	return send_json(c, status, o, NULL);
}

enum MHD_Result mgmt_on_request(void *cls, struct MHD_Connection *c, const char *url,
				const char *method, const char *version, const char *upload_data,
				size_t *upload_size, void **con_cls)
{
	struct mgmt *m = cls;
	struct req *r = *con_cls;

	if (!r) {
		if (!(r = calloc(1, sizeof(*r))))
			return MHD_NO;
		r->max = MGMT_JSON_MAX;
		*con_cls = r;
		return route(m, r, c, url, method);
	}
	if (r->done) {
		*upload_size = 0; /* discard what follows an early answer */
		return MHD_YES;
	}
	if (*upload_size) {
		/* A body without Content-Length (chunked) that grows past the
		 * limit: MHD cannot answer before the body ends, so the rest is
		 * read and dropped, up to DISCARD_MAX, then 413. */
		r->received += *upload_size;
		if (r->received > r->max) {
			if (!r->too_big) {
				mgmt_import_abort(r->imp);
				r->imp = NULL;
				r->too_big = true;
			}
			*upload_size = 0;
			return r->received - r->max > DISCARD_MAX ? MHD_NO : MHD_YES;
		}
		if (r->imp) {
			mgmt_import_feed(r->imp, upload_data, *upload_size);
		} else {
			/* one buffer, never moved: no stray copies of keys */
			if (!r->body && !(r->body = malloc(MGMT_JSON_MAX + 1)))
				return MHD_NO;
			memcpy(r->body + r->len, upload_data, *upload_size);
			r->len += *upload_size;
		}
		*upload_size = 0;
		return MHD_YES;
	}
	r->done = true;
	if (r->too_big) {
		char msg[96];
		snprintf(msg, sizeof(msg), "body larger than %" PRIu64 " bytes", r->max);
		return fail(r, c, 413, "", msg);
	}
	switch (r->route) {
	case R_METRICS: return h_metrics(c);
	case R_STATUS: return h_status(m, c);
	case R_SUBS:
		if (strcmp(method, "POST") == 0)
			return h_write(m, r, c, method);
		return h_list(m, r, c);
	case R_SUB: return h_sub(m, r, c, method);
	case R_IMPORT: return h_import(r, c);
	}
	return MHD_NO;
}

void mgmt_on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
		       enum MHD_RequestTerminationCode toe)
{
	struct req *r = *con_cls;
	if (!r)
		return;
	mgmt_import_abort(r->imp);
	if (r->body) {
		explicit_bzero(r->body, r->len); /* it may have carried K/OPc */
		free(r->body);
	}
	free(r);
	*con_cls = NULL;
}
