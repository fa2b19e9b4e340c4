/* The loopback interface as programs find it: getifaddrs and if_nameindex (both
 * read NETLINK_ROUTE), if_nametoindex and if_indextoname (an ioctl or netlink),
 * SIOCGIFFLAGS and SIOCGIFMTU, and a raw RTM_GETLINK dump. Only lo is printed: the
 * real machine has other interfaces, emu has none. */
#include "net.h"
#include <arpa/inet.h>
#include <ifaddrs.h>
#if __has_include(<linux/rtnetlink.h>)
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#else /* musl-gcc sees no kernel headers: what this test needs of them */
#include <stdint.h>
#define NETLINK_ROUTE 0
#define NLM_F_REQUEST 1
#define NLM_F_DUMP 0x300
#define NLMSG_DONE 3
#define RTM_NEWLINK 16
#define RTM_GETLINK 18
#define IFLA_ADDRESS 1
#define IFLA_IFNAME 3
#define IFLA_MTU 4
struct sockaddr_nl { unsigned short nl_family, nl_pad; uint32_t nl_pid, nl_groups; };
struct nlmsghdr { uint32_t nlmsg_len; uint16_t nlmsg_type, nlmsg_flags; uint32_t nlmsg_seq, nlmsg_pid; };
struct ifinfomsg { unsigned char ifi_family, pad; unsigned short ifi_type; int ifi_index; unsigned ifi_flags, ifi_change; };
struct rtattr { unsigned short rta_len, rta_type; };
#define NLMSG_ALIGN(len) (((len) + 3) & ~3)
#define NLMSG_HDRLEN ((int)NLMSG_ALIGN(sizeof(struct nlmsghdr)))
#define NLMSG_DATA(h) ((void *)((char *)(h) + NLMSG_HDRLEN))
#define NLMSG_OK(h, len) ((len) >= (int)sizeof(struct nlmsghdr) && (h)->nlmsg_len >= sizeof(struct nlmsghdr) && (h)->nlmsg_len <= (unsigned)(len))
#define NLMSG_NEXT(h, len) ((len) -= NLMSG_ALIGN((h)->nlmsg_len), (struct nlmsghdr *)((char *)(h) + NLMSG_ALIGN((h)->nlmsg_len)))
#define RTA_ALIGN(len) (((len) + 3) & ~3)
#define RTA_OK(a, len) ((len) >= (int)sizeof(struct rtattr) && (a)->rta_len >= sizeof(struct rtattr) && (a)->rta_len <= (len))
#define RTA_NEXT(a, len) ((len) -= RTA_ALIGN((a)->rta_len), (struct rtattr *)((char *)(a) + RTA_ALIGN((a)->rta_len)))
#define RTA_DATA(a) ((void *)((char *)(a) + RTA_ALIGN(sizeof(struct rtattr))))
#define RTA_PAYLOAD(a) ((int)((a)->rta_len) - RTA_ALIGN(sizeof(struct rtattr)))
#define IFLA_RTA(r) ((struct rtattr *)((char *)(r) + NLMSG_ALIGN(sizeof(struct ifinfomsg))))
#define IFLA_PAYLOAD(n) ((int)(n)->nlmsg_len - NLMSG_HDRLEN - NLMSG_ALIGN(sizeof(struct ifinfomsg)))
#endif
#include <net/if.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static void addresses(void)
{
	struct ifaddrs *ifs, *i;
	int v4 = 0, v6 = 0, link = 0;

	if (SHOW(getifaddrs(&ifs)) < 0)
		return;
	for (i = ifs; i; i = i->ifa_next) {
		if (strcmp(i->ifa_name, "lo"))
			continue;
		char a[64] = "", m[64] = "";
		int fam = i->ifa_addr ? i->ifa_addr->sa_family : -1;
		if (fam == AF_INET) {
			inet_ntop(AF_INET, &((struct sockaddr_in *)i->ifa_addr)->sin_addr, a, sizeof a);
			inet_ntop(AF_INET, &((struct sockaddr_in *)i->ifa_netmask)->sin_addr, m, sizeof m);
			printf("lo inet %s netmask %s flags %#x\n", a, m, i->ifa_flags & 0xffff);
			v4++;
		} else if (fam == AF_INET6) {
			inet_ntop(AF_INET6, &((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr, a, sizeof a);
			printf("lo inet6 %s\n", a);
			v6++;
		} else if (fam == AF_PACKET) {
			printf("lo link flags %#x, stats %s\n", i->ifa_flags & 0xffff, i->ifa_data ? "there" : "none");
			link++;
		}
	}
	printf("lo: %d link, %d inet, %d inet6 entries\n", link, v4, v6);
	freeifaddrs(ifs);
}

static void names(void)
{
	struct if_nameindex *ni = if_nameindex(), *p;
	char name[IF_NAMESIZE];
	int found = 0;

	for (p = ni; p && p->if_index; p++)
		if (!strcmp(p->if_name, "lo")) {
			printf("if_nameindex: lo is %u\n", p->if_index);
			found = 1;
		}
	printf("lo in if_nameindex: %d\n", found);
	if_freenameindex(ni);
	printf("if_nametoindex(lo) = %u\n", if_nametoindex("lo"));
	printf("if_nametoindex(nosuch0) = %u\n", if_nametoindex("nosuch0"));
	printf("if_indextoname(1) = %s\n", if_indextoname(1, name) ? name : "(none)");

	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct ifreq ifr = { .ifr_name = "lo" };
	SHOW(ioctl(s, SIOCGIFFLAGS, &ifr));
	printf("SIOCGIFFLAGS %#x\n", ifr.ifr_flags & 0xffff);
	SHOW(ioctl(s, SIOCGIFMTU, &ifr));
	printf("SIOCGIFMTU %d\n", ifr.ifr_mtu);
	SHOW(ioctl(s, SIOCGIFINDEX, &ifr));
	printf("SIOCGIFINDEX %d\n", ifr.ifr_ifindex);
	strcpy(ifr.ifr_name, "nosuch0");
	SHOW(ioctl(s, SIOCGIFINDEX, &ifr));
	close(s);
}

/* The dump by hand: the attributes of lo's RTM_NEWLINK, and NLMSG_DONE at the end. */
static void raw_dump(void)
{
	int s = SHOW(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
	struct sockaddr_nl me = { .nl_family = AF_NETLINK }, kernel = { .nl_family = AF_NETLINK };
	socklen_t len = sizeof me;
	struct { struct nlmsghdr h; struct ifinfomsg i; } req = {
		{ sizeof req, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 42, 0 }, { AF_UNSPEC } };
	static char buf[32768];
	int done = 0, lo_seen = 0;

	SHOW(bind(s, (struct sockaddr *)&me, sizeof me));
	SHOW(getsockname(s, (struct sockaddr *)&me, &len));
	printf("portid is the pid: %d, len %d\n", me.nl_pid == (unsigned)getpid(), (int)len);
	SHOW(sendto(s, &req, sizeof req, 0, (struct sockaddr *)&kernel, sizeof kernel));
	while (!done) {
		struct sockaddr_nl from;
		socklen_t fl = sizeof from;
		ssize_t n = recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
		if (n <= 0) {
			printf("recvfrom: %zd %s\n", n, ename(errno));
			break;
		}
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_seq != 42 || h->nlmsg_pid != me.nl_pid)
				printf("bad seq or pid\n");
			if (h->nlmsg_type == NLMSG_DONE) {
				printf("NLMSG_DONE, from the kernel: %d\n", from.nl_pid == 0);
				done = 1;
				break;
			}
			if (h->nlmsg_type != RTM_NEWLINK)
				continue;
			struct ifinfomsg *ifi = NLMSG_DATA(h);
			if (ifi->ifi_index != 1)
				continue;
			lo_seen++;
			printf("RTM_NEWLINK index 1 type %d flags %#x\n", ifi->ifi_type, ifi->ifi_flags & 0xffff);
			int alen = IFLA_PAYLOAD(h);
			for (struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, alen); a = RTA_NEXT(a, alen)) {
				if (a->rta_type == IFLA_IFNAME)
					printf("  IFLA_IFNAME %s\n", (char *)RTA_DATA(a));
				else if (a->rta_type == IFLA_MTU)
					printf("  IFLA_MTU %u\n", *(unsigned *)RTA_DATA(a));
				else if (a->rta_type == IFLA_ADDRESS)
					printf("  IFLA_ADDRESS %d bytes\n", (int)RTA_PAYLOAD(a));
			}
		}
	}
	printf("lo seen %d time(s)\n", lo_seen);
	/* a change needs CAP_NET_ADMIN... emu's answer to any change is EPERM */
	req.h.nlmsg_type = RTM_GETLINK;
	req.h.nlmsg_flags = NLM_F_REQUEST;
	req.h.nlmsg_seq = 43;
	req.i.ifi_index = 1;
	SHOW(send(s, &req, sizeof req, 0));
	ssize_t n = recv(s, buf, sizeof buf, 0); /* its length: the attributes lo has */
	printf("reply: %d\n", n > 0);
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	printf("single RTM_GETLINK: type %d seq %u, ok %d\n", h->nlmsg_type, h->nlmsg_seq,
	       n > 0 && NLMSG_OK(h, n));
	SHOW(recv(s, buf, sizeof buf, MSG_DONTWAIT));
	close(s);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	addresses();
	names();
	raw_dump();
	return 0;
}
