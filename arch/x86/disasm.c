/* The instruction at an address, for fault reports and --diagnose (Capstone). */
#include <capstone/capstone.h>
#include "x86.h"
#include <stdio.h>
#include <string.h>

size_t fetch_code(uint8_t *code, size_t size, uint64_t rip)
{
	size_t n = 0;

	while (n < size && !copy_from_user_nofault(code + n, rip + n, 1))
		n++;
	return n;
}

const char *cpu_disasm(uint64_t rip, char *buf, int size)
{
	uint8_t code[16];
	size_t n = fetch_code(code, sizeof code, rip);
	csh handle;
	cs_insn *insn;

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

/* A locked read-modify-write (a lock prefix, or xchg with memory, locked without
 * one): atomic. Unicorn's memory hooks see the instruction before a lock-prefixed
 * one as the accessor (its PC is not synced past it), so the one after rip counts
 * too. */
bool cpu_insn_atomic(uint64_t rip)
{
	uint8_t code[32];
	size_t n = fetch_code(code, sizeof code, rip);
	csh handle;
	cs_insn *insn;
	bool atomic = false;

	if (!n || cs_open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK)
		return false;
	size_t count = cs_disasm(handle, code, n, rip, 2, &insn);
	for (size_t i = 0; i < count; i++)
		atomic |= !strncmp(insn[i].mnemonic, "lock ", 5) || !strcmp(insn[i].mnemonic, "xchg");
	if (count)
		cs_free(insn, count);
	cs_close(&handle);
	return atomic;
}
