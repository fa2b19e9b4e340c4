/* Registers across a signal handler: every general register the handler may clobber,
 * xmm0-15, the direction flag and the MXCSR and x87 control words are what they were
 * when the signal came, after a handler that changed them all; the handler itself
 * starts with DF clear, a 16-byte aligned stack and the default FPU control words.
 * Registers a handler writes into uc_mcontext are what the program resumes with. And
 * a register-only loop interrupted by a timer every 500 us ends with the same values
 * as without the timer. */
#include "check.h"
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <ucontext.h>
#include <unistd.h>

static volatile int count;

static void set(int sig, void *fn, int flags)
{
	struct sigaction sa = {0};
	sa.sa_sigaction = fn;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/* regs_roundtrip(out, pid, tid, sig): load patterns into every general register it may
 * and into xmm0-15, set DF, tgkill itself (the handler runs on the way back from the
 * syscall), then store what the registers hold. out: [0] rax, [1] rflags, [2..13] rbx
 * rbp r8 r9 r10 r12 r13 r14 r15 rdi rsi rdx, [14..45] xmm0-15. */
const uint64_t xmm_pattern[32] = {
	0x0101010101010101, 0x1010101010101010, 0x0202020202020202, 0x2020202020202020,
	0x0303030303030303, 0x3030303030303030, 0x0404040404040404, 0x4040404040404040,
	0x0505050505050505, 0x5050505050505050, 0x0606060606060606, 0x6060606060606060,
	0x0707070707070707, 0x7070707070707070, 0x0808080808080808, 0x8080808080808080,
	0x0909090909090909, 0x9090909090909090, 0x0a0a0a0a0a0a0a0a, 0xa0a0a0a0a0a0a0a0,
	0x0b0b0b0b0b0b0b0b, 0xb0b0b0b0b0b0b0b0, 0x0c0c0c0c0c0c0c0c, 0xc0c0c0c0c0c0c0c0,
	0x0d0d0d0d0d0d0d0d, 0xd0d0d0d0d0d0d0d0, 0x0e0e0e0e0e0e0e0e, 0xe0e0e0e0e0e0e0e0,
	0x0f0f0f0f0f0f0f0f, 0xf0f0f0f0f0f0f0f0, 0x1234567812345678, 0x8765432187654321,
};
void regs_roundtrip(uint64_t *out, long pid, long tid, long sig);
#define XMM(n) "movdqu " #n "*16(%rax), %xmm" #n "\n"
#define XMMOUT(n) "movdqu %xmm" #n ", 112+" #n "*16(%rax)\n"
asm(".text\n.globl regs_roundtrip\n.type regs_roundtrip,@function\nregs_roundtrip:\n"
    "push %rbx\npush %rbp\npush %r12\npush %r13\npush %r14\npush %r15\npush %rdi\n"
    "mov %rsi, %rdi\nmov %rdx, %rsi\nmov %rcx, %rdx\n"
    "lea xmm_pattern(%rip), %rax\n"
    XMM(0) XMM(1) XMM(2) XMM(3) XMM(4) XMM(5) XMM(6) XMM(7)
    XMM(8) XMM(9) XMM(10) XMM(11) XMM(12) XMM(13) XMM(14) XMM(15)
    "movabs $0xb1b2b3b4b5b6b7b8, %rbx\nmovabs $0xbbbbbbbb00000001, %rbp\n"
    "movabs $0x8888888800000008, %r8\nmovabs $0x9999999900000009, %r9\n"
    "movabs $0xaaaaaaaa0000000a, %r10\nmovabs $0xcccccccc0000000c, %r12\n"
    "movabs $0xdddddddd0000000d, %r13\nmovabs $0xeeeeeeee0000000e, %r14\n"
    "movabs $0xffffffff0000000f, %r15\n"
    "mov $234, %eax\nstd\nsyscall\npushfq\ncld\npop %rcx\nmov %rax, %r11\npop %rax\n"
    "mov %r11, 0(%rax)\nmov %rcx, 8(%rax)\nmov %rbx, 16(%rax)\nmov %rbp, 24(%rax)\n"
    "mov %r8, 32(%rax)\nmov %r9, 40(%rax)\nmov %r10, 48(%rax)\nmov %r12, 56(%rax)\n"
    "mov %r13, 64(%rax)\nmov %r14, 72(%rax)\nmov %r15, 80(%rax)\nmov %rdi, 88(%rax)\n"
    "mov %rsi, 96(%rax)\nmov %rdx, 104(%rax)\n"
    XMMOUT(0) XMMOUT(1) XMMOUT(2) XMMOUT(3) XMMOUT(4) XMMOUT(5) XMMOUT(6) XMMOUT(7)
    XMMOUT(8) XMMOUT(9) XMMOUT(10) XMMOUT(11) XMMOUT(12) XMMOUT(13) XMMOUT(14) XMMOUT(15)
    "pop %r15\npop %r14\npop %r13\npop %r12\npop %rbp\npop %rbx\nret\n"
    ".size regs_roundtrip, .-regs_roundtrip\n");

static int h_df, h_aligned;
static unsigned h_mxcsr, h_fcw;
static void clobber(int sig, siginfo_t *si, void *uc)
{
	uint64_t fl;
	char buf[16] __attribute__((aligned(16)));
	char *volatile p = buf;
	(void)sig, (void)si, (void)uc;
	count++;
	asm volatile("pushfq; pop %0" : "=r"(fl));
	h_df = !!(fl & 0x400);
	h_aligned = ((uintptr_t)p & 15) == 0;
	asm volatile("stmxcsr %0; fnstcw %1" : "=m"(h_mxcsr), "=m"(h_fcw));
	asm volatile("pxor %%xmm0,%%xmm0\n pcmpeqd %%xmm1,%%xmm1\n movdqa %%xmm1,%%xmm2\n"
		     "movdqa %%xmm1,%%xmm3\n movdqa %%xmm1,%%xmm4\n movdqa %%xmm1,%%xmm5\n"
		     "movdqa %%xmm1,%%xmm6\n movdqa %%xmm1,%%xmm7\n movdqa %%xmm1,%%xmm8\n"
		     "movdqa %%xmm1,%%xmm9\n movdqa %%xmm1,%%xmm10\n movdqa %%xmm1,%%xmm11\n"
		     "movdqa %%xmm1,%%xmm12\n movdqa %%xmm1,%%xmm13\n movdqa %%xmm1,%%xmm14\n"
		     "movdqa %%xmm1,%%xmm15\n mov $-1, %%r8\n mov $-1, %%r9\n mov $-1, %%r10\n"
		     "mov $-1, %%rbx\n mov $-1, %%r12\n mov $-1, %%r13\n mov $-1, %%r14\n"
		     "mov $-1, %%r15\n mov $-1, %%rsi\n mov $-1, %%rdx\n"
		     ::: "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8",
		     "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", "r8", "r9",
		     "r10", "rbx", "r12", "r13", "r14", "r15", "rsi", "rdx", "memory");
	/* the FPU control words are the handler's own: change them too */
	unsigned m = 0x7f80, cw = 0xf7f;
	asm volatile("ldmxcsr %0; fldcw %1" :: "m"(m), "m"(cw));
}

/* rt_sigreturn takes the registers from the frame: a handler may change them there */
static void edit_regs(int sig, siginfo_t *si, void *ucv)
{
	greg_t *g = ((ucontext_t *)ucv)->uc_mcontext.gregs;
	(void)sig, (void)si;
	count++;
	g[REG_RBX] = 0x1111;
	g[REG_R12] = 0x1212;
	g[REG_R15] = 0x1515;
	g[REG_RAX] = 77; /* the system call's result */
	g[REG_EFL] &= ~0x400L; /* DF */
}

/* spin(out, n): n rounds of arithmetic in 15 general registers and 3 xmm registers,
 * with a carry carried from one instruction to the next; out[0..14] the general
 * registers, out[15..20] xmm1-3. */
void spin(uint64_t *out, long n);
asm(".text\n.globl spin\n.type spin,@function\nspin:\n"
    "push %rbx\npush %rbp\npush %r12\npush %r13\npush %r14\npush %r15\n"
    "mov %rsi, %rcx\nmov $1, %eax\nmov $3, %ebx\nmov $5, %ebp\nmov $7, %r8d\n"
    "mov $11, %r9d\nmov $13, %r10d\nmov $17, %r11d\nmov $19, %r12d\nmov $23, %r13d\n"
    "mov $29, %r14d\nmov $31, %r15d\nmov $37, %edx\nmov $41, %esi\n"
    "pcmpeqd %xmm0, %xmm0\npxor %xmm1, %xmm1\nmovq %rbx, %xmm2\nmovq %rbp, %xmm3\n"
    "1:\nadd %rax, %rbx\nxor %rbx, %rbp\nrol $7, %rbp\nadd %rbp, %r8\nimul %r8, %r9\n"
    "or $1, %r9\nsub %r9, %r10\nxor %r10, %r11\nadd %r11, %r12\nrol $13, %r12\n"
    "xor %r12, %r13\nadd %r13, %r14\nadc $0, %r15\nxor %r15, %rdx\nadd %rdx, %rsi\n"
    "add %rsi, %rax\npaddq %xmm0, %xmm1\npxor %xmm1, %xmm2\npaddq %xmm2, %xmm3\n"
    "dec %rcx\njnz 1b\n"
    "mov %rax, 0(%rdi)\nmov %rbx, 8(%rdi)\nmov %rbp, 16(%rdi)\nmov %r8, 24(%rdi)\n"
    "mov %r9, 32(%rdi)\nmov %r10, 40(%rdi)\nmov %r11, 48(%rdi)\nmov %r12, 56(%rdi)\n"
    "mov %r13, 64(%rdi)\nmov %r14, 72(%rdi)\nmov %r15, 80(%rdi)\nmov %rdx, 88(%rdi)\n"
    "mov %rsi, 96(%rdi)\nmov %rcx, 104(%rdi)\nmovq %xmm0, 112(%rdi)\n"
    "movdqu %xmm1, 120(%rdi)\nmovdqu %xmm2, 136(%rdi)\nmovdqu %xmm3, 152(%rdi)\n"
    "pop %r15\npop %r14\npop %r13\npop %r12\npop %rbp\npop %rbx\nret\n"
    ".size spin, .-spin\n");

int main(void)
{
	/* registers, flags and FPU control across a handler */
	uint64_t out[46];
	set(SIGUSR1, clobber, SA_SIGINFO);
	unsigned mx = 0x7f80 /* round toward zero */, cw = 0xf7f, mx2, cw2;
	asm volatile("ldmxcsr %0; fldcw %1" :: "m"(mx), "m"(cw));
	count = 0;
	regs_roundtrip(out, getpid(), syscall(SYS_gettid), SIGUSR1);
	asm volatile("stmxcsr %0; fnstcw %1" : "=m"(mx2), "=m"(cw2));
	mx = 0x1f80, cw = 0x37f;
	asm volatile("ldmxcsr %0; fldcw %1" :: "m"(mx), "m"(cw));
	CHECK("handler ran during the tgkill", count == 1 && out[0] == 0);
	CHECK("handler entered with DF clear and a 16-byte aligned stack", !h_df && h_aligned);
	CHECK("handler starts with default MXCSR and x87 control word",
	      (h_mxcsr & ~0x3fu) == 0x1f80 && (h_fcw & 0xffff) == 0x37f);
	CHECK("MXCSR and x87 control word restored after", (mx2 & ~0x3fu) == 0x7f80 && (cw2 & 0xffff) == 0xf7f);
	CHECK("DF restored after", (out[1] & 0x400) != 0);
	static const uint64_t want[12] = {0xb1b2b3b4b5b6b7b8, 0xbbbbbbbb00000001, 0x8888888800000008,
		0x9999999900000009, 0xaaaaaaaa0000000a, 0xcccccccc0000000c, 0xdddddddd0000000d,
		0xeeeeeeee0000000e, 0xffffffff0000000f, 0, 0, SIGUSR1};
	static const char *names[12] = {"rbx", "rbp", "r8", "r9", "r10", "r12", "r13", "r14", "r15",
		"rdi", "rsi", "rdx"};
	int bad = 0;
	for (int i = 0; i < 12; i++) {
		uint64_t w = i == 9 ? (uint64_t)getpid() : i == 10 ? (uint64_t)syscall(SYS_gettid) : want[i];
		if (out[2 + i] != w) {
			printf("register %s changed by the handler\n", names[i]);
			bad++;
		}
	}
	CHECK("general registers intact", bad == 0);
	bad = 0;
	for (int i = 0; i < 32; i++)
		bad += out[14 + i] != xmm_pattern[i];
	CHECK("xmm0-15 intact", bad == 0);
	volatile double d = 1.0;
	double acc = 0;
	for (int i = 1; i <= 10; i++) {
		acc += d / i;
		raise(SIGUSR1);
	}
	printf("a double summed across 10 handlers: %.12f\n", acc);

	set(SIGUSR1, edit_regs, SA_SIGINFO);
	count = 0;
	regs_roundtrip(out, getpid(), syscall(SYS_gettid), SIGUSR1);
	CHECK("registers written into uc_mcontext: rbx, r12, r15, rax, DF", count == 1 &&
	      out[2] == 0x1111 && out[7] == 0x1212 && out[10] == 0x1515 && out[0] == 77 &&
	      (out[1] & 0x400) == 0);
	CHECK("... and the others untouched", out[3] == want[1] && out[8] == want[6] && out[11] == (uint64_t)getpid());

	uint64_t quiet[21], noisy[21];
	spin(quiet, 3000000);
	set(SIGALRM, clobber, SA_SIGINFO | SA_RESTART);
	struct itimerval it = {{0, 500}, {0, 500}}, off = {{0, 0}, {0, 0}};
	setitimer(ITIMER_REAL, &it, NULL);
	spin(noisy, 3000000);
	setitimer(ITIMER_REAL, &off, NULL);
	CHECK("a loop interrupted by a timer ends as without it", !memcmp(quiet, noisy, sizeof quiet));
	return failures;
}
