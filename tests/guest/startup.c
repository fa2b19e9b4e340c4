/* Start-up: argv and the environment arrive, the three standard descriptors are open
 * (and nothing else), atexit handlers run after main returns, buffered stdout is
 * flushed at exit, and main's return value is the exit status. exits.c covers the
 * other ways to end. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

static void bye(void)
{
	printf("atexit handler ran after main returned\n");
}

int main(int argc, char **argv)
{
	int count = 0;
	char c;

	printf("argc=%d\n", argc);
	const char *slash = strrchr(argv[0], '/');
	printf("argv[0] ends in \"%s\"\n", slash ? slash + 1 : argv[0]);
	for (int i = 1; i < argc; i++)
		printf("argv[%d]=\"%s\" (%zu bytes)\n", i, argv[i], strlen(argv[i]));
	printf("argv[argc] is NULL: %s\n", argv[argc] == NULL ? "yes" : "no");
	printf("EMU_TEST_VAR=%s\n", getenv("EMU_TEST_VAR") ? getenv("EMU_TEST_VAR") : "(unset)");
	printf("NOT_SET=%s\n", getenv("NOT_SET") ? getenv("NOT_SET") : "(unset)");
	for (char **e = environ; *e; e++)
		if (!strncmp(*e, "EMU_TEST_VAR=", 13))
			count++;
	printf("EMU_TEST_VAR appears %d time(s) in environ\n", count);
	printf("PATH=%s\n", getenv("PATH") ? getenv("PATH") : "(unset)");

	/* the harness gives stdin from /dev/null and stdout, stderr to files */
	for (int fd = 0; fd < 3; fd++)
		printf("fd %d open: %s\n", fd, fcntl(fd, F_GETFD) >= 0 ? "yes" : "no");
	printf("fd 3 open: %s\n", fcntl(3, F_GETFD) >= 0 ? "yes" : "no");
	printf("stdin at end of file: %s\n", read(0, &c, 1) == 0 ? "yes" : "no");
	printf("stdout is a terminal: %s\n", isatty(1) ? "yes" : "no");
	printf("the first open() gets fd 3: %s\n", open("/dev/null", O_RDONLY) == 3 ? "yes" : "no");

	if (atexit(bye))
		return 99;
	fprintf(stderr, "stderr is not compared\n");
	printf("no newline at the end, flushed by exit");
	return 7;
}
