/* listmount(2) and statmount(2) (Linux 6.8, fs/namespace.c): the mount table by
 * 64-bit unique mount ids, with Linux's struct mnt_id_req and struct statmount
 * (include/uapi/linux/mount.h), whose layouts are defined here as the system's
 * headers may predate them. */
#include <emu/cred.h>
#include <emu/mm.h>
#include <emu/mount.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <errno.h>
#include <linux/capability.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

#define MNT_ID_REQ_SIZE_VER0 24
#define MNT_ID_REQ_SIZE_VER1 32 /* with mnt_ns_id */
#define LSMT_ROOT 0xffffffffffffffffULL
#define LISTMOUNT_REVERSE 1ULL

#define STATMOUNT_SB_BASIC 0x1U
#define STATMOUNT_MNT_BASIC 0x2U
#define STATMOUNT_PROPAGATE_FROM 0x4U
#define STATMOUNT_MNT_ROOT 0x8U
#define STATMOUNT_MNT_POINT 0x10U
#define STATMOUNT_FS_TYPE 0x20U
#define STATMOUNT_MNT_NS_ID 0x40U
#define STATMOUNT_MNT_OPTS 0x80U

#define MOUNT_ATTR_RDONLY 0x1
#define MOUNT_ATTR_NOSUID 0x2
#define MOUNT_ATTR_NODEV 0x4
#define MOUNT_ATTR_NOEXEC 0x8
#define MOUNT_ATTR_NOATIME 0x10
#define MOUNT_ATTR_STRICTATIME 0x20
#define MOUNT_ATTR_NODIRATIME 0x80
#define MOUNT_ATTR_NOSYMFOLLOW 0x200000

#define SB_RDONLY 1
#define MS_UNBINDABLE_ (1 << 17)
#define MS_PRIVATE_ (1 << 18)
#define MS_SLAVE_ (1 << 19)
#define MS_SHARED_ (1 << 20)

struct mnt_id_req {
	uint32_t size, spare;
	uint64_t mnt_id, param, mnt_ns_id;
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
}; /* 512 bytes, then the strings */

/* The request, checked as Linux's copy_mnt_id_req: 0 or -errno. */
static int copy_mnt_id_req(uint64_t ureq, struct mnt_id_req *req)
{
	uint32_t size;

	memset(req, 0, sizeof *req);
	if (copy_from_user(&size, ureq, sizeof size))
		return -EFAULT;
	if (size < MNT_ID_REQ_SIZE_VER0 || size > PAGE_SIZE)
		return -EINVAL;
	int err = copy_struct_from_user(req, sizeof *req, ureq, size);
	if (err)
		return err;
	if (req->spare)
		return -EINVAL;
	if (req->mnt_id <= MNT_UNIQUE_ID_OFFSET)
		return -EINVAL; /* an old 32-bit id, never a unique one */
	if (req->mnt_ns_id && req->mnt_ns_id != current_mnt_ns()->seq)
		return -ENOENT; /* emu has one mount namespace a caller can name */
	return 0;
}

static uint64_t mnt_attr(const struct mount *m)
{
	uint64_t a = 0;

	a |= (m->mnt_flags & MNT_READONLY) ? MOUNT_ATTR_RDONLY : 0;
	a |= (m->mnt_flags & MNT_NOSUID) ? MOUNT_ATTR_NOSUID : 0;
	a |= (m->mnt_flags & MNT_NODEV) ? MOUNT_ATTR_NODEV : 0;
	a |= (m->mnt_flags & MNT_NOEXEC) ? MOUNT_ATTR_NOEXEC : 0;
	a |= (m->mnt_flags & MNT_NODIRATIME) ? MOUNT_ATTR_NODIRATIME : 0;
	a |= (m->mnt_flags & MNT_NOSYMFOLLOW) ? MOUNT_ATTR_NOSYMFOLLOW : 0;
	if (m->mnt_flags & MNT_NOATIME)
		a |= MOUNT_ATTR_NOATIME;
	else if (!(m->mnt_flags & MNT_RELATIME))
		a |= MOUNT_ATTR_STRICTATIME;
	return a;
}

static uint64_t mnt_propagation(const struct mount *m)
{
	uint64_t p = 0;

	if (m->mnt_group_id)
		p |= MS_SHARED_;
	if (m->mnt_master)
		p |= MS_SLAVE_;
	if (m->unbindable)
		p |= MS_UNBINDABLE_;
	return p ? p : MS_PRIVATE_;
}

/* The strings part: appends s at *len, returns its offset, or -EOVERFLOW. */
static long add_str(char *str, size_t room, size_t *len, const char *s)
{
	size_t n = strlen(s) + 1;

	if (*len + n > room)
		return -EOVERFLOW;
	memcpy(str + *len, s, n);
	*len += n;
	return (long)(*len - n);
}

/* The strings statmount's mask asks for, their offsets into sm: 0 or -EOVERFLOW. */
static int statmount_strings(const struct mount *m, uint64_t mask, struct statmount *sm,
			     char *str, size_t room, size_t *len)
{
	struct { uint64_t bit; uint32_t *field; const char *s; } strs[] = {
		{ STATMOUNT_FS_TYPE, &sm->fs_type, m->mnt_sb->s_type->name },
		{ STATMOUNT_MNT_ROOT, &sm->mnt_root, m->mnt_root },
		{ STATMOUNT_MNT_POINT, &sm->mnt_point, m->mnt_mountpoint },
		{ STATMOUNT_MNT_OPTS, &sm->mnt_opts, NULL },
	};
	char opts[1024] = "";

	if (m->mnt_sb->s_type->show_options) { /* its own options, without the leading comma */
		FILE *f = fmemopen(opts, sizeof opts - 1, "w");
		if (f) {
			m->mnt_sb->s_type->show_options(f, m->mnt_sb);
			fclose(f);
		}
	}
	strs[3].s = opts[0] == ',' ? opts + 1 : opts;
	for (size_t i = 0; i < sizeof strs / sizeof *strs; i++) {
		if (!(mask & strs[i].bit))
			continue;
		long off = add_str(str, room, len, strs[i].s);
		if (off < 0)
			return (int)off;
		*strs[i].field = (uint32_t)off;
		sm->mask |= strs[i].bit;
	}
	return 0;
}

static void statmount_basic(const struct mount *m, uint64_t mask, struct statmount *sm)
{
	const struct super_block *sb = m->mnt_sb;

	if (mask & STATMOUNT_SB_BASIC) {
		sm->sb_dev_major = major(sb->s_dev);
		sm->sb_dev_minor = minor(sb->s_dev);
		sm->sb_magic = sb->s_type->magic;
		sm->sb_flags = sb->s_rdonly ? SB_RDONLY : 0;
		sm->mask |= STATMOUNT_SB_BASIC;
	}
	if (mask & STATMOUNT_MNT_BASIC) {
		sm->mnt_id = m->mnt_id_unique;
		sm->mnt_parent_id = m->mnt_parent->mnt_id_unique;
		sm->mnt_id_old = m->mnt_id;
		sm->mnt_parent_id_old = m->mnt_parent == m ? 1 : m->mnt_parent->mnt_id;
		sm->mnt_attr = mnt_attr(m);
		sm->mnt_propagation = mnt_propagation(m);
		sm->mnt_peer_group = m->mnt_group_id;
		sm->mnt_master = m->mnt_master;
		sm->mask |= STATMOUNT_MNT_BASIC;
	}
	if (mask & STATMOUNT_PROPAGATE_FROM) {
		sm->propagate_from = 0; /* its master is in this namespace: nothing dominant */
		sm->mask |= STATMOUNT_PROPAGATE_FROM;
	}
	if (mask & STATMOUNT_MNT_NS_ID) {
		sm->mnt_ns_id = current_mnt_ns()->seq;
		sm->mask |= STATMOUNT_MNT_NS_ID;
	}
}

SYSCALL_DEFINE4(statmount, uint64_t, ureq, uint64_t, ubuf, size_t, bufsize, unsigned, flags)
{
	struct mnt_id_req req;
	struct statmount sm;
	int err;

	if (flags)
		return -EINVAL;
	if ((err = copy_mnt_id_req(ureq, &req)))
		return err;
	struct mount *m = mnt_by_unique_id(current_mnt_ns(), req.mnt_id);
	if (!m)
		return -ENOENT;
	size_t room = bufsize > sizeof sm ? bufsize - sizeof sm : 0, len = 0;
	char *str = malloc(room + 1);
	if (!str)
		return -ENOMEM;
	memset(&sm, 0, sizeof sm);
	statmount_basic(m, req.param, &sm);
	err = statmount_strings(m, req.param, &sm, str, room, &len);
	size_t copysize = bufsize < sizeof sm ? bufsize : sizeof sm;
	sm.size = (uint32_t)(copysize + len);
	if (!err && len && copy_to_user(ubuf + sizeof sm, str, len))
		err = -EFAULT;
	if (!err && copy_to_user(ubuf, &sm, copysize))
		err = -EFAULT;
	free(str);
	return err;
}

/* Whether m lies below top (top itself too): listmount's is_path_reachable. */
static bool below(const struct mount *m, const struct mount *top)
{
	for (const struct mount *p = m;; p = p->mnt_parent) {
		if (p == top)
			return true;
		if (p->mnt_parent == p)
			return false;
	}
}

/* The next mount after the unique id last in id order (or before it, reversed). */
static struct mount *listmnt_next(uint64_t last, bool reverse)
{
	struct mount *best = NULL;

	for (struct mount *m = current_mnt_ns()->root; m; m = m->next) {
		if (reverse ? m->mnt_id_unique >= last : m->mnt_id_unique <= last)
			continue;
		if (!best || (reverse ? m->mnt_id_unique > best->mnt_id_unique
				      : m->mnt_id_unique < best->mnt_id_unique))
			best = m;
	}
	return best;
}

SYSCALL_DEFINE4(listmount, uint64_t, ureq, uint64_t, uids, size_t, nr, unsigned, flags)
{
	struct mnt_id_req req;
	int err;
	long n = 0;

	if (flags & ~LISTMOUNT_REVERSE)
		return -EINVAL;
	if (nr > 1000000)
		return -EOVERFLOW;
	if ((err = copy_mnt_id_req(ureq, &req)))
		return err;
	if (req.param && req.param <= MNT_UNIQUE_ID_OFFSET)
		return -EINVAL; /* the last id returned: never an old one */
	struct mnt_namespace *ns = current_mnt_ns();
	struct mount *top = req.mnt_id == LSMT_ROOT ? ns->root : mnt_by_unique_id(ns, req.mnt_id);
	if (!top)
		return -ENOENT;
	if (top != ns->root && !capable(current, CAP_SYS_ADMIN))
		return -EPERM;
	bool reverse = flags & LISTMOUNT_REVERSE;
	uint64_t last = req.param ? req.param : reverse ? ~0ULL : 0;
	for (struct mount *m = listmnt_next(last, reverse); m && (size_t)n < nr;
	     m = listmnt_next(m->mnt_id_unique, reverse)) {
		if (m->mnt_id_unique == req.mnt_id || !below(m, top))
			continue;
		if (copy_to_user(uids + n * sizeof(uint64_t), &m->mnt_id_unique, sizeof(uint64_t)))
			return -EFAULT;
		n++;
	}
	return n;
}
