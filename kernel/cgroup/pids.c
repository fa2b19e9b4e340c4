/* The pids controller: Linux's kernel/cgroup/pids.c. pids.current counts the tasks
 * of a subtree from fork until they are reaped (emu counts them on the task list
 * instead of charging); fork fails with EAGAIN when a group with the controller
 * enabled would go over its pids.max. */
#include <emu/cgroup.h>
#include <emu/sched.h>
#include <emu/task.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

long pids_current(const struct cgroup *cgrp)
{
	long n = 0;

	for (struct task *t = first_task_in_list(); t; t = t->next_task)
		if (!t->reaped && cgroup_is_descendant(t->cgroups ? t->cgroups : &cgrp_dfl_root, cgrp))
			n++;
	return n;
}

/* Linux's pids_event: the failing fork counts in pids.events.local of the group
 * over its limit and in pids.events of it and every ancestor below the root. */
static void pids_event(struct cgroup *over)
{
	over->pids_events_local_max++;
	for (struct cgroup *c = over; c->parent; c = c->parent)
		c->pids_events_max++;
}

int pids_can_fork(struct cgroup *cgrp)
{
	for (struct cgroup *c = cgrp; c->parent; c = c->parent) {
		if (!cgroup_ss_enabled(c, pids_cgrp_id) || c->pids_max == PIDS_MAX)
			continue;
		if (pids_current(c) + 1 > c->pids_max) {
			pids_event(c);
			return -EAGAIN;
		}
	}
	return 0;
}

/* Below the root only: the root has no pids.peak (Linux's pids files are for
 * non-root groups), and a fork in the root, the usual case, walks no task list. */
void pids_update_peak(struct cgroup *cgrp)
{
	for (struct cgroup *c = cgrp; c->parent; c = c->parent) {
		long n = pids_current(c);
		if (n > c->pids_peak)
			c->pids_peak = n;
	}
}

void pids_show(FILE *m, struct cgroup *cgrp, const char *file)
{
	if (!strcmp(file, "pids.current"))
		fprintf(m, "%ld\n", pids_current(cgrp));
	else if (!strcmp(file, "pids.peak"))
		fprintf(m, "%ld\n", cgrp->pids_peak);
	else if (!strcmp(file, "pids.max") && cgrp->pids_max == PIDS_MAX)
		fputs("max\n", m);
	else if (!strcmp(file, "pids.max"))
		fprintf(m, "%ld\n", cgrp->pids_max);
	else if (!strcmp(file, "pids.events"))
		fprintf(m, "max %ld\n", cgrp->pids_events_max);
	else if (!strcmp(file, "pids.events.local"))
		fprintf(m, "max %ld\n", cgrp->pids_events_local_max);
}

/* pids.max: "max" or 0 .. PID_MAX_LIMIT, else EINVAL (pids_max_write). */
long pids_write(struct cgroup *cgrp, const char *file, const char *buf)
{
	char *end;
	long v;

	if (strcmp(file, "pids.max"))
		return -EINVAL;
	while (*buf == ' ' || *buf == '\n')
		buf++;
	if (!strncmp(buf, "max", 3) && strspn(buf + 3, " \n") == strlen(buf + 3)) {
		cgrp->pids_max = PIDS_MAX;
		return 0;
	}
	v = strtol(buf, &end, 10);
	if (end == buf || strspn(end, " \n") != strlen(end) || v < 0 || v >= PIDS_MAX)
		return -EINVAL;
	cgrp->pids_max = v;
	return 0;
}
