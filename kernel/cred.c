/* User and group ids: getuid ... setresgid, setfsuid, setfsgid, with Linux's rules
 * (kernel/sys.c) and the capability changes that go with them
 * (security/commoncap.c's cap_emulate_setxuid). */
#include <emu/cred.h>
#include <emu/mm.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/user_namespace.h>
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
	c->user_ns = &init_user_ns;
}

bool capable(const struct task *t, int cap)
{
	return ns_capable_task(t, &init_user_ns, cap);
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

/* Ids as current's user namespace sees them (65534 when it has no mapping). */
static uid_t uid_up(uid_t kuid) { return from_kuid_munged(current_user_ns(), kuid); }
static gid_t gid_up(gid_t kgid) { return from_kgid_munged(current_user_ns(), kgid); }

SYSCALL_DEFINE0(getuid) { return uid_up(current->cred.uid); }
SYSCALL_DEFINE0(geteuid) { return uid_up(current->cred.euid); }
SYSCALL_DEFINE0(getgid) { return gid_up(current->cred.gid); }
SYSCALL_DEFINE0(getegid) { return gid_up(current->cred.egid); }

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
	return put_three(r, e, s, uid_up(c->uid), uid_up(c->euid), uid_up(c->suid));
}

SYSCALL_DEFINE3(getresgid, uint64_t, r, uint64_t, e, uint64_t, s)
{
	const struct cred *c = &current->cred;
	return put_three(r, e, s, gid_up(c->gid), gid_up(c->egid), gid_up(c->sgid));
}

/* setresuid and setresgid: each id -1 (unchanged) or, unprivileged, one of the
 * three current ones. */
static long set_res(uid_t r, uid_t e, uid_t s, bool gid)
{
	struct cred *c = &current->cred, old = *c;
	struct id_set ids = ids_of(c, gid);
	bool privileged = ns_capable(current_user_ns(), gid ? CAP_SETGID : CAP_SETUID);
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

/* The ids a call names, in current's user namespace, as the initial one's: 0, or
 * -EINVAL for an id with no mapping (-1, "unchanged", stays). */
static int ids_down(bool gid, int n, uid_t *ids)
{
	for (int i = 0; i < n; i++) {
		if (ids[i] == NO_CHANGE)
			continue;
		ids[i] = gid ? make_kgid(current_user_ns(), ids[i]) : make_kuid(current_user_ns(), ids[i]);
		if (ids[i] == NO_CHANGE)
			return -EINVAL;
	}
	return 0;
}

static long sys_set_res(uid_t r, uid_t e, uid_t s, bool gid)
{
	uid_t ids[3] = { r, e, s };

	return ids_down(gid, 3, ids) ? -EINVAL : set_res(ids[0], ids[1], ids[2], gid);
}

SYSCALL_DEFINE3(setresuid, unsigned, r, unsigned, e, unsigned, s) { return sys_set_res(r, e, s, false); }
SYSCALL_DEFINE3(setresgid, unsigned, r, unsigned, e, unsigned, s) { return sys_set_res(r, e, s, true); }

/* setreuid/setregid: unprivileged, real may become euid, effective any of
 * real, effective, saved; saved follows effective when real is set or effective
 * leaves real. */
static long set_re(uid_t r, uid_t e, bool gid)
{
	struct id_set ids = ids_of(&current->cred, gid);
	bool privileged = ns_capable(current_user_ns(), gid ? CAP_SETGID : CAP_SETUID);
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

static long sys_set_re(uid_t r, uid_t e, bool gid)
{
	uid_t ids[2] = { r, e };

	return ids_down(gid, 2, ids) ? -EINVAL : set_re(ids[0], ids[1], gid);
}

SYSCALL_DEFINE2(setreuid, unsigned, r, unsigned, e) { return sys_set_re(r, e, false); }
SYSCALL_DEFINE2(setregid, unsigned, r, unsigned, e) { return sys_set_re(r, e, true); }

/* setuid/setgid: privileged, all three; otherwise the effective one, to real or saved. */
static long set_one(uid_t id, bool gid)
{
	struct id_set ids = ids_of(&current->cred, gid);

	if (id == NO_CHANGE)
		return -EINVAL;
	if (ns_capable(current_user_ns(), gid ? CAP_SETGID : CAP_SETUID))
		return set_res(id, id, id, gid);
	if (id != *ids.id[0] && id != *ids.id[2])
		return -EPERM;
	return set_res(NO_CHANGE, id, NO_CHANGE, gid);
}

static long sys_set_one(uid_t id, bool gid)
{
	if (id == NO_CHANGE)
		return -EINVAL;
	return ids_down(gid, 1, &id) ? -EINVAL : set_one(id, gid);
}

SYSCALL_DEFINE1(setuid, unsigned, uid) { return sys_set_one(uid, false); }
SYSCALL_DEFINE1(setgid, unsigned, gid) { return sys_set_one(gid, true); }

/* setfsuid/setfsgid return the old value whether or not they changed it. */
static long set_fs(uid_t id, bool gid)
{
	struct id_set ids = ids_of(&current->cred, gid);
	uid_t old = *ids.id[3];

	if (id != NO_CHANGE && (ns_capable(current_user_ns(), gid ? CAP_SETGID : CAP_SETUID) ||
				one_of(id, *ids.id[0], *ids.id[1], *ids.id[2]) || id == old))
		*ids.id[3] = id;
	return old;
}

/* An unmapped id changes nothing; the old one is reported as current sees it. */
static long sys_set_fs(uid_t id, bool gid)
{
	uid_t k = id;
	uid_t old = ids_down(gid, 1, &k) ? *ids_of(&current->cred, gid).id[3] : set_fs(k, gid);

	return gid ? gid_up(old) : uid_up(old);
}

SYSCALL_DEFINE1(setfsuid, unsigned, uid) { return sys_set_fs(uid, false); }
SYSCALL_DEFINE1(setfsgid, unsigned, gid) { return sys_set_fs(gid, true); }
