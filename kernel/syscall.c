/* System call dispatch: look the number up, run the handler, trace the call. */
#include <emu/init.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/timekeeping.h>
#include <emu/timeline.h>
#include <emu/trace.h>
#include <errno.h>
#include <sys/syscall.h>

long do_syscall(struct task *t, long nr, const uint64_t *args)
{
	struct restart_block *restart = &t->restart_block;
	long (*resume)(struct restart_block *) = restart->fn;
	const struct syscall_desc *d = NULL;
	long ret;

	current = t;
	ktime_count_syscall();
	t->acct.stime += NS_PER_SYSCALL;
	if (nr >= 0 && nr < NR_SYSCALLS && syscall_table[nr].fn)
		d = &syscall_table[nr];
	if (!d) {
		trace_syscall(t, nr, NULL, args, -ENOSYS);
		return -ENOSYS;
	}
	if (d->ret == R_NORETURN || d->ret == R_EXEC) {
		trace_syscall_enter(t, nr, d, args);
		timeline_syscall_enter(t, nr, args);
	}
	restart->in_syscall = false;
	restart->fn = NULL; /* the call sets it again if it sleeps again */
	syscall_in_progress = nr;
	trace_syscall_start(t, nr, args);
	ret = resume ? resume(restart) : d->fn(args);
	syscall_in_progress = -1;
	if (t->sigreturn) { /* the restored RAX, not a result to act on */
		trace_syscall(t, nr, d, args, ret);
		return ret;
	}
	if (ret == EMU_RESTART && t->state == TASK_SLEEPING && signal_pending(t)) {
		/* a call that went to sleep without wait_event, which looks for a signal
		 * first: it is interrupted instead; one that did part of its work reports
		 * that (Linux's wait loops) */
		wake_task(t);
		t->thread.stop = STOP_NONE;
		restart->fn = NULL;
		ret = restart->progress ? (long)restart->progress : -ERESTARTSYS;
	}
	if (ret != EMU_RESTART && !is_restart_code(ret)) {
		restart->deadline = 0; /* the call is over: its deadline and progress with it */
		restart->progress = 0;
	}
	if (d->ret != R_NORETURN)
		trace_syscall(t, nr, d, args, ret);
	return ret;
}

/* The machine's system-call entry (emu/arch.h): the call, then how it leaves. */
enum syscall_exit do_syscall_64(struct task *t, long nr, const uint64_t args[6], long *ret)
{
	enum syscall_exit how = SYSCALL_RETURN;

	*ret = do_syscall(t, nr, args);
	timeline_syscall(t, nr, args, *ret);
	if (t->sigreturn) {
		/* every register comes from the frame; RAX is the restored one, whatever
		 * it looks like */
		how = SYSCALL_SIGRETURN;
	} else if (*ret == EMU_RESTART || is_restart_code(*ret)) {
		/* it runs again when the task wakes, or do_signal makes it EINTR */
		if (*ret == EMU_RESTART)
			t->restart_block.in_syscall = true;
		else
			t->restart_block.code = (int)*ret;
		how = SYSCALL_RESTART;
	}
	if (t->thread.stop == STOP_NONE && exit_to_user_mode_pending(t))
		t->thread.stop = STOP_SIGNAL;
	/* thread creation, wake-ups and futex calls are scheduling points */
	if (t->thread.stop == STOP_NONE && how == SYSCALL_RETURN &&
	    sched_point(t, nr == SYS_futex || nr == SYS_futex_waitv))
		t->thread.stop = STOP_PREEMPT;
	return how;
}
