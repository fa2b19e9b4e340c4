/* Copy-on-write: after fork both processes see the same memory until one writes;
 * the write copies that one page only. Try: emu --trace=mm,proc cow */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char page[4096] = "written before fork";

int main(void)
{
	if (fork() == 0) {
		strcpy(page, "the child's own copy");
		printf("child sees:  %s\n", page);
		exit(0);
	}
	wait(NULL);
	printf("parent sees: %s\n", page);
	return 0;
}
