/* Task allocation and pids. Pids are handed out in order from 2: pid 1 is emu's own
 * init, so the program never is, and every run numbers its tasks the same. */
#include <emu/task.h>
#include <stdlib.h>
#include <string.h>

struct task *current;
static int last_pid = 1;

int alloc_pid(void)
{
	return ++last_pid;
}

int nr_pids(void)
{
	return last_pid - 1;
}

struct task *task_alloc(void)
{
	struct task *t = calloc(1, sizeof *t);

	if (t) {
		t->state = TASK_RUNNING;
		t->group_leader = t;
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
