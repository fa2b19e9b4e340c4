/* AF_UNIX inside emu (kernel/net/af_unix.c, unix_stream.c, unix_dgram.c). */
#ifndef EMU_AF_UNIX_H
#define EMU_AF_UNIX_H
#include <emu/net.h>
#include <sys/types.h>
#include <sys/un.h>

struct unix_sock {
	struct sock sk;
	struct sockaddr_un addr; /* its name (getsockname); addrlen 0: unbound */
	int addrlen;
	bool fs_bound;           /* a filesystem name: the placeholder's inode is the key */
	dev_t dev;
	ino_t ino;
	bool hashed;             /* in the name table (until release or unlink) */
	struct list_head all;    /* every unix sock, for the garbage collector */
	int gc_inflight;         /* unix_gc: references to its file in flight, */
	bool gc_candidate;       /* ... all of them, and no live socket reaches it */
};

static inline struct unix_sock *unix_sk(const struct sock *sk)
{
	return (struct unix_sock *)sk;
}

extern const struct proto_ops unix_stream_ops, unix_dgram_ops, unix_seqpacket_ops;

/* The socket a name leads to (Linux's unix_find_other), held: a path's placeholder
 * or an abstract name of that type; NULL with -errno in *err. */
struct sock *unix_find_other(struct sockaddr_storage *addr, int len, int type, int *err);
int unix_validate_addr(const struct sockaddr_storage *addr, int len);
int unix_autobind(struct sock *sk);
/* SO_PASSCRED on either end: its socket gets a name before it sends. */
bool unix_may_passcred(const struct sock *sk);
void unix_copy_addr(struct kmsghdr *msg, const struct sock *sk); /* the sender's name */
/* Both ends of a datagram pair lose what was queued between them. */
void unix_dgram_disconnected(struct sock *sk, struct sock *other);
/* Shared by every unix type. */
int unix_getname(struct socket *sock, struct sockaddr_storage *addr, int peer);
int unix_shutdown(struct socket *sock, int how);
void unix_release(struct socket *sock);
int unix_bind(struct socket *sock, struct sockaddr_storage *addr, int len);
int unix_socketpair(struct socket *a, struct socket *b);
long unix_ioctl(struct socket *sock, unsigned cmd, uint64_t arg);
long unix_stream_connect(struct socket *sock, struct sockaddr_storage *addr, int len, int flags);
long unix_accept(struct socket *sock, struct socket *newsock, int flags);
int unix_listen(struct socket *sock, int backlog);
long unix_dgram_connect(struct socket *sock, struct sockaddr_storage *addr, int len, int flags);
/* A connection's credentials: the caller's pid and effective ids. */
void init_peercred(struct sock *sk);
/* Is sk writable, as Linux's unix_writable: its skbs take at most a quarter of its
 * send buffer. */
bool unix_writable(const struct sock *sk);

/* In-flight files and their garbage (kernel/net/unix_gc.c). Unix queues go through
 * these so that the collector knows when files are in flight. */
void unix_gc_track(struct sock *sk);
void unix_gc_untrack(struct sock *sk);
void unix_queue_skb(struct sock *sk, struct sk_buff *skb);
void unix_unlink_skb(struct sock *sk, struct sk_buff *skb);
/* The files of an skb still on a queue (a stream read part of), taken. */
struct scm_fp_list *unix_detach_fds(struct sk_buff *skb);
void unix_purge_queue(struct sock *sk);
/* Frees the sockets only a cycle of in-flight descriptors keeps (Linux's unix_gc). */
void unix_gc(void);

#endif
