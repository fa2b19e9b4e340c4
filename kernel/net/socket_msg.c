/* sendto, recvfrom, sendmsg, recvmsg, sendmmsg, recvmmsg (Linux's net/socket.c): the
 * guest's message becomes a kmsghdr over its own buffers, the family moves the bytes,
 * and what came with them (address, files, credentials, flags) goes back. */
#include <emu/mm.h>
#include <emu/net.h>
#include <emu/sched.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#define MAX_RW_COUNT (INT_MAX & ~4095)
#ifndef UIO_MAXIOV
#define UIO_MAXIOV 1024
#endif

static int sock_flags(struct socket *sock, int flags)
{
	return sock_file_nonblocking(sock->file) ? flags | MSG_DONTWAIT : flags;
}

/* Linux's __sys_sendto, also for send(). */
SYSCALL_DEFINE6(sendto, int, fd, uint64_t, buf, size_t, len, int, flags, uint64_t, uaddr,
		int, addrlen)
{
	struct guest_iov seg = { buf, len > MAX_RW_COUNT ? MAX_RW_COUNT : len };
	struct sockaddr_storage addr;
	struct scm_cookie scm = { 0 };
	struct kmsghdr msg = { .msg_iter = { &seg, 1, seg.len }, .scm = &scm };
	struct socket *sock;
	int err;

	if (!(sock = sockfd_lookup(fd, &err)))
		return err;
	if (uaddr) {
		if ((err = move_addr_to_kernel(uaddr, addrlen, &addr)))
			return err;
		msg.msg_name = &addr;
		msg.msg_namelen = addrlen;
	}
	scm_current_creds(&scm.creds);
	msg.msg_flags = sock_flags(sock, flags);
	return sock->ops->sendmsg(sock, &msg, seg.len);
}

/* Linux's __sys_recvfrom, also for recv(). Files sent along are closed. */
SYSCALL_DEFINE6(recvfrom, int, fd, uint64_t, buf, size_t, len, int, flags, uint64_t, uaddr,
		uint64_t, uaddrlen)
{
	struct guest_iov seg = { buf, len > MAX_RW_COUNT ? MAX_RW_COUNT : len };
	struct sockaddr_storage addr;
	struct scm_cookie scm = { 0 };
	struct kmsghdr msg = { .msg_name = &addr, .msg_iter = { &seg, 1, seg.len }, .scm = &scm };
	struct socket *sock;
	long ret;
	int err;

	if (!(sock = sockfd_lookup(fd, &err)))
		return err;
	memset(&addr, 0, sizeof addr);
	ret = sock->ops->recvmsg(sock, &msg, seg.len, sock_flags(sock, flags));
	scm_destroy(&scm);
	if (ret >= 0 && uaddr && (err = move_addr_to_user(&addr, msg.msg_namelen, uaddr, uaddrlen)))
		return err;
	return ret;
}

/* The guest's struct msghdr and its iovecs (Linux's copy_msghdr_from_user and
 * import_iovec): 0 or -errno; *segs is to be freed. */
static int copy_msghdr_from_user(uint64_t umsg, struct msghdr *m, struct guest_iov **segs,
				 size_t *total)
{
	if (copy_from_user(m, umsg, sizeof *m))
		return -EFAULT;
	if ((int)m->msg_namelen < 0)
		return -EINVAL;
	if (m->msg_namelen > sizeof(struct sockaddr_storage))
		m->msg_namelen = sizeof(struct sockaddr_storage);
	if (m->msg_iovlen > UIO_MAXIOV)
		return -EMSGSIZE;
	*segs = calloc(m->msg_iovlen ? m->msg_iovlen : 1, sizeof **segs);
	if (!*segs)
		return -ENOMEM;
	if (copy_from_user(*segs, (uint64_t)m->msg_iov, m->msg_iovlen * sizeof **segs))
		return -EFAULT;
	*total = 0;
	for (size_t i = 0; i < m->msg_iovlen; i++) {
		if ((int64_t)(*segs)[i].len < 0)
			return -EINVAL;
		if ((*segs)[i].len > MAX_RW_COUNT - *total)
			(*segs)[i].len = MAX_RW_COUNT - *total;
		*total += (*segs)[i].len;
	}
	return 0;
}

static long sendmsg_one(struct socket *sock, uint64_t umsg, int flags)
{
	struct sockaddr_storage addr;
	struct scm_cookie scm = { 0 };
	struct kmsghdr msg = { .scm = &scm };
	struct guest_iov *segs = NULL;
	struct msghdr m;
	size_t total;
	long ret = copy_msghdr_from_user(umsg, &m, &segs, &total);

	if (!ret && m.msg_name && m.msg_namelen) {
		ret = move_addr_to_kernel((uint64_t)m.msg_name, m.msg_namelen, &addr);
		msg.msg_name = &addr;
		msg.msg_namelen = m.msg_namelen;
	}
	if (!ret)
		ret = scm_send(sock, (uint64_t)m.msg_control, m.msg_controllen, &scm,
			       sock->sk->sk_family == AF_UNIX);
	if (!ret) {
		msg.msg_iter = (struct iov_iter){ segs, (int)m.msg_iovlen, total, false };
		msg.msg_flags = sock_flags(sock, flags);
		ret = sock->ops->sendmsg(sock, &msg, total);
	}
	scm_destroy(&scm);
	free(segs);
	return ret;
}

SYSCALL_DEFINE3(sendmsg, int, fd, uint64_t, umsg, int, flags)
{
	struct socket *sock;
	int err;

	if (!(sock = sockfd_lookup(fd, &err)))
		return err;
	return sendmsg_one(sock, umsg, flags);
}

/* What recvmsg writes back into the guest's struct msghdr. */
static int put_msghdr(uint64_t umsg, const struct msghdr *m, const struct kmsghdr *msg,
		      size_t controllen)
{
	int err = 0;

	if (m->msg_name)
		err = move_addr_to_user(msg->msg_name, msg->msg_namelen, (uint64_t)m->msg_name,
					umsg + offsetof(struct msghdr, msg_namelen));
	if (!err)
		err = copy_to_user(umsg + offsetof(struct msghdr, msg_flags), &msg->msg_flags,
				   sizeof(int));
	if (!err)
		err = copy_to_user(umsg + offsetof(struct msghdr, msg_controllen), &controllen,
				   sizeof controllen);
	return err;
}

static long recvmsg_one(struct socket *sock, uint64_t umsg, int flags)
{
	struct sockaddr_storage addr;
	struct scm_cookie scm = { 0 };
	struct kmsghdr msg = { .msg_name = &addr, .scm = &scm };
	struct guest_iov *segs = NULL;
	struct msghdr m;
	size_t total, controllen;
	long ret = copy_msghdr_from_user(umsg, &m, &segs, &total);
	int err;

	if (ret) {
		free(segs);
		return ret;
	}
	memset(&addr, 0, sizeof addr);
	msg.msg_iter = (struct iov_iter){ segs, (int)m.msg_iovlen, total, false };
	msg.msg_flags = flags & MSG_CMSG_CLOEXEC;
	ret = sock->ops->recvmsg(sock, &msg, total, sock_flags(sock, flags));
	free(segs);
	if (ret < 0) {
		scm_destroy(&scm);
		return ret;
	}
	controllen = m.msg_controllen;
	if (sock->sk->sk_family == AF_UNIX)
		err = scm_recv(sock, &scm, (uint64_t)m.msg_control, &controllen, &msg.msg_flags, flags);
	else
		err = 0, controllen = 0;
	scm_destroy(&scm);
	if (!err)
		err = put_msghdr(umsg, &m, &msg, controllen);
	return err ? err : ret;
}

SYSCALL_DEFINE3(recvmsg, int, fd, uint64_t, umsg, int, flags)
{
	struct socket *sock;
	int err;

	if (!(sock = sockfd_lookup(fd, &err)))
		return err;
	return recvmsg_one(sock, umsg, flags);
}

/* struct mmsghdr: a msghdr and the count sent or received. */
#define MMSG_SIZE 64
#define MMSG_LEN_OFF 56

/* sendmmsg and recvmmsg: messages one by one until one fails or would block, each
 * message's length written back into its msg_len; the count done, or the first
 * error. After the first message, recvmmsg takes only what is already queued
 * (MSG_WAITFORONE's behaviour, which is what one host thread can honestly give,
 * with or without a timeout). */
static long do_mmsg(int fd, uint64_t umsgs, unsigned vlen, int flags, bool recv)
{
	struct socket *sock;
	unsigned done = 0;
	int err;
	long ret = 0;

	if (!(sock = sockfd_lookup(fd, &err)))
		return err;
	if (vlen > UIO_MAXIOV)
		vlen = UIO_MAXIOV;
	for (; done < vlen; done++) {
		uint64_t m = umsgs + (uint64_t)done * MMSG_SIZE;
		int f = !done ? flags : recv ? (flags | MSG_DONTWAIT) & ~MSG_WAITFORONE
					     : flags | MSG_DONTWAIT;
		ret = recv ? recvmsg_one(sock, m, f) : sendmsg_one(sock, m, f);
		if (ret < 0)
			break;
		unsigned n = (unsigned)ret;
		if (copy_to_user(m + MMSG_LEN_OFF, &n, sizeof n)) {
			ret = -EFAULT;
			break;
		}
	}
	return done ? (long)done : ret;
}

SYSCALL_DEFINE4(sendmmsg, int, fd, uint64_t, umsgs, unsigned, vlen, int, flags)
{
	return do_mmsg(fd, umsgs, vlen, flags, false);
}

SYSCALL_DEFINE5(recvmmsg, int, fd, uint64_t, umsgs, unsigned, vlen, int, flags, uint64_t, utmo)
{
	return do_mmsg(fd, umsgs, vlen, flags, true);
}
