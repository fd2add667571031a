// SPDX-License-Identifier: GPL-2.0
/* Runs every unit test suite; exits non-zero if any check failed. */

#include <stdlib.h>

#include "unit.h"

int main(void)
{
	SRunner *runner = srunner_create(verdict_suite());
	int failed;

	srunner_add_suite(runner, pktparse_suite());
	srunner_add_suite(runner, fastpath_suite());
	srunner_add_suite(runner, dnsparse_suite());
	srunner_add_suite(runner, cli_suite());
	srunner_add_suite(runner, config_suite());
	srunner_add_suite(runner, import_suite());
	srunner_add_suite(runner, monitor_suite());
	srunner_add_suite(runner, audit_suite());
	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
