/* Virtual time: the clocks advance with executed blocks and system calls, and jump
 * when every task sleeps, so sleep(10) costs no real time and a run replays
 * exactly. --realtime uses the host's clocks instead. */
#include <emu/arch.h>
#include <emu/mm.h>
#include <emu/record.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/time_namespace.h>
#include <emu/timekeeping.h>
#include <errno.h>
#include <time.h>

#define NS_PER_SEC 1000000000ULL
#define BOOT_NS (1000 * NS_PER_SEC)      /* CLOCK_MONOTONIC at start: uptime 1000 s */
#define REALTIME_AT_BOOT 1767225600ULL   /* 2026-01-01 00:00:00 UTC */

static uint64_t slept_ns, nr_syscalls;
static int realtime;

void ktime_set_realtime(int on)
{
	realtime = on;
}

void ktime_count_syscall(void)
{
	nr_syscalls++;
}

uint64_t ktime_nr_syscalls(void)
{
	return nr_syscalls;
}

static uint64_t cpu_ns(void)
{
	return cpu_blocks() * NS_PER_BLOCK + nr_syscalls * NS_PER_SYSCALL;
}

static uint64_t host_clock_ns(int clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}

/* --realtime: the host's clocks, input from outside (recorded: kernel/replay/) */
static uint64_t host_ns(clockid_t clock)
{
	return record_clock(clock, host_clock_ns);
}

uint64_t ktime_get_ns(void)
{
	return realtime ? host_ns(CLOCK_MONOTONIC) : BOOT_NS + cpu_ns() + slept_ns;
}

uint64_t ktime_get_real_ns(void)
{
	if (realtime)
		return host_ns(CLOCK_REALTIME);
	return REALTIME_AT_BOOT * NS_PER_SEC + ktime_get_ns() - BOOT_NS;
}

void ktime_advance_to(uint64_t ns)
{
	uint64_t now = ktime_get_ns();

	if (realtime) {
		struct timespec ts = { (ns - now) / NS_PER_SEC, (ns - now) % NS_PER_SEC };
		if (ns > now && !record_skip_sleep()) /* a replay has its clock readings */
			nanosleep(&ts, NULL);
		return;
	}
	if (ns > now)
		slept_ns += ns - now;
}

/* A clock's value; -EINVAL for clocks emu does not have. */
static long clock_now(clockid_t clock, uint64_t *ns)
{
	switch (clock) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_TAI:
		*ns = ktime_get_real_ns();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		*ns = timens_add_offset(clock, ktime_get_ns()); /* as current's time namespace sees it */
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
		*ns = realtime ? host_ns(clock) : process_cputime_ns(current);
		return 0;
	case CLOCK_THREAD_CPUTIME_ID:
		*ns = realtime ? host_ns(clock) : thread_cputime_ns(current);
		return 0;
	default:
		return -EINVAL;
	}
}

static int put_timespec(uint64_t uts, uint64_t ns)
{
	struct timespec ts = { ns / NS_PER_SEC, ns % NS_PER_SEC };
	return copy_to_user(uts, &ts, sizeof ts);
}

/* 0 and the value in ns, or -EFAULT/-EINVAL for a bad struct timespec. */
long get_user_timespec(uint64_t uts, uint64_t *ns)
{
	struct timespec ts;

	if (copy_from_user(&ts, uts, sizeof ts))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (long)NS_PER_SEC)
		return -EINVAL;
	/* Linux's timespec64_to_ns: beyond KTIME_MAX (292 years) it saturates */
	*ns = (uint64_t)ts.tv_sec >= KTIME_MAX / NS_PER_SEC ? KTIME_MAX
							 : ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
	return 0;
}

uint64_t ktime_add_safe(uint64_t t, uint64_t ns)
{
	return ns >= KTIME_MAX || t >= KTIME_MAX - ns ? KTIME_MAX : t + ns;
}

SYSCALL_DEFINE2(clock_gettime, int, clock, uint64_t, uts)
{
	uint64_t ns;
	long err = clock_now(clock, &ns);

	return err ? err : put_timespec(uts, ns);
}

SYSCALL_DEFINE2(clock_getres, int, clock, uint64_t, uts)
{
	uint64_t ns;
	long err = clock_now(clock, &ns);

	if (err || !uts)
		return err;
	bool coarse = clock == CLOCK_REALTIME_COARSE || clock == CLOCK_MONOTONIC_COARSE;
	return put_timespec(uts, coarse ? 4000000 : 1);
}

SYSCALL_DEFINE2(gettimeofday, uint64_t, utv, uint64_t, utz)
{
	uint64_t ns = ktime_get_real_ns();
	struct timeval tv = { ns / NS_PER_SEC, ns % NS_PER_SEC / 1000 };
	struct { int minuteswest, dsttime; } tz = { 0, 0 };

	if (utv && copy_to_user(utv, &tv, sizeof tv))
		return -EFAULT;
	if (utz && copy_to_user(utz, &tz, sizeof tz))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE1(time, uint64_t, ut)
{
	int64_t now = ktime_get_real_ns() / NS_PER_SEC;

	if (ut && copy_to_user(ut, &now, sizeof now))
		return -EFAULT;
	return now;
}

long get_user_timeout(uint64_t uts, int64_t *ns)
{
	uint64_t v = 0;
	long err = uts ? get_user_timespec(uts, &v) : 0;

	*ns = uts ? (int64_t)v : -1;
	return err;
}

uint64_t poll_deadline(int64_t timeout_ns)
{
	if (current->restart_block.deadline)
		return current->restart_block.deadline;
	if (timeout_ns < 0)
		return 0;
	return timeout_ns == 0 ? 1 : ktime_add_safe(ktime_get_ns(), timeout_ns);
}

/* Sleeps until the monotonic deadline, which is kept across the call's runs. A
 * signal ends the sleep early: a relative sleep reports the time left in urem. */
static long sleep_until(uint64_t deadline, uint64_t urem, bool relative)
{
	uint64_t now = ktime_get_ns();
	long ret;

	if (current->restart_block.deadline)
		deadline = current->restart_block.deadline;
	ret = wait_event(WAIT_TIMER, NULL, deadline, 0,
			 relative ? -ERESTART_RESTARTBLOCK : -ERESTARTNOHAND);
	if (ret == -ERESTART_RESTARTBLOCK && urem) {
		uint64_t left = deadline - now;
		struct timespec rem = { left / NS_PER_SEC, left % NS_PER_SEC };
		if (copy_to_user(urem, &rem, sizeof rem))
			return -EFAULT;
	}
	return ret;
}

SYSCALL_DEFINE2(nanosleep, uint64_t, ureq, uint64_t, urem)
{
	uint64_t ns = 0;
	long err = current->restart_block.deadline ? 0 : get_user_timespec(ureq, &ns);

	return err ? err : sleep_until(ktime_add_safe(ktime_get_ns(), ns), urem, true);
}

SYSCALL_DEFINE4(clock_nanosleep, int, clock, int, flags, uint64_t, ureq, uint64_t, urem)
{
	uint64_t now, ns;
	long err;

	if (clock == CLOCK_THREAD_CPUTIME_ID)
		return -EOPNOTSUPP; /* a thread cannot sleep on its own CPU clock */
	if ((err = clock_now(clock, &now)))
		return err;
	if (current->restart_block.deadline) /* a restart: the deadline is set */
		return sleep_until(0, urem, !(flags & TIMER_ABSTIME));
	if ((err = get_user_timespec(ureq, &ns)))
		return err;
	if (!(flags & TIMER_ABSTIME))
		return sleep_until(ktime_add_safe(ktime_get_ns(), ns), urem, true);
	return ns > now ? sleep_until(ktime_add_safe(ktime_get_ns(), ns - now), urem, false) : 0;
}
