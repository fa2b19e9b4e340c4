/* The filesystems a mount can be of (Linux's fs/filesystems.c and each type's
 * fs_context): one row per type. A new kind of mount is one row and, if it needs
 * one, a get_tree that says what its root is. emu has no block devices: a type
 * that needs one fails as Linux does when the source is not one. */
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/mount.h>
#include <emu/task.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/statvfs.h>
#include <sys/vfs.h>
#include <unistd.h>

#define PROC_SUPER_MAGIC 0x9fa0
#define SYSFS_MAGIC 0x62656572
#define TMPFS_MAGIC 0x01021994
#define EXT4_SUPER_MAGIC 0xef53
#define CGROUP2_SUPER_MAGIC 0x63677270

dev_t get_anon_bdev(void)
{
	static unsigned minor = 25; /* 0:21-0:24 are /proc, /sys, /dev/shm, /sys/fs/cgroup */

	return makedev(0, minor++);
}

/* ---- tmpfs: a fresh private host directory ---- */

static unsigned long tmpfs_default_pages(void)
{
	return phys_size() / PAGE_SIZE / 2; /* half of memory, as Linux's */
}

/* "size=1m", "nr_inodes=10k", "size=50%": a number with k, m, g or % */
static int parse_size(const char *v, unsigned long *out, bool pages)
{
	char *end;
	unsigned long n = strtoul(v, &end, 0);

	if (end == v)
		return -EINVAL;
	switch (*end) {
	case 'k': case 'K': n <<= 10; end++; break;
	case 'm': case 'M': n <<= 20; end++; break;
	case 'g': case 'G': n <<= 30; end++; break;
	case '%': n = phys_size() / 100 * n; end++; pages = true; break;
	default: break;
	}
	if (*end)
		return -EINVAL;
	*out = pages ? (n + PAGE_SIZE - 1) / PAGE_SIZE : n;
	return 0;
}

static int parse_number(const char *v, int base, unsigned long *out)
{
	char *end;

	*out = strtoul(v, &end, base);
	return end == v || *end ? -EINVAL : 0;
}

/* tmpfs's options (Linux's shmem_parse_one): 0 or -EINVAL for an unknown one. */
static int tmpfs_parse(struct super_block *sb, char *data)
{
	for (char *opt = data ? strtok(data, ",") : NULL; opt; opt = strtok(NULL, ",")) {
		char *v = strchr(opt, '=');
		unsigned long n;
		if (v)
			*v++ = '\0';
		if (!v && (!strcmp(opt, "rw") || !strcmp(opt, "ro")))
			continue;
		if (!v)
			return -EINVAL;
		if (!strcmp(opt, "size") && !parse_size(v, &n, true))
			sb->max_blocks = n;
		else if (!strcmp(opt, "nr_inodes") && !parse_size(v, &n, false))
			sb->max_inodes = n;
		else if (!strcmp(opt, "mode") && !parse_number(v, 8, &n))
			sb->mode = n & 07777;
		else if (!strcmp(opt, "uid") && !parse_number(v, 10, &n))
			sb->uid = n;
		else if (!strcmp(opt, "gid") && !parse_number(v, 10, &n))
			sb->gid = n;
		else
			return -EINVAL;
	}
	return 0;
}

/* emu's directory for tmpfs roots, made at the first mount, gone at exit */
static char tmpfs_root[64];

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	remove(path);
	return 0;
}

void remove_host_tree(const char *path)
{
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS); /* symlinks are not followed */
}

const char *tmpfs_dirs_root(void)
{
	return tmpfs_root[0] ? tmpfs_root : NULL;
}

static void remove_tmpfs_root(void)
{
	remove_host_tree(tmpfs_root);
}

/* Removes a tmpfs's private directory and everything in it. */
void tmpfs_kill_sb(struct super_block *sb)
{
	remove_host_tree(sb->target);
}

static int tmpfs_get_tree(struct super_block *sb, const char *source, char *data)
{
	static unsigned long n;
	char dir[PATH_MAX];
	int err;

	sb->max_blocks = tmpfs_default_pages();
	sb->max_inodes = sb->max_blocks / 2;
	sb->mode = 01777;
	if ((err = tmpfs_parse(sb, data)))
		return err;
	if (!tmpfs_root[0]) {
		strcpy(tmpfs_root, "/tmp/emu-tmpfs-XXXXXX");
		if (!mkdtemp(tmpfs_root)) {
			tmpfs_root[0] = '\0';
			return -ENOMEM;
		}
		atexit(remove_tmpfs_root);
	}
	snprintf(dir, sizeof dir, "%s/%lu", tmpfs_root, n++);
	if (mkdir(dir, 0700) < 0)
		return -ENOMEM;
	/* the root as tmpfs makes it; the host lets emu's files be any owner's */
	if (chmod(dir, sb->mode) < 0 || (lchown(dir, sb->uid, sb->gid) < 0 && errno != EPERM)) {
		rmdir(dir);
		return -ENOMEM;
	}
	sb->target = strdup(dir);
	sb->s_private_dir = true;
	sb->s_anon_dev = true;
	sb->s_dev = get_anon_bdev();
	return sb->target ? 0 : -ENOMEM;
}

static int tmpfs_reconfigure(struct super_block *sb, char *data)
{
	struct super_block copy = *sb;
	int err = tmpfs_parse(&copy, data);

	if (!err) { /* mode, uid and gid are for a new mount only, as Linux's */
		sb->max_blocks = copy.max_blocks;
		sb->max_inodes = copy.max_inodes;
	}
	return err;
}

static void tmpfs_show_options(FILE *m, const struct super_block *sb)
{
	if (!sb->max_blocks)
		return; /* the boot row's /dev/shm (the host's): no options of emu's to show */
	if (sb->max_blocks != tmpfs_default_pages())
		fprintf(m, ",size=%luk", sb->max_blocks * (PAGE_SIZE / 1024));
	if (sb->max_inodes != tmpfs_default_pages() / 2)
		fprintf(m, ",nr_inodes=%lu", sb->max_inodes);
	if (sb->mode != 01777)
		fprintf(m, ",mode=%03o", sb->mode);
	if (sb->uid)
		fprintf(m, ",uid=%u", (unsigned)sb->uid);
	if (sb->gid)
		fprintf(m, ",gid=%u", (unsigned)sb->gid);
}

/* What a tmpfs's files hold: pages of data (not of directories) and inodes. */
static unsigned long used_pages, used_inodes;

static int count_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	used_inodes++;
	if (!S_ISDIR(st->st_mode))
		used_pages += (unsigned long)st->st_blocks / (PAGE_SIZE / 512);
	return 0;
}

int tmpfs_statfs(const struct super_block *sb, void *statfsbuf)
{
	struct statfs *st = statfsbuf;

	used_pages = used_inodes = 0;
	if (nftw(sb->target, count_entry, 16, FTW_PHYS) < 0)
		return -errno;
	memset(st, 0, sizeof *st);
	st->f_type = TMPFS_MAGIC;
	st->f_bsize = PAGE_SIZE;
	st->f_frsize = PAGE_SIZE;
	st->f_blocks = sb->max_blocks;
	st->f_bfree = st->f_bavail = used_pages < sb->max_blocks ? sb->max_blocks - used_pages : 0;
	st->f_files = sb->max_inodes;
	st->f_ffree = used_inodes < sb->max_inodes ? sb->max_inodes - used_inodes : 0;
	st->f_namelen = NAME_MAX;
	st->f_flags = sb->s_rdonly ? ST_RDONLY : 0;
	return 0;
}

/* ---- emu's own /proc and /sys at another mount point ---- */

static int proc_get_tree(struct super_block *sb, const char *source, char *data)
{
	sb->target = strdup("/proc");
	sb->s_dev = makedev(0, 21); /* one procfs: the same as /proc's (procfs.c) */
	return sb->target ? 0 : -ENOMEM;
}

static int sysfs_get_tree(struct super_block *sb, const char *source, char *data)
{
	sb->target = strdup("/sys");
	sb->s_dev = makedev(0, 22);
	return sb->target ? 0 : -ENOMEM;
}

/* emu's one cgroup v2 hierarchy (kernel/cgroup/), wherever it is mounted */
static int cgroup2_get_tree(struct super_block *sb, const char *source, char *data)
{
	sb->target = strdup("/sys/fs/cgroup");
	sb->s_dev = makedev(0, 24);
	return sb->target ? 0 : -ENOMEM;
}

static void cgroup2_show_options(FILE *m, const struct super_block *sb)
{
	fputs(",nsdelegate", m); /* a cgroup namespace bounds migrations (cgroupfs.c) */
}

/* ---- filesystems on a block device: emu has none ---- */

/* Linux's get_tree_bdev: no source is EINVAL; one that does not exist is ENOENT,
 * one that is no block device ENOTBLK. A host block device would be the host's
 * disk under emu: refused as absent (ENXIO would say it exists). */
static int bdev_get_tree(struct super_block *sb, const char *source, char *data)
{
	char path[PATH_MAX];
	struct stat st;

	if (!source || !*source)
		return -EINVAL;
	snprintf(path, sizeof path, "%s", source);
	ld_prefix_path(path);
	if (stat(path, &st) < 0)
		return -ENOENT;
	return S_ISBLK(st.st_mode) ? -ENXIO : -ENOTBLK;
}

static const struct file_system_type fs_types[] = {
	{ "proc", PROC_SUPER_MAGIC, false, proc_get_tree, NULL, NULL },
	{ "sysfs", SYSFS_MAGIC, false, sysfs_get_tree, NULL, NULL },
	{ "tmpfs", TMPFS_MAGIC, false, tmpfs_get_tree, tmpfs_reconfigure, tmpfs_show_options },
	{ "pipefs", 0x50495045, false, NULL, NULL, NULL }, /* internal: EINVAL, as SB_NOUSER */
	{ "cgroup2", CGROUP2_SUPER_MAGIC, false, cgroup2_get_tree, NULL, cgroup2_show_options },
	{ "ext4", EXT4_SUPER_MAGIC, true, bdev_get_tree, NULL, NULL },
};

const struct file_system_type *get_fs_type(const char *name)
{
	for (size_t i = 0; i < sizeof fs_types / sizeof *fs_types; i++)
		if (!strcmp(fs_types[i].name, name))
			return &fs_types[i];
	return NULL;
}

void show_filesystems_table(FILE *m)
{
	for (size_t i = 0; i < sizeof fs_types / sizeof *fs_types; i++)
		fprintf(m, "%s\t%s\n", fs_types[i].requires_dev ? "" : "nodev", fs_types[i].name);
}
