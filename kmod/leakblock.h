/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the parts of the module share: the per-namespace state, the policy
 * snapshot and the entry points of each file.
 */

#ifndef _LB_LEAKBLOCK_H
#define _LB_LEAKBLOCK_H

#include <linux/atomic.h>
#include <linux/netfilter.h>
#include <linux/netlink.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/types.h>
#include <net/net_namespace.h>

#include "dnsparse.h"
#include "verdict.h"

enum lb_counter_family {
	LB_COUNT_IPV4,
	LB_COUNT_IPV6,
	__LB_COUNT_FAMILIES
};

struct lb_counters {
	u64 packets[__LB_COUNT_FAMILIES][__LEAKBLOCK_REASON_COUNT];
	u64 events_sent;
	u64 events_suppressed;
};

/*
 * One immutable policy snapshot. Packets read it under RCU with no lock and
 * no reference; a dump holds a reference so it reads one generation whole.
 * The tunnels, endpoints and index live in the same allocation.
 */
struct lb_policy {
	struct lb_rules rules;
	u32 generation;
	refcount_t refs;
	struct rcu_head rcu;
};

struct lb_net {
	struct lb_policy __rcu *policy;
	struct lb_counters __percpu *counters;
	atomic64_t event_due_ns;	/* the event limit's clock, events.c */
	atomic64_t events_announced;	/* suppressed, and reported so */
};

/* One dropped packet, as an event tells it. */
struct lb_event {
	const struct lb_packet *pkt;
	enum leakblock_reason reason;
	const struct net_device *out;
	u32 suppressed;
	bool has_dns;
	struct lb_dns_question dns;
};

/* A validated request to change a namespace's policy. */
struct lb_change {
	u32 flags;			/* enum leakblock_flag */
	bool set_armed;
	bool armed;
	u32 allow_selector;
	u32 allow_value;
	const struct lb_tunnel *tunnels;
	u32 tunnel_count;
	const struct lb_endpoint *added;
	u32 added_count;
	/* Sorted in place once each has been found configured. */
	struct lb_endpoint *removed;
	u32 removed_count;
	/* The attribute of each removal, to point the caller at a bad one. */
	const struct nlattr *const *removed_attrs;
};

/* hooks.c */
extern bool lb_start_disarmed;
struct lb_net *lb_net(const struct net *net);
void lb_counters_sum(const struct lb_net *ln, struct lb_counters *sum);
int lb_hooks_init(void);
void lb_hooks_exit(void);

/* events.c */
void lb_events_init(struct lb_net *ln);
void lb_events_blocked(struct lb_net *ln, struct sk_buff *skb,
		       const struct nf_hook_state *state,
		       const struct lb_packet *pkt,
		       enum leakblock_reason reason);

/* policy.c */
struct lb_policy *lb_policy_create(const struct lb_policy *old,
				   const struct lb_change *change,
				   struct netlink_ext_ack *extack);
int lb_policy_update(struct net *net, const struct lb_change *change,
		     struct netlink_ext_ack *extack);
struct lb_policy *lb_policy_get(struct net *net);
void lb_policy_put(struct lb_policy *policy);

/* netlink.c */
int lb_genl_init(void);
void lb_genl_exit(void);
bool lb_genl_event_listeners(struct net *net);
int lb_genl_event(struct net *net, const struct lb_event *ev);

#endif /* _LB_LEAKBLOCK_H */
