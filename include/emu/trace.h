/* --trace: strace-style system call lines, and the kernel's own events. */
#ifndef EMU_TRACE_H
#define EMU_TRACE_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <signal.h>

enum trace_class {
	TRACE_SYSCALL = 1 << 0, /* strace-compatible lines */
	TRACE_MM = 1 << 1,      /* page faults, copy-on-write */
	TRACE_SCHED = 1 << 2,   /* task switches, sleeps */
	TRACE_PROC = 1 << 3,    /* copy_process, exit, signals */
	TRACE_KERNEL = TRACE_MM | TRACE_SCHED | TRACE_PROC,
};

extern unsigned trace_mask;
extern FILE *trace_out;

int trace_parse(const char *spec); /* "syscall,mm,..." → mask; -1 if unknown */
void trace_kernel_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define trace_on(cls) (trace_mask & (cls))
#define trace_kernel(cls, ...) \
	do { \
		if (trace_on(cls)) \
			trace_kernel_line(__VA_ARGS__); \
	} while (0)

struct task;
struct syscall_desc;
struct exec_request;
/* One line per call, printed when it returns (see kernel/trace/trace.c); a call that
 * sleeps is shown as strace shows it, unfinished and resumed when other lines come
 * between. A call with no row (d NULL) is named from the x86-64 table. */
void trace_syscall(struct task *t, long nr, const struct syscall_desc *d,
		   const uint64_t *args, long ret);
/* As the handler starts (again, after a sleep): what the call will overwrite and the
 * line shows as "in => out" (a socket call's length) is read now. */
void trace_syscall_start(struct task *t, long nr, const uint64_t *args);
/* Calls whose arguments do not survive them (exit, execve): the line starts now. */
void trace_syscall_enter(struct task *t, long nr, const struct syscall_desc *d,
			 const uint64_t *args);
/* The line strace prints first: execve("./prog", ["./prog"], 0x... (4 vars)) = 0,
 * once req's program is loaded into t. */
void trace_execve_first(struct task *t, const struct exec_request *req);
void trace_exit(struct task *t, int status); /* "+++ exited with 0 +++" */
/* "--- SIGSEGV {si_signo=SIGSEGV, ...} ---" as a signal is delivered */
void trace_signal(struct task *t, const siginfo_t *info);
void trace_stopped(struct task *t, int sig); /* "--- stopped by SIGSTOP ---" */

#endif
