/* SPDX-License-Identifier: GPL-2.0 */
/* The policy as read by `leakctl status', and its two printed forms. */
#ifndef LEAKCTL_SHOW_H
#define LEAKCTL_SHOW_H

#include <linux/netlink.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "endpoint.h"
#include "ifname.h"

struct lb_counter {
	uint32_t reason;	/* enum leakblock_reason, or newer */
	uint64_t ipv4, ipv6;
};

struct lb_status {
	uint32_t generation;
	bool armed;
	struct nla_bitfield32 allow;
	uint32_t endpoint_count;
	struct tunnel *tunnels;
	size_t ntunnels;
	struct endpoint *endpoints;
	size_t nendpoints;
	struct lb_counter *counters;
	size_t ncounters;
	bool has_events;	/* the dump carried the event counters */
	uint64_t events_sent, events_suppressed;
};

void show_text(FILE *f, const struct lb_status *st);
void show_json(FILE *f, const struct lb_status *st);

/* Why a packet was dropped, as events tell it: "not an endpoint". */
const char *reason_why(uint32_t reason, char *buf, size_t len);
/* As a JSON string: "drop_no_match" (status's key), or without the verb. */
void reason_json(FILE *f, uint32_t reason, bool verb);

/*
 * Reads the running policy with one GET dump (status.c): 0, or 1 once the
 * error is printed, prefixed by cmd. status_free() frees it either way.
 */
int status_read(const char *cmd, struct lb_status *st);
void status_free(struct lb_status *st);

/* The allowances by name, in the order they are shown. */
struct allowance {
	uint32_t bit;		/* enum leakblock_allow */
	const char *name;
};

extern const struct allowance allowances[];
extern const size_t nallowances;

/* The bit of the allowance called name, or 0. */
uint32_t allowance_bit(const char *name);

#endif /* LEAKCTL_SHOW_H */
