/* The initial stack: argv, the environment and the auxiliary vector as Linux lays
 * them out. Values that are the same on every run are printed; addresses and random
 * bytes are only checked. */
#include "check.h"
#include <elf.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <unistd.h>

extern char **environ;

/* The linker's symbol for this file's own ELF header, where it is loaded. */
extern const Elf64_Ehdr __ehdr_start;

/* The program headers that AT_PHDR points at are this file's own, the entry point
 * lies in an executable PT_LOAD, and the headers themselves in a loaded segment. The
 * load bias (0 unless PIE) comes from where the segment at file offset 0 landed. */
static void check_phdrs(void)
{
	const Elf64_Phdr *ph = (const Elf64_Phdr *)getauxval(AT_PHDR);
	unsigned long n = getauxval(AT_PHNUM), entry = getauxval(AT_ENTRY), bias = 0;
	int loads = 0, entry_ok = 0, phdr_ok = 0;

	if (!ph || !n)
		return;
	CHECK("AT_PHDR is this file's program header table",
	      (const char *)ph == (const char *)&__ehdr_start + __ehdr_start.e_phoff);
	CHECK("AT_PHNUM and AT_PHENT match the ELF header",
	      n == __ehdr_start.e_phnum && getauxval(AT_PHENT) == __ehdr_start.e_phentsize);
	for (unsigned long i = 0; i < n; i++)
		if (ph[i].p_type == PT_LOAD && ph[i].p_offset == 0)
			bias = (unsigned long)&__ehdr_start - ph[i].p_vaddr;
	CHECK("AT_ENTRY is e_entry plus the load bias", entry == __ehdr_start.e_entry + bias);
	for (unsigned long i = 0; i < n; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		unsigned long lo = bias + ph[i].p_vaddr, hi = lo + ph[i].p_memsz;
		loads++;
		if ((ph[i].p_flags & PF_X) && entry >= lo && entry < hi)
			entry_ok = 1;
		if ((unsigned long)ph >= lo && (unsigned long)(ph + n) <= hi)
			phdr_ok = 1;
	}
	printf("PT_LOAD segments: %d\n", loads);
	CHECK("AT_ENTRY lies in an executable PT_LOAD", entry_ok);
	CHECK("AT_PHDR lies in a PT_LOAD", phdr_ok);
}

/* AT_BASE: 0 for a static program; for a dynamic one, where the interpreter that
 * PT_INTERP names was loaded: an x86-64 ET_DYN ELF header (the address is random
 * on Linux, so only its contents are printed). */
static void check_base(void)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)getauxval(AT_BASE);
	const Elf64_Phdr *ph = (const Elf64_Phdr *)getauxval(AT_PHDR);
	int interp = 0;

	for (unsigned long i = 0; ph && i < getauxval(AT_PHNUM); i++)
		interp |= ph[i].p_type == PT_INTERP;
	printf("PT_INTERP: %s, AT_BASE: %s\n", interp ? "yes" : "no", !eh ? "0" : "set");
	if (eh)
		CHECK("AT_BASE is an x86-64 ET_DYN ELF header",
		      !memcmp(eh->e_ident, ELFMAG, SELFMAG) && eh->e_type == ET_DYN &&
		      eh->e_machine == EM_X86_64);
}

int main(int argc, char **argv, char **envp)
{
	printf("argc=%d\n", argc);
	for (int i = 1; i < argc; i++)
		printf("argv[%d]=\"%s\"\n", i, argv[i]);
	printf("AT_PAGESZ=%lu AT_PHENT=%lu AT_CLKTCK=%lu AT_SECURE=%lu AT_FLAGS=%lu\n",
	       getauxval(AT_PAGESZ), getauxval(AT_PHENT), getauxval(AT_CLKTCK), getauxval(AT_SECURE),
	       getauxval(AT_FLAGS));
	check_base();
	CHECK("sysconf(_SC_PAGESIZE) agrees with AT_PAGESZ", sysconf(_SC_PAGESIZE) == (long)getauxval(AT_PAGESZ));
	CHECK("AT_PHNUM > 0", getauxval(AT_PHNUM) > 0);
	CHECK("AT_PHDR is set", getauxval(AT_PHDR) != 0);
	CHECK("AT_ENTRY is set", getauxval(AT_ENTRY) != 0);
	check_phdrs();
	const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
	int nonzero = 0;
	for (int i = 0; rnd && i < 16; i++)
		nonzero += rnd[i] != 0;
	CHECK("AT_RANDOM points to 16 bytes, not all zero", rnd && nonzero > 0);
	CHECK("AT_EXECFN is argv[0]", getauxval(AT_EXECFN) && !strcmp((char *)getauxval(AT_EXECFN), argv[0]));
	CHECK("AT_PLATFORM is x86_64", getauxval(AT_PLATFORM) && !strcmp((char *)getauxval(AT_PLATFORM), "x86_64"));
	CHECK("AT_UID is getuid()", getauxval(AT_UID) == getuid());
	CHECK("AT_EUID is geteuid()", getauxval(AT_EUID) == geteuid());
	CHECK("AT_GID is getgid()", getauxval(AT_GID) == getgid());
	CHECK("AT_EGID is getegid()", getauxval(AT_EGID) == getegid());
	CHECK("AT_HWCAP is set", getauxval(AT_HWCAP) != 0);
	errno = 0;
	CHECK("an absent entry reads as 0 with ENOENT", getauxval(12345) == 0 && errno == ENOENT);

	/* the layout of the stack at entry */
	CHECK("envp follows argv's NULL", envp == argv + argc + 1 && argv[argc] == NULL);
	CHECK("environ is envp", environ == envp);
	CHECK("the strings lie in order: argv, then envp",
	      argc < 3 || (argv[1] < argv[2] && (!envp[0] || envp[0] > argv[argc - 1])));
	CHECK("argv strings are contiguous", argc < 2 || argv[1] == argv[0] + strlen(argv[0]) + 1);
	CHECK("the stack is 16-byte aligned at argc", ((uintptr_t)(argv - 1) & 15) == 0);
	CHECK("argc sits just below argv", *(long *)(argv - 1) == argc);
	char **e = envp;
	while (*e)
		e++;
	Elf64_auxv_t *av = (Elf64_auxv_t *)(e + 1);
	int entries = 0, pagesz_seen = 0;
	for (; av->a_type != AT_NULL && entries < 100; av++, entries++)
		if (av->a_type == AT_PAGESZ)
			pagesz_seen = av->a_un.a_val == 4096;
	CHECK("the auxiliary vector follows envp's NULL and holds AT_PAGESZ", pagesz_seen);
	CHECK("and ends with AT_NULL", av->a_type == AT_NULL);

	char *v = getenv("EMU_TEST_VAR");
	printf("EMU_TEST_VAR=%s\n", v ? v : "(unset)");
	printf("HOME=%s\n", getenv("HOME") ? getenv("HOME") : "(unset)");
	int count = 0;
	for (char **p = envp; *p; p++)
		count++;
	printf("environment entries: %d\n", count);
	return failures;
}
