/* The mount tests' start (guest/mount, guest/mountbind): whether this run may mount
 * at all, found by mounting a tmpfs on ./probe; natively without the privilege the
 * test is skipped (77). */
#ifndef GUEST_MOUNTS_H
#define GUEST_MOUNTS_H
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

/* 0 when mounting works here; otherwise the exit status to end the test with. */
static int mount_probe(void)
{
	mkdir("probe", 0755);
	if (mount("x", "probe", "tmpfs", 0, NULL) < 0) {
		printf("mount: %s\n", strerror(errno));
		return errno == EPERM ? 77 : 1;
	}
	umount("probe");
	return 0;
}
#endif
