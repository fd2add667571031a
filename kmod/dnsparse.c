// SPDX-License-Identifier: GPL-2.0
/*
 * The question of a DNS query, bounds-checked at every byte. See dnsparse.h.
 */

#include "dnsparse.h"

#define DNS_HEADER 12
#define DNS_MAX_WIRE_NAME 255	/* RFC 1035 2.3.4, length octets included */
#define DNS_POINTER 0xc0
/* Pointers only go backwards, but can still cycle: bound the jumps too. */
#define DNS_MAX_POINTERS 16

struct name_writer {
	char *out;
	u32 pos;
};

static bool put_char(struct name_writer *w, char c)
{
	if (w->pos + 1 >= LB_DNS_NAME_SIZE)
		return false;
	w->out[w->pos++] = c;
	return true;
}

/*
 * Letters, digits, '-', '_' and '*' as they are; any other byte, '.' in a
 * label included, as \DDD: unambiguous, and safe on a terminal or in JSON.
 */
static bool put_label_byte(struct name_writer *w, u8 c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '*')
		return put_char(w, c);
	return put_char(w, '\\') && put_char(w, '0' + c / 100) &&
	       put_char(w, '0' + c / 10 % 10) && put_char(w, '0' + c % 10);
}

/*
 * Reads the name at @offset into @w; returns the offset just past it in the
 * question (after the first pointer, if any), or 0 if it is malformed.
 */
static u32 read_name(const u8 *msg, u32 len, u32 offset,
		     struct name_writer *w)
{
	u32 wire_len = 1, resume = 0;
	int pointers = 0;

	for (;;) {
		u8 label;
		u32 i;

		if (offset >= len)
			return 0;
		label = msg[offset];
		if ((label & DNS_POINTER) == DNS_POINTER) {
			u32 target;

			if (offset + 1 >= len || ++pointers > DNS_MAX_POINTERS)
				return 0;
			target = (label & ~DNS_POINTER) << 8 | msg[offset + 1];
			if (target >= offset)
				return 0;
			if (!resume)
				resume = offset + 2;
			offset = target;
			continue;
		}
		if (label & DNS_POINTER)	/* reserved label types */
			return 0;
		offset++;
		if (!label)
			break;
		wire_len += label + 1;
		if (wire_len > DNS_MAX_WIRE_NAME || label > len - offset)
			return 0;
		if (w->pos && !put_char(w, '.'))
			return 0;
		for (i = 0; i < label; i++)
			if (!put_label_byte(w, msg[offset + i]))
				return 0;
		offset += label;
	}
	if (!w->pos && !put_char(w, '.'))	/* the root */
		return 0;
	return resume ?: offset;
}

/*
 * @msg is a DNS message (for TCP, after the two-byte length). Returns true
 * and fills @question if it is a query whose first question is well formed.
 */
bool lb_dns_parse_question(const u8 *msg, u32 len,
			   struct lb_dns_question *question)
{
	struct name_writer w = { .out = question->name };
	u32 end;

	question->name[0] = '\0';
	question->qtype = 0;
	if (len < DNS_HEADER || (msg[2] & 0x80))	/* QR: a response */
		return false;
	if (!(msg[4] | msg[5]))				/* QDCOUNT */
		return false;
	end = read_name(msg, len, DNS_HEADER, &w);
	if (!end || end > len || len - end < 4)		/* QTYPE, QCLASS */
		goto malformed;
	question->name[w.pos] = '\0';
	question->qtype = (u16)(msg[end] << 8 | msg[end + 1]);
	return true;

malformed:
	question->name[0] = '\0';
	return false;
}

bool lb_dns_port(u16 port)
{
	return port == 53 || port == 5353 || port == 5355;
}

static const struct {
	u16 qtype;
	const char *name;
} dns_types[] = {
	{ 1, "A" }, { 2, "NS" }, { 5, "CNAME" }, { 6, "SOA" }, { 12, "PTR" },
	{ 15, "MX" }, { 16, "TXT" }, { 28, "AAAA" }, { 33, "SRV" },
	{ 64, "SVCB" }, { 65, "HTTPS" }, { 255, "ANY" },
};

/* The common query types by name; NULL for the others. */
const char *lb_dns_type_name(u16 qtype)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(dns_types); i++)
		if (dns_types[i].qtype == qtype)
			return dns_types[i].name;
	return NULL;
}
