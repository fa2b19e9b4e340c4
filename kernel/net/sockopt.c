/* setsockopt and getsockopt (Linux's do_sock_setsockopt, do_sock_getsockopt):
 * SOL_SOCKET goes to sock.c, every other level to the family. */
#include <emu/mm.h>
#include <emu/net.h>
#include <emu/syscall.h>
#include <errno.h>
#include <string.h>

#define OPT_MAX 128 /* the largest option value emu reads or writes */

SYSCALL_DEFINE5(setsockopt, int, fd, int, level, int, name, uint64_t, uval, int, len)
{
	unsigned char val[OPT_MAX] = { 0 };
	struct socket *sock;
	int err, n;

	if (!(sock = sockfd_lookup(fd, &err)))
		return err;
	if (len < 0)
		return -EINVAL;
	n = len < OPT_MAX ? len : OPT_MAX;
	if (n && copy_from_user(val, uval, n))
		return -EFAULT;
	if (level == SOL_SOCKET)
		return sock_setsockopt(sock, name, val, len);
	return sock->ops->setsockopt ? sock->ops->setsockopt(sock, level, name, val, len)
				     : -EOPNOTSUPP;
}

SYSCALL_DEFINE5(getsockopt, int, fd, int, level, int, name, uint64_t, uval, uint64_t, ulen)
{
	unsigned char val[OPT_MAX] = { 0 };
	struct socket *sock;
	int err, len;

	if (!(sock = sockfd_lookup(fd, &err)))
		return err;
	if (copy_from_user(&len, ulen, sizeof len))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	if (level == SOL_SOCKET)
		err = sock_getsockopt(sock, name, val, &len);
	else
		err = sock->ops->getsockopt ? sock->ops->getsockopt(sock, level, name, val, &len)
					    : -EOPNOTSUPP;
	if (err)
		return err;
	if (len > OPT_MAX)
		len = OPT_MAX;
	if (len && copy_to_user(uval, val, len))
		return -EFAULT;
	return copy_to_user(ulen, &len, sizeof len);
}
