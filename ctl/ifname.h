/* SPDX-License-Identifier: GPL-2.0 */
/* Tunnel interface names as the kernel accepts them (pure, unit-tested). */
#ifndef LEAKCTL_IFNAME_H
#define LEAKCTL_IFNAME_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

struct tunnel {
	char name[IFNAMSIZ];
	uint32_t flags;		/* LEAKBLOCK_TUNNEL_F_PREFIX */
};

bool ifname_valid(const char *name);
/* "NAME" or "NAME+" (a prefix); 0, or -1 if it is no valid name. */
int tunnel_parse(const char *arg, struct tunnel *t);
/* Back to the command-line form; buf has IFNAMSIZ + 1 bytes. */
char *tunnel_format(const struct tunnel *t, char *buf);

#endif /* LEAKCTL_IFNAME_H */
