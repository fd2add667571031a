// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "leakctl.h"
#include "resolve.h"

static int from_addrinfo(const struct addrinfo *ai, struct endpoint *ep)
{
	if (ai->ai_family == AF_INET &&
	    ai->ai_addrlen >= sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *sin = (const void *)ai->ai_addr;

		ep->family = AF_INET;
		memset(ep->addr, 0, sizeof(ep->addr));
		memcpy(ep->addr, &sin->sin_addr, 4);
		return 0;
	}
	if (ai->ai_family == AF_INET6 &&
	    ai->ai_addrlen >= sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *sin6 = (const void *)ai->ai_addr;

		ep->family = AF_INET6;
		memcpy(ep->addr, &sin6->sin6_addr, 16);
		endpoint_normalize(ep);
		return 0;
	}
	return -1;
}

int resolve_host(const char *where, const char *host,
		 const struct endpoint *tmpl, struct endpoint **out,
		 size_t *n)
{
	/* SOCK_DGRAM: one answer per address, not one per socket type */
	const struct addrinfo hints = {
		.ai_family = tmpl->family ? tmpl->family : AF_UNSPEC,
		.ai_socktype = SOCK_DGRAM,
	};
	const char *only = tmpl->family == AF_INET ? " to IPv4" :
			   tmpl->family == AF_INET6 ? " to IPv6" : "";
	struct addrinfo *res, *ai;
	struct endpoint ep, *v = NULL;
	char buf[ENDPOINT_STRLEN];
	size_t cnt = 0, cap = 0, i;
	int ret;

	ret = getaddrinfo(host, NULL, &hints, &res);
	if (ret) {
		lc_err("%scannot resolve `%s'%s: %s", where, host, only,
		       ret == EAI_SYSTEM ? strerror(errno) : gai_strerror(ret));
		return -1;
	}

	for (ai = res; ai; ai = ai->ai_next) {
		ep = *tmpl;
		/* a mapped address is IPv4, whatever the family asked for */
		if (from_addrinfo(ai, &ep) ||
		    (tmpl->family && ep.family != tmpl->family))
			continue;
		if (!endpoint_is_unicast(&ep)) {
			ep.port = 0;
			ep.proto = 0;
			lc_err("%sinvalid endpoint `%s': resolves to %s, not a unicast address",
			       where, host,
			       endpoint_format(&ep, buf, sizeof(buf)));
			goto err;
		}
		for (i = 0; i < cnt; i++)
			if (!endpoint_cmp(&v[i], &ep))
				break;
		if (i < cnt)
			continue;
		if (cnt == cap) {
			struct endpoint *nv;

			cap = cap ? 2 * cap : 8;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				lc_err("%scannot resolve `%s': %s", where, host,
				       strerror(ENOMEM));
				goto err;
			}
			v = nv;
		}
		v[cnt++] = ep;
	}
	freeaddrinfo(res);

	if (!cnt) {
		lc_err("%scannot resolve `%s'%s: no %s address", where, host,
		       only, only[0] ? "such" : "IPv4 or IPv6");
		free(v);
		return -1;
	}
	*out = v;
	*n = cnt;
	return 0;
err:
	freeaddrinfo(res);
	free(v);
	return -1;
}
