/* The scheduler: one host thread runs every task, each for a quantum of translated
 * blocks; which task runs next and for how long is asked of the schedule's source
 * (kernel/sched_source.c). The order is a function of the program, its input, --seed
 * and --sched only, so a run replays exactly. */
#include <emu/arch.h>
#include <emu/cgroup.h>
#include <emu/fs.h>
#include <emu/futex.h>
#include <emu/jobctl.h>
#include <emu/mm.h>
#include <emu/net.h>
#include <emu/random.h>
#include <emu/record.h>
#include <emu/rseq.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/user_namespace.h>
#include <emu/timekeeping.h>
#include <emu/timers.h>
#include <emu/timeline.h>
#include <emu/trace.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>

#include <emu/init.h> /* EXIT_DEADLOCK */

static struct task *tasks, *first_process;
static bool resched_hint;   /* a task was created or woken since the last check */
static uint64_t run_timeout_ns; /* --run-timeout: 0, none; then the deadline */

void sched_add(struct task *t)
{
	struct task **link = &tasks;

	while (*link)
		link = &(*link)->next_task;
	*link = t;
	if (!first_process)
		first_process = t;
	sched_source_task_new(t);
	resched_hint = true;
}

static bool runnable(const struct task *t)
{
	return t->state == TASK_RUNNING && !task_group_stopped(t) && !cgroup_task_frozen(t);
}

/* Every runnable task but skip, in round-robin (pid) order from the one after from,
 * wrapping (from itself last); how many. The array is reused by the next call. */
static int runnable_tasks(struct task *from, struct task *skip, struct task ***out)
{
	static struct task **cand;
	static int cap;
	struct task *start = from && from->next_task ? from->next_task : tasks, *t = start;
	int n = 0;

	while (t) {
		if (runnable(t) && t != skip) {
			if (n == cap) {
				cap = cap ? 2 * cap : 64;
				cand = realloc(cand, cap * sizeof *cand);
				if (!cand)
					abort();
			}
			cand[n++] = t;
		}
		t = t->next_task ? t->next_task : tasks;
		if (t == start)
			break;
	}
	*out = cand;
	return n;
}

/* The schedule's source chooses among every runnable task (kernel/sched_source.c). */
static struct task *pick_next(struct task *prev)
{
	struct task **cand;
	int n = runnable_tasks(prev, NULL, &cand);

	return sched_choose(prev, cand, n);
}

bool sched_point(struct task *t, bool always)
{
	struct task **others;
	bool hint = resched_hint || always;

	resched_hint = false;
	if (!hint)
		return false;
	int n = runnable_tasks(t, t, &others);
	return sched_source_point(t, others, n);
}

void sched_set_run_timeout(uint64_t ns)
{
	run_timeout_ns = ns;
}

/* Tasks whose sleep has run out become runnable; due interval timers fire. */
static void wake_expired_timers(void)
{
	uint64_t now = ktime_get_ns();

	run_timers();
	for (struct task *t = tasks; t; t = t->next_task) {
		if (t->state == TASK_SLEEPING && t->restart_block.deadline &&
		    t->restart_block.deadline <= now)
			wake_task(t);
	}
}

static bool has_deadline(void)
{
	if (next_timer_deadline())
		return true;
	for (struct task *t = tasks; t; t = t->next_task)
		if (t->state == TASK_SLEEPING && t->restart_block.deadline)
			return true;
	return false;
}

/* Nobody can run. Tasks waiting for host descriptors (a terminal, a host pipe) wake
 * when one is ready; with no deadline anywhere, emu blocks in the host's poll. */
#define HOST_POLL_MAX 256 /* host descriptors one idle poll watches, over every task */
#define NS_PER_MS 1000000ULL

/* The earliest deadline of a timer or a sleeping task; 0 if none. */
static uint64_t earliest_deadline(void)
{
	uint64_t next = next_timer_deadline();

	for (struct task *t = tasks; t; t = t->next_task) {
		uint64_t deadline = t->restart_block.deadline;
		if (t->state == TASK_SLEEPING && deadline && (!next || deadline < next))
			next = deadline;
	}
	return next;
}

/* How long the idle poll may wait, in ms: forever (block), not at all, or, while
 * tasks wait for the host's network (--net=host), until the earliest deadline as if
 * virtual time were real: a guest's timeout on a host connection then means what it
 * says. */
static int host_poll_timeout(bool block)
{
	uint64_t next, now, ms;

	if (block)
		return -1;
	if (!net_host_waiting() || !(next = earliest_deadline()) || next <= (now = ktime_get_ns()))
		return 0;
	ms = (next - now + NS_PER_MS - 1) / NS_PER_MS;
	return ms > INT_MAX ? INT_MAX : (int)ms;
}

static struct pollfd host_fds[HOST_POLL_MAX];
static struct task *host_owner[HOST_POLL_MAX];
static struct sock *host_socks[HOST_POLL_MAX];
static int nr_host_fds, first_host_sock;

/* A --net=host sock that the idle poll woke, as woke[] holds it (a negative number,
 * apart from the pids): its place among the polled socks and its revents. */
static int32_t sock_woke(int i, short revents)
{
	return -1 - (int32_t)((uint32_t)(i - first_host_sock) << 16 | (uint16_t)revents);
}

void wake_host_waiter(int32_t who)
{
	struct task *t;

	if (who < 0) {
		int i = first_host_sock + (int)((uint32_t)(-1 - who) >> 16);
		if (i < nr_host_fds)
			net_host_poll_ready(host_socks[i], (short)((-1 - who) & 0xffff));
	} else if ((t = find_task(who)) && t->state == TASK_SLEEPING) {
		wake_task(t);
	}
}

/* Polls the host descriptors (all: takes each as ready, a --net=host sock as failed)
 * and wakes their owners, and the socks of --net=host sockets that are ready;
 * woke[] gets the pids and socks in order, *nwoke = -1 if a signal from outside
 * came first. */
static bool poll_host(bool block, bool all, int *woke, int *nwoke, int cap)
{
	int ready = nr_host_fds;

	*nwoke = 0;
	if (!all) {
		do
			ready = poll(host_fds, nr_host_fds, host_poll_timeout(block));
		while (ready < 0 && errno == EINTR && !host_signal_pending);
	}
	if (ready < 0 && host_signal_pending) {
		*nwoke = -1;
		return true; /* a signal from outside: the scheduler passes it on */
	}
	for (int i = 0; i < nr_host_fds && ready > 0; i++) {
		if (i >= first_host_sock) {
			/* all: a replay that left its recording, where no host socket is */
			short revents = all ? POLLERR | POLLHUP : host_fds[i].revents;
			net_host_poll_ready(host_socks[i], revents);
			if (revents && *nwoke < cap)
				woke[(*nwoke)++] = sock_woke(i, revents);
		} else if ((all || host_fds[i].revents) && host_owner[i]->state == TASK_SLEEPING) {
			wake_task(host_owner[i]);
			if (*nwoke < cap)
				woke[(*nwoke)++] = host_owner[i]->pid;
		}
	}
	return ready > 0;
}

static bool wait_for_host(bool block)
{
	int n = 0;

	for (struct task *t = tasks; t; t = t->next_task) {
		if (t->state != TASK_SLEEPING || t->restart_block.waiting != WAIT_POLL)
			continue;
		for (int i = 0; i < t->nr_host_waits && n < HOST_POLL_MAX; i++, n++) {
			host_fds[n] = (struct pollfd){ t->host_waits[i].fd, t->host_waits[i].events, 0 };
			host_owner[n] = t;
		}
	}
	first_host_sock = n;
	n += net_host_poll_fill(host_fds + n, host_socks + n, HOST_POLL_MAX - n);
	nr_host_fds = n;
	if (!n)
		return false;
	return record_wait_host(poll_host, block); /* what came from outside (kernel/replay/) */
}

/* Nobody can run: let virtual time jump to the earliest deadline. */
static bool wake_earliest(void)
{
	uint64_t next = earliest_deadline();

	if (!next)
		return false;
	ktime_advance_to(next);
	wake_expired_timers();
	return true;
}

/* Puts t to sleep on obj until a wake_up(why, obj) or deadline (0: none). */
static void sleep_on(struct task *t, enum wait_reason why, const void *obj, uint64_t deadline)
{
	t->state = TASK_SLEEPING;
	t->restart_block.waiting = why;
	t->restart_block.obj = obj;
	t->restart_block.deadline = deadline;
	t->thread.stop = STOP_SLEEP;
}

void task_sleep_on(struct task *t, enum wait_reason why, const void *obj)
{
	sleep_on(t, why, obj, 0);
}

long wait_event(enum wait_reason why, const void *obj, uint64_t deadline, long timed_out,
		long interrupted)
{
	if (deadline && ktime_get_ns() >= deadline)
		return timed_out;
	if (signal_pending(current))
		return interrupted;
	sleep_on(current, why, obj, deadline);
	return EMU_RESTART;
}

/* The deadline stays: the call's next run needs it. */
void wake_task(struct task *t)
{
	t->state = TASK_RUNNING;
	t->restart_block.waiting = WAIT_NONE;
	t->restart_block.obj = NULL;
	resched_hint = true;
	trace_kernel(TRACE_SCHED, "wake pid %d", t->pid);
	timeline_wake(t);
}

void wake_up(enum wait_reason why, const void *obj)
{
	for (struct task *t = tasks; t; t = t->next_task) {
		if (t->state == TASK_SLEEPING && t->restart_block.waiting == why &&
		    t->restart_block.obj == obj)
			wake_task(t);
	}
}

/* Something a poll may be waiting for changed: every poller looks again. */
void wake_up_pollers(void)
{
	for (struct task *t = tasks; t; t = t->next_task) {
		if (t->state == TASK_SLEEPING && t->restart_block.waiting == WAIT_POLL)
			wake_task(t);
	}
}

/* execve from a thread: t took the pid of old, the process's first leader. */
void sched_exec_takeover(struct task *old, struct task *t)
{
	if (first_process == old)
		first_process = t;
}

struct task *first_task_in_list(void)
{
	return tasks;
}

struct task *find_task(int pid)
{
	for (struct task *t = tasks; t; t = t->next_task)
		if (t->pid == pid && t->state != TASK_DEAD)
			return t;
	return NULL;
}

/* A reaped zombie, or a thread that ended: invisible from now on, off its parent's
 * children and its thread group (Linux's __unhash_process); children it still had
 * go to init. The scheduler frees it once it is not holding it (free_reaped_tasks). */
void release_task(struct task *victim)
{
	struct task *c, *n, *t;

	if (!victim->reaped)
		free_pid(victim);
	victim->reaped = true;
	list_del_init(&victim->sibling);
	list_del_init(&victim->thread_group);
	list_for_each_entry_safe(c, n, &victim->children, sibling) {
		for_each_thread(c, t)
			t->parent = NULL;
		list_del_init(&c->sibling);
	}
}

/* The first thing a new task does (Linux's schedule_tail, from ret_from_fork):
 * CLONE_CHILD_SETTID's tid goes into its own memory. Linux keeps set_child_tid;
 * emu clears it, so that only the first run writes it. Caller: t is current. */
static void schedule_tail(struct task *t)
{
	int tid = task_pid_vnr(t); /* its own namespace's number */

	copy_to_user(t->set_child_tid, &tid, sizeof tid); /* unchecked, as Linux */
	t->set_child_tid = 0;
}

/* The details: which futex word and its value, whose children, which pipe. */
static void describe_wait(struct task *t)
{
	enum wait_reason why = t->restart_block.waiting;
	uint32_t value;

	if (why == WAIT_FUTEX && t->futex_nr_vec)
		fprintf(stderr, " (futex_waitv on %d words)", t->futex_nr_vec);
	else if (why == WAIT_FUTEX &&
		 access_remote_vm(t->mm, t->futex_q.uaddr, &value, sizeof value, false) == sizeof value)
		fprintf(stderr, " at %#lx (value %u%s)", (unsigned long)t->futex_q.uaddr, value,
			t->futex_q.pi ? ", a PI lock" : "");
	else if (why == WAIT_CHILD)
		fprintf(stderr, " of process %d", t->tgid);
	else if (why == WAIT_PIPE)
		fprintf(stderr, " (%s)", pipe_describe(t->restart_block.obj));
	else if (why == WAIT_SOCKET)
		fprintf(stderr, " (%s)", sock_describe(t->restart_block.obj));
}

static void report_deadlock(void)
{
	static const char *const what[] = {
		[WAIT_NONE] = "nothing", [WAIT_TIMER] = "a timer", [WAIT_CHILD] = "a child (wait4)",
		[WAIT_PIPE] = "a pipe", [WAIT_VFORK] = "a vfork child",
		[WAIT_POLL] = "poll or select", [WAIT_FUTEX] = "a futex",
		[WAIT_SIGNAL] = "a signal", [WAIT_EVENTFD] = "an eventfd",
		[WAIT_SEM] = "a System V semaphore",
		[WAIT_SOCKET] = "a socket",
		[WAIT_USERFAULTFD] = "a page fault's userfaultfd",
	};

	fprintf(stderr, "emu: deadlock: every task is blocked\n");
	for (struct task *t = tasks; t; t = t->next_task) {
		if (t->state != TASK_DEAD && task_group_stopped(t)) {
			fprintf(stderr, "emu:   pid %d (%s) is stopped (%s) and nobody can continue it\n",
				t->pid, t->comm, signal_name(t->signal->stop_report ?: SIGSTOP));
			continue;
		}
		if (t->state == TASK_RUNNING && cgroup_task_frozen(t)) {
			fprintf(stderr, "emu:   pid %d (%s) is frozen (cgroup.freeze) and nobody can thaw it\n",
				t->pid, t->comm);
			continue;
		}
		if (t->state != TASK_SLEEPING)
			continue;
		fprintf(stderr, "emu:   pid %d (%s) waits for %s", t->pid, t->comm,
			what[t->restart_block.waiting]);
		describe_wait(t);
		fputc('\n', stderr);
	}
}

/* Frees reaped tasks; prev (which pick_next starts from) and the first process
 * (whose status emu returns) stay. */
static void free_reaped_tasks(struct task *prev)
{
	for (struct task **link = &tasks; *link;) {
		struct task *t = *link;
		if (t->reaped && t != prev && t != first_process) {
			*link = t->next_task;
			exit_thread(t);
			put_signal(t->signal);
			flush_sigqueue(&t->pending);
			free(t->sigreturn);
			futex_task_free(t);
			put_user_ns(t->cred.user_ns);
			put_pid_nrs(t);
			put_pid_ns(t->pid_ns);
			put_pid_ns(t->pid_ns_for_children);
			free(t);
		} else {
			link = &t->next_task;
		}
	}
}

/* What reached emu from outside goes to the program's process group, as a
 * terminal's signals go to its foreground group (arch/x86/hostsig.c). */
static void forward_host_signals(void)
{
	int sig;

	if (record_mode != RECORD_OFF) { /* each at its point in the run (kernel/replay/) */
		while ((sig = record_host_signal()))
			kill_pgrp_from_kernel(sig, first_process->pgid);
		return;
	}
	while (host_signal_pending && (sig = hostsig_take()))
		kill_pgrp_from_kernel(sig, first_process->pgid);
}

/* Loads t's registers and address space, for the kernel to work on them. */
static void load_user_task(struct task *t)
{
	switch_to(t);
	switch_mm(t->mm);
}

int schedule_loop(void)
{
	struct task *t = NULL;

	if (run_timeout_ns)
		run_timeout_ns += ktime_get_ns();
	while (thread_group_alive(first_process)) {
		if (run_timeout_ns && ktime_get_ns() >= run_timeout_ns) {
			fprintf(stderr, "emu: run timeout: the virtual time given has passed\n");
			return EXIT_RUN_TIMEOUT;
		}
		forward_host_signals();
		wake_expired_timers();
		/* a signal to deliver goes before anybody else runs: the task is still
		 * "in the kernel" */
		struct task *next = t && t->thread.stop == STOP_SIGNAL && runnable(t) ? t : pick_next(t);
		if (!next) {
			if (wait_for_host(!has_deadline()))
				continue;
			if (wake_earliest())
				continue;
			report_deadlock();
			return EXIT_DEADLOCK;
		}
		t = next;
		current = t; /* the context switch */
		if (t->set_child_tid)
			schedule_tail(t);
		if (t->thread.stop == STOP_PREEMPT && t->rseq && !t->restart_block.in_syscall) {
			load_user_task(t);
			rseq_handle_notify_resume(t);
		}
		if (exit_to_user_mode_pending(t)) {
			load_user_task(t);
			do_signal(t);
		}
		if (runnable(t)) {
			resched_hint = false;
			timeline_run_begin(t);
			long quantum = record_quantum(sched_quantum());
			t->acct.utime += enter_user_mode(t, t->mm, quantum) * NS_PER_BLOCK;
			timeline_run_end(t);
			if (t->thread.stop == STOP_EXIT || t->state == TASK_DEAD)
				exit_thread(t);
			run_cpu_timers(t);
			if (t->thread.stop == STOP_SLEEP)
				t->acct.nvcsw++;
			else if (t->thread.stop == STOP_PREEMPT)
				t->acct.nivcsw++;
		}
		if (t->thread.stop == STOP_FAULT) {
			force_sig_fault(t);
			t->thread.stop = STOP_SIGNAL;
		}
		free_reaped_tasks(t);
	}
	return first_process->group_leader->exit_code;
}
