// SPDX-License-Identifier: GPL-2.0
/*
 * load FILE: the whole policy of a configuration file, in one SET request
 * that replaces all of it, so that a file with any error applies nothing.
 * show-config: the running policy, in the form load reads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/netlink.h>
#include <netlink/attr.h>

#include <linux/leakblock.h>

#include "config.h"
#include "leakctl.h"
#include "nl.h"
#include "setreq.h"
#include "show.h"
#include "text.h"

struct load {
	struct config cfg;
	struct ep_list l;	/* src: the index in cfg.endpoints */
	const char *name;	/* the file, as errors name it */
};

/* The tunnels' marks come first, then the endpoints'. */
static void describe(size_t i, void *priv, char *buf, size_t len)
{
	const struct load *ld = priv;
	const struct config_word *w;
	const struct ep_item *it;
	char where[TEXT_WHERE_MAX];

	if (i < ld->cfg.ntunnels) {
		w = &ld->cfg.tunnels[i].w;
		snprintf(buf, len, "%s`%s'",
			 text_where(where, sizeof(where), ld->name, w->line),
			 w->text);
		return;
	}
	it = &ld->l.v[i - ld->cfg.ntunnels];
	w = &ld->cfg.endpoints[it->src];
	ep_item_describe(it, text_where(where, sizeof(where), ld->name, w->line),
			 w->text, buf, len);
}

/* Everything at once: both REPLACE flags, armed, every allowance. */
static int build(struct lb_nl *nl, const struct load *ld)
{
	const struct config *cfg = &ld->cfg;
	struct nla_bitfield32 allow = {
		.value = cfg->allow,
		.selector = __LEAKBLOCK_ALLOW_ALL,
	};
	struct nlattr *tunnels, *nest;
	struct nl_msg *msg;
	size_t i;

	msg = lb_nl_request(nl, LEAKBLOCK_CMD_SET, NLM_F_ACK,
			    nla_total_size(sizeof(uint32_t)) +
			    nla_total_size(sizeof(uint8_t)) +
			    nla_total_size(sizeof(allow)) +
			    nla_total_size(0) +
			    cfg->ntunnels * tunnel_attr_size() +
			    ep_list_attr_size(&ld->l));
	if (!msg)
		return -1;
	if (nla_put_u32(msg, LEAKBLOCK_A_FLAGS,
			LEAKBLOCK_F_REPLACE_ENDPOINTS |
			LEAKBLOCK_F_REPLACE_TUNNELS) ||
	    nla_put_u8(msg, LEAKBLOCK_A_ARMED, cfg->armed) ||
	    nla_put(msg, LEAKBLOCK_A_ALLOW, sizeof(allow), &allow))
		return -1;
	/* none given: REPLACE_TUNNELS leaves none */
	if (cfg->ntunnels) {
		tunnels = nla_nest_start(msg, LEAKBLOCK_A_TUNNELS);
		if (!tunnels)
			return -1;
		for (i = 0; i < cfg->ntunnels; i++) {
			nest = put_tunnel(msg, &cfg->tunnels[i].t);
			if (!nest || lb_nl_mark(nl, nest))
				return -1;
		}
		if (nla_nest_end(msg, tunnels))
			return -1;
	}
	return ep_list_put(nl, &ld->l, 0);
}

int load_main(int argc, char **argv)
{
	struct load ld = { .l.cmd = argv[0] };
	char where[TEXT_WHERE_MAX];
	struct lb_nl nl = { 0 };
	const struct config_word *w;
	struct endpoint_arg pa;
	struct text_err err;
	size_t len, i;
	char *data;
	int ret = 1;

	/* "-" is the standard input; any other dash starts no file name */
	if (argc != 2 || (argv[1][0] == '-' && argv[1][1]))
		return cmd_usage(argv[0]);
	ld.name = text_name(argv[1]);
	ret = text_read(argv[1], &data, &len);
	if (ret) {
		lc_err("cannot read `%s': %s", ld.name, strerror(-ret));
		return 1;
	}
	ret = config_parse(data, len, &ld.cfg, &err);
	free(data);
	if (ret) {
		lc_err("%s%s", text_where(where, sizeof(where), ld.name,
					  err.line), err.msg);
		return 1;
	}

	ret = 1;
	if (lb_nl_open(&nl, argv[0]))
		goto out;
	for (i = 0; i < ld.cfg.nendpoints; i++) {
		w = &ld.cfg.endpoints[i];
		/* parsed again: it is known to be good */
		endpoint_parse(w->text, &pa);
		if (ep_list_add(&ld.l, &pa, i,
				text_where(where, sizeof(where), ld.name,
					   w->line)))
			goto out;
	}
	if (ep_list_finish(&ld.l))
		goto out;
	if (build(&nl, &ld)) {
		lc_err("%s: cannot build the request", argv[0]);
		goto out;
	}
	ret = lb_nl_exec(&nl, NULL, describe, &ld);
out:
	lb_nl_close(&nl);
	ep_list_free(&ld.l);
	config_free(&ld.cfg);
	return ret;
}

int show_config_main(int argc, char **argv)
{
	char buf[IFNAMSIZ + 1];
	const struct tunnel *t;
	struct lb_status st;
	int ret = 1;

	if (argc != 1)
		return cmd_usage(argv[0]);
	if (status_read(argv[0], &st))
		goto out;
	t = config_unwritable(&st);
	if (t) {
		lc_err("%s: tunnel `%s' cannot be written: it would read as a comment",
		       argv[0], tunnel_format(t, buf));
		goto out;
	}
	config_print(stdout, &st);
	if (lc_flush_stdout(argv[0], "the policy"))
		goto out;
	ret = 0;
out:
	status_free(&st);
	return ret;
}
