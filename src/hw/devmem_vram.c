// SPDX-License-Identifier: MIT
/*
 * VRAM managers of the device double: per tile, a buddy allocator over the
 * tile's VRAM region and the lock that serialises its users, set up for the
 * length of one device-memory run. While a run is live the region's pagemap
 * carries the ops of the code under test, so a page whose last reference
 * goes reaches that code's page_free, as core mm would call it.
 */
#include <string.h>
#include "devmem/hw_devmem.h"

static struct xe_ttm_vram_mgr vram_mgrs[HW_MAX_TILES];
static const struct dev_pagemap_ops *region_ops[HW_MAX_TILES];
static bool live[HW_MAX_TILES];

static void hw_devmem_reset_pages(struct xe_vram_region *vr)
{
	for (unsigned long k = 0; k < vr->hw_nr_pages; k++) {
		struct page *page = &vr->hw_pages[k];

		page->flags = 0;
		page->zone_device_data = NULL;
		page->_refcount.counter = 0;
		page->shim_locked = false;
	}
}

int hw_devmem_setup(struct xe_tile *tile, u64 size, const struct dev_pagemap_ops *ops)
{
	struct xe_vram_region *vr = &tile->mem.vram;
	struct xe_ttm_vram_mgr *mgr = &vram_mgrs[tile->id];
	int err;

	if (live[tile->id])
		hw_devmem_teardown(tile);
	if (!size || size > vr->usable_size || !IS_ALIGNED(size, PAGE_SIZE))
		return -EINVAL;
	memset(mgr, 0, sizeof(*mgr));
	err = drm_buddy_init(&mgr->mm, size, PAGE_SIZE);
	if (err)
		return err;
	mutex_init(&mgr->lock);
	mgr->lock.shim_name = "vram_mgr->lock";
	mgr->default_page_size = PAGE_SIZE;
	mgr->visible_size = size;
	mgr->visible_avail = size;
	tile->mem.vram_mgr = mgr;
	region_ops[tile->id] = vr->pagemap.ops;
	vr->pagemap.ops = ops;
	hw_devmem_reset_pages(vr);
	live[tile->id] = true;
	return 0;
}

void hw_devmem_teardown(struct xe_tile *tile)
{
	struct xe_vram_region *vr = &tile->mem.vram;
	struct xe_ttm_vram_mgr *mgr = &vram_mgrs[tile->id];

	if (!live[tile->id])
		return;
	drm_buddy_fini(&mgr->mm);
	mgr->lock.shim_held = 0;
	tile->mem.vram_mgr = NULL;
	vr->pagemap.ops = region_ops[tile->id];
	hw_devmem_reset_pages(vr);
	live[tile->id] = false;
}
