/* Addresses for the AF_INET and AF_INET6 guest tests (tcp.c, udp.c): each runs its
 * checks once per family, in the file's static `family`. */
#ifndef GUEST_INET_H
#define GUEST_INET_H
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

static int family;

/* ip:port of family fam in *ss: its length. */
static socklen_t make_addr_of(int fam, struct sockaddr_storage *ss, const char *ip, int port)
{
	memset(ss, 0, sizeof *ss);
	if (fam == AF_INET) {
		struct sockaddr_in *s = (struct sockaddr_in *)ss;
		s->sin_family = AF_INET;
		s->sin_port = htons(port);
		inet_pton(AF_INET, ip, &s->sin_addr);
		return sizeof *s;
	}
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	s6->sin6_family = AF_INET6;
	s6->sin6_port = htons(port);
	inet_pton(AF_INET6, ip, &s6->sin6_addr);
	return sizeof *s6;
}

static const char *loop_ip(void)
{
	return family == AF_INET ? "127.0.0.1" : "::1";
}

/* The local port fd is bound to. */
static int port_of(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;

	getsockname(fd, (struct sockaddr *)&ss, &len);
	return ntohs(ss.ss_family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
					     : ((struct sockaddr_in6 *)&ss)->sin6_port);
}
#endif
