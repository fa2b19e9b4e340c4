/* User and group ids: getuid ... setresgid, setfsuid, setfsgid, with Linux's rules
 * (kernel/sys.c) and the capability changes that go with them
 * (security/commoncap.c's cap_emulate_setxuid). */
#include <emu/cred.h>
#include <emu/mm.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <errno.h>
#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

void cred_init(struct cred *c)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2] = { 0 };

	getresuid(&c->uid, &c->euid, &c->suid);
	getresgid(&c->gid, &c->egid, &c->sgid);
	c->fsuid = c->euid;
	c->fsgid = c->egid;
	c->ngroups = getgroups(EMU_NGROUPS_MAX, c->groups);
	if (c->ngroups < 0)
		c->ngroups = 0;
	if (syscall(SYS_capget, &hdr, data) == 0) {
		c->cap_effective = data[0].effective | (uint64_t)data[1].effective << 32;
		c->cap_permitted = data[0].permitted | (uint64_t)data[1].permitted << 32;
		c->cap_inheritable = data[0].inheritable | (uint64_t)data[1].inheritable << 32;
	}
	c->cap_bset = CAP_FULL_SET;
}

bool capable(const struct task *t, int cap)
{
	return t->cred.cap_effective & (1ULL << cap);
}

bool kill_ok_by_cred(const struct task *t, const struct task *target)
{
	const struct cred *c = &t->cred, *tc = &target->cred;

	return c->euid == tc->suid || c->euid == tc->uid || c->uid == tc->suid ||
	       c->uid == tc->uid || capable(t, CAP_KILL);
}

/* Linux's cap_emulate_setxuid: leaving uid 0 drops the capabilities. */
static void emulate_setxuid(struct cred *new, const struct cred *old)
{
	bool old_root = !old->uid || !old->euid || !old->suid;

	if (old_root && new->uid && new->euid && new->suid && !new->keep_caps) {
		new->cap_permitted = new->cap_effective = new->cap_ambient = 0;
	}
	if (!old->euid && new->euid)
		new->cap_effective = 0;
	if (old->euid && !new->euid)
		new->cap_effective = new->cap_permitted;
}

static bool one_of(uid_t id, uid_t a, uid_t b, uid_t c)
{
	return id == a || id == b || id == c;
}

#define NO_CHANGE ((uid_t)-1)

/* The real, effective, saved and filesystem user ids, or group ids. */
struct id_set {
	uid_t *id[4];
};

static struct id_set ids_of(struct cred *c, bool gid)
{
	if (gid)
		return (struct id_set){ { &c->gid, &c->egid, &c->sgid, &c->fsgid } };
	return (struct id_set){ { &c->uid, &c->euid, &c->suid, &c->fsuid } };
}

SYSCALL_DEFINE0(getuid) { return current->cred.uid; }
SYSCALL_DEFINE0(geteuid) { return current->cred.euid; }
SYSCALL_DEFINE0(getgid) { return current->cred.gid; }
SYSCALL_DEFINE0(getegid) { return current->cred.egid; }

static long put_three(uint64_t a, uint64_t b, uint64_t c, unsigned x, unsigned y, unsigned z)
{
	if (copy_to_user(a, &x, sizeof x) || copy_to_user(b, &y, sizeof y) ||
	    copy_to_user(c, &z, sizeof z))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE3(getresuid, uint64_t, r, uint64_t, e, uint64_t, s)
{
	const struct cred *c = &current->cred;
	return put_three(r, e, s, c->uid, c->euid, c->suid);
}

SYSCALL_DEFINE3(getresgid, uint64_t, r, uint64_t, e, uint64_t, s)
{
	const struct cred *c = &current->cred;
	return put_three(r, e, s, c->gid, c->egid, c->sgid);
}

/* setresuid and setresgid: each id -1 (unchanged) or, unprivileged, one of the
 * three current ones. */
static long set_res(uid_t r, uid_t e, uid_t s, bool gid)
{
	struct cred *c = &current->cred, old = *c;
	struct id_set ids = ids_of(c, gid);
	bool privileged = capable(current, gid ? CAP_SETGID : CAP_SETUID);
	uid_t want[3] = { r, e, s };

	for (int i = 0; i < 3; i++)
		if (want[i] != NO_CHANGE && !privileged &&
		    !one_of(want[i], *ids.id[0], *ids.id[1], *ids.id[2]))
			return -EPERM;
	for (int i = 0; i < 3; i++)
		if (want[i] != NO_CHANGE)
			*ids.id[i] = want[i];
	*ids.id[3] = *ids.id[1]; /* fsuid follows euid */
	if (!gid)
		emulate_setxuid(c, &old);
	return 0;
}

SYSCALL_DEFINE3(setresuid, unsigned, r, unsigned, e, unsigned, s) { return set_res(r, e, s, false); }
SYSCALL_DEFINE3(setresgid, unsigned, r, unsigned, e, unsigned, s) { return set_res(r, e, s, true); }

/* setreuid/setregid: unprivileged, real may become euid, effective any of
 * real, effective, saved; saved follows effective when real is set or effective
 * leaves real. */
static long set_re(uid_t r, uid_t e, bool gid)
{
	struct id_set ids = ids_of(&current->cred, gid);
	bool privileged = capable(current, gid ? CAP_SETGID : CAP_SETUID);
	uid_t ruid = *ids.id[0], euid = *ids.id[1], suid = *ids.id[2];
	uid_t s = NO_CHANGE;

	if (r != NO_CHANGE && !privileged && r != ruid && r != euid)
		return -EPERM;
	if (e != NO_CHANGE && !privileged && !one_of(e, ruid, euid, suid))
		return -EPERM;
	if (r != NO_CHANGE || (e != NO_CHANGE && e != ruid))
		s = e != NO_CHANGE ? e : euid;
	return set_res(r, e, s, gid) == 0 ? 0 : -EPERM;
}

SYSCALL_DEFINE2(setreuid, unsigned, r, unsigned, e) { return set_re(r, e, false); }
SYSCALL_DEFINE2(setregid, unsigned, r, unsigned, e) { return set_re(r, e, true); }

/* setuid/setgid: privileged, all three; otherwise the effective one, to real or saved. */
static long set_one(uid_t id, bool gid)
{
	struct id_set ids = ids_of(&current->cred, gid);

	if (id == NO_CHANGE)
		return -EINVAL;
	if (capable(current, gid ? CAP_SETGID : CAP_SETUID))
		return set_res(id, id, id, gid);
	if (id != *ids.id[0] && id != *ids.id[2])
		return -EPERM;
	return set_res(NO_CHANGE, id, NO_CHANGE, gid);
}

SYSCALL_DEFINE1(setuid, unsigned, uid) { return set_one(uid, false); }
SYSCALL_DEFINE1(setgid, unsigned, gid) { return set_one(gid, true); }

/* setfsuid/setfsgid return the old value whether or not they changed it. */
static long set_fs(uid_t id, bool gid)
{
	struct id_set ids = ids_of(&current->cred, gid);
	uid_t old = *ids.id[3];

	if (id != NO_CHANGE && (capable(current, gid ? CAP_SETGID : CAP_SETUID) ||
				one_of(id, *ids.id[0], *ids.id[1], *ids.id[2]) || id == old))
		*ids.id[3] = id;
	return old;
}

SYSCALL_DEFINE1(setfsuid, unsigned, uid) { return set_fs(uid, false); }
SYSCALL_DEFINE1(setfsgid, unsigned, gid) { return set_fs(gid, true); }
