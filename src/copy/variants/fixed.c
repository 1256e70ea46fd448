// SPDX-License-Identifier: MIT
/*
 * Variant: fixed
 * Api: G3
 * Source: our corrected copy loop for the G3 API (shared/spec/copy.md, variant 'fixed')
 * Expect: pass
 *
 * One open run [start, start + len) at DPA base. A populated entry (device
 * page and system address; a head of order k brings its 2^k - 1 tails,
 * whose device pages are contiguous by contract) extends the run when its
 * DPA is base + len pages; anything else closes it. A run is issued as soon
 * as it reaches CHUNK pages, so no call exceeds the limit and a folio may
 * straddle two calls: the tails' system addresses are filled in before a
 * call can start inside a folio. The first successful submission carries
 * the pre-migrate fence; if none succeeds, the fence is waited for. All
 * jobs go to one in-order engine, so waiting for the newest suffices.
 */
#include <linux/types.h>
#include <drm/drm_pagemap.h>
#include "xe_migrate.h"
#include "xe_svm.h"

enum xe_svm_copy_dir {
	XE_SVM_COPY_TO_VRAM,
	XE_SVM_COPY_TO_SRAM,
};

#define FIXED_CHUNK_PAGES (SZ_8M / PAGE_SIZE)

struct fixed_copy {
	struct drm_pagemap_addr *sys;
	struct xe_vram_region *vr;
	struct dma_fence *newest;
	struct dma_fence *pre_migrate_fence;
	unsigned long start;
	unsigned long len;
	u64 base;
	bool to_sram;
};

static struct xe_vram_region *page_to_vr(struct page *page)
{
	return container_of(page->pgmap, struct xe_vram_region, pagemap);
}

static u64 fixed_page_to_dpa(struct xe_vram_region *vr, struct page *page)
{
	u64 phys = (u64)page_to_pfn(page) << PAGE_SHIFT;

	return vr->dpa_base + (phys - vr->hpa_base);
}

/* Issues the open run, if any, and closes it. */
static int fixed_flush(struct fixed_copy *c)
{
	struct dma_fence *f;

	if (!c->len)
		return 0;
	if (c->to_sram)
		f = xe_migrate_from_vram(c->vr->migrate, c->len, c->base, c->sys + c->start,
					 c->pre_migrate_fence);
	else
		f = xe_migrate_to_vram(c->vr->migrate, c->len, c->sys + c->start, c->base,
				       c->pre_migrate_fence);
	c->len = 0;
	if (IS_ERR(f))
		return PTR_ERR(f);
	c->pre_migrate_fence = NULL;
	dma_fence_put(c->newest);
	c->newest = f;
	return 0;
}

/* Appends page @idx at @dpa to the run, issuing the run first when needed. */
static int fixed_add(struct fixed_copy *c, unsigned long idx, u64 dpa)
{
	int err = 0;

	if (c->len && (c->len == FIXED_CHUNK_PAGES || dpa != c->base + c->len * PAGE_SIZE))
		err = fixed_flush(c);
	if (err)
		return err;
	if (!c->len) {
		c->start = idx;
		c->base = dpa;
	}
	c->len++;
	return 0;
}

static int xe_svm_copy(struct page **pages, struct drm_pagemap_addr *pagemap_addr,
		       unsigned long npages, const enum xe_svm_copy_dir dir,
		       struct dma_fence *pre_migrate_fence)
{
	struct fixed_copy c = {
		.sys = pagemap_addr,
		.pre_migrate_fence = pre_migrate_fence,
		.to_sram = dir == XE_SVM_COPY_TO_SRAM,
	};
	unsigned long i = 0, j, span;
	int err = 0;

	while (i < npages) {
		struct page *dpage = pages[i];
		u64 dpa;

		if (!dpage || !pagemap_addr[i].addr) {
			err = fixed_flush(&c);
			if (err)
				goto out;
			i++;
			continue;
		}
		if (!c.vr)
			c.vr = page_to_vr(dpage);
		if (XE_WARN_ON(page_to_vr(dpage) != c.vr)) {
			err = -EINVAL;
			goto out;
		}
		dpa = fixed_page_to_dpa(c.vr, dpage);
		span = pagemap_addr[i].order ? NR_PAGES(pagemap_addr[i].order) : 1;
		if (span > npages - i)
			span = npages - i;
		for (j = 0; j < span; j++) {
			if (j && !pagemap_addr[i + j].addr)
				pagemap_addr[i + j].addr = pagemap_addr[i].addr + j * PAGE_SIZE;
			err = fixed_add(&c, i + j, dpa + j * PAGE_SIZE);
			if (err)
				goto out;
		}
		i += span;
	}
	err = fixed_flush(&c);

out:
	if (c.newest) {
		dma_fence_wait(c.newest, false);
		dma_fence_put(c.newest);
	}
	if (c.pre_migrate_fence)
		dma_fence_wait(c.pre_migrate_fence, false);
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
