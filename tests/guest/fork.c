/* fork, vfork and wait: copy-on-write memory (the child's writes stay its own),
 * exit statuses, wait for any child, ECHILD when none is left. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <errno.h>
#include <unistd.h>
int counter = 10;
int main(void)
{
	char *heap = malloc(100);
	strcpy(heap, "parent heap");
	fflush(stdout);
	pid_t p = fork();
	if (p == 0) {
		counter++;
		strcpy(heap, "child heap");
		printf("child: counter=%d heap=%s\n", counter, heap);
		exit(3);
	}
	int st;
	pid_t w = waitpid(p, &st, 0);
	printf("parent: waited %s, exited=%d status=%d counter=%d heap=%s\n", w == p ? "ok" : "bad",
	       WIFEXITED(st), WEXITSTATUS(st), counter, heap);
	for (int i = 0; i < 5; i++) {
		if (fork() == 0) {
			printf("kid %d\n", i);
			_exit(i);
		}
	}
	int sum = 0;
	while ((w = wait(&st)) > 0)
		sum += WEXITSTATUS(st);
	printf("sum=%d then wait: %d (ECHILD: %d)\n", sum, (int)w, errno == ECHILD);
	pid_t v = vfork();
	if (v == 0)
		_exit(9);
	waitpid(v, &st, 0);
	printf("vfork child exit %d\n", WEXITSTATUS(st));
	return 0;
}
