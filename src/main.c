/* ngcore — the 5G core binary: runs any set of NFs (all by default) from one
 * YAML file, each on its own event loop and thread; embedded defaults when no
 * file is given. See README.md and docs/operator-guide.md. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/ev/ev.h"
#include "src/config.h"
#include "src/nfs.h"

#ifndef NGCORE_VERSION
#define NGCORE_VERSION "unknown"
#endif

struct nf_run {
	const struct nf_ops *ops; /* the NF */
	struct nf_env env; /* what it runs with */
	pthread_t thread; /* its thread */
	sem_t started; /* posted once start() returned */
	int start_rc; /* what start() returned */
	bool running; /* thread alive */
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: ngcore [-c FILE] [--nf LIST] [--check-config] [--log-level LEVEL]\n"
		"\n"
		"  -c, --config FILE    YAML configuration (default: embedded defaults)\n"
		"      --nf LIST        run only these NFs, comma-separated (default: the file's\n"
		"                       'nfs' list, or all)\n"
		"      --check-config   load and validate the configuration, then exit\n"
		"                       (0 = valid; 2 = invalid, with FILE:LINE: KEY: reason)\n"
		"      --dump-config    print the effective configuration (defaults plus FILE)\n"
		"                       as YAML, then exit: a complete, commented starting point\n"
		"      --log-level L    trace, debug, info, notice, warn, error (overrides the "
		"file)\n"
		"  -V, --version        print the version and exit\n"
		"  -h, --help           this text\n"
		"\nNFs in this binary:\n");
	for (size_t i = 0; i < ngcore_n_nfs; i++)
		fprintf(out, "  %-6s %s\n", ngcore_nfs[i]->name, ngcore_nfs[i]->summary);
}

static void *nf_thread(void *arg)
{
	struct nf_run *r = arg;
	char tname[16];

	snprintf(tname, sizeof(tname), "ngcore-%s", r->ops->name);
	pthread_setname_np(pthread_self(), tname);
	r->start_rc = r->ops->start(&r->env);
	sem_post(&r->started);
	if (r->start_rc == 0)
		ev_run(r->env.loop);
	return NULL;
}

static void nf_stop_cb(struct ev_loop *loop, void *arg)
{
	struct nf_run *r = arg;
	if (r->ops->stop)
		r->ops->stop(&r->env);
	ev_stop(loop);
}

static int select_nfs(const char *list, const struct core_cfg *core, bool *on)
{
	char buf[256];

	memset(on, 0, sizeof(bool) * ngcore_n_nfs);
	if (!list && core->n_nfs == 0) {
		for (size_t i = 0; i < ngcore_n_nfs; i++)
			on[i] = true;
		return 0;
	}
	size_t n = list ? 0 : core->n_nfs;
	if (list)
		snprintf(buf, sizeof(buf), "%s", list);
	char *save = NULL;
	char *tok = list ? strtok_r(buf, ",", &save) : NULL;
	for (size_t k = 0;; k++) {
		const char *name = list ? tok : (k < n ? core->nfs[k] : NULL);
		if (!name)
			break;
		if (strcmp(name, "all") == 0) {
			for (size_t i = 0; i < ngcore_n_nfs; i++)
				on[i] = true;
		} else {
			size_t i;
			for (i = 0; i < ngcore_n_nfs; i++)
				if (strcmp(ngcore_nfs[i]->name, name) == 0)
					break;
			if (i == ngcore_n_nfs) {
				fprintf(stderr,
					"ngcore: unknown NF \"%s\" (this binary has:", name);
				for (i = 0; i < ngcore_n_nfs; i++)
					fprintf(stderr, " %s", ngcore_nfs[i]->name);
				fprintf(stderr, ")\n");
				return -E_CONFIG;
			}
			on[i] = true;
		}
		if (list)
			tok = strtok_r(NULL, ",", &save);
	}
	return 0;
}

static int mkdir_p(const char *path)
{
	char tmp[256];
	snprintf(tmp, sizeof(tmp), "%s", path);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(tmp, 0750) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(tmp, 0750) < 0 && errno != EEXIST ? -1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "nf", required_argument, NULL, 'n' },
		{ "check-config", no_argument, NULL, 'k' },
		{ "dump-config", no_argument, NULL, 'd' },
		{ "log-level", required_argument, NULL, 'l' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cfg_path = NULL, *nf_list = NULL, *level = NULL;
	bool check_only = false, dump = false;
	int c;

	while ((c = getopt_long(argc, argv, "c:Vh", opts, NULL)) != -1) {
		switch (c) {
		case 'c': cfg_path = optarg; break;
		case 'n': nf_list = optarg; break;
		case 'k': check_only = true; break;
		case 'd': dump = true; break;
		case 'l': level = optarg; break;
		case 'V': printf("ngcore %s\n", NGCORE_VERSION); return 0;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "ngcore: unexpected argument \"%s\" (see --help)\n", argv[optind]);
		return 2;
	}

	struct ngcore_config *cfg = config_new();
	if (!cfg) {
		fprintf(stderr, "ngcore: out of memory\n");
		return 1;
	}
	struct cfg_err err;
	if (cfg_path && config_load(cfg, cfg_path, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		config_free(cfg);
		return 2;
	}
	if (level) {
		int l = log_level_parse(level);
		if (l < 0) {
			fprintf(stderr, "ngcore: --log-level: unknown level \"%s\"\n", level);
			config_free(cfg);
			return 2;
		}
		cfg->core->log_level = l;
	}
	bool on[64];
	if (ngcore_n_nfs > 64 || select_nfs(nf_list, cfg->core, on) < 0) {
		config_free(cfg);
		return 2;
	}
	if (dump) {
		printf("# ngcore %s configuration (%s)\n", NGCORE_VERSION,
		       cfg_path ? cfg_path : "embedded defaults");
		cfg_dump(stdout, cfg->fields, cfg->blob);
		config_free(cfg);
		return 0;
	}
	if (check_only) {
		printf("%s: configuration OK\n", cfg_path ? cfg_path : "(embedded defaults)");
		config_free(cfg);
		return 0;
	}

	log_set_level(cfg->core->log_level);
	if (cfg->core->log_file[0] && log_open(cfg->core->log_file) < 0) {
		fprintf(stderr, "ngcore: log.file: cannot open \"%s\": %s\n", cfg->core->log_file,
			strerror(errno));
		config_free(cfg);
		return 1;
	}
	if (mkdir_p(cfg->core->data_dir) < 0) {
		LOG(LOG_ERROR, "ngcore", "data_dir: cannot create \"%s\": %s", cfg->core->data_dir,
		    strerror(errno));
		config_free(cfg);
		return 1;
	}

	struct ev_loop *main_loop = ev_loop_new("ngcore");
	/* Block the signals before any thread starts, so only main sees them. */
	if (!main_loop || ev_signals(main_loop, NULL, NULL, NULL) < 0) {
		fprintf(stderr, "ngcore: cannot set up the main loop\n");
		ev_loop_free(main_loop);
		config_free(cfg);
		return 1;
	}
	LOG(LOG_INFO, "ngcore", "ngcore %s starting (%s)", NGCORE_VERSION,
	    cfg_path ? cfg_path : "embedded defaults");

	struct nf_run *runs = calloc(ngcore_n_nfs ? ngcore_n_nfs : 1, sizeof(*runs));
	int rc = 0;
	size_t started = 0;
	for (size_t i = 0; i < ngcore_n_nfs && rc == 0; i++) {
		if (!on[i])
			continue;
		struct nf_run *r = &runs[i];
		r->ops = ngcore_nfs[i];
		r->env.name = r->ops->name;
		r->env.cfg = config_section(cfg, i);
		r->env.core = cfg->core;
		r->env.loop = ev_loop_new(r->ops->name);
		sem_init(&r->started, 0, 0);
		if (!r->env.loop || pthread_create(&r->thread, NULL, nf_thread, r) != 0) {
			LOG(LOG_ERROR, "ngcore", "%s: cannot create its loop or thread",
			    r->ops->name);
			rc = 1;
			break;
		}
		r->running = true;
		sem_wait(&r->started);
		if (r->start_rc < 0) {
			LOG(LOG_ERROR, "ngcore", "%s: failed to start: %s", r->ops->name,
			    err_str(r->start_rc));
			rc = 1;
			break;
		}
		started++;
		LOG(LOG_INFO, "ngcore", "%s started", r->ops->name);
	}
	if (rc == 0) {
		if (started == 0)
			LOG(LOG_WARN, "ngcore", "no NF selected; waiting for a signal");
		LOG(LOG_INFO, "ngcore", "running %zu NF%s", started, started == 1 ? "" : "s");
		ev_run(main_loop);
	}

	/* Stop in reverse start order: each NF frees its state on its own thread. */
	for (size_t k = ngcore_n_nfs; k-- > 0;) {
		struct nf_run *r = &runs[k];
		if (!r->running)
			continue;
		if (r->start_rc == 0)
			ev_post(r->env.loop, nf_stop_cb, r);
		pthread_join(r->thread, NULL);
		ev_loop_free(r->env.loop);
		sem_destroy(&r->started);
		LOG(LOG_INFO, "ngcore", "%s stopped", r->ops->name);
	}
	free(runs);
	ev_loop_free(main_loop);
	config_free(cfg);
	LOG(LOG_INFO, "ngcore", "stopped");
	return rc;
}
