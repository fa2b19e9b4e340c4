/* pidfds (kernel/pidfd.c): descriptors that name a process. */
#ifndef EMU_PIDFD_H
#define EMU_PIDFD_H
#include <stdbool.h>
#include <stdint.h>

void pidfd_notify(int tgid);  /* tgid ended: its pidfds become readable */
int pidfd_create(int pid, unsigned flags); /* a descriptor in current's table */
int pidfd_pid(int fd);          /* the process an fd names, or -EBADF */

#endif
