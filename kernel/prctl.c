/* prctl: Linux's kernel/sys.c options that programs and LTP use: the name, the
 * parent-death signal, the child subreaper, dumpability, keep-caps, timer slack,
 * no_new_privs and the time-stamp counter. Other options are EINVAL. */
#include <emu/mm.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <errno.h>
#include <linux/capability.h>
#include <string.h>
#include <sys/prctl.h>

static long put_int(uint64_t addr, int value)
{
	return copy_to_user(addr, &value, sizeof value);
}

static long set_name(uint64_t arg)
{
	char name[16];

	if (strncpy_from_user(name, arg, sizeof name) == -EFAULT)
		return -EFAULT;
	name[sizeof name - 1] = '\0';
	memcpy(current->comm, name, sizeof name);
	return 0;
}

/* The options whose unused arguments Linux insists are zero. */
static bool extra_args(uint64_t a, uint64_t b, uint64_t c)
{
	return a || b || c;
}

static long tsc_option(int option, uint64_t arg2)
{
	if (option == PR_GET_TSC)
		return put_int(arg2, current->tsc_sigsegv ? PR_TSC_SIGSEGV : PR_TSC_ENABLE);
	if (arg2 != PR_TSC_ENABLE && arg2 != PR_TSC_SIGSEGV)
		return -EINVAL;
	current->tsc_sigsegv = arg2 == PR_TSC_SIGSEGV;
	return 0;
}

SYSCALL_DEFINE5(prctl, int, option, uint64_t, arg2, uint64_t, arg3, uint64_t, arg4, uint64_t, arg5)
{
	switch (option) {
	case PR_SET_NAME: return set_name(arg2);
	case PR_GET_NAME: return copy_to_user(arg2, current->comm, sizeof current->comm);
	case PR_SET_PDEATHSIG:
		if (arg2 > 64)
			return -EINVAL;
		current->pdeath_signal = (int)arg2;
		return 0;
	case PR_GET_PDEATHSIG: return put_int(arg2, current->pdeath_signal);
	case PR_SET_CHILD_SUBREAPER:
		current->child_subreaper = arg2 != 0;
		return 0;
	case PR_GET_CHILD_SUBREAPER: return put_int(arg2, current->child_subreaper);
	case PR_SET_DUMPABLE:
		if (arg2 > 1) /* SUID_DUMP_DISABLE or SUID_DUMP_USER only */
			return -EINVAL;
		current->mm->dumpable = (int)arg2;
		return 0;
	case PR_GET_DUMPABLE: return current->mm->dumpable;
	case PR_SET_KEEPCAPS:
		if (arg2 > 1)
			return -EINVAL;
		current->cred.keep_caps = arg2;
		return 0;
	case PR_GET_KEEPCAPS: return current->cred.keep_caps;
	case PR_SET_TIMERSLACK:
		current->timer_slack_ns = arg2 ? arg2 : current->default_timer_slack_ns;
		return 0;
	case PR_GET_TIMERSLACK: return (long)current->timer_slack_ns;
	case PR_SET_NO_NEW_PRIVS:
		if (arg2 != 1 || extra_args(arg3, arg4, arg5))
			return -EINVAL;
		current->no_new_privs = true; /* and it can never be unset */
		return 0;
	case PR_GET_NO_NEW_PRIVS:
		return extra_args(arg2, arg3, arg4) || arg5 ? -EINVAL : current->no_new_privs;
	case PR_SET_TSC:
	case PR_GET_TSC: return tsc_option(option, arg2);
	case PR_CAPBSET_READ:
		return arg2 > CAP_LAST_CAP ? -EINVAL : !!(current->cred.cap_bset & (1ULL << arg2));
	case PR_CAPBSET_DROP:
		if (!capable(current, CAP_SETPCAP))
			return -EPERM;
		if (arg2 > CAP_LAST_CAP)
			return -EINVAL;
		current->cred.cap_bset &= ~(1ULL << arg2);
		return 0;
	case PR_GET_SECUREBITS: return current->cred.securebits;
	case PR_SET_SECUREBITS:
		if (!capable(current, CAP_SETPCAP))
			return -EPERM;
		current->cred.securebits = (unsigned)arg2;
		return 0;
	default: return -EINVAL;
	}
}

bool tsc_allowed(struct task *t)
{
	return !t->tsc_sigsegv;
}
