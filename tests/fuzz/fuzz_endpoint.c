// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: any bytes go to endpoint_parse(); whatever parses must
 * hold its invariants and come back unchanged through endpoint_format().
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "../../ctl/endpoint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_address(const struct endpoint_arg *pa)
{
	static const uint8_t zero[12];
	char buf[ENDPOINT_STRLEN], again_buf[ENDPOINT_STRLEN];
	struct endpoint_arg again;

	if (pa->ep.family != AF_INET && pa->ep.family != AF_INET6)
		abort();
	if (pa->ep.family == AF_INET && memcmp(pa->ep.addr + 4, zero, 12))
		abort();
	if (!endpoint_is_unicast(&pa->ep))
		abort();

	/* the formatted form is never truncated, and parses back equal */
	endpoint_format(&pa->ep, buf, sizeof(buf));
	if (strlen(buf) >= sizeof(buf) - 1)
		abort();
	if (endpoint_parse(buf, &again) != EP_OK || again.host[0])
		abort();
	if (endpoint_cmp(&pa->ep, &again.ep) ||
	    memcmp(&pa->ep, &again.ep, sizeof(pa->ep)))
		abort();
	if (strcmp(buf, endpoint_format(&again.ep, again_buf,
					 sizeof(again_buf))))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct endpoint_arg pa;
	char *s;

	s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	if (endpoint_parse(s, &pa) == EP_OK) {
		if (pa.ep.proto != 0 && pa.ep.proto != IPPROTO_UDP &&
		    pa.ep.proto != IPPROTO_TCP)
			abort();
		if (!pa.host[0])
			check_address(&pa);
		else if (!hostname_valid(pa.host, strlen(pa.host)) ||
			 strncmp(s, pa.host, strlen(pa.host)))
			abort();
	}
	free(s);
	return 0;
}
