/* --trace output: system calls as strace -f prints them, and the kernel's own events.
 * This file makes the lines: the "[pid N] " prefix, the result column, and calls
 * that sleep. A call's line is printed when it returns, so out-arguments show their
 * contents; strace prints the start of a call as it enters, so when another task's
 * line comes while a call sleeps, strace ends that start with "<unfinished ...>" and
 * prints the return later as "<... wait4 resumed>...) = 3": a sleeping call's text
 * is held back here until it is known which of the two it is. What a call looks
 * like is call.c's, with the decoders of strings.c, flags.c, structs.c, signals.c
 * and process.c. */
#include <emu/exec.h>
#include <emu/mm.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/trace.h>
#include <emu/trace_print.h>
#include <asm/unistd_64.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#define MAX_ERRNO 4095 /* results from -MAX_ERRNO to -1 are errors */

unsigned trace_mask;
FILE *trace_out;

int trace_parse(const char *spec)
{
	static const struct xlat classes[] = {
		XLAT_PAIR(TRACE_SYSCALL, "syscall"), XLAT_PAIR(TRACE_MM, "mm"),
		XLAT_PAIR(TRACE_SCHED, "sched"), XLAT_PAIR(TRACE_PROC, "proc"),
		XLAT_PAIR(TRACE_KERNEL, "kernel"), XLAT_PAIR(TRACE_SYSCALL | TRACE_KERNEL, "all"),
		XLAT_END,
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

/* ---- the pid prefix ---- */

/* strace -f prefixes a line with the pid while it traces more than one task, as the
 * line starts; it forgets a task at its "+++" line. t: the task whose line it is (it
 * counts while it prints its own exit). not_yet: a task this line's call made, which
 * did not exist as the call entered (the clone being printed). */
static bool wants_prefix(const struct task *t, int not_yet)
{
	int n = t && t->state == TASK_DEAD ? 1 : 0;

	for (const struct task *o = first_task_in_list(); o; o = o->next_task)
		n += o->state != TASK_DEAD;
	return n - not_yet > 1;
}

/* Returns the columns it took: strace's result column counts them. */
static int print_prefix(int pid, bool prefixed)
{
	return prefixed ? fprintf(trace_out, "[pid %5d] ", pid) : 0;
}

/* ---- calls that sleep ---- */

struct pending {
	struct pending *next;
	struct task *task;
	bool prefixed;      /* the entry's line started with the pid */
	bool shown;         /* "<unfinished ...>" is out: the return will be "resumed" */
	bool returned;      /* the call returned, but the task sleeps on (vfork's parent) */
	bool entered;       /* execve's text, made as it entered: the memory goes */
	enum ret_kind kind; /* returned: how its result prints */
	long ret;
	struct call_text c;
};
static struct pending *pending; /* one per task with a call held back */
/* The held-back call whose entry strace would have printed last, the line still
 * open: any other line ends it with "<unfinished ...>". */
static struct pending *open_entry;

static const char *call_str(const struct call_text *c)
{
	return c->text ? c->text : "?";
}

static struct pending *pending_of(const struct task *t)
{
	struct pending *p = pending;

	while (p && p->task != t)
		p = p->next;
	return p;
}

static void drop(struct pending *p)
{
	struct pending **pp = &pending;

	while (*pp != p)
		pp = &(*pp)->next;
	*pp = p->next;
	if (open_entry == p)
		open_entry = NULL;
	free(p->c.text);
	free(p);
}

static void show_unfinished(struct pending *p)
{
	const char *s = call_str(&p->c);
	size_t entry = p->c.text && p->c.entry < strlen(s) ? p->c.entry : strlen(s);

	print_prefix(p->task->pid, p->prefixed);
	fprintf(trace_out, "%.*s <unfinished ...>\n", (int)entry, s);
	p->shown = true;
	if (open_entry == p)
		open_entry = NULL;
}

static void end_open_entry(void)
{
	if (open_entry)
		show_unfinished(open_entry);
}

static void print_result(int cols, enum ret_kind kind, long ret);

/* The call's line as strace ends it: whole, or "<... name resumed>" and the rest if
 * its start was shown unfinished. Frees c's text. */
static void print_return(struct task *t, struct call_text *c, enum ret_kind kind, long ret,
			 int not_yet)
{
	struct pending *p = pending_of(t);
	const char *s = call_str(c);
	int cols;

	if (p && p->shown) {
		end_open_entry();
		cols = print_prefix(t->pid, wants_prefix(t, 0));
		size_t name = strcspn(s, "(");
		size_t entry = c->text && c->entry < strlen(s) ? c->entry : strlen(s);
		cols += fprintf(trace_out, "<... %.*s resumed>%s", (int)name, s, s + entry);
	} else {
		if (open_entry != p)
			end_open_entry();
		cols = print_prefix(t->pid, p ? p->prefixed : wants_prefix(t, not_yet));
		cols += fprintf(trace_out, "%s", s);
	}
	print_result(cols, kind, ret);
	if (p && &p->c != c)
		free(c->text);
	if (p)
		drop(p);
	else
		free(c->text);
}

/* A vfork parent that returned asleep and has been woken since: strace sees its
 * return now. */
static void finish_woken(void)
{
	struct pending *p = pending, *next;

	for (; p; p = next) {
		next = p->next;
		if (p->returned && p->task->state != TASK_SLEEPING)
			print_return(p->task, &p->c, p->kind, p->ret, 0);
	}
}

/* t's call sleeps, or may let another task's line come before it returns (execve
 * wakes a vfork parent): strace has printed its entry. returned: with this result.
 * Returns where it is held, or NULL. */
static struct pending *hold(struct task *t, struct call_text *c, enum ret_kind kind,
			    long ret, bool returned, int not_yet)
{
	struct pending *p = pending_of(t);

	if (p) { /* asleep again in the same call: strace saw nothing new */
		if (returned) {
			free(p->c.text);
			p->c = *c;
			p->returned = true;
			p->kind = kind;
			p->ret = ret;
		} else {
			free(c->text);
		}
		return p;
	}
	if (!(p = malloc(sizeof *p))) { /* nothing to hold it in: its start shows now */
		struct pending now = { .task = t, .prefixed = wants_prefix(t, not_yet), .c = *c };
		end_open_entry();
		show_unfinished(&now);
		free(c->text);
		return NULL;
	}
	end_open_entry();
	*p = (struct pending){ .next = pending, .task = t, .prefixed = wants_prefix(t, not_yet),
			       .returned = returned, .kind = kind, .ret = ret, .c = *c };
	pending = open_entry = p;
	return p;
}

FILE *trace_line(const struct task *t)
{
	finish_woken();
	end_open_entry();
	print_prefix(t ? t->pid : 0, t && wants_prefix(t, 0));
	return trace_out;
}

void trace_kernel_line(const char *fmt, ...)
{
	va_list ap;
	FILE *f = trace_line(current);

	fputs("~ ", f);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

/* ---- the result column ---- */

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

/* As strace: a space, spaces up to the result column, then "= result". */
static void print_result(int cols, enum ret_kind kind, long ret)
{
	FILE *f = trace_out;

	fprintf(f, " %*s", cols + 1 < RESULT_COLUMN ? RESULT_COLUMN - cols - 1 : 0, "");
	if (kind == R_NORETURN) {
		fputs("= ?\n", f);
	} else if (ret < 0 && restart_text(-ret)) {
		fprintf(f, "= ? %s\n", restart_text(-ret));
	} else if (ret < 0 && ret >= -MAX_ERRNO) {
		const char *name = xlat_name(xlat_errno, -ret);
		fprintf(f, "= -1 %s (%s)\n", name ? name : "E?", strerror(-ret));
	} else if (kind == R_HEX) {
		fprintf(f, "= %#lx\n", (unsigned long)ret);
	} else if (kind == R_OCT) {
		fprintf(f, "= %#03lo\n", (unsigned long)ret);
	} else {
		fprintf(f, "= %ld\n", ret);
	}
}

/* ---- the entry points ---- */

static bool creates_task(long nr)
{
	return nr == __NR_clone || nr == __NR_clone3 || nr == __NR_fork || nr == __NR_vfork;
}

static enum ret_kind ret_kind_of(long nr)
{
	const struct syscall_desc *d = trace_desc(nr);

	return !d || d->ret == R_EXEC ? R_INT : d->ret;
}

void trace_syscall(struct task *t, long nr, const struct syscall_desc *d,
		   const uint64_t *args, long ret)
{
	struct pending *p;
	struct call_text c;

	if (!trace_on(TRACE_SYSCALL))
		return;
	finish_woken();
	int not_yet = creates_task(nr) && (ret > 0 || ret == EMU_RESTART);
	if ((p = pending_of(t)) && p->entered) {
		print_return(t, &p->c, ret_kind_of(nr), ret, not_yet);
	} else {
		render_call(&c, nr, args, ret);
		if (ret == EMU_RESTART)
			hold(t, &c, ret_kind_of(nr), ret, false, not_yet);
		else if (t->state == TASK_SLEEPING && t->restart_block.waiting == WAIT_VFORK)
			hold(t, &c, ret_kind_of(nr), ret, true, not_yet);
		else
			print_return(t, &c, ret_kind_of(nr), ret, not_yet);
	}
	if (!d) {
		const char *name = trace_call_name(nr);
		FILE *f = trace_line(t);
		if (name)
			fprintf(f, "~ %s (%ld): not implemented in emu\n", name, nr);
		else
			fprintf(f, "~ unknown system call %ld: not implemented in emu\n", nr);
	}
}

void trace_syscall_start(struct task *t, long nr, const uint64_t *args)
{
	(void)t;
	if (trace_on(TRACE_SYSCALL))
		trace_net_call_start(nr, args);
}

/* exit's line is whole now; execve's text is made now, before the old program's
 * memory goes, and held as strace holds the call's entry. */
void trace_syscall_enter(struct task *t, long nr, const struct syscall_desc *d,
			 const uint64_t *args)
{
	struct pending *p;
	struct call_text c;

	if (!trace_on(TRACE_SYSCALL))
		return;
	finish_woken();
	render_call(&c, nr, args, 0);
	if (d->ret == R_NORETURN)
		print_return(t, &c, R_NORETURN, 0, 0);
	else if ((p = hold(t, &c, R_INT, 0, false, 0)))
		p->entered = true;
}

void trace_execve_first(struct task *t, const struct exec_request *req)
{
	struct call_text c = { .nr = __NR_execve };
	uint64_t argc = 0;
	size_t len = 0, envc = 0;
	FILE *f;

	if (!trace_on(TRACE_SYSCALL) || !(f = open_memstream(&c.text, &len)))
		return;
	/* the program's own argc, after a "#!" line may have lengthened argv */
	copy_from_user(&argc, t->mm->start_stack, sizeof argc);
	while (req->envp[envc])
		envc++;
	fputs("execve(", f);
	const char *name = req->name ? req->name : req->path;
	print_quoted(f, (const unsigned char *)name, strlen(name), false);
	fputs(", ", f);
	print_host_argv(f, req->argv);
	fprintf(f, ", %#lx /* %zu var%s */", (unsigned long)(t->mm->start_stack + (argc + 2) * 8),
		envc, envc == 1 ? "" : "s");
	c.entry = (size_t)ftell(f);
	fputc(')', f);
	if (fclose(f))
		return;
	print_return(t, &c, R_INT, 0, 0);
}

void trace_exit(struct task *t, int status)
{
	struct pending *p = pending_of(t);

	if (!trace_on(TRACE_SYSCALL))
		return;
	if (p) { /* it died asleep in a call: strace has shown the call's start */
		if (!p->shown)
			show_unfinished(p);
		drop(p);
	}
	FILE *f = trace_line(t);
	if (WIFEXITED(status))
		fprintf(f, "+++ exited with %d +++\n", WEXITSTATUS(status));
	else
		fprintf(f, "+++ killed by %s%s +++\n", signal_name(WTERMSIG(status)),
			WCOREDUMP(status) ? " (core dumped)" : "");
}
