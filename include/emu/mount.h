/* Mounts (Linux's fs/mount.h, include/linux/mount.h): the mount table of a mount
 * namespace, the filesystems a mount can be of, and how a guest path crosses
 * mounts. emu's files are host files: a mount made at run time is a row that
 * redirects the paths under its mount point to a target, a private host directory
 * (tmpfs), a host path (a bind mount), or emu's /proc or /sys. docs/mounts.md. */
#ifndef EMU_MOUNT_H
#define EMU_MOUNT_H
#include <emu/nsproxy.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define MNT_UNIQUE_ID_OFFSET (1ULL << 31) /* 64-bit ids never look like 32-bit ones */

/* per-mount flags (Linux's MNT_*), as mountinfo's mount options show them */
#define MNT_NOSUID 0x01
#define MNT_NODEV 0x02
#define MNT_NOEXEC 0x04
#define MNT_NOATIME 0x08
#define MNT_NODIRATIME 0x10
#define MNT_RELATIME 0x20
#define MNT_READONLY 0x40
#define MNT_NOSYMFOLLOW 0x80
#define MNT_ATIME_MASK (MNT_NOATIME | MNT_NODIRATIME | MNT_RELATIME)

struct super_block;

/* A kind of filesystem (Linux's struct file_system_type): one row of
 * kernel/fs/filesystems.c's table makes a type mountable and listed. */
struct file_system_type {
	const char *name;
	unsigned long magic;   /* statfs's f_type */
	bool requires_dev;     /* a block device filesystem ("nodev" otherwise) */
	/* fills sb for a new mount of source with options data: 0 or -errno */
	int (*get_tree)(struct super_block *sb, const char *source, char *data);
	/* remount's new options (NULL: none accepted): 0 or -errno */
	int (*reconfigure)(struct super_block *sb, char *data);
	/* the options mountinfo shows after "rw" (NULL: none) */
	void (*show_options)(FILE *m, const struct super_block *sb);
};

/* A mounted filesystem instance, shared by a mount and its bind mounts. */
struct super_block {
	int s_count;
	const struct file_system_type *s_type;
	dev_t s_dev;
	bool s_rdonly;
	char *target;          /* the path its "/" is: a private host dir, "/proc", "/sys", "/" */
	bool s_private_dir;    /* target is emu's own directory: removed with the last mount */
	bool s_anon_dev;       /* its files report s_dev (a tmpfs), not the host's device */
	unsigned long max_blocks, max_inodes; /* tmpfs: size= and nr_inodes= (pages) */
	unsigned mode;         /* tmpfs: its root's mode, uid and gid */
	uid_t uid;
	gid_t gid;
};

struct mount {
	int mnt_id;
	uint64_t mnt_id_unique;   /* statx STATX_MNT_ID_UNIQUE, listmount, statmount */
	struct mount *mnt_parent; /* itself for the namespace's root */
	struct super_block *mnt_sb;
	char *mnt_root;           /* the mount's root inside its filesystem: "/" unless a bind */
	char *mnt_mountpoint;     /* the guest path it is mounted on */
	char *target;             /* where paths under the mount point go: sb target + mnt_root */
	char *mnt_devname;        /* the source as mount(2) gave it */
	unsigned mnt_flags;       /* MNT_* */
	int mnt_group_id;         /* peer group (shared:N), 0: not shared */
	int mnt_master;           /* peer group it receives from (master:N), 0: none */
	bool unbindable;
	bool expiry_mark;         /* MNT_EXPIRE: marked by a first call */
	bool redirects;           /* a run-time mount: its paths are rewritten */
	struct mount *next;       /* the namespace's list, parents before children */
};

/* A mount namespace (kernel/nsproxy.c holds it in a task's nsproxy). */
struct mnt_namespace {
	struct ns_common ns;   /* its /proc/PID/ns/mnt inode number, references, owner */
	uint64_t seq;          /* statmount's mnt_ns_id */
	struct mount *root;
	int nr_redirects;      /* run-time mounts: 0 keeps path lookup free of them */
};
extern struct mnt_namespace init_mnt_ns;

/* The caller's mount namespace (its nsproxy's): every use goes through here. */
struct mnt_namespace *current_mnt_ns(void);
/* old with a reference taken, or, with CLONE_NEWNS in flags, a copy of its mounts
 * owned by user_ns: the same mount ids and filesystems, private to it (peer groups
 * are kept, but no event propagates). 0 or -ENOMEM. */
int copy_mnt_ns(uint64_t flags, struct mnt_namespace *old, struct user_namespace *user_ns,
		struct mnt_namespace **new);
void get_mnt_ns(struct mnt_namespace *ns);
/* Drops a reference; the last one unmounts everything the namespace holds. */
void put_mnt_ns(struct mnt_namespace *ns);

/* The filesystem type named name, or NULL (kernel/fs/filesystems.c). */
const struct file_system_type *get_fs_type(const char *name);
void show_filesystems_table(FILE *m); /* /proc/filesystems */
dev_t get_anon_bdev(void);      /* a fresh 0:N device for a filesystem without one */
int tmpfs_statfs(const struct super_block *sb, void *statfsbuf); /* struct statfs */
void tmpfs_kill_sb(struct super_block *sb); /* removes its private directory */

/* Path translation (kernel/fs/namespace.c). path (PATH_MAX bytes) relative to the
 * host directory dir or absolute: when it lies under a run-time mount, it becomes
 * the absolute path it leads to and *mnt that mount; else unchanged and *mnt NULL.
 * 0 or -errno. */
int mnt_redirect(int dir, char *path, struct mount **mnt);
/* The mount the last path_lookup landed in (NULL: not a run-time one). */
struct mount *lookup_mnt_last(void);
void set_lookup_mnt_last(struct mount *mnt);
/* A host path as the guest sees it: one inside a tmpfs's private directory
 * becomes its name under the mount point (Linux's d_path). In place, size bytes. */
void d_path_guest(char *path, size_t size);
/* The run-time tmpfs mount an open host descriptor's file lies in, or NULL. */
struct mount *mnt_of_host_fd(int host_fd);
/* A file's status as the guest sees it: st_dev (statx's dev and mnt_id too) from
 * the mount it was found in (NULL: a host file, the root mount's). */
struct stat;
struct statx;
void mnt_fill_stat(const struct mount *mnt, struct stat *st);
void mnt_fill_statx(const struct mount *mnt, struct statx *stx);
/* 0, or -EROFS when mnt (NULL: none) is read-only (Linux's mnt_want_write). */
int mnt_want_write(const struct mount *mnt);
unsigned long mnt_statfs_flags(const struct mount *mnt); /* statfs's f_flags: ST_VALID|... */
int mnt_id_of(const struct mount *mnt);  /* mountinfo's id; the root's for NULL */
struct mount *mnt_by_unique_id(struct mnt_namespace *ns, uint64_t id);

/* /proc/PID/mounts and mountinfo of ns */
void show_mounts_table(FILE *m, struct mnt_namespace *ns, bool mountinfo);

/* Between the table (namespace.c) and the calls that change it (do_mount.c). */
/* A mount of sb's root (a path in it) on a guest path, with one reference on sb. */
struct mount *alloc_mnt(struct super_block *sb, const char *root, const char *mountpoint,
			const char *devname);
void free_mnt(struct mount *m);           /* and drops its reference on its sb */
void put_super(struct super_block *sb);   /* the last reference removes a tmpfs's files */
void attach_mnt(struct mnt_namespace *ns, struct mount *m, struct mount *parent);
void detach_mnt(struct mnt_namespace *ns, struct mount *m);
/* The mount covering an absolute normalized guest path (redirecting: run-time only). */
struct mount *lookup_mnt_path(struct mnt_namespace *ns, const char *path, bool redirecting);
/* The absolute, normalized guest path of path relative to host directory dir. */
int guest_abs_path(int dir, const char *path, char *out);
bool is_subdir(const char *path, const char *dir); /* path is dir or under it */
const char *tmpfs_dirs_root(void); /* where tmpfs directories live, NULL before any */

#endif
