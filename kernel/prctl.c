/* prctl: the process's name, its parent-death signal and the child-subreaper flag
 * (Linux's kernel/sys.c). Other options are EINVAL. */
#include <emu/mm.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <errno.h>
#include <string.h>
#include <sys/prctl.h>

SYSCALL_DEFINE5(prctl, int, option, uint64_t, arg2, uint64_t, arg3, uint64_t, arg4, uint64_t, arg5)
{
	char name[16];
	int value;

	switch (option) {
	case PR_SET_NAME:
		if (strncpy_from_user(name, arg2, sizeof name) == -EFAULT)
			return -EFAULT;
		name[sizeof name - 1] = '\0';
		memcpy(current->comm, name, sizeof name);
		return 0;
	case PR_GET_NAME:
		return copy_to_user(arg2, current->comm, sizeof current->comm);
	case PR_SET_PDEATHSIG:
		if (arg2 > 64)
			return -EINVAL;
		current->pdeath_signal = (int)arg2;
		return 0;
	case PR_GET_PDEATHSIG:
		value = current->pdeath_signal;
		return copy_to_user(arg2, &value, sizeof value);
	case PR_SET_CHILD_SUBREAPER:
		current->child_subreaper = arg2 != 0;
		return 0;
	case PR_GET_CHILD_SUBREAPER:
		value = current->child_subreaper;
		return copy_to_user(arg2, &value, sizeof value);
	default:
		return -EINVAL;
	}
}
