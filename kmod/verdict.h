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
 * entries of one address are adjacent, plus two open-addressing indexes of
 * the same size, at least twice the entries, so that a probe always ends
 * at an empty slot:
 * - keys4: the IPv4 entries, each as lb_endpoint4_key() makes it, in slots
 *   otherwise LB_KEY4_EMPTY. A packet to an entry that names its protocol
 *   and port is found by one probe for the packet's own key;
 * - slots6: the distinct IPv6 addresses, as 1 + the position of their first
 *   entry, 0 an empty slot.
 * A key's or address's home slot is the top bits of it times @multiplier,
 * a random odd number (multiply-shift hashing: one multiplication on the
 * packet path), of several tried the one that leaves entries nearest home.
 */
struct lb_endpoint_set {
	const struct lb_endpoint *entries;
	const u64 *keys4;
	const u64 *slots6;
	u64 multiplier;
	u32 count;
	u32 slot_mask;
	u32 slot_shift;	/* 64 - log2(slots) */
};

/*
 * What the verdict needs of one policy snapshot. lb_rules_prepare() fills
 * in the device check's common case, armed with at most one tunnel whose
 * name fits in one word: @device_fast, and that word and the bits of a
 * device name that must equal it (with no tunnel, an empty name, which no
 * device has). Otherwise the mask is 0, so every name goes on to the
 * general check, as it does in rules not prepared: that one is always
 * right.
 */
struct lb_rules {
	u64 device_word;
	u64 device_mask;
	bool device_fast;
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
/* Returned when the device check's common case does not apply. */
#define LB_VERDICT_GENERAL (-2)

enum leakblock_reason lb_verdict_by_packet(const struct lb_rules *rules,
					   const struct lb_packet *pkt);
void lb_tunnel_init(struct lb_tunnel *tunnel, const char *name, bool prefix);
void lb_rules_prepare(struct lb_rules *rules);

/* Building an endpoint set; used by the control path only. */
int lb_endpoint_cmp(const struct lb_endpoint *a, const struct lb_endpoint *b);
void lb_endpoints_sort(struct lb_endpoint *entries, u32 count);
u32 lb_endpoints_unique(struct lb_endpoint *entries, u32 count);
bool lb_endpoints_contain(const struct lb_endpoint *entries, u32 count,
			  const struct lb_endpoint *key);
u32 lb_endpoints_subtract(struct lb_endpoint *entries, u32 count,
			  const struct lb_endpoint *removed, u32 removed_count);
u32 lb_endpoint_slot_count(u32 count);
size_t lb_endpoint_index_size(u32 count);
void lb_endpoint_set_init(struct lb_endpoint_set *set,
			  const struct lb_endpoint *entries, u32 count,
			  void *index, u64 seed);
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
 * The device check's common case (see struct lb_rules): a device other
 * than the one tunnel of armed rules leaves the packet to decide. Or
 * LB_VERDICT_GENERAL, for lb_verdict_by_device() to tell. @ifname is a
 * whole IFNAMSIZ buffer, as a net_device's name is: bytes after its NUL
 * never count.
 */
static __always_inline int lb_verdict_by_device_fast(const struct lb_rules *rules,
						     const char *ifname,
						     bool loopback)
{
	u64 name0;

	if (loopback)
		return LEAKBLOCK_REASON_PASS_LOOPBACK;
	memcpy(&name0, ifname, sizeof(name0));
	if ((name0 ^ rules->device_word) & rules->device_mask)
		return LB_VERDICT_UNDECIDED;
	return rules->device_fast ? LEAKBLOCK_REASON_PASS_TUNNEL :
				    LB_VERDICT_GENERAL;
}

/*
 * The verdict by the outgoing device alone, or LB_VERDICT_UNDECIDED: the
 * common case, else every tunnel's name, as two words.
 */
static __always_inline int lb_verdict_by_device(const struct lb_rules *rules,
						const char *ifname,
						bool loopback)
{
	int reason = lb_verdict_by_device_fast(rules, ifname, loopback);
	u64 name0, name1;	/* not an array: it would live on the stack */
	u32 i;

	if (reason != LB_VERDICT_GENERAL)
		return reason;
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
 * An IPv4 entry's key, or a packet's: the 8 bytes of a header from its
 * destination address on (address, source port, destination port) with
 * the source port's replaced by the protocol and flags, read as one word.
 * An entry for any protocol or any port has 0 there and a flag, which no
 * packet's key has: a packet's own key finds only an entry that names
 * both.
 */
#define LB_KEY4_ANY_PROTO 1
#define LB_KEY4_ANY_PORT 2
/* An empty slot: its flags are 0xff, which no entry's and no packet's are. */
#define LB_KEY4_EMPTY (~0ULL)

/* Where byte @i of the 8 lands in the word. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define LB_KEY4_SHIFT(i) (8 * (i))
#else
#define LB_KEY4_SHIFT(i) (56 - 8 * (i))
#endif

static __always_inline u64 lb_endpoint4_key(const u8 *addr, u8 proto,
					    u8 flags, u16 port)
{
	const u8 bytes[8] = { addr[0], addr[1], addr[2], addr[3],
			      proto, flags, port >> 8, port & 0xff };
	u64 key;

	memcpy(&key, bytes, sizeof(key));
	return key;
}

/* A packet's key, from its IPv4 header, at least 24 bytes. */
static __always_inline u64 lb_endpoint4_header_key(const u8 *iph)
{
	const u64 source_port = 0xffULL << LB_KEY4_SHIFT(4) |
				0xffULL << LB_KEY4_SHIFT(5);
	u64 word;

	memcpy(&word, iph + 16, sizeof(word));
	return (word & ~source_port) | (u64)iph[9] << LB_KEY4_SHIFT(4);
}

/* Whether an IPv4 header, at least 8 bytes, has a fragment offset. */
static __always_inline bool lb_ipv4_later_fragment(const u8 *iph)
{
	const u16 offset = 0x1fff;	/* of the big-endian flags word */
	const u8 mask[2] = { offset >> 8, offset & 0xff };
	u16 word, mask_word;

	memcpy(&word, iph + 6, sizeof(word));
	memcpy(&mask_word, mask, sizeof(mask_word));
	return word & mask_word;
}

/*
 * Whether the fast path reads an IPv4 packet of @len bytes: version 4, a
 * 20-byte header, no fragment offset, and the ports there.
 */
static __always_inline bool lb_ipv4_fast_header(const u8 *iph, u32 len)
{
	return len >= 20 + 4 && iph[0] == 0x45 && !lb_ipv4_later_fragment(iph);
}

/* The home slot of a word: its top bits once times the multiplier. */
static __always_inline u64 lb_endpoint_home(const struct lb_endpoint_set *set,
					    u64 key)
{
	return (key * set->multiplier) >> set->slot_shift;
}

/* Whether an IPv4 entry has @key: a linear probe from its home slot. */
static __always_inline bool lb_endpoint4_has(const struct lb_endpoint_set *set,
					     u64 key)
{
	u64 slot = lb_endpoint_home(set, key), found = set->keys4[slot];

	/* Most keys are in their home slot. */
	if (likely(found == key))
		return true;
	while (found != LB_KEY4_EMPTY) {
		slot = (slot + 1) & set->slot_mask;
		found = set->keys4[slot];
		if (found == key)
			return true;
	}
	return false;
}

/*
 * Whether an IPv4 entry for any protocol or any port admits a UDP or TCP
 * packet of @key: the key with either, or both, of its protocol and port
 * replaced by the flag for any.
 */
static __always_inline bool lb_endpoint4_has_any(const struct lb_endpoint_set *set,
						 u64 key)
{
	const u64 proto = 0xffULL << LB_KEY4_SHIFT(4);
	const u64 port = 0xffULL << LB_KEY4_SHIFT(6) |
			 0xffULL << LB_KEY4_SHIFT(7);
	const u64 any_proto = (u64)LB_KEY4_ANY_PROTO << LB_KEY4_SHIFT(5);
	const u64 any_port = (u64)LB_KEY4_ANY_PORT << LB_KEY4_SHIFT(5);

	return lb_endpoint4_has(set, (key & ~port) | any_port) ||
	       lb_endpoint4_has(set, (key & ~proto) | any_proto) ||
	       lb_endpoint4_has(set, (key & ~(proto | port)) | any_proto |
				     any_port);
}

/*
 * An IPv6 address as a word: its halves folded as a polynomial in the
 * multiplier, each read as a number, so that the bytes that vary most in a
 * set, the last of each half, are its low bits, which the multiplication
 * carries up. Read the other way round they would sit in the top byte of
 * each half and fold into 8 bits.
 */
static __always_inline u64 lb_endpoint6_word(const struct lb_endpoint_set *set,
					     const u8 *addr)
{
	return lb_load_be64(addr + 8) + lb_load_be64(addr) * set->multiplier;
}

static __always_inline bool lb_same_address6(const struct lb_endpoint *e,
					     const u8 *addr)
{
	return e->family == LB_FAMILY_IPV6 &&
	       !memcmp(e->addr, addr, LB_ADDR_LEN);
}

/*
 * The position of the first entry of IPv6 address @addr in the set, or -1:
 * a linear probe from its home slot, which always ends at an empty slot. A
 * position rather than a pointer: the compiler then knows a found one is
 * no NULL.
 */
static __always_inline long lb_endpoint6_find(const struct lb_endpoint_set *set,
					      const u8 *addr)
{
	u32 slot = lb_endpoint_home(set, lb_endpoint6_word(set, addr));
	u64 first;

	while ((first = set->slots6[slot])) {
		if (lb_same_address6(&set->entries[first - 1], addr))
			return first - 1;
		slot = (slot + 1) & set->slot_mask;
	}
	return -1;
}

/*
 * The common case of a packet to a VPN server, read in place from the
 * network header: IPv4 without options or IPv6 without extension headers,
 * not a later fragment, UDP or TCP, to an endpoint entry that names its
 * protocol and port (IPv4), or to an address whose first entry admits it
 * (IPv6). That is LEAKBLOCK_REASON_PASS_ENDPOINT; anything else is
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
	u16 dport;
	long i;
	u8 proto;

	if (family == LB_FAMILY_IPV4) {
		/*
		 * No check of the protocol: only UDP and TCP entries name
		 * one, so no other packet's key is found.
		 */
		if (!lb_ipv4_fast_header(data, len))
			return LB_VERDICT_UNDECIDED;
		return lb_endpoint4_has(set, lb_endpoint4_header_key(data)) ?
		       LEAKBLOCK_REASON_PASS_ENDPOINT : LB_VERDICT_UNDECIDED;
	}

	if (len < 40 + 4 || data[0] >> 4 != 6)
		return LB_VERDICT_UNDECIDED;
	proto = data[6];
	/* No count check: even an empty set has slots, all empty. */
	if (proto != LB_PROTO_UDP && proto != LB_PROTO_TCP)
		return LB_VERDICT_UNDECIDED;
	dport = (u16)(data[42] << 8 | data[43]);
	i = lb_endpoint6_find(set, data + 24);
	if (i < 0)
		return LB_VERDICT_UNDECIDED;
	e = &set->entries[i];
	if ((!e->proto || e->proto == proto) && (!e->port || e->port == dport))
		return LEAKBLOCK_REASON_PASS_ENDPOINT;
	return LB_VERDICT_UNDECIDED;
}

/*
 * The fast path's second look, out of the hook's line, before the full
 * parse: an IPv4 UDP or TCP packet, as lb_verdict_fast() reads them, to an
 * entry for any protocol or any port. LEAKBLOCK_REASON_PASS_ENDPOINT or
 * LB_VERDICT_UNDECIDED, as the full path would say.
 */
static __always_inline int lb_verdict_fast4_any(const struct lb_rules *rules,
						const u8 *data, u32 len)
{
	if (!lb_ipv4_fast_header(data, len) ||
	    (data[9] != LB_PROTO_UDP && data[9] != LB_PROTO_TCP))
		return LB_VERDICT_UNDECIDED;
	return lb_endpoint4_has_any(&rules->endpoints,
				    lb_endpoint4_header_key(data)) ?
	       LEAKBLOCK_REASON_PASS_ENDPOINT : LB_VERDICT_UNDECIDED;
}

#endif /* _LB_VERDICT_H */
