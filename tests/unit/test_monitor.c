// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of what monitor reads and prints: the module's events, parsed
 * from messages laid out as put_event() (kmod/netlink.c) lays them out,
 * and their text and JSON lines; and the event counters of status.
 *
 * The messages are built by hand, as test_cli.c builds extended ACKs: the
 * unit runner links no libnl, and neither does the parser under test.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <linux/leakblock.h>

#include "../../ctl/event.h"
#include "../../ctl/show.h"
#include "unit.h"

#define FAMILY 0x1c	/* the family id the kernel gave leakblock */

/* A message under construction: header, genl header, attributes. */
struct msg {
	uint32_t words[512];
	size_t len;
	size_t nest;		/* where the open nest starts */
};

static unsigned char *at(struct msg *m, size_t off)
{
	return (unsigned char *)m->words + off;
}

static void start(struct msg *m, uint16_t type, uint8_t cmd)
{
	struct nlmsghdr nlh = { .nlmsg_type = type };
	struct genlmsghdr genl = { .cmd = cmd, .version = 1 };

	memset(m, 0, sizeof(*m));
	memcpy(at(m, 0), &nlh, sizeof(nlh));
	memcpy(at(m, NLMSG_HDRLEN), &genl, sizeof(genl));
	m->len = NLMSG_HDRLEN + GENL_HDRLEN;
}

static void put(struct msg *m, uint16_t type, const void *data, uint16_t len)
{
	struct nlattr nla = { .nla_len = NLA_HDRLEN + len, .nla_type = type };

	memcpy(at(m, m->len), &nla, sizeof(nla));
	if (len)
		memcpy(at(m, m->len + NLA_HDRLEN), data, len);
	m->len += NLA_ALIGN(nla.nla_len);
}

static void put_u8(struct msg *m, uint16_t type, uint8_t v)
{
	put(m, type, &v, sizeof(v));
}

static void put_u16(struct msg *m, uint16_t type, uint16_t v)
{
	put(m, type, &v, sizeof(v));
}

static void put_u32(struct msg *m, uint16_t type, uint32_t v)
{
	put(m, type, &v, sizeof(v));
}

static void put_u64(struct msg *m, uint16_t type, uint64_t v)
{
	put(m, type, &v, sizeof(v));
}

static void put_str(struct msg *m, uint16_t type, const char *s)
{
	put(m, type, s, strlen(s) + 1);
}

static void put_addr(struct msg *m, uint16_t type, int family,
		     const char *text)
{
	uint8_t addr[16];

	ck_assert_int_eq(inet_pton(family, text, addr), 1);
	put(m, type, addr, family == AF_INET ? 4 : 16);
}

static void nest_start(struct msg *m)
{
	m->nest = m->len;
	put(m, LEAKBLOCK_A_EVENT | NLA_F_NESTED, NULL, 0);
}

static void nest_end(struct msg *m)
{
	uint16_t len = m->len - m->nest;

	memcpy(at(m, m->nest), &len, sizeof(len));
}

/* Sets nlmsg_len; returns it. */
static size_t finish(struct msg *m)
{
	uint32_t len = m->len;

	memcpy(at(m, 0), &len, sizeof(len));
	return len;
}

/* The attributes every event has, in put_event()'s order. */
static void head(struct msg *m, int family, const char *src,
		 const char *dst, uint32_t suppressed)
{
	start(m, FAMILY, LEAKBLOCK_CMD_EVENT);
	nest_start(m);
	put_u64(m, LEAKBLOCK_EVENT_A_TIME, 1764370000123456789ULL);
	put_u64(m, LEAKBLOCK_EVENT_A_NETNS_COOKIE, 4096);
	put_u32(m, LEAKBLOCK_EVENT_A_REASON, LEAKBLOCK_REASON_DROP_NO_MATCH);
	put_addr(m, family == AF_INET ? LEAKBLOCK_EVENT_A_SRC_IPV4 :
		 LEAKBLOCK_EVENT_A_SRC_IPV6, family, src);
	put_addr(m, family == AF_INET ? LEAKBLOCK_EVENT_A_DST_IPV4 :
		 LEAKBLOCK_EVENT_A_DST_IPV6, family, dst);
	put_u32(m, LEAKBLOCK_EVENT_A_IFINDEX, 2);
	put_str(m, LEAKBLOCK_EVENT_A_IFNAME, "eth0");
	put_u32(m, LEAKBLOCK_EVENT_A_SUPPRESSED, suppressed);
}

static void ports(struct msg *m, uint8_t proto, uint16_t sport,
		  uint16_t dport)
{
	put_u8(m, LEAKBLOCK_EVENT_A_PROTO, proto);
	put_u16(m, LEAKBLOCK_EVENT_A_SPORT, sport);
	put_u16(m, LEAKBLOCK_EVENT_A_DPORT, dport);
}

static void dns(struct msg *m, const char *name, uint16_t qtype)
{
	put_str(m, LEAKBLOCK_EVENT_A_DNS_NAME, name);
	put_u16(m, LEAKBLOCK_EVENT_A_DNS_TYPE, qtype);
}

/* The example of the brief: a DNS query for example.com, blocked. */
static void dns_event(struct msg *m, uint32_t suppressed)
{
	head(m, AF_INET, "10.0.0.2", "192.0.2.53", suppressed);
	ports(m, IPPROTO_UDP, 41234, 53);
	dns(m, "example.com", 1);
	nest_end(m);
	finish(m);
}

static void parse_ok(struct msg *m, struct event *ev)
{
	int ret = event_parse(m->words, m->len, FAMILY, ev);

	ck_assert_int_eq(ret, 1);
}

static void parse_bad(struct msg *m)
{
	struct event ev;

	ck_assert_int_eq(event_parse(m->words, m->len, FAMILY, &ev),
			 -EBADMSG);
	/* nothing half-read is left behind */
	ck_assert_uint_eq(ev.has, 0);
	ck_assert_str_eq(ev.ifname, "");
}

static char *text_of(const char *verb, const struct event *ev)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	event_text(f, verb, ev);
	fclose(f);
	return buf;
}

static char *json_of(const struct event *ev)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	event_json(f, ev);
	fclose(f);
	return buf;
}

static void assert_text(const struct event *ev, const char *want)
{
	char *out = text_of("blocked", ev);

	ck_assert_str_eq(out, want);
	free(out);
}

static void assert_json(const struct event *ev, const char *want)
{
	char *out = json_of(ev);

	ck_assert_str_eq(out, want);
	free(out);
}

START_TEST(test_dns_event)
{
	struct event ev;
	struct msg m;

	dns_event(&m, 0);
	parse_ok(&m, &ev);
	ck_assert_uint_eq(ev.has, EV_TIME | EV_NETNS_COOKIE | EV_REASON |
			  EV_FAMILY | EV_ADDRS | EV_PROTO | EV_PORTS |
			  EV_IFINDEX | EV_IFNAME | EV_DNS | EV_SUPPRESSED);
	ck_assert_uint_eq(ev.time_ns, 1764370000123456789ULL);
	ck_assert_uint_eq(ev.netns_cookie, 4096);
	ck_assert_uint_eq(ev.reason, LEAKBLOCK_REASON_DROP_NO_MATCH);
	ck_assert_uint_eq(ev.family, AF_INET);
	ck_assert_mem_eq(ev.src, "\x0a\x00\x00\x02", 4);
	ck_assert_mem_eq(ev.dst, "\xc0\x00\x02\x35", 4);
	ck_assert_uint_eq(ev.proto, IPPROTO_UDP);
	ck_assert_uint_eq(ev.sport, 41234);
	ck_assert_uint_eq(ev.dport, 53);
	ck_assert_uint_eq(ev.ifindex, 2);
	ck_assert_str_eq(ev.ifname, "eth0");
	ck_assert_str_eq(ev.dns_name, "example.com");
	ck_assert_uint_eq(ev.dns_qtype, 1);
	ck_assert_uint_eq(ev.suppressed, 0);

	assert_text(&ev,
		"blocked udp 10.0.0.2:41234 -> 192.0.2.53:53 via eth0: DNS A example.com (not an endpoint)\n");
	assert_json(&ev,
		"{\"time_ns\":1764370000123456789,\"netns_cookie\":4096,\"reason\":\"no_match\",\"family\":\"ipv4\",\"proto\":\"udp\",\"src\":\"10.0.0.2\",\"sport\":41234,\"dst\":\"192.0.2.53\",\"dport\":53,\"ifindex\":2,\"ifname\":\"eth0\",\"dns\":{\"name\":\"example.com\",\"type\":\"A\",\"qtype\":1},\"suppressed\":0}\n");
}
END_TEST

START_TEST(test_icmpv6_event)
{
	struct event ev;
	struct msg m;

	head(&m, AF_INET6, "fe80::1", "2001:db8::1", 0);
	put_u8(&m, LEAKBLOCK_EVENT_A_PROTO, IPPROTO_ICMPV6);
	put_u8(&m, LEAKBLOCK_EVENT_A_ICMP_TYPE, 128);
	nest_end(&m);
	finish(&m);
	parse_ok(&m, &ev);
	ck_assert_uint_eq(ev.family, AF_INET6);
	ck_assert(!(ev.has & EV_PORTS));
	ck_assert_uint_eq(ev.icmp_type, 128);
	assert_text(&ev,
		"blocked icmpv6 [fe80::1] -> [2001:db8::1] via eth0: type 128 (not an endpoint)\n");
	assert_json(&ev,
		"{\"time_ns\":1764370000123456789,\"netns_cookie\":4096,\"reason\":\"no_match\",\"family\":\"ipv6\",\"proto\":\"icmpv6\",\"src\":\"fe80::1\",\"dst\":\"2001:db8::1\",\"icmp_type\":128,\"ifindex\":2,\"ifname\":\"eth0\",\"suppressed\":0}\n");
}
END_TEST

START_TEST(test_ipv6_ports_and_types)
{
	struct event ev;
	struct msg m;
	char *out;

	/* IPv6 with ports is bracketed; an unnamed type is a number */
	head(&m, AF_INET6, "2001:db8::2", "2001:db8::1", 0);
	ports(&m, IPPROTO_TCP, 50000, 53);
	dns(&m, "name", 99);
	nest_end(&m);
	finish(&m);
	parse_ok(&m, &ev);
	assert_text(&ev,
		"blocked tcp [2001:db8::2]:50000 -> [2001:db8::1]:53 via eth0: DNS type 99 name (not an endpoint)\n");
	out = json_of(&ev);
	ck_assert_ptr_nonnull(strstr(out,
		",\"dns\":{\"name\":\"name\",\"qtype\":99},"));
	free(out);

	/* an unknown protocol with ports; port 0 is still a port */
	head(&m, AF_INET, "10.0.0.2", "198.51.100.7", 0);
	ports(&m, 132, 0, 9899);
	nest_end(&m);
	finish(&m);
	parse_ok(&m, &ev);
	assert_text(&ev,
		"blocked proto 132 10.0.0.2:0 -> 198.51.100.7:9899 via eth0 (not an endpoint)\n");
	out = json_of(&ev);
	ck_assert_ptr_nonnull(strstr(out,
		"\"proto\":\"132\",\"src\":\"10.0.0.2\",\"sport\":0,"));
	free(out);

	/* no transport (a later fragment): "ip", addresses alone */
	head(&m, AF_INET6, "2001:db8::2", "2001:db8::1", 0);
	nest_end(&m);
	finish(&m);
	parse_ok(&m, &ev);
	assert_text(&ev,
		"blocked ip [2001:db8::2] -> [2001:db8::1] via eth0 (not an endpoint)\n");
}
END_TEST

START_TEST(test_suppressed)
{
	struct event ev;
	struct msg m;

	dns_event(&m, 5);
	parse_ok(&m, &ev);
	ck_assert_uint_eq(ev.suppressed, 5);
	assert_text(&ev,
		"(5 more blocked packets not reported: rate limit)\n"
		"blocked udp 10.0.0.2:41234 -> 192.0.2.53:53 via eth0: DNS A example.com (not an endpoint)\n");
	/* JSON says it in the object itself */
	assert_json(&ev,
		"{\"time_ns\":1764370000123456789,\"netns_cookie\":4096,\"reason\":\"no_match\",\"family\":\"ipv4\",\"proto\":\"udp\",\"src\":\"10.0.0.2\",\"sport\":41234,\"dst\":\"192.0.2.53\",\"dport\":53,\"ifindex\":2,\"ifname\":\"eth0\",\"dns\":{\"name\":\"example.com\",\"type\":\"A\",\"qtype\":1},\"suppressed\":5}\n");
}
END_TEST

START_TEST(test_reasons)
{
	struct event ev = { .has = EV_REASON };
	char buf[32];

	ev.reason = LEAKBLOCK_REASON_DROP_MALFORMED;
	assert_text(&ev, "blocked ip (malformed)\n");
	assert_json(&ev, "{\"reason\":\"malformed\"}\n");
	/* a reason of a newer module */
	ev.reason = 42;
	assert_text(&ev, "blocked ip (reason 42)\n");
	assert_json(&ev, "{\"reason\":\"reason_42\"}\n");

	ck_assert_str_eq(reason_why(LEAKBLOCK_REASON_DROP_NO_MATCH, buf,
				    sizeof(buf)), "not an endpoint");
	ck_assert_str_eq(reason_why(LEAKBLOCK_REASON_PASS_LAN, buf,
				    sizeof(buf)), "pass lan");

	/* nothing known: nothing but the verb */
	memset(&ev, 0, sizeof(ev));
	assert_text(&ev, "blocked ip\n");
	assert_json(&ev, "{}\n");
	/* an interface known by its index only */
	ev.has = EV_IFINDEX;
	ev.ifindex = 7;
	assert_text(&ev, "blocked ip via ifindex 7\n");
}
END_TEST

/* Names come from the kernel, escaped, but are masked all the same. */
START_TEST(test_masking)
{
	struct event ev;
	struct msg m;

	start(&m, FAMILY, LEAKBLOCK_CMD_EVENT);
	nest_start(&m);
	put_str(&m, LEAKBLOCK_EVENT_A_IFNAME, "e\x1b[2Jx\xc3\xa9");
	dns(&m, "a\x07\x1b]0;pwn\x7f\xc2\x9b.b", 28);
	nest_end(&m);
	finish(&m);
	parse_ok(&m, &ev);
	assert_text(&ev,
		"blocked ip via e?[2Jx\xc3\xa9: DNS AAAA a??]0;pwn???.b\n");
	assert_json(&ev,
		"{\"ifname\":\"e\\u001b[2Jx\xc3\xa9\",\"dns\":{\"name\":\"a\\u0007\\u001b]0;pwn\x7f\xc2\x9b.b\",\"type\":\"AAAA\",\"qtype\":28}}\n");
}
END_TEST

/* What a newer module may add, and the kernel's padding, are skipped. */
START_TEST(test_unknown_and_padding)
{
	struct event ev;
	struct msg m;
	uint32_t zero = 0;

	start(&m, FAMILY, LEAKBLOCK_CMD_EVENT);
	put_u32(&m, LEAKBLOCK_A_GENERATION, 9);
	nest_start(&m);
	put(&m, LEAKBLOCK_EVENT_A_PAD, NULL, 0);
	put_u64(&m, LEAKBLOCK_EVENT_A_TIME, 1);
	put(&m, 200, "future", 6);
	put_u32(&m, LEAKBLOCK_EVENT_A_REASON, LEAKBLOCK_REASON_DROP_NO_MATCH);
	nest_end(&m);
	put(&m, 300, &zero, sizeof(zero));
	finish(&m);
	parse_ok(&m, &ev);
	ck_assert_uint_eq(ev.has, EV_TIME | EV_REASON);
	ck_assert_uint_eq(ev.time_ns, 1);

	/* the last attribute may lack its padding, the message too */
	start(&m, FAMILY, LEAKBLOCK_CMD_EVENT);
	nest_start(&m);
	put_str(&m, LEAKBLOCK_EVENT_A_IFNAME, "wlan0");	/* 10 of 12 */
	nest_end(&m);
	m.len -= 2;
	memcpy(at(&m, m.nest), &(uint16_t){ m.len - m.nest },
	       sizeof(uint16_t));
	finish(&m);
	parse_ok(&m, &ev);
	ck_assert_str_eq(ev.ifname, "wlan0");

	/* a few bytes after the last attribute are padding */
	start(&m, FAMILY, LEAKBLOCK_CMD_EVENT);
	nest_start(&m);
	put_u8(&m, LEAKBLOCK_EVENT_A_PROTO, IPPROTO_UDP);
	nest_end(&m);
	m.len += 3;
	finish(&m);
	parse_ok(&m, &ev);
	ck_assert_uint_eq(ev.has, EV_PROTO);
}
END_TEST

START_TEST(test_other_messages)
{
	struct event ev;
	struct msg m;

	/* another family, another command: not ours to read */
	dns_event(&m, 0);
	ck_assert_int_eq(event_parse(m.words, m.len, FAMILY + 1, &ev), 0);
	ck_assert_uint_eq(ev.has, 0);
	start(&m, FAMILY, LEAKBLOCK_CMD_GET);
	put_u32(&m, LEAKBLOCK_A_GENERATION, 1);
	finish(&m);
	ck_assert_int_eq(event_parse(m.words, m.len, FAMILY, &ev), 0);
	start(&m, NLMSG_ERROR, 0);
	finish(&m);
	ck_assert_int_eq(event_parse(m.words, m.len, FAMILY, &ev), 0);
}
END_TEST

START_TEST(test_malformed)
{
	struct msg m;
	uint32_t u32 = 53;
	char name[32];

	/* shorter than its header says, or than a header */
	dns_event(&m, 0);
	m.len -= 4;
	parse_bad(&m);
	dns_event(&m, 0);
	m.len = NLMSG_HDRLEN - 1;
	parse_bad(&m);
	/* no room for the genl header */
	start(&m, FAMILY, LEAKBLOCK_CMD_EVENT);
	m.len = NLMSG_HDRLEN + 2;
	finish(&m);
	parse_bad(&m);
	/* no event in it, or two */
	start(&m, FAMILY, LEAKBLOCK_CMD_EVENT);
	finish(&m);
	parse_bad(&m);
	start(&m, FAMILY, LEAKBLOCK_CMD_EVENT);
	nest_start(&m);
	nest_end(&m);
	nest_start(&m);
	nest_end(&m);
	finish(&m);
	parse_bad(&m);

	/* a port of the wrong size, half a pair */
	head(&m, AF_INET, "10.0.0.2", "192.0.2.53", 0);
	put(&m, LEAKBLOCK_EVENT_A_SPORT, &u32, sizeof(u32));
	put_u16(&m, LEAKBLOCK_EVENT_A_DPORT, 53);
	nest_end(&m);
	finish(&m);
	parse_bad(&m);
	head(&m, AF_INET, "10.0.0.2", "192.0.2.53", 0);
	put_u16(&m, LEAKBLOCK_EVENT_A_DPORT, 53);
	nest_end(&m);
	finish(&m);
	parse_bad(&m);
	head(&m, AF_INET, "10.0.0.2", "192.0.2.53", 0);
	put_str(&m, LEAKBLOCK_EVENT_A_DNS_NAME, "example.com");
	nest_end(&m);
	finish(&m);
	parse_bad(&m);

	/* addresses of two families, or of one side only */
	start(&m, FAMILY, LEAKBLOCK_CMD_EVENT);
	nest_start(&m);
	put_addr(&m, LEAKBLOCK_EVENT_A_SRC_IPV4, AF_INET, "10.0.0.2");
	put_addr(&m, LEAKBLOCK_EVENT_A_DST_IPV6, AF_INET6, "2001:db8::1");
	nest_end(&m);
	finish(&m);
	parse_bad(&m);
	start(&m, FAMILY, LEAKBLOCK_CMD_EVENT);
	nest_start(&m);
	put_addr(&m, LEAKBLOCK_EVENT_A_SRC_IPV4, AF_INET, "10.0.0.2");
	nest_end(&m);
	finish(&m);
	parse_bad(&m);
	/* an IPv6 address in an IPv4 attribute */
	start(&m, FAMILY, LEAKBLOCK_CMD_EVENT);
	nest_start(&m);
	put_addr(&m, LEAKBLOCK_EVENT_A_SRC_IPV4, AF_INET6, "2001:db8::2");
	put_addr(&m, LEAKBLOCK_EVENT_A_DST_IPV4, AF_INET, "10.0.0.1");
	nest_end(&m);
	finish(&m);
	parse_bad(&m);

	/* a name longer than an interface's, even without its NUL */
	start(&m, FAMILY, LEAKBLOCK_CMD_EVENT);
	nest_start(&m);
	put_str(&m, LEAKBLOCK_EVENT_A_IFNAME, "abcdefghijklmnop");
	nest_end(&m);
	finish(&m);
	parse_bad(&m);
	memset(name, 'x', 16);
	start(&m, FAMILY, LEAKBLOCK_CMD_EVENT);
	nest_start(&m);
	put(&m, LEAKBLOCK_EVENT_A_IFNAME, name, 16);
	nest_end(&m);
	finish(&m);
	parse_bad(&m);

	/* an attribute that runs past its nest, or past the message */
	start(&m, FAMILY, LEAKBLOCK_CMD_EVENT);
	nest_start(&m);
	put_u64(&m, LEAKBLOCK_EVENT_A_TIME, 1);
	nest_end(&m);
	memcpy(at(&m, m.nest), &(uint16_t){ m.len - m.nest - 4 },
	       sizeof(uint16_t));
	finish(&m);
	parse_bad(&m);
	start(&m, FAMILY, LEAKBLOCK_CMD_EVENT);
	nest_start(&m);
	nest_end(&m);
	memcpy(at(&m, m.nest), &(uint16_t){ 64 }, sizeof(uint16_t));
	finish(&m);
	parse_bad(&m);
	/* an attribute shorter than its own header */
	start(&m, FAMILY, LEAKBLOCK_CMD_EVENT);
	nest_start(&m);
	put_u32(&m, LEAKBLOCK_EVENT_A_REASON, 7);
	nest_end(&m);
	memcpy(at(&m, m.nest + NLA_HDRLEN), &(uint16_t){ 2 },
	       sizeof(uint16_t));
	finish(&m);
	parse_bad(&m);
}
END_TEST

START_TEST(test_status_events)
{
	struct lb_status st = {
		.armed = true,
		.generation = 3,
		.has_events = true,
		.events_sent = 12,
		.events_suppressed = 18446744073709551615ULL,
	};
	char *out;

	out = show_of(show_text, &st);
	ck_assert_str_eq(out,
		"armed: yes\n"
		"allow:\n"
		"tunnels: none\n"
		"endpoints: 0\n"
		"counters: none\n"
		"events: 12 sent, 18446744073709551615 suppressed\n"
		"generation: 3\n");
	free(out);
	out = show_of(show_json, &st);
	ck_assert_str_eq(out,
		"{\"armed\":true,\"generation\":3,\"allow\":{},\"tunnels\":[],\"endpoints\":[],\"counters\":{},\"events_sent\":12,\"events_suppressed\":18446744073709551615}\n");
	free(out);
}
END_TEST

Suite *monitor_suite(void)
{
	Suite *s = suite_create("monitor");
	TCase *tc;

	tc = tcase_create("event");
	tcase_add_test(tc, test_dns_event);
	tcase_add_test(tc, test_icmpv6_event);
	tcase_add_test(tc, test_ipv6_ports_and_types);
	tcase_add_test(tc, test_suppressed);
	tcase_add_test(tc, test_reasons);
	tcase_add_test(tc, test_masking);
	tcase_add_test(tc, test_unknown_and_padding);
	tcase_add_test(tc, test_other_messages);
	tcase_add_test(tc, test_malformed);
	suite_add_tcase(s, tc);

	tc = tcase_create("status");
	tcase_add_test(tc, test_status_events);
	suite_add_tcase(s, tc);

	return s;
}
