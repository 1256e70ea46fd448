// SPDX-License-Identifier: MIT
/*
 * Glue for one buddy variant: includes the variant's file unchanged and
 * runs its module init before main().
 *
 * For the buddy harness the build also sets SVM_BUDDY_PREFIX (the public
 * drm_buddy_* names become <prefix><rest>, so several variants link into
 * one program) and SVM_BUDDY_OPS (the name of the exported ops table of
 * svm_buddy_abi.h, with the state walker). Without them the variant keeps
 * the real API names, for code under test that calls the allocator.
 */
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <abi/svm_buddy_abi.h>

#ifdef SVM_BUDDY_PREFIX
#define GLUE_CAT2(a, b) a##b
#define GLUE_CAT(a, b) GLUE_CAT2(a, b)
#define drm_buddy_init GLUE_CAT(SVM_BUDDY_PREFIX, init)
#define drm_buddy_fini GLUE_CAT(SVM_BUDDY_PREFIX, fini)
#define drm_get_buddy GLUE_CAT(SVM_BUDDY_PREFIX, get_buddy)
#define drm_buddy_alloc_blocks GLUE_CAT(SVM_BUDDY_PREFIX, alloc_blocks)
#define drm_buddy_block_trim GLUE_CAT(SVM_BUDDY_PREFIX, block_trim)
#define drm_buddy_reset_clear GLUE_CAT(SVM_BUDDY_PREFIX, reset_clear)
#define drm_buddy_free_block GLUE_CAT(SVM_BUDDY_PREFIX, free_block)
#define drm_buddy_free_list GLUE_CAT(SVM_BUDDY_PREFIX, free_list)
#define drm_buddy_print GLUE_CAT(SVM_BUDDY_PREFIX, print)
#define drm_buddy_block_print GLUE_CAT(SVM_BUDDY_PREFIX, block_print)
#endif

#include SVM_VARIANT_FILE

static void __attribute__((constructor)) glue_buddy_module_init(void)
{
	if (drm_buddy_module_init())
		abort();
}

#ifdef SVM_BUDDY_OPS

struct svm_buddy_mm {
	struct drm_buddy mm;
	struct list_head lists[SVM_BUDDY_LISTS];
	int bugged;
};

/* Runs one API call with BUG() armed to unwind back here. */
#define GLUE_GUARDED(g, call)                                           \
	({                                                              \
		jmp_buf __env;                                          \
		volatile int __ret;                                     \
		if (setjmp(__env)) {                                    \
			(g)->bugged = 1;                                \
			__ret = SVM_BUDDY_BUGGED;                       \
		} else {                                                \
			shim_bug_arm(&__env);                           \
			__ret = (call);                                 \
		}                                                       \
		shim_bug_arm(NULL);                                     \
		__ret;                                                  \
	})

static unsigned long glue_flags(uint32_t f)
{
	unsigned long out = 0;

	if (f & SVM_BUDDY_RANGE)
		out |= DRM_BUDDY_RANGE_ALLOCATION;
	if (f & SVM_BUDDY_TOPDOWN)
		out |= DRM_BUDDY_TOPDOWN_ALLOCATION;
	if (f & SVM_BUDDY_CONTIGUOUS)
		out |= DRM_BUDDY_CONTIGUOUS_ALLOCATION;
	if (f & SVM_BUDDY_CLEAR)
		out |= DRM_BUDDY_CLEAR_ALLOCATION;
	if (f & SVM_BUDDY_CLEARED)
		out |= DRM_BUDDY_CLEARED;
	if (f & SVM_BUDDY_TRIM_DISABLE)
		out |= DRM_BUDDY_TRIM_DISABLE;
	return out;
}

static uint32_t glue_state(struct drm_buddy_block *block)
{
	switch (drm_buddy_block_state(block)) {
	case DRM_BUDDY_ALLOCATED:
		return SVM_BUDDY_STATE_ALLOCATED;
	case DRM_BUDDY_FREE:
		return SVM_BUDDY_STATE_FREE;
	case DRM_BUDDY_SPLIT:
		return SVM_BUDDY_STATE_SPLIT;
	default:
		return SVM_BUDDY_STATE_BAD;
	}
}

static void glue_info(struct drm_buddy *mm, struct drm_buddy_block *block,
		      struct svm_buddy_blk_info *out)
{
	out->id = (uint64_t)(uintptr_t)block;
	out->offset = drm_buddy_block_offset(block);
	out->order = drm_buddy_block_order(block);
	out->size = out->order < 64 ? mm->chunk_size << out->order : 0;
	out->state = glue_state(block);
	out->clear = drm_buddy_block_is_clear(block);
}

static struct list_head *glue_list(struct svm_buddy_mm *g, uint32_t list)
{
	return &g->lists[list % SVM_BUDDY_LISTS];
}

static struct drm_buddy_block *glue_nth(struct svm_buddy_mm *g, uint32_t list,
					uint32_t index)
{
	struct drm_buddy_block *block;

	list_for_each_entry(block, glue_list(g, list), link) {
		if (!index--)
			return block;
	}
	return NULL;
}

static struct svm_buddy_mm *glue_create(void)
{
	struct svm_buddy_mm *g = calloc(1, sizeof(*g));

	if (!g)
		abort();
	for (uint32_t i = 0; i < SVM_BUDDY_LISTS; i++)
		INIT_LIST_HEAD(&g->lists[i]);
	return g;
}

static void glue_destroy(struct svm_buddy_mm *g)
{
	free(g);
}

static int glue_init(struct svm_buddy_mm *g, uint64_t size, uint64_t chunk_size)
{
	return GLUE_GUARDED(g, drm_buddy_init(&g->mm, size, chunk_size));
}

static int glue_fini(struct svm_buddy_mm *g)
{
	return GLUE_GUARDED(g, (drm_buddy_fini(&g->mm), 0));
}

static int glue_alloc_blocks(struct svm_buddy_mm *g, uint64_t start, uint64_t end,
			     uint64_t size, uint64_t min_block_size, uint32_t list,
			     uint32_t flags)
{
	return GLUE_GUARDED(g, drm_buddy_alloc_blocks(&g->mm, start, end, size, min_block_size,
						      glue_list(g, list), glue_flags(flags)));
}

static int glue_free_one(struct svm_buddy_mm *g, struct drm_buddy_block *block)
{
	list_del(&block->link);
	drm_buddy_free_block(&g->mm, block);
	return 0;
}

static int glue_free_block(struct svm_buddy_mm *g, uint32_t list, uint32_t index)
{
	struct drm_buddy_block *block = glue_nth(g, list, index);

	if (!block)
		return -ENOENT;
	return GLUE_GUARDED(g, glue_free_one(g, block));
}

static int glue_free_list(struct svm_buddy_mm *g, uint32_t list, uint32_t flags)
{
	return GLUE_GUARDED(g, (drm_buddy_free_list(&g->mm, glue_list(g, list),
						    glue_flags(flags)), 0));
}

static int glue_block_trim(struct svm_buddy_mm *g, uint32_t list, const uint64_t *start,
			   uint64_t new_size)
{
	u64 s = start ? *start : 0;

	return GLUE_GUARDED(g, drm_buddy_block_trim(&g->mm, start ? &s : NULL, new_size,
						    glue_list(g, list)));
}

static int glue_reset_clear(struct svm_buddy_mm *g, int is_clear)
{
	return GLUE_GUARDED(g, (drm_buddy_reset_clear(&g->mm, is_clear), 0));
}

static void glue_list_splice(struct svm_buddy_mm *g, uint32_t from, uint32_t to)
{
	if (from % SVM_BUDDY_LISTS != to % SVM_BUDDY_LISTS)
		list_splice_tail_init(glue_list(g, from), glue_list(g, to));
}

static int glue_list_move(struct svm_buddy_mm *g, uint32_t from, uint32_t index, uint32_t to)
{
	struct drm_buddy_block *block = glue_nth(g, from, index);

	if (!block)
		return -ENOENT;
	list_move_tail(&block->link, glue_list(g, to));
	return 0;
}

static uint32_t glue_list_count(struct svm_buddy_mm *g, uint32_t list)
{
	return list_count_nodes(glue_list(g, list));
}

static int glue_list_get(struct svm_buddy_mm *g, uint32_t list, uint32_t index,
			 struct svm_buddy_blk_info *out)
{
	struct drm_buddy_block *block = glue_nth(g, list, index);

	if (!block)
		return -ENOENT;
	glue_info(&g->mm, block, out);
	return 0;
}

static int glue_get_buddy(struct svm_buddy_mm *g, uint32_t list, uint32_t index,
			  struct svm_buddy_blk_info *out)
{
	struct drm_buddy_block *block = glue_nth(g, list, index), *buddy;

	if (!block)
		return -ENOENT;
	buddy = drm_get_buddy(block);
	if (!buddy)
		return -1;
	glue_info(&g->mm, buddy, out);
	return 0;
}

/* Pre-order walk of one tree; the depth bound stops cycles. */
static const char *glue_walk_tree(struct drm_buddy *mm, struct drm_buddy_block *block,
				  uint64_t parent, uint32_t root, uint32_t depth,
				  struct svm_buddy_walk *w)
{
	const char *err;

	if (!block)
		return "a split block has a NULL child";
	if (depth > DRM_BUDDY_MAX_ORDER + 1)
		return "tree deeper than the largest order (cycle?)";

	if (w->n_nodes < w->nodes_cap) {
		struct svm_buddy_node *n = &w->nodes[w->n_nodes];

		glue_info(mm, block, &n->blk);
		n->parent = parent;
		n->root = root;
		n->depth = depth;
	}
	w->n_nodes++;

	if (!drm_buddy_block_is_split(block))
		return NULL;
	err = glue_walk_tree(mm, block->left, (uint64_t)(uintptr_t)block, root, depth + 1, w);
	if (err)
		return err;
	return glue_walk_tree(mm, block->right, (uint64_t)(uintptr_t)block, root, depth + 1, w);
}

static int glue_walk(struct svm_buddy_mm *g, struct svm_buddy_walk *w)
{
	struct drm_buddy *mm = &g->mm;
	uint32_t i;

	w->n_nodes = 0;
	w->n_free = 0;
	w->error = NULL;
	w->mm.size = mm->size;
	w->mm.chunk_size = mm->chunk_size;
	w->mm.avail = mm->avail;
	w->mm.clear_avail = mm->clear_avail;
	w->mm.n_roots = mm->n_roots;
	w->mm.max_order = mm->max_order;

	if (mm->n_roots > 64 || mm->max_order > DRM_BUDDY_MAX_ORDER || !mm->roots ||
	    !mm->free_list) {
		w->error = "allocator header out of range (not initialised?)";
		return -1;
	}

	for (i = 0; i < mm->n_roots; i++) {
		w->error = glue_walk_tree(mm, mm->roots[i], 0, i, 0, w);
		if (w->error)
			return -1;
	}

	for (i = 0; i <= mm->max_order; i++) {
		struct list_head *head = &mm->free_list[i], *pos;

		for (pos = head->next; pos != head; pos = pos->next) {
			struct drm_buddy_block *block = list_entry(pos, struct drm_buddy_block, link);

			if (!pos || w->n_free > w->n_nodes) {
				w->error = "free list longer than the tree (cycle?)";
				return -1;
			}
			if (w->n_free < w->free_cap) {
				w->free[w->n_free].list_order = i;
				w->free[w->n_free].list_clear = 2;
				w->free[w->n_free].id = (uint64_t)(uintptr_t)block;
			}
			w->n_free++;
		}
	}
	return 0;
}

static struct drm_buddy_block *glue_find(struct drm_buddy_block *block, uint64_t id,
					 uint32_t depth)
{
	struct drm_buddy_block *found;

	if (!block || depth > DRM_BUDDY_MAX_ORDER + 1)
		return NULL;
	if ((uint64_t)(uintptr_t)block == id)
		return block;
	if (!drm_buddy_block_is_split(block))
		return NULL;
	found = glue_find(block->left, id, depth + 1);
	return found ? found : glue_find(block->right, id, depth + 1);
}

static int glue_free_node(struct svm_buddy_mm *g, uint64_t id)
{
	struct drm_buddy_block *block = NULL;
	uint32_t i;

	for (i = 0; i < g->mm.n_roots && !block; i++)
		block = glue_find(g->mm.roots[i], id, 0);
	if (!block)
		return -ENOENT;
	return GLUE_GUARDED(g, (drm_buddy_free_block(&g->mm, block), 0));
}

struct glue_sink {
	struct drm_printer p;
	svm_buddy_sink sink;
	void *ctx;
};

static void glue_printfn(struct drm_printer *p, const char *str)
{
	struct glue_sink *s = container_of(p, struct glue_sink, p);

	s->sink(s->ctx, str);
}

static int glue_print(struct svm_buddy_mm *g, svm_buddy_sink sink, void *ctx)
{
	struct glue_sink s = { .p = { .printfn = glue_printfn }, .sink = sink, .ctx = ctx };

	return GLUE_GUARDED(g, (drm_buddy_print(&g->mm, &s.p), 0));
}

static int glue_block_print(struct svm_buddy_mm *g, uint32_t list, uint32_t index,
			    svm_buddy_sink sink, void *ctx)
{
	struct glue_sink s = { .p = { .printfn = glue_printfn }, .sink = sink, .ctx = ctx };
	struct drm_buddy_block *block = glue_nth(g, list, index);

	if (!block)
		return -ENOENT;
	return GLUE_GUARDED(g, (drm_buddy_block_print(&g->mm, block, &s.p), 0));
}

static uint64_t glue_slab_live(void)
{
	return shim_slab_live();
}

static uint64_t glue_slab_calls(void)
{
	return shim_slab_calls();
}

static void glue_slab_fail_at(uint64_t n)
{
	shim_slab_fail_at(n);
}

static uint32_t glue_reports_count(void)
{
	return shim_reports_count();
}

static int glue_report_get(uint32_t i, struct svm_buddy_report *out)
{
	const struct shim_report_entry *e;

	if (i >= (uint32_t)shim_reports_count())
		return -1;
	e = shim_reports_get(i);
	out->kind = e->kind;
	out->file = e->file;
	out->line = e->line;
	out->what = e->what;
	return 0;
}

static void glue_reports_clear(void)
{
	shim_reports_clear();
}

const struct svm_buddy_ops SVM_BUDDY_OPS = {
	.create = glue_create,
	.destroy = glue_destroy,
	.init = glue_init,
	.fini = glue_fini,
	.alloc_blocks = glue_alloc_blocks,
	.free_block = glue_free_block,
	.free_list = glue_free_list,
	.block_trim = glue_block_trim,
	.reset_clear = glue_reset_clear,
	.list_splice = glue_list_splice,
	.list_move = glue_list_move,
	.list_count = glue_list_count,
	.list_get = glue_list_get,
	.get_buddy = glue_get_buddy,
	.walk = glue_walk,
	.free_node = glue_free_node,
	.print = glue_print,
	.block_print = glue_block_print,
	.slab_live = glue_slab_live,
	.slab_calls = glue_slab_calls,
	.slab_fail_at = glue_slab_fail_at,
	.reports_count = glue_reports_count,
	.report_get = glue_report_get,
	.reports_clear = glue_reports_clear,
};

#endif /* SVM_BUDDY_OPS */
