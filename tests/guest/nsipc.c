/* IPC namespaces: a System V shared memory segment and a semaphore set made before
 * unshare(CLONE_NEWIPC) cannot be found after it (by id or by key); the new
 * namespace starts empty and its own objects work; a child forked before still sees
 * the old ones. CLONE_NEWIPC with CLONE_SYSVSEM is EINVAL for clone. */
#include "ns.h"
#include <signal.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	key_t key = 0x4e530000 + (getpid() & 0xfff);
	int shm = shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0600);
	int sem = semget(key, 1, IPC_CREAT | IPC_EXCL | 0600);
	int pipefd[2];
	struct shmid_ds ds;

	printf("shmget before: %s, semget before: %s\n", errname(shm), errname(sem));
	if (pipe(pipefd))
		return 1;
	pid_t child = fork();
	if (child == 0) { /* stays in the first namespace */
		char c;
		close(pipefd[1]);
		if (read(pipefd[0], &c, 1) != 1)
			_exit(2);
		int seen = shmget(key, 0, 0) == shm && shmctl(shm, IPC_STAT, &ds) == 0 &&
			   semget(key, 0, 0) == sem;
		shmctl(shm, IPC_RMID, NULL); /* the first namespace's, left clean */
		semctl(sem, 0, IPC_RMID);
		_exit(seen ? 0 : 1);
	}
	close(pipefd[0]);
	unshare_or_skip(CLONE_NEWIPC, "CLONE_NEWIPC");
	printf("old shm id: %s\n", errname(shmctl(shm, IPC_STAT, &ds)));
	printf("old shm key: %s\n", errname(shmget(key, 0, 0)));
	printf("old shmat: %s\n", shmat(shm, NULL, 0) == (void *)-1 ? errname(-1) : "ok");
	printf("old sem id: %s\n", errname(semctl(sem, 0, GETVAL)));
	printf("old sem key: %s\n", errname(semget(key, 0, 0)));
	struct shm_info info;
	printf("segments in use: %d\n", shmctl(0, SHM_INFO, (struct shmid_ds *)&info) >= 0 ? info.used_ids : -1);

	int shm2 = shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0600);
	printf("same key, new namespace: %s\n", errname(shm2));
	char *p = shmat(shm2, NULL, 0);
	printf("shmat new: %s\n", p == (void *)-1 ? errname(-1) : "ok");
	if (p != (void *)-1) {
		strcpy(p, "in the new namespace");
		printf("reads back: %s\n", p);
		shmdt(p);
	}
	shmctl(shm2, IPC_RMID, NULL);

	if (write(pipefd[1], "x", 1) != 1)
		return 1;
	int status;
	waitpid(child, &status, 0);
	printf("the first namespace still has it: %d\n", WIFEXITED(status) && WEXITSTATUS(status) == 0);

	errno = 0;
	long r = syscall(SYS_clone, CLONE_NEWIPC | CLONE_SYSVSEM | SIGCHLD, 0, 0, 0, 0);
	if (r == 0)
		_exit(0);
	printf("clone CLONE_NEWIPC|CLONE_SYSVSEM: %s\n", errname(r));
	if (r > 0)
		waitpid((pid_t)r, NULL, 0);
	return 0;
}
