/* Network namespaces (Linux's include/net/net_namespace.h): what emu's in-emu network
 * keeps per namespace. A socket holds the namespace it was made in (sock->net):
 * its ports, its AF_UNIX abstract names and its loopback's state are that one's. */
#ifndef EMU_NET_NAMESPACE_H
#define EMU_NET_NAMESPACE_H
#include <emu/nsproxy.h>
#include <stdbool.h>
#include <stdint.h>

enum { NET_CONF_LO, NET_CONF_DEFAULT }; /* net.ipv4.conf's rows emu has */

struct net {
	struct ns_common ns;
	bool loopback_up;            /* lo: IFF_UP (a new namespace's starts down) */
	long ipv4_conf_tag[2];       /* net.ipv4.conf.{lo,default}.tag */
};
extern struct net init_net;

int copy_net_ns(uint64_t flags, struct net *old, struct user_namespace *user_ns,
		struct net **new);
struct net *get_net(struct net *net);
void put_net(struct net *net);
/* lo in net (kernel/net/dev_ioctl.c): its IFF_* flags; up or down, 0 or -EPERM */
unsigned dev_lo_flags(const struct net *net);
int dev_lo_set_up(struct net *net, bool up);
struct task;
struct net *task_net(const struct task *t); /* t's network namespace */
struct net *current_net(void);

#endif
