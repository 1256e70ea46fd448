// SPDX-License-Identifier: MIT
/*
 * Variant: ours
 * Api: drm_buddy
 * Source: svmcheck's own drm_buddy allocator, written from ../shared/spec/buddy.md (the behaviour of the last drivers/gpu/drm/drm_buddy.c before the 2026 move)
 * Expect: pass
 *
 * A binary buddy allocator over [0, size) cut into power-of-two roots, with
 * clear/dirty tracking, range and top-down placement, contiguous requests
 * that "try harder" across neighbouring blocks, trimming and force-merge.
 * Free blocks sit on one offset-sorted list per order; a call either
 * succeeds or leaves the free space as it found it.
 */
#include <linux/module.h>
#include <linux/sizes.h>

#include <drm/drm_buddy.h>

static struct kmem_cache *slab_blocks;

static struct drm_buddy_block *block_new(struct drm_buddy_block *parent,
					 unsigned int order, u64 offset)
{
	struct drm_buddy_block *block;

	BUG_ON(order > DRM_BUDDY_MAX_ORDER);

	block = kmem_cache_zalloc(slab_blocks, GFP_KERNEL);
	if (!block)
		return NULL;

	block->header = offset | order;
	block->parent = parent;
	BUG_ON(block->header & DRM_BUDDY_HEADER_UNUSED);
	return block;
}

static void block_delete(struct drm_buddy_block *block)
{
	kmem_cache_free(slab_blocks, block);
}

static void block_set_state(struct drm_buddy_block *block, u64 state)
{
	block->header &= ~DRM_BUDDY_HEADER_STATE;
	block->header |= state;
}

static void block_set_clear(struct drm_buddy_block *block, bool clear)
{
	if (clear)
		block->header |= DRM_BUDDY_HEADER_CLEAR;
	else
		block->header &= ~DRM_BUDDY_HEADER_CLEAR;
}

static u64 block_end(struct drm_buddy *mm, struct drm_buddy_block *block)
{
	return drm_buddy_block_offset(block) + drm_buddy_block_size(mm, block) - 1;
}

/* Free lists are kept sorted by offset so placement is deterministic. */
static void mark_free(struct drm_buddy *mm, struct drm_buddy_block *block)
{
	struct list_head *head = &mm->free_list[drm_buddy_block_order(block)];
	struct drm_buddy_block *pos;

	block_set_state(block, DRM_BUDDY_FREE);
	list_for_each_entry(pos, head, link) {
		if (drm_buddy_block_offset(pos) > drm_buddy_block_offset(block))
			break;
	}
	list_add_tail(&block->link, &pos->link);
}

static void mark_allocated(struct drm_buddy_block *block)
{
	block_set_state(block, DRM_BUDDY_ALLOCATED);
	list_del(&block->link);
}

static void mark_split(struct drm_buddy_block *block)
{
	block_set_state(block, DRM_BUDDY_SPLIT);
	list_del(&block->link);
}

/* avail and clear_avail follow every free block entering or leaving use. */
static void account_take(struct drm_buddy *mm, struct drm_buddy_block *block)
{
	u64 size = drm_buddy_block_size(mm, block);

	mm->avail -= size;
	if (drm_buddy_block_is_clear(block))
		mm->clear_avail -= size;
}

static void account_give(struct drm_buddy *mm, struct drm_buddy_block *block)
{
	u64 size = drm_buddy_block_size(mm, block);

	mm->avail += size;
	if (drm_buddy_block_is_clear(block))
		mm->clear_avail += size;
}

static bool overlaps(u64 s1, u64 e1, u64 s2, u64 e2)
{
	return s1 <= e2 && e1 >= s2;
}

static bool contains(u64 s1, u64 e1, u64 s2, u64 e2)
{
	return s1 <= s2 && e2 <= e1;
}

static bool range_overflows(u64 start, u64 size, u64 limit)
{
	return start >= limit || size > limit - start;
}

static struct drm_buddy_block *buddy_of(struct drm_buddy_block *block)
{
	struct drm_buddy_block *parent = block->parent;

	if (!parent)
		return NULL;
	return parent->left == block ? parent->right : parent->left;
}

/**
 * drm_get_buddy - the other half of a block's parent
 * @block: a block of the tree
 *
 * Returns: the buddy of @block, or NULL for a root.
 */
struct drm_buddy_block *drm_get_buddy(struct drm_buddy_block *block)
{
	return buddy_of(block);
}
EXPORT_SYMBOL(drm_get_buddy);

/* Splits a free block in two free halves that inherit its clear bit. */
static int split_block(struct drm_buddy *mm, struct drm_buddy_block *block)
{
	unsigned int order = drm_buddy_block_order(block) - 1;
	u64 offset = drm_buddy_block_offset(block);
	bool clear = drm_buddy_block_is_clear(block);

	BUG_ON(!drm_buddy_block_is_free(block));
	BUG_ON(!drm_buddy_block_order(block));

	block->left = block_new(block, order, offset);
	if (!block->left)
		return -ENOMEM;

	block->right = block_new(block, order, offset + (mm->chunk_size << order));
	if (!block->right) {
		block_delete(block->left);
		block->left = NULL;
		return -ENOMEM;
	}

	block_set_clear(block->left, clear);
	block_set_clear(block->right, clear);
	mark_free(mm, block->left);
	mark_free(mm, block->right);
	block_set_clear(block, false);
	mark_split(block);
	return 0;
}

/*
 * Puts a block that is off every list back as free, merging it upwards with
 * free buddies. Without @force only buddies of the same clear state merge
 * and the parent keeps that state; with @force any free buddy merges, the
 * result is dirty and the buddy's clear bytes leave clear_avail (the
 * caller has already taken out the block's own).
 */
static struct drm_buddy_block *
merge_up(struct drm_buddy *mm, struct drm_buddy_block *block, bool force)
{
	struct drm_buddy_block *parent;

	while ((parent = block->parent)) {
		struct drm_buddy_block *buddy = buddy_of(block);
		bool clear = drm_buddy_block_is_clear(block);

		if (!drm_buddy_block_is_free(buddy))
			break;

		if (!force && clear != drm_buddy_block_is_clear(buddy))
			break;

		list_del(&buddy->link);
		if (force) {
			if (drm_buddy_block_is_clear(buddy))
				mm->clear_avail -= drm_buddy_block_size(mm, buddy);
			clear = false;
		}

		block_delete(parent->left);
		block_delete(parent->right);
		parent->left = NULL;
		parent->right = NULL;
		block_set_clear(parent, clear);
		block = parent;
	}

	if (force)
		block_set_clear(block, false);
	mark_free(mm, block);
	return block;
}

/*
 * Merges free buddies whatever their clear state, lowest orders last, for
 * pairs inside [start, end). Returns 0 once a block of at least @min_order
 * came out of a merge, -ENOSPC if none did.
 */
static int force_merge(struct drm_buddy *mm, u64 start, u64 end,
		       unsigned int min_order)
{
	int order;

	if (!min_order || min_order > mm->max_order || end <= start)
		return -ENOSPC;

	for (order = min_order - 1; order >= 0; order--) {
		struct drm_buddy_block *block, *buddy, *merged;

restart:
		list_for_each_entry_reverse(block, &mm->free_list[order], link) {
			buddy = buddy_of(block);
			if (!buddy || !drm_buddy_block_is_free(buddy))
				continue;

			/*
			 * The pair must lie inside the window, or a merge could
			 * stand in for the one the caller needs.
			 */
			if (!contains(start, end - 1,
				      drm_buddy_block_offset(block->parent),
				      block_end(mm, block->parent)))
				continue;

			/* Only mixed pairs can be free buddies side by side. */
			WARN_ON(drm_buddy_block_is_clear(block) ==
				drm_buddy_block_is_clear(buddy));

			list_del(&block->link);
			if (drm_buddy_block_is_clear(block))
				mm->clear_avail -= drm_buddy_block_size(mm, block);

			merged = merge_up(mm, block, true);
			if (drm_buddy_block_order(merged) >= min_order)
				return 0;
			goto restart;
		}
	}

	return -ENOSPC;
}

/* Force-merges each root as far as it goes, each from its own offset. */
static void force_merge_roots(struct drm_buddy *mm)
{
	u64 size = mm->size;
	unsigned int i;

	for (i = 0; i < mm->n_roots; i++) {
		unsigned int order = ilog2(size) - ilog2(mm->chunk_size);
		u64 start = drm_buddy_block_offset(mm->roots[i]);

		force_merge(mm, start, start + size, order);
		size -= mm->chunk_size << order;
	}
}

/**
 * drm_buddy_init - set up a buddy allocator over [0, @size)
 * @mm: the allocator
 * @size: bytes to manage, rounded down to a multiple of @chunk_size
 * @chunk_size: smallest block size, a power of two of at least 4 KiB
 *
 * The space is cut into one root per set bit of the rounded size, largest
 * first from offset 0.
 *
 * Returns: 0, -EINVAL for a bad size or chunk size, -ENOMEM.
 */
int drm_buddy_init(struct drm_buddy *mm, u64 size, u64 chunk_size)
{
	unsigned int i;
	u64 offset;

	if (size < chunk_size)
		return -EINVAL;

	if (chunk_size < SZ_4K)
		return -EINVAL;

	if (!is_power_of_2(chunk_size))
		return -EINVAL;

	size = round_down(size, chunk_size);

	mm->size = size;
	mm->avail = size;
	mm->clear_avail = 0;
	mm->chunk_size = chunk_size;
	mm->max_order = ilog2(size) - ilog2(chunk_size);

	BUG_ON(mm->max_order > DRM_BUDDY_MAX_ORDER);

	mm->free_list = kmalloc_array(mm->max_order + 1, sizeof(struct list_head),
				      GFP_KERNEL);
	if (!mm->free_list)
		return -ENOMEM;

	for (i = 0; i <= mm->max_order; i++)
		INIT_LIST_HEAD(&mm->free_list[i]);

	mm->n_roots = hweight64(size);
	mm->roots = kmalloc_array(mm->n_roots, sizeof(struct drm_buddy_block *),
				  GFP_KERNEL);
	if (!mm->roots)
		goto out_free_list;

	offset = 0;
	for (i = 0; i < mm->n_roots; i++) {
		unsigned int order = ilog2(size) - ilog2(chunk_size);
		struct drm_buddy_block *root = block_new(NULL, order, offset);

		if (!root)
			goto out_roots;

		mm->roots[i] = root;
		mark_free(mm, root);
		offset += chunk_size << order;
		size -= chunk_size << order;
	}

	return 0;

out_roots:
	while (i--)
		block_delete(mm->roots[i]);
	kfree(mm->roots);
out_free_list:
	kfree(mm->free_list);
	return -ENOMEM;
}
EXPORT_SYMBOL(drm_buddy_init);

static void free_subtree(struct drm_buddy_block *block)
{
	if (drm_buddy_block_is_split(block)) {
		free_subtree(block->left);
		free_subtree(block->right);
	}
	block_delete(block);
}

/**
 * drm_buddy_fini - tear down a buddy allocator
 * @mm: the allocator
 *
 * Every block should have been freed: a root that is still split or in
 * use, or unbalanced accounting, gives a warning. All memory the
 * allocator took is released either way.
 */
void drm_buddy_fini(struct drm_buddy *mm)
{
	unsigned int i;

	force_merge_roots(mm);
	for (i = 0; i < mm->n_roots; i++) {
		WARN_ON(!drm_buddy_block_is_free(mm->roots[i]));
		free_subtree(mm->roots[i]);
	}

	WARN_ON(mm->avail != mm->size);

	kfree(mm->roots);
	kfree(mm->free_list);
	mm->roots = NULL;
	mm->free_list = NULL;
}
EXPORT_SYMBOL(drm_buddy_fini);

/* Returns allocated blocks of a failed call; their clear bits stay. */
static void release_blocks(struct drm_buddy *mm, struct list_head *blocks)
{
	struct drm_buddy_block *block, *next;

	list_for_each_entry_safe(block, next, blocks, link) {
		list_del(&block->link);
		account_give(mm, block);
		merge_up(mm, block, false);
	}
	INIT_LIST_HEAD(blocks);
}

/*
 * Allocates exactly [start, start + size) below the blocks queued on @dfs
 * (through tmp_link), splitting where the range cuts a free block. On
 * -ENOSPC with @filled, the blocks taken so far go to @blocks and their
 * total to *@filled; otherwise a failure takes nothing.
 */
static int alloc_exact(struct drm_buddy *mm, struct list_head *dfs,
		       u64 start, u64 size, u64 *filled,
		       struct list_head *blocks)
{
	struct drm_buddy_block *block, *buddy;
	u64 end = start + size - 1;
	LIST_HEAD(taken);
	u64 total = 0;
	int err;

	while ((block = list_first_entry_or_null(dfs, struct drm_buddy_block,
						 tmp_link))) {
		u64 bstart = drm_buddy_block_offset(block);
		u64 bend = block_end(mm, block);

		list_del(&block->tmp_link);

		if (!overlaps(start, end, bstart, bend))
			continue;

		if (drm_buddy_block_is_allocated(block)) {
			err = -ENOSPC;
			goto fail;
		}

		if (contains(start, end, bstart, bend) &&
		    drm_buddy_block_is_free(block)) {
			mark_allocated(block);
			account_take(mm, block);
			list_add_tail(&block->link, &taken);
			total += drm_buddy_block_size(mm, block);
			continue;
		}

		if (!drm_buddy_block_is_split(block)) {
			err = split_block(mm, block);
			if (unlikely(err))
				goto undo;
		}

		list_add(&block->right->tmp_link, dfs);
		list_add(&block->left->tmp_link, dfs);
	}

	if (total < size) {
		err = -ENOSPC;
		goto fail;
	}

	list_splice_tail(&taken, blocks);
	return 0;

undo:
	/* Do not leave the splits made on the way down behind. */
	buddy = buddy_of(block);
	if (buddy && drm_buddy_block_is_free(block) &&
	    drm_buddy_block_is_free(buddy)) {
		list_del(&block->link);
		merge_up(mm, block, false);
	}
fail:
	if (err == -ENOSPC && filled) {
		*filled = total;
		list_splice_tail(&taken, blocks);
	} else {
		release_blocks(mm, &taken);
	}
	return err;
}

static int alloc_exact_range(struct drm_buddy *mm, u64 start, u64 size,
			     u64 *filled, struct list_head *blocks)
{
	LIST_HEAD(dfs);
	unsigned int i;

	if (filled)
		*filled = 0;

	for (i = 0; i < mm->n_roots; i++)
		list_add_tail(&mm->roots[i]->tmp_link, &dfs);

	return alloc_exact(mm, &dfs, start, size, filled, blocks);
}

static bool block_wanted(struct drm_buddy_block *block, unsigned long flags)
{
	bool want_clear = flags & DRM_BUDDY_CLEAR_ALLOCATION;

	return drm_buddy_block_is_clear(block) == want_clear;
}

/*
 * Finds (splitting as needed) a free block of @order inside [start, end),
 * lowest offset first. With @any_state the clear preference is ignored.
 * Splits happen only on the way to a slot that exists, so a search that
 * fails for lack of space changes nothing.
 */
static struct drm_buddy_block *
find_in_range(struct drm_buddy *mm, u64 start, u64 end, unsigned int order,
	      unsigned long flags, bool any_state)
{
	u64 req = mm->chunk_size << order;
	struct drm_buddy_block *block, *buddy;
	u64 last = end - 1, lo, hi, slot;
	LIST_HEAD(dfs);
	unsigned int i;
	int err;

	if (end <= start)
		return ERR_PTR(-ENOSPC);

	for (i = 0; i < mm->n_roots; i++)
		list_add_tail(&mm->roots[i]->tmp_link, &dfs);

	while ((block = list_first_entry_or_null(&dfs, struct drm_buddy_block,
						 tmp_link))) {
		u64 bstart = drm_buddy_block_offset(block);
		u64 bend = block_end(mm, block);

		list_del(&block->tmp_link);

		if (drm_buddy_block_order(block) < order)
			continue;

		if (!overlaps(start, last, bstart, bend))
			continue;

		if (drm_buddy_block_is_allocated(block))
			continue;

		/* Is there a req-aligned slot of req bytes in the overlap? */
		lo = max(bstart, start);
		hi = min(bend, last);
		slot = round_up(lo, req);
		if (slot < lo || slot + (req - 1) > hi)
			continue;

		if (drm_buddy_block_is_free(block)) {
			if (!any_state && !block_wanted(block, flags))
				continue;

			if (drm_buddy_block_order(block) == order)
				return block;

			err = split_block(mm, block);
			if (unlikely(err))
				goto undo;
		}

		list_add(&block->right->tmp_link, &dfs);
		list_add(&block->left->tmp_link, &dfs);
	}

	return ERR_PTR(-ENOSPC);

undo:
	buddy = buddy_of(block);
	if (buddy && drm_buddy_block_is_free(block) &&
	    drm_buddy_block_is_free(buddy)) {
		list_del(&block->link);
		merge_up(mm, block, false);
	}
	return ERR_PTR(err);
}

/*
 * Picks a free block of at least @order from the free lists: top-down takes
 * the highest offset over all those orders, otherwise the smallest order
 * wins, lowest offset first. With @any_state the clear preference is
 * ignored.
 */
static struct drm_buddy_block *
pick_free(struct drm_buddy *mm, unsigned int order, unsigned long flags,
	  bool any_state)
{
	struct drm_buddy_block *best = NULL, *block;
	unsigned int i;

	for (i = order; i <= mm->max_order; i++) {
		if (flags & DRM_BUDDY_TOPDOWN_ALLOCATION) {
			list_for_each_entry_reverse(block, &mm->free_list[i], link) {
				if (!any_state && !block_wanted(block, flags))
					continue;
				if (!best || drm_buddy_block_offset(block) >
					     drm_buddy_block_offset(best))
					best = block;
				break;
			}
		} else {
			list_for_each_entry(block, &mm->free_list[i], link) {
				if (!any_state && !block_wanted(block, flags))
					continue;
				return block;
			}
		}
	}
	return best;
}

static struct drm_buddy_block *
alloc_from_free_lists(struct drm_buddy *mm, unsigned int order,
		      unsigned long flags)
{
	bool topdown = flags & DRM_BUDDY_TOPDOWN_ALLOCATION;
	struct drm_buddy_block *block;
	int err;

	block = pick_free(mm, order, flags, false);
	if (!block)
		block = pick_free(mm, order, flags, true);
	if (!block)
		return ERR_PTR(-ENOSPC);

	while (drm_buddy_block_order(block) > order) {
		err = split_block(mm, block);
		if (unlikely(err)) {
			/* Merge the halves split so far back together. */
			if (block->parent && drm_buddy_block_is_free(buddy_of(block))) {
				list_del(&block->link);
				merge_up(mm, block, false);
			}
			return ERR_PTR(err);
		}
		block = topdown ? block->right : block->left;
	}
	return block;
}

static struct drm_buddy_block *
alloc_one(struct drm_buddy *mm, u64 start, u64 end, unsigned int order,
	  unsigned long flags)
{
	struct drm_buddy_block *block;

	if (!(flags & DRM_BUDDY_RANGE_ALLOCATION))
		return alloc_from_free_lists(mm, order, flags);

	block = find_in_range(mm, start, end, order, flags, false);
	if (PTR_ERR(block) == -ENOSPC)
		block = find_in_range(mm, start, end, order, flags, true);
	return block;
}

/*
 * A contiguous request no single free block can hold: for each free block
 * of the request's largest power-of-two order (highest offset first), take
 * the range starting at it (right side), and if that stops short, the rest
 * in front of it (left side), rounded up to @min_block_size.
 */
static int contig_try_harder(struct drm_buddy *mm, u64 size,
			     u64 min_block_size, struct list_head *blocks)
{
	u64 part = rounddown_pow_of_two(size);
	unsigned int order = ilog2(part) - ilog2(mm->chunk_size);
	u64 below = U64_MAX;
	int err;

	if (!order || order > mm->max_order)
		return -ENOSPC;

	for (;;) {
		struct drm_buddy_block *block = NULL, *pos;
		LIST_HEAD(right);
		LIST_HEAD(left);
		u64 filled = 0, lhs, offset;

		/*
		 * A failed attempt merges its blocks back, which can free the
		 * block it started from: find the next start by offset.
		 */
		list_for_each_entry_reverse(pos, &mm->free_list[order], link) {
			if (drm_buddy_block_offset(pos) < below) {
				block = pos;
				break;
			}
		}
		if (!block)
			return -ENOSPC;

		offset = drm_buddy_block_offset(block);
		below = offset;

		err = alloc_exact_range(mm, offset, size, &filled, &right);
		if (!err) {
			list_splice_tail(&right, blocks);
			return 0;
		}
		if (err != -ENOSPC)
			return err;

		lhs = round_up(max(size - filled, min_block_size), min_block_size);
		err = -ENOSPC;
		if (lhs <= offset) {
			err = alloc_exact_range(mm, offset - lhs, lhs, NULL, &left);
			if (!err) {
				list_splice_tail(&right, &left);
				list_splice_tail(&left, blocks);
				return 0;
			}
		}

		release_blocks(mm, &right);
		if (err != -ENOSPC)
			return err;
	}
}

/* The trim step of drm_buddy_block_trim(), on a block already checked. */
static int trim_block(struct drm_buddy *mm, struct drm_buddy_block *block,
		      u64 new_start, u64 new_size, struct list_head *blocks)
{
	struct drm_buddy_block *parent = block->parent;
	LIST_HEAD(dfs);
	int err;

	list_del(&block->link);
	mark_free(mm, block);
	account_give(mm, block);

	/* Keep the merges of a failed attempt from climbing past the block. */
	block->parent = NULL;

	list_add(&block->tmp_link, &dfs);
	err = alloc_exact(mm, &dfs, new_start, new_size, NULL, blocks);
	if (err) {
		BUG_ON(!drm_buddy_block_is_free(block));
		mark_allocated(block);
		account_take(mm, block);
		list_add(&block->link, blocks);
	}

	block->parent = parent;
	return err;
}

/**
 * drm_buddy_block_trim - shrink an allocated block to a sub-range
 * @mm: the allocator
 * @start: start of the range to keep, or NULL for the block's start
 * @new_size: bytes to keep
 * @blocks: a list holding exactly the one block to trim
 *
 * The block is returned and exactly [start, start + new_size) allocated
 * again in its place; @blocks then holds the pieces. On failure the
 * original block is back on @blocks.
 *
 * Returns: 0, -EINVAL for bad arguments, -ENOSPC or -ENOMEM.
 */
int drm_buddy_block_trim(struct drm_buddy *mm, u64 *start, u64 new_size,
			 struct list_head *blocks)
{
	struct drm_buddy_block *block;
	u64 bstart, bsize, new_start;

	if (list_empty(blocks) || !list_is_last(blocks->next, blocks))
		return -EINVAL;

	block = list_first_entry(blocks, struct drm_buddy_block, link);
	if (WARN_ON(!drm_buddy_block_is_allocated(block)))
		return -EINVAL;

	bstart = drm_buddy_block_offset(block);
	bsize = drm_buddy_block_size(mm, block);

	if (new_size > bsize)
		return -EINVAL;

	if (!new_size || !IS_ALIGNED(new_size, mm->chunk_size))
		return -EINVAL;

	if (new_size == bsize)
		return 0;

	new_start = bstart;
	if (start) {
		new_start = *start;

		if (new_start < bstart)
			return -EINVAL;

		if (!IS_ALIGNED(new_start, mm->chunk_size))
			return -EINVAL;

		if (range_overflows(new_start, new_size, bstart + bsize))
			return -EINVAL;
	}

	return trim_block(mm, block, new_start, new_size, blocks);
}
EXPORT_SYMBOL(drm_buddy_block_trim);

/*
 * Trims the last of @allocated so that the list totals @want bytes; a
 * failed trim keeps the untrimmed block.
 */
static void trim_tail(struct drm_buddy *mm, struct list_head *allocated,
		      u64 have, u64 want)
{
	struct drm_buddy_block *last;
	LIST_HEAD(tail);

	last = list_last_entry(allocated, struct drm_buddy_block, link);
	list_move(&last->link, &tail);
	drm_buddy_block_trim(mm, NULL,
			     drm_buddy_block_size(mm, last) - (have - want),
			     &tail);
	list_splice_tail(&tail, allocated);
}

/**
 * drm_buddy_alloc_blocks - allocate blocks totalling @size bytes
 * @mm: the allocator
 * @start: start of the allowed range (RANGE, or the exact range)
 * @end: end of the allowed range, exclusive
 * @size: bytes wanted
 * @min_block_size: smallest block to hand out, a power of two
 * @blocks: where the blocks are appended on success
 * @flags: DRM_BUDDY_*_ALLOCATION and DRM_BUDDY_TRIM_DISABLE
 *
 * When @start + @size == @end exactly that range is allocated, whatever the
 * flags. Otherwise blocks are taken largest first; CONTIGUOUS rounds the
 * size up to a power of two (trimmed back afterwards unless TRIM_DISABLE)
 * and may try harder across neighbouring blocks; CLEAR prefers clear
 * blocks, its absence dirty ones.
 *
 * Returns: 0, -EINVAL for bad arguments, -ENOSPC when the space is not
 * there, -ENOMEM. On error nothing is allocated and @blocks is unchanged.
 */
int drm_buddy_alloc_blocks(struct drm_buddy *mm, u64 start, u64 end, u64 size,
			   u64 min_block_size, struct list_head *blocks,
			   unsigned long flags)
{
	bool contiguous = flags & DRM_BUDDY_CONTIGUOUS_ALLOCATION;
	bool range = flags & DRM_BUDDY_RANGE_ALLOCATION;
	u64 want = size, want_min = min_block_size;
	struct drm_buddy_block *block;
	unsigned int order, min_order;
	LIST_HEAD(allocated);
	u64 left;
	int err;

	if (size < mm->chunk_size)
		return -EINVAL;

	if (min_block_size < mm->chunk_size)
		return -EINVAL;

	if (!is_power_of_2(min_block_size))
		return -EINVAL;

	if (!IS_ALIGNED(start | end | size, mm->chunk_size))
		return -EINVAL;

	if (end > mm->size)
		return -EINVAL;

	if (range_overflows(start, size, mm->size))
		return -EINVAL;

	if (start + size == end) {
		if (!IS_ALIGNED(start | end, min_block_size))
			return -EINVAL;
		return alloc_exact_range(mm, start, size, NULL, blocks);
	}

	if (contiguous) {
		/* Past 2^63 there is no power of two to round up to. */
		size = size > BIT_ULL(63) ? 0 : roundup_pow_of_two(size);
		min_block_size = size ? size : BIT_ULL(63);
	} else {
		size = round_up(size, min_block_size);
	}

	/* Without RANGE the whole space is the window (force-merge too). */
	if (!range) {
		start = 0;
		end = mm->size;
	}

	if (!size || size > mm->size ||
	    ilog2(size) - ilog2(mm->chunk_size) > mm->max_order) {
		if (contiguous && !range)
			return contig_try_harder(mm, want, want_min, blocks);
		return -EINVAL;
	}
	min_order = ilog2(min_block_size) - ilog2(mm->chunk_size);

	left = size;
	order = ilog2(left) - ilog2(mm->chunk_size);
	do {
		order = min_t(unsigned int, order,
			      ilog2(left) - ilog2(mm->chunk_size));
		BUG_ON(order < min_order);

		for (;;) {
			block = alloc_one(mm, start, end, order, flags);
			if (!IS_ERR(block))
				break;

			err = PTR_ERR(block);
			if (err != -ENOSPC)
				goto fail;

			if (order > min_order) {
				order--;
				continue;
			}

			if (mm->clear_avail &&
			    !force_merge(mm, start, end, min_order)) {
				block = alloc_one(mm, start, end, min_order, flags);
				if (!IS_ERR(block))
					break;
				err = PTR_ERR(block);
				if (err != -ENOSPC)
					goto fail;
			}

			if (contiguous && !range) {
				release_blocks(mm, &allocated);
				return contig_try_harder(mm, want, want_min, blocks);
			}

			err = -ENOSPC;
			goto fail;
		}

		mark_allocated(block);
		account_take(mm, block);
		list_add_tail(&block->link, &allocated);
		left -= drm_buddy_block_size(mm, block);
	} while (left);

	if (!(flags & DRM_BUDDY_TRIM_DISABLE) && want != size)
		trim_tail(mm, &allocated, size, want);

	list_splice_tail(&allocated, blocks);
	return 0;

fail:
	release_blocks(mm, &allocated);
	return err;
}
EXPORT_SYMBOL(drm_buddy_alloc_blocks);

/**
 * drm_buddy_free_block - return one allocated block
 * @mm: the allocator
 * @block: an allocated block, off the caller's list
 *
 * The block merges with free buddies of the same clear state.
 */
void drm_buddy_free_block(struct drm_buddy *mm, struct drm_buddy_block *block)
{
	BUG_ON(!drm_buddy_block_is_allocated(block));
	account_give(mm, block);
	merge_up(mm, block, false);
}
EXPORT_SYMBOL(drm_buddy_free_block);

/**
 * drm_buddy_free_list - return every block of a list
 * @mm: the allocator
 * @objects: the blocks; the list is empty afterwards
 * @flags: DRM_BUDDY_CLEARED when the caller cleared the memory
 *
 * Each block is freed clear with DRM_BUDDY_CLEARED and dirty without.
 */
void drm_buddy_free_list(struct drm_buddy *mm, struct list_head *objects,
			 unsigned int flags)
{
	bool clear = flags & DRM_BUDDY_CLEARED;
	struct drm_buddy_block *block, *next;

	list_for_each_entry_safe(block, next, objects, link) {
		block_set_clear(block, clear);
		drm_buddy_free_block(mm, block);
		cond_resched();
	}
	INIT_LIST_HEAD(objects);
}
EXPORT_SYMBOL(drm_buddy_free_list);

/**
 * drm_buddy_reset_clear - mark all free memory clear or dirty
 * @mm: the allocator
 * @is_clear: the new state of every free block
 *
 * Mixed free buddies are merged first, so the free space ends up in the
 * largest blocks possible.
 */
void drm_buddy_reset_clear(struct drm_buddy *mm, bool is_clear)
{
	unsigned int i;

	force_merge_roots(mm);
	for (i = 0; i <= mm->max_order; i++) {
		struct drm_buddy_block *block;

		list_for_each_entry(block, &mm->free_list[i], link) {
			if (drm_buddy_block_is_clear(block) == is_clear)
				continue;
			block_set_clear(block, is_clear);
			if (is_clear)
				mm->clear_avail += drm_buddy_block_size(mm, block);
			else
				mm->clear_avail -= drm_buddy_block_size(mm, block);
		}
	}
}
EXPORT_SYMBOL(drm_buddy_reset_clear);

/**
 * drm_buddy_block_print - print one block's range and size
 * @mm: the allocator
 * @block: the block
 * @p: where to print
 */
void drm_buddy_block_print(struct drm_buddy *mm, struct drm_buddy_block *block,
			   struct drm_printer *p)
{
	u64 start = drm_buddy_block_offset(block);
	u64 size = drm_buddy_block_size(mm, block);

	drm_printf(p, "%#018llx-%#018llx: %llu\n", (unsigned long long)start,
		   (unsigned long long)(start + size), (unsigned long long)size);
}
EXPORT_SYMBOL(drm_buddy_block_print);

/**
 * drm_buddy_print - print the allocator's totals and free blocks per order
 * @mm: the allocator
 * @p: where to print
 */
void drm_buddy_print(struct drm_buddy *mm, struct drm_printer *p)
{
	int order;

	drm_printf(p, "chunk_size: %lluKiB, total: %lluMiB, free: %lluMiB, clear_free: %lluMiB\n",
		   (unsigned long long)(mm->chunk_size >> 10),
		   (unsigned long long)(mm->size >> 20),
		   (unsigned long long)(mm->avail >> 20),
		   (unsigned long long)(mm->clear_avail >> 20));

	for (order = mm->max_order; order >= 0; order--) {
		struct drm_buddy_block *block;
		u64 count = 0, free;

		list_for_each_entry(block, &mm->free_list[order], link) {
			BUG_ON(!drm_buddy_block_is_free(block));
			count++;
		}

		free = count * (mm->chunk_size << order);
		if (free < SZ_1M)
			drm_printf(p, "order-%2d free: %8llu KiB, blocks: %llu\n", order,
				   (unsigned long long)(free >> 10), (unsigned long long)count);
		else
			drm_printf(p, "order-%2d free: %8llu MiB, blocks: %llu\n", order,
				   (unsigned long long)(free >> 20), (unsigned long long)count);
	}
}
EXPORT_SYMBOL(drm_buddy_print);

static int drm_buddy_module_init(void)
{
	slab_blocks = KMEM_CACHE(drm_buddy_block, 0);
	if (!slab_blocks)
		return -ENOMEM;
	return 0;
}

static void drm_buddy_module_exit(void)
{
	kmem_cache_destroy(slab_blocks);
	slab_blocks = NULL;
}

module_init(drm_buddy_module_init);
module_exit(drm_buddy_module_exit);
MODULE_DESCRIPTION("DRM Buddy Allocator");
MODULE_LICENSE("Dual MIT/GPL");
