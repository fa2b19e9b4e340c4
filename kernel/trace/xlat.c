/* Flag and constant names, one table each (include/emu/xlat.h). */
#include <asm/prctl.h>
#include <emu/futex.h>
#include <emu/signal.h>
#include <emu/xlat.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/futex.h>
#include <linux/sched.h>
#include <linux/userfaultfd.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#ifndef MAP_DROPPABLE
#define MAP_DROPPABLE 0x08 /* Linux 6.11 */
#endif
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef MADV_GUARD_INSTALL
#define MADV_GUARD_INSTALL 102 /* Linux 6.13 */
#define MADV_GUARD_REMOVE 103
#endif
#ifndef MAP_UNINITIALIZED
#define MAP_UNINITIALIZED 0x4000000 /* <asm-generic/mman-common.h>; glibc's headers lack it */
#endif
#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31) /* <linux/signal.h>, which clashes with <signal.h> */
#endif

const char *xlat_name(const struct xlat *x, uint64_t val)
{
	for (; x->name; x++)
		if (x->val == val)
			return x->name;
	return NULL;
}

uint64_t xlat_mask(const struct xlat *x)
{
	uint64_t mask = 0;

	for (; x->name; x++)
		mask |= x->val;
	return mask;
}

uint64_t xlat_supported_mask(const struct xlat *x)
{
	uint64_t mask = 0;

	for (; x->name; x++)
		if (!x->unsupported)
			mask |= x->val;
	return mask;
}

static size_t append(char *buf, size_t size, size_t len, const char *text)
{
	int n = snprintf(buf + len, len < size ? size - len : 0, "%s%s", len ? "|" : "", text);
	return len + (n > 0 ? n : 0);
}

char *xlat_flags(const struct xlat *x, uint64_t val, const char *zero_name, char *buf,
		 size_t size)
{
	char hex[24];
	size_t len = 0;

	buf[0] = '\0';
	for (; x->name; x++) {
		if (x->val && (val & x->val) == x->val) {
			len = append(buf, size, len, x->name);
			val &= ~x->val;
		}
	}
	if (val) {
		snprintf(hex, sizeof hex, "%#llx", (unsigned long long)val);
		len = append(buf, size, len, hex);
	}
	if (!len)
		snprintf(buf, size, "%s", zero_name ? zero_name : "0");
	return buf;
}

const struct xlat xlat_open_access[] = { XLAT(O_RDONLY), XLAT(O_WRONLY), XLAT(O_RDWR), XLAT_END };
const struct xlat xlat_open_flags[] = {
	XLAT(O_SYNC), XLAT(O_TMPFILE), /* before O_DSYNC and O_DIRECTORY, which they contain */
	XLAT(O_CREAT), XLAT(O_EXCL), XLAT(O_NOCTTY), XLAT(O_TRUNC), XLAT(O_APPEND),
	XLAT(O_NONBLOCK), XLAT(O_DSYNC), XLAT(O_ASYNC), XLAT(O_DIRECT), XLAT(O_LARGEFILE),
	XLAT(O_DIRECTORY), XLAT(O_NOFOLLOW), XLAT(O_NOATIME), XLAT(O_CLOEXEC), XLAT(O_PATH),
	XLAT_END,
};
const struct xlat xlat_splice_flags[] = {
	XLAT(SPLICE_F_MOVE), XLAT(SPLICE_F_NONBLOCK), XLAT(SPLICE_F_MORE), XLAT(SPLICE_F_GIFT),
	XLAT_END,
};
const struct xlat xlat_flock_ops[] = {
	XLAT(LOCK_SH), XLAT(LOCK_EX), XLAT(LOCK_NB), XLAT(LOCK_UN), XLAT_END,
};
const struct xlat xlat_prot[] = {
	XLAT(PROT_READ), XLAT(PROT_WRITE), XLAT(PROT_EXEC), XLAT(PROT_GROWSDOWN),
	XLAT(PROT_GROWSUP), XLAT_END,
};
const struct xlat xlat_mmap_type[] = {
	XLAT(MAP_SHARED), XLAT(MAP_PRIVATE), XLAT(MAP_SHARED_VALIDATE), XLAT(MAP_DROPPABLE), XLAT_END,
};
const struct xlat xlat_mmap_flags[] = {
	XLAT(MAP_FIXED), XLAT(MAP_ANONYMOUS), XLAT(MAP_32BIT), XLAT(MAP_GROWSDOWN),
	XLAT(MAP_DENYWRITE), XLAT(MAP_EXECUTABLE), XLAT(MAP_LOCKED), XLAT(MAP_NORESERVE),
	XLAT(MAP_POPULATE), XLAT(MAP_NONBLOCK), XLAT(MAP_STACK), XLAT(MAP_HUGETLB),
	XLAT(MAP_SYNC), XLAT(MAP_FIXED_NOREPLACE), XLAT(MAP_UNINITIALIZED), XLAT_END,
};
const struct xlat xlat_at_flags[] = {
	XLAT(AT_SYMLINK_NOFOLLOW), XLAT(AT_REMOVEDIR), XLAT(AT_SYMLINK_FOLLOW),
	XLAT(AT_NO_AUTOMOUNT), XLAT(AT_EMPTY_PATH), XLAT(AT_STATX_FORCE_SYNC),
	XLAT(AT_STATX_DONT_SYNC), XLAT_END,
};
const struct xlat xlat_clocks[] = {
	XLAT(CLOCK_REALTIME), XLAT(CLOCK_MONOTONIC), XLAT(CLOCK_PROCESS_CPUTIME_ID),
	XLAT(CLOCK_THREAD_CPUTIME_ID), XLAT(CLOCK_MONOTONIC_RAW), XLAT(CLOCK_REALTIME_COARSE),
	XLAT(CLOCK_MONOTONIC_COARSE), XLAT(CLOCK_BOOTTIME), XLAT(CLOCK_TAI), XLAT_END,
};
const struct xlat xlat_whence[] = {
	XLAT(SEEK_SET), XLAT(SEEK_CUR), XLAT(SEEK_END), XLAT(SEEK_DATA), XLAT(SEEK_HOLE), XLAT_END,
};
const struct xlat xlat_arch_prctl[] = {
	XLAT(ARCH_SET_GS), XLAT(ARCH_SET_FS), XLAT(ARCH_GET_FS), XLAT(ARCH_GET_GS),
	XLAT(ARCH_GET_CPUID), XLAT(ARCH_SET_CPUID), XLAT(ARCH_GET_XCOMP_SUPP),
	XLAT(ARCH_GET_XCOMP_PERM), XLAT(ARCH_REQ_XCOMP_PERM), XLAT(ARCH_GET_XCOMP_GUEST_PERM),
	XLAT(ARCH_REQ_XCOMP_GUEST_PERM), XLAT(ARCH_MAP_VDSO_X32), XLAT(ARCH_MAP_VDSO_32),
	XLAT(ARCH_MAP_VDSO_64), XLAT_END,
};
const struct xlat xlat_ioctls[] = {
	XLAT(TCGETS), XLAT(TCSETS), XLAT(TCSETSW), XLAT(TCSETSF), XLAT(TIOCGWINSZ),
	XLAT(TIOCSWINSZ), XLAT(FIONREAD), XLAT(FIOCLEX), XLAT(FIONCLEX), XLAT(FIONBIO),
	XLAT(TIOCGPGRP), XLAT(TIOCSPGRP), XLAT(UFFDIO_API), XLAT(UFFDIO_REGISTER),
	XLAT(UFFDIO_UNREGISTER), XLAT(UFFDIO_WAKE), XLAT(UFFDIO_COPY), XLAT(UFFDIO_ZEROPAGE),
	XLAT(UFFDIO_WRITEPROTECT), XLAT(UFFDIO_CONTINUE), XLAT(USERFAULTFD_IOC_NEW), XLAT_END,
};
const struct xlat xlat_futex2_size[] = {
	XLAT(FUTEX2_SIZE_U8), XLAT(FUTEX2_SIZE_U16), XLAT(FUTEX2_SIZE_U32), XLAT(FUTEX2_SIZE_U64),
	XLAT_END,
};
const struct xlat xlat_futex2_flags[] = {
	XLAT(FUTEX2_NUMA), XLAT(FUTEX2_PRIVATE), XLAT_END,
};
const struct xlat xlat_uffd_flags[] = {
	XLAT(O_NONBLOCK), XLAT(O_CLOEXEC), XLAT(UFFD_USER_MODE_ONLY), XLAT_END,
};
const struct xlat xlat_fcntl[] = {
	XLAT(F_DUPFD), XLAT(F_GETFD), XLAT(F_SETFD), XLAT(F_GETFL), XLAT(F_SETFL),
	XLAT(F_GETLK), XLAT(F_SETLK), XLAT(F_SETLKW), XLAT(F_DUPFD_CLOEXEC),
	XLAT(F_OFD_GETLK), XLAT(F_OFD_SETLK), XLAT(F_OFD_SETLKW), XLAT(F_SETOWN), XLAT(F_GETOWN),
	XLAT(F_SETSIG), XLAT(F_GETSIG), XLAT(F_SETOWN_EX), XLAT(F_GETOWN_EX), XLAT(F_SETLEASE),
	XLAT(F_GETLEASE), XLAT(F_NOTIFY), XLAT(F_SETPIPE_SZ), XLAT(F_GETPIPE_SZ),
	XLAT(F_ADD_SEALS), XLAT(F_GET_SEALS), XLAT_END,
};
const struct xlat xlat_madvise[] = {
	XLAT(MADV_NORMAL), XLAT(MADV_RANDOM), XLAT(MADV_SEQUENTIAL), XLAT(MADV_WILLNEED),
	XLAT(MADV_DONTNEED), XLAT(MADV_FREE), XLAT(MADV_REMOVE), XLAT(MADV_DONTFORK),
	XLAT(MADV_DOFORK), XLAT(MADV_MERGEABLE), XLAT(MADV_UNMERGEABLE), XLAT(MADV_HUGEPAGE),
	XLAT(MADV_NOHUGEPAGE), XLAT(MADV_DONTDUMP), XLAT(MADV_DODUMP), XLAT(MADV_WIPEONFORK),
	XLAT(MADV_KEEPONFORK), XLAT(MADV_COLD), XLAT(MADV_PAGEOUT), XLAT(MADV_GUARD_INSTALL),
	XLAT(MADV_GUARD_REMOVE), XLAT_END,
};
const struct xlat xlat_mremap_flags[] = {
	XLAT(MREMAP_MAYMOVE), XLAT(MREMAP_FIXED), XLAT(MREMAP_DONTUNMAP), XLAT_END,
};
const struct xlat xlat_grnd_flags[] = {
	XLAT(GRND_NONBLOCK), XLAT(GRND_RANDOM), XLAT(GRND_INSECURE), XLAT_END,
};
const struct xlat xlat_rlimits[] = {
	XLAT(RLIMIT_CPU), XLAT(RLIMIT_FSIZE), XLAT(RLIMIT_DATA), XLAT(RLIMIT_STACK),
	XLAT(RLIMIT_CORE), XLAT(RLIMIT_RSS), XLAT(RLIMIT_NPROC), XLAT(RLIMIT_NOFILE),
	XLAT(RLIMIT_MEMLOCK), XLAT(RLIMIT_AS), XLAT(RLIMIT_LOCKS), XLAT(RLIMIT_SIGPENDING),
	XLAT(RLIMIT_MSGQUEUE), XLAT(RLIMIT_NICE), XLAT(RLIMIT_RTPRIO), XLAT(RLIMIT_RTTIME),
	XLAT_END,
};
const struct xlat xlat_ipc_flags[] = { XLAT(IPC_CREAT), XLAT(IPC_EXCL), XLAT(IPC_NOWAIT), XLAT_END };
const struct xlat xlat_semctl_cmds[] = {
	XLAT(IPC_RMID), XLAT(IPC_SET), XLAT(IPC_STAT), XLAT(IPC_INFO), XLAT(GETPID), XLAT(GETVAL),
	XLAT(GETALL), XLAT(GETNCNT), XLAT(GETZCNT), XLAT(SETVAL), XLAT(SETALL), XLAT(SEM_STAT),
	XLAT(SEM_INFO), XLAT(SEM_STAT_ANY), XLAT_END,
};
const struct xlat xlat_access_mode[] = { XLAT(R_OK), XLAT(W_OK), XLAT(X_OK), XLAT_END };
const struct xlat xlat_rename_flags[] = {
	XLAT(RENAME_NOREPLACE), XLAT(RENAME_EXCHANGE), XLAT(RENAME_WHITEOUT), XLAT_END,
};
const struct xlat xlat_statx_mask[] = {
	XLAT(STATX_TYPE), XLAT(STATX_MODE), XLAT(STATX_NLINK), XLAT(STATX_UID), XLAT(STATX_GID),
	XLAT(STATX_ATIME), XLAT(STATX_MTIME), XLAT(STATX_CTIME), XLAT(STATX_INO),
	XLAT(STATX_SIZE), XLAT(STATX_BLOCKS), XLAT(STATX_BTIME), XLAT_END,
};
const struct xlat xlat_timer_flags[] = { XLAT(TIMER_ABSTIME), XLAT_END };
const struct xlat xlat_file_types[] = {
	XLAT(S_IFREG), XLAT(S_IFDIR), XLAT(S_IFLNK), XLAT(S_IFCHR), XLAT(S_IFBLK),
	XLAT(S_IFIFO), XLAT(S_IFSOCK), XLAT_END,
};
const struct xlat xlat_errno[] = {
	XLAT(EPERM), XLAT(ENOENT), XLAT(ESRCH), XLAT(EINTR), XLAT(EIO), XLAT(ENXIO),
	XLAT(E2BIG), XLAT(ENOEXEC), XLAT(EBADF), XLAT(ECHILD), XLAT(EAGAIN), XLAT(ENOMEM),
	XLAT(EACCES), XLAT(EFAULT), XLAT(ENOTBLK), XLAT(EBUSY), XLAT(EEXIST), XLAT(EXDEV),
	XLAT(ENODEV), XLAT(ENOTDIR), XLAT(EISDIR), XLAT(EINVAL), XLAT(ENFILE), XLAT(EMFILE),
	XLAT(ENOTTY), XLAT(ETXTBSY), XLAT(EFBIG), XLAT(ENOSPC), XLAT(ESPIPE), XLAT(EROFS),
	XLAT(EMLINK), XLAT(EPIPE), XLAT(EDOM), XLAT(ERANGE), XLAT(EDEADLK),
	XLAT(ENAMETOOLONG), XLAT(ENOLCK), XLAT(ENOSYS), XLAT(ENOTEMPTY), XLAT(ELOOP),
	XLAT(ENOMSG), XLAT(EIDRM), XLAT(ENODATA), XLAT(ETIME), XLAT(EOVERFLOW),
	XLAT(EOPNOTSUPP), XLAT(ETIMEDOUT), XLAT(EALREADY), XLAT(EINPROGRESS),
	XLAT(ECONNREFUSED), XLAT(ENOTSOCK), XLAT(EDESTADDRREQ), XLAT(EMSGSIZE),
	XLAT(EPROTOTYPE), XLAT(ENOPROTOOPT), XLAT(EPROTONOSUPPORT), XLAT(ESOCKTNOSUPPORT),
	XLAT(EPFNOSUPPORT), XLAT(EAFNOSUPPORT), XLAT(EADDRINUSE), XLAT(EADDRNOTAVAIL),
	XLAT(ENETDOWN), XLAT(ENETUNREACH), XLAT(ENETRESET), XLAT(ECONNABORTED),
	XLAT(ECONNRESET), XLAT(ENOBUFS), XLAT(EISCONN), XLAT(ENOTCONN), XLAT(ESHUTDOWN),
	XLAT(ETOOMANYREFS), XLAT(EHOSTDOWN), XLAT(EHOSTUNREACH), XLAT(ESTALE), XLAT(EDQUOT), XLAT(ECANCELED),
	XLAT(EOWNERDEAD), XLAT(ENOTRECOVERABLE), XLAT(ERESTARTSYS), XLAT(ERESTARTNOINTR),
	XLAT(ERESTARTNOHAND), XLAT(ERESTART_RESTARTBLOCK), XLAT_END,
};
const struct xlat xlat_clone_flags[] = {
	XLAT(CLONE_VM), XLAT(CLONE_FS), XLAT(CLONE_FILES), XLAT(CLONE_SIGHAND), XLAT(CLONE_PIDFD),
	XLAT(CLONE_PTRACE), XLAT(CLONE_VFORK), XLAT(CLONE_PARENT), XLAT(CLONE_THREAD),
	XLAT(CLONE_NEWNS), XLAT(CLONE_SYSVSEM), XLAT(CLONE_SETTLS),
	XLAT(CLONE_PARENT_SETTID), XLAT(CLONE_CHILD_CLEARTID), XLAT(CLONE_DETACHED),
	XLAT(CLONE_UNTRACED), XLAT(CLONE_CHILD_SETTID), XLAT(CLONE_NEWCGROUP),
	XLAT(CLONE_NEWUTS), XLAT(CLONE_NEWIPC),
	XLAT(CLONE_NEWUSER), XLAT(CLONE_NEWPID),
	XLAT(CLONE_NEWNET), XLAT(CLONE_IO),
	/* clone3's and unshare's only: CLONE_NEWTIME shares its bit with clone's exit signal */
	XLAT(CLONE_NEWTIME), XLAT(CLONE_CLEAR_SIGHAND),
	XLAT(CLONE_INTO_CGROUP), XLAT_END,
};
/* setns's nstype: one namespace kind, or 0 for any (strace's setns_types) */
const struct xlat xlat_setns_types[] = {
	XLAT(CLONE_NEWNS), XLAT(CLONE_NEWCGROUP), XLAT(CLONE_NEWUTS), XLAT(CLONE_NEWIPC),
	XLAT(CLONE_NEWUSER), XLAT(CLONE_NEWPID), XLAT(CLONE_NEWNET), XLAT(CLONE_NEWTIME),
	XLAT_END,
};
const struct xlat xlat_wait_options[] = {
	XLAT(WNOHANG), XLAT(WUNTRACED), XLAT(WCONTINUED), XLAT(__WNOTHREAD), XLAT(__WCLONE),
	XLAT(__WALL), XLAT(WEXITED), XLAT(WNOWAIT), XLAT_END,
};
const struct xlat xlat_prctl[] = {
	XLAT(PR_SET_PDEATHSIG), XLAT(PR_GET_PDEATHSIG), XLAT(PR_SET_NAME), XLAT(PR_GET_NAME),
	XLAT(PR_SET_CHILD_SUBREAPER), XLAT(PR_GET_CHILD_SUBREAPER), XLAT_END,
};
const struct xlat xlat_waitid_types[] = { XLAT(P_ALL), XLAT(P_PID), XLAT(P_PGID), XLAT_END };
const struct xlat xlat_sa_flags[] = { /* in strace's order */
	XLAT(SA_RESTORER), XLAT(SA_ONSTACK), XLAT(SA_RESTART), XLAT(SA_NODEFER),
	XLAT(SA_RESETHAND), XLAT(SA_SIGINFO), XLAT(SA_NOCLDSTOP), XLAT(SA_NOCLDWAIT), XLAT_END,
};
const struct xlat xlat_itimers[] = { XLAT(ITIMER_REAL), XLAT(ITIMER_VIRTUAL), XLAT(ITIMER_PROF), XLAT_END };
const struct xlat xlat_sigmask_how[] = { XLAT(SIG_BLOCK), XLAT(SIG_UNBLOCK), XLAT(SIG_SETMASK), XLAT_END };
const struct xlat xlat_ss_flags[] = {
	XLAT(SS_ONSTACK), XLAT(SS_DISABLE), XLAT(SS_AUTODISARM), XLAT_END,
};
const struct xlat xlat_futex_ops[] = {
	XLAT(FUTEX_WAIT), XLAT(FUTEX_WAKE), XLAT(FUTEX_FD), XLAT(FUTEX_REQUEUE),
	XLAT(FUTEX_CMP_REQUEUE), XLAT(FUTEX_WAKE_OP), XLAT(FUTEX_LOCK_PI), XLAT(FUTEX_UNLOCK_PI),
	XLAT(FUTEX_TRYLOCK_PI), XLAT(FUTEX_WAIT_BITSET), XLAT(FUTEX_WAKE_BITSET),
	XLAT(FUTEX_WAIT_REQUEUE_PI), XLAT(FUTEX_CMP_REQUEUE_PI), XLAT(FUTEX_LOCK_PI2), XLAT_END,
};
