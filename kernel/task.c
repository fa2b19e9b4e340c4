/* Task allocation and pids. Pids are handed out in order from 2: pid 1 is emu's own
 * init, so the program never is, and every run numbers its tasks the same. */
#include <emu/task.h>
#include <errno.h>
#include <linux/capability.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PID_MAX_LIMIT (4 * 1024 * 1024) /* Linux's on 64-bit: set_tid must be below */

struct task *current;
static int last_pid = 1;

/* set_tid (clone3, Linux's alloc_pid): one pid for emu's one pid namespace, checked
 * as Linux does. Pids only grow here, so a pid above every one handed out is granted
 * and any other is refused as if in use. 0, or -errno. */
static int check_set_tid(const int *set_tid, size_t set_tid_size)
{
	if (set_tid_size > 1)
		return -EINVAL; /* deeper than the namespaces there are */
	if (set_tid[0] < 1 || set_tid[0] >= PID_MAX_LIMIT)
		return -EINVAL;
	if (!capable(current, CAP_CHECKPOINT_RESTORE) && !capable(current, CAP_SYS_ADMIN))
		return -EPERM; /* Linux wants CAP_CHECKPOINT_RESTORE */
	return set_tid[0] > last_pid ? 0 : -EEXIST;
}

int alloc_pid(const int *set_tid, size_t set_tid_size)
{
	if (set_tid_size) {
		int err = check_set_tid(set_tid, set_tid_size);
		if (err)
			return err;
		last_pid = set_tid[0] - 1;
	}
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
