/* SPDX-License-Identifier: GPL-2.0 */
/* The suites of the unit test runner, one per file, and shared helpers. */

#ifndef _LB_UNIT_H
#define _LB_UNIT_H

#include <check.h>
#include <stdint.h>
#include <stdio.h>

struct lb_endpoint;
struct lb_status;

Suite *verdict_suite(void);
Suite *pktparse_suite(void);
Suite *fastpath_suite(void);
Suite *dnsparse_suite(void);
Suite *cli_suite(void);
Suite *config_suite(void);
Suite *import_suite(void);
Suite *monitor_suite(void);
Suite *audit_suite(void);

/* An endpoint from an address's text, for any family (test_verdict.c). */
struct lb_endpoint endpoint(const char *addr, uint8_t proto, uint16_t port);

/* xorshift32 from a fixed seed: the same values on every run (test_fastpath.c). */
void unit_rand_seed(uint32_t seed);
uint32_t unit_rand(void);

/* What a status printer writes, as a string to free (test_cli.c). */
char *show_of(void (*show)(FILE *, const struct lb_status *),
	      const struct lb_status *st);

#endif /* _LB_UNIT_H */
