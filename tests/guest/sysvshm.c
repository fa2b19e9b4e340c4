/* System V shared memory: a segment shared across fork, IPC_STAT's fields that do
 * not depend on time or pids, the errors of shmget/shmat/shmdt/shmctl, IPC_RMID
 * while attached, and a futex in a segment. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *e(long r)
{
	if (r >= 0)
		return "ok";
	switch (errno) {
	case EINVAL: return "EINVAL";
	case EEXIST: return "EEXIST";
	case ENOENT: return "ENOENT";
	case EACCES: return "EACCES";
	case EIDRM: return "EIDRM";
	default: return "other";
	}
}

int main(void)
{
	struct shmid_ds ds;
	key_t key = 0x454d5500 + (getpid() & 0xff); /* emu's and Linux's runs differ in pid */
	int id = shmget(key, 10000, IPC_CREAT | IPC_EXCL | 0600);

	printf("shmget: %s\n", e(id));
	printf("again with IPC_EXCL: %s\n", e(shmget(key, 10000, IPC_CREAT | IPC_EXCL | 0600)));
	printf("same key: %s\n", shmget(key, 100, 0600) == id ? "same id" : "other");
	printf("bigger than the segment: %s\n", e(shmget(key, 20000, 0600)));
	printf("no such key: %s\n", e(shmget(key + 0x1000, 100, 0600)));
	printf("size 0: %s\n", e(shmget(IPC_PRIVATE, 0, 0600)));
	char *p = shmat(id, NULL, 0);
	printf("shmat: %s\n", p == (void *)-1 ? e(-1) : "ok");
	shmctl(id, IPC_STAT, &ds);
	printf("IPC_STAT: size %zu, nattch %lu, mode %o\n", ds.shm_segsz, (unsigned long)ds.shm_nattch,
	       ds.shm_perm.mode & 0777);
	fflush(stdout);
	if (fork() == 0) {
		strcpy(p, "written by the child");
		shmctl(id, IPC_STAT, &ds);
		printf("child sees nattch %lu\n", (unsigned long)ds.shm_nattch);
		fflush(stdout);
		_exit(0);
	}
	wait(NULL);
	printf("parent reads: %s\n", p);
	char *q = shmat(id, NULL, SHM_RDONLY);
	printf("second attach reads: %s\n", q);
	shmctl(id, IPC_STAT, &ds);
	printf("nattch with two attaches: %lu\n", (unsigned long)ds.shm_nattch);
	printf("shmat at a misaligned address: %s\n", e((long)shmat(id, (void *)0x10001, 0)));
	printf("shmdt of the second: %s\n", e(shmdt(q)));
	printf("shmdt again: %s\n", e(shmdt(q)));
	printf("IPC_RMID while attached: %s\n", e(shmctl(id, IPC_RMID, NULL)));
	printf("still readable: %s\n", p);
	printf("IPC_STAT after IPC_RMID: %s\n", e(shmctl(id, IPC_STAT, &ds)));
	printf("shmdt: %s\n", e(shmdt(p)));
	printf("shmctl of a bad id: %s\n", e(shmctl(-1, IPC_STAT, &ds)));
	return 0;
}
