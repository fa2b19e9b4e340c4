/* The initial stack: argv, the environment and the auxiliary vector as Linux lays
 * them out (values that are the same on every run are printed, others checked). */
#include "check.h"
#include <elf.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <unistd.h>

int main(int argc, char **argv, char **envp)
{
	printf("argc=%d argv[1]=%s argv[2]=%s\n", argc, argv[1], argv[2]);
	printf("AT_PAGESZ=%lu AT_PHENT=%lu AT_CLKTCK=%lu AT_SECURE=%lu\n", getauxval(AT_PAGESZ),
	       getauxval(AT_PHENT), getauxval(AT_CLKTCK), getauxval(AT_SECURE));
	CHECK("AT_PHNUM > 0", getauxval(AT_PHNUM) > 0);
	CHECK("AT_PHDR points at program headers",
	      getauxval(AT_PHDR) && ((Elf64_Phdr *)getauxval(AT_PHDR))->p_type <= PT_GNU_STACK + 16);
	CHECK("AT_ENTRY is set", getauxval(AT_ENTRY) != 0);
	CHECK("AT_RANDOM points to 16 readable bytes", getauxval(AT_RANDOM) &&
	      ((unsigned char *)getauxval(AT_RANDOM))[15] == ((unsigned char *)getauxval(AT_RANDOM))[15]);
	CHECK("AT_EXECFN is argv[0]", getauxval(AT_EXECFN) && !strcmp((char *)getauxval(AT_EXECFN), argv[0]));
	CHECK("AT_PLATFORM is x86_64", getauxval(AT_PLATFORM) && !strcmp((char *)getauxval(AT_PLATFORM), "x86_64"));
	CHECK("AT_UID is getuid()", getauxval(AT_UID) == getuid());
	CHECK("AT_EGID is getegid()", getauxval(AT_EGID) == getegid());
	CHECK("AT_HWCAP is set", getauxval(AT_HWCAP) != 0);
	CHECK("envp follows argv's NULL", envp == argv + argc + 1);
	CHECK("the strings lie in order: argv, then envp", argv[1] < argv[2] && (!envp[0] || envp[0] > argv[argc - 1]));
	CHECK("the stack is 16-byte aligned at argc", ((uintptr_t)(argv - 1) & 15) == 0);
	char *e = getenv("EMU_TEST_VAR");
	printf("EMU_TEST_VAR=%s\n", e ? e : "(unset)");
	return failures;
}
