// SPDX-License-Identifier: GPL-2.0
/*
 * The endpoint set is built as lb_policy_create() (kmod/policy.c) builds
 * it: sorted, without duplicates, then indexed, by the module's functions.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/leakblock.h>

#include "policy.h"

/* Any seed does: the entries are the policy's, not an attacker's. */
#define SET_SEED 0x9e3779b97f4a7c15ULL

int policy_init(struct policy *p, uint32_t allow, const struct endpoint *eps,
		size_t neps)
{
	u32 count = 0;
	size_t i;

	memset(p, 0, sizeof(*p));
	if (neps > LEAKBLOCK_MAX_ENDPOINTS)
		return -E2BIG;
	p->entries = calloc(neps ? neps : 1, sizeof(*p->entries));
	if (!p->entries)
		return -ENOMEM;
	for (i = 0; i < neps; i++) {
		struct lb_endpoint *e = &p->entries[count];

		if (eps[i].family != AF_INET && eps[i].family != AF_INET6)
			continue;
		e->family = eps[i].family == AF_INET ? LB_FAMILY_IPV4 :
						       LB_FAMILY_IPV6;
		e->proto = eps[i].proto;
		e->port = eps[i].port;
		/* an IPv4 address fills the first 4 bytes, the rest is 0 */
		memcpy(e->addr, eps[i].addr,
		       eps[i].family == AF_INET ? 4 : LB_ADDR_LEN);
		count++;
	}
	lb_endpoints_sort(p->entries, count);
	count = lb_endpoints_unique(p->entries, count);

	p->index = calloc(1, lb_endpoint_index_size(count));
	if (!p->index) {
		policy_free(p);
		return -ENOMEM;
	}
	lb_endpoint_set_init(&p->rules.endpoints, p->entries, count, p->index,
			     SET_SEED);
	p->rules.armed = true;
	p->rules.allow = allow;
	lb_rules_prepare(&p->rules);
	return 0;
}

int policy_set_tunnels(struct policy *p, const struct tunnel *tunnels,
		       size_t n)
{
	struct lb_tunnel *t;
	size_t i;

	t = calloc(n ? n : 1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	/* as the module's parse_tunnel() fills them */
	for (i = 0; i < n; i++)
		lb_tunnel_init(&t[i], tunnels[i].name,
			       tunnels[i].flags & LEAKBLOCK_TUNNEL_F_PREFIX);
	free(p->tunnels);
	p->tunnels = t;
	p->rules.tunnels = t;
	p->rules.tunnel_count = n;
	lb_rules_prepare(&p->rules);
	p->by_name = true;
	return 0;
}

int policy_from_status(struct policy *p, const struct lb_status *st)
{
	int ret = policy_init(p, st->allow.value, st->endpoints,
			      st->nendpoints);

	if (!ret)
		ret = policy_set_tunnels(p, st->tunnels, st->ntunnels);
	if (ret)
		policy_free(p);
	return ret;
}

void policy_free(struct policy *p)
{
	free(p->entries);
	free(p->index);
	free(p->tunnels);
	memset(p, 0, sizeof(*p));
}

/*
 * The entries are in lb_endpoint_cmp() order, and protocol and port 0
 * come first: the first entry not below the key is the address's first.
 */
bool policy_has_address(const struct policy *p, int family,
			const uint8_t *addr)
{
	const struct lb_endpoint_set *set = &p->rules.endpoints;
	struct lb_endpoint key = { 0 };
	u32 low = 0, high = set->count;

	if (family != AF_INET && family != AF_INET6)
		return false;
	key.family = family == AF_INET ? LB_FAMILY_IPV4 : LB_FAMILY_IPV6;
	memcpy(key.addr, addr, family == AF_INET ? 4 : LB_ADDR_LEN);
	while (low < high) {
		u32 mid = low + (high - low) / 2;

		if (lb_endpoint_cmp(&set->entries[mid], &key) < 0)
			low = mid + 1;
		else
			high = mid;
	}
	return low < set->count && set->entries[low].family == key.family &&
	       !memcmp(set->entries[low].addr, key.addr, LB_ADDR_LEN);
}
