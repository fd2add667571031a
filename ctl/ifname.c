// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include <linux/leakblock.h>

#include "ifname.h"

/* The kernel's isspace(), whose Latin-1 table includes 0xa0. */
static bool kernel_isspace(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xa0;
}

/* Mirrors dev_valid_name() in net/core/dev.c. */
bool ifname_valid(const char *name)
{
	size_t len = strnlen(name, IFNAMSIZ);

	if (len == 0 || len == IFNAMSIZ)
		return false;
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return false;
	for (; *name; name++)
		if (*name == '/' || *name == ':' || kernel_isspace(*name))
			return false;
	return true;
}

int tunnel_parse(const char *arg, struct tunnel *t)
{
	size_t len = strnlen(arg, IFNAMSIZ + 1);

	memset(t, 0, sizeof(*t));
	if (len > 0 && arg[len - 1] == '+') {
		t->flags = LEAKBLOCK_TUNNEL_F_PREFIX;
		len--;
	}
	if (len == 0 || len >= IFNAMSIZ)
		return -1;
	memcpy(t->name, arg, len);
	return ifname_valid(t->name) ? 0 : -1;
}

char *tunnel_format(const struct tunnel *t, char *buf)
{
	snprintf(buf, IFNAMSIZ + 1, "%.*s%s", IFNAMSIZ - 1, t->name,
		 t->flags & LEAKBLOCK_TUNNEL_F_PREFIX ? "+" : "");
	return buf;
}
