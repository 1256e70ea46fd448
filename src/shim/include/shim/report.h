/* SPDX-License-Identifier: MIT */
/*
 * report.h - where WARN, BUG and asserts of the code under test go.
 *
 * Plain C with fixed-width types so that the C++ side can include it through
 * src/abi/ without seeing any kernel type.
 */
#ifndef SHIM_REPORT_H
#define SHIM_REPORT_H

#include <setjmp.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The report kinds are part of the ABI the C++ oracles read. */
#include <abi/svm_report_abi.h>

struct shim_report_entry {
	int kind;
	const char *file;
	int line;
	const char *what;
};

#define SHIM_REPORT_MAX 64

void shim_report(int kind, const char *file, int line, const char *what);
/* BUG(): records the report, then unwinds to shim_bug_trap() if one is armed. */
void shim_bug(const char *file, int line, const char *what) __attribute__((noreturn));
/* Arms (env != NULL) or disarms the unwind target of BUG(); unarmed BUG() aborts. */
void shim_bug_arm(jmp_buf *env);
void shim_reports_clear(void);
int shim_reports_count(void);
const struct shim_report_entry *shim_reports_get(int i);
/* Total reports including those that did not fit in the log. */
int shim_reports_total(void);

#ifdef __cplusplus
}
#endif
#endif /* SHIM_REPORT_H */
