// SPDX-License-Identifier: MIT
/*
 * The run driver behind src/abi/svm_devmem_abi.h: sets up tile 0's VRAM
 * manager for a variant, performs one operation at a time with BUG()
 * unwinding armed, and exposes what the harness needs to judge it. All
 * state is per process; one run at a time.
 */
#include <setjmp.h>
#include <stdlib.h>
#include <abi/svm_devmem_abi.h>
#include "devmem/glue_devmem.h"
#include "devmem/hw_devmem.h"

/* The caller's side of one xe_devm_alloc_pages() call. */
struct run_alloc {
	struct list_head blocks;
	unsigned long *pfn;
};

static struct {
	const struct glue_devmem_impl *impl;
	struct xe_tile *tile;
	unsigned long slab_mark;
	/*
	 * One record per allocation, never moved: the variant links its blocks
	 * into each record's list head, so the records must stay where they are
	 * while the table of them grows.
	 */
	struct run_alloc **allocs;
	u32 nallocs, cap;
	u32 op;
	bool injected;
	bool live;
} run;

static struct svm_devmem_progress *progress;

void svm_devmem_set_progress(struct svm_devmem_progress *p)
{
	progress = p;
}

static void run_injected(void)
{
	run.injected = true;
	if (progress)
		progress->injected_op = run.op;
}

int svm_devmem_begin(const struct svm_devmem_variant *v, uint32_t vram_pages)
{
	struct xe_device *xe = hw_device_get(0);
	u64 pages;
	int err;

	if (run.live)
		svm_devmem_end();
	run.impl = v->impl;
	run.tile = &xe->tiles[0];
	pages = vram_pages ? vram_pages : run.tile->mem.vram.hw_nr_pages;
	shim_reports_clear();
	shim_slab_fail_at(0);
	glue_buddy_fail_at(0, 0);
	shim_slab_set_fail_hook(run_injected);
	glue_buddy_set_fail_hook(run_injected);
	run.slab_mark = shim_slab_mark();
	err = hw_devmem_setup(run.tile, pages << PAGE_SHIFT, run.impl->pagemap_ops);
	if (err)
		return err;
	run.nallocs = 0;
	run.op = 0;
	run.live = true;
	if (progress) {
		progress->op = 0;
		progress->injected_op = 0;
		progress->done = 0;
	}
	return 0;
}

void svm_devmem_end(void)
{
	if (!run.live)
		return;
	shim_slab_fail_at(0);
	glue_buddy_fail_at(0, 0);
	hw_devmem_teardown(run.tile);
	for (u32 i = 0; i < run.nallocs; i++) {
		free(run.allocs[i]->pfn);
		free(run.allocs[i]);
	}
	free(run.allocs);
	run.allocs = NULL;
	run.nallocs = run.cap = 0;
	shim_slab_release_since(run.slab_mark);
	shim_slab_quarantine_flush();
	shim_slab_set_fail_hook(NULL);
	glue_buddy_set_fail_hook(NULL);
	shim_reports_clear();
	run.live = false;
	if (progress)
		progress->done = 1;
}

static void run_op_begin(uint32_t op_index)
{
	run.op = op_index;
	run.injected = false;
	if (progress)
		progress->op = op_index;
	shim_reports_clear();
	glue_buddy_events_reset();
}

/* One call into the code under test, with BUG() unwinding armed around it. */
struct run_call {
	enum { RUN_ALLOC, RUN_PUT_PAGE, RUN_FREE_BLOCKS } what;
	unsigned long npages;
	struct run_alloc *alloc;
	struct page *page;
	int ret;
};

static void run_call_once(struct run_call *c)
{
	switch (c->what) {
	case RUN_ALLOC:
		c->ret = run.impl->alloc_pages(run.tile, c->npages, &c->alloc->blocks, c->alloc->pfn);
		break;
	case RUN_PUT_PAGE:
		put_page(c->page);
		break;
	case RUN_FREE_BLOCKS:
		run.impl->free_blocks(&c->alloc->blocks);
		break;
	}
}

static struct svm_devmem_result run_guarded(uint32_t op_index, struct run_call *c)
{
	struct svm_devmem_result r = { 0 };
	jmp_buf env;

	run_op_begin(op_index);
	if (setjmp(env)) {
		r.bugged = 1;
	} else {
		shim_bug_arm(&env);
		run_call_once(c);
		r.ret = c->ret;
	}
	shim_bug_arm(NULL);
	shim_slab_check_redzones();
	r.injected = run.injected;
	return r;
}

struct svm_devmem_result svm_devmem_alloc(uint32_t op_index, uint64_t npages, uint64_t *pfns,
					  uint32_t *handle)
{
	struct run_call c = { .what = RUN_ALLOC, .npages = npages };
	struct svm_devmem_result r;

	if (run.nallocs == run.cap) {
		run.cap = run.cap ? 2 * run.cap : 16;
		run.allocs = realloc(run.allocs, run.cap * sizeof(*run.allocs));
		if (!run.allocs)
			abort();
	}
	run.allocs[run.nallocs] = calloc(1, sizeof(**run.allocs));
	if (!run.allocs[run.nallocs])
		abort();
	c.alloc = run.allocs[run.nallocs];
	INIT_LIST_HEAD(&c.alloc->blocks);
	c.alloc->pfn = calloc(npages ? npages : 1, sizeof(*c.alloc->pfn));
	if (!c.alloc->pfn)
		abort();
	*handle = run.nallocs++;
	r = run_guarded(op_index, &c);
	for (u64 i = 0; i < npages; i++)
		pfns[i] = c.alloc->pfn[i];
	return r;
}

struct svm_devmem_result svm_devmem_put_page(uint32_t op_index, uint64_t pfn)
{
	struct run_call c = { .what = RUN_PUT_PAGE, .page = pfn_to_page(pfn) };

	return run_guarded(op_index, &c);
}

struct svm_devmem_result svm_devmem_free_blocks(uint32_t op_index, uint32_t handle)
{
	struct run_call c = { .what = RUN_FREE_BLOCKS, .ret = -EINVAL };

	if (handle >= run.nallocs)
		return (struct svm_devmem_result){ .ret = -EINVAL };
	c.alloc = run.allocs[handle];
	c.ret = 0;
	return run_guarded(op_index, &c);
}

void svm_devmem_fail_slab(uint32_t n)
{
	shim_slab_fail_at(n);
}

void svm_devmem_fail_buddy(uint32_t n, int32_t err)
{
	glue_buddy_fail_at(n, err);
}

uint32_t svm_devmem_reports(const struct shim_report_entry **reports)
{
	*reports = shim_reports_get(0);
	return shim_reports_count();
}

void svm_devmem_get_state(struct svm_devmem_state *st)
{
	struct xe_vram_region *vr = &run.tile->mem.vram;
	struct xe_ttm_vram_mgr *mgr = run.tile->mem.vram_mgr;

	st->page_size = PAGE_SIZE;
	st->region_pfn_first = vr->hpa_base >> PAGE_SHIFT;
	st->region_pages = vr->hw_nr_pages;
	st->vram_pages = mgr ? mgr->mm.size >> PAGE_SHIFT : 0;
	st->buddy_avail = mgr ? mgr->mm.avail : 0;
	st->slab_live = shim_slab_live();
}

uint32_t svm_devmem_list(uint32_t handle, struct svm_devmem_block *out, uint32_t max)
{
	struct drm_buddy *mm = &run.tile->mem.vram_mgr->mm;
	struct drm_buddy_block *block;
	u32 n = 0;

	if (handle >= run.nallocs)
		return 0;
	list_for_each_entry(block, &run.allocs[handle]->blocks, link) {
		if (n < max) {
			out[n].id = (uintptr_t)block;
			out[n].offset = drm_buddy_block_offset(block);
			out[n].size = drm_buddy_block_size(mm, block);
		}
		n++;
	}
	return n;
}

int svm_devmem_list_empty(uint32_t handle)
{
	return handle >= run.nallocs || list_empty(&run.allocs[handle]->blocks);
}

void svm_devmem_get_page(uint64_t pfn, struct svm_devmem_page *out)
{
	struct xe_vram_region *vr = &run.tile->mem.vram;
	u64 first = vr->hpa_base >> PAGE_SHIFT;
	struct page *page;

	out->in_region = pfn >= first && pfn - first < vr->hw_nr_pages;
	out->refcount = 0;
	out->block_id = 0;
	if (!out->in_region)
		return;
	page = &vr->hw_pages[pfn - first];
	out->refcount = page_ref_count(page);
	out->block_id = (uintptr_t)page->zone_device_data;
}

uint32_t svm_devmem_busy_pages(uint64_t *out, uint32_t max)
{
	struct xe_vram_region *vr = &run.tile->mem.vram;
	u32 n = 0;

	for (unsigned long k = 0; k < vr->hw_nr_pages; k++) {
		struct page *page = &vr->hw_pages[k];

		if (!page_ref_count(page))
			continue;
		if (n < max)
			out[n] = page_to_pfn(page);
		n++;
	}
	return n;
}
