// SPDX-License-Identifier: MIT
/*
 * Variant: seed_v4
 * Api: G1
 * Source: [PATCH v4 24/33] drm/xe: Add GPUSVM device memory copy vfunc functions (dri-devel, Jan/Feb 2025; merged for Linux 6.15)
 * Expect: COPY-CHUNK, COPY-EMPTY
 *
 * The copy loop as posted, rewritten in our own code with the same
 * behaviour: runs of physically consecutive device pages at consecutive
 * indices are coalesced into one migrate call, a call is cut when the run
 * start is exactly SZ_8M / PAGE_SIZE pages back, the last index rides along
 * with a contiguous run (or gets a single call when it is not contiguous),
 * only the newest fence is kept and waited for, and the run start index is
 * not reset when a run closes.
 */
#include <linux/types.h>
#include <drm/drm_gpusvm.h>
#include "xe_migrate.h"
#include "xe_svm.h"

enum xe_svm_copy_dir {
	XE_SVM_COPY_TO_VRAM,
	XE_SVM_COPY_TO_SRAM,
};

#define SEED_CHUNK_PAGES (SZ_8M / PAGE_SIZE)
#define SEED_NO_RUN (~0ULL)

static struct xe_mem_region *page_to_mr(struct page *page)
{
	return container_of(page->pgmap, struct xe_mem_region, pagemap);
}

static struct xe_tile *mr_to_tile(struct xe_mem_region *mr)
{
	return container_of(mr, struct xe_tile, mem.vram);
}

static u64 xe_mem_region_page_to_dpa(struct xe_mem_region *mr, struct page *page)
{
	struct xe_tile *tile = mr_to_tile(mr);
	u64 phys = (u64)page_to_pfn(page) << PAGE_SHIFT;

	xe_tile_assert(tile, is_device_private_page(page));
	xe_tile_assert(tile, phys >= mr->hpa_base);
	return mr->dpa_base + (phys - mr->hpa_base);
}

static struct dma_fence *seed_issue(struct xe_tile *tile, bool to_sram, unsigned long count,
				    u64 vram, dma_addr_t *sys)
{
	if (to_sram)
		return xe_migrate_from_vram(tile->migrate, count, vram, sys);
	return xe_migrate_to_vram(tile->migrate, count, sys, vram);
}

static int xe_svm_copy(struct page **pages, dma_addr_t *dma_addr, unsigned long npages,
		       const enum xe_svm_copy_dir dir)
{
	bool to_sram = dir == XE_SVM_COPY_TO_SRAM;
	struct xe_mem_region *mr = NULL;
	struct xe_tile *tile = NULL;
	struct dma_fence *newest = NULL, *f;
	u64 run_base = SEED_NO_RUN, dpa = 0;
	int run_start = 0;
	unsigned long i;
	int err = 0;

	for (i = 0; i < npages; i++) {
		struct page *dpage = pages[i];
		bool full = i - run_start == SEED_CHUNK_PAGES;
		bool final = i + 1 == npages;
		bool both = dma_addr[i] && dpage;
		bool contig = false;

		if (!dma_addr[i] && run_base == SEED_NO_RUN)
			continue;

		if (dpage && !mr) {
			mr = page_to_mr(dpage);
			tile = mr_to_tile(mr);
		}
		XE_WARN_ON(dpage && page_to_mr(dpage) != mr);

		if (both) {
			dpa = xe_mem_region_page_to_dpa(mr, dpage);
			if (run_base == SEED_NO_RUN) {
				run_base = dpa;
				run_start = i;
			}
			contig = dpa == run_base + PAGE_SIZE * (i - run_start);
		}

		if (contig && !full && !final)
			continue;

		if (run_base != SEED_NO_RUN) {
			/* A contiguous final page rides along with the open run. */
			f = seed_issue(tile, to_sram, i - run_start + (contig && final),
				       run_base, dma_addr + run_start);
			if (IS_ERR(f)) {
				err = PTR_ERR(f);
				goto out;
			}
			dma_fence_put(newest);
			newest = f;
		}

		run_base = both ? dpa : SEED_NO_RUN;
		if (both)
			run_start = i;

		/* A final page that did not continue the run gets its own call. */
		if (!contig && final && run_base != SEED_NO_RUN) {
			f = seed_issue(tile, to_sram, 1, run_base, dma_addr + run_start);
			if (IS_ERR(f)) {
				err = PTR_ERR(f);
				goto out;
			}
			dma_fence_put(newest);
			newest = f;
		}
	}

out:
	if (newest) {
		dma_fence_wait(newest, false);
		dma_fence_put(newest);
	}
	return err;
}

static int xe_svm_copy_to_devmem(struct page **pages, dma_addr_t *dma_addr, unsigned long npages)
{
	return xe_svm_copy(pages, dma_addr, npages, XE_SVM_COPY_TO_VRAM);
}

static int xe_svm_copy_to_ram(struct page **pages, dma_addr_t *dma_addr, unsigned long npages)
{
	return xe_svm_copy(pages, dma_addr, npages, XE_SVM_COPY_TO_SRAM);
}

static const struct drm_gpusvm_devmem_ops gpusvm_devmem_ops __maybe_unused = {
	.copy_to_devmem = xe_svm_copy_to_devmem,
	.copy_to_ram = xe_svm_copy_to_ram,
};
