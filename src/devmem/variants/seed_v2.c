// SPDX-License-Identifier: MIT
/*
 * Variant: seed_v2
 * Api: xe_devm (2024)
 * Source: [v2 22/31] drm/xe/svm: implement functions to allocate and free device memory (intel-xe, Apr 2024; review thread Jun 2024)
 * Expect: DEVMEM-FREE, DEVMEM-LOCK, DEVMEM-OOM, MEM-SAFETY
 *
 * The posted design, rewritten in our own code with the same behaviour,
 * defects included: one TOPDOWN buddy allocation over the whole VRAM
 * range, per block a kzalloc'd record (LRU head, tile, page bitmap sized
 * in bytes) whose result is not checked, every page of every block handed
 * out with its pfn, initialised and pointed at its block; page_free clears
 * the page's bit and returns the block when the bitmap is empty, while the
 * block stays on the caller's list; free_blocks returns every block on the
 * list whatever its pages are doing. No buddy call takes vram_mgr->lock.
 */
#include <linux/bitmap.h>
#include <linux/memremap.h>
#include <linux/slab.h>
#include <drm/drm_buddy.h>
#include "xe_device_types.h"
#include "xe_ttm_vram_mgr_types.h"
#include "xe_assert.h"

/* Per buddy block: set in block->private; bit k set while page k is used. */
struct devm_block_info {
	struct list_head lru;
	struct xe_tile *tile;
	unsigned long used[];
};

static struct drm_buddy *devm_buddy(struct xe_tile *tile)
{
	return &tile->mem.vram_mgr->mm;
}

static unsigned long devm_block_first_pfn(struct xe_tile *tile, struct drm_buddy_block *block)
{
	return PHYS_PFN(tile->mem.vram.hpa_base + drm_buddy_block_offset(block));
}

static void devm_block_release(struct drm_buddy_block *block)
{
	struct devm_block_info *info = block->private;
	struct drm_buddy *mm = devm_buddy(info->tile);

	kfree(info);
	drm_buddy_free_block(mm, block);
}

void xe_devm_page_free(struct page *page)
{
	struct drm_buddy_block *block = page->zone_device_data;
	struct devm_block_info *info = block->private;
	struct xe_tile *tile = info->tile;
	u64 npages = drm_buddy_block_size(devm_buddy(tile), block) >> PAGE_SHIFT;
	u64 idx = page_to_pfn(page) - devm_block_first_pfn(tile, block);

	xe_assert(tile->xe, idx < npages);
	clear_bit(idx, info->used);
	if (bitmap_empty(info->used, npages))
		devm_block_release(block);
}

int xe_devm_alloc_pages(struct xe_tile *tile, unsigned long npages,
			struct list_head *blocks, unsigned long *pfn)
{
	struct drm_buddy *mm = devm_buddy(tile);
	struct drm_buddy_block *block, *next;
	unsigned long out = 0;
	int err;

	err = drm_buddy_alloc_blocks(mm, 0, mm->size, (u64)npages << PAGE_SHIFT,
				     PAGE_SIZE, blocks, DRM_BUDDY_TOPDOWN_ALLOCATION);
	if (unlikely(err))
		return err;

	list_for_each_entry_safe(block, next, blocks, link) {
		u64 block_pages = drm_buddy_block_size(mm, block) >> PAGE_SHIFT;
		unsigned long first = devm_block_first_pfn(tile, block);
		struct devm_block_info *info;
		u64 k;

		info = kzalloc(sizeof(*info) + BITS_TO_BYTES(block_pages), GFP_KERNEL);
		bitmap_fill(info->used, block_pages);
		info->tile = tile;
		block->private = info;

		for (k = 0; k < block_pages; k++) {
			struct page *page = pfn_to_page(first + k);

			pfn[out++] = first + k;
			zone_device_page_init(page);
			page->zone_device_data = block;
		}
	}
	return 0;
}

void xe_devm_free_blocks(struct list_head *blocks)
{
	struct drm_buddy_block *block, *next;

	list_for_each_entry_safe(block, next, blocks, link)
		devm_block_release(block);
}

static const struct dev_pagemap_ops xe_devm_pagemap_ops = {
	.page_free = xe_devm_page_free,
};
