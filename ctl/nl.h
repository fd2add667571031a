/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic netlink client: one socket, one request, its whole answer;
 * or, for monitor, a socket that joins the events group. Its functions
 * print their own errors, prefixed by the command, except lb_nl_request()
 * and lb_nl_mark(), which fail only for lack of memory.
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
	uint32_t events_group;	/* LEAKBLOCK_MCGRP_EVENTS' id, 0 if none */
};

/* Writes "`value'" (or more) for the argument behind mark i into buf. */
typedef void (*lb_describe_fn)(size_t i, void *priv, char *buf, size_t len);
/* Takes one reply message: 0, or a negative errno to stop. */
typedef int (*lb_reply_fn)(struct nl_msg *msg, void *priv);

int lb_nl_open(struct lb_nl *nl, const char *cmd);
void lb_nl_close(struct lb_nl *nl);
/* 1 if the module is loaded, 0 if not, -1 once another error is printed. */
int lb_nl_loaded(const char *cmd);

/*
 * Joins the events group with a large receive buffer, so that the socket
 * also receives the module's LEAKBLOCK_CMD_EVENT messages. 0, or -1 once
 * printed.
 */
int lb_nl_join_events(struct lb_nl *nl);

/*
 * Grows a socket buffer (opt: SO_SNDBUF or SO_RCVBUF) to need bytes unless
 * it has them: force_opt (SO_SNDBUFFORCE, SO_RCVBUFFORCE) may pass the
 * sysctl limit but needs CAP_NET_ADMIN, so opt is the fallback. Returns 0,
 * or the negative errno of the forced attempt.
 */
int sock_grow_buffer(int fd, int opt, int force_opt, size_t need);

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
