// SPDX-License-Identifier: GPL-2.0
/*
 * The header parser the module runs on every guarded packet
 * (kmod/pktparse.c), on packets built byte by byte.
 */

#include <arpa/inet.h>

#include "unit.h"
#include "../../kmod/pktparse.h"

static u8 buf[256];

/* An IPv4 header of @ihl words to 203.0.113.1 from 192.168.1.2. */
static u32 ipv4(u8 proto, u8 ihl, u16 frag)
{
	memset(buf, 0, sizeof(buf));
	buf[0] = 0x40 | ihl;
	buf[6] = frag >> 8;
	buf[7] = frag & 0xff;
	buf[8] = 64;
	buf[9] = proto;
	inet_pton(AF_INET, "192.168.1.2", buf + 12);
	inet_pton(AF_INET, "203.0.113.1", buf + 16);
	return ihl * 4;
}

static u32 ipv6(u8 next)
{
	memset(buf, 0, sizeof(buf));
	buf[0] = 0x60;
	buf[6] = next;
	buf[7] = 64;
	inet_pton(AF_INET6, "2001:db8:1::2", buf + 8);
	inet_pton(AF_INET6, "2001:db8:53::53", buf + 24);
	return 40;
}

/* An extension header at @off of @len bytes, followed by @next. */
static u32 ext(u32 off, u8 next, u8 len_field, u32 len)
{
	buf[off] = next;
	buf[off + 1] = len_field;
	return off + len;
}

static u32 ports(u32 off, u16 sport, u16 dport)
{
	buf[off] = sport >> 8;
	buf[off + 1] = sport & 0xff;
	buf[off + 2] = dport >> 8;
	buf[off + 3] = dport & 0xff;
	return off + 8;
}

START_TEST(ipv4_udp_gives_addresses_and_ports)
{
	struct lb_packet pkt;
	u32 len = ports(ipv4(17, 5, 0), 41234, 53);
	u8 want[LB_ADDR_LEN] = { 203, 0, 113, 1 };

	ck_assert(lb_parse_ipv4(buf, len, &pkt));
	ck_assert_int_eq(pkt.family, LB_FAMILY_IPV4);
	ck_assert_int_eq(pkt.proto, 17);
	ck_assert_int_eq(pkt.flags, LB_PKT_TRANSPORT | LB_PKT_PORTS);
	ck_assert_int_eq(pkt.sport, 41234);
	ck_assert_int_eq(pkt.dport, 53);
	ck_assert_mem_eq(pkt.daddr, want, LB_ADDR_LEN);
	ck_assert_int_eq(pkt.saddr[0], 192);
	ck_assert_int_eq(pkt.transport_offset, 20);
}
END_TEST

START_TEST(ipv4_options_move_the_transport_header)
{
	struct lb_packet pkt;
	u32 len = ports(ipv4(6, 7, 0), 1, 443);

	ck_assert(lb_parse_ipv4(buf, len, &pkt));
	ck_assert_int_eq(pkt.dport, 443);
	ck_assert_int_eq(pkt.proto, 6);
	ck_assert_int_eq(pkt.transport_offset, 28);
}
END_TEST

START_TEST(ipv4_first_fragment_has_ports_later_ones_do_not)
{
	struct lb_packet pkt;
	u32 len = ports(ipv4(17, 5, 0x2000), 1, 53);	/* MF, offset 0 */

	ck_assert(lb_parse_ipv4(buf, len, &pkt));
	ck_assert_int_eq(pkt.flags, LB_PKT_TRANSPORT | LB_PKT_PORTS);
	len = ports(ipv4(17, 5, 0x00b9), 1, 53);		/* offset 185 */
	ck_assert(lb_parse_ipv4(buf, len, &pkt));
	ck_assert_int_eq(pkt.flags, LB_PKT_TRANSPORT);
	ck_assert_int_eq(pkt.proto, 17);
	ck_assert_int_eq(pkt.dport, 0);
}
END_TEST

START_TEST(ipv4_icmp_gives_its_type)
{
	struct lb_packet pkt;
	u32 len = ipv4(1, 5, 0);

	buf[len] = 8;
	ck_assert(lb_parse_ipv4(buf, len + 8, &pkt));
	ck_assert_int_eq(pkt.flags, LB_PKT_TRANSPORT | LB_PKT_ICMP_TYPE);
	ck_assert_int_eq(pkt.icmp_type, 8);
}
END_TEST

START_TEST(ipv4_short_transport_is_truncated_not_guessed)
{
	struct lb_packet pkt;
	u32 len = ipv4(17, 5, 0);

	ck_assert(lb_parse_ipv4(buf, len + 3, &pkt));
	ck_assert_int_eq(pkt.flags, LB_PKT_TRANSPORT | LB_PKT_TRUNCATED);
	ipv4(17, 15, 0);				/* 60-byte header */
	ck_assert(lb_parse_ipv4(buf, 40, &pkt));
	ck_assert_int_eq(pkt.flags, LB_PKT_TRANSPORT | LB_PKT_TRUNCATED);
}
END_TEST

START_TEST(ipv4_without_a_header_is_rejected)
{
	struct lb_packet pkt;

	ipv4(17, 5, 0);
	ck_assert(!lb_parse_ipv4(buf, 19, &pkt));
	ipv4(17, 4, 0);					/* IHL below 5 */
	ck_assert(!lb_parse_ipv4(buf, 40, &pkt));
	ipv6(17);
	ck_assert(!lb_parse_ipv4(buf, 60, &pkt));
	ck_assert(!lb_parse_ipv4(buf, 0, &pkt));
}
END_TEST

START_TEST(ipv6_udp_gives_addresses_and_ports)
{
	struct lb_packet pkt;
	u32 len = ports(ipv6(17), 41234, 53);
	u8 want[LB_ADDR_LEN];

	inet_pton(AF_INET6, "2001:db8:53::53", want);
	ck_assert(lb_parse_ipv6(buf, len, &pkt));
	ck_assert_int_eq(pkt.family, LB_FAMILY_IPV6);
	ck_assert_int_eq(pkt.flags, LB_PKT_TRANSPORT | LB_PKT_PORTS);
	ck_assert_int_eq(pkt.dport, 53);
	ck_assert_mem_eq(pkt.daddr, want, LB_ADDR_LEN);
}
END_TEST

START_TEST(ipv6_extension_headers_are_walked)
{
	struct lb_packet pkt;
	u32 off = ipv6(0);				/* hop-by-hop */

	off = ext(off, 60, 1, 16);			/* -> dstopts, 16 B */
	off = ext(off, 51, 2, 16);			/* -> AH, (2+2)*4 */
	off = ext(off, 43, 0, 8);			/* -> routing */
	off = ext(off, 17, 0, 8);			/* -> UDP */
	ck_assert(lb_parse_ipv6(buf, ports(off, 546, 547), &pkt));
	ck_assert_int_eq(pkt.proto, 17);
	ck_assert_int_eq(pkt.flags, LB_PKT_TRANSPORT | LB_PKT_PORTS);
	ck_assert_int_eq(pkt.sport, 546);
	ck_assert_int_eq(pkt.transport_offset, off);
}
END_TEST

START_TEST(ipv6_fragments_first_has_ports_later_ones_no_transport)
{
	struct lb_packet pkt;
	u32 off = ipv6(44);

	buf[off] = 17;					/* fragment header */
	buf[off + 3] = 1;				/* M flag, offset 0 */
	ck_assert(lb_parse_ipv6(buf, ports(off + 8, 1, 53), &pkt));
	ck_assert_int_eq(pkt.flags, LB_PKT_TRANSPORT | LB_PKT_PORTS);
	buf[off + 2] = 0x01;				/* offset 32 */
	ck_assert(lb_parse_ipv6(buf, ports(off + 8, 1, 53), &pkt));
	ck_assert_int_eq(pkt.flags, 0);
}
END_TEST

START_TEST(ipv6_icmp_gives_its_type)
{
	struct lb_packet pkt;
	u32 off = ipv6(58);

	buf[off] = 135;
	ck_assert(lb_parse_ipv6(buf, off + 24, &pkt));
	ck_assert_int_eq(pkt.flags, LB_PKT_TRANSPORT | LB_PKT_ICMP_TYPE);
	ck_assert_int_eq(pkt.icmp_type, 135);
}
END_TEST

START_TEST(ipv6_chain_past_the_bytes_is_truncated)
{
	struct lb_packet pkt;
	u32 off = ipv6(60);

	ext(off, 17, 255, 2048);			/* claims 2 KiB */
	ck_assert(lb_parse_ipv6(buf, 128, &pkt));
	ck_assert_int_eq(pkt.flags, LB_PKT_TRANSPORT | LB_PKT_TRUNCATED);
	ck_assert_int_eq(pkt.proto, 17);
	ipv6(0);
	ck_assert(lb_parse_ipv6(buf, 41, &pkt));	/* half a header */
	ck_assert_int_eq(pkt.flags, LB_PKT_TRUNCATED);
}
END_TEST

START_TEST(ipv6_overlong_chain_leaves_transport_unknown)
{
	struct lb_packet pkt;
	u32 off = ipv6(60);
	int i;

	for (i = 0; i < 12; i++)
		off = ext(off, 60, 0, 8);
	ck_assert(lb_parse_ipv6(buf, off, &pkt));
	ck_assert_int_eq(pkt.flags, 0);
}
END_TEST

START_TEST(ipv6_esp_and_no_next_header_have_no_ports)
{
	struct lb_packet pkt;
	u32 off = ipv6(50);

	ck_assert(lb_parse_ipv6(buf, off + 16, &pkt));
	ck_assert_int_eq(pkt.flags, LB_PKT_TRANSPORT);
	ck_assert_int_eq(pkt.proto, 50);
	off = ipv6(59);
	ck_assert(lb_parse_ipv6(buf, off, &pkt));
	ck_assert_int_eq(pkt.proto, 59);
}
END_TEST

START_TEST(ipv6_without_a_header_is_rejected)
{
	struct lb_packet pkt;

	ipv6(17);
	ck_assert(!lb_parse_ipv6(buf, 39, &pkt));
	ipv4(17, 5, 0);
	ck_assert(!lb_parse_ipv6(buf, 60, &pkt));
}
END_TEST

Suite *pktparse_suite(void)
{
	Suite *s = suite_create("pktparse");
	TCase *v4 = tcase_create("ipv4");
	TCase *v6 = tcase_create("ipv6");

	tcase_add_test(v4, ipv4_udp_gives_addresses_and_ports);
	tcase_add_test(v4, ipv4_options_move_the_transport_header);
	tcase_add_test(v4, ipv4_first_fragment_has_ports_later_ones_do_not);
	tcase_add_test(v4, ipv4_icmp_gives_its_type);
	tcase_add_test(v4, ipv4_short_transport_is_truncated_not_guessed);
	tcase_add_test(v4, ipv4_without_a_header_is_rejected);
	suite_add_tcase(s, v4);

	tcase_add_test(v6, ipv6_udp_gives_addresses_and_ports);
	tcase_add_test(v6, ipv6_extension_headers_are_walked);
	tcase_add_test(v6, ipv6_fragments_first_has_ports_later_ones_no_transport);
	tcase_add_test(v6, ipv6_icmp_gives_its_type);
	tcase_add_test(v6, ipv6_chain_past_the_bytes_is_truncated);
	tcase_add_test(v6, ipv6_overlong_chain_leaves_transport_unknown);
	tcase_add_test(v6, ipv6_esp_and_no_next_header_have_no_ports);
	tcase_add_test(v6, ipv6_without_a_header_is_rejected);
	suite_add_tcase(s, v6);
	return s;
}
