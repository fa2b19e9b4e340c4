#include <emu/net.h>
#include <errno.h>
int netlink_create(struct socket *sock, int protocol) { return -EAFNOSUPPORT; }
