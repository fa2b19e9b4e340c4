/* The kernel's interface to its machine, and the only header the kernel and the
 * machine (arch/x86: Unicorn and Capstone) share. Shaped like Linux's arch hooks:
 * the machine starts and copies threads, switches address spaces, flushes TLBs and
 * enters user mode; the kernel answers traps through the few entry points at the
 * end of this file. Nothing here names Unicorn or Capstone. */
#ifndef EMU_ARCH_H
#define EMU_ARCH_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct task;
struct mm;

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))
typedef uint32_t pfn_t; /* frame number in the kernel's physical memory */

/* Why the machine stopped running a task (set by the machine and by system calls,
 * read by the scheduler). */
enum stop_reason {
	STOP_NONE,
	STOP_PREEMPT,  /* quantum used up */
	STOP_SLEEP,    /* a system call put the task to sleep */
	STOP_EXIT,     /* exit or exit_group */
	STOP_FAULT,    /* CPU fault or exception: see thread.fault */
	STOP_SIGNAL,   /* a signal to deliver, or a call to restart, before user code */
};

struct fault_info {
	int signo, code;      /* SIGSEGV/SEGV_MAPERR, ... */
	uint64_t addr;        /* si_addr */
	uint64_t rip;         /* the instruction that faulted */
	int trapno, err;      /* the x86 exception and its error code (sigcontext) */
	bool pending;         /* its signal is queued: a fatal delivery reports it */
};

/* The machine's part of a task, Linux's thread_struct. It is the first member of
 * struct task, so the machine reaches it from a task pointer without knowing the
 * rest of the task (as Linux's thread_info with THREAD_INFO_IN_TASK). */
struct thread_struct {
	void *regs;              /* the saved register state while the task is not loaded */
	enum stop_reason stop;
	struct fault_info fault; /* STOP_FAULT: trap number, error code, address */
};
static inline struct thread_struct *task_thread(struct task *t)
{
	return (struct thread_struct *)(void *)t;
}

/* The general registers in the order of Linux's struct sigcontext. */
struct pt_regs {
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
};

/* The FXSAVE image of the x87, MMX and SSE state (512 bytes, as in a signal frame). */
struct fxregs_state {
	uint16_t cwd, swd;
	uint8_t ftw, pad0;
	uint16_t fop;
	uint64_t rip, rdp;
	uint32_t mxcsr, mxcsr_mask;
	uint8_t st_space[8][16];
	uint8_t xmm_space[16][16];
	uint8_t padding[48];
	uint8_t sw_reserved[48];
};

/* The FPU as Linux's fpstate_init leaves it: at process start, after execve, and
 * on entry to a signal handler (asm/fpu/types.h). */
#define X87_FCW_DEFAULT 0x37f
#define MXCSR_DEFAULT 0x1f80

/* ---- hooks the kernel calls in the machine (arch/x86) ---- */

/* Boots the machine over the kernel's physical memory [phys, phys + size): CPL 3,
 * every hook installed. 0, or -1 after printing why. */
int arch_init(void *phys, size_t size);
void arch_shutdown(void);
const char *arch_version(void); /* "Unicorn 2.1.1" */
uint32_t elf_hwcap(void);       /* CPUID.1:EDX of the emulated CPU, for AT_HWCAP */

/* Fresh user-mode registers for t at rip and rsp, all others as Linux's execve leaves
 * them. 0, or -1 when out of memory. */
int start_thread(struct task *t, uint64_t rip, uint64_t rsp);
/* The child of fork or clone: the current task's registers as its system call
 * returns, with RAX 0 and the new stack pointer (if sp) and FS base (if set_tls).
 * Called inside the system call. 0, or -1 when out of memory. */
int copy_thread(struct task *child, uint64_t sp, bool set_tls, uint64_t tls);
void exit_thread(struct task *t); /* t's registers are no longer needed */

/* Loads t's registers into the machine, for the kernel to read or change them
 * outside user mode (signal delivery). The caller switches the mm. */
void switch_to(struct task *t);
/* The mm whose page table the MMU walks; flushes the TLB when it changes. */
void switch_mm(struct mm *mm);
void flush_tlb_all(void);
void arch_exit_mmap(struct mm *mm); /* mm is being freed */
/* Drops translated code of a frame about to be freed or rewritten from the host. */
void flush_icache_frame(pfn_t pfn);

/* Runs t in user mode with mm until it traps, faults, sleeps, exits or has run
 * quantum blocks; task_thread(t)->stop says why. Returns the blocks it ran. */
uint64_t enter_user_mode(struct task *t, struct mm *mm, long quantum);
uint64_t cpu_blocks(void); /* translated blocks executed so far (virtual time) */
/* cpu_blocks() when the last quantum ran out (or a host signal cut it short),
 * before its single-stepped tail: where a replay cuts it again (kernel/replay/). */
uint64_t cpu_quantum_cut(void);

/* The loaded task's registers (see switch_to), or the running task's inside a
 * system call. */
void cpu_get_regs(struct pt_regs *r);
void cpu_set_regs(const struct pt_regs *r);
void cpu_get_fpu(struct fxregs_state *fx);
void cpu_set_fpu(const struct fxregs_state *fx);
void cpu_set_fs_base(uint64_t base);
uint64_t cpu_get_fs_base(void);
/* The instruction at rip, as text, for reports (Capstone). */
const char *cpu_disasm(uint64_t rip, char *buf, int size);
/* The guest's access reported at rip was made by an atomic instruction (--diagnose). */
bool cpu_insn_atomic(uint64_t rip);
/* --diagnose: fn is called with each data access the guest makes (physical address,
 * virtual address or 0 if unknown, bytes, whether a store, the instruction's
 * address). Only before the machine starts. */
typedef void (*cpu_access_fn)(uint64_t pa, uint64_t va, int size, bool write, uint64_t rip);
void cpu_watch_accesses(cpu_access_fn fn);
/* The address a faulting access at rip made inside page. */
uint64_t cpu_fault_address(uint64_t rip, uint64_t page);

/* Signals sent to emu's own host process: the machine's interrupt lines from
 * outside, passed on to the program by the scheduler. */
extern volatile int host_signal_pending;
void hostsig_init(void);
int hostsig_take(void); /* the next one that arrived, or 0 */

/* ---- entry points the machine calls in the kernel ---- */

/* How a system call leaves: with its result in RAX (and RCX, R11 as sysret leaves
 * them), back onto the syscall instruction to run again, or with the registers
 * that rt_sigreturn has already loaded. */
enum syscall_exit { SYSCALL_RETURN, SYSCALL_RESTART, SYSCALL_SIGRETURN };
/* The kernel's system-call entry (arch/x86/entry/common.c's do_syscall_64). The
 * result goes to *ret. t's thread.stop says whether t may go on running. */
enum syscall_exit do_syscall_64(struct task *t, long nr, const uint64_t args[6], long *ret);

enum access { ACCESS_READ = 1, ACCESS_WRITE = 2, ACCESS_EXEC = 4 };
/* FAULT_RETRY: the task went to sleep (a userfaultfd handles the page); the access
 * runs again when it wakes. */
enum fault_result { FAULT_OK, FAULT_MAPERR, FAULT_ACCERR, FAULT_SIGBUS, FAULT_OOM, FAULT_RETRY };
/* The MMU's miss handler: the frame and the permissions (ACCESS_ bits) for an
 * access at va in mm, paging in or copying on write as needed; FAULT_OK or why not. */
enum fault_result tlb_fill(struct mm *mm, uint64_t va, enum access access, pfn_t *pfn,
			   unsigned *prot);
/* RDTSC may run (it is emulated on virtual time) unless t asked it to fault
 * (PR_SET_TSC). */
bool tsc_allowed(struct task *t);
/* Single instructions to run after a quantum expires (the scheduler's choice). */
int sched_quantum_tail(void);
uint64_t ktime_get_ns(void); /* CLOCK_MONOTONIC, virtual unless --realtime (the TSC) */
/* 0, or -EFAULT: reads the current task's memory (the disassembler does). */
int copy_from_user(void *dst, uint64_t src, size_t n);
/* 0, or -EFAULT if a page is not present: reads without faulting anything in, so
 * that a report (the disassembler's) leaves the run as it was (Linux's
 * copy_from_user_nofault). */
int copy_from_user_nofault(void *dst, uint64_t src, size_t n);

#endif
