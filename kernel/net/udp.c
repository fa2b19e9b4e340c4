/* UDP on loopback (Linux's net/ipv4/udp.c, datagram.c, net/ipv6/udp.c): a send
 * finds the receiving socket and queues one skb there, or drops it when that
 * socket's receive buffer is full, as a real one would. A connected sender whose
 * datagram found nobody hears of it as Linux's would from the ICMP port-unreachable:
 * ECONNREFUSED on its next call. */
#include <emu/inet.h>
#include <emu/sched.h>
#include <emu/task.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <poll.h>
#include <string.h>

/* Linux's udp_disconnect: what connect chose is forgotten. */
static void udp_disconnect(struct sock *sk)
{
	struct inet_sock *in = inet_sk(sk);

	sk->sk_state = TCP_CLOSE;
	memset(&in->daddr, 0, sizeof in->daddr);
	in->dport = 0;
	if (!in->bind_addr_lock) {
		memset(&in->rcv_saddr, 0, sizeof in->rcv_saddr);
		if (sk->sk_family == AF_INET)
			in->rcv_saddr.s6_addr32[2] = htonl(0xffff);
		in->saddr = in->rcv_saddr;
	}
	if (!in->bind_port_lock) {
		inet_unhash(sk);
		in->sport = 0;
	}
}

/* Linux's inet_dgram_connect and ip4_datagram_connect / ip6_datagram_connect. */
static long udp_connect(struct socket *sock, struct sockaddr_storage *addr, int len, int flags)
{
	struct sock *sk = sock->sk;
	struct inet_sock *in = inet_sk(sk);
	struct in6_addr dst;
	uint16_t dport;
	int err;

	if (len < (int)sizeof(sa_family_t))
		return -EINVAL;
	if (addr->ss_family == AF_UNSPEC) {
		udp_disconnect(sk);
		return 0;
	}
	if ((err = inet_addr_from_user(sk, addr, len, &dst, &dport, false)))
		return err;
	if (!in->num && inet_get_port(sk, 0))
		return -EAGAIN;
	if ((err = inet_route(sk, &dst))) {
		if (err == -ENETUNREACH && host_inet_may_leave(sock) && !(err = host_inet_leave(sock)))
			return sock->ops->connect(sock, addr, len, flags);
		return err;
	}
	inet_set_source(sk, &dst);
	in->daddr = dst;
	in->dport = dport;
	sk->sk_state = TCP_ESTABLISHED;
	sk_wake(sk, 0);
	return 0;
}

/* The destination of one send: its address, or the connected peer's. */
static int udp_dest(struct sock *sk, struct kmsghdr *msg, struct in6_addr *dst, uint16_t *dport)
{
	struct inet_sock *in = inet_sk(sk);
	int err;

	if (msg->msg_name && msg->msg_name->ss_family != AF_UNSPEC) {
		if (sk->sk_family == AF_INET6 && msg->msg_name->ss_family == AF_INET) {
			const struct sockaddr_in *sin = (const struct sockaddr_in *)msg->msg_name;
			if (msg->msg_namelen < (int)sizeof *sin)
				return -EINVAL;
			memset(dst, 0, sizeof *dst);
			dst->s6_addr32[2] = htonl(0xffff);
			dst->s6_addr32[3] = sin->sin_addr.s_addr;
			*dport = ntohs(sin->sin_port);
		} else if ((err = inet_addr_from_user(sk, msg->msg_name, msg->msg_namelen, dst, dport,
						      false))) {
			return sk->sk_family == AF_INET6 && err == -EAFNOSUPPORT ? -EINVAL : err;
		}
		return *dport ? 0 : -EINVAL;
	}
	if (msg->msg_name && msg->msg_namelen < (int)sizeof(struct sockaddr_in))
		return -EINVAL;
	if (sk->sk_state != TCP_ESTABLISHED)
		return -EDESTADDRREQ;
	*dst = in->daddr;
	*dport = in->dport;
	return 0;
}

/* The source address a datagram to dst carries. */
static void udp_source(struct sock *sk, const struct in6_addr *dst, struct in6_addr *src)
{
	struct inet_sock *in = inet_sk(sk);
	struct in6_addr saved_rcv = in->rcv_saddr, saved = in->saddr;

	inet_set_source(sk, dst); /* what a connect would choose, without keeping it */
	*src = in->saddr;
	in->rcv_saddr = saved_rcv;
	in->saddr = saved;
}

/* The skb goes to whoever receives at dst:dport, or nowhere. */
static void udp_deliver(struct sock *sk, struct sk_buff *skb, const struct in6_addr *dst,
			uint16_t dport)
{
	struct inet_sock *in = inet_sk(sk);
	struct in6_addr src;
	struct sock *target;

	udp_source(sk, dst, &src);
	target = inet_lookup(sk->sk_net, IPPROTO_UDP, dst, dport, &src, in->num, false);
	if (!target) {
		if (in->dport) { /* the port unreachable message comes back */
			sk->sk_err = ECONNREFUSED;
			sk_wake(sk, 0);
		}
		kfree_skb(skb);
		return;
	}
	if (target->sk_rmem_alloc > (size_t)target->sk_rcvbuf) {
		kfree_skb(skb); /* the receive buffer is full: dropped */
		return;
	}
	skb->addrlen = inet_fill_addr(target, &src, in->sport, &skb->addr);
	skb_queue_tail(target, skb);
	sk_wake(target, POLLIN | POLLRDNORM);
}

static long udp_sendmsg(struct socket *sock, struct kmsghdr *msg, size_t len)
{
	struct sock *sk = sock->sk;
	struct in6_addr dst;
	uint16_t dport;
	struct sk_buff *skb;
	int err;

	if (msg->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	if ((err = udp_dest(sk, msg, &dst, &dport)))
		return err;
	if ((err = inet_route(sk, &dst))) {
		if (err == -ENETUNREACH && !inet_sk(sk)->num && host_inet_may_leave(sock) &&
		    !(err = host_inet_leave(sock)))
			return sock->ops->sendmsg(sock, msg, len);
		return err;
	}
	if (len > udp_max_payload(sk, &dst))
		return -EMSGSIZE;
	if ((err = sock_error(sk)))
		return err;
	if (sk->sk_shutdown & SEND_SHUTDOWN)
		return -EPIPE;
	if (!inet_sk(sk)->num && inet_get_port(sk, 0))
		return -EAGAIN;
	if (!(skb = skb_from_iter(sk, &msg->msg_iter, 0, len, &err)))
		return err;
	/* on the wire at once: the sender's buffer is free again (Linux's skb_orphan) */
	sk->sk_wmem_alloc -= skb->truesize;
	skb->sk = NULL;
	sock_put(sk);
	udp_deliver(sk, skb, &dst, dport);
	return len;
}

static long udp_recvmsg(struct socket *sock, struct kmsghdr *msg, size_t size, int flags)
{
	struct sock *sk = sock->sk;
	long timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT), ret;
	struct sk_buff *skb;
	int err;

	if (flags & MSG_ERRQUEUE)
		return -EAGAIN;
	if ((err = sock_error(sk)))
		return err;
	if (!(skb = skb_peek(sk))) {
		if (!timeo)
			return -EAGAIN;
		if (sk->sk_shutdown & RCV_SHUTDOWN)
			return 0;
		return sk_wait(sk, sk_deadline(timeo), -EAGAIN, sock_intr_errno(timeo));
	}
	if (!(flags & MSG_PEEK))
		skb_unlink(sk, skb);
	if (msg->msg_name) {
		memcpy(msg->msg_name, &skb->addr, skb->addrlen);
		msg->msg_namelen = skb->addrlen;
	}
	ret = skb_copy_datagram_msg(skb, msg, size, flags);
	if (!(flags & MSG_PEEK))
		kfree_skb(skb);
	return ret;
}

long udp_inq(struct sock *sk)
{
	struct sk_buff *skb = skb_peek(sk);

	return skb ? (long)skb->len : 0;
}

/* Linux's datagram_poll. */
static short udp_poll(struct socket *sock, short events)
{
	struct sock *sk = sock->sk;
	short mask = sock_poll_err_hup(sk);

	if (!list_empty(&sk->sk_receive_queue))
		mask |= POLLIN | POLLRDNORM;
	return mask | POLLOUT | POLLWRNORM | POLLWRBAND;
}

/* Linux's inet_shutdown for a datagram socket: ENOTCONN unless connected, though
 * the bits are set all the same. */
static int udp_shutdown(struct socket *sock, int how)
{
	struct sock *sk = sock->sk;

	how++;
	if ((how & ~SHUTDOWN_MASK) || !how)
		return -EINVAL;
	sk->sk_shutdown |= how;
	sk_wake(sk, 0);
	return sk->sk_state == TCP_CLOSE ? -ENOTCONN : 0;
}

void udp_release(struct socket *sock)
{
	struct sock *sk = sock->sk;

	if (!sk)
		return;
	sock->sk = NULL;
	sock_orphan(sk);
	inet_unhash(sk);
	skb_queue_purge(sk);
	sk_wake(sk, 0); /* nobody may sleep on it once it is gone */
	sock_put(sk);
}

static int udp_setsockopt(struct socket *sock, int level, int name, const void *val, int len)
{
	int v;

	if (level != SOL_UDP)
		return inet_setsockopt(sock, level, name, val, len);
	if (len < (int)sizeof(int))
		return -EINVAL;
	memcpy(&v, val, sizeof v);
	switch (name) {
	case UDP_CORK:
		inet_sk(sock->sk)->udp_cork = !!v;
		return 0;
	case UDP_SEGMENT: case UDP_GRO: case UDP_NO_CHECK6_TX: case UDP_NO_CHECK6_RX:
		return 0;
	default:
		return -ENOPROTOOPT;
	}
}

static int udp_getsockopt(struct socket *sock, int level, int name, void *val, int *len)
{
	int v;

	if (level != SOL_UDP)
		return inet_getsockopt(sock, level, name, val, len);
	if (name != UDP_CORK)
		return -ENOPROTOOPT;
	v = inet_sk(sock->sk)->udp_cork;
	memcpy(val, &v, sizeof v);
	if (*len > (int)sizeof v)
		*len = sizeof v;
	return 0;
}

static int udp_no_socketpair(struct socket *a, struct socket *b)
{
	return -EOPNOTSUPP;
}

static long udp_no_accept(struct socket *sock, struct socket *newsock, int flags)
{
	return -EOPNOTSUPP;
}

static int udp_no_listen(struct socket *sock, int backlog)
{
	return -EOPNOTSUPP;
}

const struct proto_ops inet_dgram_ops = {
	.family = AF_INET,
	.release = udp_release,
	.bind = inet_bind,
	.connect = udp_connect,
	.socketpair = udp_no_socketpair,
	.accept = udp_no_accept,
	.getname = inet_getname,
	.poll = udp_poll,
	.ioctl = inet_ioctl,
	.listen = udp_no_listen,
	.shutdown = udp_shutdown,
	.setsockopt = udp_setsockopt,
	.getsockopt = udp_getsockopt,
	.sendmsg = udp_sendmsg,
	.recvmsg = udp_recvmsg,
};
