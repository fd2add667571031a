/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The namespace's interfaces and routes, read with rtnetlink dumps, and
 * the TunnelVision check that monitor and audit run before they start.
 * The functions print their own errors, prefixed by the command.
 */
#ifndef LEAKCTL_RTDUMP_H
#define LEAKCTL_RTDUMP_H

#include <stddef.h>

#include "policy.h"
#include "route.h"

/* Every interface, into a malloc()ed *links of *n. 0, or -1 once printed. */
int rtdump_links(const char *cmd, struct link **links, size_t *n);

/*
 * Reads the IPv4 and IPv6 routes of every table and prints a warning on
 * stderr for each that route_bypasses_tunnel(). 0, or -1 once printed.
 */
int tunnelvision_warn(const char *cmd, const struct policy *p,
		      const struct link *links, size_t nlinks);

#endif /* LEAKCTL_RTDUMP_H */
