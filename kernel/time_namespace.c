/* Time namespaces (Linux's kernel/time/namespace.c and fs/proc/base.c's
 * timens_offsets): a namespace adds its offsets to CLOCK_MONOTONIC and
 * CLOCK_BOOTTIME as its tasks read them. unshare(CLONE_NEWTIME) makes the namespace
 * the caller's children will enter; its offsets may be written until the first task
 * enters it. */
#include <emu/namespaces.h>
#include <emu/task.h>
#include <emu/timekeeping.h>
#include <emu/user_namespace.h>
#include <errno.h>
#include <linux/capability.h>
#include <linux/sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NSEC_PER_SEC 1000000000LL
#define KTIME_SEC_MAX (INT64_MAX / NSEC_PER_SEC)

struct time_namespace init_time_ns = {
	.ns = { .type = CLONE_NEWTIME, .inum = PROC_TIME_INIT_INO, .count = 1,
		.user_ns = &init_user_ns },
	.frozen_offsets = true,
};

void get_time_ns(struct time_namespace *ns)
{
	ns->ns.count++;
}

void put_time_ns(struct time_namespace *ns)
{
	if (!ns || --ns->ns.count > 0 || ns == &init_time_ns)
		return;
	ns_free(&ns->ns);
	free(ns);
}

/* A new namespace starts with its parent's offsets (Linux's clone_time_ns). */
int copy_time_ns(uint64_t flags, struct time_namespace *old, struct user_namespace *user_ns,
		 struct time_namespace **new)
{
	if (!(flags & CLONE_NEWTIME)) {
		get_time_ns(old);
		*new = old;
		return 0;
	}
	if (!(*new = calloc(1, sizeof **new)))
		return -ENOMEM;
	(*new)->monotonic_ns = old->monotonic_ns;
	(*new)->boottime_ns = old->boottime_ns;
	ns_init(&(*new)->ns, CLONE_NEWTIME, user_ns);
	return 0;
}

void timens_on_fork(struct nsproxy *nsproxy)
{
	struct time_namespace *ns = nsproxy->time_ns_for_children;

	if (nsproxy->time_ns == ns)
		return;
	get_time_ns(ns);
	put_time_ns(nsproxy->time_ns);
	nsproxy->time_ns = ns;
	ns->frozen_offsets = true;
}

static int64_t clock_offset(const struct time_namespace *ns, clockid_t clock)
{
	switch (clock) {
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
		return ns->monotonic_ns;
	case CLOCK_BOOTTIME:
	case CLOCK_BOOTTIME_ALARM:
		return ns->boottime_ns;
	default:
		return 0;
	}
}

int64_t timens_add_offset(clockid_t clock, int64_t ns)
{
	return ns + clock_offset(task_nsproxy(current)->time_ns, clock);
}

int64_t timens_ktime_to_host(clockid_t clock, int64_t ns)
{
	return ns - clock_offset(task_nsproxy(current)->time_ns, clock);
}

/* One line of timens_offsets: seconds, then nanoseconds 0..999999999, as a
 * normalized timespec. */
static void show_offset(FILE *m, const char *clock, int64_t v)
{
	int64_t sec = v / NSEC_PER_SEC, nsec = v % NSEC_PER_SEC;

	if (nsec < 0) {
		sec--;
		nsec += NSEC_PER_SEC;
	}
	fprintf(m, "%-10s %10lld %9ld\n", clock, (long long)sec, (long)nsec);
}

/* Linux's proc_timens_show_offsets: the namespace t's children enter. */
void show_timens_offsets(FILE *m, struct task *t)
{
	const struct time_namespace *ns = task_nsproxy(t)->time_ns_for_children;

	show_offset(m, "monotonic", ns->monotonic_ns);
	show_offset(m, "boottime", ns->boottime_ns);
}

struct timens_offset {
	clockid_t clock;
	long long sec;
	unsigned long nsec;
};

/* Up to two lines "clock sec nsec", the clock by name or number. Their number, or
 * -EINVAL. */
static int parse_offsets(const char *text, struct timens_offset off[2])
{
	const char *pos = text;
	int n;

	for (n = 0; n < 2 && pos && *pos; n++) {
		char clock[10];
		if (sscanf(pos, "%9s %lld %lu", clock, &off[n].sec, &off[n].nsec) != 3 ||
		    off[n].nsec >= NSEC_PER_SEC)
			return -EINVAL;
		if (!strcmp(clock, "monotonic") || !strcmp(clock, "1"))
			off[n].clock = CLOCK_MONOTONIC;
		else if (!strcmp(clock, "boottime") || !strcmp(clock, "7"))
			off[n].clock = CLOCK_BOOTTIME;
		else
			return -EINVAL;
		if ((pos = strchr(pos, '\n')))
			pos++;
	}
	return n;
}

/* Linux's proc_timens_set_offset: CAP_SYS_TIME in the namespace's owner, each
 * clock kept within range, and EACCES once a task has entered. */
long proc_timens_set_offset(struct task *t, const char *text)
{
	struct time_namespace *ns = task_nsproxy(t)->time_ns_for_children;
	struct timens_offset off[2];
	int n = parse_offsets(text, off);

	if (n < 0)
		return n;
	if (!ns_capable(ns->ns.user_ns, CAP_SYS_TIME))
		return -EPERM;
	for (int i = 0; i < n; i++) {
		int64_t now_sec = (int64_t)(ktime_get_ns() / NSEC_PER_SEC);
		if (off[i].sec > KTIME_SEC_MAX || off[i].sec < -KTIME_SEC_MAX)
			return -ERANGE;
		if (now_sec + off[i].sec < 0 || now_sec + off[i].sec > KTIME_SEC_MAX / 2)
			return -ERANGE;
	}
	if (ns->frozen_offsets)
		return -EACCES;
	for (int i = 0; i < n; i++) {
		int64_t v = off[i].sec * NSEC_PER_SEC + (int64_t)off[i].nsec;
		if (off[i].clock == CLOCK_MONOTONIC)
			ns->monotonic_ns = v;
		else
			ns->boottime_ns = v;
	}
	return 0;
}
