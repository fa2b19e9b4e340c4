/* exit, exit_group and do_exit: a task gives back its memory, files and working
 * directory and stays as a zombie with its wait status. */
#include <errno.h>
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/sched.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/trace.h>

/* status is a wait status: (code << 8) for an exit, the signal number for a kill. */
void do_exit(struct task *t, int status);
void do_exit(struct task *t, int status)
{
	t->exit_code = status;
	t->state = TASK_DEAD;
	t->stop = STOP_EXIT;
	trace_exit(t, status);
	mmput(t->mm);
	t->mm = NULL;
	put_files_struct(t->files);
	t->files = NULL;
	put_fs_struct(t->fs);
	t->fs = NULL;
}

SYSCALL_DEFINE1(exit, int, code)
{
	/* one thread: the same as exit_group until thread groups exist */
	do_exit(current, (code & 0xff) << 8);
	return 0;
}

SYSCALL_DEFINE1(exit_group, int, code)
{
	do_exit(current, (code & 0xff) << 8);
	return 0;
}
