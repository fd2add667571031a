// SPDX-License-Identifier: GPL-2.0
/*
 * The packet path's fast verdict (lb_verdict_fast() in kmod/verdict.h),
 * on packets built byte by byte: it must pass a packet to an endpoint
 * without the full parse, and whenever it answers, answer as the full
 * parse and lb_verdict_by_packet() do.
 */

#include <stdlib.h>

#include "unit.h"
#include "../../kmod/pktparse.h"

#define UDP 17
#define TCP 6
#define ICMP 1
#define PASS LEAKBLOCK_REASON_PASS_ENDPOINT
#define DROP LEAKBLOCK_REASON_DROP_NO_MATCH

static struct lb_rules rules;
static struct lb_endpoint *entries;
static void *set_index;
static u8 buf[LB_PARSE_WINDOW];

static void teardown(void)
{
	free(entries);
	free(set_index);
	entries = NULL;
	set_index = NULL;
}

/* As lb_policy_create() builds a set: sorted, unique, indexed. */
static void set_endpoints(const struct lb_endpoint *list, u32 count,
			  u64 seed)
{
	teardown();
	memset(&rules, 0, sizeof(rules));
	rules.armed = true;
	rules.allow = LEAKBLOCK_ALLOW_DHCP | LEAKBLOCK_ALLOW_NDP;
	entries = calloc(count + 1, sizeof(*entries));
	ck_assert_ptr_nonnull(entries);
	memcpy(entries, list, count * sizeof(*list));
	lb_endpoints_sort(entries, count);
	count = lb_endpoints_unique(entries, count);
	set_index = malloc(lb_endpoint_index_size(count));
	ck_assert_ptr_nonnull(set_index);
	lb_endpoint_set_init(&rules.endpoints, entries, count, set_index,
			     seed);
	lb_rules_prepare(&rules);
}

/*
 * A packet to @e's address, to @port, in buf; returns its length. @ihl is
 * the IPv4 header's words, or for IPv6 adds one 8-byte extension header.
 */
static u32 packet_to(const struct lb_endpoint *e, u8 proto, u16 port,
		     u8 ihl, u16 frag)
{
	u32 l4;

	memset(buf, 0, sizeof(buf));
	if (e->family == LB_FAMILY_IPV4) {
		buf[0] = 0x40 | ihl;
		buf[6] = frag >> 8;
		buf[7] = frag & 0xff;
		buf[9] = proto;
		memcpy(buf + 16, e->addr, 4);
		l4 = ihl * 4;
	} else {
		buf[0] = 0x60;
		buf[6] = proto;
		memcpy(buf + 24, e->addr, LB_ADDR_LEN);
		l4 = 40;
		if (ihl > 5) {
			buf[6] = 60;	/* destination options, then proto */
			buf[40] = proto;
			l4 = 48;
		}
	}
	buf[l4] = 0x9c;
	buf[l4 + 2] = port >> 8;
	buf[l4 + 3] = port & 0xff;
	return l4 + 8;
}

/*
 * What the module answers before any full parse: the hook's fast path,
 * then for IPv4 the second look. On an exact-size heap copy, so that ASan
 * catches a read past @len.
 */
static int fast(u8 family, u32 len)
{
	u8 *copy = malloc(len ? len : 1);
	int reason;

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, buf, len);
	reason = lb_verdict_fast(&rules, family, copy, len);
	if (reason == LB_VERDICT_UNDECIDED && family == LB_FAMILY_IPV4)
		reason = lb_verdict_fast4_any(&rules, copy, len);
	free(copy);
	return reason;
}

/* The module's slow path: the whole parse, then the whole verdict. */
static int full(u8 family, u32 len)
{
	struct lb_packet pkt;
	bool parsed = family == LB_FAMILY_IPV4 ?
		      lb_parse_ipv4(buf, len, &pkt) :
		      lb_parse_ipv6(buf, len, &pkt);

	if (!parsed)
		return LEAKBLOCK_REASON_DROP_MALFORMED;
	return lb_verdict_by_packet(&rules, &pkt);
}

/* The fast path leaves the packet of @len to the full one, which says @want. */
static void left_to_full(const char *what, u8 family, u32 len, int want)
{
	int f = fast(family, len), w = full(family, len);

	ck_assert_msg(f == LB_VERDICT_UNDECIDED, "%s: the fast path said %d",
		      what, f);
	ck_assert_msg(w == want, "%s: the full path said %d, not %d", what, w,
		      want);
}

/*
 * Without the full parse: IPv4 UDP or TCP to any entry that admits it, of
 * any address, however many entries it has; IPv6 to an address whose first
 * entry admits it.
 */
START_TEST(packets_to_endpoints_pass_on_the_fast_path)
{
	const struct lb_endpoint list[] = {
		endpoint("203.0.113.1", UDP, 51820),
		endpoint("203.0.113.1", TCP, 443),
		endpoint("203.0.113.1", UDP, 1194),
		endpoint("198.51.100.7", TCP, 1),
		endpoint("0.0.0.0", UDP, 9),
		endpoint("192.0.2.9", 0, 0),
		endpoint("198.51.100.8", TCP, 0),
		endpoint("198.51.100.9", 0, 53),
		endpoint("2001:db8::1", 0, 443),
		endpoint("2001:db8::2", UDP, 1194),
		endpoint("2001:db8::3", 0, 0),
		endpoint("2001:db8::4", TCP, 0),
	};
	const struct { u32 i; u8 proto; u16 port; } cases[] = {
		{ 0, UDP, 51820 }, { 1, TCP, 443 }, { 2, UDP, 1194 },
		{ 3, TCP, 1 }, { 4, UDP, 9 }, { 5, UDP, 53 }, { 5, TCP, 22 },
		{ 6, TCP, 8080 }, { 7, UDP, 53 }, { 7, TCP, 53 },
		{ 8, TCP, 443 }, { 8, UDP, 443 }, { 9, UDP, 1194 },
		{ 10, UDP, 53 }, { 11, TCP, 22 },
	};
	u32 i, len;

	set_endpoints(list, ARRAY_SIZE(list), 0x5eed);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct lb_endpoint *e = &list[cases[i].i];

		len = packet_to(e, cases[i].proto, cases[i].port, 5, 0);
		ck_assert_msg(fast(e->family, len) ==
			      LEAKBLOCK_REASON_PASS_ENDPOINT,
			      "case %u: not passed on the fast path", i);
		ck_assert_int_eq(full(e->family, len),
				 LEAKBLOCK_REASON_PASS_ENDPOINT);
	}
}
END_TEST

START_TEST(anything_else_is_left_to_the_full_path)
{
	/* Sorted by protocol, TCP 443 is 2001:db8::1's first entry. */
	const struct lb_endpoint list[] = {
		endpoint("203.0.113.1", UDP, 51820),
		endpoint("203.0.113.1", TCP, 443),
		endpoint("192.0.2.9", 0, 0),
		endpoint("198.51.100.7", TCP, 0),
		endpoint("198.51.100.8", 0, 53),
		endpoint("2001:db8::1", UDP, 0),
		endpoint("2001:db8::1", TCP, 443),
	};
	const struct lb_endpoint v4 = list[0], v6 = list[5];
	const struct lb_endpoint other = endpoint("198.51.100.53", 0, 0);
	/* Packets to list[to] (-1: other), and what the full path says. */
	const struct {
		const char *what;
		int to;
		u8 proto, ihl;
		u16 port, frag;
		int want;
	} cases[] = {
		/* Not an endpoint, or not its port. */
		{ "not an endpoint", -1, UDP, 5, 53, 0, DROP },
		{ "another port", 0, UDP, 5, 53, 0, DROP },
		/* Entries for any port or protocol, but not the packet's. */
		{ "any port, other protocol", 3, UDP, 5, 8080, 0, DROP },
		{ "any protocol, other port", 4, UDP, 5, 54, 0, DROP },
		/* Ports, but not UDP or TCP: only the full path reads them. */
		{ "sctp", 4, 132, 5, 53, 0, PASS },
		/* An IPv6 address's second entry admits it. */
		{ "second entry", 5, UDP, 5, 53, 0, PASS },
		/* Options, a later fragment, ICMP: not read here. */
		{ "options", 0, TCP, 6, 443, 0, PASS },
		{ "later fragment", 0, TCP, 5, 443, 0x0001, DROP },
		{ "later fragment, high offset bits", 0, TCP, 5, 443, 0x1f00,
		  DROP },
		{ "icmp", 2, ICMP, 5, 0, 0, PASS },
		{ "extension header", 5, UDP, 6, 53, 0, PASS },
	};
	u32 i, len;

	set_endpoints(list, ARRAY_SIZE(list), 0x5eed);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct lb_endpoint *e = &other;

		if (cases[i].to >= 0)
			e = &list[cases[i].to];
		left_to_full(cases[i].what, e->family,
			     packet_to(e, cases[i].proto, cases[i].port,
				       cases[i].ihl, cases[i].frag),
			     cases[i].want);
	}
	/* Protocol 0 to 0.0.0.0 port 0: a key of 0 bytes is not in any slot. */
	memset(buf, 0, sizeof(buf));
	buf[0] = 0x45;
	ck_assert_int_eq(fast(LB_FAMILY_IPV4, 24), LB_VERDICT_UNDECIDED);
	/* The first fragment, with flags: its ports are there. */
	len = packet_to(&v4, TCP, 443, 5, 0x2000);
	ck_assert_int_eq(fast(LB_FAMILY_IPV4, len),
			 LEAKBLOCK_REASON_PASS_ENDPOINT);
	packet_to(&v4, TCP, 443, 5, 0);
	ck_assert_int_eq(fast(LB_FAMILY_IPV4, 23), LB_VERDICT_UNDECIDED);
	ck_assert_int_eq(fast(LB_FAMILY_IPV4, 24),
			 LEAKBLOCK_REASON_PASS_ENDPOINT);
	/* IPv6: a short packet. */
	packet_to(&v6, TCP, 443, 5, 0);
	ck_assert_int_eq(fast(LB_FAMILY_IPV6, 43), LB_VERDICT_UNDECIDED);
	ck_assert_int_eq(fast(LB_FAMILY_IPV6, 44),
			 LEAKBLOCK_REASON_PASS_ENDPOINT);
	/* An IPv4 header on the IPv6 hook, and the other way round. */
	len = packet_to(&v4, UDP, 51820, 5, 0);
	ck_assert_int_eq(fast(LB_FAMILY_IPV6, 64), LB_VERDICT_UNDECIDED);
	len = packet_to(&v6, TCP, 443, 5, 0);
	ck_assert_int_eq(fast(LB_FAMILY_IPV4, len), LB_VERDICT_UNDECIDED);
}
END_TEST

static u32 rand_state;

void unit_rand_seed(u32 seed)
{
	rand_state = seed;
}

u32 unit_rand(void)
{
	rand_state ^= rand_state << 13;
	rand_state ^= rand_state >> 17;
	rand_state ^= rand_state << 5;
	return rand_state;
}

/*
 * Packets near the endpoints (their addresses, ports, protocols, with
 * random header bits, lengths and bytes): the fast path must never answer
 * differently from the full one, and must answer for some of each family.
 */
START_TEST(fast_and_full_paths_agree_on_random_packets)
{
	const struct lb_endpoint list[] = {
		endpoint("203.0.113.1", UDP, 51820),
		endpoint("203.0.113.1", TCP, 443),
		endpoint("203.0.113.2", 0, 0),
		endpoint("203.0.113.3", TCP, 0),
		endpoint("203.0.113.3", UDP, 53),
		endpoint("2001:db8::1", UDP, 0),
		endpoint("2001:db8::1", 0, 51820),
		endpoint("2001:db8::2", 0, 0),
		endpoint("0.0.0.0", 0, 0),
	};
	const u8 protos[] = { UDP, TCP, ICMP, 58, 0, 60, 132 };
	const u16 ports[] = { 51820, 443, 53, 0 };
	u32 i, len, fast_passed[2] = { 0, 0 };

	unit_rand_seed(0x1eafb10c);
	set_endpoints(list, ARRAY_SIZE(list), 0xfeedULL << 32 | 0xbeef);
	for (i = 0; i < 200000; i++) {
		const struct lb_endpoint *e =
			&list[unit_rand() % ARRAY_SIZE(list)];
		u32 r = unit_rand(), j;
		int f;

		len = packet_to(e, protos[r % ARRAY_SIZE(protos)],
				ports[(r >> 4) % ARRAY_SIZE(ports)],
				r & 0x100 ? 5 + (r >> 9) % 3 : 5,
				r & 0x800 ? unit_rand() & 0xffff : 0);
		if (r & 0x1000)	/* a random byte anywhere */
			buf[unit_rand() % len] = unit_rand();
		if (r & 0x2000)
			len = unit_rand() % (len + 1);
		for (j = 0; j < 2; j++) {
			u8 family = j ? LB_FAMILY_IPV6 : LB_FAMILY_IPV4;

			f = fast(family, len);
			if (f == LB_VERDICT_UNDECIDED)
				continue;
			ck_assert_int_eq(f, LEAKBLOCK_REASON_PASS_ENDPOINT);
			ck_assert_msg(full(family, len) == f,
				      "packet %u: fast %d, full %d", i, f,
				      full(family, len));
			fast_passed[j]++;
		}
	}
	ck_assert_uint_gt(fast_passed[0], 500);
	ck_assert_uint_gt(fast_passed[1], 500);
}
END_TEST

static u32 max_u32(u32 a, u32 b)
{
	return a > b ? a : b;
}

/*
 * Every one of 10,000 endpoints in dense ranges is found on the fast path,
 * none far from its home slot: the packet path costs the same for any
 * endpoint of any set. The ranges: IPv4 10.N.M.1; IPv6 2001:db8::N, where
 * only the last bytes vary; 2001:db8:0:N::M, where both halves do.
 */
START_TEST(large_dense_sets_are_found_with_short_probes)
{
	const struct lb_endpoint_set *set = &rules.endpoints;
	const u32 count = 10000;
	struct lb_endpoint *list = calloc(count, sizeof(*list));
	u32 i, s, len, longest = 0;
	char text[64];

	ck_assert_ptr_nonnull(list);
	for (i = 0; i < count; i++) {
		if (i % 3 == 0)
			snprintf(text, sizeof(text), "10.%u.%u.1", i >> 8,
				 i & 0xff);
		else if (i % 3 == 1)
			snprintf(text, sizeof(text), "2001:db8::%x", i);
		else
			snprintf(text, sizeof(text), "2001:db8:0:%x::%x",
				 i / 100 + 1, i % 100 + 1);
		list[i] = endpoint(text, UDP, 51820);
	}
	set_endpoints(list, count, (u64)_i * 0x9e3779b97f4a7c15ULL);
	for (s = 0; s <= set->slot_mask; s++) {
		u64 v = set->slots6[s];
		u64 key = set->keys4[s], home;

		if (key != LB_KEY4_EMPTY) {
			home = lb_endpoint_home(set, key);
			longest = max_u32(longest, (s - home) & set->slot_mask);
		}
		if (v) {
			home = lb_endpoint_home(set,
						lb_endpoint6_word(set,
								  entries[v - 1].addr));
			longest = max_u32(longest, (s - home) & set->slot_mask);
		}
	}
	ck_assert_msg(longest <= 12, "an endpoint is %u slots from home",
		      longest);
	for (i = 0; i < count; i++) {
		len = packet_to(&list[i], UDP, 51820, 5, 0);
		ck_assert_int_eq(fast(list[i].family, len),
				 LEAKBLOCK_REASON_PASS_ENDPOINT);
	}
	free(list);
}
END_TEST

/*
 * Sets of up to 8 endpoints, IPv4 and IPv6, have each in its home slot:
 * of the multipliers lb_endpoint_set_init() tries, one puts them there.
 */
START_TEST(small_sets_have_every_endpoint_in_its_home_slot)
{
	const struct lb_endpoint_set *set = &rules.endpoints;
	struct lb_endpoint list[8];
	u32 n, round, i, s;
	char text[64];

	unit_rand_seed(0x600d5eed);
	for (n = 1; n <= ARRAY_SIZE(list); n++) {
		for (round = 0; round < 50; round++) {
			for (i = 0; i < n; i++) {
				u32 r = unit_rand();

				if (r & 1)
					snprintf(text, sizeof(text),
						 "198.%u.%u.%u", r >> 24,
						 (r >> 16) & 0xff,
						 (r >> 8) & 0xff);
				else
					snprintf(text, sizeof(text),
						 "2001:db8::%x:%x", r >> 16,
						 (r >> 1) & 0x7fff);
				list[i] = endpoint(text, UDP, 51820 + i);
			}
			set_endpoints(list, n, (u64)unit_rand() << 32 |
					       unit_rand());
			for (s = 0; s <= set->slot_mask; s++) {
				u64 key = set->keys4[s];
				u64 v = set->slots6[s];

				ck_assert(key == LB_KEY4_EMPTY ||
					  lb_endpoint_home(set, key) == s);
				ck_assert(!v ||
					  lb_endpoint_home(set,
							   lb_endpoint6_word(set,
									     entries[v - 1].addr)) == s);
			}
		}
	}
}
END_TEST

Suite *fastpath_suite(void)
{
	Suite *s = suite_create("fastpath");
	TCase *tc = tcase_create("fast verdict");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, packets_to_endpoints_pass_on_the_fast_path);
	tcase_add_test(tc, anything_else_is_left_to_the_full_path);
	tcase_add_test(tc, fast_and_full_paths_agree_on_random_packets);
	tcase_add_loop_test(tc, large_dense_sets_are_found_with_short_probes,
			    1, 4);
	tcase_add_test(tc, small_sets_have_every_endpoint_in_its_home_slot);
	suite_add_tcase(s, tc);
	return s;
}
