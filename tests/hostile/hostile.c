/* Programs that try to hurt the machine, one per mode; run under emu by hostile.sh,
 * which checks that emu answers as Linux would (an errno, a signal, a status) and
 * never crashes, hangs or grows without bound. Each prints one line to compare. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void *idle(void *arg)
{
	pause();
	return NULL;
}

static int forkbomb(void)
{
	int n = 0;
	for (;;) {
		pid_t p = fork();
		if (p < 0) {
			printf("fork failed after %d children: %s\n", n, errno == EAGAIN ? "EAGAIN" : "?");
			fflush(stdout);
			kill(0, SIGKILL); /* the whole group, children and us */
			return 1;
		}
		if (p == 0) {
			pause();
			_exit(0);
		}
		n++;
	}
}

static int threadbomb(void)
{
	pthread_t t;
	int n = 0, err;
	while (!(err = pthread_create(&t, NULL, idle, NULL)))
		n++;
	printf("pthread_create failed after %d threads: %s\n", n, err == EAGAIN ? "EAGAIN" : "?");
	return 0;
}

static int hog(void)
{
	size_t total = 0;
	for (;;) {
		char *p = malloc(1 << 20);
		if (!p)
			break;
		memset(p, 1, 1 << 20);
		total += 1 << 20;
	}
	printf("malloc failed after %zu MiB\n", total >> 20);
	return 0;
}

static int fdexhaust(void)
{
	int n = 0;
	while (open("/dev/null", O_RDONLY) >= 0)
		n++;
	printf("open failed after %d descriptors: %s\n", n, errno == EMFILE ? "EMFILE" : "?");
	return 0;
}

static int pipefull(void)
{
	int p[2];
	static char buf[4096];
	pipe(p);
	size_t total = 0;
	for (;;) {
		ssize_t n = write(p[1], buf, sizeof buf); /* blocks for good: nobody reads */
		if (n <= 0)
			break;
		total += n;
	}
	printf("wrote %zu\n", total);
	return 0;
}

static int timers(void)
{
	int n = 0;
	timer_t id;
	struct sigevent ev = { .sigev_notify = SIGEV_NONE };
	while (n < 100000 && timer_create(CLOCK_MONOTONIC, &ev, &id) == 0)
		n++;
	printf("created %d timers\n", n);
	return 0;
}

/* System V semaphore sets of the largest size until semget fails. */
static int sembomb(void)
{
	int n = 0;

	while (n < 100000 && semget(IPC_PRIVATE, 32000, 0600) >= 0)
		n++;
	printf("semget failed after %d sets: %s\n", n, errno == ENOSPC ? "ENOSPC" : strerror(errno));
	return 0;
}

/* Recursion without end, until the stack's 8 MiB run out. */
static int depth(volatile int n)
{
	volatile char pad[1024];
	pad[0] = (char)n;
	if (n >= 0)
		return depth(n + 1) + pad[0];
	return 0;
}

static int execloop(const char *self, int left)
{
	char arg[16];
	if (!left) {
		printf("exec loop done\n");
		return 0;
	}
	snprintf(arg, sizeof arg, "%d", left - 1);
	execl(self, self, "execloop", arg, (char *)NULL);
	perror("execl");
	return 1;
}

static int hugeargv(const char *self)
{
	size_t len = 64 << 20;
	char *big = malloc(len + 1);
	memset(big, 'x', len);
	big[len] = '\0';
	execl(self, self, big, (char *)NULL);
	printf("execl with a 64 MiB argument: %s\n", errno == E2BIG ? "E2BIG" : strerror(errno));
	return 0;
}

/* Mounts must not open a way to what emu hides: the host's /proc (a bind of a
 * route to it), the private directories behind emu's tmpfs mounts (found in /tmp,
 * bound, opened, reached by ".." from a detached mount), emu's own process
 * (/proc/self through a proc mount is the program's). */
static int holes;

static void hole(const char *what)
{
	printf("hole: %s\n", what);
	holes++;
}

/* emu's tmpfs directory for this run is the one that appears at its first mount:
 * others in /tmp belong to other runs (or ones that crashed), not to this guest's emu */
static char others[64][256];
static int nr_others;

static void note_other_tmpfs_dirs(void)
{
	DIR *tmp = opendir("/tmp");
	struct dirent *e;

	while (tmp && (e = readdir(tmp)) && nr_others < 64)
		if (!strncmp(e->d_name, "emu-tmpfs-", 10))
			snprintf(others[nr_others++], sizeof others[0], "%s", e->d_name);
	if (tmp)
		closedir(tmp);
}

/* Whether name is this run's emu's tmpfs directory. */
static bool own_tmpfs_dir(const char *name)
{
	if (strncmp(name, "emu-tmpfs-", 10))
		return false;
	for (int i = 0; i < nr_others; i++)
		if (!strcmp(others[i], name))
			return false;
	return true;
}

static void try_hidden_dirs(void)
{
	DIR *tmp = opendir("/tmp");
	struct dirent *e;
	char path[512];

	while (tmp && (e = readdir(tmp))) {
		if (!own_tmpfs_dir(e->d_name))
			continue;
		snprintf(path, sizeof path, "/tmp/%s", e->d_name);
		DIR *d = opendir(path);
		if (d) {
			hole("emu's tmpfs directory opens");
			closedir(d);
		}
		snprintf(path, sizeof path, "/tmp/%s/0", e->d_name);
		if (mount(path, "b", NULL, MS_BIND, NULL) == 0) {
			hole("emu's tmpfs directory binds");
			umount("b");
		}
	}
	if (tmp)
		closedir(tmp);
}

static void same_exe(const char *link, const char *self)
{
	char a[4096], b[4096];
	ssize_t n = readlink(link, a, sizeof a - 1), m = readlink("/proc/self/exe", b, sizeof b - 1);

	if (n < 0)
		return; /* refused: no hole */
	a[n] = '\0';
	b[m > 0 ? m : 0] = '\0';
	if (strcmp(a, b) || strstr(a, "/emu"))
		hole(link);
}

static int mountescape(const char *self)
{
	char dir[] = "/tmp/hostile-mount-XXXXXX", abs[64];
	struct stat hidden, up;

	if (!mkdtemp(dir) || chdir(dir) < 0)
		return 1;
	mkdir("m", 0755);
	mkdir("b", 0755);
	mkdir("p", 0755);
	note_other_tmpfs_dirs();
	if (mount("t", "m", "tmpfs", 0, NULL) < 0) {
		printf("mount: %s\n", strerror(errno));
		return 1;
	}
	try_hidden_dirs();
	if (mount("/proc/self/root/proc", "b", NULL, MS_BIND, NULL) == 0) {
		same_exe("b/self/exe", self);
		umount("b");
	}
	if (mount("/proc/self/root/proc/../proc/self", "b", NULL, MS_BIND, NULL) == 0) {
		same_exe("b/exe", self);
		umount("b");
	}
	if (mount("proc", "p", "proc", 0, NULL) == 0) {
		same_exe("p/self/exe", self);
		if (open("p/self/../../../proc/self/mem", O_RDONLY) >= 0 && access("/proc/self/mem", R_OK))
			hole("proc mount's mem");
		umount("p");
	}
	/* a working directory in a mount that goes away: ".." stays out of emu's */
	snprintf(abs, sizeof abs, "%s/m", dir);
	DIR *t = opendir("/tmp");
	struct dirent *e;
	int have_hidden = 0;
	while (t && (e = readdir(t)))
		if (own_tmpfs_dir(e->d_name)) {
			char path[512];
			snprintf(path, sizeof path, "/tmp/%s", e->d_name);
			have_hidden = !stat(path, &hidden);
		}
	if (t)
		closedir(t);
	if (chdir("m") == 0 && umount2(abs, MNT_DETACH) == 0) {
		if (have_hidden && !stat("..", &up) && up.st_ino == hidden.st_ino && up.st_dev == hidden.st_dev)
			hole("\"..\" from a detached tmpfs reaches emu's directory");
		chdir(dir);
	}
	umount("m");
	rmdir("m");
	rmdir("b");
	rmdir("p");
	chdir("/");
	rmdir(dir);
	printf("mount escape: %d holes\n", holes);
	return 0;
}

int main(int argc, char **argv)
{
	const char *m = argc > 1 ? argv[1] : "";

	if (!strcmp(m, "forkbomb")) return forkbomb();
	if (!strcmp(m, "threadbomb")) return threadbomb();
	if (!strcmp(m, "hog")) return hog();
	if (!strcmp(m, "fdexhaust")) return fdexhaust();
	if (!strcmp(m, "pipefull")) return pipefull();
	if (!strcmp(m, "timers")) return timers();
	if (!strcmp(m, "sembomb")) return sembomb();
	if (!strcmp(m, "stack")) return depth(0);
	if (!strcmp(m, "execloop")) return execloop(argv[0], argc > 2 ? atoi(argv[2]) : 1000);
	if (!strcmp(m, "hugeargv")) return hugeargv(argv[0]);
	if (!strcmp(m, "mountescape")) return mountescape(argv[0]);
	fprintf(stderr, "usage: hostile MODE\n");
	return 2;
}
