/* SPDX-License-Identifier: MIT */
/*
 * Xe hardware doubles: device, tiles, VRAM regions with their struct page
 * arrays and dev_pagemaps, and one migrate engine per region.
 *
 *   tile t ── mem.vram (region t) ── pages[0..nr_pages)   pfn = hpa_base>>PAGE_SHIFT + k
 *          │                     └─ pagemap (pgmap of every page of the region)
 *          └─ migrate (engine t: in-order job queue, fences complete in order)
 *
 * DPA of page k of region t = dpa_base + k * PAGE_SIZE.
 */
#ifndef HW_XE_HW_H
#define HW_XE_HW_H
#include <shim/kernel.h>

#define HW_MAX_TILES 2

struct xe_device;
struct xe_tile;
struct xe_migrate;
struct xe_ttm_vram_mgr;

struct xe_vram_region {
	struct xe_device *xe;
	struct xe_tile *tile;
	u64 hpa_base;
	u64 dpa_base;
	resource_size_t usable_size;
	resource_size_t actual_physical_size;
	struct dev_pagemap pagemap;
	struct xe_migrate *migrate;
	/* Harness: the region's struct pages and the fake memory behind them. */
	struct page *hw_pages;
	unsigned long hw_nr_pages;
	u64 *hw_tags;
};

/* G1 kernels call the same region struct xe_mem_region. */
#define xe_mem_region xe_vram_region

struct xe_tile {
	struct xe_device *xe;
	u8 id;
	struct {
		struct xe_vram_region vram;
		struct xe_ttm_vram_mgr *vram_mgr;
	} mem;
	struct xe_migrate *migrate;
};

struct xe_device {
	struct xe_tile tiles[HW_MAX_TILES];
	u8 tile_count;
	struct {
		u32 vram_flags;
	} info;
};

#define for_each_tile(tile__, xe__, id__) \
	for ((id__) = 0; (id__) < (xe__)->tile_count && ((tile__) = &(xe__)->tiles[(id__)]); (id__)++)

static inline struct xe_device *tile_to_xe(struct xe_tile *tile) { return tile->xe; }

/* Asserts of the driver: on in the harness (CONFIG_DRM_XE_DEBUG), reported, not fatal. */
#define xe_assert(xe, cond) do {                                                \
	(void)(xe);                                                             \
	if (unlikely(!(cond)))                                                  \
		shim_report(SHIM_REPORT_ASSERT, __FILE__, __LINE__, #cond);     \
} while (0)
#define xe_tile_assert(tile, cond) xe_assert((tile)->xe, cond)
#define xe_gt_assert(gt, cond) xe_assert(gt, cond)
#define XE_WARN_ON WARN_ON

/* Harness API of the device double (src/hw/device.c). */
struct xe_device *hw_device_get(unsigned long pages_per_region);
struct xe_vram_region *hw_region(int idx);
int hw_region_count(void);
u64 hw_page_dpa(const struct page *page);

#endif /* HW_XE_HW_H */
