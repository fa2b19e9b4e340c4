/* Sockets (kernel/net/): Linux's struct socket, the file's side, and struct sock, the
 * protocol's side, for AF_UNIX, AF_INET and AF_INET6 on loopback, and AF_NETLINK
 * (NETLINK_ROUTE). Everything lives in emu's kernel: a sent byte goes from the
 * sender's memory into an sk_buff on the receiver's queue, so the same program gives
 * the same bytes, order and ports on every run (docs/sockets.md). */
#ifndef EMU_NET_H
#define EMU_NET_H
#include <emu/fs.h>
#include <emu/list.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

struct sock;
struct socket;

/* sk_shutdown bits, as Linux's */
#define RCV_SHUTDOWN 1
#define SEND_SHUTDOWN 2
#define SHUTDOWN_MASK 3

/* Linux's defaults (net.core.*mem_default and *_max, net.unix.max_dgram_qlen,
 * net.core.somaxconn) and the smallest buffers setsockopt leaves (x86-64). */
#define SYSCTL_WMEM_DEFAULT 212992
#define SYSCTL_RMEM_DEFAULT 212992
#define SYSCTL_WMEM_MAX 212992
#define SYSCTL_RMEM_MAX 212992
#define SOCK_MIN_SNDBUF 4608
#define SOCK_MIN_RCVBUF 2304
#define SOMAXCONN_DEFAULT 4096
#define UNIX_MAX_DGRAM_QLEN 10
#define SCM_MAX_FD 253
/* What an sk_buff costs its owner's buffer beyond its data, about Linux's truesize. */
#define SKB_OVERHEAD 576
/* Socket timeouts are kept in jiffies of Debian's kernel (HZ=250); forever is
 * MAX_SCHEDULE_TIMEOUT. */
#define SOCK_HZ 250
#define NS_PER_JIFFY (1000000000ULL / SOCK_HZ)
#define MAX_SCHEDULE_TIMEOUT __LONG_MAX__

/* socket->state (Linux's socket_state) */
enum socket_state { SS_FREE, SS_UNCONNECTED, SS_CONNECTING, SS_CONNECTED, SS_DISCONNECTING };

/* The guest's buffers of one call (Linux's iov_iter, without its position: the
 * copies name an offset). */
struct iov_iter {
	const struct guest_iov *segs;
	int nsegs;
	size_t count;
	bool kernel; /* the bases are emu's own pointers (sendfile's buffer) */
};

/* Copies n bytes between the segments, starting off bytes into them, and buf.
 * 0 or -EFAULT. */
int iov_copy_from(void *buf, const struct iov_iter *it, size_t off, size_t n);
int iov_copy_to(const struct iov_iter *it, size_t off, const void *buf, size_t n);

/* Files passed with SCM_RIGHTS: references held while in flight. */
struct scm_fp_list {
	int count;
	struct file *fp[SCM_MAX_FD];
};

/* What goes with a message besides its bytes (Linux's struct scm_cookie). */
struct scm_cookie {
	struct scm_fp_list *fp;
	struct ucred creds;     /* the sender's, or what it asked for with SCM_CREDENTIALS */
};

/* A message (Linux's kernel struct msghdr; libc owns that name here). */
struct kmsghdr {
	struct sockaddr_storage *msg_name; /* in: the destination; out: the sender */
	int msg_namelen;
	struct iov_iter msg_iter;
	struct scm_cookie *scm;            /* send: parsed cmsgs; recv: what came with it */
	unsigned msg_flags;                /* recv: MSG_TRUNC, MSG_CTRUNC, ... */
};

/* One message or piece of a stream on a receive queue. */
struct sk_buff {
	struct list_head list;
	struct sock *sk;        /* the sender, charged truesize until the skb is freed */
	size_t truesize;
	size_t len, off;        /* data[off, len) is still to be read */
	struct scm_cookie scm;  /* its files and credentials */
	struct sockaddr_storage addr; /* the sender's address (datagrams) */
	int addrlen;
	unsigned char data[];
};

/* The operations of one family and type (Linux's struct proto_ops). Each returns 0,
 * a count, -errno, or EMU_RESTART after putting the task to sleep. */
struct proto_ops {
	int family;
	void (*release)(struct socket *sock);
	int (*bind)(struct socket *sock, struct sockaddr_storage *addr, int len);
	long (*connect)(struct socket *sock, struct sockaddr_storage *addr, int len, int flags);
	int (*socketpair)(struct socket *a, struct socket *b);
	/* Takes a connection off the queue and grafts it onto newsock. */
	long (*accept)(struct socket *sock, struct socket *newsock, int flags);
	int (*getname)(struct socket *sock, struct sockaddr_storage *addr, int peer); /* len */
	short (*poll)(struct socket *sock, short events);
	long (*ioctl)(struct socket *sock, unsigned cmd, uint64_t arg);
	int (*listen)(struct socket *sock, int backlog);
	int (*shutdown)(struct socket *sock, int how);
	int (*setsockopt)(struct socket *sock, int level, int name, const void *val, int len);
	int (*getsockopt)(struct socket *sock, int level, int name, void *val, int *len);
	long (*sendmsg)(struct socket *sock, struct kmsghdr *msg, size_t len);
	long (*recvmsg)(struct socket *sock, struct kmsghdr *msg, size_t len, int flags);
};

struct socket {
	enum socket_state state;
	int type;
	struct file *file;
	struct sock *sk;
	const struct proto_ops *ops;
};

/* sk_flags bits */
enum sock_flags {
	SOCK_DEAD,       /* its socket is gone */
	SOCK_DONE,       /* the peer closed its side (TCP's FIN received) */
	SOCK_PASSCRED,   /* SO_PASSCRED */
	SOCK_REUSEADDR,
	SOCK_REUSEPORT,
	SOCK_KEEPALIVE,
	SOCK_BROADCAST,
	SOCK_DONTROUTE,
	SOCK_OOBINLINE,
	SOCK_LINGER,
	SOCK_ZAPPED,     /* a TCP connection ended by a reset */
};

struct sock {
	int refcnt;
	int sk_family, sk_type, sk_protocol;
	int sk_state;              /* TCP_CLOSE, TCP_LISTEN, TCP_ESTABLISHED, TCP_SYN_SENT */
	unsigned char sk_shutdown; /* RCV_SHUTDOWN | SEND_SHUTDOWN */
	int sk_err;                /* pending error, reported once (SO_ERROR) */
	unsigned long sk_flags;    /* 1 << enum sock_flags */
	int sk_sndbuf, sk_rcvbuf, sk_rcvlowat, sk_priority, sk_mark;
	int sk_linger;             /* seconds, with SOCK_LINGER */
	size_t sk_wmem_alloc;      /* truesize of its skbs not yet read */
	size_t sk_rmem_alloc;      /* truesize of the skbs on its receive queue */
	long sk_rcvtimeo, sk_sndtimeo; /* SO_RCVTIMEO, SO_SNDTIMEO in jiffies, as Linux
					* keeps them (so a read-back is rounded the same) */
	int sk_max_ack_backlog, sk_ack_backlog;
	struct list_head sk_receive_queue; /* sk_buffs */
	struct list_head accept_queue;     /* a listener's connections, oldest first */
	struct list_head accept_node;      /* ... a connection's place there */
	struct sock *parent;               /* a connection not yet accepted: its listener */
	struct sock *peer;                 /* held: the other end (stream), default peer (dgram) */
	bool has_peer_cred;
	struct ucred sk_peer_cred;         /* SO_PEERCRED: the peer's, at connect or listen */
	struct socket *sk_socket;          /* NULL until accepted, and once released */
	struct list_head node;             /* its family's table of sockets */
	void (*sk_destruct)(struct sock *sk); /* the family's part of freeing */
	struct net *sk_net;                /* held: the namespace it was made in */
};

static inline bool sock_flag(const struct sock *sk, enum sock_flags f)
{
	return sk->sk_flags & (1UL << f);
}

static inline void sock_set_flag(struct sock *sk, enum sock_flags f, bool on)
{
	if (on)
		sk->sk_flags |= 1UL << f;
	else
		sk->sk_flags &= ~(1UL << f);
}

/* ---- kernel/net/sock.c ---- */
/* A new sock of size bytes (a family's struct that begins with struct sock), one
 * reference, Linux's default buffers; NULL if out of memory. */
struct sock *sk_alloc(int family, int type, int protocol, size_t size);
void sock_hold(struct sock *sk);
void sock_put(struct sock *sk);  /* the last reference frees it */
/* The socket is going: no file refers to sk any more (Linux's sock_orphan). */
void sock_orphan(struct sock *sk);
/* Copies what a connection inherits from its listener (options, buffers). */
void sock_copy_options(struct sock *newsk, const struct sock *sk);
/* sk changed (data, room, state): tasks asleep on it, pollers and epoll sets look
 * again; key is what changed for epoll (POLLIN, POLLOUT; 0: anything). */
void sk_wake(struct sock *sk, unsigned key);
/* For the deadlock report: "a TCP socket listening, 0 connections queued", ... */
const char *sock_describe(const void *sk);
/* Takes sk's pending error (SO_ERROR): -errno or 0. */
int sock_error(struct sock *sk);
/* The end of a call that cannot go on yet (Linux's sk_wait_event; wait_event with
 * WAIT_SOCKET): timed_out once the deadline passed, interrupted with a signal
 * pending, else current sleeps on obj (a sock) until an sk_wake of it or the
 * deadline, and EMU_RESTART runs the call again. */
long sk_wait(const struct sock *obj, uint64_t deadline, long timed_out, long interrupted);
/* A call's deadline for timeout timeo in jiffies (MAX_SCHEDULE_TIMEOUT: none, 0),
 * fixed at its first run and kept across its reruns; 1 if it must not wait. */
uint64_t sk_deadline(long timeo);
/* The timeout a call waits with: SO_RCVTIMEO or SO_SNDTIMEO, 0 if nonblocking
 * (Linux's sock_rcvtimeo, sock_sndtimeo). */
long sock_rcvtimeo(const struct sock *sk, bool nonblock);
long sock_sndtimeo(const struct sock *sk, bool nonblock);
/* How a call waiting with timeout timeo ends at a signal (Linux's sock_intr_errno):
 * restarted if it had none, EINTR if it had. */
long sock_intr_errno(long timeo);
/* May a writer add an skb (Linux's sock_alloc_send_pskb)? 0 when its skbs take less
 * than its send buffer; else its pending error, EPIPE after shutdown, EAGAIN if it
 * must not wait, or a wait that keeps sent (the bytes this call moved). */
long sock_wait_for_wmem(struct sock *sk, long timeo, size_t sent);
/* What a blocked call had done before it slept, kept across its reruns. */
size_t sk_progress(void);
void sk_set_progress(size_t done);
/* A send or receive that moved done bytes waits for more, done kept for the call's
 * restart: what sk_wait returns, done instead of -EAGAIN or an interruption once
 * some bytes moved. */
long sk_wait_progress(const struct sock *sk, long timeo, size_t done);
/* How much a stream read of len waits for (Linux's sock_rcvlowat): all of it with
 * MSG_WAITALL, else SO_RCVLOWAT's bytes, and at least one. */
size_t sock_rcvlowat(const struct sock *sk, bool waitall, size_t len);
/* What every family's poll says first: POLLERR for a pending error, POLLIN and
 * POLLRDHUP once reading is shut down, POLLHUP once both directions are. */
short sock_poll_err_hup(const struct sock *sk);
/* SO_* options at SOL_SOCKET, common to every family: 0 or -errno; -ENOPROTOOPT for
 * one the family must answer. */
int sock_setsockopt(struct socket *sock, int name, const void *val, int len);
int sock_getsockopt(struct socket *sock, int name, void *val, int *len);

/* ---- sk_buffs (kernel/net/skbuff.c) ---- */
/* An skb of len bytes copied from msg at offset off, charged to sk: the skb, or NULL
 * with *err set (-ENOMEM, -EFAULT). */
struct sk_buff *skb_from_iter(struct sock *sk, const struct iov_iter *it, size_t off,
			      size_t len, int *err);
/* An skb holding a copy of data that no socket is charged for (the kernel's own
 * messages); NULL if out of memory. */
struct sk_buff *alloc_skb(const void *data, size_t len);
void skb_queue_tail(struct sock *sk, struct sk_buff *skb); /* onto sk's receive queue */
void skb_unlink(struct sock *sk, struct sk_buff *skb);
void kfree_skb(struct sk_buff *skb); /* drops its files, uncharges its sender */
void skb_queue_purge(struct sock *sk);
struct sk_buff *skb_peek(const struct sock *sk);
size_t skb_queue_len(const struct sock *sk);
size_t skb_queue_bytes(const struct sock *sk); /* unread bytes on the queue */
/* A datagram's bytes into msg, at most size of them (MSG_TRUNC in msg_flags when it
 * was longer): what recvmsg returns, the whole length with flags' MSG_TRUNC, or
 * -EFAULT. */
long skb_copy_datagram_msg(const struct sk_buff *skb, struct kmsghdr *msg, size_t size, int flags);

/* ---- SCM_RIGHTS and SCM_CREDENTIALS (kernel/net/scm.c) ---- */
/* Parses the cmsgs of a sendmsg for an AF_UNIX socket into scm: 0 or -errno. The
 * sender's own credentials are the default. */
int scm_send(struct socket *sock, uint64_t control, size_t controllen, struct scm_cookie *scm,
	     bool unix_family);
/* The cmsgs of a received message into the guest's control buffer: files installed
 * in the caller's table, credentials if it asked (SO_PASSCRED). Sets msg_flags
 * (MSG_CTRUNC) and *controllen; 0 or -EFAULT. */
int scm_recv(struct socket *sock, struct scm_cookie *scm, uint64_t control, size_t *controllen,
	     unsigned *msg_flags, int flags);
void scm_destroy(struct scm_cookie *scm); /* drops the files it holds */
struct scm_fp_list *scm_fp_dup(const struct scm_fp_list *fpl);
void scm_current_creds(struct ucred *creds); /* the caller's pid, uid and gid */

/* ---- sockets as files (kernel/net/socket.c) ---- */
/* Is a socket's file O_NONBLOCK? f->flags has it (fcntl's F_SETFL and FIONBIO keep
 * it there besides the host stand-in), so the hot path asks no host fcntl. */
static inline bool sock_file_nonblocking(const struct file *f)
{
	return f->flags & O_NONBLOCK;
}
struct socket *sock_from_file(const struct file *f);
/* The socket behind a descriptor: -EBADF or -ENOTSOCK in *err when there is none. */
struct socket *sockfd_lookup(int fd, int *err);
/* sendfile to a socket: count bytes of in from *pos (NULL: its file offset, which
 * advances) through the socket's sendmsg. Bytes sent, -errno or EMU_RESTART. */
long sock_sendfile(struct file *out, struct file *in, off_t *pos, size_t count);
/* A sockaddr from the guest (Linux's move_addr_to_kernel): 0, -EINVAL or -EFAULT. */
int move_addr_to_kernel(uint64_t uaddr, int ulen, struct sockaddr_storage *kaddr);
/* An address to the guest (Linux's move_addr_to_user): as much as its buffer holds,
 * and the full length in *ulen. 0, -EINVAL or -EFAULT. */
int move_addr_to_user(const struct sockaddr_storage *kaddr, int klen, uint64_t uaddr,
		      uint64_t ulen);

/* The interface ioctls every socket answers (SIOCGIFINDEX, SIOCGIFNAME, SIOCGIFFLAGS,
 * SIOCGIFCONF ... for lo; kernel/net/dev_ioctl.c); -ENOTTY for others. */
long sock_dev_ioctl(unsigned cmd, uint64_t arg);

/* ---- families ---- */
int unix_create(struct socket *sock, int protocol);
int inet_create(struct socket *sock, int family, int protocol);
int netlink_create(struct socket *sock, int protocol);
/* --net=host (kernel/net/host_inet.c): sockets whose peer is outside lo use host
 * sockets. The scheduler, when no task can run, polls the host sockets a task waits
 * for: net_host_poll_fill puts up to max of them in fds (and their socks in socks),
 * net_host_poll_ready wakes a sock whose host socket has revents; net_host_waiting
 * says whether any task waits for one. */
struct pollfd;
extern bool net_host;
int net_host_poll_fill(struct pollfd *fds, struct sock **socks, int max);
void net_host_poll_ready(struct sock *sk, short revents);
bool net_host_waiting(void);
/* A socket file was unlinked (kernel/fs/namei.c): the AF_UNIX socket bound to that
 * inode, if any, can no longer be found by its path (kernel/net/af_unix.c). */
void unix_unlink_name(dev_t dev, ino_t ino);

#endif
