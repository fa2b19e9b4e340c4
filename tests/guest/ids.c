/* Identity and limits: pids, uids, uname, sysinfo, CPU affinity, rlimits, umask. */
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
	CHECK("getppid() > 0", getppid() > 0);
	CHECK("getuid() == geteuid()", getuid() == geteuid());
	CHECK("getgid() == getegid()", getgid() == getegid());
	CHECK("getgroups", getgroups(256, groups) >= 0);
	CHECK("uname", uname(&u) == 0);
	printf("sysname=%s machine=%s\n", u.sysname, u.machine);
	CHECK("sysinfo", sysinfo(&si) == 0 && si.totalram > 0 && si.mem_unit > 0);
	CHECK("sched_getaffinity: at least one CPU", sched_getaffinity(0, sizeof set, &set) == 0 &&
	      CPU_COUNT(&set) >= 1);
	CHECK("sched_yield", sched_yield() == 0);
	CHECK("getrlimit(RLIMIT_STACK)", getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur > 0);
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
