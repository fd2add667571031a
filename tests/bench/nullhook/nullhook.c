// SPDX-License-Identifier: GPL-2.0
/*
 * lbbench_nullhook: the benchmark's floor. A POST_ROUTING hook for IPv4 and
 * IPv6 at leakblock's priority that only returns NF_ACCEPT: what any
 * netfilter guard costs before it looks at a packet. Built and loaded by
 * the benchmark only (tests/bench/run.sh), never installed.
 */

#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <net/net_namespace.h>

static unsigned int nullhook_accept(void *priv, struct sk_buff *skb,
				    const struct nf_hook_state *state)
{
	return NF_ACCEPT;
}

static const struct nf_hook_ops nullhook_ops[] = {
	{
		.hook = nullhook_accept,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_POST_ROUTING,
		.priority = NF_IP_PRI_LAST - 1,
	},
	{
		.hook = nullhook_accept,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_POST_ROUTING,
		.priority = NF_IP6_PRI_LAST - 1,
	},
};

static int __init nullhook_init(void)
{
	return nf_register_net_hooks(&init_net, nullhook_ops,
				     ARRAY_SIZE(nullhook_ops));
}

static void __exit nullhook_exit(void)
{
	nf_unregister_net_hooks(&init_net, nullhook_ops,
				ARRAY_SIZE(nullhook_ops));
}

module_init(nullhook_init);
module_exit(nullhook_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("leakblock benchmark: a POST_ROUTING hook that accepts everything");
