/* epoll and eventfd over pipes, eventfds, nested epoll sets and a host descriptor
 * (/dev/random): level-triggered order and rotation, edge-triggered and one-shot
 * items, what closing a watched descriptor does, HUP and ERR, timeouts, a child that
 * wakes a sleeping epoll_wait or eventfd read, signals that interrupt epoll_pwait,
 * and the errors of every call. Events are printed as they come, so the output shows
 * any difference in order or flags from the real kernel. */
#include "check.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
	struct timespec d = { 0, ms * 1000000L };
	nanosleep(&d, NULL);
}

static const char *flags_str(uint32_t ev)
{
	static char buf[128];
	static const struct { uint32_t bit; const char *name; } names[] = {
		{ EPOLLIN, "IN" },	   { EPOLLPRI, "PRI" },	      { EPOLLOUT, "OUT" },
		{ EPOLLERR, "ERR" },	   { EPOLLHUP, "HUP" },	      { EPOLLRDNORM, "RDNORM" },
		{ EPOLLRDBAND, "RDBAND" }, { EPOLLWRNORM, "WRNORM" }, { EPOLLWRBAND, "WRBAND" },
		{ EPOLLMSG, "MSG" },	   { EPOLLRDHUP, "RDHUP" },
	};
	buf[0] = 0;
	for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
		if (ev & names[i].bit) {
			strcat(buf, buf[0] ? "|" : "");
			strcat(buf, names[i].name);
			ev &= ~names[i].bit;
		}
	if (ev)
		sprintf(buf + strlen(buf), "|%#x", ev);
	return buf;
}

/* epoll_wait and print what it returned: "name: 2 [a IN] [b IN|HUP]". Items carry
 * a one-letter label as their data. */
static int show_wait(const char *name, int ep, int max, int timeout)
{
	struct epoll_event ev[16];
	int n = epoll_wait(ep, ev, max, timeout);

	printf("%s: %d", name, n);
	if (n < 0)
		printf(" errno %d", errno);
	for (int i = 0; i < n; i++)
		printf(" [%c %s]", (char)ev[i].data.u64, flags_str(ev[i].events));
	printf("\n");
	return n;
}

static int add(int ep, int fd, uint32_t events, char label)
{
	struct epoll_event ev = { .events = events, .data.u64 = (uint64_t)label };
	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

static int mod(int ep, int fd, uint32_t events, char label)
{
	struct epoll_event ev = { .events = events, .data.u64 = (uint64_t)label };
	return epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
}

static void drain(int fd)
{
	char buf[4096];
	int fl = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	while (read(fd, buf, sizeof buf) > 0)
		;
	fcntl(fd, F_SETFL, fl);
}

static void errors(void)
{
	int ep = epoll_create1(0), p[2], file;
	struct epoll_event ev = { .events = EPOLLIN };

	pipe(p);
	file = open("regular", O_CREAT | O_RDWR, 0644);
	EXPECT_ERRNO("epoll_create(0)", syscall(SYS_epoll_create, 0), EINVAL);
	EXPECT_ERRNO("epoll_create(-1)", syscall(SYS_epoll_create, -1), EINVAL);
	int old = epoll_create(1);
	CHECK("epoll_create(1)", old >= 0 && close(old) == 0);
	EXPECT_ERRNO("epoll_create1(bad flags)", epoll_create1(1), EINVAL);
	int ce = epoll_create1(EPOLL_CLOEXEC);
	CHECK("epoll_create1(EPOLL_CLOEXEC) sets FD_CLOEXEC", fcntl(ce, F_GETFD) == FD_CLOEXEC);
	close(ce);
	EXPECT_ERRNO("ctl: bad epfd", epoll_ctl(99, EPOLL_CTL_ADD, p[0], &ev), EBADF);
	EXPECT_ERRNO("ctl: bad fd", epoll_ctl(ep, EPOLL_CTL_ADD, 99, &ev), EBADF);
	EXPECT_ERRNO("ctl: a regular file", epoll_ctl(ep, EPOLL_CTL_ADD, file, &ev), EPERM);
	EXPECT_ERRNO("ctl: itself", epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev), EINVAL);
	EXPECT_ERRNO("ctl: epfd not an epoll", epoll_ctl(p[1], EPOLL_CTL_ADD, p[0], &ev), EINVAL);
	EXPECT_ERRNO("ctl: bad event pointer", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], (void *)8), EFAULT);
	CHECK("ctl: DEL ignores the event pointer",
	      add(ep, p[0], EPOLLIN, 'a') == 0 && epoll_ctl(ep, EPOLL_CTL_DEL, p[0], (void *)8) == 0);
	CHECK("ctl: add", add(ep, p[0], EPOLLIN, 'a') == 0);
	EXPECT_ERRNO("ctl: add twice", add(ep, p[0], EPOLLIN, 'a'), EEXIST);
	EXPECT_ERRNO("ctl: mod of a missing item", mod(ep, p[1], EPOLLOUT, 'b'), ENOENT);
	EXPECT_ERRNO("ctl: del of a missing item", epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL), ENOENT);
	EXPECT_ERRNO("ctl: bad op", epoll_ctl(ep, 99, p[0], &ev), EINVAL);
	EXPECT_ERRNO("ctl: EPOLLEXCLUSIVE with MOD", mod(ep, p[0], EPOLLIN | EPOLLEXCLUSIVE, 'a'),
		     EINVAL);
	EXPECT_ERRNO("ctl: EPOLLEXCLUSIVE with ONESHOT",
		     add(ep, p[1], EPOLLOUT | EPOLLEXCLUSIVE | EPOLLONESHOT, 'b'), EINVAL);
	CHECK("ctl: EPOLLEXCLUSIVE add", add(ep, p[1], EPOLLOUT | EPOLLEXCLUSIVE, 'b') == 0);
	EXPECT_ERRNO("ctl: mod of an exclusive item", mod(ep, p[1], EPOLLOUT, 'b'), EINVAL);

	struct epoll_event out[4];
	EXPECT_ERRNO("wait: maxevents 0", epoll_wait(ep, out, 0, 0), EINVAL);
	EXPECT_ERRNO("wait: maxevents -1", syscall(SYS_epoll_wait, ep, out, -1, 0), EINVAL);
	EXPECT_ERRNO("wait: bad epfd", epoll_wait(99, out, 4, 0), EBADF);
	EXPECT_ERRNO("wait: not an epoll", epoll_wait(p[0], out, 4, 0), EINVAL);
	EXPECT_ERRNO("wait: events not writable", syscall(SYS_epoll_wait, ep, 8L, 4, 0), EFAULT);
	show_wait("wait: the event is still there", ep, 4, 0);
	EXPECT_ERRNO("wait: kernel address", syscall(SYS_epoll_wait, ep, 0xffff800000000000UL, 4, 0),
		     EFAULT);

	char buf[8];
	EXPECT_ERRNO("read of an epoll fd", read(ep, buf, sizeof buf), EINVAL);
	EXPECT_ERRNO("write of an epoll fd", write(ep, buf, sizeof buf), EINVAL);
	errno = 0;
	long off = lseek(ep, 0, SEEK_SET);
	printf("lseek of an epoll fd: %ld errno %d\n", off, errno);

	/* loops */
	int e1 = epoll_create1(0), e2 = epoll_create1(0);
	CHECK("nest e1 in e2", add(e2, e1, EPOLLIN, 'x') == 0);
	EXPECT_ERRNO("nest e2 in e1: a loop", add(e1, e2, EPOLLIN, 'y'), ELOOP);
	EXPECT_ERRNO("EPOLLEXCLUSIVE on an epoll", add(e1, ep, EPOLLIN | EPOLLEXCLUSIVE, 'z'), EINVAL);
	close(e1);
	close(e2);
	close(ep);
	close(p[0]);
	close(p[1]);
	close(file);
	unlink("regular");
}

static void level_triggered(void)
{
	int ep = epoll_create1(0), a[2], b[2], c[2];

	pipe(a);
	pipe(b);
	pipe(c);
	add(ep, a[0], EPOLLIN, 'a');
	add(ep, b[0], EPOLLIN, 'b');
	add(ep, c[0], EPOLLIN | EPOLLRDHUP, 'c');
	show_wait("lt: nothing ready", ep, 8, 0);
	write(c[1], "c", 1);
	write(a[1], "a", 1);
	show_wait("lt: in the order they became ready", ep, 8, 0);
	show_wait("lt: still ready", ep, 8, 0);
	write(b[1], "b", 1);
	show_wait("lt: one more", ep, 8, 0);
	show_wait("lt: max 2", ep, 2, 0);
	show_wait("lt: max 2 rotates", ep, 2, 0);
	show_wait("lt: max 2 rotates again", ep, 2, 0);
	drain(a[0]);
	show_wait("lt: a drained", ep, 8, 0);
	close(b[1]);
	show_wait("lt: b's writer closed", ep, 8, 0);
	drain(b[0]);
	show_wait("lt: b drained: HUP stays", ep, 8, 0);
	epoll_ctl(ep, EPOLL_CTL_DEL, b[0], NULL);
	mod(ep, c[0], EPOLLOUT, 'c');
	show_wait("lt: c modified to OUT only", ep, 8, 0);
	mod(ep, c[0], EPOLLIN, 'C');
	show_wait("lt: c modified back, new label", ep, 8, 0);

	/* the write end */
	add(ep, a[1], EPOLLOUT, 'w');
	show_wait("lt: a writable end", ep, 8, 0);
	close(a[0]);
	show_wait("lt: its reader gone", ep, 8, 0);
	close(ep);
	close(a[1]);
	close(b[0]);
	close(c[0]);
	close(c[1]);
}

static void edge_triggered(void)
{
	int ep = epoll_create1(0), a[2], b[2];
	char buf[65536];

	pipe(a);
	pipe(b);
	add(ep, a[0], EPOLLIN | EPOLLET, 'a');
	show_wait("et: nothing", ep, 8, 0);
	write(a[1], "x", 1);
	show_wait("et: a write", ep, 8, 0);
	show_wait("et: no new edge", ep, 8, 0);
	write(a[1], "y", 1);
	show_wait("et: another write, unread data", ep, 8, 0);
	read(a[0], buf, 1);
	show_wait("et: a partial read is no edge", ep, 8, 0);
	mod(ep, a[0], EPOLLIN | EPOLLET, 'A');
	show_wait("et: MOD while ready", ep, 8, 0);
	close(a[1]);
	show_wait("et: the writer closes", ep, 8, 0);
	show_wait("et: once", ep, 8, 0);

	/* ready when added */
	write(b[1], "z", 1);
	add(ep, b[0], EPOLLIN | EPOLLET, 'b');
	show_wait("et: ready at ADD", ep, 8, 0);
	show_wait("et: then not", ep, 8, 0);

	/* the write end of a full pipe */
	add(ep, b[1], EPOLLOUT | EPOLLET, 'w');
	show_wait("et: writable at ADD", ep, 8, 0);
	fcntl(b[1], F_SETFL, O_NONBLOCK);
	drain(b[0]);
	int total = 0, n;
	while ((n = write(b[1], buf, 4096)) > 0)
		total += n;
	printf("et: filled the pipe: %d bytes, then errno %d\n", total, errno);
	show_wait("et: full", ep, 8, 0);
	drain(b[0]);
	show_wait("et: drained: writable again", ep, 8, 0);
	show_wait("et: once", ep, 8, 0);
	close(ep);
	close(a[0]);
	close(b[0]);
	close(b[1]);
}

static void oneshot(void)
{
	int ep = epoll_create1(0), a[2];

	pipe(a);
	add(ep, a[0], EPOLLIN | EPOLLONESHOT, 'a');
	write(a[1], "x", 1);
	show_wait("oneshot: fires", ep, 8, 0);
	show_wait("oneshot: then disabled", ep, 8, 0);
	write(a[1], "y", 1);
	show_wait("oneshot: even with new data", ep, 8, 0);
	close(a[1]);
	show_wait("oneshot: even at HUP", ep, 8, 0);
	EXPECT_ERRNO("oneshot: the item is still there", add(ep, a[0], EPOLLIN, 'a'), EEXIST);
	mod(ep, a[0], EPOLLIN | EPOLLONESHOT, 'b');
	show_wait("oneshot: re-armed", ep, 8, 0);
	show_wait("oneshot: disabled again", ep, 8, 0);
	close(ep);
	close(a[0]);
}

static void closing(void)
{
	int ep = epoll_create1(0), a[2];

	pipe(a);
	int dup_fd = dup(a[0]);
	add(ep, a[0], EPOLLIN, 'a');
	write(a[1], "x", 1);
	close(a[0]);
	show_wait("close: a dup keeps the item", ep, 8, 0);
	EXPECT_ERRNO("close: DEL by the closed number", epoll_ctl(ep, EPOLL_CTL_DEL, a[0], NULL),
		     EBADF);
	close(dup_fd);
	show_wait("close: the last one removes it", ep, 8, 0);

	/* the number can be reused for another item */
	int b[2];
	pipe(b);
	write(b[1], "y", 1);
	CHECK("close: add by the old number", add(ep, b[0], EPOLLIN, 'b') == 0);
	show_wait("close: the new file", ep, 8, 0);
	close(b[0]);
	close(b[1]);
	close(a[1]);

	/* an epoll fd closed while it has items; its items' files stay usable */
	int c[2];
	pipe(c);
	add(ep, c[0], EPOLLIN, 'c');
	close(ep);
	CHECK("close: the pipe still works", write(c[1], "z", 1) == 1 && read(c[0], b, 1) == 1);
	close(c[0]);
	close(c[1]);
}

static void nested_and_polled(void)
{
	int inner = epoll_create1(0), outer = epoll_create1(0), a[2];
	struct pollfd p = { inner, POLLIN | POLLOUT, 0 };

	pipe(a);
	add(inner, a[0], EPOLLIN, 'a');
	add(outer, inner, EPOLLIN | EPOLLOUT, 'i');
	CHECK("poll of an idle epoll fd", poll(&p, 1, 0) == 0);
	show_wait("nested: idle", outer, 8, 0);
	write(a[1], "x", 1);
	CHECK("poll of an epoll fd with events: POLLIN", poll(&p, 1, 0) == 1 && p.revents == POLLIN);
	show_wait("nested: the outer set sees the inner one", outer, 8, 0);
	show_wait("nested: the inner set", inner, 8, 0);
	drain(a[0]);
	show_wait("nested: drained", outer, 8, 0);
	close(outer);
	close(inner);
	close(a[0]);
	close(a[1]);
}

static void host_descriptor(void)
{
	int ep = epoll_create1(0), fd = open("/dev/random", O_RDONLY);

	CHECK("/dev/random: add", add(ep, fd, EPOLLIN, 'r') == 0);
	show_wait("/dev/random: level-triggered", ep, 8, 0);
	show_wait("/dev/random: again", ep, 8, 0);
	mod(ep, fd, EPOLLIN | EPOLLET, 'R');
	show_wait("/dev/random: edge-triggered", ep, 8, 0);
	show_wait("/dev/random: no new edge", ep, 8, 0);
	mod(ep, fd, EPOLLIN | EPOLLONESHOT, 'o');
	show_wait("/dev/random: one-shot", ep, 8, 0);
	show_wait("/dev/random: disabled", ep, 8, 0);
	epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
	show_wait("/dev/random: deleted", ep, 8, 0);
	int null = open("/dev/null", O_RDONLY);
	EXPECT_ERRNO("/dev/null cannot be watched", add(ep, null, EPOLLIN, 'n'), EPERM);
	close(null);
	close(fd);
	close(ep);
}

static void timeouts_and_wakeups(void)
{
	int ep = epoll_create1(0), a[2];
	struct epoll_event ev;

	pipe(a);
	add(ep, a[0], EPOLLIN, 'a');
	long long t0 = now_ms();
	CHECK("wait times out", epoll_wait(ep, &ev, 1, 30) == 0);
	CHECK("... after at least 30 ms", now_ms() - t0 >= 30);
	struct timespec ts = { 0, 20000000 };
	t0 = now_ms();
	CHECK("epoll_pwait2 times out", syscall(SYS_epoll_pwait2, ep, &ev, 1, &ts, NULL, 8) == 0);
	CHECK("... after at least 20 ms", now_ms() - t0 >= 20);
	ts.tv_nsec = 1000000000;
	EXPECT_ERRNO("epoll_pwait2: bad timespec", syscall(SYS_epoll_pwait2, ep, &ev, 1, &ts, NULL, 8),
		     EINVAL);

	pid_t c = fork();
	if (c == 0) {
		sleep_ms(50);
		write(a[1], "x", 1);
		_exit(0);
	}
	show_wait("a child's write wakes epoll_wait", ep, 8, -1);
	waitpid(c, NULL, 0);
	close(a[1]);
	show_wait("its exit closed the last writer", ep, 8, -1);
	drain(a[0]);
	CHECK("epoll_pwait2 with no timeout returns the event",
	      syscall(SYS_epoll_pwait2, ep, &ev, 1, NULL, NULL, 8) == 1 && ev.events == EPOLLHUP);
	close(a[0]);
	close(ep);
}

static volatile sig_atomic_t got;
static void on_usr1(int sig)
{
	got++;
}

static void signals(void)
{
	int ep = epoll_create1(0), a[2];
	struct epoll_event ev;
	sigset_t usr1, empty;
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_RESTART };

	pipe(a);
	add(ep, a[0], EPOLLIN, 'a');
	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigemptyset(&empty);
	sigprocmask(SIG_BLOCK, &usr1, NULL);

	/* pending at entry: epoll_pwait unblocks it, EINTR even with SA_RESTART */
	kill(getpid(), SIGUSR1);
	errno = 0;
	int r = epoll_pwait(ep, &ev, 1, -1, &empty);
	CHECK("epoll_pwait: EINTR despite SA_RESTART", r == -1 && errno == EINTR && got == 1);
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	CHECK("epoll_pwait: the old mask is back", sigismember(&now, SIGUSR1));

	/* sent while it sleeps */
	pid_t c = fork();
	if (c == 0) {
		sleep_ms(30);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	errno = 0;
	r = epoll_pwait(ep, &ev, 1, 5000, &empty);
	CHECK("epoll_pwait: a signal while asleep", r == -1 && errno == EINTR && got == 2);
	waitpid(c, NULL, 0);

	/* blocked during the wait: it stays pending, the timeout ends the call */
	kill(getpid(), SIGUSR1);
	r = epoll_pwait(ep, &ev, 1, 10, &usr1);
	CHECK("epoll_pwait: a blocked signal does not interrupt", r == 0 && got == 2);
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);
	CHECK("... and is delivered when unblocked", got == 3);

	/* an event that is ready wins over a pending signal */
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	write(a[1], "x", 1);
	kill(getpid(), SIGUSR1);
	r = epoll_pwait(ep, &ev, 1, -1, &empty);
	CHECK("epoll_pwait: ready events first", r == 1 && ev.data.u64 == 'a');
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);
	CHECK("... the signal after", got == 4);
	signal(SIGUSR1, SIG_DFL);
	close(a[0]);
	close(a[1]);
	close(ep);
}

static void eventfds(void)
{
	uint64_t v = 0;
	int e = eventfd(3, 0);

	CHECK("eventfd: read the initial value", read(e, &v, 8) == 8 && v == 3);
	v = 5;
	write(e, &v, 8);
	v = 2;
	write(e, &v, 8);
	CHECK("eventfd: writes add up", read(e, &v, 8) == 8 && v == 7);
	EXPECT_ERRNO("eventfd: a short read", read(e, &v, 4), EINVAL);
	EXPECT_ERRNO("eventfd: a short write", write(e, &v, 4), EINVAL);
	v = UINT64_MAX;
	EXPECT_ERRNO("eventfd: writing UINT64_MAX", write(e, &v, 8), EINVAL);
	EXPECT_ERRNO("eventfd: pread", pread(e, &v, 8, 0), ESPIPE);
	EXPECT_ERRNO("eventfd2: bad flags", eventfd(0, 2), EINVAL);
	CHECK("eventfd: F_GETFL", (fcntl(e, F_GETFL) & (O_ACCMODE | O_NONBLOCK)) == O_RDWR);
	fcntl(e, F_SETFL, O_NONBLOCK);
	EXPECT_ERRNO("eventfd: O_NONBLOCK set by fcntl", read(e, &v, 8), EAGAIN);
	close(e);

	e = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC);
	CHECK("eventfd: cloexec", fcntl(e, F_GETFD) == FD_CLOEXEC);
	CHECK("eventfd: F_GETFL shows O_NONBLOCK", fcntl(e, F_GETFL) & O_NONBLOCK);
	CHECK("semaphore: 1", read(e, &v, 8) == 8 && v == 1);
	CHECK("semaphore: 1 again", read(e, &v, 8) == 8 && v == 1);
	EXPECT_ERRNO("semaphore: then EAGAIN", read(e, &v, 8), EAGAIN);
	v = UINT64_MAX - 1;
	CHECK("eventfd: up to UINT64_MAX - 1", write(e, &v, 8) == 8);
	v = 1;
	EXPECT_ERRNO("eventfd: no room", write(e, &v, 8), EAGAIN);
	struct pollfd p = { e, POLLIN | POLLOUT, 0 };
	CHECK("eventfd: full is readable, not writable", poll(&p, 1, 0) == 1 && p.revents == POLLIN);
	close(e);

	/* with epoll */
	int ep = epoll_create1(0);
	e = eventfd(0, EFD_NONBLOCK);
	add(ep, e, EPOLLIN | EPOLLOUT | EPOLLET, 'e');
	show_wait("eventfd et: writable at ADD", ep, 8, 0);
	show_wait("eventfd et: nothing new", ep, 8, 0);
	v = 1;
	write(e, &v, 8);
	show_wait("eventfd et: a write", ep, 8, 0);
	v = 0;
	write(e, &v, 8);
	show_wait("eventfd et: writing 0 is an edge too", ep, 8, 0);
	read(e, &v, 8);
	show_wait("eventfd et: a read", ep, 8, 0);
	mod(ep, e, EPOLLIN, 'l');
	show_wait("eventfd lt: empty", ep, 8, 0);
	close(ep);
	close(e);

	/* a blocked reader woken by a child sharing the eventfd */
	e = eventfd(0, 0);
	pid_t c = fork();
	if (c == 0) {
		sleep_ms(30);
		v = 42;
		write(e, &v, 8);
		_exit(0);
	}
	v = 0;
	CHECK("eventfd: a blocking read woken by a child", read(e, &v, 8) == 8 && v == 42);
	waitpid(c, NULL, 0);
	close(e);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	errors();
	level_triggered();
	edge_triggered();
	oneshot();
	closing();
	nested_and_polled();
	host_descriptor();
	timeouts_and_wakeups();
	signals();
	eventfds();
	return failures;
}
