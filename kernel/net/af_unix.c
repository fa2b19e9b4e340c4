/* AF_UNIX sockets (Linux's net/unix/af_unix.c): creation, names, connections and
 * release; the stream and datagram transfers are in unix_stream.c and unix_dgram.c.
 *
 * Names. An abstract name (sun_path[0] == 0) lives only in emu's table, keyed by
 * its bytes and the socket type, as Linux hashes it. A path name makes a real
 * socket file on the host (mknod S_IFSOCK) while the run lasts: a placeholder that
 * nothing on the host listens on, which emu's table maps by device and inode to the
 * kernel object. So ls shows it, connect follows symlinks to it, stat says S_IFSOCK,
 * and unlink or exit removes it. */
#include <emu/af_unix.h>
#include <emu/net_namespace.h>
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/sched.h>
#include <emu/task.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#define SUN_PATH_OFF offsetof(struct sockaddr_un, sun_path)

static LIST_HEAD(unix_table);   /* every named unix socket */
static unsigned autobind_order; /* Linux starts at a random number; emu at 0 */

/* Socket files emu made, removed when emu exits. */
struct placeholder {
	char *path; /* absolute */
	dev_t dev;
	ino_t ino;
	struct placeholder *next;
};
static struct placeholder *placeholders;

static void unix_sock_destruct(struct sock *sk)
{
	unix_purge_queue(sk);
	unix_gc_untrack(sk);
}

static struct sock *unix_sk_alloc(int type)
{
	struct sock *sk = sk_alloc(AF_UNIX, type, 0, sizeof(struct unix_sock));

	if (!sk)
		return NULL;
	sk->sk_max_ack_backlog = UNIX_MAX_DGRAM_QLEN;
	sk->sk_destruct = unix_sock_destruct;
	unix_gc_track(sk);
	return sk;
}

int unix_create(struct socket *sock, int protocol)
{
	const struct proto_ops *ops;

	if (protocol && protocol != PF_UNIX)
		return -EPROTONOSUPPORT;
	switch (sock->type) {
	case SOCK_STREAM:
		ops = &unix_stream_ops;
		break;
	case SOCK_RAW: /* Linux makes it a datagram socket */
		sock->type = SOCK_DGRAM;
		/* fallthrough */
	case SOCK_DGRAM:
		ops = &unix_dgram_ops;
		break;
	case SOCK_SEQPACKET:
		ops = &unix_seqpacket_ops;
		break;
	default:
		return -ESOCKTNOSUPPORT;
	}
	if (!(sock->sk = unix_sk_alloc(sock->type)))
		return -ENOMEM;
	sock->ops = ops;
	return 0;
}

void init_peercred(struct sock *sk)
{
	sk->has_peer_cred = true;
	sk->sk_peer_cred = (struct ucred){ current->tgid, current->cred.euid, current->cred.egid };
}

bool unix_may_passcred(const struct sock *sk)
{
	return sock_flag(sk, SOCK_PASSCRED) || (sk->peer && sock_flag(sk->peer, SOCK_PASSCRED));
}

bool unix_writable(const struct sock *sk)
{
	return sk->sk_state != TCP_LISTEN && sk->sk_wmem_alloc * 4 <= (size_t)sk->sk_sndbuf;
}

/* ---- names ---- */

int unix_validate_addr(const struct sockaddr_storage *addr, int len)
{
	if (len <= (int)SUN_PATH_OFF || len > (int)sizeof(struct sockaddr_un))
		return -EINVAL;
	return addr->ss_family == AF_UNIX ? 0 : -EINVAL;
}

static bool is_abstract(const struct sockaddr_storage *addr)
{
	return !((const struct sockaddr_un *)addr)->sun_path[0];
}

static struct unix_sock *find_abstract(const struct sockaddr_un *name, int len, int type)
{
	struct unix_sock *u;

	list_for_each_entry(u, &unix_table, sk.node)
		if (!u->fs_bound && u->addrlen == len && u->sk.sk_type == type &&
		    u->sk.sk_net == current_net() && /* abstract names are per namespace */
		    !memcmp(u->addr.sun_path, name->sun_path, len - SUN_PATH_OFF))
			return u;
	return NULL;
}

static struct unix_sock *find_inode(dev_t dev, ino_t ino)
{
	struct unix_sock *u;

	list_for_each_entry(u, &unix_table, sk.node)
		if (u->fs_bound && u->dev == dev && u->ino == ino)
			return u;
	return NULL;
}

static void unix_hash(struct unix_sock *u, const void *name, int len)
{
	memcpy(&u->addr, name, len);
	u->addrlen = len;
	u->hashed = true;
	list_add_tail(&u->sk.node, &unix_table);
}

static void unix_unhash(struct unix_sock *u)
{
	if (u->hashed)
		list_del_init(&u->sk.node);
	u->hashed = false;
}

void unix_unlink_name(dev_t dev, ino_t ino)
{
	struct unix_sock *u = find_inode(dev, ino);

	if (u)
		unix_unhash(u); /* getsockname still gives the path, as on Linux */
}

/* Linux's unix_autobind: an abstract name of five hex digits. */
int unix_autobind(struct sock *sk)
{
	struct unix_sock *u = unix_sk(sk);
	struct sockaddr_un name = { AF_UNIX, "" };
	int len = SUN_PATH_OFF + 6;

	if (u->addrlen)
		return 0;
	for (unsigned tries = 0; tries <= 0xfffff; tries++) {
		autobind_order = (autobind_order + 1) & 0xfffff;
		snprintf(name.sun_path + 1, sizeof name.sun_path - 1, "%05x", autobind_order);
		if (!find_abstract(&name, len, sk->sk_type)) {
			unix_hash(u, &name, len);
			return 0;
		}
	}
	return -ENOSPC;
}

static void remove_placeholders(void)
{
	struct stat st;

	for (struct placeholder *p = placeholders, *next; p; p = next) {
		next = p->next;
		if (!lstat(p->path, &st) && st.st_dev == p->dev && st.st_ino == p->ino)
			unlink(p->path);
		free(p->path);
		free(p);
	}
	placeholders = NULL;
}

/* Remembers a socket file to remove at exit; path is relative to the guest's cwd. */
static void add_placeholder(const char *path, const struct stat *st)
{
	char cwd[PATH_MAX], link[64], *abs = NULL;
	struct placeholder *p = malloc(sizeof *p);
	ssize_t n;

	snprintf(link, sizeof link, "/proc/self/fd/%d", current->fs->cwd_fd);
	if (path[0] == '/')
		abs = strdup(path);
	else if ((n = readlink(link, cwd, sizeof cwd - 1)) > 0) {
		cwd[n] = 0;
		if (asprintf(&abs, "%s/%s", cwd, path) < 0)
			abs = NULL;
	}
	if (!p || !abs) {
		free(p);
		free(abs);
		return;
	}
	if (!placeholders)
		atexit(remove_placeholders);
	*p = (struct placeholder){ abs, st->st_dev, st->st_ino, placeholders };
	placeholders = p;
}

/* Linux's unix_bind_bsd: the file first (EADDRINUSE if the path exists), then the
 * name; a socket that has one already gets EINVAL and the new file goes again. */
static int unix_bind_bsd(struct sock *sk, struct sockaddr_storage *addr, int len)
{
	struct unix_sock *u = unix_sk(sk);
	const char *path = ((struct sockaddr_un *)addr)->sun_path;
	int dir = current->fs->cwd_fd;
	mode_t mode = S_IFSOCK | (0777 & ~current->fs->umask);
	struct stat st;

	len = strlen(path) + SUN_PATH_OFF + 1;
	if (mknodat(dir, path, mode, 0) < 0)
		return errno == EEXIST ? -EADDRINUSE : -errno;
	if (u->addrlen || fstatat(dir, path, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		int err = u->addrlen ? -EINVAL : -errno;
		unlinkat(dir, path, 0);
		return err;
	}
	unix_hash(u, addr, len);
	u->fs_bound = true;
	u->dev = st.st_dev;
	u->ino = st.st_ino;
	add_placeholder(path, &st);
	return 0;
}

static int unix_bind_abstract(struct sock *sk, struct sockaddr_storage *addr, int len)
{
	struct unix_sock *u = unix_sk(sk);

	if (u->addrlen)
		return -EINVAL;
	if (find_abstract((struct sockaddr_un *)addr, len, sk->sk_type))
		return -EADDRINUSE;
	unix_hash(u, addr, len);
	return 0;
}

int unix_bind(struct socket *sock, struct sockaddr_storage *addr, int len)
{
	int err;

	if (len == (int)SUN_PATH_OFF && addr->ss_family == AF_UNIX)
		return unix_autobind(sock->sk);
	if ((err = unix_validate_addr(addr, len)))
		return err;
	if (is_abstract(addr))
		return unix_bind_abstract(sock->sk, addr, len);
	return unix_bind_bsd(sock->sk, addr, len);
}

/* Linux's unix_find_bsd: follows the path as connect does, needs write permission. */
static struct sock *unix_find_bsd(const char *path, int type, int *err)
{
	int dir = current->fs->cwd_fd;
	struct unix_sock *u;
	struct stat st;

	if (fstatat(dir, path, &st, 0) < 0) {
		*err = -errno;
		return NULL;
	}
	if (faccessat(dir, path, W_OK, AT_EACCESS) < 0) {
		*err = -errno;
		return NULL;
	}
	*err = -ECONNREFUSED;
	if (!S_ISSOCK(st.st_mode) || !(u = find_inode(st.st_dev, st.st_ino)))
		return NULL;
	if (u->sk.sk_type != type) {
		*err = -EPROTOTYPE;
		return NULL;
	}
	sock_hold(&u->sk);
	return &u->sk;
}

struct sock *unix_find_other(struct sockaddr_storage *addr, int len, int type, int *err)
{
	struct unix_sock *u;

	if (!is_abstract(addr))
		return unix_find_bsd(((struct sockaddr_un *)addr)->sun_path, type, err);
	if (!(u = find_abstract((struct sockaddr_un *)addr, len, type))) {
		*err = -ECONNREFUSED;
		return NULL;
	}
	sock_hold(&u->sk);
	return &u->sk;
}

void unix_copy_addr(struct kmsghdr *msg, const struct sock *sk)
{
	const struct unix_sock *u = unix_sk(sk);

	if (!msg->msg_name)
		return;
	msg->msg_namelen = u->addrlen;
	if (u->addrlen)
		memcpy(msg->msg_name, &u->addr, u->addrlen);
}

int unix_getname(struct socket *sock, struct sockaddr_storage *addr, int peer)
{
	struct sock *sk = peer ? sock->sk->peer : sock->sk;
	struct unix_sock *u;

	if (!sk)
		return -ENOTCONN;
	u = unix_sk(sk);
	if (!u->addrlen) {
		addr->ss_family = AF_UNIX;
		return SUN_PATH_OFF;
	}
	memcpy(addr, &u->addr, u->addrlen);
	return u->addrlen;
}

/* ---- connections ---- */

int unix_socketpair(struct socket *a, struct socket *b)
{
	struct sock *ska = a->sk, *skb = b->sk;

	sock_hold(ska);
	sock_hold(skb);
	ska->peer = skb;
	skb->peer = ska;
	init_peercred(ska);
	init_peercred(skb);
	ska->sk_state = skb->sk_state = TCP_ESTABLISHED;
	a->state = b->state = SS_CONNECTED;
	return 0;
}

int unix_listen(struct socket *sock, int backlog)
{
	struct sock *sk = sock->sk;

	if (sock->type != SOCK_STREAM && sock->type != SOCK_SEQPACKET)
		return -EOPNOTSUPP;
	if (!unix_sk(sk)->addrlen)
		return -EINVAL; /* no listens on an unbound socket */
	if (sk->sk_state != TCP_CLOSE && sk->sk_state != TCP_LISTEN)
		return -EINVAL;
	if (backlog > sk->sk_max_ack_backlog)
		sk_wake(sk, 0); /* connectors waiting for room */
	sk->sk_max_ack_backlog = backlog;
	sk->sk_state = TCP_LISTEN;
	init_peercred(sk);
	return 0;
}

/* The connection's server end, queued on the listener until accept takes it. */
static int unix_new_connection(struct socket *sock, struct sock *other)
{
	struct sock *sk = sock->sk, *newsk = unix_sk_alloc(sk->sk_type);
	struct unix_sock *lu = unix_sk(other);

	if (!newsk)
		return -ENOMEM;
	newsk->sk_state = TCP_ESTABLISHED;
	newsk->peer = sk;
	sock_hold(sk);
	init_peercred(newsk); /* the connector's */
	memcpy(&unix_sk(newsk)->addr, &lu->addr, lu->addrlen); /* the listener's name */
	unix_sk(newsk)->addrlen = lu->addrlen;
	sk->has_peer_cred = other->has_peer_cred;
	sk->sk_peer_cred = other->sk_peer_cred; /* the listener's, from listen() */
	sock->state = SS_CONNECTED;
	sk->sk_state = TCP_ESTABLISHED;
	sk->peer = newsk;
	sock_hold(newsk);
	newsk->parent = other;
	list_add_tail(&newsk->accept_node, &other->accept_queue);
	other->sk_ack_backlog++;
	sk_wake(other, POLLIN | POLLRDNORM);
	return 0;
}

/* Linux's unix_stream_connect: the listener first (so its errors come first), then
 * room in its backlog (EAGAIN or a wait), then our own state. */
long unix_stream_connect(struct socket *sock, struct sockaddr_storage *addr, int len, int flags)
{
	struct sock *sk = sock->sk, *other;
	long timeo = sock_sndtimeo(sk, flags & O_NONBLOCK), ret;
	int err;

	if ((err = unix_validate_addr(addr, len)))
		return err;
	if (unix_may_passcred(sk) && (err = unix_autobind(sk)))
		return err;
	if (!(other = unix_find_other(addr, len, sk->sk_type, &err)))
		return err;
	if (other->sk_state != TCP_LISTEN || (other->sk_shutdown & RCV_SHUTDOWN))
		ret = -ECONNREFUSED;
	else if (other->sk_ack_backlog > other->sk_max_ack_backlog)
		ret = sk_wait(other, sk_deadline(timeo), -EAGAIN, sock_intr_errno(timeo));
	else if (sk->sk_state != TCP_CLOSE)
		ret = sk->sk_state == TCP_ESTABLISHED ? -EISCONN : -EINVAL;
	else
		ret = unix_new_connection(sock, other);
	sock_put(other);
	return ret;
}

long unix_accept(struct socket *sock, struct socket *newsock, int flags)
{
	struct sock *sk = sock->sk, *tsk;
	long timeo = sock_rcvtimeo(sk, flags & O_NONBLOCK);
	int err;

	if (sock->type != SOCK_STREAM && sock->type != SOCK_SEQPACKET)
		return -EOPNOTSUPP;
	if (sk->sk_state != TCP_LISTEN)
		return -EINVAL;
	if (list_empty(&sk->accept_queue)) {
		if ((err = sock_error(sk)))
			return err;
		if (!timeo)
			return -EAGAIN;
		if (sk->sk_shutdown & RCV_SHUTDOWN)
			return -EINVAL;
		return sk_wait(sk, sk_deadline(timeo), -EAGAIN, sock_intr_errno(timeo));
	}
	tsk = list_first_entry(&sk->accept_queue, struct sock, accept_node);
	list_del_init(&tsk->accept_node);
	tsk->parent = NULL;
	sk->sk_ack_backlog--;
	sk_wake(sk, POLLOUT); /* a connector waiting for room */
	sock_set_flag(tsk, SOCK_PASSCRED, sock_flag(sk, SOCK_PASSCRED));
	newsock->sk = tsk; /* the queue's reference */
	return 0;
}

/* Linux's unix_dgram_connect: a default destination, or none with AF_UNSPEC. */
long unix_dgram_connect(struct socket *sock, struct sockaddr_storage *addr, int len, int flags)
{
	struct sock *sk = sock->sk, *other = NULL, *old;
	int err;

	if (len < (int)sizeof(sa_family_t))
		return -EINVAL;
	if (addr->ss_family != AF_UNSPEC) {
		if ((err = unix_validate_addr(addr, len)))
			return err;
		if (unix_may_passcred(sk) && (err = unix_autobind(sk)))
			return err;
		if (!(other = unix_find_other(addr, len, sock->type, &err)))
			return err;
		if (other->peer && other->peer != sk) {
			sock_put(other);
			return -EPERM;
		}
		sk->sk_state = other->sk_state = TCP_ESTABLISHED;
	}
	old = sk->peer;
	sk->peer = other; /* takes unix_find_other's reference */
	if (old) {
		if (!other)
			sk->sk_state = TCP_CLOSE;
		if (other != old) {
			unix_dgram_disconnected(sk, old);
			if (!old->peer)
				old->sk_state = TCP_CLOSE;
		}
		sk_wake(old, POLLOUT);
		sock_put(old);
	}
	return 0;
}

/* ---- shutdown and release ---- */

int unix_shutdown(struct socket *sock, int how)
{
	struct sock *sk = sock->sk, *other = sk->peer;
	int mode;

	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	mode = how + 1; /* SHUT_RD -> RCV_SHUTDOWN, SHUT_WR -> SEND_SHUTDOWN, ... */
	sk->sk_shutdown |= mode;
	sk_wake(sk, 0);
	if (other && (sk->sk_type == SOCK_STREAM || sk->sk_type == SOCK_SEQPACKET)) {
		int peer_mode = ((mode & RCV_SHUTDOWN) ? SEND_SHUTDOWN : 0) |
				((mode & SEND_SHUTDOWN) ? RCV_SHUTDOWN : 0);
		other->sk_shutdown |= peer_mode;
		sk_wake(other, 0);
	}
	return 0;
}

/* Linux's unix_release_sock: the peer of a connection sees it hang up, with
 * ECONNRESET if data it sent was never read; connections never accepted die with
 * their listener. */
static void unix_release_sock(struct sock *sk, bool embrion)
{
	struct sock *skpair = sk->peer;

	unix_unhash(unix_sk(sk));
	sock_orphan(sk);
	sk->sk_shutdown = SHUTDOWN_MASK;
	sk->sk_state = TCP_CLOSE;
	sk->peer = NULL;
	sk_wake(sk, 0);
	if (skpair) {
		if (sk->sk_type == SOCK_STREAM || sk->sk_type == SOCK_SEQPACKET) {
			skpair->sk_shutdown = SHUTDOWN_MASK;
			if (!list_empty(&sk->sk_receive_queue) || embrion)
				skpair->sk_err = ECONNRESET;
			sk_wake(skpair, 0);
		}
		sock_put(skpair);
	}
	while (!list_empty(&sk->accept_queue)) {
		struct sock *embryo = list_first_entry(&sk->accept_queue, struct sock, accept_node);
		list_del_init(&embryo->accept_node);
		embryo->parent = NULL;
		sk->sk_ack_backlog--;
		unix_release_sock(embryo, true);
	}
	unix_purge_queue(sk);
	sock_put(sk);
}

void unix_release(struct socket *sock)
{
	if (sock->sk)
		unix_release_sock(sock->sk, false);
	sock->sk = NULL;
	unix_gc();
}

/* ---- ioctl ---- */

static long unix_inq_len(struct sock *sk)
{
	struct sk_buff *skb;

	if (sk->sk_state == TCP_LISTEN)
		return -EINVAL;
	if (sk->sk_type == SOCK_STREAM || sk->sk_type == SOCK_SEQPACKET)
		return (long)skb_queue_bytes(sk);
	skb = skb_peek(sk);
	return skb ? (long)skb->len : 0;
}

long unix_ioctl(struct socket *sock, unsigned cmd, uint64_t arg)
{
	long n;
	int v;

	switch (cmd) {
	case FIONREAD: /* SIOCINQ */
		if ((n = unix_inq_len(sock->sk)) < 0)
			return n;
		v = (int)n;
		return copy_to_user(arg, &v, sizeof v);
	case TIOCOUTQ: /* SIOCOUTQ */
		v = (int)sock->sk->sk_wmem_alloc;
		return copy_to_user(arg, &v, sizeof v);
	default:
		return sock_dev_ioctl(cmd, arg);
	}
}
