// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the DNS question parser the module runs on blocked
 * queries. Out-of-bounds reads and undefined behaviour are sanitizer
 * reports; the invariants on what it returns abort.
 */

#include <stdlib.h>

#include "../../kmod/dnsparse.h"

/* Only what the text may hold: escapes keep it printable and unambiguous. */
static void check_name(const char *name)
{
	size_t len = strnlen(name, LB_DNS_NAME_SIZE);

	if (len == 0 || len >= LB_DNS_NAME_SIZE)
		abort();
	for (; *name; name++)
		if (*name < 0x21 || *name > 0x7e)
			abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct lb_dns_question question;
	u8 *copy;

	/* An exact-size heap copy, so a read past the end is caught. */
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	if (lb_dns_parse_question(copy, size, &question))
		check_name(question.name);
	else if (question.name[0])
		abort();
	lb_dns_type_name(question.qtype);
	free(copy);
	return 0;
}
