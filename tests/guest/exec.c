/* execve: errors leave the caller intact, argv/envp arrive, close-on-exec fds close,
 * /proc/self/exe re-executes the program, vfork + exec, and #! scripts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
static void on_usr1(int sig)
{
	(void)sig;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "child")) {
		struct sigaction u1, u2;
		sigaction(SIGUSR1, NULL, &u1);
		sigaction(SIGUSR2, NULL, &u2);
		printf("after exec: SIGUSR1 %s, SIGUSR2 %s\n",
		       u1.sa_handler == SIG_DFL ? "back to default" : "still handled",
		       u2.sa_handler == SIG_IGN ? "still ignored" : "not ignored");
		printf("exec'd child: argc=%d argv[2]=%s FOO=%s fd5=%s\n", argc, argv[2], getenv("FOO"),
		       fcntl(5, F_GETFD) < 0 ? "closed" : "open");
		return 4;
	}
	char *bad[] = { "x", NULL };
	int r = execve("/nonexistent", bad, bad);
	printf("missing: %d %s\n", r, strerror(errno));
	r = execve("/etc/passwd", bad, bad);
	printf("not executable: %d %s\n", r, strerror(errno));
	r = execve("/", bad, bad);
	printf("a directory: %d %s\n", r, strerror(errno));
	signal(SIGUSR1, on_usr1);
	signal(SIGUSR2, SIG_IGN);
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC); dup2(fd, 5); fcntl(5, F_SETFD, FD_CLOEXEC);
	fflush(stdout);
	pid_t p = fork();
	if (p == 0) {
		char *av[] = { argv[0], "child", "arg2", NULL }, *ev[] = { "FOO=bar", NULL };
		execve("/proc/self/exe", av, ev);
		_exit(99);
	}
	int st; waitpid(p, &st, 0);
	printf("child status %d\n", WEXITSTATUS(st));
	p = vfork();
	if (p == 0) {
		char *av[] = { "/bin/busybox", "echo", "from busybox via vfork", NULL };
		execve("/bin/busybox", av, NULL);
		_exit(98);
	}
	waitpid(p, &st, 0);
	printf("busybox status %d\n", WEXITSTATUS(st));
	FILE *f = fopen("s.sh", "w"); fprintf(f, "#!/bin/busybox sh\necho script $0 $1\n"); fclose(f); chmod("s.sh", 0755);
	fflush(stdout);
	if (fork() == 0) { char *av[] = { "s.sh", "one", NULL }; execv("./s.sh", av); _exit(97); }
	wait(&st);
	printf("script status %d\n", WEXITSTATUS(st));
	unlink("s.sh");
	return 0;
}
