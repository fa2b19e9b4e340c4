/* signalfd: Linux's fs/signalfd.c. Reading takes pending signals in the descriptor's
 * mask from the reading task (its own, then its process's), as struct
 * signalfd_siginfo records; nothing pending: it sleeps, or EAGAIN with O_NONBLOCK.
 * The signals are normally blocked, so sending one wakes no thread: every send
 * calls signalfd_notify, which wakes readers, pollers and epoll sets. A host
 * signalfd with an empty mask stands in for fstat and fcntl. */
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/signalfd.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

struct signalfd_ctx {
	uint64_t mask;
	struct list_head list; /* on all_ctxs, newest first, for signalfd_notify */
};

static LIST_HEAD(all_ctxs);

bool signalfd_watches(int sig)
{
	struct signalfd_ctx *ctx;

	list_for_each_entry(ctx, &all_ctxs, list)
		if (ctx->mask & sigbit(sig))
			return true;
	return false;
}

void signalfd_notify(int sig)
{
	struct signalfd_ctx *ctx;

	list_for_each_entry(ctx, &all_ctxs, list)
		if (ctx->mask & sigbit(sig)) {
			wake_up(WAIT_SIGNAL, ctx);
			ep_poll_wake(ctx, POLLIN);
		}
	wake_up_pollers();
}

static bool is_fault(int signo)
{
	return signo == SIGSEGV || signo == SIGBUS || signo == SIGILL || signo == SIGFPE ||
	       signo == SIGTRAP;
}

/* Only the fields of the siginfo's layout, as Linux's signalfd_copyinfo. */
static void fill_ssi(struct signalfd_siginfo *ssi, const siginfo_t *info)
{
	int code = info->si_code;

	memset(ssi, 0, sizeof *ssi);
	ssi->ssi_signo = info->si_signo;
	ssi->ssi_errno = info->si_errno;
	ssi->ssi_code = code;
	if (code == SI_TIMER) {
		ssi->ssi_tid = info->si_timerid;
		ssi->ssi_overrun = info->si_overrun;
		ssi->ssi_int = info->si_int;
		ssi->ssi_ptr = (uint64_t)info->si_ptr;
	} else if (code > 0 && code != SI_KERNEL && is_fault(info->si_signo)) {
		ssi->ssi_addr = (uint64_t)info->si_addr;
	} else if (code > 0 && code != SI_KERNEL && info->si_signo == SIGCHLD) {
		ssi->ssi_pid = info->si_pid;
		ssi->ssi_uid = info->si_uid;
		ssi->ssi_status = info->si_status;
		ssi->ssi_utime = info->si_utime;
		ssi->ssi_stime = info->si_stime;
	} else {
		ssi->ssi_pid = info->si_pid; /* kill, tkill, sigqueue */
		ssi->ssi_uid = info->si_uid;
		if (code < 0) {
			ssi->ssi_int = info->si_int;
			ssi->ssi_ptr = (uint64_t)info->si_ptr;
		}
	}
}

static long sfd_read(struct file *f, const struct guest_iov *segs, int nsegs)
{
	struct signalfd_ctx *ctx = f->private_data;
	struct signalfd_siginfo ssi;
	siginfo_t info;
	long done = 0;

	for (int i = 0; i < nsegs; i++) {
		uint64_t at = segs[i].base, left = segs[i].len;
		while (left >= sizeof ssi && dequeue_signal(current, ctx->mask, &info)) {
			fill_ssi(&ssi, &info);
			if (copy_to_user(at, &ssi, sizeof ssi))
				return done ? done : -EFAULT;
			at += sizeof ssi;
			left -= sizeof ssi;
			done += sizeof ssi;
		}
	}
	if (done)
		return done;
	if (segs[0].len < sizeof ssi)
		return -EINVAL;
	if (file_nonblocking(f))
		return -EAGAIN;
	return wait_event(WAIT_SIGNAL, ctx, 0, 0, -ERESTARTSYS);
}

static short sfd_poll(struct file *f, short events)
{
	struct signalfd_ctx *ctx = f->private_data;

	return task_sigpending_in(current, ctx->mask) ? (POLLIN | POLLRDNORM) & events : 0;
}

static void sfd_release(struct file *f)
{
	struct signalfd_ctx *ctx = f->private_data;

	list_del(&ctx->list);
	free(ctx);
	f->private_data = NULL;
}

static void sfd_show_fdinfo(FILE *m, struct file *f)
{
	struct signalfd_ctx *ctx = f->private_data;

	fprintf(m, "sigmask:\t%016llx\n", (unsigned long long)ctx->mask);
}

static const struct file_operations signalfd_fops = {
	.show_fdinfo = sfd_show_fdinfo,
	.read = sfd_read,
	.poll = sfd_poll,
	.release = sfd_release,
};

static long new_signalfd(uint64_t mask, int flags)
{
	struct signalfd_ctx *ctx = calloc(1, sizeof *ctx);
	sigset_t empty;
	int fd;

	if (!ctx)
		return -ENOMEM;
	ctx->mask = mask;
	INIT_LIST_HEAD(&ctx->list); /* the release of a failed one unlinks nothing */
	sigemptyset(&empty);
	fd = anon_inode_getfd("anon_inode:[signalfd]", &signalfd_fops, ctx,
			      signalfd(-1, &empty, SFD_CLOEXEC | (flags & SFD_NONBLOCK)),
			      O_RDWR | (flags & SFD_NONBLOCK), flags & SFD_CLOEXEC); /* as Linux's */
	if (fd >= 0)
		list_add(&ctx->list, &all_ctxs);
	return fd;
}

SYSCALL_DEFINE4(signalfd4, int, fd, uint64_t, umask, size_t, sizemask, int, flags)
{
	uint64_t mask;

	if ((flags & ~(SFD_CLOEXEC | SFD_NONBLOCK)) || sizemask != sizeof mask)
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof mask))
		return -EFAULT;
	mask &= ~SIG_KERNEL_ONLY_MASK;
	if (fd == -1)
		return new_signalfd(mask, flags);
	struct file *f = fdget(fd);
	if (!f)
		return -EBADF;
	if (f->f_op != &signalfd_fops)
		return -EINVAL;
	((struct signalfd_ctx *)f->private_data)->mask = mask;
	return fd;
}

SYSCALL_DEFINE3(signalfd, int, fd, uint64_t, umask, size_t, sizemask)
{
	uint64_t args6[6] = { (uint64_t)fd, umask, sizemask, 0, 0, 0 };
	return sys_signalfd4(args6);
}
