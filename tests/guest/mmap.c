/* mmap and friends on anonymous and file memory: placement rules (hints,
 * MAP_FIXED, MAP_FIXED_NOREPLACE and EEXIST), protection changes (PROT_NONE is set
 * and cleared, never touched), splitting by munmap and MAP_FIXED, mremap in place and
 * moving (MREMAP_MAYMOVE, MREMAP_FIXED), a 256 MiB sparse mapping, shared anonymous
 * memory, private file mappings, madvise(MADV_DONTNEED). */
#include "check.h"
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
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
	CHECK("munmap of a range with nothing mapped", munmap(a, 4 * PG) == 0);
	char *hint = mmap(a, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK("a free hint address is honoured", hint == a);
	EXPECT_ERRNO("MAP_FIXED_NOREPLACE overlapping the end of a mapping",
		     mmap(a + PG, 2 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) == MAP_FAILED ? -1 : 0,
		     EEXIST);
	CHECK("... and left the hole after it free",
	      mmap(a + 2 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) == a + 2 * PG);
	munmap(a, 3 * PG);
	EXPECT_ERRNO("mmap without MAP_PRIVATE or MAP_SHARED",
		     mmap(NULL, PG, PROT_READ, MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0, EINVAL);
	EXPECT_ERRNO("MAP_FIXED at an unaligned address",
		     mmap(a + 1, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED ? -1 : 0, EINVAL);

	/* protections: PROT_NONE keeps the data (it is never read while PROT_NONE) */
	char *p = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 'p', 3 * PG);
	CHECK("mprotect PROT_NONE on the middle page", mprotect(p + PG, PG, PROT_NONE) == 0);
	CHECK("the pages around it stay readable", p[0] == 'p' && p[2 * PG] == 'p');
	CHECK("mprotect back to read-write", mprotect(p + PG, PG, PROT_READ | PROT_WRITE) == 0);
	CHECK("the middle page kept its bytes", p[PG] == 'p' && p[2 * PG - 1] == 'p');
	EXPECT_ERRNO("mprotect with an unknown bit", mprotect(p, PG, 0x100), EINVAL);
	/* raw call: musl's mprotect() rounds the address down itself */
	EXPECT_ERRNO("mprotect at an unaligned address", syscall(SYS_mprotect, p + 1, PG, PROT_READ), EINVAL);
	/* MAP_FIXED over the middle of a mapping splits it */
	char *mid = mmap(p + PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK("MAP_FIXED over the middle page", mid == p + PG && mid[0] == 0 && mid[PG - 1] == 0);
	CHECK("the first and last pages keep their bytes", p[PG - 1] == 'p' && p[2 * PG] == 'p');
	munmap(p, 3 * PG);

	/* mremap without MREMAP_MAYMOVE: grows in place when the space after is free */
	char *q = mmap(NULL, 6 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(q, 'q', 6 * PG);
	munmap(q + 2 * PG, 4 * PG);
	CHECK("mremap grows in place into free space", mremap(q, 2 * PG, 4 * PG, 0) == q &&
	      q[2 * PG - 1] == 'q' && q[2 * PG] == 0 && q[4 * PG - 1] == 0);
	char *blocker = mmap(q + 4 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (blocker == q + 4 * PG)
		EXPECT_ERRNO("mremap cannot grow in place into a mapping", mremap(q, 4 * PG, 5 * PG, 0) == MAP_FAILED ? -1 : 0, ENOMEM);
	else
		CHECK("the page after the mapping was free", 0);
	char *moved = mremap(q, 4 * PG, 5 * PG, MREMAP_MAYMOVE);
	CHECK("MREMAP_MAYMOVE moves past the obstacle", moved != MAP_FAILED && moved != q && moved[0] == 'q' &&
	      moved[PG + 1] == 'q' && moved[5 * PG - 1] == 0);
	CHECK("MREMAP_FIXED to the old place", mremap(moved, 4 * PG, 4 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, q) == q &&
	      q[0] == 'q' && q[2 * PG - 1] == 'q');
	EXPECT_ERRNO("mremap of an unaligned address", mremap(q + 1, PG, 2 * PG, MREMAP_MAYMOVE) == MAP_FAILED ? -1 : 0, EINVAL);
	munmap(q, 5 * PG);
	EXPECT_ERRNO("mremap of unmapped memory", mremap(q, PG, 2 * PG, 0) == MAP_FAILED ? -1 : 0, EFAULT);

	/* a large reservation: only the touched pages cost anything */
	size_t large = 256u << 20;
	unsigned char *l = mmap(NULL, large, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	int ok = l != MAP_FAILED;
	for (size_t i = 0; ok && i < large; i += 1 << 20)
		l[i] = (unsigned char)(i >> 20);
	for (size_t i = 0; ok && i < large; i += 1 << 20)
		ok = l[i] == (unsigned char)(i >> 20) && l[i + 1] == 0;
	CHECK("256 MiB mapping, one byte per MiB", ok);
	CHECK("munmap of 256 MiB", munmap(l, large) == 0);

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
