/* PID namespaces (CLONE_NEWPID): numbers inside start at 1, the parent sees outer
 * numbers, orphans go to the namespace's init, its death kills the namespace,
 * signals to it, si_pid across the boundary, unshare, clone3's set_tid, /proc.
 * One mode per run (argv[1]). Natively this needs CAP_SYS_ADMIN: without it the
 * first clone says EPERM and the test is skipped (77). Prints only numbers that
 * are the same on every run: pids inside a new namespace, and comparisons. */
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <pthread.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* fork, with flags (the child runs on a copy of the stack, as after fork). */
static pid_t clone_flags(unsigned long flags)
{
	return (pid_t)syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);
}

static pid_t newpid_or_skip(void)
{
	pid_t p = clone_flags(CLONE_NEWPID);

	if (p < 0) {
		printf("clone(CLONE_NEWPID): %s: skipped\n", strerror(errno));
		exit(errno == EPERM ? 77 : 1);
	}
	return p;
}

static void report_status(const char *who, int st)
{
	if (WIFEXITED(st))
		printf("%s: exited %d\n", who, WEXITSTATUS(st));
	else
		printf("%s: killed by %s\n", who, strsignal(WTERMSIG(st)));
	fflush(stdout);
}

/* A /proc for the caller's pid namespace: emu's /proc is always the reader's;
 * natively it takes a mount of its own, in a mount namespace of its own. */
static void own_proc(void)
{
	if (unshare(CLONE_NEWNS) == 0) {
		mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
		mount("proc", "/proc", "proc", 0, NULL);
	}
}

static int basic(void)
{
	pid_t p = newpid_or_skip();
	int st;

	if (p == 0) {
		printf("child: getpid %d getppid %d gettid %d\n", getpid(), getppid(),
		       (int)syscall(SYS_gettid));
		fflush(stdout);
		pid_t g = fork();
		if (g == 0) {
			printf("grandchild: getpid %d getppid %d\n", getpid(), getppid());
			_exit(3);
		}
		pid_t w = waitpid(g, &st, 0);
		printf("child: fork gave %d, wait gave %d, ", g, w);
		report_status("grandchild", st);
		_exit(7);
	}
	pid_t w = waitpid(p, &st, 0);
	printf("parent: clone gave a pid other than 1: %s\n", p != 1 ? "yes" : "no");
	printf("parent: wait gives the same pid: %s\n", w == p ? "yes" : "no");
	report_status("child", st);
	return 0;
}

/* pid's status line name as "k: fields", its first field compared with pid */
static void show_nspid(pid_t pid)
{
	char path[64], line[256];
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/status", pid);
	if (!(f = fopen(path, "r")))
		return;
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, "NSpid:", 6) && strncmp(line, "NStgid:", 7))
			continue;
		char *save, *tok = strtok_r(strchr(line, ':') + 1, " \t\n", &save);
		printf("%.*s first is the pid: %s, then", (int)(strchr(line, ':') - line), line,
		       atoi(tok) == pid ? "yes" : "no");
		while ((tok = strtok_r(NULL, " \t\n", &save)))
			printf(" %s", tok);
		printf("\n");
	}
	fclose(f);
}

/* The process whose parent is ppid, found in /proc. */
static pid_t child_of(pid_t ppid)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	pid_t found = 0;

	while (d && (e = readdir(d))) {
		char path[300], line[256];
		FILE *f;
		snprintf(path, sizeof path, "/proc/%s/status", e->d_name);
		if (atoi(e->d_name) <= 0 || !(f = fopen(path, "r")))
			continue;
		while (fgets(line, sizeof line, f))
			if (!strncmp(line, "PPid:", 5) && atoi(line + 5) == ppid)
				found = atoi(e->d_name);
		fclose(f);
	}
	if (d)
		closedir(d);
	return found;
}

/* Two deep; the outermost sees every level in NSpid; killing the middle init
 * kills the inner namespace too. */
static int nested(void)
{
	int fds[2], inner_up[2], st;
	char c;

	pipe(fds);
	pipe(inner_up);
	pid_t p = newpid_or_skip();
	if (p == 0) {
		pid_t g = clone_flags(CLONE_NEWPID);
		if (g == 0) {
			printf("inner: getpid %d getppid %d\n", getpid(), getppid());
			fflush(stdout);
			write(inner_up[1], "x", 1);
			for (;;)
				pause();
		}
		read(inner_up[0], &c, 1);
		printf("middle: clone gave %d\n", g);
		fflush(stdout);
		write(fds[1], "x", 1);
		waitpid(g, &st, 0);
		_exit(1); /* not reached: killed first */
	}
	read(fds[0], &c, 1);
	show_nspid(p);
	pid_t g = child_of(p);
	printf("the inner process found: %s\n", g > 0 ? "yes" : "no");
	show_nspid(g);
	kill(p, SIGKILL);
	waitpid(p, &st, 0);
	report_status("middle", st);
	printf("inner gone: %s\n", kill(g, 0) < 0 && errno == ESRCH ? "yes" : "no");
	return 0;
}

/* An orphan goes to the namespace's init, which reaps it. */
static int orphan(void)
{
	int st;
	pid_t p = newpid_or_skip();

	if (p == 0) {
		pid_t mid = fork();
		if (mid == 0) {
			if (fork() == 0) { /* the orphan-to-be: 3 */
				while (getppid() == 2)
					usleep(1000);
				printf("orphan %d: parent now %d\n", getpid(), getppid());
				_exit(5);
			}
			_exit(0);
		}
		waitpid(mid, &st, 0);
		pid_t w = wait(&st); /* the orphan, now ours */
		printf("init reaped %d: ", w);
		report_status("orphan", st);
		_exit(0);
	}
	waitpid(p, &st, 0);
	report_status("init", st);
	return 0;
}

/* PR_SET_CHILD_SUBREAPER inside a namespace: an orphan goes to the subreaper, not
 * to the namespace's init. */
static int subreaper(void)
{
	int st;
	pid_t p = newpid_or_skip();

	if (p == 0) {
		if (fork() == 0) { /* 2: the subreaper */
			prctl(PR_SET_CHILD_SUBREAPER, 1);
			pid_t b = fork();
			if (b == 0) { /* 3 */
				if (fork() == 0) { /* 4 */
					while (getppid() == 3)
						usleep(1000);
					printf("orphan %d: parent now %d\n", getpid(), getppid());
					_exit(6);
				}
				_exit(0);
			}
			waitpid(b, &st, 0);
			pid_t w = wait(&st);
			printf("subreaper %d reaped %d: ", getpid(), w);
			report_status("orphan", st);
			_exit(0);
		}
		wait(&st);
		printf("init's wait after: %s\n", wait(&st) < 0 ? strerror(errno) : "a child");
		_exit(0);
	}
	waitpid(p, &st, 0);
	report_status("init", st);
	return 0;
}

/* init's death kills the rest of its namespace; the parent's wait for init ends
 * once they are gone (their ends of a pipe are closed by then); nothing enters the
 * namespace after. */
static int initdeath(void)
{
	int out[2], ready[2], st;
	char c;

	pipe(out);
	pipe(ready);
	pid_t p = newpid_or_skip();
	if (p == 0) {
		if (fork() == 0) {
			if (fork() == 0) { /* a sleeping grandchild */
				write(ready[1], "x", 1);
				sleep(100);
				_exit(9);
			}
			for (;;)
				pause();
		}
		read(ready[0], &c, 1);
		_exit(4);
	}
	close(out[1]);
	waitpid(p, &st, 0);
	report_status("init", st);
	struct pollfd pfd = { out[0], POLLIN, 0 };
	printf("the others are gone when the wait returns: %s\n",
	       poll(&pfd, 1, 0) == 1 && read(out[0], &c, 1) == 0 ? "yes" : "no");
	return 0;
}

static volatile sig_atomic_t got;
static void on_usr1(int sig) { got = sig; }

/* Signals to init from inside are dropped unless it has a handler; from outside,
 * SIGTERM is dropped too and SIGKILL reaches it. */
static int initsig(void)
{
	int st, ready[2];
	char c;

	pipe(ready);
	pid_t p = newpid_or_skip();

	if (p == 0) {
		pid_t c = fork();
		if (c == 0) {
			printf("kill(1, SIGTERM): %d\n", kill(1, SIGTERM));
			printf("kill(1, SIGKILL): %d\n", kill(1, SIGKILL));
			printf("kill(1, SIGUSR1): %d\n", kill(1, SIGUSR1));
			fflush(stdout);
			_exit(0);
		}
		waitpid(c, &st, 0);
		printf("init alive after SIGTERM, SIGKILL, SIGUSR1\n");
		signal(SIGUSR1, on_usr1);
		if (fork() == 0) {
			kill(1, SIGUSR1);
			_exit(0);
		}
		wait(&st);
		while (!got)
			usleep(1000);
		printf("init's handler ran: %d\n", got == SIGUSR1);
		fflush(stdout);
		write(ready[1], "x", 1);
		for (;;)
			pause();
	}
	read(ready[0], &c, 1);
	kill(p, SIGTERM); /* from outside too, only SIGKILL and SIGSTOP get through */
	usleep(100000);
	printf("init alive after SIGTERM from outside: %s\n",
	       waitpid(p, &st, WNOHANG) == 0 ? "yes" : "no");
	kill(p, SIGKILL);
	waitpid(p, &st, 0);
	report_status("init", st);
	return 0;
}

/* si_pid across the boundary: the parent's signal as the child sees it (the
 * parent is outside: 0), the child's SIGCHLD as the parent sees it (outer pid), and
 * a signal from the child to the parent. */
static int sipid(void)
{
	sigset_t block;
	siginfo_t si;
	int st;

	sigemptyset(&block);
	sigaddset(&block, SIGUSR2);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, NULL);
	setpgid(0, 0); /* a group of the two of us (natively: not the harness's) */
	pid_t parent = getpid();
	pid_t p = newpid_or_skip();
	if (p == 0) {
		sigdelset(&block, SIGCHLD);
		sigwaitinfo(&block, &si); /* from the parent, outside */
		printf("child: si_pid of the parent's signal %d, si_code SI_USER: %d\n",
		       si.si_pid, si.si_code == SI_USER);
		printf("child: kill(parent's pid): %s\n", kill(parent, SIGUSR2) ? strerror(errno) : "0");
		fflush(stdout);
		_exit(kill(0, SIGUSR2) ? 1 : 0); /* its group, which holds the parent */
	}
	kill(p, SIGUSR2);
	sigdelset(&block, SIGCHLD);
	sigwaitinfo(&block, &si);
	printf("parent: the child's si_pid %s\n", si.si_pid == p ? "is its outer pid" :
	       si.si_pid == 1 ? "is 1, its own number" : "is another number");
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigwaitinfo(&block, &si);
	printf("parent: SIGCHLD's si_pid is the outer pid: %s\n", si.si_pid == p ? "yes" : "no");
	waitpid(p, &st, 0);
	report_status("child", st);
	return 0;
}

/* unshare moves only the children: the first is 1; once it is gone, ENOMEM. */
static int unshare_mode(void)
{
	int st;

	if (unshare(CLONE_NEWPID) < 0) {
		printf("unshare(CLONE_NEWPID): %s: skipped\n", strerror(errno));
		return errno == EPERM ? 77 : 1;
	}
	printf("after unshare: getpid is still not 1: %s\n", getpid() != 1 ? "yes" : "no");
	printf("a second unshare: %s\n", unshare(CLONE_NEWPID) ? strerror(errno) : "0");
	pid_t c = fork();
	if (c == 0) {
		printf("child: getpid %d getppid %d\n", getpid(), getppid());
		_exit(0);
	}
	waitpid(c, &st, 0);
	report_status("child", st);
	pid_t d = fork();
	if (d == 0)
		_exit(0);
	printf("second fork: %s\n", d < 0 ? strerror(errno) : "a pid");
	printf("clone(CLONE_NEWPID) now: %s\n",
	       clone_flags(CLONE_NEWPID) < 0 ? strerror(errno) : "a pid");
	return 0;
}

struct clone_args_v2 { /* linux/sched.h's, which musl's headers lack */
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	uint64_t set_tid, set_tid_size, cgroup;
};

static pid_t clone3_tids(const pid_t *tids, size_t n, unsigned long flags)
{
	struct clone_args_v2 ca = { .flags = flags, .exit_signal = SIGCHLD,
				 .set_tid = (uint64_t)(uintptr_t)tids, .set_tid_size = n };
	return (pid_t)syscall(SYS_clone3, &ca, sizeof ca);
}

static void settid_report(const char *what, pid_t p)
{
	if (p == 0)
		_exit(0);
	if (p < 0) {
		printf("%s: %s\n", what, strerror(errno));
	} else {
		printf("%s: clone3 gave %d\n", what, p);
		waitpid(p, NULL, 0);
	}
	fflush(stdout);
}

/* clone3's set_tid: one number per level, from the new namespace outwards. */
static int settid(void)
{
	int st, fds[2];
	char c;
	pid_t tids[3] = { 5, 0, 0 };

	pipe(fds);
	pid_t p = newpid_or_skip();
	if (p == 0) {
		settid_report("set_tid {5} in level 1", clone3_tids(tids, 1, 0));
		settid_report("set_tid of 3 levels from level 1", clone3_tids(tids, 3, 0));
		tids[0] = 1;
		settid_report("set_tid {1}, in use", clone3_tids(tids, 1, 0));
		tids[0] = 7;
		tids[1] = 42; /* a new namespace's first must be 1 */
		settid_report("set_tid {7, 42} into a new namespace", clone3_tids(tids, 2, CLONE_NEWPID));
		tids[0] = 1;
		pid_t g = clone3_tids(tids, 2, CLONE_NEWPID);
		if (g == 0) {
			printf("grandchild: getpid %d getppid %d\n", getpid(), getppid());
			fflush(stdout);
			write(fds[1], "x", 1);
			pause();
			_exit(0);
		}
		read(fds[0], &c, 1);
		printf("set_tid {1, 42}: clone3 gave %d\n", g);
		fflush(stdout);
		settid_report("again {1, 42}", clone3_tids(tids, 2, CLONE_NEWPID));
		kill(g, SIGKILL);
		waitpid(g, &st, 0);
		report_status("grandchild", st);
		_exit(0);
	}
	waitpid(p, &st, 0);
	return 0;
}

/* /proc from inside: its own /proc lists the namespace's processes only. */
static int proc_mode(void)
{
	int st;
	pid_t p = newpid_or_skip();

	if (p == 0) {
		int fds[2];
		char c, link[64];
		pipe(fds);
		own_proc();
		pid_t g = fork();
		if (g == 0) {
			write(fds[1], "x", 1);
			pause();
			_exit(0);
		}
		read(fds[0], &c, 1);
		DIR *d = opendir("/proc");
		struct dirent *e;
		int n = 0, max = 0;
		while (d && (e = readdir(d)))
			if (atoi(e->d_name) > 0) {
				n++;
				max = atoi(e->d_name) > max ? atoi(e->d_name) : max;
			}
		printf("/proc lists %d processes, highest %d\n", n, max);
		ssize_t len = readlink("/proc/self", link, sizeof link - 1);
		link[len > 0 ? len : 0] = '\0';
		printf("/proc/self -> %s\n", link);
		show_nspid(1);
		show_nspid(g);
		FILE *f = fopen("/proc/2/stat", "r");
		int pid = 0, ppid = 0;
		char comm[64], state;
		if (f && fscanf(f, "%d %63s %c %d", &pid, comm, &state, &ppid) == 4)
			printf("/proc/2/stat: pid %d ppid %d\n", pid, ppid);
		if (f)
			fclose(f);
		kill(g, SIGKILL);
		waitpid(g, &st, 0);
		_exit(0);
	}
	waitpid(p, &st, 0);
	report_status("child", st);
	return 0;
}

static void write_last_pid(const char *v)
{
	FILE *f = fopen("/proc/sys/kernel/ns_last_pid", "w");

	if (!f || fputs(v, f) < 0 || fclose(f))
		printf("write %s: %s\n", v, strerror(errno));
}

static int read_last_pid(void)
{
	FILE *f = fopen("/proc/sys/kernel/ns_last_pid", "r");
	int v = -1;

	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

/* A forked child that ends at once: its pid, reaped. */
static pid_t fork_reaped(void)
{
	pid_t p = fork();

	if (p == 0)
		_exit(0);
	waitpid(p, NULL, 0);
	return p;
}

/* /proc/sys/kernel/ns_last_pid is the reader's namespace's cursor: writing it
 * chooses the next pid; a number in use is skipped. */
static int lastpid(void)
{
	int st;
	pid_t p = newpid_or_skip();

	if (p == 0) {
		fork_reaped();
		printf("ns_last_pid after one fork: %d\n", read_last_pid());
		write_last_pid("10");
		printf("after writing 10, fork gives %d\n", fork_reaped());
		write_last_pid("1");
		printf("after writing 1, fork gives %d (2 is free again)\n", fork_reaped());
		int fds[2];
		char c;
		pipe(fds);
		write_last_pid("1");
		pid_t live = fork();
		if (live == 0) {
			read(fds[0], &c, 1);
			_exit(0);
		}
		write_last_pid("1");
		printf("with %d alive, after writing 1, fork gives %d\n", live, fork_reaped());
		write(fds[1], "x", 1);
		waitpid(live, NULL, 0);
		/* a pidfd names its process, not whoever takes its number next */
		pid_t a = fork();
		if (a == 0)
			_exit(0);
		int pidfd = (int)syscall(SYS_pidfd_open, a, 0);
		waitpid(a, NULL, 0);
		char prev[16];
		snprintf(prev, sizeof prev, "%d", a - 1);
		write_last_pid(prev);
		pid_t b = fork();
		if (b == 0) {
			pause();
			_exit(0);
		}
		printf("the next fork took the reaped child's number: %s\n", a == b ? "yes" : "no");
		printf("pidfd_send_signal to the reaped child: %s\n",
		       syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0) ? strerror(errno) : "0");
		printf("waitid(P_PIDFD) for it: %s\n",
		       waitid(P_PIDFD, pidfd, NULL, WEXITED | WNOHANG) ? strerror(errno) : "0");
		kill(b, SIGTERM);
		waitpid(b, &st, 0);
		report_status("the new holder", st);
		_exit(0);
	}
	waitpid(p, &st, 0);
	report_status("init", st);
	return 0;
}

/* Groups and sessions: one led from outside reads as 0 inside; setsid makes the
 * namespace's init lead its own, seen as 1 inside and its outer pid outside;
 * kill(-1) from inside reaches the namespace's processes but not its init. */
static int pgrp(void)
{
	int st, fds[2];
	char c;

	pipe(fds);
	pid_t p = newpid_or_skip();
	if (p == 0) {
		printf("inside: getpgrp %d getsid %d\n", getpgrp(), getsid(0));
		pid_t sid = setsid();
		printf("setsid gives %d; getpgrp %d getsid %d\n", sid, getpgrp(), getsid(0));
		pid_t c1 = fork();
		if (c1 == 0) {
			pause();
			_exit(0);
		}
		printf("child %d: getpgid %d getsid %d\n", c1, getpgid(c1), getsid(c1));
		pid_t k = fork();
		if (k == 0) {
			signal(SIGTERM, SIG_IGN);
			_exit(kill(-1, SIGTERM) ? 1 : 0);
		}
		waitpid(k, &st, 0);
		report_status("the kill(-1) sender", st);
		waitpid(c1, &st, 0);
		report_status("its sibling", st);
		printf("init is still here\n");
		fflush(stdout);
		write(fds[1], "x", 1);
		pause();
		_exit(0);
	}
	read(fds[0], &c, 1);
	printf("outside: getpgid(child) is its pid: %s, getsid too: %s\n",
	       getpgid(p) == p ? "yes" : "no", getsid(p) == p ? "yes" : "no");
	kill(p, SIGKILL);
	waitpid(p, &st, 0);
	report_status("init", st);
	return 0;
}

static volatile sig_atomic_t thread_got, thread_ready;
static void on_thread_sig(int sig) { thread_got = sig; }

static void *thread_fn(void *arg)
{
	(void)arg;
	printf("thread: gettid %d getpid %d\n", (int)syscall(SYS_gettid), getpid());
	fflush(stdout);
	thread_ready = 1;
	while (!thread_got)
		usleep(1000);
	return NULL;
}

/* A thread inside: its tid is the namespace's (CLONE_PARENT_SETTID and
 * CLONE_CHILD_SETTID), so pthread_kill (tgkill) and pthread_join work. */
static int thread(void)
{
	int st;
	pid_t p = newpid_or_skip();

	if (p == 0) {
		pthread_t t;
		signal(SIGUSR1, on_thread_sig);
		pthread_create(&t, NULL, thread_fn, NULL);
		while (!thread_ready)
			usleep(1000);
		printf("pthread_kill: %s\n", strerror(pthread_kill(t, SIGUSR1)));
		pthread_join(t, NULL);
		printf("joined; the handler ran: %d\n", thread_got == SIGUSR1);
		fflush(stdout);
		_exit(0);
	}
	waitpid(p, &st, 0);
	report_status("init", st);
	return 0;
}

/* 32 levels nest below the init namespace; the 33rd is ENOSPC. */
static int depth(void)
{
	int st;

	for (int level = 0;; level++) {
		pid_t p = clone_flags(CLONE_NEWPID);
		if (p < 0) {
			if (level == 0)
				newpid_or_skip();
			printf("levels made: %d, then %s\n", level, strerror(errno));
			_exit(0);
		}
		if (p > 0) {
			waitpid(p, &st, 0);
			_exit(WEXITSTATUS(st));
		}
	}
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "basic";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(mode, "basic")) return basic();
	if (!strcmp(mode, "nested")) return nested();
	if (!strcmp(mode, "orphan")) return orphan();
	if (!strcmp(mode, "subreaper")) return subreaper();
	if (!strcmp(mode, "initdeath")) return initdeath();
	if (!strcmp(mode, "initsig")) return initsig();
	if (!strcmp(mode, "sipid")) return sipid();
	if (!strcmp(mode, "unshare")) return unshare_mode();
	if (!strcmp(mode, "settid")) return settid();
	if (!strcmp(mode, "proc")) return proc_mode();
	if (!strcmp(mode, "depth")) return depth();
	if (!strcmp(mode, "lastpid")) return lastpid();
	if (!strcmp(mode, "pgrp")) return pgrp();
	if (!strcmp(mode, "thread")) return thread();
	fprintf(stderr, "unknown mode %s\n", mode);
	return 2;
}
