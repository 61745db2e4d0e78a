#include "lib/net/addr.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "lib/core/err.h"

int net_addr_set(struct net_addr *a, const struct ip_addr *ip, uint16_t port)
{
	memset(a, 0, sizeof(*a));
	if (ip->family == AF_INET) {
		a->u.sin.sin_family = AF_INET;
		a->u.sin.sin_port = htons(port);
		memcpy(&a->u.sin.sin_addr, ip->a, 4);
		a->len = sizeof(a->u.sin);
		return 0;
	}
	if (ip->family == AF_INET6) {
		a->u.sin6.sin6_family = AF_INET6;
		a->u.sin6.sin6_port = htons(port);
		memcpy(&a->u.sin6.sin6_addr, ip->a, 16);
		a->len = sizeof(a->u.sin6);
		return 0;
	}
	return -E_INVAL;
}

int net_addr_parse(struct net_addr *a, const char *ip, uint16_t port)
{
	struct ip_addr x;

	if (ip_parse(&x, ip) < 0)
		return -E_INVAL;
	return net_addr_set(a, &x, port);
}

int net_addr_from_sa(struct net_addr *a, const struct sockaddr *sa, socklen_t len)
{
	memset(a, 0, sizeof(*a));
	if (sa->sa_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
		memcpy(&a->u.sin, sa, sizeof(a->u.sin));
		a->len = sizeof(a->u.sin);
		return 0;
	}
	if (sa->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
		if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr)) {
			a->u.sin.sin_family = AF_INET;
			a->u.sin.sin_port = s6->sin6_port;
			memcpy(&a->u.sin.sin_addr, &s6->sin6_addr.s6_addr[12], 4);
			a->len = sizeof(a->u.sin);
			return 0;
		}
		memcpy(&a->u.sin6, sa, sizeof(a->u.sin6));
		a->len = sizeof(a->u.sin6);
		return 0;
	}
	return -E_INVAL;
}

void net_addr_ip(const struct net_addr *a, struct ip_addr *ip, uint16_t *port)
{
	if (ip) {
		memset(ip, 0, sizeof(*ip));
		if (a->u.sa.sa_family == AF_INET) {
			ip->family = AF_INET;
			memcpy(ip->a, &a->u.sin.sin_addr, 4);
		} else if (a->u.sa.sa_family == AF_INET6) {
			ip->family = AF_INET6;
			memcpy(ip->a, &a->u.sin6.sin6_addr, 16);
		}
	}
	if (port)
		*port = net_addr_port(a);
}

uint16_t net_addr_port(const struct net_addr *a)
{
	if (a->u.sa.sa_family == AF_INET)
		return ntohs(a->u.sin.sin_port);
	if (a->u.sa.sa_family == AF_INET6)
		return ntohs(a->u.sin6.sin6_port);
	return 0;
}

void net_addr_set_port(struct net_addr *a, uint16_t port)
{
	if (a->u.sa.sa_family == AF_INET)
		a->u.sin.sin_port = htons(port);
	else if (a->u.sa.sa_family == AF_INET6)
		a->u.sin6.sin6_port = htons(port);
}

int net_addr_family(const struct net_addr *a)
{
	return a->len ? a->u.sa.sa_family : 0;
}

bool net_addr_is_any(const struct net_addr *a)
{
	if (a->u.sa.sa_family == AF_INET)
		return a->u.sin.sin_addr.s_addr == htonl(INADDR_ANY);
	if (a->u.sa.sa_family == AF_INET6)
		return IN6_IS_ADDR_UNSPECIFIED(&a->u.sin6.sin6_addr);
	return false;
}

bool net_addr_eq(const struct net_addr *a, const struct net_addr *b)
{
	if (a->u.sa.sa_family != b->u.sa.sa_family)
		return false;
	if (a->u.sa.sa_family == AF_INET)
		return a->u.sin.sin_port == b->u.sin.sin_port &&
		       a->u.sin.sin_addr.s_addr == b->u.sin.sin_addr.s_addr;
	if (a->u.sa.sa_family == AF_INET6)
		return a->u.sin6.sin6_port == b->u.sin6.sin6_port &&
		       memcmp(&a->u.sin6.sin6_addr, &b->u.sin6.sin6_addr, 16) == 0 &&
		       a->u.sin6.sin6_scope_id == b->u.sin6.sin6_scope_id;
	return false;
}

const char *net_addr_str(const struct net_addr *a, char *out, size_t n)
{
	char ip[INET6_ADDRSTRLEN];

	if (a->u.sa.sa_family == AF_INET) {
		inet_ntop(AF_INET, &a->u.sin.sin_addr, ip, sizeof(ip));
		snprintf(out, n, "%s:%u", ip, ntohs(a->u.sin.sin_port));
	} else if (a->u.sa.sa_family == AF_INET6) {
		inet_ntop(AF_INET6, &a->u.sin6.sin6_addr, ip, sizeof(ip));
		snprintf(out, n, "[%s]:%u", ip, ntohs(a->u.sin6.sin6_port));
	} else {
		snprintf(out, n, "(none)");
	}
	return out;
}
