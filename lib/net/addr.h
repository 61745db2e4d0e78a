/* addr.h — socket addresses (IPv4 or IPv6 plus a port) for lib/net.
 *
 * struct net_addr wraps a sockaddr so it can be passed straight to the
 * socket calls, and converts to and from struct ip_addr (lib/core/ids.h),
 * which is what configuration and the codecs use.
 */
#ifndef NGCORE_NET_ADDR_H
#define NGCORE_NET_ADDR_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "lib/core/ids.h"

struct net_addr {
	union {
		struct sockaddr sa; /* generic view */
		struct sockaddr_in sin; /* AF_INET */
		struct sockaddr_in6 sin6; /* AF_INET6 */
	} u; /* the address itself */
	socklen_t len; /* sizeof the member in use; 0 = none */
};

/* Longest text net_addr_str writes: "[v6%scope]:port" and a NUL. */
#define NET_ADDR_STRLEN 64

/* Sets a from ip and port (host order). 0 or -E_INVAL (no family). */
int net_addr_set(struct net_addr *a, const struct ip_addr *ip, uint16_t port);
/* Parses "10.0.0.1" / "::1" and sets the port. 0 or -E_INVAL. */
int net_addr_parse(struct net_addr *a, const char *ip, uint16_t port);
/* Copies a sockaddr of len bytes (AF_INET/AF_INET6 only). 0 or -E_INVAL.
 * An IPv4-mapped IPv6 address is turned into plain IPv4. */
int net_addr_from_sa(struct net_addr *a, const struct sockaddr *sa, socklen_t len);
/* The address part and the port (host order); either may be NULL. */
void net_addr_ip(const struct net_addr *a, struct ip_addr *ip, uint16_t *port);
uint16_t net_addr_port(const struct net_addr *a);
void net_addr_set_port(struct net_addr *a, uint16_t port);
int net_addr_family(const struct net_addr *a);
/* True for 0.0.0.0 and ::. */
bool net_addr_is_any(const struct net_addr *a);
/* Same family, address and port. */
bool net_addr_eq(const struct net_addr *a, const struct net_addr *b);
/* "10.0.0.1:38412" or "[2001:db8::1]:38412"; returns out. */
const char *net_addr_str(const struct net_addr *a, char *out, size_t n);

#endif
