/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LEAKCTL_RESOLVE_H
#define LEAKCTL_RESOLVE_H

#include <stddef.h>

#include "endpoint.h"

/*
 * Every IPv4 and IPv6 address of host (only those of tmpl->family, unless
 * it is 0), each once, with the port and protocol of tmpl: a malloc()ed
 * array in *out. Returns 0, or -1 once the error is printed after where
 * ("" or "FILE:LINE: ").
 */
int resolve_host(const char *where, const char *host,
		 const struct endpoint *tmpl, struct endpoint **out,
		 size_t *n);

#endif /* LEAKCTL_RESOLVE_H */
