/* Regression (code review, 2026-11-30): a bad rt_sigreturn frame raises a SIGSEGV that a handler can catch. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
static sigjmp_buf jb;
static void segv(int s){ siglongjmp(jb, 1); }
int main(void){
  stack_t ss = { .ss_sp = malloc(65536), .ss_size = 65536 }; sigaltstack(&ss, 0);
  struct sigaction sa = {0}; sa.sa_handler = segv; sa.sa_flags = SA_ONSTACK; sigaction(SIGSEGV, &sa, 0);
  if (sigsetjmp(jb, 1) == 0) {
    /* rt_sigreturn with RSP on an unmapped address: a bad frame */
    asm volatile("mov $0x1000, %%rsp\n\tmov $15, %%eax\n\tsyscall" ::: "memory");
  }
  puts("SIGSEGV handler caught the bad rt_sigreturn frame");
  return 0;
}
