/* Regression (code review, 2026-11-30): FUTEX_WAKE asked to wake 0 wakes one. */
#include <linux/futex.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
static int w;
static void *waiter(void *a){ struct timespec ts = {1, 0}; syscall(SYS_futex, &w, FUTEX_WAIT_PRIVATE, 0, &ts, 0, 0); return 0; }
int main(void){
  pthread_t t; pthread_create(&t, 0, waiter, 0); usleep(100000);
  printf("FUTEX_WAKE with nr 0 woke %ld\n", syscall(SYS_futex, &w, FUTEX_WAKE_PRIVATE, 0, 0, 0, 0));
  pthread_join(t, 0); return 0;
}
