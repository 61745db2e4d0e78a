/* nf.h — the contract between the ngcore binary (src/) and each network
 * function (nf/<name>/).
 *
 * An NF describes its configuration section (a lib/core/cfg schema and its
 * defaults) and two entry points. The binary parses the whole file, then for
 * every NF it runs: creates a lib/ev loop and a thread, calls start() on that
 * thread, and runs the loop. On SIGTERM/SIGINT it calls stop() on each NF's
 * thread (in reverse start order), then ends the loop. NFs talk to each other
 * only over SBI (or PFCP/N2), never through shared memory, so the same NFs
 * can run in one process or many.
 */
#ifndef NGCORE_CORE_NF_H
#define NGCORE_CORE_NF_H

#include <stddef.h>

#include "lib/core/cfg.h"
#include "lib/core/ids.h"

struct ev_loop;

/* Settings every NF in the process shares (top level of the YAML file). */
struct core_cfg {
	int log_level; /* enum log_level */
	char log_file[256]; /* "" = stderr */
	char data_dir[256]; /* databases and state */
	struct plmn plmn; /* home PLMN */
	char nrf_uri[128]; /* where NFs register and discover, e.g. http://127.0.0.1:7777 */
	char nfs[16][16]; /* NFs to run ("all" when empty) */
	uint32_t n_nfs; /* entries in nfs */
};

struct nf_env {
	const char *name; /* the NF's name */
	struct ev_loop *loop; /* its own loop, on its own thread */
	const void *cfg; /* its configuration section, parsed */
	const struct core_cfg *core; /* process-wide settings */
	void *state; /* the NF's private state, set by start() */
};

struct nf_ops {
	const char *name; /* config section and --nf name: "amf" */
	const char *summary; /* one line for --help */
	const struct cfg_field *fields; /* schema of the section */
	size_t cfg_size; /* size of the section's struct */
	void (*defaults)(void *cfg, const struct core_cfg *core); /* embedded defaults */
	/* Cross-field checks after loading: NULL or what is wrong (*key names it). */
	const char *(*check)(const void *cfg, const char **key);
	int (*start)(struct nf_env *env); /* on the NF's thread; 0 or -E_* */
	void (*stop)(struct nf_env *env); /* on the NF's thread; frees everything */
};

#endif
