/* models/nnrf.h — data types of Nnrf_NFManagement and Nnrf_NFDiscovery
 * (TS 29.510 6.1.6, 6.2.6): NFProfile, NFService, SubscriptionData,
 * NotificationData, SearchResult.
 *
 * The typed structs hold what ngcore's NFs and NRF use to decide things
 * (identity, type, status, PLMNs, slices, addresses, services, priority).
 * Every other member of an NFProfile (amfInfo, smfInfo, udmInfo, customInfo,
 * ...) is kept as received in `extra` and encoded back unchanged, so nothing
 * another vendor registers is lost.
 */
#ifndef NGCORE_SBI_MODELS_NNRF_H
#define NGCORE_SBI_MODELS_NNRF_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "lib/core/ids.h"
#include "lib/sbi/models/common.h"
#include "lib/sbi/sbi_json.h"

#define SBI_NF_MAX_PLMNS     6 /* plmnList entries kept */
#define SBI_NF_MAX_SNSSAIS   16 /* sNssais entries kept (profile) */
#define SBI_NF_MAX_ADDRS     4 /* ipv4Addresses / ipv6Addresses entries kept */
#define SBI_NF_MAX_SERVICES  8 /* NF service instances kept */
#define SBI_NF_MAX_VERSIONS  4 /* versions per service */
#define SBI_NF_MAX_ENDPOINTS 4 /* ipEndPoints per service */
#define SBI_SVC_MAX_SNSSAIS  8 /* sNssais per service */

/* IpEndPoint (TS 29.510 6.1.6.2.5). */
struct sbi_ip_endpoint {
	struct ip_addr addr; /* ipv4Address or ipv6Address (family 0: neither) */
	uint16_t port; /* 0 = absent: the scheme's default */
};

/* NFServiceVersion (TS 29.510 6.1.6.2.6). */
struct sbi_nf_service_version {
	char in_uri[8]; /* apiVersionInUri: "v1" */
	char full[24]; /* apiFullVersion: "1.2.2" */
};

/* NFService (TS 29.510 6.1.6.2.3). */
struct sbi_nf_service {
	char service_instance_id[64]; /* serviceInstanceId */
	char service_name[40]; /* serviceName: "nausf-auth" */
	struct sbi_nf_service_version versions[SBI_NF_MAX_VERSIONS]; /* versions */
	uint8_t n_versions; /* entries in versions */
	bool https; /* scheme "https" (else "http") */
	enum sbi_nf_status status; /* nfServiceStatus */
	char fqdn[128]; /* fqdn, "" absent */
	struct sbi_ip_endpoint eps[SBI_NF_MAX_ENDPOINTS]; /* ipEndPoints */
	uint8_t n_eps; /* entries in eps */
	char api_prefix[128]; /* apiPrefix, "" absent */
	uint64_t allowed_nf_types; /* allowedNfTypes as bits 1 << type; 0 = any */
	int32_t priority; /* 0..65535, -1 absent */
	int32_t capacity; /* 0..65535, -1 absent */
	struct s_nssai snssais[SBI_SVC_MAX_SNSSAIS]; /* sNssais */
	uint8_t n_snssais; /* entries in snssais */
};

/* NFProfile (TS 29.510 6.1.6.2.2). */
struct sbi_nf_profile {
	char nf_instance_id[40]; /* nfInstanceId (UUID) */
	char nf_instance_name[64]; /* nfInstanceName, "" absent */
	enum sbi_nf_type nf_type; /* nfType */
	char nf_type_str[24]; /* nfType as text (kept for SBI_NF_OTHER) */
	enum sbi_nf_status nf_status; /* nfStatus */
	uint32_t heartbeat_timer; /* heartBeatTimer, seconds; 0 absent */
	struct plmn plmns[SBI_NF_MAX_PLMNS]; /* plmnList */
	uint8_t n_plmns; /* entries in plmns */
	struct s_nssai snssais[SBI_NF_MAX_SNSSAIS]; /* sNssais */
	uint8_t n_snssais; /* entries in snssais */
	char fqdn[128]; /* fqdn, "" absent */
	struct ip_addr ipv4[SBI_NF_MAX_ADDRS]; /* ipv4Addresses */
	uint8_t n_ipv4; /* entries in ipv4 */
	struct ip_addr ipv6[SBI_NF_MAX_ADDRS]; /* ipv6Addresses */
	uint8_t n_ipv6; /* entries in ipv6 */
	uint64_t allowed_nf_types; /* allowedNfTypes as bits 1 << type; 0 = any */
	int32_t priority; /* 0..65535, -1 absent */
	int32_t capacity; /* 0..65535, -1 absent */
	int32_t load; /* 0..100, -1 absent */
	char locality[64]; /* locality, "" absent */
	struct sbi_nf_service services[SBI_NF_MAX_SERVICES]; /* nfServices / nfServiceList */
	uint8_t n_services; /* entries in services */
	json_t *extra; /* other members as received (owned; NULL none) */
};

/* Sets p to an empty profile (priority/capacity/load absent). */
void sbi_nf_profile_init(struct sbi_nf_profile *p);
/* Releases p->extra. */
void sbi_nf_profile_fini(struct sbi_nf_profile *p);
/* Decodes j into p (initialised here; call fini afterwards, also on
 * error). Mandatory: nfInstanceId, nfType, nfStatus, one of fqdn /
 * ipv4Addresses / ipv6Addresses; in services: serviceInstanceId,
 * serviceName, versions, scheme, nfServiceStatus. 0 or -E_* with e. */
int sbi_nf_profile_decode(struct sbi_nf_profile *p, const json_t *j, struct sbi_jerr *e);
/* Encodes p (services as both nfServices and nfServiceList); NULL: no memory. */
json_t *sbi_nf_profile_encode(const struct sbi_nf_profile *p);

/* The service named name in p, or NULL. */
const struct sbi_nf_service *sbi_nf_profile_service(const struct sbi_nf_profile *p,
						    const char *name);
/* The apiRoot (TS 29.501 4.4.1) to reach service name of p, e.g.
 * "http://10.0.0.3:8000": the service's first ipEndPoint, else its fqdn,
 * else the profile's fqdn or first address; apiPrefix appended.
 * 0, -E_NOTFOUND (no such service or no address) or -E_NOSPC. */
int sbi_nf_profile_api_root(const struct sbi_nf_profile *p, const char *name, char *out,
			    size_t cap);

/* NotificationEventType (TS 29.510 6.1.6.3.7). */
enum sbi_notif_event {
	SBI_NOTIF_NF_REGISTERED,
	SBI_NOTIF_NF_DEREGISTERED,
	SBI_NOTIF_NF_PROFILE_CHANGED,
	SBI_NOTIF__N,
};
const char *sbi_notif_event_name(enum sbi_notif_event ev);
/* The event named s, or -E_INVAL. */
int sbi_notif_event_parse(const char *s);

/* SubscrCond kinds this release evaluates (TS 29.510 6.1.6.2.17). */
enum sbi_subscr_cond {
	SBI_COND_NONE, /* no condition: every NF */
	SBI_COND_NF_INSTANCE_ID, /* NfInstanceIdCond */
	SBI_COND_NF_TYPE, /* NfTypeCond */
	SBI_COND_SERVICE_NAME, /* ServiceNameCond */
	SBI_COND_OTHER, /* a condition this release does not evaluate (cond_other) */
};

/* SubscriptionData (TS 29.510 6.1.6.2.16). */
struct sbi_subscription {
	char notification_uri[256]; /* nfStatusNotificationUri */
	char req_nf_instance_id[40]; /* reqNfInstanceId, "" absent */
	char subscription_id[64]; /* subscriptionId (set by the NRF) */
	time_t validity_time; /* validityTime, 0 absent */
	uint8_t req_notif_events; /* reqNotifEvents as bits 1 << event; 0 = all */
	enum sbi_nf_type req_nf_type; /* reqNfType (SBI_NF_OTHER when absent) */
	enum sbi_subscr_cond cond; /* subscrCond kind */
	char cond_value[64]; /* its nfInstanceId / nfType / serviceName */
	json_t *cond_other; /* SBI_COND_OTHER: subscrCond as received (owned) */
};

/* Decodes j into s (initialised here; call fini afterwards, also on error).
 * A subscrCond of a kind this release does not evaluate (AmfCond,
 * NfGroupCond, UpfCond, ... and kinds of later releases) is SBI_COND_OTHER
 * and kept as received in cond_other, as NFProfile keeps `extra`: it is a
 * valid request (TS 29.510 6.1.6.2.16), so no 400 here; the NRF decides
 * what to answer, and re-encoding never drops it. 0 or -E_* with e. */
int sbi_subscription_decode(struct sbi_subscription *s, const json_t *j, struct sbi_jerr *e);
/* Releases s->cond_other. */
void sbi_subscription_fini(struct sbi_subscription *s);
/* Encodes s; NULL: no memory, or SBI_COND_OTHER without cond_other (leaving
 * the condition out would widen the subscription to every NF). */
json_t *sbi_subscription_encode(const struct sbi_subscription *s);

/* NotificationData (TS 29.510 6.1.6.2.17): nfProfile is included (borrowed
 * here, copied into the result) for NF_REGISTERED and NF_PROFILE_CHANGED. */
json_t *sbi_notification_encode(enum sbi_notif_event ev, const char *nf_instance_uri,
				const json_t *nf_profile);
struct sbi_notification {
	enum sbi_notif_event event; /* event */
	char nf_instance_uri[256]; /* nfInstanceUri */
	char nf_instance_id[40]; /* its last path segment */
	const json_t *nf_profile; /* nfProfile, borrowed from the decoded JSON; NULL absent */
};
int sbi_notification_decode(struct sbi_notification *n, const json_t *j, struct sbi_jerr *e);

/* SearchResult (TS 29.510 6.2.6.2.2): validityPeriod in seconds and the
 * nfInstances array (reference stolen). */
json_t *sbi_search_result_encode(uint32_t validity_s, json_t *nf_instances);
/* *validity_s (0 when absent) and the nfInstances array (borrowed). */
int sbi_search_result_decode(const json_t *j, uint32_t *validity_s, json_t **nf_instances,
			     struct sbi_jerr *e);

#endif
