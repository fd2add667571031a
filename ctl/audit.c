// SPDX-License-Identifier: GPL-2.0
/*
 * audit [--iface IFACE...] [--duration SECONDS] [-j]: a check that does not
 * trust the module. AF_PACKET sockets on the physical interfaces see every
 * frame that leaves, including what never crossed netfilter (a raw packet
 * socket's, say); each is judged as the module would judge it, and each
 * that it would drop is a leak. Exit status 0: none seen, 3: leaks, 1: an
 * error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <arpa/inet.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/leakblock.h>

#include "config.h"
#include "event.h"
#include "frame.h"
#include "leakctl.h"
#include "nl.h"
#include "policy.h"
#include "rtdump.h"
#include "setreq.h"
#include "show.h"
#include "stop.h"

#define DURATION_DEFAULT 10
#define DURATION_MAX 86400
#define EXIT_LEAKS 3
/*
 * Enough of a frame for every header the verdict and the DNS question
 * need (link layer and tags, IPv6 and its extension headers within the
 * parse window, TCP with options, a question); the rest is not copied.
 */
#define SNAPLEN 1024
/* A burst of frames while we print: each takes about 2 KiB of buffer. */
#define FRAMES_RCVBUF (8 << 20)
/* Frames read from one socket before the others get their turn. */
#define BATCH 64

struct watch {
	const struct link *link;
	int fd;
	bool down;		/* ENETDOWN was reported */
};

struct audit {
	const char *cmd;
	unsigned int duration;
	struct policy policy;
	const char *source;	/* what the policy was taken from */
	struct link *links;
	size_t nlinks;
	struct watch *w;
	const char **names;	/* of the watched interfaces */
	size_t n;
	struct frame_counts counts;
};

/* Decimal 1..DURATION_MAX, nothing else. */
static int parse_duration(const char *s, unsigned int *out)
{
	unsigned long v = 0;
	size_t i;

	for (i = 0; s[i]; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 6)
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (!i || v < 1 || v > DURATION_MAX)
		return -1;
	*out = v;
	return 0;
}

/* The endpoints and allowances of a config file, resolved, or of "". */
static int config_policy(struct audit *a, const char *data, size_t len)
{
	char where[TEXT_WHERE_MAX];
	struct ep_list l = { .cmd = a->cmd };
	struct endpoint *eps = NULL;
	struct endpoint_arg pa;
	struct text_err err;
	struct config cfg;
	size_t i;
	int ret = -1;

	if (config_parse(data, len, &cfg, &err)) {
		lc_err("%s%s", text_where(where, sizeof(where), CONFIG_PATH,
					  err.line), err.msg);
		return -1;
	}
	for (i = 0; i < cfg.nendpoints; i++) {
		/* parsed again: it is known to be good */
		endpoint_parse(cfg.endpoints[i].text, &pa);
		if (ep_list_add(&l, &pa, i,
				text_where(where, sizeof(where), CONFIG_PATH,
					   cfg.endpoints[i].line)))
			goto out;
	}
	if (ep_list_finish(&l))
		goto out;
	eps = calloc(l.n ? l.n : 1, sizeof(*eps));
	if (!eps) {
		lc_err("%s: out of memory", a->cmd);
		goto out;
	}
	for (i = 0; i < l.n; i++)
		eps[i] = l.v[i].ep;
	if (policy_init(&a->policy, cfg.allow, eps, l.n)) {
		lc_err("%s: out of memory", a->cmd);
		goto out;
	}
	ret = 0;
out:
	free(eps);
	ep_list_free(&l);
	config_free(&cfg);
	return ret;
}

/*
 * The running policy if the module is loaded; else the config file's if
 * there is one; else the defaults. Always armed, whatever they say.
 */
static int load_policy(struct audit *a)
{
	struct lb_status st;
	size_t len = 0;
	char *data;
	int ret;

	ret = lb_nl_loaded(a->cmd);
	if (ret < 0)
		return -1;
	if (ret) {
		a->source = "the running policy";
		ret = status_read(a->cmd, &st);
		if (!ret && policy_from_status(&a->policy, &st)) {
			lc_err("%s: out of memory", a->cmd);
			ret = 1;
		}
		status_free(&st);
		return ret ? -1 : 0;
	}

	ret = text_read(CONFIG_PATH, &data, &len);
	if (ret == -ENOENT) {
		a->source = "the defaults";
		return config_policy(a, "", 0);
	}
	if (ret) {
		lc_err("cannot read `%s': %s", CONFIG_PATH, strerror(-ret));
		return -1;
	}
	a->source = CONFIG_PATH;
	ret = config_policy(a, data, len);
	free(data);
	return ret;
}

static int add_watch(struct audit *a, const struct link *l)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (a->w[i].link == l)
			return 0;
	a->w[a->n].link = l;
	a->w[a->n].fd = -1;
	a->names[a->n] = l->name;
	a->n++;
	return 0;
}

/* An interface named on the command line, which must be one to watch. */
static int choose_named(struct audit *a, const char *name)
{
	const struct link *l = link_by_name(a->links, a->nlinks, name);

	if (!l) {
		lc_err("%s: no such interface `%s'", a->cmd, name);
		return -1;
	}
	if (link_is_loopback(l)) {
		lc_err("%s: `%s' is a loopback device: nothing leaves through it",
		       a->cmd, name);
		return -1;
	}
	if (link_is_tunnel(l, &a->policy)) {
		lc_err("%s: `%s' is a tunnel: what it carries is inside the VPN",
		       a->cmd, name);
		return -1;
	}
	if (!frame_link_supported(l->type)) {
		lc_err("%s: cannot read the frames of `%s': link type %u is not supported",
		       a->cmd, name, l->type);
		return -1;
	}
	return add_watch(a, l);
}

/* By default, every interface that is up but loopback and tunnels. */
static int choose_default(struct audit *a)
{
	const struct link *l;
	size_t i;

	for (i = 0; i < a->nlinks; i++) {
		l = &a->links[i];
		if (!(l->flags & IFF_UP) || link_is_loopback(l) ||
		    link_is_tunnel(l, &a->policy))
			continue;
		if (!frame_link_supported(l->type)) {
			lc_err("%s: warning: `%s' is not watched: link type %u is not supported",
			       a->cmd, l->name, l->type);
			continue;
		}
		add_watch(a, l);
	}
	if (!a->n) {
		lc_err("%s: no interface to watch: none is up but loopback and tunnels",
		       a->cmd);
		return -1;
	}
	return 0;
}

static int choose(struct audit *a, char **names, size_t nnames)
{
	size_t i;

	a->w = calloc(a->nlinks ? a->nlinks : 1, sizeof(*a->w));
	a->names = calloc(a->nlinks ? a->nlinks : 1, sizeof(*a->names));
	if (!a->w || !a->names) {
		lc_err("%s: out of memory", a->cmd);
		return -1;
	}
	if (!nnames)
		return choose_default(a);
	for (i = 0; i < nnames; i++)
		if (choose_named(a, names[i]))
			return -1;
	return 0;
}

/*
 * Protocol 0 at first, so that nothing is queued before bind() names the
 * interface, and a filter that keeps only outgoing frames, cut to SNAPLEN:
 * incoming traffic does not fill the buffer.
 */
static int open_watch(struct audit *a, struct watch *w)
{
	static struct sock_filter outgoing[] = {
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, SKF_AD_OFF + SKF_AD_PKTTYPE),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PACKET_OUTGOING, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SNAPLEN),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog prog = { ARRAY_SIZE(outgoing), outgoing };
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ALL),
		.sll_ifindex = w->link->index,
	};

	w->fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (w->fd < 0) {
		if (errno == EPERM)
			lc_err("%s: cannot open a packet socket: CAP_NET_RAW is required",
			       a->cmd);
		else
			lc_err("%s: cannot open a packet socket: %s", a->cmd,
			       strerror(errno));
		return -1;
	}
	if (setsockopt(w->fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog,
		       sizeof(prog))) {
		lc_err("%s: cannot filter the frames of `%s': %s", a->cmd,
		       w->link->name, strerror(errno));
		return -1;
	}
	sock_grow_buffer(w->fd, SO_RCVBUF, SO_RCVBUFFORCE, FRAMES_RCVBUF);
	if (bind(w->fd, (struct sockaddr *)&sll, sizeof(sll))) {
		lc_err("%s: cannot watch `%s': %s", a->cmd, w->link->name,
		       strerror(errno));
		return -1;
	}
	return 0;
}

static uint64_t now_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (uint64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int print_leak(const struct audit *a, const struct event *ev)
{
	if (opt_json)
		event_json(stdout, ev);
	else
		event_text(stdout, "leak", ev);
	if (!fflush(stdout) && !ferror(stdout))
		return 0;
	lc_err("%s: cannot write the leaks: %s", a->cmd, strerror(errno));
	return -1;
}

static int judge(struct audit *a, const struct watch *w, const uint8_t *frame,
		 size_t len, const struct sockaddr_ll *sll)
{
	struct event ev;
	int reason;

	/* the filter passes no other; this is the guarantee, not it */
	if (sll->sll_pkttype != PACKET_OUTGOING)
		return 0;
	reason = frame_judge(&a->policy, frame, len, sll->sll_hatype,
			     ntohs(sll->sll_protocol), &ev);
	frame_count(&a->counts, reason);
	if (reason == FRAME_NOT_IP || lb_reason_passes(reason))
		return 0;
	ev.time_ns = now_ns(CLOCK_REALTIME);
	ev.ifindex = w->link->index;
	snprintf(ev.ifname, sizeof(ev.ifname), "%s", w->link->name);
	ev.has |= EV_TIME | EV_IFINDEX | EV_IFNAME;
	return print_leak(a, &ev);
}

/* Up to BATCH frames of one socket. 0, or -1 once printed. */
static int read_frames(struct audit *a, struct watch *w)
{
	uint8_t frame[SNAPLEN];
	struct sockaddr_ll sll;
	socklen_t sll_len;
	ssize_t n;
	int i;

	for (i = 0; i < BATCH; i++) {
		sll_len = sizeof(sll);
		n = recvfrom(w->fd, frame, sizeof(frame), 0,
			     (struct sockaddr *)&sll, &sll_len);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return 0;
		if (n < 0 && errno == ENETDOWN) {
			/* the socket resumes by itself if it comes back up */
			if (!w->down)
				lc_err("%s: warning: `%s' went down", a->cmd,
				       w->link->name);
			w->down = true;
			return 0;
		}
		if (n < 0) {
			lc_err("%s: cannot read the frames of `%s': %s",
			       a->cmd, w->link->name, strerror(errno));
			return -1;
		}
		if (judge(a, w, frame, n, &sll))
			return -1;
	}
	return 0;
}

static int watch(struct audit *a, const sigset_t *wait_mask)
{
	uint64_t deadline, now;
	struct pollfd *pfd;
	struct timespec ts;
	size_t i;
	int ret = -1;

	pfd = calloc(a->n, sizeof(*pfd));
	if (!pfd) {
		lc_err("%s: out of memory", a->cmd);
		return -1;
	}
	for (i = 0; i < a->n; i++) {
		pfd[i].fd = a->w[i].fd;
		pfd[i].events = POLLIN;
	}
	deadline = now_ns(CLOCK_MONOTONIC) + a->duration * 1000000000ULL;
	while (!stop_requested()) {
		now = now_ns(CLOCK_MONOTONIC);
		if (now >= deadline)
			break;
		ts.tv_sec = (deadline - now) / 1000000000;
		ts.tv_nsec = (deadline - now) % 1000000000;
		if (ppoll(pfd, a->n, &ts, wait_mask) < 0) {
			if (errno == EINTR)
				continue;
			lc_err("%s: cannot wait for frames: %s", a->cmd,
			       strerror(errno));
			goto out;
		}
		for (i = 0; i < a->n; i++)
			if (pfd[i].revents && read_frames(a, &a->w[i]))
				goto out;
	}
	ret = 0;
out:
	free(pfd);
	return ret;
}

/* What each socket had to drop, its buffer full. */
static void count_lost(struct audit *a)
{
	struct tpacket_stats stats;
	socklen_t len;
	size_t i;

	for (i = 0; i < a->n; i++) {
		len = sizeof(stats);
		if (!getsockopt(a->w[i].fd, SOL_PACKET, PACKET_STATISTICS,
				&stats, &len))
			a->counts.lost += stats.tp_drops;
	}
}

static int report(struct audit *a)
{
	if (a->counts.lost)
		lc_err("%s: warning: %llu frames were lost, the receive buffer full: leaks among them went unseen",
		       a->cmd, (unsigned long long)a->counts.lost);
	if (opt_json)
		frame_summary_json(stdout, &a->counts, a->names, a->n);
	else
		frame_summary_text(stdout, &a->counts, a->names, a->n);
	if (!fflush(stdout) && !ferror(stdout))
		return 0;
	lc_err("%s: cannot write the summary: %s", a->cmd, strerror(errno));
	return -1;
}

static void intro(const struct audit *a)
{
	size_t i;

	if (opt_json)
		return;
	fputs("audit: watching", stdout);
	for (i = 0; i < a->n; i++) {
		putchar(' ');
		put_masked(stdout, a->names[i], false);
	}
	printf(" for %u s; judged by %s: %u endpoints, allow", a->duration,
	       a->source, a->policy.rules.endpoints.count);
	for (i = 0; i < nallowances; i++)
		if (a->policy.rules.allow & allowances[i].bit)
			printf(" %s", allowances[i].name);
	if (!(a->policy.rules.allow & __LEAKBLOCK_ALLOW_ALL))
		fputs(" nothing", stdout);
	putchar('\n');
	/* Now, not at the first leak: a script waits for it to start. */
	fflush(stdout);
}

/* The options; names points into argv. 0, or the exit status. */
static int parse_args(struct audit *a, int argc, char **argv, char **names,
		      size_t *nnames)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-j")) {
			opt_json = true;
		} else if (!strcmp(argv[i], "--duration") && i + 1 < argc) {
			if (parse_duration(argv[++i], &a->duration)) {
				lc_err("invalid duration `%s': must be 1..%d seconds",
				       argv[i], DURATION_MAX);
				return 1;
			}
		} else if (!strcmp(argv[i], "--iface") && i + 1 < argc &&
			   argv[i + 1][0] != '-') {
			/* --iface eth0 wlan0, or --iface eth0 --iface wlan0 */
			while (i + 1 < argc && argv[i + 1][0] != '-')
				names[(*nnames)++] = argv[++i];
		} else {
			return cmd_usage(argv[0]);
		}
	}
	return 0;
}

int audit_main(int argc, char **argv)
{
	struct audit a = { .cmd = argv[0], .duration = DURATION_DEFAULT };
	sigset_t wait_mask;
	size_t nnames = 0, i;
	char **names;
	int ret;

	names = calloc(argc, sizeof(*names));
	if (!names) {
		lc_err("%s: out of memory", a.cmd);
		return 1;
	}
	ret = parse_args(&a, argc, argv, names, &nnames);
	if (ret)
		goto out_names;
	ret = 1;
	if (stop_signals_init(&wait_mask)) {
		lc_err("%s: cannot handle signals: %s", a.cmd, strerror(errno));
		goto out_names;
	}
	if (load_policy(&a) || rtdump_links(a.cmd, &a.links, &a.nlinks) ||
	    choose(&a, names, nnames) ||
	    tunnelvision_warn(a.cmd, &a.policy, a.links, a.nlinks))
		goto out;
	for (i = 0; i < a.n; i++)
		if (open_watch(&a, &a.w[i]))
			goto out;

	intro(&a);
	if (watch(&a, &wait_mask))
		goto out;
	count_lost(&a);
	if (report(&a))
		goto out;
	ret = a.counts.leaks ? EXIT_LEAKS : 0;
out:
	for (i = 0; i < a.n; i++)
		if (a.w[i].fd >= 0)
			close(a.w[i].fd);
	free(a.w);
	free(a.names);
	free(a.links);
	policy_free(&a.policy);
out_names:
	free(names);
	return ret;
}
