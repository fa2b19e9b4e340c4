/* Network namespaces (Linux's net/core/net_namespace.c): each has its own loopback
 * device (down in a new namespace until it is brought up), its own ports and AF_UNIX
 * abstract names (a socket carries the namespace it was made in) and its own
 * net.ipv4.conf sysctls, which start from the initial namespace's defaults. Only the
 * initial namespace reaches the host's network (--net=host). */
#include <emu/net_namespace.h>
#include <emu/task.h>
#include <emu/user_namespace.h>
#include <errno.h>
#include <linux/sched.h>
#include <stdlib.h>

struct net init_net = {
	.ns = { .type = CLONE_NEWNET, .inum = PROC_NET_INIT_INO, .count = 1,
		.user_ns = &init_user_ns },
	.loopback_up = true,
};

struct net *get_net(struct net *net)
{
	net->ns.count++;
	return net;
}

void put_net(struct net *net)
{
	if (!net || --net->ns.count > 0 || net == &init_net)
		return;
	ns_free(&net->ns);
	free(net);
}

/* Linux's devinet_init_net: "default" and "all" copied from the initial namespace
 * (net.core.devconf_inherit_init_net = 0), and lo made from "default". */
int copy_net_ns(uint64_t flags, struct net *old, struct user_namespace *user_ns,
		struct net **new)
{
	struct net *net;

	if (!(flags & CLONE_NEWNET)) {
		*new = get_net(old);
		return 0;
	}
	if (!(net = calloc(1, sizeof *net)))
		return -ENOMEM;
	ns_init(&net->ns, CLONE_NEWNET, user_ns);
	net->ipv4_conf_tag[NET_CONF_DEFAULT] = init_net.ipv4_conf_tag[NET_CONF_DEFAULT];
	net->ipv4_conf_tag[NET_CONF_LO] = net->ipv4_conf_tag[NET_CONF_DEFAULT];
	*new = net;
	return 0;
}

struct net *task_net(const struct task *t)
{
	return task_nsproxy(t)->net_ns;
}

struct net *current_net(void)
{
	return task_net(current);
}
