/* User namespaces: after unshare(CLONE_NEWUSER) ids are unmapped (65534) and the
 * task has every capability, valid in the new namespace only (sethostname of the
 * first UTS namespace is EPERM; a UTS namespace of its own is fine); uid_map,
 * gid_map and setgroups as Linux writes them (once; one id of one's own without
 * privilege, gid_map only after setgroups is denied; any range by a privileged
 * parent); setuid inside; the NS_GET_* ioctls. */
#include "ns.h"
#include <fcntl.h>
#include <stdint.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <grp.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

static long write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	long r = fd < 0 ? -1 : write(fd, text, strlen(text));
	int e = errno;

	if (fd >= 0)
		close(fd);
	errno = e;
	return r < 0 ? -1 : 0;
}

static void show_file(const char *what, const char *path)
{
	char buf[256] = "";
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);

	buf[n > 0 ? n : 0] = '\0';
	printf("%s: [%s]\n", what, buf);
	if (fd >= 0)
		close(fd);
}

/* bind to 127.0.0.1:80, a privileged port: 0 or -1 with errno. */
static long bind_port_80(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(80) };
	int s = socket(AF_INET, SOCK_STREAM, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	long r = bind(s, (struct sockaddr *)&a, sizeof a);
	int e = errno;
	close(s);
	errno = e;
	return r;
}

static long lo_up(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	long r = ioctl(s, SIOCGIFFLAGS, &ifr);

	ifr.ifr_flags |= IFF_UP;
	if (r == 0)
		r = ioctl(s, SIOCSIFFLAGS, &ifr);
	close(s);
	return r;
}

static int all_caps(void)
{
	struct ns_cap_data d[2];

	caps_get(d);
	return d[0].effective == 0xffffffffu && (d[1].effective & 0x1ff) == 0x1ff;
}

/* A child in a user namespace of its own, whose maps its parent writes. */
static void mapped_by_parent(void)
{
	int go[2], done[2];
	char path[64], c;

	if (pipe(go) || pipe(done))
		return;
	pid_t child = fork();
	if (child == 0) {
		unshare(CLONE_NEWUSER);
		if (write(done[1], "u", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(1);
		printf("child: uid %d gid %d\n", (int)getuid(), (int)getgid());
		show_file("child: its uid_map", "/proc/self/uid_map");
		gid_t g[2] = { 3, 12 }, back[4];
		printf("child: setgroups %s\n", errname(setgroups(2, g)));
		int n = getgroups(4, back);
		printf("child: getgroups %d: %d %d\n", n, n > 0 ? (int)back[0] : -1, n > 1 ? (int)back[1] : -1);
		g[0] = 7;
		printf("child: setgroups unmapped %s\n", errname(setgroups(1, g)));
		printf("child: setuid(5) %s\n", errname(setuid(5)));
		printf("child: uid %d euid %d\n", (int)getuid(), (int)geteuid());
		printf("child: setuid(20) %s\n", errname(setuid(20)));
		_exit(0);
	}
	if (read(done[0], &c, 1) != 1)
		return;
	snprintf(path, sizeof path, "/proc/%d/uid_map", child);
	printf("parent: uid_map of 10 ids %s\n", errname(write_file(path, "0 0 10\n")));
	show_file("parent: reads it", path);
	snprintf(path, sizeof path, "/proc/%d/gid_map", child);
	printf("parent: gid_map of 2 ranges %s\n", errname(write_file(path, "0 0 5\n10 10 5\n")));
	printf("parent: overlapping %s\n", errname(write_file(path, "0 0 5\n3 30 5\n")));
	if (write(go[1], "g", 1) != 1)
		return;
	waitpid(child, NULL, 0);
}

/* Owners of a root-owned file and this process's ids as the namespace shows them. */
static void show_owners(const char *when)
{
	struct stat st;
	uint32_t stx[64]; /* struct statx: stx_uid at byte 20, stx_gid at 24 */
	char line[256];
	FILE *f;

	if (!stat("/", &st))
		printf("%s: stat / uid %d gid %d\n", when, (int)st.st_uid, (int)st.st_gid);
	if (!syscall(SYS_statx, AT_FDCWD, "/", 0, 0x18 /* STATX_UID|STATX_GID */, stx))
		printf("%s: statx / uid %d gid %d\n", when, (int)stx[5], (int)stx[6]);
	if ((f = fopen("/proc/self/status", "r"))) {
		while (fgets(line, sizeof line, f))
			if (!strncmp(line, "Uid:", 4) || !strncmp(line, "Gid:", 4))
				printf("%s: status %s", when, line);
		fclose(f);
	}
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	unsigned long first = ns_ino("/proc/self/ns/user");
	uid_t uid = geteuid();
	gid_t gid = getegid();
	char map[64];

	if (uid != 0) {
		printf("not root: the maps below assume uid 0, skipped\n");
		return 77;
	}
	mapped_by_parent();
	unshare_or_skip(CLONE_NEWUSER, "CLONE_NEWUSER");
	printf("new user ns: %d\n", ns_ino("/proc/self/ns/user") != first);
	printf("unmapped: uid %d gid %d\n", (int)getuid(), (int)getgid());
	show_owners("unmapped");
	printf("all capabilities: %d\n", all_caps());
	show_file("uid_map", "/proc/self/uid_map");
	show_file("setgroups", "/proc/self/setgroups");
	printf("sethostname of the first UTS ns: %s\n", errname(sethostname("u", 1)));

	snprintf(map, sizeof map, "0 %d 2\n", (int)uid);
	printf("uid_map of 2 ids: %s\n", errname(write_file("/proc/self/uid_map", map)));
	printf("uid_map empty: %s\n", errname(write_file("/proc/self/uid_map", "\n")));
	snprintf(map, sizeof map, "0 %d 1\n", (int)uid);
	printf("uid_map of its own id: %s\n", errname(write_file("/proc/self/uid_map", map)));
	printf("again: %s\n", errname(write_file("/proc/self/uid_map", map)));
	show_file("uid_map", "/proc/self/uid_map");
	printf("uid %d euid %d\n", (int)getuid(), (int)geteuid());

	snprintf(map, sizeof map, "0 %d 1\n", (int)gid);
	printf("gid_map before setgroups deny: %s\n", errname(write_file("/proc/self/gid_map", map)));
	printf("setgroups bad: %s\n", errname(write_file("/proc/self/setgroups", "maybe")));
	printf("setgroups deny: %s\n", errname(write_file("/proc/self/setgroups", "deny")));
	printf("setgroups allow again: %s\n", errname(write_file("/proc/self/setgroups", "allow")));
	show_file("setgroups", "/proc/self/setgroups");
	printf("gid_map: %s\n", errname(write_file("/proc/self/gid_map", map)));
	printf("gid %d egid %d\n", (int)getgid(), (int)getegid());
	show_owners("mapped");
	printf("setgroups(2) after deny: %s\n", errname(setgroups(0, NULL)));

	int userfd = open("/proc/self/ns/user", O_RDONLY), utsfd = open("/proc/self/ns/uts", O_RDONLY);
	uid_t owner = 77;
	printf("NS_GET_NSTYPE user: %d\n", ioctl(userfd, NS_GET_NSTYPE) == CLONE_NEWUSER);
	printf("NS_GET_OWNER_UID: %s\n", errname(ioctl(userfd, NS_GET_OWNER_UID, &owner)));
	printf("owner: %d\n", (int)owner);
	printf("NS_GET_OWNER_UID of uts: %s\n", errname(ioctl(utsfd, NS_GET_OWNER_UID, &owner)));
	int parent = ioctl(userfd, NS_GET_PARENT);
	struct stat st;
	printf("NS_GET_PARENT: %s, the first: %d\n", errname(parent),
	       parent >= 0 && !fstat(parent, &st) && st.st_ino == first);
	printf("NS_GET_PARENT of the first: %s\n", errname(ioctl(parent, NS_GET_PARENT)));
	printf("NS_GET_USERNS of uts: %s\n", errname(ioctl(utsfd, NS_GET_USERNS)));

	printf("unshare(CLONE_NEWUTS) here: %s\n", errname(unshare(CLONE_NEWUTS)));
	printf("sethostname of its own: %s\n", errname(sethostname("u", 1)));
	int own = open("/proc/self/ns/uts", O_RDONLY);
	int byuts = ioctl(own, NS_GET_USERNS);
	printf("NS_GET_USERNS of its own uts: %s, this user ns: %d\n", errname(byuts),
	       byuts >= 0 && !fstat(byuts, &st) && st.st_ino == ns_ino("/proc/self/ns/user"));
	errno = 0;
	long r = syscall(SYS_clone, CLONE_NEWUSER | CLONE_FS | SIGCHLD, 0, 0, 0, 0);
	if (r == 0)
		_exit(0);
	printf("clone CLONE_NEWUSER|CLONE_FS: %s\n", errname(r));
	printf("setns into the same user ns: %s\n", errname(setns(userfd, CLONE_NEWUSER)));
	printf("the first net ns: lo up %s\n", errname(lo_up()));
	printf("the first net ns: bind port 80 %s\n", errname(bind_port_80()));
	printf("unshare(CLONE_NEWNET) here: %s\n", errname(unshare(CLONE_NEWNET)));
	printf("its own net ns: lo up %s\n", errname(lo_up()));
	printf("its own net ns: bind port 80 %s\n", errname(bind_port_80()));
	return 0;
}
