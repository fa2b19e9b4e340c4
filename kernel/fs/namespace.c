/* The mount table (Linux's fs/namespace.c): a mount namespace's list of mounts,
 * how a guest path crosses them (mnt_redirect, d_path_guest), and copy_mnt_ns.
 * The rows emu starts with (rootfs on the host's root, emu's /proc and /sys, the
 * host's /dev/shm) are only shown; a mount made at run time (kernel/fs/do_mount.c)
 * redirects the paths under its mount point. With none, path lookup pays one
 * test (nr_redirects). */
#include <emu/fs.h>
#include <emu/mount.h>
#include <emu/proc_fs.h>
#include <emu/task.h>
#include <emu/user_namespace.h>
#include <linux/sched.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#ifndef STATX_MNT_ID_UNIQUE
#define STATX_MNT_ID_UNIQUE 0x4000U
#endif

static const struct file_system_type rootfs_type = { "rootfs", 0, false, NULL, NULL, NULL };

struct mnt_namespace init_mnt_ns = {
	.ns = { .type = CLONE_NEWNS, .inum = PROC_MNT_INIT_INO, .count = 1, .user_ns = &init_user_ns },
	.seq = 1,
};
static uint64_t mnt_id_ctr = MNT_UNIQUE_ID_OFFSET;
static struct mount *last_lookup_mnt;

struct mount *alloc_mnt(struct super_block *sb, const char *root, const char *mountpoint,
			const char *devname)
{
	struct mount *m = calloc(1, sizeof *m);

	if (!m)
		return NULL;
	m->mnt_sb = sb;
	m->mnt_root = strdup(root);
	m->mnt_mountpoint = strdup(mountpoint);
	m->mnt_devname = strdup(devname ? devname : "none");
	m->mnt_id_unique = ++mnt_id_ctr;
	if (!m->mnt_root || !m->mnt_mountpoint || !m->mnt_devname) {
		free_mnt(m);
		return NULL;
	}
	sb->s_count++;
	return m;
}

void put_super(struct super_block *sb)
{
	if (--sb->s_count > 0)
		return;
	if (sb->s_private_dir)
		tmpfs_kill_sb(sb);
	free(sb->target);
	free(sb);
}

void free_mnt(struct mount *m)
{
	if (m->mnt_sb && m->mnt_root && m->mnt_mountpoint && m->mnt_devname)
		put_super(m->mnt_sb);
	free(m->mnt_root);
	free(m->mnt_mountpoint);
	free(m->mnt_devname);
	free(m->target);
	free(m);
}

/* The lowest mount id no mount of ns has (Linux's IDA), from 20 as emu's rows. */
static int alloc_mnt_id(struct mnt_namespace *ns)
{
	for (int id = MNT_ID_ROOT;; id++) {
		bool used = false;
		for (struct mount *m = ns->root; m && !used; m = m->next)
			used = m->mnt_id == id;
		if (!used)
			return id;
	}
}

static struct super_block *static_sb(const char *type, dev_t dev, bool rdonly)
{
	static struct super_block sbs[8]; /* init_mount_tree's rows */
	static int n;
	struct super_block *sb = &sbs[n++];

	sb->s_count = 1; /* never freed */
	sb->s_type = strcmp(type, "rootfs") ? get_fs_type(type) : &rootfs_type;
	sb->s_dev = dev;
	sb->s_rdonly = rdonly;
	return sb;
}

/* emu's rows, as the table has always shown them (mount ids 20-24). */
static void init_mount_tree(struct mnt_namespace *ns)
{
	static const struct {
		const char *type, *dir, *source;
		int minor;
		unsigned flags;
		bool rdonly;
		int parent; /* the row it is mounted on */
	} rows[] = {
		{ "rootfs", "/", "rootfs", 2, 0, false, 0 },
		{ "proc", "/proc", "proc", 21, MNT_NOSUID | MNT_NODEV | MNT_NOEXEC | MNT_RELATIME, false, 0 },
		{ "sysfs", "/sys", "sysfs", 22,
		  MNT_READONLY | MNT_NOSUID | MNT_NODEV | MNT_NOEXEC | MNT_RELATIME, true, 0 },
		{ "tmpfs", "/dev/shm", "tmpfs", 23, MNT_NOSUID | MNT_NODEV, false, 0 },
		/* emu's cgroup v2 hierarchy (kernel/cgroup/), on /sys as Linux's */
		{ "cgroup2", "/sys/fs/cgroup", "cgroup2", 24,
		  MNT_NOSUID | MNT_NODEV | MNT_NOEXEC | MNT_RELATIME, false, 2 },
	};
	struct mount *made[sizeof rows / sizeof *rows];
	struct mount **tail = &ns->root;

	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
		struct super_block *sb = static_sb(rows[i].type, makedev(0, rows[i].minor), rows[i].rdonly);
		struct mount *m = alloc_mnt(sb, "/", rows[i].dir, rows[i].source);
		if (!m)
			abort(); /* at boot: nothing runs without it */
		sb->s_count--; /* the row holds the only reference */
		m->mnt_id = MNT_ID_ROOT + (int)i;
		m->mnt_flags = rows[i].flags;
		m->mnt_parent = ns->root ? made[rows[i].parent] : m;
		made[i] = m;
		*tail = m;
		tail = &m->next;
	}
}

struct mnt_namespace *current_mnt_ns(void)
{
	if (!init_mnt_ns.root)
		init_mount_tree(&init_mnt_ns);
	return task_nsproxy(current)->mnt_ns;
}

/* Adds m to ns under parent, after parent's last descendant. */
void attach_mnt(struct mnt_namespace *ns, struct mount *m, struct mount *parent)
{
	struct mount **pos = &ns->root;

	m->mnt_parent = parent;
	m->mnt_id = alloc_mnt_id(ns);
	while (*pos)
		pos = &(*pos)->next;
	*pos = m;
	if (m->redirects)
		ns->nr_redirects++;
}

/* Takes m out of ns (its children stay: the caller takes them first). */
void detach_mnt(struct mnt_namespace *ns, struct mount *m)
{
	for (struct mount **pos = &ns->root; *pos; pos = &(*pos)->next)
		if (*pos == m) {
			*pos = m->next;
			break;
		}
	if (m->redirects)
		ns->nr_redirects--;
	if (last_lookup_mnt == m)
		last_lookup_mnt = NULL;
}

static bool path_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (n == 1) /* "/" */
		return path[0] == '/';
	return !strncmp(path, dir, n) && (path[n] == '\0' || path[n] == '/');
}

bool is_subdir(const char *path, const char *dir)
{
	return path_under(path, dir);
}

/* The mount whose mount point is the longest prefix of the absolute, normalized
 * guest path (the last mounted of equals: it covers the others). */
struct mount *lookup_mnt_path(struct mnt_namespace *ns, const char *path, bool redirecting)
{
	struct mount *best = NULL;
	size_t best_len = 0;

	for (struct mount *m = ns->root; m; m = m->next) {
		size_t n = strlen(m->mnt_mountpoint);
		if ((redirecting && !m->redirects) || !path_under(path, m->mnt_mountpoint))
			continue;
		if (!best || n >= best_len) {
			best = m;
			best_len = n;
		}
	}
	return best;
}

/* The host directory's path as the guest names it (*moved: not the host's own
 * name, a tmpfs's directory): 0, or -errno. */
static int guest_dir_path(int dir, char *out, bool *moved)
{
	char link[64], host[PATH_MAX];
	ssize_t n;

	*moved = false;
	if (dir == AT_FDCWD && current->fs->proc_cwd[0]) {
		snprintf(out, PATH_MAX, "%s", current->fs->proc_cwd);
		return 0;
	}
	snprintf(link, sizeof link, "/proc/self/fd/%d", dir == AT_FDCWD ? current->fs->cwd_fd : dir);
	if ((n = readlink(link, host, sizeof host - 1)) < 0)
		return -errno;
	host[n] = '\0';
	strcpy(out, host);
	d_path_guest(out, PATH_MAX);
	*moved = strcmp(out, host) != 0;
	return 0;
}

static int guest_path(int dir, const char *path, char *out, bool *moved)
{
	char base[PATH_MAX];
	int err;

	*moved = false;
	if (path[0] == '/') {
		snprintf(out, PATH_MAX, "%s", path);
	} else {
		if ((err = guest_dir_path(dir, base, moved)))
			return err;
		if ((size_t)snprintf(out, PATH_MAX, "%s/%s", base, path) >= PATH_MAX)
			return -ENAMETOOLONG;
	}
	normalize_path(out);
	return 0;
}

int guest_abs_path(int dir, const char *path, char *out)
{
	bool moved;

	return guest_path(dir, path, out, &moved);
}

/* The directory of every tmpfs, or one right below it: reached from a detached
 * tmpfs's root by "..", it would show the others. */
static bool hidden_root_itself(const char *abs, const char *hidden)
{
	const char *rest = abs + strlen(hidden);

	return !*rest || !strchr(rest + 1, '/');
}

int mnt_redirect(int dir, char *path, struct mount **mnt)
{
	char abs[PATH_MAX], out[PATH_MAX];
	size_t len = strlen(path);
	bool slash = len > 1 && path[len - 1] == '/', moved;

	*mnt = NULL;
	if (!path[0] || guest_path(dir, path, abs, &moved))
		return 0; /* the host call reports what is wrong with it */
	struct mount *m = lookup_mnt_path(current_mnt_ns(), abs, true);
	const char *hidden = tmpfs_dirs_root();
	if (!m) {
		if (hidden && path_under(abs, hidden) && (path[0] == '/' || hidden_root_itself(abs, hidden)))
			return -EACCES; /* emu's own directories are no guest's */
		/* its base is a tmpfs's: ".." leaves through the mount point */
		if (moved && (size_t)snprintf(path, PATH_MAX, "%s%s", abs, slash ? "/" : "") >= PATH_MAX)
			return -ENAMETOOLONG;
		return 0;
	}
	const char *rest = strcmp(m->mnt_mountpoint, "/") ? abs + strlen(m->mnt_mountpoint) : abs;
	if ((size_t)snprintf(out, sizeof out, "%s/%s", m->target, rest) >= sizeof out)
		return -ENAMETOOLONG;
	normalize_path(out);
	if (slash && strcmp(out, "/"))
		strcat(out, "/");
	strcpy(path, out);
	*mnt = m;
	return 0;
}

struct mount *lookup_mnt_last(void)
{
	return last_lookup_mnt;
}

void set_lookup_mnt_last(struct mount *mnt)
{
	last_lookup_mnt = mnt;
}

/* The tmpfs mount whose private directory holds the host path, or NULL. */
static struct mount *tmpfs_mount_of(const char *path, const char **rest)
{
	for (struct mount *m = current_mnt_ns()->root; m; m = m->next)
		if (m->redirects && m->mnt_sb->s_private_dir && path_under(path, m->target)) {
			*rest = path + strlen(m->target);
			return m;
		}
	return NULL;
}

void d_path_guest(char *path, size_t size)
{
	const char *rest;
	char out[PATH_MAX];

	if (!current_mnt_ns()->nr_redirects || path[0] != '/')
		return;
	struct mount *m = tmpfs_mount_of(path, &rest);
	if (!m)
		return;
	snprintf(out, sizeof out, "%s%s", strcmp(m->mnt_mountpoint, "/") ? m->mnt_mountpoint : "",
		 rest);
	snprintf(path, size, "%s", out[0] ? out : "/");
}

struct mount *mnt_of_host_fd(int host_fd)
{
	char link[64], path[PATH_MAX];
	const char *rest;
	ssize_t n;

	if (!current_mnt_ns()->nr_redirects || host_fd < 0)
		return NULL;
	snprintf(link, sizeof link, "/proc/self/fd/%d", host_fd);
	if ((n = readlink(link, path, sizeof path - 1)) < 0)
		return NULL;
	path[n] = '\0';
	return tmpfs_mount_of(path, &rest);
}

int mnt_want_write(const struct mount *mnt)
{
	return mnt && ((mnt->mnt_flags & MNT_READONLY) || mnt->mnt_sb->s_rdonly) ? -EROFS : 0;
}

void mnt_fill_stat(const struct mount *mnt, struct stat *st)
{
	if (mnt && mnt->mnt_sb->s_anon_dev)
		st->st_dev = mnt->mnt_sb->s_dev;
}

void mnt_fill_statx(const struct mount *mnt, struct statx *stx)
{
	if (mnt && mnt->mnt_sb->s_anon_dev) {
		stx->stx_dev_major = major(mnt->mnt_sb->s_dev);
		stx->stx_dev_minor = minor(mnt->mnt_sb->s_dev);
	}
	if (!mnt)
		mnt = current_mnt_ns()->root;
	if (stx->stx_mask & STATX_MNT_ID_UNIQUE)
		stx->stx_mnt_id = mnt->mnt_id_unique;
	else if (stx->stx_mask & STATX_MNT_ID)
		stx->stx_mnt_id = mnt->mnt_id;
}

unsigned long mnt_statfs_flags(const struct mount *mnt)
{
	static const struct { unsigned mnt; unsigned long st; } map[] = {
		{ MNT_READONLY, ST_RDONLY }, { MNT_NOSUID, ST_NOSUID }, { MNT_NODEV, ST_NODEV },
		{ MNT_NOEXEC, ST_NOEXEC }, { MNT_NOATIME, ST_NOATIME },
		{ MNT_NODIRATIME, ST_NODIRATIME }, { MNT_RELATIME, ST_RELATIME },
		{ MNT_NOSYMFOLLOW, 0x2000 /* ST_NOSYMFOLLOW */ },
	};
	unsigned long f = 0x20; /* ST_VALID: the flags are meaningful */

	for (size_t i = 0; i < sizeof map / sizeof *map; i++)
		if (mnt->mnt_flags & map[i].mnt)
			f |= map[i].st;
	return f | (mnt->mnt_sb->s_rdonly ? ST_RDONLY : 0);
}

int mnt_id_of(const struct mount *mnt)
{
	return mnt ? mnt->mnt_id : MNT_ID_ROOT;
}

struct mount *mnt_by_unique_id(struct mnt_namespace *ns, uint64_t id)
{
	for (struct mount *m = ns->root; m; m = m->next)
		if (m->mnt_id_unique == id)
			return m;
	return NULL;
}

void get_mnt_ns(struct mnt_namespace *ns)
{
	ns->ns.count++;
}

/* The copy of old's list into ns, each parent mapped to its copy: 0 or -ENOMEM. */
static int copy_tree(struct mnt_namespace *ns, const struct mnt_namespace *old)
{
	struct mount **tail = &ns->root;

	for (struct mount *m = old->root; m; m = m->next) {
		struct mount *c = alloc_mnt(m->mnt_sb, m->mnt_root, m->mnt_mountpoint, m->mnt_devname);
		if (!c || (m->target && !(c->target = strdup(m->target)))) {
			if (c)
				free_mnt(c);
			return -ENOMEM;
		}
		c->mnt_id = m->mnt_id; /* ids stay unique across the copy: none is freed yet */
		c->mnt_flags = m->mnt_flags;
		c->mnt_group_id = m->mnt_group_id;
		c->mnt_master = m->mnt_master;
		c->unbindable = m->unbindable;
		c->redirects = m->redirects;
		c->mnt_parent = c;
		for (struct mount *p = ns->root, *o = old->root; p; p = p->next, o = o->next)
			if (o == m->mnt_parent && o != m)
				c->mnt_parent = p;
		ns->nr_redirects += c->redirects;
		*tail = c;
		tail = &c->next;
	}
	return 0;
}

int copy_mnt_ns(uint64_t flags, struct mnt_namespace *old, struct user_namespace *user_ns,
		struct mnt_namespace **new)
{
	static uint64_t next_seq = 2; /* the initial namespace is 1 */

	if (!init_mnt_ns.root)
		init_mount_tree(&init_mnt_ns);
	if (!(flags & CLONE_NEWNS)) {
		get_mnt_ns(old);
		*new = old;
		return 0;
	}
	struct mnt_namespace *ns = calloc(1, sizeof *ns);
	if (!ns)
		return -ENOMEM;
	ns_init(&ns->ns, CLONE_NEWNS, user_ns);
	ns->seq = next_seq++;
	if (copy_tree(ns, old)) {
		put_mnt_ns(ns);
		return -ENOMEM;
	}
	*new = ns;
	return 0;
}

void put_mnt_ns(struct mnt_namespace *ns)
{
	if (!ns || --ns->ns.count > 0 || ns == &init_mnt_ns)
		return;
	while (ns->root) {
		struct mount *m = ns->root;
		ns->root = m->next;
		if (last_lookup_mnt == m)
			last_lookup_mnt = NULL;
		free_mnt(m);
	}
	ns_free(&ns->ns);
	free(ns);
}
