/* Guard regions (MADV_GUARD_INSTALL, MADV_GUARD_REMOVE, Linux 6.13): an access is
 * SIGSEGV, a kernel access EFAULT; they survive fork, MADV_DONTNEED and mprotect,
 * move with mremap, go with munmap and MADV_GUARD_REMOVE; installing drops the
 * pages; which mappings take them. Native kernels before 6.13 skip (exit 77). */
#include "check.h"
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PG 4096UL
#ifndef MADV_GUARD_INSTALL
#define MADV_GUARD_INSTALL 102
#define MADV_GUARD_REMOVE 103
#endif

static sigjmp_buf jb;
static volatile int seg_code;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	seg_code = si->si_code;
	siglongjmp(jb, 1);
}

/* 1 if reading (or writing) addr faults, with seg_code its si_code. */
static int faults(char *addr, int write)
{
	if (sigsetjmp(jb, 1))
		return 1;
	if (write)
		*(volatile char *)addr = 'w';
	else
		(void)*(volatile char *)addr;
	return 0;
}

static char *anon(size_t len, int flags)
{
	return mmap(NULL, len, PROT_READ | PROT_WRITE, flags | MAP_ANONYMOUS, -1, 0);
}

int main(void)
{
	struct sigaction sa = { 0 };
	char *p = anon(4 * PG, MAP_PRIVATE);

	setvbuf(stdout, NULL, _IONBF, 0);
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGSEGV, &sa, NULL);
	memset(p, 'x', 4 * PG);
	if (madvise(p + PG, 2 * PG, MADV_GUARD_INSTALL)) {
		printf("MADV_GUARD_INSTALL unavailable (errno %d)\n", errno);
		return 77;
	}
	CHECK("read of a guard page faults", faults(p + PG, 0) && seg_code == SEGV_MAPERR);
	CHECK("write of a guard page faults", faults(p + 2 * PG + 5, 1));
	CHECK("the neighbours stay", !faults(p, 0) && p[0] == 'x' && p[3 * PG] == 'x');
	int pfd[2];
	if (pipe(pfd) == 0) {
		EXPECT_ERRNO("kernel read of a guard page", write(pfd[1], p + PG, 8), EFAULT);
		CHECK("pipe write", write(pfd[1], "abcdefgh", 8) == 8);
		EXPECT_ERRNO("kernel write into a guard page", read(pfd[0], p + PG, 8), EFAULT);
		close(pfd[0]);
		close(pfd[1]);
	}
	CHECK("install twice", madvise(p + PG, PG, MADV_GUARD_INSTALL) == 0);

	pid_t pid = fork();
	if (pid == 0)
		_exit(faults(p + PG, 0) && !faults(p, 0) ? 0 : 1);
	int st = 0;
	waitpid(pid, &st, 0);
	CHECK("fork: the child has them", WIFEXITED(st) && WEXITSTATUS(st) == 0);

	CHECK("MADV_DONTNEED", madvise(p, 4 * PG, MADV_DONTNEED) == 0);
	CHECK("MADV_DONTNEED keeps them", faults(p + PG, 0) && !faults(p, 0) && p[0] == 0);
	CHECK("mprotect", mprotect(p, 4 * PG, PROT_READ) == 0 && mprotect(p, 4 * PG, PROT_READ | PROT_WRITE) == 0);
	CHECK("mprotect keeps them", faults(p + 2 * PG, 0));

	CHECK("remove", madvise(p + PG, 2 * PG, MADV_GUARD_REMOVE) == 0);
	CHECK("removed: zeroes (install dropped the pages)", !faults(p + PG, 0) && p[PG] == 0 && p[2 * PG] == 0);
	CHECK("remove where there are none", madvise(p, 4 * PG, MADV_GUARD_REMOVE) == 0);

	/* mremap moves them with the pages */
	madvise(p + 3 * PG, PG, MADV_GUARD_INSTALL);
	char *q = anon(8 * PG, MAP_PRIVATE);
	munmap(q, 8 * PG);
	char *m = mremap(p, 4 * PG, 4 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, q);
	CHECK("mremap", m == q);
	CHECK("mremap: they moved", faults(q + 3 * PG, 0) && !faults(q, 0));
	/* munmap takes them */
	munmap(q, 4 * PG);
	char *r = mmap(q, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK("munmap takes them", r == q && !faults(q + 3 * PG, 0));
	munmap(r, 4 * PG);

	/* which mappings */
	EXPECT_ERRNO("unmapped", madvise(q, PG, MADV_GUARD_INSTALL), ENOMEM);
	char *s = anon(PG, MAP_SHARED);
	s[0] = 's';
	CHECK("shared anonymous (Linux 6.15)", madvise(s, PG, MADV_GUARD_INSTALL) == 0 && faults(s, 0));
	CHECK("shared anonymous: removed, the page is back", madvise(s, PG, MADV_GUARD_REMOVE) == 0 &&
								 !faults(s, 0) && s[0] == 's');
	munmap(s, PG);
	char path[] = "/tmp/guardXXXXXX";
	int fd = mkstemp(path);
	unlink(path);
	if (ftruncate(fd, PG) == 0) {
		char *f = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 0);
		CHECK("private file mapping (Linux 6.15)", madvise(f, PG, MADV_GUARD_INSTALL) == 0 && faults(f, 0));
		munmap(f, PG);
	}
	close(fd);
	char *l = anon(2 * PG, MAP_PRIVATE);
	if (mlock(l, PG) == 0) {
		EXPECT_ERRNO("locked: install", madvise(l, PG, MADV_GUARD_INSTALL), EINVAL);
		CHECK("locked: remove", madvise(l, PG, MADV_GUARD_REMOVE) == 0);
		munlock(l, PG);
	} else {
		printf("locked: install: ok\nlocked: remove: ok\n");
	}
	CHECK("read-only private anonymous", mprotect(l, 2 * PG, PROT_READ) == 0 &&
						 madvise(l, PG, MADV_GUARD_INSTALL) == 0 && faults(l, 0));
	EXPECT_ERRNO("unaligned", madvise(l + 1, PG, MADV_GUARD_INSTALL), EINVAL);
	return failures;
}
