/* Network namespaces: a new one has its own loopback, down (no route: ENETUNREACH)
 * until SIOCSIFFLAGS or RTM_NEWLINK brings it up; its own ports (one bound in the
 * first namespace is free here) and AF_UNIX abstract names; its own
 * net.ipv4.conf sysctls, starting from the first namespace's defaults; setns with a
 * saved /proc/self/ns/net descriptor goes back. */
#include "ns.h"
#include <arpa/inet.h>
#include <fcntl.h>
#if __has_include(<linux/rtnetlink.h>)
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#else /* musl-gcc sees no kernel headers: what this test needs of them */
#include <stdint.h>
#define NETLINK_ROUTE 0
#define NLM_F_REQUEST 1
#define NLM_F_ACK 4
#define NLMSG_ERROR 2
#define RTM_NEWLINK 16
struct nlmsghdr { uint32_t nlmsg_len; uint16_t nlmsg_type, nlmsg_flags; uint32_t nlmsg_seq, nlmsg_pid; };
struct ifinfomsg { unsigned char ifi_family, pad; unsigned short ifi_type; int ifi_index; unsigned ifi_flags, ifi_change; };
struct nlmsgerr { int error; struct nlmsghdr msg; };
#define NLMSG_DATA(h) ((void *)((char *)(h) + sizeof(struct nlmsghdr)))
#endif
#include <net/if.h>
#include <netinet/in.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static struct sockaddr_in lo_addr(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

static int lo_flags(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	int r = ioctl(s, SIOCGIFFLAGS, &ifr);

	close(s);
	return r < 0 ? -1 : ifr.ifr_flags & (IFF_UP | IFF_RUNNING | IFF_LOOPBACK);
}

static long set_lo_up(int up)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	long r = ioctl(s, SIOCGIFFLAGS, &ifr);

	ifr.ifr_flags = up ? ifr.ifr_flags | IFF_UP : ifr.ifr_flags & ~IFF_UP;
	if (r == 0)
		r = ioctl(s, SIOCSIFFLAGS, &ifr);
	close(s);
	return r;
}

/* RTM_NEWLINK for index 1 with IFF_UP set or clear: the kernel's answer. */
static int rtnl_set_up(int up)
{
	struct {
		struct nlmsghdr nh;
		struct ifinfomsg ifi;
	} req = { { sizeof req, RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, 1, 0 },
		  { AF_UNSPEC, 0, 0, 1, up ? IFF_UP : 0, IFF_UP } };
	char buf[512];
	int s = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);

	if (send(s, &req, sizeof req, 0) < 0)
		return -1000;
	ssize_t n = recv(s, buf, sizeof buf, 0);
	close(s);
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	if (n < (ssize_t)sizeof *h || h->nlmsg_type != NLMSG_ERROR)
		return -1001;
	return ((struct nlmsgerr *)NLMSG_DATA(h))->error;
}

static long tcp_connect(int port)
{
	struct sockaddr_in a = lo_addr(port);
	int s = socket(AF_INET, SOCK_STREAM, 0);
	long r = connect(s, (struct sockaddr *)&a, sizeof a);
	int e = errno;

	close(s);
	errno = e;
	return r;
}

static int read_int(const char *path)
{
	char buf[32] = "";
	int fd = open(path, O_RDONLY);

	if (fd < 0 || read(fd, buf, sizeof buf - 1) < 0)
		return -999;
	close(fd);
	return atoi(buf);
}

static long write_int(const char *path, int v)
{
	char buf[32];
	int fd = open(path, O_WRONLY);
	int n = snprintf(buf, sizeof buf, "%d\n", v);
	long r = fd < 0 ? -1 : write(fd, buf, n);

	if (fd >= 0)
		close(fd);
	return r < 0 ? -1 : 0;
}

static long unix_abstract(int s, const char *name, int do_bind)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	socklen_t len = offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name);

	memcpy(a.sun_path + 1, name, strlen(name));
	return do_bind ? bind(s, (struct sockaddr *)&a, len) : connect(s, (struct sockaddr *)&a, len);
}

#define LO_TAG "/proc/sys/net/ipv4/conf/lo/tag"
#define DEFAULT_TAG "/proc/sys/net/ipv4/conf/default/tag"

int main(void)
{
	int first_tag = read_int(LO_TAG), saved = open("/proc/self/ns/net", O_RDONLY);
	int listener = socket(AF_INET, SOCK_STREAM, 0), us = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_in a = lo_addr(0);
	socklen_t alen = sizeof a;

	setvbuf(stdout, NULL, _IOLBF, 0);
	bind(listener, (struct sockaddr *)&a, sizeof a);
	listen(listener, 4);
	getsockname(listener, (struct sockaddr *)&a, &alen);
	int port = ntohs(a.sin_port);
	printf("first: lo flags %#x\n", lo_flags());
	printf("first: connect %s\n", errname(tcp_connect(port)));
	char name[32];
	snprintf(name, sizeof name, "emu-nsnet-%d", getpid());
	printf("first: abstract bind %s\n", errname(unix_abstract(us, name, 1)));
	printf("first: abstract listen %s\n", errname(listen(us, 1)));

	unshare_or_skip(CLONE_NEWNET, "CLONE_NEWNET");
	printf("new: lo flags %#x\n", lo_flags());
	printf("new: connect %s\n", errname(tcp_connect(port)));
	int udp = socket(AF_INET, SOCK_DGRAM, 0);
	a = lo_addr(port);
	printf("new: udp sendto %s\n", errname(sendto(udp, "x", 1, 0, (struct sockaddr *)&a, sizeof a)));
	close(udp);
	printf("new: default tag %d\n", read_int(DEFAULT_TAG));
	printf("new: lo tag %d\n", read_int(LO_TAG));
	printf("new: write lo tag %s\n", errname(write_int(LO_TAG, first_tag + 7)));
	printf("new: lo tag now first's + %d\n", read_int(LO_TAG) - first_tag);

	printf("new: SIOCSIFFLAGS up %s\n", errname(set_lo_up(1)));
	printf("new: lo flags %#x\n", lo_flags());
	int l2 = socket(AF_INET, SOCK_STREAM, 0);
	a = lo_addr(port);
	printf("new: bind the first's port %s\n", errname(bind(l2, (struct sockaddr *)&a, sizeof a)));
	printf("new: listen %s\n", errname(listen(l2, 4)));
	printf("new: connect %s\n", errname(tcp_connect(port)));
	int us2 = socket(AF_UNIX, SOCK_STREAM, 0);
	printf("new: connect to the first's abstract name %s\n", errname(unix_abstract(us2, name, 0)));
	close(us2);
	us2 = socket(AF_UNIX, SOCK_STREAM, 0);
	printf("new: bind the same abstract name %s\n", errname(unix_abstract(us2, name, 1)));

	printf("new: RTM_NEWLINK down %d\n", rtnl_set_up(0));
	printf("new: lo flags %#x\n", lo_flags());
	printf("new: RTM_NEWLINK up %d\n", rtnl_set_up(1));
	printf("new: lo flags %#x\n", lo_flags());

	printf("setns back: %s\n", errname(setns(saved, CLONE_NEWNET)));
	printf("first: lo tag unchanged %d\n", read_int(LO_TAG) == first_tag);
	printf("first: lo flags %#x\n", lo_flags());
	printf("first: connect %s\n", errname(tcp_connect(port)));
	return 0;
}
