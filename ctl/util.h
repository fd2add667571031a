/* SPDX-License-Identifier: GPL-2.0 */
/* What any part of leakctl and its tests may need, defined once. */
#ifndef LEAKCTL_UTIL_H
#define LEAKCTL_UTIL_H

/* kmod/lb_types.h has the same for the module's pure C. */
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#endif /* LEAKCTL_UTIL_H */
