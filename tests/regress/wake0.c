/* Regression (code review, 2026-11-30): FUTEX_WAKE asked to wake 0 wakes one. */
#include <linux/futex.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
static int w;
static void *waiter(void *a){ struct timespec ts = {10, 0}; syscall(SYS_futex, &w, FUTEX_WAIT_PRIVATE, 0, &ts, 0, 0); return 0; }
int main(void){
  pthread_t t; pthread_create(&t, 0, waiter, 0);
  long n = 0;
  for (int i = 0; i < 400 && !n; i++) { /* until the waiter is asleep */
    usleep(5000);
    n = syscall(SYS_futex, &w, FUTEX_WAKE_PRIVATE, 0, 0, 0, 0);
  }
  printf("FUTEX_WAKE with nr 0 woke %ld\n", n);
  pthread_join(t, 0); return 0;
}
