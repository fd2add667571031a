// SPDX-License-Identifier: GPL-2.0
/* allow lan|dhcp|ndp on|off: one allowance, the others left as they are. */
#include <string.h>

#include <linux/netlink.h>
#include <netlink/attr.h>

#include <linux/leakblock.h>

#include "leakctl.h"
#include "nl.h"
#include "show.h"

int allow_main(int argc, char **argv)
{
	struct nla_bitfield32 bf = { 0 };
	struct nl_msg *msg;
	struct lb_nl nl;
	int ret = 1;

	if (argc != 3)
		return cmd_usage(argv[0]);
	bf.selector = allowance_bit(argv[1]);
	if (!bf.selector) {
		lc_err("invalid allowance `%s': must be lan, dhcp or ndp",
		       argv[1]);
		return 1;
	}
	if (!strcmp(argv[2], "on")) {
		bf.value = bf.selector;
	} else if (strcmp(argv[2], "off")) {
		lc_err("invalid state `%s': must be on or off", argv[2]);
		return 1;
	}

	if (lb_nl_open(&nl, argv[0]))
		return 1;
	msg = lb_nl_request(&nl, LEAKBLOCK_CMD_SET, NLM_F_ACK,
			    nla_total_size(sizeof(bf)));
	if (!msg || nla_put(msg, LEAKBLOCK_A_ALLOW, sizeof(bf), &bf)) {
		lc_err("%s: cannot build the request", argv[0]);
		goto out;
	}
	ret = lb_nl_exec(&nl, NULL, NULL, NULL);
out:
	lb_nl_close(&nl);
	return ret;
}
