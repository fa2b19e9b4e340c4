/* execve's argument limits (Linux's fs/exec.c): one string may be 32 pages long with
 * its NUL, not one byte more; all strings and pointers together at most a quarter
 * of the stack limit (8 MiB here, so 2 MiB) and never more than 6 MiB. */
#include "check.h"
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ARG_STRLEN (32 * 4096)

static char *self;

/* Runs self with argv[1] = "child" and the given strings; its exit status, or -errno. */
static int run(char **extra, int n)
{
	char **argv = calloc(n + 3, sizeof *argv);
	int status;

	argv[0] = self;
	argv[1] = "child";
	memcpy(argv + 2, extra, n * sizeof *argv);
	pid_t pid = vfork();
	if (pid == 0) {
		execv(self, argv);
		_exit(200 + errno % 50);
	}
	waitpid(pid, &status, 0);
	free(argv);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static char *string_of(size_t len)
{
	char *s = malloc(len + 1);
	memset(s, 'x', len);
	s[len] = 0;
	return s;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "child"))
		return argc == 3 ? (int)(strlen(argv[2]) % 100) : argc % 100;
	self = argv[0];
	char *longest = string_of(MAX_ARG_STRLEN - 1), *too_long = string_of(MAX_ARG_STRLEN);
	CHECK("a string of 32 pages with its NUL runs", run(&longest, 1) == (MAX_ARG_STRLEN - 1) % 100);
	CHECK("one byte more: E2BIG", run(&too_long, 1) == 200 + E2BIG);
	/* 12 strings of 128 KiB: 1.5 MiB in all, under the limit */
	char *many[60];
	for (int i = 0; i < 60; i++)
		many[i] = longest;
	CHECK("1.5 MiB of arguments runs", run(many, 12) == 14);
	CHECK("7.5 MiB of arguments: E2BIG", run(many, 60) == 200 + E2BIG);
	return failures;
}
