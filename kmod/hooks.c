// SPDX-License-Identifier: GPL-2.0
/*
 * The guard: a POST_ROUTING hook for IPv4 and IPv6 in every namespace, and
 * the per-namespace state it reads.
 */

#include <linux/moduleparam.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/percpu.h>
#include <linux/skbuff.h>
#include <net/netns/generic.h>

#include "leakblock.h"
#include "pktparse.h"

bool lb_start_disarmed;
module_param_named(start_disarmed, lb_start_disarmed, bool, 0444);
MODULE_PARM_DESC(start_disarmed,
		 "UNSAFE: load with the init namespace disarmed, so nothing is blocked until 'leakctl arm'");

static unsigned int lb_net_id __read_mostly;

struct lb_net *lb_net(const struct net *net)
{
	return net_generic(net, lb_net_id);
}

/*
 * Headers are nearly always in the linear part: parse them in place, and
 * copy only when the chain runs past it.
 */
static bool parse_skb(struct sk_buff *skb, u8 pf, struct lb_packet *pkt)
{
	bool (*parse)(const u8 *data, u32 len, struct lb_packet *pkt);
	unsigned int offset = skb_network_offset(skb);
	unsigned int linear, len;
	u8 buf[LB_PARSE_WINDOW];
	const u8 *data;

	parse = pf == NFPROTO_IPV4 ? lb_parse_ipv4 : lb_parse_ipv6;
	if (skb->len <= offset)
		return false;
	len = min_t(unsigned int, skb->len - offset, sizeof(buf));
	linear = skb_headlen(skb) > offset ? skb_headlen(skb) - offset : 0;
	if (linear < len) {
		if (parse(skb_network_header(skb), linear, pkt) &&
		    !(pkt->flags & LB_PKT_TRUNCATED))
			return true;
	}
	data = skb_header_pointer(skb, offset, len, buf);
	return data && parse(data, len, pkt);
}

static unsigned int lb_guard(void *priv, struct sk_buff *skb,
			     const struct nf_hook_state *state)
{
	struct lb_net *ln = lb_net(state->net);
	const struct lb_policy *policy = rcu_dereference(ln->policy);
	const struct net_device *out = state->out;
	struct lb_packet pkt;
	bool parsed = false;
	int reason;

	reason = lb_verdict_by_device(&policy->rules, out->name,
				      out->flags & IFF_LOOPBACK);
	if (reason == LB_VERDICT_UNDECIDED) {
		parsed = parse_skb(skb, state->pf, &pkt);
		reason = parsed ? lb_verdict_by_packet(&policy->rules, &pkt) :
				  LEAKBLOCK_REASON_DROP_MALFORMED;
	}
	this_cpu_inc(ln->counters->packets[state->pf == NFPROTO_IPV4 ?
					   LB_COUNT_IPV4 :
					   LB_COUNT_IPV6][reason]);
	if (lb_reason_passes(reason))
		return NF_ACCEPT;
	if (parsed)
		lb_events_blocked(skb, state, &pkt, reason);
	return NF_DROP;
}

/*
 * Last before conntrack confirms: every other hook has had its say, so we
 * judge the packet as it will leave, and a dropped one is never confirmed.
 */
static const struct nf_hook_ops lb_hook_ops[] = {
	{
		.hook = lb_guard,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_POST_ROUTING,
		.priority = NF_IP_PRI_LAST - 1,
	},
	{
		.hook = lb_guard,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_POST_ROUTING,
		.priority = NF_IP6_PRI_LAST - 1,
	},
};

void lb_counters_sum(const struct lb_net *ln, struct lb_counters *sum)
{
	int cpu, family, reason;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct lb_counters *c = per_cpu_ptr(ln->counters, cpu);

		sum->events_sent += READ_ONCE(c->events_sent);
		sum->events_suppressed += READ_ONCE(c->events_suppressed);
		for (family = 0; family < __LB_COUNT_FAMILIES; family++)
			for (reason = 0; reason < __LEAKBLOCK_REASON_COUNT;
			     reason++)
				sum->packets[family][reason] +=
					READ_ONCE(c->packets[family][reason]);
	}
}

/*
 * The init namespace is armed from the first packet; a new namespace starts
 * disarmed and is armed from inside it.
 */
static int __net_init lb_net_init(struct net *net)
{
	const struct lb_change initial = {
		.set_armed = true,
		.armed = net_eq(net, &init_net) && !lb_start_disarmed,
		.allow_selector = __LEAKBLOCK_ALLOW_ALL,
		.allow_value = LEAKBLOCK_ALLOW_DHCP | LEAKBLOCK_ALLOW_NDP,
	};
	struct lb_net *ln = lb_net(net);
	struct lb_policy *policy;
	int err;

	ln->counters = alloc_percpu(struct lb_counters);
	if (!ln->counters)
		return -ENOMEM;
	lb_events_init(ln);
	policy = lb_policy_create(NULL, &initial, NULL);
	if (IS_ERR(policy)) {
		err = PTR_ERR(policy);
		goto err_free_counters;
	}
	RCU_INIT_POINTER(ln->policy, policy);
	err = nf_register_net_hooks(net, lb_hook_ops, ARRAY_SIZE(lb_hook_ops));
	if (err)
		goto err_put_policy;
	return 0;

err_put_policy:
	lb_policy_put(policy);
err_free_counters:
	free_percpu(ln->counters);
	return err;
}

/* Before .exit frees the policy: packets in flight must stop reading it. */
static void __net_exit lb_net_pre_exit(struct net *net)
{
	nf_unregister_net_hooks(net, lb_hook_ops, ARRAY_SIZE(lb_hook_ops));
}

static void __net_exit lb_net_exit(struct net *net)
{
	struct lb_net *ln = lb_net(net);

	lb_policy_put(rcu_dereference_protected(ln->policy, true));
	free_percpu(ln->counters);
}

static struct pernet_operations lb_net_ops = {
	.init = lb_net_init,
	.pre_exit = lb_net_pre_exit,
	.exit = lb_net_exit,
	.id = &lb_net_id,
	.size = sizeof(struct lb_net),
};

int lb_hooks_init(void)
{
	return register_pernet_subsys(&lb_net_ops);
}

void lb_hooks_exit(void)
{
	unregister_pernet_subsys(&lb_net_ops);
}
