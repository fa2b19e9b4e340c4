/* A NETLINK_ROUTE request whose length is not a multiple of 4, as Go's
 * syscall.NetlinkRIB sends it (a 16-byte header and a 1-byte rtgenmsg: 17 bytes):
 * the kernel answers it once, and nothing after its missing padding is read as a
 * message. Only lo's entry is shown; the real machine has other interfaces. */
#include "net.h"
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef AF_NETLINK
#define AF_NETLINK 16
#endif
#define NETLINK_ROUTE 0
#define NLM_F_REQUEST 1
#define NLM_F_DUMP 0x300
#define NLMSG_ERROR 2
#define NLMSG_DONE 3
#define RTM_NEWLINK 16
#define RTM_GETLINK 18

struct nlmsghdr { uint32_t nlmsg_len; uint16_t nlmsg_type, nlmsg_flags; uint32_t nlmsg_seq, nlmsg_pid; };
struct ifinfomsg { unsigned char ifi_family, pad; unsigned short ifi_type; int ifi_index; unsigned ifi_flags, ifi_change; };

int main(void)
{
	struct { struct nlmsghdr h; unsigned char family; } req = {
		{ 17, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 1, 0 }, 0 /* AF_UNSPEC */
	};
	int s = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE), done = 0, lo = 0, other = 0;
	static char buf[65536];

	SHOW(send(s, &req, 17, 0));
	while (!done) {
		ssize_t n = recv(s, buf, sizeof buf, MSG_DONTWAIT);
		if (n <= 0) {
			show("recv", n);
			break;
		}
		for (ssize_t off = 0; off + (ssize_t)sizeof(struct nlmsghdr) <= n;) {
			struct nlmsghdr *h = (struct nlmsghdr *)(buf + off);
			if (h->nlmsg_len < sizeof *h || h->nlmsg_len > (size_t)(n - off))
				break;
			if (h->nlmsg_type == NLMSG_DONE)
				done = 1;
			else if (h->nlmsg_type == RTM_NEWLINK &&
				 ((struct ifinfomsg *)(h + 1))->ifi_index == 1)
				lo++;
			else if (h->nlmsg_type == NLMSG_ERROR || h->nlmsg_seq != 1)
				other++;
			off += (h->nlmsg_len + 3) & ~3u;
		}
	}
	printf("done: %d, lo: %d, errors or strangers: %d\n", done, lo, other);
	/* nothing more: the request was answered once */
	SHOW(recv(s, buf, sizeof buf, MSG_DONTWAIT));
	close(s);
	return 0;
}
