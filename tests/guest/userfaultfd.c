/* userfaultfd: a missing-page fault answered by a handler thread (UFFDIO_COPY,
 * UFFDIO_ZEROPAGE), the message's fields, two faults queued, O_NONBLOCK and poll,
 * close waking the faulter, UFFD_FEATURE_SIGBUS, kernel accesses of a user-mode-only
 * context, fork and mremap(MREMAP_DONTUNMAP) of a registered range, and the API's
 * errors. Runs unprivileged: every context is UFFD_USER_MODE_ONLY. */
#include "check.h"
#include <fcntl.h>
#include "uffd.h"
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define PG 4096UL
#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif

static int new_uffd(int flags, uint64_t features)
{
	int fd = (int)syscall(SYS_userfaultfd, flags | UFFD_USER_MODE_ONLY);
	struct uffdio_api api = { .api = UFFD_API, .features = features };

	if (fd < 0) {
		printf("userfaultfd unavailable (errno %d)\n", errno);
		exit(77);
	}
	if (ioctl(fd, UFFDIO_API, &api)) {
		printf("UFFDIO_API failed (errno %d)\n", errno);
		exit(1);
	}
	return fd;
}

static char *anon(size_t len)
{
	return mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static int reg(int fd, void *addr, size_t len, uint64_t mode, uint64_t *ioctls)
{
	struct uffdio_register r = { .range = { (uintptr_t)addr, len }, .mode = mode };
	int ret = ioctl(fd, UFFDIO_REGISTER, &r);

	if (ioctls)
		*ioctls = r.ioctls;
	return ret;
}

static long copy_page(int fd, void *dst, const void *src, size_t len, uint64_t mode, int64_t *res)
{
	struct uffdio_copy c = { (uintptr_t)dst, (uintptr_t)src, len, mode, 0 };
	long ret = ioctl(fd, UFFDIO_COPY, &c);

	if (res)
		*res = c.copy;
	return ret;
}

/* The next message, waiting for it with poll. */
static int next_msg(int fd, struct uffd_msg *m)
{
	struct pollfd p = { fd, POLLIN, 0 };

	if (poll(&p, 1, 10000) != 1)
		return -1;
	return read(fd, m, sizeof *m) == sizeof *m ? 0 : -1;
}

struct fault { char *addr; int write; int seen; pid_t tid; };

static void *faulter(void *arg)
{
	struct fault *f = arg;

	f->tid = (pid_t)syscall(SYS_gettid);
	if (f->write)
		*(volatile char *)f->addr = 'w';
	else
		f->seen = *(volatile char *)f->addr;
	return NULL;
}

static void api_errors(void)
{
	int fd = (int)syscall(SYS_userfaultfd, UFFD_USER_MODE_ONLY | O_NONBLOCK);
	struct uffdio_api api = { .api = 0x55, .features = 7 };
	struct uffd_msg m;
	char *p = anon(PG);

	EXPECT_ERRNO("flags: unknown bit", syscall(SYS_userfaultfd, UFFD_USER_MODE_ONLY | 0x100), EINVAL);
	EXPECT_ERRNO("register before API", reg(fd, p, PG, UFFDIO_REGISTER_MODE_MISSING, NULL), EINVAL);
	EXPECT_ERRNO("read before API", read(fd, &m, sizeof m), EINVAL);
	EXPECT_ERRNO("api: bad version", ioctl(fd, UFFDIO_API, &api), EINVAL);
	CHECK("api: bad version zeroes the struct", api.api == 0 && api.features == 0 && api.ioctls == 0);
	api = (struct uffdio_api){ .api = UFFD_API, .features = 1ULL << 40 };
	EXPECT_ERRNO("api: unknown feature", ioctl(fd, UFFDIO_API, &api), EINVAL);
	api = (struct uffdio_api){ .api = UFFD_API, .features = 0 };
	CHECK("api", ioctl(fd, UFFDIO_API, &api) == 0);
	CHECK("api: features", (api.features & (UFFD_FEATURE_SIGBUS | UFFD_FEATURE_THREAD_ID)) ==
				       (UFFD_FEATURE_SIGBUS | UFFD_FEATURE_THREAD_ID));
	uint64_t want = 1ULL << _UFFDIO_REGISTER | 1ULL << _UFFDIO_UNREGISTER | 1ULL << _UFFDIO_API;
	CHECK("api: ioctls", (api.ioctls & want) == want);
	EXPECT_ERRNO("api: twice", ioctl(fd, UFFDIO_API, &api), EINVAL);
	EXPECT_ERRNO("register: mode 0", reg(fd, p, PG, 0, NULL), EINVAL);
	EXPECT_ERRNO("register: unknown mode", reg(fd, p, PG, 8, NULL), EINVAL);
	EXPECT_ERRNO("register: unaligned", reg(fd, p + 1, PG, UFFDIO_REGISTER_MODE_MISSING, NULL), EINVAL);
	EXPECT_ERRNO("register: length 0", reg(fd, p, 0, UFFDIO_REGISTER_MODE_MISSING, NULL), EINVAL);
	EXPECT_ERRNO("register: odd length", reg(fd, p, 100, UFFDIO_REGISTER_MODE_MISSING, NULL), EINVAL);
	EXPECT_ERRNO("register: low address", reg(fd, (void *)PG, PG, UFFDIO_REGISTER_MODE_MISSING, NULL), EINVAL);
	munmap(p, PG);
	EXPECT_ERRNO("register: unmapped", reg(fd, p, PG, UFFDIO_REGISTER_MODE_MISSING, NULL), EINVAL);
	char path[] = "/tmp/uffdXXXXXX";
	int tmp = mkstemp(path);
	unlink(path);
	if (ftruncate(tmp, PG) == 0) {
		char *fp = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, tmp, 0);
		EXPECT_ERRNO("register: a file", reg(fd, fp, PG, UFFDIO_REGISTER_MODE_MISSING, NULL), EINVAL);
		munmap(fp, PG);
	}
	close(tmp);
	EXPECT_ERRNO("unknown ioctl", ioctl(fd, _IOWR(UFFDIO, 0x30, struct uffdio_range), &api), EINVAL);
	EXPECT_ERRNO("read: nothing (O_NONBLOCK)", read(fd, &m, sizeof m), EAGAIN);
	EXPECT_ERRNO("read: short buffer", read(fd, &m, 8), EINVAL);
	struct pollfd pf = { fd, POLLIN, 0 };
	CHECK("poll: nothing", poll(&pf, 1, 0) == 0);
	close(fd);

	fd = new_uffd(0, 0);
	pf = (struct pollfd){ fd, POLLIN, 0 };
	CHECK("poll: a blocking uffd is POLLERR", poll(&pf, 1, 0) == 1 && pf.revents == POLLERR);
	close(fd);
}

static void round_trip(void)
{
	int fd = new_uffd(O_NONBLOCK, UFFD_FEATURE_THREAD_ID);
	char *p = anon(4 * PG), *src = anon(PG);
	uint64_t ioctls = 0;
	struct uffd_msg m;
	pthread_t t;

	memset(src, 'A', PG);
	CHECK("register", reg(fd, p, 4 * PG, UFFDIO_REGISTER_MODE_MISSING, &ioctls) == 0);
	uint64_t want = 1ULL << _UFFDIO_WAKE | 1ULL << _UFFDIO_COPY | 1ULL << _UFFDIO_ZEROPAGE;
	CHECK("register: range ioctls", (ioctls & want) == want);

	struct fault f = { p, 0, 0, 0 };
	pthread_create(&t, NULL, faulter, &f);
	CHECK("read fault: message", next_msg(fd, &m) == 0);
	CHECK("read fault: event", m.event == UFFD_EVENT_PAGEFAULT);
	CHECK("read fault: address", m.arg.pagefault.address == (uintptr_t)p);
	CHECK("read fault: flags", m.arg.pagefault.flags == 0);
	CHECK("read fault: nothing more", read(fd, &m, sizeof m) == -1 && errno == EAGAIN);
	int64_t res = 0;
	CHECK("copy", copy_page(fd, p, src, PG, 0, &res) == 0 && res == (int64_t)PG);
	pthread_join(t, NULL);
	CHECK("read fault: the thread saw the copy", f.seen == 'A');
	CHECK("read fault: ptid", m.arg.pagefault.feat.ptid == (uint32_t)f.tid);

	f = (struct fault){ p + PG, 1, 0, 0 };
	pthread_create(&t, NULL, faulter, &f);
	CHECK("write fault: message", next_msg(fd, &m) == 0);
	CHECK("write fault: address and flags", m.arg.pagefault.address == (uintptr_t)(p + PG) &&
						  m.arg.pagefault.flags == UFFD_PAGEFAULT_FLAG_WRITE);
	struct uffdio_zeropage z = { { (uintptr_t)(p + PG), PG }, 0, 0 };
	CHECK("zeropage", ioctl(fd, UFFDIO_ZEROPAGE, &z) == 0 && z.zeropage == (int64_t)PG);
	pthread_join(t, NULL);
	CHECK("write fault: the write landed", p[PG] == 'w' && p[PG + 1] == 0);

	/* two threads, two pages: both messages, then one copy of both pages */
	struct fault f2[2] = { { p + 2 * PG, 0, 0, 0 }, { p + 3 * PG, 0, 0, 0 } };
	pthread_t t2[2];
	uintptr_t seen = 0;
	pthread_create(&t2[0], NULL, faulter, &f2[0]);
	pthread_create(&t2[1], NULL, faulter, &f2[1]);
	for (int i = 0; i < 2; i++)
		if (next_msg(fd, &m) == 0)
			seen |= 1UL << ((m.arg.pagefault.address - (uintptr_t)p) / PG);
	CHECK("two faults: both queued", seen == 0xc);
	char *src2 = anon(2 * PG);
	memset(src2, 'B', 2 * PG);
	CHECK("copy of two pages", copy_page(fd, p + 2 * PG, src2, 2 * PG, 0, &res) == 0 && res == (int64_t)(2 * PG));
	pthread_join(t2[0], NULL);
	pthread_join(t2[1], NULL);
	CHECK("two faults: both resumed", f2[0].seen == 'B' && f2[1].seen == 'B');

	EXPECT_ERRNO("copy: page exists", copy_page(fd, p, src, PG, 0, &res), EEXIST);
	CHECK("copy: page exists: copy field", res == -EEXIST);
	EXPECT_ERRNO("copy: not registered", copy_page(fd, src2, src, PG, 0, &res), ENOENT);
	EXPECT_ERRNO("copy: unaligned dst", copy_page(fd, p + 1, src, PG, 0, NULL), EINVAL);
	EXPECT_ERRNO("copy: odd length", copy_page(fd, p, src, 100, 0, NULL), EINVAL);
	EXPECT_ERRNO("copy: bad mode", copy_page(fd, p, src, PG, 8, NULL), EINVAL);
	struct uffdio_range w = { (uintptr_t)p, 100 };
	EXPECT_ERRNO("wake: odd length", ioctl(fd, UFFDIO_WAKE, &w), EINVAL);
	w.len = PG;
	CHECK("wake: nobody waits", ioctl(fd, UFFDIO_WAKE, &w) == 0);

	/* the kernel's own access to a missing page: EFAULT for a user-mode-only uffd */
	munmap(p, 4 * PG);
	p = anon(PG);
	CHECK("register again", reg(fd, p, PG, UFFDIO_REGISTER_MODE_MISSING, NULL) == 0);
	int pfd[2];
	if (pipe(pfd) == 0) {
		EXPECT_ERRNO("kernel access: write(2) from it", write(pfd[1], p, 16), EFAULT);
		close(pfd[0]);
		close(pfd[1]);
	}
	/* a forked child's copy is not registered (no UFFD_EVENT_FORK) */
	pid_t pid = fork();
	if (pid == 0)
		_exit(p[0] == 0 ? 0 : 1);
	int st = 0;
	waitpid(pid, &st, 0);
	CHECK("fork: the child reads zeroes", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	struct uffdio_range u = { (uintptr_t)p, PG };
	CHECK("unregister", ioctl(fd, UFFDIO_UNREGISTER, &u) == 0);
	CHECK("unregistered: zeroes", p[0] == 0);
	munmap(src, PG);
	munmap(src2, 2 * PG);
	munmap(p, PG);
	close(fd);
}

static void close_wakes(void)
{
	int fd = new_uffd(O_NONBLOCK, 0);
	char *p = anon(PG);
	struct uffd_msg m;
	pthread_t t;
	struct fault f = { p, 0, 1, 0 };

	reg(fd, p, PG, UFFDIO_REGISTER_MODE_MISSING, NULL);
	pthread_create(&t, NULL, faulter, &f);
	CHECK("close: the fault is queued", next_msg(fd, &m) == 0);
	close(fd);
	pthread_join(t, NULL);
	CHECK("close: the faulter resumed with zeroes", f.seen == 0);
	munmap(p, PG);
}

static sigjmp_buf jb;
static volatile int sig_code;
static void *volatile sig_addr;

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	sig_code = si->si_code;
	sig_addr = si->si_addr;
	siglongjmp(jb, 1);
}

static void sigbus_feature(void)
{
	int fd = new_uffd(O_NONBLOCK, UFFD_FEATURE_SIGBUS);
	char *p = anon(PG);
	struct sigaction sa = { 0 };

	sa.sa_sigaction = on_sigbus;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGBUS, &sa, NULL);
	reg(fd, p, PG, UFFDIO_REGISTER_MODE_MISSING, NULL);
	if (!sigsetjmp(jb, 1)) {
		(void)*(volatile char *)(p + 10);
		CHECK("sigbus: delivered", 0);
	} else {
		CHECK("sigbus: delivered", 1);
		CHECK("sigbus: code and address", sig_code == BUS_ADRERR && sig_addr == p + 10);
	}
	struct uffd_msg m;
	CHECK("sigbus: no message", read(fd, &m, sizeof m) == -1 && errno == EAGAIN);
	close(fd);
	munmap(p, PG);
}

/* Shared anonymous memory: a page is missing until it is in the object, which a
 * fill or another process's touch puts there for every mapping. */
static void shmem(void)
{
	int fd = new_uffd(O_NONBLOCK, 0);
	char *p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	char *src = anon(PG);
	struct uffd_msg m;
	uint64_t ioctls = 0;
	pthread_t t;

	memset(src, 'S', PG);
	CHECK("shmem: register", reg(fd, p, 2 * PG, UFFDIO_REGISTER_MODE_MISSING, &ioctls) == 0);
	struct fault f = { p, 0, 0, 0 };
	pthread_create(&t, NULL, faulter, &f);
	CHECK("shmem: the fault", next_msg(fd, &m) == 0 && m.arg.pagefault.address == (uintptr_t)p);
	CHECK("shmem: copy", copy_page(fd, p, src, PG, 0, NULL) == 0);
	pthread_join(t, NULL);
	CHECK("shmem: the faulter saw it", f.seen == 'S');
	EXPECT_ERRNO("shmem: copy again", copy_page(fd, p, src, PG, 0, NULL), EEXIST);
	pid_t pid = fork();
	if (pid == 0) { /* its mapping is not registered: the touch makes the page */
		p[PG] = 'c';
		_exit(p[0] == 'S' ? 0 : 1);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	CHECK("shmem: the child saw the copy", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK("shmem: the child's page is not missing here", p[PG] == 'c');
	close(fd);
	munmap(p, 2 * PG);
	munmap(src, PG);
}

/* LTP's mremap07: the old range of MREMAP_DONTUNMAP stays registered, and empty. */
static void dontunmap(void)
{
	int fd = new_uffd(O_NONBLOCK, 0);
	char *old = anon(PG), *src;
	struct uffd_msg m;
	pthread_t t;

	memcpy(old, "ABCD", 5);
	reg(fd, old, PG, UFFDIO_REGISTER_MODE_MISSING, NULL);
	char *new = mremap(old, PG, PG, MREMAP_DONTUNMAP | MREMAP_MAYMOVE, NULL);
	CHECK("dontunmap: moved", new != MAP_FAILED && !strcmp(new, "ABCD"));
	struct fault f = { old, 0, 0, 0 };
	pthread_create(&t, NULL, faulter, &f);
	CHECK("dontunmap: the old range faults", next_msg(fd, &m) == 0 &&
						     m.arg.pagefault.address == (uintptr_t)old);
	src = anon(PG);
	memset(src, 'E', PG);
	CHECK("dontunmap: copy", copy_page(fd, old, src, PG, 0, NULL) == 0);
	pthread_join(t, NULL);
	CHECK("dontunmap: the faulter saw it", f.seen == 'E');
	/* the new range is not registered: no REMAP event was asked for */
	struct fault g = { new + 0, 0, 0, 0 };
	madvise(new, PG, MADV_DONTNEED);
	pthread_create(&t, NULL, faulter, &g);
	pthread_join(t, NULL);
	CHECK("dontunmap: the new range is not registered", g.seen == 0);
	close(fd);
}

/* /dev/userfaultfd's USERFAULTFD_IOC_NEW, where this user may open it (root). */
static void dev_userfaultfd(void)
{
	int dev = open("/dev/userfaultfd", O_RDWR | O_CLOEXEC);

	if (dev < 0) {
		printf("/dev/userfaultfd: not opened (errno %d)\n", errno);
		return;
	}
	int fd = ioctl(dev, _IO(0xAA, 0x00), O_CLOEXEC | O_NONBLOCK);
	struct uffdio_api api = { .api = UFFD_API };
	CHECK("USERFAULTFD_IOC_NEW", fd >= 0 && ioctl(fd, UFFDIO_API, &api) == 0);
	CHECK("USERFAULTFD_IOC_NEW: O_NONBLOCK", (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
	EXPECT_ERRNO("USERFAULTFD_IOC_NEW: bad flags", ioctl(dev, _IO(0xAA, 0x00), 0x100), EINVAL);
	close(fd);
	close(dev);
}

/* The non-cooperative events: the handler reads what madvise, mremap and munmap
 * of a registered range tell, each call waiting until its events are read. */
static int ev_fd, ev_done[2];
static char *ev_base;
static char ev_log[512];

static long pg_off(uint64_t a) { return ((long)a - (long)(uintptr_t)ev_base) / (long)PG; }

static void *event_reader(void *arg)
{
	struct pollfd p[2] = { { ev_fd, POLLIN, 0 }, { ev_done[0], POLLIN, 0 } };
	struct uffd_msg m;
	size_t n = 0;

	for (;;) {
		if (poll(p, 2, 10000) <= 0)
			break;
		if (p[0].revents & POLLIN) {
			if (read(ev_fd, &m, sizeof m) != sizeof m)
				break;
			if (m.event == UFFD_EVENT_REMOVE)
				n += snprintf(ev_log + n, sizeof ev_log - n, " REMOVE(%ld,%ld)",
					      pg_off(m.arg.remove.start), pg_off(m.arg.remove.end));
			else if (m.event == UFFD_EVENT_UNMAP)
				n += snprintf(ev_log + n, sizeof ev_log - n, " UNMAP(%ld,%ld)",
					      pg_off(m.arg.remove.start), pg_off(m.arg.remove.end));
			else if (m.event == UFFD_EVENT_REMAP)
				n += snprintf(ev_log + n, sizeof ev_log - n, " REMAP(%ld->%ld,%ld)",
					      pg_off(m.arg.remap.from), pg_off(m.arg.remap.to),
					      (long)(m.arg.remap.len / PG));
			else
				n += snprintf(ev_log + n, sizeof ev_log - n, " event %#x", m.event);
			continue;
		}
		if (p[1].revents & POLLIN)
			break;
	}
	return NULL;
}

static void events(void)
{
	uint64_t want = UFFD_FEATURE_EVENT_REMOVE | UFFD_FEATURE_EVENT_UNMAP | UFFD_FEATURE_EVENT_REMAP;
	pthread_t t;

	ev_fd = new_uffd(O_NONBLOCK, want);
	ev_base = anon(32 * PG);
	munmap(ev_base + 8 * PG, 24 * PG);
	memset(ev_base, 'x', 8 * PG);
	if (pipe(ev_done))
		return;
	pthread_create(&t, NULL, event_reader, NULL);
	CHECK("events: register", reg(ev_fd, ev_base, 8 * PG, UFFDIO_REGISTER_MODE_MISSING, NULL) == 0);
	CHECK("events: MADV_DONTNEED", madvise(ev_base + PG, 2 * PG, MADV_DONTNEED) == 0);
	char *q = mremap(ev_base + 4 * PG, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, ev_base + 16 * PG);
	CHECK("events: mremap", q == ev_base + 16 * PG && q[0] == 'x');
	CHECK("events: munmap", munmap(ev_base + 6 * PG, 2 * PG) == 0);
	CHECK("events: munmap of the moved range", munmap(q, 2 * PG) == 0);
	CHECK("events: munmap of nothing registered", munmap(ev_base + 30 * PG, PG) == 0);
	if (write(ev_done[1], "x", 1) != 1)
		return;
	pthread_join(t, NULL);
	printf("events:%s\n", ev_log);
	close(ev_fd); /* first: an unmap would wait for a reader */
	munmap(ev_base, 4 * PG);
	close(ev_done[0]);
	close(ev_done[1]);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	dev_userfaultfd();
	events();
	api_errors();
	round_trip();
	close_wakes();
	sigbus_feature();
	shmem();
	dontunmap();
	return failures;
}
