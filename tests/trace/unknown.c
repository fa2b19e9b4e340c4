/* System calls emu does not implement, named as strace names them: calls Linux
 * has no more (ENOSYS on both kernels, raw arguments), ones strace decodes, and
 * numbers no call has (syscall_0x3e7). */
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	int enosys = 0;

	enosys += syscall(174, 1, 2, 3, 4, 5, 6) < 0;       /* create_module */
	enosys += syscall(184, 0x10, 0, 3, 4, 5, 6) < 0;    /* tuxcall */
	enosys += syscall(183, 7, 8, 9, 10, 11, 12) < 0;    /* afs_syscall */
	enosys += syscall(214, 1, 2, 3, 4, 5, 6) < 0;       /* epoll_ctl_old */
	enosys += syscall(156, 0) < 0;                      /* _sysctl(NULL) */
	enosys += syscall(999, 1, 2, 3, 4, 5, 6) < 0;
	enosys += syscall(400, 0xff, 0, 0, 0, 0, 0) < 0;    /* reserved on x86-64 */
	enosys += syscall(-1L, 0, 0, 0, 0, 0, 0) < 0;
	return enosys == 8 ? 0 : 1;
}
