/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The verdict: a parsed packet and a policy snapshot in, a reason out.
 *
 * Pure C with no kernel headers, so the unit tests compile and exercise the
 * very code the module runs: verdict.c and the inline packet path at the
 * end of this file. Nothing here allocates, locks or sleeps.
 */

#ifndef _LB_VERDICT_H
#define _LB_VERDICT_H

#include "lb_types.h"
#include <linux/leakblock.h>

#define LB_IFNAMSIZ 16
#define LB_ADDR_LEN 16

enum lb_family {
	LB_FAMILY_IPV4 = 4,
	LB_FAMILY_IPV6 = 6,
};

/* Addresses are 16 bytes; an IPv4 address fills the first 4, the rest is 0. */
struct lb_endpoint {
	u8 family;
	u8 proto;	/* 0: any protocol */
	u16 port;	/* 0: any port; host order */
	u8 addr[LB_ADDR_LEN];
};

/*
 * A tunnel name, also as two words and the bits of a device name that must
 * equal them: each byte of an exact name and its NUL, of a prefix only its
 * bytes. The packet path compares a word at a time; lb_tunnel_init() fills
 * in both forms.
 */
struct lb_tunnel {
	u64 word[2];
	u64 mask[2];
	char name[LB_IFNAMSIZ];	/* NUL-terminated */
	u8 len;
	bool prefix;
};

/*
 * Endpoints sorted by lb_endpoint_cmp() without duplicates, so all the
 * entries of one address are adjacent, plus an open-addressing index over
 * the distinct addresses. slots[i] is 1 + the position of the first entry of
 * an address, 0 an empty slot. There are at least twice as many slots as
 * entries, so a probe always ends at an empty slot. An address's home slot
 * is the top bits of its key times @multiplier, a random odd number
 * (multiply-shift hashing: one multiplication on the packet path).
 */
struct lb_endpoint_set {
	const struct lb_endpoint *entries;
	const u32 *slots;
	u64 multiplier;
	u32 count;
	u32 slot_mask;
	u32 slot_shift;	/* 64 - log2(slots) */
};

/* What the verdict needs of one policy snapshot. */
struct lb_rules {
	bool armed;
	u32 allow;	/* enum leakblock_allow bits */
	u32 tunnel_count;
	const struct lb_tunnel *tunnels;
	struct lb_endpoint_set endpoints;
};

enum lb_packet_flag {
	LB_PKT_TRANSPORT = 1U << 0,	/* proto is known */
	LB_PKT_PORTS = 1U << 1,		/* sport and dport are valid */
	LB_PKT_ICMP_TYPE = 1U << 2,	/* icmp_type is valid */
	LB_PKT_TRUNCATED = 1U << 3,	/* headers ran past the bytes given */
};

struct lb_packet {
	u8 family;
	u8 proto;
	u8 flags;
	u8 icmp_type;
	u16 sport;
	u16 dport;
	u16 transport_offset;	/* from the network header, if known */
	u8 saddr[LB_ADDR_LEN];
	u8 daddr[LB_ADDR_LEN];
};

/* Returned when the device, or the fast path, leaves the packet to decide. */
#define LB_VERDICT_UNDECIDED (-1)

enum leakblock_reason lb_verdict_by_packet(const struct lb_rules *rules,
					   const struct lb_packet *pkt);
void lb_tunnel_init(struct lb_tunnel *tunnel, const char *name, bool prefix);

/* Building an endpoint set; used by the control path only. */
int lb_endpoint_cmp(const struct lb_endpoint *a, const struct lb_endpoint *b);
void lb_endpoints_sort(struct lb_endpoint *entries, u32 count);
u32 lb_endpoints_unique(struct lb_endpoint *entries, u32 count);
bool lb_endpoints_contain(const struct lb_endpoint *entries, u32 count,
			  const struct lb_endpoint *key);
u32 lb_endpoints_subtract(struct lb_endpoint *entries, u32 count,
			  const struct lb_endpoint *removed, u32 removed_count);
u32 lb_endpoint_slot_count(u32 count);
void lb_endpoint_set_init(struct lb_endpoint_set *set,
			  const struct lb_endpoint *entries, u32 count,
			  u32 *slots, u32 slot_count, u64 seed);
bool lb_endpoint_set_match(const struct lb_endpoint_set *set,
			   const struct lb_packet *pkt);

/*
 * The packet path's share of the verdict, inline in the hooks: every guarded
 * packet runs it, and a call would cost a good part of what it does.
 */

#ifndef __always_inline
#define __always_inline inline
#endif

#define LB_PROTO_TCP 6
#define LB_PROTO_UDP 17

static inline bool lb_reason_passes(enum leakblock_reason reason)
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

/* @name0 and @name1: a device's name, as two words. */
static __always_inline bool lb_tunnel_matches(const struct lb_tunnel *tunnel,
					      u64 name0, u64 name1)
{
	return !(((name0 ^ tunnel->word[0]) & tunnel->mask[0]) |
		 ((name1 ^ tunnel->word[1]) & tunnel->mask[1]));
}

/*
 * The verdict by the outgoing device alone, or LB_VERDICT_UNDECIDED.
 * @ifname is a whole IFNAMSIZ buffer, as a net_device's name is: it is read
 * as two words, and bytes after its NUL never count.
 */
static __always_inline int lb_verdict_by_device(const struct lb_rules *rules,
						const char *ifname,
						bool loopback)
{
	u64 name0, name1;	/* not an array: it would live on the stack */
	u32 i;

	if (loopback)
		return LEAKBLOCK_REASON_PASS_LOOPBACK;
	memcpy(&name0, ifname, sizeof(name0));
	memcpy(&name1, ifname + sizeof(name0), sizeof(name1));
	for (i = 0; i < rules->tunnel_count; i++)
		if (lb_tunnel_matches(&rules->tunnels[i], name0, name1))
			return LEAKBLOCK_REASON_PASS_TUNNEL;
	if (!rules->armed)
		return LEAKBLOCK_REASON_PASS_DISARMED;
	return LB_VERDICT_UNDECIDED;
}

static __always_inline u64 lb_load_be64(const u8 *p)
{
	return (u64)p[0] << 56 | (u64)p[1] << 48 | (u64)p[2] << 40 |
	       (u64)p[3] << 32 | (u64)p[4] << 24 | (u64)p[5] << 16 |
	       (u64)p[6] << 8 | p[7];
}

/*
 * The home slot of an address: its key times the set's multiplier, top
 * bits, which every bit of a key up to 64 bits sways. An IPv4 address is
 * its own key, in any byte order. An IPv6 address folds its halves as a
 * polynomial in the multiplier, each read as a number: the bytes that vary
 * most in a set, the last of each half, are then its low bits, which the
 * multiplication carries up; read the other way round they would sit in
 * the top byte of each half and fold into 8 bits.
 */
static __always_inline u32 lb_endpoint_slot(const struct lb_endpoint_set *set,
					    u8 family, const u8 *addr)
{
	u32 addr4;
	u64 key;

	if (family == LB_FAMILY_IPV4) {
		memcpy(&addr4, addr, sizeof(addr4));
		key = addr4;
	} else {
		key = lb_load_be64(addr + 8) +
		      lb_load_be64(addr) * set->multiplier;
	}
	return (key * set->multiplier) >> set->slot_shift;
}

static __always_inline bool lb_same_address(const struct lb_endpoint *e,
					    u8 family, const u8 *addr)
{
	/* An IPv4 entry's other 12 bytes are always 0. */
	if (family == LB_FAMILY_IPV4)
		return e->family == family && !memcmp(e->addr, addr, 4);
	return e->family == family && !memcmp(e->addr, addr, LB_ADDR_LEN);
}

/*
 * The position of the first entry of @addr in the set, or -1: a linear
 * probe from its home slot, which always ends at an empty slot. A position
 * rather than a pointer: the compiler then knows a found one is no NULL.
 */
static __always_inline long lb_endpoint_find(const struct lb_endpoint_set *set,
					     u8 family, const u8 *addr)
{
	u32 slot = lb_endpoint_slot(set, family, addr), first;

	while ((first = set->slots[slot])) {
		if (lb_same_address(&set->entries[first - 1], family, addr))
			return first - 1;
		slot = (slot + 1) & set->slot_mask;
	}
	return -1;
}

/*
 * The common case of a packet to a VPN server, read in place from the
 * network header: IPv4 without options or IPv6 without extension headers,
 * not a later fragment, UDP or TCP, to an address whose first endpoint
 * entry admits it. That is LEAKBLOCK_REASON_PASS_ENDPOINT; anything else is
 * LB_VERDICT_UNDECIDED, and the full parse and lb_verdict_by_packet()
 * decide. Whenever it answers, it answers as they would: the unit tests
 * and fuzz_pktparse check that.
 *
 * @family is a constant where the hooks inline it; @len is how many bytes
 * from @data on may be read.
 */
static __always_inline int lb_verdict_fast(const struct lb_rules *rules,
					   u8 family, const u8 *data, u32 len)
{
	const struct lb_endpoint_set *set = &rules->endpoints;
	const struct lb_endpoint *e;
	const u8 *daddr, *ports;
	u16 dport;
	long i;
	u8 proto;

	if (family == LB_FAMILY_IPV4) {
		/* Version 4, 20-byte header; no fragment offset. */
		if (len < 20 + 4 || data[0] != 0x45 ||
		    (data[6] & 0x1f) || data[7])
			return LB_VERDICT_UNDECIDED;
		proto = data[9];
		daddr = data + 16;
		ports = data + 20;
	} else {
		if (len < 40 + 4 || data[0] >> 4 != 6)
			return LB_VERDICT_UNDECIDED;
		proto = data[6];
		daddr = data + 24;
		ports = data + 40;
	}
	/* No count check: even an empty set has slots, all empty. */
	if (proto != LB_PROTO_UDP && proto != LB_PROTO_TCP)
		return LB_VERDICT_UNDECIDED;
	dport = (u16)(ports[2] << 8 | ports[3]);

	i = lb_endpoint_find(set, family, daddr);
	if (i < 0)
		return LB_VERDICT_UNDECIDED;
	e = &set->entries[i];
	if ((!e->proto || e->proto == proto) && (!e->port || e->port == dport))
		return LEAKBLOCK_REASON_PASS_ENDPOINT;
	return LB_VERDICT_UNDECIDED;
}

#endif /* _LB_VERDICT_H */
