/* CPU time and resource usage (Linux's kernel/sched/cputime.c, getrusage and times
 * in kernel/sys.c). Time is virtual: a task's user time is the blocks it ran, its
 * system time the calls it made, at the rates of the virtual clock; so both replay
 * exactly. A thread that ends adds its counts to its process; a child reaped by wait
 * adds its process's and its own children's to the parent's "children" counts. */
#include <emu/mm.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <time.h>

#define USER_HZ 100
#define NS_PER_SEC 1000000000ULL

static void add(struct task_cputime *to, const struct task_cputime *from)
{
	to->utime += from->utime;
	to->stime += from->stime;
	to->min_flt += from->min_flt;
	to->nvcsw += from->nvcsw;
	to->nivcsw += from->nivcsw;
}

/* Every thread of t's process, living or ended. */
void thread_group_cputime(const struct task *t, struct task_cputime *sum)
{
	const struct task *o;

	*sum = t->signal->dead;
	for_each_thread(t->group_leader, o)
		if (o->state != TASK_DEAD)
			add(sum, &o->acct);
}

void account_exit(struct task *t)
{
	add(&t->signal->dead, &t->acct);
	memset(&t->acct, 0, sizeof t->acct);
}

/* What a wait reports of child c: its process's time and its reaped children's. */
void child_cputime(const struct task *c, struct task_cputime *sum)
{
	thread_group_cputime(c, sum);
	add(sum, &c->signal->children);
}

/* wait reaped child c: that goes to the parent's children counts. */
void account_reaped_child(struct task *parent, const struct task *c)
{
	struct task_cputime sum;

	child_cputime(c, &sum);
	add(&parent->signal->children, &sum);
}

static struct timeval ns_to_tv(uint64_t ns)
{
	return (struct timeval){ ns / NS_PER_SEC, ns % NS_PER_SEC / 1000 };
}

void cputime_to_rusage(const struct task_cputime *c, struct rusage *ru)
{
	memset(ru, 0, sizeof *ru);
	ru->ru_utime = ns_to_tv(c->utime);
	ru->ru_stime = ns_to_tv(c->stime);
	ru->ru_minflt = (long)c->min_flt;
	ru->ru_nvcsw = (long)c->nvcsw;
	ru->ru_nivcsw = (long)c->nivcsw;
}

uint64_t process_cputime_ns(const struct task *t)
{
	struct task_cputime sum;

	thread_group_cputime(t, &sum);
	return sum.utime + sum.stime;
}

uint64_t thread_cputime_ns(const struct task *t)
{
	return t->acct.utime + t->acct.stime;
}

SYSCALL_DEFINE2(getrusage, int, who, uint64_t, uru)
{
	struct task_cputime c;
	struct rusage ru;

	switch (who) {
	case RUSAGE_SELF: thread_group_cputime(current, &c); break;
	case RUSAGE_CHILDREN: c = current->signal->children; break;
	case RUSAGE_THREAD: c = current->acct; break;
	default: return -EINVAL;
	}
	cputime_to_rusage(&c, &ru);
	return copy_to_user(uru, &ru, sizeof ru);
}

long to_clock_t(uint64_t ns)
{
	return (long)(ns / (NS_PER_SEC / USER_HZ));
}

/* Clock ticks since boot; the process's and its reaped children's times. */
SYSCALL_DEFINE1(times, uint64_t, ubuf)
{
	struct task_cputime self;
	const struct task_cputime *ch = &current->signal->children;

	thread_group_cputime(current, &self);
	struct tms t = { to_clock_t(self.utime), to_clock_t(self.stime), to_clock_t(ch->utime),
			 to_clock_t(ch->stime) };
	if (ubuf && copy_to_user(ubuf, &t, sizeof t))
		return -EFAULT;
	return to_clock_t(ktime_get_ns());
}
