/* mgmt.h — the management endpoint NF: subscriber REST API, status and
 * Prometheus /metrics over HTTP/1.1 (libmicrohttpd). See README.md.
 *
 * Configuration section:
 *   mgmt:
 *     addr: 127.0.0.1      # listen address (IPv4 or IPv6)
 *     port: 9090           # listen port
 *     db: PATH             # subscriber store; default <data_dir>/ngcore.db
 *     import_max_mb: 256   # largest CSV body POST /api/v1/subscribers/import takes
 */
#ifndef NGCORE_MGMT_MGMT_H
#define NGCORE_MGMT_MGMT_H

#include <stdint.h>

#include "lib/core/ids.h"
#include "lib/core/nf.h"

struct mgmt_cfg {
	struct ip_addr addr; /* listen address */
	uint16_t port; /* listen port */
	char db[256]; /* store URI or path; "" = <data_dir>/ngcore.db */
	int64_t import_max_mb; /* CSV import body limit, MiB */
};

extern const struct nf_ops mgmt_nf_ops;

#endif
