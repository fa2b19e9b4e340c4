/* System V semaphores: semget, semop, semtimedop, semctl (Linux's ipc/sem.c). An
 * operation array is applied all at once or not at all; a task that cannot go on
 * sleeps on its set (WAIT_SEM) and tries the whole array again when any semaphore
 * of the set changes, in the scheduler's deterministic order. A waiter's record
 * says what it waits for (GETNCNT, GETZCNT) and lets it see that its set was
 * removed (EIDRM). SEM_UNDO adjustments belong to the process and are applied
 * when its last thread exits. */
#include <emu/cred.h>
#include <emu/ipc.h>
#include <emu/mm.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/timekeeping.h>
#include <errno.h>
#include <linux/capability.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sem.h>

#define SEMMSL 32000    /* semaphores in a set */
#define SEMOPM 500      /* operations in one call */
#define SEMVMX 32767    /* a semaphore's largest value */
#define SEMAEM SEMVMX   /* an undo adjustment's largest size */
#define IPCMNI_SEQ 32768 /* semid = seq * 32768 + index, as Linux */
/* emu's host memory is not the guest's: semaphores and undo entries in all sets
 * are bounded (Linux's SEMMNS; past it semget is ENOSPC, an undo list ENOMEM) */
#define SEMMNS (1 << 20)
#define SEMUNDO_MAX (1 << 22)

struct sem {
	int semval;
	int sempid;
};

struct sem_array {
	struct semid_ds ds; /* perms, times, sem_nsems */
	int seq;
	struct sem *sems;
};

/* A task asleep in semop: its call, for its next run and for GETNCNT/GETZCNT. */
struct sem_waiter {
	int pid, semid;
	struct sem_array *sma;
	uint64_t sops;
	unsigned nsops;
	unsigned short semnum; /* the semaphore it waits on ... */
	bool for_zero;         /* ... to become 0, or to grow */
	struct sem_waiter *next;
};

/* One process's adjustments to one set (Linux's struct sem_undo). */
struct sem_undo {
	struct ipc_namespace *ns; /* where semid is (its end drops the list) */
	int tgid, semid, nsems;
	short *adj; /* one per semaphore */
	struct sem_undo *next;
};

/* The sets of current's IPC namespace (kernel/ipc/namespace.c). */
static struct sem_array **sem_ids(void)
{
	return current_ipc_ns()->sem_sets;
}
static struct sem_waiter *waiters;
static struct sem_undo *undos;
static long nr_sems, nr_undo_entries; /* in every set, in every undo list */

static struct sem_array *sem_lock_in(struct sem_array **sets, int semid)
{
	int idx = semid % IPCMNI_SEQ;

	if (semid < 0 || idx >= SEMMNI || !sets[idx] || sets[idx]->seq != semid / IPCMNI_SEQ)
		return NULL;
	return sets[idx];
}

static struct sem_array *sem_lock(int semid)
{
	return sem_lock_in(sem_ids(), semid);
}

/* ---- waiters and undo lists ---- */

/* Whether w's task still sleeps in semop on its set (it may have been killed). */
static bool waiter_live(const struct sem_waiter *w)
{
	struct task *t = find_task(w->pid);

	return t && t->state == TASK_SLEEPING && t->restart_block.waiting == WAIT_SEM &&
	       t->restart_block.obj == w->sma;
}

/* Takes pid's record off the list; *out gets a copy (if out). false: none. */
static bool waiter_take(int pid, struct sem_waiter *out)
{
	for (struct sem_waiter **p = &waiters; *p; p = &(*p)->next)
		if ((*p)->pid == pid) {
			struct sem_waiter *w = *p;
			*p = w->next;
			if (out)
				*out = *w;
			free(w);
			return true;
		}
	return false;
}

static int count_waiters(struct sem_array *sma, unsigned semnum, bool for_zero)
{
	int n = 0;

	for (struct sem_waiter *w = waiters; w; w = w->next)
		n += w->sma == sma && w->semnum == semnum && w->for_zero == for_zero && waiter_live(w);
	return n;
}

static struct sem_undo *find_undo(int tgid, int semid, int nsems, bool create)
{
	struct ipc_namespace *ns = current_ipc_ns();

	for (struct sem_undo *u = undos; u; u = u->next)
		if (u->tgid == tgid && u->semid == semid && u->ns == ns)
			return u;
	if (!create || nr_undo_entries + nsems > SEMUNDO_MAX)
		return NULL;
	struct sem_undo *u = calloc(1, sizeof *u);
	if (!u || !(u->adj = calloc((size_t)nsems, sizeof *u->adj))) {
		free(u);
		return NULL;
	}
	u->ns = ns;
	u->tgid = tgid;
	u->semid = semid;
	u->nsems = nsems;
	u->next = undos;
	undos = u;
	nr_undo_entries += nsems;
	return u;
}

static void free_undo(struct sem_undo *u)
{
	nr_undo_entries -= u->nsems;
	free(u->adj);
	free(u);
}

/* Drops the undo lists of semid (removed), or only their entry for semnum
 * (SETVAL, SETALL: Linux clears them). semnum < 0: every entry. */
static void clear_undos(const struct ipc_namespace *ns, int semid, int semnum, bool remove)
{
	for (struct sem_undo **p = &undos; *p;) {
		struct sem_undo *u = *p;
		if (u->semid != semid || u->ns != ns) {
			p = &u->next;
			continue;
		}
		if (!remove) {
			if (semnum >= 0)
				u->adj[semnum] = 0;
			else
				memset(u->adj, 0, sizeof *u->adj * (size_t)u->nsems);
			p = &u->next;
			continue;
		}
		*p = u->next;
		free_undo(u);
	}
}

/* ---- semget ---- */

static int newary(key_t key, int nsems, int flags)
{
	int idx = 0;

	while (idx < SEMMNI && sem_ids()[idx])
		idx++;
	if (idx == SEMMNI || nr_sems + nsems > SEMMNS)
		return -ENOSPC;
	struct sem_array *sma = calloc(1, sizeof *sma);
	if (!sma || !(sma->sems = calloc((size_t)nsems, sizeof *sma->sems))) {
		free(sma);
		return -ENOMEM;
	}
	const struct cred *c = &current->cred;
	sma->ds.sem_perm.__key = key;
	sma->ds.sem_perm.uid = sma->ds.sem_perm.cuid = c->euid;
	sma->ds.sem_perm.gid = sma->ds.sem_perm.cgid = c->egid;
	sma->ds.sem_perm.mode = flags & 0777;
	sma->ds.sem_nsems = (unsigned long)nsems;
	sma->ds.sem_ctime = ipc_now();
	sma->seq = current_ipc_ns()->sem_next_seq++ % 1024;
	sem_ids()[idx] = sma;
	nr_sems += nsems;
	return sma->seq * IPCMNI_SEQ + idx;
}

SYSCALL_DEFINE3(semget, int, key, int, nsems, int, flags)
{
	if (nsems < 0 || nsems > SEMMSL)
		return -EINVAL;
	if (key != IPC_PRIVATE)
		for (int idx = 0; idx < SEMMNI; idx++) {
			struct sem_array *sma = sem_ids()[idx];
			if (!sma || sma->ds.sem_perm.__key != key)
				continue;
			if ((flags & IPC_CREAT) && (flags & IPC_EXCL))
				return -EEXIST;
			if (!ipcperms(&sma->ds.sem_perm, (flags >> 6) & 07) && (flags & 0777))
				return -EACCES;
			if ((unsigned long)nsems > sma->ds.sem_nsems)
				return -EINVAL;
			return sma->seq * IPCMNI_SEQ + idx;
		}
	if (key != IPC_PRIVATE && !(flags & IPC_CREAT))
		return -ENOENT;
	if (nsems == 0)
		return -EINVAL;
	return newary(key, nsems, flags);
}

/* ---- semop ---- */

/* Applies the whole array or nothing (Linux's perform_atomic_semop): 0, a
 * negative errno, or 1 when it must wait (*blocker: the operation it waits on). */
static int perform_atomic_semop(struct sem_array *sma, int semid, const struct sembuf *sops,
				unsigned nsops, const struct sembuf **blocker)
{
	int n = (int)sma->ds.sem_nsems;
	int vals[n > 0 ? n : 1];
	struct sem_undo *u = NULL;

	for (int i = 0; i < n; i++)
		vals[i] = sma->sems[i].semval;
	for (unsigned i = 0; i < nsops; i++) {
		const struct sembuf *sop = &sops[i];
		int v = vals[sop->sem_num] + sop->sem_op;
		if (!sop->sem_op && vals[sop->sem_num]) {
			*blocker = sop;
			return (sop->sem_flg & IPC_NOWAIT) ? -EAGAIN : 1;
		}
		if (v < 0) {
			*blocker = sop;
			return (sop->sem_flg & IPC_NOWAIT) ? -EAGAIN : 1;
		}
		if (v > SEMVMX)
			return -ERANGE;
		if (sop->sem_flg & SEM_UNDO) {
			if (!u && !(u = find_undo(current->tgid, semid, n, false)))
				u = NULL;
			int adj = (u ? u->adj[sop->sem_num] : 0) - sop->sem_op;
			if (adj < -SEMAEM - 1 || adj > SEMAEM)
				return -ERANGE;
		}
		vals[sop->sem_num] = v;
	}
	/* it goes through: the undo list, then the values */
	for (unsigned i = 0; i < nsops; i++)
		if ((sops[i].sem_flg & SEM_UNDO) && sops[i].sem_op) {
			if (!(u = find_undo(current->tgid, semid, n, true)))
				return -ENOMEM;
			u->adj[sops[i].sem_num] -= sops[i].sem_op;
		}
	for (unsigned i = 0; i < nsops; i++)
		sma->sems[sops[i].sem_num].sempid = current->tgid;
	for (int i = 0; i < n; i++)
		sma->sems[i].semval = vals[i];
	sma->ds.sem_otime = ipc_now();
	return 0;
}

static long do_semtimedop(int semid, uint64_t usops, unsigned nsops, uint64_t deadline);

/* The call's next run after its task slept: its set may be gone (EIDRM). */
static long semop_restart(struct restart_block *restart)
{
	struct sem_waiter w;

	if (!waiter_take(current->pid, &w))
		return -EIDRM;
	if (!w.sma || sem_lock(w.semid) != w.sma)
		return -EIDRM; /* removed while it slept */
	return do_semtimedop(w.semid, w.sops, w.nsops, restart->deadline);
}

static long sem_sleep(struct sem_array *sma, int semid, uint64_t usops, unsigned nsops,
		      const struct sembuf *blocker, uint64_t deadline)
{
	long ret = wait_event(WAIT_SEM, sma, deadline, -EAGAIN, -EINTR); /* never restarted */
	if (ret != EMU_RESTART)
		return ret;
	struct sem_waiter *w = calloc(1, sizeof *w);
	if (!w) {
		wake_task(current);
		return -ENOMEM;
	}
	*w = (struct sem_waiter){ current->pid, semid, sma, usops, nsops, blocker->sem_num,
				  blocker->sem_op == 0, waiters };
	waiters = w;
	current->restart_block.fn = semop_restart;
	return EMU_RESTART;
}

static long do_semtimedop(int semid, uint64_t usops, unsigned nsops, uint64_t deadline)
{
	struct sem_array *sma;
	const struct sembuf *blocker = NULL;
	bool alter = false;

	if (nsops < 1 || semid < 0)
		return -EINVAL;
	if (nsops > SEMOPM)
		return -E2BIG;
	struct sembuf *sops = malloc(nsops * sizeof *sops);
	if (!sops)
		return -ENOMEM;
	if (copy_from_user(sops, usops, nsops * sizeof *sops)) {
		free(sops);
		return -EFAULT;
	}
	long ret = -EINVAL;
	if (!(sma = sem_lock(semid)))
		goto out;
	ret = -EFBIG;
	for (unsigned i = 0; i < nsops; i++) {
		if (sops[i].sem_num >= sma->ds.sem_nsems)
			goto out;
		alter |= sops[i].sem_op != 0;
	}
	ret = -EACCES;
	if (!ipcperms(&sma->ds.sem_perm, alter ? 02 : 04))
		goto out;
	ret = perform_atomic_semop(sma, semid, sops, nsops, &blocker);
	if (ret == 0 && alter)
		wake_up(WAIT_SEM, sma); /* every waiter tries again, in the scheduler's order */
	else if (ret == 1)
		ret = sem_sleep(sma, semid, usops, nsops, blocker, deadline);
out:
	free(sops);
	return ret;
}

SYSCALL_DEFINE3(semop, int, semid, uint64_t, sops, unsigned, nsops)
{
	return do_semtimedop(semid, sops, nsops, 0);
}

/* semtimedop: the timeout is relative, on the virtual monotonic clock (EAGAIN when
 * it passes, as Linux). */
SYSCALL_DEFINE4(semtimedop, int, semid, uint64_t, sops, unsigned, nsops, uint64_t, utimeout)
{
	uint64_t ns, deadline = 0;

	if (utimeout) {
		long err = get_user_timespec(utimeout, &ns);
		if (err)
			return err;
		deadline = ns ? ktime_add_safe(ktime_get_ns(), ns) : 1;
	}
	return do_semtimedop(semid, sops, nsops, deadline);
}

/* ---- semctl ---- */

static void sem_rmid_in(struct ipc_namespace *ns, int semid)
{
	int idx = semid % IPCMNI_SEQ;
	struct sem_array *sma = ns->sem_sets[idx];

	ns->sem_sets[idx] = NULL;
	nr_sems -= (long)sma->ds.sem_nsems;
	clear_undos(ns, semid, -1, true);
	wake_up(WAIT_SEM, sma); /* its waiters find it gone: EIDRM */
	for (struct sem_waiter *w = waiters; w; w = w->next)
		if (w->sma == sma)
			w->sma = NULL; /* the address may be reused */
	free(sma->sems);
	free(sma);
}

static void sem_rmid(int semid)
{
	sem_rmid_in(current_ipc_ns(), semid);
}

void sem_exit_ns(struct ipc_namespace *ns)
{
	for (int idx = 0; idx < SEMMNI; idx++)
		if (ns->sem_sets[idx])
			sem_rmid_in(ns, ns->sem_sets[idx]->seq * IPCMNI_SEQ + idx);
}

static long sem_stat(struct sem_array *sma, uint64_t ubuf)
{
	struct semid_ds ds = sma->ds;

	return copy_to_user(ubuf, &ds, sizeof ds) ? -EFAULT : 0;
}

static long sem_set(struct sem_array *sma, uint64_t ubuf)
{
	struct semid_ds ds;
	long err;

	if (copy_from_user(&ds, ubuf, sizeof ds))
		return -EFAULT;
	if ((err = ipc_update_perm(&sma->ds.sem_perm, &ds.sem_perm)))
		return err;
	sma->ds.sem_ctime = ipc_now();
	return 0;
}

static long sem_info(int cmd, uint64_t ubuf)
{
	struct seminfo si = { .semmap = SEMMNI, .semmni = SEMMNI, .semmns = SEMMNI * SEMMSL,
			      .semmnu = SEMMNI, .semmsl = SEMMSL, .semopm = SEMOPM, .semume = SEMOPM,
			      .semusz = 20, .semvmx = SEMVMX, .semaem = SEMAEM };
	int max = -1;

	for (int idx = 0; idx < SEMMNI; idx++)
		if (sem_ids()[idx]) {
			max = idx;
			if (cmd == SEM_INFO) {
				si.semusz++;
				si.semaem += (int)sem_ids()[idx]->ds.sem_nsems;
			}
		}
	if (cmd == SEM_INFO)
		si.semusz -= 20; /* SEM_INFO: sets in use and semaphores in them */
	if (copy_to_user(ubuf, &si, sizeof si))
		return -EFAULT;
	return max < 0 ? 0 : max;
}

static long set_values(struct sem_array *sma, int semid, int semnum, const int *vals)
{
	int n = (int)sma->ds.sem_nsems;

	for (int i = semnum < 0 ? 0 : semnum; i < (semnum < 0 ? n : semnum + 1); i++) {
		if (vals[semnum < 0 ? i : 0] < 0 || vals[semnum < 0 ? i : 0] > SEMVMX)
			return -ERANGE;
	}
	for (int i = semnum < 0 ? 0 : semnum; i < (semnum < 0 ? n : semnum + 1); i++) {
		sma->sems[i].semval = vals[semnum < 0 ? i : 0];
		sma->sems[i].sempid = current->tgid;
	}
	clear_undos(current_ipc_ns(), semid, semnum, false);
	sma->ds.sem_ctime = ipc_now();
	wake_up(WAIT_SEM, sma);
	return 0;
}

static long sem_getall(struct sem_array *sma, uint64_t ubuf)
{
	int n = (int)sma->ds.sem_nsems;
	unsigned short *v = malloc((size_t)n * sizeof *v);

	if (!v)
		return -ENOMEM;
	for (int i = 0; i < n; i++)
		v[i] = (unsigned short)sma->sems[i].semval;
	long err = copy_to_user(ubuf, v, (size_t)n * sizeof *v) ? -EFAULT : 0;
	free(v);
	return err;
}

static long sem_setall(struct sem_array *sma, int semid, uint64_t ubuf)
{
	int n = (int)sma->ds.sem_nsems;
	unsigned short *v = malloc((size_t)n * sizeof *v);
	int *vals = malloc((size_t)n * sizeof *vals);
	long err = -ENOMEM;

	if (v && vals) {
		err = copy_from_user(v, ubuf, (size_t)n * sizeof *v) ? -EFAULT : 0;
		for (int i = 0; !err && i < n; i++)
			vals[i] = v[i];
		if (!err)
			err = set_values(sma, semid, -1, vals);
	}
	free(v);
	free(vals);
	return err;
}

SYSCALL_DEFINE4(semctl, int, semid, int, semnum, int, cmd, uint64_t, arg)
{
	struct sem_array *sma;

	cmd &= ~0x100; /* IPC_64: the only layout on x86-64 */
	if (cmd == IPC_INFO || cmd == SEM_INFO)
		return sem_info(cmd, arg);
	if (cmd == SEM_STAT || cmd == SEM_STAT_ANY) {
		if (semid < 0 || semid >= SEMMNI || !(sma = sem_ids()[semid]))
			return -EINVAL;
		if (cmd == SEM_STAT && !ipcperms(&sma->ds.sem_perm, 04))
			return -EACCES;
		long err = sem_stat(sma, arg);
		return err ? err : sma->seq * IPCMNI_SEQ + semid;
	}
	if (!(sma = sem_lock(semid)))
		return -EINVAL;
	bool per_sem = cmd == GETVAL || cmd == SETVAL || cmd == GETPID || cmd == GETNCNT ||
		       cmd == GETZCNT;
	if (per_sem && (semnum < 0 || (unsigned long)semnum >= sma->ds.sem_nsems))
		return -EINVAL;
	switch (cmd) {
	case IPC_RMID:
	case IPC_SET: {
		const struct cred *c = &current->cred;
		if (c->euid != sma->ds.sem_perm.uid && c->euid != sma->ds.sem_perm.cuid &&
		    !ipc_capable(CAP_SYS_ADMIN))
			return -EPERM;
		if (cmd == IPC_SET)
			return sem_set(sma, arg);
		sem_rmid(semid);
		return 0;
	}
	case SETVAL:
	case SETALL:
		if (!ipcperms(&sma->ds.sem_perm, 02))
			return -EACCES;
		if (cmd == SETALL)
			return sem_setall(sma, semid, arg);
		int val = (int)arg; /* union semun's int, passed by value */
		return set_values(sma, semid, semnum, &val);
	case IPC_STAT:
	case GETVAL:
	case GETPID:
	case GETNCNT:
	case GETZCNT:
	case GETALL:
		if (!ipcperms(&sma->ds.sem_perm, 04))
			return -EACCES;
		break;
	default:
		return -EINVAL;
	}
	switch (cmd) {
	case IPC_STAT: return sem_stat(sma, arg);
	case GETVAL: return sma->sems[semnum].semval;
	case GETPID: return sma->sems[semnum].sempid;
	case GETNCNT: return count_waiters(sma, (unsigned)semnum, false);
	case GETZCNT: return count_waiters(sma, (unsigned)semnum, true);
	default: return sem_getall(sma, arg);
	}
}

void exit_sem(int tgid)
{
	for (struct sem_undo **p = &undos; *p;) {
		struct sem_undo *u = *p;
		struct sem_array *sma;
		if (u->tgid != tgid) {
			p = &u->next;
			continue;
		}
		*p = u->next;
		if ((sma = sem_lock_in(u->ns->sem_sets, u->semid))) {
			for (unsigned long i = 0; i < sma->ds.sem_nsems; i++) {
				if (!u->adj[i])
					continue;
				int v = sma->sems[i].semval + u->adj[i];
				/* Linux clamps what would leave the range */
				sma->sems[i].semval = v < 0 ? 0 : v > SEMVMX ? SEMVMX : v;
				sma->sems[i].sempid = tgid;
			}
			sma->ds.sem_otime = ipc_now();
			wake_up(WAIT_SEM, sma);
		}
		free_undo(u);
	}
	waiter_take(tgid, NULL); /* a killed waiter's record, if it was the last thread */
}
