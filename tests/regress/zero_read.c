/* Reading memory nobody wrote costs no memory: Linux maps its one zero page. emu
 * gave each page a frame, so this program, which reads 6 GiB of a fresh mapping
 * (more than emu's 2 GiB guest pool), was SIGKILLed. The first write still gets a
 * private page. */
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>
#include <fcntl.h>

#define GiB (1UL << 30)

int main(void)
{
	size_t len = 6 * GiB;
	unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	int fd = open("/dev/null", O_WRONLY);
	ssize_t n = write(fd, p, 4 * GiB); /* Linux caps one write at 0x7ffff000 */
	printf("write of 4 GiB to /dev/null: %zd\n", n);
	unsigned long sum = 0, total = 0;
	for (size_t off = 0; off < len; off += 4096)
		sum += p[off];
	for (int i = 0; i < 3; i++) {
		n = write(fd, p + i * GiB, GiB);
		total += n > 0 ? n : 0;
	}
	printf("read %zu pages, sum %lu; wrote %lu bytes\n", len / 4096, sum, total);
	p[len - 1] = 7;
	printf("after a write: %d %d\n", p[len - 1], p[len - 4097]);
	return 0;
}
