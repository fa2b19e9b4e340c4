/* Job control: stop signals stop the whole process, SIGCONT resumes it, and the
 * parent hears of both (SIGCHLD with CLD_STOPPED or CLD_CONTINUED, and wait4 with
 * WUNTRACED or WCONTINUED), as Linux's do_signal_stop and prepare_signal. A stopped
 * process's threads are simply not scheduled; a thread asleep in a call stays
 * asleep and resumes the call when continued. */
#include <emu/jobctl.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/task.h>
#include <emu/trace.h>
#include <unistd.h>

bool task_group_stopped(const struct task *t)
{
	return t->signal && t->signal->stopped;
}

/* SIGCHLD to the parent of t's process, unless it asked for SA_NOCLDSTOP; its
 * waits look again either way. */
void do_notify_parent_cldstop(struct task *t, int why)
{
	struct task *leader = t->group_leader, *parent = leader->parent;
	siginfo_t info = { .si_signo = SIGCHLD, .si_code = why };

	if (!parent || !parent->sighand)
		return;
	info.si_pid = task_tgid_nr_ns(leader, task_active_pid_ns(parent)); /* the parent's view */
	info.si_uid = leader->cred.uid;
	info.si_status = why == CLD_CONTINUED ? SIGCONT : t->signal->stop_report;
	if (!(parent->sighand->action[SIGCHLD - 1].flags & SA_NOCLDSTOP))
		send_signal_info(SIGCHLD, &info, parent, true);
	wake_up(WAIT_CHILD, parent->group_leader);
}

/* The default action of SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU. */
bool do_signal_stop(struct task *t, int sig)
{
	struct signal_struct *s = t->signal;

	s->stopped = true;
	s->stop_report = sig;
	s->continued_report = false;
	trace_stopped(t, sig);
	do_notify_parent_cldstop(t, CLD_STOPPED);
	return true;
}

/* SIGCONT was sent: a stopped process runs again, whatever its disposition. */
void prepare_continue(struct task *t)
{
	struct signal_struct *s = t->signal;

	if (!s->stopped)
		return;
	s->stopped = false;
	s->stop_report = 0;
	s->continued_report = true;
	trace_kernel(TRACE_PROC, "job control: process %d continued", t->tgid);
	do_notify_parent_cldstop(t, CLD_CONTINUED);
}
