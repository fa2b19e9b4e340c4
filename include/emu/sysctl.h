/* Tunables of /proc/sys that other parts of the kernel read (kernel/fs/procfs.c
 * holds them). */
#ifndef EMU_SYSCTL_H
#define EMU_SYSCTL_H

extern long sysctl_max_map_count; /* vm.max_map_count: Linux's DEFAULT_MAX_MAP_COUNT, 65530 */

#endif
