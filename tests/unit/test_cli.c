// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of leakctl's pure parts: endpoint parsing and formatting,
 * tunnel names, JSON strings, the status printers and the extended ACK.
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

#include <linux/leakblock.h>

#include "../../ctl/endpoint.h"
#include "../../ctl/extack.h"
#include "../../ctl/ifname.h"
#include "../../ctl/util.h"
#include "../../ctl/json.h"
#include "../../ctl/show.h"
#include "unit.h"

/* Accepted endpoints; family 0 means a hostname, named in addr. */
static const struct {
	const char *in;
	int family;
	const char *addr;
	uint16_t port;
	uint8_t proto;
} good[] = {
	{ "203.0.113.1", AF_INET, "203.0.113.1", 0, 0 },
	{ "203.0.113.1:51820", AF_INET, "203.0.113.1", 51820, 0 },
	{ "203.0.113.1/udp", AF_INET, "203.0.113.1", 0, IPPROTO_UDP },
	{ "203.0.113.1:443/tcp", AF_INET, "203.0.113.1", 443, IPPROTO_TCP },
	{ "198.51.100.7/UDP", AF_INET, "198.51.100.7", 0, IPPROTO_UDP },
	{ "198.51.100.7:1/Tcp", AF_INET, "198.51.100.7", 1, IPPROTO_TCP },
	{ "1.2.3.4:65535", AF_INET, "1.2.3.4", 65535, 0 },
	{ "1.2.3.4:0053", AF_INET, "1.2.3.4", 53, 0 },
	{ "127.0.0.1", AF_INET, "127.0.0.1", 0, 0 },
	{ "[2001:db8::1]", AF_INET6, "2001:db8::1", 0, 0 },
	{ "[2001:db8::1]:51820/udp", AF_INET6, "2001:db8::1", 51820,
	  IPPROTO_UDP },
	{ "[2001:DB8::0:1]:443/tcp", AF_INET6, "2001:db8::1", 443,
	  IPPROTO_TCP },
	{ "[2001:db8::1]/tcp", AF_INET6, "2001:db8::1", 0, IPPROTO_TCP },
	{ "2001:db8::5", AF_INET6, "2001:db8::5", 0, 0 },
	{ "2001:db8::5/udp", AF_INET6, "2001:db8::5", 0, IPPROTO_UDP },
	/* a bare IPv6 address never has a port: this is ::1:53 */
	{ "2001:db8::1:53", AF_INET6, "2001:db8::1:53", 0, 0 },
	{ "[::1]", AF_INET6, "::1", 0, 0 },
	{ "::ffff:198.51.100.7", AF_INET, "198.51.100.7", 0, 0 },
	{ "[::ffff:198.51.100.7]:53/udp", AF_INET, "198.51.100.7", 53,
	  IPPROTO_UDP },
	{ "[::ffff:c633:6407]", AF_INET, "198.51.100.7", 0, 0 },
	{ "vpn.example.com", 0, "vpn.example.com", 0, 0 },
	{ "vpn.example.com:51820", 0, "vpn.example.com", 51820, 0 },
	{ "vpn.example.com:51820/udp", 0, "vpn.example.com", 51820,
	  IPPROTO_UDP },
	{ "vpn.example.com/TCP", 0, "vpn.example.com", 0, IPPROTO_TCP },
	{ "localhost", 0, "localhost", 0, 0 },
	{ "a-b.c0", 0, "a-b.c0", 0, 0 },
	{ "1.2.3.4a", 0, "1.2.3.4a", 0, 0 },
};

START_TEST(test_parse_good)
{
	struct endpoint_arg pa;
	char addr[INET6_ADDRSTRLEN];
	int err;

	err = endpoint_parse(good[_i].in, &pa);
	ck_assert_msg(err == EP_OK, "%s: error %d", good[_i].in, err);
	ck_assert_uint_eq(pa.ep.port, good[_i].port);
	ck_assert_uint_eq(pa.ep.proto, good[_i].proto);
	if (!good[_i].family) {
		ck_assert_str_eq(pa.host, good[_i].addr);
		return;
	}
	ck_assert_str_eq(pa.host, "");
	ck_assert_int_eq(pa.ep.family, good[_i].family);
	ck_assert_ptr_nonnull(inet_ntop(pa.ep.family, pa.ep.addr, addr,
					sizeof(addr)));
	ck_assert_str_eq(addr, good[_i].addr);
}
END_TEST

/* Rejected endpoints, and why. */
static const struct {
	const char *in;
	int err;
} bad[] = {
	{ "", EP_E_EMPTY },
	{ "1.2.3.4:0", EP_E_PORT },
	{ "1.2.3.4:65536", EP_E_PORT },
	{ "1.2.3.4:99999", EP_E_PORT },
	{ "1.2.3.4:123456", EP_E_PORT },
	{ "1.2.3.4:000053", EP_E_PORT },
	{ "1.2.3.4:", EP_E_PORT },
	{ "1.2.3.4:+5", EP_E_PORT },
	{ "1.2.3.4:-1", EP_E_PORT },
	{ "1.2.3.4: 53", EP_E_PORT },
	{ "1.2.3.4:0x35", EP_E_PORT },
	{ "[::1]:", EP_E_PORT },
	{ "[::1]:0", EP_E_PORT },
	{ "vpn.example.com:0", EP_E_PORT },
	{ ":53", EP_E_NOADDR },
	{ "/udp", EP_E_NOADDR },
	{ "[::1", EP_E_BRACKET },
	{ "[::1/udp]", EP_E_BRACKET },
	{ "[::1]x", EP_E_TRAILING },
	{ "[::1]53", EP_E_TRAILING },
	{ "1.2.3.4/icmp", EP_E_PROTO },
	{ "1.2.3.4/", EP_E_PROTO },
	{ "1.2.3.4/udp/tcp", EP_E_PROTO },
	{ "1.2.3.4/udpx", EP_E_PROTO },
	{ "1.2.3.0/24", EP_E_PROTO },
	{ "0.0.0.0", EP_E_UNICAST },
	{ "224.0.0.1", EP_E_UNICAST },
	{ "239.255.255.255:53", EP_E_UNICAST },
	{ "255.255.255.255", EP_E_UNICAST },
	{ "[ff02::1]", EP_E_UNICAST },
	{ "ff02::1", EP_E_UNICAST },
	{ "[::]", EP_E_UNICAST },
	{ "::", EP_E_UNICAST },
	{ "::ffff:0.0.0.0", EP_E_UNICAST },
	{ "[::ffff:224.1.2.3]:53", EP_E_UNICAST },
	{ "1.2.3.999:53", EP_E_V4 },
	{ "1.2.3", EP_E_V4 },
	{ "01.2.3.4", EP_E_V4 },
	{ "1.2.3.4.5", EP_E_V4 },
	{ "...", EP_E_V4 },
	{ "[1.2.3.4]", EP_E_V6 },
	{ "[]", EP_E_V6 },
	{ "[2001:db8::zz]", EP_E_V6 },
	{ "[fe80::1%eth0]", EP_E_V6 },
	{ "2001:db8::zz", EP_E_V6 },
	{ "1.2.3.4:5:6", EP_E_V6 },
	{ "2001:db8::1:51820", EP_E_V6PORT },
	{ "::1:65535/udp", EP_E_V6PORT },
	{ "1.2.3.4 :53", EP_E_NAME },
	{ " 1.2.3.4", EP_E_NAME },
	{ "vpn example.com", EP_E_NAME },
	{ "foo_bar", EP_E_NAME },
	{ "a..b", EP_E_NAME },
	{ ".example.com", EP_E_NAME },
	{ "example.com.", EP_E_NAME },
	{ "vpn.ex\xc3\xa4mple.com", EP_E_NAME },
	{ "vpn.example.com\n", EP_E_NAME },
};

START_TEST(test_parse_bad)
{
	struct endpoint_arg pa;
	int err = endpoint_parse(bad[_i].in, &pa);

	ck_assert_msg(err == bad[_i].err, "`%s': error %d, expected %d",
		      bad[_i].in, err, bad[_i].err);
	/* nothing half-parsed is left behind */
	ck_assert_str_eq(pa.host, "");
	ck_assert_uint_eq(pa.ep.family, 0);
	ck_assert_uint_eq(pa.ep.port, 0);
	ck_assert_uint_eq(pa.ep.proto, 0);
}
END_TEST

START_TEST(test_parse_lengths)
{
	char label[70], name[300];
	struct endpoint_arg pa;
	size_t i;

	/* a label of 63 is fine, 64 is not */
	memset(label, 'a', 63);
	strcpy(label + 63, ".com");
	ck_assert_int_eq(endpoint_parse(label, &pa), EP_OK);
	ck_assert_uint_eq(strlen(pa.host), 67);
	memset(label, 'a', 64);
	strcpy(label + 64, ".com");
	ck_assert_int_eq(endpoint_parse(label, &pa), EP_E_NAME);

	/* 253 characters of name are fine, with a port and protocol too */
	for (i = 0; i < 253; i++)
		name[i] = i % 2 ? '.' : 'a';
	name[252] = 'a';
	name[253] = '\0';
	ck_assert_int_eq(endpoint_parse(name, &pa), EP_OK);
	ck_assert_uint_eq(strlen(pa.host), 253);
	strcpy(name + 253, ":65535/udp");
	ck_assert_int_eq(endpoint_parse(name, &pa), EP_OK);
	ck_assert_uint_eq(pa.ep.port, 65535);
	ck_assert_uint_eq(pa.ep.proto, IPPROTO_UDP);

	/* 254 are not a hostname; past 263 nothing is looked at */
	name[253] = 'a';
	name[254] = '\0';
	ck_assert_int_eq(endpoint_parse(name, &pa), EP_E_NAME);
	memset(name, '1', 299);
	name[299] = '\0';
	ck_assert_int_eq(endpoint_parse(name, &pa), EP_E_TOOLONG);
	ck_assert_str_eq(pa.host, "");
}
END_TEST

START_TEST(test_error_text)
{
	ck_assert_str_eq(endpoint_err_what(EP_E_V4), "endpoint");
	ck_assert_str_eq(endpoint_err_why(EP_E_V4), "not an IPv4 address");
	ck_assert_str_eq(endpoint_err_what(EP_E_PORT), "port in");
	ck_assert_str_eq(endpoint_err_why(EP_E_PORT), "must be 1..65535");
	ck_assert_str_eq(endpoint_err_why(EP_E_UNICAST),
			 "an endpoint must be a unicast address");
	ck_assert_str_eq(endpoint_err_why(-1), "unknown error");
	ck_assert_str_eq(endpoint_err_why(__EP_E_COUNT), "unknown error");
}
END_TEST

static const struct {
	const char *in, *out;
} formats[] = {
	{ "203.0.113.1:51820/udp", "203.0.113.1:51820/udp" },
	{ "[2001:db8::1]:443/TCP", "[2001:db8::1]:443/tcp" },
	{ "198.51.100.7", "198.51.100.7" },
	{ "198.51.100.7/tcp", "198.51.100.7/tcp" },
	{ "2001:db8::5", "[2001:db8::5]" },
	{ "[2001:DB8:0::5]", "[2001:db8::5]" },
	{ "::ffff:198.51.100.7", "198.51.100.7" },
	{ "1.2.3.4:0053", "1.2.3.4:53" },
	{ "[::1.2.3.4]:9/udp", "[::1.2.3.4]:9/udp" },
};

START_TEST(test_format)
{
	char buf[ENDPOINT_STRLEN];
	struct endpoint_arg pa;

	ck_assert_int_eq(endpoint_parse(formats[_i].in, &pa), EP_OK);
	ck_assert_str_eq(endpoint_format(&pa.ep, buf, sizeof(buf)),
			 formats[_i].out);
}
END_TEST

/* parse(format(x)) == x for every accepted address */
START_TEST(test_round_trip)
{
	struct endpoint_arg pa, again;
	char buf[ENDPOINT_STRLEN];

	if (!good[_i].family)
		return;
	ck_assert_int_eq(endpoint_parse(good[_i].in, &pa), EP_OK);
	endpoint_format(&pa.ep, buf, sizeof(buf));
	ck_assert_msg(endpoint_parse(buf, &again) == EP_OK, "%s", buf);
	ck_assert_int_eq(endpoint_cmp(&pa.ep, &again.ep), 0);
	ck_assert_mem_eq(&pa.ep, &again.ep, sizeof(pa.ep));
}
END_TEST

START_TEST(test_format_edges)
{
	struct endpoint ep = { .family = AF_INET6, .proto = 132,
			       .port = 65535 };
	char buf[ENDPOINT_STRLEN], small[8];

	/* the longest form fits; an unknown protocol is still shown */
	memset(ep.addr, 0xff, 16);
	ep.addr[0] = 0xfe;
	endpoint_format(&ep, buf, sizeof(buf));
	ck_assert_str_eq(buf,
		"[feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535/proto-132");
	/* a short buffer truncates, and stays a string */
	endpoint_format(&ep, small, sizeof(small));
	ck_assert_str_eq(small, "[feff:f");
}
END_TEST

START_TEST(test_cmp_order)
{
	struct endpoint_arg a, b;

	ck_assert_int_eq(endpoint_parse("9.9.9.9", &a), EP_OK);
	ck_assert_int_eq(endpoint_parse("[::2]", &b), EP_OK);
	ck_assert_int_lt(endpoint_cmp(&a.ep, &b.ep), 0);
	ck_assert_int_gt(endpoint_cmp(&b.ep, &a.ep), 0);

	ck_assert_int_eq(endpoint_parse("1.2.3.4:9", &a), EP_OK);
	ck_assert_int_eq(endpoint_parse("1.2.3.5:1", &b), EP_OK);
	ck_assert_int_lt(endpoint_cmp(&a.ep, &b.ep), 0);

	/* then protocol before port */
	ck_assert_int_eq(endpoint_parse("1.2.3.4:9/tcp", &a), EP_OK);
	ck_assert_int_eq(endpoint_parse("1.2.3.4:1/udp", &b), EP_OK);
	ck_assert_int_lt(endpoint_cmp(&a.ep, &b.ep), 0);
	ck_assert_int_eq(endpoint_parse("1.2.3.4:2/udp", &a), EP_OK);
	ck_assert_int_gt(endpoint_cmp(&a.ep, &b.ep), 0);

	ck_assert_int_eq(endpoint_parse("::ffff:1.2.3.4:2/udp", &b),
			 EP_E_V6PORT);
	ck_assert_int_eq(endpoint_parse("[::ffff:1.2.3.4]:2/udp", &b), EP_OK);
	ck_assert_int_eq(endpoint_cmp(&a.ep, &b.ep), 0);
}
END_TEST

START_TEST(test_tunnel_names)
{
	char buf[IFNAMSIZ + 1];
	struct tunnel t;

	ck_assert_int_eq(tunnel_parse("wg0", &t), 0);
	ck_assert_str_eq(t.name, "wg0");
	ck_assert_uint_eq(t.flags, 0);
	ck_assert_str_eq(tunnel_format(&t, buf), "wg0");

	ck_assert_int_eq(tunnel_parse("tun+", &t), 0);
	ck_assert_str_eq(t.name, "tun");
	ck_assert_uint_eq(t.flags, LEAKBLOCK_TUNNEL_F_PREFIX);
	ck_assert_str_eq(tunnel_format(&t, buf), "tun+");

	/* only the last '+' is the prefix mark */
	ck_assert_int_eq(tunnel_parse("wg++", &t), 0);
	ck_assert_str_eq(t.name, "wg+");
	ck_assert_uint_eq(t.flags, LEAKBLOCK_TUNNEL_F_PREFIX);

	ck_assert_int_eq(tunnel_parse("abcdefghijklmno", &t), 0);
	ck_assert_str_eq(t.name, "abcdefghijklmno");
	ck_assert_int_eq(tunnel_parse("abcdefghijklmno+", &t), 0);
	ck_assert_str_eq(t.name, "abcdefghijklmno");
	ck_assert_uint_eq(t.flags, LEAKBLOCK_TUNNEL_F_PREFIX);

	ck_assert_int_eq(tunnel_parse("abcdefghijklmnop", &t), -1);
	ck_assert_int_eq(tunnel_parse("abcdefghijklmnop+", &t), -1);
	ck_assert_int_eq(tunnel_parse("+", &t), -1);
	ck_assert_int_eq(tunnel_parse("", &t), -1);
	ck_assert_int_eq(tunnel_parse("a/b", &t), -1);
	ck_assert_int_eq(tunnel_parse("a:b", &t), -1);
	ck_assert_int_eq(tunnel_parse("a b", &t), -1);
	ck_assert_int_eq(tunnel_parse("a\tb+", &t), -1);
	ck_assert_int_eq(tunnel_parse("wg\xa0", &t), -1);
	ck_assert_int_eq(tunnel_parse(".", &t), -1);
	ck_assert_int_eq(tunnel_parse("..", &t), -1);
	ck_assert_int_eq(tunnel_parse("..+", &t), -1);
	ck_assert_int_eq(tunnel_parse("...", &t), 0);
	ck_assert_str_eq(t.name, "...");

	ck_assert(ifname_valid("eth0"));
	ck_assert(ifname_valid("we\"ird\\"));
	ck_assert(!ifname_valid("a\nb"));
	ck_assert(!ifname_valid(""));
}
END_TEST

static char *json_of(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	json_string(f, s);
	fclose(f);
	return buf;
}

static const struct {
	const char *in, *out;
} jsons[] = {
	{ "wg0", "\"wg0\"" },
	{ "", "\"\"" },
	{ "a\"b\\c", "\"a\\\"b\\\\c\"" },
	{ "\n\t\r\b\f", "\"\\n\\t\\r\\b\\f\"" },
	{ "\x01\x1f\x7f", "\"\\u0001\\u001f\x7f\"" },
	{ "/", "\"/\"" },
	{ "caf\xc3\xa9", "\"caf\xc3\xa9\"" },
	{ "\xe2\x82\xac", "\"\xe2\x82\xac\"" },
	{ "\xf0\x9f\x94\x92", "\"\xf0\x9f\x94\x92\"" },
	{ "\xff", "\"\\ufffd\"" },
	{ "a\x80z", "\"a\\ufffdz\"" },
	/* overlong, surrogate, past U+10FFFF, cut short */
	{ "\xc0\xaf", "\"\\ufffd\\ufffd\"" },
	{ "\xe0\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\"" },
	{ "\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"" },
	{ "\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"" },
	{ "\xe2\x82", "\"\\ufffd\\ufffd\"" },
	{ "\xf0\x9f\x94", "\"\\ufffd\\ufffd\\ufffd\"" },
};

START_TEST(test_json_string)
{
	char *out = json_of(jsons[_i].in);

	ck_assert_str_eq(out, jsons[_i].out);
	free(out);
}
END_TEST

char *show_of(void (*show)(FILE *, const struct lb_status *),
	      const struct lb_status *st)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	show(f, st);
	fclose(f);
	return buf;
}

static struct tunnel sample_tunnels[] = {
	{ "wg0", 0 },
	{ "tun", LEAKBLOCK_TUNNEL_F_PREFIX },
};

static struct lb_counter sample_counters[] = {
	{ LEAKBLOCK_REASON_PASS_LOOPBACK, 12, 0 },
	{ LEAKBLOCK_REASON_PASS_TUNNEL, 840, 16 },
	{ LEAKBLOCK_REASON_DROP_NO_MATCH, 3, 1 },
	{ LEAKBLOCK_REASON_DROP_MALFORMED, 0, 0 },
	{ 42, 5, 18446744073709551615ULL },
};

static void sample(struct lb_status *st, struct endpoint *eps)
{
	struct endpoint_arg pa;

	ck_assert_int_eq(endpoint_parse("203.0.113.1:51820/udp", &pa), EP_OK);
	eps[0] = pa.ep;
	ck_assert_int_eq(endpoint_parse("[2001:db8::1]:443/tcp", &pa), EP_OK);
	eps[1] = pa.ep;

	memset(st, 0, sizeof(*st));
	st->armed = true;
	st->generation = 7;
	st->allow.value = LEAKBLOCK_ALLOW_DHCP | LEAKBLOCK_ALLOW_NDP;
	st->allow.selector = __LEAKBLOCK_ALLOW_ALL;
	st->endpoint_count = 2;
	st->tunnels = sample_tunnels;
	st->ntunnels = ARRAY_SIZE(sample_tunnels);
	st->endpoints = eps;
	st->nendpoints = 2;
	st->counters = sample_counters;
	st->ncounters = ARRAY_SIZE(sample_counters);
}

START_TEST(test_show_text)
{
	struct endpoint eps[2];
	struct lb_status st;
	char *out;

	sample(&st, eps);
	out = show_of(show_text, &st);
	ck_assert_str_eq(out,
		"armed: yes\n"
		"allow: dhcp on, ndp on, lan off\n"
		"tunnels: wg0 tun+\n"
		"endpoints: 2\n"
		"  203.0.113.1:51820/udp\n"
		"  [2001:db8::1]:443/tcp\n"
		"counters:             ipv4       ipv6\n"
		"  pass loopback         12          0\n"
		"  pass tunnel          840         16\n"
		"  drop no-match          3          1\n"
		"  drop malformed         0          0\n"
		"  reason 42              5 18446744073709551615\n"
		"generation: 7\n");
	free(out);

	memset(&st, 0, sizeof(st));
	st.allow.selector = LEAKBLOCK_ALLOW_LAN | 0x80;
	st.allow.value = LEAKBLOCK_ALLOW_LAN | 0x80;
	out = show_of(show_text, &st);
	ck_assert_str_eq(out,
		"armed: no\n"
		"allow: lan on\n"
		"tunnels: none\n"
		"endpoints: 0\n"
		"counters: none\n"
		"generation: 0\n");
	free(out);
}
END_TEST

START_TEST(test_show_json)
{
	struct tunnel odd = { "a\"b\\c", LEAKBLOCK_TUNNEL_F_PREFIX };
	struct endpoint eps[2];
	struct lb_status st;
	char *out;

	sample(&st, eps);
	out = show_of(show_json, &st);
	ck_assert_str_eq(out,
		"{\"armed\":true,\"generation\":7,\"allow\":{\"dhcp\":true,\"ndp\":true,\"lan\":false},\"tunnels\":[\"wg0\",\"tun+\"],\"endpoints\":[\"203.0.113.1:51820/udp\",\"[2001:db8::1]:443/tcp\"],\"counters\":{\"pass_loopback\":{\"ipv4\":12,\"ipv6\":0},\"pass_tunnel\":{\"ipv4\":840,\"ipv6\":16},\"drop_no_match\":{\"ipv4\":3,\"ipv6\":1},\"drop_malformed\":{\"ipv4\":0,\"ipv6\":0},\"reason_42\":{\"ipv4\":5,\"ipv6\":18446744073709551615}}}\n");
	free(out);

	memset(&st, 0, sizeof(st));
	st.tunnels = &odd;
	st.ntunnels = 1;
	out = show_of(show_json, &st);
	ck_assert_str_eq(out,
		"{\"armed\":false,\"generation\":0,\"allow\":{},\"tunnels\":[\"a\\\"b\\\\c+\"],\"endpoints\":[],\"counters\":{}}\n");
	free(out);
}
END_TEST

/* Builds an ACK-like message: header, payload, then TLVs. */
struct msgbuf {
	uint32_t words[256];
	size_t len;
};

static void put(struct msgbuf *b, const void *data, size_t len)
{
	memcpy((char *)b->words + b->len, data, len);
	b->len = NLMSG_ALIGN(b->len + len);
}

static void put_tlv(struct msgbuf *b, uint16_t type, const void *data,
		    uint16_t len)
{
	struct nlattr nla = { .nla_len = NLA_HDRLEN + len, .nla_type = type };

	put(b, &nla, sizeof(nla));
	memcpy((char *)b->words + b->len, data, len);
	b->len = NLA_ALIGN(b->len + len);
}

static struct nlmsghdr *start(struct msgbuf *b, uint16_t type,
			      uint16_t flags)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)b->words;

	memset(b, 0, sizeof(*b));
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	b->len = NLMSG_HDRLEN;
	return nlh;
}

static struct nlmsghdr *error_msg(struct msgbuf *b, uint16_t flags,
				  uint32_t reqlen, int err)
{
	struct nlmsghdr *nlh = start(b, NLMSG_ERROR, flags);
	struct nlmsgerr e = { .error = err };
	char request[64] = { 0 };

	e.msg.nlmsg_len = reqlen;
	put(b, &e, sizeof(e));
	if (!(flags & NLM_F_CAPPED))
		put(b, request, reqlen - NLMSG_HDRLEN);
	return nlh;
}

START_TEST(test_extack_capped)
{
	struct lb_ack ack = { .has_offs = true, .msg = "stale" };
	uint32_t offs = 1234;
	struct msgbuf b;
	struct nlmsghdr *nlh;

	nlh = error_msg(&b, NLM_F_CAPPED | NLM_F_ACK_TLVS, 60, -ENOENT);
	put_tlv(&b, NLMSGERR_ATTR_MSG, "endpoint is not configured", 27);
	put_tlv(&b, NLMSGERR_ATTR_OFFS, &offs, sizeof(offs));
	nlh->nlmsg_len = b.len;
	extack_parse(nlh, &ack);
	ck_assert_str_eq(ack.msg, "endpoint is not configured");
	ck_assert(ack.has_offs);
	ck_assert_uint_eq(ack.offs, 1234);

	/* without NLM_F_ACK_TLVS there is nothing to read */
	nlh->nlmsg_flags = NLM_F_CAPPED;
	extack_parse(nlh, &ack);
	ck_assert_str_eq(ack.msg, "");
	ck_assert(!ack.has_offs);
}
END_TEST

START_TEST(test_extack_echoed)
{
	struct lb_ack ack;
	uint32_t offs = 40;
	struct msgbuf b;
	struct nlmsghdr *nlh;

	/* an echoed request of 42 bytes, padded to 44, then the TLVs */
	nlh = error_msg(&b, NLM_F_ACK_TLVS, 42, -EINVAL);
	ck_assert_uint_eq(b.len, NLMSG_HDRLEN + sizeof(struct nlmsgerr) + 28);
	put_tlv(&b, NLMSGERR_ATTR_OFFS, &offs, sizeof(offs));
	put_tlv(&b, NLMSGERR_ATTR_MSG, "bad", 4);
	nlh->nlmsg_len = b.len;
	extack_parse(nlh, &ack);
	ck_assert_str_eq(ack.msg, "bad");
	ck_assert(ack.has_offs);
	ck_assert_uint_eq(ack.offs, 40);

	/* an echoed length that points past the message: no TLVs */
	((struct nlmsgerr *)NLMSG_DATA(nlh))->msg.nlmsg_len = 0xfffffff0;
	extack_parse(nlh, &ack);
	ck_assert_str_eq(ack.msg, "");
	ck_assert(!ack.has_offs);
}
END_TEST

START_TEST(test_extack_malformed)
{
	struct lb_ack ack;
	uint16_t short_offs = 7;
	uint32_t miss = 96, offs = 12;
	struct msgbuf b;
	struct nlmsghdr *nlh;

	/* an unterminated message is cut at its attribute's end */
	nlh = error_msg(&b, NLM_F_CAPPED | NLM_F_ACK_TLVS, 20, -EINVAL);
	put_tlv(&b, NLMSGERR_ATTR_MSG, "abcdefgh", 3);
	put_tlv(&b, NLMSGERR_ATTR_OFFS, &short_offs, sizeof(short_offs));
	put_tlv(&b, NLMSGERR_ATTR_MISS_NEST, &miss, sizeof(miss));
	nlh->nlmsg_len = b.len;
	extack_parse(nlh, &ack);
	ck_assert_str_eq(ack.msg, "abc");
	ck_assert(ack.has_offs);
	ck_assert_uint_eq(ack.offs, 96);

	/* OFFS wins over MISS_NEST, whatever their order */
	put_tlv(&b, NLMSGERR_ATTR_OFFS, &offs, sizeof(offs));
	nlh->nlmsg_len = b.len;
	extack_parse(nlh, &ack);
	ck_assert_uint_eq(ack.offs, 12);

	/* an attribute longer than the message ends the walk */
	nlh = error_msg(&b, NLM_F_CAPPED | NLM_F_ACK_TLVS, 20, -EINVAL);
	put_tlv(&b, NLMSGERR_ATTR_MSG, "ok", 3);
	put_tlv(&b, NLMSGERR_ATTR_OFFS, &offs, sizeof(offs));
	nlh->nlmsg_len = b.len - 4;
	extack_parse(nlh, &ack);
	ck_assert_str_eq(ack.msg, "ok");
	ck_assert(!ack.has_offs);

	/* too short to hold even the nlmsgerr */
	nlh->nlmsg_len = NLMSG_HDRLEN + 4;
	extack_parse(nlh, &ack);
	ck_assert_str_eq(ack.msg, "");
}
END_TEST

START_TEST(test_extack_done)
{
	struct lb_ack ack;
	int err = -EMSGSIZE;
	struct msgbuf b;
	struct nlmsghdr *nlh;

	nlh = start(&b, NLMSG_DONE, NLM_F_MULTI | NLM_F_ACK_TLVS);
	put(&b, &err, sizeof(err));
	put_tlv(&b, NLMSGERR_ATTR_MSG, "dump failed", 12);
	nlh->nlmsg_len = b.len;
	extack_parse(nlh, &ack);
	ck_assert_str_eq(ack.msg, "dump failed");
	ck_assert(!ack.has_offs);

	/* other message types carry no extended ACK */
	nlh->nlmsg_type = NLMSG_MIN_TYPE;
	extack_parse(nlh, &ack);
	ck_assert_str_eq(ack.msg, "");
}
END_TEST

START_TEST(test_marks)
{
	struct lb_marks m = { 0 };
	uint32_t i;

	ck_assert_int_eq(marks_find(&m, 0), -1);
	/* 1000 endpoints of 48 bytes after a 28-byte head */
	for (i = 0; i < 1000; i++)
		ck_assert_int_eq(marks_add(&m, 28 + 48 * i, 28 + 48 * (i + 1)),
				 0);
	ck_assert_int_eq(marks_find(&m, 27), -1);
	ck_assert_int_eq(marks_find(&m, 28), 0);
	ck_assert_int_eq(marks_find(&m, 75), 0);
	ck_assert_int_eq(marks_find(&m, 76), 1);
	ck_assert_int_eq(marks_find(&m, 28 + 48 * 517 + 20), 517);
	ck_assert_int_eq(marks_find(&m, 28 + 48 * 999 + 47), 999);
	ck_assert_int_eq(marks_find(&m, 28 + 48 * 1000), -1);
	marks_free(&m);
	ck_assert_uint_eq(m.n, 0);
	ck_assert_ptr_null(m.v);

	/* ranges may leave gaps, as a nest header between entries */
	ck_assert_int_eq(marks_add(&m, 24, 44), 0);
	ck_assert_int_eq(marks_add(&m, 48, 60), 0);
	ck_assert_int_eq(marks_find(&m, 44), -1);
	ck_assert_int_eq(marks_find(&m, 48), 1);
	marks_free(&m);
}
END_TEST

Suite *cli_suite(void)
{
	Suite *s = suite_create("leakctl");
	TCase *tc;

	tc = tcase_create("endpoint");
	tcase_add_loop_test(tc, test_parse_good, 0, ARRAY_SIZE(good));
	tcase_add_loop_test(tc, test_parse_bad, 0, ARRAY_SIZE(bad));
	tcase_add_test(tc, test_parse_lengths);
	tcase_add_test(tc, test_error_text);
	tcase_add_loop_test(tc, test_format, 0, ARRAY_SIZE(formats));
	tcase_add_loop_test(tc, test_round_trip, 0, ARRAY_SIZE(good));
	tcase_add_test(tc, test_format_edges);
	tcase_add_test(tc, test_cmp_order);
	suite_add_tcase(s, tc);

	tc = tcase_create("tunnel");
	tcase_add_test(tc, test_tunnel_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("output");
	tcase_add_loop_test(tc, test_json_string, 0, ARRAY_SIZE(jsons));
	tcase_add_test(tc, test_show_text);
	tcase_add_test(tc, test_show_json);
	suite_add_tcase(s, tc);

	tc = tcase_create("extack");
	tcase_add_test(tc, test_extack_capped);
	tcase_add_test(tc, test_extack_echoed);
	tcase_add_test(tc, test_extack_malformed);
	tcase_add_test(tc, test_extack_done);
	tcase_add_test(tc, test_marks);
	suite_add_tcase(s, tc);

	return s;
}
