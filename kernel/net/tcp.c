/* TCP on loopback (Linux's net/ipv4/tcp.c, tcp_input.c, inet_connection_sock.c,
 * af_inet.c's inet_stream_connect and inet_shutdown), without segments: a connect
 * finds the listener at once and makes the server's end (the handshake), a send puts
 * skbs on the peer's receive queue, a close sends the FIN or, with unread data or
 * SO_LINGER 0, the reset.
 *
 * What a program sees is Linux's: ECONNREFUSED with no listener (a non-blocking
 * connect says EINPROGRESS and leaves the error for SO_ERROR), a full accept queue
 * holds connectors in SYN_SENT until accept makes room, EOF after the FIN, ECONNRESET
 * after a reset, and EPIPE (with SIGPIPE) for a write after the peer is gone, the
 * first such write still succeeding as the reset is on its way back. A sender may
 * have its send buffer and the receiver's receive buffer of unread data in flight. */
#include <emu/inet.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/task.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <string.h>

#define TCP_SKB_MAX 65536
#ifndef TCP_MSS_DEFAULT
#define TCP_MSS_DEFAULT 536
#endif
#define TCP_LOOPBACK_MSS 65483 /* lo's MTU less the headers and timestamps */
#define TCP_MIN_MSS 88
#define MAX_TCP_WINDOW 32767
#define MAX_TCP_KEEPIDLE 32767
#define MAX_TCP_KEEPCNT 127

static size_t min_size(size_t a, size_t b)
{
	return a < b ? a : b;
}

/* ---- connection state ---- */

/* The two ends forget each other. */
static void tcp_unlink(struct sock *sk)
{
	struct sock *peer = sk->peer;

	if (!peer)
		return;
	sk->peer = NULL;
	if (peer->peer == sk) {
		peer->peer = NULL;
		sock_put(sk);
	}
	sock_put(peer);
}

/* Linux's tcp_reset: sk got a reset. */
static void tcp_reset(struct sock *sk)
{
	if (sk->sk_state == TCP_CLOSE)
		return;
	if (sk->sk_state == TCP_SYN_SENT)
		sk->sk_err = ECONNREFUSED;
	else
		sk->sk_err = sock_flag(sk, SOCK_DONE) ? EPIPE : ECONNRESET; /* after a FIN: EPIPE */
	sk->sk_state = TCP_CLOSE;
	sk->sk_shutdown = SHUTDOWN_MASK;
	tcp_unlink(sk);
	sk_wake(sk, 0);
}

/* Our end resets the connection: the peer hears of it. */
static void tcp_send_reset(struct sock *sk)
{
	struct sock *peer = sk->peer;

	if (peer) {
		sock_hold(peer);
		tcp_reset(peer);
		sock_put(peer);
	}
	tcp_unlink(sk);
}

static void tcp_send_fin(struct sock *sk)
{
	struct sock *peer = sk->peer;

	if (!peer || sock_flag(peer, SOCK_DEAD))
		return;
	peer->sk_shutdown |= RCV_SHUTDOWN;
	sock_set_flag(peer, SOCK_DONE, true);
	sk_wake(peer, 0);
}

/* A connect that failed or was undone: the addresses connect chose go again. */
static void tcp_forget_addresses(struct sock *sk)
{
	struct inet_sock *in = inet_sk(sk);

	memset(&in->daddr, 0, sizeof in->daddr);
	in->dport = 0;
	if (!in->bind_addr_lock) {
		in->saddr = in->rcv_saddr = (struct in6_addr){ 0 };
		if (sk->sk_family == AF_INET)
			in->saddr.s6_addr32[2] = in->rcv_saddr.s6_addr32[2] = htonl(0xffff);
	}
	if (!in->bind_port_lock)
		inet_unhash(sk);
}

static void tcp_syn_dequeue(struct sock *sk)
{
	struct inet_sock *in = inet_sk(sk);

	list_del_init(&in->syn_node);
	in->syn_target = NULL;
}

/* The server's end of a new connection from sk to lsk's dst:dport, queued for accept
 * (Linux's tcp_check_req and inet_csk_reqsk_queue_add). */
static int tcp_create_child(struct sock *sk, struct sock *lsk)
{
	struct inet_sock *c = inet_sk(sk), *n;
	struct sock *newsk = sk_alloc(lsk->sk_family, SOCK_STREAM, IPPROTO_TCP, sizeof(struct inet_sock));

	if (!newsk)
		return -ENOMEM;
	inet_sock_init(newsk);
	inet_copy_sock(newsk, lsk);
	n = inet_sk(newsk);
	n->rcv_saddr = n->saddr = c->daddr;
	n->num = n->sport = inet_sk(lsk)->num;
	n->daddr = c->saddr;
	n->dport = c->sport;
	n->bind_addr_lock = n->bind_port_lock = true;
	n->hashed = true;
	list_add_tail(&newsk->node, &lsk->node); /* the listener's port, in its table */
	newsk->sk_state = sk->sk_state = TCP_ESTABLISHED;
	newsk->peer = sk;
	sock_hold(sk);
	sk->peer = newsk;
	sock_hold(newsk);
	newsk->parent = lsk;
	list_add_tail(&newsk->accept_node, &lsk->accept_queue);
	lsk->sk_ack_backlog++;
	sk_wake(lsk, POLLIN | POLLRDNORM);
	sk_wake(sk, POLLOUT | POLLWRNORM);
	return 0;
}

/* Connectors held back by a full accept queue get in while there is room. */
static void tcp_syn_retry(struct sock *lsk)
{
	struct inet_sock *l = inet_sk(lsk);

	while (!list_empty(&l->syn_queue) && lsk->sk_ack_backlog <= lsk->sk_max_ack_backlog) {
		struct inet_sock *c = list_first_entry(&l->syn_queue, struct inet_sock, syn_node);
		tcp_syn_dequeue(&c->sk);
		if (tcp_create_child(&c->sk, lsk)) {
			tcp_reset(&c->sk);
			tcp_forget_addresses(&c->sk);
		}
	}
}

/* Linux's inet_csk_listen_stop: connections not accepted are reset, connectors
 * waiting are refused. */
static void tcp_listen_stop(struct sock *lsk)
{
	struct inet_sock *l = inet_sk(lsk);

	while (!list_empty(&lsk->accept_queue)) {
		struct sock *child = list_first_entry(&lsk->accept_queue, struct sock, accept_node);
		list_del_init(&child->accept_node);
		child->parent = NULL;
		lsk->sk_ack_backlog--;
		sock_orphan(child);
		tcp_send_reset(child);
		skb_queue_purge(child);
		inet_unhash(child);
		sock_put(child);
	}
	while (!list_empty(&l->syn_queue)) {
		struct sock *c = &list_first_entry(&l->syn_queue, struct inet_sock, syn_node)->sk;
		tcp_syn_dequeue(c);
		tcp_reset(c);
		tcp_forget_addresses(c);
	}
}

/* Linux's tcp_disconnect: the connection is dropped (reset) and the socket may
 * connect again. */
static void tcp_disconnect(struct sock *sk)
{
	int old = sk->sk_state;

	if (old == TCP_LISTEN)
		tcp_listen_stop(sk);
	else if (old == TCP_SYN_SENT)
		tcp_syn_dequeue(sk);
	if (old == TCP_ESTABLISHED || old == TCP_SYN_SENT)
		sk->sk_err = ECONNRESET;
	tcp_send_reset(sk);
	skb_queue_purge(sk);
	inet_sk(sk)->copied_seq = inet_sk(sk)->rcv_nxt;
	inet_sk(sk)->urg_data = 0;
	sk->sk_state = TCP_CLOSE;
	sk->sk_shutdown = 0;
	sock_set_flag(sk, SOCK_DONE, false);
	tcp_forget_addresses(sk);
	sk_wake(sk, 0);
}

/* ---- connect, listen, accept ---- */

/* Linux's tcp_v4_connect and tcp_v6_connect: the SYN, and here its answer. */
static int tcp_connect(struct sock *sk, struct sockaddr_storage *uaddr, int len)
{
	struct inet_sock *in = inet_sk(sk);
	struct in6_addr dst;
	uint16_t dport;
	struct sock *lsk;
	int err;

	if ((err = inet_addr_from_user(sk, uaddr, len, &dst, &dport, false)))
		return err;
	if ((err = inet_route(sk, &dst)))
		return err;
	if (!in->num && inet_get_port(sk, 0))
		return -EADDRNOTAVAIL;
	inet_set_source(sk, &dst);
	in->daddr = dst;
	in->dport = dport;
	sk->sk_state = TCP_SYN_SENT;
	if (!(lsk = inet_lookup(sk->sk_net, IPPROTO_TCP, &dst, dport, NULL, 0, true))) {
		tcp_reset(sk); /* nobody listens: the reset comes back */
		tcp_forget_addresses(sk);
		return 0;
	}
	if (lsk->sk_ack_backlog > lsk->sk_max_ack_backlog) { /* the SYN waits */
		list_add_tail(&in->syn_node, &inet_sk(lsk)->syn_queue);
		in->syn_target = lsk;
		return 0;
	}
	return tcp_create_child(sk, lsk);
}

/* Linux's __inet_stream_connect. */
static long inet_stream_connect(struct socket *sock, struct sockaddr_storage *addr, int len,
				int flags)
{
	struct sock *sk = sock->sk;
	long err, timeo;

	if (len < (int)sizeof(sa_family_t))
		return -EINVAL;
	if (addr->ss_family == AF_UNSPEC) {
		tcp_disconnect(sk);
		sock->state = SS_UNCONNECTED;
		return 0;
	}
	switch (sock->state) {
	case SS_CONNECTED:
		return -EISCONN;
	case SS_CONNECTING:
		err = -EALREADY;
		break;
	case SS_UNCONNECTED:
		if (sk->sk_state != TCP_CLOSE)
			return -EISCONN;
		if ((err = tcp_connect(sk, addr, len))) {
			if (err == -ENETUNREACH && host_inet_may_leave(sock) &&
			    !(err = host_inet_leave(sock)))
				return sock->ops->connect(sock, addr, len, flags);
			return err;
		}
		sock->state = SS_CONNECTING;
		if (flags & O_NONBLOCK)
			return -EINPROGRESS; /* Linux answers before the handshake is done */
		err = -EINPROGRESS;
		break;
	default:
		return -EINVAL;
	}
	timeo = sock_sndtimeo(sk, flags & O_NONBLOCK);
	if (sk->sk_state == TCP_SYN_SENT)
		return timeo ? sk_wait(sk, sk_deadline(timeo), err, sock_intr_errno(timeo)) : err;
	if (sk->sk_state == TCP_CLOSE) { /* refused or reset */
		int e = sock_error(sk);
		sock->state = SS_UNCONNECTED;
		return e ? e : -ECONNABORTED;
	}
	sock->state = SS_CONNECTED;
	return 0;
}

static int tcp_listen(struct socket *sock, int backlog)
{
	struct sock *sk = sock->sk;
	struct inet_sock *in = inet_sk(sk);

	if (sock->state != SS_UNCONNECTED)
		return -EINVAL;
	if (sk->sk_state != TCP_CLOSE && sk->sk_state != TCP_LISTEN)
		return -EINVAL;
	sk->sk_max_ack_backlog = backlog;
	if (sk->sk_state != TCP_LISTEN) {
		sk->sk_state = TCP_LISTEN;
		if (inet_get_port(sk, in->num)) { /* another listens on it now */
			sk->sk_state = TCP_CLOSE;
			return -EADDRINUSE;
		}
	}
	tcp_syn_retry(sk);
	return 0;
}

static long tcp_accept(struct socket *sock, struct socket *newsock, int flags)
{
	struct sock *sk = sock->sk, *newsk;
	long timeo = sock_rcvtimeo(sk, flags & O_NONBLOCK);

	if (sk->sk_state != TCP_LISTEN)
		return -EINVAL;
	if (list_empty(&sk->accept_queue))
		return timeo ? sk_wait(sk, sk_deadline(timeo), -EAGAIN, sock_intr_errno(timeo)) : -EAGAIN;
	newsk = list_first_entry(&sk->accept_queue, struct sock, accept_node);
	list_del_init(&newsk->accept_node);
	newsk->parent = NULL;
	sk->sk_ack_backlog--;
	tcp_syn_retry(sk);
	newsock->sk = newsk; /* the queue's reference */
	return 0;
}

/* ---- data ---- */

/* Room for more of sk's bytes at its peer. */
static size_t tcp_room(const struct sock *sk, const struct sock *peer)
{
	size_t cap = (size_t)peer->sk_rcvbuf + (size_t)sk->sk_sndbuf;

	return peer->sk_rmem_alloc < cap ? cap - peer->sk_rmem_alloc : 0;
}

/* Linux's sk_stream_error: EPIPE becomes the pending error, or SIGPIPE. */
static long sk_stream_error(struct sock *sk, int flags, long err)
{
	if (err == -EPIPE) {
		int e = sock_error(sk);
		if (e)
			err = e;
	}
	if (err == -EPIPE && !(flags & MSG_NOSIGNAL))
		send_sig(SIGPIPE, current, false);
	return err;
}

/* Before data can go: a connection (waiting for it while SYN_SENT), or an error. */
static long tcp_wait_connect(struct sock *sk, long timeo)
{
	int err;

	if (sk->sk_state == TCP_ESTABLISHED)
		return 0;
	if ((err = sock_error(sk)))
		return err;
	if (sk->sk_state != TCP_SYN_SENT)
		return -EPIPE;
	if (!timeo)
		return -EAGAIN;
	return sk_wait(sk, sk_deadline(timeo), -EAGAIN, sock_intr_errno(timeo));
}

static long tcp_sendmsg(struct socket *sock, struct kmsghdr *msg, size_t len)
{
	struct sock *sk = sock->sk, *peer;
	int flags = msg->msg_flags, err;
	long timeo = sock_sndtimeo(sk, flags & MSG_DONTWAIT), ret;
	size_t copied = sk_progress();

	if ((ret = tcp_wait_connect(sk, timeo)))
		return ret == EMU_RESTART ? ret : sk_stream_error(sk, flags, ret);
	if (sk->sk_err || (sk->sk_shutdown & SEND_SHUTDOWN))
		return copied ? (long)copied : sk_stream_error(sk, flags, -EPIPE);
	while (copied < len) {
		if (!(peer = sk->peer))
			return copied ? (long)copied : sk_stream_error(sk, flags, -EPIPE);
		if (sock_flag(peer, SOCK_DEAD)) {
			/* It is closed: a send buffer's worth goes, then the reset comes
			 * back and ends the send (Linux's sk_stream_wait_memory sees it). */
			tcp_reset(sk);
			return copied + min_size(len - copied, (size_t)sk->sk_sndbuf);
		}
		size_t room = tcp_room(sk, peer);
		if (!room) {
			if (!timeo)
				return copied ? (long)copied : -EAGAIN;
			return sk_wait_progress(sk, timeo, copied);
		}
		size_t size = min_size(min_size(len - copied, TCP_SKB_MAX), room);
		struct sk_buff *skb = skb_from_iter(sk, &msg->msg_iter, copied, size, &err);
		if (!skb)
			return copied ? (long)copied : err;
		skb_queue_tail(peer, skb);
		inet_sk(peer)->rcv_nxt += size;
		copied += size;
		if (copied == len && (flags & MSG_OOB)) /* Linux's tcp_mark_urg, at the end */
			tcp_mark_urg(peer, skb->data[skb->len - 1]);
		sk_wake(peer, POLLIN | POLLRDNORM | (copied == len && (flags & MSG_OOB) ? POLLPRI : 0));
	}
	return copied;
}


/* Nothing (more) to read: what tcp_recvmsg returns, or a wait. */
static long tcp_data_wait(struct sock *sk, size_t copied, size_t target, long timeo)
{
	if (copied >= target)
		return copied;
	if (copied) {
		if (sk->sk_err || sk->sk_state == TCP_CLOSE || (sk->sk_shutdown & RCV_SHUTDOWN) || !timeo)
			return copied;
	} else {
		if (sock_flag(sk, SOCK_DONE))
			return 0;
		if (sk->sk_err)
			return sock_error(sk);
		if (sk->sk_shutdown & RCV_SHUTDOWN)
			return 0;
		if (sk->sk_state == TCP_CLOSE)
			return -ENOTCONN;
		if (!timeo)
			return -EAGAIN;
	}
	return sk_wait_progress(sk, timeo, copied);
}

static long tcp_recvmsg(struct socket *sock, struct kmsghdr *msg, size_t size, int flags)
{
	struct sock *sk = sock->sk;
	long timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
	size_t copied = sk_progress(), target = sock_rcvlowat(sk, flags & MSG_WAITALL, size), off;
	struct inet_sock *in = inet_sk(sk);
	uint64_t seq = in->copied_seq;
	struct sk_buff *skb;

	if (sk->sk_state == TCP_LISTEN)
		return -ENOTCONN;
	if (flags & MSG_OOB)
		return tcp_recv_urg(sk, msg, size, flags);
	if (flags & MSG_ERRQUEUE)
		return -EAGAIN;
	skb = skb_peek(sk);
	off = skb ? skb->off : 0;
	do {
		if (!skb)
			return tcp_data_wait(sk, copied, target, timeo);
		size_t chunk = min_size(skb->len - off, size - copied);
		bool skip = false;
		if (in->urg_data && in->urg_seq == seq) { /* at the mark: a read stops here */
			if (copied)
				break;
			skip = !sock_flag(sk, SOCK_OOBINLINE);
			if (skip)
				chunk = 1;
		} else if (in->urg_data && in->urg_seq > seq) {
			chunk = min_size(chunk, in->urg_seq - seq);
		}
		if (!skip && !(flags & MSG_TRUNC) &&
		    iov_copy_to(&msg->msg_iter, copied, skb->data + off, chunk))
			return copied ? (long)copied : -EFAULT;
		copied += skip ? 0 : chunk;
		seq += chunk;
		off += chunk;
		if (!(flags & MSG_PEEK)) {
			skb->off = off;
			in->copied_seq = seq;
			if (in->urg_data && seq > in->urg_seq)
				in->urg_data = 0; /* read past the mark */
		}
		if (off < skb->len)
			continue;
		if (flags & MSG_PEEK) {
			skb = skb->list.next == &sk->sk_receive_queue
				      ? NULL : list_entry(skb->list.next, struct sk_buff, list);
			if (!skb)
				break;
			off = skb->off;
			continue;
		}
		skb_unlink(sk, skb);
		kfree_skb(skb);
		skb = skb_peek(sk);
		off = skb ? skb->off : 0;
	} while (copied < size);
	return copied;
}

long tcp_inq(struct sock *sk)
{
	return sk->sk_state == TCP_LISTEN ? -EINVAL : (long)skb_queue_bytes(sk);
}

/* Linux's tcp_poll. */
static short tcp_poll(struct socket *sock, short events)
{
	struct sock *sk = sock->sk;
	short mask = 0;

	if (sk->sk_state == TCP_LISTEN)
		return list_empty(&sk->accept_queue) ? 0 : POLLIN | POLLRDNORM;
	if (sk->sk_shutdown == SHUTDOWN_MASK || sk->sk_state == TCP_CLOSE)
		mask |= POLLHUP;
	if (sk->sk_shutdown & RCV_SHUTDOWN)
		mask |= POLLIN | POLLRDNORM | POLLRDHUP;
	if (sk->sk_state != TCP_SYN_SENT) {
		if (tcp_readable(sk) >= (size_t)sk->sk_rcvlowat && tcp_readable(sk))
			mask |= POLLIN | POLLRDNORM;
		if (inet_sk(sk)->urg_data & TCP_URG_VALID)
			mask |= POLLPRI;
		if ((sk->sk_shutdown & SEND_SHUTDOWN) || !sk->peer || tcp_room(sk, sk->peer))
			mask |= POLLOUT | POLLWRNORM;
	}
	if (sk->sk_err)
		mask |= POLLERR;
	return mask;
}

/* ---- shutdown and close ---- */

/* Linux's inet_shutdown. */
static int tcp_shutdown(struct socket *sock, int how)
{
	struct sock *sk = sock->sk;
	int err = 0;

	how++; /* SHUT_RD -> RCV_SHUTDOWN ... */
	if ((how & ~SHUTDOWN_MASK) || !how)
		return -EINVAL;
	if (sock->state == SS_CONNECTING)
		sock->state = sk->sk_state == TCP_ESTABLISHED ? SS_CONNECTED : SS_DISCONNECTING;
	switch (sk->sk_state) {
	case TCP_LISTEN:
		if (!(how & RCV_SHUTDOWN))
			break;
		/* fallthrough */
	case TCP_SYN_SENT:
		tcp_disconnect(sk);
		sock->state = SS_UNCONNECTED;
		break;
	case TCP_CLOSE:
		err = -ENOTCONN; /* and the bits are set all the same */
		/* fallthrough */
	default:
		sk->sk_shutdown |= how;
		if ((how & SEND_SHUTDOWN) && sk->sk_state == TCP_ESTABLISHED)
			tcp_send_fin(sk);
		break;
	}
	sk_wake(sk, 0);
	return err;
}

void tcp_release(struct socket *sock)
{
	struct sock *sk = sock->sk;
	bool unread;

	if (!sk)
		return;
	sock->sk = NULL;
	unread = !list_empty(&sk->sk_receive_queue);
	sock_orphan(sk);
	sk->sk_shutdown = SHUTDOWN_MASK;
	if (sk->sk_state == TCP_LISTEN)
		tcp_listen_stop(sk);
	else if (sk->sk_state == TCP_SYN_SENT)
		tcp_syn_dequeue(sk);
	else if (sk->sk_state == TCP_ESTABLISHED &&
		 (unread || (sock_flag(sk, SOCK_LINGER) && !sk->sk_linger)))
		tcp_send_reset(sk); /* data thrown away: the peer must know */
	else if (sk->sk_state == TCP_ESTABLISHED)
		tcp_send_fin(sk);
	sk->sk_state = TCP_CLOSE;
	skb_queue_purge(sk);
	inet_unhash(sk);
	if (sk->peer && sock_flag(sk->peer, SOCK_DEAD))
		tcp_unlink(sk); /* both ends closed */
	sk_wake(sk, 0);
	sock_put(sk);
}

/* ---- options ---- */

static int tcp_setsockopt(struct socket *sock, int level, int name, const void *val, int len)
{
	struct inet_sock *in = inet_sk(sock->sk);
	int v;

	if (level != SOL_TCP)
		return inet_setsockopt(sock, level, name, val, len);
	if (name == TCP_CONGESTION)
		return len >= 5 && (!strncmp(val, "cubic", 5) || !strncmp(val, "reno", 4)) ? 0 : -ENOENT;
	if (len < (int)sizeof(int))
		return -EINVAL;
	memcpy(&v, val, sizeof v);
	switch (name) {
	case TCP_NODELAY: in->nodelay = !!v; return 0;
	case TCP_CORK: in->cork = !!v; return 0;
	case TCP_QUICKACK: in->quickack = !!v; return 0;
	case TCP_MAXSEG:
		if (v && (v < TCP_MIN_MSS || v > MAX_TCP_WINDOW))
			return -EINVAL;
		in->maxseg = v;
		return 0;
	case TCP_KEEPIDLE:
	case TCP_KEEPINTVL:
		if (v < 1 || v > MAX_TCP_KEEPIDLE)
			return -EINVAL;
		*(name == TCP_KEEPIDLE ? &in->keepidle : &in->keepintvl) = v;
		return 0;
	case TCP_KEEPCNT:
	case TCP_SYNCNT:
		if (v < 1 || v > MAX_TCP_KEEPCNT)
			return -EINVAL;
		*(name == TCP_KEEPCNT ? &in->keepcnt : &in->syncnt) = v;
		return 0;
	case TCP_USER_TIMEOUT:
		if (v < 0)
			return -EINVAL;
		in->user_timeout = v;
		return 0;
	case TCP_LINGER2: in->linger2 = v; return 0;
	case TCP_DEFER_ACCEPT: in->defer_accept = v; return 0;
	case TCP_WINDOW_CLAMP: in->window_clamp = v; return 0;
	case TCP_NOTSENT_LOWAT: in->notsent_lowat = v; return 0;
	case TCP_FASTOPEN: in->fastopen = v; return 0;
	case TCP_FASTOPEN_CONNECT: case TCP_THIN_LINEAR_TIMEOUTS: return 0;
	default: return -ENOPROTOOPT;
	}
}

static void tcp_get_info(const struct sock *sk, void *val, int *len)
{
	struct tcp_info info = { 0 };

	info.tcpi_state = sk->sk_state;
	info.tcpi_snd_mss = info.tcpi_rcv_mss =
		sk->sk_state == TCP_ESTABLISHED ? TCP_LOOPBACK_MSS : (int)TCP_MSS_DEFAULT;
	if (*len > (int)sizeof info)
		*len = sizeof info;
	if (*len > 128)
		*len = 128; /* what sockopt.c copies; the fields that matter come first */
	memcpy(val, &info, *len);
}

static int tcp_getsockopt(struct socket *sock, int level, int name, void *val, int *len)
{
	struct sock *sk = sock->sk;
	struct inet_sock *in = inet_sk(sk);
	int v;

	if (level != SOL_TCP)
		return inet_getsockopt(sock, level, name, val, len);
	switch (name) {
	case TCP_NODELAY: v = in->nodelay; break;
	case TCP_CORK: v = in->cork; break;
	case TCP_QUICKACK: v = !in->quickack ? 1 : in->quickack; break;
	case TCP_MAXSEG:
		v = in->maxseg ? in->maxseg
			       : sk->sk_state == TCP_ESTABLISHED ? TCP_LOOPBACK_MSS : (int)TCP_MSS_DEFAULT;
		break;
	case TCP_KEEPIDLE: v = in->keepidle; break;
	case TCP_KEEPINTVL: v = in->keepintvl; break;
	case TCP_KEEPCNT: v = in->keepcnt; break;
	case TCP_SYNCNT: v = in->syncnt; break;
	case TCP_USER_TIMEOUT: v = in->user_timeout; break;
	case TCP_LINGER2: v = in->linger2; break;
	case TCP_DEFER_ACCEPT: v = in->defer_accept; break;
	case TCP_WINDOW_CLAMP: v = in->window_clamp; break;
	case TCP_NOTSENT_LOWAT: v = in->notsent_lowat; break;
	case TCP_FASTOPEN: v = in->fastopen; break;
	case TCP_INFO:
		tcp_get_info(sk, val, len);
		return 0;
	case TCP_CONGESTION:
		if (*len > 16)
			*len = 16;
		memset(val, 0, *len);
		memcpy(val, "cubic", *len < 5 ? *len : 5);
		return 0;
	default:
		return -ENOPROTOOPT;
	}
	memcpy(val, &v, sizeof v);
	if (*len > (int)sizeof v)
		*len = sizeof v;
	return 0;
}

static int tcp_no_socketpair(struct socket *a, struct socket *b)
{
	return -EOPNOTSUPP;
}

const struct proto_ops inet_stream_ops = {
	.family = AF_INET,
	.release = tcp_release,
	.bind = inet_bind,
	.connect = inet_stream_connect,
	.socketpair = tcp_no_socketpair,
	.accept = tcp_accept,
	.getname = inet_getname,
	.poll = tcp_poll,
	.ioctl = inet_ioctl,
	.listen = tcp_listen,
	.shutdown = tcp_shutdown,
	.setsockopt = tcp_setsockopt,
	.getsockopt = tcp_getsockopt,
	.sendmsg = tcp_sendmsg,
	.recvmsg = tcp_recvmsg,
};
