/* MAP_DROPPABLE under a group's memory.max: its pages are dropped (they read back
 * as zeroes) before anyone is OOM-killed; without a group limit emu never drops
 * them (it has no machine-wide reclaim). */
#include "cg.h"
#include <sys/mman.h>
#include <stdbool.h>
#include <sys/wait.h>

#define MB (1024L * 1024)
#define PAGES (4 * MB / 4096)
#define MAP_DROPPABLE_ 0x08 /* Linux 6.11 */

/* How many of the droppable pages still read 'A' and are resident. */
static long kept(const char *p)
{
	unsigned char vec[PAGES];
	long n = 0;

	if (mincore((void *)p, 4 * MB, vec))
		return -1;
	for (long i = 0; i < PAGES; i++)
		n += (vec[i] & 1) && p[i * 4096] == 'A';
	return n;
}

/* 4 MiB droppable, then 6 MiB ordinary memory, in a group of 8 MiB. */
static int pressure(bool limited)
{
	char *d = mmap(NULL, 4 * MB, PROT_READ | PROT_WRITE, MAP_DROPPABLE_ | MAP_ANONYMOUS, -1, 0);
	char *p = mmap(NULL, 6 * MB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	memset(d, 'A', 4 * MB);
	check("all droppable pages kept before the pressure", kept(d) == PAGES);
	memset(p, 'B', 6 * MB);
	long k = kept(d);
	if (limited) {
		check("some droppable pages were dropped", k < PAGES);
		check("dropped pages read back as zeroes", d[0] == 0);
		check("the ordinary memory is intact", p[0] == 'B' && p[6 * MB - 1] == 'B');
		check("memory.current within memory.max", cg_read_long(CG "/d/memory.current") <= 8 * MB);
	} else {
		check("without a limit nothing is dropped", k == PAGES);
	}
	return failures;
}


int main(void)
{
	int st;

	check("+memory in the root's cgroup.subtree_control", !cg_write(CG "/cgroup.subtree_control", "+memory"));
	check("mkdir d", !mkdir(CG "/d", 0755));
	check("memory.max 8M", !cg_write(CG "/d/memory.max", "8M"));
	pid_t pid = clone_into(CG "/d");
	if (pid == 0)
		_exit(pressure(true));
	waitpid(pid, &st, 0);
	check("the child's checks, and it was not killed", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* the droppable pages made room: "oom_kill: The number of processes belonging
	 * to this cgroup killed by any kind of OOM killer." stays 0 */
	check("memory.events oom_kill 0", cg_key(CG "/d/memory.events", "oom_kill") == 0);
	check("memory.events max counted the pressure", cg_key(CG "/d/memory.events", "max") >= 1);
	pid = fork(); /* in the root group: no limit */
	if (pid == 0)
		_exit(pressure(false));
	waitpid(pid, &st, 0);
	check("without a limit: the child's checks", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	check("rmdir d", !rmdir(CG "/d"));
	return failures;
}
