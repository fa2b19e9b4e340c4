/* The ways a program ends, one per run, chosen by argv[1]: returning from main,
 * exit(), _exit(), the raw exit and exit_group system calls, and statuses outside
 * 0..255 (the kernel keeps the low 8 bits). exit() and a return from main run the
 * atexit handlers in reverse order and flush stdio; _exit and the raw calls do
 * neither, so what was still buffered is lost and must not appear on stdout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void first(void)
{
	printf("atexit: first registered, runs last\n");
}

static void second(void)
{
	printf("atexit: second registered, runs first\n");
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "return0";

	/* stdout is a file under the harness: fully buffered, nothing written yet */
	printf("mode %s\n", mode);
	if (atexit(first) || atexit(second))
		return 99;
	printf("flushed before the end\n");
	fflush(stdout);
	printf("still in the buffer at the end\n");

	if (!strcmp(mode, "return0"))
		return 0;
	if (!strcmp(mode, "return42"))
		return 42;
	if (!strcmp(mode, "exit3"))
		exit(3);
	if (!strcmp(mode, "exit256")) /* status 256 & 0xff = 0 */
		exit(256);
	if (!strcmp(mode, "exit-1")) /* status 255 */
		exit(-1);
	if (!strcmp(mode, "_exit5"))
		_exit(5);
	if (!strcmp(mode, "sys_exit")) /* the only thread leaves: the process ends */
		syscall(SYS_exit, 6);
	if (!strcmp(mode, "exit_group"))
		syscall(SYS_exit_group, 7);
	printf("unknown mode\n");
	return 100;
}
