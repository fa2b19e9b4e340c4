/* IPC namespaces (Linux's ipc/namespace.c): each has its own System V shared memory
 * segments and semaphore sets (kernel/ipc/shm.c, sem.c keep them in it); a new one
 * starts empty, and what is left in one goes with it. POSIX message queues are not
 * in emu. */
#include <emu/ipc.h>
#include <emu/task.h>
#include <emu/user_namespace.h>
#include <errno.h>
#include <linux/sched.h>
#include <stdlib.h>

struct ipc_namespace init_ipc_ns = {
	.ns = { .type = CLONE_NEWIPC, .inum = PROC_IPC_INIT_INO, .count = 1,
		.user_ns = &init_user_ns },
};

void get_ipc_ns(struct ipc_namespace *ns)
{
	ns->ns.count++;
}

void put_ipc_ns(struct ipc_namespace *ns)
{
	if (!ns || --ns->ns.count > 0 || ns == &init_ipc_ns)
		return;
	shm_exit_ns(ns);
	sem_exit_ns(ns);
	ns_free(&ns->ns);
	free(ns);
}

int copy_ipcs(uint64_t flags, struct ipc_namespace *old, struct user_namespace *user_ns,
	      struct ipc_namespace **new)
{
	if (!(flags & CLONE_NEWIPC)) {
		get_ipc_ns(old);
		*new = old;
		return 0;
	}
	if (!(*new = calloc(1, sizeof **new)))
		return -ENOMEM;
	ns_init(&(*new)->ns, CLONE_NEWIPC, user_ns);
	return 0;
}

struct ipc_namespace *current_ipc_ns(void)
{
	return task_nsproxy(current)->ipc_ns;
}
