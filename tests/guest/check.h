/* A tiny check helper for guest tests: every line is "name: ok" or "name: FAIL ...",
 * and the program's exit status is the number of failures. Output must be the same
 * on the real kernel and under emu, so never print addresses, pids or times. */
#ifndef CHECK_H
#define CHECK_H
#include <errno.h>
#include <stdio.h>
#include <string.h>

static int failures;

#define CHECK(name, cond) \
	do { \
		if (cond) \
			printf("%s: ok\n", name); \
		else { \
			printf("%s: FAIL (%s, errno %s)\n", name, #cond, strerrorname_np_(errno)); \
			failures++; \
		} \
	} while (0)

/* The result of a call that must fail with an errno: "name: -1 ENOENT". */
#define EXPECT_ERRNO(name, call, err) \
	do { \
		errno = 0; \
		long r_ = (long)(call); \
		CHECK(name, r_ == -1 && errno == (err)); \
	} while (0)

static inline const char *strerrorname_np_(int e)
{
	static char buf[16];
	snprintf(buf, sizeof buf, "%d", e);
	return buf;
}
#endif
