/* Regression (code review, 2026-11-30): a pidfd in an epoll set becomes ready when its process ends. */
#include <stdio.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
int main(void){
  pid_t c = fork();
  if (!c) { usleep(100000); _exit(7); }
  int pfd = syscall(SYS_pidfd_open, c, 0);
  int ep = epoll_create1(0);
  struct epoll_event ev = { .events = EPOLLIN, .data.fd = pfd };
  epoll_ctl(ep, EPOLL_CTL_ADD, pfd, &ev);
  int n = epoll_wait(ep, &ev, 1, 3000);
  printf("epoll_wait on pidfd -> %d\n", n);
  waitpid(c, 0, 0);
  return 0;
}
