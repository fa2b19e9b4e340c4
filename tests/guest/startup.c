/* Start-up: argv and the environment arrive, atexit handlers run, buffered stdout is
 * flushed at exit, and main's return value is the exit status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static void bye(void)
{
	printf("atexit handler ran\n");
}

int main(int argc, char **argv)
{
	int count = 0;

	printf("argc=%d\n", argc);
	for (int i = 1; i < argc; i++)
		printf("argv[%d]=\"%s\"\n", i, argv[i]);
	printf("argv[argc] is NULL: %s\n", argv[argc] == NULL ? "yes" : "no");
	printf("EMU_TEST_VAR=%s\n", getenv("EMU_TEST_VAR") ? getenv("EMU_TEST_VAR") : "(unset)");
	for (char **e = environ; *e; e++)
		if (!strncmp(*e, "EMU_TEST_VAR=", 13))
			count++;
	printf("EMU_TEST_VAR appears %d time(s) in environ\n", count);
	atexit(bye);
	printf("no newline at the end, flushed by exit");
	return 7;
}
