/* --trace output: system calls as strace prints them, and the kernel's own events.
 * A call's line is printed when it returns, so out-arguments show their contents. */
#include <emu/mm.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/trace.h>
#include <emu/xlat.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>

#define STRSIZE 32 /* strace -s default */

unsigned trace_mask;
FILE *trace_out;
static FILE *tf; /* where the printers below write: the line being built */

int trace_parse(const char *spec)
{
	static const struct xlat classes[] = {
		{ TRACE_SYSCALL, "syscall" }, { TRACE_MM, "mm" }, { TRACE_SCHED, "sched" },
		{ TRACE_PROC, "proc" }, { TRACE_KERNEL, "kernel" },
		{ TRACE_SYSCALL | TRACE_KERNEL, "all" }, XLAT_END,
	};
	char buf[256], *save, *tok;
	unsigned mask = 0;

	snprintf(buf, sizeof buf, "%s", spec);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		const struct xlat *x = classes;
		while (x->name && strcmp(x->name, tok))
			x++;
		if (!x->name)
			return -1;
		mask |= x->val;
	}
	return (int)mask;
}

/* As strace -f: lines carry the pid once the run has more than one task. */
static void prefix_pid(int pid)
{
	if (pid && nr_pids() > 1)
		fprintf(trace_out, "[pid %d] ", pid);
}

/* Calls that went to sleep, not yet printed: as strace, a call shows as
 * "<unfinished ...>" only when another task's line comes before it returns. */
#define MAX_UNFINISHED 64
static struct unfinished { int pid; char *line; } unfinished[MAX_UNFINISHED];

static void print_unfinished(struct unfinished *u)
{
	prefix_pid(u->pid);
	fprintf(trace_out, "%-39s <unfinished ...>\n", u->line);
	free(u->line);
	u->line = NULL;
}

/* Before a line of pid: the calls other tasks have left sleeping. */
static void flush_unfinished(int pid)
{
	for (int i = 0; i < MAX_UNFINISHED; i++)
		if (unfinished[i].line && unfinished[i].pid != pid)
			print_unfinished(&unfinished[i]);
}

static struct unfinished *unfinished_of(int pid)
{
	for (int i = 0; i < MAX_UNFINISHED; i++)
		if (unfinished[i].line && unfinished[i].pid == pid)
			return &unfinished[i];
	return NULL;
}

/* pid's call sleeps: remember it (a full table prints the oldest now). */
static void defer_unfinished(int pid, char *line)
{
	struct unfinished *u = unfinished_of(pid);

	if (!u)
		for (int i = 0; i < MAX_UNFINISHED && !u; i++)
			if (!unfinished[i].line)
				u = &unfinished[i];
	if (!u) {
		u = &unfinished[0];
		print_unfinished(u);
	}
	free(u->line);
	u->pid = pid;
	u->line = line ? line : strdup("?");
}

/* pid's call returned, or pid is printing something of its own that ends it. */
static void forget_unfinished(int pid)
{
	struct unfinished *u = unfinished_of(pid);

	if (u) {
		free(u->line);
		u->line = NULL;
	}
}

static void prefix(const struct task *t)
{
	flush_unfinished(t ? t->pid : 0);
	prefix_pid(t ? t->pid : 0);
}

void trace_kernel_line(const char *fmt, ...)
{
	va_list ap;

	prefix(current);
	fputs("~ ", trace_out);
	va_start(ap, fmt);
	vfprintf(trace_out, fmt, ap);
	va_end(ap);
	fputc('\n', trace_out);
}

/* A quoted string as strace prints it: C escapes, octal for the rest. */
static void print_quoted(const unsigned char *s, size_t len, bool more)
{
	fputc('"', tf);
	for (size_t i = 0; i < len; i++) {
		unsigned c = s[i];
		switch (c) {
		case '"': fputs("\\\"", tf); break;
		case '\\': fputs("\\\\", tf); break;
		case '\n': fputs("\\n", tf); break;
		case '\t': fputs("\\t", tf); break;
		case '\r': fputs("\\r", tf); break;
		case '\f': fputs("\\f", tf); break;
		case '\v': fputs("\\v", tf); break;
		default:
			if (c >= ' ' && c < 0x7f)
				fputc(c, tf);
			else if (i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '7')
				fprintf(tf, "\\%03o", c);
			else
				fprintf(tf, "\\%o", c);
		}
	}
	fputc('"', tf);
	if (more)
		fputs("...", tf);
}

static void print_ptr(uint64_t p)
{
	if (p)
		fprintf(tf, "%#lx", (unsigned long)p);
	else
		fputs("NULL", tf);
}

/* A guest buffer of len bytes, cut at STRSIZE; its address if unreadable. */
static void print_buf(uint64_t addr, uint64_t len)
{
	unsigned char buf[STRSIZE];
	size_t n = len < STRSIZE ? len : STRSIZE;

	if (copy_from_user(buf, addr, n))
		print_ptr(addr);
	else
		print_quoted(buf, n, len > STRSIZE);
}

/* Random bytes, all as \xHH, as strace prints getrandom's buffer. */
static void print_hex_buf(uint64_t addr, uint64_t len)
{
	unsigned char buf[STRSIZE];
	size_t n = len < STRSIZE ? len : STRSIZE;

	if (copy_from_user(buf, addr, n)) {
		print_ptr(addr);
		return;
	}
	fputc('"', tf);
	for (size_t i = 0; i < n; i++)
		fprintf(tf, "\\x%02x", buf[i]);
	fputs(len > STRSIZE ? "\"..." : "\"", tf);
}

static void print_path(uint64_t addr)
{
	char path[PATH_MAX];
	long len = strncpy_from_user(path, addr, sizeof path);

	if (len < 0)
		print_ptr(addr);
	else
		print_quoted((unsigned char *)path, len, false);
}

static void print_iov(uint64_t addr, int count, long limit)
{
	struct iovec iov;

	if (count < 0 || count > 1024) {
		print_ptr(addr);
		return;
	}
	fputc('[', tf);
	for (int i = 0; i < count; i++) {
		if (copy_from_user(&iov, addr + i * sizeof iov, sizeof iov)) {
			fputs("...", tf);
			break;
		}
		fprintf(tf, "%s{iov_base=", i ? ", " : "");
		long shown = limit < 0 ? 0 : (long)iov.iov_len < limit ? (long)iov.iov_len : limit;
		if (limit < 0 || !iov.iov_base)
			print_ptr((uint64_t)iov.iov_base);
		else
			print_buf((uint64_t)iov.iov_base, shown);
		fprintf(tf, ", iov_len=%zu}", iov.iov_len);
		if (limit >= 0)
			limit -= shown;
	}
	fputc(']', tf);
}

static void print_timespec(uint64_t addr)
{
	struct timespec ts;

	if (copy_from_user(&ts, addr, sizeof ts))
		print_ptr(addr);
	else
		fprintf(tf, "{tv_sec=%ld, tv_nsec=%ld}", (long)ts.tv_sec, ts.tv_nsec);
}

static void print_stat(uint64_t addr)
{
	struct stat st;
	char type[32];

	if (copy_from_user(&st, addr, sizeof st)) {
		print_ptr(addr);
		return;
	}
	const char *name = xlat_name(xlat_file_types, st.st_mode & S_IFMT);
	snprintf(type, sizeof type, "%s", name ? name : "0");
	fprintf(tf, "{st_mode=%s|%#o, ", type, st.st_mode & 07777);
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) /* devices: their number, as strace */
		fprintf(tf, "st_rdev=makedev(%#x, %#x), ...}", major(st.st_rdev), minor(st.st_rdev));
	else
		fprintf(tf, "st_size=%ld, ...}", (long)st.st_size);
}

/* A struct rlimit as strace prints it: {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}. */
static void print_rlim_value(uint64_t v)
{
	if (v == (uint64_t)-1)
		fputs("RLIM64_INFINITY", tf);
	else if (v && !(v % 1024))
		fprintf(tf, "%lu*1024", (unsigned long)(v / 1024));
	else
		fprintf(tf, "%lu", (unsigned long)v);
}

static void print_rlimit(uint64_t addr)
{
	uint64_t r[2];

	if (!addr || copy_from_user(r, addr, sizeof r)) {
		print_ptr(addr);
		return;
	}
	fputs("{rlim_cur=", tf);
	print_rlim_value(r[0]);
	fputs(", rlim_max=", tf);
	print_rlim_value(r[1]);
	fputc('}', tf);
}

static void print_flags(const struct xlat *x, uint64_t v, const char *zero)
{
	char buf[512];
	fputs(xlat_flags(x, v, zero, buf, sizeof buf), tf);
}

static void print_const(const struct xlat *x, uint64_t v, bool hex)
{
	const char *name = xlat_name(x, v);

	if (name)
		fputs(name, tf);
	else if (hex)
		fprintf(tf, "%#lx", (unsigned long)v);
	else
		fprintf(tf, "%d", (int)v);
}

static void print_open_flags(uint64_t v)
{
	fputs(xlat_name(xlat_open_access, v & O_ACCMODE) ?: "O_ACCMODE", tf);
	if (v & ~(uint64_t)O_ACCMODE) {
		fputc('|', tf);
		print_flags(xlat_open_flags, v & ~(uint64_t)O_ACCMODE, NULL);
	}
}

static void print_mmap_flags(uint64_t v)
{
	if (!(v & MAP_TYPE))
		fputs("MAP_FILE", tf); /* type 0, as strace names it */
	else
		print_const(xlat_mmap_type, v & MAP_TYPE, true);
	if (v & ~(uint64_t)MAP_TYPE) {
		fputc('|', tf);
		print_flags(xlat_mmap_flags, v & ~(uint64_t)MAP_TYPE, NULL);
	}
}

/* clone's flags: the names, then the exit signal in the low byte. */
static void print_clone_flags(uint64_t v)
{
	if (v & ~0xffUL)
		print_flags(xlat_clone_flags, v & ~0xffUL, NULL);
	if (v & 0xff)
		fprintf(tf, "%s%s", (v & ~0xffUL) ? "|" : "", signal_name(v & 0xff));
	if (!v)
		fputs("0", tf);
}

/* execve's argv and envp: ["a", "b"], cut after 32 entries as strace does. */
static void print_argv(uint64_t addr)
{
	uint64_t p;

	fputc('[', tf);
	for (int i = 0; i < 32; i++) {
		if (copy_from_user(&p, addr + i * 8, 8) || !p)
			break;
		fputs(i ? ", " : "", tf);
		print_path(p);
	}
	fputc(']', tf);
}

/* execve's environment, as strace abbreviates it: the address and how many variables. */
static void print_envp(uint64_t addr)
{
	uint64_t p;
	int n = 0;

	while (n < 100000 && !copy_from_user(&p, addr + n * 8, 8) && p)
		n++;
	print_ptr(addr);
	fprintf(tf, " /* %d var%s */", n, n == 1 ? "" : "s");
}

/* clone as strace shows it: named arguments, the tid pointers only when used. */
static void print_clone(const uint64_t *a)
{
	fputs("clone(child_stack=", tf);
	print_ptr(a[1]);
	fputs(", flags=", tf);
	print_clone_flags(a[0]);
	if (a[0] & CLONE_PARENT_SETTID)
		fprintf(tf, ", parent_tid=%#lx", (unsigned long)a[2]);
	if (a[0] & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID))
		fprintf(tf, ", child_tidptr=%#lx", (unsigned long)a[3]);
	if (a[0] & CLONE_SETTLS)
		fprintf(tf, ", tls=%#lx", (unsigned long)a[4]);
	fputc(')', tf);
}

/* clone3 as strace shows it: the struct clone_args fields that mean something for
 * these flags, and after the call what the kernel wrote ({parent_tid=[N]}). */
static void print_clone3(const uint64_t *a, long ret)
{
	struct { uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size,
		 tls; } ca;
	int v;

	if (a[1] < sizeof ca || copy_from_user(&ca, a[0], sizeof ca)) {
		fputs("clone3(", tf);
		print_ptr(a[0]);
		fprintf(tf, ", %lu)", (unsigned long)a[1]);
		return;
	}
	fputs("clone3({flags=", tf);
	print_clone_flags(ca.flags);
	if (ca.flags & CLONE_PIDFD)
		fprintf(tf, ", pidfd=%#lx", (unsigned long)ca.pidfd);
	if (ca.flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID))
		fprintf(tf, ", child_tid=%#lx", (unsigned long)ca.child_tid);
	if (ca.flags & CLONE_PARENT_SETTID)
		fprintf(tf, ", parent_tid=%#lx", (unsigned long)ca.parent_tid);
	fprintf(tf, ", exit_signal=%s", ca.exit_signal ? signal_name((int)ca.exit_signal) : "0");
	fprintf(tf, ", stack=%#lx, stack_size=%#lx", (unsigned long)ca.stack,
		(unsigned long)ca.stack_size);
	if (ca.flags & CLONE_SETTLS)
		fprintf(tf, ", tls=%#lx", (unsigned long)ca.tls);
	fputc('}', tf);
	if (ret > 0 && (ca.flags & CLONE_PARENT_SETTID) && !copy_from_user(&v, ca.parent_tid, sizeof v))
		fprintf(tf, " => {parent_tid=[%d]}", v);
	else if (ret > 0 && (ca.flags & CLONE_PIDFD) && !copy_from_user(&v, ca.pidfd, sizeof v))
		fprintf(tf, " => {pidfd=[%d]}", v);
	fprintf(tf, ", %lu)", (unsigned long)a[1]);
}

/* A wait status as strace shows it: [{WIFEXITED(s) && WEXITSTATUS(s) == 0}]. */
static void print_wstatus(uint64_t addr, long ret)
{
	int s;

	if (ret <= 0 || !addr || copy_from_user(&s, addr, sizeof s)) {
		print_ptr(addr);
		return;
	}
	if ((s & 0x7f) == 0)
		fprintf(tf, "[{WIFEXITED(s) && WEXITSTATUS(s) == %d}]", (s >> 8) & 0xff);
	else if (s == 0xffff)
		fputs("[{WIFCONTINUED(s)}]", tf);
	else if ((s & 0xff) == 0x7f)
		fprintf(tf, "[{WIFSTOPPED(s) && WSTOPSIG(s) == %s}]", signal_name((s >> 8) & 0xff));
	else
		fprintf(tf, "[{WIFSIGNALED(s) && WTERMSIG(s) == %s%s}]", signal_name(s & 0x7f),
			(s & 0x80) ? " && WCOREDUMP(s)" : "");
}

/* A signal mask as strace prints it: [USR1 TERM], or ~[...] when mostly full. */
static void print_mask(uint64_t set)
{
	bool first = true;

	if (__builtin_popcountll(set) > 32) {
		fputc('~', tf);
		set = ~set;
	}
	fputc('[', tf);
	for (int sig = 1; sig <= 64; sig++) {
		if (!(set & (1ULL << (sig - 1))))
			continue;
		const char *name = signal_name(sig);
		fprintf(tf, "%s%s", first ? "" : " ", strncmp(name, "SIG", 3) ? name : name + 3);
		first = false;
	}
	fputc(']', tf);
}

/* As strace: {sa_handler=SIG_IGN, sa_mask=[], sa_flags=SA_RESTORER, sa_restorer=0x...} */
static void print_sigaction(uint64_t addr)
{
	struct { uint64_t handler, flags, restorer, mask; } ka;

	if (!addr || copy_from_user(&ka, addr, sizeof ka)) {
		print_ptr(addr);
		return;
	}
	fputs("{sa_handler=", tf);
	if (ka.handler == (uint64_t)SIG_DFL)
		fputs("SIG_DFL", tf);
	else if (ka.handler == (uint64_t)SIG_IGN)
		fputs("SIG_IGN", tf);
	else
		fprintf(tf, "%#lx", (unsigned long)ka.handler);
	fputs(", sa_mask=", tf);
	print_mask(ka.mask);
	fputs(", sa_flags=", tf);
	print_flags(xlat_sa_flags, ka.flags, "0");
	if (ka.flags & 0x04000000)
		fprintf(tf, ", sa_restorer=%#lx", (unsigned long)ka.restorer);
	fputc('}', tf);
}

static void print_sigset(uint64_t addr)
{
	uint64_t set;

	if (!addr || copy_from_user(&set, addr, sizeof set))
		print_ptr(addr);
	else
		print_mask(set);
}

/* fcntl's third argument by name where strace names it; false: print it plainly. */
static bool print_fcntl_arg(uint64_t cmd, uint64_t v)
{
	if (cmd == F_SETFL) {
		print_open_flags(v);
		return true;
	}
	if (cmd == F_SETFD && (v == FD_CLOEXEC || !v)) {
		fputs(v ? "FD_CLOEXEC" : "0", tf);
		return true;
	}
	if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC) {
		fprintf(tf, "%d", (int)v);
		return true;
	}
	return false;
}

/* A stack_t as strace prints it: {ss_sp=0x..., ss_flags=SS_ONSTACK, ss_size=8192}. */
static void print_stack_t(uint64_t addr)
{
	struct { uint64_t sp; int32_t flags, pad; uint64_t size; } ss;
	static const struct xlat ss_flags[] = {
		XLAT(SS_ONSTACK), XLAT(SS_DISABLE), { 0x80000000u, "SS_AUTODISARM" }, XLAT_END,
	};

	if (!addr || copy_from_user(&ss, addr, sizeof ss)) {
		print_ptr(addr);
		return;
	}
	fputs("{ss_sp=", tf);
	print_ptr(ss.sp);
	fputs(", ss_flags=", tf);
	print_flags(ss_flags, (uint32_t)ss.flags, "0");
	fprintf(tf, ", ss_size=%lu}", (unsigned long)ss.size);
}

/* struct itimerval as strace prints it. */
static void print_itimerval(uint64_t addr)
{
	struct { int64_t is, iu, vs, vu; } v;

	if (!addr || copy_from_user(&v, addr, sizeof v)) {
		print_ptr(addr);
		return;
	}
	fprintf(tf, "{it_interval={tv_sec=%ld, tv_usec=%ld}, it_value={tv_sec=%ld, tv_usec=%ld}}",
		(long)v.is, (long)v.iu, (long)v.vs, (long)v.vu);
}

/* One argument; next is the following argument (a length), ret the result. */
static void print_arg(enum arg_kind kind, uint64_t v, uint64_t next, long ret)
{
	bool ok = ret >= 0;

	switch (kind) {
	case A_INT: case A_FD: fprintf(tf, "%d", (int)v); break;
	case A_LONG: fprintf(tf, "%ld", (long)v); break;
	case A_UINT: fprintf(tf, "%lu", (unsigned long)v); break;
	case A_HEX: fprintf(tf, "%#lx", (unsigned long)v); break;
	case A_OCT: case A_MODE: fprintf(tf, "%#03o", (unsigned)v); break;
	case A_DIRFD:
		if ((int)v == AT_FDCWD)
			fputs("AT_FDCWD", tf);
		else
			fprintf(tf, "%d", (int)v);
		break;
	case A_PATH: case A_STR: print_path(v); break;
	case A_BUF_IN: print_buf(v, next); break;
	case A_BUF_OUT: if (ok) print_buf(v, ret); else print_ptr(v); break;
	case A_IOV_IN: print_iov(v, (int)next, LONG_MAX); break;
	case A_IOV_OUT: print_iov(v, (int)next, ok ? ret : -1); break;
	case A_OPEN_FLAGS: print_open_flags(v); break;
	case A_PROT: print_flags(xlat_prot, v, "PROT_NONE"); break;
	case A_MMAP_FLAGS: print_mmap_flags(v); break;
	case A_AT_FLAGS: print_flags(xlat_at_flags, v, NULL); break;
	case A_CLOCK: print_const(xlat_clocks, v, false); break;
	case A_WHENCE: /* an unknown one as strace: 0x2a SEEK_??? in a comment */
		if (xlat_name(xlat_whence, v))
			print_const(xlat_whence, v, false);
		else
			fprintf(tf, "%#x /* SEEK_??? */", (unsigned)v);
		break;
	case A_ARCH_PRCTL: print_const(xlat_arch_prctl, v, true); break;
	case A_IOCTL: print_const(xlat_ioctls, v, true); break;
	case A_FCNTL: print_const(xlat_fcntl, v, false); break;
	case A_MADVISE: print_const(xlat_madvise, v, false); break;
	case A_MREMAP_FLAGS: print_flags(xlat_mremap_flags, v, NULL); break;
	case A_GRND_FLAGS: print_flags(xlat_grnd_flags, v, NULL); break;
	case A_RLIMIT_RES: print_const(xlat_rlimits, v, false); break;
	case A_ACCESS_MODE: print_flags(xlat_access_mode, v, "F_OK"); break;
	case A_RENAME_FLAGS: print_flags(xlat_rename_flags, v, NULL); break;
	case A_STATX_MASK: print_flags(xlat_statx_mask, v, NULL); break;
	case A_TIMER_FLAGS: print_flags(xlat_timer_flags, v, NULL); break;
	case A_CLONE_FLAGS: print_clone_flags(v); break;
	case A_ARGV: print_argv(v); break;
	case A_ENVP: print_envp(v); break;
	case A_FUTEX_OP:
		print_const(xlat_futex_ops, v & 0x7f, false);
		if (v & 128)
			fputs("_PRIVATE", tf);
		if (v & 256)
			fputs("|FUTEX_CLOCK_REALTIME", tf);
		break;
	case A_PRCTL: print_const(xlat_prctl, v, false); break;
	case A_WAITID_TYPE: print_const(xlat_waitid_types, v, false); break;
	case A_FD_PAIR: {
		int fds[2];
		if (ok && !copy_from_user(fds, v, sizeof fds))
			fprintf(tf, "[%d, %d]", fds[0], fds[1]);
		else
			print_ptr(v);
		break;
	}
	case A_WSTATUS: print_wstatus(v, ret); break;
	case A_WAIT_OPTIONS: print_flags(xlat_wait_options, v, NULL); break;
	case A_TIMESPEC_IN: print_timespec(v); break;
	case A_TIMESPEC_OUT: if (ok && v) print_timespec(v); else print_ptr(v); break;
	case A_STAT_OUT: if (ok) print_stat(v); else print_ptr(v); break;
	case A_SIGNAL: fputs(signal_name((int)v), tf); break;
	case A_SIGSET: print_sigset(v); break;
	case A_STACK_IN: print_stack_t(v); break;
	case A_ITIMERVAL_IN: print_itimerval(v); break;
	case A_ITIMERVAL_OUT: if (ok) print_itimerval(v); else print_ptr(v); break;
	case A_ITIMER_WHICH: print_const(xlat_itimers, v, false); break;
	case A_FD_FLAGS: print_flags(xlat_open_flags, v, "0"); break;
	case A_STACK_OUT: if (ok) print_stack_t(v); else print_ptr(v); break;
	case A_SIGSET_OUT: if (ok) print_sigset(v); else print_ptr(v); break;
	case A_RLIMIT_IN: print_rlimit(v); break;
	case A_HEXBUF_OUT: if (ok) print_hex_buf(v, ret); else print_ptr(v); break;
	case A_RLIMIT_OUT: if (ok) print_rlimit(v); else print_ptr(v); break;
	case A_SIGACTION: print_sigaction(v); break;
	case A_SIGACTION_OUT: if (ok) print_sigaction(v); else print_ptr(v); break;
	case A_SIGRETURN: /* printed after the call: the mask is the frame's now */
		fputs("{mask=", tf);
		print_mask(current->blocked);
		fputc('}', tf);
		break;
	case A_SIGMASK_HOW: print_const(xlat_sigmask_how, v, false); break;
	case A_PTR: case A_NONE: default: print_ptr(v); break;
	}
}

/* The restart codes: what strace says of them. */
static const char *restart_text(long err)
{
	switch (err) {
	case ERESTARTSYS: return "ERESTARTSYS (To be restarted if SA_RESTART is set)";
	case ERESTARTNOINTR: return "ERESTARTNOINTR (To be restarted)";
	case ERESTARTNOHAND: return "ERESTARTNOHAND (To be restarted if no handler)";
	case ERESTART_RESTARTBLOCK: return "ERESTART_RESTARTBLOCK (Interrupted by signal)";
	default: return NULL;
	}
}

static void print_return(enum ret_kind kind, long ret)
{
	if (ret < 0 && restart_text(-ret)) {
		fprintf(tf, " = ? %s\n", restart_text(-ret));
	} else if (ret < 0 && ret >= -4095) {
		const char *name = xlat_name(xlat_errno, -ret);
		fprintf(tf, " = -1 %s (%s)\n", name ? name : "E?", strerror(-ret));
	} else if (kind == R_HEX) {
		fprintf(tf, " = %#lx\n", (unsigned long)ret);
	} else if (kind == R_OCT) {
		fprintf(tf, " = %#03lo\n", (unsigned long)ret);
	} else {
		fprintf(tf, " = %ld\n", ret);
	}
}

/* Does the argument after one of this kind mean nothing here? open's mode without
 * O_CREAT, fcntl's argument for the F_GET commands, mremap's new address without
 * MREMAP_FIXED. */
static bool unused_arg(enum arg_kind prev, uint64_t v)
{
	switch (prev) {
	case A_OPEN_FLAGS: return !(v & (O_CREAT | __O_TMPFILE));
	case A_MREMAP_FLAGS: return !(v & MREMAP_FIXED);
	case A_FCNTL:
		return v == F_GETFD || v == F_GETFL || v == F_GETOWN || v == F_GETSIG ||
		       v == F_GETLEASE || v == F_GETPIPE_SZ || v == F_GET_SEALS;
	default: return false;
	}
}

static void print_call(struct task *t, long nr, const struct syscall_desc *d,
		       const uint64_t *args, long ret)
{
	if (!d) {
		fprintf(tf, "syscall_%ld(%#lx, %#lx, %#lx, %#lx, %#lx, %#lx)", nr,
			(unsigned long)args[0], (unsigned long)args[1], (unsigned long)args[2],
			(unsigned long)args[3], (unsigned long)args[4], (unsigned long)args[5]);
		return;
	}
	if (!strcmp(d->name, "clone")) {
		print_clone(args);
		return;
	}
	if (!strcmp(d->name, "clone3")) {
		print_clone3(args, ret);
		return;
	}
	fprintf(tf, "%s(", d->name);
	for (int i = 0; i < d->nargs; i++) {
		if (i && unused_arg(d->args[i - 1], args[i - 1]))
			break; /* the rest means nothing for this command: strace leaves it out */
		if (i)
			fputs(", ", tf);
		if (i && d->args[i - 1] == A_FCNTL && print_fcntl_arg(args[i - 1], args[i]))
			continue;
		print_arg(d->args[i], args[i], i < 5 ? args[i + 1] : 0, ret);
	}
	fputc(')', tf);
}

/* The call as text, or NULL. */
static char *render_call(struct task *t, long nr, const struct syscall_desc *d,
			 const uint64_t *args, long ret)
{
	char *line = NULL;
	size_t len = 0;

	tf = open_memstream(&line, &len);
	if (!tf)
		return NULL;
	print_call(t, nr, d, args, ret);
	fclose(tf);
	tf = trace_out;
	return line;
}

/* An execve's line, rendered before the old program's memory goes. */
static char *pending_call;

/* Prints the call, padded to strace's result column (40), then its result. */
static void print_line(struct task *t, char *line, enum ret_kind kind, long ret)
{
	if (ret == EMU_RESTART && kind != R_NORETURN) {
		defer_unfinished(t->pid, line); /* it sleeps; the call runs again on wake-up */
		return;
	}
	forget_unfinished(t->pid);
	prefix(t);
	tf = trace_out;
	fprintf(tf, "%-39s", line ? line : "?");
	free(line);
	if (kind == R_NORETURN)
		fputs(" = ?\n", tf);
	else
		print_return(kind, ret);
}

void trace_syscall(struct task *t, long nr, const struct syscall_desc *d,
		   const uint64_t *args, long ret)
{
	if (!trace_on(TRACE_SYSCALL))
		return;
	char *line = pending_call ? pending_call : render_call(t, nr, d, args, ret);
	pending_call = NULL;
	print_line(t, line, d ? (d->ret == R_EXEC ? R_INT : d->ret) : R_INT, ret);
	if (!d) {
		prefix(t);
		fprintf(trace_out, "~ unknown system call %ld: not implemented in emu\n", nr);
	}
}

void trace_syscall_enter(struct task *t, long nr, const struct syscall_desc *d,
			 const uint64_t *args)
{
	if (!trace_on(TRACE_SYSCALL))
		return;
	if (d->ret == R_NORETURN)
		print_line(t, render_call(t, nr, d, args, 0), R_NORETURN, 0);
	else
		pending_call = render_call(t, nr, d, args, 0);
}

void trace_exit(struct task *t, int status)
{
	struct unfinished *u;

	if (!trace_on(TRACE_SYSCALL))
		return;
	if ((u = unfinished_of(t->pid))) /* it died asleep in a call: show the call */
		print_unfinished(u);
	prefix(t);
	if ((status & 0x7f) == 0)
		fprintf(tf, "+++ exited with %d +++\n", (status >> 8) & 0xff);
	else
		fprintf(tf, "+++ killed by %s%s +++\n", signal_name(status & 0x7f),
			(status & 0x80) ? " (core dumped)" : "");
}

static const char *si_code_name(int signo, int code)
{
	static const struct xlat segv[] = { XLAT(SEGV_MAPERR), XLAT(SEGV_ACCERR), XLAT_END };
	static const struct xlat bus[] = { XLAT(BUS_ADRALN), XLAT(BUS_ADRERR), XLAT_END };
	static const struct xlat fpe[] = { XLAT(FPE_INTDIV), XLAT(FPE_FLTDIV), XLAT_END };
	static const struct xlat ill[] = { XLAT(ILL_ILLOPC), XLAT(ILL_ILLOPN), XLAT_END };
	static const struct xlat trap[] = { XLAT(TRAP_BRKPT), XLAT(TRAP_TRACE), XLAT_END };
	const struct xlat *x = signo == SIGSEGV ? segv : signo == SIGBUS ? bus
			       : signo == SIGFPE ? fpe : signo == SIGILL ? ill : trap;

	if (code == SI_KERNEL)
		return "SI_KERNEL";
	return xlat_name(x, code) ?: "0";
}

static const char *si_code_generic(int code)
{
	static const struct xlat codes[] = {
		XLAT(SI_USER), XLAT(SI_KERNEL), XLAT(SI_QUEUE), XLAT(SI_TIMER), XLAT(SI_MESGQ),
		XLAT(SI_ASYNCIO), XLAT(SI_SIGIO), XLAT(SI_TKILL), XLAT_END,
	};
	return xlat_name(codes, code);
}

static const char *cld_code_name(int code)
{
	static const struct xlat cld[] = {
		XLAT(CLD_EXITED), XLAT(CLD_KILLED), XLAT(CLD_DUMPED), XLAT(CLD_TRAPPED),
		XLAT(CLD_STOPPED), XLAT(CLD_CONTINUED), XLAT_END,
	};
	return xlat_name(cld, code);
}

static bool is_fault_signal(int signo)
{
	return signo == SIGSEGV || signo == SIGBUS || signo == SIGFPE || signo == SIGILL ||
	       signo == SIGTRAP;
}

/* The siginfo as strace shows it. */
void trace_signal(struct task *t, const siginfo_t *si)
{
	int signo = si->si_signo, code = si->si_code;
	const char *name;

	if (!trace_on(TRACE_SYSCALL))
		return;
	prefix(t);
	fprintf(trace_out, "--- %s {si_signo=%s, si_code=", signal_name(signo), signal_name(signo));
	if (code > 0 && is_fault_signal(signo)) {
		fprintf(trace_out, "%s, si_addr=", si_code_name(signo, code));
		if (si->si_addr)
			fprintf(trace_out, "%p", si->si_addr);
		else
			fputs("NULL", trace_out);
	} else if (code > 0 && signo == SIGCHLD && (name = cld_code_name(code))) {
		fprintf(trace_out, "%s, si_pid=%d, si_uid=%u, si_status=", name, si->si_pid,
			si->si_uid);
		if (code == CLD_EXITED)
			fprintf(trace_out, "%d", si->si_status);
		else
			fputs(signal_name(si->si_status), trace_out);
		fputs(", si_utime=0, si_stime=0", trace_out);
	} else if ((name = si_code_generic(code))) {
		fputs(name, trace_out);
		if (code == SI_USER || code == SI_TKILL || code == SI_QUEUE)
			fprintf(trace_out, ", si_pid=%d, si_uid=%u", si->si_pid, si->si_uid);
		if (code == SI_QUEUE)
			fprintf(trace_out, ", si_int=%d, si_ptr=%p", si->si_int, si->si_ptr);
	} else {
		fprintf(trace_out, "%d", code);
	}
	fputs("} ---\n", trace_out);
}

void trace_stopped(struct task *t, int sig)
{
	if (!trace_on(TRACE_SYSCALL))
		return;
	prefix(t);
	fprintf(trace_out, "--- stopped by %s ---\n", signal_name(sig));
}
