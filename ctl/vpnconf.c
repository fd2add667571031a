// SPDX-License-Identifier: GPL-2.0
/*
 * OpenVPN: each `remote HOST [PORT [PROTO]]' is a server, with the port and
 * protocol of its connection where it names none, as OpenVPN itself does
 * (options.c): a <connection> block starts from the top level's `proto',
 * `port' and `rport' as they stand at the block, a top-level remote takes
 * their final values, and once there is a <connection> block the top-level
 * remotes are not used at all. Other inline blocks (<ca>, <tls-crypt>...)
 * hold data, not directives.
 *
 * WireGuard: the `Endpoint = HOST:PORT' of each [Peer], always UDP.
 *
 * Only the lines that name a server are checked: the rest is the VPN's
 * business, and its own parser will say what it dislikes.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "vpnconf.h"
#include "util.h"

/* OpenVPN's defaults */
#define OVPN_PORT 1194
#define OVPN_PROTO IPPROTO_UDP

static const struct {
	const char *name;
	uint8_t proto;
	uint8_t family;		/* 0: either */
} ovpn_protos[] = {
	{ "udp", IPPROTO_UDP, 0 },
	{ "udp4", IPPROTO_UDP, AF_INET },
	{ "udp6", IPPROTO_UDP, AF_INET6 },
	{ "tcp", IPPROTO_TCP, 0 },
	{ "tcp4", IPPROTO_TCP, AF_INET },
	{ "tcp6", IPPROTO_TCP, AF_INET6 },
	{ "tcp-client", IPPROTO_TCP, 0 },
	{ "tcp4-client", IPPROTO_TCP, AF_INET },
	{ "tcp6-client", IPPROTO_TCP, AF_INET6 },
};

/* OpenVPN's connection entry, as far as it concerns the server. */
struct ovpn_ce {
	const char *host;	/* NULL: no remote yet */
	unsigned int line;	/* of the remote */
	uint16_t port;		/* 0: not given */
	uint8_t proto;		/* 0: not given */
	uint8_t family;		/* 0: either */
};

struct ovpn {
	struct vpn_config *vc;
	struct text_err *err;
	struct ovpn_ce top;		/* the top level's port and protocol */
	struct ovpn_ce *remotes;	/* the top level's remotes */
	size_t nremotes, cap;
	struct ovpn_ce conn;		/* the <connection> being read */
	unsigned int conn_line;		/* where it opened; 0: none open */
	size_t nconns;
};

static int add(struct vpn_config *vc, const struct endpoint_arg *pa,
	       unsigned int line, struct text_err *err)
{
	if (vc->n == vc->cap) {
		size_t cap = vc->cap ? 2 * vc->cap : 8;
		struct vpn_endpoint *v = realloc(vc->v, cap * sizeof(*v));

		if (!v) {
			text_error(err, line, "%s", strerror(ENOMEM));
			return -1;
		}
		vc->v = v;
		vc->cap = cap;
	}
	vc->v[vc->n].arg = *pa;
	vc->v[vc->n].line = line;
	vc->n++;
	return 0;
}

static int host_error(struct text_err *err, unsigned int line,
		      const char *host, int ret)
{
	text_error(err, line, "invalid %s `%s': %s", endpoint_err_what(ret),
		   host, endpoint_err_why(ret));
	return -1;
}

/*
 * The next word of *p as OpenVPN's parse_line() reads it, unescaped in
 * place: "double quotes" (in which \\ and \" escape), 'single quotes', or
 * plain, where \\, \" and "\ " escape; '#' or ';' where a word would start
 * begins a comment. 1, 0 at the end of the line, -1 with err set.
 */
static int ovpn_word(char **p, char **word, unsigned int line,
		     struct text_err *err)
{
	char *r = *p, *w, quote = 0, c;

	while (text_space(*r))
		r++;
	if (!*r || *r == '#' || *r == ';')
		return 0;
	*word = w = r;
	if (*r == '"' || *r == '\'')
		quote = *r++;
	for (;;) {
		c = *r;
		if (!c) {
			if (!quote)
				break;
			text_error(err, line, "no closing %c", quote);
			return -1;
		}
		r++;
		if (quote ? c == quote : text_space(c))
			break;
		if (c == '\\' && quote != '\'') {
			c = *r;
			if (c != '\\' && c != '"' && !text_space(c)) {
				text_error(err, line,
					   "bad backslash: only \\\\, \\\" and \"\\ \" escape");
				return -1;
			}
			r++;
		}
		*w++ = c;
	}
	/* never past r: a word is no longer than what it was read from */
	*w = '\0';
	*p = r;
	return 1;
}

/* The rest of the line's words into w[1..]: their count, or -1. */
static int ovpn_args(char *p, char **w, int max, unsigned int line,
		     struct text_err *err)
{
	int n = 1, ret;
	char *word;

	while ((ret = ovpn_word(&p, &word, line, err)) > 0) {
		if (n < max)
			w[n] = word;
		n++;
	}
	return ret < 0 ? -1 : n;
}

static int ovpn_port(struct ovpn *o, const char *s, unsigned int line,
		     uint16_t *port)
{
	if (endpoint_parse_port(s, port)) {
		text_error(o->err, line, "invalid port `%s': must be 1..65535",
			   s);
		return -1;
	}
	return 0;
}

static int ovpn_proto(struct ovpn *o, const char *s, unsigned int line,
		      struct ovpn_ce *ce)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ovpn_protos); i++) {
		if (strcmp(s, ovpn_protos[i].name))
			continue;
		ce->proto = ovpn_protos[i].proto;
		ce->family = ovpn_protos[i].family;
		return 0;
	}
	if (strstr(s, "-server"))
		text_error(o->err, line,
			   "invalid protocol `%s': a server's, and import reads a client's config",
			   s);
	else
		text_error(o->err, line,
			   "invalid protocol `%s': must be udp, tcp or tcp-client, with 4 or 6 after udp or tcp for one family",
			   s);
	return -1;
}

/* connection_entry_load_re(): a remote's own port and protocol win. */
static void load_remote(struct ovpn_ce *ce, const struct ovpn_ce *re)
{
	ce->host = re->host;
	ce->line = re->line;
	if (re->port)
		ce->port = re->port;
	if (re->proto)
		ce->proto = re->proto;
	if (re->family)
		ce->family = re->family;
}

static int ovpn_remote(struct ovpn *o, char **w, int n, unsigned int line)
{
	struct ovpn_ce re = { .host = w[1], .line = line };
	struct endpoint_arg pa;
	int ret;

	if (n < 2) {
		text_error(o->err, line,
			   "missing argument: `remote HOST [PORT [PROTO]]'");
		return -1;
	}
	if (n > 4) {
		text_error(o->err, line,
			   "unexpected argument `%s': `remote HOST [PORT [PROTO]]'",
			   w[4]);
		return -1;
	}
	ret = endpoint_parse_host(w[1], &pa);
	if (ret)
		return host_error(o->err, line, w[1], ret);
	if (n > 2 && ovpn_port(o, w[2], line, &re.port))
		return -1;
	if (n > 3 && ovpn_proto(o, w[3], line, &re))
		return -1;

	if (o->conn_line) {
		/* the last remote of a block is the one OpenVPN uses */
		load_remote(&o->conn, &re);
		return 0;
	}
	if (o->nremotes == o->cap) {
		size_t cap = o->cap ? 2 * o->cap : 8;
		struct ovpn_ce *v = realloc(o->remotes, cap * sizeof(*v));

		if (!v) {
			text_error(o->err, line, "%s", strerror(ENOMEM));
			return -1;
		}
		o->remotes = v;
		o->cap = cap;
	}
	o->remotes[o->nremotes++] = re;
	return 0;
}

/* A finished connection entry becomes an endpoint. */
static int ovpn_add(struct ovpn *o, const struct ovpn_ce *ce)
{
	struct endpoint_arg pa;

	/* checked when its line was read */
	endpoint_parse_host(ce->host, &pa);
	pa.ep.port = ce->port ? ce->port : OVPN_PORT;
	pa.ep.proto = ce->proto ? ce->proto : OVPN_PROTO;
	if (ce->family && pa.host[0]) {
		pa.ep.family = ce->family;
	} else if (ce->family && pa.ep.family != ce->family) {
		text_error(o->err, ce->line,
			   "invalid endpoint `%s': not an %s address, which its protocol asks for",
			   ce->host, ce->family == AF_INET ? "IPv4" : "IPv6");
		return -1;
	}
	return add(o->vc, &pa, ce->line, o->err);
}

/* <tag> alone on a line opens an inline block; tag is its name. */
static bool ovpn_tag(const char *w, const char **tag, size_t *len)
{
	size_t n = strlen(w);

	if (n < 3 || w[0] != '<' || w[n - 1] != '>' || w[1] == '/')
		return false;
	*tag = w + 1;
	*len = n - 2;
	return true;
}

/* Whether s, after leading space, starts with </tag> (as OpenVPN checks). */
static bool ovpn_closes(const char *s, const char *tag, size_t len)
{
	while (text_space(*s))
		s++;
	return s[0] == '<' && s[1] == '/' && !strncmp(s + 2, tag, len) &&
	       s[2 + len] == '>';
}

/* Skips an inline block of data up to its closing tag. */
static int ovpn_skip(struct text *t, const char *tag, size_t len,
		     struct text_err *err)
{
	unsigned int open = t->line;
	char *s;
	int ret;

	while ((ret = text_next(t, &s, err)) > 0)
		if (ovpn_closes(s, tag, len))
			return 0;
	if (!ret)
		text_error(err, open, "<%.*s> is never closed by </%.*s>",
			   (int)len, tag, (int)len, tag);
	return -1;
}

static int ovpn_line(struct ovpn *o, struct text *t, char *s)
{
	unsigned int line = t->line;
	const char *name, *tag, *arg;
	char *p = s, *w[5];
	size_t len;
	int n, ret;

	if (o->conn_line && ovpn_closes(s, "connection", 10)) {
		if (!o->conn.host) {
			text_error(o->err, o->conn_line,
				   "<connection> without a remote");
			return -1;
		}
		o->conn_line = 0;
		o->nconns++;
		return ovpn_add(o, &o->conn);
	}

	ret = ovpn_word(&p, &w[0], line, o->err);
	if (ret <= 0)
		return ret;
	name = w[0];
	/* OpenVPN reads "--remote" in a file as "remote" */
	if (strlen(name) > 2 && !strncmp(name, "--", 2))
		name += 2;

	if (ovpn_tag(name, &tag, &len)) {
		if (ovpn_word(&p, &w[1], line, o->err))
			return 0;	/* not alone: no block, none of ours */
		if (len != 10 || strncmp(tag, "connection", 10))
			return ovpn_skip(t, tag, len, o->err);
		if (o->conn_line) {
			text_error(o->err, line,
				   "<connection> inside the <connection> of line %u",
				   o->conn_line);
			return -1;
		}
		o->conn = o->top;
		o->conn.host = NULL;
		o->conn_line = line;
		return 0;
	}

	if (strcmp(name, "remote") && strcmp(name, "proto") &&
	    strcmp(name, "port") && strcmp(name, "rport"))
		return 0;
	n = ovpn_args(p, w, ARRAY_SIZE(w), line, o->err);
	if (n < 0)
		return -1;
	if (!strcmp(name, "remote"))
		return ovpn_remote(o, w, n, line);
	if (n != 2) {
		arg = strcmp(name, "proto") ? "PORT" : "PROTO";
		if (n < 2)
			text_error(o->err, line, "missing argument: `%s %s'",
				   name, arg);
		else
			text_error(o->err, line,
				   "unexpected argument `%s': `%s %s'", w[2],
				   name, arg);
		return -1;
	}
	if (!strcmp(name, "proto"))
		return ovpn_proto(o, w[1], line,
				  o->conn_line ? &o->conn : &o->top);
	return ovpn_port(o, w[1], line,
			 o->conn_line ? &o->conn.port : &o->top.port);
}

static int parse_openvpn(struct text *t, struct vpn_config *vc,
			 struct text_err *err)
{
	struct ovpn o = { .vc = vc, .err = err };
	struct ovpn_ce ce;
	size_t i;
	char *s;
	int ret;

	while ((ret = text_next(t, &s, err)) > 0)
		if (ovpn_line(&o, t, s))
			goto out;
	if (ret < 0)
		goto out;
	ret = -1;
	if (o.conn_line) {
		text_error(err, o.conn_line,
			   "<connection> is never closed by </connection>");
		goto out;
	}
	/* with <connection> blocks, OpenVPN ignores top-level remotes */
	for (i = 0; !o.nconns && i < o.nremotes; i++) {
		ce = o.top;
		load_remote(&ce, &o.remotes[i]);
		if (ovpn_add(&o, &ce))
			goto out;
	}
	if (!vc->n) {
		text_error(err, 0, "no `remote' in this OpenVPN config");
		goto out;
	}
	ret = 0;
out:
	free(o.remotes);
	return ret ? -1 : 0;
}

/* The last Endpoint of a [Peer] is the one wg uses. */
struct wg_peer {
	bool has;
	struct endpoint_arg pa;
	unsigned int line;
};

/* wg(8) drops every space of a line before it reads it. */
static char *squeeze(char *s)
{
	char *r, *w;

	for (r = w = s; *r; r++)
		if (!text_space(*r))
			*w++ = *r;
	*w = '\0';
	return s;
}

static int wg_endpoint(char *value, unsigned int line, struct wg_peer *peer,
		       struct text_err *err)
{
	int ret;

	squeeze(value);

	if (strchr(value, '/')) {
		text_error(err, line,
			   "invalid endpoint `%s': WireGuard's has no protocol, it is UDP",
			   value);
		return -1;
	}
	ret = endpoint_parse(value, &peer->pa);
	if (ret)
		return host_error(err, line, value, ret);
	if (!peer->pa.ep.port) {
		text_error(err, line,
			   "invalid endpoint `%s': WireGuard's needs a port, HOST:PORT",
			   value);
		return -1;
	}
	peer->pa.ep.proto = IPPROTO_UDP;
	peer->line = line;
	peer->has = true;
	return 0;
}

static int parse_wireguard(struct text *t, struct vpn_config *vc,
			   struct text_err *err)
{
	struct wg_peer peer = { 0 };
	bool in_peer = false;
	char *s, *eq, *key;
	int ret;

	while ((ret = text_next(t, &s, err)) > 0) {
		s[strcspn(s, "#")] = '\0';
		s = text_trim(s);
		if (s[0] == '[') {
			squeeze(s);
			if (peer.has && add(vc, &peer.pa, peer.line, err))
				return -1;
			peer.has = false;
			in_peer = !strcasecmp(s, "[Peer]");
			if (!in_peer && strcasecmp(s, "[Interface]")) {
				text_error(err, t->line,
					   "unknown section `%s': must be [Interface] or [Peer]",
					   s);
				return -1;
			}
			continue;
		}
		eq = strchr(s, '=');
		if (!eq)
			continue;
		*eq = '\0';
		key = text_trim(s);
		if (strcasecmp(key, "Endpoint"))
			continue;
		if (!in_peer) {
			text_error(err, t->line,
				   "`Endpoint' outside a [Peer] section");
			return -1;
		}
		if (wg_endpoint(eq + 1, t->line, &peer, err))
			return -1;
	}
	if (ret < 0)
		return -1;
	if (peer.has && add(vc, &peer.pa, peer.line, err))
		return -1;
	if (!vc->n) {
		text_error(err, 0,
			   "no `Endpoint =' in any [Peer] of this WireGuard config");
		return -1;
	}
	return 0;
}

/* Whether the first line that is no comment opens a [Section]. */
static bool is_wireguard(const char *s)
{
	for (;;) {
		while (text_space(*s) || *s == '\n')
			s++;
		if (*s != '#' && *s != ';')
			return *s == '[';
		s = strchr(s, '\n');
		if (!s)
			return false;
	}
}

int vpn_config_parse(const char *data, size_t len, struct vpn_config *vc,
		     struct text_err *err)
{
	struct text t;
	int ret;

	memset(vc, 0, sizeof(*vc));
	/* no line limit: a WireGuard AllowedIPs line may be long */
	if (text_open(&t, data, len, 0, err))
		return -1;
	if (is_wireguard(t.buf)) {
		vc->format = VPN_WIREGUARD;
		ret = parse_wireguard(&t, vc, err);
	} else {
		vc->format = VPN_OPENVPN;
		ret = parse_openvpn(&t, vc, err);
	}
	text_close(&t);
	if (ret)
		vpn_config_free(vc);
	return ret;
}

void vpn_config_free(struct vpn_config *vc)
{
	free(vc->v);
	memset(vc, 0, sizeof(*vc));
}
