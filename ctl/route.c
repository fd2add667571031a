// SPDX-License-Identifier: GPL-2.0
#include <net/if.h>
#include <linux/if_arp.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/leakblock.h>

#include "route.h"

const struct link *link_by_index(const struct link *links, size_t n,
				 int index)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (links[i].index == index)
			return &links[i];
	return NULL;
}

const struct link *link_by_name(const struct link *links, size_t n,
				const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(links[i].name, name))
			return &links[i];
	return NULL;
}

bool link_is_loopback(const struct link *l)
{
	return (l->flags & IFF_LOOPBACK) || l->type == ARPHRD_LOOPBACK;
}

bool link_is_tunnel(const struct link *l, const struct policy *p)
{
	if (p->by_name)
		return lb_verdict_by_device(&p->rules, l->name, false) ==
		       LEAKBLOCK_REASON_PASS_TUNNEL;
	switch (l->type) {
	case ARPHRD_NONE:
	case ARPHRD_PPP:
	case ARPHRD_TUNNEL:
	case ARPHRD_TUNNEL6:
	case ARPHRD_SIT:
	case ARPHRD_IPGRE:
	case ARPHRD_IP6GRE:
		return true;
	}
	return !strcmp(l->kind, "wireguard") || !strcmp(l->kind, "tun");
}

struct prefix {
	uint8_t addr[16];
	uint8_t len;
};

/*
 * Where no public destination is: a route into these alone takes nothing
 * from the tunnel that could have reached the internet through it.
 */
static const struct prefix nonpublic4[] = {
	{ { 10 }, 8 },				/* private, RFC 1918 */
	{ { 172, 16 }, 12 },
	{ { 192, 168 }, 16 },
	{ { 169, 254 }, 16 },			/* link-local */
	{ { 127 }, 8 },				/* loopback */
	{ { 224 }, 4 },				/* multicast */
	{ { 255, 255, 255, 255 }, 32 },		/* broadcast */
};

static const struct prefix nonpublic6[] = {
	{ { 0xfc }, 7 },			/* unique local */
	{ { 0xfe, 0x80 }, 10 },			/* link-local */
	{ { 0xff }, 8 },			/* multicast */
	{ { [15] = 1 }, 128 },			/* loopback */
};

/* Whether addr/len lies entirely inside range. */
static bool inside(const uint8_t *addr, unsigned int len,
		   const struct prefix *range)
{
	unsigned int bytes = range->len / 8, bits = range->len % 8;
	uint8_t mask = 0xff << (8 - bits);

	if (len < range->len || memcmp(addr, range->addr, bytes))
		return false;
	return !bits || !((addr[bytes] ^ range->addr[bytes]) & mask);
}

static bool is_public(const struct route *r)
{
	const struct prefix *ranges = nonpublic6;
	size_t n = ARRAY_SIZE(nonpublic6), i;

	if (r->family == AF_INET) {
		ranges = nonpublic4;
		n = ARRAY_SIZE(nonpublic4);
	}
	for (i = 0; i < n; i++)
		if (inside(r->dst, r->dst_len, &ranges[i]))
			return false;
	return true;
}

bool route_bypasses_tunnel(const struct route *r, const struct link *out,
			   const struct policy *p)
{
	unsigned int host_len = r->family == AF_INET ? 32 : 128;

	/* local, broadcast, multicast, blackhole... reach no public host */
	if (r->type != RTN_UNICAST || (r->flags & RTM_F_CLONED))
		return false;
	if (r->family != AF_INET && r->family != AF_INET6)
		return false;
	if (!out || link_is_loopback(out) || link_is_tunnel(out, p))
		return false;
	if (!r->dst_len || r->dst_len > host_len || !is_public(r))
		return false;
	return r->dst_len != host_len ||
	       !policy_has_address(p, r->family, r->dst);
}

char *route_prefix(const struct route *r, char *buf, size_t len)
{
	char addr[INET6_ADDRSTRLEN] = "?";

	inet_ntop(r->family == AF_INET ? AF_INET : AF_INET6, r->dst, addr,
		  sizeof(addr));
	snprintf(buf, len, "%s/%u", addr, r->dst_len);
	return buf;
}
