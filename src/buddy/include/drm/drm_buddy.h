/* SPDX-License-Identifier: MIT */
/*
 * drm_buddy.h - the DRM buddy allocator API, as the Xe driver sees it.
 *
 * Our own header with the upstream names, struct members, flag values and
 * error codes (see ../shared/spec/buddy.md), so that code written against
 * <drm/drm_buddy.h> compiles here unchanged. In kernel-tree mode a user's
 * drm_buddy.c is compiled against its own header instead of this one.
 */
#ifndef _DRM_BUDDY_H_
#define _DRM_BUDDY_H_

#include <linux/bitops.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/sched.h>

/* Allocation flags of drm_buddy_alloc_blocks() (and CLEARED for free_list). */
#define DRM_BUDDY_RANGE_ALLOCATION		BIT(0)
#define DRM_BUDDY_TOPDOWN_ALLOCATION		BIT(1)
#define DRM_BUDDY_CONTIGUOUS_ALLOCATION		BIT(2)
#define DRM_BUDDY_CLEAR_ALLOCATION		BIT(3)
#define DRM_BUDDY_CLEARED			BIT(4)
#define DRM_BUDDY_TRIM_DISABLE			BIT(5)

/*
 * Block header word:
 *
 *   63                     12 11  10 9     8   6 5     0
 *  +-------------------------+------+-----+-----+-------+
 *  | offset (chunk aligned)  |state |clear|  -  | order |
 *  +-------------------------+------+-----+-----+-------+
 */
struct drm_buddy_block {
#define DRM_BUDDY_HEADER_OFFSET GENMASK_ULL(63, 12)
#define DRM_BUDDY_HEADER_STATE  GENMASK_ULL(11, 10)
#define   DRM_BUDDY_ALLOCATED	(1 << 10)
#define   DRM_BUDDY_FREE	(2 << 10)
#define   DRM_BUDDY_SPLIT	(3 << 10)
#define DRM_BUDDY_HEADER_CLEAR  GENMASK_ULL(9, 9)
#define DRM_BUDDY_HEADER_UNUSED GENMASK_ULL(8, 6)
#define DRM_BUDDY_HEADER_ORDER  GENMASK_ULL(5, 0)
	u64 header;

	struct drm_buddy_block *left;
	struct drm_buddy_block *right;
	struct drm_buddy_block *parent;

	/* The allocating caller's; the allocator never reads it. */
	void *private;

	/*
	 * Owned by the caller while the block is allocated (it links the
	 * block into the caller's list); owned by the allocator again once
	 * the block is freed, when it links the block into a free list.
	 */
	struct list_head link;
	/* The allocator's scratch link, used within one call. */
	struct list_head tmp_link;
};

/* Offsets live in bits 63:12, so order 0 is at least 4 KiB. */
#define DRM_BUDDY_MAX_ORDER (63 - 12)

/*
 * struct drm_buddy - one managed address space [0, size).
 *
 * free_list and roots are the allocator's own; the members from n_roots
 * on may be read by callers and only change through the API.
 */
struct drm_buddy {
	/* One list of free blocks per order, max_order + 1 entries. */
	struct list_head *free_list;
	/* The binary trees covering [0, size), largest first. */
	struct drm_buddy_block **roots;

	unsigned int n_roots;
	unsigned int max_order;

	/* Smallest block size, a power of two of at least 4 KiB. */
	u64 chunk_size;
	u64 size;
	/* Free bytes, and the part of them held in blocks marked clear. */
	u64 avail;
	u64 clear_avail;
};

static inline u64
drm_buddy_block_offset(const struct drm_buddy_block *block)
{
	return block->header & DRM_BUDDY_HEADER_OFFSET;
}

static inline unsigned int
drm_buddy_block_order(struct drm_buddy_block *block)
{
	return block->header & DRM_BUDDY_HEADER_ORDER;
}

static inline unsigned int
drm_buddy_block_state(struct drm_buddy_block *block)
{
	return block->header & DRM_BUDDY_HEADER_STATE;
}

static inline bool
drm_buddy_block_is_allocated(struct drm_buddy_block *block)
{
	return drm_buddy_block_state(block) == DRM_BUDDY_ALLOCATED;
}

static inline bool
drm_buddy_block_is_clear(struct drm_buddy_block *block)
{
	return block->header & DRM_BUDDY_HEADER_CLEAR;
}

static inline bool
drm_buddy_block_is_free(struct drm_buddy_block *block)
{
	return drm_buddy_block_state(block) == DRM_BUDDY_FREE;
}

static inline bool
drm_buddy_block_is_split(struct drm_buddy_block *block)
{
	return drm_buddy_block_state(block) == DRM_BUDDY_SPLIT;
}

static inline u64
drm_buddy_block_size(struct drm_buddy *mm, struct drm_buddy_block *block)
{
	return mm->chunk_size << drm_buddy_block_order(block);
}

int drm_buddy_init(struct drm_buddy *mm, u64 size, u64 chunk_size);

void drm_buddy_fini(struct drm_buddy *mm);

struct drm_buddy_block *
drm_get_buddy(struct drm_buddy_block *block);

int drm_buddy_alloc_blocks(struct drm_buddy *mm,
			   u64 start, u64 end, u64 size,
			   u64 min_page_size,
			   struct list_head *blocks,
			   unsigned long flags);

int drm_buddy_block_trim(struct drm_buddy *mm,
			 u64 *start,
			 u64 new_size,
			 struct list_head *blocks);

void drm_buddy_reset_clear(struct drm_buddy *mm, bool is_clear);

void drm_buddy_free_block(struct drm_buddy *mm, struct drm_buddy_block *block);

void drm_buddy_free_list(struct drm_buddy *mm,
			 struct list_head *objects,
			 unsigned int flags);

void drm_buddy_print(struct drm_buddy *mm, struct drm_printer *p);
void drm_buddy_block_print(struct drm_buddy *mm,
			   struct drm_buddy_block *block,
			   struct drm_printer *p);

#endif /* _DRM_BUDDY_H_ */
