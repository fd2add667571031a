// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for what monitor does with each message it receives:
 * event_parse() on any bytes, then both printed forms of what it accepts.
 *
 * If the first byte is odd, the rest is the whole message; otherwise it is
 * the attributes of a message whose headers are those of an event, so
 * that the fuzzer spends its time inside the nest.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <linux/leakblock.h>

#include "../../ctl/event.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FAMILY 0x1c

/* One line, or two with the rate limit's; no byte to drive a terminal. */
static void check_text(const char *s, size_t len, unsigned int lines)
{
	size_t i;

	if (!len || s[len - 1] != '\n')
		abort();
	for (i = 0; i < len; i++) {
		if (s[i] == '\n') {
			lines--;
			continue;
		}
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			abort();
	}
	if (lines)
		abort();
}

static void check_event(const struct event *ev)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f;

	if (strnlen(ev->ifname, sizeof(ev->ifname)) == sizeof(ev->ifname) ||
	    strnlen(ev->dns_name, sizeof(ev->dns_name)) ==
	    sizeof(ev->dns_name))
		abort();
	if ((ev->has & EV_ADDRS) && ev->family != AF_INET &&
	    ev->family != AF_INET6)
		abort();

	f = open_memstream(&buf, &len);
	if (!f)
		return;
	event_text(f, "blocked", ev);
	fclose(f);
	check_text(buf, len, 1 + ((ev->has & EV_SUPPRESSED) &&
				  ev->suppressed));
	free(buf);

	buf = NULL;
	f = open_memstream(&buf, &len);
	if (!f)
		return;
	event_json(f, ev);
	fclose(f);
	if (len < 3 || buf[0] != '{' || buf[len - 2] != '}' ||
	    buf[len - 1] != '\n')
		abort();
	for (i = 0; i + 1 < len; i++)
		if ((unsigned char)buf[i] < 0x20)
			abort();
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t head = NLMSG_HDRLEN + GENL_HDRLEN, len;
	struct nlmsghdr nlh = { .nlmsg_type = FAMILY };
	struct genlmsghdr genl = { .cmd = LEAKBLOCK_CMD_EVENT, .version = 1 };
	struct event ev;
	uint8_t *msg;
	int ret;

	if (!size || size > 65535)
		return 0;
	len = data[0] & 1 ? size - 1 : head + size - 1;
	/* an exact-size heap copy, so that a read past the end is caught */
	msg = malloc(len ? len : 1);
	if (!msg)
		return 0;
	if (data[0] & 1) {
		memcpy(msg, data + 1, size - 1);
	} else {
		nlh.nlmsg_len = len;
		memcpy(msg, &nlh, sizeof(nlh));
		memcpy(msg + NLMSG_HDRLEN, &genl, sizeof(genl));
		memcpy(msg + head, data + 1, size - 1);
	}

	ret = event_parse(msg, len, FAMILY, &ev);
	if (ret != 1 && ret != 0 && ret != -EBADMSG)
		abort();
	if (ret != 1 && ev.has)
		abort();
	if (ret == 1)
		check_event(&ev);
	free(msg);
	return 0;
}
