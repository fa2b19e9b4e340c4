/* Regression (code review, 2026-11-30): nested SA_NODEFER handlers on an 8 KiB alternate stack: a frame that would not fit is SIGSEGV, memory below the stack stays untouched. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
static volatile int depth;
static char *canary;
static void h(int s){
  char buf[32]; int n;
  depth++;
  (void)buf; (void)n;
  if (depth < 8) syscall(SYS_tgkill, getpid(), gettid(), SIGUSR1);
}
int main(void){
  char *m = mmap(0, 4*4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0);
  canary = m; memset(m, 0xAA, 2*4096);
  stack_t ss = { .ss_sp = m + 2*4096, .ss_size = 2*4096, .ss_flags = 0 };
  sigaltstack(&ss, 0);
  struct sigaction sa = {0}; sa.sa_handler = h; sa.sa_flags = SA_ONSTACK|SA_NODEFER; sigaction(SIGUSR1, &sa, 0);
  syscall(SYS_tgkill, getpid(), gettid(), SIGUSR1);
  int bad = 0; for (int i = 0; i < 2*4096 - 1024; i++) bad += (unsigned char)canary[i] != 0xAA;
  printf("returned; %d bytes below the alternate stack overwritten\n", bad);
  return 0;
}
