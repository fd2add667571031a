// SPDX-License-Identifier: GPL-2.0
/*
 * monitor [-j]: a line for each packet the module blocks, from its events
 * group, until SIGINT or SIGTERM. The socket is libnl's, as every command's
 * is; the datagrams are read with recvfrom() itself, to tell an overrun
 * (ENOBUFS) and the sender apart, which libnl's receive path hides.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netlink/socket.h>

#include "event.h"
#include "leakctl.h"
#include "nl.h"
#include "policy.h"
#include "rtdump.h"
#include "show.h"
#include "stop.h"

/* An event takes under 1 KiB; a datagram holds one message. */
#define RECV_BUF 8192

struct monitor {
	const char *cmd;
	struct lb_nl nl;
};

/* Each line is flushed as it is printed: it is read as it comes. */
static int flush(const struct monitor *m)
{
	if (!fflush(stdout) && !ferror(stdout))
		return 0;
	lc_err("%s: cannot write the events: %s", m->cmd, strerror(errno));
	return -1;
}

static int print_event(const struct monitor *m, const struct event *ev)
{
	if (opt_json)
		event_json(stdout, ev);
	else
		event_text(stdout, "blocked", ev);
	return flush(m);
}

/* The kernel could not queue some events: they are gone, and we say so. */
static int print_overrun(const struct monitor *m)
{
	if (opt_json)
		puts("{\"events_lost\":true}");
	else
		puts("(some blocked packets not reported: receive buffer overrun)");
	return flush(m);
}

/* Reads one datagram and prints its events. 0, or -1 once printed. */
static int read_events(const struct monitor *m)
{
	uint32_t buf[RECV_BUF / sizeof(uint32_t)];	/* aligned for nlmsghdr */
	const char *data = (const char *)buf;
	struct sockaddr_nl from;
	socklen_t fromlen = sizeof(from);
	struct nlmsghdr nlh;
	struct event ev;
	size_t off, len;
	ssize_t n;

	n = recvfrom(nl_socket_get_fd(m->nl.sk), buf, sizeof(buf),
		     MSG_DONTWAIT | MSG_TRUNC, (struct sockaddr *)&from,
		     &fromlen);
	if (n < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return 0;
		if (errno == ENOBUFS)
			return print_overrun(m);
		lc_err("%s: cannot read the events: %s", m->cmd,
		       strerror(errno));
		return -1;
	}
	/* another process may write to our port: only the kernel is heard */
	if (fromlen < sizeof(from) || from.nl_family != AF_NETLINK ||
	    from.nl_pid)
		return 0;
	if ((size_t)n > sizeof(buf)) {
		lc_err("%s: skipped an event of %zd bytes: larger than any the module sends",
		       m->cmd, n);
		return 0;
	}

	/* the kernel sends one message a datagram, but may send more */
	for (off = 0; (size_t)n - off >= NLMSG_HDRLEN;
	     off += NLMSG_ALIGN(len)) {
		memcpy(&nlh, data + off, sizeof(nlh));
		len = nlh.nlmsg_len;
		if (len < NLMSG_HDRLEN || len > (size_t)n - off)
			break;
		switch (event_parse(data + off, len, m->nl.family, &ev)) {
		case 1:
			if (print_event(m, &ev))
				return -1;
			break;
		case 0:
			break;
		default:
			/* one bad event does not end the watch */
			lc_err("%s: malformed event from the kernel", m->cmd);
		}
		/* the last message may go without its padding */
		if (NLMSG_ALIGN(len) >= (size_t)n - off)
			break;
	}
	return 0;
}

/*
 * The routes are judged with the running policy: its tunnel names and its
 * endpoints, as the module sees them.
 */
static int check_routes(const struct monitor *m)
{
	struct lb_status st;
	struct policy p = { 0 };
	struct link *links = NULL;
	size_t nlinks = 0;
	int ret = -1;

	if (status_read(m->cmd, &st))
		goto out;
	if (policy_from_status(&p, &st)) {
		lc_err("%s: out of memory", m->cmd);
		goto out;
	}
	if (rtdump_links(m->cmd, &links, &nlinks))
		goto out;
	ret = tunnelvision_warn(m->cmd, &p, links, nlinks);
out:
	free(links);
	policy_free(&p);
	status_free(&st);
	return ret;
}

int monitor_main(int argc, char **argv)
{
	struct monitor m = { .cmd = argv[0] };
	sigset_t wait_mask;
	struct pollfd pfd;
	int i, ret = 1;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-j"))
			return cmd_usage(argv[0]);
		opt_json = true;
	}
	if (stop_signals_init(&wait_mask)) {
		lc_err("%s: cannot handle signals: %s", m.cmd, strerror(errno));
		return 1;
	}
	/* joined first, so that no event is missed while routes are read */
	if (lb_nl_open(&m.nl, m.cmd))
		return 1;
	if (lb_nl_join_events(&m.nl) || check_routes(&m))
		goto out;

	pfd.fd = nl_socket_get_fd(m.nl.sk);
	pfd.events = POLLIN;
	while (!stop_requested()) {
		if (ppoll(&pfd, 1, NULL, &wait_mask) < 0) {
			if (errno == EINTR)
				continue;
			lc_err("%s: cannot wait for events: %s", m.cmd,
			       strerror(errno));
			goto out;
		}
		if (read_events(&m))
			goto out;
	}
	ret = 0;
out:
	lb_nl_close(&m.nl);
	return ret;
}
