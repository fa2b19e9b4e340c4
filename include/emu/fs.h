/* Files: open file descriptions, the per-process descriptor table and fs_struct.
 * Guest descriptors are our own numbers; each open file holds a host descriptor,
 * so a guest that closes 1 and opens a file gets 1, whatever the host has. */
#ifndef EMU_FS_H
#define EMU_FS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct pipe;
struct file;
struct guest_iov;

/* Files emu implements itself besides pipes (eventfd, epoll). Such a file also holds
 * a host descriptor of the same kind, which answers fstat, fcntl and lseek. */
struct file_operations {
	long (*read)(struct file *f, const struct guest_iov *segs, int nsegs);
	long (*write)(struct file *f, const struct guest_iov *segs, int nsegs);
	short (*poll)(struct file *f, short events);
	void (*release)(struct file *f);
	long (*unlocked_ioctl)(struct file *f, unsigned cmd, uint64_t arg); /* or NULL */
	/* a file with positions of its own (/proc/PID/mem, pagemap), or NULL: pread and
	 * pwrite at pos; read and write at the host descriptor's offset, which moves on */
	long (*rw_at)(struct file *f, const struct guest_iov *segs, int nsegs, int64_t pos,
		      bool write);
	/* its kind's lines of /proc/PID/fdinfo/N (Linux's show_fdinfo), or NULL */
	void (*show_fdinfo)(FILE *m, struct file *f);
};

struct file {
	int refcount;
	int host_fd;         /* -1 for emu's own files (pipes) */
	struct pipe *pipe;   /* a pipe end, or NULL */
	const struct file_operations *f_op; /* emu's own file other than a pipe, or NULL */
	void *private_data;  /* ... its state */
	bool may_block;      /* a host terminal, pipe or socket: reads can wait */
	bool from_outside;   /* inherited from emu's caller: its kind is recorded (replay.md) */
	unsigned flags;      /* O_ACCMODE | O_APPEND | O_NONBLOCK ... as open gave them */
	char *path;          /* as opened, for the trace and /proc/self/exe */
	const void *proc_entry; /* a writable /proc file: writes are applied (procfs.c) */
	int proc_pid;           /* ... to this task's (0: the machine's) */
	struct inode *f_inode;  /* a regular host file open for writing: its write count */
	bool procfs;            /* opened from emu's /proc or /sys: path names it */
};

#define NR_OPEN_DEFAULT 64   /* a new descriptor table's size; it grows (expand_files) */
#define INR_OPEN_CUR 1024    /* RLIMIT_NOFILE's soft limit at boot, as Linux */
#define INR_OPEN_MAX 4096    /* ... and its hard limit */
static const unsigned sysctl_nr_open = 1024 * 1024; /* fs.nr_open: no RLIMIT_NOFILE above */

struct fdtable_entry {
	struct file *file;
	bool cloexec;
};

struct files_struct {
	int refcount;
	int max_fds;
	struct fdtable_entry *fd;
};

struct fs_struct {
	int refcount;
	int cwd_fd;          /* host directory descriptor of the working directory */
	char proc_cwd[256];  /* the working directory when it is in emu's /proc or /sys */
	unsigned umask;
};

struct file *file_from_host(int host_fd, unsigned flags, const char *path);

/* Pipes (kernel/pipe.c). */
struct guest_iov {
	uint64_t base, len;
};
long pipe_read(struct file *f, const struct guest_iov *segs, int nsegs);
long pipe_write(struct file *f, const struct guest_iov *segs, int nsegs);
void pipe_release(struct file *f);
int pipe_stat(struct file *f, void *statbuf);
long pipe_nread(struct file *f);
long pipe_get_size(struct file *f); /* F_GETPIPE_SZ */
long pipe_set_size(struct file *f, unsigned long size); /* F_SETPIPE_SZ: size or -errno */
short pipe_poll(struct file *f, short events);
/* splice's side of a pipe (kernel/pipe.c; kernel/fs/splice.c uses them). */
long pipe_splice_wait_data(struct file *f, bool nonblock); /* bytes, 0 at EOF, -errno, a wait */
long pipe_splice_wait_room(struct file *f, bool nonblock); /* room, -EPIPE, -EAGAIN, a wait */
void pipe_splice_peek(struct file *f, void *buf, size_t n); /* the first n, left there */
void pipe_splice_consume(struct file *f, size_t n);         /* drops the first n */
void pipe_splice_fill(struct file *f, const void *buf, size_t n); /* appends n */
bool pipe_same(const struct file *a, const struct file *b);
/* A host terminal or pipe (may_block) that is not ready: a host read or write would
 * block emu (kernel/fs/read_write.c). wait_for_host_fd sleeps until it is. */
bool host_would_block(struct file *f, bool write);
long wait_for_host_fd(struct file *f, bool write);
const char *pipe_describe(const void *pipe); /* "0 bytes in it, 1 reader(s), ..." */
/* open of the host FIFO whose struct stat is statbuf: emu's pipe for it, shared by
 * every opener; O_RDONLY waits for a writer, O_WRONLY for a reader (O_NONBLOCK:
 * ENXIO), O_RDWR never waits. A descriptor, -errno, or EMU_RESTART. */
long fifo_open(const void *statbuf, int flags, const char *path);
void fget(struct file *f);
/* O_NONBLOCK as it is now (F_SETFL changes it on the host descriptor). */
bool file_nonblocking(struct file *f);
short vfs_poll(struct file *f, short events); /* ready events now, never waits */
int anon_inode_getfd(const char *name, const struct file_operations *fops, void *priv,
		     int host, unsigned flags, bool cloexec);
void fput(struct file *f);

/* epoll (kernel/fs/eventpoll.c): a file going away leaves every epoll set; a change
 * to one of emu's own files (queue: the pipe, eventfd ...) queues the epoll items
 * that wait on it and whose events match key (0: any), as Linux's ep_poll_callback. */
void eventpoll_release(struct file *f);
void ep_poll_wake(const void *queue, unsigned key);

struct files_struct *files_alloc(void);
/* Grows the table to hold descriptor nr: 0, -EMFILE past fs.nr_open, or -ENOMEM. */
int expand_files(struct files_struct *files, int nr);
void put_files_struct(struct files_struct *files);
struct file *fdget(int fd);                       /* borrowed, NULL if not open */
/* lowest free >= min_fd, below RLIMIT_NOFILE (else -EMFILE) */
int fd_install(struct file *f, bool cloexec, int min_fd);
/* replaces what was there; -EBADF at or above RLIMIT_NOFILE */
int fd_install_at(int fd, struct file *f, bool cloexec);
int fd_close(int fd);

struct fs_struct *fs_alloc(void); /* the host's working directory, umask 022 */
void put_fs_struct(struct fs_struct *fs);

/* Host directory fd for a guest dirfd (AT_FDCWD or an open directory), or -EBADF. */
int host_dirfd(int dirfd);
/* Copies a path from the guest and maps the few names emu answers itself
 * (/proc/self/exe is the program, not emu). Returns 0 or -errno; buf has PATH_MAX
 * bytes. An empty path is ENOENT unless flags has AT_EMPTY_PATH. */
int getname(uint64_t upath, char *buf, int flags);
bool is_self_exe(const char *path);
/* -L DIR (qemu-user's -L): an absolute path that names something under DIR becomes
 * that name (path has PATH_MAX bytes); others stay. getname applies it to every
 * path the guest gives. set_ld_prefix: 0 or -errno if DIR is no directory. */
int set_ld_prefix(const char *dir);
void ld_prefix_path(char *path);
/* The one path lookup (kernel/fs/lookup.c): getname, then where the path leads.
 * LOOKUP_PROC: path is emu's /proc or /sys file, absolute and normalized (reached
 * directly, through "..", or relative to a /proc directory descriptor or working
 * directory). LOOKUP_HOST: path is relative to *host_dir, and no route of it
 * (symlink, "..", /dev/fd) reaches the host's /proc or /sys. Or -errno.
 * flags: AT_EMPTY_PATH; AT_SYMLINK_NOFOLLOW when the last component is not followed. */
enum { LOOKUP_HOST, LOOKUP_PROC };
/* Folds "//", "." and "x/.." of an absolute path in place, lexically. */
void normalize_path(char *path);
int path_lookup(int dirfd, uint64_t upath, int flags, char *path, int *host_dir);
/* The /proc directory a relative path from dirfd starts in (a /proc descriptor or
 * working directory), or NULL for a host directory. */
const char *lookup_proc_base(int dirfd);
/* path_lookup for calls that only work on host files: a /proc path is EACCES,
 * except a /proc link to a host file (procfs_host_target), which leads to it. */
int user_path_at(int dirfd, uint64_t upath, int flags, char *path, int *host_dir);

/* A host call's result as a system call result: -errno on failure. */
#include <errno.h>
static inline long host_ret(long r)
{
	return r < 0 ? -errno : r;
}


/* emu's /proc and /sys (kernel/fs/procfs.c). is_procfs_path normalizes an absolute
 * path in place and says whether it names them; procfs_open gives a host descriptor
 * holding the file's text, or -errno; is_host_procfs: the host's own /proc or /sys. */
bool is_procfs_path(char *path);
int procfs_open(const char *path, int flags); /* a descriptor in current's table */
bool is_host_procfs(int host_fd);
long procfs_write(struct file *f, size_t written); /* applies a write to a /proc file */
long procfs_readlink(const char *path, char *buf, size_t size);
/* The status of a /proc path (follow: its last symlink too), into a struct stat;
 * 0 or -errno. procfs_access: faccessat's answer for it. */
int procfs_stat(const char *path, bool follow, void *statbuf);
int procfs_access(const char *path, int mode, bool follow);
/* chdir's lookup: path's last links followed, in place; LOOKUP_PROC for a /proc
 * directory, LOOKUP_HOST when a link leads to a host path, or -errno.
 * procfs_open_dir: a host descriptor of that directory's listing. */
int procfs_resolve_dir(char *path);
int procfs_open_dir(const char *path);
int procfs_statfs(const char *path, void *statfsbuf);
/* A /proc link to a host file (fd/N, exe, cwd, root): path becomes a host path
 * naming that file (fd/N: emu's own host descriptor's link, so an O_PATH
 * descriptor of a symlink stays that symlink), true; otherwise false. */
bool procfs_host_target(char *path);
/* host_fd is a /proc directory's snapshot going away (its last file, or a working
 * directory left): the snapshot's host directory is removed, so that opening /proc
 * again and again does not fill the host's /tmp. */
void procfs_drop_snapshot(int host_fd);
/* /proc/PID/mem or pagemap of t, open in current's table (kernel/fs/proc_mem.c). */
struct task;
int proc_mem_open(struct task *t, bool pagemap, int flags, const char *path);
/* /proc/PID/fd/N's target (kernel/fs/d_path.c): its length, or -errno */
int fd_link_target(const struct file *f, char *buf, size_t size);

long unshare_files(void); /* current's own descriptor table (kernel/fork.c) */

/* Some guest descriptor has the host file dev:ino open for writing (exec's
 * ETXTBSY). */
#include <sys/types.h>
/* Host inodes as far as ETXTBSY goes (kernel/fs/inode.c), Linux's i_writecount. */
struct inode;
struct inode *iget(dev_t dev, ino_t ino); /* with a reference; NULL: no memory */
void ihold(struct inode *inode);          /* one more reference */
void iput(struct inode *inode);           /* drops one (NULL: nothing) */
bool inode_is_running(dev_t dev, ino_t ino); /* some program denies writes to it */
int get_write_access(struct inode *inode);   /* a writer: 0, or -ETXTBSY if running */
void put_write_access(struct inode *inode);
int deny_write_access(struct inode *inode);  /* a program: 0, or -ETXTBSY if written */
void allow_write_access(struct inode *inode);

/* ftruncate's work, also for truncate and O_TRUNC (kernel/fs/open.c). 0 or -errno. */
long do_truncate(int host_fd, long length);

/* rm -rf of one of emu's own host directories (tmpfs roots, /proc snapshots);
 * symlinks are removed, never followed (kernel/fs/filesystems.c). */
void remove_host_tree(const char *path);

#endif
