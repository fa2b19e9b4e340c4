/* pidfd_open (Linux's kernel/pid.c): a descriptor for a process, readable (POLLIN)
 * once the process has ended, usable with pidfd_send_signal (kernel/kill.c) and
 * waitid(P_PIDFD). The descriptor keeps the init namespace's number and which holder
 * of it the process is (task->pid_gen): after a write to ns_last_pid a number can
 * come back, and a pidfd names only its own process, as Linux's struct pid does. A host
 * pidfd of emu itself stands in for fstat and fcntl. */
#include <emu/fs.h>
#include <emu/pidfd.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef PIDFD_NONBLOCK
#define PIDFD_NONBLOCK O_NONBLOCK
#endif

struct pidfd_ctx {
	int pid;
	unsigned int gen;      /* the task->pid_gen of the process it names */
	struct list_head list; /* on all_ctxs, newest first, for pidfd_notify */
};

static LIST_HEAD(all_ctxs);

/* Process pid's leader, not yet reaped; of holder gen only, unless gen is 0. */
static struct task *pidfd_leader(int pid, unsigned int gen)
{
	for (struct task *t = first_task_in_list(); t; t = t->next_task)
		if (t->pid == pid && t->tgid == pid && !t->reaped && (!gen || t->pid_gen == gen))
			return t;
	return NULL;
}

static short pidfd_poll(struct file *f, short events)
{
	struct pidfd_ctx *ctx = f->private_data;
	struct task *leader = pidfd_leader(ctx->pid, ctx->gen);

	if (!leader || !thread_group_alive(leader))
		return (POLLIN | POLLRDNORM) & events;
	return 0;
}

static long pidfd_read(struct file *f, const struct guest_iov *segs, int nsegs)
{
	return -EINVAL;
}

static void pidfd_release(struct file *f)
{
	struct pidfd_ctx *ctx = f->private_data;

	list_del(&ctx->list);
	free(ctx);
	f->private_data = NULL;
}

static const struct file_operations pidfd_fops = {
	.read = pidfd_read,
	.poll = pidfd_poll,
	.release = pidfd_release,
};

/* Process tgid ended: its pidfds become readable, for poll and for epoll sets. */
void pidfd_notify(int tgid)
{
	struct pidfd_ctx *ctx;

	list_for_each_entry(ctx, &all_ctxs, list)
		if (ctx->pid == tgid)
			ep_poll_wake(ctx, POLLIN);
	wake_up_pollers();
}

/* The pid a pidfd refers to, 0 once its process is reaped; -EBADF if fd is not one. */
int pidfd_pid(int fd)
{
	struct file *f = fdget(fd);
	struct pidfd_ctx *ctx;

	if (!f || f->f_op != &pidfd_fops)
		return -EBADF;
	ctx = f->private_data;
	return pidfd_leader(ctx->pid, ctx->gen) ? ctx->pid : 0; /* 0 names nothing */
}

/* A new pidfd for pid in current's table: the descriptor, or -errno. */
int pidfd_create(int pid, unsigned int gen, unsigned flags)
{
	struct pidfd_ctx *ctx;
	int fd;

	if (!(ctx = calloc(1, sizeof *ctx)))
		return -ENOMEM;
	ctx->pid = pid;
	ctx->gen = gen;
	INIT_LIST_HEAD(&ctx->list); /* the release of a failed one unlinks nothing */
	fd = anon_inode_getfd("anon_inode:[pidfd]", &pidfd_fops, ctx,
			      (int)syscall(SYS_pidfd_open, getpid(), flags & PIDFD_NONBLOCK),
			      O_RDWR | (flags & PIDFD_NONBLOCK), true /* always, as Linux */);
	if (fd >= 0)
		list_add(&ctx->list, &all_ctxs);
	return fd;
}

SYSCALL_DEFINE2(pidfd_open, int, pid, unsigned, flags)
{
	if (flags & ~(unsigned)PIDFD_NONBLOCK || pid <= 0)
		return -EINVAL;
	if (!(pid = pid_from_vnr(pid))) /* named in the caller's pid namespace */
		return -ESRCH;
	struct task *leader = pidfd_leader(pid, 0);
	if (!leader)
		return find_task(pid) ? -EINVAL : -ESRCH; /* a thread, not a process */
	return pidfd_create(pid, leader->pid_gen, flags);
}
