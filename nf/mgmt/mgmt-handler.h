/* mgmt-handler.h — the HTTP routes of the management NF (mgmt-handler.c). */
#ifndef NGCORE_MGMT_HANDLER_H
#define NGCORE_MGMT_HANDLER_H

#include <microhttpd.h>

/* libmicrohttpd's access handler; cls is the struct mgmt. */
enum MHD_Result mgmt_on_request(void *cls, struct MHD_Connection *c, const char *url,
				const char *method, const char *version, const char *upload_data,
				size_t *upload_size, void **con_cls);
/* Frees the request state (and aborts an unfinished import). */
void mgmt_on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
		       enum MHD_RequestTerminationCode toe);

#endif
