// SPDX-License-Identifier: GPL-2.0
/*
 * libnl's core on a NETLINK_ROUTE socket sends the dumps and splits them
 * into messages; the attributes are checked here. libnl-route would add a
 * dependency for two dumps whose few attributes we read ourselves.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <net/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "leakctl.h"
#include "rtdump.h"

/* A dump interrupted by a change is read again, this many times at most. */
#define DUMP_TRIES 4
/* Past this many warnings, one line counts the rest (a full table...). */
#define WARN_MAX 32

/* The elements of one dump, as they are read. */
struct dump {
	void *v;
	size_t n, cap, size;	/* elements, room, size of one */
	int err;		/* what a callback objected to */
	int (*add)(struct dump *d, struct nlmsghdr *nlh);
};

/* Room for one more element: a pointer to it, zeroed, or NULL. */
static void *grow(struct dump *d)
{
	void *nv, *e;

	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 64;

		nv = realloc(d->v, cap * d->size);
		if (!nv)
			return NULL;
		d->v = nv;
		d->cap = cap;
	}
	e = (char *)d->v + d->n * d->size;
	memset(e, 0, d->size);
	return e;
}

static int on_msg(struct nl_msg *msg, void *arg)
{
	struct dump *d = arg;

	d->err = d->add(d, nlmsg_hdr(msg));
	return d->err ? NL_STOP : NL_OK;
}

/* A string attribute into a buffer it must fit, with its NUL. */
static int get_string(const struct nlattr *a, char *dst, size_t size)
{
	size_t n = strnlen(nla_data(a), nla_len(a));

	if (n >= size)
		return -EBADMSG;
	memcpy(dst, nla_data(a), n);
	dst[n] = '\0';
	return 0;
}

static int add_link(struct dump *d, struct nlmsghdr *nlh)
{
	struct nlattr *tb[IFLA_MAX + 1], *info[IFLA_INFO_MAX + 1];
	const struct ifinfomsg *ifi;
	struct link *l;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return 0;
	if (nlmsg_parse(nlh, sizeof(*ifi), tb, IFLA_MAX, NULL) ||
	    !tb[IFLA_IFNAME])
		return -EBADMSG;
	ifi = nlmsg_data(nlh);
	l = grow(d);
	if (!l)
		return -ENOMEM;
	l->index = ifi->ifi_index;
	l->type = ifi->ifi_type;
	l->flags = ifi->ifi_flags;
	if (get_string(tb[IFLA_IFNAME], l->name, sizeof(l->name)))
		return -EBADMSG;
	/* a kind longer than any we look for is as good as none */
	if (tb[IFLA_LINKINFO] &&
	    !nla_parse_nested(info, IFLA_INFO_MAX, tb[IFLA_LINKINFO], NULL) &&
	    info[IFLA_INFO_KIND])
		get_string(info[IFLA_INFO_KIND], l->kind, sizeof(l->kind));
	d->n++;
	return 0;
}

static int push_route(struct dump *d, const struct route *r)
{
	struct route *e = grow(d);

	if (!e)
		return -ENOMEM;
	*e = *r;
	d->n++;
	return 0;
}

/* A multipath route: one route per next hop, each with its device. */
static int add_nexthops(struct dump *d, struct route *r,
			const struct nlattr *multipath)
{
	const struct rtnexthop *nh = nla_data(multipath);
	int rem = nla_len(multipath), err;

	while (rem >= (int)sizeof(*nh) && RTNH_OK(nh, rem)) {
		r->oif = nh->rtnh_ifindex;
		err = push_route(d, r);
		if (err)
			return err;
		rem -= RTNH_ALIGN(nh->rtnh_len);
		nh = RTNH_NEXT(nh);
	}
	return 0;
}

static int add_route(struct dump *d, struct nlmsghdr *nlh)
{
	struct nlattr *tb[RTA_MAX + 1];
	const struct rtmsg *rtm;
	struct route r = { 0 };
	int alen;

	if (nlh->nlmsg_type != RTM_NEWROUTE)
		return 0;
	if (nlmsg_parse(nlh, sizeof(*rtm), tb, RTA_MAX, NULL))
		return -EBADMSG;
	rtm = nlmsg_data(nlh);
	if (rtm->rtm_family != AF_INET && rtm->rtm_family != AF_INET6)
		return 0;
	alen = rtm->rtm_family == AF_INET ? 4 : 16;
	if (rtm->rtm_dst_len > alen * 8)
		return -EBADMSG;

	r.family = rtm->rtm_family;
	r.dst_len = rtm->rtm_dst_len;
	r.type = rtm->rtm_type;
	r.flags = rtm->rtm_flags;
	r.table = rtm->rtm_table;
	if (tb[RTA_TABLE]) {
		if (nla_len(tb[RTA_TABLE]) != sizeof(uint32_t))
			return -EBADMSG;
		r.table = nla_get_u32(tb[RTA_TABLE]);
	}
	if (tb[RTA_DST]) {
		if (nla_len(tb[RTA_DST]) != alen)
			return -EBADMSG;
		memcpy(r.dst, nla_data(tb[RTA_DST]), alen);
	}
	if (tb[RTA_MULTIPATH])
		return add_nexthops(d, &r, tb[RTA_MULTIPATH]);
	/* a route through a nexthop object names no device: not judged */
	if (tb[RTA_OIF]) {
		if (nla_len(tb[RTA_OIF]) != sizeof(uint32_t))
			return -EBADMSG;
		r.oif = nla_get_u32(tb[RTA_OIF]);
	}
	return push_route(d, &r);
}

/*
 * One dump of type, its request header hdr, into d (emptied first).
 * 0, or -1 once the error is printed, naming what was read.
 */
static int dump(const char *cmd, const char *what, int type, void *hdr,
		size_t hdrlen, struct dump *d)
{
	struct nl_sock *sk;
	int ret = -1, err, tries;

	sk = nl_socket_alloc();
	if (!sk) {
		lc_err("%s: %s", cmd, strerror(ENOMEM));
		return -1;
	}
	err = nl_connect(sk, NETLINK_ROUTE);
	if (err < 0) {
		lc_err("%s: cannot open a routing netlink socket: %s", cmd,
		       nl_geterror(err));
		goto out;
	}
	/* a message larger than libnl's buffer is read whole, not cut */
	nl_socket_enable_msg_peek(sk);
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, on_msg, d);
	for (tries = 0; tries < DUMP_TRIES; tries++) {
		d->n = 0;
		d->err = 0;
		err = nl_send_simple(sk, type, NLM_F_DUMP, hdr, hdrlen);
		if (err >= 0)
			err = nl_recvmsgs_default(sk);
		if (err != -NLE_DUMP_INTR)
			break;
	}
	if (d->err == -ENOMEM)
		lc_err("%s: out of memory", cmd);
	else if (d->err)
		lc_err("%s: malformed %s from the kernel", cmd, what);
	else if (err < 0)
		lc_err("%s: cannot read the %s: %s", cmd, what,
		       nl_geterror(err));
	else
		ret = 0;
out:
	nl_socket_free(sk);
	return ret;
}

int rtdump_links(const char *cmd, struct link **links, size_t *n)
{
	struct dump d = { .size = sizeof(struct link), .add = add_link };
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };

	*links = NULL;
	*n = 0;
	if (dump(cmd, "interfaces", RTM_GETLINK, &ifi, sizeof(ifi), &d)) {
		free(d.v);
		return -1;
	}
	*links = d.v;
	*n = d.n;
	return 0;
}

int tunnelvision_warn(const char *cmd, const struct policy *p,
		      const struct link *links, size_t nlinks)
{
	static const int families[] = { AF_INET, AF_INET6 };
	struct dump d = { .size = sizeof(struct route), .add = add_route };
	char prefix[ROUTE_PREFIX_STRLEN];
	const struct link *out;
	const struct route *r;
	size_t f, i, warned = 0;

	for (f = 0; f < ARRAY_SIZE(families); f++) {
		/* no table given: a dump lists the routes of all tables */
		struct rtmsg rtm = { .rtm_family = families[f] };

		if (dump(cmd, "routes", RTM_GETROUTE, &rtm, sizeof(rtm), &d)) {
			free(d.v);
			return -1;
		}
		for (i = 0; i < d.n; i++) {
			r = (const struct route *)d.v + i;
			out = link_by_index(links, nlinks, r->oif);
			if (!route_bypasses_tunnel(r, out, p) ||
			    ++warned > WARN_MAX)
				continue;
			lc_err("warning: route %s via %s sends public destinations around the tunnel (TunnelVision, CVE-2024-3661)",
			       route_prefix(r, prefix, sizeof(prefix)),
			       out->name);
		}
	}
	if (warned > WARN_MAX)
		lc_err("warning: %zu more routes send public destinations around the tunnel",
		       warned - WARN_MAX);
	free(d.v);
	return 0;
}
