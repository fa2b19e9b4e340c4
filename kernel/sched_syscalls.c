/* The scheduler's system calls (Linux's kernel/sched/syscalls.c): sched_yield,
 * affinity, policies and priorities, getcpu. emu's machine has a fixed number of
 * CPUs (1, or --cpus N), all run by one host thread in a fixed order: affinity
 * masks, policies and priorities are checked, kept and reported as Linux does, but
 * the round-robin order does not depend on them. getcpu reports the lowest CPU a
 * task may run on. */
#include <emu/mm.h>
#include <emu/sched.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <errno.h>
#include <linux/capability.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#define MAX_CPUS 64
#define MAX_RT_PRIO 99

static int nr_cpus = 1;

void sched_set_nr_cpus(int n)
{
	nr_cpus = n;
}

int sched_nr_cpus(void)
{
	return nr_cpus;
}

static uint64_t online_mask(void)
{
	return nr_cpus == MAX_CPUS ? ~0ULL : (1ULL << nr_cpus) - 1;
}

void sched_fork(struct task *p)
{
	p->cpus_mask = current ? current->cpus_mask : online_mask();
	p->policy = current ? current->policy : SCHED_OTHER;
	p->rt_priority = current ? current->rt_priority : 0;
	p->nice = current ? current->nice : 0;
	if (current && current->sched_reset_on_fork) {
		p->policy = SCHED_OTHER;
		p->rt_priority = 0;
		p->nice = p->nice < 0 ? 0 : p->nice;
		p->sched_reset_on_fork = false;
	}
}

SYSCALL_DEFINE0(sched_yield)
{
	current->thread.stop = STOP_PREEMPT; /* let the scheduler pick the next task */
	return 0;
}

/* pid 0 is the caller; any thread of any process otherwise. */
static struct task *find_sched_task(int pid)
{
	if (pid < 0)
		return NULL;
	return pid ? find_task_by_vpid(pid) : current;
}

SYSCALL_DEFINE3(sched_getaffinity, int, pid, unsigned, len, uint64_t, umask)
{
	struct task *t = find_sched_task(pid);

	if (pid < 0)
		return -EINVAL;
	if (!t)
		return -ESRCH;
	if (len < sizeof(uint64_t) || (len & (sizeof(long) - 1)))
		return -EINVAL;
	return copy_to_user(umask, &t->cpus_mask, sizeof t->cpus_mask) ? -EFAULT
								       : (long)sizeof(uint64_t);
}

SYSCALL_DEFINE3(sched_setaffinity, int, pid, unsigned, len, uint64_t, umask)
{
	struct task *t = find_sched_task(pid);
	uint64_t mask = 0;

	if (pid < 0)
		return -EINVAL;
	if (!t)
		return -ESRCH;
	if (copy_from_user(&mask, umask, len < sizeof mask ? len : sizeof mask))
		return -EFAULT;
	mask &= online_mask();
	if (!mask)
		return -EINVAL; /* no CPU it could run on */
	t->cpus_mask = mask;
	return 0;
}

SYSCALL_DEFINE3(getcpu, uint64_t, ucpu, uint64_t, unode, uint64_t, unused)
{
	unsigned cpu = (unsigned)__builtin_ctzll(current->cpus_mask), node = 0;

	if (ucpu && copy_to_user(ucpu, &cpu, sizeof cpu))
		return -EFAULT;
	if (unode && copy_to_user(unode, &node, sizeof node))
		return -EFAULT;
	return 0;
}

static bool rt_policy(int policy)
{
	return policy == SCHED_FIFO || policy == SCHED_RR;
}

/* Linux's rules: real-time policies take 1-99, the others 0; raising to a
 * real-time policy needs privilege (RLIMIT_RTPRIO is 0). */
static long check_policy(int policy, int prio)
{
	if (policy != SCHED_OTHER && policy != SCHED_BATCH && policy != SCHED_IDLE &&
	    !rt_policy(policy))
		return -EINVAL;
	if (rt_policy(policy) ? prio < 1 || prio > MAX_RT_PRIO : prio != 0)
		return -EINVAL;
	if (rt_policy(policy) && !capable(current, CAP_SYS_NICE))
		return -EPERM;
	return 0;
}

static long do_sched_setscheduler(int pid, int policy, uint64_t uparam)
{
	struct task *t = find_sched_task(pid);
	bool reset = policy >= 0 && (policy & SCHED_RESET_ON_FORK);
	int prio;
	long err;

	if (!uparam || pid < 0)
		return -EINVAL;
	if (copy_from_user(&prio, uparam, sizeof prio))
		return -EFAULT;
	if (!t)
		return -ESRCH;
	if (policy < 0) /* sched_setparam: the same policy */
		policy = t->policy;
	policy &= ~SCHED_RESET_ON_FORK;
	if ((err = check_policy(policy, prio)))
		return err;
	t->policy = policy;
	t->rt_priority = prio;
	t->sched_reset_on_fork = reset;
	return 0;
}

SYSCALL_DEFINE3(sched_setscheduler, int, pid, int, policy, uint64_t, uparam)
{
	return policy < 0 ? -EINVAL : do_sched_setscheduler(pid, policy, uparam);
}

SYSCALL_DEFINE2(sched_setparam, int, pid, uint64_t, uparam)
{
	return do_sched_setscheduler(pid, -1, uparam);
}

SYSCALL_DEFINE1(sched_getscheduler, int, pid)
{
	struct task *t = find_sched_task(pid);

	if (pid < 0)
		return -EINVAL;
	if (!t)
		return -ESRCH;
	return t->policy | (t->sched_reset_on_fork ? SCHED_RESET_ON_FORK : 0);
}

SYSCALL_DEFINE2(sched_getparam, int, pid, uint64_t, uparam)
{
	struct task *t = find_sched_task(pid);

	if (!uparam || pid < 0)
		return -EINVAL;
	if (!t)
		return -ESRCH;
	return copy_to_user(uparam, &t->rt_priority, sizeof t->rt_priority);
}

SYSCALL_DEFINE1(sched_get_priority_max, int, policy)
{
	return rt_policy(policy) ? MAX_RT_PRIO : check_policy(policy, 0) == -EINVAL ? -EINVAL : 0;
}

SYSCALL_DEFINE1(sched_get_priority_min, int, policy)
{
	return rt_policy(policy) ? 1 : check_policy(policy, 0) == -EINVAL ? -EINVAL : 0;
}

/* SCHED_RR's time slice: Linux's default, 100 ms; 0 for the others. */
SYSCALL_DEFINE2(sched_rr_get_interval, int, pid, uint64_t, uts)
{
	struct task *t = find_sched_task(pid);
	struct timespec ts = { 0, 0 };

	if (pid < 0)
		return -EINVAL;
	if (!t)
		return -ESRCH;
	if (t->policy == SCHED_RR)
		ts.tv_nsec = 100000000;
	return copy_to_user(uts, &ts, sizeof ts);
}

/* Nice values: kept per task, reported; lowering one (more priority) needs root. */
static long set_one_nice(struct task *t, int nice)
{
	if (nice < t->nice && !capable(current, CAP_SYS_NICE))
		return -EACCES;
	t->nice = nice;
	return 0;
}

static bool prio_matches(const struct task *t, int which, int who)
{
	switch (which) {
	case PRIO_PROCESS: return who ? task_pid_vnr(t) == who : t == current;
	case PRIO_PGRP: return t->pgid == (who ? pid_from_vnr(who) : current->pgid);
	default: return who == 0 || (unsigned)who == current->cred.uid; /* PRIO_USER: all ours */
	}
}

SYSCALL_DEFINE3(setpriority, int, which, int, who, int, nice)
{
	long err = -ESRCH;

	if (which != PRIO_PROCESS && which != PRIO_PGRP && which != PRIO_USER)
		return -EINVAL;
	nice = nice < -20 ? -20 : nice > 19 ? 19 : nice;
	for (struct task *t = first_task_in_list(); t; t = t->next_task)
		if (t->state != TASK_DEAD && prio_matches(t, which, who)) {
			long r = set_one_nice(t, nice);
			err = err == -ESRCH || r ? r : err;
		}
	return err;
}

/* The highest priority (lowest nice) among the matches, as 20 - nice (the ABI). */
SYSCALL_DEFINE2(getpriority, int, which, int, who)
{
	int best = 100;

	if (which != PRIO_PROCESS && which != PRIO_PGRP && which != PRIO_USER)
		return -EINVAL;
	for (struct task *t = first_task_in_list(); t; t = t->next_task)
		if (t->state != TASK_DEAD && prio_matches(t, which, who) && t->nice < best)
			best = t->nice;
	return best == 100 ? -ESRCH : 20 - best;
}
