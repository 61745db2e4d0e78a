/* ngsim — gNB and UE simulator and load generator for ngcore.
 *
 *   ngsim run SCENARIO.yaml [--amf ADDR[:PORT]] [--log LEVEL]
 *   ngsim load --ues N --rate R [--config FILE] [--deregister] [--release]
 *              [--json] [--timeout SECONDS] [--amf ADDR[:PORT]] [--log LEVEL]
 *   ngsim subscribers [--config FILE] [--ues N]     CSV for `ngctl subscriber import`
 *   ngsim check-config FILE
 *
 * Exit status: 0 pass / all completed, 1 fail / some failed, 2 usage or
 * configuration error. docs/ngsim.md describes the files.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/core/log.h"
#include "lib/crypto/ct.h"
#include "lib/crypto/milenage.h"
#include "lib/net/sctp.h"
#include "sim/load.h"
#include "sim/run.h"
#include "sim/sim.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: ngsim run SCENARIO.yaml [--amf ADDR[:PORT]] [--log LEVEL]\n"
		"       ngsim load --ues N --rate R [--config FILE] [--deregister] [--release]\n"
		"                  [--json] [--timeout SECONDS] [--amf ADDR[:PORT]] [--log LEVEL]\n"
		"       ngsim subscribers [--config FILE] [--ues N]\n"
		"       ngsim check-config FILE\n");
}

/* "10.0.0.1", "10.0.0.1:38412", "[::1]:38412" -> every gNB's AMF list. */
static int set_amf(struct sim_cfg *c, const char *arg)
{
	char host[64];
	unsigned port = NET_SCTP_PORT_NGAP;
	const char *colon = strrchr(arg, ':');

	if (arg[0] == '[') {
		const char *end = strchr(arg, ']');
		if (!end || (size_t)(end - arg - 1) >= sizeof(host))
			return -E_INVAL;
		memcpy(host, arg + 1, (size_t)(end - arg - 1));
		host[end - arg - 1] = 0;
		if (end[1] == ':')
			port = (unsigned)atoi(end + 2);
	} else if (colon && strchr(arg, ':') == colon) {
		if ((size_t)(colon - arg) >= sizeof(host))
			return -E_INVAL;
		memcpy(host, arg, (size_t)(colon - arg));
		host[colon - arg] = 0;
		port = (unsigned)atoi(colon + 1);
	} else {
		snprintf(host, sizeof(host), "%s", arg);
	}
	struct ip_addr ip;
	if (ip_parse(&ip, host) < 0 || port == 0 || port > 65535)
		return -E_INVAL;
	for (uint32_t g = 0; g < c->n_gnbs; g++) {
		c->gnbs[g].amfs[0].ip = ip;
		c->gnbs[g].amfs[0].port = (uint16_t)port;
		c->gnbs[g].n_amfs = 1;
	}
	return 0;
}

static int load_config(struct sim_cfg *c, const char *path)
{
	struct cfg_err err;
	int rc;
	if (path)
		rc = sim_cfg_load(c, path, &err);
	else
		rc = sim_cfg_load_str(c, "(defaults)", "{}", &err);
	if (rc < 0) {
		fprintf(stderr, "ngsim: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static int cmd_subscribers(struct sim_cfg *c, uint64_t want)
{
	uint64_t n = 0;
	printf("imsi,k,opc,amf,sqn,sst,sd,dnn\n");
	for (uint32_t g = 0; g < c->n_ues && (!want || n < want); g++) {
		const struct sim_ue_cfg *u = &c->ues[g];
		uint8_t opc[16];
		char k[33], o[33], sst[64] = "", sd[128] = "";
		bool has_opc = false;
		for (int i = 0; i < 16; i++)
			has_opc |= u->opc[i] != 0;
		if (has_opc)
			memcpy(opc, u->opc, 16);
		else if (milenage_opc(u->k, u->op, opc) < 0)
			return 2;
		hex_encode(k, u->k, 16);
		hex_encode(o, opc, 16);
		for (uint32_t i = 0; i < u->n_nssai; i++) {
			size_t a = strlen(sst), b = strlen(sd);
			snprintf(sst + a, sizeof(sst) - a, "%s%u", i ? ";" : "", u->nssai[i].sst);
			if (u->nssai[i].has_sd)
				snprintf(sd + b, sizeof(sd) - b, "%s%06x", i ? ";" : "",
					 u->nssai[i].sd);
			else if (i)
				snprintf(sd + b, sizeof(sd) - b, ";");
		}
		size_t len = strlen(u->imsi);
		unsigned long long first = strtoull(u->imsi, NULL, 10);
		for (int64_t i = 0; i < u->count && (!want || n < want); i++, n++) {
			/* The network's SQN starts where the USIM's is: the next
			 * vector carries a fresh SQN. */
			printf("%0*llu,%s,%s,%02x%02x,%lld,%s,%s,%s\n", (int)len,
			       first + (unsigned long long)i, k, o, u->amf_field[0],
			       u->amf_field[1], (long long)u->sqn, sst, sd, u->dnn);
		}
		crypto_wipe(opc, sizeof(opc));
		crypto_wipe(k, sizeof(k));
		crypto_wipe(o, sizeof(o));
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ues", required_argument, NULL, 'n' },
		{ "rate", required_argument, NULL, 'r' },
		{ "config", required_argument, NULL, 'c' },
		{ "deregister", no_argument, NULL, 'd' },
		{ "release", no_argument, NULL, 'R' },
		{ "json", no_argument, NULL, 'j' },
		{ "timeout", required_argument, NULL, 't' },
		{ "amf", required_argument, NULL, 'a' },
		{ "log", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct load_opts lo = { .timeout_s = 30 };
	const char *config = NULL, *amf = NULL, *level = NULL;
	uint64_t ues = 0;
	int c;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
		usage(stdout);
		return 0;
	}
	optind = 2;
	while ((c = getopt_long(argc, argv, "n:r:c:dRjt:a:l:h", opts, NULL)) != -1) {
		switch (c) {
		case 'n': ues = strtoull(optarg, NULL, 10); break;
		case 'r': lo.rate = strtod(optarg, NULL); break;
		case 'c': config = optarg; break;
		case 'd': lo.deregister = true; break;
		case 'R': lo.release = true; break;
		case 'j': lo.json = true; break;
		case 't': lo.timeout_s = strtod(optarg, NULL); break;
		case 'a': amf = optarg; break;
		case 'l': level = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	static struct sim_cfg cfg;
	bool run = !strcmp(cmd, "run"), load = !strcmp(cmd, "load");
	if (run || !strcmp(cmd, "check-config")) {
		if (optind >= argc) {
			usage(stderr);
			return 2;
		}
		config = argv[optind];
	} else if (!load && strcmp(cmd, "subscribers")) {
		usage(stderr);
		return 2;
	}
	if (load_config(&cfg, config) < 0)
		return 2;
	/* One group and more UEs asked for than it has: extend its IMSI range. */
	if (ues && ues > sim_cfg_ue_total(&cfg)) {
		if (cfg.n_ues != 1 || ues > SIM_UE_MAX) {
			fprintf(stderr, "ngsim: --ues %llu: the configuration has %llu UEs\n",
				(unsigned long long)ues,
				(unsigned long long)sim_cfg_ue_total(&cfg));
			return 2;
		}
		cfg.ues[0].count = (int64_t)ues;
	}
	if (!strcmp(cmd, "check-config")) {
		printf("%s: ok (%u gNBs, %llu UEs, %u steps)\n", config, cfg.n_gnbs,
		       (unsigned long long)sim_cfg_ue_total(&cfg), cfg.n_steps);
		return 0;
	}
	if (!strcmp(cmd, "subscribers"))
		return cmd_subscribers(&cfg, ues);
	if (amf && set_amf(&cfg, amf) < 0) {
		fprintf(stderr, "ngsim: --amf %s: expected ADDR or ADDR:PORT\n", amf);
		return 2;
	}
	if (load && (!ues || !(lo.rate > 0))) {
		fprintf(stderr, "ngsim load: --ues N and --rate R are required\n");
		return 2;
	}
	lo.ues = (uint32_t)ues;
	int lvl = level ? log_level_parse(level) : cfg.log_level;
	if (lvl < 0) {
		fprintf(stderr, "ngsim: --log %s: unknown level\n", level);
		return 2;
	}
	log_set_level((enum log_level)lvl);
	if (cfg.log_file[0] && log_open(cfg.log_file) < 0) {
		fprintf(stderr, "ngsim: cannot open log file %s\n", cfg.log_file);
		return 2;
	}

	struct ev_loop *loop = ev_loop_new("ngsim");
	if (!loop) {
		fprintf(stderr, "ngsim: cannot create the event loop\n");
		return 2;
	}
	ev_signals(loop, NULL, NULL, NULL);
	static struct sim s;
	int rc = sim_init(&s, loop, &cfg);
	if (rc < 0) {
		fprintf(stderr, "ngsim: cannot start: %s\n", err_str(rc));
		sim_fini(&s);
		ev_loop_free(loop);
		return 2;
	}
	rc = run ? run_scenario(&s) : load_run(&s, &lo);
	if (rc < 0) {
		fprintf(stderr, "ngsim: %s\n", err_str(rc));
		rc = 2;
	}
	fflush(stdout);
	sim_shutdown(&s);
	sim_fini(&s);
	net_sctp_global_fini();
	ev_loop_free(loop);
	return rc;
}
