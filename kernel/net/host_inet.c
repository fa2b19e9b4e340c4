/* --net=host: AF_INET and AF_INET6 sockets whose peer is outside emu's lo go through
 * a socket of the host's. The guest's socket keeps its file and struct sock; at its
 * first connect (or datagram) to a non-loopback address its proto_ops become these,
 * which forward each call to a non-blocking host socket. A call that would block
 * sleeps on the sock (sk_wait) after noting what it waits for (POLLIN, POLLOUT);
 * when no task can run, the scheduler polls those host sockets with its other host
 * descriptors (net_host_poll_fill) and wakes the sock (sk_wake), so tasks, poll and
 * epoll see it as they see emu's own sockets. None of this is deterministic
 * (docs/sockets.md), so every answer of the host's is input: --record writes it
 * down and --replay gives it back without a host socket (answer, record_net); the
 * trace says when a socket leaves for the host. */
#include <emu/inet.h>
#include <emu/net_namespace.h>
#include <emu/mm.h>
#include <emu/record.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/task.h>
#include <emu/trace.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define HOST_IO_MAX (256 << 10) /* bytes one host send or receive moves */

bool net_host;

/* The host side of a guest socket. */
struct host_link {
	struct sock *sk;
	int fd;                          /* non-blocking, close-on-exec */
	short wants;                     /* POLLIN, POLLOUT: what a sleeper waits for */
	bool connecting;                 /* a blocking connect is waiting */
	const struct proto_ops *own_ops; /* emu's ops: release goes back through them */
	struct list_head node;
};

static LIST_HEAD(host_links);

static struct host_link *host_of(const struct socket *sock)
{
	return inet_sk(sock->sk)->host;
}

/* The call cannot go on until the host socket has events: sleep on the sock. What
 * it returns if it must not wait, times out or is interrupted: done (bytes moved),
 * else err (a signal: EINTR or a restart, as sock_intr_errno says). */
static long host_wait(struct host_link *h, short events, long timeo, long done, long err)
{
	if (!timeo)
		return done ? done : err;
	if (done)
		sk_set_progress((size_t)done);
	h->wants |= events;
	return sk_wait(h->sk, sk_deadline(timeo), done ? done : err,
		       done ? done : sock_intr_errno(timeo));
}

static long host_errno(void)
{
	return errno == EWOULDBLOCK ? -EAGAIN : -errno;
}

/* Replaying: the host is not asked (there is no host socket); each answer it gave
 * comes from the recording through answer() or record_net. */
static bool offline(void)
{
	return record_net_replaying();
}

/* The host's answer r (a result or -errno) with no bytes: recorded, or replayed. */
static long answer(long r)
{
	size_t none = 0;

	return record_net(r, NULL, &none, 0);
}

/* ---- the operations ---- */

static void host_release(struct socket *sock)
{
	struct host_link *h = host_of(sock);

	list_del(&h->node);
	if (h->fd >= 0)
		close(h->fd);
	inet_sk(sock->sk)->host = NULL;
	sock->ops = h->own_ops;
	free(h);
	sock->ops->release(sock);
}

static long host_connect(struct socket *sock, struct sockaddr_storage *addr, int len, int flags)
{
	struct host_link *h = host_of(sock);
	long r = answer(offline() ? 0 : connect(h->fd, (struct sockaddr *)addr, len) ? -errno : 0);

	if (r == -EISCONN && h->connecting)
		r = 0; /* the blocking connect that waited is done */
	h->connecting = false;
	if (!r)
		sock->state = SS_CONNECTED;
	if ((r == -EINPROGRESS || r == -EALREADY) && !(flags & O_NONBLOCK)) {
		h->connecting = true;
		return host_wait(h, POLLOUT, sock_sndtimeo(sock->sk, false), 0, -EINPROGRESS);
	}
	return r;
}

static int host_getname(struct socket *sock, struct sockaddr_storage *addr, int peer)
{
	socklen_t len = sizeof *addr;
	long r = 0;
	size_t n;

	if (!offline() && (peer ? getpeername(host_of(sock)->fd, (struct sockaddr *)addr, &len)
				: getsockname(host_of(sock)->fd, (struct sockaddr *)addr, &len)))
		r = -errno;
	n = r ? 0 : len;
	r = record_net(r, addr, &n, sizeof *addr);
	return r ? (int)r : (int)n;
}

static short host_poll(struct socket *sock, short events)
{
	struct host_link *h = host_of(sock);
	struct pollfd p = { h->fd, events, 0 };
	long r = answer(offline() ? 0 : poll(&p, 1, 0) < 0 ? -errno : p.revents);
	short revents = r < 0 ? POLLERR : (short)r;

	h->wants |= events & (POLLIN | POLLOUT | POLLPRI) & ~revents;
	return revents;
}

static long host_ioctl(struct socket *sock, unsigned cmd, uint64_t arg)
{
	int v = 0;
	long r;
	size_t n = sizeof v;

	if (cmd != FIONREAD && cmd != TIOCOUTQ)
		return sock_dev_ioctl(cmd, arg);
	if (!offline() && ioctl(host_of(sock)->fd, cmd, &v))
		r = -errno, n = 0;
	else
		r = 0;
	if ((r = record_net(r, &v, &n, sizeof v)))
		return r;
	return copy_to_user(arg, &v, sizeof v) ? -EFAULT : 0;
}

static int host_shutdown(struct socket *sock, int how)
{
	int r = (int)answer(offline() ? 0 : shutdown(host_of(sock)->fd, how) ? -errno : 0);

	sk_wake(sock->sk, 0);
	return r;
}

/* Timeouts are emu's (its waits use them); everything else is the host socket's. */
static bool emu_keeps(int level, int name)
{
	return level == SOL_SOCKET && (name == SO_RCVTIMEO_OLD || name == SO_SNDTIMEO_OLD ||
				       name == SO_RCVTIMEO_NEW || name == SO_SNDTIMEO_NEW);
}

static int host_setsockopt(struct socket *sock, int level, int name, const void *val, int len)
{
	int fd = host_of(sock)->fd;

	if (emu_keeps(level, name))
		return sock_setsockopt(sock, name, val, len);
	return (int)answer(offline() ? 0 : setsockopt(fd, level, name, val, len) ? -errno : 0);
}

static int host_getsockopt(struct socket *sock, int level, int name, void *val, int *len)
{
	socklen_t l = *len;
	long r = 0;
	size_t n;

	if (emu_keeps(level, name))
		return sock_getsockopt(sock, name, val, len);
	if (!offline() && getsockopt(host_of(sock)->fd, level, name, val, &l))
		r = -errno;
	n = r ? 0 : l;
	if ((r = record_net(r, val, &n, (size_t)*len))) /* SO_ERROR of a connect among them */
		return (int)r;
	*len = (int)n;
	return 0;
}

/* One send of the host's: how much it took, or -errno. */
static long host_send(int fd, const void *buf, size_t n, int flags, const struct kmsghdr *msg)
{
	ssize_t r = msg->msg_name ? sendto(fd, buf, n, flags, (struct sockaddr *)msg->msg_name,
					   msg->msg_namelen)
				  : send(fd, buf, n, flags);

	return r < 0 ? host_errno() : r;
}

/* The host's send of len bytes from the guest's buffers, piece by piece; a blocking
 * one goes on (restart_block.progress) until all are sent. */
static long host_sendmsg(struct socket *sock, struct kmsghdr *msg, size_t len)
{
	struct host_link *h = host_of(sock);
	int flags = msg->msg_flags;
	long timeo = sock_sndtimeo(sock->sk, flags & MSG_DONTWAIT);
	size_t sent = sk_progress();
	int hflags = (flags & ~(MSG_DONTWAIT | MSG_NOSIGNAL)) | MSG_DONTWAIT | MSG_NOSIGNAL;
	char *buf = malloc(len - sent < HOST_IO_MAX ? len - sent + 1 : HOST_IO_MAX);

	if (!buf)
		return -ENOMEM;
	do {
		size_t n = len - sent < HOST_IO_MAX ? len - sent : HOST_IO_MAX;
		if (iov_copy_from(buf, &msg->msg_iter, sent, n)) {
			free(buf);
			return sent ? (long)sent : -EFAULT;
		}
		long r = answer(offline() ? (long)n : host_send(h->fd, buf, n, hflags, msg));
		if (r < 0) {
			long err = r;
			free(buf);
			if (err == -EAGAIN)
				return host_wait(h, POLLOUT, timeo, (long)sent, -EAGAIN);
			if (sent)
				return sent;
			if (err == -EPIPE && !(flags & MSG_NOSIGNAL))
				send_sig(SIGPIPE, current, false);
			return err;
		}
		sent += r;
	} while (sent < len && sock->type == SOCK_STREAM);
	free(buf);
	return sent;
}

static long host_recvmsg(struct socket *sock, struct kmsghdr *msg, size_t size, int flags)
{
	struct host_link *h = host_of(sock);
	long timeo = sock_rcvtimeo(sock->sk, flags & MSG_DONTWAIT);
	size_t n = size < HOST_IO_MAX ? size : HOST_IO_MAX;
	int hflags = (flags & ~(MSG_DONTWAIT | MSG_WAITALL | MSG_CMSG_CLOEXEC)) | MSG_DONTWAIT;
	char *buf = malloc(n + 1);
	struct iovec iov = { buf, n };
	struct msghdr hm = { .msg_name = msg->msg_name, .msg_iov = &iov, .msg_iovlen = 1 };
	size_t got, namelen;
	long r;

	if (!buf)
		return -ENOMEM;
	hm.msg_namelen = msg->msg_name ? sizeof(struct sockaddr_storage) : 0;
	r = offline() ? 0 : recvmsg(h->fd, &hm, hflags);
	r = r < 0 ? host_errno() : r;
	got = r > 0 ? ((size_t)r < n ? (size_t)r : n) : 0;
	r = record_net(r, buf, &got, n);
	if (r < 0) {
		free(buf);
		return r == -EAGAIN ? host_wait(h, POLLIN, timeo, 0, -EAGAIN) : r;
	}
	/* where it came from, and whether it was cut: a second answer */
	namelen = hm.msg_namelen;
	long mflags = record_net(hm.msg_flags, msg->msg_name, &namelen, hm.msg_namelen);
	if (mflags < 0) {
		free(buf);
		return mflags;
	}
	if (msg->msg_name)
		msg->msg_namelen = (int)namelen;
	msg->msg_flags |= mflags & (MSG_TRUNC | MSG_EOR);
	long ret = iov_copy_to(&msg->msg_iter, 0, buf, got) ? -EFAULT : r;
	free(buf);
	return ret;
}

static long host_no_accept(struct socket *sock, struct socket *newsock, int flags)
{
	(void)sock, (void)newsock, (void)flags;
	return -EINVAL;
}

static int host_no_bind(struct socket *sock, struct sockaddr_storage *addr, int len)
{
	(void)sock, (void)addr, (void)len;
	return -EINVAL; /* Linux: a connected socket is bound already */
}

static int host_no_listen(struct socket *sock, int backlog)
{
	(void)sock, (void)backlog;
	return -EINVAL;
}

static int host_no_socketpair(struct socket *a, struct socket *b)
{
	(void)a, (void)b;
	return -EOPNOTSUPP;
}

static const struct proto_ops host_inet_ops = {
	.release = host_release,
	.bind = host_no_bind,
	.connect = host_connect,
	.socketpair = host_no_socketpair,
	.accept = host_no_accept,
	.getname = host_getname,
	.poll = host_poll,
	.ioctl = host_ioctl,
	.listen = host_no_listen,
	.shutdown = host_shutdown,
	.setsockopt = host_setsockopt,
	.getsockopt = host_getsockopt,
	.sendmsg = host_sendmsg,
	.recvmsg = host_recvmsg,
};

/* ---- leaving for the host ---- */

/* The options set so far that the host socket needs too. */
static void host_copy_options(int fd, const struct sock *sk)
{
	int one = 1;
	const struct inet_sock *in = inet_sk(sk);

	if (sk->sk_type == SOCK_STREAM && in->nodelay)
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (sock_flag(sk, SOCK_KEEPALIVE))
		setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
	if (sk->sk_family == AF_INET6 && in->v6only)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
}

bool host_inet_may_leave(const struct socket *sock)
{
	return net_host && sock->sk->sk_net == &init_net && sock->state == SS_UNCONNECTED && !inet_sk(sock->sk)->bind_addr_lock &&
	       !inet_sk(sock->sk)->bind_port_lock && sock->sk->sk_state != TCP_LISTEN;
}

int host_inet_leave(struct socket *sock)
{
	struct sock *sk = sock->sk;
	struct host_link *h = calloc(1, sizeof *h);
	int type = sk->sk_type | SOCK_NONBLOCK | SOCK_CLOEXEC;

	if (!h)
		return -ENOMEM;
	h->fd = offline() ? -1 : socket(sk->sk_family, type, sk->sk_protocol);
	long err = answer(offline() || h->fd >= 0 ? 0 : -errno);
	if (err) {
		if (h->fd >= 0)
			close(h->fd);
		free(h);
		return (int)err;
	}
	if (h->fd >= 0)
		host_copy_options(h->fd, sk);
	inet_unhash(sk); /* the port emu gave it (UDP's connect takes one first) */
	h->sk = sk;
	h->own_ops = sock->ops;
	inet_sk(sk)->host = h;
	list_add_tail(&h->node, &host_links);
	sock->ops = &host_inet_ops;
	trace_kernel(TRACE_SYSCALL, "a %s socket goes to the host's network (--net=host)",
		     sk->sk_type == SOCK_STREAM ? "TCP" : "UDP");
	return 0;
}

/* ---- the scheduler's idle poll ---- */

int net_host_poll_fill(struct pollfd *fds, struct sock **socks, int max)
{
	int n = 0;
	struct host_link *h;

	list_for_each_entry(h, &host_links, node) {
		if (n == max)
			break;
		if (!h->wants)
			continue;
		fds[n] = (struct pollfd){ h->fd, h->wants, 0 };
		socks[n++] = h->sk;
	}
	return n;
}

void net_host_poll_ready(struct sock *sk, short revents)
{
	struct host_link *h = inet_sk(sk)->host;

	if (!h || !revents)
		return;
	h->wants &= ~revents;
	if (revents & (POLLERR | POLLHUP))
		h->wants = 0;
	sk_wake(sk, revents);
}

bool net_host_waiting(void)
{
	struct host_link *h;

	list_for_each_entry(h, &host_links, node)
		if (h->wants)
			return true;
	return false;
}
