// SPDX-License-Identifier: GPL-2.0
/*
 * import [--dry-run] FILE: the servers of an OpenVPN or a WireGuard client
 * config, added as endpoints in one SET request, as add-endpoint does.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/attr.h>

#include <linux/leakblock.h>

#include "endpoint.h"
#include "leakctl.h"
#include "nl.h"
#include "setreq.h"
#include "text.h"
#include "vpnconf.h"

struct import {
	struct vpn_config vc;
	struct ep_list l;	/* src: the index in vc.v */
	const char *name;	/* the file, as errors name it */
};

static const char *where_of(const struct import *im, size_t src, char *buf,
			    size_t len)
{
	return text_where(buf, len, im->name, im->vc.v[src].line);
}

static void describe(size_t i, void *priv, char *buf, size_t len)
{
	const struct import *im = priv;
	const struct ep_item *it = &im->l.v[i];
	char where[TEXT_WHERE_MAX], text[ENDPOINT_ARG_MAX + 1];

	ep_item_describe(it, where_of(im, it->src, where, sizeof(where)),
			 endpoint_arg_format(&im->vc.v[it->src].arg, text,
					     sizeof(text)),
			 buf, len);
}

static int build(struct lb_nl *nl, const struct ep_list *l)
{
	if (!lb_nl_request(nl, LEAKBLOCK_CMD_SET, NLM_F_ACK,
			   ep_list_attr_size(l)))
		return -1;
	return ep_list_put(nl, l, 0);
}

/* What would be added, one endpoint a line, resolved. */
static int print(const char *cmd, const struct ep_list *l)
{
	char buf[ENDPOINT_STRLEN];
	size_t i;

	for (i = 0; i < l->n; i++)
		printf("%s\n", endpoint_format(&l->v[i].ep, buf, sizeof(buf)));
	return lc_flush_stdout(cmd, "the endpoints") ? 1 : 0;
}

int import_main(int argc, char **argv)
{
	struct import im = { .l.cmd = argv[0] };
	char where[TEXT_WHERE_MAX];
	struct lb_nl nl = { 0 };
	struct text_err err;
	bool dry_run;
	size_t len, i;
	char *data;
	int ret;

	dry_run = argc > 1 && !strcmp(argv[1], "--dry-run");
	/* "-" is the standard input; any other dash starts no file name */
	if (argc != 2 + dry_run ||
	    (argv[argc - 1][0] == '-' && argv[argc - 1][1]))
		return cmd_usage(argv[0]);
	im.name = text_name(argv[argc - 1]);
	ret = text_read(argv[argc - 1], &data, &len);
	if (ret) {
		lc_err("cannot read `%s': %s", im.name, strerror(-ret));
		return 1;
	}
	ret = vpn_config_parse(data, len, &im.vc, &err);
	free(data);
	if (ret) {
		lc_err("%s%s", text_where(where, sizeof(where), im.name,
					  err.line), err.msg);
		return 1;
	}

	ret = 1;
	if (!dry_run && lb_nl_open(&nl, argv[0]))
		goto out;
	for (i = 0; i < im.vc.n; i++)
		if (ep_list_add(&im.l, &im.vc.v[i].arg, i,
				where_of(&im, i, where, sizeof(where))))
			goto out;
	if (ep_list_finish(&im.l))
		goto out;
	if (dry_run) {
		ret = print(argv[0], &im.l);
		goto out;
	}
	if (build(&nl, &im.l)) {
		lc_err("%s: cannot build the request", argv[0]);
		goto out;
	}
	ret = lb_nl_exec(&nl, NULL, describe, &im);
out:
	lb_nl_close(&nl);
	ep_list_free(&im.l);
	vpn_config_free(&im.vc);
	return ret;
}
