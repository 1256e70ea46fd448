// SPDX-License-Identifier: MIT
#include "proofs/copy/hw_facts.h"
#include "xe_migrate.h"

void proof_hw_facts(struct proof_hw_facts *out)
{
	struct xe_device *xe = hw_device_get(0);

	out->page_shift = PAGE_SHIFT;
	out->chunk = SZ_8M / PAGE_SIZE;
	out->region_pages = hw_region(0)->hw_nr_pages;
	out->nregions = hw_region_count() < PROOF_MAX_REGIONS ? hw_region_count() : PROOF_MAX_REGIONS;
	out->device_addr = (uint64_t)(uintptr_t)xe;
	out->device_size = sizeof(*xe);
	out->engine_size = sizeof(struct xe_migrate);
	out->page_struct_size = sizeof(struct page);
	out->fence_struct_size = sizeof(struct dma_fence);
	for (int r = 0; r < out->nregions; r++) {
		struct xe_vram_region *vr = hw_region(r);

		out->engine_addr[r] = (uint64_t)(uintptr_t)vr->migrate;
		out->engine_id[r] = vr->migrate->id;
		out->pages_addr[r] = (uint64_t)(uintptr_t)vr->hw_pages;
		out->dpa_base[r] = vr->dpa_base;
	}
}
