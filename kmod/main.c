// SPDX-License-Identifier: GPL-2.0
/*
 * leakblock: drops every packet that would leave a physical interface
 * outside the VPN. This file only orders start-up and shutdown.
 */

#include <linux/init.h>
#include <linux/module.h>

#include "leakblock.h"

static int __init lb_mod_init(void)
{
	int err;

	/* Guard first: the namespace is armed before it can be configured. */
	err = lb_hooks_init();
	if (err)
		return err;
	err = lb_genl_init();
	if (err)
		goto err_hooks;

	pr_info("loaded; %s\n", lb_start_disarmed ?
		"the init namespace starts DISARMED (start_disarmed=1)" :
		"the init namespace is armed");
	return 0;

err_hooks:
	lb_hooks_exit();
	return err;
}

/* No new configuration first; then hooks go before the policies they read. */
static void __exit lb_mod_exit(void)
{
	lb_genl_exit();
	lb_hooks_exit();
	pr_info("unloaded\n");
}

module_init(lb_mod_init);
module_exit(lb_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Fail-closed VPN leak guard on the way out of physical interfaces");
MODULE_AUTHOR("The leakblock developers");
