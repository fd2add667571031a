// SPDX-License-Identifier: GPL-2.0
/*
 * libnl builds the requests and splits what is received into messages; the
 * answer itself is judged by our own callbacks, because libnl maps errnos
 * lossily (nl_syserr2nlerr) and ignores the extended ACK. Auto-ACK is off:
 * each request asks for what it needs, and on_seq() matches the answers.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include <linux/leakblock.h>

#include "leakctl.h"
#include "nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* Room for the queue of a dump; only speed depends on it. */
#define DUMP_RCVBUF (1 << 20)
/*
 * Room for a burst of events while monitor writes: up to event_rate a
 * second per namespace, each under 1 KiB of payload but a few KiB of
 * buffer accounting. An overrun loses events, and monitor says so.
 */
#define EVENTS_RCVBUF (4 << 20)

/* One request's answer, as it is read. */
struct answer {
	uint32_t seq;
	lb_reply_fn reply;
	void *priv;
	bool done;		/* ACK, error or NLMSG_DONE seen */
	bool intr;		/* NLM_F_DUMP_INTR seen */
	int local_err;		/* what reply() objected to */
	struct lb_ack ack;
};

static int on_seq(struct nl_msg *msg, void *arg)
{
	struct answer *a = arg;

	/* not ours: skip it rather than take it for our answer */
	return nlmsg_hdr(msg)->nlmsg_seq == a->seq ? NL_OK : NL_SKIP;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct answer *a = arg;

	if (!a->reply)
		return NL_OK;
	a->local_err = a->reply(msg, a->priv);
	if (!a->local_err)
		return NL_OK;
	a->done = true;
	return NL_STOP;
}

static int on_intr(struct nl_msg *msg, void *arg)
{
	struct answer *a = arg;

	(void)msg;
	a->intr = true;
	return NL_OK;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct answer *a = arg;

	(void)msg;
	a->done = true;
	return NL_STOP;
}

/* A dump ends with NLMSG_DONE, whose payload is its error code. */
static int on_finish(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct answer *a = arg;
	int err = 0;

	if (nlmsg_datalen(nlh) >= (int)sizeof(err))
		memcpy(&err, nlmsg_data(nlh), sizeof(err));
	if (err < 0) {
		a->ack.err = -err;
		extack_parse(nlh, &a->ack);
	}
	a->done = true;
	return NL_STOP;
}

/* Only called for a non-zero error, on a message libnl checked is whole. */
static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	const struct nlmsghdr *nlh =
		(const void *)((const char *)e - NLMSG_HDRLEN);
	struct answer *a = arg;

	(void)who;
	a->ack.err = e->error < 0 ? -e->error : EPROTO;
	extack_parse(nlh, &a->ack);
	a->done = true;
	return NL_STOP;
}

/*
 * The kernel refuses a request larger than the send buffer, and libnl sets
 * 32 KiB; 65536 endpoints take 3 MiB. SO_SNDBUFFORCE may pass wmem_max but
 * needs CAP_NET_ADMIN (as any change does).
 */
int sock_grow_buffer(int fd, int opt, int force_opt, size_t need)
{
	socklen_t len = sizeof(int);
	int cur, val, err;

	if (need > INT_MAX / 2)
		return -EMSGSIZE;
	if (!getsockopt(fd, SOL_SOCKET, opt, &cur, &len) && cur >= 0 &&
	    (size_t)cur >= need)
		return 0;
	val = need;	/* the kernel doubles it, for its overhead */
	if (!setsockopt(fd, SOL_SOCKET, force_opt, &val, sizeof(val)))
		return 0;
	err = -errno;
	setsockopt(fd, SOL_SOCKET, opt, &val, sizeof(val));
	return err;
}

static int send_request(struct lb_nl *nl)
{
	struct nlmsghdr *nlh = nlmsg_hdr(nl->msg);
	int fd = nl_socket_get_fd(nl->sk);
	ssize_t n;
	int err;

	/* the kernel wants the send buffer 32 bytes larger than the request */
	err = sock_grow_buffer(fd, SO_SNDBUF, SO_SNDBUFFORCE,
			       nlh->nlmsg_len + 64);
	if (nlh->nlmsg_flags & NLM_F_DUMP)
		sock_grow_buffer(fd, SO_RCVBUF, SO_RCVBUFFORCE, DUMP_RCVBUF);

	/* send(2) itself, to keep its errno */
	do
		n = send(fd, nlh, nlh->nlmsg_len, 0);
	while (n < 0 && errno == EINTR);
	if (n == (ssize_t)nlh->nlmsg_len)
		return 0;

	if (n >= 0)
		lc_err("%s: cannot send the request: sent %zd of %u bytes",
		       nl->cmd, n, nlh->nlmsg_len);
	else if (errno == EMSGSIZE && err == -EPERM)
		lc_err("%s: the request of %u bytes needs a larger socket send buffer: CAP_NET_ADMIN is required",
		       nl->cmd, nlh->nlmsg_len);
	else
		lc_err("%s: cannot send the request: %s", nl->cmd,
		       strerror(errno));
	return -1;
}

/* Sends nl->msg and reads its answer into a; -1 once an error is printed. */
static int transact(struct lb_nl *nl, struct answer *a)
{
	struct nl_cb *cb;
	int ret = -1, n;

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		lc_err("%s: %s", nl->cmd, strerror(ENOMEM));
		return -1;
	}
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, on_seq, a);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, a);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, on_intr, a);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, a);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, a);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, a);

	nl_complete_msg(nl->sk, nl->msg);
	a->seq = nlmsg_hdr(nl->msg)->nlmsg_seq;
	if (send_request(nl))
		goto out;

	while (!a->done) {
		n = nl_recvmsgs_report(nl->sk, cb);
		if (a->done)
			break;
		if (n < 0) {
			lc_err("%s: cannot read the answer: %s", nl->cmd,
			       nl_geterror(n));
			goto out;
		}
		if (n == 0) {
			lc_err("%s: the answer ended early", nl->cmd);
			goto out;
		}
	}
	ret = 0;
out:
	nl_cb_put(cb);
	return ret;
}

static void report(const struct lb_nl *nl, const struct lb_ack *ack,
		   lb_describe_fn describe, void *priv)
{
	char desc[512] = "", what[520] = "";
	const char *hint = "";
	ssize_t i = -1;

	if (ack->has_offs)
		i = marks_find(&nl->marks, ack->offs);
	if (i >= 0 && describe) {
		describe(i, priv, desc, sizeof(desc));
		snprintf(what, sizeof(what), " (%s)", desc);
	}
	if (ack->err == EPERM)
		hint = "CAP_NET_ADMIN is required";

	lc_err("%s: %s%s%s%s%s%s", nl->cmd, strerror(ack->err),
	       ack->msg[0] ? ": " : "", ack->msg, what,
	       hint[0] ? ": " : "", hint);
}

/* Prints what went wrong with an answer; 0 if nothing did. */
static int judge(const struct lb_nl *nl, const struct answer *a,
		 lb_describe_fn describe, void *priv)
{
	if (a->local_err == -EBADMSG) {
		lc_err("%s: malformed answer from the kernel", nl->cmd);
		return 1;
	}
	if (a->local_err) {
		lc_err("%s: %s", nl->cmd, strerror(-a->local_err));
		return 1;
	}
	if (a->ack.err) {
		report(nl, &a->ack, describe, priv);
		return 1;
	}
	if (a->intr) {
		lc_err("%s: the policy changed while it was read; try again",
		       nl->cmd);
		return 1;
	}
	return 0;
}

static struct nl_msg *new_msg(struct lb_nl *nl, int family, uint8_t cmd,
			      uint8_t version, int flags, size_t attrlen)
{
	struct nl_msg *msg;

	nlmsg_free(nl->msg);
	nl->msg = NULL;
	marks_free(&nl->marks);

	/* The exact size: libnl never grows a message. */
	msg = nlmsg_alloc_size(NLMSG_ALIGN(NLMSG_HDRLEN + GENL_HDRLEN +
					   attrlen));
	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, flags,
			 cmd, version)) {
		nlmsg_free(msg);
		return NULL;
	}
	nl->msg = msg;
	return msg;
}

/* The id of the events group, among those the family lookup lists. */
static int find_events_group(struct lb_nl *nl, struct nlattr *groups)
{
	struct nlattr *tb[CTRL_ATTR_MCAST_GRP_MAX + 1], *grp;
	int rem;

	nla_for_each_nested(grp, groups, rem) {
		if (nla_parse_nested(tb, CTRL_ATTR_MCAST_GRP_MAX, grp, NULL) ||
		    !tb[CTRL_ATTR_MCAST_GRP_NAME] ||
		    !tb[CTRL_ATTR_MCAST_GRP_ID] ||
		    nla_len(tb[CTRL_ATTR_MCAST_GRP_ID]) != sizeof(uint32_t))
			return -EBADMSG;
		if (!nla_strcmp(tb[CTRL_ATTR_MCAST_GRP_NAME],
				LEAKBLOCK_MCGRP_EVENTS))
			nl->events_group =
				nla_get_u32(tb[CTRL_ATTR_MCAST_GRP_ID]);
	}
	return 0;
}

static int on_family(struct nl_msg *msg, void *priv)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct lb_nl *nl = priv;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, CTRL_ATTR_MAX, NULL) ||
	    !tb[CTRL_ATTR_FAMILY_ID] ||
	    nla_len(tb[CTRL_ATTR_FAMILY_ID]) != sizeof(uint16_t))
		return -EBADMSG;
	nl->family = nla_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	if (tb[CTRL_ATTR_MCAST_GROUPS])
		return find_events_group(nl, tb[CTRL_ATTR_MCAST_GROUPS]);
	return 0;
}

/*
 * By hand rather than genl_ctrl_resolve(), which answers NLE_OBJ_NOTFOUND
 * for every failure: only ENOENT means that the module is not loaded, and
 * that is -ENOENT, printed unless quiet. Any other error is -1, printed.
 */
static int resolve_family(struct lb_nl *nl, bool quiet)
{
	struct answer a = { .reply = on_family, .priv = nl };
	struct nl_msg *msg;

	msg = new_msg(nl, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, NLM_F_ACK,
		      nla_total_size(sizeof(LEAKBLOCK_GENL_NAME)));
	if (!msg ||
	    nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, LEAKBLOCK_GENL_NAME)) {
		lc_err("%s: cannot build the request", nl->cmd);
		return -1;
	}
	if (transact(nl, &a))
		return -1;
	if (a.ack.err == ENOENT) {
		if (!quiet)
			lc_err("the leakblock module is not loaded (modprobe leakblock)");
		return -ENOENT;
	}
	if (judge(nl, &a, NULL, NULL))
		return -1;
	if (!nl->family) {
		lc_err("%s: malformed answer from the kernel", nl->cmd);
		return -1;
	}
	return 0;
}

static int open_family(struct lb_nl *nl, const char *cmd, bool quiet)
{
	int one = 1, fd, ret;

	memset(nl, 0, sizeof(*nl));
	nl->cmd = cmd;
	nl->sk = nl_socket_alloc();
	if (!nl->sk) {
		lc_err("%s: %s", cmd, strerror(ENOMEM));
		return -1;
	}
	nl_socket_disable_auto_ack(nl->sk);

	ret = genl_connect(nl->sk);
	if (ret < 0) {
		lc_err("%s: cannot open a generic netlink socket: %s", cmd,
		       nl_geterror(ret));
		ret = -1;	/* a libnl code, which -ENOENT must not be */
		goto err;
	}
	/*
	 * The extended ACK names the offending attribute and the module's
	 * reason; an older kernel without it still reports the errno. A
	 * capped ACK does not echo a request of megabytes back.
	 */
	fd = nl_socket_get_fd(nl->sk);
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));

	ret = resolve_family(nl, quiet);
	if (ret)
		goto err;
	return 0;
err:
	lb_nl_close(nl);
	return ret == -ENOENT ? ret : -1;
}

int lb_nl_open(struct lb_nl *nl, const char *cmd)
{
	return open_family(nl, cmd, false) ? -1 : 0;
}

int lb_nl_loaded(const char *cmd)
{
	struct lb_nl nl;
	int ret = open_family(&nl, cmd, true);

	if (ret == -ENOENT)
		return 0;
	if (ret)
		return -1;
	lb_nl_close(&nl);
	return 1;
}

int lb_nl_join_events(struct lb_nl *nl)
{
	int fd = nl_socket_get_fd(nl->sk), group = nl->events_group;

	if (!group) {
		lc_err("%s: the module has no `%s' group", nl->cmd,
		       LEAKBLOCK_MCGRP_EVENTS);
		return -1;
	}
	sock_grow_buffer(fd, SO_RCVBUF, SO_RCVBUFFORCE, EVENTS_RCVBUF);
	if (!setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &group,
			sizeof(group)))
		return 0;
	if (errno == EPERM)
		lc_err("%s: cannot join the events group: CAP_NET_ADMIN is required",
		       nl->cmd);
	else
		lc_err("%s: cannot join the events group: %s", nl->cmd,
		       strerror(errno));
	return -1;
}

void lb_nl_close(struct lb_nl *nl)
{
	nlmsg_free(nl->msg);
	nl->msg = NULL;
	marks_free(&nl->marks);
	nl_socket_free(nl->sk);
	nl->sk = NULL;
}

struct nl_msg *lb_nl_request(struct lb_nl *nl, uint8_t cmd, int flags,
			     size_t attrlen)
{
	return new_msg(nl, nl->family, cmd, LEAKBLOCK_GENL_VERSION, flags,
		       attrlen);
}

int lb_nl_mark(struct lb_nl *nl, const struct nlattr *attr)
{
	uint32_t start = (const char *)attr - (const char *)nlmsg_hdr(nl->msg);

	return marks_add(&nl->marks, start, start + attr->nla_len);
}

int lb_nl_exec(struct lb_nl *nl, lb_reply_fn reply, lb_describe_fn describe,
	       void *priv)
{
	struct answer a = { .reply = reply, .priv = priv };

	if (transact(nl, &a))
		return 1;
	return judge(nl, &a, describe, priv);
}
