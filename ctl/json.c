// SPDX-License-Identifier: GPL-2.0
/*
 * Interface names are bytes, not text: they may hold quotes, backslashes,
 * control characters or invalid UTF-8, and the output must stay one valid
 * JSON line whatever they hold.
 */
#include "json.h"

static int cont(unsigned char c)
{
	return c >= 0x80 && c <= 0xbf;
}

/*
 * Length of the well-formed UTF-8 sequence at p (Unicode table 3-7), or 0.
 * p is NUL-terminated and NUL is no continuation byte, so the tests stop
 * before they could read past the end.
 */
static int utf8_seq(const unsigned char *p)
{
	unsigned char c = p[0];

	if (c >= 0xc2 && c <= 0xdf)
		return cont(p[1]) ? 2 : 0;
	if (c == 0xe0)
		return p[1] >= 0xa0 && p[1] <= 0xbf && cont(p[2]) ? 3 : 0;
	if (c == 0xed)
		return p[1] >= 0x80 && p[1] <= 0x9f && cont(p[2]) ? 3 : 0;
	if (c >= 0xe1 && c <= 0xef)
		return cont(p[1]) && cont(p[2]) ? 3 : 0;
	if (c == 0xf0)
		return p[1] >= 0x90 && p[1] <= 0xbf &&
		       cont(p[2]) && cont(p[3]) ? 4 : 0;
	if (c >= 0xf1 && c <= 0xf3)
		return cont(p[1]) && cont(p[2]) && cont(p[3]) ? 4 : 0;
	if (c == 0xf4)
		return p[1] >= 0x80 && p[1] <= 0x8f &&
		       cont(p[2]) && cont(p[3]) ? 4 : 0;
	return 0;
}

void json_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int n;

	putc('"', f);
	while (*p) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\b':
			fputs("\\b", f);
			break;
		case '\f':
			fputs("\\f", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (*p < 0x20) {
				fprintf(f, "\\u%04x", *p);
			} else if (*p < 0x80) {
				putc(*p, f);
			} else {
				n = utf8_seq(p);
				if (!n) {
					/* a stray byte: U+FFFD, as decoders do */
					fputs("\\ufffd", f);
					break;
				}
				fwrite(p, 1, n, f);
				p += n;
				continue;
			}
		}
		p++;
	}
	putc('"', f);
}
