/* http.c — ngctl's HTTP/1.1 client on libcurl. */
#include "tools/ngctl/http.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

static CURL *curl;
static char base[512];
static long timeout;

int http_init(const char *b, long timeout_s)
{
	size_t n = strlen(b);
	if (n >= sizeof(base))
		return -1;
	memcpy(base, b, n + 1);
	while (n && base[n - 1] == '/')
		base[--n] = 0;
	timeout = timeout_s;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || !(curl = curl_easy_init()))
		return -1;
	return 0;
}

void http_fini(void)
{
	if (curl)
		curl_easy_cleanup(curl);
	curl = NULL;
	curl_global_cleanup();
}

static size_t on_data(char *p, size_t size, size_t n, void *arg)
{
	struct http_rsp *r = arg;
	size_t add = size * n;
	char *b = realloc(r->body, r->len + add + 1);
	if (!b)
		return 0;
	memcpy(b + r->len, p, add);
	r->len += add;
	b[r->len] = 0;
	r->body = b;
	return add;
}

char *http_escape(const char *s)
{
	char *e = curl_easy_escape(curl, s, 0);
	char *out = e ? strdup(e) : NULL;
	curl_free(e);
	return out;
}

int http_do(const char *method, const char *path, const char *ctype, const char *body, size_t len,
	    FILE *file, long long upload_len, struct http_rsp *rsp, char *err, size_t errlen)
{
	char url[1024], hdr[128], cerr[CURL_ERROR_SIZE] = "";
	struct curl_slist *h = NULL;

	memset(rsp, 0, sizeof(*rsp));
	snprintf(url, sizeof(url), "%s%s", base, path);
	curl_easy_reset(curl);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, cerr);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, rsp);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 5L);
	if (timeout > 0)
		curl_easy_setopt(curl, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
	if (ctype) {
		snprintf(hdr, sizeof(hdr), "Content-Type: %s", ctype);
		h = curl_slist_append(h, hdr);
		h = curl_slist_append(h, "Accept: application/json");
	}
	if (file) {
		curl_easy_setopt(curl, CURLOPT_POST, 1L);
		curl_easy_setopt(curl, CURLOPT_READDATA, file);
		curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)upload_len);
	} else if (body) {
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	}
	if (h)
		curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
	CURLcode rc = curl_easy_perform(curl);
	curl_slist_free_all(h);
	if (rc != CURLE_OK) {
		snprintf(err, errlen, "cannot reach the management API at %s: %s", base,
			 cerr[0] ? cerr : curl_easy_strerror(rc));
		http_rsp_free(rsp);
		return -1;
	}
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &rsp->status);
	if (!rsp->body) {
		rsp->body = calloc(1, 1);
		if (!rsp->body) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	return 0;
}

void http_rsp_free(struct http_rsp *rsp)
{
	free(rsp->body);
	rsp->body = NULL;
	rsp->len = 0;
}
