/* AF_NETLINK with NETLINK_ROUTE, as much as getifaddrs, if_nameindex and Go's
 * net.Interfaces ask (Linux's net/netlink/af_netlink.c, net/core/rtnetlink.c,
 * net/ipv4/devinet.c): RTM_GETLINK and RTM_GETADDR, answered at once from emu's
 * one interface, lo, onto the socket's receive queue. Anything else is answered
 * with an NLMSG_ERROR: EOPNOTSUPP, or EPERM for changes (they need CAP_NET_ADMIN). */
#include <emu/mm.h>
#include <emu/net.h>
#include <emu/net_namespace.h>
#include <emu/task.h>
#include <errno.h>
#include <linux/if.h>
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#define LO_INDEX 1
#define NL_BUF 8192 /* the most one reply carries */

struct netlink_sock {
	struct sock sk;
	uint32_t portid; /* 0 until bound */
	uint32_t groups;
};

static LIST_HEAD(nl_table);
static int32_t nl_rover = -4096; /* Linux's next portid when the tgid is taken */

static struct netlink_sock *nlk_sk(const struct sock *sk)
{
	return (struct netlink_sock *)sk;
}

static bool portid_used(uint32_t portid)
{
	struct sock *sk;

	list_for_each_entry(sk, &nl_table, node)
		if (nlk_sk(sk)->portid == portid)
			return true;
	return false;
}

/* Linux's netlink_autobind: the process's id first, then negative numbers. */
static void netlink_autobind(struct sock *sk)
{
	uint32_t portid = (uint32_t)current->tgid;

	while (portid_used(portid))
		portid = (uint32_t)nl_rover--;
	nlk_sk(sk)->portid = portid;
	list_add_tail(&sk->node, &nl_table);
}

static int netlink_bind(struct socket *sock, struct sockaddr_storage *addr, int len)
{
	struct sockaddr_nl *nl = (struct sockaddr_nl *)addr;
	struct netlink_sock *nlk = nlk_sk(sock->sk);

	if (len < (int)sizeof *nl)
		return -EINVAL;
	if (nl->nl_family != AF_NETLINK)
		return -EINVAL;
	if (nlk->portid) {
		if (nl->nl_pid && nl->nl_pid != nlk->portid)
			return -EINVAL;
	} else if (nl->nl_pid) {
		if (portid_used(nl->nl_pid))
			return -EADDRINUSE;
		nlk->portid = nl->nl_pid;
		list_add_tail(&sock->sk->node, &nl_table);
	} else {
		netlink_autobind(sock->sk);
	}
	nlk->groups = nl->nl_groups;
	return 0;
}

static int netlink_getname(struct socket *sock, struct sockaddr_storage *addr, int peer)
{
	struct sockaddr_nl *nl = (struct sockaddr_nl *)addr;

	memset(nl, 0, sizeof *nl);
	nl->nl_family = AF_NETLINK;
	if (!peer) {
		nl->nl_pid = nlk_sk(sock->sk)->portid;
		nl->nl_groups = nlk_sk(sock->sk)->groups;
	}
	return sizeof *nl;
}

/* ---- building replies ---- */

struct nl_reply {
	unsigned char buf[NL_BUF];
	size_t len;
	size_t msg; /* where the message being built starts */
};

static void *nl_put(struct nl_reply *r, const void *data, size_t len)
{
	void *at = r->buf + r->len;

	memset(at, 0, NLMSG_ALIGN(len));
	if (data)
		memcpy(at, data, len);
	r->len += NLMSG_ALIGN(len);
	return at;
}

static void nl_begin(struct nl_reply *r, const struct nlmsghdr *req, uint32_t portid, int type,
		     int flags)
{
	struct nlmsghdr h = { 0, (uint16_t)type, (uint16_t)flags, req->nlmsg_seq, portid };

	r->msg = r->len;
	nl_put(r, &h, sizeof h);
}

static void nl_end(struct nl_reply *r)
{
	((struct nlmsghdr *)(r->buf + r->msg))->nlmsg_len = (uint32_t)(r->len - r->msg);
}

static void nl_attr(struct nl_reply *r, int type, const void *data, size_t len)
{
	struct rtattr a = { (unsigned short)RTA_LENGTH(len), (unsigned short)type };
	unsigned char *at = r->buf + r->len;

	memset(at, 0, RTA_ALIGN(RTA_LENGTH(len)));
	memcpy(at, &a, sizeof a);
	memcpy(at + RTA_LENGTH(0), data, len);
	r->len += RTA_ALIGN(RTA_LENGTH(len));
}

static void nl_attr_u32(struct nl_reply *r, int type, uint32_t v)
{
	nl_attr(r, type, &v, sizeof v);
}

/* RTM_NEWLINK (or RTM_SETLINK) of an existing link: lo's IFF_UP, as Linux's
 * do_setlink changes it (ifi_change 0 means every flag). 0 or -errno. */
static int rtnl_setlink(const struct nlmsghdr *req, size_t len)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(req);
	unsigned change;

	if (len < NLMSG_LENGTH(sizeof *ifi))
		return -EINVAL;
	if (ifi->ifi_index != LO_INDEX)
		return ifi->ifi_index ? -ENODEV : -EOPNOTSUPP; /* no new links in emu */
	change = ifi->ifi_change ? ifi->ifi_change : ~0U;
	if (!(change & IFF_UP))
		return 0;
	return dev_lo_set_up(current_net(), ifi->ifi_flags & IFF_UP);
}

/* RTM_NEWLINK for lo. */
static void fill_link(struct nl_reply *r, const struct nlmsghdr *req, uint32_t portid, int flags)
{
	unsigned up = dev_lo_flags(current_net());
	struct ifinfomsg ifi = { AF_UNSPEC, 0, ARPHRD_LOOPBACK, LO_INDEX,
				 up | ((up & IFF_UP) ? IFF_LOWER_UP : 0), 0 };
	static const unsigned char mac[6];
	struct rtnl_link_stats stats = { 0 };
	unsigned char operstate = 0; /* IF_OPER_UNKNOWN, as lo says */

	nl_begin(r, req, portid, RTM_NEWLINK, flags);
	nl_put(r, &ifi, sizeof ifi);
	nl_attr(r, IFLA_IFNAME, "lo", 3);
	nl_attr_u32(r, IFLA_TXQLEN, 1000);
	nl_attr(r, IFLA_OPERSTATE, &operstate, 1);
	nl_attr_u32(r, IFLA_MTU, 65536);
	nl_attr(r, IFLA_ADDRESS, mac, sizeof mac);
	nl_attr(r, IFLA_BROADCAST, mac, sizeof mac);
	nl_attr(r, IFLA_STATS, &stats, sizeof stats);
	nl_end(r);
}

/* RTM_NEWADDR for one of lo's addresses. */
static void fill_addr(struct nl_reply *r, const struct nlmsghdr *req, uint32_t portid, int family)
{
	struct ifaddrmsg ifa = { (unsigned char)family, family == AF_INET ? 8 : 128, IFA_F_PERMANENT,
				 RT_SCOPE_HOST, LO_INDEX };
	struct ifa_cacheinfo ci = { 0xffffffff, 0xffffffff, 0, 0 };
	uint32_t v4 = htonl(INADDR_LOOPBACK);

	nl_begin(r, req, portid, RTM_NEWADDR, NLM_F_MULTI);
	nl_put(r, &ifa, sizeof ifa);
	if (family == AF_INET) {
		nl_attr(r, IFA_ADDRESS, &v4, sizeof v4);
		nl_attr(r, IFA_LOCAL, &v4, sizeof v4);
		nl_attr(r, IFA_LABEL, "lo", 3);
	} else {
		nl_attr(r, IFA_ADDRESS, &in6addr_loopback, sizeof in6addr_loopback);
	}
	nl_attr_u32(r, IFA_FLAGS, IFA_F_PERMANENT);
	nl_attr(r, IFA_CACHEINFO, &ci, sizeof ci);
	nl_end(r);
}

static void fill_done(struct nl_reply *r, const struct nlmsghdr *req, uint32_t portid)
{
	int zero = 0;

	nl_begin(r, req, portid, NLMSG_DONE, NLM_F_MULTI);
	nl_put(r, &zero, sizeof zero);
	nl_end(r);
}

/* NLMSG_ERROR: err 0 is an acknowledgement. */
static void fill_error(struct nl_reply *r, const struct nlmsghdr *req, uint32_t portid, int err)
{
	struct nlmsgerr e = { err, *req };

	nl_begin(r, req, portid, NLMSG_ERROR, err ? 0 : NLM_F_CAPPED);
	nl_put(r, &e, sizeof e);
	nl_end(r);
}

/* ---- the socket ---- */

static int queue_reply(struct sock *sk, const struct nl_reply *r)
{
	struct sk_buff *skb = alloc_skb(r->buf, r->len);

	if (!skb)
		return -ENOMEM;
	skb->addrlen = sizeof(struct sockaddr_nl);
	((struct sockaddr_nl *)&skb->addr)->nl_family = AF_NETLINK; /* from the kernel: pid 0 */
	skb_queue_tail(sk, skb);
	sk_wake(sk, POLLIN | POLLRDNORM);
	return 0;
}

/* One request (Linux's rtnetlink_rcv_msg): the replies go onto sk's queue. */
static int rtnetlink_rcv_msg(struct sock *sk, const struct nlmsghdr *req, size_t len)
{
	struct nl_reply *r = calloc(1, sizeof *r);
	uint32_t portid = nlk_sk(sk)->portid;
	bool dump = (req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
	int family = len >= NLMSG_LENGTH(1) ? *(const unsigned char *)NLMSG_DATA(req) : AF_UNSPEC;
	int err = 0;

	if (!r)
		return -ENOMEM;
	if (req->nlmsg_type == RTM_GETLINK && dump) {
		fill_link(r, req, portid, NLM_F_MULTI);
		err = queue_reply(sk, r);
		r->len = 0;
		fill_done(r, req, portid);
	} else if (req->nlmsg_type == RTM_GETLINK) {
		const struct ifinfomsg *ifi = NLMSG_DATA(req);
		if (len >= NLMSG_LENGTH(sizeof *ifi) && ifi->ifi_index && ifi->ifi_index != LO_INDEX)
			fill_error(r, req, portid, -ENODEV);
		else
			fill_link(r, req, portid, 0);
	} else if (req->nlmsg_type == RTM_GETADDR && dump) {
		if (family == AF_UNSPEC || family == AF_INET)
			fill_addr(r, req, portid, AF_INET);
		if (family == AF_UNSPEC || family == AF_INET6)
			fill_addr(r, req, portid, AF_INET6);
		if (r->len)
			err = queue_reply(sk, r);
		r->len = 0;
		fill_done(r, req, portid);
	} else if (req->nlmsg_type == RTM_NEWLINK || req->nlmsg_type == RTM_SETLINK) {
		int e = rtnl_setlink(req, len);
		if (e || (req->nlmsg_flags & NLM_F_ACK))
			fill_error(r, req, portid, e);
	} else if (req->nlmsg_type < RTM_BASE) {
		r->len = 0; /* NLMSG_NOOP and friends: nothing */
	} else {
		bool change = req->nlmsg_type % 4 != 2; /* RTM_NEW*, RTM_DEL*, RTM_SET* */
		fill_error(r, req, portid, change ? -EPERM : -EOPNOTSUPP);
	}
	if (!err && r->len)
		err = queue_reply(sk, r);
	if (!err && (req->nlmsg_flags & NLM_F_ACK) && req->nlmsg_type >= RTM_BASE &&
	    (req->nlmsg_type == RTM_GETLINK || req->nlmsg_type == RTM_GETADDR)) {
		r->len = 0;
		fill_error(r, req, portid, 0);
		err = queue_reply(sk, r);
	}
	free(r);
	return err;
}

static long netlink_sendmsg(struct socket *sock, struct kmsghdr *msg, size_t len)
{
	struct sock *sk = sock->sk;
	unsigned char *buf;
	size_t off = 0;
	int err = 0;

	if (msg->msg_name) {
		struct sockaddr_nl *to = (struct sockaddr_nl *)msg->msg_name;
		if (msg->msg_namelen < (int)sizeof *to || to->nl_family != AF_NETLINK)
			return -EINVAL;
		if (to->nl_pid || to->nl_groups)
			return -EPERM; /* only the kernel is there to talk to */
	}
	if (len > (size_t)sk->sk_sndbuf - 32)
		return -EMSGSIZE;
	if (!nlk_sk(sk)->portid)
		netlink_autobind(sk);
	if (!(buf = malloc(len ? len : 1)))
		return -ENOMEM;
	if (iov_copy_from(buf, &msg->msg_iter, 0, len)) {
		free(buf);
		return -EFAULT;
	}
	while (!err && len - off >= NLMSG_HDRLEN) {
		struct nlmsghdr *h = (struct nlmsghdr *)(buf + off);
		if (h->nlmsg_len < NLMSG_HDRLEN || h->nlmsg_len > len - off)
			break;
		if (h->nlmsg_flags & NLM_F_REQUEST)
			err = rtnetlink_rcv_msg(sk, h, h->nlmsg_len);
		/* the last message's padding may be missing (Go sends 17 bytes) */
		size_t step = NLMSG_ALIGN(h->nlmsg_len);
		off += step < len - off ? step : len - off;
	}
	free(buf);
	return err ? err : (long)len;
}

static long netlink_recvmsg(struct socket *sock, struct kmsghdr *msg, size_t size, int flags)
{
	struct sock *sk = sock->sk;
	long timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT), ret;
	struct sk_buff *skb = skb_peek(sk);
	int err;

	if ((err = sock_error(sk)))
		return err;
	if (!skb)
		return timeo ? sk_wait(sk, sk_deadline(timeo), -EAGAIN, sock_intr_errno(timeo)) : -EAGAIN;
	if (msg->msg_name) {
		memcpy(msg->msg_name, &skb->addr, skb->addrlen);
		msg->msg_namelen = skb->addrlen;
	}
	ret = skb_copy_datagram_msg(skb, msg, size, flags);
	if (!(flags & MSG_PEEK)) {
		skb_unlink(sk, skb);
		kfree_skb(skb);
	}
	return ret;
}

static short netlink_poll(struct socket *sock, short events)
{
	struct sock *sk = sock->sk;
	short mask = POLLOUT | POLLWRNORM;

	if (!list_empty(&sk->sk_receive_queue))
		mask |= POLLIN | POLLRDNORM;
	if (sk->sk_err)
		mask |= POLLERR;
	return mask;
}

static void netlink_release(struct socket *sock)
{
	struct sock *sk = sock->sk;

	if (!sk)
		return;
	sock->sk = NULL;
	sock_orphan(sk);
	list_del_init(&sk->node);
	skb_queue_purge(sk);
	sk_wake(sk, 0); /* nobody may sleep on it once it is gone */
	sock_put(sk);
}

/* NETLINK_ADD_MEMBERSHIP, NETLINK_EXT_ACK and the like: accepted; no events come. */
static int netlink_setsockopt(struct socket *sock, int level, int name, const void *val, int len)
{
	if (level != SOL_NETLINK)
		return -ENOPROTOOPT;
	return len < (int)sizeof(int) ? -EINVAL : 0;
}

static int netlink_getsockopt(struct socket *sock, int level, int name, void *val, int *len)
{
	int zero = 0;

	if (level != SOL_NETLINK)
		return -ENOPROTOOPT;
	if (*len < (int)sizeof zero)
		return -EINVAL;
	memcpy(val, &zero, sizeof zero);
	*len = sizeof zero;
	return 0;
}

static long netlink_connect(struct socket *sock, struct sockaddr_storage *addr, int len, int flags)
{
	if (len < (int)sizeof(sa_family_t))
		return -EINVAL;
	if (addr->ss_family == AF_UNSPEC)
		return 0;
	if (addr->ss_family != AF_NETLINK || len < (int)sizeof(struct sockaddr_nl))
		return -EINVAL;
	if (!nlk_sk(sock->sk)->portid)
		netlink_autobind(sock->sk);
	return 0;
}

static int netlink_no_socketpair(struct socket *a, struct socket *b)
{
	return -EOPNOTSUPP;
}

static long netlink_no_accept(struct socket *sock, struct socket *newsock, int flags)
{
	return -EOPNOTSUPP;
}

static int netlink_no_listen(struct socket *sock, int backlog)
{
	return -EOPNOTSUPP;
}

static int netlink_shutdown(struct socket *sock, int how)
{
	return -EOPNOTSUPP;
}

static long netlink_ioctl(struct socket *sock, unsigned cmd, uint64_t arg)
{
	return sock_dev_ioctl(cmd, arg);
}

static const struct proto_ops netlink_ops = {
	.family = AF_NETLINK,
	.release = netlink_release,
	.bind = netlink_bind,
	.connect = netlink_connect,
	.socketpair = netlink_no_socketpair,
	.accept = netlink_no_accept,
	.getname = netlink_getname,
	.poll = netlink_poll,
	.ioctl = netlink_ioctl,
	.listen = netlink_no_listen,
	.shutdown = netlink_shutdown,
	.setsockopt = netlink_setsockopt,
	.getsockopt = netlink_getsockopt,
	.sendmsg = netlink_sendmsg,
	.recvmsg = netlink_recvmsg,
};

int netlink_create(struct socket *sock, int protocol)
{
	struct sock *sk;

	if (sock->type != SOCK_RAW && sock->type != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	if (protocol != NETLINK_ROUTE)
		return -EPROTONOSUPPORT;
	if (!(sk = sk_alloc(AF_NETLINK, sock->type, protocol, sizeof(struct netlink_sock))))
		return -ENOMEM;
	sk->sk_state = TCP_CLOSE;
	sock->sk = sk;
	sock->ops = &netlink_ops;
	return 0;
}
