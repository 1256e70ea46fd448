/* SPDX-License-Identifier: MIT */
/* KUnit hooks that code under test may call (kernel's <kunit/test-bug.h>). */
#ifndef KTREE_KUNIT_TEST_BUG_H
#define KTREE_KUNIT_TEST_BUG_H
#include <shim/kernel.h>

struct kunit;
/* The running case, or NULL outside a KUnit run. */
struct kunit *kunit_get_current_test(void);
void kunit_fail_current_test_at(const char *file, int line, const char *fmt, ...) __printf(3, 4);
#define kunit_fail_current_test(fmt, ...) kunit_fail_current_test_at(__FILE__, __LINE__, fmt, ##__VA_ARGS__)
#endif
