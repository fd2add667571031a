/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The servers a VPN client's configuration connects to, as `leakctl
 * import' reads them from an OpenVPN or a WireGuard file. Pure (no netlink,
 * no resolver): unit-tested and fuzzed.
 */
#ifndef LEAKCTL_VPNCONF_H
#define LEAKCTL_VPNCONF_H

#include <stddef.h>

#include "endpoint.h"
#include "text.h"

enum vpn_format {
	VPN_OPENVPN,
	VPN_WIREGUARD,
};

struct vpn_endpoint {
	/* port and protocol always set; a host may name its one family */
	struct endpoint_arg arg;
	unsigned int line;	/* of its remote or Endpoint */
};

struct vpn_config {
	enum vpn_format format;
	struct vpn_endpoint *v;	/* in the file's order */
	size_t n, cap;
};

/*
 * A file whose first line (comments aside) opens a [Section] is
 * WireGuard's, any other OpenVPN's. 0, or -1 with err set and vc freed;
 * a file that names no server is an error too.
 */
int vpn_config_parse(const char *data, size_t len, struct vpn_config *vc,
		     struct text_err *err);
void vpn_config_free(struct vpn_config *vc);

#endif /* LEAKCTL_VPNCONF_H */
