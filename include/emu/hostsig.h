/* Signals sent to emu's own process, passed on to the program (emu/hostsig.c). */
#ifndef EMU_HOSTSIG_H
#define EMU_HOSTSIG_H
#include <signal.h>

extern volatile sig_atomic_t host_signal_pending;
void hostsig_init(void);
int hostsig_take(void); /* the next one that arrived, or 0 */

#endif
