/* The memory controller under emu: memory.current and memory.stat follow the
 * pages a group's process touches and frees; over memory.max the OOM killer acts
 * inside the group. */
#include "cg.h"
#include <sys/mman.h>
#include <sys/wait.h>

#define MB (1024L * 1024)

/* In the group: touch 1 MiB, then unmap it; the exit status counts the failures. */
static int touch_and_free(void)
{
	long c0 = cg_read_long(CG "/m/memory.current"), a0 = cg_key(CG "/m/memory.stat", "anon");
	char *p = mmap(NULL, MB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	memset(p, 1, MB);
	long c1 = cg_read_long(CG "/m/memory.current"), a1 = cg_key(CG "/m/memory.stat", "anon");
	/* "memory.current ... The total amount of memory currently being used by the
	 * cgroup and its descendants." 256 pages more, and little else. */
	check("memory.current rises by the 1 MiB touched", c1 - c0 >= MB && c1 - c0 < MB + 64 * 1024);
	/* memory.stat "anon: Amount of memory used in anonymous mappings" */
	check("memory.stat anon rises by 1 MiB", a1 - a0 >= MB && a1 - a0 < MB + 64 * 1024);
	munmap(p, MB);
	long c2 = cg_read_long(CG "/m/memory.current");
	/* "A memory area is charged to the cgroup which instantiated it and stays
	 * charged to the cgroup until the area is released." */
	/* (code paged in and stack pages copied meanwhile are charged too) */
	check("memory.current falls by 1 MiB at munmap", c1 - c2 > MB - 64 * 1024);
	long a2 = cg_key(CG "/m/memory.stat", "anon");
	check("memory.stat anon falls by 1 MiB at munmap", a1 - a2 > MB - 64 * 1024);
	return failures;
}

/* In a group limited to 4 MiB: touch 16 MiB. */
static void hog(void)
{
	char *p = mmap(NULL, 16 * MB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	memset(p, 1, 16 * MB);
	_exit(0);
}

int main(void)
{
	int st;

	check("+memory in the root's cgroup.subtree_control", !cg_write(CG "/cgroup.subtree_control", "+memory"));
	check("mkdir m and o", !mkdir(CG "/m", 0755) && !mkdir(CG "/o", 0755));
	/* "memory.max ... The default is "max"." */
	check("memory.max is max", !strcmp(cg_read(CG "/m/memory.max"), "max\n"));
	check("memory.max abc: EINVAL", cg_write(CG "/m/memory.max", "abc") == -EINVAL);
	check("memory.max 4M reads 4194304", !cg_write(CG "/m/memory.max", "4M") &&
	      cg_read_long(CG "/m/memory.max") == 4 * MB);
	check("memory.max max", !cg_write(CG "/m/memory.max", "max"));
	check("memory.swap.current 0", cg_read_long(CG "/m/memory.swap.current") == 0);
	pid_t pid = clone_into(CG "/m");
	if (pid == 0)
		_exit(touch_and_free());
	waitpid(pid, &st, 0);
	check("the toucher's checks", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	check("memory.stat anon 0 after it exited", cg_key(CG "/m/memory.stat", "anon") == 0);
	check("memory.peak at least 1 MiB", cg_read_long(CG "/m/memory.peak") >= MB);

	check("memory.max 4M on o", !cg_write(CG "/o/memory.max", "4M"));
	pid = clone_into(CG "/o");
	if (pid == 0)
		hog();
	waitpid(pid, &st, 0);
	/* "If a cgroup's memory usage reaches this limit and can't be reduced, the OOM
	 * killer is invoked in the cgroup." */
	check("the hog is killed by SIGKILL", WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	/* memory.events "oom_kill: The number of processes belonging to this cgroup
	 * killed by any kind of OOM killer." */
	check("memory.events oom_kill 1", cg_key(CG "/o/memory.events", "oom_kill") == 1);
	/* "oom: The number of time the cgroup's memory usage was reached the limit and
	 * allocation was about to fail." */
	check("memory.events oom 1", cg_key(CG "/o/memory.events", "oom") == 1);
	/* "max: The number of times the cgroup's memory usage was about to go over the
	 * max boundary." */
	check("memory.events max >= 1", cg_key(CG "/o/memory.events", "max") >= 1);
	check("memory.events.local oom_kill 1", cg_key(CG "/o/memory.events.local", "oom_kill") == 1);
	check("memory.peak stays within memory.max", cg_read_long(CG "/o/memory.peak") <= 4 * MB);
	check("the OOM kill stayed in o: m has none", cg_key(CG "/m/memory.events", "oom_kill") == 0);
	check("rmdir m and o", !rmdir(CG "/m") && !rmdir(CG "/o"));
	return failures;
}
