// SPDX-License-Identifier: MIT
/*
 * The device double: HW_MAX_TILES tiles, one VRAM region each, with a
 * struct page array registered as a dev_pagemap, and fake memory (one tag
 * per page) for VRAM and system memory.
 */
#include <stdlib.h>
#include <string.h>
#include "hw_internal.h"

#define HW_HPA_BASE (1ULL << 44)
#define HW_HPA_STRIDE (1ULL << 42)
#define HW_DPA_STRIDE (1ULL << 41)
#define HW_POISON_TAG 0xdeadbeefdeadbeefULL
#define HW_CLEARED_TAG 0xc1ea4ed0c1ea4ed0ULL

static struct xe_device device;
static struct xe_migrate engines[HW_MAX_TILES];
static bool device_ready;

static const struct dev_pagemap_ops hw_pagemap_ops;

uint32_t svm_page_shift(void)
{
	return PAGE_SHIFT;
}

uint64_t svm_page_size(void)
{
	return PAGE_SIZE;
}

uint64_t svm_chunk_pages(void)
{
	return SZ_8M / PAGE_SIZE;
}

uint32_t svm_region_pages(void)
{
	return (uint32_t)(4 * svm_chunk_pages() + 256);
}

uint64_t svm_region_dpa_base(int32_t region)
{
	return (u64)region * HW_DPA_STRIDE;
}

uint64_t svm_initial_tag(uint32_t space, uint64_t page)
{
	u64 z = ((u64)space << 56) ^ (page + 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (z ^ (z >> 31)) | 1;
}

uint64_t svm_cleared_tag(void)
{
	return HW_CLEARED_TAG;
}

struct xe_device *hw_device_get(unsigned long pages_per_region)
{
	if (!pages_per_region)
		pages_per_region = svm_region_pages();
	if (device_ready && device.tiles[0].mem.vram.hw_nr_pages == pages_per_region)
		return &device;
	if (device_ready) {
		for (int t = 0; t < HW_MAX_TILES; t++) {
			shim_pagemap_unregister(&device.tiles[t].mem.vram.pagemap);
			free(device.tiles[t].mem.vram.hw_pages);
			free(device.tiles[t].mem.vram.hw_tags);
		}
	}
	memset(&device, 0, sizeof(device));
	device.tile_count = HW_MAX_TILES;
	for (int t = 0; t < HW_MAX_TILES; t++) {
		struct xe_tile *tile = &device.tiles[t];
		struct xe_vram_region *vr = &tile->mem.vram;
		unsigned long pfn0;

		tile->xe = &device;
		tile->id = t;
		engines[t].tile = tile;
		engines[t].id = t;
		tile->migrate = &engines[t];
		vr->xe = &device;
		vr->tile = tile;
		vr->migrate = &engines[t];
		vr->hpa_base = HW_HPA_BASE + t * HW_HPA_STRIDE;
		vr->dpa_base = svm_region_dpa_base(t);
		vr->usable_size = (u64)pages_per_region << PAGE_SHIFT;
		vr->actual_physical_size = vr->usable_size;
		vr->hw_nr_pages = pages_per_region;
		vr->hw_pages = calloc(pages_per_region, sizeof(struct page));
		vr->hw_tags = malloc(pages_per_region * sizeof(u64));
		if (!vr->hw_pages || !vr->hw_tags)
			abort();
		pfn0 = vr->hpa_base >> PAGE_SHIFT;
		vr->pagemap.type = MEMORY_DEVICE_PRIVATE;
		vr->pagemap.ops = &hw_pagemap_ops;
		vr->pagemap.shim_pfn_first = pfn0;
		vr->pagemap.shim_nr_pages = pages_per_region;
		vr->pagemap.shim_pages = vr->hw_pages;
		for (unsigned long k = 0; k < pages_per_region; k++) {
			vr->hw_pages[k].pgmap = &vr->pagemap;
			vr->hw_pages[k].shim_pfn = pfn0 + k;
			vr->hw_tags[k] = svm_initial_tag(SVM_SPACE_VRAM(t), k);
		}
		shim_pagemap_register(&vr->pagemap);
	}
	device_ready = true;
	return &device;
}

struct xe_vram_region *hw_region(int idx)
{
	return &device.tiles[idx].mem.vram;
}

int hw_region_count(void)
{
	return HW_MAX_TILES;
}

u64 hw_page_dpa(const struct page *page)
{
	const struct xe_vram_region *vr = container_of(page->pgmap, struct xe_vram_region, pagemap);

	return vr->dpa_base + ((page_to_pfn(page) << PAGE_SHIFT) - vr->hpa_base);
}

/* ---- fake memory ---- */

struct dirty {
	u32 space;
	u64 page;
	u64 before;
	u64 unbacked; /* last value written where no memory backs the page */
	bool cleared;
};

static u64 *sys_tags;
static u64 sys_len;
static struct dirty *dirty;
static u32 ndirty, cap_dirty;

static u64 *slot(u32 space, u64 page)
{
	if (space == SVM_SPACE_SYS)
		return (page && page < sys_len) ? &sys_tags[page] : NULL;
	if (space - 1 < HW_MAX_TILES) {
		struct xe_vram_region *vr = &device.tiles[space - 1].mem.vram;

		return page < vr->hw_nr_pages ? &vr->hw_tags[page] : NULL;
	}
	return NULL;
}

static struct dirty *find_dirty(u32 space, u64 page)
{
	for (u32 i = ndirty; i-- > 0;)
		if (dirty[i].space == space && dirty[i].page == page)
			return &dirty[i];
	return NULL;
}

/*
 * Pages outside any backing (system page 0, a DPA past the region) read as
 * poison; a write there is still recorded, so a stray copy is visible.
 */
u64 hw_mem_read(u32 space, u64 page)
{
	u64 *s = slot(space, page);
	struct dirty *d;

	if (s)
		return *s;
	d = find_dirty(space, page);
	return d ? d->unbacked : HW_POISON_TAG;
}

/*
 * Dirty pages are found by a linear scan from the newest entry: runs touch
 * few pages at the scaled geometry, and at the real one writes come in
 * ascending runs, so the scan is short in practice.
 */
static u32 *dirty_mark_sys, *dirty_mark_vram[HW_MAX_TILES];
static u32 run_stamp;

static bool test_and_mark(u32 space, u64 page)
{
	u32 *marks = NULL;

	if (space == SVM_SPACE_SYS && page && page < sys_len)
		marks = &dirty_mark_sys[page];
	else if (space != SVM_SPACE_SYS && space - 1 < HW_MAX_TILES &&
		 page < device.tiles[space - 1].mem.vram.hw_nr_pages)
		marks = &dirty_mark_vram[space - 1][page];
	if (!marks)
		return find_dirty(space, page) != NULL;
	if (*marks == run_stamp)
		return true;
	*marks = run_stamp;
	return false;
}

void hw_mem_write(u32 space, u64 page, u64 tag, bool by_clear)
{
	u64 *s = slot(space, page);
	struct dirty *d;

	if (!test_and_mark(space, page)) {
		if (ndirty == cap_dirty) {
			cap_dirty = cap_dirty ? 2 * cap_dirty : 256;
			dirty = realloc(dirty, cap_dirty * sizeof(*dirty));
			if (!dirty)
				abort();
		}
		d = &dirty[ndirty++];
		d->space = space;
		d->page = page;
		d->before = s ? *s : HW_POISON_TAG;
		d->unbacked = HW_POISON_TAG;
		d->cleared = false;
	} else {
		d = NULL;
	}
	if (!d && (by_clear || !s))
		d = find_dirty(space, page);
	if (by_clear)
		d->cleared = true;
	if (s)
		*s = tag;
	else
		d->unbacked = tag;
}

void hw_mem_begin_run(u64 sys_pages)
{
	if (sys_pages > sys_len) {
		sys_tags = realloc(sys_tags, sys_pages * sizeof(u64));
		dirty_mark_sys = realloc(dirty_mark_sys, sys_pages * sizeof(u32));
		if (!sys_tags || !dirty_mark_sys)
			abort();
		for (u64 k = sys_len; k < sys_pages; k++) {
			sys_tags[k] = svm_initial_tag(SVM_SPACE_SYS, k);
			dirty_mark_sys[k] = 0;
		}
		sys_len = sys_pages;
	}
	for (int t = 0; t < HW_MAX_TILES; t++) {
		unsigned long n = device.tiles[t].mem.vram.hw_nr_pages;

		if (!dirty_mark_vram[t] || run_stamp == 0) {
			dirty_mark_vram[t] = realloc(dirty_mark_vram[t], n * sizeof(u32));
			if (!dirty_mark_vram[t])
				abort();
			memset(dirty_mark_vram[t], 0, n * sizeof(u32));
		}
	}
	run_stamp++;
	ndirty = 0;
}

u32 hw_mem_end_run(struct svm_copy_change **out)
{
	struct svm_copy_change *c = calloc(ndirty ? ndirty : 1, sizeof(*c));

	if (!c)
		abort();
	for (u32 i = 0; i < ndirty; i++) {
		u64 *s = slot(dirty[i].space, dirty[i].page);

		c[i].space = dirty[i].space;
		c[i].page = dirty[i].page;
		c[i].cleared = dirty[i].cleared;
		c[i].before = dirty[i].before;
		if (s) {
			c[i].after = *s;
			*s = dirty[i].before;
		} else {
			c[i].after = dirty[i].unbacked;
		}
	}
	*out = c;
	return ndirty;
}
