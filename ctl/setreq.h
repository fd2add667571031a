/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The parts of a SET request that several commands build: endpoints taken
 * from arguments or files, resolved, each once and marked, and tunnel
 * entries. Each endpoint remembers its source (an index the caller gives
 * meaning to), so that a rejection names what the user wrote.
 */
#ifndef LEAKCTL_SETREQ_H
#define LEAKCTL_SETREQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "endpoint.h"
#include "ifname.h"
#include "nl.h"

struct ep_item {
	struct endpoint ep;
	size_t src;		/* the caller's index of what gave it */
	bool resolved;		/* ep is one address of a hostname */
};

struct ep_list {
	struct ep_item *v;
	size_t n, cap;
	const char *cmd;	/* prefix of error messages */
};

/*
 * Adds pa, or every address of the hostname it names. where ("" or
 * "FILE:LINE: ") prefixes the resolver's errors. 0, or -1 once printed.
 */
int ep_list_add(struct ep_list *l, const struct endpoint_arg *pa, size_t src,
		const char *where);
/*
 * Each endpoint once, from its first source, in the kernel's order: how
 * the kernel takes a duplicate within one request is not specified. 0, or
 * -1 once printed if there are more than the kernel takes.
 */
int ep_list_finish(struct ep_list *l);
/* The room ep_list_put() needs. */
size_t ep_list_attr_size(const struct ep_list *l);
/* One marked LEAKBLOCK_A_ENDPOINT per item; -1 if out of room. */
int ep_list_put(struct lb_nl *nl, const struct ep_list *l, uint32_t ep_flags);
/* "WHERE`text'", or "WHERE`address' from `text'" for a resolved one. */
void ep_item_describe(const struct ep_item *it, const char *where,
		      const char *text, char *buf, size_t len);
void ep_list_free(struct ep_list *l);

/* One entry of the LEAKBLOCK_A_TUNNELS nest, and the room it needs. */
size_t tunnel_attr_size(void);
struct nlattr *put_tunnel(struct nl_msg *msg, const struct tunnel *t);

#endif /* LEAKCTL_SETREQ_H */
