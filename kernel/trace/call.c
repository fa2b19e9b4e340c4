/* A system call as text: its name and arguments as strace prints them, one row of
 * kinds[] per kind of argument (include/emu/syscall.h), and where strace would
 * break the line if the call slept (what it prints as the call enters). */
#include <emu/futex.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/trace_print.h>
#include <asm/unistd_64.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>

#define UNKNOWN_NARGS 6 /* a number with no name: strace shows every register */

/* How one kind of argument is printed: by a function, or by name from an xlat table
 * (then "unknown" is what strace puts in a comment for a value it cannot name). */
struct arg_printer {
	void (*print)(FILE *f, const struct arg *a);
	const struct xlat *xlat;
	enum { BY_FUNCTION, BY_FLAGS, BY_NAME, BY_NAME_HEX } how;
	const char *zero;    /* BY_FLAGS: the name of no bits (NULL: 0) */
	const char *unknown; /* BY_NAME_HEX: 0x2a SEEK_??? */
	bool at_exit;        /* filled by the kernel: strace prints it as the call returns */
	bool addr_if_failed; /* and then only its address if the call failed */
	bool (*has_next)(uint64_t v); /* false: the arguments after this one mean nothing
				       * for this value, and strace leaves them out */
};

static void int_arg(FILE *f, const struct arg *a) { fprintf(f, "%d", (int)a->v); }
static void long_arg(FILE *f, const struct arg *a) { fprintf(f, "%ld", (long)a->v); }
static void uint_arg(FILE *f, const struct arg *a) { fprintf(f, "%lu", (unsigned long)a->v); }
static void hex_arg(FILE *f, const struct arg *a) { fprintf(f, "%#lx", (unsigned long)a->v); }
static void oct_arg(FILE *f, const struct arg *a) { fprintf(f, "%#03o", (unsigned)a->v); }
static void ptr_arg(FILE *f, const struct arg *a) { print_ptr(f, a->v); }
static void path_arg(FILE *f, const struct arg *a) { print_path(f, a->v); }
static void buf_in_arg(FILE *f, const struct arg *a) { print_buf(f, a->v, a->next); }
static void buf_out_arg(FILE *f, const struct arg *a) { print_buf(f, a->v, a->ret); }
static void hexbuf_out_arg(FILE *f, const struct arg *a) { print_hex_buf(f, a->v, a->ret); }
static void iov_in_arg(FILE *f, const struct arg *a) { print_iov(f, a->v, (int)a->next, LONG_MAX); }
static void argv_arg(FILE *f, const struct arg *a) { print_argv(f, a->v); }
static void envp_arg(FILE *f, const struct arg *a) { print_envp(f, a->v); }
static void open_flags_arg(FILE *f, const struct arg *a) { print_open_flags(f, a->v); }
static void mmap_flags_arg(FILE *f, const struct arg *a) { print_mmap_flags(f, a->v); }
/* strace's form: the size's name, then the flags ("FUTEX2_SIZE_U32|FUTEX2_PRIVATE") */
static void futex2_flags_arg(FILE *f, const struct arg *a)
{
	print_const(f, xlat_futex2_size, a->v & FUTEX2_SIZE_MASK, false);
	if (a->v & ~(uint64_t)FUTEX2_SIZE_MASK) {
		fputc('|', f);
		print_flags(f, xlat_futex2_flags, a->v & ~(uint64_t)FUTEX2_SIZE_MASK, NULL);
	}
}
static void fcntl_arg(FILE *f, const struct arg *a) { print_fcntl_arg(f, a->prev, a->v); }
static void timespec_arg(FILE *f, const struct arg *a) { print_timespec(f, a->v); }
static void stat_arg(FILE *f, const struct arg *a) { print_stat(f, a->v); }
static void rlimit_arg(FILE *f, const struct arg *a) { print_rlimit(f, a->v); }
static void sembuf_arg(FILE *f, const struct arg *a) { print_sembuf(f, a->v, a->next); }

static void ipc_key_arg(FILE *f, const struct arg *a)
{
	if ((int)a->v == 0)
		fputs("IPC_PRIVATE", f);
	else
		fprintf(f, "%#x", (unsigned)a->v);
}

/* strace's form: the flags, then the mode in octal ("IPC_CREAT|0600", "0600") */
static void ipc_flags_arg(FILE *f, const struct arg *a)
{
	unsigned flags = (unsigned)a->v & ~0777u, mode = (unsigned)a->v & 0777u;

	if (flags)
		print_flags(f, xlat_ipc_flags, flags, NULL);
	if (flags && mode)
		fputc('|', f);
	if (mode || !flags)
		fprintf(f, "%#04o", mode);
}

static void semctl_cmd_arg(FILE *f, const struct arg *a)
{
	print_const(f, xlat_semctl_cmds, a->v & ~0x100UL, false);
}

static void semctl_arg(FILE *f, const struct arg *a)
{
	switch ((int)a->prev & ~0x100) {
	case IPC_RMID: case GETPID: case GETVAL: case GETNCNT: case GETZCNT:
		fputs("NULL", f); /* the command takes no argument */
		break;
	default:
		print_ptr(f, a->v);
	}
}
static void itimerval_arg(FILE *f, const struct arg *a) { print_itimerval(f, a->v); }
static void fd_pair_arg(FILE *f, const struct arg *a) { print_fd_pair(f, a->v); }
static void signal_arg(FILE *f, const struct arg *a) { print_signal(f, (int)a->v); }
static void sigset_arg(FILE *f, const struct arg *a) { print_sigset(f, a->v); }
static void sigaction_arg(FILE *f, const struct arg *a) { print_sigaction(f, a->v); }
static void stack_arg(FILE *f, const struct arg *a) { print_stack_t(f, a->v); }
static void clone_flags_arg(FILE *f, const struct arg *a) { print_clone_flags(f, a->v); }
static void wstatus_arg(FILE *f, const struct arg *a) { print_wstatus(f, a->v, a->ret); }
static void futex_op_arg(FILE *f, const struct arg *a) { print_futex_op(f, a->v); }
static void sockaddr_in_arg(FILE *f, const struct arg *a) { print_sockaddr(f, a->v, (int)a->next); }

static void dirfd_arg(FILE *f, const struct arg *a)
{
	if ((int)a->v == AT_FDCWD)
		fputs("AT_FDCWD", f);
	else
		int_arg(f, a);
}

/* readv's vector: as many bytes of contents as the call read; none if it failed. */
static void iov_out_arg(FILE *f, const struct arg *a)
{
	print_iov(f, a->v, (int)a->next, a->ret >= 0 ? a->ret : -1);
}

/* rt_sigreturn's: printed after the call, so the mask is the frame's now. */
static void sigreturn_arg(FILE *f, const struct arg *a)
{
	fputs("{mask=", f);
	print_mask(f, current->blocked);
	fputc('}', f);
}

/* mount's type and data mean nothing to some of its flags: strace shows their
 * addresses then (a bind, move or propagation change; a remount's type). */
#define MS_MGC_VAL_ 0xC0ED0000UL
#define MS_IGNORES_DATA ((1UL << 12) | (1UL << 13) | (1UL << 17) | (1UL << 18) | (1UL << 19) | (1UL << 20))
static bool mount_ignores(uint64_t flags, bool data)
{
	if ((flags & 0xffff0000UL) == MS_MGC_VAL_)
		flags &= 0xffff;
	if (flags & (1UL << 5)) /* MS_REMOUNT */
		return !data;
	return flags & MS_IGNORES_DATA;
}
static void mount_type_arg(FILE *f, const struct arg *a)
{
	if (mount_ignores(a->next, false))
		print_ptr(f, a->v);
	else
		print_path(f, a->v);
}
static void mount_data_arg(FILE *f, const struct arg *a)
{
	if (mount_ignores(a->prev, true))
		print_ptr(f, a->v);
	else
		print_path(f, a->v);
}
static void mount_flags_arg(FILE *f, const struct arg *a)
{
	uint64_t flags = a->v;

	if ((flags & 0xffff0000UL) == MS_MGC_VAL_) {
		flags &= 0xffff;
		fputs(flags ? "MS_MGC_VAL|" : "MS_MGC_VAL", f);
		if (!flags)
			return;
	}
	print_flags_or_unknown(f, xlat_mount_flags, flags, "MS_???");
}
static void umount_flags_arg(FILE *f, const struct arg *a)
{
	print_flags_or_unknown(f, xlat_umount_flags, a->v, "MNT_???");
}
static void statmount_req_arg(FILE *f, const struct arg *a) { print_mnt_id_req(f, a->v, true); }
static void listmount_req_arg(FILE *f, const struct arg *a) { print_mnt_id_req(f, a->v, false); }

#define FN(fn) { .print = (fn) }
#define OUT(fn) { .print = (fn), .at_exit = true, .addr_if_failed = true }
#define FLAGS(x, zero_name) { .xlat = (x), .how = BY_FLAGS, .zero = (zero_name) }
#define NAME(x) { .xlat = (x), .how = BY_NAME }
#define NAME_HEX(x, unknown_name) { .xlat = (x), .how = BY_NAME_HEX, .unknown = (unknown_name) }

static const struct arg_printer kinds[A_NR_KINDS] = {
	[A_NONE] = FN(ptr_arg),
	[A_INT] = FN(int_arg),
	[A_LONG] = FN(long_arg),
	[A_UINT] = FN(uint_arg),
	[A_HEX] = FN(hex_arg),
	[A_PTR] = FN(ptr_arg),
	[A_OCT] = FN(oct_arg),
	[A_FD] = FN(int_arg),
	[A_DIRFD] = FN(dirfd_arg),
	[A_PATH] = FN(path_arg),
	[A_STR] = FN(path_arg),
	[A_BUF_IN] = FN(buf_in_arg),
	[A_BUF_OUT] = OUT(buf_out_arg),
	[A_IOV_IN] = FN(iov_in_arg),
	[A_IOV_OUT] = { .print = iov_out_arg, .at_exit = true },
	[A_OPEN_FLAGS] = { .print = open_flags_arg, .has_next = open_has_mode },
	[A_MODE] = FN(oct_arg),
	[A_PROT] = FLAGS(xlat_prot, "PROT_NONE"),
	[A_MMAP_FLAGS] = FN(mmap_flags_arg),
	[A_AT_FLAGS] = FLAGS(xlat_at_flags, NULL),
	[A_CLOCK] = NAME(xlat_clocks),
	[A_WHENCE] = NAME_HEX(xlat_whence, "SEEK_???"),
	[A_ARCH_PRCTL] = NAME_HEX(xlat_arch_prctl, "ARCH_???"),
	[A_IOCTL] = NAME_HEX(xlat_ioctls, NULL),
	[A_FCNTL] = { .xlat = xlat_fcntl, .how = BY_NAME, .has_next = fcntl_has_arg },
	[A_FCNTL_ARG] = FN(fcntl_arg),
	[A_MADVISE] = NAME(xlat_madvise),
	[A_MREMAP_FLAGS] = { .xlat = xlat_mremap_flags, .how = BY_FLAGS,
			     .has_next = mremap_has_new_address },
	[A_GRND_FLAGS] = FLAGS(xlat_grnd_flags, NULL),
	[A_RLIMIT_RES] = NAME(xlat_rlimits),
	[A_ACCESS_MODE] = FLAGS(xlat_access_mode, "F_OK"),
	[A_TIMESPEC_IN] = FN(timespec_arg),
	[A_TIMESPEC_OUT] = OUT(timespec_arg),
	[A_STAT_OUT] = OUT(stat_arg),
	[A_RENAME_FLAGS] = FLAGS(xlat_rename_flags, NULL),
	[A_STATX_MASK] = FLAGS(xlat_statx_mask, NULL),
	[A_TIMER_FLAGS] = FLAGS(xlat_timer_flags, NULL),
	[A_CLONE_FLAGS] = FN(clone_flags_arg),
	[A_UNSHARE_FLAGS] = FLAGS(xlat_clone_flags, "0"),
	[A_NSTYPE] = FLAGS(xlat_setns_types, "0"),
	[A_WSTATUS] = { .print = wstatus_arg, .at_exit = true },
	[A_WAIT_OPTIONS] = FLAGS(xlat_wait_options, NULL),
	[A_FD_PAIR] = OUT(fd_pair_arg),
	[A_ARGV] = FN(argv_arg),
	[A_PRCTL] = NAME(xlat_prctl),
	[A_WAITID_TYPE] = NAME(xlat_waitid_types),
	[A_ENVP] = FN(envp_arg),
	[A_FUTEX_OP] = FN(futex_op_arg),
	[A_SIGNAL] = FN(signal_arg),
	[A_SIGSET] = FN(sigset_arg),
	[A_SIGMASK_HOW] = NAME(xlat_sigmask_how),
	[A_SIGRETURN] = FN(sigreturn_arg),
	[A_SIGACTION] = FN(sigaction_arg),
	[A_SIGACTION_OUT] = OUT(sigaction_arg),
	[A_RLIMIT_IN] = FN(rlimit_arg),
	[A_RLIMIT_OUT] = OUT(rlimit_arg),
	[A_HEXBUF_OUT] = OUT(hexbuf_out_arg),
	[A_SIGSET_OUT] = OUT(sigset_arg),
	[A_STACK_IN] = FN(stack_arg),
	[A_STACK_OUT] = OUT(stack_arg),
	[A_ITIMER_WHICH] = NAME(xlat_itimers),
	[A_ITIMERVAL_IN] = FN(itimerval_arg),
	[A_ITIMERVAL_OUT] = OUT(itimerval_arg),
	[A_FD_FLAGS] = FLAGS(xlat_open_flags, "0"),
	[A_SPLICE_FLAGS] = FLAGS(xlat_splice_flags, "0"),
	[A_FLOCK_OP] = FLAGS(xlat_flock_ops, "0"),
	[A_PTR_OUT] = { .print = ptr_arg, .at_exit = true },
	[A_SOCKADDR_IN] = FN(sockaddr_in_arg),
	[A_MSG_FLAGS] = FLAGS(xlat_msg_flags, NULL),
	[A_SHUTDOWN_HOW] = NAME_HEX(xlat_shutdown_how, "SHUT_???"),
	[A_SEMBUF] = FN(sembuf_arg),
	[A_IPC_KEY] = FN(ipc_key_arg),
	[A_IPC_FLAGS] = FN(ipc_flags_arg),
	[A_SEMCTL_CMD] = FN(semctl_cmd_arg),
	[A_UFFD_FLAGS] = FLAGS(xlat_uffd_flags, "0"),
	[A_FUTEX2_FLAGS] = FN(futex2_flags_arg),
	[A_SEMCTL_ARG] = FN(semctl_arg),
	[A_MOUNT_TYPE] = FN(mount_type_arg),
	[A_MOUNT_FLAGS] = FN(mount_flags_arg),
	[A_MOUNT_DATA] = FN(mount_data_arg),
	[A_UMOUNT_FLAGS] = FN(umount_flags_arg),
	[A_STATMOUNT_REQ] = FN(statmount_req_arg),
	[A_LISTMOUNT_REQ] = FN(listmount_req_arg),
};

static const struct arg_printer *printer_of(enum arg_kind kind)
{
	if ((unsigned)kind < A_NR_KINDS && (kinds[kind].print || kinds[kind].xlat))
		return &kinds[kind];
	return &kinds[A_PTR];
}

/* Does every kind have its row? (tests/unit/test_xlat.c) */
bool trace_kinds_complete(void)
{
	for (int k = 0; k < A_NR_KINDS; k++)
		if (!kinds[k].print && !kinds[k].xlat)
			return false;
	return true;
}

static void print_arg(FILE *f, const struct arg_printer *p, const struct arg *a)
{
	if (p->addr_if_failed && a->ret < 0) {
		print_ptr(f, a->v);
		return;
	}
	switch (p->how) {
	case BY_FUNCTION: p->print(f, a); break;
	case BY_FLAGS: print_flags(f, p->xlat, a->v, p->zero); break;
	case BY_NAME: print_const(f, p->xlat, a->v, false); break;
	case BY_NAME_HEX:
		if (xlat_name(p->xlat, a->v) || !p->unknown)
			print_const(f, p->xlat, a->v, true);
		else
			fprintf(f, "%#lx /* %s */", (unsigned long)a->v, p->unknown);
		break;
	}
}

/* name(arg, ...): returns the position of what strace prints as the call returns
 * (the first argument the kernel fills, or the closing parenthesis). */
static size_t print_args(FILE *f, const struct syscall_desc *d, const uint64_t *args, long ret)
{
	size_t entry = 0;

	fprintf(f, "%s(", d->name);
	for (int i = 0; i < d->nargs; i++) {
		const struct arg_printer *p = printer_of(d->args[i]);
		struct arg a = { args[i], i ? args[i - 1] : 0, i < 5 ? args[i + 1] : 0, ret };

		if (i && printer_of(d->args[i - 1])->has_next &&
		    !printer_of(d->args[i - 1])->has_next(args[i - 1]))
			break;
		fputs(i ? ", " : "", f);
		if (p->at_exit && !entry)
			entry = (size_t)ftell(f);
		print_arg(f, p, &a);
	}
	if (!entry)
		entry = (size_t)ftell(f);
	fputc(')', f);
	return entry;
}

/* A call emu does not implement: its name and raw arguments, as strace shows a call
 * it does not decode; syscall_0x3e7(...) for a number no call has. */
static size_t print_unknown(FILE *f, long nr, const uint64_t *args)
{
	const struct syscall_name *n =
		nr >= 0 && nr < NR_SYSCALL_NAMES && syscall_names[nr].name ? &syscall_names[nr] : NULL;
	int nargs = n ? n->nargs : UNKNOWN_NARGS;
	size_t entry;

	if (n)
		fprintf(f, "%s(", n->name);
	else
		fprintf(f, "syscall_%#lx(", (unsigned long)nr);
	for (int i = 0; i < nargs; i++) {
		fputs(i ? ", " : "", f);
		fprintf(f, "%#lx", (unsigned long)args[i]);
	}
	entry = (size_t)ftell(f);
	fputc(')', f);
	return entry;
}

/* The row the trace decodes nr with: a handler's, or one with no handler. */
const struct syscall_desc *trace_desc(long nr)
{
	if (nr >= 0 && nr < NR_SYSCALLS && syscall_table[nr].name)
		return &syscall_table[nr];
	return NULL;
}

const char *trace_call_name(long nr)
{
	const struct syscall_desc *d = trace_desc(nr);

	if (d)
		return d->name;
	if (nr >= 0 && nr < NR_SYSCALL_NAMES && syscall_names[nr].name)
		return syscall_names[nr].name;
	return NULL;
}

/* Calls whose arguments depend on one another beyond a row of kinds: their own
 * printer shows the whole call. */
static const struct {
	long nr;
	size_t (*print)(FILE *f, const uint64_t *args, long ret);
} whole_calls[] = {
	{ __NR_clone, print_clone }, { __NR_clone3, print_clone3 }, { __NR_futex, print_futex },
	{ __NR_socket, print_socket }, { __NR_socketpair, print_socketpair },
	{ __NR_accept, print_accept }, { __NR_accept4, print_accept4 },
	{ __NR_getsockname, print_getsockname }, { __NR_getpeername, print_getpeername },
	{ __NR_recvfrom, print_recvfrom }, { __NR_setsockopt, print_setsockopt },
	{ __NR_getsockopt, print_getsockopt }, { __NR_sendmsg, print_sendmsg },
	{ __NR_recvmsg, print_recvmsg }, { __NR_sendmmsg, print_sendmmsg },
	{ __NR_recvmmsg, print_recvmmsg },
};

bool render_call(struct call_text *c, long nr, const uint64_t *args, long ret)
{
	const struct syscall_desc *d = trace_desc(nr);
	size_t len = 0, i = 0, n = sizeof whole_calls / sizeof whole_calls[0];
	FILE *f;

	memset(c, 0, sizeof *c);
	c->nr = nr;
	if (!(f = open_memstream(&c->text, &len)))
		return false;
	while (i < n && whole_calls[i].nr != nr)
		i++;
	if (i < n)
		c->entry = whole_calls[i].print(f, args, ret);
	else if (d)
		c->entry = print_args(f, d, args, ret);
	else
		c->entry = print_unknown(f, nr, args);
	if (fclose(f) || !c->text) {
		free(c->text);
		c->text = NULL;
		return false;
	}
	return true;
}
