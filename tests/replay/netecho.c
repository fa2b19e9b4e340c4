/* netecho IP TCPPORT UDPPORT: threads that talk to the echo servers on the host
 * (tests/net/echo_server.py) and race to print what comes back. Three TCP threads
 * (one connects without blocking and asks SO_ERROR, one sends a "slow" message the
 * server answers late) and one UDP thread; each prints its results a piece at a
 * time, so the output depends on when the host's answers came and how the threads
 * interleaved: a run that --replay must repeat byte for byte, without the server. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define ROUNDS 4

static struct sockaddr_in tcp_addr, udp_addr;

static void say(const char *fmt, int who, const char *what, long n)
{
	char out[160];
	int len = snprintf(out, sizeof out, fmt, who, what, n);

	write(1, out, len); /* unbuffered: the threads' lines interleave */
}

/* A non-blocking connect, finished by poll and SO_ERROR (who == 1). */
static int connect_nonblocking(int s)
{
	int err = 0;
	socklen_t len = sizeof err;
	struct pollfd p = { s, POLLOUT, 0 };

	fcntl(s, F_SETFL, O_NONBLOCK);
	if (connect(s, (struct sockaddr *)&tcp_addr, sizeof tcp_addr) == 0)
		return 0;
	if (errno != EINPROGRESS)
		return -1;
	poll(&p, 1, -1);
	getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len);
	fcntl(s, F_SETFL, 0);
	return err ? -1 : 0;
}

static void *tcp_client(void *arg)
{
	int who = (int)(long)arg, s = socket(AF_INET, SOCK_STREAM, 0);
	char msg[64], buf[64];
	struct sockaddr_in peer;
	socklen_t plen = sizeof peer;

	int r = who == 1 ? connect_nonblocking(s)
			 : connect(s, (struct sockaddr *)&tcp_addr, sizeof tcp_addr);

	if (r < 0) {
		say("tcp %d: connect failed %s%ld\n", who, "", errno);
		return NULL;
	}
	getpeername(s, (struct sockaddr *)&peer, &plen);
	say("tcp %d: connected to the server: %s%ld\n", who, "", peer.sin_port == tcp_addr.sin_port);
	for (int i = 0; i < ROUNDS; i++) {
		int n = snprintf(msg, sizeof msg, "%s%d.%d", who == 2 && i == 1 ? "slow" : "m", who, i);
		long sent = send(s, msg, n, 0), got = 0, r;
		while (got < sent && (r = recv(s, buf + got, sizeof buf - 1 - got, 0)) > 0)
			got += r;
		buf[got] = 0;
		say("tcp %d: echo %s (%ld bytes)\n", who, buf, got);
	}
	shutdown(s, SHUT_WR);
	say("tcp %d: after shutdown, recv %s%ld\n", who, "", recv(s, buf, sizeof buf, 0));
	close(s);
	return NULL;
}

static void *udp_client(void *arg)
{
	int who = (int)(long)arg, s = socket(AF_INET, SOCK_DGRAM, 0);
	char msg[32], buf[64];

	for (int i = 0; i < ROUNDS; i++) {
		struct sockaddr_in from;
		socklen_t flen = sizeof from;
		int n = snprintf(msg, sizeof msg, "u%d.%d", who, i);
		sendto(s, msg, n, 0, (struct sockaddr *)&udp_addr, sizeof udp_addr);
		long r = recvfrom(s, buf, sizeof buf - 1, 0, (struct sockaddr *)&from, &flen);
		buf[r > 0 ? r : 0] = 0;
		say("udp %d: echo %s from the server: %ld\n", who, buf,
		    from.sin_port == udp_addr.sin_port);
	}
	close(s);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[4];

	if (argc < 4)
		return 2;
	tcp_addr = (struct sockaddr_in){ .sin_family = AF_INET, .sin_port = htons(atoi(argv[2])) };
	udp_addr = (struct sockaddr_in){ .sin_family = AF_INET, .sin_port = htons(atoi(argv[3])) };
	inet_pton(AF_INET, argv[1], &tcp_addr.sin_addr);
	udp_addr.sin_addr = tcp_addr.sin_addr;
	for (long i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, tcp_client, (void *)i);
	pthread_create(&t[3], NULL, udp_client, (void *)3L);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	say("done: %d threads%s, %ld left\n", 4, "", 0);
	return 0;
}
