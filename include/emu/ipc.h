/* System V IPC (kernel/ipc/). */
#ifndef EMU_IPC_H
#define EMU_IPC_H

/* The process tgid is gone: its SEM_UNDO adjustments are applied (Linux's
 * exit_sem), and waiters that can now go on are woken. */
void exit_sem(int tgid);

#endif
