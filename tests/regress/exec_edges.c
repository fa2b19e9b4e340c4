/* execve with an empty argv gives the program one empty argv[0] (Linux 5.18), and
 * a parent may no longer move a child that has run execve to another process group
 * (EACCES), nor one in another session (EPERM). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int p[2];
	char c;

	if (argc == 1 && argv[0][0] == '\0') {
		printf("no arguments: argc %d, argv[0] \"%s\"\n", argc, argv[0]);
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "wait")) {
		write(1, "w", 1); /* the exec is done */
		read(0, &c, 1);   /* until the parent is done */
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "abs")) {
		char exe[4096];
		ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
		printf("run as %s from its directory: /proc/self/exe is absolute: %d\n", argv[0],
		       n > 0 && exe[0] == '/');
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "session")) {
		setsid();
		write(1, "s", 1);
		read(0, &c, 1);
		return 0;
	}
	char self[4096];
	ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
	self[len > 0 ? len : 0] = '\0';
	fflush(stdout);
	if (fork() == 0) { /* a relative path from another cwd than emu's own */
		char *slash = strrchr(self, '/');
		*slash = '\0';
		chdir(self);
		execl(slash + 1, "./exec_edges", "abs", (char *)NULL);
		_exit(1);
	}
	wait(NULL);
	if (fork() == 0) {
		char *none[] = { NULL };
		execve("/proc/self/exe", none, none);
		_exit(1);
	}
	wait(NULL);
	int done[2];
	pipe(p);
	pipe(done);
	pid_t child = fork();
	if (child == 0) {
		dup2(p[0], 0);
		dup2(done[1], 1);
		execl("/proc/self/exe", argv[0], "wait", (char *)NULL);
		_exit(1);
	}
	read(done[0], &c, 1);
	errno = 0;
	int r = setpgid(child, child);
	printf("setpgid of a child after execve: %d %s\n", r, errno == EACCES ? "EACCES" : strerror(errno));
	write(p[1], "x", 1);
	waitpid(child, NULL, 0);

	int q[2], back[2];
	pipe(q);
	pipe(back);
	child = fork();
	if (child == 0) {
		dup2(q[0], 0);
		dup2(back[1], 1);
		execl("/proc/self/exe", argv[0], "session", (char *)NULL);
		_exit(1);
	}
	read(back[0], &c, 1); /* it has its own session now */
	errno = 0;
	r = setpgid(child, getpgrp());
	printf("setpgid of a child in another session: %d %s\n", r, errno == EPERM ? "EPERM" : strerror(errno));
	write(q[1], "x", 1);
	waitpid(child, NULL, 0);
	return 0;
}
