// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

#include <netlink/attr.h>

#include <linux/leakblock.h>

#include "leakctl.h"
#include "resolve.h"
#include "setreq.h"

static int add_item(struct ep_list *l, const struct endpoint *ep, size_t src,
		    bool resolved)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		struct ep_item *v = realloc(l->v, cap * sizeof(*v));

		if (!v) {
			lc_err("%s: out of memory", l->cmd);
			return -1;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n].ep = *ep;
	l->v[l->n].src = src;
	l->v[l->n].resolved = resolved;
	l->n++;
	return 0;
}

int ep_list_add(struct ep_list *l, const struct endpoint_arg *pa, size_t src,
		const char *where)
{
	struct endpoint *res;
	size_t n, i;
	int ret = 0;

	if (!pa->host[0])
		return add_item(l, &pa->ep, src, false);

	if (resolve_host(where, pa->host, &pa->ep, &res, &n))
		return -1;
	for (i = 0; i < n && !ret; i++)
		ret = add_item(l, &res[i], src, true);
	free(res);
	return ret;
}

static int cmp_item(const void *a, const void *b)
{
	const struct ep_item *x = a, *y = b;
	int r = endpoint_cmp(&x->ep, &y->ep);

	if (r)
		return r;
	return (x->src > y->src) - (x->src < y->src);
}

int ep_list_finish(struct ep_list *l)
{
	size_t i, j = 0;

	if (l->n) {
		qsort(l->v, l->n, sizeof(*l->v), cmp_item);
		for (i = 1; i < l->n; i++)
			if (endpoint_cmp(&l->v[i].ep, &l->v[j].ep))
				l->v[++j] = l->v[i];
		l->n = j + 1;
	}
	if (l->n > LEAKBLOCK_MAX_ENDPOINTS) {
		lc_err("%s: too many endpoints: %zu, at most %d", l->cmd, l->n,
		       LEAKBLOCK_MAX_ENDPOINTS);
		return -1;
	}
	return 0;
}

static size_t endpoint_attr_size(void)
{
	return nla_total_size(0) +			/* the nest */
	       nla_total_size(16) +			/* IPV6 */
	       nla_total_size(sizeof(uint8_t)) +	/* PROTO */
	       nla_total_size(sizeof(uint16_t)) +	/* PORT */
	       nla_total_size(sizeof(uint32_t));	/* FLAGS */
}

size_t ep_list_attr_size(const struct ep_list *l)
{
	return l->n * endpoint_attr_size();
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

int ep_list_put(struct lb_nl *nl, const struct ep_list *l, uint32_t ep_flags)
{
	struct nlattr *nest;
	size_t i;

	for (i = 0; i < l->n; i++) {
		nest = put_endpoint(nl->msg, &l->v[i].ep, ep_flags);
		if (!nest || lb_nl_mark(nl, nest))
			return -1;
	}
	return 0;
}

void ep_item_describe(const struct ep_item *it, const char *where,
		      const char *text, char *buf, size_t len)
{
	char ep[ENDPOINT_STRLEN];

	if (it->resolved)
		snprintf(buf, len, "%s`%s' from `%s'", where,
			 endpoint_format(&it->ep, ep, sizeof(ep)), text);
	else
		snprintf(buf, len, "%s`%s'", where, text);
}

void ep_list_free(struct ep_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
	l->cap = 0;
}

size_t tunnel_attr_size(void)
{
	return nla_total_size(0) +			/* the entry's nest */
	       nla_total_size(IFNAMSIZ) +		/* NAME */
	       nla_total_size(sizeof(uint32_t));	/* FLAGS */
}

struct nlattr *put_tunnel(struct nl_msg *msg, const struct tunnel *t)
{
	struct nlattr *nest = nla_nest_start(msg, 0);

	if (!nest)
		return NULL;
	if (nla_put_string(msg, LEAKBLOCK_TUNNEL_A_NAME, t->name))
		return NULL;
	if (t->flags &&
	    nla_put_u32(msg, LEAKBLOCK_TUNNEL_A_FLAGS, t->flags))
		return NULL;
	if (nla_nest_end(msg, nest))
		return NULL;
	return nest;
}
