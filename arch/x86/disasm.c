/* The instruction at an address, for fault reports (Capstone). */
#include <capstone/capstone.h>
#include <emu/arch.h>
#include <stdio.h>

const char *cpu_disasm(uint64_t rip, char *buf, int size)
{
	uint8_t code[16];
	size_t n = 0;
	csh handle;
	cs_insn *insn;

	while (n < sizeof code && !copy_from_user_nofault(code + n, rip + n, 1))
		n++; /* the instruction may end just before an unmapped page */
	if (!n) {
		snprintf(buf, size, "unreadable");
		return buf;
	}
	if (cs_open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK) {
		snprintf(buf, size, "?");
		return buf;
	}
	if (cs_disasm(handle, code, n, rip, 1, &insn) == 1) {
		snprintf(buf, size, "%s%s%s", insn->mnemonic, insn->op_str[0] ? " " : "",
			 insn->op_str);
		cs_free(insn, 1);
	} else {
		snprintf(buf, size, "bad instruction %02x %02x", code[0], n > 1 ? code[1] : 0);
	}
	cs_close(&handle);
	return buf;
}
