/* SPDX-License-Identifier: GPL-2.0 */
/* The suites of the unit test runner, one per file, and shared helpers. */

#ifndef _LB_UNIT_H
#define _LB_UNIT_H

#include <check.h>
#include <stdio.h>

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

/* What a status printer writes, as a string to free (test_cli.c). */
char *show_of(void (*show)(FILE *, const struct lb_status *),
	      const struct lb_status *st);

#endif /* _LB_UNIT_H */
