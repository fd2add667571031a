// SPDX-License-Identifier: GPL-2.0
/*
 * The verdict and the endpoint set it consults. See verdict.h.
 */

#include "verdict.h"

/* The kernel's. In the unit tests and fuzzers, inlining does not matter. */
#ifndef noinline
#define noinline
#endif

#define IPPROTO_ICMPV6_NUM 58
#define NDP_FIRST_TYPE 133	/* router solicitation */
#define NDP_LAST_TYPE 137	/* redirect */

/*
 * @name is a valid interface name, shorter than LB_IFNAMSIZ. An exact name
 * must match up to and with its NUL, a prefix only its own bytes: "wg"
 * matches "wg0", "wg" matches nothing else.
 */
void lb_tunnel_init(struct lb_tunnel *tunnel, const char *name, bool prefix)
{
	u8 mask[LB_IFNAMSIZ] = { 0 };
	u32 len = strnlen(name, LB_IFNAMSIZ - 1);

	memset(tunnel, 0, sizeof(*tunnel));
	memcpy(tunnel->name, name, len);
	tunnel->len = len;
	tunnel->prefix = prefix;
	memset(mask, 0xff, prefix ? len : len + 1);
	memcpy(tunnel->word, tunnel->name, sizeof(tunnel->word));
	memcpy(tunnel->mask, mask, sizeof(tunnel->mask));
}

/*
 * The device check's common case (see struct lb_rules): to be called once
 * the tunnels and the armed state are set.
 */
void lb_rules_prepare(struct lb_rules *rules)
{
	const struct lb_tunnel *first = rules->tunnel_count ?
					&rules->tunnels[0] : NULL;
	struct lb_tunnel empty;

	rules->device_fast = rules->armed &&
			     (!first ||
			      (rules->tunnel_count == 1 && !first->mask[1]));
	if (!rules->device_fast) {
		rules->device_word = 0;
		rules->device_mask = 0;
		return;
	}
	if (!first) {
		/* The empty name, which no device has. */
		lb_tunnel_init(&empty, "", false);
		first = &empty;
	}
	rules->device_word = first->word[0];
	rules->device_mask = first->mask[0];
}

static bool is_dhcp(const struct lb_packet *pkt)
{
	u16 client = pkt->family == LB_FAMILY_IPV4 ? 68 : 546;
	u16 server = pkt->family == LB_FAMILY_IPV4 ? 67 : 547;

	return (pkt->flags & LB_PKT_PORTS) && pkt->proto == LB_PROTO_UDP &&
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

/* An IPv4 entry's key: see lb_endpoint4_key(). */
static u64 entry_key4(const struct lb_endpoint *e)
{
	return lb_endpoint4_key(e->addr, e->proto,
				(e->proto ? 0 : LB_KEY4_ANY_PROTO) |
				(e->port ? 0 : LB_KEY4_ANY_PORT), e->port);
}

/* The home slot of an IPv4 key. */
static u32 home4(const struct lb_endpoint_set *set, u64 key)
{
	return lb_endpoint_home(set, key);
}

/* The home slot of an IPv6 slot value @v, 1 + the position of its entry. */
static u32 home6(const struct lb_endpoint_set *set, u64 v)
{
	return lb_endpoint_home(set,
				lb_endpoint6_word(set, set->entries[v - 1].addr));
}

/*
 * Robin Hood insertion of @value into an index whose empty slots hold
 * @empty: a value that has probed further than the one in a slot takes the
 * slot, and the other moves on. Lookups are the same linear probe, but
 * values end about equally near their home slot, none far: the packet path
 * costs about the same for every endpoint of a set, and for every set and
 * seed.
 */
static void robin_hood_insert(const struct lb_endpoint_set *set, u64 *slots,
			      u64 empty, u64 value,
			      u32 (*home)(const struct lb_endpoint_set *, u64))
{
	u32 slot = home(set, value), dist = 0;

	while (slots[slot] != empty) {
		u64 other = slots[slot];
		u32 other_dist = (slot - home(set, other)) & set->slot_mask;

		if (other_dist < dist) {
			slots[slot] = value;
			value = other;
			dist = other_dist;
		}
		slot = (slot + 1) & set->slot_mask;
		dist++;
	}
	slots[slot] = value;
}

/* How far from their home slots the values of an index sit, in all. */
static u64 index_spread(const struct lb_endpoint_set *set, const u64 *slots,
			u64 empty,
			u32 (*home)(const struct lb_endpoint_set *, u64))
{
	u64 spread = 0;
	u32 slot;

	for (slot = 0; slot <= set->slot_mask; slot++)
		if (slots[slot] != empty)
			spread += (slot - home(set, slots[slot])) &
				  set->slot_mask;
	return spread;
}

/*
 * The bytes of both indexes of a set of @count entries: a multiple of 8,
 * what they need to be aligned to.
 */
size_t lb_endpoint_index_size(u32 count)
{
	return 2 * sizeof(u64) * (size_t)lb_endpoint_slot_count(count);
}

/*
 * Fills both indexes with @set's multiplier; returns how far from their
 * home slots the entries sit, in all.
 */
static u64 index_fill(const struct lb_endpoint_set *set, u64 *keys4,
		      u64 *slots6)
{
	u32 i;

	memset(keys4, 0xff, (set->slot_mask + 1) * sizeof(*keys4));
	memset(slots6, 0, (set->slot_mask + 1) * sizeof(*slots6));
	for (i = 0; i < set->count; i++) {
		const struct lb_endpoint *e = &set->entries[i];

		if (e->family == LB_FAMILY_IPV4)
			robin_hood_insert(set, keys4, LB_KEY4_EMPTY,
					  entry_key4(e), home4);
		else if (!i || !lb_same_address6(&set->entries[i - 1], e->addr))
			robin_hood_insert(set, slots6, 0, i + 1, home6);
	}
	return index_spread(set, keys4, LB_KEY4_EMPTY, home4) +
	       index_spread(set, slots6, 0, home6);
}

/* Another odd multiplier from one random seed for each attempt: splitmix64. */
static u64 nth_multiplier(u64 seed, u32 attempt)
{
	u64 z = seed + attempt * 0x9e3779b97f4a7c15ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (z ^ (z >> 31)) | 1;
}

/*
 * An entry next to its home slot costs a packet to it a second probe. So
 * lb_endpoint_set_init() tries several multipliers, LB_INDEX_WORK / count
 * of them but at least 1 and at most LB_INDEX_ATTEMPTS, and keeps the one
 * that leaves the entries nearest home: a set of a few endpoints then
 * nearly always has each in its home slot.
 */
#define LB_INDEX_ATTEMPTS 64
#define LB_INDEX_WORK 65536

/*
 * @entries must be sorted and duplicate-free and outlive @set, as must
 * @index: lb_endpoint_index_size(@count) bytes, aligned to 8. @seed is
 * random.
 */
void lb_endpoint_set_init(struct lb_endpoint_set *set,
			  const struct lb_endpoint *entries, u32 count,
			  void *index, u64 seed)
{
	u32 bits = 0, slot_count = lb_endpoint_slot_count(count);
	u32 attempt, attempts;
	u64 *keys4 = index, best_multiplier = 0, best = 0, spread;
	u64 *slots6 = keys4 + slot_count;

	while ((1U << bits) < slot_count)
		bits++;
	set->entries = entries;
	set->keys4 = keys4;
	set->slots6 = slots6;
	set->count = count;
	set->slot_mask = slot_count - 1;
	set->slot_shift = 64 - bits;

	attempts = count ? LB_INDEX_WORK / count : 1;
	attempts = attempts < 1 ? 1 :
		   attempts > LB_INDEX_ATTEMPTS ? LB_INDEX_ATTEMPTS : attempts;
	for (attempt = 0; attempt < attempts; attempt++) {
		set->multiplier = nth_multiplier(seed, attempt);
		spread = index_fill(set, keys4, slots6);
		if (!attempt || spread < best) {
			best = spread;
			best_multiplier = set->multiplier;
		}
		if (!spread)
			return;
	}
	if (set->multiplier != best_multiplier) {
		set->multiplier = best_multiplier;
		index_fill(set, keys4, slots6);
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
 * The entries of one IPv6 address are adjacent: those after the first,
 * which the packet did not fit. Out of line: most addresses have one entry.
 */
static noinline bool later_entries_admit(const struct lb_endpoint_set *set,
					 u32 i, const struct lb_packet *pkt)
{
	const struct lb_endpoint *first = &set->entries[i];

	for (i++; i < set->count; i++) {
		const struct lb_endpoint *e = &set->entries[i];

		if (!lb_same_address6(e, first->addr))
			break;
		if (entry_admits(e, pkt))
			return true;
	}
	return false;
}

/* From @i on, the entries of the packet's IPv6 address: try each. */
static __always_inline bool address_admits(const struct lb_endpoint_set *set,
					   u32 i, const struct lb_packet *pkt)
{
	return entry_admits(&set->entries[i], pkt) ||
	       later_entries_admit(set, i, pkt);
}

/*
 * An IPv4 packet's address, with each protocol and port an entry may name:
 * its own, or any. Only a packet with ports is probed for one.
 */
static bool set_match4(const struct lb_endpoint_set *set,
		       const struct lb_packet *pkt)
{
	const u8 *addr = pkt->daddr;

	if (pkt->flags & LB_PKT_PORTS &&
	    (lb_endpoint4_has(set, lb_endpoint4_key(addr, pkt->proto, 0,
						    pkt->dport)) ||
	     lb_endpoint4_has(set, lb_endpoint4_key(addr, 0, LB_KEY4_ANY_PROTO,
						    pkt->dport))))
		return true;
	if (pkt->flags & LB_PKT_TRANSPORT &&
	    lb_endpoint4_has(set, lb_endpoint4_key(addr, pkt->proto,
						   LB_KEY4_ANY_PORT, 0)))
		return true;
	return lb_endpoint4_has(set, lb_endpoint4_key(addr, 0,
						      LB_KEY4_ANY_PROTO |
						      LB_KEY4_ANY_PORT, 0));
}

/* Inlined into the verdict: the packet path makes no call for it. */
static __always_inline bool set_match(const struct lb_endpoint_set *set,
				      const struct lb_packet *pkt)
{
	long i;

	if (!set->count)
		return false;
	if (pkt->family == LB_FAMILY_IPV4)
		return set_match4(set, pkt);
	i = lb_endpoint6_find(set, pkt->daddr);
	return i >= 0 && address_admits(set, i, pkt);
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
