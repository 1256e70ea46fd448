// SPDX-License-Identifier: MIT
/*
 * Variant: broken_skip
 * Api: G1
 * Source: a deliberately broken loop for the harness's own meta-test
 * Expect: pass
 *
 * Copies every populated page with a call of its own but stops one index
 * early, so the last page of the range is never copied. It claims to pass;
 * the harness must reject that claim naming COPY-ONCE.
 */
#include <linux/types.h>
#include <drm/drm_gpusvm.h>
#include "xe_migrate.h"
#include "xe_svm.h"

static int broken_copy(struct page **pages, dma_addr_t *dma_addr, unsigned long npages, bool to_sram)
{
	struct dma_fence *f;
	unsigned long i;

	for (i = 0; i + 1 < npages; i++) {
		struct xe_vram_region *vr;
		u64 dpa;

		if (!pages[i] || !dma_addr[i])
			continue;
		vr = container_of(pages[i]->pgmap, struct xe_vram_region, pagemap);
		dpa = vr->dpa_base + ((page_to_pfn(pages[i]) << PAGE_SHIFT) - vr->hpa_base);
		if (to_sram)
			f = xe_migrate_from_vram(vr->migrate, 1, dpa, dma_addr + i);
		else
			f = xe_migrate_to_vram(vr->migrate, 1, dma_addr + i, dpa);
		if (IS_ERR(f))
			return PTR_ERR(f);
		dma_fence_wait(f, false);
		dma_fence_put(f);
	}
	return 0;
}

static int broken_to_devmem(struct page **pages, dma_addr_t *dma_addr, unsigned long npages)
{
	return broken_copy(pages, dma_addr, npages, false);
}

static int broken_to_ram(struct page **pages, dma_addr_t *dma_addr, unsigned long npages)
{
	return broken_copy(pages, dma_addr, npages, true);
}

static const struct drm_gpusvm_devmem_ops gpusvm_devmem_ops __maybe_unused = {
	.copy_to_devmem = broken_to_devmem,
	.copy_to_ram = broken_to_ram,
};
