// SPDX-License-Identifier: MIT
/*
 * Variant: prefence
 * Api: G3
 * Source: xe_svm_copy() with the pre-migrate fence argument (Dec 2025), as described in shared/spec/copy.md
 * Expect: COPY-CHUNK, COPY-DATA, COPY-EMPTY, COPY-ONCE, KERNEL-ASSERT, KERNEL-WARN
 *
 * The G2 loop (folio jump after the head's flush decision, contiguity
 * assert) with a pre_migrate_fence: the allocation's pending clear or
 * eviction is passed as the dependency of the first job issued and then
 * dropped; when no job was issued at all, the function waits for it
 * synchronously before returning.
 */
#include <linux/types.h>
#include <drm/drm_pagemap.h>
#include "xe_migrate.h"
#include "xe_svm.h"

enum xe_svm_copy_dir {
	XE_SVM_COPY_TO_VRAM,
	XE_SVM_COPY_TO_SRAM,
};

#define G3_CHUNK_PAGES (SZ_8M / PAGE_SIZE)
#define G3_NO_RUN (~0ULL)

static struct xe_vram_region *page_to_vr(struct page *page)
{
	return container_of(page->pgmap, struct xe_vram_region, pagemap);
}

static u64 xe_vram_region_page_to_dpa(struct xe_vram_region *vr, struct page *page)
{
	u64 phys = (u64)page_to_pfn(page) << PAGE_SHIFT;

	xe_assert(vr->xe, is_device_private_page(page));
	xe_assert(vr->xe, phys >= vr->hpa_base);
	return vr->dpa_base + (phys - vr->hpa_base);
}

/* Issues one copy; the first successful one consumes the pre-migrate fence. */
static struct dma_fence *g3_issue(struct xe_vram_region *vr, bool to_sram, unsigned long count,
				  u64 vram, struct drm_pagemap_addr *sys,
				  struct dma_fence **pre_migrate_fence)
{
	struct dma_fence *f;

	if (to_sram)
		f = xe_migrate_from_vram(vr->migrate, count, vram, sys, *pre_migrate_fence);
	else
		f = xe_migrate_to_vram(vr->migrate, count, sys, vram, *pre_migrate_fence);
	if (!IS_ERR(f))
		*pre_migrate_fence = NULL;
	return f;
}

static int xe_svm_copy(struct page **pages, struct drm_pagemap_addr *pagemap_addr,
		       unsigned long npages, const enum xe_svm_copy_dir dir,
		       struct dma_fence *pre_migrate_fence)
{
	bool to_sram = dir == XE_SVM_COPY_TO_SRAM;
	struct xe_vram_region *vr = NULL;
	struct dma_fence *newest = NULL, *f;
	u64 run_base = G3_NO_RUN, dpa = 0;
	int run_start = 0;
	unsigned long i;
	int err = 0;

	for (i = 0; i < npages; i++) {
		struct page *dpage = pages[i];
		bool full = i - run_start == G3_CHUNK_PAGES;
		bool final = i + 1 == npages;
		bool both = pagemap_addr[i].addr && dpage;
		unsigned int order = pagemap_addr[i].order;
		bool contig = false;

		if (!pagemap_addr[i].addr && run_base == G3_NO_RUN)
			continue;

		if (dpage && !vr)
			vr = page_to_vr(dpage);
		XE_WARN_ON(dpage && page_to_vr(dpage) != vr);

		if (both) {
			dpa = xe_vram_region_page_to_dpa(vr, dpage);
			if (run_base == G3_NO_RUN) {
				run_base = dpa;
				run_start = i;
			}
			contig = dpa == run_base + PAGE_SIZE * (i - run_start);
			/* Device memory of a migration is expected to be contiguous. */
			xe_assert(vr->xe, contig);
		}

		if (!contig || full || final) {
			if (run_base != G3_NO_RUN) {
				f = g3_issue(vr, to_sram, i - run_start + (contig && final),
					     run_base, pagemap_addr + run_start, &pre_migrate_fence);
				if (IS_ERR(f)) {
					err = PTR_ERR(f);
					goto out;
				}
				dma_fence_put(newest);
				newest = f;
			}

			run_base = both ? dpa : G3_NO_RUN;
			if (both)
				run_start = i;

			if (!contig && final && run_base != G3_NO_RUN) {
				f = g3_issue(vr, to_sram, 1, run_base, pagemap_addr + run_start,
					     &pre_migrate_fence);
				if (IS_ERR(f)) {
					err = PTR_ERR(f);
					goto out;
				}
				dma_fence_put(newest);
				newest = f;
			}
		}

		if (both && order) {
			i += NR_PAGES(order) - 1;
			full = i - run_start == G3_CHUNK_PAGES;
			final = i + 1 == npages;
		}
	}

out:
	if (newest) {
		dma_fence_wait(newest, false);
		dma_fence_put(newest);
	}
	/* Nothing was issued: nobody waited for the allocation's clear yet. */
	if (pre_migrate_fence)
		dma_fence_wait(pre_migrate_fence, false);
	return err;
}

static int xe_svm_copy_to_devmem(struct page **pages, struct drm_pagemap_addr *pagemap_addr,
				 unsigned long npages, struct dma_fence *pre_migrate_fence)
{
	return xe_svm_copy(pages, pagemap_addr, npages, XE_SVM_COPY_TO_VRAM, pre_migrate_fence);
}

static int xe_svm_copy_to_ram(struct page **pages, struct drm_pagemap_addr *pagemap_addr,
			      unsigned long npages, struct dma_fence *pre_migrate_fence)
{
	return xe_svm_copy(pages, pagemap_addr, npages, XE_SVM_COPY_TO_SRAM, pre_migrate_fence);
}

static const struct drm_pagemap_devmem_ops dpagemap_devmem_ops __maybe_unused = {
	.copy_to_devmem = xe_svm_copy_to_devmem,
	.copy_to_ram = xe_svm_copy_to_ram,
};
