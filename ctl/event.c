// SPDX-License-Identifier: GPL-2.0
/*
 * The module builds an event with put_event() (kmod/netlink.c): one
 * LEAKBLOCK_A_EVENT nest after the generic netlink header. It is read here
 * with our own bounds-checked walk, as extack.c reads the extended ACK,
 * rather than with libnl: the unit tests and fuzzers link no libnl, and
 * every length in the message is checked in one place that they exercise.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <linux/leakblock.h>

#include "../kmod/pktparse.h"
#include "endpoint.h"
#include "event.h"
#include "json.h"
#include "show.h"

/* One attribute, as found in its area. */
struct attr {
	uint16_t type;
	uint16_t len;
	const uint8_t *data;
};

/* What is left of an area of attributes being walked. */
struct walk {
	const uint8_t *p;
	size_t rem;
};

/*
 * The next attribute: 1, 0 at the end, or -EBADMSG for one that does not
 * fit. Fewer bytes than a header at the end are padding, as for the
 * kernel's nla_for_each_attr().
 */
static int next_attr(struct walk *w, struct attr *a)
{
	struct nlattr nla;
	size_t step;

	if (w->rem < NLA_HDRLEN)
		return 0;
	memcpy(&nla, w->p, sizeof(nla));
	if (nla.nla_len < NLA_HDRLEN || nla.nla_len > w->rem)
		return -EBADMSG;
	a->type = nla.nla_type & NLA_TYPE_MASK;
	a->len = nla.nla_len - NLA_HDRLEN;
	a->data = w->p + NLA_HDRLEN;
	/* the last attribute may go without its padding */
	step = NLA_ALIGN(nla.nla_len);
	if (step > w->rem)
		step = w->rem;
	w->p += step;
	w->rem -= step;
	return 1;
}

/* Fixed-size attributes must have exactly their size; u64 may be unaligned. */
static int get_fixed(const struct attr *a, void *dst, size_t len)
{
	if (a->len != len)
		return -EBADMSG;
	memcpy(dst, a->data, len);
	return 0;
}

/* A NUL-terminated string that must fit size with its NUL. */
static int get_string(const struct attr *a, char *dst, size_t size)
{
	size_t n = strnlen((const char *)a->data, a->len);

	if (n >= size)
		return -EBADMSG;
	memcpy(dst, a->data, n);
	dst[n] = '\0';
	return 0;
}

static int get_addr(const struct attr *a, int family, uint8_t *addr,
		    uint8_t *addr_family)
{
	memset(addr, 0, 16);
	*addr_family = family;
	return get_fixed(a, addr, family == AF_INET ? 4 : 16);
}

/* Attributes seen in the nest, by type: the pairs must be whole. */
#define SEEN(type) (1U << (type))

static int event_attr(const struct attr *a, struct event *ev,
		      uint8_t *src_family, uint8_t *dst_family)
{
	switch (a->type) {
	case LEAKBLOCK_EVENT_A_TIME:
		ev->has |= EV_TIME;
		return get_fixed(a, &ev->time_ns, sizeof(ev->time_ns));
	case LEAKBLOCK_EVENT_A_NETNS_COOKIE:
		ev->has |= EV_NETNS_COOKIE;
		return get_fixed(a, &ev->netns_cookie,
				 sizeof(ev->netns_cookie));
	case LEAKBLOCK_EVENT_A_REASON:
		ev->has |= EV_REASON;
		return get_fixed(a, &ev->reason, sizeof(ev->reason));
	case LEAKBLOCK_EVENT_A_SRC_IPV4:
		return get_addr(a, AF_INET, ev->src, src_family);
	case LEAKBLOCK_EVENT_A_SRC_IPV6:
		return get_addr(a, AF_INET6, ev->src, src_family);
	case LEAKBLOCK_EVENT_A_DST_IPV4:
		return get_addr(a, AF_INET, ev->dst, dst_family);
	case LEAKBLOCK_EVENT_A_DST_IPV6:
		return get_addr(a, AF_INET6, ev->dst, dst_family);
	case LEAKBLOCK_EVENT_A_PROTO:
		ev->has |= EV_PROTO;
		return get_fixed(a, &ev->proto, sizeof(ev->proto));
	case LEAKBLOCK_EVENT_A_SPORT:
		return get_fixed(a, &ev->sport, sizeof(ev->sport));
	case LEAKBLOCK_EVENT_A_DPORT:
		return get_fixed(a, &ev->dport, sizeof(ev->dport));
	case LEAKBLOCK_EVENT_A_ICMP_TYPE:
		ev->has |= EV_ICMP_TYPE;
		return get_fixed(a, &ev->icmp_type, sizeof(ev->icmp_type));
	case LEAKBLOCK_EVENT_A_IFINDEX:
		ev->has |= EV_IFINDEX;
		return get_fixed(a, &ev->ifindex, sizeof(ev->ifindex));
	case LEAKBLOCK_EVENT_A_IFNAME:
		ev->has |= EV_IFNAME;
		return get_string(a, ev->ifname, sizeof(ev->ifname));
	case LEAKBLOCK_EVENT_A_DNS_NAME:
		return get_string(a, ev->dns_name, sizeof(ev->dns_name));
	case LEAKBLOCK_EVENT_A_DNS_TYPE:
		return get_fixed(a, &ev->dns_qtype, sizeof(ev->dns_qtype));
	case LEAKBLOCK_EVENT_A_SUPPRESSED:
		ev->has |= EV_SUPPRESSED;
		return get_fixed(a, &ev->suppressed, sizeof(ev->suppressed));
	}
	return 0;
}

/* Both attributes of a pair, or neither: 1 if both, 0, or -EBADMSG. */
static int pair(uint32_t seen, int a, int b)
{
	bool has_a = seen & SEEN(a), has_b = seen & SEEN(b);

	if (has_a != has_b)
		return -EBADMSG;
	return has_a;
}

static int parse_nest(const struct attr *nest, struct event *ev)
{
	struct walk w = { nest->data, nest->len };
	uint8_t src_family = 0, dst_family = 0;
	uint32_t seen = 0;
	struct attr a;
	int ret;

	while ((ret = next_attr(&w, &a)) > 0) {
		if (a.type < 32)
			seen |= SEEN(a.type);
		ret = event_attr(&a, ev, &src_family, &dst_family);
		if (ret)
			return ret;
	}
	if (ret < 0 || src_family != dst_family)
		return -EBADMSG;
	if (src_family) {
		ev->family = src_family;
		ev->has |= EV_FAMILY | EV_ADDRS;
	}

	ret = pair(seen, LEAKBLOCK_EVENT_A_SPORT, LEAKBLOCK_EVENT_A_DPORT);
	if (ret < 0)
		return ret;
	if (ret)
		ev->has |= EV_PORTS;
	ret = pair(seen, LEAKBLOCK_EVENT_A_DNS_NAME, LEAKBLOCK_EVENT_A_DNS_TYPE);
	if (ret < 0)
		return ret;
	if (ret)
		ev->has |= EV_DNS;
	return 0;
}

int event_parse(const void *msg, size_t len, uint16_t family,
		struct event *ev)
{
	const uint8_t *base = msg;
	struct genlmsghdr genl;
	struct nlmsghdr nlh;
	bool found = false;
	struct walk w;
	struct attr a;
	int ret;

	memset(ev, 0, sizeof(*ev));
	if (len < NLMSG_HDRLEN)
		return -EBADMSG;
	memcpy(&nlh, base, sizeof(nlh));
	if (nlh.nlmsg_len < NLMSG_HDRLEN || nlh.nlmsg_len > len)
		return -EBADMSG;
	if (nlh.nlmsg_type != family)
		return 0;
	if (nlh.nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN)
		return -EBADMSG;
	memcpy(&genl, base + NLMSG_HDRLEN, sizeof(genl));
	if (genl.cmd != LEAKBLOCK_CMD_EVENT)
		return 0;

	w.p = base + NLMSG_HDRLEN + GENL_HDRLEN;
	w.rem = nlh.nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	while ((ret = next_attr(&w, &a)) > 0) {
		if (a.type != LEAKBLOCK_A_EVENT)
			continue;
		if (found)
			goto malformed;
		found = true;
		if (parse_nest(&a, ev))
			goto malformed;
	}
	if (ret < 0 || !found)
		goto malformed;
	return 1;
malformed:
	memset(ev, 0, sizeof(*ev));
	return -EBADMSG;
}

/*
 * A DNS name holds printable ASCII only (the module escapes the rest as
 * \DDD), so for it any other byte is masked too.
 */
void put_masked(FILE *f, const char *s, bool ascii)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++)
		putc(*p < 0x20 || *p == 0x7f || (ascii && *p > 0x7f) ?
		     '?' : *p, f);
}

/* "10.0.0.2:41234", "[2001:db8::1]:53", or the address alone. */
static char *address_text(const struct event *ev, const uint8_t *addr,
			  uint16_t port, char *buf, size_t len)
{
	struct endpoint ep = { .family = ev->family };
	size_t n;

	memcpy(ep.addr, addr, sizeof(ep.addr));
	if (ev->has & EV_PORTS)
		ep.port = port;
	endpoint_format(&ep, buf, len);
	/* to endpoint_format() port 0 means any port; here it is a port */
	if ((ev->has & EV_PORTS) && !port) {
		n = strlen(buf);
		snprintf(buf + n, len - n, ":0");
	}
	return buf;
}

void event_text(FILE *f, const char *verb, const struct event *ev)
{
	char src[ENDPOINT_STRLEN], dst[ENDPOINT_STRLEN], why[32];
	const char *name;

	if ((ev->has & EV_SUPPRESSED) && ev->suppressed)
		fprintf(f, "(%" PRIu32 " more blocked packets not reported: rate limit)\n",
			ev->suppressed);

	fprintf(f, "%s ", verb);
	name = ev->has & EV_PROTO ? lb_proto_name(ev->proto) : "ip";
	if (name)
		fputs(name, f);
	else
		fprintf(f, "proto %u", ev->proto);
	if (ev->has & EV_ADDRS)
		fprintf(f, " %s -> %s",
			address_text(ev, ev->src, ev->sport, src, sizeof(src)),
			address_text(ev, ev->dst, ev->dport, dst, sizeof(dst)));
	if (ev->has & EV_IFNAME) {
		fputs(" via ", f);
		put_masked(f, ev->ifname, false);
	} else if (ev->has & EV_IFINDEX) {
		fprintf(f, " via ifindex %" PRIu32, ev->ifindex);
	}

	if (ev->has & EV_DNS) {
		name = lb_dns_type_name(ev->dns_qtype);
		if (name)
			fprintf(f, ": DNS %s ", name);
		else
			fprintf(f, ": DNS type %u ", ev->dns_qtype);
		put_masked(f, ev->dns_name, true);
	} else if (ev->has & EV_ICMP_TYPE) {
		fprintf(f, ": type %u", ev->icmp_type);
	}
	if (ev->has & EV_REASON)
		fprintf(f, " (%s)", reason_why(ev->reason, why, sizeof(why)));
	putc('\n', f);
}

/* The next key of an object: a comma unless it is the first. */
static void key(FILE *f, const char **sep, const char *name)
{
	fprintf(f, "%s\"%s\":", *sep, name);
	*sep = ",";
}

static void json_address(FILE *f, const struct event *ev,
			 const uint8_t *addr)
{
	char buf[INET6_ADDRSTRLEN] = "?";

	inet_ntop(ev->family, addr, buf, sizeof(buf));
	json_string(f, buf);
}

void event_json(FILE *f, const struct event *ev)
{
	const char *sep = "", *name;
	char buf[8];

	putc('{', f);
	if (ev->has & EV_TIME) {
		key(f, &sep, "time_ns");
		fprintf(f, "%" PRIu64, ev->time_ns);
	}
	if (ev->has & EV_NETNS_COOKIE) {
		key(f, &sep, "netns_cookie");
		fprintf(f, "%" PRIu64, ev->netns_cookie);
	}
	if (ev->has & EV_REASON) {
		key(f, &sep, "reason");
		reason_json(f, ev->reason, false);
	}
	if (ev->has & EV_FAMILY) {
		key(f, &sep, "family");
		fputs(ev->family == AF_INET ? "\"ipv4\"" : "\"ipv6\"", f);
	}
	if (ev->has & EV_PROTO) {
		key(f, &sep, "proto");
		name = lb_proto_name(ev->proto);
		if (!name) {
			snprintf(buf, sizeof(buf), "%u", ev->proto);
			name = buf;
		}
		json_string(f, name);
	}
	if (ev->has & EV_ADDRS) {
		key(f, &sep, "src");
		json_address(f, ev, ev->src);
	}
	if (ev->has & EV_PORTS) {
		key(f, &sep, "sport");
		fprintf(f, "%u", ev->sport);
	}
	if (ev->has & EV_ADDRS) {
		key(f, &sep, "dst");
		json_address(f, ev, ev->dst);
	}
	if (ev->has & EV_PORTS) {
		key(f, &sep, "dport");
		fprintf(f, "%u", ev->dport);
	}
	if (ev->has & EV_ICMP_TYPE) {
		key(f, &sep, "icmp_type");
		fprintf(f, "%u", ev->icmp_type);
	}
	if (ev->has & EV_IFINDEX) {
		key(f, &sep, "ifindex");
		fprintf(f, "%" PRIu32, ev->ifindex);
	}
	if (ev->has & EV_IFNAME) {
		key(f, &sep, "ifname");
		json_string(f, ev->ifname);
	}
	if (ev->has & EV_DNS) {
		key(f, &sep, "dns");
		fputs("{\"name\":", f);
		json_string(f, ev->dns_name);
		name = lb_dns_type_name(ev->dns_qtype);
		if (name)
			fprintf(f, ",\"type\":\"%s\"", name);
		fprintf(f, ",\"qtype\":%u}", ev->dns_qtype);
	}
	if (ev->has & EV_SUPPRESSED) {
		key(f, &sep, "suppressed");
		fprintf(f, "%" PRIu32, ev->suppressed);
	}
	fputs("}\n", f);
}
