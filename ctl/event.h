/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A blocked packet: an event of the module (LEAKBLOCK_CMD_EVENT) as monitor
 * reads it, or a leak that audit saw on the wire; and its two printed
 * forms, one line each. Pure (raw <linux/netlink.h>, no libnl), so that the
 * unit tests and a fuzzer run it on any bytes.
 */
#ifndef LEAKCTL_EVENT_H
#define LEAKCTL_EVENT_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../kmod/dnsparse.h"

/* Which fields of struct event hold a value. */
enum event_field {
	EV_TIME = 1U << 0,
	EV_NETNS_COOKIE = 1U << 1,
	EV_REASON = 1U << 2,
	EV_FAMILY = 1U << 3,
	EV_ADDRS = 1U << 4,		/* src and dst (and so the family) */
	EV_PROTO = 1U << 5,
	EV_PORTS = 1U << 6,		/* sport and dport */
	EV_ICMP_TYPE = 1U << 7,
	EV_IFINDEX = 1U << 8,
	EV_IFNAME = 1U << 9,
	EV_DNS = 1U << 10,		/* dns_name and dns_qtype */
	EV_SUPPRESSED = 1U << 11,
};

struct event {
	uint32_t has;			/* enum event_field */
	uint64_t time_ns;		/* since the epoch */
	uint64_t netns_cookie;
	uint32_t reason;		/* enum leakblock_reason, or newer */
	uint8_t family;			/* AF_INET or AF_INET6 */
	uint8_t proto;
	uint8_t icmp_type;
	uint16_t sport, dport;
	uint8_t src[16], dst[16];	/* network order; IPv4 in the first 4 */
	uint32_t ifindex;
	char ifname[IFNAMSIZ];
	char dns_name[LB_DNS_NAME_SIZE];	/* as the module escaped it */
	uint16_t dns_qtype;
	uint32_t suppressed;		/* events the rate limit dropped */
};

/*
 * Reads one netlink message of len bytes, received from the module's
 * generic netlink family (its id). Returns 1 with ev filled for an event,
 * 0 for any other message (to be skipped), or -EBADMSG if it is malformed:
 * a length that does not fit, an attribute of the wrong size, a name too
 * long, half of a pair (addresses, ports, DNS name and type). Attributes
 * this tool does not know are skipped, as a newer module may add some.
 */
int event_parse(const void *msg, size_t len, uint16_t family,
		struct event *ev);

/*
 * "VERB udp 10.0.0.2:41234 -> 192.0.2.53:53 via eth0: DNS A example.com
 * (not an endpoint)", after "(N more blocked packets not reported: rate
 * limit)" if the rate limit suppressed some before it; each line ends in
 * '\n'. Control characters in names are masked.
 */
void event_text(FILE *f, const char *verb, const struct event *ev);
/* One line of JSON; keys whose field has no value are left out. */
void event_json(FILE *f, const struct event *ev);

/*
 * s with the bytes that could move a terminal's cursor or recolour it
 * (control characters; with ascii, any but printable ASCII) as '?'.
 */
void put_masked(FILE *f, const char *s, bool ascii);

#endif /* LEAKCTL_EVENT_H */
