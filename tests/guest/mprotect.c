/* mprotect's errors: ENOMEM for an unmapped range, EINVAL for an unaligned address
 * or unknown bits, EACCES for PROT_WRITE on a shared mapping that may never be
 * written (a file open read-only, /dev/zero too, a SysV segment attached
 * SHM_RDONLY), and what may be written. */
#include "check.h"
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

static void *map_file(const char *path, int mode, int flags)
{
	int fd = open(path, mode);
	void *p = fd < 0 ? MAP_FAILED : mmap(NULL, 4096, PROT_READ, flags, fd, 0);

	close(fd);
	return p;
}

int main(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	char *heap = malloc(pg);
	int fd = open("file", O_RDWR | O_CREAT, 0600);

	CHECK("file", fd >= 0 && ftruncate(fd, 4096) == 0);
	close(fd);
	EXPECT_ERRNO("NULL ENOMEM", mprotect(NULL, pg + 1, PROT_READ), ENOMEM);
	EXPECT_ERRNO("unaligned EINVAL", mprotect(heap + 1, 1024, PROT_READ), EINVAL);
	EXPECT_ERRNO("bad prot EINVAL", mprotect(heap - ((uintptr_t)heap % pg), pg, 0x100), EINVAL);

	char *p = map_file("/dev/zero", O_RDONLY, MAP_SHARED);
	CHECK("/dev/zero read-only shared maps", p != MAP_FAILED && p[100] == 0);
	EXPECT_ERRNO("/dev/zero read-only shared: EACCES", mprotect(p, pg, PROT_WRITE), EACCES);
	CHECK("/dev/zero read-only shared: PROT_EXEC ok", mprotect(p, pg, PROT_READ | PROT_EXEC) == 0);
	p = map_file("/dev/zero", O_RDWR, MAP_SHARED);
	CHECK("/dev/zero rw shared: PROT_WRITE ok", mprotect(p, pg, PROT_WRITE | PROT_READ) == 0);
	p[0] = 7;
	pid_t c = fork();
	if (c == 0) {
		p[0] = 9;
		_exit(0);
	}
	waitpid(c, NULL, 0);
	CHECK("/dev/zero rw shared: shared with a child", p[0] == 9);
	p = map_file("/dev/zero", O_RDONLY, MAP_PRIVATE);
	CHECK("/dev/zero private: PROT_WRITE ok", mprotect(p, pg, PROT_WRITE) == 0 && (p[0] = 1));

	p = map_file("file", O_RDONLY, MAP_SHARED);
	EXPECT_ERRNO("file read-only shared: EACCES", mprotect(p, pg, PROT_WRITE), EACCES);
	p = map_file("file", O_RDWR, MAP_SHARED);
	CHECK("file rw shared: ok", mprotect(p, pg, PROT_READ | PROT_WRITE) == 0 && (p[0] = 1));
	p = map_file("file", O_RDONLY, MAP_PRIVATE);
	CHECK("file read-only private: ok", mprotect(p, pg, PROT_READ | PROT_WRITE) == 0 && (p[0] = 1));
	p = mmap(NULL, pg, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK("anonymous shared: ok", mprotect(p, pg, PROT_READ | PROT_WRITE) == 0 && (p[0] = 1));

	int id = shmget(IPC_PRIVATE, pg, IPC_CREAT | 0600);
	char *ro = shmat(id, NULL, SHM_RDONLY), *rw = shmat(id, NULL, 0);
	shmctl(id, IPC_RMID, NULL);
	CHECK("shm attached", ro != (void *)-1 && rw != (void *)-1);
	EXPECT_ERRNO("shm SHM_RDONLY: EACCES", mprotect(ro, pg, PROT_READ | PROT_WRITE), EACCES);
	CHECK("shm rw: ok", mprotect(rw, pg, PROT_READ) == 0 && mprotect(rw, pg, PROT_READ | PROT_WRITE) == 0);
	return failures;
}
