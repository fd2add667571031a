/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic netlink client: one socket, one request, its whole answer.
 * Its functions print their own errors, prefixed by the command, except
 * lb_nl_request() and lb_nl_mark(), which fail only for lack of memory.
 */
#ifndef LEAKCTL_NL_H
#define LEAKCTL_NL_H

#include <netlink/msg.h>
#include <stddef.h>
#include <stdint.h>

#include "extack.h"

struct lb_nl {
	struct nl_sock *sk;
	int family;		/* the leakblock family id */
	struct nl_msg *msg;	/* the request */
	struct lb_marks marks;	/* its attributes that name an argument */
	const char *cmd;	/* prefix of error messages */
};

/* Writes "`value'" (or more) for the argument behind mark i into buf. */
typedef void (*lb_describe_fn)(size_t i, void *priv, char *buf, size_t len);
/* Takes one reply message: 0, or a negative errno to stop. */
typedef int (*lb_reply_fn)(struct nl_msg *msg, void *priv);

int lb_nl_open(struct lb_nl *nl, const char *cmd);
void lb_nl_close(struct lb_nl *nl);

/*
 * Starts the request; attrlen is the exact room its attributes need.
 * NULL if out of memory (not printed either).
 */
struct nl_msg *lb_nl_request(struct lb_nl *nl, uint8_t cmd, int flags,
			     size_t attrlen);
/* Records the attribute just closed as the next one that describe names. */
int lb_nl_mark(struct lb_nl *nl, const struct nlattr *attr);

/*
 * Sends the request and reads the answer to its end (ACK, error or
 * NLMSG_DONE), passing data messages to reply. Returns 0, or 1 once the
 * error is printed.
 */
int lb_nl_exec(struct lb_nl *nl, lb_reply_fn reply, lb_describe_fn describe,
	       void *priv);

#endif /* LEAKCTL_NL_H */
