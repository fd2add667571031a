// SPDX-License-Identifier: GPL-2.0
/*
 * One directive per line, its arguments separated by spaces or tabs. A
 * comment starts with '#' at the start of a word, so "wg#1" is a name and
 * not a comment: a word never runs into one unnoticed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/leakblock.h>

#include "config.h"
#include "endpoint.h"
#include "util.h"

/* The words of one line. */
struct line {
	unsigned int no;
	char *w[CONFIG_LINE_MAX / 2 + 1];
	size_t n;
};

/* Where each setting that may only be made once was made. */
struct seen {
	unsigned int armed;
	unsigned int allow[32];		/* by bit number */
};

struct directive {
	const char *name;
	const char *args;	/* the usage, as in `leakctl --help' */
	size_t min, max;	/* arguments */
	int (*fn)(struct config *cfg, struct seen *seen,
		  const struct line *l, struct text_err *err);
};

static int parse_armed(struct config *cfg, struct seen *seen,
		       const struct line *l, struct text_err *err)
{
	if (seen->armed) {
		text_error(err, l->no, "duplicate `armed': already set on line %u",
			   seen->armed);
		return -1;
	}
	if (!strcmp(l->w[1], "yes")) {
		cfg->armed = true;
	} else if (!strcmp(l->w[1], "no")) {
		cfg->armed = false;
	} else {
		text_error(err, l->no, "invalid value `%s': must be yes or no",
			   l->w[1]);
		return -1;
	}
	seen->armed = l->no;
	return 0;
}

static int parse_allow(struct config *cfg, struct seen *seen,
		       const struct line *l, struct text_err *err)
{
	uint32_t bit = allowance_bit(l->w[1]);
	unsigned int *where;

	if (!bit) {
		text_error(err, l->no,
			   "invalid allowance `%s': must be dhcp, ndp or lan",
			   l->w[1]);
		return -1;
	}
	where = &seen->allow[__builtin_ctz(bit)];
	if (*where) {
		text_error(err, l->no,
			   "duplicate `allow %s': already set on line %u",
			   l->w[1], *where);
		return -1;
	}
	if (!strcmp(l->w[2], "on")) {
		cfg->allow |= bit;
	} else if (!strcmp(l->w[2], "off")) {
		cfg->allow &= ~bit;
	} else {
		text_error(err, l->no, "invalid state `%s': must be on or off",
			   l->w[2]);
		return -1;
	}
	*where = l->no;
	return 0;
}

/* Each name once, at its first line, so that the limit counts names. */
static int parse_tunnel(struct config *cfg, struct seen *seen,
			const struct line *l, struct text_err *err)
{
	struct config_tunnel *ct;
	struct tunnel t;
	size_t i, j;

	(void)seen;
	for (i = 1; i < l->n; i++) {
		if (tunnel_parse(l->w[i], &t)) {
			text_error(err, l->no, "invalid tunnel name `%s'",
				   l->w[i]);
			return -1;
		}
		for (j = 0; j < cfg->ntunnels; j++)
			if (!strcmp(cfg->tunnels[j].t.name, t.name) &&
			    cfg->tunnels[j].t.flags == t.flags)
				break;
		if (j < cfg->ntunnels)
			continue;
		if (cfg->ntunnels == LEAKBLOCK_MAX_TUNNELS) {
			text_error(err, l->no,
				   "too many tunnel names at `%s': at most %d",
				   l->w[i], LEAKBLOCK_MAX_TUNNELS);
			return -1;
		}
		ct = &cfg->tunnels[cfg->ntunnels++];
		ct->t = t;
		ct->w.text = l->w[i];
		ct->w.line = l->no;
	}
	return 0;
}

static int parse_endpoint(struct config *cfg, struct seen *seen,
			  const struct line *l, struct text_err *err)
{
	struct endpoint_arg pa;
	size_t i;
	int ret;

	(void)seen;
	for (i = 1; i < l->n; i++) {
		ret = endpoint_parse(l->w[i], &pa);
		if (ret) {
			text_error(err, l->no, "invalid %s `%s': %s",
				   endpoint_err_what(ret), l->w[i],
				   endpoint_err_why(ret));
			return -1;
		}
		if (cfg->nendpoints == cfg->endpoints_cap) {
			size_t cap = cfg->endpoints_cap ?
				     2 * cfg->endpoints_cap : 16;
			struct config_word *v;

			v = realloc(cfg->endpoints, cap * sizeof(*v));
			if (!v) {
				text_error(err, l->no, "%s", strerror(ENOMEM));
				return -1;
			}
			cfg->endpoints = v;
			cfg->endpoints_cap = cap;
		}
		cfg->endpoints[cfg->nendpoints].text = l->w[i];
		cfg->endpoints[cfg->nendpoints].line = l->no;
		cfg->nendpoints++;
	}
	return 0;
}

static const struct directive directives[] = {
	{ "armed", "yes|no", 1, 1, parse_armed },
	{ "allow", "dhcp|ndp|lan on|off", 2, 2, parse_allow },
	{ "tunnel", "IFNAME...", 1, SIZE_MAX, parse_tunnel },
	{ "endpoint", "ENDPOINT...", 1, SIZE_MAX, parse_endpoint },
};

/* Cuts s into words in place, up to a comment. */
static void split(char *s, struct line *l)
{
	l->n = 0;
	for (;;) {
		while (text_space(*s))
			s++;
		if (!*s || *s == '#')
			return;
		l->w[l->n++] = s;
		while (*s && !text_space(*s))
			s++;
		if (!*s)
			return;
		*s++ = '\0';
	}
}

static int parse_line(struct config *cfg, struct seen *seen,
		      const struct line *l, struct text_err *err)
{
	const struct directive *d = NULL;
	size_t i, nargs = l->n - 1;

	for (i = 0; i < ARRAY_SIZE(directives); i++)
		if (!strcmp(l->w[0], directives[i].name))
			d = &directives[i];
	if (!d) {
		text_error(err, l->no,
			   "unknown directive `%s': must be armed, allow, tunnel or endpoint",
			   l->w[0]);
		return -1;
	}
	if (nargs < d->min) {
		text_error(err, l->no, "missing argument: `%s %s'", d->name,
			   d->args);
		return -1;
	}
	if (nargs > d->max) {
		text_error(err, l->no, "unexpected argument `%s': `%s %s'",
			   l->w[d->max + 1], d->name, d->args);
		return -1;
	}
	return d->fn(cfg, seen, l, err);
}

int config_parse(const char *data, size_t len, struct config *cfg,
		 struct text_err *err)
{
	struct seen seen = { 0 };
	struct line *l;
	char *s;
	int ret;

	memset(cfg, 0, sizeof(*cfg));
	cfg->armed = true;
	cfg->allow = LEAKBLOCK_ALLOW_DHCP | LEAKBLOCK_ALLOW_NDP;

	/* a line's words and the tunnel names, too large for the stack */
	l = malloc(sizeof(*l));
	cfg->tunnels = calloc(LEAKBLOCK_MAX_TUNNELS, sizeof(*cfg->tunnels));
	if (!l || !cfg->tunnels) {
		free(l);
		free(cfg->tunnels);
		cfg->tunnels = NULL;
		text_error(err, 0, "%s", strerror(ENOMEM));
		return -1;
	}
	if (text_open(&cfg->text, data, len, CONFIG_LINE_MAX, err))
		goto err;
	while ((ret = text_next(&cfg->text, &s, err)) > 0) {
		split(s, l);
		l->no = cfg->text.line;
		if (l->n && parse_line(cfg, &seen, l, err))
			goto err;
	}
	if (ret < 0)
		goto err;
	free(l);
	return 0;
err:
	free(l);
	config_free(cfg);
	return -1;
}

void config_free(struct config *cfg)
{
	free(cfg->tunnels);
	free(cfg->endpoints);
	text_close(&cfg->text);
	memset(cfg, 0, sizeof(*cfg));
}

const struct tunnel *config_unwritable(const struct lb_status *st)
{
	size_t i;

	for (i = 0; i < st->ntunnels; i++)
		if (st->tunnels[i].name[0] == '#')
			return &st->tunnels[i];
	return NULL;
}

void config_print(FILE *f, const struct lb_status *st)
{
	char buf[ENDPOINT_STRLEN];
	size_t i;

	fputs("# leakblock policy, as running (leakctl show-config)\n", f);
	fprintf(f, "armed %s\n", st->armed ? "yes" : "no");
	for (i = 0; i < nallowances; i++)
		fprintf(f, "allow %s %s\n", allowances[i].name,
			st->allow.value & allowances[i].bit ? "on" : "off");
	if (st->ntunnels) {
		fputs("tunnel", f);
		for (i = 0; i < st->ntunnels; i++)
			fprintf(f, " %s", tunnel_format(&st->tunnels[i], buf));
		fputs("\n", f);
	}
	for (i = 0; i < st->nendpoints; i++)
		fprintf(f, "endpoint %s\n",
			endpoint_format(&st->endpoints[i], buf, sizeof(buf)));
}
