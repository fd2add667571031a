// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "text.h"

void text_error(struct text_err *err, unsigned int line, const char *fmt, ...)
{
	va_list ap;

	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

/* read(2) to the end, so that pipes and process substitution work too. */
static int read_all(int fd, char **data, size_t *len)
{
	size_t n = 0, cap = 0;
	char *buf = NULL, *nb;
	ssize_t r;

	for (;;) {
		if (cap - n < 2) {
			cap = cap ? 2 * cap : 65536;
			if (cap > TEXT_FILE_MAX + 2)
				cap = TEXT_FILE_MAX + 2;
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				return -ENOMEM;
			}
			buf = nb;
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			r = -errno;
			free(buf);
			return r;
		}
		if (r == 0)
			break;
		n += r;
		if (n > TEXT_FILE_MAX) {
			free(buf);
			return -EFBIG;
		}
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
}

int text_read(const char *path, char **data, size_t *len)
{
	int fd, ret;

	if (!strcmp(path, "-"))
		return read_all(STDIN_FILENO, data, len);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = read_all(fd, data, len);
	close(fd);
	return ret;
}

const char *text_name(const char *path)
{
	return strcmp(path, "-") ? path : "<stdin>";
}

char *text_where(char *buf, size_t len, const char *file, unsigned int line)
{
	if (line)
		snprintf(buf, len, "%s:%u: ", file, line);
	else
		snprintf(buf, len, "%s: ", file);
	return buf;
}

int text_open(struct text *t, const char *data, size_t len, size_t max,
	      struct text_err *err)
{
	memset(t, 0, sizeof(*t));
	/* what an editor on another system may put first */
	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3)) {
		data += 3;
		len -= 3;
	}
	t->buf = malloc(len + 1);
	if (!t->buf) {
		text_error(err, 0, "%s", strerror(ENOMEM));
		return -1;
	}
	memcpy(t->buf, data, len);
	t->buf[len] = '\0';
	t->len = len;
	t->max = max;
	return 0;
}

int text_next(struct text *t, char **line, struct text_err *err)
{
	char *s = t->buf + t->pos, *nl;
	size_t n;

	if (t->pos >= t->len)
		return 0;
	t->line++;
	nl = memchr(s, '\n', t->len - t->pos);
	n = nl ? (size_t)(nl - s) : t->len - t->pos;
	t->pos += n + 1;

	/* a line is one C string: a NUL would hide its rest */
	if (memchr(s, '\0', n)) {
		text_error(err, t->line, "the line holds a NUL byte");
		return -1;
	}
	if (t->max && n > t->max) {
		text_error(err, t->line, "the line is longer than %zu bytes",
			   t->max);
		return -1;
	}
	s[n] = '\0';
	*line = s;
	return 1;
}

void text_close(struct text *t)
{
	free(t->buf);
	memset(t, 0, sizeof(*t));
}

bool text_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

char *text_trim(char *s)
{
	char *end;

	while (text_space(*s))
		s++;
	end = s + strlen(s);
	while (end > s && text_space(end[-1]))
		end--;
	*end = '\0';
	return s;
}
