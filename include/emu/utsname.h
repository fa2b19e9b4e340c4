/* The machine's name and kernel release, one source for uname(2), /proc/version
 * and /proc/sys/kernel (kernel/sys.c, kernel/fs/procfs.c). */
#ifndef EMU_UTSNAME_H
#define EMU_UTSNAME_H

#define UTS_SYSNAME_EMU "Linux"
#define UTS_NODENAME_EMU "emu"
#define UTS_RELEASE_EMU "6.1.0-emu"
#define UTS_VERSION_EMU "#1 SMP PREEMPT_DYNAMIC emu"

#endif
