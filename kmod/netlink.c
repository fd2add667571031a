// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family: GET dumps a namespace's policy and counters,
 * SET changes the policy atomically. The protocol is documented in
 * include/uapi/linux/leakblock.h.
 */

#include <linux/if.h>
#include <linux/in.h>
#include <linux/mm.h>
#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "leakblock.h"

static struct genl_family lb_genl_family;

static const struct nla_policy tunnel_policy[LEAKBLOCK_TUNNEL_A_MAX + 1] = {
	[LEAKBLOCK_TUNNEL_A_NAME] = { .type = NLA_NUL_STRING,
				      .len = IFNAMSIZ - 1 },
	[LEAKBLOCK_TUNNEL_A_FLAGS] =
		NLA_POLICY_MASK(NLA_U32, __LEAKBLOCK_TUNNEL_F_ALL),
};

static const struct nla_policy endpoint_policy[LEAKBLOCK_ENDPOINT_A_MAX + 1] = {
	[LEAKBLOCK_ENDPOINT_A_IPV4] = NLA_POLICY_EXACT_LEN(4),
	[LEAKBLOCK_ENDPOINT_A_IPV6] = NLA_POLICY_EXACT_LEN(16),
	[LEAKBLOCK_ENDPOINT_A_PROTO] = { .type = NLA_U8 },
	[LEAKBLOCK_ENDPOINT_A_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[LEAKBLOCK_ENDPOINT_A_FLAGS] =
		NLA_POLICY_MASK(NLA_U32, __LEAKBLOCK_ENDPOINT_F_ALL),
};

static const struct nla_policy set_policy[LEAKBLOCK_A_MAX + 1] = {
	[LEAKBLOCK_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, __LEAKBLOCK_F_ALL),
	[LEAKBLOCK_A_ARMED] = NLA_POLICY_MAX(NLA_U8, 1),
	[LEAKBLOCK_A_ALLOW] = NLA_POLICY_BITFIELD32(__LEAKBLOCK_ALLOW_ALL),
	[LEAKBLOCK_A_TUNNELS] = NLA_POLICY_NESTED_ARRAY(tunnel_policy),
	[LEAKBLOCK_A_ENDPOINT] = NLA_POLICY_NESTED(endpoint_policy),
};

/* Whether @e can be an endpoint; if not, @extack says why. */
static bool endpoint_address_ok(const struct lb_endpoint *e,
				const struct nlattr *attr,
				struct netlink_ext_ack *extack)
{
	static const u8 unspecified[LB_ADDR_LEN];
	static const u8 v4_mapped[12] = { [10] = 0xff, [11] = 0xff };
	const u8 *a = e->addr;

	if (!memcmp(a, unspecified, sizeof(unspecified))) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "an endpoint address must not be unspecified");
		return false;
	}
	if (e->family == LB_FAMILY_IPV4 ?
	    (a[0] & 0xf0) == 0xe0 || !memcmp(a, "\xff\xff\xff\xff", 4) :
	    a[0] == 0xff) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "an endpoint address must be unicast");
		return false;
	}
	/* Such packets leave as IPv4: the rule would never match. */
	if (e->family == LB_FAMILY_IPV6 &&
	    !memcmp(a, v4_mapped, sizeof(v4_mapped))) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "an IPv4-mapped endpoint must be given as IPv4");
		return false;
	}
	return true;
}

static int parse_endpoint(const struct nlattr *attr, struct lb_endpoint *e,
			  bool *remove, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[LEAKBLOCK_ENDPOINT_A_MAX + 1];
	const struct nlattr *addr;
	int err;

	err = nla_parse_nested(tb, LEAKBLOCK_ENDPOINT_A_MAX, attr,
			       endpoint_policy, extack);
	if (err)
		return err;

	memset(e, 0, sizeof(*e));
	if (!!tb[LEAKBLOCK_ENDPOINT_A_IPV4] == !!tb[LEAKBLOCK_ENDPOINT_A_IPV6]) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "an endpoint needs exactly one of IPV4 or IPV6");
		return -EINVAL;
	}
	addr = tb[LEAKBLOCK_ENDPOINT_A_IPV4] ?: tb[LEAKBLOCK_ENDPOINT_A_IPV6];
	e->family = tb[LEAKBLOCK_ENDPOINT_A_IPV4] ? LB_FAMILY_IPV4 :
						    LB_FAMILY_IPV6;
	nla_memcpy(e->addr, addr, sizeof(e->addr));
	if (!endpoint_address_ok(e, addr, extack))
		return -EINVAL;

	if (tb[LEAKBLOCK_ENDPOINT_A_PROTO]) {
		e->proto = nla_get_u8(tb[LEAKBLOCK_ENDPOINT_A_PROTO]);
		/*
		 * The packet path relies on it: it reads the ports of a UDP
		 * or TCP header, and finds no key that names another
		 * protocol (lb_verdict_fast()).
		 */
		if (e->proto != IPPROTO_UDP && e->proto != IPPROTO_TCP) {
			NL_SET_ERR_MSG_ATTR(extack,
					    tb[LEAKBLOCK_ENDPOINT_A_PROTO],
					    "the protocol must be UDP or TCP");
			return -EINVAL;
		}
	}
	if (tb[LEAKBLOCK_ENDPOINT_A_PORT])
		e->port = nla_get_u16(tb[LEAKBLOCK_ENDPOINT_A_PORT]);
	*remove = tb[LEAKBLOCK_ENDPOINT_A_FLAGS] &&
		  (nla_get_u32(tb[LEAKBLOCK_ENDPOINT_A_FLAGS]) &
		   LEAKBLOCK_ENDPOINT_F_REMOVE);
	return 0;
}

static int parse_tunnel(const struct nlattr *attr, struct lb_tunnel *tunnel,
			struct netlink_ext_ack *extack)
{
	struct nlattr *tb[LEAKBLOCK_TUNNEL_A_MAX + 1];
	char name[IFNAMSIZ];
	int err;

	err = nla_parse_nested(tb, LEAKBLOCK_TUNNEL_A_MAX, attr, tunnel_policy,
			       extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, attr, tb, LEAKBLOCK_TUNNEL_A_NAME)) {
		NL_SET_ERR_MSG_MOD(extack, "a tunnel needs a name");
		return -EINVAL;
	}

	nla_strscpy(name, tb[LEAKBLOCK_TUNNEL_A_NAME], sizeof(name));
	/* A prefix must itself be a valid name, so "" cannot match all. */
	if (!dev_valid_name(name)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[LEAKBLOCK_TUNNEL_A_NAME],
				    "not a valid interface name");
		return -EINVAL;
	}
	lb_tunnel_init(tunnel, name,
		       tb[LEAKBLOCK_TUNNEL_A_FLAGS] &&
		       (nla_get_u32(tb[LEAKBLOCK_TUNNEL_A_FLAGS]) &
			LEAKBLOCK_TUNNEL_F_PREFIX));
	return 0;
}

/* What a SET request holds, in arrays owned by the request. */
struct set_request {
	struct lb_change change;
	struct lb_tunnel *tunnels;
	struct lb_endpoint *added;
	struct lb_endpoint *removed;
	const struct nlattr **removed_attrs;
};

static void set_request_free(struct set_request *req)
{
	kvfree(req->tunnels);
	kvfree(req->added);
	kvfree(req->removed);
	kvfree(req->removed_attrs);
}

static int parse_tunnels(const struct nlattr *tunnels, struct set_request *req,
			 struct netlink_ext_ack *extack)
{
	const struct nlattr *attr;
	u32 count = 0;
	int rem, err;

	nla_for_each_nested(attr, tunnels, rem)
		count++;
	if (count > LEAKBLOCK_MAX_TUNNELS) {
		NL_SET_ERR_MSG_ATTR(extack, tunnels,
				    "too many tunnels, at most "
				    __stringify(LEAKBLOCK_MAX_TUNNELS));
		return -E2BIG;
	}
	req->tunnels = kvcalloc(max(count, 1U), sizeof(*req->tunnels),
				GFP_KERNEL);
	if (!req->tunnels)
		return -ENOMEM;
	nla_for_each_nested(attr, tunnels, rem) {
		err = parse_tunnel(attr, &req->tunnels[req->change.tunnel_count],
				   extack);
		if (err)
			return err;
		req->change.tunnel_count++;
	}
	req->change.tunnels = req->tunnels;
	return 0;
}

/*
 * Endpoints are repeated top-level attributes (a nest would be capped at
 * 64 KiB), so walk the whole message rather than info->attrs.
 */
static int parse_endpoints(const struct genl_info *info,
			   struct set_request *req,
			   struct netlink_ext_ack *extack)
{
	struct lb_change *change = &req->change;
	const struct nlattr *attr;
	u32 count = 0;
	int rem, err;

	nlmsg_for_each_attr(attr, info->nlhdr, GENL_HDRLEN, rem)
		if (nla_type(attr) == LEAKBLOCK_A_ENDPOINT)
			count++;
	if (!count)
		return 0;
	if (count > 2 * LEAKBLOCK_MAX_ENDPOINTS) {
		NL_SET_ERR_MSG_MOD(extack, "too many endpoints, at most "
				   __stringify(LEAKBLOCK_MAX_ENDPOINTS));
		return -E2BIG;
	}
	req->added = kvmalloc_array(count, sizeof(*req->added), GFP_KERNEL);
	req->removed = kvmalloc_array(count, sizeof(*req->removed), GFP_KERNEL);
	req->removed_attrs = kvmalloc_array(count, sizeof(*req->removed_attrs),
					    GFP_KERNEL);
	if (!req->added || !req->removed || !req->removed_attrs)
		return -ENOMEM;

	nlmsg_for_each_attr(attr, info->nlhdr, GENL_HDRLEN, rem) {
		struct lb_endpoint e;
		bool remove;

		if (nla_type(attr) != LEAKBLOCK_A_ENDPOINT)
			continue;
		err = parse_endpoint(attr, &e, &remove, extack);
		if (err)
			return err;
		if (!remove) {
			req->added[change->added_count++] = e;
			continue;
		}
		if (change->flags & LEAKBLOCK_F_REPLACE_ENDPOINTS) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "cannot remove endpoints while replacing them");
			return -EINVAL;
		}
		req->removed_attrs[change->removed_count] = attr;
		req->removed[change->removed_count++] = e;
	}
	change->added = req->added;
	change->removed = req->removed;
	change->removed_attrs = req->removed_attrs;
	return 0;
}

static int parse_set_request(const struct genl_info *info,
			     struct set_request *req)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **attrs = info->attrs;
	struct lb_change *change = &req->change;
	bool empty = true;
	int i;

	for (i = 1; i <= LEAKBLOCK_A_MAX; i++)
		empty &= !attrs[i];
	if (empty) {
		NL_SET_ERR_MSG_MOD(extack, "the request changes nothing");
		return -EINVAL;
	}

	if (attrs[LEAKBLOCK_A_FLAGS])
		change->flags = nla_get_u32(attrs[LEAKBLOCK_A_FLAGS]);
	if (attrs[LEAKBLOCK_A_ARMED]) {
		change->set_armed = true;
		change->armed = nla_get_u8(attrs[LEAKBLOCK_A_ARMED]);
	}
	if (attrs[LEAKBLOCK_A_ALLOW]) {
		struct nla_bitfield32 allow =
			nla_get_bitfield32(attrs[LEAKBLOCK_A_ALLOW]);

		change->allow_selector = allow.selector;
		change->allow_value = allow.value;
	}
	if (attrs[LEAKBLOCK_A_TUNNELS]) {
		int err = parse_tunnels(attrs[LEAKBLOCK_A_TUNNELS], req,
					extack);

		if (err)
			return err;
	}
	return parse_endpoints(info, req, extack);
}

static int lb_nl_set(struct sk_buff *skb, struct genl_info *info)
{
	struct set_request req = {};
	int err;

	err = parse_set_request(info, &req);
	if (!err)
		err = lb_policy_update(genl_info_net(info), &req.change,
				       info->extack);
	set_request_free(&req);
	return err;
}

/*
 * A dump pins one snapshot for its whole life, so it never mixes two
 * generations. cb->args: [0] the snapshot, [1] endpoints sent, [2] whether
 * the first message (everything but the endpoints) went out.
 */
enum {
	DUMP_POLICY,
	DUMP_NEXT_ENDPOINT,
	DUMP_HEADER_SENT,
};

static int lb_nl_get_start(struct netlink_callback *cb)
{
	struct lb_policy *policy = lb_policy_get(sock_net(cb->skb->sk));

	if (!policy)
		return -ENODEV;
	cb->args[DUMP_POLICY] = (long)policy;
	return 0;
}

static int lb_nl_get_done(struct netlink_callback *cb)
{
	lb_policy_put((struct lb_policy *)cb->args[DUMP_POLICY]);
	return 0;
}

static int put_tunnels(struct sk_buff *skb, const struct lb_rules *rules)
{
	struct nlattr *tunnels, *tunnel;
	u32 i;

	tunnels = nla_nest_start(skb, LEAKBLOCK_A_TUNNELS);
	if (!tunnels)
		return -EMSGSIZE;
	for (i = 0; i < rules->tunnel_count; i++) {
		const struct lb_tunnel *t = &rules->tunnels[i];

		tunnel = nla_nest_start(skb, 0);
		if (!tunnel ||
		    nla_put_string(skb, LEAKBLOCK_TUNNEL_A_NAME, t->name) ||
		    nla_put_u32(skb, LEAKBLOCK_TUNNEL_A_FLAGS,
				t->prefix ? LEAKBLOCK_TUNNEL_F_PREFIX : 0))
			return -EMSGSIZE;
		nla_nest_end(skb, tunnel);
	}
	nla_nest_end(skb, tunnels);
	return 0;
}

static int put_counters(struct sk_buff *skb, const struct lb_counters *sum)
{
	struct nlattr *counters, *counter;
	int reason;

	counters = nla_nest_start(skb, LEAKBLOCK_A_COUNTERS);
	if (!counters)
		return -EMSGSIZE;
	for (reason = 0; reason < __LEAKBLOCK_REASON_COUNT; reason++) {
		counter = nla_nest_start(skb, 0);
		if (!counter ||
		    nla_put_u32(skb, LEAKBLOCK_COUNTER_A_REASON, reason) ||
		    nla_put_u64_64bit(skb, LEAKBLOCK_COUNTER_A_IPV4,
				      sum->packets[LB_COUNT_IPV4][reason],
				      LEAKBLOCK_COUNTER_A_PAD) ||
		    nla_put_u64_64bit(skb, LEAKBLOCK_COUNTER_A_IPV6,
				      sum->packets[LB_COUNT_IPV6][reason],
				      LEAKBLOCK_COUNTER_A_PAD))
			return -EMSGSIZE;
		nla_nest_end(skb, counter);
	}
	nla_nest_end(skb, counters);
	return 0;
}

static int put_header(struct sk_buff *skb, struct net *net,
		      const struct lb_policy *policy)
{
	const struct lb_rules *rules = &policy->rules;
	struct nla_bitfield32 allow = {
		.value = rules->allow,
		.selector = __LEAKBLOCK_ALLOW_ALL,
	};
	struct lb_counters sum;

	lb_counters_sum(lb_net(net), &sum);
	if (nla_put_u32(skb, LEAKBLOCK_A_GENERATION, policy->generation) ||
	    nla_put_u8(skb, LEAKBLOCK_A_ARMED, rules->armed) ||
	    nla_put(skb, LEAKBLOCK_A_ALLOW, sizeof(allow), &allow) ||
	    nla_put_u32(skb, LEAKBLOCK_A_ENDPOINT_COUNT,
			rules->endpoints.count) ||
	    nla_put_u64_64bit(skb, LEAKBLOCK_A_EVENTS_SENT, sum.events_sent,
			      LEAKBLOCK_A_PAD) ||
	    nla_put_u64_64bit(skb, LEAKBLOCK_A_EVENTS_SUPPRESSED,
			      sum.events_suppressed, LEAKBLOCK_A_PAD))
		return -EMSGSIZE;
	return put_tunnels(skb, rules) ?: put_counters(skb, &sum);
}

static int put_endpoint(struct sk_buff *skb, const struct lb_endpoint *e)
{
	struct nlattr *nest = nla_nest_start(skb, LEAKBLOCK_A_ENDPOINT);

	if (!nest)
		return -EMSGSIZE;
	if (e->family == LB_FAMILY_IPV4 ?
	    nla_put(skb, LEAKBLOCK_ENDPOINT_A_IPV4, 4, e->addr) :
	    nla_put(skb, LEAKBLOCK_ENDPOINT_A_IPV6, 16, e->addr))
		goto cancel;
	if (e->proto && nla_put_u8(skb, LEAKBLOCK_ENDPOINT_A_PROTO, e->proto))
		goto cancel;
	if (e->port && nla_put_u16(skb, LEAKBLOCK_ENDPOINT_A_PORT, e->port))
		goto cancel;
	nla_nest_end(skb, nest);
	return 0;

cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

static int lb_nl_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct lb_policy *policy = (void *)cb->args[DUMP_POLICY];
	const struct lb_endpoint_set *set = &policy->rules.endpoints;
	u32 next = cb->args[DUMP_NEXT_ENDPOINT];
	void *hdr;
	int err;

	if (cb->args[DUMP_HEADER_SENT] && next >= set->count)
		return 0;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &lb_genl_family, NLM_F_MULTI, LEAKBLOCK_CMD_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (!cb->args[DUMP_HEADER_SENT]) {
		err = put_header(skb, sock_net(cb->skb->sk), policy);
		if (err) {
			genlmsg_cancel(skb, hdr);
			return err;
		}
		cb->args[DUMP_HEADER_SENT] = true;
	}
	/* As many endpoints as fit; the next call resumes after them. */
	for (; next < set->count; next++)
		if (put_endpoint(skb, &set->entries[next]))
			break;
	cb->args[DUMP_NEXT_ENDPOINT] = next;
	genlmsg_end(skb, hdr);
	return skb->len;
}

static const struct genl_ops lb_genl_ops[] = {
	{
		.cmd = LEAKBLOCK_CMD_GET,
		.start = lb_nl_get_start,
		.dumpit = lb_nl_get_dumpit,
		.done = lb_nl_get_done,
		/* No policy: the core rejects any attribute. */
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = LEAKBLOCK_CMD_SET,
		.doit = lb_nl_set,
		.policy = set_policy,
		.maxattr = LEAKBLOCK_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

/* Events name other users' destinations: only for the namespace's admin. */
static const struct genl_multicast_group lb_genl_mcgrps[] = {
	{ .name = LEAKBLOCK_MCGRP_EVENTS, .flags = GENL_UNS_ADMIN_PERM },
};

static struct genl_family lb_genl_family __ro_after_init = {
	.ops = lb_genl_ops,
	.n_ops = ARRAY_SIZE(lb_genl_ops),
	.mcgrps = lb_genl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(lb_genl_mcgrps),
	.resv_start_op = LEAKBLOCK_CMD_SET + 1,
	.name = LEAKBLOCK_GENL_NAME,
	.version = LEAKBLOCK_GENL_VERSION,
	.maxattr = LEAKBLOCK_A_MAX,
	.module = THIS_MODULE,
	.netnsok = true,
};

bool lb_genl_event_listeners(struct net *net)
{
	return genl_has_listeners(&lb_genl_family, net, 0);
}

static int put_address(struct sk_buff *skb, int v4_type, int v6_type,
		       const struct lb_packet *pkt, const u8 *addr)
{
	if (pkt->family == LB_FAMILY_IPV4)
		return nla_put(skb, v4_type, 4, addr);
	return nla_put(skb, v6_type, 16, addr);
}

static int put_event(struct sk_buff *skb, struct net *net,
		     const struct lb_event *ev)
{
	const struct lb_packet *pkt = ev->pkt;
	struct nlattr *event = nla_nest_start(skb, LEAKBLOCK_A_EVENT);

	if (!event ||
	    nla_put_u64_64bit(skb, LEAKBLOCK_EVENT_A_TIME, ktime_get_real_ns(),
			      LEAKBLOCK_EVENT_A_PAD) ||
	    nla_put_u64_64bit(skb, LEAKBLOCK_EVENT_A_NETNS_COOKIE,
			      net->net_cookie, LEAKBLOCK_EVENT_A_PAD) ||
	    nla_put_u32(skb, LEAKBLOCK_EVENT_A_REASON, ev->reason) ||
	    put_address(skb, LEAKBLOCK_EVENT_A_SRC_IPV4,
			LEAKBLOCK_EVENT_A_SRC_IPV6, pkt, pkt->saddr) ||
	    put_address(skb, LEAKBLOCK_EVENT_A_DST_IPV4,
			LEAKBLOCK_EVENT_A_DST_IPV6, pkt, pkt->daddr) ||
	    nla_put_u32(skb, LEAKBLOCK_EVENT_A_IFINDEX, ev->out->ifindex) ||
	    nla_put_string(skb, LEAKBLOCK_EVENT_A_IFNAME, ev->out->name) ||
	    nla_put_u32(skb, LEAKBLOCK_EVENT_A_SUPPRESSED, ev->suppressed))
		return -EMSGSIZE;
	if ((pkt->flags & LB_PKT_TRANSPORT) &&
	    nla_put_u8(skb, LEAKBLOCK_EVENT_A_PROTO, pkt->proto))
		return -EMSGSIZE;
	if ((pkt->flags & LB_PKT_PORTS) &&
	    (nla_put_u16(skb, LEAKBLOCK_EVENT_A_SPORT, pkt->sport) ||
	     nla_put_u16(skb, LEAKBLOCK_EVENT_A_DPORT, pkt->dport)))
		return -EMSGSIZE;
	if ((pkt->flags & LB_PKT_ICMP_TYPE) &&
	    nla_put_u8(skb, LEAKBLOCK_EVENT_A_ICMP_TYPE, pkt->icmp_type))
		return -EMSGSIZE;
	if (ev->has_dns &&
	    (nla_put_string(skb, LEAKBLOCK_EVENT_A_DNS_NAME, ev->dns.name) ||
	     nla_put_u16(skb, LEAKBLOCK_EVENT_A_DNS_TYPE, ev->dns.qtype)))
		return -EMSGSIZE;
	nla_nest_end(skb, event);
	return 0;
}

static size_t event_size(void)
{
	return nla_total_size(0) +				/* nest */
	       2 * nla_total_size_64bit(sizeof(u64)) +		/* time, ns */
	       3 * nla_total_size(sizeof(u32)) +	/* reason, dev, lost */
	       2 * nla_total_size(16) +				/* addresses */
	       2 * nla_total_size(sizeof(u8)) +			/* proto, type */
	       3 * nla_total_size(sizeof(u16)) +		/* ports, qtype */
	       nla_total_size(IFNAMSIZ) +
	       nla_total_size(LB_DNS_NAME_SIZE);
}

/* Multicasts @ev; called from the packet path, so it must not sleep. */
int lb_genl_event(struct net *net, const struct lb_event *ev)
{
	struct sk_buff *skb;
	void *hdr;
	int err;

	skb = genlmsg_new(event_size(), GFP_ATOMIC);
	if (!skb)
		return -ENOMEM;
	hdr = genlmsg_put(skb, 0, 0, &lb_genl_family, 0, LEAKBLOCK_CMD_EVENT);
	if (!hdr) {
		err = -EMSGSIZE;
		goto err_free;
	}
	err = put_event(skb, net, ev);
	if (err)
		goto err_free;
	genlmsg_end(skb, hdr);
	return genlmsg_multicast_netns(&lb_genl_family, net, skb, 0, 0,
				       GFP_ATOMIC);

err_free:
	nlmsg_free(skb);
	return err;
}

int __init lb_genl_init(void)
{
	return genl_register_family(&lb_genl_family);
}

void lb_genl_exit(void)
{
	genl_unregister_family(&lb_genl_family);
}
