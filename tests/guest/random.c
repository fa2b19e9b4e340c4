/* getrandom: sizes, flags, and that the bytes are not constant. */
#include "check.h"
#include <sys/random.h>
#include <sys/syscall.h>
#include <stdlib.h>
#include <unistd.h>

static void *malloc_buf(void)
{
	return malloc(1 << 20);
}

int main(void)
{
	unsigned char a[256], b[256], zero[256] = { 0 };

	CHECK("getrandom 0 bytes", getrandom(a, 0, 0) == 0);
	CHECK("getrandom 0 bytes into NULL", syscall(SYS_getrandom, NULL, 0, 0) == 0);
	memset(b, 0x5a, sizeof b);
	CHECK("getrandom 16 bytes leaves the rest of the buffer", getrandom(b, 16, 0) == 16 && b[16] == 0x5a &&
	      b[255] == 0x5a);
	CHECK("getrandom 16 bytes", getrandom(a, 16, 0) == 16);
	CHECK("getrandom 256 bytes, GRND_NONBLOCK", getrandom(a, 256, GRND_NONBLOCK) == 256);
	CHECK("256 random bytes are not all zero", memcmp(a, zero, 256) != 0);
	CHECK("a second call gives other bytes", getrandom(b, 256, 0) == 256 && memcmp(a, b, 256) != 0);
	CHECK("GRND_RANDOM", getrandom(a, 64, GRND_RANDOM | GRND_NONBLOCK) == 64);
	CHECK("GRND_INSECURE", syscall(SYS_getrandom, a, 64, 0x4) == 64);
	unsigned char *big = malloc_buf();
	memset(big, 0, 1 << 20);
	CHECK("1 MiB in one call", getrandom(big, 1 << 20, 0) == 1 << 20);
	int zeros = 0;
	for (int i = 0; i < 1 << 20; i++)
		zeros += big[i] == 0;
	/* 4096 expected; 3500..4700 holds with overwhelming probability */
	CHECK("about 1 byte in 256 is zero", zeros > 3500 && zeros < 4700);
	free(big);
	EXPECT_ERRNO("unknown flag", syscall(SYS_getrandom, a, 16, 0x100), EINVAL);
	EXPECT_ERRNO("GRND_RANDOM with GRND_INSECURE", syscall(SYS_getrandom, a, 16, 0x6), EINVAL);
	EXPECT_ERRNO("a bad buffer", syscall(SYS_getrandom, (void *)8, 16, 0), EFAULT);
	return failures;
}
