// SPDX-License-Identifier: GPL-2.0
/*
 * IPv4 and IPv6 header parsing for the verdict. See pktparse.h.
 */

#include "pktparse.h"

/* The kernel's; glibc has it too (and else inlining does not matter). */
#ifndef __always_inline
#define __always_inline inline
#endif

enum {
	PROTO_HOPOPTS = 0,
	PROTO_ICMP = 1,
	PROTO_TCP = 6,
	PROTO_UDP = 17,
	PROTO_DCCP = 33,
	PROTO_ROUTING = 43,
	PROTO_FRAGMENT = 44,
	PROTO_AH = 51,
	PROTO_ICMPV6 = 58,
	PROTO_DSTOPTS = 60,
	PROTO_SCTP = 132,
	PROTO_UDPLITE = 136,
};

#define IPV4_MIN_HEADER 20
#define IPV6_HEADER 40
/* Bounds the walk whatever the packet claims; real chains are short. */
#define IPV6_MAX_EXTENSION_HEADERS 8

static __always_inline u16 read_be16(const u8 *p)
{
	return (u16)(p[0] << 8 | p[1]);
}

/* Inlined into each parser: no call on the packet path. */
static __always_inline void parse_transport(const u8 *l4, u32 len,
					    struct lb_packet *pkt)
{
	u8 icmp = pkt->family == LB_FAMILY_IPV4 ? PROTO_ICMP : PROTO_ICMPV6;

	switch (pkt->proto) {
	case PROTO_TCP:
	case PROTO_UDP:
	case PROTO_DCCP:
	case PROTO_SCTP:
	case PROTO_UDPLITE:
		/* All of these start with the source and destination port. */
		if (len < 4) {
			pkt->flags |= LB_PKT_TRUNCATED;
			return;
		}
		pkt->sport = read_be16(l4);
		pkt->dport = read_be16(l4 + 2);
		pkt->flags |= LB_PKT_PORTS;
		return;
	default:
		if (pkt->proto != icmp)
			return;
		if (len < 1) {
			pkt->flags |= LB_PKT_TRUNCATED;
			return;
		}
		pkt->icmp_type = l4[0];
		pkt->flags |= LB_PKT_ICMP_TYPE;
	}
}

const char *lb_proto_name(u8 proto)
{
	switch (proto) {
	case PROTO_UDP:
		return "udp";
	case PROTO_TCP:
		return "tcp";
	case PROTO_ICMP:
		return "icmp";
	case PROTO_ICMPV6:
		return "icmpv6";
	}
	return NULL;
}

/*
 * Returns false only when there is no IPv4 header to read. A later fragment
 * names its protocol but carries no ports.
 */
bool lb_parse_ipv4(const u8 *data, u32 len, struct lb_packet *pkt)
{
	u32 header_len;

	if (len < IPV4_MIN_HEADER || data[0] >> 4 != 4 ||
	    (data[0] & 0x0f) * 4 < IPV4_MIN_HEADER) {
		memset(pkt, 0, sizeof(*pkt));
		return false;
	}
	header_len = (data[0] & 0x0f) * 4;

	/* Every byte set once, without clearing the whole packet first. */
	pkt->family = LB_FAMILY_IPV4;
	pkt->proto = data[9];
	pkt->flags = LB_PKT_TRANSPORT;
	pkt->icmp_type = 0;
	pkt->sport = 0;
	pkt->dport = 0;
	pkt->transport_offset = 0;
	memcpy(pkt->saddr, data + 12, 4);
	memset(pkt->saddr + 4, 0, LB_ADDR_LEN - 4);
	memcpy(pkt->daddr, data + 16, 4);
	memset(pkt->daddr + 4, 0, LB_ADDR_LEN - 4);

	if (read_be16(data + 6) & 0x1fff)
		return true;
	pkt->transport_offset = header_len;
	if (header_len > len) {
		pkt->flags |= LB_PKT_TRUNCATED;
		return true;
	}
	parse_transport(data + header_len, len - header_len, pkt);
	return true;
}

/*
 * Returns false only when there is no IPv6 header to read. The transport
 * stays unknown for a later fragment (its chain may resume with an extension
 * header) and for a chain longer than we walk.
 */
bool lb_parse_ipv6(const u8 *data, u32 len, struct lb_packet *pkt)
{
	u32 offset = IPV6_HEADER;
	u8 next;
	int i;

	memset(pkt, 0, sizeof(*pkt));
	if (len < IPV6_HEADER || data[0] >> 4 != 6)
		return false;

	pkt->family = LB_FAMILY_IPV6;
	memcpy(pkt->saddr, data + 8, LB_ADDR_LEN);
	memcpy(pkt->daddr, data + 24, LB_ADDR_LEN);
	next = data[6];

	/* offset grows by at most 2 KiB a step: no overflow in 8 steps. */
	for (i = 0; i < IPV6_MAX_EXTENSION_HEADERS; i++) {
		u32 ext_len;

		switch (next) {
		case PROTO_HOPOPTS:
		case PROTO_ROUTING:
		case PROTO_DSTOPTS:
		case PROTO_AH:
			if (offset + 2 > len) {
				pkt->flags |= LB_PKT_TRUNCATED;
				return true;
			}
			if (next == PROTO_AH)
				ext_len = (data[offset + 1] + 2) * 4;
			else
				ext_len = (data[offset + 1] + 1) * 8;
			next = data[offset];
			offset += ext_len;
			break;
		case PROTO_FRAGMENT:
			if (offset + 8 > len) {
				pkt->flags |= LB_PKT_TRUNCATED;
				return true;
			}
			if (read_be16(data + offset + 2) & 0xfff8)
				return true;
			next = data[offset];
			offset += 8;
			break;
		default:
			pkt->proto = next;
			pkt->flags |= LB_PKT_TRANSPORT;
			pkt->transport_offset = offset;
			if (offset > len)
				pkt->flags |= LB_PKT_TRUNCATED;
			else
				parse_transport(data + offset, len - offset,
						pkt);
			return true;
		}
	}
	return true;
}
