/* Signal misuse must end the program as Linux ends it, and never emu: one mode per
 * run. sigreturn: rt_sigreturn with the stack pointer at address 8; altstack: a
 * handler on an alternate stack that is not mapped; norestorer: a handler installed
 * without SA_RESTORER (x86-64 has no default); refault: a SIGSEGV handler that
 * returns to the same fault once (SA_RESETHAND). All four die of SIGSEGV. storm:
 * 10,000 real-time signals queued while blocked under an RLIMIT_SIGPENDING of 100
 * (the limit counts every process of the user: a storm up to the default limit
 * would make other programs' timer_create and sigqueue fail while it runs); the
 * limit refuses some with EAGAIN and the program goes on. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

static void handler(int sig)
{
}

static void install(int sig, int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	sa.sa_flags = flags;
	sigaction(sig, &sa, NULL);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	printf("mode %s\n", mode);
	fflush(stdout);
	if (!strcmp(mode, "sigreturn")) {
		__asm__ volatile("mov $8, %%rsp; mov $15, %%eax; syscall" ::: "memory");
	} else if (!strcmp(mode, "altstack")) {
		stack_t ss = { .ss_sp = (void *)0x10000000, .ss_size = 65536 };
		sigaltstack(&ss, NULL);
		install(SIGUSR1, SA_ONSTACK);
		raise(SIGUSR1);
	} else if (!strcmp(mode, "norestorer")) {
		struct { void (*h)(int); unsigned long flags; void *restorer; unsigned long mask; } ka =
			{ handler, 0, NULL, 0 };
		syscall(SYS_rt_sigaction, SIGUSR1, &ka, NULL, 8);
		raise(SIGUSR1);
	} else if (!strcmp(mode, "refault")) {
		install(SIGSEGV, SA_RESETHAND);
		*(volatile int *)0 = 1;
	} else if (!strcmp(mode, "storm")) {
		sigset_t set;
		long queued = 0, refused = 0;
		struct rlimit rl;
		getrlimit(RLIMIT_SIGPENDING, &rl);
		rl.rlim_cur = 100;
		setrlimit(RLIMIT_SIGPENDING, &rl);
		sigemptyset(&set);
		sigaddset(&set, SIGRTMIN);
		sigprocmask(SIG_BLOCK, &set, NULL);
		for (int i = 0; i < 10000; i++) {
			if (sigqueue(getpid(), SIGRTMIN, (union sigval){ i }) == 0)
				queued++;
			else if (errno == EAGAIN)
				refused++;
		}
		/* how many went in depends, natively, on what else of this user has
		 * signals pending (the count is per user): only the refusal is certain */
		printf("refused some with EAGAIN: %d (at most 100 queued: %d)\n", refused > 0,
		       queued <= 100);
		return 0;
	}
	printf("survived\n");
	return 0;
}
