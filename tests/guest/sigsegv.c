/* Handled faults: SIGSEGV with si_addr, si_code (SEGV_MAPERR, SEGV_ACCERR) and the
 * ucontext's trap number, error code and CR2 for reads, writes, execution, a kernel
 * address and a non-canonical one; recovery by siglongjmp and by moving RIP in the
 * ucontext, 10000 times each; SIGFPE from an integer division (FPE_INTDIV); SIGILL
 * from ud2 (ILL_ILLOPN) with an xmm register set through uc_mcontext.fpregs; SIGTRAP
 * from int3, which continues after the int3; a stack overflow caught on an alternate
 * stack. Only counts and codes are printed, never addresses. */
#include "check.h"
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <ucontext.h>
#include <unistd.h>

/* Instructions at known addresses:
 *   fault_load(p)   movl (%rdi),%eax (8b 07, 2 bytes) at fault_load; ret
 *   do_div(a, b)    idivl %esi at div_insn
 *   do_ud2()        ud2 at do_ud2, then returns xmm0's low 64 bits
 *   do_int3()       rax = 5, int3, then returns rax; int3_next is after the int3 */
int fault_load(const int *p);
int do_div(int a, int b);
uint64_t do_ud2(void);
long do_int3(void);
extern char div_insn[], int3_next[];
asm(".text\n"
    ".globl fault_load\n.type fault_load,@function\nfault_load:\n"
    "movl (%rdi), %eax\nret\n"
    ".globl do_div\n.type do_div,@function\ndo_div:\n"
    "mov %edi, %eax\ncltd\n.globl div_insn\ndiv_insn:\nidivl %esi\nret\n"
    ".globl do_ud2\n.type do_ud2,@function\ndo_ud2:\n"
    "pxor %xmm0, %xmm0\n.globl ud2_insn\nud2_insn:\nud2\nmovq %xmm0, %rax\nret\n"
    ".globl do_int3\n.type do_int3,@function\ndo_int3:\n"
    "mov $5, %eax\nint3\n.globl int3_next\nint3_next:\nret\n");
extern char ud2_insn[];

static sigjmp_buf env;
static char *alt;
static volatile int sig_, code_, hits, on_alt;
static volatile uintptr_t addr_, rip_, err_, trapno_, cr2_;
static volatile int fix_rip; /* 0: siglongjmp out; else: the action in handler() */

static void handler(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	greg_t *g = uc->uc_mcontext.gregs;
	char local;
	on_alt = alt && &local >= alt && &local < alt + (1 << 16);
	sig_ = sig;
	code_ = si->si_code;
	addr_ = (uintptr_t)si->si_addr;
	rip_ = g[REG_RIP];
	err_ = g[REG_ERR];
	trapno_ = g[REG_TRAPNO];
	cr2_ = g[REG_CR2];
	hits++;
	if (fix_rip == 1) { /* skip the 2-byte load, and make it "load" 1000 + hits */
		const unsigned char *ip = (const unsigned char *)g[REG_RIP];
		if (ip != (const unsigned char *)fault_load || ip[0] != 0x8b || ip[1] != 0x07)
			abort();
		g[REG_RIP] += 2;
		g[REG_RAX] = 1000 + hits;
		return;
	}
	if (fix_rip == 2) { /* skip ud2, set xmm0 */
		if (g[REG_RIP] != (greg_t)ud2_insn || !uc->uc_mcontext.fpregs)
			abort();
		g[REG_RIP] += 2;
		uc->uc_mcontext.fpregs->_xmm[0].element[0] = 0x5678;
		uc->uc_mcontext.fpregs->_xmm[0].element[1] = 0x1234;
		return;
	}
	if (fix_rip == 3) { /* after int3: add to rax */
		g[REG_RAX] += 10;
		return;
	}
	siglongjmp(env, 1);
}

static void install(int sig, int onstack)
{
	struct sigaction sa = {0};
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO | (onstack ? SA_ONSTACK : 0);
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/* one access that must fault: 'r' read, 'w' write, 'x' call */
static int fault(char how, void *p)
{
	sig_ = 0;
	if (sigsetjmp(env, 1) == 0) {
		if (how == 'r')
			(void)*(volatile int *)p;
		else if (how == 'w')
			*(volatile int *)p = 1;
		else
			((void (*)(void))p)();
		return 0;
	}
	return 1;
}

static void report(const char *what, char how, void *p, int want_code)
{
	int f = fault(how, p);
	/* The error code's bit 0 (page present) depends on whether the kernel populated
	 * the page, not on the access: leave it out. CR2 only means something for #PF. */
	printf("%s: %s, si_code %s, si_addr %s, trapno %lu, err & ~1 %#lx, cr2 %s\n", what,
	       f && sig_ == SIGSEGV ? "SIGSEGV" : "no SIGSEGV",
	       code_ == want_code ? "as expected" : "UNEXPECTED",
	       addr_ == (uintptr_t)p ? "the address" : addr_ == 0 ? "0" : "other",
	       (unsigned long)trapno_, (unsigned long)(err_ & ~1UL),
	       trapno_ != 14 ? "-" : cr2_ == (uintptr_t)p ? "the address" : "other");
}

static volatile int depth_ok, limit = 1 << 30;
static int recurse(int n)
{
	volatile char pad[1024];
	pad[0] = (char)n;
	if (n >= limit)
		return 1;
	return recurse(n + 1) + pad[0];
}

int main(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	char *ro = mmap(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *none = mmap(NULL, pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *gone = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(gone, pg);
	install(SIGSEGV, 0);

	report("read NULL", 'r', NULL, SEGV_MAPERR);
	report("read unmapped+123", 'r', gone + 123, SEGV_MAPERR);
	report("write unmapped+123", 'w', gone + 123, SEGV_MAPERR);
	report("read PROT_NONE+8", 'r', none + 8, SEGV_ACCERR);
	report("write PROT_READ+16", 'w', ro + 16, SEGV_ACCERR);
	report("execute PROT_READ", 'x', ro, SEGV_ACCERR);
	report("read kernel address", 'r', (void *)0xffffffff81000000UL, SEGV_MAPERR);
	report("read non-canonical", 'r', (void *)0x0000800000000000UL, SI_KERNEL);

	int n = 0;
	for (int i = 0; i < 10000; i++) {
		if (fault(i & 1 ? 'w' : 'r', gone + (i % 64) * 8) && code_ == SEGV_MAPERR &&
		    addr_ == (uintptr_t)(gone + (i % 64) * 8))
			n++;
	}
	printf("siglongjmp recoveries: %d\n", n);
	sigset_t m;
	sigprocmask(SIG_SETMASK, NULL, &m);
	CHECK("SIGSEGV not blocked after siglongjmp", !sigismember(&m, SIGSEGV));

	fix_rip = 1;
	hits = 0;
	long sum = 0;
	for (int i = 0; i < 10000; i++)
		sum += fault_load((const int *)(gone + 4 * (i % 100)));
	fix_rip = 0;
	printf("RIP-skip recoveries: %d, sum of the substituted loads %ld\n", hits, sum);
	CHECK("faulting RIP was fault_load", rip_ == (uintptr_t)fault_load);

	install(SIGFPE, 0);
	n = 0;
	for (int i = 0; i < 10000; i++) {
		sig_ = 0;
		if (sigsetjmp(env, 1) == 0)
			do_div(i, 0);
		else if (sig_ == SIGFPE && code_ == FPE_INTDIV && addr_ == (uintptr_t)div_insn &&
			 rip_ == (uintptr_t)div_insn)
			n++;
	}
	printf("SIGFPE FPE_INTDIV recoveries at the idiv: %d, trapno %lu\n", n, (unsigned long)trapno_);
	code_ = 0;
	if (sigsetjmp(env, 1) == 0)
		do_div(-2147483647 - 1, -1);
	printf("INT_MIN / -1: signal %d, si_code FPE_INTDIV %d\n", sig_, code_ == FPE_INTDIV);
	CHECK("a correct division still works", do_div(100, 7) == 14);

	install(SIGILL, 0);
	fix_rip = 2;
	hits = 0;
	uint64_t x = do_ud2();
	CHECK("ud2: SIGILL, ILL_ILLOPN, si_addr at the ud2", hits == 1 && sig_ == SIGILL &&
	      code_ == ILL_ILLOPN && addr_ == (uintptr_t)ud2_insn && trapno_ == 6);
	CHECK("xmm0 set through uc_mcontext.fpregs", x == 0x0000123400005678ULL);

	install(SIGTRAP, 0);
	fix_rip = 3;
	hits = 0;
	sum = 0;
	for (int i = 0; i < 10000; i++)
		sum += do_int3();
	printf("int3: %d handlers, sum %ld\n", hits, sum);
	CHECK("int3: SIGTRAP, SI_KERNEL, trapno 3, RIP after the int3", sig_ == SIGTRAP &&
	      code_ == SI_KERNEL && trapno_ == 3 && rip_ == (uintptr_t)int3_next);
	fix_rip = 0;

	/* a stack overflow can only be handled on another stack */
	struct rlimit rl = {1 << 20, 1 << 20};
	setrlimit(RLIMIT_STACK, &rl);
	stack_t ss = {0};
	alt = malloc(1 << 16);
	ss.ss_sp = alt;
	ss.ss_size = 1 << 16;
	sigaltstack(&ss, NULL);
	install(SIGSEGV, 1);
	sig_ = 0;
	if (sigsetjmp(env, 1) == 0)
		depth_ok = recurse(0);
	CHECK("stack overflow caught as SIGSEGV on the alternate stack", sig_ == SIGSEGV && on_alt && !depth_ok);
	return failures;
}
