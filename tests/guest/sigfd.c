/* signalfd and pidfds: signals read as records from a descriptor (with poll and
 * epoll readiness), a mask changed on an open signalfd, O_NONBLOCK; pidfd_open,
 * pidfd_send_signal, a pidfd becoming readable when its process ends, waitid
 * with P_PIDFD. */
#include "check.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <stdint.h>
#include <unistd.h>

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

static int pidfd_open(pid_t pid)
{
	return (int)syscall(SYS_pidfd_open, pid, 0);
}

static void test_signalfd(void)
{
	struct signalfd_siginfo si;
	sigset_t m;

	sigemptyset(&m);
	sigaddset(&m, SIGUSR1);
	sigaddset(&m, SIGCHLD);
	sigprocmask(SIG_BLOCK, &m, NULL);
	int fd = signalfd(-1, &m, SFD_CLOEXEC | SFD_NONBLOCK);
	CHECK("signalfd", fd >= 0);
	struct pollfd p = { fd, POLLIN, 0 };
	CHECK("nothing pending: not readable", poll(&p, 1, 0) == 0);
	EXPECT_ERRNO("nothing pending, O_NONBLOCK: EAGAIN", read(fd, &si, sizeof si), EAGAIN);
	int ep = epoll_create1(0);
	struct epoll_event ev = { .events = EPOLLIN }, out;
	epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
	kill(getpid(), SIGUSR1);
	int r = poll(&p, 1, 0);
	CHECK("SIGUSR1 sent: readable", r == 1 && (p.revents & POLLIN));
	CHECK("... and epoll says so", epoll_wait(ep, &out, 1, 0) == 1);
	long n = read(fd, &si, sizeof si);
	CHECK("read: one record of SIGUSR1, SI_USER, from us",
	      n == sizeof si && si.ssi_signo == SIGUSR1 && si.ssi_code == SI_USER &&
	      si.ssi_pid == (unsigned)getpid());
	EXPECT_ERRNO("a buffer too small: EINVAL", read(fd, &si, 8), EINVAL);
	pid_t c = fork();
	if (c == 0)
		_exit(3);
	p.revents = 0;
	poll(&p, 1, 5000);
	n = read(fd, &si, sizeof si);
	CHECK("SIGCHLD: CLD_EXITED, status 3, the child's pid",
	      n == sizeof si && si.ssi_signo == SIGCHLD && si.ssi_code == CLD_EXITED &&
	      si.ssi_status == 3 && si.ssi_pid == (unsigned)c);
	waitpid(c, NULL, 0);
	sigdelset(&m, SIGUSR1);
	CHECK("mask changed in place", signalfd(fd, &m, 0) == fd);
	kill(getpid(), SIGUSR1);
	EXPECT_ERRNO("SIGUSR1 no longer read", read(fd, &si, sizeof si), EAGAIN);
	sigset_t pending;
	sigpending(&pending);
	CHECK("... it stays pending", sigismember(&pending, SIGUSR1) == 1);
	EXPECT_ERRNO("signalfd on a non-signalfd: EINVAL", signalfd(ep, &m, 0), EINVAL);
	close(ep);
	close(fd);
}

static void test_pidfd(void)
{
	int sv[2];
	char c;

	pipe(sv);
	pid_t pid = fork();
	if (pid == 0) {
		close(sv[1]);
		read(sv[0], &c, 1); /* until the parent is done looking */
		pause();
		_exit(0);
	}
	close(sv[0]);
	int pfd = pidfd_open(pid);
	CHECK("pidfd_open", pfd >= 0);
	CHECK("close-on-exec", fcntl(pfd, F_GETFD) == FD_CLOEXEC);
	struct pollfd p = { pfd, POLLIN, 0 };
	CHECK("a living process: not readable", poll(&p, 1, 0) == 0);
	close(sv[1]);
	CHECK("pidfd_send_signal SIGTERM", syscall(SYS_pidfd_send_signal, pfd, SIGTERM, NULL, 0) == 0);
	int r = poll(&p, 1, 5000);
	CHECK("the process ended: readable", r == 1 && (p.revents & POLLIN));
	siginfo_t si = { 0 };
	r = waitid(P_PIDFD, pfd, &si, WEXITED);
	CHECK("waitid(P_PIDFD): killed by SIGTERM",
	      r == 0 && si.si_pid == pid && si.si_code == CLD_KILLED && si.si_status == SIGTERM);
	EXPECT_ERRNO("signal to a reaped process: ESRCH",
		     syscall(SYS_pidfd_send_signal, pfd, SIGTERM, NULL, 0), ESRCH);
	EXPECT_ERRNO("pidfd_open of no process: ESRCH", pidfd_open(999999), ESRCH);
	EXPECT_ERRNO("pidfd_send_signal on a pipe: EBADF",
		     syscall(SYS_pidfd_send_signal, 0, SIGTERM, NULL, 0), EBADF);
	close(pfd);
}

/* clone3 with CLONE_PIDFD: the child's pidfd comes back with it. */
static void test_clone_pidfd(void)
{
	struct { uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls; }
		args = { 0 };
	int pidfd = -1;
	siginfo_t si = { 0 };

	args.flags = 0x1000; /* CLONE_PIDFD */
	args.pidfd = (uintptr_t)&pidfd;
	args.exit_signal = SIGCHLD;
	long pid = syscall(SYS_clone3, &args, sizeof args);
	if (pid == 0)
		_exit(5);
	CHECK("clone3 with CLONE_PIDFD gives a pidfd", pid > 0 && pidfd >= 0);
	struct pollfd p = { pidfd, POLLIN, 0 };
	CHECK("... readable once the child ends", poll(&p, 1, 5000) == 1);
	CHECK("... and waitid(P_PIDFD) reaps it: status 5",
	      waitid(P_PIDFD, pidfd, &si, WEXITED) == 0 && si.si_pid == pid && si.si_status == 5);
	close(pidfd);
	args.flags = 0x1000 | 0x00010000 | 0x00000800 | 0x00000100; /* with CLONE_THREAD */
	EXPECT_ERRNO("CLONE_PIDFD with CLONE_THREAD: EINVAL", syscall(SYS_clone3, &args, sizeof args), EINVAL);
}

int main(void)
{
	test_signalfd();
	test_pidfd();
	test_clone_pidfd();
	return failures;
}
