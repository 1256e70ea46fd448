/* SPDX-License-Identifier: MIT */
/*
 * A plain per-page copy loop for the oracle's own tests: every populated
 * page gets a call of its own. Each oracle_* variant includes this file and
 * switches on exactly one defect, so that every property check of the copy
 * oracle is shown to fail when it should.
 */
#ifndef ORACLE_PER_PAGE_H
#define ORACLE_PER_PAGE_H
#include <linux/types.h>
#include <drm/drm_pagemap.h>
#include "xe_migrate.h"
#include "xe_svm.h"

struct per_page_defect {
	bool copy_first_twice;   /* COPY-ONCE */
	bool empty_call_first;   /* COPY-EMPTY */
	bool base_off_by_one;    /* COPY-CONTIG (and the data lands elsewhere) */
	bool skip_final_wait;    /* COPY-WAIT */
	bool swallow_errors;     /* COPY-ERR */
	bool leak_fences;        /* COPY-FENCE */
	bool ignore_pre_fence;   /* COPY-PREFENCE */
	bool warn_on_entry;      /* KERNEL-WARN */
};

static struct dma_fence *per_page_issue(struct xe_vram_region *vr, bool to_sram, unsigned long n,
					u64 dpa, struct drm_pagemap_addr *sys,
					struct dma_fence *dep)
{
	if (to_sram)
		return xe_migrate_from_vram(vr->migrate, n, dpa, sys, dep);
	return xe_migrate_to_vram(vr->migrate, n, sys, dpa, dep);
}

static int per_page_copy(const struct per_page_defect *d, struct page **pages,
			 struct drm_pagemap_addr *addr, unsigned long npages, bool to_sram,
			 struct dma_fence *pre)
{
	struct dma_fence *newest = NULL, *f;
	unsigned long i, j;
	int err = 0;

	WARN_ON(d->warn_on_entry);
	if (d->ignore_pre_fence)
		pre = NULL;
	for (i = 0; i < npages; i++) {
		struct xe_vram_region *vr;
		u64 dpa;

		if (!pages[i] || !addr[i].addr)
			continue;
		for (j = 1; j < NR_PAGES(addr[i].order) && i + j < npages; j++)
			if (!addr[i + j].addr)
				addr[i + j].addr = addr[i].addr + j * PAGE_SIZE;
		vr = container_of(pages[i]->pgmap, struct xe_vram_region, pagemap);
		dpa = vr->dpa_base + ((page_to_pfn(pages[i]) << PAGE_SHIFT) - vr->hpa_base);
		if (d->empty_call_first && !newest) {
			f = per_page_issue(vr, to_sram, 0, dpa, addr + i, pre);
			if (IS_ERR(f)) {
				err = PTR_ERR(f);
				break;
			}
			pre = NULL;
			newest = f;
		}
		f = per_page_issue(vr, to_sram, 1, dpa + (d->base_off_by_one ? PAGE_SIZE : 0), addr + i, pre);
		if (IS_ERR(f)) {
			if (d->swallow_errors)
				continue;
			err = PTR_ERR(f);
			break;
		}
		pre = NULL;
		if (!d->leak_fences)
			dma_fence_put(newest);
		newest = f;
		if (d->copy_first_twice && i == 0) {
			f = per_page_issue(vr, to_sram, 1, dpa, addr, NULL);
			if (IS_ERR(f)) {
				err = PTR_ERR(f);
				break;
			}
			dma_fence_put(newest);
			newest = f;
		}
	}
	if (newest) {
		if (!d->skip_final_wait || err)
			dma_fence_wait(newest, false);
		if (!d->leak_fences)
			dma_fence_put(newest);
	}
	if (pre)
		dma_fence_wait(pre, false);
	return d->swallow_errors ? 0 : err;
}

#define PER_PAGE_VARIANT(defect_init)                                                         \
	static const struct per_page_defect per_page_defect_ = defect_init;                  \
	static int per_page_to_devmem(struct page **p, struct drm_pagemap_addr *a,           \
				      unsigned long n, struct dma_fence *pre)                \
	{                                                                                    \
		return per_page_copy(&per_page_defect_, p, a, n, false, pre);                \
	}                                                                                    \
	static int per_page_to_ram(struct page **p, struct drm_pagemap_addr *a,              \
				   unsigned long n, struct dma_fence *pre)                   \
	{                                                                                    \
		return per_page_copy(&per_page_defect_, p, a, n, true, pre);                 \
	}                                                                                    \
	static const struct drm_pagemap_devmem_ops dpagemap_devmem_ops __maybe_unused = {   \
		.copy_to_devmem = per_page_to_devmem,                                        \
		.copy_to_ram = per_page_to_ram,                                              \
	}

#endif
