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

/* Older kernels (DKMS) may lack it; it only saves clearing the stack. */
#ifndef __uninitialized
#define __uninitialized
#endif

bool lb_start_disarmed;
module_param_named(start_disarmed, lb_start_disarmed, bool, 0444);
MODULE_PARM_DESC(start_disarmed,
		 "UNSAFE: load with the init namespace disarmed, so nothing is blocked until 'leakctl arm'");

static unsigned int lb_net_id __read_mostly;

/*
 * The namespace's state and its own copy of the hook ops, whose .priv
 * points at that state: the hook finds it without net_generic()'s lookup
 * (and the rcu_read_lock() round trip that takes).
 */
struct lb_net_hooks {
	struct lb_net ln;
	struct nf_hook_ops ops[2];
};

struct lb_net *lb_net(const struct net *net)
{
	struct lb_net_hooks *nh = net_generic(net, lb_net_id);

	return &nh->ln;
}

/* Parses one family's headers; direct calls, not through a pointer. */
static bool parse_headers(u8 pf, const u8 *data, u32 len,
			  struct lb_packet *pkt)
{
	if (pf == NFPROTO_IPV4)
		return lb_parse_ipv4(data, len, pkt);
	return lb_parse_ipv6(data, len, pkt);
}

/*
 * The rare case of headers that run past the linear part: copied out into
 * a window on this frame only, so the common case does not even reserve
 * (and, with CONFIG_INIT_STACK_ALL_ZERO, clear) the buffer.
 */
static noinline bool parse_skb_copy(struct sk_buff *skb, u8 pf,
				    unsigned int offset, unsigned int len,
				    struct lb_packet *pkt)
{
	u8 buf[LB_PARSE_WINDOW];
	const u8 *data;

	data = skb_header_pointer(skb, offset, len, buf);
	return data && parse_headers(pf, data, len, pkt);
}

/*
 * Headers are nearly always in the linear part: parse them in place, and
 * copy only when the chain runs past it.
 */
static bool parse_skb(struct sk_buff *skb, u8 pf, struct lb_packet *pkt)
{
	unsigned int offset = skb_network_offset(skb);
	unsigned int linear, len;

	if (skb->len <= offset)
		return false;
	len = min_t(unsigned int, skb->len - offset, LB_PARSE_WINDOW);
	linear = skb_headlen(skb) > offset ? skb_headlen(skb) - offset : 0;
	if (linear >= len)
		return parse_headers(pf, skb_network_header(skb), len, pkt);
	if (parse_headers(pf, skb_network_header(skb), linear, pkt) &&
	    !(pkt->flags & LB_PKT_TRUNCATED))
		return true;
	return parse_skb_copy(skb, pf, offset, len, pkt);
}

/* The bytes from the network header on that may be read in place. */
static __always_inline u32 linear_network_bytes(const struct sk_buff *skb)
{
	long linear = skb_tail_pointer(skb) - skb_network_header(skb);

	return linear > 0 ? linear : 0;
}

static __always_inline void lb_count(struct lb_net *ln, u8 pf, int reason)
{
	this_cpu_inc(ln->counters->packets[pf == NFPROTO_IPV4 ?
					   LB_COUNT_IPV4 :
					   LB_COUNT_IPV6][reason]);
}

/*
 * The verdict on the packet itself, once its device did not decide: apart,
 * so the device's fast path (tunnels, loopback) carries no lb_packet.
 */
static noinline unsigned int lb_guard_packet(struct lb_net *ln,
					     const struct lb_rules *rules,
					     struct sk_buff *skb,
					     const struct nf_hook_state *state)
{
	/* Both parsers set every byte before anything reads it. */
	struct lb_packet pkt __uninitialized;
	int reason;

	/* An endpoint for any port or protocol: still no need to parse. */
	if (state->pf == NFPROTO_IPV4 &&
	    lb_verdict_fast4_any(rules, skb_network_header(skb),
				 linear_network_bytes(skb)) ==
	    LEAKBLOCK_REASON_PASS_ENDPOINT) {
		lb_count(ln, NFPROTO_IPV4, LEAKBLOCK_REASON_PASS_ENDPOINT);
		return NF_ACCEPT;
	}
	if (!parse_skb(skb, state->pf, &pkt)) {
		lb_count(ln, state->pf, LEAKBLOCK_REASON_DROP_MALFORMED);
		return NF_DROP;
	}
	reason = lb_verdict_by_packet(rules, &pkt);
	lb_count(ln, state->pf, reason);
	if (lb_reason_passes(reason))
		return NF_ACCEPT;
	lb_events_blocked(ln, skb, state, &pkt, reason);
	return NF_DROP;
}

/*
 * The verdict on a packet its device left to decide, under the same
 * snapshot's @rules: the fast path reads one to a VPN server in place, the
 * full parse does the rest. @pf is a constant wherever it is inlined.
 */
static __always_inline unsigned int
lb_guard_by_packet(struct lb_net *ln, const struct lb_rules *rules,
		   struct sk_buff *skb, const struct nf_hook_state *state, u8 pf)
{
	if (lb_verdict_fast(rules, pf == NFPROTO_IPV4 ? LB_FAMILY_IPV4 :
							LB_FAMILY_IPV6,
			    skb_network_header(skb),
			    linear_network_bytes(skb)) ==
	    LEAKBLOCK_REASON_PASS_ENDPOINT) {
		lb_count(ln, pf, LEAKBLOCK_REASON_PASS_ENDPOINT);
		return NF_ACCEPT;
	}
	return lb_guard_packet(ln, rules, skb, state);
}

/*
 * Out of line, for rules whose device check is not the common case (see
 * struct lb_rules): the hook's own path then needs no registers for it.
 * It reads the snapshot again, and judges by that one alone.
 */
static noinline unsigned int lb_guard_general(struct lb_net *ln,
					      struct sk_buff *skb,
					      const struct nf_hook_state *state)
{
	const struct lb_policy *policy = rcu_dereference(ln->policy);
	const struct net_device *out = state->out;
	int reason;

	reason = lb_verdict_by_device(&policy->rules, out->name,
				      out->flags & IFF_LOOPBACK);
	if (reason == LB_VERDICT_UNDECIDED)
		return state->pf == NFPROTO_IPV4 ?
		       lb_guard_by_packet(ln, &policy->rules, skb, state,
					  NFPROTO_IPV4) :
		       lb_guard_by_packet(ln, &policy->rules, skb, state,
					  NFPROTO_IPV6);
	lb_count(ln, state->pf, reason);
	return lb_reason_passes(reason) ? NF_ACCEPT : NF_DROP;
}

/*
 * Runs under the RCU read lock that the netfilter core holds for hooks.
 * The device decides most packets (tunnel, loopback), the packet itself the
 * rest. One hook per family, so that @pf is a constant.
 */
static __always_inline unsigned int lb_guard(struct lb_net *ln,
					     struct sk_buff *skb,
					     const struct nf_hook_state *state,
					     u8 pf)
{
	const struct lb_policy *policy = rcu_dereference(ln->policy);
	const struct lb_rules *rules = &policy->rules;
	const struct net_device *out = state->out;
	int reason;

	reason = lb_verdict_by_device_fast(rules, out->name,
					   out->flags & IFF_LOOPBACK);
	if (reason == LB_VERDICT_UNDECIDED)
		return lb_guard_by_packet(ln, rules, skb, state, pf);
	if (unlikely(reason == LB_VERDICT_GENERAL))
		return lb_guard_general(ln, skb, state);
	lb_count(ln, pf, reason);
	return NF_ACCEPT;	/* loopback or tunnel */
}

static unsigned int lb_guard_ipv4(void *priv, struct sk_buff *skb,
				  const struct nf_hook_state *state)
{
	return lb_guard(priv, skb, state, NFPROTO_IPV4);
}

static unsigned int lb_guard_ipv6(void *priv, struct sk_buff *skb,
				  const struct nf_hook_state *state)
{
	return lb_guard(priv, skb, state, NFPROTO_IPV6);
}

/*
 * Last before conntrack confirms: every other hook has had its say, so we
 * judge the packet as it will leave, and a dropped one is never confirmed.
 * Each namespace registers a copy, with .priv set to its own state.
 */
static const struct nf_hook_ops lb_hook_ops[] = {
	{
		.hook = lb_guard_ipv4,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_POST_ROUTING,
		.priority = NF_IP_PRI_LAST - 1,
	},
	{
		.hook = lb_guard_ipv6,
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
	struct lb_net_hooks *nh = net_generic(net, lb_net_id);
	struct lb_net *ln = &nh->ln;
	struct lb_policy *policy;
	int err, i;

	BUILD_BUG_ON(ARRAY_SIZE(nh->ops) != ARRAY_SIZE(lb_hook_ops));

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
	for (i = 0; i < ARRAY_SIZE(nh->ops); i++) {
		nh->ops[i] = lb_hook_ops[i];
		nh->ops[i].priv = ln;
	}
	err = nf_register_net_hooks(net, nh->ops, ARRAY_SIZE(nh->ops));
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
	struct lb_net_hooks *nh = net_generic(net, lb_net_id);

	nf_unregister_net_hooks(net, nh->ops, ARRAY_SIZE(nh->ops));
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
	.size = sizeof(struct lb_net_hooks),
};

int lb_hooks_init(void)
{
	return register_pernet_subsys(&lb_net_ops);
}

void lb_hooks_exit(void)
{
	unregister_pernet_subsys(&lb_net_ops);
}
