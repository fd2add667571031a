// SPDX-License-Identifier: GPL-2.0
/*
 * ENDPOINT := ADDR | ADDR:PORT | [ADDR6] | [ADDR6]:PORT, then /udp or /tcp
 *
 * A bare IPv6 address is accepted without a port only: "2001:db8::1:53" is
 * an address, never an address and a port. Anything that is not an address
 * but looks like a hostname is handed back to be resolved by the caller.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "endpoint.h"

static const struct {
	const char *what;
	const char *why;
} errors[__EP_E_COUNT] = {
	[EP_OK]		= { "endpoint", "no error" },
	[EP_E_EMPTY]	= { "endpoint", "empty" },
	[EP_E_TOOLONG]	= { "endpoint", "too long" },
	[EP_E_NOADDR]	= { "endpoint", "no address" },
	[EP_E_V4]	= { "endpoint", "not an IPv4 address" },
	[EP_E_V6]	= { "endpoint", "not an IPv6 address" },
	[EP_E_BRACKET]	= { "endpoint", "missing `]'" },
	[EP_E_TRAILING]	= { "endpoint", "unexpected text after `]'" },
	[EP_E_V6PORT]	= { "endpoint",
			    "an IPv6 address with a port needs brackets: [ADDR6]:PORT" },
	[EP_E_NAME]	= { "endpoint", "not an IP address or a hostname" },
	[EP_E_UNICAST]	= { "endpoint", "an endpoint must be a unicast address" },
	[EP_E_PORT]	= { "port in", "must be 1..65535" },
	[EP_E_PROTO]	= { "protocol in", "must be udp or tcp" },
};

const char *endpoint_err_what(int err)
{
	if (err < 0 || err >= __EP_E_COUNT)
		return "endpoint";
	return errors[err].what;
}

const char *endpoint_err_why(int err)
{
	if (err < 0 || err >= __EP_E_COUNT)
		return "unknown error";
	return errors[err].why;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool all_numeric_dots(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!is_digit(s[i]) && s[i] != '.')
			return false;
	return true;
}

bool hostname_valid(const char *s, size_t len)
{
	size_t i, label = 0;

	if (len == 0 || len > HOSTNAME_MAX || all_numeric_dots(s, len))
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] == '.') {
			if (label == 0)
				return false;
			label = 0;
			continue;
		}
		if (!is_alpha(s[i]) && !is_digit(s[i]) && s[i] != '-')
			return false;
		if (++label > 63)
			return false;
	}
	return label > 0;
}

/* inet_pton() on a piece of a string; too long is simply not an address. */
static bool pton(int family, const char *s, size_t len, uint8_t *addr)
{
	char buf[INET6_ADDRSTRLEN];

	if (len == 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return inet_pton(family, buf, addr) == 1;
}

/* Decimal only, no sign, at most 5 digits (leading zeros are fine). */
static int parse_port(const char *s, size_t len, uint16_t *port)
{
	unsigned long v = 0;
	size_t i;

	if (len == 0 || len > 5)
		return EP_E_PORT;
	for (i = 0; i < len; i++) {
		if (!is_digit(s[i]))
			return EP_E_PORT;
		v = v * 10 + (s[i] - '0');
	}
	if (v < 1 || v > 65535)
		return EP_E_PORT;
	*port = v;
	return EP_OK;
}

static bool word_eq(const char *s, size_t len, const char *lower)
{
	size_t i;

	if (len != strlen(lower))
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c != lower[i])
			return false;
	}
	return true;
}

static int parse_proto(const char *s, size_t len, uint8_t *proto)
{
	if (word_eq(s, len, "udp"))
		*proto = IPPROTO_UDP;
	else if (word_eq(s, len, "tcp"))
		*proto = IPPROTO_TCP;
	else
		return EP_E_PROTO;
	return EP_OK;
}

static int parse_v6(const char *s, size_t len, struct endpoint *ep)
{
	if (!pton(AF_INET6, s, len, ep->addr))
		return EP_E_V6;
	ep->family = AF_INET6;
	return EP_OK;
}

/*
 * Splits s into address, port and protocol, then checks them left to right
 * so that the first error in the argument is the one reported.
 */
static int parse(const char *s, struct endpoint_arg *out)
{
	const char *end, *slash, *colon, *port = NULL, *proto = NULL;
	const char *addr = s;
	size_t len, alen, ncolons = 0, i;
	bool bracket = false;
	int ret;

	memset(out, 0, sizeof(*out));
	len = strnlen(s, ENDPOINT_ARG_MAX + 1);
	if (len == 0)
		return EP_E_EMPTY;
	if (len > ENDPOINT_ARG_MAX)
		return EP_E_TOOLONG;
	end = s + len;

	/* Neither an address nor a port contains '/'. */
	slash = memchr(s, '/', len);
	if (slash) {
		proto = slash + 1;
		end = slash;
	}

	if (s[0] == '[') {
		const char *rb = memchr(s, ']', end - s);

		if (!rb)
			return EP_E_BRACKET;
		bracket = true;
		addr = s + 1;
		alen = rb - addr;
		if (rb + 1 < end) {
			if (rb[1] != ':')
				return EP_E_TRAILING;
			port = rb + 2;
		}
	} else {
		for (i = 0; i < (size_t)(end - s); i++)
			ncolons += s[i] == ':';
		colon = ncolons == 1 ? memchr(s, ':', end - s) : NULL;
		alen = colon ? (size_t)(colon - s) : (size_t)(end - s);
		if (colon)
			port = colon + 1;
	}

	if (bracket) {
		ret = parse_v6(addr, alen, &out->ep);
		if (ret)
			return ret;
	} else if (ncolons >= 2) {
		if (parse_v6(addr, alen, &out->ep)) {
			/* "2001:db8::1:53" parses; say why "::1:x" did not */
			for (i = alen; addr[i - 1] != ':'; i--)
				;
			if (parse_v6(addr, i - 1, &out->ep) == EP_OK)
				return EP_E_V6PORT;
			return EP_E_V6;
		}
	} else if (alen == 0) {
		return EP_E_NOADDR;
	} else if (all_numeric_dots(addr, alen)) {
		if (!pton(AF_INET, addr, alen, out->ep.addr))
			return EP_E_V4;
		out->ep.family = AF_INET;
	} else if (hostname_valid(addr, alen)) {
		memcpy(out->host, addr, alen);
		out->host[alen] = '\0';
	} else {
		return EP_E_NAME;
	}

	if (port) {
		ret = parse_port(port, end - port, &out->ep.port);
		if (ret)
			return ret;
	}
	if (proto) {
		ret = parse_proto(proto, s + len - proto, &out->ep.proto);
		if (ret)
			return ret;
	}
	if (!out->host[0]) {
		endpoint_normalize(&out->ep);
		if (!endpoint_is_unicast(&out->ep))
			return EP_E_UNICAST;
	}
	return EP_OK;
}

int endpoint_parse(const char *s, struct endpoint_arg *out)
{
	int ret = parse(s, out);

	if (ret)
		memset(out, 0, sizeof(*out));
	return ret;
}

/*
 * No brackets, port or protocol: "1.2.3.4:53" is no host. A bare IPv6
 * address has colons enough never to be read as one with a port.
 */
int endpoint_parse_host(const char *s, struct endpoint_arg *out)
{
	const char *colon = strchr(s, ':');

	memset(out, 0, sizeof(*out));
	if (!s[0])
		return EP_E_EMPTY;
	if (strpbrk(s, "[]/") || (colon && !strchr(colon + 1, ':')))
		return EP_E_NAME;
	return endpoint_parse(s, out);
}

int endpoint_parse_port(const char *s, uint16_t *port)
{
	return parse_port(s, strnlen(s, 6), port);
}

static const uint8_t v4mapped[12] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
};

void endpoint_normalize(struct endpoint *ep)
{
	if (ep->family != AF_INET6 || memcmp(ep->addr, v4mapped, 12))
		return;
	memmove(ep->addr, ep->addr + 12, 4);
	memset(ep->addr + 4, 0, 12);
	ep->family = AF_INET;
}

bool endpoint_is_unicast(const struct endpoint *ep)
{
	static const uint8_t zero[16];

	if (ep->family == AF_INET) {
		if (!memcmp(ep->addr, zero, 4))
			return false;
		if ((ep->addr[0] & 0xf0) == 0xe0)
			return false;
		/* the limited broadcast address is no unicast either */
		return memcmp(ep->addr, "\xff\xff\xff\xff", 4) != 0;
	}
	if (ep->family == AF_INET6)
		return memcmp(ep->addr, zero, 16) && ep->addr[0] != 0xff;
	return false;
}

/* ":PORT/PROTO", each part only if it is given. */
static char *suffix(const struct endpoint *ep, char *buf, size_t len)
{
	char port[8] = "", proto[16] = "";

	if (ep->port)
		snprintf(port, sizeof(port), ":%u", ep->port);
	if (ep->proto == IPPROTO_UDP)
		strcpy(proto, "/udp");
	else if (ep->proto == IPPROTO_TCP)
		strcpy(proto, "/tcp");
	else if (ep->proto)
		snprintf(proto, sizeof(proto), "/proto-%u", ep->proto);
	snprintf(buf, len, "%s%s", port, proto);
	return buf;
}

char *endpoint_format(const struct endpoint *ep, char *buf, size_t len)
{
	char addr[INET6_ADDRSTRLEN] = "?", rest[24];
	int af = ep->family == AF_INET6 ? AF_INET6 : AF_INET;

	inet_ntop(af, ep->addr, addr, sizeof(addr));
	suffix(ep, rest, sizeof(rest));
	if (af == AF_INET6)
		snprintf(buf, len, "[%s]%s", addr, rest);
	else
		snprintf(buf, len, "%s%s", addr, rest);
	return buf;
}

char *endpoint_arg_format(const struct endpoint_arg *pa, char *buf,
			  size_t len)
{
	char rest[24];

	if (!pa->host[0])
		return endpoint_format(&pa->ep, buf, len);
	snprintf(buf, len, "%.*s%s", HOSTNAME_MAX, pa->host,
		 suffix(&pa->ep, rest, sizeof(rest)));
	return buf;
}

/* The kernel's canonical order: family, address, protocol, port. */
int endpoint_cmp(const struct endpoint *a, const struct endpoint *b)
{
	int r;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	r = memcmp(a->addr, b->addr, sizeof(a->addr));
	if (r)
		return r < 0 ? -1 : 1;
	if (a->proto != b->proto)
		return a->proto < b->proto ? -1 : 1;
	if (a->port != b->port)
		return a->port < b->port ? -1 : 1;
	return 0;
}
