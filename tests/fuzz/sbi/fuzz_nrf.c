/* fuzz_nrf.c — the NRF (nf/nrf) as a peer reaches it: HTTP/2 frames after
 * the client preface into a real NRF context (Nnrf_NFManagement register,
 * heartbeat PATCH, update, deregister, list; subscriptions; Nnrf_NFDiscovery
 * with its query-string parsing, TS 29.510 6.2.3.2.3.1).
 *
 * Each input gets a fresh NRF (small limits: 8 NFs, 8 subscriptions) on a
 * loopback port, so nothing carries over between inputs, and is freed
 * afterwards (LeakSanitizer sees what it keeps).
 *
 * The NRF sends status notifications to URIs its subscribers name. So that
 * those never leave the machine, the target runs in a network namespace of
 * its own with only the loopback interface (as root: unshare(CLONE_NEWNET));
 * it refuses to run anywhere else.
 *
 * Seeds: gen_server_seeds.py --nrf tests/corpus/nrf.
 */
#include <net/if.h>
#include <sched.h>
#include <stdint.h>
#include <sys/ioctl.h>

#include "lib/core/log.h"
#include "nf/nrf/nrf.h"
#include "tests/fuzz/sbi/fuzz_h2.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static struct ev_loop *loop;
static struct nrf_cfg cfg;

/* A network namespace with only "lo", up. */
static void isolate(void)
{
	FUZZ_CHECK(unshare(CLONE_NEWNET) == 0,
		   "unshare(CLONE_NEWNET): %s (the NRF target must run as root, in a network "
		   "namespace of its own, so that its notifications stay on loopback)",
		   strerror(errno));
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct ifreq ifr;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	FUZZ_CHECK(s >= 0 && ioctl(s, SIOCGIFFLAGS, &ifr) == 0, "lo: %s", strerror(errno));
	ifr.ifr_flags |= IFF_UP;
	FUZZ_CHECK(ioctl(s, SIOCSIFFLAGS, &ifr) == 0, "lo up: %s", strerror(errno));
	close(s);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	isolate();
	const char *lv = getenv("NGCORE_FUZZ_LOG");
	log_set_level(lv && log_level_parse(lv) >= 0 ? (enum log_level)log_level_parse(lv) : LOG_OFF);
	loop = ev_loop_new("fuzz-nrf");
	FUZZ_CHECK(loop != NULL, "no loop");
	nrf_cfg_defaults(&cfg);
	cfg.sbi.port = 0;
	cfg.sbi.max_body = 65536;
	cfg.sbi.max_streams = 32;
	cfg.sbi.max_requests = 16;
	cfg.client.timeout_ms = 50;
	cfg.max_nfs = 8;
	cfg.max_subscriptions = 8;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct plmn plmn = { 1, 1, 2 };
	struct nrf_ctx *ctx = nrf_ctx_new(loop, &cfg, &plmn);
	FUZZ_CHECK(ctx != NULL, "nrf_ctx_new");
	FUZZ_CHECK(nrf_ctx_start(ctx) == 0, "nrf_ctx_start");
	fuzz_h2_exchange(loop, nrf_ctx_server(ctx), data, size);
	FUZZ_CHECK(nrf_ctx_nf_count(ctx) <= (unsigned)cfg.max_nfs, "%u NFs registered",
		   nrf_ctx_nf_count(ctx));
	nrf_ctx_free(ctx);
	for (int i = 0; i < 4; i++)
		ev_run_once(loop, 0);
	return 0;
}
