/* Regression (code review, 2026-11-30): SS_AUTODISARM is reported by sigaltstack and kept across handlers. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31)
#endif
static void h(int s){ stack_t o; sigaltstack(NULL,&o);
  printf("in handler: ss_flags=%#x\n", o.ss_flags); }
int main(void){
  stack_t ss = { .ss_sp = malloc(65536), .ss_size = 65536, .ss_flags = SS_AUTODISARM };
  if (sigaltstack(&ss, 0)) perror("sigaltstack");
  struct sigaction sa = {0}; sa.sa_handler = h; sa.sa_flags = SA_ONSTACK; sigaction(SIGUSR1, &sa, 0);
  stack_t o; sigaltstack(NULL,&o); printf("before: ss_flags=%#x\n", o.ss_flags);
  raise(SIGUSR1);
  sigaltstack(NULL,&o); printf("after 1: ss_flags=%#x\n", o.ss_flags);
  raise(SIGUSR1);
  sigaltstack(NULL,&o); printf("after 2: ss_flags=%#x\n", o.ss_flags);
  return 0;
}
