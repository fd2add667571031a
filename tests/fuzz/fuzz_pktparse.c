// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the header parser the module runs on every guarded
 * packet, followed by the verdict on what it parsed, and for the fast path
 * that reads the same bytes in place: whenever it answers, it must answer
 * as the full parse and verdict do. Any out-of-bounds read or undefined
 * behaviour is a sanitizer report; the invariants below abort.
 */

#include <stdlib.h>

#include "../../kmod/pktparse.h"

/* A small policy with rules of every shape, so matching paths run too. */
/* Sorted as lb_endpoints_sort() sorts them. */
static const struct lb_endpoint endpoints[] = {
	{ .family = LB_FAMILY_IPV4, .addr = { 203, 0, 113, 1 } },
	{ .family = LB_FAMILY_IPV4, .port = 53, .addr = { 203, 0, 113, 1 } },
	{ .family = LB_FAMILY_IPV4, .proto = 17, .port = 51820,
	  .addr = { 203, 0, 113, 2 } },
	{ .family = LB_FAMILY_IPV4, .proto = 6, .addr = { 203, 0, 113, 3 } },
	{ .family = LB_FAMILY_IPV6, .port = 443,
	  .addr = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 } },
	{ .family = LB_FAMILY_IPV6, .proto = 6,
	  .addr = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 } },
};

static struct lb_rules rules = {
	.armed = true,
	.allow = __LEAKBLOCK_ALLOW_ALL,
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* For the fuzzer's whole life. */
	void *index = malloc(lb_endpoint_index_size(ARRAY_SIZE(endpoints)));

	(void)argc;
	(void)argv;
	if (!index)
		abort();
	lb_endpoint_set_init(&rules.endpoints, endpoints, ARRAY_SIZE(endpoints),
			     index, 7);
	lb_rules_prepare(&rules);
	return 0;
}

static int judge(const struct lb_packet *pkt)
{
	enum leakblock_reason reason;

	reason = lb_verdict_by_packet(&rules, pkt);
	if (reason < LEAKBLOCK_REASON_PASS_ENDPOINT ||
	    reason > LEAKBLOCK_REASON_DROP_NO_MATCH)
		abort();
	return reason;
}

/* What the module answers before the full parse, as hooks.c asks. */
static int fast_verdict(u8 family, const u8 *data, u32 len)
{
	int reason = lb_verdict_fast(&rules, family, data, len);

	if (reason == LB_VERDICT_UNDECIDED && family == LB_FAMILY_IPV4)
		reason = lb_verdict_fast4_any(&rules, data, len);
	return reason;
}

static void check(bool parsed, const struct lb_packet *pkt, u8 family,
		  const u8 *data, u32 len)
{
	int reason, fast;

	if (!parsed) {
		if (fast_verdict(family, data, len) != LB_VERDICT_UNDECIDED)
			abort();
		return;
	}
	if (pkt->family != family)
		abort();
	/* Ports and ICMP types only ever come with a known transport. */
	if ((pkt->flags & (LB_PKT_PORTS | LB_PKT_ICMP_TYPE)) &&
	    !(pkt->flags & LB_PKT_TRANSPORT))
		abort();
	if ((pkt->flags & LB_PKT_PORTS) && (pkt->flags & LB_PKT_ICMP_TYPE))
		abort();
	reason = judge(pkt);
	fast = fast_verdict(family, data, len);
	if (fast != LB_VERDICT_UNDECIDED && fast != reason)
		abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct lb_packet pkt;
	u8 *copy;

	/* An exact-size heap copy, so a read past the end is caught. */
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	check(lb_parse_ipv4(copy, size, &pkt), &pkt, LB_FAMILY_IPV4, copy,
	      size);
	check(lb_parse_ipv6(copy, size, &pkt), &pkt, LB_FAMILY_IPV6, copy,
	      size);
	free(copy);
	return 0;
}
