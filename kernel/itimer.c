/* alarm, setitimer and getitimer: ITIMER_REAL counts down on the virtual monotonic
 * clock and sends SIGALRM to the process (Linux's kernel/time/itimer.c). The
 * scheduler fires due timers and, when every task sleeps, lets virtual time jump to
 * the next one. ITIMER_VIRTUAL and ITIMER_PROF are not implemented (EINVAL). */
#include <emu/mm.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/trace.h>
#include <errno.h>
#include <sys/time.h>

#define NS_PER_SEC 1000000000ULL
#define NS_PER_USEC 1000ULL

static uint64_t tv_to_ns(const struct timeval *tv)
{
	return (uint64_t)tv->tv_sec * NS_PER_SEC + (uint64_t)tv->tv_usec * NS_PER_USEC;
}

static struct timeval ns_to_tv(uint64_t ns)
{
	return (struct timeval){ ns / NS_PER_SEC, ns % NS_PER_SEC / NS_PER_USEC };
}

static struct itimerval get_real_timer(const struct signal_struct *s)
{
	uint64_t now = ktime_get_ns(), left = 0;

	if (s->it_real_expires)
		left = s->it_real_expires > now ? s->it_real_expires - now : NS_PER_USEC;
	return (struct itimerval){ ns_to_tv(s->it_real_incr), ns_to_tv(left) };
}

static void set_real_timer(struct signal_struct *s, uint64_t value, uint64_t interval)
{
	s->it_real_expires = value ? ktime_get_ns() + value : 0;
	s->it_real_incr = interval;
}

SYSCALL_DEFINE2(getitimer, int, which, uint64_t, uvalue)
{
	struct itimerval v;

	if (which != ITIMER_REAL)
		return -EINVAL;
	v = get_real_timer(current->signal);
	return copy_to_user(uvalue, &v, sizeof v);
}

SYSCALL_DEFINE3(setitimer, int, which, uint64_t, unew, uint64_t, uold)
{
	struct itimerval nv, ov;

	if (which != ITIMER_REAL)
		return -EINVAL;
	if (unew && copy_from_user(&nv, unew, sizeof nv))
		return -EFAULT;
	if (unew && (nv.it_value.tv_usec < 0 || nv.it_value.tv_usec >= 1000000 ||
		     nv.it_interval.tv_usec < 0 || nv.it_interval.tv_usec >= 1000000 ||
		     nv.it_value.tv_sec < 0 || nv.it_interval.tv_sec < 0))
		return -EINVAL;
	ov = get_real_timer(current->signal);
	if (unew)
		set_real_timer(current->signal, tv_to_ns(&nv.it_value), tv_to_ns(&nv.it_interval));
	return uold && copy_to_user(uold, &ov, sizeof ov) ? -EFAULT : 0;
}

/* Seconds left of the previous alarm, rounded to nearest, at least 1 if one was set. */
SYSCALL_DEFINE1(alarm, unsigned, seconds)
{
	struct itimerval ov = get_real_timer(current->signal);
	unsigned left = ov.it_value.tv_sec + (ov.it_value.tv_usec >= 500000);

	if (!left && ov.it_value.tv_usec)
		left = 1;
	set_real_timer(current->signal, (uint64_t)seconds * NS_PER_SEC, 0);
	return left;
}

uint64_t next_timer_deadline(void)
{
	uint64_t next = 0;

	for (struct task *t = first_task_in_list(); t; t = t->next_task) {
		if (t->state == TASK_DEAD || !t->signal)
			continue;
		uint64_t real = t->signal->it_real_expires, posix = posix_timers_next(t->signal);
		if (real && (!next || real < next))
			next = real;
		if (posix && (!next || posix < next))
			next = posix;
	}
	return next;
}

/* Due timers send SIGALRM; a periodic one is rearmed from its expiry time. */
void run_timers(void)
{
	uint64_t now = ktime_get_ns();

	for (struct task *t = first_task_in_list(); t; t = t->next_task) {
		struct signal_struct *s = t->signal;
		if (t->state == TASK_DEAD || !s)
			continue;
		posix_timers_run(t, now);
		if (!s->it_real_expires || s->it_real_expires > now)
			continue;
		if (s->it_real_incr) {
			while (s->it_real_expires <= now)
				s->it_real_expires += s->it_real_incr;
		} else {
			s->it_real_expires = 0;
		}
		trace_kernel(TRACE_PROC, "itimer: SIGALRM for process %d", t->tgid);
		send_signal_info(SIGALRM, NULL, t, true);
	}
}
