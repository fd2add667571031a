/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host's interfaces and routes as rtnetlink describes them, and how
 * they are judged: which interface is a tunnel, and which route sends
 * public destinations around the tunnel (TunnelVision, CVE-2024-3661: a
 * hostile DHCP server pushes routes, option 121, that win over the VPN's
 * by being more specific). Pure: unit-tested.
 */
#ifndef LEAKCTL_ROUTE_H
#define LEAKCTL_ROUTE_H

#include <arpa/inet.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "policy.h"

struct link {
	int index;
	char name[IFNAMSIZ];
	uint16_t type;		/* ARPHRD_* */
	uint32_t flags;		/* IFF_* */
	char kind[16];		/* IFLA_INFO_KIND, "wireguard", or "" */
};

/* One output device of a route: a multipath route makes several. */
struct route {
	uint8_t family;		/* AF_INET or AF_INET6 */
	uint8_t dst_len;	/* prefix length */
	uint8_t type;		/* RTN_* */
	uint32_t flags;		/* RTM_F_* */
	uint32_t table;
	int oif;		/* output device, 0 if none */
	uint8_t dst[16];	/* network order; IPv4 in the first 4 */
};

/* "2001:db8::/32" and a NUL */
#define ROUTE_PREFIX_STRLEN (INET6_ADDRSTRLEN + 4)

/* The interface of links[0..n) with this index or name, or NULL. */
const struct link *link_by_index(const struct link *links, size_t n,
				 int index);
const struct link *link_by_name(const struct link *links, size_t n,
				const char *name);
bool link_is_loopback(const struct link *l);
/*
 * By the module's tunnel names if p has them (policy_set_tunnels()), as
 * the module judges; otherwise by device type: point-to-point IP devices
 * (ARPHRD_NONE as WireGuard's and tun's, PPP, IP-in-IP, GRE) and tun and
 * WireGuard devices of any type (a tap is Ethernet-like). A veth or any
 * other Ethernet device is physical.
 */
bool link_is_tunnel(const struct link *l, const struct policy *p);

/*
 * Whether route r, through out (NULL if unknown), sends public
 * destinations around the tunnel: a unicast route through a device that is
 * neither a tunnel nor loopback, to a prefix not entirely inside the
 * private, link-local, loopback and multicast ranges; except the default
 * route itself (which the VPN overrides, and which is how the physical
 * network is reached at all) and a host route to an endpoint (the VPN's
 * own way to its server).
 */
bool route_bypasses_tunnel(const struct route *r, const struct link *out,
			   const struct policy *p);
/* "0.0.0.0/1" into buf of ROUTE_PREFIX_STRLEN. */
char *route_prefix(const struct route *r, char *buf, size_t len);

#endif /* LEAKCTL_ROUTE_H */
