/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A policy as the module holds it (struct lb_rules, kmod/verdict.h), built
 * in userspace the way the module builds a snapshot, so that audit and the
 * route check judge with the module's own code. Pure: unit-tested.
 */
#ifndef LEAKCTL_POLICY_H
#define LEAKCTL_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../kmod/verdict.h"
#include "endpoint.h"
#include "ifname.h"
#include "show.h"

struct policy {
	struct lb_rules rules;		/* always armed */
	struct lb_endpoint *entries;	/* rules.endpoints' storage */
	void *index;			/* rules.endpoints' index */
	struct lb_tunnel *tunnels;	/* rules.tunnels' storage */
	bool by_name;			/* the module's names tell tunnels */
};

/*
 * Armed, with these allowances (enum leakblock_allow) and endpoints, in
 * any order and possibly repeated; no tunnel names, so that tunnels are
 * told by their device type. 0, or with p empty -E2BIG for more endpoints
 * than the module takes, or -ENOMEM.
 */
int policy_init(struct policy *p, uint32_t allow, const struct endpoint *eps,
		size_t neps);
/*
 * The module's tunnel names, which from now on alone tell what a tunnel
 * is, as they do for the module. 0, or -ENOMEM with p unchanged.
 */
int policy_set_tunnels(struct policy *p, const struct tunnel *tunnels,
		       size_t n);
/* The running policy as status read it: both of the above. */
int policy_from_status(struct policy *p, const struct lb_status *st);
void policy_free(struct policy *p);

/* Whether some endpoint has this address (family AF_INET or AF_INET6). */
bool policy_has_address(const struct policy *p, int family,
			const uint8_t *addr);

#endif /* LEAKCTL_POLICY_H */
