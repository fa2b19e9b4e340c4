/* AF_UNIX SOCK_DGRAM and SOCK_SEQPACKET transfers (Linux's unix_dgram_sendmsg,
 * unix_dgram_recvmsg, unix_dgram_poll). One send is one skb, read whole or cut
 * (MSG_TRUNC). A sender waits while its skbs fill its send buffer, or while the
 * receiver has more than its backlog (net.unix.max_dgram_qlen, 10) queued from
 * senders it is not connected back to. SOCK_SEQPACKET is the same over a stream's
 * connection. */
#include <emu/af_unix.h>
#include <emu/task.h>
#include <errno.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>

void unix_dgram_disconnected(struct sock *sk, struct sock *other)
{
	if (list_empty(&sk->sk_receive_queue))
		return;
	unix_purge_queue(sk);
	sk_wake(sk, POLLOUT);
	/* one link of a two-way pair is gone: the other end hears of it */
	if (!sock_flag(other, SOCK_DEAD) && other->peer == sk) {
		other->sk_err = ECONNRESET;
		sk_wake(other, 0);
	}
}

/* The receiver of a send, held: the named one, or the connected peer. */
static struct sock *dgram_target(struct sock *sk, struct kmsghdr *msg, int *err)
{
	if (msg->msg_namelen)
		return unix_find_other(msg->msg_name, msg->msg_namelen, sk->sk_type, err);
	if (!sk->peer) {
		*err = -ENOTCONN;
		return NULL;
	}
	sock_hold(sk->peer);
	return sk->peer;
}

/* other can take no more from sk now: its queue is over its backlog. */
static bool recvq_full(const struct sock *sk, const struct sock *other)
{
	return other != sk && other->peer != sk && skb_queue_len(other) > (size_t)other->sk_max_ack_backlog;
}

/* Why the skb cannot go to other, or 0. A dead connected peer disconnects sk. */
static long dgram_check(struct sock *sk, struct sock *other, struct sk_buff *skb)
{
	if (other->peer && other->peer != sk)
		return -EPERM; /* it is connected to another */
	if (sock_flag(other, SOCK_DEAD)) {
		if (sk->sk_type == SOCK_SEQPACKET)
			return -EPIPE;
		if (sk->peer == other) {
			sk->peer = NULL;
			sk->sk_state = TCP_CLOSE;
			unix_dgram_disconnected(sk, other);
			sock_put(other);
		}
		return -ECONNREFUSED;
	}
	if (other->sk_shutdown & RCV_SHUTDOWN)
		return -EPIPE;
	if (skb->scm.fp && !other->sk_socket)
		return -EPERM;
	return 0;
}

static long unix_dgram_sendmsg(struct socket *sock, struct kmsghdr *msg, size_t len)
{
	struct sock *sk = sock->sk, *other;
	long timeo = sock_sndtimeo(sk, msg->msg_flags & MSG_DONTWAIT), ret;
	struct sk_buff *skb;
	int err = 0;

	if (msg->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (msg->msg_namelen && (err = unix_validate_addr(msg->msg_name, msg->msg_namelen)))
		return err;
	if (!msg->msg_namelen && !sk->peer)
		return -ENOTCONN;
	if (unix_may_passcred(sk) && (err = unix_autobind(sk)))
		return err;
	if (len > (size_t)sk->sk_sndbuf - 32)
		return -EMSGSIZE;
	if ((ret = sock_wait_for_wmem(sk, timeo, 0)))
		return ret;
	if (!(skb = skb_from_iter(sk, &msg->msg_iter, 0, len, &err)))
		return err;
	skb->scm.fp = msg->scm->fp;
	msg->scm->fp = NULL;
	skb->scm.creds = msg->scm->creds;
	if (!(other = dgram_target(sk, msg, &err))) {
		kfree_skb(skb);
		return err;
	}
	if (!(ret = dgram_check(sk, other, skb)) && recvq_full(sk, other)) {
		kfree_skb(skb); /* made again when the call runs again */
		skb = NULL;
		ret = timeo ? sk_wait(other, sk_deadline(timeo), -EAGAIN, sock_intr_errno(timeo))
			    : -EAGAIN;
	}
	if (!ret) {
		unix_queue_skb(other, skb);
		sk_wake(other, POLLIN | POLLRDNORM);
		ret = (long)len;
	} else if (skb) {
		kfree_skb(skb);
	}
	sock_put(other);
	return ret;
}

/* Nothing queued: EOF, an error, or a wait (Linux's __skb_wait_for_more_packets). */
static long dgram_wait(struct sock *sk, long timeo)
{
	if (!timeo)
		return sk->sk_type == SOCK_SEQPACKET && (sk->sk_shutdown & RCV_SHUTDOWN) ? 0 : -EAGAIN;
	if (sk->sk_shutdown & RCV_SHUTDOWN)
		return 0;
	if (sk->sk_type == SOCK_SEQPACKET && sk->sk_state != TCP_ESTABLISHED)
		return -ENOTCONN;
	return sk_wait(sk, sk_deadline(timeo), -EAGAIN, sock_intr_errno(timeo));
}

static long unix_dgram_recvmsg(struct socket *sock, struct kmsghdr *msg, size_t size, int flags)
{
	struct sock *sk = sock->sk;
	struct sk_buff *skb;
	long ret;
	int err;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if ((err = sock_error(sk)))
		return err; /* a datagram socket's error comes before its data */
	if (!(skb = skb_peek(sk)))
		return dgram_wait(sk, sock_rcvtimeo(sk, flags & MSG_DONTWAIT));
	if (!(flags & MSG_PEEK))
		unix_unlink_skb(sk, skb);
	unix_copy_addr(msg, skb->sk);
	ret = skb_copy_datagram_msg(skb, msg, size, flags); /* -EFAULT: the datagram is lost, as on Linux */
	msg->scm->creds = skb->scm.creds;
	if (flags & MSG_PEEK) {
		msg->scm->fp = scm_fp_dup(skb->scm.fp);
		return ret;
	}
	msg->scm->fp = skb->scm.fp; /* off the queue already */
	skb->scm.fp = NULL;
	kfree_skb(skb);
	sk_wake(sk, POLLOUT); /* senders waiting for room in our queue */
	return ret;
}

static long unix_seqpacket_sendmsg(struct socket *sock, struct kmsghdr *msg, size_t len)
{
	if (sock->sk->sk_state != TCP_ESTABLISHED)
		return -ENOTCONN;
	msg->msg_namelen = 0;
	return unix_dgram_sendmsg(sock, msg, len);
}

static long unix_seqpacket_recvmsg(struct socket *sock, struct kmsghdr *msg, size_t size,
				   int flags)
{
	if (sock->sk->sk_state != TCP_ESTABLISHED)
		return -ENOTCONN;
	return unix_dgram_recvmsg(sock, msg, size, flags);
}

/* Linux's unix_dgram_poll (also SOCK_SEQPACKET's). */
static short unix_dgram_poll(struct socket *sock, short events)
{
	struct sock *sk = sock->sk, *other = sk->peer;
	short mask = sock_poll_err_hup(sk);

	if (!list_empty(&sk->sk_receive_queue) || !list_empty(&sk->accept_queue))
		mask |= POLLIN | POLLRDNORM;
	if (sk->sk_type == SOCK_SEQPACKET) {
		if (sk->sk_state == TCP_CLOSE)
			mask |= POLLHUP;
		if (sk->sk_state == TCP_SYN_SENT)
			return mask;
	}
	if (unix_writable(sk) && !(other && recvq_full(sk, other)))
		mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
	return mask;
}

const struct proto_ops unix_dgram_ops = {
	.family = AF_UNIX,
	.release = unix_release,
	.bind = unix_bind,
	.connect = unix_dgram_connect,
	.socketpair = unix_socketpair,
	.accept = unix_accept,
	.getname = unix_getname,
	.poll = unix_dgram_poll,
	.ioctl = unix_ioctl,
	.listen = unix_listen,
	.shutdown = unix_shutdown,
	.sendmsg = unix_dgram_sendmsg,
	.recvmsg = unix_dgram_recvmsg,
};

const struct proto_ops unix_seqpacket_ops = {
	.family = AF_UNIX,
	.release = unix_release,
	.bind = unix_bind,
	.connect = unix_stream_connect,
	.socketpair = unix_socketpair,
	.accept = unix_accept,
	.getname = unix_getname,
	.poll = unix_dgram_poll,
	.ioctl = unix_ioctl,
	.listen = unix_listen,
	.shutdown = unix_shutdown,
	.sendmsg = unix_seqpacket_sendmsg,
	.recvmsg = unix_seqpacket_recvmsg,
};
