/* Task allocation (pids: kernel/pid.c). */
#include <emu/task.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct task *current;

struct task *task_alloc(void)
{
	struct task *t = calloc(1, sizeof *t);

	if (t) {
		t->state = TASK_RUNNING;
		t->group_leader = t;
		INIT_LIST_HEAD(&t->children);
		INIT_LIST_HEAD(&t->sibling);
		INIT_LIST_HEAD(&t->thread_group);
		INIT_LIST_HEAD(&t->pending.list);
	}
	return t;
}

/* comm is the last path component, cut to 15 bytes, as Linux's __set_task_comm. */
void set_task_comm(struct task *t, const char *path)
{
	const char *slash = strrchr(path, '/');

	strncpy(t->comm, slash ? slash + 1 : path, sizeof t->comm - 1);
	t->comm[sizeof t->comm - 1] = '\0';
}
