// SPDX-License-Identifier: GPL-2.0
/*
 * Policy snapshots: built whole from the current one and a change, published
 * with one pointer swap, freed after a grace period once no dump holds them.
 */

#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/stringify.h>

#include "leakblock.h"

/* Serialises writers; the packet path never takes it. */
static DEFINE_MUTEX(update_lock);

/* Old endpoints (unless replaced) plus additions minus removals, sorted. */
static struct lb_endpoint *merge_endpoints(const struct lb_policy *old,
					   const struct lb_change *change,
					   u32 *count,
					   struct netlink_ext_ack *extack)
{
	const struct lb_endpoint_set *current_set = &old->rules.endpoints;
	bool keep = !(change->flags & LEAKBLOCK_F_REPLACE_ENDPOINTS);
	u32 kept = keep ? current_set->count : 0;
	u32 total = kept + change->added_count;
	struct lb_endpoint *merged;
	u32 i;

	merged = kvmalloc_array(max(total, 1U), sizeof(*merged), GFP_KERNEL);
	if (!merged)
		return ERR_PTR(-ENOMEM);
	if (kept)
		memcpy(merged, current_set->entries, kept * sizeof(*merged));
	if (change->added_count) {
		memcpy(merged + kept, change->added,
		       change->added_count * sizeof(*merged));
		lb_endpoints_sort(merged, total);
		total = lb_endpoints_unique(merged, total);
	}

	for (i = 0; i < change->removed_count; i++) {
		if (lb_endpoints_contain(merged, total, &change->removed[i]))
			continue;
		NL_SET_ERR_MSG_MOD(extack, "endpoint is not configured");
		if (change->removed_attrs)
			NL_SET_BAD_ATTR(extack, change->removed_attrs[i]);
		kvfree(merged);
		return ERR_PTR(-ENOENT);
	}
	if (change->removed_count) {
		u32 removed = change->removed_count;

		lb_endpoints_sort(change->removed, removed);
		removed = lb_endpoints_unique(change->removed, removed);
		total = lb_endpoints_subtract(merged, total, change->removed,
					      removed);
	}

	if (total > LEAKBLOCK_MAX_ENDPOINTS) {
		NL_SET_ERR_MSG_MOD(extack, "too many endpoints, at most "
				   __stringify(LEAKBLOCK_MAX_ENDPOINTS));
		kvfree(merged);
		return ERR_PTR(-E2BIG);
	}
	*count = total;
	return merged;
}

static bool same_tunnel(const struct lb_tunnel *a, const struct lb_tunnel *b)
{
	return a->prefix == b->prefix && !strcmp(a->name, b->name);
}

/* Appends @tunnel to @list unless it is there already; returns the count. */
static u32 add_tunnel(struct lb_tunnel *list, u32 count,
		      const struct lb_tunnel *tunnel)
{
	u32 i;

	for (i = 0; i < count; i++)
		if (same_tunnel(&list[i], tunnel))
			return count;
	list[count] = *tunnel;
	return count + 1;
}

/*
 * Returns the snapshot @change makes of @old (NULL: an empty, disarmed
 * policy), or an ERR_PTR with the reason in @extack. @old is not changed.
 */
struct lb_policy *lb_policy_create(const struct lb_policy *old,
				   const struct lb_change *change,
				   struct netlink_ext_ack *extack)
{
	static const struct lb_policy empty;
	bool keep_tunnels = !(change->flags & LEAKBLOCK_F_REPLACE_TUNNELS);
	u32 tunnel_capacity, endpoint_count, i, tunnels = 0;
	struct lb_endpoint *endpoints, *entries;
	struct lb_tunnel *tunnel_list;
	struct lb_policy *policy;
	size_t index_size, size;
	u64 *index;

	if (!old)
		old = &empty;
	endpoints = merge_endpoints(old, change, &endpoint_count, extack);
	if (IS_ERR(endpoints))
		return ERR_CAST(endpoints);

	tunnel_capacity = change->tunnel_count +
			  (keep_tunnels ? old->rules.tunnel_count : 0);
	index_size = lb_endpoint_index_size(endpoint_count);
	/*
	 * Largest alignment first, each size a multiple of the next one's:
	 * tunnels (8, their words), the endpoint index (8, a multiple of 8
	 * bytes), endpoints (2).
	 */
	BUILD_BUG_ON(sizeof(*policy) % __alignof__(*tunnel_list) ||
		     sizeof(*tunnel_list) % __alignof__(*index) ||
		     __alignof__(*index) % __alignof__(*entries));
	size = size_add(sizeof(*policy),
			size_add(array_size(tunnel_capacity,
					    sizeof(*tunnel_list)),
				 size_add(index_size,
					  array_size(endpoint_count,
						     sizeof(*entries)))));
	policy = kvzalloc(size, GFP_KERNEL);
	if (!policy) {
		kvfree(endpoints);
		NL_SET_ERR_MSG_MOD(extack, "cannot allocate the new policy");
		return ERR_PTR(-ENOMEM);
	}
	tunnel_list = (struct lb_tunnel *)(policy + 1);
	index = (u64 *)(tunnel_list + tunnel_capacity);
	entries = (struct lb_endpoint *)((u8 *)index + index_size);

	memcpy(entries, endpoints, endpoint_count * sizeof(*entries));
	kvfree(endpoints);
	lb_endpoint_set_init(&policy->rules.endpoints, entries, endpoint_count,
			     index, get_random_u64());

	if (keep_tunnels)
		for (i = 0; i < old->rules.tunnel_count; i++)
			tunnels = add_tunnel(tunnel_list, tunnels,
					     &old->rules.tunnels[i]);
	for (i = 0; i < change->tunnel_count; i++)
		tunnels = add_tunnel(tunnel_list, tunnels, &change->tunnels[i]);
	if (tunnels > LEAKBLOCK_MAX_TUNNELS) {
		NL_SET_ERR_MSG_MOD(extack, "too many tunnels, at most "
				   __stringify(LEAKBLOCK_MAX_TUNNELS));
		kvfree(policy);
		return ERR_PTR(-E2BIG);
	}
	policy->rules.tunnels = tunnel_list;
	policy->rules.tunnel_count = tunnels;

	policy->rules.armed = change->set_armed ? change->armed :
						  old->rules.armed;
	policy->rules.allow = (old->rules.allow & ~change->allow_selector) |
			      (change->allow_value & change->allow_selector);
	lb_rules_prepare(&policy->rules);
	policy->generation = old->generation + 1;
	refcount_set(&policy->refs, 1);
	return policy;
}

/* Applies @change to @net's policy as one swap; on error nothing changes. */
int lb_policy_update(struct net *net, const struct lb_change *change,
		     struct netlink_ext_ack *extack)
{
	struct lb_net *ln = lb_net(net);
	struct lb_policy *old, *new;

	mutex_lock(&update_lock);
	old = rcu_dereference_protected(ln->policy,
					lockdep_is_held(&update_lock));
	new = lb_policy_create(old, change, extack);
	if (!IS_ERR(new)) {
		rcu_assign_pointer(ln->policy, new);
		lb_policy_put(old);
	}
	mutex_unlock(&update_lock);
	return PTR_ERR_OR_ZERO(new);
}

/* A reference to @net's current policy, for a reader that may sleep. */
struct lb_policy *lb_policy_get(struct net *net)
{
	struct lb_net *ln = lb_net(net);
	struct lb_policy *policy;

	rcu_read_lock();
	do {
		policy = rcu_dereference(ln->policy);
	} while (policy && !refcount_inc_not_zero(&policy->refs));
	rcu_read_unlock();
	return policy;
}

void lb_policy_put(struct lb_policy *policy)
{
	if (policy && refcount_dec_and_test(&policy->refs))
		kvfree_rcu(policy, rcu);
}
