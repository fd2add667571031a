// SPDX-License-Identifier: GPL-2.0
/*
 * status: one GET dump, merged. Its first message holds the snapshot's
 * scalars, tunnels and counters; endpoints may come in any message. What
 * this tool does not know (newer attributes, reasons) is skipped, not an
 * error, so that an older leakctl still reads a newer module.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include <linux/leakblock.h>

#include "leakctl.h"
#include "nl.h"
#include "show.h"

struct dump {
	struct lb_status st;
	int family;
	size_t tunnels_cap, endpoints_cap, counters_cap;
	bool first_seen;
	unsigned int have;	/* bits of the first message's scalars */
};

#define HAVE(attr) (1U << (attr))
#define HAVE_ALL (HAVE(LEAKBLOCK_A_GENERATION) | HAVE(LEAKBLOCK_A_ARMED) | \
		  HAVE(LEAKBLOCK_A_ALLOW) | HAVE(LEAKBLOCK_A_ENDPOINT_COUNT))
/* Optional: shown when the module sends both. */
#define HAVE_EVENTS (HAVE(LEAKBLOCK_A_EVENTS_SENT) | \
		     HAVE(LEAKBLOCK_A_EVENTS_SUPPRESSED))

/* Room for one more element of size bytes in the array *v of n. */
static void *grow(void **v, size_t n, size_t *cap, size_t size)
{
	void *nv;

	if (n == *cap) {
		size_t ncap = *cap ? 2 * *cap : 16;

		nv = realloc(*v, ncap * size);
		if (!nv)
			return NULL;
		*v = nv;
		*cap = ncap;
	}
	return (char *)*v + n * size;
}

/* Fixed-size attributes must have exactly their size. */
static int get_fixed(const struct nlattr *a, void *dst, int len)
{
	if (nla_len(a) != len)
		return -EBADMSG;
	memcpy(dst, nla_data(a), len);
	return 0;
}

static int add_tunnel(struct dump *d, struct nlattr *entry)
{
	struct nlattr *tb[LEAKBLOCK_TUNNEL_A_MAX + 1];
	struct tunnel *t;
	size_t len;

	if (nla_parse_nested(tb, LEAKBLOCK_TUNNEL_A_MAX, entry, NULL) ||
	    !tb[LEAKBLOCK_TUNNEL_A_NAME])
		return -EBADMSG;
	len = strnlen(nla_data(tb[LEAKBLOCK_TUNNEL_A_NAME]),
		      nla_len(tb[LEAKBLOCK_TUNNEL_A_NAME]));
	if (len == 0 || len >= IFNAMSIZ)
		return -EBADMSG;

	t = grow((void **)&d->st.tunnels, d->st.ntunnels, &d->tunnels_cap,
		 sizeof(*t));
	if (!t)
		return -ENOMEM;
	memset(t, 0, sizeof(*t));
	memcpy(t->name, nla_data(tb[LEAKBLOCK_TUNNEL_A_NAME]), len);
	if (tb[LEAKBLOCK_TUNNEL_A_FLAGS] &&
	    get_fixed(tb[LEAKBLOCK_TUNNEL_A_FLAGS], &t->flags,
		      sizeof(t->flags)))
		return -EBADMSG;
	d->st.ntunnels++;
	return 0;
}

static int add_counter(struct dump *d, struct nlattr *entry)
{
	struct nlattr *tb[LEAKBLOCK_COUNTER_A_MAX + 1];
	struct lb_counter *c;

	if (nla_parse_nested(tb, LEAKBLOCK_COUNTER_A_MAX, entry, NULL) ||
	    !tb[LEAKBLOCK_COUNTER_A_REASON])
		return -EBADMSG;

	c = grow((void **)&d->st.counters, d->st.ncounters, &d->counters_cap,
		 sizeof(*c));
	if (!c)
		return -ENOMEM;
	memset(c, 0, sizeof(*c));
	if (get_fixed(tb[LEAKBLOCK_COUNTER_A_REASON], &c->reason,
		      sizeof(c->reason)) ||
	    (tb[LEAKBLOCK_COUNTER_A_IPV4] &&
	     get_fixed(tb[LEAKBLOCK_COUNTER_A_IPV4], &c->ipv4,
		       sizeof(c->ipv4))) ||
	    (tb[LEAKBLOCK_COUNTER_A_IPV6] &&
	     get_fixed(tb[LEAKBLOCK_COUNTER_A_IPV6], &c->ipv6,
		       sizeof(c->ipv6))))
		return -EBADMSG;
	d->st.ncounters++;
	return 0;
}

static int add_endpoint(struct dump *d, struct nlattr *nest)
{
	struct nlattr *tb[LEAKBLOCK_ENDPOINT_A_MAX + 1];
	struct nlattr *v4, *v6;
	struct endpoint *ep;

	if (nla_parse_nested(tb, LEAKBLOCK_ENDPOINT_A_MAX, nest, NULL))
		return -EBADMSG;
	v4 = tb[LEAKBLOCK_ENDPOINT_A_IPV4];
	v6 = tb[LEAKBLOCK_ENDPOINT_A_IPV6];
	if (!v4 == !v6)
		return -EBADMSG;

	ep = grow((void **)&d->st.endpoints, d->st.nendpoints,
		  &d->endpoints_cap, sizeof(*ep));
	if (!ep)
		return -ENOMEM;
	memset(ep, 0, sizeof(*ep));
	ep->family = v4 ? AF_INET : AF_INET6;
	if (get_fixed(v4 ? v4 : v6, ep->addr, v4 ? 4 : 16) ||
	    (tb[LEAKBLOCK_ENDPOINT_A_PROTO] &&
	     get_fixed(tb[LEAKBLOCK_ENDPOINT_A_PROTO], &ep->proto,
		       sizeof(ep->proto))) ||
	    (tb[LEAKBLOCK_ENDPOINT_A_PORT] &&
	     get_fixed(tb[LEAKBLOCK_ENDPOINT_A_PORT], &ep->port,
		       sizeof(ep->port))))
		return -EBADMSG;
	d->st.nendpoints++;
	return 0;
}

static int add_nested(struct dump *d, struct nlattr *nest,
		      int (*add)(struct dump *, struct nlattr *))
{
	struct nlattr *entry;
	int rem, err;

	nla_for_each_nested(entry, nest, rem) {
		err = add(d, entry);
		if (err)
			return err;
	}
	return 0;
}

static int first_attr(struct dump *d, struct nlattr *a)
{
	struct lb_status *st = &d->st;
	uint8_t armed = 0;
	int err;

	switch (nla_type(a)) {
	case LEAKBLOCK_A_GENERATION:
		err = get_fixed(a, &st->generation, sizeof(st->generation));
		break;
	case LEAKBLOCK_A_ARMED:
		err = get_fixed(a, &armed, sizeof(armed));
		st->armed = armed;
		break;
	case LEAKBLOCK_A_ALLOW:
		err = get_fixed(a, &st->allow, sizeof(st->allow));
		break;
	case LEAKBLOCK_A_ENDPOINT_COUNT:
		err = get_fixed(a, &st->endpoint_count,
				sizeof(st->endpoint_count));
		break;
	case LEAKBLOCK_A_EVENTS_SENT:
		err = get_fixed(a, &st->events_sent, sizeof(st->events_sent));
		break;
	case LEAKBLOCK_A_EVENTS_SUPPRESSED:
		err = get_fixed(a, &st->events_suppressed,
				sizeof(st->events_suppressed));
		break;
	case LEAKBLOCK_A_TUNNELS:
		return add_nested(d, a, add_tunnel);
	case LEAKBLOCK_A_COUNTERS:
		return add_nested(d, a, add_counter);
	default:
		return 0;
	}
	if (!err)
		d->have |= HAVE(nla_type(a));
	return err;
}

static int on_msg(struct nl_msg *msg, void *priv)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gnlh = nlmsg_data(nlh);
	struct dump *d = priv;
	bool first = !d->first_seen;
	struct nlattr *a;
	int rem, err;

	if (nlh->nlmsg_type != d->family || !genlmsg_valid_hdr(nlh, 0))
		return -EBADMSG;
	d->first_seen = true;

	nla_for_each_attr(a, genlmsg_attrdata(gnlh, 0),
			  genlmsg_attrlen(gnlh, 0), rem) {
		if (nla_type(a) == LEAKBLOCK_A_ENDPOINT)
			err = add_endpoint(d, a);
		else if (first)
			err = first_attr(d, a);
		else
			err = 0;
		if (err)
			return err;
	}
	if (first && (d->have & HAVE_ALL) != HAVE_ALL)
		return -EBADMSG;
	if (first)
		d->st.has_events = (d->have & HAVE_EVENTS) == HAVE_EVENTS;
	return 0;
}

int status_read(const char *cmd, struct lb_status *st)
{
	struct dump d = { 0 };
	struct lb_nl nl;
	int ret = 1;

	memset(st, 0, sizeof(*st));
	if (lb_nl_open(&nl, cmd))
		return 1;
	d.family = nl.family;
	if (!lb_nl_request(&nl, LEAKBLOCK_CMD_GET, NLM_F_DUMP, 0)) {
		lc_err("%s: cannot build the request", cmd);
		goto out;
	}
	if (lb_nl_exec(&nl, on_msg, NULL, &d))
		goto out;
	if (!d.first_seen) {
		lc_err("%s: the kernel sent no status", cmd);
		goto out;
	}
	if (d.st.nendpoints != d.st.endpoint_count) {
		lc_err("%s: the module announced %u endpoints but sent %zu",
		       cmd, d.st.endpoint_count, d.st.nendpoints);
		goto out;
	}
	ret = 0;
out:
	lb_nl_close(&nl);
	*st = d.st;
	return ret;
}

void status_free(struct lb_status *st)
{
	free(st->tunnels);
	free(st->endpoints);
	free(st->counters);
	memset(st, 0, sizeof(*st));
}

int status_main(int argc, char **argv)
{
	struct lb_status st;
	int ret = 1;

	if (argc != 1)
		return cmd_usage(argv[0]);
	if (status_read(argv[0], &st))
		goto out;

	if (opt_json)
		show_json(stdout, &st);
	else
		show_text(stdout, &st);
	if (lc_flush_stdout(argv[0], "the status"))
		goto out;
	ret = 0;
out:
	status_free(&st);
	return ret;
}
