/* The parts of emu's sockets no guest test can show, since a real kernel picks
 * them at random: ephemeral ports come in order from the start of Linux's range,
 * every run the same; bind conflicts follow Linux's address and SO_REUSEADDR rules;
 * autobound AF_UNIX names count up from 00001; and sk_buffs charge their sender. */
#include "unit.h"
#include <emu/af_unix.h>
#include <emu/inet.h>
#include <emu/net_namespace.h>
#include <emu/task.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/tcp.h>
#include <stdlib.h>

static struct socket *new_socket(int family, int type)
{
	struct socket *sock = calloc(1, sizeof *sock);

	assert_non_null(sock);
	sock->type = type;
	sock->state = SS_UNCONNECTED;
	assert_int_equal(family == AF_UNIX ? unix_create(sock, 0) : inet_create(sock, family, 0), 0);
	sock->sk->sk_socket = sock;
	return sock;
}

static void close_socket(struct socket *sock)
{
	sock->ops->release(sock);
	free(sock);
}

static struct in6_addr v4(uint32_t host_order)
{
	struct in6_addr a = { 0 };

	a.s6_addr32[2] = htonl(0xffff);
	a.s6_addr32[3] = htonl(host_order);
	return a;
}

static void ephemeral_ports_in_order(void **state)
{
	struct socket *a = new_socket(AF_INET, SOCK_STREAM), *b = new_socket(AF_INET, SOCK_STREAM);
	struct socket *u = new_socket(AF_INET, SOCK_DGRAM);

	assert_int_equal(inet_get_port(a->sk, 0), 0);
	assert_int_equal(inet_sk(a->sk)->num, EPHEMERAL_LOW);
	assert_int_equal(inet_get_port(b->sk, 0), 0);
	assert_int_equal(inet_sk(b->sk)->num, EPHEMERAL_LOW + 1);
	assert_int_equal(inet_get_port(u->sk, 0), 0); /* UDP counts on its own */
	assert_int_equal(inet_sk(u->sk)->num, EPHEMERAL_LOW);
	close_socket(a);
	close_socket(b);
	close_socket(u);
	/* a port given back is not taken again at once: the counter goes on */
	a = new_socket(AF_INET6, SOCK_STREAM);
	assert_int_equal(inet_get_port(a->sk, 0), 0);
	assert_int_equal(inet_sk(a->sk)->num, EPHEMERAL_LOW + 2);
	close_socket(a);
}

static void bind_conflicts(void **state)
{
	struct socket *a = new_socket(AF_INET, SOCK_STREAM), *b = new_socket(AF_INET, SOCK_STREAM);
	struct socket *six = new_socket(AF_INET6, SOCK_STREAM);

	inet_sk(a->sk)->rcv_saddr = v4(INADDR_LOOPBACK);
	assert_int_equal(inet_get_port(a->sk, 5000), 0);
	inet_sk(b->sk)->rcv_saddr = v4(0x7f000002); /* 127.0.0.2: another address */
	assert_int_equal(inet_get_port(b->sk, 5000), 0);
	/* :: takes IPv4 too, so it overlaps both; with IPV6_V6ONLY it does not */
	assert_int_equal(inet_get_port(six->sk, 5000), -EADDRINUSE);
	inet_sk(six->sk)->v6only = true;
	assert_int_equal(inet_get_port(six->sk, 5000), 0);
	close_socket(b);
	/* the wildcard overlaps 127.0.0.1 unless both have SO_REUSEADDR and a is not listening */
	b = new_socket(AF_INET, SOCK_STREAM);
	assert_int_equal(inet_get_port(b->sk, 5000), -EADDRINUSE);
	sock_set_flag(a->sk, SOCK_REUSEADDR, true);
	sock_set_flag(b->sk, SOCK_REUSEADDR, true);
	assert_int_equal(inet_get_port(b->sk, 5000), 0);
	inet_unhash(b->sk);
	a->sk->sk_state = TCP_LISTEN;
	assert_int_equal(inet_get_port(b->sk, 5000), -EADDRINUSE);
	a->sk->sk_state = TCP_CLOSE;
	close_socket(a);
	close_socket(b);
	close_socket(six);
}

static void lookup_prefers_exact(void **state)
{
	struct socket *any = new_socket(AF_INET, SOCK_STREAM), *lo = new_socket(AF_INET, SOCK_STREAM);
	struct in6_addr dst = v4(INADDR_LOOPBACK), other = v4(0x7f000005);

	sock_set_flag(any->sk, SOCK_REUSEADDR, true);
	sock_set_flag(lo->sk, SOCK_REUSEADDR, true);
	assert_int_equal(inet_get_port(any->sk, 6000), 0);
	inet_sk(lo->sk)->rcv_saddr = dst;
	assert_int_equal(inet_get_port(lo->sk, 6000), 0);
	any->sk->sk_state = lo->sk->sk_state = TCP_LISTEN;
	assert_ptr_equal(inet_lookup(&init_net, IPPROTO_TCP, &dst, 6000, NULL, 0, true), lo->sk);
	assert_ptr_equal(inet_lookup(&init_net, IPPROTO_TCP, &other, 6000, NULL, 0, true), any->sk);
	assert_null(inet_lookup(&init_net, IPPROTO_TCP, &dst, 6001, NULL, 0, true));
	any->sk->sk_state = lo->sk->sk_state = TCP_CLOSE;
	close_socket(any);
	close_socket(lo);
}

static void only_loopback_routes(void **state)
{
	struct socket *s4 = new_socket(AF_INET, SOCK_DGRAM), *s6 = new_socket(AF_INET6, SOCK_DGRAM);
	struct in6_addr a = v4(0x0a010203), lo = v4(INADDR_LOOPBACK);

	assert_int_equal(inet_route(s4->sk, &a), -ENETUNREACH); /* 10.1.2.3 */
	a = v4(0x7f123456);
	assert_int_equal(inet_route(s4->sk, &a), 0);           /* all of 127/8 */
	a = v4(INADDR_ANY);
	assert_int_equal(inet_route(s4->sk, &a), 0);           /* 0.0.0.0 is 127.0.0.1 */
	assert_memory_equal(&a, &lo, sizeof a);
	a = in6addr_any;
	assert_int_equal(inet_route(s6->sk, &a), 0);           /* :: is ::1 */
	assert_memory_equal(&a, &in6addr_loopback, sizeof a);
	inet_pton(AF_INET6, "2001:db8::1", &a);
	assert_int_equal(inet_route(s6->sk, &a), -ENETUNREACH);
	a = lo;
	inet_sk(s6->sk)->v6only = true;
	assert_int_equal(inet_route(s6->sk, &a), -ENETUNREACH); /* v4 from a v6-only socket */
	close_socket(s4);
	close_socket(s6);
}

static void unix_autobind_names(void **state)
{
	struct socket *a = new_socket(AF_UNIX, SOCK_STREAM), *b = new_socket(AF_UNIX, SOCK_DGRAM);

	assert_int_equal(unix_autobind(a->sk), 0);
	assert_int_equal(unix_sk(a->sk)->addrlen, 8);
	assert_memory_equal(unix_sk(a->sk)->addr.sun_path, "\0" "00001", 6);
	assert_int_equal(unix_autobind(a->sk), 0); /* bound already: unchanged */
	assert_memory_equal(unix_sk(a->sk)->addr.sun_path, "\0" "00001", 6);
	assert_int_equal(unix_autobind(b->sk), 0);
	assert_memory_equal(unix_sk(b->sk)->addr.sun_path, "\0" "00002", 6);
	close_socket(a);
	close_socket(b);
}

static void skb_charges_its_sender(void **state)
{
	struct socket *a = new_socket(AF_UNIX, SOCK_STREAM), *b = new_socket(AF_UNIX, SOCK_STREAM);
	char data[100] = "bytes";
	struct guest_iov seg = { (uintptr_t)data, sizeof data };
	struct iov_iter it = { &seg, 1, sizeof data, true };
	int err;

	struct sk_buff *skb = skb_from_iter(a->sk, &it, 0, sizeof data, &err);
	assert_non_null(skb);
	assert_memory_equal(skb->data, "bytes", 6);
	assert_int_equal(a->sk->sk_wmem_alloc, sizeof data + SKB_OVERHEAD);
	assert_int_equal(a->sk->refcnt, 2); /* the skb holds its sender */
	skb_queue_tail(b->sk, skb);
	assert_int_equal(skb_queue_bytes(b->sk), sizeof data);
	assert_int_equal(b->sk->sk_rmem_alloc, sizeof data + SKB_OVERHEAD);
	skb_queue_purge(b->sk);
	assert_int_equal(a->sk->sk_wmem_alloc, 0);
	assert_int_equal(a->sk->refcnt, 1);
	assert_int_equal(b->sk->sk_rmem_alloc, 0);
	close_socket(a);
	close_socket(b);
}

int main(void)
{
	static struct task me;

	me.pid = me.tgid = 2;
	current = &me;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ephemeral_ports_in_order),
		cmocka_unit_test(bind_conflicts),
		cmocka_unit_test(lookup_prefers_exact),
		cmocka_unit_test(only_loopback_routes),
		cmocka_unit_test(unix_autobind_names),
		cmocka_unit_test(skb_charges_its_sender),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
