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
/* The wall-clock second an IPC object notes (ctime, otime, atime). */
time_t ipc_now(void);

/* The process tgid is gone: its SEM_UNDO adjustments are applied (Linux's
 * exit_sem), and waiters that can now go on are woken. */
void exit_sem(int tgid);

#endif
