/* main.c — the management NF: configuration, start/stop, and libmicrohttpd
 * driven from the NF's own lib/ev loop (MHD's epoll fd watched by the loop,
 * its timeouts as an ev timer). Every request therefore runs on the mgmt
 * thread, which owns the store connection (lib/db's one-connection-per-thread
 * rule). */
#include <arpa/inet.h>
#include <inttypes.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "nf/mgmt/mgmt-ctx.h"
#include "nf/mgmt/mgmt-handler.h"
#include "nf/mgmt/mgmt.h"

static const struct cfg_field mgmt_fields[] = {
	CFG_F_IP("addr", struct mgmt_cfg, addr),
	CFG_F_PORT("port", struct mgmt_cfg, port),
	CFG_F_STR("db", struct mgmt_cfg, db),
	CFG_F_INT("import_max_mb", struct mgmt_cfg, import_max_mb, 1, 65536),
	CFG_FIELD_END,
};

static void mgmt_defaults(void *cfg, const struct core_cfg *core)
{
	struct mgmt_cfg *c = cfg;
	memset(c, 0, sizeof(*c));
	ip_parse(&c->addr, "127.0.0.1");
	c->port = 9090;
	c->db[0] = 0; /* resolved in start(): data_dir may come from the file */
	c->import_max_mb = 256;
}

void mgmt_count_subs(struct mgmt *m)
{
	int64_t n = db_sub_count(m->db);
	if (n >= 0)
		metric_set(m->m_subs, n);
}

/* MHD's own messages (its format strings, not ours). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[256];
	vsnprintf(line, sizeof(line), fmt, ap);
	size_t n = strlen(line);
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = 0;
	LOG_RL(LOG_NOTICE, "mgmt http", "%s", line);
}
#pragma GCC diagnostic pop

static void pump(struct mgmt *m);

static void on_timer(struct ev_loop *loop, struct ev_timer *t)
{
	pump(t->data);
}

static void on_io(struct ev_loop *loop, struct ev_io *io, uint32_t events)
{
	pump(io->data);
}

/* Lets MHD do what is ready, then arms the timer for its next deadline. */
static void pump(struct mgmt *m)
{
	MHD_UNSIGNED_LONG_LONG to;

	MHD_run(m->httpd);
	if (MHD_get_timeout(m->httpd, &to) == MHD_YES)
		ev_timer_start(m->loop, &m->timer, to, on_timer, m);
	else
		ev_timer_stop(m->loop, &m->timer);
}

static int mgmt_start(struct nf_env *env)
{
	const struct mgmt_cfg *c = env->cfg;
	struct mgmt *m = calloc(1, sizeof(*m));
	int rc;

	if (!m)
		return -E_NOMEM;
	m->loop = env->loop;
	m->started = time(NULL);
	m->import_max = (uint64_t)c->import_max_mb << 20;
	if (c->db[0])
		snprintf(m->db_uri, sizeof(m->db_uri), "%s", c->db);
	else
		snprintf(m->db_uri, sizeof(m->db_uri), "%s/ngcore.db", env->core->data_dir);
	m->db_opts = (struct db_opts){ .uri = m->db_uri, .busy_timeout_ms = 5000 };
	if ((rc = db_open(&m->db, &m->db_opts)) < 0) {
		LOG(LOG_ERROR, "mgmt", "db: cannot open \"%s\": %s %s", m->db_uri, err_str(rc),
		    m->db ? db_errmsg(m->db) : "");
		free(m);
		return rc;
	}
	m->m_subs = metric_gauge("ngcore_subscribers", "Subscribers in the subscriber store", NULL);
	mgmt_count_subs(m);

	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof(ss));
	if (c->addr.family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(c->port);
		memcpy(&s6->sin6_addr, c->addr.a, 16);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
		s4->sin_family = AF_INET;
		s4->sin_port = htons(c->port);
		memcpy(&s4->sin_addr, c->addr.a, 4);
	}
	unsigned flags = MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
	if (c->addr.family == AF_INET6)
		flags |= MHD_USE_IPv6;
	m->httpd = MHD_start_daemon(
		flags, c->port, NULL, NULL, mgmt_on_request, m, MHD_OPTION_EXTERNAL_LOGGER, mhd_log,
		m, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss, MHD_OPTION_NOTIFY_COMPLETED,
		mgmt_on_completed, m, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)64, MHD_OPTION_END);
	char a[64];
	if (!m->httpd) {
		LOG(LOG_ERROR, "mgmt", "cannot listen on %s port %u (in use, or not permitted)",
		    ip_str(&c->addr, a, sizeof(a)), c->port);
		db_close(m->db);
		free(m);
		return -E_IO;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(m->httpd, MHD_DAEMON_INFO_EPOLL_FD);
	if (!di || ev_io_start(m->loop, &m->io, di->epoll_fd, EV_READ, on_io, m) < 0) {
		LOG(LOG_ERROR, "mgmt", "cannot watch the HTTP server's epoll fd");
		MHD_stop_daemon(m->httpd);
		db_close(m->db);
		free(m);
		return -E_IO;
	}
	pump(m);
	env->state = m;
	LOG(LOG_INFO, "mgmt", "listening on http://%s%s%s:%u (store %s, schema %d)",
	    c->addr.family == AF_INET6 ? "[" : "", ip_str(&c->addr, a, sizeof(a)),
	    c->addr.family == AF_INET6 ? "]" : "", c->port, m->db_uri, db_schema_version(m->db));
	return 0;
}

static void mgmt_stop(struct nf_env *env)
{
	struct mgmt *m = env->state;
	if (!m)
		return;
	ev_io_stop(m->loop, &m->io);
	ev_timer_stop(m->loop, &m->timer);
	MHD_stop_daemon(m->httpd); /* completes every request: an import in flight is aborted */
	db_close(m->db);
	free(m);
	env->state = NULL;
}

const struct nf_ops mgmt_nf_ops = {
	.name = "mgmt",
	.summary = "management: subscriber REST API, status, Prometheus /metrics",
	.fields = mgmt_fields,
	.cfg_size = sizeof(struct mgmt_cfg),
	.defaults = mgmt_defaults,
	.check = NULL,
	.start = mgmt_start,
	.stop = mgmt_stop,
};
