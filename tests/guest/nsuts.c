/* UTS namespaces: unshare(CLONE_NEWUTS) then sethostname and setdomainname change
 * the names in the new namespace only (a child forked before keeps the old ones);
 * uname and /proc/sys/kernel/{hostname,domainname} agree; the length and permission
 * rules of sethostname. */
#include "ns.h"
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

static void read_proc(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, size - 1);

	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if (fd >= 0)
		close(fd);
}

int main(void)
{
	struct utsname before, after;
	char name[80], proc[80];
	int pipefd[2];

	setvbuf(stdout, NULL, _IOLBF, 0); /* children print too */
	uname(&before);
	if (pipe(pipefd))
		return 1;
	pid_t child = fork(); /* stays in the first namespace, reports what it sees later */
	if (child == 0) {
		struct utsname u;
		char c;
		close(pipefd[1]);
		if (read(pipefd[0], &c, 1) != 1)
			_exit(1);
		uname(&u);
		_exit(strcmp(u.nodename, before.nodename) ? 1 : 0);
	}
	close(pipefd[0]);
	unshare_or_skip(CLONE_NEWUTS, "CLONE_NEWUTS");
	uname(&after);
	printf("same names after unshare: %d\n", !strcmp(before.nodename, after.nodename) &&
						!strcmp(before.domainname, after.domainname));
	printf("sethostname: %s\n", errname(sethostname("ns-test-host", 12)));
	printf("setdomainname: %s\n", errname(setdomainname("ns.example", 10)));
	uname(&after);
	printf("uname: %s %s\n", after.nodename, after.domainname);
	read_proc("/proc/sys/kernel/hostname", proc, sizeof proc);
	printf("proc hostname: %s\n", proc);
	read_proc("/proc/sys/kernel/domainname", proc, sizeof proc);
	printf("proc domainname: %s\n", proc);
	printf("release unchanged: %d\n", !strcmp(before.release, after.release));

	int fd = open("/proc/sys/kernel/hostname", O_WRONLY);
	printf("write proc hostname: %s\n", errname(fd < 0 ? -1 : write(fd, "via-proc\n", 9)));
	close(fd);
	uname(&after);
	printf("uname after proc write: %s\n", after.nodename);

	memset(name, 'x', sizeof name);
	printf("64 bytes: %s\n", errname(sethostname(name, 64)));
	uname(&after);
	printf("its length: %zu\n", strlen(after.nodename));
	printf("65 bytes: %s\n", errname(sethostname(name, 65)));
	printf("negative: %s\n", errname(syscall(SYS_sethostname, name, -1)));
	printf("bad pointer: %s\n", errname(syscall(SYS_sethostname, 8L, 5)));
	printf("domain 65 bytes: %s\n", errname(setdomainname(name, 65)));
	printf("empty: %s\n", errname(sethostname("", 0)));
	uname(&after);
	printf("empty name: '%s'\n", after.nodename);

	if (write(pipefd[1], "x", 1) != 1)
		return 1;
	int status;
	waitpid(child, &status, 0);
	printf("first namespace kept its name: %d\n", WIFEXITED(status) && WEXITSTATUS(status) == 0);

	/* a task forked now shares the new namespace */
	sethostname("shared", 6);
	if ((child = fork()) == 0) {
		uname(&after);
		_exit(strcmp(after.nodename, "shared") ? 1 : 0);
	}
	waitpid(child, &status, 0);
	printf("child shares the new one: %d\n", WIFEXITED(status) && WEXITSTATUS(status) == 0);

	/* without CAP_SYS_ADMIN: EPERM, before the length is looked at */
	if ((child = fork()) == 0) {
		drop_cap(NS_CAP_SYS_ADMIN);
		printf("no CAP_SYS_ADMIN: %s\n", errname(sethostname("x", 1)));
		printf("no CAP_SYS_ADMIN, 65 bytes: %s\n", errname(sethostname(name, 65)));
		fflush(stdout);
		_exit(0);
	}
	waitpid(child, &status, 0);
	return 0;
}
