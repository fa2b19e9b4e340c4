/* The one Unicorn engine that runs every task (emu/cpu.c). */
#ifndef EMU_CPU_H
#define EMU_CPU_H
#include <stdint.h>
#include <stdbool.h>

struct task;
struct mm;

/* Architectural start state of a new program (Linux's start_thread). */
struct user_entry {
	uint64_t rip, rsp;
};

int cpu_init(void);      /* 0, or -1 after printing why */
void cpu_shutdown(void);
uint32_t cpu_hwcap(void); /* CPUID.1:EDX of the emulated CPU, for AT_HWCAP */
/* Fresh CPL 3 context for t, starting at entry with all other registers 0. */
int cpu_context_new(struct task *t, const struct user_entry *entry);
void cpu_context_free(struct task *t);
int cpu_context_fork(struct task *child, uint64_t sp, bool set_tls, uint64_t tls);
/* Runs t until a hook stops it; t->stop says why. */
void cpu_run(struct task *t);
/* The mm whose page table the TLB hook walks; flushes the TLB when it changes. */
void cpu_switch_mm(struct mm *mm);
void cpu_flush_tlb(void);
void cpu_mm_released(struct mm *mm); /* mm is being freed */
/* Drop translated code of a frame about to be freed or rewritten from the host. */
void cpu_invalidate_frame_code(uint32_t pfn);
uint64_t cpu_blocks(void); /* translated blocks executed so far (virtual time) */

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

/* Loads t into the engine (registers, address space) outside uc_emu_start, for the
 * kernel to read or change its registers before it runs (signal delivery). */
void cpu_load(struct task *t);
void cpu_get_regs(struct pt_regs *r);
void cpu_set_regs(const struct pt_regs *r);
void cpu_get_fpu(struct fxregs_state *fx);
void cpu_set_fpu(const struct fxregs_state *fx);

/* Register access for the running task (inside a syscall hook) */
void cpu_set_fs_base(uint64_t base);
uint64_t cpu_get_fs_base(void);
const char *cpu_disasm(uint64_t rip, char *buf, int size); /* emu/disasm.c */
/* The address a faulting access at rip made inside page (emu/fault_addr.c). */
uint64_t cpu_fault_address(uint64_t rip, uint64_t page);

#endif
