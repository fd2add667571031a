/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The verdict: a parsed packet and a policy snapshot in, a reason out.
 *
 * Pure C with no kernel headers, so the unit tests compile and exercise the
 * very code the module runs. Nothing here allocates, locks or sleeps.
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

struct lb_tunnel {
	char name[LB_IFNAMSIZ];	/* NUL-terminated */
	u8 len;
	bool prefix;
};

/*
 * Endpoints sorted by lb_endpoint_cmp() without duplicates, so all the
 * entries of one address are adjacent, plus an open-addressing index over
 * the distinct addresses. slots[i] is 1 + the position of the first entry of
 * an address, 0 an empty slot. There are at least twice as many slots as
 * entries, so a probe always ends at an empty slot.
 */
struct lb_endpoint_set {
	const struct lb_endpoint *entries;
	const u32 *slots;
	u32 count;
	u32 slot_mask;
	u32 seed;
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

/* Returned by lb_verdict_by_device() when the packet itself must decide. */
#define LB_VERDICT_UNDECIDED (-1)

int lb_verdict_by_device(const struct lb_rules *rules, const char *ifname,
			 bool loopback);
enum leakblock_reason lb_verdict_by_packet(const struct lb_rules *rules,
					   const struct lb_packet *pkt);
bool lb_reason_passes(enum leakblock_reason reason);

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
			  u32 *slots, u32 slot_count, u32 seed);
bool lb_endpoint_set_match(const struct lb_endpoint_set *set,
			   const struct lb_packet *pkt);

#endif /* _LB_VERDICT_H */
