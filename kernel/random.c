/* getrandom and every other random choice come from one generator seeded by
 * --seed (splitmix64), so a run's output is a function of its inputs. */
#include <emu/mm.h>
#include <emu/random.h>
#include <emu/syscall.h>
#include <errno.h>
#include <string.h>
#include <sys/random.h>

static uint64_t state = 0x9e3779b97f4a7c15ULL;

void prandom_seed(uint64_t seed)
{
	state = seed ^ 0x9e3779b97f4a7c15ULL;
}

uint64_t prandom_u64(void)
{
	uint64_t z = (state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void prandom_bytes(void *buf, size_t n)
{
	for (size_t i = 0; i < n; i += 8) {
		uint64_t r = prandom_u64();
		memcpy((char *)buf + i, &r, n - i < 8 ? n - i : 8);
	}
}

SYSCALL_DEFINE3(getrandom, uint64_t, buf, size_t, len, unsigned, flags)
{
	uint8_t chunk[256];
	size_t done = 0;

	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & GRND_RANDOM) && (flags & GRND_INSECURE))
		return -EINVAL;
	if (len > 33554431) /* Linux returns at most 32 MiB - 1 per call */
		len = 33554431;
	while (done < len) {
		size_t n = len - done < sizeof chunk ? len - done : sizeof chunk;
		prandom_bytes(chunk, n);
		if (copy_to_user(buf + done, chunk, n))
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return done;
}
