/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LEAKCTL_JSON_H
#define LEAKCTL_JSON_H

#include <stdio.h>

/* Prints s as a JSON string, quotes included; always valid UTF-8. */
void json_string(FILE *f, const char *s);

#endif /* LEAKCTL_JSON_H */
