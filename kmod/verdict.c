// SPDX-License-Identifier: GPL-2.0
/*
 * The verdict and the endpoint set it consults. See verdict.h.
 */

#include "verdict.h"

/*
 * The kernel's; glibc has __always_inline too. In the unit tests and
 * fuzzers what is inlined does not matter.
 */
#ifndef __always_inline
#define __always_inline inline
#endif
#ifndef noinline
#define noinline
#endif

#define IPPROTO_ICMPV6_NUM 58
#define IPPROTO_UDP_NUM 17
#define NDP_FIRST_TYPE 133	/* router solicitation */
#define NDP_LAST_TYPE 137	/* redirect */

/*
 * strncmp(tunnel->name, ifname, tunnel->len) == 0, then the end of an exact
 * name; inline, as a call would cost more than the few bytes it compares.
 * Most names differ in their first byte.
 */
static __always_inline bool tunnel_matches(const struct lb_tunnel *tunnel,
					   const char *ifname)
{
	u32 i;

	for (i = 0; i < tunnel->len; i++) {
		if (tunnel->name[i] != ifname[i])
			return false;
		if (!tunnel->name[i])
			break;
	}
	return tunnel->prefix || ifname[tunnel->len] == '\0';
}

int lb_verdict_by_device(const struct lb_rules *rules, const char *ifname,
			 bool loopback)
{
	u32 i;

	if (loopback)
		return LEAKBLOCK_REASON_PASS_LOOPBACK;
	for (i = 0; i < rules->tunnel_count; i++)
		if (tunnel_matches(&rules->tunnels[i], ifname))
			return LEAKBLOCK_REASON_PASS_TUNNEL;
	if (!rules->armed)
		return LEAKBLOCK_REASON_PASS_DISARMED;
	return LB_VERDICT_UNDECIDED;
}

static bool is_dhcp(const struct lb_packet *pkt)
{
	u16 client = pkt->family == LB_FAMILY_IPV4 ? 68 : 546;
	u16 server = pkt->family == LB_FAMILY_IPV4 ? 67 : 547;

	return (pkt->flags & LB_PKT_PORTS) && pkt->proto == IPPROTO_UDP_NUM &&
	       pkt->sport == client && pkt->dport == server;
}

static bool is_ndp(const struct lb_packet *pkt)
{
	return pkt->family == LB_FAMILY_IPV6 &&
	       (pkt->flags & LB_PKT_ICMP_TYPE) &&
	       pkt->proto == IPPROTO_ICMPV6_NUM &&
	       pkt->icmp_type >= NDP_FIRST_TYPE &&
	       pkt->icmp_type <= NDP_LAST_TYPE;
}

/*
 * Fixed ranges that cannot be routed on the internet, never the subnet the
 * interface happens to have: a hostile network chooses that subnet
 * (TunnelCrack's LocalNet attack) and could make any address "local".
 */
static bool is_lan(const struct lb_packet *pkt)
{
	const u8 *a = pkt->daddr;

	if (pkt->family == LB_FAMILY_IPV4)
		return a[0] == 10 ||				/* 10/8 */
		       (a[0] == 172 && (a[1] & 0xf0) == 16) ||	/* 172.16/12 */
		       (a[0] == 192 && a[1] == 168) ||		/* 192.168/16 */
		       (a[0] == 169 && a[1] == 254) ||		/* 169.254/16 */
		       (a[0] == 224 && a[1] == 0 && a[2] == 0) || /* 224.0.0/24 */
		       (a[0] == 255 && a[1] == 255 &&		/* broadcast */
			a[2] == 255 && a[3] == 255);
	return (a[0] & 0xfe) == 0xfc ||				/* fc00::/7 */
	       (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) ||	/* fe80::/10 */
	       (a[0] == 0xff && (a[1] & 0x0f) == 0x02);	/* link scope */
}

/* After the endpoints; out of line, so an endpoint's path stays short. */
static noinline enum leakblock_reason
verdict_by_allowance(const struct lb_rules *rules, const struct lb_packet *pkt)
{
	if ((rules->allow & LEAKBLOCK_ALLOW_DHCP) && is_dhcp(pkt))
		return LEAKBLOCK_REASON_PASS_DHCP;
	if ((rules->allow & LEAKBLOCK_ALLOW_NDP) && is_ndp(pkt))
		return LEAKBLOCK_REASON_PASS_NDP;
	if ((rules->allow & LEAKBLOCK_ALLOW_LAN) && is_lan(pkt))
		return LEAKBLOCK_REASON_PASS_LAN;
	return LEAKBLOCK_REASON_DROP_NO_MATCH;
}

bool lb_reason_passes(enum leakblock_reason reason)
{
	switch (reason) {
	case LEAKBLOCK_REASON_PASS_LOOPBACK:
	case LEAKBLOCK_REASON_PASS_TUNNEL:
	case LEAKBLOCK_REASON_PASS_DISARMED:
	case LEAKBLOCK_REASON_PASS_ENDPOINT:
	case LEAKBLOCK_REASON_PASS_DHCP:
	case LEAKBLOCK_REASON_PASS_NDP:
	case LEAKBLOCK_REASON_PASS_LAN:
		return true;
	default:
		return false;
	}
}

static __always_inline bool same_address(const struct lb_endpoint *e,
					 u8 family, const u8 *addr)
{
	return e->family == family && !memcmp(e->addr, addr, LB_ADDR_LEN);
}

int lb_endpoint_cmp(const struct lb_endpoint *a, const struct lb_endpoint *b)
{
	int diff;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	diff = memcmp(a->addr, b->addr, LB_ADDR_LEN);
	if (diff)
		return diff < 0 ? -1 : 1;
	if (a->proto != b->proto)
		return a->proto < b->proto ? -1 : 1;
	if (a->port != b->port)
		return a->port < b->port ? -1 : 1;
	return 0;
}

static void swap_endpoints(struct lb_endpoint *a, struct lb_endpoint *b)
{
	struct lb_endpoint tmp = *a;

	*a = *b;
	*b = tmp;
}

static void sift_down(struct lb_endpoint *e, u32 root, u32 count)
{
	u32 child;

	while ((child = 2 * root + 1) < count) {
		if (child + 1 < count && lb_endpoint_cmp(&e[child], &e[child + 1]) < 0)
			child++;
		if (lb_endpoint_cmp(&e[root], &e[child]) >= 0)
			return;
		swap_endpoints(&e[root], &e[child]);
		root = child;
	}
}

/* Heapsort: O(n log n) worst case, no recursion, no extra memory. */
void lb_endpoints_sort(struct lb_endpoint *entries, u32 count)
{
	u32 i;

	for (i = count / 2; i-- > 0;)
		sift_down(entries, i, count);
	for (i = count; i-- > 1;) {
		swap_endpoints(&entries[0], &entries[i]);
		sift_down(entries, 0, i);
	}
}

/* Drops the duplicates of a sorted array; returns the new count. */
u32 lb_endpoints_unique(struct lb_endpoint *entries, u32 count)
{
	u32 i, kept = 0;

	for (i = 0; i < count; i++)
		if (!kept || lb_endpoint_cmp(&entries[kept - 1], &entries[i]))
			entries[kept++] = entries[i];
	return kept;
}

bool lb_endpoints_contain(const struct lb_endpoint *entries, u32 count,
			  const struct lb_endpoint *key)
{
	u32 low = 0, high = count;

	while (low < high) {
		u32 mid = low + (high - low) / 2;
		int diff = lb_endpoint_cmp(&entries[mid], key);

		if (!diff)
			return true;
		if (diff < 0)
			low = mid + 1;
		else
			high = mid;
	}
	return false;
}

/*
 * Removes from a sorted, duplicate-free array every entry of another sorted,
 * duplicate-free array, in one merge pass; returns the new count.
 */
u32 lb_endpoints_subtract(struct lb_endpoint *entries, u32 count,
			  const struct lb_endpoint *removed, u32 removed_count)
{
	u32 i, r = 0, kept = 0;

	for (i = 0; i < count; i++) {
		int diff = 1;

		while (r < removed_count &&
		       (diff = lb_endpoint_cmp(&removed[r], &entries[i])) < 0)
			r++;
		if (r < removed_count && !diff)
			continue;
		entries[kept++] = entries[i];
	}
	return kept;
}

/*
 * A power of two of at least twice the entries, so probes stay short; count
 * is at most LEAKBLOCK_MAX_ENDPOINTS, far from overflowing.
 */
u32 lb_endpoint_slot_count(u32 count)
{
	u32 slots = 2;

	while (slots < 2 * count)
		slots <<= 1;
	return slots;
}

static u32 rotl32(u32 x, unsigned int r)
{
	return (x << r) | (x >> (32 - r));
}

/*
 * MurmurHash3's 32-bit mixing over family and address: the 4 bytes of an
 * IPv4 address (the other 12 are always 0), the 16 of an IPv6 one.
 */
static __always_inline u32 hash_address(u8 family, const u8 *addr, u32 seed)
{
	unsigned int i, len = family == LB_FAMILY_IPV4 ? 4 : LB_ADDR_LEN;
	u32 h = seed ^ family;

	for (i = 0; i < len; i += 4) {
		u32 k;

		memcpy(&k, addr + i, sizeof(k));
		k *= 0xcc9e2d51;
		k = rotl32(k, 15);
		k *= 0x1b873593;
		h ^= k;
		h = rotl32(h, 13);
		h = h * 5 + 0xe6546b64;
	}
	h ^= h >> 16;
	h *= 0x85ebca6b;
	h ^= h >> 13;
	h *= 0xc2b2ae35;
	h ^= h >> 16;
	return h;
}

/* The slot an address hashes to, for the slot value @v (1 + its entry). */
static u32 home_slot(const struct lb_endpoint_set *set, u32 v)
{
	const struct lb_endpoint *e = &set->entries[v - 1];

	return hash_address(e->family, e->addr, set->seed) & set->slot_mask;
}

/*
 * @entries must be sorted and duplicate-free and outlive @set; @slots holds
 * lb_endpoint_slot_count(@count) entries.
 *
 * Robin Hood insertion: an address that has probed further than the one in
 * a slot takes the slot, and the other moves on. Lookups are the same
 * linear probe, but addresses end about equally near their home slot, none
 * far: the packet path costs about the same for every endpoint of a set,
 * and for every set and seed.
 */
void lb_endpoint_set_init(struct lb_endpoint_set *set,
			  const struct lb_endpoint *entries, u32 count,
			  u32 *slots, u32 slot_count, u32 seed)
{
	u32 i;

	set->entries = entries;
	set->slots = slots;
	set->count = count;
	set->slot_mask = slot_count - 1;
	set->seed = seed;
	memset(slots, 0, slot_count * sizeof(*slots));

	for (i = 0; i < count; i++) {
		u32 v = i + 1, slot, dist = 0;

		if (i && same_address(&entries[i - 1], entries[i].family,
				      entries[i].addr))
			continue;
		slot = home_slot(set, v);
		while (slots[slot]) {
			u32 other = slots[slot];
			u32 other_dist = (slot - home_slot(set, other)) &
					 set->slot_mask;

			if (other_dist < dist) {
				slots[slot] = v;
				v = other;
				dist = other_dist;
			}
			slot = (slot + 1) & set->slot_mask;
			dist++;
		}
		slots[slot] = v;
	}
}

static __always_inline bool entry_admits(const struct lb_endpoint *e,
					 const struct lb_packet *pkt)
{
	if (e->proto &&
	    (!(pkt->flags & LB_PKT_TRANSPORT) || e->proto != pkt->proto))
		return false;
	if (e->port && (!(pkt->flags & LB_PKT_PORTS) || e->port != pkt->dport))
		return false;
	return true;
}

/*
 * The entries of one address are adjacent: those after the first, which the
 * packet did not fit. Out of line: most addresses have one entry.
 */
static noinline bool later_entries_admit(const struct lb_endpoint_set *set,
					 u32 i, const struct lb_packet *pkt)
{
	const struct lb_endpoint *first = &set->entries[i];

	for (i++; i < set->count; i++) {
		const struct lb_endpoint *e = &set->entries[i];

		if (!same_address(e, first->family, first->addr))
			break;
		if (entry_admits(e, pkt))
			return true;
	}
	return false;
}

/* From @i on, the entries of the packet's address: try each. */
static __always_inline bool address_admits(const struct lb_endpoint_set *set,
					   u32 i, const struct lb_packet *pkt)
{
	return entry_admits(&set->entries[i], pkt) ||
	       later_entries_admit(set, i, pkt);
}

/* Inlined into the verdict: the packet path makes no call for it. */
static __always_inline bool set_match(const struct lb_endpoint_set *set,
			     const struct lb_packet *pkt)
{
	u32 slot, first;

	if (!set->count)
		return false;
	slot = hash_address(pkt->family, pkt->daddr, set->seed) &
	       set->slot_mask;
	while ((first = set->slots[slot])) {
		u32 i = first - 1;

		if (same_address(&set->entries[i], pkt->family, pkt->daddr))
			return address_admits(set, i, pkt);
		slot = (slot + 1) & set->slot_mask;
	}
	return false;
}

bool lb_endpoint_set_match(const struct lb_endpoint_set *set,
			   const struct lb_packet *pkt)
{
	return set_match(set, pkt);
}

enum leakblock_reason lb_verdict_by_packet(const struct lb_rules *rules,
					   const struct lb_packet *pkt)
{
	if (set_match(&rules->endpoints, pkt))
		return LEAKBLOCK_REASON_PASS_ENDPOINT;
	return verdict_by_allowance(rules, pkt);
}
