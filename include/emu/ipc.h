/* System V IPC (kernel/ipc/). */
#ifndef EMU_IPC_H
#define EMU_IPC_H

#include <stdbool.h>
#include <sys/ipc.h>
#include <time.h>

/* Linux's ipcperms: whether current may have want (04 read, 02 write) of an object
 * with perm: the owner's, group's or others' bits, or CAP_IPC_OWNER. */
bool ipcperms(const struct ipc_perm *perm, int want);
/* IPC_SET: uid, gid and the mode's low bits from in; 0, or -EPERM unless current owns
 * or created the object or has CAP_SYS_ADMIN. */
long ipc_update_perm(struct ipc_perm *perm, const struct ipc_perm *in);
/* cap over current's IPC namespace (its owner user namespace's), as Linux asks. */
bool ipc_capable(int cap);
/* The wall-clock second an IPC object notes (ctime, otime, atime). */
time_t ipc_now(void);

#include <emu/nsproxy.h>
#include <stdint.h>

#define SHMMNI 4096 /* segments at once in a namespace */
#define SEMMNI 4096 /* semaphore sets at once in a namespace (Linux's default is 32000) */

/* An IPC namespace (Linux's ipc/namespace.c): its own table of shared memory
 * segments and semaphore sets, with their ids; a new one starts empty. */
struct shmid_kernel;
struct sem_array;
struct ipc_namespace {
	struct ns_common ns;
	struct shmid_kernel *shm_segments[SHMMNI];
	int shm_next_seq;
	struct sem_array *sem_sets[SEMMNI];
	int sem_next_seq;
};
extern struct ipc_namespace init_ipc_ns;

int copy_ipcs(uint64_t flags, struct ipc_namespace *old, struct user_namespace *user_ns,
	      struct ipc_namespace **new);
void get_ipc_ns(struct ipc_namespace *ns);
void put_ipc_ns(struct ipc_namespace *ns);
struct ipc_namespace *current_ipc_ns(void);
/* A namespace's end removes what it holds (Linux's shm_exit_ns, sem_exit_ns). */
void shm_exit_ns(struct ipc_namespace *ns);
void sem_exit_ns(struct ipc_namespace *ns);

/* The process tgid is gone: its SEM_UNDO adjustments are applied (Linux's
 * exit_sem), and waiters that can now go on are woken. */
void exit_sem(int tgid);

#endif
