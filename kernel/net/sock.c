/* struct sock: references, wake-ups, waiting, and the SOL_SOCKET options every family
 * shares (Linux's net/core/sock.c). */
#include <emu/net.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/task.h>
#include <emu/timekeeping.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <emu/net_namespace.h>
#include <string.h>
#include <sys/time.h>

struct sock *sk_alloc(int family, int type, int protocol, size_t size)
{
	struct sock *sk = calloc(1, size);

	if (!sk)
		return NULL;
	sk->refcnt = 1;
	sk->sk_family = family;
	sk->sk_type = type;
	sk->sk_protocol = protocol;
	sk->sk_state = TCP_CLOSE;
	sk->sk_sndbuf = SYSCTL_WMEM_DEFAULT;
	sk->sk_rcvbuf = SYSCTL_RMEM_DEFAULT;
	sk->sk_rcvlowat = 1;
	sk->sk_rcvtimeo = sk->sk_sndtimeo = MAX_SCHEDULE_TIMEOUT;
	INIT_LIST_HEAD(&sk->sk_receive_queue);
	INIT_LIST_HEAD(&sk->accept_queue);
	INIT_LIST_HEAD(&sk->accept_node);
	INIT_LIST_HEAD(&sk->node);
	sk->sk_net = get_net(current_net());
	return sk;
}

void sock_hold(struct sock *sk)
{
	sk->refcnt++;
}

void sock_put(struct sock *sk)
{
	if (--sk->refcnt)
		return;
	if (sk->sk_destruct)
		sk->sk_destruct(sk);
	skb_queue_purge(sk);
	list_del_init(&sk->node);
	put_net(sk->sk_net);
	free(sk);
}

void sock_orphan(struct sock *sk)
{
	sock_set_flag(sk, SOCK_DEAD, true);
	sk->sk_socket = NULL;
}

void sock_copy_options(struct sock *newsk, const struct sock *sk)
{
	unsigned long inherited = ~((1UL << SOCK_DEAD) | (1UL << SOCK_DONE) | (1UL << SOCK_ZAPPED));

	newsk->sk_flags = sk->sk_flags & inherited;
	newsk->sk_sndbuf = sk->sk_sndbuf;
	newsk->sk_rcvbuf = sk->sk_rcvbuf;
	newsk->sk_rcvlowat = sk->sk_rcvlowat;
	newsk->sk_rcvtimeo = sk->sk_rcvtimeo;
	newsk->sk_sndtimeo = sk->sk_sndtimeo;
	newsk->sk_priority = sk->sk_priority;
	newsk->sk_mark = sk->sk_mark;
	newsk->sk_linger = sk->sk_linger;
}

void sk_wake(struct sock *sk, unsigned key)
{
	wake_up(WAIT_SOCKET, sk);
	wake_up_pollers();
	if (sk->sk_socket)
		ep_poll_wake(sk->sk_socket, key);
}

static const char *sock_kind(const struct sock *sk)
{
	if (sk->sk_family == AF_UNIX)
		return sk->sk_type == SOCK_STREAM ? "unix stream" : sk->sk_type == SOCK_DGRAM ? "unix datagram"
										     : "unix seqpacket";
	if (sk->sk_family == AF_NETLINK)
		return "netlink";
	return sk->sk_protocol == IPPROTO_TCP ? "TCP" : "UDP";
}

const char *sock_describe(const void *obj)
{
	const struct sock *sk = obj;
	static char buf[128];

	if (sk->sk_state == TCP_LISTEN)
		snprintf(buf, sizeof buf, "a %s socket listening, %d connection(s) queued",
			 sock_kind(sk), sk->sk_ack_backlog);
	else
		snprintf(buf, sizeof buf, "a %s socket, %zu bytes queued to read, %s", sock_kind(sk),
			 skb_queue_bytes(sk), sk->peer ? "connected" : "no peer");
	return buf;
}

int sock_error(struct sock *sk)
{
	int err = sk->sk_err;

	sk->sk_err = 0;
	return -err;
}

long sk_wait(const struct sock *obj, uint64_t deadline, long timed_out, long interrupted)
{
	return wait_event(WAIT_SOCKET, obj, deadline, timed_out, interrupted);
}

uint64_t sk_deadline(long timeo)
{
	if (current->restart_block.deadline)
		return current->restart_block.deadline;
	if (timeo == MAX_SCHEDULE_TIMEOUT)
		return 0;
	if (timeo <= 0)
		return 1;
	return ktime_add_safe(ktime_get_ns(), (uint64_t)timeo * NS_PER_JIFFY);
}

long sock_rcvtimeo(const struct sock *sk, bool nonblock)
{
	return nonblock ? 0 : sk->sk_rcvtimeo;
}

long sock_sndtimeo(const struct sock *sk, bool nonblock)
{
	return nonblock ? 0 : sk->sk_sndtimeo;
}

long sock_intr_errno(long timeo)
{
	return timeo == MAX_SCHEDULE_TIMEOUT ? -ERESTARTSYS : -EINTR;
}

long sk_wait_progress(const struct sock *sk, long timeo, size_t done)
{
	sk_set_progress(done);
	return sk_wait(sk, sk_deadline(timeo), done ? (long)done : -EAGAIN,
		       done ? (long)done : sock_intr_errno(timeo));
}

size_t sk_progress(void)
{
	return current->restart_block.progress;
}

void sk_set_progress(size_t done)
{
	current->restart_block.progress = done;
}

size_t sock_rcvlowat(const struct sock *sk, bool waitall, size_t len)
{
	size_t v = waitall ? len : (size_t)sk->sk_rcvlowat < len ? (size_t)sk->sk_rcvlowat : len;

	return v ? v : 1;
}

/* Linux's sock_alloc_send_pskb, the waiting part. */
long sock_wait_for_wmem(struct sock *sk, long timeo, size_t sent)
{
	int err = sock_error(sk);

	if (err)
		return err;
	if (sk->sk_shutdown & SEND_SHUTDOWN)
		return -EPIPE;
	if (sk->sk_wmem_alloc < (size_t)sk->sk_sndbuf)
		return 0;
	if (!timeo)
		return -EAGAIN;
	return sk_wait_progress(sk, timeo, sent);
}

/* ---- SOL_SOCKET options ---- */

/* Linux's sock_set_timeout: a struct timeval into jiffies, rounded up. */
static int sock_set_timeout(long *timeo, const void *val, int len)
{
	struct timeval tv;

	if (len < (int)sizeof tv)
		return -EINVAL;
	memcpy(&tv, val, sizeof tv);
	if (tv.tv_usec < 0 || tv.tv_usec >= 1000000)
		return -EDOM;
	if (tv.tv_sec < 0) {
		*timeo = 0;
		return 0;
	}
	*timeo = MAX_SCHEDULE_TIMEOUT;
	if ((tv.tv_sec || tv.tv_usec) && tv.tv_sec < MAX_SCHEDULE_TIMEOUT / SOCK_HZ - 1)
		*timeo = tv.tv_sec * SOCK_HZ + (tv.tv_usec + 1000000 / SOCK_HZ - 1) / (1000000 / SOCK_HZ);
	return 0;
}

static int sock_get_timeout(long timeo, void *val)
{
	struct timeval tv = { 0, 0 };

	if (timeo != MAX_SCHEDULE_TIMEOUT) {
		tv.tv_sec = timeo / SOCK_HZ;
		tv.tv_usec = (timeo % SOCK_HZ) * 1000000 / SOCK_HZ;
	}
	memcpy(val, &tv, sizeof tv);
	return sizeof tv;
}

/* SO_SNDBUF and SO_RCVBUF: Linux doubles the value (for its bookkeeping) within
 * [minimum, 2 * max]. */
static int buf_size(int val, int max, int min)
{
	unsigned v = (unsigned)val > (unsigned)max ? (unsigned)max : (unsigned)val;

	return (int)v * 2 > min ? (int)v * 2 : min;
}

static int sock_set_flag_opt(struct sock *sk, int name, int val)
{
	static const struct { int name; enum sock_flags flag; } flags[] = {
		{ SO_REUSEADDR, SOCK_REUSEADDR }, { SO_KEEPALIVE, SOCK_KEEPALIVE },
		{ SO_BROADCAST, SOCK_BROADCAST }, { SO_DONTROUTE, SOCK_DONTROUTE },
		{ SO_OOBINLINE, SOCK_OOBINLINE },
	};

	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
		if (flags[i].name == name) {
			sock_set_flag(sk, flags[i].flag, val);
			return 0;
		}
	return -ENOPROTOOPT;
}

int sock_setsockopt(struct socket *sock, int name, const void *val, int len)
{
	struct sock *sk = sock->sk;
	bool inet = sk->sk_family == AF_INET || sk->sk_family == AF_INET6;
	int v = 0;

	if (name == SO_RCVTIMEO_OLD || name == SO_RCVTIMEO_NEW)
		return sock_set_timeout(&sk->sk_rcvtimeo, val, len);
	if (name == SO_SNDTIMEO_OLD || name == SO_SNDTIMEO_NEW)
		return sock_set_timeout(&sk->sk_sndtimeo, val, len);
	if (name == SO_LINGER) {
		struct linger l;
		if (len < (int)sizeof l)
			return -EINVAL;
		memcpy(&l, val, sizeof l);
		sock_set_flag(sk, SOCK_LINGER, l.l_onoff);
		sk->sk_linger = l.l_linger;
		return 0;
	}
	if (len < (int)sizeof(int))
		return -EINVAL;
	memcpy(&v, val, sizeof v);
	switch (name) {
	case SO_SNDBUF:
		sk->sk_sndbuf = buf_size(v, SYSCTL_WMEM_MAX, SOCK_MIN_SNDBUF);
		sk_wake(sk, POLLOUT);
		return 0;
	case SO_RCVBUF:
		sk->sk_rcvbuf = buf_size(v, SYSCTL_RMEM_MAX, SOCK_MIN_RCVBUF);
		return 0;
	case SO_SNDBUFFORCE:
	case SO_RCVBUFFORCE:
	case SO_MARK:
		return -EPERM; /* CAP_NET_ADMIN, which no guest has */
	case SO_PRIORITY:
		if (v < 0 || v > 6)
			return -EPERM;
		sk->sk_priority = v;
		return 0;
	case SO_RCVLOWAT:
		sk->sk_rcvlowat = v < 0 ? INT_MAX : v ? v : 1;
		sk_wake(sk, POLLIN);
		return 0;
	case SO_REUSEPORT:
		if (v && !inet)
			return -EOPNOTSUPP;
		sock_set_flag(sk, SOCK_REUSEPORT, v);
		return 0;
	case SO_PASSCRED:
		if (inet)
			return -EOPNOTSUPP; /* Linux 6.16: only AF_UNIX and AF_NETLINK */
		sock_set_flag(sk, SOCK_PASSCRED, v);
		return 0;
	case SO_DEBUG:
	case SO_NO_CHECK:
	case SO_TIMESTAMP_OLD:
	case SO_TIMESTAMPNS_OLD:
		return 0; /* accepted, nothing to do on loopback */
	default:
		return sock_set_flag_opt(sk, name, v);
	}
}

static int flag_value(const struct sock *sk, int name)
{
	switch (name) {
	case SO_REUSEADDR: return sock_flag(sk, SOCK_REUSEADDR);
	case SO_REUSEPORT: return sock_flag(sk, SOCK_REUSEPORT);
	case SO_KEEPALIVE: return sock_flag(sk, SOCK_KEEPALIVE);
	case SO_BROADCAST: return sock_flag(sk, SOCK_BROADCAST);
	case SO_DONTROUTE: return sock_flag(sk, SOCK_DONTROUTE);
	case SO_OOBINLINE: return sock_flag(sk, SOCK_OOBINLINE);
	case SO_PASSCRED: return sock_flag(sk, SOCK_PASSCRED);
	default: return -1;
	}
}

/* An int option's value, or -ENOPROTOOPT in *err. */
static int int_option(struct socket *sock, int name, int *err)
{
	struct sock *sk = sock->sk;

	*err = 0;
	switch (name) {
	case SO_TYPE: return sock->type;
	case SO_PROTOCOL: return sk->sk_protocol;
	case SO_DOMAIN: return sk->sk_family;
	case SO_ERROR: return -sock_error(sk);
	case SO_SNDBUF: return sk->sk_sndbuf;
	case SO_RCVBUF: return sk->sk_rcvbuf;
	case SO_RCVLOWAT: return sk->sk_rcvlowat;
	case SO_SNDLOWAT: return 1;
	case SO_PRIORITY: return sk->sk_priority;
	case SO_MARK: return sk->sk_mark;
	case SO_ACCEPTCONN: return sk->sk_state == TCP_LISTEN;
	case SO_DEBUG: case SO_NO_CHECK: case SO_TIMESTAMP_OLD: case SO_TIMESTAMPNS_OLD:
		return 0;
	default:
		if (flag_value(sk, name) >= 0)
			return flag_value(sk, name);
		*err = -ENOPROTOOPT;
		return 0;
	}
}

/* The value goes into val (128 bytes); *len is the guest's buffer length on entry
 * and how much to copy on return. */
int sock_getsockopt(struct socket *sock, int name, void *val, int *len)
{
	struct sock *sk = sock->sk;
	int lv = sizeof(int), err, v;

	switch (name) {
	case SO_RCVTIMEO_OLD:
	case SO_RCVTIMEO_NEW:
		lv = sock_get_timeout(sk->sk_rcvtimeo, val);
		break;
	case SO_SNDTIMEO_OLD:
	case SO_SNDTIMEO_NEW:
		lv = sock_get_timeout(sk->sk_sndtimeo, val);
		break;
	case SO_LINGER: {
		struct linger l = { sock_flag(sk, SOCK_LINGER), sk->sk_linger };
		memcpy(val, &l, sizeof l);
		lv = sizeof l;
		break;
	}
	case SO_PEERCRED: {
		struct ucred c = { 0, (uid_t)-1, (gid_t)-1 };
		if (sk->has_peer_cred)
			c = sk->sk_peer_cred;
		memcpy(val, &c, sizeof c);
		lv = sizeof c;
		break;
	}
	case SO_PEERNAME: {
		struct sockaddr_storage a;
		lv = sock->ops->getname(sock, &a, 1);
		if (lv < 0)
			return -ENOTCONN;
		if (lv > *len)
			return -EINVAL;
		memcpy(val, &a, lv);
		break;
	}
	default:
		v = int_option(sock, name, &err);
		if (err)
			return err;
		memcpy(val, &v, sizeof v);
	}
	if (*len > lv)
		*len = lv;
	return 0;
}

short sock_poll_err_hup(const struct sock *sk)
{
	short mask = 0;

	if (sk->sk_err)
		mask |= POLLERR;
	if (sk->sk_shutdown & RCV_SHUTDOWN)
		mask |= POLLRDHUP | POLLIN | POLLRDNORM;
	if (sk->sk_shutdown == SHUTDOWN_MASK)
		mask |= POLLHUP;
	return mask;
}
