/* tun.h — TUN devices (IFF_TUN | IFF_NO_PI, optionally IFF_MULTI_QUEUE) and
 * interface settings (address, MTU, up) done with ioctl and rtnetlink, never
 * by running `ip`.
 *
 * Each queue is a file descriptor carrying bare IP packets (no packet-info
 * header): one read() returns one packet, one write() sends one. With
 * IFF_MULTI_QUEUE the kernel spreads flows over the queues, so one worker
 * thread can own one queue (DESIGN.md, "User plane"). Needs CAP_NET_ADMIN.
 */
#ifndef NGCORE_NET_TUN_H
#define NGCORE_NET_TUN_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/core/ids.h"

#define NET_TUN_MAX_QUEUES 16 /* queues one net_tun can hold */

#define NET_TUN_MULTI_QUEUE 0x1u /* open with IFF_MULTI_QUEUE (even for one queue) */

struct net_tun {
	char name[IFNAMSIZ]; /* interface name the kernel gave */
	int ifindex; /* interface index */
	unsigned nqueues; /* file descriptors in fds */
	int fds[NET_TUN_MAX_QUEUES]; /* one non-blocking descriptor per queue */
};

/* Creates (or attaches to) TUN device `name` ("" or a pattern such as
 * "ngt%d" lets the kernel number it) with nqueues queues (1..16; more than one
 * needs NET_TUN_MULTI_QUEUE). Descriptors are non-blocking and close-on-exec.
 * Returns 0, -E_INVAL, or -E_IO (errno says why: EPERM without
 * CAP_NET_ADMIN, EINVAL for a multi-queue mismatch with an existing device). */
int net_tun_open(struct net_tun *t, const char *name, unsigned nqueues, unsigned flags);
/* Closes every queue; a non-persistent device disappears with the last one. */
void net_tun_close(struct net_tun *t);

/* Interface settings (any interface, not only TUN). 0 or -E_IO/-E_INVAL. */
int net_if_set_mtu(const char *ifname, unsigned mtu);
int net_if_get_mtu(const char *ifname, unsigned *mtu);
int net_if_set_up(const char *ifname, bool up);
int net_if_is_up(const char *ifname, bool *up);
/* Adds prefix->addr/prefix->len (IPv4 or IPv6) to interface ifindex with
 * RTM_NEWADDR; an address already present is not an error. */
int net_if_add_addr(int ifindex, const struct ip_prefix *prefix);

#endif
