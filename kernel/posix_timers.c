/* POSIX interval timers (Linux's kernel/time/posix-timers.c): timer_create with
 * SIGEV_SIGNAL, SIGEV_THREAD_ID or SIGEV_NONE on CLOCK_REALTIME or CLOCK_MONOTONIC
 * (and CLOCK_BOOTTIME, which is the same here), timer_settime (relative or
 * TIMER_ABSTIME, one-shot or periodic), timer_gettime, timer_getoverrun,
 * timer_delete. They count down on the virtual clock; the scheduler fires them
 * (kernel/itimer.c). A timer whose signal is still queued when it fires again
 * counts an overrun instead of queuing another. A process's timers go at execve
 * and exit. */
#include <emu/mm.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/time_namespace.h>
#include <emu/timekeeping.h>
#include <emu/timers.h>
#include <emu/trace.h>
#include <errno.h>
#include <stdlib.h>
#include <time.h>

#define NS_PER_SEC 1000000000ULL
#define MAX_TIMERS 1024
#ifndef SIGEV_THREAD_ID
#define SIGEV_THREAD_ID 4
#endif

struct k_itimer {
	struct list_head list; /* on its process's signal->posix_timers, newest first */
	int id, clock, notify, signo, tid;
	union sigval value;
	uint64_t expires, interval; /* monotonic virtual ns; 0: disarmed */
	int overrun, overrun_last;
};

/* The guest's struct sigevent, as far as the kernel reads it. */
struct sigevent_k {
	union sigval value;
	int signo, notify;
	int tid;
};

static struct k_itimer *find_timer(int id)
{
	struct k_itimer *k;

	list_for_each_entry(k, &current->signal->posix_timers, list)
		if (k->id == id)
			return k;
	return NULL;
}

static int alloc_timer_id(void)
{
	for (int id = 0; id < MAX_TIMERS; id++)
		if (!find_timer(id))
			return id;
	return -1;
}

static long check_sigevent(const struct sigevent_k *ev)
{
	if (ev->notify != SIGEV_NONE && ev->notify != SIGEV_SIGNAL && ev->notify != SIGEV_THREAD_ID)
		return -EINVAL;
	if (ev->notify != SIGEV_NONE && (ev->signo < 1 || ev->signo > NSIG_EMU))
		return -EINVAL;
	if (ev->notify == SIGEV_THREAD_ID) {
		struct task *t = find_task(ev->tid);
		if (!t || t->tgid != current->tgid)
			return -EINVAL;
	}
	return 0;
}

SYSCALL_DEFINE3(timer_create, int, clock, uint64_t, uevent, uint64_t, uid)
{
	struct sigevent_k ev = { .signo = SIGALRM, .notify = SIGEV_SIGNAL };
	struct k_itimer *k;
	long err;
	int id;

	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC && clock != CLOCK_BOOTTIME)
		return -EINVAL;
	if (uevent && copy_from_user(&ev, uevent, sizeof ev))
		return -EFAULT;
	if ((err = check_sigevent(&ev)))
		return err;
	if ((id = alloc_timer_id()) < 0)
		return -EAGAIN;
	if (!uevent)
		ev.value.sival_int = id;
	if (copy_to_user(uid, &id, sizeof id))
		return -EFAULT;
	if (!(k = calloc(1, sizeof *k)))
		return -ENOMEM;
	*k = (struct k_itimer){ .id = id, .clock = clock, .notify = ev.notify, .signo = ev.signo,
				.tid = ev.tid, .value = ev.value };
	list_add(&k->list, &current->signal->posix_timers);
	return 0;
}

static struct timespec ns_ts(uint64_t ns)
{
	return (struct timespec){ ns / NS_PER_SEC, ns % NS_PER_SEC };
}

static struct itimerspec timer_value(const struct k_itimer *k)
{
	uint64_t now = ktime_get_ns(), left = k->expires > now ? k->expires - now : 0;

	if (k->expires && !left)
		left = 1; /* due, not fired yet */
	return (struct itimerspec){ ns_ts(k->interval), ns_ts(left) };
}

SYSCALL_DEFINE2(timer_gettime, int, id, uint64_t, uvalue)
{
	struct k_itimer *k = find_timer(id);
	struct itimerspec v;

	if (!k)
		return -EINVAL;
	v = timer_value(k);
	return copy_to_user(uvalue, &v, sizeof v);
}

/* An absolute time on the timer's clock, as a monotonic deadline. */
static uint64_t abs_deadline(const struct k_itimer *k, uint64_t when)
{
	uint64_t now = ktime_get_ns(), clock_now = k->clock == CLOCK_REALTIME ? ktime_get_real_ns()
					  : (uint64_t)timens_add_offset(k->clock, (int64_t)now); /* the caller's view */

	return when > clock_now ? ktime_add_safe(now, when - clock_now) : now;
}

SYSCALL_DEFINE4(timer_settime, int, id, int, flags, uint64_t, unew, uint64_t, uold)
{
	struct k_itimer *k = find_timer(id);
	struct itimerspec ov;
	uint64_t interval, value;
	long err;

	if (!k)
		return -EINVAL;
	/* struct itimerspec: it_interval, then it_value */
	if ((err = get_user_timespec(unew, &interval)) ||
	    (err = get_user_timespec(unew + sizeof(struct timespec), &value)))
		return err;
	ov = timer_value(k);
	k->interval = interval;
	k->overrun = 0;
	if (!value)
		k->expires = 0;
	else if (flags & TIMER_ABSTIME)
		k->expires = abs_deadline(k, value);
	else
		k->expires = ktime_add_safe(ktime_get_ns(), value);
	return uold && copy_to_user(uold, &ov, sizeof ov) ? -EFAULT : 0;
}

SYSCALL_DEFINE1(timer_getoverrun, int, id)
{
	struct k_itimer *k = find_timer(id);

	return k ? k->overrun_last : -EINVAL;
}

SYSCALL_DEFINE1(timer_delete, int, id)
{
	struct k_itimer *k = find_timer(id);

	if (!k)
		return -EINVAL;
	list_del(&k->list);
	free(k);
	return 0;
}

void exit_itimers(struct signal_struct *sig)
{
	struct k_itimer *k, *n;

	list_for_each_entry_safe(k, n, &sig->posix_timers, list) {
		list_del(&k->list);
		free(k);
	}
}

/* The timer's signal, if it is still queued on pending. */
static struct sigqueue *queued_timer_signal(struct sigpending *pending, int id)
{
	struct sigqueue *q;

	list_for_each_entry(q, &pending->list, list)
		if (q->info.si_code == SI_TIMER && q->info.si_timerid == id)
			return q;
	return NULL;
}

static void fire(struct task *t, struct k_itimer *k)
{
	struct task *target = k->notify == SIGEV_THREAD_ID ? find_task(k->tid) : t;
	struct sigpending *pending;
	struct sigqueue *q;

	if (k->notify == SIGEV_NONE || !target)
		return;
	pending = k->notify == SIGEV_THREAD_ID ? &target->pending : &t->signal->shared_pending;
	if ((q = queued_timer_signal(pending, k->id))) {
		q->info.si_overrun = k->overrun_last = ++k->overrun;
		return;
	}
	siginfo_t info = { .si_signo = k->signo, .si_code = SI_TIMER };
	info.si_timerid = k->id;
	info.si_value = k->value;
	info.si_overrun = k->overrun_last = k->overrun;
	k->overrun = 0;
	trace_kernel(TRACE_PROC, "timer %d of process %d fires", k->id, t->tgid);
	send_signal_info(k->signo, &info, target, k->notify != SIGEV_THREAD_ID);
}

/* The earliest expiry of t's process's timers whose signal can change anything. */
uint64_t posix_timers_next(const struct task *t)
{
	const struct k_itimer *k;
	uint64_t next = 0;

	list_for_each_entry(k, &t->signal->posix_timers, list)
		if (k->expires && (!next || k->expires < next) && k->notify != SIGEV_NONE &&
		    timer_signal_useful(t, k->signo))
			next = k->expires;
	return next;
}

/* Fires t's process's due timers and rearms the periodic ones. */
void posix_timers_run(struct task *t, uint64_t now)
{
	struct k_itimer *k;

	list_for_each_entry(k, &t->signal->posix_timers, list) {
		if (!k->expires || k->expires > now)
			continue;
		if (k->interval) {
			while (k->expires <= now) {
				k->expires += k->interval;
				if (k->expires <= now)
					k->overrun++; /* periods that passed unseen */
			}
		} else {
			k->expires = 0;
		}
		fire(t, k);
	}
}
