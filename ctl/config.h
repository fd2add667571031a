/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The configuration file: the whole policy in the command line's own
 * words, parsed by `leakctl load' and written by `leakctl show-config'.
 * Pure (no netlink, no resolver): unit-tested and fuzzed.
 *
 *    # leakblock policy
 *    armed yes
 *    allow dhcp on
 *    tunnel wg0 tun+
 *    endpoint 203.0.113.1:51820/udp vpn.example.com:1194/udp
 */
#ifndef LEAKCTL_CONFIG_H
#define LEAKCTL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ifname.h"
#include "show.h"
#include "text.h"

#define CONFIG_PATH "/etc/leakblock/leakblock.conf"
/* Readable at a glance: longer is a mistake, not a policy. */
#define CONFIG_LINE_MAX 4096

/* A value as written, and where. */
struct config_word {
	const char *text;	/* in the config's copy of the file */
	unsigned int line;
};

struct config_tunnel {
	struct tunnel t;
	struct config_word w;
};

/* What the file does not say is the module's fail-closed default. */
struct config {
	bool armed;
	uint32_t allow;			/* enum leakblock_allow that are on */
	struct config_tunnel *tunnels;	/* each once, in the file's order */
	size_t ntunnels;
	struct config_word *endpoints;	/* each valid, in the file's order */
	size_t nendpoints, endpoints_cap;
	struct text text;
};

/* 0, or -1 with err set and cfg freed. */
int config_parse(const char *data, size_t len, struct config *cfg,
		 struct text_err *err);
void config_free(struct config *cfg);

/*
 * A tunnel of st that config_print() cannot write so that it reads back
 * ("#wg" would read as a comment), or NULL.
 */
const struct tunnel *config_unwritable(const struct lb_status *st);
/* The policy of st as a configuration file, in the kernel's order. */
void config_print(FILE *f, const struct lb_status *st);

#endif /* LEAKCTL_CONFIG_H */
