/* alarm, setitimer and getitimer (Linux's kernel/time/itimer.c): ITIMER_REAL counts
 * down on the virtual monotonic clock and sends SIGALRM; ITIMER_VIRTUAL counts the
 * process's user time and sends SIGVTALRM, ITIMER_PROF its user and system time and
 * sends SIGPROF (kernel/cputime.c: both are virtual too). The scheduler fires due
 * timers between quanta and, when every task sleeps, lets virtual time jump to the
 * next ITIMER_REAL deadline (CPU time does not pass while everyone sleeps). */
#include <emu/mm.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/signalfd.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/timers.h>
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

/* The clock an interval timer counts on: virtual time, or the process's user or
 * user + system CPU time (kernel/cputime.c). */
static uint64_t itimer_clock(const struct task *t, int which)
{
	struct task_cputime c;

	if (which == ITIMER_REAL)
		return ktime_get_ns();
	thread_group_cputime(t, &c);
	return which == ITIMER_VIRTUAL ? c.utime : c.utime + c.stime;
}

static struct itimerval get_itimer(const struct task *t, int which)
{
	const struct cpu_itimer *it = &t->signal->it[which];
	uint64_t now = itimer_clock(t, which), left = 0;

	if (it->expires)
		left = it->expires > now ? it->expires - now : NS_PER_USEC;
	return (struct itimerval){ ns_to_tv(it->incr), ns_to_tv(left) };
}

static void set_itimer(struct task *t, int which, uint64_t value, uint64_t interval)
{
	struct cpu_itimer *it = &t->signal->it[which];

	it->expires = value ? itimer_clock(t, which) + value : 0;
	it->incr = interval;
}

static bool valid_which(int which)
{
	return which == ITIMER_REAL || which == ITIMER_VIRTUAL || which == ITIMER_PROF;
}

SYSCALL_DEFINE2(getitimer, int, which, uint64_t, uvalue)
{
	struct itimerval v;

	if (!valid_which(which))
		return -EINVAL;
	v = get_itimer(current, which);
	return copy_to_user(uvalue, &v, sizeof v);
}

SYSCALL_DEFINE3(setitimer, int, which, uint64_t, unew, uint64_t, uold)
{
	struct itimerval nv, ov;

	if (!valid_which(which))
		return -EINVAL;
	if (unew && copy_from_user(&nv, unew, sizeof nv))
		return -EFAULT;
	if (unew && (nv.it_value.tv_usec < 0 || nv.it_value.tv_usec >= 1000000 ||
		     nv.it_interval.tv_usec < 0 || nv.it_interval.tv_usec >= 1000000 ||
		     nv.it_value.tv_sec < 0 || nv.it_interval.tv_sec < 0))
		return -EINVAL;
	ov = get_itimer(current, which);
	if (unew)
		set_itimer(current, which, tv_to_ns(&nv.it_value), tv_to_ns(&nv.it_interval));
	return uold && copy_to_user(uold, &ov, sizeof ov) ? -EFAULT : 0;
}

/* Seconds left of the previous alarm, rounded to nearest, at least 1 if one was set. */
SYSCALL_DEFINE1(alarm, unsigned, seconds)
{
	struct itimerval ov = get_itimer(current, ITIMER_REAL);
	unsigned left = ov.it_value.tv_sec + (ov.it_value.tv_usec >= 500000);

	if (!left && ov.it_value.tv_usec)
		left = 1;
	set_itimer(current, ITIMER_REAL, (uint64_t)seconds * NS_PER_SEC, 0);
	return left;
}

/* Could sig, sent to t's process now, change anything: a thread that takes it or a
 * signalfd that reads it? If not, its timer is no reason to let time jump (a
 * periodic timer whose signal everyone blocks would otherwise spin forever). */
bool timer_signal_useful(const struct task *t, int sig)
{
	struct task *o;

	if (signalfd_watches(sig))
		return true;
	for_each_thread(t->group_leader, o)
		if (o->state != TASK_DEAD && !sig_ignored(o, sig) && !(o->blocked & sigbit(sig)))
			return true;
	return false;
}

uint64_t next_timer_deadline(void)
{
	uint64_t next = 0;

	for (struct task *t = first_task_in_list(); t; t = t->next_task) {
		if (t->state == TASK_DEAD || !t->signal)
			continue;
		uint64_t real = t->signal->it[ITIMER_REAL].expires, posix = posix_timers_next(t);
		if (real && !timer_signal_useful(t, SIGALRM))
			real = 0;
		if (real && (!next || real < next))
			next = real;
		if (posix && (!next || posix < next))
			next = posix;
	}
	return next;
}

/* A due timer sends its signal; a periodic one is rearmed from its expiry time. */
static void fire_itimer(struct task *t, int which, uint64_t now)
{
	static const int signo[] = { [ITIMER_REAL] = SIGALRM, [ITIMER_VIRTUAL] = SIGVTALRM,
				     [ITIMER_PROF] = SIGPROF };
	struct cpu_itimer *it = &t->signal->it[which];

	if (!it->expires || it->expires > now)
		return;
	if (it->incr) {
		while (it->expires <= now)
			it->expires += it->incr;
	} else {
		it->expires = 0;
	}
	trace_kernel(TRACE_PROC, "itimer: %s for process %d", signal_name(signo[which]), t->tgid);
	send_signal_info(signo[which], NULL, t, true);
}

/* Virtual-time timers of every process; called by the scheduler between quanta. */
void run_timers(void)
{
	uint64_t now = ktime_get_ns();

	for (struct task *t = first_task_in_list(); t; t = t->next_task) {
		if (t->state == TASK_DEAD || !t->signal)
			continue;
		posix_timers_run(t, now);
		fire_itimer(t, ITIMER_REAL, now);
	}
}

/* CPU-time timers of t's process: after t has run. */
void run_cpu_timers(struct task *t)
{
	if (t->state == TASK_DEAD || !t->signal)
		return;
	if (t->signal->it[ITIMER_VIRTUAL].expires)
		fire_itimer(t, ITIMER_VIRTUAL, itimer_clock(t, ITIMER_VIRTUAL));
	if (t->signal->it[ITIMER_PROF].expires)
		fire_itimer(t, ITIMER_PROF, itimer_clock(t, ITIMER_PROF));
}
