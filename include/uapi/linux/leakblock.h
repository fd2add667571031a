/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * leakblock: a fail-closed guard on the way out of the physical interfaces.
 *
 * Every IPv4 and IPv6 packet that reaches NF_INET_POST_ROUTING is judged by
 * its output device and destination, in this order:
 *
 *   1. the output device is a loopback device        -> pass
 *   2. the output device matches a tunnel name        -> pass
 *   3. the namespace's policy is disarmed             -> pass
 *   4. the destination matches an endpoint            -> pass
 *   5. the packet is an enabled allowance (dhcp, ndp, lan) -> pass
 *   6. anything else                                  -> drop
 *
 * The reason for each verdict is counted per CPU (enum leakblock_reason).
 *
 * Generic netlink family LEAKBLOCK_GENL_NAME, version LEAKBLOCK_GENL_VERSION.
 * The module does not autoload on family lookup: loading it arms the init
 * namespace, and a read-only query must never start blocking traffic.
 *
 * Both commands act on the network namespace of the requesting socket and
 * require CAP_NET_ADMIN in the user namespace that owns it; otherwise they
 * fail with -EPERM. Attributes a command does not list are rejected.
 *
 * LEAKBLOCK_CMD_GET
 * -----------------
 *
 * May only be called as a dump (NLM_F_REQUEST | NLM_F_DUMP) and takes no
 * attributes. The dump describes one policy snapshot: it cannot mix two
 * generations, however long it takes to read. Its first message carries:
 *
 *    LEAKBLOCK_A_GENERATION: NLA_U32, bumped by every change
 *    LEAKBLOCK_A_ARMED: NLA_U8, 0 or 1
 *    LEAKBLOCK_A_ALLOW: NLA_BITFIELD32, value = enabled allowances,
 *                       selector = every allowance this module knows
 *    LEAKBLOCK_A_ENDPOINT_COUNT: NLA_U32, endpoints in the whole dump
 *    LEAKBLOCK_A_TUNNELS: NLA_NESTED
 *        0: NLA_NESTED
 *            LEAKBLOCK_TUNNEL_A_NAME: NLA_NUL_STRING, 1..IFNAMSIZ - 1 bytes
 *            LEAKBLOCK_TUNNEL_A_FLAGS: NLA_U32, LEAKBLOCK_TUNNEL_F_PREFIX
 *        0: NLA_NESTED
 *            ...
 *    LEAKBLOCK_A_COUNTERS: NLA_NESTED
 *        0: NLA_NESTED
 *            LEAKBLOCK_COUNTER_A_REASON: NLA_U32, enum leakblock_reason
 *            LEAKBLOCK_COUNTER_A_IPV4: NLA_U64, packets
 *            LEAKBLOCK_COUNTER_A_IPV6: NLA_U64, packets
 *        0: NLA_NESTED
 *            ...
 *
 *    LEAKBLOCK_A_EVENTS_SENT: NLA_U64, events multicast (see below)
 *    LEAKBLOCK_A_EVENTS_SUPPRESSED: NLA_U64, events the rate limit dropped
 *
 * Every message of the dump, the first included, may then carry endpoints,
 * as LEAKBLOCK_A_ENDPOINT attributes repeated at the top level (see below).
 * Endpoints come in a canonical order (family, address, protocol, port), each
 * once. The count in the first message tells when all have been read.
 *
 * LEAKBLOCK_CMD_SET
 * -----------------
 *
 * Changes the policy of the namespace in one atomic step: the request is
 * checked in full and applied as a single new snapshot, or rejected with
 * nothing changed. It takes any of:
 *
 *    LEAKBLOCK_A_FLAGS: NLA_U32, 0 or more of:
 *        LEAKBLOCK_F_REPLACE_ENDPOINTS: the endpoints in this request replace
 *                                       all configured endpoints (none given
 *                                       means none remain)
 *        LEAKBLOCK_F_REPLACE_TUNNELS: likewise for the tunnel names
 *    LEAKBLOCK_A_ARMED: NLA_U8, 1 to arm, 0 to disarm
 *    LEAKBLOCK_A_ALLOW: NLA_BITFIELD32, the selector names the allowances to
 *                       change, the value their new state
 *    LEAKBLOCK_A_TUNNELS: NLA_NESTED, tunnel names to add (or to set, with
 *                         LEAKBLOCK_F_REPLACE_TUNNELS)
 *        0: NLA_NESTED
 *            LEAKBLOCK_TUNNEL_A_NAME: NLA_NUL_STRING, 1..IFNAMSIZ - 1 bytes
 *            LEAKBLOCK_TUNNEL_A_FLAGS: NLA_U32, LEAKBLOCK_TUNNEL_F_PREFIX: the
 *                                      name is a prefix ("tun" matches tun0)
 *        0: NLA_NESTED
 *            ...
 *    LEAKBLOCK_A_ENDPOINT: NLA_NESTED, repeated once per endpoint
 *        LEAKBLOCK_ENDPOINT_A_IPV4: 4 bytes, network order, or
 *        LEAKBLOCK_ENDPOINT_A_IPV6: 16 bytes, network order (exactly one)
 *        LEAKBLOCK_ENDPOINT_A_PROTO: NLA_U8, IPPROTO_UDP or IPPROTO_TCP;
 *                                    absent: any protocol
 *        LEAKBLOCK_ENDPOINT_A_PORT: NLA_U16, host order, 1..65535;
 *                                   absent: any port
 *        LEAKBLOCK_ENDPOINT_A_FLAGS: NLA_U32, LEAKBLOCK_ENDPOINT_F_REMOVE:
 *                                    remove this exact endpoint; it must be
 *                                    configured (-ENOENT otherwise)
 *
 * Endpoints are top-level attributes rather than one nest because a nest is
 * limited to 64 KiB and a set may hold LEAKBLOCK_MAX_ENDPOINTS entries; a
 * large request needs a socket send buffer to match (SO_SNDBUFFORCE).
 * Additions are applied before removals. Adding an endpoint or tunnel that is
 * already configured is not an error. A port given without a protocol matches
 * any protocol that has ports (UDP, TCP, UDP-Lite, SCTP, DCCP).
 *
 * LEAKBLOCK_CMD_EVENT
 * -------------------
 *
 * Not a request: sent by the module to the multicast group
 * LEAKBLOCK_MCGRP_EVENTS of the namespace whose guard dropped a packet.
 * Joining the group needs CAP_NET_ADMIN over that namespace. Events are
 * rate limited per namespace (module parameter event_rate, per second); the
 * next event sent says how many were suppressed before it. Each carries:
 *
 *    LEAKBLOCK_A_EVENT: NLA_NESTED
 *        LEAKBLOCK_EVENT_A_TIME: NLA_U64, nanoseconds since the epoch
 *        LEAKBLOCK_EVENT_A_NETNS_COOKIE: NLA_U64, the namespace's cookie
 *        LEAKBLOCK_EVENT_A_REASON: NLA_U32, enum leakblock_reason
 *        LEAKBLOCK_EVENT_A_SRC_IPV4, LEAKBLOCK_EVENT_A_DST_IPV4: 4 bytes, or
 *        LEAKBLOCK_EVENT_A_SRC_IPV6, LEAKBLOCK_EVENT_A_DST_IPV6: 16 bytes
 *        LEAKBLOCK_EVENT_A_PROTO: NLA_U8, when the transport is known
 *        LEAKBLOCK_EVENT_A_SPORT, LEAKBLOCK_EVENT_A_DPORT: NLA_U16, when
 *                                 the transport has ports
 *        LEAKBLOCK_EVENT_A_ICMP_TYPE: NLA_U8, for ICMP and ICMPv6
 *        LEAKBLOCK_EVENT_A_IFINDEX: NLA_U32, the output device
 *        LEAKBLOCK_EVENT_A_IFNAME: NLA_NUL_STRING, its name
 *        LEAKBLOCK_EVENT_A_DNS_NAME: NLA_NUL_STRING, the name a DNS, mDNS or
 *                                    LLMNR query asked for, in presentation
 *                                    form with \DDD escapes
 *        LEAKBLOCK_EVENT_A_DNS_TYPE: NLA_U16, the query type
 *        LEAKBLOCK_EVENT_A_SUPPRESSED: NLA_U32, events suppressed by the
 *                                      rate limit since the previous one
 *
 * Errors are returned as negative errnos in the netlink ACK, with an extended
 * ACK message and, where one attribute is at fault, its offset:
 *
 *    -EINVAL   a malformed or contradictory request
 *    -ENOENT   removing an endpoint that is not configured
 *    -E2BIG    more than LEAKBLOCK_MAX_ENDPOINTS or LEAKBLOCK_MAX_TUNNELS
 *    -ENOMEM   the new snapshot could not be allocated
 *    -EPERM    the caller lacks CAP_NET_ADMIN over the namespace
 */

#ifndef _UAPI_LEAKBLOCK_H
#define _UAPI_LEAKBLOCK_H

#include <linux/types.h>

#define LEAKBLOCK_GENL_NAME "leakblock"
#define LEAKBLOCK_GENL_VERSION 1
#define LEAKBLOCK_MCGRP_EVENTS "events"

#define LEAKBLOCK_MAX_ENDPOINTS 65536
#define LEAKBLOCK_MAX_TUNNELS 64

enum leakblock_cmd {
	LEAKBLOCK_CMD_GET,
	LEAKBLOCK_CMD_SET,
	LEAKBLOCK_CMD_EVENT,
	__LEAKBLOCK_CMD_MAX
};
#define LEAKBLOCK_CMD_MAX (__LEAKBLOCK_CMD_MAX - 1)

enum leakblock_flag {
	LEAKBLOCK_F_REPLACE_ENDPOINTS = 1U << 0,
	LEAKBLOCK_F_REPLACE_TUNNELS = 1U << 1,
	__LEAKBLOCK_F_ALL = LEAKBLOCK_F_REPLACE_ENDPOINTS |
			    LEAKBLOCK_F_REPLACE_TUNNELS
};

enum leakblock_allow {
	LEAKBLOCK_ALLOW_DHCP = 1U << 0,	/* v4 UDP 68->67, v6 UDP 546->547 */
	LEAKBLOCK_ALLOW_NDP = 1U << 1,	/* ICMPv6 types 133..137 */
	LEAKBLOCK_ALLOW_LAN = 1U << 2,	/* private and link-local ranges */
	__LEAKBLOCK_ALLOW_ALL = LEAKBLOCK_ALLOW_DHCP | LEAKBLOCK_ALLOW_NDP |
				LEAKBLOCK_ALLOW_LAN
};

enum leakblock_attr {
	LEAKBLOCK_A_UNSPEC,
	LEAKBLOCK_A_GENERATION,
	LEAKBLOCK_A_FLAGS,
	LEAKBLOCK_A_ARMED,
	LEAKBLOCK_A_ALLOW,
	LEAKBLOCK_A_TUNNELS,
	LEAKBLOCK_A_ENDPOINT,
	LEAKBLOCK_A_ENDPOINT_COUNT,
	LEAKBLOCK_A_COUNTERS,
	LEAKBLOCK_A_PAD,
	LEAKBLOCK_A_EVENT,
	LEAKBLOCK_A_EVENTS_SENT,
	LEAKBLOCK_A_EVENTS_SUPPRESSED,
	__LEAKBLOCK_A_LAST
};
#define LEAKBLOCK_A_MAX (__LEAKBLOCK_A_LAST - 1)

enum leakblock_tunnel_flag {
	LEAKBLOCK_TUNNEL_F_PREFIX = 1U << 0,
	__LEAKBLOCK_TUNNEL_F_ALL = LEAKBLOCK_TUNNEL_F_PREFIX
};

enum leakblock_tunnel_attr {
	LEAKBLOCK_TUNNEL_A_UNSPEC,
	LEAKBLOCK_TUNNEL_A_NAME,
	LEAKBLOCK_TUNNEL_A_FLAGS,
	__LEAKBLOCK_TUNNEL_A_LAST
};
#define LEAKBLOCK_TUNNEL_A_MAX (__LEAKBLOCK_TUNNEL_A_LAST - 1)

enum leakblock_endpoint_flag {
	LEAKBLOCK_ENDPOINT_F_REMOVE = 1U << 0,
	__LEAKBLOCK_ENDPOINT_F_ALL = LEAKBLOCK_ENDPOINT_F_REMOVE
};

enum leakblock_endpoint_attr {
	LEAKBLOCK_ENDPOINT_A_UNSPEC,
	LEAKBLOCK_ENDPOINT_A_IPV4,
	LEAKBLOCK_ENDPOINT_A_IPV6,
	LEAKBLOCK_ENDPOINT_A_PROTO,
	LEAKBLOCK_ENDPOINT_A_PORT,
	LEAKBLOCK_ENDPOINT_A_FLAGS,
	__LEAKBLOCK_ENDPOINT_A_LAST
};
#define LEAKBLOCK_ENDPOINT_A_MAX (__LEAKBLOCK_ENDPOINT_A_LAST - 1)

enum leakblock_counter_attr {
	LEAKBLOCK_COUNTER_A_UNSPEC,
	LEAKBLOCK_COUNTER_A_REASON,
	LEAKBLOCK_COUNTER_A_IPV4,
	LEAKBLOCK_COUNTER_A_IPV6,
	LEAKBLOCK_COUNTER_A_PAD,
	__LEAKBLOCK_COUNTER_A_LAST
};
#define LEAKBLOCK_COUNTER_A_MAX (__LEAKBLOCK_COUNTER_A_LAST - 1)

enum leakblock_event_attr {
	LEAKBLOCK_EVENT_A_UNSPEC,
	LEAKBLOCK_EVENT_A_TIME,
	LEAKBLOCK_EVENT_A_NETNS_COOKIE,
	LEAKBLOCK_EVENT_A_REASON,
	LEAKBLOCK_EVENT_A_SRC_IPV4,
	LEAKBLOCK_EVENT_A_DST_IPV4,
	LEAKBLOCK_EVENT_A_SRC_IPV6,
	LEAKBLOCK_EVENT_A_DST_IPV6,
	LEAKBLOCK_EVENT_A_PROTO,
	LEAKBLOCK_EVENT_A_SPORT,
	LEAKBLOCK_EVENT_A_DPORT,
	LEAKBLOCK_EVENT_A_ICMP_TYPE,
	LEAKBLOCK_EVENT_A_IFINDEX,
	LEAKBLOCK_EVENT_A_IFNAME,
	LEAKBLOCK_EVENT_A_DNS_NAME,
	LEAKBLOCK_EVENT_A_DNS_TYPE,
	LEAKBLOCK_EVENT_A_SUPPRESSED,
	LEAKBLOCK_EVENT_A_PAD,
	__LEAKBLOCK_EVENT_A_LAST
};
#define LEAKBLOCK_EVENT_A_MAX (__LEAKBLOCK_EVENT_A_LAST - 1)

/*
 * Why a packet was passed or dropped, as counted per namespace and family.
 * Values are stable; new reasons are only ever appended.
 */
enum leakblock_reason {
	LEAKBLOCK_REASON_PASS_LOOPBACK,
	LEAKBLOCK_REASON_PASS_TUNNEL,
	LEAKBLOCK_REASON_PASS_DISARMED,
	LEAKBLOCK_REASON_PASS_ENDPOINT,
	LEAKBLOCK_REASON_PASS_DHCP,
	LEAKBLOCK_REASON_PASS_NDP,
	LEAKBLOCK_REASON_PASS_LAN,
	LEAKBLOCK_REASON_DROP_NO_MATCH,	/* not an endpoint nor an allowance */
	LEAKBLOCK_REASON_DROP_MALFORMED, /* no readable IP header */
	__LEAKBLOCK_REASON_COUNT
};

#endif /* _UAPI_LEAKBLOCK_H */
