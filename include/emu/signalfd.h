/* signalfd (kernel/fs/signalfd.c): its readers, pollers and epoll sets hear of every
 * signal sent. */
#ifndef EMU_SIGNALFD_H
#define EMU_SIGNALFD_H
#include <stdbool.h>
#include <stdint.h>

void signalfd_notify(int sig);
bool signalfd_watches(int sig); /* an open signalfd's mask has it */

#endif
