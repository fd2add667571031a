/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Text files read line by line: leakctl's own config and the VPN configs
 * that import reads. Pure (no netlink, no resolver): unit-tested and
 * fuzzed with the parsers built on it.
 */
#ifndef LEAKCTL_TEXT_H
#define LEAKCTL_TEXT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "leakctl.h"

/* Larger files are no configuration; 65536 endpoints fit many times. */
#define TEXT_FILE_MAX (16 << 20)

/* What went wrong, and on which line (0: the file as a whole). */
struct text_err {
	unsigned int line;
	char msg[1024];
};

void text_error(struct text_err *err, unsigned int line, const char *fmt, ...)
	__printf(3, 4);

/*
 * The whole of path ("-": standard input), NUL-terminated, into a
 * malloc()ed *data of *len bytes (the NUL not counted). 0, or -errno.
 */
int text_read(const char *path, char **data, size_t *len);
/* How errors name path: "<stdin>" for "-". */
const char *text_name(const char *path);
/* "FILE:LINE: ", or "FILE: " for line 0, into buf of TEXT_WHERE_MAX. */
#define TEXT_WHERE_MAX (PATH_MAX + 16)
char *text_where(char *buf, size_t len, const char *file, unsigned int line);

/* A copy of a file's text, cut into lines in place. */
struct text {
	char *buf;
	size_t len, pos;
	size_t max;		/* longest line allowed, 0: any */
	unsigned int line;	/* of the line last returned */
};

/* 0, or -1 with err set. A UTF-8 byte order mark is skipped. */
int text_open(struct text *t, const char *data, size_t len, size_t max,
	      struct text_err *err);
/*
 * The next line, NUL-terminated and without its end of line: 1, 0 at the
 * end, or -1 with err set for a line that is too long or holds a NUL.
 */
int text_next(struct text *t, char **line, struct text_err *err);
void text_close(struct text *t);

/* Space, tab, and the CR of a CRLF file, but no end of line. */
bool text_space(char c);
/* s without leading and trailing space, in place. */
char *text_trim(char *s);

#endif /* LEAKCTL_TEXT_H */
