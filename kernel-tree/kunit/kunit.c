// SPDX-License-Identifier: MIT
/*
 * The KUnit runner of kernel-tree mode: runs every suite registered by
 * kunit_test_suite() in this program, one case at a time, with BUG() armed
 * to unwind to the case (a failure), WARNs of the code under test counted as
 * failures, and a leak check of kunit_kmalloc() memory per case. Prints
 * KTAP-like lines and the random seed (--seed N replays it); exits 1 when a
 * case failed, 2 on bad arguments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <kunit/test.h>
#include <linux/prandom.h>

#define KUNIT_MAX_SUITES 32

struct kunit_resource_list {
	void *ptr;
	struct kunit_resource_list *next;
};

static struct kunit_suite *suites[KUNIT_MAX_SUITES];
static int nsuites;
static struct kunit *current_test;
static struct rnd_state run_rng;

void kunit_register_suite(struct kunit_suite *suite)
{
	if (nsuites == KUNIT_MAX_SUITES) {
		fprintf(stderr, "kunit: more than %d suites\n", KUNIT_MAX_SUITES);
		exit(2);
	}
	suites[nsuites++] = suite;
}

struct kunit *kunit_get_current_test(void)
{
	return current_test;
}

static void vlog(struct kunit *test, const char *level, const char *fmt, va_list ap)
{
	char line[1024];

	vsnprintf(line, sizeof(line), fmt, ap);
	/* Kernel messages end with their own newline; KTAP lines must not double it. */
	size_t n = strlen(line);
	while (n && line[n - 1] == '\n')
		line[--n] = '\0';
	printf("    # %s: %s%s\n", test ? test->name : "kunit", level, line);
}

void kunit_log_line(struct kunit *test, const char *level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(test, level, fmt, ap);
	va_end(ap);
}

void kunit_do_fail(struct kunit *test, bool abort, const char *file, int line, const char *fmt, ...)
{
	if (fmt) {
		va_list ap;
		char where[512];

		snprintf(where, sizeof(where), "%s:%d: ", file, line);
		printf("    # %s: %s", test->name, where);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
		if (test->status != 2)
			test->status = 1;
	}
	if (abort)
		longjmp(*(jmp_buf *)test->abort_env, 1);
}

void kunit_fail_current_test_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (!current_test)
		return;
	printf("    # %s: %s:%d: ", current_test->name, file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	current_test->status = 1;
}

void kunit_mark_skipped(struct kunit *test, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(test, "SKIP ", fmt, ap);
	va_end(ap);
	test->status = 2;
}

void *kunit_kmalloc(struct kunit *test, size_t size, gfp_t gfp)
{
	struct kunit_resource_list *r = malloc(sizeof(*r));
	void *p = kmalloc(size, gfp);

	if (!r || !p) {
		free(r);
		kfree(p);
		return NULL;
	}
	r->ptr = p;
	r->next = test->resources;
	test->resources = r;
	return p;
}

void kunit_kfree(struct kunit *test, const void *ptr)
{
	struct kunit_resource_list **pp;

	for (pp = &test->resources; *pp; pp = &(*pp)->next) {
		if ((*pp)->ptr == ptr) {
			struct kunit_resource_list *r = *pp;

			*pp = r->next;
			kfree(r->ptr);
			free(r);
			return;
		}
	}
	kfree(ptr);
}

static void release_resources(struct kunit *test)
{
	while (test->resources) {
		struct kunit_resource_list *r = test->resources;

		test->resources = r->next;
		kfree(r->ptr);
		free(r);
	}
}

/* Our generator (not the kernel's sequence): xorshift128 over four words. */
void prandom_seed_state(struct rnd_state *state, u64 seed)
{
	u64 z = seed + 0x9e3779b97f4a7c15ULL;
	u32 *w[4] = { &state->s1, &state->s2, &state->s3, &state->s4 };

	for (int i = 0; i < 4; i++) {
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
		*w[i] = (u32)(z ^ (z >> 31)) | 1;
	}
}

u32 prandom_u32_state(struct rnd_state *s)
{
	u32 t = s->s1 ^ (s->s1 << 11);

	s->s1 = s->s2;
	s->s2 = s->s3;
	s->s3 = s->s4;
	s->s4 = s->s4 ^ (s->s4 >> 19) ^ t ^ (t >> 8);
	return s->s4;
}

void prandom_bytes_state(struct rnd_state *state, void *buf, size_t nbytes)
{
	u8 *p = buf;

	while (nbytes--)
		*p++ = (u8)prandom_u32_state(state);
}

u32 get_random_u32(void)
{
	return prandom_u32_state(&run_rng);
}

u64 get_random_u64(void)
{
	return ((u64)get_random_u32() << 32) | get_random_u32();
}

static int run_case(struct kunit_suite *suite, struct kunit_case *c, int index)
{
	struct kunit test = { .name = c->name };
	jmp_buf env;
	int warns_before = shim_reports_total();

	test.abort_env = &env;
	current_test = &test;
	if (!setjmp(env)) {
		shim_bug_arm(&env);
		if (!suite->init || !suite->init(&test))
			c->run_case(&test);
		else
			kunit_do_fail(&test, false, __FILE__, __LINE__, "suite init() failed");
	} else if (test.status == 0) {
		/* Unwound by BUG() in the code under test. */
		const struct shim_report_entry *r = shim_reports_get(shim_reports_count() - 1);

		printf("    # %s: BUG at %s:%d: %s\n", c->name, r ? r->file : "?", r ? r->line : 0,
		       r ? r->what : "?");
		test.status = 1;
	}
	shim_bug_arm(NULL);
	if (suite->exit)
		suite->exit(&test);
	if (test.status != 2 && shim_reports_total() > warns_before) {
		printf("    # %s: %d WARN/assert report(s) from the code under test\n", c->name,
		       shim_reports_total() - warns_before);
		test.status = 1;
	}
	release_resources(&test);
	current_test = NULL;
	printf("    %s %d %s%s\n", test.status == 1 ? "not ok" : "ok", index, c->name,
	       test.status == 2 ? " # SKIP" : "");
	return test.status == 1;
}

int main(int argc, char **argv)
{
	u64 seed = 0;
	const char *only = NULL;
	int failed = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--filter") && i + 1 < argc)
			only = argv[++i];
		else {
			fprintf(stderr, "usage: %s [--seed N] [--filter CASE]\n", argv[0]);
			return 2;
		}
	}
	if (!seed)
		seed = (u64)time(NULL);
	prandom_seed_state(&run_rng, seed);
	printf("KTAP version 1\n# kunit: run seed %llu (replay: --seed %llu)\n1..%d\n",
	       (unsigned long long)seed, (unsigned long long)seed, nsuites);
	for (int s = 0; s < nsuites; s++) {
		struct kunit_suite *suite = suites[s];
		int n = 0, bad = 0;

		printf("    # Subtest: %s\n", suite->name);
		if (suite->suite_init && suite->suite_init(suite)) {
			printf("not ok %d %s # suite_init failed\n", s + 1, suite->name);
			failed = 1;
			continue;
		}
		for (struct kunit_case *c = suite->test_cases; c->run_case; c++) {
			if (only && strcmp(only, c->name))
				continue;
			bad += run_case(suite, c, ++n);
		}
		if (suite->suite_exit)
			suite->suite_exit(suite);
		printf("    1..%d\n%s %d %s\n", n, bad ? "not ok" : "ok", s + 1, suite->name);
		failed |= bad != 0 || n == 0;
	}
	return failed;
}
