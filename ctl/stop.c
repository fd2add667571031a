// SPDX-License-Identifier: GPL-2.0
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>

#include "stop.h"

/* Lock-free, so that a handler may set it (C11 7.14.1.1). */
static atomic_bool stopped;

static void on_stop(int sig)
{
	(void)sig;
	atomic_store(&stopped, true);
}

int stop_signals_init(sigset_t *wait_mask)
{
	struct sigaction sa = { .sa_handler = on_stop };
	sigset_t stop;

	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	/*
	 * Taken even where the shell ignored them (a job started with &
	 * from a script): these commands are stopped by them, by design.
	 */
	if (sigprocmask(SIG_BLOCK, &stop, wait_mask) ||
	    sigaction(SIGINT, &sa, NULL) || sigaction(SIGTERM, &sa, NULL))
		return -1;
	sigdelset(wait_mask, SIGINT);
	sigdelset(wait_mask, SIGTERM);
	return 0;
}

bool stop_requested(void)
{
	return atomic_load(&stopped);
}
