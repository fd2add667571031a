/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reads what the verdict needs from the start of an IPv4 or IPv6 packet.
 *
 * Pure C with no kernel headers: the module runs it on every guarded packet,
 * and the unit tests and a fuzzer run the same code. It trusts no length in
 * the packet, reads only the bytes it is given and never allocates.
 */

#ifndef _LB_PKTPARSE_H
#define _LB_PKTPARSE_H

#include "verdict.h"

/*
 * Enough for the IPv6 header, several extension headers and the first bytes
 * of the transport header; a longer chain leaves the transport unknown.
 */
#define LB_PARSE_WINDOW 128

bool lb_parse_ipv4(const u8 *data, u32 len, struct lb_packet *pkt);
bool lb_parse_ipv6(const u8 *data, u32 len, struct lb_packet *pkt);

/*
 * "udp", "tcp", "icmp" or "icmpv6", as the module's log and leakctl's
 * events name a transport; NULL for any other.
 */
const char *lb_proto_name(u8 proto);

#endif /* _LB_PKTPARSE_H */
