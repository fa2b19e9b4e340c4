/* Regression (code review, 2026-11-30): two pending signals and one sigsuspend with an empty mask: both handlers run. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
static volatile int got1, got2;
static void h(int s){ if (s == SIGUSR1) got1++; else got2++; }
int main(void){
  sigset_t block, empty, cur;
  signal(SIGUSR1, h); signal(SIGUSR2, h);
  sigemptyset(&block); sigaddset(&block, SIGUSR1); sigaddset(&block, SIGUSR2);
  sigprocmask(SIG_BLOCK, &block, 0);
  kill(getpid(), SIGUSR1); kill(getpid(), SIGUSR2);
  sigemptyset(&empty);
  sigsuspend(&empty);
  sigpending(&cur);
  printf("after one sigsuspend: USR1 handled %d, USR2 handled %d, USR2 still pending %d\n",
         got1, got2, sigismember(&cur, SIGUSR2));
  return 0;
}
