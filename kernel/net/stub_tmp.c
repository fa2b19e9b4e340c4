#include <emu/net.h>
#include <errno.h>
int inet_create(struct socket *sock, int family, int protocol) { return -EAFNOSUPPORT; }
int netlink_create(struct socket *sock, int protocol) { return -EAFNOSUPPORT; }
