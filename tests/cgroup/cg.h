/* Helpers of the emu-only cgroup tests: they run under emu only (the host's own
 * controllers may be cgroup v1, or not ours to change), so the expected values
 * come from Documentation/admin-guide/cgroup-v2.rst, quoted next to each check.
 * Each line is "ok: ..." or "FAIL: ..."; the exit status counts the failures. */
#ifndef CG_H
#define CG_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define CG "/sys/fs/cgroup"
#define CLONE_INTO_CGROUP_ 0x200000000ULL

static int failures;

static void check(const char *what, int ok)
{
	printf("%s: %s\n", ok ? "ok" : "FAIL", what);
	fflush(stdout);
	failures += !ok;
}

/* Writes text to file: 0 or -errno. */
static int cg_write(const char *file, const char *text)
{
	int fd = open(file, O_WRONLY), err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, text, strlen(text)) < 0)
		err = -errno;
	close(fd);
	return err;
}

static char *cg_read(const char *file)
{
	static char buf[8192];
	int fd = open(file, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

static long cg_read_long(const char *file)
{
	return strtol(cg_read(file), NULL, 10);
}

/* The value of key in a flat-keyed file ("oom_kill 1"), or -1. */
static long cg_key(const char *file, const char *key)
{
	char *s = cg_read(file), *p = s;
	size_t n = strlen(key);

	while (p && *p) {
		if (!strncmp(p, key, n) && p[n] == ' ')
			return strtol(p + n + 1, NULL, 10);
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return -1;
}

/* clone3(CLONE_INTO_CGROUP) into the group at dir: as fork. */
static pid_t clone_into(const char *dir)
{
	struct {
		uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
		uint64_t set_tid, set_tid_size, cgroup;
	} a = { .flags = CLONE_INTO_CGROUP_, .exit_signal = SIGCHLD };
	int fd = open(dir, O_RDONLY | O_DIRECTORY);

	a.cgroup = (uint64_t)fd;
	long pid = syscall(SYS_clone3, &a, sizeof a);
	int e = errno;
	if (pid)
		close(fd);
	errno = e;
	return (pid_t)pid;
}
#endif
