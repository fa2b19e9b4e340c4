/* The FPU state a program starts with, and the one a signal handler gets: Linux's
 * fpstate_init (x87 control word 0x37f, MXCSR 0x1f80, empty x87 stack, XMM zero),
 * at process start, after execve and on handler entry; the interrupted state comes
 * back after sigreturn. A long double computation shows the precision in force. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

static unsigned short fpu_cw(void)
{
	unsigned short cw;
	__asm__ volatile("fnstcw %0" : "=m"(cw));
	return cw;
}

static unsigned sse_csr(void)
{
	unsigned csr;
	__asm__ volatile("stmxcsr %0" : "=m"(csr));
	return csr;
}

static void set_state(unsigned short cw, unsigned csr)
{
	__asm__ volatile("fldcw %0" : : "m"(cw));
	__asm__ volatile("ldmxcsr %0" : : "m"(csr));
}

static unsigned long long xmm7_low(void)
{
	unsigned long long v;
	__asm__ volatile("movq %%xmm7, %0" : "=r"(v));
	return v;
}

static void show(const char *where)
{
	volatile long double third = 1.0L;
	third /= 3;
	printf("%s: cw=%#x mxcsr=%#x third=%.20Lf\n", where, fpu_cw(), sse_csr(), (long double)third);
}

static volatile unsigned long long handler_xmm7;

static void handler(int sig)
{
	handler_xmm7 = xmm7_low(); /* first, before any call can use xmm7 */
	show("handler");
	set_state(0x7f, 0x1f80 | 0x6000); /* changed here, undone by sigreturn */
}

/* xmm7 set, a signal sent to this thread, xmm7 read: all in one asm block, so
 * only the handler and sigreturn stand between the write and the read. */
static unsigned long long signal_with_xmm7(unsigned long long pattern)
{
	unsigned long long after;
	long pid = getpid(), tid = gettid();
	register long a0 __asm__("rdi") = pid, a1 __asm__("rsi") = tid, a2 __asm__("rdx") = SIGUSR1;

	__asm__ volatile("movq %[p], %%xmm7\n\t"
			 "mov $234, %%eax\n\t" /* tgkill */
			 "syscall\n\t"
			 "movq %%xmm7, %[out]"
			 : [out] "=r"(after), "+r"(a0), "+r"(a1), "+r"(a2)
			 : [p] "r"(pattern)
			 : "rax", "rcx", "r11", "xmm7", "memory");
	return after;
}

int main(int argc, char **argv)
{
	show(argc > 1 ? "after execve" : "start");
	if (argc > 1)
		return 0;
	set_state(0x27f, 0x9fc0); /* double precision; flush-to-zero, round down */
	show("changed");
	signal(SIGUSR1, handler);
	unsigned long long after = signal_with_xmm7(0x1122334455667788ULL);
	printf("handler saw xmm7=%#llx; after sigreturn xmm7=%#llx\n", handler_xmm7, after);
	show("after handler");
	fflush(stdout);
	execl("/proc/self/exe", argv[0], "exec", (char *)NULL);
	perror("execl");
	return 1;
}
