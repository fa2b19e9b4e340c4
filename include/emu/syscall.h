/* The system call table: one entry per call drives dispatch and the trace. */
#ifndef EMU_SYSCALL_H
#define EMU_SYSCALL_H
#include <stdint.h>

struct task;

/* How the trace shows an argument (kernel/trace/call.c has one row per kind). */
enum arg_kind {
	A_NONE, A_INT, A_LONG, A_UINT, A_HEX, A_PTR, A_OCT, A_FD, A_DIRFD, A_PATH, A_STR,
	A_BUF_IN,      /* bytes written by the guest; length is the next argument */
	A_BUF_OUT,     /* bytes the kernel filled; length is the return value */
	A_IOV_IN, A_IOV_OUT, /* struct iovec array; count is the next argument */
	A_OPEN_FLAGS, A_MODE, A_PROT, A_MMAP_FLAGS, A_AT_FLAGS, A_CLOCK, A_WHENCE,
	A_ARCH_PRCTL, A_IOCTL, A_FCNTL, A_MADVISE, A_MREMAP_FLAGS, A_GRND_FLAGS,
	A_RLIMIT_RES, A_ACCESS_MODE, A_TIMESPEC_IN, A_TIMESPEC_OUT, A_STAT_OUT,
	A_RENAME_FLAGS, A_STATX_MASK, A_TIMER_FLAGS, A_CLONE_FLAGS, A_UNSHARE_FLAGS, A_NSTYPE, A_WSTATUS, A_WAIT_OPTIONS,
	A_FD_PAIR, A_ARGV, A_PRCTL, A_WAITID_TYPE, A_ENVP, A_FUTEX_OP,
	A_SIGNAL, A_SIGSET, A_SIGMASK_HOW, /* SIGUSR1; a pointer to a mask: [USR1 TERM] */
	A_SIGRETURN, /* rt_sigreturn's restored mask, as strace shows it */
	A_SIGACTION, A_SIGACTION_OUT, /* struct sigaction: {sa_handler=..., ...} */
	A_RLIMIT_IN, A_RLIMIT_OUT,    /* struct rlimit: {rlim_cur=..., rlim_max=...} */
	A_HEXBUF_OUT,                 /* bytes the kernel filled, all as \xHH (getrandom) */
	A_SIGSET_OUT,                 /* a mask the kernel filled */
	A_STACK_IN, A_STACK_OUT,      /* stack_t (sigaltstack) */
	A_ITIMER_WHICH, A_ITIMERVAL_IN, A_ITIMERVAL_OUT, /* setitimer, getitimer */
	A_FD_FLAGS,                   /* O_CLOEXEC|O_NONBLOCK or 0 (pipe2, dup3) */
	A_SPLICE_FLAGS, A_FLOCK_OP,   /* SPLICE_F_MORE|...; LOCK_EX|LOCK_NB */
	A_PTR_OUT,    /* a pointer the kernel fills, shown as the call returns (nanosleep's rem) */
	A_FCNTL_ARG,  /* fcntl's third argument: what it is depends on the command before it */
	A_SOCKADDR_IN, /* a struct sockaddr the guest passes; its length is the next argument */
	A_MSG_FLAGS, A_SHUTDOWN_HOW, /* MSG_DONTWAIT|MSG_NOSIGNAL; SHUT_WR */
	A_SEMBUF,     /* struct sembuf array (semop); count is the next argument */
	A_IPC_KEY,    /* IPC_PRIVATE or the key in hex */
	A_IPC_FLAGS,  /* IPC_CREAT|IPC_EXCL|0600 */
	A_SEMCTL_CMD, /* SETALL (IPC_64, always set by the libc, as strace leaves it out) */
	A_SEMCTL_ARG, /* semctl's fourth argument: NULL where the command takes none */
	A_MOUNT_TYPE, A_MOUNT_FLAGS, A_MOUNT_DATA, /* mount's: a string or, as strace, the
						    * address where the flags ignore it */
	A_UMOUNT_FLAGS, /* MNT_DETACH|UMOUNT_NOFOLLOW */
	A_STATMOUNT_REQ, A_LISTMOUNT_REQ, /* struct mnt_id_req: {size=24, mnt_id=..., param=...} */
	A_UFFD_FLAGS, /* userfaultfd: O_NONBLOCK|O_CLOEXEC|UFFD_USER_MODE_ONLY */
	A_FUTEX2_FLAGS, /* FUTEX2_SIZE_U32|FUTEX2_PRIVATE */
	A_NR_KINDS
};
/* R_EXEC: the arguments are gone after the call (execve): shown as it starts. */
enum ret_kind { R_INT, R_HEX, R_OCT, R_NORETURN, R_EXEC };

/* A row with no fn is a call emu does not implement (ENOSYS) but the trace decodes. */
struct syscall_desc {
	const char *name;
	long (*fn)(const uint64_t *args);
	enum ret_kind ret;
	unsigned char nargs;
	enum arg_kind args[6];
};

#define NR_SYSCALLS 467
extern const struct syscall_desc syscall_table[NR_SYSCALLS];

long do_syscall(struct task *t, long nr, const uint64_t *args);

/* Handlers take the six raw argument registers and cast them, as Linux's
 * SYSCALL_DEFINEn does; their type-checked body gets named, typed parameters. */
#define SC_ARG(i, type) ((type)args[i])
#define SYSCALL_DEFINE0(name) \
	long sys_##name(const uint64_t *args); \
	long sys_##name(const uint64_t *args __attribute__((unused)))
#define SYSCALL_DEFINE1(name, t1, a1) \
	static long __do_sys_##name(t1 a1); \
	long sys_##name(const uint64_t *args); \
	long sys_##name(const uint64_t *args) { return __do_sys_##name(SC_ARG(0, t1)); } \
	static long __do_sys_##name(t1 a1)
#define SYSCALL_DEFINE2(name, t1, a1, t2, a2) \
	static long __do_sys_##name(t1 a1, t2 a2); \
	long sys_##name(const uint64_t *args); \
	long sys_##name(const uint64_t *args) \
	{ return __do_sys_##name(SC_ARG(0, t1), SC_ARG(1, t2)); } \
	static long __do_sys_##name(t1 a1, t2 a2)
#define SYSCALL_DEFINE3(name, t1, a1, t2, a2, t3, a3) \
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3); \
	long sys_##name(const uint64_t *args); \
	long sys_##name(const uint64_t *args) \
	{ return __do_sys_##name(SC_ARG(0, t1), SC_ARG(1, t2), SC_ARG(2, t3)); } \
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3)
#define SYSCALL_DEFINE4(name, t1, a1, t2, a2, t3, a3, t4, a4) \
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4); \
	long sys_##name(const uint64_t *args); \
	long sys_##name(const uint64_t *args) \
	{ return __do_sys_##name(SC_ARG(0, t1), SC_ARG(1, t2), SC_ARG(2, t3), SC_ARG(3, t4)); } \
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4)
#define SYSCALL_DEFINE5(name, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5) \
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5); \
	long sys_##name(const uint64_t *args); \
	long sys_##name(const uint64_t *args) \
	{ \
		return __do_sys_##name(SC_ARG(0, t1), SC_ARG(1, t2), SC_ARG(2, t3), SC_ARG(3, t4), \
				     SC_ARG(4, t5)); \
	} \
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5)
#define SYSCALL_DEFINE6(name, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5, t6, a6) \
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5, t6 a6); \
	long sys_##name(const uint64_t *args); \
	long sys_##name(const uint64_t *args) \
	{ \
		return __do_sys_##name(SC_ARG(0, t1), SC_ARG(1, t2), SC_ARG(2, t3), SC_ARG(3, t4), \
				     SC_ARG(4, t5), SC_ARG(5, t6)); \
	} \
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5, t6 a6)

#endif
