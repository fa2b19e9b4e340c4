/* fileio: write a 64 MiB file in 4 KiB blocks, read it back, pread it backwards,
 * unlink it. Prints a checksum of what was read. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#define BLOCK 4096
#define BLOCKS 16384

int main(void)
{
	static unsigned char buf[BLOCK];
	uint64_t sum = 0;
	int fd = open("fileio.tmp", O_RDWR | O_CREAT | O_TRUNC, 0644);

	for (int b = 0; b < BLOCKS; b++) {
		for (int i = 0; i < BLOCK; i += 64)
			buf[i] = (unsigned char)(b + i);
		if (write(fd, buf, BLOCK) != BLOCK)
			return 1;
	}
	lseek(fd, 0, SEEK_SET);
	while (read(fd, buf, BLOCK) == BLOCK)
		for (int i = 0; i < BLOCK; i += 64)
			sum = sum * 31 + buf[i];
	for (int b = BLOCKS - 1; b >= 0; b -= 7)
		if (pread(fd, buf, BLOCK, (off_t)b * BLOCK) == BLOCK)
			sum += buf[64];
	close(fd);
	unlink("fileio.tmp");
	printf("%016llx\n", (unsigned long long)sum);
	return 0;
}
