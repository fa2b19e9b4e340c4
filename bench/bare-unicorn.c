/* bare-unicorn PROGRAM: the baseline for bench/: runs a static non-PIE musl program
 * on Unicorn with nothing of emu's in the way: default TLB (guest virtual =
 * physical, mapped with uc_mem_map), no block hook, and only the few system calls
 * a musl compute program makes. A measuring tool, not part of emu. */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unicorn/unicorn.h>
#include <unistd.h>

#define STACK_TOP 0x7ff000000000UL
#define STACK_SIZE (8UL << 20)
#define HEAP_BASE 0x200000000UL
#define PAGE 4096UL

static uint64_t heap_next = HEAP_BASE;
static int exit_status;

static void die(const char *what, uc_err err)
{
	fprintf(stderr, "bare-unicorn: %s: %s\n", what, uc_strerror(err));
	exit(1);
}

static uint64_t anon_map(uc_engine *uc, uint64_t len)
{
	uint64_t at = heap_next;

	len = (len + PAGE - 1) & ~(PAGE - 1);
	if (uc_mem_map(uc, at, len, UC_PROT_ALL))
		return (uint64_t)-12;
	heap_next += len + PAGE;
	return at;
}

static long do_writev(uc_engine *uc, int fd, uint64_t uiov, int n)
{
	long total = 0;

	for (int i = 0; i < n; i++) {
		struct { uint64_t base, len; } v;
		uc_mem_read(uc, uiov + i * 16, &v, sizeof v);
		char *buf = malloc(v.len + 1);
		uc_mem_read(uc, v.base, buf, v.len);
		total += write(fd, buf, v.len);
		free(buf);
	}
	return total;
}

static void hook_syscall(uc_engine *uc, void *data __attribute__((unused)))
{
	uint64_t nr, a0, a1, a2, ret = 0;

	uc_reg_read(uc, UC_X86_REG_RAX, &nr);
	uc_reg_read(uc, UC_X86_REG_RDI, &a0);
	uc_reg_read(uc, UC_X86_REG_RSI, &a1);
	uc_reg_read(uc, UC_X86_REG_RDX, &a2);
	switch (nr) {
	case 158: uc_reg_write(uc, UC_X86_REG_FS_BASE, &a1); break;  /* arch_prctl */
	case 218: ret = 1; break;                                     /* set_tid_address */
	case 12: ret = 0; break;                                      /* brk: none */
	case 9: ret = anon_map(uc, a1); break;                        /* mmap */
	case 11: case 10: case 28: ret = 0; break;                    /* munmap, mprotect, madvise */
	case 16: ret = (uint64_t)-25; break;                          /* ioctl: ENOTTY */
	case 20: ret = do_writev(uc, (int)a0, a1, (int)a2); break;
	case 60: case 231: exit_status = (int)a0; uc_emu_stop(uc); break;
	default: ret = (uint64_t)-38; break;                          /* ENOSYS */
	}
	uc_reg_write(uc, UC_X86_REG_RAX, &ret);
}

static uint64_t load(uc_engine *uc, const char *path)
{
	FILE *f = fopen(path, "rb");
	Elf64_Ehdr eh;
	if (!f || fread(&eh, sizeof eh, 1, f) != 1 || eh.e_type != ET_EXEC) {
		fprintf(stderr, "bare-unicorn: %s: not a static non-PIE ELF\n", path);
		exit(1);
	}
	for (int i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;
		fseek(f, eh.e_phoff + i * sizeof ph, SEEK_SET);
		if (fread(&ph, sizeof ph, 1, f) != 1 || ph.p_type != PT_LOAD)
			continue;
		uint64_t start = ph.p_vaddr & ~(PAGE - 1);
		uint64_t end = (ph.p_vaddr + ph.p_memsz + PAGE - 1) & ~(PAGE - 1);
		uc_mem_map(uc, start, end - start, UC_PROT_ALL); /* may overlap: already mapped */
		char *buf = calloc(1, ph.p_filesz + 1);
		fseek(f, ph.p_offset, SEEK_SET);
		if (fread(buf, 1, ph.p_filesz, f) != ph.p_filesz)
			exit(1);
		uc_mem_write(uc, ph.p_vaddr, buf, ph.p_filesz);
		free(buf);
	}
	fclose(f);
	return eh.e_entry;
}

int main(int argc, char **argv)
{
	uc_engine *uc;
	uc_hook h;
	uc_err err;

	if (argc == 2 && !strcmp(argv[1], "--version")) {
		unsigned major, minor, v = uc_version(&major, &minor);
		printf("Unicorn %u.%u.%u\n", major, minor, (v >> 8) & 0xff);
		return 0;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: bare-unicorn PROGRAM\n");
		return 2;
	}
	if ((err = uc_open(UC_ARCH_X86, UC_MODE_64, &uc)))
		die("uc_open", err);
	uint64_t entry = load(uc, argv[1]);
	if ((err = uc_mem_map(uc, STACK_TOP - STACK_SIZE, STACK_SIZE, UC_PROT_READ | UC_PROT_WRITE)))
		die("stack", err);
	/* argc, argv[0], NULL, envp NULL, auxv: AT_PAGESZ, AT_RANDOM, AT_NULL */
	uint64_t sp = STACK_TOP - 4096, random = STACK_TOP - 64, name = STACK_TOP - 128;
	uint64_t frame[] = { 1, name, 0, 0, AT_PAGESZ, PAGE, AT_RANDOM, random, AT_NULL, 0 };
	uc_mem_write(uc, name, "prog", 5);
	uc_mem_write(uc, random, "0123456789abcdef", 16);
	uc_mem_write(uc, sp, frame, sizeof frame);
	uc_reg_write(uc, UC_X86_REG_RSP, &sp);
	uc_hook_add(uc, &h, UC_HOOK_INSN, hook_syscall, NULL, 1, 0, UC_X86_INS_SYSCALL);
	if ((err = uc_emu_start(uc, entry, 0, 0, 0)))
		die("run", err);
	return exit_status;
}
