/* MAP_SHARED mappings of files: the mapping is the file. Writes through a mapping
 * are seen by read() and by every other mapping and process; write() is seen by
 * the mappings; a page past the end of a truncated file is SIGBUS; a futex in a
 * shared file mapping meets across processes; /dev/shm and /dev/zero mappings. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1

static sigjmp_buf env;

static const char *errname(void)
{
	return errno == EACCES ? "EACCES" : errno == ENODEV ? "ENODEV" : "another errno";
}

static void on_sigbus(int sig, siginfo_t *si, void *ctx)
{
	siglongjmp(env, si->si_code == BUS_ADRERR ? 2 : 1);
}

static const char *probe(volatile char *p)
{
	switch (sigsetjmp(env, 1)) {
	case 0: {
		char c = *p;
		return c ? "data" : "zero";
	}
	case 2: return "SIGBUS (BUS_ADRERR)";
	default: return "SIGBUS (other code)";
	}
}

static void coherence(char *path)
{
	int fd = mkstemp(path); /* a pid is no unique name: under emu it is always 2 */
	char buf[16] = { 0 };

	ftruncate(fd, 8192);
	char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	strcpy(m + 4096, "via mapping");
	pread(fd, buf, 11, 4096);
	printf("read() sees: %s\n", buf);
	pwrite(fd, "via pwrite", 10, 100);
	printf("mapping sees: %.10s\n", m + 100);

	int ro = open(path, O_RDONLY);
	char *r = mmap(NULL, 8192, PROT_READ, MAP_SHARED, ro, 0);
	printf("second mapping sees: %s\n", r + 4096);
	printf("mprotect(PROT_WRITE) of a read-only file's mapping: %s\n",
	       mprotect(r, 8192, PROT_READ | PROT_WRITE) ? errname() : "ok");
	char *w = mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0);
	printf("mprotect(PROT_WRITE) of a read-write file's mapping: %s\n",
	       mprotect(w, 8192, PROT_READ | PROT_WRITE) ? errname() : "ok");
	printf("MAP_SHARED|PROT_WRITE of a read-only file: %s\n",
	       mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0) == MAP_FAILED
		       ? errname() : "mapped");

	if (fork() == 0) {
		strcpy(m + 200, "from the child");
		_exit(0);
	}
	wait(NULL);
	printf("after the child: %s\n", r + 200);

	ftruncate(fd, 4096);
	printf("past the end after truncate: %s\n", probe(m + 4096));
	printf("inside the last page: %s\n", probe(m + 200));
	ftruncate(fd, 8192);
	printf("after growing again: %s\n", probe(m + 4096));
	printf("msync: %d\n", msync(m, 8192, MS_SYNC));
	munmap(m, 8192);
	memset(buf, 0, sizeof buf);
	pread(fd, buf, 14, 200);
	printf("file after munmap: %s\n", buf);
	close(fd);
	close(ro);
	unlink(path);
}

/* A process-shared futex in a /dev/shm file: the child wakes the parent. */
static void shm_futex(void)
{
	char name[] = "/dev/shm/emu-shmfile-XXXXXX";
	int fd = mkstemp(name);
	ftruncate(fd, 4096);
	unlink(name);
	int *word = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	pid_t pid = fork();
	if (pid == 0) {
		int *mine = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		while (__atomic_load_n(&mine[1], __ATOMIC_SEQ_CST) == 0) /* the parent sleeps */
			sched_yield();
		__atomic_store_n(mine, 1, __ATOMIC_SEQ_CST);
		syscall(SYS_futex, mine, FUTEX_WAKE, 1, NULL, NULL, 0);
		_exit(0);
	}
	__atomic_store_n(&word[1], 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(word, __ATOMIC_SEQ_CST) == 0)
		syscall(SYS_futex, word, FUTEX_WAIT, 0, NULL, NULL, 0);
	waitpid(pid, NULL, 0);
	printf("futex in /dev/shm: woken, word %d\n", *word);
}

static void dev_zero(void)
{
	int fd = open("/dev/zero", O_RDWR);
	char *priv = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	char *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	priv[0] = 1;
	if (fork() == 0) {
		shared[0] = 42;
		priv[0] = 2;
		_exit(0);
	}
	wait(NULL);
	printf("/dev/zero: private %d, shared %d\n", priv[0], shared[0]);
}

static void memfd(void)
{
	int fd = memfd_create("emu-test", MFD_CLOEXEC);
	ftruncate(fd, 4096);
	char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (fork() == 0) {
		strcpy(m, "memfd from the child");
		_exit(0);
	}
	wait(NULL);
	char buf[32] = { 0 };
	pread(fd, buf, 20, 0);
	printf("memfd: %s; read() %s; cloexec %d\n", m, buf, fcntl(fd, F_GETFD));
}

int main(void)
{
	struct sigaction sa = { .sa_sigaction = on_sigbus, .sa_flags = SA_SIGINFO };
	char path[] = "/tmp/emu-shmfile-XXXXXX";

	sigaction(SIGBUS, &sa, NULL);
	coherence(path);
	shm_futex();
	dev_zero();
	memfd();
	return 0;
}
