// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "extack.h"

void extack_parse(const struct nlmsghdr *nlh, struct lb_ack *ack)
{
	const unsigned char *base = (const unsigned char *)nlh;
	size_t len = nlh->nlmsg_len, off, alen;
	struct nlattr nla;

	ack->msg[0] = '\0';
	ack->has_offs = false;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;

	if (nlh->nlmsg_type == NLMSG_ERROR) {
		struct nlmsgerr e;

		off = NLMSG_HDRLEN + sizeof(e);
		if (len < off)
			return;
		memcpy(&e, base + NLMSG_HDRLEN, sizeof(e));
		/* Unless capped, the whole request is echoed before the TLVs. */
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
			if (e.msg.nlmsg_len < NLMSG_HDRLEN)
				return;
			off += e.msg.nlmsg_len - NLMSG_HDRLEN;
		}
	} else if (nlh->nlmsg_type == NLMSG_DONE) {
		/* a dump's end carries its error code, then the TLVs */
		off = NLMSG_HDRLEN + sizeof(int);
	} else {
		return;
	}

	for (off = NLMSG_ALIGN(off); off + NLA_HDRLEN <= len;
	     off += NLA_ALIGN(nla.nla_len)) {
		memcpy(&nla, base + off, sizeof(nla));
		if (nla.nla_len < NLA_HDRLEN || nla.nla_len > len - off)
			return;
		alen = nla.nla_len - NLA_HDRLEN;

		switch (nla.nla_type & NLA_TYPE_MASK) {
		case NLMSGERR_ATTR_MSG:
			alen = strnlen((const char *)base + off + NLA_HDRLEN,
				       alen);
			if (alen >= sizeof(ack->msg))
				alen = sizeof(ack->msg) - 1;
			memcpy(ack->msg, base + off + NLA_HDRLEN, alen);
			ack->msg[alen] = '\0';
			break;
		case NLMSGERR_ATTR_OFFS:
			if (alen != sizeof(uint32_t))
				break;
			memcpy(&ack->offs, base + off + NLA_HDRLEN, alen);
			ack->has_offs = true;
			break;
		case NLMSGERR_ATTR_MISS_NEST:
			/* the nest that lacks an attribute is as good */
			if (alen != sizeof(uint32_t) || ack->has_offs)
				break;
			memcpy(&ack->offs, base + off + NLA_HDRLEN, alen);
			ack->has_offs = true;
			break;
		}
	}
}

int marks_add(struct lb_marks *m, uint32_t start, uint32_t end)
{
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 64;
		struct lb_mark *v = realloc(m->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		m->v = v;
		m->cap = cap;
	}
	m->v[m->n].start = start;
	m->v[m->n].end = end;
	m->n++;
	return 0;
}

ssize_t marks_find(const struct lb_marks *m, uint32_t off)
{
	size_t lo = 0, hi = m->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (off < m->v[mid].start)
			hi = mid;
		else if (off >= m->v[mid].end)
			lo = mid + 1;
		else
			return mid;
	}
	return -1;
}

void marks_free(struct lb_marks *m)
{
	free(m->v);
	memset(m, 0, sizeof(*m));
}
