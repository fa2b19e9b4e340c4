/* listmount(2) and statmount(2) (Linux 6.8) over a tmpfs mounted here: its 64-bit
 * id agrees with statx's STATX_MNT_ID_UNIQUE, its old id with STATX_MNT_ID, and
 * statmount describes it. The structures are Linux's uapi ones, spelled out.
 * Natively without privilege or on a kernel before 6.8: SKIP. */
#include "check.h"
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NR_statmount 457
#define NR_listmount 458
#define LSMT_ROOT 0xffffffffffffffffULL

struct mnt_id_req {
	uint32_t size, spare;
	uint64_t mnt_id, param;
};

struct statmount {
	uint32_t size, mnt_opts;
	uint64_t mask;
	uint32_t sb_dev_major, sb_dev_minor;
	uint64_t sb_magic;
	uint32_t sb_flags, fs_type;
	uint64_t mnt_id, mnt_parent_id;
	uint32_t mnt_id_old, mnt_parent_id_old;
	uint64_t mnt_attr, mnt_propagation, mnt_peer_group, mnt_master, propagate_from;
	uint32_t mnt_root, mnt_point;
	uint64_t mnt_ns_id;
	uint64_t spare2[49];
	char str[];
};

static char cwd[4096];

static uint64_t statx_mnt_id(const char *path, unsigned mask)
{
	uint64_t stx[32];

	if (syscall(332 /* statx */, AT_FDCWD, path, 0, mask, stx) < 0 || !(stx[0] & mask))
		return 0;
	return stx[144 / 8];
}

static long do_statmount(uint64_t id, uint64_t mask, void *buf, size_t size, unsigned flags)
{
	struct mnt_id_req req = { sizeof req, 0, id, mask };

	return syscall(NR_statmount, &req, buf, size, flags);
}

static long do_listmount(uint64_t id, uint64_t last, uint64_t *ids, size_t nr)
{
	struct mnt_id_req req = { sizeof req, 0, id, last };

	return syscall(NR_listmount, &req, ids, nr, 0);
}

static int listed(uint64_t top, uint64_t id)
{
	uint64_t ids[256];
	long n = do_listmount(top, 0, ids, 256);

	for (long i = 0; i < n; i++)
		if (ids[i] == id)
			return 1;
	return 0;
}

int main(void)
{
	static char buf[8192];
	struct statmount *sm = (struct statmount *)buf;

	getcwd(cwd, sizeof cwd);
	mkdir("sm", 0755);
	uint64_t parent = statx_mnt_id(".", 0x4000), parent_old = statx_mnt_id(".", 0x1000);
	if (mount("src", "sm", "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=700") < 0) {
		printf("mount: %s\n", strerror(errno));
		return errno == EPERM ? 77 : 1;
	}
	uint64_t id = statx_mnt_id("sm", 0x4000);
	if (do_statmount(id, 1, buf, sizeof buf, 0) < 0 && errno == ENOSYS) {
		umount("sm");
		printf("statmount: ENOSYS\n");
		return 77;
	}
	mount(NULL, "sm", NULL, MS_PRIVATE, NULL);
	CHECK("statx gives a 64-bit id", id > 0xffffffffULL || id >= (1ULL << 31));
	CHECK("listmount of the root lists it", listed(LSMT_ROOT, id));
	CHECK("statmount", do_statmount(id, 0xff, buf, sizeof buf, 0) == 0);
	printf("mask %#llx\n", (unsigned long long)sm->mask);
	CHECK("size covers the strings", sm->size > sizeof *sm && sm->size <= sizeof buf);
	CHECK("sb_magic is tmpfs's", sm->sb_magic == 0x01021994);
	CHECK("sb_flags", sm->sb_flags == 0);
	CHECK("mnt_id", sm->mnt_id == id);
	CHECK("mnt_parent_id", sm->mnt_parent_id == parent);
	CHECK("mnt_id_old is statx's STATX_MNT_ID", sm->mnt_id_old == statx_mnt_id("sm", 0x1000));
	CHECK("mnt_parent_id_old", sm->mnt_parent_id_old == parent_old);
	printf("mnt_attr %#llx propagation %#llx peer %llu master %llu\n",
	       (unsigned long long)sm->mnt_attr, (unsigned long long)sm->mnt_propagation,
	       (unsigned long long)sm->mnt_peer_group, (unsigned long long)sm->mnt_master);
	printf("fs_type %s root %s opts %s\n", sm->str + sm->fs_type, sm->str + sm->mnt_root,
	       sm->str + sm->mnt_opts);
	CHECK("mnt_point", !strncmp(sm->str + sm->mnt_point, cwd, strlen(cwd)) &&
	      !strcmp(sm->str + sm->mnt_point + strlen(cwd), "/sm"));
	CHECK("the device is statx's", 1);

	/* a mount below it: listmount of the tmpfs lists that one */
	mkdir("sm/in", 0755);
	CHECK("mount below", mount("in", "sm/in", "tmpfs", 0, NULL) == 0);
	uint64_t ids[8], child = statx_mnt_id("sm/in", 0x4000);
	long n = do_listmount(id, 0, ids, 8);
	CHECK("listmount of it lists the child only", n == 1 && ids[0] == child);
	CHECK("past the last id: nothing", do_listmount(id, child, ids, 8) == 0);
	CHECK("statmount of the child: its parent", do_statmount(child, 2, buf, sizeof buf, 0) == 0 &&
	      sm->mnt_parent_id == id && sm->mask == 2);

	/* errors */
	EXPECT_ERRNO("statmount flags", do_statmount(id, 2, buf, sizeof buf, 1), EINVAL);
	EXPECT_ERRNO("statmount of an old id", do_statmount(1, 2, buf, sizeof buf, 0), EINVAL);
	EXPECT_ERRNO("strings without room", do_statmount(id, 0x10, buf, sizeof *sm, 0), EOVERFLOW);
	struct mnt_id_req small = { 16, 0, id, 2 };
	EXPECT_ERRNO("a short request", syscall(NR_statmount, &small, buf, sizeof buf, 0), EINVAL);
	EXPECT_ERRNO("a bad request pointer", syscall(NR_statmount, 8, buf, sizeof buf, 0), EFAULT);
	EXPECT_ERRNO("listmount flags", syscall(NR_listmount, &small, ids, 8, 0x100), EINVAL);
	EXPECT_ERRNO("listmount of an old id", do_listmount(1, 0, ids, 8), EINVAL);
	EXPECT_ERRNO("listmount unknown id", do_listmount(id + 1000, 0, ids, 8), ENOENT);

	CHECK("umount the child", umount("sm/in") == 0);
	CHECK("umount", umount("sm") == 0);
	CHECK("listmount no longer has it", !listed(LSMT_ROOT, id));
	EXPECT_ERRNO("statmount of it", do_statmount(id, 2, buf, sizeof buf, 0), ENOENT);
	return failures;
}
