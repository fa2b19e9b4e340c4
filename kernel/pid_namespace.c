/* PID namespaces: creation, references and the death of a namespace's init
 * (Linux's kernel/pid_namespace.c). A namespace lives while a task made in it, a
 * task that will make its children in it, or a namespace below it holds it. */
#include <emu/pid_namespace.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/task.h>
#include <emu/trace.h>
#include <emu/user_namespace.h>
#include <errno.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdlib.h>

unsigned pid_ns_inum(const struct pid_namespace *ns)
{
	return ns->ns.inum;
}

struct pid_namespace *get_pid_ns(struct pid_namespace *ns)
{
	if (ns != &init_pid_ns)
		ns->ns.count++;
	return ns;
}

void put_pid_ns(struct pid_namespace *ns)
{
	while (ns && ns != &init_pid_ns && --ns->ns.count == 0) {
		struct pid_namespace *parent = ns->parent;
		ns_free(&ns->ns);
		free(ns);
		ns = parent;
	}
}

/* A child namespace of parent, its cursor at 0 so its first task is 1. */
static struct pid_namespace *create_pid_namespace(struct pid_namespace *parent,
						  struct user_namespace *user_ns, int *err)
{
	struct pid_namespace *ns;

	*err = -ENOSPC;
	if (parent->level + 1 > MAX_PID_NS_LEVEL)
		return NULL;
	*err = -ENOMEM;
	if (!(ns = calloc(1, sizeof *ns)))
		return NULL;
	ns->level = parent->level + 1;
	ns->parent = get_pid_ns(parent);
	ns->adding = true;
	ns_init(&ns->ns, CLONE_NEWPID, user_ns); /* owned by the new task's user namespace */
	trace_kernel(TRACE_PROC, "pid namespace %u: made, level %u", ns->ns.inum, ns->level);
	*err = 0;
	return ns;
}

struct pid_namespace *copy_pid_ns(bool new_ns, struct user_namespace *user_ns,
				  struct pid_namespace *old, int *err)
{
	*err = 0;
	if (!new_ns)
		return get_pid_ns(old);
	if (task_active_pid_ns(current) != old) {
		*err = -EINVAL; /* an unshare already chose the next child's namespace */
		return NULL;
	}
	return create_pid_namespace(old, user_ns, err);
}

void zap_pid_ns_processes(struct pid_namespace *ns)
{
	ns->adding = false;
	trace_kernel(TRACE_PROC, "pid namespace %u: its init died: SIGKILL to the rest, no fork "
		     "enters it", ns->ns.inum);
	for (struct task *t = first_task_in_list(); t; t = t->next_task) {
		if (t->reaped || !thread_group_leader(t) || !thread_group_alive(t) ||
		    t == ns->child_reaper || !task_in_pid_ns(t, ns))
			continue;
		send_signal_info(SIGKILL, NULL, t, true); /* SI_KERNEL: forced */
	}
}

bool pid_ns_defer_reaper_exit(struct task *leader)
{
	struct pid_namespace *ns = task_active_pid_ns(leader);

	if (ns->child_reaper != leader || ns->nr_hashed <= 1)
		return false;
	ns->reaper_zombie = leader;
	return true;
}

bool pid_ns_reaper_waiting(const struct task *leader)
{
	return task_active_pid_ns(leader)->reaper_zombie == leader;
}
