/* A seeded random-system-call guest: a child makes COUNT calls, each a random
 * number from 0 to 459 with arguments drawn from values that break kernels (0, -1,
 * huge, misaligned, unmapped, kernel addresses, a scratch buffer, small
 * descriptors, relative file names). The guest may die of what it does; emu must
 * not (hostile.sh and fuzz.sh check emu's status and the sanitizers' reports).
 * Run in an empty scratch directory: names are relative and have no '/' or '..'.
 * Usage: sysfuzz SEED COUNT */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "splitmix64.h"

static char *scratch;

static uint64_t arg(void)
{
	static const uint64_t special[] = {
		0, 1, 2, 3, 4, 7, 64, 4096, 0x7fffffff, 0x80000000, 0xffffffff, UINT64_MAX,
		(uint64_t)INT64_MAX, (uint64_t)INT64_MIN, 0x7ffffffff000, 0xfffffe0000000000,
		0xffffffffff600000, 0x1000, 1ULL << 47,
	};
	switch (next() % 6) {
	case 0: return special[next() % (sizeof special / sizeof special[0])];
	case 1: return (uint64_t)(scratch + next() % 8192);  /* inside the scratch pages */
	case 2: return (uint64_t)(scratch + 8192 - next() % 8); /* straddling its end */
	case 3: return next() % 16;                           /* descriptors, small flags */
	case 4: return (uint64_t)(scratch + 4096 * 4);         /* the name "f" */
	default: return next();
	}
}

/* Calls that would end the fuzzing child at once or wait for ever on nothing. */
static int skipped(long nr)
{
	switch (nr) {
	case SYS_exit: case SYS_exit_group: case SYS_pause: case SYS_rt_sigsuspend:
	case SYS_rt_sigreturn: case SYS_vfork: case SYS_execve: case SYS_execveat:
	case SYS_munmap: case SYS_mremap: case SYS_brk: case SYS_mprotect: case SYS_madvise:
	/* calls that write paths into memory ("/...", "..") or leave the scratch
	 * directory: later calls take their names from that memory */
	case SYS_getcwd: case SYS_readlink: case SYS_readlinkat: case SYS_getdents:
	case SYS_getdents64: case SYS_chdir: case SYS_fchdir: case SYS_chroot:
	case SYS_pivot_root: case SYS_mount: case SYS_umount2:
		return 1;
	default:
		return 0;
	}
}

static void fuzz(long count)
{
	scratch = mmap(NULL, 5 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(scratch + 2 * 4096, 4096);  /* a hole after the scratch pages */
	strcpy(scratch + 4 * 4096, "f"); /* a relative name */
	alarm(10);                       /* virtual time: a call that waits ends here */
	for (long i = 0; i < count; i++) {
		long nr = (long)(next() % 460);
		uint64_t a[6];
		for (int j = 0; j < 6; j++)
			a[j] = arg();
		if (skipped(nr))
			continue;
		syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		if (getpid() != getpgid(0) && nr == SYS_fork)
			_exit(0); /* a forked copy stops at once */
	}
	_exit(0);
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	state = strtoull(argv[1], NULL, 0);
	pid_t c = fork();
	if (c == 0) {
		setpgid(0, 0);
		fuzz(strtol(argv[2], NULL, 0));
	}
	int st = 0;
	waitpid(c, &st, 0);
	kill(-c, SIGKILL); /* whatever it forked */
	printf("seed %s: the fuzzing child ended with %s %d\n", argv[1],
	       WIFSIGNALED(st) ? "signal" : "status", WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
	return 0;
}
