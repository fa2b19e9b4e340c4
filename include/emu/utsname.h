/* The machine's name and kernel release, one source for uname(2), /proc/version
 * and /proc/sys/kernel (kernel/sys.c, kernel/fs/procfs.c); the host and domain
 * names are the UTS namespace's (kernel/utsname.c). The release is the
 * newest whose new system calls emu has or answers as that kernel built without
 * their option would: 6.13. Up to 6.6: fchmodat2; cachestat and map_shadow_stack
 * ENOSYS, as without CONFIG_CACHESTAT_SYSCALL and CONFIG_X86_USER_SHADOW_STACK.
 * 6.7: futex_wake, futex_wait, futex_requeue. 6.8: listmount, statmount (the mount
 * branch's). 6.8: lsm_get_self_attr, lsm_set_self_attr, lsm_list_modules ENOSYS, as
 * without CONFIG_SECURITY. 6.10: mseal. 6.11: uretprobe (SIGILL: emu places no
 * uprobes, so no caller is a trampoline); MAP_DROPPABLE (the cgroup branch's).
 * 6.13: setxattrat, getxattrat, listxattrat, removexattrat; MADV_GUARD_INSTALL and
 * MADV_GUARD_REMOVE. docs/procfs.md says more. */
#ifndef EMU_UTSNAME_H
#define EMU_UTSNAME_H

#define UTS_SYSNAME_EMU "Linux"
#define UTS_NODENAME_EMU "emu"
#define UTS_RELEASE_EMU "6.13.0-emu"
#define UTS_VERSION_EMU "#1 SMP PREEMPT_DYNAMIC emu"
#define UTS_DOMAINNAME_EMU "(none)"

#include <emu/nsproxy.h>
#include <stdint.h>

#define __NEW_UTS_LEN 64

/* A UTS namespace: the names sethostname and setdomainname change (kernel/utsname.c);
 * the release and version stay the machine's. */
struct uts_namespace {
	struct ns_common ns;
	char nodename[__NEW_UTS_LEN + 1];
	char domainname[__NEW_UTS_LEN + 1];
};
extern struct uts_namespace init_uts_ns;

int copy_utsname(uint64_t flags, struct uts_namespace *old, struct user_namespace *user_ns,
		 struct uts_namespace **new);
void get_uts_ns(struct uts_namespace *ns);
void put_uts_ns(struct uts_namespace *ns);
struct uts_namespace *utsname(void); /* current's */

#endif
