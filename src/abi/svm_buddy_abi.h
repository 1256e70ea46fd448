/* SPDX-License-Identifier: MIT */
/*
 * svm_buddy_abi.h - the one door between the buddy harness (C++) and the
 * buddy allocators under test (C). Plain C, fixed-width integers, opaque
 * handles; no kernel type crosses it.
 *
 * Each variant's glue (src/buddy/glue_buddy.c) owns an allocator instance
 * together with SVM_BUDDY_LISTS caller lists (the `blocks` arguments of the
 * API), so the harness names lists and blocks by number. Every call is made
 * with BUG() armed: a BUG in the code under test returns SVM_BUDDY_BUGGED
 * and the instance must not be used again.
 */
#ifndef SVM_BUDDY_ABI_H
#define SVM_BUDDY_ABI_H
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SVM_BUDDY_LISTS 8u
/* Return value of a call that hit BUG() (errnos are negative). */
#define SVM_BUDDY_BUGGED 1

/* Request flags; the glue maps each to the variant's DRM_BUDDY_* by name. */
#define SVM_BUDDY_RANGE (1u << 0)
#define SVM_BUDDY_TOPDOWN (1u << 1)
#define SVM_BUDDY_CONTIGUOUS (1u << 2)
#define SVM_BUDDY_CLEAR (1u << 3)
#define SVM_BUDDY_CLEARED (1u << 4)
#define SVM_BUDDY_TRIM_DISABLE (1u << 5)
#define SVM_BUDDY_FLAGS_ALL 0x3fu

enum svm_buddy_state {
	SVM_BUDDY_STATE_BAD = 0, /* header state bits hold no known state */
	SVM_BUDDY_STATE_ALLOCATED = 1,
	SVM_BUDDY_STATE_FREE = 2,
	SVM_BUDDY_STATE_SPLIT = 3,
};

struct svm_buddy_mm; /* opaque: one allocator plus its caller lists */

struct svm_buddy_mm_info {
	uint64_t size;
	uint64_t chunk_size;
	uint64_t avail;
	uint64_t clear_avail;
	uint32_t n_roots;
	uint32_t max_order;
};

/* One block as the allocator's header describes it. */
struct svm_buddy_blk_info {
	uint64_t id; /* the block's address: stable while the block lives */
	uint64_t offset;
	uint64_t size;
	uint32_t order;
	uint32_t state; /* enum svm_buddy_state */
	uint8_t clear;
};

/* A node of a root's tree, in pre-order (left before right). */
struct svm_buddy_node {
	struct svm_buddy_blk_info blk;
	uint64_t parent; /* id of the parent, 0 for a root */
	uint32_t root;   /* index of the root it descends from */
	uint32_t depth;  /* 0 for a root */
};

/* One entry of a free list (or free tree) of the allocator. */
struct svm_buddy_free_entry {
	uint32_t list_order; /* the order of the list it was found on */
	uint8_t list_clear;  /* 0/1 for variants that keep clear and dirty apart, else 2 */
	uint64_t id;
};

/*
 * Walker output: the caller provides the arrays; the walker fills up to the
 * capacity and always sets the totals, so a caller whose arrays were too
 * small retries with bigger ones. `error` (static string) is set when the
 * structure cannot be walked safely (a NULL child, a cycle, an order out of
 * range); the counts are then meaningless.
 */
struct svm_buddy_walk {
	struct svm_buddy_mm_info mm;
	struct svm_buddy_node *nodes;
	uint32_t nodes_cap;
	uint32_t n_nodes;
	struct svm_buddy_free_entry *free;
	uint32_t free_cap;
	uint32_t n_free;
	const char *error;
};

typedef void (*svm_buddy_sink)(void *ctx, const char *text);

/* Defined below; declared here so the ops table names the same type. */
struct svm_buddy_report;

/*
 * The API of one variant, as plain C. Returns are the API's (0 or a
 * negative errno) or SVM_BUDDY_BUGGED; void API functions return 0.
 */
struct svm_buddy_ops {
	struct svm_buddy_mm *(*create)(void);
	/* Releases the harness's memory only: call fini first (or leak). */
	void (*destroy)(struct svm_buddy_mm *mm);
	int (*init)(struct svm_buddy_mm *mm, uint64_t size, uint64_t chunk_size);
	int (*fini)(struct svm_buddy_mm *mm);
	/* Appends the new blocks to caller list `list`. */
	int (*alloc_blocks)(struct svm_buddy_mm *mm, uint64_t start, uint64_t end, uint64_t size,
			    uint64_t min_block_size, uint32_t list, uint32_t flags);
	/* Takes block `index` off its list (the caller's duty), then frees it. */
	int (*free_block)(struct svm_buddy_mm *mm, uint32_t list, uint32_t index);
	int (*free_list)(struct svm_buddy_mm *mm, uint32_t list, uint32_t flags);
	/* `start` NULL: trim from the block's start. */
	int (*block_trim)(struct svm_buddy_mm *mm, uint32_t list, const uint64_t *start,
			  uint64_t new_size);
	int (*reset_clear)(struct svm_buddy_mm *mm, int is_clear);
	/* Moves every block of list `from` to the end of list `to`. */
	void (*list_splice)(struct svm_buddy_mm *mm, uint32_t from, uint32_t to);
	/* Moves block `index` of `from` to the end of `to`. */
	int (*list_move)(struct svm_buddy_mm *mm, uint32_t from, uint32_t index, uint32_t to);
	uint32_t (*list_count)(struct svm_buddy_mm *mm, uint32_t list);
	int (*list_get)(struct svm_buddy_mm *mm, uint32_t list, uint32_t index,
			struct svm_buddy_blk_info *out);
	/* drm_get_buddy() of block `index`; -1 when it has none. */
	int (*get_buddy)(struct svm_buddy_mm *mm, uint32_t list, uint32_t index,
			 struct svm_buddy_blk_info *out);
	int (*walk)(struct svm_buddy_mm *mm, struct svm_buddy_walk *w);
	/*
	 * Out of contract, for tests of BUG(): drm_buddy_free_block() on the
	 * tree node `id` (from the walker) whatever its state. -ENOENT if no
	 * node has that id.
	 */
	int (*free_node)(struct svm_buddy_mm *mm, uint64_t id);
	int (*print)(struct svm_buddy_mm *mm, svm_buddy_sink sink, void *ctx);
	int (*block_print)(struct svm_buddy_mm *mm, uint32_t list, uint32_t index,
			   svm_buddy_sink sink, void *ctx);

	/*
	 * The userspace kernel's counters and finding log (one per program,
	 * shared by every variant), reached through the table so that the
	 * harness has no link-order dependency on the C libraries.
	 */
	uint64_t (*slab_live)(void);
	uint64_t (*slab_calls)(void);
	/* Fails the n-th slab allocation from now (1 = the next one); 0 disarms. */
	void (*slab_fail_at)(uint64_t n);
	uint32_t (*reports_count)(void);
	int (*report_get)(uint32_t i, struct svm_buddy_report *out);
	void (*reports_clear)(void);
};

/* A compiled buddy variant (generated registry, src/buddy/). */
struct svm_buddy_variant {
	const char *name;
	const char *api;    /* "drm_buddy" */
	const char *expect; /* "pass" or comma-separated property IDs */
	const char *source;
	const char *file;
	const char *description;
	const struct svm_buddy_ops *ops;
};

const struct svm_buddy_variant *svm_buddy_variants(size_t *count);
const struct svm_buddy_variant *svm_buddy_variant_find(const char *name);

/* One entry of the userspace kernel's finding log. */
struct svm_buddy_report {
	int32_t kind; /* 1 WARN, 2 ASSERT, 3 BUG, 6 MEMORY (enum shim_report_kind) */
	const char *file;
	int32_t line;
	const char *what;
};

#ifdef __cplusplus
}
#endif
#endif /* SVM_BUDDY_ABI_H */
