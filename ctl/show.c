// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <string.h>

#include <linux/leakblock.h>

#include "json.h"
#include "show.h"
#include "util.h"

/*
 * Each reason as status counts it, and as an event or audit explains a
 * drop (the module's own log line says "not an endpoint" too).
 */
static const struct {
	const char *name;
	const char *why;
} reasons[] = {
	[LEAKBLOCK_REASON_PASS_LOOPBACK]	= { "pass loopback", NULL },
	[LEAKBLOCK_REASON_PASS_TUNNEL]		= { "pass tunnel", NULL },
	[LEAKBLOCK_REASON_PASS_DISARMED]	= { "pass disarmed", NULL },
	[LEAKBLOCK_REASON_PASS_ENDPOINT]	= { "pass endpoint", NULL },
	[LEAKBLOCK_REASON_PASS_DHCP]		= { "pass dhcp", NULL },
	[LEAKBLOCK_REASON_PASS_NDP]		= { "pass ndp", NULL },
	[LEAKBLOCK_REASON_PASS_LAN]		= { "pass lan", NULL },
	[LEAKBLOCK_REASON_DROP_NO_MATCH]	= { "drop no-match",
						    "not an endpoint" },
	[LEAKBLOCK_REASON_DROP_MALFORMED]	= { "drop malformed",
						    "malformed" },
};

const struct allowance allowances[] = {
	{ LEAKBLOCK_ALLOW_DHCP, "dhcp" },
	{ LEAKBLOCK_ALLOW_NDP, "ndp" },
	{ LEAKBLOCK_ALLOW_LAN, "lan" },
};

const size_t nallowances = ARRAY_SIZE(allowances);

uint32_t allowance_bit(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(allowances); i++)
		if (!strcmp(name, allowances[i].name))
			return allowances[i].bit;
	return 0;
}

static bool reason_known(uint32_t reason)
{
	return reason < ARRAY_SIZE(reasons) && reasons[reason].name;
}

/* A newer module may count reasons this tool has no name for. */
static const char *reason_name(uint32_t reason, char *buf, size_t len)
{
	if (reason_known(reason))
		return reasons[reason].name;
	snprintf(buf, len, "reason %" PRIu32, reason);
	return buf;
}

const char *reason_why(uint32_t reason, char *buf, size_t len)
{
	if (reason_known(reason) && reasons[reason].why)
		return reasons[reason].why;
	return reason_name(reason, buf, len);
}

void show_text(FILE *f, const struct lb_status *st)
{
	char buf[ENDPOINT_STRLEN];
	const char *sep = "";
	size_t i;

	fprintf(f, "armed: %s\n", st->armed ? "yes" : "no");

	fputs("allow:", f);
	for (i = 0; i < ARRAY_SIZE(allowances); i++) {
		if (!(st->allow.selector & allowances[i].bit))
			continue;
		fprintf(f, "%s %s %s", sep, allowances[i].name,
			st->allow.value & allowances[i].bit ? "on" : "off");
		sep = ",";
	}
	fputs("\n", f);

	fputs("tunnels:", f);
	if (!st->ntunnels)
		fputs(" none", f);
	for (i = 0; i < st->ntunnels; i++)
		fprintf(f, " %s", tunnel_format(&st->tunnels[i], buf));
	fputs("\n", f);

	fprintf(f, "endpoints: %zu\n", st->nendpoints);
	for (i = 0; i < st->nendpoints; i++)
		fprintf(f, "  %s\n",
			endpoint_format(&st->endpoints[i], buf, sizeof(buf)));

	if (!st->ncounters)
		fputs("counters: none\n", f);
	else
		fprintf(f, "%-16s%10s %10s\n", "counters:", "ipv4", "ipv6");
	for (i = 0; i < st->ncounters; i++)
		fprintf(f, "  %-14s%10" PRIu64 " %10" PRIu64 "\n",
			reason_name(st->counters[i].reason, buf, sizeof(buf)),
			st->counters[i].ipv4, st->counters[i].ipv6);

	if (st->has_events)
		fprintf(f, "events: %" PRIu64 " sent, %" PRIu64 " suppressed\n",
			st->events_sent, st->events_suppressed);

	fprintf(f, "generation: %" PRIu32 "\n", st->generation);
}

/*
 * "pass loopback" -> "pass_loopback", "drop no-match" -> "drop_no_match";
 * without the verb, "no_match". An unknown one stays "reason_42".
 */
void reason_json(FILE *f, uint32_t reason, bool verb)
{
	char buf[32];
	const char *p = reason_name(reason, buf, sizeof(buf));

	if (!verb && reason_known(reason))
		p = strchr(p, ' ') + 1;
	putc('"', f);
	for (; *p; p++)
		putc(*p == ' ' || *p == '-' ? '_' : *p, f);
	putc('"', f);
}

void show_json(FILE *f, const struct lb_status *st)
{
	char buf[ENDPOINT_STRLEN];
	const char *sep = "";
	size_t i;

	fprintf(f, "{\"armed\":%s,\"generation\":%" PRIu32 ",\"allow\":{",
		st->armed ? "true" : "false", st->generation);
	for (i = 0; i < ARRAY_SIZE(allowances); i++) {
		if (!(st->allow.selector & allowances[i].bit))
			continue;
		fprintf(f, "%s\"%s\":%s", sep, allowances[i].name,
			st->allow.value & allowances[i].bit ? "true" : "false");
		sep = ",";
	}

	fputs("},\"tunnels\":[", f);
	for (i = 0; i < st->ntunnels; i++) {
		if (i)
			putc(',', f);
		json_string(f, tunnel_format(&st->tunnels[i], buf));
	}

	fputs("],\"endpoints\":[", f);
	for (i = 0; i < st->nendpoints; i++) {
		if (i)
			putc(',', f);
		json_string(f, endpoint_format(&st->endpoints[i], buf,
					       sizeof(buf)));
	}

	fputs("],\"counters\":{", f);
	for (i = 0; i < st->ncounters; i++) {
		if (i)
			putc(',', f);
		reason_json(f, st->counters[i].reason, true);
		fprintf(f, ":{\"ipv4\":%" PRIu64 ",\"ipv6\":%" PRIu64 "}",
			st->counters[i].ipv4, st->counters[i].ipv6);
	}
	putc('}', f);
	if (st->has_events)
		fprintf(f, ",\"events_sent\":%" PRIu64
			",\"events_suppressed\":%" PRIu64,
			st->events_sent, st->events_suppressed);
	fputs("}\n", f);
}
