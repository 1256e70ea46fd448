// SPDX-License-Identifier: MIT
/*
 * Variant: compares_fences
 * Api: G1
 * Source: proofs/tests: translator fixture, compares the fences of two submissions
 * Expect: COPY-ONCE
 *
 * Copies the first page twice and compares the two fences it gets back.
 * With fences abstracted (only fence-free properties asked for) the two
 * would be the same object, so the prover must refuse the comparison by
 * name instead of deciding it.
 */
#include <linux/types.h>
#include <drm/drm_gpusvm.h>
#include "xe_migrate.h"
#include "xe_svm.h"

static int copy_twice(struct page **pages, dma_addr_t *dma_addr, unsigned long npages)
{
	struct xe_mem_region *mr;
	struct xe_tile *tile;
	struct dma_fence *a, *b;
	u64 dpa;
	int err = 0;

	if (!npages || !pages[0] || !dma_addr[0])
		return 0;
	mr = container_of(pages[0]->pgmap, struct xe_mem_region, pagemap);
	tile = container_of(mr, struct xe_tile, mem.vram);
	dpa = mr->dpa_base + (((u64)page_to_pfn(pages[0]) << PAGE_SHIFT) - mr->hpa_base);
	a = xe_migrate_to_vram(tile->migrate, 1, dma_addr, dpa);
	if (IS_ERR(a))
		return PTR_ERR(a);
	b = xe_migrate_to_vram(tile->migrate, 1, dma_addr, dpa);
	if (IS_ERR(b))
		err = PTR_ERR(b);
	else if (b == a)
		err = -EINVAL;
	dma_fence_wait(a, false);
	dma_fence_put(a);
	if (!IS_ERR(b)) {
		dma_fence_wait(b, false);
		dma_fence_put(b);
	}
	return err;
}

static const struct drm_gpusvm_devmem_ops gpusvm_devmem_ops __maybe_unused = {
	.copy_to_devmem = copy_twice,
	.copy_to_ram = copy_twice,
};
