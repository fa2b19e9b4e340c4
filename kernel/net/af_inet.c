/* AF_INET and AF_INET6 on loopback (Linux's net/ipv4/af_inet.c, inet_connection_sock.c,
 * net/ipv6/af_inet6.c): creation, addresses, ports, lookups and the IP-level options.
 * TCP is kernel/net/tcp.c, UDP kernel/net/udp.c.
 *
 * emu's network is one interface, lo: 127.0.0.0/8 and ::1. A destination outside
 * it is unreachable (ENETUNREACH), as on a host with no other route. Ports come from
 * one table per protocol; a socket bound to port 0 or never bound gets the next free
 * port of Linux's ephemeral range, counting up from its first port, so a run gets the
 * same ports every time. */
#include <emu/inet.h>
#include <emu/mm.h>
#include <emu/net_namespace.h>
#include <emu/task.h>
#include <emu/user_namespace.h>
#include <errno.h>
#include <linux/capability.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#define SIN6_LEN_RFC2133 24
#define PROT_SOCK 1024 /* ports below it need CAP_NET_BIND_SERVICE */
#define IP_DEFAULT_TTL 64
#define SIOCOUTQNSD 0x894B

static LIST_HEAD(tcp_table);
static LIST_HEAD(udp_table);
static uint16_t next_ephemeral[2] = { EPHEMERAL_LOW, EPHEMERAL_LOW }; /* TCP, UDP */

static struct list_head *proto_table(int proto)
{
	return proto == IPPROTO_TCP ? &tcp_table : &udp_table;
}

/* ---- addresses ---- */

static void v4_to_mapped(uint32_t be_addr, struct in6_addr *out)
{
	memset(out, 0, sizeof *out);
	out->s6_addr32[2] = htonl(0xffff);
	out->s6_addr32[3] = be_addr;
}

static bool inet_addr_any(const struct in6_addr *a)
{
	return IN6_IS_ADDR_UNSPECIFIED(a) || (ipv6_addr_v4mapped(a) && !a->s6_addr32[3]);
}

static uint32_t mapped_v4(const struct in6_addr *a)
{
	return ntohl(a->s6_addr32[3]);
}

int inet_route(struct sock *sk, struct in6_addr *dst)
{
	if (!sk->sk_net->loopback_up)
		return -ENETUNREACH; /* no device is up: no route at all */
	if (ipv6_addr_v4mapped(dst)) {
		if (sk->sk_family == AF_INET6 && inet_sk(sk)->v6only)
			return -ENETUNREACH;
		if (!dst->s6_addr32[3])
			v4_to_mapped(htonl(INADDR_LOOPBACK), dst);
		return (mapped_v4(dst) >> 24) == 127 ? 0 : -ENETUNREACH;
	}
	if (IN6_IS_ADDR_UNSPECIFIED(dst)) {
		if (ipv6_addr_v4mapped(&inet_sk(sk)->rcv_saddr))
			v4_to_mapped(htonl(INADDR_LOOPBACK), dst);
		else
			*dst = in6addr_loopback;
		return 0;
	}
	return IN6_IS_ADDR_LOOPBACK(dst) ? 0 : -ENETUNREACH;
}

int inet_addr_from_user(struct sock *sk, const struct sockaddr_storage *a, int len,
			struct in6_addr *addr, uint16_t *port, bool unspec_ok)
{
	if (sk->sk_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)a;
		if (len < (int)sizeof *sin)
			return -EINVAL;
		if (sin->sin_family != AF_INET && !(unspec_ok && sin->sin_family == AF_UNSPEC))
			return -EAFNOSUPPORT;
		v4_to_mapped(sin->sin_addr.s_addr, addr);
		*port = ntohs(sin->sin_port);
		return 0;
	}
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)a;
	if (len < SIN6_LEN_RFC2133)
		return -EINVAL;
	if (sin6->sin6_family != AF_INET6)
		return -EAFNOSUPPORT;
	*addr = sin6->sin6_addr;
	*port = ntohs(sin6->sin6_port);
	return 0;
}

int inet_fill_addr(const struct sock *sk, const struct in6_addr *addr, uint16_t port,
		   struct sockaddr_storage *out)
{
	memset(out, 0, sizeof *out);
	if (sk->sk_family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)out;
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		sin->sin_addr.s_addr = addr->s6_addr32[3];
		return sizeof *sin;
	}
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)out;
	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons(port);
	sin6->sin6_addr = *addr;
	return sizeof *sin6;
}

/* Which addresses a socket receives on, per IP version: none, all, or one. */
enum addr_set { SET_NONE, SET_ALL, SET_ONE };

static void rcv_sets(const struct inet_sock *in, enum addr_set *v4, enum addr_set *v6)
{
	const struct in6_addr *a = &in->rcv_saddr;

	*v4 = *v6 = SET_NONE;
	if (ipv6_addr_v4mapped(a))
		*v4 = a->s6_addr32[3] ? SET_ONE : SET_ALL;
	else if (IN6_IS_ADDR_UNSPECIFIED(a)) {
		*v6 = SET_ALL;
		*v4 = in->v6only ? SET_NONE : SET_ALL;
	} else
		*v6 = SET_ONE;
}

static bool sets_meet(enum addr_set a, enum addr_set b, bool same_one)
{
	if (a == SET_NONE || b == SET_NONE)
		return false;
	return a == SET_ALL || b == SET_ALL || same_one;
}

/* Could a packet reach both? (Linux's inet_rcv_saddr_equal with wildcards) */
static bool addr_overlap(const struct inet_sock *a, const struct inet_sock *b)
{
	enum addr_set a4, a6, b4, b6;
	bool same = ipv6_addr_equal(&a->rcv_saddr, &b->rcv_saddr);

	rcv_sets(a, &a4, &a6);
	rcv_sets(b, &b4, &b6);
	return sets_meet(a4, b4, same) || sets_meet(a6, b6, same);
}

/* How well sk's bound address takes a packet to dst: 0 not at all, more is better. */
static int rcv_score(const struct sock *sk, const struct in6_addr *dst)
{
	const struct inet_sock *in = inet_sk(sk);
	bool v4 = ipv6_addr_v4mapped(dst);
	int family_bonus = (sk->sk_family == AF_INET) == v4;

	if (sk->sk_family == AF_INET && !v4)
		return 0;
	if (sk->sk_family == AF_INET6 && v4 && in->v6only)
		return 0;
	if (ipv6_addr_equal(&in->rcv_saddr, dst))
		return 4 + family_bonus;
	if (inet_addr_any(&in->rcv_saddr) &&
	    (IN6_IS_ADDR_UNSPECIFIED(&in->rcv_saddr) || ipv6_addr_v4mapped(&in->rcv_saddr) == v4))
		return 2 + family_bonus;
	return 0;
}

/* ---- ports ---- */

static bool reuse_ok(const struct sock *sk, const struct sock *sk2)
{
	if (sock_flag(sk, SOCK_REUSEPORT) && sock_flag(sk2, SOCK_REUSEPORT))
		return true;
	return sock_flag(sk, SOCK_REUSEADDR) && sock_flag(sk2, SOCK_REUSEADDR) &&
	       (sk->sk_protocol == IPPROTO_UDP || sk2->sk_state != TCP_LISTEN);
}

/* Linux's inet_csk_bind_conflict and udp_lib_lport_inuse. */
static bool port_conflict(struct sock *sk, uint16_t port)
{
	struct sock *sk2;

	list_for_each_entry(sk2, proto_table(sk->sk_protocol), node)
		if (sk2 != sk && inet_sk(sk2)->num == port && sk2->sk_net == sk->sk_net &&
		    addr_overlap(inet_sk(sk), inet_sk(sk2)) && !reuse_ok(sk, sk2))
			return true;
	return false;
}

static bool port_used(int proto, const struct net *net, uint16_t port)
{
	struct sock *sk2;

	list_for_each_entry(sk2, proto_table(proto), node)
		if (inet_sk(sk2)->num == port && sk2->sk_net == net)
			return true;
	return false;
}

static uint16_t ephemeral_port(int proto, const struct net *net)
{
	uint16_t *next = &next_ephemeral[proto == IPPROTO_UDP];

	for (int i = 0; i <= EPHEMERAL_HIGH - EPHEMERAL_LOW; i++) {
		uint16_t port = *next;
		*next = port == EPHEMERAL_HIGH ? EPHEMERAL_LOW : port + 1;
		if (!port_used(proto, net, port))
			return port;
	}
	return 0;
}

int inet_get_port(struct sock *sk, uint16_t port)
{
	struct inet_sock *in = inet_sk(sk);

	if (!port && !(port = ephemeral_port(sk->sk_protocol, sk->sk_net)))
		return -EAGAIN;
	else if (port_conflict(sk, port))
		return -EADDRINUSE;
	in->num = in->sport = port;
	if (!in->hashed)
		list_add_tail(&sk->node, proto_table(sk->sk_protocol));
	in->hashed = true;
	return 0;
}

void inet_unhash(struct sock *sk)
{
	struct inet_sock *in = inet_sk(sk);

	if (in->hashed)
		list_del_init(&sk->node);
	in->hashed = false;
	in->num = 0;
}

struct sock *inet_lookup(const struct net *net, int proto, const struct in6_addr *dst,
			 uint16_t port, const struct in6_addr *src, uint16_t sport, bool listening)
{
	struct sock *sk, *best = NULL;
	int best_score = 0;

	list_for_each_entry(sk, proto_table(proto), node) {
		struct inet_sock *in = inet_sk(sk);
		if (in->num != port || sk->sk_net != net || (listening && sk->sk_state != TCP_LISTEN))
			continue;
		int score = rcv_score(sk, dst);
		if (!listening && in->dport) { /* a connected UDP socket takes only its peer's */
			if (!ipv6_addr_equal(&in->daddr, src) || in->dport != sport)
				continue;
			score += 8;
		}
		if (score > best_score) {
			best = sk;
			best_score = score;
		}
	}
	return best;
}

void inet_set_source(struct sock *sk, const struct in6_addr *dst)
{
	struct inet_sock *in = inet_sk(sk);

	if (inet_addr_any(&in->rcv_saddr)) {
		if (ipv6_addr_v4mapped(dst))
			v4_to_mapped(htonl(INADDR_LOOPBACK), &in->saddr);
		else
			in->saddr = in6addr_loopback;
		in->rcv_saddr = in->saddr;
	} else {
		in->saddr = in->rcv_saddr;
	}
}

/* ---- sockets ---- */

void inet_sock_init(struct sock *sk)
{
	struct inet_sock *in = inet_sk(sk);

	if (sk->sk_family == AF_INET)
		v4_to_mapped(0, &in->rcv_saddr);
	in->saddr = in->rcv_saddr;
	in->ttl = in->hops = in->tclass = -1;
	in->keepidle = 7200;
	in->keepintvl = 75;
	in->keepcnt = 9;
	in->syncnt = 6;
	in->linger2 = 60;
	INIT_LIST_HEAD(&in->syn_queue);
	INIT_LIST_HEAD(&in->syn_node);
}

void inet_copy_sock(struct sock *newsk, const struct sock *sk)
{
	struct inet_sock *n = inet_sk(newsk);
	const struct inet_sock *o = inet_sk(sk);
	size_t from = offsetof(struct inet_sock, rcv_saddr);
	size_t to = offsetof(struct inet_sock, syn_queue);

	sock_copy_options(newsk, sk);
	memcpy((char *)n + from, (const char *)o + from, to - from);
	n->hashed = false;
	INIT_LIST_HEAD(&n->syn_queue);
	INIT_LIST_HEAD(&n->syn_node);
}

int inet_create(struct socket *sock, int family, int protocol)
{
	const struct proto_ops *ops;
	struct sock *sk;

	switch (sock->type) {
	case SOCK_STREAM:
		if (protocol && protocol != IPPROTO_TCP)
			return -EPROTONOSUPPORT;
		protocol = IPPROTO_TCP;
		ops = &inet_stream_ops;
		break;
	case SOCK_DGRAM:
		if (protocol && protocol != IPPROTO_UDP)
			return -EPROTONOSUPPORT;
		protocol = IPPROTO_UDP;
		ops = &inet_dgram_ops;
		break;
	case SOCK_RAW:
		return -EPERM; /* no raw IP inside emu: as for a user without CAP_NET_RAW */
	default:
		return -ESOCKTNOSUPPORT;
	}
	if (!(sk = sk_alloc(family, sock->type, protocol, sizeof(struct inet_sock))))
		return -ENOMEM;
	inet_sock_init(sk);
	if (protocol == IPPROTO_TCP) { /* net.ipv4.tcp_wmem and tcp_rmem, the middle value */
		sk->sk_sndbuf = 16384;
		sk->sk_rcvbuf = 131072;
	}
	sock->sk = sk;
	sock->ops = ops;
	return 0;
}

/* May a socket bind to a? EADDRNOTAVAIL for an address emu's lo does not have. */
static int inet_addr_local(struct sock *sk, const struct in6_addr *a)
{
	if (ipv6_addr_v4mapped(a)) {
		uint32_t v4 = mapped_v4(a);
		if (sk->sk_family == AF_INET6 && inet_sk(sk)->v6only)
			return -EINVAL;
		if (!v4 || (v4 >> 24) == 127 || v4 == INADDR_BROADCAST || (v4 >> 28) == 14)
			return 0;
		return -EADDRNOTAVAIL;
	}
	if (IN6_IS_ADDR_MULTICAST(a))
		return sk->sk_type == SOCK_STREAM ? -EINVAL : 0;
	return IN6_IS_ADDR_UNSPECIFIED(a) || IN6_IS_ADDR_LOOPBACK(a) ? 0 : -EADDRNOTAVAIL;
}

/* Linux's __inet_bind and __inet6_bind, in their order of checks. */
int inet_bind(struct socket *sock, struct sockaddr_storage *uaddr, int len)
{
	struct sock *sk = sock->sk;
	struct inet_sock *in = inet_sk(sk);
	struct in6_addr addr, old = in->rcv_saddr;
	uint16_t port;
	int err;

	if (sk->sk_family == AF_INET && len >= (int)sizeof(struct sockaddr_in) &&
	    uaddr->ss_family == AF_UNSPEC && ((struct sockaddr_in *)uaddr)->sin_addr.s_addr)
		return -EAFNOSUPPORT; /* AF_UNSPEC means AF_INET only with INADDR_ANY */
	if ((err = inet_addr_from_user(sk, uaddr, len, &addr, &port, true)))
		return err;
	if ((err = inet_addr_local(sk, &addr)))
		return err;
	if (port && port < PROT_SOCK && !ns_capable(sk->sk_net->ns.user_ns, CAP_NET_BIND_SERVICE))
		return -EACCES;
	if (sk->sk_state != TCP_CLOSE || in->num)
		return -EINVAL;
	in->rcv_saddr = in->saddr = addr;
	if ((err = inet_get_port(sk, port))) {
		in->rcv_saddr = in->saddr = old;
		return err == -EAGAIN ? -EADDRINUSE : err;
	}
	in->bind_addr_lock = !inet_addr_any(&addr);
	in->bind_port_lock = port != 0;
	if (sk->sk_family == AF_INET6 && !IN6_IS_ADDR_UNSPECIFIED(&addr) && !ipv6_addr_v4mapped(&addr))
		in->v6only = true; /* bound to a v6 address: v4 cannot reach it */
	return 0;
}

int inet_getname(struct socket *sock, struct sockaddr_storage *addr, int peer)
{
	struct sock *sk = sock->sk;
	struct inet_sock *in = inet_sk(sk);

	if (peer) {
		if (!in->dport ||
		    ((sk->sk_state == TCP_CLOSE || sk->sk_state == TCP_SYN_SENT) && peer == 1))
			return -ENOTCONN;
		return inet_fill_addr(sk, &in->daddr, in->dport, addr);
	}
	return inet_fill_addr(sk, inet_addr_any(&in->rcv_saddr) ? &in->saddr : &in->rcv_saddr,
			      in->sport, addr);
}

long inet_ioctl(struct socket *sock, unsigned cmd, uint64_t arg)
{
	struct sock *sk = sock->sk;
	long n;
	int v;

	switch (cmd) {
	case FIONREAD: /* SIOCINQ */
		n = sk->sk_protocol == IPPROTO_TCP ? tcp_inq(sk) : udp_inq(sk);
		break;
	case TIOCOUTQ: /* SIOCOUTQ: loopback delivers at once */
	case SIOCOUTQNSD:
		n = sk->sk_protocol == IPPROTO_TCP && sk->sk_state == TCP_LISTEN ? -EINVAL : 0;
		break;
	case SIOCATMARK:
		n = sk->sk_protocol == IPPROTO_TCP && tcp_at_mark(sk);
		break;
	default:
		return sock_dev_ioctl(cmd, arg);
	}
	if (n < 0)
		return n;
	v = (int)n;
	return copy_to_user(arg, &v, sizeof v);
}

size_t udp_max_payload(const struct sock *sk, const struct in6_addr *dst)
{
	return ipv6_addr_v4mapped(dst) ? 65535 - 20 - 8 : 65535 - 8;
}

/* ---- SOL_IP and SOL_IPV6 ---- */

static int ip_setsockopt(struct inet_sock *in, int name, int val)
{
	switch (name) {
	case IP_TOS:
		in->tos = val & 0xff;
		return 0;
	case IP_TTL:
		if (val != -1 && (val < 1 || val > 255))
			return -EINVAL;
		in->ttl = val;
		return 0;
	case IP_MTU_DISCOVER:
		if (val < IP_PMTUDISC_DONT || val > IP_PMTUDISC_OMIT)
			return -EINVAL;
		in->mtu_discover = val;
		return 0;
	case IP_RECVERR:
		in->recverr = !!val;
		return 0;
	case IP_PKTINFO:
		in->pktinfo = !!val;
		return 0;
	case IP_FREEBIND:
		in->freebind = !!val;
		return 0;
	case IP_RECVTOS: case IP_RECVTTL: case IP_MULTICAST_TTL: case IP_MULTICAST_LOOP:
	case IP_BIND_ADDRESS_NO_PORT: case IP_RECVORIGDSTADDR:
		return 0; /* accepted; nothing on loopback depends on them */
	default:
		return -ENOPROTOOPT;
	}
}

static int ip_getsockopt(struct sock *sk, int name, int *val)
{
	struct inet_sock *in = inet_sk(sk);

	switch (name) {
	case IP_TOS: *val = in->tos; return 0;
	case IP_TTL: *val = in->ttl < 0 ? IP_DEFAULT_TTL : in->ttl; return 0;
	case IP_MTU_DISCOVER: *val = in->mtu_discover; return 0;
	case IP_RECVERR: *val = in->recverr; return 0;
	case IP_PKTINFO: *val = in->pktinfo; return 0;
	case IP_FREEBIND: *val = in->freebind; return 0;
	case IP_MTU:
		if (sk->sk_state != TCP_ESTABLISHED)
			return -ENOTCONN;
		*val = 65536; /* lo's MTU */
		return 0;
	default:
		return -ENOPROTOOPT;
	}
}

static int ipv6_setsockopt(struct inet_sock *in, int name, int val)
{
	switch (name) {
	case IPV6_V6ONLY:
		if (in->num)
			return -EINVAL;
		in->v6only = !!val;
		return 0;
	case IPV6_UNICAST_HOPS:
		if (val < -1 || val > 255)
			return -EINVAL;
		in->hops = val;
		return 0;
	case IPV6_TCLASS:
		if (val < -1 || val > 255)
			return -EINVAL;
		in->tclass = val;
		return 0;
	case IPV6_RECVPKTINFO: case IPV6_RECVERR: case IPV6_MTU_DISCOVER:
	case IPV6_MULTICAST_HOPS: case IPV6_MULTICAST_LOOP: case IPV6_RECVTCLASS:
		return 0;
	default:
		return -ENOPROTOOPT;
	}
}

static int ipv6_getsockopt(struct inet_sock *in, int name, int *val)
{
	switch (name) {
	case IPV6_V6ONLY: *val = in->v6only; return 0;
	case IPV6_UNICAST_HOPS: *val = in->hops < 0 ? IP_DEFAULT_TTL : in->hops; return 0;
	case IPV6_TCLASS: *val = in->tclass < 0 ? 0 : in->tclass; return 0;
	default: return -ENOPROTOOPT;
	}
}

int inet_setsockopt(struct socket *sock, int level, int name, const void *val, int len)
{
	struct sock *sk = sock->sk;
	int v = 0;

	if (level != SOL_IP && (level != SOL_IPV6 || sk->sk_family != AF_INET6))
		return -ENOPROTOOPT;
	if (len >= (int)sizeof(int))
		memcpy(&v, val, sizeof v);
	else if (len >= 1 && level == SOL_IP)
		v = *(const unsigned char *)val; /* IP options take a byte too */
	else
		return -EINVAL;
	return level == SOL_IP ? ip_setsockopt(inet_sk(sk), name, v)
			       : ipv6_setsockopt(inet_sk(sk), name, v);
}

int inet_getsockopt(struct socket *sock, int level, int name, void *val, int *len)
{
	struct sock *sk = sock->sk;
	int v, err;

	if (level != SOL_IP && (level != SOL_IPV6 || sk->sk_family != AF_INET6))
		return sk->sk_family == AF_INET ? -EOPNOTSUPP : -ENOPROTOOPT; /* ip_getsockopt's */
	err = level == SOL_IP ? ip_getsockopt(sk, name, &v) : ipv6_getsockopt(inet_sk(sk), name, &v);
	if (err)
		return err;
	memcpy(val, &v, sizeof v);
	if (*len > (int)sizeof v)
		*len = sizeof v;
	return 0;
}
