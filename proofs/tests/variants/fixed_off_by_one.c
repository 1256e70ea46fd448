// SPDX-License-Identifier: MIT
/*
 * Variant: fixed_off_by_one
 * Api: G3
 * Source: proofs/tests: 'fixed_refactored' with a chunk limit one page short (equivalence fixture)
 * Expect: COPY-MINIMAL
 *
 * The corrected loop of 'fixed', refactored, but runs are cut at CHUNK - 1 pages:
 * every call stays legal, yet a run of CHUNK contiguous pages is issued as
 * two calls. It differs from 'fixed' on that input only (and longer ones):
 * svmcheck-prove --equiv must find it.
 */
#include <linux/types.h>
#include <drm/drm_pagemap.h>
#include "xe_migrate.h"
#include "xe_svm.h"

enum xe_svm_copy_dir {
	XE_SVM_COPY_TO_VRAM,
	XE_SVM_COPY_TO_SRAM,
};

#define REF_CHUNK_PAGES (SZ_8M / PAGE_SIZE)

struct ref_run {
	struct drm_pagemap_addr *sys;
	struct xe_vram_region *vr;
	struct dma_fence *newest;
	struct dma_fence *pre;
	unsigned long start;
	unsigned long len;
	u64 base;
	bool to_sram;
};

static int ref_issue(struct ref_run *r)
{
	struct dma_fence *f;
	unsigned long len = r->len;

	if (!len)
		return 0;
	r->len = 0;
	f = r->to_sram ? xe_migrate_from_vram(r->vr->migrate, len, r->base, r->sys + r->start, r->pre)
		       : xe_migrate_to_vram(r->vr->migrate, len, r->sys + r->start, r->base, r->pre);
	if (IS_ERR(f))
		return PTR_ERR(f);
	r->pre = NULL;
	dma_fence_put(r->newest);
	r->newest = f;
	return 0;
}

static int xe_svm_copy(struct page **pages, struct drm_pagemap_addr *pagemap_addr,
		       unsigned long npages, const enum xe_svm_copy_dir dir,
		       struct dma_fence *pre_migrate_fence)
{
	struct ref_run r = {
		.sys = pagemap_addr,
		.pre = pre_migrate_fence,
		.to_sram = dir == XE_SVM_COPY_TO_SRAM,
	};
	unsigned long i, j, span;
	int err = 0;

	for (i = 0; i < npages && !err; i += span) {
		struct page *dpage = pages[i];
		struct xe_vram_region *vr;
		u64 dpa;

		span = 1;
		if (!dpage || !pagemap_addr[i].addr) {
			err = ref_issue(&r);
			continue;
		}
		vr = container_of(dpage->pgmap, struct xe_vram_region, pagemap);
		if (!r.vr)
			r.vr = vr;
		if (XE_WARN_ON(vr != r.vr)) {
			err = -EINVAL;
			break;
		}
		dpa = r.vr->dpa_base + (((u64)page_to_pfn(dpage) << PAGE_SHIFT) - r.vr->hpa_base);
		if (pagemap_addr[i].order)
			span = min_t(unsigned long, NR_PAGES(pagemap_addr[i].order), npages - i);
		for (j = 0; j < span && !err; j++, dpa += PAGE_SIZE) {
			if (j && !pagemap_addr[i + j].addr)
				pagemap_addr[i + j].addr = pagemap_addr[i].addr + j * PAGE_SIZE;
			if (r.len == REF_CHUNK_PAGES - 1 || (r.len && dpa != r.base + r.len * PAGE_SIZE))
				err = ref_issue(&r);
			if (err)
				break;
			if (!r.len) {
				r.start = i + j;
				r.base = dpa;
			}
			r.len++;
		}
	}
	if (!err)
		err = ref_issue(&r);

	if (r.newest) {
		dma_fence_wait(r.newest, false);
		dma_fence_put(r.newest);
	}
	if (r.pre)
		dma_fence_wait(r.pre, false);
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
