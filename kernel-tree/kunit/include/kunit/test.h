/* SPDX-License-Identifier: MIT */
/*
 * KUnit in userspace, for running a kernel tree's own buddy tests unmodified
 * (kernel-tree mode). Declarations follow the kernel's <kunit/test.h> API;
 * the runner (kunit.c) runs every registered suite, prints KTAP-like lines
 * and exits non-zero when a case failed.
 *
 * Not modelled: parameterised cases, test resources beyond kunit_kzalloc /
 * kunit_kmalloc (freed when the case ends), kunit_skip beyond marking the
 * case skipped, attributes, debugfs logs.
 */
#ifndef KTREE_KUNIT_TEST_H
#define KTREE_KUNIT_TEST_H
#include <shim/kernel.h>
#include <kunit/test-bug.h>

/* Module metadata of a test file means nothing in userspace. */
#ifndef MODULE_AUTHOR
#define MODULE_AUTHOR(s)
#endif
#ifndef MODULE_IMPORT_NS
#define MODULE_IMPORT_NS(ns)
#endif
#ifndef module_exit
#define module_exit(f)
#endif

struct kunit_resource_list;

struct kunit {
	const char *name;
	int status;		/* 0 ok, 1 failed, 2 skipped */
	void *priv;
	void *abort_env;	/* jmp_buf of the running case */
	struct kunit_resource_list *resources;
};

struct kunit_case {
	void (*run_case)(struct kunit *test);
	const char *name;
	const void *unused_generate_params;
	int unused_attr;
};

struct kunit_suite {
	const char name[256];
	int (*suite_init)(struct kunit_suite *suite);
	void (*suite_exit)(struct kunit_suite *suite);
	int (*init)(struct kunit *test);
	void (*exit)(struct kunit *test);
	struct kunit_case *test_cases;
};

#define KUNIT_CASE(fn) { .run_case = fn, .name = #fn }
#define KUNIT_CASE_SLOW(fn) KUNIT_CASE(fn)

void kunit_register_suite(struct kunit_suite *suite);
#define KUNIT_CAT2(a, b) a##b
#define KUNIT_CAT(a, b) KUNIT_CAT2(a, b)
#define kunit_test_suites(...)							\
	static void __attribute__((constructor)) KUNIT_CAT(kunit_register_, __LINE__)(void) \
	{									\
		struct kunit_suite *__s[] = { __VA_ARGS__ };			\
		for (size_t __i = 0; __i < sizeof(__s) / sizeof(__s[0]); __i++) \
			kunit_register_suite(__s[__i]);				\
	}
#define kunit_test_suite(suite) kunit_test_suites(&suite)

void kunit_do_fail(struct kunit *test, bool abort, const char *file, int line,
		   const char *fmt, ...) __printf(5, 6);
void kunit_log_line(struct kunit *test, const char *level, const char *fmt, ...) __printf(3, 4);
void kunit_mark_skipped(struct kunit *test, const char *fmt, ...) __printf(2, 3);
void *kunit_kmalloc(struct kunit *test, size_t size, gfp_t gfp);
void kunit_kfree(struct kunit *test, const void *ptr);
static inline void *kunit_kzalloc(struct kunit *test, size_t size, gfp_t gfp)
{
	return kunit_kmalloc(test, size, gfp | __GFP_ZERO);
}
static inline void *kunit_kcalloc(struct kunit *test, size_t n, size_t size, gfp_t gfp)
{
	return kunit_kzalloc(test, n * size, gfp);
}
static inline void *kunit_kmalloc_array(struct kunit *test, size_t n, size_t size, gfp_t gfp)
{
	return kunit_kmalloc(test, n * size, gfp);
}

#define kunit_info(test, fmt, ...) kunit_log_line(test, "", fmt, ##__VA_ARGS__)
#define kunit_warn(test, fmt, ...) kunit_log_line(test, "warning: ", fmt, ##__VA_ARGS__)
#define kunit_err(test, fmt, ...) kunit_log_line(test, "error: ", fmt, ##__VA_ARGS__)
#define kunit_log(lvl, test, fmt, ...) kunit_log_line(test, "", fmt, ##__VA_ARGS__)
#define kunit_printk(lvl, test, fmt, ...) kunit_log_line(test, "", fmt, ##__VA_ARGS__)
#define kunit_mark_skipped_msg kunit_mark_skipped
#define kunit_skip(test, fmt, ...)						\
	do {									\
		kunit_mark_skipped(test, fmt, ##__VA_ARGS__);			\
		kunit_do_fail(test, true, NULL, 0, NULL);			\
	} while (0)

#define KUNIT_FAIL(test, fmt, ...) kunit_do_fail(test, false, __FILE__, __LINE__, fmt, ##__VA_ARGS__)

/* One comparison; each operand is evaluated exactly once. */
#define KUNIT_BINARY(test, abort, l, op, r, fmt, ...)				\
	do {									\
		__typeof__(l) __l = (l);					\
		__typeof__(r) __r = (r);					\
		if (!(__l op __r))						\
			kunit_do_fail(test, abort, __FILE__, __LINE__,		\
				      "Expected %s %s %s, but %s == %lld (0x%llx), %s == %lld (0x%llx)" fmt, \
				      #l, #op, #r, #l, (long long)__l, (unsigned long long)__l, \
				      #r, (long long)__r, (unsigned long long)__r, ##__VA_ARGS__); \
	} while (0)
#define KUNIT_BINARY_PTR(test, abort, l, op, r, fmt, ...)			\
	do {									\
		const void *__l = (l), *__r = (r);				\
		if (!(__l op __r))						\
			kunit_do_fail(test, abort, __FILE__, __LINE__,		\
				      "Expected %s %s %s, but %s == %p, %s == %p" fmt, \
				      #l, #op, #r, #l, __l, #r, __r, ##__VA_ARGS__); \
	} while (0)
#define KUNIT_BOOL(test, abort, cond, want, fmt, ...)				\
	do {									\
		if (!!(cond) != (want))						\
			kunit_do_fail(test, abort, __FILE__, __LINE__,		\
				      "Expected %s to be %s" fmt, #cond,	\
				      (want) ? "true" : "false", ##__VA_ARGS__); \
	} while (0)
#define KUNIT_PTR_STATE(test, abort, p, what, ok, fmt, ...)			\
	do {									\
		const void *__p = (p);						\
		if (!(ok))							\
			kunit_do_fail(test, abort, __FILE__, __LINE__,		\
				      "Expected %s %s, but it is %p" fmt, #p, what, __p, ##__VA_ARGS__); \
	} while (0)

#define KUNIT_M(fmt, ...) ": " fmt, ##__VA_ARGS__

#define KUNIT_EXPECT_TRUE(t, c) KUNIT_BOOL(t, false, c, true, "")
#define KUNIT_EXPECT_FALSE(t, c) KUNIT_BOOL(t, false, c, false, "")
#define KUNIT_ASSERT_TRUE(t, c) KUNIT_BOOL(t, true, c, true, "")
#define KUNIT_ASSERT_FALSE(t, c) KUNIT_BOOL(t, true, c, false, "")
#define KUNIT_EXPECT_TRUE_MSG(t, c, fmt, ...) KUNIT_BOOL(t, false, c, true, KUNIT_M(fmt, ##__VA_ARGS__))
#define KUNIT_EXPECT_FALSE_MSG(t, c, fmt, ...) KUNIT_BOOL(t, false, c, false, KUNIT_M(fmt, ##__VA_ARGS__))
#define KUNIT_ASSERT_TRUE_MSG(t, c, fmt, ...) KUNIT_BOOL(t, true, c, true, KUNIT_M(fmt, ##__VA_ARGS__))
#define KUNIT_ASSERT_FALSE_MSG(t, c, fmt, ...) KUNIT_BOOL(t, true, c, false, KUNIT_M(fmt, ##__VA_ARGS__))

#define KUNIT_EXPECT_EQ(t, l, r) KUNIT_BINARY(t, false, l, ==, r, "")
#define KUNIT_EXPECT_NE(t, l, r) KUNIT_BINARY(t, false, l, !=, r, "")
#define KUNIT_EXPECT_LT(t, l, r) KUNIT_BINARY(t, false, l, <, r, "")
#define KUNIT_EXPECT_LE(t, l, r) KUNIT_BINARY(t, false, l, <=, r, "")
#define KUNIT_EXPECT_GT(t, l, r) KUNIT_BINARY(t, false, l, >, r, "")
#define KUNIT_EXPECT_GE(t, l, r) KUNIT_BINARY(t, false, l, >=, r, "")
#define KUNIT_ASSERT_EQ(t, l, r) KUNIT_BINARY(t, true, l, ==, r, "")
#define KUNIT_ASSERT_NE(t, l, r) KUNIT_BINARY(t, true, l, !=, r, "")
#define KUNIT_ASSERT_LT(t, l, r) KUNIT_BINARY(t, true, l, <, r, "")
#define KUNIT_ASSERT_LE(t, l, r) KUNIT_BINARY(t, true, l, <=, r, "")
#define KUNIT_ASSERT_GT(t, l, r) KUNIT_BINARY(t, true, l, >, r, "")
#define KUNIT_ASSERT_GE(t, l, r) KUNIT_BINARY(t, true, l, >=, r, "")
#define KUNIT_EXPECT_EQ_MSG(t, l, r, fmt, ...) KUNIT_BINARY(t, false, l, ==, r, KUNIT_M(fmt, ##__VA_ARGS__))
#define KUNIT_EXPECT_NE_MSG(t, l, r, fmt, ...) KUNIT_BINARY(t, false, l, !=, r, KUNIT_M(fmt, ##__VA_ARGS__))
#define KUNIT_EXPECT_LT_MSG(t, l, r, fmt, ...) KUNIT_BINARY(t, false, l, <, r, KUNIT_M(fmt, ##__VA_ARGS__))
#define KUNIT_EXPECT_LE_MSG(t, l, r, fmt, ...) KUNIT_BINARY(t, false, l, <=, r, KUNIT_M(fmt, ##__VA_ARGS__))
#define KUNIT_EXPECT_GT_MSG(t, l, r, fmt, ...) KUNIT_BINARY(t, false, l, >, r, KUNIT_M(fmt, ##__VA_ARGS__))
#define KUNIT_EXPECT_GE_MSG(t, l, r, fmt, ...) KUNIT_BINARY(t, false, l, >=, r, KUNIT_M(fmt, ##__VA_ARGS__))
#define KUNIT_ASSERT_EQ_MSG(t, l, r, fmt, ...) KUNIT_BINARY(t, true, l, ==, r, KUNIT_M(fmt, ##__VA_ARGS__))
#define KUNIT_ASSERT_NE_MSG(t, l, r, fmt, ...) KUNIT_BINARY(t, true, l, !=, r, KUNIT_M(fmt, ##__VA_ARGS__))
#define KUNIT_ASSERT_LT_MSG(t, l, r, fmt, ...) KUNIT_BINARY(t, true, l, <, r, KUNIT_M(fmt, ##__VA_ARGS__))
#define KUNIT_ASSERT_LE_MSG(t, l, r, fmt, ...) KUNIT_BINARY(t, true, l, <=, r, KUNIT_M(fmt, ##__VA_ARGS__))
#define KUNIT_ASSERT_GT_MSG(t, l, r, fmt, ...) KUNIT_BINARY(t, true, l, >, r, KUNIT_M(fmt, ##__VA_ARGS__))
#define KUNIT_ASSERT_GE_MSG(t, l, r, fmt, ...) KUNIT_BINARY(t, true, l, >=, r, KUNIT_M(fmt, ##__VA_ARGS__))

#define KUNIT_EXPECT_PTR_EQ(t, l, r) KUNIT_BINARY_PTR(t, false, l, ==, r, "")
#define KUNIT_EXPECT_PTR_NE(t, l, r) KUNIT_BINARY_PTR(t, false, l, !=, r, "")
#define KUNIT_ASSERT_PTR_EQ(t, l, r) KUNIT_BINARY_PTR(t, true, l, ==, r, "")
#define KUNIT_ASSERT_PTR_NE(t, l, r) KUNIT_BINARY_PTR(t, true, l, !=, r, "")
#define KUNIT_EXPECT_NULL(t, p) KUNIT_PTR_STATE(t, false, p, "to be NULL", __p == NULL, "")
#define KUNIT_EXPECT_NOT_NULL(t, p) KUNIT_PTR_STATE(t, false, p, "not to be NULL", __p != NULL, "")
#define KUNIT_ASSERT_NULL(t, p) KUNIT_PTR_STATE(t, true, p, "to be NULL", __p == NULL, "")
#define KUNIT_ASSERT_NOT_NULL(t, p) KUNIT_PTR_STATE(t, true, p, "not to be NULL", __p != NULL, "")
#define KUNIT_EXPECT_NOT_ERR_OR_NULL(t, p) KUNIT_PTR_STATE(t, false, p, "not to be an error or NULL", !IS_ERR_OR_NULL(__p), "")
#define KUNIT_ASSERT_NOT_ERR_OR_NULL(t, p) KUNIT_PTR_STATE(t, true, p, "not to be an error or NULL", !IS_ERR_OR_NULL(__p), "")
#define KUNIT_ASSERT_NOT_NULL_MSG(t, p, fmt, ...) KUNIT_PTR_STATE(t, true, p, "not to be NULL", __p != NULL, KUNIT_M(fmt, ##__VA_ARGS__))
#define KUNIT_EXPECT_NOT_NULL_MSG(t, p, fmt, ...) KUNIT_PTR_STATE(t, false, p, "not to be NULL", __p != NULL, KUNIT_M(fmt, ##__VA_ARGS__))

#endif /* KTREE_KUNIT_TEST_H */
