/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SIGINT and SIGTERM end monitor and audit as a normal end, not a crash.
 * They stay blocked but while ppoll() waits with the mask given here, so
 * that one that comes between a check and the wait cannot be missed.
 */
#ifndef LEAKCTL_STOP_H
#define LEAKCTL_STOP_H

#include <signal.h>
#include <stdbool.h>

/* 0 with *wait_mask set for ppoll(), or -1 with errno set. */
int stop_signals_init(sigset_t *wait_mask);
/* Whether SIGINT or SIGTERM came. */
bool stop_requested(void);

#endif /* LEAKCTL_STOP_H */
