#include "lib/sbi/models/nnrf.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/core/err.h"

/* Members sbi_nf_profile_decode types; every other member goes to extra. */
static const char *const profile_typed[] = {
	"nfInstanceId",	  "nfInstanceName", "nfType",	"nfStatus",	 "heartBeatTimer",
	"plmnList",	  "sNssais",	    "fqdn",	"ipv4Addresses", "ipv6Addresses",
	"allowedNfTypes", "priority",	    "capacity", "load",		 "locality",
	"nfServices",	  "nfServiceList",  NULL,
};

void sbi_nf_profile_init(struct sbi_nf_profile *p)
{
	memset(p, 0, sizeof(*p));
	p->priority = p->capacity = p->load = -1;
}

void sbi_nf_profile_fini(struct sbi_nf_profile *p)
{
	if (p->extra)
		json_decref(p->extra);
	p->extra = NULL;
}

static int nf_type_bits(uint64_t *bits, const json_t *arr, const char *at, struct sbi_jerr *e)
{
	size_t i;
	json_t *v;
	char p[160];
	*bits = 0;
	json_array_foreach(arr, i, v)
	{
		if (!json_is_string(v))
			return sbi_jerr_set(e, SBI_CAUSE_OPTIONAL_IE_INCORRECT,
					    sbi_jpath(p, sizeof(p), at, NULL, i), NULL,
					    "not a string");
		enum sbi_nf_type t = sbi_nf_type_parse(json_string_value(v));
		if (t != SBI_NF_OTHER)
			*bits |= 1ull << t;
	}
	return 0;
}

static json_t *nf_type_bits_encode(uint64_t bits)
{
	json_t *a = json_array();
	for (int t = 1; a && t < SBI_NF_TYPE__N; t++)
		if (bits & (1ull << t))
			json_array_append_new(a,
					      json_string(sbi_nf_type_name((enum sbi_nf_type)t)));
	return a;
}

static int addr_list(struct ip_addr *out, uint8_t *n, const json_t *o, const char *at,
		     const char *key, int family, struct sbi_jerr *e)
{
	json_t *arr;
	char p[160];
	int rc = sbi_jget_array(o, at, key, false, true, &arr, e);
	if (rc)
		return rc;
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
	{
		struct ip_addr a;
		const char *s = json_string_value(v);
		if (!s || ip_parse(&a, s) < 0 || a.family != family)
			return sbi_jerr_set(e, SBI_CAUSE_OPTIONAL_IE_INCORRECT,
					    sbi_jpath(p, sizeof(p), at, key, 0), NULL,
					    family == AF_INET ? "not an IPv4 address"
							      : "not an IPv6 address");
		if (*n < SBI_NF_MAX_ADDRS)
			out[(*n)++] = a;
	}
	return 0;
}

static int opt_u16(const json_t *o, const char *at, const char *key, int32_t *out,
		   struct sbi_jerr *e, int64_t max)
{
	int64_t v;
	int rc = sbi_jget_int(o, at, key, false, 0, max, &v, e);
	if (rc < 0)
		return rc;
	*out = rc == 0 ? (int32_t)v : -1;
	return 0;
}

static int service_decode(struct sbi_nf_service *s, const json_t *j, const char *at,
			  struct sbi_jerr *e)
{
	char p[160], scheme[8], status[24];
	json_t *arr;
	int rc;
	memset(s, 0, sizeof(*s));
	if (!json_is_object(j))
		return sbi_jerr_set(e, SBI_CAUSE_OPTIONAL_IE_INCORRECT, at, NULL, "not an object");
	if ((rc = sbi_jget_str(j, at, "serviceInstanceId", true, s->service_instance_id,
			       sizeof(s->service_instance_id), e)) < 0 ||
	    (rc = sbi_jget_str(j, at, "serviceName", true, s->service_name, sizeof(s->service_name),
			       e)) < 0 ||
	    (rc = sbi_jget_str(j, at, "scheme", true, scheme, sizeof(scheme), e)) < 0 ||
	    (rc = sbi_jget_str(j, at, "nfServiceStatus", true, status, sizeof(status), e)) < 0 ||
	    (rc = sbi_jget_array(j, at, "versions", true, true, &arr, e)) < 0)
		return rc;
	if (strcmp(scheme, "http") && strcmp(scheme, "https"))
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_INCORRECT, at, "scheme",
				    "must be http or https");
	s->https = scheme[4] == 's';
	s->status = sbi_nf_status_parse(status);
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
	{
		sbi_jpath(p, sizeof(p), at, "versions", 0);
		char vat[176];
		sbi_jpath(vat, sizeof(vat), p, NULL, i);
		if (!json_is_object(v))
			return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_INCORRECT, vat, NULL,
					    "not an object");
		struct sbi_nf_service_version ver;
		if ((rc = sbi_jget_str(v, vat, "apiVersionInUri", true, ver.in_uri,
				       sizeof(ver.in_uri), e)) < 0 ||
		    (rc = sbi_jget_str(v, vat, "apiFullVersion", true, ver.full, sizeof(ver.full),
				       e)) < 0)
			return rc;
		if (s->n_versions < SBI_NF_MAX_VERSIONS)
			s->versions[s->n_versions++] = ver;
	}
	if ((rc = sbi_jget_str(j, at, "fqdn", false, s->fqdn, sizeof(s->fqdn), e)) < 0 ||
	    (rc = sbi_jget_str(j, at, "apiPrefix", false, s->api_prefix, sizeof(s->api_prefix),
			       e)) < 0 ||
	    (rc = opt_u16(j, at, "priority", &s->priority, e, 65535)) < 0 ||
	    (rc = opt_u16(j, at, "capacity", &s->capacity, e, 65535)) < 0)
		return rc;
	rc = sbi_jget_array(j, at, "ipEndPoints", false, true, &arr, e);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		json_array_foreach(arr, i, v)
		{
			char eat[176];
			sbi_jpath(p, sizeof(p), at, "ipEndPoints", 0);
			sbi_jpath(eat, sizeof(eat), p, NULL, i);
			struct sbi_ip_endpoint ep = { 0 };
			char a4[48], a6[64];
			int64_t port;
			if (!json_is_object(v))
				return sbi_jerr_set(e, SBI_CAUSE_OPTIONAL_IE_INCORRECT, eat, NULL,
						    "not an object");
			int r4 = sbi_jget_str(v, eat, "ipv4Address", false, a4, sizeof(a4), e);
			int r6 = sbi_jget_str(v, eat, "ipv6Address", false, a6, sizeof(a6), e);
			int rp = sbi_jget_int(v, eat, "port", false, 0, 65535, &port, e);
			if (r4 < 0 || r6 < 0 || rp < 0)
				return -E_INVAL;
			if (r4 == 0 && (ip_parse(&ep.addr, a4) < 0 || ep.addr.family != AF_INET))
				return sbi_jerr_set(e, SBI_CAUSE_OPTIONAL_IE_INCORRECT, eat,
						    "ipv4Address", "not an IPv4 address");
			if (r4 != 0 && r6 == 0 &&
			    (ip_parse(&ep.addr, a6) < 0 || ep.addr.family != AF_INET6))
				return sbi_jerr_set(e, SBI_CAUSE_OPTIONAL_IE_INCORRECT, eat,
						    "ipv6Address", "not an IPv6 address");
			ep.port = rp == 0 ? (uint16_t)port : 0;
			if (s->n_eps < SBI_NF_MAX_ENDPOINTS)
				s->eps[s->n_eps++] = ep;
		}
	}
	rc = sbi_jget_array(j, at, "allowedNfTypes", false, true, &arr, e);
	if (rc < 0 ||
	    (rc == 0 &&
	     (rc = nf_type_bits(&s->allowed_nf_types, arr,
				sbi_jpath(p, sizeof(p), at, "allowedNfTypes", 0), e)) < 0))
		return rc;
	rc = sbi_jget_array(j, at, "sNssais", false, true, &arr, e);
	if (rc < 0)
		return rc;
	if (rc == 0 &&
	    (rc = sbi_snssai_list_decode(s->snssais, SBI_SVC_MAX_SNSSAIS, &s->n_snssais, arr,
					 sbi_jpath(p, sizeof(p), at, "sNssais", 0), false, e)) < 0)
		return rc;
	return 0;
}

static json_t *service_encode(const struct sbi_nf_service *s)
{
	json_t *j =
		json_pack("{ssssss}", "serviceInstanceId", s->service_instance_id, "serviceName",
			  s->service_name, "scheme", s->https ? "https" : "http");
	if (!j)
		return NULL;
	json_object_set_new(j, "nfServiceStatus", json_string(sbi_nf_status_name(s->status)));
	json_t *vs = json_array();
	for (unsigned i = 0; i < s->n_versions; i++)
		json_array_append_new(vs,
				      json_pack("{ssss}", "apiVersionInUri", s->versions[i].in_uri,
						"apiFullVersion", s->versions[i].full));
	json_object_set_new(j, "versions", vs);
	sbi_jset_str(j, "fqdn", s->fqdn);
	sbi_jset_str(j, "apiPrefix", s->api_prefix);
	if (s->n_eps) {
		json_t *eps = json_array();
		for (unsigned i = 0; i < s->n_eps; i++) {
			char a[64];
			json_t *ep = json_object();
			if (s->eps[i].addr.family)
				json_object_set_new(
					ep,
					s->eps[i].addr.family == AF_INET ? "ipv4Address"
									 : "ipv6Address",
					json_string(ip_str(&s->eps[i].addr, a, sizeof(a))));
			json_object_set_new(ep, "transport", json_string("TCP"));
			if (s->eps[i].port)
				json_object_set_new(ep, "port", json_integer(s->eps[i].port));
			json_array_append_new(eps, ep);
		}
		json_object_set_new(j, "ipEndPoints", eps);
	}
	if (s->allowed_nf_types)
		json_object_set_new(j, "allowedNfTypes", nf_type_bits_encode(s->allowed_nf_types));
	if (s->priority >= 0)
		json_object_set_new(j, "priority", json_integer(s->priority));
	if (s->capacity >= 0)
		json_object_set_new(j, "capacity", json_integer(s->capacity));
	if (s->n_snssais) {
		json_t *a = json_array();
		for (unsigned i = 0; i < s->n_snssais; i++)
			json_array_append_new(a, sbi_snssai_encode(&s->snssais[i]));
		json_object_set_new(j, "sNssais", a);
	}
	return j;
}

int sbi_nf_profile_decode(struct sbi_nf_profile *p, const json_t *j, struct sbi_jerr *e)
{
	char type[24], status[24];
	json_t *arr;
	int rc;
	int64_t v;
	sbi_nf_profile_init(p);
	if (!json_is_object(j))
		return sbi_jerr_set(e, SBI_CAUSE_INVALID_MSG_FORMAT, "", NULL,
				    "NFProfile is not an object");
	if ((rc = sbi_jget_str(j, "", "nfInstanceId", true, p->nf_instance_id,
			       sizeof(p->nf_instance_id), e)) < 0 ||
	    (rc = sbi_jget_str(j, "", "nfType", true, type, sizeof(type), e)) < 0 ||
	    (rc = sbi_jget_str(j, "", "nfStatus", true, status, sizeof(status), e)) < 0)
		return rc;
	if (!sbi_uuid_valid(p->nf_instance_id))
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_INCORRECT, "", "nfInstanceId",
				    "not a UUID");
	p->nf_type = sbi_nf_type_parse(type);
	snprintf(p->nf_type_str, sizeof(p->nf_type_str), "%s", type);
	if (!type[0])
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_INCORRECT, "", "nfType", "empty");
	p->nf_status = sbi_nf_status_parse(status);
	if ((rc = sbi_jget_str(j, "", "nfInstanceName", false, p->nf_instance_name,
			       sizeof(p->nf_instance_name), e)) < 0 ||
	    (rc = sbi_jget_int(j, "", "heartBeatTimer", false, 1, 86400 * 365, &v, e)) < 0)
		return rc;
	p->heartbeat_timer = rc == 0 ? (uint32_t)v : 0;
	if ((rc = sbi_jget_str(j, "", "fqdn", false, p->fqdn, sizeof(p->fqdn), e)) < 0 ||
	    (rc = sbi_jget_str(j, "", "locality", false, p->locality, sizeof(p->locality), e)) <
		    0 ||
	    (rc = opt_u16(j, "", "priority", &p->priority, e, 65535)) < 0 ||
	    (rc = opt_u16(j, "", "capacity", &p->capacity, e, 65535)) < 0 ||
	    (rc = opt_u16(j, "", "load", &p->load, e, 100)) < 0)
		return rc;
	rc = sbi_jget_array(j, "", "plmnList", false, true, &arr, e);
	if (rc < 0 ||
	    (rc == 0 && (rc = sbi_plmn_list_decode(p->plmns, SBI_NF_MAX_PLMNS, &p->n_plmns, arr,
						   "/plmnList", false, e)) < 0))
		return rc;
	rc = sbi_jget_array(j, "", "sNssais", false, true, &arr, e);
	if (rc < 0 ||
	    (rc == 0 && (rc = sbi_snssai_list_decode(p->snssais, SBI_NF_MAX_SNSSAIS, &p->n_snssais,
						     arr, "/sNssais", false, e)) < 0))
		return rc;
	if ((rc = addr_list(p->ipv4, &p->n_ipv4, j, "", "ipv4Addresses", AF_INET, e)) < 0 ||
	    (rc = addr_list(p->ipv6, &p->n_ipv6, j, "", "ipv6Addresses", AF_INET6, e)) < 0)
		return rc;
	/* TS 29.510 6.1.6.2.2: anyOf fqdn, ipv4Addresses, ipv6Addresses. */
	if (!p->fqdn[0] && !p->n_ipv4 && !p->n_ipv6)
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_MISSING, "", "ipv4Addresses",
				    "one of fqdn, ipv4Addresses, ipv6Addresses is required");
	rc = sbi_jget_array(j, "", "allowedNfTypes", false, true, &arr, e);
	if (rc < 0 ||
	    (rc == 0 && (rc = nf_type_bits(&p->allowed_nf_types, arr, "/allowedNfTypes", e)) < 0))
		return rc;
	/* nfServiceList (map by serviceInstanceId) supersedes the deprecated
	 * nfServices array (TS 29.510 6.1.6.2.2); accept either. */
	json_t *map;
	rc = sbi_jget_object(j, "", "nfServiceList", false, &map, e);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		const char *key;
		json_t *sv;
		json_object_foreach(map, key, sv)
		{
			char at[160];
			if (p->n_services == SBI_NF_MAX_SERVICES)
				break;
			sbi_jpath(at, sizeof(at), "/nfServiceList", key, 0);
			if ((rc = service_decode(&p->services[p->n_services], sv, at, e)) < 0)
				return rc;
			p->n_services++;
		}
	} else {
		rc = sbi_jget_array(j, "", "nfServices", false, false, &arr, e);
		if (rc < 0)
			return rc;
		if (rc == 0) {
			size_t i;
			json_t *sv;
			json_array_foreach(arr, i, sv)
			{
				char at[160];
				if (p->n_services == SBI_NF_MAX_SERVICES)
					break;
				sbi_jpath(at, sizeof(at), "/nfServices", NULL, i);
				if ((rc = service_decode(&p->services[p->n_services], sv, at, e)) <
				    0)
					return rc;
				p->n_services++;
			}
		}
	}
	/* Everything else is kept as received. */
	const char *key;
	json_t *mv;
	json_object_foreach((json_t *)j, key, mv)
	{
		bool typed = false;
		for (const char *const *t = profile_typed; *t && !typed; t++)
			typed = strcmp(*t, key) == 0;
		if (typed)
			continue;
		if (!p->extra && !(p->extra = json_object()))
			return -E_NOMEM;
		if (json_object_set(p->extra, key, mv) < 0)
			return -E_NOMEM;
	}
	return 0;
}

json_t *sbi_nf_profile_encode(const struct sbi_nf_profile *p)
{
	json_t *j = json_object();
	if (!j)
		return NULL;
	json_object_set_new(j, "nfInstanceId", json_string(p->nf_instance_id));
	sbi_jset_str(j, "nfInstanceName", p->nf_instance_name);
	json_object_set_new(j, "nfType",
			    json_string(p->nf_type == SBI_NF_OTHER ? p->nf_type_str
								   : sbi_nf_type_name(p->nf_type)));
	json_object_set_new(j, "nfStatus", json_string(sbi_nf_status_name(p->nf_status)));
	if (p->heartbeat_timer)
		json_object_set_new(j, "heartBeatTimer", json_integer(p->heartbeat_timer));
	if (p->n_plmns) {
		json_t *a = json_array();
		for (unsigned i = 0; i < p->n_plmns; i++)
			json_array_append_new(a, sbi_plmn_encode(&p->plmns[i]));
		json_object_set_new(j, "plmnList", a);
	}
	if (p->n_snssais) {
		json_t *a = json_array();
		for (unsigned i = 0; i < p->n_snssais; i++)
			json_array_append_new(a, sbi_snssai_encode(&p->snssais[i]));
		json_object_set_new(j, "sNssais", a);
	}
	sbi_jset_str(j, "fqdn", p->fqdn);
	char a[64];
	if (p->n_ipv4) {
		json_t *arr = json_array();
		for (unsigned i = 0; i < p->n_ipv4; i++)
			json_array_append_new(arr, json_string(ip_str(&p->ipv4[i], a, sizeof(a))));
		json_object_set_new(j, "ipv4Addresses", arr);
	}
	if (p->n_ipv6) {
		json_t *arr = json_array();
		for (unsigned i = 0; i < p->n_ipv6; i++)
			json_array_append_new(arr, json_string(ip_str(&p->ipv6[i], a, sizeof(a))));
		json_object_set_new(j, "ipv6Addresses", arr);
	}
	if (p->allowed_nf_types)
		json_object_set_new(j, "allowedNfTypes", nf_type_bits_encode(p->allowed_nf_types));
	if (p->priority >= 0)
		json_object_set_new(j, "priority", json_integer(p->priority));
	if (p->capacity >= 0)
		json_object_set_new(j, "capacity", json_integer(p->capacity));
	if (p->load >= 0)
		json_object_set_new(j, "load", json_integer(p->load));
	sbi_jset_str(j, "locality", p->locality);
	if (p->n_services) {
		json_t *arr = json_array(), *map = json_object();
		for (unsigned i = 0; i < p->n_services; i++) {
			json_t *s = service_encode(&p->services[i]);
			if (!s)
				continue;
			json_array_append(arr, s);
			json_object_set_new(map, p->services[i].service_instance_id, s);
		}
		json_object_set_new(j, "nfServices", arr);
		json_object_set_new(j, "nfServiceList", map);
	}
	if (p->extra)
		json_object_update_missing(j, p->extra);
	return j;
}

const struct sbi_nf_service *sbi_nf_profile_service(const struct sbi_nf_profile *p,
						    const char *name)
{
	for (unsigned i = 0; i < p->n_services; i++)
		if (strcmp(p->services[i].service_name, name) == 0)
			return &p->services[i];
	return NULL;
}

int sbi_nf_profile_api_root(const struct sbi_nf_profile *p, const char *name, char *out, size_t cap)
{
	const struct sbi_nf_service *s = sbi_nf_profile_service(p, name);
	if (!s)
		return -E_NOTFOUND;
	char host[140];
	const struct ip_addr *ip = NULL;
	uint16_t port = 0;
	/* TS 29.510 6.1.6.2.3: ipEndPoints, else the service's fqdn, else the
	 * profile's fqdn or addresses. */
	if (s->n_eps && s->eps[0].addr.family)
		ip = &s->eps[0].addr;
	if (s->n_eps)
		port = s->eps[0].port;
	if (ip) {
		char a[64];
		ip_str(ip, a, sizeof(a));
		snprintf(host, sizeof(host), ip->family == AF_INET6 ? "[%s]" : "%s", a);
	} else if (s->fqdn[0]) {
		snprintf(host, sizeof(host), "%s", s->fqdn);
	} else if (p->fqdn[0]) {
		snprintf(host, sizeof(host), "%s", p->fqdn);
	} else if (p->n_ipv4) {
		ip_str(&p->ipv4[0], host, sizeof(host));
	} else if (p->n_ipv6) {
		char a[64];
		ip_str(&p->ipv6[0], a, sizeof(a));
		snprintf(host, sizeof(host), "[%s]", a);
	} else {
		return -E_NOTFOUND;
	}
	int n;
	if (port)
		n = snprintf(out, cap, "%s://%s:%u%s", s->https ? "https" : "http", host, port,
			     s->api_prefix);
	else
		n = snprintf(out, cap, "%s://%s%s", s->https ? "https" : "http", host,
			     s->api_prefix);
	return n < 0 || (size_t)n >= cap ? -E_NOSPC : 0;
}

static const char *const notif_names[SBI_NOTIF__N] = { "NF_REGISTERED", "NF_DEREGISTERED",
						       "NF_PROFILE_CHANGED" };

const char *sbi_notif_event_name(enum sbi_notif_event ev)
{
	return (unsigned)ev < SBI_NOTIF__N ? notif_names[ev] : "";
}

int sbi_notif_event_parse(const char *s)
{
	for (int i = 0; i < SBI_NOTIF__N; i++)
		if (strcmp(notif_names[i], s) == 0)
			return i;
	return -E_INVAL;
}

int sbi_subscription_decode(struct sbi_subscription *s, const json_t *j, struct sbi_jerr *e)
{
	char t[40], vt[40];
	json_t *arr, *cond;
	int rc;
	memset(s, 0, sizeof(*s));
	if (!json_is_object(j))
		return sbi_jerr_set(e, SBI_CAUSE_INVALID_MSG_FORMAT, "", NULL,
				    "SubscriptionData is not an object");
	if ((rc = sbi_jget_str(j, "", "nfStatusNotificationUri", true, s->notification_uri,
			       sizeof(s->notification_uri), e)) < 0 ||
	    (rc = sbi_jget_str(j, "", "reqNfInstanceId", false, s->req_nf_instance_id,
			       sizeof(s->req_nf_instance_id), e)) < 0 ||
	    (rc = sbi_jget_str(j, "", "subscriptionId", false, s->subscription_id,
			       sizeof(s->subscription_id), e)) < 0 ||
	    (rc = sbi_jget_str(j, "", "reqNfType", false, t, sizeof(t), e)) < 0)
		return rc;
	s->req_nf_type = rc == 0 ? sbi_nf_type_parse(t) : SBI_NF_OTHER;
	rc = sbi_jget_str(j, "", "validityTime", false, vt, sizeof(vt), e);
	if (rc < 0)
		return rc;
	if (rc == 0 && sbi_datetime_parse(vt, &s->validity_time) < 0)
		return sbi_jerr_set(e, SBI_CAUSE_OPTIONAL_IE_INCORRECT, "", "validityTime",
				    "not an RFC 3339 date-time");
	rc = sbi_jget_array(j, "", "reqNotifEvents", false, true, &arr, e);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		size_t i;
		json_t *v;
		json_array_foreach(arr, i, v)
		{
			int ev = json_is_string(v) ? sbi_notif_event_parse(json_string_value(v))
						   : -1;
			if (ev >= 0)
				s->req_notif_events |= (uint8_t)(1u << ev);
		}
	}
	rc = sbi_jget_object(j, "", "subscrCond", false, &cond, e);
	if (rc < 0)
		return rc;
	s->cond = SBI_COND_NONE;
	if (rc != 0)
		return 0;
	/* The SubscrCond kinds that carry a conditionType (ServiceNameListCond,
	 * NfGroupListCond, UpfCond, NwdafCond, NefCond, DccfCond in the V17.8.0
	 * OpenAPI) are none of the three evaluated here, even when they also
	 * carry nfType (NfGroupListCond). */
	if (!json_object_get(cond, "conditionType")) {
		if ((rc = sbi_jget_str(cond, "/subscrCond", "nfInstanceId", false, s->cond_value,
				       sizeof(s->cond_value), e)) < 0)
			return rc;
		if (rc == 0) {
			s->cond = SBI_COND_NF_INSTANCE_ID;
			return 0;
		}
		/* NfTypeCond excludes nfGroupId (that is NfGroupCond), and a
		 * group list names groups, not every NF of the type. */
		if (!json_object_get(cond, "nfGroupId") &&
		    !json_object_get(cond, "nfGroupIdList") &&
		    (rc = sbi_jget_str(cond, "/subscrCond", "nfType", false, s->cond_value,
				       sizeof(s->cond_value), e)) <= 0) {
			if (rc < 0)
				return rc;
			s->cond = SBI_COND_NF_TYPE;
			return 0;
		}
		if ((rc = sbi_jget_str(cond, "/subscrCond", "serviceName", false, s->cond_value,
				       sizeof(s->cond_value), e)) < 0)
			return rc;
		if (rc == 0) {
			s->cond = SBI_COND_SERVICE_NAME;
			return 0;
		}
	}
	s->cond_value[0] = 0;
	if (!(s->cond_other = json_deep_copy(cond))) {
		sbi_jerr_set(e, SBI_CAUSE_INSUFFICIENT_RESOURCES, "", "subscrCond",
			     "out of memory");
		return -E_NOMEM;
	}
	s->cond = SBI_COND_OTHER;
	return 0;
}

void sbi_subscription_fini(struct sbi_subscription *s)
{
	json_decref(s->cond_other);
	s->cond_other = NULL;
}

json_t *sbi_subscription_encode(const struct sbi_subscription *s)
{
	if (s->cond == SBI_COND_OTHER && !s->cond_other)
		return NULL;
	json_t *j = json_pack("{ss}", "nfStatusNotificationUri", s->notification_uri);
	if (!j)
		return NULL;
	sbi_jset_str(j, "subscriptionId", s->subscription_id);
	sbi_jset_str(j, "reqNfInstanceId", s->req_nf_instance_id);
	if (s->req_nf_type != SBI_NF_OTHER)
		json_object_set_new(j, "reqNfType", json_string(sbi_nf_type_name(s->req_nf_type)));
	if (s->validity_time) {
		char t[32];
		sbi_datetime_format(s->validity_time, t);
		json_object_set_new(j, "validityTime", json_string(t));
	}
	if (s->req_notif_events) {
		json_t *a = json_array();
		for (int i = 0; i < SBI_NOTIF__N; i++)
			if (s->req_notif_events & (1u << i))
				json_array_append_new(a, json_string(notif_names[i]));
		json_object_set_new(j, "reqNotifEvents", a);
	}
	json_t *c;
	switch (s->cond) {
	case SBI_COND_NONE: return j;
	case SBI_COND_NF_INSTANCE_ID: c = json_pack("{ss}", "nfInstanceId", s->cond_value); break;
	case SBI_COND_NF_TYPE: c = json_pack("{ss}", "nfType", s->cond_value); break;
	case SBI_COND_SERVICE_NAME: c = json_pack("{ss}", "serviceName", s->cond_value); break;
	case SBI_COND_OTHER:
		c = json_deep_copy(s->cond_other); /* a copy: patching j leaves s as it is */
		break;
	default: c = NULL;
	}
	if (!c || json_object_set_new(j, "subscrCond", c) < 0) {
		json_decref(j);
		return NULL;
	}
	return j;
}

json_t *sbi_notification_encode(enum sbi_notif_event ev, const char *nf_instance_uri,
				const json_t *nf_profile)
{
	json_t *j = json_pack("{ssss}", "event", sbi_notif_event_name(ev), "nfInstanceUri",
			      nf_instance_uri);
	if (j && nf_profile && ev != SBI_NOTIF_NF_DEREGISTERED)
		json_object_set_new(j, "nfProfile", json_deep_copy(nf_profile));
	return j;
}

int sbi_notification_decode(struct sbi_notification *n, const json_t *j, struct sbi_jerr *e)
{
	char ev[32];
	int rc;
	memset(n, 0, sizeof(*n));
	if (!json_is_object(j))
		return sbi_jerr_set(e, SBI_CAUSE_INVALID_MSG_FORMAT, "", NULL,
				    "NotificationData is not an object");
	if ((rc = sbi_jget_str(j, "", "event", true, ev, sizeof(ev), e)) < 0 ||
	    (rc = sbi_jget_str(j, "", "nfInstanceUri", true, n->nf_instance_uri,
			       sizeof(n->nf_instance_uri), e)) < 0)
		return rc;
	int v = sbi_notif_event_parse(ev);
	if (v < 0)
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_INCORRECT, "", "event",
				    "unknown event");
	n->event = (enum sbi_notif_event)v;
	const char *slash = strrchr(n->nf_instance_uri, '/');
	snprintf(n->nf_instance_id, sizeof(n->nf_instance_id), "%s",
		 slash ? slash + 1 : n->nf_instance_uri);
	json_t *prof;
	rc = sbi_jget_object(j, "", "nfProfile", false, &prof, e);
	if (rc < 0)
		return rc;
	n->nf_profile = rc == 0 ? prof : NULL;
	/* TS 29.510 6.1.6.2.17: nfProfile is required with NF_REGISTERED. */
	if (n->event == SBI_NOTIF_NF_REGISTERED && !n->nf_profile)
		return sbi_jerr_set(e, SBI_CAUSE_MANDATORY_IE_MISSING, "", "nfProfile",
				    "required with NF_REGISTERED");
	return 0;
}

json_t *sbi_search_result_encode(uint32_t validity_s, json_t *nf_instances)
{
	json_t *j = json_object();
	if (!j || !nf_instances) {
		json_decref(j);
		json_decref(nf_instances);
		return NULL;
	}
	json_object_set_new(j, "validityPeriod", json_integer(validity_s));
	json_object_set_new(j, "nfInstances", nf_instances);
	return j;
}

int sbi_search_result_decode(const json_t *j, uint32_t *validity_s, json_t **nf_instances,
			     struct sbi_jerr *e)
{
	int64_t v;
	if (!json_is_object(j))
		return sbi_jerr_set(e, SBI_CAUSE_INVALID_MSG_FORMAT, "", NULL,
				    "SearchResult is not an object");
	int rc = sbi_jget_array(j, "", "nfInstances", true, false, nf_instances, e);
	if (rc < 0)
		return rc;
	rc = sbi_jget_int(j, "", "validityPeriod", false, 0, 0x7fffffff, &v, e);
	if (rc < 0)
		return rc;
	*validity_s = rc == 0 ? (uint32_t)v : 0;
	return 0;
}
