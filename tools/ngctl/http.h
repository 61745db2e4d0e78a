/* http.h — ngctl's HTTP/1.1 client (libcurl, one easy handle reused). */
#ifndef NGCORE_NGCTL_HTTP_H
#define NGCORE_NGCTL_HTTP_H

#include <stddef.h>
#include <stdio.h>

struct http_rsp {
	long status; /* HTTP status, 0 if no answer */
	char *body; /* malloc'd, NUL-terminated (may be empty) */
	size_t len; /* bytes in body */
};

/* Sets the API base ("http://127.0.0.1:9090") and the timeout; 0 or -1. */
int http_init(const char *base, long timeout_s);
void http_fini(void);

/* method on base + path (path already escaped). A body comes either from
 * (body, len) or from file (upload_len bytes), with content type ctype.
 * Returns 0 with *rsp filled (whatever the status), or -1 when no answer
 * came; then err holds one line saying why. */
int http_do(const char *method, const char *path, const char *ctype, const char *body, size_t len,
	    FILE *file, long long upload_len, struct http_rsp *rsp, char *err, size_t errlen);
void http_rsp_free(struct http_rsp *rsp);

/* Escapes one path segment (malloc'd; NULL when out of memory). */
char *http_escape(const char *s);

#endif
