// SPDX-License-Identifier: GPL-2.0
/*
 * The link-layer header is ours to skip; what follows it is judged by the
 * module's own code, given what the module would give it: at most
 * LB_PARSE_WINDOW bytes from the network header to the parser, as
 * parse_skb() (kmod/hooks.c) does, and the DNS message where dns_offset()
 * (kmod/events.c) finds it.
 */
#include <net/if.h>
#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/leakblock.h>

#include "../kmod/dnsparse.h"
#include "../kmod/pktparse.h"
#include "frame.h"
#include "json.h"

#define ETH_HEADER 14
#define VLAN_TAG 4		/* the tag's TCI, then the next ethertype */
#define UDP_HEADER 8
#define TCP_MIN_HEADER 20
/* As read_dns() reads: a DNS header and the longest question. */
#define DNS_QUESTION_MAX (12 + 255 + 4)

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

bool frame_link_supported(uint16_t hatype)
{
	switch (hatype) {
	case ARPHRD_ETHER:
	/* no header_ops: AF_PACKET gives the packet from its IP header on */
	case ARPHRD_NONE:
	case ARPHRD_RAWIP:
	case ARPHRD_PPP:
	case ARPHRD_TUNNEL:
	case ARPHRD_TUNNEL6:
	case ARPHRD_SIT:
		return true;
	}
	return false;
}

/*
 * Where the packet starts and its ethertype; false without one. Without a
 * link-layer header, the socket's protocol is the packet's, as the
 * module's hook family is that of skb->protocol.
 */
static bool network_header(const uint8_t *frame, size_t len, uint16_t hatype,
			   uint16_t protocol, size_t *offset,
			   uint16_t *ethertype)
{
	size_t off = ETH_HEADER;
	uint16_t type;

	if (!frame_link_supported(hatype))
		return false;
	if (hatype != ARPHRD_ETHER) {
		*offset = 0;
		*ethertype = protocol;
		return true;
	}
	if (len < ETH_HEADER)
		return false;
	type = be16(frame + 12);
	/* 802.1Q and 802.1ad tags, stacked as deep as the frame goes */
	while (type == ETH_P_8021Q || type == ETH_P_8021AD) {
		if (len - off < VLAN_TAG)
			return false;
		type = be16(frame + off + 2);
		off += VLAN_TAG;
	}
	*offset = off;
	*ethertype = type;
	return true;
}

static void read_dns(const uint8_t *ip, size_t len,
		     const struct lb_packet *pkt, struct event *ev)
{
	struct lb_dns_question question;
	size_t off = pkt->transport_offset;

	if (!(pkt->flags & LB_PKT_PORTS) ||
	    !(lb_dns_port(pkt->dport) || lb_dns_port(pkt->sport)))
		return;
	if (pkt->proto == IPPROTO_UDP) {
		off += UDP_HEADER;
	} else if (pkt->proto == IPPROTO_TCP) {
		if (len < off + TCP_MIN_HEADER)
			return;
		/* the data offset, then the two-byte length of DNS over TCP */
		off += (ip[off + 12] >> 4) * 4 + 2;
	} else {
		return;
	}
	if (off >= len)
		return;
	len -= off;
	if (len > DNS_QUESTION_MAX)
		len = DNS_QUESTION_MAX;
	if (!lb_dns_parse_question(ip + off, len, &question))
		return;
	memcpy(ev->dns_name, question.name, sizeof(ev->dns_name));
	ev->dns_qtype = question.qtype;
	ev->has |= EV_DNS;
}

int frame_judge(const struct policy *p, const uint8_t *frame, size_t len,
		uint16_t hatype, uint16_t protocol, struct event *ev)
{
	struct lb_packet pkt;
	size_t off, window;
	uint16_t type;
	bool parsed;

	memset(ev, 0, sizeof(*ev));
	if (!network_header(frame, len, hatype, protocol, &off, &type) ||
	    (type != ETH_P_IP && type != ETH_P_IPV6))
		return FRAME_NOT_IP;

	window = len - off;
	if (window > LB_PARSE_WINDOW)
		window = LB_PARSE_WINDOW;
	if (type == ETH_P_IP)
		parsed = lb_parse_ipv4(frame + off, window, &pkt);
	else
		parsed = lb_parse_ipv6(frame + off, window, &pkt);
	ev->family = type == ETH_P_IP ? AF_INET : AF_INET6;
	ev->has = EV_REASON | EV_FAMILY;
	if (!parsed) {
		ev->reason = LEAKBLOCK_REASON_DROP_MALFORMED;
		return ev->reason;
	}
	/* by packet only: the device is no tunnel, and audit judges armed */
	ev->reason = lb_verdict_by_packet(&p->rules, &pkt);

	memcpy(ev->src, pkt.saddr, sizeof(ev->src));
	memcpy(ev->dst, pkt.daddr, sizeof(ev->dst));
	ev->has |= EV_ADDRS;
	if (pkt.flags & LB_PKT_TRANSPORT) {
		ev->proto = pkt.proto;
		ev->has |= EV_PROTO;
	}
	if (pkt.flags & LB_PKT_PORTS) {
		ev->sport = pkt.sport;
		ev->dport = pkt.dport;
		ev->has |= EV_PORTS;
	}
	if (pkt.flags & LB_PKT_ICMP_TYPE) {
		ev->icmp_type = pkt.icmp_type;
		ev->has |= EV_ICMP_TYPE;
	}
	/* as the module: only what it would drop is worth the question */
	if (!lb_reason_passes(ev->reason))
		read_dns(frame + off, len - off, &pkt, ev);
	return ev->reason;
}

void frame_count(struct frame_counts *c, int reason)
{
	c->seen++;
	if (reason == FRAME_NOT_IP)
		return;
	if (reason == LEAKBLOCK_REASON_PASS_ENDPOINT)
		c->endpoints++;
	else if (lb_reason_passes(reason))
		c->allowed++;
	else
		c->leaks++;
}

void frame_summary_text(FILE *f, const struct frame_counts *c,
			const char *const *ifnames, size_t n)
{
	size_t i;

	fprintf(f, "audit: %" PRIu64 " frames seen on", c->seen);
	for (i = 0; i < n; i++) {
		putc(' ', f);
		put_masked(f, ifnames[i], false);
	}
	fprintf(f, ", %" PRIu64 " to endpoints, %" PRIu64
		" allowed (dhcp/ndp/lan), %" PRIu64 " leaks\n",
		c->endpoints, c->allowed, c->leaks);
}

void frame_summary_json(FILE *f, const struct frame_counts *c,
			const char *const *ifnames, size_t n)
{
	size_t i;

	fprintf(f, "{\"frames_seen\":%" PRIu64 ",\"interfaces\":[", c->seen);
	for (i = 0; i < n; i++) {
		if (i)
			putc(',', f);
		json_string(f, ifnames[i]);
	}
	fprintf(f, "],\"to_endpoints\":%" PRIu64 ",\"allowed\":%" PRIu64
		",\"leaks\":%" PRIu64 ",\"frames_lost\":%" PRIu64 "}\n",
		c->endpoints, c->allowed, c->leaks, c->lost);
}
