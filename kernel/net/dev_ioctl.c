/* The interface ioctls any socket answers (Linux's net/core/dev_ioctl.c), for the one
 * interface emu's network has: lo, index 1, 127.0.0.1/8 and ::1, MTU 65536; each
 * network namespace has its own, which SIOCSIFFLAGS brings up or down. */
#include <emu/mm.h>
#include <emu/net.h>
#include <emu/net_namespace.h>
#include <emu/user_namespace.h>
#include <linux/capability.h>
#include <errno.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <string.h>

#define LO_INDEX 1
#define LO_MTU 65536

/* lo's flags in net: IFF_LOOPBACK, and IFF_UP | IFF_RUNNING while it is up. */
unsigned dev_lo_flags(const struct net *net)
{
	return IFF_LOOPBACK | (net->loopback_up ? IFF_UP | IFF_RUNNING : 0);
}

/* Linux's dev_change_flags for lo: CAP_NET_ADMIN in the namespace's owner. */
int dev_lo_set_up(struct net *net, bool up)
{
	if (!ns_capable(net->ns.user_ns, CAP_NET_ADMIN))
		return -EPERM;
	net->loopback_up = up;
	return 0;
}

static void lo_addr(struct sockaddr *sa, uint32_t addr)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(addr) };

	memcpy(sa, &sin, sizeof sin);
}

/* SIOCGIFCONF: lo's IPv4 address, or the room it needs when the buffer is NULL. */
static long dev_ifconf(uint64_t arg)
{
	struct ifconf ifc;
	struct ifreq ifr = { .ifr_name = "lo" };

	if (copy_from_user(&ifc, arg, sizeof ifc))
		return -EFAULT;
	if (!ifc.ifc_buf) {
		ifc.ifc_len = sizeof ifr;
	} else if (ifc.ifc_len >= (int)sizeof ifr) {
		lo_addr(&ifr.ifr_addr, INADDR_LOOPBACK);
		if (copy_to_user((uint64_t)ifc.ifc_buf, &ifr, sizeof ifr))
			return -EFAULT;
		ifc.ifc_len = sizeof ifr;
	} else {
		ifc.ifc_len = 0;
	}
	return copy_to_user(arg, &ifc, sizeof ifc);
}

/* The answer for lo to one SIOCGIF* request, in ifr. */
static long dev_ifsioc(unsigned cmd, struct ifreq *ifr)
{
	switch (cmd) {
	case SIOCGIFINDEX:
		ifr->ifr_ifindex = LO_INDEX;
		return 0;
	case SIOCGIFFLAGS:
		ifr->ifr_flags = (short)dev_lo_flags(current_net());
		return 0;
	case SIOCSIFFLAGS:
		return dev_lo_set_up(current_net(), ifr->ifr_flags & IFF_UP);
	case SIOCGIFMTU:
		ifr->ifr_mtu = LO_MTU;
		return 0;
	case SIOCGIFADDR:
		lo_addr(&ifr->ifr_addr, INADDR_LOOPBACK);
		return 0;
	case SIOCGIFNETMASK:
		lo_addr(&ifr->ifr_netmask, 0xff000000);
		return 0;
	case SIOCGIFHWADDR:
		memset(&ifr->ifr_hwaddr, 0, sizeof ifr->ifr_hwaddr);
		ifr->ifr_hwaddr.sa_family = ARPHRD_LOOPBACK;
		return 0;
	case SIOCGIFTXQLEN:
		ifr->ifr_qlen = 1000;
		return 0;
	default:
		return -ENOTTY;
	}
}

long sock_dev_ioctl(unsigned cmd, uint64_t arg)
{
	struct ifreq ifr;
	long err;

	if (cmd == SIOCGIFCONF)
		return dev_ifconf(arg);
	if (cmd < SIOCGIFNAME || cmd > SIOCGIFTXQLEN)
		return -ENOTTY;
	if (copy_from_user(&ifr, arg, sizeof ifr))
		return -EFAULT;
	ifr.ifr_name[IFNAMSIZ - 1] = 0;
	if (cmd == SIOCGIFNAME) {
		if (ifr.ifr_ifindex != LO_INDEX)
			return -ENODEV;
		strcpy(ifr.ifr_name, "lo");
	} else if (strcmp(ifr.ifr_name, "lo")) {
		return -ENODEV;
	} else if ((err = dev_ifsioc(cmd, &ifr))) {
		return err == -ENOTTY ? -EINVAL : err;
	}
	return copy_to_user(arg, &ifr, sizeof ifr);
}
