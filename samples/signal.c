/* A signal frame at work: the SIGSEGV handler gets the faulting address and the
 * registers of the interrupted code in its ucontext, changes two of them (RIP past
 * the faulting 2-byte load, RAX to 42), and rt_sigreturn resumes with them.
 *
 *   emu --trace=syscall,proc signal      (docs/signals.md walks through it)
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;

	printf("SIGSEGV: address %p, rip %#llx; skipping the load, rax = 42\n", si->si_addr,
	       (unsigned long long)uc->uc_mcontext.gregs[REG_RIP]);
	uc->uc_mcontext.gregs[REG_RIP] += 2; /* movl (%rax), %eax is 2 bytes: 8b 00 */
	uc->uc_mcontext.gregs[REG_RAX] = 42;
}

int main(void)
{
	struct sigaction sa;
	long rax = 16;

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	__asm__ volatile("movl (%%rax), %%eax" : "+a"(rax) : : "memory"); /* address 16: faults */
	printf("after the handler: rax = %ld\n", rax);
	return 0;
}
