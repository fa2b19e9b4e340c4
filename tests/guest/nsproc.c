/* /proc/PID/ns: the entries, their links ("uts:[N]", N the namespace file's inode),
 * equal inodes for tasks in one namespace, /proc/thread-self/ns; an open namespace
 * file (O_RDONLY only; read is EINVAL; /proc/self/fd shows its link); setns back
 * into a saved namespace, setns on a pidfd, and the EINVAL/EPERM/EBADF rules of
 * setns, unshare and clone. */
#include "ns.h"
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *const names[] = { "cgroup", "ipc", "mnt", "net", "pid", "pid_for_children",
				     "time", "time_for_children", "user", "uts" };
#define N (int)(sizeof names / sizeof names[0])

static void show_links(void)
{
	for (int i = 0; i < N; i++) {
		char path[64], link[64], kind[16];
		unsigned long num = 0;
		struct stat st, lst;
		snprintf(path, sizeof path, "/proc/self/ns/%s", names[i]);
		ssize_t n = readlink(path, link, sizeof link - 1);
		link[n > 0 ? n : 0] = '\0';
		int parsed = sscanf(link, "%15[a-z]:[%lu]", kind, &num) == 2;
		int ok = !stat(path, &st) && !lstat(path, &lst);
		printf("%s: %s, stat ino matches %d, regular 0%o, lstat link %d\n", names[i],
		       parsed ? kind : "?", ok && st.st_ino == num,
		       ok && S_ISREG(st.st_mode) ? (unsigned)(st.st_mode & 07777) : 0,
		       ok && S_ISLNK(lst.st_mode));
	}
}

static void list_dir(void)
{
	DIR *d = opendir("/proc/self/ns");
	struct dirent *e;
	int count = 0, links = 0;

	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.') {
			count++;
			links += e->d_type == DT_LNK;
		}
	if (d)
		closedir(d);
	printf("listing: %d entries, %d links\n", count, links);
}

static void *idle(void *arg)
{
	pause();
	return arg;
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	show_links();
	list_dir();
	printf("thread-self/ns/uts is self's: %d\n",
	       ns_ino("/proc/thread-self/ns/uts") == ns_ino("/proc/self/ns/uts"));

	pid_t child = fork();
	if (child == 0) {
		int same = 1;
		for (int i = 0; i < N; i++) {
			char mine[64], parent[64];
			snprintf(mine, sizeof mine, "/proc/self/ns/%s", names[i]);
			snprintf(parent, sizeof parent, "/proc/%d/ns/%s", getppid(), names[i]);
			same &= ns_ino(mine) == ns_ino(parent) && ns_ino(mine);
		}
		printf("child: every namespace its parent's: %d\n", same);
		_exit(0);
	}
	waitpid(child, NULL, 0);

	int saved = open("/proc/self/ns/uts", O_RDONLY);
	unsigned long uts = ns_ino("/proc/self/ns/uts"), net = ns_ino("/proc/self/ns/net");
	struct stat st;
	char link[64], fdpath[64], nslink[64];
	printf("open O_WRONLY: %s\n", errname(open("/proc/self/ns/uts", O_WRONLY)));
	printf("open O_RDONLY: %s, fstat ino matches %d\n", errname(saved),
	       !fstat(saved, &st) && st.st_ino == uts);
	char c;
	printf("read: %s\n", errname(read(saved, &c, 1)));
	struct statfs sfs;
	printf("fstatfs: nsfs %d\n", !fstatfs(saved, &sfs) && sfs.f_type == 0x6e736673);
	printf("statfs of the link: nsfs %d\n", !statfs("/proc/self/ns/uts", &sfs) && sfs.f_type == 0x6e736673);
	printf("statfs of the directory: proc %d\n", !statfs("/proc/self/ns", &sfs) && sfs.f_type == 0x9fa0);
	snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d", saved);
	ssize_t n1 = readlink(fdpath, link, sizeof link - 1), n2 = readlink("/proc/self/ns/uts", nslink, sizeof nslink - 1);
	link[n1 > 0 ? n1 : 0] = nslink[n2 > 0 ? n2 : 0] = '\0';
	printf("fd link is the ns link: %d\n", n1 > 0 && !strcmp(link, nslink));

	struct utsname before, u;
	uname(&before);
	unshare_or_skip(CLONE_NEWUTS, "CLONE_NEWUTS");
	sethostname("nsproc", 6);
	printf("after unshare: uts differs %d, net same %d\n", ns_ino("/proc/self/ns/uts") != uts,
	       ns_ino("/proc/self/ns/net") == net);
	printf("setns wrong type: %s\n", errname(setns(saved, CLONE_NEWNET)));
	printf("setns back: %s\n", errname(setns(saved, CLONE_NEWUTS)));
	uname(&u);
	printf("back: uts is the first %d, hostname the first's %d\n",
	       ns_ino("/proc/self/ns/uts") == uts, !strcmp(u.nodename, before.nodename));
	printf("setns nstype 0: %s\n", errname(setns(saved, 0)));
	int file = open("/proc/self/ns", O_RDONLY | O_DIRECTORY);
	printf("setns on a directory: %s\n", errname(setns(file, 0)));
	printf("setns bad fd: %s\n", errname(setns(-1, 0)));

	int go[2];
	if (pipe(go))
		return 1;
	if ((child = fork()) == 0) {
		unshare(CLONE_NEWUTS);
		sethostname("pidfd-child", 11);
		if (write(go[1], "r", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	if (read(go[0], &c, 1) != 1)
		return 1;
	int pidfd = syscall(SYS_pidfd_open, child, 0);
	printf("setns pidfd 0: %s\n", errname(setns(pidfd, 0)));
	printf("setns pidfd bad flag: %s\n", errname(setns(pidfd, CLONE_NEWUTS | CLONE_VM)));
	printf("setns pidfd CLONE_NEWUTS: %s\n", errname(setns(pidfd, CLONE_NEWUTS)));
	uname(&u);
	printf("hostname: %s\n", u.nodename);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	printf("setns back again: %s\n", errname(setns(saved, CLONE_NEWUTS)));

	printf("unshare unknown flag: %s\n", errname(unshare(CLONE_PTRACE | CLONE_NEWUTS)));
	if ((child = fork()) == 0) {
		drop_cap(NS_CAP_SYS_ADMIN);
		printf("no CAP_SYS_ADMIN: unshare uts %s\n", errname(unshare(CLONE_NEWUTS)));
		printf("no CAP_SYS_ADMIN: unshare ipc|net %s\n", errname(unshare(CLONE_NEWIPC | CLONE_NEWNET)));
		printf("no CAP_SYS_ADMIN: clone uts %s\n",
		       errname(syscall(SYS_clone, CLONE_NEWUTS | SIGCHLD, 0, 0, 0, 0)));
		printf("no CAP_SYS_ADMIN: setns back %s\n", errname(setns(saved, CLONE_NEWUTS)));
		_exit(0);
	}
	waitpid(child, NULL, 0);
	pthread_t t;
	pthread_create(&t, NULL, idle, NULL);
	printf("threaded: unshare user %s\n", errname(unshare(CLONE_NEWUSER)));
	printf("threaded: unshare uts %s\n", errname(unshare(CLONE_NEWUTS)));
	fflush(stdout);
	_exit(0);
}
