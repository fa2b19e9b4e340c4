/* Identity and system information: Linux's kernel/sys.c. What the machine reports
 * is fixed (name, release, memory, CPUs), not the host's, so runs replay; uid and
 * gid stay the host's, as host files are. */
#include <emu/mm.h>
#include <emu/sched.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/utsname.h>
#include <errno.h>
#include <string.h>
#include <limits.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

SYSCALL_DEFINE1(uname, uint64_t, ubuf)
{
	struct utsname u;

	memset(&u, 0, sizeof u);
	strcpy(u.sysname, UTS_SYSNAME_EMU);
	strcpy(u.nodename, UTS_NODENAME_EMU);
	strcpy(u.release, UTS_RELEASE_EMU);
	strcpy(u.version, UTS_VERSION_EMU);
	strcpy(u.machine, "x86_64");
	strcpy(u.domainname, "(none)");
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
	si.uptime = ktime_get_ns() / 1000000000ULL;
	si.totalram = phys_size();
	si.freeram = frames_free() * PAGE_SIZE;
	si.procs = 1;
	si.mem_unit = 1;
	return copy_to_user(uinfo, &si, sizeof si);
}

/* Resource limits: fixed defaults, as a fresh Linux login has them. */
static struct rlimit rlimits[RLIM_NLIMITS] = {
	[RLIMIT_CPU] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_FSIZE] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_DATA] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_STACK] = { STACK_SIZE_MAX, RLIM_INFINITY },
	[RLIMIT_CORE] = { 0, RLIM_INFINITY },
	[RLIMIT_RSS] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_NPROC] = { 4096, 4096 },
	[RLIMIT_NOFILE] = { 1024, 1024 },
	[RLIMIT_MEMLOCK] = { 8 << 20, 8 << 20 },
	[RLIMIT_AS] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_LOCKS] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_SIGPENDING] = { 4096, 4096 },
	[RLIMIT_MSGQUEUE] = { 819200, 819200 },
	[RLIMIT_NICE] = { 0, 0 },
	[RLIMIT_RTPRIO] = { 0, 0 },
	[RLIMIT_RTTIME] = { RLIM_INFINITY, RLIM_INFINITY },
};

/* A core would be written (so the wait status says WCOREDUMP): emu writes no core
 * file, but reports what Linux with a plain core_pattern would. */
unsigned long rlimit_nproc(void)
{
	return rlimits[RLIMIT_NPROC].rlim_cur;
}

void task_rlimit(const struct task *t, unsigned resource, struct rlimit *out)
{
	*out = rlimits[resource]; /* the same for every task, for now */
}

unsigned long rlimit_sigpending(void)
{
	return rlimits[RLIMIT_SIGPENDING].rlim_cur;
}

bool core_dump_allowed(void)
{
	return rlimits[RLIMIT_CORE].rlim_cur > 0;
}

SYSCALL_DEFINE4(prlimit64, int, pid, unsigned, resource, uint64_t, unew, uint64_t, uold)
{
	struct rlimit new;

	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (pid && pid != current->tgid)
		return -ESRCH;
	if (unew) {
		if (copy_from_user(&new, unew, sizeof new))
			return -EFAULT;
		if (new.rlim_cur > new.rlim_max)
			return -EINVAL;
		if (new.rlim_max > rlimits[resource].rlim_max)
			return -EPERM; /* raising a hard limit needs privilege */
	}
	if (uold && copy_to_user(uold, &rlimits[resource], sizeof new))
		return -EFAULT;
	if (unew)
		rlimits[resource] = new;
	return 0;
}

SYSCALL_DEFINE2(getrlimit, unsigned, resource, uint64_t, uold)
{
	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	return copy_to_user(uold, &rlimits[resource], sizeof rlimits[0]);
}


