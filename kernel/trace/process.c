/* clone, clone3, wait's status and futex's operation as strace shows them. */
#include <emu/mm.h>
#include <emu/trace_print.h>
#include <linux/futex.h>
#include <linux/sched.h>
#include <stddef.h>
#include <string.h>
#include <sys/wait.h>

/* clone's flags: the names, then the exit signal in the low byte (CSIGNAL). */
void print_clone_flags(FILE *f, uint64_t v)
{
	uint64_t flags = v & ~(uint64_t)CSIGNAL;

	if (flags)
		print_flags(f, xlat_clone_flags, flags, NULL);
	if (flags && (v & CSIGNAL))
		fputc('|', f);
	if (v & CSIGNAL || !flags)
		print_signal(f, (int)(v & CSIGNAL));
}

/* The int the kernel stored at addr: parent_tid=[124], pidfd=[3]. */
static void print_stored_int(FILE *f, uint64_t addr)
{
	int v;

	if (copy_from_user(&v, addr, sizeof v))
		print_ptr(f, addr);
	else
		fprintf(f, "[%d]", v);
}

/* clone(child_stack=..., flags=...) and, when the flags use them, what the call
 * stored or took: parent_tid=[N], tls=..., child_tidptr=.... Returns the length of
 * what strace prints as the call enters (the rest it prints as the call returns). */
size_t print_clone(FILE *f, const uint64_t *a, long ret)
{
	enum { FLAGS, STACK, PTID, CTID, TLS };
	uint64_t flags = a[FLAGS];
	size_t entry;

	fputs("clone(child_stack=", f);
	print_ptr(f, a[STACK]);
	fputs(", flags=", f);
	print_clone_flags(f, flags);
	entry = (size_t)ftell(f);
	if (flags & (CLONE_PARENT_SETTID | CLONE_PIDFD)) {
		fputs(", parent_tid=", f);
		print_stored_int(f, a[PTID]);
	}
	if (flags & CLONE_SETTLS)
		fprintf(f, ", tls=%#lx", (unsigned long)a[TLS]);
	if (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID))
		fprintf(f, ", child_tidptr=%#lx", (unsigned long)a[CTID]);
	if (!(flags & (CLONE_PARENT_SETTID | CLONE_PIDFD | CLONE_CHILD_SETTID |
		       CLONE_CHILD_CLEARTID | CLONE_SETTLS)))
		entry = (size_t)ftell(f); /* all of it is known as the call enters */
	fputc(')', f);
	return entry;
}

/* clone3({flags=..., ...} => {parent_tid=[N]}, 88): the struct clone_args fields that
 * mean something for these flags, and after the call what the kernel wrote. */
size_t print_clone3(FILE *f, const uint64_t *a, long ret)
{
	struct clone_args ca;
	size_t entry;

	memset(&ca, 0, sizeof ca);
	if (a[1] < CLONE_ARGS_SIZE_VER0 || copy_from_user(&ca, a[0], CLONE_ARGS_SIZE_VER0)) {
		fputs("clone3(", f);
		print_ptr(f, a[0]);
		fprintf(f, ", %lu", (unsigned long)a[1]);
		entry = (size_t)ftell(f);
		fputc(')', f);
		return entry;
	}
	fputs("clone3({flags=", f);
	print_flags(f, xlat_clone_flags, ca.flags, NULL);
	if (ca.flags & CLONE_PIDFD)
		fprintf(f, ", pidfd=%#lx", (unsigned long)ca.pidfd);
	if (ca.flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID))
		fprintf(f, ", child_tid=%#lx", (unsigned long)ca.child_tid);
	if (ca.flags & CLONE_PARENT_SETTID)
		fprintf(f, ", parent_tid=%#lx", (unsigned long)ca.parent_tid);
	fputs(", exit_signal=", f);
	print_signal(f, (int)ca.exit_signal);
	fprintf(f, ", stack=%#lx, stack_size=%#lx", (unsigned long)ca.stack,
		(unsigned long)ca.stack_size);
	if (ca.flags & CLONE_SETTLS)
		fprintf(f, ", tls=%#lx", (unsigned long)ca.tls);
	if ((ca.flags & CLONE_INTO_CGROUP) && a[1] >= CLONE_ARGS_SIZE_VER2 &&
	    !copy_from_user(&ca.cgroup, a[0] + offsetof(struct clone_args, cgroup), sizeof ca.cgroup))
		fprintf(f, ", cgroup=%lu", (unsigned long)ca.cgroup);
	fputc('}', f);
	entry = (size_t)ftell(f);
	if (ret >= 0 && (ca.flags & (CLONE_PIDFD | CLONE_PARENT_SETTID))) {
		fputs(" => {", f);
		if (ca.flags & CLONE_PIDFD) {
			fputs("pidfd=", f);
			print_stored_int(f, ca.pidfd);
		}
		if (ca.flags & CLONE_PARENT_SETTID) {
			fputs(ca.flags & CLONE_PIDFD ? ", parent_tid=" : "parent_tid=", f);
			print_stored_int(f, ca.parent_tid);
		}
		fputc('}', f);
	}
	fprintf(f, ", %lu", (unsigned long)a[1]);
	if (!(ca.flags & (CLONE_PIDFD | CLONE_PARENT_SETTID)))
		entry = (size_t)ftell(f);
	fputc(')', f);
	return entry;
}

/* [{WIFEXITED(s) && WEXITSTATUS(s) == 0}] */
void print_wstatus(FILE *f, uint64_t addr, long ret)
{
	int s;

	if (ret <= 0 || !addr || copy_from_user(&s, addr, sizeof s)) {
		print_ptr(f, addr);
		return;
	}
	if (WIFEXITED(s)) {
		fprintf(f, "[{WIFEXITED(s) && WEXITSTATUS(s) == %d}]", WEXITSTATUS(s));
	} else if (WIFCONTINUED(s)) {
		fputs("[{WIFCONTINUED(s)}]", f);
	} else if (WIFSTOPPED(s)) {
		fputs("[{WIFSTOPPED(s) && WSTOPSIG(s) == ", f);
		print_signal(f, WSTOPSIG(s));
		fputs("}]", f);
	} else {
		fputs("[{WIFSIGNALED(s) && WTERMSIG(s) == ", f);
		print_signal(f, WTERMSIG(s));
		fputs(WCOREDUMP(s) ? " && WCOREDUMP(s)}]" : "}]", f);
	}
}

/* FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME; FUTEX_CLOCK_REALTIME only where
 * the kernel takes it, as strace's table has it. */
void print_futex_op(FILE *f, uint64_t op)
{
	unsigned cmd = op & FUTEX_CMD_MASK;
	const char *name = xlat_name(xlat_futex_ops, cmd);
	bool realtime_ok = cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET ||
			   cmd == FUTEX_WAIT_REQUEUE_PI;

	if (!name || (op & ~(uint64_t)(FUTEX_CMD_MASK | FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME)) ||
	    ((op & FUTEX_CLOCK_REALTIME) && !realtime_ok)) {
		fprintf(f, "%#x /* FUTEX_??? */", (unsigned)op);
		return;
	}
	fputs(name, f);
	if (op & FUTEX_PRIVATE_FLAG)
		fputs(cmd == FUTEX_FD ? "|FUTEX_PRIVATE_FLAG" : "_PRIVATE", f);
	if (op & FUTEX_CLOCK_REALTIME)
		fputs("|FUTEX_CLOCK_REALTIME", f);
}

/* FUTEX_OP_SET<<28|0<<12|FUTEX_OP_CMP_GT<<24|0x1: FUTEX_WAKE_OP's encoded operation */
static void print_wake_op(FILE *f, unsigned v)
{
	static const struct xlat ops[] = {
		XLAT(FUTEX_OP_SET), XLAT(FUTEX_OP_ADD), XLAT(FUTEX_OP_OR), XLAT(FUTEX_OP_ANDN),
		XLAT(FUTEX_OP_XOR), XLAT_END,
	};
	static const struct xlat cmps[] = {
		XLAT(FUTEX_OP_CMP_EQ), XLAT(FUTEX_OP_CMP_NE), XLAT(FUTEX_OP_CMP_LT),
		XLAT(FUTEX_OP_CMP_LE), XLAT(FUTEX_OP_CMP_GT), XLAT(FUTEX_OP_CMP_GE), XLAT_END,
	};
	enum { OP_SHIFT = 28, CMP_SHIFT = 24, OPARG_SHIFT = 12, ARG_MASK = 0xfff, OP_MASK = 7,
	       CMP_MASK = 0xf };
	unsigned op = v >> OP_SHIFT, cmp = (v >> CMP_SHIFT) & CMP_MASK;
	const char *name;

	if (op & FUTEX_OP_OPARG_SHIFT)
		fprintf(f, "FUTEX_OP_OPARG_SHIFT<<%d|", OP_SHIFT);
	if ((name = xlat_name(ops, op & OP_MASK)))
		fprintf(f, "%s<<%d|", name, OP_SHIFT);
	else
		fprintf(f, "%u<<%d /* FUTEX_OP_??? */|", op & OP_MASK, OP_SHIFT);
	fprintf(f, "%#x<<%d|", (v >> OPARG_SHIFT) & ARG_MASK, OPARG_SHIFT);
	if ((name = xlat_name(cmps, cmp)))
		fprintf(f, "%s<<%d|", name, CMP_SHIFT);
	else
		fprintf(f, "%u<<%d /* FUTEX_OP_CMP_??? */|", cmp, CMP_SHIFT);
	fprintf(f, "%#x", v & ARG_MASK);
}

static void print_bitset(FILE *f, unsigned v)
{
	if (v == FUTEX_BITSET_MATCH_ANY)
		fputs("FUTEX_BITSET_MATCH_ANY", f);
	else
		fprintf(f, "%#x", v);
}

/* futex with the arguments its command uses, as strace shows them: all are known as
 * the call enters. Returns the position in f of the closing parenthesis. */
size_t print_futex(FILE *f, const uint64_t *a, long ret)
{
	enum { UADDR, OP, VAL, TIMEOUT, UADDR2, VAL3 };
	unsigned cmd = a[OP] & FUTEX_CMD_MASK, val = a[VAL], val2 = a[TIMEOUT], val3 = a[VAL3];
	size_t entry;

	fputs("futex(", f);
	print_ptr(f, a[UADDR]);
	fputs(", ", f);
	print_futex_op(f, a[OP]);
	switch (cmd) {
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET:
	case FUTEX_WAIT_REQUEUE_PI:
		fprintf(f, ", %u, ", val);
		print_timespec(f, a[TIMEOUT]);
		if (cmd == FUTEX_WAIT_BITSET) {
			fputs(", ", f);
			print_bitset(f, val3);
		} else if (cmd == FUTEX_WAIT_REQUEUE_PI) {
			fputs(", ", f);
			print_ptr(f, a[UADDR2]);
		}
		break;
	case FUTEX_LOCK_PI:
	case FUTEX_LOCK_PI2:
		fputs(", ", f);
		print_timespec(f, a[TIMEOUT]);
		break;
	case FUTEX_WAKE_BITSET:
		fprintf(f, ", %u, ", val);
		print_bitset(f, val3);
		break;
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
	case FUTEX_CMP_REQUEUE_PI:
	case FUTEX_WAKE_OP:
		fprintf(f, ", %u, %u, ", val, val2);
		print_ptr(f, a[UADDR2]);
		if (cmd == FUTEX_WAKE_OP) {
			fputs(", ", f);
			print_wake_op(f, val3);
		} else if (cmd != FUTEX_REQUEUE) {
			fprintf(f, ", %u", val3);
		}
		break;
	case FUTEX_FD:
	case FUTEX_WAKE:
		fprintf(f, ", %u", val);
		break;
	case FUTEX_UNLOCK_PI:
	case FUTEX_TRYLOCK_PI:
		break;
	default:
		fprintf(f, ", %u, ", val);
		print_ptr(f, a[TIMEOUT]);
		fputs(", ", f);
		print_ptr(f, a[UADDR2]);
		fprintf(f, ", %#x", val3);
	}
	entry = (size_t)ftell(f);
	fputc(')', f);
	return entry;
}
