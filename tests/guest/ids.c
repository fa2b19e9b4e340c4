/* Identity and limits: pids, uids, groups, uname (only sysname and machine are
 * printed), sysinfo, CPU affinity, rlimits, umask, and ENOSYS for an unknown call. */
#include "check.h"
#include <sched.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(void)
{
	struct utsname u;
	struct sysinfo si;
	struct rlimit rl, old;
	cpu_set_t set;
	gid_t groups[256];

	CHECK("gettid() == getpid() in a one-thread process", syscall(SYS_gettid) == getpid());
	CHECK("getpid() > 0 and stable", getpid() > 0 && getpid() == syscall(SYS_getpid));
	CHECK("getppid() > 0", getppid() > 0);
	CHECK("getppid() != getpid()", getppid() != getpid());
	CHECK("getuid() == geteuid()", getuid() == geteuid());
	CHECK("getgid() == getegid()", getgid() == getegid());
	int ngroups = getgroups(0, NULL);
	CHECK("getgroups(0) counts the groups", ngroups >= 0 && getgroups(256, groups) == ngroups);
	if (ngroups >= 2) /* size 0 would only count them */
		EXPECT_ERRNO("getgroups into a too small list", getgroups(ngroups - 1, groups), EINVAL);
	CHECK("uname", uname(&u) == 0);
	printf("sysname=%s machine=%s\n", u.sysname, u.machine);
	CHECK("uname: release and nodename are not empty", u.release[0] && u.nodename[0]);
	CHECK("sysinfo", sysinfo(&si) == 0 && si.totalram > 0 && si.mem_unit > 0);
	CHECK("sysinfo: free RAM <= total RAM", si.freeram <= si.totalram);
	CHECK("sched_getaffinity: at least one CPU", sched_getaffinity(0, sizeof set, &set) == 0 &&
	      CPU_COUNT(&set) >= 1);
	long bytes = syscall(SYS_sched_getaffinity, 0, sizeof set, &set);
	CHECK("raw sched_getaffinity returns the mask size in bytes", bytes > 0 && bytes % 8 == 0 &&
	      bytes <= (long)sizeof set);
	EXPECT_ERRNO("sched_getaffinity into a 1-byte mask", syscall(SYS_sched_getaffinity, 0, 1, &set), EINVAL);
	CHECK("sched_getaffinity of our own pid", sched_getaffinity(getpid(), sizeof set, &set) == 0);
	long nproc = sysconf(_SC_NPROCESSORS_ONLN);
	CHECK("sysconf(_SC_NPROCESSORS_ONLN) >= 1", nproc >= 1);
	CHECK("sched_yield", sched_yield() == 0);
	CHECK("getrlimit(RLIMIT_STACK)", getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur > 0 &&
	      rl.rlim_cur <= rl.rlim_max);
	CHECK("prlimit64(RLIMIT_STACK) returns 0", syscall(SYS_prlimit64, 0, RLIMIT_STACK, NULL, &old) == 0 &&
	      old.rlim_cur == rl.rlim_cur && old.rlim_max == rl.rlim_max);
	CHECK("getrlimit(RLIMIT_NOFILE)", getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur >= 3);
	CHECK("setrlimit lowers RLIMIT_NOFILE", getrlimit(RLIMIT_NOFILE, &old) == 0 &&
	      (rl = (struct rlimit){ 64, old.rlim_max }, setrlimit(RLIMIT_NOFILE, &rl)) == 0 &&
	      getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur == 64);
	EXPECT_ERRNO("soft limit above hard", (rl = (struct rlimit){ 10, 5 }, setrlimit(RLIMIT_NOFILE, &rl)), EINVAL);
	EXPECT_ERRNO("unknown resource", syscall(SYS_prlimit64, 0, 99, NULL, &rl), EINVAL);
	CHECK("umask round trip", (umask(027), umask(022)) == 027);
	EXPECT_ERRNO("uname into a bad pointer", syscall(SYS_uname, (void *)16), EFAULT);
	EXPECT_ERRNO("an unknown system call", syscall(1000), ENOSYS);
	return failures;
}
