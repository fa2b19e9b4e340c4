/*
 * ltp-run: run one command with a wall-clock cap and leave nothing behind.
 *
 *   ltp-run SECONDS STATUSFILE COMMAND [ARGS...]
 *
 * The command runs in a new session (so its process group is its own). We are
 * a child subreaper, so whatever it forks and orphans is reparented to us, not
 * to init. When the command exits, or after SECONDS (TERM to its group, 3 s of
 * grace, then KILL), or when we get SIGINT/SIGTERM/SIGHUP, every process still
 * below us is killed with SIGKILL and reaped. STATUSFILE gets one line:
 *   exit N | signal N | timeout | interrupted
 * followed by the elapsed wall time in seconds. Exit status: the command's exit
 * status, 128+N for a signal, 124 for a timeout, 130 when interrupted.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t got_alarm, got_stop;

static void on_alarm(int sig) { (void)sig; got_alarm = 1; }
static void on_stop(int sig) { (void)sig; got_stop = 1; }

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* SIGKILL every process whose parent is us; returns how many were found. */
static int kill_children(void)
{
	pid_t me = getpid();
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		char path[64], buf[512], *p;
		FILE *f;
		int ppid;
		pid_t pid = atoi(e->d_name);

		if (pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/stat", pid);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (!fgets(buf, sizeof(buf), f)) {
			fclose(f);
			continue;
		}
		fclose(f);
		p = strrchr(buf, ')');	/* comm may contain spaces */
		if (!p || sscanf(p + 1, " %*c %d", &ppid) != 1)
			continue;
		if (ppid == me) {
			kill(pid, SIGKILL);
			n++;
		}
	}
	closedir(d);
	return n;
}

/* Kill and reap everything below us until we have no child left. */
static void reap_all(void)
{
	for (;;) {
		int st;
		pid_t r;

		kill_children();
		while ((r = waitpid(-1, &st, WNOHANG)) > 0)
			;
		if (r < 0 && errno == ECHILD)
			return;
		usleep(10000);
	}
}

int main(int argc, char **argv)
{
	struct sigaction sa = { 0 };
	const char *how = NULL;
	double t0;
	int secs, st = 0, code;
	pid_t pid;
	FILE *f;

	if (argc < 4) {
		fprintf(stderr, "usage: ltp-run SECONDS STATUSFILE COMMAND [ARGS...]\n");
		return 2;
	}
	secs = atoi(argv[1]);
	prctl(PR_SET_CHILD_SUBREAPER, 1);

	sa.sa_handler = on_alarm;	/* no SA_RESTART: waitpid returns EINTR */
	sigaction(SIGALRM, &sa, NULL);
	sa.sa_handler = on_stop;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	t0 = now();
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 2;
	}
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		signal(SIGALRM, SIG_DFL);
		setsid();
		execvp(argv[3], argv + 3);
		fprintf(stderr, "ltp-run: %s: %s\n", argv[3], strerror(errno));
		_exit(127);
	}

	alarm(secs);
	for (;;) {
		pid_t r = waitpid(pid, &st, 0);

		if (r == pid)
			break;
		if (r < 0 && errno != EINTR)
			break;
		if ((got_alarm || got_stop) && !how) {
			how = got_alarm ? "timeout" : "interrupted";
			kill(-pid, SIGTERM);	/* let it clean up */
			kill(pid, SIGTERM);
			got_alarm = 0;
			alarm(3);
		} else if (how && (got_alarm || got_stop)) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			got_alarm = got_stop = 0;
		}
	}
	alarm(0);
	reap_all();

	f = fopen(argv[2], "w");
	if (how) {
		code = strcmp(how, "timeout") ? 130 : 124;
		if (f)
			fprintf(f, "%s %.2f\n", how, now() - t0);
	} else if (WIFSIGNALED(st)) {
		code = 128 + WTERMSIG(st);
		if (f)
			fprintf(f, "signal %d %.2f\n", WTERMSIG(st), now() - t0);
	} else {
		code = WEXITSTATUS(st);
		if (f)
			fprintf(f, "exit %d %.2f\n", code, now() - t0);
	}
	if (f)
		fclose(f);
	return code;
}
