/* The kernel release: uname, /proc/version and /proc/sys/kernel/osrelease agree,
 * and it is 6.13 or later (emu answers every system call 6.7-6.13 added: docs/
 * procfs.md). The release itself differs from the host's and is not printed. Also
 * uretprobe (6.11) from outside a return probe's trampoline: SIGILL, even ignored. */
#include "check.h"
#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

static int uretprobe_fate(int ignore)
{
	pid_t pid = fork();
	int st = 0;

	if (pid == 0) {
		if (ignore)
			signal(SIGILL, SIG_IGN);
		syscall(335);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	return WIFSIGNALED(st) ? WTERMSIG(st) : -1;
}

int main(void)
{
	struct utsname u;
	char version[512] = "", osrelease[128] = "", word[128] = "";
	int major = 0, minor = 0;

	setvbuf(stdout, NULL, _IONBF, 0);
	uname(&u);
	sscanf(u.release, "%d.%d", &major, &minor);
	if (major < 6 || (major == 6 && minor < 13)) {
		puts("the host kernel is older than 6.13: nothing to compare");
		return 77; /* emu says 6.13: only a host at least as new answers alike */
	}
	FILE *f = fopen("/proc/version", "r");
	if (f) {
		if (!fgets(version, sizeof version, f))
			version[0] = 0;
		fclose(f);
	}
	f = fopen("/proc/sys/kernel/osrelease", "r");
	if (f) {
		if (fscanf(f, "%127s", osrelease) != 1)
			osrelease[0] = 0;
		fclose(f);
	}
	sscanf(version, "Linux version %127s", word);
	CHECK("/proc/version has uname's release", !strcmp(word, u.release));
	CHECK("osrelease is uname's release", !strcmp(osrelease, u.release));
	CHECK("uname's sysname", !strcmp(u.sysname, "Linux"));
	CHECK("release 6.13 or later", major > 6 || (major == 6 && minor >= 13));
	CHECK("uretprobe outside a trampoline: SIGILL", uretprobe_fate(0) == SIGILL);
	CHECK("... even when SIGILL is ignored", uretprobe_fate(1) == SIGILL);
	return failures;
}
