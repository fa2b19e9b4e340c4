/* eventfd: Linux's fs/eventfd.c. The 64-bit counter is emu's, so that a write by one
 * task wakes a reader, a poller or an epoll set of another at once; a host eventfd of
 * the same flags stands in for fstat and fcntl (O_NONBLOCK is read from it). */
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <unistd.h>

struct eventfd_ctx {
	uint64_t count;
	bool semaphore;
	int id; /* fdinfo's eventfd-id: Linux numbers them from 0 */
};

static size_t iov_total(const struct guest_iov *segs, int nsegs)
{
	size_t n = 0;

	for (int i = 0; i < nsegs; i++)
		n += segs[i].len;
	return n;
}

/* The 8 bytes go to or come from the start of the guest's segments. */
static int copy_iov(const struct guest_iov *segs, int nsegs, void *buf, size_t len, bool to_user)
{
	char *p = buf;

	for (int i = 0; i < nsegs && len; i++) {
		size_t n = segs[i].len < len ? segs[i].len : len;
		int err = to_user ? copy_to_user(segs[i].base, p, n) : copy_from_user(p, segs[i].base, n);
		if (err)
			return err;
		p += n;
		len -= n;
	}
	return 0;
}

static void eventfd_changed(struct eventfd_ctx *ctx, unsigned key)
{
	wake_up(WAIT_EVENTFD, ctx);
	wake_up_pollers();
	ep_poll_wake(ctx, key);
}

static long efd_read(struct file *f, const struct guest_iov *segs, int nsegs)
{
	struct eventfd_ctx *ctx = f->private_data;
	uint64_t ucnt;

	if (iov_total(segs, nsegs) < sizeof ucnt)
		return -EINVAL;
	if (!ctx->count) {
		if (file_nonblocking(f))
			return -EAGAIN;
		return wait_event(WAIT_EVENTFD, ctx, 0, 0, -ERESTARTSYS);
	}
	ucnt = ctx->semaphore ? 1 : ctx->count;
	if (copy_iov(segs, nsegs, &ucnt, sizeof ucnt, true))
		return -EFAULT;
	ctx->count -= ucnt;
	eventfd_changed(ctx, POLLOUT);
	return sizeof ucnt;
}

static long efd_write(struct file *f, const struct guest_iov *segs, int nsegs)
{
	struct eventfd_ctx *ctx = f->private_data;
	uint64_t ucnt;

	if (iov_total(segs, nsegs) < sizeof ucnt)
		return -EINVAL;
	if (copy_iov(segs, nsegs, &ucnt, sizeof ucnt, false))
		return -EFAULT;
	if (ucnt == UINT64_MAX)
		return -EINVAL;
	if (UINT64_MAX - ctx->count <= ucnt) {
		if (file_nonblocking(f))
			return -EAGAIN;
		return wait_event(WAIT_EVENTFD, ctx, 0, 0, -ERESTARTSYS);
	}
	ctx->count += ucnt;
	eventfd_changed(ctx, POLLIN); /* even for 0, as Linux */
	return sizeof ucnt;
}

static short eventfd_poll(struct file *f, short events)
{
	struct eventfd_ctx *ctx = f->private_data;
	short r = 0;

	if (ctx->count > 0)
		r |= POLLIN | POLLRDNORM;
	if (ctx->count == UINT64_MAX)
		r |= POLLERR;
	if (UINT64_MAX - 1 > ctx->count)
		r |= POLLOUT | POLLWRNORM;
	return r & (events | POLLERR | POLLHUP);
}

static void eventfd_release(struct file *f)
{
	eventfd_changed(f->private_data, POLLHUP);
	free(f->private_data);
	f->private_data = NULL;
}

static void eventfd_show_fdinfo(FILE *m, struct file *f)
{
	struct eventfd_ctx *ctx = f->private_data;

	fprintf(m, "eventfd-count: %16llx\neventfd-id: %d\neventfd-semaphore: %d\n",
		(unsigned long long)ctx->count, ctx->id, ctx->semaphore);
}

static const struct file_operations eventfd_fops = {
	.show_fdinfo = eventfd_show_fdinfo,
	.read = efd_read,
	.write = efd_write,
	.poll = eventfd_poll,
	.release = eventfd_release,
};

static long do_eventfd(unsigned initval, int flags)
{
	struct eventfd_ctx *ctx;

	if (flags & ~(EFD_CLOEXEC | EFD_NONBLOCK | EFD_SEMAPHORE))
		return -EINVAL;
	if (!(ctx = calloc(1, sizeof *ctx)))
		return -ENOMEM;
	ctx->count = initval;
	static int next_id;
	ctx->semaphore = flags & EFD_SEMAPHORE;
	ctx->id = next_id++;
	return anon_inode_getfd("anon_inode:[eventfd]", &eventfd_fops, ctx,
				eventfd(0, EFD_CLOEXEC | (flags & EFD_NONBLOCK)),
				O_RDWR | (flags & EFD_NONBLOCK), flags & EFD_CLOEXEC);
}

SYSCALL_DEFINE2(eventfd2, unsigned, initval, int, flags)
{
	return do_eventfd(initval, flags);
}

SYSCALL_DEFINE1(eventfd, unsigned, initval)
{
	return do_eventfd(initval, 0);
}
