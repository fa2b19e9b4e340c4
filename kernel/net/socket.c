/* Sockets as files, and the calls that make, name and connect them (Linux's
 * net/socket.c): socket, socketpair, bind, listen, accept, accept4, connect,
 * getsockname, getpeername, shutdown. A socket file is one of emu's own files; a host
 * AF_UNIX socket that never connects stands in for fstat, fcntl and lseek, and holds
 * O_NONBLOCK. sendto, recvfrom, sendmsg and recvmsg: socket_msg.c; the options:
 * sockopt.c. */
#include <emu/mm.h>
#include <emu/net.h>
#include <emu/sched.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/trace.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define SOCK_TYPE_MASK 0xf
#define SOCK_MAX 11

static const struct file_operations socket_file_ops;

struct socket *sock_from_file(const struct file *f)
{
	return f && f->f_op == &socket_file_ops ? f->private_data : NULL;
}

struct socket *sockfd_lookup(int fd, int *err)
{
	struct file *f = fdget(fd);
	struct socket *sock = sock_from_file(f);

	*err = !f ? -EBADF : !sock ? -ENOTSOCK : 0;
	return sock;
}

/* ---- the file ---- */

static size_t iov_total(const struct guest_iov *segs, int nsegs)
{
	size_t n = 0;

	for (int i = 0; i < nsegs; i++)
		n += segs[i].len;
	return n;
}

/* read and readv: recvmsg without flags; files sent along are closed (no room). */
static long sock_read(struct file *f, const struct guest_iov *segs, int nsegs)
{
	struct socket *sock = f->private_data;
	struct scm_cookie scm = { 0 };
	struct kmsghdr msg = { .msg_iter = { segs, nsegs, iov_total(segs, nsegs) }, .scm = &scm };
	long ret;

	if (!msg.msg_iter.count)
		return 0; /* "Match SYS5 behaviour", as Linux's sock_read_iter */
	ret = sock->ops->recvmsg(sock, &msg, msg.msg_iter.count,
				 sock_file_nonblocking(f) ? MSG_DONTWAIT : 0);
	scm_destroy(&scm);
	return ret;
}

static long sock_write(struct file *f, const struct guest_iov *segs, int nsegs)
{
	struct socket *sock = f->private_data;
	struct scm_cookie scm = { 0 };
	struct kmsghdr msg = { .msg_iter = { segs, nsegs, iov_total(segs, nsegs) }, .scm = &scm };

	scm_current_creds(&scm.creds);
	msg.msg_flags = sock_file_nonblocking(f) ? MSG_DONTWAIT : 0;
	return sock->ops->sendmsg(sock, &msg, msg.msg_iter.count);
}

static short sock_poll(struct file *f, short events)
{
	struct socket *sock = f->private_data;

	return sock->ops->poll(sock, events) & (events | POLLERR | POLLHUP);
}

static void sock_release(struct file *f)
{
	struct socket *sock = f->private_data;

	if (!sock)
		return;
	if (sock->ops)
		sock->ops->release(sock);
	free(sock);
	f->private_data = NULL;
}

/* FIONBIO is every file's (Linux's do_vfs_ioctl); the rest the family's. */
static long sock_ioctl(struct file *f, unsigned cmd, uint64_t arg)
{
	struct socket *sock = f->private_data;

	if (cmd == FIONBIO) {
		int on, fl = fcntl(f->host_fd, F_GETFL);
		if (copy_from_user(&on, arg, sizeof on))
			return -EFAULT;
		if (fcntl(f->host_fd, F_SETFL, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK) < 0)
			return -errno;
		f->flags = on ? f->flags | O_NONBLOCK : f->flags & ~O_NONBLOCK;
		return 0;
	}
	return sock->ops->ioctl ? sock->ops->ioctl(sock, cmd, arg) : -ENOTTY;
}

#define SENDFILE_CHUNK 65536

long sock_sendfile(struct file *out, struct file *in, off_t *pos, size_t count)
{
	struct socket *sock = out->private_data;
	struct scm_cookie scm = { 0 };
	off_t at = pos ? *pos : lseek(in->host_fd, 0, SEEK_CUR);
	size_t len = count < SENDFILE_CHUNK ? count : SENDFILE_CHUNK;
	char *buf;
	ssize_t n;
	long ret;

	if (in->f_op || in->pipe)
		return -EINVAL; /* Linux reads only from files that can be spliced from */
	if (at < 0)
		return -errno;
	if (!len)
		return 0;
	if (!(buf = malloc(len)))
		return -ENOMEM;
	if ((n = pread(in->host_fd, buf, len, at)) <= 0) {
		free(buf);
		return n < 0 ? -errno : 0;
	}
	struct guest_iov seg = { (uintptr_t)buf, (size_t)n };
	struct kmsghdr msg = { .msg_iter = { &seg, 1, (size_t)n, true }, .scm = &scm };
	scm_current_creds(&scm.creds);
	msg.msg_flags = sock_file_nonblocking(out) ? MSG_DONTWAIT : 0;
	ret = sock->ops->sendmsg(sock, &msg, n);
	if (ret > 0 && pos)
		*pos += ret;
	else if (ret > 0)
		lseek(in->host_fd, at + ret, SEEK_SET);
	free(buf);
	return ret;
}

static const struct file_operations socket_file_ops = {
	.read = sock_read,
	.write = sock_write,
	.poll = sock_poll,
	.release = sock_release,
	.unlocked_ioctl = sock_ioctl,
};

static struct socket *sock_alloc(int type)
{
	struct socket *sock = calloc(1, sizeof *sock);

	if (sock) {
		sock->state = SS_UNCONNECTED;
		sock->type = type;
	}
	return sock;
}

/* A new descriptor for sock (Linux's sock_map_fd): the fd, or -errno with sock
 * released. */
static int sock_map_fd(struct socket *sock, int flags)
{
	int host = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | (flags & SOCK_NONBLOCK), 0);
	struct file *f;
	int fd;

	if (host < 0 || !(f = file_from_host(host, O_RDWR | (flags & O_NONBLOCK), "socket"))) {
		int err = host < 0 ? -errno : -ENOMEM;
		if (host >= 0)
			close(host);
		if (sock->ops)
			sock->ops->release(sock);
		free(sock);
		return err;
	}
	f->f_op = &socket_file_ops;
	f->private_data = sock;
	sock->file = f;
	fd = fd_install(f, flags & SOCK_CLOEXEC, 0);
	if (fd < 0)
		fput(f);
	return fd;
}

/* Linux's __sock_create: the family makes the sock and sets the operations. */
static int sock_create(int family, int type, int protocol, struct socket **res)
{
	struct socket *sock;
	int err;

	if (family < 0 || family >= AF_MAX)
		return -EAFNOSUPPORT;
	if (type < 0 || type >= SOCK_MAX)
		return -EINVAL;
	if (!(sock = sock_alloc(type)))
		return -ENOMEM;
	switch (family) {
	case AF_UNIX:
		err = unix_create(sock, protocol);
		break;
	case AF_INET:
	case AF_INET6:
		err = inet_create(sock, family, protocol);
		break;
	case AF_NETLINK:
		err = netlink_create(sock, protocol);
		break;
	default:
		err = -EAFNOSUPPORT;
	}
	if (err) {
		free(sock);
		return err;
	}
	sock->sk->sk_socket = sock;
	*res = sock;
	return 0;
}

static bool has_free_fd(void)
{
	struct files_struct *files = current->files;

	for (int fd = 0; fd < files->max_fds; fd++)
		if (!files->fd[fd].file)
			return true;
	return false;
}

SYSCALL_DEFINE3(socket, int, family, int, type, int, protocol)
{
	int flags = type & ~SOCK_TYPE_MASK, err;
	struct socket *sock;

	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	if ((err = sock_create(family, type & SOCK_TYPE_MASK, protocol, &sock)))
		return err;
	return sock_map_fd(sock, flags);
}

SYSCALL_DEFINE4(socketpair, int, family, int, type, int, protocol, uint64_t, usv)
{
	int flags = type & ~SOCK_TYPE_MASK, fds[2], err;
	struct socket *a, *b;

	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	type &= SOCK_TYPE_MASK;
	if ((err = sock_create(family, type, protocol, &a)))
		return err;
	if ((err = sock_create(family, type, protocol, &b))) {
		a->ops->release(a);
		free(a);
		return err;
	}
	if ((err = a->ops->socketpair(a, b))) {
		a->ops->release(a);
		b->ops->release(b);
		free(a);
		free(b);
		return err;
	}
	if ((fds[0] = sock_map_fd(a, flags)) < 0) {
		b->ops->release(b);
		free(b);
		return fds[0];
	}
	if ((fds[1] = sock_map_fd(b, flags)) < 0) {
		fd_close(fds[0]);
		return fds[1];
	}
	if (copy_to_user(usv, fds, sizeof fds)) {
		fd_close(fds[0]);
		fd_close(fds[1]);
		return -EFAULT;
	}
	return 0;
}

int move_addr_to_kernel(uint64_t uaddr, int ulen, struct sockaddr_storage *kaddr)
{
	memset(kaddr, 0, sizeof *kaddr);
	if (ulen < 0 || ulen > (int)sizeof *kaddr)
		return -EINVAL;
	if (ulen && copy_from_user(kaddr, uaddr, ulen))
		return -EFAULT;
	return 0;
}

int move_addr_to_user(const struct sockaddr_storage *kaddr, int klen, uint64_t uaddr,
		      uint64_t ulen)
{
	int len;

	if (copy_from_user(&len, ulen, sizeof len))
		return -EFAULT;
	if (len > klen)
		len = klen;
	if (len < 0)
		return -EINVAL;
	if (len && copy_to_user(uaddr, kaddr, len))
		return -EFAULT;
	return copy_to_user(ulen, &klen, sizeof klen);
}

SYSCALL_DEFINE3(bind, int, fd, uint64_t, uaddr, int, addrlen)
{
	struct sockaddr_storage addr;
	struct socket *sock;
	int err;

	if (!(sock = sockfd_lookup(fd, &err)))
		return err;
	if ((err = move_addr_to_kernel(uaddr, addrlen, &addr)))
		return err;
	return sock->ops->bind(sock, &addr, addrlen);
}

SYSCALL_DEFINE2(listen, int, fd, int, backlog)
{
	struct socket *sock;
	int err;

	if (!(sock = sockfd_lookup(fd, &err)))
		return err;
	if ((unsigned)backlog > SOMAXCONN_DEFAULT)
		backlog = SOMAXCONN_DEFAULT;
	return sock->ops->listen(sock, backlog);
}

static long do_accept(int fd, uint64_t uaddr, uint64_t uaddrlen, int flags)
{
	struct sockaddr_storage addr;
	struct socket *sock, *newsock;
	int err, newfd, len;
	long ret;

	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	if (!(sock = sockfd_lookup(fd, &err)))
		return err;
	if (!has_free_fd())
		return -EMFILE;
	if (!(newsock = sock_alloc(sock->type)))
		return -ENOMEM;
	newsock->ops = sock->ops;
	ret = sock->ops->accept(sock, newsock, sock_file_nonblocking(sock->file) ? O_NONBLOCK : 0);
	if (ret < 0) {
		free(newsock);
		return ret;
	}
	newsock->sk->sk_socket = newsock;
	newsock->state = SS_CONNECTED;
	if ((newfd = sock_map_fd(newsock, flags)) < 0)
		return newfd;
	if (uaddr) {
		len = sock->ops->getname(newsock, &addr, 2);
		if (len < 0 || (err = move_addr_to_user(&addr, len, uaddr, uaddrlen))) {
			fd_close(newfd); /* the connection is lost, as on Linux */
			return len < 0 ? -ECONNABORTED : err;
		}
	}
	return newfd;
}

SYSCALL_DEFINE3(accept, int, fd, uint64_t, uaddr, uint64_t, uaddrlen)
{
	return do_accept(fd, uaddr, uaddrlen, 0);
}

SYSCALL_DEFINE4(accept4, int, fd, uint64_t, uaddr, uint64_t, uaddrlen, int, flags)
{
	return do_accept(fd, uaddr, uaddrlen, flags);
}

SYSCALL_DEFINE3(connect, int, fd, uint64_t, uaddr, int, addrlen)
{
	struct sockaddr_storage addr;
	struct socket *sock;
	int err;

	if (!(sock = sockfd_lookup(fd, &err)))
		return err;
	if ((err = move_addr_to_kernel(uaddr, addrlen, &addr)))
		return err;
	return sock->ops->connect(sock, &addr, addrlen,
				  sock_file_nonblocking(sock->file) ? O_NONBLOCK : 0);
}

static long do_getname(int fd, uint64_t uaddr, uint64_t ulen, int peer)
{
	struct sockaddr_storage addr;
	struct socket *sock;
	int err, len;

	if (!(sock = sockfd_lookup(fd, &err)))
		return err;
	memset(&addr, 0, sizeof addr);
	if ((len = sock->ops->getname(sock, &addr, peer)) < 0)
		return len;
	return move_addr_to_user(&addr, len, uaddr, ulen);
}

SYSCALL_DEFINE3(getsockname, int, fd, uint64_t, uaddr, uint64_t, ulen)
{
	return do_getname(fd, uaddr, ulen, 0);
}

SYSCALL_DEFINE3(getpeername, int, fd, uint64_t, uaddr, uint64_t, ulen)
{
	return do_getname(fd, uaddr, ulen, 1);
}

SYSCALL_DEFINE2(shutdown, int, fd, int, how)
{
	struct socket *sock;
	int err;

	if (!(sock = sockfd_lookup(fd, &err)))
		return err;
	return sock->ops->shutdown(sock, how);
}
