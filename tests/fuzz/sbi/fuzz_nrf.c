/* fuzz_nrf.c — the NRF (nf/nrf) as a peer reaches it: HTTP/2 frames after
 * the client preface into a real NRF context (Nnrf_NFManagement register,
 * heartbeat PATCH, update, deregister, list; subscriptions; Nnrf_NFDiscovery
 * with its query-string parsing, TS 29.510 6.2.3.2.3.1).
 *
 * Input: HTTP/2 frames, or (so the fuzzer works on the text itself rather
 * than through HPACK framing):
 *   'Q' + a query string: three fixed NFs register (AUSF, SMF with DNNs,
 *       UDM), then discovery and the NF list run with that query;
 *   'P' + an NFProfile body: registered (PUT, id from the body), patched
 *       by a heartbeat, read back, found by discovery, listed, removed.
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
	log_set_level(lv && log_level_parse(lv) >= 0 ? (enum log_level)log_level_parse(lv)
						     : LOG_OFF);
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

static const char ausf[] =
	"{\"nfInstanceId\":\"4947a69a-f61b-4bc1-b9da-47c9c5d14b64\",\"nfType\":\"AUSF\","
	"\"nfStatus\":\"REGISTERED\",\"plmnList\":[{\"mcc\":\"001\",\"mnc\":\"01\"}],"
	"\"sNssais\":[{\"sst\":1,\"sd\":\"010203\"}],\"ipv4Addresses\":[\"127.0.0.3\"],"
	"\"allowedNfTypes\":[\"AMF\"],\"nfServices\":[{\"serviceInstanceId\":\"1\","
	"\"serviceName\":\"nausf-auth\",\"versions\":[{\"apiVersionInUri\":\"v1\","
	"\"apiFullVersion\":\"1.0.0\"}],\"scheme\":\"http\",\"nfServiceStatus\":\"REGISTERED\"}]}";
static const char smf[] =
	"{\"nfInstanceId\":\"0a1b2c3d-0000-4000-8000-000000000002\",\"nfType\":\"SMF\","
	"\"nfStatus\":\"REGISTERED\",\"fqdn\":\"smf.example\",\"sNssais\":[{\"sst\":1}],"
	"\"smfInfo\":{\"sNssaiSmfInfoList\":[{\"sNssai\":{\"sst\":1},"
	"\"dnnSmfInfoList\":[{\"dnn\":\"internet\"},{\"dnn\":\"*\"}]}]}}";
static const char udm[] =
	"{\"nfInstanceId\":\"0a1b2c3d-0000-4000-8000-000000000003\",\"nfType\":\"UDM\","
	"\"nfStatus\":\"SUSPENDED\",\"ipv6Addresses\":[\"::1\"]}";

/* Builds the exchange for the 'Q' and 'P' inputs into out; its length. */
static size_t build(uint8_t *out, size_t cap, const uint8_t *data, size_t size)
{
	static const char nfm[] = "/nnrf-nfm/v1/nf-instances/";
	static const char ct[] = "application/json";
	char path[16384];
	size_t n = 0, k;
	uint32_t sid = 1;
#define REQ(m, p, pl, c, b, bl)                                                                    \
	do {                                                                                       \
		k = fuzz_h2_request(out + n, cap - n, sid, m, p, pl, c, b, bl);                    \
		if (!k)                                                                            \
			return n;                                                                  \
		n += k;                                                                            \
		sid += 2;                                                                          \
	} while (0)
	if (data[0] == 'Q') {
		const struct {
			const char *id, *body;
		} nfs[] = { { "4947a69a-f61b-4bc1-b9da-47c9c5d14b64", ausf },
			    { "0a1b2c3d-0000-4000-8000-000000000002", smf },
			    { "0a1b2c3d-0000-4000-8000-000000000003", udm } };
		for (size_t i = 0; i < 3; i++) {
			int pl = snprintf(path, sizeof(path), "%s%s", nfm, nfs[i].id);
			REQ("PUT", path, (size_t)pl, ct, nfs[i].body, strlen(nfs[i].body));
		}
		size_t ql = size - 1 < 8000 ? size - 1 : 8000;
		static const char disc[] = "/nnrf-disc/v1/nf-instances?";
		static const char list[] = "/nnrf-nfm/v1/nf-instances?";
		memcpy(path, disc, sizeof(disc) - 1);
		memcpy(path + sizeof(disc) - 1, data + 1, ql);
		REQ("GET", path, sizeof(disc) - 1 + ql, NULL, NULL, 0);
		memcpy(path, list, sizeof(list) - 1);
		memcpy(path + sizeof(list) - 1, data + 1, ql);
		REQ("GET", path, sizeof(list) - 1 + ql, NULL, NULL, 0);
		return n;
	}
	/* 'P': the profile's own id in the path, when it has one */
	const uint8_t *body = data + 1;
	size_t blen = size - 1 < 16000 ? size - 1 : 16000;
	char id[64] = "00000000-0000-4000-8000-000000000000";
	json_t *j = json_loadb((const char *)body, blen, 0, NULL);
	const char *jid = json_string_value(json_object_get(j, "nfInstanceId"));
	if (jid && strlen(jid) < sizeof(id) && !strpbrk(jid, "/?#%"))
		snprintf(id, sizeof(id), "%s", jid);
	json_decref(j);
	int pl = snprintf(path, sizeof(path), "%s%s", nfm, id);
	static const char hb[] =
		"[{\"op\":\"replace\",\"path\":\"/nfStatus\",\"value\":\"REGISTERED\"}]";
	static const char q1[] =
		"/nnrf-disc/v1/nf-instances?target-nf-type=AUSF&requester-nf-type=AMF";
	static const char q2[] =
		"/nnrf-disc/v1/nf-instances?target-nf-type=SMF&requester-nf-type=AMF"
		"&dnn=internet&snssais=%5B%7B%22sst%22%3A1%7D%5D";
	static const char q3[] = "/nnrf-nfm/v1/nf-instances";
	REQ("PUT", path, (size_t)pl, ct, body, blen);
	REQ("PATCH", path, (size_t)pl, "application/json-patch+json", hb, sizeof(hb) - 1);
	REQ("GET", path, (size_t)pl, NULL, NULL, 0);
	REQ("GET", q1, sizeof(q1) - 1, NULL, NULL, 0);
	REQ("GET", q2, sizeof(q2) - 1, NULL, NULL, 0);
	REQ("GET", q3, sizeof(q3) - 1, NULL, NULL, 0);
	REQ("DELETE", path, (size_t)pl, NULL, NULL, 0);
#undef REQ
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct plmn plmn = { 1, 1, 2 };
	static uint8_t frames[65536];
	struct nrf_ctx *ctx = nrf_ctx_new(loop, &cfg, &plmn);
	FUZZ_CHECK(ctx != NULL, "nrf_ctx_new");
	FUZZ_CHECK(nrf_ctx_start(ctx) == 0, "nrf_ctx_start");
	if (size >= 1 && (data[0] == 'Q' || data[0] == 'P')) {
		size_t n = build(frames, sizeof(frames), data, size);
		fuzz_h2_exchange(loop, nrf_ctx_server(ctx), frames, n);
	} else {
		fuzz_h2_exchange(loop, nrf_ctx_server(ctx), data, size);
	}
	FUZZ_CHECK(nrf_ctx_nf_count(ctx) <= (unsigned)cfg.max_nfs, "%u NFs registered",
		   nrf_ctx_nf_count(ctx));
	nrf_ctx_free(ctx);
	for (int i = 0; i < 4; i++)
		ev_run_once(loop, 0);
	return 0;
}
