/* An ignored, unblocked signal is discarded when it is sent (POSIX, Linux's
 * sig_ignored): it interrupts no call. Run also under `emu --trace`, which once kept
 * such signals queued to show them as strace does, and so turned this sigtimedwait's
 * EAGAIN into EINTR (LTP rt_sigtimedwait01 failed traced only). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	sigset_t none;
	siginfo_t si;
	struct timespec wait = { 0, 300000000 }, nap = { 0, 100000000 };

	signal(SIGUSR2, SIG_IGN);
	sigemptyset(&none);
	pid_t child = fork();
	if (child == 0) {
		for (;;) {
			usleep(20000);
			kill(getppid(), SIGUSR2);
		}
	}
	int r = sigtimedwait(&none, &si, &wait);
	printf("sigtimedwait: %d %s\n", r, r < 0 ? strerrorname_np(errno) : "-");
	r = nanosleep(&nap, NULL);
	printf("nanosleep: %d %s\n", r, r < 0 ? strerrorname_np(errno) : "-");
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	return 0;
}
