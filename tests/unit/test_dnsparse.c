// SPDX-License-Identifier: GPL-2.0
/*
 * The DNS question parser the module runs on blocked queries
 * (kmod/dnsparse.c), on messages built byte by byte.
 */

#include "unit.h"
#include "../../kmod/dnsparse.h"

static u8 msg[600];

/* A query header with @qdcount questions, then @name in wire form. */
static u32 query(const char *wire, u32 wire_len, u16 qtype, u16 qdcount)
{
	u32 len = 12;

	memset(msg, 0, sizeof(msg));
	msg[0] = 0x12;
	msg[1] = 0x34;
	msg[2] = 0x01;				/* RD */
	msg[5] = qdcount;
	memcpy(msg + len, wire, wire_len);
	len += wire_len;
	msg[len++] = qtype >> 8;
	msg[len++] = qtype & 0xff;
	msg[len++] = 0;
	msg[len++] = 1;				/* IN */
	return len;
}

/* @wire is a string literal: its size is known. */
#define QUERY(wire, qtype, qdcount) \
	query(wire, sizeof(wire) - 1, qtype, qdcount)

START_TEST(plain_query_gives_name_and_type)
{
	struct lb_dns_question q;
	u32 len = QUERY("\011leak-test\007example\000", 1, 1);

	ck_assert(lb_dns_parse_question(msg, len, &q));
	ck_assert_str_eq(q.name, "leak-test.example");
	ck_assert_int_eq(q.qtype, 1);
	len = QUERY("\003www\006google\003com\000", 28, 1);
	ck_assert(lb_dns_parse_question(msg, len, &q));
	ck_assert_str_eq(q.name, "www.google.com");
	ck_assert_int_eq(q.qtype, 28);
}
END_TEST

START_TEST(root_name_is_a_dot)
{
	struct lb_dns_question q;
	u32 len = QUERY("\000", 2, 1);

	ck_assert(lb_dns_parse_question(msg, len, &q));
	ck_assert_str_eq(q.name, ".");
	ck_assert_int_eq(q.qtype, 2);
}
END_TEST

START_TEST(odd_bytes_are_escaped)
{
	struct lb_dns_question q;
	u32 len = QUERY("\005a.b\n\"\002_x\000", 16, 1);

	ck_assert(lb_dns_parse_question(msg, len, &q));
	ck_assert_str_eq(q.name, "a\\046b\\010\\034._x");
}
END_TEST

START_TEST(backward_pointer_is_followed)
{
	struct lb_dns_question q;
	u32 len = QUERY("\003foo\300\014", 1, 1);

	/* foo, then a pointer to 12: itself again, until the bound. */
	ck_assert(!lb_dns_parse_question(msg, len, &q));
	/* A pointer back into a name placed in the header's bytes. */
	len = QUERY("\300\004", 1, 1);
	msg[4] = 0x01;				/* also QDCOUNT 0x0178 */
	msg[5] = 'x';
	msg[6] = 0;
	ck_assert(lb_dns_parse_question(msg, len, &q));
	ck_assert_str_eq(q.name, "x");
	ck_assert_int_eq(q.qtype, 1);
}
END_TEST

START_TEST(forward_or_self_pointer_is_refused)
{
	struct lb_dns_question q;
	u32 len = QUERY("\300\014", 1, 1);	/* to itself */

	ck_assert(!lb_dns_parse_question(msg, len, &q));
	len = QUERY("\300\040", 1, 1);		/* forwards */
	ck_assert(!lb_dns_parse_question(msg, len, &q));
	ck_assert_str_eq(q.name, "");
}
END_TEST

START_TEST(responses_and_empty_questions_are_refused)
{
	struct lb_dns_question q;
	u32 len = QUERY("\001a\000", 1, 1);

	msg[2] |= 0x80;
	ck_assert(!lb_dns_parse_question(msg, len, &q));
	len = QUERY("\001a\000", 1, 0);
	ck_assert(!lb_dns_parse_question(msg, len, &q));
}
END_TEST

START_TEST(every_truncation_is_refused)
{
	struct lb_dns_question q;
	u32 full = QUERY("\004abcd\002ef\000", 1, 1);
	u32 len;

	ck_assert(lb_dns_parse_question(msg, full, &q));
	for (len = 0; len < full; len++)
		ck_assert_msg(!lb_dns_parse_question(msg, len, &q),
			      "accepted %u of %u bytes", len, full);
}
END_TEST

START_TEST(label_longer_than_the_message_is_refused)
{
	struct lb_dns_question q;
	u32 len = QUERY("\077abc", 1, 1);

	ck_assert(!lb_dns_parse_question(msg, len, &q));
}
END_TEST

START_TEST(reserved_label_types_are_refused)
{
	struct lb_dns_question q;
	u32 len = QUERY("\101a\000", 1, 1);

	ck_assert(!lb_dns_parse_question(msg, len, &q));
	len = QUERY("\201a\000", 1, 1);
	ck_assert(!lb_dns_parse_question(msg, len, &q));
}
END_TEST

START_TEST(name_over_255_wire_bytes_is_refused)
{
	struct lb_dns_question q;
	char wire[300];
	u32 i, pos = 0, len;

	/* Four 62-byte labels: 4 * 63 + 1 = 253 wire bytes, accepted. */
	for (i = 0; i < 4; i++) {
		wire[pos++] = 62;
		memset(wire + pos, 'a', 62);
		pos += 62;
	}
	wire[pos++] = 0;
	len = query(wire, pos, 1, 1);
	ck_assert(lb_dns_parse_question(msg, len, &q));
	ck_assert_uint_eq(strlen(q.name), 4 * 62 + 3);
	/* One more label of 2 makes 256. */
	wire[pos - 1] = 2;
	wire[pos++] = 'b';
	wire[pos++] = 'b';
	wire[pos++] = 0;
	len = query(wire, pos, 1, 1);
	ck_assert(!lb_dns_parse_question(msg, len, &q));
}
END_TEST

START_TEST(escapes_that_overflow_the_text_are_refused)
{
	struct lb_dns_question q;
	char wire[300];
	u32 i, pos = 0, len;

	/* 253 wire bytes of '.' inside labels: 4 * 62 * 4 text bytes. */
	for (i = 0; i < 4; i++) {
		wire[pos++] = 62;
		memset(wire + pos, '.', 62);
		pos += 62;
	}
	wire[pos++] = 0;
	len = query(wire, pos, 1, 1);
	ck_assert(!lb_dns_parse_question(msg, len, &q));
	ck_assert_str_eq(q.name, "");
}
END_TEST

Suite *dnsparse_suite(void)
{
	Suite *s = suite_create("dnsparse");
	TCase *tc = tcase_create("question");

	tcase_add_test(tc, plain_query_gives_name_and_type);
	tcase_add_test(tc, root_name_is_a_dot);
	tcase_add_test(tc, odd_bytes_are_escaped);
	tcase_add_test(tc, backward_pointer_is_followed);
	tcase_add_test(tc, forward_or_self_pointer_is_refused);
	tcase_add_test(tc, responses_and_empty_questions_are_refused);
	tcase_add_test(tc, every_truncation_is_refused);
	tcase_add_test(tc, label_longer_than_the_message_is_refused);
	tcase_add_test(tc, reserved_label_types_are_refused);
	tcase_add_test(tc, name_over_255_wire_bytes_is_refused);
	tcase_add_test(tc, escapes_that_overflow_the_text_are_refused);
	suite_add_tcase(s, tc);
	return s;
}
