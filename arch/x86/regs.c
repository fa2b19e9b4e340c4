/* Register images of the loaded task: the general registers and the FXSAVE area,
 * as a signal frame holds them (kernel/signal_frame.c). */
#include "x86.h"
#include <string.h>

static const int gpr_ids[] = {
	UC_X86_REG_R8,  UC_X86_REG_R9,  UC_X86_REG_R10, UC_X86_REG_R11, UC_X86_REG_R12,
	UC_X86_REG_R13, UC_X86_REG_R14, UC_X86_REG_R15, UC_X86_REG_RDI, UC_X86_REG_RSI,
	UC_X86_REG_RBP, UC_X86_REG_RBX, UC_X86_REG_RDX, UC_X86_REG_RAX, UC_X86_REG_RCX,
	UC_X86_REG_RSP, UC_X86_REG_RIP, UC_X86_REG_EFLAGS,
};
#define NR_GPRS (int)(sizeof gpr_ids / sizeof gpr_ids[0])

static void gpr_pointers(const struct pt_regs *r, void **ptrs)
{
	uint64_t *v = (uint64_t *)r;

	for (int i = 0; i < NR_GPRS; i++)
		ptrs[i] = &v[i];
}

void cpu_get_regs(struct pt_regs *r)
{
	void *ptrs[NR_GPRS];

	memset(r, 0, sizeof *r); /* EFLAGS is read as 32 bits */
	gpr_pointers(r, ptrs);
	uc_reg_read_batch(cpu_engine(), (int *)gpr_ids, ptrs, NR_GPRS);
}

void cpu_set_regs(const struct pt_regs *r)
{
	void *ptrs[NR_GPRS];

	gpr_pointers(r, ptrs);
	uc_reg_write_batch(cpu_engine(), (int *)gpr_ids, ptrs, NR_GPRS);
}

/* FXSAVE keeps one "valid" bit per register where the tag word has two. */
static uint8_t abridged_tag(uint16_t full)
{
	uint8_t tag = 0;

	for (int i = 0; i < 8; i++)
		if (((full >> (2 * i)) & 3) != 3)
			tag |= 1 << i;
	return tag;
}

static uint16_t full_tag(uint8_t abridged)
{
	uint16_t tag = 0;

	for (int i = 0; i < 8; i++)
		if (!(abridged & (1 << i)))
			tag |= 3 << (2 * i); /* empty; the engine recomputes the rest */
	return tag;
}

void cpu_get_fpu(struct fxregs_state *fx)
{
	uc_engine *uc = cpu_engine();
	uint16_t tag = 0xffff;

	memset(fx, 0, sizeof *fx);
	uc_reg_read(uc, UC_X86_REG_FPCW, &fx->cwd);
	uc_reg_read(uc, UC_X86_REG_FPSW, &fx->swd);
	uc_reg_read(uc, UC_X86_REG_FPTAG, &tag);
	fx->ftw = abridged_tag(tag);
	uc_reg_read(uc, UC_X86_REG_MXCSR, &fx->mxcsr);
	fx->mxcsr_mask = 0xffff;
	for (int i = 0; i < 8; i++)
		uc_reg_read(uc, UC_X86_REG_ST0 + i, fx->st_space[i]);
	for (int i = 0; i < 16; i++)
		uc_reg_read(uc, UC_X86_REG_XMM0 + i, fx->xmm_space[i]);
}

void cpu_set_fpu(const struct fxregs_state *fx)
{
	uc_engine *uc = cpu_engine();
	uint16_t cwd = fx->cwd, swd = fx->swd, tag = full_tag(fx->ftw);
	uint32_t mxcsr = fx->mxcsr & 0xffff;
	uint8_t reg[16];

	uc_reg_write(uc, UC_X86_REG_FPCW, &cwd);
	uc_reg_write(uc, UC_X86_REG_FPSW, &swd);
	uc_reg_write(uc, UC_X86_REG_FPTAG, &tag);
	uc_reg_write(uc, UC_X86_REG_MXCSR, &mxcsr);
	for (int i = 0; i < 8; i++) {
		memcpy(reg, fx->st_space[i], sizeof reg);
		uc_reg_write(uc, UC_X86_REG_ST0 + i, reg);
	}
	for (int i = 0; i < 16; i++) {
		memcpy(reg, fx->xmm_space[i], sizeof reg);
		uc_reg_write(uc, UC_X86_REG_XMM0 + i, reg);
	}
}
