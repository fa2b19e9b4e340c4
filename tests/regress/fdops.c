/* Every file-descriptor call on every kind of emu's own descriptors: each answers
 * as Linux does (a result or an errno), never a crash of emu. write() to a signalfd
 * or a pidfd used to call a missing method. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

static void show(const char *what, long r)
{
	if (r < 0)
		printf(" %s=%s", what, strerrorname_np(errno) ? strerrorname_np(errno) : "?");
	else
		printf(" %s=%ld", what, r);
}

/* positional: pread/pwrite too. A pidfd answers them ESPIPE before Linux 6.9 and
 * EINVAL since (pidfs), so they are left out there. */
static void try_all(const char *kind, int fd, int positional)
{
	char buf[8] = { 1 };
	struct iovec iov = { buf, sizeof buf };
	struct stat st;
	int n = 0;

	printf("%s:", kind);
	show("write", write(fd, buf, sizeof buf));
	show("read", read(fd, buf, sizeof buf));
	if (positional) {
		show("pwrite", pwrite(fd, buf, sizeof buf, 0));
		show("pread", pread(fd, buf, sizeof buf, 0));
	}
	show("writev", writev(fd, &iov, 1));
	show("lseek", lseek(fd, 0, SEEK_CUR));
	show("fstat", fstat(fd, &st) ? -1 : (long)((st.st_mode & S_IFMT) >> 12));
	show("fionread", ioctl(fd, FIONREAD, &n));
	show("ftruncate", ftruncate(fd, 0));
	show("fsync", fsync(fd));
	show("getfl", fcntl(fd, F_GETFL) & ~O_LARGEFILE);
	show("dup", dup(fd) >= 0 ? 0 : -1);
	printf("\n");
}

int main(void)
{
	int p[2];
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	pipe2(p, O_NONBLOCK);
	try_all("pipe read end", p[0], 1);
	try_all("pipe write end", p[1], 1);
	try_all("eventfd", eventfd(0, EFD_NONBLOCK), 1);
	try_all("signalfd", signalfd(-1, &set, SFD_NONBLOCK), 1);
	try_all("pidfd", (int)syscall(SYS_pidfd_open, getpid(), 0), 0);
	try_all("epoll", epoll_create1(0), 1);
	return 0;
}
