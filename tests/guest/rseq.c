/* Restartable sequences: the kernel fills cpu_id, and a signal delivered while the
 * thread is inside a critical section sends it to the abort handler, not back into
 * the section. glibc registers the thread's struct rseq itself (__rseq_offset); with
 * musl the test registers one. */
#include "check.h"
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#define RSEQ_SIG 0x53053053

struct rseq_abi {
	uint32_t cpu_id_start, cpu_id;
	uint64_t rseq_cs;
	uint32_t flags;
	uint32_t pad[3];
} __attribute__((aligned(32)));

#ifdef __GLIBC__
#include <sys/rseq.h>
static struct rseq_abi *thread_rseq(void)
{
	char *tp;
	__asm__("mov %%fs:0, %0" : "=r"(tp));
	return __rseq_size ? (struct rseq_abi *)(tp + __rseq_offset) : NULL;
}
#else
static __thread struct rseq_abi own;
static struct rseq_abi *thread_rseq(void)
{
	if (syscall(SYS_rseq, &own, sizeof own, 0, RSEQ_SIG))
		return NULL;
	return &own;
}
#endif

static volatile int flag;

static void on_alarm(int sig)
{
	flag = 1;
}

/* Spins inside a critical section until flag is set: 1 if it left by the abort
 * handler, 0 if by the end of the section. */
static int spin_in_section(struct rseq_abi *rs)
{
	int aborted = 0;

	__asm__ volatile(
		".pushsection .data.rseq_cs, \"aw\"\n"
		".balign 32\n"
		"1: .long 0, 0\n"
		"   .quad 2f, (3f - 2f), 4f\n"
		".popsection\n"
		"   leaq 1b(%%rip), %%rax\n"
		"   movq %%rax, %[cs]\n"
		"2: cmpl $0, %[flag]\n"
		"   je 2b\n"
		"3: jmp 5f\n"
		"   .long 0x53053053\n"
		"4: movl $1, %[aborted]\n"
		"5:\n"
		: [aborted] "+r"(aborted), [cs] "=m"(rs->rseq_cs)
		: [flag] "m"(flag)
		: "rax", "memory", "cc");
	return aborted;
}

int main(void)
{
	struct rseq_abi *rs = thread_rseq();
	struct itimerval it = { { 0, 0 }, { 0, 10000 } };

	CHECK("a struct rseq is registered", rs != NULL);
	if (!rs)
		return failures;
	/* not compared with sched_getcpu(): the real kernel may move us in between */
	CHECK("the kernel filled cpu_id", rs->cpu_id < 4096 && rs->cpu_id_start < 4096);
	signal(SIGALRM, on_alarm);
	setitimer(ITIMER_REAL, &it, NULL);
	CHECK("a signal inside the critical section: resumed at the abort handler",
	      spin_in_section(rs) == 1);
	CHECK("... and rseq_cs was cleared", rs->rseq_cs == 0);
	return failures;
}
