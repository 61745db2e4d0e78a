#include "lib/net/tun.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/core/err.h"

int net_tun_open(struct net_tun *t, const char *name, unsigned nqueues, unsigned flags)
{
	memset(t, 0, sizeof(*t));
	for (unsigned i = 0; i < NET_TUN_MAX_QUEUES; i++)
		t->fds[i] = -1;
	if (nqueues == 0 || nqueues > NET_TUN_MAX_QUEUES ||
	    (nqueues > 1 && !(flags & NET_TUN_MULTI_QUEUE)) || (name && strlen(name) >= IFNAMSIZ))
		return -E_INVAL;

	struct ifreq ifr;
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI | (flags & NET_TUN_MULTI_QUEUE ? IFF_MULTI_QUEUE : 0);
	if (name)
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	for (unsigned i = 0; i < nqueues; i++) {
		int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0)
			goto err_close;
		/* The first TUNSETIFF creates the device and fills in its name;
		 * the others attach further queues to that name. */
		if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
			int e = errno;
			close(fd);
			errno = e;
			goto err_close;
		}
		t->fds[i] = fd;
		t->nqueues = i + 1;
	}
	snprintf(t->name, sizeof(t->name), "%s", ifr.ifr_name);
	t->ifindex = (int)if_nametoindex(t->name);
	if (t->ifindex == 0)
		goto err_close;
	return 0;

err_close : {
	int e = errno;
	net_tun_close(t);
	errno = e;
	return -E_IO;
}
}

void net_tun_close(struct net_tun *t)
{
	for (unsigned i = 0; i < NET_TUN_MAX_QUEUES; i++) {
		if (t->fds[i] >= 0)
			close(t->fds[i]);
		t->fds[i] = -1;
	}
	t->nqueues = 0;
}

static int if_ioctl(const char *ifname, unsigned long req, struct ifreq *ifr)
{
	if (strlen(ifname) >= IFNAMSIZ)
		return -E_INVAL;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -E_IO;
	snprintf(ifr->ifr_name, sizeof(ifr->ifr_name), "%s", ifname);
	int rc = ioctl(fd, req, ifr) < 0 ? -E_IO : 0;
	int e = errno;
	close(fd);
	errno = e;
	return rc;
}

int net_if_set_mtu(const char *ifname, unsigned mtu)
{
	struct ifreq ifr;

	if (mtu < 68 || mtu > 65535)
		return -E_INVAL;
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_mtu = (int)mtu;
	return if_ioctl(ifname, SIOCSIFMTU, &ifr);
}

int net_if_get_mtu(const char *ifname, unsigned *mtu)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	int rc = if_ioctl(ifname, SIOCGIFMTU, &ifr);
	if (rc == 0)
		*mtu = (unsigned)ifr.ifr_mtu;
	return rc;
}

int net_if_is_up(const char *ifname, bool *up)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	int rc = if_ioctl(ifname, SIOCGIFFLAGS, &ifr);
	if (rc == 0)
		*up = (ifr.ifr_flags & IFF_UP) != 0;
	return rc;
}

int net_if_set_up(const char *ifname, bool up)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	int rc = if_ioctl(ifname, SIOCGIFFLAGS, &ifr);
	if (rc < 0)
		return rc;
	if (up)
		ifr.ifr_flags |= IFF_UP;
	else
		ifr.ifr_flags &= ~IFF_UP;
	return if_ioctl(ifname, SIOCSIFFLAGS, &ifr);
}

/* rtnetlink request: header, ifaddrmsg, IFA_LOCAL and IFA_ADDRESS. */
struct addr_req {
	struct nlmsghdr nh; /* netlink header */
	struct ifaddrmsg ifa; /* family, prefix length, interface */
	uint8_t attrs[64]; /* two rtattr carrying the address */
};

static size_t put_attr(uint8_t *p, unsigned short type, const void *data, size_t len)
{
	struct rtattr rta = { .rta_len = (unsigned short)RTA_LENGTH(len), .rta_type = type };
	memcpy(p, &rta, sizeof(rta));
	memcpy(p + RTA_LENGTH(0), data, len);
	return RTA_SPACE(len);
}

int net_if_add_addr(int ifindex, const struct ip_prefix *prefix)
{
	struct addr_req req;
	size_t alen = ip_len(&prefix->addr);
	unsigned maxlen = prefix->addr.family == AF_INET ? 32 : 128;

	if (alen == 0 || prefix->len > maxlen || ifindex <= 0)
		return -E_INVAL;
	memset(&req, 0, sizeof(req));
	req.ifa.ifa_family = prefix->addr.family;
	req.ifa.ifa_prefixlen = prefix->len;
	req.ifa.ifa_index = (unsigned)ifindex;
	req.ifa.ifa_scope = RT_SCOPE_UNIVERSE;
	size_t off = put_attr(req.attrs, IFA_LOCAL, prefix->addr.a, alen);
	off += put_attr(req.attrs + off, IFA_ADDRESS, prefix->addr.a, alen);
	req.nh.nlmsg_len = (uint32_t)(NLMSG_LENGTH(sizeof(req.ifa)) + off);
	req.nh.nlmsg_type = RTM_NEWADDR;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE;
	req.nh.nlmsg_seq = 1;

	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -E_IO;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	int rc = -E_IO;
	if (sendto(fd, &req, req.nh.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		goto out;
	/* The answer is an NLMSG_ERROR carrying 0 (done) or -errno. */
	union {
		struct nlmsghdr nh;
		uint8_t b[512];
	} ans;
	for (;;) {
		ssize_t n = recv(fd, &ans, sizeof(ans), 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)))
			goto out;
		break;
	}
	if (ans.nh.nlmsg_type != NLMSG_ERROR)
		goto out;
	const struct nlmsgerr *e = NLMSG_DATA(&ans.nh);
	if (e->error == 0 || e->error == -EEXIST)
		rc = 0;
	else
		errno = -e->error;
out : {
	int saved = errno;
	close(fd);
	errno = saved;
	return rc;
}
}
