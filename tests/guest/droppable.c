/* MAP_DROPPABLE (Linux 6.11): private anonymous memory the kernel may free. Its
 * rules, compared with the real kernel: EINVAL with MAP_SHARED, a file,
 * MAP_LOCKED, MAP_HUGETLB or MAP_GROWSDOWN; reads and writes like any private
 * memory; a child gets zeroes (VM_WIPEONFORK); smaps's VmFlags. 77 natively on a
 * kernel without it. (Its reclaim under a group's memory.max is tests/cgroup.) */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef MAP_DROPPABLE
#define MAP_DROPPABLE 0x08
#endif

static const char *try_map(int flags, int fd)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, flags, fd, 0);

	if (p != MAP_FAILED) {
		munmap(p, 4096);
		return "ok";
	}
	return errno == EINVAL ? "EINVAL" : errno == EBADF ? "EBADF" : "other";
}

/* The VmFlags line of the mapping at p in /proc/self/smaps. */
static void show_vmflags(void *p)
{
	char head[32], line[512];
	FILE *f = fopen("/proc/self/smaps", "r");
	int in = 0;

	snprintf(head, sizeof head, "%lx-", (unsigned long)p);
	while (f && fgets(line, sizeof line, f)) {
		if (!strncmp(line, head, strlen(head)))
			in = 1;
		else if (in && !strncmp(line, "VmFlags:", 8)) {
			printf("smaps %s", line);
			break;
		}
	}
	if (f)
		fclose(f);
}

int main(void)
{
	char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_DROPPABLE | MAP_ANONYMOUS, -1, 0);
	int fd = open("/proc/self/exe", O_RDONLY), st;

	if (p == MAP_FAILED)
		return 77; /* a kernel before 6.11 */
	printf("shared: %s\n", try_map(MAP_DROPPABLE | MAP_SHARED | MAP_ANONYMOUS, -1));
	printf("shared_validate: %s\n", try_map(MAP_DROPPABLE | MAP_SHARED_VALIDATE | MAP_ANONYMOUS, -1));
	printf("file: %s\n", try_map(MAP_DROPPABLE, fd));
	printf("bad fd: %s\n", try_map(MAP_DROPPABLE, 1000));
	printf("locked: %s\n", try_map(MAP_DROPPABLE | MAP_ANONYMOUS | MAP_LOCKED, -1));
	printf("hugetlb: %s\n", try_map(MAP_DROPPABLE | MAP_ANONYMOUS | MAP_HUGETLB, -1));
	printf("growsdown: %s\n", try_map(MAP_DROPPABLE | MAP_ANONYMOUS | MAP_GROWSDOWN, -1));
	printf("noreserve: %s\n", try_map(MAP_DROPPABLE | MAP_ANONYMOUS | MAP_NORESERVE, -1));
	printf("untouched reads %d\n", p[4096]);
	memset(p, 'A', 2 * 4096);
	printf("written reads %c %c\n", p[0], p[4096 + 7]);
	show_vmflags(p);
	pid_t pid = fork();
	if (pid == 0)
		_exit(p[0] == 0 && p[4096] == 0 ? 0 : 1); /* wiped on fork */
	waitpid(pid, &st, 0);
	printf("child sees zeroes: %d\n", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	printf("parent still reads %c\n", p[1]);
	printf("mprotect: %d\n", mprotect(p, 4096, PROT_READ));
	printf("munmap: %d\n", munmap(p, 3 * 4096));
	return 0;
}
