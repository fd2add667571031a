// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of what audit judges: real frames (Ethernet, VLAN tags, raw
 * IP) through frame_judge() against policies built as the module builds
 * them, the leak lines and the summary; and of the route check: which
 * interface is a tunnel, which route sends public destinations around it.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <check.h>
#include <net/if.h>
#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/leakblock.h>

#include "../../ctl/endpoint.h"
#include "../../ctl/frame.h"
#include "../../ctl/route.h"
#include "unit.h"

#define DEFAULT_ALLOW (LEAKBLOCK_ALLOW_DHCP | LEAKBLOCK_ALLOW_NDP)

/* A frame under construction. */
struct frame {
	uint8_t b[1024];
	size_t len;
};

static void put(struct frame *f, const void *p, size_t n)
{
	ck_assert_uint_le(f->len + n, sizeof(f->b));
	memcpy(f->b + f->len, p, n);
	f->len += n;
}

static void put8(struct frame *f, uint8_t v)
{
	put(f, &v, 1);
}

static void put16(struct frame *f, uint16_t v)
{
	uint8_t b[2] = { v >> 8, v & 0xff };

	put(f, b, 2);
}

static void put_addr(struct frame *f, int family, const char *text)
{
	uint8_t a[16];

	ck_assert_int_eq(inet_pton(family, text, a), 1);
	put(f, a, family == AF_INET ? 4 : 16);
}

/* Destination and source MAC, then the ethertype (or a tag's TPID). */
static void eth(struct frame *f, uint16_t type)
{
	static const uint8_t macs[12] = {
		0x02, 0, 0, 0, 0, 0x01, 0x02, 0, 0, 0, 0, 0x02,
	};

	f->len = 0;
	put(f, macs, sizeof(macs));
	put16(f, type);
}

/* A tag: its TCI, then the next ethertype. */
static void vlan(struct frame *f, uint16_t vid, uint16_t type)
{
	put16(f, vid);
	put16(f, type);
}

static void ipv4(struct frame *f, uint8_t proto, const char *src,
		 const char *dst)
{
	static const uint8_t start[] = {
		0x45, 0, 0, 0, 0x12, 0x34, 0x40, 0, 64,
	};

	put(f, start, sizeof(start));
	put8(f, proto);
	put16(f, 0);			/* checksum: nobody checks it */
	put_addr(f, AF_INET, src);
	put_addr(f, AF_INET, dst);
}

static void ipv6(struct frame *f, uint8_t next, const char *src,
		 const char *dst)
{
	static const uint8_t start[] = { 0x60, 0, 0, 0, 0, 0 };

	put(f, start, sizeof(start));
	put8(f, next);
	put8(f, 64);
	put_addr(f, AF_INET6, src);
	put_addr(f, AF_INET6, dst);
}

static void udp(struct frame *f, uint16_t sport, uint16_t dport)
{
	put16(f, sport);
	put16(f, dport);
	put16(f, 0);
	put16(f, 0);
}

/* With 12 bytes of options: the data offset is 8 words. */
static void tcp(struct frame *f, uint16_t sport, uint16_t dport)
{
	static const uint8_t rest[28] = { [8] = 0x80, [9] = 0x18 };

	put16(f, sport);
	put16(f, dport);
	put(f, rest, sizeof(rest));
}

static void dns_query(struct frame *f, const char *name, uint16_t qtype)
{
	static const uint8_t header[12] = {
		0xbe, 0xef, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
	};
	const char *p = name, *dot;

	put(f, header, sizeof(header));
	while (*p) {
		dot = strchr(p, '.');
		if (!dot)
			dot = p + strlen(p);
		put8(f, dot - p);
		put(f, p, dot - p);
		p = *dot ? dot + 1 : dot;
	}
	put8(f, 0);
	put16(f, qtype);
	put16(f, 1);			/* IN */
}

/* A policy under test, with the endpoints given as on a command line. */
static struct policy policy;

static void make_policy(uint32_t allow, const char *const *eps, size_t n)
{
	struct endpoint v[8];
	struct endpoint_arg pa;
	size_t i;

	ck_assert_uint_le(n, 8);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(endpoint_parse(eps[i], &pa), EP_OK);
		v[i] = pa.ep;
	}
	policy_free(&policy);
	ck_assert_int_eq(policy_init(&policy, allow, v, n), 0);
}

static void setup(void)
{
	memset(&policy, 0, sizeof(policy));
	make_policy(DEFAULT_ALLOW, NULL, 0);
}

static void teardown(void)
{
	policy_free(&policy);
}

static int judge_eth(const struct frame *f, struct event *ev)
{
	return frame_judge(&policy, f->b, f->len, ARPHRD_ETHER, ETH_P_ALL, ev);
}

/* The leak line, as audit prints it for a frame of eth0. */
static char *leak_line(struct event *ev, bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	strcpy(ev->ifname, "eth0");
	ev->ifindex = 2;
	ev->has |= EV_IFNAME | EV_IFINDEX;
	if (json)
		event_json(f, ev);
	else
		event_text(f, "leak", ev);
	fclose(f);
	return buf;
}

static void assert_leak(struct event *ev, const char *text,
			const char *json)
{
	char *out = leak_line(ev, false);

	ck_assert_str_eq(out, text);
	free(out);
	if (!json)
		return;
	out = leak_line(ev, true);
	ck_assert_str_eq(out, json);
	free(out);
}

static void dns_frame(struct frame *f)
{
	eth(f, ETH_P_IP);
	ipv4(f, IPPROTO_UDP, "10.0.0.2", "192.0.2.53");
	udp(f, 41234, 53);
	dns_query(f, "example.com", 1);
}

START_TEST(test_ipv4_dns_leak)
{
	struct event ev;
	struct frame f;

	dns_frame(&f);
	ck_assert_int_eq(judge_eth(&f, &ev), LEAKBLOCK_REASON_DROP_NO_MATCH);
	ck_assert_uint_eq(ev.family, AF_INET);
	ck_assert_str_eq(ev.dns_name, "example.com");
	ck_assert_uint_eq(ev.dns_qtype, 1);
	assert_leak(&ev,
		"leak udp 10.0.0.2:41234 -> 192.0.2.53:53 via eth0: DNS A example.com (not an endpoint)\n",
		"{\"reason\":\"no_match\",\"family\":\"ipv4\",\"proto\":\"udp\",\"src\":\"10.0.0.2\",\"sport\":41234,\"dst\":\"192.0.2.53\",\"dport\":53,\"ifindex\":2,\"ifname\":\"eth0\",\"dns\":{\"name\":\"example.com\",\"type\":\"A\",\"qtype\":1}}\n");
}
END_TEST

START_TEST(test_endpoint)
{
	static const char *const eps[] = {
		"192.0.2.53:53/udp", "[2001:db8::1]", "192.0.2.53:53/udp",
	};
	struct event ev;
	struct frame f;

	make_policy(DEFAULT_ALLOW, eps, 3);
	ck_assert_uint_eq(policy.rules.endpoints.count, 2);
	dns_frame(&f);
	ck_assert_int_eq(judge_eth(&f, &ev), LEAKBLOCK_REASON_PASS_ENDPOINT);
	/* no question is read for what passes */
	ck_assert(!(ev.has & EV_DNS));

	/* the same address, another port or protocol: a leak */
	eth(&f, ETH_P_IP);
	ipv4(&f, IPPROTO_UDP, "10.0.0.2", "192.0.2.53");
	udp(&f, 41234, 54);
	ck_assert_int_eq(judge_eth(&f, &ev), LEAKBLOCK_REASON_DROP_NO_MATCH);
	eth(&f, ETH_P_IP);
	ipv4(&f, IPPROTO_TCP, "10.0.0.2", "192.0.2.53");
	tcp(&f, 41234, 53);
	ck_assert_int_eq(judge_eth(&f, &ev), LEAKBLOCK_REASON_DROP_NO_MATCH);

	/* any port and protocol of the IPv6 endpoint */
	eth(&f, ETH_P_IPV6);
	ipv6(&f, IPPROTO_TCP, "2001:db8::2", "2001:db8::1");
	tcp(&f, 50000, 443);
	ck_assert_int_eq(judge_eth(&f, &ev), LEAKBLOCK_REASON_PASS_ENDPOINT);
}
END_TEST

START_TEST(test_vlan_ipv6)
{
	struct event ev;
	struct frame f;

	eth(&f, ETH_P_8021Q);
	vlan(&f, 100, ETH_P_IPV6);
	ipv6(&f, IPPROTO_UDP, "2001:db8::2", "2001:db8::1");
	udp(&f, 40000, 443);
	ck_assert_int_eq(judge_eth(&f, &ev), LEAKBLOCK_REASON_DROP_NO_MATCH);
	assert_leak(&ev,
		"leak udp [2001:db8::2]:40000 -> [2001:db8::1]:443 via eth0 (not an endpoint)\n",
		"{\"reason\":\"no_match\",\"family\":\"ipv6\",\"proto\":\"udp\",\"src\":\"2001:db8::2\",\"sport\":40000,\"dst\":\"2001:db8::1\",\"dport\":443,\"ifindex\":2,\"ifname\":\"eth0\"}\n");

	/* 802.1ad outside 802.1Q, and a DNS query over TCP inside */
	eth(&f, ETH_P_8021AD);
	vlan(&f, 7, ETH_P_8021Q);
	vlan(&f, 100, ETH_P_IPV6);
	ipv6(&f, IPPROTO_TCP, "2001:db8::2", "2001:db8::53");
	tcp(&f, 40001, 53);
	put16(&f, 33);			/* DNS over TCP: the length first */
	dns_query(&f, "www.example.org", 28);
	ck_assert_int_eq(judge_eth(&f, &ev), LEAKBLOCK_REASON_DROP_NO_MATCH);
	assert_leak(&ev,
		"leak tcp [2001:db8::2]:40001 -> [2001:db8::53]:53 via eth0: DNS AAAA www.example.org (not an endpoint)\n",
		NULL);

	/* mDNS, to a link-local group: a leak unless lan is allowed */
	eth(&f, ETH_P_IPV6);
	ipv6(&f, IPPROTO_UDP, "fe80::2", "ff02::fb");
	udp(&f, 5353, 5353);
	dns_query(&f, "printer.local", 255);
	ck_assert_int_eq(judge_eth(&f, &ev), LEAKBLOCK_REASON_DROP_NO_MATCH);
	ck_assert_str_eq(ev.dns_name, "printer.local");
	make_policy(DEFAULT_ALLOW | LEAKBLOCK_ALLOW_LAN, NULL, 0);
	ck_assert_int_eq(judge_eth(&f, &ev), LEAKBLOCK_REASON_PASS_LAN);
}
END_TEST

START_TEST(test_not_ip)
{
	static const uint8_t arp[28] = { 0, 1, 8, 0, 6, 4, 0, 1 };
	struct event ev;
	struct frame f;

	eth(&f, ETH_P_ARP);
	put(&f, arp, sizeof(arp));
	ck_assert_int_eq(judge_eth(&f, &ev), FRAME_NOT_IP);
	ck_assert_uint_eq(ev.has, 0);
	/* an 802.3 length, not an ethertype */
	eth(&f, 46);
	put(&f, arp, sizeof(arp));
	ck_assert_int_eq(judge_eth(&f, &ev), FRAME_NOT_IP);
	/* a tag around ARP */
	eth(&f, ETH_P_8021Q);
	vlan(&f, 5, ETH_P_ARP);
	put(&f, arp, sizeof(arp));
	ck_assert_int_eq(judge_eth(&f, &ev), FRAME_NOT_IP);
}
END_TEST

START_TEST(test_allowances)
{
	struct event ev;
	struct frame f;

	/* DHCP: a discover from 0.0.0.0 to the broadcast address */
	eth(&f, ETH_P_IP);
	ipv4(&f, IPPROTO_UDP, "0.0.0.0", "255.255.255.255");
	udp(&f, 68, 67);
	ck_assert_int_eq(judge_eth(&f, &ev), LEAKBLOCK_REASON_PASS_DHCP);
	/* DHCPv6 */
	eth(&f, ETH_P_IPV6);
	ipv6(&f, IPPROTO_UDP, "fe80::2", "ff02::1:2");
	udp(&f, 546, 547);
	ck_assert_int_eq(judge_eth(&f, &ev), LEAKBLOCK_REASON_PASS_DHCP);
	/* a router solicitation */
	eth(&f, ETH_P_IPV6);
	ipv6(&f, IPPROTO_ICMPV6, "fe80::2", "ff02::2");
	put8(&f, 133);
	ck_assert_int_eq(judge_eth(&f, &ev), LEAKBLOCK_REASON_PASS_NDP);
	/* an echo request is no neighbour discovery */
	eth(&f, ETH_P_IPV6);
	ipv6(&f, IPPROTO_ICMPV6, "fe80::1", "2001:db8::1");
	put8(&f, 128);
	ck_assert_int_eq(judge_eth(&f, &ev), LEAKBLOCK_REASON_DROP_NO_MATCH);
	assert_leak(&ev,
		"leak icmpv6 [fe80::1] -> [2001:db8::1] via eth0: type 128 (not an endpoint)\n",
		NULL);

	/* the same DHCP frame with dhcp off: a leak */
	make_policy(LEAKBLOCK_ALLOW_NDP, NULL, 0);
	eth(&f, ETH_P_IP);
	ipv4(&f, IPPROTO_UDP, "0.0.0.0", "255.255.255.255");
	udp(&f, 68, 67);
	ck_assert_int_eq(judge_eth(&f, &ev), LEAKBLOCK_REASON_DROP_NO_MATCH);
	/* lan off: even the local network is a leak */
	eth(&f, ETH_P_IP);
	ipv4(&f, IPPROTO_ICMP, "192.168.1.2", "192.168.1.1");
	put8(&f, 8);
	ck_assert_int_eq(judge_eth(&f, &ev), LEAKBLOCK_REASON_DROP_NO_MATCH);
	assert_leak(&ev,
		"leak icmp 192.168.1.2 -> 192.168.1.1 via eth0: type 8 (not an endpoint)\n",
		NULL);
}
END_TEST

START_TEST(test_truncated)
{
	struct event ev;
	struct frame f, full;
	size_t cut;

	/* shorter than an Ethernet header, or than its tag */
	eth(&f, ETH_P_IP);
	ck_assert_int_eq(frame_judge(&policy, f.b, 13, ARPHRD_ETHER, 0, &ev),
			 FRAME_NOT_IP);
	eth(&f, ETH_P_8021Q);
	put16(&f, 100);
	ck_assert_int_eq(judge_eth(&f, &ev), FRAME_NOT_IP);

	/* IPv4 cut inside its header: the module drops it as malformed */
	dns_frame(&full);
	ck_assert_int_eq(frame_judge(&policy, full.b, 14 + 19, ARPHRD_ETHER,
				     0, &ev),
			 LEAKBLOCK_REASON_DROP_MALFORMED);
	ck_assert_uint_eq(ev.has, EV_REASON | EV_FAMILY);
	assert_leak(&ev, "leak ip via eth0 (malformed)\n",
		    "{\"reason\":\"malformed\",\"family\":\"ipv4\",\"ifindex\":2,\"ifname\":\"eth0\"}\n");
	/* IPv6 under an IPv4 ethertype is as malformed */
	eth(&f, ETH_P_IP);
	ipv6(&f, IPPROTO_UDP, "2001:db8::2", "2001:db8::1");
	ck_assert_int_eq(judge_eth(&f, &ev), LEAKBLOCK_REASON_DROP_MALFORMED);

	/* ports cut off: judged on the addresses alone */
	ck_assert_int_eq(frame_judge(&policy, full.b, 14 + 20 + 3,
				     ARPHRD_ETHER, 0, &ev),
			 LEAKBLOCK_REASON_DROP_NO_MATCH);
	assert_leak(&ev,
		"leak udp 10.0.0.2 -> 192.0.2.53 via eth0 (not an endpoint)\n",
		NULL);
	/* the question cut: no DNS, still a leak */
	ck_assert_int_eq(frame_judge(&policy, full.b, full.len - 1,
				     ARPHRD_ETHER, 0, &ev),
			 LEAKBLOCK_REASON_DROP_NO_MATCH);
	ck_assert(!(ev.has & EV_DNS));
	ck_assert(ev.has & EV_PORTS);

	/* every length of the frame, each byte in its own allocation */
	for (cut = 0; cut <= full.len; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);
		int reason;

		ck_assert_ptr_nonnull(copy);
		memcpy(copy, full.b, cut);
		reason = frame_judge(&policy, copy, cut, ARPHRD_ETHER, 0, &ev);
		free(copy);
		if (cut < 14)
			ck_assert_int_eq(reason, FRAME_NOT_IP);
		else if (cut < 34)
			ck_assert_int_eq(reason,
					 LEAKBLOCK_REASON_DROP_MALFORMED);
		else
			ck_assert_int_eq(reason,
					 LEAKBLOCK_REASON_DROP_NO_MATCH);
	}
}
END_TEST

/* What the module parses is a window: a longer chain hides the ports. */
START_TEST(test_parse_window)
{
	static const char *const eps[] = { "[2001:db8::1]:443/udp" };
	uint8_t hop[136] = { IPPROTO_UDP, 16 };	/* (16 + 1) * 8 bytes */
	struct event ev;
	struct frame f;

	make_policy(DEFAULT_ALLOW, eps, 1);
	eth(&f, ETH_P_IPV6);
	ipv6(&f, 0, "2001:db8::2", "2001:db8::1");
	put(&f, hop, sizeof(hop));
	udp(&f, 40000, 443);
	ck_assert_int_eq(judge_eth(&f, &ev), LEAKBLOCK_REASON_DROP_NO_MATCH);
	ck_assert(!(ev.has & EV_PORTS));
	assert_leak(&ev,
		"leak udp [2001:db8::2] -> [2001:db8::1] via eth0 (not an endpoint)\n",
		NULL);

	/* a short chain fits */
	hop[1] = 0;
	eth(&f, ETH_P_IPV6);
	ipv6(&f, 0, "2001:db8::2", "2001:db8::1");
	put(&f, hop, 8);
	udp(&f, 40000, 443);
	ck_assert_int_eq(judge_eth(&f, &ev), LEAKBLOCK_REASON_PASS_ENDPOINT);
}
END_TEST

/* No link-layer header: the socket's protocol names the packet. */
START_TEST(test_raw_ip)
{
	struct event ev;
	struct frame f;

	f.len = 0;
	ipv4(&f, IPPROTO_UDP, "100.64.0.2", "198.51.100.7");
	udp(&f, 5000, 443);
	ck_assert_int_eq(frame_judge(&policy, f.b, f.len, ARPHRD_NONE,
				     ETH_P_IP, &ev),
			 LEAKBLOCK_REASON_DROP_NO_MATCH);
	ck_assert_uint_eq(ev.sport, 5000);
	ck_assert_int_eq(frame_judge(&policy, f.b, f.len, ARPHRD_RAWIP,
				     ETH_P_IP, &ev),
			 LEAKBLOCK_REASON_DROP_NO_MATCH);
	ck_assert_int_eq(frame_judge(&policy, f.b, f.len, ARPHRD_PPP,
				     ETH_P_ARP, &ev), FRAME_NOT_IP);
	/* a link type whose header we cannot skip */
	ck_assert_int_eq(frame_judge(&policy, f.b, f.len, ARPHRD_INFINIBAND,
				     ETH_P_IP, &ev), FRAME_NOT_IP);
	ck_assert(frame_link_supported(ARPHRD_ETHER));
	ck_assert(frame_link_supported(ARPHRD_NONE));
	ck_assert(!frame_link_supported(ARPHRD_INFINIBAND));
	ck_assert(!frame_link_supported(ARPHRD_IPGRE));
	ck_assert(!frame_link_supported(ARPHRD_LOOPBACK));
}
END_TEST

static char *summary_of(const struct frame_counts *c, bool json)
{
	static const char *const names[] = { "eth0", "wl\033an0" };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	if (json)
		frame_summary_json(f, c, names, 2);
	else
		frame_summary_text(f, c, names, 2);
	fclose(f);
	return buf;
}

START_TEST(test_counts)
{
	static const int seen[] = {
		FRAME_NOT_IP, FRAME_NOT_IP, LEAKBLOCK_REASON_PASS_ENDPOINT,
		LEAKBLOCK_REASON_PASS_ENDPOINT, LEAKBLOCK_REASON_PASS_ENDPOINT,
		LEAKBLOCK_REASON_PASS_DHCP, LEAKBLOCK_REASON_PASS_NDP,
		LEAKBLOCK_REASON_PASS_LAN, LEAKBLOCK_REASON_DROP_NO_MATCH,
		LEAKBLOCK_REASON_DROP_MALFORMED,
	};
	struct frame_counts c = { 0 };
	char *out;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(seen); i++)
		frame_count(&c, seen[i]);
	c.lost = 4;
	ck_assert_uint_eq(c.seen, 10);
	ck_assert_uint_eq(c.endpoints, 3);
	ck_assert_uint_eq(c.allowed, 3);
	ck_assert_uint_eq(c.leaks, 2);
	out = summary_of(&c, false);
	ck_assert_str_eq(out,
		"audit: 10 frames seen on eth0 wl?an0, 3 to endpoints, 3 allowed (dhcp/ndp/lan), 2 leaks\n");
	free(out);
	out = summary_of(&c, true);
	ck_assert_str_eq(out,
		"{\"frames_seen\":10,\"interfaces\":[\"eth0\",\"wl\\u001ban0\"],\"to_endpoints\":3,\"allowed\":3,\"leaks\":2,\"frames_lost\":4}\n");
	free(out);
}
END_TEST

START_TEST(test_policy)
{
	static const char *const eps[] = {
		"203.0.113.1:51820/udp", "203.0.113.1", "[2001:db8::1]:443/tcp",
		"::ffff:203.0.113.1", "198.51.100.7",
	};
	struct lb_status st = { 0 };
	struct tunnel tunnels[2];
	uint8_t addr[16];

	/* "::ffff:203.0.113.1" is 203.0.113.1, once */
	make_policy(LEAKBLOCK_ALLOW_LAN, eps, ARRAY_SIZE(eps));
	ck_assert_uint_eq(policy.rules.endpoints.count, 4);
	ck_assert(policy.rules.armed);
	ck_assert_uint_eq(policy.rules.allow, LEAKBLOCK_ALLOW_LAN);
	ck_assert(!policy.by_name);
	inet_pton(AF_INET, "203.0.113.1", addr);
	ck_assert(policy_has_address(&policy, AF_INET, addr));
	inet_pton(AF_INET, "198.51.100.7", addr);
	ck_assert(policy_has_address(&policy, AF_INET, addr));
	inet_pton(AF_INET, "198.51.100.8", addr);
	ck_assert(!policy_has_address(&policy, AF_INET, addr));
	inet_pton(AF_INET6, "2001:db8::1", addr);
	ck_assert(policy_has_address(&policy, AF_INET6, addr));
	ck_assert(!policy_has_address(&policy, AF_INET, addr));

	/* the running policy: its endpoints, allowances and names */
	ck_assert_int_eq(tunnel_parse("wg0", &tunnels[0]), 0);
	ck_assert_int_eq(tunnel_parse("tun+", &tunnels[1]), 0);
	st.allow.value = LEAKBLOCK_ALLOW_DHCP;
	st.tunnels = tunnels;
	st.ntunnels = 2;
	policy_free(&policy);
	ck_assert_int_eq(policy_from_status(&policy, &st), 0);
	ck_assert(policy.by_name);
	ck_assert_uint_eq(policy.rules.tunnel_count, 2);
	ck_assert_str_eq(policy.rules.tunnels[1].name, "tun");
	ck_assert_uint_eq(policy.rules.tunnels[1].len, 3);
	ck_assert(policy.rules.tunnels[1].prefix);
	ck_assert_uint_eq(policy.rules.endpoints.count, 0);
	ck_assert_uint_eq(policy.rules.allow, LEAKBLOCK_ALLOW_DHCP);
	ck_assert(!policy_has_address(&policy, AF_INET6, addr));
}
END_TEST

static struct link mklink(const char *name, uint16_t type, uint32_t flags,
			  const char *kind)
{
	struct link l = { .index = 3, .type = type, .flags = flags };

	snprintf(l.name, sizeof(l.name), "%s", name);
	snprintf(l.kind, sizeof(l.kind), "%s", kind);
	return l;
}

START_TEST(test_tunnels)
{
	struct link eth0 = mklink("eth0", ARPHRD_ETHER, IFF_UP, "");
	struct link veth = mklink("veth0", ARPHRD_ETHER, IFF_UP, "veth");
	struct link wg = mklink("wg0", ARPHRD_NONE, IFF_UP, "wireguard");
	struct link tun = mklink("tun3", ARPHRD_NONE, IFF_UP, "tun");
	struct link tap = mklink("tap0", ARPHRD_ETHER, IFF_UP, "tun");
	struct link ppp = mklink("ppp0", ARPHRD_PPP, IFF_UP, "");
	struct link ipip = mklink("ipip1", ARPHRD_TUNNEL, IFF_UP, "ipip");
	struct link gre = mklink("gre1", ARPHRD_IPGRE, IFF_UP, "gre");
	struct link lo = mklink("lo", ARPHRD_LOOPBACK,
				IFF_UP | IFF_LOOPBACK, "");
	struct tunnel names[2];
	struct link links[3];

	/* by device type */
	ck_assert(!link_is_tunnel(&eth0, &policy));
	ck_assert(!link_is_tunnel(&veth, &policy));
	ck_assert(link_is_tunnel(&wg, &policy));
	ck_assert(link_is_tunnel(&tun, &policy));
	ck_assert(link_is_tunnel(&tap, &policy));
	ck_assert(link_is_tunnel(&ppp, &policy));
	ck_assert(link_is_tunnel(&ipip, &policy));
	ck_assert(link_is_tunnel(&gre, &policy));
	ck_assert(link_is_loopback(&lo));
	ck_assert(!link_is_loopback(&eth0));

	/* by the module's names, and by them alone */
	ck_assert_int_eq(tunnel_parse("wg0", &names[0]), 0);
	ck_assert_int_eq(tunnel_parse("tun+", &names[1]), 0);
	ck_assert_int_eq(policy_set_tunnels(&policy, names, 2), 0);
	ck_assert(link_is_tunnel(&wg, &policy));
	ck_assert(link_is_tunnel(&tun, &policy));
	ck_assert(!link_is_tunnel(&tap, &policy));
	ck_assert(!link_is_tunnel(&ppp, &policy));
	ck_assert(!link_is_tunnel(&eth0, &policy));
	wg = mklink("wg01", ARPHRD_NONE, IFF_UP, "wireguard");
	ck_assert(!link_is_tunnel(&wg, &policy));

	links[0] = eth0;
	links[1] = veth;
	links[1].index = 9;
	links[2] = lo;
	links[2].index = 1;
	ck_assert_ptr_eq(link_by_index(links, 3, 9), &links[1]);
	ck_assert_ptr_null(link_by_index(links, 3, 4));
	ck_assert_ptr_eq(link_by_name(links, 3, "lo"), &links[2]);
	ck_assert_ptr_null(link_by_name(links, 3, "eth9"));
}
END_TEST

static struct route mkroute(const char *prefix, uint8_t type)
{
	struct route r = { .type = type, .table = RT_TABLE_MAIN, .oif = 2 };
	char addr[INET6_ADDRSTRLEN];
	const char *slash = strchr(prefix, '/');

	ck_assert_ptr_nonnull(slash);
	snprintf(addr, sizeof(addr), "%.*s", (int)(slash - prefix), prefix);
	r.family = strchr(addr, ':') ? AF_INET6 : AF_INET;
	ck_assert_int_eq(inet_pton(r.family, addr, r.dst), 1);
	r.dst_len = atoi(slash + 1);
	return r;
}

/* Routes through eth0, and whether they bypass the tunnel. */
static const struct {
	const char *prefix;
	uint8_t type;
	bool warn;
} routes[] = {
	{ "0.0.0.0/1", RTN_UNICAST, true },	/* TunnelVision's pair */
	{ "128.0.0.0/1", RTN_UNICAST, true },
	{ "0.0.0.0/0", RTN_UNICAST, false },	/* the default route */
	{ "192.0.2.0/24", RTN_UNICAST, true },
	{ "198.51.100.7/32", RTN_UNICAST, true },
	{ "203.0.113.1/32", RTN_UNICAST, false },	/* an endpoint */
	{ "203.0.113.0/24", RTN_UNICAST, true },
	{ "10.0.0.0/8", RTN_UNICAST, false },
	{ "10.1.2.0/24", RTN_UNICAST, false },
	{ "172.16.0.0/12", RTN_UNICAST, false },
	{ "172.31.255.0/24", RTN_UNICAST, false },
	{ "172.0.0.0/8", RTN_UNICAST, true },	/* more than 172.16/12 */
	{ "192.168.0.0/16", RTN_UNICAST, false },
	{ "192.168.0.0/15", RTN_UNICAST, true },
	{ "169.254.0.0/16", RTN_UNICAST, false },
	{ "224.0.0.0/4", RTN_UNICAST, false },
	{ "224.0.0.0/3", RTN_UNICAST, true },
	{ "192.0.2.2/32", RTN_LOCAL, false },
	{ "192.0.2.255/32", RTN_BROADCAST, false },
	{ "8.8.8.8/32", RTN_BLACKHOLE, false },
	{ "2000::/3", RTN_UNICAST, true },
	{ "::/1", RTN_UNICAST, true },
	{ "::/0", RTN_UNICAST, false },
	{ "2001:db8::/64", RTN_UNICAST, true },	/* a public LAN prefix */
	{ "2001:db8::1/128", RTN_UNICAST, false },	/* an endpoint */
	{ "2001:db8::2/128", RTN_UNICAST, true },
	{ "fe80::/64", RTN_UNICAST, false },
	{ "fd00::/64", RTN_UNICAST, false },
	{ "fc00::/6", RTN_UNICAST, true },
	{ "ff00::/8", RTN_MULTICAST, false },
	{ "ff00::/8", RTN_UNICAST, false },
	{ "::1/128", RTN_UNICAST, false },
	{ "::1/127", RTN_UNICAST, true },
};

START_TEST(test_route_table)
{
	static const char *const eps[] = {
		"203.0.113.1:51820/udp", "[2001:db8::1]:443",
	};
	struct link eth0 = mklink("eth0", ARPHRD_ETHER, IFF_UP, "");
	struct route r = mkroute(routes[_i].prefix, routes[_i].type);

	make_policy(DEFAULT_ALLOW, eps, 2);
	ck_assert_msg(route_bypasses_tunnel(&r, &eth0, &policy) ==
		      routes[_i].warn, "%s type %u: expected %s",
		      routes[_i].prefix, routes[_i].type,
		      routes[_i].warn ? "a warning" : "none");
}
END_TEST

START_TEST(test_route_devices)
{
	struct link wg = mklink("wg0", ARPHRD_NONE, IFF_UP, "wireguard");
	struct link eth0 = mklink("eth0", ARPHRD_ETHER, IFF_UP, "");
	struct link lo = mklink("lo", ARPHRD_LOOPBACK, IFF_UP | IFF_LOOPBACK,
				"");
	struct route r = mkroute("0.0.0.0/1", RTN_UNICAST);
	char buf[ROUTE_PREFIX_STRLEN];
	struct tunnel name;

	ck_assert(route_bypasses_tunnel(&r, &eth0, &policy));
	/* through the tunnel, loopback, or no device: not around it */
	ck_assert(!route_bypasses_tunnel(&r, &wg, &policy));
	ck_assert(!route_bypasses_tunnel(&r, &lo, &policy));
	ck_assert(!route_bypasses_tunnel(&r, NULL, &policy));
	/* a cached clone is no route of a table */
	r.flags = RTM_F_CLONED;
	ck_assert(!route_bypasses_tunnel(&r, &eth0, &policy));
	r.flags = 0;
	/* the module's names decide: eth0 named a tunnel is one */
	ck_assert_int_eq(tunnel_parse("eth+", &name), 0);
	ck_assert_int_eq(policy_set_tunnels(&policy, &name, 1), 0);
	ck_assert(!route_bypasses_tunnel(&r, &eth0, &policy));
	ck_assert(route_bypasses_tunnel(&r, &wg, &policy));
	/* a prefix longer than the address is nonsense */
	r.dst_len = 33;
	ck_assert(!route_bypasses_tunnel(&r, &wg, &policy));

	r = mkroute("0.0.0.0/1", RTN_UNICAST);
	ck_assert_str_eq(route_prefix(&r, buf, sizeof(buf)), "0.0.0.0/1");
	r = mkroute("2000::/3", RTN_UNICAST);
	ck_assert_str_eq(route_prefix(&r, buf, sizeof(buf)), "2000::/3");
	r = mkroute("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128",
		    RTN_UNICAST);
	ck_assert_str_eq(route_prefix(&r, buf, sizeof(buf)),
			 "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
}
END_TEST

Suite *audit_suite(void)
{
	Suite *s = suite_create("audit");
	TCase *tc;

	tc = tcase_create("frame");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_ipv4_dns_leak);
	tcase_add_test(tc, test_endpoint);
	tcase_add_test(tc, test_vlan_ipv6);
	tcase_add_test(tc, test_not_ip);
	tcase_add_test(tc, test_allowances);
	tcase_add_test(tc, test_truncated);
	tcase_add_test(tc, test_parse_window);
	tcase_add_test(tc, test_raw_ip);
	tcase_add_test(tc, test_counts);
	tcase_add_test(tc, test_policy);
	suite_add_tcase(s, tc);

	tc = tcase_create("route");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_tunnels);
	tcase_add_loop_test(tc, test_route_table, 0, ARRAY_SIZE(routes));
	tcase_add_test(tc, test_route_devices);
	suite_add_tcase(s, tc);

	return s;
}
