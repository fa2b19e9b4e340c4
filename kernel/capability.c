/* capget, capset: Linux's kernel/capability.c. The three sets live in the task's
 * credentials; capset may only drop what the task has (no file capabilities, no
 * CAP_SETPCAP games beyond Linux's own rules). */
#include <emu/cred.h>
#include <emu/mm.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <errno.h>
#include <linux/capability.h>

/* The header's version: how many 32-bit data structs follow, or -EINVAL after
 * writing the preferred version back, as Linux's cap_validate_magic. */
static int cap_validate_magic(uint64_t uhdr, struct __user_cap_header_struct *hdr)
{
	if (copy_from_user(hdr, uhdr, sizeof *hdr))
		return -EFAULT;
	switch (hdr->version) {
	case _LINUX_CAPABILITY_VERSION_1:
		return 1;
	case _LINUX_CAPABILITY_VERSION_2:
	case _LINUX_CAPABILITY_VERSION_3:
		return 2;
	default:
		hdr->version = _LINUX_CAPABILITY_VERSION_3;
		return copy_to_user(uhdr, hdr, sizeof *hdr) ? -EFAULT : -EINVAL;
	}
}

SYSCALL_DEFINE2(capget, uint64_t, uhdr, uint64_t, udata)
{
	struct __user_cap_header_struct hdr;
	struct __user_cap_data_struct data[2] = { 0 };
	int n = cap_validate_magic(uhdr, &hdr);

	if (!udata) /* a probe of the version: the header says which */
		return n == -EINVAL ? 0 : n < 0 ? n : 0;
	if (n < 0)
		return n;
	if (hdr.pid < 0)
		return -EINVAL;
	const struct task *t = hdr.pid ? find_task_by_vpid(hdr.pid) : current;
	if (!t || t->state == TASK_DEAD)
		return -ESRCH;
	const struct cred *c = &t->cred;
	for (int i = 0; i < 2; i++) {
		data[i].effective = (uint32_t)(c->cap_effective >> (32 * i));
		data[i].permitted = (uint32_t)(c->cap_permitted >> (32 * i));
		data[i].inheritable = (uint32_t)(c->cap_inheritable >> (32 * i));
	}
	return copy_to_user(udata, data, n * sizeof data[0]) ? -EFAULT : 0;
}

static bool subset(uint64_t a, uint64_t b)
{
	return !(a & ~b);
}

SYSCALL_DEFINE2(capset, uint64_t, uhdr, uint64_t, udata)
{
	struct __user_cap_header_struct hdr;
	struct __user_cap_data_struct data[2] = { 0 };
	struct cred *c = &current->cred;
	int n = cap_validate_magic(uhdr, &hdr);

	if (n < 0)
		return n;
	if (hdr.pid && hdr.pid != task_pid_vnr(current))
		return -EPERM; /* only one's own, since Linux 2.6.24 */
	if (copy_from_user(data, udata, n * sizeof data[0]))
		return -EFAULT;
	uint64_t eff = data[0].effective | (uint64_t)data[1].effective << 32;
	uint64_t perm = data[0].permitted | (uint64_t)data[1].permitted << 32;
	uint64_t inh = data[0].inheritable | (uint64_t)data[1].inheritable << 32;
	/* security/commoncap.c's cap_capset */
	if (!capable(current, CAP_SETPCAP) && !subset(inh, c->cap_inheritable | c->cap_permitted))
		return -EPERM;
	if (!subset(inh, c->cap_inheritable | c->cap_bset) || !subset(perm, c->cap_permitted) ||
	    !subset(eff, perm))
		return -EPERM;
	c->cap_effective = eff;
	c->cap_permitted = perm;
	c->cap_inheritable = inh;
	c->cap_ambient &= perm & inh;
	return 0;
}
