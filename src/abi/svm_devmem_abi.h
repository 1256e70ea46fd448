/* SPDX-License-Identifier: MIT */
/*
 * svm_devmem_abi.h - the door between the device-memory harness (C++) and
 * the xe_devm_* code under test (C). Plain C, fixed-width integers, opaque
 * handles; no kernel type crosses it.
 *
 * A run is begin, a sequence of operations, end. Each operation calls the
 * variant (or core mm's put_page, which calls the variant's page_free) with
 * BUG() unwinding armed, then checks the slab red zones. Between operations
 * the harness reads what happened: the buddy calls the checking wrappers
 * saw, the shim's report log, the buddy and slab counters, page state.
 */
#ifndef SVM_DEVMEM_ABI_H
#define SVM_DEVMEM_ABI_H
#include <stddef.h>
#include <stdint.h>
#include "shim/include/shim/report.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A compiled variant of the device-memory code (generated registry, src/devmem/). */
struct svm_devmem_variant {
	const char *name;
	const char *api;    /* "xe_devm (2024)" */
	const char *expect; /* "pass" or comma-separated property IDs */
	const char *source;
	const char *file;
	const char *description;
	const void *impl;   /* the glue's ops, opaque here */
};

const struct svm_devmem_variant *svm_devmem_variants(size_t *count);

/*
 * Shared with a parent process that watches a run in a child: the child
 * writes which operation is running and whether an injected failure fired
 * in it, so a crash can be attributed.
 */
struct svm_devmem_progress {
	volatile uint32_t op;          /* 1-based index of the running operation, 0: none */
	volatile uint32_t injected_op; /* the operation in which an injected failure last fired */
	volatile uint32_t done;        /* the run reached its end */
};

/* Where the progress goes (NULL: nowhere). */
void svm_devmem_set_progress(struct svm_devmem_progress *p);

/*
 * Starts a run of variant v on tile 0: the buddy manages the first
 * vram_pages pages of the region (0: all of it). Returns 0 or a negative
 * errno (bad size, buddy init failure).
 */
int svm_devmem_begin(const struct svm_devmem_variant *v, uint32_t vram_pages);
/* Ends the run: finalises the buddy, resets the pages, frees what the run leaked. */
void svm_devmem_end(void);

struct svm_devmem_result {
	int32_t ret;      /* the variant's return value (alloc), else 0 */
	uint8_t bugged;   /* BUG() fired and unwound the call */
	uint8_t injected; /* an injected failure fired during the operation */
};

/*
 * Operations. Each starts a fresh event log and report log and sets
 * progress->op = op_index.
 * alloc: xe_devm_alloc_pages(tile, npages, list, pfn) with a new list; the
 * pfns go to pfns[0..npages), the list stays with the handle (*handle).
 */
struct svm_devmem_result svm_devmem_alloc(uint32_t op_index, uint64_t npages, uint64_t *pfns,
					  uint32_t *handle);
/* put_page() on the page of pfn: its last reference calls the variant's page_free. */
struct svm_devmem_result svm_devmem_put_page(uint32_t op_index, uint64_t pfn);
/* xe_devm_free_blocks() on the list of an allocation. */
struct svm_devmem_result svm_devmem_free_blocks(uint32_t op_index, uint32_t handle);
/* The n-th slab allocation from now fails (kzalloc, kmalloc, kmem_cache, the buddy's own). */
void svm_devmem_fail_slab(uint32_t n);
/* The n-th drm_buddy_alloc_blocks() call from now fails with err, the allocator untouched. */
void svm_devmem_fail_buddy(uint32_t n, int32_t err);

/* What the checking wrappers saw during the last operation. */
enum svm_devmem_event_kind {
	SVM_DEVMEM_EV_ALLOC = 1, /* one block handed out by drm_buddy_alloc_blocks */
	SVM_DEVMEM_EV_FREE = 2,  /* one block given back (free_block, free_list, trim) */
	SVM_DEVMEM_EV_FAIL = 3,  /* drm_buddy_alloc_blocks failed (ret) */
};

struct svm_devmem_event {
	uint32_t kind;
	uint8_t locked;  /* vram_mgr->lock was held */
	uint64_t id;     /* the block's identity (its address) */
	uint64_t offset; /* bytes from the start of the managed VRAM */
	uint64_t size;   /* bytes */
	int32_t ret;
	const char *file; /* the caller's */
	int32_t line;
};

uint32_t svm_devmem_events(const struct svm_devmem_event **events);

/* Reports of the userspace kernel during the last operation (enum shim_report_kind). */
uint32_t svm_devmem_reports(const struct shim_report_entry **reports);

struct svm_devmem_state {
	uint64_t page_size;
	uint64_t region_pfn_first; /* pfn of the first page of tile 0's region */
	uint64_t region_pages;
	uint64_t vram_pages;       /* pages the buddy manages */
	uint64_t buddy_avail;      /* bytes */
	uint64_t slab_live;        /* live slab objects (the harness's own are not slab objects) */
};

void svm_devmem_get_state(struct svm_devmem_state *st);

/* A block on an allocation's list (read only while the list is known good). */
struct svm_devmem_block {
	uint64_t id;
	uint64_t offset;
	uint64_t size;
};

/* Blocks on the list of handle: their number; up to max of them in out. */
uint32_t svm_devmem_list(uint32_t handle, struct svm_devmem_block *out, uint32_t max);
/* Whether the list of handle is empty (reads only the list head). */
int svm_devmem_list_empty(uint32_t handle);

struct svm_devmem_page {
	uint8_t in_region;
	int32_t refcount;
	uint64_t block_id; /* zone_device_data, as an identity; 0 if NULL */
};

void svm_devmem_get_page(uint64_t pfn, struct svm_devmem_page *out);
/* Pages of the region that hold a reference: their number; up to max of their pfns in out. */
uint32_t svm_devmem_busy_pages(uint64_t *out, uint32_t max);

#ifdef __cplusplus
}
#endif
#endif /* SVM_DEVMEM_ABI_H */
