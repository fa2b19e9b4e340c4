/* Prints emu's system call tables, one call a line, for the checks beside this file
 * (syscall-names.sh, readme-syscalls.sh):
 *   implemented NR NAME  a row of kernel/syscall_table.c with a handler
 *   decoded NR NAME      a row there without one (ENOSYS, but decoded)
 *   named NR NAME        a row of kernel/trace/syscallent.c */
#include <emu/syscall.h>
#include <emu/xlat.h>
#include <stdio.h>

int main(void)
{
	for (int nr = 0; nr < NR_SYSCALLS; nr++)
		if (syscall_table[nr].name)
			printf("%s %d %s\n", syscall_table[nr].fn ? "implemented" : "decoded", nr,
			       syscall_table[nr].name);
	for (int nr = 0; nr < NR_SYSCALL_NAMES; nr++)
		if (syscall_names[nr].name)
			printf("named %d %s\n", nr, syscall_names[nr].name);
	return 0;
}
