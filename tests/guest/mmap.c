/* mmap and friends on anonymous and file memory: placement rules, protection
 * changes, splitting by munmap, mremap moving contents, MAP_FIXED(_NOREPLACE),
 * private file mappings, madvise(MADV_DONTNEED). */
#include "check.h"
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#define PG 4096

int main(void)
{
	char *a = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK("anonymous mmap", a != MAP_FAILED);
	CHECK("anonymous memory is zero", a[0] == 0 && a[4 * PG - 1] == 0);
	memset(a, 'x', 4 * PG);
	CHECK("munmap of the second page", munmap(a + PG, PG) == 0);
	CHECK("the pages around it stay", a[0] == 'x' && a[2 * PG] == 'x');
	char *hole = mmap(a + PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	CHECK("MAP_FIXED_NOREPLACE into the hole", hole == a + PG && hole[0] == 0);
	EXPECT_ERRNO("MAP_FIXED_NOREPLACE over a mapping gives EEXIST",
		     mmap(a, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) == MAP_FAILED ? -1 : 0,
		     EEXIST);
	char *f = mmap(a + 2 * PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK("MAP_FIXED replaces, with zeroes", f == a + 2 * PG && f[0] == 0);
	CHECK("mprotect read-only", mprotect(a, PG, PROT_READ) == 0 && a[0] == 'x');
	CHECK("mprotect back to read-write", mprotect(a, PG, PROT_READ | PROT_WRITE) == 0);
	a[0] = 'y';
	CHECK("write after mprotect", a[0] == 'y');
	EXPECT_ERRNO("munmap of an unaligned address", munmap(a + 1, PG), EINVAL);
	EXPECT_ERRNO("mmap of length 0", mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0, EINVAL);
	EXPECT_ERRNO("mprotect of an unmapped range", mprotect(a + PG * 1000, PG, PROT_READ), ENOMEM);
	CHECK("munmap of all", munmap(a, 4 * PG) == 0);

	char *g = mmap(NULL, 16 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (int i = 0; i < 16 * PG; i++)
		g[i] = (char)(i % 251);
	char *h = mremap(g, 16 * PG, 256 * PG, MREMAP_MAYMOVE);
	int same = h != MAP_FAILED;
	for (int i = 0; same && i < 16 * PG; i++)
		same = h[i] == (char)(i % 251);
	CHECK("mremap grows and keeps contents", same && h[256 * PG - 1] == 0);
	CHECK("mremap shrinks in place", mremap(h, 256 * PG, 8 * PG, 0) == h);
	memset(h, 1, 8 * PG);
	CHECK("madvise(MADV_DONTNEED)", madvise(h, 8 * PG, MADV_DONTNEED) == 0 && h[5] == 0);

	char *s = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK("shared anonymous mapping", s != MAP_FAILED && s[0] == 0);
	strcpy(s, "shared");
	CHECK("shared anonymous memory is writable", !strcmp(s, "shared"));

	int fd = open("data.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
	char text[3 * PG];
	for (int i = 0; i < 3 * PG; i++)
		text[i] = 'a' + i % 26;
	write(fd, text, sizeof text - 100);
	char *m = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK("private file mapping", m != MAP_FAILED && !memcmp(m, text, sizeof text - 100));
	CHECK("bytes past the end of the file are zero", m[3 * PG - 1] == 0);
	m[0] = 'Z';
	char first;
	pread(fd, &first, 1, 0);
	CHECK("a private write does not reach the file", first == 'a' && m[0] == 'Z');
	char *off = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, PG);
	CHECK("file mapping at an offset", off != MAP_FAILED && off[0] == text[PG]);
	EXPECT_ERRNO("file mapping at an unaligned offset",
		     mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 100) == MAP_FAILED ? -1 : 0, EINVAL);
	EXPECT_ERRNO("mmap of a bad fd", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 99, 0) == MAP_FAILED ? -1 : 0, EBADF);
	close(fd);
	unlink("data.bin");
	return failures;
}
