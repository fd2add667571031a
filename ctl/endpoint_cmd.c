// SPDX-License-Identifier: GPL-2.0
/* set-endpoint, add-endpoint, del-endpoint: one SET request each. */
#include <netlink/attr.h>

#include <linux/leakblock.h>

#include "endpoint.h"
#include "leakctl.h"
#include "nl.h"
#include "setreq.h"

struct items {
	struct ep_list l;	/* src: the argument, in argv */
	char **argv;
};

static void describe(size_t i, void *priv, char *buf, size_t len)
{
	const struct items *items = priv;
	const struct ep_item *it = &items->l.v[i];

	ep_item_describe(it, "", items->argv[it->src], buf, len);
}

/* The request: flags, then one attribute per endpoint, each marked. */
static int build(struct lb_nl *nl, const struct ep_list *l, uint32_t flags,
		 uint32_t ep_flags)
{
	struct nl_msg *msg;

	msg = lb_nl_request(nl, LEAKBLOCK_CMD_SET, NLM_F_ACK,
			    nla_total_size(sizeof(uint32_t)) +
			    ep_list_attr_size(l));
	if (!msg)
		return -1;
	if (flags && nla_put_u32(msg, LEAKBLOCK_A_FLAGS, flags))
		return -1;
	return ep_list_put(nl, l, ep_flags);
}

static int endpoint_cmd(int argc, char **argv, uint32_t flags,
			uint32_t ep_flags)
{
	struct items items = { .l.cmd = argv[0], .argv = argv };
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
	for (a = 1; a < argc; a++) {
		/* parsed again: it is known to be good */
		endpoint_parse(argv[a], &pa);
		if (ep_list_add(&items.l, &pa, a, ""))
			goto out;
	}
	if (ep_list_finish(&items.l))
		goto out;
	if (build(&nl, &items.l, flags, ep_flags)) {
		lc_err("%s: cannot build the request", argv[0]);
		goto out;
	}
	ret = lb_nl_exec(&nl, NULL, describe, &items);
out:
	lb_nl_close(&nl);
	ep_list_free(&items.l);
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
