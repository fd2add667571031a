// SPDX-License-Identifier: GPL-2.0
/*
 * Telling people what the guard stopped: an event per dropped packet to the
 * family's multicast group, and optionally a kernel log line. Both share one
 * rate limit per namespace, so a flood of drops costs a bounded amount of
 * work; nothing here sleeps or takes a lock.
 */

#include <linux/moduleparam.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/timekeeping.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <linux/udp.h>

#include "dnsparse.h"
#include "leakblock.h"
#include "pktparse.h"

/* One event a microsecond at most: the limit's clock stays exact. */
#define EVENT_RATE_MAX 1000000

static unsigned int event_rate = 20;

static int event_rate_set(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 0, EVENT_RATE_MAX);
}

static const struct kernel_param_ops event_rate_ops = {
	.set = event_rate_set,
	.get = param_get_uint,
};

module_param_cb(event_rate, &event_rate_ops, &event_rate, 0444);
MODULE_PARM_DESC(event_rate,
		 "events (and log lines) about dropped packets per second and namespace, up to "
		 __stringify(EVENT_RATE_MAX) "; 0 disables them");

static bool log_blocked;
module_param(log_blocked, bool, 0644);
MODULE_PARM_DESC(log_blocked,
		 "also write each event to the kernel log (same rate limit)");

/* A DNS header and the longest question: the rest is never read. */
#define DNS_QUESTION_MAX (12 + 255 + 4)

void lb_events_init(struct lb_net *ln)
{
	atomic64_set(&ln->event_due_ns, 0);
	atomic64_set(&ln->events_announced, 0);
}

/*
 * At most event_rate events a second, in bursts of at most event_rate: the
 * generic cell rate algorithm on one atomic, the time the next event is
 * due were they sent evenly. Refusing only reads it, so a flood of drops on
 * many CPUs takes no lock and writes no shared cache line.
 */
static bool event_allowed(struct lb_net *ln, unsigned int rate)
{
	u64 interval = NSEC_PER_SEC / rate;
	u64 now = ktime_get_mono_fast_ns();
	s64 due = atomic64_read(&ln->event_due_ns);

	do {
		if ((u64)due > now + NSEC_PER_SEC - interval)
			return false;
	} while (!atomic64_try_cmpxchg(&ln->event_due_ns, &due,
				       max_t(u64, due, now) + interval));
	return true;
}

/*
 * Suppressed drops not yet reported: each CPU counts its own, and the
 * announced total only grows, so when two events race each drop is still
 * announced once.
 */
static u32 events_unannounced(struct lb_net *ln)
{
	s64 total = 0, announced = atomic64_read(&ln->events_announced);
	const struct lb_counters *c;
	int cpu;

	for_each_possible_cpu(cpu) {
		c = per_cpu_ptr(ln->counters, cpu);
		total += READ_ONCE(c->events_suppressed);
	}
	do {
		if (total <= announced)
			return 0;
	} while (!atomic64_try_cmpxchg(&ln->events_announced, &announced,
				       total));
	return min_t(s64, total - announced, U32_MAX);
}

/* Where the DNS message starts, for a query to or from a DNS port. */
static bool dns_offset(struct sk_buff *skb, const struct lb_packet *pkt,
		       unsigned int *offset)
{
	const struct tcphdr *th;
	struct tcphdr tcp;

	if (!(pkt->flags & LB_PKT_PORTS) ||
	    !(lb_dns_port(pkt->dport) || lb_dns_port(pkt->sport)))
		return false;
	*offset = skb_network_offset(skb) + pkt->transport_offset;
	if (pkt->proto == IPPROTO_UDP) {
		*offset += sizeof(struct udphdr);
		return true;
	}
	if (pkt->proto != IPPROTO_TCP)
		return false;
	th = skb_header_pointer(skb, *offset, sizeof(tcp), &tcp);
	if (!th)
		return false;
	/* Over TCP, a two-byte length comes first. */
	*offset += th->doff * 4 + 2;
	return true;
}

static bool read_dns(struct sk_buff *skb, const struct lb_packet *pkt,
		     struct lb_dns_question *question)
{
	unsigned int offset, len;
	const u8 *msg;
	u8 *copy = NULL;
	bool ok;

	if (!dns_offset(skb, pkt, &offset) || offset >= skb->len)
		return false;
	len = min_t(unsigned int, skb->len - offset, DNS_QUESTION_MAX);
	if (offset + len <= skb_headlen(skb)) {
		msg = skb->data + offset;
	} else {
		/* Rare, and rate limited like the event itself. */
		copy = kmalloc(len, GFP_ATOMIC);
		if (!copy)
			return false;
		msg = skb_header_pointer(skb, offset, len, copy);
	}
	ok = msg && lb_dns_parse_question(msg, len, question);
	kfree(copy);
	return ok;
}

static const char *proto_name(const struct lb_packet *pkt, char *buf,
			      size_t size)
{
	const char *name;

	if (!(pkt->flags & LB_PKT_TRANSPORT))
		return "ip";
	name = lb_proto_name(pkt->proto);
	if (name)
		return name;
	snprintf(buf, size, "proto %u", pkt->proto);
	return buf;
}

/* "192.0.2.1:53", "[2001:db8::1]:53", or the address alone. */
static const char *endpoint_text(const struct lb_packet *pkt, const u8 *addr,
				 u16 port, char *buf, size_t size)
{
	bool v4 = pkt->family == LB_FAMILY_IPV4;

	if (!(pkt->flags & LB_PKT_PORTS))
		snprintf(buf, size, v4 ? "%pI4" : "%pI6c", addr);
	else
		snprintf(buf, size, v4 ? "%pI4:%u" : "[%pI6c]:%u", addr, port);
	return buf;
}

static void log_event(const struct lb_event *ev)
{
	char proto[12], src[48], dst[48], qtype[12];
	const struct lb_packet *pkt = ev->pkt;
	const char *type = "";

	if (ev->has_dns) {
		type = lb_dns_type_name(ev->dns.qtype);
		if (!type) {
			snprintf(qtype, sizeof(qtype), "type %u",
				 ev->dns.qtype);
			type = qtype;
		}
	}
	if (ev->suppressed)
		pr_info("%u more blocked packets not reported (rate limit)\n",
			ev->suppressed);
	pr_info("blocked %s %s -> %s via %s%s%s%s%s (%s)\n",
		proto_name(pkt, proto, sizeof(proto)),
		endpoint_text(pkt, pkt->saddr, pkt->sport, src, sizeof(src)),
		endpoint_text(pkt, pkt->daddr, pkt->dport, dst, sizeof(dst)),
		ev->out->name, ev->has_dns ? ": DNS " : "", type,
		ev->has_dns ? " " : "", ev->has_dns ? ev->dns.name : "",
		ev->reason == LEAKBLOCK_REASON_DROP_NO_MATCH ?
		"not an endpoint" : "malformed");
}

/*
 * Called for each dropped packet that parsed. Does nothing unless someone
 * listens or logging is on, and then at most event_rate times a second.
 */
void lb_events_blocked(struct lb_net *ln, struct sk_buff *skb,
		       const struct nf_hook_state *state,
		       const struct lb_packet *pkt,
		       enum leakblock_reason reason)
{
	struct lb_event ev = {
		.pkt = pkt,
		.reason = reason,
		.out = state->out,
	};
	bool listeners, log = READ_ONCE(log_blocked);

	listeners = lb_genl_event_listeners(state->net);
	if (!event_rate || (!listeners && !log))
		return;
	if (!event_allowed(ln, event_rate)) {
		this_cpu_inc(ln->counters->events_suppressed);
		return;
	}
	ev.suppressed = events_unannounced(ln);
	ev.has_dns = read_dns(skb, pkt, &ev.dns);
	if (listeners && !lb_genl_event(state->net, &ev))
		this_cpu_inc(ln->counters->events_sent);
	if (log)
		log_event(&ev);
}
