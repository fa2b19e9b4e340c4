/* Process creation: Linux's kernel/fork.c. For now the first task of a run and
 * set_tid_address; kernel_clone and copy_process come with the processes issue. */
#include <errno.h>
#include <emu/syscall.h>
#include <emu/task.h>

SYSCALL_DEFINE1(set_tid_address, uint64_t, tidptr)
{
	current->clear_child_tid = tidptr;
	return current->pid;
}
