/* system(), popen() and posix_spawn() from a dynamically linked program: each starts
 * /bin/sh (Debian's dash, itself dynamic) or a program directly, and the parent sees
 * their output and statuses. stdout is flushed before each child writes to it. */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void status(const char *what, int st)
{
	if (WIFEXITED(st))
		printf("%s: exited %d\n", what, WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		printf("%s: killed by signal %d\n", what, WTERMSIG(st));
	else
		printf("%s: status %#x\n", what, st);
	fflush(stdout);
}

static void with_system(void)
{
	printf("system(NULL) says a shell exists: %s\n", system(NULL) ? "yes" : "no");
	fflush(stdout);
	status("system echo", system("echo from system; exit 3"));
	status("system pipeline", system("seq 1 100 | sort -rn | head -n 2"));
	status("system missing command", system("no-such-command-here 2>/dev/null"));
	status("system kill self", system("kill -TERM $$"));
}

static void with_popen(void)
{
	char line[256];
	FILE *p = popen("printf 'b\\na\\nc\\n' | sort", "r");

	while (p && fgets(line, sizeof line, p))
		printf("popen read: %s", line);
	status("pclose read", pclose(p));
	p = popen("tr a-z A-Z; exit 2", "w");
	fputs("written through popen\n", p);
	status("pclose write", pclose(p));
}

static void with_posix_spawn(void)
{
	char *echo_argv[] = { "echo", "from", "posix_spawn", NULL };
	char *seq_argv[] = { "seq", "3", NULL };
	char *none_argv[] = { "none", NULL };
	posix_spawn_file_actions_t fa;
	char buf[64] = "";
	pid_t pid;
	int st, fd;

	int err = posix_spawn(&pid, "/bin/echo", NULL, NULL, echo_argv, environ);
	if (!err && waitpid(pid, &st, 0) == pid)
		status("echo", st);
	printf("posix_spawn /bin/echo: %s\n", strerror(err));
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "seq.out", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	err = posix_spawnp(&pid, "seq", &fa, NULL, seq_argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	printf("posix_spawnp seq with stdout to a file: %s\n", strerror(err));
	if (!err && waitpid(pid, &st, 0) == pid)
		status("seq", st);
	fd = open("seq.out", O_RDONLY);
	if (fd >= 0 && read(fd, buf, sizeof buf - 1) > 0)
		printf("seq.out holds: %s", buf);
	close(fd);
	err = posix_spawn(&pid, "/nonexistent/none", NULL, NULL, none_argv, environ);
	printf("posix_spawn of a missing file: %s\n", strerror(err));
}

int main(void)
{
	with_system();
	with_popen();
	with_posix_spawn();
	return 0;
}
