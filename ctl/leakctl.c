// SPDX-License-Identifier: GPL-2.0
/*
 * leakctl: the control tool of leakblock, the fail-closed VPN guard.
 *
 * Every command that changes the policy sends exactly one request, after
 * all of its arguments have been checked, so that it either happens in
 * full or not at all.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "leakctl.h"
#include "util.h"

bool opt_json;

static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *args;
	const char *help;
} commands[] = {
	{ "status", status_main, "",
	  "armed state, tunnels, endpoints, counters" },
	{ "set-endpoint", set_endpoint_main, "ENDPOINT...",
	  "replace the endpoint set atomically" },
	{ "add-endpoint", add_endpoint_main, "ENDPOINT...",
	  "add endpoints" },
	{ "del-endpoint", del_endpoint_main, "ENDPOINT...",
	  "remove endpoints (each must be configured)" },
	{ "set-tunnel", set_tunnel_main, "IFNAME...",
	  "replace the tunnel names; NAME+ is a prefix" },
	{ "add-tunnel", add_tunnel_main, "IFNAME...",
	  "add tunnel names, keeping the others" },
	{ "arm", arm_main, "",
	  "fail closed: drop what bypasses the VPN" },
	{ "disarm", disarm_main, "",
	  "fail open: pass everything" },
	{ "allow", allow_main, "lan|dhcp|ndp on|off",
	  "enable or disable an allowance" },
	{ "flush", flush_main, "",
	  "forget endpoints and tunnels; armed state unchanged" },
	{ "load", load_main, "FILE",
	  "apply the whole policy of a config file (- for stdin)" },
	{ "show-config", show_config_main, "",
	  "print the running policy as a config file" },
	{ "import", import_main, "[--dry-run] FILE",
	  "add the servers of an OpenVPN or WireGuard config" },
	{ "monitor", monitor_main, "[-j]",
	  "print each packet the module blocks, as it happens" },
	{ "audit", audit_main, "[--iface IFACE...] [--duration SECONDS] [-j]",
	  "watch what leaves the physical interfaces for leaks" },
};

void lc_err(const char *fmt, ...)
{
	char *line, *p;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&line, fmt, ap);
	va_end(ap);
	if (n < 0) {
		fprintf(stderr, "%s: %s\n", PROG_NAME, fmt);
		return;
	}
	/* an argument with a newline must not break the one-line promise */
	for (p = line; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	fprintf(stderr, "%s: %s\n", PROG_NAME, line);
	free(line);
}

int lc_flush_stdout(const char *cmd, const char *what)
{
	if (!fflush(stdout) && !ferror(stdout))
		return 0;
	lc_err("%s: cannot write %s: %s", cmd, what, strerror(errno));
	return -1;
}

static void usage(FILE *f)
{
	size_t i;
	char synopsis[64];

	fprintf(f, "Usage: %s [-j] COMMAND [ARGS...]\n\n", PROG_NAME);
	fputs("Commands:\n", f);
	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		snprintf(synopsis, sizeof(synopsis), "%s%s%s",
			 commands[i].name, commands[i].args[0] ? " " : "",
			 commands[i].args);
		/* a long synopsis takes a line of its own */
		if (strlen(synopsis) > 26)
			fprintf(f, "  %s\n  %-26s %s\n", synopsis, "",
				commands[i].help);
		else
			fprintf(f, "  %-26s %s\n", synopsis,
				commands[i].help);
	}
	fputs("\n"
	      "ENDPOINT := ADDR | ADDR:PORT | [ADDR6] | [ADDR6]:PORT,\n"
	      "            optionally followed by /udp or /tcp\n"
	      "            (no port: any port; no /proto: any protocol);\n"
	      "            a hostname resolves to all its addresses\n"
	      "\n"
	      "A config file (" CONFIG_PATH ") holds one\n"
	      "directive a line: armed yes|no, allow dhcp|ndp|lan on|off,\n"
	      "tunnel IFNAME..., endpoint ENDPOINT...; # starts a comment.\n"
	      "What it does not say takes the defaults: armed yes, dhcp on,\n"
	      "ndp on, lan off, no tunnels, no endpoints.\n"
	      "\n"
	      "Options:\n"
	      "  -j          print JSON: status as one line, monitor and\n"
	      "              audit one line per event\n"
	      "  -h, --help  print this help\n", f);
}

int cmd_usage(const char *cmd)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(cmd, commands[i].name))
			fprintf(stderr, "Usage: %s %s%s%s\n", PROG_NAME, cmd,
				commands[i].args[0] ? " " : "",
				commands[i].args);
	return 1;
}

int main(int argc, char **argv)
{
	int i = 1;
	size_t c;

	/*
	 * Options come before the command: an argument such as "-1" after
	 * it is the command's own (and rejected there).
	 */
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		}
		if (strcmp(argv[i], "-j")) {
			lc_err("invalid option `%s'", argv[i]);
			usage(stderr);
			return 1;
		}
		opt_json = true;
	}
	if (i == argc) {
		usage(stderr);
		return 1;
	}

	for (c = 0; c < ARRAY_SIZE(commands); c++)
		if (!strcmp(argv[i], commands[c].name))
			return commands[c].fn(argc - i, argv + i);

	lc_err("invalid command `%s'", argv[i]);
	usage(stderr);
	return 1;
}
