/* The machine's name and kernel release, one source for uname(2), /proc/version
 * and /proc/sys/kernel (kernel/sys.c, kernel/fs/procfs.c). The release is the
 * newest whose new system calls emu has or answers as that kernel built without
 * their option would: 6.6 (fchmodat2; cachestat and map_shadow_stack ENOSYS, as
 * without CONFIG_CACHESTAT_SYSCALL and CONFIG_X86_USER_SHADOW_STACK). 6.7's
 * futex_wake/wait/requeue have no such option. docs/procfs.md says more. */
#ifndef EMU_UTSNAME_H
#define EMU_UTSNAME_H

#define UTS_SYSNAME_EMU "Linux"
#define UTS_NODENAME_EMU "emu"
#define UTS_RELEASE_EMU "6.6.0-emu"
#define UTS_VERSION_EMU "#1 SMP PREEMPT_DYNAMIC emu"

#endif
