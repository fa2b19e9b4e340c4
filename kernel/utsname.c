/* UTS namespaces (Linux's kernel/utsname.c) and the calls that change their names,
 * sethostname and setdomainname (Linux's kernel/sys.c). A new namespace starts with
 * its parent's names. */
#include <emu/mm.h>
#include <emu/nsproxy.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/user_namespace.h>
#include <emu/utsname.h>
#include <errno.h>
#include <linux/capability.h>
#include <linux/sched.h>
#include <stdlib.h>
#include <string.h>

struct uts_namespace init_uts_ns = {
	.ns = { .type = CLONE_NEWUTS, .inum = PROC_UTS_INIT_INO, .count = 1,
		.user_ns = &init_user_ns },
	.nodename = UTS_NODENAME_EMU,
	.domainname = UTS_DOMAINNAME_EMU,
};

void get_uts_ns(struct uts_namespace *ns)
{
	ns->ns.count++;
}

void put_uts_ns(struct uts_namespace *ns)
{
	if (!ns || --ns->ns.count > 0 || ns == &init_uts_ns)
		return;
	ns_free(&ns->ns);
	free(ns);
}

int copy_utsname(uint64_t flags, struct uts_namespace *old, struct user_namespace *user_ns,
		 struct uts_namespace **new)
{
	if (!(flags & CLONE_NEWUTS)) {
		get_uts_ns(old);
		*new = old;
		return 0;
	}
	if (!(*new = malloc(sizeof **new)))
		return -ENOMEM;
	**new = *old; /* the names (Linux's clone_uts_ns) */
	ns_init(&(*new)->ns, CLONE_NEWUTS, user_ns);
	return 0;
}

struct uts_namespace *utsname(void)
{
	return task_nsproxy(current)->uts_ns;
}

/* Both names: EPERM without CAP_SYS_ADMIN in the namespace's owner, EINVAL beyond
 * 64 bytes, EFAULT; the name is stored without its tail. */
static long set_uts_name(char *field, uint64_t uname, int len)
{
	char buf[__NEW_UTS_LEN];

	if (!ns_capable(utsname()->ns.user_ns, CAP_SYS_ADMIN))
		return -EPERM;
	if (len < 0 || len > __NEW_UTS_LEN)
		return -EINVAL;
	if (copy_from_user(buf, uname, (size_t)len))
		return -EFAULT;
	memcpy(field, buf, (size_t)len);
	memset(field + len, 0, __NEW_UTS_LEN + 1 - (size_t)len);
	return 0;
}

SYSCALL_DEFINE2(sethostname, uint64_t, name, int, len)
{
	return set_uts_name(utsname()->nodename, name, len);
}

SYSCALL_DEFINE2(setdomainname, uint64_t, name, int, len)
{
	return set_uts_name(utsname()->domainname, name, len);
}
