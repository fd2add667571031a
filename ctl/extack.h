/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the kernel says about a rejected request, and which attribute of
 * the request it blames (pure: raw <linux/netlink.h>, unit-tested).
 */
#ifndef LEAKCTL_EXTACK_H
#define LEAKCTL_EXTACK_H

#include <linux/netlink.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct lb_ack {
	int err;		/* positive errno; 0: success */
	bool has_offs;
	uint32_t offs;		/* from the start of the request's nlmsghdr */
	char msg[256];		/* NLMSGERR_ATTR_MSG, "" if none */
};

/*
 * Reads the extended ACK TLVs of an NLMSG_ERROR or NLMSG_DONE message, all
 * nlh->nlmsg_len bytes of which must be readable. Sets msg and offs only.
 */
void extack_parse(const struct nlmsghdr *nlh, struct lb_ack *ack);

/* Byte ranges of the attributes added to a request, in increasing order. */
struct lb_mark {
	uint32_t start, end;
};

struct lb_marks {
	struct lb_mark *v;
	size_t n, cap;
};

int marks_add(struct lb_marks *m, uint32_t start, uint32_t end);
/* Index of the mark whose range holds off, or -1. */
ssize_t marks_find(const struct lb_marks *m, uint32_t off);
void marks_free(struct lb_marks *m);

#endif /* LEAKCTL_EXTACK_H */
