/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Endpoints as written on the command line: parsing and formatting only.
 * No netlink and no name resolution here, so that this can be unit-tested
 * and fuzzed on its own.
 */
#ifndef LEAKCTL_ENDPOINT_H
#define LEAKCTL_ENDPOINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest hostname in DNS, and so the longest accepted argument. */
#define HOSTNAME_MAX 253
#define ENDPOINT_ARG_MAX (HOSTNAME_MAX + sizeof(":65535/udp") - 1)

/* "[" IPv6 "]:65535/proto-255" and a NUL */
#define ENDPOINT_STRLEN 64

struct endpoint {
	uint8_t family;		/* AF_INET or AF_INET6 */
	uint8_t proto;		/* 0 (any), IPPROTO_UDP or IPPROTO_TCP */
	uint16_t port;		/* host order, 0 (any) */
	uint8_t addr[16];	/* network order; IPv4 uses the first 4 */
};

/*
 * An argument: either an address, or a hostname still to be resolved. For
 * a hostname, ep.family is 0, or the one family to resolve it to.
 */
struct endpoint_arg {
	struct endpoint ep;		/* port and proto always valid */
	char host[HOSTNAME_MAX + 1];	/* "" when ep holds the address */
};

enum endpoint_err {
	EP_OK,
	EP_E_EMPTY,
	EP_E_TOOLONG,
	EP_E_NOADDR,
	EP_E_V4,
	EP_E_V6,
	EP_E_BRACKET,
	EP_E_TRAILING,
	EP_E_V6PORT,
	EP_E_NAME,
	EP_E_UNICAST,
	EP_E_PORT,
	EP_E_PROTO,
	__EP_E_COUNT
};

/* EP_OK, or an enum endpoint_err with *out zeroed. */
int endpoint_parse(const char *s, struct endpoint_arg *out);
/* Only the address or hostname, as a VPN's config names its server. */
int endpoint_parse_host(const char *s, struct endpoint_arg *out);
/* Decimal 1..65535: EP_OK, or EP_E_PORT. */
int endpoint_parse_port(const char *s, uint16_t *port);

/* The error is printed as "invalid <what> `<arg>': <why>". */
const char *endpoint_err_what(int err);
const char *endpoint_err_why(int err);

char *endpoint_format(const struct endpoint *ep, char *buf, size_t len);
/* The hostname or address with port and protocol; ENDPOINT_ARG_MAX + 1. */
char *endpoint_arg_format(const struct endpoint_arg *pa, char *buf,
			  size_t len);
int endpoint_cmp(const struct endpoint *a, const struct endpoint *b);

/* For resolved addresses: ::ffff:a.b.c.d becomes a.b.c.d. */
void endpoint_normalize(struct endpoint *ep);
/* Neither unspecified, nor multicast, nor 255.255.255.255. */
bool endpoint_is_unicast(const struct endpoint *ep);
bool hostname_valid(const char *s, size_t len);

#endif /* LEAKCTL_ENDPOINT_H */
