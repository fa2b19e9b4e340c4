/* flock(2): Linux's fs/locks.c for BSD locks, held by the host. An open file
 * description holds the lock (dup and fork share it, a second open does not), as it
 * holds its host descriptor, so the host's flock has the right owner. Every guest
 * process lives in one host process, so a lock that must wait is never asked for
 * with the host's blocking call (it would stop emu): the task tries again every
 * FLOCK_RETRY_NS of virtual time, which keeps a run deterministic. A lock held by a
 * host process outside emu is seen as well. */
#include <emu/arch.h>
#include <emu/fs.h>
#include <emu/sched.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <errno.h>
#include <sys/file.h>

#define FLOCK_RETRY_NS 1000000ULL /* 1 ms */

SYSCALL_DEFINE2(flock, int, fd, unsigned, cmd)
{
	struct file *f = fdget(fd);
	unsigned type = cmd & ~LOCK_NB;

	if (!f)
		return -EBADF;
	if (type != LOCK_SH && type != LOCK_EX && type != LOCK_UN)
		return -EINVAL;
	if (f->host_fd < 0)
		return 0; /* a pipe: nobody else can name its inode to lock it */
	if (flock(f->host_fd, (int)(type | LOCK_NB)) == 0)
		return 0;
	if (errno != EWOULDBLOCK || (cmd & LOCK_NB))
		return -errno;
	return wait_event(WAIT_TIMER, NULL, ktime_get_ns() + FLOCK_RETRY_NS, EMU_RESTART,
			  -ERESTARTSYS);
}
