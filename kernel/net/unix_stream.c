/* AF_UNIX SOCK_STREAM transfers (Linux's unix_stream_sendmsg and
 * unix_stream_read_generic). A write becomes skbs of at most half the send buffer on
 * the peer's queue, charged to the writer until read: a writer whose skbs fill its
 * send buffer waits. A read gathers skbs up to its length, but never joins bytes
 * from different credentials (with SO_PASSCRED) and stops after the skb that
 * carried files, so they arrive with their own bytes. */
#include <emu/af_unix.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/task.h>
#include <errno.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <string.h>

#define UNIX_SKB_MAX (32768 + 3776) /* Linux: UNIX_SKB_FRAGS_SZ + SKB_MAX_HEAD(0) */

static size_t min_size(size_t a, size_t b)
{
	return a < b ? a : b;
}

static long pipe_error(struct kmsghdr *msg, size_t sent)
{
	if (!sent && !(msg->msg_flags & MSG_NOSIGNAL))
		send_sig(SIGPIPE, current, false);
	return sent ? (long)sent : -EPIPE;
}

static long unix_stream_sendmsg(struct socket *sock, struct kmsghdr *msg, size_t len)
{
	struct sock *sk = sock->sk, *other = sk->peer;
	long timeo = sock_sndtimeo(sk, msg->msg_flags & MSG_DONTWAIT), ret;
	size_t sent = sk_progress();
	int err;

	if (msg->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (msg->msg_namelen)
		return sk->sk_state == TCP_ESTABLISHED ? -EISCONN : -EOPNOTSUPP;
	if (!other)
		return -ENOTCONN;
	if (sk->sk_shutdown & SEND_SHUTDOWN)
		return pipe_error(msg, sent);
	while (sent < len) {
		if ((ret = sock_wait_for_wmem(sk, timeo, sent)))
			return ret == EMU_RESTART || !sent ? ret : (long)sent;
		size_t size = min_size(min_size(len - sent, (size_t)sk->sk_sndbuf / 2 - 64), UNIX_SKB_MAX);
		struct sk_buff *skb = skb_from_iter(sk, &msg->msg_iter, sent, size, &err);
		if (!skb)
			return sent ? (long)sent : err;
		if (!sent) { /* the files go with the first skb only */
			skb->scm.fp = msg->scm->fp;
			msg->scm->fp = NULL;
		}
		skb->scm.creds = msg->scm->creds;
		if (sock_flag(other, SOCK_DEAD) || (other->sk_shutdown & RCV_SHUTDOWN)) {
			kfree_skb(skb);
			return pipe_error(msg, sent);
		}
		unix_queue_skb(other, skb);
		sk_wake(other, POLLIN | POLLRDNORM);
		sent += size;
	}
	return sent;
}


static bool creds_eq(const struct ucred *a, const struct ucred *b)
{
	return a->pid == b->pid && a->uid == b->uid && a->gid == b->gid;
}

/* Nothing (more) to read: what the call returns, or a wait. */
static long stream_data_wait(struct sock *sk, size_t copied, size_t target, long timeo)
{
	int err;

	if (copied >= target)
		return copied;
	if ((err = sock_error(sk)))
		return copied ? (long)copied : err;
	if (sk->sk_shutdown & RCV_SHUTDOWN)
		return copied;
	if (!timeo)
		return copied ? (long)copied : -EAGAIN;
	return sk_wait_progress(sk, timeo, copied);
}

static long unix_stream_recvmsg(struct socket *sock, struct kmsghdr *msg, size_t size, int flags)
{
	struct sock *sk = sock->sk;
	long timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
	size_t copied = sk_progress(), target = sock_rcvlowat(sk, flags & MSG_WAITALL, size);
	bool check_creds = false, named = false;
	struct sk_buff *skb;

	if (sk->sk_state != TCP_ESTABLISHED)
		return -EINVAL;
	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	skb = skb_peek(sk);
	do { /* at least once: a read of 0 bytes waits for data, as Linux's */
		if (!skb)
			return stream_data_wait(sk, copied, target, timeo);
		if (check_creds && !creds_eq(&skb->scm.creds, &msg->scm->creds))
			break; /* never glue bytes from different writers */
		if (!check_creds && unix_may_passcred(sk)) {
			msg->scm->creds = skb->scm.creds;
			check_creds = true;
		}
		if (!named) {
			unix_copy_addr(msg, skb->sk);
			named = true;
		}
		size_t chunk = min_size(skb->len - skb->off, size - copied);
		if (iov_copy_to(&msg->msg_iter, copied, skb->data + skb->off, chunk))
			return copied ? (long)copied : -EFAULT;
		copied += chunk;
		if (flags & MSG_PEEK) {
			if (skb->scm.fp) {
				msg->scm->fp = scm_fp_dup(skb->scm.fp);
				break;
			}
			skb = skb->list.next == &sk->sk_receive_queue
				      ? NULL : list_entry(skb->list.next, struct sk_buff, list);
			if (!skb)
				break;
			continue;
		}
		skb->off += chunk;
		if (skb->scm.fp)
			msg->scm->fp = unix_detach_fds(skb);
		if (skb->off < skb->len)
			break;
		unix_unlink_skb(sk, skb);
		kfree_skb(skb);
		if (msg->scm->fp)
			break;
		skb = skb_peek(sk);
	} while (copied < size);
	return copied;
}

/* Linux's unix_poll. */
static short unix_stream_poll(struct socket *sock, short events)
{
	struct sock *sk = sock->sk;
	short mask = sock_poll_err_hup(sk);

	if (!list_empty(&sk->sk_receive_queue) || !list_empty(&sk->accept_queue))
		mask |= POLLIN | POLLRDNORM;
	if (sk->sk_state == TCP_CLOSE)
		mask |= POLLHUP;
	if (unix_writable(sk))
		mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
	return mask;
}

const struct proto_ops unix_stream_ops = {
	.family = AF_UNIX,
	.release = unix_release,
	.bind = unix_bind,
	.connect = unix_stream_connect,
	.socketpair = unix_socketpair,
	.accept = unix_accept,
	.getname = unix_getname,
	.poll = unix_stream_poll,
	.ioctl = unix_ioctl,
	.listen = unix_listen,
	.shutdown = unix_shutdown,
	.sendmsg = unix_stream_sendmsg,
	.recvmsg = unix_stream_recvmsg,
};
