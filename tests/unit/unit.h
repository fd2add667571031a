/* SPDX-License-Identifier: GPL-2.0 */
/* The suites of the unit test runner, one per file. */

#ifndef _LB_UNIT_H
#define _LB_UNIT_H

#include <check.h>

Suite *verdict_suite(void);
Suite *pktparse_suite(void);
Suite *dnsparse_suite(void);
Suite *cli_suite(void);
Suite *config_suite(void);
Suite *import_suite(void);
Suite *monitor_suite(void);
Suite *audit_suite(void);

#endif /* _LB_UNIT_H */
