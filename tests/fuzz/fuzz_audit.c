// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for what audit does with each frame a packet socket
 * gives it: frame_judge() on any bytes, of any link type and protocol,
 * then the leak line in both forms. Any out-of-bounds read or undefined
 * behaviour is a sanitizer report; the invariants below abort.
 *
 * The first byte picks the link type, the second the socket's protocol
 * and the allowances; the rest is the frame.
 */
#define _GNU_SOURCE
#include <net/if.h>
#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/leakblock.h>

#include "../../ctl/frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint16_t hatypes[] = {
	ARPHRD_ETHER, ARPHRD_NONE, ARPHRD_RAWIP, ARPHRD_PPP, ARPHRD_TUNNEL,
	ARPHRD_TUNNEL6, ARPHRD_SIT, ARPHRD_INFINIBAND, ARPHRD_LOOPBACK,
};

static const uint16_t protocols[] = {
	ETH_P_IP, ETH_P_IPV6, ETH_P_ARP, ETH_P_ALL,
};

/* Endpoints of every shape, so that matching paths run too. */
static const struct endpoint endpoints[] = {
	{ AF_INET, 0, 0, { 192, 0, 2, 53 } },
	{ AF_INET, IPPROTO_UDP, 53, { 192, 0, 2, 54 } },
	{ AF_INET, IPPROTO_TCP, 443, { 203, 0, 113, 1 } },
	{ AF_INET6, 0, 443, { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 } },
	{ AF_INET6, IPPROTO_UDP, 0, { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 } },
};

static struct policy policies[8];

static void init(void)
{
	static bool done;
	uint32_t allow;

	if (done)
		return;
	for (allow = 0; allow < ARRAY_SIZE(policies); allow++)
		if (policy_init(&policies[allow], allow, endpoints,
				ARRAY_SIZE(endpoints)))
			abort();
	done = true;
}

/* A DNS name as dnsparse.c writes it: escaped, printable, short. */
static void check_dns_name(const char *name)
{
	size_t len = strnlen(name, LB_DNS_NAME_SIZE), i;

	if (!len || len == LB_DNS_NAME_SIZE)
		abort();
	for (i = 0; i < len; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_*.\\",
			    name[i]))
			abort();
}

static void check_event(int reason, const struct event *ev)
{
	if (reason == FRAME_NOT_IP) {
		if (ev->has)
			abort();
		return;
	}
	if (reason < 0 || reason >= __LEAKBLOCK_REASON_COUNT ||
	    reason == LEAKBLOCK_REASON_PASS_LOOPBACK ||
	    reason == LEAKBLOCK_REASON_PASS_TUNNEL ||
	    reason == LEAKBLOCK_REASON_PASS_DISARMED)
		abort();
	if ((ev->has & (EV_REASON | EV_FAMILY)) != (EV_REASON | EV_FAMILY) ||
	    ev->reason != (uint32_t)reason ||
	    (ev->family != AF_INET && ev->family != AF_INET6))
		abort();
	/* a malformed packet has nothing more to tell */
	if (reason == LEAKBLOCK_REASON_DROP_MALFORMED &&
	    ev->has != (EV_REASON | EV_FAMILY))
		abort();
	if ((ev->has & (EV_PORTS | EV_ICMP_TYPE)) && !(ev->has & EV_PROTO))
		abort();
	if ((ev->has & EV_PORTS) && (ev->has & EV_ICMP_TYPE))
		abort();
	/* the question is read for a dropped query to a DNS port only */
	if (ev->has & EV_DNS) {
		if (!(ev->has & EV_PORTS) || lb_reason_passes(reason) ||
		    !(lb_dns_port(ev->sport) || lb_dns_port(ev->dport)))
			abort();
		check_dns_name(ev->dns_name);
	}
}

/* One line, and no byte that could drive a terminal. */
static void check_line(const char *s, size_t len)
{
	size_t i;

	if (!len || s[len - 1] != '\n')
		abort();
	for (i = 0; i + 1 < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			abort();
}

static void check_output(struct event *ev)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	strcpy(ev->ifname, "eth0");
	ev->ifindex = 2;
	ev->has |= EV_IFNAME | EV_IFINDEX;

	f = open_memstream(&buf, &len);
	if (!f)
		return;
	event_text(f, "leak", ev);
	fclose(f);
	check_line(buf, len);
	free(buf);

	buf = NULL;
	f = open_memstream(&buf, &len);
	if (!f)
		return;
	event_json(f, ev);
	fclose(f);
	check_line(buf, len);
	if (buf[0] != '{' || buf[len - 2] != '}')
		abort();
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct policy *p;
	struct event ev, again;
	uint16_t hatype, protocol;
	uint8_t *frame;
	int reason;

	if (size < 2)
		return 0;
	init();
	hatype = hatypes[data[0] % ARRAY_SIZE(hatypes)];
	protocol = protocols[data[1] % ARRAY_SIZE(protocols)];
	p = &policies[(data[1] >> 2) % ARRAY_SIZE(policies)];

	/* an exact-size heap copy, so that a read past the end is caught */
	size -= 2;
	frame = malloc(size ? size : 1);
	if (!frame)
		return 0;
	memcpy(frame, data + 2, size);

	reason = frame_judge(p, frame, size, hatype, protocol, &ev);
	check_event(reason, &ev);
	if (frame_judge(p, frame, size, hatype, protocol, &again) != reason ||
	    memcmp(&ev, &again, sizeof(ev)))
		abort();
	if (reason != FRAME_NOT_IP)
		check_output(&ev);
	free(frame);
	return 0;
}
