/* Helpers of the namespace tests (nsuts.c, nsipc.c, ...): errno names, and the
 * first unshare, which skips the test (exit 77) where the user may not create
 * namespaces (CI as an unprivileged user, a container without them). */
#ifndef NS_H
#define NS_H
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x80
#endif

static inline const char *errname(long r)
{
	static char buf[16];

	if (r >= 0)
		return "ok";
	switch (errno) {
	case EPERM: return "EPERM";
	case EINVAL: return "EINVAL";
	case EACCES: return "EACCES";
	case EBADF: return "EBADF";
	case ENOENT: return "ENOENT";
	case EFAULT: return "EFAULT";
	case EADDRINUSE: return "EADDRINUSE";
	case ENETUNREACH: return "ENETUNREACH";
	case ECONNREFUSED: return "ECONNREFUSED";
	case EUSERS: return "EUSERS";
	case ERANGE: return "ERANGE";
	case ENOTTY: return "ENOTTY";
	default: snprintf(buf, sizeof buf, "errno %d", errno); return buf;
	}
}

/* unshare(flags), or exit 77 when namespaces are not ours to make. */
static inline void unshare_or_skip(int flags, const char *what)
{
	if (unshare(flags) == 0)
		return;
	printf("unshare(%s): %s: cannot make namespaces here, skipped\n", what, errname(-1));
	exit(77);
}

/* The inode number of a /proc/self/ns entry (0 if it cannot be had). */
static inline unsigned long ns_ino(const char *path)
{
	struct stat st;

	return stat(path, &st) ? 0 : (unsigned long)st.st_ino;
}
#endif
