/* TCP's urgent data (Linux's tcp_check_urg, tcp_urg, tcp_recv_urg and the urgent
 * parts of tcp_recvmsg, tcp_poll and tcp_ioctl): send(MSG_OOB) makes the last byte
 * it sends urgent. The byte stays in the stream, at urg_seq; unless SO_OOBINLINE a
 * read skips it, and recv(MSG_OOB) reads it alone, once. A read stops at the mark
 * (SIOCATMARK says when it is there), a poll shows POLLPRI while the byte waits,
 * and a read past the mark forgets it. Only the newest urgent byte counts, as on
 * Linux: an older one nobody read is ordinary data again. */
#include <emu/inet.h>
#include <errno.h>
#include <netinet/tcp.h>

void tcp_mark_urg(struct sock *peer, unsigned char byte)
{
	struct inet_sock *in = inet_sk(peer);
	struct sk_buff *skb;

	/* the old urgent byte, not inline and next to read, is dropped (Linux: "do not
	 * replay urg ptr") */
	if (tcp_at_mark(peer) && !sock_flag(peer, SOCK_OOBINLINE) && (skb = skb_peek(peer))) {
		skb->off++;
		in->copied_seq++;
		if (skb->off == skb->len) {
			skb_unlink(peer, skb);
			kfree_skb(skb);
		}
	}
	in->urg_seq = in->rcv_nxt - 1;
	in->urg_data = TCP_URG_VALID | byte;
}

bool tcp_at_mark(const struct sock *sk)
{
	const struct inet_sock *in = inet_sk(sk);

	return in->urg_data && in->urg_seq == in->copied_seq;
}

/* How many of the queued bytes a read can return now: the urgent byte at the head
 * does not count unless it is inline. */
size_t tcp_readable(const struct sock *sk)
{
	size_t n = skb_queue_bytes(sk);

	return n && tcp_at_mark(sk) && !sock_flag(sk, SOCK_OOBINLINE) ? n - 1 : n;
}

long tcp_recv_urg(struct sock *sk, struct kmsghdr *msg, size_t len, int flags)
{
	struct inet_sock *in = inet_sk(sk);
	unsigned char c = in->urg_data & 0xff;

	if (sock_flag(sk, SOCK_OOBINLINE) || !in->urg_data || in->urg_data == TCP_URG_READ)
		return -EINVAL;
	if (sk->sk_state == TCP_CLOSE && !sock_flag(sk, SOCK_DONE))
		return -ENOTCONN;
	if (in->urg_data & TCP_URG_VALID) {
		if (!(flags & MSG_PEEK))
			in->urg_data = TCP_URG_READ;
		msg->msg_flags |= MSG_OOB;
		if (!len) {
			msg->msg_flags |= MSG_TRUNC;
			return 0;
		}
		if (!(flags & MSG_TRUNC) && iov_copy_to(&msg->msg_iter, 0, &c, 1))
			return -EFAULT;
		return 1;
	}
	if (sk->sk_state == TCP_CLOSE || (sk->sk_shutdown & RCV_SHUTDOWN))
		return 0;
	return -EAGAIN; /* never waits, blocking or not (BSD's answer, and Linux's) */
}
