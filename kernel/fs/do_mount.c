/* mount(2) and umount2(2): Linux's fs/namespace.c path_mount and path_umount, in
 * its order of checks, over emu's mount table (kernel/fs/namespace.c). Only
 * mounts made at run time change: emu's own rows (/, /proc, /sys, /dev/shm) are
 * the host's or emu's and stay (EBUSY to unmount, move or remount them). */
#include <emu/cred.h>
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/mount.h>
#include <emu/sched.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#define MS_PROPAGATION (MS_SHARED | MS_SLAVE | MS_UNBINDABLE | MS_PRIVATE)

/* What a mount call looked up: its target as the guest names it and the host. */
struct mount_target {
	char guest[PATH_MAX]; /* absolute, normalized */
	char host[PATH_MAX];  /* what the host calls it (or an emu /proc path) */
	int host_dir;
	bool proc;            /* in emu's /proc or /sys */
	struct stat st;
};

/* The host object's own path, named as the guest sees it (a tmpfs's files under
 * its mount point): 0, or -1 when it cannot be read back. */
static int canonical_guest(int dir, const char *host, bool follow, char *out)
{
	char link[64];
	int fd = openat(dir, host, O_PATH | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW));
	ssize_t n;

	if (fd < 0)
		return -1;
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	n = readlink(link, out, PATH_MAX - 1);
	close(fd);
	if (n <= 0 || out[0] != '/')
		return -1;
	out[n] = '\0';
	d_path_guest(out, PATH_MAX);
	return 0;
}

/* Looks path up as every call does, and names it for the table: 0 or -errno. */
static int lookup_target(uint64_t upath, bool follow, struct mount_target *t)
{
	int r = path_lookup(AT_FDCWD, upath, follow ? 0 : AT_SYMLINK_NOFOLLOW, t->host, &t->host_dir);
	char raw[PATH_MAX];

	if (r < 0)
		return r;
	t->proc = r == LOOKUP_PROC;
	if (t->proc)
		r = procfs_stat(t->host, follow, &t->st);
	else
		r = fstatat(t->host_dir, t->host, &t->st, follow ? 0 : AT_SYMLINK_NOFOLLOW) < 0 ? -errno : 0;
	if (r)
		return r;
	/* outside run-time mounts, links resolved as Linux records a mount point;
	 * inside one, the path as the table matched it (a tmpfs's directory has as
	 * many names as mounts of it) */
	if (!t->proc && !lookup_mnt_last() && !canonical_guest(t->host_dir, t->host, follow, t->guest))
		return 0;
	if ((r = getname(upath, raw, 0)))
		return r;
	return guest_abs_path(AT_FDCWD, raw, t->guest);
}

/* The topmost mount whose root is exactly the guest path, or NULL. */
static struct mount *mount_at(const char *guest)
{
	struct mount *m = lookup_mnt_path(current_mnt_ns(), guest, false);

	return m && !strcmp(m->mnt_mountpoint, guest) ? m : NULL;
}

static bool is_static(const struct mount *m)
{
	return !m->redirects;
}

/* mount's options page: up to a page, as Linux's copy_mount_options: EFAULT only
 * when not even its first byte is readable. */
static int copy_mount_options(uint64_t udata, char *buf)
{
	size_t n = 0;

	buf[0] = '\0';
	if (!udata)
		return 0;
	while (n < PAGE_SIZE - 1 && !copy_from_user(&buf[n], udata + n, 1) && buf[n])
		n++;
	if (n == 0 && copy_from_user(&buf[0], udata, 1))
		return -EFAULT;
	buf[n] = '\0';
	return 0;
}

static int copy_mount_string(uint64_t ustr, char *buf, char **out)
{
	long n;

	*out = NULL;
	if (!ustr)
		return 0;
	if ((n = strncpy_from_user(buf, ustr, PATH_MAX)) < 0)
		return n == -ENAMETOOLONG ? -EINVAL : (int)n;
	*out = buf;
	return 0;
}

static unsigned flags_to_mnt_flags(unsigned long flags)
{
	unsigned f = flags & MS_NOATIME ? 0 : MNT_RELATIME; /* relatime by default */

	f |= flags & MS_NOSUID ? MNT_NOSUID : 0;
	f |= flags & MS_NODEV ? MNT_NODEV : 0;
	f |= flags & MS_NOEXEC ? MNT_NOEXEC : 0;
	f |= flags & MS_NOATIME ? MNT_NOATIME : 0;
	f |= flags & MS_NODIRATIME ? MNT_NODIRATIME : 0;
	if (flags & MS_STRICTATIME)
		f &= ~(MNT_RELATIME | MNT_NOATIME);
	f |= flags & MS_RDONLY ? MNT_READONLY : 0;
	f |= flags & MS_NOSYMFOLLOW ? MNT_NOSYMFOLLOW : 0;
	return f;
}

/* A fresh peer group id: the lowest no mount uses (Linux's mnt_alloc_group_id). */
static int alloc_group_id(void)
{
	for (int id = 1;; id++) {
		bool used = false;
		for (struct mount *m = current_mnt_ns()->root; m && !used; m = m->next)
			used = m->mnt_group_id == id || m->mnt_master == id;
		if (!used)
			return id;
	}
}

/* Puts m on the guest path: its parent is the mount covering it; under a shared
 * parent it gets a peer group of its own, as Linux's attach_recursive_mnt. */
static void graft_tree(struct mount *m, const char *guest)
{
	struct mnt_namespace *ns = current_mnt_ns();
	struct mount *parent = lookup_mnt_path(ns, guest, false);

	if (parent->mnt_group_id && !m->mnt_group_id)
		m->mnt_group_id = alloc_group_id();
	attach_mnt(ns, m, parent);
}

static int do_new_mount(struct mount_target *t, const char *type, unsigned long flags,
			unsigned mnt_flags, const char *source, char *data)
{
	const struct file_system_type *fs;
	int err;

	if (!type)
		return -EINVAL;
	if (!(fs = get_fs_type(type)))
		return -ENODEV;
	if (!fs->get_tree)
		return -EINVAL; /* internal (pipefs): SB_NOUSER */
	struct super_block *sb = calloc(1, sizeof *sb);
	if (!sb)
		return -ENOMEM;
	sb->s_type = fs;
	sb->s_rdonly = flags & MS_RDONLY;
	if ((err = fs->get_tree(sb, source, data)))
		goto out_sb;
	err = -ENOTDIR; /* the root of every filesystem emu has is a directory */
	if (!S_ISDIR(t->st.st_mode))
		goto out_sb;
	struct mount *top = mount_at(t->guest);
	err = -EBUSY; /* the same filesystem on the same place (proc on /proc) */
	if (top && top->mnt_sb->s_dev == sb->s_dev)
		goto out_sb;
	err = -ENOMEM;
	struct mount *m = alloc_mnt(sb, "/", t->guest, source ? source : "none");
	if (!m || !(m->target = strdup(sb->target))) {
		if (m)
			free_mnt(m);
		return -ENOMEM;
	}
	m->mnt_flags = mnt_flags;
	m->redirects = true;
	graft_tree(m, t->guest);
	return 0;
out_sb:
	if (sb->s_private_dir)
		tmpfs_kill_sb(sb);
	free(sb->target);
	free(sb);
	return err;
}

/* A copy of old on the guest path: the same filesystem from root, old's flags
 * and peer group (Linux's clone_mnt). */
static struct mount *clone_mnt(struct mount *old, const char *root, const char *target,
			       const char *guest)
{
	struct mount *m = alloc_mnt(old->mnt_sb, root, guest, old->mnt_devname);

	if (!m)
		return NULL;
	if (!(m->target = strdup(target))) {
		free_mnt(m);
		return NULL;
	}
	m->mnt_flags = old->mnt_flags;
	m->mnt_group_id = old->mnt_group_id;
	m->mnt_master = old->mnt_master;
	m->redirects = true;
	return m;
}

/* The mount a looked-up source lies in, and its path inside that filesystem. */
static struct mount *source_mount(struct mount_target *s, char *root)
{
	struct mount *m = lookup_mnt_last();

	/* the source's links may have led it out of the mount it was named in */
	if (m && !s->proc && is_subdir(s->host, m->target)) {
		snprintf(root, PATH_MAX, "%s/%s", m->mnt_root, s->host + strlen(m->target));
		normalize_path(root);
		return m;
	}
	m = lookup_mnt_path(current_mnt_ns(), s->proc ? s->host : "/", false);
	if (s->proc)
		snprintf(root, PATH_MAX, "/%s", s->host + strlen(m->mnt_mountpoint));
	else
		snprintf(root, PATH_MAX, "%s", s->host);
	normalize_path(root);
	return m;
}

/* The source's host path made absolute and free of links (it is what the new
 * mount's paths lead to): 0 or -errno. */
static int canonical_source(struct mount_target *s)
{
	char link[64];
	ssize_t n;

	if (s->proc)
		return 0;
	int fd = openat(s->host_dir, s->host, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	bool bad = is_host_procfs(fd);
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	n = readlink(link, s->host, PATH_MAX - 1);
	close(fd);
	if (bad || n < 0)
		return -EACCES; /* the host's /proc: never reachable */
	s->host[n] = '\0';
	return 0;
}

/* path, below from, as the same place below to (a PATH_MAX buffer): 0 or -1. */
static int rebase(char *out, const char *path, const char *from, const char *to)
{
	if ((size_t)snprintf(out, PATH_MAX, "%s/%s", to, path + strlen(from)) >= PATH_MAX)
		return -1;
	normalize_path(out);
	return 0;
}

/* MS_BIND: old_name's tree (with MS_REC the mounts under it too) on the target. */
static int do_loopback(struct mount_target *t, uint64_t uold, const char *old_name, bool recurse)
{
	struct mount_target *s;
	char root[PATH_MAX];
	int err;

	if (!old_name || !*old_name)
		return -EINVAL;
	if (!(s = malloc(sizeof *s)))
		return -ENOMEM;
	if ((err = lookup_target(uold, true, s)) || (err = canonical_source(s)))
		goto out;
	struct mount *old = source_mount(s, root);
	err = -EINVAL;
	if (old->unbindable)
		goto out;
	err = -ENOTDIR;
	if (S_ISDIR(t->st.st_mode) != S_ISDIR(s->st.st_mode))
		goto out;
	err = -ENOMEM;
	struct mount *m = clone_mnt(old, root, s->host, t->guest);
	if (!m)
		goto out;
	graft_tree(m, t->guest);
	err = 0;
	if (!recurse)
		goto out;
	/* the submounts below the source, at the same place below the target; the
	 * copies are added after m and not visited */
	for (struct mount *c = current_mnt_ns()->root; c && c != m; c = c->next) {
		char guest[PATH_MAX];
		if (c == m || !c->redirects || c->unbindable ||
		    !is_subdir(c->mnt_mountpoint, s->guest) || !strcmp(c->mnt_mountpoint, s->guest))
			continue;
		if (rebase(guest, c->mnt_mountpoint, s->guest, t->guest))
			continue;
		struct mount *cc = clone_mnt(c, c->mnt_root, c->target, guest);
		if (cc)
			graft_tree(cc, guest);
	}
out:
	free(s);
	return err;
}

/* MS_REMOUNT: the filesystem's options and read-only state, and the mount's flags. */
static int do_remount(struct mount_target *t, unsigned long flags, unsigned mnt_flags, char *data)
{
	struct mount *m = mount_at(t->guest);
	int err;

	if (!m)
		return -EINVAL;
	if (is_static(m))
		return -EBUSY;
	struct super_block *sb = m->mnt_sb;
	if (data && *data && (err = sb->s_type->reconfigure ? sb->s_type->reconfigure(sb, data) : -EINVAL))
		return err;
	sb->s_rdonly = flags & MS_RDONLY;
	m->mnt_flags = mnt_flags;
	return 0;
}

/* MS_REMOUNT|MS_BIND: the mount's flags only (Linux's do_reconfigure_mnt). */
static int do_reconfigure_mnt(struct mount_target *t, unsigned mnt_flags)
{
	struct mount *m = mount_at(t->guest);

	if (!m)
		return -EINVAL;
	if (is_static(m))
		return -EBUSY;
	m->mnt_flags = mnt_flags;
	return 0;
}

static int peers(const struct mount *m)
{
	int n = 0;

	for (struct mount *p = current_mnt_ns()->root; p; p = p->next)
		n += p != m && m->mnt_group_id && p->mnt_group_id == m->mnt_group_id;
	return n;
}

static void change_mnt_propagation(struct mount *m, unsigned long type)
{
	switch (type) {
	case MS_SHARED:
		if (!m->mnt_group_id)
			m->mnt_group_id = alloc_group_id();
		break;
	case MS_SLAVE: /* receives from its old peers; alone, it becomes private */
		if (m->mnt_group_id && peers(m))
			m->mnt_master = m->mnt_group_id;
		m->mnt_group_id = 0;
		break;
	default: /* MS_PRIVATE, MS_UNBINDABLE */
		m->mnt_group_id = m->mnt_master = 0;
		break;
	}
	m->unbindable = type == MS_UNBINDABLE;
}

/* MS_SHARED, MS_PRIVATE, MS_SLAVE, MS_UNBINDABLE (one of them), with MS_REC for
 * every mount below too. Events do not propagate (docs/mounts.md). */
static int do_change_type(struct mount_target *t, unsigned long flags)
{
	unsigned long type = flags & MS_PROPAGATION;
	struct mount *m = mount_at(t->guest);

	if (!m)
		return -EINVAL;
	if (type & (type - 1))
		return -EINVAL; /* more than one */
	for (struct mount *p = current_mnt_ns()->root; p; p = p->next)
		if (p == m || ((flags & MS_REC) && is_subdir(p->mnt_mountpoint, m->mnt_mountpoint)))
			change_mnt_propagation(p, type);
	return 0;
}

/* The deepest mount that m's mount point lies in, m's own tree aside. */
static struct mount *mount_under(struct mount *m)
{
	struct mount *best = NULL;

	for (struct mount *p = current_mnt_ns()->root; p; p = p->next)
		if (!is_subdir(p->mnt_mountpoint, m->mnt_mountpoint) &&
		    is_subdir(m->mnt_mountpoint, p->mnt_mountpoint) &&
		    (!best || strlen(p->mnt_mountpoint) >= strlen(best->mnt_mountpoint)))
			best = p;
	return best;
}

/* MS_MOVE: the mount at old_name, with every mount below it, to the target. */
static int do_move_mount_old(struct mount_target *t, uint64_t uold, const char *old_name)
{
	struct mount_target *s;
	int err;

	if (!old_name || !*old_name)
		return -EINVAL;
	if (!(s = malloc(sizeof *s)))
		return -ENOMEM;
	if ((err = lookup_target(uold, true, s)))
		goto out;
	struct mount *m = mount_at(s->guest);
	err = -EINVAL;
	if (!m || is_static(m))
		goto out;
	if (m->mnt_parent->mnt_group_id)
		goto out; /* moving from under a shared mount is not supported, as Linux */
	err = -ELOOP;
	if (is_subdir(t->guest, s->guest))
		goto out;
	err = -ENOTDIR;
	if (S_ISDIR(t->st.st_mode) != S_ISDIR(s->st.st_mode))
		goto out;
	for (struct mount *p = current_mnt_ns()->root; p; p = p->next) {
		char guest[PATH_MAX], *old;
		if (!is_subdir(p->mnt_mountpoint, s->guest))
			continue;
		if (rebase(guest, p->mnt_mountpoint, s->guest, t->guest) || !(old = strdup(guest)))
			continue;
		free(p->mnt_mountpoint);
		p->mnt_mountpoint = old;
	}
	m->mnt_parent = mount_under(m);
	err = 0;
out:
	free(s);
	return err;
}

/* Linux's path_mount: the flags split into the mount's and the filesystem's, then
 * one kind of change. */
static long path_mount(struct mount_target *t, uint64_t udev, const char *dev_name,
		       const char *type, unsigned long flags, char *data)
{
	if ((flags & 0xffff0000UL) == 0xC0ED0000UL) /* MS_MGC_VAL: a magic to drop */
		flags &= ~0xffff0000UL;
	if (flags & MS_NOUSER)
		return -EINVAL;
	if (!capable(current, CAP_SYS_ADMIN))
		return -EPERM;
	if (t->proc && S_ISLNK(t->st.st_mode))
		return -ENOENT; /* a magic link to a link: never a mount point, as Linux */
	if (t->proc)
		return -EACCES; /* emu's /proc and /sys have no place for a mount */
	unsigned mnt_flags = flags_to_mnt_flags(flags);
	struct mount *here = mount_at(t->guest);
	if ((flags & MS_REMOUNT) && !(flags & (MS_NOATIME | MS_NODIRATIME | MS_RELATIME | MS_STRICTATIME)))
		mnt_flags = (mnt_flags & ~MNT_ATIME_MASK) | (here ? here->mnt_flags & MNT_ATIME_MASK : 0);
	if ((flags & (MS_REMOUNT | MS_BIND)) == (MS_REMOUNT | MS_BIND))
		return do_reconfigure_mnt(t, mnt_flags);
	if (flags & MS_REMOUNT)
		return do_remount(t, flags, mnt_flags, data);
	if (flags & MS_BIND)
		return do_loopback(t, udev, dev_name, flags & MS_REC);
	if (flags & MS_PROPAGATION)
		return do_change_type(t, flags);
	if (flags & MS_MOVE)
		return do_move_mount_old(t, udev, dev_name);
	return do_new_mount(t, type, flags, mnt_flags, dev_name, data);
}

SYSCALL_DEFINE5(mount, uint64_t, udev, uint64_t, udir, uint64_t, utype, unsigned long, flags,
		uint64_t, udata)
{
	char *type, *dev_name;
	struct {
		char type[PATH_MAX], dev[PATH_MAX], data[PAGE_SIZE];
		struct mount_target t;
	} *k = malloc(sizeof *k);
	long err;

	if (!k)
		return -ENOMEM;
	if (!(err = copy_mount_string(utype, k->type, &type)) &&
	    !(err = copy_mount_string(udev, k->dev, &dev_name)) &&
	    !(err = copy_mount_options(udata, k->data)) &&
	    !(err = lookup_target(udir, true, &k->t)))
		err = path_mount(&k->t, udev, dev_name, type, flags, udata ? k->data : NULL);
	free(k);
	return err;
}

/* ---- umount2 ---- */

/* The host path of a directory descriptor, or "". */
static void fd_path(int fd, char *out)
{
	char link[64];
	ssize_t n;

	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	n = readlink(link, out, PATH_MAX - 1);
	out[n > 0 ? n : 0] = '\0';
}

/* Whether a task works in m or has a file open in it (Linux's mount count). */
static bool mount_in_use(const struct mount *m)
{
	char path[PATH_MAX];

	for (struct task *t = first_task_in_list(); t; t = t->next_task) {
		if (t->state == TASK_DEAD)
			continue;
		if (t->fs && !t->fs->proc_cwd[0]) {
			fd_path(t->fs->cwd_fd, path);
			if (is_subdir(path, m->target))
				return true;
		}
		for (int fd = 0; t->files && fd < t->files->max_fds; fd++) {
			struct file *f = t->files->fd[fd].file;
			if (!f || f->pipe || f->f_op || f->procfs || f->host_fd < 0)
				continue;
			fd_path(f->host_fd, path);
			if (is_subdir(path, m->target))
				return true;
		}
	}
	return false;
}

static bool has_submounts(const struct mount *m)
{
	for (struct mount *p = current_mnt_ns()->root; p; p = p->next)
		if (p != m && p->mnt_parent == m)
			return true;
	return false;
}

/* Takes m and everything mounted below it out of the table (umount_tree). */
static void umount_tree(struct mount *m)
{
	struct mnt_namespace *ns = current_mnt_ns();
	struct mount *p = ns->root;

	while (p) {
		struct mount *next = p->next;
		if (p != m && is_subdir(p->mnt_mountpoint, m->mnt_mountpoint) &&
		    strlen(p->mnt_mountpoint) > strlen(m->mnt_mountpoint)) {
			detach_mnt(ns, p);
			free_mnt(p);
		}
		p = next;
	}
	detach_mnt(ns, m);
	free_mnt(m);
}

static int do_umount(struct mount *m, int flags)
{
	if (flags & MNT_EXPIRE) {
		if (flags & (MNT_FORCE | MNT_DETACH))
			return -EINVAL;
		if (has_submounts(m) || mount_in_use(m))
			return -EBUSY;
		if (!m->expiry_mark) {
			m->expiry_mark = true;
			return -EAGAIN; /* marked: a second call unmounts it if still unused */
		}
	}
	if (!(flags & MNT_DETACH) && (has_submounts(m) || mount_in_use(m)))
		return -EBUSY;
	if ((flags & MNT_DETACH) && mount_in_use(m))
		m->mnt_sb->s_private_dir = false; /* still in use: its files go at exit */
	umount_tree(m);
	return 0;
}

SYSCALL_DEFINE2(umount2, uint64_t, upath, int, flags)
{
	struct mount_target *t;
	long err;

	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	if (!(t = malloc(sizeof *t)))
		return -ENOMEM;
	err = lookup_target(upath, !(flags & UMOUNT_NOFOLLOW), t);
	struct mount *m = err ? NULL : mount_at(t->guest);
	if (!err && !capable(current, CAP_SYS_ADMIN))
		err = -EPERM;
	else if (!err && !m)
		err = -EINVAL; /* not a mount point */
	else if (!err)
		err = is_static(m) ? -EBUSY : do_umount(m, flags);
	free(t);
	return err;
}
