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
	CHECK("getrandom 16 bytes", getrandom(a, 16, 0) == 16);
	CHECK("getrandom 256 bytes, GRND_NONBLOCK", getrandom(a, 256, GRND_NONBLOCK) == 256);
	CHECK("256 random bytes are not all zero", memcmp(a, zero, 256) != 0);
	CHECK("a second call gives other bytes", getrandom(b, 256, 0) == 256 && memcmp(a, b, 256) != 0);
	CHECK("1 MiB in one call", getrandom(malloc_buf(), 1 << 20, 0) == 1 << 20);
	EXPECT_ERRNO("unknown flag", syscall(SYS_getrandom, a, 16, 0x100), EINVAL);
	EXPECT_ERRNO("GRND_RANDOM with GRND_INSECURE", syscall(SYS_getrandom, a, 16, 0x6), EINVAL);
	EXPECT_ERRNO("a bad buffer", syscall(SYS_getrandom, (void *)8, 16, 0), EFAULT);
	return failures;
}
