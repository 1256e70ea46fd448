// SPDX-License-Identifier: MIT
/*
 * Variant: fixed
 * Api: xe_devm (2024)
 * Source: our corrected version of the seed design (shared/spec/devmem.md, "The fixed design")
 * Expect: pass
 *
 * The seed design with its defects repaired: every buddy call is made
 * under vram_mgr->lock; the per-block records are allocated before any
 * page is handed out, and a failed allocation gives every block back and
 * returns -ENOMEM; the page bitmap is sized in whole longs; a block goes
 * back to the buddy exactly once, when its last page is freed, and leaves
 * the caller's list at that moment; free_blocks detaches the caller's
 * blocks and returns only those no page uses any more.
 */
#include <linux/bitmap.h>
#include <linux/memremap.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <drm/drm_buddy.h>
#include "xe_device_types.h"
#include "xe_ttm_vram_mgr_types.h"
#include "xe_assert.h"

/*
 * Per buddy block, in block->private: bit k set while page k is in use.
 * The block's link is on the caller's list until free_blocks detaches it
 * or its last page goes, and self-linked after that.
 */
struct devm_block_info {
	struct xe_tile *tile;
	unsigned long used[];
};

static u64 devm_block_pages(struct drm_buddy *mm, struct drm_buddy_block *block)
{
	return drm_buddy_block_size(mm, block) >> PAGE_SHIFT;
}

static unsigned long devm_block_first_pfn(struct xe_tile *tile, struct drm_buddy_block *block)
{
	return PHYS_PFN(tile->mem.vram.hpa_base + drm_buddy_block_offset(block));
}

/* Caller holds vram_mgr->lock. */
static void devm_block_release_locked(struct xe_ttm_vram_mgr *mgr, struct drm_buddy_block *block)
{
	struct devm_block_info *info = block->private;

	lockdep_assert_held(&mgr->lock);
	list_del_init(&block->link);
	block->private = NULL;
	drm_buddy_free_block(&mgr->mm, block);
	kfree(info);
}

void xe_devm_page_free(struct page *page)
{
	struct drm_buddy_block *block = page->zone_device_data;
	struct devm_block_info *info = block->private;
	struct xe_tile *tile = info->tile;
	struct xe_ttm_vram_mgr *mgr = tile->mem.vram_mgr;
	u64 npages, idx;

	mutex_lock(&mgr->lock);
	npages = devm_block_pages(&mgr->mm, block);
	idx = page_to_pfn(page) - devm_block_first_pfn(tile, block);
	if (XE_WARN_ON(idx >= npages || !test_bit(idx, info->used))) {
		mutex_unlock(&mgr->lock);
		return;
	}
	clear_bit(idx, info->used);
	page->zone_device_data = NULL;
	if (bitmap_empty(info->used, npages))
		devm_block_release_locked(mgr, block);
	mutex_unlock(&mgr->lock);
}

static void devm_free_infos(struct list_head *blocks)
{
	struct drm_buddy_block *block;

	list_for_each_entry(block, blocks, link) {
		kfree(block->private);
		block->private = NULL;
	}
}

int xe_devm_alloc_pages(struct xe_tile *tile, unsigned long npages,
			struct list_head *blocks, unsigned long *pfn)
{
	struct xe_ttm_vram_mgr *mgr = tile->mem.vram_mgr;
	struct drm_buddy *mm = &mgr->mm;
	struct drm_buddy_block *block;
	unsigned long out = 0;
	LIST_HEAD(fresh);
	int err;

	mutex_lock(&mgr->lock);
	err = drm_buddy_alloc_blocks(mm, 0, mm->size, (u64)npages << PAGE_SHIFT,
				     PAGE_SIZE, &fresh, DRM_BUDDY_TOPDOWN_ALLOCATION);
	mutex_unlock(&mgr->lock);
	if (err)
		return err;

	list_for_each_entry(block, &fresh, link) {
		u64 words = BITS_TO_LONGS(devm_block_pages(mm, block));
		struct devm_block_info *info;

		info = kzalloc(sizeof(*info) + words * sizeof(unsigned long), GFP_KERNEL);
		if (!info) {
			devm_free_infos(&fresh);
			mutex_lock(&mgr->lock);
			drm_buddy_free_list(mm, &fresh, 0);
			mutex_unlock(&mgr->lock);
			return -ENOMEM;
		}
		info->tile = tile;
		block->private = info;
	}

	list_for_each_entry(block, &fresh, link) {
		struct devm_block_info *info = block->private;
		u64 k, block_pages = devm_block_pages(mm, block);
		unsigned long first = devm_block_first_pfn(tile, block);

		bitmap_fill(info->used, block_pages);
		for (k = 0; k < block_pages; k++) {
			struct page *page = pfn_to_page(first + k);

			pfn[out++] = first + k;
			zone_device_page_init(page);
			page->zone_device_data = block;
		}
	}
	list_splice_tail(&fresh, blocks);
	return 0;
}

void xe_devm_free_blocks(struct list_head *blocks)
{
	struct drm_buddy_block *block, *next;
	struct xe_ttm_vram_mgr *mgr;
	struct devm_block_info *info;

	if (list_empty(blocks))
		return;
	info = list_first_entry(blocks, struct drm_buddy_block, link)->private;
	mgr = info->tile->mem.vram_mgr;

	mutex_lock(&mgr->lock);
	list_for_each_entry_safe(block, next, blocks, link) {
		info = block->private;
		if (bitmap_empty(info->used, devm_block_pages(&mgr->mm, block)))
			devm_block_release_locked(mgr, block);
		else
			list_del_init(&block->link);
	}
	mutex_unlock(&mgr->lock);
}

static const struct dev_pagemap_ops xe_devm_pagemap_ops = {
	.page_free = xe_devm_page_free,
};
