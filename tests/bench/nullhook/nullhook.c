// SPDX-License-Identifier: GPL-2.0
/*
 * lbbench_nullhook: the benchmark's floors, POST_ROUTING hooks for IPv4 and
 * IPv6 at leakblock's priority. Built and loaded by the benchmark only
 * (tests/bench/run.sh), never installed.
 *
 * By default the hook only returns NF_ACCEPT: what any netfilter guard
 * costs before it looks at a packet. With minimal=1 the IPv4 hook is the
 * least any guard must do for a packet to a VPN server: pass loopback,
 * compare the device with one short tunnel name, check that the header is
 * in the linear part, is IPv4 without options and no later fragment, and
 * compare address, protocol and port with one endpoint; count the packet,
 * drop anything else. No policy to read, no lookup, no second name word:
 * leakblock's endpoint path does all that and more, so its cost cannot go
 * below this one's.
 */

#include <linux/inet.h>
#include <linux/ip.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/percpu.h>
#include <linux/udp.h>
#include <net/net_namespace.h>

static bool minimal;
module_param(minimal, bool, 0444);
MODULE_PARM_DESC(minimal, "the minimal endpoint check instead of accepting all");

/* The benchmark's tunnel (at most 7 bytes: one word) and endpoint. */
static char *tunnel = "wg0";
module_param(tunnel, charp, 0444);
static char *endpoint = "203.0.113.1";
module_param(endpoint, charp, 0444);
static ushort port = 51820;
module_param(port, ushort, 0444);

static u64 tunnel_word __read_mostly;
static u64 tunnel_mask __read_mostly;
static __be32 endpoint_addr __read_mostly;
static __be16 endpoint_port __read_mostly;
static DEFINE_PER_CPU(u64, minimal_passed);

static unsigned int nullhook_accept(void *priv, struct sk_buff *skb,
				    const struct nf_hook_state *state)
{
	return NF_ACCEPT;
}

static unsigned int minimal_guard(void *priv, struct sk_buff *skb,
				  const struct nf_hook_state *state)
{
	const struct net_device *out = state->out;
	const struct iphdr *iph = ip_hdr(skb);
	const struct udphdr *uh = (const struct udphdr *)(iph + 1);
	u64 name0;

	if (out->flags & IFF_LOOPBACK)
		return NF_ACCEPT;
	memcpy(&name0, out->name, sizeof(name0));
	if (!((name0 ^ tunnel_word) & tunnel_mask))
		return NF_ACCEPT;
	if (skb_tail_pointer(skb) - (const u8 *)iph < (long)sizeof(*iph) + 4 ||
	    *(const u8 *)iph != 0x45 || (iph->frag_off & htons(IP_OFFSET)) ||
	    iph->protocol != IPPROTO_UDP || iph->daddr != endpoint_addr ||
	    uh->dest != endpoint_port)
		return NF_DROP;
	this_cpu_inc(minimal_passed);
	return NF_ACCEPT;
}

static struct nf_hook_ops nullhook_ops[] = {
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
	u8 word[sizeof(tunnel_word)] = { 0 }, mask[sizeof(tunnel_mask)] = { 0 };
	size_t len = strlen(tunnel);

	if (minimal) {
		/* The name and its NUL must fit in the one word compared. */
		if (len >= sizeof(word) || !in4_pton(endpoint, -1,
						      (u8 *)&endpoint_addr,
						      -1, NULL))
			return -EINVAL;
		memcpy(word, tunnel, len);
		memset(mask, 0xff, len + 1);
		memcpy(&tunnel_word, word, sizeof(word));
		memcpy(&tunnel_mask, mask, sizeof(mask));
		endpoint_port = htons(port);
		nullhook_ops[0].hook = minimal_guard;
	}
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
MODULE_DESCRIPTION("leakblock benchmark: floor hooks, accept-all or a minimal endpoint check");
