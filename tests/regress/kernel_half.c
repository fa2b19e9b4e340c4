/* The kernel half of the address space is no guest's: a read of the address where
 * emu's machine keeps its GDT (0xfffffe0000000000, Linux's cpu_entry_area) is
 * SIGSEGV with SEGV_MAPERR and that address, as Linux answers a user access there. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>

static sigjmp_buf env;
static volatile void *fault_addr;
static volatile int fault_code;

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
	fault_addr = si->si_addr;
	fault_code = si->si_code;
	siglongjmp(env, 1);
}

int main(void)
{
	struct sigaction sa = { .sa_sigaction = on_segv, .sa_flags = SA_SIGINFO };
	static const unsigned long addrs[] = { 0xfffffe0000000000UL, 0xfffffe0000001000UL,
					       0xfffffe0000002000UL, 0xffffffffff600000UL };

	sigaction(SIGSEGV, &sa, NULL);
	for (unsigned i = 0; i < sizeof addrs / sizeof addrs[0]; i++) {
		if (sigsetjmp(env, 1) == 0) {
			volatile unsigned long v = *(volatile unsigned long *)addrs[i];
			printf("%#lx: read %#lx\n", addrs[i], v);
		} else {
			printf("%#lx: SIGSEGV, %s, at the address: %d\n", addrs[i],
			       fault_code == SEGV_MAPERR ? "SEGV_MAPERR" : fault_code == SEGV_ACCERR ? "SEGV_ACCERR" : "other code",
			       fault_addr == (void *)addrs[i]);
		}
	}
	return 0;
}
