/* Credentials: ids, groups and capabilities as the kernel keeps them, and what a
 * process may do after giving up root (compared with the real kernel; as root the
 * child drops to nobody, as another user most calls fail the same way on both). */
#include <errno.h>
#include <sys/fsuid.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* linux/capability.h's, which musl's toolchain lacks */
#define _LINUX_CAPABILITY_VERSION_1 0x19980330
#define _LINUX_CAPABILITY_VERSION_3 0x20080522
struct __user_cap_header_struct {
	unsigned version;
	int pid;
};
struct __user_cap_data_struct {
	unsigned effective, permitted, inheritable;
};

static void caps(const char *when)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	long r = syscall(SYS_capget, &hdr, d);

	printf("%s: capget %ld, effective %s, permitted %s\n", when, r,
	       d[0].effective ? "some" : "none", d[0].permitted ? "some" : "none");
}

static void ids(const char *when)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;

	getresuid(&r, &e, &s);
	getresgid(&gr, &ge, &gs);
	printf("%s: uid %u %u %u, gid %u %u %u, getuid %u\n", when, r, e, s, gr, ge, gs, getuid());
}

static const char *err(long r)
{
	return r < 0 ? (errno == EPERM ? "EPERM" : errno == EINVAL ? "EINVAL" : "other") : "ok";
}

int main(void)
{
	struct __user_cap_header_struct hdr = { 0x12345678, 0 };

	const char *r = err(syscall(SYS_capget, &hdr, NULL));
	printf("capget with a bad version and no data: %s, version now %#x\n", r, hdr.version);
	hdr.version = 0x12345678;
	struct __user_cap_data_struct d[2];
	r = err(syscall(SYS_capget, &hdr, d));
	printf("capget with a bad version: %s, version now %#x\n", r, hdr.version);
	hdr.version = _LINUX_CAPABILITY_VERSION_1;
	printf("capget probe (NULL data): %ld\n", syscall(SYS_capget, &hdr, NULL));
	caps("start");
	ids("start");
	pid_t parent = getpid();
	if (fork() == 0) {
		gid_t g[2] = { 7, 3 };
		printf("setgroups: %s\n", err(setgroups(2, g)));
		gid_t out[4] = { 0 };
		int n = getgroups(4, out);
		printf("getgroups: %d: %u %u\n", n, out[0], out[1]);
		printf("setresgid(65534, 65534, 65534): %s\n", err(setresgid(65534, 65534, 65534)));
		printf("setresuid(-1, 65534, 0): %s\n", err(setresuid(-1, 65534, 0)));
		ids("euid nobody");
		caps("euid nobody");
		printf("seteuid(0) back: %s\n", err(seteuid(0)));
		caps("euid root again");
		printf("setuid(65534): %s\n", err(setuid(65534)));
		ids("all nobody");
		caps("all nobody");
		printf("setuid(0): %s\n", err(setuid(0)));
		printf("kill(root parent, 0): %s\n", err(kill(parent, 0)));
		printf("setgroups as nobody: %s\n", err(setgroups(0, NULL)));
		printf("setfsuid(0) returns %d\n", setfsuid(0));
		fflush(stdout);
		_exit(0);
	}
	wait(NULL);
	ids("parent after");
	return 0;
}
