// SPDX-License-Identifier: GPL-2.0
/* set-tunnel, add-tunnel: tunnel names, in one SET request. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/attr.h>

#include <linux/leakblock.h>

#include "ifname.h"
#include "leakctl.h"
#include "nl.h"
#include "setreq.h"

struct item {
	struct tunnel t;
	int arg;
};

struct items {
	struct item *v;
	size_t n;
	char **argv;
};

static int cmp_item(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int r = strcmp(x->t.name, y->t.name);

	if (r)
		return r;
	if (x->t.flags != y->t.flags)
		return x->t.flags < y->t.flags ? -1 : 1;
	return (x->arg > y->arg) - (x->arg < y->arg);
}

static void dedup(struct items *l)
{
	size_t i, j = 0;

	qsort(l->v, l->n, sizeof(*l->v), cmp_item);
	for (i = 1; i < l->n; i++)
		if (strcmp(l->v[i].t.name, l->v[j].t.name) ||
		    l->v[i].t.flags != l->v[j].t.flags)
			l->v[++j] = l->v[i];
	l->n = j + 1;
}

static void describe(size_t i, void *priv, char *buf, size_t len)
{
	const struct items *l = priv;

	snprintf(buf, len, "`%s'", l->argv[l->v[i].arg]);
}

/* The request: flags and the nest of names, each marked. */
static int build(struct lb_nl *nl, const struct items *l, uint32_t flags)
{
	struct nlattr *tunnels, *nest;
	struct nl_msg *msg;
	size_t i;

	msg = lb_nl_request(nl, LEAKBLOCK_CMD_SET, NLM_F_ACK,
			    nla_total_size(sizeof(uint32_t)) +
			    nla_total_size(0) + l->n * tunnel_attr_size());
	if (!msg)
		return -1;
	if (flags && nla_put_u32(msg, LEAKBLOCK_A_FLAGS, flags))
		return -1;
	tunnels = nla_nest_start(msg, LEAKBLOCK_A_TUNNELS);
	if (!tunnels)
		return -1;
	for (i = 0; i < l->n; i++) {
		nest = put_tunnel(msg, &l->v[i].t);
		if (!nest || lb_nl_mark(nl, nest))
			return -1;
	}
	return nla_nest_end(msg, tunnels) ? -1 : 0;
}

static int tunnel_cmd(int argc, char **argv, uint32_t flags)
{
	struct items l = { .argv = argv };
	struct lb_nl nl = { 0 };
	int a, ret = 1;

	if (argc < 2)
		return cmd_usage(argv[0]);

	l.v = calloc(argc - 1, sizeof(*l.v));
	if (!l.v) {
		lc_err("%s: out of memory", argv[0]);
		return 1;
	}
	for (a = 1; a < argc; a++) {
		if (tunnel_parse(argv[a], &l.v[l.n].t)) {
			lc_err("invalid tunnel name `%s'", argv[a]);
			goto out;
		}
		l.v[l.n++].arg = a;
	}
	dedup(&l);
	if (l.n > LEAKBLOCK_MAX_TUNNELS) {
		lc_err("%s: too many tunnel names: %zu, at most %d", argv[0],
		       l.n, LEAKBLOCK_MAX_TUNNELS);
		goto out;
	}

	if (lb_nl_open(&nl, argv[0]))
		goto out;
	if (build(&nl, &l, flags)) {
		lc_err("%s: cannot build the request", argv[0]);
		goto out;
	}
	ret = lb_nl_exec(&nl, NULL, describe, &l);
out:
	lb_nl_close(&nl);
	free(l.v);
	return ret;
}

int set_tunnel_main(int argc, char **argv)
{
	return tunnel_cmd(argc, argv, LEAKBLOCK_F_REPLACE_TUNNELS);
}

/* For VPN hooks: let one more device through, keeping the others. */
int add_tunnel_main(int argc, char **argv)
{
	return tunnel_cmd(argc, argv, 0);
}
