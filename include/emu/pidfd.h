/* pidfds (kernel/pidfd.c): descriptors that name a process. */
#ifndef EMU_PIDFD_H
#define EMU_PIDFD_H
#include <stdbool.h>
#include <stdint.h>

void pidfd_notify(int tgid);  /* tgid ended: its pidfds become readable */
/* A descriptor in current's table for process pid, the holder gen of that number
 * (task->pid_gen). */
int pidfd_create(int pid, unsigned int gen, unsigned flags);
int pidfd_pid(int fd); /* the process an fd names, 0 once it is reaped, or -EBADF */

#endif
