/* SPDX-License-Identifier: MIT */
/*
 * Between the device-memory glue (one TU per variant), the buddy checking
 * wrappers and the run driver: kernel types allowed, never seen by C++.
 */
#ifndef DEVMEM_GLUE_DEVMEM_H
#define DEVMEM_GLUE_DEVMEM_H
#include <drm/drm_buddy.h>
#include "xe_hw.h"

/* What a compiled variant offers the run driver. */
struct glue_devmem_impl {
	int (*alloc_pages)(struct xe_tile *tile, unsigned long npages,
			   struct list_head *blocks, unsigned long *pfn);
	void (*free_blocks)(struct list_head *blocks);
	const struct dev_pagemap_ops *pagemap_ops;
};

/*
 * Checking wrappers of the buddy API the variants call (glue_buddy.c): each
 * checks DEVMEM-LOCK (the manager's lock held), records what it hands out or
 * takes back, may inject a failure, then calls the real function.
 */
int glue_buddy_alloc_blocks(struct drm_buddy *mm, u64 start, u64 end, u64 size,
			    u64 min_block_size, struct list_head *blocks, unsigned long flags,
			    const char *file, int line);
void glue_buddy_free_block(struct drm_buddy *mm, struct drm_buddy_block *block,
			   const char *file, int line);
void glue_buddy_free_list(struct drm_buddy *mm, struct list_head *objects, unsigned int flags,
			  const char *file, int line);
int glue_buddy_block_trim(struct drm_buddy *mm, u64 *start, u64 new_size,
			  struct list_head *blocks, const char *file, int line);

/* Fails the n-th drm_buddy_alloc_blocks() call from now with err (n = 0: off). */
void glue_buddy_fail_at(unsigned long n, int err);
/* Called each time an injected failure fires. */
void glue_buddy_set_fail_hook(void (*hook)(void));
void glue_buddy_events_reset(void);

#endif /* DEVMEM_GLUE_DEVMEM_H */
