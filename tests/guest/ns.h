/* Helpers of the namespace tests (nsuts.c, nsipc.c, ...): errno names, and the
 * first unshare, which skips the test (exit 77) where the user may not create
 * namespaces (CI as an unprivileged user, a container without them). */
#ifndef NS_H
#define NS_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>
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

/* What the tests need of <linux/capability.h> and <linux/nsfs.h>, which musl-gcc
 * does not see. */
#define NS_CAP_SYS_ADMIN 21
#define NS_CAP_VERSION_3 0x20080522
#ifndef NS_GET_USERNS
#define NS_GET_USERNS _IO(0xb7, 0x1)
#define NS_GET_PARENT _IO(0xb7, 0x2)
#define NS_GET_NSTYPE _IO(0xb7, 0x3)
#define NS_GET_OWNER_UID _IO(0xb7, 0x4)
#endif
struct ns_cap_header { uint32_t version; int pid; };
struct ns_cap_data { uint32_t effective, permitted, inheritable; };

/* The effective capabilities, as two words. */
static inline void caps_get(struct ns_cap_data d[2])
{
	struct ns_cap_header h = { NS_CAP_VERSION_3, 0 };

	syscall(SYS_capget, &h, d);
}

/* cap leaves the effective set. */
static inline void drop_cap(int cap)
{
	struct ns_cap_header h = { NS_CAP_VERSION_3, 0 };
	struct ns_cap_data d[2];

	caps_get(d);
	d[cap / 32].effective &= ~(1u << (cap % 32));
	syscall(SYS_capset, &h, d);
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
