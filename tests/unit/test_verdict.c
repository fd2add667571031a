// SPDX-License-Identifier: GPL-2.0
/*
 * The verdict and the endpoint set, as compiled into the module
 * (kmod/verdict.c), on packets described directly.
 */

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>

#include "unit.h"
#include "../../kmod/verdict.h"

#define UDP 17
#define TCP 6
#define ICMP 1
#define ICMPV6 58

/* A policy under test; storage sized for the biggest set used here. */
struct fixture {
	struct lb_rules rules;
	struct lb_tunnel tunnels[8];
	struct lb_endpoint *entries;
	void *index;
};

static struct fixture fx;

static void fixture_setup(void)
{
	memset(&fx, 0, sizeof(fx));
	fx.rules.armed = true;
	fx.rules.allow = LEAKBLOCK_ALLOW_DHCP | LEAKBLOCK_ALLOW_NDP;
	fx.rules.tunnels = fx.tunnels;
}

static void fixture_teardown(void)
{
	free(fx.entries);
	free(fx.index);
}

static void parse_addr(const char *text, u8 *family, u8 *addr)
{
	memset(addr, 0, LB_ADDR_LEN);
	if (inet_pton(AF_INET, text, addr) == 1) {
		*family = LB_FAMILY_IPV4;
		return;
	}
	ck_assert_msg(inet_pton(AF_INET6, text, addr) == 1, "bad address %s",
		      text);
	*family = LB_FAMILY_IPV6;
}

struct lb_endpoint endpoint(const char *addr, u8 proto, u16 port)
{
	struct lb_endpoint e = { .proto = proto, .port = port };

	parse_addr(addr, &e.family, e.addr);
	return e;
}

/* Sorts, deduplicates and indexes @count endpoints into the fixture. */
static void set_endpoints(const struct lb_endpoint *list, u32 count)
{
	free(fx.entries);
	free(fx.index);
	fx.entries = malloc((count + 1) * sizeof(*fx.entries));
	ck_assert_ptr_nonnull(fx.entries);
	if (count)
		memcpy(fx.entries, list, count * sizeof(*list));
	lb_endpoints_sort(fx.entries, count);
	count = lb_endpoints_unique(fx.entries, count);
	fx.index = malloc(lb_endpoint_index_size(count));
	ck_assert_ptr_nonnull(fx.index);
	lb_endpoint_set_init(&fx.rules.endpoints, fx.entries, count, fx.index,
			     0x5eed);
}

static void add_tunnel(const char *name, bool prefix)
{
	lb_tunnel_init(&fx.tunnels[fx.rules.tunnel_count++], name, prefix);
}

static struct lb_packet packet(const char *daddr, u8 proto, u16 sport,
			       u16 dport)
{
	struct lb_packet pkt = { .proto = proto, .flags = LB_PKT_TRANSPORT };

	parse_addr(daddr, &pkt.family, pkt.daddr);
	if (proto == UDP || proto == TCP) {
		pkt.flags |= LB_PKT_PORTS;
		pkt.sport = sport;
		pkt.dport = dport;
	}
	return pkt;
}

static struct lb_packet icmp(const char *daddr, u8 type)
{
	struct lb_packet pkt = packet(daddr, ICMP, 0, 0);

	if (pkt.family == LB_FAMILY_IPV6)
		pkt.proto = ICMPV6;
	pkt.flags |= LB_PKT_ICMP_TYPE;
	pkt.icmp_type = type;
	return pkt;
}

static enum leakblock_reason judge(const struct lb_packet *pkt)
{
	return lb_verdict_by_packet(&fx.rules, pkt);
}

static enum leakblock_reason judge_udp(const char *daddr, u16 dport)
{
	struct lb_packet pkt = packet(daddr, UDP, 40000, dport);

	return judge(&pkt);
}

/*
 * As the hooks call it, on a net_device's whole name buffer; what follows
 * the NUL is junk, as after a rename to a shorter name, and must not count.
 * The fixture's rules as they are, not prepared, take the general check;
 * prepared, they must say the same, and their common case, where it
 * applies, too.
 */
static int by_device(const char *name, bool loopback)
{
	struct lb_rules prepared = fx.rules;
	char ifname[LB_IFNAMSIZ];
	int general, fast;

	memset(ifname, 0xa5, sizeof(ifname));
	ck_assert_uint_lt(strlen(name), sizeof(ifname));
	memcpy(ifname, name, strlen(name) + 1);
	ck_assert(!fx.rules.device_mask);
	general = lb_verdict_by_device(&fx.rules, ifname, loopback);
	lb_rules_prepare(&prepared);
	ck_assert_int_eq(lb_verdict_by_device(&prepared, ifname, loopback),
			 general);
	fast = lb_verdict_by_device_fast(&prepared, ifname, loopback);
	if (prepared.device_fast)
		ck_assert_int_eq(fast, general);
	else
		ck_assert(fast == general || fast == LB_VERDICT_GENERAL);
	return general;
}

START_TEST(loopback_passes_even_armed_and_empty)
{
	ck_assert_int_eq(by_device("lo", true),
			 LEAKBLOCK_REASON_PASS_LOOPBACK);
}
END_TEST

START_TEST(armed_and_empty_leaves_the_packet_to_decide_and_drops_it)
{
	ck_assert_int_eq(by_device("eth0", false),
			 LB_VERDICT_UNDECIDED);
	ck_assert_int_eq(judge_udp("198.51.100.53", 53),
			 LEAKBLOCK_REASON_DROP_NO_MATCH);
	ck_assert_int_eq(judge_udp("2001:db8:53::53", 53),
			 LEAKBLOCK_REASON_DROP_NO_MATCH);
}
END_TEST

START_TEST(disarmed_passes_but_tunnel_is_counted_first)
{
	fx.rules.armed = false;
	add_tunnel("wg0", false);
	ck_assert_int_eq(by_device("eth0", false),
			 LEAKBLOCK_REASON_PASS_DISARMED);
	ck_assert_int_eq(by_device("wg0", false),
			 LEAKBLOCK_REASON_PASS_TUNNEL);
}
END_TEST

START_TEST(exact_tunnel_name_matches_only_itself)
{
	add_tunnel("wg0", false);
	ck_assert_int_eq(by_device("wg0", false),
			 LEAKBLOCK_REASON_PASS_TUNNEL);
	ck_assert_int_eq(by_device("wg01", false),
			 LB_VERDICT_UNDECIDED);
	ck_assert_int_eq(by_device("wg", false),
			 LB_VERDICT_UNDECIDED);
	ck_assert_int_eq(by_device("xwg0", false),
			 LB_VERDICT_UNDECIDED);
}
END_TEST

START_TEST(prefix_tunnel_name_matches_what_starts_with_it)
{
	add_tunnel("tun", true);
	add_tunnel("ppp", true);
	ck_assert_int_eq(by_device("tun0", false),
			 LEAKBLOCK_REASON_PASS_TUNNEL);
	ck_assert_int_eq(by_device("tun", false),
			 LEAKBLOCK_REASON_PASS_TUNNEL);
	ck_assert_int_eq(by_device("ppp12", false),
			 LEAKBLOCK_REASON_PASS_TUNNEL);
	ck_assert_int_eq(by_device("tu", false),
			 LB_VERDICT_UNDECIDED);
	ck_assert_int_eq(by_device("eth0", false),
			 LB_VERDICT_UNDECIDED);
	ck_assert_int_eq(by_device("xtun0", false),
			 LB_VERDICT_UNDECIDED);
}
END_TEST

START_TEST(fifteen_character_names_compare_whole)
{
	add_tunnel("abcdefghijklmno", false);
	ck_assert_int_eq(by_device("abcdefghijklmno", false),
			 LEAKBLOCK_REASON_PASS_TUNNEL);
	ck_assert_int_eq(by_device("abcdefghijklmnp", false),
			 LB_VERDICT_UNDECIDED);
}
END_TEST

/* Which rules the device check's common case covers: the usual ones. */
START_TEST(common_device_case_is_armed_with_one_short_tunnel)
{
	const struct {
		const char *names[2];
		bool prefix, armed, fast;
	} cases[] = {
		{ { NULL }, false, true, true },
		{ { "wg0" }, false, true, true },
		{ { "tun" }, true, true, true },
		{ { "wg-home" }, false, true, true },	/* 7 and its NUL */
		{ { "nordlynx" }, false, true, false },	/* the NUL is in word 2 */
		{ { "abcdefgh" }, true, true, true },	/* a prefix has no NUL */
		{ { "abcdefghi" }, true, true, false },
		{ { "wg0", "tun" }, false, true, false },
		{ { NULL }, false, false, false },
		{ { "wg0" }, false, false, false },
	};
	u32 i, j;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		fixture_setup();
		fx.rules.armed = cases[i].armed;
		for (j = 0; j < 2 && cases[i].names[j]; j++)
			add_tunnel(cases[i].names[j], cases[i].prefix);
		lb_rules_prepare(&fx.rules);
		ck_assert_msg(fx.rules.device_fast == cases[i].fast,
			      "case %u: device_fast %d", i,
			      fx.rules.device_fast);
	}
}
END_TEST

/* Rules never prepared (all 0) send every device to the general check. */
START_TEST(rules_not_prepared_take_the_general_check)
{
	static const struct lb_rules zero;
	char ifname[LB_IFNAMSIZ] = "eth0";

	ck_assert_int_eq(lb_verdict_by_device_fast(&zero, ifname, false),
			 LB_VERDICT_GENERAL);
	ck_assert_int_eq(lb_verdict_by_device(&zero, ifname, false),
			 LEAKBLOCK_REASON_PASS_DISARMED);
}
END_TEST

/*
 * Random names against one tunnel, exact or a prefix, of every length:
 * by_device() checks that the common case and the general check agree,
 * and both must agree with a plain string compare.
 */
START_TEST(common_device_case_agrees_with_the_general_check)
{
	static const char alphabet[] = "wgtun0-1";
	char tunnel[LB_IFNAMSIZ], name[LB_IFNAMSIZ];
	u32 i, j, len, r;

	unit_rand_seed(0x5eed1234);
	for (i = 0; i < 20000; i++) {
		bool prefix = i & 1, want;

		fixture_setup();
		len = 1 + (i >> 1) % (LB_IFNAMSIZ - 1);
		for (j = 0; j < len; j++)
			tunnel[j] = alphabet[unit_rand() % 8];
		tunnel[len] = 0;
		add_tunnel(tunnel, prefix);
		/* The tunnel's name, cut, grown or with one byte changed. */
		strcpy(name, tunnel);
		r = unit_rand();
		switch (r % 4) {
		case 0:
			name[(r >> 4) % len] = alphabet[(r >> 12) % 8];
			break;
		case 1:
			name[(r >> 4) % len + 1] = 0;
			break;
		case 2:
			if (len < LB_IFNAMSIZ - 1)
				strcat(name, "0");
			break;
		}
		want = prefix ? !strncmp(name, tunnel, len) :
				!strcmp(name, tunnel);
		ck_assert_int_eq(by_device(name, false),
				 want ? LEAKBLOCK_REASON_PASS_TUNNEL :
					LB_VERDICT_UNDECIDED);
	}
}
END_TEST

START_TEST(endpoint_with_protocol_and_port_admits_only_that)
{
	struct lb_endpoint e = endpoint("203.0.113.1", UDP, 51820);
	struct lb_packet tcp = packet("203.0.113.1", TCP, 40000, 51820);
	struct lb_packet ping = icmp("203.0.113.1", 8);

	set_endpoints(&e, 1);
	ck_assert_int_eq(judge_udp("203.0.113.1", 51820),
			 LEAKBLOCK_REASON_PASS_ENDPOINT);
	ck_assert_int_eq(judge_udp("203.0.113.1", 53),
			 LEAKBLOCK_REASON_DROP_NO_MATCH);
	ck_assert_int_eq(judge(&tcp), LEAKBLOCK_REASON_DROP_NO_MATCH);
	ck_assert_int_eq(judge(&ping), LEAKBLOCK_REASON_DROP_NO_MATCH);
	ck_assert_int_eq(judge_udp("203.0.113.2", 51820),
			 LEAKBLOCK_REASON_DROP_NO_MATCH);
}
END_TEST

START_TEST(endpoint_without_protocol_or_port_admits_everything_to_it)
{
	struct lb_endpoint e = endpoint("203.0.113.1", 0, 0);
	struct lb_packet tcp = packet("203.0.113.1", TCP, 1, 443);
	struct lb_packet ping = icmp("203.0.113.1", 8);

	set_endpoints(&e, 1);
	ck_assert_int_eq(judge(&tcp), LEAKBLOCK_REASON_PASS_ENDPOINT);
	ck_assert_int_eq(judge(&ping), LEAKBLOCK_REASON_PASS_ENDPOINT);
	ck_assert_int_eq(judge_udp("203.0.113.1", 53),
			 LEAKBLOCK_REASON_PASS_ENDPOINT);
}
END_TEST

START_TEST(endpoint_port_without_protocol_needs_ports)
{
	struct lb_endpoint e = endpoint("2001:db8::1", 0, 443);
	struct lb_packet tcp = packet("2001:db8::1", TCP, 1, 443);
	struct lb_packet ping = icmp("2001:db8::1", 128);

	set_endpoints(&e, 1);
	ck_assert_int_eq(judge(&tcp), LEAKBLOCK_REASON_PASS_ENDPOINT);
	ck_assert_int_eq(judge_udp("2001:db8::1", 443),
			 LEAKBLOCK_REASON_PASS_ENDPOINT);
	ck_assert_int_eq(judge_udp("2001:db8::1", 444),
			 LEAKBLOCK_REASON_DROP_NO_MATCH);
	ck_assert_int_eq(judge(&ping), LEAKBLOCK_REASON_DROP_NO_MATCH);
}
END_TEST

START_TEST(endpoint_protocol_without_port_admits_any_port)
{
	struct lb_endpoint e = endpoint("203.0.113.1", TCP, 0);
	struct lb_packet tcp = packet("203.0.113.1", TCP, 1, 8443);

	set_endpoints(&e, 1);
	ck_assert_int_eq(judge(&tcp), LEAKBLOCK_REASON_PASS_ENDPOINT);
	ck_assert_int_eq(judge_udp("203.0.113.1", 8443),
			 LEAKBLOCK_REASON_DROP_NO_MATCH);
}
END_TEST

START_TEST(ipv4_endpoint_never_matches_ipv6_packet)
{
	struct lb_endpoint e = endpoint("203.0.113.1", 0, 0);
	struct lb_packet pkt = packet("203.0.113.1", UDP, 1, 53);

	set_endpoints(&e, 1);
	/* Same 16 bytes, other family: must not match. */
	pkt.family = LB_FAMILY_IPV6;
	ck_assert_int_eq(judge(&pkt), LEAKBLOCK_REASON_DROP_NO_MATCH);
	ck_assert_int_eq(judge_udp("::ffff:203.0.113.1", 53),
			 LEAKBLOCK_REASON_DROP_NO_MATCH);
}
END_TEST

START_TEST(later_fragment_matches_only_where_ports_do_not_matter)
{
	struct lb_endpoint list[] = {
		endpoint("203.0.113.1", UDP, 51820),
		endpoint("203.0.113.2", UDP, 0),
		endpoint("203.0.113.3", 0, 0),
	};
	struct lb_packet frag = packet("203.0.113.1", UDP, 0, 0);

	set_endpoints(list, 3);
	frag.flags = LB_PKT_TRANSPORT;	/* protocol known, no ports */
	ck_assert_int_eq(judge(&frag), LEAKBLOCK_REASON_DROP_NO_MATCH);
	parse_addr("203.0.113.2", &frag.family, frag.daddr);
	ck_assert_int_eq(judge(&frag), LEAKBLOCK_REASON_PASS_ENDPOINT);
	frag.flags = 0;			/* not even the protocol */
	ck_assert_int_eq(judge(&frag), LEAKBLOCK_REASON_DROP_NO_MATCH);
	parse_addr("203.0.113.3", &frag.family, frag.daddr);
	ck_assert_int_eq(judge(&frag), LEAKBLOCK_REASON_PASS_ENDPOINT);
}
END_TEST

START_TEST(many_rules_on_one_address_are_all_found)
{
	struct lb_endpoint list[64];
	u16 port;
	int i;

	for (i = 0; i < 64; i++)
		list[i] = endpoint("2001:db8::7", i % 2 ? UDP : TCP,
				   1000 + i);
	set_endpoints(list, 64);
	for (i = 0; i < 64; i++) {
		struct lb_packet pkt = packet("2001:db8::7",
					      i % 2 ? UDP : TCP, 1, 1000 + i);

		ck_assert_int_eq(judge(&pkt), LEAKBLOCK_REASON_PASS_ENDPOINT);
		pkt.proto = i % 2 ? TCP : UDP;
		ck_assert_int_eq(judge(&pkt), LEAKBLOCK_REASON_DROP_NO_MATCH);
	}
	for (port = 1064; port < 1100; port++)
		ck_assert_int_eq(judge_udp("2001:db8::7", port),
				 LEAKBLOCK_REASON_DROP_NO_MATCH);
}
END_TEST

/* 10,000 addresses, each looked up, then 10,000 that are not there. */
START_TEST(ten_thousand_endpoints_are_each_found_and_only_they)
{
	enum { N = 10000 };
	struct lb_endpoint *list = malloc(N * sizeof(*list));
	char text[64];
	int i;

	ck_assert_ptr_nonnull(list);
	for (i = 0; i < N; i++) {
		if (i % 2)
			snprintf(text, sizeof(text), "100.%d.%d.1", i >> 8,
				 i & 0xff);
		else
			snprintf(text, sizeof(text), "2001:db8::%x:%x", i,
				 i % 7);
		list[i] = endpoint(text, UDP, 1194);
	}
	set_endpoints(list, N);
	ck_assert_uint_eq(fx.rules.endpoints.count, N);
	for (i = 0; i < N; i++) {
		struct lb_packet pkt = { .family = list[i].family, .proto = UDP,
					 .flags = LB_PKT_TRANSPORT |
						  LB_PKT_PORTS,
					 .dport = 1194 };

		memcpy(pkt.daddr, list[i].addr, LB_ADDR_LEN);
		ck_assert_int_eq(judge(&pkt), LEAKBLOCK_REASON_PASS_ENDPOINT);
		/* Next to it, but not in the set. */
		if (pkt.family == LB_FAMILY_IPV4)
			pkt.daddr[0] = 101;
		else
			pkt.daddr[LB_ADDR_LEN - 1] |= 0x80;
		ck_assert_int_eq(judge(&pkt), LEAKBLOCK_REASON_DROP_NO_MATCH);
	}
	free(list);
}
END_TEST

START_TEST(dhcp_allowance_is_client_to_server_only)
{
	struct lb_packet v4 = packet("255.255.255.255", UDP, 68, 67);
	struct lb_packet v4_reply = packet("192.0.2.1", UDP, 67, 68);
	struct lb_packet v6 = packet("ff02::1:2", UDP, 546, 547);
	struct lb_packet v6_wrong_family = packet("ff02::1:2", UDP, 68, 67);

	ck_assert_int_eq(judge(&v4), LEAKBLOCK_REASON_PASS_DHCP);
	ck_assert_int_eq(judge(&v6), LEAKBLOCK_REASON_PASS_DHCP);
	ck_assert_int_eq(judge(&v4_reply), LEAKBLOCK_REASON_DROP_NO_MATCH);
	ck_assert_int_eq(judge(&v6_wrong_family),
			 LEAKBLOCK_REASON_DROP_NO_MATCH);
	fx.rules.allow &= ~LEAKBLOCK_ALLOW_DHCP;
	ck_assert_int_eq(judge(&v4), LEAKBLOCK_REASON_DROP_NO_MATCH);
	ck_assert_int_eq(judge(&v6), LEAKBLOCK_REASON_DROP_NO_MATCH);
}
END_TEST

START_TEST(ndp_allowance_is_icmpv6_133_to_137)
{
	struct lb_packet v4_icmp = icmp("192.0.2.1", 134);
	u8 type;

	for (type = 126; type < 140; type++) {
		struct lb_packet pkt = icmp("ff02::1:ff00:1", type);
		bool ndp = type >= 133 && type <= 137;

		ck_assert_int_eq(judge(&pkt), ndp ?
				 LEAKBLOCK_REASON_PASS_NDP :
				 LEAKBLOCK_REASON_DROP_NO_MATCH);
	}
	ck_assert_int_eq(judge(&v4_icmp), LEAKBLOCK_REASON_DROP_NO_MATCH);
	fx.rules.allow &= ~LEAKBLOCK_ALLOW_NDP;
	{
		struct lb_packet ns = icmp("fe80::1", 135);

		ck_assert_int_eq(judge(&ns), LEAKBLOCK_REASON_DROP_NO_MATCH);
	}
}
END_TEST

struct lan_case {
	const char *addr;
	bool lan;
};

static const struct lan_case lan_cases[] = {
	{ "10.0.0.0", true }, { "10.255.255.255", true },
	{ "9.255.255.255", false }, { "11.0.0.0", false },
	{ "172.16.0.0", true }, { "172.31.255.255", true },
	{ "172.15.255.255", false }, { "172.32.0.0", false },
	{ "192.168.0.1", true }, { "192.169.0.1", false },
	{ "192.167.255.255", false },
	{ "169.254.1.1", true }, { "169.253.1.1", false },
	{ "224.0.0.251", true }, { "224.0.1.1", false },
	{ "239.255.255.250", false }, { "255.255.255.255", true },
	{ "100.64.0.1", false }, { "8.8.8.8", false },
	{ "fc00::1", true }, { "fdff:ffff::1", true }, { "fe00::1", false },
	{ "fe80::1", true }, { "febf::1", true }, { "fec0::1", false },
	{ "ff02::fb", true }, { "ff12::1", true }, { "ff05::1:3", false },
	{ "ff0e::1", false }, { "2001:db8::1", false }, { "::1", false },
};

START_TEST(lan_allowance_covers_the_fixed_ranges_only)
{
	const struct lan_case *c = &lan_cases[_i];

	ck_assert_int_eq(judge_udp(c->addr, 5353),
			 LEAKBLOCK_REASON_DROP_NO_MATCH);
	fx.rules.allow |= LEAKBLOCK_ALLOW_LAN;
	ck_assert_msg(judge_udp(c->addr, 5353) ==
		      (c->lan ? LEAKBLOCK_REASON_PASS_LAN :
				LEAKBLOCK_REASON_DROP_NO_MATCH),
		      "%s should%s be lan", c->addr, c->lan ? "" : " not");
}
END_TEST

START_TEST(endpoint_wins_over_allowances_in_the_counters)
{
	struct lb_endpoint e = endpoint("192.168.1.1", 0, 0);

	fx.rules.allow |= LEAKBLOCK_ALLOW_LAN;
	set_endpoints(&e, 1);
	ck_assert_int_eq(judge_udp("192.168.1.1", 53),
			 LEAKBLOCK_REASON_PASS_ENDPOINT);
	ck_assert_int_eq(judge_udp("192.168.1.2", 53),
			 LEAKBLOCK_REASON_PASS_LAN);
}
END_TEST

START_TEST(reasons_pass_or_drop_as_named)
{
	int r;

	for (r = 0; r < __LEAKBLOCK_REASON_COUNT; r++)
		ck_assert_int_eq(lb_reason_passes(r),
				 r < LEAKBLOCK_REASON_DROP_NO_MATCH);
	ck_assert(!lb_reason_passes(__LEAKBLOCK_REASON_COUNT));
}
END_TEST

START_TEST(sort_unique_contain_subtract)
{
	struct lb_endpoint list[] = {
		endpoint("203.0.113.9", UDP, 1),
		endpoint("203.0.113.1", UDP, 2),
		endpoint("2001:db8::1", 0, 0),
		endpoint("203.0.113.1", UDP, 2),
		endpoint("203.0.113.1", 0, 0),
		endpoint("203.0.113.1", TCP, 2),
	};
	struct lb_endpoint removed[] = {
		endpoint("203.0.113.1", UDP, 2),
		endpoint("2001:db8::1", 0, 0),
	};
	struct lb_endpoint absent = endpoint("203.0.113.1", UDP, 3);
	u32 n, i;

	lb_endpoints_sort(list, 6);
	for (i = 1; i < 6; i++)
		ck_assert_int_le(lb_endpoint_cmp(&list[i - 1], &list[i]), 0);
	n = lb_endpoints_unique(list, 6);
	ck_assert_uint_eq(n, 5);
	/* IPv4 first, then by address, protocol (any first) and port. */
	ck_assert_int_eq(list[0].proto, 0);
	ck_assert_int_eq(list[1].proto, TCP);
	ck_assert_int_eq(list[2].proto, UDP);
	ck_assert_int_eq(list[4].family, LB_FAMILY_IPV6);
	ck_assert(lb_endpoints_contain(list, n, &removed[0]));
	ck_assert(!lb_endpoints_contain(list, n, &absent));

	lb_endpoints_sort(removed, 2);
	n = lb_endpoints_subtract(list, n, removed, 2);
	ck_assert_uint_eq(n, 3);
	ck_assert(!lb_endpoints_contain(list, n, &removed[0]));
	ck_assert(!lb_endpoints_contain(list, n, &removed[1]));
	ck_assert_int_eq(list[2].port, 1);
}
END_TEST

START_TEST(sort_handles_reverse_and_equal_runs)
{
	struct lb_endpoint list[300];
	u32 i;

	for (i = 0; i < 300; i++)
		list[i] = endpoint("203.0.113.1", UDP, 300 - i / 2);
	lb_endpoints_sort(list, 300);
	for (i = 1; i < 300; i++)
		ck_assert_int_le(list[i - 1].port, list[i].port);
	ck_assert_uint_eq(lb_endpoints_unique(list, 300), 150);
}
END_TEST

START_TEST(slot_count_is_a_power_of_two_at_least_twice)
{
	ck_assert_uint_eq(lb_endpoint_slot_count(0), 2);
	ck_assert_uint_eq(lb_endpoint_slot_count(1), 2);
	ck_assert_uint_eq(lb_endpoint_slot_count(2), 4);
	ck_assert_uint_eq(lb_endpoint_slot_count(3), 8);
	ck_assert_uint_eq(lb_endpoint_slot_count(LEAKBLOCK_MAX_ENDPOINTS),
			  2 * LEAKBLOCK_MAX_ENDPOINTS);
}
END_TEST

START_TEST(empty_set_matches_nothing)
{
	set_endpoints(NULL, 0);
	ck_assert_int_eq(judge_udp("203.0.113.1", 51820),
			 LEAKBLOCK_REASON_DROP_NO_MATCH);
}
END_TEST

Suite *verdict_suite(void)
{
	Suite *s = suite_create("verdict");
	TCase *device = tcase_create("device");
	TCase *endpoints = tcase_create("endpoints");
	TCase *allowances = tcase_create("allowances");
	TCase *building = tcase_create("building");

	tcase_add_checked_fixture(device, fixture_setup, fixture_teardown);
	tcase_add_test(device, loopback_passes_even_armed_and_empty);
	tcase_add_test(device,
		       armed_and_empty_leaves_the_packet_to_decide_and_drops_it);
	tcase_add_test(device, disarmed_passes_but_tunnel_is_counted_first);
	tcase_add_test(device, exact_tunnel_name_matches_only_itself);
	tcase_add_test(device, prefix_tunnel_name_matches_what_starts_with_it);
	tcase_add_test(device, fifteen_character_names_compare_whole);
	tcase_add_test(device, common_device_case_is_armed_with_one_short_tunnel);
	tcase_add_test(device, rules_not_prepared_take_the_general_check);
	tcase_add_test(device, common_device_case_agrees_with_the_general_check);
	suite_add_tcase(s, device);

	tcase_add_checked_fixture(endpoints, fixture_setup, fixture_teardown);
	tcase_add_test(endpoints,
		       endpoint_with_protocol_and_port_admits_only_that);
	tcase_add_test(endpoints,
		       endpoint_without_protocol_or_port_admits_everything_to_it);
	tcase_add_test(endpoints, endpoint_port_without_protocol_needs_ports);
	tcase_add_test(endpoints,
		       endpoint_protocol_without_port_admits_any_port);
	tcase_add_test(endpoints, ipv4_endpoint_never_matches_ipv6_packet);
	tcase_add_test(endpoints,
		       later_fragment_matches_only_where_ports_do_not_matter);
	tcase_add_test(endpoints, many_rules_on_one_address_are_all_found);
	tcase_add_test(endpoints,
		       ten_thousand_endpoints_are_each_found_and_only_they);
	tcase_add_test(endpoints, empty_set_matches_nothing);
	suite_add_tcase(s, endpoints);

	tcase_add_checked_fixture(allowances, fixture_setup, fixture_teardown);
	tcase_add_test(allowances, dhcp_allowance_is_client_to_server_only);
	tcase_add_test(allowances, ndp_allowance_is_icmpv6_133_to_137);
	tcase_add_loop_test(allowances,
			    lan_allowance_covers_the_fixed_ranges_only, 0,
			    ARRAY_SIZE(lan_cases));
	tcase_add_test(allowances,
		       endpoint_wins_over_allowances_in_the_counters);
	tcase_add_test(allowances, reasons_pass_or_drop_as_named);
	suite_add_tcase(s, allowances);

	tcase_add_test(building, sort_unique_contain_subtract);
	tcase_add_test(building, sort_handles_reverse_and_equal_runs);
	tcase_add_test(building, slot_count_is_a_power_of_two_at_least_twice);
	suite_add_tcase(s, building);
	return s;
}
