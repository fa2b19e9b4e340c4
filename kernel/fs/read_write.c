/* read, write and their vector and positioned forms, lseek, sendfile: the guest's
 * buffers become host iovecs that point straight into guest frames (no copies). */
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/net.h>
#include <emu/record.h>
#include <emu/syscall.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/task.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <sys/uio.h>
#include <unistd.h>

#define HOST_IOV_MAX 256

/* A read into memory the guest does not own: like Linux, that is an error only
 * if there was something to copy (at EOF it returns 0). Nothing is consumed: the
 * byte is peeked at the offset, or counted with FIONREAD where there is none. */
static long read_bad_buffer(struct file *f, size_t len, off_t pos)
{
	char byte;
	int avail = 0;

	if (!len)
		return 0;
	if (pos < 0)
		pos = lseek(f->host_fd, 0, SEEK_CUR);
	if (pos >= 0) {
		ssize_t n = pread(f->host_fd, &byte, 1, pos);
		return n < 0 ? -errno : n == 0 ? 0 : -EFAULT;
	}
	if (ioctl(f->host_fd, FIONREAD, &avail) == 0 && avail == 0)
		return 0;
	return -EFAULT;
}

/* One host readv/preadv/writev/pwritev over as much of segs as fits. */
static long rw_batch(struct file *f, const struct guest_iov *segs, int nsegs, off_t pos,
		     bool write, bool first, size_t *wanted)
{
	struct iovec iov[HOST_IOV_MAX];
	int n = 0;

	*wanted = 0;
	for (int i = 0; i < nsegs && n < HOST_IOV_MAX; i++) {
		size_t covered;
		int got = user_iovecs(segs[i].base, segs[i].len, !write, iov + n,
				      HOST_IOV_MAX - n, &covered);
		if (got < 0 && !*wanted && !write && first)
			return read_bad_buffer(f, segs[i].len, pos);
		if (got < 0)
			return *wanted ? 0 : -EFAULT;
		n += got;
		*wanted += covered;
		if (covered < segs[i].len)
			break;
	}
	if (!n)
		return 0;
	ssize_t r = write ? (pos < 0 ? writev(f->host_fd, iov, n) : pwritev(f->host_fd, iov, n, pos))
			  : (pos < 0 ? readv(f->host_fd, iov, n) : preadv(f->host_fd, iov, n, pos));
	return host_ret(r);
}

/* A host terminal or pipe with nothing to read (or no room to write): the host call
 * would block emu and every other task, so the task sleeps until the scheduler's
 * host poll says the descriptor is ready. */
bool host_would_block(struct file *f, bool write)
{
	struct pollfd p = { f->host_fd, write ? POLLOUT : POLLIN, 0 };
	int flags = fcntl(f->host_fd, F_GETFL);

	if (flags >= 0 && (flags & O_NONBLOCK))
		return false; /* the host returns EAGAIN itself */
	return poll(&p, 1, 0) == 0;
}

long wait_for_host_fd(struct file *f, bool write)
{
	long ret = wait_event(WAIT_POLL, NULL, 0, 0, -ERESTARTSYS);

	if (ret == EMU_RESTART) {
		current->nr_host_waits = 1;
		current->host_waits[0].fd = f->host_fd;
		current->host_waits[0].events = write ? POLLOUT : POLLIN;
	}
	return ret;
}

/* Transfers all of segs to or from the host, batch by batch, until a short
 * transfer or an error. */
static long host_rw(struct file *f, struct guest_iov *segs, int nsegs, off_t pos, bool write)
{
	long done = 0;

	while (nsegs) {
		size_t wanted;
		long r = rw_batch(f, segs, nsegs, pos < 0 ? -1 : pos + done, write, !done, &wanted);
		if (r == -EPIPE && !done)
			send_sig(SIGPIPE, current, false); /* emu ignores the host's own */
		if (r < 0)
			return done ? done : r;
		done += r;
		if (write && f->proc_entry && (r = procfs_write(f, (size_t)r)) < 0)
			return r; /* the value was refused, as Linux's proc handlers refuse it */
		if (!wanted || (size_t)r < wanted)
			break;
		/* skip what this batch covered */
		while (nsegs && wanted >= segs->len) {
			wanted -= segs->len;
			segs++;
			nsegs--;
		}
		if (nsegs) {
			segs->base += wanted;
			segs->len -= wanted;
		}
	}
	return done;
}

/* A read of a host stream (stdin, a host pipe or terminal): what enters the run
 * from outside, recorded or replayed (kernel/replay/). */
static long host_stream_read(struct file *f, const struct guest_iov *segs, int nsegs)
{
	struct guest_iov copy[IOV_MAX];

	memcpy(copy, segs, nsegs * sizeof *segs);
	return host_rw(f, copy, nsegs, -1, false);
}

static long do_rw(int fd, struct guest_iov *segs, int nsegs, off_t pos, bool write)
{
	struct file *f = fdget(fd);

	if (!f)
		return -EBADF;
	if (f->f_op && f->f_op->rw_at) {
		off_t at = pos >= 0 ? pos : lseek(f->host_fd, 0, SEEK_CUR);
		long r = f->f_op->rw_at(f, segs, nsegs, at, write);
		if (r > 0 && pos < 0)
			lseek(f->host_fd, at + r, SEEK_SET);
		return r;
	}
	if (f->f_op) {
		if (pos >= 0)
			return -ESPIPE;
		long (*rw)(struct file *, const struct guest_iov *, int) =
			write ? f->f_op->write : f->f_op->read;
		return rw ? rw(f, segs, nsegs) : -EINVAL; /* Linux's answer with no method */
	}
	if (f->pipe) {
		if (pos >= 0)
			return -ESPIPE;
		return write ? pipe_write(f, segs, nsegs) : pipe_read(f, segs, nsegs);
	}
	if (f->may_block && record_would_block(f, write, host_would_block))
		return wait_for_host_fd(f, write);
	if (f->may_block && !write && pos < 0 && nsegs <= IOV_MAX)
		return record_stream_read(f, segs, nsegs, host_stream_read);
	return host_rw(f, segs, nsegs, pos, write);
}

/* The most one call moves, as Linux's MAX_RW_COUNT: INT_MAX rounded down to a page. */
#define MAX_RW_COUNT (INT_MAX & PAGE_MASK)

static long rw_one(int fd, uint64_t buf, size_t count, off_t pos, bool write)
{
	struct guest_iov seg = { buf, count > MAX_RW_COUNT ? MAX_RW_COUNT : count };

	struct file *f = fdget(fd);

	if (!count && (!f || !f->f_op)) /* emu's own files decide (eventfd: EINVAL) */
		return f ? 0 : -EBADF;
	return do_rw(fd, &seg, 1, pos, write);
}

static long rw_vec(int fd, uint64_t uiov, int iovcnt, off_t pos, bool write)
{
	struct guest_iov segs[IOV_MAX];

	if (iovcnt < 0 || iovcnt > IOV_MAX)
		return -EINVAL;
	if (copy_from_user(segs, uiov, iovcnt * sizeof segs[0]))
		return -EFAULT;
	size_t total = 0;
	for (int i = 0; i < iovcnt; i++) {
		if ((int64_t)segs[i].len < 0)
			return -EINVAL;
		if (segs[i].len > MAX_RW_COUNT - total) /* Linux truncates the vector there */
			segs[i].len = MAX_RW_COUNT - total;
		total += segs[i].len;
	}
	if (!fdget(fd))
		return -EBADF;
	return do_rw(fd, segs, iovcnt, pos, write);
}

SYSCALL_DEFINE3(read, int, fd, uint64_t, buf, size_t, count)
{
	return rw_one(fd, buf, count, -1, false);
}

SYSCALL_DEFINE3(write, int, fd, uint64_t, buf, size_t, count)
{
	return rw_one(fd, buf, count, -1, true);
}

SYSCALL_DEFINE4(pread64, int, fd, uint64_t, buf, size_t, count, long, pos)
{
	return pos < 0 ? -EINVAL : rw_one(fd, buf, count, pos, false);
}

SYSCALL_DEFINE4(pwrite64, int, fd, uint64_t, buf, size_t, count, long, pos)
{
	return pos < 0 ? -EINVAL : rw_one(fd, buf, count, pos, true);
}

SYSCALL_DEFINE3(readv, int, fd, uint64_t, iov, int, iovcnt)
{
	return rw_vec(fd, iov, iovcnt, -1, false);
}

SYSCALL_DEFINE3(writev, int, fd, uint64_t, iov, int, iovcnt)
{
	return rw_vec(fd, iov, iovcnt, -1, true);
}

SYSCALL_DEFINE3(lseek, int, fd, long, offset, int, whence)
{
	struct file *f = fdget(fd);

	if (f && f->pipe)
		return -ESPIPE;
	return f ? host_ret(lseek(f->host_fd, offset, whence)) : -EBADF;
}

SYSCALL_DEFINE4(sendfile, int, out_fd, int, in_fd, uint64_t, uoffset, size_t, count)
{
	struct file *out = fdget(out_fd), *in = fdget(in_fd);
	off_t off;
	long r;

	if (!out || !in)
		return -EBADF;
	if (uoffset && copy_from_user(&off, uoffset, sizeof off))
		return -EFAULT;
	if (sock_from_file(out)) /* one of emu's sockets: through its sendmsg */
		r = sock_sendfile(out, in, uoffset ? &off : NULL, count);
	else
		r = host_ret(sendfile(out->host_fd, in->host_fd, uoffset ? &off : NULL, count));
	if (r >= 0 && uoffset && copy_to_user(uoffset, &off, sizeof off))
		return -EFAULT;
	return r;
}
