/* Waiting for signals: pause, rt_sigsuspend and rt_sigtimedwait. Like every call
 * that sleeps here, they run again when woken, so each run checks first whether it
 * is a restart (a mask already in force). */
#include <emu/mm.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/sigwait.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/timekeeping.h>
#include <errno.h>
#include <string.h>
#include <time.h>

SYSCALL_DEFINE0(pause)
{
	return wait_event(WAIT_SIGNAL, NULL, 0, 0, -ERESTARTNOHAND);
}

/* The mask is in force until a handler has run; the frame keeps the old one and
 * rt_sigreturn puts it back (saved_sigmask, as Linux's). */
SYSCALL_DEFINE2(rt_sigsuspend, uint64_t, umask, size_t, sigsetsize)
{
	uint64_t mask;

	if (sigsetsize != 8)
		return -EINVAL;
	if (!current->restore_sigmask) {
		if (copy_from_user(&mask, umask, sizeof mask))
			return -EFAULT;
		current->saved_sigmask = current->blocked;
		current->restore_sigmask = true;
		set_current_blocked(mask);
	}
	return wait_event(WAIT_SIGNAL, NULL, 0, 0, -ERESTARTNOHAND);
}

static void end_sigtimedwait(void)
{
	if (current->in_sigtimedwait) {
		current->blocked = current->real_blocked;
		current->real_blocked = 0;
		current->in_sigtimedwait = false;
	}
}

static long timeout_deadline(uint64_t uts, uint64_t *deadline)
{
	uint64_t ns;
	long err;

	*deadline = 0;
	if (!uts)
		return 0;
	if ((err = get_user_timespec(uts, &ns)))
		return err;
	*deadline = ktime_add_safe(ktime_get_ns(), ns);
	return 0;
}

/* While it waits, the signals it waits for are unblocked so that sending one wakes
 * it; nothing else sees them unblocked, since it dequeues them itself. */
SYSCALL_DEFINE4(rt_sigtimedwait, uint64_t, uthese, uint64_t, uinfo, uint64_t, uts,
		size_t, sigsetsize)
{
	uint64_t set, deadline = current->restart_block.deadline;
	siginfo_t info;
	long err;

	if (sigsetsize != 8)
		return -EINVAL;
	if (copy_from_user(&set, uthese, sizeof set))
		return -EFAULT;
	set &= ~SIG_KERNEL_ONLY_MASK;
	int sig = dequeue_signal(current, set, &info);
	if (sig) {
		end_sigtimedwait();
		return uinfo && copy_to_user(uinfo, &info, sizeof info) ? -EFAULT : sig;
	}
	if (!current->in_sigtimedwait) { /* the first run */
		if ((err = timeout_deadline(uts, &deadline)))
			return err;
		if (uts && deadline <= ktime_get_ns())
			return -EAGAIN;
		current->real_blocked = current->blocked;
		current->in_sigtimedwait = true;
		current->blocked &= ~set;
	}
	long ret = wait_event(WAIT_SIGNAL, NULL, deadline, -EAGAIN, -EINTR);
	if (ret != EMU_RESTART)
		end_sigtimedwait();
	return ret;
}

/* ppoll and pselect6: the mask is in force while the call waits (set on its first
 * run only); if a signal interrupts it, delivery restores the old mask after the
 * handler, as rt_sigsuspend; otherwise it goes back when the call returns. */
long set_user_sigmask(uint64_t umask, size_t sigsetsize)
{
	uint64_t mask;

	if (!umask || current->restore_sigmask)
		return 0;
	if (sigsetsize != 8)
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof mask))
		return -EFAULT;
	current->saved_sigmask = current->blocked;
	current->restore_sigmask = true;
	set_current_blocked(mask);
	return 0;
}

long restore_user_sigmask(uint64_t umask, long ret)
{
	if (umask && ret != EMU_RESTART && !is_restart_code(ret) && current->restore_sigmask) {
		current->blocked = current->saved_sigmask;
		current->restore_sigmask = false;
	}
	return ret;
}
