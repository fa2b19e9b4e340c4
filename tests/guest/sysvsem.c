/* System V semaphores, compared with the real kernel: values, GETALL/SETALL,
 * IPC_STAT/IPC_SET, a parent and child ping-pong, GETNCNT/GETZCNT of a blocked
 * child, SEM_UNDO applied at exit, EIDRM for a waiter when the set goes, the
 * semtimedop timeout, and the errors. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

static int op(int id, unsigned short num, short delta, short flags)
{
	struct sembuf sb = { num, delta, flags };
	return semop(id, &sb, 1) ? -errno : 0;
}

/* Polls until the count of cmd (GETNCNT, GETZCNT) on num reaches want: a child is
 * then asleep in semop. */
static int wait_count(int id, int num, int cmd, int want)
{
	for (int i = 0; i < 10000; i++) { /* up to 10 s: a loaded machine is slow to run a child */
		if (semctl(id, num, cmd) == want)
			return 1;
		usleep(1000);
	}
	return 0;
}

/* Strict turns only with both semaphores at 0: each side's wait then needs the
 * other's post (sem1 is 5 here from the tests before; its value is put back). */
static void pingpong(int id)
{
	union semun zero = { .val = 0 }, saved = { .val = semctl(id, 1, GETVAL) };

	semctl(id, 0, SETVAL, zero);
	semctl(id, 1, SETVAL, zero);
	pid_t child = fork();

	if (child == 0) {
		for (int i = 0; i < 3; i++) {
			op(id, 0, -1, 0);
			printf("child %d\n", i);
			fflush(stdout);
			op(id, 1, 1, 0);
		}
		_exit(0);
	}
	for (int i = 0; i < 3; i++) {
		op(id, 0, 1, 0);
		op(id, 1, -1, 0);
		printf("parent %d\n", i);
		fflush(stdout);
	}
	waitpid(child, NULL, 0);
	semctl(id, 1, SETVAL, saved);
}

static void undo(int id)
{
	union semun a = { .val = 1 };
	int st;

	semctl(id, 0, SETVAL, a);
	pid_t child = fork();
	if (child == 0) {
		int r1 = op(id, 0, -1, SEM_UNDO), r2 = op(id, 1, 4, SEM_UNDO);
		_exit(r1 || r2);
	}
	waitpid(child, &st, 0);
	int v0 = semctl(id, 0, GETVAL), v1 = semctl(id, 1, GETVAL);
	printf("SEM_UNDO: child ok %d, after its exit sem0 %d sem1 %d, sempid is the child's %d\n",
	       WEXITSTATUS(st) == 0, v0, v1, semctl(id, 0, GETPID) == child);
}

static void counts(int id)
{
	union semun a = { .val = 0 };
	int st;

	semctl(id, 0, SETVAL, a);
	pid_t child = fork();
	if (child == 0)
		_exit(op(id, 0, -2, 0) != 0);
	printf("GETNCNT sees the child %d\n", wait_count(id, 0, GETNCNT, 1));
	printf("GETZCNT %d\n", semctl(id, 0, GETZCNT));
	op(id, 0, 1, 0);
	int still = wait_count(id, 0, GETNCNT, 1);
	printf("GETNCNT still %d, value %d\n", still, semctl(id, 0, GETVAL));
	op(id, 0, 1, 0);
	waitpid(child, &st, 0);
	printf("the child got both: %d, value %d\n", WEXITSTATUS(st) == 0, semctl(id, 0, GETVAL));

	a.val = 1;
	semctl(id, 1, SETVAL, a);
	child = fork();
	if (child == 0)
		_exit(op(id, 1, 0, 0) != 0);
	printf("GETZCNT sees the child %d\n", wait_count(id, 1, GETZCNT, 1));
	op(id, 1, -1, 0);
	waitpid(child, &st, 0);
	printf("the zero-waiter went on: %d\n", WEXITSTATUS(st) == 0);
}

static void removed(void)
{
	int id = semget(IPC_PRIVATE, 1, 0600), st;
	pid_t child = fork();

	if (child == 0)
		_exit(op(id, 0, -1, 0) == -EIDRM ? 0 : 1);
	wait_count(id, 0, GETNCNT, 1);
	printf("IPC_RMID: %d\n", semctl(id, 0, IPC_RMID));
	waitpid(child, &st, 0);
	printf("the waiter got EIDRM: %d\n", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	printf("GETVAL of the removed set: %s\n", semctl(id, 0, GETVAL) < 0 ? strerror(errno) : "a value");
}

int main(void)
{
	int id = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
	unsigned short vals[2] = { 0, 5 }, got[2] = { 9, 9 };
	union semun a;
	struct semid_ds ds;

	setvbuf(stdout, NULL, _IONBF, 0); /* nothing buffered when a child is forked */
	printf("semget: %d\n", id >= 0);
	a.array = vals;
	printf("SETALL %d\n", semctl(id, 0, SETALL, a));
	a.array = got;
	int r = semctl(id, 0, GETALL, a);
	printf("GETALL %d: %u %u\n", r, got[0], got[1]);
	printf("GETVAL 1: %d, GETPID is ours: %d\n", semctl(id, 1, GETVAL), semctl(id, 1, GETPID) == getpid());
	a.buf = &ds;
	r = semctl(id, 0, IPC_STAT, a);
	printf("IPC_STAT %d: nsems %lu mode %o\n", r, (unsigned long)ds.sem_nsems, ds.sem_perm.mode & 0777);
	ds.sem_perm.mode = 0640;
	semctl(id, 0, IPC_SET, a);
	semctl(id, 0, IPC_STAT, a);
	printf("after IPC_SET: mode %o\n", ds.sem_perm.mode & 0777);

	printf("IPC_NOWAIT on 0: %s\n", strerror(-op(id, 0, -1, IPC_NOWAIT)));
	struct sembuf two[2] = { { 1, -5, 0 }, { 0, -1, IPC_NOWAIT } };
	const char *res = semop(id, two, 2) ? strerror(errno) : "ok";
	printf("an array that cannot all go: %s, sem1 still %d\n", res, semctl(id, 1, GETVAL));
	struct sembuf bad = { 7, 1, 0 };
	printf("sem_num past the set: %s\n", semop(id, &bad, 1) ? strerror(errno) : "ok");
	printf("no operations: %s\n", semop(id, &bad, 0) ? strerror(errno) : "ok");
	a.val = 40000;
	printf("SETVAL 40000: %s\n", semctl(id, 0, SETVAL, a) ? strerror(errno) : "ok");
	printf("semop past SEMVMX: %s\n", strerror(-op(id, 1, 32767, 0)));
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	struct sembuf wait0 = { 0, -1, 0 };
	printf("semtimedop times out: %s\n", semtimedop(id, &wait0, 1, &ts) ? strerror(errno) : "ok");
	key_t key = ftok(".", 'S'); /* the test's own directory: no other run has this key */
	int k = semget(key, 1, IPC_CREAT | IPC_EXCL | 0600);
	printf("IPC_EXCL again: %s\n", semget(key, 1, IPC_CREAT | IPC_EXCL | 0600) < 0 ? strerror(errno) : "ok");
	printf("more semaphores than the set has: %s\n", semget(key, 2, 0) < 0 ? strerror(errno) : "ok");
	printf("the same set by key: %d\n", semget(key, 1, 0) == k);
	semctl(k, 0, IPC_RMID);
	printf("a key nobody made: %s\n", semget(key, 1, 0) < 0 ? strerror(errno) : "ok");

	pingpong(id);
	undo(id);
	counts(id);
	semctl(id, 0, IPC_RMID);
	removed();
	return 0;
}
