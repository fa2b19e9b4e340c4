/* ELF64 x86-64 programs: the checks (kernel/binfmt_elf.c) and the initial stack
 * (kernel/elf_tables.c), as Linux's fs/binfmt_elf.c does them. */
#ifndef EMU_ELF_H
#define EMU_ELF_H
#include <elf.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ELF_MAX_PHNUM 128

struct elf_info {
	Elf64_Ehdr ehdr;
	Elf64_Phdr phdr[ELF_MAX_PHNUM];
	int phnum;
	bool exec_stack;      /* PT_GNU_STACK asks for PF_X */
	int interp_ph;        /* the PT_INTERP header, -1 for a static program */
	char interp[PATH_MAX]; /* its path: the dynamic linker */
};

/* Checks the ELF header and program headers (hdr holds the first hdr_len bytes of a
 * file of file_size bytes). Returns 0, or -1 with a one-line reason in why. */
int elf_check(const uint8_t *hdr, size_t hdr_len, uint64_t file_size, struct elf_info *info,
	      char *why, size_t why_size);

/* The PT_INTERP path when it lay beyond the header bytes: bytes holds its p_filesz
 * bytes from the file. 0, or -1 with the reason (no NUL, empty). */
int elf_interp_path(struct elf_info *info, const uint8_t *bytes, char *why, size_t why_size);

struct mm;
struct mobj;
struct elf_load_result {
	uint64_t entry, phdr_addr, load_bias, brk;
	uint64_t interp_base; /* AT_BASE: where the interpreter lies, 0 without one */
};
/* Where a checked ELF goes in mm, as Linux places it with randomization off: an
 * ET_EXEC where it was linked, a PIE with an interpreter at ELF_ET_DYN_BASE, any
 * other ET_DYN (static-pie, ld.so itself) top-down from the mmap base. 0 or -ENOMEM. */
int elf_load_bias(struct mm *mm, const struct elf_info *info, bool has_interp, uint64_t *bias);
/* Maps the PT_LOAD segments of a checked ELF into mm (current->mm) at bias;
 * fills entry, phdr_addr, load_bias and brk. 0 or -errno. */
int elf_map(struct mm *mm, struct mobj *file, const struct elf_info *info, uint64_t bias,
	    struct elf_load_result *out);

/* The initial stack: strings, AT_RANDOM bytes, argc, argv, envp, auxv. */
struct exec_args {
	char *const *argv;
	char *const *envp;
	const char *execfn;
	const struct elf_info *info;
	const struct elf_load_result *load;
	uint32_t hwcap;
	uint8_t random[16];
	unsigned uid, euid, gid, egid;
};
#define AUXV_ENTRIES 22
/* Lays out the stack below STACK_TOP in current->mm; returns the new rsp or -errno. */
long create_elf_tables(struct mm *mm, const struct exec_args *args);

#endif
