// SPDX-License-Identifier: GPL-2.0
/* flush: both REPLACE flags and nothing to replace with. */
#include <netlink/attr.h>

#include <linux/leakblock.h>

#include "leakctl.h"
#include "nl.h"

int flush_main(int argc, char **argv)
{
	struct nl_msg *msg;
	struct lb_nl nl;
	int ret = 1;

	if (argc != 1)
		return cmd_usage(argv[0]);
	if (lb_nl_open(&nl, argv[0]))
		return 1;
	msg = lb_nl_request(&nl, LEAKBLOCK_CMD_SET, NLM_F_ACK,
			    nla_total_size(sizeof(uint32_t)));
	if (!msg || nla_put_u32(msg, LEAKBLOCK_A_FLAGS,
				LEAKBLOCK_F_REPLACE_ENDPOINTS |
				LEAKBLOCK_F_REPLACE_TUNNELS)) {
		lc_err("%s: cannot build the request", argv[0]);
		goto out;
	}
	ret = lb_nl_exec(&nl, NULL, NULL, NULL);
out:
	lb_nl_close(&nl);
	return ret;
}
