/* Identity and system information: Linux's kernel/sys.c. What the machine reports
 * is fixed (name, release, memory, CPUs), not the host's, so runs replay; uid and
 * gid stay the host's, as host files are. */
#include <emu/mm.h>
#include <emu/sched.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/time_namespace.h>
#include <emu/utsname.h>
#include <emu/cred.h>
#include <emu/signal.h>
#include <emu/fs.h>
#include <errno.h>
#include <string.h>
#include <limits.h>
#include <linux/capability.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

SYSCALL_DEFINE1(uname, uint64_t, ubuf)
{
	struct utsname u;

	memset(&u, 0, sizeof u);
	strcpy(u.sysname, UTS_SYSNAME_EMU);
	strcpy(u.nodename, utsname()->nodename); /* the caller's UTS namespace's */
	strcpy(u.release, UTS_RELEASE_EMU);
	strcpy(u.version, UTS_VERSION_EMU);
	strcpy(u.machine, "x86_64");
	strcpy(u.domainname, utsname()->domainname);
	return copy_to_user(ubuf, &u, sizeof u);
}

SYSCALL_DEFINE0(getpid) { return current->tgid; }
SYSCALL_DEFINE0(gettid) { return current->pid; }
SYSCALL_DEFINE0(getppid)
{
	return current->parent ? current->parent->tgid : 1; /* 1: emu's init */
}

SYSCALL_DEFINE1(sysinfo, uint64_t, uinfo)
{
	struct sysinfo si;

	memset(&si, 0, sizeof si);
	si.uptime = timens_add_offset(CLOCK_BOOTTIME, ktime_get_ns()) / 1000000000ULL;
	si.totalram = phys_size();
	si.freeram = frames_free() * PAGE_SIZE;
	si.procs = 1;
	si.mem_unit = 1;
	return copy_to_user(uinfo, &si, sizeof si);
}

/* Resource limits: per process (signal_struct), inherited by fork and kept by
 * execve. The first process gets a fresh Linux login's defaults. */
static struct rlimit init_rlim[RLIM_NLIMITS] = {
	[RLIMIT_CPU] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_FSIZE] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_DATA] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_STACK] = { STACK_SIZE_MAX, RLIM_INFINITY },
	[RLIMIT_CORE] = { 0, RLIM_INFINITY },
	[RLIMIT_RSS] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_NPROC] = { 4096, 4096 },
	[RLIMIT_NOFILE] = { INR_OPEN_CUR, INR_OPEN_MAX },
	[RLIMIT_MEMLOCK] = { 8 << 20, 8 << 20 },
	[RLIMIT_AS] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_LOCKS] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_SIGPENDING] = { 4096, 4096 },
	[RLIMIT_MSGQUEUE] = { 819200, 819200 },
	[RLIMIT_NICE] = { 0, 0 },
	[RLIMIT_RTPRIO] = { 0, 0 },
	[RLIMIT_RTTIME] = { RLIM_INFINITY, RLIM_INFINITY },
};

/* RLIMIT_NOFILE's hard limit is the one emu was started with, as a program run
 * natively by the same user would have it (a login gives 1024 and whatever the
 * system set, often 524288), never above fs.nr_open; the soft limit is 1024.
 * Every guest file is a host descriptor of emu's one process: emu raises its own
 * soft limit to that hard limit. */
static void init_nofile(void)
{
	struct rlimit host;
	static bool done;

	if (done)
		return;
	done = true;
	if (!getrlimit(RLIMIT_NOFILE, &host) && host.rlim_cur < host.rlim_max) {
		struct rlimit raised = { host.rlim_max, host.rlim_max };
		setrlimit(RLIMIT_NOFILE, &raised);
	}
	if (getrlimit(RLIMIT_NOFILE, &host) || host.rlim_max > sysctl_nr_open)
		host.rlim_max = sysctl_nr_open;
	if (host.rlim_max < INR_OPEN_CUR)
		host.rlim_max = INR_OPEN_CUR;
	init_rlim[RLIMIT_NOFILE].rlim_max = host.rlim_max;
}

void rlimit_init(struct rlimit *rlim)
{
	init_nofile();
	memcpy(rlim, init_rlim, sizeof init_rlim);
}

unsigned long rlimit(unsigned resource)
{
	if (!current || !current->signal)
		return init_rlim[resource].rlim_cur;
	return current->signal->rlim[resource].rlim_cur;
}

unsigned long rlimit_nproc(void)
{
	return rlimit(RLIMIT_NPROC);
}

void task_rlimit(const struct task *t, unsigned resource, struct rlimit *out)
{
	*out = t->signal->rlim[resource];
}

unsigned long rlimit_sigpending(void)
{
	return rlimit(RLIMIT_SIGPENDING);
}

/* Linux's do_prlimit: who may change what. 0 or -errno. */
static int check_rlimit(struct task *p, unsigned resource, const struct rlimit *new)
{
	const struct rlimit *old = &p->signal->rlim[resource];

	if (new->rlim_cur > new->rlim_max)
		return -EINVAL;
	if (resource == RLIMIT_NOFILE && new->rlim_max > sysctl_nr_open)
		return -EPERM;
	if (new->rlim_max > old->rlim_max && !capable(current, CAP_SYS_RESOURCE))
		return -EPERM; /* raising a hard limit needs privilege */
	return 0;
}

/* prlimit's target: the caller, or any thread (the limits are its process's). */
static struct task *prlimit_task(int pid)
{
	struct task *p = pid ? find_task(pid) : current;

	return p && p->signal ? p : NULL;
}

SYSCALL_DEFINE4(prlimit64, int, pid, unsigned, resource, uint64_t, unew, uint64_t, uold)
{
	struct rlimit new;
	struct task *p;
	int err;

	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (!(p = prlimit_task(pid)))
		return -ESRCH;
	/* Linux's check_prlimit_permission: another process needs its ids or the cap */
	if (p->signal != current->signal && !capable(current, CAP_SYS_RESOURCE) &&
	    (p->cred.uid != current->cred.uid || p->cred.euid != current->cred.uid ||
	     p->cred.suid != current->cred.uid || p->cred.gid != current->cred.gid ||
	     p->cred.egid != current->cred.gid || p->cred.sgid != current->cred.gid))
		return -EPERM;
	if (unew) {
		if (copy_from_user(&new, unew, sizeof new))
			return -EFAULT;
		if ((err = check_rlimit(p, resource, &new)))
			return err;
	}
	if (uold && copy_to_user(uold, &p->signal->rlim[resource], sizeof new))
		return -EFAULT;
	if (unew)
		p->signal->rlim[resource] = new;
	return 0;
}

SYSCALL_DEFINE2(setrlimit, unsigned, resource, uint64_t, unew)
{
	struct rlimit new;
	int err;

	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (copy_from_user(&new, unew, sizeof new))
		return -EFAULT;
	if ((err = check_rlimit(current, resource, &new)))
		return err;
	current->signal->rlim[resource] = new;
	return 0;
}

SYSCALL_DEFINE2(getrlimit, unsigned, resource, uint64_t, uold)
{
	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	return copy_to_user(uold, &current->signal->rlim[resource], sizeof(struct rlimit));
}


