// SPDX-License-Identifier: MIT
/*
 * The userspace kernel's counters and finding log, handed to the buddy
 * harness through src/abi/svm_buddy_abi.h (C++ never includes the shim).
 */
#include <abi/svm_buddy_abi.h>
#include <shim/kernel.h>

uint64_t svm_buddy_slab_live(void)
{
	return shim_slab_live();
}

uint64_t svm_buddy_slab_calls(void)
{
	return shim_slab_calls();
}

void svm_buddy_slab_fail_at(uint64_t n)
{
	shim_slab_fail_at(n);
}

uint32_t svm_buddy_reports_count(void)
{
	return shim_reports_count();
}

int svm_buddy_report_get(uint32_t i, struct svm_buddy_report *out)
{
	const struct shim_report_entry *e;

	if (i >= (uint32_t)shim_reports_count())
		return -1;
	e = shim_reports_get(i);
	out->kind = e->kind;
	out->file = e->file;
	out->line = e->line;
	out->what = e->what;
	return 0;
}

void svm_buddy_reports_clear(void)
{
	shim_reports_clear();
}
