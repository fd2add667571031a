// SPDX-License-Identifier: GPL-2.0
/*
 * lbprobe: the traffic the leakblock VM tests send and answer.
 *
 *   lbprobe dns ADDR [--port N] [--dev IFNAME] [--name QNAME] [--tcp]
 *                    [--timeout MS]
 *	Send one DNS query (type A) and wait for its reply.
 *	Exit 0: a reply came back; 2: the send failed (errno printed,
 *	EPERM is what a netfilter drop gives locally); 3: no reply before
 *	the timeout; 4: an error came back instead (ICMP unreachable,
 *	connection refused); 1: bad usage or local setup failure.
 *
 *   lbprobe serve ADDR PORT
 *	Answer every DNS query on ADDR:PORT, UDP and TCP, with one A record.
 *	Bound to ADDR so replies leave from the address that was asked.
 *	Prints "serving ADDR PORT" once both sockets listen.
 *
 *   lbprobe flood ADDR PORT --count N [--dev IFNAME] [--duration MS]
 *	Send N small UDP datagrams as fast as possible, ignoring errors,
 *	for at most MS milliseconds. Prints how many sends succeeded.
 *
 *   lbprobe bench ADDR PORT --count N [--size BYTES] [--warmup N]
 *	The benchmark's traffic: on one connected UDP socket, send WARMUP
 *	datagrams (default 1000) untimed, then N timed ones of BYTES payload
 *	(default 64) in a tight loop, on CLOCK_MONOTONIC. A failed send counts
 *	as a send (EPERM: the guard dropped it). Prints one line:
 *	"bench ADDR PORT: N sends, OK ok, FAIL failed (ERRNO), NS ns, RATE pps".
 */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define EXIT_REPLY	0
#define EXIT_USAGE	1
#define EXIT_SENDFAIL	2
#define EXIT_TIMEOUT	3
#define EXIT_ERRREPLY	4

#define DNS_HDR_LEN	12
#define DNS_MAX		512

struct target {
	struct sockaddr_storage ss;
	socklen_t len;
	int family;
};

static void bad_usage(void)
{
	fprintf(stderr,
		"usage: lbprobe dns ADDR [--port N] [--dev IFNAME] [--name QNAME] [--tcp] [--timeout MS]\n"
		"       lbprobe serve ADDR PORT\n"
		"       lbprobe flood ADDR PORT --count N [--dev IFNAME] [--duration MS]\n"
		"       lbprobe bench ADDR PORT --count N [--size BYTES] [--warmup N]\n");
	exit(EXIT_USAGE);
}

static long parse_num(const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *s == '\0' || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "lbprobe: bad number '%s'\n", s);
		exit(EXIT_USAGE);
	}
	return v;
}

static void parse_target(struct target *t, const char *addr, int port)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)&t->ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&t->ss;

	memset(t, 0, sizeof(*t));
	if (inet_pton(AF_INET, addr, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		t->len = sizeof(*sin);
		t->family = AF_INET;
	} else if (inet_pton(AF_INET6, addr, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		t->len = sizeof(*sin6);
		t->family = AF_INET6;
	} else {
		fprintf(stderr, "lbprobe: bad address '%s'\n", addr);
		exit(EXIT_USAGE);
	}
}

static int open_socket(const struct target *t, int type, const char *dev)
{
	int fd = socket(t->family, type | SOCK_CLOEXEC, 0);

	if (fd < 0) {
		fprintf(stderr, "lbprobe: socket: %s\n", strerror(errno));
		exit(EXIT_USAGE);
	}
	if (dev && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, dev,
			      strlen(dev) + 1) < 0) {
		fprintf(stderr, "lbprobe: SO_BINDTODEVICE %s: %s\n", dev,
			strerror(errno));
		exit(EXIT_USAGE);
	}
	return fd;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Builds a standard recursive query for QNAME, type A, class IN. */
static int build_query(uint8_t *buf, size_t size, const char *qname,
		       uint16_t id)
{
	const char *label = qname;
	size_t off = DNS_HDR_LEN;

	memset(buf, 0, DNS_HDR_LEN);
	buf[0] = id >> 8;
	buf[1] = id & 0xff;
	buf[2] = 0x01;		/* RD */
	buf[5] = 1;		/* QDCOUNT */

	while (*label) {
		const char *dot = strchrnul(label, '.');
		size_t len = dot - label;

		if (len == 0 || len > 63 || off + len + 1 + 5 >= size)
			return -1;
		buf[off++] = len;
		memcpy(buf + off, label, len);
		off += len;
		label = *dot ? dot + 1 : dot;
	}
	buf[off++] = 0;
	buf[off++] = 0;
	buf[off++] = 1;		/* QTYPE A */
	buf[off++] = 0;
	buf[off++] = 1;		/* QCLASS IN */
	return off;
}

static bool is_reply_to(const uint8_t *buf, ssize_t len, uint16_t id)
{
	return len >= DNS_HDR_LEN && buf[0] == (id >> 8) &&
	       buf[1] == (id & 0xff) && (buf[2] & 0x80);
}

/* Waits for fd to become readable (or writable); 0 on timeout. */
static int wait_fd(int fd, short events, long deadline)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	long left;
	int ret;

	for (;;) {
		left = deadline - now_ms();
		if (left <= 0)
			return 0;
		ret = poll(&pfd, 1, left);
		if (ret < 0 && errno == EINTR)
			continue;
		return ret;
	}
}

static int dns_udp(const struct target *t, const char *dev,
		   const uint8_t *q, int qlen, uint16_t id, long deadline)
{
	uint8_t buf[DNS_MAX];
	ssize_t n;
	int fd;

	fd = open_socket(t, SOCK_DGRAM, dev);
	/* Connected, so ICMP errors come back to us as errno. */
	if (connect(fd, (const struct sockaddr *)&t->ss, t->len) < 0) {
		printf("send failed: connect: %s\n", strerror(errno));
		return EXIT_SENDFAIL;
	}
	if (send(fd, q, qlen, 0) < 0) {
		printf("send failed: %s\n", strerror(errno));
		return EXIT_SENDFAIL;
	}
	for (;;) {
		if (wait_fd(fd, POLLIN, deadline) <= 0) {
			printf("timeout: no reply\n");
			return EXIT_TIMEOUT;
		}
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0) {
			printf("error reply: %s\n", strerror(errno));
			return EXIT_ERRREPLY;
		}
		if (is_reply_to(buf, n, id)) {
			printf("reply: %zd bytes\n", n);
			return EXIT_REPLY;
		}
	}
}

static int dns_tcp(const struct target *t, const char *dev,
		   const uint8_t *q, int qlen, uint16_t id, long deadline)
{
	uint8_t buf[DNS_MAX + 2], msg[DNS_MAX + 2];
	socklen_t elen = sizeof(int);
	size_t got = 0;
	int fd, err = 0;
	ssize_t n;

	fd = open_socket(t, SOCK_STREAM | SOCK_NONBLOCK, dev);
	if (connect(fd, (const struct sockaddr *)&t->ss, t->len) < 0) {
		if (errno != EINPROGRESS) {
			printf("send failed: connect: %s\n", strerror(errno));
			return EXIT_SENDFAIL;
		}
		if (wait_fd(fd, POLLOUT, deadline) <= 0) {
			printf("timeout: connect\n");
			return EXIT_TIMEOUT;
		}
		getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen);
		/* A reset is an answer: the SYN did get out. */
		if (err == ECONNREFUSED) {
			printf("error reply: connect: %s\n", strerror(err));
			return EXIT_ERRREPLY;
		}
		if (err) {
			printf("send failed: connect: %s\n", strerror(err));
			return EXIT_SENDFAIL;
		}
	}
	msg[0] = qlen >> 8;
	msg[1] = qlen & 0xff;
	memcpy(msg + 2, q, qlen);
	if (send(fd, msg, qlen + 2, MSG_NOSIGNAL) != qlen + 2) {
		printf("send failed: %s\n", strerror(errno));
		return EXIT_SENDFAIL;
	}
	while (got < sizeof(buf)) {
		if (wait_fd(fd, POLLIN, deadline) <= 0) {
			printf("timeout: no reply\n");
			return EXIT_TIMEOUT;
		}
		n = recv(fd, buf + got, sizeof(buf) - got, 0);
		if (n < 0) {
			printf("error reply: %s\n", strerror(errno));
			return EXIT_ERRREPLY;
		}
		if (n == 0)
			break;
		got += n;
		if (got >= 2 && got >= 2u + ((buf[0] << 8) | buf[1]))
			break;
	}
	if (got > 2 && is_reply_to(buf + 2, got - 2, id)) {
		printf("reply: %zu bytes\n", got - 2);
		return EXIT_REPLY;
	}
	printf("error reply: connection closed without an answer\n");
	return EXIT_ERRREPLY;
}

static int cmd_dns(int argc, char **argv)
{
	const char *dev = NULL, *qname = "leak-test.example";
	long port = 53, timeout = 2000;
	uint8_t q[DNS_MAX];
	struct target t;
	bool tcp = false;
	uint16_t id;
	int i, qlen;

	if (argc < 1)
		bad_usage();
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--tcp"))
			tcp = true;
		else if (i + 1 >= argc)
			bad_usage();
		else if (!strcmp(argv[i], "--port"))
			port = parse_num(argv[++i], 1, 65535);
		else if (!strcmp(argv[i], "--dev"))
			dev = argv[++i];
		else if (!strcmp(argv[i], "--name"))
			qname = argv[++i];
		else if (!strcmp(argv[i], "--timeout"))
			timeout = parse_num(argv[++i], 1, 600000);
		else
			bad_usage();
	}
	parse_target(&t, argv[0], port);
	id = (getpid() ^ now_ms()) & 0xffff;
	qlen = build_query(q, sizeof(q), qname, id);
	if (qlen < 0) {
		fprintf(stderr, "lbprobe: bad name '%s'\n", qname);
		return EXIT_USAGE;
	}
	if (tcp)
		return dns_tcp(&t, dev, q, qlen, id, now_ms() + timeout);
	return dns_udp(&t, dev, q, qlen, id, now_ms() + timeout);
}

/*
 * Turns a query into a reply in place: one A record 192.0.2.53 for type A
 * questions, an empty NOERROR answer for anything else. Returns the
 * reply's length, or -1 for something that is not a query.
 */
static int make_reply(uint8_t *buf, int len, int size)
{
	static const uint8_t answer[] = {
		0xc0, 0x0c,		/* name: pointer to the question */
		0x00, 0x01, 0x00, 0x01,	/* A, IN */
		0x00, 0x00, 0x00, 0x3c,	/* TTL 60 */
		0x00, 0x04, 192, 0, 2, 53,
	};
	int off = DNS_HDR_LEN;
	bool type_a;

	if (len < DNS_HDR_LEN + 5 || (buf[2] & 0x80) ||
	    buf[4] != 0 || buf[5] != 1)
		return -1;
	while (off < len && buf[off]) {
		if (buf[off] & 0xc0)
			return -1;
		off += buf[off] + 1;
	}
	if (off + 5 > len)
		return -1;
	type_a = buf[off + 1] == 0 && buf[off + 2] == 1;
	off += 5;
	buf[2] = 0x80 | (buf[2] & 0x01);	/* QR, keep RD */
	buf[3] = 0x80;				/* RA, NOERROR */
	memset(buf + 6, 0, 6);
	if (type_a && off + (int)sizeof(answer) <= size) {
		buf[7] = 1;
		memcpy(buf + off, answer, sizeof(answer));
		off += sizeof(answer);
	}
	return off;
}

static void serve_udp(int fd)
{
	struct sockaddr_storage from;
	socklen_t flen = sizeof(from);
	uint8_t buf[DNS_MAX];
	ssize_t n;
	int len;

	n = recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT,
		     (struct sockaddr *)&from, &flen);
	if (n <= 0)
		return;
	len = make_reply(buf, n, sizeof(buf));
	if (len > 0)
		sendto(fd, buf, len, 0, (struct sockaddr *)&from, flen);
}

/* One query per connection is all the tests send. */
static void serve_tcp(int lfd)
{
	struct timeval tv = { .tv_sec = 1 };
	uint8_t buf[DNS_MAX + 2];
	size_t got = 0, want;
	ssize_t n;
	int fd, len;

	fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		return;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	while (got < sizeof(buf)) {
		n = recv(fd, buf + got, sizeof(buf) - got, 0);
		if (n <= 0)
			break;
		got += n;
		want = got >= 2 ? 2u + ((buf[0] << 8) | buf[1]) : 0;
		if (want && got >= want)
			break;
	}
	if (got > 2) {
		len = make_reply(buf + 2, got - 2, sizeof(buf) - 2);
		if (len > 0) {
			buf[0] = len >> 8;
			buf[1] = len & 0xff;
			send(fd, buf, len + 2, MSG_NOSIGNAL);
		}
	}
	close(fd);
}

static int cmd_serve(int argc, char **argv)
{
	struct pollfd pfd[2];
	struct target t;
	int one = 1;

	if (argc != 2)
		bad_usage();
	parse_target(&t, argv[0], parse_num(argv[1], 1, 65535));
	pfd[0].fd = open_socket(&t, SOCK_DGRAM, NULL);
	pfd[1].fd = open_socket(&t, SOCK_STREAM, NULL);
	setsockopt(pfd[1].fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(pfd[0].fd, (struct sockaddr *)&t.ss, t.len) < 0 ||
	    bind(pfd[1].fd, (struct sockaddr *)&t.ss, t.len) < 0 ||
	    listen(pfd[1].fd, 16) < 0) {
		fprintf(stderr, "lbprobe: bind %s %s: %s\n", argv[0], argv[1],
			strerror(errno));
		return EXIT_USAGE;
	}
	pfd[0].events = POLLIN;
	pfd[1].events = POLLIN;
	printf("serving %s %s\n", argv[0], argv[1]);
	fflush(stdout);
	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return EXIT_USAGE;
		}
		if (pfd[0].revents & POLLIN)
			serve_udp(pfd[0].fd);
		if (pfd[1].revents & POLLIN)
			serve_tcp(pfd[1].fd);
	}
}

/* Lock-free, so safe to set from a signal handler. */
static atomic_bool flood_stopped;

static void stop_flood(int sig)
{
	(void)sig;
	flood_stopped = 1;
}

/* Until the count, the duration or SIGTERM/SIGINT, then the summary. */
static int cmd_flood(int argc, char **argv)
{
	static const char payload[] = "leakblock-flood";
	long count = -1, duration = 10000, i, ok = 0, fail = 0;
	const char *dev = NULL;
	long deadline;
	struct target t;
	int fd, j;

	if (argc < 2)
		bad_usage();
	for (j = 2; j < argc; j++) {
		if (j + 1 >= argc)
			bad_usage();
		if (!strcmp(argv[j], "--count"))
			count = parse_num(argv[++j], 1, 1000000000);
		else if (!strcmp(argv[j], "--dev"))
			dev = argv[++j];
		else if (!strcmp(argv[j], "--duration"))
			duration = parse_num(argv[++j], 1, 600000);
		else
			bad_usage();
	}
	if (count < 0)
		bad_usage();
	parse_target(&t, argv[0], parse_num(argv[1], 1, 65535));
	fd = open_socket(&t, SOCK_DGRAM, dev);
	signal(SIGTERM, stop_flood);
	signal(SIGINT, stop_flood);
	deadline = now_ms() + duration;
	for (i = 0; i < count && !flood_stopped; i++) {
		if (sendto(fd, payload, sizeof(payload) - 1, MSG_DONTWAIT,
			   (struct sockaddr *)&t.ss, t.len) < 0)
			fail++;
		else
			ok++;
		/* The clock is cheap, but not free under TCG. */
		if ((i & 255) == 255 && now_ms() >= deadline)
			break;
	}
	printf("flood %s %s: %ld sent, %ld failed\n", argv[0], argv[1], ok,
	       fail);
	return 0;
}

static long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static int cmd_bench(int argc, char **argv)
{
	long count = -1, size = 64, warmup = 1000, i, ok = 0, fail = 0;
	int fd, j, last_errno = 0;
	char payload[1400];
	long start, elapsed;
	struct target t;

	if (argc < 2)
		bad_usage();
	for (j = 2; j < argc; j++) {
		if (j + 1 >= argc)
			bad_usage();
		if (!strcmp(argv[j], "--count"))
			count = parse_num(argv[++j], 1, 1000000000);
		else if (!strcmp(argv[j], "--size"))
			size = parse_num(argv[++j], 1, sizeof(payload));
		else if (!strcmp(argv[j], "--warmup"))
			warmup = parse_num(argv[++j], 0, 1000000000);
		else
			bad_usage();
	}
	if (count < 0)
		bad_usage();
	parse_target(&t, argv[0], parse_num(argv[1], 1, 65535));
	memset(payload, 'b', sizeof(payload));
	fd = open_socket(&t, SOCK_DGRAM, NULL);
	/* Connected: the route is looked up once, not per datagram. */
	if (connect(fd, (const struct sockaddr *)&t.ss, t.len) < 0) {
		fprintf(stderr, "lbprobe: connect: %s\n", strerror(errno));
		return EXIT_USAGE;
	}
	for (i = 0; i < warmup; i++)
		send(fd, payload, size, MSG_DONTWAIT);
	start = now_ns();
	for (i = 0; i < count; i++) {
		if (send(fd, payload, size, MSG_DONTWAIT) < 0) {
			fail++;
			last_errno = errno;
		} else {
			ok++;
		}
	}
	elapsed = now_ns() - start;
	printf("bench %s %s: %ld sends, %ld ok, %ld failed (%s), %ld ns, %.1f pps\n",
	       argv[0], argv[1], count, ok, fail,
	       fail ? strerrorname_np(last_errno) : "-", elapsed,
	       elapsed > 0 ? count * 1e9 / elapsed : 0.0);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2)
		bad_usage();
	if (!strcmp(argv[1], "dns"))
		return cmd_dns(argc - 2, argv + 2);
	if (!strcmp(argv[1], "serve"))
		return cmd_serve(argc - 2, argv + 2);
	if (!strcmp(argv[1], "flood"))
		return cmd_flood(argc - 2, argv + 2);
	if (!strcmp(argv[1], "bench"))
		return cmd_bench(argc - 2, argv + 2);
	bad_usage();
	return EXIT_USAGE;
}
