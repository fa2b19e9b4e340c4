/* The exact address of a faulting data access. Unicorn's TLB hook is told only the
 * page, so the kernel decodes the faulting instruction (Capstone) and computes its
 * memory operands from the registers, which is what the CPU would have put in CR2.
 * Implicit operands (push, pop, call, ret, string instructions) are tried after the
 * explicit ones; the first that touches the faulting page wins. */
#include <capstone/capstone.h>
#include "x86.h"

static const struct { x86_reg cs; int uc; bool r32; } reg_map[] = {
	{ X86_REG_RAX, UC_X86_REG_RAX, 0 }, { X86_REG_RBX, UC_X86_REG_RBX, 0 },
	{ X86_REG_RCX, UC_X86_REG_RCX, 0 }, { X86_REG_RDX, UC_X86_REG_RDX, 0 },
	{ X86_REG_RSI, UC_X86_REG_RSI, 0 }, { X86_REG_RDI, UC_X86_REG_RDI, 0 },
	{ X86_REG_RBP, UC_X86_REG_RBP, 0 }, { X86_REG_RSP, UC_X86_REG_RSP, 0 },
	{ X86_REG_R8, UC_X86_REG_R8, 0 },   { X86_REG_R9, UC_X86_REG_R9, 0 },
	{ X86_REG_R10, UC_X86_REG_R10, 0 }, { X86_REG_R11, UC_X86_REG_R11, 0 },
	{ X86_REG_R12, UC_X86_REG_R12, 0 }, { X86_REG_R13, UC_X86_REG_R13, 0 },
	{ X86_REG_R14, UC_X86_REG_R14, 0 }, { X86_REG_R15, UC_X86_REG_R15, 0 },
	{ X86_REG_EAX, UC_X86_REG_RAX, 1 }, { X86_REG_EBX, UC_X86_REG_RBX, 1 },
	{ X86_REG_ECX, UC_X86_REG_RCX, 1 }, { X86_REG_EDX, UC_X86_REG_RDX, 1 },
	{ X86_REG_ESI, UC_X86_REG_RSI, 1 }, { X86_REG_EDI, UC_X86_REG_RDI, 1 },
	{ X86_REG_EBP, UC_X86_REG_RBP, 1 }, { X86_REG_ESP, UC_X86_REG_RSP, 1 },
};

static uint64_t reg_value(x86_reg r)
{
	uint64_t v = 0;

	for (size_t i = 0; i < sizeof reg_map / sizeof reg_map[0]; i++)
		if (reg_map[i].cs == r) {
			uc_reg_read(cpu_engine(), reg_map[i].uc, &v);
			return reg_map[i].r32 ? (uint32_t)v : v;
		}
	return 0;
}

static uint64_t segment_base(x86_reg seg)
{
	uint64_t base = 0;

	if (seg == X86_REG_FS)
		uc_reg_read(cpu_engine(), UC_X86_REG_FS_BASE, &base);
	else if (seg == X86_REG_GS)
		uc_reg_read(cpu_engine(), UC_X86_REG_GS_BASE, &base);
	return base;
}

static uint64_t operand_address(const cs_insn *insn, const x86_op_mem *m)
{
	uint64_t base = m->base == X86_REG_RIP ? insn->address + insn->size : reg_value(m->base);

	return segment_base(m->segment) + base + reg_value(m->index) * (uint64_t)m->scale +
	       (uint64_t)m->disp;
}

/* addr, or the first byte of page if the access [addr, addr+size) runs into it. */
static bool touches(uint64_t addr, unsigned size, uint64_t page, uint64_t *out)
{
	if ((addr & PAGE_MASK) == page) {
		*out = addr;
		return true;
	}
	if (size && ((addr + size - 1) & PAGE_MASK) == page) {
		*out = page;
		return true;
	}
	return false;
}

static bool implicit_operand(uint64_t page, uint64_t *out)
{
	static const int regs[] = { UC_X86_REG_RSP, UC_X86_REG_RSI, UC_X86_REG_RDI };
	uint64_t v;

	for (int i = 0; i < 3; i++) {
		uc_reg_read(cpu_engine(), regs[i], &v);
		if (touches(v, 64, page, out) || (i == 0 && touches(v - 8, 8, page, out)))
			return true;
	}
	return false;
}

uint64_t cpu_fault_address(uint64_t rip, uint64_t page)
{
	uint8_t code[16];
	size_t n = fetch_code(code, sizeof code, rip);
	csh handle;
	cs_insn *insn;
	uint64_t addr = page;

	if (!n || cs_open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK)
		return page;
	cs_option(handle, CS_OPT_DETAIL, CS_OPT_ON);
	if (cs_disasm(handle, code, n, rip, 1, &insn) == 1) {
		const cs_x86 *x = &insn->detail->x86;
		bool found = false;
		for (int i = 0; i < x->op_count && !found; i++)
			if (x->operands[i].type == X86_OP_MEM)
				found = touches(operand_address(insn, &x->operands[i].mem),
						x->operands[i].size, page, &addr);
		if (!found)
			implicit_operand(page, &addr);
		cs_free(insn, 1);
	}
	cs_close(&handle);
	return addr;
}
