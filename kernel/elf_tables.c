/* The initial process stack, laid out as Linux's create_elf_tables does it
 * (fs/binfmt_elf.c, fs/exec.c), from the top down:
 *   8 zero bytes, the executable's name, the environment strings, the argument
 *   strings, "x86_64", 16 random bytes, then (16-byte aligned) argc, argv[], NULL,
 *   envp[], NULL, auxv pairs ending with AT_NULL. */
#include <emu/binfmt.h>
#include <emu/mm.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define ARG_MAX_BYTES (STACK_SIZE_MAX / 4) /* Linux: a quarter of the stack limit */
#define MINSIGSTKSZ_X86 2048

/* Pushes n bytes below *sp; -E2BIG past the argument limit, -EFAULT on error. */
static int push(uint64_t *sp, const void *data, size_t n)
{
	if (STACK_TOP - *sp + n > ARG_MAX_BYTES)
		return -E2BIG;
	*sp -= n;
	return copy_to_user(*sp, data, n);
}

static int count(char *const *v)
{
	int n = 0;
	while (v && v[n])
		n++;
	return n;
}

/* Pushes the strings of v (last first, so they lie in order) and records where. */
static int push_strings(uint64_t *sp, char *const *v, int n, uint64_t *addr)
{
	for (int i = n - 1; i >= 0; i--) {
		int err = push(sp, v[i], strlen(v[i]) + 1);
		if (err)
			return err;
		addr[i] = *sp;
	}
	return 0;
}

static int fill_auxv(uint64_t *auxv, const struct exec_args *a, uint64_t platform,
		     uint64_t random, uint64_t execfn)
{
	const struct elf_load_result *l = a->load;
	uint64_t pairs[][2] = {
		{ AT_MINSIGSTKSZ, MINSIGSTKSZ_X86 },
		{ AT_HWCAP, a->hwcap },
		{ AT_PAGESZ, PAGE_SIZE },
		{ AT_CLKTCK, 100 },
		{ AT_PHDR, l->phdr_addr },
		{ AT_PHENT, sizeof(Elf64_Phdr) },
		{ AT_PHNUM, a->info->phnum },
		{ AT_BASE, l->interp_base }, /* the interpreter, 0 for a static program */
		{ AT_FLAGS, 0 },
		{ AT_ENTRY, l->entry },
		{ AT_UID, a->uid },
		{ AT_EUID, a->euid },
		{ AT_GID, a->gid },
		{ AT_EGID, a->egid },
		{ AT_SECURE, 0 },
		{ AT_RANDOM, random },
		{ AT_HWCAP2, 0 },
		{ AT_EXECFN, execfn },
		{ AT_PLATFORM, platform },
		{ AT_NULL, 0 },
	};
	int n = sizeof pairs / sizeof pairs[0];

	memcpy(auxv, pairs, sizeof pairs);
	return n * 2;
}

long create_elf_tables(struct mm *mm, const struct exec_args *a)
{
	int argc = count(a->argv), envc = count(a->envp), err;
	uint64_t sp = STACK_TOP, zero = 0, execfn, platform, random;
	uint64_t *ptrs = calloc(argc + envc + 2 + AUXV_ENTRIES * 2 + 1, sizeof *ptrs);
	uint64_t *argv = ptrs + 1, *envp = argv + argc + 1, *auxv = envp + envc + 1;

	if (!ptrs)
		return -ENOMEM;
	if ((err = push(&sp, &zero, sizeof zero)) ||
	    (err = push(&sp, a->execfn, strlen(a->execfn) + 1)))
		goto out;
	execfn = sp;
	if ((err = push_strings(&sp, a->envp, envc, envp)) ||
	    (err = push_strings(&sp, a->argv, argc, argv)))
		goto out;
	mm->arg_start = sp;
	mm->arg_end = envc ? envp[0] : execfn;
	mm->env_start = mm->arg_end;
	mm->env_end = execfn;
	sp &= ~15UL;
	if ((err = push(&sp, "x86_64", 7)))
		goto out;
	platform = sp;
	if ((err = push(&sp, a->random, sizeof a->random)))
		goto out;
	random = sp;
	int auxc = fill_auxv(auxv, a, platform, random, execfn);
	memcpy(mm->saved_auxv, auxv, auxc * sizeof *auxv); /* for core dumps' NT_AUXV */
	mm->saved_auxv_words = auxc;
	size_t words = 1 + (argc + 1) + (envc + 1) + auxc;
	ptrs[0] = argc;
	sp = (sp - words * 8) & ~15UL; /* rsp is 16-byte aligned at argc */
	if ((err = copy_to_user(sp, ptrs, words * 8)))
		goto out;
	mm->start_stack = sp;
out:
	free(ptrs);
	return err ? err : (long)sp;
}
