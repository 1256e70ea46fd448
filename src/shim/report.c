// SPDX-License-Identifier: MIT
/*
 * The finding log of the userspace kernel. WARN and asserts continue, like a
 * production kernel with CONFIG_DRM_XE_DEBUG; BUG() unwinds to the runner.
 */
#include <stdio.h>
#include <stdlib.h>
#include <shim/report.h>

static struct shim_report_entry log_entries[SHIM_REPORT_MAX];
static int log_count;
static int log_total;
static jmp_buf *bug_env;

void shim_report(int kind, const char *file, int line, const char *what)
{
	if (log_count < SHIM_REPORT_MAX) {
		log_entries[log_count].kind = kind;
		log_entries[log_count].file = file;
		log_entries[log_count].line = line;
		log_entries[log_count].what = what;
		log_count++;
	}
	log_total++;
}

void shim_bug_arm(jmp_buf *env)
{
	bug_env = env;
}

void shim_bug(const char *file, int line, const char *what)
{
	shim_report(SHIM_REPORT_BUG, file, line, what);
	if (bug_env) {
		jmp_buf *env = bug_env;

		bug_env = NULL;
		longjmp(*env, 1);
	}
	fprintf(stderr, "KERNEL-BUG: %s:%d: %s\n", file, line, what);
	abort();
}

void shim_reports_clear(void)
{
	log_count = 0;
	log_total = 0;
}

int shim_reports_count(void)
{
	return log_count;
}

int shim_reports_total(void)
{
	return log_total;
}

const struct shim_report_entry *shim_reports_get(int i)
{
	return (i >= 0 && i < log_count) ? &log_entries[i] : NULL;
}
