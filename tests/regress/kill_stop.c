/* Regression (code review, 2026-11-30): tgkill SIGKILL to one thread, then SIGSTOP to the process: the process dies, it does not stop. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
static int fds[2];
static void *th(void *a){ pid_t tid = gettid(); write(fds[1], &tid, sizeof tid); for (;;) pause(); return NULL; }
int main(void){
  pipe(fds);
  pid_t c = fork();
  if (!c) { pthread_t t; pthread_create(&t, 0, th, 0); for (;;) pause(); }
  pid_t tid; read(fds[0], &tid, sizeof tid);
  usleep(100000);
  syscall(SYS_tgkill, c, tid, SIGKILL);
  kill(c, SIGSTOP);
  int st; waitpid(c, &st, WUNTRACED);
  if (WIFSTOPPED(st)) { printf("child stopped (SIGKILL pending but not acted on)\n"); kill(c, SIGKILL); waitpid(c, &st, 0); }
  else if (WIFSIGNALED(st)) printf("child killed by signal %d\n", WTERMSIG(st));
  return 0;
}
