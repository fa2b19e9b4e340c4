/* Regression (code review, 2026-11-30): FUTEX_WAIT without FUTEX_PRIVATE_FLAG on an initialised global: the waker's write copies the page, and the wake must still find the waiter. */
#include <linux/futex.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
/* an initialised global alone on its page: a private file page nobody wrote yet */
static struct { int v; char rest[4092]; } flagpage __attribute__((aligned(4096))) = { 1 };
#define flag flagpage.v
static int pad[1024] __attribute__((aligned(4096))) = { 1 };
static long wait_result;
static int wait_errno;
static void *waiter(void *a){
  struct timespec ts = { 10, 0 };
  wait_result = syscall(SYS_futex, &flag, FUTEX_WAIT, 1, &ts, 0, 0);
  wait_errno = errno;
  return 0;
}
int main(void){
  pthread_t t;
  pthread_create(&t, 0, waiter, 0);
  usleep(5000);
  flagpage.rest[0] = 1; /* a write to the page: copy-on-write copies it; flag stays 1 */
  long n = 0;
  for (int i = 0; i < 400 && !n; i++) { /* until the waiter is asleep (natively: when it is) */
    n = syscall(SYS_futex, &flag, FUTEX_WAKE, 1, 0, 0, 0);
    if (!n)
      usleep(5000);
  }
  pthread_join(t, 0); /* then print: the order of output is ours, not the scheduler's */
  printf("main: futex_wake woke %ld (pad %d)\n", n, pad[0]);
  printf("waiter: futex_wait -> %ld %s\n", wait_result, wait_result ? strerror(wait_errno) : "");
  return 0;
}
