/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few types and helpers the pure-C parts of leakblock (verdict.c,
 * pktparse.c, dnsparse.c) need, taken from the kernel when built into the
 * module and from libc when built into the unit tests and fuzzers, so both
 * compile the very same code.
 */

#ifndef _LB_TYPES_H
#define _LB_TYPES_H

#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

#define ARRAY_SIZE(array) (sizeof(array) / sizeof((array)[0]))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif

#endif /* _LB_TYPES_H */
