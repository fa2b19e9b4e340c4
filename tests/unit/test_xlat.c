/* Flag names (kernel/trace/xlat.c), trace class parsing, and the trace's lines
 * (kernel/trace/trace.c): the expected text is what strace -f prints for the same
 * calls (tests/trace compares whole programs with strace on the real kernel). */
#include "unit.h"
#include <emu/sched.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/trace.h>
#include <emu/trace_print.h>
#include <emu/xlat.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>

static char buf[256];

static void flags_by_name(void **state)
{
	assert_string_equal(xlat_flags(xlat_prot, PROT_READ | PROT_WRITE, "PROT_NONE", buf, sizeof buf),
			    "PROT_READ|PROT_WRITE");
	assert_string_equal(xlat_flags(xlat_prot, 0, "PROT_NONE", buf, sizeof buf), "PROT_NONE");
	assert_string_equal(xlat_flags(xlat_open_flags, O_CREAT | O_CLOEXEC, NULL, buf, sizeof buf),
			    "O_CREAT|O_CLOEXEC");
	assert_string_equal(xlat_flags(xlat_mmap_flags, MAP_ANONYMOUS | 0x40000000, NULL, buf, sizeof buf),
			    "MAP_ANONYMOUS|0x40000000");
	assert_string_equal(xlat_flags(xlat_mmap_flags, 0, NULL, buf, sizeof buf), "0");
	/* O_SYNC contains O_DSYNC's bit: the whole name wins */
	assert_string_equal(xlat_flags(xlat_open_flags, O_SYNC, NULL, buf, sizeof buf), "O_SYNC");
}

static void names_and_masks(void **state)
{
	assert_string_equal(xlat_name(xlat_errno, ENOENT), "ENOENT");
	assert_string_equal(xlat_name(xlat_clocks, CLOCK_MONOTONIC), "CLOCK_MONOTONIC");
	assert_null(xlat_name(xlat_clocks, 999));
	/* Linux 6.11's mmap type and clone3's flag, named as strace 6.11 names them */
	assert_string_equal(xlat_name(xlat_mmap_type, 0x08), "MAP_DROPPABLE");
	assert_string_equal(xlat_flags(xlat_clone_flags, CLONE_INTO_CGROUP, NULL, buf, sizeof buf),
			    "CLONE_INTO_CGROUP");
	assert_int_equal(xlat_mask(xlat_prot) & (PROT_READ | PROT_WRITE | PROT_EXEC),
			 PROT_READ | PROT_WRITE | PROT_EXEC);
	assert_int_equal(xlat_mask(xlat_mmap_flags) & MAP_TYPE, 0); /* the type bits are apart */
}

static void trace_classes(void **state)
{
	assert_int_equal(trace_parse("syscall"), TRACE_SYSCALL);
	assert_int_equal(trace_parse("syscall,mm"), TRACE_SYSCALL | TRACE_MM);
	assert_int_equal(trace_parse("kernel"), TRACE_KERNEL);
	assert_int_equal(trace_parse("syscall,bogus"), -1);
}

/* Every kind of argument has its printer: a new kind is one row of call.c's table. */
static void every_kind_printed(void **state)
{
	assert_true(trace_kinds_complete());
}

/* The clone flags kernel/fork.c accepts (its CLONE_SUPPORTED): the trace's table
 * marks the others, so fork.c can take the mask from it. */
static void clone_flags_supported(void **state)
{
	uint64_t supported = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_PIDFD |
			     CLONE_PTRACE | CLONE_VFORK | CLONE_PARENT | CLONE_THREAD |
			     CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID |
			     CLONE_CHILD_CLEARTID | CLONE_DETACHED | CLONE_UNTRACED |
			     CLONE_CHILD_SETTID | CLONE_IO | CLONE_CLEAR_SIGHAND |
			     CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC |
			     CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWTIME | CLONE_INTO_CGROUP;

	assert_int_equal(xlat_supported_mask(xlat_clone_flags), supported);
	assert_true(xlat_mask(xlat_clone_flags) & CLONE_NEWPID);
	assert_string_equal(xlat_flags(xlat_clone_flags, CLONE_VM | CLONE_NEWNS, NULL, buf,
				       sizeof buf), "CLONE_VM|CLONE_NEWNS");
}

static void call_names(void **state)
{
	assert_string_equal(trace_call_name(SYS_read), "read");
	assert_string_equal(trace_call_name(SYS_acct), "acct"); /* ENOSYS in emu */
	assert_string_equal(trace_call_name(SYS_tuxcall), "tuxcall");
	assert_null(trace_call_name(999));
	assert_null(trace_call_name(-1));
	assert_null(trace_desc(SYS_acct)->fn); /* decoded, not implemented */
}

static char *out;
static size_t out_len;

/* What the calls in between printed, and a fresh stream for the next ones. */
static const char *printed(void)
{
	static char *last;

	fclose(trace_out);
	free(last);
	last = out;
	out = NULL;
	trace_out = open_memstream(&out, &out_len);
	return last;
}

static void lines(void **state)
{
	static struct task a = { .state = TASK_RUNNING }, b = { .state = TASK_RUNNING };
	uint64_t close_args[6] = { 5 }, wait_args[6] = { 0 }, tux[6] = { 0x10, 0, 3, 4, 5, 6 };
	uint64_t none[6] = { 1, 2, 3, 4, 5, 6 };

	a.pid = alloc_pid(NULL, 0);
	sched_add(&a);
	trace_mask = TRACE_SYSCALL;
	trace_out = open_memstream(&out, &out_len);
	/* one task: no prefix, the result at column 40 */
	trace_syscall(&a, SYS_close, trace_desc(SYS_close), close_args, 0);
	assert_string_equal(printed(), "close(5)                                = 0\n");
	/* calls emu does not implement, by name or by number */
	trace_syscall(&a, SYS_tuxcall, NULL, tux, -ENOSYS);
	trace_syscall(&a, 999, NULL, none, -ENOSYS);
	assert_string_equal(printed(),
		"tuxcall(0x10, 0, 0x3)                   = -1 ENOSYS (Function not implemented)\n"
		"~ tuxcall (184): not implemented in emu\n"
		"syscall_0x3e7(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = -1 ENOSYS (Function not implemented)\n"
		"~ unknown system call 999: not implemented in emu\n");
	/* a second task: the prefix, counted in the column; a wait cut by its lines */
	b.pid = alloc_pid(NULL, 0);
	sched_add(&b);
	wait_args[0] = (uint64_t)b.pid;
	trace_syscall(&a, SYS_wait4, trace_desc(SYS_wait4), wait_args, EMU_RESTART);
	assert_string_equal(printed(), ""); /* held: nothing came between yet */
	trace_syscall(&b, SYS_close, trace_desc(SYS_close), close_args, 0);
	b.state = TASK_DEAD; /* as do_exit has it when it calls trace_exit */
	trace_exit(&b, 3 << 8);
	trace_syscall(&a, SYS_wait4, trace_desc(SYS_wait4), wait_args, b.pid);
	assert_string_equal(printed(),
		"[pid     2] wait4(3,  <unfinished ...>\n"
		"[pid     3] close(5)                    = 0\n"
		"[pid     3] +++ exited with 3 +++\n"
		"<... wait4 resumed>NULL, 0, NULL)       = 3\n");
	/* a call that slept with nothing in between is one line */
	trace_syscall(&a, SYS_wait4, trace_desc(SYS_wait4), wait_args, EMU_RESTART);
	trace_syscall(&a, SYS_wait4, trace_desc(SYS_wait4), wait_args, -ECHILD);
	assert_string_equal(printed(),
		"wait4(3, NULL, 0, NULL)                 = -1 ECHILD (No child processes)\n");
	a.state = TASK_DEAD;
	trace_exit(&a, 0);
	assert_string_equal(printed(), "+++ exited with 0 +++\n");
	trace_mask = 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(flags_by_name),
		cmocka_unit_test(names_and_masks),
		cmocka_unit_test(trace_classes),
		cmocka_unit_test(every_kind_printed),
		cmocka_unit_test(clone_flags_supported),
		cmocka_unit_test(call_names),
		cmocka_unit_test(lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
