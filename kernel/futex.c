/* Futexes: Linux's kernel/futex/. For now the robust list registration that every
 * glibc thread makes at start; waiting and waking come with the threads issue. */
#include <emu/mm.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <errno.h>

#define ROBUST_LIST_HEAD_SIZE 24 /* struct robust_list_head */

SYSCALL_DEFINE2(set_robust_list, uint64_t, head, size_t, len)
{
	if (len != ROBUST_LIST_HEAD_SIZE)
		return -EINVAL;
	current->robust_list = head;
	current->robust_list_len = len;
	return 0;
}

SYSCALL_DEFINE3(get_robust_list, int, pid, uint64_t, uhead, uint64_t, ulen)
{
	uint64_t len = ROBUST_LIST_HEAD_SIZE;

	if (pid && pid != current->pid)
		return -ESRCH;
	if (copy_to_user(uhead, &current->robust_list, sizeof current->robust_list) ||
	    copy_to_user(ulen, &len, sizeof len))
		return -EFAULT;
	return 0;
}
