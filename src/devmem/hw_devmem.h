/* SPDX-License-Identifier: MIT */
/*
 * The VRAM-manager side of the device double (src/hw/devmem_vram.c): what a
 * device-memory run needs from the hardware beyond the VRAM regions.
 */
#ifndef DEVMEM_HW_DEVMEM_H
#define DEVMEM_HW_DEVMEM_H
#include "xe_hw.h"
#include "xe_ttm_vram_mgr_types.h"

/**
 * hw_devmem_setup() - give a tile a VRAM manager for one run
 * @tile: the tile, from hw_device_get()
 * @size: bytes of the tile's VRAM the buddy manages, PAGE_SIZE-aligned,
 *        at most the region's usable size
 * @ops: pagemap ops of the code under test (its page_free)
 *
 * Initialises the buddy with PAGE_SIZE chunks and the manager's lock, points
 * tile->mem.vram_mgr at it, installs @ops on the region's pagemap and puts
 * every page of the region back to its unused state.
 *
 * Return: 0, or the error of drm_buddy_init() / -EINVAL for a bad @size.
 */
int hw_devmem_setup(struct xe_tile *tile, u64 size, const struct dev_pagemap_ops *ops);

/**
 * hw_devmem_teardown() - undo hw_devmem_setup()
 * @tile: the tile
 *
 * Finalises the buddy (blocks still allocated are the caller's to account
 * for first), restores the region's own pagemap ops and resets its pages.
 */
void hw_devmem_teardown(struct xe_tile *tile);

#endif /* DEVMEM_HW_DEVMEM_H */
