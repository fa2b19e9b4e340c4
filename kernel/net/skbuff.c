/* sk_buffs and the guest's buffers (Linux's net/core/skbuff.c, lib/iov_iter.c): an
 * skb holds the bytes of one send, is charged to its sender's send buffer until the
 * receiver has read it, and carries the files and credentials sent with it. */
#include <emu/mm.h>
#include <emu/net.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

/* Walks the segments from byte off on and moves n bytes to or from buf. */
static int iov_copy(const struct iov_iter *it, size_t off, void *buf, size_t n, bool to_user)
{
	char *p = buf;

	for (int i = 0; i < it->nsegs && n; i++) {
		const struct guest_iov *seg = &it->segs[i];
		if (off >= seg->len) {
			off -= seg->len;
			continue;
		}
		size_t chunk = seg->len - off < n ? seg->len - off : n;
		void *kp = (char *)(uintptr_t)seg->base + off;
		if (it->kernel)
			memcpy(to_user ? kp : p, to_user ? (const void *)p : kp, chunk);
		int err = it->kernel ? 0 : to_user ? copy_to_user(seg->base + off, p, chunk)
				  : copy_from_user(p, seg->base + off, chunk);
		if (err)
			return -EFAULT;
		p += chunk;
		n -= chunk;
		off = 0;
	}
	return 0;
}

int iov_copy_from(void *buf, const struct iov_iter *it, size_t off, size_t n)
{
	return iov_copy(it, off, buf, n, false);
}

int iov_copy_to(const struct iov_iter *it, size_t off, const void *buf, size_t n)
{
	return iov_copy(it, off, (void *)buf, n, true);
}

struct sk_buff *skb_from_iter(struct sock *sk, const struct iov_iter *it, size_t off,
			      size_t len, int *err)
{
	struct sk_buff *skb = calloc(1, sizeof *skb + len);

	if (!skb) {
		*err = -ENOMEM;
		return NULL;
	}
	if (len && iov_copy_from(skb->data, it, off, len)) {
		free(skb);
		*err = -EFAULT;
		return NULL;
	}
	INIT_LIST_HEAD(&skb->list);
	skb->len = len;
	skb->truesize = len + SKB_OVERHEAD;
	skb->sk = sk;
	sock_hold(sk);
	sk->sk_wmem_alloc += skb->truesize;
	return skb;
}

struct sk_buff *alloc_skb(const void *data, size_t len)
{
	struct sk_buff *skb = calloc(1, sizeof *skb + len);

	if (!skb)
		return NULL;
	INIT_LIST_HEAD(&skb->list);
	memcpy(skb->data, data, len);
	skb->len = len;
	skb->truesize = len + SKB_OVERHEAD;
	return skb;
}

void skb_queue_tail(struct sock *sk, struct sk_buff *skb)
{
	list_add_tail(&skb->list, &sk->sk_receive_queue);
	sk->sk_rmem_alloc += skb->truesize;
}

void skb_unlink(struct sock *sk, struct sk_buff *skb)
{
	list_del_init(&skb->list);
	sk->sk_rmem_alloc -= skb->truesize;
}

/* The sender gets its buffer space back, and may write again. */
void kfree_skb(struct sk_buff *skb)
{
	struct sock *owner = skb->sk;

	scm_destroy(&skb->scm);
	if (owner) {
		owner->sk_wmem_alloc -= skb->truesize;
		sk_wake(owner, POLLOUT | POLLWRNORM);
		sock_put(owner);
	}
	free(skb);
}

void skb_queue_purge(struct sock *sk)
{
	while (!list_empty(&sk->sk_receive_queue)) {
		struct sk_buff *skb = list_first_entry(&sk->sk_receive_queue, struct sk_buff, list);
		skb_unlink(sk, skb);
		kfree_skb(skb);
	}
}

struct sk_buff *skb_peek(const struct sock *sk)
{
	if (list_empty(&sk->sk_receive_queue))
		return NULL;
	return list_first_entry(&sk->sk_receive_queue, struct sk_buff, list);
}

size_t skb_queue_len(const struct sock *sk)
{
	size_t n = 0;
	struct sk_buff *skb;

	list_for_each_entry(skb, &sk->sk_receive_queue, list)
		n++;
	return n;
}

size_t skb_queue_bytes(const struct sock *sk)
{
	size_t n = 0;
	struct sk_buff *skb;

	list_for_each_entry(skb, &sk->sk_receive_queue, list)
		n += skb->len - skb->off;
	return n;
}

long skb_copy_datagram_msg(const struct sk_buff *skb, struct kmsghdr *msg, size_t size, int flags)
{
	size_t n = skb->len < size ? skb->len : size;

	if (n < skb->len)
		msg->msg_flags |= MSG_TRUNC;
	if (iov_copy_to(&msg->msg_iter, 0, skb->data, n))
		return -EFAULT;
	return (flags & MSG_TRUNC) ? (long)skb->len : (long)n;
}
