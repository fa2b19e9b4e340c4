/* Regression (code review, 2026-11-30): a handler leaves RAX = -514 (ERESTARTNOHAND's value) in its ucontext while another signal waits: rt_sigreturn must give it back as is, not treat it as a restart code. */
#include <signal.h>
#include <stdio.h>
#include <ucontext.h>
#include <unistd.h>
#include <sys/syscall.h>
static volatile int got2;
static void h2(int s){ got2 = 1; }
static void h1(int s, siginfo_t *si, void *uc_) {
  ucontext_t *uc = uc_;
  uc->uc_mcontext.gregs[REG_RAX] = -514;  /* a value user code may hold */
  raise(SIGUSR2); /* blocked by sa_mask: pending at sigreturn */
}
int main(void){
  struct sigaction sa = {0};
  sa.sa_sigaction = h1; sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask); sigaddset(&sa.sa_mask, SIGUSR2);
  sigaction(SIGUSR1, &sa, 0);
  signal(SIGUSR2, h2);
  long ret, pid = getpid(), tid = gettid();
  long marker = 0;
  asm volatile("syscall\n\tjmp 1f\n\tmov $7, %1\n1:" : "=a"(ret), "+r"(marker)
               : "0"((long)SYS_tgkill), "D"(pid), "S"(tid), "d"((long)SIGUSR1) : "rcx","r11","memory");
  printf("rax after handler = %ld, marker=%ld, got2=%d\n", ret, marker, got2);
  return 0;
}
