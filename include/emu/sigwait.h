/* ppoll, pselect6, epoll_pwait: a mask in force while the call waits
 * (kernel/sigwait.c). */
#ifndef EMU_SIGWAIT_H
#define EMU_SIGWAIT_H
#include <stdbool.h>
#include <stdint.h>

#include <stddef.h>
long set_user_sigmask(uint64_t umask, size_t sigsetsize);
long restore_user_sigmask(uint64_t umask, long ret);

#endif
