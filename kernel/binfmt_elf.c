/* ELF checks and segment mapping: what Linux's load_elf_binary does before and
 * while it maps a program. Every rejection names its reason. */
#include <emu/binfmt.h>
#include <emu/mm.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#define fail(...) (snprintf(why, why_size, __VA_ARGS__), -1)

static const char *machine_name(unsigned m)
{
	switch (m) {
	case EM_386: return "i386";
	case EM_ARM: return "arm";
	case EM_AARCH64: return "aarch64";
	case EM_RISCV: return "riscv";
	case EM_PPC64: return "ppc64";
	case EM_S390: return "s390";
	case EM_MIPS: return "mips";
	default: return "another machine";
	}
}

static int check_ehdr(const Elf64_Ehdr *eh, size_t hdr_len, char *why, size_t why_size)
{
	if (hdr_len < SELFMAG || memcmp(eh->e_ident, ELFMAG, SELFMAG))
		return fail("not an ELF file");
	if (hdr_len < EI_NIDENT)
		return fail("truncated ELF header");
	if (eh->e_ident[EI_CLASS] == ELFCLASS32)
		return fail("32-bit ELF; emu runs x86-64 programs only");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return fail("bad ELF class %u", eh->e_ident[EI_CLASS]);
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return fail("big-endian ELF, not x86-64");
	if (hdr_len < sizeof *eh)
		return fail("truncated ELF header");
	if (eh->e_machine != EM_X86_64)
		return fail("ELF for %s (machine %u), not x86-64", machine_name(eh->e_machine),
			    eh->e_machine);
	if (eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
		return fail("bad ELF version");
	if (eh->e_type == ET_REL)
		return fail("not an executable (relocatable object)");
	if (eh->e_type == ET_CORE)
		return fail("not an executable (core file)");
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return fail("not an executable (ELF type %u)", eh->e_type);
	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return fail("bad program header size %u", eh->e_phentsize);
	if (eh->e_phnum == 0)
		return fail("no loadable segment");
	if (eh->e_phnum > ELF_MAX_PHNUM)
		return fail("too many program headers (%u)", eh->e_phnum);
	return 0;
}

static int check_load(const Elf64_Phdr *ph, int i, uint64_t file_size, char *why,
		      size_t why_size)
{
	if (ph->p_offset > file_size || ph->p_filesz > file_size - ph->p_offset)
		return fail("segment %d lies outside the file", i);
	if (ph->p_filesz > ph->p_memsz)
		return fail("bad segment %d: file size larger than memory size", i);
	if ((ph->p_vaddr & ~PAGE_MASK) != (ph->p_offset & ~PAGE_MASK))
		return fail("bad segment %d: address and offset misaligned", i);
	if (ph->p_vaddr >= TASK_SIZE || ph->p_memsz > TASK_SIZE - ph->p_vaddr)
		return fail("bad segment %d: outside the user address space", i);
	return 0;
}

/* PT_LOADs must be in address order and must not overlap (they may share a page). */
static int check_layout(const struct elf_info *info, char *why, size_t why_size)
{
	int prev = -1, loads = 0;

	for (int i = 0; i < info->phnum; i++) {
		const Elf64_Phdr *ph = &info->phdr[i];
		if (ph->p_type != PT_LOAD)
			continue;
		loads++;
		if (prev >= 0) {
			const Elf64_Phdr *pp = &info->phdr[prev];
			if (ph->p_vaddr < pp->p_vaddr + pp->p_memsz)
				return fail("segments %d and %d overlap", prev, i);
		}
		prev = i;
	}
	return loads ? 0 : fail("no loadable segment");
}

/* PT_INTERP names the dynamic linker: a NUL-terminated path inside the file (Linux
 * refuses one shorter than 2 bytes, longer than PATH_MAX or without its NUL with
 * ENOEXEC). Only the first PT_INTERP counts, as in Linux. A path beyond the header
 * bytes is read later (elf_interp_path). */
static int check_interp(const Elf64_Phdr *ph, const uint8_t *hdr, size_t hdr_len,
			uint64_t file_size, struct elf_info *info, char *why, size_t why_size)
{
	if (ph->p_filesz < 2 || ph->p_filesz > PATH_MAX)
		return fail("bad interpreter path size %lu", (unsigned long)ph->p_filesz);
	if (ph->p_offset > file_size || ph->p_filesz > file_size - ph->p_offset)
		return fail("interpreter path lies outside the file");
	info->interp_ph = ph - info->phdr;
	if (ph->p_offset + ph->p_filesz > hdr_len)
		return 0;
	return elf_interp_path(info, hdr + ph->p_offset, why, why_size);
}

int elf_interp_path(struct elf_info *info, const uint8_t *bytes, char *why, size_t why_size)
{
	uint64_t n = info->phdr[info->interp_ph].p_filesz;

	if (bytes[n - 1] != '\0')
		return fail("interpreter path not NUL-terminated");
	if (!bytes[0])
		return fail("empty interpreter path");
	memcpy(info->interp, bytes, n);
	return 0;
}

int elf_check(const uint8_t *hdr, size_t hdr_len, uint64_t file_size, struct elf_info *info,
	      char *why, size_t why_size)
{
	memset(info, 0, sizeof *info);
	info->interp_ph = -1;
	memcpy(&info->ehdr, hdr, hdr_len < sizeof info->ehdr ? hdr_len : sizeof info->ehdr);
	const Elf64_Ehdr *eh = &info->ehdr;

	if (check_ehdr(eh, hdr_len, why, why_size))
		return -1;
	uint64_t ph_end = eh->e_phoff + (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr);
	if (eh->e_phoff > file_size || ph_end > file_size || ph_end < eh->e_phoff)
		return fail("truncated program headers");
	if (ph_end > hdr_len)
		return fail("program headers beyond the first %zu bytes", hdr_len);
	info->phnum = eh->e_phnum;
	memcpy(info->phdr, hdr + eh->e_phoff, info->phnum * sizeof(Elf64_Phdr));
	for (int i = 0; i < info->phnum; i++) {
		const Elf64_Phdr *ph = &info->phdr[i];
		if (ph->p_type == PT_INTERP && info->interp_ph < 0 &&
		    check_interp(ph, hdr, hdr_len, file_size, info, why, why_size))
			return -1;
		if (ph->p_type == PT_GNU_STACK)
			info->exec_stack = ph->p_flags & PF_X;
		if (ph->p_type == PT_LOAD && check_load(ph, i, file_size, why, why_size))
			return -1;
	}
	return check_layout(info, why, why_size);
}

static unsigned pf_to_vm(unsigned pf)
{
	return ((pf & PF_R) ? VM_READ : 0) | ((pf & PF_W) ? VM_WRITE : 0) |
	       ((pf & PF_X) ? VM_EXEC : 0);
}

/* One PT_LOAD: file pages privately mapped, then the bss: the tail of the last file
 * page cleared (which copies that page) and anonymous pages after it. */
static int map_segment(struct mm *mm, struct mobj *file, const Elf64_Phdr *ph, uint64_t bias)
{
	uint64_t start = (bias + ph->p_vaddr) & PAGE_MASK;
	uint64_t file_end = bias + ph->p_vaddr + ph->p_filesz;
	uint64_t mem_end = PAGE_ALIGN(bias + ph->p_vaddr + ph->p_memsz);
	unsigned vm = pf_to_vm(ph->p_flags);
	int err;

	if (PAGE_ALIGN(file_end) > start &&
	    (err = vma_map(mm, start, PAGE_ALIGN(file_end) - start, vm, file,
			   ph->p_offset >> PAGE_SHIFT)))
		return err;
	if (ph->p_memsz > ph->p_filesz && (file_end & ~PAGE_MASK) && (vm & VM_WRITE) &&
	    (err = clear_user(file_end, PAGE_ALIGN(file_end) - file_end)))
		return err;
	if (mem_end > PAGE_ALIGN(file_end) &&
	    (err = vma_map(mm, PAGE_ALIGN(file_end), mem_end - PAGE_ALIGN(file_end), vm, NULL, 0)))
		return err;
	return 0;
}

static uint64_t phdr_address(const struct elf_info *info, uint64_t bias)
{
	for (int i = 0; i < info->phnum; i++)
		if (info->phdr[i].p_type == PT_PHDR)
			return bias + info->phdr[i].p_vaddr;
	for (int i = 0; i < info->phnum; i++) {
		const Elf64_Phdr *ph = &info->phdr[i];
		if (ph->p_type == PT_LOAD && info->ehdr.e_phoff >= ph->p_offset &&
		    info->ehdr.e_phoff < ph->p_offset + ph->p_filesz)
			return bias + ph->p_vaddr + (info->ehdr.e_phoff - ph->p_offset);
	}
	return 0;
}

/* The span the PT_LOADs cover, from the first one's page (total_mapping_size). */
static uint64_t total_mapping_size(const struct elf_info *info, uint64_t *first)
{
	uint64_t lo = UINT64_MAX, hi = 0;

	for (int i = 0; i < info->phnum; i++) {
		const Elf64_Phdr *ph = &info->phdr[i];
		if (ph->p_type != PT_LOAD)
			continue;
		if (ph->p_vaddr < lo)
			lo = ph->p_vaddr;
		if (ph->p_vaddr + ph->p_memsz > hi)
			hi = ph->p_vaddr + ph->p_memsz;
	}
	*first = lo & PAGE_MASK;
	return PAGE_ALIGN(hi) - *first;
}

/* The largest power-of-two p_align of the PT_LOADs (Linux's maximum_alignment). */
static uint64_t maximum_alignment(const struct elf_info *info)
{
	uint64_t align = PAGE_SIZE;

	for (int i = 0; i < info->phnum; i++) {
		uint64_t a = info->phdr[i].p_align;
		if (info->phdr[i].p_type == PT_LOAD && a > align && !(a & (a - 1)))
			align = a;
	}
	return align;
}

int elf_load_bias(struct mm *mm, const struct elf_info *info, bool has_interp, uint64_t *bias)
{
	uint64_t first, size = total_mapping_size(info, &first);
	uint64_t align = maximum_alignment(info), base;

	*bias = 0;
	if (info->ehdr.e_type == ET_EXEC)
		return 0;
	if (has_interp) { /* Linux's ELF_ET_DYN_BASE is 0x555555554aaa, page-aligned here */
		*bias = ((ELF_ET_DYN_BASE & ~(align - 1)) - first) & PAGE_MASK;
		return 0;
	}
	if (!(base = get_unmapped_area(mm, 0, size)) || (base & ~(align - 1)) < first)
		return -ENOMEM;
	*bias = (base & ~(align - 1)) - first;
	return 0;
}

int elf_map(struct mm *mm, struct mobj *file, const struct elf_info *info, uint64_t bias,
	    struct elf_load_result *out)
{
	uint64_t end = 0;
	int err;

	for (int i = 0; i < info->phnum; i++) {
		const Elf64_Phdr *ph = &info->phdr[i];
		if (ph->p_type != PT_LOAD)
			continue;
		if ((err = map_segment(mm, file, ph, bias)))
			return err;
		if (bias + ph->p_vaddr + ph->p_memsz > end)
			end = bias + ph->p_vaddr + ph->p_memsz;
	}
	out->load_bias = bias;
	out->entry = bias + info->ehdr.e_entry;
	out->phdr_addr = phdr_address(info, bias);
	out->brk = PAGE_ALIGN(end);
	return 0;
}
