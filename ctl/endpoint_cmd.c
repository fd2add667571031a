// SPDX-License-Identifier: GPL-2.0
/* set-endpoint, add-endpoint, del-endpoint: one SET request each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <netlink/attr.h>

#include <linux/leakblock.h>

#include "endpoint.h"
#include "leakctl.h"
#include "nl.h"
#include "resolve.h"

struct item {
	struct endpoint ep;
	int arg;		/* the argument, in argv, that gave it */
	bool resolved;		/* ep is one address of hostname argv[arg] */
};

struct items {
	struct item *v;
	size_t n, cap;
	char **argv;
};

static int add_item(struct items *l, const struct endpoint *ep, int arg,
		    bool resolved)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		struct item *v = realloc(l->v, cap * sizeof(*v));

		if (!v) {
			lc_err("%s: out of memory", l->argv[0]);
			return -1;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n].ep = *ep;
	l->v[l->n].arg = arg;
	l->v[l->n].resolved = resolved;
	l->n++;
	return 0;
}

static int cmp_item(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int r = endpoint_cmp(&x->ep, &y->ep);

	if (r)
		return r;
	return (x->arg > y->arg) - (x->arg < y->arg);
}

/*
 * Each endpoint once, named after the first argument that gave it: how
 * the kernel would take a duplicate within one request is not specified.
 */
static void dedup(struct items *l)
{
	size_t i, j = 0;

	if (!l->n)
		return;
	qsort(l->v, l->n, sizeof(*l->v), cmp_item);
	for (i = 1; i < l->n; i++)
		if (endpoint_cmp(&l->v[i].ep, &l->v[j].ep))
			l->v[++j] = l->v[i];
	l->n = j + 1;
}

/* One argument, parsed again (it is known to be good) and resolved. */
static int collect(struct items *l, int arg)
{
	struct endpoint_arg pa;
	struct endpoint *res;
	size_t n, i;
	int ret = 0;

	endpoint_parse(l->argv[arg], &pa);
	if (!pa.host[0])
		return add_item(l, &pa.ep, arg, false);

	if (resolve_host(pa.host, &pa.ep, &res, &n))
		return -1;
	for (i = 0; i < n && !ret; i++)
		ret = add_item(l, &res[i], arg, true);
	free(res);
	return ret;
}

static size_t endpoint_attr_size(void)
{
	return nla_total_size(0) +			/* the nest */
	       nla_total_size(16) +			/* IPV6 */
	       nla_total_size(sizeof(uint8_t)) +	/* PROTO */
	       nla_total_size(sizeof(uint16_t)) +	/* PORT */
	       nla_total_size(sizeof(uint32_t));	/* FLAGS */
}

static struct nlattr *put_endpoint(struct nl_msg *msg,
				   const struct endpoint *ep, uint32_t flags)
{
	struct nlattr *nest = nla_nest_start(msg, LEAKBLOCK_A_ENDPOINT);

	if (!nest)
		return NULL;
	if (ep->family == AF_INET) {
		if (nla_put(msg, LEAKBLOCK_ENDPOINT_A_IPV4, 4, ep->addr))
			return NULL;
	} else if (nla_put(msg, LEAKBLOCK_ENDPOINT_A_IPV6, 16, ep->addr)) {
		return NULL;
	}
	if (ep->proto &&
	    nla_put_u8(msg, LEAKBLOCK_ENDPOINT_A_PROTO, ep->proto))
		return NULL;
	if (ep->port && nla_put_u16(msg, LEAKBLOCK_ENDPOINT_A_PORT, ep->port))
		return NULL;
	if (flags && nla_put_u32(msg, LEAKBLOCK_ENDPOINT_A_FLAGS, flags))
		return NULL;
	if (nla_nest_end(msg, nest))
		return NULL;
	return nest;
}

static void describe(size_t i, void *priv, char *buf, size_t len)
{
	const struct items *l = priv;
	const struct item *it = &l->v[i];
	char ep[ENDPOINT_STRLEN];

	if (it->resolved)
		snprintf(buf, len, "`%s' from `%s'",
			 endpoint_format(&it->ep, ep, sizeof(ep)),
			 l->argv[it->arg]);
	else
		snprintf(buf, len, "`%s'", l->argv[it->arg]);
}

/* The request: flags, then one attribute per endpoint, each marked. */
static int build(struct lb_nl *nl, const struct items *l, uint32_t flags,
		 uint32_t ep_flags)
{
	struct nl_msg *msg;
	struct nlattr *nest;
	size_t i;

	msg = lb_nl_request(nl, LEAKBLOCK_CMD_SET, NLM_F_ACK,
			    nla_total_size(sizeof(uint32_t)) +
			    l->n * endpoint_attr_size());
	if (!msg)
		return -1;
	if (flags && nla_put_u32(msg, LEAKBLOCK_A_FLAGS, flags))
		return -1;
	for (i = 0; i < l->n; i++) {
		nest = put_endpoint(msg, &l->v[i].ep, ep_flags);
		if (!nest || lb_nl_mark(nl, nest))
			return -1;
	}
	return 0;
}

static int endpoint_cmd(int argc, char **argv, uint32_t flags,
			uint32_t ep_flags)
{
	struct items l = { .argv = argv };
	struct endpoint_arg pa;
	struct lb_nl nl;
	int a, err, ret = 1;

	if (argc < 2)
		return cmd_usage(argv[0]);

	/* Every argument is checked before anything is looked up. */
	for (a = 1; a < argc; a++) {
		err = endpoint_parse(argv[a], &pa);
		if (err) {
			lc_err("invalid %s `%s': %s", endpoint_err_what(err),
			       argv[a], endpoint_err_why(err));
			return 1;
		}
	}

	if (lb_nl_open(&nl, argv[0]))
		return 1;
	for (a = 1; a < argc; a++)
		if (collect(&l, a))
			goto out;
	dedup(&l);
	if (l.n > LEAKBLOCK_MAX_ENDPOINTS) {
		lc_err("%s: too many endpoints: %zu, at most %d", argv[0], l.n,
		       LEAKBLOCK_MAX_ENDPOINTS);
		goto out;
	}
	if (build(&nl, &l, flags, ep_flags)) {
		lc_err("%s: cannot build the request", argv[0]);
		goto out;
	}
	ret = lb_nl_exec(&nl, NULL, describe, &l);
out:
	lb_nl_close(&nl);
	free(l.v);
	return ret;
}

int set_endpoint_main(int argc, char **argv)
{
	return endpoint_cmd(argc, argv, LEAKBLOCK_F_REPLACE_ENDPOINTS, 0);
}

int add_endpoint_main(int argc, char **argv)
{
	return endpoint_cmd(argc, argv, 0, 0);
}

int del_endpoint_main(int argc, char **argv)
{
	return endpoint_cmd(argc, argv, 0, LEAKBLOCK_ENDPOINT_F_REMOVE);
}
