/* Control messages: SCM_RIGHTS and SCM_CREDENTIALS (Linux's net/core/scm.c). A file
 * passed with SCM_RIGHTS is any of emu's open files, held by reference while in
 * flight and installed in the receiver's table when it is read. */
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/net.h>
#include <emu/task.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <stdlib.h>
#include <string.h>

#define CMSG_HDR_LEN sizeof(struct cmsghdr)
#define CMSG_ALIGN_UP(len) (((len) + sizeof(size_t) - 1) & ~(sizeof(size_t) - 1))
#define MAX_CONTROL 131072 /* net.core.optmem_max: more is ENOBUFS */

/* creds->pid is the init namespace's number; the receiver reads it in its own
 * (scm_recv; SO_PEERCRED), as Linux keeps a struct pid. */
void scm_current_creds(struct ucred *creds)
{
	creds->pid = current->tgid;
	creds->uid = current->cred.uid;
	creds->gid = current->cred.gid;
}

void scm_destroy(struct scm_cookie *scm)
{
	if (!scm->fp)
		return;
	for (int i = 0; i < scm->fp->count; i++)
		fput(scm->fp->fp[i]);
	free(scm->fp);
	scm->fp = NULL;
}

struct scm_fp_list *scm_fp_dup(const struct scm_fp_list *fpl)
{
	struct scm_fp_list *n = fpl ? malloc(sizeof *n) : NULL;

	if (!n)
		return NULL;
	memcpy(n, fpl, sizeof *n);
	for (int i = 0; i < n->count; i++)
		fget(n->fp[i]);
	return n;
}

/* Linux's scm_fp_copy: references to the files the descriptors name. */
static int scm_fp_copy(const int *fds, int num, struct scm_cookie *scm)
{
	if (num <= 0)
		return 0;
	if (!scm->fp && !(scm->fp = calloc(1, sizeof *scm->fp)))
		return -ENOMEM;
	if (num > SCM_MAX_FD || scm->fp->count + num > SCM_MAX_FD)
		return -EINVAL;
	for (int i = 0; i < num; i++) {
		struct file *f = fdget(fds[i]);
		if (!f)
			return -EBADF;
		fget(f);
		scm->fp->fp[scm->fp->count++] = f;
	}
	return 0;
}

/* Linux's scm_check_creds: one's own pid, and ids one holds, unless privileged. */
static int scm_check_creds(const struct ucred *c)
{
	const struct cred *cred = &current->cred;

	if (c->uid == (uid_t)-1 || c->gid == (gid_t)-1)
		return -EINVAL;
	if ((c->pid == task_tgid_vnr(current) || capable(current, CAP_SYS_ADMIN)) &&
	    (c->uid == cred->uid || c->uid == cred->euid || c->uid == cred->suid ||
	     capable(current, CAP_SETUID)) &&
	    (c->gid == cred->gid || c->gid == cred->egid || c->gid == cred->sgid ||
	     capable(current, CAP_SETGID)))
		return 0;
	return -EPERM;
}

static int scm_one(const struct cmsghdr *cmsg, struct scm_cookie *scm, bool unix_family)
{
	const void *data = cmsg + 1;

	if (cmsg->cmsg_level != SOL_SOCKET)
		return 0;
	if (!unix_family)
		return -EINVAL; /* TCP and UDP take no SOL_SOCKET messages emu knows */
	switch (cmsg->cmsg_type) {
	case SCM_RIGHTS:
		return scm_fp_copy(data, (int)((cmsg->cmsg_len - CMSG_HDR_LEN) / sizeof(int)), scm);
	case SCM_CREDENTIALS: {
		struct ucred c;
		if (cmsg->cmsg_len != CMSG_LEN(sizeof c))
			return -EINVAL;
		memcpy(&c, data, sizeof c);
		int err = scm_check_creds(&c);
		if (err)
			return err;
		if (!(c.pid = pid_from_vnr(c.pid)))
			return -ESRCH; /* no such process in the sender's namespace */
		scm->creds = c;
		return 0;
	}
	default:
		return -EINVAL;
	}
}

int scm_send(struct socket *sock, uint64_t control, size_t controllen, struct scm_cookie *scm,
	     bool unix_family)
{
	unsigned char *buf;
	size_t off = 0;
	int err = 0;

	scm_current_creds(&scm->creds);
	if (!controllen)
		return 0;
	if (controllen > INT_MAX)
		return -ENOBUFS;
	if (controllen > MAX_CONTROL)
		return -ENOBUFS;
	if (!(buf = malloc(controllen)))
		return -ENOMEM;
	if (copy_from_user(buf, control, controllen)) {
		free(buf);
		return -EFAULT;
	}
	while (!err && controllen - off >= CMSG_HDR_LEN) {
		struct cmsghdr cmsg;
		memcpy(&cmsg, buf + off, sizeof cmsg);
		if (cmsg.cmsg_len < CMSG_HDR_LEN || cmsg.cmsg_len > controllen - off) {
			err = -EINVAL;
			break;
		}
		struct cmsghdr *whole = malloc(cmsg.cmsg_len);
		if (!whole) {
			err = -ENOMEM;
			break;
		}
		memcpy(whole, buf + off, cmsg.cmsg_len);
		err = scm_one(whole, scm, unix_family);
		free(whole);
		off += CMSG_ALIGN_UP(cmsg.cmsg_len);
		if (off > controllen)
			break;
	}
	free(buf);
	if (err)
		scm_destroy(scm);
	return err;
}

/* Linux's put_cmsg: as much of one message as the buffer holds. */
static int put_cmsg(uint64_t *control, size_t *left, unsigned *msg_flags, int type,
		    const void *data, size_t len)
{
	struct cmsghdr h = { CMSG_LEN(len), SOL_SOCKET, type };
	size_t cmlen = h.cmsg_len, step;

	if (!*control || *left < CMSG_HDR_LEN) {
		*msg_flags |= MSG_CTRUNC;
		return 0;
	}
	if (*left < cmlen) {
		*msg_flags |= MSG_CTRUNC;
		cmlen = h.cmsg_len = *left;
	}
	if (copy_to_user(*control, &h, sizeof h) ||
	    copy_to_user(*control + CMSG_HDR_LEN, data, cmlen - CMSG_HDR_LEN))
		return -EFAULT;
	step = CMSG_SPACE(len) < *left ? CMSG_SPACE(len) : *left;
	*control += step;
	*left -= step;
	return 0;
}

/* Linux's scm_detach_fds: the files that fit become descriptors, the rest close. */
static int scm_detach_fds(uint64_t *control, size_t *left, unsigned *msg_flags,
			  struct scm_fp_list *fpl, bool cloexec)
{
	int fdmax = *left <= CMSG_HDR_LEN ? 0 : (int)((*left - CMSG_HDR_LEN) / sizeof(int));
	int i;

	if (fdmax > fpl->count)
		fdmax = fpl->count;
	for (i = 0; i < fdmax; i++) {
		int fd = fd_install(fpl->fp[i], cloexec, 0);
		if (fd < 0)
			break;
		fpl->fp[i] = NULL; /* the table holds it now */
		if (copy_to_user(*control + CMSG_HDR_LEN + i * sizeof(int), &fd, sizeof fd)) {
			i++;
			break;
		}
	}
	if (i > 0) {
		struct cmsghdr h = { CMSG_LEN(i * sizeof(int)), SOL_SOCKET, SCM_RIGHTS };
		size_t step = CMSG_SPACE(i * sizeof(int));
		if (copy_to_user(*control, &h, sizeof h))
			return -EFAULT;
		step = step < *left ? step : *left;
		*control += step;
		*left -= step;
	}
	if (i < fpl->count)
		*msg_flags |= MSG_CTRUNC;
	return 0;
}

int scm_recv(struct socket *sock, struct scm_cookie *scm, uint64_t control, size_t *controllen,
	     unsigned *msg_flags, int flags)
{
	bool passcred = sock_flag(sock->sk, SOCK_PASSCRED);
	size_t left = *controllen;
	int err = 0;

	if (!control) {
		if (passcred || scm->fp)
			*msg_flags |= MSG_CTRUNC;
		*controllen = 0;
		scm_destroy(scm);
		return 0;
	}
	if (passcred) {
		struct ucred c = scm->creds;
		c.pid = pid_nr_ns(c.pid, task_active_pid_ns(current)); /* 0: not seen here */
		err = put_cmsg(&control, &left, msg_flags, SCM_CREDENTIALS, &c, sizeof c);
	}
	if (!err && scm->fp)
		err = scm_detach_fds(&control, &left, msg_flags, scm->fp, flags & MSG_CMSG_CLOEXEC);
	if (scm->fp) { /* what did not fit */
		for (int i = 0; i < scm->fp->count; i++)
			if (scm->fp->fp[i])
				fput(scm->fp->fp[i]);
		free(scm->fp);
		scm->fp = NULL;
	}
	*controllen -= left;
	return err;
}
