/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reads the question of a DNS query, to name what a blocked packet asked.
 *
 * Pure C with no kernel headers, run by the module on dropped packets and by
 * a fuzzer in userspace. It trusts no count or length in the message, reads
 * only the bytes it is given, never allocates and never loops unbounded.
 */

#ifndef _LB_DNSPARSE_H
#define _LB_DNSPARSE_H

#include "lb_types.h"

/* Presentation form, escaped, NUL-terminated; longer names are refused. */
#define LB_DNS_NAME_SIZE 256

struct lb_dns_question {
	char name[LB_DNS_NAME_SIZE];
	u16 qtype;
};

/* The ports whose queries are read: DNS, mDNS and LLMNR. */
bool lb_dns_port(u16 port);
bool lb_dns_parse_question(const u8 *msg, u32 len,
			   struct lb_dns_question *question);
const char *lb_dns_type_name(u16 qtype);

#endif /* _LB_DNSPARSE_H */
