// SPDX-License-Identifier: MIT
/*
 * svm_copy_run(): turns an ABI input into the kernel objects a copy variant
 * sees (struct page pointers, a dma_addr_t or drm_pagemap_addr array, a
 * pre-migrate fence), calls it, lets the hardware finish, and reports what
 * the doubles recorded.
 */
#include <stdlib.h>
#include <string.h>
#include "hw_internal.h"

struct clear_target {
	u32 space;
	u64 page;
};

static struct clear_target *clear_targets;
static u32 nclear;

/* The pre-migrate fence stands for a pending clear of the destination pages. */
static void prefence_complete(struct dma_fence *fence)
{
	(void)fence;
	for (u32 i = 0; i < nclear; i++)
		hw_mem_write(clear_targets[i].space, clear_targets[i].page, svm_cleared_tag(), true);
}

/* Calls the variant with BUG() armed to unwind back here. */
static int call_guarded(const struct svm_copy_variant *v, u32 dir, void *pages, void *sys,
			unsigned long n, void *pre, u8 *bugged)
{
	jmp_buf env;
	volatile int ret = 0;

	if (setjmp(env) == 0) {
		shim_bug_arm(&env);
		ret = v->call(dir, pages, sys, n, pre);
		shim_bug_arm(NULL);
	} else {
		*bugged = 1;
	}
	return ret;
}

static u64 entry_sys_span(const struct svm_copy_entry *e, int gen)
{
	return (gen >= 2 && e->order) ? NR_PAGES(e->order) : 1;
}

int svm_copy_run(const struct svm_copy_variant *v, const struct svm_copy_input *in,
		 struct svm_copy_trace *out)
{
	unsigned long n = in->npages;
	int gen = v->api_gen;
	struct page **pages = calloc(n ? n : 1, sizeof(*pages));
	dma_addr_t *dma = NULL;
	struct drm_pagemap_addr *pma = NULL;
	struct dma_fence prefence = { 0 };
	struct hw_run_config cfg = { 0 };
	u64 max_sys = 1, nneeded = 0;

	memset(out, 0, sizeof(*out));
	if (!pages)
		abort();
	hw_device_get(0);
	if (gen == 1)
		dma = calloc(n ? n : 1, sizeof(*dma));
	else
		pma = calloc(n ? n : 1, sizeof(*pma));
	if (!dma && !pma)
		abort();
	for (unsigned long i = 0; i < n; i++)
		nneeded += in->dir == SVM_TO_VRAM ? 1 : entry_sys_span(&in->entries[i], gen);
	clear_targets = realloc(clear_targets, (nneeded + 1) * sizeof(*clear_targets));
	if (!clear_targets)
		abort();
	nclear = 0;

	for (unsigned long i = 0; i < n; i++) {
		const struct svm_copy_entry *e = &in->entries[i];
		u64 span = entry_sys_span(e, gen);

		if (e->region >= 0 && e->region < hw_region_count() &&
		    e->page < hw_region(e->region)->hw_nr_pages) {
			pages[i] = &hw_region(e->region)->hw_pages[e->page];
			if (in->dir == SVM_TO_VRAM)
				clear_targets[nclear++] = (struct clear_target){ SVM_SPACE_VRAM(e->region), e->page };
		}
		if (e->sys_page) {
			if (e->sys_page + span > max_sys)
				max_sys = e->sys_page + span;
			if (in->dir == SVM_TO_SRAM)
				for (u64 j = 0; j < span; j++)
					clear_targets[nclear++] = (struct clear_target){ SVM_SPACE_SYS, e->sys_page + j };
		}
		if (gen == 1) {
			dma[i] = e->sys_page << PAGE_SHIFT;
		} else {
			pma[i].addr = e->sys_page << PAGE_SHIFT;
			pma[i].order = gen >= 2 ? e->order : 0;
			pma[i].dir = in->dir == SVM_TO_VRAM ? DMA_TO_DEVICE : DMA_FROM_DEVICE;
		}
	}

	if (in->prefence != SVM_PREFENCE_NONE && gen >= 3) {
		prefence.shim_refcount = 1;
		prefence.shim_signaled = in->prefence == SVM_PREFENCE_SIGNALED;
		prefence.shim_complete = prefence_complete;
		prefence.shim_id = ~0u;
		cfg.prefence = &prefence;
	}
	cfg.fail_at = in->fail_at;
	cfg.fail_errno = in->fail_errno ? in->fail_errno : -ENOMEM;
	cfg.sys_array = gen == 1 ? (const void *)dma : (const void *)pma;
	cfg.sys_stride = gen == 1 ? sizeof(*dma) : sizeof(*pma);
	cfg.sys_count = n;

	hw_mem_begin_run(max_sys + 1);
	hw_migrate_begin_run(&cfg);
	shim_reports_clear();
	out->ret = call_guarded(v, in->dir, pages, gen == 1 ? (void *)dma : (void *)pma, n,
				cfg.prefence, &out->bugged);
	hw_migrate_mark_return();
	out->prefence_signaled_at_return = cfg.prefence ? prefence.shim_signaled : 1;
	hw_migrate_drain();
	out->prefence_refs_at_end = cfg.prefence ? prefence.shim_refcount : 1;

	out->ncalls = hw_migrate_end_run(&out->calls);
	out->nchanges = hw_mem_end_run(&out->changes);
	out->nreports = shim_reports_count();
	out->reports = calloc(out->nreports ? out->nreports : 1, sizeof(*out->reports));
	if (!out->reports)
		abort();
	for (u32 i = 0; i < out->nreports; i++) {
		const struct shim_report_entry *r = shim_reports_get(i);

		out->reports[i] = (struct svm_copy_report){ r->kind, r->file, r->line, r->what };
	}
	free(pages);
	free(dma);
	free(pma);
	return 0;
}

void svm_copy_trace_free(struct svm_copy_trace *t)
{
	free(t->calls);
	free(t->reports);
	free(t->changes);
	memset(t, 0, sizeof(*t));
}
