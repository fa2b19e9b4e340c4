/* AF_INET and AF_INET6 on loopback (kernel/net/af_inet.c, tcp.c, udp.c). Addresses
 * are kept as IPv6 addresses, IPv4 ones mapped (::ffff:a.b.c.d), so that one table
 * per protocol serves both families, as Linux's dual-stack sockets see it. */
#ifndef EMU_INET_H
#define EMU_INET_H
#include <emu/net.h>
#include <netinet/in.h>
#include <string.h>

/* The ephemeral range Linux starts with (net.ipv4.ip_local_port_range). */
#define EPHEMERAL_LOW 32768
#define EPHEMERAL_HIGH 60999

struct inet_sock {
	struct sock sk;
	struct in6_addr rcv_saddr;  /* bound address; any: :: (v6) or ::ffff:0.0.0.0 (v4) */
	struct in6_addr saddr;      /* the source its packets carry */
	uint16_t num;               /* local port, host order; 0: none yet */
	uint16_t sport;             /* ... as getsockname shows it: Linux leaves it after
				     * a failed connect gave the port back */
	struct in6_addr daddr;      /* connected peer */
	uint16_t dport;
	bool bind_addr_lock;        /* an address was given to bind */
	bool bind_port_lock;        /* a port was given to bind */
	bool v6only;                /* IPV6_V6ONLY */
	bool hashed;                /* in its protocol's table */
	int tos, ttl;               /* IP_TOS, IP_TTL (-1: the default, 64) */
	int tclass, hops;           /* IPV6_TCLASS, IPV6_UNICAST_HOPS */
	int recverr, pktinfo, mtu_discover, freebind;
	/* TCP */
	bool nodelay, cork, quickack;
	int keepidle, keepintvl, keepcnt, maxseg, syncnt, user_timeout, linger2, defer_accept;
	int notsent_lowat, window_clamp, fastopen;
	uint64_t rcv_nxt;           /* bytes queued to it so far (a sequence number) */
	uint64_t copied_seq;        /* ... and read */
	uint64_t urg_seq;           /* where its urgent byte is (kernel/net/tcp_urg.c) */
	int urg_data;               /* TCP_URG_VALID | the byte, TCP_URG_READ, or 0 */
	struct list_head syn_queue; /* a listener's connectors waiting for room */
	struct list_head syn_node;  /* ... a connector's place there */
	struct sock *syn_target;    /* the listener it waits on */
	/* UDP */
	int udp_cork;
	struct host_link *host;     /* --net=host: its host socket (kernel/net/host_inet.c) */
};

static inline struct inet_sock *inet_sk(const struct sock *sk)
{
	return (struct inet_sock *)sk;
}

extern const struct proto_ops inet_stream_ops, inet_dgram_ops;

/* ---- kernel/net/host_inet.c (--net=host) ---- */
/* May sock, about to connect or send outside lo, go to the host's network instead?
 * Only with --net=host, and only a socket not connected, listening or bound by the
 * guest. */
bool host_inet_may_leave(const struct socket *sock);
/* sock's calls go to a new host socket from now on (its ops change): 0 or -errno. */
int host_inet_leave(struct socket *sock);

/* ---- kernel/net/af_inet.c ---- */
static inline bool ipv6_addr_v4mapped(const struct in6_addr *a)
{
	return a->s6_addr32[0] == 0 && a->s6_addr32[1] == 0 && a->s6_addr32[2] == htonl(0xffff);
}

static inline bool ipv6_addr_equal(const struct in6_addr *a, const struct in6_addr *b)
{
	return !memcmp(a, b, sizeof *a);
}

/* A destination of a send or connect from sk, checked as Linux's routing would:
 * 0.0.0.0 and :: mean the loopback address; anything outside 127.0.0.0/8 and ::1
 * is -ENETUNREACH, a v4 address from an IPV6_V6ONLY socket too. */
int inet_route(struct sock *sk, struct in6_addr *dst);
/* The address and port a sockaddr names, for sk's family: 0, -EINVAL (short),
 * -EAFNOSUPPORT; AF_UNSPEC is accepted when unspec_ok. */
int inet_addr_from_user(struct sock *sk, const struct sockaddr_storage *a, int len,
			struct in6_addr *addr, uint16_t *port, bool unspec_ok);
/* A sockaddr for addr and port in sk's family (v4-mapped for AF_INET6): its length. */
int inet_fill_addr(const struct sock *sk, const struct in6_addr *addr, uint16_t port,
		   struct sockaddr_storage *out);
/* Gives sk a port: the one asked for (0: the next free ephemeral one); 0 or
 * -EADDRINUSE, -EAGAIN when the range is used up. */
int inet_get_port(struct sock *sk, uint16_t port);
/* Takes the source address for a connection to dst, if sk has none bound. */
void inet_set_source(struct sock *sk, const struct in6_addr *dst);
void inet_unhash(struct sock *sk);
/* The socket of protocol proto that receives what goes to dst:port (a TCP listener
 * when listening, else any bound UDP socket), best match first; NULL if none. For
 * UDP, src:sport must match what a connected socket is connected to. Only net's
 * sockets count. */
struct net;
struct sock *inet_lookup(const struct net *net, int proto, const struct in6_addr *dst,
			 uint16_t port, const struct in6_addr *src, uint16_t sport, bool listening);
void inet_sock_init(struct sock *sk);
void inet_copy_sock(struct sock *newsk, const struct sock *sk); /* a connection's copy */
int inet_bind(struct socket *sock, struct sockaddr_storage *addr, int len);
int inet_getname(struct socket *sock, struct sockaddr_storage *addr, int peer);
long inet_ioctl(struct socket *sock, unsigned cmd, uint64_t arg);
/* SOL_IP and SOL_IPV6 options, shared by TCP and UDP. */
int inet_setsockopt(struct socket *sock, int level, int name, const void *val, int len);
int inet_getsockopt(struct socket *sock, int level, int name, void *val, int *len);
/* The largest datagram a UDP socket of sk's family can send. */
size_t udp_max_payload(const struct sock *sk, const struct in6_addr *dst);

/* ---- kernel/net/tcp.c, kernel/net/udp.c ---- */
void tcp_release(struct socket *sock);
void udp_release(struct socket *sock);
long tcp_inq(struct sock *sk);
/* ---- kernel/net/tcp_urg.c: urgent data (MSG_OOB) ---- */
#define TCP_URG_VALID 0x0100
#define TCP_URG_READ 0x0400
/* The byte just queued last on peer, at rcv_nxt - 1, is urgent. */
void tcp_mark_urg(struct sock *peer, unsigned char byte);
bool tcp_at_mark(const struct sock *sk); /* SIOCATMARK: the next byte read is urgent */
size_t tcp_readable(const struct sock *sk); /* queued bytes a read can return now */
/* recv(MSG_OOB): the urgent byte, or EINVAL, EAGAIN (never waits), 0 after EOF. */
long tcp_recv_urg(struct sock *sk, struct kmsghdr *msg, size_t len, int flags);
long udp_inq(struct sock *sk);

#endif
