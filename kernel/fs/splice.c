/* splice(2): Linux's fs/splice.c. One end is one of emu's pipes; the other a pipe,
 * a socket, or a host file. Linux moves page references; emu copies through a
 * buffer of its own, taking from the source only what the destination took (the
 * pipe's bytes are looked at first and dropped after the write), so nothing is lost
 * when the destination is full. A call that must wait runs again from the start
 * (a blocked socket send goes on from restart_block.progress, over the same bytes,
 * which are still at the pipe's head).
 *
 * Go's net package splices every TCP or unix stream copied into a TCP connection
 * (io.Copy, net/http's proxies); it takes ENOSYS as a failure, not as a hint. */
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/net.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef SPLICE_F_ALL
#define SPLICE_F_ALL (SPLICE_F_MOVE | SPLICE_F_NONBLOCK | SPLICE_F_MORE | SPLICE_F_GIFT)
#endif

/* The most one call moves, as Linux's MAX_RW_COUNT. */
#define MAX_RW_COUNT (INT_MAX & PAGE_MASK)

/* A host file emu reads and writes with pread/pwrite or read/write (a host terminal
 * or pipe too, once the host's poll says it is ready): not one of emu's own. */
static bool host_file(const struct file *f)
{
	return !f->pipe && !f->f_op && f->host_fd >= 0;
}

/* Whether a socket's read may wait: its O_NONBLOCK says, except that a unix stream
 * socket also takes SPLICE_F_NONBLOCK (Linux's unix_stream_splice_read does; TCP's
 * tcp_splice_read does not). */
static bool sock_splice_nonblock(struct file *in, struct socket *sock, unsigned flags)
{
	return file_nonblocking(in) ||
	       ((flags & SPLICE_F_NONBLOCK) && sock->ops->family == AF_UNIX &&
		sock->type == SOCK_STREAM);
}

/* Reads up to n bytes of in (at *pos, or its file offset) into buf. */
static long splice_read(struct file *in, off_t *pos, void *buf, size_t n, unsigned flags)
{
	struct socket *sock = sock_from_file(in);

	if (sock) {
		struct scm_cookie scm = { 0 };
		struct guest_iov seg = { (uintptr_t)buf, n };
		struct kmsghdr msg = { .msg_iter = { &seg, 1, n, true }, .scm = &scm };
		long ret = sock->ops->recvmsg(sock, &msg, n,
					      sock_splice_nonblock(in, sock, flags) ? MSG_DONTWAIT : 0);
		scm_destroy(&scm);
		return ret;
	}
	if (!host_file(in))
		return -EINVAL; /* Linux's answer for a file without splice_read */
	if (in->may_block && host_would_block(in, false))
		return wait_for_host_fd(in, false);
	ssize_t r = pos ? pread(in->host_fd, buf, n, *pos) : read(in->host_fd, buf, n);
	if (r > 0 && pos)
		*pos += r;
	return host_ret(r);
}

/* Writes n bytes of buf to out (at *pos, or its file offset); how many went. */
static long splice_write(struct file *out, off_t *pos, const void *buf, size_t n)
{
	struct socket *sock = sock_from_file(out);

	if (sock) {
		struct scm_cookie scm = { 0 };
		struct guest_iov seg = { (uintptr_t)buf, n };
		struct kmsghdr msg = { .msg_iter = { &seg, 1, n, true }, .scm = &scm };
		scm_current_creds(&scm.creds);
		msg.msg_flags = file_nonblocking(out) ? MSG_DONTWAIT : 0;
		return sock->ops->sendmsg(sock, &msg, n);
	}
	if (!host_file(out))
		return -EINVAL;
	if (out->may_block && host_would_block(out, true))
		return wait_for_host_fd(out, true);
	ssize_t r = pos ? pwrite(out->host_fd, buf, n, *pos) : write(out->host_fd, buf, n);
	if (r < 0 && errno == EPIPE)
		send_sig(SIGPIPE, current, false);
	if (r > 0 && pos)
		*pos += r;
	return host_ret(r);
}

/* Linux's splice_pipe_to_pipe: as much as is in the first and fits in the second. */
static long splice_pipe_to_pipe(struct file *in, struct file *out, size_t len, bool nonblock)
{
	long avail = pipe_splice_wait_data(in, nonblock), room;

	if (avail <= 0)
		return avail;
	if ((room = pipe_splice_wait_room(out, nonblock)) <= 0)
		return room;
	size_t n = len < (size_t)avail ? len : (size_t)avail;
	if (n > (size_t)room)
		n = (size_t)room;
	void *buf = malloc(n);
	if (!buf)
		return -ENOMEM;
	pipe_splice_peek(in, buf, n);
	pipe_splice_fill(out, buf, n);
	pipe_splice_consume(in, n);
	free(buf);
	return (long)n;
}

/* Linux's do_splice_from: the pipe's bytes, once there are some, into out. */
static long splice_from_pipe(struct file *in, struct file *out, off_t *pos, size_t len,
			     bool nonblock)
{
	long avail = pipe_splice_wait_data(in, nonblock), ret;

	if (avail <= 0)
		return avail;
	size_t n = len < (size_t)avail ? len : (size_t)avail;
	void *buf = malloc(n);
	if (!buf)
		return -ENOMEM;
	pipe_splice_peek(in, buf, n);
	if ((ret = splice_write(out, pos, buf, n)) > 0)
		pipe_splice_consume(in, (size_t)ret);
	free(buf);
	return ret;
}

/* Linux's splice_file_to_pipe: once the pipe has room, what in gives into it. */
static long splice_to_pipe(struct file *in, struct file *out, off_t *pos, size_t len,
			   unsigned flags, bool nonblock)
{
	long room = pipe_splice_wait_room(out, nonblock), ret;

	if (room <= 0)
		return room;
	size_t n = len < (size_t)room ? len : (size_t)room;
	void *buf = malloc(n);
	if (!buf)
		return -ENOMEM;
	if ((ret = splice_read(in, pos, buf, n, flags)) > 0)
		pipe_splice_fill(out, buf, (size_t)ret);
	free(buf);
	return ret;
}

/* The offset a non-pipe end is read or written at, from the guest (Linux's
 * FMODE_PREAD/FMODE_PWRITE: sockets have none). 0, or -errno. */
static int splice_offset(struct file *f, uint64_t uoff, off_t *off)
{
	if (!uoff)
		return 0;
	if (!host_file(f) || lseek(f->host_fd, 0, SEEK_CUR) < 0)
		return -EINVAL;
	if (copy_from_user(off, uoff, sizeof *off))
		return -EFAULT;
	return *off < 0 ? -EINVAL : 0;
}

SYSCALL_DEFINE6(splice, int, fd_in, uint64_t, uoff_in, int, fd_out, uint64_t, uoff_out,
		size_t, len, unsigned, flags)
{
	struct file *in, *out;
	off_t off;
	long ret;
	int err;

	if (!len)
		return 0;
	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	if (!(in = fdget(fd_in)) || !(out = fdget(fd_out)))
		return -EBADF;
	if ((in->flags & O_ACCMODE) == O_WRONLY || (out->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	if (len > MAX_RW_COUNT)
		len = MAX_RW_COUNT;
	bool nonblock = flags & SPLICE_F_NONBLOCK;
	if (in->pipe && out->pipe) {
		if (uoff_in || uoff_out)
			return -ESPIPE;
		if (pipe_same(in, out))
			return -EINVAL;
		return splice_pipe_to_pipe(in, out, len,
					   nonblock || file_nonblocking(in) || file_nonblocking(out));
	}
	if (in->pipe) {
		if (uoff_in)
			return -ESPIPE;
		if ((err = splice_offset(out, uoff_out, &off)))
			return err;
		if (out->flags & O_APPEND)
			return -EINVAL;
		ret = splice_from_pipe(in, out, uoff_out ? &off : NULL, len,
				       nonblock || file_nonblocking(out));
		if (ret > 0 && uoff_out && copy_to_user(uoff_out, &off, sizeof off))
			return -EFAULT;
		return ret;
	}
	if (out->pipe) {
		if (uoff_out)
			return -ESPIPE;
		if ((err = splice_offset(in, uoff_in, &off)))
			return err;
		ret = splice_to_pipe(in, out, uoff_in ? &off : NULL, len, flags,
				     nonblock || file_nonblocking(in));
		if (ret > 0 && uoff_in && copy_to_user(uoff_in, &off, sizeof off))
			return -EFAULT;
		return ret;
	}
	return -EINVAL; /* neither end is a pipe */
}
