/* Cgroup namespaces: after unshare(CLONE_NEWCGROUP) /proc/PID/cgroup shows paths
 * relative to the group the unsharer was in ("/" for it, "/.." for the group
 * above, "/c" below); outside the namespace the full path stays. Run on whatever
 * cgroup2 hierarchy /proc/self/mounts names; natively 77 (skip) without a writable
 * one or without privilege. Only the "0::" line is compared (a host may have v1
 * lines too), with this test's own group name replaced by G. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char mnt[2048], grp[3072], name[64];
static int nsdelegate; /* the mount's option: a cgroup namespace bounds migrations */

static int find_cgroup2(void)
{
	FILE *f = fopen("/proc/self/mounts", "r");
	char dev[256], dir[2048], type[64], opts[1024];
	int found = -1;

	while (f && fscanf(f, "%255s %2047s %63s %1023s %*[^\n]", dev, dir, type, opts) == 4)
		if (!strcmp(type, "cgroup2") && found < 0) {
			snprintf(mnt, sizeof mnt, "%s", dir);
			nsdelegate = strstr(opts, "nsdelegate") != NULL;
			found = 0;
		}
	if (f)
		fclose(f);
	return found;
}

static int move(const char *dir, pid_t pid)
{
	char p[4096], text[32];
	int fd, r;

	snprintf(p, sizeof p, "%s/cgroup.procs", dir);
	snprintf(text, sizeof text, "%d", (int)pid);
	if ((fd = open(p, O_WRONLY)) < 0)
		return -errno;
	r = write(fd, text, strlen(text)) < 0 ? -errno : 0;
	close(fd);
	return r;
}

/* pid's "0::" line, the test's group shown as G. */
static void show(const char *who, pid_t pid)
{
	char p[64], line[4096], *at;
	FILE *f;

	snprintf(p, sizeof p, "/proc/%d/cgroup", (int)pid);
	if (!(f = fopen(p, "r")))
		return;
	while (fgets(line, sizeof line, f))
		if (!strncmp(line, "0::", 3)) {
			if ((at = strstr(line, name)))
				memcpy(at, "G", 1), memmove(at + 1, at + strlen(name), strlen(at + strlen(name)) + 1);
			printf("%s: %s", who, line);
		}
	fclose(f);
}

static void sub(char *out, const char *rel)
{
	snprintf(out, 4096, "%s/%s", grp, rel);
}

int main(void)
{
	char a[4096], b[4096], c[4096];
	int to_child[2], to_parent[2], st;
	char x;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (find_cgroup2()) {
		puts("no cgroup2 mount");
		return 77;
	}
	snprintf(name, sizeof name, "emu-cgroupns-%d", (int)getpid());
	snprintf(grp, sizeof grp, "%s/%s", mnt, name);
	sub(a, "a"), sub(b, "a/b"), sub(c, "a/b/c");
	if (mkdir(grp, 0755)) {
		printf("mkdir: %s\n", strerror(errno));
		return 77;
	}
	mkdir(a, 0755), mkdir(b, 0755), mkdir(c, 0755);
	if (pipe(to_child) || pipe(to_parent))
		return 1;
	pid_t ns = fork();
	if (ns == 0) {
		int r;

		if (move(b, 0) || unshare(CLONE_NEWCGROUP)) {
			printf("unshare: %s\n", strerror(errno));
			_exit(77);
		}
		show("unsharer, itself", getpid());
		pid_t kid = fork();
		if (kid == 0) {
			pause();
			_exit(0);
		}
		show("its child, same group", kid);
		printf("move the child to c: %d\n", move(c, kid));
		show("its child in c", kid);
		/* cgroup-v2.rst, nsdelegate: "the cgroup namespace ... delegation boundary" */
		r = move(a, kid);
		printf("move the child above the root as nsdelegate says: %d\n",
		       nsdelegate ? r == -ENOENT : r == 0);
		if (write(to_parent[1], &kid, sizeof kid) != sizeof kid || read(to_child[0], &x, 1) != 1)
			_exit(1);
		show("its child moved to a by the parent", kid);
		kill(kid, SIGKILL);
		waitpid(kid, NULL, 0);
		_exit(0);
	}
	pid_t kid;
	int r = read(to_parent[0], &kid, sizeof kid);
	if (r == sizeof kid) {
		/* the child's pid is the same number outside: no PID namespace here */
		printf("parent moves it to a: %d\n", move(a, kid));
		show("parent sees the unsharer", ns);
		if (write(to_child[1], "x", 1) != 1)
			return 1;
	}
	waitpid(ns, &st, 0);
	rmdir(c), rmdir(b), rmdir(a), rmdir(grp);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 77)
		return 77;
	printf("unsharer: %s %d\n", WIFEXITED(st) ? "exit" : "signal", WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
	printf("groups removed: %d\n", access(grp, F_OK) && errno == ENOENT);
	return 0;
}
