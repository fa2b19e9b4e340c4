/* Tunables of /proc/sys that other parts of the kernel read (kernel/fs/procfs.c
 * holds them; vm.max_map_count is mm's, in emu/mm.h). */
#ifndef EMU_SYSCTL_H
#define EMU_SYSCTL_H

#define CORENAME_MAX_SIZE 128 /* Linux's limit on kernel.core_pattern */
extern char core_pattern[CORENAME_MAX_SIZE]; /* kernel.core_pattern (kernel/coredump.c reads it) */

#endif
