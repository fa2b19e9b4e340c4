/* The initial stack (kernel/elf_tables.c) as Linux's create_elf_tables lays it out. */
#include "unit.h"
#include <emu/binfmt.h>
#include <emu/mm.h>
#include <emu/task.h>
#include <errno.h>
#include <stdlib.h>

static struct elf_info info;
static struct elf_load_result load = { 0x401000, 0x400040, 0, 0x500000, 0 };

static int setup(void **state)
{
	frames_init(4096 * PAGE_SIZE);
	current = task_alloc();
	return 0;
}

static int fresh_mm(void **state)
{
	current->mm = mm_alloc();
	vma_map(current->mm, STACK_TOP - STACK_SIZE_MAX, STACK_SIZE_MAX, VM_READ | VM_WRITE, NULL, 0);
	info.phnum = 7;
	return 0;
}

static int drop_mm(void **state)
{
	mmput(current->mm);
	current->mm = NULL;
	return 0;
}

static uint64_t word(uint64_t addr)
{
	uint64_t v;
	assert_int_equal(copy_from_user(&v, addr, 8), 0);
	return v;
}

static const char *str(uint64_t addr)
{
	static char buf[256];
	assert_true(strncpy_from_user(buf, addr, sizeof buf) >= 0);
	return buf;
}

static uint64_t aux(uint64_t auxv, uint64_t type)
{
	for (;; auxv += 16) {
		if (word(auxv) == type)
			return word(auxv + 8);
		if (word(auxv) == AT_NULL)
			return (uint64_t)-1;
	}
}

static void layout_matches_linux(void **state)
{
	char *argv[] = { "prog", "a", "bc", NULL }, *envp[] = { "X=1", NULL };
	struct exec_args a = { .argv = argv, .envp = envp, .execfn = "/bin/prog", .info = &info,
			       .load = &load, .hwcap = 0x178bfbff, .uid = 7, .euid = 7, .gid = 8, .egid = 8 };
	memcpy(a.random, "0123456789abcdef", 16);

	long sp = create_elf_tables(current->mm, &a);
	assert_true(sp > 0);
	assert_int_equal(sp & 15, 0);
	assert_int_equal(word(sp), 3);
	assert_string_equal(str(word(sp + 8)), "prog");
	assert_string_equal(str(word(sp + 16)), "a");
	assert_string_equal(str(word(sp + 24)), "bc");
	assert_int_equal(word(sp + 32), 0);
	assert_string_equal(str(word(sp + 40)), "X=1");
	assert_int_equal(word(sp + 48), 0);
	uint64_t auxv = sp + 56;
	assert_int_equal(aux(auxv, AT_PAGESZ), 4096);
	assert_int_equal(aux(auxv, AT_PHNUM), 7);
	assert_int_equal(aux(auxv, AT_PHENT), sizeof(Elf64_Phdr));
	assert_int_equal(aux(auxv, AT_PHDR), 0x400040);
	assert_int_equal(aux(auxv, AT_ENTRY), 0x401000);
	assert_int_equal(aux(auxv, AT_UID), 7);
	assert_int_equal(aux(auxv, AT_EGID), 8);
	assert_int_equal(aux(auxv, AT_SECURE), 0);
	assert_int_equal(aux(auxv, AT_HWCAP), 0x178bfbff);
	assert_string_equal(str(aux(auxv, AT_EXECFN)), "/bin/prog");
	assert_string_equal(str(aux(auxv, AT_PLATFORM)), "x86_64");
	char random[16];
	assert_int_equal(copy_from_user(random, aux(auxv, AT_RANDOM), 16), 0);
	assert_memory_equal(random, "0123456789abcdef", 16);
	/* strings, low to high: argv, envp, execfn, then 8 zero bytes at the top */
	uint64_t arg0 = word(sp + 8), env0 = word(sp + 40), execfn = aux(auxv, AT_EXECFN);
	assert_true(arg0 < env0 && env0 < execfn);
	assert_int_equal(execfn + strlen("/bin/prog") + 1, STACK_TOP - 8);
	assert_int_equal(word(STACK_TOP - 8), 0);
	assert_int_equal(current->mm->arg_start, arg0);
}

static void too_many_arguments_is_e2big(void **state)
{
	size_t n = 3000;
	char **argv = calloc(n + 1, sizeof *argv), *big = malloc(1024);
	memset(big, 'x', 1023);
	big[1023] = 0;
	for (size_t i = 0; i < n; i++)
		argv[i] = big; /* 3 MiB of arguments: more than a quarter of the stack */
	char *envp[] = { NULL };
	struct exec_args a = { .argv = argv, .envp = envp, .execfn = "p", .info = &info, .load = &load };
	assert_int_equal(create_elf_tables(current->mm, &a), -E2BIG);
	free(argv);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(layout_matches_linux, fresh_mm, drop_mm),
		cmocka_unit_test_setup_teardown(too_many_arguments_is_e2big, fresh_mm, drop_mm),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
