/* The machine: one Unicorn engine for every task, in virtual-TLB mode, with the
 * kernel's page tables behind UC_HOOK_TLB_FILL (docs/DESIGN.md). Hooks only record
 * what happened and stop the engine; the scheduler acts after uc_emu_start returns.
 * The kernel is reached only through emu/arch.h. */
#include "x86.h"
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Kernel area, mapped into every address space: the GDT (read-only), plus the
 * boot stack and boot code used once to enter CPL 3. Their frames are the machine's
 * own, mapped just above the kernel's physical memory. */
#define KERNEL_BASE 0xfffffe0000000000UL
#define GDT_VA KERNEL_BASE
#define BOOT_STACK_VA (KERNEL_BASE + PAGE_SIZE)
#define BOOT_CODE_VA (KERNEL_BASE + 2 * PAGE_SIZE)
#define USER_CS 0x33
#define USER_DS 0x2b

static uc_engine *uc;
static struct mm *cpu_mm;          /* whose page table the TLB hook walks */
static struct task *running;       /* task inside uc_emu_start, for the hooks */
static struct task *loaded;        /* whose registers the engine holds */
static bool booting, identity_map; /* TLB hook modes, see kernel_fill() */
static bool boot_failed;
static void boot_divide_error(void);
static bool quantum_step(uint32_t intno);
static bool end_quantum_tail(uint64_t *eflags);
static void *firmware;             /* GDT, boot stack, boot code: a page each */
static uint64_t firmware_pa;       /* where the engine sees them */
#define FIRMWARE_SIZE (3 * PAGE_SIZE)
#define GDT_PA firmware_pa
#define BOOT_STACK_PA (firmware_pa + PAGE_SIZE)
#define BOOT_CODE_PA (firmware_pa + 2 * PAGE_SIZE)
static uc_context *template_ctx, *scratch_ctx;
static size_t old_exception_off;   /* of env->old_exception inside a uc_context */
static uint64_t nr_blocks;
static uint64_t quantum_end;      /* nr_blocks at which the running task is preempted */
static bool quantum_expired;      /* hook_block stopped the engine for that */
static uint64_t quantum_cut;      /* nr_blocks then */
static int steps_left;            /* instructions single-stepped after it */
static uint32_t hwcap;
static pfn_t stale_code[256];      /* frames whose translations must go before reuse */
static int nr_stale;

#define CHECK(call) \
	do { \
		uc_err err_ = (call); \
		if (err_ != UC_ERR_OK) { \
			fprintf(stderr, "emu: %s: %s\n", #call, uc_strerror(err_)); \
			return -1; \
		} \
	} while (0)

/* ---- the MMU ---- */

static bool kernel_fill(uint64_t va, uc_tlb_entry *e)
{
	uint64_t page = va & PAGE_MASK;

	e->perms = UC_PROT_READ;
	if (booting && page == GDT_VA) {
		/* only while booting: afterwards the segment registers are loaded and
		 * the guest, at CPL 3, must not read the machine's memory (a guest's own
		 * segment load, rare in 64-bit code, then faults where Linux's works) */
		e->paddr = GDT_PA;
	} else if (booting && page == BOOT_STACK_VA) {
		e->paddr = BOOT_STACK_PA;
		e->perms |= UC_PROT_WRITE;
	} else if (booting && page == BOOT_CODE_VA) {
		e->paddr = BOOT_CODE_PA;
		e->perms |= UC_PROT_EXEC;
	} else {
		return false;
	}
	return true;
}

#define PF_PROT 0x1  /* page-fault error code: a protection fault, */
#define PF_WRITE 0x2 /* ... on a write, */
#define PF_USER 0x4  /* ... from user mode, */
#define PF_INSTR 0x10 /* ... fetching an instruction */

/* A page fault the kernel does not resolve. va is only the page here: cpu_run
 * works out the exact address once the engine has stopped at the instruction. */
static void record_fault(enum fault_result r, uint64_t va, enum access access)
{
	struct fault_info *f;

	if (!running)
		return;
	f = &task_thread(running)->fault;
	f->signo = r == FAULT_SIGBUS ? SIGBUS : r == FAULT_OOM ? SIGKILL : SIGSEGV;
	f->code = r == FAULT_ACCERR ? SEGV_ACCERR : r == FAULT_SIGBUS ? BUS_ADRERR : SEGV_MAPERR;
	f->addr = va;
	f->trapno = 14;
	f->err = PF_USER | (r == FAULT_ACCERR ? PF_PROT : 0) | (access == ACCESS_WRITE ? PF_WRITE : 0) |
		 (access == ACCESS_EXEC ? PF_INSTR : 0);
	task_thread(running)->stop = STOP_FAULT;
}

/* Outside the 48-bit canonical range: #GP, which tells no address (SI_KERNEL). */
static bool non_canonical(uint64_t va)
{
	return va >= (1ULL << 47) && va < ~((1ULL << 47) - 1);
}

static void record_gp(void)
{
	if (!running)
		return;
	task_thread(running)->fault = (struct fault_info){ SIGSEGV, SI_KERNEL, 0, 0, 13, 0, false };
	task_thread(running)->stop = STOP_FAULT;
}

/* Once the engine has stopped at the faulting instruction. */
static void finish_page_fault(struct fault_info *f, uint64_t rip)
{
	uint64_t page = f->addr & PAGE_MASK;

	f->rip = rip;
	if (f->trapno != 14)
		return;
	if (f->err & PF_INSTR)
		f->addr = (rip & PAGE_MASK) == page ? rip : page;
	else
		f->addr = cpu_fault_address(rip, page);
}

static bool hook_tlb_fill(uc_engine *engine, uint64_t va, uc_mem_type type, uc_tlb_entry *e,
			  void *data)
{
	enum access access = type == UC_MEM_WRITE ? ACCESS_WRITE
			     : type == UC_MEM_FETCH ? ACCESS_EXEC : ACCESS_READ;
	unsigned prot;
	pfn_t pfn;

	if (identity_map) {
		e->paddr = va & PAGE_MASK;
		e->perms = UC_PROT_ALL;
		return true;
	}
	if (non_canonical(va)) {
		record_gp();
		return false;
	}
	if (va >= KERNEL_BASE) {
		if (kernel_fill(va, e))
			return true;
		record_fault(FAULT_MAPERR, va, access);
		return false;
	}
	enum fault_result r = tlb_fill(cpu_mm, va, access, &pfn, &prot);
	if (r == FAULT_RETRY)
		return false; /* asleep (STOP_SLEEP): RIP stays on the instruction */
	if (r != FAULT_OK) {
		record_fault(r, va, access);
		return false;
	}
	e->paddr = (uint64_t)pfn << PAGE_SHIFT;
	watch_tlb_fill(va, e->paddr);
	e->perms = ((prot & ACCESS_READ) ? UC_PROT_READ : 0) | ((prot & ACCESS_WRITE) ? UC_PROT_WRITE : 0) |
		   ((prot & ACCESS_EXEC) ? UC_PROT_EXEC : 0);
	return true;
}

void flush_tlb_all(void)
{
	if (uc)
		uc_ctl_flush_tlb(uc);
}

void arch_exit_mmap(struct mm *mm)
{
	if (mm == cpu_mm)
		switch_mm(NULL);
}

void switch_mm(struct mm *mm)
{
	if (mm == cpu_mm)
		return;
	cpu_mm = mm;
	flush_tlb_all(); /* without it, stale code and data of the previous mm run */
}

/* Translations are keyed by physical address: map physical memory 1:1 for a moment
 * and remove those of one frame. Never inside a hook: there it is deferred. */
static void invalidate_now(pfn_t pfn)
{
	uint64_t pa = (uint64_t)pfn << PAGE_SHIFT;

	identity_map = true;
	uc_ctl_flush_tlb(uc);
	uc_ctl_remove_cache(uc, pa, pa + PAGE_SIZE);
	identity_map = false;
	uc_ctl_flush_tlb(uc);
}

void flush_icache_frame(pfn_t pfn)
{
	if (!uc)
		return;
	if (!running) {
		invalidate_now(pfn);
		return;
	}
	if (nr_stale == (int)(sizeof stale_code / sizeof stale_code[0])) {
		uc_ctl_flush_tb(uc); /* too many at once: drop every translation */
		nr_stale = 0;
		return;
	}
	stale_code[nr_stale++] = pfn;
	uc_emu_stop(uc); /* the guest must not run them before they are gone */
}

static void invalidate_stale_code(void)
{
	while (nr_stale)
		invalidate_now(stale_code[--nr_stale]);
}

/* ---- traps ---- */

static void hook_syscall(uc_engine *engine, void *data)
{
	static int ids[] = { UC_X86_REG_RAX, UC_X86_REG_RDI, UC_X86_REG_RSI, UC_X86_REG_RDX,
			     UC_X86_REG_R10, UC_X86_REG_R8,  UC_X86_REG_R9,  UC_X86_REG_RIP,
			     UC_X86_REG_EFLAGS };
	uint64_t v[9] = { 0 };
	void *ptrs[9];

	for (int i = 0; i < 9; i++)
		ptrs[i] = &v[i];
	uc_reg_read_batch(uc, ids, ptrs, 9);
	if (booting) {
		uc_emu_stop(uc);
		return;
	}
	bool tail = end_quantum_tail(&v[8]);
	long ret = 0;
	switch (do_syscall_64(running, (long)v[0], &v[1], &ret)) {
	case SYSCALL_SIGRETURN:
		/* every register comes from the frame at the return to user mode */
		break;
	case SYSCALL_RESTART: {
		/* back onto the syscall instruction (the engine adds 2 after this hook),
		 * RAX still the call's number */
		uint64_t rip = v[7] - 2;
		uc_reg_write(uc, UC_X86_REG_RIP, &rip);
		break;
	}
	case SYSCALL_RETURN: {
		/* what the syscall instruction and sysret leave, as on Linux */
		uint64_t rcx = v[7] + 2, r11 = v[8];
		int out_ids[] = { UC_X86_REG_RAX, UC_X86_REG_RCX, UC_X86_REG_R11 };
		void *out[] = { &ret, &rcx, &r11 };
		uc_reg_write_batch(uc, out_ids, out, 3);
		break;
	}
	}
	if (tail && task_thread(running)->stop == STOP_NONE)
		task_thread(running)->stop = STOP_PREEMPT; /* the quantum was over */
	if (task_thread(running)->stop != STOP_NONE)
		uc_emu_stop(uc);
}

/* The engine never clears env->old_exception, so the second fault would become a
 * double fault: reset it inside the saved state (docs/DESIGN.md). */
static void clear_old_exception(uc_context *ctx)
{
	int32_t none = -1;
	memcpy((char *)ctx + old_exception_off, &none, sizeof none);
}

static void cpu_fault(int signo, int code, uint64_t addr, uint64_t rip, int trapno)
{
	task_thread(running)->fault = (struct fault_info){ signo, code, addr, rip, trapno, 0, false };
	task_thread(running)->stop = STOP_FAULT;
	uc_emu_stop(uc);
}

static void hook_intr(uc_engine *engine, uint32_t intno, void *data)
{
	uint64_t rip;

	if (booting) {
		if (intno == 0)
			boot_divide_error();
		else
			uc_emu_stop(uc);
		return;
	}
	if (quantum_step(intno))
		return;
	uc_context_save(uc, scratch_ctx);
	clear_old_exception(scratch_ctx);
	uc_context_restore(uc, scratch_ctx);
	uc_reg_read(uc, UC_X86_REG_RIP, &rip);
	if (intno == 13 && tsc_allowed(running) && emulate_rdtsc(rip))
		return;
	switch (intno) {
	case 0: cpu_fault(SIGFPE, FPE_INTDIV, rip, rip, 0); break;
	/* int3: Linux reports SI_KERNEL, RIP already past it */
	case 1: case 3: cpu_fault(SIGTRAP, SI_KERNEL, 0, rip, (int)intno); break;
	case 6: cpu_fault(SIGILL, ILL_ILLOPN, rip, rip, 6); break;
	case 7: case 16: case 19: cpu_fault(SIGFPE, 0, rip, rip, (int)intno); break;
	case 17: cpu_fault(SIGBUS, BUS_ADRALN, 0, rip, 17); break;
	case 4: case 5: case 10: case 11: case 12: case 13:
		cpu_fault(SIGSEGV, SI_KERNEL, 0, rip, (int)intno);
		break;
	default: /* int n: the gate is DPL 0 on Linux, so #GP at the instruction */
		cpu_fault(SIGSEGV, SI_KERNEL, 0, rip - 2, 13);
		task_thread(running)->fault.err = (int)(intno << 3) | 2; /* the IDT entry, as the CPU says */
		break;
	}
}

static bool hook_insn_invalid(uc_engine *engine, void *data)
{
	return true; /* the engine then raises #UD (6) through hook_intr */
}

/* IN and OUT do not fault in Unicorn; at IOPL 0 they #GP on Linux. */
static uint32_t hook_in(uc_engine *engine, uint32_t port, int size, void *data)
{
	uint64_t rip, rax;
	uc_reg_read(uc, UC_X86_REG_RIP, &rip);
	uc_reg_read(uc, UC_X86_REG_RAX, &rax);
	cpu_fault(SIGSEGV, SI_KERNEL, 0, rip, 13);
	return (uint32_t)rax;
}

static void hook_out(uc_engine *engine, uint32_t port, int size, uint32_t value, void *data)
{
	uint64_t rip;
	uc_reg_read(uc, UC_X86_REG_RIP, &rip);
	cpu_fault(SIGSEGV, SI_KERNEL, 0, rip, 13);
}

#define EFLAGS_TF 0x100

static void set_trap_flag(bool on)
{
	uint64_t flags;

	uc_reg_read(uc, UC_X86_REG_EFLAGS, &flags);
	flags = on ? flags | EFLAGS_TF : flags & ~(uint64_t)EFLAGS_TF;
	uc_reg_write(uc, UC_X86_REG_EFLAGS, &flags);
}

/* A system call inside the single-stepped tail ends the tail first: the trap flag
 * must reach neither the call (a forked child's registers, R11) nor the task's
 * saved state. True if a tail was running. */
static bool end_quantum_tail(uint64_t *eflags)
{
	if (!steps_left)
		return false;
	steps_left = 0;
	set_trap_flag(false);
	*eflags &= ~(uint64_t)EFLAGS_TF;
	return true;
}

static void preempt(void)
{
	task_thread(running)->stop = STOP_PREEMPT;
	uc_emu_stop(uc);
}

/* Virtual time and preemption count translated blocks, not instructions. */
static void hook_block(uc_engine *engine, uint64_t addr, uint32_t size, void *data)
{
	if ((++nr_blocks < quantum_end && !host_signal_pending) || !running ||
	    task_thread(running)->stop != STOP_NONE || steps_left)
		return;
	quantum_expired = true;
	quantum_cut = nr_blocks;
	preempt();
}

/* The quantum is over: a few more instructions may run, single-stepped with the
 * trap flag, so that preemption can fall inside a block. Code translated with TF
 * is kept apart from the rest (nothing is flushed), but chained blocks never look
 * at the flag: the engine must start afresh. hook_intr counts the steps. */
static uc_err run_quantum_tail(struct task *t)
{
	uint64_t rip;

	steps_left = sched_quantum_tail();
	if (!steps_left)
		return UC_ERR_OK;
	task_thread(t)->stop = STOP_NONE;
	set_trap_flag(true);
	uc_reg_read(uc, UC_X86_REG_RIP, &rip);
	uc_err err = uc_emu_start(uc, rip, 0, 0, 0);
	if (steps_left) { /* stopped for another reason on the way */
		steps_left = 0;
		set_trap_flag(false);
	}
	return err;
}

/* A single step of the quantum's tail (not the guest's own TF: it has none). */
static bool quantum_step(uint32_t intno)
{
	if (intno != 1 || !steps_left)
		return false;
	if (--steps_left == 0) {
		set_trap_flag(false);
		preempt();
	}
	return true;
}

uint64_t cpu_blocks(void)
{
	return nr_blocks;
}

uint64_t cpu_quantum_cut(void)
{
	return quantum_cut;
}

/* ---- boot ---- */

/* Finds env->old_exception in a saved context: -1 in the fresh engine (fresh_ctx),
 * 0 inside the hook of the #DE that the boot code raises on purpose. A second
 * engine cannot be used for this: Unicorn 2.1.1 engines share global state. */
static uc_context *fresh_ctx;

static int find_old_exception(uc_context *in_de_hook)
{
	size_t size = uc_context_size(uc);
	int found = 0;

	for (size_t off = 0; off + 4 <= size; off += 4) {
		int32_t a, b;
		memcpy(&a, (char *)fresh_ctx + off, 4);
		memcpy(&b, (char *)in_de_hook + off, 4);
		if (a == -1 && b == 0) {
			old_exception_off = off;
			found++;
		}
	}
	return found == 1 ? 0 : -1;
}

/* During boot: the deliberate #DE. Locate old_exception, then skip the div. */
static void boot_divide_error(void)
{
	uint64_t rip;

	uc_context_save(uc, scratch_ctx);
	if (find_old_exception(scratch_ctx) < 0) {
		boot_failed = true;
		uc_emu_stop(uc);
		return;
	}
	clear_old_exception(scratch_ctx);
	uc_context_restore(uc, scratch_ctx);
	uc_reg_read(uc, UC_X86_REG_RIP, &rip);
	rip += 2; /* div ecx */
	uc_reg_write(uc, UC_X86_REG_RIP, &rip);
}

static int install_hooks(void)
{
	uc_hook h;

	/* all at once, before any code is translated: later hooks miss cached blocks */
	CHECK(uc_hook_add(uc, &h, UC_HOOK_TLB_FILL, hook_tlb_fill, NULL, 1, 0));
	CHECK(uc_hook_add(uc, &h, UC_HOOK_INSN, hook_syscall, NULL, 1, 0, UC_X86_INS_SYSCALL));
	CHECK(uc_hook_add(uc, &h, UC_HOOK_INTR, hook_intr, NULL, 1, 0));
	CHECK(uc_hook_add(uc, &h, UC_HOOK_INSN_INVALID, hook_insn_invalid, NULL, 1, 0));
	CHECK(uc_hook_add(uc, &h, UC_HOOK_INSN, hook_in, NULL, 1, 0, UC_X86_INS_IN));
	CHECK(uc_hook_add(uc, &h, UC_HOOK_INSN, hook_out, NULL, 1, 0, UC_X86_INS_OUT));
	CHECK(uc_hook_add(uc, &h, UC_HOOK_BLOCK, hook_block, NULL, 1, 0));
	return watch_install();
}

/* The machine's own pages, just above the kernel's physical memory. */
static int map_firmware(uint64_t pa)
{
	/* null, kernel code/data, then user data 0x2b and user code 0x33, accessed bits
	 * set so that segment loads never write the read-only page */
	static const uint64_t gdt[8] = { 0, 0x00af9b000000ffffULL, 0x00cf93000000ffffULL, 0, 0,
					 0x00cff3000000ffffULL, 0x00affb000000ffffULL, 0 };

	firmware = mmap(NULL, FIRMWARE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (firmware == MAP_FAILED) {
		firmware = NULL;
		perror("emu: mmap");
		return -1;
	}
	firmware_pa = pa;
	memcpy(firmware, gdt, sizeof gdt);
	CHECK(uc_mem_map_ptr(uc, firmware_pa, FIRMWARE_SIZE, UC_PROT_ALL, firmware));
	return 0;
}

/* Enters CPL 3 once with iretq; every task starts from a copy of that state.
 * The user-mode part runs cpuid for AT_HWCAP and stops at a syscall. */
static int boot_to_user_mode(void)
{
	static const uint8_t code[] = {
		0x48, 0xcf,                   /* iretq */
		0xb8, 0x01, 0x00, 0x00, 0x00, /* mov eax, 1 */
		0x0f, 0xa2,                   /* cpuid */
		0x31, 0xc9,                   /* xor ecx, ecx */
		0xf7, 0xf1,                   /* div ecx: see find_old_exception() */
		0x0f, 0x05,                   /* syscall: the hook stops here */
	};
	uint64_t frame[5] = { BOOT_CODE_VA + 2, USER_CS, 0x202, 0, USER_DS };
	uint64_t rsp = BOOT_STACK_VA + PAGE_SIZE - sizeof frame, rdx = 0;
	uc_x86_mmr gdtr = { 0, GDT_VA, 8 * 8 - 1, 0 };

	memcpy((char *)firmware + 2 * PAGE_SIZE, code, sizeof code);
	memcpy((char *)firmware + 2 * PAGE_SIZE - sizeof frame, frame, sizeof frame);
	CHECK(uc_reg_write(uc, UC_X86_REG_GDTR, &gdtr));
	CHECK(uc_reg_write(uc, UC_X86_REG_RSP, &rsp));
	CHECK(uc_context_alloc(uc, &scratch_ctx));
	booting = true;
	quantum_end = nr_blocks + 1000;
	uc_err err = uc_emu_start(uc, BOOT_CODE_VA, 0, 0, 0);
	booting = false;
	CHECK(err);
	if (boot_failed) {
		fprintf(stderr, "emu: this Unicorn build is not supported: cannot locate "
				"old_exception in its CPU context\n");
		return -1;
	}
	CHECK(uc_reg_read(uc, UC_X86_REG_RDX, &rdx));
	hwcap = (uint32_t)rdx;
	if (tsc_init() < 0) {
		fprintf(stderr, "emu: cannot set CR4.TSD: RDTSC would read the host's counter\n");
		return -1;
	}
	CHECK(uc_context_alloc(uc, &template_ctx));
	CHECK(uc_context_save(uc, template_ctx));
	/* The boot pages stay mapped: freeing the code page would need its
	 * translations removed, and uc_ctl_flush_tb clears the whole 1 GiB code buffer. */
	uc_ctl_flush_tlb(uc);
	return 0;
}

int arch_init(void *phys, size_t size)
{
	CHECK(uc_open(UC_ARCH_X86, UC_MODE_64, &uc));
	CHECK(uc_mem_map_ptr(uc, 0, size, UC_PROT_ALL, phys));
	CHECK(uc_ctl_tlb_mode(uc, UC_TLB_VIRTUAL));
	if (install_hooks() < 0)
		return -1;
	CHECK(uc_context_alloc(uc, &fresh_ctx));
	CHECK(uc_context_save(uc, fresh_ctx));
	if (map_firmware(size) < 0)
		return -1;
	return boot_to_user_mode();
}

void arch_shutdown(void)
{
	if (!uc)
		return;
	uc_context_free(template_ctx);
	uc_context_free(scratch_ctx);
	uc_context_free(fresh_ctx);
	uc_close(uc);
	uc = NULL;
	if (firmware)
		munmap(firmware, FIRMWARE_SIZE);
	firmware = NULL;
}

uint32_t elf_hwcap(void)
{
	return hwcap;
}

const char *arch_version(void)
{
	static char buf[32];
	unsigned major, minor, v = uc_version(&major, &minor);

	snprintf(buf, sizeof buf, "Unicorn %u.%u.%u", major, minor, (v >> 8) & 0xff);
	return buf;
}

/* ---- contexts ---- */

int start_thread(struct task *t, uint64_t rip, uint64_t rsp)
{
	static const int zeroed[] = {
		UC_X86_REG_RAX, UC_X86_REG_RBX, UC_X86_REG_RCX, UC_X86_REG_RDX, UC_X86_REG_RSI,
		UC_X86_REG_RDI, UC_X86_REG_RBP, UC_X86_REG_R8,  UC_X86_REG_R9,  UC_X86_REG_R10,
		UC_X86_REG_R11, UC_X86_REG_R12, UC_X86_REG_R13, UC_X86_REG_R14, UC_X86_REG_R15,
		UC_X86_REG_FS_BASE, UC_X86_REG_GS_BASE,
	};
	uc_context *ctx;
	uint64_t zero = 0, flags = 0x202;
	uint16_t fcw = X87_FCW_DEFAULT;
	uint32_t mxcsr = MXCSR_DEFAULT;

	if (uc_context_alloc(uc, &ctx) != UC_ERR_OK)
		return -1;
	memcpy(ctx, template_ctx, uc_context_size(uc));
	for (size_t i = 0; i < sizeof zeroed / sizeof zeroed[0]; i++)
		uc_context_reg_write(ctx, zeroed[i], &zero);
	uc_context_reg_write(ctx, UC_X86_REG_RIP, &rip);
	uc_context_reg_write(ctx, UC_X86_REG_RSP, &rsp);
	uc_context_reg_write(ctx, UC_X86_REG_EFLAGS, &flags);
	uc_context_reg_write(ctx, UC_X86_REG_FPCW, &fcw);
	uc_context_reg_write(ctx, UC_X86_REG_MXCSR, &mxcsr);
	exit_thread(t);
	task_thread(t)->regs = ctx;
	return 0;
}

/* The child of fork or clone: the registers of the running task as the system call
 * returns, with RAX 0, and a new stack pointer and TLS base when given. Called from
 * inside the syscall hook, where RIP is still the syscall instruction. */
int copy_thread(struct task *child, uint64_t sp, bool set_tls, uint64_t tls)
{
	uc_context *ctx;
	uint64_t rip, flags, zero = 0;

	if (uc_context_alloc(uc, &ctx) != UC_ERR_OK)
		return -1;
	uc_context_save(uc, ctx);
	uc_reg_read(uc, UC_X86_REG_RIP, &rip);
	uc_reg_read(uc, UC_X86_REG_EFLAGS, &flags);
	rip += 2;
	uc_context_reg_write(ctx, UC_X86_REG_RIP, &rip);
	uc_context_reg_write(ctx, UC_X86_REG_RAX, &zero);
	uc_context_reg_write(ctx, UC_X86_REG_RCX, &rip);
	uc_context_reg_write(ctx, UC_X86_REG_R11, &flags);
	if (sp)
		uc_context_reg_write(ctx, UC_X86_REG_RSP, &sp);
	if (set_tls)
		uc_context_reg_write(ctx, UC_X86_REG_FS_BASE, &tls);
	clear_old_exception(ctx);
	task_thread(child)->regs = ctx;
	return 0;
}

void exit_thread(struct task *t)
{
	struct thread_struct *th = task_thread(t);

	if (th->regs)
		uc_context_free(th->regs);
	th->regs = NULL;
	if (loaded == t)
		loaded = NULL; /* the engine's registers belong to no task now */
}

uc_engine *cpu_engine(void)
{
	return uc;
}

static void load_task(struct task *t)
{
	if (loaded == t)
		return;
	if (loaded && task_thread(loaded)->regs)
		uc_context_save(uc, task_thread(loaded)->regs);
	clear_old_exception(task_thread(t)->regs);
	uc_context_restore(uc, task_thread(t)->regs);
	loaded = t;
}

void switch_to(struct task *t)
{
	load_task(t);
}

uint64_t enter_user_mode(struct task *t, struct mm *mm, long quantum)
{
	struct thread_struct *th = task_thread(t);
	uint64_t rip;

	invalidate_stale_code();
	/* QEMU resizes its TLB only when it is flushed: flushing at the end of each
	 * quantum lets a big working set get a big TLB (1.3x faster on compute). */
	if (th->stop == STOP_PREEMPT)
		uc_ctl_flush_tlb(uc);
	load_task(t);
	switch_mm(mm);
	running = t;
	th->stop = STOP_NONE;
	quantum_end = nr_blocks + quantum;
	uc_reg_read(uc, UC_X86_REG_RIP, &rip);
	quantum_expired = false;
	uint64_t blocks_before = nr_blocks;
	uc_err err = uc_emu_start(uc, rip, 0, 0, 0);
	if (err == UC_ERR_OK && th->stop == STOP_PREEMPT && quantum_expired)
		err = run_quantum_tail(t);
	running = NULL;
	if (th->stop == STOP_FAULT && err != UC_ERR_OK) { /* a memory fault: RIP is exact now */
		uc_reg_read(uc, UC_X86_REG_RIP, &rip);
		finish_page_fault(&th->fault, rip);
	}
	if (th->stop == STOP_NONE && err != UC_ERR_OK) {
		/* a fault the hooks did not see: an instruction Unicorn cannot run */
		uc_reg_read(uc, UC_X86_REG_RIP, &rip);
		th->fault = (struct fault_info){ SIGILL, ILL_ILLOPN, rip, rip, 6, 0, false };
		th->stop = STOP_FAULT;
	}
	if (th->stop == STOP_NONE)
		th->stop = STOP_PREEMPT; /* stopped to drop stale code, or a spurious stop */
	return nr_blocks - blocks_before;
}

void cpu_set_fs_base(uint64_t base)
{
	uc_reg_write(uc, UC_X86_REG_FS_BASE, &base);
}

uint64_t cpu_get_fs_base(void)
{
	uint64_t base = 0;
	uc_reg_read(uc, UC_X86_REG_FS_BASE, &base);
	return base;
}

