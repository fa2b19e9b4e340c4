/* The time-stamp counter on virtual time. The machine runs with CR4.TSD set, as
 * Linux does for a task under PR_SET_TSC(PR_TSC_SIGSEGV), so RDTSC and RDTSCP at
 * CPL 3 raise #GP; the #GP handler emulates them here with a 1 GHz counter on the
 * kernel's clock. The host's counter never reaches the guest, and two runs of a
 * program that reads it print the same. */
#include "x86.h"

#define X86_CR4_TSD (1UL << 2)
#define X86_CR4_OSFXSR (1UL << 9)
#define X86_CR4_OSXMMEXCPT (1UL << 10)

static const uint8_t rdtsc_insn[] = { 0x0f, 0x31 };
static const uint8_t rdtscp_insn[] = { 0x0f, 0x01, 0xf9 };

int tsc_init(void)
{
	uint64_t cr4;

	if (uc_reg_read(cpu_engine(), UC_X86_REG_CR4, &cr4) != UC_ERR_OK)
		return -1;
	/* the engine starts with SSE on and CR4 reading 0: a write recomputes its
	 * flags from CR4, so FXSR and SIMD exceptions must be named too */
	cr4 |= X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT | X86_CR4_TSD;
	return uc_reg_write(cpu_engine(), UC_X86_REG_CR4, &cr4) == UC_ERR_OK ? 0 : -1;
}

static bool insn_is(uint64_t rip, const uint8_t *insn, size_t len)
{
	uint8_t code[3];

	return !copy_from_user(code, rip, len) && !memcmp(code, insn, len);
}

bool emulate_rdtsc(uint64_t rip)
{
	uc_engine *uc = cpu_engine();
	size_t len;

	if (insn_is(rip, rdtsc_insn, sizeof rdtsc_insn))
		len = sizeof rdtsc_insn;
	else if (insn_is(rip, rdtscp_insn, sizeof rdtscp_insn))
		len = sizeof rdtscp_insn;
	else
		return false;
	uint64_t tsc = ktime_get_ns(), rax = (uint32_t)tsc, rdx = tsc >> 32, next = rip + len;
	uc_reg_write(uc, UC_X86_REG_RAX, &rax);
	uc_reg_write(uc, UC_X86_REG_RDX, &rdx);
	if (len == sizeof rdtscp_insn) {
		uint64_t aux = 0; /* IA32_TSC_AUX: Linux puts the CPU number here, CPU 0 */
		uc_reg_write(uc, UC_X86_REG_RCX, &aux);
	}
	uc_reg_write(uc, UC_X86_REG_RIP, &next);
	return true;
}
