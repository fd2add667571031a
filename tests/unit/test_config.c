// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the configuration file: its parser, its printer and the
 * round trip between them (show-config, then load), and checks that the
 * man page and the bash completion know every command of leakctl.c.
 */
#define _GNU_SOURCE
#include <check.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/leakblock.h>

#include "../../ctl/config.h"
#include "../../ctl/endpoint.h"
#include "../../ctl/ifname.h"
#include "../../ctl/util.h"
#include "../../ctl/show.h"
#include "unit.h"

static void parse_ok(const char *s, struct config *cfg)
{
	struct text_err err = { 0 };
	int ret = config_parse(s, strlen(s), cfg, &err);

	ck_assert_msg(ret == 0, "line %u: %s", err.line, err.msg);
}

static void assert_word(const struct config_word *w, const char *text,
			unsigned int line)
{
	ck_assert_str_eq(w->text, text);
	ck_assert_uint_eq(w->line, line);
}

START_TEST(test_example)
{
	struct config cfg;

	parse_ok("# leakblock policy\n"
		 "armed yes\n"
		 "allow dhcp on\n"
		 "allow ndp on\n"
		 "allow lan off\n"
		 "tunnel wg0 tun+\n"
		 "endpoint 203.0.113.1:51820/udp\n"
		 "endpoint [2001:db8::1]:443/tcp vpn.example.com:1194/udp\n",
		 &cfg);
	ck_assert(cfg.armed);
	ck_assert_uint_eq(cfg.allow, LEAKBLOCK_ALLOW_DHCP | LEAKBLOCK_ALLOW_NDP);
	ck_assert_uint_eq(cfg.ntunnels, 2);
	ck_assert_str_eq(cfg.tunnels[0].t.name, "wg0");
	ck_assert_uint_eq(cfg.tunnels[0].t.flags, 0);
	assert_word(&cfg.tunnels[0].w, "wg0", 6);
	ck_assert_str_eq(cfg.tunnels[1].t.name, "tun");
	ck_assert_uint_eq(cfg.tunnels[1].t.flags, LEAKBLOCK_TUNNEL_F_PREFIX);
	assert_word(&cfg.tunnels[1].w, "tun+", 6);
	ck_assert_uint_eq(cfg.nendpoints, 3);
	assert_word(&cfg.endpoints[0], "203.0.113.1:51820/udp", 7);
	assert_word(&cfg.endpoints[1], "[2001:db8::1]:443/tcp", 8);
	assert_word(&cfg.endpoints[2], "vpn.example.com:1194/udp", 8);
	config_free(&cfg);
	ck_assert_ptr_null(cfg.tunnels);
	ck_assert_ptr_null(cfg.endpoints);
}
END_TEST

/* What the file does not say is the fail-closed default. */
START_TEST(test_defaults)
{
	static const char *const empty[] = {
		"", "\n", "# nothing\n", "   \t\n\n  # indented\n",
		"\r\n", "\xef\xbb\xbf",
	};
	struct config cfg;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(empty); i++) {
		parse_ok(empty[i], &cfg);
		ck_assert(cfg.armed);
		ck_assert_uint_eq(cfg.allow,
				  LEAKBLOCK_ALLOW_DHCP | LEAKBLOCK_ALLOW_NDP);
		ck_assert_uint_eq(cfg.ntunnels, 0);
		ck_assert_uint_eq(cfg.nendpoints, 0);
		config_free(&cfg);
	}

	/* one allowance said, the others keep their defaults */
	parse_ok("allow lan on\n", &cfg);
	ck_assert(cfg.armed);
	ck_assert_uint_eq(cfg.allow, __LEAKBLOCK_ALLOW_ALL);
	config_free(&cfg);
	parse_ok("armed no\nallow dhcp off", &cfg);
	ck_assert(!cfg.armed);
	ck_assert_uint_eq(cfg.allow, LEAKBLOCK_ALLOW_NDP);
	config_free(&cfg);
}
END_TEST

START_TEST(test_layout)
{
	struct config cfg;

	/* spaces, tabs, CRLF, a BOM, comments after a space, no last LF */
	parse_ok("\xef\xbb\xbf  \tarmed\tno   # not yet\r\n"
		 "#armed yes\n"
		 "allow  lan   on\r\n"
		 "tunnel wg0 # tun+\n"
		 "  endpoint\t198.51.100.7 \t [2001:db8::5]:53/UDP \t\v\f\n"
		 "tunnel wg#1",
		 &cfg);
	ck_assert(!cfg.armed);
	ck_assert_uint_eq(cfg.allow, __LEAKBLOCK_ALLOW_ALL);
	ck_assert_uint_eq(cfg.ntunnels, 2);
	assert_word(&cfg.tunnels[0].w, "wg0", 4);
	/* '#' within a word is part of it */
	ck_assert_str_eq(cfg.tunnels[1].t.name, "wg#1");
	assert_word(&cfg.tunnels[1].w, "wg#1", 6);
	ck_assert_uint_eq(cfg.nendpoints, 2);
	assert_word(&cfg.endpoints[0], "198.51.100.7", 5);
	assert_word(&cfg.endpoints[1], "[2001:db8::5]:53/UDP", 5);
	config_free(&cfg);
}
END_TEST

/*
 * Tunnel names each once, in the order first written, from their first
 * line; endpoints as written (the command deduplicates after resolving).
 */
START_TEST(test_repeats)
{
	struct config cfg;

	parse_ok("tunnel tun+ wg0\n"
		 "endpoint 192.0.2.1\n"
		 "tunnel eth9 wg0 tun tun+\n"
		 "endpoint 192.0.2.1 192.0.2.1:53\n",
		 &cfg);
	ck_assert_uint_eq(cfg.ntunnels, 4);
	assert_word(&cfg.tunnels[0].w, "tun+", 1);
	assert_word(&cfg.tunnels[1].w, "wg0", 1);
	assert_word(&cfg.tunnels[2].w, "eth9", 3);
	/* "tun" is not "tun+" */
	assert_word(&cfg.tunnels[3].w, "tun", 3);
	ck_assert_uint_eq(cfg.tunnels[3].t.flags, 0);
	ck_assert_uint_eq(cfg.nendpoints, 3);
	assert_word(&cfg.endpoints[0], "192.0.2.1", 2);
	assert_word(&cfg.endpoints[1], "192.0.2.1", 4);
	assert_word(&cfg.endpoints[2], "192.0.2.1:53", 4);
	config_free(&cfg);
}
END_TEST

/* Rejected files: the line and the message, exactly. */
static const struct {
	const char *in;
	unsigned int line;
	const char *msg;
} bad[] = {
	{ "armed maybe", 1, "invalid value `maybe': must be yes or no" },
	{ "armed YES", 1, "invalid value `YES': must be yes or no" },
	{ "armed", 1, "missing argument: `armed yes|no'" },
	{ "armed # yes", 1, "missing argument: `armed yes|no'" },
	{ "armed yes no", 1, "unexpected argument `no': `armed yes|no'" },
	{ "armed yes\n\narmed yes\n", 3,
	  "duplicate `armed': already set on line 1" },
	{ "allow lan", 1, "missing argument: `allow dhcp|ndp|lan on|off'" },
	{ "allow lan on off", 1,
	  "unexpected argument `off': `allow dhcp|ndp|lan on|off'" },
	{ "allow wan on", 1,
	  "invalid allowance `wan': must be dhcp, ndp or lan" },
	{ "allow lan yes", 1, "invalid state `yes': must be on or off" },
	{ "allow lan on\nallow dhcp off\n# x\nallow lan off\n", 4,
	  "duplicate `allow lan': already set on line 1" },
	{ "tunnel", 1, "missing argument: `tunnel IFNAME...'" },
	{ "tunnel wg0 a/b", 1, "invalid tunnel name `a/b'" },
	{ "tunnel abcdefghijklmnop", 1,
	  "invalid tunnel name `abcdefghijklmnop'" },
	{ "tunnel +", 1, "invalid tunnel name `+'" },
	{ "endpoint", 1, "missing argument: `endpoint ENDPOINT...'" },
	{ "# x\n\n\n\n\narmed yes\nendpoint 1.2.3.999\n", 7,
	  "invalid endpoint `1.2.3.999': not an IPv4 address" },
	{ "endpoint 1.2.3.4 1.2.3.4:0", 1,
	  "invalid port in `1.2.3.4:0': must be 1..65535" },
	{ "endpoint 224.0.0.1", 1,
	  "invalid endpoint `224.0.0.1': an endpoint must be a unicast address" },
	{ "endpoint 1.2.3.4#x", 1,
	  "invalid endpoint `1.2.3.4#x': not an IP address or a hostname" },
	{ "endpoint 1.2.3.4/icmp", 1,
	  "invalid protocol in `1.2.3.4/icmp': must be udp or tcp" },
	{ "Armed yes", 1,
	  "unknown directive `Armed': must be armed, allow, tunnel or endpoint" },
	{ "armed yes\nendpoints 1.2.3.4", 2,
	  "unknown directive `endpoints': must be armed, allow, tunnel or endpoint" },
	/* a byte order mark is skipped at the start of the file only */
	{ "armed yes\n\357\273\277armed no", 2,
	  "unknown directive `\357\273\277armed': must be armed, allow, tunnel or endpoint" },
};

START_TEST(test_bad)
{
	struct text_err err = { 0 };
	struct config cfg;

	ck_assert_int_eq(config_parse(bad[_i].in, strlen(bad[_i].in), &cfg,
				      &err), -1);
	ck_assert_uint_eq(err.line, bad[_i].line);
	ck_assert_str_eq(err.msg, bad[_i].msg);
	/* nothing is left to free */
	ck_assert_ptr_null(cfg.tunnels);
	ck_assert_ptr_null(cfg.endpoints);
	ck_assert_ptr_null(cfg.text.buf);
}
END_TEST

START_TEST(test_bytes)
{
	static const char nul[] = "armed yes\nallow lan on\0\n";
	char line[CONFIG_LINE_MAX + 2];
	struct text_err err;
	struct config cfg;

	ck_assert_int_eq(config_parse(nul, sizeof(nul) - 1, &cfg, &err), -1);
	ck_assert_uint_eq(err.line, 2);
	ck_assert_str_eq(err.msg, "the line holds a NUL byte");

	/* the longest line is fine, one more byte is not, never cut */
	memset(line, ' ', sizeof(line));
	memcpy(line, "armed no", 8);
	line[CONFIG_LINE_MAX] = '\0';
	parse_ok(line, &cfg);
	ck_assert(!cfg.armed);
	config_free(&cfg);
	line[CONFIG_LINE_MAX] = '#';
	line[CONFIG_LINE_MAX + 1] = '\0';
	ck_assert_int_eq(config_parse(line, strlen(line), &cfg, &err), -1);
	ck_assert_uint_eq(err.line, 1);
	ck_assert_str_eq(err.msg, "the line is longer than 4096 bytes");
}
END_TEST

START_TEST(test_too_many_tunnels)
{
	char *s = NULL;
	size_t len = 0, i;
	struct text_err err;
	struct config cfg;
	FILE *f = open_memstream(&s, &len);

	ck_assert_ptr_nonnull(f);
	/* repeated names count once */
	for (i = 0; i < LEAKBLOCK_MAX_TUNNELS; i++)
		fprintf(f, "tunnel t%zu t%zu t0\n", i, i);
	fflush(f);
	parse_ok(s, &cfg);
	ck_assert_uint_eq(cfg.ntunnels, LEAKBLOCK_MAX_TUNNELS);
	assert_word(&cfg.tunnels[63].w, "t63", 64);
	config_free(&cfg);

	fputs("tunnel t5 t64 t65\n", f);
	fclose(f);
	ck_assert_int_eq(config_parse(s, len, &cfg, &err), -1);
	ck_assert_uint_eq(err.line, 65);
	ck_assert_str_eq(err.msg, "too many tunnel names at `t64': at most 64");
	free(s);
}
END_TEST

static char *print_of(const struct lb_status *st)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	config_print(f, st);
	fclose(f);
	return buf;
}

static struct tunnel sample_tunnels[] = {
	{ "wg0", 0 },
	{ "tun", LEAKBLOCK_TUNNEL_F_PREFIX },
};

static const char *const sample_endpoints[] = {
	"203.0.113.1:51820/udp",
	"198.51.100.7",
	"198.51.100.7:53",
	"[2001:db8::1]:443/tcp",
	"[2001:db8::2]/udp",
};

static void sample(struct lb_status *st, struct endpoint *eps)
{
	struct endpoint_arg pa;
	size_t i;

	memset(st, 0, sizeof(*st));
	st->armed = true;
	st->generation = 42;
	st->allow.value = LEAKBLOCK_ALLOW_NDP | LEAKBLOCK_ALLOW_LAN;
	st->allow.selector = __LEAKBLOCK_ALLOW_ALL;
	st->tunnels = sample_tunnels;
	st->ntunnels = ARRAY_SIZE(sample_tunnels);
	for (i = 0; i < ARRAY_SIZE(sample_endpoints); i++) {
		ck_assert_int_eq(endpoint_parse(sample_endpoints[i], &pa),
				 EP_OK);
		eps[i] = pa.ep;
	}
	st->endpoints = eps;
	st->nendpoints = st->endpoint_count = i;
}

START_TEST(test_print)
{
	struct endpoint eps[ARRAY_SIZE(sample_endpoints)];
	struct lb_status st;
	char *out;

	sample(&st, eps);
	out = print_of(&st);
	ck_assert_str_eq(out,
		"# leakblock policy, as running (leakctl show-config)\n"
		"armed yes\n"
		"allow dhcp off\n"
		"allow ndp on\n"
		"allow lan on\n"
		"tunnel wg0 tun+\n"
		"endpoint 203.0.113.1:51820/udp\n"
		"endpoint 198.51.100.7\n"
		"endpoint 198.51.100.7:53\n"
		"endpoint [2001:db8::1]:443/tcp\n"
		"endpoint [2001:db8::2]/udp\n");
	free(out);

	/* nothing configured: no tunnel line, which needs a name */
	memset(&st, 0, sizeof(st));
	out = print_of(&st);
	ck_assert_str_eq(out,
		"# leakblock policy, as running (leakctl show-config)\n"
		"armed no\n"
		"allow dhcp off\n"
		"allow ndp off\n"
		"allow lan off\n");
	free(out);
}
END_TEST

/* load(show-config(st)) is st: what the kernel would be set to. */
static void assert_round_trip(const struct lb_status *st)
{
	struct endpoint_arg pa;
	struct config cfg;
	char *out = print_of(st);
	size_t i;

	parse_ok(out, &cfg);
	ck_assert_int_eq(cfg.armed, st->armed);
	ck_assert_uint_eq(cfg.allow, st->allow.value & __LEAKBLOCK_ALLOW_ALL);
	ck_assert_uint_eq(cfg.ntunnels, st->ntunnels);
	for (i = 0; i < st->ntunnels; i++) {
		ck_assert_str_eq(cfg.tunnels[i].t.name, st->tunnels[i].name);
		ck_assert_uint_eq(cfg.tunnels[i].t.flags,
				  st->tunnels[i].flags);
	}
	ck_assert_uint_eq(cfg.nendpoints, st->nendpoints);
	for (i = 0; i < st->nendpoints; i++) {
		ck_assert_int_eq(endpoint_parse(cfg.endpoints[i].text, &pa),
				 EP_OK);
		ck_assert_str_eq(pa.host, "");
		ck_assert_mem_eq(&pa.ep, &st->endpoints[i], sizeof(pa.ep));
	}
	config_free(&cfg);
	free(out);
}

START_TEST(test_round_trip)
{
	struct tunnel odd[] = {
		{ "wg\"x\\", 0 }, { "a.b-c_d", LEAKBLOCK_TUNNEL_F_PREFIX },
		{ "abcdefghijklmno", LEAKBLOCK_TUNNEL_F_PREFIX }, { "...", 0 },
		{ "wg#1", 0 },
	};
	struct endpoint eps[ARRAY_SIZE(sample_endpoints)];
	struct lb_status st;

	sample(&st, eps);
	assert_round_trip(&st);

	st.armed = false;
	st.allow.value = 0;
	st.tunnels = odd;
	st.ntunnels = ARRAY_SIZE(odd);
	ck_assert_ptr_null(config_unwritable(&st));
	assert_round_trip(&st);

	memset(&st, 0, sizeof(st));
	assert_round_trip(&st);
	/* an allowance this tool does not know cannot be written */
	st.allow.value = __LEAKBLOCK_ALLOW_ALL | 0x80;
	assert_round_trip(&st);
}
END_TEST

START_TEST(test_unwritable)
{
	struct tunnel t[] = { { "wg0", 0 }, { "#wg", 0 } };
	struct lb_status st = { .tunnels = t, .ntunnels = 1 };

	ck_assert_ptr_null(config_unwritable(&st));
	st.ntunnels = 2;
	ck_assert_ptr_eq(config_unwritable(&st), &t[1]);
}
END_TEST

/* The whole text of a file of the source tree; the runner runs at its top. */
static char *slurp(const char *path)
{
	char *data;
	size_t len;

	ck_assert_msg(text_read(path, &data, &len) == 0, "cannot read %s",
		      path);
	return data;
}

struct command {
	char name[32];
	char args[64];
};

/* The names and arguments of leakctl.c's dispatch table. */
static size_t read_commands(struct command *cmds, size_t max)
{
	char *src = slurp("ctl/leakctl.c");
	char *p = strstr(src, "commands[] = {"), *end, *q;
	size_t n = 0, i;

	ck_assert_ptr_nonnull(p);
	end = strstr(p, "\n};");
	ck_assert_ptr_nonnull(end);
	*end = '\0';
	/* each entry: { "name", fn, "args", */
	while ((p = strstr(p, "\t{ \"")) && n < max) {
		p += 4;
		q = strchr(p, '"');
		ck_assert_ptr_nonnull(q);
		snprintf(cmds[n].name, sizeof(cmds[n].name), "%.*s",
			 (int)(q - p), p);
		p = strchr(q + 1, '"');
		ck_assert_ptr_nonnull(p);
		q = strchr(++p, '"');
		ck_assert_ptr_nonnull(q);
		snprintf(cmds[n].args, sizeof(cmds[n].args), "%.*s",
			 (int)(q - p), p);
		n++;
	}
	free(src);
	for (i = 0; i < n; i++)
		ck_assert_str_ne(cmds[i].name, "");
	return n;
}

/* A roff line as it reads: no font escapes, \- as -. */
static void unroff(char *s)
{
	char *r = s, *w = s;

	while (*r) {
		if (r[0] == '\\' && r[1] == 'f' && r[2]) {
			r += 3;
		} else if (r[0] == '\\' && (r[1] == '-' || r[1] == '&')) {
			if (r[1] == '-')
				*w++ = '-';
			r += 2;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

/* Every command, with exactly its arguments, heads an entry in COMMANDS. */
START_TEST(test_man_commands)
{
	struct command cmds[32];
	size_t n = read_commands(cmds, ARRAY_SIZE(cmds)), i, entries = 0;
	char *man = slurp("man/leakctl.8"), *sec, *end, *line, *next;
	char want[128];
	bool *found = calloc(n, sizeof(*found));

	ck_assert_uint_ge(n, 12);
	ck_assert_ptr_nonnull(found);
	sec = strstr(man, "\n.SH COMMANDS\n");
	ck_assert_ptr_nonnull(sec);
	end = strstr(sec + 1, "\n.SH ");
	ck_assert_ptr_nonnull(end);
	*end = '\0';

	/* the line after each .TP names a command and its arguments */
	for (line = sec; (line = strstr(line, "\n.TP\n")); line = next) {
		line += 5;
		next = strchr(line, '\n');
		ck_assert_ptr_nonnull(next);
		*next++ = '\0';
		unroff(line);
		for (i = 0; i < n; i++) {
			snprintf(want, sizeof(want), "%s%s%s", cmds[i].name,
				 cmds[i].args[0] ? " " : "", cmds[i].args);
			if (!strcmp(line, want))
				break;
		}
		ck_assert_msg(i < n, "man page: `%s' is no command of leakctl.c",
			      line);
		ck_assert_msg(!found[i], "man page: `%s' twice", line);
		found[i] = true;
		entries++;
	}
	for (i = 0; i < n; i++)
		ck_assert_msg(found[i], "man page: no entry for `%s %s'",
			      cmds[i].name, cmds[i].args);
	ck_assert_uint_eq(entries, n);
	free(found);
	free(man);
}
END_TEST

START_TEST(test_completion_commands)
{
	struct command cmds[32];
	size_t n = read_commands(cmds, ARRAY_SIZE(cmds)), i, len;
	char *sh = slurp("scripts/leakctl.bash-completion");
	char *list = strstr(sh, "commands=\""), *end, *p;

	ck_assert_ptr_nonnull(list);
	list += 10;
	end = strchr(list, '"');
	ck_assert_ptr_nonnull(end);
	*end = '\0';
	for (i = 0; i < n; i++) {
		len = strlen(cmds[i].name);
		for (p = list; (p = strstr(p, cmds[i].name)); p += len)
			if ((p == list || p[-1] == ' ') &&
			    (p[len] == ' ' || p[len] == '\0'))
				break;
		ck_assert_msg(p, "completion: no `%s'", cmds[i].name);
	}
	free(sh);
}
END_TEST

Suite *config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc;

	tc = tcase_create("parse");
	tcase_add_test(tc, test_example);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_layout);
	tcase_add_test(tc, test_repeats);
	tcase_add_loop_test(tc, test_bad, 0, ARRAY_SIZE(bad));
	tcase_add_test(tc, test_bytes);
	tcase_add_test(tc, test_too_many_tunnels);
	suite_add_tcase(s, tc);

	tc = tcase_create("print");
	tcase_add_test(tc, test_print);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_unwritable);
	suite_add_tcase(s, tc);

	tc = tcase_create("docs");
	tcase_add_test(tc, test_man_commands);
	tcase_add_test(tc, test_completion_commands);
	suite_add_tcase(s, tc);

	return s;
}
