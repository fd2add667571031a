/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One frame that left through a physical interface, as audit reads it from
 * an AF_PACKET socket, judged as the module would judge the packet in it:
 * its link-layer header skipped, the packet parsed by kmod/pktparse.c and
 * judged by kmod/verdict.c against a policy, and a DNS question read by
 * kmod/dnsparse.c. Pure: unit-tested and fuzzed.
 */
#ifndef LEAKCTL_FRAME_H
#define LEAKCTL_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "policy.h"

/* What frame_judge() says of a frame that holds no IPv4 or IPv6 packet. */
#define FRAME_NOT_IP (-1)

/*
 * Whether frames of this link type (ARPHRD_*) can be read: Ethernet, whose
 * header is skipped, and the types whose frames start at the IP header.
 */
bool frame_link_supported(uint16_t hatype);

/*
 * Judges a frame of len bytes of link type hatype (sll_hatype) and
 * protocol (sll_protocol, host order) by p, as the module would judge the
 * packet in it at POST_ROUTING, armed, the device being no tunnel.
 * Returns FRAME_NOT_IP (ARP, a truncated link-layer header, an unknown
 * link type...), or the reason: then ev holds the reason, the family, and
 * unless the packet is malformed its addresses and transport, plus the DNS
 * question for a dropped query to or from a DNS, mDNS or LLMNR port.
 */
int frame_judge(const struct policy *p, const uint8_t *frame, size_t len,
		uint16_t hatype, uint16_t protocol, struct event *ev);

/* What audit saw, for its summary. */
struct frame_counts {
	uint64_t seen;		/* outgoing frames, IP or not */
	uint64_t endpoints;	/* to an endpoint */
	uint64_t allowed;	/* an allowance: dhcp, ndp or lan */
	uint64_t leaks;		/* what the module would have dropped */
	uint64_t lost;		/* frames the sockets dropped unread */
};

/* Counts a frame by what frame_judge() returned. */
void frame_count(struct frame_counts *c, int reason);
/*
 * "audit: N frames seen on eth0 wlan0, M to endpoints, K allowed
 * (dhcp/ndp/lan), L leaks", or one line of JSON; each with its '\n'.
 */
void frame_summary_text(FILE *f, const struct frame_counts *c,
			const char *const *ifnames, size_t n);
void frame_summary_json(FILE *f, const struct frame_counts *c,
			const char *const *ifnames, size_t n);

#endif /* LEAKCTL_FRAME_H */
