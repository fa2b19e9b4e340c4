/* Garbage collection of AF_UNIX sockets in flight (Linux's net/unix/garbage.c, the
 * simple form): a socket whose descriptor was sent over a socket, and closed, lives
 * on in that skb; if the skb sits in a queue that only such sockets can reach (a
 * socket sent over itself, or two sent over each other), nothing will ever read it.
 * When a unix socket is closed while files are in flight, the sockets all of whose
 * references are in flight and that no live socket's queue reaches are found, and
 * what their queues hold is dropped, which frees them. */
#include <emu/af_unix.h>
#include <stdlib.h>

static LIST_HEAD(unix_all);  /* every unix sock */
static long fp_skbs;         /* skbs with files on unix receive queues */

void unix_gc_track(struct sock *sk)
{
	list_add_tail(&unix_sk(sk)->all, &unix_all);
}

void unix_gc_untrack(struct sock *sk)
{
	list_del_init(&unix_sk(sk)->all);
}

void unix_queue_skb(struct sock *sk, struct sk_buff *skb)
{
	if (skb->scm.fp)
		fp_skbs++;
	skb_queue_tail(sk, skb);
}

void unix_unlink_skb(struct sock *sk, struct sk_buff *skb)
{
	if (skb->scm.fp)
		fp_skbs--;
	skb_unlink(sk, skb);
}

struct scm_fp_list *unix_detach_fds(struct sk_buff *skb)
{
	struct scm_fp_list *fp = skb->scm.fp;

	if (fp)
		fp_skbs--;
	skb->scm.fp = NULL;
	return fp;
}

void unix_purge_queue(struct sock *sk)
{
	while (!list_empty(&sk->sk_receive_queue)) {
		struct sk_buff *skb = list_first_entry(&sk->sk_receive_queue, struct sk_buff, list);
		unix_unlink_skb(sk, skb);
		kfree_skb(skb);
	}
}

/* The unix sock a file in flight is, or NULL. */
static struct unix_sock *unix_file_sock(struct file *f)
{
	struct socket *sock = sock_from_file(f);

	return sock && sock->sk && sock->sk->sk_family == AF_UNIX ? unix_sk(sock->sk) : NULL;
}

/* Calls fn for every unix sock whose file u's queue holds. */
static void for_each_inflight(struct unix_sock *u, void (*fn)(struct unix_sock *, bool *),
			      bool *changed)
{
	struct sk_buff *skb;

	list_for_each_entry(skb, &u->sk.sk_receive_queue, list) {
		if (!skb->scm.fp)
			continue;
		for (int i = 0; i < skb->scm.fp->count; i++) {
			struct unix_sock *v = unix_file_sock(skb->scm.fp->fp[i]);
			if (v)
				fn(v, changed);
		}
	}
}

static void count_inflight(struct unix_sock *v, bool *changed)
{
	v->gc_inflight++;
}

static void mark_live(struct unix_sock *v, bool *changed)
{
	if (v->gc_candidate) {
		v->gc_candidate = false;
		*changed = true;
	}
}

void unix_gc(void)
{
	struct unix_sock *u;
	struct sk_buff *skb, *next;
	LIST_HEAD(garbage);
	bool changed = true;

	if (!fp_skbs)
		return;
	list_for_each_entry(u, &unix_all, all)
		u->gc_inflight = 0;
	list_for_each_entry(u, &unix_all, all)
		for_each_inflight(u, count_inflight, NULL);
	list_for_each_entry(u, &unix_all, all) /* every reference is in flight */
		u->gc_candidate = u->sk.sk_socket && u->gc_inflight &&
				  u->sk.sk_socket->file->refcount == u->gc_inflight;
	while (changed) { /* what a live socket's queue holds is live */
		changed = false;
		list_for_each_entry(u, &unix_all, all)
			if (!u->gc_candidate)
				for_each_inflight(u, mark_live, &changed);
	}
	list_for_each_entry(u, &unix_all, all) /* collect first: freeing releases sockets */
		if (u->gc_candidate)
			list_for_each_entry_safe(skb, next, &u->sk.sk_receive_queue, list)
				if (skb->scm.fp) {
					unix_unlink_skb(&u->sk, skb);
					list_add_tail(&skb->list, &garbage);
				}
	list_for_each_entry_safe(skb, next, &garbage, list) {
		list_del_init(&skb->list);
		kfree_skb(skb);
	}
}
