/* /proc/PID/ns and the namespace files it opens (Linux's fs/proc/namespaces.c and
 * fs/nsfs.c). Each entry is a link "uts:[4026531838]" naming the namespace by its
 * inode number; stat follows it to the namespace's nsfs inode (st_ino the number), so
 * two tasks in one namespace compare equal; open gives a file that holds the
 * namespace, for setns(2) and the NS_GET_* ioctls. */
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/namespaces.h>
#include <emu/proc_fs.h>
#include <emu/task.h>
#include <emu/user_namespace.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <linux/sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define NSFS_DEV makedev(0, 4) /* nsfs's anonymous device on Linux */

/* The one PID namespace (PID namespaces are another branch's). */
static struct ns_common init_pid_ns = {
	.type = CLONE_NEWPID, .inum = PROC_PID_INIT_INO, .count = 1, .user_ns = &init_user_ns,
};

/* Linux's ns_entries, in its order: name, kind's name in the link, and the
 * namespace of t it names. */
struct ns_entry {
	const char *name, *kind;
	struct ns_common *(*get)(struct task *t);
};

static struct ns_common *net_of(struct task *t) { return &task_nsproxy(t)->net_ns->ns; }
static struct ns_common *uts_of(struct task *t) { return &task_nsproxy(t)->uts_ns->ns; }
static struct ns_common *ipc_of(struct task *t) { return &task_nsproxy(t)->ipc_ns->ns; }
static struct ns_common *pid_of(struct task *t) { return &init_pid_ns; }
static struct ns_common *user_of(struct task *t) { return &task_user_ns(t)->ns; }
static struct ns_common *mnt_of(struct task *t) { return &task_nsproxy(t)->mnt_ns->ns; }
static struct ns_common *cgroup_of(struct task *t) { return &task_nsproxy(t)->cgroup_ns->ns; }
static struct ns_common *time_of(struct task *t) { return &task_nsproxy(t)->time_ns->ns; }
static struct ns_common *time_children_of(struct task *t)
{
	return &task_nsproxy(t)->time_ns_for_children->ns;
}

static const struct ns_entry ns_entries[] = {
	{ "net", "net", net_of },
	{ "uts", "uts", uts_of },
	{ "ipc", "ipc", ipc_of },
	{ "pid", "pid", pid_of },
	{ "pid_for_children", "pid", pid_of },
	{ "user", "user", user_of },
	{ "mnt", "mnt", mnt_of },
	{ "cgroup", "cgroup", cgroup_of },
	{ "time", "time", time_of },
	{ "time_for_children", "time", time_children_of },
	{ NULL, NULL, NULL },
};

static const struct ns_entry *find_entry(const char *name)
{
	for (const struct ns_entry *e = ns_entries; e->name; e++)
		if (!strcmp(e->name, name))
			return e;
	return NULL;
}

/* A task that has gone has no namespaces to show. */
static bool has_namespaces(const struct task *t)
{
	return t->state != TASK_DEAD && t->nsproxy;
}

int proc_ns_link(struct task *t, const char *name, char *buf, size_t size)
{
	const struct ns_entry *e = find_entry(name);

	if (!e || !has_namespaces(t))
		return -ENOENT;
	if (!strcmp(name, "pid")) /* rewired at the merge with PID namespaces */
		return snprintf(buf, size, "pid:[%u]", task_pid_ns_inum(t)), 0;
	if (!strcmp(name, "pid_for_children"))
		return snprintf(buf, size, "pid:[%u]", task_pid_ns_for_children_inum(t)), 0;
	snprintf(buf, size, "%s:[%u]", e->kind, e->get(t)->inum);
	return 0;
}

struct ns_common *proc_ns_of_task(struct task *t, const char *name)
{
	const struct ns_entry *e = find_entry(name);

	return e && has_namespaces(t) ? e->get(t) : NULL;
}

const char *proc_ns_entry_name(int i)
{
	return i >= 0 && i < (int)(sizeof ns_entries / sizeof ns_entries[0]) ? ns_entries[i].name : NULL;
}

int proc_ns_stat(const char *link, void *statbuf)
{
	struct stat *st = statbuf;
	unsigned inum;
	char kind[16];

	if (sscanf(link, "%15[a-z]:[%u]", kind, &inum) != 2)
		return -ENOENT;
	memset(st, 0, sizeof *st);
	st->st_mode = S_IFREG | 0444;
	st->st_nlink = 1;
	st->st_dev = NSFS_DEV;
	st->st_ino = inum;
	st->st_blksize = PAGE_SIZE;
	return 0;
}

bool is_proc_ns_link(const char *link)
{
	unsigned inum;
	char kind[16];

	return sscanf(link, "%15[a-z]:[%u]", kind, &inum) == 2;
}

/* ---- the namespace file ---- */

static void get_ns(struct ns_common *ns)
{
	ns->count++;
}

void put_ns_common(struct ns_common *ns)
{
	switch (ns->type) {
	case CLONE_NEWUTS: put_uts_ns((struct uts_namespace *)ns); break;
	case CLONE_NEWIPC: put_ipc_ns((struct ipc_namespace *)ns); break;
	case CLONE_NEWNS: put_mnt_ns((struct mnt_namespace *)ns); break;
	case CLONE_NEWNET: put_net((struct net *)ns); break;
	case CLONE_NEWCGROUP: put_cgroup_ns((struct cgroup_namespace *)ns); break;
	case CLONE_NEWTIME: put_time_ns((struct time_namespace *)ns); break;
	case CLONE_NEWUSER: put_user_ns((struct user_namespace *)ns); break;
	default: ns->count--; break; /* the PID namespace is never freed */
	}
}

static long ns_read(struct file *f, const struct guest_iov *segs, int nsegs)
{
	return -EINVAL;
}

static void ns_release(struct file *f)
{
	put_ns_common(f->private_data);
	f->private_data = NULL;
}

static long ns_ioctl(struct file *f, unsigned cmd, uint64_t arg);

static const struct file_operations ns_file_operations = {
	.read = ns_read,
	.release = ns_release,
	.unlocked_ioctl = ns_ioctl,
};

static const char *ns_kind(int type)
{
	switch (type) {
	case CLONE_NEWNET: return "net";
	case CLONE_NEWUTS: return "uts";
	case CLONE_NEWIPC: return "ipc";
	case CLONE_NEWPID: return "pid";
	case CLONE_NEWUSER: return "user";
	case CLONE_NEWNS: return "mnt";
	case CLONE_NEWCGROUP: return "cgroup";
	default: return "time";
	}
}

/* A new descriptor for ns (a reference is taken), named by its link text. */
static int open_ns_file(struct ns_common *ns, int flags)
{
	char link[64];

	snprintf(link, sizeof link, "%s:[%u]", ns_kind(ns->type), ns->inum);
	int host = memfd_create("nsfs", MFD_CLOEXEC);
	if (host < 0)
		return -ENOMEM;
	struct file *f = file_from_host(host, O_RDONLY | (flags & O_NONBLOCK), link);
	if (!f) {
		close(host);
		return -ENOMEM;
	}
	get_ns(ns);
	f->f_op = &ns_file_operations;
	f->private_data = ns;
	f->procfs = true; /* its status is the namespace's (procfs_stat of its link) */
	int fd = fd_install(f, flags & O_CLOEXEC, 0);
	if (fd < 0)
		fput(f);
	return fd;
}

int proc_ns_open(struct task *t, const char *name, int flags)
{
	const struct ns_entry *e = find_entry(name);

	if (!e || !has_namespaces(t))
		return -ENOENT;
	if (flags & O_DIRECTORY)
		return -ENOTDIR;
	if ((flags & O_ACCMODE) != O_RDONLY)
		return -EPERM; /* nsfs inodes are immutable, even to root */
	return open_ns_file(e->get(t), flags);
}

struct ns_common *proc_ns_file_ns(const struct file *f)
{
	return f->f_op == &ns_file_operations ? f->private_data : NULL;
}

/* Linux's ns_get_owner: ns's owner, if current's user namespace is it or above it. */
static long ns_get_owner(struct user_namespace *owner)
{
	for (struct user_namespace *p = owner; p != current_user_ns(); p = p->parent)
		if (!p)
			return -EPERM;
	return open_ns_file(&owner->ns, O_CLOEXEC);
}

static long ns_ioctl(struct file *f, unsigned cmd, uint64_t arg)
{
	struct ns_common *ns = f->private_data;

	switch (cmd) {
	case NS_GET_NSTYPE:
		return ns->type;
	case NS_GET_USERNS:
		return ns_get_owner(ns->user_ns);
	case NS_GET_PARENT:
		if (ns->type != CLONE_NEWUSER && ns->type != CLONE_NEWPID)
			return -EINVAL;
		if (ns->type == CLONE_NEWPID) /* the initial one has none */
			return -EPERM;
		return ns_get_owner(((struct user_namespace *)ns)->parent);
	case NS_GET_OWNER_UID: {
		if (ns->type != CLONE_NEWUSER)
			return -EINVAL;
		uid_t uid = from_kuid_munged(current_user_ns(), ((struct user_namespace *)ns)->owner);
		return copy_to_user(arg, &uid, sizeof uid) ? -EFAULT : 0;
	}
	default:
		return -ENOTTY;
	}
}
