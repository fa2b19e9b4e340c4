/* --timeline FILE: the run as a picture. The kernel's hooks (include/emu/timeline.h)
 * add events to an array in memory; at the end they are sorted by track and time
 * and written as Chrome trace-event JSON (FILE.json: Perfetto, chrome://tracing) and
 * as a page that draws them (FILE.html, timeline_html.c). Tracks: pid = the thread
 * group, tid = the task. Slices ("X"): each quantum a task ran, each system call in
 * it, each wait while it slept; instants ("i"): clone, execve, exit, signal
 * delivery, copy-on-write; flows ("s"/"f"): from the task that woke, signalled or
 * made another to that task's next run. Only virtual time goes in, and no host
 * address: the same run gives the same bytes. */
#include <emu/arch.h>
#include <emu/fs.h>
#include <emu/init.h>
#include <emu/mm.h>
#include <emu/net.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/timekeeping.h>
#include <emu/timeline.h>
#include <emu/trace.h>
#include <emu/trace_print.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#define MAX_EVENTS 1000000 /* past this the picture stops growing (a note says so) */

bool timeline_on;

struct tl_event {
	uint64_t seq; /* the order events were made: the last key of the sort */
	uint64_t ts, dur; /* virtual ns */
	uint64_t id;      /* flows */
	int pid, tid;
	char ph;          /* 'X', 'i', 's', 'f' */
	const char *cat;
	char *name;       /* JSON text, escaped */
	char *args;       /* a JSON object, or NULL */
};

/* A flow whose end is not drawn yet: the end repeats the start's name and category. */
struct tl_flow {
	uint64_t id;
	char *name; /* JSON text */
	const char *cat;
};

/* What a task is doing now, as far as the picture needs it. */
struct tl_task {
	int tid, tgid;
	char comm[16];
	bool known;          /* it has a track */
	bool running;        /* inside a quantum, since run_start */
	uint64_t run_start;
	bool waiting;        /* asleep since wait_start, on wait_what */
	uint64_t wait_start;
	char *wait_what, *wait_args;
	char *entry_text;    /* exit/execve: the call as it entered */
	struct tl_flow *flows_in; /* flows that end at its next run */
	int nr_flows_in;
	int last_src_tid;    /* the newest flow in: another at the same time from the */
	uint64_t last_src_ts; /* same task is the same cause (a signal and its wake-up) */
};

static char *base_path;
static struct tl_event *events;
static size_t nr_events, cap_events;
static bool overflowed;
static uint64_t origin; /* the clock as the timeline began: its time 0 */
static uint64_t next_seq, next_flow_id = 1;
static struct tl_task **tasks; /* by tid */
static int nr_task_slots;

/* ---- JSON text ---- */

/* s as the inside of a JSON string. '<', '>' and '&' are escaped too, so that the
 * same text can sit in the page's <script>; bytes past ASCII become \u00XX (the
 * guest's bytes, read as Latin-1), so the output is always valid UTF-8. */
static void json_escape(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p < 0x20 || *p >= 0x7f || *p == '<' || *p == '>' || *p == '&')
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
}

static char *vformat(const char *fmt, va_list ap)
{
	char *s = NULL;

	if (vasprintf(&s, fmt, ap) < 0)
		return NULL;
	return s;
}

static char *json_str(const char *s)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	if (!f)
		return NULL;
	json_escape(f, s);
	if (fclose(f)) {
		free(out);
		return NULL;
	}
	return out;
}

/* A JSON object of string values: keys and values alternate, NULL ends them. */
static char *json_object(const char *key, ...)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	va_list ap;
	bool first = true;

	if (!f)
		return NULL;
	fputc('{', f);
	va_start(ap, key);
	for (const char *k = key; k; k = va_arg(ap, const char *)) {
		const char *v = va_arg(ap, const char *);
		fprintf(f, "%s\"", first ? "" : ",");
		json_escape(f, k);
		fputs("\":\"", f);
		json_escape(f, v ? v : "");
		fputc('"', f);
		first = false;
	}
	va_end(ap);
	fputc('}', f);
	if (fclose(f)) {
		free(out);
		return NULL;
	}
	return out;
}

static char *printf_str(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *printf_str(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = vformat(fmt, ap);
	va_end(ap);
	return s;
}

/* ---- tasks and events ---- */

/* The track of task pid, in thread group tgid, named comm now. */
static struct tl_task *tl_task_at(int pid, int tgid, const char *comm)
{
	if (pid < 0)
		return NULL;
	if (pid >= nr_task_slots) {
		int n = pid * 2 + 16;
		struct tl_task **grown = realloc(tasks, n * sizeof *tasks);
		if (!grown)
			return NULL;
		memset(grown + nr_task_slots, 0, (n - nr_task_slots) * sizeof *grown);
		tasks = grown;
		nr_task_slots = n;
	}
	struct tl_task *tt = tasks[pid];
	if (!tt && (tt = calloc(1, sizeof *tt)))
		tasks[pid] = tt;
	if (tt) { /* the newest name and group: execve and prctl change them */
		tt->tid = pid;
		tt->tgid = tgid;
		snprintf(tt->comm, sizeof tt->comm, "%s", comm);
		tt->known = true;
	}
	return tt;
}

static struct tl_task *tl_task_of(const struct task *t)
{
	return tl_task_at(t->pid, t->tgid, t->comm);
}

/* Takes name and args (freed here if the event cannot be kept). */
static void add_event(char ph, const struct tl_task *tt, uint64_t ts, uint64_t dur,
		      const char *cat, char *name, char *args, uint64_t id)
{
	if (nr_events == cap_events && !overflowed) {
		size_t n = cap_events ? cap_events * 2 : 4096;
		if (n > MAX_EVENTS)
			n = MAX_EVENTS;
		struct tl_event *grown = n > cap_events ? realloc(events, n * sizeof *events) : NULL;
		if (grown) {
			events = grown;
			cap_events = n;
		} else {
			overflowed = true;
		}
	}
	if (nr_events == cap_events || !name) {
		free(name);
		free(args);
		return;
	}
	events[nr_events++] = (struct tl_event){ .seq = next_seq++, .ts = ts, .dur = dur,
		.id = id, .pid = tt->tgid, .tid = tt->tid, .ph = ph, .cat = cat,
		.name = name, .args = args };
}

/* Now, on tt's track: inside the system call's slice if tt is in one (the slice
 * ends at now, as a call's time is counted as it enters). */
static uint64_t event_ts(const struct tl_task *tt)
{
	uint64_t now = ktime_get_ns();

	if (tt->running && current && current->pid == tt->tid && syscall_in_progress >= 0 &&
	    now >= NS_PER_SYSCALL / 2)
		return now - NS_PER_SYSCALL / 2;
	return now;
}

static void add_instant(const struct tl_task *tt, const char *cat, char *name, char *args)
{
	add_event('i', tt, event_ts(tt), 0, cat, name, args, 0);
}

/* A flow out of current (now, in its system call's slice if it is in one) into
 * target's next run. */
static void add_flow(struct tl_task *target, const char *name, const char *cat)
{
	struct tl_task *src = current ? tl_task_of(current) : NULL;

	if (!src || !target || src == target || !src->running)
		return; /* the scheduler's own doing (a timer, the host): nobody to draw from */
	uint64_t ts = event_ts(src);
	if (target->last_src_tid == src->tid && target->last_src_ts == ts && target->nr_flows_in)
		return;
	struct tl_flow *grown = realloc(target->flows_in, (target->nr_flows_in + 1) * sizeof *grown);
	char *text = json_str(name);
	if (!grown || !text) {
		free(text);
		return;
	}
	target->flows_in = grown;
	target->flows_in[target->nr_flows_in++] = (struct tl_flow){ next_flow_id, text, cat };
	target->last_src_tid = src->tid;
	target->last_src_ts = ts;
	add_event('s', src, ts, 0, cat, strdup(text), NULL, next_flow_id++);
}

/* The flows into tt end here (early in its next run, or at its end). */
static void end_flows(struct tl_task *tt, uint64_t ts)
{
	for (int i = 0; i < tt->nr_flows_in; i++) {
		struct tl_flow *fl = &tt->flows_in[i];
		add_event('f', tt, ts, 0, fl->cat, fl->name, NULL, fl->id);
	}
	tt->nr_flows_in = 0;
}

static void end_wait(struct tl_task *tt, uint64_t now, const char *woken_by)
{
	if (!tt->waiting)
		return;
	char *args = tt->wait_args;
	if (woken_by && args && strlen(args) > 1) { /* one more field before the '}' */
		char *by = json_str(woken_by);
		char *more = by ? printf_str("%.*s,\"woken_by\":\"%s\"}", (int)strlen(args) - 1,
					     args, by) : NULL;
		free(by);
		if (more) {
			free(args);
			args = more;
		}
	}
	add_event('X', tt, tt->wait_start, now - tt->wait_start, "wait", tt->wait_what, args, 0);
	tt->wait_what = tt->wait_args = NULL;
	tt->waiting = false;
}

int timeline_open(const char *base)
{
	char *json = printf_str("%s.json", base), *html = printf_str("%s.html", base);
	int err = 0;

	/* made now, so that a bad path is an error before the program runs */
	for (char **p = (char *[]){ json, html, NULL }; *p && !err; p++) {
		FILE *f = fopen(*p, "w");
		if (!f) {
			perror(*p);
			err = -1;
		} else {
			fclose(f);
		}
	}
	free(json);
	free(html);
	if (err || !(base_path = strdup(base)))
		return -1;
	origin = ktime_get_ns();
	timeline_on = true;
	return 0;
}

/* ---- the hooks ---- */

void timeline_run_begin(struct task *t)
{
	struct tl_task *tt;

	if (!timeline_on || !(tt = tl_task_of(t)))
		return;
	tt->running = true;
	tt->run_start = ktime_get_ns();
	end_wait(tt, tt->run_start, NULL); /* woken without a wake_task (never, but safe) */
}

/* The quantum's slice. The arrows into the task end 1 ns inside it, not on its
 * edge, where a viewer might bind them to nothing. */
static void close_run(struct tl_task *tt, uint64_t now, const char *comm, const char *stop)
{
	uint64_t dur = now - tt->run_start;

	add_event('X', tt, tt->run_start, dur, "run", json_str(comm),
		  json_object("stop", stop, NULL), 0);
	end_flows(tt, tt->run_start + (dur >= 2 ? 1 : 0));
	tt->running = false;
}

static const char *stop_name(int stop)
{
	switch (stop) {
	case STOP_SLEEP: return "slept";
	case STOP_PREEMPT: return "preempted";
	case STOP_SIGNAL: return "signal";
	case STOP_EXIT: return "exited";
	case STOP_FAULT: return "fault";
	default: return "stopped";
	}
}

static const char *wait_name(enum wait_reason why)
{
	switch (why) {
	case WAIT_TIMER: return "timer";
	case WAIT_CHILD: return "child";
	case WAIT_PIPE: return "pipe";
	case WAIT_VFORK: return "vfork child";
	case WAIT_POLL: return "poll";
	case WAIT_FUTEX: return "futex";
	case WAIT_SIGNAL: return "signal";
	case WAIT_EVENTFD: return "eventfd";
	case WAIT_SEM: return "semop";
	case WAIT_SOCKET: return "socket";
	case WAIT_USERFAULTFD: return "userfaultfd";
	default: return "event";
	}
}

/* What t waits on, in the words of emu's deadlock report. */
static char *wait_detail(struct task *t)
{
	const struct restart_block *r = &t->restart_block;
	uint32_t value;

	switch (r->waiting) {
	case WAIT_FUTEX:
		if (t->futex_nr_vec)
			return printf_str("futex_waitv on %d words", t->futex_nr_vec);
		if (access_remote_vm(t->mm, t->futex_q.uaddr, &value, sizeof value, false) == sizeof value)
			return printf_str("futex %#" PRIx64 " (value %u%s)", t->futex_q.uaddr, value,
					  t->futex_q.pi ? ", a PI lock" : "");
		return printf_str("futex %#" PRIx64, t->futex_q.uaddr);
	case WAIT_PIPE:
		return printf_str("pipe: %s", pipe_describe(r->obj));
	case WAIT_SOCKET:
		return strdup(sock_describe(r->obj));
	case WAIT_CHILD:
		return printf_str("a child of process %d", t->tgid);
	case WAIT_VFORK:
		return printf_str("vfork child %d to exec or exit",
				  r->obj ? ((const struct task *)r->obj)->pid : 0);
	default:
		return strdup(wait_name(r->waiting));
	}
}

void timeline_run_end(struct task *t)
{
	struct tl_task *tt;
	uint64_t now = ktime_get_ns();

	if (!timeline_on || !(tt = tl_task_of(t)) || !tt->running)
		return;
	close_run(tt, now, t->comm, stop_name(t->thread.stop));
	if (t->state == TASK_SLEEPING && !tt->waiting) {
		char *what = wait_detail(t);
		tt->waiting = true;
		tt->wait_start = now;
		tt->wait_what = printf_str("wait: %s", wait_name(t->restart_block.waiting));
		tt->wait_args = json_object("on", what, NULL);
		free(what);
	}
}

void timeline_wake(struct task *t)
{
	struct tl_task *tt, *src;
	char by[64] = "";

	if (!timeline_on || !(tt = tl_task_of(t)) || !tt->waiting)
		return;
	src = current && current != t ? tl_task_of(current) : NULL;
	if (src && src->running && syscall_in_progress >= 0)
		snprintf(by, sizeof by, "pid %d (%s)", src->tid,
			 trace_call_name(syscall_in_progress) ?: "a system call");
	char *what = strdup(tt->wait_what + strlen("wait: "));
	end_wait(tt, ktime_get_ns(), by[0] ? by : NULL);
	char *name = what ? printf_str("wake: %s", what) : NULL;
	if (by[0] && name)
		add_flow(tt, name, "wake");
	free(name);
	free(what);
}

/* The call's result as strace shows it. */
static void print_ret(FILE *f, long nr, long ret)
{
	const struct syscall_desc *d = trace_desc(nr);
	const char *err;

	if (ret == EMU_RESTART)
		fputs(" <unfinished ...>", f);
	else if (is_restart_code(ret))
		fputs(" = ? ERESTART", f);
	else if (ret < 0 && ret >= -4095 && (err = xlat_name(xlat_errno, -ret)))
		fprintf(f, " = -1 %s (%s)", err, strerror(-ret));
	else if (d && d->ret == R_HEX)
		fprintf(f, " = %#lx", (unsigned long)ret);
	else
		fprintf(f, " = %ld", ret);
}

void timeline_syscall_enter(struct task *t, long nr, const uint64_t *args)
{
	struct tl_task *tt;
	struct call_text c;

	if (!timeline_on || !(tt = tl_task_of(t)) || !render_call(&c, nr, args, 0))
		return;
	free(tt->entry_text);
	tt->entry_text = c.text;
}

void timeline_syscall(struct task *t, long nr, const uint64_t *args, long ret)
{
	struct tl_task *tt;
	struct call_text c = { 0 };
	char *line = NULL;
	size_t len = 0;
	uint64_t now = ktime_get_ns();
	const char *name = trace_call_name(nr);
	FILE *f;

	if (!timeline_on || !(tt = tl_task_of(t)))
		return;
	if (!tt->entry_text && !render_call(&c, nr, args, ret))
		return;
	if (!(f = open_memstream(&line, &len))) {
		free(c.text);
		return;
	}
	fputs(tt->entry_text ? tt->entry_text : c.text, f);
	print_ret(f, nr, ret);
	free(c.text);
	free(tt->entry_text);
	tt->entry_text = NULL;
	if (fclose(f)) {
		free(line);
		return;
	}
	char *n = name ? json_str(name) : printf_str("syscall_%ld", nr);
	add_event('X', tt, now >= NS_PER_SYSCALL ? now - NS_PER_SYSCALL : 0,
		  NS_PER_SYSCALL, "syscall", n, json_object("strace", line, NULL), 0);
	free(line);
}

void timeline_clone(struct task *child)
{
	struct tl_task *tt, *ct;

	if (!timeline_on || !current || !(tt = tl_task_of(current)) || !(ct = tl_task_of(child)))
		return;
	char *pid = printf_str("%d", child->pid);
	add_instant(tt, "proc", json_str(child->tgid == current->tgid ? "clone (thread)" :
					 "clone (process)"), json_object("child", pid, NULL));
	free(pid);
	add_flow(ct, child->tgid == current->tgid ? "new thread" : "new process", "clone");
}

void timeline_exec(struct task *t, const char *path)
{
	struct tl_task *tt;

	if (timeline_on && (tt = tl_task_of(t)))
		add_instant(tt, "proc", json_str("execve"), json_object("path", path, NULL));
}

void timeline_exit(struct task *t, int status)
{
	struct tl_task *tt;
	char how[64];

	if (!timeline_on || !(tt = tl_task_of(t)))
		return;
	if (WIFEXITED(status))
		snprintf(how, sizeof how, "exited with %d", WEXITSTATUS(status));
	else
		snprintf(how, sizeof how, "killed by %s", signal_name(WTERMSIG(status)));
	end_wait(tt, ktime_get_ns(), NULL);
	add_instant(tt, "proc", json_str("exit"), json_object("status", how, NULL));
	if (!tt->running) /* killed asleep: it will not run again, arrows end at its exit */
		end_flows(tt, ktime_get_ns());
}

/* t's pid becomes pid: its quantum so far stays on its old track, the rest of it
 * goes on the leader's, which is t's from now on. */
void timeline_exec_takeover(struct task *t, int pid)
{
	struct tl_task *tt, *lt;
	uint64_t now = ktime_get_ns();

	if (!timeline_on || !(tt = tl_task_of(t)))
		return;
	char *to = printf_str("%d", pid);
	add_instant(tt, "proc", json_str("execve: takes over the leader's pid"),
		    json_object("pid", to, NULL));
	free(to);
	if (tt->running)
		close_run(tt, now, t->comm, "execve from a thread");
	if ((lt = tl_task_at(pid, t->tgid, t->comm))) {
		end_wait(lt, now, NULL);
		lt->running = true;
		lt->run_start = now;
	}
}

void timeline_signal_send(struct task *t, int sig)
{
	struct tl_task *tt;

	if (!timeline_on || !(tt = tl_task_of(t)))
		return;
	char *name = printf_str("signal %s", signal_name(sig));
	if (name)
		add_flow(tt, name, "signal");
	free(name);
}

void timeline_signal_deliver(struct task *t, int sig)
{
	struct tl_task *tt;

	if (!timeline_on || !(tt = tl_task_of(t)))
		return;
	add_instant(tt, "signal", printf_str("signal %s", signal_name(sig)), NULL);
}

void timeline_cow(uint64_t va, bool copied)
{
	struct tl_task *tt;

	if (!timeline_on || !current || !(tt = tl_task_of(current)))
		return;
	char *where = printf_str("%#" PRIx64, va);
	add_instant(tt, "mm", json_str(copied ? "cow copy" : "cow reuse"),
		    json_object("va", where, NULL));
	free(where);
}

/* ---- the files ---- */

/* By track, then time; a longer slice before one it contains; then as made. */
static int event_cmp(const void *a, const void *b)
{
	const struct tl_event *x = a, *y = b;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	if (x->tid != y->tid)
		return x->tid < y->tid ? -1 : 1;
	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	if (x->dur != y->dur)
		return x->dur > y->dur ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void print_us(FILE *f, uint64_t ns)
{
	ns = ns > origin ? ns - origin : 0;
	fprintf(f, "%" PRIu64 ".%03u", ns / 1000, (unsigned)(ns % 1000));
}

static void write_event(FILE *f, const struct tl_event *e)
{
	fprintf(f, "{\"ph\":\"%c\",\"pid\":%d,\"tid\":%d,\"ts\":", e->ph, e->pid, e->tid);
	print_us(f, e->ts);
	if (e->ph == 'X') {
		fprintf(f, ",\"dur\":%" PRIu64 ".%03u", e->dur / 1000, (unsigned)(e->dur % 1000));
	}
	fprintf(f, ",\"cat\":\"%s\",\"name\":\"%s\"", e->cat, e->name);
	if (e->ph == 'i')
		fputs(",\"s\":\"t\"", f);
	if (e->ph == 's' || e->ph == 'f')
		fprintf(f, ",\"id\":%" PRIu64, e->id);
	if (e->ph == 'f')
		fputs(",\"bp\":\"e\"", f); /* ends in the slice around it: the target's run */
	if (e->args)
		fprintf(f, ",\"args\":%s", e->args);
	fputc('}', f);
}

/* The track names: a process by its leader's (or first known task's) name. */
static void write_metadata(FILE *f, bool *first)
{
	for (int i = 0; i < nr_task_slots; i++) {
		const struct tl_task *tt = tasks[i], *leader;
		char *comm;
		if (!tt || !tt->known || !(comm = json_str(tt->comm)))
			continue;
		leader = tt->tgid < nr_task_slots ? tasks[tt->tgid] : NULL;
		if (tt->tid == tt->tgid || !leader || !leader->known) {
			fprintf(f, "%s\n{\"ph\":\"M\",\"pid\":%d,\"tid\":%d,\"name\":\"process_name\","
				"\"args\":{\"name\":\"%s %d\"}}", *first ? "" : ",", tt->tgid, tt->tid,
				comm, tt->tgid);
			*first = false;
		}
		fprintf(f, "%s\n{\"ph\":\"M\",\"pid\":%d,\"tid\":%d,\"name\":\"thread_name\","
			"\"args\":{\"name\":\"%s %d\"}}", *first ? "" : ",", tt->tgid, tt->tid, comm,
			tt->tid);
		*first = false;
		free(comm);
	}
}

/* Past MAX_EVENTS a flow may have lost its start or end: such halves are left out,
 * as a viewer cannot draw them. Per flow id: 1 its start is kept, 2 its end. */
static unsigned char *flow_halves(void)
{
	unsigned char *halves = calloc(next_flow_id, 1);

	for (size_t i = 0; halves && i < nr_events; i++) {
		if (events[i].ph == 's' || events[i].ph == 'f')
			halves[events[i].id] |= events[i].ph == 's' ? 1 : 2;
	}
	return halves;
}

static void write_json(FILE *f)
{
	bool first = true;
	unsigned char *halves = overflowed ? flow_halves() : NULL;

	fputs("{\"displayTimeUnit\":\"ns\",\"otherData\":{\"clock\":\"emu virtual time\"", f);
	if (overflowed)
		fprintf(f, ",\"truncated\":\"more than %d events: the rest is left out\"", MAX_EVENTS);
	fputs("},\"traceEvents\":[", f);
	write_metadata(f, &first);
	for (size_t i = 0; i < nr_events; i++) {
		bool flow = events[i].ph == 's' || events[i].ph == 'f';
		if (overflowed && flow && (!halves || halves[events[i].id] != 3))
			continue;
		fputs(first ? "\n" : ",\n", f);
		first = false;
		write_event(f, &events[i]);
	}
	fputs("\n]}\n", f);
	free(halves);
}

/* Whatever is still open when the run ends is closed at its end. */
static void close_open(uint64_t now)
{
	for (int i = 0; i < nr_task_slots; i++) {
		struct tl_task *tt = tasks[i];
		if (!tt)
			continue;
		end_wait(tt, now, NULL);
		if (tt->nr_flows_in)
			end_flows(tt, now);
	}
}

static int write_file(const char *suffix, bool html)
{
	char *path = printf_str("%s.%s", base_path, suffix);
	FILE *f = path ? fopen(path, "w") : NULL;
	int err = 0;

	if (!f) {
		perror(path ? path : base_path);
		free(path);
		return -1;
	}
	if (html)
		timeline_write_html(f, write_json);
	else
		write_json(f);
	if (ferror(f) | fclose(f)) {
		perror(path);
		err = -1;
	}
	free(path);
	return err;
}

int timeline_finish(void)
{
	int err;

	if (!timeline_on)
		return 0;
	close_open(ktime_get_ns());
	timeline_on = false;
	qsort(events, nr_events, sizeof *events, event_cmp);
	err = write_file("json", false) | write_file("html", true);
	for (size_t i = 0; i < nr_events; i++) {
		free(events[i].name);
		free(events[i].args);
	}
	free(events);
	events = NULL;
	nr_events = cap_events = 0;
	for (int i = 0; i < nr_task_slots; i++) {
		if (tasks[i]) {
			free(tasks[i]->wait_what);
			free(tasks[i]->wait_args);
			free(tasks[i]->entry_text);
			for (int j = 0; j < tasks[i]->nr_flows_in; j++)
				free(tasks[i]->flows_in[j].name);
			free(tasks[i]->flows_in);
			free(tasks[i]);
		}
	}
	free(tasks);
	tasks = NULL;
	free(base_path);
	return err ? -1 : 0;
}
